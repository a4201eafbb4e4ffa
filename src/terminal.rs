//! The interactive prompter: dialoguer line input on the terminal, with `:commands`.

use std::io::ErrorKind;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use console::Term;
use dialoguer::theme::ColorfulTheme;
use dialoguer::{Editor, Input};

use crate::command::{self, Command, Typed};
use crate::engine::Rejection;
use crate::procedure::PromptKind;
use crate::prompter::{PromptError, Prompter, Question, Reply};
use crate::session::Answer;

static INTERRUPTED: AtomicBool = AtomicBool::new(false);
/// The interview has taken up the interrupt and is saving and exiting by itself.
static TAKEN_UP: AtomicBool = AtomicBool::new(false);
/// An editor is running: its Ctrl-C keys are its own.
static EDITING: AtomicBool = AtomicBool::new(false);
static SESSION: Mutex<String> = Mutex::new(String::new());

/// How long the interview has to take up a Ctrl-C before the handler finishes for it.
const TAKE_UP_WITHIN: Duration = Duration::from_millis(300);

/// Routes Ctrl-C to a flag instead of killing the process, so that the interview can save,
/// restore the terminal and print how to resume. At a prompt the read also fails with
/// `Interrupted`. A Ctrl-C that lands just before a read starts leaves that read waiting for
/// a key, so if the interview has not taken the interrupt up shortly, the handler restores
/// the terminal and exits itself: every answer is already saved by then.
pub fn catch_interrupts() {
    let saved = rustix::termios::tcgetattr(std::io::stdin()).ok();
    // A second installation fails harmlessly (the first handler stays), so the error is moot.
    let _ = ctrlc::set_handler(move || {
        if EDITING.load(Ordering::SeqCst) {
            return;
        }
        INTERRUPTED.store(true, Ordering::SeqCst);
        let saved = saved.clone();
        std::thread::spawn(move || {
            std::thread::sleep(TAKE_UP_WITHIN);
            if TAKEN_UP.load(Ordering::SeqCst) {
                return;
            }
            if let Some(settings) = &saved {
                let _ = rustix::termios::tcsetattr(
                    std::io::stdin(),
                    rustix::termios::OptionalActions::Now,
                    settings,
                );
            }
            let _ = Term::stderr().show_cursor();
            let session = SESSION.lock().map(|id| id.clone()).unwrap_or_default();
            crate::output::note(&format!("\n{}", interrupted_message(&session)));
            std::process::exit(130);
        });
    });
}

/// Names the session that Ctrl-C would leave, for the handler's own exit.
pub fn watch_session(id: &str) {
    if let Ok(mut session) = SESSION.lock() {
        *session = id.to_string();
    }
}

pub fn interrupted_message(session: &str) -> String {
    format!("Interrupted. Your answers are saved; continue with: sdcoach resume {session}")
}

/// Whether Ctrl-C was pressed; once seen, the interview finishes the exit itself.
pub fn interrupted() -> bool {
    let interrupted = INTERRUPTED.load(Ordering::SeqCst);
    if interrupted {
        TAKEN_UP.store(true, Ordering::SeqCst);
    }
    interrupted
}

pub struct Terminal {
    term: Term,
    theme: ColorfulTheme,
}

impl Terminal {
    pub fn new() -> Terminal {
        Terminal {
            term: Term::stderr(),
            theme: ColorfulTheme::default(),
        }
    }

    fn read_line(
        &self,
        label: &str,
        default: Option<&str>,
        initial: Option<&str>,
    ) -> Result<String, PromptError> {
        if interrupted() {
            return Err(PromptError::Interrupted);
        }
        let mut input = Input::<String>::with_theme(&self.theme)
            .with_prompt(label)
            .allow_empty(true);
        // dialoguer draws the default and the prefilled text itself, past the output sinks,
        // so they are sanitised here; what is shown is what Enter keeps.
        if let Some(default) = default {
            input = input
                .default(crate::output::sanitize(default).into_owned())
                .show_default(true);
        }
        if let Some(initial) = initial {
            input = input.with_initial_text(crate::output::sanitize(initial));
        }
        let typed = input.report(false).interact_text_on(&self.term).map_err(
            |dialoguer::Error::IO(err)| match err.kind() {
                ErrorKind::Interrupted | ErrorKind::UnexpectedEof => {
                    TAKEN_UP.store(true, Ordering::SeqCst);
                    PromptError::Interrupted
                }
                _ => PromptError::Terminal(err),
            },
        )?;
        self.settle(label, default, &typed);
        Ok(typed)
    }

    /// Replaces the input line with a one-line record of the answer. dialoguer clears only
    /// the last row of what was typed, so an answer that wrapped would leave its first rows
    /// behind; they are cleared here.
    fn settle(&self, label: &str, default: Option<&str>, typed: &str) {
        let columns = usize::from(self.term.size().1).max(1);
        let default = default.map(|d| format!(" ({d})")).unwrap_or_default();
        let width = console::measure_text_width(&format!("? {label}{default} › {typed}"));
        let rows = width.max(1).div_ceil(columns);
        if rows > 1 {
            let _ = self.term.clear_last_lines(rows - 1);
        }
        let _ = crate::output::term_line(
            &self.term,
            &format!("{} {label} · {typed}", console::style("✔").green()),
        );
    }

    fn ask_line(&self, question: &Question) -> Result<Reply, PromptError> {
        let previous = match question.previous {
            Some(Answer::Text(text)) if !text.contains('\n') => Some(text.as_str()),
            Some(Answer::Flag(flag)) => Some(if *flag { "yes" } else { "no" }),
            _ => None,
        };
        let default = if previous.is_none() {
            question.default
        } else {
            None
        };
        let line = self.read_line(&label(question), default, previous)?;
        Ok(match command::classify(&line) {
            Typed::Command(command) => Reply::Command(command),
            Typed::Unknown(word) => Reply::Unknown(word),
            Typed::Text(text) if text.trim().is_empty() && question.previous.is_some() => {
                Reply::Command(Command::Next)
            }
            Typed::Text(text) => Reply::Answer(Answer::Text(text)),
        })
    }

    /// One item per line until an empty line or `:next`; each item goes back to be saved
    /// before the next is read.
    fn ask_list(&self, question: &Question) -> Result<Reply, PromptError> {
        let items = question.draft;
        if let (Some(Answer::List(previous)), true) = (question.previous, items.is_empty()) {
            let _ = crate::output::term_line(
                &self.term,
                &format!(
                    "  Your answer so far: {}. Enter on an empty line keeps it; new items replace it.",
                    previous.join("; ")
                ),
            );
        }
        let label = if items.is_empty() {
            label(question)
        } else {
            format!("{}.", items.len() + 1)
        };
        loop {
            let line = self.read_line(&label, None, None)?;
            match command::classify(&line) {
                Typed::Command(Command::Next) => break,
                Typed::Command(command) => return Ok(Reply::Command(command)),
                Typed::Unknown(word) => {
                    let _ = crate::output::term_line(&self.term, &unknown_command(&word));
                }
                Typed::Text(text) if text.trim().is_empty() => break,
                Typed::Text(text) => return Ok(Reply::Item(text)),
            }
        }
        if items.is_empty() && question.previous.is_some() {
            return Ok(Reply::Command(Command::Next));
        }
        Ok(Reply::Answer(Answer::List(items.to_vec())))
    }
}

impl Default for Terminal {
    fn default() -> Self {
        Terminal::new()
    }
}

/// The input line's label: the time, and for lists how to end them.
fn label(question: &Question) -> String {
    match question.prompt.kind {
        PromptKind::List => format!("{} (one per line, empty line ends)", question.status),
        PromptKind::Confirm => format!("{} (y/n)", question.status),
        PromptKind::Choice => format!("{} (number or name)", question.status),
        _ => question.status.to_string(),
    }
}

pub fn unknown_command(word: &str) -> String {
    let names = crate::command::HELP
        .iter()
        .filter_map(|(usage, _)| usage.split_whitespace().next());
    let word_name = word.split_whitespace().next().unwrap_or(word);
    let suggestion = crate::catalog::suggest(word_name, names);
    // The suggestion ends in `?`, after which the help reads as a sentence of its own.
    let joint = if suggestion.is_empty() { ";" } else { "" };
    format!(
        "  {word} is not a command{suggestion}{joint} :help lists them (start an answer with :: to type a leading colon)",
        word = crate::output::sanitize(word)
    )
}

impl Prompter for Terminal {
    fn ask(&mut self, question: &Question) -> Result<Reply, PromptError> {
        match question.prompt.kind {
            PromptKind::List => self.ask_list(question),
            _ => self.ask_line(question),
        }
    }

    fn refused(&mut self, _key: &str, rejection: &Rejection) -> Result<(), PromptError> {
        let _ = crate::output::term_line(
            &self.term,
            &format!("  {}", console::style(rejection).yellow()),
        );
        Ok(())
    }

    fn edit(&mut self, initial: &str) -> Result<Option<String>, PromptError> {
        EDITING.store(true, Ordering::SeqCst);
        let edited = Editor::new().extension(".md").edit(initial);
        EDITING.store(false, Ordering::SeqCst);
        edited.map_err(|dialoguer::Error::IO(err)| PromptError::Terminal(err))
    }

    fn is_interactive(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mistyped_command_hears_the_closest_one() {
        assert!(unknown_command(":hnt").contains("did you mean `:hint`?"));
        assert!(!unknown_command(":frobnicate").contains("did you mean"));
    }
}
