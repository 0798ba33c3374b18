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

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, SystemTime};

use apigw_certs::{
    is_valid_token, Certificate, CertificateRequest, CertificateStatus, CertificateSummary,
    CertificateType, Certificates, DomainValidation, ResourceRecord, ValidationStatus,
};
use apigw_core::{Error, ErrorKind, Op, Result, Service};
use tokio::time::Instant;

use crate::world::World;
use crate::Sim;

const LIST: Op = Op::read(Service::Acm, "ListCertificates");
const DESCRIBE: Op = Op::read(Service::Acm, "DescribeCertificate");
const REQUEST: Op = Op::write(Service::Acm, "RequestCertificate");
const DELETE: Op = Op::write(Service::Acm, "DeleteCertificate");
const WAIT_ISSUED: &str = "WaitForCertificateIssued";
const WAIT_RECORDS: &str = "WaitForValidationRecords";

/// How long ACM takes to generate the validation records, unless set otherwise.
pub(crate) const DEFAULT_RECORD_DELAY: Duration = Duration::from_secs(1);
/// How long an idempotency token is remembered.
const TOKEN_LIFETIME: Duration = Duration::from_secs(3600);
/// How long ACM waits for DNS validation before giving up.
const VALIDATION_TIMEOUT: Duration = Duration::from_secs(72 * 3600);
/// Validity of an issued certificate.
const VALIDITY: Duration = Duration::from_secs(365 * 24 * 3600);
/// ACM quota: names per certificate (domain + SANs).
const NAMES_PER_CERTIFICATE: usize = 10;
/// ACM quota: certificates per region.
const CERTIFICATES_PER_REGION: usize = 2500;
/// The key algorithm of every simulated certificate.
const KEY_ALGORITHM: &str = "RSA_2048";
/// The shortest pause between two polls, whatever the caller asks (as the adapter).
const MIN_POLL: Duration = Duration::from_millis(10);

/// What the simulated account holds for ACM (every region).
#[derive(Debug)]
pub(crate) struct State {
    /// Certificates by ARN.
    certs: BTreeMap<String, CertRecord>,
    /// Idempotency tokens by (region, token).
    tokens: HashMap<(String, String), TokenUse>,
    next_seq: u64,
    record_delay: Duration,
}

impl Default for State {
    fn default() -> Self {
        Self {
            certs: BTreeMap::new(),
            tokens: HashMap::new(),
            next_seq: 0,
            record_delay: DEFAULT_RECORD_DELAY,
        }
    }
}

#[derive(Debug, Clone)]
struct TokenUse {
    arn: String,
    /// What was requested (the request's derived token: region, names, tags).
    fingerprint: String,
    at: Instant,
}

#[derive(Debug, Clone)]
struct CertRecord {
    /// Creation order (the listing order).
    seq: u64,
    arn: String,
    region: String,
    domain_name: String,
    /// Every name, the primary one first (ACM lists it among the SANs).
    sans: Vec<String>,
    certificate_type: CertificateType,
    requested: Instant,
    /// Issued (validated, imported or forced): stays issued whatever DNS does later.
    issued: bool,
    not_after: Option<SystemTime>,
    /// A status set by a test helper or reached for good (validation timed out).
    forced: Option<CertificateStatus>,
    failure_reason: Option<String>,
}

/// A certificate as a read sees it now.
struct View {
    status: CertificateStatus,
    validation: Vec<DomainValidation>,
    not_after: Option<SystemTime>,
}

/// 128-bit FNV-1a (stable, small).
fn fnv128(parts: &[&str]) -> u128 {
    let mut hash: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0)) {
            hash ^= u128::from(byte);
            hash = hash.wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013b);
        }
    }
    hash
}

/// The validation CNAME ACM gives `name` in `account`: the same name, the same record.
pub(crate) fn validation_record(account: &str, name: &str) -> ResourceRecord {
    let base = name.strip_prefix("*.").unwrap_or(name);
    let label = fnv128(&["acm-name", account, base]);
    let target = fnv128(&["acm-value", account, base]);
    let mut letters_seed = fnv128(&["acm-zone", account, base]);
    let letters: String = (0..10)
        .map(|_| {
            let letter = char::from(b'a' + (letters_seed % 26) as u8);
            letters_seed /= 26;
            letter
        })
        .collect();
    ResourceRecord {
        name: format!("_{label:032x}.{base}."),
        record_type: "CNAME".to_owned(),
        value: format!("_{target:032x}.{letters}.acm-validations.aws."),
    }
}

fn view(world: &World, cert: &CertRecord, now: Instant, wall: SystemTime) -> View {
    let expired_or_issued = |not_after: Option<SystemTime>| match not_after {
        Some(at) if at <= wall => CertificateStatus::Expired,
        _ => CertificateStatus::Issued,
    };
    if cert.certificate_type == CertificateType::Imported {
        return View {
            status: cert.forced.unwrap_or(expired_or_issued(cert.not_after)),
            validation: Vec::new(),
            not_after: cert.not_after,
        };
    }
    let ready = now.duration_since(cert.requested) >= world.certs.record_delay;
    let validation: Vec<DomainValidation> = cert
        .sans
        .iter()
        .map(|name| {
            let record = validation_record(&world.account_id, name);
            let found = ready && crate::dns::cname_exists(world, &record.name, &record.value);
            let status = match cert.forced {
                Some(CertificateStatus::Failed | CertificateStatus::ValidationTimedOut)
                    if !cert.issued =>
                {
                    ValidationStatus::Failed
                }
                _ if cert.issued || found => ValidationStatus::Success,
                _ => ValidationStatus::PendingValidation,
            };
            DomainValidation {
                domain: name.clone(),
                status,
                record: ready.then_some(record),
            }
        })
        .collect();
    let all_found = ready
        && validation
            .iter()
            .all(|v| v.status == ValidationStatus::Success);
    let (status, not_after) = match cert.forced {
        Some(forced) => (forced, cert.not_after),
        None if cert.issued => (expired_or_issued(cert.not_after), cert.not_after),
        None if all_found => (CertificateStatus::Issued, Some(wall + VALIDITY)),
        None if now.duration_since(cert.requested) >= VALIDATION_TIMEOUT => {
            (CertificateStatus::ValidationTimedOut, None)
        }
        None => (CertificateStatus::PendingValidation, None),
    };
    View {
        status,
        validation,
        not_after,
    }
}

/// Records what lazy evaluation decided for good: issued (with its expiry) or timed out.
fn refresh(world: &mut World) {
    let now = Instant::now();
    let wall = SystemTime::now();
    let settled: Vec<(String, CertificateStatus, Option<SystemTime>)> = world
        .certs
        .certs
        .values()
        .filter(|c| !c.issued && c.forced.is_none())
        .filter_map(|c| {
            let v = view(world, c, now, wall);
            matches!(
                v.status,
                CertificateStatus::Issued | CertificateStatus::ValidationTimedOut
            )
            .then(|| (c.arn.clone(), v.status, v.not_after))
        })
        .collect();
    for (arn, status, not_after) in settled {
        if let Some(cert) = world.certs.certs.get_mut(&arn) {
            if status == CertificateStatus::Issued {
                cert.issued = true;
                cert.not_after = not_after;
            } else {
                cert.forced = Some(status);
            }
        }
    }
}

fn users(world: &World, arn: &str) -> Vec<String> {
    crate::restapi::domains_using_certificate(world, arn)
}

/// `Ok(domain + SANs)` when the certificate exists in `region` and is ISSUED now; otherwise
/// `Err` with the reason (the API Gateway simulator's `CreateDomainName` check).
pub(crate) fn issued_certificate_domains(
    world: &World,
    region: &str,
    arn: &str,
) -> std::result::Result<Vec<String>, String> {
    let Some(cert) = world.certs.certs.get(arn.trim()) else {
        return Err(format!("certificate {arn} does not exist"));
    };
    if cert.region != region {
        return Err(format!(
            "certificate {arn} is in {}, not in {region}",
            cert.region
        ));
    }
    let v = view(world, cert, Instant::now(), SystemTime::now());
    if v.status == CertificateStatus::Issued {
        Ok(cert.sans.clone())
    } else {
        Err(format!("certificate {arn} is {}, not ISSUED", v.status))
    }
}

fn check_region(region: &str, op: &'static str) -> Result<()> {
    if region.trim().is_empty() {
        return Err(Error::new(
            ErrorKind::Invalid,
            op,
            "no region given for ACM",
        ));
    }
    Ok(())
}

/// The stored certificate `arn` of `region`, or ACM's error.
fn find<'w>(world: &'w World, region: &str, arn: &str, op: &'static str) -> Result<&'w CertRecord> {
    let arn = arn.trim();
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let well_formed = matches!(
        parts.as_slice(),
        ["arn", "aws", "acm", r, account, resource]
            if !r.is_empty() && !account.is_empty() && resource.starts_with("certificate/")
    );
    if !well_formed {
        return Err(Error::new(
            ErrorKind::Invalid,
            op,
            format!("String '{arn}' is not a valid ARN."),
        )
        .with_resource(arn));
    }
    world
        .certs
        .certs
        .get(arn)
        .filter(|c| c.region == region.trim())
        .ok_or_else(|| {
            Error::new(
                ErrorKind::NotFound,
                op,
                format!("Could not find certificate {arn} in {}.", region.trim()),
            )
            .with_resource(arn)
        })
}

fn detail(world: &World, cert: &CertRecord) -> Certificate {
    let v = view(world, cert, Instant::now(), SystemTime::now());
    Certificate {
        arn: cert.arn.clone(),
        domain_name: cert.domain_name.clone(),
        sans: cert.sans.clone(),
        status: v.status,
        key_algorithm: KEY_ALGORITHM.to_owned(),
        in_use_by: users(world, &cert.arn),
        not_after: v.not_after,
        region: cert.region.clone(),
        validation: v.validation,
        certificate_type: cert.certificate_type,
    }
}

fn normalize(name: &str) -> String {
    let lower = name.trim().to_ascii_lowercase();
    match lower.strip_suffix('.') {
        Some(stripped) => stripped.to_owned(),
        None => lower,
    }
}

/// ACM's domain name rule: a fully qualified name of at most 253 characters, labels of 1–63
/// letters, digits or hyphens (not at either end), a `*` only as the whole first label.
fn valid_domain(name: &str) -> bool {
    let labels: Vec<&str> = name.split('.').collect();
    name.len() <= 253
        && labels.len() >= 2
        && labels.iter().enumerate().all(|(i, label)| {
            (i == 0 && *label == "*")
                || ((1..=63).contains(&label.len())
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        })
        && labels.iter().skip(1).all(|l| *l != "*")
}

fn new_cert(
    world: &mut World,
    region: &str,
    domain: &str,
    sans: Vec<String>,
    certificate_type: CertificateType,
) -> String {
    let id = world.uuid();
    let arn = format!("arn:aws:acm:{region}:{}:certificate/{id}", world.account_id);
    let seq = world.certs.next_seq;
    world.certs.next_seq += 1;
    world.certs.certs.insert(
        arn.clone(),
        CertRecord {
            seq,
            arn: arn.clone(),
            region: region.to_owned(),
            domain_name: domain.to_owned(),
            sans,
            certificate_type,
            requested: Instant::now(),
            issued: false,
            not_after: None,
            forced: None,
            failure_reason: None,
        },
    );
    arn
}

fn request(world: &mut World, region: &str, request: &CertificateRequest) -> Result<String> {
    let op = REQUEST.name;
    let domain = normalize(&request.domain_name);
    let invalid =
        |message: String| Error::new(ErrorKind::Invalid, op, message).with_resource(domain.clone());
    let mut names = vec![domain.clone()];
    names.extend(request.normalized_sans());
    if let Some(bad) = names.iter().find(|n| !valid_domain(n)) {
        return Err(invalid(format!(
            "1 validation error detected: Value '{bad}' is not a valid fully qualified domain name"
        )));
    }
    if names.len() > NAMES_PER_CERTIFICATE {
        return Err(Error::new(
            ErrorKind::LimitExceeded,
            op,
            format!(
                "the certificate names {} domains; the quota is {NAMES_PER_CERTIFICATE} per certificate",
                names.len()
            ),
        )
        .with_resource(domain.clone()));
    }
    let now = Instant::now();
    let token = request.token(region);
    let fingerprint = request.derived_token(region);
    let key = (region.to_owned(), token.clone());
    world
        .certs
        .tokens
        .retain(|_, used| now.duration_since(used.at) < TOKEN_LIFETIME);
    if let Some(used) = world.certs.tokens.get(&key) {
        if used.fingerprint != fingerprint {
            return Err(invalid(format!(
                "idempotency token {token} was used within the last hour for a different request \
                 ({}); use a new token for a different certificate",
                used.arn
            )));
        }
        if world.certs.certs.contains_key(&used.arn) {
            return Ok(used.arn.clone());
        }
    }
    let in_region = world
        .certs
        .certs
        .values()
        .filter(|c| c.region == region)
        .count();
    if in_region >= CERTIFICATES_PER_REGION {
        return Err(Error::new(
            ErrorKind::LimitExceeded,
            op,
            format!("the account already has {in_region} certificates in {region}; the quota is {CERTIFICATES_PER_REGION}"),
        )
        .with_resource(domain.clone()));
    }
    let arn = new_cert(world, region, &domain, names, CertificateType::AmazonIssued);
    world.certs.tokens.insert(
        key,
        TokenUse {
            arn: arn.clone(),
            fingerprint,
            at: now,
        },
    );
    Ok(arn)
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

impl Sim {
    /// `DescribeCertificate` with ACM's failure reason (only the wait's message needs it).
    async fn describe_with_reason(
        &self,
        region: &str,
        arn: &str,
    ) -> Result<(Certificate, Option<String>)> {
        check_region(region, DESCRIBE.name)?;
        self.serve(DESCRIBE, |w| {
            refresh(w);
            let cert = find(w, region, arn, DESCRIBE.name)?;
            Ok((detail(w, cert), cert.failure_reason.clone()))
        })
        .await
    }

    /// Polls `DescribeCertificate` until `check` says done (or fails), or `timeout` passes.
    async fn poll_certificate(
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
            let (cert, failure) = self.describe_with_reason(region, arn).await?;
            let now = Instant::now();
            let waited = now.duration_since(started);
            match check(&cert, failure.as_deref(), waited) {
                Poll::Done => return Ok(cert),
                Poll::Fail(err) => return Err(err.with_resource(arn.to_owned())),
                Poll::Wait(on_timeout) => {
                    if now >= deadline {
                        return Err(on_timeout.with_resource(arn.to_owned()));
                    }
                }
            }
            tokio::time::sleep(poll_interval.min(deadline - now)).await;
        }
    }
}

#[async_trait::async_trait]
impl Certificates for Sim {
    async fn list_certificates(&self, region: &str) -> Result<Vec<CertificateSummary>> {
        check_region(region, LIST.name)?;
        self.serve(LIST, |w| {
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
        check_region(region, REQUEST.name)?;
        let domain = normalize(&request_.domain_name);
        if domain.is_empty() {
            return Err(Error::new(
                ErrorKind::Invalid,
                REQUEST.name,
                "a certificate request needs a domain name",
            ));
        }
        let token = request_.token(region);
        if !is_valid_token(&token) {
            return Err(Error::new(
                ErrorKind::Invalid,
                REQUEST.name,
                format!("idempotency token {token:?} is not 1 to 32 word characters"),
            )
            .with_resource(domain));
        }
        let region = region.trim();
        self.serve(REQUEST, |w| request(w, region, request_)).await
    }

    async fn delete_certificate(&self, region: &str, arn: &str) -> Result<()> {
        check_region(region, DELETE.name)?;
        self.serve(DELETE, |w| {
            let cert = find(w, region, arn, DELETE.name)?;
            let using = users(w, &cert.arn);
            if !using.is_empty() {
                return Err(Error::new(
                    ErrorKind::Invalid,
                    DELETE.name,
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
        self.poll_certificate(region, arn, timeout, poll_interval, check_issued)
            .await
    }

    async fn wait_for_validation_records(
        &self,
        region: &str,
        arn: &str,
        timeout: Duration,
        poll_interval: Duration,
    ) -> Result<Certificate> {
        self.poll_certificate(region, arn, timeout, poll_interval, check_records)
            .await
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
#[path = "certs_tests.rs"]
mod tests;
