//! IAM behaviours apigw relies on for the execution role: unique role names, the trust policy
//! read back decoded, idempotent attachments, and deletion only once detached.

use apigw_core::iam::{RoleSpec, API_GATEWAY_SERVICE};
use apigw_core::ErrorKind;
use apigw_facade::Backends;

use crate::env::Env;

const LAMBDA_ROLE: &str = "arn:aws:iam::aws:policy/service-role/AWSLambdaRole";
const PUSH_TO_LOGS: &str =
    "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs";

/// Create a role trusting API Gateway, read its trust back, attach (twice: idempotent), list,
/// detach (a second detach is NotFound), delete (then NotFound).
pub async fn case_role_trusting_api_gateway_lifecycle(b: &Backends, env: &Env) {
    let name = env.name("apigw-role");
    let spec = RoleSpec::for_api_gateway(&name)
        .with_description("conformance")
        .with_tag("apigw:owner", &env.prefix);
    let created = b.iam.create_role(&spec).await.expect("CreateRole");
    assert_eq!(created.name, name);
    assert!(
        created.arn.ends_with(&format!(":role/{name}")),
        "{}",
        created.arn
    );
    assert!(created.trusts_service(API_GATEWAY_SERVICE));

    let role = b.iam.get_role(&name).await.expect("GetRole");
    assert_eq!(role.arn, created.arn);
    assert_eq!(role.description.as_deref(), Some("conformance"));
    assert!(
        role.trusts_service(API_GATEWAY_SERVICE),
        "{:?}",
        role.trust_policy
    );
    assert!(!role.trusts_service("lambda.amazonaws.com"));
    assert_eq!(role.tags.get("apigw:owner"), Some(&env.prefix));

    for arn in [LAMBDA_ROLE, PUSH_TO_LOGS, LAMBDA_ROLE] {
        b.iam
            .attach_managed_policy(&name, arn)
            .await
            .expect("AttachRolePolicy (idempotent)");
    }
    let mut attached: Vec<String> = b
        .iam
        .list_attached_policies(&name)
        .await
        .expect("ListAttachedRolePolicies")
        .into_iter()
        .map(|p| p.arn)
        .collect();
    attached.sort_unstable();
    let mut want = [LAMBDA_ROLE, PUSH_TO_LOGS];
    want.sort_unstable();
    assert_eq!(attached, want, "attached once each");
    assert!(b
        .iam
        .list_inline_policy_names(&name)
        .await
        .expect("ListRolePolicies")
        .is_empty());

    for arn in [LAMBDA_ROLE, PUSH_TO_LOGS] {
        b.iam
            .detach_managed_policy(&name, arn)
            .await
            .expect("DetachRolePolicy");
    }
    assert!(b
        .iam
        .list_attached_policies(&name)
        .await
        .expect("ListAttachedRolePolicies")
        .is_empty());
    let err = b
        .iam
        .detach_managed_policy(&name, LAMBDA_ROLE)
        .await
        .unwrap_err();
    assert_eq!(
        err.kind(),
        ErrorKind::NotFound,
        "detach of a detached policy: {err}"
    );

    b.iam.delete_role(&name).await.expect("DeleteRole");
    let err = b.iam.get_role(&name).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
}

/// Role names are unique: a second `create_role` is AlreadyExists and leaves the first alone.
pub async fn case_create_role_twice_is_already_exists(b: &Backends, env: &Env) {
    let name = env.name("twice");
    b.iam
        .create_role(&RoleSpec::for_api_gateway(&name).with_description("first"))
        .await
        .expect("CreateRole");
    let err = b
        .iam
        .create_role(&RoleSpec::for_api_gateway(&name).with_description("second"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists, "{err}");
    let role = b.iam.get_role(&name).await.expect("GetRole");
    assert_eq!(role.description.as_deref(), Some("first"));
    b.iam.delete_role(&name).await.expect("DeleteRole");
}

/// IAM refuses to delete a role with a policy still attached (`DeleteConflict`: Invalid, never
/// retried); the role stays.
pub async fn case_delete_role_with_attached_policy_is_refused(b: &Backends, env: &Env) {
    let name = env.name("attached");
    b.iam
        .create_role(&RoleSpec::for_api_gateway(&name))
        .await
        .expect("CreateRole");
    b.iam
        .attach_managed_policy(&name, LAMBDA_ROLE)
        .await
        .expect("AttachRolePolicy");
    let err = b.iam.delete_role(&name).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid, "{err}");
    b.iam
        .get_role(&name)
        .await
        .expect("the role is still there");
    b.iam
        .detach_managed_policy(&name, LAMBDA_ROLE)
        .await
        .expect("DetachRolePolicy");
    b.iam.delete_role(&name).await.expect("DeleteRole");
}

/// Reads and writes on a role that does not exist are NotFound.
pub async fn case_missing_role_is_not_found(b: &Backends, env: &Env) {
    let name = env.name("absent");
    let err = b.iam.get_role(&name).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "GetRole: {err}");
    let err = b.iam.list_attached_policies(&name).await.unwrap_err();
    assert_eq!(
        err.kind(),
        ErrorKind::NotFound,
        "ListAttachedRolePolicies: {err}"
    );
    let err = b
        .iam
        .attach_managed_policy(&name, LAMBDA_ROLE)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "AttachRolePolicy: {err}");
    let err = b.iam.delete_role(&name).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "DeleteRole: {err}");
}
