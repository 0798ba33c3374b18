//! apigw-benches: the criterion benches of issue #8 and the README's performance figures, all
//! measured on the simulator (`apigw-sim`).
//!
//! - [`setup`]: the specs (`examples/full.toml`, [`setup::wide_spec`] for an API of up to 300
//!   resources) and a simulated account holding the zone and topic they expect.
//! - [`bounds`]: lower bounds on wall time from the simulator's journal:
//!   [`bounds::critical_path`] (longest chain of calls that ran one after the other) and
//!   [`bounds::quota_bound`] (what the AWS quota table allows).
//! - [`scenarios`]: provision under latency, provision under quotas, no-op re-provision, plan;
//!   each runs once and returns its figure.
//! - [`overhead`]: what `Caller::call` adds to a call that answers at once.
//! - [`figures`]: every scenario once, as the markdown table the README quotes
//!   (`cargo run -p apigw-benches --release --bin figures`).
//!
//! The benches (`cargo bench -p apigw-benches`): `provision` (provision, no-op re-provision,
//! plan) and `runtime` (per-call overhead). Nothing here asserts a timing: figures are printed.
//!
//! ```no_run
//! use apigw_benches::{bounds, scenarios, setup};
//! use std::time::Duration;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let spec = setup::full_spec()?;
//! let done = scenarios::provision_with_latency(&spec, Duration::from_millis(25)).await?;
//! println!("wall / critical path = {:.2}", done.figure.ratio());
//! let journal = done.sim.journal();
//! assert!(bounds::critical_path(journal.calls()).calls <= journal.calls().len());
//! # Ok(()) }
//! ```

pub mod bounds;
pub mod figures;
pub mod overhead;
pub mod scenarios;
pub mod setup;
