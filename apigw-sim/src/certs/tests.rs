//! Tests of the simulated ACM.

use std::time::{Duration, SystemTime};

use apigw_certs::{
    CertificateRequest, CertificateStatus, CertificateType, Certificates, ValidationStatus,
};
use apigw_core::ErrorKind;
use apigw_dns::{Change, Dns, RecordSet};

use crate::Sim;

const REGION: &str = "us-east-1";
const DAY: Duration = Duration::from_secs(24 * 3600);

async fn upsert_validation(sim: &Sim, zone: &str, name: &str, value: &str) {
    sim.change_records(
        zone,
        vec![Change::upsert(RecordSet::cname(name, value, 300))],
    )
    .await
    .expect("validation record written");
}

#[tokio::test(start_paused = true)]
async fn a_certificate_is_issued_only_once_its_validation_cname_exists() {
    let sim = Sim::default();
    let zone = sim.create_hosted_zone("example.com");
    let arn = sim
        .request_certificate(REGION, &CertificateRequest::new("API.example.com."))
        .await
        .expect("requested");
    assert!(
        arn.starts_with("arn:aws:acm:us-east-1:123456789012:certificate/"),
        "{arn}"
    );

    let fresh = sim.describe_certificate(REGION, &arn).await.expect("found");
    assert_eq!(fresh.status, CertificateStatus::PendingValidation);
    assert_eq!(fresh.domain_name, "api.example.com");
    assert_eq!(fresh.sans, ["api.example.com"]);
    assert_eq!(fresh.certificate_type, CertificateType::AmazonIssued);
    assert!(
        !fresh.has_all_validation_records(),
        "records come a moment later"
    );
    assert_eq!(fresh.not_after, None);

    let cert = sim
        .wait_for_validation_records(
            REGION,
            &arn,
            Duration::from_secs(30),
            Duration::from_secs(1),
        )
        .await
        .expect("records");
    let records = cert.validation_records();
    assert_eq!(records.len(), 1);
    let record = &records[0];
    assert_eq!(record.record_type, "CNAME");
    assert!(record.name.ends_with(".api.example.com."), "{record}");
    assert!(
        record.name.starts_with('_') && record.name.len() == 1 + 32 + ".api.example.com.".len()
    );
    assert!(record.value.ends_with(".acm-validations.aws."), "{record}");

    let timeout = sim
        .wait_until_issued(
            REGION,
            &arn,
            Duration::from_secs(60),
            Duration::from_secs(5),
        )
        .await
        .expect_err("no CNAME yet");
    assert_eq!(timeout.kind(), ErrorKind::WaitTimeout);
    assert!(timeout.message().contains(&record.name), "{timeout}");
    assert_eq!(
        sim.with_world(|w| super::issued_certificate_domains(w, REGION, &arn))
            .expect_err("pending"),
        format!("certificate {arn} is PENDING_VALIDATION, not ISSUED")
    );

    // A CNAME with the wrong value does not validate.
    upsert_validation(&sim, &zone, &record.name, "_wrong.acm-validations.aws.").await;
    let still = sim.describe_certificate(REGION, &arn).await.expect("found");
    assert_eq!(still.status, CertificateStatus::PendingValidation);

    upsert_validation(&sim, &zone, &record.name, &record.value).await;
    let issued = sim
        .wait_until_issued(
            REGION,
            &arn,
            Duration::from_secs(60),
            Duration::from_secs(5),
        )
        .await
        .expect("issued");
    assert_eq!(issued.status, CertificateStatus::Issued);
    assert_eq!(issued.validation[0].status, ValidationStatus::Success);
    let not_after = issued.not_after.expect("expiry");
    let ahead = not_after
        .duration_since(SystemTime::now())
        .expect("in the future");
    assert!(ahead > 364 * DAY && ahead <= 365 * DAY, "{ahead:?}");
    assert_eq!(
        sim.with_world(|w| super::issued_certificate_domains(w, REGION, &arn)),
        Ok(vec!["api.example.com".to_owned()])
    );
    assert!(sim
        .with_world(|w| super::issued_certificate_domains(w, "eu-west-1", &arn))
        .expect_err("other region")
        .contains("is in us-east-1"));

    // Issued for good: removing the CNAME afterwards does not un-issue it.
    sim.change_records(
        &zone,
        vec![Change::delete(RecordSet::cname(
            &record.name,
            &record.value,
            300,
        ))],
    )
    .await
    .expect("deleted");
    let summaries = sim.list_certificates(REGION).await.expect("listed");
    assert_eq!(summaries.len(), 1);
    assert_eq!(summaries[0].status, CertificateStatus::Issued);
    assert!(!summaries[0].in_use);
}

#[tokio::test(start_paused = true)]
async fn every_name_needs_its_record_and_a_private_zone_does_not_count() {
    let sim = Sim::default();
    sim.set_acm_record_delay(Duration::ZERO);
    let public = sim.create_hosted_zone("example.com");
    let private = sim.create_private_hosted_zone("example.org");
    let request = CertificateRequest::new("example.com")
        .with_san("*.example.com")
        .with_san("www.example.org");
    let arn = sim
        .request_certificate(REGION, &request)
        .await
        .expect("requested");
    let cert = sim.describe_certificate(REGION, &arn).await.expect("found");
    assert_eq!(
        cert.sans,
        ["example.com", "*.example.com", "www.example.org"]
    );
    let records = cert.validation_records();
    assert_eq!(records.len(), 2, "the wildcard shares the apex record");
    for record in &records {
        let zone = if record.name.ends_with("example.org.") {
            &private
        } else {
            &public
        };
        upsert_validation(&sim, zone, &record.name, &record.value).await;
    }
    let cert = sim.describe_certificate(REGION, &arn).await.expect("found");
    assert_eq!(cert.status, CertificateStatus::PendingValidation);
    let pending: Vec<&str> = cert
        .pending_validations()
        .map(|v| v.domain.as_str())
        .collect();
    assert_eq!(pending, ["www.example.org"]);
}

#[tokio::test(start_paused = true)]
async fn the_idempotency_token_returns_the_same_certificate_for_an_hour() {
    let sim = Sim::default();
    let request = CertificateRequest::new("api.example.com").with_tag("apigw:name", "orders");
    let first = sim
        .request_certificate(REGION, &request)
        .await
        .expect("requested");
    let again = sim
        .request_certificate(REGION, &request)
        .await
        .expect("requested");
    assert_eq!(first, again);
    let elsewhere = sim
        .request_certificate("eu-west-1", &request)
        .await
        .expect("requested");
    assert_ne!(first, elsewhere);
    assert!(elsewhere.starts_with("arn:aws:acm:eu-west-1:"));

    let mut explicit = CertificateRequest::new("a.example.com");
    explicit.idempotency_token = Some("deploy_42".to_owned());
    let a = sim
        .request_certificate(REGION, &explicit)
        .await
        .expect("requested");
    let mut reused = CertificateRequest::new("b.example.com");
    reused.idempotency_token = Some("deploy_42".to_owned());
    let err = sim
        .request_certificate(REGION, &reused)
        .await
        .expect_err("token reused for another request");
    assert_eq!(err.kind(), ErrorKind::Invalid);
    explicit.idempotency_token = Some("bad-token".to_owned());
    let calls = sim.journal().calls().len();
    assert_eq!(
        sim.request_certificate(REGION, &explicit)
            .await
            .expect_err("invalid token")
            .kind(),
        ErrorKind::Invalid
    );
    assert_eq!(sim.journal().calls().len(), calls, "refused without a call");

    tokio::time::advance(Duration::from_secs(3601)).await;
    let later = sim
        .request_certificate(REGION, &request)
        .await
        .expect("requested");
    assert_ne!(first, later, "tokens last one hour");
    assert_ne!(
        a,
        sim.request_certificate(REGION, &reused)
            .await
            .expect("token free again")
    );
    assert_eq!(
        sim.list_certificates(REGION).await.expect("listed").len(),
        4
    );
}

#[tokio::test]
async fn the_same_name_always_gets_the_same_validation_record() {
    let sim = Sim::default();
    sim.set_acm_record_delay(Duration::ZERO);
    let one = sim
        .request_certificate(REGION, &CertificateRequest::new("api.example.com"))
        .await
        .expect("requested");
    let two = sim
        .request_certificate(
            "eu-west-1",
            &CertificateRequest::new("api.example.com").with_tag("k", "v"),
        )
        .await
        .expect("requested");
    let one = sim.describe_certificate(REGION, &one).await.expect("found");
    let two = sim
        .describe_certificate("eu-west-1", &two)
        .await
        .expect("found");
    assert_eq!(one.validation_records(), two.validation_records());
    let (name, value) = sim.acm_validation_record("api.example.com");
    assert_eq!(one.validation_records()[0].name, name);
    assert_eq!(one.validation_records()[0].value, value);
    assert_ne!(sim.acm_validation_record("www.example.com").0, name);
}

#[tokio::test]
async fn unknown_wrong_region_and_malformed_arns() {
    let sim = Sim::default();
    let arn = sim
        .request_certificate(REGION, &CertificateRequest::new("api.example.com"))
        .await
        .expect("requested");
    for (region, arn, kind) in [
        ("eu-west-1", arn.as_str(), ErrorKind::NotFound),
        (
            REGION,
            "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000",
            ErrorKind::NotFound,
        ),
        (REGION, "not-an-arn", ErrorKind::Invalid),
    ] {
        let err = sim
            .describe_certificate(region, arn)
            .await
            .expect_err("refused");
        assert_eq!(err.kind(), kind, "{err}");
        let err = sim
            .delete_certificate(region, arn)
            .await
            .expect_err("refused");
        assert_eq!(err.kind(), kind, "{err}");
    }
    let bad = sim
        .request_certificate(
            REGION,
            &CertificateRequest::new("no_underscores.example.com"),
        )
        .await
        .expect_err("invalid name");
    assert_eq!(bad.kind(), ErrorKind::Invalid);
    let mut many = CertificateRequest::new("example.com");
    for i in 0..10 {
        many = many.with_san(format!("n{i}.example.com"));
    }
    assert_eq!(
        sim.request_certificate(REGION, &many)
            .await
            .expect_err("eleven names")
            .kind(),
        ErrorKind::LimitExceeded
    );
    sim.delete_certificate(REGION, &arn).await.expect("deleted");
    assert!(sim
        .list_certificates(REGION)
        .await
        .expect("listed")
        .is_empty());
}

#[tokio::test(start_paused = true)]
async fn imported_and_forced_certificates_for_the_fault_matrix() {
    let sim = Sim::default();
    let soon = SystemTime::now() + 10 * DAY;
    let expiring =
        sim.import_certificate("eu-west-1", "api.example.com", &["www.example.com"], soon);
    let cert = sim
        .describe_certificate("eu-west-1", &expiring)
        .await
        .expect("found");
    assert_eq!(cert.status, CertificateStatus::Issued);
    assert_eq!(cert.certificate_type, CertificateType::Imported);
    assert_eq!(cert.not_after, Some(soon));
    assert!(cert.validation.is_empty());
    assert!(cert.covers("www.example.com"));

    let expired = sim.import_certificate(REGION, "api.example.com", &[], SystemTime::now() - DAY);
    let summary = sim.list_certificates(REGION).await.expect("listed");
    assert_eq!(summary[0].arn, expired);
    assert_eq!(summary[0].status, CertificateStatus::Expired);
    assert!(sim
        .with_world(|w| super::issued_certificate_domains(w, REGION, &expired))
        .is_err());

    let requested = sim
        .request_certificate(REGION, &CertificateRequest::new("api.example.com"))
        .await
        .expect("requested");
    assert!(sim.set_certificate_status(&requested, CertificateStatus::Failed));
    let err = sim
        .wait_until_issued(
            REGION,
            &requested,
            Duration::from_secs(60),
            Duration::from_secs(1),
        )
        .await
        .expect_err("failed");
    assert_eq!(err.kind(), ErrorKind::Invalid);
    assert!(err.message().contains("reason: OTHER"), "{err}");
    assert!(sim.set_certificate_status(&requested, CertificateStatus::Issued));
    assert_eq!(
        sim.describe_certificate(REGION, &requested)
            .await
            .expect("found")
            .status,
        CertificateStatus::Issued
    );
    assert!(!sim.set_certificate_status("arn:nope", CertificateStatus::Issued));
}

#[tokio::test(start_paused = true)]
async fn validation_times_out_after_72_hours() {
    let sim = Sim::default();
    let zone = sim.create_hosted_zone("example.com");
    let arn = sim
        .request_certificate(REGION, &CertificateRequest::new("api.example.com"))
        .await
        .expect("requested");
    tokio::time::advance(Duration::from_secs(72 * 3600)).await;
    let cert = sim.describe_certificate(REGION, &arn).await.expect("found");
    assert_eq!(cert.status, CertificateStatus::ValidationTimedOut);
    let (name, value) = sim.acm_validation_record("api.example.com");
    upsert_validation(&sim, &zone, &name, &value).await;
    let cert = sim.describe_certificate(REGION, &arn).await.expect("found");
    assert_eq!(
        cert.status,
        CertificateStatus::ValidationTimedOut,
        "too late"
    );
}

#[tokio::test]
async fn a_certificate_in_use_by_a_domain_name_cannot_be_deleted() {
    use apigw_core::restapi::{ApiGateway, EndpointType, NewDomainName, SecurityPolicy, Tags};

    let sim = Sim::default();
    let region = sim.config().region.clone();
    let arn = sim.import_certificate(
        &region,
        "api.example.com",
        &[],
        SystemTime::now() + 300 * DAY,
    );
    sim.create_domain_name(&NewDomainName {
        name: "api.example.com".into(),
        endpoint_type: EndpointType::Regional,
        certificate_arn: arn.clone(),
        security_policy: SecurityPolicy::Tls12,
        tags: Tags::new(),
    })
    .await
    .expect("domain created");

    let domain_arn = format!("arn:aws:apigateway:{region}::/domainnames/api.example.com");
    let cert = sim
        .describe_certificate(&region, &arn)
        .await
        .expect("found");
    assert_eq!(cert.in_use_by, std::slice::from_ref(&domain_arn));
    assert!(sim.list_certificates(&region).await.expect("listed")[0].in_use);
    let err = sim
        .delete_certificate(&region, &arn)
        .await
        .expect_err("in use");
    assert_eq!(err.kind(), ErrorKind::Invalid, "never retried");
    assert!(err.message().contains(&domain_arn), "{err}");

    sim.delete_domain_name("api.example.com")
        .await
        .expect("domain deleted");
    sim.delete_certificate(&region, &arn)
        .await
        .expect("deleted");
}
