//! Gateway responses, deployments, stages and tags.

use std::collections::BTreeMap;

use apigw_core::restapi::{
    stage_arn, ApiGateway, Authorization, GatewayResponse, GatewayResponseType, Integration,
    LoggingLevel, MethodSpec, NewDeployment, NewStage, StagePatch, Tags,
};
use apigw_core::ErrorKind;

use super::{api, deployed, failed, root, sim};

fn deployment(stage: Option<&str>, description: &str) -> NewDeployment {
    NewDeployment {
        stage_name: stage.map(str::to_owned),
        description: description.to_owned(),
    }
}

fn new_stage(name: &str, deployment_id: &str) -> NewStage {
    NewStage {
        name: name.to_owned(),
        deployment_id: deployment_id.to_owned(),
        description: None,
        variables: BTreeMap::new(),
        tags: Tags::new(),
    }
}

#[tokio::test]
async fn a_deployment_needs_methods_with_integrations() {
    let sim = sim();
    let api = api(&sim, "orders").await;
    let root = root(&api);
    let err = failed(
        sim.create_deployment(&api.id, &deployment(None, "x")).await,
        ErrorKind::Invalid,
    );
    assert_eq!(err.message(), "The REST API doesn't contain any methods");
    sim.put_method(&api.id, &root, &MethodSpec::new("GET", Authorization::None))
        .await
        .unwrap();
    let err = failed(
        sim.create_deployment(&api.id, &deployment(None, "x")).await,
        ErrorKind::Invalid,
    );
    assert_eq!(err.message(), "No integration defined for method");
    failed(
        sim.create_deployment("nosuchapi0", &deployment(None, "x"))
            .await,
        ErrorKind::NotFound,
    );
}

#[tokio::test]
async fn a_deployment_snapshots_the_tree_and_points_its_stage() {
    let sim = sim();
    let api = deployed(&sim, "orders", "live").await;
    let live = sim.get_stage(&api.id, "live").await.unwrap();
    let first = live.deployment_id.clone().unwrap();
    assert_eq!(
        sim.get_deployment(&api.id, &first)
            .await
            .unwrap()
            .description
            .as_deref(),
        Some("v1")
    );

    let users = sim
        .create_resource(&api.id, &root(&api), "users")
        .await
        .unwrap();
    sim.put_method(
        &api.id,
        &users.id,
        &MethodSpec::new("GET", Authorization::None),
    )
    .await
    .unwrap();
    sim.put_integration(&api.id, &users.id, "GET", &Integration::mock())
        .await
        .unwrap();
    let second = sim
        .create_deployment(&api.id, &deployment(Some("live"), "v2"))
        .await
        .unwrap();
    assert_eq!(
        sim.get_stage(&api.id, "live").await.unwrap().deployment_id,
        Some(second.id.clone())
    );
    let ids: Vec<String> = sim
        .list_deployments(&api.id)
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(ids, [first.clone(), second.id.clone()]);
    assert_eq!(sim.deployed_resources(&api.id, &first).unwrap().len(), 1);
    assert_eq!(
        sim.deployed_resources(&api.id, &second.id).unwrap().len(),
        2
    );
    failed(
        sim.get_deployment(&api.id, "nope00").await,
        ErrorKind::NotFound,
    );
}

#[tokio::test]
async fn stages_conflict_need_a_deployment_and_stop_at_ten() {
    let sim = sim();
    let api = deployed(&sim, "orders", "live").await;
    let dep = sim
        .get_stage(&api.id, "live")
        .await
        .unwrap()
        .deployment_id
        .unwrap();
    let err = failed(
        sim.create_stage(&api.id, &new_stage("live", &dep)).await,
        ErrorKind::AlreadyExists,
    );
    assert_eq!(err.message(), "Stage already exists");
    failed(
        sim.create_stage(&api.id, &new_stage("dev", "nope00")).await,
        ErrorKind::NotFound,
    );
    failed(
        sim.create_stage(&api.id, &new_stage("bad name", &dep))
            .await,
        ErrorKind::Invalid,
    );
    for i in 1..10 {
        sim.create_stage(&api.id, &new_stage(&format!("s{i}"), &dep))
            .await
            .unwrap();
    }
    assert_eq!(sim.list_stages(&api.id).await.unwrap().len(), 10);
    failed(
        sim.create_stage(&api.id, &new_stage("s10", &dep)).await,
        ErrorKind::LimitExceeded,
    );
    failed(
        sim.create_deployment(&api.id, &deployment(Some("s10"), "x"))
            .await,
        ErrorKind::LimitExceeded,
    );
    // Redeploying to an existing stage is fine at the limit.
    sim.create_deployment(&api.id, &deployment(Some("s9"), "x"))
        .await
        .unwrap();
}

#[tokio::test]
async fn update_stage_applies_every_patch() {
    let sim = sim();
    let api = deployed(&sim, "orders", "live").await;
    let patches = [
        StagePatch::Throttling {
            rate_limit: 100.0,
            burst_limit: 200,
        },
        StagePatch::MetricsEnabled(true),
        StagePatch::LoggingLevel(LoggingLevel::Error),
        StagePatch::Description("Live".into()),
        StagePatch::Variable {
            name: "backend".into(),
            value: Some("b1".into()),
        },
    ];
    let stage = sim.update_stage(&api.id, "live", &patches).await.unwrap();
    let all = stage.all_methods().unwrap();
    assert_eq!(
        (all.throttling_rate_limit, all.throttling_burst_limit),
        (100.0, 200)
    );
    assert!(all.metrics_enabled);
    assert_eq!(all.logging_level, Some(LoggingLevel::Error));
    assert_eq!(stage.variables["backend"], "b1");
    assert_eq!(sim.get_stage(&api.id, "live").await.unwrap(), stage);

    let bad = [
        StagePatch::Description("x".into()),
        StagePatch::DeploymentId("nope00".into()),
    ];
    failed(
        sim.update_stage(&api.id, "live", &bad).await,
        ErrorKind::NotFound,
    );
    assert_eq!(
        sim.get_stage(&api.id, "live")
            .await
            .unwrap()
            .description
            .as_deref(),
        Some("Live")
    );
    failed(
        sim.update_stage(&api.id, "dev", &patches).await,
        ErrorKind::NotFound,
    );
}

#[tokio::test]
async fn tag_resource_by_arn() {
    let sim = sim();
    let api = deployed(&sim, "orders", "live").await;
    let tags = Tags::from([("team".to_owned(), "payments".to_owned())]);
    sim.tag_resource(&stage_arn("us-west-2", &api.id, "live"), &tags)
        .await
        .unwrap();
    sim.tag_resource(&api.arn("us-west-2"), &tags)
        .await
        .unwrap();
    assert_eq!(sim.get_stage(&api.id, "live").await.unwrap().tags, tags);
    assert_eq!(sim.get_rest_api(&api.id).await.unwrap().tags, tags);

    for missing in [
        stage_arn("us-west-2", &api.id, "dev"),
        stage_arn("eu-west-1", &api.id, "live"),
        "arn:aws:apigateway:us-west-2::/restapis/nosuchapi0".to_owned(),
    ] {
        failed(sim.tag_resource(&missing, &tags).await, ErrorKind::NotFound);
    }
    for malformed in ["orders", "arn:aws:apigateway:us-west-2::/whatever/1"] {
        failed(sim.tag_resource(malformed, &tags).await, ErrorKind::Invalid);
    }
    let reserved = Tags::from([("aws:x".to_owned(), "y".to_owned())]);
    failed(
        sim.tag_resource(&api.arn("us-west-2"), &reserved).await,
        ErrorKind::Invalid,
    );
}

#[tokio::test]
async fn gateway_responses_answer_defaults_for_the_rest() {
    let sim = sim();
    let api = api(&sim, "orders").await;
    let mut custom = GatewayResponse::new(GatewayResponseType::Default4xx);
    custom.status_code = Some("400".into());
    custom
        .response_templates
        .insert("application/json".into(), r#"{"error": "bad"}"#.into());
    let stored = sim.put_gateway_response(&api.id, &custom).await.unwrap();
    assert_eq!(stored, custom);

    let all = sim.list_gateway_responses(&api.id).await.unwrap();
    assert_eq!(all.len(), GatewayResponseType::ALL.len());
    assert_eq!(all.iter().filter(|r| !r.default_response).count(), 1);
    let missing = sim
        .get_gateway_response(&api.id, GatewayResponseType::MissingAuthenticationToken)
        .await
        .unwrap();
    assert!(missing.default_response);
    assert_eq!(missing.status_code.as_deref(), Some("403"));
    assert_eq!(
        sim.get_gateway_response(&api.id, GatewayResponseType::Default4xx)
            .await
            .unwrap(),
        custom
    );
    custom.status_code = Some("99".into());
    failed(
        sim.put_gateway_response(&api.id, &custom).await,
        ErrorKind::Invalid,
    );
}
