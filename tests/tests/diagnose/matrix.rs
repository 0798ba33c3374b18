//! The fault matrix: healthy `full.toml` passes every check (no false positives); each fault,
//! on its own freshly provisioned account, makes exactly its check fail (or warn) and leaves
//! the others passing.

use std::time::{Duration, SystemTime};

use apigw_alarms::{AlarmState, CloudWatch};
use apigw_core::iam::Iam;
use apigw_core::restapi::ApiGateway;
use apigw_diagnose::{CheckId, Report, Status};
use apigw_dns::{AliasTarget, Change, Dns, RecordSet, RecordType};
use apigw_facade::spec::GatewaySpec;
use apigw_facade::Artifact;
use apigw_sim::{Sim, SimConfig};
use serde_json::json;

use crate::support::{
    assert_only, diagnoser, inject, provisioned, statuses, target, target_builder, Traffic,
};

/// A provisioned account with `traffic`, diagnosed after `fault`.
async fn diagnose_with(
    traffic: Traffic,
    fault: impl AsyncFnOnce(&GatewaySpec, &Sim, &Artifact),
) -> Report {
    let (spec, sim, artifact) = provisioned(SimConfig::default()).await;
    inject(&sim, &spec, traffic);
    fault(&spec, &sim, &artifact).await;
    diagnoser(&sim).run_all(&target(&spec)).await
}

async fn healthy_with(fault: impl AsyncFnOnce(&GatewaySpec, &Sim, &Artifact)) -> Report {
    diagnose_with(Traffic::HEALTHY, fault).await
}

fn evidence(report: &Report, id: CheckId) -> &serde_json::Value {
    &report.check(id).expect("check ran").evidence
}

fn summary(report: &Report, id: CheckId) -> &str {
    &report.check(id).expect("check ran").summary
}

#[tokio::test(start_paused = true)]
async fn healthy_full_spec_passes_every_check() {
    let report = healthy_with(async |_, _, _| {}).await;
    for check in &report.checks {
        assert_eq!(check.status, Status::Pass, "{}", statuses(&report));
        assert!(
            check.remediation.is_none(),
            "{}: {:?}",
            check.id,
            check.remediation
        );
    }
    assert_eq!(report.api_name.as_deref(), Some("orders"));
    assert!(report.api_id.is_some());
    let latency = evidence(&report, CheckId::Latency);
    assert_eq!(latency["latency_average_ms"], 100.0);
    assert_eq!(latency["dominant"], "backend");
    let json = serde_json::to_string_pretty(&report).expect("serializes");
    println!("{json}");
    assert!(
        !json.contains("\"value\""),
        "no API key value may appear: {json}"
    );
}

#[tokio::test(start_paused = true)]
async fn server_errors_above_the_threshold_fail_server_errors() {
    let traffic = Traffic {
        errors_5xx: 30.0,
        ..Traffic::HEALTHY
    };
    let report = diagnose_with(traffic, async |_, _, _| {}).await;
    assert_only(&report, CheckId::ServerErrors, Status::Fail);
    let seen = evidence(&report, CheckId::ServerErrors);
    assert_eq!(seen["rate_percent"], 5.0);
    assert_eq!(seen["threshold_percent"], 1.0);
    let command = &report.check(CheckId::ServerErrors).expect("ran").command;
    assert!(
        command.contains(
            "--metric-name 5XXError --dimensions Name=ApiName,Value=orders Name=Stage,Value=live"
        ) && command.contains("--period 60 --statistics Sum --region eu-west-1"),
        "{command}"
    );
}

#[tokio::test(start_paused = true)]
async fn client_errors_above_the_threshold_fail_client_errors() {
    let traffic = Traffic {
        errors_4xx: 60.0,
        ..Traffic::HEALTHY
    };
    let report = diagnose_with(traffic, async |_, _, _| {}).await;
    assert_only(&report, CheckId::ClientErrors, Status::Fail);
    assert_eq!(
        evidence(&report, CheckId::ClientErrors)["rate_percent"],
        10.0
    );
}

#[tokio::test(start_paused = true)]
async fn a_few_client_errors_below_the_threshold_warn() {
    let traffic = Traffic {
        errors_4xx: 3.0,
        ..Traffic::HEALTHY
    };
    let report = diagnose_with(traffic, async |_, _, _| {}).await;
    assert_only(&report, CheckId::ClientErrors, Status::Warn);
}

#[tokio::test(start_paused = true)]
async fn high_latency_spent_in_the_gateway_fails_latency_and_says_gateway() {
    let traffic = Traffic {
        latency_ms: 3000.0,
        integration_latency_ms: 100.0,
        ..Traffic::HEALTHY
    };
    let report = diagnose_with(traffic, async |_, _, _| {}).await;
    assert_only(&report, CheckId::Latency, Status::Fail);
    assert_eq!(evidence(&report, CheckId::Latency)["dominant"], "gateway");
    assert!(summary(&report, CheckId::Latency).contains("API Gateway dominates"));
}

#[tokio::test(start_paused = true)]
async fn high_latency_spent_in_the_backend_fails_latency_and_says_backend() {
    let traffic = Traffic {
        latency_ms: 3000.0,
        integration_latency_ms: 2900.0,
        ..Traffic::HEALTHY
    };
    let report = diagnose_with(traffic, async |_, _, _| {}).await;
    assert_only(&report, CheckId::Latency, Status::Fail);
    let seen = evidence(&report, CheckId::Latency);
    assert_eq!(seen["dominant"], "backend");
    assert_eq!(seen["integration_latency_average_ms"], 2900.0);
    assert!(summary(&report, CheckId::Latency).contains("the backend dominates"));
}

/// The zone and the alias records of the custom domain.
async fn alias_records(sim: &Sim, artifact: &Artifact) -> (String, Vec<RecordSet>) {
    let zone = sim
        .find_zone("example.com")
        .await
        .expect("lookup")
        .expect("zone");
    let name = &artifact.domain.as_ref().expect("domain").name;
    let records = sim
        .list_records(&zone.id, Some(name.clone()))
        .await
        .expect("records")
        .into_iter()
        .filter(|r| r.is_named(name) && r.is_alias())
        .collect();
    (zone.id, records)
}

#[tokio::test(start_paused = true)]
async fn a_deleted_alias_record_fails_dns() {
    let report = healthy_with(async |_, sim, artifact| {
        let (zone, records) = alias_records(sim, artifact).await;
        assert_eq!(records.len(), 2, "A and AAAA");
        sim.change_records(&zone, records.into_iter().map(Change::delete).collect())
            .await
            .expect("delete");
    })
    .await;
    assert_only(&report, CheckId::Dns, Status::Fail);
    assert!(summary(&report, CheckId::Dns).contains("has no alias record"));
    let remediation = report
        .check(CheckId::Dns)
        .and_then(|c| c.remediation.clone());
    assert!(remediation
        .is_some_and(|r| r.contains("aws route53 change-resource-record-sets")
            && r.contains("Z2FDTNDATAQYW2")),);
}

#[tokio::test(start_paused = true)]
async fn an_alias_at_the_wrong_target_fails_dns() {
    let report = healthy_with(async |_, sim, artifact| {
        let (zone, _) = alias_records(sim, artifact).await;
        let name = &artifact.domain.as_ref().expect("domain").name;
        let wrong = AliasTarget {
            dns_name: "d0ther0distribution.cloudfront.net".to_owned(),
            hosted_zone_id: "Z2FDTNDATAQYW2".to_owned(),
            evaluate_target_health: false,
        };
        sim.change_records(
            &zone,
            vec![Change::upsert(RecordSet::alias(name, RecordType::A, wrong))],
        )
        .await
        .expect("upsert");
    })
    .await;
    assert_only(&report, CheckId::Dns, Status::Fail);
    assert!(summary(&report, CheckId::Dns).contains("d0ther0distribution.cloudfront.net"));
}

fn in_a_year() -> SystemTime {
    SystemTime::now() + Duration::from_secs(365 * 86_400)
}

/// The sim, like AWS, refuses a custom domain name whose certificate does not cover it or sits
/// in the wrong region, so these faults are a certificate the target names (a spec's
/// bring-your-own `certificate_arn`) that is wrong.
async fn diagnose_with_certificate(region: &str, domain: &str) -> Report {
    let (spec, sim, _) = provisioned(SimConfig::default()).await;
    inject(&sim, &spec, Traffic::HEALTHY);
    let arn = sim.import_certificate(region, domain, &[], in_a_year());
    let mut target = target_builder(&spec);
    let domain_target = target_domain(&spec).certificate_arn(arn);
    target = target.domain(domain_target);
    diagnoser(&sim)
        .run_all(&target.build().expect("valid"))
        .await
}

fn target_domain(spec: &GatewaySpec) -> apigw_diagnose::DomainTarget {
    crate::support::target(spec)
        .domain
        .expect("full.toml has a domain")
}

#[tokio::test(start_paused = true)]
async fn a_certificate_for_another_domain_fails_certificate() {
    let report = diagnose_with_certificate("us-east-1", "shop.example.org").await;
    assert_only(&report, CheckId::Certificate, Status::Fail);
    assert!(
        summary(&report, CheckId::Certificate)
            .contains("covers shop.example.org, not orders.example.com"),
        "{}",
        summary(&report, CheckId::Certificate)
    );
}

#[tokio::test(start_paused = true)]
async fn an_edge_certificate_outside_us_east_1_fails_certificate() {
    let report = diagnose_with_certificate("eu-west-1", "orders.example.com").await;
    assert_only(&report, CheckId::Certificate, Status::Fail);
    let check = report.check(CheckId::Certificate).expect("ran");
    assert!(
        check
            .summary
            .contains("is in eu-west-1; an EDGE custom domain needs one in us-east-1"),
        "{}",
        check.summary
    );
    assert!(
        check.command.contains("--region eu-west-1"),
        "{}",
        check.command
    );
}

#[tokio::test(start_paused = true)]
async fn a_detached_role_policy_fails_iam_role() {
    let report = healthy_with(async |spec, sim, _| {
        let role = spec.execution_role.as_ref().expect("role");
        sim.detach_managed_policy(&role.name, &role.managed_policies[0])
            .await
            .expect("detach");
    })
    .await;
    assert_only(&report, CheckId::IamRole, Status::Fail);
    assert_eq!(
        evidence(&report, CheckId::IamRole)["missing_policies"],
        json!(["arn:aws:iam::aws:policy/service-role/AWSLambdaRole"])
    );
}

#[tokio::test(start_paused = true)]
async fn a_role_api_gateway_may_not_assume_fails_iam_role() {
    let report = healthy_with(async |spec, sim, _| {
        let role = spec.execution_role.as_ref().expect("role");
        let lambda_only = json!({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
        });
        sim.create_role_with_trust(&role.name, lambda_only);
        for policy in &role.managed_policies {
            sim.attach_managed_policy(&role.name, policy)
                .await
                .expect("attach");
        }
    })
    .await;
    assert_only(&report, CheckId::IamRole, Status::Fail);
    let seen = evidence(&report, CheckId::IamRole);
    assert_eq!(seen["trusts_api_gateway"], false);
    assert_eq!(seen["missing_policies"], json!([]));
}

/// The resource at `path` of the provisioned API.
async fn resource_id(sim: &Sim, artifact: &Artifact, path: &str) -> String {
    sim.get_resources(&artifact.rest_api_id)
        .await
        .expect("tree")
        .into_iter()
        .find(|r| r.path == path)
        .map(|r| r.id)
        .expect("resource exists")
}

#[tokio::test(start_paused = true)]
async fn a_deleted_resource_fails_not_found() {
    let report = healthy_with(async |_, sim, artifact| {
        let id = resource_id(sim, artifact, "/version").await;
        sim.delete_resource(&artifact.rest_api_id, &id)
            .await
            .expect("delete");
    })
    .await;
    assert_only(&report, CheckId::NotFound, Status::Fail);
    assert_eq!(
        evidence(&report, CheckId::NotFound)["missing"],
        json!(["GET /version"])
    );
}

#[tokio::test(start_paused = true)]
async fn a_deleted_integration_fails_integration() {
    let report = healthy_with(async |_, sim, artifact| {
        let id = resource_id(sim, artifact, "/customers").await;
        sim.delete_integration(&artifact.rest_api_id, &id, "GET")
            .await
            .expect("delete");
    })
    .await;
    assert_only(&report, CheckId::Integration, Status::Fail);
    assert!(summary(&report, CheckId::Integration).contains("GET /customers has no integration"));
}

#[tokio::test(start_paused = true)]
async fn a_key_removed_from_its_usage_plan_fails_throttling() {
    let report = healthy_with(async |_, sim, artifact| {
        let plan = artifact
            .usage_plans
            .iter()
            .find(|p| p.name == "partners")
            .expect("plan");
        let key = plan
            .api_keys
            .iter()
            .find(|k| k.name == "partner-a")
            .expect("key");
        sim.delete_usage_plan_key(&plan.id, &key.id)
            .await
            .expect("remove");
    })
    .await;
    assert_only(&report, CheckId::Throttling, Status::Fail);
    assert!(
        summary(&report, CheckId::Throttling).contains("partner-a")
            && summary(&report, CheckId::Throttling).contains("is not in the usage plan partners"),
        "{}",
        summary(&report, CheckId::Throttling)
    );
}

#[tokio::test(start_paused = true)]
async fn a_deleted_alarm_fails_alarms() {
    let report = healthy_with(async |_, sim, _| {
        sim.delete_alarms(&["orders-live-5XXError".to_owned()])
            .await
            .expect("delete");
    })
    .await;
    assert_only(&report, CheckId::Alarms, Status::Fail);
    assert_eq!(
        evidence(&report, CheckId::Alarms)["missing"],
        json!(["orders-live-5XXError"])
    );
}

#[tokio::test(start_paused = true)]
async fn an_alarm_in_alarm_fails_alarms_and_insufficient_data_does_not() {
    let report = healthy_with(async |_, sim, _| {
        assert!(sim.set_alarm_state("orders-live-Latency", AlarmState::Alarm));
        assert!(sim.set_alarm_state("orders-live-4XXError", AlarmState::InsufficientData));
    })
    .await;
    assert_only(&report, CheckId::Alarms, Status::Fail);
    assert!(summary(&report, CheckId::Alarms).contains("orders-live-Latency is in ALARM"));
}
