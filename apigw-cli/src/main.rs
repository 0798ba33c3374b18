//! `apigw`: plan, provision, destroy and diagnose API Gateway REST APIs; `apigw demo` on the
//! built-in simulator. Results go to stdout, logs and progress to stderr.

mod cli;
mod commands;
mod exit;
mod output;
mod progress;
mod redact;

use clap::Parser;

fn main() {
    let cli = cli::Cli::parse();
    init_logging(&cli.global);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("apigw: cannot start the async runtime: {e}");
            std::process::exit(exit::AWS);
        }
    };
    let code = runtime.block_on(commands::run(cli));
    std::process::exit(code);
}

/// Logs on stderr through tracing-subscriber; `RUST_LOG` overrides -v / -q.
///
/// `-vvv` is trace for apigw's own crates only: at trace the AWS SDK logs whole response bodies,
/// and CreateApiKey / GetApiKeys answers carry API key values. Every line goes through
/// [`redact::Redacting`], which masks the access key ids the SDK prints with its credentials.
fn init_logging(global: &cli::Global) {
    let level = match (global.quiet, global.verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info,apigw_core=info",
        (false, 2) => "debug",
        _ => "debug,apigw=trace,apigw_core=trace,apigw_dns=trace,apigw_certs=trace,apigw_alarms=trace,apigw_diagnose=trace,apigw_facade=trace,apigw_sim=trace",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(|| redact::Redacting(std::io::stderr()))
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
}
