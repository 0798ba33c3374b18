//! Gateway responses, deployments, stages and `TagResource`.
//!
//! AWS behaviour modelled:
//! - `GetGatewayResponse(s)` answer every type: the customized ones, and AWS's defaults
//!   (`default_response: true`, the type's status code, `application/json` →
//!   `{"message":$context.error.messageString}`) for the others. `PutGatewayResponse`
//!   replaces; a status code outside `1xx`–`5xx` is `BadRequestException`.
//! - `CreateDeployment` of an API without methods is `BadRequestException` "The REST API
//!   doesn't contain any methods"; a method without an integration is `BadRequestException`
//!   "No integration defined for method". A deployment freezes the tree (see
//!   [`crate::Sim::deployed_resources`]); with a stage name it points that stage at itself,
//!   creating the stage if needed (10 stages per API).
//! - `CreateStage`: unknown deployment `NotFoundException`, an existing name
//!   `ConflictException` "Stage already exists" (`AlreadyExists`), the eleventh stage
//!   `LimitExceededException`; names `[A-Za-z0-9_-]`, at most 128.
//! - `UpdateStage` applies every patch or none; stage-wide settings live under `*/*` with
//!   AWS's defaults (10 000 rps, burst 5 000, metrics off, logging `OFF`).
//! - `TagResource` takes the ARNs of REST APIs, stages, usage plans, API keys and custom
//!   domain names in this region; an ARN of nothing is `NotFoundException`, a malformed one
//!   `BadRequestException`.

use std::time::SystemTime;

use apigw_core::restapi::{
    Deployment, GatewayResponse, GatewayResponseType, LoggingLevel, MethodSetting, NewDeployment,
    NewStage, Resource, Stage, StagePatch, Tags, ALL_METHODS,
};
use apigw_core::Op;

use super::{
    check_tags, exists, fresh, invalid, limit, not_found, Api, Result, Snapshot, World,
    CREATE_DEPLOYMENT, CREATE_STAGE, PUT_GATEWAY_RESPONSE, TAGS_PER_RESOURCE, TAG_RESOURCE,
    UPDATE_STAGE,
};
use crate::Sim;

/// Stages per REST API.
pub(super) const STAGES_PER_API: usize = 10;
const DEFAULT_TEMPLATE: &str = r#"{"message":$context.error.messageString}"#;

/// The status code AWS answers for a type never customized (`None` for the two defaults).
fn default_status(response_type: GatewayResponseType) -> Option<&'static str> {
    use GatewayResponseType as T;
    Some(match response_type {
        T::Default4xx | T::Default5xx => return None,
        T::BadRequestBody | T::BadRequestParameters => "400",
        T::Unauthorized => "401",
        T::AccessDenied
        | T::ExpiredToken
        | T::InvalidApiKey
        | T::InvalidSignature
        | T::MissingAuthenticationToken
        | T::WafFiltered => "403",
        T::ResourceNotFound => "404",
        T::RequestTooLarge => "413",
        T::UnsupportedMediaType => "415",
        T::QuotaExceeded | T::Throttled => "429",
        T::ApiConfigurationError | T::AuthorizerConfigurationError | T::AuthorizerFailure => "500",
        T::IntegrationFailure | T::IntegrationTimeout => "504",
        _ => return None,
    })
}

/// The customized response of `response_type`, or AWS's default.
pub(super) fn gateway_response(api: &Api, response_type: GatewayResponseType) -> GatewayResponse {
    if let Some(custom) = api.gateway_responses.get(&response_type) {
        return custom.clone();
    }
    let mut response = GatewayResponse::new(response_type);
    response.status_code = default_status(response_type).map(str::to_owned);
    response
        .response_templates
        .insert("application/json".to_owned(), DEFAULT_TEMPLATE.to_owned());
    response.default_response = true;
    response
}

pub(super) fn put_gateway_response(
    w: &mut World,
    api_id: &str,
    response: &GatewayResponse,
) -> Result<GatewayResponse> {
    let op = PUT_GATEWAY_RESPONSE;
    let api = w.restapi.api_mut(op, api_id)?;
    if let Some(code) = &response.status_code {
        let valid = code.len() == 3
            && code.chars().all(|c| c.is_ascii_digit())
            && ('1'..='5').contains(&code.chars().next().unwrap_or('0'));
        if !valid {
            return Err(invalid(
                op,
                format!("Invalid status code specified: {code}"),
            ));
        }
    }
    let mut stored = response.clone();
    stored.default_response = false;
    api.gateway_responses
        .insert(stored.response_type, stored.clone());
    Ok(stored)
}

pub(super) fn snapshot<'a>(api: &'a Api, op: Op, deployment_id: &str) -> Result<&'a Snapshot> {
    api.deployments.get(deployment_id).ok_or_else(|| {
        not_found(op, "Invalid Deployment identifier specified").with_resource(deployment_id)
    })
}

pub(super) fn stage<'a>(api: &'a Api, op: Op, name: &str) -> Result<&'a Stage> {
    api.stages
        .get(name)
        .ok_or_else(|| not_found(op, "Invalid Stage identifier specified").with_resource(name))
}

fn check_stage_name(op: Op, name: &str) -> Result<()> {
    let valid = (1..=128).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if valid {
        Ok(())
    } else {
        Err(invalid(
            op,
            "Stage name only allows a-zA-Z0-9_- and at most 128 characters",
        )
        .with_resource(name))
    }
}

fn stage_limit(op: Op, api: &Api, name: &str) -> Result<()> {
    if api.stages.len() >= STAGES_PER_API {
        return Err(limit(
            op,
            format!("Cannot create more than {STAGES_PER_API} stages per REST API"),
        )
        .with_resource(name));
    }
    Ok(())
}

fn new_stage(name: &str, deployment_id: &str, now: SystemTime) -> Stage {
    Stage {
        name: name.to_owned(),
        deployment_id: Some(deployment_id.to_owned()),
        description: None,
        method_settings: Default::default(),
        variables: Default::default(),
        tags: Default::default(),
        created_date: Some(now),
        last_updated_date: Some(now),
    }
}

pub(super) fn create_deployment(
    w: &mut World,
    api_id: &str,
    new: &NewDeployment,
) -> Result<Deployment> {
    let op = CREATE_DEPLOYMENT;
    let api = w.restapi.api(op, api_id)?;
    let tree = api.tree();
    if tree.iter().all(|r| r.methods.is_empty()) {
        return Err(invalid(op, "The REST API doesn't contain any methods").with_resource(api_id));
    }
    if let Some((resource, verb)) = tree.iter().find_map(|r| {
        r.methods
            .iter()
            .find(|(_, m)| m.integration.is_none())
            .map(|(verb, _)| (r, verb))
    }) {
        return Err(invalid(op, "No integration defined for method")
            .with_resource(format!("{api_id} {verb} {}", resource.path)));
    }
    if let Some(name) = &new.stage_name {
        check_stage_name(op, name)?;
        if !api.stages.contains_key(name) {
            stage_limit(op, api, name)?;
        }
    }
    let id = fresh(w, World::id6, |w, id| {
        w.restapi
            .apis
            .get(api_id)
            .is_some_and(|api| api.deployments.contains_key(id))
    });
    let seq = w.restapi.next_seq();
    let now = SystemTime::now();
    let deployment = Deployment {
        id: id.clone(),
        description: Some(new.description.clone()).filter(|d| !d.is_empty()),
        created_date: Some(now),
    };
    let api = w.restapi.api_mut(op, api_id)?;
    api.deployments.insert(
        id.clone(),
        Snapshot {
            seq,
            deployment: deployment.clone(),
            tree,
        },
    );
    if let Some(name) = &new.stage_name {
        let stage = api
            .stages
            .entry(name.clone())
            .or_insert_with(|| new_stage(name, &id, now));
        stage.deployment_id = Some(id);
        stage.last_updated_date = Some(now);
    }
    Ok(deployment)
}

pub(super) fn create_stage(w: &mut World, api_id: &str, new: &NewStage) -> Result<Stage> {
    let op = CREATE_STAGE;
    check_stage_name(op, &new.name)?;
    check_tags(op, &new.tags)?;
    let api = w.restapi.api_mut(op, api_id)?;
    snapshot(api, op, &new.deployment_id)?;
    if api.stages.contains_key(&new.name) {
        return Err(exists(op, "Stage already exists").with_resource(new.name.clone()));
    }
    stage_limit(op, api, &new.name)?;
    for name in new.variables.keys() {
        check_variable_name(op, name)?;
    }
    let mut stage = new_stage(&new.name, &new.deployment_id, SystemTime::now());
    stage.description = new.description.clone();
    stage.variables = new.variables.clone();
    stage.tags = new.tags.clone();
    api.stages.insert(new.name.clone(), stage.clone());
    Ok(stage)
}

fn check_variable_name(op: Op, name: &str) -> Result<()> {
    if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        Ok(())
    } else {
        Err(invalid(
            op,
            format!("Stage variable name '{name}' only allows a-zA-Z0-9_"),
        ))
    }
}

fn stage_wide(stage: &mut Stage) -> &mut MethodSetting {
    stage
        .method_settings
        .entry(ALL_METHODS.to_owned())
        .or_insert(MethodSetting {
            throttling_rate_limit: 10_000.0,
            throttling_burst_limit: 5_000,
            metrics_enabled: false,
            logging_level: Some(LoggingLevel::Off),
            data_trace_enabled: false,
        })
}

pub(super) fn update_stage(
    w: &mut World,
    api_id: &str,
    name: &str,
    patches: &[StagePatch],
) -> Result<Stage> {
    let op = UPDATE_STAGE;
    let api = w.restapi.api_mut(op, api_id)?;
    let mut updated = stage(api, op, name)?.clone();
    for patch in patches {
        match patch {
            StagePatch::DeploymentId(id) => {
                snapshot(api, op, id)?;
                updated.deployment_id = Some(id.clone());
            }
            StagePatch::Throttling {
                rate_limit,
                burst_limit,
            } => {
                if !rate_limit.is_finite() || *rate_limit < 0.0 || *burst_limit < 0 {
                    return Err(invalid(
                        op,
                        "Throttling rate and burst limits must be non-negative",
                    ));
                }
                let setting = stage_wide(&mut updated);
                setting.throttling_rate_limit = *rate_limit;
                setting.throttling_burst_limit = *burst_limit;
            }
            StagePatch::MetricsEnabled(on) => stage_wide(&mut updated).metrics_enabled = *on,
            StagePatch::LoggingLevel(level) => {
                stage_wide(&mut updated).logging_level = Some(*level);
            }
            StagePatch::Description(text) => updated.description = Some(text.clone()),
            StagePatch::Variable { name, value } => {
                check_variable_name(op, name)?;
                match value {
                    Some(value) => {
                        updated.variables.insert(name.clone(), value.clone());
                    }
                    None => {
                        updated.variables.remove(name);
                    }
                }
            }
            other => {
                return Err(invalid(
                    op,
                    format!("The simulator does not support the patch {other:?}"),
                ))
            }
        }
    }
    updated.last_updated_date = Some(SystemTime::now());
    api.stages.insert(name.to_owned(), updated.clone());
    Ok(updated)
}

/// The tags of what `arn` names.
fn tags_of<'a>(w: &'a mut World, arn: &str) -> Result<&'a mut Tags> {
    let op = TAG_RESOURCE;
    let malformed = || invalid(op, format!("Invalid ARN specified in the request: {arn}"));
    let rest = arn
        .strip_prefix("arn:aws:apigateway:")
        .ok_or_else(malformed)?;
    let (region, path) = rest.split_once("::/").ok_or_else(malformed)?;
    let missing = || not_found(op, format!("Invalid resource ARN: nothing at {arn}"));
    if region != w.region {
        return Err(missing());
    }
    let state = &mut w.restapi;
    let segments: Vec<&str> = path.split('/').collect();
    let tags = match segments.as_slice() {
        ["restapis", id] => state.apis.get_mut(*id).map(|a| &mut a.rest.tags),
        ["restapis", id, "stages", stage] => state
            .apis
            .get_mut(*id)
            .and_then(|a| a.stages.get_mut(*stage))
            .map(|s| &mut s.tags),
        ["usageplans", id] => state.plans.get_mut(*id).map(|p| &mut p.plan.tags),
        ["apikeys", id] => state.keys.get_mut(*id).map(|k| &mut k.key.tags),
        ["domainnames", name] => state.domains.get_mut(*name).map(|d| &mut d.domain.tags),
        _ => return Err(malformed()),
    };
    tags.ok_or_else(missing)
}

pub(super) fn tag_resource(w: &mut World, arn: &str, tags: &Tags) -> Result<()> {
    let op = TAG_RESOURCE;
    check_tags(op, tags)?;
    let current = tags_of(w, arn)?;
    let mut merged = current.clone();
    merged.extend(tags.iter().map(|(k, v)| (k.clone(), v.clone())));
    if merged.len() > TAGS_PER_RESOURCE {
        return Err(invalid(
            op,
            format!("Too many tags: at most {TAGS_PER_RESOURCE} per resource"),
        )
        .with_resource(arn));
    }
    *current = merged;
    Ok(())
}

impl Sim {
    /// The resource tree a deployment froze (methods and integrations embedded), to check
    /// what a stage really serves; `None` when the API or the deployment does not exist. Not
    /// journaled.
    pub fn deployed_resources(&self, api_id: &str, deployment_id: &str) -> Option<Vec<Resource>> {
        self.with_world(|w| {
            w.restapi
                .apis
                .get(api_id)
                .and_then(|api| api.deployments.get(deployment_id))
                .map(|s| s.tree.clone())
        })
    }
}
