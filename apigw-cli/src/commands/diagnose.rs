//! `apigw diagnose`: the runbook checks, as a table (failures explained) or the Report JSON.

use std::time::{Duration, SystemTime};

use apigw_facade::diagnoser::{CheckId, Report, Target};
use apigw_facade::spec::GatewaySpec;
use apigw_facade::Backends;
use apigw_sim::Sim;

use crate::cli::{DiagnoseArgs, Global};
use crate::{exit, output};

pub async fn run(global: &Global, args: DiagnoseArgs) -> i32 {
    let Some(window) = parse_window(&args.since) else {
        eprintln!(
            "apigw: --since '{}' is not a duration like 15m, 2h or 1d",
            args.since
        );
        return exit::INVALID;
    };
    let only = match args
        .only
        .iter()
        .map(|id| id.parse::<CheckId>())
        .collect::<Result<Vec<_>, _>>()
    {
        Ok(only) => only,
        Err(e) => {
            eprintln!("apigw: --only: {e}");
            return exit::INVALID;
        }
    };
    if args.paths.len() != args.methods.len() {
        eprintln!(
            "apigw: give one --method for each --path ({} paths, {} methods)",
            args.paths.len(),
            args.methods.len()
        );
        return exit::INVALID;
    }
    let spec = match &args.config {
        Some(path) => match super::load_spec(path) {
            Ok(spec) => Some(spec),
            Err(code) => return code,
        },
        None => None,
    };
    let backends =
        match super::aws_backends(global, spec.as_ref().and_then(|s| s.region.as_deref())).await {
            Ok(b) => b,
            Err(code) => return code,
        };
    let target = match &spec {
        Some(spec) => apigw_facade::diagnose::target_for(spec, &backends, window).await,
        None => target_from_flags(&args, window),
    };
    let target = match target {
        Ok(t) => t,
        Err(e) => return exit::report(&e),
    };
    let report = if only.is_empty() {
        backends.diagnoser().run_all(&target).await
    } else {
        backends.diagnoser().run_only(&target, &only).await
    };
    print_report(&report, args.json)
}

/// Prints the report and returns 1 when a check failed.
pub fn print_report(report: &Report, json: bool) -> i32 {
    if json {
        output::json(report);
    } else {
        print!("{}", output::report(report));
    }
    if report.has_failures() {
        exit::CHECK_FAILED
    } else {
        exit::OK
    }
}

fn target_from_flags(args: &DiagnoseArgs, window: Duration) -> apigw_facade::core::Result<Target> {
    use apigw_facade::diagnoser::{DomainTarget, RoleTarget, UsagePlanTarget};
    let mut builder = Target::builder().since(window);
    if let Some(name) = &args.api_name {
        builder = builder.api_name(name.clone());
    }
    if let Some(stage) = &args.stage {
        builder = builder.stage(stage.clone());
    }
    if let Some(domain) = &args.domain {
        builder = builder.domain(DomainTarget::new(domain.clone()));
    }
    if let Some(role) = &args.role {
        builder = builder.role(RoleTarget::new(role.clone()));
    }
    if let Some(plan) = &args.usage_plan {
        builder = builder.usage_plan(UsagePlanTarget::new(plan.clone()));
    }
    for (path, method) in args.paths.iter().zip(&args.methods) {
        builder = builder.method(path.clone(), method.to_ascii_uppercase());
    }
    builder.build().map_err(|e| {
        apigw_facade::core::Error::new(
            apigw_facade::core::ErrorKind::Invalid,
            "DiagnoseTarget",
            e.to_string(),
        )
    })
}

/// `30s`, `15m`, `2h`, `1d`.
fn parse_window(text: &str) -> Option<Duration> {
    let (number, unit) = text.split_at(text.find(|c: char| !c.is_ascii_digit())?);
    let n: u64 = number.parse().ok().filter(|n| *n > 0)?;
    let seconds = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return None,
    };
    Some(Duration::from_secs(n.checked_mul(seconds)?))
}

/// The demo's second act: a 5XX spike on the live stage, then every check.
pub async fn demo(_global: &Global, sim: &Sim, spec: &GatewaySpec, backends: Backends) -> i32 {
    let now = SystemTime::now();
    for minute in 1..=5u64 {
        let at = now - Duration::from_secs(60 * minute);
        sim.inject_metric(&spec.name, Some(&spec.stage), "Count", at, 1200.0);
        sim.inject_metric(&spec.name, Some(&spec.stage), "5XXError", at, 96.0);
        sim.inject_metric(&spec.name, Some(&spec.stage), "Latency", at, 180.0);
        sim.inject_metric(
            &spec.name,
            Some(&spec.stage),
            "IntegrationLatency",
            at,
            150.0,
        );
    }
    eprintln!(
        "== injected a 5XX spike (8% of 6000 requests over 5 minutes); running every runbook check"
    );
    let target =
        match apigw_facade::diagnose::target_for(spec, &backends, Duration::from_secs(15 * 60))
            .await
        {
            Ok(target) => target,
            Err(e) => return exit::report(&e),
        };
    let report = backends.diagnoser().run_all(&target).await;
    print_report(&report, false);
    if report.has_failures() {
        eprintln!("== diagnose exits 1 when a check fails; the demo itself succeeded");
    }
    exit::OK
}

#[cfg(test)]
mod tests {
    use super::parse_window;
    use std::time::Duration;

    #[test]
    fn windows_parse_with_units_and_reject_the_rest() {
        assert_eq!(parse_window("15m"), Some(Duration::from_secs(900)));
        assert_eq!(parse_window("2h"), Some(Duration::from_secs(7200)));
        assert_eq!(parse_window("1d"), Some(Duration::from_secs(86_400)));
        assert_eq!(parse_window("0m"), None);
        assert_eq!(parse_window("15"), None);
        assert_eq!(parse_window("m"), None);
        assert_eq!(parse_window("5w"), None);
    }
}
