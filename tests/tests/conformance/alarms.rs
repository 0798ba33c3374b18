//! CloudWatch and SNS behaviours apigw relies on: alarms put idempotently by name and read back
//! as written, metric statistics aggregated per period, topics resolved by name or ARN.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use apigw_alarms::{
    AlarmSpec, AlarmState, ErrorMetric, MetricDatum, MetricQuery, Statistic, TreatMissingData,
};
use apigw_core::ErrorKind;
use apigw_facade::Backends;

use crate::env::{Backend, Env};

/// A custom namespace: `PutMetricData` refuses the reserved `AWS/` ones.
const NAMESPACE: &str = "Apigw/Conformance";

/// The three alarms' shapes (metric math rate, single average) put, described by name and by
/// prefix with no drift from their specs, replaced in place by a second put, deleted.
pub async fn case_alarm_put_describe_replace_delete(b: &Backends, env: &Env) {
    let topic = env.create_topic(&env.name("ops-alerts")).await;
    let api = env.name("orders");
    let client =
        AlarmSpec::error_rate(&api, "live", ErrorMetric::ClientErrors, 5.0, 300, 1, &topic);
    let server = AlarmSpec::error_rate(&api, "live", ErrorMetric::ServerErrors, 1.0, 60, 3, &topic);
    let latency = AlarmSpec::average_latency(&api, "live", 1000.0, 300, 2, &topic);
    let specs = [client.clone(), server, latency];
    for spec in &specs {
        b.cloudwatch
            .put_metric_alarm(spec)
            .await
            .expect("PutMetricAlarm");
    }
    let mut names: Vec<String> = specs.iter().map(|s| s.name.clone()).collect();
    names.push(format!("{api}-live-absent"));
    let alarms = b
        .cloudwatch
        .describe_alarms(&names)
        .await
        .expect("DescribeAlarms");
    assert_eq!(alarms.len(), 3, "missing names are simply absent");
    for spec in &specs {
        let alarm = alarms
            .iter()
            .find(|a| a.name == spec.name)
            .unwrap_or_else(|| panic!("{} described", spec.name));
        assert_eq!(alarm.drift(spec), [], "{} reads back as put", spec.name);
        assert!(alarm.notifies(&topic));
        assert_eq!(alarm.ok_actions, std::slice::from_ref(&topic));
        assert_eq!(
            alarm.treat_missing_data,
            Some(TreatMissingData::NotBreaching)
        );
    }
    let mut by_prefix: Vec<String> = b
        .cloudwatch
        .describe_alarms_with_prefix(&format!("{api}-"))
        .await
        .expect("DescribeAlarms by prefix")
        .into_iter()
        .map(|a| a.name)
        .collect();
    by_prefix.sort_unstable();
    let mut want: Vec<String> = specs.iter().map(|s| s.name.clone()).collect();
    want.sort_unstable();
    assert_eq!(by_prefix, want);

    // Put again with a new threshold: replaced in place, not a second alarm.
    let mut raised = client.clone();
    raised.threshold = 10.0;
    b.cloudwatch
        .put_metric_alarm(&raised)
        .await
        .expect("PutMetricAlarm again");
    let again = b
        .cloudwatch
        .describe_alarms(std::slice::from_ref(&client.name))
        .await
        .expect("DescribeAlarms");
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].threshold, Some(10.0));
    assert_eq!(again[0].drift(&raised), []);
    assert_eq!(
        b.cloudwatch
            .describe_alarms_with_prefix(&format!("{api}-"))
            .await
            .expect("DescribeAlarms by prefix")
            .len(),
        3
    );

    let names: Vec<String> = specs.iter().map(|s| s.name.clone()).collect();
    b.cloudwatch
        .delete_alarms(&names)
        .await
        .expect("DeleteAlarms");
    assert!(b
        .cloudwatch
        .describe_alarms(&names)
        .await
        .expect("DescribeAlarms")
        .is_empty());
    // Deleting again: CloudWatch ignores unknown names, or (as its API reference lists)
    // answers ResourceNotFound and deletes nothing; both converge on "deleted".
    match b.cloudwatch.delete_alarms(&names).await {
        Ok(()) => {}
        Err(err) => assert_eq!(err.kind(), ErrorKind::NotFound, "DeleteAlarms again: {err}"),
    }
}

/// The start of the minute `minutes` ago (a 60 s period boundary).
fn minute_start(minutes: u64) -> SystemTime {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs();
    UNIX_EPOCH + Duration::from_secs(now - now % 60 - 60 * minutes)
}

fn datum(env: &Env, at: SystemTime, value: f64) -> MetricDatum {
    MetricDatum {
        name: "Requests".into(),
        dimensions: vec![("Case".to_owned(), env.prefix.clone())],
        timestamp: Some(at),
        value,
        unit: Some("Count".into()),
    }
}

/// Every standard statistic of the case's metric, 60 s periods, over `[start, end)`.
fn query(env: &Env, start: SystemTime, end: SystemTime) -> MetricQuery {
    MetricQuery {
        namespace: NAMESPACE.into(),
        metric_name: "Requests".into(),
        dimensions: vec![("Case".to_owned(), env.prefix.clone())],
        start,
        end,
        period_seconds: 60,
        statistics: Statistic::ALL.to_vec(),
        extended: Vec::new(),
    }
}

/// Values published with `PutMetricData` come back from `GetMetricStatistics` aggregated per
/// period (Sum, SampleCount, Average, Minimum, Maximum, with their unit), one datapoint per
/// period with data, sorted by time, only for the exact dimensions they were published with.
pub async fn case_put_metric_data_then_statistics_sum(b: &Backends, env: &Env) {
    let at = minute_start(5);
    let next = at + Duration::from_secs(60);
    let data = [
        datum(env, next, 10.0),
        datum(env, at, 1.0),
        datum(env, at, 2.0),
        datum(env, at, 3.0),
    ];
    b.cloudwatch
        .put_metric_data(NAMESPACE, &data)
        .await
        .expect("PutMetricData");

    let window = query(
        env,
        at - Duration::from_secs(120),
        at + Duration::from_secs(240),
    );
    let points = b
        .cloudwatch
        .get_metric_statistics(&window)
        .await
        .expect("GetMetricStatistics");
    assert_eq!(points.len(), 2, "two periods had data: {points:?}");
    let (first, second) = (&points[0], &points[1]);
    assert_eq!(first.timestamp, at);
    assert_eq!(first.sum, Some(6.0));
    assert_eq!(first.sample_count, Some(3.0));
    assert_eq!(first.average, Some(2.0));
    assert_eq!(first.minimum, Some(1.0));
    assert_eq!(first.maximum, Some(3.0));
    assert_eq!(first.unit.as_deref(), Some("Count"));
    assert_eq!(second.timestamp, next);
    assert_eq!(second.sum, Some(10.0));
    assert_eq!(second.sample_count, Some(1.0));

    let other = MetricQuery {
        dimensions: vec![("Case".to_owned(), env.name("other"))],
        ..window.clone()
    };
    assert!(b
        .cloudwatch
        .get_metric_statistics(&other)
        .await
        .expect("GetMetricStatistics")
        .is_empty());
    let err = b
        .cloudwatch
        .get_metric_statistics(&MetricQuery {
            statistics: Vec::new(),
            ..window
        })
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid, "no statistic: {err}");
}

/// A datapoint is stamped with the start of its period, whatever the values' own timestamps
/// inside it (what makes per-minute series of different metrics line up).
pub async fn case_statistics_datapoints_start_at_period_boundaries(b: &Backends, env: &Env) {
    if env.backend == Backend::Moto {
        eprintln!(
            "moto-only-skipped: moto 5.2 stamps a GetMetricStatistics datapoint with the \
             timestamp of the first value in the period instead of the period start"
        );
        return;
    }
    let at = minute_start(4);
    let data = [
        datum(env, at + Duration::from_secs(10), 1.0),
        datum(env, at + Duration::from_secs(25), 2.0),
        datum(env, at + Duration::from_secs(50), 4.0),
    ];
    b.cloudwatch
        .put_metric_data(NAMESPACE, &data)
        .await
        .expect("PutMetricData");
    let points = b
        .cloudwatch
        .get_metric_statistics(&query(
            env,
            at - Duration::from_secs(60),
            at + Duration::from_secs(120),
        ))
        .await
        .expect("GetMetricStatistics");
    assert_eq!(points.len(), 1, "{points:?}");
    assert_eq!(points[0].timestamp, at);
    assert_eq!(points[0].sum, Some(7.0));
}

/// `PutMetricData` into a reserved `AWS/` namespace is refused (Invalid): only AWS services
/// publish there.
pub async fn case_put_metric_data_refuses_aws_namespaces(b: &Backends, env: &Env) {
    if env.backend == Backend::Moto {
        eprintln!(
            "moto-only-skipped: moto 5.2 accepts PutMetricData into the reserved AWS/ namespaces \
             (AWS answers InvalidParameterValue)"
        );
        return;
    }
    let err = b
        .cloudwatch
        .put_metric_data("AWS/ApiGateway", &[datum(env, minute_start(3), 1.0)])
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid, "{err}");
}

/// A topic resolves by exact name and by ARN; a longer name sharing the prefix does not match;
/// unknown names and ARNs are `None`.
pub async fn case_topic_resolves_by_name_and_arn(b: &Backends, env: &Env) {
    let name = env.name("ops-alerts");
    let arn = env.create_topic(&name).await;
    let longer = env.create_topic(&format!("{name}-dev")).await;
    assert_ne!(arn, longer);

    let by_name = b.topics.resolve(&name).await.expect("resolve name");
    let by_name = by_name.expect("the topic exists");
    assert_eq!(
        (by_name.arn.as_str(), by_name.name.as_str()),
        (arn.as_str(), name.as_str())
    );
    let by_arn = b.topics.resolve(&arn).await.expect("resolve ARN");
    assert_eq!(by_arn, Some(by_name));

    let absent = env.name("absent");
    assert_eq!(b.topics.resolve(&absent).await.expect("resolve"), None);
    let absent_arn = format!("{}:{absent}", arn.rsplit_once(':').expect("an ARN").0);
    assert_eq!(b.topics.resolve(&absent_arn).await.expect("resolve"), None);
}

/// A new alarm starts in INSUFFICIENT_DATA (CloudWatch has not evaluated it yet); the
/// Diagnoser reads the state.
pub async fn case_new_alarm_starts_insufficient_data(b: &Backends, env: &Env) {
    if env.backend == Backend::Moto {
        eprintln!("moto-only-skipped: moto 5.2 starts a new alarm in OK (AWS: INSUFFICIENT_DATA)");
        return;
    }
    let topic = env.create_topic(&env.name("state")).await;
    let spec = AlarmSpec::average_latency(&env.name("state"), "live", 1000.0, 300, 1, &topic);
    b.cloudwatch
        .put_metric_alarm(&spec)
        .await
        .expect("PutMetricAlarm");
    let alarms = b
        .cloudwatch
        .describe_alarms(std::slice::from_ref(&spec.name))
        .await
        .expect("DescribeAlarms");
    assert_eq!(alarms.len(), 1);
    assert_eq!(alarms[0].state, AlarmState::InsufficientData);
    assert!(!alarms[0].is_alarming());
    b.cloudwatch
        .delete_alarms(std::slice::from_ref(&spec.name))
        .await
        .expect("DeleteAlarms");
}
