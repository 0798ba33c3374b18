//! Gateway responses, the deployment (only when the definition changed) and the stage with its
//! `*/*` settings.

use std::time::{SystemTime, UNIX_EPOCH};

use apigw_core::restapi::{
    GatewayResponse, GatewayResponseType, NewDeployment, NewStage, RestApi, Stage, StagePatch,
};
use apigw_core::{Error, ErrorKind, Result};

use super::run::Run;
use crate::plan::{Action, Change, FieldDiff};

const DESCRIPTION_PREFIX: &str = "apigw:";

/// Puts the spec's gateway responses that differ from the live ones.
pub(crate) async fn gateway_responses(run: &Run<'_>, api: Option<&RestApi>) -> Result<()> {
    let live = match api {
        Some(api) if !run.spec.gateway_responses.is_empty() => {
            run.b.apigw.list_gateway_responses(&api.id).await?
        }
        _ => Vec::new(),
    };
    for spec in &run.spec.gateway_responses {
        let kind: GatewayResponseType = spec
            .kind
            .parse()
            .map_err(|e| Error::new(ErrorKind::Invalid, "PutGatewayResponse", format!("{e}")))?;
        let mut wanted = GatewayResponse::new(kind);
        wanted.status_code = spec.status_code.map(|s| s.to_string());
        if let Some(template) = &spec.template {
            wanted
                .response_templates
                .insert("application/json".to_owned(), template.clone());
        }
        let current = live.iter().find(|r| r.response_type == kind);
        let same = current.is_some_and(|c| {
            c.status_code == wanted.status_code
                && c.response_templates == wanted.response_templates
                && !c.default_response
        });
        if same {
            run.unchanged("gateway_response", spec.kind.as_str());
            continue;
        }
        let diff = vec![FieldDiff::new(
            "status_code",
            current.and_then(|c| c.status_code.clone()),
            wanted.status_code.clone(),
        )];
        let change = Change::new(
            if current.is_some_and(|c| !c.default_response) {
                Action::Update
            } else {
                Action::Create
            },
            "gateway_response",
            spec.kind.as_str(),
        )
        .with_diff(diff);
        let put = async {
            let api = api.ok_or_else(|| missing_api("PutGatewayResponse"))?;
            run.b.apigw.put_gateway_response(&api.id, &wanted).await
        };
        run.write(change, put).await?;
    }
    Ok(())
}

/// Deploys when the tree changed in this run or the stage does not serve this definition's
/// hash; then converges the stage's `*/*` settings. Returns the stage (None in plan mode when new).
pub(crate) async fn deploy_and_stage(
    run: &Run<'_>,
    api: Option<&RestApi>,
    hash: &str,
    definition_written: bool,
) -> Result<Option<Stage>> {
    let stage_name = run.spec.stage.as_str();
    let stage = match api {
        Some(api) => match run.b.apigw.get_stage(&api.id, stage_name).await {
            Ok(stage) => Some(stage),
            Err(e) if e.is_not_found() => None,
            Err(e) => return Err(e),
        },
        None => None,
    };
    let served_hash = match (api, stage.as_ref().and_then(|s| s.deployment_id.as_deref())) {
        (Some(api), Some(deployment)) => {
            match run.b.apigw.get_deployment(&api.id, deployment).await {
                Ok(d) => d.description.and_then(|text| parse_hash(&text)),
                Err(e) if e.is_not_found() => None,
                Err(e) => return Err(e),
            }
        }
        _ => None,
    };
    let stage = if !definition_written && served_hash.as_deref() == Some(hash) {
        run.unchanged("deployment", format!("{stage_name} ({hash})"));
        stage
    } else {
        deploy(run, api, stage, served_hash, hash).await?
    };
    settings(run, api, stage).await
}

/// One write when the stage exists (the deployment moves the stage); a new stage is created
/// separately, so it carries apigw's tags.
async fn deploy(
    run: &Run<'_>,
    api: Option<&RestApi>,
    stage: Option<Stage>,
    served: Option<String>,
    hash: &str,
) -> Result<Option<Stage>> {
    let stage_name = run.spec.stage.as_str();
    let change = Change::new(Action::Create, "deployment", stage_name)
        .with_diff(vec![FieldDiff::new("definition", served, Some(hash))]);
    let new = NewDeployment {
        stage_name: stage.as_ref().map(|s| s.name.clone()),
        description: format!("{DESCRIPTION_PREFIX}{hash} {}", nonce()),
    };
    let deploy = async {
        let api = api.ok_or_else(|| missing_api("CreateDeployment"))?;
        run.b.apigw.create_deployment(&api.id, &new).await
    };
    let deployment = run.write(change, deploy).await?;
    if stage.is_some() {
        return match (api, deployment) {
            (Some(api), Some(_)) => run.b.apigw.get_stage(&api.id, stage_name).await.map(Some),
            _ => Ok(stage),
        };
    }
    let change = Change::new(Action::Create, "stage", stage_name);
    let create = async {
        let (api, deployment) = api
            .zip(deployment)
            .ok_or_else(|| missing_api("CreateStage"))?;
        let new = NewStage {
            name: stage_name.to_owned(),
            deployment_id: deployment.id,
            description: None,
            variables: Default::default(),
            tags: run.tags(),
        };
        match run.b.apigw.create_stage(&api.id, &new).await {
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {
                run.b.apigw.get_stage(&api.id, stage_name).await
            }
            other => other,
        }
    };
    run.write(change, create).await
}

/// `*/*` throttling and metrics, patched only where they differ.
async fn settings(
    run: &Run<'_>,
    api: Option<&RestApi>,
    stage: Option<Stage>,
) -> Result<Option<Stage>> {
    let live = stage.as_ref().and_then(|s| s.method_settings.get("*/*"));
    let mut patches = Vec::new();
    let mut diff = Vec::new();
    if let Some(t) = &run.spec.throttling {
        let burst = i32::try_from(t.burst_limit).unwrap_or(i32::MAX);
        let same = live.is_some_and(|m| {
            m.throttling_rate_limit == t.rate_limit && m.throttling_burst_limit == burst
        });
        if !same {
            diff.push(FieldDiff::new(
                "throttling",
                live.map(|m| format!("{}/{}", m.throttling_rate_limit, m.throttling_burst_limit)),
                Some(format!("{}/{burst}", t.rate_limit)),
            ));
            patches.push(StagePatch::Throttling {
                rate_limit: t.rate_limit,
                burst_limit: burst,
            });
        }
    }
    let monitored = run
        .spec
        .monitoring
        .as_ref()
        .is_some_and(|m| m.mode != crate::spec::MonitoringMode::Disabled);
    if monitored && !live.is_some_and(|m| m.metrics_enabled) {
        diff.push(FieldDiff::new(
            "metrics_enabled",
            live.map(|m| m.metrics_enabled),
            Some(true),
        ));
        patches.push(StagePatch::MetricsEnabled(true));
    }
    if patches.is_empty() {
        run.unchanged("stage_settings", &run.spec.stage);
        return Ok(stage);
    }
    let change = Change::new(Action::Update, "stage_settings", &run.spec.stage).with_diff(diff);
    let update = async {
        let api = api.ok_or_else(|| missing_api("UpdateStage"))?;
        run.b
            .apigw
            .update_stage(&api.id, &run.spec.stage, &patches)
            .await
    };
    Ok(run.write(change, update).await?.or(stage))
}

/// The definition hash in a deployment description written by apigw.
pub(crate) fn parse_hash(description: &str) -> Option<String> {
    description
        .strip_prefix(DESCRIPTION_PREFIX)?
        .split_whitespace()
        .next()
        .map(str::to_owned)
}

/// Makes each deployment description unique, so a look-up after a lost answer can only adopt
/// the deployment this run created, never an older one of the same definition.
fn nonce() -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    format!("{}.{:09}", now.as_secs(), now.subsec_nanos())
}

pub(crate) fn missing_api(operation: &'static str) -> Error {
    Error::new(
        ErrorKind::Other,
        operation,
        "the REST API has no id: its creation did not complete",
    )
}
