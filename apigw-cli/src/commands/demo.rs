//! `apigw demo`: the whole story on the built-in simulator, in seconds: provision
//! examples/full.toml with realistic per-call latency under AWS quotas (scaled x20), print the
//! artifact, inject a 5XX spike, diagnose, and show the failing check with its remediation.

use std::path::Path;
use std::time::{Duration, Instant};

use apigw_facade::core::runtime::{PacingConfig, RetryPolicy, RuntimeConfig};
use apigw_facade::core::Caller;
use apigw_facade::spec::GatewaySpec;
use apigw_facade::{Backends, Gateway, Options};
use apigw_sim::{Latency, Sim, SimConfig};

use crate::cli::Global;
use crate::{exit, output, progress};

/// The spec the demo provisions when none is given.
const FULL_SPEC: &str = include_str!("../../../examples/full.toml");
/// How much faster than AWS the simulated quotas run.
const QUOTA_SCALE: f64 = 20.0;
/// The client paces a little under the service's quota, so network jitter never turns into 429s.
const PACING_HEADROOM: f64 = 0.95;

pub async fn run(global: &Global, config: Option<&Path>) -> i32 {
    let spec = match config {
        Some(path) => match super::load_spec(path) {
            Ok(spec) => spec,
            Err(code) => return code,
        },
        None => match GatewaySpec::from_toml_str(FULL_SPEC) {
            Ok(spec) => spec,
            Err(e) => {
                eprintln!("apigw: the built-in demo spec is invalid: {e}");
                return exit::INVALID;
            }
        },
    };
    let region = spec
        .region
        .clone()
        .unwrap_or_else(|| "us-west-2".to_owned());
    let sim = Sim::new(
        SimConfig::default()
            .region(region.clone())
            .latency(Latency::Uniform {
                min: Duration::from_millis(15),
                max: Duration::from_millis(60),
            })
            .aws_quotas(QUOTA_SCALE)
            .seed(42),
    );
    sim.create_hosted_zone("example.com");
    sim.create_topic("ops-alerts");
    let caller = Caller::new(RuntimeConfig {
        pacing: PacingConfig::default().scaled(QUOTA_SCALE * PACING_HEADROOM),
        retry: RetryPolicy::default(),
        ..RuntimeConfig::default()
    });
    let backends = Backends::uniform_with_runtime(sim.clone(), region.clone(), caller);

    eprintln!("== apigw demo: provisioning {} ({} paths, {:?} endpoint, domain, alarms, usage plans) on the simulator", spec.name, spec.paths.len(), spec.endpoint);
    eprintln!("   per-call latency 15-60 ms, AWS control-plane quotas x{QUOTA_SCALE}");
    let started = Instant::now();
    let options = Options::default().poll_interval(Duration::from_millis(250));
    let gateway = Gateway::new(spec.clone(), backends.clone())
        .with_options(options)
        .with_events(progress::sink(global.no_progress));
    let (artifact, plan) = match gateway.provision_with_plan().await {
        Ok(done) => done,
        Err(e) => return exit::report(&e),
    };
    let journal = sim.journal();
    eprintln!(
        "== provisioned in {:.1}s: {} calls ({} writes, {} reads), {} throttled answers; {}",
        started.elapsed().as_secs_f64(),
        journal.calls().len(),
        journal.writes(),
        journal.reads(),
        journal.errors_of(apigw_facade::core::ErrorKind::Throttled),
        output::provision_summary(&plan).trim_end()
    );
    output::json(&artifact);

    let before = sim.journal().calls().len();
    if let Err(e) = gateway.provision().await {
        return exit::report(&e);
    }
    let rerun_writes = sim
        .journal()
        .since(before)
        .iter()
        .filter(|c| c.write)
        .count();
    eprintln!(
        "== provisioned again: {rerun_writes} writes (the account is the state; nothing to do)"
    );

    super::diagnose::demo(global, &sim, &spec, backends).await
}
