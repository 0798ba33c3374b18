//! Connection to the emulator started by `scripts/test`.

use apigw_core::runtime::{PacingConfig, RetryPolicy};
use apigw_core::{AwsContext, RuntimeConfig};

/// The region the emulator suites act in (moto serves any).
pub const REGION: &str = "us-west-2";

/// A context pointed at the emulator, or `None` when none runs (plain `cargo test`).
///
/// Under `scripts/test` (`APIGW_REQUIRE_EMULATOR=1`) a missing emulator is a failure, never a
/// silent skip. Pacing keeps the AWS quota table, scaled so the suite stays fast.
pub async fn context() -> Option<AwsContext> {
    context_in(REGION).await
}

/// Like [`context`], with `region` as the primary region.
pub async fn context_in(region: &str) -> Option<AwsContext> {
    let Ok(endpoint) = std::env::var("APIGW_EMULATOR_ENDPOINT") else {
        assert!(
            std::env::var("APIGW_REQUIRE_EMULATOR").as_deref() != Ok("1"),
            "APIGW_REQUIRE_EMULATOR=1 but APIGW_EMULATOR_ENDPOINT is not set"
        );
        eprintln!("skipping: no emulator (run scripts/test)");
        return None;
    };
    set_dummy_credentials();
    let runtime = RuntimeConfig {
        pacing: PacingConfig::default().scaled(100.0),
        retry: RetryPolicy::default().with_max_attempts(4),
        ..RuntimeConfig::default()
    };
    let ctx = AwsContext::builder()
        .region(region)
        .endpoint_url(endpoint)
        .runtime(runtime)
        .load()
        .await
        .expect("emulator context loads");
    Some(ctx)
}

/// moto accepts any credentials, but the SDK still needs some to sign with.
fn set_dummy_credentials() {
    for (key, value) in [
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
    ] {
        if std::env::var_os(key).is_none() {
            std::env::set_var(key, value);
        }
    }
}

/// A name no other test (or earlier run against the same emulator) uses.
pub fn unique(prefix: &str) -> String {
    format!("{prefix}-{:08x}", rand::random::<u32>())
}
