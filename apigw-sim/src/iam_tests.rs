//! Tests of the simulated IAM.

use apigw_core::iam::{Iam, RoleSpec, API_GATEWAY_SERVICE};
use apigw_core::ErrorKind;
use serde_json::json;

use crate::Sim;

const LAMBDA_ROLE: &str = "arn:aws:iam::aws:policy/service-role/AWSLambdaRole";

#[tokio::test]
async fn roles_have_aws_shaped_ids_and_names_are_case_insensitive() {
    let sim = Sim::default();
    let spec = RoleSpec::for_api_gateway("Orders-Apigw")
        .with_path("/service-role/")
        .with_tag("apigw:name", "orders");
    let role = sim.create_role(&spec).await.expect("created");
    assert_eq!(
        role.arn,
        "arn:aws:iam::123456789012:role/service-role/Orders-Apigw"
    );
    assert!(
        role.id.starts_with("AROA") && role.id.len() == 21,
        "{}",
        role.id
    );
    assert!(role.trusts_service(API_GATEWAY_SERVICE));
    assert_eq!(role.tags["apigw:name"], "orders");

    let again = sim
        .create_role(&RoleSpec::for_api_gateway("orders-apigw"))
        .await
        .expect_err("duplicate");
    assert_eq!(again.kind(), ErrorKind::AlreadyExists);

    let fetched = sim.get_role("ORDERS-APIGW").await.expect("found");
    assert_eq!(fetched, role);
    assert_eq!(
        sim.get_role("missing").await.expect_err("missing").kind(),
        ErrorKind::NotFound
    );
    let bad = sim
        .create_role(&RoleSpec::for_api_gateway("has space"))
        .await
        .expect_err("bad name");
    assert_eq!(bad.kind(), ErrorKind::Invalid);

    sim.with_world(|w| {
        assert!(super::role_exists(w, &role.arn));
        assert!(!super::role_exists(
            w,
            "arn:aws:iam::123456789012:role/other"
        ));
    });
}

#[tokio::test]
async fn managed_policies_attach_idempotently_up_to_the_quota() {
    let sim = Sim::default();
    sim.create_role(&RoleSpec::for_api_gateway("r"))
        .await
        .expect("created");
    sim.attach_managed_policy("r", LAMBDA_ROLE)
        .await
        .expect("attached");
    sim.attach_managed_policy("r", LAMBDA_ROLE)
        .await
        .expect("attaching twice succeeds");
    let attached = sim.list_attached_policies("r").await.expect("listed");
    assert_eq!(attached.len(), 1);
    assert_eq!(attached[0].name, "AWSLambdaRole");
    assert_eq!(attached[0].arn, LAMBDA_ROLE);

    let customer = sim
        .attach_managed_policy("r", "arn:aws:iam::123456789012:policy/mine")
        .await
        .expect_err("no customer policies");
    assert_eq!(customer.kind(), ErrorKind::NotFound);
    let malformed = sim
        .attach_managed_policy("r", "AWSLambdaRole")
        .await
        .expect_err("not an ARN");
    assert_eq!(malformed.kind(), ErrorKind::Invalid);
    let no_role = sim
        .attach_managed_policy("nobody", LAMBDA_ROLE)
        .await
        .expect_err("no role");
    assert_eq!(no_role.kind(), ErrorKind::NotFound);

    for i in 1..super::MANAGED_POLICIES_PER_ROLE {
        sim.attach_managed_policy("r", &format!("arn:aws:iam::aws:policy/P{i}"))
            .await
            .expect("within quota");
    }
    let over = sim
        .attach_managed_policy("r", "arn:aws:iam::aws:policy/OneTooMany")
        .await
        .expect_err("quota");
    assert_eq!(over.kind(), ErrorKind::LimitExceeded);

    let not_attached = sim
        .detach_managed_policy("r", "arn:aws:iam::aws:policy/OneTooMany")
        .await
        .expect_err("not attached");
    assert_eq!(not_attached.kind(), ErrorKind::NotFound);
}

#[tokio::test]
async fn delete_role_is_refused_while_policies_remain() {
    let sim = Sim::default();
    sim.create_role(&RoleSpec::for_api_gateway("r"))
        .await
        .expect("created");
    sim.attach_managed_policy("r", LAMBDA_ROLE)
        .await
        .expect("attached");
    assert!(sim.put_role_policy("r", "inline", json!({"Version": "2012-10-17"})));

    let refused = sim.delete_role("r").await.expect_err("policies attached");
    assert_eq!(refused.kind(), ErrorKind::Invalid);
    assert!(refused.message().contains("detach"), "{refused}");
    assert!(refused.message().contains(LAMBDA_ROLE), "{refused}");
    sim.get_role("r").await.expect("still there");

    sim.detach_managed_policy("r", LAMBDA_ROLE)
        .await
        .expect("detached");
    let still = sim.delete_role("r").await.expect_err("inline policy left");
    assert!(still.message().contains("inline policy inline"), "{still}");
    assert_eq!(
        sim.list_inline_policy_names("r").await.expect("listed"),
        ["inline"]
    );
    sim.delete_inline_policy("r", "inline")
        .await
        .expect("deleted");
    assert_eq!(
        sim.delete_inline_policy("r", "inline")
            .await
            .expect_err("gone")
            .kind(),
        ErrorKind::NotFound
    );
    sim.delete_role("r").await.expect("deleted");
    assert_eq!(
        sim.delete_role("r").await.expect_err("gone").kind(),
        ErrorKind::NotFound
    );
    assert!(!sim.put_role_policy("r", "inline", json!({})));
}

#[tokio::test]
async fn every_trait_call_is_one_journal_entry_and_helpers_none() {
    let sim = Sim::default();
    let arn = sim.create_role_with_trust(
        "lambda-only",
        json!({"Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}),
    );
    assert_eq!(arn, "arn:aws:iam::123456789012:role/lambda-only");
    assert!(sim.journal().calls().is_empty());
    let role = sim.get_role("lambda-only").await.expect("found");
    assert!(!role.trusts_service(API_GATEWAY_SERVICE));
    sim.list_attached_policies("lambda-only")
        .await
        .expect("listed");
    let journal = sim.journal();
    let ops: Vec<&str> = journal.calls().iter().map(|c| c.operation).collect();
    assert_eq!(ops, ["GetRole", "ListAttachedRolePolicies"]);
}
