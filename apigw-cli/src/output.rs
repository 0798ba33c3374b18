//! Human output on stdout (colours only on a terminal) and JSON output.

use std::io::IsTerminal;
use std::path::Path;

use apigw_facade::diagnoser::{rfc3339, Report, Status};
use apigw_facade::{Action, Plan};
use serde::Serialize;

use crate::exit;

/// Prints `value` as pretty JSON on stdout.
pub fn json(value: &impl Serialize) -> i32 {
    match serde_json::to_string_pretty(value) {
        Ok(text) => {
            println!("{text}");
            exit::OK
        }
        Err(e) => {
            eprintln!("apigw: cannot render JSON: {e}");
            exit::AWS
        }
    }
}

/// Writes `value` as pretty JSON to `path`.
pub fn write_json(path: &Path, value: &impl Serialize) -> Result<(), i32> {
    let text = serde_json::to_string_pretty(value).map_err(|_| exit::AWS)?;
    std::fs::write(path, text + "\n").map_err(|e| {
        eprintln!("apigw: cannot write {}: {e}", path.display());
        exit::INVALID
    })
}

fn paint(code: &str, text: &str) -> String {
    if std::io::stdout().is_terminal() {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_owned()
    }
}

/// The change list: one line per object that changes, field diffs under it, then a count.
pub fn plan(plan: &Plan) -> String {
    let mut out = String::new();
    for change in plan.pending() {
        let color = match change.action {
            Action::Create => "32",
            Action::Update => "33",
            Action::Delete => "31",
            Action::Unchanged => "2",
        };
        out.push_str(&paint(color, &change.to_string()));
        out.push('\n');
    }
    out.push_str(&summary_line(plan));
    out
}

/// The provision summary (on stderr, beside the artifact on stdout).
pub fn provision_summary(plan: &Plan) -> String {
    summary_line(plan)
}

fn summary_line(plan: &Plan) -> String {
    let count = |a| plan.changes.iter().filter(|c| c.action == a).count();
    format!(
        "{} to create, {} to update, {} to delete, {} unchanged\n",
        count(Action::Create),
        count(Action::Update),
        count(Action::Delete),
        count(Action::Unchanged)
    )
}

/// The diagnose table: status, check, summary; remediation and command under each failure or
/// warning.
pub fn report(report: &Report) -> String {
    let mut out = format!(
        "{} stage {} ({} .. {})\n",
        report.api_name.clone().unwrap_or_default(),
        report.stage,
        rfc3339(report.window.start),
        rfc3339(report.window.end)
    );
    for check in &report.checks {
        let (label, color) = match check.status {
            Status::Pass => ("PASS", "32"),
            Status::Warn => ("WARN", "33"),
            Status::Fail => ("FAIL", "31"),
            Status::Skipped => ("SKIP", "2"),
            _ => ("ERR ", "35"),
        };
        out.push_str(&format!(
            "{} {:<14} {}\n",
            paint(color, label),
            check.id.as_str(),
            check.summary
        ));
        if matches!(check.status, Status::Fail | Status::Warn | Status::Error) {
            if let Some(remediation) = &check.remediation {
                out.push_str(&format!("       fix: {remediation}\n"));
            }
            for line in check.command.lines() {
                out.push_str(&format!("       run: {line}\n"));
            }
        }
    }
    let count = |s| report.checks.iter().filter(|c| c.status == s).count();
    out.push_str(&format!(
        "{} pass, {} warn, {} fail, {} skipped, {} error\n",
        count(Status::Pass),
        count(Status::Warn),
        count(Status::Fail),
        count(Status::Skipped),
        count(Status::Error)
    ));
    out
}
