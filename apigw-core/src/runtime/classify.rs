//! Maps an AWS answer (error code, HTTP status, message) to an [`ErrorKind`].
//!
//! Shared by every adapter so that the same answer is classified the same way for every
//! service. The status is consulted as well as the code because some answers carry none: a bare
//! 429 from API Gateway has `code() == None` and is still throttling.

use super::error::ErrorKind;

const THROTTLED: &[&str] = &[
    "TooManyRequestsException",
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestLimitExceeded",
    "PriorRequestNotComplete",
    "SlowDown",
];
const LIMIT_EXCEEDED: &[&str] = &[
    "LimitExceededException",
    "LimitExceeded",
    "LimitsExceeded",
    "TooManyHostedZones",
    "LimitExceededFault",
    "ServiceQuotaExceededException",
    "TooManyTagsException",
];
const NOT_FOUND: &[&str] = &[
    "NotFoundException",
    "NoSuchEntity",
    "NoSuchEntityException",
    "NoSuchHostedZone",
    "NoSuchChange",
    "NotFound",
    "ResourceNotFound",
    "ResourceNotFoundException",
];
const ALREADY_EXISTS: &[&str] = &[
    "EntityAlreadyExists",
    "EntityAlreadyExistsException",
    "ResourceAlreadyExistsException",
    "AlreadyExistsException",
];
const CONFLICT: &[&str] = &[
    "ConcurrentModification",
    "ConcurrentModificationException",
    "ResourceInUseException",
    "ResourceConflict",
];
const ACCESS_DENIED: &[&str] = &[
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedException",
    "UnrecognizedClientException",
    "InvalidClientTokenId",
    "ExpiredToken",
    "ExpiredTokenException",
    "SignatureDoesNotMatch",
    "AuthFailure",
    "NotAuthorized",
    "MissingAuthenticationToken",
    "AuthorizationError",
];
const TRANSIENT: &[&str] = &[
    "ServiceUnavailable",
    "ServiceUnavailableException",
    "InternalFailure",
    "InternalError",
    "InternalServerError",
    "InternalServiceError",
    "InternalServiceFault",
    "ServiceFailure",
    "ServiceException",
    "RequestTimeout",
    "RequestTimeoutException",
];

/// Preconditions that hold until the caller changes something (IAM `DeleteConflict`: a role with
/// policies still attached); retrying them only burns the deadline.
const PRECONDITION: &[&str] = &["DeleteConflict"];

/// Classifies one AWS error answer.
///
/// Order matters: an explicit code wins over the status (API Gateway's
/// `LimitExceededException` is a 429 but an object quota, never worth retrying); an unknown or
/// missing code falls back to the status.
pub fn classify(code: Option<&str>, status: Option<u16>, message: &str) -> ErrorKind {
    if let Some(kind) = code.and_then(|code| classify_code(code, message)) {
        return kind;
    }
    match status {
        Some(429) => ErrorKind::Throttled,
        Some(s) if s >= 500 => ErrorKind::Transient,
        Some(404) => ErrorKind::NotFound,
        Some(401 | 403) => ErrorKind::AccessDenied,
        Some(409) => classify_conflict(message),
        Some(400..=499) => ErrorKind::Invalid,
        _ => ErrorKind::Other,
    }
}

fn classify_code(code: &str, message: &str) -> Option<ErrorKind> {
    let is = |list: &[&str]| list.contains(&code);
    let kind = if is(THROTTLED) {
        ErrorKind::Throttled
    } else if is(LIMIT_EXCEEDED) {
        ErrorKind::LimitExceeded
    } else if is(NOT_FOUND) {
        ErrorKind::NotFound
    } else if is(ALREADY_EXISTS) {
        ErrorKind::AlreadyExists
    } else if is(CONFLICT) {
        ErrorKind::Conflict
    } else if is(ACCESS_DENIED) {
        ErrorKind::AccessDenied
    } else if is(TRANSIENT) {
        ErrorKind::Transient
    } else if is(PRECONDITION) {
        ErrorKind::Invalid
    } else if code == "ConflictException" {
        classify_conflict(message)
    } else if code == "BadRequestException" && mentions_unpropagated_role(message) {
        ErrorKind::EventuallyConsistent
    } else if code.starts_with("Invalid")
        || code.starts_with("Malformed")
        || code.starts_with("Validation")
        || code == "BadRequestException"
        || code == "MissingParameter"
    {
        ErrorKind::Invalid
    } else {
        return None;
    };
    Some(kind)
}

/// API Gateway answers both "already exists" (also worded "already has this name") and
/// "concurrent modification" with `ConflictException`; only the message tells them apart, and a
/// duplicate must never be retried.
fn classify_conflict(message: &str) -> ErrorKind {
    let lower = message.to_ascii_lowercase();
    // ACM: "You are trying to update a resource or tag that is already being updated. Wait for
    // the previous operation to finish and try again."
    if lower.contains("concurrent") || lower.contains("being updated") {
        ErrorKind::Conflict
    } else if lower.contains("already") || lower.contains("duplicate") || lower.contains("exists") {
        ErrorKind::AlreadyExists
    } else {
        ErrorKind::Conflict
    }
}

/// "Invalid role ARN" / "cannot be assumed" right after IAM created the role: the role exists,
/// API Gateway just cannot see it yet.
fn mentions_unpropagated_role(message: &str) -> bool {
    let lower = message.to_ascii_lowercase();
    lower.contains("role")
        && (lower.contains("invalid") || lower.contains("assume") || lower.contains("trust"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_wins_over_status_and_status_covers_missing_codes() {
        let cases: &[(Option<&str>, Option<u16>, &str, ErrorKind)] = &[
            (Some("TooManyRequestsException"), Some(429), "", ErrorKind::Throttled),
            (None, Some(429), "", ErrorKind::Throttled),
            (Some("LimitExceededException"), Some(429), "", ErrorKind::LimitExceeded),
            (None, Some(503), "", ErrorKind::Transient),
            (Some("SomethingNew"), Some(502), "", ErrorKind::Transient),
            (Some("ConflictException"), Some(409), "Another resource with the same parent already has this name", ErrorKind::AlreadyExists),
            (Some("ConflictException"), Some(409), "The domain name you provided already exists.", ErrorKind::AlreadyExists),
            (Some("ConflictException"), Some(409), "Unable to complete operation due to concurrent modification. Please try again later.", ErrorKind::Conflict),
            (Some("NoSuchEntity"), Some(404), "", ErrorKind::NotFound),
            (Some("AccessDeniedException"), Some(403), "", ErrorKind::AccessDenied),
            (Some("BadRequestException"), Some(400), "Invalid role ARN", ErrorKind::EventuallyConsistent),
            (Some("BadRequestException"), Some(400), "Invalid method", ErrorKind::Invalid),
            (Some("InvalidChangeBatch"), Some(400), "", ErrorKind::Invalid),
            (Some("PriorRequestNotComplete"), Some(400), "", ErrorKind::Throttled),
            (Some("LimitsExceeded"), Some(400), "", ErrorKind::LimitExceeded),
            (Some("TooManyHostedZones"), Some(400), "", ErrorKind::LimitExceeded),
            (Some("NoSuchChange"), Some(404), "", ErrorKind::NotFound),
            (Some("ConflictException"), Some(400), "You are trying to update a resource or tag that is already being updated. Wait for the previous operation to finish and try again.", ErrorKind::Conflict),
            (None, None, "", ErrorKind::Other),
            // CloudWatch (rpcv2Cbor): the `__type` shape name when no x-amzn-query-error header.
            (Some("LimitExceededFault"), Some(400), "", ErrorKind::LimitExceeded),
            (Some("ResourceConflict"), Some(409), "", ErrorKind::Conflict),
            (Some("InternalServiceFault"), Some(500), "", ErrorKind::Transient),
            // IAM: a role with policies still attached; not worth retrying.
            (Some("DeleteConflict"), Some(409), "Cannot delete entity, must detach all policies first.", ErrorKind::Invalid),
            // SNS
            (Some("AuthorizationError"), Some(403), "", ErrorKind::AccessDenied),
        ];
        for (code, status, message, want) in cases {
            assert_eq!(
                classify(*code, *status, message),
                *want,
                "{code:?} {status:?} {message}"
            );
        }
    }
}
