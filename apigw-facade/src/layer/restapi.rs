//! [`ApiGateway`] for [`WithRuntime`]: the operations, kinds and resource strings of
//! `SdkApiGateway`, and its after-failure lookups for the four non-idempotent creates.

use apigw_core::restapi::ops::*;
use apigw_core::restapi::{
    lookup, ApiGateway, ApiKey, BasePathMapping, Deployment, DomainName, GatewayResponse,
    GatewayResponseType, Integration, IntegrationResponse, Method, MethodPatch, MethodResponse,
    MethodSpec, NewApiKey, NewDeployment, NewDomainName, NewRestApi, NewStage, NewUsagePlan,
    Resource, RestApi, RestApiPatch, Stage, StagePatch, Tags, UsagePlan, UsagePlanKey,
    UsagePlanPatch,
};
use apigw_core::Result;

use super::WithRuntime;

#[async_trait::async_trait]
impl<T: ApiGateway> ApiGateway for WithRuntime<T> {
    async fn find_rest_apis(&self, name: &str) -> Result<Vec<RestApi>> {
        self.caller
            .call(GET_REST_APIS, name, || self.inner.find_rest_apis(name))
            .await
    }

    async fn create_rest_api(&self, api: &NewRestApi) -> Result<RestApi> {
        self.caller
            .create(
                apigw_core::restapi::create_rest_api_op(api.endpoint_type),
                &api.name,
                || lookup::created_rest_api(self, api),
                || self.inner.create_rest_api(api),
            )
            .await
    }

    async fn get_rest_api(&self, api_id: &str) -> Result<RestApi> {
        self.caller
            .call(GET_REST_API, api_id, || self.inner.get_rest_api(api_id))
            .await
    }

    async fn update_rest_api(&self, api_id: &str, patches: &[RestApiPatch]) -> Result<RestApi> {
        self.caller
            .call(UPDATE_REST_API, api_id, || {
                self.inner.update_rest_api(api_id, patches)
            })
            .await
    }

    async fn delete_rest_api(&self, api_id: &str) -> Result<()> {
        self.caller
            .call(DELETE_REST_API, api_id, || {
                self.inner.delete_rest_api(api_id)
            })
            .await
    }

    async fn get_resource_policy(&self, api_id: &str) -> Result<Option<String>> {
        self.caller
            .call(GET_REST_API, api_id, || {
                self.inner.get_resource_policy(api_id)
            })
            .await
    }

    async fn get_resources(&self, api_id: &str) -> Result<Vec<Resource>> {
        self.caller
            .call(GET_RESOURCES, api_id, || self.inner.get_resources(api_id))
            .await
    }

    async fn create_resource(
        &self,
        api_id: &str,
        parent_id: &str,
        path_part: &str,
    ) -> Result<Resource> {
        let target = format!("{api_id} {parent_id}/{path_part}");
        self.caller
            .call(CREATE_RESOURCE, &target, || {
                self.inner.create_resource(api_id, parent_id, path_part)
            })
            .await
    }

    async fn delete_resource(&self, api_id: &str, resource_id: &str) -> Result<()> {
        let target = format!("{api_id} {resource_id}");
        self.caller
            .call(DELETE_RESOURCE, &target, || {
                self.inner.delete_resource(api_id, resource_id)
            })
            .await
    }

    async fn put_method(
        &self,
        api_id: &str,
        resource_id: &str,
        method: &MethodSpec,
    ) -> Result<Method> {
        let target = method_target(api_id, resource_id, &method.http_method);
        self.caller
            .call(PUT_METHOD, &target, || {
                self.inner.put_method(api_id, resource_id, method)
            })
            .await
    }

    async fn get_method(
        &self,
        api_id: &str,
        resource_id: &str,
        http_method: &str,
    ) -> Result<Method> {
        let target = method_target(api_id, resource_id, http_method);
        self.caller
            .call(GET_METHOD, &target, || {
                self.inner.get_method(api_id, resource_id, http_method)
            })
            .await
    }

    async fn update_method(
        &self,
        api_id: &str,
        resource_id: &str,
        http_method: &str,
        patches: &[MethodPatch],
    ) -> Result<Method> {
        let target = method_target(api_id, resource_id, http_method);
        self.caller
            .call(UPDATE_METHOD, &target, || {
                self.inner
                    .update_method(api_id, resource_id, http_method, patches)
            })
            .await
    }

    async fn delete_method(
        &self,
        api_id: &str,
        resource_id: &str,
        http_method: &str,
    ) -> Result<()> {
        let target = method_target(api_id, resource_id, http_method);
        self.caller
            .call(DELETE_METHOD, &target, || {
                self.inner.delete_method(api_id, resource_id, http_method)
            })
            .await
    }

    async fn put_integration(
        &self,
        api_id: &str,
        resource_id: &str,
        http_method: &str,
        integration: &Integration,
    ) -> Result<Integration> {
        let op = put_integration_op(integration);
        let target = method_target(api_id, resource_id, http_method);
        self.caller
            .call(op, &target, || {
                self.inner
                    .put_integration(api_id, resource_id, http_method, integration)
            })
            .await
    }

    async fn get_integration(
        &self,
        api_id: &str,
        resource_id: &str,
        http_method: &str,
    ) -> Result<Integration> {
        let target = method_target(api_id, resource_id, http_method);
        self.caller
            .call(GET_INTEGRATION, &target, || {
                self.inner.get_integration(api_id, resource_id, http_method)
            })
            .await
    }

    async fn delete_integration(
        &self,
        api_id: &str,
        resource_id: &str,
        http_method: &str,
    ) -> Result<()> {
        let target = method_target(api_id, resource_id, http_method);
        self.caller
            .call(DELETE_INTEGRATION, &target, || {
                self.inner
                    .delete_integration(api_id, resource_id, http_method)
            })
            .await
    }

    async fn put_method_response(
        &self,
        api_id: &str,
        resource_id: &str,
        http_method: &str,
        response: &MethodResponse,
    ) -> Result<MethodResponse> {
        let target = format!(
            "{} {}",
            method_target(api_id, resource_id, http_method),
            response.status_code
        );
        self.caller
            .call(PUT_METHOD_RESPONSE, &target, || {
                self.inner
                    .put_method_response(api_id, resource_id, http_method, response)
            })
            .await
    }

    async fn put_integration_response(
        &self,
        api_id: &str,
        resource_id: &str,
        http_method: &str,
        response: &IntegrationResponse,
    ) -> Result<IntegrationResponse> {
        let target = format!(
            "{} {}",
            method_target(api_id, resource_id, http_method),
            response.status_code
        );
        self.caller
            .call(PUT_INTEGRATION_RESPONSE, &target, || {
                self.inner
                    .put_integration_response(api_id, resource_id, http_method, response)
            })
            .await
    }

    async fn put_gateway_response(
        &self,
        api_id: &str,
        response: &GatewayResponse,
    ) -> Result<GatewayResponse> {
        let target = format!("{api_id} {}", response.response_type);
        self.caller
            .call(PUT_GATEWAY_RESPONSE, &target, || {
                self.inner.put_gateway_response(api_id, response)
            })
            .await
    }

    async fn get_gateway_response(
        &self,
        api_id: &str,
        response_type: GatewayResponseType,
    ) -> Result<GatewayResponse> {
        let target = format!("{api_id} {response_type}");
        self.caller
            .call(GET_GATEWAY_RESPONSE, &target, || {
                self.inner.get_gateway_response(api_id, response_type)
            })
            .await
    }

    async fn list_gateway_responses(&self, api_id: &str) -> Result<Vec<GatewayResponse>> {
        self.caller
            .call(GET_GATEWAY_RESPONSES, api_id, || {
                self.inner.list_gateway_responses(api_id)
            })
            .await
    }

    async fn create_deployment(
        &self,
        api_id: &str,
        deployment: &NewDeployment,
    ) -> Result<Deployment> {
        self.caller
            .create(
                CREATE_DEPLOYMENT,
                api_id,
                || lookup::created_deployment(self, api_id, deployment),
                || self.inner.create_deployment(api_id, deployment),
            )
            .await
    }

    async fn get_deployment(&self, api_id: &str, deployment_id: &str) -> Result<Deployment> {
        let target = format!("{api_id} {deployment_id}");
        self.caller
            .call(GET_DEPLOYMENT, &target, || {
                self.inner.get_deployment(api_id, deployment_id)
            })
            .await
    }

    async fn list_deployments(&self, api_id: &str) -> Result<Vec<Deployment>> {
        self.caller
            .call(GET_DEPLOYMENTS, api_id, || {
                self.inner.list_deployments(api_id)
            })
            .await
    }

    async fn create_stage(&self, api_id: &str, stage: &NewStage) -> Result<Stage> {
        let target = format!("{api_id} {}", stage.name);
        self.caller
            .call(CREATE_STAGE, &target, || {
                self.inner.create_stage(api_id, stage)
            })
            .await
    }

    async fn get_stage(&self, api_id: &str, stage_name: &str) -> Result<Stage> {
        let target = format!("{api_id} {stage_name}");
        self.caller
            .call(GET_STAGE, &target, || {
                self.inner.get_stage(api_id, stage_name)
            })
            .await
    }

    async fn list_stages(&self, api_id: &str) -> Result<Vec<Stage>> {
        self.caller
            .call(GET_STAGES, api_id, || self.inner.list_stages(api_id))
            .await
    }

    async fn update_stage(
        &self,
        api_id: &str,
        stage_name: &str,
        patches: &[StagePatch],
    ) -> Result<Stage> {
        let target = format!("{api_id} {stage_name}");
        self.caller
            .call(UPDATE_STAGE, &target, || {
                self.inner.update_stage(api_id, stage_name, patches)
            })
            .await
    }

    async fn tag_resource(&self, arn: &str, tags: &Tags) -> Result<()> {
        self.caller
            .call(TAG_RESOURCE, arn, || self.inner.tag_resource(arn, tags))
            .await
    }

    async fn create_usage_plan(&self, plan: &NewUsagePlan) -> Result<UsagePlan> {
        self.caller
            .create(
                CREATE_USAGE_PLAN,
                &plan.name,
                || lookup::created_usage_plan(self, plan),
                || self.inner.create_usage_plan(plan),
            )
            .await
    }

    async fn get_usage_plan(&self, plan_id: &str) -> Result<UsagePlan> {
        self.caller
            .call(GET_USAGE_PLAN, plan_id, || {
                self.inner.get_usage_plan(plan_id)
            })
            .await
    }

    async fn list_usage_plans(&self) -> Result<Vec<UsagePlan>> {
        self.caller
            .call(GET_USAGE_PLANS, "usage plans", || {
                self.inner.list_usage_plans()
            })
            .await
    }

    async fn update_usage_plan(
        &self,
        plan_id: &str,
        patches: &[UsagePlanPatch],
    ) -> Result<UsagePlan> {
        self.caller
            .call(UPDATE_USAGE_PLAN, plan_id, || {
                self.inner.update_usage_plan(plan_id, patches)
            })
            .await
    }

    async fn delete_usage_plan(&self, plan_id: &str) -> Result<()> {
        self.caller
            .call(DELETE_USAGE_PLAN, plan_id, || {
                self.inner.delete_usage_plan(plan_id)
            })
            .await
    }

    async fn create_api_key(&self, key: &NewApiKey) -> Result<ApiKey> {
        self.caller
            .create(
                CREATE_API_KEY,
                &key.name,
                || lookup::created_api_key(self, key),
                || self.inner.create_api_key(key),
            )
            .await
    }

    async fn find_api_keys(&self, name: &str, include_values: bool) -> Result<Vec<ApiKey>> {
        self.caller
            .call(GET_API_KEYS, name, || {
                self.inner.find_api_keys(name, include_values)
            })
            .await
    }

    async fn delete_api_key(&self, key_id: &str) -> Result<()> {
        self.caller
            .call(DELETE_API_KEY, key_id, || self.inner.delete_api_key(key_id))
            .await
    }

    async fn create_usage_plan_key(&self, plan_id: &str, key_id: &str) -> Result<UsagePlanKey> {
        let target = format!("{plan_id} {key_id}");
        self.caller
            .call(CREATE_USAGE_PLAN_KEY, &target, || {
                self.inner.create_usage_plan_key(plan_id, key_id)
            })
            .await
    }

    async fn list_usage_plan_keys(&self, plan_id: &str) -> Result<Vec<UsagePlanKey>> {
        self.caller
            .call(GET_USAGE_PLAN_KEYS, plan_id, || {
                self.inner.list_usage_plan_keys(plan_id)
            })
            .await
    }

    async fn delete_usage_plan_key(&self, plan_id: &str, key_id: &str) -> Result<()> {
        let target = format!("{plan_id} {key_id}");
        self.caller
            .call(DELETE_USAGE_PLAN_KEY, &target, || {
                self.inner.delete_usage_plan_key(plan_id, key_id)
            })
            .await
    }

    async fn create_domain_name(&self, domain: &NewDomainName) -> Result<DomainName> {
        self.caller
            .call(CREATE_DOMAIN_NAME, &domain.name, || {
                self.inner.create_domain_name(domain)
            })
            .await
    }

    async fn get_domain_name(&self, name: &str) -> Result<DomainName> {
        self.caller
            .call(GET_DOMAIN_NAME, name, || self.inner.get_domain_name(name))
            .await
    }

    async fn delete_domain_name(&self, name: &str) -> Result<()> {
        self.caller
            .call(DELETE_DOMAIN_NAME, name, || {
                self.inner.delete_domain_name(name)
            })
            .await
    }

    async fn create_base_path_mapping(
        &self,
        domain: &str,
        mapping: &BasePathMapping,
    ) -> Result<BasePathMapping> {
        let target = format!("{domain}/{}", mapping.base_path);
        self.caller
            .call(CREATE_BASE_PATH_MAPPING, &target, || {
                self.inner.create_base_path_mapping(domain, mapping)
            })
            .await
    }

    async fn list_base_path_mappings(&self, domain: &str) -> Result<Vec<BasePathMapping>> {
        self.caller
            .call(GET_BASE_PATH_MAPPINGS, domain, || {
                self.inner.list_base_path_mappings(domain)
            })
            .await
    }

    async fn delete_base_path_mapping(&self, domain: &str, base_path: &str) -> Result<()> {
        let target = format!("{domain}/{base_path}");
        self.caller
            .call(DELETE_BASE_PATH_MAPPING, &target, || {
                self.inner.delete_base_path_mapping(domain, base_path)
            })
            .await
    }
}
