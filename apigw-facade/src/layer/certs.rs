//! [`Certificates`] for [`WithRuntime`]: the operations and kinds of `SdkCertificates`, and
//! the two waits polling the decorated `DescribeCertificate`.

use std::time::Duration;

use apigw_certs::{
    Certificate, CertificateRequest, CertificateStatus, CertificateSummary, Certificates,
};
use apigw_core::{Error, ErrorKind, Op, Result, Service};
use tokio::time::Instant;

use super::WithRuntime;

const LIST: Op = Op::read(Service::Acm, "ListCertificates");
const DESCRIBE: Op = Op::read(Service::Acm, "DescribeCertificate");
// Idempotent thanks to the idempotency token: a repeat within one hour returns the same ARN.
const REQUEST: Op = Op::write(Service::Acm, "RequestCertificate");
const DELETE: Op = Op::write(Service::Acm, "DeleteCertificate");
/// The waits' names in their errors, as `SdkCertificates` spells them.
const WAIT_ISSUED: &str = "WaitForCertificateIssued";
const WAIT_RECORDS: &str = "WaitForValidationRecords";
/// The shortest pause between two polls, whatever the caller asks (as `SdkCertificates`).
const MIN_POLL: Duration = Duration::from_millis(10);

/// What one poll found.
enum Poll {
    Done,
    /// Can never be issued: ask the inner implementation for its verdict (it knows ACM's
    /// failure reason, which the model does not carry); this error if it cannot say.
    Failed(Error),
    /// Not yet; the error to return if the deadline has passed.
    Wait(Error),
}

fn check_issued(cert: &Certificate, waited: Duration) -> Poll {
    match cert.status {
        CertificateStatus::Issued => Poll::Done,
        status if status.is_terminal_failure() => Poll::Failed(Error::new(
            ErrorKind::Invalid,
            WAIT_ISSUED,
            format!(
                "certificate in {} is {status} and will never be issued; delete it and request a new one",
                cert.region
            ),
        )),
        status => Poll::Wait(Error::new(
            ErrorKind::WaitTimeout,
            WAIT_ISSUED,
            format!(
                "certificate in {} still {status} after waiting {:.1}s; validation pending for: {}. \
                 Each CNAME must exist in the public hosted zone of its domain",
                cert.region,
                waited.as_secs_f64(),
                cert.describe_pending()
            ),
        )),
    }
}

fn check_records(cert: &Certificate, waited: Duration) -> Poll {
    if cert.has_all_validation_records() {
        return Poll::Done;
    }
    let missing: Vec<&str> = cert
        .validation
        .iter()
        .filter(|v| v.record.is_none())
        .map(|v| v.domain.as_str())
        .collect();
    Poll::Wait(Error::new(
        ErrorKind::WaitTimeout,
        WAIT_RECORDS,
        format!(
            "ACM gave no validation record after waiting {:.1}s for: {}",
            waited.as_secs_f64(),
            missing.join(", ")
        ),
    ))
}

impl<T: Certificates> WithRuntime<T> {
    /// Polls the decorated [`Certificates::describe_certificate`] (each poll retried) until
    /// `check` says done or failed, or `timeout` passes: `SdkCertificates`' loop.
    async fn poll(
        &self,
        region: &str,
        arn: &str,
        timeout: Duration,
        poll_interval: Duration,
        check: fn(&Certificate, Duration) -> Poll,
    ) -> Result<Certificate> {
        let started = Instant::now();
        let deadline = started + timeout;
        let poll_interval = poll_interval.max(MIN_POLL);
        loop {
            let cert = self.describe_certificate(region, arn).await?;
            let now = Instant::now();
            match check(&cert, now.duration_since(started)) {
                Poll::Done => return Ok(cert),
                Poll::Failed(ours) => return self.verdict(region, arn, ours).await,
                Poll::Wait(on_timeout) => {
                    if now >= deadline {
                        return Err(on_timeout.with_resource(arn.to_owned()));
                    }
                    tracing::debug!(arn, status = %cert.status, "waiting");
                }
            }
            tokio::time::sleep(poll_interval.min(deadline - now)).await;
        }
    }

    /// The inner wait's answer for a certificate that can no longer be issued: one poll (a
    /// zero timeout), sent as a retried `DescribeCertificate`. Its `Invalid` error names ACM's
    /// failure reason; anything else but a certificate falls back to `ours`.
    async fn verdict(&self, region: &str, arn: &str, ours: Error) -> Result<Certificate> {
        let theirs = self
            .caller
            .call(DESCRIBE, arn, || {
                self.inner
                    .wait_until_issued(region, arn, Duration::ZERO, MIN_POLL)
            })
            .await;
        match theirs {
            Ok(cert) => Ok(cert),
            Err(err) if err.kind() == ErrorKind::Invalid => Err(err),
            Err(_) => Err(ours.with_resource(arn.to_owned())),
        }
    }
}

#[async_trait::async_trait]
impl<T: Certificates> Certificates for WithRuntime<T> {
    async fn list_certificates(&self, region: &str) -> Result<Vec<CertificateSummary>> {
        self.caller
            .call(LIST, region, || self.inner.list_certificates(region))
            .await
    }

    async fn describe_certificate(&self, region: &str, arn: &str) -> Result<Certificate> {
        self.caller
            .call(DESCRIBE, arn, || {
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
            .call(REQUEST, request.domain_name.trim(), || {
                self.inner.request_certificate(region, request)
            })
            .await
    }

    async fn delete_certificate(&self, region: &str, arn: &str) -> Result<()> {
        self.caller
            .call(DELETE, arn, || self.inner.delete_certificate(region, arn))
            .await
    }

    async fn wait_until_issued(
        &self,
        region: &str,
        arn: &str,
        timeout: Duration,
        poll_interval: Duration,
    ) -> Result<Certificate> {
        self.poll(region, arn, timeout, poll_interval, check_issued)
            .await
    }

    async fn wait_for_validation_records(
        &self,
        region: &str,
        arn: &str,
        timeout: Duration,
        poll_interval: Duration,
    ) -> Result<Certificate> {
        self.poll(region, arn, timeout, poll_interval, check_records)
            .await
    }
}
