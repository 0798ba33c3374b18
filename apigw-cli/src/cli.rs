//! The command line (DESIGN §6). Global flags are accepted before or after the subcommand.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Provision and diagnose AWS API Gateway REST APIs from one spec.
#[derive(Debug, Parser)]
#[command(name = "apigw", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub global: Global,
}

/// Flags every command takes.
#[derive(Debug, Args, Clone)]
pub struct Global {
    /// AWS region of the API (default: the spec's, then the AWS configuration's).
    #[arg(long, global = true)]
    pub region: Option<String>,
    /// Region for EDGE certificates.
    #[arg(long, global = true, default_value = "us-east-1")]
    pub secondary_region: String,
    /// Send every AWS call to this endpoint (an emulator); also read from AWS_ENDPOINT_URL.
    #[arg(long, global = true, env = "AWS_ENDPOINT_URL")]
    pub endpoint_url: Option<String>,
    /// Shared-config profile.
    #[arg(long, global = true, env = "AWS_PROFILE")]
    pub profile: Option<String>,
    /// More logs on stderr (repeat for more).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Only errors on stderr.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// No progress bars.
    #[arg(long, global = true)]
    pub no_progress: bool,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show what provision would change (reads only).
    Plan {
        /// The spec file (TOML or JSON).
        #[arg(long, short)]
        config: PathBuf,
        /// Print the change list as JSON on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Converge AWS to the spec and print the artifact JSON on stdout.
    Provision {
        /// The spec file (TOML or JSON).
        #[arg(long, short)]
        config: PathBuf,
        /// Also write the artifact to this file.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Print only JSON on stdout (the default output is already the artifact JSON).
        #[arg(long)]
        json: bool,
    },
    /// Remove what apigw created for the spec.
    Destroy {
        /// The spec file (TOML or JSON).
        #[arg(long, short)]
        config: PathBuf,
        /// Do it; without this only the list of deletions is shown.
        #[arg(long)]
        yes: bool,
    },
    /// Run the runbook checks and explain what they found.
    Diagnose(DiagnoseArgs),
    /// The whole story on the built-in simulator: provision examples/full.toml, break it, diagnose.
    Demo {
        /// The spec to provision (default: the built-in copy of examples/full.toml).
        #[arg(long)]
        config: Option<PathBuf>,
    },
}

/// `apigw diagnose` flags.
#[derive(Debug, Args)]
pub struct DiagnoseArgs {
    /// Derive the target from a spec file.
    #[arg(long, short, conflicts_with = "api_name")]
    pub config: Option<PathBuf>,
    /// The API to diagnose, by name.
    #[arg(long, required_unless_present = "config")]
    pub api_name: Option<String>,
    /// Stage.
    #[arg(long)]
    pub stage: Option<String>,
    /// Custom domain name.
    #[arg(long)]
    pub domain: Option<String>,
    /// Execution role name.
    #[arg(long)]
    pub role: Option<String>,
    /// Usage plan name.
    #[arg(long)]
    pub usage_plan: Option<String>,
    /// Expected path (pairs with --method, in order).
    #[arg(long = "path")]
    pub paths: Vec<String>,
    /// Expected method of the --path at the same position.
    #[arg(long = "method")]
    pub methods: Vec<String>,
    /// Metrics window, like 15m, 2h, 1d.
    #[arg(long, default_value = "15m")]
    pub since: String,
    /// Only these check ids (comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub only: Vec<String>,
    /// Print the report as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}
