//! apigw-certs: ACM for apigw — list certificates (every status, every key type), describe one
//! with its DNS validation records, request a DNS-validated one idempotently, delete, and wait
//! until ACM has generated the validation records or issued the certificate.
//!
//! - [`model`]: [`Certificate`], [`CertificateSummary`], [`CertificateStatus`],
//!   [`CertificateType`], [`DomainValidation`] ([`ValidationStatus`], [`ResourceRecord`]),
//!   [`CertificateRequest`]; [`name_covers`] (ACM wildcard semantics, also as
//!   [`Certificate::covers`]).
//! - [`api`]: the [`Certificates`] trait (`MockCertificates` with the `mock` feature).
//! - [`sdk`]: [`SdkCertificates`], the trait over `aws-sdk-acm` with one client per region,
//!   every call through the [`apigw_core::Caller`].
//! - [`wait`]: [`poll_until_issued`] ([`poll_until_issued_with`] when the failure reason is
//!   known) and [`poll_validation_records`], the loops every implementation's waits run.
//!
//! Every method names its region: an EDGE endpoint's certificate must live in `us-east-1`
//! ([`apigw_core::runtime::US_EAST_1`]), a REGIONAL one in the API's region.
//!
//! ```no_run
//! # async fn example() -> apigw_core::Result<()> {
//! use std::time::Duration;
//! use apigw_certs::{CertificateRequest, Certificates, SdkCertificates};
//!
//! let ctx = apigw_core::AwsContext::builder().region("eu-west-1").load().await?;
//! let acm = SdkCertificates::new(&ctx);
//! let region = ctx.secondary_region(); // EDGE: us-east-1
//! let request = CertificateRequest::new("api.example.com").with_tag("apigw:name", "orders");
//! let arn = acm.request_certificate(region, &request).await?;
//! let cert = acm
//!     .wait_for_validation_records(region, &arn, Duration::from_secs(60), Duration::from_secs(2))
//!     .await?;
//! for record in cert.validation_records() {
//!     // UPSERT `record` as a CNAME in the domain's hosted zone (apigw-dns), then:
//!     let _ = record;
//! }
//! let issued = acm
//!     .wait_until_issued(region, &arn, Duration::from_secs(900), Duration::from_secs(10))
//!     .await?;
//! assert!(issued.covers("api.example.com"));
//! # Ok(()) }
//! ```

pub mod api;
pub mod model;
pub mod ops;
pub mod sdk;
pub mod wait;

pub use api::Certificates;
#[cfg(any(test, feature = "mock"))]
pub use api::MockCertificates;
pub use model::{
    is_valid_token, name_covers, Certificate, CertificateRequest, CertificateStatus,
    CertificateSummary, CertificateType, DomainValidation, ResourceRecord, ValidationStatus,
};
pub use sdk::SdkCertificates;
pub use wait::{poll_until_issued, poll_until_issued_with, poll_validation_records};
