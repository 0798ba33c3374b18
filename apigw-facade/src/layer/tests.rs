//! [`WithRuntime`] over the simulator: faults the simulator injects are handled as the SDK
//! adapters handle AWS's, on paused tokio time.

use std::time::Duration;

use apigw_alarms::{CloudWatch, MetricDatum};
use apigw_certs::{CertificateRequest, CertificateStatus, Certificates};
use apigw_core::iam::{Iam, RoleSpec};
use apigw_core::restapi::{
    ApiGateway, Authorization, EndpointType, Integration, MethodSpec, NewDeployment, NewRestApi,
    RestApi, Tags,
};
use apigw_core::runtime::{PacingConfig, RetryPolicy};
use apigw_core::{Caller, ErrorKind, RuntimeConfig};
use apigw_dns::{Change, ChangeStatus, Dns, RecordSet};
use apigw_sim::{Call, Faults, Latency, Sim, SimConfig};

use super::WithRuntime;
use crate::Backends;

const REGION: &str = "us-west-2";

/// No pacing, default retry bounds (12 attempts, 120 s), reproducible jitter.
fn caller() -> Caller {
    Caller::new(RuntimeConfig {
        pacing: PacingConfig::disabled(),
        retry: RetryPolicy::default().with_jitter_seed(1),
        ..RuntimeConfig::default()
    })
}

fn new_api(name: &str) -> NewRestApi {
    NewRestApi {
        name: name.to_owned(),
        description: None,
        endpoint_type: EndpointType::Regional,
        tags: Tags::from([("apigw:owner".to_owned(), name.to_owned())]),
    }
}

fn calls_of<'a>(calls: &'a [Call], operation: &str) -> Vec<&'a Call> {
    calls.iter().filter(|c| c.operation == operation).collect()
}

/// Lowers the simulator's faults to none `after` from now (a task on the paused clock).
fn lower_faults_after(sim: &Sim, after: Duration) -> tokio::task::JoinHandle<()> {
    let sim = sim.clone();
    tokio::spawn(async move {
        tokio::time::sleep(after).await;
        sim.set_faults(Faults::none());
    })
}

#[tokio::test(start_paused = true)]
async fn throttled_answers_are_retried_until_the_sequence_succeeds() {
    let sim = Sim::new(SimConfig::default().faults(Faults::flaky(0.5, 0.0)));
    let apigw = WithRuntime::new(sim.clone(), caller());

    let api = apigw
        .create_rest_api(&new_api("orders"))
        .await
        .expect("CreateRestApi retried");
    let tree = apigw.get_resources(&api.id).await.expect("GetResources");
    let root = tree.iter().find(|r| r.path == "/").expect("root resource");
    let users = apigw
        .create_resource(&api.id, &root.id, "users")
        .await
        .expect("CreateResource retried");

    assert_eq!(users.path, "/users");
    let journal = sim.journal();
    assert!(
        journal.errors_of(ErrorKind::Throttled) > 0,
        "the seed throttled some calls: {:?}",
        journal.calls()
    );
    for op in ["CreateRestApi", "GetResources", "CreateResource"] {
        let calls = calls_of(journal.calls(), op);
        let ok = calls.iter().filter(|c| c.error.is_none()).count();
        assert_eq!(ok, 1, "{op} succeeded once: {calls:?}");
        assert!(calls[..calls.len() - 1]
            .iter()
            .all(|c| c.error == Some(ErrorKind::Throttled)));
    }
    // A throttled create stored nothing: it is sent again without a lookup.
    assert!(calls_of(journal.calls(), "GetRestApis").is_empty());
    // Undecorated, the simulator fails at its first throttled answer; decorated it does not.
    assert_eq!(
        apigw.find_rest_apis("orders").await.expect("listed").len(),
        1
    );
}

/// Every call fails transiently until 150 ms; answers take 100 ms, so the first attempt of
/// the create fails (before or after taking effect, by the seed) and everything after it is
/// served.
#[tokio::test(start_paused = true)]
async fn a_create_that_took_effect_before_a_transient_failure_is_adopted_not_repeated() {
    let (mut adopted, mut created_again) = (0, 0);
    for seed in 0..8 {
        let sim = Sim::new(
            SimConfig::default()
                .seed(seed)
                .latency(Latency::Fixed(Duration::from_millis(100)))
                .faults(Faults::flaky(0.0, 1.0)),
        );
        let apigw = WithRuntime::new(sim.clone(), caller());
        let lowered = lower_faults_after(&sim, Duration::from_millis(150));

        let api: RestApi = apigw
            .create_rest_api(&new_api("orders"))
            .await
            .expect("created or adopted");
        lowered.await.expect("faults lowered");

        let all = sim.find_rest_apis("orders").await.expect("listed");
        assert_eq!(all.len(), 1, "seed {seed}: exactly one API named orders");
        assert_eq!(all[0].id, api.id);
        let journal = sim.journal();
        let creates = calls_of(journal.calls(), "CreateRestApi");
        assert_eq!(creates[0].error, Some(ErrorKind::Transient));
        match creates.len() {
            // The write took effect: the lookup found it, nothing was sent again.
            1 => adopted += 1,
            // It did not: the lookup found nothing, one more create.
            2 => {
                assert_eq!(creates[1].error, None);
                created_again += 1;
            }
            n => panic!("seed {seed}: {n} CreateRestApi calls"),
        }
        assert!(!calls_of(journal.calls(), "GetRestApis").is_empty());
    }
    assert!(adopted > 0, "some seed failed after the write");
    assert!(created_again > 0, "some seed failed before the write");
}

#[tokio::test(start_paused = true)]
async fn a_deployment_that_took_effect_before_a_transient_failure_is_not_deployed_twice() {
    let (mut adopted, mut created_again) = (0, 0);
    for seed in 0..8 {
        let sim = Sim::new(
            SimConfig::default()
                .seed(seed)
                .latency(Latency::Fixed(Duration::from_millis(100))),
        );
        let apigw = WithRuntime::new(sim.clone(), caller());
        let api = apigw
            .create_rest_api(&new_api("orders"))
            .await
            .expect("api");
        let root = api.root_resource_id.clone().expect("root id");
        apigw
            .put_method(&api.id, &root, &MethodSpec::new("GET", Authorization::None))
            .await
            .expect("method");
        apigw
            .put_integration(&api.id, &root, "GET", &Integration::mock())
            .await
            .expect("integration");
        let before = sim.journal().calls().len();
        sim.set_faults(Faults::flaky(0.0, 1.0));
        let lowered = lower_faults_after(&sim, Duration::from_millis(150));

        let deployment = apigw
            .create_deployment(
                &api.id,
                &NewDeployment {
                    stage_name: Some("live".into()),
                    description: "hash-1".into(),
                },
            )
            .await
            .expect("deployed or adopted");
        lowered.await.expect("faults lowered");

        let deployments = sim.list_deployments(&api.id).await.expect("listed");
        assert_eq!(deployments.len(), 1, "seed {seed}: one deployment");
        assert_eq!(deployments[0].id, deployment.id);
        let stage = sim.get_stage(&api.id, "live").await.expect("stage");
        assert_eq!(stage.deployment_id.as_deref(), Some(deployment.id.as_str()));
        let journal = sim.journal();
        match calls_of(journal.since(before), "CreateDeployment").len() {
            1 => adopted += 1,
            2 => created_again += 1,
            n => panic!("seed {seed}: {n} CreateDeployment calls"),
        }
    }
    assert!(
        adopted > 0 && created_again > 0,
        "{adopted} / {created_again}"
    );
}

#[tokio::test(start_paused = true)]
async fn limit_exceeded_is_not_retried() {
    let sim = Sim::new(SimConfig::default());
    let api = sim.create_rest_api(&new_api("orders")).await.expect("api");
    let root = api.root_resource_id.clone().expect("root id");
    // 300 resources per API, the root included.
    for n in 1..300 {
        sim.create_resource(&api.id, &root, &format!("r{n}"))
            .await
            .expect("within the quota");
    }
    let apigw = WithRuntime::new(sim.clone(), caller());
    let before = sim.journal().calls().len();

    let err = apigw
        .create_resource(&api.id, &root, "one-too-many")
        .await
        .unwrap_err();

    assert_eq!(err.kind(), ErrorKind::LimitExceeded);
    assert_eq!(err.attempts(), 1);
    assert_eq!(sim.journal().since(before).len(), 1, "one call, no retry");
}

#[tokio::test(start_paused = true)]
async fn a_transient_failure_of_put_metric_data_is_returned_and_reads_are_retried() {
    let sim = Sim::new(SimConfig::default().faults(Faults::flaky(0.0, 1.0)));
    let cloudwatch = WithRuntime::new(sim.clone(), caller());
    let datum = MetricDatum {
        name: "Count".into(),
        dimensions: vec![("ApiName".into(), "orders".into())],
        timestamp: None,
        value: 1.0,
        unit: None,
    };

    let err = cloudwatch
        .put_metric_data("AWS/ApiGateway", &[datum])
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transient);
    assert_eq!(err.attempts(), 1, "a repeat would count the values twice");

    let err = cloudwatch
        .describe_alarms_with_prefix("orders-")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transient);
    assert_eq!(err.attempts(), 12, "reads retried to the attempt cap");
}

#[tokio::test(start_paused = true)]
async fn create_rest_api_is_paced_by_its_quota() {
    let sim = Sim::new(SimConfig::default());
    let caller = Caller::new(RuntimeConfig {
        retry: RetryPolicy::default().with_jitter_seed(1),
        ..RuntimeConfig::default()
    });
    let apigw = WithRuntime::new(sim.clone(), caller);

    for name in ["a", "b", "c"] {
        apigw
            .create_rest_api(&new_api(name))
            .await
            .expect("created");
    }

    let journal = sim.journal();
    let starts: Vec<Duration> = calls_of(journal.calls(), "CreateRestApi")
        .iter()
        .map(|c| c.start)
        .collect();
    assert_eq!(starts.len(), 3);
    for pair in starts.windows(2) {
        assert!(
            pair[1] - pair[0] >= Duration::from_millis(2_990),
            "1 CreateRestApi per 3 s: {starts:?}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn wait_in_sync_retries_each_poll() {
    let sim = Sim::new(SimConfig::default().seed(3).faults(Faults::flaky(0.5, 0.0)));
    let zone = sim.create_hosted_zone("example.com");
    let dns = WithRuntime::new(sim.clone(), caller());
    let record = RecordSet::cname("www.example.com", "orders.example.net", 300);
    let change = dns
        .change_records(&zone, vec![Change::upsert(record)])
        .await
        .expect("submitted");

    let info = dns
        .wait_in_sync(
            &format!("/change/{}", change.id),
            Duration::from_secs(60),
            Duration::from_millis(500),
        )
        .await
        .expect("in sync");

    assert_eq!(info.status, ChangeStatus::InSync);
    let journal = sim.journal();
    let polls = calls_of(journal.calls(), "GetChange");
    assert!(
        polls.iter().any(|c| c.error == Some(ErrorKind::Throttled)),
        "a poll was throttled and retried: {polls:?}"
    );
    assert_eq!(polls.last().map(|c| c.error), Some(None));
}

#[tokio::test(start_paused = true)]
async fn wait_in_sync_times_out_with_the_adapters_message() {
    let sim = Sim::new(SimConfig::default());
    sim.set_dns_propagation(Duration::from_secs(600));
    let zone = sim.create_hosted_zone("example.com");
    let dns = WithRuntime::new(sim.clone(), caller());
    let record = RecordSet::cname("www.example.com", "orders.example.net", 300);
    let change = dns
        .change_records(&zone, vec![Change::upsert(record)])
        .await
        .expect("submitted");

    let err = dns
        .wait_in_sync(&change.id, Duration::from_secs(5), Duration::from_secs(1))
        .await
        .unwrap_err();

    assert_eq!(err.kind(), ErrorKind::WaitTimeout);
    assert_eq!(err.operation(), "WaitForChangeInSync");
    assert_eq!(err.resource(), Some(change.id.as_str()));
    assert_eq!(
        err.message(),
        format!(
            "change {} was still PENDING after waiting 5.0s (6 polls, limit 5.0s)",
            change.id
        )
    );
}

#[tokio::test(start_paused = true)]
async fn wait_until_issued_stops_with_acms_reason_and_times_out_naming_the_cname() {
    let sim = Sim::new(SimConfig::default().seed(5).faults(Faults::flaky(0.3, 0.0)));
    let certs = WithRuntime::new(sim.clone(), caller());
    let arn = certs
        .request_certificate(REGION, &CertificateRequest::new("api.example.com"))
        .await
        .expect("requested");

    let err = certs
        .wait_until_issued(
            REGION,
            &arn,
            Duration::from_secs(10),
            Duration::from_secs(1),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::WaitTimeout);
    assert_eq!(err.operation(), "WaitForCertificateIssued");
    assert!(
        err.message().contains(
            "still PENDING_VALIDATION after waiting 10.0s; validation pending for: api.example.com"
        ),
        "{}",
        err.message()
    );

    assert!(sim.set_certificate_status(&arn, CertificateStatus::Failed));
    let err = certs
        .wait_until_issued(
            REGION,
            &arn,
            Duration::from_secs(10),
            Duration::from_secs(1),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
    assert_eq!(err.resource(), Some(arn.as_str()));
    assert!(
        err.message().contains("is FAILED (reason: OTHER)"),
        "{}",
        err.message()
    );
}

#[tokio::test(start_paused = true)]
async fn wait_for_validation_records_polls_until_acm_wrote_them() {
    let sim = Sim::new(SimConfig::default().seed(7).faults(Faults::flaky(0.3, 0.0)));
    sim.set_acm_record_delay(Duration::from_secs(3));
    let certs = WithRuntime::new(sim.clone(), caller());
    let arn = certs
        .request_certificate(REGION, &CertificateRequest::new("api.example.com"))
        .await
        .expect("requested");

    let cert = certs
        .wait_for_validation_records(
            REGION,
            &arn,
            Duration::from_secs(30),
            Duration::from_secs(1),
        )
        .await
        .expect("records");

    assert!(cert.has_all_validation_records());
}

#[tokio::test(start_paused = true)]
async fn uniform_with_runtime_sends_all_six_concerns_through_the_caller() {
    let sim = Sim::new(SimConfig::default().faults(Faults::flaky(1.0, 0.0)));
    let backends = Backends::uniform_with_runtime(sim.clone(), REGION, caller());

    let errors = [
        backends.apigw.find_rest_apis("orders").await.map(drop),
        backends.iam.get_role("orders").await.map(drop),
        backends.dns.find_zone("example.com").await.map(drop),
        backends.certs.list_certificates(REGION).await.map(drop),
        backends
            .cloudwatch
            .describe_alarms_with_prefix("orders")
            .await
            .map(drop),
        backends.topics.resolve("alerts").await.map(drop),
    ];

    for result in errors {
        let err = result.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Throttled);
        assert_eq!(err.attempts(), 12, "{err}");
    }
    assert_eq!(sim.journal().calls().len(), 6 * 12);
    assert_eq!(backends.region, REGION);
}

#[tokio::test(start_paused = true)]
async fn a_create_role_that_took_effect_before_a_transient_failure_is_adopted() {
    let mut adopted = 0;
    for seed in 0..8 {
        let sim = Sim::new(
            SimConfig::default()
                .seed(seed)
                .latency(Latency::Fixed(Duration::from_millis(100)))
                .faults(Faults::flaky(0.0, 1.0)),
        );
        let iam = WithRuntime::new(sim.clone(), caller());
        let lowered = lower_faults_after(&sim, Duration::from_millis(150));

        let role = iam
            .create_role(&RoleSpec::for_api_gateway("orders-invoke"))
            .await
            .expect("created or adopted, never AlreadyExists");
        lowered.await.expect("faults lowered");

        assert_eq!(role.name, "orders-invoke");
        let journal = sim.journal();
        let creates = calls_of(journal.calls(), "CreateRole");
        assert_eq!(creates[0].error, Some(ErrorKind::Transient));
        if creates.len() == 1 {
            adopted += 1;
        }
    }
    assert!(adopted > 0, "some seed failed after the write");
}
