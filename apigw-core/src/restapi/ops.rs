//! The API Gateway operations: one [`Op`] per AWS operation, named after it, shared by the SDK
//! adapter, the runtime decorator (apigw-facade) and the simulator (apigw-sim), so the kind
//! (read / write safe to repeat / create not idempotent) and the eventual-consistency flag are
//! written once.

use crate::runtime::{Op, Service};

/// `GetRestApis`: a read.
pub const GET_REST_APIS: Op = Op::read(Service::ApiGateway, "GetRestApis");
/// `CreateRestApi`: a create, not idempotent. Callers pace it by endpoint type through
/// [`super::create_rest_api_op`] (EDGE has a quota of its own).
pub const CREATE_REST_API: Op = Op::create(Service::ApiGateway, "CreateRestApi");
/// `GetRestApi`: a read.
pub const GET_REST_API: Op = Op::read(Service::ApiGateway, "GetRestApi");
/// `UpdateRestApi`: a write, safe to repeat.
pub const UPDATE_REST_API: Op = Op::write(Service::ApiGateway, "UpdateRestApi");
/// `DeleteRestApi`: a write, safe to repeat.
pub const DELETE_REST_API: Op = Op::write(Service::ApiGateway, "DeleteRestApi");
/// `GetResources`: a read.
pub const GET_RESOURCES: Op = Op::read(Service::ApiGateway, "GetResources");
/// A write, not a create: AWS refuses a sibling with the same path part (AlreadyExists), so a
/// repeat cannot duplicate.
pub const CREATE_RESOURCE: Op = Op::write(Service::ApiGateway, "CreateResource");
/// `DeleteResource`: a write, safe to repeat.
pub const DELETE_RESOURCE: Op = Op::write(Service::ApiGateway, "DeleteResource");
/// `PutMethod`: a write, safe to repeat.
pub const PUT_METHOD: Op = Op::write(Service::ApiGateway, "PutMethod");
/// `GetMethod`: a read.
pub const GET_METHOD: Op = Op::read(Service::ApiGateway, "GetMethod");
/// `UpdateMethod`: a write, safe to repeat.
pub const UPDATE_METHOD: Op = Op::write(Service::ApiGateway, "UpdateMethod");
/// `DeleteMethod`: a write, safe to repeat.
pub const DELETE_METHOD: Op = Op::write(Service::ApiGateway, "DeleteMethod");
/// `PutIntegration` without credentials; with an execution role, [`PUT_INTEGRATION_WITH_ROLE`].
pub const PUT_INTEGRATION: Op = Op::write(Service::ApiGateway, "PutIntegration");
/// `PutIntegration` with credentials: eventually consistent, since a role IAM just created
/// answers "invalid role ARN" for a while.
pub const PUT_INTEGRATION_WITH_ROLE: Op =
    Op::write(Service::ApiGateway, "PutIntegration").eventually_consistent();
/// `GetIntegration`: a read.
pub const GET_INTEGRATION: Op = Op::read(Service::ApiGateway, "GetIntegration");
/// `DeleteIntegration`: a write, safe to repeat.
pub const DELETE_INTEGRATION: Op = Op::write(Service::ApiGateway, "DeleteIntegration");
/// `PutMethodResponse`: a write, safe to repeat.
pub const PUT_METHOD_RESPONSE: Op = Op::write(Service::ApiGateway, "PutMethodResponse");
/// `PutIntegrationResponse`: a write, safe to repeat.
pub const PUT_INTEGRATION_RESPONSE: Op = Op::write(Service::ApiGateway, "PutIntegrationResponse");
/// `PutGatewayResponse`: a write, safe to repeat.
pub const PUT_GATEWAY_RESPONSE: Op = Op::write(Service::ApiGateway, "PutGatewayResponse");
/// `GetGatewayResponse`: a read.
pub const GET_GATEWAY_RESPONSE: Op = Op::read(Service::ApiGateway, "GetGatewayResponse");
/// `GetGatewayResponses`: a read.
pub const GET_GATEWAY_RESPONSES: Op = Op::read(Service::ApiGateway, "GetGatewayResponses");
/// `CreateDeployment`: a create, not idempotent.
pub const CREATE_DEPLOYMENT: Op = Op::create(Service::ApiGateway, "CreateDeployment");
/// `GetDeployment`: a read.
pub const GET_DEPLOYMENT: Op = Op::read(Service::ApiGateway, "GetDeployment");
/// `GetDeployments`: a read.
pub const GET_DEPLOYMENTS: Op = Op::read(Service::ApiGateway, "GetDeployments");
/// A write, not a create: AWS refuses a second stage of the same name (AlreadyExists).
pub const CREATE_STAGE: Op = Op::write(Service::ApiGateway, "CreateStage");
/// `GetStage`: a read.
pub const GET_STAGE: Op = Op::read(Service::ApiGateway, "GetStage");
/// `GetStages`: a read.
pub const GET_STAGES: Op = Op::read(Service::ApiGateway, "GetStages");
/// `UpdateStage`: a write, safe to repeat.
pub const UPDATE_STAGE: Op = Op::write(Service::ApiGateway, "UpdateStage");
/// `TagResource`: a write, safe to repeat.
pub const TAG_RESOURCE: Op = Op::write(Service::ApiGateway, "TagResource");
/// `CreateUsagePlan`: a create, not idempotent.
pub const CREATE_USAGE_PLAN: Op = Op::create(Service::ApiGateway, "CreateUsagePlan");
/// `GetUsagePlan`: a read.
pub const GET_USAGE_PLAN: Op = Op::read(Service::ApiGateway, "GetUsagePlan");
/// `GetUsagePlans`: a read.
pub const GET_USAGE_PLANS: Op = Op::read(Service::ApiGateway, "GetUsagePlans");
/// `UpdateUsagePlan`: a write, safe to repeat.
pub const UPDATE_USAGE_PLAN: Op = Op::write(Service::ApiGateway, "UpdateUsagePlan");
/// `DeleteUsagePlan`: a write, safe to repeat.
pub const DELETE_USAGE_PLAN: Op = Op::write(Service::ApiGateway, "DeleteUsagePlan");
/// `CreateApiKey`: a create, not idempotent.
pub const CREATE_API_KEY: Op = Op::create(Service::ApiGateway, "CreateApiKey");
/// `GetApiKeys`: a read.
pub const GET_API_KEYS: Op = Op::read(Service::ApiGateway, "GetApiKeys");
/// `DeleteApiKey`: a write, safe to repeat.
pub const DELETE_API_KEY: Op = Op::write(Service::ApiGateway, "DeleteApiKey");
/// A write, not a create: AWS refuses a key already in the plan (AlreadyExists).
pub const CREATE_USAGE_PLAN_KEY: Op = Op::write(Service::ApiGateway, "CreateUsagePlanKey");
/// `GetUsagePlanKeys`: a read.
pub const GET_USAGE_PLAN_KEYS: Op = Op::read(Service::ApiGateway, "GetUsagePlanKeys");
/// `DeleteUsagePlanKey`: a write, safe to repeat.
pub const DELETE_USAGE_PLAN_KEY: Op = Op::write(Service::ApiGateway, "DeleteUsagePlanKey");
/// A write, not a create: AWS refuses a domain name that exists (AlreadyExists).
pub const CREATE_DOMAIN_NAME: Op = Op::write(Service::ApiGateway, "CreateDomainName");
/// `GetDomainName`: a read.
pub const GET_DOMAIN_NAME: Op = Op::read(Service::ApiGateway, "GetDomainName");
/// `DeleteDomainName`: a write, safe to repeat.
pub const DELETE_DOMAIN_NAME: Op = Op::write(Service::ApiGateway, "DeleteDomainName");
/// A write, not a create: AWS refuses a base path already mapped (AlreadyExists).
pub const CREATE_BASE_PATH_MAPPING: Op = Op::write(Service::ApiGateway, "CreateBasePathMapping");
/// `GetBasePathMappings`: a read.
pub const GET_BASE_PATH_MAPPINGS: Op = Op::read(Service::ApiGateway, "GetBasePathMappings");
/// `DeleteBasePathMapping`: a write, safe to repeat.
pub const DELETE_BASE_PATH_MAPPING: Op = Op::write(Service::ApiGateway, "DeleteBasePathMapping");

/// The `Op` of `CreateRestApi` for an API of `endpoint_type`: EDGE APIs are paced by their own,
/// slower quota (1 per 30 s against 1 per 3 s for REGIONAL and PRIVATE).
pub fn create_rest_api_op(endpoint_type: super::EndpointType) -> Op {
    match endpoint_type {
        super::EndpointType::Edge => CREATE_REST_API.paced_as(crate::runtime::EDGE_CREATE_REST_API),
        _ => CREATE_REST_API,
    }
}

/// The `Op` of `PutIntegration`: eventually consistent when the integration names a role.
pub fn put_integration_op(integration: &super::Integration) -> Op {
    if integration.credentials.is_some() {
        PUT_INTEGRATION_WITH_ROLE
    } else {
        PUT_INTEGRATION
    }
}

/// `api resource VERB`: how a method is named in the runtime's spans and errors.
pub fn method_target(api_id: &str, resource_id: &str, http_method: &str) -> String {
    format!("{api_id} {resource_id} {http_method}")
}
