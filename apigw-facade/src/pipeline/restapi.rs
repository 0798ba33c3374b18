//! Ensure the REST API: find it by name **and** ownership tag (names are not unique in AWS),
//! adopt it, or create it with its tags in the create call.

use apigw_core::restapi::{EndpointType, NewRestApi, RestApi, RestApiPatch};
use apigw_core::{Error, ErrorKind, Result};

use super::run::Run;
use crate::owner::is_owned;
use crate::plan::{Action, Change, FieldDiff};
use crate::spec::Endpoint;

/// The API this spec owns, or `None` when there is none yet (plan mode only; apply creates it).
pub(crate) async fn ensure(run: &Run<'_>) -> Result<Option<RestApi>> {
    let spec = run.spec;
    match find_owned(run).await? {
        Some(api) => {
            check_endpoint(run, &api)?;
            let wanted = spec.description.clone().unwrap_or_default();
            if api.description.clone().unwrap_or_default() == wanted {
                run.unchanged("rest_api", &spec.name);
                return Ok(Some(api));
            }
            let change = Change::new(Action::Update, "rest_api", &spec.name).with_diff(vec![
                FieldDiff::new("description", api.description.as_ref(), Some(&wanted)),
            ]);
            let patch = [RestApiPatch::Description(wanted)];
            Ok(Some(
                run.write(change, run.b.apigw.update_rest_api(&api.id, &patch))
                    .await?
                    .unwrap_or(api),
            ))
        }
        None => {
            let new = NewRestApi {
                name: spec.name.clone(),
                description: spec.description.clone(),
                endpoint_type: endpoint_type(spec.endpoint),
                tags: run.tags(),
            };
            run.write(
                Change::new(Action::Create, "rest_api", &spec.name),
                run.b.apigw.create_rest_api(&new),
            )
            .await
        }
    }
}

/// The API of this name carrying our ownership tag; more than one is an error naming them.
pub(crate) async fn find_owned(run: &Run<'_>) -> Result<Option<RestApi>> {
    let name = &run.spec.name;
    let mut owned: Vec<RestApi> = run
        .b
        .apigw
        .find_rest_apis(name)
        .await?
        .into_iter()
        .filter(|api| is_owned(&api.tags, name))
        .collect();
    if owned.len() > 1 {
        let ids: Vec<&str> = owned.iter().map(|a| a.id.as_str()).collect();
        return Err(Error::new(
            ErrorKind::Conflict,
            "FindRestApi",
            format!("{} APIs named '{name}' carry apigw's ownership tag ({}); delete the extra ones, apigw will not guess", owned.len(), ids.join(", ")),
        ));
    }
    Ok(owned.pop())
}

pub(crate) fn endpoint_type(endpoint: Endpoint) -> EndpointType {
    match endpoint {
        Endpoint::Edge => EndpointType::Edge,
        _ => EndpointType::Regional,
    }
}

fn check_endpoint(run: &Run<'_>, api: &RestApi) -> Result<()> {
    let wanted = endpoint_type(run.spec.endpoint);
    match api.endpoint_type() {
        Some(live) if live != wanted => Err(Error::new(
            ErrorKind::Invalid,
            "EnsureRestApi",
            format!("API {} is {live:?} but the spec asks for {wanted:?}; changing the endpoint type in place is not supported: destroy and provision again", api.id),
        )),
        _ => Ok(()),
    }
}
