//! The gate every simulated call passes: quota, latency, faults, the state change, the journal.

use std::time::Duration;

use apigw_core::{Error, ErrorKind, Op, Result};
use rand::rngs::StdRng;
use rand::Rng;

use crate::config::{Faults, Latency};
use crate::journal::Call;
use crate::world::World;
use crate::{lock, Sim};

/// Fault settings and the random draws they use.
#[derive(Debug)]
pub(crate) struct GateState {
    faults: Faults,
    rng: StdRng,
    writes_since_faults_set: u64,
}

enum Fate {
    Serve,
    Crashed,
    Throttled,
    TransientBefore,
    TransientAfter,
}

impl GateState {
    pub(crate) fn new(faults: Faults, rng: StdRng) -> Self {
        Self {
            faults,
            rng,
            writes_since_faults_set: 0,
        }
    }

    pub(crate) fn set_faults(&mut self, faults: Faults) {
        self.faults = faults;
        self.writes_since_faults_set = 0;
    }

    fn latency(&mut self, latency: Latency) -> Duration {
        match latency {
            Latency::None => Duration::ZERO,
            Latency::Fixed(delay) => delay,
            Latency::Uniform { min, max } if max > min => {
                let spread = (max - min).as_nanos() as u64;
                min + Duration::from_nanos(self.rng.random_range(0..=spread))
            }
            Latency::Uniform { min, .. } => min,
        }
    }

    fn fate(&mut self, op: &Op) -> Fate {
        if self
            .faults
            .crash_after_writes
            .is_some_and(|n| self.writes_since_faults_set >= n)
        {
            return Fate::Crashed;
        }
        if self.faults.throttle > 0.0 && self.rng.random_bool(self.faults.throttle.min(1.0)) {
            return Fate::Throttled;
        }
        if self.faults.transient > 0.0 && self.rng.random_bool(self.faults.transient.min(1.0)) {
            return if op.is_write() && self.rng.random_bool(0.5) {
                Fate::TransientAfter
            } else {
                Fate::TransientBefore
            };
        }
        Fate::Serve
    }
}

impl Sim {
    /// Serves one call: quota check on arrival, latency, fault draw, then `apply` on the world.
    pub(crate) async fn serve<T>(
        &self,
        op: Op,
        apply: impl FnOnce(&mut World) -> Result<T>,
    ) -> Result<T> {
        let shared = &self.shared;
        let start = shared.origin.elapsed();
        let over_quota = shared
            .quotas
            .as_ref()
            .is_some_and(|q| q.try_acquire(&op).is_err());
        let delay = lock(&shared.gate).latency(shared.config.latency);
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        let fate = if over_quota {
            Fate::Throttled
        } else {
            lock(&shared.gate).fate(&op)
        };
        let result = match fate {
            Fate::Crashed => Err(Error::new(
                ErrorKind::Other,
                op.name,
                "simulated crash: the process is gone; call Sim::restart to run again",
            )),
            Fate::Throttled => Err(Error::new(
                ErrorKind::Throttled,
                op.name,
                "Too Many Requests",
            )),
            Fate::TransientBefore => Err(Error::new(
                ErrorKind::Transient,
                op.name,
                "simulated 503 Service Unavailable",
            )),
            Fate::Serve | Fate::TransientAfter => {
                let applied = apply(&mut lock(&shared.world));
                if applied.is_ok() && op.is_write() {
                    lock(&shared.gate).writes_since_faults_set += 1;
                }
                match (applied, fate) {
                    (Ok(_), Fate::TransientAfter) => Err(Error::new(
                        ErrorKind::Transient,
                        op.name,
                        "simulated 503 after the write took effect",
                    )),
                    (applied, _) => applied,
                }
            }
        };
        let call = Call {
            seq: 0,
            service: op.service,
            operation: op.name,
            write: op.is_write(),
            start,
            end: shared.origin.elapsed(),
            error: result.as_ref().err().map(Error::kind),
        };
        lock(&shared.journal).push(call);
        result
    }
}
