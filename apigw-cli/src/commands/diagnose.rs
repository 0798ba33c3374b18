//! `apigw diagnose`: filled in once apigw-diagnose lands.

use apigw_facade::spec::GatewaySpec;
use apigw_facade::Backends;
use apigw_sim::Sim;

use crate::cli::{DiagnoseArgs, Global};
use crate::exit;

pub async fn run(_global: &Global, _args: DiagnoseArgs) -> i32 {
    eprintln!("apigw: diagnose is not available in this build");
    exit::INVALID
}

/// The demo's second act: a 5XX spike, then the checks.
pub async fn demo(_global: &Global, _sim: &Sim, _spec: &GatewaySpec, _backends: Backends) -> i32 {
    exit::OK
}
