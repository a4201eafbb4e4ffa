//! What each command does, and how failures become messages and exit codes.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::content::catalog::{Catalog, Loaded};
use clap::CommandFactory;

use crate::cli::{
    Cli, ColorChoice, Commands, ExportArgs, JsonArgs, ResumeArgs, RunArgs, StartArgs, ValidateArgs,
};
use crate::content::validate;
use crate::error::{EXIT_BAD_INPUT, EXIT_INTERRUPTED, Error, usage};
use crate::interview::clock::{Clock, format_secs};
use crate::interview::engine::Engine;
use crate::interview::session::{Session, Settings};
use crate::report::export;
use crate::store::config::Config;
use crate::store::dirs::Dirs;
use crate::store::sessions::{Pick, Store};
use crate::ui::practice::{Ending, Interview};
use crate::ui::prompter::Prompter;
use crate::ui::scripted::Scripted;
use crate::ui::terminal::{self, Terminal};
use crate::units::quantity::Conventions;

type Result<T> = std::result::Result<T, Error>;

/// A line for the user on standard error, through its sink.
macro_rules! note {
    ($($arg:tt)*) => {
        crate::text::output::note(&format!($($arg)*))
    };
}

pub fn run(cli: Cli) -> ExitCode {
    match dispatch(cli) {
        Ok(code) => code,
        Err(err) if err.is_broken_pipe() => ExitCode::SUCCESS,
        Err(err) => {
            note!("error: {}", err.describe());
            ExitCode::from(err.code())
        }
    }
}

/// What every command of one run shares: where data lives, the clock, and the content files
/// named on the command line.
struct Invocation {
    dirs: Dirs,
    clock: Clock,
    cli_procedure: Option<PathBuf>,
    cli_problem: Option<PathBuf>,
}

/// Colour on or off for both streams: `--color`, then NO_COLOR, then CLICOLOR_FORCE, then
/// `TERM=dumb` (no colour), then whether each stream is a terminal.
#[expect(
    clippy::disallowed_methods,
    reason = "only asks whether the streams are terminals"
)]
fn choose_colors(choice: ColorChoice) {
    let env_set =
        |name| std::env::var_os(name).is_some_and(|value| !value.is_empty() && value != "0");
    let forced = match choice {
        ColorChoice::Always => Some(true),
        ColorChoice::Never => Some(false),
        ColorChoice::Auto if env_set("NO_COLOR") => Some(false),
        ColorChoice::Auto if env_set("CLICOLOR_FORCE") => Some(true),
        ColorChoice::Auto if terminal::is_dumb() => Some(false),
        ColorChoice::Auto => None,
    };
    console::set_colors_enabled(forced.unwrap_or_else(|| std::io::stdout().is_terminal()));
    console::set_colors_enabled_stderr(forced.unwrap_or_else(|| std::io::stderr().is_terminal()));
}

fn dispatch(cli: Cli) -> Result<ExitCode> {
    choose_colors(cli.color);
    let context = Invocation {
        dirs: Dirs::from_env()?,
        clock: Clock::from_env()?,
        cli_procedure: cli.procedure,
        cli_problem: cli.problem,
    };
    match cli.command {
        Commands::Start(args) => start(&context, args),
        Commands::Resume(args) => resume(&context, args),
        Commands::Sessions(args) => sessions(&context, args),
        Commands::Export(args) => export_command(&context, args),
        Commands::List(args) => list(&context, args),
        Commands::History(args) => history_command(&context, args),
        Commands::Validate(args) => validate_command(&context, args),
        Commands::Estimate(args) => {
            let procedure = context.catalog(None)?.default_procedure()?;
            let Some(step) = procedure.steps.iter().find(|step| !step.figures.is_empty()) else {
                return Err(usage(format!(
                    "procedure `{}` declares no estimation figures",
                    procedure.id
                )));
            };
            emit(&crate::report::estimate::run(&args, step)?)?;
            Ok(ExitCode::SUCCESS)
        }
        Commands::Calc(args) => {
            let conventions = Conventions::with_month(args.month_seconds);
            emit(&format!(
                "{}\n",
                crate::units::calc::calc(&args.expression.join(" "), &conventions)?
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        Commands::Numbers => {
            emit(&crate::units::numbers::render()?)?;
            Ok(ExitCode::SUCCESS)
        }
        Commands::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "sdcoach", &mut script);
            emit(&String::from_utf8_lossy(&script))?;
            Ok(ExitCode::SUCCESS)
        }
        Commands::Man => {
            let mut page = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut page)
                .map_err(Error::Manual)?;
            emit(&String::from_utf8_lossy(&page))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

impl Invocation {
    fn store(&self) -> Store {
        Store::new(self.dirs.sessions())
    }

    /// The store for an interview: a run from an answers file skips the wait for the disk
    /// after each save, since the file it reads is the durable record.
    fn store_for(&self, run: &RunArgs) -> Store {
        match run.answers {
            Some(_) => self.store().without_fsync(),
            None => self.store(),
        }
    }

    /// The catalogue with the command line's files, or else the files a session was made with.
    fn catalog(&self, session: Option<&Session>) -> Result<Catalog> {
        let procedure = self
            .cli_procedure
            .as_deref()
            .or(session.and_then(|s| s.procedure_file.as_deref()));
        let problem = self
            .cli_problem
            .as_deref()
            .or(session.and_then(|s| s.problem_file.as_deref()));
        Ok(Catalog::discover(
            &self.dirs.user_procedures(),
            procedure,
            problem,
        )?)
    }

    fn load_for(&self, session: &Session) -> Result<Loaded> {
        self.catalog(Some(session))
            .and_then(|catalog| Ok(catalog.load(&session.problem)?))
            .map_err(|cause| Error::SessionContent {
                id: session.id.clone(),
                hint: self.files_hint(session),
                cause: Box::new(cause),
            })
    }

    /// Where the content files of a session were, and how to name them again when they
    /// have moved (or were saved as paths relative to another folder).
    fn files_hint(&self, session: &Session) -> String {
        let named = [
            ("--problem", &session.problem_file, &self.cli_problem),
            ("--procedure", &session.procedure_file, &self.cli_procedure),
        ];
        let hints: Vec<String> = named
            .iter()
            .filter_map(|(option, saved, given)| match (saved, given) {
                (Some(path), None) => Some(format!(
                    "it was started with {option} {}; if that file has moved, name it again with {option} FILE",
                    path.display()
                )),
                _ => None,
            })
            .collect();
        if hints.is_empty() {
            String::new()
        } else {
            format!(" ({})", hints.join("; "))
        }
    }
}

fn start(context: &Invocation, args: StartArgs) -> Result<ExitCode> {
    if !args.template {
        check_can_run(&args.run)?;
    }
    let catalog = context.catalog(None)?;
    let problem_id = match (&args.problem_id, catalog.named_problem()) {
        _ if args.random => pick_problem(context, &catalog, &args)?,
        (Some(id), _) => id.clone(),
        (None, Some(id)) => id.to_string(),
        (None, None) => {
            return Err(usage(
                "name the problem to practise, e.g. `sdcoach start twitter`; `sdcoach list` shows them",
            ));
        }
    };
    let loaded = catalog.load(&problem_id)?;
    let engine = Engine::new(&loaded.procedure, &loaded.problem);
    if args.template {
        emit(&crate::ui::template::answers_template(&engine))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut prompter = prompter(&args.run, &loaded)?;
    let store = context.store_for(&args.run);
    let now = context.clock.now();
    let config = Config::load(&context.dirs.config)?;
    // The option wins over the problem's own convention, which wins over the user's settings.
    let conventions = Conventions::with_month(
        args.month_seconds
            .or(loaded.problem.month_seconds)
            .or(config.month_seconds),
    );
    let settings = Settings {
        minutes: args.minutes,
        timer: !args.no_timer,
        seed: args.seed.unwrap_or_else(|| now.as_second().unsigned_abs()),
        month_seconds: conventions.month_seconds.round() as u64,
        binary: args.binary || config.binary,
    };
    let twist = chosen_twist(&engine, args.twist.as_ref(), settings.seed)?;
    let mut session = engine.start(store.fresh_id(now, &problem_id), now, settings);
    session.twist = twist;
    session.problem_file = loaded.problem_file.clone();
    session.procedure_file = loaded.procedure_file.clone();
    let file = store.open(&mut session)?;
    let mut interview = Interview::new(engine, file, context.clock);
    interview.introduce(&session);
    let first = Engine::new(&loaded.procedure, &loaded.problem).resume(&mut session, now)?;
    let ending = interview.run(&mut session, prompter.as_mut(), first)?;
    conclude(&session, &loaded, ending, &args.run)
}

/// The twist asked for: none without `--twist`, the one named, or one picked by the seed.
fn chosen_twist(
    engine: &Engine,
    asked: Option<&Option<String>>,
    seed: u64,
) -> Result<Option<String>> {
    let Some(named) = asked else {
        return Ok(None);
    };
    let problem = engine.problem;
    let twist = match named {
        Some(id) => problem.twist(id),
        None => engine.pick_twist(seed),
    };
    let Some(twist) = twist else {
        let ids: Vec<&str> = problem.twists.iter().map(|t| t.id.as_str()).collect();
        let message = match named {
            Some(id) if !ids.is_empty() => format!(
                "--twist={id}: problem `{}` has no such twist; its twists: {}",
                problem.id,
                ids.join(", ")
            ),
            _ => format!(
                "--twist: problem `{}` has no twists; start it without --twist",
                problem.id
            ),
        };
        return Err(usage(message));
    };
    Ok(Some(twist.id.clone()))
}

/// A problem not practised yet, among those with the tag and difficulty asked for; when all
/// of those have been practised, any of them.
fn pick_problem(context: &Invocation, catalog: &Catalog, args: &StartArgs) -> Result<String> {
    let (loaded, _) = catalog.load_all();
    let matching: Vec<&Loaded> = loaded
        .iter()
        .filter(|l| {
            args.tag
                .as_ref()
                .is_none_or(|tag| l.problem.tags.contains(tag))
        })
        .filter(|l| args.difficulty.is_none_or(|d| l.problem.difficulty == d))
        .filter(|l| args.twist.is_none() || !l.problem.twists.is_empty())
        .collect();
    if matching.is_empty() {
        let mut tags: Vec<&str> = loaded
            .iter()
            .flat_map(|l| l.problem.tags.iter().map(String::as_str))
            .collect();
        tags.sort_unstable();
        tags.dedup();
        let filters = match args.twist {
            Some(_) => "--tag, --difficulty and --twist",
            None => "--tag and --difficulty",
        };
        return Err(usage(format!(
            "no problem matches {filters}; the tags are: {}",
            tags.join(", ")
        )));
    }
    let (sessions, _) = context.store().list()?;
    let fresh: Vec<&&Loaded> = matching
        .iter()
        .filter(|l| !sessions.iter().any(|s| s.problem == l.problem.id))
        .collect();
    let mut rng = fastrand::Rng::with_seed(context.clock.now().as_second().unsigned_abs());
    let pool: Vec<&Loaded> = if fresh.is_empty() {
        note!("You have practised every matching problem; picking one of them again.");
        matching
    } else {
        fresh.into_iter().copied().collect()
    };
    let chosen = pool[rng.usize(..pool.len())];
    note!(
        "Picked: {} ({}, {})",
        chosen.problem.title,
        chosen.problem.id,
        chosen.problem.difficulty.name()
    );
    Ok(chosen.problem.id.clone())
}

fn resume(context: &Invocation, args: ResumeArgs) -> Result<ExitCode> {
    let store = context.store_for(&args.run);
    let (mut session, unreadable) = store.find(args.id.as_deref(), Pick::LatestUnfinished)?;
    warn_unreadable(&unreadable);
    if session.is_finished() {
        return Err(usage(format!(
            "session `{}` is finished; `sdcoach export {}` writes its transcript",
            session.id, session.id
        )));
    }
    let loaded = context.load_for(&session)?;
    check_can_run(&args.run)?;
    let mut prompter = prompter(&args.run, &loaded)?;
    let engine = Engine::new(&loaded.procedure, &loaded.problem);
    let first = engine.resume(&mut session, context.clock.now())?;
    let file = store.open(&mut session)?;
    note!(
        "Resuming session {} ({}).",
        session.id,
        loaded.problem.title
    );
    let mut interview = Interview::new(engine, file, context.clock);
    let ending = interview.run(&mut session, prompter.as_mut(), first)?;
    conclude(&session, &loaded, ending, &args.run)
}

/// Refuses an interview that could not be asked or whose transcript could not be written,
/// before anything else is said or picked.
#[expect(
    clippy::disallowed_methods,
    reason = "only asks whether stdin and stderr are terminals"
)]
fn check_can_run(run: &RunArgs) -> Result<()> {
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    if run.answers.is_none() && !interactive {
        return Err(usage(
            "the interview asks its questions in a terminal, and stdin or stderr is not one; run it in a terminal, or give the answers with --answers FILE (`sdcoach start <problem> --template` writes one)",
        ));
    }
    check_export_target(run)
}

fn prompter(run: &RunArgs, loaded: &Loaded) -> Result<Box<dyn Prompter>> {
    if let Some(path) = &run.answers {
        return Ok(Box::new(Scripted::load(path, &loaded.procedure)?));
    }
    crate::ui::signals::catch();
    Ok(Box::new(Terminal::new()))
}

fn conclude(session: &Session, loaded: &Loaded, ending: Ending, run: &RunArgs) -> Result<ExitCode> {
    match ending {
        Ending::Finished => {
            if let Some(path) = &run.export {
                write_new(
                    path,
                    &export::transcript(session, &Engine::new(&loaded.procedure, &loaded.problem)),
                    run.force,
                )?;
                note!("Transcript written to {}.", path.display());
            } else {
                note!(
                    "Saved as session {}. Write its transcript with: sdcoach export {} -o transcript.md",
                    session.id,
                    session.id
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Ending::Quit => {
            note!("Saved. Continue with: sdcoach resume {}", session.id);
            Ok(ExitCode::SUCCESS)
        }
        Ending::Interrupted => {
            note!("\n{}", terminal::interrupted_message(&session.id));
            Ok(ExitCode::from(crate::ui::signals::exit_status(
                EXIT_INTERRUPTED,
            )))
        }
    }
}

/// Refuses an existing export file up front, before the user spends an interview on it.
fn check_export_target(run: &RunArgs) -> Result<()> {
    let Some(path) = &run.export else {
        return Ok(());
    };
    if path.exists() && !run.force {
        return Err(usage(format!(
            "{} exists; add --force to overwrite it",
            path.display()
        )));
    }
    // A dangling link or a missing folder would only fail once the interview is over.
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !folder.is_dir() {
        return Err(usage(format!(
            "--export {}: the folder {} does not exist; create it first or choose another file",
            path.display(),
            folder.display()
        )));
    }
    if path.is_symlink() && !path.exists() {
        return Err(usage(format!(
            "--export {}: it is a link to a file that does not exist",
            path.display()
        )));
    }
    Ok(())
}

fn write_new(path: &Path, text: &str, force: bool) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let cannot_write = |cause| Error::Write {
        path: path.to_path_buf(),
        cause,
    };
    let mut file = options.open(path).map_err(|err| match err.kind() {
        std::io::ErrorKind::AlreadyExists => usage(format!(
            "{} exists; add --force to overwrite it",
            path.display()
        )),
        _ if crate::content::yaml::is_users_file_fault(&err) => usage(format!(
            "cannot write {}: {err}; choose a file in a folder you can write to",
            path.display()
        )),
        _ => cannot_write(err),
    })?;
    // A transcript is read in a terminal as often as in a viewer, so it is shown the same way.
    file.write_all(crate::text::output::sanitize(text).as_bytes())
        .map_err(cannot_write)
}

fn warn_unreadable(unreadable: &[crate::store::sessions::Unreadable]) {
    for file in unreadable {
        note!(
            "warning: skipping session file {}: {}",
            file.path.display(),
            file.error
        );
    }
}

/// Says that no session is listed, and why: none saved yet, or none of the saved ones could
/// be read (a failure, exit 1, since the files are there).
fn no_sessions(unreadable: &[crate::store::sessions::Unreadable]) -> Option<ExitCode> {
    if unreadable.is_empty() {
        note!("No saved sessions yet; `sdcoach start twitter` begins one.");
        return None;
    }
    let folder = unreadable[0].path.parent().unwrap_or(Path::new("."));
    note!(
        "No session could be read: {} file(s) in {} were skipped (see the warnings above); repair or move them.",
        unreadable.len(),
        folder.display()
    );
    Some(ExitCode::FAILURE)
}

fn sessions(context: &Invocation, args: JsonArgs) -> Result<ExitCode> {
    let (sessions, unreadable) = context.store().list()?;
    warn_unreadable(&unreadable);
    if args.json {
        let rows: Vec<serde_json::Value> = sessions
            .iter()
            .map(|s| {
                serde_json::json!({
                    "id": s.id, "problem": s.problem, "title": s.problem_title,
                    "started_at": s.started_at.to_string(), "steps_done": s.steps_done(), "steps": s.steps.len(),
                    "elapsed_secs": s.total_elapsed_secs(), "finished": s.is_finished(),
                })
            })
            .collect();
        emit(&format!("{}\n", crate::text::output::json(&rows)?))?;
        return Ok(ExitCode::SUCCESS);
    }
    if sessions.is_empty() {
        return Ok(no_sessions(&unreadable).unwrap_or(ExitCode::SUCCESS));
    }
    let rows: Vec<[String; 6]> = sessions
        .iter()
        .map(|s| {
            let status = if s.is_finished() {
                "finished".to_string()
            } else {
                s.cursor
                    .as_ref()
                    .map_or("at ?".into(), |key| format!("at {key}"))
            };
            [
                s.id.clone(),
                s.problem.clone(),
                s.started_at.strftime("%Y-%m-%d %H:%M").to_string(),
                format!("{}/{}", s.steps_done(), s.steps.len()),
                format_secs(s.total_elapsed_secs()),
                status,
            ]
        })
        .collect();
    print_table(
        ["ID", "PROBLEM", "STARTED", "STEPS", "TIME", "STATUS"],
        &rows,
    )?;
    Ok(ExitCode::SUCCESS)
}

fn export_command(context: &Invocation, args: ExportArgs) -> Result<ExitCode> {
    let (session, unreadable) = context.store().find(args.id.as_deref(), Pick::Latest)?;
    warn_unreadable(&unreadable);
    let loaded = context.load_for(&session)?;
    let engine = Engine::new(&loaded.procedure, &loaded.problem);
    let text = if args.json {
        format!(
            "{}\n",
            crate::text::output::json(&export::report(&session, &engine))?
        )
    } else {
        export::transcript(&session, &engine)
    };
    match &args.output {
        Some(path) => {
            write_new(path, &text, args.force)?;
            note!(
                "Transcript of session {} written to {}.",
                session.id,
                path.display()
            );
        }
        None => emit(&text)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn list(context: &Invocation, args: JsonArgs) -> Result<ExitCode> {
    let (summaries, errors) = context.catalog(None)?.summaries();
    for err in &errors {
        note!("warning: {err}");
    }
    if args.json {
        emit(&format!("{}\n", crate::text::output::json(&summaries)?))?;
    } else {
        let rows: Vec<[String; 3]> = summaries
            .iter()
            .map(|s| {
                [
                    s.id.clone(),
                    s.title.clone(),
                    s.difficulty.name().to_string(),
                ]
            })
            .collect();
        print_table(["ID", "TITLE", "DIFFICULTY"], &rows)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn history_command(context: &Invocation, args: JsonArgs) -> Result<ExitCode> {
    let (sessions, unreadable) = context.store().list()?;
    warn_unreadable(&unreadable);
    let catalog = context.catalog(None)?;
    // Sessions of the same problem share one load; only sessions made with their own
    // content files need the catalogue built again with those files.
    let mut loaded: BTreeMap<(String, Option<PathBuf>, Option<PathBuf>), Option<Loaded>> =
        BTreeMap::new();
    let history = crate::report::history::history(&sessions, catalog.problem_ids(), |session| {
        let key = (
            session.problem.clone(),
            session.problem_file.clone(),
            session.procedure_file.clone(),
        );
        loaded
            .entry(key)
            .or_insert_with(|| match (&session.problem_file, &session.procedure_file) {
                (None, None) => catalog.load(&session.problem).ok(),
                _ => context.load_for(session).ok(),
            })
            .clone()
    });
    if args.json {
        emit(&format!("{}\n", crate::text::output::json(&history)?))?;
        return Ok(ExitCode::SUCCESS);
    }
    if history.sessions.is_empty() {
        if let Some(failed) = no_sessions(&unreadable) {
            return Ok(failed);
        }
    } else {
        let rows: Vec<[String; 5]> = history
            .sessions
            .iter()
            .map(|e| {
                let score = e.score.map_or("-".into(), |s| format!("{s:.0} %"));
                let status = if e.finished { "finished" } else { "unfinished" };
                [
                    e.started_at.clone(),
                    e.problem.clone(),
                    format_secs(e.elapsed_secs),
                    score,
                    status.into(),
                ]
            })
            .collect();
        print_table(["STARTED", "PROBLEM", "TIME", "SCORE", "STATUS"], &rows)?;
        let rows: Vec<[String; 3]> = history
            .steps
            .iter()
            .map(|step| {
                let average = step.average.map_or("-".into(), |a| format!("{a:.1}/3"));
                let trend = step.trend.map_or("-".into(), |t| {
                    format!(
                        "{t:+.1} (latest {} against {} earlier)",
                        step.latest, step.earlier
                    )
                });
                [step.title.clone(), average, trend]
            })
            .collect();
        emit("\n")?;
        // A trend needs two finished sessions; before that the column would be empty.
        if history.steps.iter().any(|step| step.trend.is_some()) {
            print_table(["STEP", "AVERAGE", "TREND"], &rows)?;
        } else {
            let rows: Vec<[String; 2]> = rows
                .into_iter()
                .map(|[title, average, _]| [title, average])
                .collect();
            print_table(["STEP", "AVERAGE"], &rows)?;
        }
    }
    emit(&format!(
        "\nNot practised yet ({}): {}\n",
        history.not_practised.len(),
        history.not_practised.join(", ")
    ))?;
    Ok(ExitCode::SUCCESS)
}

fn validate_command(context: &Invocation, args: ValidateArgs) -> Result<ExitCode> {
    let reports = validate::validate(&args.paths, &context.dirs.user_procedures());
    let mut failed = 0;
    for report in &reports {
        match &report.result {
            Ok(summary) => emit(&format!("ok     {}: {summary}\n", report.path.display()))?,
            Err(err) => {
                failed += 1;
                emit(&format!("error  {err}\n"))?;
            }
        }
    }
    emit(&format!(
        "{} files checked, {failed} with errors\n",
        reports.len()
    ))?;
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_BAD_INPUT)
    })
}

/// The widest a table cell is shown; a longer one (a long title or id) is cut with `…`.
const MAX_CELL: usize = 60;

/// Left-aligned columns as wide as their widest cell.
fn print_table<const N: usize>(headers: [&str; N], rows: &[[String; N]]) -> Result<()> {
    // Sanitised before measuring, so that a cell with control characters, which `emit`
    // shows as `\x1b` and the like, is measured as wide as it is shown.
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|cell| cut(&crate::text::output::sanitize(cell)))
                .collect()
        })
        .collect();
    let mut widths = headers.map(str::len);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(console::measure_text_width(cell));
        }
    }
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(widths)
            .map(|(cell, width)| {
                let pad = width.saturating_sub(console::measure_text_width(cell));
                format!("{cell}{}", " ".repeat(pad))
            })
            .collect();
        format!("{}\n", padded.join("  ").trim_end())
    };
    let mut text = line(headers.to_vec());
    for row in &rows {
        text.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    emit(&text)
}

fn cut(cell: &str) -> String {
    if cell.chars().count() <= MAX_CELL {
        return cell.to_string();
    }
    let kept: String = cell.chars().take(MAX_CELL - 1).collect();
    format!("{kept}…")
}

/// Writes to standard output; a reader that goes away (`| head`) ends the command quietly.
fn emit(text: &str) -> Result<()> {
    crate::text::output::stdout(text).map_err(Error::Stdout)
}
