//! [`SdkApiGateway`]: the [`ApiGateway`] trait over `aws-sdk-apigateway`.
//!
//! The only file of the concern that imports the SDK. Every call goes through the shared
//! [`Caller`] (pacing → timeout → retry → span) with an [`Op`] named as in the AWS API
//! reference; the non-idempotent creates (`CreateRestApi`, `CreateDeployment`,
//! `CreateUsagePlan`, `CreateApiKey`) use [`Caller::create`] with a lookup. Answers are
//! untrusted input: a missing id is an [`ErrorKind::Other`] error, never a panic.

use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::time::SystemTime;

use aws_sdk_apigateway::types as sdk;
use aws_sdk_apigateway::types::Op as PatchOp;
use aws_smithy_types::DateTime;

use super::api::ApiGateway;
use super::lookup;
use super::model::{
    ApiKey, ApiKeyValue, ApiStage, Authorization, BasePathMapping, Deployment, DomainName,
    DomainNameStatus, EndpointType, GatewayResponse, GatewayResponseType, Integration,
    IntegrationResponse, IntegrationType, LoggingLevel, Method, MethodPatch, MethodResponse,
    MethodSetting, MethodSpec, NewApiKey, NewDeployment, NewDomainName, NewRestApi, NewStage,
    NewUsagePlan, PassthroughBehavior, Quota, QuotaPeriod, Resource, RestApi, RestApiPatch,
    SecurityPolicy, Stage, StagePatch, Tags, Throttle, UsagePlan, UsagePlanKey, UsagePlanPatch,
    MAX_PAGE_SIZE,
};
use super::ops::*;
use crate::runtime::{from_sdk, Caller, Op};
use crate::{AwsContext, Error, ErrorKind, Result};

/// How AWS spells the root base path mapping, in answers and in `DeleteBasePathMapping`.
const ROOT_BASE_PATH: &str = "(none)";

/// Pages followed at most before a listing is abandoned (a server repeating positions).
const MAX_PAGES: usize = 10_000;

/// API Gateway through the AWS SDK.
#[derive(Debug, Clone)]
pub struct SdkApiGateway {
    client: aws_sdk_apigateway::Client,
    caller: Caller,
    page_size: i32,
}

impl SdkApiGateway {
    /// Uses the context's client (primary region) and shared caller.
    pub fn new(ctx: &AwsContext) -> Self {
        Self::from_client(ctx.apigateway().clone(), ctx.caller().clone())
    }

    /// For tests (aws-smithy-mocks clients) and custom clients.
    pub fn from_client(client: aws_sdk_apigateway::Client, caller: Caller) -> Self {
        Self {
            client,
            caller,
            page_size: MAX_PAGE_SIZE,
        }
    }

    /// Sets the page size (`limit`) of every listing, clamped to 1..=500 (default 500, the
    /// AWS maximum). Smaller pages only serve tests of pagination.
    pub fn with_page_size(mut self, page_size: i32) -> Self {
        self.page_size = page_size.clamp(1, MAX_PAGE_SIZE);
        self
    }

    /// Sends `send(position)` through the caller for each page until AWS stops answering a
    /// `position`, and returns the pages in order.
    async fn all_pages<O, F, Fut>(&self, op: Op, resource: &str, send: F) -> Result<Vec<O>>
    where
        O: Page,
        F: Fn(Option<String>) -> Fut,
        Fut: Future<Output = Result<O>>,
    {
        let mut pages = Vec::new();
        let mut position: Option<String> = None;
        loop {
            let page = self
                .caller
                .call(op, resource, || send(position.clone()))
                .await?;
            let next = page
                .next_position()
                .filter(|p| !p.is_empty())
                .map(str::to_owned);
            pages.push(page);
            match next {
                None => return Ok(pages),
                Some(next) if position.as_deref() == Some(next.as_str()) => {
                    return Err(Error::new(
                        ErrorKind::Other,
                        op.name,
                        format!("AWS answered the page position '{next}' twice"),
                    )
                    .with_resource(resource))
                }
                Some(_) if pages.len() >= MAX_PAGES => {
                    return Err(Error::new(
                        ErrorKind::Other,
                        op.name,
                        format!("more than {MAX_PAGES} pages; giving up"),
                    )
                    .with_resource(resource))
                }
                Some(next) => position = Some(next),
            }
        }
    }
}

/// A listing answer with a continuation position.
trait Page {
    fn next_position(&self) -> Option<&str>;
}

macro_rules! impl_page {
    ($($output:ty),+ $(,)?) => {
        $(impl Page for $output {
            fn next_position(&self) -> Option<&str> {
                self.position()
            }
        })+
    };
}

impl_page!(
    aws_sdk_apigateway::operation::get_rest_apis::GetRestApisOutput,
    aws_sdk_apigateway::operation::get_resources::GetResourcesOutput,
    aws_sdk_apigateway::operation::get_gateway_responses::GetGatewayResponsesOutput,
    aws_sdk_apigateway::operation::get_deployments::GetDeploymentsOutput,
    aws_sdk_apigateway::operation::get_usage_plans::GetUsagePlansOutput,
    aws_sdk_apigateway::operation::get_api_keys::GetApiKeysOutput,
    aws_sdk_apigateway::operation::get_usage_plan_keys::GetUsagePlanKeysOutput,
    aws_sdk_apigateway::operation::get_base_path_mappings::GetBasePathMappingsOutput,
);

#[async_trait::async_trait]
impl ApiGateway for SdkApiGateway {
    async fn find_rest_apis(&self, name: &str) -> Result<Vec<RestApi>> {
        let pages = self
            .all_pages(GET_REST_APIS, name, |position| async move {
                self.client
                    .get_rest_apis()
                    .limit(self.page_size)
                    .set_position(position)
                    .send()
                    .await
                    .map_err(|e| from_sdk(GET_REST_APIS.name, e))
            })
            .await?;
        let mut found = Vec::new();
        for page in &pages {
            for item in page.items() {
                if item.name() == Some(name) {
                    found.push(rest_api!(GET_REST_APIS, item));
                }
            }
        }
        Ok(found)
    }

    async fn create_rest_api(&self, new: &NewRestApi) -> Result<RestApi> {
        let endpoint = sdk::EndpointConfiguration::builder()
            .types(sdk::EndpointType::from(new.endpoint_type.as_str()))
            .build();
        let out = self
            .caller
            .create(
                super::create_rest_api_op(new.endpoint_type),
                &new.name,
                || lookup::created_rest_api(self, new),
                || async {
                    let out = self
                        .client
                        .create_rest_api()
                        .name(&new.name)
                        .set_description(new.description.clone())
                        .endpoint_configuration(endpoint.clone())
                        .set_tags(non_empty(&new.tags))
                        .send()
                        .await
                        .map_err(|e| from_sdk(CREATE_REST_API.name, e))?;
                    Ok(rest_api!(CREATE_REST_API, &out))
                },
            )
            .await?;
        Ok(out)
    }

    async fn get_rest_api(&self, api_id: &str) -> Result<RestApi> {
        let out = self
            .caller
            .call(GET_REST_API, api_id, || async {
                self.client
                    .get_rest_api()
                    .rest_api_id(api_id)
                    .send()
                    .await
                    .map_err(|e| from_sdk(GET_REST_API.name, e))
            })
            .await?;
        Ok(rest_api!(GET_REST_API, &out))
    }

    async fn update_rest_api(&self, api_id: &str, patches: &[RestApiPatch]) -> Result<RestApi> {
        let ops = rest_api_patch_ops(patches);
        let out = self
            .caller
            .call(UPDATE_REST_API, api_id, || async {
                self.client
                    .update_rest_api()
                    .rest_api_id(api_id)
                    .set_patch_operations(Some(ops.clone()))
                    .send()
                    .await
                    .map_err(|e| from_sdk(UPDATE_REST_API.name, e))
            })
            .await?;
        Ok(rest_api!(UPDATE_REST_API, &out))
    }

    async fn delete_rest_api(&self, api_id: &str) -> Result<()> {
        self.caller
            .call(DELETE_REST_API, api_id, || async {
                self.client
                    .delete_rest_api()
                    .rest_api_id(api_id)
                    .send()
                    .await
                    .map_err(|e| from_sdk(DELETE_REST_API.name, e))
            })
            .await?;
        Ok(())
    }

    async fn get_resource_policy(&self, api_id: &str) -> Result<Option<String>> {
        Ok(self.get_rest_api(api_id).await?.policy)
    }

    async fn get_resources(&self, api_id: &str) -> Result<Vec<Resource>> {
        let pages = self
            .all_pages(GET_RESOURCES, api_id, |position| async move {
                self.client
                    .get_resources()
                    .rest_api_id(api_id)
                    .embed("methods")
                    .limit(self.page_size)
                    .set_position(position)
                    .send()
                    .await
                    .map_err(|e| from_sdk(GET_RESOURCES.name, e))
            })
            .await?;
        let mut resources = Vec::new();
        for page in &pages {
            for item in page.items() {
                resources.push(resource!(GET_RESOURCES, item));
            }
        }
        Ok(resources)
    }

    async fn create_resource(
        &self,
        api_id: &str,
        parent_id: &str,
        path_part: &str,
    ) -> Result<Resource> {
        let target = format!("{api_id} {parent_id}/{path_part}");
        let out = self
            .caller
            .call(CREATE_RESOURCE, &target, || async {
                self.client
                    .create_resource()
                    .rest_api_id(api_id)
                    .parent_id(parent_id)
                    .path_part(path_part)
                    .send()
                    .await
                    .map_err(|e| from_sdk(CREATE_RESOURCE.name, e))
            })
            .await?;
        Ok(resource!(CREATE_RESOURCE, &out))
    }

    async fn delete_resource(&self, api_id: &str, resource_id: &str) -> Result<()> {
        let target = format!("{api_id} {resource_id}");
        self.caller
            .call(DELETE_RESOURCE, &target, || async {
                self.client
                    .delete_resource()
                    .rest_api_id(api_id)
                    .resource_id(resource_id)
                    .send()
                    .await
                    .map_err(|e| from_sdk(DELETE_RESOURCE.name, e))
            })
            .await?;
        Ok(())
    }

    async fn put_method(
        &self,
        api_id: &str,
        resource_id: &str,
        method: &MethodSpec,
    ) -> Result<Method> {
        let target = method_target(api_id, resource_id, &method.http_method);
        let out = self
            .caller
            .call(PUT_METHOD, &target, || async {
                self.client
                    .put_method()
                    .rest_api_id(api_id)
                    .resource_id(resource_id)
                    .http_method(&method.http_method)
                    .authorization_type(method.authorization.as_str())
                    .api_key_required(method.api_key_required)
                    .set_request_parameters(non_empty_map(&method.request_parameters))
                    .send()
                    .await
                    .map_err(|e| from_sdk(PUT_METHOD.name, e))
            })
            .await?;
        Ok(method!(PUT_METHOD, &out, &method.http_method))
    }

    async fn get_method(
        &self,
        api_id: &str,
        resource_id: &str,
        http_method: &str,
    ) -> Result<Method> {
        let target = method_target(api_id, resource_id, http_method);
        let out = self
            .caller
            .call(GET_METHOD, &target, || async {
                self.client
                    .get_method()
                    .rest_api_id(api_id)
                    .resource_id(resource_id)
                    .http_method(http_method)
                    .send()
                    .await
                    .map_err(|e| from_sdk(GET_METHOD.name, e))
            })
            .await?;
        Ok(method!(GET_METHOD, &out, http_method))
    }

    async fn update_method(
        &self,
        api_id: &str,
        resource_id: &str,
        http_method: &str,
        patches: &[MethodPatch],
    ) -> Result<Method> {
        let target = method_target(api_id, resource_id, http_method);
        let ops = method_patch_ops(patches);
        let out = self
            .caller
            .call(UPDATE_METHOD, &target, || async {
                self.client
                    .update_method()
                    .rest_api_id(api_id)
                    .resource_id(resource_id)
                    .http_method(http_method)
                    .set_patch_operations(Some(ops.clone()))
                    .send()
                    .await
                    .map_err(|e| from_sdk(UPDATE_METHOD.name, e))
            })
            .await?;
        Ok(method!(UPDATE_METHOD, &out, http_method))
    }

    async fn delete_method(
        &self,
        api_id: &str,
        resource_id: &str,
        http_method: &str,
    ) -> Result<()> {
        let target = method_target(api_id, resource_id, http_method);
        self.caller
            .call(DELETE_METHOD, &target, || async {
                self.client
                    .delete_method()
                    .rest_api_id(api_id)
                    .resource_id(resource_id)
                    .http_method(http_method)
                    .send()
                    .await
                    .map_err(|e| from_sdk(DELETE_METHOD.name, e))
            })
            .await?;
        Ok(())
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
        let timeout = integration
            .timeout_in_millis
            .map(|ms| {
                i32::try_from(ms).map_err(|_| {
                    Error::new(
                        ErrorKind::Invalid,
                        op.name,
                        format!("timeout of {ms} ms is out of range"),
                    )
                    .with_resource(target.clone())
                })
            })
            .transpose()?;
        let out = self
            .caller
            .call(op, &target, || async {
                self.client
                    .put_integration()
                    .rest_api_id(api_id)
                    .resource_id(resource_id)
                    .http_method(http_method)
                    .r#type(sdk::IntegrationType::from(
                        integration.integration_type.as_str(),
                    ))
                    .set_integration_http_method(integration.http_method.clone())
                    .set_uri(integration.uri.clone())
                    .set_credentials(integration.credentials.clone())
                    .set_timeout_in_millis(timeout)
                    .set_request_templates(non_empty(&integration.request_templates))
                    .set_request_parameters(non_empty(&integration.request_parameters))
                    .set_passthrough_behavior(
                        integration
                            .passthrough_behavior
                            .map(|p| p.as_str().to_owned()),
                    )
                    .send()
                    .await
                    .map_err(|e| from_sdk(op.name, e))
            })
            .await?;
        integration!(op, &out).ok_or_else(|| {
            Error::new(ErrorKind::Other, op.name, "answer had no integration type")
                .with_resource(target)
        })
    }

    async fn get_integration(
        &self,
        api_id: &str,
        resource_id: &str,
        http_method: &str,
    ) -> Result<Integration> {
        let target = method_target(api_id, resource_id, http_method);
        let out = self
            .caller
            .call(GET_INTEGRATION, &target, || async {
                self.client
                    .get_integration()
                    .rest_api_id(api_id)
                    .resource_id(resource_id)
                    .http_method(http_method)
                    .send()
                    .await
                    .map_err(|e| from_sdk(GET_INTEGRATION.name, e))
            })
            .await?;
        // AWS answers NotFoundException for a method without integration; some emulators
        // answer an empty object instead: both mean "none".
        integration!(GET_INTEGRATION, &out).ok_or_else(|| {
            Error::new(
                ErrorKind::NotFound,
                GET_INTEGRATION.name,
                "the method has no integration",
            )
            .with_resource(target)
        })
    }

    async fn delete_integration(
        &self,
        api_id: &str,
        resource_id: &str,
        http_method: &str,
    ) -> Result<()> {
        let target = method_target(api_id, resource_id, http_method);
        self.caller
            .call(DELETE_INTEGRATION, &target, || async {
                self.client
                    .delete_integration()
                    .rest_api_id(api_id)
                    .resource_id(resource_id)
                    .http_method(http_method)
                    .send()
                    .await
                    .map_err(|e| from_sdk(DELETE_INTEGRATION.name, e))
            })
            .await?;
        Ok(())
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
        let out = self
            .caller
            .call(PUT_METHOD_RESPONSE, &target, || async {
                self.client
                    .put_method_response()
                    .rest_api_id(api_id)
                    .resource_id(resource_id)
                    .http_method(http_method)
                    .status_code(&response.status_code)
                    .set_response_parameters(non_empty_map(&response.response_parameters))
                    .set_response_models(non_empty(&response.response_models))
                    .send()
                    .await
                    .map_err(|e| from_sdk(PUT_METHOD_RESPONSE.name, e))
            })
            .await?;
        Ok(method_response!(&out, &response.status_code))
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
        let out = self
            .caller
            .call(PUT_INTEGRATION_RESPONSE, &target, || async {
                self.client
                    .put_integration_response()
                    .rest_api_id(api_id)
                    .resource_id(resource_id)
                    .http_method(http_method)
                    .status_code(&response.status_code)
                    .set_selection_pattern(response.selection_pattern.clone())
                    .set_response_templates(non_empty(&response.response_templates))
                    .set_response_parameters(non_empty(&response.response_parameters))
                    .send()
                    .await
                    .map_err(|e| from_sdk(PUT_INTEGRATION_RESPONSE.name, e))
            })
            .await?;
        Ok(integration_response!(&out, &response.status_code))
    }

    async fn put_gateway_response(
        &self,
        api_id: &str,
        response: &GatewayResponse,
    ) -> Result<GatewayResponse> {
        let target = format!("{api_id} {}", response.response_type);
        let out = self
            .caller
            .call(PUT_GATEWAY_RESPONSE, &target, || async {
                self.client
                    .put_gateway_response()
                    .rest_api_id(api_id)
                    .response_type(sdk::GatewayResponseType::from(
                        response.response_type.as_str(),
                    ))
                    .set_status_code(response.status_code.clone())
                    .set_response_templates(non_empty(&response.response_templates))
                    .set_response_parameters(non_empty(&response.response_parameters))
                    .send()
                    .await
                    .map_err(|e| from_sdk(PUT_GATEWAY_RESPONSE.name, e))
            })
            .await?;
        gateway_response!(&out, Some(response.response_type)).ok_or_else(|| {
            Error::new(
                ErrorKind::Other,
                PUT_GATEWAY_RESPONSE.name,
                "answer had an unknown response type",
            )
            .with_resource(target)
        })
    }

    async fn get_gateway_response(
        &self,
        api_id: &str,
        response_type: GatewayResponseType,
    ) -> Result<GatewayResponse> {
        let target = format!("{api_id} {response_type}");
        let out = self
            .caller
            .call(GET_GATEWAY_RESPONSE, &target, || async {
                self.client
                    .get_gateway_response()
                    .rest_api_id(api_id)
                    .response_type(sdk::GatewayResponseType::from(response_type.as_str()))
                    .send()
                    .await
                    .map_err(|e| from_sdk(GET_GATEWAY_RESPONSE.name, e))
            })
            .await?;
        gateway_response!(&out, Some(response_type)).ok_or_else(|| {
            Error::new(
                ErrorKind::Other,
                GET_GATEWAY_RESPONSE.name,
                "answer had an unknown response type",
            )
            .with_resource(target)
        })
    }

    async fn list_gateway_responses(&self, api_id: &str) -> Result<Vec<GatewayResponse>> {
        let pages = self
            .all_pages(GET_GATEWAY_RESPONSES, api_id, |position| async move {
                self.client
                    .get_gateway_responses()
                    .rest_api_id(api_id)
                    .limit(self.page_size)
                    .set_position(position)
                    .send()
                    .await
                    .map_err(|e| from_sdk(GET_GATEWAY_RESPONSES.name, e))
            })
            .await?;
        let mut responses = Vec::new();
        for page in &pages {
            for item in page.items() {
                match gateway_response!(item, None) {
                    Some(response) => responses.push(response),
                    None => tracing::debug!(
                        response_type = ?item.response_type(),
                        "skipping a gateway response type this crate does not know"
                    ),
                }
            }
        }
        Ok(responses)
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
                || async {
                    let out = self
                        .client
                        .create_deployment()
                        .rest_api_id(api_id)
                        .set_stage_name(deployment.stage_name.clone())
                        .description(&deployment.description)
                        .send()
                        .await
                        .map_err(|e| from_sdk(CREATE_DEPLOYMENT.name, e))?;
                    Ok(deployment!(CREATE_DEPLOYMENT, &out))
                },
            )
            .await
    }

    async fn get_deployment(&self, api_id: &str, deployment_id: &str) -> Result<Deployment> {
        let target = format!("{api_id} {deployment_id}");
        let out = self
            .caller
            .call(GET_DEPLOYMENT, &target, || async {
                self.client
                    .get_deployment()
                    .rest_api_id(api_id)
                    .deployment_id(deployment_id)
                    .send()
                    .await
                    .map_err(|e| from_sdk(GET_DEPLOYMENT.name, e))
            })
            .await?;
        Ok(deployment!(GET_DEPLOYMENT, &out))
    }

    async fn list_deployments(&self, api_id: &str) -> Result<Vec<Deployment>> {
        let pages = self
            .all_pages(GET_DEPLOYMENTS, api_id, |position| async move {
                self.client
                    .get_deployments()
                    .rest_api_id(api_id)
                    .limit(self.page_size)
                    .set_position(position)
                    .send()
                    .await
                    .map_err(|e| from_sdk(GET_DEPLOYMENTS.name, e))
            })
            .await?;
        let mut deployments = Vec::new();
        for page in &pages {
            for item in page.items() {
                deployments.push(deployment!(GET_DEPLOYMENTS, item));
            }
        }
        Ok(deployments)
    }

    async fn create_stage(&self, api_id: &str, stage: &NewStage) -> Result<Stage> {
        let target = format!("{api_id} {}", stage.name);
        let out = self
            .caller
            .call(CREATE_STAGE, &target, || async {
                self.client
                    .create_stage()
                    .rest_api_id(api_id)
                    .stage_name(&stage.name)
                    .deployment_id(&stage.deployment_id)
                    .set_description(stage.description.clone())
                    .set_variables(non_empty(&stage.variables))
                    .set_tags(non_empty(&stage.tags))
                    .send()
                    .await
                    .map_err(|e| from_sdk(CREATE_STAGE.name, e))
            })
            .await?;
        Ok(stage!(CREATE_STAGE, &out))
    }

    async fn get_stage(&self, api_id: &str, stage_name: &str) -> Result<Stage> {
        let target = format!("{api_id} {stage_name}");
        let out = self
            .caller
            .call(GET_STAGE, &target, || async {
                self.client
                    .get_stage()
                    .rest_api_id(api_id)
                    .stage_name(stage_name)
                    .send()
                    .await
                    .map_err(|e| from_sdk(GET_STAGE.name, e))
            })
            .await?;
        Ok(stage!(GET_STAGE, &out))
    }

    async fn list_stages(&self, api_id: &str) -> Result<Vec<Stage>> {
        let out = self
            .caller
            .call(GET_STAGES, api_id, || async {
                self.client
                    .get_stages()
                    .rest_api_id(api_id)
                    .send()
                    .await
                    .map_err(|e| from_sdk(GET_STAGES.name, e))
            })
            .await?;
        let mut stages = Vec::new();
        for item in out.item() {
            stages.push(stage!(GET_STAGES, item));
        }
        Ok(stages)
    }

    async fn update_stage(
        &self,
        api_id: &str,
        stage_name: &str,
        patches: &[StagePatch],
    ) -> Result<Stage> {
        let target = format!("{api_id} {stage_name}");
        let ops = stage_patch_ops(patches);
        let out = self
            .caller
            .call(UPDATE_STAGE, &target, || async {
                self.client
                    .update_stage()
                    .rest_api_id(api_id)
                    .stage_name(stage_name)
                    .set_patch_operations(Some(ops.clone()))
                    .send()
                    .await
                    .map_err(|e| from_sdk(UPDATE_STAGE.name, e))
            })
            .await?;
        Ok(stage!(UPDATE_STAGE, &out))
    }

    async fn tag_resource(&self, arn: &str, tags: &Tags) -> Result<()> {
        let tags: HashMap<String, String> = tags.clone().into_iter().collect();
        self.caller
            .call(TAG_RESOURCE, arn, || async {
                self.client
                    .tag_resource()
                    .resource_arn(arn)
                    .set_tags(Some(tags.clone()))
                    .send()
                    .await
                    .map_err(|e| from_sdk(TAG_RESOURCE.name, e))
            })
            .await?;
        Ok(())
    }

    async fn create_usage_plan(&self, plan: &NewUsagePlan) -> Result<UsagePlan> {
        let stages: Vec<sdk::ApiStage> = plan
            .api_stages
            .iter()
            .map(|s| {
                sdk::ApiStage::builder()
                    .api_id(&s.api_id)
                    .stage(&s.stage)
                    .build()
            })
            .collect();
        let throttle = plan.throttle.map(|t| {
            sdk::ThrottleSettings::builder()
                .rate_limit(t.rate_limit)
                .burst_limit(t.burst_limit)
                .build()
        });
        let quota = plan.quota.map(|q| {
            sdk::QuotaSettings::builder()
                .limit(q.limit)
                .offset(q.offset)
                .period(sdk::QuotaPeriodType::from(q.period.as_str()))
                .build()
        });
        self.caller
            .create(
                CREATE_USAGE_PLAN,
                &plan.name,
                || lookup::created_usage_plan(self, plan),
                || async {
                    let out = self
                        .client
                        .create_usage_plan()
                        .name(&plan.name)
                        .set_description(plan.description.clone())
                        .set_api_stages((!stages.is_empty()).then(|| stages.clone()))
                        .set_throttle(throttle.clone())
                        .set_quota(quota.clone())
                        .set_tags(non_empty(&plan.tags))
                        .send()
                        .await
                        .map_err(|e| from_sdk(CREATE_USAGE_PLAN.name, e))?;
                    Ok(usage_plan!(CREATE_USAGE_PLAN, &out))
                },
            )
            .await
    }

    async fn get_usage_plan(&self, plan_id: &str) -> Result<UsagePlan> {
        let out = self
            .caller
            .call(GET_USAGE_PLAN, plan_id, || async {
                self.client
                    .get_usage_plan()
                    .usage_plan_id(plan_id)
                    .send()
                    .await
                    .map_err(|e| from_sdk(GET_USAGE_PLAN.name, e))
            })
            .await?;
        Ok(usage_plan!(GET_USAGE_PLAN, &out))
    }

    async fn list_usage_plans(&self) -> Result<Vec<UsagePlan>> {
        let pages = self
            .all_pages(GET_USAGE_PLANS, "usage plans", |position| async move {
                self.client
                    .get_usage_plans()
                    .limit(self.page_size)
                    .set_position(position)
                    .send()
                    .await
                    .map_err(|e| from_sdk(GET_USAGE_PLANS.name, e))
            })
            .await?;
        let mut plans = Vec::new();
        for page in &pages {
            for item in page.items() {
                plans.push(usage_plan!(GET_USAGE_PLANS, item));
            }
        }
        Ok(plans)
    }

    async fn update_usage_plan(
        &self,
        plan_id: &str,
        patches: &[UsagePlanPatch],
    ) -> Result<UsagePlan> {
        let ops = usage_plan_patch_ops(patches);
        let out = self
            .caller
            .call(UPDATE_USAGE_PLAN, plan_id, || async {
                self.client
                    .update_usage_plan()
                    .usage_plan_id(plan_id)
                    .set_patch_operations(Some(ops.clone()))
                    .send()
                    .await
                    .map_err(|e| from_sdk(UPDATE_USAGE_PLAN.name, e))
            })
            .await?;
        Ok(usage_plan!(UPDATE_USAGE_PLAN, &out))
    }

    async fn delete_usage_plan(&self, plan_id: &str) -> Result<()> {
        self.caller
            .call(DELETE_USAGE_PLAN, plan_id, || async {
                self.client
                    .delete_usage_plan()
                    .usage_plan_id(plan_id)
                    .send()
                    .await
                    .map_err(|e| from_sdk(DELETE_USAGE_PLAN.name, e))
            })
            .await?;
        Ok(())
    }

    async fn create_api_key(&self, key: &NewApiKey) -> Result<ApiKey> {
        self.caller
            .create(
                CREATE_API_KEY,
                &key.name,
                || lookup::created_api_key(self, key),
                || async {
                    let out = self
                        .client
                        .create_api_key()
                        .name(&key.name)
                        .set_description(key.description.clone())
                        .enabled(key.enabled)
                        .set_tags(non_empty(&key.tags))
                        .send()
                        .await
                        .map_err(|e| from_sdk(CREATE_API_KEY.name, e))?;
                    // The answer carries the value; it is dropped here (secret).
                    Ok(api_key!(CREATE_API_KEY, &out, false))
                },
            )
            .await
    }

    async fn find_api_keys(&self, name: &str, include_values: bool) -> Result<Vec<ApiKey>> {
        let pages = self
            .all_pages(GET_API_KEYS, name, |position| async move {
                self.client
                    .get_api_keys()
                    .name_query(name)
                    .include_values(include_values)
                    .limit(self.page_size)
                    .set_position(position)
                    .send()
                    .await
                    .map_err(|e| from_sdk(GET_API_KEYS.name, e))
            })
            .await?;
        let mut keys = Vec::new();
        for page in &pages {
            for item in page.items() {
                // `nameQuery` may match more than the exact name (a prefix, in emulators).
                if item.name() == Some(name) {
                    keys.push(api_key!(GET_API_KEYS, item, include_values));
                }
            }
        }
        Ok(keys)
    }

    async fn delete_api_key(&self, key_id: &str) -> Result<()> {
        self.caller
            .call(DELETE_API_KEY, key_id, || async {
                self.client
                    .delete_api_key()
                    .api_key(key_id)
                    .send()
                    .await
                    .map_err(|e| from_sdk(DELETE_API_KEY.name, e))
            })
            .await?;
        Ok(())
    }

    async fn create_usage_plan_key(&self, plan_id: &str, key_id: &str) -> Result<UsagePlanKey> {
        let target = format!("{plan_id} {key_id}");
        let out = self
            .caller
            .call(CREATE_USAGE_PLAN_KEY, &target, || async {
                self.client
                    .create_usage_plan_key()
                    .usage_plan_id(plan_id)
                    .key_id(key_id)
                    .key_type("API_KEY")
                    .send()
                    .await
                    .map_err(|e| from_sdk(CREATE_USAGE_PLAN_KEY.name, e))
            })
            .await?;
        Ok(usage_plan_key!(CREATE_USAGE_PLAN_KEY, &out))
    }

    async fn list_usage_plan_keys(&self, plan_id: &str) -> Result<Vec<UsagePlanKey>> {
        let pages = self
            .all_pages(GET_USAGE_PLAN_KEYS, plan_id, |position| async move {
                self.client
                    .get_usage_plan_keys()
                    .usage_plan_id(plan_id)
                    .limit(self.page_size)
                    .set_position(position)
                    .send()
                    .await
                    .map_err(|e| from_sdk(GET_USAGE_PLAN_KEYS.name, e))
            })
            .await?;
        let mut keys = Vec::new();
        for page in &pages {
            for item in page.items() {
                keys.push(usage_plan_key!(GET_USAGE_PLAN_KEYS, item));
            }
        }
        Ok(keys)
    }

    async fn delete_usage_plan_key(&self, plan_id: &str, key_id: &str) -> Result<()> {
        let target = format!("{plan_id} {key_id}");
        self.caller
            .call(DELETE_USAGE_PLAN_KEY, &target, || async {
                self.client
                    .delete_usage_plan_key()
                    .usage_plan_id(plan_id)
                    .key_id(key_id)
                    .send()
                    .await
                    .map_err(|e| from_sdk(DELETE_USAGE_PLAN_KEY.name, e))
            })
            .await?;
        Ok(())
    }

    async fn create_domain_name(&self, domain: &NewDomainName) -> Result<DomainName> {
        let endpoint = sdk::EndpointConfiguration::builder()
            .types(sdk::EndpointType::from(domain.endpoint_type.as_str()))
            .build();
        let (edge_cert, regional_cert) = match domain.endpoint_type {
            EndpointType::Regional => (None, Some(domain.certificate_arn.clone())),
            _ => (Some(domain.certificate_arn.clone()), None),
        };
        let out = self
            .caller
            .call(CREATE_DOMAIN_NAME, &domain.name, || async {
                self.client
                    .create_domain_name()
                    .domain_name(&domain.name)
                    .endpoint_configuration(endpoint.clone())
                    .set_certificate_arn(edge_cert.clone())
                    .set_regional_certificate_arn(regional_cert.clone())
                    .security_policy(sdk::SecurityPolicy::from(domain.security_policy.as_str()))
                    .set_tags(non_empty(&domain.tags))
                    .send()
                    .await
                    .map_err(|e| from_sdk(CREATE_DOMAIN_NAME.name, e))
            })
            .await?;
        Ok(domain_name!(CREATE_DOMAIN_NAME, &out))
    }

    async fn get_domain_name(&self, name: &str) -> Result<DomainName> {
        let out = self
            .caller
            .call(GET_DOMAIN_NAME, name, || async {
                self.client
                    .get_domain_name()
                    .domain_name(name)
                    .send()
                    .await
                    .map_err(|e| from_sdk(GET_DOMAIN_NAME.name, e))
            })
            .await?;
        Ok(domain_name!(GET_DOMAIN_NAME, &out))
    }

    async fn delete_domain_name(&self, name: &str) -> Result<()> {
        self.caller
            .call(DELETE_DOMAIN_NAME, name, || async {
                self.client
                    .delete_domain_name()
                    .domain_name(name)
                    .send()
                    .await
                    .map_err(|e| from_sdk(DELETE_DOMAIN_NAME.name, e))
            })
            .await?;
        Ok(())
    }

    async fn create_base_path_mapping(
        &self,
        domain: &str,
        mapping: &BasePathMapping,
    ) -> Result<BasePathMapping> {
        let target = format!("{domain}/{}", mapping.base_path);
        // The root mapping is created by omitting basePath (AWS then answers `(none)`).
        let base_path = (!mapping.base_path.is_empty()).then(|| mapping.base_path.clone());
        let out = self
            .caller
            .call(CREATE_BASE_PATH_MAPPING, &target, || async {
                self.client
                    .create_base_path_mapping()
                    .domain_name(domain)
                    .set_base_path(base_path.clone())
                    .rest_api_id(&mapping.rest_api_id)
                    .set_stage(mapping.stage.clone())
                    .send()
                    .await
                    .map_err(|e| from_sdk(CREATE_BASE_PATH_MAPPING.name, e))
            })
            .await?;
        Ok(base_path_mapping!(CREATE_BASE_PATH_MAPPING, &out))
    }

    async fn list_base_path_mappings(&self, domain: &str) -> Result<Vec<BasePathMapping>> {
        let pages = self
            .all_pages(GET_BASE_PATH_MAPPINGS, domain, |position| async move {
                self.client
                    .get_base_path_mappings()
                    .domain_name(domain)
                    .limit(self.page_size)
                    .set_position(position)
                    .send()
                    .await
                    .map_err(|e| from_sdk(GET_BASE_PATH_MAPPINGS.name, e))
            })
            .await?;
        let mut mappings = Vec::new();
        for page in &pages {
            for item in page.items() {
                mappings.push(base_path_mapping!(GET_BASE_PATH_MAPPINGS, item));
            }
        }
        Ok(mappings)
    }

    async fn delete_base_path_mapping(&self, domain: &str, base_path: &str) -> Result<()> {
        let target = format!("{domain}/{base_path}");
        let aws_base_path = to_aws_base_path(base_path);
        self.caller
            .call(DELETE_BASE_PATH_MAPPING, &target, || async {
                self.client
                    .delete_base_path_mapping()
                    .domain_name(domain)
                    .base_path(aws_base_path)
                    .send()
                    .await
                    .map_err(|e| from_sdk(DELETE_BASE_PATH_MAPPING.name, e))
            })
            .await?;
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// SDK -> model. Macros rather than functions because AWS answers the same shape as several
// distinct SDK types (`RestApi`, `CreateRestApiOutput`, `GetRestApiOutput`, ...) with the
// same accessors. Used inside functions returning `Result` (`?` on missing ids).

macro_rules! rest_api {
    ($op:expr, $src:expr) => {{
        let src = $src;
        RestApi {
            id: required($op, src.id(), "id")?,
            name: src.name().unwrap_or_default().to_owned(),
            description: src.description().map(str::to_owned),
            created_date: time(src.created_date()),
            endpoint_types: src
                .endpoint_configuration()
                .map(|c| {
                    c.types()
                        .iter()
                        .filter_map(|t| t.as_str().parse().ok())
                        .collect()
                })
                .unwrap_or_default(),
            root_resource_id: src.root_resource_id().map(str::to_owned),
            tags: tags(src.tags()),
            policy: src.policy().map(unescape_policy),
            disable_execute_api_endpoint: src.disable_execute_api_endpoint(),
        }
    }};
}
use rest_api;

macro_rules! resource {
    ($op:expr, $src:expr) => {{
        let src = $src;
        let mut methods = BTreeMap::new();
        for (verb, method) in src.resource_methods().into_iter().flatten() {
            methods.insert(verb.clone(), method!($op, method, verb));
        }
        Resource {
            id: required($op, src.id(), "id")?,
            parent_id: src.parent_id().map(str::to_owned),
            path: required($op, src.path(), "path")?,
            path_part: src.path_part().map(str::to_owned),
            methods,
        }
    }};
}
use resource;

macro_rules! method {
    ($op:expr, $src:expr, $verb:expr) => {{
        let src = $src;
        let mut responses: Vec<String> = src
            .method_responses()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        responses.sort();
        let integration = match src.method_integration() {
            Some(integration) => integration!($op, integration),
            None => None,
        };
        Method {
            http_method: src.http_method().unwrap_or($verb).to_owned(),
            authorization: authorization($op, src.authorization_type())?,
            api_key_required: src.api_key_required().unwrap_or(false),
            request_parameters: map(src.request_parameters()),
            method_responses: responses,
            integration,
        }
    }};
}
use method;

/// `None` when the answer has no integration type (an empty integration).
macro_rules! integration {
    ($op:expr, $src:expr) => {{
        let src = $src;
        match src.r#type() {
            None => None,
            Some(kind) => {
                let integration_type: IntegrationType = kind.as_str().parse().map_err(|_| {
                    Error::new(
                        ErrorKind::Other,
                        $op.name,
                        format!("answer had an unknown integration type '{}'", kind.as_str()),
                    )
                })?;
                let mut responses = BTreeMap::new();
                for (code, response) in src.integration_responses().into_iter().flatten() {
                    responses.insert(code.clone(), integration_response!(response, code));
                }
                Some(Integration {
                    integration_type,
                    http_method: src.http_method().map(str::to_owned),
                    uri: src.uri().map(str::to_owned),
                    credentials: src.credentials().map(str::to_owned),
                    timeout_in_millis: u32::try_from(src.timeout_in_millis())
                        .ok()
                        .filter(|ms| *ms > 0),
                    request_templates: map(src.request_templates()),
                    request_parameters: map(src.request_parameters()),
                    passthrough_behavior: src
                        .passthrough_behavior()
                        .and_then(|p| p.parse::<PassthroughBehavior>().ok()),
                    responses,
                })
            }
        }
    }};
}
use integration;

macro_rules! integration_response {
    ($src:expr, $code:expr) => {{
        let src = $src;
        IntegrationResponse {
            status_code: src.status_code().unwrap_or($code).to_owned(),
            selection_pattern: src.selection_pattern().map(str::to_owned),
            response_templates: map(src.response_templates()),
            response_parameters: map(src.response_parameters()),
        }
    }};
}
use integration_response;

macro_rules! method_response {
    ($src:expr, $code:expr) => {{
        let src = $src;
        MethodResponse {
            status_code: src.status_code().unwrap_or($code).to_owned(),
            response_parameters: map(src.response_parameters()),
            response_models: map(src.response_models()),
        }
    }};
}
use method_response;

/// `None` when the response type is not one this crate names.
macro_rules! gateway_response {
    ($src:expr, $fallback:expr) => {{
        let src = $src;
        let fallback: Option<GatewayResponseType> = $fallback;
        let response_type = match src.response_type() {
            Some(t) => t.as_str().parse::<GatewayResponseType>().ok(),
            None => fallback,
        };
        response_type.map(|response_type| GatewayResponse {
            response_type,
            status_code: src.status_code().map(str::to_owned),
            response_templates: map(src.response_templates()),
            response_parameters: map(src.response_parameters()),
            default_response: src.default_response(),
        })
    }};
}
use gateway_response;

macro_rules! deployment {
    ($op:expr, $src:expr) => {{
        let src = $src;
        Deployment {
            id: required($op, src.id(), "id")?,
            description: src.description().map(str::to_owned),
            created_date: time(src.created_date()),
        }
    }};
}
use deployment;

macro_rules! stage {
    ($op:expr, $src:expr) => {{
        let src = $src;
        Stage {
            name: required($op, src.stage_name(), "stageName")?,
            deployment_id: src.deployment_id().map(str::to_owned),
            description: src.description().map(str::to_owned),
            method_settings: src
                .method_settings()
                .into_iter()
                .flatten()
                .map(|(key, s)| (key.clone(), method_setting(s)))
                .collect(),
            variables: map(src.variables()),
            tags: tags(src.tags()),
            created_date: time(src.created_date()),
            last_updated_date: time(src.last_updated_date()),
        }
    }};
}
use stage;

macro_rules! usage_plan {
    ($op:expr, $src:expr) => {{
        let src = $src;
        UsagePlan {
            id: required($op, src.id(), "id")?,
            name: src.name().unwrap_or_default().to_owned(),
            description: src.description().map(str::to_owned),
            api_stages: src
                .api_stages()
                .iter()
                .filter_map(|s| Some(ApiStage::new(s.api_id()?, s.stage()?)))
                .collect(),
            throttle: src.throttle().map(|t| Throttle {
                rate_limit: t.rate_limit(),
                burst_limit: t.burst_limit(),
            }),
            quota: src.quota().and_then(|q| {
                Some(Quota {
                    limit: q.limit(),
                    period: q.period()?.as_str().parse::<QuotaPeriod>().ok()?,
                    offset: q.offset(),
                })
            }),
            tags: tags(src.tags()),
        }
    }};
}
use usage_plan;

macro_rules! api_key {
    ($op:expr, $src:expr, $include_value:expr) => {{
        let src = $src;
        ApiKey {
            id: required($op, src.id(), "id")?,
            name: src.name().unwrap_or_default().to_owned(),
            description: src.description().map(str::to_owned),
            enabled: src.enabled(),
            created_date: time(src.created_date()),
            tags: tags(src.tags()),
            value: if $include_value {
                src.value().map(ApiKeyValue::new)
            } else {
                None
            },
        }
    }};
}
use api_key;

macro_rules! usage_plan_key {
    ($op:expr, $src:expr) => {{
        let src = $src;
        UsagePlanKey {
            id: required($op, src.id(), "id")?,
            key_type: src.r#type().unwrap_or("API_KEY").to_owned(),
            name: src.name().map(str::to_owned),
        }
    }};
}
use usage_plan_key;

macro_rules! domain_name {
    ($op:expr, $src:expr) => {{
        let src = $src;
        DomainName {
            name: required($op, src.domain_name(), "domainName")?,
            endpoint_type: src
                .endpoint_configuration()
                .and_then(|c| c.types().first())
                .and_then(|t| t.as_str().parse::<EndpointType>().ok()),
            certificate_arn: src.certificate_arn().map(str::to_owned),
            regional_certificate_arn: src.regional_certificate_arn().map(str::to_owned),
            regional_domain_name: src.regional_domain_name().map(str::to_owned),
            regional_hosted_zone_id: src.regional_hosted_zone_id().map(str::to_owned),
            distribution_domain_name: src.distribution_domain_name().map(str::to_owned),
            distribution_hosted_zone_id: src.distribution_hosted_zone_id().map(str::to_owned),
            security_policy: src
                .security_policy()
                .and_then(|p| p.as_str().parse::<SecurityPolicy>().ok()),
            status: src
                .domain_name_status()
                .and_then(|s| s.as_str().parse::<DomainNameStatus>().ok()),
            status_message: src.domain_name_status_message().map(str::to_owned),
            tags: tags(src.tags()),
        }
    }};
}
use domain_name;

macro_rules! base_path_mapping {
    ($op:expr, $src:expr) => {{
        let src = $src;
        BasePathMapping {
            base_path: from_aws_base_path(src.base_path()),
            rest_api_id: required($op, src.rest_api_id(), "restApiId")?,
            stage: src.stage().map(str::to_owned),
        }
    }};
}
use base_path_mapping;

fn required(op: Op, value: Option<&str>, field: &str) -> Result<String> {
    value
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .ok_or_else(|| Error::new(ErrorKind::Other, op.name, format!("answer had no {field}")))
}

fn time(value: Option<&DateTime>) -> Option<SystemTime> {
    value.and_then(|dt| SystemTime::try_from(*dt).ok())
}

fn tags(value: Option<&HashMap<String, String>>) -> Tags {
    map(value)
}

fn map<V: Clone>(value: Option<&HashMap<String, V>>) -> BTreeMap<String, V> {
    value
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default()
}

fn authorization(op: Op, value: Option<&str>) -> Result<Authorization> {
    match value {
        // PutMethod requires a type; an answer without one is treated as open.
        None => Ok(Authorization::None),
        Some(text) => text.parse().map_err(|_| {
            Error::new(
                ErrorKind::Other,
                op.name,
                format!("answer had an unknown authorization type '{text}'"),
            )
        }),
    }
}

fn method_setting(src: &sdk::MethodSetting) -> MethodSetting {
    MethodSetting {
        throttling_rate_limit: src.throttling_rate_limit(),
        throttling_burst_limit: src.throttling_burst_limit(),
        metrics_enabled: src.metrics_enabled(),
        logging_level: src
            .logging_level()
            .and_then(|l| l.parse::<LoggingLevel>().ok()),
        data_trace_enabled: src.data_trace_enabled(),
    }
}

/// `(none)` (AWS's root mapping) and a missing base path are `""`.
fn from_aws_base_path(value: Option<&str>) -> String {
    match value {
        None | Some(ROOT_BASE_PATH) => String::new(),
        Some(path) => path.to_owned(),
    }
}

/// `""` is `(none)` in the `DeleteBasePathMapping` path.
fn to_aws_base_path(base_path: &str) -> &str {
    if base_path.is_empty() {
        ROOT_BASE_PATH
    } else {
        base_path
    }
}

/// AWS answers a REST API's policy JSON-escaped (`{\"Version\":…}`, `\/` for `/`): returns the
/// plain document. A policy that already parses as JSON is returned as it is.
fn unescape_policy(raw: &str) -> String {
    if serde_json::from_str::<serde_json::Value>(raw).is_ok() {
        return raw.to_owned();
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some(next @ ('"' | '\\' | '/')) => out.push(next),
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// model -> SDK

fn non_empty(map: &BTreeMap<String, String>) -> Option<HashMap<String, String>> {
    (!map.is_empty()).then(|| map.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
}

fn non_empty_map(map: &BTreeMap<String, bool>) -> Option<HashMap<String, bool>> {
    (!map.is_empty()).then(|| map.iter().map(|(k, v)| (k.clone(), *v)).collect())
}

fn patch(op: PatchOp, path: impl Into<String>, value: Option<String>) -> sdk::PatchOperation {
    sdk::PatchOperation::builder()
        .op(op)
        .path(path)
        .set_value(value)
        .build()
}

fn replace(path: impl Into<String>, value: impl Into<String>) -> sdk::PatchOperation {
    patch(PatchOp::Replace, path, Some(value.into()))
}

/// Escapes a JSON Pointer segment (`~` → `~0`, `/` → `~1`).
fn pointer_segment(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

fn rest_api_patch_ops(patches: &[RestApiPatch]) -> Vec<sdk::PatchOperation> {
    patches
        .iter()
        .map(|p| match p {
            RestApiPatch::Name(name) => replace("/name", name),
            RestApiPatch::Description(text) => replace("/description", text),
            RestApiPatch::Policy(policy) => replace("/policy", policy),
        })
        .collect()
}

fn method_patch_ops(patches: &[MethodPatch]) -> Vec<sdk::PatchOperation> {
    patches
        .iter()
        .map(|p| match p {
            MethodPatch::Authorization(a) => replace("/authorizationType", a.as_str()),
            MethodPatch::ApiKeyRequired(b) => replace("/apiKeyRequired", b.to_string()),
            MethodPatch::AddRequestParameter { name, required } => patch(
                PatchOp::Add,
                format!("/requestParameters/{}", pointer_segment(name)),
                Some(required.to_string()),
            ),
            MethodPatch::RemoveRequestParameter(name) => patch(
                PatchOp::Remove,
                format!("/requestParameters/{}", pointer_segment(name)),
                None,
            ),
        })
        .collect()
}

fn stage_patch_ops(patches: &[StagePatch]) -> Vec<sdk::PatchOperation> {
    let mut ops = Vec::new();
    for p in patches {
        match p {
            StagePatch::DeploymentId(id) => ops.push(replace("/deploymentId", id)),
            StagePatch::Throttling {
                rate_limit,
                burst_limit,
            } => {
                ops.push(replace("/*/*/throttling/rateLimit", rate_limit.to_string()));
                ops.push(replace(
                    "/*/*/throttling/burstLimit",
                    burst_limit.to_string(),
                ));
            }
            StagePatch::MetricsEnabled(on) => {
                ops.push(replace("/*/*/metrics/enabled", on.to_string()));
            }
            StagePatch::LoggingLevel(level) => {
                ops.push(replace("/*/*/logging/loglevel", level.as_str()));
            }
            StagePatch::Description(text) => ops.push(replace("/description", text)),
            StagePatch::Variable { name, value } => {
                let path = format!("/variables/{}", pointer_segment(name));
                ops.push(match value {
                    Some(value) => replace(path, value),
                    None => patch(PatchOp::Remove, path, None),
                });
            }
        }
    }
    ops
}

fn usage_plan_patch_ops(patches: &[UsagePlanPatch]) -> Vec<sdk::PatchOperation> {
    let mut ops = Vec::new();
    for p in patches {
        match p {
            UsagePlanPatch::AddApiStage(stage) => {
                ops.push(patch(PatchOp::Add, "/apiStages", Some(stage.to_string())));
            }
            UsagePlanPatch::RemoveApiStage(stage) => {
                ops.push(patch(
                    PatchOp::Remove,
                    "/apiStages",
                    Some(stage.to_string()),
                ));
            }
            UsagePlanPatch::Throttle(t) => {
                ops.push(replace("/throttle/rateLimit", t.rate_limit.to_string()));
                ops.push(replace("/throttle/burstLimit", t.burst_limit.to_string()));
            }
            UsagePlanPatch::RemoveThrottle => ops.push(patch(PatchOp::Remove, "/throttle", None)),
            UsagePlanPatch::Quota(q) => {
                ops.push(replace("/quota/limit", q.limit.to_string()));
                ops.push(replace("/quota/offset", q.offset.to_string()));
                ops.push(replace("/quota/period", q.period.as_str()));
            }
            UsagePlanPatch::RemoveQuota => ops.push(patch(PatchOp::Remove, "/quota", None)),
            UsagePlanPatch::Description(text) => ops.push(replace("/description", text)),
        }
    }
    ops
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use aws_sdk_apigateway::config::retry::RetryConfig;
    use aws_sdk_apigateway::operation::create_rest_api::CreateRestApiOutput;
    use aws_sdk_apigateway::operation::get_api_keys::GetApiKeysOutput;
    use aws_sdk_apigateway::operation::get_base_path_mappings::GetBasePathMappingsOutput;
    use aws_sdk_apigateway::operation::get_integration::GetIntegrationOutput;
    use aws_sdk_apigateway::operation::get_resources::GetResourcesOutput;
    use aws_sdk_apigateway::operation::get_rest_api::GetRestApiOutput;
    use aws_sdk_apigateway::operation::get_rest_apis::GetRestApisOutput;
    use aws_sdk_apigateway::operation::put_integration::PutIntegrationOutput;
    use aws_sdk_apigateway::Client;
    use aws_smithy_mocks::{mock, mock_client, Rule, RuleMode};
    use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
    use aws_smithy_runtime_api::http::StatusCode;
    use aws_smithy_types::body::SdkBody;

    use super::*;
    use crate::runtime::{PacingConfig, RetryPolicy};
    use crate::RuntimeConfig;

    /// A caller that never paces and tries `attempts` times with millisecond backoff.
    fn caller(attempts: u32) -> Caller {
        Caller::new(RuntimeConfig {
            pacing: PacingConfig::disabled(),
            retry: RetryPolicy::default()
                .with_max_attempts(attempts)
                .with_delays(Duration::from_millis(1), Duration::from_millis(2))
                .with_jitter_seed(7),
            ..RuntimeConfig::default()
        })
    }

    fn adapter(rules: &[&Rule], attempts: u32) -> SdkApiGateway {
        let client = mock_client!(aws_sdk_apigateway, RuleMode::Sequential, rules, |c| c
            .retry_config(RetryConfig::disabled()));
        SdkApiGateway::from_client(client, caller(attempts))
    }

    /// An API Gateway error answer as AWS sends it (restJson1: code in a header and the body).
    fn error_response(status: u16, code: Option<&str>, message: &str) -> HttpResponse {
        let body = match code {
            Some(code) => format!(r#"{{"__type":"{code}","message":"{message}"}}"#),
            None => String::new(),
        };
        let mut response = HttpResponse::new(
            StatusCode::try_from(status).expect("valid status"),
            SdkBody::from(body),
        );
        if let Some(code) = code {
            response
                .headers_mut()
                .insert("x-amzn-errortype", code.to_owned());
            response
                .headers_mut()
                .insert("content-type", "application/json");
        }
        response
    }

    fn sdk_method(verb: &str, integration: Option<sdk::Integration>) -> sdk::Method {
        sdk::Method::builder()
            .http_method(verb)
            .authorization_type("AWS_IAM")
            .api_key_required(true)
            .request_parameters("method.request.path.id", true)
            .set_method_integration(integration)
            .build()
    }

    #[tokio::test]
    async fn resource_tree_is_read_across_pages_with_methods_embedded() {
        let first = mock!(Client::get_resources)
            .match_requests(|r| {
                r.position().is_none()
                    && r.limit() == Some(MAX_PAGE_SIZE)
                    && r.embed() == ["methods".to_owned()]
                    && r.rest_api_id() == Some("api1")
            })
            .then_output(|| {
                GetResourcesOutput::builder()
                    .items(sdk::Resource::builder().id("root").path("/").build())
                    .items(
                        sdk::Resource::builder()
                            .id("users")
                            .parent_id("root")
                            .path_part("users")
                            .path("/users")
                            .build(),
                    )
                    .position("page-2")
                    .build()
            });
        let second = mock!(Client::get_resources)
            .match_requests(|r| r.position() == Some("page-2"))
            .then_output(|| {
                let integration = sdk::Integration::builder()
                    .r#type(sdk::IntegrationType::HttpProxy)
                    .http_method("GET")
                    .uri("https://backend.example.com/users/{id}")
                    .timeout_in_millis(29_000)
                    .build();
                GetResourcesOutput::builder()
                    .items(
                        sdk::Resource::builder()
                            .id("user")
                            .parent_id("users")
                            .path_part("{id}")
                            .path("/users/{id}")
                            .resource_methods("GET", sdk_method("GET", Some(integration)))
                            .resource_methods("DELETE", sdk_method("DELETE", None))
                            .build(),
                    )
                    .build()
            });
        let apigw = adapter(&[&first, &second], 1);

        let tree = apigw.get_resources("api1").await.expect("tree");

        assert_eq!(first.num_calls() + second.num_calls(), 2);
        let paths: Vec<&str> = tree.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(paths, ["/", "/users", "/users/{id}"]);
        assert_eq!(tree[0].parent_id, None);
        assert_eq!(tree[0].path_part, None);
        let user = &tree[2];
        assert_eq!(user.parent_id.as_deref(), Some("users"));
        assert_eq!(user.path_part.as_deref(), Some("{id}"));
        let get = &user.methods["GET"];
        assert_eq!(get.authorization, Authorization::AwsIam);
        assert!(get.api_key_required);
        assert!(get.request_parameters["method.request.path.id"]);
        let integration = get.integration.as_ref().expect("embedded integration");
        assert_eq!(integration.integration_type, IntegrationType::HttpProxy);
        assert_eq!(
            integration.uri.as_deref(),
            Some("https://backend.example.com/users/{id}")
        );
        assert_eq!(integration.timeout_in_millis, Some(29_000));
        assert_eq!(user.methods["DELETE"].integration, None);
    }

    #[tokio::test]
    async fn page_size_is_configurable_and_a_repeated_position_stops_the_listing() {
        let looping = mock!(Client::get_resources)
            .match_requests(|r| r.limit() == Some(3))
            .sequence()
            .output(|| GetResourcesOutput::builder().position("same").build())
            .times(2)
            .build();
        let apigw = adapter(&[&looping], 1).with_page_size(3);

        let err = apigw.get_resources("api1").await.unwrap_err();

        assert_eq!(err.kind(), ErrorKind::Other);
        assert!(err.message().contains("twice"), "{err}");
    }

    #[tokio::test]
    async fn rest_apis_are_found_by_exact_name_across_pages_with_inline_tags() {
        let api = |id: &str, name: &str| {
            sdk::RestApi::builder()
                .id(id)
                .name(name)
                .tags("team", "payments")
                .endpoint_configuration(
                    sdk::EndpointConfiguration::builder()
                        .types(sdk::EndpointType::Regional)
                        .build(),
                )
                .build()
        };
        let first = mock!(Client::get_rest_apis)
            .match_requests(|r| r.position().is_none())
            .then_output(move || {
                GetRestApisOutput::builder()
                    .items(api("a1", "orders"))
                    .items(api("b1", "orders-v2"))
                    .position("p2")
                    .build()
            });
        let second = mock!(Client::get_rest_apis)
            .match_requests(|r| r.position() == Some("p2"))
            .then_output(move || {
                GetRestApisOutput::builder()
                    .items(api("a2", "orders"))
                    .build()
            });
        let apigw = adapter(&[&first, &second], 1);

        let found = apigw.find_rest_apis("orders").await.expect("list");

        let ids: Vec<&str> = found.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a1", "a2"]);
        assert_eq!(found[0].tags["team"], "payments");
        assert_eq!(found[0].endpoint_type(), Some(EndpointType::Regional));
    }

    #[tokio::test]
    async fn root_base_path_is_none_in_aws_and_empty_in_the_model() {
        let list = mock!(Client::get_base_path_mappings).then_output(|| {
            GetBasePathMappingsOutput::builder()
                .items(
                    sdk::BasePathMapping::builder()
                        .base_path("(none)")
                        .rest_api_id("api1")
                        .stage("live")
                        .build(),
                )
                .items(
                    sdk::BasePathMapping::builder()
                        .base_path("v1")
                        .rest_api_id("api2")
                        .build(),
                )
                .build()
        });
        let delete = mock!(Client::delete_base_path_mapping)
            .match_requests(|r| {
                r.base_path() == Some("(none)") && r.domain_name() == Some("api.example.com")
            })
            .then_output(|| {
                aws_sdk_apigateway::operation::delete_base_path_mapping::DeleteBasePathMappingOutput::builder().build()
            });
        let create = mock!(Client::create_base_path_mapping)
            .match_requests(|r| r.base_path().is_none() && r.stage() == Some("live"))
            .then_output(|| {
                aws_sdk_apigateway::operation::create_base_path_mapping::CreateBasePathMappingOutput::builder()
                    .base_path("(none)")
                    .rest_api_id("api1")
                    .stage("live")
                    .build()
            });
        let apigw = adapter(&[&list, &delete, &create], 1);

        let mappings = apigw
            .list_base_path_mappings("api.example.com")
            .await
            .expect("list");
        assert_eq!(mappings[0].base_path, "");
        assert_eq!(mappings[0].stage.as_deref(), Some("live"));
        assert_eq!(mappings[1].base_path, "v1");
        assert_eq!(mappings[1].stage, None);

        apigw
            .delete_base_path_mapping("api.example.com", "")
            .await
            .expect("root mapping deleted as (none)");
        let created = apigw
            .create_base_path_mapping(
                "api.example.com",
                &BasePathMapping {
                    base_path: String::new(),
                    rest_api_id: "api1".into(),
                    stage: Some("live".into()),
                },
            )
            .await
            .expect("root mapping created without basePath");
        assert_eq!(created.base_path, "");
        assert_eq!(delete.num_calls(), 1);
        assert_eq!(create.num_calls(), 1);
    }

    #[tokio::test]
    async fn api_key_values_only_when_asked_and_never_in_debug() {
        const SECRET: &str = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd";
        let answer = || {
            GetApiKeysOutput::builder()
                .items(
                    sdk::ApiKey::builder()
                        .id("k1")
                        .name("partner-a")
                        .enabled(true)
                        .value(SECRET)
                        .build(),
                )
                .items(
                    sdk::ApiKey::builder()
                        .id("k2")
                        .name("partner-ab")
                        .value(SECRET)
                        .build(),
                )
                .build()
        };
        let with = mock!(Client::get_api_keys)
            .match_requests(|r| {
                r.include_values() == Some(true) && r.name_query() == Some("partner-a")
            })
            .then_output(answer);
        let without = mock!(Client::get_api_keys)
            .match_requests(|r| r.include_values() == Some(false))
            .then_output(answer);
        let apigw = adapter(&[&with, &without], 1);

        let keys = apigw.find_api_keys("partner-a", true).await.expect("keys");
        assert_eq!(keys.len(), 1, "only the exact name: {keys:?}");
        let value = keys[0].value.as_ref().expect("value asked for");
        assert_eq!(value.expose(), SECRET);
        let shown = format!("{keys:?} {value:?}");
        assert!(!shown.contains(SECRET), "{shown}");
        assert!(shown.contains("<redacted>"), "{shown}");

        let keys = apigw.find_api_keys("partner-a", false).await.expect("keys");
        assert_eq!(keys[0].value, None);
    }

    async fn kind_of_get_rest_api(response: fn() -> HttpResponse) -> ErrorKind {
        let rule = mock!(Client::get_rest_api).then_http_response(response);
        let apigw = adapter(&[&rule], 1);
        let err = apigw.get_rest_api("api1").await.unwrap_err();
        assert_eq!(err.operation(), "GetRestApi");
        err.kind()
    }

    async fn kind_of_create_resource(response: fn() -> HttpResponse) -> ErrorKind {
        let rule = mock!(Client::create_resource).then_http_response(response);
        let apigw = adapter(&[&rule], 1);
        let err = apigw
            .create_resource("api1", "root", "users")
            .await
            .unwrap_err();
        assert_eq!(err.operation(), "CreateResource");
        err.kind()
    }

    #[tokio::test]
    async fn errors_are_classified_by_code_and_status() {
        assert_eq!(
            kind_of_get_rest_api(|| error_response(
                429,
                Some("TooManyRequestsException"),
                "Too Many Requests"
            ))
            .await,
            ErrorKind::Throttled
        );
        assert_eq!(
            kind_of_get_rest_api(|| error_response(429, None, "")).await,
            ErrorKind::Throttled,
            "a bare 429 without code is throttling"
        );
        assert_eq!(
            kind_of_create_resource(|| error_response(
                409,
                Some("ConflictException"),
                "Unable to complete operation due to concurrent modification. Please try again later."
            ))
            .await,
            ErrorKind::Conflict
        );
        assert_eq!(
            kind_of_create_resource(|| error_response(
                409,
                Some("ConflictException"),
                "Another resource with the same parent already has this name: users"
            ))
            .await,
            ErrorKind::AlreadyExists
        );
        assert_eq!(
            kind_of_get_rest_api(|| error_response(
                404,
                Some("NotFoundException"),
                "Invalid API identifier specified 123456789012:api1"
            ))
            .await,
            ErrorKind::NotFound
        );
        assert_eq!(
            kind_of_create_resource(|| error_response(
                429,
                Some("LimitExceededException"),
                "Maximum number of Resources for this API has been reached"
            ))
            .await,
            ErrorKind::LimitExceeded
        );
        assert_eq!(
            kind_of_get_rest_api(|| error_response(
                403,
                Some("AccessDeniedException"),
                "User is not authorized to perform: apigateway:GET"
            ))
            .await,
            ErrorKind::AccessDenied
        );
        assert_eq!(
            kind_of_get_rest_api(|| error_response(403, None, "")).await,
            ErrorKind::AccessDenied
        );
        assert_eq!(
            kind_of_get_rest_api(|| error_response(
                400,
                Some("BadRequestException"),
                "Invalid method"
            ))
            .await,
            ErrorKind::Invalid
        );
        assert_eq!(
            kind_of_get_rest_api(|| error_response(503, None, "")).await,
            ErrorKind::Transient
        );
    }

    fn created_api(id: &str, tagged: bool) -> sdk::RestApi {
        let builder = sdk::RestApi::builder().id(id).name("orders");
        if tagged {
            builder.tags("apigw:owner", "orders").build()
        } else {
            builder.build()
        }
    }

    fn new_api() -> NewRestApi {
        NewRestApi {
            name: "orders".into(),
            description: Some("Orders API".into()),
            endpoint_type: EndpointType::Regional,
            tags: Tags::from([("apigw:owner".to_owned(), "orders".to_owned())]),
        }
    }

    #[tokio::test]
    async fn transient_create_rest_api_adopts_what_the_lookup_finds() {
        let create = mock!(Client::create_rest_api)
            .match_requests(|r| {
                r.name() == Some("orders")
                    && r.tags()
                        .and_then(|t| t.get("apigw:owner"))
                        .map(String::as_str)
                        == Some("orders")
                    && r.endpoint_configuration().map(|c| c.types().to_vec())
                        == Some(vec![sdk::EndpointType::Regional])
            })
            .then_http_response(|| error_response(503, None, ""));
        let lookup = mock!(Client::get_rest_apis).then_output(|| {
            GetRestApisOutput::builder()
                // A foreign API of the same name, without our ownership tag, is not adopted.
                .items(created_api("foreign", false))
                .items(created_api("ours", true))
                .build()
        });
        let apigw = adapter(&[&create, &lookup], 3);

        let api = apigw.create_rest_api(&new_api()).await.expect("adopted");

        assert_eq!(api.id, "ours");
        assert_eq!(create.num_calls(), 1, "no second CreateRestApi");
        assert_eq!(lookup.num_calls(), 1);
    }

    #[tokio::test]
    async fn transient_create_rest_api_creates_again_when_the_lookup_finds_nothing() {
        let failed = mock!(Client::create_rest_api)
            .then_http_response(|| error_response(500, Some("InternalFailure"), "internal error"));
        let lookup = mock!(Client::get_rest_apis).then_output(|| {
            GetRestApisOutput::builder()
                .items(created_api("foreign", false))
                .build()
        });
        let created = mock!(Client::create_rest_api).then_output(|| {
            CreateRestApiOutput::builder()
                .id("new1")
                .name("orders")
                .tags("apigw:owner", "orders")
                .root_resource_id("root1")
                .build()
        });
        let apigw = adapter(&[&failed, &lookup, &created], 3);

        let api = apigw.create_rest_api(&new_api()).await.expect("created");

        assert_eq!(api.id, "new1");
        assert_eq!(api.root_resource_id.as_deref(), Some("root1"));
        assert_eq!(failed.num_calls() + created.num_calls(), 2);
    }

    fn deployments_answer() -> aws_sdk_apigateway::operation::get_deployments::GetDeploymentsOutput
    {
        let at = |secs| DateTime::from_secs(secs);
        aws_sdk_apigateway::operation::get_deployments::GetDeploymentsOutput::builder()
            .items(
                sdk::Deployment::builder()
                    .id("old")
                    .description("hash-1")
                    .created_date(at(1_000))
                    .build(),
            )
            .items(
                sdk::Deployment::builder()
                    .id("new")
                    .description("hash-1")
                    .created_date(at(2_000))
                    .build(),
            )
            .items(
                sdk::Deployment::builder()
                    .id("other")
                    .description("hash-0")
                    .created_date(at(3_000))
                    .build(),
            )
            .build()
    }

    fn stage_serving(
        deployment_id: &'static str,
    ) -> aws_sdk_apigateway::operation::get_stage::GetStageOutput {
        aws_sdk_apigateway::operation::get_stage::GetStageOutput::builder()
            .stage_name("live")
            .deployment_id(deployment_id)
            .build()
    }

    fn new_deployment() -> NewDeployment {
        NewDeployment {
            stage_name: Some("live".into()),
            description: "hash-1".into(),
        }
    }

    #[tokio::test]
    async fn transient_create_deployment_adopts_the_newest_match_the_stage_serves() {
        let create = mock!(Client::create_deployment)
            .match_requests(|r| r.stage_name() == Some("live") && r.description() == Some("hash-1"))
            .then_http_response(|| error_response(504, None, ""));
        let list = mock!(Client::get_deployments).then_output(deployments_answer);
        let stage = mock!(Client::get_stage).then_output(|| stage_serving("new"));
        let apigw = adapter(&[&create, &list, &stage], 3);

        let deployment = apigw
            .create_deployment("api1", &new_deployment())
            .await
            .expect("adopted");

        assert_eq!(deployment.id, "new");
        assert_eq!(create.num_calls(), 1, "no second CreateDeployment");
    }

    #[tokio::test]
    async fn transient_create_deployment_deploys_again_when_the_stage_serves_another() {
        let failed =
            mock!(Client::create_deployment).then_http_response(|| error_response(503, None, ""));
        let list = mock!(Client::get_deployments).then_output(deployments_answer);
        // An older deployment has the same content, but the lost create never reached the stage.
        let stage = mock!(Client::get_stage).then_output(|| stage_serving("other"));
        let created = mock!(Client::create_deployment).then_output(|| {
            aws_sdk_apigateway::operation::create_deployment::CreateDeploymentOutput::builder()
                .id("fresh")
                .description("hash-1")
                .build()
        });
        let apigw = adapter(&[&failed, &list, &stage, &created], 3);

        let deployment = apigw
            .create_deployment("api1", &new_deployment())
            .await
            .expect("created");

        assert_eq!(deployment.id, "fresh");
        assert_eq!(failed.num_calls() + created.num_calls(), 2);
    }

    #[tokio::test]
    async fn put_integration_with_a_new_role_waits_for_it_to_propagate() {
        let not_yet = mock!(Client::put_integration)
            .match_requests(|r| r.credentials() == Some("arn:aws:iam::123456789012:role/x"))
            .then_http_response(|| {
                error_response(
                    400,
                    Some("BadRequestException"),
                    "Invalid role ARN specified",
                )
            });
        let ok = mock!(Client::put_integration).then_output(|| {
            PutIntegrationOutput::builder()
                .r#type(sdk::IntegrationType::AwsProxy)
                .http_method("POST")
                .uri("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/f/invocations")
                .credentials("arn:aws:iam::123456789012:role/x")
                .build()
        });
        let apigw = adapter(&[&not_yet, &ok], 3);
        let integration = Integration::lambda_proxy(
            "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/f/invocations",
        )
        .with_credentials("arn:aws:iam::123456789012:role/x");

        let put = apigw
            .put_integration("api1", "res1", "POST", &integration)
            .await
            .expect("retried until the role is visible");

        assert_eq!(put.integration_type, IntegrationType::AwsProxy);
        assert_eq!(put.credentials, integration.credentials);
        assert_eq!(not_yet.num_calls() + ok.num_calls(), 2);
    }

    #[tokio::test]
    async fn put_integration_without_a_role_does_not_retry_bad_requests() {
        let rejected = mock!(Client::put_integration).then_http_response(|| {
            error_response(
                400,
                Some("BadRequestException"),
                "Invalid role ARN specified",
            )
        });
        let apigw = adapter(&[&rejected], 3);

        let err = apigw
            .put_integration("api1", "res1", "GET", &Integration::mock())
            .await
            .unwrap_err();

        assert_eq!(err.attempts(), 1);
        assert_eq!(rejected.num_calls(), 1);
    }

    #[tokio::test]
    async fn an_empty_integration_answer_is_not_found() {
        let empty =
            mock!(Client::get_integration).then_output(|| GetIntegrationOutput::builder().build());
        let apigw = adapter(&[&empty], 1);

        let err = apigw
            .get_integration("api1", "res1", "GET")
            .await
            .unwrap_err();

        assert_eq!(err.kind(), ErrorKind::NotFound);
    }

    #[tokio::test]
    async fn escaped_resource_policy_is_returned_as_plain_json() {
        let rule = mock!(Client::get_rest_api).then_output(|| {
            GetRestApiOutput::builder()
                .id("api1")
                .name("orders")
                .policy(
                    r#"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"execute-api:Invoke\",\"Resource\":\"arn:aws:execute-api:us-east-1:123456789012:api1\/*\"}]}"#,
                )
                .build()
        });
        let apigw = adapter(&[&rule], 1);

        let policy = apigw
            .get_resource_policy("api1")
            .await
            .expect("read")
            .expect("policy");

        let doc: serde_json::Value = serde_json::from_str(&policy).expect("plain JSON");
        assert_eq!(
            doc["Statement"][0]["Resource"],
            "arn:aws:execute-api:us-east-1:123456789012:api1/*"
        );
        assert_eq!(unescape_policy(r#"{"a":"b"}"#), r#"{"a":"b"}"#);
    }

    fn ops(list: &[sdk::PatchOperation]) -> Vec<(String, String, Option<String>)> {
        list.iter()
            .map(|p| {
                (
                    p.op().map(|o| o.as_str().to_owned()).unwrap_or_default(),
                    p.path().unwrap_or_default().to_owned(),
                    p.value().map(str::to_owned),
                )
            })
            .collect()
    }

    fn op(o: &str, path: &str, value: Option<&str>) -> (String, String, Option<String>) {
        (o.to_owned(), path.to_owned(), value.map(str::to_owned))
    }

    #[test]
    fn stage_patches_map_to_aws_paths() {
        let patches = [
            StagePatch::DeploymentId("dep2".into()),
            StagePatch::Throttling {
                rate_limit: 100.0,
                burst_limit: 200,
            },
            StagePatch::MetricsEnabled(true),
            StagePatch::LoggingLevel(LoggingLevel::Error),
            StagePatch::Description("hash".into()),
            StagePatch::Variable {
                name: "backend".into(),
                value: None,
            },
        ];
        assert_eq!(
            ops(&stage_patch_ops(&patches)),
            [
                op("replace", "/deploymentId", Some("dep2")),
                op("replace", "/*/*/throttling/rateLimit", Some("100")),
                op("replace", "/*/*/throttling/burstLimit", Some("200")),
                op("replace", "/*/*/metrics/enabled", Some("true")),
                op("replace", "/*/*/logging/loglevel", Some("ERROR")),
                op("replace", "/description", Some("hash")),
                op("remove", "/variables/backend", None),
            ]
        );
    }

    #[test]
    fn usage_plan_and_method_patches_map_to_aws_paths() {
        let patches = [
            UsagePlanPatch::AddApiStage(ApiStage::new("api1", "live")),
            UsagePlanPatch::RemoveApiStage(ApiStage::new("api0", "old")),
            UsagePlanPatch::Throttle(Throttle {
                rate_limit: 10.5,
                burst_limit: 20,
            }),
            UsagePlanPatch::Quota(Quota {
                limit: 10_000,
                period: QuotaPeriod::Month,
                offset: 0,
            }),
            UsagePlanPatch::RemoveThrottle,
        ];
        assert_eq!(
            ops(&usage_plan_patch_ops(&patches)),
            [
                op("add", "/apiStages", Some("api1:live")),
                op("remove", "/apiStages", Some("api0:old")),
                op("replace", "/throttle/rateLimit", Some("10.5")),
                op("replace", "/throttle/burstLimit", Some("20")),
                op("replace", "/quota/limit", Some("10000")),
                op("replace", "/quota/offset", Some("0")),
                op("replace", "/quota/period", Some("MONTH")),
                op("remove", "/throttle", None),
            ]
        );
        let method = [
            MethodPatch::Authorization(Authorization::AwsIam),
            MethodPatch::ApiKeyRequired(false),
            MethodPatch::AddRequestParameter {
                name: "method.request.header.X-Id".into(),
                required: true,
            },
        ];
        assert_eq!(
            ops(&method_patch_ops(&method)),
            [
                op("replace", "/authorizationType", Some("AWS_IAM")),
                op("replace", "/apiKeyRequired", Some("false")),
                op(
                    "add",
                    "/requestParameters/method.request.header.X-Id",
                    Some("true")
                ),
            ]
        );
    }
}
