//! The gate around every call: one journal entry per trait method, seeded faults, crashes.

use std::time::Duration;

use apigw_core::restapi::{
    ApiGateway, Authorization, EndpointType, Integration, MethodSpec, NewDeployment, NewRestApi,
    Tags,
};
use apigw_core::{ErrorKind, Service};

use super::{api, failed, root, sim};
use crate::{Faults, Latency, Sim, SimConfig};

/// A small provisioning run that keeps going whatever fails; returns each call's outcome
/// (`Ok` with the object id, or the error kind).
async fn run(sim: &Sim) -> Vec<Result<String, ErrorKind>> {
    let mut outcomes = Vec::new();
    let new = NewRestApi {
        name: "orders".into(),
        description: None,
        endpoint_type: EndpointType::Regional,
        tags: Tags::new(),
    };
    let mut api = None;
    for _ in 0..5 {
        let created = sim.create_rest_api(&new).await;
        outcomes.push(created.as_ref().map(|a| a.id.clone()).map_err(|e| e.kind()));
        if let Ok(created) = created {
            api = Some(created);
            break;
        }
    }
    let Some(api) = api else { return outcomes };
    let root = root(&api);
    for part in ["users", "orders", "items", "{id}", "health"] {
        let created = sim.create_resource(&api.id, &root, part).await;
        outcomes.push(created.map(|r| r.id).map_err(|e| e.kind()));
    }
    for _ in 0..3 {
        let get = MethodSpec::new("GET", Authorization::None);
        let put = sim.put_method(&api.id, &root, &get).await;
        outcomes.push(put.map(|m| m.http_method).map_err(|e| e.kind()));
        let integrated = sim
            .put_integration(&api.id, &root, "GET", &Integration::mock())
            .await;
        outcomes.push(integrated.map(|_| "MOCK".to_owned()).map_err(|e| e.kind()));
        let deployment = NewDeployment {
            stage_name: Some("live".into()),
            description: "v1".into(),
        };
        let deployed = sim.create_deployment(&api.id, &deployment).await;
        outcomes.push(deployed.map(|d| d.id).map_err(|e| e.kind()));
        let tree = sim.get_resources(&api.id).await;
        outcomes.push(tree.map(|t| t.len().to_string()).map_err(|e| e.kind()));
    }
    outcomes
}

/// What must be identical between two runs with one seed (times from the run's first call).
fn journal_of(sim: &Sim) -> Vec<(&'static str, bool, Option<ErrorKind>, Duration, Duration)> {
    let journal = sim.journal();
    let origin = journal.calls().first().map(|c| c.start).unwrap_or_default();
    journal
        .calls()
        .iter()
        .map(|c| {
            (
                c.operation,
                c.write,
                c.error,
                c.start - origin,
                c.end - origin,
            )
        })
        .collect()
}

#[tokio::test(start_paused = true)]
async fn the_same_seed_gives_the_same_journal() {
    let config = || {
        SimConfig::default()
            .seed(1)
            .faults(Faults::flaky(0.3, 0.05))
            .latency(Latency::Uniform {
                min: Duration::from_millis(20),
                max: Duration::from_millis(200),
            })
    };
    let (first, second) = (Sim::new(config()), Sim::new(config()));
    let outcomes = run(&first).await;
    assert_eq!(outcomes, run(&second).await);
    assert_eq!(journal_of(&first), journal_of(&second));
    let journal = first.journal();
    assert!(
        journal.errors_of(ErrorKind::Throttled) > 0,
        "30 % throttling shows up"
    );
    assert!(journal
        .calls()
        .iter()
        .all(|c| c.service == Service::ApiGateway));
    assert!(journal
        .calls()
        .iter()
        .all(|c| c.end - c.start >= Duration::from_millis(20)));

    let other = Sim::new(config().seed(2));
    run(&other).await;
    assert_ne!(
        journal_of(&first),
        journal_of(&other),
        "another seed, another run"
    );
}

#[tokio::test]
async fn a_crash_fails_every_later_call_until_restart() {
    let sim = Sim::new(SimConfig::default().faults(Faults::crash_after(3)));
    let api = api(&sim, "orders").await;
    let root = root(&api);
    sim.create_resource(&api.id, &root, "a").await.unwrap();
    sim.create_resource(&api.id, &root, "b").await.unwrap();
    // Three writes done: the process is gone, reads included.
    failed(
        sim.create_resource(&api.id, &root, "c").await,
        ErrorKind::Other,
    );
    failed(sim.get_resources(&api.id).await, ErrorKind::Other);
    failed(sim.find_rest_apis("orders").await, ErrorKind::Other);

    sim.restart();
    let tree = sim.get_resources(&api.id).await.unwrap();
    assert_eq!(tree.len(), 3, "the world survived the crash: / /a /b");
    sim.create_resource(&api.id, &root, "c").await.unwrap();
    let journal = sim.journal();
    assert_eq!(journal.successful_writes(), 4);
    assert_eq!(journal.errors_of(ErrorKind::Other), 3);
}

#[tokio::test]
async fn one_journal_entry_per_call_with_aws_operation_names() {
    let sim = sim();
    let api = api(&sim, "orders").await;
    for i in 0..40 {
        sim.create_resource(&api.id, &root(&api), &format!("r{i}"))
            .await
            .unwrap();
    }
    let before = sim.journal().calls().len();
    sim.get_resources(&api.id).await.unwrap();
    sim.get_resource_policy(&api.id).await.unwrap();
    failed(sim.get_stage(&api.id, "live").await, ErrorKind::NotFound);
    let journal = sim.journal();
    let ops: Vec<(&str, bool)> = journal
        .since(before)
        .iter()
        .map(|c| (c.operation, c.write))
        .collect();
    assert_eq!(
        ops,
        [
            ("GetResources", false),
            ("GetRestApi", false),
            ("GetStage", false)
        ]
    );
    let counts = journal.counts_by_operation();
    assert_eq!(counts["CreateRestApi"], 1);
    assert_eq!(counts["CreateResource"], 40);
    assert_eq!(journal.errors_of(ErrorKind::NotFound), 1);
}
