//! A simulated account with the infrastructure a spec expects to exist beforehand (the hosted
//! zone and the SNS topic), and the example specs.

use apigw_facade::spec::GatewaySpec;
use apigw_facade::{Backends, Gateway, Options};
use apigw_sim::{Sim, SimConfig};
use std::time::Duration;

/// Loads `examples/{name}`.
pub fn example(name: &str) -> GatewaySpec {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples")
        .join(name);
    GatewaySpec::from_file(path).expect("example spec is valid")
}

/// A simulator in `spec`'s region holding the zone `example.com` and the topic `ops-alerts`.
pub fn account(spec: &GatewaySpec, config: SimConfig) -> Sim {
    let region = spec
        .region
        .clone()
        .unwrap_or_else(|| "us-west-2".to_owned());
    let sim = Sim::new(config.region(region));
    sim.create_hosted_zone("example.com");
    sim.create_topic("ops-alerts");
    sim
}

/// The spec bound to the simulator, with short waits.
pub fn gateway(spec: &GatewaySpec, sim: &Sim) -> Gateway {
    let region = sim.config().region.clone();
    let options = Options::default()
        .poll_interval(Duration::from_millis(200))
        .certificate_timeout(Duration::from_secs(120));
    Gateway::new(spec.clone(), Backends::uniform(sim.clone(), region)).with_options(options)
}
