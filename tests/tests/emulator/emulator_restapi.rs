//! Emulator tests for the restapi concern: every [`ApiGateway`] method of [`SdkApiGateway`]
//! against moto.
//!
//! Where moto 5.2.5 departs from AWS the adapter follows AWS and the test says so:
//! - listings ignore `limit`/`position` (one page, whatever the page size): multi-page reads
//!   are covered by the adapter's aws-smithy-mocks tests; here a page size of 3 over 9
//!   resources checks that nothing is lost;
//! - duplicate resources, domain names and base path mappings are accepted (AWS: Conflict);
//! - `GetIntegration` after `DeleteIntegration` (or on a method without one) answers `{}` with
//!   200 instead of NotFound: the adapter maps an answer without a type to NotFound;
//! - `UpdateMethod` is not implemented (HTTP 500, classified Transient);
//! - `GetTags` is not served (tags are read inline from `GetRestApis` / `GetStage`);
//! - usage plan quota patches are stored as strings and break the plan's JSON, so only
//!   throttle and stage patches are exercised here;
//! - `GetBasePathMappings` of a domain that never had a mapping is a 500.

use std::collections::BTreeMap;

use apigw_core::restapi::{
    stage_arn, ApiGateway, ApiStage, Authorization, BasePathMapping, DomainNameStatus,
    EndpointType, GatewayResponse, GatewayResponseType, Integration, IntegrationResponse,
    IntegrationType, LoggingLevel, MethodPatch, MethodResponse, MethodSpec, NewApiKey,
    NewDeployment, NewDomainName, NewRestApi, NewStage, NewUsagePlan, PassthroughBehavior, Quota,
    QuotaPeriod, RestApi, RestApiPatch, SdkApiGateway, SecurityPolicy, StagePatch, Tags, Throttle,
    UsagePlanPatch,
};
use apigw_core::{AwsContext, ErrorKind};

use crate::support;

fn tags(pairs: &[(&str, &str)]) -> Tags {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

async fn new_api(apigw: &SdkApiGateway, name: &str) -> RestApi {
    apigw
        .create_rest_api(&NewRestApi {
            name: name.to_owned(),
            description: Some("emulator test".into()),
            endpoint_type: EndpointType::Regional,
            tags: tags(&[("apigw:owner", name)]),
        })
        .await
        .expect("CreateRestApi")
}

/// An API with `GET /` on a MOCK integration, deployed to `stage`: what deployments, stages,
/// usage plans and base path mappings need in moto (and AWS).
async fn deployed_api(apigw: &SdkApiGateway, name: &str, stage: &str) -> (RestApi, String) {
    let api = new_api(apigw, name).await;
    let root = api.root_resource_id.clone().expect("root resource id");
    apigw
        .put_method(&api.id, &root, &MethodSpec::new("GET", Authorization::None))
        .await
        .expect("PutMethod");
    apigw
        .put_integration(&api.id, &root, "GET", &Integration::mock())
        .await
        .expect("PutIntegration");
    let deployment = apigw
        .create_deployment(
            &api.id,
            &NewDeployment {
                stage_name: Some(stage.to_owned()),
                description: "hash-1".into(),
            },
        )
        .await
        .expect("CreateDeployment");
    (api, deployment.id)
}

#[tokio::test]
async fn emulator_restapi_lifecycle_lookup_and_policy() {
    let Some(ctx) = support::context().await else {
        return;
    };
    let apigw = SdkApiGateway::new(&ctx).with_page_size(1);
    let name = support::unique("restapi");

    let first = new_api(&apigw, &name).await;
    assert_eq!(first.name, name);
    assert_eq!(first.endpoint_type(), Some(EndpointType::Regional));
    assert_eq!(first.tags["apigw:owner"], name);
    assert!(first.root_resource_id.is_some());
    // Names are not unique in AWS: a second API of the same name, owned by someone else.
    let foreign = apigw
        .create_rest_api(&NewRestApi {
            name: name.clone(),
            description: None,
            endpoint_type: EndpointType::Edge,
            tags: tags(&[("apigw:owner", "someone-else")]),
        })
        .await
        .expect("CreateRestApi (foreign)");

    // Page size 1 over every API in the emulator (moto answers one page regardless).
    let found = apigw.find_rest_apis(&name).await.expect("GetRestApis");
    let mut ids: Vec<&str> = found.iter().map(|a| a.id.as_str()).collect();
    ids.sort_unstable();
    let mut want = vec![first.id.as_str(), foreign.id.as_str()];
    want.sort_unstable();
    assert_eq!(ids, want);
    let ours: Vec<&RestApi> = found.iter().filter(|a| a.has_tags(&first.tags)).collect();
    assert_eq!(ours.len(), 1, "tags come inline in GetRestApis items");
    assert_eq!(ours[0].id, first.id);
    assert!(apigw
        .find_rest_apis(&support::unique("absent"))
        .await
        .expect("GetRestApis")
        .is_empty());

    let got = apigw.get_rest_api(&first.id).await.expect("GetRestApi");
    assert_eq!(got.description.as_deref(), Some("emulator test"));
    assert_eq!(
        apigw.get_resource_policy(&first.id).await.expect("policy"),
        None
    );

    let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*"}]}"#;
    let updated = apigw
        .update_rest_api(
            &first.id,
            &[
                RestApiPatch::Description("changed".into()),
                RestApiPatch::Policy(policy.into()),
            ],
        )
        .await
        .expect("UpdateRestApi");
    assert_eq!(updated.description.as_deref(), Some("changed"));
    let read = apigw
        .get_resource_policy(&first.id)
        .await
        .expect("policy")
        .expect("a policy");
    let doc: serde_json::Value = serde_json::from_str(&read).expect("plain JSON");
    assert_eq!(doc["Statement"][0]["Action"], "execute-api:Invoke");

    apigw
        .delete_rest_api(&foreign.id)
        .await
        .expect("DeleteRestApi");
    apigw
        .delete_rest_api(&first.id)
        .await
        .expect("DeleteRestApi");
    let err = apigw.get_rest_api(&first.id).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    assert!(apigw.find_rest_apis(&name).await.expect("list").is_empty());
}

#[tokio::test]
async fn emulator_restapi_resource_tree_methods_and_integrations() {
    let Some(ctx) = support::context().await else {
        return;
    };
    let apigw = SdkApiGateway::new(&ctx).with_page_size(3);
    let api = new_api(&apigw, &support::unique("tree")).await;
    let root = api.root_resource_id.clone().expect("root");

    // Eight resources under `/`: with a page size of 3, AWS serves the tree in 3 pages.
    let mut ids: BTreeMap<&str, String> = BTreeMap::new();
    ids.insert("/", root.clone());
    let layout = [
        ("/users", "/", "users"),
        ("/users/{id}", "/users", "{id}"),
        ("/users/{id}/orders", "/users/{id}", "orders"),
        ("/health", "/", "health"),
        ("/orders", "/", "orders"),
        ("/orders/{orderId}", "/orders", "{orderId}"),
        ("/orders/{orderId}/items", "/orders/{orderId}", "items"),
        ("/v1", "/", "v1"),
    ];
    for (path, parent, part) in layout {
        let parent_id = ids[parent].clone();
        let created = apigw
            .create_resource(&api.id, &parent_id, part)
            .await
            .expect("CreateResource");
        assert_eq!(created.path, path);
        assert_eq!(created.parent_id.as_deref(), Some(parent_id.as_str()));
        assert_eq!(created.path_part.as_deref(), Some(part));
        ids.insert(path, created.id);
    }
    // AWS refuses a duplicate sibling (AlreadyExists); moto accepts it (known gap).
    match apigw.create_resource(&api.id, &root, "users").await {
        Err(err) => assert_eq!(err.kind(), ErrorKind::AlreadyExists, "{err}"),
        Ok(duplicate) => apigw
            .delete_resource(&api.id, &duplicate.id)
            .await
            .expect("DeleteResource (moto duplicate)"),
    }

    // Methods.
    let user = ids["/users/{id}"].clone();
    let mut spec = MethodSpec::new("GET", Authorization::AwsIam);
    spec.api_key_required = true;
    spec.request_parameters
        .insert("method.request.path.id".into(), true);
    let put = apigw
        .put_method(&api.id, &user, &spec)
        .await
        .expect("PutMethod");
    assert_eq!(put.http_method, "GET");
    assert_eq!(put.authorization, Authorization::AwsIam);
    assert!(put.api_key_required);
    assert_eq!(put.request_parameters, spec.request_parameters);
    // UpdateMethod: moto 5.2.5 does not implement it (HTTP 500 -> Transient after retries).
    match apigw
        .update_method(&api.id, &user, "GET", &[MethodPatch::ApiKeyRequired(false)])
        .await
    {
        Ok(updated) => assert!(!updated.api_key_required),
        Err(err) => assert_eq!(err.kind(), ErrorKind::Transient, "{err}"),
    }
    let got = apigw
        .get_method(&api.id, &user, "GET")
        .await
        .expect("GetMethod");
    assert_eq!(got.authorization, Authorization::AwsIam);
    assert_eq!(got.integration, None);

    // HTTP_PROXY integration.
    let proxy = Integration::http_proxy("GET", "https://backend.example.com/users/{id}")
        .with_timeout_millis(29_000);
    let put = apigw
        .put_integration(&api.id, &user, "GET", &proxy)
        .await
        .expect("PutIntegration HTTP_PROXY");
    assert_eq!(put.integration_type, IntegrationType::HttpProxy);
    let got = apigw
        .get_integration(&api.id, &user, "GET")
        .await
        .expect("GetIntegration");
    assert_eq!(got.uri, proxy.uri);
    assert_eq!(got.http_method.as_deref(), Some("GET"));
    assert_eq!(got.timeout_in_millis, Some(29_000));

    // MOCK integration with its method response and integration response.
    let health = ids["/health"].clone();
    apigw
        .put_method(
            &api.id,
            &health,
            &MethodSpec::new("GET", Authorization::None),
        )
        .await
        .expect("PutMethod");
    let mock = apigw
        .put_integration(&api.id, &health, "GET", &Integration::mock())
        .await
        .expect("PutIntegration MOCK");
    assert_eq!(mock.integration_type, IntegrationType::Mock);
    assert_eq!(
        mock.request_templates["application/json"],
        Integration::MOCK_TEMPLATE
    );
    let method_response = apigw
        .put_method_response(&api.id, &health, "GET", &MethodResponse::new("200"))
        .await
        .expect("PutMethodResponse");
    assert_eq!(method_response.status_code, "200");
    let mut integration_response = IntegrationResponse::new("200");
    integration_response
        .response_templates
        .insert("application/json".into(), r#"{"status":"ok"}"#.into());
    let put = apigw
        .put_integration_response(&api.id, &health, "GET", &integration_response)
        .await
        .expect("PutIntegrationResponse");
    assert_eq!(put.status_code, "200");
    assert_eq!(
        put.response_templates,
        integration_response.response_templates
    );

    // Non-proxy HTTP integration.
    let orders = ids["/orders"].clone();
    apigw
        .put_method(
            &api.id,
            &orders,
            &MethodSpec::new("POST", Authorization::None),
        )
        .await
        .expect("PutMethod");
    let mut http = Integration::new(IntegrationType::Http);
    http.http_method = Some("POST".into());
    http.uri = Some("https://backend.example.com/orders".into());
    http.passthrough_behavior = Some(PassthroughBehavior::WhenNoTemplates);
    let put = apigw
        .put_integration(&api.id, &orders, "POST", &http)
        .await
        .expect("PutIntegration HTTP");
    assert_eq!(
        put.passthrough_behavior,
        Some(PassthroughBehavior::WhenNoTemplates)
    );
    apigw
        .put_method_response(&api.id, &orders, "POST", &MethodResponse::new("201"))
        .await
        .expect("PutMethodResponse");
    apigw
        .put_integration_response(&api.id, &orders, "POST", &IntegrationResponse::new("201"))
        .await
        .expect("PutIntegrationResponse");

    // AWS_PROXY with an execution role: sent as an eventually consistent write.
    let item = ids["/orders/{orderId}/items"].clone();
    apigw
        .put_method(&api.id, &item, &MethodSpec::new("ANY", Authorization::None))
        .await
        .expect("PutMethod");
    let lambda = Integration::lambda_proxy(
        "arn:aws:apigateway:us-west-2:lambda:path/2015-03-31/functions/arn:aws:lambda:us-west-2:123456789012:function:items/invocations",
    )
    .with_credentials("arn:aws:iam::123456789012:role/orders-apigw");
    let put = apigw
        .put_integration(&api.id, &item, "ANY", &lambda)
        .await
        .expect("PutIntegration AWS_PROXY");
    assert_eq!(put.credentials, lambda.credentials);

    // The whole tree, methods and integrations embedded, at page size 3.
    let tree = apigw.get_resources(&api.id).await.expect("GetResources");
    let paths: BTreeMap<&str, &apigw_core::restapi::Resource> =
        tree.iter().map(|r| (r.path.as_str(), r)).collect();
    assert_eq!(paths.len(), 9, "{:?}", paths.keys());
    for (path, id) in &ids {
        assert_eq!(&paths[path].id, id, "{path}");
    }
    assert_eq!(paths["/"].parent_id, None);
    assert_eq!(
        paths["/users/{id}/orders"].parent_id.as_deref(),
        Some(ids["/users/{id}"].as_str())
    );
    let get = &paths["/users/{id}"].methods["GET"];
    assert_eq!(get.authorization, Authorization::AwsIam);
    let embedded = get.integration.as_ref().expect("integration embedded");
    assert_eq!(embedded.integration_type, IntegrationType::HttpProxy);
    assert_eq!(
        paths["/health"].methods["GET"]
            .integration
            .as_ref()
            .map(|i| i.integration_type),
        Some(IntegrationType::Mock)
    );
    assert_eq!(
        paths["/orders/{orderId}/items"].methods["ANY"]
            .integration
            .as_ref()
            .and_then(|i| i.credentials.as_deref()),
        Some("arn:aws:iam::123456789012:role/orders-apigw")
    );
    assert!(paths["/v1"].methods.is_empty());

    // Deletes. moto answers `{}` to GetIntegration afterwards; the adapter (like AWS) says
    // NotFound.
    apigw
        .delete_integration(&api.id, &user, "GET")
        .await
        .expect("DeleteIntegration");
    let err = apigw
        .get_integration(&api.id, &user, "GET")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    apigw
        .delete_method(&api.id, &user, "GET")
        .await
        .expect("DeleteMethod");
    let err = apigw.get_method(&api.id, &user, "GET").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    apigw
        .delete_resource(&api.id, &ids["/v1"])
        .await
        .expect("DeleteResource");
    let tree = apigw.get_resources(&api.id).await.expect("GetResources");
    assert_eq!(tree.len(), 8);
    assert!(tree.iter().all(|r| r.path != "/v1"));

    apigw.delete_rest_api(&api.id).await.expect("DeleteRestApi");
}

#[tokio::test]
async fn emulator_restapi_gateway_responses() {
    let Some(ctx) = support::context().await else {
        return;
    };
    let apigw = SdkApiGateway::new(&ctx).with_page_size(1);
    let api = new_api(&apigw, &support::unique("gwresp")).await;

    let mut four = GatewayResponse::new(GatewayResponseType::Default4xx);
    four.status_code = Some("400".into());
    four.response_templates.insert(
        "application/json".into(),
        r#"{"message": $context.error.messageString}"#.into(),
    );
    four.response_parameters.insert(
        "gatewayresponse.header.Access-Control-Allow-Origin".into(),
        "'*'".into(),
    );
    let put = apigw
        .put_gateway_response(&api.id, &four)
        .await
        .expect("PutGatewayResponse");
    assert_eq!(put.response_type, GatewayResponseType::Default4xx);
    assert_eq!(put.status_code.as_deref(), Some("400"));
    assert_eq!(put.response_templates, four.response_templates);
    assert_eq!(put.response_parameters, four.response_parameters);
    let mut five = GatewayResponse::new(GatewayResponseType::Default5xx);
    five.status_code = Some("503".into());
    apigw
        .put_gateway_response(&api.id, &five)
        .await
        .expect("PutGatewayResponse");

    let got = apigw
        .get_gateway_response(&api.id, GatewayResponseType::Default4xx)
        .await
        .expect("GetGatewayResponse");
    assert_eq!(got.status_code.as_deref(), Some("400"));
    assert_eq!(got.response_templates, four.response_templates);

    // AWS also lists every default response; moto only the customized ones.
    let all = apigw
        .list_gateway_responses(&api.id)
        .await
        .expect("GetGatewayResponses");
    let by_type: BTreeMap<GatewayResponseType, &GatewayResponse> =
        all.iter().map(|r| (r.response_type, r)).collect();
    assert_eq!(
        by_type[&GatewayResponseType::Default4xx]
            .status_code
            .as_deref(),
        Some("400")
    );
    assert_eq!(
        by_type[&GatewayResponseType::Default5xx]
            .status_code
            .as_deref(),
        Some("503")
    );

    apigw.delete_rest_api(&api.id).await.expect("DeleteRestApi");
}

#[tokio::test]
async fn emulator_restapi_deployments_and_stages() {
    let Some(ctx) = support::context().await else {
        return;
    };
    let apigw = SdkApiGateway::new(&ctx).with_page_size(1);
    let (api, first) = deployed_api(&apigw, &support::unique("stages"), "live").await;

    let got = apigw
        .get_deployment(&api.id, &first)
        .await
        .expect("GetDeployment");
    assert_eq!(got.description.as_deref(), Some("hash-1"));
    assert!(got.created_date.is_some());
    let second = apigw
        .create_deployment(
            &api.id,
            &NewDeployment {
                stage_name: None,
                description: "hash-2".into(),
            },
        )
        .await
        .expect("CreateDeployment without stage");
    let deployments = apigw
        .list_deployments(&api.id)
        .await
        .expect("GetDeployments");
    let mut descriptions: Vec<_> = deployments
        .iter()
        .filter_map(|d| d.description.as_deref())
        .collect();
    descriptions.sort_unstable();
    assert_eq!(descriptions, ["hash-1", "hash-2"]);

    let stage = apigw.get_stage(&api.id, "live").await.expect("GetStage");
    assert_eq!(stage.name, "live");
    assert_eq!(stage.deployment_id.as_deref(), Some(first.as_str()));
    let err = apigw.get_stage(&api.id, "absent").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");

    let updated = apigw
        .update_stage(
            &api.id,
            "live",
            &[
                StagePatch::DeploymentId(second.id.clone()),
                StagePatch::Throttling {
                    rate_limit: 100.0,
                    burst_limit: 200,
                },
                StagePatch::MetricsEnabled(true),
                StagePatch::LoggingLevel(LoggingLevel::Error),
                StagePatch::Description("hash-2".into()),
            ],
        )
        .await
        .expect("UpdateStage");
    assert_eq!(updated.deployment_id.as_deref(), Some(second.id.as_str()));
    assert_eq!(updated.description.as_deref(), Some("hash-2"));
    let all = updated.all_methods().expect("*/* settings");
    assert_eq!(all.throttling_rate_limit, 100.0);
    assert_eq!(all.throttling_burst_limit, 200);
    assert!(all.metrics_enabled);
    assert_eq!(all.logging_level, Some(LoggingLevel::Error));

    let region = ctx.region().to_owned();
    apigw
        .tag_resource(
            &stage_arn(&region, &api.id, "live"),
            &tags(&[("apigw:owner", "stages-test")]),
        )
        .await
        .expect("TagResource");
    let tagged = apigw.get_stage(&api.id, "live").await.expect("GetStage");
    assert_eq!(tagged.tags["apigw:owner"], "stages-test");

    let canary = apigw
        .create_stage(
            &api.id,
            &NewStage {
                name: "canary".into(),
                deployment_id: first.clone(),
                description: Some("previous".into()),
                variables: tags(&[("backend", "v1")]),
                tags: tags(&[("apigw:owner", "stages-test")]),
            },
        )
        .await
        .expect("CreateStage");
    assert_eq!(canary.deployment_id.as_deref(), Some(first.as_str()));
    assert_eq!(canary.variables["backend"], "v1");
    assert_eq!(canary.tags["apigw:owner"], "stages-test");
    let err = apigw
        .create_stage(
            &api.id,
            &NewStage {
                name: "canary".into(),
                deployment_id: first.clone(),
                description: None,
                variables: BTreeMap::new(),
                tags: Tags::new(),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists, "{err}");

    let mut names: Vec<String> = apigw
        .list_stages(&api.id)
        .await
        .expect("GetStages")
        .into_iter()
        .map(|s| s.name)
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["canary", "live"]);

    apigw.delete_rest_api(&api.id).await.expect("DeleteRestApi");
}

#[tokio::test]
async fn emulator_restapi_usage_plans_and_api_keys() {
    let Some(ctx) = support::context().await else {
        return;
    };
    let apigw = SdkApiGateway::new(&ctx).with_page_size(1);
    let (api, _) = deployed_api(&apigw, &support::unique("plans"), "live").await;
    let plan_name = support::unique("plan");

    let plan = apigw
        .create_usage_plan(&NewUsagePlan {
            name: plan_name.clone(),
            description: Some("partners".into()),
            throttle: Some(Throttle {
                rate_limit: 10.0,
                burst_limit: 20,
            }),
            quota: Some(Quota {
                limit: 10_000,
                period: QuotaPeriod::Month,
                offset: 0,
            }),
            api_stages: vec![ApiStage::new(&api.id, "live")],
            tags: tags(&[("apigw:owner", &plan_name)]),
        })
        .await
        .expect("CreateUsagePlan");
    assert_eq!(plan.name, plan_name);
    assert_eq!(plan.api_stages, [ApiStage::new(&api.id, "live")]);
    assert_eq!(
        plan.quota.map(|q| (q.limit, q.period)),
        Some((10_000, QuotaPeriod::Month))
    );
    assert_eq!(plan.tags["apigw:owner"], plan_name);

    let got = apigw.get_usage_plan(&plan.id).await.expect("GetUsagePlan");
    assert_eq!(got.throttle.map(|t| t.burst_limit), Some(20));
    let listed = apigw.list_usage_plans().await.expect("GetUsagePlans");
    assert_eq!(listed.iter().filter(|p| p.name == plan_name).count(), 1);

    let updated = apigw
        .update_usage_plan(
            &plan.id,
            &[
                UsagePlanPatch::RemoveApiStage(ApiStage::new(&api.id, "live")),
                UsagePlanPatch::Throttle(Throttle {
                    rate_limit: 5.0,
                    burst_limit: 10,
                }),
                UsagePlanPatch::Description("changed".into()),
            ],
        )
        .await
        .expect("UpdateUsagePlan");
    assert!(updated.api_stages.is_empty());
    assert_eq!(
        updated.throttle.map(|t| (t.rate_limit, t.burst_limit)),
        Some((5.0, 10))
    );
    assert_eq!(updated.description.as_deref(), Some("changed"));
    let updated = apigw
        .update_usage_plan(
            &plan.id,
            &[UsagePlanPatch::AddApiStage(ApiStage::new(&api.id, "live"))],
        )
        .await
        .expect("UpdateUsagePlan");
    assert_eq!(updated.api_stages, [ApiStage::new(&api.id, "live")]);

    // API keys: looked up by exact name; the value only on request, never in Debug.
    let key_name = support::unique("partner");
    let key = apigw
        .create_api_key(&NewApiKey {
            name: key_name.clone(),
            description: None,
            enabled: true,
            tags: tags(&[("apigw:owner", &plan_name)]),
        })
        .await
        .expect("CreateApiKey");
    assert_eq!(key.value, None, "create never returns the secret");
    let longer = apigw
        .create_api_key(&NewApiKey {
            name: format!("{key_name}-b"),
            description: None,
            enabled: false,
            tags: Tags::new(),
        })
        .await
        .expect("CreateApiKey");
    let found = apigw
        .find_api_keys(&key_name, false)
        .await
        .expect("GetApiKeys");
    assert_eq!(found.len(), 1, "exact name only: {found:?}");
    assert_eq!(found[0].id, key.id);
    assert!(found[0].enabled);
    assert_eq!(found[0].value, None);
    let with_values = apigw
        .find_api_keys(&key_name, true)
        .await
        .expect("GetApiKeys");
    let value = with_values[0].value.as_ref().expect("value on request");
    assert!(value.expose().len() >= 20);
    assert!(!format!("{with_values:?}").contains(value.expose()));

    let member = apigw
        .create_usage_plan_key(&plan.id, &key.id)
        .await
        .expect("CreateUsagePlanKey");
    assert_eq!(member.id, key.id);
    assert_eq!(member.key_type, "API_KEY");
    assert_eq!(member.name.as_deref(), Some(key_name.as_str()));
    let members = apigw
        .list_usage_plan_keys(&plan.id)
        .await
        .expect("GetUsagePlanKeys");
    assert_eq!(members.len(), 1);
    assert_eq!(members[0].id, key.id);
    apigw
        .delete_usage_plan_key(&plan.id, &key.id)
        .await
        .expect("DeleteUsagePlanKey");
    assert!(apigw
        .list_usage_plan_keys(&plan.id)
        .await
        .expect("GetUsagePlanKeys")
        .is_empty());

    apigw.delete_api_key(&key.id).await.expect("DeleteApiKey");
    apigw
        .delete_api_key(&longer.id)
        .await
        .expect("DeleteApiKey");
    assert!(apigw
        .find_api_keys(&key_name, false)
        .await
        .expect("GetApiKeys")
        .is_empty());
    let err = apigw.delete_api_key(&key.id).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");

    apigw
        .update_usage_plan(
            &plan.id,
            &[UsagePlanPatch::RemoveApiStage(ApiStage::new(
                &api.id, "live",
            ))],
        )
        .await
        .expect("UpdateUsagePlan");
    apigw
        .delete_usage_plan(&plan.id)
        .await
        .expect("DeleteUsagePlan");
    let err = apigw.get_usage_plan(&plan.id).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    apigw.delete_rest_api(&api.id).await.expect("DeleteRestApi");
}

async fn domain(
    apigw: &SdkApiGateway,
    ctx: &AwsContext,
    endpoint_type: EndpointType,
) -> apigw_core::restapi::DomainName {
    let name = format!("{}.example.com", support::unique("api"));
    let region = match endpoint_type {
        EndpointType::Edge => ctx.secondary_region().to_owned(),
        _ => ctx.region().to_owned(),
    };
    let certificate_arn = format!(
        "arn:aws:acm:{region}:123456789012:certificate/{}",
        support::unique("cert")
    );
    let created = apigw
        .create_domain_name(&NewDomainName {
            name: name.clone(),
            endpoint_type,
            certificate_arn: certificate_arn.clone(),
            security_policy: SecurityPolicy::Tls12,
            tags: tags(&[("apigw:owner", "domains-test")]),
        })
        .await
        .expect("CreateDomainName");
    assert_eq!(created.name, name);
    assert_eq!(created.endpoint_type, Some(endpoint_type));
    assert_eq!(
        created.active_certificate_arn(),
        Some(certificate_arn.as_str())
    );
    assert_eq!(created.security_policy, Some(SecurityPolicy::Tls12));
    created
}

#[tokio::test]
async fn emulator_restapi_domain_names_and_base_path_mappings() {
    let Some(ctx) = support::context().await else {
        return;
    };
    let apigw = SdkApiGateway::new(&ctx).with_page_size(1);

    let regional = domain(&apigw, &ctx, EndpointType::Regional).await;
    assert!(regional.certificate_arn.is_none());
    let (target, zone) = regional.alias_target().expect("regional alias target");
    assert!(target.contains(".execute-api."), "{target}");
    assert!(!zone.is_empty());
    let got = apigw
        .get_domain_name(&regional.name)
        .await
        .expect("GetDomainName");
    assert_eq!(got.regional_domain_name, regional.regional_domain_name);
    assert_eq!(got.status, Some(DomainNameStatus::Available));
    assert_eq!(got.tags["apigw:owner"], "domains-test");

    let edge = domain(&apigw, &ctx, EndpointType::Edge).await;
    assert!(edge.regional_certificate_arn.is_none());
    let (target, _) = edge.alias_target().expect("edge alias target");
    assert!(target.ends_with(".cloudfront.net"), "{target}");

    // AWS refuses a second domain of the same name (AlreadyExists); moto accepts it.
    let again = apigw
        .create_domain_name(&NewDomainName {
            name: regional.name.clone(),
            endpoint_type: EndpointType::Regional,
            certificate_arn: regional
                .regional_certificate_arn
                .clone()
                .unwrap_or_default(),
            security_policy: SecurityPolicy::Tls12,
            tags: tags(&[("apigw:owner", "domains-test")]),
        })
        .await;
    if let Err(err) = again {
        assert_eq!(err.kind(), ErrorKind::AlreadyExists, "{err}");
    }

    // Base path mappings: "" is the root mapping (AWS spells it "(none)").
    let (api, _) = deployed_api(&apigw, &support::unique("mapped"), "live").await;
    let root = apigw
        .create_base_path_mapping(
            &regional.name,
            &BasePathMapping {
                base_path: String::new(),
                rest_api_id: api.id.clone(),
                stage: Some("live".into()),
            },
        )
        .await
        .expect("CreateBasePathMapping (root)");
    assert_eq!(root.base_path, "");
    let v1 = apigw
        .create_base_path_mapping(
            &regional.name,
            &BasePathMapping {
                base_path: "v1".into(),
                rest_api_id: api.id.clone(),
                stage: Some("live".into()),
            },
        )
        .await
        .expect("CreateBasePathMapping (v1)");
    assert_eq!(v1.base_path, "v1");
    let mut mappings = apigw
        .list_base_path_mappings(&regional.name)
        .await
        .expect("GetBasePathMappings");
    mappings.sort_by(|a, b| a.base_path.cmp(&b.base_path));
    assert_eq!(mappings, [root.clone(), v1.clone()]);
    // A base path already mapped: AWS says AlreadyExists (moto too, except for the root).
    let err = apigw
        .create_base_path_mapping(&regional.name, &v1)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists, "{err}");

    apigw
        .delete_base_path_mapping(&regional.name, "")
        .await
        .expect("DeleteBasePathMapping (root)");
    let left = apigw
        .list_base_path_mappings(&regional.name)
        .await
        .expect("GetBasePathMappings");
    assert_eq!(left, [v1]);
    apigw
        .delete_base_path_mapping(&regional.name, "v1")
        .await
        .expect("DeleteBasePathMapping (v1)");
    let err = apigw
        .delete_base_path_mapping(&regional.name, "v1")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");

    for name in [&regional.name, &edge.name] {
        apigw
            .delete_domain_name(name)
            .await
            .expect("DeleteDomainName");
        let err = apigw.get_domain_name(name).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    }
    apigw.delete_rest_api(&api.id).await.expect("DeleteRestApi");
}
