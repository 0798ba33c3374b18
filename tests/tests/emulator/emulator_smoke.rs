//! Smoke test of the foundation: from Rust, through `AwsContext` and its `Caller`, one round
//! trip to each of the six services apigw uses, against moto.

use std::time::{Duration, SystemTime};

use apigw_core::runtime::{from_sdk, Op, Service};
use aws_sdk_cloudwatch::types::{ComparisonOperator, Dimension, MetricDatum, Statistic};
use aws_smithy_types::DateTime;

use crate::support;

#[tokio::test]
async fn talks_to_all_six_services_through_the_runtime() {
    let Some(ctx) = support::context().await else {
        return;
    };
    let caller = ctx.caller();
    let name = support::unique("smoke");

    const CREATE_API: Op = Op::write(Service::ApiGateway, "CreateRestApi");
    let api = caller
        .call(CREATE_API, &name, || async {
            ctx.apigateway()
                .create_rest_api()
                .name(&name)
                .send()
                .await
                .map_err(|e| from_sdk(CREATE_API.name, e))
        })
        .await
        .expect("API Gateway answers");
    assert_eq!(api.name(), Some(name.as_str()));

    const GET_USER: Op = Op::read(Service::Iam, "ListRoles");
    caller
        .call(GET_USER, "roles", || async {
            ctx.iam()
                .list_roles()
                .send()
                .await
                .map_err(|e| from_sdk(GET_USER.name, e))
        })
        .await
        .expect("IAM answers");

    const LIST_ZONES: Op = Op::read(Service::Route53, "ListHostedZones");
    caller
        .call(LIST_ZONES, "zones", || async {
            ctx.route53()
                .list_hosted_zones()
                .send()
                .await
                .map_err(|e| from_sdk(LIST_ZONES.name, e))
        })
        .await
        .expect("Route 53 answers");

    const LIST_CERTS: Op = Op::read(Service::Acm, "ListCertificates");
    let acm = ctx.acm_in(ctx.secondary_region());
    caller
        .call(LIST_CERTS, "certificates", || async {
            acm.list_certificates()
                .send()
                .await
                .map_err(|e| from_sdk(LIST_CERTS.name, e))
        })
        .await
        .expect("ACM answers in the secondary region");

    const CREATE_TOPIC: Op = Op::write(Service::Sns, "CreateTopic");
    let topic = caller
        .call(CREATE_TOPIC, &name, || async {
            ctx.sns()
                .create_topic()
                .name(&name)
                .send()
                .await
                .map_err(|e| from_sdk(CREATE_TOPIC.name, e))
        })
        .await
        .expect("SNS answers");
    let topic_arn = topic.topic_arn().expect("topic arn").to_owned();

    cloudwatch_round_trip(&ctx, &name, &topic_arn).await;
}

/// PutMetricAlarm / DescribeAlarms / PutMetricData / GetMetricStatistics over rpcv2Cbor, which
/// only works against moto through the launcher's CBOR bridge.
async fn cloudwatch_round_trip(ctx: &apigw_core::AwsContext, name: &str, topic_arn: &str) {
    let cw = ctx.cloudwatch();
    let caller = ctx.caller();
    let dimension = Dimension::builder().name("ApiName").value(name).build();

    const PUT_ALARM: Op = Op::write(Service::CloudWatch, "PutMetricAlarm");
    let alarm_name = format!("{name}-live-Latency");
    caller
        .call(PUT_ALARM, &alarm_name, || async {
            cw.put_metric_alarm()
                .alarm_name(&alarm_name)
                .namespace("AWS/ApiGateway")
                .metric_name("Latency")
                .dimensions(dimension.clone())
                .statistic(Statistic::Average)
                .period(60)
                .evaluation_periods(1)
                .threshold(1000.5)
                .comparison_operator(ComparisonOperator::GreaterThanThreshold)
                .alarm_actions(topic_arn)
                .ok_actions(topic_arn)
                .send()
                .await
                .map_err(|e| from_sdk(PUT_ALARM.name, e))
        })
        .await
        .expect("PutMetricAlarm through the bridge");

    const DESCRIBE: Op = Op::read(Service::CloudWatch, "DescribeAlarms");
    let described = caller
        .call(DESCRIBE, &alarm_name, || async {
            cw.describe_alarms()
                .alarm_names(&alarm_name)
                .send()
                .await
                .map_err(|e| from_sdk(DESCRIBE.name, e))
        })
        .await
        .expect("DescribeAlarms through the bridge");
    let alarm = described
        .metric_alarms()
        .first()
        .expect("the alarm just put");
    assert_eq!(alarm.threshold(), Some(1000.5));
    assert_eq!(alarm.alarm_actions(), [topic_arn.to_owned()]);

    let now = SystemTime::now();
    const PUT_DATA: Op = Op::write(Service::CloudWatch, "PutMetricData");
    caller
        .call(PUT_DATA, name, || async {
            let datum = |value: f64| {
                MetricDatum::builder()
                    .metric_name("Count")
                    .dimensions(dimension.clone())
                    .timestamp(DateTime::from(now - Duration::from_secs(30)))
                    .value(value)
                    .build()
            };
            cw.put_metric_data()
                .namespace("AWS/ApiGateway")
                .metric_data(datum(40.0))
                .metric_data(datum(2.0))
                .send()
                .await
                .map_err(|e| from_sdk(PUT_DATA.name, e))
        })
        .await
        .expect("PutMetricData through the bridge");

    const GET_STATS: Op = Op::read(Service::CloudWatch, "GetMetricStatistics");
    let stats = caller
        .call(GET_STATS, name, || async {
            cw.get_metric_statistics()
                .namespace("AWS/ApiGateway")
                .metric_name("Count")
                .dimensions(dimension.clone())
                .start_time(DateTime::from(now - Duration::from_secs(600)))
                .end_time(DateTime::from(now + Duration::from_secs(60)))
                .period(600)
                .statistics(Statistic::Sum)
                .statistics(Statistic::SampleCount)
                .send()
                .await
                .map_err(|e| from_sdk(GET_STATS.name, e))
        })
        .await
        .expect("GetMetricStatistics through the bridge");
    let total: f64 = stats.datapoints().iter().filter_map(|d| d.sum()).sum();
    assert_eq!(total, 42.0, "datapoints: {:?}", stats.datapoints());
    assert!(
        stats.datapoints().iter().all(|d| d.timestamp().is_some()),
        "timestamps decoded"
    );
}
