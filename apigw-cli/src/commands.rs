//! What each command does; every function returns the process exit code.

use std::path::Path;

use apigw_facade::core::runtime::RuntimeConfig;
use apigw_facade::core::AwsContext;
use apigw_facade::spec::{GatewaySpec, SpecError};
use apigw_facade::{Backends, Gateway};

use crate::cli::{Cli, Command, Global};
use crate::{exit, output, progress};

mod demo;
mod diagnose;

pub async fn run(cli: Cli) -> i32 {
    let global = cli.global;
    match cli.command {
        Command::Plan { config, json } => plan(&global, &config, json).await,
        Command::Provision {
            config,
            output,
            json,
        } => provision(&global, &config, output.as_deref(), json).await,
        Command::Destroy { config, yes } => destroy(&global, &config, yes).await,
        Command::Diagnose(args) => diagnose::run(&global, args).await,
        Command::Demo { config } => demo::run(&global, config.as_deref()).await,
    }
}

/// Reads the spec, printing every violation with the file and field on failure.
pub fn load_spec(path: &Path) -> Result<GatewaySpec, i32> {
    GatewaySpec::from_file(path).map_err(|e: SpecError| {
        eprintln!("apigw: {e}");
        exit::INVALID
    })
}

/// The AWS backends for `spec`'s region (or the flags').
pub async fn aws_backends(global: &Global, region: Option<&str>) -> Result<Backends, i32> {
    let mut builder = AwsContext::builder()
        .secondary_region(&global.secondary_region)
        .runtime(RuntimeConfig::default());
    if let Some(region) = global.region.as_deref().or(region) {
        builder = builder.region(region);
    }
    if let Some(url) = &global.endpoint_url {
        builder = builder.endpoint_url(url);
    }
    if let Some(profile) = &global.profile {
        builder = builder.profile(profile);
    }
    match builder.load().await {
        Ok(ctx) => Ok(Backends::aws(&ctx)),
        Err(e) => Err(exit::report(&e)),
    }
}

async fn gateway(global: &Global, config: &Path) -> Result<Gateway, i32> {
    let spec = load_spec(config)?;
    let backends = aws_backends(global, spec.region.as_deref()).await?;
    Ok(Gateway::new(spec, backends).with_events(progress::sink(global.no_progress)))
}

async fn plan(global: &Global, config: &Path, json: bool) -> i32 {
    let gateway = match gateway(global, config).await {
        Ok(g) => g,
        Err(code) => return code,
    };
    match gateway.plan().await {
        Ok(plan) if json => output::json(&plan),
        Ok(plan) => {
            print!("{}", output::plan(&plan));
            exit::OK
        }
        Err(e) => exit::report(&e),
    }
}

async fn provision(global: &Global, config: &Path, out: Option<&Path>, json: bool) -> i32 {
    let gateway = match gateway(global, config).await {
        Ok(g) => g,
        Err(code) => return code,
    };
    match gateway.provision_with_plan().await {
        Ok((artifact, plan)) => {
            if let Some(path) = out {
                if let Err(code) = output::write_json(path, &artifact) {
                    return code;
                }
            }
            if !json && !global.quiet {
                eprint!("{}", output::provision_summary(&plan));
            }
            output::json(&artifact)
        }
        Err(e) => exit::report(&e),
    }
}

async fn destroy(global: &Global, config: &Path, yes: bool) -> i32 {
    let gateway = match gateway(global, config).await {
        Ok(g) => g,
        Err(code) => return code,
    };
    let result = if yes {
        gateway.destroy().await
    } else {
        gateway.plan_destroy().await
    };
    match result {
        Ok(plan) => {
            print!("{}", output::plan(&plan));
            if !yes {
                eprintln!("(nothing deleted: run again with --yes to delete the above)");
            }
            exit::OK
        }
        Err(e) => exit::report(&e),
    }
}
