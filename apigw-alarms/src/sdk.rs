//! [`SdkCloudWatch`] and [`SdkTopics`]: the traits over `aws-sdk-cloudwatch` and `aws-sdk-sns`.
//! The only file of this crate that imports `aws_sdk_*`.
//!
//! `aws-sdk-cloudwatch` speaks the `rpcv2Cbor` protocol; nothing here depends on it (the SDK
//! does the encoding), so the adapter is the same against AWS and against an emulator bridge.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use apigw_core::runtime::{from_sdk, Caller};
use apigw_core::{AwsContext, Error, ErrorKind, Result};
use aws_sdk_cloudwatch::primitives::DateTime;
use aws_sdk_cloudwatch::types as cw;

use crate::api::{CloudWatch, Topics};
use crate::model::{
    Alarm, AlarmMetric, AlarmSpec, AlarmState, ComparisonOperator, Datapoint, Metric,
    MetricDataQuery, MetricDatum, MetricQuery, MetricStat, Statistic, Topic, TreatMissingData,
};
use crate::ops::{
    DELETE_ALARMS, DESCRIBE_ALARMS, GET_METRIC_STATISTICS, GET_TOPIC_ATTRIBUTES, LIST_TOPICS,
    PUT_METRIC_ALARM, PUT_METRIC_DATA,
};

/// `DescribeAlarms` and `DeleteAlarms` take at most 100 names.
const NAMES_PER_CALL: usize = 100;
/// `GetMetricStatistics` takes at most 10 extended statistics.
const EXTENDED_PER_CALL: usize = 10;
/// `GetMetricStatistics` answers at most 1,440 datapoints.
const DATAPOINTS_PER_CALL: u64 = 1440;
/// `PutMetricData` takes at most 1,000 values.
const DATUMS_PER_CALL: usize = 1000;

/// CloudWatch through the AWS SDK.
#[derive(Debug, Clone)]
pub struct SdkCloudWatch {
    client: aws_sdk_cloudwatch::Client,
    caller: Caller,
    page_size: Option<i32>,
}

impl SdkCloudWatch {
    /// Uses the context's client and shared caller.
    pub fn new(ctx: &AwsContext) -> Self {
        Self::from_client(ctx.cloudwatch().clone(), ctx.caller().clone())
    }

    /// For tests (aws-smithy-mocks clients) and custom clients.
    pub fn from_client(client: aws_sdk_cloudwatch::Client, caller: Caller) -> Self {
        Self {
            client,
            caller,
            page_size: None,
        }
    }

    /// Asks for at most `size` alarms per `DescribeAlarms` page (`MaxRecords`, 1–100; AWS's
    /// default is 50). Results are the same whatever the size; tests use a small one.
    pub fn with_page_size(mut self, size: u32) -> Self {
        self.page_size = Some(i32::try_from(size.clamp(1, 100)).unwrap_or(100));
        self
    }

    /// Every page of one `DescribeAlarms` filter.
    async fn describe(
        &self,
        resource: &str,
        names: Option<&[String]>,
        prefix: Option<&str>,
    ) -> Result<Vec<Alarm>> {
        let mut alarms = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let out = self
                .caller
                .call(DESCRIBE_ALARMS, resource, || async {
                    self.client
                        .describe_alarms()
                        .set_alarm_names(names.map(<[String]>::to_vec))
                        .set_alarm_name_prefix(prefix.map(str::to_owned))
                        .set_max_records(self.page_size)
                        .set_next_token(token.clone())
                        .send()
                        .await
                        .map_err(|e| from_sdk(DESCRIBE_ALARMS.name, e))
                })
                .await?;
            for alarm in out.metric_alarms() {
                alarms.push(alarm_from_sdk(alarm)?);
            }
            match out.next_token().filter(|t| !t.is_empty()) {
                None => return Ok(alarms),
                Some(next) if token.as_deref() == Some(next) => {
                    return Err(Error::new(
                        ErrorKind::Other,
                        DESCRIBE_ALARMS.name,
                        "answer repeated the page token it was sent",
                    )
                    .with_resource(resource))
                }
                Some(next) => token = Some(next.to_owned()),
            }
        }
    }

    async fn statistics_call(
        &self,
        query: &MetricQuery,
        window: (SystemTime, SystemTime),
        statistics: &[Statistic],
        extended: &[String],
    ) -> Result<Vec<cw::Datapoint>> {
        let period = i32::try_from(query.period_seconds).map_err(|_| {
            Error::new(
                ErrorKind::Invalid,
                GET_METRIC_STATISTICS.name,
                "period is too large",
            )
        })?;
        let out = self
            .caller
            .call(GET_METRIC_STATISTICS, &query.metric_name, || async {
                self.client
                    .get_metric_statistics()
                    .namespace(&query.namespace)
                    .metric_name(&query.metric_name)
                    .set_dimensions(Some(dimensions_to_sdk(&query.dimensions)))
                    .start_time(DateTime::from(window.0))
                    .end_time(DateTime::from(window.1))
                    .period(period)
                    .set_statistics((!statistics.is_empty()).then(|| {
                        statistics
                            .iter()
                            .map(|s| cw::Statistic::from(s.as_str()))
                            .collect()
                    }))
                    .set_extended_statistics((!extended.is_empty()).then(|| extended.to_vec()))
                    .send()
                    .await
                    .map_err(|e| from_sdk(GET_METRIC_STATISTICS.name, e))
            })
            .await?;
        Ok(out.datapoints().to_vec())
    }
}

#[async_trait::async_trait]
impl CloudWatch for SdkCloudWatch {
    async fn put_metric_alarm(&self, spec: &AlarmSpec) -> Result<()> {
        let invalid = |what: &str| {
            Error::new(ErrorKind::Invalid, PUT_METRIC_ALARM.name, what.to_owned())
                .with_resource(spec.name.clone())
        };
        let evaluation_periods = i32::try_from(spec.evaluation_periods)
            .map_err(|_| invalid("evaluation periods too large"))?;
        let datapoints_to_alarm = spec
            .datapoints_to_alarm
            .map(i32::try_from)
            .transpose()
            .map_err(|_| invalid("datapoints to alarm too large"))?;
        let mut request = self
            .client
            .put_metric_alarm()
            .alarm_name(&spec.name)
            .set_alarm_description(spec.description.clone())
            .actions_enabled(spec.actions_enabled)
            .set_alarm_actions(Some(spec.alarm_actions.clone()))
            .set_ok_actions(Some(spec.ok_actions.clone()))
            .set_insufficient_data_actions(Some(spec.insufficient_data_actions.clone()))
            .threshold(spec.threshold)
            .comparison_operator(cw::ComparisonOperator::from(spec.comparison.as_str()))
            .evaluation_periods(evaluation_periods)
            .set_datapoints_to_alarm(datapoints_to_alarm)
            .treat_missing_data(spec.treat_missing_data.as_str())
            .set_tags((!spec.tags.is_empty()).then(|| {
                spec.tags
                    .iter()
                    .map(|(k, v)| cw::Tag::builder().key(k).value(v).build())
                    .collect()
            }));
        match &spec.metric {
            AlarmMetric::Single(stat) => {
                let period =
                    i32::try_from(stat.period_seconds).map_err(|_| invalid("period too large"))?;
                request = request
                    .namespace(&stat.metric.namespace)
                    .metric_name(&stat.metric.name)
                    .set_dimensions(Some(dimensions_to_sdk(&stat.metric.dimensions)))
                    .period(period)
                    .set_unit(stat.unit.as_deref().map(cw::StandardUnit::from));
                request = match Statistic::from_name(&stat.stat) {
                    Some(standard) => request.statistic(cw::Statistic::from(standard.as_str())),
                    None => request.extended_statistic(&stat.stat),
                };
            }
            AlarmMetric::Math(queries) => {
                let queries = queries
                    .iter()
                    .map(query_to_sdk)
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| invalid("a metric-math period is too large"))?;
                request = request.set_metrics(Some(queries));
            }
        }
        self.caller
            .call(PUT_METRIC_ALARM, &spec.name, || {
                let request = request.clone();
                async move {
                    request
                        .send()
                        .await
                        .map_err(|e| from_sdk(PUT_METRIC_ALARM.name, e))
                }
            })
            .await?;
        Ok(())
    }

    async fn describe_alarms(&self, names: &[String]) -> Result<Vec<Alarm>> {
        let mut alarms = Vec::new();
        for batch in names.chunks(NAMES_PER_CALL) {
            alarms.extend(
                self.describe(&batch_label(batch), Some(batch), None)
                    .await?,
            );
        }
        Ok(alarms)
    }

    async fn describe_alarms_with_prefix(&self, prefix: &str) -> Result<Vec<Alarm>> {
        self.describe(&format!("{prefix}*"), None, Some(prefix))
            .await
    }

    async fn delete_alarms(&self, names: &[String]) -> Result<()> {
        for batch in names.chunks(NAMES_PER_CALL) {
            self.caller
                .call(DELETE_ALARMS, &batch_label(batch), || async {
                    self.client
                        .delete_alarms()
                        .set_alarm_names(Some(batch.to_vec()))
                        .send()
                        .await
                        .map_err(|e| from_sdk(DELETE_ALARMS.name, e))
                })
                .await?;
        }
        Ok(())
    }

    async fn get_metric_statistics(&self, query: &MetricQuery) -> Result<Vec<Datapoint>> {
        let invalid = |what: &str| {
            Error::new(
                ErrorKind::Invalid,
                GET_METRIC_STATISTICS.name,
                what.to_owned(),
            )
            .with_resource(query.metric_name.clone())
        };
        if query.statistics.is_empty() && query.extended.is_empty() {
            return Err(invalid("no statistic requested"));
        }
        if query.period_seconds == 0 {
            return Err(invalid("the period must be positive"));
        }
        if query.start >= query.end {
            return Err(invalid("the window's start must be before its end"));
        }
        let mut statistics = query.statistics.clone();
        statistics.sort();
        statistics.dedup();
        let mut extended = query.extended.clone();
        extended.sort();
        extended.dedup();
        // CloudWatch rejects Statistics and ExtendedStatistics in the same call.
        let mut batches: Vec<(&[Statistic], &[String])> = Vec::new();
        if !statistics.is_empty() {
            batches.push((&statistics, &[]));
        }
        for chunk in extended.chunks(EXTENDED_PER_CALL) {
            batches.push((&[], chunk));
        }
        let mut merged: BTreeMap<SystemTime, Datapoint> = BTreeMap::new();
        for window in windows(query.start, query.end, query.period_seconds) {
            for (statistics, extended) in &batches {
                for point in self
                    .statistics_call(query, window, statistics, extended)
                    .await?
                {
                    let point = datapoint_from_sdk(&point).ok_or_else(|| {
                        Error::new(
                            ErrorKind::Other,
                            GET_METRIC_STATISTICS.name,
                            "answer had a datapoint without a valid timestamp",
                        )
                        .with_resource(query.metric_name.clone())
                    })?;
                    match merged.get_mut(&point.timestamp) {
                        Some(existing) => merge(existing, point),
                        None => {
                            merged.insert(point.timestamp, point);
                        }
                    }
                }
            }
        }
        Ok(merged.into_values().collect())
    }

    async fn put_metric_data(&self, namespace: &str, data: &[MetricDatum]) -> Result<()> {
        for batch in data.chunks(DATUMS_PER_CALL) {
            let datums: Vec<cw::MetricDatum> = batch
                .iter()
                .map(|d| {
                    cw::MetricDatum::builder()
                        .metric_name(&d.name)
                        .set_dimensions(Some(dimensions_to_sdk(&d.dimensions)))
                        .set_timestamp(d.timestamp.map(DateTime::from))
                        .value(d.value)
                        .set_unit(d.unit.as_deref().map(cw::StandardUnit::from))
                        .build()
                })
                .collect();
            self.caller
                .call(PUT_METRIC_DATA, namespace, || async {
                    self.client
                        .put_metric_data()
                        .namespace(namespace)
                        .set_metric_data(Some(datums.clone()))
                        .send()
                        .await
                        .map_err(|e| from_sdk(PUT_METRIC_DATA.name, e))
                })
                .await?;
        }
        Ok(())
    }
}

/// "first-name (+N more)", naming a batch in errors and spans.
fn batch_label(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [first, rest @ ..] => format!("{first} (+{} more)", rest.len()),
    }
}

/// Splits `[start, end)` into windows of at most 1,440 periods.
fn windows(
    start: SystemTime,
    end: SystemTime,
    period_seconds: u32,
) -> Vec<(SystemTime, SystemTime)> {
    let step = Duration::from_secs(u64::from(period_seconds) * DATAPOINTS_PER_CALL);
    let mut windows = Vec::new();
    let mut from = start;
    while from < end {
        let to = from.checked_add(step).map_or(end, |t| t.min(end));
        windows.push((from, to));
        from = to;
    }
    windows
}

fn merge(into: &mut Datapoint, from: Datapoint) {
    into.sum = into.sum.or(from.sum);
    into.average = into.average.or(from.average);
    into.maximum = into.maximum.or(from.maximum);
    into.minimum = into.minimum.or(from.minimum);
    into.sample_count = into.sample_count.or(from.sample_count);
    into.unit = into.unit.take().or(from.unit);
    into.extended.extend(from.extended);
}

fn datapoint_from_sdk(point: &cw::Datapoint) -> Option<Datapoint> {
    let timestamp = SystemTime::try_from(*point.timestamp()?).ok()?;
    Some(Datapoint {
        timestamp,
        sum: point.sum(),
        average: point.average(),
        maximum: point.maximum(),
        minimum: point.minimum(),
        sample_count: point.sample_count(),
        extended: point
            .extended_statistics()
            .map(|stats| stats.iter().map(|(k, v)| (k.clone(), *v)).collect())
            .unwrap_or_default(),
        unit: point.unit().map(|u| u.as_str().to_owned()),
    })
}

fn dimensions_to_sdk(dimensions: &[(String, String)]) -> Vec<cw::Dimension> {
    dimensions
        .iter()
        .map(|(name, value)| cw::Dimension::builder().name(name).value(value).build())
        .collect()
}

fn dimensions_from_sdk(dimensions: &[cw::Dimension]) -> Vec<(String, String)> {
    dimensions
        .iter()
        .map(|d| {
            (
                d.name().unwrap_or_default().to_owned(),
                d.value().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn metric_to_sdk(metric: &Metric) -> cw::Metric {
    cw::Metric::builder()
        .namespace(&metric.namespace)
        .metric_name(&metric.name)
        .set_dimensions(Some(dimensions_to_sdk(&metric.dimensions)))
        .build()
}

/// `None` when a period does not fit CloudWatch's integer.
fn query_to_sdk(query: &MetricDataQuery) -> Option<cw::MetricDataQuery> {
    let metric_stat = match &query.metric_stat {
        Some(stat) => Some(
            cw::MetricStat::builder()
                .metric(metric_to_sdk(&stat.metric))
                .period(i32::try_from(stat.period_seconds).ok()?)
                .stat(&stat.stat)
                .set_unit(stat.unit.as_deref().map(cw::StandardUnit::from))
                .build(),
        ),
        None => None,
    };
    let period = match query.period_seconds {
        Some(p) => Some(i32::try_from(p).ok()?),
        None => None,
    };
    Some(
        cw::MetricDataQuery::builder()
            .id(&query.id)
            .set_expression(query.expression.clone())
            .set_metric_stat(metric_stat)
            .set_label(query.label.clone())
            .return_data(query.return_data)
            .set_period(period)
            .build(),
    )
}

fn non_negative(value: Option<i32>) -> Option<u32> {
    value.and_then(|v| u32::try_from(v).ok())
}

fn query_from_sdk(query: &cw::MetricDataQuery) -> MetricDataQuery {
    MetricDataQuery {
        id: query.id().unwrap_or_default().to_owned(),
        expression: query.expression().map(str::to_owned),
        metric_stat: query.metric_stat().map(|stat| {
            let metric = stat.metric();
            MetricStat {
                metric: Metric {
                    namespace: metric
                        .and_then(cw::Metric::namespace)
                        .unwrap_or_default()
                        .to_owned(),
                    name: metric
                        .and_then(cw::Metric::metric_name)
                        .unwrap_or_default()
                        .to_owned(),
                    dimensions: metric
                        .map(|m| dimensions_from_sdk(m.dimensions()))
                        .unwrap_or_default(),
                },
                period_seconds: non_negative(stat.period()).unwrap_or_default(),
                stat: stat.stat().unwrap_or_default().to_owned(),
                unit: stat.unit().map(|u| u.as_str().to_owned()),
            }
        }),
        label: query.label().map(str::to_owned),
        // AWS's default for ReturnData is true.
        return_data: query.return_data().unwrap_or(true),
        period_seconds: non_negative(query.period()),
    }
}

fn alarm_from_sdk(alarm: &cw::MetricAlarm) -> Result<Alarm> {
    let name = alarm.alarm_name().ok_or_else(|| {
        Error::new(
            ErrorKind::Other,
            DESCRIBE_ALARMS.name,
            "answer had an alarm without a name",
        )
    })?;
    let metric = if !alarm.metrics().is_empty() {
        Some(AlarmMetric::Math(
            alarm.metrics().iter().map(query_from_sdk).collect(),
        ))
    } else {
        alarm.metric_name().map(|metric_name| {
            AlarmMetric::Single(MetricStat {
                metric: Metric {
                    namespace: alarm.namespace().unwrap_or_default().to_owned(),
                    name: metric_name.to_owned(),
                    dimensions: dimensions_from_sdk(alarm.dimensions()),
                },
                period_seconds: non_negative(alarm.period()).unwrap_or_default(),
                stat: alarm
                    .statistic()
                    .map(|s| s.as_str().to_owned())
                    .or_else(|| alarm.extended_statistic().map(str::to_owned))
                    .unwrap_or_default(),
                unit: alarm.unit().map(|u| u.as_str().to_owned()),
            })
        })
    };
    let state = match alarm.state_value() {
        Some(cw::StateValue::Ok) => AlarmState::Ok,
        Some(cw::StateValue::Alarm) => AlarmState::Alarm,
        Some(cw::StateValue::InsufficientData) | None => AlarmState::InsufficientData,
        Some(other) => {
            tracing::warn!(alarm = name, state = other.as_str(), "unknown alarm state");
            AlarmState::InsufficientData
        }
    };
    Ok(Alarm {
        name: name.to_owned(),
        arn: alarm.alarm_arn().unwrap_or_default().to_owned(),
        description: alarm.alarm_description().map(str::to_owned),
        state,
        state_reason: alarm.state_reason().map(str::to_owned),
        state_updated: alarm
            .state_updated_timestamp()
            .and_then(|t| SystemTime::try_from(*t).ok()),
        actions_enabled: alarm.actions_enabled().unwrap_or(true),
        alarm_actions: alarm.alarm_actions().to_vec(),
        ok_actions: alarm.ok_actions().to_vec(),
        insufficient_data_actions: alarm.insufficient_data_actions().to_vec(),
        threshold: alarm.threshold(),
        comparison: alarm
            .comparison_operator()
            .and_then(|c| ComparisonOperator::from_name(c.as_str())),
        evaluation_periods: non_negative(alarm.evaluation_periods()),
        datapoints_to_alarm: non_negative(alarm.datapoints_to_alarm()),
        treat_missing_data: alarm
            .treat_missing_data()
            .and_then(TreatMissingData::from_name),
        metric,
    })
}

/// SNS topic lookup through the AWS SDK.
#[derive(Debug, Clone)]
pub struct SdkTopics {
    client: aws_sdk_sns::Client,
    caller: Caller,
}

impl SdkTopics {
    /// Uses the context's client and shared caller.
    pub fn new(ctx: &AwsContext) -> Self {
        Self::from_client(ctx.sns().clone(), ctx.caller().clone())
    }

    /// For tests (aws-smithy-mocks clients) and custom clients.
    pub fn from_client(client: aws_sdk_sns::Client, caller: Caller) -> Self {
        Self { client, caller }
    }

    async fn by_arn(&self, arn: &str) -> Result<Option<Topic>> {
        let topic = Topic::from_arn(arn).ok_or_else(|| {
            Error::new(
                ErrorKind::Invalid,
                GET_TOPIC_ATTRIBUTES.name,
                "not an SNS topic ARN (arn:aws:sns:region:account:name)",
            )
            .with_resource(arn)
        })?;
        let found = self
            .caller
            .call(GET_TOPIC_ATTRIBUTES, arn, || async {
                self.client
                    .get_topic_attributes()
                    .topic_arn(arn)
                    .send()
                    .await
                    .map_err(|e| from_sdk(GET_TOPIC_ATTRIBUTES.name, e))
            })
            .await;
        match found {
            Ok(_) => Ok(Some(topic)),
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// `ListTopics` pages are fixed at 100 topics by SNS (no page-size parameter).
    async fn by_name(&self, name: &str) -> Result<Option<Topic>> {
        let mut token: Option<String> = None;
        loop {
            let out = self
                .caller
                .call(LIST_TOPICS, name, || async {
                    self.client
                        .list_topics()
                        .set_next_token(token.clone())
                        .send()
                        .await
                        .map_err(|e| from_sdk(LIST_TOPICS.name, e))
                })
                .await?;
            let found = out
                .topics()
                .iter()
                .filter_map(|t| t.topic_arn().and_then(Topic::from_arn))
                .find(|t| t.name == name);
            if found.is_some() {
                return Ok(found);
            }
            match out.next_token().filter(|t| !t.is_empty()) {
                None => return Ok(None),
                Some(next) if token.as_deref() == Some(next) => {
                    return Err(Error::new(
                        ErrorKind::Other,
                        LIST_TOPICS.name,
                        "answer repeated the page token it was sent",
                    )
                    .with_resource(name))
                }
                Some(next) => token = Some(next.to_owned()),
            }
        }
    }
}

#[async_trait::async_trait]
impl Topics for SdkTopics {
    async fn resolve(&self, name_or_arn: &str) -> Result<Option<Topic>> {
        let name_or_arn = name_or_arn.trim();
        if name_or_arn.starts_with("arn:") {
            self.by_arn(name_or_arn).await
        } else {
            self.by_name(name_or_arn).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ErrorMetric;
    use apigw_core::runtime::{PacingConfig, RetryPolicy};
    use apigw_core::RuntimeConfig;
    use aws_sdk_cloudwatch::config::retry::RetryConfig;
    use aws_sdk_cloudwatch::operation::delete_alarms::DeleteAlarmsOutput;
    use aws_sdk_cloudwatch::operation::describe_alarms::DescribeAlarmsOutput;
    use aws_sdk_cloudwatch::operation::get_metric_statistics::GetMetricStatisticsOutput;
    use aws_sdk_cloudwatch::operation::put_metric_alarm::PutMetricAlarmOutput;
    use aws_sdk_cloudwatch::operation::put_metric_data::PutMetricDataOutput;
    use aws_sdk_cloudwatch::Client;
    use aws_sdk_sns::operation::get_topic_attributes::GetTopicAttributesOutput;
    use aws_sdk_sns::operation::list_topics::ListTopicsOutput;
    use aws_smithy_mocks::{mock, mock_client, Rule, RuleMode};
    use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
    use aws_smithy_runtime_api::http::StatusCode;
    use aws_smithy_types::body::SdkBody;

    const TOPIC: &str = "arn:aws:sns:us-west-2:123456789012:ops-alerts";

    fn caller(max_attempts: u32) -> Caller {
        Caller::new(RuntimeConfig {
            pacing: PacingConfig::disabled(),
            retry: RetryPolicy::default()
                .with_max_attempts(max_attempts)
                .with_jitter_seed(3),
            ..Default::default()
        })
    }

    /// Mock clients with the SDK's own retries off, as `AwsContext` builds them.
    fn cw_client(rules: &[&Rule]) -> Client {
        mock_client!(aws_sdk_cloudwatch, RuleMode::Sequential, rules, |conf| conf
            .retry_config(RetryConfig::disabled()))
    }

    fn cloudwatch(rules: &[&Rule]) -> SdkCloudWatch {
        SdkCloudWatch::from_client(cw_client(rules), caller(1))
    }

    fn topics(rules: &[&Rule]) -> SdkTopics {
        let client = mock_client!(aws_sdk_sns, RuleMode::Sequential, rules, |conf| conf
            .retry_config(aws_sdk_sns::config::retry::RetryConfig::disabled()));
        SdkTopics::from_client(client, caller(1))
    }

    fn names(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("alarm-{i:03}")).collect()
    }

    fn at(secs: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
    }

    fn cbor_text(out: &mut Vec<u8>, text: &str) {
        let len = text.len();
        match u8::try_from(len) {
            Ok(small) if small < 24 => out.push(0x60 | small),
            Ok(byte) => out.extend([0x78, byte]),
            Err(_) => {
                out.push(0x79);
                out.extend(u16::try_from(len).expect("short").to_be_bytes());
            }
        }
        out.extend(text.as_bytes());
    }

    /// A CloudWatch rpcv2Cbor error answer: `{"__type": .., "message": ..}`, and the
    /// `x-amzn-query-error` header AWS adds for awsQuery-compatible services when given.
    fn cbor_error(
        status: u16,
        shape: &str,
        query_code: Option<&str>,
        message: &str,
    ) -> HttpResponse {
        let mut body = vec![0xa2];
        cbor_text(&mut body, "__type");
        cbor_text(&mut body, &format!("com.amazonaws.cloudwatch#{shape}"));
        cbor_text(&mut body, "message");
        cbor_text(&mut body, message);
        let mut response = HttpResponse::new(
            StatusCode::try_from(status).expect("status"),
            SdkBody::from(body),
        );
        response
            .headers_mut()
            .insert("smithy-protocol", "rpc-v2-cbor");
        response
            .headers_mut()
            .insert("content-type", "application/cbor");
        if let Some(code) = query_code {
            response
                .headers_mut()
                .insert("x-amzn-query-error", format!("{code};Sender"));
        }
        response
    }

    /// An SNS (awsQuery, XML) error answer.
    fn sns_error(status: u16, code: &str, message: &str) -> HttpResponse {
        let body = format!(
            "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error><Type>Sender</Type>\
             <Code>{code}</Code><Message>{message}</Message></Error><RequestId>req-1</RequestId></ErrorResponse>"
        );
        HttpResponse::new(
            StatusCode::try_from(status).expect("status"),
            SdkBody::from(body),
        )
    }

    fn dims(metric: Option<&cw::Metric>) -> Vec<(String, String)> {
        metric
            .map(|m| dimensions_from_sdk(m.dimensions()))
            .unwrap_or_default()
    }

    #[tokio::test]
    async fn put_error_rate_alarm_sends_metric_math_in_percent() {
        let spec = AlarmSpec::error_rate(
            "orders",
            "live",
            ErrorMetric::ServerErrors,
            1.0,
            300,
            2,
            TOPIC,
        )
        .with_tag("apigw:owner", "orders");
        let rule = mock!(Client::put_metric_alarm)
            .match_requests(|req| {
                let queries = req.metrics();
                let by_id = |id: &str| queries.iter().find(|q| q.id() == Some(id));
                let stat = |id: &str| by_id(id).and_then(|q| q.metric_stat());
                let expected_dims = vec![
                    ("ApiName".to_owned(), "orders".to_owned()),
                    ("Stage".to_owned(), "live".to_owned()),
                ];
                req.alarm_name() == Some("orders-live-5XXError")
                    && req.metric_name().is_none()
                    && req.namespace().is_none()
                    && req.statistic().is_none()
                    && req.threshold() == Some(1.0)
                    && req.comparison_operator()
                        == Some(&cw::ComparisonOperator::GreaterThanThreshold)
                    && req.evaluation_periods() == Some(2)
                    && req.datapoints_to_alarm() == Some(2)
                    && req.treat_missing_data() == Some("notBreaching")
                    && req.actions_enabled() == Some(true)
                    && req.alarm_actions() == [TOPIC]
                    && req.ok_actions() == [TOPIC]
                    && req.tags().len() == 1
                    && queries.len() == 3
                    && by_id("e1").and_then(|q| q.expression()) == Some("100*errors/requests")
                    && by_id("e1").and_then(|q| q.return_data()) == Some(true)
                    && by_id("errors").and_then(|q| q.return_data()) == Some(false)
                    && by_id("requests").and_then(|q| q.return_data()) == Some(false)
                    && stat("errors")
                        .and_then(|s| s.metric())
                        .and_then(|m| m.metric_name())
                        == Some("5XXError")
                    && stat("requests")
                        .and_then(|s| s.metric())
                        .and_then(|m| m.metric_name())
                        == Some("Count")
                    && stat("errors")
                        .and_then(|s| s.metric())
                        .and_then(|m| m.namespace())
                        == Some("AWS/ApiGateway")
                    && dims(stat("errors").and_then(|s| s.metric())) == expected_dims
                    && dims(stat("requests").and_then(|s| s.metric())) == expected_dims
                    && stat("errors").and_then(|s| s.stat()) == Some("Sum")
                    && stat("requests").and_then(|s| s.period()) == Some(300)
            })
            .then_output(|| PutMetricAlarmOutput::builder().build());
        cloudwatch(&[&rule])
            .put_metric_alarm(&spec)
            .await
            .expect("put");
        assert_eq!(rule.num_calls(), 1);
    }

    #[tokio::test]
    async fn put_latency_alarm_sends_a_single_metric_and_percentiles_as_extended() {
        let spec = AlarmSpec::average_latency("orders", "live", 1000.0, 60, 3, TOPIC);
        let average = mock!(Client::put_metric_alarm)
            .match_requests(|req| {
                req.alarm_name() == Some("orders-live-Latency")
                    && req.metrics().is_empty()
                    && req.namespace() == Some("AWS/ApiGateway")
                    && req.metric_name() == Some("Latency")
                    && req.statistic() == Some(&cw::Statistic::Average)
                    && req.extended_statistic().is_none()
                    && req.period() == Some(60)
                    && req.threshold() == Some(1000.0)
                    && req.dimensions().len() == 2
            })
            .then_output(|| PutMetricAlarmOutput::builder().build());
        let mut p99 = spec.clone();
        if let AlarmMetric::Single(stat) = &mut p99.metric {
            stat.stat = "p99".into();
        }
        let percentile = mock!(Client::put_metric_alarm)
            .match_requests(|req| {
                req.statistic().is_none() && req.extended_statistic() == Some("p99")
            })
            .then_output(|| PutMetricAlarmOutput::builder().build());
        let sdk = cloudwatch(&[&average, &percentile]);
        sdk.put_metric_alarm(&spec).await.expect("average");
        sdk.put_metric_alarm(&p99).await.expect("p99");
    }

    fn sdk_math_alarm(name: &str) -> cw::MetricAlarm {
        let read = |id: &str, metric: &str| {
            cw::MetricDataQuery::builder()
                .id(id)
                .return_data(false)
                .metric_stat(
                    cw::MetricStat::builder()
                        .metric(
                            cw::Metric::builder()
                                .namespace("AWS/ApiGateway")
                                .metric_name(metric)
                                .dimensions(
                                    cw::Dimension::builder().name("Stage").value("live").build(),
                                )
                                .dimensions(
                                    cw::Dimension::builder()
                                        .name("ApiName")
                                        .value("orders")
                                        .build(),
                                )
                                .build(),
                        )
                        .period(300)
                        .stat("Sum")
                        .build(),
                )
                .build()
        };
        cw::MetricAlarm::builder()
            .alarm_name(name)
            .alarm_arn(format!(
                "arn:aws:cloudwatch:us-west-2:123456789012:alarm:{name}"
            ))
            .alarm_description("API Gateway orders stage live: 4XXError above 5% of requests")
            .state_value(cw::StateValue::Alarm)
            .state_reason(
                "Threshold Crossed: 1 datapoint [12.5] was greater than the threshold (5.0).",
            )
            .state_updated_timestamp(DateTime::from_secs(1_700_000_000))
            .actions_enabled(true)
            .alarm_actions(TOPIC)
            .ok_actions(TOPIC)
            .threshold(5.0)
            .comparison_operator(cw::ComparisonOperator::GreaterThanThreshold)
            .evaluation_periods(1)
            .datapoints_to_alarm(1)
            .treat_missing_data("notBreaching")
            .metrics(
                cw::MetricDataQuery::builder()
                    .id("e1")
                    .expression("100*errors/requests")
                    .label("4XXError rate (%)")
                    .return_data(true)
                    .build(),
            )
            .metrics(read("errors", "4XXError"))
            .metrics(read("requests", "Count"))
            .build()
    }

    fn sdk_single_alarm(name: &str) -> cw::MetricAlarm {
        cw::MetricAlarm::builder()
            .alarm_name(name)
            .alarm_arn(format!(
                "arn:aws:cloudwatch:us-west-2:123456789012:alarm:{name}"
            ))
            .state_value(cw::StateValue::InsufficientData)
            .alarm_actions("arn:aws:sns:us-west-2:123456789012:someone-else")
            .namespace("AWS/ApiGateway")
            .metric_name("Latency")
            .statistic(cw::Statistic::Average)
            .dimensions(
                cw::Dimension::builder()
                    .name("ApiName")
                    .value("orders")
                    .build(),
            )
            .period(60)
            .threshold(1000.0)
            .comparison_operator(cw::ComparisonOperator::GreaterThanThreshold)
            .evaluation_periods(3)
            .build()
    }

    #[tokio::test]
    async fn describe_maps_math_and_single_alarms() {
        let rule = mock!(Client::describe_alarms)
            .match_requests(|req| req.alarm_names().len() == 2)
            .then_output(|| {
                DescribeAlarmsOutput::builder()
                    .metric_alarms(sdk_math_alarm("orders-live-4XXError"))
                    .metric_alarms(sdk_single_alarm("orders-live-Latency"))
                    .build()
            });
        let alarms = cloudwatch(&[&rule])
            .describe_alarms(&["orders-live-4XXError".into(), "orders-live-Latency".into()])
            .await
            .expect("alarms");
        assert_eq!(alarms.len(), 2);
        let rate = &alarms[0];
        assert_eq!(rate.state, AlarmState::Alarm);
        assert!(rate.is_alarming());
        assert!(rate
            .state_reason
            .as_deref()
            .is_some_and(|r| r.contains("12.5")));
        assert_eq!(rate.state_updated, Some(at(1_700_000_000)));
        assert_eq!(
            rate.treat_missing_data,
            Some(TreatMissingData::NotBreaching)
        );
        assert_eq!(
            rate.comparison,
            Some(ComparisonOperator::GreaterThanThreshold)
        );
        assert_eq!(rate.metric_name(), Some("4XXError"));
        assert_eq!(rate.period_seconds(), Some(300));
        assert!(rate.notifies(TOPIC));
        let spec = AlarmSpec::error_rate(
            "orders",
            "live",
            ErrorMetric::ClientErrors,
            5.0,
            300,
            1,
            TOPIC,
        );
        assert_eq!(
            rate.drift(&spec),
            [],
            "same alarm, dimensions in another order"
        );

        let latency = &alarms[1];
        assert_eq!(latency.state, AlarmState::InsufficientData);
        let Some(AlarmMetric::Single(stat)) = &latency.metric else {
            panic!("single metric: {:?}", latency.metric);
        };
        assert_eq!(stat.stat, "Average");
        assert_eq!(stat.metric.name, "Latency");
        assert_eq!(
            latency.dimensions(),
            [("ApiName".to_owned(), "orders".to_owned())]
        );
        assert_eq!(latency.evaluation_periods, Some(3));
        assert!(!latency.notifies(TOPIC), "wrong topic");
        let expected = AlarmSpec::average_latency("orders", "live", 1000.0, 60, 3, TOPIC);
        let drifted: Vec<_> = latency
            .drift(&expected)
            .into_iter()
            .map(|d| d.field)
            .collect();
        assert!(
            drifted.contains(&"alarm_actions") && drifted.contains(&"metric"),
            "{drifted:?}"
        );
    }

    #[tokio::test]
    async fn describe_by_names_batches_100_names_and_follows_tokens() {
        let all = names(150);
        let first_batch = all[..100].to_vec();
        let page1 = mock!(Client::describe_alarms)
            .match_requests(move |req| {
                req.alarm_names() == first_batch.as_slice()
                    && req.max_records() == Some(2)
                    && req.next_token().is_none()
            })
            .then_output(|| {
                DescribeAlarmsOutput::builder()
                    .metric_alarms(sdk_single_alarm("alarm-000"))
                    .metric_alarms(sdk_single_alarm("alarm-001"))
                    .next_token("t1")
                    .build()
            });
        let page2 = mock!(Client::describe_alarms)
            .match_requests(|req| req.alarm_names().len() == 100 && req.next_token() == Some("t1"))
            .then_output(|| {
                DescribeAlarmsOutput::builder()
                    .metric_alarms(sdk_single_alarm("alarm-099"))
                    .build()
            });
        let second_batch = all[100..].to_vec();
        let page3 = mock!(Client::describe_alarms)
            .match_requests(move |req| {
                req.alarm_names() == second_batch.as_slice() && req.next_token().is_none()
            })
            .then_output(|| {
                DescribeAlarmsOutput::builder()
                    .metric_alarms(sdk_single_alarm("alarm-149"))
                    .build()
            });
        let sdk = cloudwatch(&[&page1, &page2, &page3]).with_page_size(2);
        let found = sdk.describe_alarms(&all).await.expect("alarms");
        let found: Vec<_> = found.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(found, ["alarm-000", "alarm-001", "alarm-099", "alarm-149"]);
        assert!(sdk.describe_alarms(&[]).await.expect("no call").is_empty());
    }

    #[tokio::test]
    async fn describe_by_prefix_follows_tokens_and_rejects_a_repeated_token() {
        let page1 = mock!(Client::describe_alarms)
            .match_requests(|req| {
                req.alarm_name_prefix() == Some("orders-") && req.alarm_names().is_empty()
            })
            .then_output(|| {
                DescribeAlarmsOutput::builder()
                    .metric_alarms(sdk_single_alarm("orders-a"))
                    .next_token("t1")
                    .build()
            });
        let page2 = mock!(Client::describe_alarms)
            .match_requests(|req| req.next_token() == Some("t1"))
            .then_output(|| {
                DescribeAlarmsOutput::builder()
                    .metric_alarms(sdk_single_alarm("orders-b"))
                    .build()
            });
        let found = cloudwatch(&[&page1, &page2])
            .describe_alarms_with_prefix("orders-")
            .await
            .expect("alarms");
        assert_eq!(found.len(), 2);

        let stuck = || {
            mock!(Client::describe_alarms)
                .then_output(|| DescribeAlarmsOutput::builder().next_token("same").build())
        };
        let (a, b) = (stuck(), stuck());
        let err = cloudwatch(&[&a, &b])
            .describe_alarms_with_prefix("orders-")
            .await
            .expect_err("loop");
        assert_eq!(err.kind(), ErrorKind::Other);
    }

    #[tokio::test]
    async fn delete_alarms_sends_batches_of_100() {
        let all = names(201);
        let sizes = [100usize, 100, 1];
        let rules: Vec<Rule> = sizes
            .iter()
            .map(|&n| {
                mock!(Client::delete_alarms)
                    .match_requests(move |req| req.alarm_names().len() == n)
                    .then_output(|| DeleteAlarmsOutput::builder().build())
            })
            .collect();
        let refs: Vec<&Rule> = rules.iter().collect();
        let sdk = cloudwatch(&refs);
        sdk.delete_alarms(&all).await.expect("deleted");
        assert!(rules.iter().all(|r| r.num_calls() == 1));
        sdk.delete_alarms(&[]).await.expect("nothing to do");
    }

    fn sdk_point(secs: i64) -> cw::builders::DatapointBuilder {
        cw::Datapoint::builder()
            .timestamp(DateTime::from_secs(secs))
            .unit(cw::StandardUnit::Milliseconds)
    }

    #[tokio::test]
    async fn statistics_and_percentiles_are_separate_calls_merged_and_sorted() {
        let standard = mock!(Client::get_metric_statistics)
            .match_requests(|req| {
                req.statistics() == [cw::Statistic::Average, cw::Statistic::Maximum]
                    && req.extended_statistics().is_empty()
                    && req.namespace() == Some("AWS/ApiGateway")
                    && req.metric_name() == Some("Latency")
                    && req.period() == Some(60)
                    && req.dimensions().len() == 2
            })
            .then_output(|| {
                GetMetricStatisticsOutput::builder()
                    .datapoints(sdk_point(1_020).average(40.0).maximum(90.0).build())
                    .datapoints(sdk_point(960).average(20.0).maximum(50.0).build())
                    .build()
            });
        let percentiles = mock!(Client::get_metric_statistics)
            .match_requests(|req| {
                req.statistics().is_empty() && req.extended_statistics() == ["p99"]
            })
            .then_output(|| {
                GetMetricStatisticsOutput::builder()
                    .datapoints(sdk_point(960).extended_statistics("p99", 48.5).build())
                    .datapoints(sdk_point(1_080).extended_statistics("p99", 99.0).build())
                    .build()
            });
        let query =
            MetricQuery::api_gateway("Latency", "orders", Some("live"), at(900), at(1_200), 60)
                .with_statistics([Statistic::Maximum, Statistic::Average, Statistic::Average])
                .with_extended(["p99"]);
        let points = cloudwatch(&[&standard, &percentiles])
            .get_metric_statistics(&query)
            .await
            .expect("datapoints");
        let times: Vec<_> = points.iter().map(|p| p.timestamp).collect();
        assert_eq!(times, [at(960), at(1_020), at(1_080)]);
        assert_eq!(points[0].average, Some(20.0));
        assert_eq!(points[0].get(Statistic::Maximum), Some(50.0));
        assert_eq!(points[0].extended.get("p99"), Some(&48.5));
        assert_eq!(points[0].unit.as_deref(), Some("Milliseconds"));
        assert_eq!(points[1].extended.get("p99"), None);
        assert_eq!(points[2].average, None);
        assert_eq!(points[2].extended.get("p99"), Some(&99.0));
    }

    #[tokio::test]
    async fn long_windows_are_split_at_1440_datapoints() {
        let day = 86_400;
        let first = mock!(Client::get_metric_statistics)
            .match_requests(move |req| {
                req.start_time() == Some(&DateTime::from_secs(0))
                    && req.end_time() == Some(&DateTime::from_secs(day))
            })
            .then_output(|| {
                GetMetricStatisticsOutput::builder()
                    .datapoints(sdk_point(60).sum(1.0).build())
                    .build()
            });
        let second = mock!(Client::get_metric_statistics)
            .match_requests(move |req| {
                req.start_time() == Some(&DateTime::from_secs(day))
                    && req.end_time() == Some(&DateTime::from_secs(day + 600))
            })
            .then_output(|| {
                GetMetricStatisticsOutput::builder()
                    .datapoints(sdk_point(86_460).sum(2.0).build())
                    .build()
            });
        let query = MetricQuery::api_gateway("Count", "orders", None, at(0), at(86_400 + 600), 60)
            .with_statistics([Statistic::Sum]);
        let points = cloudwatch(&[&first, &second])
            .get_metric_statistics(&query)
            .await
            .expect("datapoints");
        assert_eq!(points.len(), 2);
        assert_eq!(first.num_calls() + second.num_calls(), 2);
    }

    #[tokio::test]
    async fn invalid_metric_queries_make_no_call() {
        let sdk = cloudwatch(&[]);
        let base = MetricQuery::api_gateway("Count", "orders", None, at(0), at(600), 60);
        let cases = [
            base.clone(),
            base.clone()
                .with_statistics([Statistic::Sum])
                .tap(|q| q.period_seconds = 0),
            base.clone()
                .with_statistics([Statistic::Sum])
                .tap(|q| q.end = q.start),
        ];
        for query in cases {
            let err = sdk
                .get_metric_statistics(&query)
                .await
                .expect_err("invalid");
            assert_eq!(err.kind(), ErrorKind::Invalid);
        }
    }

    trait Tap: Sized {
        fn tap(mut self, f: impl FnOnce(&mut Self)) -> Self {
            f(&mut self);
            self
        }
    }
    impl Tap for MetricQuery {}

    #[tokio::test]
    async fn put_metric_data_sends_batches_of_1000() {
        let data: Vec<MetricDatum> = (0..1500)
            .map(|i| MetricDatum {
                name: "Count".into(),
                dimensions: crate::model::api_dimensions("orders", Some("live")),
                timestamp: Some(at(1_700_000_000 + i)),
                value: 1.0,
                unit: Some("Count".into()),
            })
            .collect();
        let first = mock!(Client::put_metric_data)
            .match_requests(|req| {
                let first = &req.metric_data()[0];
                req.namespace() == Some("AWS/ApiGateway")
                    && req.metric_data().len() == 1000
                    && first.metric_name() == Some("Count")
                    && first.unit() == Some(&cw::StandardUnit::Count)
                    && first.timestamp() == Some(&DateTime::from_secs(1_700_000_000))
                    && first.dimensions().len() == 2
            })
            .then_output(|| PutMetricDataOutput::builder().build());
        let second = mock!(Client::put_metric_data)
            .match_requests(|req| req.metric_data().len() == 500)
            .then_output(|| PutMetricDataOutput::builder().build());
        cloudwatch(&[&first, &second])
            .put_metric_data("AWS/ApiGateway", &data)
            .await
            .expect("put");
        assert_eq!(first.num_calls(), 1);
        assert_eq!(second.num_calls(), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn put_metric_data_is_not_repeated_after_a_transient_failure_but_is_after_throttling() {
        let rule = mock!(Client::put_metric_data).then_http_response(|| {
            cbor_error(
                500,
                "InternalServiceFault",
                Some("InternalServiceError"),
                "oops",
            )
        });
        let sdk = SdkCloudWatch::from_client(cw_client(&[&rule]), caller(5));
        let datum = MetricDatum {
            name: "Count".into(),
            dimensions: Vec::new(),
            timestamp: None,
            value: 1.0,
            unit: None,
        };
        let err = sdk
            .put_metric_data("Test", std::slice::from_ref(&datum))
            .await
            .expect_err("transient");
        assert_eq!(err.kind(), ErrorKind::Transient);
        assert_eq!(rule.num_calls(), 1, "a repeat could count the value twice");

        let throttled = mock!(Client::put_metric_data)
            .sequence()
            .http_response(|| {
                cbor_error(
                    400,
                    "ThrottlingException",
                    Some("Throttling"),
                    "Rate exceeded",
                )
            })
            .output(|| PutMetricDataOutput::builder().build())
            .build();
        let sdk = SdkCloudWatch::from_client(cw_client(&[&throttled]), caller(5));
        sdk.put_metric_data("Test", &[datum])
            .await
            .expect("retried");
        assert_eq!(throttled.num_calls(), 2);
    }

    #[tokio::test]
    async fn cloudwatch_answers_are_classified() {
        let cases: &[(u16, &str, Option<&str>, ErrorKind)] = &[
            (
                400,
                "ThrottlingException",
                Some("Throttling"),
                ErrorKind::Throttled,
            ),
            (400, "ThrottlingException", None, ErrorKind::Throttled),
            (
                400,
                "LimitExceededFault",
                Some("LimitExceeded"),
                ErrorKind::LimitExceeded,
            ),
            (400, "LimitExceededFault", None, ErrorKind::LimitExceeded),
            (
                404,
                "ResourceNotFound",
                Some("ResourceNotFound"),
                ErrorKind::NotFound,
            ),
            (404, "ResourceNotFoundException", None, ErrorKind::NotFound),
            (
                409,
                "ResourceConflict",
                Some("ResourceConflict"),
                ErrorKind::Conflict,
            ),
            (
                400,
                "ConcurrentModificationException",
                None,
                ErrorKind::Conflict,
            ),
            (
                403,
                "AccessDeniedException",
                Some("AccessDenied"),
                ErrorKind::AccessDenied,
            ),
            (
                400,
                "InvalidParameterValueException",
                Some("InvalidParameterValue"),
                ErrorKind::Invalid,
            ),
            (
                400,
                "InvalidParameterCombinationException",
                None,
                ErrorKind::Invalid,
            ),
            (400, "ValidationError", None, ErrorKind::Invalid),
            (
                400,
                "MissingRequiredParameterException",
                Some("MissingParameter"),
                ErrorKind::Invalid,
            ),
            (
                500,
                "InternalServiceFault",
                Some("InternalServiceError"),
                ErrorKind::Transient,
            ),
        ];
        let spec = AlarmSpec::average_latency("orders", "live", 1000.0, 60, 1, TOPIC);
        for (status, shape, query_code, want) in cases.iter().copied() {
            let put = mock!(Client::put_metric_alarm)
                .then_http_response(move || cbor_error(status, shape, query_code, "nope"));
            let delete = mock!(Client::delete_alarms)
                .then_http_response(move || cbor_error(status, shape, query_code, "nope"));
            let describe = mock!(Client::describe_alarms)
                .then_http_response(move || cbor_error(status, shape, query_code, "nope"));
            let sdk = cloudwatch(&[&put, &delete, &describe]);
            let errors = [
                sdk.put_metric_alarm(&spec).await.expect_err("put"),
                sdk.delete_alarms(&["a".into()]).await.expect_err("delete"),
                sdk.describe_alarms_with_prefix("a")
                    .await
                    .expect_err("describe"),
            ];
            for err in errors {
                assert_eq!(err.kind(), want, "{status} {shape} {query_code:?}: {err}");
                assert!(err.message().ends_with("nope"), "{err}");
            }
        }
    }

    #[tokio::test]
    async fn a_topic_arn_is_checked_with_get_topic_attributes() {
        let found = mock!(aws_sdk_sns::Client::get_topic_attributes)
            .match_requests(|req| req.topic_arn() == Some(TOPIC))
            .then_output(|| {
                GetTopicAttributesOutput::builder()
                    .attributes("TopicArn", TOPIC)
                    .build()
            });
        let missing = mock!(aws_sdk_sns::Client::get_topic_attributes)
            .then_http_response(|| sns_error(404, "NotFound", "Topic does not exist"));
        let sdk = topics(&[&found, &missing]);
        let topic = sdk.resolve(TOPIC).await.expect("ok").expect("exists");
        assert_eq!(
            topic,
            Topic {
                arn: TOPIC.into(),
                name: "ops-alerts".into()
            }
        );
        assert_eq!(sdk.resolve(TOPIC).await.expect("ok"), None);
        let err = sdk
            .resolve("arn:aws:sqs:us-west-2:123456789012:queue")
            .await
            .expect_err("not a topic");
        assert_eq!(err.kind(), ErrorKind::Invalid);
    }

    #[tokio::test]
    async fn a_topic_name_is_matched_exactly_across_list_pages() {
        let topic = |name: &str| {
            aws_sdk_sns::types::Topic::builder()
                .topic_arn(format!("arn:aws:sns:us-west-2:123456789012:{name}"))
                .build()
        };
        let page1 = mock!(aws_sdk_sns::Client::list_topics)
            .match_requests(|req| req.next_token().is_none())
            .then_output(move || {
                ListTopicsOutput::builder()
                    .topics(topic("ops-alerts-dev"))
                    .topics(topic("xops-alerts"))
                    .next_token("t1")
                    .build()
            });
        let page2 = mock!(aws_sdk_sns::Client::list_topics)
            .match_requests(|req| req.next_token() == Some("t1"))
            .then_output(move || {
                ListTopicsOutput::builder()
                    .topics(topic("ops-alerts"))
                    .build()
            });
        let sdk = topics(&[&page1, &page2]);
        let found = sdk.resolve("ops-alerts").await.expect("ok").expect("found");
        assert_eq!(found.arn, TOPIC);

        let only = mock!(aws_sdk_sns::Client::list_topics).then_output(move || {
            ListTopicsOutput::builder()
                .topics(topic("ops-alerts-dev"))
                .build()
        });
        assert_eq!(
            topics(&[&only]).resolve("ops-alerts").await.expect("ok"),
            None
        );
    }

    #[tokio::test]
    async fn sns_answers_are_classified() {
        let cases: &[(u16, &str, ErrorKind)] = &[
            (400, "Throttling", ErrorKind::Throttled),
            (403, "AuthorizationError", ErrorKind::AccessDenied),
            (400, "InvalidParameter", ErrorKind::Invalid),
            (500, "InternalError", ErrorKind::Transient),
        ];
        for (status, code, want) in cases.iter().copied() {
            let list = mock!(aws_sdk_sns::Client::list_topics)
                .then_http_response(move || sns_error(status, code, "nope"));
            let get = mock!(aws_sdk_sns::Client::get_topic_attributes)
                .then_http_response(move || sns_error(status, code, "nope"));
            let sdk = topics(&[&list, &get]);
            assert_eq!(
                sdk.resolve("ops-alerts").await.expect_err("list").kind(),
                want,
                "{code}"
            );
            assert_eq!(
                sdk.resolve(TOPIC).await.expect_err("get").kind(),
                want,
                "{code}"
            );
        }
    }
}
