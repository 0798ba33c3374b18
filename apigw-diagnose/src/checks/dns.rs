//! `dns`: the custom domain's alias record in Route 53 points at what API Gateway serves it
//! from (the CloudFront distribution for EDGE, the regional name for REGIONAL).

use std::sync::Arc;

use apigw_core::restapi::{DomainName, EndpointType};
use apigw_dns::{normalize_name, RecordSet, RecordType};
use serde_json::json;

use super::{could_not_run, settle, Findings, Outcome};
use crate::command;
use crate::context::Ctx;
use crate::model::{CheckId, CheckReport};

const ID: CheckId = CheckId::Dns;

pub(crate) async fn check(cx: &Ctx<'_>) -> CheckReport {
    settle(run(cx).await)
}

async fn run(cx: &Ctx<'_>) -> Outcome {
    let Some(target) = &cx.t.domain else {
        return Err(CheckReport::skipped(
            ID,
            "the target has no custom domain: nothing resolves through Route 53",
        ));
    };
    let name = &target.name;
    let zone_ref = target.hosted_zone.clone().unwrap_or_else(|| name.clone());
    let get_domain =
        command::apigateway("get-domain-name", &["--domain-name", name], cx.d.region());
    let (zone, domain) = futures::join!(cx.d.dns.find_zone(&zone_ref), cx.domain());
    let zone_command = format!(
        "aws route53 list-hosted-zones-by-name --dns-name {}",
        command::quote(&zone_ref)
    );
    let zone = zone.map_err(|e| could_not_run(ID, &zone_command)(Arc::new(e)))?;
    let mut findings = Findings::new(ID);
    let Some(zone) = zone else {
        findings.fail(
            format!("no public hosted zone found for {zone_ref}"),
            format!("create the public hosted zone for {name}'s parent domain (aws route53 create-hosted-zone --name <zone> --caller-reference <unique>) and delegate it, or name the zone id in the target"),
        );
        let evidence = json!({"domain": name, "hosted_zone": zone_ref});
        return Ok(findings.report("", evidence, format!("{zone_command}\n{get_domain}")));
    };
    let list = command::line(&[
        "aws",
        "route53",
        "list-resource-record-sets",
        "--hosted-zone-id",
        &zone.id,
        "--query",
        &format!("ResourceRecordSets[?Name == '{name}.']"),
    ]);
    let command = format!("{list}\n{get_domain}");
    let domain: Option<&DomainName> = match domain {
        Some(Ok(domain)) => Some(domain),
        Some(Err(e)) if e.is_not_found() => None,
        Some(Err(e)) => return Err(could_not_run(ID, &command)(e)),
        None => None,
    };
    let records =
        cx.d.dns
            .list_records(&zone.id, Some(name.clone()))
            .await
            .map_err(|e| could_not_run(ID, &command)(Arc::new(e)))?;
    let records: Vec<&RecordSet> = records.iter().filter(|r| r.is_named(name)).collect();
    let in_zone = *name == zone.name || name.ends_with(&format!(".{}", zone.name));
    if !in_zone {
        findings.fail(
            format!(
                "{name} is not inside the hosted zone {} ({})",
                zone.name, zone.id
            ),
            format!("name the hosted zone that holds {name} in the target"),
        );
    }
    let Some(domain) = domain else {
        findings.fail(
            format!("API Gateway has no custom domain name {name} in {}", cx.d.region()),
            format!("create it (apigw provision does), e.g. aws apigateway create-domain-name --domain-name {name} --endpoint-configuration types=REGIONAL --regional-certificate-arn <arn> --region {}", cx.d.region()),
        );
        let evidence = json!({"domain": name, "hosted_zone_id": zone.id, "records": records});
        return Ok(findings.report("", evidence, command));
    };
    let endpoint = target
        .endpoint_type
        .or(domain.endpoint_type)
        .unwrap_or(EndpointType::Regional);
    if let Some(actual) = domain.endpoint_type.filter(|t| *t != endpoint) {
        findings.fail(
            format!("the custom domain name {name} is {actual}, the target expects {endpoint}"),
            format!("recreate the custom domain name as {endpoint} or correct the target"),
        );
    }
    let expected = match endpoint {
        EndpointType::Edge => domain
            .distribution_domain_name
            .as_deref()
            .zip(domain.distribution_hosted_zone_id.as_deref()),
        _ => domain
            .regional_domain_name
            .as_deref()
            .zip(domain.regional_hosted_zone_id.as_deref()),
    };
    let Some((target_name, target_zone)) = expected else {
        findings.fail(
            format!("the custom domain name {name} has no {endpoint} target to point at"),
            format!("recreate the custom domain name {name} as {endpoint}"),
        );
        let evidence = json!({"domain": name, "hosted_zone_id": zone.id, "records": records});
        return Ok(findings.report("", evidence, command));
    };
    let target_name = normalize_name(target_name);
    let upsert = |t: &str| upsert_command(&zone.id, name, t, &target_name, target_zone);
    let points_here = |r: &RecordSet| match &r.alias {
        Some(alias) => {
            normalize_name(&alias.dns_name) == target_name && alias.hosted_zone_id == target_zone
        }
        None => {
            r.record_type == RecordType::Cname
                && r.values.iter().any(|v| normalize_name(v) == target_name)
        }
    };
    let describe = |r: &RecordSet| match &r.alias {
        Some(alias) => format!("alias {} (zone {})", alias.dns_name, alias.hosted_zone_id),
        None => format!("{} {}", r.record_type, r.values.join(", ")),
    };
    let of_type = |t: RecordType| records.iter().copied().find(|r| r.record_type == t);
    match (of_type(RecordType::A), of_type(RecordType::Cname)) {
        (Some(a), _) if points_here(a) => {}
        (Some(a), _) => findings.fail(
            format!(
                "{name} A is {}, not the {endpoint} target {target_name} (zone {target_zone})",
                describe(a)
            ),
            upsert("A"),
        ),
        (None, Some(cname)) if points_here(cname) => {}
        (None, Some(cname)) => findings.fail(
            format!(
                "{name} is a CNAME to {}, not to {target_name}",
                cname.values.join(", ")
            ),
            upsert("A"),
        ),
        (None, None) => findings.fail(
            format!(
                "{name} has no alias record in {} ({}): it does not resolve",
                zone.name, zone.id
            ),
            upsert("A"),
        ),
    }
    if let Some(aaaa) = of_type(RecordType::Aaaa).filter(|r| !points_here(r)) {
        findings.fail(
            format!(
                "{name} AAAA is {}, not {target_name}: IPv6 callers reach something else",
                describe(aaaa)
            ),
            upsert("AAAA"),
        );
    }
    let evidence = json!({
        "domain": name,
        "hosted_zone": {"id": zone.id, "name": zone.name},
        "endpoint_type": endpoint,
        "expected_target": {"dns_name": target_name, "hosted_zone_id": target_zone},
        "records": records,
    });
    Ok(findings.report(
        format!("{name} is an alias of the {endpoint} target {target_name}"),
        evidence,
        command,
    ))
}

/// `aws route53 change-resource-record-sets` UPSERTing the alias record of `record_type`.
fn upsert_command(
    zone_id: &str,
    name: &str,
    record_type: &str,
    target: &str,
    target_zone: &str,
) -> String {
    let batch = json!({
        "Changes": [{
            "Action": "UPSERT",
            "ResourceRecordSet": {
                "Name": name,
                "Type": record_type,
                "AliasTarget": {"HostedZoneId": target_zone, "DNSName": target, "EvaluateTargetHealth": false},
            },
        }],
    });
    format!(
        "point the alias at the custom domain's target: {}",
        command::line(&[
            "aws",
            "route53",
            "change-resource-record-sets",
            "--hosted-zone-id",
            zone_id,
            "--change-batch",
            &batch.to_string(),
        ])
    )
}
