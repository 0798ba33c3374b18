//! `destroy`: remove what apigw created for the spec, in reverse order of creation, and only
//! that: ownership is read from tags (APIs, plans, keys, domain names, roles), from the mapping
//! (a base path that maps to our API) or from the target (an alias pointing at our domain).

use apigw_certs::CertificateType;
use apigw_core::restapi::{DomainName, RestApi};
use apigw_core::{ErrorKind, Result};
use apigw_dns::{Change as DnsChange, HostedZone, RecordSet, RecordType};

use super::domain::{alias_target, certificate_region, same_alias};
use super::run::{step, Run};
use crate::owner::is_owned;
use crate::plan::{Action, Change};
use crate::spec::{DomainSpec, MonitoringMode};

pub(crate) async fn destroy(run: &Run<'_>) -> Result<()> {
    let api = super::restapi::find_owned(run).await?;
    if let Some(spec) = &run.spec.domain {
        step(run, "domain", 1, domain(run, spec, api.as_ref())).await?;
    }
    step(run, "alarms", 3, alarms(run)).await?;
    step(
        run,
        "usage_plans",
        run.spec.usage_plans.len(),
        usage_plans(run),
    )
    .await?;
    if let Some(api) = &api {
        let change = Change::new(
            Action::Delete,
            "rest_api",
            format!("{} ({})", run.spec.name, api.id),
        );
        ignore_missing(
            run.write(change, run.b.apigw.delete_rest_api(&api.id))
                .await,
        )?;
    }
    step(run, "execution_role", 1, role(run)).await
}

async fn domain(run: &Run<'_>, spec: &DomainSpec, api: Option<&RestApi>) -> Result<()> {
    let Some(zone) = run.b.dns.find_zone(&spec.hosted_zone).await? else {
        return Ok(());
    };
    let name = if spec.sub_domain.is_empty() {
        zone.name.clone()
    } else {
        format!("{}.{}", spec.sub_domain, zone.name)
    };
    let domain = match run.b.apigw.get_domain_name(&name).await {
        Ok(domain) => Some(domain),
        Err(e) if e.is_not_found() => None,
        Err(e) => return Err(e),
    };
    if let Some(domain) = &domain {
        delete_alias(run, &zone, &name, domain).await?;
        let foreign_left = delete_mappings(run, &name, api).await?;
        if is_owned(&domain.tags, &run.spec.name) && !foreign_left {
            let change = Change::new(Action::Delete, "domain_name", name.as_str());
            ignore_missing(
                run.write(change, run.b.apigw.delete_domain_name(&name))
                    .await,
            )?;
        }
    }
    if spec.certificate_arn.is_none() {
        delete_certificate(run, spec, &zone, &name).await?;
    }
    Ok(())
}

async fn delete_alias(
    run: &Run<'_>,
    zone: &HostedZone,
    name: &str,
    domain: &DomainName,
) -> Result<()> {
    let Ok((target, target_zone)) = alias_target(run, domain) else {
        return Ok(());
    };
    let ours = apigw_dns::AliasTarget {
        dns_name: target,
        hosted_zone_id: target_zone,
        evaluate_target_health: false,
    };
    let records = run
        .b
        .dns
        .list_records(&zone.id, Some(name.to_owned()))
        .await?;
    let changes: Vec<DnsChange> = records
        .into_iter()
        .filter(|r| {
            r.is_named(name)
                && matches!(r.record_type, RecordType::A | RecordType::Aaaa)
                && r.alias.as_ref().is_some_and(|a| same_alias(a, &ours))
        })
        .map(DnsChange::delete)
        .collect();
    if changes.is_empty() {
        return Ok(());
    }
    let change = Change::new(Action::Delete, "alias_record", name);
    ignore_missing(
        run.write(change, run.b.dns.change_records(&zone.id, changes))
            .await,
    )
}

/// Deletes the mappings to our API; says whether mappings to other APIs remain.
async fn delete_mappings(run: &Run<'_>, name: &str, api: Option<&RestApi>) -> Result<bool> {
    let mappings = match run.b.apigw.list_base_path_mappings(name).await {
        Ok(m) => m,
        Err(e) if e.is_not_found() => return Ok(false),
        Err(e) => return Err(e),
    };
    let mut foreign = false;
    for mapping in mappings {
        if api.is_some_and(|a| a.id == mapping.rest_api_id) {
            let change = Change::new(
                Action::Delete,
                "base_path_mapping",
                format!("{name}/{}", mapping.base_path),
            );
            ignore_missing(
                run.write(
                    change,
                    run.b
                        .apigw
                        .delete_base_path_mapping(name, &mapping.base_path),
                )
                .await,
            )?;
        } else {
            foreign = true;
        }
    }
    Ok(foreign)
}

/// The certificate apigw requested for exactly this domain (not a wildcard or multi-name one
/// someone else may rely on), when nothing uses it any more, with its validation CNAME.
async fn delete_certificate(
    run: &Run<'_>,
    spec: &DomainSpec,
    zone: &HostedZone,
    name: &str,
) -> Result<()> {
    let region = certificate_region(run);
    let candidates = run.b.certs.list_certificates(&region).await?;
    for summary in candidates.iter().filter(|c| {
        c.domain_name.eq_ignore_ascii_case(name)
            && c.sans.iter().all(|s| s.eq_ignore_ascii_case(name))
    }) {
        let certificate = match run
            .b
            .certs
            .describe_certificate(&region, &summary.arn)
            .await
        {
            Ok(c) => c,
            Err(e) if e.is_not_found() => continue,
            Err(e) => return Err(e),
        };
        let in_use_by_others = certificate
            .in_use_by
            .iter()
            .any(|user| !user.contains(name));
        if in_use_by_others || certificate.certificate_type == CertificateType::Imported {
            continue;
        }
        if spec.manage_dns {
            let records: Vec<RecordSet> = certificate
                .validation_records()
                .into_iter()
                .map(|r| RecordSet::cname(&r.name, &r.value, 300))
                .collect();
            let live = run.b.dns.list_records(&zone.id, None).await?;
            let changes: Vec<DnsChange> = live
                .into_iter()
                .filter(|l| {
                    records
                        .iter()
                        .any(|r| l.is_named(&r.name) && l.record_type == RecordType::Cname)
                })
                .map(DnsChange::delete)
                .collect();
            if !changes.is_empty() {
                let change = Change::new(Action::Delete, "validation_records", name);
                ignore_missing(
                    run.write(change, run.b.dns.change_records(&zone.id, changes))
                        .await,
                )?;
            }
        }
        let change = Change::new(Action::Delete, "certificate", format!("{name} ({region})"));
        ignore_missing(
            run.write(
                change,
                run.b.certs.delete_certificate(&region, &summary.arn),
            )
            .await,
        )?;
    }
    Ok(())
}

async fn alarms(run: &Run<'_>) -> Result<()> {
    let Some(monitoring) = run
        .spec
        .monitoring
        .as_ref()
        .filter(|m| m.mode != MonitoringMode::Disabled)
    else {
        return Ok(());
    };
    let names: Vec<String> = super::monitoring::alarm_specs(run.spec, monitoring, "")
        .into_iter()
        .map(|s| s.name)
        .collect();
    let live: Vec<String> = run
        .b
        .cloudwatch
        .describe_alarms(&names)
        .await?
        .into_iter()
        .map(|a| a.name)
        .collect();
    if live.is_empty() {
        return Ok(());
    }
    let change = Change::new(Action::Delete, "alarm", live.join(", "));
    ignore_missing(
        run.write(change, run.b.cloudwatch.delete_alarms(&live))
            .await,
    )
}

async fn usage_plans(run: &Run<'_>) -> Result<()> {
    if run.spec.usage_plans.is_empty() {
        return Ok(());
    }
    let plans = run.b.apigw.list_usage_plans().await?;
    for plan in plans.iter().filter(|p| {
        is_owned(&p.tags, &run.spec.name) && run.spec.usage_plans.iter().any(|s| s.name == p.name)
    }) {
        for key in run.b.apigw.list_usage_plan_keys(&plan.id).await? {
            let change = Change::new(
                Action::Delete,
                "usage_plan_key",
                format!(
                    "{} {}",
                    plan.name,
                    key.name.clone().unwrap_or(key.id.clone())
                ),
            );
            ignore_missing(
                run.write(change, run.b.apigw.delete_usage_plan_key(&plan.id, &key.id))
                    .await,
            )?;
        }
        for stage in &plan.api_stages {
            let patch = [apigw_core::restapi::UsagePlanPatch::RemoveApiStage(
                stage.clone(),
            )];
            let change = Change::new(
                Action::Update,
                "usage_plan",
                format!("{} -{stage}", plan.name),
            );
            ignore_missing(
                run.write(change, run.b.apigw.update_usage_plan(&plan.id, &patch))
                    .await,
            )?;
        }
        let change = Change::new(Action::Delete, "usage_plan", plan.name.as_str());
        ignore_missing(
            run.write(change, run.b.apigw.delete_usage_plan(&plan.id))
                .await,
        )?;
    }
    let mut names: Vec<&String> = run
        .spec
        .usage_plans
        .iter()
        .flat_map(|p| p.api_keys.iter())
        .collect();
    names.sort();
    names.dedup();
    for name in names {
        for key in run
            .b
            .apigw
            .find_api_keys(name, false)
            .await?
            .into_iter()
            .filter(|k| k.name == *name && is_owned(&k.tags, &run.spec.name))
        {
            let change = Change::new(Action::Delete, "api_key", name.as_str());
            ignore_missing(run.write(change, run.b.apigw.delete_api_key(&key.id)).await)?;
        }
    }
    Ok(())
}

async fn role(run: &Run<'_>) -> Result<()> {
    let Some(spec) = &run.spec.execution_role else {
        return Ok(());
    };
    let role = match run.b.iam.get_role(&spec.name).await {
        Ok(role) if is_owned(&role.tags, &run.spec.name) => role,
        Ok(_) => return Ok(()),
        Err(e) if e.is_not_found() => return Ok(()),
        Err(e) => return Err(e),
    };
    for policy in run.b.iam.list_attached_policies(&role.name).await? {
        let change = Change::new(
            Action::Delete,
            "role_policy",
            format!("{} {}", role.name, policy.arn),
        );
        ignore_missing(
            run.write(
                change,
                run.b.iam.detach_managed_policy(&role.name, &policy.arn),
            )
            .await,
        )?;
    }
    for inline in run.b.iam.list_inline_policy_names(&role.name).await? {
        let change = Change::new(
            Action::Delete,
            "role_inline_policy",
            format!("{} {inline}", role.name),
        );
        ignore_missing(
            run.write(change, run.b.iam.delete_inline_policy(&role.name, &inline))
                .await,
        )?;
    }
    let change = Change::new(Action::Delete, "iam_role", role.name.as_str());
    ignore_missing(run.write(change, run.b.iam.delete_role(&role.name)).await)
}

/// A delete that finds nothing to delete has converged.
fn ignore_missing<T>(result: Result<Option<T>>) -> Result<()> {
    match result {
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
        other => other.map(drop),
    }
}
