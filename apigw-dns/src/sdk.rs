//! [`SdkDns`]: the [`Dns`] trait over `aws-sdk-route53`. The only file of this crate that
//! imports `aws_sdk_*`.

use std::time::Duration;

use apigw_core::runtime::{classify, from_sdk, Caller};
use apigw_core::{AwsContext, Error, ErrorKind, Result};
use aws_sdk_route53::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_route53::operation::change_resource_record_sets::ChangeResourceRecordSetsError;
use aws_sdk_route53::types as r53;

use crate::api::Dns;
use crate::model::{
    normalize_name, zone_candidates, zone_id_of, AliasTarget, Change, ChangeAction, ChangeInfo,
    ChangeStatus, HostedZone, RecordSet, RecordType,
};
use crate::ops::{
    CHANGE_RESOURCE_RECORD_SETS, GET_CHANGE, GET_HOSTED_ZONE, LIST_HOSTED_ZONES_BY_NAME,
    LIST_RESOURCE_RECORD_SETS,
};
use crate::wait::bare_change_id;

/// Route 53's largest page for `ListHostedZonesByName`.
const MAX_ZONE_PAGE: i32 = 100;
/// Route 53's largest page for `ListResourceRecordSets`.
const MAX_RECORD_PAGE: i32 = 300;

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
            .call(GET_HOSTED_ZONE, id, || async move {
                self.client
                    .get_hosted_zone()
                    .id(id)
                    .send()
                    .await
                    .map_err(|e| from_sdk(GET_HOSTED_ZONE.name, e))
            })
            .await;
        match found {
            Ok(out) => match out.hosted_zone() {
                Some(zone) => Ok(Some(zone_from_sdk(zone))),
                None => Err(Error::new(
                    ErrorKind::Other,
                    GET_HOSTED_ZONE.name,
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
                .call(LIST_HOSTED_ZONES_BY_NAME, name, || async move {
                    self.client
                        .list_hosted_zones_by_name()
                        .dns_name(dns_name)
                        .set_hosted_zone_id(zone_id.clone())
                        .max_items(self.zone_page)
                        .send()
                        .await
                        .map_err(|e| from_sdk(LIST_HOSTED_ZONES_BY_NAME.name, e))
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
            if pages > 1 && (Some(&next.0), next.1.as_ref()) == (Some(dns_name), zone_id.as_ref()) {
                return Err(Error::new(
                    ErrorKind::Other,
                    LIST_HOSTED_ZONES_BY_NAME.name,
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
                        LIST_HOSTED_ZONES_BY_NAME.name,
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
                .call(LIST_RESOURCE_RECORD_SETS, zone_id, || async move {
                    self.client
                        .list_resource_record_sets()
                        .hosted_zone_id(zone_id)
                        .set_start_record_name(at.name.clone())
                        .set_start_record_type(at.record_type.clone())
                        .set_start_record_identifier(at.identifier.clone())
                        .max_items(self.record_page)
                        .send()
                        .await
                        .map_err(|e| from_sdk(LIST_RESOURCE_RECORD_SETS.name, e))
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
                    LIST_RESOURCE_RECORD_SETS.name,
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
                CHANGE_RESOURCE_RECORD_SETS.name,
                "a change batch needs at least one change",
            )
            .with_resource(zone_id.to_owned()));
        }
        let batch =
            change_batch_to_sdk(&changes).map_err(|e| e.with_resource(zone_id.to_owned()))?;
        let batch = &batch;
        let out = self
            .caller
            .call(CHANGE_RESOURCE_RECORD_SETS, zone_id, || async move {
                self.client
                    .change_resource_record_sets()
                    .hosted_zone_id(zone_id)
                    .change_batch(batch.clone())
                    .send()
                    .await
                    .map_err(change_error)
            })
            .await?;
        out.change_info().map(change_info_from_sdk).ok_or_else(|| {
            Error::new(
                ErrorKind::Other,
                CHANGE_RESOURCE_RECORD_SETS.name,
                "answer had no change info",
            )
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
        out.change_info().map(change_info_from_sdk).ok_or_else(|| {
            Error::new(
                ErrorKind::Other,
                GET_CHANGE.name,
                "answer had no change info",
            )
            .with_resource(id.to_owned())
        })
    }

    async fn wait_in_sync(
        &self,
        change_id: &str,
        timeout: Duration,
        poll_interval: Duration,
    ) -> Result<ChangeInfo> {
        crate::wait::poll_in_sync(self, change_id, timeout, poll_interval).await
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
    Error::new(
        ErrorKind::Invalid,
        CHANGE_RESOURCE_RECORD_SETS.name,
        message,
    )
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
            for extra in [batch.message(), batch.meta().message()]
                .into_iter()
                .flatten()
            {
                if !messages.iter().any(|m| m == extra) {
                    messages.push(extra.to_owned());
                }
            }
            Some(messages)
        }
        _ => None,
    };
    let Some(messages) = batch_messages else {
        if legacy_delete_not_found(&err) {
            let message = "tried to delete a record set that was not found".to_owned();
            return Error::new(
                ErrorKind::NotFound,
                CHANGE_RESOURCE_RECORD_SETS.name,
                message,
            )
            .with_source(err);
        }
        return from_sdk(CHANGE_RESOURCE_RECORD_SETS.name, err);
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
    Error::new(kind, CHANGE_RESOURCE_RECORD_SETS.name, message).with_source(err)
}

/// Route 53 used to answer with an `<InvalidChangeBatch>` root element instead of the standard
/// `<ErrorResponse>`, which the SDK cannot parse (no code); read the raw body for that case.
fn legacy_delete_not_found(err: &SdkError<ChangeResourceRecordSetsError>) -> bool {
    err.raw_response()
        .and_then(|raw| raw.body().bytes())
        .map(String::from_utf8_lossy)
        .is_some_and(|body| body.contains("<InvalidChangeBatch") && is_delete_not_found(&body))
}

fn is_delete_not_found(message: &str) -> bool {
    let lower = message.to_ascii_lowercase();
    lower.contains("delete") && lower.contains("not found")
}

#[cfg(test)]
mod tests {
    use super::*;
    use apigw_core::runtime::{PacingConfig, RetryPolicy};
    use apigw_core::RuntimeConfig;
    use aws_sdk_route53::operation::change_resource_record_sets::ChangeResourceRecordSetsOutput;
    use aws_sdk_route53::operation::get_change::GetChangeOutput;
    use aws_sdk_route53::operation::get_hosted_zone::GetHostedZoneOutput;
    use aws_sdk_route53::operation::list_hosted_zones_by_name::ListHostedZonesByNameOutput;
    use aws_sdk_route53::operation::list_resource_record_sets::ListResourceRecordSetsOutput;
    use aws_sdk_route53::primitives::DateTime;
    use aws_sdk_route53::Client;
    use aws_smithy_mocks::{mock, mock_client, RuleMode};
    use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
    use aws_smithy_runtime_api::http::StatusCode;
    use aws_smithy_types::body::SdkBody;
    use tokio::time::Instant;

    /// A mocked client with the SDK's own retries off, as `AwsContext` builds them: only the
    /// runtime retries, and rule call counts are exact.
    macro_rules! client {
        ($mode:expr, $rules:expr) => {
            mock_client!(aws_sdk_route53, $mode, $rules, |c| {
                c.retry_config(aws_sdk_route53::config::retry::RetryConfig::disabled())
            })
        };
    }

    fn caller(attempts: u32) -> Caller {
        Caller::new(RuntimeConfig {
            pacing: PacingConfig::disabled(),
            retry: RetryPolicy::default()
                .with_max_attempts(attempts)
                .with_jitter_seed(7),
            ..Default::default()
        })
    }

    fn zone(id: &str, name: &str, private: bool) -> r53::HostedZone {
        r53::HostedZone::builder()
            .id(format!("/hostedzone/{id}"))
            .name(name)
            .caller_reference("ref")
            .config(
                r53::HostedZoneConfig::builder()
                    .private_zone(private)
                    .build(),
            )
            .resource_record_set_count(3)
            .build()
            .unwrap()
    }

    fn zones_page(
        zones: Vec<r53::HostedZone>,
        next: Option<(&str, &str)>,
    ) -> ListHostedZonesByNameOutput {
        ListHostedZonesByNameOutput::builder()
            .set_hosted_zones(Some(zones))
            .is_truncated(next.is_some())
            .set_next_dns_name(next.map(|n| n.0.to_owned()))
            .set_next_hosted_zone_id(next.map(|n| n.1.to_owned()))
            .max_items(1)
            .build()
            .unwrap()
    }

    fn xml_error(status: u16, code: &str, message: &str) -> HttpResponse {
        let body = format!(
            "<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">\
             <Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error>\
             <RequestId>r-1</RequestId></ErrorResponse>"
        );
        HttpResponse::new(StatusCode::try_from(status).unwrap(), SdkBody::from(body))
    }

    fn change_output(status: r53::ChangeStatus) -> r53::ChangeInfo {
        r53::ChangeInfo::builder()
            .id("/change/C2682N5HXP0BZ4")
            .status(status)
            .submitted_at(DateTime::from_secs(0))
            .build()
            .unwrap()
    }

    #[tokio::test]
    async fn zone_lookup_takes_the_longest_public_suffix_across_pages() {
        let longest = mock!(Client::list_hosted_zones_by_name)
            .match_requests(|r| r.dns_name() == Some("api.eu.example.com"))
            .then_output(|| zones_page(vec![zone("ZX", "b.eu.example.com.", false)], None));
        let first = mock!(Client::list_hosted_zones_by_name)
            .match_requests(|r| {
                r.dns_name() == Some("eu.example.com")
                    && r.hosted_zone_id().is_none()
                    && r.max_items() == Some(1)
            })
            .then_output(|| {
                zones_page(
                    vec![zone("ZPRIVATE", "eu.example.com.", true)],
                    Some(("eu.example.com.", "ZPUBLIC")),
                )
            });
        let second = mock!(Client::list_hosted_zones_by_name)
            .match_requests(|r| {
                r.dns_name() == Some("eu.example.com.") && r.hosted_zone_id() == Some("ZPUBLIC")
            })
            .then_output(|| {
                zones_page(
                    vec![
                        zone("ZPUBLIC", "EU.example.com.", false),
                        zone("ZOTHER", "fr.example.com.", false),
                    ],
                    Some(("fr.example.com.", "ZOTHER")),
                )
            });
        let client = client!(RuleMode::Sequential, [&longest, &first, &second]);
        let dns = SdkDns::from_client(client, caller(1)).with_page_size(1);

        let found = dns.find_zone("API.eu.example.com.").await.unwrap();

        assert_eq!(
            found,
            Some(HostedZone {
                id: "ZPUBLIC".into(),
                name: "eu.example.com".into(),
                private: false,
                record_count: 3,
            })
        );
        assert_eq!(
            (longest.num_calls(), first.num_calls(), second.num_calls()),
            (1, 1, 1)
        );
    }

    #[tokio::test]
    async fn zone_lookup_falls_back_to_the_parent_zone_and_skips_private_ones() {
        let empty = mock!(Client::list_hosted_zones_by_name)
            .match_requests(|r| r.dns_name() == Some("api.eu.example.com"))
            .then_output(|| zones_page(vec![], None));
        let private_only = mock!(Client::list_hosted_zones_by_name)
            .match_requests(|r| r.dns_name() == Some("eu.example.com"))
            .then_output(|| zones_page(vec![zone("ZP", "eu.example.com.", true)], None));
        let parent = mock!(Client::list_hosted_zones_by_name)
            .match_requests(|r| r.dns_name() == Some("example.com"))
            .then_output(|| zones_page(vec![zone("ZROOT", "example.com.", false)], None));
        let client = client!(RuleMode::Sequential, [&empty, &private_only, &parent]);
        let dns = SdkDns::from_client(client, caller(1));

        let found = dns.find_zone("api.eu.example.com").await.unwrap().unwrap();
        assert_eq!(found.id, "ZROOT");
        assert_eq!(found.name, "example.com");
    }

    #[tokio::test]
    async fn zone_lookup_without_a_match_is_none_and_duplicates_are_ambiguous() {
        let none = mock!(Client::list_hosted_zones_by_name)
            .then_output(|| zones_page(vec![zone("ZO", "other.org.", false)], None));
        let client = client!(RuleMode::MatchAny, [&none]);
        let dns = SdkDns::from_client(client, caller(1));
        assert_eq!(dns.find_zone("api.example.com").await.unwrap(), None);
        assert_eq!(none.num_calls(), 2, "api.example.com, then example.com");

        let twins = mock!(Client::list_hosted_zones_by_name).then_output(|| {
            zones_page(
                vec![
                    zone("ZA", "example.com.", false),
                    zone("ZB", "example.com.", false),
                ],
                None,
            )
        });
        let client = client!(RuleMode::MatchAny, [&twins]);
        let dns = SdkDns::from_client(client, caller(1));
        let err = dns.find_zone("example.com").await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Invalid);
        assert!(err.message().contains("ZA, ZB"), "{err}");
    }

    #[tokio::test]
    async fn zone_lookup_by_id_uses_get_hosted_zone() {
        let found = mock!(Client::get_hosted_zone)
            .match_requests(|r| r.id() == Some("Z0441723226OZ66S5ZCNZ"))
            .sequence()
            .output(|| {
                GetHostedZoneOutput::builder()
                    .hosted_zone(zone("Z0441723226OZ66S5ZCNZ", "example.com.", false))
                    .build()
            })
            .times(2)
            .build();
        let missing = mock!(Client::get_hosted_zone).then_http_response(|| {
            xml_error(
                404,
                "NoSuchHostedZone",
                "No hosted zone found with ID: ZNOPE",
            )
        });
        let client = client!(RuleMode::Sequential, [&found, &missing]);
        let dns = SdkDns::from_client(client, caller(1));

        let zone = dns
            .find_zone("Z0441723226OZ66S5ZCNZ")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(zone.name, "example.com");
        assert_eq!(zone.id, "Z0441723226OZ66S5ZCNZ");
        let again = dns
            .find_zone("/hostedzone/Z0441723226OZ66S5ZCNZ")
            .await
            .unwrap();
        assert_eq!(again, Some(zone));
        assert_eq!(dns.find_zone("ZNOPE").await.unwrap(), None);
    }

    #[tokio::test]
    async fn records_are_listed_across_pages_with_escapes_decoded() {
        let page1 = mock!(Client::list_resource_record_sets)
            .match_requests(|r| {
                r.hosted_zone_id() == Some("ZONE")
                    && r.start_record_name() == Some("example.com")
                    && r.start_record_type().is_none()
                    && r.max_items() == Some(2)
            })
            .then_output(|| {
                ListResourceRecordSetsOutput::builder()
                    .resource_record_sets(
                        r53::ResourceRecordSet::builder()
                            .name("\\052.Example.com.")
                            .r#type(r53::RrType::Cname)
                            .ttl(300)
                            .resource_records(
                                r53::ResourceRecord::builder()
                                    .value("target.example.net.")
                                    .build()
                                    .unwrap(),
                            )
                            .build()
                            .unwrap(),
                    )
                    .resource_record_sets(
                        r53::ResourceRecordSet::builder()
                            .name("api.example.com.")
                            .r#type(r53::RrType::A)
                            .alias_target(
                                r53::AliasTarget::builder()
                                    .dns_name("D-ABC.execute-api.us-west-2.amazonaws.com.")
                                    .hosted_zone_id("Z2OJLYMUO9EFXC")
                                    .evaluate_target_health(false)
                                    .build()
                                    .unwrap(),
                            )
                            .build()
                            .unwrap(),
                    )
                    .is_truncated(true)
                    .next_record_name("api.example.com.")
                    .next_record_type(r53::RrType::Aaaa)
                    .max_items(2)
                    .build()
                    .unwrap()
            });
        let page2 = mock!(Client::list_resource_record_sets)
            .match_requests(|r| {
                r.start_record_name() == Some("api.example.com.")
                    && r.start_record_type() == Some(&r53::RrType::Aaaa)
            })
            .then_output(|| {
                ListResourceRecordSetsOutput::builder()
                    .resource_record_sets(
                        r53::ResourceRecordSet::builder()
                            .name("api.example.com.")
                            .r#type(r53::RrType::Txt)
                            .ttl(60)
                            .resource_records(
                                r53::ResourceRecord::builder()
                                    .value("\"v=1\"")
                                    .build()
                                    .unwrap(),
                            )
                            .build()
                            .unwrap(),
                    )
                    .is_truncated(false)
                    .max_items(2)
                    .build()
                    .unwrap()
            });
        let client = client!(RuleMode::Sequential, [&page1, &page2]);
        let dns = SdkDns::from_client(client, caller(1)).with_page_size(2);

        let records = dns
            .list_records("/hostedzone/ZONE", Some("Example.com.".into()))
            .await
            .unwrap();

        assert_eq!(records.len(), 3);
        assert_eq!(records[0].name, "*.example.com");
        assert_eq!(records[0].record_type, RecordType::Cname);
        assert_eq!(records[0].ttl, Some(300));
        assert_eq!(records[0].values, ["target.example.net."]);
        assert!(records[1].is_named("API.example.com."));
        assert_eq!(
            records[1].alias,
            Some(AliasTarget {
                dns_name: "d-abc.execute-api.us-west-2.amazonaws.com".into(),
                hosted_zone_id: "Z2OJLYMUO9EFXC".into(),
                evaluate_target_health: false,
            })
        );
        assert_eq!(records[1].ttl, None);
        assert_eq!(records[2].record_type, RecordType::Txt);
    }

    #[tokio::test]
    async fn changes_are_sent_as_one_batch_and_map_back() {
        let rule = mock!(Client::change_resource_record_sets)
            .match_requests(|r| {
                let Some(batch) = r.change_batch() else {
                    return false;
                };
                let [alias, cname] = batch.changes() else {
                    return false;
                };
                let a = alias.resource_record_set().unwrap();
                let c = cname.resource_record_set().unwrap();
                r.hosted_zone_id() == Some("ZONE")
                    && alias.action() == &r53::ChangeAction::Upsert
                    && a.name() == "api.example.com"
                    && a.r#type() == &r53::RrType::A
                    && a.ttl().is_none()
                    && a.resource_records().is_empty()
                    && a.alias_target().map(|t| t.dns_name())
                        == Some("d-abc.execute-api.us-west-2.amazonaws.com")
                    && cname.action() == &r53::ChangeAction::Delete
                    && c.r#type() == &r53::RrType::Cname
                    && c.ttl() == Some(300)
                    && c.resource_records()[0].value() == "_v.acm-validations.aws."
            })
            .then_output(|| {
                ChangeResourceRecordSetsOutput::builder()
                    .change_info(change_output(r53::ChangeStatus::Pending))
                    .build()
            });
        let client = client!(RuleMode::Sequential, [&rule]);
        let dns = SdkDns::from_client(client, caller(1));
        let alias = RecordSet::alias(
            "API.example.com.",
            RecordType::A,
            AliasTarget {
                dns_name: "d-abc.execute-api.us-west-2.amazonaws.com.".into(),
                hosted_zone_id: "Z2OJLYMUO9EFXC".into(),
                evaluate_target_health: false,
            },
        );
        let cname = RecordSet::cname("_x.api.example.com.", "_v.acm-validations.aws.", 300);

        let info = dns
            .change_records("ZONE", vec![Change::upsert(alias), Change::delete(cname)])
            .await
            .unwrap();

        assert_eq!(
            info,
            ChangeInfo {
                id: "C2682N5HXP0BZ4".into(),
                status: ChangeStatus::Pending,
            }
        );
        assert_eq!(rule.num_calls(), 1);
    }

    #[tokio::test]
    async fn malformed_batches_are_refused_without_a_call() {
        let client = client!(RuleMode::MatchAny, Vec::<&aws_smithy_mocks::Rule>::new());
        let dns = SdkDns::from_client(client, caller(1));
        let empty = dns.change_records("ZONE", vec![]).await.unwrap_err();
        assert_eq!(empty.kind(), ErrorKind::Invalid);
        let mut both = RecordSet::cname("a.example.com", "b.example.com", 60);
        both.alias = Some(AliasTarget::default());
        let err = dns
            .change_records("ZONE", vec![Change::upsert(both)])
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Invalid);
        assert!(
            err.message().contains("both an alias target and values"),
            "{err}"
        );
        let mut no_ttl = RecordSet::cname("a.example.com", "b.example.com", 60);
        no_ttl.ttl = None;
        let err = dns
            .change_records("ZONE", vec![Change::upsert(no_ttl)])
            .await
            .unwrap_err();
        assert!(err.message().contains("no TTL"), "{err}");
    }

    #[tokio::test]
    async fn deleting_a_missing_record_is_not_found_and_other_rejections_are_invalid() {
        let gone = mock!(Client::change_resource_record_sets).then_http_response(|| {
            xml_error(
                400,
                "InvalidChangeBatch",
                "[Tried to delete resource record set [name='_x.example.com.', type='CNAME'] but it was not found]",
            )
        });
        let legacy = mock!(Client::change_resource_record_sets).then_http_response(|| {
            HttpResponse::new(
                StatusCode::try_from(400).unwrap(),
                SdkBody::from(
                    "<?xml version=\"1.0\"?>\n<InvalidChangeBatch xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">\
                     <Messages><Message>Tried to delete resource record set [name='_x.example.com.', type='CNAME'] but it was not found</Message></Messages>\
                     <RequestId>r-2</RequestId></InvalidChangeBatch>",
                ),
            )
        });
        let mismatch = mock!(Client::change_resource_record_sets).then_http_response(|| {
            xml_error(
                400,
                "InvalidChangeBatch",
                "[Tried to delete resource record set [name='_x.example.com.', type='CNAME'] but the values provided do not match the current values]",
            )
        });
        let client = client!(RuleMode::Sequential, [&gone, &legacy, &mismatch]);
        let dns = SdkDns::from_client(client, caller(3));
        let delete = || {
            vec![Change::delete(RecordSet::cname(
                "_x.example.com",
                "_v.acm-validations.aws.",
                300,
            ))]
        };

        let err = dns.change_records("ZONE", delete()).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
        assert!(err.message().contains("but it was not found"), "{err}");
        assert_eq!(err.attempts(), 1);
        let err = dns.change_records("ZONE", delete()).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
        let err = dns.change_records("ZONE", delete()).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Invalid, "{err}");
        assert!(err.message().contains("do not match"), "{err}");
        assert_eq!(err.attempts(), 1, "an invalid batch is not retried");
    }

    #[tokio::test(start_paused = true)]
    async fn wait_in_sync_polls_until_insync() {
        let rule = mock!(Client::get_change)
            .match_requests(|r| r.id() == Some("C2682N5HXP0BZ4"))
            .sequence()
            .output(|| {
                GetChangeOutput::builder()
                    .change_info(change_output(r53::ChangeStatus::Pending))
                    .build()
            })
            .times(2)
            .output(|| {
                GetChangeOutput::builder()
                    .change_info(change_output(r53::ChangeStatus::Insync))
                    .build()
            })
            .build();
        let client = client!(RuleMode::Sequential, [&rule]);
        let dns = SdkDns::from_client(client, caller(1));
        let started = Instant::now();

        let info = dns
            .wait_in_sync(
                "/change/C2682N5HXP0BZ4",
                Duration::from_secs(60),
                Duration::from_secs(5),
            )
            .await
            .unwrap();

        assert_eq!(info.status, ChangeStatus::InSync);
        assert_eq!(rule.num_calls(), 3);
        assert_eq!(started.elapsed(), Duration::from_secs(10));
    }

    #[tokio::test(start_paused = true)]
    async fn wait_in_sync_times_out_naming_the_change() {
        let rule = mock!(Client::get_change)
            .sequence()
            .output(|| {
                GetChangeOutput::builder()
                    .change_info(change_output(r53::ChangeStatus::Pending))
                    .build()
            })
            .repeatedly()
            .build();
        let client = client!(RuleMode::Sequential, [&rule]);
        let dns = SdkDns::from_client(client, caller(1));

        let err = dns
            .wait_in_sync(
                "C2682N5HXP0BZ4",
                Duration::from_secs(30),
                Duration::from_secs(10),
            )
            .await
            .unwrap_err();

        assert_eq!(err.kind(), ErrorKind::WaitTimeout);
        assert_eq!(err.resource(), Some("C2682N5HXP0BZ4"));
        assert!(
            err.message()
                .contains("change C2682N5HXP0BZ4 was still PENDING"),
            "{err}"
        );
        assert!(err.message().contains("waiting 30.0s"), "{err}");
        assert_eq!(rule.num_calls(), 4, "at 0, 10, 20 and 30 s");
    }

    #[tokio::test]
    async fn errors_are_classified() {
        let cases: &[(u16, Option<&str>, &str, ErrorKind)] = &[
            (
                400,
                Some("Throttling"),
                "Rate exceeded",
                ErrorKind::Throttled,
            ),
            (
                400,
                Some("PriorRequestNotComplete"),
                "The request was rejected because Route 53 was still processing a prior request.",
                ErrorKind::Throttled,
            ),
            (429, None, "", ErrorKind::Throttled),
            (
                400,
                Some("ConcurrentModification"),
                "A conflicting modification is in progress",
                ErrorKind::Conflict,
            ),
            (
                404,
                Some("NoSuchHostedZone"),
                "No hosted zone found with ID: Z1",
                ErrorKind::NotFound,
            ),
            (
                400,
                Some("LimitsExceeded"),
                "Limits exceeded",
                ErrorKind::LimitExceeded,
            ),
            (
                403,
                Some("AccessDenied"),
                "User is not authorized",
                ErrorKind::AccessDenied,
            ),
            (400, Some("InvalidInput"), "Invalid XML", ErrorKind::Invalid),
            (503, None, "", ErrorKind::Transient),
        ];
        for (status, code, message, want) in cases {
            let (status, code, message) = (*status, *code, *message);
            let rule =
                mock!(Client::list_resource_record_sets).then_http_response(move || match code {
                    Some(code) => xml_error(status, code, message),
                    None => {
                        HttpResponse::new(StatusCode::try_from(status).unwrap(), SdkBody::from(""))
                    }
                });
            let client = client!(RuleMode::Sequential, [&rule]);
            let dns = SdkDns::from_client(client, caller(1));
            let err = dns.list_records("Z1", None).await.unwrap_err();
            assert_eq!(err.kind(), *want, "{status} {code:?}: {err}");
            assert_eq!(err.operation(), "ListResourceRecordSets");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn throttling_is_retried_by_the_runtime() {
        let rule = mock!(Client::get_change)
            .sequence()
            .http_response(|| xml_error(400, "Throttling", "Rate exceeded"))
            .output(|| {
                GetChangeOutput::builder()
                    .change_info(change_output(r53::ChangeStatus::Insync))
                    .build()
            })
            .build();
        let client = client!(RuleMode::Sequential, [&rule]);
        let dns = SdkDns::from_client(client, caller(3));
        let info = dns.get_change("C2682N5HXP0BZ4").await.unwrap();
        assert_eq!(info.status, ChangeStatus::InSync);
        assert_eq!(rule.num_calls(), 2);
    }
}
