//! apigw: provision and diagnose AWS API Gateway REST APIs from one spec.
//!
//! - [`spec`]: the Gateway spec (TOML / JSON / builder) and its validation.
//! - [`Gateway`]: `plan` (reads only), `provision` (returns the [`Artifact`]), `destroy`.
//! - [`Backends`]: the six concern traits the pipeline calls (AWS, the simulator or mocks).
//! - [`WithRuntime`]: sends a backend's calls through the runtime (pacing, timeout, retry), for
//!   the simulator and test doubles, which have none of their own.
//! - [`Event`] / [`EventSink`]: progress for the caller's progress bars.
//! - Re-exports: [`core`], [`dns`], [`certs`], [`alarms`], and a [`prelude`].

mod artifact;
mod backends;
pub mod diagnose;
mod events;
mod layer;
pub mod owner;
mod pipeline;
mod plan;
pub mod spec;

pub use apigw_alarms as alarms;
pub use apigw_certs as certs;
pub use apigw_core as core;
pub use apigw_diagnose as diagnoser;
pub use apigw_dns as dns;

pub use artifact::{AlarmArtifact, ApiKeyArtifact, Artifact, DomainArtifact, UsagePlanArtifact};
pub use backends::Backends;
pub use events::{Event, EventSink};
pub use layer::WithRuntime;
pub use pipeline::{Gateway, Options, RestPath};
pub use plan::{Action, Change, FieldDiff, Plan};

/// The names most programs need: `use apigw_facade::prelude::*;`.
pub mod prelude {
    pub use crate::spec::{GatewaySpec, RestPathSpec, SpecError};
    pub use crate::{Artifact, Backends, Event, EventSink, Gateway, Options, Plan};
    pub use apigw_core::{AwsContext, Error, ErrorKind, Result};
}
