//! The plan / provision / destroy pipeline against the simulator.

mod support;

mod destroy;
mod provision;
mod reliability;
