//! `run_all`: every check reports, concurrently; one check's failed read leaves the others be.

use crate::{CheckId, Status};

use super::Fixture;

#[tokio::test]
async fn access_denied_on_one_read_makes_only_its_checks_error() {
    let mut f = Fixture::healthy();
    f.denied = Some("ListAttachedRolePolicies");
    let report = f
        .diagnoser()
        .run_all(&Fixture::target().build().expect("valid"))
        .await;
    assert_eq!(report.checks.len(), CheckId::ALL.len());
    for check in &report.checks {
        let want = if check.id == CheckId::IamRole {
            Status::Error
        } else {
            Status::Pass
        };
        assert_eq!(check.status, want, "{}: {}", check.id, check.summary);
    }
    assert_eq!(report.api_id.as_deref(), Some(super::API_ID));
    let order: Vec<CheckId> = report.checks.iter().map(|c| c.id).collect();
    assert_eq!(order, CheckId::ALL);
}

#[tokio::test]
async fn a_denied_shared_read_errors_every_check_that_needs_it_and_no_other() {
    let mut f = Fixture::healthy();
    f.denied = Some("GetResources");
    let report = f
        .diagnoser()
        .run_all(&Fixture::target().build().expect("valid"))
        .await;
    let errors: Vec<CheckId> = report.with_status(Status::Error).map(|c| c.id).collect();
    assert_eq!(
        errors,
        [CheckId::Forbidden, CheckId::NotFound, CheckId::Integration]
    );
    assert_eq!(report.with_status(Status::Pass).count(), 8);
    assert_eq!(report.worst(), Status::Error);
}

#[tokio::test]
async fn run_only_runs_the_named_checks_in_report_order() {
    let f = Fixture::healthy();
    let report = f
        .diagnoser()
        .run_only(
            &Fixture::target().build().expect("valid"),
            &[CheckId::Alarms, CheckId::Dns, CheckId::Dns],
        )
        .await;
    let ids: Vec<CheckId> = report.checks.iter().map(|c| c.id).collect();
    assert_eq!(ids, [CheckId::Dns, CheckId::Alarms]);
    assert_eq!(report.api_name.as_deref(), Some("orders"));
}

#[tokio::test]
async fn an_unresolvable_api_leaves_the_checks_that_do_not_need_it() {
    let mut f = Fixture::healthy();
    f.apis.clear();
    let report = f
        .diagnoser()
        .run_all(&Fixture::target().build().expect("valid"))
        .await;
    let passing: Vec<CheckId> = report.with_status(Status::Pass).map(|c| c.id).collect();
    assert_eq!(
        passing,
        [
            CheckId::Dns,
            CheckId::Certificate,
            CheckId::IamRole,
            CheckId::Alarms
        ]
    );
    assert_eq!(report.api_id, None);
    assert_eq!(report.api_name.as_deref(), Some("orders"));
    assert_eq!(report.with_status(Status::Error).count(), 7);
    let latency = report.check(CheckId::Latency).expect("ran");
    assert!(
        latency
            .summary
            .contains("no REST API is named 'orders' in eu-west-1"),
        "{}",
        latency.summary
    );
}
