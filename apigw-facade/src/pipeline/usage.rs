//! Usage plans on the stage, and their API keys (created by name, values never read).

use std::collections::BTreeMap;

use apigw_core::restapi::{
    ApiKey, ApiStage, NewApiKey, NewUsagePlan, Quota, QuotaPeriod, RestApi, Throttle, UsagePlan,
    UsagePlanPatch,
};
use apigw_core::Result;

use super::run::Run;
use crate::artifact::{ApiKeyArtifact, UsagePlanArtifact};
use crate::owner::is_owned;
use crate::plan::{Action, Change, FieldDiff};
use crate::spec::{self, UsagePlanSpec};

/// Converges every usage plan and key; returns them for the artifact (empty in plan mode).
pub(crate) async fn converge(
    run: &Run<'_>,
    api: Option<&RestApi>,
) -> Result<Vec<UsagePlanArtifact>> {
    if run.spec.usage_plans.is_empty() {
        return Ok(Vec::new());
    }
    let keys = ensure_keys(run).await?;
    let live = run.b.apigw.list_usage_plans().await?;
    let mut artifacts = Vec::new();
    for plan_spec in &run.spec.usage_plans {
        let current = live
            .iter()
            .find(|p| p.name == plan_spec.name && is_owned(&p.tags, &run.spec.name));
        let plan = ensure_plan(run, api, plan_spec, current).await?;
        let Some(plan) = plan else {
            // Plan mode, plan still to be created: its keys follow.
            for name in &plan_spec.api_keys {
                let change = Change::new(
                    Action::Create,
                    "usage_plan_key",
                    format!("{} {name}", plan_spec.name),
                );
                run.write(change, async { Ok(()) }).await?;
            }
            continue;
        };
        let attached = run.b.apigw.list_usage_plan_keys(&plan.id).await?;
        let mut key_artifacts = Vec::new();
        for name in &plan_spec.api_keys {
            let Some(key) = keys.get(name.as_str()) else {
                continue;
            };
            if attached.iter().any(|k| k.id == key.id) {
                run.unchanged("usage_plan_key", format!("{} {name}", plan.name));
            } else {
                let change = Change::new(
                    Action::Create,
                    "usage_plan_key",
                    format!("{} {name}", plan.name),
                );
                let create = run.b.apigw.create_usage_plan_key(&plan.id, &key.id);
                super::run::adopt_existing(run.write(change, create).await)?;
            }
            key_artifacts.push(ApiKeyArtifact {
                name: name.clone(),
                id: key.id.clone(),
            });
        }
        artifacts.push(UsagePlanArtifact {
            name: plan.name.clone(),
            id: plan.id.clone(),
            api_keys: key_artifacts,
        });
    }
    Ok(artifacts)
}

async fn ensure_keys<'s>(run: &Run<'s>) -> Result<BTreeMap<&'s str, ApiKey>> {
    let mut keys = BTreeMap::new();
    for name in run.spec.usage_plans.iter().flat_map(|p| p.api_keys.iter()) {
        if keys.contains_key(name.as_str()) {
            continue;
        }
        let found = run
            .b
            .apigw
            .find_api_keys(name, false)
            .await?
            .into_iter()
            .find(|k| k.name == *name && is_owned(&k.tags, &run.spec.name));
        let key = match found {
            Some(key) => {
                run.unchanged("api_key", name.as_str());
                Some(key)
            }
            None => {
                let new = NewApiKey {
                    name: name.clone(),
                    description: Some(format!("apigw key of {}", run.spec.name)),
                    enabled: true,
                    tags: run.tags(),
                };
                run.write(
                    Change::new(Action::Create, "api_key", name.as_str()),
                    run.b.apigw.create_api_key(&new),
                )
                .await?
            }
        };
        if let Some(key) = key {
            keys.insert(name.as_str(), key);
        }
    }
    Ok(keys)
}

async fn ensure_plan(
    run: &Run<'_>,
    api: Option<&RestApi>,
    spec: &UsagePlanSpec,
    current: Option<&UsagePlan>,
) -> Result<Option<UsagePlan>> {
    let throttle = throttle(spec);
    let quota = spec.quota.map(|q| Quota {
        limit: i32::try_from(q.limit).unwrap_or(i32::MAX),
        period: period(q.period),
        offset: 0,
    });
    let stage = api.map(|a| ApiStage::new(a.id.clone(), run.spec.stage.clone()));
    let Some(current) = current else {
        let new = NewUsagePlan {
            name: spec.name.clone(),
            description: Some(format!("apigw usage plan of {}", run.spec.name)),
            throttle,
            quota,
            api_stages: stage.into_iter().collect(),
            tags: run.tags(),
        };
        return run
            .write(
                Change::new(Action::Create, "usage_plan", &spec.name),
                run.b.apigw.create_usage_plan(&new),
            )
            .await;
    };
    let mut patches = Vec::new();
    let mut diff = Vec::new();
    if let Some(stage) = stage.filter(|s| !current.api_stages.contains(s)) {
        diff.push(FieldDiff::new(
            "api_stages",
            None::<String>,
            Some(stage.to_string()),
        ));
        patches.push(UsagePlanPatch::AddApiStage(stage));
    }
    if current.throttle != throttle {
        diff.push(FieldDiff::new(
            "throttle",
            current
                .throttle
                .map(|t| format!("{}/{}", t.rate_limit, t.burst_limit)),
            throttle.map(|t| format!("{}/{}", t.rate_limit, t.burst_limit)),
        ));
        patches.push(throttle.map_or(UsagePlanPatch::RemoveThrottle, UsagePlanPatch::Throttle));
    }
    if current.quota.map(|q| (q.limit, q.period)) != quota.map(|q| (q.limit, q.period)) {
        diff.push(FieldDiff::new(
            "quota",
            current
                .quota
                .map(|q| format!("{} per {}", q.limit, q.period)),
            quota.map(|q| format!("{} per {}", q.limit, q.period)),
        ));
        patches.push(quota.map_or(UsagePlanPatch::RemoveQuota, UsagePlanPatch::Quota));
    }
    if patches.is_empty() {
        run.unchanged("usage_plan", &spec.name);
        return Ok(Some(current.clone()));
    }
    let change = Change::new(Action::Update, "usage_plan", &spec.name).with_diff(diff);
    Ok(run
        .write(change, run.b.apigw.update_usage_plan(&current.id, &patches))
        .await?
        .or_else(|| Some(current.clone())))
}

fn throttle(spec: &UsagePlanSpec) -> Option<Throttle> {
    match (spec.rate_limit, spec.burst_limit) {
        (None, None) => None,
        (rate, burst) => Some(Throttle {
            rate_limit: rate.unwrap_or(0.0),
            burst_limit: burst.map_or(0, |b| i32::try_from(b).unwrap_or(i32::MAX)),
        }),
    }
}

fn period(period: spec::QuotaPeriod) -> QuotaPeriod {
    match period {
        spec::QuotaPeriod::Day => QuotaPeriod::Day,
        spec::QuotaPeriod::Week => QuotaPeriod::Week,
        _ => QuotaPeriod::Month,
    }
}
