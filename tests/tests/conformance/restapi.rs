//! API Gateway behaviours apigw relies on: REST API lookup by name and tags, the resource tree,
//! methods and integrations, deployments and stages, usage plans and API keys, custom domains
//! and base path mappings.

use std::collections::BTreeMap;

use apigw_core::restapi::{
    stage_arn, ApiStage, Authorization, BasePathMapping, DomainName, EndpointType, GatewayResponse,
    GatewayResponseType, Integration, IntegrationResponse, IntegrationType, MethodResponse,
    MethodSpec, NewApiKey, NewDeployment, NewDomainName, NewRestApi, NewStage, NewUsagePlan, Quota,
    QuotaPeriod, RestApi, RestApiPatch, SecurityPolicy, StagePatch, Tags, Throttle, UsagePlanPatch,
};
use apigw_core::ErrorKind;
use apigw_facade::Backends;

use crate::certs::issued_certificate;
use crate::env::{Backend, Env};

/// CloudFront's hosted zone: the alias target zone of every EDGE domain name.
const CLOUDFRONT_ZONE: &str = "Z2FDTNDATAQYW2";
/// API Gateway's regional hosted zone in us-west-2 (alias target zone of REGIONAL domains).
const APIGW_US_WEST_2_ZONE: &str = "Z2OJLYMUO9EFXC";

fn tags(pairs: &[(&str, &str)]) -> Tags {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// A REGIONAL API named `env.name(what)`, tagged as ours.
async fn new_api(b: &Backends, env: &Env, what: &str) -> RestApi {
    let name = env.name(what);
    b.apigw
        .create_rest_api(&NewRestApi {
            name: name.clone(),
            description: Some("conformance".into()),
            endpoint_type: EndpointType::Regional,
            tags: tags(&[("apigw:owner", &env.prefix)]),
        })
        .await
        .expect("CreateRestApi")
}

/// An API with `GET /` on a MOCK integration, deployed to `stage` (what stages, usage plans and
/// base path mappings need); returns the API and the deployment id.
async fn deployed_api(b: &Backends, env: &Env, what: &str, stage: &str) -> (RestApi, String) {
    let api = new_api(b, env, what).await;
    let root = api.root_resource_id.clone().expect("root resource id");
    b.apigw
        .put_method(&api.id, &root, &MethodSpec::new("GET", Authorization::None))
        .await
        .expect("PutMethod");
    b.apigw
        .put_integration(&api.id, &root, "GET", &Integration::mock())
        .await
        .expect("PutIntegration");
    let deployment = b
        .apigw
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

async fn delete_api(b: &Backends, api: &RestApi) {
    b.apigw
        .delete_rest_api(&api.id)
        .await
        .expect("DeleteRestApi");
}

/// A REGIONAL custom domain `{what}.{zone}` with an ISSUED certificate of the API's region.
async fn regional_domain(b: &Backends, env: &Env, what: &str) -> DomainName {
    let name = format!("{what}.{}", env.zone_name());
    let (_, certificate_arn) = issued_certificate(b, env, &env.region, &name).await;
    b.apigw
        .create_domain_name(&NewDomainName {
            name,
            endpoint_type: EndpointType::Regional,
            certificate_arn,
            security_policy: SecurityPolicy::Tls12,
            tags: tags(&[("apigw:owner", &env.prefix)]),
        })
        .await
        .expect("CreateDomainName")
}

fn mapping(base_path: &str, api: &RestApi, stage: &str) -> BasePathMapping {
    BasePathMapping {
        base_path: base_path.to_owned(),
        rest_api_id: api.id.clone(),
        stage: Some(stage.to_owned()),
    }
}

// --- REST APIs ----------------------------------------------------------------------------------

/// Names are not unique: two APIs of one name both come back from `find_rest_apis`, each with
/// its own tags (inline in `GetRestApis`), which is how the pipeline tells ours apart.
pub async fn case_rest_api_names_are_not_unique_and_tags_come_back(b: &Backends, env: &Env) {
    let name = env.name("api");
    let ours_tags = tags(&[("apigw:owner", &env.prefix), ("team", "payments")]);
    let ours = b
        .apigw
        .create_rest_api(&NewRestApi {
            name: name.clone(),
            description: Some("ours".into()),
            endpoint_type: EndpointType::Regional,
            tags: ours_tags.clone(),
        })
        .await
        .expect("CreateRestApi (ours)");
    assert_eq!(ours.name, name);
    assert_eq!(ours.endpoint_type(), Some(EndpointType::Regional));
    assert_eq!(ours.tags, ours_tags);
    assert!(ours.root_resource_id.is_some(), "a new API has a root");
    let foreign_tags = tags(&[("apigw:owner", "someone-else")]);
    let foreign = b
        .apigw
        .create_rest_api(&NewRestApi {
            name: name.clone(),
            description: None,
            endpoint_type: EndpointType::Regional,
            tags: foreign_tags.clone(),
        })
        .await
        .expect("CreateRestApi (same name, foreign)");
    assert_ne!(ours.id, foreign.id);

    let found = b.apigw.find_rest_apis(&name).await.expect("GetRestApis");
    let by_id: BTreeMap<&str, &RestApi> = found.iter().map(|a| (a.id.as_str(), a)).collect();
    assert_eq!(by_id.len(), 2, "both APIs of that name: {found:?}");
    assert_eq!(by_id[ours.id.as_str()].tags, ours_tags);
    assert_eq!(by_id[foreign.id.as_str()].tags, foreign_tags);
    let owned: Vec<&RestApi> = found.iter().filter(|a| a.has_tags(&ours_tags)).collect();
    assert_eq!(owned.len(), 1);
    assert_eq!(owned[0].id, ours.id);
    assert!(b
        .apigw
        .find_rest_apis(&env.name("absent"))
        .await
        .expect("GetRestApis")
        .is_empty());

    let got = b.apigw.get_rest_api(&ours.id).await.expect("GetRestApi");
    assert_eq!(got.name, name);
    assert_eq!(got.description.as_deref(), Some("ours"));
    assert_eq!(got.root_resource_id, ours.root_resource_id);

    delete_api(b, &foreign).await;
    let left = b.apigw.find_rest_apis(&name).await.expect("GetRestApis");
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].id, ours.id);
    delete_api(b, &ours).await;
    assert!(b
        .apigw
        .find_rest_apis(&name)
        .await
        .expect("GetRestApis")
        .is_empty());
}

/// A get or a listing of an API that does not exist (or no longer does) is NotFound.
pub async fn case_missing_rest_api_is_not_found(b: &Backends, env: &Env) {
    // API ids are 10 lower-case alphanumerics; the prefix is one nobody created.
    let missing = env.prefix.as_str();
    let err = b.apigw.get_rest_api(missing).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "GetRestApi: {err}");
    let err = b.apigw.get_resources(missing).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "GetResources: {err}");
    let err = b.apigw.get_stage(missing, "live").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "GetStage: {err}");

    let api = new_api(b, env, "stageless").await;
    let err = b.apigw.get_stage(&api.id, "live").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "GetStage: {err}");
    delete_api(b, &api).await;
    let err = b.apigw.get_rest_api(&api.id).await.unwrap_err();
    assert_eq!(
        err.kind(),
        ErrorKind::NotFound,
        "GetRestApi after delete: {err}"
    );
}

/// Deleting an API that does not exist is NotFound, so `destroy` can treat it as done.
pub async fn case_delete_missing_rest_api_is_not_found(b: &Backends, env: &Env) {
    if env.backend == Backend::Moto {
        eprintln!(
            "moto-only-skipped: moto 5.2 answers HTTP 500 (no error code) to DeleteRestApi of an \
             unknown id (AWS answers NotFoundException)"
        );
        return;
    }
    let err = b.apigw.delete_rest_api(&env.prefix).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "DeleteRestApi: {err}");
    let api = new_api(b, env, "deleted").await;
    delete_api(b, &api).await;
    let err = b.apigw.delete_rest_api(&api.id).await.unwrap_err();
    assert_eq!(
        err.kind(),
        ErrorKind::NotFound,
        "DeleteRestApi twice: {err}"
    );
}

// --- Resources, methods, integrations -----------------------------------------------------------

/// A resource created under `/` (and one under it) shows in `get_resources` with its full path,
/// path part and parent.
pub async fn case_create_resource_under_root_shows_in_get_resources(b: &Backends, env: &Env) {
    let api = new_api(b, env, "tree").await;
    let root = api.root_resource_id.clone().expect("root");
    let users = b
        .apigw
        .create_resource(&api.id, &root, "users")
        .await
        .expect("CreateResource /users");
    assert_eq!(users.path, "/users");
    assert_eq!(users.path_part.as_deref(), Some("users"));
    assert_eq!(users.parent_id.as_deref(), Some(root.as_str()));
    let user = b
        .apigw
        .create_resource(&api.id, &users.id, "{id}")
        .await
        .expect("CreateResource /users/{id}");
    assert_eq!(user.path, "/users/{id}");

    let tree = b.apigw.get_resources(&api.id).await.expect("GetResources");
    let by_path: BTreeMap<&str, _> = tree.iter().map(|r| (r.path.as_str(), r)).collect();
    assert_eq!(
        by_path.keys().copied().collect::<Vec<_>>(),
        ["/", "/users", "/users/{id}"]
    );
    assert_eq!(by_path["/"].id, root);
    assert_eq!(by_path["/"].parent_id, None);
    assert_eq!(by_path["/users"].id, users.id);
    assert_eq!(by_path["/users/{id}"].id, user.id);
    assert_eq!(
        by_path["/users/{id}"].parent_id.as_deref(),
        Some(users.id.as_str())
    );
    assert_eq!(by_path["/users/{id}"].path_part.as_deref(), Some("{id}"));

    let health = b
        .apigw
        .create_resource(&api.id, &root, "health")
        .await
        .expect("CreateResource /health");
    b.apigw
        .delete_resource(&api.id, &health.id)
        .await
        .expect("DeleteResource");
    let tree = b.apigw.get_resources(&api.id).await.expect("GetResources");
    assert!(tree.iter().all(|r| r.path != "/health"), "{tree:?}");
    assert_eq!(tree.len(), 3);
    delete_api(b, &api).await;
}

/// Deleting a resource deletes everything under it (AWS `DeleteResource`).
pub async fn case_delete_resource_removes_its_subtree(b: &Backends, env: &Env) {
    if env.backend == Backend::Moto {
        eprintln!(
            "moto-only-skipped: moto 5.2 DeleteResource leaves the children behind, and \
             GetResources then fails with NotFoundException \"Invalid resource identifier \
             specified\" (AWS deletes the subtree)"
        );
        return;
    }
    let api = new_api(b, env, "subtree").await;
    let root = api.root_resource_id.clone().expect("root");
    let users = b
        .apigw
        .create_resource(&api.id, &root, "users")
        .await
        .expect("CreateResource /users");
    let user = b
        .apigw
        .create_resource(&api.id, &users.id, "{id}")
        .await
        .expect("CreateResource /users/{id}");
    b.apigw
        .put_method(
            &api.id,
            &user.id,
            &MethodSpec::new("GET", Authorization::None),
        )
        .await
        .expect("PutMethod");
    b.apigw
        .delete_resource(&api.id, &users.id)
        .await
        .expect("DeleteResource /users");
    let tree = b.apigw.get_resources(&api.id).await.expect("GetResources");
    assert_eq!(tree.len(), 1, "only / is left: {tree:?}");
    assert_eq!(tree[0].id, root);
    let err = b
        .apigw
        .get_method(&api.id, &user.id, "GET")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    delete_api(b, &api).await;
}

/// A second sibling with the same path part is AlreadyExists (AWS: ConflictException "Another
/// resource with the same parent already has this name").
pub async fn case_duplicate_sibling_resource_is_already_exists(b: &Backends, env: &Env) {
    if env.backend == Backend::Moto {
        eprintln!(
            "moto-only-skipped: moto 5.2 accepts a duplicate sibling resource \
             (AWS answers ConflictException)"
        );
        return;
    }
    let api = new_api(b, env, "dup-res").await;
    let root = api.root_resource_id.clone().expect("root");
    b.apigw
        .create_resource(&api.id, &root, "users")
        .await
        .expect("CreateResource");
    let err = b
        .apigw
        .create_resource(&api.id, &root, "users")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists, "{err}");
    let tree = b.apigw.get_resources(&api.id).await.expect("GetResources");
    assert_eq!(tree.iter().filter(|r| r.path == "/users").count(), 1);
    delete_api(b, &api).await;
}

/// `put_method` answers what it set and `get_method` / `get_resources` read it back.
pub async fn case_put_method_round_trips_authorization_and_api_key(b: &Backends, env: &Env) {
    let api = new_api(b, env, "methods").await;
    let root = api.root_resource_id.clone().expect("root");
    let user = b
        .apigw
        .create_resource(&api.id, &root, "{id}")
        .await
        .expect("CreateResource");
    let mut secured = MethodSpec::new("GET", Authorization::AwsIam);
    secured.api_key_required = true;
    secured
        .request_parameters
        .insert("method.request.path.id".into(), true);
    let put = b
        .apigw
        .put_method(&api.id, &user.id, &secured)
        .await
        .expect("PutMethod GET");
    assert_eq!(put.http_method, "GET");
    assert_eq!(put.authorization, Authorization::AwsIam);
    assert!(put.api_key_required);
    assert_eq!(put.request_parameters, secured.request_parameters);
    let open = MethodSpec::new("DELETE", Authorization::None);
    b.apigw
        .put_method(&api.id, &user.id, &open)
        .await
        .expect("PutMethod DELETE");

    let got = b
        .apigw
        .get_method(&api.id, &user.id, "GET")
        .await
        .expect("GetMethod");
    assert_eq!(got.authorization, Authorization::AwsIam);
    assert!(got.api_key_required);
    assert_eq!(got.request_parameters, secured.request_parameters);
    assert_eq!(got.integration, None, "no integration yet");
    let got = b
        .apigw
        .get_method(&api.id, &user.id, "DELETE")
        .await
        .expect("GetMethod");
    assert_eq!(got.authorization, Authorization::None);
    assert!(!got.api_key_required);

    let tree = b.apigw.get_resources(&api.id).await.expect("GetResources");
    let node = tree.iter().find(|r| r.id == user.id).expect("/{id}");
    assert_eq!(
        node.methods.keys().map(String::as_str).collect::<Vec<_>>(),
        ["DELETE", "GET"]
    );
    assert!(node.methods["GET"].api_key_required);

    let err = b
        .apigw
        .get_method(&api.id, &user.id, "POST")
        .await
        .unwrap_err();
    assert_eq!(
        err.kind(),
        ErrorKind::NotFound,
        "GetMethod of no method: {err}"
    );
    b.apigw
        .delete_method(&api.id, &user.id, "DELETE")
        .await
        .expect("DeleteMethod");
    let err = b
        .apigw
        .get_method(&api.id, &user.id, "DELETE")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    delete_api(b, &api).await;
}

/// `PutMethod` on a method that exists is ConflictException "Method already exists for this
/// resource" (AlreadyExists): changes go through `update_method`.
pub async fn case_put_method_twice_is_already_exists(b: &Backends, env: &Env) {
    if env.backend == Backend::Moto {
        eprintln!(
            "moto-only-skipped: moto 5.2 PutMethod replaces an existing method (AWS answers \
             ConflictException \"Method already exists for this resource\")"
        );
        return;
    }
    let api = new_api(b, env, "put-twice").await;
    let root = api.root_resource_id.clone().expect("root");
    b.apigw
        .put_method(&api.id, &root, &MethodSpec::new("GET", Authorization::None))
        .await
        .expect("PutMethod");
    let err = b
        .apigw
        .put_method(
            &api.id,
            &root,
            &MethodSpec::new("GET", Authorization::AwsIam),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists, "{err}");
    let got = b
        .apigw
        .get_method(&api.id, &root, "GET")
        .await
        .expect("GetMethod");
    assert_eq!(
        got.authorization,
        Authorization::None,
        "the first one stays"
    );
    delete_api(b, &api).await;
}

/// An HTTP_PROXY integration round-trips its type, backend method, URI and timeout, through
/// `get_integration`, `get_method` and `get_resources` (embedded).
pub async fn case_put_integration_http_proxy_round_trips(b: &Backends, env: &Env) {
    let api = new_api(b, env, "proxy").await;
    let root = api.root_resource_id.clone().expect("root");
    let user = b
        .apigw
        .create_resource(&api.id, &root, "{id}")
        .await
        .expect("CreateResource");
    let mut spec = MethodSpec::new("GET", Authorization::None);
    spec.request_parameters
        .insert("method.request.path.id".into(), true);
    b.apigw
        .put_method(&api.id, &user.id, &spec)
        .await
        .expect("PutMethod");
    let mut proxy = Integration::http_proxy("GET", "https://backend.example.com/users/{id}")
        .with_timeout_millis(10_000);
    proxy.request_parameters.insert(
        "integration.request.path.id".into(),
        "method.request.path.id".into(),
    );
    let put = b
        .apigw
        .put_integration(&api.id, &user.id, "GET", &proxy)
        .await
        .expect("PutIntegration");
    assert_eq!(put.integration_type, IntegrationType::HttpProxy);
    assert_eq!(put.uri, proxy.uri);
    assert_eq!(put.timeout_in_millis, Some(10_000));

    let got = b
        .apigw
        .get_integration(&api.id, &user.id, "GET")
        .await
        .expect("GetIntegration");
    assert_eq!(got.integration_type, IntegrationType::HttpProxy);
    assert_eq!(got.http_method.as_deref(), Some("GET"));
    assert_eq!(got.uri, proxy.uri);
    assert_eq!(got.timeout_in_millis, Some(10_000));
    assert_eq!(got.request_parameters, proxy.request_parameters);
    let method = b
        .apigw
        .get_method(&api.id, &user.id, "GET")
        .await
        .expect("GetMethod");
    let embedded = method
        .integration
        .expect("GetMethod embeds the integration");
    assert_eq!(embedded.uri, proxy.uri);
    let tree = b.apigw.get_resources(&api.id).await.expect("GetResources");
    let node = tree.iter().find(|r| r.id == user.id).expect("/{id}");
    let embedded = node.methods["GET"]
        .integration
        .as_ref()
        .expect("GetResources embeds the integration");
    assert_eq!(embedded.integration_type, IntegrationType::HttpProxy);
    assert_eq!(embedded.timeout_in_millis, Some(10_000));

    // Put again: replaces (PutIntegration is create-or-replace, unlike PutMethod).
    let moved = Integration::http_proxy("GET", "https://other.example.com/users/{id}");
    b.apigw
        .put_integration(&api.id, &user.id, "GET", &moved)
        .await
        .expect("PutIntegration again");
    let got = b
        .apigw
        .get_integration(&api.id, &user.id, "GET")
        .await
        .expect("GetIntegration");
    assert_eq!(got.uri, moved.uri);
    delete_api(b, &api).await;
}

/// A MOCK integration with its method response and integration response: what non-proxy
/// integrations need before they answer; both read back through `get_method`.
pub async fn case_mock_integration_with_responses_round_trips(b: &Backends, env: &Env) {
    let api = new_api(b, env, "mock").await;
    let root = api.root_resource_id.clone().expect("root");
    b.apigw
        .put_method(&api.id, &root, &MethodSpec::new("GET", Authorization::None))
        .await
        .expect("PutMethod");
    let put = b
        .apigw
        .put_integration(&api.id, &root, "GET", &Integration::mock())
        .await
        .expect("PutIntegration MOCK");
    assert_eq!(put.integration_type, IntegrationType::Mock);
    assert_eq!(
        put.request_templates
            .get("application/json")
            .map(String::as_str),
        Some(Integration::MOCK_TEMPLATE)
    );
    let answered = b
        .apigw
        .put_method_response(&api.id, &root, "GET", &MethodResponse::new("200"))
        .await
        .expect("PutMethodResponse");
    assert_eq!(answered.status_code, "200");
    let mut response = IntegrationResponse::new("200");
    response
        .response_templates
        .insert("application/json".into(), r#"{"status":"ok"}"#.into());
    let put = b
        .apigw
        .put_integration_response(&api.id, &root, "GET", &response)
        .await
        .expect("PutIntegrationResponse");
    assert_eq!(put.status_code, "200");
    assert_eq!(put.response_templates, response.response_templates);

    let method = b
        .apigw
        .get_method(&api.id, &root, "GET")
        .await
        .expect("GetMethod");
    assert_eq!(method.method_responses, ["200"]);
    let integration = method.integration.expect("integration");
    assert_eq!(integration.integration_type, IntegrationType::Mock);
    assert_eq!(
        integration
            .responses
            .get("200")
            .map(|r| &r.response_templates),
        Some(&response.response_templates)
    );
    delete_api(b, &api).await;
}

// --- Deployments and stages ---------------------------------------------------------------------

/// A stage created on a deployment serves that deployment; deployments list with their
/// descriptions (the pipeline's content hash).
pub async fn case_stage_serves_its_deployment(b: &Backends, env: &Env) {
    let (api, first) = deployed_api(b, env, "stages", "live").await;
    let second = b
        .apigw
        .create_deployment(
            &api.id,
            &NewDeployment {
                stage_name: None,
                description: "hash-2".into(),
            },
        )
        .await
        .expect("CreateDeployment without a stage");
    assert_ne!(second.id, first);
    assert_eq!(second.description.as_deref(), Some("hash-2"));
    let got = b
        .apigw
        .get_deployment(&api.id, &second.id)
        .await
        .expect("GetDeployment");
    assert_eq!(got.description.as_deref(), Some("hash-2"));
    let mut descriptions: Vec<String> = b
        .apigw
        .list_deployments(&api.id)
        .await
        .expect("GetDeployments")
        .into_iter()
        .filter_map(|d| d.description)
        .collect();
    descriptions.sort_unstable();
    assert_eq!(descriptions, ["hash-1", "hash-2"]);

    let canary = b
        .apigw
        .create_stage(
            &api.id,
            &NewStage {
                name: "canary".into(),
                deployment_id: second.id.clone(),
                description: Some("next".into()),
                variables: tags(&[("backend", "v2")]),
                tags: tags(&[("apigw:owner", &env.prefix)]),
            },
        )
        .await
        .expect("CreateStage");
    assert_eq!(canary.name, "canary");
    assert_eq!(canary.deployment_id.as_deref(), Some(second.id.as_str()));
    let got = b
        .apigw
        .get_stage(&api.id, "canary")
        .await
        .expect("GetStage");
    assert_eq!(got.deployment_id.as_deref(), Some(second.id.as_str()));
    assert_eq!(got.description.as_deref(), Some("next"));
    assert_eq!(got.variables, tags(&[("backend", "v2")]));
    assert_eq!(got.tags.get("apigw:owner"), Some(&env.prefix));
    let live = b.apigw.get_stage(&api.id, "live").await.expect("GetStage");
    assert_eq!(live.deployment_id.as_deref(), Some(first.as_str()));
    let mut names: Vec<String> = b
        .apigw
        .list_stages(&api.id)
        .await
        .expect("GetStages")
        .into_iter()
        .map(|s| s.name)
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["canary", "live"]);

    // Pointing a stage at another deployment.
    let moved = b
        .apigw
        .update_stage(
            &api.id,
            "live",
            &[StagePatch::DeploymentId(second.id.clone())],
        )
        .await
        .expect("UpdateStage deploymentId");
    assert_eq!(moved.deployment_id.as_deref(), Some(second.id.as_str()));
    delete_api(b, &api).await;
}

/// `create_deployment` with a stage name creates that stage on the deployment, and a later
/// deployment to the same stage moves the stage (what the pipeline's redeploy relies on).
pub async fn case_deployment_with_stage_name_creates_the_stage(b: &Backends, env: &Env) {
    let (api, first) = deployed_api(b, env, "deploy", "live").await;
    let live = b.apigw.get_stage(&api.id, "live").await.expect("GetStage");
    assert_eq!(live.deployment_id.as_deref(), Some(first.as_str()));
    let second = b
        .apigw
        .create_deployment(
            &api.id,
            &NewDeployment {
                stage_name: Some("live".into()),
                description: "hash-2".into(),
            },
        )
        .await
        .expect("CreateDeployment to an existing stage");
    let live = b.apigw.get_stage(&api.id, "live").await.expect("GetStage");
    assert_eq!(live.deployment_id.as_deref(), Some(second.id.as_str()));
    assert_eq!(
        b.apigw.list_stages(&api.id).await.expect("GetStages").len(),
        1
    );
    delete_api(b, &api).await;
}

/// A stage name is unique within an API: a second `create_stage` is AlreadyExists.
pub async fn case_create_stage_twice_is_already_exists(b: &Backends, env: &Env) {
    let (api, deployment) = deployed_api(b, env, "stage-twice", "live").await;
    let err = b
        .apigw
        .create_stage(
            &api.id,
            &NewStage {
                name: "live".into(),
                deployment_id: deployment,
                description: None,
                variables: BTreeMap::new(),
                tags: Tags::new(),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists, "{err}");
    delete_api(b, &api).await;
}

/// Stage-wide (`*/*`) throttling and metrics patches read back from the answer and from
/// `get_stage`.
pub async fn case_update_stage_throttling_reads_back(b: &Backends, env: &Env) {
    let (api, _) = deployed_api(b, env, "throttle", "live").await;
    let updated = b
        .apigw
        .update_stage(
            &api.id,
            "live",
            &[
                StagePatch::Throttling {
                    rate_limit: 100.0,
                    burst_limit: 200,
                },
                StagePatch::MetricsEnabled(true),
            ],
        )
        .await
        .expect("UpdateStage");
    let all = updated.all_methods().expect("*/* settings in the answer");
    assert_eq!(all.throttling_rate_limit, 100.0);
    assert_eq!(all.throttling_burst_limit, 200);
    assert!(all.metrics_enabled);
    let got = b.apigw.get_stage(&api.id, "live").await.expect("GetStage");
    let all = got.all_methods().expect("*/* settings");
    assert_eq!(all.throttling_rate_limit, 100.0);
    assert_eq!(all.throttling_burst_limit, 200);
    assert!(all.metrics_enabled);

    let updated = b
        .apigw
        .update_stage(
            &api.id,
            "live",
            &[StagePatch::Throttling {
                rate_limit: 5.5,
                burst_limit: 10,
            }],
        )
        .await
        .expect("UpdateStage again");
    let all = updated.all_methods().expect("*/* settings");
    assert_eq!(all.throttling_rate_limit, 5.5);
    assert_eq!(all.throttling_burst_limit, 10);
    assert!(all.metrics_enabled, "untouched settings stay");
    delete_api(b, &api).await;
}

// --- Usage plans and API keys -------------------------------------------------------------------

/// A usage plan on an API stage with an API key in it round-trips its throttle, quota, stage and
/// key membership.
pub async fn case_usage_plan_with_stage_and_key_round_trips(b: &Backends, env: &Env) {
    let (api, _) = deployed_api(b, env, "plans", "live").await;
    let plan_name = env.name("plan");
    let stage = ApiStage::new(&api.id, "live");
    let plan = b
        .apigw
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
            api_stages: vec![stage.clone()],
            tags: tags(&[("apigw:owner", &env.prefix)]),
        })
        .await
        .expect("CreateUsagePlan");
    assert_eq!(plan.name, plan_name);
    assert_eq!(plan.api_stages, std::slice::from_ref(&stage));
    let got = b
        .apigw
        .get_usage_plan(&plan.id)
        .await
        .expect("GetUsagePlan");
    assert_eq!(got.description.as_deref(), Some("partners"));
    assert_eq!(got.api_stages, std::slice::from_ref(&stage));
    assert_eq!(
        got.throttle.map(|t| (t.rate_limit, t.burst_limit)),
        Some((10.0, 20))
    );
    assert_eq!(
        got.quota.map(|q| (q.limit, q.period)),
        Some((10_000, QuotaPeriod::Month))
    );
    assert_eq!(got.tags.get("apigw:owner"), Some(&env.prefix));
    let listed = b.apigw.list_usage_plans().await.expect("GetUsagePlans");
    assert_eq!(listed.iter().filter(|p| p.name == plan_name).count(), 1);

    let key_name = env.name("partner-a");
    let key = b
        .apigw
        .create_api_key(&NewApiKey {
            name: key_name.clone(),
            description: None,
            enabled: true,
            tags: Tags::new(),
        })
        .await
        .expect("CreateApiKey");
    let member = b
        .apigw
        .create_usage_plan_key(&plan.id, &key.id)
        .await
        .expect("CreateUsagePlanKey");
    assert_eq!(member.id, key.id);
    assert_eq!(member.key_type, "API_KEY");
    assert_eq!(member.name.as_deref(), Some(key_name.as_str()));
    let members = b
        .apigw
        .list_usage_plan_keys(&plan.id)
        .await
        .expect("GetUsagePlanKeys");
    assert_eq!(members.len(), 1);
    assert_eq!(members[0].id, key.id);

    b.apigw
        .delete_usage_plan_key(&plan.id, &key.id)
        .await
        .expect("DeleteUsagePlanKey");
    assert!(b
        .apigw
        .list_usage_plan_keys(&plan.id)
        .await
        .expect("GetUsagePlanKeys")
        .is_empty());
    let updated = b
        .apigw
        .update_usage_plan(&plan.id, &[UsagePlanPatch::RemoveApiStage(stage)])
        .await
        .expect("UpdateUsagePlan");
    assert!(updated.api_stages.is_empty());
    b.apigw
        .delete_usage_plan(&plan.id)
        .await
        .expect("DeleteUsagePlan");
    let err = b.apigw.get_usage_plan(&plan.id).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    b.apigw.delete_api_key(&key.id).await.expect("DeleteApiKey");
    delete_api(b, &api).await;
}

/// Adding a key that is already in the plan is AlreadyExists (AWS: ConflictException).
pub async fn case_duplicate_usage_plan_key_is_already_exists(b: &Backends, env: &Env) {
    if env.backend == Backend::Moto {
        eprintln!(
            "moto-only-skipped: moto 5.2 accepts CreateUsagePlanKey of a key already in the plan \
             (AWS answers ConflictException)"
        );
        return;
    }
    let plan = b
        .apigw
        .create_usage_plan(&NewUsagePlan {
            name: env.name("dup-key-plan"),
            description: None,
            throttle: None,
            quota: None,
            api_stages: Vec::new(),
            tags: Tags::new(),
        })
        .await
        .expect("CreateUsagePlan");
    let key = b
        .apigw
        .create_api_key(&NewApiKey {
            name: env.name("dup-key"),
            description: None,
            enabled: true,
            tags: Tags::new(),
        })
        .await
        .expect("CreateApiKey");
    b.apigw
        .create_usage_plan_key(&plan.id, &key.id)
        .await
        .expect("CreateUsagePlanKey");
    let err = b
        .apigw
        .create_usage_plan_key(&plan.id, &key.id)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists, "{err}");
    assert_eq!(
        b.apigw
            .list_usage_plan_keys(&plan.id)
            .await
            .expect("GetUsagePlanKeys")
            .len(),
        1
    );
    b.apigw
        .delete_usage_plan_key(&plan.id, &key.id)
        .await
        .expect("DeleteUsagePlanKey");
    b.apigw
        .delete_usage_plan(&plan.id)
        .await
        .expect("DeleteUsagePlan");
    b.apigw.delete_api_key(&key.id).await.expect("DeleteApiKey");
}

/// API keys are found by exact name; their secret values only come back when asked for.
pub async fn case_find_api_keys_hides_values_unless_asked(b: &Backends, env: &Env) {
    let name = env.name("key");
    let key = b
        .apigw
        .create_api_key(&NewApiKey {
            name: name.clone(),
            description: Some("partner".into()),
            enabled: true,
            tags: tags(&[("apigw:owner", &env.prefix)]),
        })
        .await
        .expect("CreateApiKey");
    assert_eq!(key.name, name);
    assert!(key.enabled);
    assert_eq!(key.value, None, "create never hands out the secret");
    let longer = b
        .apigw
        .create_api_key(&NewApiKey {
            name: format!("{name}-b"),
            description: None,
            enabled: false,
            tags: Tags::new(),
        })
        .await
        .expect("CreateApiKey (longer name)");

    let found = b
        .apigw
        .find_api_keys(&name, false)
        .await
        .expect("GetApiKeys");
    assert_eq!(found.len(), 1, "exact name only: {found:?}");
    assert_eq!(found[0].id, key.id);
    assert_eq!(found[0].value, None, "no value unless asked");
    let with_values = b
        .apigw
        .find_api_keys(&name, true)
        .await
        .expect("GetApiKeys");
    assert_eq!(with_values.len(), 1);
    let value = with_values[0].value.as_ref().expect("the value when asked");
    assert!(value.expose().len() >= 20, "AWS key values are 20+ chars");

    b.apigw.delete_api_key(&key.id).await.expect("DeleteApiKey");
    b.apigw
        .delete_api_key(&longer.id)
        .await
        .expect("DeleteApiKey");
    assert!(b
        .apigw
        .find_api_keys(&name, false)
        .await
        .expect("GetApiKeys")
        .is_empty());
    let err = b.apigw.delete_api_key(&key.id).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
}

// --- Custom domain names and base path mappings -------------------------------------------------

/// A REGIONAL domain name on an ISSUED certificate of the API's region exposes the regional
/// alias target (`d-….execute-api.{region}.amazonaws.com` and its zone).
pub async fn case_regional_domain_with_issued_certificate_exposes_regional_target(
    b: &Backends,
    env: &Env,
) {
    let domain = regional_domain(b, env, "api").await;
    assert_eq!(domain.name, format!("api.{}", env.zone_name()));
    assert_eq!(domain.endpoint_type, Some(EndpointType::Regional));
    assert!(domain.regional_certificate_arn.is_some());
    assert_eq!(domain.certificate_arn, None);
    let (target, zone) = domain.alias_target().expect("regional alias target");
    assert!(
        target.ends_with(&format!(".execute-api.{}.amazonaws.com", env.region)),
        "{target}"
    );
    assert!(!zone.is_empty());
    let got = b
        .apigw
        .get_domain_name(&domain.name)
        .await
        .expect("GetDomainName");
    assert_eq!(got.alias_target(), domain.alias_target());
    assert_eq!(
        got.regional_certificate_arn,
        domain.regional_certificate_arn
    );
    assert_eq!(got.security_policy, Some(SecurityPolicy::Tls12));
    assert_eq!(got.tags.get("apigw:owner"), Some(&env.prefix));

    b.apigw
        .delete_domain_name(&domain.name)
        .await
        .expect("DeleteDomainName");
    let err = b.apigw.get_domain_name(&domain.name).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
}

/// A REGIONAL domain's alias target zone is API Gateway's regional hosted zone of the region
/// (`Z2OJLYMUO9EFXC` in us-west-2): the alias A/AAAA records are written into that zone id.
pub async fn case_regional_domain_alias_zone_is_api_gateways_regional_zone(
    b: &Backends,
    env: &Env,
) {
    if env.backend == Backend::Moto {
        eprintln!(
            "moto-only-skipped: moto 5.2 answers CloudFront's zone Z2FDTNDATAQYW2 as the \
             regionalHostedZoneId of a REGIONAL domain (AWS: API Gateway's regional zone, \
             Z2OJLYMUO9EFXC in us-west-2)"
        );
        return;
    }
    assert_eq!(env.region, "us-west-2", "the zone below is us-west-2's");
    let domain = regional_domain(b, env, "zone").await;
    assert_eq!(
        domain.regional_hosted_zone_id.as_deref(),
        Some(APIGW_US_WEST_2_ZONE)
    );
    assert_eq!(
        domain.distribution_domain_name, None,
        "REGIONAL has no distribution"
    );
    b.apigw
        .delete_domain_name(&domain.name)
        .await
        .expect("DeleteDomainName");
}

/// An EDGE domain name on an ISSUED certificate of us-east-1 exposes the CloudFront
/// distribution target (`d….cloudfront.net`, zone `Z2FDTNDATAQYW2`).
pub async fn case_edge_domain_with_issued_certificate_exposes_distribution_target(
    b: &Backends,
    env: &Env,
) {
    let name = format!("edge.{}", env.zone_name());
    let (_, certificate_arn) = issued_certificate(b, env, &env.edge_region, &name).await;
    let domain = b
        .apigw
        .create_domain_name(&NewDomainName {
            name: name.clone(),
            endpoint_type: EndpointType::Edge,
            certificate_arn: certificate_arn.clone(),
            security_policy: SecurityPolicy::Tls12,
            tags: Tags::new(),
        })
        .await
        .expect("CreateDomainName EDGE");
    assert_eq!(domain.endpoint_type, Some(EndpointType::Edge));
    assert_eq!(
        domain.certificate_arn.as_deref(),
        Some(certificate_arn.as_str())
    );
    assert_eq!(domain.regional_certificate_arn, None);
    let (target, zone) = domain.alias_target().expect("distribution alias target");
    assert!(target.ends_with(".cloudfront.net"), "{target}");
    assert_eq!(zone, CLOUDFRONT_ZONE);
    let got = b.apigw.get_domain_name(&name).await.expect("GetDomainName");
    assert_eq!(got.alias_target(), domain.alias_target());
    b.apigw
        .delete_domain_name(&name)
        .await
        .expect("DeleteDomainName");
}

/// A domain name that exists is AlreadyExists (AWS: ConflictException "The domain name you
/// provided already exists."): the pipeline adopts it.
pub async fn case_duplicate_domain_name_is_already_exists(b: &Backends, env: &Env) {
    if env.backend == Backend::Moto {
        eprintln!(
            "moto-only-skipped: moto 5.2 accepts a second CreateDomainName of an existing name \
             (AWS answers ConflictException)"
        );
        return;
    }
    let domain = regional_domain(b, env, "dup").await;
    let err = b
        .apigw
        .create_domain_name(&NewDomainName {
            name: domain.name.clone(),
            endpoint_type: EndpointType::Regional,
            certificate_arn: domain.regional_certificate_arn.clone().unwrap_or_default(),
            security_policy: SecurityPolicy::Tls12,
            tags: Tags::new(),
        })
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists, "{err}");
    b.apigw
        .delete_domain_name(&domain.name)
        .await
        .expect("DeleteDomainName");
}

/// The root mapping (`""`, AWS's `(none)`) creates, lists and deletes as `""`; deleting it
/// again is NotFound.
pub async fn case_root_base_path_mapping_create_list_delete(b: &Backends, env: &Env) {
    let domain = regional_domain(b, env, "root").await;
    let (api, _) = deployed_api(b, env, "mapped", "live").await;
    let root = b
        .apigw
        .create_base_path_mapping(&domain.name, &mapping("", &api, "live"))
        .await
        .expect("CreateBasePathMapping (root)");
    assert_eq!(root, mapping("", &api, "live"));
    let listed = b
        .apigw
        .list_base_path_mappings(&domain.name)
        .await
        .expect("GetBasePathMappings");
    assert_eq!(listed, [mapping("", &api, "live")]);
    b.apigw
        .delete_base_path_mapping(&domain.name, "")
        .await
        .expect("DeleteBasePathMapping (root)");
    assert!(b
        .apigw
        .list_base_path_mappings(&domain.name)
        .await
        .expect("GetBasePathMappings")
        .is_empty());
    let err = b
        .apigw
        .delete_base_path_mapping(&domain.name, "")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    b.apigw
        .delete_domain_name(&domain.name)
        .await
        .expect("DeleteDomainName");
    delete_api(b, &api).await;
}

/// A base path already mapped is AlreadyExists: the pipeline never steals a mapping.
pub async fn case_duplicate_base_path_is_already_exists(b: &Backends, env: &Env) {
    let domain = regional_domain(b, env, "dup-path").await;
    let (api, _) = deployed_api(b, env, "dup-path", "live").await;
    let v1 = b
        .apigw
        .create_base_path_mapping(&domain.name, &mapping("v1", &api, "live"))
        .await
        .expect("CreateBasePathMapping v1");
    assert_eq!(v1.base_path, "v1");
    let err = b
        .apigw
        .create_base_path_mapping(&domain.name, &mapping("v1", &api, "live"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists, "{err}");
    assert_eq!(
        b.apigw
            .list_base_path_mappings(&domain.name)
            .await
            .expect("GetBasePathMappings"),
        [mapping("v1", &api, "live")]
    );
    b.apigw
        .delete_domain_name(&domain.name)
        .await
        .expect("DeleteDomainName");
    delete_api(b, &api).await;
}

/// A second root mapping is AlreadyExists as well.
pub async fn case_duplicate_root_base_path_is_already_exists(b: &Backends, env: &Env) {
    if env.backend == Backend::Moto {
        eprintln!(
            "moto-only-skipped: moto 5.2 accepts a second root (\"\"/(none)) base path mapping \
             of a domain (AWS answers ConflictException)"
        );
        return;
    }
    let domain = regional_domain(b, env, "dup-root").await;
    let (api, _) = deployed_api(b, env, "dup-root", "live").await;
    b.apigw
        .create_base_path_mapping(&domain.name, &mapping("", &api, "live"))
        .await
        .expect("CreateBasePathMapping (root)");
    let err = b
        .apigw
        .create_base_path_mapping(&domain.name, &mapping("", &api, "live"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists, "{err}");
    b.apigw
        .delete_domain_name(&domain.name)
        .await
        .expect("DeleteDomainName");
    delete_api(b, &api).await;
}

// --- More behaviours the pipeline and the Diagnoser rely on -------------------------------------

/// A resource policy set with `update_rest_api` reads back as a plain JSON document (AWS
/// answers it JSON-escaped); a new API has none.
pub async fn case_resource_policy_round_trips(b: &Backends, env: &Env) {
    let api = new_api(b, env, "policy").await;
    assert_eq!(
        b.apigw
            .get_resource_policy(&api.id)
            .await
            .expect("GetRestApi"),
        None
    );
    let policy = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*"}]}"#;
    let updated = b
        .apigw
        .update_rest_api(
            &api.id,
            &[
                RestApiPatch::Description("changed".into()),
                RestApiPatch::Policy(policy.into()),
            ],
        )
        .await
        .expect("UpdateRestApi");
    assert_eq!(updated.description.as_deref(), Some("changed"));
    let read = b
        .apigw
        .get_resource_policy(&api.id)
        .await
        .expect("GetRestApi")
        .expect("a policy");
    let read: serde_json::Value = serde_json::from_str(&read).expect("plain JSON");
    let want: serde_json::Value = serde_json::from_str(policy).expect("JSON");
    assert_eq!(
        read["Statement"][0]["Action"],
        want["Statement"][0]["Action"]
    );
    assert_eq!(read["Statement"][0]["Effect"], "Allow");
    delete_api(b, &api).await;
}

/// Removing an integration leaves the method without one: `get_integration` is NotFound and
/// `get_method` shows none.
pub async fn case_delete_integration_then_get_is_not_found(b: &Backends, env: &Env) {
    let api = new_api(b, env, "no-integration").await;
    let root = api.root_resource_id.clone().expect("root");
    b.apigw
        .put_method(&api.id, &root, &MethodSpec::new("GET", Authorization::None))
        .await
        .expect("PutMethod");
    let err = b
        .apigw
        .get_integration(&api.id, &root, "GET")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "never had one: {err}");
    b.apigw
        .put_integration(&api.id, &root, "GET", &Integration::mock())
        .await
        .expect("PutIntegration");
    b.apigw
        .delete_integration(&api.id, &root, "GET")
        .await
        .expect("DeleteIntegration");
    let err = b
        .apigw
        .get_integration(&api.id, &root, "GET")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "deleted: {err}");
    delete_api(b, &api).await;
}

/// A customized gateway response round-trips its status, templates and headers, and is listed.
pub async fn case_gateway_response_round_trips(b: &Backends, env: &Env) {
    let api = new_api(b, env, "gwresp").await;
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
    let put = b
        .apigw
        .put_gateway_response(&api.id, &four)
        .await
        .expect("PutGatewayResponse");
    assert_eq!(put.status_code.as_deref(), Some("400"));
    assert!(!put.default_response);
    let got = b
        .apigw
        .get_gateway_response(&api.id, GatewayResponseType::Default4xx)
        .await
        .expect("GetGatewayResponse");
    assert_eq!(got.status_code, four.status_code);
    assert_eq!(got.response_templates, four.response_templates);
    assert_eq!(got.response_parameters, four.response_parameters);
    assert!(!got.default_response);
    let listed = b
        .apigw
        .list_gateway_responses(&api.id)
        .await
        .expect("GetGatewayResponses");
    let listed = listed
        .iter()
        .find(|r| r.response_type == GatewayResponseType::Default4xx)
        .expect("listed");
    assert_eq!(listed.status_code.as_deref(), Some("400"));
    delete_api(b, &api).await;
}

/// A gateway response never customized still answers, as AWS's default
/// (`defaultResponse: true`); the listing holds every type.
pub async fn case_uncustomized_gateway_response_is_the_default(b: &Backends, env: &Env) {
    if env.backend == Backend::Moto {
        eprintln!(
            "moto-only-skipped: moto 5.2 answers NotFoundException for a gateway response never \
             customized and lists only customized ones (AWS answers the default, defaultResponse: \
             true)"
        );
        return;
    }
    let api = new_api(b, env, "gwdefault").await;
    let got = b
        .apigw
        .get_gateway_response(&api.id, GatewayResponseType::MissingAuthenticationToken)
        .await
        .expect("GetGatewayResponse of a default");
    assert!(got.default_response);
    assert_eq!(got.status_code.as_deref(), Some("403"));
    let listed = b
        .apigw
        .list_gateway_responses(&api.id)
        .await
        .expect("GetGatewayResponses");
    assert!(listed
        .iter()
        .any(|r| r.response_type == GatewayResponseType::Default5xx && r.default_response));
    delete_api(b, &api).await;
}

/// Tags added to a stage by ARN (`TagResource`) read back from `get_stage`.
pub async fn case_tag_stage_reads_back(b: &Backends, env: &Env) {
    let (api, _) = deployed_api(b, env, "tagged", "live").await;
    b.apigw
        .tag_resource(
            &stage_arn(&env.region, &api.id, "live"),
            &tags(&[("apigw:owner", &env.prefix)]),
        )
        .await
        .expect("TagResource");
    let stage = b.apigw.get_stage(&api.id, "live").await.expect("GetStage");
    assert_eq!(stage.tags.get("apigw:owner"), Some(&env.prefix));
    delete_api(b, &api).await;
}

/// A usage plan cannot be deleted while API stages are attached (Invalid): `destroy` removes the
/// stages first.
pub async fn case_delete_usage_plan_with_stages_is_refused(b: &Backends, env: &Env) {
    if env.backend == Backend::Moto {
        eprintln!(
            "moto-only-skipped: moto 5.2 deletes a usage plan with API stages attached (AWS \
             answers BadRequestException \"Cannot delete Usage Plan … because there are API \
             Stages associated with it\")"
        );
        return;
    }
    let (api, _) = deployed_api(b, env, "plan-del", "live").await;
    let stage = ApiStage::new(&api.id, "live");
    let plan = b
        .apigw
        .create_usage_plan(&NewUsagePlan {
            name: env.name("plan-del"),
            description: None,
            throttle: None,
            quota: None,
            api_stages: vec![stage.clone()],
            tags: Tags::new(),
        })
        .await
        .expect("CreateUsagePlan");
    let err = b.apigw.delete_usage_plan(&plan.id).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid, "{err}");
    b.apigw
        .get_usage_plan(&plan.id)
        .await
        .expect("the plan is still there");
    b.apigw
        .update_usage_plan(&plan.id, &[UsagePlanPatch::RemoveApiStage(stage)])
        .await
        .expect("UpdateUsagePlan");
    b.apigw
        .delete_usage_plan(&plan.id)
        .await
        .expect("DeleteUsagePlan");
    delete_api(b, &api).await;
}

/// A usage plan naming a stage that does not exist is Invalid (BadRequestException "Invalid API
/// Stage … specified").
pub async fn case_usage_plan_with_unknown_stage_is_invalid(b: &Backends, env: &Env) {
    if env.backend == Backend::Moto {
        eprintln!(
            "moto-only-skipped: moto 5.2 accepts a usage plan naming a stage that does not exist \
             (AWS answers BadRequestException \"Invalid API Stage … specified\")"
        );
        return;
    }
    let (api, _) = deployed_api(b, env, "plan-stage", "live").await;
    let err = b
        .apigw
        .create_usage_plan(&NewUsagePlan {
            name: env.name("plan-stage"),
            description: None,
            throttle: None,
            quota: None,
            api_stages: vec![ApiStage::new(&api.id, "absent")],
            tags: Tags::new(),
        })
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid, "{err}");
    delete_api(b, &api).await;
}
