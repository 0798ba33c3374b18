//! The call runtime every AWS call goes through (DESIGN §2).
//!
//! - [`Op`] describes a call; [`Caller`] sends it: pacing ([`Pacer`], `governor` buckets from
//!   the quota table), a per-attempt timeout, retry with full jitter ([`RetryPolicy`]), and a
//!   `tracing` span.
//! - [`Error`] / [`ErrorKind`]: one classified error; [`classify`] and [`from_sdk`] decide the
//!   kind from an AWS answer.
//! - [`AwsContext`]: regions, endpoint, the SDK clients (retries disabled) and the shared caller.

mod caller;
mod classify;
mod context;
mod error;
mod op;
mod pacing;
mod retry;
mod sdk_error;

#[cfg(test)]
mod tests;

pub use caller::{Caller, RuntimeConfig};
pub use classify::classify;
pub use context::{AwsContext, AwsContextBuilder, US_EAST_1};
pub use error::{BoxError, Error, ErrorKind, Result};
pub use op::{Mutation, Op, Service};
pub use pacing::{Pacer, PacingConfig, Rate, EDGE_CREATE_REST_API};
pub use retry::RetryPolicy;
pub use sdk_error::from_sdk;
