//! [`Dns`] for [`WithRuntime`]: the operations and kinds of `SdkDns`, and `wait_in_sync`
//! polling the decorated `GetChange`.

use std::time::Duration;

use apigw_core::{Op, Result, Service};
use apigw_dns::{zone_id_of, Change, ChangeInfo, Dns, HostedZone, RecordSet};

use super::WithRuntime;

const LIST_ZONES_BY_NAME: Op = Op::read(Service::Route53, "ListHostedZonesByName");
const GET_ZONE: Op = Op::read(Service::Route53, "GetHostedZone");
const LIST_RECORDS: Op = Op::read(Service::Route53, "ListResourceRecordSets");
// UPSERT converges; a repeated DELETE answers NotFound, which callers removing treat as done.
const CHANGE_RECORDS: Op = Op::write(Service::Route53, "ChangeResourceRecordSets");
const GET_CHANGE: Op = Op::read(Service::Route53, "GetChange");

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
        apigw_dns::poll_in_sync(self, change_id, timeout, poll_interval).await
    }
}
