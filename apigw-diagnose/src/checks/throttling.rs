//! `throttling`: the expected usage plans are on the stage and hold their keys, enabled; the
//! stage has stage-wide (`*/*`) throttling; the busiest minute of the window stays clear of the
//! stage's rate limit.

use apigw_core::restapi::{ApiStage, RestApi};
use serde_json::{json, Value};

use super::{could_not_run, settle, Findings, Outcome};
use crate::command;
use crate::context::{Ctx, Plans, PERIOD};
use crate::model::{CheckId, CheckReport};
use crate::time::rfc3339;

const ID: CheckId = CheckId::Throttling;

/// The account-level default rate limit per region, shared by every API (requests/s).
pub(crate) const ACCOUNT_RATE_LIMIT: f64 = 10_000.0;

pub(crate) async fn check(cx: &Ctx<'_>) -> CheckReport {
    settle(run(cx).await)
}

async fn run(cx: &Ctx<'_>) -> Outcome {
    let region = cx.d.region();
    let stage_name = cx.t.stage.as_str();
    let api = cx.api().await.map_err(could_not_run(
        ID,
        &command::apigateway("get-usage-plans", &[], region),
    ))?;
    let mut commands = vec![
        command::apigateway("get-usage-plans", &[], region),
        command::apigateway(
            "get-stage",
            &[
                "--rest-api-id",
                &api.id,
                "--stage-name",
                stage_name,
                "--query",
                "methodSettings",
            ],
            region,
        ),
    ];
    let (plans, stage, requests) = futures::join!(cx.plans(), cx.stage(), cx.requests());
    let plans = plans.map_err(could_not_run(ID, &commands.join("\n")))?;
    for plan in plans.on_stage(&api.id, stage_name) {
        commands.insert(
            commands.len() - 1,
            command::apigateway(
                "get-usage-plan-keys",
                &["--usage-plan-id", &plan.id],
                region,
            ),
        );
    }
    let command = commands.join("\n");
    let stage = stage.map_err(could_not_run(ID, &command))?;
    let requests = requests.map_err(could_not_run(ID, &command))?;
    let mut findings = Findings::new(ID);
    let expected = expected_plans(cx, api, plans, &mut findings);

    let throttle = stage
        .all_methods()
        .filter(|m| m.throttling_rate_limit > 0.0 || m.throttling_burst_limit > 0);
    if throttle.is_none() {
        findings.warn(
            format!("the stage {stage_name} has no stage-wide throttling: one caller can use the whole account limit ({ACCOUNT_RATE_LIMIT} requests/s shared by every API in {region})"),
            command::apigateway(
                "update-stage",
                &[
                    "--rest-api-id",
                    &api.id,
                    "--stage-name",
                    stage_name,
                    "--patch-operations",
                    "op=replace,path=/*/*/throttling/rateLimit,value=<rps>",
                    "op=replace,path=/*/*/throttling/burstLimit,value=<burst>",
                ],
                region,
            ),
        );
    }
    let limit = throttle.map_or(ACCOUNT_RATE_LIMIT, |t| t.throttling_rate_limit);
    let busiest = requests
        .iter()
        .filter(|p| p.sum.is_some())
        .max_by(|a, b| a.sum.unwrap_or(0.0).total_cmp(&b.sum.unwrap_or(0.0)));
    let peak = busiest
        .and_then(|p| p.sum)
        .map_or(0.0, |s| s / f64::from(PERIOD));
    let peak_percent = 100.0 * peak / limit;
    let warn_at = cx.t.thresholds.throttling_peak_percent;
    if peak_percent > warn_at {
        findings.warn(
            format!(
                "the busiest minute averaged {peak:.1} requests/s, {peak_percent:.0} % of the {} rate limit of {limit} requests/s: bursts above it get 429",
                if throttle.is_some() { "stage's" } else { "account's" }
            ),
            format!(
                "raise the stage rate limit if the backend can take it (aws apigateway update-stage --rest-api-id {} --stage-name {stage_name} --patch-operations op=replace,path=/*/*/throttling/rateLimit,value=<rps> --region {region}), or have callers back off on 429",
                api.id
            ),
        );
    }
    let evidence = json!({
        "stage_throttling": throttle.map(|t| json!({"rate_limit": t.throttling_rate_limit, "burst_limit": t.throttling_burst_limit})),
        "peak": {
            "minute": busiest.map(|p| rfc3339(p.timestamp)),
            "requests_per_second": (peak * 100.0).round() / 100.0,
            "percent_of_limit": (peak_percent * 100.0).round() / 100.0,
            "limit": limit,
        },
        "usage_plans": expected,
        "usage_plans_on_stage": plans.on_stage(&api.id, stage_name).map(|p| json!({
            "name": p.name,
            "id": p.id,
            "throttle": p.throttle.map(|t| json!({"rate_limit": t.rate_limit, "burst_limit": t.burst_limit})),
            "keys": plans.keys_of(&p.id).iter().map(|k| json!({"id": k.id, "name": k.name, "enabled": plans.api_key(&k.id).map(|a| a.enabled)})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    });
    Ok(findings.report(
        format!(
            "{} expected usage plan(s) on {stage_name} with their keys enabled; peak {peak:.1} requests/s is {peak_percent:.0} % of the {limit} requests/s limit",
            cx.t.usage_plans.len()
        ),
        evidence,
        command,
    ))
}

/// The target's usage plans: each exists, applies to the stage and holds its keys, enabled.
fn expected_plans(cx: &Ctx<'_>, api: &RestApi, plans: &Plans, findings: &mut Findings) -> Value {
    let region = cx.d.region();
    let stage = ApiStage::new(api.id.clone(), cx.t.stage.clone());
    let mut seen = Vec::new();
    for want in &cx.t.usage_plans {
        let named: Vec<_> = plans.all.iter().filter(|p| p.name == want.name).collect();
        let Some(plan) = named
            .iter()
            .find(|p| p.api_stages.contains(&stage))
            .or(named.first())
        else {
            findings.fail(
                format!("the usage plan {} does not exist", want.name),
                "create it and attach it to the stage (apigw provision does)".to_owned(),
            );
            seen.push(json!({"name": want.name, "exists": false}));
            continue;
        };
        if !plan.api_stages.contains(&stage) {
            findings.fail(
                format!("the usage plan {} ({}) does not apply to {stage}: its keys get 403", plan.name, plan.id),
                format!(
                    "aws apigateway update-usage-plan --usage-plan-id {} --patch-operations op=add,path=/apiStages,value={stage} --region {region}",
                    plan.id
                ),
            );
        }
        let in_plan = plans.keys_of(&plan.id);
        let mut keys = Vec::new();
        for key_name in &want.api_keys {
            let candidates = plans
                .api_keys
                .get(key_name)
                .map(Vec::as_slice)
                .unwrap_or_default();
            let member = candidates
                .iter()
                .find(|k| in_plan.iter().any(|m| m.id == k.id));
            match (member, candidates.first()) {
                (Some(key), _) if !key.enabled => {
                    findings.fail(
                        format!("the API key {key_name} ({}) of {} is disabled: its callers get 403", key.id, plan.name),
                        format!(
                            "aws apigateway update-api-key --api-key {} --patch-operations op=replace,path=/enabled,value=true --region {region}",
                            key.id
                        ),
                    );
                    keys.push(
                        json!({"name": key_name, "id": key.id, "in_plan": true, "enabled": false}),
                    );
                }
                (Some(key), _) => {
                    keys.push(
                        json!({"name": key_name, "id": key.id, "in_plan": true, "enabled": true}),
                    );
                }
                (None, Some(key)) => {
                    findings.fail(
                        format!("the API key {key_name} ({}) is not in the usage plan {}: its callers get 403", key.id, plan.name),
                        format!(
                            "aws apigateway create-usage-plan-key --usage-plan-id {} --key-id {} --key-type API_KEY --region {region}",
                            plan.id, key.id
                        ),
                    );
                    keys.push(json!({"name": key_name, "id": key.id, "in_plan": false, "enabled": key.enabled}));
                }
                (None, None) => {
                    findings.fail(
                        format!("the API key {key_name} does not exist"),
                        format!(
                            "create it and add it to {} (apigw provision does): aws apigateway create-api-key --name {key_name} --enabled --region {region}",
                            plan.name
                        ),
                    );
                    keys.push(json!({"name": key_name, "exists": false}));
                }
            }
        }
        seen.push(json!({"name": plan.name, "id": plan.id, "on_stage": plan.api_stages.contains(&stage), "keys": keys}));
    }
    Value::Array(seen)
}
