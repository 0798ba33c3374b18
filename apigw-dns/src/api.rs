//! The [`Dns`] trait: what apigw needs from Route 53.

use std::time::Duration;

use apigw_core::Result;

use crate::model::{Change, ChangeInfo, HostedZone, RecordSet};

/// Route 53 as apigw uses it: find the zone of a domain, read its records, change them, and
/// wait for a change to reach every name server.
///
/// Route 53 is global: one implementation serves every region. Names passed in may be in any
/// spelling (case, trailing dot); names returned are normalised ([`crate::normalize_name`]).
#[cfg_attr(any(test, feature = "mock"), mockall::automock)]
#[async_trait::async_trait]
pub trait Dns: Send + Sync {
    /// The hosted zone named by `zone_or_domain`: a zone id (`Z…`, with or without
    /// `/hostedzone/`) or a domain name.
    ///
    /// By id: `GetHostedZone`; an unknown id gives `Ok(None)`. The zone is returned even when it
    /// is private (check [`HostedZone::private`]): the caller named it explicitly.
    ///
    /// By name: the **public** zone with the longest name that is a suffix of the domain
    /// (`api.eu.example.com` -> `eu.example.com` if that zone exists, else `example.com`),
    /// `ListHostedZonesByName` paginated inside; `Ok(None)` when no public zone matches. Two
    /// public zones with the same best name are ambiguous: `Err` of kind `Invalid` naming both
    /// ids (pass the id instead).
    async fn find_zone(&self, zone_or_domain: &str) -> Result<Option<HostedZone>>;

    /// Every record set of the zone (`ListResourceRecordSets`, paginated inside), in Route 53's
    /// order (by name with labels reversed, then type), starting at `start_name` when given
    /// (the records from that name to the end of the zone). An unknown zone is `Err` of kind
    /// `NotFound`.
    async fn list_records(
        &self,
        zone_id: &str,
        start_name: Option<String>,
    ) -> Result<Vec<RecordSet>>;

    /// Submits one atomic change batch (`ChangeResourceRecordSets`).
    ///
    /// UPSERT is idempotent and retried by the runtime. A DELETE of a record set that does not
    /// exist is `Err` of kind `NotFound`, so a caller removing records can treat it as done;
    /// because a batch is atomic, the other changes of that batch were not applied either (send
    /// deletes one per batch when that matters). A DELETE whose values differ from the live
    /// ones, or any other rejected batch, is `Invalid` with Route 53's messages. An empty batch
    /// is `Invalid` without a call.
    async fn change_records(&self, zone_id: &str, changes: Vec<Change>) -> Result<ChangeInfo>;

    /// The current status of a submitted change (`GetChange`); the id may carry the `/change/`
    /// prefix. An unknown id is `Err` of kind `NotFound`.
    async fn get_change(&self, change_id: &str) -> Result<ChangeInfo>;

    /// Polls [`Dns::get_change`] every `poll_interval` until the change is `INSYNC`.
    ///
    /// Fails with kind `WaitTimeout` (naming the change id and how long it waited) when it is
    /// still pending after `timeout`. Uses tokio's clock, so tests can run it with paused time.
    async fn wait_in_sync(
        &self,
        change_id: &str,
        timeout: Duration,
        poll_interval: Duration,
    ) -> Result<ChangeInfo>;
}
