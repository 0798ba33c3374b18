//! Runs every conformance case on a fresh simulator (`Backends::uniform`, as consumers wire it),
//! on a paused tokio clock: the simulator's waits (ACM records, DNS propagation) take no time.

use apigw_facade::Backends;
use apigw_sim::{Sim, SimConfig};

use crate::env::Env;

/// A fresh simulated account and the case's environment.
fn fresh() -> (Backends, Env) {
    let sim = Sim::new(SimConfig::default());
    let env = Env::sim(sim.clone());
    (Backends::uniform(sim, env.region.clone()), env)
}

macro_rules! sim_tests {
    ($($module:ident :: $case:ident),+ $(,)?) => {
        $(
            #[tokio::test(start_paused = true)]
            async fn $case() {
                let (backends, env) = fresh();
                crate::$module::$case(&backends, &env).await;
            }
        )+
    };
}

conformance_cases!(sim_tests);
