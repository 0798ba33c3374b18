//! The simulated ACM: DNS-validated certificates per region, issued only when their validation
//! CNAMEs exist in the simulated Route 53.
//!
//! AWS behaviour modelled:
//! - ARNs `arn:aws:acm:{region}:{account}:certificate/{uuid}`; a certificate exists only in its
//!   region (describing it through another region is `ResourceNotFoundException` ->
//!   [`ErrorKind::NotFound`]); a malformed ARN is `InvalidArnException` -> `Invalid`.
//! - `RequestCertificate` is idempotent through its token for one hour (tokio clock): the same
//!   token with the same request in the same region answers the same ARN. The same token with a
//!   *different* request is refused (`Invalid`) — a caller bug the simulator surfaces rather
//!   than silently answering an unrelated certificate. A token whose certificate was deleted
//!   requests a new one.
//! - Validation records: for each name (the domain and every SAN) a CNAME
//!   `_{32 hex}.{name}.` -> `_{32 hex}.{10 letters}.acm-validations.aws.`, derived from the
//!   account and the name (a wildcard `*.example.com` shares the record of `example.com`), so
//!   the same name always gets the same record, as in ACM. They appear a moment after the
//!   request (1 s on the tokio clock by default, [`Sim::set_acm_record_delay`]), which is what
//!   [`Certificates::wait_for_validation_records`] waits for.
//! - Status is evaluated lazily on every read: `PENDING_VALIDATION` becomes `ISSUED` (for good,
//!   with `not_after` one year ahead) once every validation CNAME exists in a public hosted
//!   zone of the simulated Route 53; after 72 hours of waiting it is `VALIDATION_TIMED_OUT`; an
//!   issued certificate past `not_after` reads `EXPIRED`. No background task is needed.
//! - `in_use_by` comes from the API Gateway simulator's custom domain names; deleting a
//!   certificate in use is `ResourceInUseException`, which the trait maps to `Invalid` (never
//!   retried) with the users named, as the SDK adapter does.
//! - Quotas: 10 names per certificate and 2,500 certificates per region -> `LimitExceeded`.
//!
//! `ListCertificates` answers every page (every status, every key type) in one call: one
//! journal entry per trait method.

use std::time::{Duration, SystemTime};

use apigw_certs::ops::{
    DELETE_CERTIFICATE, DESCRIBE_CERTIFICATE, LIST_CERTIFICATES, REQUEST_CERTIFICATE,
};
use apigw_certs::{
    is_valid_token, Certificate, CertificateRequest, CertificateStatus, CertificateSummary,
    CertificateType, Certificates,
};
use apigw_core::{Error, ErrorKind, Result};

use crate::Sim;

mod state;

use state::{
    check_region, detail, find, new_cert, normalize, refresh, request, users, validation_record,
    CertRecord, VALIDITY,
};
pub(crate) use state::{inventory, issued_certificate_domains, State};

impl Sim {
    /// `DescribeCertificate` with ACM's failure reason (only the wait's message needs it).
    async fn describe_with_reason(
        &self,
        region: &str,
        arn: &str,
    ) -> Result<(Certificate, Option<String>)> {
        check_region(region, DESCRIBE_CERTIFICATE.name)?;
        self.serve(DESCRIBE_CERTIFICATE, |w| {
            refresh(w);
            let cert = find(w, region, arn, DESCRIBE_CERTIFICATE.name)?;
            Ok((detail(w, cert), cert.failure_reason.clone()))
        })
        .await
    }
}

#[async_trait::async_trait]
impl Certificates for Sim {
    async fn list_certificates(&self, region: &str) -> Result<Vec<CertificateSummary>> {
        check_region(region, LIST_CERTIFICATES.name)?;
        self.serve(LIST_CERTIFICATES, |w| {
            refresh(w);
            let mut certs: Vec<&CertRecord> = w
                .certs
                .certs
                .values()
                .filter(|c| c.region == region.trim())
                .collect();
            certs.sort_by_key(|c| c.seq);
            Ok(certs
                .into_iter()
                .map(|c| {
                    let d = detail(w, c);
                    CertificateSummary {
                        arn: d.arn,
                        domain_name: d.domain_name,
                        sans: d.sans,
                        status: d.status,
                        key_algorithm: d.key_algorithm,
                        in_use: !d.in_use_by.is_empty(),
                        not_after: d.not_after,
                    }
                })
                .collect())
        })
        .await
    }

    async fn describe_certificate(&self, region: &str, arn: &str) -> Result<Certificate> {
        self.describe_with_reason(region, arn)
            .await
            .map(|(cert, _)| cert)
    }

    async fn request_certificate(
        &self,
        region: &str,
        request_: &CertificateRequest,
    ) -> Result<String> {
        check_region(region, REQUEST_CERTIFICATE.name)?;
        let domain = normalize(&request_.domain_name);
        if domain.is_empty() {
            return Err(Error::new(
                ErrorKind::Invalid,
                REQUEST_CERTIFICATE.name,
                "a certificate request needs a domain name",
            ));
        }
        let token = request_.token(region);
        if !is_valid_token(&token) {
            return Err(Error::new(
                ErrorKind::Invalid,
                REQUEST_CERTIFICATE.name,
                format!("idempotency token {token:?} is not 1 to 32 word characters"),
            )
            .with_resource(domain));
        }
        let region = region.trim();
        self.serve(REQUEST_CERTIFICATE, |w| request(w, region, request_))
            .await
    }

    async fn delete_certificate(&self, region: &str, arn: &str) -> Result<()> {
        check_region(region, DELETE_CERTIFICATE.name)?;
        self.serve(DELETE_CERTIFICATE, |w| {
            let cert = find(w, region, arn, DELETE_CERTIFICATE.name)?;
            let using = users(w, &cert.arn);
            if !using.is_empty() {
                return Err(Error::new(
                    ErrorKind::Invalid,
                    DELETE_CERTIFICATE.name,
                    format!(
                        "the certificate is in use by {}; remove it from those first \
                         (ACM can take a few minutes to notice a deleted API Gateway domain name)",
                        using.join(", ")
                    ),
                )
                .with_resource(arn.trim().to_owned()));
            }
            w.certs.certs.remove(arn.trim());
            Ok(())
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
        apigw_certs::poll_until_issued_with(arn, timeout, poll_interval, || {
            self.describe_with_reason(region, arn)
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
        apigw_certs::poll_validation_records(self, region, arn, timeout, poll_interval).await
    }
}

/// Set-up helpers for tests and demos ("pre-existing infrastructure", the Diagnoser's fault
/// matrix): not journaled, never faulted.
impl Sim {
    /// Imports a certificate into `region` for `domain` (+ `sans`) valid until `not_after`
    /// and returns its ARN. It reads `ISSUED` (type `IMPORTED`, no validation) until
    /// `not_after`, `EXPIRED` after: a certificate for another domain, one outside
    /// `us-east-1` for an EDGE domain, or one expiring within 30 days are one call each.
    pub fn import_certificate(
        &self,
        region: &str,
        domain: &str,
        sans: &[&str],
        not_after: SystemTime,
    ) -> String {
        self.with_world(|w| {
            let domain = normalize(domain);
            let mut names = vec![domain.clone()];
            for san in sans.iter().map(|s| normalize(s)) {
                if !names.contains(&san) {
                    names.push(san);
                }
            }
            let arn = new_cert(w, region.trim(), &domain, names, CertificateType::Imported);
            if let Some(cert) = w.certs.certs.get_mut(&arn) {
                cert.issued = true;
                cert.not_after = Some(not_after);
            }
            arn
        })
    }

    /// Forces a certificate's status (`FAILED`, `REVOKED`, `INACTIVE`, … or `ISSUED` as if
    /// validated now); `false` when no certificate has that ARN. `FAILED` carries the reason
    /// `OTHER`.
    pub fn set_certificate_status(&self, arn: &str, status: CertificateStatus) -> bool {
        self.with_world(|w| {
            let Some(cert) = w.certs.certs.get_mut(arn.trim()) else {
                return false;
            };
            if status == CertificateStatus::Issued {
                cert.issued = true;
                cert.forced = None;
                if cert.not_after.is_none_or(|at| at <= SystemTime::now()) {
                    cert.not_after = Some(SystemTime::now() + VALIDITY);
                }
            } else {
                cert.forced = Some(status);
                cert.failure_reason =
                    (status == CertificateStatus::Failed).then(|| "OTHER".to_owned());
            }
            true
        })
    }

    /// How long ACM takes to generate validation records after a request (tokio clock;
    /// default 1 s, zero for "at once").
    pub fn set_acm_record_delay(&self, delay: Duration) {
        self.with_world(|w| w.certs.record_delay = delay);
    }

    /// The validation CNAME (name, value) ACM gives `domain` in this account, as
    /// `DescribeCertificate` will report it.
    pub fn acm_validation_record(&self, domain: &str) -> (String, String) {
        self.with_world(|w| {
            let record = validation_record(&w.account_id, &normalize(domain));
            (record.name, record.value)
        })
    }
}

#[cfg(test)]
mod tests;
