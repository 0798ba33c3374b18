//! What the benches run against: the specs (the repository's examples and a generated wide API)
//! and a simulated account holding what a spec expects to exist beforehand.

use std::path::Path;
use std::time::Duration;

use apigw_core::runtime::{PacingConfig, RetryPolicy, RuntimeConfig};
use apigw_core::Caller;
use apigw_facade::spec::{GatewaySpec, IntegrationSpec, SpecError};
use apigw_facade::{Backends, Gateway, Options};
use apigw_sim::{Sim, SimConfig};

/// The region used when a spec names none.
pub const DEFAULT_REGION: &str = "us-west-2";

/// Top-level path segments of [`wide_spec`] each hold up to this many children.
const CHILDREN_PER_TOP: usize = 14;

/// Loads and validates `examples/{name}` from the repository.
pub fn example(name: &str) -> Result<GatewaySpec, SpecError> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples")
        .join(name);
    GatewaySpec::from_file(path)
}

/// `examples/full.toml`: 23 paths, an EDGE domain, alarms, usage plans, an execution role.
pub fn full_spec() -> Result<GatewaySpec, SpecError> {
    example("full.toml")
}

/// A validated API of exactly `resources` resources (root included): top-level segments
/// `/r00`, `/r01`, … each with up to 14 children `/r00/c00` …, every resource one path with a
/// MOCK `GET`. `wide_spec(300)` is API Gateway's resource quota: 20 top-level segments, 279
/// children (the last segment holds 13), 299 paths.
pub fn wide_spec(resources: usize) -> Result<GatewaySpec, SpecError> {
    let below_root = resources.saturating_sub(1);
    let tops = below_root.div_ceil(CHILDREN_PER_TOP + 1);
    let mut children = below_root - tops;
    let mut builder = GatewaySpec::builder(format!("wide-{resources}"))
        .description(format!("{resources} resources, MOCK GET on each"))
        .region(DEFAULT_REGION);
    for top in 0..tops {
        let parent = format!("/r{top:02}");
        builder = builder.path(parent.as_str(), ["GET"], IntegrationSpec::mock());
        for child in 0..children.min(CHILDREN_PER_TOP) {
            builder = builder.path(
                format!("{parent}/c{child:02}"),
                ["GET"],
                IntegrationSpec::mock(),
            );
        }
        children = children.saturating_sub(CHILDREN_PER_TOP);
    }
    builder.build()
}

/// The spec's region, or [`DEFAULT_REGION`].
pub fn region_of(spec: &GatewaySpec) -> String {
    spec.region
        .clone()
        .unwrap_or_else(|| DEFAULT_REGION.to_owned())
}

/// A simulated account in `spec`'s region holding the hosted zone `example.com` and the SNS
/// topic `ops-alerts` (as the pipeline suites set it up).
///
/// ACM's delay before it shows validation records is set to zero: it is a wait on ACM's clock,
/// not a call, and the figures measure how calls are scheduled. Call inside a tokio runtime.
pub fn account(spec: &GatewaySpec, config: SimConfig) -> Sim {
    let sim = Sim::new(config.region(region_of(spec)));
    sim.create_hosted_zone("example.com");
    sim.create_topic("ops-alerts");
    sim.set_acm_record_delay(Duration::ZERO);
    sim
}

/// How close to the service's quota the client paces: a token taken at the client's instant
/// reaches the service a little later, so pacing at exactly the quota lets jitter through as
/// 429s.
pub const PACING_HEADROOM: f64 = 0.95;

/// Backends on `sim` sent through a [`Caller`] pacing at [`PACING_HEADROOM`] of the AWS quotas
/// x `scale` (the simulator enforces the table x `scale`: [`SimConfig::aws_quotas`]). Call
/// inside a tokio runtime.
pub fn paced_backends(sim: &Sim, scale: f64) -> Backends {
    let caller = Caller::new(RuntimeConfig {
        pacing: PacingConfig::default().scaled(scale * PACING_HEADROOM),
        retry: RetryPolicy::default().with_jitter_seed(7),
        ..RuntimeConfig::default()
    });
    Backends::uniform_with_runtime(sim.clone(), sim.config().region.clone(), caller)
}

/// Backends on `sim` with no runtime in between (the simulator enforces no quota unless told).
pub fn direct_backends(sim: &Sim) -> Backends {
    Backends::uniform(sim.clone(), sim.config().region.clone())
}

/// `spec` bound to `backends`; waits poll every `poll` (a benchmark sets it to the call
/// latency, so a poll costs what a call does).
pub fn gateway(spec: &GatewaySpec, backends: Backends, poll: Duration) -> Gateway {
    let options = Options::default()
        .poll_interval(poll.max(Duration::from_millis(1)))
        .certificate_timeout(Duration::from_secs(120));
    Gateway::new(spec.clone(), backends).with_options(options)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wide_spec_has_exactly_the_resources_asked_for() {
        for resources in [2, 16, 20, 300] {
            let spec = wide_spec(resources).expect("valid");
            assert_eq!(spec.resource_paths().len() + 1, resources, "{resources}");
            assert_eq!(spec.paths.len(), resources - 1);
        }
    }

    #[test]
    fn the_300_resource_api_is_20_segments_of_up_to_14_children() {
        let spec = wide_spec(300).expect("valid");
        let tops = spec
            .paths
            .iter()
            .filter(|p| p.path.matches('/').count() == 1);
        assert_eq!(tops.count(), 20);
        assert!(spec.paths.iter().any(|p| p.path == "/r19/c12"));
        assert!(!spec.paths.iter().any(|p| p.path == "/r19/c13"));
    }

    #[test]
    fn one_resource_more_is_refused_by_validation() {
        let err = wide_spec(301).expect_err("over the quota");
        assert!(err.to_string().contains("301 resources"), "{err}");
    }

    #[test]
    fn the_examples_load() {
        assert_eq!(full_spec().expect("valid").paths.len(), 23);
    }
}
