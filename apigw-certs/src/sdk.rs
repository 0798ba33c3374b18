//! [`SdkCertificates`]: the [`Certificates`] trait over `aws-sdk-acm`, one client per region.
//! The only file of this crate that imports `aws_sdk_*`.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use apigw_core::runtime::{from_sdk, Caller, Op, Service};
use apigw_core::{AwsContext, Error, ErrorKind, Result};
use aws_sdk_acm::error::SdkError;
use aws_sdk_acm::operation::delete_certificate::DeleteCertificateError;
use aws_sdk_acm::types as acm;
use tokio::time::Instant;

use crate::api::Certificates;
use crate::model::{
    is_valid_token, Certificate, CertificateRequest, CertificateStatus, CertificateSummary,
    CertificateType, DomainValidation, ResourceRecord, ValidationStatus,
};

const LIST: Op = Op::read(Service::Acm, "ListCertificates");
const DESCRIBE: Op = Op::read(Service::Acm, "DescribeCertificate");
// Idempotent thanks to the idempotency token: a repeat within one hour returns the same ARN.
const REQUEST: Op = Op::write(Service::Acm, "RequestCertificate");
const DELETE: Op = Op::write(Service::Acm, "DeleteCertificate");
const WAIT_ISSUED: &str = "WaitForCertificateIssued";
const WAIT_RECORDS: &str = "WaitForValidationRecords";

/// ACM's largest `ListCertificates` page.
const MAX_PAGE: i32 = 1000;
/// The shortest pause between two polls, whatever the caller asks.
const MIN_POLL: Duration = Duration::from_millis(10);

/// ACM through the AWS SDK, one client per region (built once, shared by clones).
#[derive(Debug, Clone)]
pub struct SdkCertificates {
    ctx: Option<AwsContext>,
    clients: Arc<RwLock<HashMap<String, aws_sdk_acm::Client>>>,
    caller: Caller,
    page_size: i32,
}

impl SdkCertificates {
    /// Uses the context's ACM clients (primary and secondary region; any other region gets a
    /// client built on first use) and its shared caller.
    pub fn new(ctx: &AwsContext) -> Self {
        let mut clients = HashMap::new();
        for region in [ctx.region(), ctx.secondary_region()] {
            clients.insert(region.to_owned(), ctx.acm_in(region));
        }
        Self {
            ctx: Some(ctx.clone()),
            clients: Arc::new(RwLock::new(clients)),
            caller: ctx.caller().clone(),
            page_size: MAX_PAGE,
        }
    }

    /// For tests (aws-smithy-mocks clients) and custom clients: `client` serves `region`; add
    /// more regions with [`SdkCertificates::with_client`]. Other regions are `Invalid`.
    pub fn from_client(region: &str, client: aws_sdk_acm::Client, caller: Caller) -> Self {
        let clients = HashMap::from([(region.to_owned(), client)]);
        Self {
            ctx: None,
            clients: Arc::new(RwLock::new(clients)),
            caller,
            page_size: MAX_PAGE,
        }
    }

    /// Uses `client` for `region`.
    pub fn with_client(self, region: &str, client: aws_sdk_acm::Client) -> Self {
        self.clients
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(region.to_owned(), client);
        self
    }

    /// Asks for `ListCertificates` pages of at most `size` (clamped to 1..=1000), so tests can
    /// exercise pagination with few certificates. Default: 1000.
    pub fn with_page_size(mut self, size: u32) -> Self {
        self.page_size = i32::try_from(size.max(1)).unwrap_or(MAX_PAGE).min(MAX_PAGE);
        self
    }

    fn client(&self, region: &str, operation: &'static str) -> Result<aws_sdk_acm::Client> {
        let region = region.trim();
        if region.is_empty() {
            return Err(Error::new(
                ErrorKind::Invalid,
                operation,
                "no region given for ACM",
            ));
        }
        if let Some(client) = self
            .clients
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .get(region)
        {
            return Ok(client.clone());
        }
        let Some(ctx) = &self.ctx else {
            return Err(Error::new(
                ErrorKind::Invalid,
                operation,
                format!("no ACM client configured for region {region}"),
            ));
        };
        let client = ctx.acm_in(region);
        self.clients
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .entry(region.to_owned())
            .or_insert_with(|| client.clone());
        Ok(client)
    }

    /// `DescribeCertificate`, with ACM's failure reason (kept out of the model: only the
    /// wait's error message needs it).
    async fn describe(&self, region: &str, arn: &str) -> Result<(Certificate, Option<String>)> {
        let client = &self.client(region, DESCRIBE.name)?;
        let out = self
            .caller
            .call(DESCRIBE, arn, || async move {
                client
                    .describe_certificate()
                    .certificate_arn(arn)
                    .send()
                    .await
                    .map_err(|e| from_sdk(DESCRIBE.name, e))
            })
            .await?;
        let detail = out.certificate().ok_or_else(|| {
            Error::new(ErrorKind::Other, DESCRIBE.name, "answer had no certificate")
                .with_resource(arn.to_owned())
        })?;
        let failure = detail.failure_reason().map(|r| r.as_str().to_owned());
        Ok((certificate_from_sdk(detail, region, arn), failure))
    }

    /// Polls `describe` until `check` says done (or fails), or `timeout` passes.
    async fn poll(
        &self,
        region: &str,
        arn: &str,
        timeout: Duration,
        poll_interval: Duration,
        check: fn(&Certificate, Option<&str>, Duration) -> Poll,
    ) -> Result<Certificate> {
        let started = Instant::now();
        let deadline = started + timeout;
        let poll_interval = poll_interval.max(MIN_POLL);
        loop {
            let (cert, failure) = self.describe(region, arn).await?;
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

#[async_trait::async_trait]
impl Certificates for SdkCertificates {
    async fn list_certificates(&self, region: &str) -> Result<Vec<CertificateSummary>> {
        let client = &self.client(region, LIST.name)?;
        // Without Includes.keyTypes ACM lists only RSA_1024 and RSA_2048 certificates.
        let every_key_type = &acm::Filters::builder()
            .set_key_types(Some(
                acm::KeyAlgorithm::values()
                    .iter()
                    .map(|v| acm::KeyAlgorithm::from(*v))
                    .collect(),
            ))
            .build();
        let mut summaries = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let page_token = &token;
            let out = self
                .caller
                .call(LIST, region, || async move {
                    client
                        .list_certificates()
                        .includes(every_key_type.clone())
                        .set_next_token(page_token.clone())
                        .max_items(self.page_size)
                        .send()
                        .await
                        .map_err(|e| from_sdk(LIST.name, e))
                })
                .await?;
            summaries.extend(out.certificate_summary_list().iter().map(summary_from_sdk));
            match out.next_token().filter(|t| !t.is_empty()) {
                None => break,
                Some(next) if Some(next) == token.as_deref() => {
                    return Err(Error::new(
                        ErrorKind::Other,
                        LIST.name,
                        "pagination did not advance (same NextToken twice)",
                    )
                    .with_resource(region.to_owned()))
                }
                Some(next) => token = Some(next.to_owned()),
            }
        }
        Ok(summaries)
    }

    async fn describe_certificate(&self, region: &str, arn: &str) -> Result<Certificate> {
        self.describe(region, arn).await.map(|(cert, _)| cert)
    }

    async fn request_certificate(
        &self,
        region: &str,
        request: &CertificateRequest,
    ) -> Result<String> {
        let domain = normalize(&request.domain_name);
        if domain.is_empty() {
            return Err(Error::new(
                ErrorKind::Invalid,
                REQUEST.name,
                "a certificate request needs a domain name",
            ));
        }
        let token = request.token(region);
        if !is_valid_token(&token) {
            return Err(Error::new(
                ErrorKind::Invalid,
                REQUEST.name,
                format!("idempotency token {token:?} is not 1 to 32 word characters"),
            )
            .with_resource(domain));
        }
        let mut tags = Vec::with_capacity(request.tags.len());
        for (key, value) in &request.tags {
            let tag = acm::Tag::builder()
                .key(key.as_str())
                .value(value.as_str())
                .build()
                .map_err(|e| {
                    Error::new(ErrorKind::Invalid, REQUEST.name, format!("tag {key}: {e}"))
                })?;
            tags.push(tag);
        }
        let sans = request.normalized_sans();
        let client = &self.client(region, REQUEST.name)?;
        let (domain_ref, sans, tags, token) = (&domain, &sans, &tags, &token);
        let out = self
            .caller
            .call(REQUEST, &domain, || async move {
                client
                    .request_certificate()
                    .domain_name(domain_ref)
                    .validation_method(acm::ValidationMethod::Dns)
                    .set_subject_alternative_names((!sans.is_empty()).then(|| sans.clone()))
                    .set_tags((!tags.is_empty()).then(|| tags.clone()))
                    .idempotency_token(token)
                    .send()
                    .await
                    .map_err(|e| from_sdk(REQUEST.name, e))
            })
            .await?;
        out.certificate_arn()
            .filter(|arn| !arn.is_empty())
            .map(str::to_owned)
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Other,
                    REQUEST.name,
                    "answer had no certificate ARN",
                )
                .with_resource(domain.clone())
            })
    }

    async fn delete_certificate(&self, region: &str, arn: &str) -> Result<()> {
        let client = &self.client(region, DELETE.name)?;
        let deleted = self
            .caller
            .call(DELETE, arn, || async move {
                client
                    .delete_certificate()
                    .certificate_arn(arn)
                    .send()
                    .await
                    .map_err(delete_error)
            })
            .await;
        match deleted {
            Ok(_) => Ok(()),
            Err(err) if err.kind() == ErrorKind::Invalid && err.message() == IN_USE => {
                // Name the users, best effort: the describe may fail too.
                let users = match self.describe(region, arn).await {
                    Ok((cert, _)) if !cert.in_use_by.is_empty() => cert.in_use_by.join(", "),
                    _ => "an AWS resource".to_owned(),
                };
                Err(Error::new(
                    ErrorKind::Invalid,
                    DELETE.name,
                    format!(
                        "the certificate is in use by {users}; remove it from those first \
                         (ACM can take a few minutes to notice a deleted API Gateway domain name)"
                    ),
                )
                .with_resource(arn.to_owned())
                .with_source(err))
            }
            Err(err) => Err(err),
        }
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

const IN_USE: &str = "the certificate is in use";

/// `ResourceInUseException` is `Conflict` (retried) for most services; for
/// `DeleteCertificate` it means an AWS resource still uses the certificate, which no retry
/// within the runtime's deadline will change: `Invalid`, not retried.
fn delete_error(err: SdkError<DeleteCertificateError>) -> Error {
    if matches!(
        err.as_service_error(),
        Some(DeleteCertificateError::ResourceInUseException(_))
    ) {
        Error::new(ErrorKind::Invalid, DELETE.name, IN_USE).with_source(err)
    } else {
        from_sdk(DELETE.name, err)
    }
}

fn normalize(name: &str) -> String {
    let lower = name.trim().to_ascii_lowercase();
    match lower.strip_suffix('.') {
        Some(stripped) => stripped.to_owned(),
        None => lower,
    }
}

fn time(value: Option<&aws_sdk_acm::primitives::DateTime>) -> Option<SystemTime> {
    value.and_then(|t| SystemTime::try_from(*t).ok())
}

fn summary_from_sdk(summary: &acm::CertificateSummary) -> CertificateSummary {
    let domain_name = summary.domain_name().unwrap_or_default().to_owned();
    let mut sans = summary.subject_alternative_name_summaries().to_vec();
    if sans.is_empty() && !domain_name.is_empty() {
        // ACM always lists the primary name among the SANs; some emulators send none.
        sans.push(domain_name.clone());
    }
    CertificateSummary {
        arn: summary.certificate_arn().unwrap_or_default().to_owned(),
        domain_name,
        sans,
        status: summary.status().map_or(CertificateStatus::Unknown, |s| {
            CertificateStatus::parse(s.as_str())
        }),
        key_algorithm: summary
            .key_algorithm()
            .map(|k| k.as_str().to_owned())
            .unwrap_or_default(),
        in_use: summary.in_use().unwrap_or(false),
        not_after: time(summary.not_after()),
    }
}

fn certificate_from_sdk(detail: &acm::CertificateDetail, region: &str, arn: &str) -> Certificate {
    Certificate {
        arn: detail.certificate_arn().unwrap_or(arn).to_owned(),
        domain_name: detail.domain_name().unwrap_or_default().to_owned(),
        sans: detail.subject_alternative_names().to_vec(),
        status: detail.status().map_or(CertificateStatus::Unknown, |s| {
            CertificateStatus::parse(s.as_str())
        }),
        key_algorithm: detail
            .key_algorithm()
            .map(|k| k.as_str().to_owned())
            .unwrap_or_default(),
        in_use_by: detail.in_use_by().to_vec(),
        not_after: time(detail.not_after()),
        region: region.to_owned(),
        validation: detail
            .domain_validation_options()
            .iter()
            .map(|v| DomainValidation {
                domain: v.domain_name().to_owned(),
                status: v
                    .validation_status()
                    .map_or(ValidationStatus::PendingValidation, |s| {
                        ValidationStatus::parse(s.as_str())
                    }),
                record: v.resource_record().map(|r| ResourceRecord {
                    name: r.name().to_owned(),
                    record_type: r.r#type().as_str().to_owned(),
                    value: r.value().to_owned(),
                }),
            })
            .collect(),
        certificate_type: detail.r#type().map_or(CertificateType::Unknown, |t| {
            CertificateType::parse(t.as_str())
        }),
    }
}
