//! Runs every conformance case against moto (started by `scripts/test`) through the AWS SDK
//! adapters (`Backends::aws`). Test names carry `emulator` (this module's name) so
//! `scripts/test` can check that they ran; without an emulator they return early, unless
//! `APIGW_REQUIRE_EMULATOR=1`, where a missing emulator fails them.

use apigw_facade::Backends;

use crate::env::Env;

#[path = "../emulator/support.rs"]
#[allow(dead_code)]
mod support;

/// The SDK adapters over a context pointed at moto, and the case's environment; `None`
/// without an emulator.
async fn connect() -> Option<(Backends, Env)> {
    let ctx = support::context().await?;
    assert_eq!(ctx.region(), support::REGION);
    Some((Backends::aws(&ctx), Env::moto(ctx)))
}

macro_rules! emulator_tests {
    ($($module:ident :: $case:ident),+ $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                let Some((backends, env)) = connect().await else {
                    return;
                };
                crate::$module::$case(&backends, &env).await;
            }
        )+
    };
}

conformance_cases!(emulator_tests);
