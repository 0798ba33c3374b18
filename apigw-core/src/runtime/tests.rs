//! Runtime behaviour under tokio's paused clock: every duration below is virtual time.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

use super::*;

const GET_REST_APIS: Op = Op::read(Service::ApiGateway, "GetRestApis");
const CREATE_RESOURCE: Op = Op::create(Service::ApiGateway, "CreateResource");
const UPDATE_STAGE: Op = Op::write(Service::ApiGateway, "UpdateStage");

fn caller(pacing: PacingConfig, retry: RetryPolicy) -> Caller {
    Caller::new(RuntimeConfig {
        pacing,
        retry: retry.with_jitter_seed(7),
        attempt_timeout: Duration::from_secs(10),
    })
}

fn unpaced() -> Caller {
    caller(PacingConfig::disabled(), RetryPolicy::default())
}

fn fail(kind: ErrorKind) -> Error {
    Error::new(kind, "Test", kind.label())
}

/// Answers with `errors` in order, then `Ok(calls so far)`.
fn scripted(
    errors: Vec<Error>,
) -> (
    Arc<AtomicU32>,
    impl FnMut() -> std::future::Ready<Result<u32>>,
) {
    let calls = Arc::new(AtomicU32::new(0));
    let errors = Mutex::new(errors.into_iter());
    let counter = calls.clone();
    let attempt = move || {
        let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
        let next = errors.lock().expect("lock").next();
        std::future::ready(next.map_or(Ok(n), Err))
    };
    (calls, attempt)
}

#[tokio::test(start_paused = true)]
async fn throttled_then_ok_succeeds_after_jittered_backoff() {
    let caller = unpaced();
    let (calls, attempt) = scripted(vec![fail(ErrorKind::Throttled), fail(ErrorKind::Throttled)]);
    let start = Instant::now();
    let result = caller.call(GET_REST_APIS, "orders", attempt).await;
    let waited = start.elapsed();
    assert_eq!(result.expect("third attempt succeeds"), 3);
    assert_eq!(calls.load(Ordering::SeqCst), 3);
    // Full jitter draws each wait from [0, step]: steps are 200 ms then 400 ms.
    assert!(
        waited > Duration::ZERO,
        "the runtime must back off, waited {waited:?}"
    );
    assert!(
        waited <= Duration::from_millis(600),
        "waited {waited:?}, beyond the un-jittered schedule"
    );
}

#[tokio::test(start_paused = true)]
async fn jitter_spreads_waits_rather_than_using_the_schedule() {
    let mut waits = Vec::new();
    for seed in 0..8 {
        let caller = Caller::new(RuntimeConfig {
            pacing: PacingConfig::disabled(),
            retry: RetryPolicy::default().with_jitter_seed(seed),
            attempt_timeout: Duration::from_secs(10),
        });
        let (_, attempt) = scripted(vec![fail(ErrorKind::Throttled)]);
        let start = Instant::now();
        caller
            .call(GET_REST_APIS, "orders", attempt)
            .await
            .expect("second attempt succeeds");
        waits.push(start.elapsed());
    }
    waits.sort();
    waits.dedup();
    assert!(waits.len() > 4, "waits should differ by seed: {waits:?}");
    assert!(waits.iter().all(|w| *w <= Duration::from_millis(200)));
}

#[tokio::test(start_paused = true)]
async fn limit_exceeded_and_invalid_are_never_retried() {
    for kind in [
        ErrorKind::LimitExceeded,
        ErrorKind::Invalid,
        ErrorKind::NotFound,
        ErrorKind::AccessDenied,
        ErrorKind::AlreadyExists,
    ] {
        let (calls, attempt) = scripted(vec![fail(kind), fail(kind)]);
        let err = unpaced()
            .call(UPDATE_STAGE, "live", attempt)
            .await
            .expect_err("not retried");
        assert_eq!(err.kind(), kind);
        assert_eq!(err.attempts(), 1);
        assert_eq!(calls.load(Ordering::SeqCst), 1, "{kind:?} was retried");
    }
}

#[tokio::test(start_paused = true)]
async fn deadline_stops_retrying_and_says_how_many_attempts_and_why() {
    let retry = RetryPolicy::default()
        .with_max_attempts(1000)
        .with_deadline(Duration::from_secs(5));
    let caller = caller(PacingConfig::disabled(), retry);
    let calls = Arc::new(AtomicU32::new(0));
    let counter = calls.clone();
    let start = Instant::now();
    let err = caller
        .call(GET_REST_APIS, "orders", || {
            counter.fetch_add(1, Ordering::SeqCst);
            std::future::ready(Err::<(), _>(fail(ErrorKind::Throttled)))
        })
        .await
        .expect_err("always throttled");
    let attempts = calls.load(Ordering::SeqCst);
    assert!(attempts > 2, "retried only {attempts} times");
    assert!(start.elapsed() <= Duration::from_secs(5));
    assert_eq!(err.attempts(), attempts);
    assert_eq!(err.kind(), ErrorKind::Throttled);
    let text = err.to_string();
    assert!(
        text.contains(&format!("gave up after {attempts} attempts")),
        "{text}"
    );
    assert!(text.contains("deadline of 5s reached"), "{text}");
    assert!(text.starts_with("Test (orders): "), "{text}");
}

#[tokio::test(start_paused = true)]
async fn attempt_cap_stops_retrying() {
    let caller = caller(
        PacingConfig::disabled(),
        RetryPolicy::default().with_max_attempts(3),
    );
    let (calls, attempt) = scripted((0..10).map(|_| fail(ErrorKind::Transient)).collect());
    let err = caller
        .call(GET_REST_APIS, "orders", attempt)
        .await
        .expect_err("cap reached");
    assert_eq!(calls.load(Ordering::SeqCst), 3);
    assert!(
        err.to_string().contains("attempt cap of 3 reached"),
        "{err}"
    );
}

#[tokio::test(start_paused = true)]
async fn retry_after_is_honoured() {
    let slow_down = fail(ErrorKind::Throttled).with_retry_after(Duration::from_secs(7));
    let (_, attempt) = scripted(vec![slow_down]);
    let start = Instant::now();
    unpaced()
        .call(GET_REST_APIS, "orders", attempt)
        .await
        .expect("second attempt succeeds");
    let waited = start.elapsed();
    assert!(waited >= Duration::from_secs(7), "waited only {waited:?}");
    assert!(waited < Duration::from_secs(8), "waited {waited:?}");
}

#[tokio::test(start_paused = true)]
async fn transient_create_looks_up_before_creating_again() {
    let (creates, create) = scripted(vec![fail(ErrorKind::Transient)]);
    let lookups = Arc::new(AtomicU32::new(0));
    let seen = lookups.clone();
    let found = unpaced()
        .create(
            CREATE_RESOURCE,
            "/users",
            move || {
                seen.fetch_add(1, Ordering::SeqCst);
                std::future::ready(Ok(Some(99)))
            },
            create,
        )
        .await
        .expect("adopts the object the first create made");
    assert_eq!(found, 99);
    assert_eq!(creates.load(Ordering::SeqCst), 1, "must not create twice");
    assert_eq!(lookups.load(Ordering::SeqCst), 1);
}

#[tokio::test(start_paused = true)]
async fn transient_create_creates_again_when_lookup_finds_nothing() {
    let (creates, create) = scripted(vec![fail(ErrorKind::Transient)]);
    let made = unpaced()
        .create(
            CREATE_RESOURCE,
            "/users",
            || std::future::ready(Ok(None)),
            create,
        )
        .await
        .expect("second create succeeds");
    assert_eq!(made, 2);
    assert_eq!(creates.load(Ordering::SeqCst), 2);
}

#[tokio::test(start_paused = true)]
async fn transient_create_without_lookup_is_not_retried() {
    let (calls, attempt) = scripted(vec![fail(ErrorKind::Transient)]);
    let err = unpaced()
        .call(CREATE_RESOURCE, "/users", attempt)
        .await
        .expect_err("no blind retry");
    assert_eq!(err.kind(), ErrorKind::Transient);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test(start_paused = true)]
async fn eventual_consistency_is_retried_only_on_opt_in() {
    let (calls, attempt) = scripted(vec![fail(ErrorKind::EventuallyConsistent)]);
    unpaced()
        .call(UPDATE_STAGE, "live", attempt)
        .await
        .expect_err("not opted in");
    assert_eq!(calls.load(Ordering::SeqCst), 1);

    let (calls, attempt) = scripted(vec![fail(ErrorKind::EventuallyConsistent)]);
    let op = Op::write(Service::ApiGateway, "PutIntegration").eventually_consistent();
    unpaced()
        .call(op, "GET /users", attempt)
        .await
        .expect("opted in");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test(start_paused = true)]
async fn attempt_timeout_is_a_transient_failure() {
    let caller = Caller::new(RuntimeConfig {
        pacing: PacingConfig::disabled(),
        retry: RetryPolicy::default()
            .with_max_attempts(2)
            .with_jitter_seed(1),
        attempt_timeout: Duration::from_secs(1),
    });
    let err = caller
        .call(GET_REST_APIS, "orders", || async {
            tokio::time::sleep(Duration::from_secs(60)).await;
            Ok(())
        })
        .await
        .expect_err("times out");
    assert_eq!(err.kind(), ErrorKind::Transient);
    assert_eq!(err.attempts(), 2);
}

/// Sends `count` calls of `op` concurrently and returns when each was let through.
async fn paced_times(pacing: PacingConfig, op: Op, count: usize) -> Vec<Duration> {
    let caller = caller(pacing, RetryPolicy::default());
    let start = Instant::now();
    let tasks: Vec<_> = (0..count)
        .map(|_| {
            let caller = caller.clone();
            tokio::spawn(async move {
                caller
                    .call(op, "x", || std::future::ready(Ok(())))
                    .await
                    .expect("paced call");
                start.elapsed()
            })
        })
        .collect();
    let mut times = Vec::new();
    for task in tasks {
        times.push(task.await.expect("task"));
    }
    times.sort();
    times
}

fn max_in_any_window(times: &[Duration], window: Duration) -> usize {
    times
        .iter()
        .map(|t| {
            times
                .iter()
                .filter(|u| **u >= *t && **u < *t + window)
                .count()
        })
        .max()
        .unwrap_or(0)
}

#[tokio::test(start_paused = true)]
async fn pacing_holds_create_resource_to_five_per_second() {
    let times = paced_times(PacingConfig::default(), CREATE_RESOURCE, 30).await;
    let last = *times.last().expect("times");
    // A full bucket lets 5 through at once; the other 25 follow at 5 per second.
    let sustained = 25.0 / last.as_secs_f64();
    assert!(
        (4.9..=5.1).contains(&sustained),
        "sustained {sustained}/s over {last:?}"
    );
    // After the first second the bucket is empty: any later 1 s window holds at most 5 calls + 1.
    let later: Vec<_> = times
        .iter()
        .copied()
        .filter(|t| *t >= Duration::from_secs(1))
        .collect();
    assert!(max_in_any_window(&later, Duration::from_secs(1)) <= 6);
}

#[tokio::test(start_paused = true)]
async fn pacing_holds_the_account_to_ten_per_second_with_burst_forty() {
    let times = paced_times(PacingConfig::default(), GET_REST_APIS, 200).await;
    let at_once = times.iter().filter(|t| **t == Duration::ZERO).count();
    assert_eq!(at_once, 40, "burst");
    let last = *times.last().expect("times");
    let sustained = 160.0 / last.as_secs_f64();
    assert!(
        (9.9..=10.1).contains(&sustained),
        "sustained {sustained}/s over {last:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn pacing_scale_speeds_up_every_bucket() {
    let times = paced_times(PacingConfig::default().scaled(20.0), CREATE_RESOURCE, 105).await;
    let last = *times.last().expect("times");
    let sustained = 100.0 / last.as_secs_f64();
    assert!(
        (99.0..=101.0).contains(&sustained),
        "sustained {sustained}/s over {last:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn edge_create_rest_api_is_paced_by_its_own_slower_quota() {
    let regional = Op::create(Service::ApiGateway, "CreateRestApi");
    let edge = regional.paced_as(EDGE_CREATE_REST_API);
    let caller = caller(PacingConfig::default(), RetryPolicy::default());
    let start = Instant::now();
    for _ in 0..3 {
        caller
            .call(edge, "orders", || std::future::ready(Ok(())))
            .await
            .expect("paced");
    }
    assert_eq!(
        start.elapsed(),
        Duration::from_secs(60),
        "1 per 30 s for EDGE"
    );
    let start = Instant::now();
    for _ in 0..3 {
        caller
            .call(regional, "orders", || std::future::ready(Ok(())))
            .await
            .expect("paced");
    }
    assert!(
        start.elapsed() <= Duration::from_secs(6),
        "REGIONAL keeps 1 per 3 s: {:?}",
        start.elapsed()
    );
}
