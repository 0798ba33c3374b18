//! [`WithRuntime`]: the call runtime (pacing -> timeout -> retry -> span, DESIGN §2) as a
//! decorator over any implementation of the six concern traits.
//!
//! Why it exists: the SDK adapters send every AWS call through a [`Caller`], but the simulator
//! (`apigw_sim::Sim`) and test doubles answer directly. On them the pipeline would get no
//! retries, so a simulated 30 % throttling would fail a provisioning that AWS, through the
//! adapters, completes. `WithRuntime<T>` implements each trait `T` implements (as object_store's
//! `LimitStore<T>` does) by sending every method through the caller with the [`Op`] the SDK
//! adapter uses: the service, the operation name as in the AWS API reference, and whether it is
//! a read, an idempotent write or a non-idempotent create. The simulator then exercises the
//! same pacing, retry and look-up-before-create logic as the AWS path.
//!
//! - Reads and idempotent writes: `caller.call(OP, resource, || inner.method(..))`.
//! - Non-idempotent creates (`CreateRestApi`, `CreateApiKey`, `CreateUsagePlan`,
//!   `CreateDeployment`, `CreateRole`): [`Caller::create`], with the SDK adapter's lookup of
//!   what a lost attempt may have made. The lookup reads through the decorated (retried)
//!   methods, as the adapter's does, so one throttled read does not abort the create.
//! - Waits (`wait_in_sync`, `wait_until_issued`, `wait_for_validation_records`): polled here
//!   through the decorated read, so each poll is retried; deadline, `WaitTimeout` and
//!   messages as in the adapters.
//!
//! One decorated method is one runtime call, whatever the inner implementation does inside
//! (the simulator answers each method with one journaled call). Resource strings name the
//! object (name, id, ARN), never a secret.
//!
//! Do not wrap the SDK adapters: they already use a caller, and attempts would multiply.
//!
//! [`Op`]: apigw_core::Op

mod alarms;
mod certs;
mod dns;
mod iam;
mod restapi;

#[cfg(test)]
mod tests;

use apigw_core::Caller;

/// Sends every call of the wrapped backend through a [`Caller`] (pacing, per-attempt timeout,
/// retry with jitter, tracing span). Implements each concern trait its inner value implements.
///
/// ```no_run
/// # async fn example(sim: impl apigw_facade::core::restapi::ApiGateway) -> apigw_facade::core::Result<()> {
/// use apigw_facade::core::restapi::ApiGateway;
/// use apigw_facade::core::{Caller, RuntimeConfig};
/// use apigw_facade::WithRuntime;
///
/// let apigw = WithRuntime::new(sim, Caller::new(RuntimeConfig::default()));
/// let apis = apigw.find_rest_apis("orders").await?; // throttling answers are retried
/// # let _ = apis; Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct WithRuntime<T> {
    inner: T,
    caller: Caller,
}

impl<T> WithRuntime<T> {
    /// Decorates `inner`: every call goes through `caller` (clones of a caller share its
    /// pacing buckets).
    pub fn new(inner: T, caller: Caller) -> Self {
        Self { inner, caller }
    }

    /// The decorated backend (calls made on it bypass the runtime).
    pub fn inner(&self) -> &T {
        &self.inner
    }

    /// The caller every call goes through.
    pub fn caller(&self) -> &Caller {
        &self.caller
    }

    /// The decorated backend, unwrapped.
    pub fn into_inner(self) -> T {
        self.inner
    }
}
