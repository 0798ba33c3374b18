//! Custom domain names and base path mappings.

use std::time::{Duration, SystemTime};

use apigw_certs::CertificateStatus;
use apigw_core::restapi::{
    ApiGateway, BasePathMapping, EndpointType, NewDomainName, SecurityPolicy, Tags,
};
use apigw_core::ErrorKind;

use super::{deployed, failed, sim};
use crate::restapi::domains::covers;
use crate::Sim;

fn a_year() -> SystemTime {
    SystemTime::now() + Duration::from_secs(365 * 24 * 3600)
}

fn new_domain(name: &str, endpoint_type: EndpointType, certificate_arn: &str) -> NewDomainName {
    NewDomainName {
        name: name.to_owned(),
        endpoint_type,
        certificate_arn: certificate_arn.to_owned(),
        security_policy: SecurityPolicy::Tls12,
        tags: Tags::new(),
    }
}

fn mapping(base_path: &str, api_id: &str, stage: Option<&str>) -> BasePathMapping {
    BasePathMapping {
        base_path: base_path.to_owned(),
        rest_api_id: api_id.to_owned(),
        stage: stage.map(str::to_owned),
    }
}

/// An ISSUED certificate for `*.example.com` (and `example.com`) in `region`.
fn wildcard_cert(sim: &Sim, region: &str) -> String {
    sim.import_certificate(region, "*.example.com", &["example.com"], a_year())
}

#[test]
fn wildcard_certificates_cover_one_label() {
    assert!(covers("*.example.com", "api.example.com"));
    assert!(covers("API.example.com", "api.example.com"));
    assert!(!covers("*.example.com", "example.com"));
    assert!(!covers("*.example.com", "a.b.example.com"));
    assert!(!covers("api.example.com", "www.example.com"));
}

#[tokio::test]
async fn regional_domains_expose_the_regional_target() {
    let sim = sim();
    let cert = wildcard_cert(&sim, "us-west-2");
    let regional = EndpointType::Regional;
    let domain = sim
        .create_domain_name(&new_domain("api.example.com", regional, &cert))
        .await
        .unwrap();
    let (target, zone) = domain.alias_target().unwrap();
    let id = target
        .strip_prefix("d-")
        .and_then(|t| t.strip_suffix(".execute-api.us-west-2.amazonaws.com"))
        .unwrap();
    assert_eq!(id.len(), 10);
    assert_eq!(zone, "Z2OJLYMUO9EFXC");
    assert_eq!(
        domain.regional_certificate_arn.as_deref(),
        Some(cert.as_str())
    );
    assert_eq!(domain.certificate_arn, None);
    assert_eq!(
        sim.get_domain_name("api.example.com").await.unwrap(),
        domain
    );
    sim.with_world(|w| {
        assert_eq!(
            crate::restapi::domains_using_certificate(w, &cert),
            ["api.example.com"]
        );
    });

    let err = failed(
        sim.create_domain_name(&new_domain("api.example.com", regional, &cert))
            .await,
        ErrorKind::AlreadyExists,
    );
    assert_eq!(
        err.message(),
        "The domain name you provided already exists."
    );
    sim.delete_domain_name("api.example.com").await.unwrap();
    failed(
        sim.get_domain_name("api.example.com").await,
        ErrorKind::NotFound,
    );
    failed(
        sim.delete_domain_name("api.example.com").await,
        ErrorKind::NotFound,
    );
}

#[tokio::test]
async fn edge_domains_need_a_us_east_1_certificate() {
    let sim = sim();
    let edge = EndpointType::Edge;
    let local = wildcard_cert(&sim, "us-west-2");
    failed(
        sim.create_domain_name(&new_domain("api.example.com", edge, &local))
            .await,
        ErrorKind::Invalid,
    );
    let virginia = wildcard_cert(&sim, "us-east-1");
    failed(
        sim.create_domain_name(&new_domain(
            "api.example.com",
            EndpointType::Regional,
            &virginia,
        ))
        .await,
        ErrorKind::Invalid,
    );
    let domain = sim
        .create_domain_name(&new_domain("api.example.com", edge, &virginia))
        .await
        .unwrap();
    let (target, zone) = domain.alias_target().unwrap();
    let id = target
        .strip_prefix('d')
        .and_then(|t| t.strip_suffix(".cloudfront.net"))
        .unwrap();
    assert_eq!(id.len(), 13);
    assert!(id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
    assert_eq!(zone, "Z2FDTNDATAQYW2");
    assert_eq!(domain.certificate_arn.as_deref(), Some(virginia.as_str()));
}

#[tokio::test]
async fn certificates_must_be_issued_and_cover_the_name() {
    let sim = sim();
    let regional = EndpointType::Regional;
    let cert = wildcard_cert(&sim, "us-west-2");
    for name in ["a.b.example.com", "api.example.org"] {
        let err = failed(
            sim.create_domain_name(&new_domain(name, regional, &cert))
                .await,
            ErrorKind::Invalid,
        );
        assert!(err.message().contains("does not cover"), "{err}");
    }
    sim.create_domain_name(&new_domain("example.com", regional, &cert))
        .await
        .unwrap();

    assert!(sim.set_certificate_status(&cert, CertificateStatus::PendingValidation));
    let err = failed(
        sim.create_domain_name(&new_domain("www.example.com", regional, &cert))
            .await,
        ErrorKind::Invalid,
    );
    assert!(err.message().contains("not ISSUED"), "{err}");
    let unknown =
        "arn:aws:acm:us-west-2:123456789012:certificate/00000000-0000-0000-0000-000000000000";
    failed(
        sim.create_domain_name(&new_domain("www.example.com", regional, unknown))
            .await,
        ErrorKind::Invalid,
    );
    failed(
        sim.create_domain_name(&new_domain("www.example.com", regional, "not-an-arn"))
            .await,
        ErrorKind::Invalid,
    );
    failed(
        sim.create_domain_name(&new_domain("Bad_Name.example.com", regional, &cert))
            .await,
        ErrorKind::Invalid,
    );
}

#[tokio::test]
async fn one_hundred_twenty_custom_domains_per_region() {
    let sim = sim();
    let cert = wildcard_cert(&sim, "us-west-2");
    let regional = EndpointType::Regional;
    for i in 0..120 {
        sim.create_domain_name(&new_domain(&format!("d{i}.example.com"), regional, &cert))
            .await
            .unwrap();
    }
    failed(
        sim.create_domain_name(&new_domain("d120.example.com", regional, &cert))
            .await,
        ErrorKind::LimitExceeded,
    );
}

#[tokio::test]
async fn base_path_mappings_are_unique_per_domain() {
    let sim = sim();
    let api = deployed(&sim, "orders", "live").await;
    let cert = wildcard_cert(&sim, "us-west-2");
    let regional = EndpointType::Regional;
    sim.create_domain_name(&new_domain("api.example.com", regional, &cert))
        .await
        .unwrap();
    let domain = "api.example.com";

    failed(
        sim.create_base_path_mapping("nope.example.com", &mapping("", &api.id, None))
            .await,
        ErrorKind::NotFound,
    );
    failed(
        sim.create_base_path_mapping(domain, &mapping("", "nosuchapi0", None))
            .await,
        ErrorKind::Invalid,
    );
    failed(
        sim.create_base_path_mapping(domain, &mapping("", &api.id, Some("dev")))
            .await,
        ErrorKind::Invalid,
    );
    sim.create_base_path_mapping(domain, &mapping("v1", &api.id, Some("live")))
        .await
        .unwrap();
    sim.create_base_path_mapping(domain, &mapping("v2", &api.id, None))
        .await
        .unwrap();
    let err = failed(
        sim.create_base_path_mapping(domain, &mapping("v1", &api.id, Some("live")))
            .await,
        ErrorKind::AlreadyExists,
    );
    assert_eq!(
        err.message(),
        "Base path already exists for this domain name"
    );
    failed(
        sim.create_base_path_mapping(domain, &mapping("", &api.id, Some("live")))
            .await,
        ErrorKind::Invalid,
    );
    failed(sim.delete_rest_api(&api.id).await, ErrorKind::Invalid);

    let paths: Vec<String> = sim
        .list_base_path_mappings(domain)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.base_path)
        .collect();
    assert_eq!(paths, ["v1", "v2"]);
    sim.delete_base_path_mapping(domain, "v1").await.unwrap();
    sim.delete_base_path_mapping(domain, "v2").await.unwrap();
    failed(
        sim.delete_base_path_mapping(domain, "v1").await,
        ErrorKind::NotFound,
    );

    let root = sim
        .create_base_path_mapping(domain, &mapping("(none)", &api.id, Some("live")))
        .await
        .unwrap();
    assert_eq!(root.base_path, "");
    failed(
        sim.create_base_path_mapping(domain, &mapping("", &api.id, Some("live")))
            .await,
        ErrorKind::AlreadyExists,
    );
    sim.delete_domain_name(domain).await.unwrap();
    sim.delete_rest_api(&api.id).await.unwrap();
}
