//! destroy removes everything apigw made for the spec and nothing else.

use apigw_core::restapi::{ApiGateway, NewRestApi};
use apigw_dns::{Change, Dns, RecordSet};
use apigw_sim::{SimConfig, OWNER_TAG};

use crate::support::{account, example, gateway};

#[tokio::test(start_paused = true)]
async fn destroy_leaves_nothing_of_ours_and_every_foreign_object_untouched() {
    let spec = example("full.toml");
    let sim = account(&spec, SimConfig::default());
    let ours = gateway(&spec, &sim).provision().await.expect("provision");

    // A foreign API with the same name (no ownership tag), a foreign record in the zone, and a
    // foreign stack on another domain of the same zone with its own base path mapping.
    let foreign_api = sim
        .create_rest_api(&NewRestApi {
            name: spec.name.clone(),
            description: None,
            endpoint_type: apigw_core::restapi::EndpointType::Regional,
            tags: Default::default(),
        })
        .await
        .expect("foreign api");
    let zone = sim
        .find_zone("example.com")
        .await
        .expect("zone")
        .expect("exists");
    sim.change_records(
        &zone.id,
        vec![Change::upsert(RecordSet::cname(
            "www.example.com",
            "legacy.example.net",
            300,
        ))],
    )
    .await
    .expect("foreign record");
    let mut legacy = example("minimal.toml");
    legacy.name = "legacy".to_owned();
    legacy.region = Some("eu-west-1".to_owned());
    legacy.domain = example("full.toml").domain.map(|mut d| {
        d.sub_domain = "legacy".to_owned();
        d
    });
    let legacy_artifact = gateway(&legacy, &sim)
        .provision()
        .await
        .expect("foreign stack");

    let plan = gateway(&spec, &sim).destroy().await.expect("destroy");
    assert!(
        plan.pending().count() > 10,
        "destroy deleted things: {plan:?}"
    );

    assert!(
        sim.objects_tagged(OWNER_TAG, "apigw/orders").is_empty(),
        "left: {:?}",
        sim.objects_tagged(OWNER_TAG, "apigw/orders")
    );
    let violations = sim.check_invariants();
    assert!(violations.is_empty(), "{violations:?}");
    assert!(
        sim.get_rest_api(&ours.rest_api_id).await.is_err(),
        "our API is gone"
    );
    assert!(
        sim.get_domain_name("orders.example.com").await.is_err(),
        "our domain is gone"
    );

    let same_name = sim.find_rest_apis(&spec.name).await.expect("list");
    assert_eq!(
        same_name.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
        [foreign_api.id.as_str()],
        "the foreign API of the same name stays"
    );
    let records = sim.list_records(&zone.id, None).await.expect("records");
    assert!(
        records.iter().any(|r| r.is_named("www.example.com")),
        "foreign record stays"
    );
    assert!(
        records
            .iter()
            .any(|r| r.is_named("legacy.example.com") && r.alias.is_some()),
        "foreign alias stays"
    );
    let mappings = sim
        .list_base_path_mappings("legacy.example.com")
        .await
        .expect("foreign mappings");
    assert_eq!(mappings.len(), 1);
    assert_eq!(
        mappings[0].rest_api_id, legacy_artifact.rest_api_id,
        "foreign base path mapping stays"
    );
    assert!(!sim.objects_tagged(OWNER_TAG, "apigw/legacy").is_empty());

    let again = gateway(&spec, &sim).destroy().await.expect("destroy again");
    assert!(
        again.is_empty(),
        "a second destroy has nothing to do: {:?}",
        again.pending().collect::<Vec<_>>()
    );
}
