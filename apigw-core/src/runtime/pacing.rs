//! Client-side pacing: stay under AWS control-plane quotas instead of discovering them by 429s.
//!
//! One [`Pacer`] per account and region holds a `governor` token bucket per rate-limited
//! operation (the API Gateway quota table of DESIGN §2) plus a bucket for the account total of
//! each service. A call takes a token from its operation bucket, then from the service total.
//! The buckets read tokio's clock, so paced code is testable with `tokio::time::pause()`.

use std::collections::HashMap;
use std::fmt;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::Clock;
use governor::middleware::NoOpMiddleware;
use governor::nanos::Nanos;
use governor::state::{InMemoryState, NotKeyed};
use governor::{Quota, RateLimiter};

use super::op::{Op, Service};

/// The quota key of `CreateRestApi` for EDGE APIs (`Op::paced_as`): 1 per 30 s, not 1 per 3 s.
pub const EDGE_CREATE_REST_API: &str = "CreateRestApi/EDGE";

/// One quota: `burst` calls at once, refilled at `count` calls per `per`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    /// Calls allowed per `per`.
    pub count: u32,
    /// The refill window.
    pub per: Duration,
    /// Calls allowed back to back from a full bucket.
    pub burst: u32,
}

impl Rate {
    /// `count` calls per `per`, with a burst of `count`.
    pub const fn new(count: u32, per: Duration) -> Self {
        Self {
            count,
            per,
            burst: count,
        }
    }

    /// The same rate with another burst size.
    pub const fn with_burst(mut self, burst: u32) -> Self {
        self.burst = burst;
        self
    }

    fn quota(self, scale: f64) -> Option<Quota> {
        let count = self.count.max(1);
        let interval = self.per.as_secs_f64() / f64::from(count) / scale;
        let interval = Duration::from_secs_f64(interval.max(1e-9));
        Quota::with_period(interval)
            .map(|q| q.allow_burst(NonZeroU32::new(self.burst.max(1)).unwrap_or(NonZeroU32::MIN)))
    }
}

/// Which operations are paced and how hard.
#[derive(Debug, Clone, PartialEq)]
pub struct PacingConfig {
    /// Multiplies every rate: 1.0 is AWS, 20.0 lets a simulator run twenty times faster.
    pub scale: f64,
    /// Per-operation quotas, keyed by (service, operation name).
    pub operations: Vec<(Service, &'static str, Rate)>,
    /// Account-wide quota per service, across all its operations.
    pub service_totals: Vec<(Service, Rate)>,
}

impl Default for PacingConfig {
    /// The AWS quotas as documented for API Gateway's control plane and Route 53.
    fn default() -> Self {
        let s = Duration::from_secs;
        let ag = |name, rate| (Service::ApiGateway, name, rate);
        Self {
            scale: 1.0,
            operations: vec![
                ag("CreateRestApi", Rate::new(1, s(3))),
                ag(EDGE_CREATE_REST_API, Rate::new(1, s(30))),
                ag("ImportRestApi", Rate::new(1, s(3))),
                ag("CreateResource", Rate::new(5, s(1))),
                ag("DeleteResource", Rate::new(5, s(1))),
                ag("CreateApiKey", Rate::new(5, s(1))),
                ag("DeleteApiKey", Rate::new(5, s(1))),
                ag("CreateDeployment", Rate::new(1, s(5))),
                ag("CreateDomainName", Rate::new(1, s(30))),
                ag("UpdateDomainName", Rate::new(1, s(30))),
                ag("DeleteDomainName", Rate::new(1, s(30))),
                ag("DeleteRestApi", Rate::new(1, s(30))),
                ag("GetResources", Rate::new(5, s(2))),
                ag("PutRestApi", Rate::new(1, s(1))),
                ag("UpdateUsagePlan", Rate::new(1, s(20))),
                ag("UpdateAccount", Rate::new(1, s(20))),
            ],
            service_totals: vec![
                (Service::ApiGateway, Rate::new(10, s(1)).with_burst(40)),
                (Service::Route53, Rate::new(5, s(1))),
            ],
        }
    }
}

impl PacingConfig {
    /// No pacing at all (for tests of other behaviour, or a backend without quotas).
    pub fn disabled() -> Self {
        Self {
            scale: 1.0,
            operations: Vec::new(),
            service_totals: Vec::new(),
        }
    }

    /// The same quotas, `scale` times faster.
    pub fn scaled(mut self, scale: f64) -> Self {
        self.scale = scale;
        self
    }
}

/// governor's clock trait over tokio's (pausable) clock.
#[derive(Debug, Clone, Copy)]
struct TokioClock {
    origin: tokio::time::Instant,
}

impl Clock for TokioClock {
    type Instant = Nanos;

    fn now(&self) -> Nanos {
        Nanos::from(self.origin.elapsed())
    }
}

type Bucket = RateLimiter<NotKeyed, InMemoryState, TokioClock, NoOpMiddleware<Nanos>>;

/// The token buckets of one account and region.
pub struct Pacer {
    clock: TokioClock,
    operations: HashMap<(Service, &'static str), Bucket>,
    totals: HashMap<Service, Bucket>,
}

impl fmt::Debug for Pacer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pacer")
            .field("operations", &self.operations.len())
            .field("totals", &self.totals.len())
            .finish()
    }
}

impl Pacer {
    /// Builds the buckets for `config`. Call inside a tokio runtime.
    pub fn new(config: &PacingConfig) -> Self {
        let clock = TokioClock {
            origin: tokio::time::Instant::now(),
        };
        let scale = if config.scale.is_finite() && config.scale > 0.0 {
            config.scale
        } else {
            1.0
        };
        let bucket = |rate: Rate| {
            rate.quota(scale)
                .map(|q| Bucket::direct_with_clock(q, clock))
        };
        let operations = config
            .operations
            .iter()
            .filter_map(|(service, name, rate)| Some(((*service, *name), bucket(*rate)?)))
            .collect();
        let totals = config
            .service_totals
            .iter()
            .filter_map(|(service, rate)| Some((*service, bucket(*rate)?)))
            .collect();
        Self {
            clock,
            operations,
            totals,
        }
    }

    /// Waits until `op` may be sent, taking one token from its buckets.
    pub async fn acquire(&self, op: &Op) {
        if let Some(bucket) = self.operations.get(&(op.service, op.quota_name())) {
            self.until_ready(bucket).await;
        }
        if let Some(bucket) = self.totals.get(&op.service) {
            self.until_ready(bucket).await;
        }
    }

    /// Takes a token for `op` if one is there now; otherwise says how long until one would be.
    ///
    /// The server side of pacing: the simulator answers 429 instead of waiting.
    pub fn try_acquire(&self, op: &Op) -> Result<(), Duration> {
        let buckets = [
            self.operations.get(&(op.service, op.quota_name())),
            self.totals.get(&op.service),
        ];
        for bucket in buckets.into_iter().flatten() {
            if let Err(not_until) = bucket.check() {
                return Err(not_until.wait_time_from(self.clock.now()));
            }
        }
        Ok(())
    }

    async fn until_ready(&self, bucket: &Bucket) {
        while let Err(not_until) = bucket.check() {
            tokio::time::sleep(not_until.wait_time_from(self.clock.now())).await;
        }
    }
}
