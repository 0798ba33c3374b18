//! REST APIs, resources, methods and integrations.

use apigw_core::iam::{Iam, RoleSpec};
use apigw_core::restapi::{
    ApiGateway, Authorization, EndpointType, Integration, IntegrationResponse, IntegrationType,
    MethodPatch, MethodResponse, MethodSpec, PassthroughBehavior, RestApiPatch, Tags,
};
use apigw_core::ErrorKind;

use super::{api, failed, new_api, root, sim};

#[tokio::test]
async fn names_are_not_unique_and_tags_come_inline() {
    let sim = sim();
    let mut tagged = new_api("orders", EndpointType::Regional);
    tagged.tags = Tags::from([("team".to_owned(), "payments".to_owned())]);
    let first = sim.create_rest_api(&tagged).await.unwrap();
    let second = api(&sim, "orders").await;
    api(&sim, "other").await;

    assert_ne!(first.id, second.id);
    assert_eq!(first.id.len(), 10);
    assert_eq!(root(&first).len(), 6);
    let found = sim.find_rest_apis("orders").await.unwrap();
    assert_eq!(found.len(), 2);
    assert!(found
        .iter()
        .any(|a| a.id == first.id && a.has_tags(&tagged.tags)));
    assert_eq!(
        first.arn("us-west-2"),
        format!("arn:aws:apigateway:us-west-2::/restapis/{}", first.id)
    );
}

#[tokio::test]
async fn api_quotas_are_per_endpoint_type() {
    let sim = sim();
    for i in 0..120 {
        sim.create_rest_api(&new_api(&format!("e{i}"), EndpointType::Edge))
            .await
            .unwrap();
    }
    let edge = new_api("one-too-many", EndpointType::Edge);
    failed(sim.create_rest_api(&edge).await, ErrorKind::LimitExceeded);
    api(&sim, "regional-still-fine").await;
}

#[tokio::test]
async fn update_and_delete_rest_api() {
    let sim = sim();
    let api = api(&sim, "orders").await;
    let policy = r#"{"Version":"2012-10-17","Statement":[]}"#;
    let patches = [
        RestApiPatch::Description("Orders".into()),
        RestApiPatch::Policy(policy.into()),
    ];
    let updated = sim.update_rest_api(&api.id, &patches).await.unwrap();
    assert_eq!(updated.description.as_deref(), Some("Orders"));
    assert_eq!(
        sim.get_resource_policy(&api.id).await.unwrap().as_deref(),
        Some(policy)
    );
    let bad = [RestApiPatch::Policy("not json".into())];
    failed(sim.update_rest_api(&api.id, &bad).await, ErrorKind::Invalid);

    sim.delete_rest_api(&api.id).await.unwrap();
    failed(sim.get_rest_api(&api.id).await, ErrorKind::NotFound);
    failed(sim.delete_rest_api(&api.id).await, ErrorKind::NotFound);
}

#[tokio::test]
async fn a_sibling_with_the_same_name_already_exists() {
    let sim = sim();
    let api = api(&sim, "orders").await;
    sim.create_resource(&api.id, &root(&api), "users")
        .await
        .unwrap();
    let err = failed(
        sim.create_resource(&api.id, &root(&api), "users").await,
        ErrorKind::AlreadyExists,
    );
    assert!(
        err.message()
            .contains("Another resource with the same parent already has this name"),
        "{err}"
    );
}

#[tokio::test]
async fn only_one_variable_sibling_is_allowed() {
    let sim = sim();
    let api = api(&sim, "orders").await;
    let users = sim
        .create_resource(&api.id, &root(&api), "users")
        .await
        .unwrap();
    sim.create_resource(&api.id, &users.id, "{userId}")
        .await
        .unwrap();
    sim.create_resource(&api.id, &users.id, "me").await.unwrap();
    let err = failed(
        sim.create_resource(&api.id, &users.id, "{id}").await,
        ErrorKind::Invalid,
    );
    assert_eq!(
        err.message(),
        "A sibling ({userId}) of this resource already has a variable path part -- only one is allowed"
    );
    failed(
        sim.create_resource(&api.id, &users.id, "{proxy+}").await,
        ErrorKind::Invalid,
    );
}

#[tokio::test]
async fn path_parts_parents_and_greedy_resources_are_checked() {
    let sim = sim();
    let api = api(&sim, "orders").await;
    let root = root(&api);
    for bad in ["{id", "a b", "", "{}", "x/y"] {
        failed(
            sim.create_resource(&api.id, &root, bad).await,
            ErrorKind::Invalid,
        );
    }
    failed(
        sim.create_resource(&api.id, "nope00", "x").await,
        ErrorKind::NotFound,
    );
    failed(
        sim.create_resource("nosuchapi0", &root, "x").await,
        ErrorKind::NotFound,
    );
    let proxy = sim
        .create_resource(&api.id, &root, "{proxy+}")
        .await
        .unwrap();
    assert_eq!(proxy.path, "/{proxy+}");
    failed(
        sim.create_resource(&api.id, &proxy.id, "child").await,
        ErrorKind::Invalid,
    );
}

#[tokio::test]
async fn three_hundred_resources_per_api_root_included() {
    let sim = sim();
    let api = api(&sim, "big").await;
    let root = root(&api);
    let mut last = None;
    for i in 0..299 {
        last = Some(
            sim.create_resource(&api.id, &root, &format!("r{i}"))
                .await
                .unwrap(),
        );
    }
    assert_eq!(sim.get_resources(&api.id).await.unwrap().len(), 300);
    let err = failed(
        sim.create_resource(&api.id, &root, "r299").await,
        ErrorKind::LimitExceeded,
    );
    assert!(err.message().contains("300"), "{err}");
    sim.delete_resource(&api.id, &last.unwrap().id)
        .await
        .unwrap();
    sim.create_resource(&api.id, &root, "r299").await.unwrap();
}

#[tokio::test]
async fn delete_resource_removes_the_subtree() {
    let sim = sim();
    let api = api(&sim, "orders").await;
    let root = root(&api);
    let a = sim.create_resource(&api.id, &root, "a").await.unwrap();
    let b = sim.create_resource(&api.id, &a.id, "b").await.unwrap();
    let c = sim.create_resource(&api.id, &b.id, "{c}").await.unwrap();
    sim.create_resource(&api.id, &a.id, "d").await.unwrap();
    let e = sim.create_resource(&api.id, &root, "e").await.unwrap();
    sim.put_method(&api.id, &c.id, &MethodSpec::new("GET", Authorization::None))
        .await
        .unwrap();
    assert_eq!(c.path, "/a/b/{c}");

    sim.delete_resource(&api.id, &a.id).await.unwrap();
    let left: Vec<String> = sim
        .get_resources(&api.id)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.path)
        .collect();
    assert_eq!(left, ["/", "/e"]);
    failed(
        sim.get_method(&api.id, &c.id, "GET").await,
        ErrorKind::NotFound,
    );
    failed(
        sim.delete_resource(&api.id, &a.id).await,
        ErrorKind::NotFound,
    );
    failed(
        sim.delete_resource(&api.id, &root).await,
        ErrorKind::Invalid,
    );
    sim.create_resource(&api.id, &root, "a").await.unwrap();
    assert!(sim
        .get_resources(&api.id)
        .await
        .unwrap()
        .iter()
        .any(|r| r.id == e.id));
}

#[tokio::test]
async fn methods_conflict_update_and_really_delete() {
    let sim = sim();
    let api = api(&sim, "orders").await;
    let root = root(&api);
    let get = MethodSpec::new("GET", Authorization::None);
    sim.put_method(&api.id, &root, &get).await.unwrap();
    let err = failed(
        sim.put_method(&api.id, &root, &get).await,
        ErrorKind::AlreadyExists,
    );
    assert_eq!(err.message(), "Method already exists for this resource");
    failed(
        sim.put_method(&api.id, &root, &MethodSpec::new("get", Authorization::None))
            .await,
        ErrorKind::Invalid,
    );
    failed(
        sim.put_method(
            &api.id,
            &root,
            &MethodSpec::new("POST", Authorization::Custom),
        )
        .await,
        ErrorKind::Invalid,
    );
    failed(
        sim.put_method(&api.id, "nope00", &get).await,
        ErrorKind::NotFound,
    );

    let patches = [
        MethodPatch::Authorization(Authorization::AwsIam),
        MethodPatch::ApiKeyRequired(true),
        MethodPatch::AddRequestParameter {
            name: "method.request.querystring.q".into(),
            required: false,
        },
    ];
    let updated = sim
        .update_method(&api.id, &root, "GET", &patches)
        .await
        .unwrap();
    assert_eq!(updated.authorization, Authorization::AwsIam);
    assert!(updated.api_key_required);
    assert_eq!(updated.request_parameters.len(), 1);

    sim.delete_method(&api.id, &root, "GET").await.unwrap();
    failed(
        sim.get_method(&api.id, &root, "GET").await,
        ErrorKind::NotFound,
    );
    failed(
        sim.delete_method(&api.id, &root, "GET").await,
        ErrorKind::NotFound,
    );
}

#[tokio::test]
async fn integrations_are_validated_per_type() {
    let sim = sim();
    let api = api(&sim, "orders").await;
    let root = root(&api);
    let (id, r) = (api.id.as_str(), root.as_str());
    failed(
        sim.put_integration(id, r, "GET", &Integration::mock())
            .await,
        ErrorKind::NotFound,
    );
    sim.put_method(id, r, &MethodSpec::new("GET", Authorization::None))
        .await
        .unwrap();

    let bad = [
        Integration::http_proxy("GET", "ftp://backend.example.com"),
        Integration::http_proxy("GET", "backend.example.com"),
        Integration::lambda_proxy("https://not-an-arn"),
        Integration {
            http_method: Some("GET".into()),
            ..Integration::lambda_proxy(
                "arn:aws:apigateway:us-west-2:lambda:path/2015-03-31/functions/arn:aws:lambda:us-west-2:123456789012:function:f/invocations",
            )
        },
        Integration::http_proxy("GET", "https://backend.example.com").with_timeout_millis(30_000),
        Integration::http_proxy("GET", "https://backend.example.com").with_timeout_millis(49),
        Integration {
            uri: Some("https://backend.example.com".into()),
            ..Integration::mock()
        },
        Integration::new(IntegrationType::Http),
        Integration::http_proxy("GET", "https://b.example.com").with_credentials("not-an-arn"),
    ];
    for integration in &bad {
        failed(
            sim.put_integration(id, r, "GET", integration).await,
            ErrorKind::Invalid,
        );
    }

    let role = "arn:aws:iam::123456789012:role/orders-apigw";
    let with_role = Integration::lambda_proxy(
        "arn:aws:apigateway:us-west-2:lambda:path/2015-03-31/functions/arn:aws:lambda:us-west-2:123456789012:function:f/invocations",
    )
    .with_credentials(role);
    failed(
        sim.put_integration(id, r, "GET", &with_role).await,
        ErrorKind::EventuallyConsistent,
    );
    let created = sim
        .create_role(&RoleSpec::for_api_gateway("orders-apigw"))
        .await
        .unwrap();
    assert_eq!(created.arn, role);
    let stored = sim.put_integration(id, r, "GET", &with_role).await.unwrap();
    assert_eq!(
        stored.timeout_in_millis,
        Some(29_000),
        "AWS's default is answered"
    );
    assert_eq!(
        stored.passthrough_behavior,
        Some(PassthroughBehavior::WhenNoMatch)
    );
    assert_eq!(sim.get_integration(id, r, "GET").await.unwrap(), stored);
    let tree = sim.get_resources(id).await.unwrap();
    assert_eq!(tree[0].methods["GET"].integration.as_ref(), Some(&stored));

    sim.delete_integration(id, r, "GET").await.unwrap();
    failed(sim.get_integration(id, r, "GET").await, ErrorKind::NotFound);
    failed(
        sim.delete_integration(id, r, "GET").await,
        ErrorKind::NotFound,
    );
}

#[tokio::test]
async fn method_and_integration_responses() {
    let sim = sim();
    let api = api(&sim, "orders").await;
    let root = root(&api);
    let (id, r) = (api.id.as_str(), root.as_str());
    sim.put_method(id, r, &MethodSpec::new("GET", Authorization::None))
        .await
        .unwrap();
    sim.put_integration(id, r, "GET", &Integration::mock())
        .await
        .unwrap();
    let ok = IntegrationResponse::new("200");
    failed(
        sim.put_integration_response(id, r, "GET", &ok).await,
        ErrorKind::NotFound,
    );

    sim.put_method_response(id, r, "GET", &MethodResponse::new("200"))
        .await
        .unwrap();
    failed(
        sim.put_method_response(id, r, "GET", &MethodResponse::new("200"))
            .await,
        ErrorKind::AlreadyExists,
    );
    failed(
        sim.put_method_response(id, r, "GET", &MethodResponse::new("700"))
            .await,
        ErrorKind::Invalid,
    );
    sim.put_integration_response(id, r, "GET", &ok)
        .await
        .unwrap();
    let method = sim.get_method(id, r, "GET").await.unwrap();
    assert_eq!(method.method_responses, ["200"]);
    assert!(method.integration.unwrap().responses.contains_key("200"));

    // Re-putting the integration drops its integration responses, as AWS does.
    sim.put_integration(id, r, "GET", &Integration::mock())
        .await
        .unwrap();
    assert!(sim
        .get_integration(id, r, "GET")
        .await
        .unwrap()
        .responses
        .is_empty());
}
