//! `iam-role`: the execution role exists, trusts `apigateway.amazonaws.com`, and has the
//! expected managed policies attached.

use std::sync::Arc;

use apigw_core::iam::{service_trust_policy, API_GATEWAY_SERVICE};
use serde_json::json;

use super::{could_not_run, settle, Findings, Outcome};
use crate::command;
use crate::context::Ctx;
use crate::model::{CheckId, CheckReport};

const ID: CheckId = CheckId::IamRole;

pub(crate) async fn check(cx: &Ctx<'_>) -> CheckReport {
    settle(run(cx).await)
}

async fn run(cx: &Ctx<'_>) -> Outcome {
    let Some(target) = &cx.t.role else {
        return Err(CheckReport::skipped(
            ID,
            "the target has no execution role: integrations call their backends without one",
        ));
    };
    let name = target.name.as_str();
    let command = [
        command::line(&[
            "aws",
            "iam",
            "get-role",
            "--role-name",
            name,
            "--query",
            "Role.AssumeRolePolicyDocument",
        ]),
        command::line(&[
            "aws",
            "iam",
            "list-attached-role-policies",
            "--role-name",
            name,
        ]),
        command::line(&["aws", "iam", "list-role-policies", "--role-name", name]),
    ]
    .join("\n");
    let mut findings = Findings::new(ID);
    let (role, attached, inline) = futures::join!(
        cx.role(name),
        cx.d.iam.list_attached_policies(name),
        cx.d.iam.list_inline_policy_names(name)
    );
    let role = match role {
        Ok(role) => role,
        Err(e) if e.is_not_found() => {
            findings.fail(
                format!("the role {name} does not exist"),
                format!(
                    "create it with a trust policy for {API_GATEWAY_SERVICE} and attach its policies (apigw provision does): {}",
                    command::line(&[
                        "aws",
                        "iam",
                        "create-role",
                        "--role-name",
                        name,
                        "--assume-role-policy-document",
                        &service_trust_policy(API_GATEWAY_SERVICE).to_string(),
                    ])
                ),
            );
            return Ok(findings.report("", json!({"role": name, "exists": false}), command));
        }
        Err(e) => return Err(could_not_run(ID, &command)(e)),
    };
    let attached = attached.map_err(|e| could_not_run(ID, &command)(Arc::new(e)))?;
    let inline = inline.map_err(|e| could_not_run(ID, &command)(Arc::new(e)))?;
    let trusts = role.trusts_service(API_GATEWAY_SERVICE);
    if !trusts {
        findings.fail(
            format!("the trust policy of {name} does not let {API_GATEWAY_SERVICE} assume it: integrations using it fail with 500"),
            format!(
                "allow API Gateway to assume the role: {}",
                command::line(&[
                    "aws",
                    "iam",
                    "update-assume-role-policy",
                    "--role-name",
                    name,
                    "--policy-document",
                    &service_trust_policy(API_GATEWAY_SERVICE).to_string(),
                ])
            ),
        );
    }
    let missing: Vec<&String> = target
        .managed_policies
        .iter()
        .filter(|wanted| !attached.iter().any(|p| p.arn == **wanted))
        .collect();
    for policy in &missing {
        findings.fail(
            format!("the managed policy {policy} is not attached to {name}"),
            command::line(&[
                "aws",
                "iam",
                "attach-role-policy",
                "--role-name",
                name,
                "--policy-arn",
                policy,
            ]),
        );
    }
    let evidence = json!({
        "role": name,
        "arn": role.arn,
        "exists": true,
        "trusts_api_gateway": trusts,
        "trust_policy": role.trust_policy,
        "attached_policies": attached.iter().map(|p| &p.arn).collect::<Vec<_>>(),
        "inline_policies": inline,
        "expected_policies": target.managed_policies,
        "missing_policies": missing,
    });
    Ok(findings.report(
        format!(
            "{name} trusts {API_GATEWAY_SERVICE} and has {} of {} expected managed policies ({} attached, {} inline)",
            target.managed_policies.len() - missing.len(),
            target.managed_policies.len(),
            attached.len(),
            inline.len()
        ),
        evidence,
        command,
    ))
}
