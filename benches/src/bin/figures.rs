//! Prints the README's performance figures: every scenario once, as a markdown table on stdout
//! (`--json`: the rows as JSON), details on stderr.
//!
//! `cargo run -p apigw-benches --release --bin figures [-- --json]`

use std::process::ExitCode;

use apigw_benches::figures::{details, markdown, Figures, Settings};

fn main() -> ExitCode {
    let json = std::env::args().skip(1).any(|a| a == "--json");
    eprintln!("measuring (about half a minute; the quota-paced run is most of it)...");
    let figures = match Figures::measure(Settings::readme()) {
        Ok(figures) => figures,
        Err(e) => {
            eprintln!("figures: {e}");
            return ExitCode::FAILURE;
        }
    };
    eprint!("{}", details(&figures.sim));
    let rows = figures.rows();
    if json {
        match serde_json::to_string_pretty(&rows) {
            Ok(text) => println!("{text}"),
            Err(e) => {
                eprintln!("figures: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        print!("{}", markdown(&rows));
    }
    ExitCode::SUCCESS
}
