//! [`Dns`] for [`WithRuntime`]: the operations and kinds of `SdkDns`, and `wait_in_sync`
//! polling the decorated `GetChange`.

use std::time::Duration;

use apigw_core::Result;
use apigw_dns::ops::{
    CHANGE_RESOURCE_RECORD_SETS, GET_CHANGE, GET_HOSTED_ZONE, LIST_HOSTED_ZONES_BY_NAME,
    LIST_RESOURCE_RECORD_SETS,
};
use apigw_dns::{zone_id_of, Change, ChangeInfo, Dns, HostedZone, RecordSet};

use super::WithRuntime;

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
            Some(_) => GET_HOSTED_ZONE,
            None => LIST_HOSTED_ZONES_BY_NAME,
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
            .call(LIST_RESOURCE_RECORD_SETS, zone_id, || {
                self.inner.list_records(zone_id, start_name.clone())
            })
            .await
    }

    async fn change_records(&self, zone_id: &str, changes: Vec<Change>) -> Result<ChangeInfo> {
        self.caller
            .call(CHANGE_RESOURCE_RECORD_SETS, zone_id, || {
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
