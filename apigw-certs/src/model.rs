//! ACM domain types: certificates, their DNS validation, requests. No SDK types here.

use std::collections::BTreeMap;
use std::fmt;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

/// Where a certificate stands (ACM's `CertificateStatus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CertificateStatus {
    /// Waiting for its DNS validation records.
    #[default]
    PendingValidation,
    /// Issued: usable by API Gateway.
    Issued,
    /// Inactive.
    Inactive,
    /// Expired.
    Expired,
    /// ACM gave up waiting for validation (72 hours).
    ValidationTimedOut,
    /// Revoked.
    Revoked,
    /// The request failed (CAA, domain not allowed, ...).
    Failed,
    /// A status this version does not know.
    #[serde(other)]
    Unknown,
}

impl CertificateStatus {
    /// ACM's spelling, e.g. `PENDING_VALIDATION`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PendingValidation => "PENDING_VALIDATION",
            Self::Issued => "ISSUED",
            Self::Inactive => "INACTIVE",
            Self::Expired => "EXPIRED",
            Self::ValidationTimedOut => "VALIDATION_TIMED_OUT",
            Self::Revoked => "REVOKED",
            Self::Failed => "FAILED",
            Self::Unknown => "UNKNOWN",
        }
    }

    /// Parses ACM's spelling; anything else is [`CertificateStatus::Unknown`].
    pub fn parse(value: &str) -> Self {
        match value {
            "PENDING_VALIDATION" => Self::PendingValidation,
            "ISSUED" => Self::Issued,
            "INACTIVE" => Self::Inactive,
            "EXPIRED" => Self::Expired,
            "VALIDATION_TIMED_OUT" => Self::ValidationTimedOut,
            "REVOKED" => Self::Revoked,
            "FAILED" => Self::Failed,
            _ => Self::Unknown,
        }
    }

    /// Whether the certificate can never become `ISSUED` from here (a wait should stop).
    pub fn is_terminal_failure(self) -> bool {
        matches!(
            self,
            Self::Failed
                | Self::ValidationTimedOut
                | Self::Revoked
                | Self::Expired
                | Self::Inactive
        )
    }

    /// Whether a pipeline may reuse a certificate in this status (issued, or on its way).
    pub fn is_usable_or_pending(self) -> bool {
        matches!(self, Self::Issued | Self::PendingValidation)
    }
}

impl fmt::Display for CertificateStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who issued the certificate (ACM's `CertificateType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CertificateType {
    /// Issued by ACM (renewed by ACM while validated).
    #[default]
    AmazonIssued,
    /// Imported by the account (never renewed by ACM).
    Imported,
    /// Issued by a private CA.
    Private,
    /// A type this version does not know.
    #[serde(other)]
    Unknown,
}

impl CertificateType {
    /// Parses ACM's spelling; anything else is [`CertificateType::Unknown`].
    pub fn parse(value: &str) -> Self {
        match value {
            "AMAZON_ISSUED" => Self::AmazonIssued,
            "IMPORTED" => Self::Imported,
            "PRIVATE" => Self::Private,
            _ => Self::Unknown,
        }
    }
}

/// Where one domain's validation stands (ACM's `DomainStatus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ValidationStatus {
    /// The validation record has not been seen yet.
    #[default]
    PendingValidation,
    /// Validated.
    Success,
    /// Validation failed.
    Failed,
    /// A status this version does not know.
    #[serde(other)]
    Unknown,
}

impl ValidationStatus {
    /// Parses ACM's spelling; anything else is [`ValidationStatus::Unknown`].
    pub fn parse(value: &str) -> Self {
        match value {
            "PENDING_VALIDATION" => Self::PendingValidation,
            "SUCCESS" => Self::Success,
            "FAILED" => Self::Failed,
            _ => Self::Unknown,
        }
    }
}

impl fmt::Display for ValidationStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::PendingValidation => "PENDING_VALIDATION",
            Self::Success => "SUCCESS",
            Self::Failed => "FAILED",
            Self::Unknown => "UNKNOWN",
        })
    }
}

/// The DNS record ACM wants to see for one domain (a CNAME).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct ResourceRecord {
    /// The record name, as ACM gives it (trailing dot included), e.g.
    /// `_3639ac514e785e898d2646601fa951d5.api.example.com.`.
    pub name: String,
    /// The record type: `CNAME`.
    pub record_type: String,
    /// The record value, as ACM gives it, e.g. `_98d2646601fa.mhbtsbpdnt.acm-validations.aws.`.
    pub value: String,
}

impl fmt::Display for ResourceRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} -> {}", self.record_type, self.name, self.value)
    }
}

/// The validation of one of the certificate's names.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct DomainValidation {
    /// The name validated (the domain or a SAN).
    pub domain: String,
    /// Where its validation stands.
    pub status: ValidationStatus,
    /// The CNAME that proves control of the name; `None` for the first seconds after the
    /// request, until ACM has generated it.
    pub record: Option<ResourceRecord>,
}

/// One certificate in the list (ACM's `CertificateSummary`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct CertificateSummary {
    /// The certificate ARN.
    pub arn: String,
    /// The primary name.
    pub domain_name: String,
    /// The subject alternative names (ACM lists the primary name among them; at most the first
    /// 100 in a list answer).
    pub sans: Vec<String>,
    /// Where the certificate stands.
    pub status: CertificateStatus,
    /// The key algorithm in ACM's spelling, e.g. `RSA_2048`, `EC_prime256v1`.
    pub key_algorithm: String,
    /// Whether an AWS resource (an API Gateway domain name, a load balancer) uses it.
    pub in_use: bool,
    /// When it expires (absent while pending).
    pub not_after: Option<SystemTime>,
}

impl CertificateSummary {
    /// Whether the certificate covers `domain` (ACM wildcard semantics, see [`name_covers`]).
    pub fn covers(&self, domain: &str) -> bool {
        covers_any(&self.domain_name, &self.sans, domain)
    }
}

/// One certificate in full (ACM's `CertificateDetail`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Certificate {
    /// The certificate ARN.
    pub arn: String,
    /// The primary name.
    pub domain_name: String,
    /// The subject alternative names (ACM lists the primary name among them).
    pub sans: Vec<String>,
    /// Where the certificate stands.
    pub status: CertificateStatus,
    /// The key algorithm in ACM's spelling, e.g. `RSA_2048`.
    pub key_algorithm: String,
    /// The ARNs of the AWS resources using it.
    pub in_use_by: Vec<String>,
    /// When it expires (absent while pending).
    pub not_after: Option<SystemTime>,
    /// The region it lives in (EDGE endpoints need `us-east-1`).
    pub region: String,
    /// The validation of each name, with the CNAME to create.
    pub validation: Vec<DomainValidation>,
    /// Who issued it.
    pub certificate_type: CertificateType,
}

impl Certificate {
    /// Whether the certificate covers `domain` (ACM wildcard semantics, see [`name_covers`]).
    pub fn covers(&self, domain: &str) -> bool {
        covers_any(&self.domain_name, &self.sans, domain)
    }

    /// The validations not yet successful.
    pub fn pending_validations(&self) -> impl Iterator<Item = &DomainValidation> {
        self.validation
            .iter()
            .filter(|v| v.status != ValidationStatus::Success)
    }

    /// The distinct validation CNAMEs to create (names that share a record, such as
    /// `example.com` and `*.example.com`, give one).
    pub fn validation_records(&self) -> Vec<ResourceRecord> {
        let mut records: Vec<ResourceRecord> = Vec::new();
        for record in self.validation.iter().filter_map(|v| v.record.as_ref()) {
            if !records.contains(record) {
                records.push(record.clone());
            }
        }
        records
    }

    /// Whether every name has its validation record (ACM adds them some seconds after the
    /// request). A certificate with no validation entries at all (imported) has nothing to wait
    /// for.
    pub fn has_all_validation_records(&self) -> bool {
        self.validation.iter().all(|v| v.record.is_some())
    }

    /// A one-line account of what validation is still waiting for, for error messages:
    /// `api.example.com (CNAME _x.api.example.com. -> _y.acm-validations.aws.)`.
    pub fn describe_pending(&self) -> String {
        let pending: Vec<String> = self
            .pending_validations()
            .map(|v| match &v.record {
                Some(record) => format!("{} ({record})", v.domain),
                None => format!("{} (no validation record from ACM yet)", v.domain),
            })
            .collect();
        if pending.is_empty() {
            "no validation pending".to_owned()
        } else {
            pending.join(", ")
        }
    }
}

/// What to request: a DNS-validated public certificate.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CertificateRequest {
    /// The primary name, e.g. `api.example.com` or `*.example.com`.
    pub domain_name: String,
    /// Further names; the primary name may be repeated, duplicates are dropped.
    #[serde(default)]
    pub sans: Vec<String>,
    /// Tags put on the certificate at creation.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// ACM's idempotency token (up to 32 word characters). `None`: derived from the request
    /// ([`CertificateRequest::derived_token`]), so a repeated request within an hour returns the
    /// same certificate.
    #[serde(default)]
    pub idempotency_token: Option<String>,
}

impl CertificateRequest {
    /// A request for `domain_name` with no SANs, tags or explicit token.
    pub fn new(domain_name: impl Into<String>) -> Self {
        Self {
            domain_name: domain_name.into(),
            ..Self::default()
        }
    }

    /// Adds a subject alternative name.
    pub fn with_san(mut self, san: impl Into<String>) -> Self {
        self.sans.push(san.into());
        self
    }

    /// Adds a tag.
    pub fn with_tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags.insert(key.into(), value.into());
        self
    }

    /// The SANs to send: lower case, without trailing dot, without duplicates or the primary
    /// name (ACM always includes it), in the order given.
    pub fn normalized_sans(&self) -> Vec<String> {
        let primary = normalize(&self.domain_name);
        let mut out: Vec<String> = Vec::new();
        for san in &self.sans {
            let san = normalize(san);
            if !san.is_empty() && san != primary && !out.contains(&san) {
                out.push(san);
            }
        }
        out
    }

    /// A token derived from everything that defines the request (region, names, tags): the same
    /// request gives the same token in every process and every version (128-bit FNV-1a, hex,
    /// 32 characters), a different request a different one.
    pub fn derived_token(&self, region: &str) -> String {
        let mut names = self.normalized_sans();
        names.sort();
        let mut hash = Fnv128::new();
        hash.write(b"apigw-certs/v1\0");
        hash.write(region.trim().as_bytes());
        hash.write(b"\0");
        hash.write(normalize(&self.domain_name).as_bytes());
        hash.write(b"\0");
        for name in &names {
            hash.write(name.as_bytes());
            hash.write(b"\0");
        }
        hash.write(b"\x01");
        for (key, value) in &self.tags {
            hash.write(key.as_bytes());
            hash.write(b"=");
            hash.write(value.as_bytes());
            hash.write(b"\0");
        }
        format!("{:032x}", hash.finish())
    }

    /// The token to send: the explicit one, else the derived one.
    pub fn token(&self, region: &str) -> String {
        self.idempotency_token
            .clone()
            .unwrap_or_else(|| self.derived_token(region))
    }
}

/// Whether `token` is a valid ACM idempotency token (1 to 32 word characters).
pub fn is_valid_token(token: &str) -> bool {
    (1..=32).contains(&token.chars().count())
        && token.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// 128-bit FNV-1a: small, stable across Rust versions (unlike `DefaultHasher`).
struct Fnv128(u128);

impl Fnv128 {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;

    fn new() -> Self {
        Self(Self::OFFSET)
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u128::from(*byte);
            self.0 = self.0.wrapping_mul(Self::PRIME);
        }
    }

    fn finish(&self) -> u128 {
        self.0
    }
}

fn normalize(name: &str) -> String {
    let lower = name.trim().to_ascii_lowercase();
    match lower.strip_suffix('.') {
        Some(stripped) => stripped.to_owned(),
        None => lower,
    }
}

fn covers_any(domain_name: &str, sans: &[String], domain: &str) -> bool {
    std::iter::once(domain_name)
        .chain(sans.iter().map(String::as_str))
        .any(|name| name_covers(name, domain))
}

/// Whether a certificate name covers `domain`, with ACM's wildcard semantics: a name matches
/// itself; `*.example.com` matches exactly one label in its place (`api.example.com`), not
/// `example.com` nor `a.b.example.com`. Case-insensitive; a trailing dot is ignored.
///
/// ```
/// use apigw_certs::name_covers;
/// assert!(name_covers("*.example.com", "API.example.com."));
/// assert!(!name_covers("*.example.com", "example.com"));
/// assert!(!name_covers("*.example.com", "a.b.example.com"));
/// ```
pub fn name_covers(cert_name: &str, domain: &str) -> bool {
    let cert_name = normalize(cert_name);
    let domain = normalize(domain);
    if cert_name.is_empty() || domain.is_empty() {
        return false;
    }
    if let Some(parent) = cert_name.strip_prefix("*.") {
        match domain.split_once('.') {
            Some((label, rest)) => !label.is_empty() && label != "*" && rest == parent,
            None => false,
        }
    } else {
        cert_name == domain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_stable_and_valid() {
        let a = CertificateRequest::new("api.example.com")
            .with_san("www.example.com")
            .with_tag("apigw:name", "orders");
        let b = CertificateRequest::new("API.example.com.")
            .with_san("www.example.com.")
            .with_san("WWW.example.com")
            .with_tag("apigw:name", "orders");
        let token = a.derived_token("us-east-1");
        assert_eq!(token, b.derived_token("us-east-1"));
        assert_eq!(token.len(), 32);
        assert!(is_valid_token(&token));
        assert_ne!(token, a.derived_token("eu-west-1"));
        assert_ne!(
            token,
            a.clone()
                .with_san("other.example.com")
                .derived_token("us-east-1")
        );
        assert_ne!(
            token,
            a.clone().with_tag("k", "v").derived_token("us-east-1")
        );
        // The derivation is part of the contract: a rerun after an upgrade must find the
        // same certificate, so the value is pinned.
        assert_eq!(
            CertificateRequest::new("api.example.com").derived_token("us-east-1"),
            "03dd398423ab66d83bed7103128485f5"
        );
    }

    #[test]
    fn wildcards_cover_exactly_one_label() {
        let cases: &[(&str, &str, bool)] = &[
            ("*.example.com", "api.example.com", true),
            ("*.example.com", "API.Example.COM.", true),
            ("*.example.com.", "api.example.com", true),
            ("*.example.com", "example.com", false),
            ("*.example.com", "a.b.example.com", false),
            ("*.example.com", "api.example.org", false),
            ("*.example.com", "*.example.com", false),
            ("*.example.com", ".example.com", false),
            ("api.example.com", "api.example.com.", true),
            ("api.example.com", "www.example.com", false),
            ("", "example.com", false),
        ];
        for (name, domain, want) in cases {
            assert_eq!(name_covers(name, domain), *want, "{name} covers {domain}");
        }
        let summary = CertificateSummary {
            domain_name: "example.com".into(),
            sans: vec!["*.example.com".into()],
            ..CertificateSummary::default()
        };
        assert!(summary.covers("example.com"));
        assert!(summary.covers("api.example.com"));
        assert!(!summary.covers("a.b.example.com"));
    }

    #[test]
    fn statuses_serialise_in_acm_spelling() {
        assert_eq!(
            serde_json::to_string(&CertificateStatus::ValidationTimedOut).unwrap(),
            "\"VALIDATION_TIMED_OUT\""
        );
        let unknown: CertificateStatus = serde_json::from_str("\"SOMETHING_NEW\"").unwrap();
        assert_eq!(unknown, CertificateStatus::Unknown);
        assert_eq!(
            CertificateStatus::parse("ISSUED"),
            CertificateStatus::Issued
        );
        assert!(CertificateStatus::Failed.is_terminal_failure());
        assert!(!CertificateStatus::PendingValidation.is_terminal_failure());
    }

    #[test]
    fn token_validation() {
        assert!(is_valid_token("abc_123"));
        assert!(!is_valid_token(""));
        assert!(!is_valid_token("has-dash"));
        assert!(!is_valid_token(&"a".repeat(33)));
        assert!(is_valid_token(&"a".repeat(32)));
    }

    #[test]
    fn pending_description_lists_domains_and_records() {
        let cert = Certificate {
            validation: vec![
                DomainValidation {
                    domain: "api.example.com".into(),
                    status: ValidationStatus::PendingValidation,
                    record: Some(ResourceRecord {
                        name: "_a.api.example.com.".into(),
                        record_type: "CNAME".into(),
                        value: "_b.acm-validations.aws.".into(),
                    }),
                },
                DomainValidation {
                    domain: "www.example.com".into(),
                    status: ValidationStatus::Success,
                    record: None,
                },
                DomainValidation {
                    domain: "x.example.com".into(),
                    status: ValidationStatus::PendingValidation,
                    record: None,
                },
            ],
            ..Certificate::default()
        };
        assert_eq!(
            cert.describe_pending(),
            "api.example.com (CNAME _a.api.example.com. -> _b.acm-validations.aws.), \
             x.example.com (no validation record from ACM yet)"
        );
        assert!(!cert.has_all_validation_records());
        assert_eq!(cert.validation_records().len(), 1);
    }
}
