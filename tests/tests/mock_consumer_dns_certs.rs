//! Consumers of the dns and certs concerns tested through `MockDns` and `MockCertificates`
//! (the `mock` features), the way a crate depending on apigw-dns / apigw-certs would test its
//! own logic without AWS.

use std::sync::Arc;
use std::time::Duration;

use apigw_certs::{
    Certificate, CertificateStatus, Certificates, DomainValidation, MockCertificates,
    ResourceRecord, ValidationStatus,
};
use apigw_core::{Error, ErrorKind};
use apigw_dns::{
    Change, ChangeAction, ChangeInfo, ChangeStatus, Dns, HostedZone, MockDns, RecordSet, RecordType,
};

const ARN: &str = "arn:aws:acm:us-east-1:123456789012:certificate/abc";

/// Consumer logic under test: make a certificate's DNS validation records exist in the public
/// zone of `domain` and wait until Route 53 serves them; returns how many records were written.
async fn publish_validation_records(
    dns: &dyn Dns,
    certs: &dyn Certificates,
    region: &str,
    arn: &str,
    domain: &str,
) -> apigw_core::Result<usize> {
    let cert = certs
        .wait_for_validation_records(region, arn, Duration::from_secs(60), Duration::from_secs(2))
        .await?;
    let zone = dns.find_zone(domain).await?.ok_or_else(|| {
        Error::new(
            ErrorKind::NotFound,
            "FindHostedZone",
            format!("no public hosted zone for {domain}"),
        )
    })?;
    let changes: Vec<Change> = cert
        .validation_records()
        .iter()
        .map(|r| Change::upsert(RecordSet::cname(&r.name, &r.value, 300)))
        .collect();
    let count = changes.len();
    let change = dns.change_records(&zone.id, changes).await?;
    dns.wait_in_sync(&change.id, Duration::from_secs(120), Duration::from_secs(5))
        .await?;
    Ok(count)
}

/// Consumer logic under test: remove a record; "already gone" counts as done.
async fn remove_record(
    dns: &dyn Dns,
    zone_id: &str,
    record: RecordSet,
) -> apigw_core::Result<bool> {
    match dns
        .change_records(zone_id, vec![Change::delete(record)])
        .await
    {
        Ok(_) => Ok(true),
        Err(err) if err.kind() == ErrorKind::NotFound => Ok(false),
        Err(err) => Err(err),
    }
}

fn pending_certificate() -> Certificate {
    let validation = |domain: &str| DomainValidation {
        domain: domain.to_owned(),
        status: ValidationStatus::PendingValidation,
        record: Some(ResourceRecord {
            name: "_x.api.example.com.".into(),
            record_type: "CNAME".into(),
            value: "_y.acm-validations.aws.".into(),
        }),
    };
    Certificate {
        arn: ARN.into(),
        domain_name: "api.example.com".into(),
        sans: vec!["api.example.com".into(), "*.api.example.com".into()],
        status: CertificateStatus::PendingValidation,
        region: "us-east-1".into(),
        // api.example.com and *.api.example.com share one validation record.
        validation: vec![
            validation("api.example.com"),
            validation("*.api.example.com"),
        ],
        ..Certificate::default()
    }
}

fn zone() -> HostedZone {
    HostedZone {
        id: "Z123".into(),
        name: "example.com".into(),
        private: false,
        record_count: 2,
    }
}

#[tokio::test]
async fn mock_consumer_dns_certs_publishes_each_validation_record_once() {
    let mut certs = MockCertificates::new();
    certs
        .expect_wait_for_validation_records()
        .withf(|region, arn, _, _| region == "us-east-1" && arn == ARN)
        .times(1)
        .returning(|_, _, _, _| Ok(pending_certificate()));
    let mut dns = MockDns::new();
    dns.expect_find_zone()
        .withf(|domain| domain == "api.example.com")
        .times(1)
        .returning(|_| Ok(Some(zone())));
    dns.expect_change_records()
        .withf(|zone_id, changes| {
            zone_id == "Z123"
                && changes.len() == 1
                && changes[0].action == ChangeAction::Upsert
                && changes[0].record.record_type == RecordType::Cname
                && changes[0].record.name == "_x.api.example.com"
                && changes[0].record.values == ["_y.acm-validations.aws."]
        })
        .times(1)
        .returning(|_, _| {
            Ok(ChangeInfo {
                id: "C1".into(),
                status: ChangeStatus::Pending,
            })
        });
    dns.expect_wait_in_sync()
        .withf(|id, _, _| id == "C1")
        .times(1)
        .returning(|id, _, _| {
            Ok(ChangeInfo {
                id: id.to_owned(),
                status: ChangeStatus::InSync,
            })
        });

    // As a consumer holds them: trait objects.
    let dns: Arc<dyn Dns> = Arc::new(dns);
    let certs: Arc<dyn Certificates> = Arc::new(certs);
    let written = publish_validation_records(&*dns, &*certs, "us-east-1", ARN, "api.example.com")
        .await
        .expect("published");
    assert_eq!(written, 1);
}

#[tokio::test]
async fn mock_consumer_dns_certs_reports_a_missing_zone_and_a_wait_timeout() {
    let mut certs = MockCertificates::new();
    certs
        .expect_wait_for_validation_records()
        .returning(|_, _, _, _| Ok(pending_certificate()));
    let mut dns = MockDns::new();
    dns.expect_find_zone().returning(|_| Ok(None));
    dns.expect_change_records().never();
    let err = publish_validation_records(&dns, &certs, "us-east-1", ARN, "api.example.com")
        .await
        .expect_err("no zone");
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(err.message().contains("api.example.com"), "{err}");

    let mut certs = MockCertificates::new();
    certs
        .expect_wait_for_validation_records()
        .returning(|_, arn, _, _| {
            Err(Error::new(
                ErrorKind::WaitTimeout,
                "WaitForValidationRecords",
                "ACM gave no validation record after waiting 60.0s for: api.example.com",
            )
            .with_resource(arn.to_owned()))
        });
    let mut dns = MockDns::new();
    dns.expect_find_zone().never();
    let err = publish_validation_records(&dns, &certs, "us-east-1", ARN, "api.example.com")
        .await
        .expect_err("timeout");
    assert_eq!(err.kind(), ErrorKind::WaitTimeout);
}

#[tokio::test]
async fn mock_consumer_dns_certs_treats_a_missing_record_as_deleted() {
    let mut dns = MockDns::new();
    let mut calls = 0;
    dns.expect_change_records()
        .withf(|_, changes| changes.len() == 1 && changes[0].action == ChangeAction::Delete)
        .times(2)
        .returning(move |_, _| {
            calls += 1;
            if calls == 1 {
                Ok(ChangeInfo {
                    id: "C2".into(),
                    status: ChangeStatus::Pending,
                })
            } else {
                Err(Error::new(
                    ErrorKind::NotFound,
                    "ChangeResourceRecordSets",
                    "[Tried to delete resource record set [name='_x.example.com.', type='CNAME'] but it was not found]",
                ))
            }
        });
    let record = RecordSet::cname("_x.example.com", "_y.acm-validations.aws.", 300);
    assert!(remove_record(&dns, "Z123", record.clone()).await.unwrap());
    assert!(!remove_record(&dns, "Z123", record).await.unwrap());
}
