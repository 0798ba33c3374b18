//! The one `DescribeCertificate` polling loop behind every [`Certificates::wait_until_issued`]
//! ([`poll_until_issued`]) and [`Certificates::wait_for_validation_records`]
//! ([`poll_validation_records`]).

use std::future::Future;
use std::time::Duration;

use apigw_core::{Error, ErrorKind, Result};
use tokio::time::Instant;

use crate::api::Certificates;
use crate::model::{Certificate, CertificateStatus};

/// The waits' names in their errors.
const WAIT_ISSUED: &str = "WaitForCertificateIssued";
const WAIT_RECORDS: &str = "WaitForValidationRecords";
/// The shortest pause between two polls, whatever the caller asks.
const MIN_POLL: Duration = Duration::from_millis(10);

/// Polls `certs.describe_certificate` until the certificate is `ISSUED`. A status that can
/// never become `ISSUED` is [`ErrorKind::Invalid`]; still pending once `timeout` has passed is
/// [`ErrorKind::WaitTimeout`] naming the names whose validation is pending.
pub async fn poll_until_issued<C: Certificates + ?Sized>(
    certs: &C,
    region: &str,
    arn: &str,
    timeout: Duration,
    poll_interval: Duration,
) -> Result<Certificate> {
    poll_until_issued_with(arn, timeout, poll_interval, || async {
        Ok((certs.describe_certificate(region, arn).await?, None))
    })
    .await
}

/// [`poll_until_issued`] over any `describe`, which answers the certificate and, when it knows
/// it, ACM's failure reason (named in the error of a certificate that can never be issued).
pub async fn poll_until_issued_with<F, Fut>(
    arn: &str,
    timeout: Duration,
    poll_interval: Duration,
    describe: F,
) -> Result<Certificate>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<(Certificate, Option<String>)>>,
{
    poll(arn, timeout, poll_interval, describe, check_issued).await
}

/// Polls `certs.describe_certificate` until ACM has given the validation record of every name,
/// or fails with [`ErrorKind::WaitTimeout`] naming those still without one.
pub async fn poll_validation_records<C: Certificates + ?Sized>(
    certs: &C,
    region: &str,
    arn: &str,
    timeout: Duration,
    poll_interval: Duration,
) -> Result<Certificate> {
    let describe = || async { Ok((certs.describe_certificate(region, arn).await?, None)) };
    poll(arn, timeout, poll_interval, describe, check_records).await
}

/// Calls `describe` until `check` says done (or fails), or `timeout` passes.
async fn poll<F, Fut>(
    arn: &str,
    timeout: Duration,
    poll_interval: Duration,
    mut describe: F,
    check: fn(&Certificate, Option<&str>, Duration) -> Poll,
) -> Result<Certificate>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<(Certificate, Option<String>)>>,
{
    let started = Instant::now();
    let deadline = started + timeout;
    let poll_interval = poll_interval.max(MIN_POLL);
    loop {
        let (cert, failure) = describe().await?;
        let now = Instant::now();
        let waited = now.duration_since(started);
        match check(&cert, failure.as_deref(), waited) {
            Poll::Done => return Ok(cert),
            Poll::Fail(err) => return Err(err.with_resource(arn.to_owned())),
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

/// What one poll found.
enum Poll {
    Done,
    Fail(Error),
    /// Not yet; the error to return if the deadline has passed.
    Wait(Error),
}

fn check_issued(cert: &Certificate, failure: Option<&str>, waited: Duration) -> Poll {
    match cert.status {
        CertificateStatus::Issued => Poll::Done,
        status if status.is_terminal_failure() => {
            let reason = failure
                .map(|r| format!(" (reason: {r})"))
                .unwrap_or_default();
            Poll::Fail(Error::new(
                ErrorKind::Invalid,
                WAIT_ISSUED,
                format!(
                    "certificate in {} is {status}{reason} and will never be issued; delete it and request a new one",
                    cert.region
                ),
            ))
        }
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

fn check_records(cert: &Certificate, _failure: Option<&str>, waited: Duration) -> Poll {
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
