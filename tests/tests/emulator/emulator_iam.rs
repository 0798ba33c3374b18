//! Emulator tests for the iam concern: every `Iam` method through `SdkIam` against moto.
//!
//! Known moto gap (5.2.x): `ListRolePolicies` ignores `MaxItems` and never truncates, so the
//! inline-policy listing crosses no page boundary here; the adapter's marker handling is
//! covered by the aws-smithy-mocks tests in `apigw-core/src/iam/sdk.rs`.
//! `ListAttachedRolePolicies` does paginate and is exercised across pages.

use apigw_core::iam::{Iam, RoleSpec, SdkIam, API_GATEWAY_SERVICE};
use apigw_core::ErrorKind;

use crate::support;

const LAMBDA_ROLE: &str = "arn:aws:iam::aws:policy/service-role/AWSLambdaRole";

const POLICY_DOCUMENT: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"lambda:InvokeFunction","Resource":"*"}]}"#;

/// Customer managed policies for a role to attach (through the raw client: creating policies is
/// not part of the `Iam` trait).
async fn create_policy(ctx: &apigw_core::AwsContext, name: &str) -> String {
    let out = ctx
        .iam()
        .create_policy()
        .policy_name(name)
        .policy_document(POLICY_DOCUMENT)
        .send()
        .await
        .expect("CreatePolicy");
    out.policy()
        .and_then(|p| p.arn())
        .expect("policy arn")
        .to_owned()
}

#[tokio::test]
async fn emulator_iam_role_lifecycle() {
    let Some(ctx) = support::context().await else {
        return;
    };
    let iam = SdkIam::new(&ctx).with_page_size(2);
    let name = support::unique("apigw-role");

    // create_role: trust policy, description and tags in one call.
    let spec = RoleSpec::for_api_gateway(&name)
        .with_description("apigw execution role")
        .with_tag("apigw:owner", "emulator");
    let created = iam.create_role(&spec).await.expect("create_role");
    assert_eq!(created.name, name);
    assert!(
        created.arn.ends_with(&format!(":role/{name}")),
        "{}",
        created.arn
    );
    assert!(created.trusts_service(API_GATEWAY_SERVICE));

    // Names are unique: a second create is AlreadyExists, never a second role.
    let again = iam.create_role(&spec).await.expect_err("duplicate");
    assert_eq!(again.kind(), ErrorKind::AlreadyExists, "{again}");

    // get_role: URL-encoded trust policy decoded, tags and description back.
    let role = iam.get_role(&name).await.expect("get_role");
    assert_eq!(role.id, created.id);
    assert_eq!(role.path, "/");
    assert_eq!(role.description.as_deref(), Some("apigw execution role"));
    assert_eq!(
        role.tags.get("apigw:owner").map(String::as_str),
        Some("emulator")
    );
    assert_eq!(role.trust_policy.as_ref(), Some(&spec.trust_policy()));
    assert!(role.trusts_service(API_GATEWAY_SERVICE));
    assert!(!role.trusts_service("lambda.amazonaws.com"));

    // attach_managed_policy (an AWS managed one and two of ours), idempotent.
    let ours = [
        create_policy(&ctx, &format!("{name}-a")).await,
        create_policy(&ctx, &format!("{name}-b")).await,
    ];
    iam.attach_managed_policy(&name, LAMBDA_ROLE)
        .await
        .expect("attach AWSLambdaRole");
    for arn in &ours {
        iam.attach_managed_policy(&name, arn).await.expect("attach");
    }
    iam.attach_managed_policy(&name, LAMBDA_ROLE)
        .await
        .expect("attaching twice is fine");

    // list_attached_policies: 3 policies, page size 2 => two pages.
    let mut attached: Vec<String> = iam
        .list_attached_policies(&name)
        .await
        .expect("list_attached_policies")
        .into_iter()
        .map(|p| p.arn)
        .collect();
    attached.sort();
    let mut expected = vec![LAMBDA_ROLE.to_owned(), ours[0].clone(), ours[1].clone()];
    expected.sort();
    assert_eq!(attached, expected);

    // list_inline_policy_names
    for policy in ["inline-1", "inline-2", "inline-3"] {
        ctx.iam()
            .put_role_policy()
            .role_name(&name)
            .policy_name(policy)
            .policy_document(POLICY_DOCUMENT)
            .send()
            .await
            .expect("PutRolePolicy");
    }
    let mut inline = iam
        .list_inline_policy_names(&name)
        .await
        .expect("list_inline_policy_names");
    inline.sort();
    assert_eq!(inline, ["inline-1", "inline-2", "inline-3"]);

    // delete_role only deletes: IAM refuses while policies remain (DeleteConflict).
    let refused = iam.delete_role(&name).await.expect_err("policies attached");
    assert_eq!(refused.kind(), ErrorKind::Invalid, "{refused}");
    assert_eq!(refused.attempts(), 1, "a precondition is not retried");

    // detach_managed_policy / delete_inline_policy, then delete_role.
    for arn in &attached {
        iam.detach_managed_policy(&name, arn).await.expect("detach");
    }
    let not_attached = iam
        .detach_managed_policy(&name, LAMBDA_ROLE)
        .await
        .expect_err("already detached");
    assert_eq!(not_attached.kind(), ErrorKind::NotFound, "{not_attached}");
    for policy in &inline {
        iam.delete_inline_policy(&name, policy)
            .await
            .expect("delete_inline_policy");
    }
    assert!(iam
        .list_attached_policies(&name)
        .await
        .expect("empty")
        .is_empty());
    assert!(iam
        .list_inline_policy_names(&name)
        .await
        .expect("empty")
        .is_empty());
    iam.delete_role(&name).await.expect("delete_role");

    let gone = iam.get_role(&name).await.expect_err("deleted");
    assert_eq!(gone.kind(), ErrorKind::NotFound);
    let twice = iam.delete_role(&name).await.expect_err("deleted twice");
    assert_eq!(twice.kind(), ErrorKind::NotFound);

    for arn in &ours {
        ctx.iam()
            .delete_policy()
            .policy_arn(arn)
            .send()
            .await
            .expect("DeletePolicy");
    }
}

#[tokio::test]
async fn emulator_iam_missing_role_is_not_found_everywhere() {
    let Some(ctx) = support::context().await else {
        return;
    };
    let iam = SdkIam::new(&ctx);
    let name = support::unique("apigw-missing");
    let err = iam.get_role(&name).await.expect_err("missing");
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    assert_eq!(err.operation(), "GetRole");
    assert_eq!(err.resource(), Some(name.as_str()));
    let err = iam
        .attach_managed_policy(&name, LAMBDA_ROLE)
        .await
        .expect_err("missing role");
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    let err = iam
        .list_attached_policies(&name)
        .await
        .expect_err("missing role");
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    let err = iam
        .list_inline_policy_names(&name)
        .await
        .expect_err("missing role");
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    let err = iam
        .delete_inline_policy(&name, "nope")
        .await
        .expect_err("missing role");
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
}
