//! Tests of the simulated API Gateway: AWS-shaped answers, quotas, faults and the journal.

mod deploy;
mod domains;
mod faults;
mod plans;
mod tree;

use apigw_core::restapi::{
    ApiGateway, Authorization, EndpointType, Integration, MethodSpec, NewDeployment, NewRestApi,
    RestApi, Tags,
};
use apigw_core::{Error, ErrorKind, Result};

use crate::{Sim, SimConfig};

/// An account in us-west-2 without faults.
fn sim() -> Sim {
    Sim::new(SimConfig::default())
}

fn new_api(name: &str, endpoint_type: EndpointType) -> NewRestApi {
    NewRestApi {
        name: name.to_owned(),
        description: None,
        endpoint_type,
        tags: Tags::new(),
    }
}

/// A regional API named `name`.
async fn api(sim: &Sim, name: &str) -> RestApi {
    sim.create_rest_api(&new_api(name, EndpointType::Regional))
        .await
        .expect("create the API")
}

fn root(api: &RestApi) -> String {
    api.root_resource_id.clone().expect("a root resource")
}

/// An API with `GET /` on a MOCK integration, deployed to `stage`.
async fn deployed(sim: &Sim, name: &str, stage: &str) -> RestApi {
    let api = api(sim, name).await;
    let root = root(&api);
    sim.put_method(&api.id, &root, &MethodSpec::new("GET", Authorization::None))
        .await
        .expect("put GET /");
    sim.put_integration(&api.id, &root, "GET", &Integration::mock())
        .await
        .expect("integrate GET /");
    sim.create_deployment(
        &api.id,
        &NewDeployment {
            stage_name: Some(stage.to_owned()),
            description: "v1".to_owned(),
        },
    )
    .await
    .expect("deploy");
    api
}

/// The error of `result`, which must have failed with `kind`.
#[track_caller]
fn failed<T: std::fmt::Debug>(result: Result<T>, kind: ErrorKind) -> Error {
    let err = result.expect_err("the call should fail");
    assert_eq!(err.kind(), kind, "{err}");
    err
}
