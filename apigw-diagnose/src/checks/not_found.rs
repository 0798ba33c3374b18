//! `not-found`: what makes API Gateway answer 404 (or 403 "Missing Authentication Token",
//! its answer for an unknown path) — an expected path or method missing from the API, the
//! stage missing or without a deployment, the custom domain not mapped to the stage; and, when
//! the target knows the definition hash, changes not deployed yet.
//!
//! API Gateway keeps no timestamps on resources, so "undeployed changes" cannot be told from
//! the live tree alone: the pipeline writes `apigw:{hash} …` into each deployment's
//! description, and the check compares that hash with the target's (`definition_hash`). Without
//! one it only checks that the stage serves an existing deployment.

use std::sync::Arc;

use apigw_core::restapi::{BasePathMapping, Resource, RestApi};
use serde_json::json;

use super::{could_not_run, settle, Findings, Outcome};
use crate::command;
use crate::context::Ctx;
use crate::model::{CheckId, CheckReport};

const ID: CheckId = CheckId::NotFound;

pub(crate) async fn check(cx: &Ctx<'_>) -> CheckReport {
    settle(run(cx).await)
}

/// The definition hash in a deployment description written by apigw (`apigw:{hash} …`).
fn description_hash(description: &str) -> Option<&str> {
    description
        .strip_prefix("apigw:")?
        .split_whitespace()
        .next()
}

async fn run(cx: &Ctx<'_>) -> Outcome {
    let region = cx.d.region();
    let stage_name = cx.t.stage.as_str();
    let api = cx.api().await.map_err(could_not_run(
        ID,
        &command::apigateway("get-rest-apis", &[], region),
    ))?;
    let mut commands = vec![
        command::apigateway(
            "get-resources",
            &["--rest-api-id", &api.id, "--embed", "methods"],
            region,
        ),
        command::apigateway(
            "get-stage",
            &["--rest-api-id", &api.id, "--stage-name", stage_name],
            region,
        ),
    ];
    let domain = cx.t.domain.as_ref();
    if let Some(domain) = domain {
        commands.push(command::apigateway(
            "get-base-path-mappings",
            &["--domain-name", &domain.name],
            region,
        ));
    }
    let command = commands.join("\n");
    let (tree, stage, mappings) = futures::join!(cx.tree(), cx.stage(), async {
        match domain {
            Some(d) => Some(cx.d.apigw.list_base_path_mappings(&d.name).await),
            None => None,
        }
    });
    let tree = tree.map_err(could_not_run(ID, &command))?;
    let mut findings = Findings::new(ID);
    let missing = expected_methods(cx, api, tree, &mut findings);

    let stage = match stage {
        Ok(stage) => Some(stage),
        Err(e) if e.is_not_found() => {
            findings.fail(
                format!("the stage {stage_name} does not exist: every call to it gets 403/404"),
                format!(
                    "deploy the API to the stage: {}",
                    command::apigateway(
                        "create-deployment",
                        &["--rest-api-id", &api.id, "--stage-name", stage_name],
                        region
                    )
                ),
            );
            None
        }
        Err(e) => return Err(could_not_run(ID, &command)(e)),
    };
    let deployment = match stage.and_then(|s| s.deployment_id.as_deref()) {
        Some(id) => match cx.d.apigw.get_deployment(&api.id, id).await {
            Ok(deployment) => Some(deployment),
            Err(e) if e.is_not_found() => {
                findings.fail(
                    format!("the stage {stage_name} points at the deployment {id}, which does not exist"),
                    redeploy(api, stage_name, region),
                );
                None
            }
            Err(e) => return Err(could_not_run(ID, &command)(Arc::new(e))),
        },
        None => {
            if stage.is_some() {
                findings.fail(
                    format!("the stage {stage_name} serves no deployment"),
                    redeploy(api, stage_name, region),
                );
            }
            None
        }
    };
    let served_hash = deployment
        .as_ref()
        .and_then(|d| d.description.as_deref())
        .and_then(description_hash);
    if let (Some(wanted), Some(deployment)) = (cx.t.definition_hash.as_deref(), &deployment) {
        match served_hash {
            Some(served) if served == wanted => {}
            Some(served) => findings.warn(
                format!(
                    "undeployed changes: the stage serves the definition {served} (deployment {}), the API's is {wanted}",
                    deployment.id
                ),
                redeploy(api, stage_name, region),
            ),
            None => findings.warn(
                format!(
                    "the deployment {} was not made by apigw: cannot tell whether the stage serves the current definition",
                    deployment.id
                ),
                redeploy(api, stage_name, region),
            ),
        }
    }

    let mapping = match (domain, mappings) {
        (Some(domain), Some(answer)) => Some(
            base_path(cx, api, &domain.name, answer, &mut findings)
                .map_err(|e| could_not_run(ID, &command)(Arc::new(e)))?,
        ),
        _ => None,
    };
    let evidence = json!({
        "resources": tree.len(),
        "methods": tree.iter().map(|r| r.methods.len()).sum::<usize>(),
        "expected_methods": cx.t.methods.len(),
        "missing": missing,
        "stage": stage.map(|s| json!({"name": s.name, "deployment_id": s.deployment_id})),
        "deployment": deployment.as_ref().map(|d| json!({"id": d.id, "description": d.description, "definition_hash": served_hash})),
        "expected_definition_hash": cx.t.definition_hash,
        "base_path_mapping": mapping,
    });
    Ok(findings.report(
        format!(
            "all {} expected methods exist, the stage {stage_name} serves deployment {}{}",
            cx.t.methods.len(),
            deployment.as_ref().map_or("?", |d| d.id.as_str()),
            if domain.is_some() {
                " and the custom domain maps to it"
            } else {
                ""
            }
        ),
        evidence,
        command,
    ))
}

fn redeploy(api: &RestApi, stage: &str, region: &str) -> String {
    format!(
        "redeploy the stage (apigw provision does when the definition changed): {}",
        command::apigateway(
            "create-deployment",
            &["--rest-api-id", &api.id, "--stage-name", stage],
            region
        )
    )
}

/// Expected paths and methods missing from the live tree.
fn expected_methods(
    cx: &Ctx<'_>,
    api: &RestApi,
    tree: &[Resource],
    findings: &mut Findings,
) -> Vec<String> {
    let mut missing = Vec::new();
    for want in &cx.t.methods {
        let label = want.label();
        match tree.iter().find(|r| r.path == want.path) {
            None => {
                missing.push(label.clone());
                findings.fail(
                    format!("{label}: the path {} does not exist", want.path),
                    format!(
                        "create the path and its methods (apigw provision does), then redeploy: {}",
                        command::apigateway(
                            "create-resource",
                            &[
                                "--rest-api-id",
                                &api.id,
                                "--parent-id",
                                "<parent-id>",
                                "--path-part",
                                want.path.rsplit('/').next().unwrap_or_default()
                            ],
                            cx.d.region()
                        )
                    ),
                );
            }
            Some(resource)
                if !resource.methods.contains_key(&want.http_method)
                    && !resource.methods.contains_key("ANY") =>
            {
                missing.push(label.clone());
                findings.fail(
                    format!(
                        "{label}: the path exists without the {} method (it has {})",
                        want.http_method,
                        if resource.methods.is_empty() {
                            "none".to_owned()
                        } else {
                            resource.methods.keys().cloned().collect::<Vec<_>>().join(", ")
                        }
                    ),
                    format!(
                        "create the method with its integration (apigw provision does), then redeploy: {}",
                        command::apigateway(
                            "put-method",
                            &["--rest-api-id", &api.id, "--resource-id", &resource.id, "--http-method", &want.http_method, "--authorization-type", "NONE"],
                            cx.d.region()
                        )
                    ),
                );
            }
            Some(_) => {}
        }
    }
    missing
}

/// The custom domain maps (the expected base path of) to this API's stage.
fn base_path(
    cx: &Ctx<'_>,
    api: &RestApi,
    domain: &str,
    answer: apigw_core::Result<Vec<BasePathMapping>>,
    findings: &mut Findings,
) -> apigw_core::Result<serde_json::Value> {
    let region = cx.d.region();
    let stage = cx.t.stage.as_str();
    let mappings = match answer {
        Ok(mappings) => mappings,
        Err(e) if e.is_not_found() => {
            findings.fail(
                format!("the custom domain name {domain} does not exist: calls to it cannot reach the API"),
                "create the custom domain name and map it (apigw provision does); see the dns and certificate checks",
            );
            return Ok(json!({"domain": domain, "exists": false}));
        }
        Err(e) => return Err(e),
    };
    let ours = |m: &&BasePathMapping| {
        m.rest_api_id == api.id && m.stage.as_deref().is_none_or(|s| s == stage)
    };
    let wanted = cx.t.domain.as_ref().and_then(|d| d.base_path.as_deref());
    let create = |base: &str| {
        let mut args = vec![
            "--domain-name",
            domain,
            "--rest-api-id",
            &api.id,
            "--stage",
            stage,
        ];
        if !base.is_empty() {
            args.extend_from_slice(&["--base-path", base]);
        }
        command::apigateway("create-base-path-mapping", &args, region)
    };
    match wanted {
        Some(base) => match mappings.iter().find(|m| m.base_path == base) {
            Some(m) if ours(&m) => {}
            Some(m) => findings.fail(
                format!(
                    "{domain}/{base} maps to {}:{}, not to {}:{stage}",
                    m.rest_api_id,
                    m.stage.as_deref().unwrap_or("*"),
                    api.id
                ),
                format!("remap it (after checking who uses the current mapping): aws apigateway delete-base-path-mapping --domain-name {domain} --base-path {} --region {region}, then {}", if base.is_empty() { "'(none)'" } else { base }, create(base)),
            ),
            None => findings.fail(
                format!("{domain} has no base path mapping '{base}' to {}:{stage}: calls to it get 403/404", api.id),
                create(base),
            ),
        },
        None if !mappings.iter().any(|m| ours(&m)) => findings.fail(
            format!("{domain} has no base path mapping to {}:{stage}: calls to it get 403/404", api.id),
            create(""),
        ),
        None => {}
    }
    Ok(json!({"domain": domain, "exists": true, "mappings": mappings}))
}
