//! [`Certificates`] for [`WithRuntime`]: the operations and kinds of `SdkCertificates`, and
//! the two waits (apigw-certs' shared loops) polling the decorated `DescribeCertificate`.

use std::time::Duration;

use apigw_certs::ops::{
    DELETE_CERTIFICATE, DESCRIBE_CERTIFICATE, LIST_CERTIFICATES, REQUEST_CERTIFICATE,
};
use apigw_certs::{
    poll_until_issued_with, poll_validation_records, Certificate, CertificateRequest,
    CertificateSummary, Certificates,
};
use apigw_core::{ErrorKind, Result};

use super::WithRuntime;

/// The pause the inner wait is given for its one poll (its shortest).
const MIN_POLL: Duration = Duration::from_millis(10);

impl<T: Certificates> WithRuntime<T> {
    /// One poll of [`Certificates::wait_until_issued`]: the decorated
    /// [`Certificates::describe_certificate`] (retried). A certificate that can no longer be
    /// issued is put to the inner wait, once (a zero timeout, sent as a retried
    /// `DescribeCertificate`): its `Invalid` error names ACM's failure reason, which the model
    /// does not carry; when it cannot say, the shared wait's own message (no reason) stands.
    async fn describe_for_issued_wait(
        &self,
        region: &str,
        arn: &str,
    ) -> Result<(Certificate, Option<String>)> {
        let cert = self.describe_certificate(region, arn).await?;
        if !cert.status.is_terminal_failure() {
            return Ok((cert, None));
        }
        let theirs = self
            .caller
            .call(DESCRIBE_CERTIFICATE, arn, || {
                self.inner
                    .wait_until_issued(region, arn, Duration::ZERO, MIN_POLL)
            })
            .await;
        match theirs {
            Ok(cert) => Ok((cert, None)),
            Err(err) if err.kind() == ErrorKind::Invalid => Err(err),
            Err(_) => Ok((cert, None)),
        }
    }
}

#[async_trait::async_trait]
impl<T: Certificates> Certificates for WithRuntime<T> {
    async fn list_certificates(&self, region: &str) -> Result<Vec<CertificateSummary>> {
        self.caller
            .call(LIST_CERTIFICATES, region, || {
                self.inner.list_certificates(region)
            })
            .await
    }

    async fn describe_certificate(&self, region: &str, arn: &str) -> Result<Certificate> {
        self.caller
            .call(DESCRIBE_CERTIFICATE, arn, || {
                self.inner.describe_certificate(region, arn)
            })
            .await
    }

    async fn request_certificate(
        &self,
        region: &str,
        request: &CertificateRequest,
    ) -> Result<String> {
        self.caller
            .call(REQUEST_CERTIFICATE, request.domain_name.trim(), || {
                self.inner.request_certificate(region, request)
            })
            .await
    }

    async fn delete_certificate(&self, region: &str, arn: &str) -> Result<()> {
        self.caller
            .call(DELETE_CERTIFICATE, arn, || {
                self.inner.delete_certificate(region, arn)
            })
            .await
    }

    async fn wait_until_issued(
        &self,
        region: &str,
        arn: &str,
        timeout: Duration,
        poll_interval: Duration,
    ) -> Result<Certificate> {
        poll_until_issued_with(arn, timeout, poll_interval, || {
            self.describe_for_issued_wait(region, arn)
        })
        .await
    }

    async fn wait_for_validation_records(
        &self,
        region: &str,
        arn: &str,
        timeout: Duration,
        poll_interval: Duration,
    ) -> Result<Certificate> {
        poll_validation_records(self, region, arn, timeout, poll_interval).await
    }
}
