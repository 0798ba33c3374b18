//! How the simulator behaves: latency, quotas and faults.

use std::time::Duration;

use apigw_core::runtime::PacingConfig;

/// Delay added to every call, on tokio's clock (so paused-time tests stay instant).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[non_exhaustive]
pub enum Latency {
    /// Answers at once.
    #[default]
    None,
    /// The same delay for every call.
    Fixed(Duration),
    /// A delay drawn uniformly from `min..=max` (seeded).
    Uniform {
        /// Shortest delay.
        min: Duration,
        /// Longest delay.
        max: Duration,
    },
}

/// Misbehaviour on purpose; every draw comes from the seeded generator.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Faults {
    /// Probability that a call answers 429 `TooManyRequestsException`.
    pub throttle: f64,
    /// Probability that a call answers a 5xx. For writes, half of these happen *after* the
    /// write took effect (as real 5xx can), which is what the look-up-before-create rule is for.
    pub transient: f64,
    /// After this many successful writes every later call fails, as if the process died; the
    /// world survives, so [`crate::Sim::restart`] continues against it.
    pub crash_after_writes: Option<u64>,
}

impl Faults {
    /// No faults.
    pub fn none() -> Self {
        Self::default()
    }

    /// Throttling and transient errors at these rates.
    pub fn flaky(throttle: f64, transient: f64) -> Self {
        Self {
            throttle,
            transient,
            crash_after_writes: None,
        }
    }

    /// A crash after `writes` successful writes.
    pub fn crash_after(writes: u64) -> Self {
        Self {
            crash_after_writes: Some(writes),
            ..Self::default()
        }
    }
}

/// The simulator's settings.
#[derive(Debug, Clone, PartialEq)]
pub struct SimConfig {
    /// The API's region.
    pub region: String,
    /// The simulated account id.
    pub account_id: String,
    /// Per-call latency.
    pub latency: Latency,
    /// Server-side quotas (answers 429 past them); `None` serves any rate.
    pub quotas: Option<PacingConfig>,
    /// Faults.
    pub faults: Faults,
    /// Seed of every random draw (ids, latency, faults): the same seed gives the same journal.
    pub seed: u64,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            region: "us-west-2".to_owned(),
            account_id: "123456789012".to_owned(),
            latency: Latency::None,
            quotas: None,
            faults: Faults::none(),
            seed: 0,
        }
    }
}

impl SimConfig {
    /// Sets the region.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = region.into();
        self
    }

    /// Sets the latency.
    pub fn latency(mut self, latency: Latency) -> Self {
        self.latency = latency;
        self
    }

    /// Enforces the AWS quota table, `scale` times faster.
    pub fn aws_quotas(mut self, scale: f64) -> Self {
        self.quotas = Some(PacingConfig::default().scaled(scale));
        self
    }

    /// Sets the faults.
    pub fn faults(mut self, faults: Faults) -> Self {
        self.faults = faults;
        self
    }

    /// Sets the seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
}
