//! `certificate`: the ACM certificate of the custom domain is ISSUED, lives where its
//! endpoint type needs it (EDGE: us-east-1, REGIONAL: the API's region), covers the domain,
//! is the one the custom domain name uses, and is not about to expire.

use std::sync::Arc;
use std::time::SystemTime;

use apigw_certs::{Certificate, CertificateStatus, CertificateSummary};
use apigw_core::restapi::{DomainName, EndpointType};
use serde_json::json;

use super::{could_not_run, settle, Findings, Outcome};
use crate::command;
use crate::context::Ctx;
use crate::model::{CheckId, CheckReport};
use crate::time::rfc3339;

const ID: CheckId = CheckId::Certificate;

pub(crate) async fn check(cx: &Ctx<'_>) -> CheckReport {
    settle(run(cx).await)
}

/// The region of an ACM ARN (`arn:aws:acm:{region}:…`).
fn region_of(arn: &str) -> Option<&str> {
    let mut parts = arn.split(':');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some("arn"), Some(_), Some("acm"), Some(region)) if !region.is_empty() => Some(region),
        _ => None,
    }
}

fn describe_command(arn: &str, region: &str) -> String {
    command::line(&[
        "aws",
        "acm",
        "describe-certificate",
        "--certificate-arn",
        arn,
        "--region",
        region,
    ])
}

fn list_command(region: &str) -> String {
    format!(
        "aws acm list-certificates --includes keyTypes=RSA_1024,RSA_2048,RSA_3072,RSA_4096,EC_prime256v1,EC_secp384r1,EC_secp521r1 --region {}",
        command::quote(region)
    )
}

async fn run(cx: &Ctx<'_>) -> Outcome {
    let Some(target) = &cx.t.domain else {
        return Err(CheckReport::skipped(
            ID,
            "the target has no custom domain: no certificate to check",
        ));
    };
    let name = &target.name;
    let (domain, listed) = futures::join!(cx.domain(), async {
        // The region is only known once the endpoint type is: read the likely one meanwhile.
        let region = match target.endpoint_type {
            Some(EndpointType::Edge) => cx.d.edge_region(),
            _ => cx.d.region(),
        };
        (region, cx.d.certs.list_certificates(region).await)
    });
    let get_domain =
        command::apigateway("get-domain-name", &["--domain-name", name], cx.d.region());
    let domain: Option<&DomainName> = match domain {
        Some(Ok(domain)) => Some(domain),
        Some(Err(e)) if e.is_not_found() => None,
        Some(Err(e)) => return Err(could_not_run(ID, &get_domain)(e)),
        None => None,
    };
    let endpoint = target
        .endpoint_type
        .or(domain.and_then(|d| d.endpoint_type))
        .unwrap_or(EndpointType::Regional);
    let expected_region = match endpoint {
        EndpointType::Edge => cx.d.edge_region(),
        _ => cx.d.region(),
    }
    .to_owned();
    let listed = match listed {
        (region, answer) if region == expected_region => answer,
        _ => cx.d.certs.list_certificates(&expected_region).await,
    }
    .map_err(|e| could_not_run(ID, &list_command(&expected_region))(Arc::new(e)))?;
    let candidates: Vec<&CertificateSummary> = listed
        .iter()
        .filter(|c| c.covers(name) && c.status == CertificateStatus::Issued)
        .collect();
    let used = domain.and_then(DomainName::active_certificate_arn);
    let mut findings = Findings::new(ID);
    let Some(arn) = target
        .certificate_arn
        .as_deref()
        .or(used)
        .or(candidates.first().map(|c| c.arn.as_str()))
    else {
        findings.fail(
            format!("no certificate covers {name} in {expected_region} and no custom domain name uses one"),
            request_remediation(name, &expected_region),
        );
        let evidence =
            json!({"domain": name, "expected_region": expected_region, "endpoint_type": endpoint});
        return Ok(findings.report("", evidence, list_command(&expected_region)));
    };
    let region = region_of(arn).unwrap_or(&expected_region).to_owned();
    let command = format!("{}\n{get_domain}", describe_command(arn, &region));
    let cert = match cx.d.certs.describe_certificate(&region, arn).await {
        Ok(cert) => cert,
        Err(e) if e.is_not_found() => {
            findings.fail(
                format!("the certificate {arn} does not exist in {region}"),
                request_remediation(name, &expected_region),
            );
            let evidence =
                json!({"domain": name, "certificate_arn": arn, "expected_region": expected_region});
            return Ok(findings.report("", evidence, command));
        }
        Err(e) => return Err(could_not_run(ID, &command)(Arc::new(e))),
    };
    let days_left = days_left(&cert);
    judge(
        cx,
        &mut findings,
        &cert,
        endpoint,
        &expected_region,
        domain,
        &candidates,
    );
    let evidence = json!({
        "domain": name,
        "endpoint_type": endpoint,
        "certificate_arn": cert.arn,
        "region": region,
        "expected_region": expected_region,
        "status": cert.status,
        "certificate_type": cert.certificate_type,
        "domain_name": cert.domain_name,
        "sans": cert.sans,
        "covers_domain": cert.covers(name),
        "used_by_custom_domain": used == Some(cert.arn.as_str()),
        "custom_domain_certificate_arn": used,
        "in_use_by": cert.in_use_by,
        "not_after": cert.not_after.map(rfc3339),
        "days_left": days_left,
    });
    Ok(findings.report(
        format!(
            "{} is ISSUED in {region}, covers {name} and is used by its custom domain{}",
            cert.arn,
            days_left.map_or(String::new(), |d| format!(" ({d} days left)"))
        ),
        evidence,
        command,
    ))
}

fn days_left(cert: &Certificate) -> Option<i64> {
    let not_after = cert.not_after?;
    Some(match not_after.duration_since(SystemTime::now()) {
        Ok(left) => i64::try_from(left.as_secs() / 86_400).unwrap_or(i64::MAX),
        Err(past) => -i64::try_from(past.duration().as_secs() / 86_400).unwrap_or(i64::MAX) - 1,
    })
}

fn judge(
    cx: &Ctx<'_>,
    findings: &mut Findings,
    cert: &Certificate,
    endpoint: EndpointType,
    expected_region: &str,
    domain: Option<&DomainName>,
    candidates: &[&CertificateSummary],
) {
    let name =
        cx.t.domain
            .as_ref()
            .map(|d| d.name.as_str())
            .unwrap_or_default();
    let arn = cert.arn.as_str();
    let region = region_of(arn).unwrap_or(expected_region);
    let replace = replace_remediation(cx, name, endpoint, expected_region, candidates);
    if cert.status != CertificateStatus::Issued {
        let detail = if cert.status == CertificateStatus::PendingValidation {
            format!("; validation waits for {}", cert.describe_pending())
        } else {
            String::new()
        };
        findings.fail(
            format!("the certificate is {}, not ISSUED{detail}", cert.status),
            if cert.status == CertificateStatus::PendingValidation {
                "create the validation CNAME records ACM lists (aws acm describe-certificate shows them under DomainValidationOptions) in the hosted zone; ACM issues within minutes of seeing them".to_owned()
            } else {
                replace.clone()
            },
        );
    }
    if region != expected_region {
        findings.fail(
            format!(
                "the certificate is in {region}; a{} {endpoint} custom domain needs one in {expected_region}",
                if endpoint == EndpointType::Edge { "n" } else { "" }
            ),
            replace.clone(),
        );
    }
    if !cert.covers(name) {
        let mut names = vec![cert.domain_name.clone()];
        names.extend(
            cert.sans
                .iter()
                .filter(|s| **s != cert.domain_name)
                .cloned(),
        );
        findings.fail(
            format!("the certificate covers {}, not {name}", names.join(", ")),
            replace.clone(),
        );
    }
    match domain.and_then(DomainName::active_certificate_arn) {
        Some(used) if used == arn => {}
        Some(used) => findings.fail(
            format!("the custom domain name {name} uses {used}, not this certificate"),
            replace.clone(),
        ),
        None => findings.fail(
            format!("no custom domain name {name} uses the certificate"),
            replace.clone(),
        ),
    }
    let warn_days = i64::from(cx.t.thresholds.certificate_expiry_days);
    if let Some(days) = days_left(cert).filter(|d| *d < warn_days) {
        if days < 0 {
            findings.fail(
                format!("the certificate expired {} days ago", -days),
                replace,
            );
        } else {
            let renew = if cert.certificate_type == apigw_certs::CertificateType::Imported {
                format!("imported certificates are never renewed by ACM: import the renewed one into the same ARN (aws acm import-certificate --certificate-arn {arn} --certificate fileb://cert.pem --private-key fileb://key.pem --certificate-chain fileb://chain.pem --region {region})")
            } else {
                "ACM renews DNS-validated certificates only while their validation CNAMEs stay in the zone and the certificate is in use: check both".to_owned()
            };
            findings.warn(
                format!("the certificate expires in {days} days (within {warn_days})"),
                renew,
            );
        }
    }
}

fn request_remediation(name: &str, region: &str) -> String {
    format!(
        "request a DNS-validated certificate where it is needed and validate it: aws acm request-certificate --domain-name {name} --validation-method DNS --region {region}"
    )
}

fn replace_remediation(
    cx: &Ctx<'_>,
    name: &str,
    endpoint: EndpointType,
    region: &str,
    candidates: &[&CertificateSummary],
) -> String {
    let field = if endpoint == EndpointType::Edge {
        "/certificateArn"
    } else {
        "/regionalCertificateArn"
    };
    let (arn, preface) = match candidates.first() {
        Some(c) => (
            c.arn.clone(),
            format!("{} is ISSUED in {region} and covers {name}: ", c.arn),
        ),
        None => (
            "<new-arn>".to_owned(),
            format!("{}, then ", request_remediation(name, region)),
        ),
    };
    let update = command::apigateway(
        "update-domain-name",
        &[
            "--domain-name",
            name,
            "--patch-operations",
            &format!("op=replace,path={field},value={arn}"),
        ],
        cx.d.region(),
    );
    format!("{preface}point the custom domain at it: {update}")
}
