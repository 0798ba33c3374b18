//! full.toml provisions, converges, and a second provision writes nothing.

use apigw_core::restapi::ApiGateway;
use apigw_sim::SimConfig;

use crate::support::{account, example, gateway};

#[tokio::test(start_paused = true)]
async fn full_spec_provisions_and_the_artifact_matches_the_backend() {
    let spec = example("full.toml");
    let sim = account(&spec, SimConfig::default());
    let artifact = gateway(&spec, &sim).provision().await.expect("provision");

    let api = sim
        .get_rest_api(&artifact.rest_api_id)
        .await
        .expect("api exists");
    assert_eq!(
        artifact.arn,
        format!("arn:aws:apigateway:eu-west-1::/restapis/{}", api.id)
    );
    assert_eq!(artifact.stage_arn, format!("{}/stages/live", artifact.arn));
    assert_eq!(
        Some(artifact.root_resource_id.clone()),
        api.root_resource_id
    );
    let stage = sim.get_stage(&api.id, "live").await.expect("stage exists");
    assert!(stage.deployment_id.is_some());
    let tree = sim.get_resources(&api.id).await.expect("tree");
    assert_eq!(
        tree.len(),
        spec.resource_paths().len() + 1,
        "every path plus root"
    );
    let methods: usize = tree.iter().map(|r| r.methods.len()).sum();
    assert_eq!(
        methods,
        spec.paths.iter().map(|p| p.methods.len()).sum::<usize>()
    );
    let domain = artifact.domain.as_ref().expect("domain");
    assert_eq!(domain.name, "orders.example.com");
    assert!(
        domain.certificate_arn.starts_with("arn:aws:acm:us-east-1:"),
        "EDGE certificate in us-east-1: {}",
        domain.certificate_arn
    );
    assert!(
        domain.target.ends_with(".cloudfront.net"),
        "{}",
        domain.target
    );
    assert_eq!(artifact.alarms.len(), 3);
    assert_eq!(artifact.usage_plans.len(), 2);
    assert!(artifact.execution_role_arn.is_some());
    assert!(artifact.execution_arn.is_some());

    let before = sim.journal().calls().len();
    let again = gateway(&spec, &sim)
        .provision()
        .await
        .expect("second provision");
    let journal = sim.journal();
    let writes: Vec<_> = journal
        .since(before)
        .iter()
        .filter(|c| c.write)
        .map(|c| c.operation)
        .collect();
    assert!(
        writes.is_empty(),
        "a second provision makes zero writes, made {writes:?}"
    );
    assert_eq!(again, artifact);
}

#[tokio::test(start_paused = true)]
async fn changing_one_integration_uri_plans_and_writes_exactly_that_plus_one_deployment() {
    let mut spec = example("full.toml");
    let sim = account(&spec, SimConfig::default());
    gateway(&spec, &sim).provision().await.expect("provision");

    let target = spec
        .paths
        .iter_mut()
        .find(|p| p.path == "/customers")
        .expect("path");
    target.integration.uri = Some("https://customers-v2.example.com/customers".to_owned());
    let plan = gateway(&spec, &sim).plan().await.expect("plan");
    let pending: Vec<String> = plan
        .pending()
        .map(|c| format!("{} {} {:?}", c.object, c.name, c.action))
        .collect();
    assert_eq!(
        pending,
        [
            "integration GET /customers Update",
            "integration POST /customers Update",
            "deployment live Create",
        ],
        "plan: {pending:?}"
    );
    let uri_diff = &plan.pending().next().expect("change").diff;
    assert_eq!(uri_diff.len(), 1);
    assert_eq!(uri_diff[0].field, "uri");
    assert_eq!(
        uri_diff[0].to.as_deref(),
        Some("https://customers-v2.example.com/customers")
    );

    let before = sim.journal().calls().len();
    gateway(&spec, &sim)
        .provision()
        .await
        .expect("provision the change");
    let journal = sim.journal();
    let writes: Vec<_> = journal
        .since(before)
        .iter()
        .filter(|c| c.write)
        .map(|c| c.operation)
        .collect();
    assert_eq!(
        writes,
        ["PutIntegration", "PutIntegration", "CreateDeployment"]
    );
}

#[tokio::test(start_paused = true)]
async fn regional_certificate_lives_in_the_api_region_and_alias_hits_the_regional_target() {
    let mut spec = example("full.toml");
    spec.endpoint = apigw_facade::spec::Endpoint::Regional;
    let sim = account(&spec, SimConfig::default());
    let artifact = gateway(&spec, &sim).provision().await.expect("provision");
    let domain = artifact.domain.expect("domain");
    assert!(
        domain.certificate_arn.starts_with("arn:aws:acm:eu-west-1:"),
        "{}",
        domain.certificate_arn
    );
    assert!(
        domain
            .target
            .contains(".execute-api.eu-west-1.amazonaws.com"),
        "{}",
        domain.target
    );
    let zone = apigw_dns::Dns::find_zone(&sim, "example.com")
        .await
        .expect("zone")
        .expect("exists");
    let records = apigw_dns::Dns::list_records(&sim, &zone.id, None)
        .await
        .expect("records");
    let alias = records
        .iter()
        .find(|r| r.is_named("orders.example.com") && r.record_type == apigw_dns::RecordType::A)
        .expect("alias A");
    assert_eq!(
        alias.alias.as_ref().map(|a| a.dns_name.as_str()),
        Some(domain.target.as_str())
    );
    assert_eq!(
        alias.alias.as_ref().map(|a| a.hosted_zone_id.as_str()),
        Some(domain.hosted_zone_id.as_str())
    );
}

#[tokio::test(start_paused = true)]
async fn rest_path_attach_adds_paths_without_touching_the_others() {
    let spec = example("full.toml");
    let sim = account(&spec, SimConfig::default());
    let artifact = gateway(&spec, &sim).provision().await.expect("provision");
    let tree_before = sim
        .get_resources(&artifact.rest_api_id)
        .await
        .expect("tree");

    let attach_spec = apigw_facade::spec::RestPathSpec::from_file(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/rest-path.toml"),
    )
    .expect("rest-path.toml");
    let backends = apigw_facade::Backends::uniform(sim.clone(), "eu-west-1");
    let before = sim.journal().calls().len();
    let plan = apigw_facade::RestPath::new(attach_spec.clone(), backends.clone())
        .attach()
        .await
        .expect("attach");
    assert!(plan.pending().any(|c| c.object == "deployment"));
    let journal = sim.journal();
    let writes: Vec<_> = journal
        .since(before)
        .iter()
        .filter(|c| c.write)
        .map(|c| c.operation)
        .collect();
    assert!(
        !writes.contains(&"DeleteResource") && !writes.contains(&"DeleteMethod"),
        "{writes:?}"
    );

    let tree_after = sim
        .get_resources(&artifact.rest_api_id)
        .await
        .expect("tree");
    for resource in &tree_before {
        let after = tree_after
            .iter()
            .find(|r| r.id == resource.id)
            .expect("old resource kept");
        assert_eq!(
            after.methods, resource.methods,
            "{} untouched",
            resource.path
        );
    }
    assert!(tree_after.iter().any(|r| r.path == "/reports/monthly"));
    assert!(tree_after.iter().any(|r| r.path == "/reports/{reportId}"));

    let again = apigw_facade::RestPath::new(attach_spec, backends)
        .attach()
        .await
        .expect("attach again");
    assert!(
        again.is_empty(),
        "a second attach changes nothing: {:?}",
        again.pending().collect::<Vec<_>>()
    );
}
