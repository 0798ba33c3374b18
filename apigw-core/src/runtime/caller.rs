//! [`Caller`]: the one path every AWS call takes: pacing, then a per-attempt timeout, inside
//! retry, inside a tracing span.

use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rand::rngs::StdRng;
use rand::SeedableRng;
use tokio::time::Instant;
use tracing::Instrument;

use super::error::{Error, ErrorKind, Result};
use super::op::Op;
use super::pacing::{Pacer, PacingConfig};
use super::retry::{is_retryable, jittered, RetryPolicy};

/// How the runtime paces, times out and retries calls.
#[derive(Debug, Clone, PartialEq)]
pub struct RuntimeConfig {
    /// Client-side quotas.
    pub pacing: PacingConfig,
    /// Retry bounds.
    pub retry: RetryPolicy,
    /// Time one attempt may take before it counts as a transient failure.
    pub attempt_timeout: Duration,
}

impl Default for RuntimeConfig {
    fn default() -> Self {
        Self {
            pacing: PacingConfig::default(),
            retry: RetryPolicy::default(),
            attempt_timeout: Duration::from_secs(30),
        }
    }
}

/// Sends calls through pacing, timeout and retry. Cheap to clone; clones share the buckets.
#[derive(Clone)]
pub struct Caller {
    inner: Arc<Inner>,
}

struct Inner {
    pacer: Pacer,
    retry: RetryPolicy,
    attempt_timeout: Duration,
    rng: Mutex<StdRng>,
}

impl fmt::Debug for Caller {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Caller")
            .field("pacer", &self.inner.pacer)
            .field("retry", &self.inner.retry)
            .field("attempt_timeout", &self.inner.attempt_timeout)
            .finish()
    }
}

impl Caller {
    /// Builds a caller. Call inside a tokio runtime (the pacer reads tokio's clock).
    pub fn new(config: RuntimeConfig) -> Self {
        let rng = match config.retry.jitter_seed {
            Some(seed) => StdRng::seed_from_u64(seed),
            None => StdRng::from_os_rng(),
        };
        Self {
            inner: Arc::new(Inner {
                pacer: Pacer::new(&config.pacing),
                retry: config.retry,
                attempt_timeout: config.attempt_timeout,
                rng: Mutex::new(rng),
            }),
        }
    }

    /// The retry policy in force.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// Sends `attempt` (called again for every retry) for `op` on `resource`.
    pub async fn call<T, F, Fut>(&self, op: Op, resource: &str, mut attempt: F) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let span = tracing::debug_span!("aws_call", service = %op.service, op = op.name, resource);
        self.run(
            op,
            resource,
            &mut attempt,
            None::<&mut fn() -> std::future::Ready<Result<Option<T>>>>,
        )
        .instrument(span)
        .await
    }

    /// Sends a non-idempotent create. After a transient failure (the create may or may not have
    /// happened) `lookup` runs first, and a found object is returned instead of creating again.
    pub async fn create<T, L, LFut, C, CFut>(
        &self,
        op: Op,
        resource: &str,
        mut lookup: L,
        mut create: C,
    ) -> Result<T>
    where
        L: FnMut() -> LFut,
        LFut: Future<Output = Result<Option<T>>>,
        C: FnMut() -> CFut,
        CFut: Future<Output = Result<T>>,
    {
        let span = tracing::debug_span!("aws_call", service = %op.service, op = op.name, resource);
        self.run(op, resource, &mut create, Some(&mut lookup))
            .instrument(span)
            .await
    }

    async fn run<T, F, Fut, L, LFut>(
        &self,
        op: Op,
        resource: &str,
        attempt: &mut F,
        mut lookup: Option<&mut L>,
    ) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T>>,
        L: FnMut() -> LFut,
        LFut: Future<Output = Result<Option<T>>>,
    {
        let policy = &self.inner.retry;
        let mut schedule = policy.schedule();
        let mut started: Option<Instant> = None;
        let mut attempts = 0u32;
        let mut look_up_first = false;
        loop {
            if look_up_first {
                if let Some(lookup) = lookup.as_deref_mut() {
                    if let Some(found) = lookup().await? {
                        tracing::debug!(attempts, "the earlier create took effect; adopting it");
                        return Ok(found);
                    }
                }
            }
            self.inner.pacer.acquire(&op).await;
            let started_at = *started.get_or_insert_with(Instant::now);
            attempts += 1;
            let error = match tokio::time::timeout(self.inner.attempt_timeout, attempt()).await {
                Ok(Ok(value)) => return Ok(value),
                Ok(Err(error)) => error,
                Err(_) => Error::new(
                    ErrorKind::Transient,
                    op.name,
                    format!("no answer within {:?}", self.inner.attempt_timeout),
                ),
            };
            let error = error.with_resource(resource.to_owned());
            if !is_retryable(error.kind(), &op, lookup.is_some()) {
                return Err(error.with_attempts(attempts));
            }
            let elapsed = started_at.elapsed();
            let step = schedule.next().unwrap_or(policy.max_delay);
            let delay = {
                let mut rng = self
                    .inner
                    .rng
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                jittered(step, error.retry_after(), &mut *rng)
            };
            let window = if error.kind() == ErrorKind::EventuallyConsistent {
                policy.eventual_window.min(policy.deadline)
            } else {
                policy.deadline
            };
            if attempts >= policy.max_attempts || elapsed + delay > window {
                return Err(give_up(
                    error,
                    attempts,
                    elapsed,
                    policy.max_attempts,
                    window,
                ));
            }
            tracing::debug!(attempts, kind = %error.kind(), ?delay, "retrying");
            look_up_first = error.kind() == ErrorKind::Transient;
            tokio::time::sleep(delay).await;
        }
    }
}

fn give_up(
    error: Error,
    attempts: u32,
    elapsed: Duration,
    max_attempts: u32,
    window: Duration,
) -> Error {
    let why = if attempts >= max_attempts {
        format!("attempt cap of {max_attempts} reached")
    } else {
        format!("deadline of {window:?} reached")
    };
    let message = format!(
        "gave up after {attempts} attempts over {:.1}s ({why}); last answer: {}: {}",
        elapsed.as_secs_f64(),
        error.kind(),
        error.message()
    );
    error.with_message(message).with_attempts(attempts)
}
