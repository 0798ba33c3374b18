//! The Diagnoser against moto through the SDK adapters: a healthy full.toml passes every check,
//! then faults applied one after another each make exactly one more check fail.
//!
//! One stack is provisioned (moto is slow to provision full.toml) and the faults accumulate:
//! after each, the failing set must be the previous one plus the fault's check. Metric faults
//! use their own time windows in the past, so they never touch the healthy window. Moto gaps
//! met here: `DeleteIntegration` is a no-op (that fault is only in the sim matrix); imported
//! certificates need real PEM material, so the certificate faults are certificates requested
//! (moto issues them after MOTO_ACM_VALIDATION_WAIT) and named by the target.

use std::collections::BTreeSet;
use std::time::{Duration, SystemTime};

use apigw_alarms::{CloudWatch, MetricDatum, SdkCloudWatch, API_GATEWAY_NAMESPACE};
use apigw_certs::{CertificateRequest, Certificates, SdkCertificates};
use apigw_core::iam::{Iam, SdkIam};
use apigw_core::restapi::{ApiGateway, Authorization, EndpointType, SdkApiGateway};
use apigw_diagnose::{
    AlarmsTarget, CheckId, Diagnoser, DomainTarget, ExpectedMethod, Report, RoleTarget, Status,
    Target, TargetBuilder, Thresholds, UsagePlanTarget, Window,
};
use apigw_dns::{Change, Dns, SdkDns};
use apigw_facade::spec::{self, GatewaySpec};
use apigw_facade::{Artifact, Backends, Gateway, Options};

use crate::support;

const REGION: &str = "eu-west-1";

/// full.toml with unique names, its zone and topic created in moto.
async fn unique_full_spec(ctx: &apigw_core::AwsContext) -> GatewaySpec {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/full.toml");
    let mut spec = GatewaySpec::from_file(path).expect("full.toml");
    let id = support::unique("d");
    spec.name = format!("orders-{id}");
    let zone = format!("{id}.example.com");
    spec.domain.as_mut().expect("domain").hosted_zone = zone.clone();
    spec.execution_role.as_mut().expect("role").name = format!("orders-apigw-{id}");
    for plan in &mut spec.usage_plans {
        plan.api_keys
            .iter_mut()
            .for_each(|k| *k = format!("{k}-{id}"));
    }
    let topic = format!("ops-alerts-{id}");
    spec.monitoring.as_mut().expect("monitoring").sns_topic = Some(topic.clone());
    ctx.route53()
        .create_hosted_zone()
        .name(&zone)
        .caller_reference(&id)
        .send()
        .await
        .expect("zone");
    ctx.sns()
        .create_topic()
        .name(&topic)
        .send()
        .await
        .expect("topic");
    spec
}

/// The target full.toml describes (by hand, as the sim matrix does).
fn target(spec: &GatewaySpec, window: Window) -> TargetBuilder {
    let domain = spec.domain.as_ref().expect("domain");
    let role = spec.execution_role.as_ref().expect("role");
    let monitoring = spec.monitoring.as_ref().expect("monitoring");
    let mut builder = Target::builder()
        .api_name(&spec.name)
        .stage(&spec.stage)
        .window(window)
        .domain(
            DomainTarget::new(spec.domain_name(&domain.hosted_zone).expect("name"))
                .hosted_zone(&domain.hosted_zone)
                .endpoint_type(EndpointType::Edge)
                .base_path(&domain.base_path),
        )
        .role(RoleTarget::new(&role.name).managed_policies(&role.managed_policies))
        .alarms(
            AlarmsTarget::defaults(&spec.name, &spec.stage)
                .topic(monitoring.sns_topic.clone().expect("topic")),
        )
        .thresholds(
            Thresholds::default()
                .client_errors_percent(monitoring.client_errors().threshold_percent)
                .server_errors_percent(monitoring.server_errors().threshold_percent)
                .latency_ms(monitoring.latency().threshold_ms),
        );
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
    builder
}

/// Ten minutes of traffic ending at `end`, published into `AWS/ApiGateway` (moto accepts the
/// reserved namespace; AWS and the sim do not).
async fn publish(cw: &SdkCloudWatch, spec: &GatewaySpec, end: SystemTime, values: [f64; 5]) {
    let names = [
        "Count",
        "4XXError",
        "5XXError",
        "Latency",
        "IntegrationLatency",
    ];
    let units = ["Count", "Count", "Count", "Milliseconds", "Milliseconds"];
    let mut data = Vec::new();
    for minute in 1..=10u64 {
        let at = end - Duration::from_secs(60 * minute);
        for ((name, unit), value) in names.iter().zip(units).zip(values) {
            data.push(MetricDatum {
                name: (*name).to_owned(),
                dimensions: vec![
                    ("ApiName".to_owned(), spec.name.clone()),
                    ("Stage".to_owned(), spec.stage.clone()),
                ],
                timestamp: Some(at),
                value,
                unit: Some(unit.to_owned()),
            });
        }
    }
    cw.put_metric_data(API_GATEWAY_NAMESPACE, &data)
        .await
        .expect("PutMetricData");
}

fn failing(report: &Report) -> BTreeSet<CheckId> {
    report
        .checks
        .iter()
        .filter(|c| c.status != Status::Pass)
        .map(|c| c.id)
        .collect()
}

fn describe(report: &Report) -> String {
    report
        .checks
        .iter()
        .map(|c| format!("{}={} ({})", c.id, c.status, c.summary))
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn emulator_diagnose_fault_matrix_on_full_spec() {
    let Some(ctx) = support::context_in(REGION).await else {
        return;
    };
    let spec = unique_full_spec(&ctx).await;
    let options = Options::default()
        .poll_interval(Duration::from_millis(500))
        .certificate_timeout(Duration::from_secs(60));
    let artifact: Artifact = match Gateway::new(spec.clone(), Backends::aws(&ctx))
        .with_options(options)
        .provision()
        .await
    {
        Ok(artifact) => artifact,
        Err(e) => {
            eprintln!(
                "SKIPPED emulator diagnose matrix: full.toml does not provision on moto: {e}"
            );
            return;
        }
    };
    let b = Backends::aws(&ctx);
    let diagnoser = Diagnoser::new(
        b.apigw.clone(),
        b.iam.clone(),
        b.dns.clone(),
        b.certs.clone(),
        b.cloudwatch.clone(),
        b.topics.clone(),
        REGION,
    );
    let cw = SdkCloudWatch::new(&ctx);
    let now = SystemTime::now();
    let window_ending = |minutes_ago: u64| {
        Window::ending_at(
            now - Duration::from_secs(60 * minutes_ago),
            Duration::from_secs(15 * 60),
        )
    };
    // Healthy now; each metric fault in its own earlier window.
    publish(&cw, &spec, now, [600.0, 0.0, 0.0, 100.0, 80.0]).await;
    let metric_faults = [
        (
            20,
            [600.0, 0.0, 30.0, 100.0, 80.0],
            CheckId::ServerErrors,
            None,
        ),
        (
            40,
            [600.0, 60.0, 0.0, 100.0, 80.0],
            CheckId::ClientErrors,
            None,
        ),
        (
            60,
            [600.0, 0.0, 0.0, 3000.0, 100.0],
            CheckId::Latency,
            Some("gateway"),
        ),
        (
            80,
            [600.0, 0.0, 0.0, 3000.0, 2900.0],
            CheckId::Latency,
            Some("backend"),
        ),
    ];
    for (ago, values, _, _) in &metric_faults {
        publish(&cw, &spec, window_ending(*ago).end, *values).await;
    }

    let healthy = diagnoser
        .run_all(&target(&spec, window_ending(0)).build().expect("target"))
        .await;
    eprintln!("healthy full.toml on moto:\n{}", describe(&healthy));
    assert_eq!(
        failing(&healthy),
        BTreeSet::new(),
        "healthy full.toml on moto:\n{}",
        describe(&healthy)
    );
    for (ago, _, check, dominant) in &metric_faults {
        let report = diagnoser
            .run_all(&target(&spec, window_ending(*ago)).build().expect("target"))
            .await;
        assert_eq!(
            failing(&report),
            BTreeSet::from([*check]),
            "{}",
            describe(&report)
        );
        let seen = report.check(*check).expect("ran");
        assert_eq!(seen.status, Status::Fail);
        if let Some(dominant) = dominant {
            assert_eq!(seen.evidence["dominant"], *dominant);
        }
    }

    // Certificate faults: the certificate the target names.
    let acm = SdkCertificates::new(&ctx);
    let domain = artifact.domain.as_ref().expect("domain").name.clone();
    for (region, name, words) in [
        (
            "us-east-1",
            "shop.example.org".to_owned(),
            "covers shop.example.org",
        ),
        (REGION, domain.clone(), "is in eu-west-1"),
    ] {
        let arn = acm
            .request_certificate(region, &CertificateRequest::new(name))
            .await
            .expect("request");
        acm.wait_until_issued(
            region,
            &arn,
            Duration::from_secs(30),
            Duration::from_millis(500),
        )
        .await
        .expect("moto issues");
        let base = target(&spec, window_ending(0)).build().expect("target");
        let named = target(&spec, window_ending(0))
            .domain(base.domain.clone().expect("domain").certificate_arn(arn))
            .build()
            .expect("target");
        let report = diagnoser.run_all(&named).await;
        assert_eq!(
            failing(&report),
            BTreeSet::from([CheckId::Certificate]),
            "{}",
            describe(&report)
        );
        assert!(report
            .check(CheckId::Certificate)
            .is_some_and(|c| c.summary.contains(words)));
    }

    // Accumulating faults on the live stack.
    let apigw = SdkApiGateway::new(&ctx);
    let iam = SdkIam::new(&ctx);
    let dns = SdkDns::new(&ctx);
    let role = spec.execution_role.clone().expect("role");
    let mut expected = BTreeSet::new();
    let mut step = async |check: CheckId, what: &str| {
        expected.insert(check);
        let report = diagnoser
            .run_all(&target(&spec, window_ending(0)).build().expect("target"))
            .await;
        assert_eq!(
            failing(&report),
            expected,
            "after {what}:\n{}",
            describe(&report)
        );
        assert_eq!(
            report.check(check).map(|c| c.status),
            Some(Status::Fail),
            "{what}"
        );
    };

    iam.detach_managed_policy(&role.name, &role.managed_policies[0])
        .await
        .expect("detach");
    step(CheckId::IamRole, "detaching the role policy").await;

    let zone = dns
        .find_zone(&spec.domain.as_ref().expect("domain").hosted_zone)
        .await
        .expect("zone lookup")
        .expect("zone");
    let aliases: Vec<_> = dns
        .list_records(&zone.id, Some(domain.clone()))
        .await
        .expect("records")
        .into_iter()
        .filter(|r| r.is_named(&domain) && r.is_alias())
        .collect();
    assert!(!aliases.is_empty(), "the pipeline wrote the alias");
    for alias in aliases {
        dns.change_records(&zone.id, vec![Change::delete(alias)])
            .await
            .expect("delete alias");
    }
    step(CheckId::Dns, "deleting the alias records").await;

    let version = apigw
        .get_resources(&artifact.rest_api_id)
        .await
        .expect("tree")
        .into_iter()
        .find(|r| r.path == "/version")
        .expect("/version");
    apigw
        .delete_resource(&artifact.rest_api_id, &version.id)
        .await
        .expect("delete resource");
    step(CheckId::NotFound, "deleting /version").await;

    let plan = artifact
        .usage_plans
        .iter()
        .find(|p| p.name == "partners")
        .expect("plan");
    apigw
        .delete_usage_plan_key(&plan.id, &plan.api_keys[0].id)
        .await
        .expect("remove key");
    step(CheckId::Throttling, "removing a key from its plan").await;

    cw.delete_alarms(&[format!("{}-{}-5XXError", spec.name, spec.stage)])
        .await
        .expect("delete alarm");
    step(CheckId::Alarms, "deleting an alarm").await;

    // iam-role already fails (policy detached): a trust without API Gateway adds that reason.
    let lambda_only = apigw_core::iam::service_trust_policy("lambda.amazonaws.com").to_string();
    ctx.iam()
        .update_assume_role_policy()
        .role_name(&role.name)
        .policy_document(lambda_only)
        .send()
        .await
        .expect("update trust");
    let report = diagnoser
        .run_all(&target(&spec, window_ending(0)).build().expect("target"))
        .await;
    assert_eq!(failing(&report), expected, "{}", describe(&report));
    let iam_role = report.check(CheckId::IamRole).expect("ran");
    assert_eq!(
        iam_role.evidence["trusts_api_gateway"], false,
        "{}",
        iam_role.summary
    );
}
