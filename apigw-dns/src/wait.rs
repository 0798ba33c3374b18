//! [`poll_in_sync`]: the one `GetChange` polling loop behind every [`Dns::wait_in_sync`].

use std::time::Duration;

use apigw_core::{Error, ErrorKind, Result};
use tokio::time::Instant;

use crate::api::Dns;
use crate::model::{ChangeInfo, ChangeStatus};

/// The wait's name in its errors.
const WAIT_IN_SYNC: &str = "WaitForChangeInSync";
/// The shortest pause between two `GetChange` polls, whatever the caller asks.
const MIN_POLL: Duration = Duration::from_millis(10);

/// Polls `dns.get_change(change_id)` every `poll_interval` (at least 10 ms) until the change is
/// `INSYNC`, or fails with [`ErrorKind::WaitTimeout`] once `timeout` has passed. An error of a
/// poll is returned as it is. Each implementation's `wait_in_sync` passes itself, so its polls
/// go through its own `get_change` (journaled, retried, ...).
pub async fn poll_in_sync<D: Dns + ?Sized>(
    dns: &D,
    change_id: &str,
    timeout: Duration,
    poll_interval: Duration,
) -> Result<ChangeInfo> {
    let id = bare_change_id(change_id);
    let started = Instant::now();
    let deadline = started + timeout;
    let poll_interval = poll_interval.max(MIN_POLL);
    let mut polls = 0u32;
    loop {
        let info = dns.get_change(id).await?;
        polls += 1;
        if info.status == ChangeStatus::InSync {
            tracing::debug!(change = id, polls, "change is in sync");
            return Ok(info);
        }
        let now = Instant::now();
        if now >= deadline {
            return Err(Error::new(
                ErrorKind::WaitTimeout,
                WAIT_IN_SYNC,
                format!(
                    "change {id} was still {} after waiting {:.1}s ({polls} polls, limit {:.1}s)",
                    info.status,
                    now.duration_since(started).as_secs_f64(),
                    timeout.as_secs_f64()
                ),
            )
            .with_resource(id.to_owned()));
        }
        tokio::time::sleep(poll_interval.min(deadline - now)).await;
    }
}

/// A change id without Route 53's `/change/` prefix.
pub(crate) fn bare_change_id(id: &str) -> &str {
    let id = id.trim();
    id.strip_prefix("/change/")
        .or_else(|| id.strip_prefix("change/"))
        .unwrap_or(id)
}
