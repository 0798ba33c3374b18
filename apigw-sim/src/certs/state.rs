//! ACM's state: certificates, idempotency tokens, validation records and the lazy status
//! evaluation (see the parent module for the AWS behaviour modelled).

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, SystemTime};

use apigw_certs::{
    Certificate, CertificateRequest, CertificateStatus, CertificateType, DomainValidation,
    ResourceRecord, ValidationStatus,
};
use apigw_core::{Error, ErrorKind, Result};
use tokio::time::Instant;

use super::REQUEST_CERTIFICATE;
use crate::world::World;

/// How long ACM takes to generate the validation records, unless set otherwise.
pub(crate) const DEFAULT_RECORD_DELAY: Duration = Duration::from_secs(1);
/// How long an idempotency token is remembered.
const TOKEN_LIFETIME: Duration = Duration::from_secs(3600);
/// How long ACM waits for DNS validation before giving up.
const VALIDATION_TIMEOUT: Duration = Duration::from_secs(72 * 3600);
/// Validity of an issued certificate.
pub(super) const VALIDITY: Duration = Duration::from_secs(365 * 24 * 3600);
/// ACM quota: names per certificate (domain + SANs).
const NAMES_PER_CERTIFICATE: usize = 10;
/// ACM quota: certificates per region.
const CERTIFICATES_PER_REGION: usize = 2500;
/// The key algorithm of every simulated certificate.
const KEY_ALGORITHM: &str = "RSA_2048";
/// What the simulated account holds for ACM (every region).
#[derive(Debug)]
pub(crate) struct State {
    /// Certificates by ARN.
    pub(super) certs: BTreeMap<String, CertRecord>,
    /// Idempotency tokens by (region, token).
    tokens: HashMap<(String, String), TokenUse>,
    next_seq: u64,
    pub(super) record_delay: Duration,
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
pub(super) struct CertRecord {
    /// Creation order (the listing order).
    pub(super) seq: u64,
    pub(super) arn: String,
    pub(super) region: String,
    pub(super) domain_name: String,
    /// Every name, the primary one first (ACM lists it among the SANs).
    pub(super) sans: Vec<String>,
    pub(super) certificate_type: CertificateType,
    pub(super) requested: Instant,
    /// Issued (validated, imported or forced): stays issued whatever DNS does later.
    pub(super) issued: bool,
    pub(super) not_after: Option<SystemTime>,
    /// A status set by a test helper or reached for good (validation timed out).
    pub(super) forced: Option<CertificateStatus>,
    pub(super) failure_reason: Option<String>,
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
pub(super) fn validation_record(account: &str, name: &str) -> ResourceRecord {
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
pub(super) fn refresh(world: &mut World) {
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

/// The ARNs of the resources using the certificate (ACM's `InUseBy`): the API Gateway
/// simulator's custom domain names, `arn:aws:apigateway:{region}::/domainnames/{name}`.
/// Lists the certificates for the invariant checker.
pub(crate) fn inventory(world: &World, inv: &mut crate::invariants::Inventory) {
    for cert in world.certs.certs.values() {
        inv.certificates.push(crate::invariants::InvCert {
            arn: cert.arn.clone(),
            domain: cert.domain_name.clone(),
            imported: cert.certificate_type == CertificateType::Imported,
            in_use: !users(world, &cert.arn).is_empty(),
            validation_values: cert
                .sans
                .iter()
                .map(|name| validation_record(&world.account_id, name).value)
                .collect(),
        });
    }
}

pub(super) fn users(world: &World, arn: &str) -> Vec<String> {
    crate::restapi::domains_using_certificate(world, arn)
        .into_iter()
        .map(|name| {
            if name.starts_with("arn:") {
                name
            } else {
                format!("arn:aws:apigateway:{}::/domainnames/{name}", world.region)
            }
        })
        .collect()
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

pub(super) fn check_region(region: &str, op: &'static str) -> Result<()> {
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
pub(super) fn find<'w>(
    world: &'w World,
    region: &str,
    arn: &str,
    op: &'static str,
) -> Result<&'w CertRecord> {
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

pub(super) fn detail(world: &World, cert: &CertRecord) -> Certificate {
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

pub(super) fn normalize(name: &str) -> String {
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

pub(super) fn new_cert(
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

pub(super) fn request(
    world: &mut World,
    region: &str,
    request: &CertificateRequest,
) -> Result<String> {
    let op = REQUEST_CERTIFICATE.name;
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
