//! The monitoring branch: resolve the topic (it must exist), then put the three alarms that
//! are missing or drifted (PutMetricAlarm is idempotent by name).

use apigw_alarms::{AlarmSpec, ErrorMetric};
use apigw_core::{Error, ErrorKind, Result};

use super::run::Run;
use crate::artifact::AlarmArtifact;
use crate::plan::{Action, Change, FieldDiff};
use crate::spec::{MonitoringMode, MonitoringSpec};

/// The alarms the spec asks for, on `topic_arn`.
pub(crate) fn alarm_specs(
    run_spec: &crate::spec::GatewaySpec,
    monitoring: &MonitoringSpec,
    topic_arn: &str,
) -> Vec<AlarmSpec> {
    let (name, stage) = (run_spec.name.as_str(), run_spec.stage.as_str());
    let (c, s, l) = (
        monitoring.client_errors(),
        monitoring.server_errors(),
        monitoring.latency(),
    );
    let owner = crate::owner::owned_tags(name, &run_spec.tags);
    [
        AlarmSpec::error_rate(
            name,
            stage,
            ErrorMetric::ClientErrors,
            c.threshold_percent,
            c.period_seconds,
            c.evaluation_periods,
            topic_arn,
        ),
        AlarmSpec::error_rate(
            name,
            stage,
            ErrorMetric::ServerErrors,
            s.threshold_percent,
            s.period_seconds,
            s.evaluation_periods,
            topic_arn,
        ),
        AlarmSpec::average_latency(
            name,
            stage,
            l.threshold_ms,
            l.period_seconds,
            l.evaluation_periods,
            topic_arn,
        ),
    ]
    .into_iter()
    .map(|spec| owner.iter().fold(spec, |spec, (k, v)| spec.with_tag(k, v)))
    .collect()
}

/// Converges the alarms; returns them for the artifact.
pub(crate) async fn converge(run: &Run<'_>) -> Result<Vec<AlarmArtifact>> {
    let Some(monitoring) = run
        .spec
        .monitoring
        .as_ref()
        .filter(|m| m.mode != MonitoringMode::Disabled)
    else {
        return Ok(Vec::new());
    };
    let topic_name = monitoring.sns_topic.as_deref().unwrap_or_default();
    let topic = run.b.topics.resolve(topic_name).await?.ok_or_else(|| {
        Error::new(ErrorKind::NotFound, "ResolveTopic", format!("SNS topic '{topic_name}' does not exist: create it (apigw alarms notify an existing topic) or fix monitoring.sns_topic"))
    })?;
    run.learn_account(&topic.arn);
    let specs = alarm_specs(run.spec, monitoring, &topic.arn);
    let names: Vec<String> = specs.iter().map(|s| s.name.clone()).collect();
    let live = run.b.cloudwatch.describe_alarms(&names).await?;
    let mut artifacts = Vec::new();
    for spec in &specs {
        let current = live.iter().find(|a| a.name == spec.name);
        let drift = current.map(|a| a.drift(spec));
        match &drift {
            Some(drift) if drift.is_empty() => run.unchanged("alarm", spec.name.as_str()),
            _ => {
                let action = if current.is_some() {
                    Action::Update
                } else {
                    Action::Create
                };
                let diff = drift
                    .iter()
                    .flatten()
                    .map(|d| FieldDiff::new(d.field, Some(&d.actual), Some(&d.expected)))
                    .collect();
                run.write(
                    Change::new(action, "alarm", spec.name.as_str()).with_diff(diff),
                    run.b.cloudwatch.put_metric_alarm(spec),
                )
                .await?;
            }
        }
        let arn = current
            .map(|a| a.arn.clone())
            .filter(|a| !a.is_empty())
            .unwrap_or_else(|| alarm_arn(run, &topic.arn, &spec.name));
        let metric = spec.name.rsplit('-').next().unwrap_or_default().to_owned();
        artifacts.push(AlarmArtifact {
            name: spec.name.clone(),
            arn,
            metric,
        });
    }
    Ok(artifacts)
}

/// `arn:aws:cloudwatch:{region}:{account}:alarm:{name}`, the account taken from the topic's ARN.
fn alarm_arn(run: &Run<'_>, topic_arn: &str, name: &str) -> String {
    let account = topic_arn.split(':').nth(4).unwrap_or_default();
    format!("arn:aws:cloudwatch:{}:{account}:alarm:{name}", run.b.region)
}
