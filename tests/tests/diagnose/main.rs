//! The Diagnoser against the simulator: a healthy `examples/full.toml` passes every check, and
//! each fault of the matrix fails exactly its own check; plus the concurrency benchmark.

mod support;

mod bench;
mod matrix;
