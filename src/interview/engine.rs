//! The interview as a state machine: a session and an event go in, an outcome comes out.
//! Nothing here reads a terminal or a file, so every transition is tested directly.

use std::collections::BTreeMap;

use jiff::Timestamp;

use crate::content::answer::Answer;
use crate::content::problem::{Problem, Twist};
use crate::content::procedure::{self, At, Procedure, Prompt, PromptKind, Role};
use crate::interview::interviewer;
use crate::interview::session::{self, Exchange, Session, Settings, StepLog};
use crate::judge::case::{self, Case};
use crate::judge::estimates;
use crate::text::output::visible;
use crate::units::quantity::{self, Quantity};

/// What the person at the keyboard did.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Answer(Answer),
    /// One more item of a list being typed, kept in the session until the list is ended.
    Item(String),
    /// Keep the prompt's earlier answer and move on.
    Next,
    Back,
    Skip,
    Hint,
    /// A question to the interviewer.
    Ask(String),
    Quit,
}

impl Event {
    /// The event with the control characters of its text made visible: typed, edited and
    /// scripted text is kept and shown as it is seen, never as terminal commands.
    fn visible(self) -> Event {
        match self {
            Event::Answer(Answer::Text(text)) => Event::Answer(Answer::Text(visible(text))),
            Event::Answer(Answer::List(items)) => {
                Event::Answer(Answer::List(items.into_iter().map(visible).collect()))
            }
            Event::Item(item) => Event::Item(visible(item)),
            Event::Ask(question) => Event::Ask(visible(question)),
            other => other,
        }
    }
}

/// One rung of a prompt's hint ladder: the `rung`th of `of` hints, counted from 1.
#[derive(Debug, Clone, PartialEq)]
pub struct Rung {
    pub(crate) text: String,
    pub(crate) rung: usize,
    pub(crate) of: usize,
}

/// What the front end should do next.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Ask(Turn),
    Hint(Rung),
    /// The interviewer's reply to an `Ask`.
    Reply(String),
    Rejected(Rejection),
    /// The last prompt was dealt with; `completed_step` is the step that just ended.
    Finished {
        completed_step: usize,
    },
    Quit,
}

/// The prompt to ask, and what changed on the way to it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Turn {
    pub at: At,
    /// The step was entered on this move (or the session was just resumed in it).
    pub(crate) entered_step: bool,
    /// A step that was completed on this move.
    pub completed_step: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Rejection {
    #[error("An empty answer is not recorded: type an answer, or :skip to leave this prompt out.")]
    Empty,
    #[error("{0}")]
    Invalid(String),
    #[error("This prompt has no hint.")]
    NoHint,
    #[error("This is the first prompt; there is nothing to go back to.")]
    AtStart,
    #[error(":next keeps an earlier answer, and this prompt has none yet: answer it, or :skip it.")]
    NothingToKeep,
    #[error("Ask a question after :ask, e.g. `:ask can posts contain photos?`")]
    EmptyQuestion,
    #[error("The interview is over; `sdcoach export` writes its transcript.")]
    Finished,
    #[error(
        "This answer is {bytes} bytes; an answer may be at most {MAX_ANSWER_BYTES} bytes (64 KiB). Shorten it, or split it over the prompts that follow."
    )]
    TooLong { bytes: usize },
}

/// The longest answer accepted. Far beyond anything typed in an interview, it keeps a pasted
/// file or a runaway script from bloating the session file.
pub const MAX_ANSWER_BYTES: usize = 64 * 1024;

/// A saved session that does not fit the procedure it is resumed with.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("session `{session}` was made with procedure `{expected}`, not `{found}`")]
    OtherProcedure {
        session: String,
        expected: String,
        found: String,
    },
    #[error(
        "session `{session}` has steps {saved:?}, but procedure `{procedure}` now has {current:?}"
    )]
    StepsChanged {
        session: String,
        procedure: String,
        saved: Vec<String>,
        current: Vec<String>,
    },
    #[error(
        "session `{session}` stopped at prompt `{key}`, which procedure `{procedure}` no longer has"
    )]
    UnknownPrompt {
        session: String,
        procedure: String,
        key: String,
    },
}

pub struct Engine<'a> {
    pub procedure: &'a Procedure,
    pub problem: &'a Problem,
}

impl<'a> Engine<'a> {
    pub fn new(procedure: &'a Procedure, problem: &'a Problem) -> Self {
        Engine { procedure, problem }
    }

    /// A fresh session positioned at the first prompt, its clock running from `now`.
    pub fn start(&self, id: String, now: Timestamp, settings: Settings) -> Session {
        let first = At { step: 0, prompt: 0 };
        let mut steps: Vec<StepLog> = self
            .procedure
            .steps
            .iter()
            .map(|step| StepLog {
                id: step.id.clone(),
                elapsed_secs: 0,
                started_at: None,
                finished_at: None,
            })
            .collect();
        steps[0].started_at = Some(now);
        Session {
            format_version: session::FORMAT_VERSION,
            retired_revision: serde::de::IgnoredAny,
            id,
            problem: self.problem.id.clone(),
            problem_title: self.problem.title.clone(),
            procedure: self.procedure.id.clone(),
            problem_file: None,
            procedure_file: None,
            started_at: now,
            updated_at: now,
            finished_at: None,
            cursor: Some(self.procedure.key(first)),
            steps,
            answers: Default::default(),
            draft: Vec::new(),
            skipped: Default::default(),
            hints_used: Default::default(),
            twist: None,
            exchanges: Vec::new(),
            probes: BTreeMap::new(),
            settings,
            clock_since: Some(now),
        }
    }

    /// One of the problem's twists, picked by `seed`.
    pub(crate) fn pick_twist(&self, seed: u64) -> Option<&'a Twist> {
        let twists = &self.problem.twists;
        (!twists.is_empty()).then(|| &twists[fastrand::Rng::with_seed(seed).usize(..twists.len())])
    }

    /// The twist this session was given.
    pub(crate) fn twist(&self, session: &Session) -> Option<&'a Twist> {
        self.case(session).twist()
    }

    /// The twist and how it is introduced, when it is announced as step `index` opens.
    pub(crate) fn twist_announced_at(
        &self,
        session: &Session,
        index: usize,
    ) -> Option<(&'a procedure::TwistPlacement, &'a Twist)> {
        let placement = self.procedure.twist.as_ref()?;
        let twist = self.twist(session)?;
        (self.procedure.step_index(&placement.before) == Some(index)).then_some((placement, twist))
    }

    /// The follow-up questions for a step, chosen from what its answers say once its other
    /// prompts are done: those whose conditions hold, picked by the session's seed.
    fn choose_follow_ups(&self, session: &Session, step: usize) -> Vec<String> {
        let procedure_step = &self.procedure.steps[step];
        let answers: Vec<String> = (0..procedure_step.prompts.len())
            .map(|prompt| At { step, prompt })
            .filter(|&at| {
                let p = self.procedure.prompt(at);
                p.role == Role::Asked
            })
            .filter_map(|at| session.answers.get(&self.procedure.key(at)))
            .map(crate::judge::coverage::answer_text)
            .collect();
        let boxes: Vec<String> = self
            .procedure
            .positions()
            .filter(|&at| self.procedure.prompt(at).render == Some(procedure::Render::Diagram))
            .filter_map(|at| match session.answers.get(&self.procedure.key(at)) {
                Some(Answer::List(lines)) => Some(crate::judge::diagram::parse(lines).nodes),
                _ => None,
            })
            .flatten()
            .collect();
        let mut eligible =
            crate::judge::followup::eligible(self.problem, &procedure_step.id, &answers, &boxes);
        let mut rng = fastrand::Rng::with_seed(session.settings.seed.wrapping_add(step as u64));
        rng.shuffle(&mut eligible);
        let count = self.procedure.follow_ups.as_ref().map_or(0, |f| f.count);
        eligible.truncate(count);
        eligible
    }

    /// The question a prompt asks: a follow-up's is the one chosen for this session.
    pub(crate) fn question_text<'s>(&'s self, session: &'s Session, at: At) -> &'s str {
        let prompt = self.procedure.prompt(at);
        prompt
            .role
            .follow_up()
            .and_then(|index| {
                session
                    .probes
                    .get(&self.procedure.steps[at.step].id)?
                    .get(index)
            })
            .map_or(prompt.question.as_str(), String::as_str)
    }

    /// A prompt not asked in this session: a follow-up with no question chosen for it, or a
    /// prompt that an earlier answer does not call for.
    pub(crate) fn passed_over(&self, session: &Session, at: At) -> bool {
        self.unchosen_follow_up(session, at) || self.not_called_for(session, at)
    }

    /// A prompt with `asked_when` whose earlier answer, or the suggested value standing in
    /// for it as in the estimates, is not above the bound.
    fn not_called_for(&self, session: &Session, at: At) -> bool {
        let Some(when) = &self.procedure.prompt(at).asked_when else {
            return false;
        };
        let Some(prompt) = self.procedure.steps[at.step]
            .prompts
            .iter()
            .position(|p| p.id == when.prompt)
        else {
            return false;
        };
        let earlier = At { prompt, ..at };
        let text = match session.answers.get(&self.procedure.key(earlier)) {
            Some(Answer::Text(text)) => Some(text.as_str()),
            _ => self.default_for(earlier),
        };
        text.and_then(|text| {
            self.procedure
                .prompt(earlier)
                .quantity(text, &session.settings.conventions())
                .ok()
        })
        .is_some_and(|value| value.value <= when.more_than)
    }

    fn unchosen_follow_up(&self, session: &Session, at: At) -> bool {
        let Some(index) = self.procedure.prompt(at).role.follow_up() else {
            return false;
        };
        let step_id = &self.procedure.steps[at.step].id;
        session
            .probes
            .get(step_id)
            .is_none_or(|asked| index >= asked.len())
    }

    /// A step's time budget, scaled to the interview length the session was started with.
    pub(crate) fn budget_secs(&self, session: &Session, step: usize) -> u64 {
        let minutes = u64::from(self.procedure.steps[step].minutes);
        let total = u64::from(self.procedure.total_minutes()).max(1);
        minutes * 60 * u64::from(session.settings.minutes) / total
    }

    /// Checks that a saved session fits this procedure and restarts its clock at `now`.
    pub fn resume(&self, session: &mut Session, now: Timestamp) -> Result<Outcome, EngineError> {
        if session.procedure != self.procedure.id {
            return Err(EngineError::OtherProcedure {
                session: session.id.clone(),
                expected: session.procedure.clone(),
                found: self.procedure.id.clone(),
            });
        }
        let saved: Vec<&str> = session.steps.iter().map(|s| s.id.as_str()).collect();
        let current: Vec<&str> = self.procedure.steps.iter().map(|s| s.id.as_str()).collect();
        if saved != current {
            return Err(EngineError::StepsChanged {
                session: session.id.clone(),
                procedure: self.procedure.id.clone(),
                saved: saved.iter().map(ToString::to_string).collect(),
                current: current.iter().map(ToString::to_string).collect(),
            });
        }
        if let Some(key) = &session.cursor
            && self.procedure.find(key).is_none()
        {
            return Err(EngineError::UnknownPrompt {
                session: session.id.clone(),
                procedure: self.procedure.id.clone(),
                key: key.to_string(),
            });
        }
        session.clock_since = Some(now);
        Ok(match self.current(session) {
            Outcome::Ask(turn) => Outcome::Ask(Turn {
                entered_step: true,
                ..turn
            }),
            other => other,
        })
    }

    /// The prompt the session stands at, asked again.
    pub(crate) fn current(&self, session: &Session) -> Outcome {
        match self.position(session) {
            Some(at) => Outcome::Ask(Turn {
                at,
                entered_step: false,
                completed_step: None,
            }),
            None => Outcome::Finished {
                completed_step: self.procedure.steps.len() - 1,
            },
        }
    }

    pub(crate) fn position(&self, session: &Session) -> Option<At> {
        session
            .cursor
            .as_ref()
            .and_then(|key| self.procedure.find(key))
    }

    /// The value offered when the user just presses Enter: the problem's suggested
    /// assumption, else the procedure's default.
    pub fn default_for(&self, at: At) -> Option<&'a str> {
        case::default_for(self.procedure, self.problem, at)
    }

    /// The session as the judge sees it.
    pub fn case<'s>(&self, session: &'s Session) -> Case<'a, 's> {
        Case {
            procedure: self.procedure,
            problem: self.problem,
            answers: &session.answers,
            probes: &session.probes,
            twist: session.twist.as_deref(),
            conventions: session.settings.conventions(),
        }
    }

    pub fn apply(&self, session: &mut Session, event: Event, now: Timestamp) -> Outcome {
        let event = event.visible();
        self.tick(session, now);
        let Some(at) = self.position(session) else {
            return Outcome::Rejected(Rejection::Finished);
        };
        let key = self.procedure.key(at);
        match event {
            Event::Answer(answer) => match accept(self.procedure.prompt(at), answer) {
                Ok(answer) => {
                    session.skipped.remove(&key);
                    session.answers.insert(key, answer);
                    self.advance(session, at, now)
                }
                Err(rejection) => Outcome::Rejected(rejection),
            },
            Event::Item(item) => self.add_item(session, at, item),
            Event::Next if session.answers.contains_key(&key) || session.skipped.contains(&key) => {
                self.advance(session, at, now)
            }
            Event::Next => Outcome::Rejected(Rejection::NothingToKeep),
            Event::Skip => {
                session.answers.remove(&key);
                session.skipped.insert(key);
                self.advance(session, at, now)
            }
            Event::Back => self.retreat(session, at),
            Event::Hint => {
                let hints = self.hints(session, at);
                if hints.is_empty() {
                    return Outcome::Rejected(Rejection::NoHint);
                }
                let used = session.hints_used.entry(key).or_default();
                *used = (*used + 1).min(hints.len());
                Outcome::Hint(Rung {
                    text: hints[*used - 1].to_string(),
                    rung: *used,
                    of: hints.len(),
                })
            }
            Event::Ask(question) => self.ask(session, at, question),
            Event::Quit => {
                session.clock_since = None;
                Outcome::Quit
            }
        }
    }

    /// Seconds spent on the current step and on the whole interview, counting the time
    /// since the last event.
    pub(crate) fn running_secs(&self, session: &Session, now: Timestamp) -> (u64, u64) {
        let running = session
            .clock_since
            .map_or(0, |since| now.duration_since(since).as_secs().max(0) as u64);
        let step = self
            .position(session)
            .map_or(0, |at| session.steps[at.step].elapsed_secs + running);
        (step, session.total_elapsed_secs() + running)
    }

    /// Leaves `secs` out of the running time: the process was stopped for that long, and
    /// nobody can work on a step meanwhile.
    pub(crate) fn leave_out(&self, session: &mut Session, secs: u64) {
        let gap = jiff::SignedDuration::from_secs(i64::try_from(secs).unwrap_or(i64::MAX));
        if let Some(since) = session.clock_since
            && let Ok(later) = since.checked_add(gap)
        {
            session.clock_since = Some(later);
        }
    }

    /// Adds the time since the last event to the step being worked on.
    fn tick(&self, session: &mut Session, now: Timestamp) {
        if let (Some(since), Some(at)) = (session.clock_since, self.position(session)) {
            let secs = now.duration_since(since).as_secs().max(0) as u64;
            session.steps[at.step].elapsed_secs += secs;
            session.clock_since = Some(now);
        }
        session.updated_at = now;
    }

    /// The prompt's hints, general first: its own, then the conditional ones whose figure has
    /// reached its threshold.
    pub(crate) fn hints(&self, session: &Session, at: At) -> Vec<&str> {
        let prompt = self.procedure.prompt(at);
        let extra = prompt.hints_when.iter().filter(|when| {
            self.figure_value(session, &when.figure)
                .is_some_and(|value| value.value >= when.at_least)
        });
        prompt
            .hint
            .iter()
            .map(String::as_str)
            .chain(extra.map(|when| when.hint.as_str()))
            .collect()
    }

    /// A figure as computed from the session's answers so far.
    pub(crate) fn figure_value(&self, session: &Session, id: &str) -> Option<Quantity> {
        let (step, _) = self.procedure.figure(id)?;
        estimates::review(&self.case(session), step)
            .into_iter()
            .find(|estimate| estimate.figure.id == id)?
            .outcome
            .quantity()
    }

    fn ask(&self, session: &mut Session, at: At, question: String) -> Outcome {
        let question = question.trim().to_string();
        if question.is_empty() {
            return Outcome::Rejected(Rejection::EmptyQuestion);
        }
        let answer = interviewer::answer(self.problem, &question);
        let step = self.procedure.steps[at.step].id.clone();
        session.exchanges.push(Exchange {
            step,
            question,
            answer: answer.clone(),
        });
        Outcome::Reply(answer)
    }

    fn add_item(&self, session: &mut Session, at: At, item: String) -> Outcome {
        if self.procedure.prompt(at).kind != PromptKind::List {
            let message = "Only a list prompt takes its answer one item at a time.";
            return Outcome::Rejected(Rejection::Invalid(message.into()));
        }
        let key = self.procedure.key(at);
        let so_far = session.list_so_far(&key);
        let bytes = so_far.iter().map(String::len).sum::<usize>() + item.len();
        if bytes > MAX_ANSWER_BYTES {
            return Outcome::Rejected(Rejection::TooLong { bytes });
        }
        session.draft.push(item);
        self.current(session)
    }

    /// Puts the cursor on another prompt, or past the last one; items typed at the prompt it
    /// leaves are dropped.
    fn move_to(&self, session: &mut Session, at: Option<At>) {
        session.cursor = at.map(|at| self.procedure.key(at));
        session.draft.clear();
    }

    fn advance(&self, session: &mut Session, at: At, now: Timestamp) -> Outcome {
        let step = &self.procedure.steps[at.step];
        let mut next = at;
        while next.prompt + 1 < step.prompts.len() {
            next.prompt += 1;
            let prompt = self.procedure.prompt(next);
            if prompt.role == Role::FollowUp(0) && !session.probes.contains_key(&step.id) {
                let chosen = self.choose_follow_ups(session, at.step);
                session.probes.insert(step.id.clone(), chosen);
            }
            if !self.passed_over(session, next) {
                break;
            }
        }
        if next != at && !self.passed_over(session, next) {
            self.move_to(session, Some(next));
            return Outcome::Ask(Turn {
                at: next,
                entered_step: false,
                completed_step: None,
            });
        }
        session.steps[at.step].finished_at = Some(now);
        if at.step + 1 == self.procedure.steps.len() {
            self.move_to(session, None);
            session.finished_at = Some(now);
            session.clock_since = None;
            return Outcome::Finished {
                completed_step: at.step,
            };
        }
        let next = At {
            step: at.step + 1,
            prompt: 0,
        };
        self.move_to(session, Some(next));
        session.steps[next.step].started_at.get_or_insert(now);
        Outcome::Ask(Turn {
            at: next,
            entered_step: true,
            completed_step: Some(at.step),
        })
    }

    fn retreat(&self, session: &mut Session, at: At) -> Outcome {
        let mut previous = at;
        loop {
            previous = if previous.prompt > 0 {
                At {
                    prompt: previous.prompt - 1,
                    ..previous
                }
            } else if previous.step > 0 {
                let step = previous.step - 1;
                session.steps[step].finished_at = None;
                At {
                    step,
                    prompt: self.procedure.steps[step].prompts.len() - 1,
                }
            } else {
                return Outcome::Rejected(Rejection::AtStart);
            };
            if !self.passed_over(session, previous) {
                break;
            }
        }
        self.move_to(session, Some(previous));
        Outcome::Ask(Turn {
            at: previous,
            entered_step: previous.step != at.step,
            completed_step: None,
        })
    }
}

/// Checks an answer against its prompt and puts it in the form that is saved.
pub(crate) fn accept(prompt: &Prompt, answer: Answer) -> Result<Answer, Rejection> {
    let bytes = match &answer {
        Answer::Text(text) => text.len(),
        Answer::List(items) => items.iter().map(String::len).sum(),
        Answer::Flag(_) => 0,
    };
    if bytes > MAX_ANSWER_BYTES {
        return Err(Rejection::TooLong { bytes });
    }
    match (prompt.kind, answer) {
        (PromptKind::List, Answer::List(items)) => list(items),
        (PromptKind::List, Answer::Text(text)) => list(text.lines().map(str::to_string).collect()),
        (PromptKind::Confirm, Answer::Flag(flag)) => Ok(Answer::Flag(flag)),
        (PromptKind::Confirm, Answer::Text(text)) => {
            non_empty(&text)?;
            procedure::parse_confirm(&text)
                .map(Answer::Flag)
                .map_err(Rejection::Invalid)
        }
        (kind, Answer::Text(text)) => {
            let text = non_empty(&text)?;
            match kind {
                PromptKind::Choice => prompt
                    .choose(text)
                    .map(|option| Answer::Text(option.to_string()))
                    .map_err(Rejection::Invalid),
                PromptKind::Quantity => {
                    prompt
                        .quantity(text, &quantity::Conventions::default())
                        .map_err(Rejection::Invalid)?;
                    Ok(Answer::Text(text.to_string()))
                }
                _ => Ok(Answer::Text(text.to_string())),
            }
        }
        (kind, Answer::List(_)) => Err(Rejection::Invalid(format!(
            "expected a single answer for this {} prompt, not a list",
            kind.name()
        ))),
        (kind, Answer::Flag(_)) => Err(Rejection::Invalid(format!(
            "expected text for this {} prompt, not true/false",
            kind.name()
        ))),
    }
}

fn non_empty(text: &str) -> Result<&str, Rejection> {
    let text = text.trim();
    if text.is_empty() {
        Err(Rejection::Empty)
    } else {
        Ok(text)
    }
}

fn list(items: Vec<String>) -> Result<Answer, Rejection> {
    let items: Vec<String> = items
        .iter()
        .map(|item| item.trim().to_string())
        .filter(|item| !item.is_empty())
        .collect();
    if items.is_empty() {
        Err(Rejection::Empty)
    } else {
        Ok(Answer::List(items))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::key::{StepId, prompt_key};
    use crate::content::yaml::Origin;

    const PROCEDURE: &str = "format_version: 1\nid: p\ntitle: P\nsteps:
  - id: one\n    title: One\n    minutes: 5\n    goal: g\n    prompts:
      - {id: a, kind: text, question: A?, hint: Think.}
      - {id: b, kind: list, question: B?}
  - id: two\n    title: Two\n    minutes: 3\n    goal: g\n    prompts:
      - {id: c, kind: choice, question: C?, options: [left, right]}
      - {id: d, kind: confirm, question: D?}
";
    const PROBLEM: &str =
        "format_version: 1\nid: x\ntitle: X\ndifficulty: easy\nstatement: Build X.\nprocedure: p\n";

    const SETTINGS: Settings = Settings {
        minutes: 45,
        timer: true,
        seed: 7,
        month_seconds: 2_592_000,
        binary: false,
    };

    fn fixtures(procedure: &str) -> (Procedure, Problem) {
        let procedure = Procedure::load(&Origin::builtin("p.yaml"), procedure).unwrap();
        let problem = Problem::load(&Origin::builtin("x.yaml"), PROBLEM).unwrap();
        (procedure, problem)
    }

    fn at(secs: i64) -> Timestamp {
        Timestamp::from_second(1_800_000_000 + secs).unwrap()
    }

    /// A new session on the test procedure; the fixtures are leaked so that the engine can
    /// borrow them for the whole test.
    fn fresh() -> (Engine<'static>, Session) {
        fresh_with(PROCEDURE)
    }

    fn fresh_with(procedure: &str) -> (Engine<'static>, Session) {
        let (procedure, problem) = fixtures(procedure);
        let engine = Engine::new(Box::leak(Box::new(procedure)), Box::leak(Box::new(problem)));
        let session = engine.start("s".into(), at(0), SETTINGS);
        (engine, session)
    }

    fn text(s: &str) -> Event {
        Event::Answer(Answer::Text(s.into()))
    }

    #[test]
    fn time_left_out_is_not_counted() {
        let (engine, mut session) = fresh();
        engine.leave_out(&mut session, 50);
        assert_eq!(engine.running_secs(&session, at(80)), (30, 30));
        engine.apply(&mut session, text("scope"), at(80));
        assert_eq!(session.steps[0].elapsed_secs, 30);
    }

    #[test]
    fn list_items_are_kept_until_the_cursor_moves() {
        let (engine, mut session) = fresh();
        let item = |s: &str| Event::Item(s.into());
        assert!(matches!(
            engine.apply(&mut session, item("x"), at(1)),
            Outcome::Rejected(Rejection::Invalid(_))
        ));
        engine.apply(&mut session, text("scope"), at(1));
        for name in ["cache", "queue"] {
            let outcome = engine.apply(&mut session, item(name), at(2));
            assert_eq!(outcome, engine.current(&session));
        }
        assert_eq!(session.draft, ["cache", "queue"]);
        let huge = "x".repeat(MAX_ANSWER_BYTES);
        assert!(matches!(
            engine.apply(&mut session, item(&huge), at(3)),
            Outcome::Rejected(Rejection::TooLong { .. })
        ));
        engine.apply(&mut session, Event::Back, at(4));
        assert!(session.draft.is_empty());
        engine.apply(&mut session, Event::Next, at(5));
        engine.apply(&mut session, item("db"), at(6));
        let list = Answer::List(vec!["db".into(), "cdn".into()]);
        engine.apply(&mut session, Event::Answer(list.clone()), at(7));
        assert!(session.draft.is_empty());
        assert_eq!(session.answers[&prompt_key("one.b")], list);
    }

    #[test]
    fn answers_advance_through_steps_and_finish() {
        let (engine, mut session) = fresh();
        assert_eq!(
            engine.apply(&mut session, text("because"), at(10)),
            Outcome::Ask(Turn {
                at: At { step: 0, prompt: 1 },
                entered_step: false,
                completed_step: None
            })
        );
        let outcome = engine.apply(
            &mut session,
            Event::Answer(Answer::List(vec!["x".into(), " ".into()])),
            at(30),
        );
        assert_eq!(
            outcome,
            Outcome::Ask(Turn {
                at: At { step: 1, prompt: 0 },
                entered_step: true,
                completed_step: Some(0)
            })
        );
        assert_eq!(
            session.answers[&prompt_key("one.b")],
            Answer::List(vec!["x".into()])
        );
        engine.apply(&mut session, text("2"), at(40));
        assert_eq!(
            session.answers[&prompt_key("two.c")],
            Answer::Text("right".into())
        );
        assert_eq!(
            engine.apply(&mut session, text("yes"), at(100)),
            Outcome::Finished { completed_step: 1 }
        );
        assert_eq!(session.answers[&prompt_key("two.d")], Answer::Flag(true));
        assert_eq!(session.steps[0].elapsed_secs, 30);
        assert_eq!(session.steps[1].elapsed_secs, 70);
        assert!(session.is_finished());
        assert_eq!(
            engine.apply(&mut session, Event::Skip, at(101)),
            Outcome::Rejected(Rejection::Finished)
        );
    }

    #[test]
    fn back_crosses_a_step_boundary_and_reopens_the_step() {
        let (engine, mut session) = fresh();
        engine.apply(&mut session, text("a"), at(1));
        engine.apply(&mut session, text("b"), at(2));
        assert!(session.steps[0].finished_at.is_some());
        let outcome = engine.apply(&mut session, Event::Back, at(3));
        assert_eq!(
            outcome,
            Outcome::Ask(Turn {
                at: At { step: 0, prompt: 1 },
                entered_step: true,
                completed_step: None
            })
        );
        assert_eq!(session.cursor, Some(prompt_key("one.b")));
        assert!(session.steps[0].finished_at.is_none());
        // The earlier answer is kept and :next moves on with it.
        assert!(matches!(
            engine.apply(&mut session, Event::Next, at(4)),
            Outcome::Ask(Turn {
                completed_step: Some(0),
                ..
            })
        ));
        assert_eq!(
            session.answers[&prompt_key("one.b")],
            Answer::List(vec!["b".into()])
        );
    }

    #[test]
    fn skip_records_the_prompt_and_drops_an_earlier_answer() {
        let (engine, mut session) = fresh();
        engine.apply(&mut session, text("a"), at(1));
        engine.apply(&mut session, Event::Back, at(2));
        engine.apply(&mut session, Event::Skip, at(3));
        assert!(session.skipped.contains(&prompt_key("one.a")));
        assert!(!session.answers.contains_key(&prompt_key("one.a")));
        engine.apply(&mut session, Event::Back, at(4));
        engine.apply(&mut session, text("now answered"), at(5));
        assert!(!session.skipped.contains(&prompt_key("one.a")));
    }

    #[test]
    fn invalid_events_are_rejected_without_changing_the_session() {
        let (engine, mut session) = fresh();
        let before = session.clone();
        assert_eq!(
            engine.apply(&mut session, Event::Back, at(0)),
            Outcome::Rejected(Rejection::AtStart)
        );
        assert_eq!(
            engine.apply(&mut session, Event::Next, at(0)),
            Outcome::Rejected(Rejection::NothingToKeep)
        );
        assert_eq!(
            engine.apply(&mut session, text("   "), at(0)),
            Outcome::Rejected(Rejection::Empty)
        );
        assert!(matches!(
            engine.apply(&mut session, Event::Answer(Answer::Flag(true)), at(0)),
            Outcome::Rejected(Rejection::Invalid(_))
        ));
        assert_eq!(session, before);
        engine.apply(&mut session, text("a"), at(0));
        assert_eq!(
            engine.apply(&mut session, Event::Hint, at(0)),
            Outcome::Rejected(Rejection::NoHint)
        );
        engine.apply(&mut session, text("b"), at(0));
        let wrong = engine.apply(&mut session, text("middle"), at(0));
        assert_eq!(
            wrong,
            Outcome::Rejected(Rejection::Invalid(
                "expected one of: left, right (or its number, 1 to 2)".into()
            ))
        );
    }

    #[test]
    fn answers_over_64_kib_are_refused_with_their_size() {
        let (engine, mut session) = fresh();
        let long = "x".repeat(MAX_ANSWER_BYTES + 1);
        let outcome = engine.apply(&mut session, text(&long), at(1));
        assert_eq!(
            outcome,
            Outcome::Rejected(Rejection::TooLong {
                bytes: MAX_ANSWER_BYTES + 1
            })
        );
        assert!(session.answers.is_empty());
        let items = vec!["y".repeat(MAX_ANSWER_BYTES / 2); 3];
        assert!(matches!(
            accept(
                engine.procedure.prompt(At { step: 0, prompt: 1 }),
                Answer::List(items)
            ),
            Err(Rejection::TooLong { .. })
        ));
        let fits = "z".repeat(MAX_ANSWER_BYTES);
        assert!(
            accept(
                engine.procedure.prompt(At { step: 0, prompt: 0 }),
                Answer::Text(fits)
            )
            .is_ok()
        );
    }

    #[test]
    fn questions_to_the_interviewer_are_answered_and_recorded() {
        let (engine, mut session) = fresh();
        assert_eq!(
            engine.apply(&mut session, Event::Ask("what language?".into()), at(1)),
            Outcome::Reply(interviewer::NO_ANSWER.into())
        );
        assert_eq!(
            engine.apply(&mut session, Event::Ask("  ".into()), at(1)),
            Outcome::Rejected(Rejection::EmptyQuestion)
        );
        assert_eq!(
            session.exchanges,
            [Exchange {
                step: StepId::new("one"),
                question: "what language?".into(),
                answer: interviewer::NO_ANSWER.into()
            }]
        );
        assert_eq!(session.cursor, Some(prompt_key("one.a")));
    }

    #[test]
    fn follow_ups_come_from_what_the_step_said_and_are_passed_over_when_none_apply() {
        let procedure_text = PROCEDURE.replace(
            "steps:",
            "follow_ups: {count: 2, question: Follow-up?}\nsteps:",
        );
        let procedure = Procedure::load(&Origin::builtin("p.yaml"), &procedure_text).unwrap();
        let problem_text = format!(
            "{PROBLEM}probes:\n  one:\n    - ask: What happens when the cache dies?\n      when: {{said: [cache]}}\n    - ask: Why no queue?\n      when: {{said: [queue]}}\n"
        );
        let problem = Problem::load(&Origin::builtin("x.yaml"), &problem_text).unwrap();
        let engine = Engine::new(&procedure, &problem);
        let mut session = engine.start("s".into(), at(0), SETTINGS);
        engine.apply(
            &mut session,
            text("A Redis cache in front of Postgres"),
            at(1),
        );
        let list = Event::Answer(Answer::List(vec!["reads".into()]));
        engine.apply(&mut session, list, at(2));
        assert_eq!(session.cursor, Some(prompt_key("one.follow_up_1")));
        let here = engine
            .procedure
            .find(&prompt_key("one.follow_up_1"))
            .unwrap();
        assert_eq!(
            engine.question_text(&session, here),
            "What happens when the cache dies?"
        );
        engine.apply(&mut session, text("Reads fall back to Postgres"), at(3));
        // Only one probe applied, and step two has none: straight on to its first prompt.
        assert_eq!(session.cursor, Some(prompt_key("two.c")));
        engine.apply(&mut session, Event::Back, at(4));
        assert_eq!(session.cursor, Some(prompt_key("one.follow_up_1")));
    }

    /// The test procedure with a media share, and a media size asked only when it is above 0.
    fn with_media_prompts() -> Procedure {
        let text = PROCEDURE.replace(
            "      - {id: b, kind: list, question: B?}\n",
            "      - {id: b, kind: list, question: B?}
      - {id: share, kind: quantity, unit: ratio, question: Share?, default: 0%}
      - {id: size, kind: quantity, unit: size, question: Size?, asked_when: {prompt: share, more_than: 0}}
      - {id: e, kind: text, question: E?}\n",
        );
        Procedure::load(&Origin::builtin("p.yaml"), &text).unwrap()
    }

    #[test]
    fn a_prompt_with_asked_when_is_passed_over_unless_the_earlier_answer_calls_for_it() {
        let procedure = with_media_prompts();
        let (_, problem) = fixtures(PROCEDURE);
        let engine = Engine::new(&procedure, &problem);
        let mut session = engine.start("s".into(), at(0), SETTINGS);
        engine.apply(&mut session, text("scope"), at(1));
        let list = Event::Answer(Answer::List(vec!["reads".into()]));
        engine.apply(&mut session, list, at(2));
        assert_eq!(session.cursor, Some(prompt_key("one.share")));
        engine.apply(&mut session, text("0%"), at(3));
        assert_eq!(session.cursor, Some(prompt_key("one.e")));
        engine.apply(&mut session, Event::Back, at(4));
        assert_eq!(session.cursor, Some(prompt_key("one.share")));
        engine.apply(&mut session, text("20%"), at(5));
        assert_eq!(session.cursor, Some(prompt_key("one.size")));
        engine.apply(&mut session, text("1 MB"), at(6));
        assert_eq!(session.cursor, Some(prompt_key("one.e")));
        // Skipped, the share takes its default of 0 %, as in the estimates.
        engine.apply(&mut session, Event::Back, at(7));
        engine.apply(&mut session, Event::Back, at(8));
        engine.apply(&mut session, Event::Skip, at(9));
        assert_eq!(session.cursor, Some(prompt_key("one.e")));
    }

    #[test]
    fn asked_when_must_name_an_earlier_quantity_prompt_of_its_step() {
        let text = PROCEDURE.replace(
            "      - {id: b, kind: list, question: B?}\n",
            "      - {id: b, kind: list, question: B?, asked_when: {prompt: a, more_than: 0}}\n",
        );
        let error = Procedure::load(&Origin::builtin("p.yaml"), &text).unwrap_err();
        assert!(
            error.to_string().contains(
                "prompt `one.b`: `asked_when` names `a`, which is not a quantity prompt asked before it in step `one`"
            ),
            "{error}"
        );
    }

    #[test]
    fn budgets_scale_with_the_interview_length() {
        let (procedure, problem) = fixtures(PROCEDURE);
        let engine = Engine::new(&procedure, &problem);
        let session = engine.start(
            "s".into(),
            at(0),
            Settings {
                minutes: 16,
                ..SETTINGS
            },
        );
        assert_eq!(engine.budget_secs(&session, 0), 600);
        assert_eq!(engine.budget_secs(&session, 1), 360);
    }

    #[test]
    fn hints_are_recorded() {
        let (engine, mut session) = fresh();
        assert_eq!(
            engine.apply(&mut session, Event::Hint, at(1)),
            Outcome::Hint(Rung {
                text: "Think.".into(),
                rung: 1,
                of: 1
            })
        );
        assert_eq!(session.hints_used.get(&prompt_key("one.a")), Some(&1));
    }

    #[test]
    fn each_hint_climbs_one_rung_and_the_last_stays() {
        let yaml = PROCEDURE.replace(
            "hint: Think.",
            "hint: [Think., Think of users., Count the users per day.]",
        );
        let (engine, mut session) = fresh_with(&yaml);
        let texts: Vec<(String, usize)> = (0..4)
            .map(|_| match engine.apply(&mut session, Event::Hint, at(1)) {
                Outcome::Hint(rung) => (rung.text, rung.rung),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            texts,
            [
                ("Think.".to_string(), 1),
                ("Think of users.".to_string(), 2),
                ("Count the users per day.".to_string(), 3),
                ("Count the users per day.".to_string(), 3),
            ]
        );
        assert_eq!(session.hints_used.get(&prompt_key("one.a")), Some(&3));
    }

    #[test]
    fn a_resumed_session_continues_at_its_prompt_without_counting_time_away() {
        let (engine, mut session) = fresh();
        engine.apply(&mut session, text("a"), at(20));
        assert_eq!(
            engine.apply(&mut session, Event::Quit, at(25)),
            Outcome::Quit
        );
        let saved = serde_yaml::to_string(&session).unwrap();
        let mut restored: Session = serde_yaml::from_str(&saved).unwrap();
        assert_eq!(restored.clock_since, None);
        let outcome = engine.resume(&mut restored, at(1000)).unwrap();
        assert_eq!(
            outcome,
            Outcome::Ask(Turn {
                at: At { step: 0, prompt: 1 },
                entered_step: true,
                completed_step: None
            })
        );
        engine.apply(&mut restored, text("b"), at(1010));
        assert_eq!(restored.steps[0].elapsed_secs, 35);
    }

    #[test]
    fn resuming_with_a_changed_procedure_is_refused() {
        let (engine, mut session) = fresh();
        session.cursor = Some(prompt_key("one.gone"));
        let err = engine.resume(&mut session, at(1)).unwrap_err();
        assert!(err.to_string().contains("prompt `one.gone`"), "{err}");
        session.steps.pop();
        assert!(matches!(
            engine.resume(&mut session, at(1)),
            Err(EngineError::StepsChanged { .. })
        ));
    }
}
