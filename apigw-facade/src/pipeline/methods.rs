//! Methods and their integrations (and, for non-proxy types, the 200 method and integration
//! responses): compare with the tree read once, write only what differs, concurrently.

use apigw_core::restapi::{IntegrationResponse, Method, MethodPatch, MethodResponse, Resource};
use apigw_core::{ErrorKind, Result};

use super::desired::{comparable, DesiredMethod};
use super::run::Run;
use crate::plan::{Action, Change, FieldDiff};

/// Deletes methods the spec dropped from the paths it still has.
pub(crate) async fn delete_extra(
    run: &Run<'_>,
    api_id: &str,
    live: &[Resource],
    desired: &[DesiredMethod],
) -> Result<()> {
    for resource in live
        .iter()
        .filter(|r| desired.iter().any(|d| d.path == r.path))
    {
        let extra = resource.methods.keys().filter(|m| {
            !desired
                .iter()
                .any(|d| d.path == resource.path && &d.method.http_method == *m)
        });
        for method in extra {
            let change = Change::new(
                Action::Delete,
                "method",
                format!("{method} {}", resource.path),
            );
            run.write(
                change,
                run.b.apigw.delete_method(api_id, &resource.id, method),
            )
            .await?;
        }
    }
    Ok(())
}

/// Converges one method and its integration on a resource (whose id is `None` only in plan
/// mode, before the resource exists).
pub(crate) async fn converge_one(
    run: &Run<'_>,
    api_id: Option<&str>,
    resource_id: Option<String>,
    live: Option<&Method>,
    d: &DesiredMethod,
) -> Result<()> {
    let ids = api_id.zip(resource_id.as_deref());
    let http_method = d.method.http_method.as_str();
    match live {
        None => {
            let change = Change::new(Action::Create, "method", d.label());
            let put = async {
                let (api, resource) = need(ids, "PutMethod")?;
                match run.b.apigw.put_method(api, resource, &d.method).await {
                    Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(()),
                    other => other.map(drop),
                }
            };
            run.write(change, put).await?;
        }
        Some(live) => {
            let patches = method_patches(live, d);
            if patches.is_empty() {
                run.unchanged("method", d.label());
            } else {
                let diff = patches
                    .iter()
                    .map(|p| FieldDiff::new("method", None::<String>, Some(format!("{p:?}"))))
                    .collect();
                let change = Change::new(Action::Update, "method", d.label()).with_diff(diff);
                let update = async {
                    let (api, resource) = need(ids, "UpdateMethod")?;
                    run.b
                        .apigw
                        .update_method(api, resource, http_method, &patches)
                        .await
                };
                run.write(change, update).await?;
            }
        }
    }
    converge_integration(run, ids, live, d).await
}

async fn converge_integration(
    run: &Run<'_>,
    ids: Option<(&str, &str)>,
    live: Option<&Method>,
    d: &DesiredMethod,
) -> Result<()> {
    let http_method = d.method.http_method.as_str();
    let live_integration = live.and_then(|m| m.integration.as_ref());
    let diff: Vec<FieldDiff> = match live_integration {
        None => Vec::new(),
        Some(live) => comparable(live)
            .into_iter()
            .zip(comparable(&d.integration))
            .filter(|(l, w)| l.1 != w.1)
            .map(|(l, w)| FieldDiff::new(l.0, Some(l.1), Some(w.1)))
            .collect(),
    };
    let rewritten = !(live_integration.is_some() && diff.is_empty());
    if !rewritten {
        run.unchanged("integration", d.label());
    } else {
        let action = if live_integration.is_some() {
            Action::Update
        } else {
            Action::Create
        };
        let change = Change::new(action, "integration", d.label()).with_diff(diff);
        let put = async {
            let (api, resource) = need(ids, "PutIntegration")?;
            run.b
                .apigw
                .put_integration(api, resource, http_method, &d.integration)
                .await
        };
        run.write(change, put).await?;
    }
    if !d.needs_responses() {
        return Ok(());
    }
    if !live.is_some_and(|m| m.method_responses.iter().any(|s| s == "200")) {
        let change = Change::new(
            Action::Create,
            "method_response",
            format!("{} 200", d.label()),
        );
        let put = async {
            let (api, resource) = need(ids, "PutMethodResponse")?;
            run.b
                .apigw
                .put_method_response(api, resource, http_method, &MethodResponse::new("200"))
                .await
        };
        super::run::adopt_existing(run.write(change, put).await)?;
    }
    // Putting an integration again drops its integration responses (as AWS does).
    if rewritten || !live_integration.is_some_and(|i| i.responses.contains_key("200")) {
        let change = Change::new(
            Action::Create,
            "integration_response",
            format!("{} 200", d.label()),
        );
        let put = async {
            let (api, resource) = need(ids, "PutIntegrationResponse")?;
            run.b
                .apigw
                .put_integration_response(
                    api,
                    resource,
                    http_method,
                    &IntegrationResponse::new("200"),
                )
                .await
        };
        run.write(change, put).await?;
    }
    Ok(())
}

fn method_patches(live: &Method, d: &DesiredMethod) -> Vec<MethodPatch> {
    let mut patches = Vec::new();
    if live.authorization != d.method.authorization {
        patches.push(MethodPatch::Authorization(d.method.authorization));
    }
    if live.api_key_required != d.method.api_key_required {
        patches.push(MethodPatch::ApiKeyRequired(d.method.api_key_required));
    }
    for (name, required) in &d.method.request_parameters {
        if live.request_parameters.get(name) != Some(required) {
            patches.push(MethodPatch::AddRequestParameter {
                name: name.clone(),
                required: *required,
            });
        }
    }
    for name in live
        .request_parameters
        .keys()
        .filter(|n| !d.method.request_parameters.contains_key(*n))
    {
        patches.push(MethodPatch::RemoveRequestParameter(name.clone()));
    }
    patches
}

/// The ids a write needs; missing only if the tree step failed to create the resource.
fn need<'a>(
    ids: Option<(&'a str, &'a str)>,
    operation: &'static str,
) -> Result<(&'a str, &'a str)> {
    ids.ok_or_else(|| {
        apigw_core::Error::new(
            ErrorKind::Other,
            operation,
            "the resource has no id: its creation did not complete",
        )
    })
}
