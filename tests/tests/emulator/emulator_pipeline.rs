//! The pipeline against moto through the SDK adapters: full.toml provisions, converges to the
//! same ids, and destroy removes only what is ours.
//!
//! Every name is made unique (tests share one moto). Moto gaps met here: certificates turn
//! ISSUED after MOTO_ACM_VALIDATION_WAIT whatever DNS says (the sim checks the CNAME), and
//! GetBasePathMappings on a domain without mappings crashed moto 5.2.5 (fixed in the
//! launcher's moto_fixes.py to answer the empty list AWS answers).

use apigw_core::restapi::{
    ApiGateway, Authorization, BasePathMapping, Integration, MethodSpec, NewDeployment, NewRestApi,
    NewStage, SdkApiGateway,
};
use apigw_dns::{Change, Dns, RecordSet, SdkDns};
use apigw_facade::spec::GatewaySpec;
use apigw_facade::{Backends, Gateway, Options};
use std::time::Duration;

use crate::support;

/// full.toml with unique names, its zone and topic created in moto.
async fn unique_full_spec(ctx: &apigw_core::AwsContext) -> GatewaySpec {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/full.toml");
    let mut spec = GatewaySpec::from_file(path).expect("full.toml");
    let id = support::unique("p");
    spec.name = format!("orders-{id}");
    let zone = format!("{id}.example.com");
    let domain = spec.domain.as_mut().expect("domain");
    domain.hosted_zone = zone.clone();
    spec.execution_role.as_mut().expect("role").name = format!("orders-apigw-{id}");
    for plan in &mut spec.usage_plans {
        plan.api_keys
            .iter_mut()
            .for_each(|k| *k = format!("{k}-{id}"));
    }
    let topic = format!("ops-alerts-{id}");
    spec.monitoring.as_mut().expect("monitoring").sns_topic = Some(topic.clone());
    ctx.route53()
        .create_hosted_zone()
        .name(&zone)
        .caller_reference(&id)
        .send()
        .await
        .expect("zone");
    ctx.sns()
        .create_topic()
        .name(&topic)
        .send()
        .await
        .expect("topic");
    spec.validate().expect("still valid");
    spec
}

fn gateway(spec: &GatewaySpec, ctx: &apigw_core::AwsContext) -> Gateway {
    let options = Options::default()
        .poll_interval(Duration::from_millis(500))
        .certificate_timeout(Duration::from_secs(60));
    Gateway::new(spec.clone(), Backends::aws(ctx)).with_options(options)
}

#[tokio::test]
async fn full_spec_provisions_converges_and_destroys_only_ours() {
    let Some(ctx) = support::context_in("eu-west-1").await else {
        return;
    };
    let spec = unique_full_spec(&ctx).await;
    let artifact = gateway(&spec, &ctx)
        .provision()
        .await
        .expect("provision on moto");

    let apigw = SdkApiGateway::new(&ctx);
    let api = apigw
        .get_rest_api(&artifact.rest_api_id)
        .await
        .expect("api");
    assert_eq!(
        artifact.arn,
        format!("arn:aws:apigateway:eu-west-1::/restapis/{}", api.id)
    );
    assert_eq!(
        artifact.stage_arn,
        format!("{}/stages/{}", artifact.arn, spec.stage)
    );
    assert_eq!(
        Some(artifact.root_resource_id.clone()),
        api.root_resource_id
    );
    let stage = apigw.get_stage(&api.id, &spec.stage).await.expect("stage");
    assert!(stage.deployment_id.is_some());
    let domain = artifact.domain.clone().expect("domain");
    assert!(
        domain.certificate_arn.starts_with("arn:aws:acm:us-east-1:"),
        "EDGE certificate in us-east-1: {}",
        domain.certificate_arn
    );

    // Second run: same ids, one API of that name.
    let again = gateway(&spec, &ctx)
        .provision()
        .await
        .expect("second provision");
    assert_eq!(again.rest_api_id, artifact.rest_api_id);
    assert_eq!(again.root_resource_id, artifact.root_resource_id);
    assert_eq!(
        apigw.find_rest_apis(&spec.name).await.expect("list").len(),
        1
    );
    let plan = gateway(&spec, &ctx).plan().await.expect("plan");
    assert!(
        plan.is_empty(),
        "converged: {:?}",
        plan.pending().collect::<Vec<_>>()
    );

    // Foreign objects: an API of the same name, a record in the zone, a mapping on another domain.
    let foreign = foreign_stack(&ctx, &spec).await;
    gateway(&spec, &ctx).destroy().await.expect("destroy");
    assert!(
        apigw.get_rest_api(&artifact.rest_api_id).await.is_err(),
        "our API is gone"
    );
    let left = apigw.find_rest_apis(&spec.name).await.expect("list");
    assert_eq!(
        left.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
        [foreign.api_id.as_str()]
    );
    let dns = SdkDns::new(&ctx);
    let zone = dns
        .find_zone(&spec.domain.as_ref().expect("domain").hosted_zone)
        .await
        .expect("zone")
        .expect("exists");
    let records = dns.list_records(&zone.id, None).await.expect("records");
    assert!(
        records.iter().any(|r| r.is_named(&foreign.record)),
        "foreign record stays"
    );
    assert!(
        !records.iter().any(|r| r.is_named(&domain.name)),
        "our alias is gone"
    );
    let mappings = apigw
        .list_base_path_mappings(&foreign.domain)
        .await
        .expect("foreign mappings");
    assert!(
        mappings.iter().any(|m| m.rest_api_id == foreign.api_id),
        "foreign mapping stays"
    );
    assert!(
        apigw.get_domain_name(&domain.name).await.is_err(),
        "our domain is gone"
    );
}

struct Foreign {
    api_id: String,
    record: String,
    domain: String,
}

async fn foreign_stack(ctx: &apigw_core::AwsContext, spec: &GatewaySpec) -> Foreign {
    let apigw = SdkApiGateway::new(ctx);
    let api = apigw
        .create_rest_api(&NewRestApi {
            name: spec.name.clone(),
            description: None,
            endpoint_type: apigw_core::restapi::EndpointType::Regional,
            tags: Default::default(),
        })
        .await
        .expect("foreign api");
    let root = api.root_resource_id.clone().expect("root");
    apigw
        .put_method(&api.id, &root, &MethodSpec::new("GET", Authorization::None))
        .await
        .expect("method");
    apigw
        .put_integration(&api.id, &root, "GET", &Integration::mock())
        .await
        .expect("integration");
    let deployment = apigw
        .create_deployment(
            &api.id,
            &NewDeployment {
                stage_name: None,
                description: "foreign".to_owned(),
            },
        )
        .await
        .expect("deployment");
    apigw
        .create_stage(
            &api.id,
            &NewStage {
                name: "prod".to_owned(),
                deployment_id: deployment.id,
                description: None,
                variables: Default::default(),
                tags: Default::default(),
            },
        )
        .await
        .expect("stage");
    let zone_name = spec.domain.as_ref().expect("domain").hosted_zone.clone();
    let foreign_domain = format!("legacy.{zone_name}");
    let cert = ctx
        .acm_in("eu-west-1")
        .request_certificate()
        .domain_name(&foreign_domain)
        .send()
        .await
        .expect("cert");
    tokio::time::sleep(Duration::from_secs(3)).await; // moto issues after MOTO_ACM_VALIDATION_WAIT
    ctx.apigateway()
        .create_domain_name()
        .domain_name(&foreign_domain)
        .regional_certificate_arn(cert.certificate_arn().expect("arn"))
        .endpoint_configuration(
            aws_sdk_apigateway::types::EndpointConfiguration::builder()
                .types(aws_sdk_apigateway::types::EndpointType::Regional)
                .build(),
        )
        .send()
        .await
        .expect("foreign domain");
    apigw
        .create_base_path_mapping(
            &foreign_domain,
            &BasePathMapping {
                base_path: String::new(),
                rest_api_id: api.id.clone(),
                stage: Some("prod".to_owned()),
            },
        )
        .await
        .expect("foreign mapping");
    let dns = SdkDns::new(ctx);
    let zone = dns
        .find_zone(&zone_name)
        .await
        .expect("zone")
        .expect("exists");
    let record = format!("www.{zone_name}");
    dns.change_records(
        &zone.id,
        vec![Change::upsert(RecordSet::cname(
            &record,
            "legacy.example.net",
            300,
        ))],
    )
    .await
    .expect("foreign record");
    Foreign {
        api_id: api.id,
        record,
        domain: foreign_domain,
    }
}
