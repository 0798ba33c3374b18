//! CloudWatch metric data: raw values per series, `PutMetricData` checks and the
//! `GetMetricStatistics` aggregation (see the parent module for the AWS behaviour modelled).

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use apigw_alarms::{Datapoint, MetricDatum, MetricQuery, Statistic};
use apigw_core::{Error, ErrorKind, Result};

use super::{GET_METRIC_STATISTICS, PUT_METRIC_DATA};
use crate::world::World;

/// Dimensions per metric.
pub(super) const MAX_DIMENSIONS: usize = 30;
/// How old a published value may be.
const MAX_DATUM_AGE: Duration = Duration::from_secs(14 * 24 * 3600);
/// How far ahead a published value may be.
const MAX_DATUM_AHEAD: Duration = Duration::from_secs(2 * 3600);

/// Namespace, metric name, dimensions sorted (a series is its exact dimension set).
pub(super) type SeriesKey = (String, String, Vec<(String, String)>);

#[derive(Debug, Clone)]
pub(super) struct Sample {
    pub(super) at: SystemTime,
    pub(super) value: f64,
    pub(super) unit: Option<String>,
}

pub(super) fn series_key(
    namespace: &str,
    name: &str,
    dimensions: &[(String, String)],
) -> SeriesKey {
    let mut dimensions = dimensions.to_vec();
    dimensions.sort();
    (namespace.to_owned(), name.to_owned(), dimensions)
}

pub(super) fn record(world: &mut World, key: SeriesKey, sample: Sample) {
    world.alarms.series.entry(key).or_default().push(sample);
}

/// `p99`, `p99.9`, `p0`…`p100`: the percentile, if `name` is one.
pub(super) fn percentile(name: &str) -> Option<f64> {
    let value: f64 = name.strip_prefix('p')?.parse().ok()?;
    (name.len() > 1 && (0.0..=100.0).contains(&value)).then_some(value)
}

pub(super) fn valid_period(seconds: u32) -> bool {
    matches!(seconds, 10 | 20 | 30) || (seconds >= 60 && seconds.is_multiple_of(60))
}

pub(super) fn put_data(world: &mut World, namespace: &str, data: &[MetricDatum]) -> Result<()> {
    let op = PUT_METRIC_DATA.name;
    let invalid = |message: String| {
        Error::new(ErrorKind::Invalid, op, message).with_resource(namespace.to_owned())
    };
    if namespace.trim().is_empty() {
        return Err(invalid("The parameter Namespace is required.".to_owned()));
    }
    if namespace.starts_with("AWS/") {
        return Err(invalid(format!(
            "The value {namespace} for parameter Namespace is invalid: the AWS/ namespaces are reserved for AWS services"
        )));
    }
    let now = SystemTime::now();
    let oldest = now.checked_sub(MAX_DATUM_AGE).unwrap_or(UNIX_EPOCH);
    let latest = now + MAX_DATUM_AHEAD;
    for datum in data {
        if datum.name.is_empty() {
            return Err(invalid(
                "The parameter MetricData.member.N.MetricName is required.".to_owned(),
            ));
        }
        if !datum.value.is_finite() {
            return Err(invalid(format!(
                "The value {} for parameter MetricData.member.N.Value of {} is invalid",
                datum.value, datum.name
            )));
        }
        if datum.dimensions.len() > MAX_DIMENSIONS {
            return Err(invalid(format!(
                "at most {MAX_DIMENSIONS} dimensions per metric ({})",
                datum.name
            )));
        }
        if datum.timestamp.is_some_and(|t| t < oldest || t > latest) {
            return Err(invalid(format!(
                "The timestamp of a value of {} is more than two weeks in the past or two hours in the future",
                datum.name
            )));
        }
    }
    for datum in data {
        record(
            world,
            series_key(namespace, &datum.name, &datum.dimensions),
            Sample {
                at: datum.timestamp.unwrap_or(now),
                value: datum.value,
                unit: datum.unit.clone(),
            },
        );
    }
    Ok(())
}

fn millis(t: SystemTime) -> i128 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_millis() as i128,
        Err(e) => -(e.duration().as_millis() as i128),
    }
}

fn from_millis(ms: i128) -> SystemTime {
    let magnitude = Duration::from_millis(ms.unsigned_abs().min(u128::from(u64::MAX)) as u64);
    if ms >= 0 {
        UNIX_EPOCH + magnitude
    } else {
        UNIX_EPOCH - magnitude
    }
}

/// Nearest rank: the smallest value with at least `p` percent of the values at or below it.
fn nearest_rank(sorted: &[f64], p: f64) -> f64 {
    let n = sorted.len();
    let rank = (p * n as f64 / 100.0).ceil() as usize;
    sorted[rank.clamp(1, n) - 1]
}

pub(super) fn statistics(world: &World, query: &MetricQuery) -> Result<Vec<Datapoint>> {
    let op = GET_METRIC_STATISTICS.name;
    let invalid = |message: String| {
        Error::new(ErrorKind::Invalid, op, message).with_resource(query.metric_name.clone())
    };
    if !valid_period(query.period_seconds) && !matches!(query.period_seconds, 1 | 5) {
        return Err(invalid(format!(
            "The parameter Period ({}) must be 1, 5, 10, 20, 30 or a multiple of 60",
            query.period_seconds
        )));
    }
    let mut percentiles = Vec::new();
    for name in &query.extended {
        match percentile(name) {
            Some(p) => percentiles.push((name.clone(), p)),
            None => {
                return Err(invalid(format!(
                    "The value {name} for parameter ExtendedStatistics is not valid"
                )))
            }
        }
    }
    let key = series_key(&query.namespace, &query.metric_name, &query.dimensions);
    let Some(samples) = world.alarms.series.get(&key) else {
        return Ok(Vec::new());
    };
    let period = i128::from(query.period_seconds) * 1000;
    let granularity: i128 = if query.period_seconds >= 60 {
        60_000
    } else {
        1000
    };
    let start = millis(query.start).div_euclid(granularity) * granularity;
    let end = millis(query.end);
    let mut buckets: BTreeMap<i128, Vec<&Sample>> = BTreeMap::new();
    for sample in samples {
        let at = millis(sample.at);
        if at >= start && at < end {
            buckets
                .entry(start + (at - start) / period * period)
                .or_default()
                .push(sample);
        }
    }
    let want = |s: Statistic| query.statistics.contains(&s);
    Ok(buckets
        .into_iter()
        .map(|(bucket, samples)| {
            let mut values: Vec<f64> = samples.iter().map(|s| s.value).collect();
            values.sort_by(f64::total_cmp);
            let count = values.len() as f64;
            let sum: f64 = values.iter().sum();
            let mut point = Datapoint::at(from_millis(bucket));
            point.sum = want(Statistic::Sum).then_some(sum);
            point.average = want(Statistic::Average).then_some(sum / count);
            point.maximum = want(Statistic::Maximum).then(|| values[values.len() - 1]);
            point.minimum = want(Statistic::Minimum).then(|| values[0]);
            point.sample_count = want(Statistic::SampleCount).then_some(count);
            point.extended = percentiles
                .iter()
                .map(|(name, p)| (name.clone(), nearest_rank(&values, *p)))
                .collect();
            point.unit = Some(
                samples
                    .iter()
                    .find_map(|s| s.unit.clone())
                    .unwrap_or_else(|| "None".to_owned()),
            );
            point
        })
        .collect())
}

/// The unit API Gateway publishes a metric with.
pub(super) fn api_gateway_unit(metric: &str) -> Option<String> {
    match metric {
        "4XXError" | "5XXError" | "Count" | "CacheHitCount" | "CacheMissCount" => {
            Some("Count".to_owned())
        }
        "Latency" | "IntegrationLatency" => Some("Milliseconds".to_owned()),
        _ => None,
    }
}
