//! Tests of the simulated CloudWatch and SNS.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use apigw_alarms::{
    AlarmSpec, AlarmState, CloudWatch, ErrorMetric, MetricDatum, MetricQuery, Statistic, Topics,
    METRIC_4XX, METRIC_COUNT, METRIC_LATENCY,
};
use apigw_core::ErrorKind;

use crate::Sim;

const MINUTE: Duration = Duration::from_secs(60);

fn topic(sim: &Sim) -> String {
    sim.create_topic("ops-alerts")
}

fn names(list: &[apigw_alarms::Alarm]) -> Vec<&str> {
    list.iter().map(|a| a.name.as_str()).collect()
}

/// A minute boundary a little in the past (CloudWatch rounds the start down to the minute).
fn base() -> SystemTime {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    UNIX_EPOCH + Duration::from_secs(now / 60 * 60) - 30 * MINUTE
}

#[tokio::test]
async fn alarms_are_put_idempotently_and_keep_their_state() {
    let sim = Sim::default();
    let topic = topic(&sim);
    let spec = AlarmSpec::error_rate(
        "orders",
        "live",
        ErrorMetric::ClientErrors,
        5.0,
        300,
        1,
        &topic,
    );
    sim.put_metric_alarm(&spec).await.expect("put");
    let alarms = sim
        .describe_alarms(&[spec.name.clone(), "missing".into()])
        .await
        .expect("described");
    assert_eq!(names(&alarms), ["orders-live-4XXError"]);
    let alarm = &alarms[0];
    assert_eq!(
        alarm.arn,
        "arn:aws:cloudwatch:us-west-2:123456789012:alarm:orders-live-4XXError"
    );
    assert_eq!(alarm.state, AlarmState::InsufficientData);
    assert!(alarm.drift(&spec).is_empty(), "{:?}", alarm.drift(&spec));
    assert!(alarm.notifies(&topic));

    assert!(sim.set_alarm_state(&spec.name, AlarmState::Alarm));
    assert!(!sim.set_alarm_state("missing", AlarmState::Alarm));
    let mut changed = spec.clone();
    changed.threshold = 7.0;
    sim.put_metric_alarm(&changed).await.expect("replaced");
    let alarm = &sim
        .describe_alarms(std::slice::from_ref(&spec.name))
        .await
        .expect("described")[0];
    assert_eq!(alarm.threshold, Some(7.0));
    assert!(alarm.is_alarming(), "an update keeps the state");

    let latency = AlarmSpec::average_latency("orders", "live", 1000.0, 300, 1, &topic);
    let other = AlarmSpec::average_latency("billing", "live", 1000.0, 300, 1, &topic);
    sim.put_metric_alarm(&latency).await.expect("put");
    sim.put_metric_alarm(&other).await.expect("put");
    let listed = sim
        .describe_alarms_with_prefix("orders-")
        .await
        .expect("listed");
    assert_eq!(
        names(&listed),
        ["orders-live-4XXError", "orders-live-Latency"]
    );
    assert!(sim.describe_alarms(&[]).await.expect("nothing").is_empty());
}

#[tokio::test]
async fn delete_alarms_fails_whole_when_a_name_is_missing() {
    let sim = Sim::default();
    let topic = topic(&sim);
    let spec = AlarmSpec::average_latency("orders", "live", 1000.0, 300, 1, &topic);
    sim.put_metric_alarm(&spec).await.expect("put");
    let err = sim
        .delete_alarms(&[spec.name.clone(), "missing".into()])
        .await
        .expect_err("one is missing");
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(err.message().contains("missing"), "{err}");
    assert_eq!(
        sim.describe_alarms(std::slice::from_ref(&spec.name))
            .await
            .expect("ok")
            .len(),
        1,
        "nothing deleted"
    );
    sim.delete_alarms(std::slice::from_ref(&spec.name))
        .await
        .expect("deleted");
    assert!(sim
        .describe_alarms_with_prefix("")
        .await
        .expect("ok")
        .is_empty());
    let calls = sim.journal().calls().len();
    sim.delete_alarms(&[]).await.expect("no names, no call");
    assert_eq!(sim.journal().calls().len(), calls);
}

#[tokio::test]
async fn invalid_alarms_and_the_region_quota() {
    let sim = Sim::default();
    let topic = topic(&sim);
    let mut odd_period = AlarmSpec::average_latency("orders", "live", 1000.0, 45, 1, &topic);
    let err = sim.put_metric_alarm(&odd_period).await.expect_err("45 s");
    assert_eq!(err.kind(), ErrorKind::Invalid);
    odd_period = AlarmSpec::average_latency("orders", "live", 1000.0, 60, 1, &topic);
    odd_period.alarm_actions = vec!["ops-alerts".into()];
    assert_eq!(
        sim.put_metric_alarm(&odd_period)
            .await
            .expect_err("not an ARN")
            .kind(),
        ErrorKind::Invalid
    );
    let mut no_return = AlarmSpec::error_rate(
        "orders",
        "live",
        ErrorMetric::ServerErrors,
        1.0,
        60,
        1,
        &topic,
    );
    if let apigw_alarms::AlarmMetric::Math(queries) = &mut no_return.metric {
        queries.iter_mut().for_each(|q| q.return_data = false);
    }
    assert_eq!(
        sim.put_metric_alarm(&no_return)
            .await
            .expect_err("no return data")
            .kind(),
        ErrorKind::Invalid
    );

    for i in 0..super::ALARMS_PER_REGION {
        let spec = AlarmSpec::average_latency(&format!("api{i}"), "live", 1000.0, 60, 1, &topic);
        sim.put_metric_alarm(&spec).await.expect("within quota");
    }
    let over = AlarmSpec::average_latency("one-too-many", "live", 1000.0, 60, 1, &topic);
    assert_eq!(
        sim.put_metric_alarm(&over).await.expect_err("quota").kind(),
        ErrorKind::LimitExceeded
    );
    let existing = AlarmSpec::average_latency("api0", "live", 2000.0, 60, 1, &topic);
    sim.put_metric_alarm(&existing)
        .await
        .expect("updating an existing alarm is not a new one");
}

#[tokio::test]
async fn statistics_aggregate_injected_traffic_by_period() {
    let sim = Sim::default();
    let t0 = base();
    // Minute 0: 100 requests, 5 client errors; latencies 1..=100 ms.
    // Minute 1: 10 requests, no errors; one slow request.
    sim.inject_metric(
        "orders",
        Some("live"),
        METRIC_COUNT,
        t0 + Duration::from_secs(5),
        60.0,
    );
    sim.inject_metric(
        "orders",
        Some("live"),
        METRIC_COUNT,
        t0 + Duration::from_secs(50),
        40.0,
    );
    sim.inject_metric(
        "orders",
        Some("live"),
        METRIC_4XX,
        t0 + Duration::from_secs(10),
        5.0,
    );
    for ms in 1..=100 {
        sim.inject_metric(
            "orders",
            Some("live"),
            METRIC_LATENCY,
            t0 + Duration::from_secs(1),
            f64::from(ms),
        );
    }
    sim.inject_metric("orders", Some("live"), METRIC_COUNT, t0 + MINUTE, 10.0);
    sim.inject_metric(
        "orders",
        Some("live"),
        METRIC_LATENCY,
        t0 + MINUTE + Duration::from_secs(2),
        5000.0,
    );
    // Outside the window [t0, t0 + 2 min): not counted.
    sim.inject_metric(
        "orders",
        Some("live"),
        METRIC_COUNT,
        t0 + 2 * MINUTE,
        1000.0,
    );
    sim.inject_metric("orders", Some("other"), METRIC_COUNT, t0, 7.0);
    assert!(
        sim.journal().calls().is_empty(),
        "injection is not journaled"
    );

    let window = |metric: &str, stage: Option<&str>| {
        MetricQuery::api_gateway(metric, "orders", stage, t0, t0 + 2 * MINUTE, 60)
    };
    let counts = sim
        .get_metric_statistics(
            &window(METRIC_COUNT, Some("live"))
                .with_statistics([Statistic::Sum, Statistic::SampleCount]),
        )
        .await
        .expect("read");
    assert_eq!(counts.len(), 2);
    assert_eq!(counts[0].timestamp, t0);
    assert_eq!(counts[0].sum, Some(100.0));
    assert_eq!(counts[0].sample_count, Some(2.0));
    assert_eq!(counts[0].average, None, "not asked for");
    assert_eq!(counts[1].timestamp, t0 + MINUTE);
    assert_eq!(counts[1].sum, Some(10.0));
    assert_eq!(counts[0].unit.as_deref(), Some("Count"));

    let errors = sim
        .get_metric_statistics(&window(METRIC_4XX, Some("live")).with_statistics([Statistic::Sum]))
        .await
        .expect("read");
    assert_eq!(errors.len(), 1, "periods without data have no datapoint");
    assert_eq!(errors[0].sum, Some(5.0));

    let latency = sim
        .get_metric_statistics(
            &window(METRIC_LATENCY, Some("live"))
                .with_statistics([Statistic::Average, Statistic::Maximum, Statistic::Minimum])
                .with_extended(["p99", "p50"]),
        )
        .await
        .expect("read");
    assert_eq!(latency[0].average, Some(50.5));
    assert_eq!(latency[0].maximum, Some(100.0));
    assert_eq!(latency[0].minimum, Some(1.0));
    assert_eq!(latency[0].extended["p99"], 99.0);
    assert_eq!(latency[0].extended["p50"], 50.0);
    assert_eq!(latency[0].unit.as_deref(), Some("Milliseconds"));
    assert_eq!(latency[1].extended["p99"], 5000.0);

    // Dimensions match exactly: per API (every stage) vs per stage.
    let per_api = sim
        .get_metric_statistics(
            &MetricQuery::api_gateway(METRIC_COUNT, "orders", None, t0, t0 + 2 * MINUTE, 120)
                .with_statistics([Statistic::Sum]),
        )
        .await
        .expect("read");
    assert_eq!(per_api.len(), 1);
    assert_eq!(per_api[0].sum, Some(117.0));
    let mut swapped = window(METRIC_COUNT, Some("live")).with_statistics([Statistic::Sum]);
    swapped.dimensions.reverse();
    assert_eq!(
        sim.get_metric_statistics(&swapped).await.expect("read"),
        counts
            .iter()
            .map(|c| {
                let mut c = c.clone();
                c.sample_count = None;
                c
            })
            .collect::<Vec<_>>(),
        "dimension order does not matter"
    );
    let mut extra = window(METRIC_COUNT, Some("live")).with_statistics([Statistic::Sum]);
    extra.dimensions.push(("Method".into(), "GET".into()));
    assert!(sim
        .get_metric_statistics(&extra)
        .await
        .expect("read")
        .is_empty());

    // A start that is not on a minute is rounded down.
    let late_start = MetricQuery::api_gateway(
        METRIC_COUNT,
        "orders",
        Some("live"),
        t0 + Duration::from_secs(30),
        t0 + MINUTE,
        60,
    )
    .with_statistics([Statistic::Sum]);
    let rounded = sim.get_metric_statistics(&late_start).await.expect("read");
    assert_eq!(rounded.len(), 1);
    assert_eq!(rounded[0].timestamp, t0);
    assert_eq!(rounded[0].sum, Some(100.0));
}

#[tokio::test]
async fn metric_reads_and_writes_are_checked_like_cloudwatch() {
    let sim = Sim::default();
    let t0 = base();
    let query = MetricQuery::api_gateway(METRIC_COUNT, "orders", None, t0, t0 + MINUTE, 60);
    let calls = sim.journal().calls().len();
    for bad in [
        query.clone(),
        query
            .clone()
            .with_statistics([Statistic::Sum])
            .tap(|q| q.period_seconds = 0),
        query
            .clone()
            .with_statistics([Statistic::Sum])
            .tap(|q| q.end = q.start),
    ] {
        let err = sim.get_metric_statistics(&bad).await.expect_err("invalid");
        assert_eq!(err.kind(), ErrorKind::Invalid);
    }
    assert_eq!(sim.journal().calls().len(), calls, "refused without a call");
    for bad in [
        query
            .clone()
            .with_statistics([Statistic::Sum])
            .tap(|q| q.period_seconds = 45),
        query.clone().with_extended(["p101"]),
        query.clone().with_extended(["tm99x"]),
    ] {
        let err = sim.get_metric_statistics(&bad).await.expect_err("invalid");
        assert_eq!(err.kind(), ErrorKind::Invalid, "{err}");
    }

    let datum = |value: f64| MetricDatum {
        name: "Jobs".into(),
        dimensions: vec![("Queue".into(), "main".into())],
        timestamp: Some(t0 + Duration::from_secs(1)),
        value,
        unit: None,
    };
    sim.put_metric_data("Custom/App", &[datum(1.0), datum(3.0)])
        .await
        .expect("published");
    let custom = MetricQuery {
        namespace: "Custom/App".into(),
        metric_name: "Jobs".into(),
        dimensions: vec![("Queue".into(), "main".into())],
        start: t0,
        end: t0 + MINUTE,
        period_seconds: 60,
        statistics: vec![Statistic::Average],
        extended: vec![],
    };
    let points = sim.get_metric_statistics(&custom).await.expect("read");
    assert_eq!(points.len(), 1);
    assert_eq!(points[0].average, Some(2.0));
    assert_eq!(points[0].unit.as_deref(), Some("None"));

    let reserved = sim
        .put_metric_data("AWS/ApiGateway", &[datum(1.0)])
        .await
        .expect_err("reserved namespace");
    assert_eq!(reserved.kind(), ErrorKind::Invalid);
    let mut old = datum(1.0);
    old.timestamp = Some(SystemTime::now() - Duration::from_secs(15 * 24 * 3600));
    assert_eq!(
        sim.put_metric_data("Custom/App", &[old])
            .await
            .expect_err("too old")
            .kind(),
        ErrorKind::Invalid
    );
    assert_eq!(
        sim.put_metric_data("Custom/App", &[datum(f64::NAN)])
            .await
            .expect_err("NaN")
            .kind(),
        ErrorKind::Invalid
    );
}

#[tokio::test]
async fn topics_resolve_by_name_or_arn() {
    let sim = Sim::default();
    let arn = sim.create_topic("ops-alerts");
    assert_eq!(arn, "arn:aws:sns:us-west-2:123456789012:ops-alerts");
    assert_eq!(sim.create_topic("ops-alerts"), arn, "idempotent by name");
    let by_name = sim.resolve("ops-alerts").await.expect("ok").expect("found");
    assert_eq!(by_name.arn, arn);
    let by_arn = sim.resolve(&arn).await.expect("ok").expect("found");
    assert_eq!(by_arn.name, "ops-alerts");
    assert_eq!(sim.resolve("other").await.expect("ok"), None);
    assert_eq!(
        sim.resolve("arn:aws:sns:eu-west-1:123456789012:ops-alerts")
            .await
            .expect("ok"),
        None
    );
    assert_eq!(
        sim.resolve("arn:aws:sqs:us-west-2:1:q")
            .await
            .expect_err("not SNS")
            .kind(),
        ErrorKind::Invalid
    );
    let journal = sim.journal();
    let ops: Vec<&str> = journal.calls().iter().map(|c| c.operation).collect();
    assert_eq!(
        ops,
        [
            "ListTopics",
            "GetTopicAttributes",
            "ListTopics",
            "GetTopicAttributes"
        ]
    );
}

trait Tap: Sized {
    fn tap(self, f: impl FnOnce(&mut Self)) -> Self;
}

impl Tap for MetricQuery {
    fn tap(mut self, f: impl FnOnce(&mut Self)) -> Self {
        f(&mut self);
        self
    }
}
