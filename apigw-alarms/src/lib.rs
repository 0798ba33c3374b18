//! apigw-alarms: CloudWatch alarms and metric reads, and SNS topic lookup.
//!
//! - [`model`]: [`AlarmSpec`] (with the DESIGN §3 constructors [`AlarmSpec::error_rate`] and
//!   [`AlarmSpec::average_latency`]), [`Alarm`] (state, actions, [`Alarm::drift`]),
//!   [`MetricQuery`] / [`Datapoint`], [`MetricDatum`], [`Topic`].
//! - [`api`]: the [`CloudWatch`] and [`Topics`] traits (`MockCloudWatch`, `MockTopics` with the
//!   `mock` feature).
//! - [`sdk`]: [`SdkCloudWatch`] and [`SdkTopics`], the traits over `aws-sdk-cloudwatch` and
//!   `aws-sdk-sns`.
//!
//! Error-rate alarms are rates in percent (`100*errors/requests`), compared with a percent
//! threshold, with missing data not breaching and the topic on both ALARM and OK.
//!
//! ```no_run
//! # async fn example(ctx: &apigw_core::AwsContext) -> apigw_core::Result<()> {
//! use apigw_alarms::{AlarmSpec, CloudWatch, ErrorMetric, SdkCloudWatch, SdkTopics, Topics};
//!
//! let topic = SdkTopics::new(ctx).resolve("ops-alerts").await?.expect("topic exists");
//! let cloudwatch = SdkCloudWatch::new(ctx);
//! let spec = AlarmSpec::error_rate("orders", "live", ErrorMetric::ServerErrors, 1.0, 300, 1, &topic.arn);
//! cloudwatch.put_metric_alarm(&spec).await?;
//! let alarms = cloudwatch.describe_alarms(&[spec.name.clone()]).await?;
//! assert!(alarms.iter().all(|a| a.drift(&spec).is_empty()));
//! # Ok(()) }
//! ```

pub mod api;
pub mod model;
pub mod ops;
pub mod sdk;

pub use api::{CloudWatch, Topics};
#[cfg(any(test, feature = "mock"))]
pub use api::{MockCloudWatch, MockTopics};
pub use model::{
    alarm_name, api_dimensions, Alarm, AlarmDrift, AlarmMetric, AlarmSpec, AlarmState,
    ComparisonOperator, Datapoint, ErrorMetric, Metric, MetricDataQuery, MetricDatum, MetricQuery,
    MetricStat, Statistic, Topic, TreatMissingData, API_GATEWAY_NAMESPACE, DIMENSION_API_NAME,
    DIMENSION_STAGE, METRIC_4XX, METRIC_5XX, METRIC_COUNT, METRIC_INTEGRATION_LATENCY,
    METRIC_LATENCY,
};
pub use sdk::{SdkCloudWatch, SdkTopics};
