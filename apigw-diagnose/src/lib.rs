//! apigw-diagnose: every runbook check as an async function over the concern traits, run
//! together, explained.
//!
//! The runbooks of the reference bundles were lists of aws CLI commands read by eye. Here each
//! section is a check (DESIGN §5) that reads the account, decides `pass` / `warn` / `fail`
//! (or `skipped` / `error` when it cannot apply or cannot run), and says why, with the evidence,
//! a concrete remediation and the aws CLI line it replaces, ids filled in.
//!
//! - [`Diagnoser`] (`diagnoser.rs`): built from the six concern traits ([`Diagnoser::new`],
//!   [`Diagnoser::uniform`] for the simulator); one pub async fn per check
//!   ([`Diagnoser::client_errors`] … [`Diagnoser::alarms`]), [`Diagnoser::run_all`] and
//!   [`Diagnoser::run_only`], which resolve the API once and run the checks concurrently,
//!   sharing the reads several checks need.
//! - [`Target`] / [`TargetBuilder`] (`target.rs`): what to diagnose (API name or id, stage,
//!   [`DomainTarget`], [`RoleTarget`], [`UsagePlanTarget`]s, [`ExpectedMethod`]s,
//!   [`AlarmsTarget`], [`Thresholds`] with DESIGN §3's defaults, the [`Window`]).
//! - [`Report`], [`CheckReport`], [`Status`], [`CheckId`] (`model.rs`): serde, with DESIGN §6's
//!   JSON field names. Reports never carry API key values or credentials.
//! - `checks/`: one module per runbook group — `metrics` (client-errors, server-errors,
//!   latency), `dns`, `certificate`, `iam_role`, `forbidden`, `not_found`, `integration`,
//!   `throttling`, `alarms`.
//!
//! | id | fails when | warns when |
//! |---|---|---|
//! | `client-errors` / `server-errors` | `100 * errors / Count` above the threshold | any error |
//! | `latency` | average `Latency` above the threshold | p99 above it |
//! | `dns` | alias missing or not at the domain's EDGE/REGIONAL target | |
//! | `certificate` | not ISSUED, wrong region, does not cover the domain, not the domain's | expires within 30 days |
//! | `iam-role` | role missing, trust without API Gateway, expected policy not attached | |
//! | `forbidden` | API keys required with no plan or enabled key on the stage, unconditional Deny in the resource policy, missing credentials role | AWS_IAM / authorizer methods the target does not expect, a resource policy without Allow |
//! | `not-found` | expected path/method, stage, deployment or base path mapping missing | undeployed changes (definition hash differs) |
//! | `integration` | integration missing, bad URI, timeout > 29 s, credentials role missing | |
//! | `throttling` | expected plan missing or not on the stage, key missing, not in the plan or disabled | no stage throttling, peak above 80 % of the limit |
//! | `alarms` | alarm missing, not notifying the topic, in ALARM | |
//!
//! A diagnosis of an API that is not there still answers every check, against the simulator:
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! use apigw_diagnose::{CheckId, Diagnoser, Status, Target};
//!
//! let sim = apigw_sim::Sim::default();
//! let diagnoser = Diagnoser::uniform(sim, "us-west-2");
//! let target = Target::builder().api_name("orders").stage("live").build().expect("valid target");
//! let report = diagnoser.run_all(&target).await;
//!
//! assert_eq!(report.checks.len(), CheckId::ALL.len());
//! // No API named `orders`: the checks that need it cannot run, and say why...
//! let latency = report.check(CheckId::Latency).expect("ran");
//! assert_eq!(latency.status, Status::Error);
//! assert!(latency.summary.contains("no REST API is named 'orders'"), "{}", latency.summary);
//! // ...and the checks whose input the target lacks are skipped.
//! assert_eq!(report.check(CheckId::Dns).map(|c| c.status), Some(Status::Skipped));
//! println!("{}", serde_json::to_string_pretty(&report).expect("serializes"));
//! # }
//! ```

mod checks;
mod command;
mod context;
mod diagnoser;
mod model;
mod target;
mod time;
pub use time::rfc3339;

pub use diagnoser::{Diagnoser, EDGE_CERTIFICATE_REGION};
pub use model::{CheckId, CheckReport, Report, Status, UnknownCheck, Window};
pub use target::{
    AlarmsTarget, DomainTarget, ExpectedMethod, RoleTarget, Target, TargetBuilder, TargetError,
    Thresholds, UsagePlanTarget,
};

#[cfg(test)]
mod tests;
