//! Each check: pass on the healthy fixture, then its warn / fail / error / skipped cases.

use std::time::{Duration, SystemTime};

use apigw_alarms::{
    AlarmState, METRIC_4XX, METRIC_5XX, METRIC_INTEGRATION_LATENCY, METRIC_LATENCY,
};
use apigw_certs::CertificateStatus;
use apigw_core::restapi::{Authorization, Integration};
use apigw_dns::{AliasTarget, RecordSet, RecordType};
use serde_json::json;

use super::{steady, Fixture, CERT_ARN, LAMBDA_POLICY, TOPIC_ARN};
use crate::{CheckId, CheckReport, DomainTarget, Status, Target, TargetBuilder};

async fn run_with(f: &Fixture, target: TargetBuilder, id: CheckId) -> CheckReport {
    let target = target.build().expect("valid target");
    f.diagnoser().run(&target, id).await
}

async fn run(f: &Fixture, id: CheckId) -> CheckReport {
    run_with(f, Fixture::target(), id).await
}

#[track_caller]
fn expect(report: &CheckReport, status: Status, words: &str) {
    assert_eq!(report.status, status, "{}: {}", report.id, report.summary);
    assert!(
        report.summary.contains(words),
        "{}: '{}' lacks '{words}'",
        report.id,
        report.summary
    );
    match status {
        Status::Warn | Status::Fail | Status::Error => assert!(
            report.remediation.as_deref().is_some_and(|r| !r.is_empty()),
            "{} {status} without remediation",
            report.id
        ),
        _ => assert!(
            report.remediation.is_none(),
            "{}: {:?}",
            report.id,
            report.remediation
        ),
    }
}

#[tokio::test]
async fn the_healthy_fixture_passes_every_check() {
    let f = Fixture::healthy();
    for id in CheckId::ALL {
        let report = run(&f, id).await;
        assert_eq!(report.status, Status::Pass, "{id}: {}", report.summary);
        assert!(
            report.command.starts_with("aws "),
            "{id}: {}",
            report.command
        );
        assert_eq!(report.title, id.title());
    }
}

// --- metrics ---------------------------------------------------------------------------------

#[tokio::test]
async fn error_rates_warn_on_any_error_and_fail_above_the_threshold() {
    let mut f = Fixture::healthy();
    f.metrics.insert(METRIC_5XX, steady(10, 12.0, None));
    let report = run(&f, CheckId::ServerErrors).await;
    expect(
        &report,
        Status::Fail,
        "5XX rate 2.00 % (120 of 6000 requests) is above the 1 % threshold",
    );
    assert_eq!(report.evidence["rate_percent"], 2.0);
    let tolerant =
        Fixture::target().thresholds(crate::Thresholds::default().server_errors_percent(2.5));
    expect(
        &run_with(&f, tolerant, CheckId::ServerErrors).await,
        Status::Warn,
        "120 5XX answers",
    );

    f.metrics.insert(METRIC_4XX, steady(10, 60.0, None));
    let report = run(&f, CheckId::ClientErrors).await;
    expect(&report, Status::Fail, "4XX rate 10.00 %");
    assert!(report
        .remediation
        .as_deref()
        .is_some_and(|r| r.contains("update-stage --rest-api-id a1b2c3d4e5")));
    assert_eq!(report.evidence["worst_minute"]["errors"], 60.0);
}

#[tokio::test]
async fn no_traffic_passes_with_nothing_to_measure() {
    let mut f = Fixture::healthy();
    f.metrics.clear();
    for id in [
        CheckId::ClientErrors,
        CheckId::ServerErrors,
        CheckId::Latency,
    ] {
        expect(&run(&f, id).await, Status::Pass, "nothing to measure");
    }
}

#[tokio::test]
async fn latency_says_whether_the_backend_or_the_gateway_spends_the_time() {
    let mut f = Fixture::healthy();
    f.metrics
        .insert(METRIC_LATENCY, steady(10, 2500.0, Some(4000.0)));
    f.metrics
        .insert(METRIC_INTEGRATION_LATENCY, steady(10, 2400.0, None));
    let report = run(&f, CheckId::Latency).await;
    expect(&report, Status::Fail, "the backend dominates");
    assert_eq!(report.evidence["dominant"], "backend");
    assert_eq!(report.evidence["latency_p99_ms"], 4000.0);

    f.metrics
        .insert(METRIC_INTEGRATION_LATENCY, steady(10, 50.0, None));
    let report = run(&f, CheckId::Latency).await;
    expect(
        &report,
        Status::Fail,
        "API Gateway dominates: 2450 ms is spent outside the backend",
    );
    assert_eq!(report.evidence["gateway_overhead_ms"], 2450.0);

    f.metrics
        .insert(METRIC_LATENCY, steady(10, 200.0, Some(1800.0)));
    expect(
        &run(&f, CheckId::Latency).await,
        Status::Warn,
        "p99 latency 1800 ms",
    );
}

#[tokio::test]
async fn an_ambiguous_api_name_is_an_error_naming_the_ids() {
    let mut f = Fixture::healthy();
    let mut twin = f.apis[0].clone();
    twin.id = "z9y8x7w6v5".to_owned();
    f.apis.push(twin);
    let report = run(&f, CheckId::ServerErrors).await;
    expect(&report, Status::Error, "2 REST APIs are named 'orders'");
    assert!(
        report.summary.contains("a1b2c3d4e5, z9y8x7w6v5"),
        "{}",
        report.summary
    );
    let by_id = Fixture::target().api_id("z9y8x7w6v5");
    expect(
        &run_with(&f, by_id, CheckId::ServerErrors).await,
        Status::Pass,
        "no 5XX",
    );
    let wrong_name = Target::builder().api_id("a1b2c3d4e5").api_name("billing");
    expect(
        &run_with(&f, wrong_name, CheckId::NotFound).await,
        Status::Error,
        "is named 'orders', not 'billing'",
    );
}

#[tokio::test]
async fn a_denied_metric_read_is_an_error_with_the_command() {
    let mut f = Fixture::healthy();
    f.denied = Some("GetMetricStatistics");
    let report = run(&f, CheckId::Latency).await;
    expect(&report, Status::Error, "not authorized");
    assert_eq!(report.evidence["error"]["kind"], "access_denied");
    assert!(
        report.command.contains("--metric-name Latency"),
        "{}",
        report.command
    );
    assert!(report
        .remediation
        .as_deref()
        .is_some_and(|r| r.contains("GetMetricStatistics")));
}

// --- dns -------------------------------------------------------------------------------------

#[tokio::test]
async fn dns_is_skipped_without_a_domain_and_fails_without_the_alias() {
    let f = Fixture::healthy();
    let no_domain = Target::builder().api_name("orders");
    expect(
        &run_with(&f, no_domain, CheckId::Dns).await,
        Status::Skipped,
        "no custom domain",
    );

    let mut f = Fixture::healthy();
    f.records.clear();
    let report = run(&f, CheckId::Dns).await;
    expect(&report, Status::Fail, "has no alias record");
    assert!(report.remediation.as_deref().is_some_and(|r| r
        .contains("--hosted-zone-id Z0EXAMPLE")
        && r.contains(super::REGIONAL_TARGET)));
}

#[tokio::test]
async fn dns_fails_on_a_wrong_target_and_accepts_a_cname_to_the_right_one() {
    let mut f = Fixture::healthy();
    f.records = vec![RecordSet::alias(
        "api.example.com",
        RecordType::A,
        AliasTarget {
            dns_name: "d-other.execute-api.eu-west-1.amazonaws.com".to_owned(),
            hosted_zone_id: super::REGIONAL_ZONE.to_owned(),
            evaluate_target_health: false,
        },
    )];
    expect(
        &run(&f, CheckId::Dns).await,
        Status::Fail,
        "A is alias d-other.execute-api",
    );

    f.records = vec![RecordSet::cname(
        "api.example.com",
        &format!("{}.", super::REGIONAL_TARGET),
        300,
    )];
    expect(
        &run(&f, CheckId::Dns).await,
        Status::Pass,
        "is an alias of the REGIONAL target",
    );

    let edge = Fixture::target().domain(
        DomainTarget::new("api.example.com").endpoint_type(apigw_core::restapi::EndpointType::Edge),
    );
    expect(
        &run_with(&f, edge, CheckId::Dns).await,
        Status::Fail,
        "is REGIONAL, the target expects EDGE",
    );
}

#[tokio::test]
async fn dns_fails_without_zone_or_custom_domain_and_errors_when_denied() {
    let mut f = Fixture::healthy();
    f.zone = None;
    expect(
        &run(&f, CheckId::Dns).await,
        Status::Fail,
        "no public hosted zone found for example.com",
    );
    let mut f = Fixture::healthy();
    f.domain = None;
    expect(
        &run(&f, CheckId::Dns).await,
        Status::Fail,
        "API Gateway has no custom domain name api.example.com",
    );
    let mut f = Fixture::healthy();
    f.denied = Some("ListResourceRecordSets");
    expect(
        &run(&f, CheckId::Dns).await,
        Status::Error,
        "not authorized",
    );
}

// --- certificate -----------------------------------------------------------------------------

#[tokio::test]
async fn certificate_warns_before_expiry_and_fails_when_not_issued() {
    let mut f = Fixture::healthy();
    f.certs[0].not_after = Some(SystemTime::now() + Duration::from_secs(10 * 86_400 + 3600));
    let report = run(&f, CheckId::Certificate).await;
    expect(&report, Status::Warn, "expires in 10 days");
    assert_eq!(report.evidence["days_left"], 10);

    f.certs[0].status = CertificateStatus::PendingValidation;
    expect(
        &run(&f, CheckId::Certificate).await,
        Status::Fail,
        "is PENDING_VALIDATION, not ISSUED",
    );
    f.certs[0].not_after = Some(SystemTime::now() - Duration::from_secs(86_400));
    f.certs[0].status = CertificateStatus::Expired;
    expect(
        &run(&f, CheckId::Certificate).await,
        Status::Fail,
        "is EXPIRED",
    );
}

#[tokio::test]
async fn certificate_fails_in_the_wrong_region_or_for_another_domain() {
    let mut f = Fixture::healthy();
    let mut elsewhere = f.certs[0].clone();
    elsewhere.arn = CERT_ARN.replace("eu-west-1", "us-east-1");
    elsewhere.region = "us-east-1".to_owned();
    f.certs.push(elsewhere.clone());
    let target = Fixture::target().domain(
        DomainTarget::new("api.example.com")
            .endpoint_type(apigw_core::restapi::EndpointType::Regional)
            .certificate_arn(&elsewhere.arn),
    );
    let report = run_with(&f, target, CheckId::Certificate).await;
    expect(
        &report,
        Status::Fail,
        "is in us-east-1; a REGIONAL custom domain needs one in eu-west-1",
    );
    assert!(
        report.summary.contains("uses arn:aws:acm:eu-west-1"),
        "{}",
        report.summary
    );
    assert!(
        report.command.contains("--region us-east-1"),
        "{}",
        report.command
    );
    assert!(report
        .remediation
        .as_deref()
        .is_some_and(|r| r.contains("path=/regionalCertificateArn,value=arn:aws:acm:eu-west-1")));

    let mut f = Fixture::healthy();
    f.certs[0].domain_name = "shop.example.org".to_owned();
    f.certs[0].sans = vec!["shop.example.org".to_owned()];
    expect(
        &run(&f, CheckId::Certificate).await,
        Status::Fail,
        "covers shop.example.org, not api.example.com",
    );
}

#[tokio::test]
async fn certificate_is_skipped_without_domain_and_errors_when_denied() {
    let f = Fixture::healthy();
    let no_domain = Target::builder().api_name("orders");
    expect(
        &run_with(&f, no_domain, CheckId::Certificate).await,
        Status::Skipped,
        "no custom domain",
    );
    let mut f = Fixture::healthy();
    f.denied = Some("DescribeCertificate");
    let report = run(&f, CheckId::Certificate).await;
    expect(&report, Status::Error, "not authorized");
    assert!(report
        .command
        .starts_with("aws acm describe-certificate --certificate-arn"));
}

// --- iam-role --------------------------------------------------------------------------------

#[tokio::test]
async fn iam_role_fails_when_missing_untrusting_or_without_its_policy() {
    let f = Fixture::healthy();
    let no_role = Target::builder().api_name("orders");
    expect(
        &run_with(&f, no_role, CheckId::IamRole).await,
        Status::Skipped,
        "no execution role",
    );

    let mut f = Fixture::healthy();
    f.attached.clear();
    let report = run(&f, CheckId::IamRole).await;
    expect(
        &report,
        Status::Fail,
        "AWSLambdaRole is not attached to orders-apigw",
    );
    assert!(report
        .remediation
        .as_deref()
        .is_some_and(|r| r.contains(&format!(
            "aws iam attach-role-policy --role-name orders-apigw --policy-arn {LAMBDA_POLICY}"
        ))));

    let mut f = Fixture::healthy();
    f.roles[0].trust_policy = Some(apigw_core::iam::service_trust_policy(
        "lambda.amazonaws.com",
    ));
    let report = run(&f, CheckId::IamRole).await;
    expect(
        &report,
        Status::Fail,
        "does not let apigateway.amazonaws.com assume it",
    );
    assert_eq!(report.evidence["trusts_api_gateway"], false);

    let mut f = Fixture::healthy();
    f.roles.clear();
    expect(
        &run(&f, CheckId::IamRole).await,
        Status::Fail,
        "the role orders-apigw does not exist",
    );
    let mut f = Fixture::healthy();
    f.denied = Some("ListAttachedRolePolicies");
    expect(
        &run(&f, CheckId::IamRole).await,
        Status::Error,
        "not authorized",
    );
}

// --- forbidden -------------------------------------------------------------------------------

#[tokio::test]
async fn forbidden_warns_on_signed_methods_the_target_does_not_expect() {
    let f = Fixture::healthy();
    let unknown = Target::builder().api_name("orders");
    let report = run_with(&f, unknown, CheckId::Forbidden).await;
    expect(&report, Status::Warn, "GET /orders/{id} (AWS_IAM)");
    assert!(report
        .remediation
        .as_deref()
        .is_some_and(|r| r.contains("SigV4")));
    assert_eq!(
        report.evidence["authorization"]["signed_methods"],
        json!(["GET /orders/{id}"])
    );
}

#[tokio::test]
async fn forbidden_fails_when_keys_are_required_but_no_plan_or_enabled_key_serves_the_stage() {
    let mut f = Fixture::healthy();
    f.api_keys[0].enabled = false;
    expect(
        &run(&f, CheckId::Forbidden).await,
        Status::Fail,
        "hold no enabled key",
    );
    f.plans[0].api_stages.clear();
    let report = run(&f, CheckId::Forbidden).await;
    expect(&report, Status::Fail, "no usage plan serves live");
    assert!(report
        .remediation
        .as_deref()
        .is_some_and(|r| r.contains("value=a1b2c3d4e5:live")));
}

#[tokio::test]
async fn forbidden_reads_the_resource_policy() {
    let mut f = Fixture::healthy();
    let deny = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"},
        {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*/GET/orders"},
    ]});
    f.apis[0].policy = Some(deny.to_string());
    let report = run(&f, CheckId::Forbidden).await;
    expect(
        &report,
        Status::Fail,
        "denies execute-api:Invoke on \"execute-api:/*/GET/orders\" with no condition",
    );

    let conditional = json!({"Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"},
        {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*",
         "Condition": {"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8"]}}},
    ]});
    f.apis[0].policy = Some(conditional.to_string());
    let report = run(&f, CheckId::Forbidden).await;
    expect(&report, Status::Pass, "no cause of 403");
    assert_eq!(
        report.evidence["resource_policy"]["conditional_denies"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );

    f.apis[0].policy = Some(
        json!({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"}]})
            .to_string(),
    );
    expect(
        &run(&f, CheckId::Forbidden).await,
        Status::Warn,
        "allows no execute-api:Invoke",
    );
}

#[tokio::test]
async fn forbidden_and_integration_fail_when_the_credentials_role_is_gone() {
    let mut f = Fixture::healthy();
    f.roles.clear();
    expect(
        &run(&f, CheckId::Forbidden).await,
        Status::Fail,
        "execution role orders-apigw",
    );
    expect(
        &run(&f, CheckId::Integration).await,
        Status::Fail,
        "the credentials role orders-apigw",
    );
}

// --- not-found -------------------------------------------------------------------------------

#[tokio::test]
async fn not_found_fails_on_missing_paths_methods_and_stage() {
    let mut f = Fixture::healthy();
    f.tree.retain(|r| r.path != "/health");
    f.resource_mut("/orders").methods.clear();
    let report = run(&f, CheckId::NotFound).await;
    expect(
        &report,
        Status::Fail,
        "GET /orders: the path exists without the GET method (it has none)",
    );
    assert!(
        report
            .summary
            .contains("GET /health: the path /health does not exist"),
        "{}",
        report.summary
    );
    assert_eq!(
        report.evidence["missing"],
        json!(["GET /orders", "GET /health"])
    );

    let mut f = Fixture::healthy();
    f.stage = None;
    expect(
        &run(&f, CheckId::NotFound).await,
        Status::Fail,
        "the stage live does not exist",
    );
    let mut f = Fixture::healthy();
    f.deployment = None;
    expect(
        &run(&f, CheckId::NotFound).await,
        Status::Fail,
        "points at the deployment dep001, which does not exist",
    );
}

#[tokio::test]
async fn not_found_warns_on_undeployed_changes_and_fails_without_a_mapping() {
    let f = Fixture::healthy();
    let newer = Fixture::target().definition_hash("def456");
    let report = run_with(&f, newer, CheckId::NotFound).await;
    expect(
        &report,
        Status::Warn,
        "undeployed changes: the stage serves the definition abc123",
    );
    assert!(report.remediation.as_deref().is_some_and(
        |r| r.contains("create-deployment --rest-api-id a1b2c3d4e5 --stage-name live")
    ));

    let mut f = Fixture::healthy();
    f.mappings[0].rest_api_id = "otherapi01".to_owned();
    expect(
        &run(&f, CheckId::NotFound).await,
        Status::Fail,
        "api.example.com/ maps to otherapi01:live",
    );
    f.mappings.clear();
    expect(
        &run(&f, CheckId::NotFound).await,
        Status::Fail,
        "has no base path mapping ''",
    );
}

// --- integration -----------------------------------------------------------------------------

#[tokio::test]
async fn integration_fails_on_missing_bad_uri_and_long_timeout() {
    let mut f = Fixture::healthy();
    f.get_mut("/health").integration = None;
    let report = run(&f, CheckId::Integration).await;
    expect(&report, Status::Fail, "GET /health has no integration");
    assert!(report.remediation.as_deref().is_some_and(
        |r| r.contains("put-integration --rest-api-id a1b2c3d4e5 --resource-id res003")
    ));

    let mut f = Fixture::healthy();
    f.get_mut("/orders").integration = Some(
        Integration::http_proxy("GET", "ftp://backend.example.com/orders")
            .with_timeout_millis(50_000),
    );
    let report = run(&f, CheckId::Integration).await;
    expect(
        &report,
        Status::Fail,
        "'ftp://backend.example.com/orders' is not an http(s) URL",
    );
    assert!(
        report.summary.contains("timeout 50000 ms is above"),
        "{}",
        report.summary
    );

    let mut f = Fixture::healthy();
    f.get_mut("/orders/{id}").integration = Some(Integration::lambda_proxy(
        "arn:aws:lambda:eu-west-1:123456789012:function:order",
    ));
    expect(
        &run(&f, CheckId::Integration).await,
        Status::Fail,
        "is not an arn:aws:apigateway:",
    );
}

// --- throttling ------------------------------------------------------------------------------

#[tokio::test]
async fn throttling_fails_on_keys_and_plans_and_warns_on_limits() {
    let mut f = Fixture::healthy();
    f.api_keys[0].enabled = false;
    let report = run(&f, CheckId::Throttling).await;
    expect(
        &report,
        Status::Fail,
        "the API key partner-a (key0000001) of partners is disabled",
    );
    assert!(report
        .remediation
        .as_deref()
        .is_some_and(|r| r.contains("update-api-key --api-key key0000001")));

    let mut f = Fixture::healthy();
    f.plan_keys.clear();
    expect(
        &run(&f, CheckId::Throttling).await,
        Status::Fail,
        "is not in the usage plan partners",
    );
    f.api_keys.clear();
    expect(
        &run(&f, CheckId::Throttling).await,
        Status::Fail,
        "the API key partner-a does not exist",
    );
    f.plans[0].api_stages.clear();
    expect(
        &run(&f, CheckId::Throttling).await,
        Status::Fail,
        "does not apply to a1b2c3d4e5:live",
    );
    f.plans.clear();
    expect(
        &run(&f, CheckId::Throttling).await,
        Status::Fail,
        "the usage plan partners does not exist",
    );

    let mut f = Fixture::healthy();
    f.metrics
        .insert(apigw_alarms::METRIC_COUNT, steady(3, 5400.0, None));
    let report = run(&f, CheckId::Throttling).await;
    expect(
        &report,
        Status::Warn,
        "averaged 90.0 requests/s, 90 % of the stage's rate limit of 100",
    );
    if let Some(stage) = f.stage.as_mut() {
        stage.method_settings.clear();
    }
    expect(
        &run(&f, CheckId::Throttling).await,
        Status::Warn,
        "has no stage-wide throttling",
    );
}

// --- alarms ----------------------------------------------------------------------------------

#[tokio::test]
async fn alarms_fail_when_missing_silent_or_firing() {
    let f = Fixture::healthy();
    let none = Target::builder().api_name("orders");
    expect(
        &run_with(&f, none, CheckId::Alarms).await,
        Status::Skipped,
        "expects no alarms",
    );

    let mut f = Fixture::healthy();
    f.alarms.remove(1);
    let report = run(&f, CheckId::Alarms).await;
    expect(
        &report,
        Status::Fail,
        "the alarm orders-live-5XXError does not exist",
    );
    assert_eq!(report.evidence["missing"], json!(["orders-live-5XXError"]));

    let mut f = Fixture::healthy();
    f.alarms[0].alarm_actions = vec!["arn:aws:sns:eu-west-1:123456789012:elsewhere".to_owned()];
    expect(
        &run(&f, CheckId::Alarms).await,
        Status::Fail,
        &format!("orders-live-4XXError does not notify {TOPIC_ARN}"),
    );

    let mut f = Fixture::healthy();
    f.alarms[2].state = AlarmState::Alarm;
    f.alarms[0].state = AlarmState::InsufficientData;
    let report = run(&f, CheckId::Alarms).await;
    expect(&report, Status::Fail, "orders-live-Latency is in ALARM");
    assert!(report
        .remediation
        .as_deref()
        .is_some_and(|r| r.contains("latency check")));

    let mut f = Fixture::healthy();
    f.topic = None;
    expect(
        &run(&f, CheckId::Alarms).await,
        Status::Fail,
        "the SNS topic ops-alerts does not exist",
    );
    f.denied = Some("DescribeAlarms");
    expect(
        &run(&f, CheckId::Alarms).await,
        Status::Error,
        "not authorized",
    );
}

#[tokio::test]
async fn an_unrelated_method_authorization_is_only_evidence() {
    let mut f = Fixture::healthy();
    f.get_mut("/health").authorization = Authorization::AwsIam;
    // /health is expected without a stated authorization: AWS_IAM there is a surprise.
    expect(
        &run(&f, CheckId::Forbidden).await,
        Status::Warn,
        "GET /health (AWS_IAM)",
    );
}
