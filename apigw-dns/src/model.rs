//! Route 53 domain types: hosted zones, record sets, change batches. No SDK types here.
//!
//! Names are kept in one canonical form everywhere: lower case, octal escapes decoded
//! (`\052` -> `*`), no trailing dot ([`normalize_name`]). AWS answers carry a trailing dot and
//! escape some characters; the adapter normalises them so callers can compare with `==`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A Route 53 hosted zone.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct HostedZone {
    /// The zone id without the `/hostedzone/` prefix, e.g. `Z0441723226OZ66S5ZCNZ`.
    pub id: String,
    /// The zone's domain, normalised (lower case, no trailing dot), e.g. `example.com`.
    pub name: String,
    /// Whether the zone is private (answers only inside its VPCs).
    pub private: bool,
    /// How many record sets the zone holds (Route 53's `ResourceRecordSetCount`).
    pub record_count: u64,
}

/// The DNS type of a record set.
///
/// Serialised as the DNS mnemonic (`"A"`, `"AAAA"`, `"CNAME"`, ...); types apigw does not
/// use by name are kept verbatim in [`RecordType::Other`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum RecordType {
    /// IPv4 address (alias to an API Gateway domain for apigw).
    #[default]
    A,
    /// IPv6 address (alias to an API Gateway domain for apigw).
    Aaaa,
    /// Canonical name (ACM validation records for apigw).
    Cname,
    /// Text.
    Txt,
    /// Mail exchange.
    Mx,
    /// Name servers.
    Ns,
    /// Start of authority.
    Soa,
    /// Certification authority authorisation.
    Caa,
    /// Any other type, upper case as Route 53 spells it (`SRV`, `PTR`, `HTTPS`, ...).
    Other(String),
}

impl RecordType {
    /// The DNS mnemonic, as Route 53 spells it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::A => "A",
            Self::Aaaa => "AAAA",
            Self::Cname => "CNAME",
            Self::Txt => "TXT",
            Self::Mx => "MX",
            Self::Ns => "NS",
            Self::Soa => "SOA",
            Self::Caa => "CAA",
            Self::Other(other) => other,
        }
    }
}

impl From<&str> for RecordType {
    fn from(value: &str) -> Self {
        match value.trim().to_ascii_uppercase().as_str() {
            "A" => Self::A,
            "AAAA" => Self::Aaaa,
            "CNAME" => Self::Cname,
            "TXT" => Self::Txt,
            "MX" => Self::Mx,
            "NS" => Self::Ns,
            "SOA" => Self::Soa,
            "CAA" => Self::Caa,
            other => Self::Other(other.to_owned()),
        }
    }
}

impl From<String> for RecordType {
    fn from(value: String) -> Self {
        Self::from(value.as_str())
    }
}

impl From<RecordType> for String {
    fn from(value: RecordType) -> Self {
        value.as_str().to_owned()
    }
}

impl FromStr for RecordType {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self::from(s))
    }
}

impl fmt::Display for RecordType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where an alias record points (an API Gateway regional domain or CloudFront distribution).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct AliasTarget {
    /// The target's DNS name, normalised (lower case, no trailing dot), e.g.
    /// `d-abc123.execute-api.eu-west-1.amazonaws.com`.
    pub dns_name: String,
    /// The target's hosted zone id (API Gateway's regional zone, or CloudFront's `Z2FDTNDATAQYW2`).
    pub hosted_zone_id: String,
    /// Whether Route 53 checks the target's health.
    pub evaluate_target_health: bool,
}

/// One record set: a name and type with either values (and a TTL) or an alias target.
///
/// Routing-policy fields (`SetIdentifier`, weights, regions...) are not modelled: apigw only
/// manages simple records. Such records are still listed, without those fields.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct RecordSet {
    /// The record name, normalised (lower case, escapes decoded, no trailing dot).
    pub name: String,
    /// The DNS type.
    pub record_type: RecordType,
    /// Time to live in seconds; `None` for alias records (they take the target's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl: Option<u64>,
    /// The values, exactly as Route 53 holds them (a CNAME target keeps its trailing dot if it
    /// was written with one); empty for alias records.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// The alias target, for alias records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias: Option<AliasTarget>,
}

impl RecordSet {
    /// An alias record (`A` or `AAAA`) of `name` pointing at `target`.
    pub fn alias(name: &str, record_type: RecordType, target: AliasTarget) -> Self {
        Self {
            name: normalize_name(name),
            record_type,
            ttl: None,
            values: Vec::new(),
            alias: Some(target),
        }
    }

    /// A `CNAME` record (an ACM validation record) of `name` to `value`.
    pub fn cname(name: &str, value: &str, ttl: u64) -> Self {
        Self {
            name: normalize_name(name),
            record_type: RecordType::Cname,
            ttl: Some(ttl),
            values: vec![value.to_owned()],
            alias: None,
        }
    }

    /// Whether this is an alias record.
    pub fn is_alias(&self) -> bool {
        self.alias.is_some()
    }

    /// Whether `name` (in any spelling: case, trailing dot, escapes) is this record's name.
    pub fn is_named(&self, name: &str) -> bool {
        self.name == normalize_name(name)
    }
}

/// What a [`Change`] does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ChangeAction {
    /// Create the record set or replace it: idempotent.
    Upsert,
    /// Delete the record set; its values must match the live ones exactly.
    Delete,
}

impl fmt::Display for ChangeAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Upsert => "UPSERT",
            Self::Delete => "DELETE",
        })
    }
}

/// One change of a change batch.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Change {
    /// What to do.
    pub action: ChangeAction,
    /// The record set it applies to.
    pub record: RecordSet,
}

impl Change {
    /// UPSERT `record`.
    pub fn upsert(record: RecordSet) -> Self {
        Self {
            action: ChangeAction::Upsert,
            record,
        }
    }

    /// DELETE `record`.
    pub fn delete(record: RecordSet) -> Self {
        Self {
            action: ChangeAction::Delete,
            record,
        }
    }
}

/// Whether a submitted change batch has reached every Route 53 name server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum ChangeStatus {
    /// Accepted, not yet on every authoritative server.
    #[default]
    #[serde(rename = "PENDING")]
    Pending,
    /// Applied on every authoritative server.
    #[serde(rename = "INSYNC")]
    InSync,
}

impl fmt::Display for ChangeStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Pending => "PENDING",
            Self::InSync => "INSYNC",
        })
    }
}

/// A submitted change batch.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct ChangeInfo {
    /// The change id without the `/change/` prefix.
    pub id: String,
    /// Where the change stands.
    pub status: ChangeStatus,
}

/// The canonical form of a DNS name: octal escapes decoded (`\052` -> `*`), ASCII lower case,
/// surrounding whitespace and the trailing dot removed.
///
/// ```
/// assert_eq!(apigw_dns::normalize_name("\\052.API.Example.com."), "*.api.example.com");
/// ```
pub fn normalize_name(name: &str) -> String {
    let decoded = decode_escapes(name.trim());
    let lower = decoded.to_ascii_lowercase();
    match lower.strip_suffix('.') {
        Some(stripped) => stripped.to_owned(),
        None => lower,
    }
}

/// Decodes Route 53's `\ddd` octal escapes (three digits, the byte value); any other
/// backslash is kept as written.
fn decode_escapes(name: &str) -> String {
    if !name.contains('\\') {
        return name.to_owned();
    }
    let bytes = name.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' && i + 3 < bytes.len() {
            let digits = &bytes[i + 1..i + 4];
            if digits.iter().all(|d| (b'0'..=b'7').contains(d)) {
                let value = digits
                    .iter()
                    .fold(0u32, |acc, d| acc * 8 + u32::from(d - b'0'));
                if let Ok(byte) = u8::try_from(value) {
                    out.push(byte);
                    i += 4;
                    continue;
                }
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The zone id in `value` if it is one: `/hostedzone/ID`, `hostedzone/ID`, or a bare id
/// (upper-case letters and digits, no dot: `Z0441723226OZ66S5ZCNZ`). Domain names are lower
/// case and dotted, so the two never collide.
///
/// ```
/// assert_eq!(apigw_dns::zone_id_of("/hostedzone/Z123ABC"), Some("Z123ABC"));
/// assert_eq!(apigw_dns::zone_id_of("Z123ABC"), Some("Z123ABC"));
/// assert_eq!(apigw_dns::zone_id_of("example.com"), None);
/// ```
pub fn zone_id_of(value: &str) -> Option<&str> {
    let value = value.trim();
    if let Some(id) = value
        .strip_prefix("/hostedzone/")
        .or_else(|| value.strip_prefix("hostedzone/"))
    {
        return (!id.is_empty()).then_some(id);
    }
    let looks_like_id = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && value.chars().any(|c| c.is_ascii_uppercase());
    looks_like_id.then_some(value)
}

/// The candidate zone names for `domain`, longest first: `api.eu.example.com` gives
/// `api.eu.example.com`, `eu.example.com`, `example.com` (a bare top-level domain is never a
/// candidate unless `domain` is one).
pub fn zone_candidates(domain: &str) -> Vec<String> {
    let domain = normalize_name(domain);
    let labels: Vec<&str> = domain.split('.').filter(|l| !l.is_empty()).collect();
    if labels.len() <= 1 {
        return labels.iter().map(|l| (*l).to_owned()).collect();
    }
    (0..labels.len() - 1)
        .map(|start| labels[start..].join("."))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_normalised() {
        assert_eq!(normalize_name("Example.COM."), "example.com");
        assert_eq!(normalize_name("\\052.example.com."), "*.example.com");
        assert_eq!(normalize_name("a\\100b.example.com"), "a@b.example.com");
        assert_eq!(normalize_name("back\\slash"), "back\\slash");
        assert_eq!(normalize_name("end\\05"), "end\\05");
        assert_eq!(normalize_name("end\\0"), "end\\0");
        assert_eq!(normalize_name("end\\"), "end\\");
    }

    #[test]
    fn zone_ids_are_recognised() {
        assert_eq!(zone_id_of("hostedzone/ZABC"), Some("ZABC"));
        assert_eq!(zone_id_of("/hostedzone/"), None);
        assert_eq!(zone_id_of("1A2B3C"), Some("1A2B3C"));
        assert_eq!(zone_id_of("123"), None);
        assert_eq!(zone_id_of("api.example.com"), None);
        assert_eq!(zone_id_of("localhost"), None);
    }

    #[test]
    fn candidates_go_from_longest_to_shortest() {
        assert_eq!(
            zone_candidates("API.eu.example.com."),
            ["api.eu.example.com", "eu.example.com", "example.com"]
        );
        assert_eq!(zone_candidates("example.com"), ["example.com"]);
        assert_eq!(zone_candidates("localhost"), ["localhost"]);
        assert!(zone_candidates("").is_empty());
    }

    #[test]
    fn record_types_round_trip_through_serde() {
        assert_eq!(
            serde_json::to_string(&RecordType::Aaaa).unwrap(),
            "\"AAAA\""
        );
        let other: RecordType = serde_json::from_str("\"srv\"").unwrap();
        assert_eq!(other, RecordType::Other("SRV".into()));
        assert_eq!(RecordType::from("cname"), RecordType::Cname);
        let record = RecordSet::cname("_x.Example.com.", "_y.acm-validations.aws.", 300);
        let json = serde_json::to_value(&record).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "name": "_x.example.com",
                "record_type": "CNAME",
                "ttl": 300,
                "values": ["_y.acm-validations.aws."]
            })
        );
        let back: RecordSet = serde_json::from_value(json).unwrap();
        assert_eq!(back, record);
        assert_eq!(
            serde_json::to_string(&ChangeStatus::InSync).unwrap(),
            "\"INSYNC\""
        );
    }
}
