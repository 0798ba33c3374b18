//! The README's performance figures: every scenario once, as a markdown table (or JSON rows).
//!
//! Printed, never asserted: a figure above its target is reported as such.

use std::fmt::Write as _;
use std::time::Duration;

use apigw_facade::spec::SpecError;
use serde::Serialize;

use crate::overhead::{self, Overhead};
use crate::scenarios::{
    diagnose, plan_empty_and_provisioned, provision_paced, provision_with_latency, reprovision,
    DiagnoseFigure, LatencyFigure, NoopFigure, PlanFigure, QuotaFigure,
};
use crate::setup::{full_spec, wide_spec};

/// The command that prints the table.
pub const COMMAND: &str = "cargo run -p apigw-benches --release --bin figures";

/// How big and how slow the scenarios are.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Per-call latency of the provision, re-provision runs.
    pub latency: Duration,
    /// Scale of the AWS quotas in the quota-paced run.
    pub quota_scale: f64,
    /// Per-call latency of the quota-paced run.
    pub paced_latency: Duration,
    /// Resources of the wide API (quota-paced run, re-provision, plan).
    pub resources: usize,
    /// Resources of the small API whose re-provision reads are compared with the wide one's.
    pub small_resources: usize,
    /// Calls per measurement of the runtime overhead.
    pub overhead_calls: u64,
    /// Plans run per plan figure (the median is reported).
    pub plan_runs: usize,
}

impl Settings {
    /// The figures of issue #8: 25 ms per call, quotas x20 at 10 ms per call, 300 resources.
    pub fn readme() -> Self {
        Self {
            latency: Duration::from_millis(25),
            quota_scale: 20.0,
            paced_latency: Duration::from_millis(10),
            resources: 300,
            small_resources: 20,
            overhead_calls: 200_000,
            plan_runs: 5,
        }
    }

    /// Small and quick, for the smoke test.
    pub fn tiny() -> Self {
        Self {
            resources: 30,
            small_resources: 10,
            overhead_calls: 1_000,
            plan_runs: 1,
            ..Self::readme()
        }
    }
}

/// Everything measured on the simulator.
#[derive(Debug, Clone)]
pub struct SimFigures {
    /// `full.toml` provisioned at [`Settings::latency`].
    pub full: LatencyFigure,
    /// `full.toml` provisioned again.
    pub full_noop: NoopFigure,
    /// The wide API under quotas.
    pub paced: QuotaFigure,
    /// The wide API provisioned at [`Settings::latency`] with no quotas (context for the
    /// re-provision).
    pub wide: LatencyFigure,
    /// The wide API provisioned again.
    pub wide_noop: NoopFigure,
    /// The small API provisioned again.
    pub small_noop: NoopFigure,
    /// `plan` of the wide API on an empty account.
    pub plan_empty: PlanFigure,
    /// `plan` of the wide API once provisioned (the diff finds nothing).
    pub plan_provisioned: PlanFigure,
    /// `run_all` on the provisioned `full.toml` against its slowest single check.
    pub diagnose: DiagnoseFigure,
}

/// Why the figures could not be measured.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

impl SimFigures {
    /// Runs every simulator scenario once, one after the other (they would slow each other
    /// down). Call inside a tokio runtime: real time for figures, paused for tests.
    pub async fn measure(settings: &Settings) -> Result<Self, BoxError> {
        let full_spec = full_spec().map_err(spec_error)?;
        let wide_spec = wide_spec(settings.resources).map_err(spec_error)?;
        let small_spec = wide_spec_of(settings.small_resources)?;

        let full = provision_with_latency(&full_spec, settings.latency).await?;
        let full_noop = reprovision(&full).await?;
        let diagnose = diagnose(&full).await?;
        let (paced, _) =
            provision_paced(&wide_spec, settings.quota_scale, settings.paced_latency).await?;
        let wide = provision_with_latency(&wide_spec, settings.latency).await?;
        let wide_noop = reprovision(&wide).await?;
        let small = provision_with_latency(&small_spec, settings.latency).await?;
        let small_noop = reprovision(&small).await?;
        let (plan_empty, plan_provisioned) =
            plan_empty_and_provisioned(&wide_spec, settings.plan_runs).await?;
        Ok(Self {
            full: full.figure,
            full_noop,
            paced,
            wide: wide.figure,
            wide_noop,
            small_noop,
            plan_empty,
            plan_provisioned,
            diagnose,
        })
    }
}

fn wide_spec_of(resources: usize) -> Result<apigw_facade::spec::GatewaySpec, BoxError> {
    wide_spec(resources).map_err(spec_error)
}

fn spec_error(e: SpecError) -> BoxError {
    format!("a bench spec is invalid: {e}").into()
}

/// Every figure.
#[derive(Debug, Clone)]
pub struct Figures {
    /// What they were measured with.
    pub settings: Settings,
    /// The simulator scenarios.
    pub sim: SimFigures,
    /// The runtime's cost per call.
    pub overhead: Overhead,
}

impl Figures {
    /// Measures everything: the simulator scenarios on a multi-thread runtime with real time,
    /// the runtime overhead on a current-thread one. Builds its runtimes: do not call from
    /// inside one.
    pub fn measure(settings: Settings) -> Result<Self, BoxError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()?;
        let sim = runtime.block_on(SimFigures::measure(&settings))?;
        drop(runtime);
        let overhead = overhead::measure(settings.overhead_calls)?;
        Ok(Self {
            settings,
            sim,
            overhead,
        })
    }

    /// The table's rows.
    pub fn rows(&self) -> Vec<Row> {
        rows(&self.settings, &self.sim, &self.overhead)
    }
}

/// One line of the table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// What is measured.
    pub figure: String,
    /// The measurement.
    pub measured: String,
    /// The target of issue #8.
    pub target: String,
    /// The criterion bench timing the same scenario.
    pub command: String,
}

fn row(figure: String, measured: String, target: &str, bench: &str) -> Row {
    Row {
        figure,
        measured,
        target: target.to_owned(),
        command: match bench {
            "" => "-".to_owned(),
            figures if figures.starts_with("cargo ") => format!("`{figures}`"),
            bench => format!("`cargo bench -p apigw-benches {bench}`"),
        },
    }
}

/// The rows for these measurements.
pub fn rows(settings: &Settings, sim: &SimFigures, overhead: &Overhead) -> Vec<Row> {
    let latency = ms(settings.latency);
    let full = &sim.full;
    let paced = &sim.paced;
    let binding = paced
        .quota
        .buckets
        .first()
        .map_or("no bucket", |b| b.bucket.as_str());
    vec![
        row(
            format!("Provision `examples/full.toml`, {latency} per call: wall / critical-path bound"),
            format!(
                "**{:.2}** (wall {}, bound {} = chain of {} calls x {latency}; {} calls)",
                full.ratio(),
                human(full.wall),
                human(full.bound()),
                full.chain.calls,
                full.calls
            ),
            "<= 1.3",
            "--bench provision -- provision/full_toml",
        ),
        row(
            format!(
                "Provision a {}-resource API, AWS quotas x{}, {} per call: wall / quota bound",
                settings.resources,
                paced.scale,
                ms(settings.paced_latency)
            ),
            format!(
                "**{:.2}** (wall {}, bound {} set by {binding}; {} calls)",
                paced.ratio(),
                human(paced.run.wall),
                human(paced.quota.bound),
                paced.run.calls
            ),
            "<= 1.15",
            "--bench provision -- provision/wide_quota",
        ),
        row(
            "... throttled answers received".to_owned(),
            format!("**{}**", paced.throttled),
            "0",
            "--bench provision -- provision/wide_quota",
        ),
        noop_row(&sim.full_noop, "`examples/full.toml`", None, "noop/full_toml"),
        noop_row(
            &sim.wide_noop,
            &format!("a {}-resource API", sim.wide_noop.resources),
            Some(&sim.small_noop),
            "noop/wide",
        ),
        row(
            format!("`run_all` diagnose, {latency} per call: wall / slowest single check"),
            format!(
                "**{:.2}** (run_all {} for {} checks in {} calls; slowest alone: {} {})",
                sim.diagnose.ratio(),
                human(sim.diagnose.run_all),
                sim.diagnose.checks,
                sim.diagnose.calls,
                sim.diagnose.slowest.1,
                human(sim.diagnose.slowest.0)
            ),
            "<= 1.5",
            "cargo run -p apigw-benches --release --bin figures",
        ),
        row(
            "Runtime overhead per call, no latency (pacing + timeout + retry + span)".to_owned(),
            format!(
                "**{}** worst (unpaced op {}, paced op {}; bare await {})",
                nanos(overhead.worst_ns()),
                nanos(overhead.unpaced_ns - overhead.bare_ns),
                nanos(overhead.paced_ns - overhead.bare_ns),
                nanos(overhead.bare_ns)
            ),
            "<= 5 µs",
            "--bench runtime",
        ),
        row(
            format!(
                "Plan a {}-resource API, simulator at zero latency",
                sim.plan_provisioned.resources
            ),
            format!(
                "**{}** provisioned (diff only: {} changes, {} pending, {} calls); {} on an empty account ({} pending); median of {}",
                human(sim.plan_provisioned.wall),
                sim.plan_provisioned.changes,
                sim.plan_provisioned.pending,
                sim.plan_provisioned.calls,
                human(sim.plan_empty.wall),
                sim.plan_empty.pending,
                settings.plan_runs
            ),
            "report",
            "--bench provision -- plan/wide",
        ),
    ]
}

fn noop_row(noop: &NoopFigure, what: &str, small: Option<&NoopFigure>, bench: &str) -> Row {
    let compare = small.map_or(String::new(), |s| {
        format!("; {}-resource API: {} reads", s.resources, s.reads)
    });
    row(
        format!("No-op re-provision of {what}: writes / reads"),
        format!(
            "**{} / {}** ({} GetResources{compare}; wall {})",
            noop.writes,
            noop.reads,
            noop.get_resources,
            human(noop.run.wall)
        ),
        "0 writes; reads flat in path count",
        &format!("--bench provision -- {bench}"),
    )
}

/// The table in markdown, under a line naming the command and the settings.
pub fn markdown(rows: &[Row]) -> String {
    let mut out = format!(
        "Measured in one run by `{COMMAND}`; the command column is the criterion bench that \
         times the same scenario.\n\n| Figure | Measured | Target | Command |\n|---|---|---|---|\n"
    );
    for r in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            r.figure, r.measured, r.target, r.command
        );
    }
    out
}

/// Details that do not fit the table: call counts, buckets, chains.
pub fn details(sim: &SimFigures) -> String {
    let mut out = String::new();
    let line = |out: &mut String, name: &str, f: &LatencyFigure| {
        let _ = writeln!(
            out,
            "{name}: wall {}, {} calls ({} writes), chain {} calls ({} observed), ratio wall/chain {:.3}",
            human(f.wall),
            f.calls,
            f.writes,
            f.chain.calls,
            human(f.chain.observed),
            f.ratio()
        );
    };
    line(&mut out, "provision full.toml", &sim.full);
    line(&mut out, "re-provision full.toml", &sim.full_noop.run);
    line(&mut out, "provision wide (quotas)", &sim.paced.run);
    for bucket in sim.paced.quota.buckets.iter().take(4) {
        let _ = writeln!(
            out,
            "  quota bucket {}: {} calls -> {}",
            bucket.bucket,
            bucket.calls,
            human(bucket.time)
        );
    }
    let origin = sim
        .paced
        .run
        .operations
        .first()
        .map_or(Duration::ZERO, |s| s.first_start);
    for span in &sim.paced.run.operations {
        let _ = writeln!(
            out,
            "  {:<24} {:>4} calls ({} throttled), sent {} .. answered {}",
            span.operation,
            span.calls,
            span.throttled,
            human(span.first_start.saturating_sub(origin)),
            human(span.last_end.saturating_sub(origin))
        );
    }
    line(&mut out, "provision wide (no quotas)", &sim.wide);
    line(&mut out, "re-provision wide", &sim.wide_noop.run);
    line(&mut out, "re-provision small", &sim.small_noop.run);
    out
}

fn ms(d: Duration) -> String {
    format!("{} ms", d.as_millis())
}

/// `612 ms`, `7.41 s`, `85 µs`.
pub fn human(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs >= 1.0 {
        format!("{secs:.2} s")
    } else if secs >= 1e-3 {
        format!("{:.1} ms", secs * 1e3)
    } else {
        format!("{:.1} µs", secs * 1e6)
    }
}

fn nanos(ns: f64) -> String {
    if ns.abs() >= 1000.0 {
        format!("{:.2} µs", ns / 1000.0)
    } else {
        format!("{ns:.0} ns")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scenarios at small scale on paused time: correctness only, never timing.
    #[tokio::test(start_paused = true)]
    async fn the_scenarios_run_and_their_figures_are_consistent() {
        let settings = Settings::tiny();
        let sim = SimFigures::measure(&settings).await.expect("scenarios run");

        for (name, f) in [
            ("full", &sim.full),
            ("paced", &sim.paced.run),
            ("wide", &sim.wide),
        ] {
            assert!(f.calls > 0, "{name}: the journal is empty");
            assert!(f.chain.calls > 0, "{name}: no critical path");
            let total = f.latency * u32::try_from(f.calls).expect("few calls");
            assert!(
                f.bound() > Duration::ZERO && f.bound() <= total,
                "{name}: bound {:?} outside (0, {total:?}]",
                f.bound()
            );
        }
        for noop in [&sim.full_noop, &sim.wide_noop, &sim.small_noop] {
            assert_eq!(noop.writes, 0, "a re-provision wrote: {noop:?}");
            assert!(noop.reads > 0);
        }
        assert_eq!(sim.wide_noop.resources, settings.resources);
        assert!(sim.paced.quota.bound >= settings.paced_latency);
        assert_eq!(sim.plan_provisioned.pending, 0);
        assert!(sim.plan_empty.pending >= settings.resources - 1);

        let rows = rows(
            &settings,
            &sim,
            &Overhead {
                bare_ns: 1.0,
                unpaced_ns: 2.0,
                paced_ns: 3.0,
            },
        );
        let table = markdown(&rows);
        assert_eq!(table.lines().filter(|l| l.starts_with("| ")).count(), 9);
        assert!(table.contains("run_all"));
    }

    #[test]
    fn the_runtime_overhead_is_measured() {
        let overhead = overhead::measure(Settings::tiny().overhead_calls).expect("runtime");
        assert!(overhead.unpaced_ns > 0.0 && overhead.paced_ns > 0.0);
    }
}
