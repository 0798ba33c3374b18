//! Resources, methods, integrations, method and integration responses.
//!
//! AWS behaviour modelled:
//! - `CreateResource`: unknown API or parent is `NotFoundException`; a path part outside
//!   `[A-Za-z0-9._~-]`, `{name}` or `{name+}` is `BadRequestException`; a sibling with the same
//!   path part is `ConflictException` "Another resource with the same parent already has this
//!   name" (`AlreadyExists`); a second variable sibling is `BadRequestException` "A sibling
//!   ({id}) of this resource already has a variable path part -- only one is allowed"; a greedy
//!   `{proxy+}` resource takes no children; 300 resources per API, root included, is
//!   `LimitExceededException`.
//! - `DeleteResource` removes the whole subtree with its methods; the root cannot be deleted.
//! - `PutMethod` on an existing method is `ConflictException` "Method already exists for this
//!   resource" (`AlreadyExists`): change methods with `UpdateMethod`. HTTP methods are the
//!   upper-case `GET POST PUT PATCH DELETE HEAD OPTIONS ANY`; `CUSTOM` and
//!   `COGNITO_USER_POOLS` need an authorizer, which the model cannot name, so they are
//!   `BadRequestException`.
//! - `PutIntegration` replaces the integration (and drops its integration responses, as AWS
//!   does); it validates per type: HTTP / HTTP_PROXY need an `http(s)://` URI, AWS /
//!   AWS_PROXY an `arn:aws:apigateway:{region}:{service}:{path|action}/…` URI, AWS_PROXY calls
//!   Lambda with `POST` only, MOCK takes no URI, every backend type needs an integration HTTP
//!   method, the timeout is 50–29 000 ms. Answers carry AWS's defaults (timeout 29 000 ms,
//!   passthrough `WHEN_NO_MATCH`). Credentials must be a role ARN (or
//!   `arn:aws:iam::*:user/*`, the caller's identity); a role IAM does not know is the
//!   "invalid role" answer the SDK adapter classifies as `EventuallyConsistent` (a new role
//!   takes a while to be visible to API Gateway).
//! - `DeleteIntegration` really deletes (moto's is a no-op).
//! - `PutMethodResponse` of a status already declared is `ConflictException` "Response
//!   already exists for this resource" (strict: the simulator follows what AWS answers for
//!   methods); `PutIntegrationResponse` needs the integration and the method response of that
//!   status, and replaces.

use apigw_core::restapi::{
    Authorization, Integration, IntegrationResponse, IntegrationType, Method, MethodPatch,
    MethodResponse, MethodSpec, PassthroughBehavior, Resource,
};
use apigw_core::{Error, ErrorKind, Op};

use super::{
    exists, fresh, invalid, limit, not_found, MethodState, Node, Result, World, CREATE_RESOURCE,
    DELETE_RESOURCE, PUT_INTEGRATION, PUT_INTEGRATION_RESPONSE, PUT_METHOD, PUT_METHOD_RESPONSE,
    UPDATE_METHOD,
};

/// Resources per REST API, the root included.
pub(super) const RESOURCES_PER_API: usize = 300;
/// The default and largest integration timeout.
const MAX_TIMEOUT_MS: u32 = 29_000;
const MIN_TIMEOUT_MS: u32 = 50;
const HTTP_METHODS: &[&str] = &[
    "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY",
];

/// A path part as API Gateway reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PathPart {
    Literal,
    Variable,
    Greedy,
}

fn parse_path_part(part: &str) -> Option<PathPart> {
    if let Some(inner) = part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
        let (name, greedy) = match inner.strip_suffix('+') {
            Some(name) => (name, true),
            None => (inner, false),
        };
        let valid = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        return valid.then_some(if greedy {
            PathPart::Greedy
        } else {
            PathPart::Variable
        });
    }
    let valid = !part.is_empty()
        && part
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._~-".contains(c));
    valid.then_some(PathPart::Literal)
}

fn is_variable(part: Option<&str>) -> bool {
    matches!(
        part.and_then(parse_path_part),
        Some(PathPart::Variable | PathPart::Greedy)
    )
}

pub(super) fn create_resource(
    w: &mut World,
    api_id: &str,
    parent_id: &str,
    path_part: &str,
) -> Result<Resource> {
    let op = CREATE_RESOURCE;
    let target = format!("{api_id} {parent_id}/{path_part}");
    let api = w.restapi.api(op, api_id)?;
    let parent = api.node(op, parent_id)?;
    let Some(kind) = parse_path_part(path_part) else {
        return Err(invalid(
            op,
            "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning \
             and the end and an optional plus sign before the closing brace.",
        )
        .with_resource(target));
    };
    if parent
        .path_part
        .as_deref()
        .and_then(parse_path_part)
        .is_some_and(|p| p == PathPart::Greedy)
    {
        return Err(invalid(
            op,
            format!(
                "Cannot create a child of a resource with a greedy path variable: {}",
                api.path_of(parent_id)
            ),
        )
        .with_resource(target));
    }
    let siblings = || {
        api.resources
            .values()
            .filter(|n| n.parent_id.as_deref() == Some(parent_id))
    };
    if siblings().any(|n| n.path_part.as_deref() == Some(path_part)) {
        return Err(exists(
            op,
            "Another resource with the same parent already has this name",
        )
        .with_resource(target));
    }
    if kind != PathPart::Literal {
        if let Some(other) = siblings().find(|n| is_variable(n.path_part.as_deref())) {
            return Err(invalid(
                op,
                format!(
                    "A sibling ({}) of this resource already has a variable path part -- only \
                     one is allowed",
                    other.path_part.as_deref().unwrap_or_default()
                ),
            )
            .with_resource(target));
        }
    }
    if api.resources.len() >= RESOURCES_PER_API {
        return Err(limit(
            op,
            format!("Cannot create more than {RESOURCES_PER_API} resources per REST API"),
        )
        .with_resource(target));
    }
    let id = fresh(w, World::id6, |w, id| {
        w.restapi
            .apis
            .get(api_id)
            .is_some_and(|api| api.resources.contains_key(id))
    });
    let seq = w.restapi.next_seq();
    let api = w.restapi.api_mut(op, api_id)?;
    let node = Node {
        seq,
        parent_id: Some(parent_id.to_owned()),
        path_part: Some(path_part.to_owned()),
        methods: Default::default(),
    };
    api.resources.insert(id.clone(), node);
    let node = api.node(op, &id)?;
    Ok(api.resource(&id, node))
}

pub(super) fn delete_resource(w: &mut World, api_id: &str, resource_id: &str) -> Result<()> {
    let op = DELETE_RESOURCE;
    let api = w.restapi.api_mut(op, api_id)?;
    let node = api.node(op, resource_id)?;
    if node.parent_id.is_none() {
        return Err(invalid(op, "Cannot delete the root resource").with_resource(resource_id));
    }
    let mut doomed = vec![resource_id.to_owned()];
    let mut next = 0;
    while next < doomed.len() {
        let parent = doomed[next].clone();
        doomed.extend(
            api.resources
                .iter()
                .filter(|(_, n)| n.parent_id.as_deref() == Some(parent.as_str()))
                .map(|(id, _)| id.clone()),
        );
        next += 1;
    }
    for id in doomed {
        api.resources.remove(&id);
    }
    Ok(())
}

fn check_http_method(op: Op, http_method: &str) -> Result<()> {
    if HTTP_METHODS.contains(&http_method) {
        Ok(())
    } else {
        Err(invalid(
            op,
            format!(
                "Invalid HttpMethod specified: '{http_method}'. Valid options are {}",
                HTTP_METHODS.join(",")
            ),
        ))
    }
}

fn check_request_parameter(op: Op, name: &str) -> Result<()> {
    const SOURCES: &[&str] = &[
        "path",
        "querystring",
        "header",
        "multivaluequerystring",
        "multivalueheader",
    ];
    let valid = name
        .strip_prefix("method.request.")
        .and_then(|rest| rest.split_once('.'))
        .is_some_and(|(source, field)| SOURCES.contains(&source) && !field.is_empty());
    if valid {
        Ok(())
    } else {
        Err(invalid(
            op,
            format!("Invalid mapping expression specified: {name}"),
        ))
    }
}

pub(super) fn put_method(
    w: &mut World,
    api_id: &str,
    resource_id: &str,
    spec: &MethodSpec,
) -> Result<Method> {
    let op = PUT_METHOD;
    let node = w.restapi.api_mut(op, api_id)?.node_mut(op, resource_id)?;
    let target = format!("{resource_id} {}", spec.http_method);
    check_http_method(op, &spec.http_method).map_err(|e| e.with_resource(target.clone()))?;
    if !matches!(
        spec.authorization,
        Authorization::None | Authorization::AwsIam
    ) {
        return Err(invalid(
            op,
            format!(
                "Invalid authorizer ID specified. Setting the authorization type to {} \
                 requires a valid authorizer.",
                spec.authorization
            ),
        )
        .with_resource(target));
    }
    for name in spec.request_parameters.keys() {
        check_request_parameter(op, name).map_err(|e| e.with_resource(target.clone()))?;
    }
    if node.methods.contains_key(&spec.http_method) {
        return Err(exists(op, "Method already exists for this resource").with_resource(target));
    }
    let method = Method {
        http_method: spec.http_method.clone(),
        authorization: spec.authorization,
        api_key_required: spec.api_key_required,
        request_parameters: spec.request_parameters.clone(),
        method_responses: Vec::new(),
        integration: None,
    };
    node.methods.insert(
        spec.http_method.clone(),
        MethodState {
            method: method.clone(),
            responses: Default::default(),
        },
    );
    Ok(method)
}

pub(super) fn update_method(
    w: &mut World,
    api_id: &str,
    resource_id: &str,
    http_method: &str,
    patches: &[MethodPatch],
) -> Result<Method> {
    let op = UPDATE_METHOD;
    let state = w
        .restapi
        .api_mut(op, api_id)?
        .method_mut(op, resource_id, http_method)?;
    let mut method = state.method.clone();
    for patch in patches {
        match patch {
            MethodPatch::Authorization(auth @ (Authorization::None | Authorization::AwsIam)) => {
                method.authorization = *auth;
            }
            MethodPatch::Authorization(other) => {
                return Err(invalid(
                    op,
                    format!("Setting the authorization type to {other} requires an authorizer"),
                ))
            }
            MethodPatch::ApiKeyRequired(required) => method.api_key_required = *required,
            MethodPatch::AddRequestParameter { name, required } => {
                check_request_parameter(op, name)?;
                method.request_parameters.insert(name.clone(), *required);
            }
            MethodPatch::RemoveRequestParameter(name) => {
                if method.request_parameters.remove(name).is_none() {
                    return Err(invalid(
                        op,
                        format!("Invalid patch path: request parameter {name} is not defined"),
                    ));
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
    state.method = method.clone();
    Ok(method)
}

pub(super) fn no_integration(op: Op, resource_id: &str, http_method: &str) -> Error {
    not_found(op, "No integration defined for method")
        .with_resource(format!("{resource_id} {http_method}"))
}

/// `arn:aws:apigateway:{region}:{service}:{path|action}/…`.
fn is_aws_integration_uri(uri: &str) -> bool {
    let parts: Vec<&str> = uri.splitn(6, ':').collect();
    matches!(
        parts.as_slice(),
        ["arn", "aws", "apigateway", region, service, rest]
            if !region.is_empty()
                && !service.is_empty()
                && (rest.starts_with("path/") || rest.starts_with("action/"))
                && rest.len() > "path/".len()
    )
}

fn is_http_uri(uri: &str) -> bool {
    uri.strip_prefix("https://")
        .or_else(|| uri.strip_prefix("http://"))
        .and_then(|rest| rest.split(['/', '?', '#']).next())
        .is_some_and(|host| !host.is_empty() && !host.contains(char::is_whitespace))
}

/// `arn:aws:iam::{account}:role/{path/}{name}`, or the caller-identity wildcard.
fn role_arn_shape(arn: &str) -> bool {
    if arn == "arn:aws:iam::*:user/*" {
        return true;
    }
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    matches!(
        parts.as_slice(),
        ["arn", "aws", "iam", "", account, resource]
            if account.len() == 12
                && account.chars().all(|c| c.is_ascii_digit())
                && resource.strip_prefix("role/").is_some_and(|n| !n.is_empty())
    )
}

fn check_integration(w: &World, integration: &Integration) -> Result<()> {
    let op = PUT_INTEGRATION;
    let kind = integration.integration_type;
    let backend = kind.has_backend();
    match (&integration.http_method, backend) {
        (None, true) => {
            return Err(invalid(
                op,
                "Enumeration value for HttpMethod must be non-empty",
            ))
        }
        (Some(verb), true) => check_http_method(op, verb)?,
        _ => {}
    }
    let uri = integration.uri.as_deref();
    match kind {
        IntegrationType::Http | IntegrationType::HttpProxy => {
            if !uri.is_some_and(is_http_uri) {
                return Err(invalid(op, "Invalid HTTP endpoint specified for URI"));
            }
        }
        IntegrationType::Aws | IntegrationType::AwsProxy => {
            if !uri.is_some_and(is_aws_integration_uri) {
                return Err(invalid(
                    op,
                    "AWS ARN for integration must contain path or action",
                ));
            }
            if kind == IntegrationType::AwsProxy
                && integration.http_method.as_deref() != Some("POST")
            {
                return Err(invalid(
                    op,
                    "AWS_PROXY integrations invoke Lambda with POST: the integration HTTP \
                     method must be POST",
                ));
            }
        }
        IntegrationType::Mock => {
            if uri.is_some() {
                return Err(invalid(op, "A MOCK integration takes no URI"));
            }
        }
        other => {
            return Err(invalid(
                op,
                format!("The simulator does not support integrations of type {other}"),
            ))
        }
    }
    if let Some(ms) = integration.timeout_in_millis {
        if !(MIN_TIMEOUT_MS..=MAX_TIMEOUT_MS).contains(&ms) {
            return Err(invalid(
                op,
                format!("Timeout should be between {MIN_TIMEOUT_MS} ms and {MAX_TIMEOUT_MS} ms"),
            ));
        }
    }
    for key in integration.request_parameters.keys() {
        let valid = key
            .strip_prefix("integration.request.")
            .and_then(|rest| rest.split_once('.'))
            .is_some_and(|(source, field)| {
                ["path", "querystring", "header"].contains(&source) && !field.is_empty()
            });
        if !valid {
            return Err(invalid(
                op,
                format!("Invalid mapping expression specified: {key}"),
            ));
        }
    }
    if let Some(role) = integration.credentials.as_deref() {
        if !role_arn_shape(role) {
            return Err(invalid(
                op,
                format!("Invalid ARN specified in the request: {role}"),
            ));
        }
        if role != "arn:aws:iam::*:user/*" && !crate::iam::role_exists(w, role) {
            // AWS: BadRequestException "Invalid role ARN" until IAM propagates the role; the
            // SDK adapter classifies that answer as EventuallyConsistent.
            return Err(Error::new(
                ErrorKind::EventuallyConsistent,
                op.name,
                format!("Invalid role ARN specified: {role} (API Gateway cannot assume it)"),
            ));
        }
    }
    Ok(())
}

pub(super) fn put_integration(
    w: &mut World,
    api_id: &str,
    resource_id: &str,
    http_method: &str,
    integration: &Integration,
) -> Result<Integration> {
    let op = PUT_INTEGRATION;
    let target = format!("{api_id} {resource_id} {http_method}");
    w.restapi
        .api(op, api_id)?
        .method(op, resource_id, http_method)?;
    check_integration(w, integration).map_err(|e| e.with_resource(target))?;
    let mut stored = integration.clone();
    stored.responses.clear();
    stored.timeout_in_millis.get_or_insert(MAX_TIMEOUT_MS);
    stored
        .passthrough_behavior
        .get_or_insert(PassthroughBehavior::WhenNoMatch);
    let state = w
        .restapi
        .api_mut(op, api_id)?
        .method_mut(op, resource_id, http_method)?;
    state.method.integration = Some(stored.clone());
    Ok(stored)
}

fn is_status_code(code: &str) -> bool {
    code.len() == 3
        && code.chars().all(|c| c.is_ascii_digit())
        && ('1'..='5').contains(&code.chars().next().unwrap_or('0'))
}

pub(super) fn put_method_response(
    w: &mut World,
    api_id: &str,
    resource_id: &str,
    http_method: &str,
    response: &MethodResponse,
) -> Result<MethodResponse> {
    let op = PUT_METHOD_RESPONSE;
    let target = format!(
        "{api_id} {resource_id} {http_method} {}",
        response.status_code
    );
    let state = w
        .restapi
        .api_mut(op, api_id)?
        .method_mut(op, resource_id, http_method)?;
    if !is_status_code(&response.status_code) {
        return Err(invalid(op, "Invalid status code specified").with_resource(target));
    }
    if state.responses.contains_key(&response.status_code) {
        return Err(exists(op, "Response already exists for this resource").with_resource(target));
    }
    state
        .responses
        .insert(response.status_code.clone(), response.clone());
    state.method.method_responses = state.responses.keys().cloned().collect();
    Ok(response.clone())
}

pub(super) fn put_integration_response(
    w: &mut World,
    api_id: &str,
    resource_id: &str,
    http_method: &str,
    response: &IntegrationResponse,
) -> Result<IntegrationResponse> {
    let op = PUT_INTEGRATION_RESPONSE;
    let target = format!(
        "{api_id} {resource_id} {http_method} {}",
        response.status_code
    );
    let state = w
        .restapi
        .api_mut(op, api_id)?
        .method_mut(op, resource_id, http_method)?;
    if !state.responses.contains_key(&response.status_code) {
        return Err(not_found(op, "Invalid Response status code specified").with_resource(target));
    }
    let Some(integration) = state.method.integration.as_mut() else {
        return Err(no_integration(op, resource_id, http_method));
    };
    integration
        .responses
        .insert(response.status_code.clone(), response.clone());
    Ok(response.clone())
}
