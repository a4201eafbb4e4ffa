//! Minimal command line for the estimation branch; the lead's CLI replaces it at merge.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use sdcoach::{calc, estimate, numbers, quantity::Conventions};

#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Compute QPS, storage, bandwidth and cache figures with their formulas
    Estimate(Box<estimate::EstimateArgs>),
    /// Unit-aware calculator, e.g. "500M * 2 / day to 1/s"
    Calc {
        #[arg(required = true, num_args = 1..)]
        expression: Vec<String>,
    },
    /// Reference numbers: powers of two, latencies, time spans, availability
    Numbers,
}

/// Exit code for values the user got wrong, as for usage errors.
const BAD_INPUT: u8 = 2;

fn main() -> ExitCode {
    let outcome = match Cli::parse().command {
        Command::Estimate(args) => {
            estimate::run(&args).map_err(|e| (e.is_bad_input(), e.to_string()))
        }
        Command::Calc { expression } => calc::calc(&expression.join(" "), &Conventions::default())
            .map_err(|e| (e.is_bad_input(), e.to_string())),
        Command::Numbers => numbers::render().map_err(|e| (e.is_bad_input(), e.to_string())),
    };
    match outcome {
        Ok(text) => {
            println!("{}", text.trim_end());
            ExitCode::SUCCESS
        }
        Err((bad_input, message)) => {
            eprintln!("error: {message}");
            ExitCode::from(if bad_input { BAD_INPUT } else { 1 })
        }
    }
}
