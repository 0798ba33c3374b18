//! Emulator tests for the certs concern: every `Certificates` method through
//! `SdkCertificates` against moto, in the API's region (us-west-2) and in us-east-1 (EDGE).
//!
//! Known moto gaps (5.2.x), covered instead by the aws-smithy-mocks tests in
//! `apigw-certs/src/sdk.rs`:
//! - Certificates turn `ISSUED` after `MOTO_ACM_VALIDATION_WAIT` seconds (the launcher sets 2)
//!   whatever the DNS says: nothing checks the validation CNAMEs, so a wait cannot time out
//!   for a missing record (only for being early), and `FAILED` never happens.
//! - Validation records are present at once (AWS adds them some seconds after the request).
//! - `ListCertificates` ignores `MaxItems` and never returns a `NextToken`, so the listing
//!   crosses no page boundary here; its summaries carry no `SubjectAlternativeNameSummaries`
//!   (the adapter then lists the primary name, as AWS always does).
//! - `DeleteCertificate` never answers `ResourceInUseException` for API Gateway users.

use std::time::{Duration, Instant};

use apigw_certs::{
    CertificateRequest, CertificateStatus, CertificateType, Certificates, SdkCertificates,
};
use apigw_core::ErrorKind;

use crate::support;

#[tokio::test]
async fn emulator_certs_lifecycle_in_the_api_region_and_us_east_1() {
    let Some(ctx) = support::context().await else {
        return;
    };
    let acm = SdkCertificates::new(&ctx).with_page_size(1);
    let api_region = ctx.region().to_owned();
    let edge_region = ctx.secondary_region().to_owned();
    assert_eq!(api_region, support::REGION);
    assert_eq!(edge_region, "us-east-1");

    let zone = format!("{}.example.com", support::unique("apigw"));
    let regional_name = format!("api.{zone}");
    let edge_name = format!("edge.{zone}");
    let regional_request = CertificateRequest::new(&regional_name)
        .with_san(format!("www.{zone}"))
        .with_san(format!("*.api.{zone}"))
        .with_tag("apigw:owner", "emulator");
    let edge_request = CertificateRequest::new(&edge_name)
        .with_san(format!("cdn.{zone}"))
        .with_tag("apigw:owner", "emulator");

    // request: REGIONAL in the API's region, EDGE in us-east-1; a repeat (same derived
    // idempotency token) returns the same certificate.
    let regional = acm
        .request_certificate(&api_region, &regional_request)
        .await
        .expect("request regional");
    let requested_at = Instant::now();
    let edge = acm
        .request_certificate(&edge_region, &edge_request)
        .await
        .expect("request edge");
    assert!(regional.contains(":us-west-2:"), "{regional}");
    assert!(edge.contains(":us-east-1:"), "{edge}");
    let repeat = acm
        .request_certificate(&edge_region, &edge_request)
        .await
        .expect("request edge again");
    assert_eq!(repeat, edge, "the idempotency token returns the same ARN");

    // list: each certificate only in its own region (page size 1).
    let east = acm
        .list_certificates(&edge_region)
        .await
        .expect("list us-east-1");
    let west = acm
        .list_certificates(&api_region)
        .await
        .expect("list us-west-2");
    assert!(
        east.iter().any(|c| c.arn == edge),
        "EDGE cert is in us-east-1"
    );
    assert!(
        !west.iter().any(|c| c.arn == edge),
        "EDGE cert is not in us-west-2"
    );
    assert!(west.iter().any(|c| c.arn == regional));
    assert!(!east.iter().any(|c| c.arn == regional));
    let listed = east.iter().find(|c| c.arn == edge).expect("edge summary");
    assert_eq!(listed.domain_name, edge_name);
    assert!(listed.covers(&edge_name));
    assert!(!listed.in_use);

    // A wait with no time left reports what is pending (moto issues only after 2 s).
    match acm
        .wait_until_issued(
            &edge_region,
            &edge,
            Duration::ZERO,
            Duration::from_millis(100),
        )
        .await
    {
        Err(err) => {
            assert_eq!(err.kind(), ErrorKind::WaitTimeout, "{err}");
            assert!(err.message().contains(&edge_name), "{err}");
            assert!(err.message().contains("CNAME _"), "{err}");
        }
        Ok(cert) => assert!(
            requested_at.elapsed() >= Duration::from_secs(2),
            "issued before moto's validation wait: {cert:?}"
        ),
    }

    // describe + validation records.
    let described = acm
        .wait_for_validation_records(
            &api_region,
            &regional,
            Duration::from_secs(30),
            Duration::from_millis(250),
        )
        .await
        .expect("validation records");
    assert_eq!(described.arn, regional);
    assert_eq!(described.region, api_region);
    assert_eq!(described.domain_name, regional_name);
    assert_eq!(described.certificate_type, CertificateType::AmazonIssued);
    for san in [
        &regional_name,
        &format!("www.{zone}"),
        &format!("*.api.{zone}"),
    ] {
        assert!(
            described.sans.contains(san),
            "{san} in {:?}",
            described.sans
        );
    }
    assert_eq!(described.validation.len(), 3);
    assert!(described.has_all_validation_records());
    assert!(described
        .validation_records()
        .iter()
        .all(|r| r.record_type == "CNAME"));
    assert!(described.covers(&regional_name));
    assert!(described.covers(&format!("v1.api.{zone}")));
    assert!(!described.covers(&zone));
    assert!(!described.covers(&format!("a.b.api.{zone}")));

    // wait until issued (moto: after MOTO_ACM_VALIDATION_WAIT seconds, whatever the DNS says).
    for (region, arn) in [(&api_region, &regional), (&edge_region, &edge)] {
        let issued = acm
            .wait_until_issued(
                region,
                arn,
                Duration::from_secs(60),
                Duration::from_millis(500),
            )
            .await
            .expect("wait_until_issued");
        assert_eq!(issued.status, CertificateStatus::Issued);
        assert!(issued.not_after.is_some());
        assert!(issued.pending_validations().next().is_none());
    }
    let described = acm
        .describe_certificate(&edge_region, &edge)
        .await
        .expect("describe edge");
    assert_eq!(described.status, CertificateStatus::Issued);
    assert_eq!(described.region, "us-east-1");

    // The EDGE certificate does not exist in the API's region.
    let wrong_region = acm
        .describe_certificate(&api_region, &edge)
        .await
        .expect_err("edge cert in us-west-2");
    assert!(
        matches!(
            wrong_region.kind(),
            ErrorKind::NotFound | ErrorKind::Invalid
        ),
        "{wrong_region}"
    );

    // delete, then it is gone (NotFound on describe and on a second delete).
    acm.delete_certificate(&api_region, &regional)
        .await
        .expect("delete regional");
    acm.delete_certificate(&edge_region, &edge)
        .await
        .expect("delete edge");
    let gone = acm
        .describe_certificate(&edge_region, &edge)
        .await
        .expect_err("deleted");
    assert_eq!(gone.kind(), ErrorKind::NotFound, "{gone}");
    let again = acm
        .delete_certificate(&api_region, &regional)
        .await
        .expect_err("deleted twice");
    assert_eq!(again.kind(), ErrorKind::NotFound, "{again}");
    let east = acm
        .list_certificates(&edge_region)
        .await
        .expect("list after");
    assert!(!east.iter().any(|c| c.arn == edge));
}

#[tokio::test]
async fn emulator_certs_listing_covers_many_certificates() {
    let Some(ctx) = support::context().await else {
        return;
    };
    let acm = SdkCertificates::new(&ctx).with_page_size(2);
    let region = ctx.secondary_region().to_owned();
    let zone = format!("{}.example.com", support::unique("apigw"));
    let mut arns = Vec::new();
    for i in 0..5 {
        let request = CertificateRequest::new(format!("h{i}.{zone}"));
        arns.push(
            acm.request_certificate(&region, &request)
                .await
                .expect("request"),
        );
    }
    let listed = acm.list_certificates(&region).await.expect("list");
    for arn in &arns {
        assert!(listed.iter().any(|c| &c.arn == arn), "{arn} listed");
    }
    for arn in &arns {
        acm.delete_certificate(&region, arn).await.expect("delete");
    }
}
