//! Emulator tests for the alarms concern: every `CloudWatch` and `Topics` method through
//! `SdkCloudWatch` / `SdkTopics` against moto (CloudWatch over rpcv2Cbor via the launcher's
//! CBOR bridge).
//!
//! Known moto gaps (5.2.x), where the adapter follows AWS and the tests say so:
//! - `DescribeAlarms` ignores `MaxRecords` and never returns a `NextToken`, so alarm listings
//!   cross no page boundary here (the 100-name batching still does); token handling is covered
//!   by the aws-smithy-mocks tests in `apigw-alarms/src/sdk.rs`.
//! - `GetMetricStatistics` ignores `ExtendedStatistics` (no percentiles come back); the adapter
//!   still sends them in their own call, as AWS requires.
//! - A new alarm starts in `OK` (AWS: `INSUFFICIENT_DATA`).
//! - `ListTopics` pages are 100 topics, as on AWS; the name lookup test creates more than that.

use std::time::{Duration, SystemTime};

use apigw_alarms::{
    api_dimensions, AlarmSpec, AlarmState, CloudWatch, ErrorMetric, MetricDatum, MetricQuery,
    SdkCloudWatch, SdkTopics, Statistic, Topics, TreatMissingData,
};
use apigw_core::{AwsContext, ErrorKind};

use crate::support;

async fn create_topic(ctx: &AwsContext, name: &str) -> String {
    ctx.sns()
        .create_topic()
        .name(name)
        .send()
        .await
        .expect("CreateTopic")
        .topic_arn()
        .expect("topic arn")
        .to_owned()
}

async fn delete_topic(ctx: &AwsContext, arn: &str) {
    ctx.sns()
        .delete_topic()
        .topic_arn(arn)
        .send()
        .await
        .expect("DeleteTopic");
}

#[tokio::test]
async fn emulator_alarms_topic_resolves_by_name_and_arn() {
    let Some(ctx) = support::context().await else {
        return;
    };
    let topics = SdkTopics::new(&ctx);
    let name = support::unique("ops-alerts");
    let arn = create_topic(&ctx, &name).await;
    // A topic whose name merely starts with ours must not match.
    let longer = create_topic(&ctx, &format!("{name}-dev")).await;

    let by_name = topics.resolve(&name).await.expect("resolve name");
    let by_name = by_name.expect("the topic exists");
    assert_eq!(by_name.arn, arn);
    assert_eq!(by_name.name, name);
    let by_arn = topics.resolve(&arn).await.expect("resolve arn");
    assert_eq!(by_arn.as_ref(), Some(&by_name));

    delete_topic(&ctx, &arn).await;
    delete_topic(&ctx, &longer).await;
    assert_eq!(topics.resolve(&name).await.expect("resolve name"), None);
    assert_eq!(topics.resolve(&arn).await.expect("resolve arn"), None);
    let err = topics
        .resolve("arn:aws:sqs:us-west-2:123456789012:queue")
        .await
        .expect_err("not a topic ARN");
    assert_eq!(err.kind(), ErrorKind::Invalid);
}

#[tokio::test]
async fn emulator_alarms_topic_name_lookup_crosses_list_topics_pages() {
    let Some(ctx) = support::context().await else {
        return;
    };
    // ListTopics answers 100 topics per page: with 101 of ours, the last one created is
    // beyond the first page whatever else the shared emulator holds.
    let prefix = support::unique("page");
    let mut arns = Vec::new();
    for i in 0..101 {
        arns.push(create_topic(&ctx, &format!("{prefix}-{i:03}")).await);
    }
    let last = format!("{prefix}-100");
    let found = SdkTopics::new(&ctx)
        .resolve(&last)
        .await
        .expect("resolve")
        .expect("found on a later page");
    assert_eq!(found.arn, arns[100]);
    for arn in &arns {
        delete_topic(&ctx, arn).await;
    }
}

#[tokio::test]
async fn emulator_alarms_put_describe_update_delete() {
    let Some(ctx) = support::context().await else {
        return;
    };
    let cloudwatch = SdkCloudWatch::new(&ctx).with_page_size(1);
    let api = support::unique("orders");
    let topic = support::unique("ops-alerts");
    let topic_arn = create_topic(&ctx, &topic).await;

    let specs = [
        AlarmSpec::error_rate(
            &api,
            "live",
            ErrorMetric::ClientErrors,
            5.0,
            300,
            1,
            &topic_arn,
        )
        .with_tag("apigw:owner", &api),
        AlarmSpec::error_rate(
            &api,
            "live",
            ErrorMetric::ServerErrors,
            1.0,
            300,
            1,
            &topic_arn,
        ),
        AlarmSpec::average_latency(&api, "live", 1000.0, 300, 2, &topic_arn),
    ];
    for spec in &specs {
        cloudwatch.put_metric_alarm(spec).await.expect("put");
    }
    let names: Vec<String> = specs.iter().map(|s| s.name.clone()).collect();
    assert_eq!(
        names,
        [
            format!("{api}-live-4XXError"),
            format!("{api}-live-5XXError"),
            format!("{api}-live-Latency")
        ]
    );

    // By names, in two batches (150 names: 3 real + 147 missing, which are simply absent).
    let mut asked = names.clone();
    asked.extend((0..147).map(|i| format!("{api}-missing-{i:03}")));
    let mut alarms = cloudwatch.describe_alarms(&asked).await.expect("describe");
    alarms.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(
        alarms.iter().map(|a| a.name.clone()).collect::<Vec<_>>(),
        names
    );
    for (alarm, spec) in alarms.iter().zip(&specs) {
        assert_eq!(alarm.drift(spec), [], "{} round-trips", alarm.name);
        assert!(alarm.arn.contains(&alarm.name), "{}", alarm.arn);
        // AWS starts a new alarm in INSUFFICIENT_DATA; moto starts it in OK (gap).
        assert!(
            matches!(alarm.state, AlarmState::InsufficientData | AlarmState::Ok),
            "{:?}",
            alarm.state
        );
        assert!(!alarm.is_alarming());
        assert!(alarm.notifies(&topic_arn));
        assert_eq!(alarm.ok_actions, std::slice::from_ref(&topic_arn));
        assert_eq!(
            alarm.treat_missing_data,
            Some(TreatMissingData::NotBreaching)
        );
        assert_eq!(alarm.dimensions(), api_dimensions(&api, Some("live")));
        assert_eq!(alarm.period_seconds(), Some(300));
    }
    assert_eq!(alarms[0].metric_name(), Some("4XXError"));
    assert_eq!(alarms[2].metric_name(), Some("Latency"));

    // By prefix.
    let by_prefix = cloudwatch
        .describe_alarms_with_prefix(&format!("{api}-live-"))
        .await
        .expect("by prefix");
    assert_eq!(by_prefix.len(), 3);

    // PutMetricAlarm is idempotent by name: a changed spec updates the alarm in place.
    let mut changed = specs[1].clone();
    changed.threshold = 2.5;
    cloudwatch.put_metric_alarm(&changed).await.expect("update");
    let updated = cloudwatch
        .describe_alarms(std::slice::from_ref(&changed.name))
        .await
        .expect("describe");
    assert_eq!(updated.len(), 1);
    assert_eq!(updated[0].threshold, Some(2.5));
    assert_eq!(updated[0].drift(&changed), []);
    let drift: Vec<_> = updated[0]
        .drift(&specs[1])
        .into_iter()
        .map(|d| d.field)
        .collect();
    assert_eq!(drift, ["threshold"]);

    // DeleteAlarms, then again: deleting what is gone succeeds.
    cloudwatch.delete_alarms(&asked).await.expect("delete");
    assert!(cloudwatch
        .describe_alarms(&names)
        .await
        .expect("describe")
        .is_empty());
    cloudwatch
        .delete_alarms(&names)
        .await
        .expect("delete again");
    cloudwatch.delete_alarms(&[]).await.expect("nothing");
    delete_topic(&ctx, &topic_arn).await;
}

fn minute_floor(t: SystemTime) -> SystemTime {
    let secs = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    SystemTime::UNIX_EPOCH + Duration::from_secs(secs - secs % 60)
}

#[tokio::test]
async fn emulator_alarms_put_metric_data_and_read_statistics() {
    let Some(ctx) = support::context().await else {
        return;
    };
    let cloudwatch = SdkCloudWatch::new(&ctx);
    // A namespace of our own: no other test's data can land in our sums.
    let namespace = support::unique("apigw-test");
    let api = "orders";
    let dims = api_dimensions(api, Some("live"));
    let base = minute_floor(SystemTime::now()) - Duration::from_secs(600);
    let datum = |name: &str, at: SystemTime, value: f64, unit: &str| MetricDatum {
        name: name.to_owned(),
        dimensions: dims.clone(),
        timestamp: Some(at),
        value,
        unit: Some(unit.to_owned()),
    };
    let minute = Duration::from_secs(60);
    let data = vec![
        // Sent out of order: the answer is sorted by time.
        datum(
            "Latency",
            base + minute * 2 + Duration::from_secs(5),
            300.0,
            "Milliseconds",
        ),
        datum(
            "Latency",
            base + Duration::from_secs(10),
            100.0,
            "Milliseconds",
        ),
        datum(
            "Latency",
            base + Duration::from_secs(20),
            200.0,
            "Milliseconds",
        ),
        datum("Count", base + Duration::from_secs(1), 40.0, "Count"),
        datum("Count", base + Duration::from_secs(2), 2.0, "Count"),
        // A day earlier: a 25-hour window needs two GetMetricStatistics calls.
        datum("Count", base - Duration::from_secs(86_400), 7.0, "Count"),
    ];
    cloudwatch
        .put_metric_data(&namespace, &data)
        .await
        .expect("put_metric_data");

    let query = |metric: &str, start: SystemTime| MetricQuery {
        namespace: namespace.clone(),
        metric_name: metric.to_owned(),
        dimensions: dims.clone(),
        start,
        end: base + Duration::from_secs(900),
        period_seconds: 60,
        statistics: Vec::new(),
        extended: Vec::new(),
    };
    let latency = cloudwatch
        .get_metric_statistics(
            &query("Latency", base)
                .with_statistics([
                    Statistic::Average,
                    Statistic::Maximum,
                    Statistic::SampleCount,
                ])
                .with_extended(["p99"]),
        )
        .await
        .expect("latency");
    let times: Vec<_> = latency.iter().map(|p| p.timestamp).collect();
    let mut sorted = times.clone();
    sorted.sort();
    assert_eq!(times, sorted, "sorted by time");
    let with_samples: Vec<_> = latency
        .iter()
        .filter(|p| p.sample_count > Some(0.0))
        .collect();
    assert_eq!(with_samples.len(), 2, "{latency:?}");
    assert_eq!(with_samples[0].average, Some(150.0));
    assert_eq!(with_samples[0].maximum, Some(200.0));
    assert_eq!(with_samples[0].sample_count, Some(2.0));
    assert_eq!(with_samples[1].average, Some(300.0));
    // moto gap: no percentiles (ExtendedStatistics ignored); AWS would fill `extended["p99"]`.

    let count = cloudwatch
        .get_metric_statistics(
            &query("Count", base - Duration::from_secs(90_000)).with_statistics([Statistic::Sum]),
        )
        .await
        .expect("count over 25 hours");
    let total: f64 = count.iter().filter_map(|p| p.sum).sum();
    assert_eq!(total, 49.0, "{count:?}");
    let first = count.first().expect("datapoints");
    assert!(first.timestamp <= base - Duration::from_secs(86_400) + minute);

    let none = cloudwatch
        .get_metric_statistics(&query("Nothing", base).with_statistics([Statistic::Sum]))
        .await
        .expect("no data");
    assert!(none.is_empty());
    let err = cloudwatch
        .get_metric_statistics(&query("Count", base))
        .await
        .expect_err("no statistic");
    assert_eq!(err.kind(), ErrorKind::Invalid);
}
