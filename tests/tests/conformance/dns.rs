//! Route 53 behaviours apigw relies on: finding the zone of a domain by name or id, UPSERT as
//! an idempotent create-or-replace, exact DELETE, and a DELETE of nothing being NotFound.

use std::time::Duration;

use apigw_core::ErrorKind;
use apigw_dns::{AliasTarget, Change, ChangeStatus, RecordSet, RecordType};
use apigw_facade::Backends;

use crate::env::{Backend, Env};

/// API Gateway's regional hosted zone in us-west-2 (where REGIONAL aliases point).
const APIGW_US_WEST_2_ZONE: &str = "Z2OJLYMUO9EFXC";

fn alias(name: &str, record_type: RecordType) -> RecordSet {
    RecordSet::alias(
        name,
        record_type,
        AliasTarget {
            dns_name: "d-abcdef1234.execute-api.us-west-2.amazonaws.com".into(),
            hosted_zone_id: APIGW_US_WEST_2_ZONE.into(),
            evaluate_target_health: false,
        },
    )
}

/// Every record of the zone with this name and type.
async fn records(b: &Backends, zone: &str, name: &str, record_type: &RecordType) -> Vec<RecordSet> {
    b.dns
        .list_records(zone, None)
        .await
        .expect("ListResourceRecordSets")
        .into_iter()
        .filter(|r| r.is_named(name) && &r.record_type == record_type)
        .collect()
}

/// Submits one batch and waits until it is INSYNC.
async fn change(b: &Backends, zone: &str, changes: Vec<Change>) {
    let info = b
        .dns
        .change_records(zone, changes)
        .await
        .expect("ChangeResourceRecordSets");
    let done = b
        .dns
        .wait_in_sync(
            &info.id,
            Duration::from_secs(60),
            Duration::from_millis(500),
        )
        .await
        .expect("GetChange until INSYNC");
    assert_eq!(done.status, ChangeStatus::InSync);
}

/// A public zone is found by its name (any spelling), by a name under it (longest suffix), and by
/// its id (with or without `/hostedzone/`); unknown names and ids are `None`. A new zone holds
/// its NS and SOA records.
pub async fn case_find_zone_by_name_and_id(b: &Backends, env: &Env) {
    let name = env.zone_name();
    let id = env.create_hosted_zone(&name).await;
    for query in [
        name.clone(),
        format!("{}.", name.to_ascii_uppercase()),
        format!("api.{name}"),
        format!("a.b.{name}"),
        id.clone(),
        format!("/hostedzone/{id}"),
    ] {
        let zone = b
            .dns
            .find_zone(&query)
            .await
            .expect("find_zone")
            .unwrap_or_else(|| panic!("{query} finds the zone"));
        assert_eq!(zone.id, id, "{query}");
        assert_eq!(zone.name, name, "{query}");
        assert!(!zone.private);
    }
    let absent = format!("{}.{}-absent.test", env.prefix, env.prefix);
    assert_eq!(b.dns.find_zone(&absent).await.expect("find_zone"), None);
    let absent_id = format!("Z{}", env.prefix[2..].to_ascii_uppercase());
    assert_eq!(b.dns.find_zone(&absent_id).await.expect("find_zone"), None);

    let apex = b
        .dns
        .list_records(&id, None)
        .await
        .expect("ListResourceRecordSets");
    assert!(apex
        .iter()
        .any(|r| r.is_named(&name) && r.record_type == RecordType::Ns));
    assert!(apex
        .iter()
        .any(|r| r.is_named(&name) && r.record_type == RecordType::Soa));
}

/// UPSERT of alias A + AAAA (to an API Gateway target) and a validation CNAME in one batch;
/// the listing shows them as written.
pub async fn case_upsert_alias_and_cname_then_list(b: &Backends, env: &Env) {
    let zone = env.create_hosted_zone(&env.zone_name()).await;
    let api = format!("api.{}", env.zone_name());
    let cname_name = format!("_0123456789abcdef.api.{}.", env.zone_name());
    let cname = RecordSet::cname(
        &cname_name,
        "_fedcba9876543210.xyz.acm-validations.aws.",
        300,
    );
    change(
        b,
        &zone,
        vec![
            Change::upsert(alias(&api, RecordType::A)),
            Change::upsert(alias(&api, RecordType::Aaaa)),
            Change::upsert(cname.clone()),
        ],
    )
    .await;

    for record_type in [RecordType::A, RecordType::Aaaa] {
        let found = records(b, &zone, &api, &record_type).await;
        assert_eq!(found.len(), 1, "{record_type}: {found:?}");
        assert_eq!(found[0], alias(&api, record_type.clone()));
        assert_eq!(found[0].ttl, None, "aliases have no TTL");
    }
    let found = records(b, &zone, &cname_name, &RecordType::Cname).await;
    assert_eq!(found, [cname]);
    let all = b
        .dns
        .list_records(&zone, Some(api.clone()))
        .await
        .expect("ListResourceRecordSets from a name");
    assert!(all.iter().any(|r| r.is_named(&api)));
}

/// UPSERT is create-or-replace: the same batch twice leaves one record each, and an UPSERT with
/// a new value replaces the old one.
pub async fn case_upsert_again_is_idempotent(b: &Backends, env: &Env) {
    let zone = env.create_hosted_zone(&env.zone_name()).await;
    let api = format!("api.{}", env.zone_name());
    let cname_name = format!("_abc.{}", env.zone_name());
    let cname = RecordSet::cname(&cname_name, "_one.acm-validations.aws.", 300);
    let batch = vec![
        Change::upsert(alias(&api, RecordType::A)),
        Change::upsert(cname.clone()),
    ];
    change(b, &zone, batch.clone()).await;
    let before = b.dns.list_records(&zone, None).await.expect("list");
    change(b, &zone, batch).await;
    let after = b.dns.list_records(&zone, None).await.expect("list");
    assert_eq!(after.len(), before.len(), "{after:?}");
    assert_eq!(records(b, &zone, &api, &RecordType::A).await.len(), 1);

    let replaced = RecordSet::cname(&cname_name, "_two.acm-validations.aws.", 60);
    change(b, &zone, vec![Change::upsert(replaced.clone())]).await;
    assert_eq!(
        records(b, &zone, &cname_name, &RecordType::Cname).await,
        [replaced]
    );
}

/// DELETE with the live values removes the record set; the others stay.
pub async fn case_delete_then_list(b: &Backends, env: &Env) {
    let zone = env.create_hosted_zone(&env.zone_name()).await;
    let api = format!("api.{}", env.zone_name());
    let cname = RecordSet::cname(
        &format!("_del.{}", env.zone_name()),
        "_x.acm-validations.aws.",
        300,
    );
    change(
        b,
        &zone,
        vec![
            Change::upsert(alias(&api, RecordType::A)),
            Change::upsert(cname.clone()),
        ],
    )
    .await;
    change(b, &zone, vec![Change::delete(cname.clone())]).await;
    assert!(records(b, &zone, &cname.name, &RecordType::Cname)
        .await
        .is_empty());
    assert_eq!(records(b, &zone, &api, &RecordType::A).await.len(), 1);
    change(b, &zone, vec![Change::delete(alias(&api, RecordType::A))]).await;
    assert!(records(b, &zone, &api, &RecordType::A).await.is_empty());
}

/// A DELETE of a record set that does not exist is NotFound (Route 53: InvalidChangeBatch "…
/// but it was not found"), so a caller removing records can treat it as done.
pub async fn case_delete_missing_record_is_not_found(b: &Backends, env: &Env) {
    if env.backend == Backend::Moto {
        eprintln!(
            "moto-only-skipped: moto 5.2 answers InvalidInput (\"Expected exactly one of \
             [AliasTarget, …]\") to a DELETE of a record that never existed and succeeds as a \
             no-op for one deleted before (AWS: InvalidChangeBatch \"… it was not found\")"
        );
        return;
    }
    let zone = env.create_hosted_zone(&env.zone_name()).await;
    let never = RecordSet::cname(
        &format!("_never.{}", env.zone_name()),
        "_x.acm-validations.aws.",
        300,
    );
    let err = b
        .dns
        .change_records(&zone, vec![Change::delete(never.clone())])
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "never existed: {err}");

    change(b, &zone, vec![Change::upsert(never.clone())]).await;
    change(b, &zone, vec![Change::delete(never.clone())]).await;
    let err = b
        .dns
        .change_records(&zone, vec![Change::delete(never)])
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "deleted before: {err}");
}

/// Two public zones of the same name (Route 53 allows it) make a lookup by name ambiguous:
/// Invalid, naming both ids; each is still found by its id.
pub async fn case_two_public_zones_of_one_name_are_ambiguous(b: &Backends, env: &Env) {
    let name = env.zone_name();
    let first = env.create_hosted_zone(&name).await;
    let second = env.create_hosted_zone(&name).await;
    assert_ne!(first, second);
    let err = b.dns.find_zone(&format!("api.{name}")).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid, "{err}");
    let message = err.to_string();
    assert!(
        message.contains(&first) && message.contains(&second),
        "{message}"
    );
    for id in [&first, &second] {
        let zone = b
            .dns
            .find_zone(id)
            .await
            .expect("find_zone")
            .expect("by id");
        assert_eq!(&zone.id, id);
    }
}

/// A DELETE whose values differ from the live record is refused (Invalid) and deletes nothing.
pub async fn case_delete_with_other_values_is_invalid(b: &Backends, env: &Env) {
    let zone = env.create_hosted_zone(&env.zone_name()).await;
    let name = format!("_val.{}", env.zone_name());
    let live = RecordSet::cname(&name, "_live.acm-validations.aws.", 300);
    change(b, &zone, vec![Change::upsert(live.clone())]).await;
    let other = RecordSet::cname(&name, "_other.acm-validations.aws.", 300);
    let err = b
        .dns
        .change_records(&zone, vec![Change::delete(other)])
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid, "{err}");
    assert_eq!(records(b, &zone, &name, &RecordType::Cname).await, [live]);
}

/// Listing the records of a zone that does not exist is NotFound.
pub async fn case_list_records_of_unknown_zone_is_not_found(b: &Backends, env: &Env) {
    let absent = format!("Z{}", env.prefix[2..].to_ascii_uppercase());
    let err = b.dns.list_records(&absent, None).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
}
