//! Field-level rules shared by the spec validators: names, labels, path parts, ARNs, numbers.

/// The path part rule of API Gateway: a literal, `{name}` or `{name+}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PathPart<'a> {
    Literal(&'a str),
    Variable(&'a str),
    Greedy(&'a str),
}

pub(crate) fn parse_path_part(part: &str) -> Option<PathPart<'_>> {
    if let Some(inner) = part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
        let (name, greedy) = match inner.strip_suffix('+') {
            Some(name) => (name, true),
            None => (inner, false),
        };
        let valid = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        return match (valid, greedy) {
            (true, true) => Some(PathPart::Greedy(name)),
            (true, false) => Some(PathPart::Variable(name)),
            (false, _) => None,
        };
    }
    let valid = !part.is_empty()
        && part
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._~-".contains(c));
    valid.then_some(PathPart::Literal(part))
}

/// RFC 1123 host label, lower case as Route 53 and ACM store it.
pub(crate) fn is_dns_label(label: &str) -> bool {
    !label.is_empty()
        && label.len() <= 63
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// A fully qualified domain name (no trailing dot), each label RFC 1123, at most 253 characters.
pub(crate) fn domain_problem(name: &str) -> Option<String> {
    if name.len() > 253 {
        return Some(format!("'{name}' is longer than 253 characters"));
    }
    let bad: Vec<&str> = name.split('.').filter(|l| !is_dns_label(l)).collect();
    if name.split('.').count() < 2 {
        return Some(format!("'{name}' is not a fully qualified domain name"));
    }
    (!bad.is_empty()).then(|| {
        format!("'{name}' has invalid label(s) {bad:?}: use lower-case letters, digits and inner hyphens, 1 to 63 characters")
    })
}

/// `us-west-2`, `eu-central-1`, `us-gov-west-1`, `ap-southeast-4`.
pub(crate) fn is_region(region: &str) -> bool {
    let parts: Vec<&str> = region.split('-').collect();
    parts.len() >= 3
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
        && parts
            .last()
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// The pieces of an ARN: partition, service, region, account, resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Arn<'a> {
    pub service: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    pub resource: &'a str,
}

pub(crate) fn parse_arn(arn: &str) -> Option<Arn<'_>> {
    let mut parts = arn.splitn(6, ':');
    let (prefix, partition) = (parts.next()?, parts.next()?);
    if prefix != "arn" || !partition.starts_with("aws") {
        return None;
    }
    let arn = Arn {
        service: parts.next()?,
        region: parts.next()?,
        account: parts.next()?,
        resource: parts.next()?,
    };
    (!arn.service.is_empty() && !arn.resource.is_empty()).then_some(arn)
}

/// A 12-digit AWS account id.
pub(crate) fn is_account_id(account: &str) -> bool {
    account.len() == 12 && account.chars().all(|c| c.is_ascii_digit())
}

/// Tag keys and values: letters, digits and spaces in UTF-8, and `_.:/=+-@` (AWS tagging rules).
pub(crate) fn is_tag_text(text: &str) -> bool {
    text.chars().all(|c| {
        c.is_alphanumeric() || (c.is_whitespace() && !c.is_control()) || "_.:/=+-@".contains(c)
    })
}

/// IAM role names: `[\w+=,.@-]{1,64}`.
pub(crate) fn is_role_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c))
}

/// Stage names: `[A-Za-z0-9_-]{1,128}`.
pub(crate) fn is_stage_name(name: &str) -> bool {
    (1..=128).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// CloudWatch periods: 10, 30 or a multiple of 60, at most a day.
pub(crate) fn is_alarm_period(seconds: u32) -> bool {
    seconds == 10
        || seconds == 30
        || (seconds >= 60 && seconds.is_multiple_of(60) && seconds <= 86_400)
}

/// The gateway response types API Gateway knows.
pub(crate) const GATEWAY_RESPONSE_TYPES: &[&str] = &[
    "DEFAULT_4XX",
    "DEFAULT_5XX",
    "RESOURCE_NOT_FOUND",
    "UNAUTHORIZED",
    "INVALID_API_KEY",
    "ACCESS_DENIED",
    "AUTHORIZER_FAILURE",
    "AUTHORIZER_CONFIGURATION_ERROR",
    "INVALID_SIGNATURE",
    "EXPIRED_TOKEN",
    "MISSING_AUTHENTICATION_TOKEN",
    "INTEGRATION_FAILURE",
    "INTEGRATION_TIMEOUT",
    "API_CONFIGURATION_ERROR",
    "UNSUPPORTED_MEDIA_TYPE",
    "BAD_REQUEST_PARAMETERS",
    "BAD_REQUEST_BODY",
    "REQUEST_TOO_LARGE",
    "THROTTLED",
    "QUOTA_EXCEEDED",
    "WAF_FILTERED",
];

/// The HTTP methods API Gateway accepts on a resource.
pub(crate) const HTTP_METHODS: &[&str] = &[
    "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "ANY",
];
