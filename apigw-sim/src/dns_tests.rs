//! Tests of the simulated Route 53.

use std::time::Duration;

use apigw_core::ErrorKind;
use apigw_dns::{AliasTarget, Change, ChangeStatus, Dns, RecordSet, RecordType};

use crate::Sim;

fn cname(name: &str, value: &str) -> RecordSet {
    RecordSet::cname(name, value, 300)
}

fn a(name: &str, ip: &str) -> RecordSet {
    RecordSet {
        name: name.to_owned(),
        record_type: RecordType::A,
        ttl: Some(60),
        values: vec![ip.to_owned()],
        alias: None,
    }
}

#[tokio::test]
async fn zones_are_found_by_longest_public_suffix_or_by_id() {
    let sim = Sim::default();
    let parent = sim.create_hosted_zone("Example.com.");
    let child = sim.create_hosted_zone("eu.example.com");
    sim.create_private_hosted_zone("api.eu.example.com");
    assert!(parent.starts_with('Z') && parent.len() == 21, "{parent}");

    let found = sim.find_zone("API.eu.example.com.").await.expect("ok");
    assert_eq!(found.as_ref().map(|z| z.id.as_str()), Some(child.as_str()));
    let found = sim.find_zone("www.example.com").await.expect("ok");
    let zone = found.expect("parent zone");
    assert_eq!(zone.id, parent);
    assert_eq!(zone.name, "example.com");
    assert_eq!(zone.record_count, 2, "NS and SOA");
    assert!(!zone.private);

    let by_id = sim
        .find_zone(&format!("/hostedzone/{child}"))
        .await
        .expect("ok");
    assert_eq!(by_id.map(|z| z.name), Some("eu.example.com".to_owned()));
    assert_eq!(sim.find_zone("ZUNKNOWN123").await.expect("ok"), None);
    assert_eq!(sim.find_zone("example.org").await.expect("ok"), None);

    let twin = sim.create_hosted_zone("example.com");
    let ambiguous = sim.find_zone("www.example.com").await.expect_err("two");
    assert_eq!(ambiguous.kind(), ErrorKind::Invalid);
    assert!(ambiguous.message().contains(&parent) && ambiguous.message().contains(&twin));
    let journal = sim.journal();
    let ops: Vec<&str> = journal.calls().iter().map(|c| c.operation).collect();
    assert_eq!(
        ops,
        [
            "ListHostedZonesByName",
            "ListHostedZonesByName",
            "GetHostedZone",
            "GetHostedZone",
            "ListHostedZonesByName",
            "ListHostedZonesByName"
        ]
    );
}

#[tokio::test]
async fn records_are_listed_in_route53_order() {
    let sim = Sim::default();
    let zone = sim.create_hosted_zone("example.com");
    sim.change_records(
        &zone,
        vec![
            Change::upsert(a("www.example.com", "192.0.2.1")),
            Change::upsert(cname("_x.api.example.com", "_y.acm-validations.aws.")),
            Change::upsert(RecordSet::alias(
                "API.example.com.",
                RecordType::Aaaa,
                AliasTarget {
                    dns_name: "D-ABC.execute-api.us-west-2.amazonaws.com.".into(),
                    hosted_zone_id: "Z2OJLYMUO9EFXC".into(),
                    evaluate_target_health: false,
                },
            )),
            Change::upsert(a("api.example.com", "192.0.2.2")),
            Change::upsert(a("b.example.com", "192.0.2.3")),
        ],
    )
    .await
    .expect("applied");
    let records = sim.list_records(&zone, None).await.expect("listed");
    let listed: Vec<(String, String)> = records
        .iter()
        .map(|r| (r.name.clone(), r.record_type.to_string()))
        .collect();
    let expected = [
        ("example.com", "NS"),
        ("example.com", "SOA"),
        ("api.example.com", "A"),
        ("api.example.com", "AAAA"),
        ("_x.api.example.com", "CNAME"),
        ("b.example.com", "A"),
        ("www.example.com", "A"),
    ];
    assert_eq!(
        listed,
        expected.map(|(n, t)| (n.to_owned(), t.to_owned())).to_vec()
    );
    let alias = records[3].alias.as_ref().expect("alias kept");
    assert_eq!(alias.dns_name, "d-abc.execute-api.us-west-2.amazonaws.com");
    assert_eq!(records[3].ttl, None);

    let from = sim
        .list_records(&zone, Some("B.example.com.".into()))
        .await
        .expect("listed");
    assert_eq!(from.len(), 2);
    assert_eq!(from[0].name, "b.example.com");
    assert_eq!(
        sim.list_records("ZNOPE", None)
            .await
            .expect_err("no zone")
            .kind(),
        ErrorKind::NotFound
    );
}

#[tokio::test]
async fn a_batch_with_a_missing_delete_fails_whole_without_partial_effect() {
    let sim = Sim::default();
    let zone = sim.create_hosted_zone("example.com");
    let before = sim.list_records(&zone, None).await.expect("listed");
    let err = sim
        .change_records(
            &zone,
            vec![
                Change::upsert(a("new.example.com", "192.0.2.1")),
                Change::delete(cname("gone.example.com", "elsewhere.example.net")),
            ],
        )
        .await
        .expect_err("missing delete");
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(
        err.message()
            .contains("Tried to delete resource record set")
            && err.message().contains("not found"),
        "{err}"
    );
    assert_eq!(sim.list_records(&zone, None).await.expect("listed"), before);
}

#[tokio::test]
async fn route53_rejections_are_invalid() {
    let sim = Sim::default();
    let zone = sim.create_hosted_zone("example.com");
    sim.change_records(
        &zone,
        vec![Change::upsert(a("api.example.com", "192.0.2.1"))],
    )
    .await
    .expect("applied");
    let cases = [
        Change::upsert(cname("api.example.com", "x.example.net")),
        Change::upsert(cname("example.com", "x.example.net")),
        Change::upsert(a("api.example.org", "192.0.2.1")),
        Change::upsert(a("v.example.com", "not-an-ip")),
        Change::delete(a("api.example.com", "192.0.2.9")),
    ];
    for change in cases {
        let err = sim
            .change_records(&zone, vec![change.clone()])
            .await
            .expect_err("rejected");
        assert_eq!(err.kind(), ErrorKind::Invalid, "{change:?}: {err}");
    }
    let ns = sim.list_records(&zone, None).await.expect("listed")[0].clone();
    let apex = sim
        .change_records(&zone, vec![Change::delete(ns)])
        .await
        .expect_err("apex NS");
    assert_eq!(apex.kind(), ErrorKind::Invalid);

    let calls = sim.journal().calls().len();
    let empty = sim.change_records(&zone, vec![]).await.expect_err("empty");
    assert_eq!(empty.kind(), ErrorKind::Invalid);
    let mut no_ttl = a("x.example.com", "192.0.2.1");
    no_ttl.ttl = None;
    let local = sim
        .change_records(&zone, vec![Change::upsert(no_ttl)])
        .await
        .expect_err("no ttl");
    assert_eq!(local.kind(), ErrorKind::Invalid);
    assert_eq!(sim.journal().calls().len(), calls, "refused without a call");

    // Replacing a record atomically: DELETE the live one and UPSERT the new one.
    sim.change_records(
        &zone,
        vec![
            Change::delete(a("api.example.com", "192.0.2.1")),
            Change::upsert(cname("api.example.com", "elsewhere.example.net")),
        ],
    )
    .await
    .expect("A replaced by a CNAME in one batch");
}

#[tokio::test(start_paused = true)]
async fn changes_go_from_pending_to_insync() {
    let sim = Sim::default();
    let zone = sim.create_hosted_zone("example.com");
    let change = sim
        .change_records(
            &zone,
            vec![Change::upsert(a("api.example.com", "192.0.2.1"))],
        )
        .await
        .expect("applied");
    assert_eq!(change.status, ChangeStatus::Pending);
    assert!(change.id.starts_with('C'));
    let prefixed = format!("/change/{}", change.id);
    assert_eq!(
        sim.get_change(&prefixed).await.expect("known").status,
        ChangeStatus::Pending
    );
    tokio::time::advance(super::DEFAULT_PROPAGATION).await;
    assert_eq!(
        sim.get_change(&change.id).await.expect("known").status,
        ChangeStatus::InSync
    );
    assert_eq!(
        sim.get_change("CUNKNOWN")
            .await
            .expect_err("unknown")
            .kind(),
        ErrorKind::NotFound
    );

    let second = sim
        .change_records(
            &zone,
            vec![Change::upsert(a("www.example.com", "192.0.2.2"))],
        )
        .await
        .expect("applied");
    let started = tokio::time::Instant::now();
    let synced = sim
        .wait_in_sync(
            &second.id,
            Duration::from_secs(60),
            Duration::from_millis(500),
        )
        .await
        .expect("in sync");
    assert_eq!(synced.status, ChangeStatus::InSync);
    assert_eq!(started.elapsed(), super::DEFAULT_PROPAGATION);
}

#[tokio::test(start_paused = true)]
async fn wait_in_sync_times_out() {
    let sim = Sim::default();
    sim.set_dns_propagation(Duration::from_secs(3600));
    let zone = sim.create_hosted_zone("example.com");
    let change = sim
        .change_records(
            &zone,
            vec![Change::upsert(a("api.example.com", "192.0.2.1"))],
        )
        .await
        .expect("applied");
    let before = sim.journal().calls().len();
    let err = sim
        .wait_in_sync(&change.id, Duration::from_secs(10), Duration::from_secs(1))
        .await
        .expect_err("times out");
    assert_eq!(err.kind(), ErrorKind::WaitTimeout);
    assert!(err.message().contains(&change.id), "{err}");
    assert!(err.message().contains("PENDING"), "{err}");
    let polls = sim.journal().calls().len() - before;
    assert_eq!(polls, 11, "a poll every second, the last at the deadline");
    assert!(sim
        .journal()
        .since(before)
        .iter()
        .all(|c| c.operation == "GetChange"));
}
