//! ACM behaviours apigw relies on: idempotent requests, EDGE certificates in us-east-1, DNS
//! validation through Route 53 leading to ISSUED.

use std::time::Duration;

use apigw_certs::{CertificateRequest, CertificateStatus, CertificateType, ValidationStatus};
use apigw_core::restapi::{EndpointType, NewDomainName, SecurityPolicy};
use apigw_core::ErrorKind;
use apigw_dns::{Change, RecordSet};
use apigw_facade::Backends;

use crate::env::{Backend, Env};

const POLL: Duration = Duration::from_millis(500);

/// The zone `env.zone_name()` and a certificate for `domain` in `region`, ISSUED the way the
/// pipeline gets there: request, wait for ACM's validation records, UPSERT them into the zone,
/// wait until issued. Returns (zone id, certificate ARN).
pub async fn issued_certificate(
    b: &Backends,
    env: &Env,
    region: &str,
    domain: &str,
) -> (String, String) {
    let zone = env.create_hosted_zone(&env.zone_name()).await;
    let arn = b
        .certs
        .request_certificate(region, &CertificateRequest::new(domain))
        .await
        .expect("RequestCertificate");
    validate(b, env, region, &zone, &arn).await;
    (zone, arn)
}

/// Writes the certificate's validation CNAMEs into `zone` and waits until it is ISSUED.
async fn validate(b: &Backends, env: &Env, region: &str, zone: &str, arn: &str) {
    let cert = b
        .certs
        .wait_for_validation_records(region, arn, env.certificate_timeout(), POLL)
        .await
        .expect("ACM gives validation records");
    let changes: Vec<Change> = cert
        .validation_records()
        .iter()
        .map(|r| Change::upsert(RecordSet::cname(&r.name, &r.value, 300)))
        .collect();
    assert!(
        !changes.is_empty(),
        "a DNS-validated certificate has records"
    );
    b.dns
        .change_records(zone, changes)
        .await
        .expect("UPSERT validation records");
    let issued = b
        .certs
        .wait_until_issued(region, arn, env.certificate_timeout(), POLL)
        .await
        .expect("certificate issued");
    assert_eq!(issued.status, CertificateStatus::Issued);
}

/// The same idempotency token (explicit or derived from the request) answers the same ARN;
/// another request another one.
pub async fn case_same_idempotency_token_same_arn(b: &Backends, env: &Env) {
    let domain = format!("api.{}", env.zone_name());
    let mut explicit = CertificateRequest::new(&domain);
    explicit.idempotency_token = Some(env.prefix.clone());
    let first = b
        .certs
        .request_certificate(&env.region, &explicit)
        .await
        .expect("RequestCertificate");
    let again = b
        .certs
        .request_certificate(&env.region, &explicit)
        .await
        .expect("RequestCertificate again");
    assert_eq!(again, first, "same token, same certificate");
    let derived = CertificateRequest::new(format!("www.{}", env.zone_name()))
        .with_tag("apigw:owner", &env.prefix);
    let other = b
        .certs
        .request_certificate(&env.region, &derived)
        .await
        .expect("RequestCertificate (derived token)");
    assert_ne!(other, first);
    let other_again = b
        .certs
        .request_certificate(&env.region, &derived)
        .await
        .expect("RequestCertificate (derived token) again");
    assert_eq!(other_again, other);
    let listed = b
        .certs
        .list_certificates(&env.region)
        .await
        .expect("ListCertificates");
    assert_eq!(listed.iter().filter(|c| c.covers(&domain)).count(), 1);

    let cert = b
        .certs
        .describe_certificate(&env.region, &first)
        .await
        .expect("DescribeCertificate");
    assert_eq!(cert.arn, first);
    assert_eq!(cert.domain_name, domain);
    assert_eq!(cert.certificate_type, CertificateType::AmazonIssued);
    for arn in [&first, &other] {
        b.certs
            .delete_certificate(&env.region, arn)
            .await
            .expect("DeleteCertificate");
    }
    let err = b
        .certs
        .describe_certificate(&env.region, &first)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
}

/// An EDGE certificate requested in us-east-1 lives there and only there.
pub async fn case_edge_request_lands_in_us_east_1_only(b: &Backends, env: &Env) {
    assert_eq!(env.edge_region, "us-east-1");
    assert_ne!(env.region, env.edge_region);
    let domain = format!("edge.{}", env.zone_name());
    let arn = b
        .certs
        .request_certificate(&env.edge_region, &CertificateRequest::new(&domain))
        .await
        .expect("RequestCertificate in us-east-1");
    assert!(arn.starts_with("arn:aws:acm:us-east-1:"), "{arn}");
    let east = b
        .certs
        .list_certificates(&env.edge_region)
        .await
        .expect("ListCertificates us-east-1");
    assert!(east.iter().any(|c| c.arn == arn && c.domain_name == domain));
    let primary = b
        .certs
        .list_certificates(&env.region)
        .await
        .expect("ListCertificates primary");
    assert!(!primary
        .iter()
        .any(|c| c.arn == arn || c.domain_name == domain));
    let cert = b
        .certs
        .describe_certificate(&env.edge_region, &arn)
        .await
        .expect("DescribeCertificate us-east-1");
    assert_eq!(cert.region, "us-east-1");
    let err = b
        .certs
        .describe_certificate(&env.region, &arn)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "another region: {err}");
    b.certs
        .delete_certificate(&env.edge_region, &arn)
        .await
        .expect("DeleteCertificate");
}

/// A new DNS-validated certificate is PENDING_VALIDATION with one CNAME per name; with the
/// CNAMEs in the zone it becomes ISSUED, covering every name.
pub async fn case_validation_records_lead_to_issued(b: &Backends, env: &Env) {
    let zone = env.create_hosted_zone(&env.zone_name()).await;
    let domain = format!("api.{}", env.zone_name());
    let www = format!("www.{}", env.zone_name());
    let arn = b
        .certs
        .request_certificate(
            &env.region,
            &CertificateRequest::new(&domain).with_san(&www),
        )
        .await
        .expect("RequestCertificate");
    let fresh = b
        .certs
        .describe_certificate(&env.region, &arn)
        .await
        .expect("DescribeCertificate");
    assert_eq!(fresh.status, CertificateStatus::PendingValidation);
    assert_eq!(fresh.domain_name, domain);
    let mut names = fresh.sans.clone();
    names.sort_unstable();
    assert_eq!(
        names,
        [domain.clone(), www.clone()],
        "ACM lists the primary among the SANs"
    );

    let cert = b
        .certs
        .wait_for_validation_records(&env.region, &arn, env.certificate_timeout(), POLL)
        .await
        .expect("validation records");
    assert_eq!(cert.validation.len(), 2);
    for validation in &cert.validation {
        let record = validation.record.as_ref().expect("a record per name");
        assert_eq!(record.record_type, "CNAME");
        assert!(
            record
                .name
                .trim_end_matches('.')
                .ends_with(&validation.domain),
            "{record} validates {}",
            validation.domain
        );
    }
    validate(b, env, &env.region, &zone, &arn).await;
    let issued = b
        .certs
        .describe_certificate(&env.region, &arn)
        .await
        .expect("DescribeCertificate");
    assert_eq!(issued.status, CertificateStatus::Issued);
    assert!(issued
        .validation
        .iter()
        .all(|v| v.status == ValidationStatus::Success));
    assert!(issued.covers(&domain) && issued.covers(&www));
    let summary = b
        .certs
        .list_certificates(&env.region)
        .await
        .expect("ListCertificates")
        .into_iter()
        .find(|c| c.arn == arn)
        .expect("listed");
    assert_eq!(summary.status, CertificateStatus::Issued);
    b.certs
        .delete_certificate(&env.region, &arn)
        .await
        .expect("DeleteCertificate");
}

/// Describing or deleting a certificate that does not exist is NotFound.
pub async fn case_unknown_certificate_is_not_found(b: &Backends, env: &Env) {
    let account = "123456789012";
    let arn = format!(
        "arn:aws:acm:{}:{account}:certificate/{}-0000-4000-8000-{:012x}",
        env.region,
        &env.prefix[2..],
        rand::random::<u64>() & 0xffff_ffff_ffff
    );
    let err = b
        .certs
        .describe_certificate(&env.region, &arn)
        .await
        .unwrap_err();
    assert_eq!(
        err.kind(),
        ErrorKind::NotFound,
        "DescribeCertificate: {err}"
    );
    let err = b
        .certs
        .delete_certificate(&env.region, &arn)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "DeleteCertificate: {err}");
}

/// A certificate used by an API Gateway domain name cannot be deleted (ResourceInUseException:
/// Invalid, never retried, naming the user); once the domain is gone it can.
pub async fn case_delete_certificate_in_use_is_refused(b: &Backends, env: &Env) {
    if env.backend == Backend::Moto {
        eprintln!(
            "moto-only-skipped: moto 5.2 DeleteCertificate never answers \
             ResourceInUseException for a certificate used by an API Gateway domain name"
        );
        return;
    }
    let name = format!("inuse.{}", env.zone_name());
    let (_, arn) = issued_certificate(b, env, &env.region, &name).await;
    b.apigw
        .create_domain_name(&NewDomainName {
            name: name.clone(),
            endpoint_type: EndpointType::Regional,
            certificate_arn: arn.clone(),
            security_policy: SecurityPolicy::Tls12,
            tags: Default::default(),
        })
        .await
        .expect("CreateDomainName");
    let cert = b
        .certs
        .describe_certificate(&env.region, &arn)
        .await
        .expect("DescribeCertificate");
    assert!(
        cert.in_use_by.iter().any(|user| user.ends_with(&name)),
        "{:?}",
        cert.in_use_by
    );
    let err = b
        .certs
        .delete_certificate(&env.region, &arn)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid, "{err}");
    b.apigw
        .delete_domain_name(&name)
        .await
        .expect("DeleteDomainName");
    b.certs
        .delete_certificate(&env.region, &arn)
        .await
        .expect("DeleteCertificate once unused");
}
