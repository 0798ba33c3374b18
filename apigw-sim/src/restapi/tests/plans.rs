//! Usage plans, API keys and usage plan keys.

use apigw_core::restapi::{
    ApiGateway, ApiStage, NewApiKey, NewUsagePlan, Quota, QuotaPeriod, Tags, Throttle,
    UsagePlanPatch,
};
use apigw_core::ErrorKind;

use super::{deployed, failed, sim};

fn new_plan(name: &str, api_stages: Vec<ApiStage>) -> NewUsagePlan {
    NewUsagePlan {
        name: name.to_owned(),
        description: None,
        throttle: Some(Throttle {
            rate_limit: 10.0,
            burst_limit: 20,
        }),
        quota: Some(Quota {
            limit: 10_000,
            period: QuotaPeriod::Month,
            offset: 0,
        }),
        api_stages,
        tags: Tags::new(),
    }
}

fn new_key(name: &str) -> NewApiKey {
    NewApiKey {
        name: name.to_owned(),
        description: None,
        enabled: true,
        tags: Tags::new(),
    }
}

#[tokio::test]
async fn usage_plans_need_real_stages_and_refuse_deletion_while_attached() {
    let sim = sim();
    let api = deployed(&sim, "orders", "live").await;
    let live = ApiStage::new(&api.id, "live");
    let err = failed(
        sim.create_usage_plan(&new_plan("p", vec![ApiStage::new(&api.id, "dev")]))
            .await,
        ErrorKind::Invalid,
    );
    assert!(err.message().starts_with("Invalid API Stage"), "{err}");

    let plan = sim
        .create_usage_plan(&new_plan("partners", vec![live.clone()]))
        .await
        .unwrap();
    assert_eq!(plan.id.len(), 6);
    let again = [UsagePlanPatch::AddApiStage(live.clone())];
    failed(
        sim.update_usage_plan(&plan.id, &again).await,
        ErrorKind::AlreadyExists,
    );
    let err = failed(sim.delete_usage_plan(&plan.id).await, ErrorKind::Invalid);
    assert!(
        err.message()
            .contains("because there are API Stages associated with it"),
        "{err}"
    );
    failed(sim.delete_rest_api(&api.id).await, ErrorKind::Invalid);

    let patches = [
        UsagePlanPatch::RemoveApiStage(live.clone()),
        UsagePlanPatch::Throttle(Throttle {
            rate_limit: 5.0,
            burst_limit: 10,
        }),
        UsagePlanPatch::RemoveQuota,
    ];
    let updated = sim.update_usage_plan(&plan.id, &patches).await.unwrap();
    assert!(updated.api_stages.is_empty() && updated.quota.is_none());
    assert_eq!(sim.get_usage_plan(&plan.id).await.unwrap(), updated);
    assert_eq!(sim.list_usage_plans().await.unwrap().len(), 1);
    sim.delete_usage_plan(&plan.id).await.unwrap();
    failed(sim.get_usage_plan(&plan.id).await, ErrorKind::NotFound);
    sim.delete_rest_api(&api.id).await.unwrap();
}

#[tokio::test]
async fn api_key_values_only_when_asked() {
    let sim = sim();
    let key = sim.create_api_key(&new_key("partner-a")).await.unwrap();
    assert!(key.value.is_none());
    assert_eq!(key.id.len(), 10);
    sim.create_api_key(&new_key("partner-a")).await.unwrap();
    let without = sim.find_api_keys("partner-a", false).await.unwrap();
    assert_eq!(without.len(), 2, "names are not unique");
    assert!(without.iter().all(|k| k.value.is_none()));
    let with = sim.find_api_keys("partner-a", true).await.unwrap();
    assert_eq!(with[0].value.as_ref().map(|v| v.expose().len()), Some(40));
    assert!(sim.find_api_keys("partner", true).await.unwrap().is_empty());
    sim.delete_api_key(&key.id).await.unwrap();
    failed(sim.delete_api_key(&key.id).await, ErrorKind::NotFound);
}

#[tokio::test]
async fn usage_plan_keys_conflict_and_stop_at_ten_plans() {
    let sim = sim();
    let api = deployed(&sim, "orders", "live").await;
    let key = sim.create_api_key(&new_key("partner-a")).await.unwrap();
    let plan = sim
        .create_usage_plan(&new_plan("p0", vec![ApiStage::new(&api.id, "live")]))
        .await
        .unwrap();
    let member = sim.create_usage_plan_key(&plan.id, &key.id).await.unwrap();
    assert_eq!(
        (member.key_type.as_str(), member.name.as_deref()),
        ("API_KEY", Some("partner-a"))
    );
    failed(
        sim.create_usage_plan_key(&plan.id, &key.id).await,
        ErrorKind::AlreadyExists,
    );
    failed(
        sim.create_usage_plan_key(&plan.id, "nosuchkey0").await,
        ErrorKind::NotFound,
    );
    failed(
        sim.create_usage_plan_key("nope00", &key.id).await,
        ErrorKind::NotFound,
    );

    // One key may not reach the same stage through two plans.
    let twin = sim
        .create_usage_plan(&new_plan("twin", vec![ApiStage::new(&api.id, "live")]))
        .await
        .unwrap();
    failed(
        sim.create_usage_plan_key(&twin.id, &key.id).await,
        ErrorKind::Invalid,
    );
    for i in 1..10 {
        let other = sim
            .create_usage_plan(&new_plan(&format!("p{i}"), vec![]))
            .await
            .unwrap();
        sim.create_usage_plan_key(&other.id, &key.id).await.unwrap();
    }
    let eleventh = sim
        .create_usage_plan(&new_plan("p10", vec![]))
        .await
        .unwrap();
    failed(
        sim.create_usage_plan_key(&eleventh.id, &key.id).await,
        ErrorKind::LimitExceeded,
    );

    assert_eq!(sim.list_usage_plan_keys(&plan.id).await.unwrap(), [member]);
    sim.delete_usage_plan_key(&plan.id, &key.id).await.unwrap();
    failed(
        sim.delete_usage_plan_key(&plan.id, &key.id).await,
        ErrorKind::NotFound,
    );
    sim.delete_api_key(&key.id).await.unwrap();
    for plan in sim.list_usage_plans().await.unwrap() {
        assert!(sim.list_usage_plan_keys(&plan.id).await.unwrap().is_empty());
    }
}
