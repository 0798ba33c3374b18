//! Exit codes (DESIGN §6) and the mapping from errors to them.

use apigw_facade::core::{Error, ErrorKind};

/// Everything went well.
pub const OK: i32 = 0;
/// `diagnose` found a failing check.
pub const CHECK_FAILED: i32 = 1;
/// Invalid spec or usage.
pub const INVALID: i32 = 2;
/// An AWS error, after retries.
pub const AWS: i32 = 3;
/// A wait (certificate, DNS) timed out.
pub const TIMEOUT: i32 = 4;

/// The exit code for an AWS-side error.
pub fn for_error(error: &Error) -> i32 {
    match error.kind() {
        ErrorKind::WaitTimeout => TIMEOUT,
        _ => AWS,
    }
}

/// Prints `error` with its cause chain on stderr and returns its exit code.
pub fn report(error: &Error) -> i32 {
    let mut text = format!("apigw: {error}");
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(&format!("\n  caused by: {cause}"));
        source = cause.source();
    }
    eprintln!("{text}");
    for_error(error)
}
