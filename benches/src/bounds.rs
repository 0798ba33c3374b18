//! Lower bounds on a run's wall time, computed from the simulator's journal.
//!
//! - [`critical_path`]: the longest chain of calls that ran one after the other.
//! - [`quota_bound`]: the shortest time the quota table lets the journal's calls be sent in.
//!
//! A benchmark figure is the measured wall time divided by one of these: 1.0 is a schedule that
//! could not have been faster under that constraint.

use std::time::Duration;

use apigw_core::runtime::{PacingConfig, Rate};
use apigw_core::ErrorKind;
use apigw_sim::Call;

/// The longest chain of calls that ran strictly one after the other.
///
/// The journal records no dependency edges, so they are inferred: the chain is the longest
/// sequence `c1, c2, …` with `c(i+1).start >= c(i).end` (no two calls of the chain overlap),
/// found by dynamic programming over the calls sorted by end time (weighted interval
/// scheduling). Every observed "B started after A ended" is taken as "B needed A".
///
/// That makes `calls x latency` the minimum wall time any schedule could reach **if** every
/// observed sequential ordering were a real dependency. It is sound as a lower bound on the run
/// that was measured (the chain's calls are disjoint intervals inside the run, so the wall time
/// is at least their sum), and the ratio wall / bound measures the time spent *between* calls
/// on that chain: pipeline work, timer overshoot, waits, pacing. What it cannot see is missed
/// concurrency: two independent calls the pipeline sent one after the other count as a
/// dependency, so a needlessly sequential pipeline still scores close to 1.0. (Zero-length
/// calls, as on a simulator without latency, chain freely; use it with a latency.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CriticalPath {
    /// How many calls the longest chain holds.
    pub calls: usize,
    /// The sum of those calls' measured durations.
    pub observed: Duration,
}

impl CriticalPath {
    /// The bound for a simulator answering every call after `latency`: `calls x latency`.
    pub fn bound(&self, latency: Duration) -> Duration {
        latency * u32::try_from(self.calls).unwrap_or(u32::MAX)
    }
}

/// The longest chain of non-overlapping calls in `calls` (see [`CriticalPath`]).
pub fn critical_path(calls: &[Call]) -> CriticalPath {
    let mut order: Vec<&Call> = calls.iter().collect();
    order.sort_by_key(|c| (c.end, c.start));
    let ends: Vec<Duration> = order.iter().map(|c| c.end).collect();
    // best[k]: the longest chain among the first k calls (by end), as (calls, observed).
    let mut best: Vec<(usize, Duration)> = Vec::with_capacity(order.len() + 1);
    best.push((0, Duration::ZERO));
    for (i, call) in order.iter().enumerate() {
        // Calls that ended by the time this one started; never this call or a later one
        // (a zero-length call ends when it starts).
        let before = ends.partition_point(|end| *end <= call.start).min(i);
        let (count, observed) = best[before];
        let with = (count + 1, observed + call.end.saturating_sub(call.start));
        best.push(best[i].max(with));
    }
    let (calls, observed) = best.last().copied().unwrap_or_default();
    CriticalPath { calls, observed }
}

/// One token bucket's share of [`quota_bound`].
#[derive(Debug, Clone, PartialEq)]
pub struct BucketBound {
    /// `"apigateway CreateResource"`, or `"apigateway (account total)"`.
    pub bucket: String,
    /// Calls of the journal this bucket limits (throttled answers left out: they took no token).
    pub calls: usize,
    /// `(calls - burst) x interval`: when the bucket lets the last of them through.
    pub time: Duration,
}

/// The shortest time the quotas of `pacing` allow for the journal's calls, and the bucket that
/// sets it.
#[derive(Debug, Clone, PartialEq)]
pub struct QuotaBound {
    /// The binding bucket's time plus one call `latency` (the last call still has to be
    /// answered).
    pub bound: Duration,
    /// Every bucket that limits at least one call, slowest first.
    pub buckets: Vec<BucketBound>,
}

/// The minimum wall time the quota table allows for `calls`: for each paced operation and each
/// service total, a full bucket lets `burst` calls through at once and then one per
/// `per / count / scale`, so `n` calls need `(n - burst) x interval`; the bound is the slowest
/// bucket plus one call `latency`. Dependencies between the calls are ignored (see
/// [`critical_path`] for those).
pub fn quota_bound(calls: &[Call], pacing: &PacingConfig, latency: Duration) -> QuotaBound {
    let served: Vec<&Call> = calls
        .iter()
        .filter(|c| c.error != Some(ErrorKind::Throttled))
        .collect();
    let scale = if pacing.scale.is_finite() && pacing.scale > 0.0 {
        pacing.scale
    } else {
        1.0
    };
    let mut buckets = Vec::new();
    for (service, name, rate) in &pacing.operations {
        let n = served
            .iter()
            .filter(|c| c.service == *service && c.operation == *name)
            .count();
        buckets.push(bucket_bound(format!("{service} {name}"), n, *rate, scale));
    }
    for (service, rate) in &pacing.service_totals {
        let n = served.iter().filter(|c| c.service == *service).count();
        buckets.push(bucket_bound(
            format!("{service} (account total)"),
            n,
            *rate,
            scale,
        ));
    }
    buckets.retain(|b| b.calls > 0);
    buckets.sort_by(|a, b| b.time.cmp(&a.time).then_with(|| a.bucket.cmp(&b.bucket)));
    let slowest = buckets.first().map_or(Duration::ZERO, |b| b.time);
    QuotaBound {
        bound: slowest + latency,
        buckets,
    }
}

fn bucket_bound(bucket: String, calls: usize, rate: Rate, scale: f64) -> BucketBound {
    let interval = rate.per.as_secs_f64() / f64::from(rate.count.max(1)) / scale;
    let waiting = calls.saturating_sub(rate.burst.max(1) as usize);
    BucketBound {
        bucket,
        calls,
        time: Duration::from_secs_f64(interval * waiting as f64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use apigw_core::Service;

    const MS: Duration = Duration::from_millis(1);

    fn call(operation: &'static str, start_ms: u64, end_ms: u64) -> Call {
        Call {
            seq: 0,
            service: Service::ApiGateway,
            operation,
            write: true,
            start: MS * start_ms as u32,
            end: MS * end_ms as u32,
            error: None,
        }
    }

    #[test]
    fn a_sequential_run_is_one_chain_of_every_call() {
        let calls: Vec<Call> = (0..4).map(|i| call("X", i * 25, i * 25 + 25)).collect();
        let path = critical_path(&calls);
        assert_eq!(path.calls, 4);
        assert_eq!(path.observed, MS * 100);
        assert_eq!(path.bound(MS * 25), MS * 100);
    }

    #[test]
    fn concurrent_calls_count_once_per_level() {
        // Two levels of three concurrent calls, then one call: a chain of three.
        let mut calls = Vec::new();
        for _ in 0..3 {
            calls.push(call("A", 0, 25));
            calls.push(call("B", 26, 51));
        }
        calls.push(call("C", 51, 76));
        assert_eq!(critical_path(&calls).calls, 3);
    }

    #[test]
    fn the_chain_skips_a_long_call_when_shorter_ones_chain_further() {
        // 0..100 overlaps everything else; 0..25, 30..55, 60..85 chain.
        let calls = [
            call("long", 0, 100),
            call("a", 0, 25),
            call("b", 30, 55),
            call("c", 60, 85),
        ];
        let path = critical_path(&calls);
        assert_eq!(path.calls, 3);
        assert_eq!(path.observed, MS * 75);
    }

    #[test]
    fn an_empty_journal_has_no_path() {
        assert_eq!(critical_path(&[]), CriticalPath::default());
    }

    #[test]
    fn zero_length_calls_never_chain_to_themselves() {
        let calls = [call("a", 5, 5)];
        assert_eq!(critical_path(&calls).calls, 1);
    }

    #[test]
    fn the_quota_bound_is_the_slowest_bucket_past_its_burst() {
        // 10 CreateResource at 5/s (burst 5), scaled x1: 5 wait, 0.2 s apart = 1 s.
        let calls: Vec<Call> = (0..10).map(|_| call("CreateResource", 0, 1)).collect();
        let bound = quota_bound(&calls, &PacingConfig::default(), MS * 10);
        assert_eq!(bound.buckets[0].bucket, "apigateway CreateResource");
        assert_eq!(bound.buckets[0].calls, 10);
        assert_eq!(bound.bound, Duration::from_secs(1) + MS * 10);
    }

    #[test]
    fn the_account_total_binds_when_many_operations_share_it() {
        // 240 PutMethod (unpaced on its own) at 10/s burst 40, x20: 200 wait, 5 ms apart = 1 s.
        let calls: Vec<Call> = (0..240).map(|_| call("PutMethod", 0, 1)).collect();
        let bound = quota_bound(
            &calls,
            &PacingConfig::default().scaled(20.0),
            Duration::ZERO,
        );
        assert_eq!(bound.buckets.len(), 1);
        assert_eq!(bound.buckets[0].bucket, "apigateway (account total)");
        let secs = bound.bound.as_secs_f64();
        assert!((secs - 1.0).abs() < 1e-6, "{secs}");
    }

    #[test]
    fn throttled_answers_take_no_token() {
        let mut calls: Vec<Call> = (0..6).map(|_| call("CreateResource", 0, 1)).collect();
        calls[5].error = Some(ErrorKind::Throttled);
        let bound = quota_bound(&calls, &PacingConfig::default(), Duration::ZERO);
        assert_eq!(bound.buckets[0].calls, 5);
        assert_eq!(bound.bound, Duration::ZERO);
    }
}
