//! Runtime overhead per call: `Caller::call` (pacing + per-attempt timeout + retry loop +
//! tracing span) around an attempt that answers `Ok(())` at once, against awaiting the attempt
//! alone. Target (issue #8): <= 5 µs per call.
//!
//! `cargo bench -p apigw-benches --bench runtime`

use std::time::Duration;

use apigw_benches::overhead::{self, PACED_OP, UNPACED_OP};
use criterion::{criterion_main, Criterion};

fn runtime(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a current-thread runtime");
    let caller = rt.block_on(async { overhead::caller() });
    let mut group = c.benchmark_group("runtime");
    group.measurement_time(Duration::from_secs(3));
    group.bench_function("bare_await", |b| {
        b.iter_custom(|iters| rt.block_on(overhead::bare(iters)))
    });
    group.bench_function("call_unpaced_op", |b| {
        b.iter_custom(|iters| rt.block_on(overhead::through_caller(&caller, UNPACED_OP, iters)))
    });
    group.bench_function("call_paced_op", |b| {
        b.iter_custom(|iters| rt.block_on(overhead::through_caller(&caller, PACED_OP, iters)))
    });
    group.finish();
}

mod group {
    // `criterion_group!` defines an undocumented `pub fn`.
    #![allow(missing_docs)]
    criterion::criterion_group!(benches, super::runtime);
}

criterion_main!(group::benches);
