//! The after-failure lookups of the four non-idempotent creates ([`crate::Caller::create`]):
//! when a create failed transiently, did it take effect anyway? Each answers the object the
//! lost attempt made, or `None` (create again). They read through any [`ApiGateway`], so a
//! decorator passing itself gets its reads paced and retried.

use super::api::ApiGateway;
use super::model::{
    ApiKey, Deployment, NewApiKey, NewDeployment, NewRestApi, NewUsagePlan, RestApi, Tags,
    UsagePlan,
};
use crate::{Error, ErrorKind, Result};

/// `CreateRestApi`, the operation named in the lookup's own error.
const CREATE_REST_API: &str = "CreateRestApi";

/// Whether `have` carries every tag of `wanted` with the same value.
fn has_tags(have: &Tags, wanted: &Tags) -> bool {
    wanted.iter().all(|(k, v)| have.get(k) == Some(v))
}

/// The API named `new.name` carrying every tag of `new.tags`; several are
/// [`ErrorKind::AlreadyExists`].
pub async fn created_rest_api<A: ApiGateway + ?Sized>(
    api: &A,
    new: &NewRestApi,
) -> Result<Option<RestApi>> {
    let name = new.name.as_str();
    let mut found: Vec<RestApi> = api
        .find_rest_apis(name)
        .await?
        .into_iter()
        .filter(|found| found.has_tags(&new.tags))
        .collect();
    match found.len() {
        0 | 1 => Ok(found.pop()),
        _ => {
            let ids: Vec<&str> = found.iter().map(|api| api.id.as_str()).collect();
            Err(Error::new(
                ErrorKind::AlreadyExists,
                CREATE_REST_API,
                format!(
                    "several REST APIs named '{name}' carry the ownership tags: {}",
                    ids.join(", ")
                ),
            )
            .with_resource(name))
        }
    }
}

/// The newest deployment of `api_id` with exactly `deployment.description`, served by the
/// stage when one is named (otherwise the lost attempt did not reach the stage: deploy again).
pub async fn created_deployment<A: ApiGateway + ?Sized>(
    api: &A,
    api_id: &str,
    deployment: &NewDeployment,
) -> Result<Option<Deployment>> {
    let newest = api
        .list_deployments(api_id)
        .await?
        .into_iter()
        .filter(|d| d.description.as_deref() == Some(deployment.description.as_str()))
        .max_by_key(|d| d.created_date);
    let Some(newest) = newest else {
        return Ok(None);
    };
    let Some(stage_name) = &deployment.stage_name else {
        return Ok(Some(newest));
    };
    match api.get_stage(api_id, stage_name).await {
        Ok(stage) if stage.deployment_id.as_deref() == Some(newest.id.as_str()) => Ok(Some(newest)),
        Ok(_) => Ok(None),
        Err(err) if err.is_not_found() => Ok(None),
        Err(err) => Err(err),
    }
}

/// The usage plan named `plan.name` carrying every tag of `plan.tags`.
pub async fn created_usage_plan<A: ApiGateway + ?Sized>(
    api: &A,
    plan: &NewUsagePlan,
) -> Result<Option<UsagePlan>> {
    Ok(api
        .list_usage_plans()
        .await?
        .into_iter()
        .find(|found| found.name == plan.name && has_tags(&found.tags, &plan.tags)))
}

/// The API key named `key.name` carrying every tag of `key.tags` (without its value).
pub async fn created_api_key<A: ApiGateway + ?Sized>(
    api: &A,
    key: &NewApiKey,
) -> Result<Option<ApiKey>> {
    Ok(api
        .find_api_keys(&key.name, false)
        .await?
        .into_iter()
        .find(|found| has_tags(&found.tags, &key.tags)))
}
