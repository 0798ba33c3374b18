//! Usage plans, API keys and usage plan keys.
//!
//! AWS behaviour modelled:
//! - Usage plan and API key names are not unique. Plan ids have 6 characters, key ids 10,
//!   key values 40.
//! - An API stage of a plan must exist: otherwise `BadRequestException` "Invalid API Stage
//!   {api: …, stage: …} specified for usageplan …" ([`ErrorKind::Invalid`]). Adding a stage
//!   the plan already has is `ConflictException` (`AlreadyExists`); removing one it does not
//!   have is `BadRequestException`.
//! - `DeleteUsagePlan` with API stages attached is `BadRequestException` "Cannot delete Usage
//!   Plan … because there are API Stages associated with it, including …".
//! - `CreateUsagePlanKey`: unknown plan or key `NotFoundException`, a key already in the plan
//!   `ConflictException` (`AlreadyExists`), a key in 10 plans already `LimitExceededException`
//!   (quota "usage plans per API key"), and a key may not reach the same API stage through two
//!   plans (`BadRequestException`; the same rule guards `UpdateUsagePlan` adding a stage).
//! - `GetApiKeys` answers values only with `includeValues`; `DeleteApiKey` removes the key from
//!   every plan. 10 000 API keys per region.
//!
//! [`ErrorKind::Invalid`]: apigw_core::ErrorKind::Invalid

use std::time::SystemTime;

use apigw_core::restapi::{
    ApiKey, ApiKeyValue, ApiStage, NewApiKey, NewUsagePlan, Quota, Throttle, UsagePlan,
    UsagePlanKey, UsagePlanPatch,
};
use apigw_core::Op;

use super::{
    check_tags, exists, fresh, invalid, limit, not_found, Key, Plan, Result, State, World,
    CREATE_API_KEY, CREATE_USAGE_PLAN, CREATE_USAGE_PLAN_KEY, DELETE_API_KEY, DELETE_USAGE_PLAN,
    DELETE_USAGE_PLAN_KEY, GET_USAGE_PLAN_KEYS, UPDATE_USAGE_PLAN,
};

/// Usage plans one API key may belong to.
pub(super) const PLANS_PER_KEY: usize = 10;
/// API keys per region.
const KEYS_PER_REGION: usize = 10_000;

pub(super) fn plan<'a>(state: &'a State, op: Op, plan_id: &str) -> Result<&'a Plan> {
    state
        .plans
        .get(plan_id)
        .ok_or_else(|| not_found(op, "Invalid Usage Plan ID specified").with_resource(plan_id))
}

fn key<'a>(state: &'a State, op: Op, key_id: &str) -> Result<&'a Key> {
    state
        .keys
        .get(key_id)
        .ok_or_else(|| not_found(op, "Invalid API Key identifier specified").with_resource(key_id))
}

fn check_api_stage(state: &State, op: Op, plan_name: &str, stage: &ApiStage) -> Result<()> {
    let known = state
        .apis
        .get(&stage.api_id)
        .is_some_and(|api| api.stages.contains_key(&stage.stage));
    if known {
        Ok(())
    } else {
        Err(invalid(
            op,
            format!(
                "Invalid API Stage {{api: {}, stage: {}}} specified for usageplan {plan_name}",
                stage.api_id, stage.stage
            ),
        ))
    }
}

fn check_throttle(op: Op, throttle: &Throttle) -> Result<()> {
    if throttle.rate_limit.is_finite() && throttle.rate_limit >= 0.0 && throttle.burst_limit >= 0 {
        Ok(())
    } else {
        Err(invalid(
            op,
            "Throttle rate and burst limits must be non-negative",
        ))
    }
}

fn check_quota(op: Op, quota: &Quota) -> Result<()> {
    if quota.limit >= 0 && quota.offset >= 0 && (quota.limit == 0 || quota.offset < quota.limit) {
        Ok(())
    } else {
        Err(invalid(
            op,
            "Quota limit must be non-negative and the offset below the limit",
        ))
    }
}

/// A key must not reach `stage` through two plans: `plan_id` (about to gain `stage`, or `key`)
/// and any other plan of one of `keys`.
fn check_one_plan_per_stage(
    state: &State,
    op: Op,
    plan_id: &str,
    keys: &[&str],
    stages: &[ApiStage],
) -> Result<()> {
    for other in state.plans.values().filter(|p| p.plan.id != plan_id) {
        for key in keys.iter().filter(|k| other.keys.contains(**k)) {
            if let Some(shared) = stages.iter().find(|s| other.plan.api_stages.contains(s)) {
                return Err(invalid(
                    op,
                    format!(
                        "API Key {key} cannot reference multiple Usage Plans with the same API \
                         Stage: {shared} is in usage plans {plan_id} and {}",
                        other.plan.id
                    ),
                ));
            }
        }
    }
    Ok(())
}

pub(super) fn create_plan(w: &mut World, new: &NewUsagePlan) -> Result<UsagePlan> {
    let op = CREATE_USAGE_PLAN;
    if new.name.trim().is_empty() {
        return Err(invalid(op, "The usage plan name must not be empty"));
    }
    check_tags(op, &new.tags)?;
    if let Some(throttle) = &new.throttle {
        check_throttle(op, throttle)?;
    }
    if let Some(quota) = &new.quota {
        check_quota(op, quota)?;
    }
    for (i, stage) in new.api_stages.iter().enumerate() {
        check_api_stage(&w.restapi, op, &new.name, stage)?;
        if new.api_stages[..i].contains(stage) {
            return Err(invalid(op, format!("Duplicate API Stage {stage}")));
        }
    }
    let id = fresh(w, World::id6, |w, id| w.restapi.plans.contains_key(id));
    let plan = UsagePlan {
        id: id.clone(),
        name: new.name.clone(),
        description: new.description.clone(),
        api_stages: new.api_stages.clone(),
        throttle: new.throttle,
        quota: new.quota,
        tags: new.tags.clone(),
    };
    w.restapi.plans.insert(
        id,
        Plan {
            plan: plan.clone(),
            keys: Default::default(),
        },
    );
    Ok(plan)
}

pub(super) fn update_plan(
    w: &mut World,
    plan_id: &str,
    patches: &[UsagePlanPatch],
) -> Result<UsagePlan> {
    let op = UPDATE_USAGE_PLAN;
    let state = &w.restapi;
    let current = plan(state, op, plan_id)?;
    let keys: Vec<&str> = current.keys.iter().map(String::as_str).collect();
    let mut updated = current.plan.clone();
    for patch in patches {
        match patch {
            UsagePlanPatch::AddApiStage(stage) => {
                check_api_stage(state, op, &updated.name, stage)?;
                if updated.api_stages.contains(stage) {
                    return Err(exists(
                        op,
                        format!("API Stage {stage} is already in usage plan {plan_id}"),
                    ));
                }
                check_one_plan_per_stage(state, op, plan_id, &keys, std::slice::from_ref(stage))?;
                updated.api_stages.push(stage.clone());
            }
            UsagePlanPatch::RemoveApiStage(stage) => {
                let before = updated.api_stages.len();
                updated.api_stages.retain(|s| s != stage);
                if updated.api_stages.len() == before {
                    return Err(invalid(
                        op,
                        format!("Invalid API Stage specified: {stage} is not in the plan"),
                    ));
                }
            }
            UsagePlanPatch::Throttle(throttle) => {
                check_throttle(op, throttle)?;
                updated.throttle = Some(*throttle);
            }
            UsagePlanPatch::RemoveThrottle => updated.throttle = None,
            UsagePlanPatch::Quota(quota) => {
                check_quota(op, quota)?;
                updated.quota = Some(*quota);
            }
            UsagePlanPatch::RemoveQuota => updated.quota = None,
            UsagePlanPatch::Description(text) => updated.description = Some(text.clone()),
            other => {
                return Err(invalid(
                    op,
                    format!("The simulator does not support the patch {other:?}"),
                ))
            }
        }
    }
    if let Some(stored) = w.restapi.plans.get_mut(plan_id) {
        stored.plan = updated.clone();
    }
    Ok(updated)
}

pub(super) fn delete_plan(w: &mut World, plan_id: &str) -> Result<()> {
    let op = DELETE_USAGE_PLAN;
    let found = plan(&w.restapi, op, plan_id)?;
    if let Some(stage) = found.plan.api_stages.first() {
        return Err(invalid(
            op,
            format!(
                "Cannot delete Usage Plan {plan_id} because there are API Stages associated \
                 with it, including {stage}"
            ),
        )
        .with_resource(plan_id));
    }
    w.restapi.plans.remove(plan_id);
    Ok(())
}

/// The key as answered: the value only when asked for.
fn answer(key: &Key, include_value: bool) -> ApiKey {
    let mut answer = key.key.clone();
    if !include_value {
        answer.value = None;
    }
    answer
}

pub(super) fn create_key(w: &mut World, new: &NewApiKey) -> Result<ApiKey> {
    let op = CREATE_API_KEY;
    if new.name.trim().is_empty() {
        return Err(invalid(op, "The API key name must not be empty"));
    }
    check_tags(op, &new.tags)?;
    if w.restapi.keys.len() >= KEYS_PER_REGION {
        return Err(limit(
            op,
            format!("Cannot create more than {KEYS_PER_REGION} API keys per region"),
        ));
    }
    let id = fresh(w, World::id10, |w, id| w.restapi.keys.contains_key(id));
    let value: String = (0..4).map(|_| w.id10()).collect();
    let key = Key {
        seq: w.restapi.next_seq(),
        key: ApiKey {
            id: id.clone(),
            name: new.name.clone(),
            description: new.description.clone(),
            enabled: new.enabled,
            created_date: Some(SystemTime::now()),
            tags: new.tags.clone(),
            value: Some(ApiKeyValue::new(value)),
        },
    };
    let created = answer(&key, false);
    w.restapi.keys.insert(id, key);
    Ok(created)
}

pub(super) fn find_keys(state: &State, name: &str, include_values: bool) -> Vec<ApiKey> {
    let mut found: Vec<&Key> = state.keys.values().filter(|k| k.key.name == name).collect();
    found.sort_by_key(|k| k.seq);
    found
        .into_iter()
        .map(|k| answer(k, include_values))
        .collect()
}

pub(super) fn delete_key(w: &mut World, key_id: &str) -> Result<()> {
    key(&w.restapi, DELETE_API_KEY, key_id)?;
    w.restapi.keys.remove(key_id);
    for plan in w.restapi.plans.values_mut() {
        plan.keys.remove(key_id);
    }
    Ok(())
}

fn plan_key(key: &Key) -> UsagePlanKey {
    UsagePlanKey {
        id: key.key.id.clone(),
        key_type: "API_KEY".to_owned(),
        name: Some(key.key.name.clone()),
    }
}

pub(super) fn create_plan_key(w: &mut World, plan_id: &str, key_id: &str) -> Result<UsagePlanKey> {
    let op = CREATE_USAGE_PLAN_KEY;
    let state = &w.restapi;
    let found = plan(state, op, plan_id)?;
    let api_key = key(state, op, key_id)?;
    if found.keys.contains(key_id) {
        return Err(exists(
            op,
            format!("API Key {key_id} is already in usage plan {plan_id}"),
        ));
    }
    let plans_of_key = state
        .plans
        .values()
        .filter(|p| p.keys.contains(key_id))
        .count();
    if plans_of_key >= PLANS_PER_KEY {
        return Err(limit(
            op,
            format!("API Key {key_id} cannot be in more than {PLANS_PER_KEY} usage plans"),
        ));
    }
    check_one_plan_per_stage(state, op, plan_id, &[key_id], &found.plan.api_stages)?;
    let answer = plan_key(api_key);
    if let Some(stored) = w.restapi.plans.get_mut(plan_id) {
        stored.keys.insert(key_id.to_owned());
    }
    Ok(answer)
}

pub(super) fn list_plan_keys(state: &State, plan_id: &str) -> Result<Vec<UsagePlanKey>> {
    let found = plan(state, GET_USAGE_PLAN_KEYS, plan_id)?;
    Ok(found
        .keys
        .iter()
        .filter_map(|id| state.keys.get(id))
        .map(plan_key)
        .collect())
}

pub(super) fn delete_plan_key(w: &mut World, plan_id: &str, key_id: &str) -> Result<()> {
    let op = DELETE_USAGE_PLAN_KEY;
    plan(&w.restapi, op, plan_id)?;
    let removed = w
        .restapi
        .plans
        .get_mut(plan_id)
        .is_some_and(|p| p.keys.remove(key_id));
    if removed {
        Ok(())
    } else {
        Err(not_found(op, "Invalid API Key identifier specified").with_resource(key_id))
    }
}
