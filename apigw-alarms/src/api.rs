//! The [`CloudWatch`] and [`Topics`] traits.

use apigw_core::Result;

use crate::model::{Alarm, AlarmSpec, Datapoint, MetricDatum, MetricQuery, Topic};

/// CloudWatch alarms and metrics, in the primary region.
///
/// Implemented by [`crate::SdkCloudWatch`] (AWS) and by the simulator; `MockCloudWatch` with
/// the `mock` feature.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
#[async_trait::async_trait]
pub trait CloudWatch: Send + Sync {
    /// Creates the alarm, or replaces the configuration of the alarm with that name
    /// (`PutMetricAlarm`, idempotent by name). Tags apply only when the alarm is created.
    ///
    /// The account's alarm quota is `Err` with [`apigw_core::ErrorKind::LimitExceeded`]
    /// (never retried).
    async fn put_metric_alarm(&self, spec: &AlarmSpec) -> Result<()>;

    /// The metric alarms among `names` that exist (`DescribeAlarms` by name, 100 names per
    /// call, every page). Missing names are simply absent from the answer; no names, no call.
    async fn describe_alarms(&self, names: &[String]) -> Result<Vec<Alarm>>;

    /// Every metric alarm whose name starts with `prefix` (`DescribeAlarms` by prefix, every
    /// page).
    async fn describe_alarms_with_prefix(&self, prefix: &str) -> Result<Vec<Alarm>>;

    /// Deletes the alarms (`DeleteAlarms`, 100 names per call); no names, no call.
    ///
    /// CloudWatch ignores names that do not exist, so deleting twice succeeds; where it does
    /// answer `ResourceNotFound` the error is [`apigw_core::ErrorKind::NotFound`].
    async fn delete_alarms(&self, names: &[String]) -> Result<()>;

    /// Aggregated datapoints of one metric, sorted by time (`GetMetricStatistics`).
    ///
    /// CloudWatch takes either standard or extended statistics in one call, never both, at
    /// most 10 extended ones and at most 1,440 datapoints: the implementation splits the query
    /// into as many calls as needed and merges the answers by timestamp. A query with no
    /// statistic, a zero period or an empty window is `Err` with
    /// [`apigw_core::ErrorKind::Invalid`] before any call. No data is `Ok(vec![])`.
    async fn get_metric_statistics(&self, query: &MetricQuery) -> Result<Vec<Datapoint>>;

    /// Publishes values into `namespace` (`PutMetricData`, 1,000 values per call): used by
    /// tests and the simulator to inject traffic. Not idempotent (a repeat counts twice), so a
    /// transient failure is returned rather than retried.
    async fn put_metric_data(&self, namespace: &str, data: &[MetricDatum]) -> Result<()>;
}

/// SNS topic lookup, in the primary region.
///
/// Implemented by [`crate::SdkTopics`] (AWS) and by the simulator; `MockTopics` with the `mock`
/// feature.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
#[async_trait::async_trait]
pub trait Topics: Send + Sync {
    /// The topic `name_or_arn` names, or `None` if it does not exist.
    ///
    /// An ARN (`arn:aws:sns:…`) is checked with `GetTopicAttributes` (`NotFound` -> `None`); a
    /// name is looked up in `ListTopics` (every page) by exact match on the ARN's last segment.
    async fn resolve(&self, name_or_arn: &str) -> Result<Option<Topic>>;
}
