//! Provision, no-op re-provision and plan on the simulator (issue #8). Each bench prints its
//! figure once (ratio to its bound, call counts) and times the scenario; the README's table
//! comes from `cargo run -p apigw-benches --release --bin figures`.
//!
//! `cargo bench -p apigw-benches --bench provision [-- FILTER] [-- --quick]`

use std::time::Duration;

use apigw_benches::figures::human;
use apigw_benches::scenarios::{
    plan, plan_empty_and_provisioned, provision_paced, provision_with_latency, reprovision,
    Provisioned,
};
use apigw_benches::setup::{full_spec, wide_spec};
use apigw_facade::spec::GatewaySpec;
use criterion::measurement::WallTime;
use criterion::{criterion_main, BenchmarkGroup, Criterion, SamplingMode};
use tokio::runtime::Runtime;

const LATENCY: Duration = Duration::from_millis(25);
const PACED_LATENCY: Duration = Duration::from_millis(10);
const QUOTA_SCALE: f64 = 20.0;
const RESOURCES: usize = 300;

/// Real time, several workers: wall time is the figure.
fn runtime() -> Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a multi-thread runtime")
}

/// A group for scenarios that take a large part of a second or more: ten samples of one run.
fn slow_group<'a>(c: &'a mut Criterion, name: &str) -> BenchmarkGroup<'a, WallTime> {
    let mut group = c.benchmark_group(name);
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(5));
    group
}

fn specs() -> (GatewaySpec, GatewaySpec) {
    (
        full_spec().expect("examples/full.toml is valid"),
        wide_spec(RESOURCES).expect("the wide spec is valid"),
    )
}

fn provision(c: &mut Criterion) {
    let rt = runtime();
    let (full, wide) = specs();
    let mut group = slow_group(c, "provision");

    let first = rt
        .block_on(provision_with_latency(&full, LATENCY))
        .expect("provision full.toml");
    let f = &first.figure;
    eprintln!(
        "[figure] provision full.toml at 25 ms/call: wall / critical-path bound = {:.3} (wall {}, bound {} = {} calls x 25 ms; {} calls; target <= 1.3)",
        f.ratio(),
        human(f.wall),
        human(f.bound()),
        f.chain.calls,
        f.calls
    );
    group.bench_function("full_toml_25ms", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| {
                    rt.block_on(provision_with_latency(&full, LATENCY))
                        .expect("provision full.toml")
                        .figure
                        .wall
                })
                .sum()
        })
    });

    let (paced, _) = rt
        .block_on(provision_paced(&wide, QUOTA_SCALE, PACED_LATENCY))
        .expect("quota-paced provision");
    eprintln!(
        "[figure] provision {RESOURCES}-resource API, AWS quotas x20, 10 ms/call: wall / quota bound = {:.3} (wall {}, bound {} set by {}); throttled answers = {} (targets <= 1.15, 0)",
        paced.ratio(),
        human(paced.run.wall),
        human(paced.quota.bound),
        paced.quota.buckets.first().map_or("no bucket", |b| b.bucket.as_str()),
        paced.throttled
    );
    group.bench_function("wide_quota_x20_10ms", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| {
                    rt.block_on(provision_paced(&wide, QUOTA_SCALE, PACED_LATENCY))
                        .expect("quota-paced provision")
                        .0
                        .run
                        .wall
                })
                .sum()
        })
    });
    group.finish();
}

fn noop(c: &mut Criterion) {
    let rt = runtime();
    let (full, wide) = specs();
    let mut group = slow_group(c, "noop");
    for (name, spec) in [("full_toml_25ms", &full), ("wide_25ms", &wide)] {
        let done: Provisioned = rt
            .block_on(provision_with_latency(spec, LATENCY))
            .expect("first provision");
        let once = rt.block_on(reprovision(&done)).expect("re-provision");
        eprintln!(
            "[figure] no-op re-provision {name} ({} resources): {} writes (target 0), {} reads ({} GetResources), wall {}",
            once.resources,
            once.writes,
            once.reads,
            once.get_resources,
            human(once.run.wall)
        );
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                (0..iters)
                    .map(|_| {
                        rt.block_on(reprovision(&done))
                            .expect("re-provision")
                            .run
                            .wall
                    })
                    .sum()
            })
        });
    }
    group.finish();
}

fn plan_wide(c: &mut Criterion) {
    let rt = runtime();
    let (_, wide) = specs();
    let (empty, provisioned) = rt
        .block_on(plan_empty_and_provisioned(&wide, 5))
        .expect("plan");
    eprintln!(
        "[figure] plan {RESOURCES}-resource API at zero latency: {} provisioned ({} calls, {} pending), {} on an empty account ({} pending)",
        human(provisioned.wall),
        provisioned.calls,
        provisioned.pending,
        human(empty.wall),
        empty.pending
    );
    let done = rt
        .block_on(provision_with_latency(&wide, Duration::ZERO))
        .expect("provision at zero latency");
    let mut group = c.benchmark_group("plan");
    group.sample_size(20);
    group.bench_function("wide_zero_latency", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| {
                    rt.block_on(plan(&done.sim, &done.gateway))
                        .expect("plan")
                        .wall
                })
                .sum()
        })
    });
    group.finish();
}

mod group {
    // `criterion_group!` defines an undocumented `pub fn`.
    #![allow(missing_docs)]
    criterion::criterion_group!(benches, super::provision, super::noop, super::plan_wide);
}

criterion_main!(group::benches);
