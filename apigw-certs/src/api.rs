//! The [`Certificates`] trait: what apigw needs from ACM.

use std::time::Duration;

use apigw_core::Result;

use crate::model::{Certificate, CertificateRequest, CertificateSummary};

/// ACM as apigw uses it. Every method names its region: an EDGE endpoint's certificate lives
/// in `us-east-1` whatever the API's region, a REGIONAL one in the API's region.
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
#[async_trait::async_trait]
pub trait Certificates: Send + Sync {
    /// Every certificate of the region, whatever its status and **key type**
    /// (`ListCertificates` returns only RSA_1024/RSA_2048 keys unless asked for every key
    /// type; the adapter asks), paginated inside.
    async fn list_certificates(&self, region: &str) -> Result<Vec<CertificateSummary>>;

    /// One certificate in full (`DescribeCertificate`), with its validation records. An unknown
    /// ARN is `Err` of kind `NotFound`.
    async fn describe_certificate(&self, region: &str, arn: &str) -> Result<Certificate>;

    /// Requests a DNS-validated certificate in `region` and returns its ARN
    /// (`RequestCertificate`).
    ///
    /// Idempotent: the request carries an idempotency token (explicit, or derived from the
    /// request), and ACM answers a repeat within one hour with the same ARN, so the runtime may
    /// retry it. An invalid explicit token (not 1–32 word characters) is `Invalid` without a
    /// call.
    async fn request_certificate(
        &self,
        region: &str,
        request: &CertificateRequest,
    ) -> Result<String>;

    /// Deletes a certificate (`DeleteCertificate`). Unknown: `NotFound`. In use by an AWS
    /// resource (an API Gateway domain name): `Invalid`, not retried, the message naming the
    /// users ("in use by …"); ACM can take some minutes to notice that a domain name was
    /// deleted, so a caller tearing down may retry later on purpose.
    async fn delete_certificate(&self, region: &str, arn: &str) -> Result<()>;

    /// Polls [`Certificates::describe_certificate`] every `poll_interval` until the certificate
    /// is `ISSUED`, and returns it.
    ///
    /// Stops at once with kind `Invalid` when it can no longer be issued (`FAILED`, with ACM's
    /// reason; `VALIDATION_TIMED_OUT`; `REVOKED`; `EXPIRED`; `INACTIVE`). After `timeout`: kind
    /// `WaitTimeout`, the message listing each domain still pending and the CNAME that must
    /// exist for it. Uses tokio's clock (testable with paused time).
    async fn wait_until_issued(
        &self,
        region: &str,
        arn: &str,
        timeout: Duration,
        poll_interval: Duration,
    ) -> Result<Certificate>;

    /// Polls until every domain validation has its CNAME record (ACM generates them some
    /// seconds after `RequestCertificate`), and returns the certificate; a pipeline calls this
    /// before writing the validation records. `WaitTimeout` after `timeout`, naming the domains
    /// still without a record.
    async fn wait_for_validation_records(
        &self,
        region: &str,
        arn: &str,
        timeout: Duration,
        poll_interval: Duration,
    ) -> Result<Certificate>;
}
