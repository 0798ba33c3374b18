//! What a diagnosis answers: [`Status`], [`CheckId`], [`CheckReport`], [`Report`] and the
//! time [`Window`] the metric checks read. Plain serde data; the JSON field names are DESIGN §6's.

use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::time::serde_rfc3339;

/// The outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Nothing wrong found.
    Pass,
    /// Something worth a look that does not by itself break callers.
    Warn,
    /// A cause of failure is present.
    Fail,
    /// The check did not apply (its input is absent from the target, e.g. no custom domain).
    Skipped,
    /// The check could not run (access denied, a read failed, the API could not be resolved).
    Error,
}

impl Status {
    /// The lower-case spelling used in JSON and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Warn => "warn",
            Self::Fail => "fail",
            Self::Skipped => "skipped",
            Self::Error => "error",
        }
    }

    /// How bad it is, for "the worst status of a report": fail > error > warn > pass > skipped.
    pub fn severity(self) -> u8 {
        match self {
            Self::Skipped => 0,
            Self::Pass => 1,
            Self::Warn => 2,
            Self::Error => 3,
            Self::Fail => 4,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One runbook check (DESIGN §5), in the order reports list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckId {
    /// `client-errors`: 4XX rate over the window.
    ClientErrors,
    /// `server-errors`: 5XX rate over the window.
    ServerErrors,
    /// `latency`: average and p99 latency, backend vs gateway.
    Latency,
    /// `dns`: the alias record of the custom domain.
    Dns,
    /// `certificate`: the custom domain's ACM certificate.
    Certificate,
    /// `iam-role`: the execution role, its trust and policies.
    IamRole,
    /// `forbidden`: causes of 403.
    Forbidden,
    /// `not-found`: causes of 404.
    NotFound,
    /// `integration`: the methods' integrations.
    Integration,
    /// `throttling`: usage plans, keys, stage throttling and traffic against it.
    Throttling,
    /// `alarms`: the CloudWatch alarms and their topic.
    Alarms,
}

impl CheckId {
    /// Every check, in report order.
    pub const ALL: [CheckId; 11] = [
        Self::ClientErrors,
        Self::ServerErrors,
        Self::Latency,
        Self::Dns,
        Self::Certificate,
        Self::IamRole,
        Self::Forbidden,
        Self::NotFound,
        Self::Integration,
        Self::Throttling,
        Self::Alarms,
    ];

    /// The id as written in reports and on the command line (`client-errors`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ClientErrors => "client-errors",
            Self::ServerErrors => "server-errors",
            Self::Latency => "latency",
            Self::Dns => "dns",
            Self::Certificate => "certificate",
            Self::IamRole => "iam-role",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not-found",
            Self::Integration => "integration",
            Self::Throttling => "throttling",
            Self::Alarms => "alarms",
        }
    }

    /// The runbook section the check replaces.
    pub fn title(self) -> &'static str {
        match self {
            Self::ClientErrors => "4XX errors",
            Self::ServerErrors => "5XX errors",
            Self::Latency => "High latency",
            Self::Dns => "DNS resolution",
            Self::Certificate => "SSL/TLS certificate",
            Self::IamRole => "IAM execution role",
            Self::Forbidden => "403 Forbidden",
            Self::NotFound => "404 Not Found",
            Self::Integration => "Integration failures",
            Self::Throttling => "Throttling",
            Self::Alarms => "Monitoring alarms",
        }
    }
}

impl fmt::Display for CheckId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that names no check.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a check id (expected one of: client-errors, server-errors, latency, dns, certificate, iam-role, forbidden, not-found, integration, throttling, alarms)")]
pub struct UnknownCheck(pub String);

impl FromStr for CheckId {
    type Err = UnknownCheck;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace('_', "-");
        Self::ALL
            .into_iter()
            .find(|id| id.as_str() == wanted)
            .ok_or_else(|| UnknownCheck(s.to_owned()))
    }
}

/// The answer of one check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckReport {
    /// Which check.
    pub id: CheckId,
    /// The runbook section's title.
    pub title: String,
    /// The outcome.
    pub status: Status,
    /// One or a few sentences: what was found (or why the check did not run).
    pub summary: String,
    /// What was read, structured (a JSON object; its keys depend on the check). Never holds
    /// API key values or credentials.
    pub evidence: serde_json::Value,
    /// What to do, concretely (commands with the real ids), for `warn` and `fail`; `None` when
    /// there is nothing to do.
    pub remediation: Option<String>,
    /// The aws CLI command(s) from the runbook that read the same thing, ids filled in; several
    /// commands are separated by newlines.
    pub command: String,
}

impl CheckReport {
    /// A report with no evidence and no remediation.
    pub fn new(id: CheckId, status: Status, summary: impl Into<String>) -> Self {
        Self {
            id,
            title: id.title().to_owned(),
            status,
            summary: summary.into(),
            evidence: serde_json::Value::Object(Default::default()),
            remediation: None,
            command: String::new(),
        }
    }

    /// A `skipped` report: the check's input is absent from the target.
    pub fn skipped(id: CheckId, reason: impl Into<String>) -> Self {
        Self::new(id, Status::Skipped, reason)
    }

    /// An `error` report: the check could not run because of `err`.
    pub fn error(id: CheckId, err: &apigw_core::Error) -> Self {
        let mut report = Self::new(id, Status::Error, format!("could not run: {err}"));
        report.evidence = serde_json::json!({
            "error": {
                "kind": err.kind(),
                "operation": err.operation(),
                "resource": err.resource(),
                "message": err.message(),
            }
        });
        report.remediation = Some(match err.kind() {
            apigw_core::ErrorKind::AccessDenied => format!(
                "grant the diagnosing identity read access for {} (the check only reads), then run it again",
                err.operation()
            ),
            _ => "run the check again; if it keeps failing, run the command below by hand".to_owned(),
        });
        report
    }

    /// Sets the evidence.
    pub fn with_evidence(mut self, evidence: serde_json::Value) -> Self {
        self.evidence = evidence;
        self
    }

    /// Sets the remediation.
    pub fn with_remediation(mut self, remediation: impl Into<String>) -> Self {
        self.remediation = Some(remediation.into());
        self
    }

    /// Sets the aws CLI command(s).
    pub fn with_command(mut self, command: impl Into<String>) -> Self {
        self.command = command.into();
        self
    }

    /// Whether the check found a cause of failure.
    pub fn failed(&self) -> bool {
        self.status == Status::Fail
    }
}

/// The time range the metric checks read, `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    /// Start (inclusive), RFC 3339 in JSON.
    #[serde(with = "serde_rfc3339")]
    pub start: SystemTime,
    /// End (exclusive), RFC 3339 in JSON.
    #[serde(with = "serde_rfc3339")]
    pub end: SystemTime,
}

impl Window {
    /// The default length: 15 minutes (DESIGN §5).
    pub const DEFAULT_LENGTH: Duration = Duration::from_secs(15 * 60);

    /// `[start, end)`.
    pub fn new(start: SystemTime, end: SystemTime) -> Self {
        Self { start, end }
    }

    /// The `length` before now.
    pub fn last(length: Duration) -> Self {
        Self::ending_at(SystemTime::now(), length)
    }

    /// The `length` before `end`.
    pub fn ending_at(end: SystemTime, length: Duration) -> Self {
        Self {
            start: end.checked_sub(length).unwrap_or(SystemTime::UNIX_EPOCH),
            end,
        }
    }

    /// How long the window is (zero if it is empty or reversed).
    pub fn length(&self) -> Duration {
        self.end.duration_since(self.start).unwrap_or_default()
    }
}

impl Default for Window {
    /// The last 15 minutes.
    fn default() -> Self {
        Self::last(Self::DEFAULT_LENGTH)
    }
}

/// The answer of a diagnosis: DESIGN §6's `{ "api_name", "api_id", "stage", "window":
/// {"start","end"}, "checks": [...] }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The REST API's name (as resolved; the target's when it could not be resolved).
    pub api_name: Option<String>,
    /// The REST API's id, when it could be resolved.
    pub api_id: Option<String>,
    /// The stage diagnosed.
    pub stage: String,
    /// The window the metric checks read.
    pub window: Window,
    /// One report per check run, in [`CheckId::ALL`] order.
    pub checks: Vec<CheckReport>,
}

impl Report {
    /// The report of check `id`, if it ran.
    pub fn check(&self, id: CheckId) -> Option<&CheckReport> {
        self.checks.iter().find(|c| c.id == id)
    }

    /// The worst status among the checks (see [`Status::severity`]); `Skipped` when none ran.
    pub fn worst(&self) -> Status {
        self.checks
            .iter()
            .map(|c| c.status)
            .max_by_key(|s| s.severity())
            .unwrap_or(Status::Skipped)
    }

    /// Whether any check failed (the CLI exits 1 then).
    pub fn has_failures(&self) -> bool {
        self.checks.iter().any(CheckReport::failed)
    }

    /// The checks with `status`.
    pub fn with_status(&self, status: Status) -> impl Iterator<Item = &CheckReport> {
        self.checks.iter().filter(move |c| c.status == status)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_statuses_use_their_report_spelling() {
        for id in CheckId::ALL {
            assert_eq!(id.as_str().parse::<CheckId>(), Ok(id));
            assert_eq!(
                serde_json::to_value(id).ok(),
                Some(serde_json::Value::String(id.as_str().to_owned()))
            );
        }
        assert_eq!("IAM_ROLE".parse::<CheckId>(), Ok(CheckId::IamRole));
        assert!("dnss".parse::<CheckId>().is_err());
        assert_eq!(
            serde_json::to_string(&Status::Skipped).ok().as_deref(),
            Some("\"skipped\"")
        );
    }

    #[test]
    fn report_json_has_the_design_field_names() {
        let window = Window::ending_at(
            SystemTime::UNIX_EPOCH + Duration::from_secs(1_714_557_600),
            Window::DEFAULT_LENGTH,
        );
        let report = Report {
            api_name: Some("orders".into()),
            api_id: Some("a1b2c3d4e5".into()),
            stage: "live".into(),
            window,
            checks: vec![CheckReport::new(CheckId::Dns, Status::Pass, "ok")],
        };
        let json = serde_json::to_value(&report).expect("serializes");
        // Sorted: serde_json's map order depends on its `preserve_order` feature, which any
        // crate in a consumer's build may turn on.
        let mut keys: Vec<&str> = json
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        keys.sort_unstable();
        assert_eq!(keys, ["api_id", "api_name", "checks", "stage", "window"]);
        assert_eq!(json["window"]["start"], "2024-05-01T09:45:00Z");
        assert_eq!(json["window"]["end"], "2024-05-01T10:00:00Z");
        let check = &json["checks"][0];
        for key in [
            "id",
            "title",
            "status",
            "summary",
            "evidence",
            "remediation",
            "command",
        ] {
            assert!(check.get(key).is_some(), "{key} in {check}");
        }
        let back: Report = serde_json::from_value(json).expect("deserializes");
        assert_eq!(back, report);
        assert_eq!(back.worst(), Status::Pass);
        assert!(!back.has_failures());
    }
}
