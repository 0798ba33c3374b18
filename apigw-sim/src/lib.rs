//! apigw-sim: a stateful in-memory AWS that implements every apigw concern trait.
//!
//! - [`Sim`]: one shared world (API Gateway, IAM, Route 53, ACM, CloudWatch, SNS) that implements
//!   every trait; clone it freely, clones share the world.
//! - [`SimConfig`]: latency ([`Latency`]), AWS quotas (429 past them), seeded [`Faults`]
//!   (throttling, transient errors, crash after N writes).
//! - [`Journal`]: every call with operation, read/write, start/end and outcome.
//!
//! Behaviour follows AWS, not moto: names of REST APIs are not unique, duplicates answer
//! `Conflict`, object quotas answer `LimitExceeded`, certificates turn ISSUED only when their
//! validation CNAME exists in the zone.
//!
//! # A consumer's unit test
//!
//! Code written against the concern traits runs unchanged on the simulator; the journal says
//! what it called, and faults show how it copes:
//!
//! ```
//! use apigw_core::restapi::{ApiGateway, EndpointType, NewRestApi};
//! use apigw_core::ErrorKind;
//! use apigw_sim::{Faults, Sim, SimConfig};
//!
//! /// The consumer's code: ensure a `/health` resource under the API's root.
//! async fn add_health(api: &dyn ApiGateway, api_id: &str) -> apigw_core::Result<String> {
//!     let tree = api.get_resources(api_id).await?;
//!     if let Some(existing) = tree.iter().find(|r| r.path == "/health") {
//!         return Ok(existing.id.clone());
//!     }
//!     let root = tree.iter().find(|r| r.path == "/").map(|r| r.id.clone()).unwrap_or_default();
//!     Ok(api.create_resource(api_id, &root, "health").await?.id)
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let sim = Sim::new(SimConfig::default().region("eu-west-1").seed(7));
//! let new = NewRestApi { name: "orders".into(), description: None, endpoint_type: EndpointType::Regional, tags: Default::default() };
//! let api = sim.create_rest_api(&new).await.unwrap();
//!
//! let first = add_health(&sim, &api.id).await.unwrap();
//! let again = add_health(&sim, &api.id).await.unwrap();
//! assert_eq!(first, again, "the second run adopts the resource");
//! assert_eq!(sim.journal().successful_writes(), 2, "CreateRestApi + one CreateResource");
//!
//! sim.set_faults(Faults::flaky(1.0, 0.0)); // every call throttled
//! let err = add_health(&sim, &api.id).await.unwrap_err();
//! assert_eq!(err.kind(), ErrorKind::Throttled);
//! # }
//! ```

mod config;
mod gate;
mod journal;
mod world;

mod alarms;
mod certs;
mod dns;
mod iam;
mod restapi;

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

use rand::rngs::StdRng;
use rand::SeedableRng;

pub use config::{Faults, Latency, SimConfig};
pub use journal::{Call, Journal};
pub use world::World;

/// The simulated AWS account. Clones share the world, the journal and the fault state.
#[derive(Clone)]
pub struct Sim {
    shared: Arc<Shared>,
}

struct Shared {
    config: SimConfig,
    origin: tokio::time::Instant,
    world: Mutex<World>,
    journal: Mutex<Journal>,
    gate: Mutex<gate::GateState>,
    quotas: Option<apigw_core::runtime::Pacer>,
}

impl fmt::Debug for Sim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sim")
            .field("config", &self.shared.config)
            .finish_non_exhaustive()
    }
}

impl Default for Sim {
    fn default() -> Self {
        Self::new(SimConfig::default())
    }
}

impl Sim {
    /// A new, empty account. Call inside a tokio runtime (quotas and timing read tokio's clock).
    pub fn new(config: SimConfig) -> Self {
        let world = World::new(
            config.region.clone(),
            config.account_id.clone(),
            config.seed,
        );
        Self {
            shared: Arc::new(Shared {
                origin: tokio::time::Instant::now(),
                world: Mutex::new(world),
                journal: Mutex::new(Journal::default()),
                gate: Mutex::new(gate::GateState::new(
                    config.faults,
                    StdRng::seed_from_u64(config.seed),
                )),
                quotas: config.quotas.as_ref().map(apigw_core::runtime::Pacer::new),
                config,
            }),
        }
    }

    /// The settings this simulator was made with.
    pub fn config(&self) -> &SimConfig {
        &self.shared.config
    }

    /// A copy of the journal so far.
    pub fn journal(&self) -> Journal {
        lock(&self.shared.journal).clone()
    }

    /// Replaces the fault settings (and resets the write count a crash is measured from).
    pub fn set_faults(&self, faults: Faults) {
        lock(&self.shared.gate).set_faults(faults);
    }

    /// "Restarts the process" after a simulated crash: faults cleared, the world kept.
    pub fn restart(&self) {
        self.set_faults(Faults::none());
    }

    /// Reads or changes the world directly (test set-up, fault injection, assertions); not
    /// journaled and never faulted.
    pub fn with_world<T>(&self, f: impl FnOnce(&mut World) -> T) -> T {
        f(&mut lock(&self.shared.world))
    }
}

/// Locks, recovering from a poisoned lock: the simulator's state stays usable after a panicking
/// test thread.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

mod invariants;
pub use invariants::OWNER_TAG;
