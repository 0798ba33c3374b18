//! [`Dns`] for [`WithRuntime`]: the operations and kinds of `SdkDns`, and `wait_in_sync`
//! polling the decorated `GetChange`.

use std::time::Duration;

use apigw_core::{Error, ErrorKind, Op, Result, Service};
use apigw_dns::{zone_id_of, Change, ChangeInfo, ChangeStatus, Dns, HostedZone, RecordSet};
use tokio::time::Instant;

use super::WithRuntime;

const LIST_ZONES_BY_NAME: Op = Op::read(Service::Route53, "ListHostedZonesByName");
const GET_ZONE: Op = Op::read(Service::Route53, "GetHostedZone");
const LIST_RECORDS: Op = Op::read(Service::Route53, "ListResourceRecordSets");
// UPSERT converges; a repeated DELETE answers NotFound, which callers removing treat as done.
const CHANGE_RECORDS: Op = Op::write(Service::Route53, "ChangeResourceRecordSets");
const GET_CHANGE: Op = Op::read(Service::Route53, "GetChange");
/// The wait's name in its errors, as `SdkDns` spells it.
const WAIT_IN_SYNC: &str = "WaitForChangeInSync";
/// The shortest pause between two `GetChange` polls, whatever the caller asks (as `SdkDns`).
const MIN_POLL: Duration = Duration::from_millis(10);

fn bare_change_id(id: &str) -> &str {
    let id = id.trim();
    id.strip_prefix("/change/")
        .or_else(|| id.strip_prefix("change/"))
        .unwrap_or(id)
}

#[async_trait::async_trait]
impl<T: Dns> Dns for WithRuntime<T> {
    async fn find_zone(&self, zone_or_domain: &str) -> Result<Option<HostedZone>> {
        let op = match zone_id_of(zone_or_domain) {
            Some(_) => GET_ZONE,
            None => LIST_ZONES_BY_NAME,
        };
        self.caller
            .call(op, zone_or_domain, || self.inner.find_zone(zone_or_domain))
            .await
    }

    async fn list_records(
        &self,
        zone_id: &str,
        start_name: Option<String>,
    ) -> Result<Vec<RecordSet>> {
        self.caller
            .call(LIST_RECORDS, zone_id, || {
                self.inner.list_records(zone_id, start_name.clone())
            })
            .await
    }

    async fn change_records(&self, zone_id: &str, changes: Vec<Change>) -> Result<ChangeInfo> {
        self.caller
            .call(CHANGE_RECORDS, zone_id, || {
                self.inner.change_records(zone_id, changes.clone())
            })
            .await
    }

    async fn get_change(&self, change_id: &str) -> Result<ChangeInfo> {
        self.caller
            .call(GET_CHANGE, bare_change_id(change_id), || {
                self.inner.get_change(change_id)
            })
            .await
    }

    /// Polls the decorated [`Dns::get_change`] (each poll retried), with `SdkDns`'s deadline
    /// and message.
    async fn wait_in_sync(
        &self,
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
            let info = self.get_change(id).await?;
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
}
