//! [`SdkDns`]: the [`Dns`] trait over `aws-sdk-route53`. The only file of this crate that
//! imports `aws_sdk_*`.

use std::time::Duration;

use apigw_core::runtime::{classify, from_sdk, Caller, Op, Service};
use apigw_core::{AwsContext, Error, ErrorKind, Result};
use aws_sdk_route53::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_route53::operation::change_resource_record_sets::ChangeResourceRecordSetsError;
use aws_sdk_route53::types as r53;
use tokio::time::Instant;

use crate::api::Dns;
use crate::model::{
    normalize_name, zone_candidates, zone_id_of, AliasTarget, Change, ChangeAction, ChangeInfo,
    ChangeStatus, HostedZone, RecordSet, RecordType,
};

const LIST_ZONES_BY_NAME: Op = Op::read(Service::Route53, "ListHostedZonesByName");
const GET_ZONE: Op = Op::read(Service::Route53, "GetHostedZone");
const LIST_RECORDS: Op = Op::read(Service::Route53, "ListResourceRecordSets");
const CHANGE_RECORDS: Op = Op::write(Service::Route53, "ChangeResourceRecordSets");
const GET_CHANGE: Op = Op::read(Service::Route53, "GetChange");
const WAIT_IN_SYNC: &str = "WaitForChangeInSync";

/// Route 53's largest page for `ListHostedZonesByName`.
const MAX_ZONE_PAGE: i32 = 100;
/// Route 53's largest page for `ListResourceRecordSets`.
const MAX_RECORD_PAGE: i32 = 300;
/// The shortest pause between two `GetChange` polls, whatever the caller asks.
const MIN_POLL: Duration = Duration::from_millis(10);

/// Route 53 through the AWS SDK.
#[derive(Debug, Clone)]
pub struct SdkDns {
    client: aws_sdk_route53::Client,
    caller: Caller,
    zone_page: i32,
    record_page: i32,
}

impl SdkDns {
    /// Uses the context's (global) Route 53 client and shared caller.
    pub fn new(ctx: &AwsContext) -> Self {
        Self::from_client(ctx.route53().clone(), ctx.caller().clone())
    }

    /// For tests (aws-smithy-mocks clients) and custom clients.
    pub fn from_client(client: aws_sdk_route53::Client, caller: Caller) -> Self {
        Self {
            client,
            caller,
            zone_page: MAX_ZONE_PAGE,
            record_page: MAX_RECORD_PAGE,
        }
    }

    /// Asks for pages of at most `size` items (clamped to 1..=each API's maximum), so tests can
    /// exercise pagination with few objects. Default: the APIs' maxima (100 zones, 300 records).
    pub fn with_page_size(mut self, size: u32) -> Self {
        let size = i32::try_from(size.max(1)).unwrap_or(i32::MAX);
        self.zone_page = size.min(MAX_ZONE_PAGE);
        self.record_page = size.min(MAX_RECORD_PAGE);
        self
    }

    async fn zone_by_id(&self, id: &str) -> Result<Option<HostedZone>> {
        let found = self
            .caller
            .call(GET_ZONE, id, || async move {
                self.client
                    .get_hosted_zone()
                    .id(id)
                    .send()
                    .await
                    .map_err(|e| from_sdk(GET_ZONE.name, e))
            })
            .await;
        match found {
            Ok(out) => match out.hosted_zone() {
                Some(zone) => Ok(Some(zone_from_sdk(zone))),
                None => Err(Error::new(
                    ErrorKind::Other,
                    GET_ZONE.name,
                    "answer had no hosted zone",
                )
                .with_resource(id.to_owned())),
            },
            Err(err) if err.is_not_found() => Ok(None),
            Err(err) => Err(err),
        }
    }

    /// Every zone (public and private) named exactly `name`. Route 53 lists zones in
    /// reversed-label order starting at `DNSName`, so zones of that name come first; pages are
    /// followed only while they still hold that name.
    async fn zones_named(&self, name: &str) -> Result<Vec<HostedZone>> {
        let mut found = Vec::new();
        let mut page_start: Option<(String, Option<String>)> = Some((name.to_owned(), None));
        let mut pages = 0usize;
        while let Some((dns_name, zone_id)) = page_start.take() {
            pages += 1;
            let (dns_name, zone_id) = (&dns_name, &zone_id);
            let out = self
                .caller
                .call(LIST_ZONES_BY_NAME, name, || async move {
                    self.client
                        .list_hosted_zones_by_name()
                        .dns_name(dns_name)
                        .set_hosted_zone_id(zone_id.clone())
                        .max_items(self.zone_page)
                        .send()
                        .await
                        .map_err(|e| from_sdk(LIST_ZONES_BY_NAME.name, e))
                })
                .await?;
            let mut passed_name = false;
            for zone in out.hosted_zones() {
                let zone = zone_from_sdk(zone);
                if zone.name == name {
                    found.push(zone);
                } else {
                    passed_name = true;
                    break;
                }
            }
            if passed_name || !out.is_truncated() {
                break;
            }
            let next_name = out.next_dns_name().map(normalize_name);
            if next_name.as_deref() != Some(name) {
                break;
            }
            let next = (
                out.next_dns_name().unwrap_or(name).to_owned(),
                out.next_hosted_zone_id().map(str::to_owned),
            );
            if pages > 1 && (Some(&next.0), next.1.as_ref()) == (Some(dns_name), zone_id.as_ref())
            {
                return Err(Error::new(
                    ErrorKind::Other,
                    LIST_ZONES_BY_NAME.name,
                    "pagination did not advance (same NextDNSName and NextHostedZoneId)",
                )
                .with_resource(name.to_owned()));
            }
            page_start = Some(next);
        }
        Ok(found)
    }

    async fn zone_by_name(&self, domain: &str) -> Result<Option<HostedZone>> {
        for candidate in zone_candidates(domain) {
            let public: Vec<HostedZone> = self
                .zones_named(&candidate)
                .await?
                .into_iter()
                .filter(|zone| !zone.private)
                .collect();
            match public.len() {
                0 => continue,
                1 => return Ok(public.into_iter().next()),
                _ => {
                    let ids: Vec<&str> = public.iter().map(|z| z.id.as_str()).collect();
                    return Err(Error::new(
                        ErrorKind::Invalid,
                        LIST_ZONES_BY_NAME.name,
                        format!(
                            "{} public hosted zones are named {candidate} ({}): name the zone by id instead",
                            public.len(),
                            ids.join(", ")
                        ),
                    )
                    .with_resource(domain.to_owned()));
                }
            }
        }
        Ok(None)
    }
}

#[async_trait::async_trait]
impl Dns for SdkDns {
    async fn find_zone(&self, zone_or_domain: &str) -> Result<Option<HostedZone>> {
        match zone_id_of(zone_or_domain) {
            Some(id) => self.zone_by_id(id).await,
            None => self.zone_by_name(zone_or_domain).await,
        }
    }

    async fn list_records(
        &self,
        zone_id: &str,
        start_name: Option<String>,
    ) -> Result<Vec<RecordSet>> {
        let zone_id = bare_id(zone_id);
        let mut records = Vec::new();
        let mut start = StartAt {
            name: start_name.as_deref().map(normalize_name),
            record_type: None,
            identifier: None,
        };
        loop {
            let at = &start;
            let out = self
                .caller
                .call(LIST_RECORDS, zone_id, || async move {
                    self.client
                        .list_resource_record_sets()
                        .hosted_zone_id(zone_id)
                        .set_start_record_name(at.name.clone())
                        .set_start_record_type(at.record_type.clone())
                        .set_start_record_identifier(at.identifier.clone())
                        .max_items(self.record_page)
                        .send()
                        .await
                        .map_err(|e| from_sdk(LIST_RECORDS.name, e))
                })
                .await?;
            records.extend(out.resource_record_sets().iter().map(record_from_sdk));
            if !out.is_truncated() {
                break;
            }
            let next = StartAt {
                name: out.next_record_name().map(str::to_owned),
                record_type: out.next_record_type().cloned(),
                identifier: out.next_record_identifier().map(str::to_owned),
            };
            if next.name.is_none() || next == start {
                return Err(Error::new(
                    ErrorKind::Other,
                    LIST_RECORDS.name,
                    "answer was truncated but named no next record to start from",
                )
                .with_resource(zone_id.to_owned()));
            }
            start = next;
        }
        Ok(records)
    }

    async fn change_records(&self, zone_id: &str, changes: Vec<Change>) -> Result<ChangeInfo> {
        let zone_id = bare_id(zone_id);
        if changes.is_empty() {
            return Err(Error::new(
                ErrorKind::Invalid,
                CHANGE_RECORDS.name,
                "a change batch needs at least one change",
            )
            .with_resource(zone_id.to_owned()));
        }
        let batch = change_batch_to_sdk(&changes)
            .map_err(|e| e.with_resource(zone_id.to_owned()))?;
        let batch = &batch;
        let out = self
            .caller
            .call(CHANGE_RECORDS, zone_id, || async move {
                self.client
                    .change_resource_record_sets()
                    .hosted_zone_id(zone_id)
                    .change_batch(batch.clone())
                    .send()
                    .await
                    .map_err(change_error)
            })
            .await?;
        out.change_info()
            .map(change_info_from_sdk)
            .ok_or_else(|| {
                Error::new(ErrorKind::Other, CHANGE_RECORDS.name, "answer had no change info")
                    .with_resource(zone_id.to_owned())
            })
    }

    async fn get_change(&self, change_id: &str) -> Result<ChangeInfo> {
        let id = bare_change_id(change_id);
        let out = self
            .caller
            .call(GET_CHANGE, id, || async move {
                self.client
                    .get_change()
                    .id(id)
                    .send()
                    .await
                    .map_err(|e| from_sdk(GET_CHANGE.name, e))
            })
            .await?;
        out.change_info()
            .map(change_info_from_sdk)
            .ok_or_else(|| {
                Error::new(ErrorKind::Other, GET_CHANGE.name, "answer had no change info")
                    .with_resource(id.to_owned())
            })
    }

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

/// Where the next `ListResourceRecordSets` page starts.
#[derive(Debug, PartialEq)]
struct StartAt {
    name: Option<String>,
    record_type: Option<r53::RrType>,
    identifier: Option<String>,
}

fn bare_id(id: &str) -> &str {
    let id = id.trim();
    id.strip_prefix("/hostedzone/")
        .or_else(|| id.strip_prefix("hostedzone/"))
        .unwrap_or(id)
}

fn bare_change_id(id: &str) -> &str {
    let id = id.trim();
    id.strip_prefix("/change/")
        .or_else(|| id.strip_prefix("change/"))
        .unwrap_or(id)
}

fn zone_from_sdk(zone: &r53::HostedZone) -> HostedZone {
    HostedZone {
        id: bare_id(zone.id()).to_owned(),
        name: normalize_name(zone.name()),
        private: zone.config().is_some_and(|c| c.private_zone()),
        record_count: zone
            .resource_record_set_count()
            .and_then(|n| u64::try_from(n).ok())
            .unwrap_or(0),
    }
}

fn record_from_sdk(record: &r53::ResourceRecordSet) -> RecordSet {
    RecordSet {
        name: normalize_name(record.name()),
        record_type: RecordType::from(record.r#type().as_str()),
        ttl: record.ttl().and_then(|t| u64::try_from(t).ok()),
        values: record
            .resource_records()
            .iter()
            .map(|r| r.value().to_owned())
            .collect(),
        alias: record.alias_target().map(|a| AliasTarget {
            dns_name: normalize_name(a.dns_name()),
            hosted_zone_id: a.hosted_zone_id().to_owned(),
            evaluate_target_health: a.evaluate_target_health(),
        }),
    }
}

fn change_info_from_sdk(info: &r53::ChangeInfo) -> ChangeInfo {
    ChangeInfo {
        id: bare_change_id(info.id()).to_owned(),
        status: match info.status() {
            r53::ChangeStatus::Insync => ChangeStatus::InSync,
            _ => ChangeStatus::Pending,
        },
    }
}

fn invalid(message: String) -> Error {
    Error::new(ErrorKind::Invalid, CHANGE_RECORDS.name, message)
}

fn record_to_sdk(record: &RecordSet) -> Result<r53::ResourceRecordSet> {
    let name = normalize_name(&record.name);
    if name.is_empty() {
        return Err(invalid("a record set needs a name".into()));
    }
    let mut builder = r53::ResourceRecordSet::builder()
        .name(name.as_str())
        .r#type(r53::RrType::from(record.record_type.as_str()));
    match (&record.alias, record.values.is_empty()) {
        (Some(_), false) => {
            return Err(invalid(format!(
                "record set {name} {} has both an alias target and values",
                record.record_type
            )))
        }
        (None, true) => {
            return Err(invalid(format!(
                "record set {name} {} has neither an alias target nor values",
                record.record_type
            )))
        }
        (Some(alias), true) => {
            let target = r53::AliasTarget::builder()
                .dns_name(normalize_name(&alias.dns_name))
                .hosted_zone_id(alias.hosted_zone_id.as_str())
                .evaluate_target_health(alias.evaluate_target_health)
                .build()
                .map_err(|e| invalid(format!("alias target of {name}: {e}")))?;
            builder = builder.alias_target(target);
        }
        (None, false) => {
            let ttl = record.ttl.ok_or_else(|| {
                invalid(format!(
                    "record set {name} {} has values but no TTL",
                    record.record_type
                ))
            })?;
            let ttl = i64::try_from(ttl)
                .map_err(|_| invalid(format!("TTL {ttl} of {name} is out of range")))?;
            builder = builder.ttl(ttl);
            for value in &record.values {
                let value = r53::ResourceRecord::builder()
                    .value(value.as_str())
                    .build()
                    .map_err(|e| invalid(format!("value of {name}: {e}")))?;
                builder = builder.resource_records(value);
            }
        }
    }
    builder
        .build()
        .map_err(|e| invalid(format!("record set {name}: {e}")))
}

fn change_batch_to_sdk(changes: &[Change]) -> Result<r53::ChangeBatch> {
    let mut batch = r53::ChangeBatch::builder();
    for change in changes {
        let action = match change.action {
            ChangeAction::Upsert => r53::ChangeAction::Upsert,
            ChangeAction::Delete => r53::ChangeAction::Delete,
        };
        let sdk_change = r53::Change::builder()
            .action(action)
            .resource_record_set(record_to_sdk(&change.record)?)
            .build()
            .map_err(|e| invalid(format!("change of {}: {e}", change.record.name)))?;
        batch = batch.changes(sdk_change);
    }
    batch
        .build()
        .map_err(|e| invalid(format!("change batch: {e}")))
}

/// `InvalidChangeBatch` carries its reasons in a `Messages` list (the generic message may be
/// absent), and "tried to delete … but it was not found" means the record is already gone:
/// `NotFound`, so deletes converge.
fn change_error(err: SdkError<ChangeResourceRecordSetsError>) -> Error {
    let batch_messages = match err.as_service_error() {
        Some(ChangeResourceRecordSetsError::InvalidChangeBatch(batch)) => {
            let mut messages: Vec<String> = batch.messages().to_vec();
            for extra in [batch.message(), batch.meta().message()].into_iter().flatten() {
                if !messages.iter().any(|m| m == extra) {
                    messages.push(extra.to_owned());
                }
            }
            Some(messages)
        }
        _ => None,
    };
    let Some(messages) = batch_messages else {
        return from_sdk(CHANGE_RECORDS.name, err);
    };
    let message = if messages.is_empty() {
        "the change batch was rejected (InvalidChangeBatch with no message)".to_owned()
    } else {
        messages.join("; ")
    };
    let kind = if messages.iter().any(|m| is_delete_not_found(m)) {
        ErrorKind::NotFound
    } else {
        let status = err.raw_response().map(|r| r.status().as_u16());
        classify(Some("InvalidChangeBatch"), status, &message)
    };
    Error::new(kind, CHANGE_RECORDS.name, message).with_source(err)
}

fn is_delete_not_found(message: &str) -> bool {
    let lower = message.to_ascii_lowercase();
    lower.contains("delete") && lower.contains("not found")
}
