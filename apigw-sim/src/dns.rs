//! The simulated Route 53: hosted zones, record sets, atomic change batches, change status.
//!
//! AWS behaviour modelled:
//! - A new zone holds its apex `NS` (four `awsdns` servers) and `SOA` records, as Route 53
//!   creates them; they cannot be deleted. Zone ids are `Z` + 20 characters; several zones may
//!   have the same name (Route 53 allows it), which makes a lookup by name ambiguous.
//! - Names are stored normalised ([`normalize_name`]: lower case, no trailing dot); record
//!   sets are listed in Route 53's order: by name with its labels reversed
//!   (`com.example.api`), then by type.
//! - `ChangeResourceRecordSets` is atomic: the batch is applied to a copy of the zone and
//!   committed only if every change succeeds. Rejections are `InvalidChangeBatch` with one
//!   message per failed change; as in the SDK adapter, a batch that fails because a DELETE
//!   names a record set that does not exist is [`ErrorKind::NotFound`] (so deletes converge),
//!   any other rejection [`ErrorKind::Invalid`]. Rules checked: the name lies in the zone, a
//!   CNAME never coexists with another type of the same name (so never at the apex), a CNAME
//!   has one value, A/AAAA values are addresses, DELETE values match the live ones exactly,
//!   the apex NS/SOA are never deleted, at most 1,000 changes per batch.
//! - A change is `PENDING` when submitted and `INSYNC` after a propagation delay on the tokio
//!   clock (2 s by default, [`Sim::set_dns_propagation`]). The records themselves are visible
//!   at once (to listings and to ACM's validation).
//! - Local checks the SDK adapter makes before sending (empty batch, a record with both or
//!   neither of values and alias, values without TTL) are `Invalid` without a call, so the
//!   journal matches the adapter's.
//!
//! Lookups by name (`ListHostedZonesByName`) and listings (`ListResourceRecordSets`) answer
//! every page in one call: one journal entry per trait method.

use std::collections::{BTreeMap, HashMap};
use std::net::{Ipv4Addr, Ipv6Addr};
use std::time::Duration;

use apigw_core::{Error, ErrorKind, Result};
use apigw_dns::ops::{
    CHANGE_RESOURCE_RECORD_SETS, GET_CHANGE, GET_HOSTED_ZONE, LIST_HOSTED_ZONES_BY_NAME,
    LIST_RESOURCE_RECORD_SETS,
};
use apigw_dns::{
    normalize_name, zone_candidates, zone_id_of, Change, ChangeAction, ChangeInfo, ChangeStatus,
    Dns, HostedZone, RecordSet, RecordType,
};
use tokio::time::Instant;

use crate::world::World;
use crate::Sim;

/// How long a change stays `PENDING` unless [`Sim::set_dns_propagation`] says otherwise.
pub(crate) const DEFAULT_PROPAGATION: Duration = Duration::from_secs(2);
/// Route 53's largest change batch.
const CHANGES_PER_BATCH: usize = 1000;

/// What the simulated account holds for Route 53.
#[derive(Debug)]
pub(crate) struct State {
    zones: BTreeMap<String, Zone>,
    /// Submission time of every change, by change id.
    changes: HashMap<String, Instant>,
    propagation: Duration,
}

impl State {
    /// Lists every record for the invariant checker.
    pub(crate) fn inventory(&self, inv: &mut crate::invariants::Inventory) {
        for zone in self.zones.values() {
            inv.records
                .extend(zone.records.values().map(|r| (zone.id.clone(), r.clone())));
        }
    }
}

impl Default for State {
    fn default() -> Self {
        Self {
            zones: BTreeMap::new(),
            changes: HashMap::new(),
            propagation: DEFAULT_PROPAGATION,
        }
    }
}

/// Where a record set sorts: its labels reversed, then its type.
type RecordKey = (Vec<String>, String);

#[derive(Debug, Clone)]
struct Zone {
    id: String,
    name: String,
    private: bool,
    records: BTreeMap<RecordKey, RecordSet>,
}

impl Zone {
    fn summary(&self) -> HostedZone {
        HostedZone {
            id: self.id.clone(),
            name: self.name.clone(),
            private: self.private,
            record_count: self.records.len() as u64,
        }
    }
}

fn reversed_labels(name: &str) -> Vec<String> {
    name.split('.').rev().map(str::to_owned).collect()
}

fn record_key(name: &str, record_type: &RecordType) -> RecordKey {
    (reversed_labels(name), record_type.as_str().to_owned())
}

/// Whether `name` is the zone's apex or below it.
fn in_zone(name: &str, zone: &str) -> bool {
    name == zone || name.ends_with(&format!(".{zone}"))
}

/// Whether a public hosted zone holding `name` has a CNAME from `name` to `value` (ACM's
/// validation check: names and values compare normalised, so trailing dots and case do not
/// matter).
pub(crate) fn cname_exists(world: &World, name: &str, value: &str) -> bool {
    let name = normalize_name(name);
    let value = normalize_name(value);
    let key = record_key(&name, &RecordType::Cname);
    world
        .dns
        .zones
        .values()
        .filter(|z| !z.private && in_zone(&name, &z.name))
        .filter_map(|z| z.records.get(&key))
        .any(|r| r.values.iter().any(|v| normalize_name(v) == value))
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

fn no_such_zone(op: &'static str, id: &str) -> Error {
    Error::new(
        ErrorKind::NotFound,
        op,
        format!("No hosted zone found with ID: {id}"),
    )
    .with_resource(id.to_owned())
}

fn new_zone(world: &mut World, name: &str, private: bool) -> String {
    let name = normalize_name(name);
    let id = world.zone_id();
    let mut records = BTreeMap::new();
    let ns = RecordSet {
        name: name.clone(),
        record_type: RecordType::Ns,
        ttl: Some(172_800),
        values: (0..4)
            .map(|i| {
                let tld = ["com", "net", "org", "co.uk"][i];
                format!("ns-{}.awsdns-{:02}.{tld}.", 100 + i * 500, 10 + i * 7)
            })
            .collect(),
        alias: None,
    };
    let soa = RecordSet {
        name: name.clone(),
        record_type: RecordType::Soa,
        ttl: Some(900),
        values: vec![
            "ns-100.awsdns-10.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"
                .to_owned(),
        ],
        alias: None,
    };
    for record in [ns, soa] {
        records.insert(record_key(&record.name, &record.record_type), record);
    }
    world.dns.zones.insert(
        id.clone(),
        Zone {
            id: id.clone(),
            name,
            private,
            records,
        },
    );
    id
}

/// The adapter's local checks, made before any call.
fn check_locally(changes: &[Change], zone_id: &str) -> Result<()> {
    let invalid = |message: String| {
        Error::new(
            ErrorKind::Invalid,
            CHANGE_RESOURCE_RECORD_SETS.name,
            message,
        )
        .with_resource(zone_id.to_owned())
    };
    if changes.is_empty() {
        return Err(invalid("a change batch needs at least one change".into()));
    }
    for change in changes {
        let record = &change.record;
        let name = normalize_name(&record.name);
        if name.is_empty() {
            return Err(invalid("a record set needs a name".into()));
        }
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
            (None, false) if record.ttl.is_none() => {
                return Err(invalid(format!(
                    "record set {name} {} has values but no TTL",
                    record.record_type
                )))
            }
            _ => {}
        }
    }
    Ok(())
}

/// `[name='api.example.com.', type='CNAME']`, as Route 53 names a record set in messages.
fn describe_rrset(record: &RecordSet) -> String {
    format!("[name='{}.', type='{}']", record.name, record.record_type)
}

/// A copy of `record` in the form stored: normalised names, alias target names normalised.
fn stored(record: &RecordSet) -> RecordSet {
    let mut record = record.clone();
    record.name = normalize_name(&record.name);
    if let Some(alias) = &mut record.alias {
        alias.dns_name = normalize_name(&alias.dns_name);
        record.ttl = None;
    }
    record
}

/// Route 53's checks on one record set written by an UPSERT.
fn check_record(record: &RecordSet, zone: &Zone) -> Option<String> {
    if !in_zone(&record.name, &zone.name) {
        return Some(format!(
            "RRSet with DNS name {}. is not permitted in zone {}.",
            record.name, zone.name
        ));
    }
    if record.ttl.is_some_and(|t| t > 2_147_483_647) {
        return Some(format!("TTL of {} is out of range", describe_rrset(record)));
    }
    if record.alias.is_some() {
        return None;
    }
    match record.record_type {
        RecordType::Cname if record.values.len() != 1 => Some(format!(
            "RRSet of type CNAME with DNS name {}. is not permitted: Only one resource record is allowed",
            record.name
        )),
        RecordType::A => record
            .values
            .iter()
            .find(|v| v.parse::<Ipv4Addr>().is_err())
            .map(|v| {
                format!("Invalid Resource Record: FATAL problem: ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address) encountered with '{v}'")
            }),
        RecordType::Aaaa => record
            .values
            .iter()
            .find(|v| v.parse::<Ipv6Addr>().is_err())
            .map(|v| {
                format!("Invalid Resource Record: FATAL problem: AAAARRDATAIllegalIPv6Address (Value is not a valid IPv6 address) encountered with '{v}'")
            }),
        _ => None,
    }
}

/// Applies one change to `records` (the batch's working copy), or says why Route 53 refuses.
/// The second value is `true` for "DELETE of a record set that does not exist".
fn apply_change(
    zone: &Zone,
    records: &mut BTreeMap<RecordKey, RecordSet>,
    change: &Change,
) -> std::result::Result<(), (String, bool)> {
    let record = stored(&change.record);
    let key = record_key(&record.name, &record.record_type);
    match change.action {
        ChangeAction::Upsert => {
            if let Some(message) = check_record(&record, zone) {
                return Err((message, false));
            }
            let same_name = records
                .values()
                .filter(|r| r.name == record.name && r.record_type != record.record_type);
            for other in same_name {
                if record.record_type == RecordType::Cname || other.record_type == RecordType::Cname
                {
                    return Err((
                        format!(
                            "RRSet of type {} with DNS name {}. is not permitted because a \
                             conflicting RRSet of type {} with the same DNS name already exists \
                             in zone {}.",
                            record.record_type, record.name, other.record_type, zone.name
                        ),
                        false,
                    ));
                }
            }
            records.insert(key, record);
            Ok(())
        }
        ChangeAction::Delete => {
            let Some(live) = records.get(&key) else {
                return Err((
                    format!(
                        "Tried to delete resource record set {} but it was not found",
                        describe_rrset(&record)
                    ),
                    true,
                ));
            };
            if record.name == zone.name
                && matches!(record.record_type, RecordType::Ns | RecordType::Soa)
            {
                return Err((
                    format!(
                        "A HostedZone must contain at least one NS record and one SOA record \
                         for the zone itself: {} cannot be deleted",
                        describe_rrset(&record)
                    ),
                    false,
                ));
            }
            if live.ttl != record.ttl || live.values != record.values || live.alias != record.alias
            {
                return Err((
                    format!(
                        "Tried to delete resource record set {} but the values provided do not \
                         match the current values",
                        describe_rrset(&record)
                    ),
                    false,
                ));
            }
            records.remove(&key);
            Ok(())
        }
    }
}

fn change_status(world: &World, submitted: Instant) -> ChangeStatus {
    if Instant::now().duration_since(submitted) >= world.dns.propagation {
        ChangeStatus::InSync
    } else {
        ChangeStatus::Pending
    }
}

#[async_trait::async_trait]
impl Dns for Sim {
    async fn find_zone(&self, zone_or_domain: &str) -> Result<Option<HostedZone>> {
        if let Some(id) = zone_id_of(zone_or_domain) {
            return self
                .serve(GET_HOSTED_ZONE, |w| {
                    Ok(w.dns.zones.get(id).map(Zone::summary))
                })
                .await;
        }
        self.serve(LIST_HOSTED_ZONES_BY_NAME, |w| {
            for candidate in zone_candidates(zone_or_domain) {
                let matching: Vec<&Zone> = w
                    .dns
                    .zones
                    .values()
                    .filter(|z| !z.private && z.name == candidate)
                    .collect();
                match matching.as_slice() {
                    [] => continue,
                    [one] => return Ok(Some(one.summary())),
                    many => {
                        let ids: Vec<&str> = many.iter().map(|z| z.id.as_str()).collect();
                        return Err(Error::new(
                            ErrorKind::Invalid,
                            LIST_HOSTED_ZONES_BY_NAME.name,
                            format!(
                                "{} public hosted zones are named {candidate} ({}): pass the zone id instead",
                                ids.len(),
                                ids.join(", ")
                            ),
                        )
                        .with_resource(candidate));
                    }
                }
            }
            Ok(None)
        })
        .await
    }

    async fn list_records(
        &self,
        zone_id: &str,
        start_name: Option<String>,
    ) -> Result<Vec<RecordSet>> {
        let zone_id = bare_id(zone_id);
        self.serve(LIST_RESOURCE_RECORD_SETS, |w| {
            let zone = w
                .dns
                .zones
                .get(zone_id)
                .ok_or_else(|| no_such_zone(LIST_RESOURCE_RECORD_SETS.name, zone_id))?;
            let start: RecordKey = match &start_name {
                Some(name) => (reversed_labels(&normalize_name(name)), String::new()),
                None => (Vec::new(), String::new()),
            };
            Ok(zone
                .records
                .range(start..)
                .map(|(_, r)| r.clone())
                .collect())
        })
        .await
    }

    async fn change_records(&self, zone_id: &str, changes: Vec<Change>) -> Result<ChangeInfo> {
        let zone_id = bare_id(zone_id);
        check_locally(&changes, zone_id)?;
        self.serve(CHANGE_RESOURCE_RECORD_SETS, |w| {
            let op = CHANGE_RESOURCE_RECORD_SETS.name;
            let zone = w
                .dns
                .zones
                .get(zone_id)
                .ok_or_else(|| no_such_zone(op, zone_id))?;
            if changes.len() > CHANGES_PER_BATCH {
                return Err(Error::new(
                    ErrorKind::Invalid,
                    op,
                    format!(
                        "Number of records in the change batch ({}) exceeds the maximum of {CHANGES_PER_BATCH}",
                        changes.len()
                    ),
                )
                .with_resource(zone_id.to_owned()));
            }
            let mut records = zone.records.clone();
            let mut messages = Vec::new();
            let mut missing_delete = false;
            for change in &changes {
                if let Err((message, missing)) = apply_change(zone, &mut records, change) {
                    messages.push(message);
                    missing_delete |= missing;
                }
            }
            if !messages.is_empty() {
                let kind = if missing_delete {
                    ErrorKind::NotFound
                } else {
                    ErrorKind::Invalid
                };
                return Err(Error::new(kind, op, messages.join("; "))
                    .with_resource(zone_id.to_owned()));
            }
            if let Some(zone) = w.dns.zones.get_mut(zone_id) {
                zone.records = records;
            }
            let id = w.change_id();
            w.dns.changes.insert(id.clone(), Instant::now());
            Ok(ChangeInfo {
                id,
                status: ChangeStatus::Pending,
            })
        })
        .await
    }

    async fn get_change(&self, change_id: &str) -> Result<ChangeInfo> {
        let id = bare_change_id(change_id);
        self.serve(GET_CHANGE, |w| {
            let submitted = *w.dns.changes.get(id).ok_or_else(|| {
                Error::new(
                    ErrorKind::NotFound,
                    GET_CHANGE.name,
                    format!("A change with the specified change ID does not exist: {id}"),
                )
                .with_resource(id.to_owned())
            })?;
            Ok(ChangeInfo {
                id: id.to_owned(),
                status: change_status(w, submitted),
            })
        })
        .await
    }

    async fn wait_in_sync(
        &self,
        change_id: &str,
        timeout: Duration,
        poll_interval: Duration,
    ) -> Result<ChangeInfo> {
        apigw_dns::poll_in_sync(self, change_id, timeout, poll_interval).await
    }
}

/// Set-up helpers for tests and demos ("pre-existing infrastructure"): not journaled, never
/// faulted.
impl Sim {
    /// Creates a public hosted zone named `name` (any spelling) with its NS and SOA records and
    /// returns its id (`Z…`). Calling it twice makes two zones of the same name, as Route 53
    /// does.
    pub fn create_hosted_zone(&self, name: &str) -> String {
        self.with_world(|w| new_zone(w, name, false))
    }

    /// Creates a private hosted zone (never found by name, never used for ACM validation).
    pub fn create_private_hosted_zone(&self, name: &str) -> String {
        self.with_world(|w| new_zone(w, name, true))
    }

    /// Writes one record set into a zone directly (UPSERT semantics, none of the batch checks),
    /// e.g. a foreign record or a wrong alias; `false` when the zone does not exist.
    pub fn put_record(&self, zone_id: &str, record: RecordSet) -> bool {
        self.with_world(|w| match w.dns.zones.get_mut(bare_id(zone_id)) {
            Some(zone) => {
                let record = stored(&record);
                zone.records
                    .insert(record_key(&record.name, &record.record_type), record);
                true
            }
            None => false,
        })
    }

    /// How long submitted changes stay `PENDING` (tokio clock; default 2 s, zero for "at once").
    pub fn set_dns_propagation(&self, delay: Duration) {
        self.with_world(|w| w.dns.propagation = delay);
    }
}

#[cfg(test)]
#[path = "dns_tests.rs"]
mod tests;
