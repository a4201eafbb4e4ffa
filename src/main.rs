use clap::Parser;

fn main() -> std::process::ExitCode {
    sdcoach::app::run(sdcoach::cli::Cli::parse())
}
