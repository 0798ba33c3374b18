//! `integration`: every method in scope has an integration API Gateway can call — an HTTP(S)
//! URI for HTTP types, a well-formed `arn:aws:apigateway:…` URI for AWS types, a timeout
//! within the 29 s API Gateway allows, and a credentials role that exists.
//!
//! Integrations come embedded in the shared `GetResources` answer; `GetIntegration` is asked
//! only for methods that show none there, to confirm the integration is really missing.

use std::sync::Arc;

use apigw_core::restapi::{Integration, IntegrationType, RestApi};
use futures::future::join_all;
use serde_json::{json, Value};

use super::{could_not_run, methods_in_scope, settle, Findings, Outcome, Scoped};
use crate::command;
use crate::context::{role_name_of, Ctx};
use crate::model::{CheckId, CheckReport};

const ID: CheckId = CheckId::Integration;

/// The longest integration timeout API Gateway allows by default (ms).
pub(crate) const MAX_TIMEOUT_MS: u32 = 29_000;

pub(crate) async fn check(cx: &Ctx<'_>) -> CheckReport {
    settle(run(cx).await)
}

async fn run(cx: &Ctx<'_>) -> Outcome {
    let region = cx.d.region();
    let api = cx.api().await.map_err(could_not_run(
        ID,
        &command::apigateway("get-rest-apis", &[], region),
    ))?;
    let tree_command = command::apigateway(
        "get-resources",
        &["--rest-api-id", &api.id, "--embed", "methods"],
        region,
    );
    let tree = cx.tree().await.map_err(could_not_run(ID, &tree_command))?;
    let scope = methods_in_scope(tree, &cx.t.methods);
    let get = |s: &Scoped<'_>| {
        command::apigateway(
            "get-integration",
            &[
                "--rest-api-id",
                &api.id,
                "--resource-id",
                &s.resource.id,
                "--http-method",
                &s.method.http_method,
            ],
            region,
        )
    };
    let mut command = tree_command.clone();
    if let Some(first) = scope.first() {
        command = format!("{command}\n{}", get(first));
    }
    // Confirm the integrations the tree shows as absent.
    let absent: Vec<&Scoped<'_>> = scope
        .iter()
        .filter(|s| s.method.integration.is_none())
        .collect();
    let confirmed = join_all(absent.iter().map(|s| {
        cx.d.apigw
            .get_integration(&api.id, &s.resource.id, &s.method.http_method)
    }))
    .await;
    let mut fetched: Vec<(String, Option<Integration>)> = Vec::new();
    for (s, answer) in absent.iter().zip(confirmed) {
        match answer {
            Ok(integration) => fetched.push((s.label(), Some(integration))),
            Err(e) if e.is_not_found() => fetched.push((s.label(), None)),
            Err(e) => return Err(could_not_run(ID, &get(s))(Arc::new(e))),
        }
    }
    let mut findings = Findings::new(ID);
    let mut checked = Vec::new();
    let mut roles: Vec<(String, String)> = Vec::new();
    for s in &scope {
        let label = s.label();
        let integration = match &s.method.integration {
            Some(i) => Some(i),
            None => fetched
                .iter()
                .find(|(l, _)| *l == label)
                .and_then(|(_, i)| i.as_ref()),
        };
        let Some(integration) = integration else {
            findings.fail(
                format!("{label} has no integration: callers get 500 Internal server error"),
                put_integration(api, s, region),
            );
            checked.push(json!({"method": label, "integration": Value::Null}));
            continue;
        };
        judge(api, s, integration, region, &mut findings);
        if let Some(arn) = integration.credentials.as_deref() {
            if let Some(name) = role_name_of(arn) {
                if !roles.iter().any(|(a, _)| a == arn) {
                    roles.push((arn.to_owned(), name.to_owned()));
                }
            }
        }
        checked.push(json!({
            "method": label,
            "type": integration.integration_type,
            "uri": integration.uri,
            "timeout_ms": integration.timeout_in_millis,
            "credentials": integration.credentials,
        }));
    }
    let answers = join_all(roles.iter().map(|(_, name)| cx.role(name))).await;
    let mut role_evidence = Vec::new();
    for ((arn, name), answer) in roles.iter().zip(answers) {
        let exists = match answer {
            Ok(_) => true,
            Err(e) if e.is_not_found() => false,
            Err(e) => return Err(could_not_run(ID, &command)(e)),
        };
        if !exists {
            findings.fail(
                format!("the credentials role {name} ({arn}) does not exist: integrations using it answer 500"),
                format!("create the role {name} trusting apigateway.amazonaws.com (apigw provision does), or point the integrations at an existing role"),
            );
        }
        role_evidence.push(json!({"arn": arn, "exists": exists}));
    }
    let evidence = json!({
        "methods_checked": scope.len(),
        "integrations": checked,
        "credentials_roles": role_evidence,
    });
    Ok(findings.report(
        format!(
            "all {} integrations are set, with valid URIs, timeouts within {MAX_TIMEOUT_MS} ms and existing roles",
            scope.len()
        ),
        evidence,
        command,
    ))
}

fn put_integration(api: &RestApi, s: &Scoped<'_>, region: &str) -> String {
    format!(
        "put the integration back (apigw provision does), then redeploy: {}",
        command::apigateway(
            "put-integration",
            &[
                "--rest-api-id",
                &api.id,
                "--resource-id",
                &s.resource.id,
                "--http-method",
                &s.method.http_method,
                "--type",
                "HTTP_PROXY",
                "--integration-http-method",
                &s.method.http_method,
                "--uri",
                "<backend-url>",
            ],
            region,
        )
    )
}

/// Whether an AWS integration URI is well formed:
/// `arn:aws:apigateway:{region}:{service}:{path|action}/{…}` (Lambda:
/// `arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{function-arn}/invocations`).
pub(crate) fn valid_aws_uri(uri: &str) -> bool {
    let parts: Vec<&str> = uri.splitn(6, ':').collect();
    match parts.as_slice() {
        [arn, partition, "apigateway", region, service, rest] => {
            *arn == "arn"
                && partition.starts_with("aws")
                && !region.is_empty()
                && !service.is_empty()
                && (rest.starts_with("path/") || rest.starts_with("action/"))
                && rest.len() > "path/".len()
                && (*service != "lambda" || rest.ends_with("/invocations"))
        }
        _ => false,
    }
}

fn judge(
    api: &RestApi,
    s: &Scoped<'_>,
    integration: &Integration,
    region: &str,
    findings: &mut Findings,
) {
    let label = s.label();
    let kind = integration.integration_type;
    let uri = integration.uri.as_deref().unwrap_or_default();
    let update = |path: &str, value: &str| {
        command::apigateway(
            "update-integration",
            &[
                "--rest-api-id",
                &api.id,
                "--resource-id",
                &s.resource.id,
                "--http-method",
                &s.method.http_method,
                "--patch-operations",
                &format!("op=replace,path={path},value={value}"),
            ],
            region,
        )
    };
    match kind {
        IntegrationType::Http | IntegrationType::HttpProxy => {
            let lower = uri.to_ascii_lowercase();
            let host = lower
                .strip_prefix("https://")
                .or_else(|| lower.strip_prefix("http://"))
                .map(|rest| rest.split(['/', '?']).next().unwrap_or_default());
            if host.is_none_or(str::is_empty) {
                findings.fail(
                    format!("{label}: the {kind} integration's URI '{uri}' is not an http(s) URL"),
                    update("/uri", "https://<backend>/<path>"),
                );
            }
        }
        IntegrationType::Aws | IntegrationType::AwsProxy if !valid_aws_uri(uri) => {
            findings.fail(
                format!("{label}: the {kind} integration's URI '{uri}' is not an arn:aws:apigateway:{{region}}:{{service}}:path/… or action/… URI"),
                update("/uri", &format!("arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/<function-arn>/invocations")),
            );
        }
        _ => {}
    }
    if let Some(timeout) = integration
        .timeout_in_millis
        .filter(|t| *t > MAX_TIMEOUT_MS)
    {
        findings.fail(
            format!("{label}: the integration timeout {timeout} ms is above API Gateway's {MAX_TIMEOUT_MS} ms"),
            update("/timeoutInMillis", &MAX_TIMEOUT_MS.to_string()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::valid_aws_uri;

    #[test]
    fn aws_uris_need_service_and_path_or_action() {
        assert!(valid_aws_uri("arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:f/invocations"));
        assert!(valid_aws_uri(
            "arn:aws:apigateway:us-east-1:sqs:action/SendMessage"
        ));
        assert!(!valid_aws_uri(
            "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/f"
        ));
        assert!(!valid_aws_uri(
            "arn:aws:lambda:eu-west-1:123456789012:function:f"
        ));
        assert!(!valid_aws_uri("https://example.com"));
        assert!(!valid_aws_uri(
            "arn:aws:apigateway::lambda:path/x/invocations"
        ));
    }
}
