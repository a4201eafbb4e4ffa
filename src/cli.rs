//! The command line.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::units::quantity::MonthSeconds;

#[derive(Debug, Parser)]
#[command(name = "sdcoach", version, about = "Practise system design interviews in your terminal", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub(crate) command: Commands,

    /// Follow this procedure file instead of the problem's own procedure
    #[arg(long, global = true, value_name = "FILE")]
    pub(crate) procedure: Option<PathBuf>,

    /// Add this problem file to the catalogue (it replaces a problem with the same id)
    #[arg(long, global = true, value_name = "FILE")]
    pub(crate) problem: Option<PathBuf>,

    /// When to use colour; `auto` follows the terminal, NO_COLOR and CLICOLOR_FORCE
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub(crate) color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Commands {
    /// Start a new mock interview on a problem
    Start(StartArgs),
    /// Continue the latest unfinished interview, or the given one
    Resume(ResumeArgs),
    /// List saved interviews
    Sessions(JsonArgs),
    /// Write an interview's transcript as Markdown
    Export(ExportArgs),
    /// List the problems you can practise
    List(JsonArgs),
    /// Show your progress: scores and times per session, step averages and their trend
    History(JsonArgs),
    /// Check procedure and problem files (files or folders)
    Validate(ValidateArgs),
    /// Compute QPS, storage, bandwidth and cache size from a few inputs, with the formulas
    Estimate(Box<crate::report::estimate::EstimateArgs>),
    /// Evaluate a unit-aware expression, e.g. "500M * 2 / day to 1/s" or "10 Gbps to MB/s"
    Calc(CalcArgs),
    /// Print the reference numbers: powers of two, latencies, time spans, availability
    Numbers,
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff); e.g. `sdcoach man > sdcoach.1`
    Man,
}

#[derive(Debug, Args)]
pub(crate) struct StartArgs {
    /// The problem's id, e.g. twitter (see `sdcoach list`)
    #[arg(conflicts_with = "random")]
    pub(crate) problem_id: Option<String>,

    /// Pick a problem you have not practised yet
    #[arg(long)]
    pub(crate) random: bool,

    /// With --random: only problems with this tag
    #[arg(long, requires = "random", value_name = "TAG")]
    pub(crate) tag: Option<String>,

    /// With --random: only problems of this difficulty
    #[arg(long, requires = "random", value_enum)]
    pub(crate) difficulty: Option<crate::content::problem::Difficulty>,

    /// Print an answers file for the problem instead of starting
    #[arg(long, conflicts_with = "answers")]
    pub(crate) template: bool,

    /// Length of the whole interview in minutes; each step's budget scales with it
    #[arg(long, value_name = "N", default_value_t = 45, value_parser = clap::value_parser!(u32).range(5..=240))]
    pub(crate) minutes: u32,

    /// Hide the clock (time is still recorded)
    #[arg(long)]
    pub(crate) no_timer: bool,

    /// Choose the interviewer's follow-up questions with this seed, to repeat a run
    #[arg(long, value_name = "N")]
    pub(crate) seed: Option<u64>,

    /// Change one of the problem's constraints before the detailed design (picked with the
    /// seed, or the one named: --twist=ID; `--template` lists them)
    #[arg(long, value_name = "ID", num_args = 0..=1, require_equals = true)]
    pub(crate) twist: Option<Option<String>>,

    /// Seconds in a month for estimates [default: 2592000, 30 days; some guides use 2.5M]
    #[arg(long, value_name = "N")]
    pub(crate) month_seconds: Option<MonthSeconds>,

    /// Show estimated sizes in binary units (KiB, MiB ...)
    #[arg(long)]
    pub(crate) binary: bool,

    #[command(flatten)]
    pub(crate) run: RunArgs,
}

#[derive(Debug, Args)]
pub(crate) struct ResumeArgs {
    /// The session's id (see `sdcoach sessions`); the latest unfinished one when left out
    pub(crate) id: Option<String>,

    #[command(flatten)]
    pub(crate) run: RunArgs,
}

/// Options of a run, shared by `start` and `resume`.
#[derive(Debug, Args)]
pub(crate) struct RunArgs {
    /// Take the answers from this YAML file instead of asking (see --template)
    #[arg(long, value_name = "FILE")]
    pub(crate) answers: Option<PathBuf>,

    /// Write the transcript to FILE when the interview ends
    #[arg(long, value_name = "FILE")]
    pub(crate) export: Option<PathBuf>,

    /// Overwrite the --export file if it exists
    #[arg(long, requires = "export")]
    pub(crate) force: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// The session's id; the latest session when left out
    pub(crate) id: Option<String>,

    /// Write to FILE instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,

    /// Overwrite FILE if it exists
    #[arg(long, requires = "output")]
    pub(crate) force: bool,

    /// Print the assessment as JSON (overall score, and per step its items with their
    /// evidence, checks and figures) instead of the Markdown transcript
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct JsonArgs {
    /// Print JSON instead of a table
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct CalcArgs {
    /// The expression; several words are joined with spaces
    #[arg(required = true, value_name = "EXPR")]
    pub(crate) expression: Vec<String>,

    /// Seconds in a month for `month` [default: 2592000, 30 days; some guides use 2.5M]
    #[arg(long, value_name = "N")]
    pub(crate) month_seconds: Option<MonthSeconds>,
}

#[derive(Debug, Args)]
pub(crate) struct ValidateArgs {
    /// Procedure or problem files, or folders of them
    #[arg(required = true, value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,
}
