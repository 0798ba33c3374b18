//! `alarms`: the expected CloudWatch alarms exist, notify the topic on ALARM, and none is in
//! ALARM now (INSUFFICIENT_DATA is fine: a quiet API has no data).

use std::sync::Arc;

use apigw_alarms::{Alarm, AlarmState, Topic};
use serde_json::json;

use super::{could_not_run, settle, Findings, Outcome};
use crate::command;
use crate::context::Ctx;
use crate::model::{CheckId, CheckReport};

const ID: CheckId = CheckId::Alarms;

pub(crate) async fn check(cx: &Ctx<'_>) -> CheckReport {
    settle(run(cx).await)
}

async fn run(cx: &Ctx<'_>) -> Outcome {
    let Some(target) = cx.t.alarms.as_ref().filter(|a| !a.names.is_empty()) else {
        return Err(CheckReport::skipped(
            ID,
            "the target expects no alarms: monitoring is not configured",
        ));
    };
    let region = cx.d.region();
    let mut parts = vec!["aws", "cloudwatch", "describe-alarms", "--alarm-names"];
    parts.extend(target.names.iter().map(String::as_str));
    parts.extend_from_slice(&["--region", region]);
    let mut command = command::line(&parts);
    if let Some(topic) = &target.topic {
        command.push('\n');
        command.push_str(&if topic.starts_with("arn:") {
            command::line(&[
                "aws",
                "sns",
                "get-topic-attributes",
                "--topic-arn",
                topic,
                "--region",
                region,
            ])
        } else {
            format!(
                "aws sns list-topics --region {region} --query {}",
                command::quote(&format!("Topics[?ends_with(TopicArn, ':{topic}')]"))
            )
        });
    }
    let (alarms, topic) = futures::join!(cx.d.cloudwatch.describe_alarms(&target.names), async {
        match &target.topic {
            Some(t) => Some(cx.d.topics.resolve(t).await),
            None => None,
        }
    });
    let alarms = alarms.map_err(|e| could_not_run(ID, &command)(Arc::new(e)))?;
    let topic: Option<Option<Topic>> = topic
        .transpose()
        .map_err(|e| could_not_run(ID, &command)(Arc::new(e)))?;
    let mut findings = Findings::new(ID);
    let find = |name: &str| alarms.iter().find(|a| a.name == name);
    let missing: Vec<&String> = target.names.iter().filter(|n| find(n).is_none()).collect();
    for name in &missing {
        findings.fail(
            format!("the alarm {name} does not exist: nobody is told when it would fire"),
            "create it again (apigw provision puts every alarm of the spec; the definition is in DESIGN §3: rate alarms 100*errors/count, TreatMissingData=notBreaching, alarm and OK actions on the topic)".to_owned(),
        );
    }
    match (&target.topic, &topic) {
        (Some(name), Some(None)) => findings.fail(
            format!("the SNS topic {name} does not exist: alarms notify nobody"),
            format!("create the topic (aws sns create-topic --name {name} --region {region}) and subscribe the on-call to it"),
        ),
        (_, Some(Some(topic))) => {
            for alarm in alarms.iter().filter(|a| !a.notifies(&topic.arn)) {
                let why = if alarm.actions_enabled { "does not notify" } else { "has its actions disabled, so it does not notify" };
                findings.fail(
                    format!("the alarm {} {why} {}", alarm.name, topic.arn),
                    if alarm.actions_enabled {
                        format!("add {} to the alarm's actions (apigw provision does: PutMetricAlarm with --alarm-actions and --ok-actions)", topic.arn)
                    } else {
                        format!("aws cloudwatch enable-alarm-actions --alarm-names {} --region {region}", command::quote(&alarm.name))
                    },
                );
            }
        }
        _ => {}
    }
    for alarm in alarms.iter().filter(|a| a.is_alarming()) {
        findings.fail(
            format!(
                "the alarm {} is in ALARM{}",
                alarm.name,
                alarm
                    .state_reason
                    .as_deref()
                    .map_or(String::new(), |r| format!(": {r}"))
            ),
            format!(
                "the alarm is firing: see the {} check for the cause",
                match alarm.metric_name() {
                    Some("4XXError") => "client-errors",
                    Some("5XXError") => "server-errors",
                    Some("Latency") => "latency",
                    _ => "metric",
                }
            ),
        );
    }
    let evidence = json!({
        "expected": target.names,
        "missing": missing,
        "topic": topic.flatten().map(|t| t.arn),
        "alarms": alarms.iter().map(describe).collect::<Vec<_>>(),
    });
    let insufficient = alarms
        .iter()
        .filter(|a| a.state == AlarmState::InsufficientData)
        .count();
    Ok(findings.report(
        format!(
            "all {} alarms exist{}, none in ALARM{}",
            target.names.len(),
            if target.topic.is_some() {
                " and notify the topic"
            } else {
                ""
            },
            if insufficient > 0 {
                format!(
                    " ({insufficient} with INSUFFICIENT_DATA: no traffic in their period, fine)"
                )
            } else {
                String::new()
            }
        ),
        evidence,
        command,
    ))
}

fn describe(alarm: &Alarm) -> serde_json::Value {
    json!({
        "name": alarm.name,
        "state": alarm.state,
        "state_reason": alarm.state_reason,
        "metric": alarm.metric_name(),
        "threshold": alarm.threshold,
        "actions_enabled": alarm.actions_enabled,
        "alarm_actions": alarm.alarm_actions,
        "ok_actions": alarm.ok_actions,
    })
}
