//! The checks, one module per runbook group, and [`Findings`]: how each check turns what it
//! found into a [`CheckReport`].

pub(crate) mod alarms;
pub(crate) mod certificate;
pub(crate) mod dns;
pub(crate) mod forbidden;
pub(crate) mod iam_role;
pub(crate) mod integration;
pub(crate) mod metrics;
pub(crate) mod not_found;
pub(crate) mod throttling;

use std::sync::Arc;

use apigw_core::Error;
use futures::future::BoxFuture;
use futures::FutureExt;
use serde_json::{json, Value};

use crate::context::Ctx;
use crate::model::{CheckId, CheckReport, Status};

/// Runs check `id`.
pub(crate) fn run<'a>(cx: &'a Ctx<'a>, id: CheckId) -> BoxFuture<'a, CheckReport> {
    match id {
        CheckId::ClientErrors => metrics::client_errors(cx).boxed(),
        CheckId::ServerErrors => metrics::server_errors(cx).boxed(),
        CheckId::Latency => metrics::latency(cx).boxed(),
        CheckId::Dns => dns::check(cx).boxed(),
        CheckId::Certificate => certificate::check(cx).boxed(),
        CheckId::IamRole => iam_role::check(cx).boxed(),
        CheckId::Forbidden => forbidden::check(cx).boxed(),
        CheckId::NotFound => not_found::check(cx).boxed(),
        CheckId::Integration => integration::check(cx).boxed(),
        CheckId::Throttling => throttling::check(cx).boxed(),
        CheckId::Alarms => alarms::check(cx).boxed(),
    }
}

/// The body of a check: `Err` carries an early report (`error` or `skipped`).
pub(crate) type Outcome = Result<CheckReport, CheckReport>;

/// Flattens an [`Outcome`].
pub(crate) fn settle(outcome: Outcome) -> CheckReport {
    outcome.unwrap_or_else(|early| early)
}

/// Turns a failed read into the check's `error` report, carrying `command`.
pub(crate) fn could_not_run<'c>(
    id: CheckId,
    command: &'c str,
) -> impl Fn(Arc<Error>) -> CheckReport + 'c {
    move |err| CheckReport::error(id, &err).with_command(command)
}

/// One thing a check found wrong.
#[derive(Debug, Clone)]
struct Finding {
    status: Status,
    message: String,
    remediation: Option<String>,
}

/// What a check found wrong; `report` makes the [`CheckReport`]: the worst finding decides the
/// status, the findings of that status make the summary, every remediation is listed.
#[derive(Debug)]
pub(crate) struct Findings {
    id: CheckId,
    items: Vec<Finding>,
}

impl Findings {
    pub(crate) fn new(id: CheckId) -> Self {
        Self {
            id,
            items: Vec::new(),
        }
    }

    /// A cause of failure.
    pub(crate) fn fail(&mut self, message: impl Into<String>, remediation: impl Into<String>) {
        self.push(Status::Fail, message.into(), Some(remediation.into()));
    }

    /// Something worth a look.
    pub(crate) fn warn(&mut self, message: impl Into<String>, remediation: impl Into<String>) {
        self.push(Status::Warn, message.into(), Some(remediation.into()));
    }

    fn push(&mut self, status: Status, message: String, remediation: Option<String>) {
        self.items.push(Finding {
            status,
            message,
            remediation,
        });
    }

    /// The report: `pass_summary` when nothing was found; `evidence` (an object) gains a
    /// `findings` list.
    pub(crate) fn report(
        self,
        pass_summary: impl Into<String>,
        evidence: Value,
        command: String,
    ) -> CheckReport {
        let status = if self.items.iter().any(|f| f.status == Status::Fail) {
            Status::Fail
        } else if self.items.is_empty() {
            Status::Pass
        } else {
            Status::Warn
        };
        let summary = if status == Status::Pass {
            pass_summary.into()
        } else {
            summarize(&self.items, status)
        };
        let mut remediations: Vec<&str> = Vec::new();
        for r in self.items.iter().filter_map(|f| f.remediation.as_deref()) {
            if !remediations.contains(&r) {
                remediations.push(r);
            }
        }
        let mut evidence = match evidence {
            Value::Object(map) => map,
            other => {
                let mut map = serde_json::Map::new();
                map.insert("value".to_owned(), other);
                map
            }
        };
        evidence.insert(
            "findings".to_owned(),
            Value::Array(
                self.items
                    .iter()
                    .map(|f| json!({"status": f.status, "message": f.message}))
                    .collect(),
            ),
        );
        let mut report = CheckReport::new(self.id, status, summary)
            .with_evidence(Value::Object(evidence))
            .with_command(command);
        if !remediations.is_empty() {
            report = report.with_remediation(remediations.join("\n"));
        }
        report
    }
}

/// The messages of the findings of `status` (three at most, then a count), and how many
/// lesser findings there are.
fn summarize(items: &[Finding], status: Status) -> String {
    let top: Vec<&str> = items
        .iter()
        .filter(|f| f.status == status)
        .map(|f| f.message.as_str())
        .collect();
    let mut summary = top.iter().take(3).copied().collect::<Vec<_>>().join("; ");
    if top.len() > 3 {
        summary.push_str(&format!("; and {} more", top.len() - 3));
    }
    let lesser = items.len() - top.len();
    if lesser > 0 {
        summary.push_str(&format!(
            " (+{lesser} warning{})",
            if lesser == 1 { "" } else { "s" }
        ));
    }
    summary
}

/// A method of the live tree that a check looks at, with what the target expects of it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scoped<'a> {
    pub resource: &'a apigw_core::restapi::Resource,
    pub method: &'a apigw_core::restapi::Method,
    pub expected: Option<&'a crate::ExpectedMethod>,
}

impl Scoped<'_> {
    /// `GET /orders`.
    pub(crate) fn label(&self) -> String {
        format!("{} {}", self.method.http_method, self.resource.path)
    }
}

/// The methods a check looks at: the target's expected methods that exist (an expected `GET`
/// is served by an `ANY`), or every method of the tree when the target names none. Expected
/// methods that do not exist are the `not-found` check's.
pub(crate) fn methods_in_scope<'a>(
    tree: &'a [apigw_core::restapi::Resource],
    expected: &'a [crate::ExpectedMethod],
) -> Vec<Scoped<'a>> {
    if expected.is_empty() {
        return tree
            .iter()
            .flat_map(|resource| {
                resource.methods.values().map(move |method| Scoped {
                    resource,
                    method,
                    expected: None,
                })
            })
            .collect();
    }
    let mut scoped: Vec<Scoped<'a>> = Vec::new();
    for want in expected {
        let Some(resource) = tree.iter().find(|r| r.path == want.path) else {
            continue;
        };
        let Some(method) = resource
            .methods
            .get(&want.http_method)
            .or_else(|| resource.methods.get("ANY"))
        else {
            continue;
        };
        let seen = scoped.iter().any(|s| {
            std::ptr::eq(s.resource, resource) && s.method.http_method == method.http_method
        });
        if !seen {
            scoped.push(Scoped {
                resource,
                method,
                expected: Some(want),
            });
        }
    }
    scoped
}
