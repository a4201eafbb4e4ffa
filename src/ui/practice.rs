//! The interview front end: asks the engine what to do, asks the prompter for replies, shows
//! the steps, and saves after every change.

use std::path::PathBuf;

use console::{Term, style};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::content::answer::Answer;
use crate::content::key::PromptKey;
use crate::content::procedure::{At, PromptKind, Render, Role};
use crate::content::score::Score;
use crate::interview::clock::{Clock, format_secs};
use crate::interview::engine::{Engine, Event, Outcome, Rung};
use crate::interview::session::Session;
use crate::judge::coverage::Status;
use crate::judge::diagram;
use crate::judge::estimates;
use crate::judge::feedback;
use crate::store::sessions::{OpenSession, StoreError};
use crate::ui::command::{self, Command};
use crate::ui::prompter::{PromptError, Prompter, Question, Reply};
use crate::ui::terminal;
use crate::units::calc;
use crate::units::figures::Outcome as FigureOutcome;
use crate::units::formula::Verdict;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ending {
    Finished,
    Quit,
    Interrupted,
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum InterviewError {
    #[error(transparent)]
    Prompt(#[from] PromptError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(
        "the session could not be saved ({reason}); every answer is in {rescue}: once there is room, move it to {file}, and `sdcoach resume {id}` goes on from there"
    )]
    Rescued {
        reason: String,
        rescue: PathBuf,
        file: PathBuf,
        id: String,
    },
    #[error(
        "the session could not be saved ({reason}), nor a rescue file written in the temporary folder ({cause}); every answer is printed above: save it as {file}, and `sdcoach resume {id}` goes on from there"
    )]
    Printed {
        reason: String,
        cause: std::io::Error,
        file: PathBuf,
        id: String,
    },
}

impl InterviewError {
    pub(crate) fn blames_user(&self) -> bool {
        match self {
            InterviewError::Prompt(err) => err.blames_user(),
            InterviewError::Store(err) => err.blames_user(),
            InterviewError::Rescued { .. } | InterviewError::Printed { .. } => false,
        }
    }
}

/// `spent/budget`, red once over the budget.
fn against(spent: u64, budget: u64) -> String {
    let text = format!("{}/{}", format_secs(spent), format_secs(budget));
    if spent > budget {
        style(text).red().to_string()
    } else {
        text
    }
}

/// What one reply turns into.
enum Action {
    Send(Event),
    /// Shown or handled here; the same prompt is asked again.
    Stay,
    Interrupt,
}

pub(crate) struct Interview<'a> {
    engine: Engine<'a>,
    /// Open, and so locked, until the interview ends: the session open in a second terminal
    /// is refused there instead of the two overwriting each other's answers.
    file: OpenSession<'a>,
    clock: Clock,
    out: Term,
    /// The prompt whose question is on screen, so that it is not printed again after a hint.
    shown: Option<PromptKey>,
    /// A save failed, and the session has changed since the last one that worked.
    unsaved: bool,
}

impl<'a> Interview<'a> {
    pub(crate) fn new(engine: Engine<'a>, file: OpenSession<'a>, clock: Clock) -> Self {
        Interview {
            engine,
            file,
            clock,
            out: Term::buffered_stderr(),
            shown: None,
            unsaved: false,
        }
    }

    /// Wraps text to the terminal (at most 100 columns), indenting continuation lines. The
    /// width is measured for every block, so text follows a window that was resized.
    fn wrap(&self, text: &str, indent: &str) -> String {
        textwrap::fill(
            text,
            crate::text::output::wrapping(terminal::width()).subsequent_indent(indent),
        )
    }

    fn say(&self, text: &str) {
        // Output is best effort: a closed stderr must not stop the interview from saving.
        let _ = crate::text::output::term_line(&self.out, text);
    }

    /// The problem statement and how to get help, shown when a session begins.
    pub(crate) fn introduce(&self, session: &Session) {
        let problem = self.engine.problem;
        self.say(&format!(
            "{}",
            style(format!("Mock interview: {}", problem.title)).bold()
        ));
        self.say(&format!("\n{}\n", self.wrap(problem.statement.trim(), "")));
        self.say(&format!(
            "{} steps, {} minutes. Type :help at any prompt for the commands.",
            self.engine.procedure.steps.len(),
            session.settings.minutes
        ));
    }

    pub(crate) fn run(
        &mut self,
        session: &mut Session,
        prompter: &mut dyn Prompter,
        first: Outcome,
    ) -> Result<Ending, InterviewError> {
        let ending = self.run_loop(session, prompter, first);
        let _ = self.out.flush();
        let ending = ending?;
        self.close(session, prompter, ending)?;
        Ok(ending)
    }

    /// Saves what is left as the interview ends. While the disk still refuses, a person who
    /// quit or finished is offered another try; one who leaves anyway, or pressed Ctrl-C,
    /// gets every answer in a rescue file, so that none is lost without a word.
    fn close(
        &mut self,
        session: &mut Session,
        prompter: &mut dyn Prompter,
        ending: Ending,
    ) -> Result<(), InterviewError> {
        loop {
            let reason = match self.file.close(session) {
                Ok(()) => return Ok(()),
                Err(err) => failure(&err),
            };
            // After Ctrl-C the cursor is still on the input line.
            self.say(&self.wrap(
                &format!("\n  {} {reason}.", style("Not saved:").yellow().bold()),
                "  ",
            ));
            let _ = self.out.flush();
            let retry = ending != Ending::Interrupted
                && matches!(
                    prompter.confirm(
                        "Make some room, then try saving again? No leaves every answer in a rescue file"
                    ),
                    Ok(true)
                );
            if !retry {
                if self.out.is_term() {
                    // dialoguer can leave it hidden when a prompt is interrupted.
                    let _ = Term::stderr().show_cursor();
                }
                return Err(self.rescue(session, reason));
            }
        }
    }

    /// Writes the session where it can be written, or else prints it.
    fn rescue(&self, session: &Session, reason: String) -> InterviewError {
        let (file, id) = (self.file.path(), session.id.clone());
        match crate::store::sessions::rescue(session) {
            Ok(rescue) => InterviewError::Rescued {
                reason,
                rescue,
                file,
                id,
            },
            Err(cause) => {
                let text = serde_yaml::to_string(session).unwrap_or_default();
                let _ = crate::text::output::stdout(&text);
                InterviewError::Printed {
                    reason,
                    cause,
                    file,
                    id,
                }
            }
        }
    }

    fn run_loop(
        &mut self,
        session: &mut Session,
        prompter: &mut dyn Prompter,
        first: Outcome,
    ) -> Result<Ending, InterviewError> {
        let interactive = prompter.is_interactive();
        let mut outcome = first;
        loop {
            outcome = match outcome {
                Outcome::Ask(turn) => {
                    if let Some(step) = turn.completed_step {
                        self.step_done(session, step);
                    }
                    if turn.entered_step {
                        self.step_header(session, turn.at.step);
                        self.shown = None;
                    }
                    match self.ask(session, turn.at, prompter)? {
                        Action::Send(event) => {
                            let moves_on =
                                matches!(event, Event::Answer(_) | Event::Skip | Event::Next);
                            let outcome = self.send(session, event, interactive)?;
                            if moves_on && !matches!(outcome, Outcome::Rejected(_)) {
                                self.show_estimate(session, turn.at);
                                self.show_diagram(session, turn.at);
                            }
                            outcome
                        }
                        Action::Stay => self.engine.current(session),
                        Action::Interrupt => {
                            self.send(session, Event::Quit, interactive)?;
                            return Ok(Ending::Interrupted);
                        }
                    }
                }
                Outcome::Hint(rung) => {
                    self.show_hint(&rung);
                    self.engine.current(session)
                }
                Outcome::Reply(answer) => {
                    self.say(&self.wrap(
                        &format!("{} {answer}", style("Interviewer:").cyan().bold()),
                        "  ",
                    ));
                    self.engine.current(session)
                }
                Outcome::Rejected(rejection) => {
                    // The engine rejects only an answer to the prompt under the cursor.
                    if let Some(key) = &session.cursor {
                        prompter.refused(key, &rejection)?;
                    }
                    self.engine.current(session)
                }
                Outcome::Finished { completed_step } => {
                    self.step_done(session, completed_step);
                    self.say(&format!(
                        "\nInterview finished in {} (budget {}).",
                        format_secs(session.total_elapsed_secs()),
                        format_secs(u64::from(session.settings.minutes) * 60)
                    ));
                    self.show_assessment(session);
                    return Ok(Ending::Finished);
                }
                Outcome::Quit => return Ok(Ending::Quit),
            };
        }
    }

    /// Applies the event and saves. When a save fails (a full disk), a person is told and
    /// goes on: nothing is lost while the process runs, and the next save that works writes
    /// every change since the last one. A script stops at once.
    fn send(
        &mut self,
        session: &mut Session,
        event: Event,
        interactive: bool,
    ) -> Result<Outcome, InterviewError> {
        let outcome = self.engine.apply(session, event, self.clock.now());
        // Quitting saves as the interview closes, where a failure is dealt with.
        if outcome == Outcome::Quit {
            return Ok(outcome);
        }
        match self.file.save(session) {
            Ok(()) if std::mem::take(&mut self.unsaved) => {
                self.say(&format!(
                    "  {}",
                    style("Saved again; nothing was lost.").green()
                ));
            }
            Ok(()) => {}
            Err(err) if interactive => {
                self.unsaved = true;
                let reason = failure(&err);
                self.say(&self.wrap(
                    &format!(
                        "  {} {reason}. Go on: your answers stay here and are saved with the next one that can be written.",
                        style("Not saved:").yellow().bold()
                    ),
                    "  ",
                ));
            }
            Err(err) => return Err(err.into()),
        }
        Ok(outcome)
    }

    fn ask(
        &mut self,
        session: &mut Session,
        at: At,
        prompter: &mut dyn Prompter,
    ) -> Result<Action, InterviewError> {
        if crate::ui::signals::ended() {
            return Ok(Action::Interrupt);
        }
        let key = self.engine.procedure.key(at);
        let prompt = self.engine.procedure.prompt(at);
        if self.shown.as_ref() != Some(&key) {
            if prompt.role == Role::SelfAssessment {
                self.show_feedback(session, at.step);
            }
            self.show_question(session, at);
            if prompt.kind == PromptKind::List {
                self.show_list(session, &key, prompter.is_interactive());
            }
            if let (Some(answer), true) = (session.answers.get(&key), prompter.is_interactive()) {
                self.say(&self.wrap(&format!("  {}", keeping(answer)), "  "));
            }
            self.shown = Some(key.clone());
        }
        let list = session.list_so_far(&key);
        let status = self.status(session, at);
        let proposed = (prompt.role == Role::SelfAssessment).then(|| {
            feedback::step_feedback(&self.engine.case(session), at.step)
                .proposed_score()
                .to_string()
        });
        let question = Question {
            key: &key,
            prompt,
            default: proposed.as_deref().or_else(|| self.engine.default_for(at)),
            previous: session.answers.get(&key),
            status: &status,
            draft: &session.draft,
            list: &list,
        };
        // Output is buffered; everything said so far must be on screen before the read.
        let _ = self.out.flush();
        let reply = prompter.ask(&question);
        self.engine
            .leave_out(session, crate::ui::signals::take_time_stopped());
        let reply = match reply {
            Ok(reply) => reply,
            Err(PromptError::Interrupted) => return Ok(Action::Interrupt),
            Err(err) => return Err(err.into()),
        };
        if !prompter.is_interactive() {
            self.echo(&reply);
        }
        Ok(match reply {
            Reply::Answer(answer) => Action::Send(Event::Answer(answer)),
            Reply::Item(item) => Action::Send(Event::Item(item)),
            Reply::Unknown(word) => {
                self.say(&self.wrap(&terminal::unknown_command(&word), "  "));
                Action::Stay
            }
            Reply::Command(command) => self.command(session, at, command, prompter)?,
        })
    }

    fn command(
        &mut self,
        session: &Session,
        at: At,
        command: Command,
        prompter: &mut dyn Prompter,
    ) -> Result<Action, InterviewError> {
        Ok(match command {
            Command::Hint => Action::Send(Event::Hint),
            Command::Back => Action::Send(Event::Back),
            Command::Skip => Action::Send(Event::Skip),
            Command::Next => Action::Send(Event::Next),
            Command::Quit => Action::Send(Event::Quit),
            Command::Ask(question) => Action::Send(Event::Ask(question)),
            Command::Calc(expression) => {
                match calc::calc(&expression, &session.settings.conventions()) {
                    Ok(result) => self.say(&self.wrap(&format!("  = {result}"), "    ")),
                    Err(err) => self.say(&self.wrap(&format!("  {}", style(err).yellow()), "  ")),
                }
                Action::Stay
            }
            Command::Reveal => {
                match (0..=at.step).rev().find(|&step| session.steps[step].finished_at.is_some()) {
                    Some(step) => self.reveal(session, step),
                    None if self.engine.procedure.prompt(at).role == Role::SelfAssessment => self.say(&self.wrap(
                        "  Reference notes unlock once a step is scored: score this one to see them.",
                        "  ",
                    )),
                    None => self.say(&self.wrap("  Reference notes unlock once you have answered a step; answer this one first.", "  ")),
                }
                Action::Stay
            }
            Command::Time => {
                self.say(&self.wrap(&self.clock_report(session, at), "  "));
                Action::Stay
            }
            Command::Help => {
                for (name, help) in command::HELP {
                    let line = format!("  {:<11} {help}", style(name).bold());
                    self.say(&self.wrap(&line, &" ".repeat(14)));
                }
                Action::Stay
            }
            Command::Edit => {
                let key = self.engine.procedure.key(at);
                let initial = match session.answers.get(&key) {
                    Some(Answer::Text(text)) => text.clone(),
                    _ => session.list_so_far(&key).join("\n"),
                };
                match prompter.edit(&initial) {
                    Ok(Some(text)) => Action::Send(Event::Answer(Answer::Text(text))),
                    Ok(None) => {
                        self.say(&self.wrap(
                            "  The editor was closed without saving; nothing changed.",
                            "  ",
                        ));
                        Action::Stay
                    }
                    Err(PromptError::Interrupted) => Action::Interrupt,
                    Err(err) => return Err(err.into()),
                }
            }
        })
    }

    /// The step's clock against its budget, short enough to sit before the input.
    fn status(&self, session: &Session, at: At) -> String {
        if !session.settings.timer {
            return String::new();
        }
        let (step_secs, total_secs) = self.engine.running_secs(session, self.clock.now());
        let step = against(step_secs, self.engine.budget_secs(session, at.step));
        let total = against(total_secs, u64::from(session.settings.minutes) * 60);
        format!("{step} · {total}")
    }

    /// The step's and the interview's clocks as bars, drawn when a step opens (between
    /// prompts, never while a prompt reads keys). Nothing is drawn off a terminal.
    fn clock_bars(&self, session: &Session, step: usize) {
        let (step_secs, total_secs) = self.engine.running_secs(session, self.clock.now());
        let bars = [
            ("step", step_secs, self.engine.budget_secs(session, step)),
            (
                "interview",
                total_secs,
                u64::from(session.settings.minutes) * 60,
            ),
        ];
        for (name, spent, budget) in bars {
            let told = format!("{} of {}", format_secs(spent), format_secs(budget));
            if terminal::is_dumb() {
                // A bar is drawn with escape sequences, which a dumb terminal shows as junk.
                self.say(&format!("  {name:<10} {told}"));
                continue;
            }
            let colour = if spent > budget { "red" } else { "cyan" };
            let template = format!("  {{prefix:<10}} [{{bar:30.{colour}}}] {{msg}}");
            let Ok(bar_style) = ProgressStyle::with_template(&template) else {
                continue;
            };
            let bar = ProgressBar::with_draw_target(
                Some(budget.max(1)),
                ProgressDrawTarget::term(self.out.clone(), 1),
            );
            bar.set_style(bar_style.progress_chars("=> "));
            bar.set_prefix(name);
            bar.set_message(told);
            bar.set_position(spent.min(budget));
            bar.abandon();
        }
    }

    /// The answer to `:time`: the step and the whole interview against their budgets.
    fn clock_report(&self, session: &Session, at: At) -> String {
        let (step_secs, total_secs) = self.engine.running_secs(session, self.clock.now());
        let procedure = self.engine.procedure;
        format!(
            "  Step {}/{} ({}): {} of {}. Interview: {} of {}.",
            at.step + 1,
            procedure.steps.len(),
            procedure.steps[at.step].title,
            format_secs(step_secs),
            format_secs(self.engine.budget_secs(session, at.step)),
            format_secs(total_secs),
            format_secs(u64::from(session.settings.minutes) * 60)
        )
    }

    fn step_header(&self, session: &Session, index: usize) {
        let procedure = self.engine.procedure;
        let step = &procedure.steps[index];
        let title = format!(
            "Step {}/{} - {}",
            index + 1,
            procedure.steps.len(),
            step.title
        );
        let clock = if session.settings.timer {
            let budget = format_secs(self.engine.budget_secs(session, index));
            style(format!("({budget} budget)")).dim().to_string()
        } else {
            String::new()
        };
        self.say(&format!("\n{}  {clock}", style(title).bold().underlined()));
        if session.settings.timer {
            self.clock_bars(session, index);
        }
        self.say(&self.wrap(step.goal.trim(), ""));
        for guidance in &step.guidance {
            self.say(&format!("{}", style(&guidance.heading).bold()));
            for item in &guidance.items {
                self.say(&self.wrap(&format!("  - {item}"), "    "));
            }
        }
        if !step.figures.is_empty() {
            self.say(&format!(
                "{} {}",
                style("Conventions:").bold(),
                session.settings.conventions().describe()
            ));
        }
        self.recall(session, index);
        if let Some((placement, twist)) = self.engine.twist_announced_at(session, index) {
            let heading = style(format!("{}:", placement.heading)).yellow().bold();
            let line = format!(
                "{} {heading} {}",
                style("Interviewer:").cyan().bold(),
                twist.say.trim()
            );
            self.say(&format!("\n{}", self.wrap(&line, "  ")));
        }
    }

    /// The list so far, which new items go on from: to a person, the earlier answer too; to
    /// a script, whose answer is the whole list, only items typed before an interruption.
    fn show_list(&self, session: &Session, key: &PromptKey, interactive: bool) {
        if !interactive && session.draft.is_empty() {
            return;
        }
        for (index, item) in session.list_so_far(key).iter().enumerate() {
            self.say(&format!("  {}. {item}", index + 1));
        }
    }

    fn show_hint(&self, rung: &Rung) {
        let label = match rung.of {
            1 => "Hint:".to_string(),
            of => format!("Hint {}/{of}:", rung.rung),
        };
        let mut line = format!("  {} {}", style(label).cyan().bold(), rung.text);
        if rung.rung < rung.of {
            let more = style("(:hint again for more)").dim();
            line = format!("{line} {more}");
        }
        self.say(&self.wrap(&line, "  "));
    }

    fn show_question(&self, session: &Session, at: At) {
        let prompt = self.engine.procedure.prompt(at);
        const HINT_MARK: &str = "(:hint)";
        let asked = self.engine.question_text(session, at).trim().to_string();
        let question = match prompt.role.follow_up() {
            Some(_) => format!("Interviewer: {asked}"),
            None => asked,
        };
        let question = question.as_str();
        // Wrapped together, so that the mark never runs past the edge of the terminal.
        let wrapped = if self.engine.hints(session, at).is_empty() {
            self.wrap(question, "")
        } else {
            self.wrap(&format!("{question} {HINT_MARK}"), "")
        };
        let (question, mark) = match wrapped.strip_suffix(HINT_MARK) {
            Some(question) => (question, style(HINT_MARK).dim().to_string()),
            None => (wrapped.as_str(), String::new()),
        };
        self.say(&format!("\n{}{mark}", style(question).bold()));
        if prompt.kind == PromptKind::Choice {
            let numeric = prompt.options.iter().all(|o| o.parse::<f64>().is_ok());
            let options: Vec<String> = if numeric {
                prompt.options.clone()
            } else {
                prompt
                    .options
                    .iter()
                    .enumerate()
                    .map(|(i, o)| format!("{}) {o}", i + 1))
                    .collect()
            };
            self.say(&format!("  {}", options.join("   ")));
        }
    }

    /// The end-of-step summary: time against budget, then the reference notes, which stay
    /// hidden until the step has been attempted.
    fn step_done(&self, session: &Session, index: usize) {
        let spent = session.steps[index].elapsed_secs;
        let budget = self.engine.budget_secs(session, index);
        let verdict = if spent > budget {
            style(format!("over by {}", format_secs(spent - budget)))
                .red()
                .to_string()
        } else {
            "within budget".to_string()
        };
        let time = if session.settings.timer {
            format!(
                " in {} of {}: {verdict}",
                format_secs(spent),
                format_secs(budget)
            )
        } else {
            String::new()
        };
        self.say(&format!(
            "\n{} Step {} done{time}.",
            style("✓").green(),
            index + 1
        ));
        self.reveal(session, index);
    }

    /// After the user's own figure: the computed one, its formula with the numbers, and how
    /// close the user came.
    fn show_estimate(&self, session: &Session, at: At) {
        let Some(index) = self.engine.procedure.prompt(at).role.figure() else {
            return;
        };
        let conventions = session.settings.conventions();
        let Some(estimate) = estimates::review(&self.engine.case(session), at.step)
            .into_iter()
            .nth(index)
        else {
            return;
        };
        let label = &estimate.figure.label;
        match (&estimate.outcome, estimate.yours, estimate.verdict()) {
            (FigureOutcome::Computed { explanation, .. }, Some(yours), Some(verdict)) => {
                self.say(&self.wrap(&format!("  {label} = {explanation}"), "    "));
                let verdict = match verdict {
                    Verdict::Close => style(verdict.to_string()).green(),
                    Verdict::SameOrder => style(verdict.to_string()).yellow(),
                    Verdict::Off => style(verdict.to_string()).red(),
                };
                let whose = if estimate.stated {
                    "Yours, as stated earlier"
                } else {
                    "Yours"
                };
                self.say(&format!(
                    "  {whose}: {}, {verdict}.",
                    yours.display_with(&conventions)
                ));
            }
            (FigureOutcome::Computed { explanation, .. }, _, _) => {
                self.say(&self.wrap(&format!("  {label} = {explanation}"), "    "))
            }
            (FigureOutcome::Given(quantity), _, _) => self.say(&format!(
                "  {label} = {}",
                quantity.display_with(&conventions)
            )),
            (outcome, _, _) => self.say(&format!(
                "  {label} cannot be computed: it needs {}.",
                estimates::needs(outcome)
            )),
        }
    }

    /// What the answers of a step covered and what the checks found, before the user scores it.
    fn show_feedback(&self, session: &Session, step: usize) {
        let feedback = feedback::step_feedback(&self.engine.case(session), step);
        self.say(&format!(
            "\n{}",
            style(format!("Feedback on step {}:", step + 1)).bold()
        ));
        self.show_judged(&feedback.items, "  ");
        for follow_up in feedback.follow_ups.iter().filter(|f| !f.items.is_empty()) {
            let question = &follow_up.question;
            self.say(&self.wrap(&format!("  Follow-up: {question}"), "    "));
            self.show_judged(&follow_up.items, "    ");
        }
        if let Some(twist) = self
            .engine
            .twist(session)
            .filter(|_| !feedback.twist.is_empty())
        {
            self.say(&format!("  On the changed constraint ({}):", twist.id));
            self.show_judged(&feedback.twist, "    ");
        }
        for finding in &feedback.findings {
            let mark = if finding.passed {
                style("✓").green()
            } else {
                style("✗").red()
            };
            self.say(&self.wrap(&format!("  {mark} {}", finding.message), "    "));
        }
        self.say(&format!(
            "  Proposed score: {}/{}",
            feedback.proposed_score(),
            Score::MAX
        ));
    }

    /// Each item's verdict and evidence, one per line.
    fn show_judged(&self, items: &[crate::judge::coverage::Judged], indent: &str) {
        for judged in items {
            let mark = status_mark(judged.status);
            let line = feedback::item_line(judged);
            self.say(&self.wrap(&format!("{indent}{mark} {line}"), &format!("{indent}  ")));
        }
    }

    /// The user's block diagram, drawn back as soon as it is entered.
    fn show_diagram(&self, session: &Session, at: At) {
        let prompt = self.engine.procedure.prompt(at);
        if prompt.render != Some(Render::Diagram) {
            return;
        }
        if let Some(Answer::List(lines)) = session.answers.get(&self.engine.procedure.key(at)) {
            for line in diagram::parse(lines).ascii().lines() {
                self.say(&format!("  {line}"));
            }
        }
    }

    /// Every step's score and the weighted total, at the end of the interview.
    fn show_assessment(&self, session: &Session) {
        let procedure = self.engine.procedure;
        self.say(&format!("{}", style("Scores").bold()));
        let mut scores = Vec::new();
        for (index, step) in procedure.steps.iter().enumerate() {
            let score = feedback::score(&self.engine.case(session), index);
            scores.push(score);
            let weight = if step.weight > 1 {
                format!(" (counts x{})", step.weight)
            } else {
                String::new()
            };
            self.say(&format!("  {score}/{}  {}{weight}", Score::MAX, step.title));
        }
        self.say(&format!(
            "  Overall: {} %",
            feedback::overall_percent(self.engine.procedure, &scores)
        ));
    }

    /// The figures a step recalls from earlier steps, shown when it opens.
    fn recall(&self, session: &Session, index: usize) {
        let conventions = session.settings.conventions();
        for id in &self.engine.procedure.steps[index].recall {
            let key = id.parse::<PromptKey>().ok();
            if let Some(Answer::List(lines)) = key.and_then(|key| session.answers.get(&key)) {
                let boxes = diagram::parse(lines).nodes.join(", ");
                self.say(&self.wrap(&format!("  From your design: {boxes}"), "    "));
                continue;
            }
            let Some((_, figure)) = self.engine.procedure.figure(id) else {
                continue;
            };
            if let Some(value) = self.engine.figure_value(session, id) {
                self.say(&format!(
                    "  From your estimates: {} = {}",
                    figure.label,
                    value.display_with(&conventions)
                ));
            }
        }
    }

    /// Prints a step's reference notes.
    fn reveal(&self, session: &Session, index: usize) {
        let step = &self.engine.procedure.steps[index];
        if let Some(notes) = estimates::reference_note(&self.engine.case(session), &step.id) {
            self.say(&format!(
                "{}",
                style(format!(
                    "Reference notes for step {} ({}):",
                    index + 1,
                    step.title
                ))
                .bold()
            ));
            self.say(&crate::text::markdown::for_terminal(
                &notes,
                terminal::width(),
                "  ",
            ));
        }
    }

    /// A scripted reply, shown as if it had been typed.
    fn echo(&self, reply: &Reply) {
        let text = match reply {
            Reply::Answer(Answer::Text(text)) => {
                format!("  > {}", text.trim().replace('\n', "\n    "))
            }
            Reply::Answer(Answer::List(items)) => items
                .iter()
                .map(|item| format!("  - {item}"))
                .collect::<Vec<_>>()
                .join("\n"),
            Reply::Answer(Answer::Flag(flag)) => {
                format!("  > {}", if *flag { "yes" } else { "no" })
            }
            Reply::Command(Command::Skip) => "  (skipped)".to_string(),
            Reply::Item(_) | Reply::Command(_) | Reply::Unknown(_) => return,
        };
        self.say(&text);
    }
}

/// Why a save failed: the file and the system's reason.
fn failure(err: &StoreError) -> String {
    match err {
        StoreError::Write { path, cause } => format!("{}: {cause}", path.display()),
        other => other.to_string(),
    }
}

/// How a person back at an answered prompt keeps the answer or changes it.
fn keeping(answer: &Answer) -> &'static str {
    match answer {
        Answer::List(_) => {
            "Enter on an empty line keeps this list; new items are added to it, and :edit changes or removes items."
        }
        Answer::Text(text) if text.contains('\n') => {
            "Enter keeps your earlier answer; :edit changes it."
        }
        _ => {
            "Your earlier answer is on the line to edit. Enter keeps it; a :command typed after it leaves it as it was."
        }
    }
}

/// The mark a verdict is shown with.
fn status_mark(status: Status) -> console::StyledObject<&'static str> {
    match status {
        Status::Covered => style("✓").green(),
        Status::Partial => style("~").yellow(),
        Status::Missed => style("✗").red(),
        Status::Contradicted => style("!").red().bold(),
    }
}
