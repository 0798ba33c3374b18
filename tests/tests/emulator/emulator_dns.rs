//! Emulator tests for the dns concern: every `Dns` method through `SdkDns` against moto.
//!
//! Known moto gaps (5.2.x), covered instead by the aws-smithy-mocks tests in
//! `apigw-dns/src/sdk.rs`:
//! - `ListHostedZonesByName` with a `DNSName` returns only the zones of exactly that name, in
//!   one page, whatever `MaxItems` says (AWS lists from that name on, paginated): the zone
//!   lookup crosses no page boundary here.
//! - A DELETE of a record set that does not exist answers `InvalidInput` ("Expected exactly one
//!   of [AliasTarget, …]") when it never existed, and succeeds as a no-op when it was deleted
//!   before; AWS answers `InvalidChangeBatch` "… but it was not found" for both (which the
//!   adapter maps to `NotFound`).
//! - Changes are `INSYNC` at once, and `GetChange` answers `INSYNC` for any id (AWS:
//!   `NoSuchChange`).
//! - Route 53 is global and moto answers it in any region.

use std::time::Duration;

use apigw_core::{AwsContext, ErrorKind};
use apigw_dns::{
    AliasTarget, Change, ChangeStatus, Dns, HostedZone, RecordSet, RecordType, SdkDns,
};
use aws_sdk_route53::types::{HostedZoneConfig, Vpc, VpcRegion};

use crate::support;

/// API Gateway's regional hosted zone in us-west-2 (alias targets point into it).
const APIGW_US_WEST_2_ZONE: &str = "Z2OJLYMUO9EFXC";

/// Creates a hosted zone with the raw client (creating zones is not part of `Dns`).
async fn create_zone(ctx: &AwsContext, name: &str, private: bool) -> String {
    let mut request = ctx
        .route53()
        .create_hosted_zone()
        .name(name)
        .caller_reference(support::unique("ref"))
        .hosted_zone_config(
            HostedZoneConfig::builder()
                .private_zone(private)
                .comment("apigw emulator test")
                .build(),
        );
    if private {
        request = request.vpc(
            Vpc::builder()
                .vpc_id("vpc-12345678")
                .vpc_region(VpcRegion::UsWest2)
                .build(),
        );
    }
    let out = request.send().await.expect("CreateHostedZone");
    let id = out.hosted_zone().expect("zone").id();
    id.trim_start_matches("/hostedzone/").to_owned()
}

async fn delete_zone(ctx: &AwsContext, id: &str) {
    let _ = ctx.route53().delete_hosted_zone().id(id).send().await;
}

#[tokio::test]
async fn emulator_dns_zone_lookup_by_name_and_id() {
    let Some(ctx) = support::context().await else {
        return;
    };
    let dns = SdkDns::new(&ctx).with_page_size(1);
    let base = format!("{}.example.com", support::unique("apigw"));
    let eu = format!("eu.{base}");
    let us = format!("us.{base}");
    let base_id = create_zone(&ctx, &base, false).await;
    let eu_public = create_zone(&ctx, &eu, false).await;
    let eu_private = create_zone(&ctx, &eu, true).await;
    let us_private = create_zone(&ctx, &us, true).await;

    // Longest suffix: api.eu.<base> -> eu.<base> (the public one of the two so named).
    let found = dns
        .find_zone(&format!("api.eu.{base}"))
        .await
        .expect("find_zone eu")
        .expect("a zone for api.eu");
    assert_eq!(found.id, eu_public);
    assert_eq!(found.name, eu);
    assert!(!found.private);
    assert!(found.record_count >= 2, "NS and SOA: {found:?}");

    // Only a private zone for us.<base>: skipped, the parent zone answers.
    let found = dns
        .find_zone(&format!("API.us.{base}."))
        .await
        .expect("find_zone us")
        .expect("a zone for api.us");
    assert_eq!(found.id, base_id);
    assert_eq!(found.name, base);

    // The zone's own name matches itself.
    let found = dns.find_zone(&base).await.expect("find_zone base");
    assert_eq!(found.map(|z| z.id), Some(base_id.clone()));

    // By id, with and without the prefix; private zones are returned (flagged) by id.
    let by_id = dns.find_zone(&base_id).await.expect("by id").expect("zone");
    assert_eq!(
        by_id,
        HostedZone {
            id: base_id.clone(),
            name: base.clone(),
            private: false,
            record_count: by_id.record_count,
        }
    );
    let prefixed = dns
        .find_zone(&format!("/hostedzone/{eu_private}"))
        .await
        .expect("by prefixed id")
        .expect("zone");
    assert!(prefixed.private);
    assert_eq!(prefixed.name, eu);

    // Unknown id and unknown domain: None.
    assert_eq!(
        dns.find_zone("ZNOSUCHZONE0000000")
            .await
            .expect("unknown id"),
        None
    );
    let nowhere = format!("api.{}.invalid", support::unique("nowhere"));
    assert_eq!(dns.find_zone(&nowhere).await.expect("unknown name"), None);

    for id in [&eu_public, &eu_private, &us_private, &base_id] {
        delete_zone(&ctx, id).await;
    }
}

#[tokio::test]
async fn emulator_dns_records_upsert_list_delete_and_wait() {
    let Some(ctx) = support::context().await else {
        return;
    };
    let dns = SdkDns::new(&ctx).with_page_size(2);
    let zone_name = format!("{}.example.com", support::unique("apigw"));
    let zone = create_zone(&ctx, &zone_name, false).await;

    let api = format!("api.{zone_name}");
    let target = AliasTarget {
        dns_name: "d-abc123xyz.execute-api.us-west-2.amazonaws.com".into(),
        hosted_zone_id: APIGW_US_WEST_2_ZONE.into(),
        evaluate_target_health: false,
    };
    let alias_a = RecordSet::alias(&api, RecordType::A, target.clone());
    let alias_aaaa = RecordSet::alias(&api, RecordType::Aaaa, target.clone());
    let validation = RecordSet::cname(
        &format!("_3639ac514e785e898d2646601fa951d5.{api}"),
        "_98d2646601fa951d5.mhbtsbpdnt.acm-validations.aws.",
        300,
    );
    let wildcard = RecordSet::cname(&format!("*.{zone_name}"), &api, 60);

    // UPSERT (twice: idempotent), then wait for INSYNC.
    let all = vec![
        Change::upsert(alias_a.clone()),
        Change::upsert(alias_aaaa.clone()),
        Change::upsert(validation.clone()),
        Change::upsert(wildcard.clone()),
    ];
    dns.change_records(&zone, all.clone())
        .await
        .expect("upsert");
    let change = dns.change_records(&zone, all).await.expect("upsert again");
    assert!(!change.id.starts_with("/change/"), "{change:?}");
    let synced = dns
        .wait_in_sync(
            &change.id,
            Duration::from_secs(30),
            Duration::from_millis(200),
        )
        .await
        .expect("wait_in_sync");
    assert_eq!(synced.status, ChangeStatus::InSync);
    let got = dns
        .get_change(&format!("/change/{}", change.id))
        .await
        .expect("get_change");
    assert_eq!(got.id, change.id);

    // List across pages (page size 2; NS + SOA + 4 records = 6 record sets, 3 pages).
    let records = dns.list_records(&zone, None).await.expect("list_records");
    assert_eq!(records.len(), 6, "{records:#?}");
    for want in [&alias_a, &alias_aaaa, &validation, &wildcard] {
        assert!(records.contains(want), "{want:?} missing from {records:#?}");
    }
    assert!(records
        .iter()
        .any(|r| r.record_type == RecordType::Ns && r.name == zone_name));
    let listed_alias = records
        .iter()
        .find(|r| r.is_named(&api) && r.record_type == RecordType::A)
        .expect("alias A");
    assert_eq!(listed_alias.alias.as_ref(), Some(&target));
    assert_eq!(listed_alias.ttl, None);

    // Starting from a name: that name's records and everything after it in Route 53's order.
    let from_api = dns
        .list_records(&zone, Some(api.clone()))
        .await
        .expect("list from api");
    assert!(from_api.contains(&alias_a) && from_api.contains(&alias_aaaa));
    assert!(from_api.contains(&validation), "_…api sorts after api");
    assert!(
        !from_api.iter().any(|r| r.record_type == RecordType::Soa),
        "the apex sorts before api: {from_api:#?}"
    );

    // DELETE the alias A and the validation CNAME, exactly as written.
    let deleted = dns
        .change_records(
            &zone,
            vec![
                Change::delete(alias_a.clone()),
                Change::delete(validation.clone()),
            ],
        )
        .await
        .expect("delete");
    dns.wait_in_sync(
        &deleted.id,
        Duration::from_secs(30),
        Duration::from_millis(200),
    )
    .await
    .expect("wait after delete");
    let left = dns
        .list_records(&zone, None)
        .await
        .expect("list after delete");
    assert!(
        !left.contains(&alias_a) && !left.contains(&validation),
        "{left:#?}"
    );
    assert!(left.contains(&alias_aaaa) && left.contains(&wildcard));

    // A second DELETE: AWS says "not found" (-> NotFound, so a caller treats it as done);
    // moto 5.2.x accepts it as a no-op. Either way the record is gone.
    match dns
        .change_records(&zone, vec![Change::delete(validation.clone())])
        .await
    {
        Ok(_) => {}
        Err(err) => assert_eq!(err.kind(), ErrorKind::NotFound, "{err}"),
    }
    // A DELETE of a record that never existed: AWS says "not found" (-> NotFound); moto 5.2.x
    // says InvalidInput "Expected exactly one of [AliasTarget, …]".
    let never = RecordSet::cname(&format!("never.{zone_name}"), "x.example.net", 300);
    let err = dns
        .change_records(&zone, vec![Change::delete(never)])
        .await
        .expect_err("delete of a record that never existed");
    assert!(
        err.kind() == ErrorKind::NotFound
            || (err.kind() == ErrorKind::Invalid
                && err.message().contains("Expected exactly one of")),
        "{err}"
    );

    // An unknown zone is NotFound.
    let missing = dns
        .list_records("ZNOSUCHZONE0000000", None)
        .await
        .expect_err("unknown zone");
    assert_eq!(missing.kind(), ErrorKind::NotFound, "{missing}");

    dns.change_records(
        &zone,
        vec![Change::delete(alias_aaaa), Change::delete(wildcard)],
    )
    .await
    .expect("clean up records");
    delete_zone(&ctx, &zone).await;
}
