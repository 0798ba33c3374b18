//! `impl ApiGateway for Sim`: each trait method is one [`crate::Sim::serve`] call (one journal
//! entry) that hands the world to the module owning the operation.

use apigw_core::restapi::{
    ApiGateway, ApiKey, BasePathMapping, Deployment, DomainName, GatewayResponse,
    GatewayResponseType, Integration, IntegrationResponse, Method, MethodPatch, MethodResponse,
    MethodSpec, NewApiKey, NewDeployment, NewDomainName, NewRestApi, NewStage, NewUsagePlan,
    Resource, RestApi, RestApiPatch, Stage, StagePatch, Tags, UsagePlan, UsagePlanKey,
    UsagePlanPatch,
};
use apigw_core::Result;

// The operation constants and the modules that own each operation.
use super::*;
use crate::Sim;

#[async_trait::async_trait]
impl ApiGateway for Sim {
    async fn find_rest_apis(&self, name: &str) -> Result<Vec<RestApi>> {
        self.serve(GET_REST_APIS, |w| Ok(apis::find(w, name))).await
    }

    async fn create_rest_api(&self, api: &NewRestApi) -> Result<RestApi> {
        let op = apigw_core::restapi::create_rest_api_op(api.endpoint_type);
        self.serve(op, |w| apis::create(w, api)).await
    }

    async fn get_rest_api(&self, api_id: &str) -> Result<RestApi> {
        self.serve(GET_REST_API, |w| {
            Ok(w.restapi.api(GET_REST_API, api_id)?.rest.clone())
        })
        .await
    }

    async fn update_rest_api(&self, api_id: &str, patches: &[RestApiPatch]) -> Result<RestApi> {
        self.serve(UPDATE_REST_API, |w| apis::update(w, api_id, patches))
            .await
    }

    async fn delete_rest_api(&self, api_id: &str) -> Result<()> {
        self.serve(DELETE_REST_API, |w| apis::delete(w, api_id))
            .await
    }

    /// `GetRestApi`'s policy, as the SDK adapter reads it (one `GetRestApi` call).
    async fn get_resource_policy(&self, api_id: &str) -> Result<Option<String>> {
        self.serve(GET_REST_API, |w| {
            Ok(w.restapi.api(GET_REST_API, api_id)?.rest.policy.clone())
        })
        .await
    }

    async fn get_resources(&self, api_id: &str) -> Result<Vec<Resource>> {
        self.serve(GET_RESOURCES, |w| {
            Ok(w.restapi.api(GET_RESOURCES, api_id)?.tree())
        })
        .await
    }

    async fn create_resource(
        &self,
        api_id: &str,
        parent_id: &str,
        path_part: &str,
    ) -> Result<Resource> {
        self.serve(CREATE_RESOURCE, |w| {
            tree::create_resource(w, api_id, parent_id, path_part)
        })
        .await
    }

    async fn delete_resource(&self, api_id: &str, resource_id: &str) -> Result<()> {
        self.serve(DELETE_RESOURCE, |w| {
            tree::delete_resource(w, api_id, resource_id)
        })
        .await
    }

    async fn put_method(
        &self,
        api_id: &str,
        resource_id: &str,
        method: &MethodSpec,
    ) -> Result<Method> {
        self.serve(PUT_METHOD, |w| {
            tree::put_method(w, api_id, resource_id, method)
        })
        .await
    }

    async fn get_method(
        &self,
        api_id: &str,
        resource_id: &str,
        http_method: &str,
    ) -> Result<Method> {
        self.serve(GET_METHOD, |w| {
            let api = w.restapi.api(GET_METHOD, api_id)?;
            Ok(api
                .method(GET_METHOD, resource_id, http_method)?
                .method
                .clone())
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
        self.serve(UPDATE_METHOD, |w| {
            tree::update_method(w, api_id, resource_id, http_method, patches)
        })
        .await
    }

    async fn delete_method(
        &self,
        api_id: &str,
        resource_id: &str,
        http_method: &str,
    ) -> Result<()> {
        self.serve(DELETE_METHOD, |w| {
            let node = w
                .restapi
                .api_mut(DELETE_METHOD, api_id)?
                .node_mut(DELETE_METHOD, resource_id)?;
            match node.methods.remove(http_method) {
                Some(_) => Ok(()),
                None => Err(no_method(DELETE_METHOD, resource_id, http_method)),
            }
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
        self.serve(PUT_INTEGRATION, |w| {
            tree::put_integration(w, api_id, resource_id, http_method, integration)
        })
        .await
    }

    async fn get_integration(
        &self,
        api_id: &str,
        resource_id: &str,
        http_method: &str,
    ) -> Result<Integration> {
        self.serve(GET_INTEGRATION, |w| {
            let api = w.restapi.api(GET_INTEGRATION, api_id)?;
            let state = api.method(GET_INTEGRATION, resource_id, http_method)?;
            state
                .method
                .integration
                .clone()
                .ok_or_else(|| tree::no_integration(GET_INTEGRATION, resource_id, http_method))
        })
        .await
    }

    async fn delete_integration(
        &self,
        api_id: &str,
        resource_id: &str,
        http_method: &str,
    ) -> Result<()> {
        self.serve(DELETE_INTEGRATION, |w| {
            let api = w.restapi.api_mut(DELETE_INTEGRATION, api_id)?;
            let state = api.method_mut(DELETE_INTEGRATION, resource_id, http_method)?;
            match state.method.integration.take() {
                Some(_) => Ok(()),
                None => Err(tree::no_integration(
                    DELETE_INTEGRATION,
                    resource_id,
                    http_method,
                )),
            }
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
        self.serve(PUT_METHOD_RESPONSE, |w| {
            tree::put_method_response(w, api_id, resource_id, http_method, response)
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
        self.serve(PUT_INTEGRATION_RESPONSE, |w| {
            tree::put_integration_response(w, api_id, resource_id, http_method, response)
        })
        .await
    }

    async fn put_gateway_response(
        &self,
        api_id: &str,
        response: &GatewayResponse,
    ) -> Result<GatewayResponse> {
        self.serve(PUT_GATEWAY_RESPONSE, |w| {
            deploy::put_gateway_response(w, api_id, response)
        })
        .await
    }

    async fn get_gateway_response(
        &self,
        api_id: &str,
        response_type: GatewayResponseType,
    ) -> Result<GatewayResponse> {
        self.serve(GET_GATEWAY_RESPONSE, |w| {
            let api = w.restapi.api(GET_GATEWAY_RESPONSE, api_id)?;
            Ok(deploy::gateway_response(api, response_type))
        })
        .await
    }

    async fn list_gateway_responses(&self, api_id: &str) -> Result<Vec<GatewayResponse>> {
        self.serve(GET_GATEWAY_RESPONSES, |w| {
            let api = w.restapi.api(GET_GATEWAY_RESPONSES, api_id)?;
            Ok(GatewayResponseType::ALL
                .iter()
                .map(|t| deploy::gateway_response(api, *t))
                .collect())
        })
        .await
    }

    async fn create_deployment(
        &self,
        api_id: &str,
        deployment: &NewDeployment,
    ) -> Result<Deployment> {
        self.serve(CREATE_DEPLOYMENT, |w| {
            deploy::create_deployment(w, api_id, deployment)
        })
        .await
    }

    async fn get_deployment(&self, api_id: &str, deployment_id: &str) -> Result<Deployment> {
        self.serve(GET_DEPLOYMENT, |w| {
            let api = w.restapi.api(GET_DEPLOYMENT, api_id)?;
            Ok(deploy::snapshot(api, GET_DEPLOYMENT, deployment_id)?
                .deployment
                .clone())
        })
        .await
    }

    async fn list_deployments(&self, api_id: &str) -> Result<Vec<Deployment>> {
        self.serve(GET_DEPLOYMENTS, |w| {
            let api = w.restapi.api(GET_DEPLOYMENTS, api_id)?;
            let mut all: Vec<&Snapshot> = api.deployments.values().collect();
            all.sort_by_key(|s| s.seq);
            Ok(all.into_iter().map(|s| s.deployment.clone()).collect())
        })
        .await
    }

    async fn create_stage(&self, api_id: &str, stage: &NewStage) -> Result<Stage> {
        self.serve(CREATE_STAGE, |w| deploy::create_stage(w, api_id, stage))
            .await
    }

    async fn get_stage(&self, api_id: &str, stage_name: &str) -> Result<Stage> {
        self.serve(GET_STAGE, |w| {
            let api = w.restapi.api(GET_STAGE, api_id)?;
            Ok(deploy::stage(api, GET_STAGE, stage_name)?.clone())
        })
        .await
    }

    async fn list_stages(&self, api_id: &str) -> Result<Vec<Stage>> {
        self.serve(GET_STAGES, |w| {
            let api = w.restapi.api(GET_STAGES, api_id)?;
            Ok(api.stages.values().cloned().collect())
        })
        .await
    }

    async fn update_stage(
        &self,
        api_id: &str,
        stage_name: &str,
        patches: &[StagePatch],
    ) -> Result<Stage> {
        self.serve(UPDATE_STAGE, |w| {
            deploy::update_stage(w, api_id, stage_name, patches)
        })
        .await
    }

    async fn tag_resource(&self, arn: &str, tags: &Tags) -> Result<()> {
        self.serve(TAG_RESOURCE, |w| deploy::tag_resource(w, arn, tags))
            .await
    }

    async fn create_usage_plan(&self, plan: &NewUsagePlan) -> Result<UsagePlan> {
        self.serve(CREATE_USAGE_PLAN, |w| plans::create_plan(w, plan))
            .await
    }

    async fn get_usage_plan(&self, plan_id: &str) -> Result<UsagePlan> {
        self.serve(GET_USAGE_PLAN, |w| {
            Ok(plans::plan(&w.restapi, GET_USAGE_PLAN, plan_id)?
                .plan
                .clone())
        })
        .await
    }

    async fn list_usage_plans(&self) -> Result<Vec<UsagePlan>> {
        self.serve(GET_USAGE_PLANS, |w| {
            Ok(w.restapi.plans.values().map(|p| p.plan.clone()).collect())
        })
        .await
    }

    async fn update_usage_plan(
        &self,
        plan_id: &str,
        patches: &[UsagePlanPatch],
    ) -> Result<UsagePlan> {
        self.serve(UPDATE_USAGE_PLAN, |w| {
            plans::update_plan(w, plan_id, patches)
        })
        .await
    }

    async fn delete_usage_plan(&self, plan_id: &str) -> Result<()> {
        self.serve(DELETE_USAGE_PLAN, |w| plans::delete_plan(w, plan_id))
            .await
    }

    async fn create_api_key(&self, key: &NewApiKey) -> Result<ApiKey> {
        self.serve(CREATE_API_KEY, |w| plans::create_key(w, key))
            .await
    }

    async fn find_api_keys(&self, name: &str, include_values: bool) -> Result<Vec<ApiKey>> {
        self.serve(GET_API_KEYS, |w| {
            Ok(plans::find_keys(&w.restapi, name, include_values))
        })
        .await
    }

    async fn delete_api_key(&self, key_id: &str) -> Result<()> {
        self.serve(DELETE_API_KEY, |w| plans::delete_key(w, key_id))
            .await
    }

    async fn create_usage_plan_key(&self, plan_id: &str, key_id: &str) -> Result<UsagePlanKey> {
        self.serve(CREATE_USAGE_PLAN_KEY, |w| {
            plans::create_plan_key(w, plan_id, key_id)
        })
        .await
    }

    async fn list_usage_plan_keys(&self, plan_id: &str) -> Result<Vec<UsagePlanKey>> {
        self.serve(GET_USAGE_PLAN_KEYS, |w| {
            plans::list_plan_keys(&w.restapi, plan_id)
        })
        .await
    }

    async fn delete_usage_plan_key(&self, plan_id: &str, key_id: &str) -> Result<()> {
        self.serve(DELETE_USAGE_PLAN_KEY, |w| {
            plans::delete_plan_key(w, plan_id, key_id)
        })
        .await
    }

    async fn create_domain_name(&self, domain: &NewDomainName) -> Result<DomainName> {
        self.serve(CREATE_DOMAIN_NAME, |w| domains::create_domain(w, domain))
            .await
    }

    async fn get_domain_name(&self, name: &str) -> Result<DomainName> {
        self.serve(GET_DOMAIN_NAME, |w| {
            Ok(domains::domain(&w.restapi, GET_DOMAIN_NAME, name)?
                .domain
                .clone())
        })
        .await
    }

    async fn delete_domain_name(&self, name: &str) -> Result<()> {
        self.serve(DELETE_DOMAIN_NAME, |w| {
            domains::domain(&w.restapi, DELETE_DOMAIN_NAME, name)?;
            w.restapi.domains.remove(name);
            Ok(())
        })
        .await
    }

    async fn create_base_path_mapping(
        &self,
        domain: &str,
        mapping: &BasePathMapping,
    ) -> Result<BasePathMapping> {
        self.serve(CREATE_BASE_PATH_MAPPING, |w| {
            domains::create_mapping(w, domain, mapping)
        })
        .await
    }

    async fn list_base_path_mappings(&self, domain: &str) -> Result<Vec<BasePathMapping>> {
        self.serve(GET_BASE_PATH_MAPPINGS, |w| {
            let found = domains::domain(&w.restapi, GET_BASE_PATH_MAPPINGS, domain)?;
            Ok(found.mappings.values().cloned().collect())
        })
        .await
    }

    async fn delete_base_path_mapping(&self, domain: &str, base_path: &str) -> Result<()> {
        self.serve(DELETE_BASE_PATH_MAPPING, |w| {
            domains::delete_mapping(w, domain, base_path)
        })
        .await
    }
}
