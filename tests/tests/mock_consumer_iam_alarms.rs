//! Mock-consumer tests for the IAM and alarms concerns: small consumer functions, written as a
//! crate depending on apigw would write them, driven through `MockIam`, `MockCloudWatch` and
//! `MockTopics` (the `mock` feature). No AWS, no SDK types: only our models and errors.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use apigw_alarms::{
    Alarm, AlarmSpec, AlarmState, CloudWatch, Datapoint, ErrorMetric, MetricQuery, MockCloudWatch,
    MockTopics, Statistic, Topic, Topics, METRIC_4XX, METRIC_COUNT,
};
use apigw_core::iam::{AttachedPolicy, Iam, MockIam, Role, RoleSpec, API_GATEWAY_SERVICE};
use apigw_core::{Error, ErrorKind, Result};
use mockall::predicate::eq;
use mockall::Sequence;

const LAMBDA_ROLE: &str = "arn:aws:iam::aws:policy/service-role/AWSLambdaRole";
const TOPIC: &str = "arn:aws:sns:us-west-2:123456789012:ops-alerts";

// ---------------------------------------------------------------------------------------------
// Consumer code.

/// Ensures the execution role exists, trusts API Gateway, and has `policies` attached; returns
/// its ARN and the policies it had to attach.
async fn ensure_execution_role(
    iam: &dyn Iam,
    name: &str,
    policies: &[&str],
) -> Result<(String, Vec<String>)> {
    let role = match iam.create_role(&RoleSpec::for_api_gateway(name)).await {
        Ok(role) => role,
        Err(e) if e.kind() == ErrorKind::AlreadyExists => iam.get_role(name).await?,
        Err(e) => return Err(e),
    };
    if !role.trusts_service(API_GATEWAY_SERVICE) {
        return Err(Error::new(
            ErrorKind::Invalid,
            "EnsureRole",
            "the existing role does not trust apigateway.amazonaws.com",
        )
        .with_resource(name));
    }
    let attached = iam.list_attached_policies(name).await?;
    let mut added = Vec::new();
    for policy in policies {
        if !attached.iter().any(|p| p.arn == *policy) {
            iam.attach_managed_policy(name, policy).await?;
            added.push((*policy).to_owned());
        }
    }
    Ok((role.arn, added))
}

/// Removes the role: detach, delete inline policies, delete; a role already gone is fine.
async fn remove_execution_role(iam: &dyn Iam, name: &str) -> Result<bool> {
    let attached = match iam.list_attached_policies(name).await {
        Ok(attached) => attached,
        Err(e) if e.is_not_found() => return Ok(false),
        Err(e) => return Err(e),
    };
    for policy in attached {
        iam.detach_managed_policy(name, &policy.arn).await?;
    }
    for policy in iam.list_inline_policy_names(name).await? {
        iam.delete_inline_policy(name, &policy).await?;
    }
    iam.delete_role(name).await?;
    Ok(true)
}

/// What a monitoring check reports about the three DESIGN alarms of an API stage.
async fn alarm_findings(
    cloudwatch: &dyn CloudWatch,
    topics: &dyn Topics,
    api: &str,
    stage: &str,
    topic: &str,
) -> Result<Vec<String>> {
    let Some(topic) = topics.resolve(topic).await? else {
        return Ok(vec![format!("topic {topic} does not exist")]);
    };
    let wanted = [
        AlarmSpec::error_rate(
            api,
            stage,
            ErrorMetric::ClientErrors,
            5.0,
            300,
            1,
            &topic.arn,
        ),
        AlarmSpec::error_rate(
            api,
            stage,
            ErrorMetric::ServerErrors,
            1.0,
            300,
            1,
            &topic.arn,
        ),
        AlarmSpec::average_latency(api, stage, 1000.0, 300, 1, &topic.arn),
    ];
    let names: Vec<String> = wanted.iter().map(|s| s.name.clone()).collect();
    let live = cloudwatch.describe_alarms(&names).await?;
    let mut findings = Vec::new();
    for spec in &wanted {
        match live.iter().find(|a| a.name == spec.name) {
            None => findings.push(format!("{}: missing", spec.name)),
            Some(alarm) if !alarm.notifies(&topic.arn) => {
                findings.push(format!("{}: wrong topic", spec.name))
            }
            Some(alarm) if alarm.is_alarming() => findings.push(format!("{}: in ALARM", spec.name)),
            Some(_) => {}
        }
    }
    Ok(findings)
}

/// The 4XX rate in percent over a window: Sum of 4XXError over Sum of Count.
async fn client_error_rate(
    cloudwatch: &dyn CloudWatch,
    api: &str,
    stage: &str,
    start: SystemTime,
    end: SystemTime,
) -> Result<Option<f64>> {
    let total = |points: Vec<Datapoint>| points.iter().filter_map(|p| p.sum).sum::<f64>();
    let query = |metric: &str| {
        MetricQuery::api_gateway(metric, api, Some(stage), start, end, 60)
            .with_statistics([Statistic::Sum])
    };
    let errors = total(cloudwatch.get_metric_statistics(&query(METRIC_4XX)).await?);
    let requests = total(
        cloudwatch
            .get_metric_statistics(&query(METRIC_COUNT))
            .await?,
    );
    Ok((requests > 0.0).then(|| 100.0 * errors / requests))
}

// ---------------------------------------------------------------------------------------------
// Fixtures.

fn role(name: &str, trusted: &str) -> Role {
    Role {
        name: name.to_owned(),
        arn: format!("arn:aws:iam::123456789012:role/{name}"),
        id: "AROAEXAMPLE".to_owned(),
        path: "/".to_owned(),
        description: None,
        trust_policy: Some(apigw_core::iam::service_trust_policy(trusted)),
        max_session_duration: Some(3600),
        created: None,
        tags: BTreeMap::new(),
    }
}

fn live(spec: &AlarmSpec, state: AlarmState, topic: &str) -> Alarm {
    Alarm {
        name: spec.name.clone(),
        arn: format!(
            "arn:aws:cloudwatch:us-west-2:123456789012:alarm:{}",
            spec.name
        ),
        description: spec.description.clone(),
        state,
        state_reason: None,
        state_updated: None,
        actions_enabled: true,
        alarm_actions: vec![topic.to_owned()],
        ok_actions: vec![topic.to_owned()],
        insufficient_data_actions: Vec::new(),
        threshold: Some(spec.threshold),
        comparison: Some(spec.comparison),
        evaluation_periods: Some(spec.evaluation_periods),
        datapoints_to_alarm: spec.datapoints_to_alarm,
        treat_missing_data: Some(spec.treat_missing_data),
        metric: Some(spec.metric.clone()),
    }
}

// ---------------------------------------------------------------------------------------------
// Tests.

#[tokio::test]
async fn mock_iam_adopts_an_existing_role_and_attaches_only_missing_policies() {
    let mut iam = MockIam::new();
    iam.expect_create_role()
        .withf(|spec: &RoleSpec| {
            spec.name == "orders-apigw" && spec.trusted_service == API_GATEWAY_SERVICE
        })
        .times(1)
        .returning(|spec| {
            Err(Error::new(ErrorKind::AlreadyExists, "CreateRole", "exists")
                .with_resource(spec.name.clone()))
        });
    iam.expect_get_role()
        .with(eq("orders-apigw"))
        .times(1)
        .returning(|name| Ok(role(name, API_GATEWAY_SERVICE)));
    iam.expect_list_attached_policies()
        .with(eq("orders-apigw"))
        .returning(|_| {
            Ok(vec![AttachedPolicy {
                name: "AWSLambdaRole".into(),
                arn: LAMBDA_ROLE.into(),
            }])
        });
    iam.expect_attach_managed_policy()
        .with(
            eq("orders-apigw"),
            eq("arn:aws:iam::123456789012:policy/logs"),
        )
        .times(1)
        .returning(|_, _| Ok(()));

    let (arn, added) = ensure_execution_role(
        &iam,
        "orders-apigw",
        &[LAMBDA_ROLE, "arn:aws:iam::123456789012:policy/logs"],
    )
    .await
    .expect("ensured");
    assert_eq!(arn, "arn:aws:iam::123456789012:role/orders-apigw");
    assert_eq!(added, ["arn:aws:iam::123456789012:policy/logs"]);
}

#[tokio::test]
async fn mock_iam_refuses_a_role_that_trusts_another_service() {
    let mut iam = MockIam::new();
    iam.expect_create_role()
        .returning(|_| Err(Error::new(ErrorKind::AlreadyExists, "CreateRole", "exists")));
    iam.expect_get_role()
        .returning(|name| Ok(role(name, "lambda.amazonaws.com")));
    iam.expect_attach_managed_policy().never();
    let err = ensure_execution_role(&iam, "orders-apigw", &[LAMBDA_ROLE])
        .await
        .expect_err("wrong trust");
    assert_eq!(err.kind(), ErrorKind::Invalid);
}

#[tokio::test]
async fn mock_iam_removal_detaches_and_deletes_in_order_and_tolerates_a_missing_role() {
    let mut iam = MockIam::new();
    let mut order = Sequence::new();
    iam.expect_list_attached_policies()
        .times(1)
        .in_sequence(&mut order)
        .returning(|_| {
            Ok(vec![AttachedPolicy {
                name: "AWSLambdaRole".into(),
                arn: LAMBDA_ROLE.into(),
            }])
        });
    iam.expect_detach_managed_policy()
        .with(eq("r"), eq(LAMBDA_ROLE))
        .times(1)
        .in_sequence(&mut order)
        .returning(|_, _| Ok(()));
    iam.expect_list_inline_policy_names()
        .times(1)
        .in_sequence(&mut order)
        .returning(|_| Ok(vec!["inline".into()]));
    iam.expect_delete_inline_policy()
        .with(eq("r"), eq("inline"))
        .times(1)
        .in_sequence(&mut order)
        .returning(|_, _| Ok(()));
    iam.expect_delete_role()
        .with(eq("r"))
        .times(1)
        .in_sequence(&mut order)
        .returning(|_| Ok(()));
    assert!(remove_execution_role(&iam, "r").await.expect("removed"));

    let mut gone = MockIam::new();
    gone.expect_list_attached_policies().returning(|_| {
        Err(Error::new(
            ErrorKind::NotFound,
            "ListAttachedRolePolicies",
            "no such role",
        ))
    });
    gone.expect_delete_role().never();
    assert!(!remove_execution_role(&gone, "r")
        .await
        .expect("nothing to do"));
}

#[tokio::test]
async fn mock_cloudwatch_reports_missing_wrong_topic_and_firing_alarms() {
    let mut topics = MockTopics::new();
    topics
        .expect_resolve()
        .with(eq("ops-alerts"))
        .returning(|_| Ok(Topic::from_arn(TOPIC)));
    let mut cloudwatch = MockCloudWatch::new();
    cloudwatch
        .expect_describe_alarms()
        .withf(|names: &[String]| {
            names
                == [
                    "orders-live-4XXError",
                    "orders-live-5XXError",
                    "orders-live-Latency",
                ]
        })
        .times(1)
        .returning(|_| {
            let client = AlarmSpec::error_rate(
                "orders",
                "live",
                ErrorMetric::ClientErrors,
                5.0,
                300,
                1,
                TOPIC,
            );
            let latency = AlarmSpec::average_latency("orders", "live", 1000.0, 300, 1, TOPIC);
            Ok(vec![
                live(&client, AlarmState::Alarm, TOPIC),
                live(
                    &latency,
                    AlarmState::Ok,
                    "arn:aws:sns:us-west-2:123456789012:someone-else",
                ),
            ])
        });
    let findings = alarm_findings(&cloudwatch, &topics, "orders", "live", "ops-alerts")
        .await
        .expect("findings");
    assert_eq!(
        findings,
        [
            "orders-live-4XXError: in ALARM",
            "orders-live-5XXError: missing",
            "orders-live-Latency: wrong topic",
        ]
    );

    let mut no_topic = MockTopics::new();
    no_topic.expect_resolve().returning(|_| Ok(None));
    let mut untouched = MockCloudWatch::new();
    untouched.expect_describe_alarms().never();
    let findings = alarm_findings(&untouched, &no_topic, "orders", "live", "ops-alerts")
        .await
        .expect("findings");
    assert_eq!(findings, ["topic ops-alerts does not exist"]);
}

#[tokio::test]
async fn mock_cloudwatch_metric_reads_compute_a_rate_and_pass_errors_through() {
    let end = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let start = end - Duration::from_secs(900);
    let point = move |offset: u64, sum: f64| Datapoint {
        sum: Some(sum),
        ..Datapoint::at(start + Duration::from_secs(offset))
    };
    let mut cloudwatch = MockCloudWatch::new();
    cloudwatch
        .expect_get_metric_statistics()
        .withf(move |q: &MetricQuery| {
            q.namespace == "AWS/ApiGateway"
                && q.start == start
                && q.end == end
                && q.statistics == [Statistic::Sum]
                && q.dimensions.len() == 2
        })
        .times(2)
        .returning(move |q| match q.metric_name.as_str() {
            METRIC_4XX => Ok(vec![point(0, 3.0), point(60, 2.0)]),
            _ => Ok(vec![point(0, 60.0), point(60, 40.0)]),
        });
    let rate = client_error_rate(&cloudwatch, "orders", "live", start, end)
        .await
        .expect("rate");
    assert_eq!(rate, Some(5.0));

    let mut denied = MockCloudWatch::new();
    denied.expect_get_metric_statistics().returning(|_| {
        Err(Error::new(
            ErrorKind::AccessDenied,
            "GetMetricStatistics",
            "not authorized",
        ))
    });
    let err = client_error_rate(&denied, "orders", "live", start, end)
        .await
        .expect_err("denied");
    assert_eq!(err.kind(), ErrorKind::AccessDenied);
}

#[tokio::test]
async fn mock_cloudwatch_puts_the_design_alarms() {
    let mut cloudwatch = MockCloudWatch::new();
    cloudwatch
        .expect_put_metric_alarm()
        .withf(|spec: &AlarmSpec| {
            spec.alarm_actions == [TOPIC]
                && spec.ok_actions == [TOPIC]
                && spec.name.starts_with("orders-live-")
        })
        .times(3)
        .returning(|_| Ok(()));
    let specs = [
        AlarmSpec::error_rate(
            "orders",
            "live",
            ErrorMetric::ClientErrors,
            5.0,
            300,
            1,
            TOPIC,
        ),
        AlarmSpec::error_rate(
            "orders",
            "live",
            ErrorMetric::ServerErrors,
            1.0,
            300,
            1,
            TOPIC,
        ),
        AlarmSpec::average_latency("orders", "live", 1000.0, 300, 1, TOPIC),
    ];
    for spec in &specs {
        cloudwatch.put_metric_alarm(spec).await.expect("put");
    }
}
