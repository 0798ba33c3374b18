//! The retry policy: which failures are worth another attempt, and how long to wait.
//!
//! Exponential backoff (`backon`'s schedule) with **full jitter** (a uniform draw between zero
//! and the scheduled delay, so many clients throttled together spread out), never shorter than
//! a server-supplied `Retry-After`, bounded by an attempt cap and an overall deadline.

use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBackoff, ExponentialBuilder};
use rand::Rng;

use super::error::ErrorKind;
use super::op::{Mutation, Op};

/// Bounds and pace of retries.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// The first backoff step, before jitter.
    pub base_delay: Duration,
    /// The largest backoff step, before jitter.
    pub max_delay: Duration,
    /// Attempts per call, the first included.
    pub max_attempts: u32,
    /// Time from the first attempt after which no new attempt starts.
    pub deadline: Duration,
    /// How long "not propagated yet" answers are retried (only for opted-in operations).
    pub eventual_window: Duration,
    /// Seed for the jitter; `None` draws one from the OS. Tests and the simulator fix it.
    pub jitter_seed: Option<u64>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(20),
            max_attempts: 12,
            deadline: Duration::from_secs(120),
            eventual_window: Duration::from_secs(30),
            jitter_seed: None,
        }
    }
}

impl RetryPolicy {
    /// Sets the attempt cap.
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets the overall deadline.
    pub fn with_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// Sets the backoff bounds.
    pub fn with_delays(mut self, base: Duration, max: Duration) -> Self {
        self.base_delay = base;
        self.max_delay = max.max(base);
        self
    }

    /// Fixes the jitter seed, for reproducible runs.
    pub fn with_jitter_seed(mut self, seed: u64) -> Self {
        self.jitter_seed = Some(seed);
        self
    }

    /// The un-jittered schedule of one call's waits.
    pub(crate) fn schedule(&self) -> ExponentialBackoff {
        ExponentialBuilder::default()
            .with_min_delay(self.base_delay)
            .with_max_delay(self.max_delay)
            .with_factor(2.0)
            .without_max_times()
            .build()
    }
}

/// Whether a failure of `kind` is retried for `op` (DESIGN §2's table).
///
/// A transient failure of a non-idempotent create is retried only by
/// [`super::Caller::create`], which looks the object up first; plain `call` gives up on it.
pub(crate) fn is_retryable(kind: ErrorKind, op: &Op, can_look_up: bool) -> bool {
    match kind {
        ErrorKind::Throttled | ErrorKind::Conflict => true,
        ErrorKind::Transient => op.mutation != Mutation::Create || can_look_up,
        ErrorKind::EventuallyConsistent => op.retry_eventual,
        _ => false,
    }
}

/// Full jitter over `step`, raised to the server's `Retry-After` when that is longer.
pub(crate) fn jittered(
    step: Duration,
    retry_after: Option<Duration>,
    rng: &mut impl Rng,
) -> Duration {
    let nanos = u64::try_from(step.as_nanos()).unwrap_or(u64::MAX);
    let drawn = Duration::from_nanos(rng.random_range(0..=nanos));
    retry_after.map_or(drawn, |floor| drawn.max(floor))
}
