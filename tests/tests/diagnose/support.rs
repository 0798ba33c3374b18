//! A simulated account with `examples/full.toml` provisioned, the diagnose target built from
//! the spec's fields (by hand: the facade's `Target::from_spec` comes later), and traffic.

use std::time::{Duration, SystemTime};

use apigw_diagnose::{
    AlarmsTarget, CheckId, Diagnoser, DomainTarget, ExpectedMethod, Report, RoleTarget, Status,
    Target, Thresholds, UsagePlanTarget,
};
use apigw_facade::core::restapi::{Authorization, EndpointType};
use apigw_facade::spec::{self, GatewaySpec};
use apigw_facade::{Artifact, Backends, Gateway, Options};
use apigw_sim::{Sim, SimConfig};

/// Loads `examples/{name}`.
pub fn example(name: &str) -> GatewaySpec {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples")
        .join(name);
    GatewaySpec::from_file(path).expect("example spec is valid")
}

/// A simulator in `spec`'s region holding the zone `example.com` and the topic `ops-alerts`.
pub fn account(spec: &GatewaySpec, config: SimConfig) -> Sim {
    let region = spec
        .region
        .clone()
        .unwrap_or_else(|| "us-west-2".to_owned());
    let sim = Sim::new(config.region(region));
    sim.create_hosted_zone("example.com");
    sim.create_topic("ops-alerts");
    sim
}

/// `full.toml` provisioned on a fresh simulator made with `config`.
pub async fn provisioned(config: SimConfig) -> (GatewaySpec, Sim, Artifact) {
    let spec = example("full.toml");
    let sim = account(&spec, config);
    let options = Options::default()
        .poll_interval(Duration::from_millis(200))
        .certificate_timeout(Duration::from_secs(120));
    let backends = Backends::uniform(sim.clone(), sim.config().region.clone());
    let artifact = Gateway::new(spec.clone(), backends)
        .with_options(options)
        .provision()
        .await
        .expect("full.toml provisions");
    (spec, sim, artifact)
}

/// The diagnoser over the simulator, in its region.
pub fn diagnoser(sim: &Sim) -> Diagnoser {
    Diagnoser::uniform(sim.clone(), sim.config().region.clone())
}

/// The target a spec describes: every field the spec sets, thresholds from its monitoring.
pub fn target_builder(spec: &GatewaySpec) -> apigw_diagnose::TargetBuilder {
    let mut builder = Target::builder().api_name(&spec.name).stage(&spec.stage);
    let endpoint = match spec.endpoint {
        spec::Endpoint::Edge => EndpointType::Edge,
        _ => EndpointType::Regional,
    };
    if let Some(domain) = &spec.domain {
        let name = spec
            .domain_name(&domain.hosted_zone)
            .expect("domain configured");
        let mut target = DomainTarget::new(name)
            .hosted_zone(&domain.hosted_zone)
            .endpoint_type(endpoint)
            .base_path(&domain.base_path);
        if let Some(arn) = &domain.certificate_arn {
            target = target.certificate_arn(arn);
        }
        builder = builder.domain(target);
    }
    if let Some(role) = &spec.execution_role {
        builder =
            builder.role(RoleTarget::new(&role.name).managed_policies(&role.managed_policies));
    }
    for plan in &spec.usage_plans {
        builder = builder.usage_plan(UsagePlanTarget::new(&plan.name).api_keys(&plan.api_keys));
    }
    for path in &spec.paths {
        let authorization = match path.authorization {
            spec::Authorization::AwsIam => Authorization::AwsIam,
            _ => Authorization::None,
        };
        for method in &path.methods {
            builder = builder.expect_method(
                ExpectedMethod::new(&path.path, method)
                    .authorization(authorization)
                    .api_key_required(path.api_key_required),
            );
        }
    }
    if let Some(monitoring) = spec
        .monitoring
        .as_ref()
        .filter(|m| m.mode != spec::MonitoringMode::Disabled)
    {
        let mut alarms = AlarmsTarget::defaults(&spec.name, &spec.stage);
        if let Some(topic) = &monitoring.sns_topic {
            alarms = alarms.topic(topic);
        }
        builder = builder.alarms(alarms).thresholds(
            Thresholds::default()
                .client_errors_percent(monitoring.client_errors().threshold_percent)
                .server_errors_percent(monitoring.server_errors().threshold_percent)
                .latency_ms(monitoring.latency().threshold_ms),
        );
    }
    builder
}

/// The target of `spec`, window: the last 15 minutes.
pub fn target(spec: &GatewaySpec) -> Target {
    target_builder(spec).build().expect("valid target")
}

/// Per-minute traffic to inject.
#[derive(Debug, Clone, Copy)]
pub struct Traffic {
    pub requests: f64,
    pub errors_4xx: f64,
    pub errors_5xx: f64,
    pub latency_ms: f64,
    pub integration_latency_ms: f64,
}

impl Traffic {
    /// 600 requests a minute (10 rps, 10 % of the stage limit), no errors, 100 ms of which the
    /// backend takes 80.
    pub const HEALTHY: Traffic = Traffic {
        requests: 600.0,
        errors_4xx: 0.0,
        errors_5xx: 0.0,
        latency_ms: 100.0,
        integration_latency_ms: 80.0,
    };
}

/// Injects `traffic` for each of the last ten minutes, as API Gateway publishes it.
pub fn inject(sim: &Sim, spec: &GatewaySpec, traffic: Traffic) {
    let now = SystemTime::now();
    for minute in 1..=10u64 {
        let at = now - Duration::from_secs(60 * minute);
        let stage = Some(spec.stage.as_str());
        for (metric, value) in [
            ("Count", traffic.requests),
            ("4XXError", traffic.errors_4xx),
            ("5XXError", traffic.errors_5xx),
            ("Latency", traffic.latency_ms),
            ("IntegrationLatency", traffic.integration_latency_ms),
        ] {
            sim.inject_metric(&spec.name, stage, metric, at, value);
        }
    }
}

/// Every check's status, for assertion messages.
pub fn statuses(report: &Report) -> String {
    report
        .checks
        .iter()
        .map(|c| format!("{}={} ({})", c.id, c.status, c.summary))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Asserts that `faulty` has `status` and every other check passes.
pub fn assert_only(report: &Report, faulty: CheckId, status: Status) {
    assert_eq!(
        report.checks.len(),
        CheckId::ALL.len(),
        "{}",
        statuses(report)
    );
    for check in &report.checks {
        let want = if check.id == faulty {
            status
        } else {
            Status::Pass
        };
        assert_eq!(
            check.status,
            want,
            "{} is {} ({}), expected {want}; every check:\n{}",
            check.id,
            check.status,
            check.summary,
            statuses(report)
        );
        if matches!(check.status, Status::Fail | Status::Warn) {
            assert!(
                check.remediation.as_deref().is_some_and(|r| !r.is_empty()),
                "{} has no remediation",
                check.id
            );
        }
        assert!(
            check.command.starts_with("aws "),
            "{}: {}",
            check.id,
            check.command
        );
    }
}
