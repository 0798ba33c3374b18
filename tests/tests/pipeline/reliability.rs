//! Crash-and-rerun: a provision killed after any number of writes converges when run again,
//! with nothing duplicated.

use apigw_core::restapi::ApiGateway;
use apigw_sim::{Faults, SimConfig};

use crate::support::{account, example, gateway};

#[tokio::test(start_paused = true)]
async fn crash_after_every_write_count_then_rerun_converges_without_duplicates() {
    let spec = example("full.toml");
    let total = {
        let sim = account(&spec, SimConfig::default());
        gateway(&spec, &sim)
            .provision()
            .await
            .expect("reference provision");
        sim.journal().successful_writes() as u64
    };
    assert!(total > 100, "full.toml makes {total} writes");
    for n in 1..=total {
        let sim = account(&spec, SimConfig::default().seed(n));
        sim.set_faults(Faults::crash_after(n));
        let crashed = gateway(&spec, &sim).provision().await;
        assert!(
            crashed.is_err() || n == total,
            "crash after {n} of {total} writes must surface"
        );
        sim.restart();
        let artifact = gateway(&spec, &sim)
            .provision()
            .await
            .unwrap_or_else(|e| panic!("rerun after crash at {n}: {e}"));
        let apis = sim.find_rest_apis(&spec.name).await.expect("list");
        assert_eq!(apis.len(), 1, "crash at {n}: one API, found {apis:?}");
        assert_eq!(apis[0].id, artifact.rest_api_id);
        let before = sim.journal().calls().len();
        gateway(&spec, &sim)
            .provision()
            .await
            .expect("third provision");
        let journal = sim.journal();
        let writes: Vec<_> = journal
            .since(before)
            .iter()
            .filter(|c| c.write)
            .map(|c| c.operation)
            .collect();
        assert!(
            writes.is_empty(),
            "crash at {n}: converged state still writes {writes:?}"
        );
        let violations = sim.check_invariants();
        assert!(violations.is_empty(), "crash at {n}: {violations:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn thirty_percent_throttling_and_five_percent_transient_errors_converge() {
    use apigw_facade::core::runtime::{PacingConfig, RetryPolicy, RuntimeConfig};
    use apigw_facade::core::Caller;
    use apigw_facade::{Backends, Gateway};
    use std::time::Duration;

    let spec = example("full.toml");
    for seed in 0..20 {
        let sim = account(
            &spec,
            SimConfig::default()
                .seed(seed)
                .faults(Faults::flaky(0.30, 0.05)),
        );
        let runtime = RuntimeConfig {
            pacing: PacingConfig::disabled(),
            retry: RetryPolicy::default()
                .with_jitter_seed(seed)
                .with_max_attempts(30)
                .with_deadline(Duration::from_secs(600)),
            ..RuntimeConfig::default()
        };
        let backends =
            Backends::uniform_with_runtime(sim.clone(), "eu-west-1", Caller::new(runtime));
        let options = apigw_facade::Options::default().poll_interval(Duration::from_millis(200));
        let artifact = Gateway::new(spec.clone(), backends)
            .with_options(options)
            .provision()
            .await
            .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        let journal = sim.journal();
        assert!(
            journal.errors_of(apigw_core::ErrorKind::Throttled) > 0,
            "seed {seed}: faults were injected"
        );
        sim.set_faults(Faults::none());
        let apis = sim.find_rest_apis(&spec.name).await.expect("list");
        assert_eq!(apis.len(), 1, "seed {seed}: {apis:?}");
        assert_eq!(apis[0].id, artifact.rest_api_id);
        let before = sim.journal().calls().len();
        gateway(&spec, &sim)
            .provision()
            .await
            .expect("clean provision");
        let writes: Vec<_> = sim
            .journal()
            .since(before)
            .iter()
            .filter(|c| c.write)
            .map(|c| c.operation)
            .collect();
        assert!(
            writes.is_empty(),
            "seed {seed}: converged state still writes {writes:?}"
        );
        let violations = sim.check_invariants();
        assert!(violations.is_empty(), "seed {seed}: {violations:?}");
    }
}
