//! Turns the SDK's `SdkError` into our classified [`Error`].
//!
//! Generic over every service's operation error, so each adapter maps errors with one call and
//! consumers never see `SdkError` (hard to construct in their tests).

use std::time::Duration;

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use super::classify::classify;
use super::error::{Error, ErrorKind};

/// Classifies an SDK failure of `operation`.
pub fn from_sdk<E>(operation: &'static str, err: SdkError<E, HttpResponse>) -> Error
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    match &err {
        SdkError::ServiceError(service) => {
            let raw = service.raw();
            let status = raw.status().as_u16();
            let code = service.err().code();
            let message = service
                .err()
                .message()
                .map(str::to_owned)
                .or_else(|| code.map(str::to_owned))
                .unwrap_or_else(|| format!("HTTP {status} with no error code"));
            let kind = classify(code, Some(status), &message);
            let retry_after = raw.headers().get("retry-after").and_then(parse_retry_after);
            let mut error = Error::new(kind, operation, message);
            if let Some(delay) = retry_after {
                error = error.with_retry_after(delay);
            }
            error.with_source(err)
        }
        SdkError::TimeoutError(_) => {
            Error::new(ErrorKind::Transient, operation, "the request timed out").with_source(err)
        }
        SdkError::DispatchFailure(failure) => {
            let message = if failure.is_timeout() {
                "the connection timed out"
            } else if failure.is_io() {
                "the connection failed"
            } else {
                "the request could not be sent"
            };
            let kind = if failure.is_user() {
                ErrorKind::Invalid
            } else {
                ErrorKind::Transient
            };
            Error::new(kind, operation, message).with_source(err)
        }
        SdkError::ResponseError(response) => {
            // An answer with an unparseable body still has a status: a bare 429 is throttling.
            let status = response.raw().status().as_u16();
            let kind = match classify(None, Some(status), "") {
                ErrorKind::Other | ErrorKind::Invalid if status < 400 => ErrorKind::Transient,
                kind => kind,
            };
            let message = format!("HTTP {status} with a body that could not be read");
            Error::new(kind, operation, message).with_source(err)
        }
        SdkError::ConstructionFailure(_) => Error::new(
            ErrorKind::Invalid,
            operation,
            "the request could not be built (a required field is missing or malformed)",
        )
        .with_source(err),
        _ => Error::new(ErrorKind::Other, operation, "unexpected SDK failure").with_source(err),
    }
}

/// `Retry-After` in delta-seconds (what AWS sends); an HTTP date is ignored.
fn parse_retry_after(value: &str) -> Option<Duration> {
    value
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(Duration::from_secs_f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_accepts_seconds_only() {
        assert_eq!(parse_retry_after("3"), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after(" 0.5 "), Some(Duration::from_millis(500)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
        assert_eq!(parse_retry_after("-1"), None);
    }
}
