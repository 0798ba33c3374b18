//! [`CloudWatch`] and [`Topics`] for [`WithRuntime`]: the operations and kinds of
//! `SdkCloudWatch` and `SdkTopics`.

use apigw_alarms::ops::{
    DELETE_ALARMS, DESCRIBE_ALARMS, GET_METRIC_STATISTICS, GET_TOPIC_ATTRIBUTES, LIST_TOPICS,
    PUT_METRIC_ALARM, PUT_METRIC_DATA,
};
use apigw_alarms::{
    Alarm, AlarmSpec, CloudWatch, Datapoint, MetricDatum, MetricQuery, Topic, Topics,
};
use apigw_core::Result;

use super::WithRuntime;

/// `first` or `first (+N more)`, as `SdkCloudWatch` names a batch of alarms.
fn names_label(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [first, rest @ ..] => format!("{first} (+{} more)", rest.len()),
    }
}

#[async_trait::async_trait]
impl<T: CloudWatch> CloudWatch for WithRuntime<T> {
    async fn put_metric_alarm(&self, spec: &AlarmSpec) -> Result<()> {
        self.caller
            .call(PUT_METRIC_ALARM, &spec.name, || {
                self.inner.put_metric_alarm(spec)
            })
            .await
    }

    async fn describe_alarms(&self, names: &[String]) -> Result<Vec<Alarm>> {
        if names.is_empty() {
            // No names, no call (and no pacing token).
            return self.inner.describe_alarms(names).await;
        }
        self.caller
            .call(DESCRIBE_ALARMS, &names_label(names), || {
                self.inner.describe_alarms(names)
            })
            .await
    }

    async fn describe_alarms_with_prefix(&self, prefix: &str) -> Result<Vec<Alarm>> {
        self.caller
            .call(DESCRIBE_ALARMS, &format!("{prefix}*"), || {
                self.inner.describe_alarms_with_prefix(prefix)
            })
            .await
    }

    async fn delete_alarms(&self, names: &[String]) -> Result<()> {
        if names.is_empty() {
            return self.inner.delete_alarms(names).await;
        }
        self.caller
            .call(DELETE_ALARMS, &names_label(names), || {
                self.inner.delete_alarms(names)
            })
            .await
    }

    async fn get_metric_statistics(&self, query: &MetricQuery) -> Result<Vec<Datapoint>> {
        self.caller
            .call(GET_METRIC_STATISTICS, &query.metric_name, || {
                self.inner.get_metric_statistics(query)
            })
            .await
    }

    async fn put_metric_data(&self, namespace: &str, data: &[MetricDatum]) -> Result<()> {
        if data.is_empty() {
            return self.inner.put_metric_data(namespace, data).await;
        }
        self.caller
            .call(PUT_METRIC_DATA, namespace, || {
                self.inner.put_metric_data(namespace, data)
            })
            .await
    }
}

#[async_trait::async_trait]
impl<T: Topics> Topics for WithRuntime<T> {
    async fn resolve(&self, name_or_arn: &str) -> Result<Option<Topic>> {
        let name_or_arn = name_or_arn.trim();
        let op = if name_or_arn.starts_with("arn:") {
            GET_TOPIC_ATTRIBUTES
        } else {
            LIST_TOPICS
        };
        self.caller
            .call(op, name_or_arn, || self.inner.resolve(name_or_arn))
            .await
    }
}
