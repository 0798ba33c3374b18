//! The domain branch: hosted zone -> certificate (reuse or request, in us-east-1 for EDGE) ->
//! validation CNAMEs -> wait for ISSUED -> custom domain name; after the API branch joins, the
//! base path mapping (never stolen) and the alias records.

use apigw_certs::{Certificate, CertificateRequest, CertificateStatus};
use apigw_core::restapi::{
    BasePathMapping, DomainName, EndpointType, NewDomainName, RestApi, SecurityPolicy,
};
use apigw_core::{Error, ErrorKind, Result};
use apigw_dns::{AliasTarget, Change as DnsChange, HostedZone, RecordSet, RecordType};

use super::run::Run;
use crate::artifact::DomainArtifact;
use crate::plan::{Action, Change, FieldDiff};
use crate::spec::{DomainSpec, Endpoint};

/// What the domain branch settled before the API joins.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    pub zone: HostedZone,
    pub name: String,
    pub certificate_arn: Option<String>,
    pub domain: Option<DomainName>,
}

/// The region a certificate for `endpoint` must live in.
pub(crate) fn certificate_region(run: &Run<'_>) -> String {
    match run.spec.endpoint {
        Endpoint::Edge => apigw_core::runtime::US_EAST_1.to_owned(),
        _ => run.b.region.clone(),
    }
}

/// Zone, certificate, validation and the custom domain name.
pub(crate) async fn prepare(run: &Run<'_>, spec: &DomainSpec) -> Result<Prepared> {
    let zone = run
        .b
        .dns
        .find_zone(&spec.hosted_zone)
        .await?
        .ok_or_else(|| {
            Error::new(
                ErrorKind::NotFound,
                "FindHostedZone",
                format!(
                    "no public hosted zone '{}' in Route 53: create it or fix domain.hosted_zone",
                    spec.hosted_zone
                ),
            )
        })?;
    let name = if spec.sub_domain.is_empty() {
        zone.name.clone()
    } else {
        format!("{}.{}", spec.sub_domain, zone.name)
    };
    let certificate =
        super::step(run, "certificate", 1, certificate(run, spec, &zone, &name)).await?;
    let certificate_arn = certificate.as_ref().map(|c| c.arn.clone());
    if let Some(arn) = &certificate_arn {
        run.learn_account(arn);
    }
    let domain = super::step(
        run,
        "domain_name",
        1,
        domain_name(run, spec, &name, certificate_arn.as_deref()),
    )
    .await?;
    Ok(Prepared {
        zone,
        name,
        certificate_arn,
        domain,
    })
}

async fn certificate(
    run: &Run<'_>,
    spec: &DomainSpec,
    zone: &HostedZone,
    name: &str,
) -> Result<Option<Certificate>> {
    let region = certificate_region(run);
    let arn = match &spec.certificate_arn {
        Some(arn) => Some(arn.clone()),
        None => find_or_request(run, &region, name).await?,
    };
    let Some(arn) = arn else {
        // Plan mode, certificate still to be requested: its validation records follow.
        if spec.manage_dns {
            run.write(
                Change::new(Action::Create, "validation_records", name),
                async { Ok(()) },
            )
            .await?;
        }
        return Ok(None);
    };
    let region = spec
        .certificate_arn
        .as_deref()
        .and_then(|a| a.split(':').nth(3))
        .map_or(region, str::to_owned);
    let mut certificate = run.b.certs.describe_certificate(&region, &arn).await?;
    if !certificate.covers(name) {
        return Err(Error::new(
            ErrorKind::Invalid,
            "EnsureCertificate",
            format!(
                "certificate {arn} does not cover {name} (it covers {} {:?})",
                certificate.domain_name, certificate.sans
            ),
        ));
    }
    if certificate.status.is_terminal_failure() {
        return Err(Error::new(
            ErrorKind::Invalid,
            "EnsureCertificate",
            format!(
                "certificate {arn} is {}: request a new one",
                certificate.status.as_str()
            ),
        ));
    }
    if spec.manage_dns && spec.certificate_arn.is_none() {
        if !certificate.has_all_validation_records() && run.apply {
            certificate = run
                .b
                .certs
                .wait_for_validation_records(
                    &region,
                    &arn,
                    run.options.certificate_timeout,
                    run.options.poll_interval,
                )
                .await?;
        }
        upsert_validation(run, zone, &certificate).await?;
    }
    if certificate.status != CertificateStatus::Issued && run.apply {
        certificate = run
            .b
            .certs
            .wait_until_issued(
                &region,
                &arn,
                run.options.certificate_timeout,
                run.options.poll_interval,
            )
            .await?;
    }
    Ok(Some(certificate))
}

async fn find_or_request(run: &Run<'_>, region: &str, name: &str) -> Result<Option<String>> {
    let candidates = run.b.certs.list_certificates(region).await?;
    let usable = |status| {
        candidates
            .iter()
            .find(|c| c.status == status && c.covers(name))
    };
    if let Some(found) =
        usable(CertificateStatus::Issued).or_else(|| usable(CertificateStatus::PendingValidation))
    {
        run.unchanged("certificate", format!("{name} ({region})"));
        return Ok(Some(found.arn.clone()));
    }
    let mut request = CertificateRequest::new(name);
    request.tags = run.tags();
    let token = request.derived_token(region);
    request.idempotency_token = Some(token);
    let change = Change::new(Action::Create, "certificate", format!("{name} ({region})"));
    run.write(change, run.b.certs.request_certificate(region, &request))
        .await
}

async fn upsert_validation(
    run: &Run<'_>,
    zone: &HostedZone,
    certificate: &Certificate,
) -> Result<()> {
    let live = run.b.dns.list_records(&zone.id, None).await?;
    let changes: Vec<DnsChange> = certificate
        .validation_records()
        .into_iter()
        .map(|r| RecordSet::cname(&r.name, &r.value, 300))
        .filter(|wanted| {
            !live.iter().any(|l| {
                l.is_named(&wanted.name)
                    && l.record_type == RecordType::Cname
                    && same_values(&l.values, &wanted.values)
            })
        })
        .map(DnsChange::upsert)
        .collect();
    if changes.is_empty() {
        run.unchanged("validation_records", certificate.domain_name.as_str());
        return Ok(());
    }
    let names: Vec<String> = changes.iter().map(|c| c.record.name.clone()).collect();
    let change = Change::new(Action::Create, "validation_records", names.join(", "));
    run.write(change, run.b.dns.change_records(&zone.id, changes))
        .await
        .map(drop)
}

fn same_values(live: &[String], wanted: &[String]) -> bool {
    let norm = |v: &[String]| {
        v.iter()
            .map(|s| s.trim_end_matches('.').to_ascii_lowercase())
            .collect::<Vec<_>>()
    };
    norm(live) == norm(wanted)
}

async fn domain_name(
    run: &Run<'_>,
    spec: &DomainSpec,
    name: &str,
    certificate_arn: Option<&str>,
) -> Result<Option<DomainName>> {
    match run.b.apigw.get_domain_name(name).await {
        Ok(domain) => {
            let live_cert = domain
                .certificate_arn
                .as_deref()
                .or(domain.regional_certificate_arn.as_deref());
            if certificate_arn.is_some() && live_cert != certificate_arn {
                let diff = vec![FieldDiff::new(
                    "certificate_arn",
                    live_cert,
                    certificate_arn,
                )];
                return Err(Error::new(ErrorKind::Invalid, "EnsureDomainName", format!("{name} exists with another certificate ({}); apigw does not swap certificates in place: point domain.certificate_arn at it or remove the domain first", live_cert.unwrap_or("none")))
                    .with_resource(format!("{diff:?}")));
            }
            run.unchanged("domain_name", name);
            Ok(Some(domain))
        }
        Err(e) if e.is_not_found() => {
            let change = Change::new(Action::Create, "domain_name", name);
            let Some(certificate_arn) = certificate_arn else {
                return run
                    .write(change, async { Ok(None) })
                    .await
                    .map(Option::flatten);
            };
            let new = NewDomainName {
                name: name.to_owned(),
                endpoint_type: super::restapi::endpoint_type(run.spec.endpoint),
                certificate_arn: certificate_arn.to_owned(),
                security_policy: if spec.security_policy == crate::spec::SecurityPolicy::Tls10 {
                    SecurityPolicy::Tls10
                } else {
                    SecurityPolicy::Tls12
                },
                tags: run.tags(),
            };
            match run
                .write(change, run.b.apigw.create_domain_name(&new))
                .await
            {
                Err(e) if e.kind() == ErrorKind::AlreadyExists => {
                    run.b.apigw.get_domain_name(name).await.map(Some)
                }
                other => other,
            }
        }
        Err(e) => Err(e),
    }
}

/// After the API joins: the base path mapping and the alias records.
pub(crate) async fn finish(
    run: &Run<'_>,
    spec: &DomainSpec,
    prepared: &Prepared,
    api: Option<&RestApi>,
) -> Result<Option<DomainArtifact>> {
    map_base_path(run, spec, &prepared.name, api).await?;
    let Some(domain) = &prepared.domain else {
        // Plan mode, domain name still to be created: its alias follows.
        if spec.manage_dns {
            run.write(
                Change::new(Action::Create, "alias_record", prepared.name.as_str()),
                async { Ok(()) },
            )
            .await?;
        }
        return Ok(None);
    };
    let (target, target_zone) = alias_target(run, domain)?;
    if spec.manage_dns {
        upsert_alias(run, &prepared.zone, &prepared.name, &target, &target_zone).await?;
    }
    let base = if spec.base_path.is_empty() {
        String::new()
    } else {
        format!("{}/", spec.base_path)
    };
    Ok(Some(DomainArtifact {
        name: prepared.name.clone(),
        url: format!("https://{}/{base}", prepared.name),
        target,
        hosted_zone_id: target_zone,
        certificate_arn: prepared.certificate_arn.clone().unwrap_or_default(),
    }))
}

async fn map_base_path(
    run: &Run<'_>,
    spec: &DomainSpec,
    domain: &str,
    api: Option<&RestApi>,
) -> Result<()> {
    let live = match run.b.apigw.list_base_path_mappings(domain).await {
        Ok(live) => live,
        Err(e) if e.is_not_found() && !run.apply => Vec::new(),
        Err(e) => return Err(e),
    };
    let label = format!("{domain}/{}", spec.base_path);
    if let Some(existing) = live.iter().find(|m| m.base_path == spec.base_path) {
        if api.is_none_or(|a| a.id != existing.rest_api_id) {
            return Err(Error::new(ErrorKind::Conflict, "EnsureBasePathMapping", format!(
                "base path '{}' of {domain} maps to API {}, not this one: apigw never takes over another API's mapping; choose another domain.base_path or remove that mapping",
                spec.base_path, existing.rest_api_id
            )));
        }
        if existing.stage.as_deref() == Some(run.spec.stage.as_str()) {
            run.unchanged("base_path_mapping", label);
            return Ok(());
        }
        return Err(Error::new(
            ErrorKind::Conflict,
            "EnsureBasePathMapping",
            format!(
                "base path '{}' of {domain} maps to stage {:?}, not {}; remove that mapping first",
                spec.base_path, existing.stage, run.spec.stage
            ),
        ));
    }
    let change = Change::new(Action::Create, "base_path_mapping", label);
    let create = async {
        let api = api.ok_or_else(|| super::deploy::missing_api("CreateBasePathMapping"))?;
        let mapping = BasePathMapping {
            base_path: spec.base_path.clone(),
            rest_api_id: api.id.clone(),
            stage: Some(run.spec.stage.clone()),
        };
        match run.b.apigw.create_base_path_mapping(domain, &mapping).await {
            // Made by an attempt whose answer was lost: converged if it maps to us.
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {
                let live = run.b.apigw.list_base_path_mappings(domain).await?;
                match live.into_iter().find(|m| {
                    m.base_path == mapping.base_path && m.rest_api_id == mapping.rest_api_id
                }) {
                    Some(found) => Ok(found),
                    None => Err(e),
                }
            }
            other => other,
        }
    };
    run.write(change, create).await.map(drop)
}

/// The regional or distribution name (and its zone) the alias must point at.
pub(crate) fn alias_target(run: &Run<'_>, domain: &DomainName) -> Result<(String, String)> {
    let (name, zone) = match super::restapi::endpoint_type(run.spec.endpoint) {
        EndpointType::Edge => (
            &domain.distribution_domain_name,
            &domain.distribution_hosted_zone_id,
        ),
        _ => (
            &domain.regional_domain_name,
            &domain.regional_hosted_zone_id,
        ),
    };
    match (name, zone) {
        (Some(name), Some(zone)) => Ok((
            name.trim_end_matches('.').to_ascii_lowercase(),
            zone.clone(),
        )),
        _ => Err(Error::new(
            ErrorKind::Other,
            "GetDomainName",
            format!("{} has no {:?} target yet", domain.name, run.spec.endpoint),
        )),
    }
}

/// A for every endpoint; AAAA too for EDGE (CloudFront serves IPv6; a regional domain only
/// when created dual-stack, which apigw does not do).
async fn upsert_alias(
    run: &Run<'_>,
    zone: &HostedZone,
    name: &str,
    target: &str,
    target_zone: &str,
) -> Result<()> {
    let types: &[RecordType] = if run.spec.endpoint == Endpoint::Edge {
        &[RecordType::A, RecordType::Aaaa]
    } else {
        &[RecordType::A]
    };
    let live = run
        .b
        .dns
        .list_records(&zone.id, Some(name.to_owned()))
        .await?;
    let alias = AliasTarget {
        dns_name: target.to_owned(),
        hosted_zone_id: target_zone.to_owned(),
        evaluate_target_health: false,
    };
    let changes: Vec<DnsChange> = types
        .iter()
        .filter(|t| {
            !live.iter().any(|r| {
                r.is_named(name)
                    && r.record_type == **t
                    && r.alias.as_ref().is_some_and(|a| same_alias(a, &alias))
            })
        })
        .map(|t| DnsChange::upsert(RecordSet::alias(name, t.clone(), alias.clone())))
        .collect();
    if changes.is_empty() {
        run.unchanged("alias_record", name);
        return Ok(());
    }
    let change = Change::new(Action::Create, "alias_record", name).with_diff(vec![FieldDiff::new(
        "target",
        None::<String>,
        Some(target),
    )]);
    let info = run
        .write(change, run.b.dns.change_records(&zone.id, changes))
        .await?;
    if let (Some(info), true) = (info, run.options.wait_dns_in_sync) {
        run.b
            .dns
            .wait_in_sync(&info.id, run.options.dns_timeout, run.options.poll_interval)
            .await?;
    }
    Ok(())
}

pub(crate) fn same_alias(live: &AliasTarget, wanted: &AliasTarget) -> bool {
    let norm = |s: &str| s.trim_end_matches('.').to_ascii_lowercase();
    norm(&live.dns_name) == norm(&wanted.dns_name) && live.hosted_zone_id == wanted.hosted_zone_id
}
