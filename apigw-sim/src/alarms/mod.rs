//! The simulated CloudWatch (metric alarms, metric data and statistics) and SNS (topic lookup),
//! in the simulator's region.
//!
//! AWS behaviour modelled:
//! - Alarms by name, ARN `arn:aws:cloudwatch:{region}:{account}:alarm:{name}`.
//!   `PutMetricAlarm` creates or replaces the configuration (idempotent); the state of an
//!   existing alarm is kept, tags apply only at creation. New alarms start
//!   `INSUFFICIENT_DATA` ("Unchecked: Initial alarm creation"); tests move them with
//!   [`Sim::set_alarm_state`] (alarms are not evaluated against data). Checks AWS makes answer
//!   `Invalid`: names of 1–255 characters, periods of 10, 20, 30 s or a multiple of 60,
//!   evaluation periods >= 1 and period × evaluation periods <= 7 days, datapoints to alarm
//!   within the evaluation periods, a known statistic, metric math with unique lower-case ids,
//!   exactly one query returning data and each query either an expression or a metric, actions
//!   that are ARNs, a finite threshold. The 5,001st alarm of the region is `LimitExceeded`
//!   (CloudWatch's documented 5,000 alarms per region).
//! - `DescribeAlarms` answers alarms sorted by name. `DeleteAlarms` follows AWS rather than the
//!   common belief: if any named alarm does not exist, the call fails with `ResourceNotFound`
//!   ([`ErrorKind::NotFound`]) and no alarm is deleted.
//! - `PutMetricData` refuses the reserved `AWS/` namespaces (as AWS does: use
//!   [`Sim::inject_metric`] to simulate API Gateway traffic), non-finite values and timestamps
//!   more than two weeks old or two hours ahead.
//! - `GetMetricStatistics` aggregates the raw values of the series whose dimension set equals
//!   the query's exactly, over `[start, end)` with `start` rounded down to the minute (to the
//!   second for high-resolution periods), one datapoint per period with data, sorted by time:
//!   `Sum`, `Average`, `Maximum`, `Minimum`, `SampleCount` and percentiles `pNN(.N)`
//!   (nearest rank over the raw values). Data published without a unit reports the unit
//!   `None`, as CloudWatch does. The trait's contract is that of the SDK adapter, which splits
//!   a query past 1,440 datapoints or 10 percentiles into several calls: the simulator answers
//!   such queries whole, in one journal entry.
//! - SNS topics are looked up by ARN (`GetTopicAttributes`) or by exact name (`ListTopics`);
//!   topics exist only through [`Sim::create_topic`].
//!
//! Listings and multi-batch calls (`DescribeAlarms` for > 100 names, `DeleteAlarms`,
//! `PutMetricData` for > 1,000 values, `ListTopics`) are one journal entry per trait method.

use std::collections::{BTreeMap, HashMap};
use std::time::SystemTime;

use apigw_alarms::ops::{
    DELETE_ALARMS, DESCRIBE_ALARMS, GET_METRIC_STATISTICS, GET_TOPIC_ATTRIBUTES, LIST_TOPICS,
    PUT_METRIC_ALARM, PUT_METRIC_DATA,
};
use apigw_alarms::{
    api_dimensions, Alarm, AlarmMetric, AlarmSpec, AlarmState, CloudWatch, Datapoint, MetricDatum,
    MetricQuery, Statistic, Topic, Topics, API_GATEWAY_NAMESPACE,
};
use apigw_core::{Error, ErrorKind, Result};

use crate::world::World;
use crate::Sim;

mod metrics;

use metrics::{
    api_gateway_unit, percentile, put_data, record, series_key, statistics, valid_period, Sample,
    SeriesKey, MAX_DIMENSIONS,
};

/// CloudWatch's metric alarms per region.
pub(crate) const ALARMS_PER_REGION: usize = 5000;
/// Longest evaluation range of an alarm (period × evaluation periods).
const MAX_EVALUATION_RANGE: u64 = 7 * 24 * 3600;

/// What the simulated account holds for CloudWatch and SNS.
#[derive(Debug, Default)]
pub(crate) struct State {
    /// Metric alarms by name.
    alarms: BTreeMap<String, StoredAlarm>,
    /// Raw values by series.
    series: HashMap<SeriesKey, Vec<Sample>>,
    /// SNS topics by ARN.
    topics: BTreeMap<String, Topic>,
}

#[derive(Debug, Clone)]
struct StoredAlarm {
    alarm: Alarm,
    /// Tags given at creation (not returned by `DescribeAlarms`).
    tags: BTreeMap<String, String>,
}

impl State {
    /// Lists the alarms (with the API they watch) for the invariant checker.
    pub(crate) fn inventory(&self, inv: &mut crate::invariants::Inventory) {
        for (name, stored) in &self.alarms {
            let api = stored
                .alarm
                .dimensions()
                .iter()
                .find(|(k, _)| k == "ApiName")
                .map(|(_, v)| v.clone());
            inv.alarms.push((name.clone(), api, stored.tags.clone()));
        }
    }
}

/// The reasons CloudWatch would refuse `spec`, if any.
fn alarm_problems(spec: &AlarmSpec) -> Vec<String> {
    let mut problems = Vec::new();
    let len = spec.name.chars().count();
    if !(1..=255).contains(&len) {
        problems.push("AlarmName must be 1 to 255 characters".to_owned());
    }
    if !spec.threshold.is_finite() {
        problems.push("Threshold must be a finite number".to_owned());
    }
    if spec.evaluation_periods == 0 {
        problems.push("EvaluationPeriods must be at least 1".to_owned());
    }
    if let Some(n) = spec.datapoints_to_alarm {
        if n == 0 || n > spec.evaluation_periods {
            problems.push(format!(
                "DatapointsToAlarm ({n}) must be between 1 and EvaluationPeriods ({})",
                spec.evaluation_periods
            ));
        }
    }
    for action in spec
        .alarm_actions
        .iter()
        .chain(&spec.ok_actions)
        .chain(&spec.insufficient_data_actions)
    {
        if !action.starts_with("arn:") {
            problems.push(format!("Invalid arn syntax: {action}"));
        }
    }
    let check_stat = |stat: &apigw_alarms::MetricStat, problems: &mut Vec<String>| {
        if !valid_period(stat.period_seconds) {
            problems.push(format!(
                "Period ({}) must be 10, 20, 30 or a multiple of 60",
                stat.period_seconds
            ));
        }
        if Statistic::from_name(&stat.stat).is_none() && percentile(&stat.stat).is_none() {
            problems.push(format!("Statistic {} is not valid", stat.stat));
        }
        if stat.metric.name.is_empty() || stat.metric.namespace.is_empty() {
            problems.push("a metric needs a namespace and a name".to_owned());
        }
        if stat.metric.dimensions.len() > MAX_DIMENSIONS {
            problems.push(format!("at most {MAX_DIMENSIONS} dimensions per metric"));
        }
    };
    match &spec.metric {
        AlarmMetric::Single(stat) => check_stat(stat, &mut problems),
        AlarmMetric::Math(queries) => {
            if queries.iter().filter(|q| q.return_data).count() != 1 {
                problems.push(
                    "Metrics list must contain exactly one metric matching the ReturnData parameter value true"
                        .to_owned(),
                );
            }
            let mut ids: Vec<&str> = Vec::new();
            for query in queries {
                let id_ok = query
                    .id
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_lowercase())
                    && query
                        .id
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_');
                if !id_ok {
                    problems.push(format!(
                        "Invalid metrics list: id {:?} must start with a lower-case letter and hold only letters, digits and '_'",
                        query.id
                    ));
                }
                if ids.contains(&query.id.as_str()) {
                    problems.push(format!("Invalid metrics list: duplicate id {}", query.id));
                }
                ids.push(&query.id);
                match (&query.expression, &query.metric_stat) {
                    (Some(_), None) => {}
                    (None, Some(stat)) => check_stat(stat, &mut problems),
                    _ => problems.push(format!(
                        "Invalid metrics list: query {} needs exactly one of Expression and MetricStat",
                        query.id
                    )),
                }
            }
        }
    }
    match spec.metric.period_seconds() {
        Some(period)
            if u64::from(period) * u64::from(spec.evaluation_periods) > MAX_EVALUATION_RANGE =>
        {
            problems.push(format!(
                "Period * EvaluationPeriods ({period} * {}) must not exceed {MAX_EVALUATION_RANGE} seconds",
                spec.evaluation_periods
            ));
        }
        _ => {}
    }
    problems
}

fn put_alarm(world: &mut World, spec: &AlarmSpec) -> Result<()> {
    let op = PUT_METRIC_ALARM.name;
    let problems = alarm_problems(spec);
    if !problems.is_empty() {
        return Err(Error::new(ErrorKind::Invalid, op, problems.join("; "))
            .with_resource(spec.name.clone()));
    }
    let existing = world.alarms.alarms.get(&spec.name);
    if existing.is_none() && world.alarms.alarms.len() >= ALARMS_PER_REGION {
        return Err(Error::new(
            ErrorKind::LimitExceeded,
            op,
            format!(
                "The maximum number of alarms ({ALARMS_PER_REGION}) for this region has been reached"
            ),
        )
        .with_resource(spec.name.clone()));
    }
    let (state, state_reason, state_updated, tags) = match existing {
        Some(stored) => (
            stored.alarm.state,
            stored.alarm.state_reason.clone(),
            stored.alarm.state_updated,
            stored.tags.clone(),
        ),
        None => (
            AlarmState::InsufficientData,
            Some("Unchecked: Initial alarm creation".to_owned()),
            Some(SystemTime::now()),
            spec.tags.clone(),
        ),
    };
    let alarm = Alarm {
        name: spec.name.clone(),
        arn: format!(
            "arn:aws:cloudwatch:{}:{}:alarm:{}",
            world.region, world.account_id, spec.name
        ),
        description: spec.description.clone(),
        state,
        state_reason,
        state_updated,
        actions_enabled: spec.actions_enabled,
        alarm_actions: spec.alarm_actions.clone(),
        ok_actions: spec.ok_actions.clone(),
        insufficient_data_actions: spec.insufficient_data_actions.clone(),
        threshold: Some(spec.threshold),
        comparison: Some(spec.comparison),
        evaluation_periods: Some(spec.evaluation_periods),
        datapoints_to_alarm: spec.datapoints_to_alarm,
        treat_missing_data: Some(spec.treat_missing_data),
        metric: Some(spec.metric.clone()),
    };
    world
        .alarms
        .alarms
        .insert(spec.name.clone(), StoredAlarm { alarm, tags });
    Ok(())
}

#[async_trait::async_trait]
impl CloudWatch for Sim {
    async fn put_metric_alarm(&self, spec: &AlarmSpec) -> Result<()> {
        self.serve(PUT_METRIC_ALARM, |w| put_alarm(w, spec)).await
    }

    async fn describe_alarms(&self, names: &[String]) -> Result<Vec<Alarm>> {
        if names.is_empty() {
            return Ok(Vec::new());
        }
        self.serve(DESCRIBE_ALARMS, |w| {
            Ok(w.alarms
                .alarms
                .values()
                .filter(|a| names.contains(&a.alarm.name))
                .map(|a| a.alarm.clone())
                .collect())
        })
        .await
    }

    async fn describe_alarms_with_prefix(&self, prefix: &str) -> Result<Vec<Alarm>> {
        self.serve(DESCRIBE_ALARMS, |w| {
            Ok(w.alarms
                .alarms
                .range(prefix.to_owned()..)
                .take_while(|(name, _)| name.starts_with(prefix))
                .map(|(_, a)| a.alarm.clone())
                .collect())
        })
        .await
    }

    async fn delete_alarms(&self, names: &[String]) -> Result<()> {
        if names.is_empty() {
            return Ok(());
        }
        self.serve(DELETE_ALARMS, |w| {
            let missing: Vec<&str> = names
                .iter()
                .filter(|n| !w.alarms.alarms.contains_key(*n))
                .map(String::as_str)
                .collect();
            if !missing.is_empty() {
                return Err(Error::new(
                    ErrorKind::NotFound,
                    DELETE_ALARMS.name,
                    format!(
                        "{} alarm(s) not found: {} (no alarm was deleted)",
                        missing.len(),
                        missing.join(", ")
                    ),
                ));
            }
            for name in names {
                w.alarms.alarms.remove(name);
            }
            Ok(())
        })
        .await
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
        self.serve(GET_METRIC_STATISTICS, |w| statistics(w, query))
            .await
    }

    async fn put_metric_data(&self, namespace: &str, data: &[MetricDatum]) -> Result<()> {
        if data.is_empty() {
            return Ok(());
        }
        self.serve(PUT_METRIC_DATA, |w| put_data(w, namespace, data))
            .await
    }
}

#[async_trait::async_trait]
impl Topics for Sim {
    async fn resolve(&self, name_or_arn: &str) -> Result<Option<Topic>> {
        let name_or_arn = name_or_arn.trim();
        if name_or_arn.starts_with("arn:") {
            let Some(topic) = Topic::from_arn(name_or_arn) else {
                return Err(Error::new(
                    ErrorKind::Invalid,
                    GET_TOPIC_ATTRIBUTES.name,
                    "not an SNS topic ARN (arn:aws:sns:region:account:name)",
                )
                .with_resource(name_or_arn));
            };
            return self
                .serve(GET_TOPIC_ATTRIBUTES, |w| {
                    Ok(w.alarms.topics.contains_key(&topic.arn).then_some(topic))
                })
                .await;
        }
        self.serve(LIST_TOPICS, |w| {
            Ok(w.alarms
                .topics
                .values()
                .find(|t| t.name == name_or_arn)
                .cloned())
        })
        .await
    }
}

/// Set-up helpers for tests and demos (metric injection, "pre-existing infrastructure"): not
/// journaled, never faulted.
impl Sim {
    /// Creates an SNS topic in the simulator's region (idempotent by name, as `CreateTopic`)
    /// and returns its ARN `arn:aws:sns:{region}:{account}:{name}`.
    pub fn create_topic(&self, name: &str) -> String {
        self.with_world(|w| {
            let arn = format!("arn:aws:sns:{}:{}:{name}", w.region, w.account_id);
            w.alarms.topics.insert(
                arn.clone(),
                Topic {
                    arn: arn.clone(),
                    name: name.to_owned(),
                },
            );
            arn
        })
    }

    /// Records one API Gateway datapoint (`AWS/ApiGateway`, metric `4XXError`, `5XXError`,
    /// `Count`, `Latency`, `IntegrationLatency`, …) for `api_name` at `at`, with the unit API
    /// Gateway uses. As API Gateway does, a value for a stage is published both per stage
    /// (`ApiName` + `Stage`) and per API (`ApiName` alone); `stage: None` publishes only per API.
    pub fn inject_metric(
        &self,
        api_name: &str,
        stage: Option<&str>,
        metric: &str,
        at: SystemTime,
        value: f64,
    ) {
        self.with_world(|w| {
            let mut dimension_sets = vec![api_dimensions(api_name, None)];
            if stage.is_some() {
                dimension_sets.push(api_dimensions(api_name, stage));
            }
            for dimensions in dimension_sets {
                record(
                    w,
                    series_key(API_GATEWAY_NAMESPACE, metric, &dimensions),
                    Sample {
                        at,
                        value,
                        unit: api_gateway_unit(metric),
                    },
                );
            }
        });
    }

    /// Moves an alarm to `state` (as `SetAlarmState` does); `false` when no alarm has that
    /// name.
    pub fn set_alarm_state(&self, name: &str, state: AlarmState) -> bool {
        self.with_world(|w| match w.alarms.alarms.get_mut(name) {
            Some(stored) => {
                stored.alarm.state = state;
                stored.alarm.state_reason = Some(format!("Set to {state} by the simulator"));
                stored.alarm.state_updated = Some(SystemTime::now());
                true
            }
            None => false,
        })
    }
}

#[cfg(test)]
mod tests;
