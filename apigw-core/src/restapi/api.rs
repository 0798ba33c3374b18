//! The [`ApiGateway`] trait: what the provisioning pipeline and the Diagnoser need from API
//! Gateway (REST APIs, v1).

use super::model::ApiKey;
use super::model::{
    BasePathMapping, Deployment, DomainName, GatewayResponse, GatewayResponseType, Integration,
    IntegrationResponse, Method, MethodPatch, MethodResponse, MethodSpec, NewApiKey, NewDeployment,
    NewDomainName, NewRestApi, NewStage, NewUsagePlan, Resource, RestApi, RestApiPatch, Stage,
    StagePatch, Tags, UsagePlan, UsagePlanKey, UsagePlanPatch,
};
use crate::Result;

/// API Gateway (REST APIs) in one region.
///
/// Implemented by [`super::SdkApiGateway`] (AWS) and by the simulator; `MockApiGateway` with the
/// `mock` feature. Every list is complete (pagination is done inside). A `get_*` of something
/// that does not exist is `Err` with [`crate::ErrorKind::NotFound`]; so is an update or delete
/// of something missing. Creates that AWS refuses as duplicates are `Err` with
/// [`crate::ErrorKind::AlreadyExists`] (never retried): the caller adopts the existing object.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
#[async_trait::async_trait]
pub trait ApiGateway: Send + Sync {
    // --- REST APIs ------------------------------------------------------------------------

    /// Every REST API named exactly `name`, with its tags (`GetRestApis`, all pages, filtered
    /// here). Names are not unique in AWS: callers decide what several matches mean (the
    /// pipeline narrows by ownership tag with [`RestApi::has_tags`]).
    async fn find_rest_apis(&self, name: &str) -> Result<Vec<RestApi>>;

    /// Creates a REST API, tags in the same call (`CreateRestApi`).
    ///
    /// Not idempotent in AWS: after a transient failure the implementation looks for an API
    /// with this name carrying every tag of `api.tags` and returns it instead of creating a
    /// second one (several such APIs are `Err` with [`crate::ErrorKind::AlreadyExists`]
    /// naming their ids).
    async fn create_rest_api(&self, api: &NewRestApi) -> Result<RestApi>;

    /// The REST API `api_id` (`GetRestApi`).
    async fn get_rest_api(&self, api_id: &str) -> Result<RestApi>;

    /// Applies `patches` to the API in one call (`UpdateRestApi`) and returns the result.
    async fn update_rest_api(&self, api_id: &str, patches: &[RestApiPatch]) -> Result<RestApi>;

    /// Deletes the API with everything in it (`DeleteRestApi`; paced at 1 per 30 s).
    async fn delete_rest_api(&self, api_id: &str) -> Result<()>;

    /// The API's resource policy as a plain JSON document (`GetRestApi`'s `policy`, which AWS
    /// answers JSON-escaped); `None` when the API has none.
    async fn get_resource_policy(&self, api_id: &str) -> Result<Option<String>>;

    // --- Resources and methods --------------------------------------------------------------

    /// The whole resource tree with every method and its integration (`GetResources` with
    /// `embed=methods`, every page). Order is AWS's; use `parent_id` / `path` for structure.
    async fn get_resources(&self, api_id: &str) -> Result<Vec<Resource>>;

    /// Creates the child `path_part` under `parent_id` (`CreateResource`). A sibling with the
    /// same path part is `Err` with [`crate::ErrorKind::AlreadyExists`].
    async fn create_resource(
        &self,
        api_id: &str,
        parent_id: &str,
        path_part: &str,
    ) -> Result<Resource>;

    /// Deletes a resource and everything under it (`DeleteResource`).
    async fn delete_resource(&self, api_id: &str, resource_id: &str) -> Result<()>;

    /// Creates or replaces a method (`PutMethod`).
    async fn put_method(
        &self,
        api_id: &str,
        resource_id: &str,
        method: &MethodSpec,
    ) -> Result<Method>;

    /// One method with its integration (`GetMethod`).
    async fn get_method(
        &self,
        api_id: &str,
        resource_id: &str,
        http_method: &str,
    ) -> Result<Method>;

    /// Applies `patches` to a method in one call (`UpdateMethod`).
    async fn update_method(
        &self,
        api_id: &str,
        resource_id: &str,
        http_method: &str,
        patches: &[MethodPatch],
    ) -> Result<Method>;

    /// Deletes a method with its integration (`DeleteMethod`).
    async fn delete_method(&self, api_id: &str, resource_id: &str, http_method: &str)
        -> Result<()>;

    /// Creates or replaces the method's integration (`PutIntegration`).
    ///
    /// With `credentials` set, an answer saying the role is invalid is retried for a short
    /// window ([`crate::ErrorKind::EventuallyConsistent`]): a role IAM just created is not
    /// visible to API Gateway at once. `integration.responses` is ignored.
    async fn put_integration(
        &self,
        api_id: &str,
        resource_id: &str,
        http_method: &str,
        integration: &Integration,
    ) -> Result<Integration>;

    /// The method's integration (`GetIntegration`); a method without one is NotFound.
    async fn get_integration(
        &self,
        api_id: &str,
        resource_id: &str,
        http_method: &str,
    ) -> Result<Integration>;

    /// Removes the method's integration (`DeleteIntegration`).
    async fn delete_integration(
        &self,
        api_id: &str,
        resource_id: &str,
        http_method: &str,
    ) -> Result<()>;

    /// Declares a method response (`PutMethodResponse`): needed by non-proxy integrations
    /// (HTTP, AWS, MOCK) before they answer.
    async fn put_method_response(
        &self,
        api_id: &str,
        resource_id: &str,
        http_method: &str,
        response: &MethodResponse,
    ) -> Result<MethodResponse>;

    /// Maps backend answers to a method response (`PutIntegrationResponse`), for non-proxy
    /// integrations; the method response must exist.
    async fn put_integration_response(
        &self,
        api_id: &str,
        resource_id: &str,
        http_method: &str,
        response: &IntegrationResponse,
    ) -> Result<IntegrationResponse>;

    // --- Gateway responses ------------------------------------------------------------------

    /// Creates or replaces a gateway response (`PutGatewayResponse`).
    async fn put_gateway_response(
        &self,
        api_id: &str,
        response: &GatewayResponse,
    ) -> Result<GatewayResponse>;

    /// One gateway response (`GetGatewayResponse`); AWS answers defaults for types never
    /// customized (`default_response: true`).
    async fn get_gateway_response(
        &self,
        api_id: &str,
        response_type: GatewayResponseType,
    ) -> Result<GatewayResponse>;

    /// Every gateway response of the API (`GetGatewayResponses`, all pages).
    async fn list_gateway_responses(&self, api_id: &str) -> Result<Vec<GatewayResponse>>;

    // --- Deployments and stages -------------------------------------------------------------

    /// Creates a deployment, and points `stage_name` at it when given (`CreateDeployment`;
    /// paced at 1 per 5 s).
    ///
    /// Not idempotent in AWS: after a transient failure the implementation looks for the
    /// newest deployment with this description (and, when a stage is named, that the stage
    /// serves it) and returns it instead of deploying twice.
    async fn create_deployment(
        &self,
        api_id: &str,
        deployment: &NewDeployment,
    ) -> Result<Deployment>;

    /// One deployment (`GetDeployment`).
    async fn get_deployment(&self, api_id: &str, deployment_id: &str) -> Result<Deployment>;

    /// Every deployment of the API (`GetDeployments`, all pages).
    async fn list_deployments(&self, api_id: &str) -> Result<Vec<Deployment>>;

    /// Creates a stage serving an existing deployment, tags in the same call (`CreateStage`).
    /// An existing stage of that name is `Err` with [`crate::ErrorKind::AlreadyExists`].
    async fn create_stage(&self, api_id: &str, stage: &NewStage) -> Result<Stage>;

    /// One stage (`GetStage`).
    async fn get_stage(&self, api_id: &str, stage_name: &str) -> Result<Stage>;

    /// Every stage of the API (`GetStages`).
    async fn list_stages(&self, api_id: &str) -> Result<Vec<Stage>>;

    /// Applies `patches` to a stage in one call (`UpdateStage`) and returns the result.
    async fn update_stage(
        &self,
        api_id: &str,
        stage_name: &str,
        patches: &[StagePatch],
    ) -> Result<Stage>;

    /// Adds or overwrites tags on any API Gateway resource by ARN (`TagResource`), e.g. a
    /// stage: [`super::model::stage_arn`].
    async fn tag_resource(&self, arn: &str, tags: &Tags) -> Result<()>;

    // --- Usage plans and API keys -----------------------------------------------------------

    /// Creates a usage plan, tags in the same call (`CreateUsagePlan`).
    ///
    /// Not idempotent in AWS: after a transient failure the implementation looks for a plan
    /// of this name and returns it instead of creating a second one.
    async fn create_usage_plan(&self, plan: &NewUsagePlan) -> Result<UsagePlan>;

    /// One usage plan (`GetUsagePlan`).
    async fn get_usage_plan(&self, plan_id: &str) -> Result<UsagePlan>;

    /// Every usage plan in the region (`GetUsagePlans`, all pages); AWS offers no name
    /// filter, so callers filter by name or stage.
    async fn list_usage_plans(&self) -> Result<Vec<UsagePlan>>;

    /// Applies `patches` to a usage plan in one call (`UpdateUsagePlan`; paced at 1 per 20 s,
    /// so batch changes).
    async fn update_usage_plan(
        &self,
        plan_id: &str,
        patches: &[UsagePlanPatch],
    ) -> Result<UsagePlan>;

    /// Deletes a usage plan (`DeleteUsagePlan`); AWS refuses while stages are attached.
    async fn delete_usage_plan(&self, plan_id: &str) -> Result<()>;

    /// Creates an API key, tags in the same call (`CreateApiKey`); AWS generates the value.
    ///
    /// The answer never carries the value (ask [`ApiGateway::find_api_keys`] with
    /// `include_values`). Not idempotent in AWS: after a transient failure the implementation
    /// looks for a key of this name and returns it instead of creating a second one.
    async fn create_api_key(&self, key: &NewApiKey) -> Result<ApiKey>;

    /// Every API key named exactly `name` (`GetApiKeys` with `nameQuery`, all pages). Values
    /// (secrets) are only fetched when `include_values` is true.
    async fn find_api_keys(&self, name: &str, include_values: bool) -> Result<Vec<ApiKey>>;

    /// Deletes an API key (`DeleteApiKey`).
    async fn delete_api_key(&self, key_id: &str) -> Result<()>;

    /// Adds an API key to a usage plan (`CreateUsagePlanKey`, type `API_KEY`). A key already
    /// in the plan is `Err` with [`crate::ErrorKind::AlreadyExists`].
    async fn create_usage_plan_key(&self, plan_id: &str, key_id: &str) -> Result<UsagePlanKey>;

    /// Every key of a usage plan (`GetUsagePlanKeys`, all pages), without values.
    async fn list_usage_plan_keys(&self, plan_id: &str) -> Result<Vec<UsagePlanKey>>;

    /// Removes an API key from a usage plan (`DeleteUsagePlanKey`).
    async fn delete_usage_plan_key(&self, plan_id: &str, key_id: &str) -> Result<()>;

    // --- Custom domain names ----------------------------------------------------------------

    /// Creates a custom domain name (`CreateDomainName`; paced at 1 per 30 s): REGIONAL sends
    /// the certificate as `regionalCertificateArn`, EDGE as `certificateArn`. An existing
    /// domain is `Err` with [`crate::ErrorKind::AlreadyExists`].
    async fn create_domain_name(&self, domain: &NewDomainName) -> Result<DomainName>;

    /// One custom domain name (`GetDomainName`).
    async fn get_domain_name(&self, name: &str) -> Result<DomainName>;

    /// Deletes a custom domain name (`DeleteDomainName`; paced at 1 per 30 s).
    async fn delete_domain_name(&self, name: &str) -> Result<()>;

    /// Maps `mapping.base_path` (`""` = root) of the domain to an API stage
    /// (`CreateBasePathMapping`). A base path already mapped is `Err` with
    /// [`crate::ErrorKind::AlreadyExists`].
    async fn create_base_path_mapping(
        &self,
        domain: &str,
        mapping: &BasePathMapping,
    ) -> Result<BasePathMapping>;

    /// Every base path mapping of the domain (`GetBasePathMappings`, all pages); the root
    /// mapping has base path `""`.
    async fn list_base_path_mappings(&self, domain: &str) -> Result<Vec<BasePathMapping>>;

    /// Deletes the mapping of `base_path` (`""` = root) (`DeleteBasePathMapping`).
    async fn delete_base_path_mapping(&self, domain: &str, base_path: &str) -> Result<()>;
}
