//! `run_all` runs its checks concurrently: against a simulator answering every call after
//! 25 ms, its (virtual) wall time is compared with the sum of the calls' latencies. A benchmark,
//! printed, not asserted: the test asserts only that every check ran (and passed).

use std::time::Duration;

use apigw_diagnose::{CheckId, Status};
use apigw_sim::{Latency, SimConfig};

use crate::support::{diagnoser, inject, provisioned, statuses, target, Traffic};

#[tokio::test(start_paused = true)]
async fn run_all_takes_about_the_slowest_check_not_the_sum() {
    let config = SimConfig::default().latency(Latency::Fixed(Duration::from_millis(25)));
    let (spec, sim, _) = provisioned(config).await;
    inject(&sim, &spec, Traffic::HEALTHY);
    let target = target(&spec);
    let diagnoser = diagnoser(&sim);

    let before = sim.journal().calls().len();
    let started = tokio::time::Instant::now();
    let report = diagnoser.run_all(&target).await;
    let wall = started.elapsed();
    let journal = sim.journal();
    let calls = journal.since(before);
    let sum: Duration = calls.iter().map(|c| c.end.saturating_sub(c.start)).sum();

    assert_eq!(report.checks.len(), CheckId::ALL.len());
    assert!(
        report.checks.iter().all(|c| c.status == Status::Pass),
        "{}",
        statuses(&report)
    );
    let ratio = wall.as_secs_f64() / sum.as_secs_f64();
    println!(
        "diagnose run_all: {} calls, sum of call latencies {:?}, wall {:?} (virtual, 25 ms per call), ratio wall/sum = {ratio:.3} ({:.1}x faster than sequential)",
        calls.len(),
        sum,
        wall,
        1.0 / ratio
    );
    let mut by_operation: Vec<(&str, usize)> = calls
        .iter()
        .fold(std::collections::BTreeMap::new(), |mut counts, c| {
            *counts.entry(c.operation).or_insert(0usize) += 1;
            counts
        })
        .into_iter()
        .collect();
    by_operation.sort();
    println!("calls by operation: {by_operation:?}");
}
