//! `forbidden`: what makes API Gateway answer 403 — signed (AWS_IAM) or authorizer methods
//! callers may not expect, API keys required while no usage plan or enabled key serves the
//! stage, a resource policy that denies, a credentials role that does not exist.

use std::collections::BTreeSet;

use apigw_core::restapi::{Authorization, RestApi};
use futures::future::join_all;
use serde_json::{json, Value};

use super::{could_not_run, methods_in_scope, settle, Findings, Outcome, Scoped};
use crate::command;
use crate::context::{role_name_of, Ctx, Plans};
use crate::model::{CheckId, CheckReport};

const ID: CheckId = CheckId::Forbidden;

pub(crate) async fn check(cx: &Ctx<'_>) -> CheckReport {
    settle(run(cx).await)
}

async fn run(cx: &Ctx<'_>) -> Outcome {
    let region = cx.d.region();
    let api = cx.api().await.map_err(could_not_run(
        ID,
        &command::apigateway("get-rest-apis", &[], region),
    ))?;
    let command = [
        command::apigateway(
            "get-resources",
            &["--rest-api-id", &api.id, "--embed", "methods"],
            region,
        ),
        command::apigateway(
            "get-rest-api",
            &["--rest-api-id", &api.id, "--query", "policy"],
            region,
        ),
        command::apigateway("get-usage-plans", &[], region),
    ]
    .join("\n");
    let (tree, plans) = futures::join!(cx.tree(), cx.plans());
    let tree = tree.map_err(could_not_run(ID, &command))?;
    let plans = plans.map_err(could_not_run(ID, &command))?;
    let scope = methods_in_scope(tree, &cx.t.methods);
    let mut findings = Findings::new(ID);

    let authorization = authorizations(cx, api, &scope, &mut findings);
    let api_keys = api_key_methods(cx, api, plans, &scope, &mut findings);
    let policy = resource_policy(cx, api, &scope, &mut findings);
    let roles = credentials_roles(cx, &scope, &mut findings).await;

    let evidence = json!({
        "methods_checked": scope.len(),
        "authorization": authorization,
        "api_keys": api_keys,
        "resource_policy": policy,
        "credentials_roles": roles,
    });
    Ok(findings.report(
        format!(
            "no cause of 403 in {} methods: authorization as expected, API keys served by an enabled key of a plan on the stage, no denying resource policy",
            scope.len()
        ),
        evidence,
        command,
    ))
}

/// Methods that need more than an open door: AWS_IAM (SigV4) or an authorizer. Expected ones
/// are fine; the others warn.
fn authorizations(
    cx: &Ctx<'_>,
    api: &RestApi,
    scope: &[Scoped<'_>],
    findings: &mut Findings,
) -> Value {
    let mut signed = Vec::new();
    let mut authorizers = Vec::new();
    let mut unexpected = Vec::new();
    for s in scope {
        let auth = s.method.authorization;
        if auth == Authorization::None {
            continue;
        }
        if auth == Authorization::AwsIam {
            signed.push(s.label());
        } else {
            authorizers.push(format!("{} ({auth})", s.label()));
        }
        if s.expected.and_then(|e| e.authorization) != Some(auth) {
            unexpected.push((
                s.label(),
                auth,
                s.resource.id.clone(),
                s.method.http_method.clone(),
            ));
        }
    }
    if !unexpected.is_empty() {
        let labels: Vec<String> = unexpected
            .iter()
            .map(|(l, a, _, _)| format!("{l} ({a})"))
            .collect();
        let (_, auth, resource_id, http_method) = &unexpected[0];
        let how = if *auth == Authorization::AwsIam {
            "callers must sign requests with SigV4 and be allowed execute-api:Invoke on the method's ARN"
        } else {
            "the authorizer decides: check what it answers for the failing callers"
        };
        findings.warn(
            format!(
                "{} method(s) require authorization the target does not expect: {}",
                labels.len(),
                labels.join(", ")
            ),
            format!(
                "{how}; if the method should be open: {}",
                command::apigateway(
                    "update-method",
                    &[
                        "--rest-api-id",
                        &api.id,
                        "--resource-id",
                        resource_id,
                        "--http-method",
                        http_method,
                        "--patch-operations",
                        "op=replace,path=/authorizationType,value=NONE",
                    ],
                    cx.d.region(),
                )
            ),
        );
    }
    json!({"signed_methods": signed, "authorizer_methods": authorizers})
}

/// Methods requiring an API key need a usage plan on the stage with an enabled key.
fn api_key_methods(
    cx: &Ctx<'_>,
    api: &RestApi,
    plans: &Plans,
    scope: &[Scoped<'_>],
    findings: &mut Findings,
) -> Value {
    let region = cx.d.region();
    let stage = cx.t.stage.as_str();
    let keyed: Vec<String> = scope
        .iter()
        .filter(|s| s.method.api_key_required)
        .map(Scoped::label)
        .collect();
    let on_stage: Vec<Value> = plans
        .on_stage(&api.id, stage)
        .map(|plan| {
            let keys: Vec<Value> = plans
                .keys_of(&plan.id)
                .iter()
                .map(|k| json!({"id": k.id, "name": k.name, "enabled": plans.api_key(&k.id).map(|a| a.enabled)}))
                .collect();
            json!({"name": plan.name, "id": plan.id, "keys": keys})
        })
        .collect();
    let enabled_keys = plans
        .on_stage(&api.id, stage)
        .flat_map(|plan| plans.keys_of(&plan.id))
        .filter(|k| plans.api_key(&k.id).is_none_or(|a| a.enabled))
        .count();
    for s in scope.iter().filter(|s| s.method.api_key_required) {
        if s.expected.and_then(|e| e.api_key_required) == Some(false) {
            findings.warn(
                format!(
                    "{} requires an API key, which the target does not expect",
                    s.label()
                ),
                format!(
                    "if callers should not need a key: {}",
                    command::apigateway(
                        "update-method",
                        &[
                            "--rest-api-id",
                            &api.id,
                            "--resource-id",
                            &s.resource.id,
                            "--http-method",
                            &s.method.http_method,
                            "--patch-operations",
                            "op=replace,path=/apiKeyRequired,value=false",
                        ],
                        region,
                    )
                ),
            );
        }
    }
    if !keyed.is_empty() {
        let stage_ref = format!("{}:{stage}", api.id);
        if on_stage.is_empty() {
            findings.fail(
                format!(
                    "{} method(s) require an API key but no usage plan serves {stage}: every call gets 403 ({})",
                    keyed.len(),
                    keyed.join(", ")
                ),
                format!(
                    "attach a usage plan to the stage: aws apigateway update-usage-plan --usage-plan-id <plan-id> --patch-operations op=add,path=/apiStages,value={stage_ref} --region {region}"
                ),
            );
        } else if enabled_keys == 0 {
            findings.fail(
                format!(
                    "{} method(s) require an API key but the usage plans on {stage} hold no enabled key: every call gets 403",
                    keyed.len()
                ),
                format!("add an enabled key to a plan on the stage: aws apigateway create-usage-plan-key --usage-plan-id <plan-id> --key-id <key-id> --key-type API_KEY --region {region}"),
            );
        }
    }
    json!({"methods": keyed, "usage_plans_on_stage": on_stage, "enabled_keys": enabled_keys})
}

fn one_or_many(value: Option<&Value>) -> Vec<&str> {
    match value {
        Some(Value::String(one)) => vec![one.as_str()],
        Some(Value::Array(many)) => many.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn is_invoke(action: &str) -> bool {
    action.eq_ignore_ascii_case("execute-api:Invoke")
        || action.eq_ignore_ascii_case("execute-api:*")
        || action == "*"
}

/// The resource policy: an unconditional Deny of `execute-api:Invoke` fails; a policy with no
/// Allow for it leaves unsigned callers denied (warn); conditional Denies are listed.
fn resource_policy(
    cx: &Ctx<'_>,
    api: &RestApi,
    scope: &[Scoped<'_>],
    findings: &mut Findings,
) -> Value {
    let Some(text) = api.policy.as_deref().filter(|p| !p.trim().is_empty()) else {
        return json!({"present": false});
    };
    let update = command::apigateway(
        "update-rest-api",
        &[
            "--rest-api-id",
            &api.id,
            "--patch-operations",
            "op=replace,path=/policy,value=<policy-json>",
        ],
        cx.d.region(),
    );
    let policy: Value = match serde_json::from_str(text) {
        Ok(policy) => policy,
        Err(e) => {
            findings.warn(
                format!("the resource policy is not valid JSON ({e})"),
                format!("rewrite the resource policy: {update}"),
            );
            return json!({"present": true, "valid": false});
        }
    };
    let statements: Vec<&Value> = match policy.get("Statement") {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(single @ Value::Object(_)) => vec![single],
        _ => Vec::new(),
    };
    let invokes = |s: &&Value| one_or_many(s.get("Action")).iter().any(|a| is_invoke(a));
    let effect = |s: &&Value, want: &str| s.get("Effect").and_then(Value::as_str) == Some(want);
    let conditional = |s: &&Value| {
        s.get("Condition")
            .is_some_and(|c| c.as_object().is_none_or(|o| !o.is_empty()))
    };
    let denies: Vec<&Value> = statements
        .iter()
        .copied()
        .filter(|s| effect(s, "Deny") && invokes(s))
        .collect();
    let (conditional_denies, unconditional_denies): (Vec<&Value>, Vec<&Value>) =
        denies.into_iter().partition(conditional);
    let allows = statements.iter().any(|s| effect(s, "Allow") && invokes(s));
    for deny in &unconditional_denies {
        findings.fail(
            format!(
                "the resource policy denies execute-api:Invoke on {} with no condition: matching calls get 403",
                deny.get("Resource").map_or("every resource".to_owned(), Value::to_string)
            ),
            format!("remove the Deny statement (or give it the condition it was meant to have): {update}"),
        );
    }
    let open_methods = scope
        .iter()
        .filter(|s| s.method.authorization == Authorization::None)
        .count();
    if !allows && open_methods > 0 {
        findings.warn(
            format!("the resource policy allows no execute-api:Invoke: unsigned callers of {open_methods} open method(s) get 403"),
            format!("add an Allow of execute-api:Invoke for the callers (Principal \"*\" for a public API): {update}"),
        );
    }
    json!({
        "present": true,
        "valid": true,
        "allows_invoke": allows,
        "unconditional_denies": unconditional_denies,
        "conditional_denies": conditional_denies,
    })
}

/// Credentials roles of the integrations in scope must exist.
async fn credentials_roles(cx: &Ctx<'_>, scope: &[Scoped<'_>], findings: &mut Findings) -> Value {
    let arns: BTreeSet<&str> = scope
        .iter()
        .filter_map(|s| s.method.integration.as_ref()?.credentials.as_deref())
        .collect();
    let named: Vec<(&str, &str)> = arns
        .iter()
        .filter_map(|arn| Some((*arn, role_name_of(arn)?)))
        .collect();
    let answers = join_all(named.iter().map(|(_, name)| cx.role(name))).await;
    let mut seen = Vec::new();
    for ((arn, name), answer) in named.iter().zip(answers) {
        let exists = match answer {
            Ok(_) => Some(true),
            Err(e) if e.is_not_found() => Some(false),
            Err(_) => None,
        };
        if exists == Some(false) {
            findings.fail(
                format!("the integrations' execution role {name} ({arn}) does not exist"),
                format!("create the role {name} trusting apigateway.amazonaws.com (apigw provision does), or point the integrations at an existing role"),
            );
        }
        seen.push(json!({"arn": arn, "exists": exists}));
    }
    Value::Array(seen)
}
