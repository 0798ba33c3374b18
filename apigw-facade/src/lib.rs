//! apigw: provision and diagnose AWS API Gateway REST APIs from one spec.
//!
//! - [`spec`]: the Gateway spec (TOML / JSON / builder) and its validation.

pub mod spec;
