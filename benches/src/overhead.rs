//! What [`Caller::call`] costs on top of the call itself: pacing, the per-attempt timeout, the
//! retry loop and the tracing span, around an attempt that answers `Ok(())` at once.
//!
//! Two operations: one no bucket limits (IAM has no quota in the table: the pacer only looks
//! its buckets up), and one both its operation bucket and the API Gateway account total limit,
//! scaled x1e9 so a token is always there (the pacer takes two tokens, never waits).

use std::time::Duration;

use apigw_core::runtime::{PacingConfig, RuntimeConfig};
use apigw_core::{Caller, Op, Result, Service};
use serde::Serialize;

/// A read of a service the quota table does not pace.
pub const UNPACED_OP: Op = Op::read(Service::Iam, "GetRole");
/// A paced write: `CreateResource` bucket + API Gateway account total.
pub const PACED_OP: Op = Op::write(Service::ApiGateway, "CreateResource");

/// A caller with the default quota table, scaled x1e9 so no call ever waits for a token.
/// Call inside a tokio runtime with time enabled.
pub fn caller() -> Caller {
    Caller::new(RuntimeConfig {
        pacing: PacingConfig::default().scaled(1e9),
        ..RuntimeConfig::default()
    })
}

async fn answer() -> Result<()> {
    Ok(())
}

/// Sends `n` calls of `op` through `caller`, one after the other; returns the time taken.
pub async fn through_caller(caller: &Caller, op: Op, n: u64) -> Duration {
    let started = std::time::Instant::now();
    for _ in 0..n {
        let answered = caller.call(op, "bench", answer).await;
        std::hint::black_box(answered).ok();
    }
    started.elapsed()
}

/// Awaits the same attempt `n` times without the caller (the baseline).
pub async fn bare(n: u64) -> Duration {
    let started = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(answer().await).ok();
    }
    started.elapsed()
}

/// Per-call cost, in nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Overhead {
    /// Awaiting the attempt alone.
    pub bare_ns: f64,
    /// Through the caller, an operation no bucket limits.
    pub unpaced_ns: f64,
    /// Through the caller, an operation two buckets limit.
    pub paced_ns: f64,
}

impl Overhead {
    /// The larger of the two caller costs, less the baseline.
    pub fn worst_ns(&self) -> f64 {
        self.unpaced_ns.max(self.paced_ns) - self.bare_ns
    }
}

/// Measures [`Overhead`] over `n` calls each on a current-thread runtime (no tracing subscriber
/// installed: a library's spans cost what they cost when nobody listens). Builds its own
/// runtime: do not call from inside one.
pub fn measure(n: u64) -> std::io::Result<Overhead> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()?;
    Ok(runtime.block_on(async {
        let caller = caller();
        let per_call = |d: Duration| d.as_nanos() as f64 / n.max(1) as f64;
        // Warm up the buckets, the span callsites and the caches.
        through_caller(&caller, UNPACED_OP, n / 10).await;
        through_caller(&caller, PACED_OP, n / 10).await;
        Overhead {
            bare_ns: per_call(bare(n).await),
            unpaced_ns: per_call(through_caller(&caller, UNPACED_OP, n).await),
            paced_ns: per_call(through_caller(&caller, PACED_OP, n).await),
        }
    }))
}
