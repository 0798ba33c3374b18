//! The plan / provision / destroy pipeline against the simulator.

mod support;

mod provision;
mod reliability;
