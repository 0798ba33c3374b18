//! REST APIs: `GetRestApis`, `CreateRestApi`, `UpdateRestApi`, `DeleteRestApi`.
//!
//! AWS behaviour modelled:
//! - Names are not unique: two `CreateRestApi` with one name make two APIs.
//! - Ids are 10 lower-case alphanumerics; the root resource `/` (6 characters) is created with
//!   the API; tags are stored and answered inline (as `GetRestApis` items carry them).
//! - Object quotas per region: 600 regional APIs (PRIVATE counted with them) and 120
//!   edge-optimized APIs -> `LimitExceededException` (`ErrorKind::LimitExceeded`).
//! - `UpdateRestApi` applies every patch or none; a policy that is not a JSON object is a
//!   `BadRequestException`.
//!
//! Strict where AWS is undocumented: `DeleteRestApi` is refused (`ErrorKind::Invalid`) while
//! a usage plan lists one of the API's stages or a custom domain maps to the API; remove those
//! first (what `destroy` does anyway, in reverse order of creation).

use std::time::SystemTime;

use super::{
    check_tags, fresh, invalid, limit, Api, Node, Result, World, CREATE_REST_API, DELETE_REST_API,
    UPDATE_REST_API,
};
use apigw_core::restapi::{EndpointType, NewRestApi, RestApi, RestApiPatch};

/// Regional (and private) REST APIs per region.
pub(super) const REGIONAL_APIS_PER_REGION: usize = 600;
/// Edge-optimized REST APIs per region.
pub(super) const EDGE_APIS_PER_REGION: usize = 120;

fn is_edge(api: &RestApi) -> bool {
    api.endpoint_types.contains(&EndpointType::Edge)
}

pub(super) fn find(w: &World, name: &str) -> Vec<RestApi> {
    let mut found: Vec<&Api> = w
        .restapi
        .apis
        .values()
        .filter(|api| api.rest.name == name)
        .collect();
    found.sort_by_key(|api| api.seq);
    found.into_iter().map(|api| api.rest.clone()).collect()
}

pub(super) fn create(w: &mut World, new: &NewRestApi) -> Result<RestApi> {
    let op = CREATE_REST_API;
    if new.name.trim().is_empty() {
        return Err(invalid(op, "The REST API name must not be empty"));
    }
    check_tags(op, &new.tags)?;
    let edge = matches!(new.endpoint_type, EndpointType::Edge);
    let (quota, label) = if edge {
        (EDGE_APIS_PER_REGION, "edge-optimized")
    } else {
        (REGIONAL_APIS_PER_REGION, "regional")
    };
    let count = w
        .restapi
        .apis
        .values()
        .filter(|api| is_edge(&api.rest) == edge)
        .count();
    if count >= quota {
        return Err(limit(
            op,
            format!(
                "Cannot create more than {quota} {label} REST APIs in {}",
                w.region
            ),
        )
        .with_resource(new.name.clone()));
    }
    let id = fresh(w, World::id10, |w, id| w.restapi.apis.contains_key(id));
    let root_id = w.id6();
    let rest = RestApi {
        id: id.clone(),
        name: new.name.clone(),
        description: new.description.clone(),
        created_date: Some(SystemTime::now()),
        endpoint_types: vec![new.endpoint_type],
        root_resource_id: Some(root_id.clone()),
        tags: new.tags.clone(),
        policy: None,
        disable_execute_api_endpoint: false,
    };
    let seq = w.restapi.next_seq();
    let root = Node {
        seq: w.restapi.next_seq(),
        parent_id: None,
        path_part: None,
        methods: Default::default(),
    };
    let api = Api {
        seq,
        rest: rest.clone(),
        resources: [(root_id, root)].into_iter().collect(),
        gateway_responses: Default::default(),
        deployments: Default::default(),
        stages: Default::default(),
    };
    w.restapi.apis.insert(id, api);
    Ok(rest)
}

pub(super) fn update(w: &mut World, api_id: &str, patches: &[RestApiPatch]) -> Result<RestApi> {
    let op = UPDATE_REST_API;
    let api = w.restapi.api_mut(op, api_id)?;
    let mut rest = api.rest.clone();
    for patch in patches {
        match patch {
            RestApiPatch::Name(name) if name.trim().is_empty() => {
                return Err(invalid(op, "The REST API name must not be empty"));
            }
            RestApiPatch::Name(name) => rest.name = name.clone(),
            RestApiPatch::Description(text) => rest.description = Some(text.clone()),
            RestApiPatch::Policy(policy) => {
                let parsed: serde_json::Value = serde_json::from_str(policy).map_err(|e| {
                    invalid(op, format!("Invalid policy document: {e}")).with_resource(api_id)
                })?;
                if !parsed.is_object() {
                    return Err(invalid(op, "Invalid policy document: not a JSON object")
                        .with_resource(api_id));
                }
                rest.policy = Some(policy.clone());
            }
            other => {
                return Err(invalid(
                    op,
                    format!("The simulator does not support the patch {other:?}"),
                ))
            }
        }
    }
    api.rest = rest.clone();
    Ok(rest)
}

pub(super) fn delete(w: &mut World, api_id: &str) -> Result<()> {
    let op = DELETE_REST_API;
    w.restapi.api(op, api_id)?;
    let plans: Vec<&str> = w
        .restapi
        .plans
        .values()
        .filter(|p| p.plan.api_stages.iter().any(|s| s.api_id == api_id))
        .map(|p| p.plan.id.as_str())
        .collect();
    if !plans.is_empty() {
        return Err(invalid(
            op,
            format!(
                "Cannot delete REST API {api_id}: its stages are in usage plan(s) {}; remove \
                 the API stages from the plans first",
                plans.join(", ")
            ),
        )
        .with_resource(api_id));
    }
    let mappings: Vec<String> = w
        .restapi
        .domains
        .values()
        .flat_map(|d| {
            d.mappings
                .values()
                .filter(|m| m.rest_api_id == api_id)
                .map(|m| format!("{}/{}", d.domain.name, m.base_path))
        })
        .collect();
    if !mappings.is_empty() {
        return Err(invalid(
            op,
            format!(
                "Cannot delete REST API {api_id}: base path mapping(s) {} point at it; delete \
                 them first",
                mappings.join(", ")
            ),
        )
        .with_resource(api_id));
    }
    w.restapi.apis.remove(api_id);
    Ok(())
}
