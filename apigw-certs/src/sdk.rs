//! [`SdkCertificates`]: the [`Certificates`] trait over `aws-sdk-acm`, one client per region.
//! The only file of this crate that imports `aws_sdk_*`.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use apigw_core::runtime::{classify, from_sdk, Caller};
use apigw_core::{AwsContext, Error, ErrorKind, Result};
use aws_sdk_acm::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_acm::operation::delete_certificate::DeleteCertificateError;
use aws_sdk_acm::types as acm;

use crate::api::Certificates;
use crate::model::{
    is_valid_token, Certificate, CertificateRequest, CertificateStatus, CertificateSummary,
    CertificateType, DomainValidation, ResourceRecord, ValidationStatus,
};
use crate::ops::{
    DELETE_CERTIFICATE, DESCRIBE_CERTIFICATE, LIST_CERTIFICATES, REQUEST_CERTIFICATE,
};
use crate::wait::{poll_until_issued_with, poll_validation_records};

/// ACM's largest `ListCertificates` page.
const MAX_PAGE: i32 = 1000;

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
        let client = &self.client(region, DESCRIBE_CERTIFICATE.name)?;
        let out = self
            .caller
            .call(DESCRIBE_CERTIFICATE, arn, || async move {
                client
                    .describe_certificate()
                    .certificate_arn(arn)
                    .send()
                    .await
                    .map_err(|e| acm_error(DESCRIBE_CERTIFICATE.name, e))
            })
            .await?;
        let detail = out.certificate().ok_or_else(|| {
            Error::new(
                ErrorKind::Other,
                DESCRIBE_CERTIFICATE.name,
                "answer had no certificate",
            )
            .with_resource(arn.to_owned())
        })?;
        let failure = detail.failure_reason().map(|r| r.as_str().to_owned());
        Ok((certificate_from_sdk(detail, region, arn), failure))
    }
}

#[async_trait::async_trait]
impl Certificates for SdkCertificates {
    async fn list_certificates(&self, region: &str) -> Result<Vec<CertificateSummary>> {
        let client = &self.client(region, LIST_CERTIFICATES.name)?;
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
                .call(LIST_CERTIFICATES, region, || async move {
                    client
                        .list_certificates()
                        .includes(every_key_type.clone())
                        .set_next_token(page_token.clone())
                        .max_items(self.page_size)
                        .send()
                        .await
                        .map_err(|e| acm_error(LIST_CERTIFICATES.name, e))
                })
                .await?;
            summaries.extend(out.certificate_summary_list().iter().map(summary_from_sdk));
            match out.next_token().filter(|t| !t.is_empty()) {
                None => break,
                Some(next) if Some(next) == token.as_deref() => {
                    return Err(Error::new(
                        ErrorKind::Other,
                        LIST_CERTIFICATES.name,
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
                REQUEST_CERTIFICATE.name,
                "a certificate request needs a domain name",
            ));
        }
        let token = request.token(region);
        if !is_valid_token(&token) {
            return Err(Error::new(
                ErrorKind::Invalid,
                REQUEST_CERTIFICATE.name,
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
                    Error::new(
                        ErrorKind::Invalid,
                        REQUEST_CERTIFICATE.name,
                        format!("tag {key}: {e}"),
                    )
                })?;
            tags.push(tag);
        }
        let sans = request.normalized_sans();
        let client = &self.client(region, REQUEST_CERTIFICATE.name)?;
        let (domain_ref, sans, tags, token) = (&domain, &sans, &tags, &token);
        let out = self
            .caller
            .call(REQUEST_CERTIFICATE, &domain, || async move {
                client
                    .request_certificate()
                    .domain_name(domain_ref)
                    .validation_method(acm::ValidationMethod::Dns)
                    .set_subject_alternative_names((!sans.is_empty()).then(|| sans.clone()))
                    .set_tags((!tags.is_empty()).then(|| tags.clone()))
                    .idempotency_token(token)
                    .send()
                    .await
                    .map_err(|e| acm_error(REQUEST_CERTIFICATE.name, e))
            })
            .await?;
        out.certificate_arn()
            .filter(|arn| !arn.is_empty())
            .map(str::to_owned)
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Other,
                    REQUEST_CERTIFICATE.name,
                    "answer had no certificate ARN",
                )
                .with_resource(domain.clone())
            })
    }

    async fn delete_certificate(&self, region: &str, arn: &str) -> Result<()> {
        let client = &self.client(region, DELETE_CERTIFICATE.name)?;
        let deleted = self
            .caller
            .call(DELETE_CERTIFICATE, arn, || async move {
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
                    DELETE_CERTIFICATE.name,
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
        poll_until_issued_with(arn, timeout, poll_interval, || self.describe(region, arn)).await
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

const IN_USE: &str = "the certificate is in use";

/// `ResourceInUseException` is `Conflict` (retried) for most services; for
/// `DeleteCertificate` it means an AWS resource still uses the certificate, which no retry
/// within the runtime's deadline will change: `Invalid`, not retried.
fn delete_error(err: SdkError<DeleteCertificateError>) -> Error {
    if matches!(
        err.as_service_error(),
        Some(DeleteCertificateError::ResourceInUseException(_))
    ) {
        Error::new(ErrorKind::Invalid, DELETE_CERTIFICATE.name, IN_USE).with_source(err)
    } else {
        acm_error(DELETE_CERTIFICATE.name, err)
    }
}

/// [`from_sdk`], except that an answer whose body cannot be parsed (a bare 429 or 5xx with an
/// empty body: ACM speaks awsJson, and an empty body is not JSON) is classified by its HTTP
/// status instead of as an unreadable response.
fn acm_error<E>(operation: &'static str, err: SdkError<E>) -> Error
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    if let SdkError::ResponseError(response) = &err {
        let status = response.raw().status().as_u16();
        if status == 429 || status >= 500 {
            let kind = classify(None, Some(status), "");
            let message = format!("HTTP {status} with no readable error body");
            return Error::new(kind, operation, message).with_source(err);
        }
    }
    from_sdk(operation, err)
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

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;
    use apigw_core::runtime::{PacingConfig, RetryPolicy};
    use apigw_core::RuntimeConfig;
    use aws_sdk_acm::operation::delete_certificate::DeleteCertificateOutput;
    use aws_sdk_acm::operation::describe_certificate::DescribeCertificateOutput;
    use aws_sdk_acm::operation::list_certificates::ListCertificatesOutput;
    use aws_sdk_acm::operation::request_certificate::RequestCertificateOutput;
    use aws_sdk_acm::primitives::DateTime;
    use aws_sdk_acm::Client;
    use aws_smithy_mocks::{mock, mock_client, RuleMode};
    use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
    use aws_smithy_runtime_api::http::StatusCode;
    use aws_smithy_types::body::SdkBody;
    use tokio::time::Instant;

    const ARN: &str = "arn:aws:acm:us-east-1:123456789012:certificate/1111-2222";
    const REGION: &str = "us-east-1";

    /// A mocked client with the SDK's own retries off, as `AwsContext` builds them.
    macro_rules! client {
        ($mode:expr, $rules:expr) => {
            mock_client!(aws_sdk_acm, $mode, $rules, |c| c
                .retry_config(aws_sdk_acm::config::retry::RetryConfig::disabled()))
        };
    }

    fn caller(attempts: u32) -> Caller {
        Caller::new(RuntimeConfig {
            pacing: PacingConfig::disabled(),
            retry: RetryPolicy::default()
                .with_max_attempts(attempts)
                .with_jitter_seed(7),
            ..Default::default()
        })
    }

    fn json_error(status: u16, code: &str, message: &str) -> HttpResponse {
        let body = format!(r#"{{"__type":"{code}","message":"{message}"}}"#);
        HttpResponse::new(StatusCode::try_from(status).unwrap(), SdkBody::from(body))
    }

    fn validation(
        domain: &str,
        status: acm::DomainStatus,
        with_record: bool,
    ) -> acm::DomainValidation {
        let mut builder = acm::DomainValidation::builder()
            .domain_name(domain)
            .validation_status(status)
            .validation_method(acm::ValidationMethod::Dns);
        if with_record {
            builder = builder.resource_record(
                acm::ResourceRecord::builder()
                    .name(format!("_d930b28b.{domain}."))
                    .r#type(acm::RecordType::Cname)
                    .value("_c9edd76e.ykybfrwcxw.acm-validations.aws.")
                    .build()
                    .unwrap(),
            );
        }
        builder.build().unwrap()
    }

    fn detail(status: acm::CertificateStatus, with_records: bool) -> DescribeCertificateOutput {
        let domain_status = if status == acm::CertificateStatus::Issued {
            acm::DomainStatus::Success
        } else {
            acm::DomainStatus::PendingValidation
        };
        DescribeCertificateOutput::builder()
            .certificate(
                acm::CertificateDetail::builder()
                    .certificate_arn(ARN)
                    .domain_name("api.example.com")
                    .subject_alternative_names("api.example.com")
                    .subject_alternative_names("*.api.example.com")
                    .status(status)
                    .r#type(acm::CertificateType::AmazonIssued)
                    .key_algorithm(acm::KeyAlgorithm::EcPrime256v1)
                    .in_use_by("arn:aws:apigateway:us-east-1::/domainnames/api.example.com")
                    .not_after(DateTime::from_secs(1_900_000_000))
                    .domain_validation_options(validation(
                        "api.example.com",
                        domain_status.clone(),
                        with_records,
                    ))
                    .domain_validation_options(validation(
                        "*.api.example.com",
                        domain_status,
                        with_records,
                    ))
                    .build(),
            )
            .build()
    }

    fn summary(arn: &str, key: acm::KeyAlgorithm) -> acm::CertificateSummary {
        acm::CertificateSummary::builder()
            .certificate_arn(arn)
            .domain_name("*.example.com")
            .subject_alternative_name_summaries("*.example.com")
            .subject_alternative_name_summaries("example.com")
            .status(acm::CertificateStatus::Issued)
            .key_algorithm(key)
            .in_use(true)
            .not_after(DateTime::from_secs(1_900_000_000))
            .build()
    }

    #[tokio::test]
    async fn listing_asks_for_every_key_type_and_follows_pages() {
        let every_key = |r: &aws_sdk_acm::operation::list_certificates::ListCertificatesInput| {
            let sent: Vec<&str> = r
                .includes()
                .map(|f| f.key_types().iter().map(|k| k.as_str()).collect())
                .unwrap_or_default();
            sent == acm::KeyAlgorithm::values() && r.max_items() == Some(1)
        };
        let page1 = mock!(Client::list_certificates)
            .match_requests(move |r| every_key(r) && r.next_token().is_none())
            .then_output(|| {
                ListCertificatesOutput::builder()
                    .certificate_summary_list(summary("arn:1", acm::KeyAlgorithm::EcPrime256v1))
                    .next_token("page-2")
                    .build()
            });
        let page2 = mock!(Client::list_certificates)
            .match_requests(move |r| every_key(r) && r.next_token() == Some("page-2"))
            .then_output(|| {
                ListCertificatesOutput::builder()
                    .certificate_summary_list(summary("arn:2", acm::KeyAlgorithm::Rsa2048))
                    .build()
            });
        let client = client!(RuleMode::Sequential, [&page1, &page2]);
        let acm = SdkCertificates::from_client(REGION, client, caller(1)).with_page_size(1);

        let list = acm.list_certificates(REGION).await.unwrap();

        assert_eq!(list.len(), 2);
        assert_eq!(list[0].arn, "arn:1");
        assert_eq!(list[0].key_algorithm, "EC_prime256v1");
        assert_eq!(list[0].status, CertificateStatus::Issued);
        assert!(list[0].in_use);
        assert_eq!(
            list[0].not_after,
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_900_000_000))
        );
        assert!(list[0].covers("api.example.com"));
        assert!(list[0].covers("example.com"), "the apex is a SAN");
        assert!(!list[0].covers("a.b.example.com"));
        assert_eq!(list[1].key_algorithm, "RSA_2048");
        assert_eq!((page1.num_calls(), page2.num_calls()), (1, 1));
    }

    #[tokio::test]
    async fn describe_maps_the_detail_and_covers_follows_acm_wildcards() {
        let rule = mock!(Client::describe_certificate)
            .match_requests(|r| r.certificate_arn() == Some(ARN))
            .then_output(|| detail(acm::CertificateStatus::PendingValidation, true));
        let client = client!(RuleMode::Sequential, [&rule]);
        let acm = SdkCertificates::from_client(REGION, client, caller(1));

        let cert = acm.describe_certificate(REGION, ARN).await.unwrap();

        assert_eq!(cert.arn, ARN);
        assert_eq!(cert.region, REGION);
        assert_eq!(cert.status, CertificateStatus::PendingValidation);
        assert_eq!(cert.certificate_type, CertificateType::AmazonIssued);
        assert_eq!(cert.key_algorithm, "EC_prime256v1");
        assert_eq!(cert.in_use_by.len(), 1);
        assert_eq!(cert.validation.len(), 2);
        let record = cert.validation[0].record.as_ref().unwrap();
        assert_eq!(record.name, "_d930b28b.api.example.com.");
        assert_eq!(record.record_type, "CNAME");
        assert_eq!(
            cert.validation[0].status,
            ValidationStatus::PendingValidation
        );
        // ACM wildcard semantics: one label, case-insensitive, trailing dot tolerated.
        assert!(cert.covers("api.example.com"));
        assert!(cert.covers("V1.API.example.com."));
        assert!(!cert.covers("example.com"));
        assert!(!cert.covers("a.v1.api.example.com"));
        assert!(!cert.covers("other.example.com"));
    }

    #[tokio::test]
    async fn requests_carry_a_derived_token_dns_validation_sans_and_tags() {
        let tokens = Arc::new(Mutex::new(Vec::<String>::new()));
        let seen = tokens.clone();
        let rule = mock!(Client::request_certificate)
            .match_requests(move |r| {
                seen.lock()
                    .unwrap()
                    .push(r.idempotency_token().unwrap_or_default().to_owned());
                r.domain_name() == Some("api.example.com")
                    && r.validation_method() == Some(&acm::ValidationMethod::Dns)
                    && r.subject_alternative_names() == ["www.example.com"]
                    && r.tags().len() == 1
                    && r.tags()[0].key() == "apigw:name"
                    && r.tags()[0].value() == Some("orders")
            })
            .sequence()
            .output(|| {
                RequestCertificateOutput::builder()
                    .certificate_arn(ARN)
                    .build()
            })
            .times(2)
            .build();
        let client = client!(RuleMode::Sequential, [&rule]);
        let acm = SdkCertificates::from_client(REGION, client, caller(1));
        let request = CertificateRequest::new("API.example.com.")
            .with_san("api.example.com")
            .with_san("www.example.com")
            .with_tag("apigw:name", "orders");

        assert_eq!(
            acm.request_certificate(REGION, &request).await.unwrap(),
            ARN
        );
        assert_eq!(
            acm.request_certificate(REGION, &request).await.unwrap(),
            ARN
        );

        let tokens = tokens.lock().unwrap().clone();
        assert_eq!(tokens.len(), 2);
        assert_eq!(
            tokens[0], tokens[1],
            "a repeated request sends the same token"
        );
        assert_eq!(tokens[0], request.derived_token(REGION));
        assert!(is_valid_token(&tokens[0]));
    }

    #[tokio::test]
    async fn requests_with_a_bad_token_or_no_region_client_make_no_call() {
        let client = client!(RuleMode::MatchAny, Vec::<&aws_smithy_mocks::Rule>::new());
        let acm = SdkCertificates::from_client(REGION, client, caller(1));
        let mut request = CertificateRequest::new("api.example.com");
        request.idempotency_token = Some("not-a-word-token".into());
        let err = acm.request_certificate(REGION, &request).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Invalid);

        let err = acm
            .request_certificate("eu-west-1", &CertificateRequest::new("api.example.com"))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Invalid);
        assert!(err.message().contains("eu-west-1"), "{err}");
    }

    #[tokio::test]
    async fn each_region_uses_its_own_client() {
        let east = mock!(Client::request_certificate).then_output(|| {
            RequestCertificateOutput::builder()
                .certificate_arn(ARN)
                .build()
        });
        let west = mock!(Client::request_certificate).then_output(|| {
            RequestCertificateOutput::builder()
                .certificate_arn("arn:aws:acm:us-west-2:123456789012:certificate/w")
                .build()
        });
        let acm = SdkCertificates::from_client(
            "us-west-2",
            client!(RuleMode::MatchAny, [&west]),
            caller(1),
        )
        .with_client(REGION, client!(RuleMode::MatchAny, [&east]));
        let request = CertificateRequest::new("api.example.com");
        assert_eq!(
            acm.request_certificate(REGION, &request).await.unwrap(),
            ARN
        );
        assert!(acm
            .request_certificate("us-west-2", &request)
            .await
            .unwrap()
            .contains("us-west-2"));
        assert_eq!((east.num_calls(), west.num_calls()), (1, 1));
    }

    #[tokio::test]
    async fn deleting_a_certificate_in_use_is_invalid_naming_the_users_and_not_retried() {
        let delete = mock!(Client::delete_certificate).then_http_response(|| {
            json_error(
                400,
                "ResourceInUseException",
                &format!("Certificate {ARN} in use."),
            )
        });
        let describe = mock!(Client::describe_certificate)
            .then_output(|| detail(acm::CertificateStatus::Issued, true));
        let ok = mock!(Client::delete_certificate)
            .then_output(|| DeleteCertificateOutput::builder().build());
        let client = client!(RuleMode::Sequential, [&delete, &describe, &ok]);
        let acm = SdkCertificates::from_client(REGION, client, caller(5));

        let err = acm.delete_certificate(REGION, ARN).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Invalid);
        assert!(
            err.message()
                .contains("in use by arn:aws:apigateway:us-east-1::/domainnames/api.example.com"),
            "{err}"
        );
        assert_eq!(delete.num_calls(), 1, "in use is not retried");
        acm.delete_certificate(REGION, ARN).await.unwrap();
    }

    #[tokio::test(start_paused = true)]
    async fn wait_until_issued_polls_pending_twice_then_issued() {
        let rule = mock!(Client::describe_certificate)
            .sequence()
            .output(|| detail(acm::CertificateStatus::PendingValidation, true))
            .times(2)
            .output(|| detail(acm::CertificateStatus::Issued, true))
            .build();
        let client = client!(RuleMode::Sequential, [&rule]);
        let acm = SdkCertificates::from_client(REGION, client, caller(1));
        let started = Instant::now();

        let cert = acm
            .wait_until_issued(
                REGION,
                ARN,
                Duration::from_secs(300),
                Duration::from_secs(15),
            )
            .await
            .unwrap();

        assert_eq!(cert.status, CertificateStatus::Issued);
        assert_eq!(rule.num_calls(), 3);
        assert_eq!(started.elapsed(), Duration::from_secs(30));
    }

    #[tokio::test(start_paused = true)]
    async fn wait_until_issued_times_out_listing_pending_domains_and_their_cname() {
        let rule = mock!(Client::describe_certificate)
            .sequence()
            .output(|| detail(acm::CertificateStatus::PendingValidation, true))
            .repeatedly()
            .build();
        let client = client!(RuleMode::Sequential, [&rule]);
        let acm = SdkCertificates::from_client(REGION, client, caller(1));

        let err = acm
            .wait_until_issued(
                REGION,
                ARN,
                Duration::from_secs(60),
                Duration::from_secs(20),
            )
            .await
            .unwrap_err();

        assert_eq!(err.kind(), ErrorKind::WaitTimeout);
        assert_eq!(err.resource(), Some(ARN));
        let message = err.message();
        assert!(
            message.contains("still PENDING_VALIDATION after waiting 60.0s"),
            "{message}"
        );
        assert!(
            message.contains(
                "api.example.com (CNAME _d930b28b.api.example.com. -> _c9edd76e.ykybfrwcxw.acm-validations.aws.)"
            ),
            "{message}"
        );
        assert!(message.contains("*.api.example.com"), "{message}");
        assert_eq!(rule.num_calls(), 4, "at 0, 20, 40 and 60 s");
    }

    #[tokio::test(start_paused = true)]
    async fn wait_until_issued_fails_fast_when_acm_gave_up() {
        let rule = mock!(Client::describe_certificate).then_output(|| {
            let mut out = detail(acm::CertificateStatus::Failed, true);
            if let Some(cert) = out.certificate.as_mut() {
                cert.failure_reason = Some(acm::FailureReason::CaaError);
            }
            out
        });
        let client = client!(RuleMode::Sequential, [&rule]);
        let acm = SdkCertificates::from_client(REGION, client, caller(1));
        let started = Instant::now();

        let err = acm
            .wait_until_issued(
                REGION,
                ARN,
                Duration::from_secs(600),
                Duration::from_secs(10),
            )
            .await
            .unwrap_err();

        assert_eq!(err.kind(), ErrorKind::Invalid);
        assert!(
            err.message().contains("FAILED (reason: CAA_ERROR)"),
            "{err}"
        );
        assert_eq!(started.elapsed(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn validation_records_are_awaited() {
        let rule = mock!(Client::describe_certificate)
            .sequence()
            .output(|| detail(acm::CertificateStatus::PendingValidation, false))
            .output(|| detail(acm::CertificateStatus::PendingValidation, true))
            .build();
        let client = client!(RuleMode::Sequential, [&rule]);
        let acm = SdkCertificates::from_client(REGION, client, caller(1));

        let cert = acm
            .wait_for_validation_records(
                REGION,
                ARN,
                Duration::from_secs(30),
                Duration::from_secs(2),
            )
            .await
            .unwrap();
        assert!(cert.has_all_validation_records());
        assert_eq!(cert.validation_records().len(), 2);

        let never = mock!(Client::describe_certificate)
            .sequence()
            .output(|| detail(acm::CertificateStatus::PendingValidation, false))
            .repeatedly()
            .build();
        let acm = SdkCertificates::from_client(
            REGION,
            client!(RuleMode::Sequential, [&never]),
            caller(1),
        );
        let err = acm
            .wait_for_validation_records(
                REGION,
                ARN,
                Duration::from_secs(10),
                Duration::from_secs(2),
            )
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::WaitTimeout);
        assert!(
            err.message().contains("api.example.com, *.api.example.com"),
            "{err}"
        );
    }

    #[tokio::test]
    async fn errors_are_classified() {
        let cases: &[(u16, Option<&str>, &str, ErrorKind)] = &[
            (400, Some("ThrottlingException"), "Rate exceeded", ErrorKind::Throttled),
            (429, None, "", ErrorKind::Throttled),
            (400, Some("ConflictException"), "You are trying to update a resource or tag that is already being updated. Wait for the previous operation to finish and try again.", ErrorKind::Conflict),
            (400, Some("ResourceNotFoundException"), "Could not find certificate", ErrorKind::NotFound),
            (400, Some("LimitExceededException"), "the limit of 2500 certificates", ErrorKind::LimitExceeded),
            (400, Some("AccessDeniedException"), "not authorized", ErrorKind::AccessDenied),
            (400, Some("ValidationException"), "1 validation error", ErrorKind::Invalid),
            (400, Some("InvalidParameterException"), "bad parameter", ErrorKind::Invalid),
            (400, Some("InvalidArnException"), "bad arn", ErrorKind::Invalid),
            (500, Some("InternalFailure"), "", ErrorKind::Transient),
        ];
        for (status, code, message, want) in cases {
            let (status, code, message) = (*status, *code, *message);
            let rule = mock!(Client::describe_certificate).then_http_response(move || match code {
                Some(code) => json_error(status, code, message),
                None => HttpResponse::new(StatusCode::try_from(status).unwrap(), SdkBody::from("")),
            });
            let client = client!(RuleMode::Sequential, [&rule]);
            let acm = SdkCertificates::from_client(REGION, client, caller(1));
            let err = acm.describe_certificate(REGION, ARN).await.unwrap_err();
            assert_eq!(err.kind(), *want, "{status} {code:?}: {err}");
            assert_eq!(err.operation(), "DescribeCertificate");
            assert_eq!(err.resource(), Some(ARN));
        }
    }
}
