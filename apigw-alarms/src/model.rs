//! Domain types for CloudWatch alarms, metric reads and writes, and SNS topics. No SDK types.
//!
//! Dimensions are `(name, value)` pairs throughout, in the order given.

use std::collections::BTreeMap;
use std::fmt;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

/// The CloudWatch namespace API Gateway publishes its metrics in.
pub const API_GATEWAY_NAMESPACE: &str = "AWS/ApiGateway";
/// API Gateway's per-API dimension.
pub const DIMENSION_API_NAME: &str = "ApiName";
/// API Gateway's per-stage dimension (used together with [`DIMENSION_API_NAME`]).
pub const DIMENSION_STAGE: &str = "Stage";
/// API Gateway metric: requests answered with a 4XX.
pub const METRIC_4XX: &str = "4XXError";
/// API Gateway metric: requests answered with a 5XX.
pub const METRIC_5XX: &str = "5XXError";
/// API Gateway metric: all requests.
pub const METRIC_COUNT: &str = "Count";
/// API Gateway metric: time from request to response, in milliseconds.
pub const METRIC_LATENCY: &str = "Latency";
/// API Gateway metric: time spent in the backend, in milliseconds.
pub const METRIC_INTEGRATION_LATENCY: &str = "IntegrationLatency";

/// The `ApiName` (+ `Stage`) dimensions API Gateway metrics carry.
pub fn api_dimensions(api_name: &str, stage: Option<&str>) -> Vec<(String, String)> {
    let mut dimensions = vec![(DIMENSION_API_NAME.to_owned(), api_name.to_owned())];
    if let Some(stage) = stage {
        dimensions.push((DIMENSION_STAGE.to_owned(), stage.to_owned()));
    }
    dimensions
}

/// The DESIGN §3 alarm name: `{api_name}-{stage}-{suffix}` (`4XXError`, `5XXError`, `Latency`).
pub fn alarm_name(api_name: &str, stage: &str, suffix: &str) -> String {
    format!("{api_name}-{stage}-{suffix}")
}

/// A standard CloudWatch statistic (percentiles are "extended" statistics, plain strings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Statistic {
    /// Sum of the values in the period.
    Sum,
    /// Average of the values in the period.
    Average,
    /// Largest value in the period.
    Maximum,
    /// Smallest value in the period.
    Minimum,
    /// Number of values in the period.
    SampleCount,
}

impl Statistic {
    /// Every standard statistic.
    pub const ALL: [Statistic; 5] = [
        Self::Sum,
        Self::Average,
        Self::Maximum,
        Self::Minimum,
        Self::SampleCount,
    ];

    /// The name CloudWatch uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sum => "Sum",
            Self::Average => "Average",
            Self::Maximum => "Maximum",
            Self::Minimum => "Minimum",
            Self::SampleCount => "SampleCount",
        }
    }

    /// Parses a CloudWatch statistic name; `None` for extended ones (`p99`) and unknown names.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

impl fmt::Display for Statistic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How an alarm compares its metric with the threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ComparisonOperator {
    /// metric > threshold.
    GreaterThanThreshold,
    /// metric >= threshold.
    GreaterThanOrEqualToThreshold,
    /// metric < threshold.
    LessThanThreshold,
    /// metric <= threshold.
    LessThanOrEqualToThreshold,
    /// Anomaly detection: outside the band.
    LessThanLowerOrGreaterThanUpperThreshold,
    /// Anomaly detection: below the band.
    LessThanLowerThreshold,
    /// Anomaly detection: above the band.
    GreaterThanUpperThreshold,
}

impl ComparisonOperator {
    const ALL: [ComparisonOperator; 7] = [
        Self::GreaterThanThreshold,
        Self::GreaterThanOrEqualToThreshold,
        Self::LessThanThreshold,
        Self::LessThanOrEqualToThreshold,
        Self::LessThanLowerOrGreaterThanUpperThreshold,
        Self::LessThanLowerThreshold,
        Self::GreaterThanUpperThreshold,
    ];

    /// The name CloudWatch uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::GreaterThanThreshold => "GreaterThanThreshold",
            Self::GreaterThanOrEqualToThreshold => "GreaterThanOrEqualToThreshold",
            Self::LessThanThreshold => "LessThanThreshold",
            Self::LessThanOrEqualToThreshold => "LessThanOrEqualToThreshold",
            Self::LessThanLowerOrGreaterThanUpperThreshold => {
                "LessThanLowerOrGreaterThanUpperThreshold"
            }
            Self::LessThanLowerThreshold => "LessThanLowerThreshold",
            Self::GreaterThanUpperThreshold => "GreaterThanUpperThreshold",
        }
    }

    /// Parses a CloudWatch comparison operator name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

/// How an alarm evaluates periods without data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TreatMissingData {
    /// Missing data counts as breaching.
    Breaching,
    /// Missing data counts as within the threshold (apigw's default: no traffic is no alarm).
    NotBreaching,
    /// Keep the current state.
    Ignore,
    /// CloudWatch's default: missing data points are not considered (may go INSUFFICIENT_DATA).
    Missing,
}

impl TreatMissingData {
    /// The value CloudWatch uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Breaching => "breaching",
            Self::NotBreaching => "notBreaching",
            Self::Ignore => "ignore",
            Self::Missing => "missing",
        }
    }

    /// Parses a CloudWatch `TreatMissingData` value.
    pub fn from_name(name: &str) -> Option<Self> {
        [
            Self::Breaching,
            Self::NotBreaching,
            Self::Ignore,
            Self::Missing,
        ]
        .into_iter()
        .find(|t| t.as_str() == name)
    }
}

/// The state an alarm is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AlarmState {
    /// Within the threshold.
    Ok,
    /// Breaching: the alarm actions fired.
    Alarm,
    /// Not enough data yet (new alarms start here).
    InsufficientData,
}

impl AlarmState {
    /// The value CloudWatch uses (`OK`, `ALARM`, `INSUFFICIENT_DATA`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "OK",
            Self::Alarm => "ALARM",
            Self::InsufficientData => "INSUFFICIENT_DATA",
        }
    }
}

impl fmt::Display for AlarmState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One CloudWatch metric: namespace, name and dimensions.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Metric {
    /// `AWS/ApiGateway` for API Gateway's own metrics.
    pub namespace: String,
    /// The metric name (`5XXError`).
    pub name: String,
    /// `(name, value)` pairs.
    pub dimensions: Vec<(String, String)>,
}

impl Metric {
    /// An API Gateway metric of one API (and stage).
    pub fn api_gateway(metric_name: &str, api_name: &str, stage: Option<&str>) -> Self {
        Self {
            namespace: API_GATEWAY_NAMESPACE.to_owned(),
            name: metric_name.to_owned(),
            dimensions: api_dimensions(api_name, stage),
        }
    }

    fn normalized(&self) -> Self {
        let mut metric = self.clone();
        metric.dimensions.sort();
        metric
    }
}

/// A metric with the statistic and period an alarm (or a metric-math query) reads it with.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MetricStat {
    /// The metric.
    pub metric: Metric,
    /// Aggregation period in seconds (10, 30 or a multiple of 60).
    pub period_seconds: u32,
    /// A standard statistic (`Sum`, `Average`, …) or an extended one (`p99`).
    pub stat: String,
    /// Only data published with this unit, when set.
    pub unit: Option<String>,
}

/// One entry of an alarm's metric-math `Metrics` list.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MetricDataQuery {
    /// The id expressions refer to (`errors`, `requests`, `e1`).
    pub id: String,
    /// A metric-math expression (`100*errors/requests`); exclusive with `metric_stat`.
    pub expression: Option<String>,
    /// A metric read; exclusive with `expression`.
    pub metric_stat: Option<MetricStat>,
    /// A human-readable label.
    pub label: Option<String>,
    /// Whether this query is the one the alarm compares (exactly one per alarm).
    pub return_data: bool,
    /// Period of an expression query, when set.
    pub period_seconds: Option<u32>,
}

/// What an alarm watches: one metric, or a metric-math expression over several.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlarmMetric {
    /// One metric with one statistic (`Latency` `Average`).
    Single(MetricStat),
    /// Metric math (the `Metrics` list): exactly one query has `return_data`.
    Math(Vec<MetricDataQuery>),
}

impl AlarmMetric {
    /// The metric that identifies the alarm: the single metric, or the metric the math's
    /// returned expression names first (`errors` in `100*errors/requests`), whatever order
    /// the queries are listed in.
    pub fn primary_metric(&self) -> Option<&Metric> {
        self.metric_stats().first().map(|s| &s.metric)
    }

    /// Every metric name read, the primary one first.
    pub fn metric_names(&self) -> Vec<&str> {
        self.metric_stats()
            .into_iter()
            .map(|s| s.metric.name.as_str())
            .collect()
    }

    /// The metric reads, ordered by where their id first appears in the returned expression
    /// (reads it does not mention last, in list order).
    fn metric_stats(&self) -> Vec<&MetricStat> {
        match self {
            Self::Single(stat) => vec![stat],
            Self::Math(queries) => {
                let expression = queries
                    .iter()
                    .find(|q| q.return_data)
                    .and_then(|q| q.expression.as_deref())
                    .unwrap_or_default();
                let mut reads: Vec<(usize, &MetricStat)> = queries
                    .iter()
                    .filter_map(|q| {
                        let stat = q.metric_stat.as_ref()?;
                        Some((word_position(expression, &q.id).unwrap_or(usize::MAX), stat))
                    })
                    .collect();
                reads.sort_by_key(|(position, _)| *position);
                reads.into_iter().map(|(_, stat)| stat).collect()
            }
        }
    }

    /// The evaluation period: the single metric's, or that of the first metric read by the
    /// math (an expression's own period when it has one).
    pub fn period_seconds(&self) -> Option<u32> {
        match self {
            Self::Single(stat) => Some(stat.period_seconds),
            Self::Math(queries) => queries
                .iter()
                .find(|q| q.return_data)
                .and_then(|q| q.period_seconds)
                .or_else(|| self.metric_stats().first().map(|s| s.period_seconds)),
        }
    }

    /// The same metric with dimensions sorted and queries ordered by id, for comparisons that
    /// ignore the order AWS answers in.
    pub fn normalized(&self) -> Self {
        match self {
            Self::Single(stat) => Self::Single(MetricStat {
                metric: stat.metric.normalized(),
                ..stat.clone()
            }),
            Self::Math(queries) => {
                let mut queries: Vec<MetricDataQuery> = queries
                    .iter()
                    .map(|q| MetricDataQuery {
                        metric_stat: q.metric_stat.as_ref().map(|s| MetricStat {
                            metric: s.metric.normalized(),
                            ..s.clone()
                        }),
                        ..q.clone()
                    })
                    .collect();
                queries.sort_by(|a, b| a.id.cmp(&b.id));
                Self::Math(queries)
            }
        }
    }
}

/// Where `id` first appears in `expression` as a whole identifier (`e1` is not in `e10`).
fn word_position(expression: &str, id: &str) -> Option<usize> {
    if id.is_empty() {
        return None;
    }
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    expression.match_indices(id).map(|(i, _)| i).find(|&i| {
        let before = expression[..i].chars().next_back();
        let after = expression[i + id.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

/// Which API Gateway error metric an error-rate alarm watches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ErrorMetric {
    /// `4XXError`: client errors.
    ClientErrors,
    /// `5XXError`: server errors.
    ServerErrors,
}

impl ErrorMetric {
    /// The API Gateway metric name (`4XXError` / `5XXError`), also the alarm name suffix.
    pub fn metric_name(self) -> &'static str {
        match self {
            Self::ClientErrors => METRIC_4XX,
            Self::ServerErrors => METRIC_5XX,
        }
    }

    /// Parses `4XXError` / `5XXError`.
    pub fn from_metric_name(name: &str) -> Option<Self> {
        match name {
            METRIC_4XX => Some(Self::ClientErrors),
            METRIC_5XX => Some(Self::ServerErrors),
            _ => None,
        }
    }
}

/// A metric alarm to create or update (`PutMetricAlarm` is idempotent by name: putting a spec
/// again replaces the alarm's configuration).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlarmSpec {
    /// The alarm name (unique per account and region).
    pub name: String,
    /// The description.
    pub description: Option<String>,
    /// What the alarm watches.
    pub metric: AlarmMetric,
    /// The threshold (a percent for rate alarms, milliseconds for latency).
    pub threshold: f64,
    /// How the metric is compared with the threshold.
    pub comparison: ComparisonOperator,
    /// Periods evaluated.
    pub evaluation_periods: u32,
    /// Breaching periods (out of `evaluation_periods`) that trigger ALARM; `None` = all.
    pub datapoints_to_alarm: Option<u32>,
    /// How missing data is treated.
    pub treat_missing_data: TreatMissingData,
    /// Whether actions run on state changes.
    pub actions_enabled: bool,
    /// Actions (SNS topic ARNs) on a change to ALARM.
    pub alarm_actions: Vec<String>,
    /// Actions on a change to OK.
    pub ok_actions: Vec<String>,
    /// Actions on a change to INSUFFICIENT_DATA.
    pub insufficient_data_actions: Vec<String>,
    /// Tags; CloudWatch applies them only when the alarm is created (ignored on update).
    pub tags: BTreeMap<String, String>,
}

impl AlarmSpec {
    /// The DESIGN §3 error-rate alarm `{api_name}-{stage}-4XXError` / `-5XXError`:
    /// `100*errors/requests` (a percent, compared with `threshold_percent`; never the 0–1 ratio
    /// against a percent), `Sum` of the error metric and of `Count` over `period_seconds`,
    /// dimensions `ApiName` + `Stage`, `GreaterThanThreshold`, all `evaluation_periods` must
    /// breach, missing data not breaching, alarm and OK actions on `topic_arn`.
    pub fn error_rate(
        api_name: &str,
        stage: &str,
        metric: ErrorMetric,
        threshold_percent: f64,
        period_seconds: u32,
        evaluation_periods: u32,
        topic_arn: &str,
    ) -> Self {
        let metric_name = metric.metric_name();
        let read = |id: &str, name: &str| MetricDataQuery {
            id: id.to_owned(),
            expression: None,
            metric_stat: Some(MetricStat {
                metric: Metric::api_gateway(name, api_name, Some(stage)),
                period_seconds,
                stat: Statistic::Sum.as_str().to_owned(),
                unit: None,
            }),
            label: None,
            return_data: false,
            period_seconds: None,
        };
        let rate = MetricDataQuery {
            id: "e1".to_owned(),
            expression: Some("100*errors/requests".to_owned()),
            metric_stat: None,
            label: Some(format!("{metric_name} rate (%)")),
            return_data: true,
            period_seconds: None,
        };
        Self::notifying(
            alarm_name(api_name, stage, metric_name),
            format!(
                "API Gateway {api_name} stage {stage}: {metric_name} above {threshold_percent}% of requests"
            ),
            AlarmMetric::Math(vec![
                rate,
                read("errors", metric_name),
                read("requests", METRIC_COUNT),
            ]),
            threshold_percent,
            evaluation_periods,
            topic_arn,
        )
    }

    /// The DESIGN §3 latency alarm `{api_name}-{stage}-Latency`: `Latency` `Average` over
    /// `period_seconds` above `threshold_ms`, same dimensions, missing data and actions as
    /// [`AlarmSpec::error_rate`].
    pub fn average_latency(
        api_name: &str,
        stage: &str,
        threshold_ms: f64,
        period_seconds: u32,
        evaluation_periods: u32,
        topic_arn: &str,
    ) -> Self {
        Self::notifying(
            alarm_name(api_name, stage, METRIC_LATENCY),
            format!(
                "API Gateway {api_name} stage {stage}: average latency above {threshold_ms} ms"
            ),
            AlarmMetric::Single(MetricStat {
                metric: Metric::api_gateway(METRIC_LATENCY, api_name, Some(stage)),
                period_seconds,
                stat: Statistic::Average.as_str().to_owned(),
                unit: None,
            }),
            threshold_ms,
            evaluation_periods,
            topic_arn,
        )
    }

    fn notifying(
        name: String,
        description: String,
        metric: AlarmMetric,
        threshold: f64,
        evaluation_periods: u32,
        topic_arn: &str,
    ) -> Self {
        Self {
            name,
            description: Some(description),
            metric,
            threshold,
            comparison: ComparisonOperator::GreaterThanThreshold,
            evaluation_periods,
            datapoints_to_alarm: Some(evaluation_periods),
            treat_missing_data: TreatMissingData::NotBreaching,
            actions_enabled: true,
            alarm_actions: vec![topic_arn.to_owned()],
            ok_actions: vec![topic_arn.to_owned()],
            insufficient_data_actions: Vec::new(),
            tags: BTreeMap::new(),
        }
    }

    /// Adds one tag (applied when the alarm is created).
    pub fn with_tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags.insert(key.into(), value.into());
        self
    }
}

/// A metric alarm as `DescribeAlarms` reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alarm {
    /// The alarm name.
    pub name: String,
    /// The alarm ARN.
    pub arn: String,
    /// The description.
    pub description: Option<String>,
    /// The current state.
    pub state: AlarmState,
    /// Why it is in that state (CloudWatch's text).
    pub state_reason: Option<String>,
    /// When the state last changed.
    pub state_updated: Option<SystemTime>,
    /// Whether actions run.
    pub actions_enabled: bool,
    /// Actions on ALARM.
    pub alarm_actions: Vec<String>,
    /// Actions on OK.
    pub ok_actions: Vec<String>,
    /// Actions on INSUFFICIENT_DATA.
    pub insufficient_data_actions: Vec<String>,
    /// The threshold (absent for anomaly-detection alarms).
    pub threshold: Option<f64>,
    /// The comparison.
    pub comparison: Option<ComparisonOperator>,
    /// Periods evaluated.
    pub evaluation_periods: Option<u32>,
    /// Breaching periods that trigger ALARM.
    pub datapoints_to_alarm: Option<u32>,
    /// How missing data is treated (`None`: not set, CloudWatch treats it as `missing`).
    pub treat_missing_data: Option<TreatMissingData>,
    /// What the alarm watches (`None` if the answer described neither a metric nor math).
    pub metric: Option<AlarmMetric>,
}

/// One field where a live alarm differs from its spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AlarmDrift {
    /// The field (`threshold`, `alarm_actions`, `metric`, …).
    pub field: &'static str,
    /// The spec's value, rendered.
    pub expected: String,
    /// The live value, rendered.
    pub actual: String,
}

impl Alarm {
    /// The name of the metric that identifies the alarm (see [`AlarmMetric::primary_metric`]).
    pub fn metric_name(&self) -> Option<&str> {
        self.primary_metric().map(|m| m.name.as_str())
    }

    /// The dimensions of that metric.
    pub fn dimensions(&self) -> &[(String, String)] {
        self.primary_metric()
            .map(|m| m.dimensions.as_slice())
            .unwrap_or_default()
    }

    /// The evaluation period in seconds.
    pub fn period_seconds(&self) -> Option<u32> {
        self.metric.as_ref().and_then(AlarmMetric::period_seconds)
    }

    fn primary_metric(&self) -> Option<&Metric> {
        self.metric.as_ref().and_then(AlarmMetric::primary_metric)
    }

    /// Whether a change to ALARM notifies `topic_arn` (and actions are enabled).
    pub fn notifies(&self, topic_arn: &str) -> bool {
        self.actions_enabled && self.alarm_actions.iter().any(|a| a == topic_arn)
    }

    /// Whether the alarm is currently firing.
    pub fn is_alarming(&self) -> bool {
        self.state == AlarmState::Alarm
    }

    /// Every field where this alarm differs from `spec` (empty: no update needed). Action lists
    /// compare as sets, metrics ignore dimension and query order, tags are not compared
    /// (`DescribeAlarms` does not return them).
    pub fn drift(&self, spec: &AlarmSpec) -> Vec<AlarmDrift> {
        let mut drift = Vec::new();
        let mut check = |field: &'static str, expected: String, actual: String| {
            if expected != actual {
                drift.push(AlarmDrift {
                    field,
                    expected,
                    actual,
                });
            }
        };
        check(
            "description",
            format!("{:?}", spec.description),
            format!("{:?}", self.description),
        );
        check(
            "metric",
            format!("{:?}", Some(spec.metric.normalized())),
            format!("{:?}", self.metric.as_ref().map(AlarmMetric::normalized)),
        );
        check(
            "threshold",
            format!("{:?}", Some(spec.threshold)),
            format!("{:?}", self.threshold),
        );
        check(
            "comparison",
            format!("{:?}", Some(spec.comparison)),
            format!("{:?}", self.comparison),
        );
        check(
            "evaluation_periods",
            format!("{:?}", Some(spec.evaluation_periods)),
            format!("{:?}", self.evaluation_periods),
        );
        let expected_datapoints = spec.datapoints_to_alarm.unwrap_or(spec.evaluation_periods);
        check(
            "datapoints_to_alarm",
            format!("{:?}", Some(expected_datapoints)),
            format!("{:?}", self.datapoints_to_alarm.or(self.evaluation_periods)),
        );
        check(
            "treat_missing_data",
            format!("{:?}", spec.treat_missing_data),
            format!(
                "{:?}",
                self.treat_missing_data.unwrap_or(TreatMissingData::Missing)
            ),
        );
        check(
            "actions_enabled",
            spec.actions_enabled.to_string(),
            self.actions_enabled.to_string(),
        );
        let set = |actions: &[String]| {
            format!(
                "{:?}",
                actions.iter().collect::<std::collections::BTreeSet<_>>()
            )
        };
        check(
            "alarm_actions",
            set(&spec.alarm_actions),
            set(&self.alarm_actions),
        );
        check("ok_actions", set(&spec.ok_actions), set(&self.ok_actions));
        check(
            "insufficient_data_actions",
            set(&spec.insufficient_data_actions),
            set(&self.insufficient_data_actions),
        );
        drift
    }
}

/// A `GetMetricStatistics` read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricQuery {
    /// The namespace (`AWS/ApiGateway`).
    pub namespace: String,
    /// The metric name.
    pub metric_name: String,
    /// `(name, value)` pairs; must match the published combination exactly.
    pub dimensions: Vec<(String, String)>,
    /// Start of the window (inclusive).
    pub start: SystemTime,
    /// End of the window (exclusive).
    pub end: SystemTime,
    /// Aggregation period in seconds (60 or a multiple for API Gateway metrics).
    pub period_seconds: u32,
    /// Standard statistics wanted.
    pub statistics: Vec<Statistic>,
    /// Percentiles wanted (`p99`, `p50`).
    pub extended: Vec<String>,
}

impl MetricQuery {
    /// An API Gateway metric of one API (and stage) over `[start, end)`, with no statistic
    /// yet: add them with [`MetricQuery::with_statistics`] / [`MetricQuery::with_extended`].
    pub fn api_gateway(
        metric_name: &str,
        api_name: &str,
        stage: Option<&str>,
        start: SystemTime,
        end: SystemTime,
        period_seconds: u32,
    ) -> Self {
        Self {
            namespace: API_GATEWAY_NAMESPACE.to_owned(),
            metric_name: metric_name.to_owned(),
            dimensions: api_dimensions(api_name, stage),
            start,
            end,
            period_seconds,
            statistics: Vec::new(),
            extended: Vec::new(),
        }
    }

    /// Sets the standard statistics.
    pub fn with_statistics(mut self, statistics: impl IntoIterator<Item = Statistic>) -> Self {
        self.statistics = statistics.into_iter().collect();
        self
    }

    /// Sets the percentiles (`p99`).
    pub fn with_extended<S: Into<String>>(mut self, extended: impl IntoIterator<Item = S>) -> Self {
        self.extended = extended.into_iter().map(Into::into).collect();
        self
    }
}

/// One aggregated period of a metric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Datapoint {
    /// Start of the period.
    pub timestamp: SystemTime,
    /// `Sum`, when asked for.
    pub sum: Option<f64>,
    /// `Average`, when asked for.
    pub average: Option<f64>,
    /// `Maximum`, when asked for.
    pub maximum: Option<f64>,
    /// `Minimum`, when asked for.
    pub minimum: Option<f64>,
    /// `SampleCount`, when asked for.
    pub sample_count: Option<f64>,
    /// Percentiles by name (`p99`).
    pub extended: BTreeMap<String, f64>,
    /// The unit the data was published with (`Count`, `Milliseconds`).
    pub unit: Option<String>,
}

impl Datapoint {
    /// An empty datapoint at `timestamp`.
    pub fn at(timestamp: SystemTime) -> Self {
        Self {
            timestamp,
            sum: None,
            average: None,
            maximum: None,
            minimum: None,
            sample_count: None,
            extended: BTreeMap::new(),
            unit: None,
        }
    }

    /// The value of one standard statistic.
    pub fn get(&self, statistic: Statistic) -> Option<f64> {
        match statistic {
            Statistic::Sum => self.sum,
            Statistic::Average => self.average,
            Statistic::Maximum => self.maximum,
            Statistic::Minimum => self.minimum,
            Statistic::SampleCount => self.sample_count,
        }
    }
}

/// One value to publish with `PutMetricData`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricDatum {
    /// The metric name.
    pub name: String,
    /// `(name, value)` pairs.
    pub dimensions: Vec<(String, String)>,
    /// When the value was observed; `None` = when CloudWatch receives it.
    pub timestamp: Option<SystemTime>,
    /// The value.
    pub value: f64,
    /// The unit (`Count`, `Milliseconds`, …), a CloudWatch `StandardUnit` name.
    pub unit: Option<String>,
}

/// An SNS topic.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Topic {
    /// `arn:aws:sns:{region}:{account}:{name}`.
    pub arn: String,
    /// The topic name (the ARN's last segment).
    pub name: String,
}

impl Topic {
    /// The topic an SNS ARN names; `None` if `arn` is not an SNS topic ARN.
    pub fn from_arn(arn: &str) -> Option<Self> {
        let parts: Vec<&str> = arn.split(':').collect();
        match parts.as_slice() {
            ["arn", _partition, "sns", _region, _account, name] if !name.is_empty() => Some(Self {
                arn: arn.to_owned(),
                name: (*name).to_owned(),
            }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOPIC: &str = "arn:aws:sns:us-west-2:123456789012:ops-alerts";

    #[test]
    fn error_rate_alarm_compares_a_percent_with_a_percent() {
        let spec = AlarmSpec::error_rate(
            "orders",
            "live",
            ErrorMetric::ClientErrors,
            5.0,
            300,
            1,
            TOPIC,
        );
        assert_eq!(spec.name, "orders-live-4XXError");
        assert_eq!(spec.threshold, 5.0);
        assert_eq!(spec.treat_missing_data, TreatMissingData::NotBreaching);
        assert_eq!(spec.alarm_actions, [TOPIC]);
        assert_eq!(spec.ok_actions, [TOPIC]);
        let AlarmMetric::Math(queries) = &spec.metric else {
            panic!("rate alarms use metric math");
        };
        let returned: Vec<_> = queries.iter().filter(|q| q.return_data).collect();
        assert_eq!(returned.len(), 1);
        assert_eq!(
            returned[0].expression.as_deref(),
            Some("100*errors/requests")
        );
        let by_id = |id: &str| {
            queries
                .iter()
                .find(|q| q.id == id)
                .and_then(|q| q.metric_stat.clone())
                .expect(id)
        };
        assert_eq!(by_id("errors").metric.name, "4XXError");
        assert_eq!(by_id("requests").metric.name, "Count");
        for id in ["errors", "requests"] {
            let stat = by_id(id);
            assert_eq!(stat.stat, "Sum");
            assert_eq!(stat.period_seconds, 300);
            assert_eq!(stat.metric.namespace, API_GATEWAY_NAMESPACE);
            assert_eq!(
                stat.metric.dimensions,
                [
                    ("ApiName".to_owned(), "orders".to_owned()),
                    ("Stage".to_owned(), "live".to_owned())
                ]
            );
        }
        let server = AlarmSpec::error_rate(
            "orders",
            "live",
            ErrorMetric::ServerErrors,
            1.0,
            60,
            3,
            TOPIC,
        );
        assert_eq!(server.name, "orders-live-5XXError");
        assert_eq!(server.metric.metric_names(), ["5XXError", "Count"]);
        assert_eq!(server.metric.period_seconds(), Some(60));
    }

    #[test]
    fn latency_alarm_is_a_single_average() {
        let spec = AlarmSpec::average_latency("orders", "live", 1000.0, 300, 2, TOPIC);
        assert_eq!(spec.name, "orders-live-Latency");
        assert_eq!(spec.evaluation_periods, 2);
        assert_eq!(spec.datapoints_to_alarm, Some(2));
        let AlarmMetric::Single(stat) = &spec.metric else {
            panic!("single metric");
        };
        assert_eq!(stat.stat, "Average");
        assert_eq!(stat.metric.name, "Latency");
    }

    fn live(spec: &AlarmSpec) -> Alarm {
        Alarm {
            name: spec.name.clone(),
            arn: format!(
                "arn:aws:cloudwatch:us-west-2:123456789012:alarm:{}",
                spec.name
            ),
            description: spec.description.clone(),
            state: AlarmState::Ok,
            state_reason: None,
            state_updated: None,
            actions_enabled: true,
            alarm_actions: spec.alarm_actions.clone(),
            ok_actions: spec.ok_actions.clone(),
            insufficient_data_actions: Vec::new(),
            threshold: Some(spec.threshold),
            comparison: Some(spec.comparison),
            evaluation_periods: Some(spec.evaluation_periods),
            datapoints_to_alarm: None,
            treat_missing_data: Some(spec.treat_missing_data),
            metric: Some(spec.metric.normalized()),
        }
    }

    #[test]
    fn drift_ignores_order_and_reports_changed_fields() {
        let spec = AlarmSpec::error_rate(
            "orders",
            "live",
            ErrorMetric::ServerErrors,
            1.0,
            300,
            1,
            TOPIC,
        );
        let mut alarm = live(&spec);
        if let Some(AlarmMetric::Math(queries)) = &mut alarm.metric {
            queries.reverse();
            for q in queries.iter_mut() {
                if let Some(stat) = &mut q.metric_stat {
                    stat.metric.dimensions.reverse();
                }
            }
        }
        assert_eq!(alarm.drift(&spec), []);
        assert!(alarm.notifies(TOPIC));
        assert_eq!(alarm.metric_name(), Some("5XXError"));
        assert_eq!(alarm.period_seconds(), Some(300));
        assert_eq!(alarm.dimensions().len(), 2);

        alarm.threshold = Some(2.0);
        alarm.alarm_actions = vec!["arn:aws:sns:us-west-2:123456789012:other".into()];
        alarm.treat_missing_data = None;
        let fields: Vec<_> = alarm.drift(&spec).into_iter().map(|d| d.field).collect();
        assert_eq!(fields, ["threshold", "treat_missing_data", "alarm_actions"]);
        assert!(!alarm.notifies(TOPIC));
    }

    #[test]
    fn ids_are_found_as_whole_identifiers() {
        assert_eq!(word_position("100*errors/requests", "errors"), Some(4));
        assert_eq!(word_position("100*errors/requests", "requests"), Some(11));
        assert_eq!(word_position("e10+e1", "e1"), Some(4));
        assert_eq!(word_position("m1_x", "m1"), None);
        assert_eq!(word_position("m1", ""), None);
    }

    #[test]
    fn topic_from_arn_takes_the_last_segment() {
        let topic = Topic::from_arn(TOPIC).expect("arn");
        assert_eq!(topic.name, "ops-alerts");
        assert_eq!(Topic::from_arn("ops-alerts"), None);
        assert_eq!(Topic::from_arn("arn:aws:sqs:us-west-2:1:q"), None);
    }

    #[test]
    fn names_round_trip() {
        for s in Statistic::ALL {
            assert_eq!(Statistic::from_name(s.as_str()), Some(s));
        }
        assert_eq!(Statistic::from_name("p99"), None);
        for c in ComparisonOperator::ALL {
            assert_eq!(ComparisonOperator::from_name(c.as_str()), Some(c));
        }
        assert_eq!(
            TreatMissingData::from_name("notBreaching"),
            Some(TreatMissingData::NotBreaching)
        );
        assert_eq!(
            AlarmState::InsufficientData.to_string(),
            "INSUFFICIENT_DATA"
        );
    }
}
