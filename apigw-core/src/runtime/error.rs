//! The one error type every apigw call returns, and the kinds the retry policy reasons about.

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

/// Boxed source error, chained under [`Error`] and never repeated in its `Display`.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Shorthand for results whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What kind of failure an AWS answer (or the runtime itself) represents.
///
/// The kind, not the message, decides whether the runtime retries (DESIGN §2) and which exit
/// code the CLI uses, so adapters classify every answer into one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// Rate limited (`TooManyRequestsException`, `Throttling`, a bare 429): retried to the deadline.
    Throttled,
    /// A 5xx, a timeout or a broken connection: retried for reads and idempotent writes.
    Transient,
    /// A concurrent modification of the same object: retried.
    Conflict,
    /// The object already exists: never retried; the ensure-logic adopts it.
    AlreadyExists,
    /// A reference AWS has not propagated yet (a role just created): retried briefly, on opt-in.
    EventuallyConsistent,
    /// An object quota is reached (300 resources per API, …): never retried.
    LimitExceeded,
    /// The object does not exist.
    NotFound,
    /// The request was rejected as malformed or contradictory.
    Invalid,
    /// The credentials may not do this (or are missing, expired or wrong).
    AccessDenied,
    /// A wait (certificate issued, DNS in sync) ran past its deadline.
    WaitTimeout,
    /// Anything not classified above; never retried.
    Other,
}

impl ErrorKind {
    /// A short lower-case label, as used in messages and logs.
    pub fn label(self) -> &'static str {
        match self {
            Self::Throttled => "throttled",
            Self::Transient => "transient failure",
            Self::Conflict => "concurrent modification",
            Self::AlreadyExists => "already exists",
            Self::EventuallyConsistent => "not yet consistent",
            Self::LimitExceeded => "limit exceeded",
            Self::NotFound => "not found",
            Self::Invalid => "invalid request",
            Self::AccessDenied => "access denied",
            Self::WaitTimeout => "wait timed out",
            Self::Other => "error",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// An AWS call (or a wait) that failed, classified.
///
/// `Display` says what was being done, to which object and what went wrong; the underlying SDK
/// error is available through [`std::error::Error::source`] and is not repeated in the message.
#[derive(Debug, thiserror::Error)]
#[error("{operation}{}: {message}", resource_suffix(.resource))]
#[non_exhaustive]
pub struct Error {
    kind: ErrorKind,
    operation: Cow<'static, str>,
    resource: Option<String>,
    message: String,
    retry_after: Option<Duration>,
    attempts: u32,
    #[source]
    source: Option<BoxError>,
}

fn resource_suffix(resource: &Option<String>) -> String {
    resource
        .as_ref()
        .map(|r| format!(" ({r})"))
        .unwrap_or_default()
}

impl Error {
    /// A new error of `kind` raised while performing `operation`.
    pub fn new(
        kind: ErrorKind,
        operation: impl Into<Cow<'static, str>>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            kind,
            operation: operation.into(),
            resource: None,
            message: message.into(),
            retry_after: None,
            attempts: 1,
            source: None,
        }
    }

    /// Names the object the operation was acting on (an API name, a path, a record name).
    pub fn with_resource(mut self, resource: impl Into<String>) -> Self {
        self.resource = Some(resource.into());
        self
    }

    /// Chains the underlying cause.
    pub fn with_source(mut self, source: impl Into<BoxError>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// Records the delay the service asked for before the next attempt.
    pub fn with_retry_after(mut self, delay: Duration) -> Self {
        self.retry_after = Some(delay);
        self
    }

    pub(crate) fn with_attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        self
    }

    pub(crate) fn with_message(mut self, message: String) -> Self {
        self.message = message;
        self
    }

    /// The classification that decided retries.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The AWS operation (or runtime step) that failed, e.g. `CreateResource`.
    pub fn operation(&self) -> &str {
        &self.operation
    }

    /// The object acted on, when known.
    pub fn resource(&self) -> Option<&str> {
        self.resource.as_deref()
    }

    /// The human-readable message, without operation or resource.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The delay the service asked for (`Retry-After`), if any.
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// How many attempts were made before this error was returned.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Shorthand for `kind() == ErrorKind::NotFound`.
    pub fn is_not_found(&self) -> bool {
        self.kind == ErrorKind::NotFound
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_operation_and_resource_without_repeating_the_source() {
        let source = std::io::Error::other("socket closed by peer");
        let err = Error::new(ErrorKind::Transient, "GetRestApis", "connection reset")
            .with_resource("orders")
            .with_source(source);
        assert_eq!(err.to_string(), "GetRestApis (orders): connection reset");
        let chained = std::error::Error::source(&err).map(ToString::to_string);
        assert_eq!(chained.as_deref(), Some("socket closed by peer"));
    }
}
