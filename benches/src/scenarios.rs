//! The measured scenarios, each run once: provision under latency, provision under quotas,
//! no-op re-provision, plan. Each is an async fn over the simulator that returns its figure;
//! run them on a runtime with real time for figures, on a paused one for tests (wall times are
//! read from tokio's clock, so both work).

use std::time::Duration;

use apigw_core::runtime::PacingConfig;
use apigw_core::{ErrorKind, Result};
use apigw_facade::spec::GatewaySpec;
use apigw_facade::{Action, Gateway};
use apigw_sim::{Call, Journal, Latency, Sim, SimConfig};
use tokio::time::Instant;

use crate::bounds::{critical_path, quota_bound, CriticalPath, QuotaBound};
use crate::setup::{account, direct_backends, gateway, paced_backends};

/// Wall time of a provision against its critical-path bound.
#[derive(Debug, Clone)]
pub struct LatencyFigure {
    /// Per-call latency of the simulator.
    pub latency: Duration,
    /// Measured wall time of `provision`.
    pub wall: Duration,
    /// Calls made.
    pub calls: usize,
    /// Write calls made.
    pub writes: usize,
    /// The longest chain of sequential calls.
    pub chain: CriticalPath,
    /// When each operation was first sent and last answered, in order of first call.
    pub operations: Vec<OperationSpan>,
}

/// The calls of one operation in a run.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationSpan {
    /// The AWS operation name.
    pub operation: &'static str,
    /// Calls made.
    pub calls: usize,
    /// Of which answered 429.
    pub throttled: usize,
    /// When the first was sent, from the start of the simulator.
    pub first_start: Duration,
    /// When the last was answered.
    pub last_end: Duration,
}

fn operation_spans(calls: &[Call]) -> Vec<OperationSpan> {
    let mut spans: Vec<OperationSpan> = Vec::new();
    for call in calls {
        let throttled = usize::from(call.error == Some(ErrorKind::Throttled));
        match spans.iter_mut().find(|s| s.operation == call.operation) {
            Some(span) => {
                span.calls += 1;
                span.throttled += throttled;
                span.first_start = span.first_start.min(call.start);
                span.last_end = span.last_end.max(call.end);
            }
            None => spans.push(OperationSpan {
                operation: call.operation,
                calls: 1,
                throttled,
                first_start: call.start,
                last_end: call.end,
            }),
        }
    }
    spans.sort_by_key(|s| (s.first_start, s.operation));
    spans
}

impl LatencyFigure {
    fn from_run(latency: Duration, wall: Duration, calls: &[Call]) -> Self {
        Self {
            latency,
            wall,
            calls: calls.len(),
            writes: calls.iter().filter(|c| c.write).count(),
            chain: critical_path(calls),
            operations: operation_spans(calls),
        }
    }

    /// `chain.calls x latency`.
    pub fn bound(&self) -> Duration {
        self.chain.bound(self.latency)
    }

    /// Wall time / bound (1.0 = no time lost between dependent calls).
    pub fn ratio(&self) -> f64 {
        ratio(self.wall, self.bound())
    }
}

/// Wall time of a quota-paced provision against the quota bound.
#[derive(Debug, Clone)]
pub struct QuotaFigure {
    /// The scale of the quotas (and of the client's pacing).
    pub scale: f64,
    /// The run's wall time, bounds and chain.
    pub run: LatencyFigure,
    /// The quota bound and its buckets.
    pub quota: QuotaBound,
    /// Answers the simulator throttled (429).
    pub throttled: usize,
}

impl QuotaFigure {
    /// Wall time / quota bound.
    pub fn ratio(&self) -> f64 {
        ratio(self.run.wall, self.quota.bound)
    }
}

/// A second `provision` of an unchanged spec.
#[derive(Debug, Clone)]
pub struct NoopFigure {
    /// Resources of the API (root included).
    pub resources: usize,
    /// Write calls (the contract: zero).
    pub writes: usize,
    /// Read calls.
    pub reads: usize,
    /// Of which `GetResources` (one per page of the tree).
    pub get_resources: usize,
    /// The re-provision's wall time and chain.
    pub run: LatencyFigure,
}

/// One `plan`.
#[derive(Debug, Clone)]
pub struct PlanFigure {
    /// Resources of the API (root included).
    pub resources: usize,
    /// Measured wall time.
    pub wall: Duration,
    /// Changes listed (unchanged ones included).
    pub changes: usize,
    /// Changes that are not `unchanged`.
    pub pending: usize,
    /// Calls made (all reads).
    pub calls: usize,
}

/// `a / b`, or infinity when `b` is zero.
pub fn ratio(a: Duration, b: Duration) -> f64 {
    if b.is_zero() {
        f64::INFINITY
    } else {
        a.as_secs_f64() / b.as_secs_f64()
    }
}

/// A provisioned account: the simulator, the gateway bound to it, and the first run's figure.
#[derive(Debug)]
pub struct Provisioned {
    /// The account.
    pub sim: Sim,
    /// The spec bound to it.
    pub gateway: Gateway,
    /// The first provision.
    pub figure: LatencyFigure,
}

/// Provisions `spec` on a fresh account answering every call after `latency` (no quotas, no
/// runtime between pipeline and simulator). Call inside a tokio runtime.
pub async fn provision_with_latency(spec: &GatewaySpec, latency: Duration) -> Result<Provisioned> {
    let sim = account(spec, sim_config(latency));
    let gateway = gateway(spec, direct_backends(&sim), latency);
    let (wall, calls) = timed(&sim, gateway.provision()).await?;
    Ok(Provisioned {
        figure: LatencyFigure::from_run(latency, wall, &calls),
        sim,
        gateway,
    })
}

/// Provisions `spec` on a fresh account enforcing the AWS quotas x `scale` (429 past them),
/// through a caller pacing at the same quotas, every call answered after `latency`.
pub async fn provision_paced(
    spec: &GatewaySpec,
    scale: f64,
    latency: Duration,
) -> Result<(QuotaFigure, Provisioned)> {
    let sim = account(spec, sim_config(latency).aws_quotas(scale));
    let gateway = gateway(spec, paced_backends(&sim, scale), latency);
    let (wall, calls) = timed(&sim, gateway.provision()).await?;
    let run = LatencyFigure::from_run(latency, wall, &calls);
    let figure = QuotaFigure {
        scale,
        quota: quota_bound(&calls, &PacingConfig::default().scaled(scale), latency),
        throttled: calls
            .iter()
            .filter(|c| c.error == Some(ErrorKind::Throttled))
            .count(),
        run: run.clone(),
    };
    Ok((
        figure,
        Provisioned {
            sim,
            gateway,
            figure: run,
        },
    ))
}

/// Provisions the already provisioned account again and counts what that did.
pub async fn reprovision(done: &Provisioned) -> Result<NoopFigure> {
    let (wall, calls) = timed(&done.sim, done.gateway.provision()).await?;
    Ok(NoopFigure {
        resources: done.gateway.spec().resource_paths().len() + 1,
        writes: calls.iter().filter(|c| c.write).count(),
        reads: calls.iter().filter(|c| !c.write).count(),
        get_resources: calls
            .iter()
            .filter(|c| c.operation == "GetResources")
            .count(),
        run: LatencyFigure::from_run(done.figure.latency, wall, &calls),
    })
}

/// Times `plan` on `sim` through `gateway`.
pub async fn plan(sim: &Sim, gateway: &Gateway) -> Result<PlanFigure> {
    let before = sim.journal().calls().len();
    let started = Instant::now();
    let plan = gateway.plan().await?;
    let wall = started.elapsed();
    let calls = sim.journal().since(before).len();
    Ok(PlanFigure {
        resources: gateway.spec().resource_paths().len() + 1,
        wall,
        changes: plan.changes.len(),
        pending: plan
            .changes
            .iter()
            .filter(|c| c.action != Action::Unchanged)
            .count(),
        calls,
    })
}

/// `plan` for `spec` on a zero-latency account: against an empty account (everything to
/// create), and against the account after `provision` (the diff finds nothing). Each is run
/// `runs` times and the run with the median wall time is returned (a single plan takes about a
/// millisecond, so the first, cold one would otherwise decide the figure).
pub async fn plan_empty_and_provisioned(
    spec: &GatewaySpec,
    runs: usize,
) -> Result<(PlanFigure, PlanFigure)> {
    let sim = account(spec, sim_config(Duration::ZERO));
    let gateway = gateway(spec, direct_backends(&sim), Duration::ZERO);
    let empty = median_plan(&sim, &gateway, runs).await?;
    gateway.provision().await?;
    let provisioned = median_plan(&sim, &gateway, runs).await?;
    Ok((empty, provisioned))
}

async fn median_plan(sim: &Sim, gateway: &Gateway, runs: usize) -> Result<PlanFigure> {
    let mut figures = Vec::with_capacity(runs.max(1));
    for _ in 0..runs.max(1) {
        figures.push(plan(sim, gateway).await?);
    }
    figures.sort_by_key(|f| f.wall);
    Ok(figures.swap_remove(figures.len() / 2))
}

fn sim_config(latency: Duration) -> SimConfig {
    let latency = if latency.is_zero() {
        Latency::None
    } else {
        Latency::Fixed(latency)
    };
    SimConfig::default().latency(latency).seed(1)
}

/// Runs `work`, returning its wall time (tokio clock) and the calls it made.
async fn timed<T>(
    sim: &Sim,
    work: impl std::future::Future<Output = Result<T>>,
) -> Result<(Duration, Vec<Call>)> {
    let before = sim.journal().calls().len();
    let started = Instant::now();
    work.await?;
    let wall = started.elapsed();
    Ok((wall, since(&sim.journal(), before)))
}

fn since(journal: &Journal, seq: usize) -> Vec<Call> {
    journal.since(seq).to_vec()
}

/// `run_all` against the single checks, on an account answering every call after its latency.
#[derive(Debug, Clone)]
pub struct DiagnoseFigure {
    /// Wall time of `run_all` (every check concurrently, shared reads fetched once).
    pub run_all: Duration,
    /// The slowest check run alone, and its id.
    pub slowest: (Duration, &'static str),
    /// Calls `run_all` made.
    pub calls: usize,
    /// Checks that ran (all of them, or the figure is meaningless).
    pub checks: usize,
}

impl DiagnoseFigure {
    /// `run_all` wall / slowest single check.
    pub fn ratio(&self) -> f64 {
        ratio(self.run_all, self.slowest.0)
    }
}

/// Diagnoses the provisioned account: `run_all` once, then each check alone.
pub async fn diagnose(done: &Provisioned) -> Result<DiagnoseFigure> {
    use apigw_facade::diagnoser::CheckId;
    let region = done.sim.config().region.clone();
    let backends = direct_backends(&done.sim);
    let target = apigw_facade::diagnose::target_for(
        done.gateway.spec(),
        &backends,
        Duration::from_secs(900),
    )
    .await?;
    let diagnoser = apigw_facade::Backends::uniform(done.sim.clone(), region).diagnoser();
    let before = done.sim.journal().calls().len();
    let started = tokio::time::Instant::now();
    let report = diagnoser.run_all(&target).await;
    let run_all = started.elapsed();
    let calls = done.sim.journal().calls().len() - before;
    let mut slowest = (Duration::ZERO, "none");
    for id in CheckId::ALL {
        let started = tokio::time::Instant::now();
        diagnoser.run_only(&target, &[id]).await;
        let took = started.elapsed();
        if took > slowest.0 {
            slowest = (took, id.as_str());
        }
    }
    Ok(DiagnoseFigure {
        run_all,
        slowest,
        calls,
        checks: report.checks.len(),
    })
}
