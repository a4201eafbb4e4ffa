//! The interactive prompter: line input on the terminal, with `:commands`.

use console::Term;
use dialoguer::Editor;

use crate::content::answer::Answer;
use crate::content::key::PromptKey;
use crate::content::procedure::PromptKind;
use crate::interview::engine::Rejection;
use crate::ui::command::{self, Command, Typed};
use crate::ui::line::{self, LinePrompt};
use crate::ui::prompter::{PromptError, Prompter, Question, Reply};
use crate::ui::signals;

pub(crate) fn interrupted_message(session: &str) -> String {
    format!("Interrupted. Your answers are saved; continue with: sdcoach resume {session}")
}

/// Whether the terminal declares that it understands no escape sequence at all.
pub(crate) fn is_dumb() -> bool {
    std::env::var_os("TERM").is_some_and(|term| term == "dumb")
}

/// The width to wrap the interview's text at: the terminal's, measured each time so that a
/// resized window is followed, within readable bounds.
pub(crate) fn width() -> usize {
    usize::from(
        Term::stderr()
            .size_checked()
            .map_or(100, |(_, columns)| columns),
    )
    .clamp(40, 100)
}

pub(crate) struct Terminal {
    term: Term,
    /// Keys typed beyond the line last read, such as the rest of a pasted block.
    typed_ahead: Vec<u8>,
}

impl Terminal {
    pub(crate) fn new() -> Terminal {
        Terminal {
            term: Term::stderr(),
            typed_ahead: Vec::new(),
        }
    }

    fn read_line(
        &mut self,
        label: &str,
        default: Option<&str>,
        initial: Option<&str>,
    ) -> Result<String, PromptError> {
        if signals::ended() {
            return Err(PromptError::Interrupted);
        }
        let prompt = LinePrompt {
            label,
            default,
            initial,
        };
        line::read_line(&self.term, &mut self.typed_ahead, &prompt)
    }

    /// Puts a record of what was `taken`, wrapped at the terminal's width, where the input
    /// line was cleared. A dumb terminal keeps the line as typed.
    fn settle(&self, label: &str, taken: &str) {
        if !is_dumb() {
            let line = format!(
                "{} {} · {}",
                console::style("✔").green(),
                crate::text::output::sanitize(label),
                crate::text::output::sanitize(taken)
            );
            let options = crate::text::output::wrapping(width()).subsequent_indent("  ");
            let _ = crate::text::output::term_line(&self.term, &textwrap::fill(&line, options));
        }
    }

    fn ask_line(&mut self, question: &Question) -> Result<Reply, PromptError> {
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
        let label = label(question);
        let line = self.read_line(&label, default, previous)?;
        let after_kept = previous.and_then(|kept| Some((kept, command::after_kept(&line, kept)?)));
        let (typed, taken) = match after_kept {
            Some((kept, typed)) => (typed, line[kept.len()..].trim()),
            // A line emptied of the earlier answer keeps it, as an untouched one does.
            None if line.trim().is_empty() && question.previous.is_some() => {
                (Typed::Command(Command::Next), previous.unwrap_or_default())
            }
            None => (command::classify(&line), line.as_str()),
        };
        let reply = match typed {
            Typed::Command(command) => Reply::Command(command),
            Typed::Unknown(word) => Reply::Unknown(word),
            Typed::Text(text) => Reply::Answer(Answer::Text(text)),
        };
        self.settle(&label, taken);
        Ok(reply)
    }

    /// One item per line until an empty line or `:next`; each item goes back to be saved
    /// before the next is read. Items typed after an earlier answer are added to it.
    fn ask_list(&mut self, question: &Question) -> Result<Reply, PromptError> {
        let adding = !question.draft.is_empty();
        let label = match question.list.len() {
            0 => label(question),
            count => format!("{}.", count + 1),
        };
        loop {
            let line = self.read_line(&label, None, None)?;
            // The empty line that ends a list is recorded by what it did.
            let ended = match question.list.len() {
                0 => "(no items)".to_string(),
                1 => "(end of the list: 1 item)".to_string(),
                count => format!("(end of the list: {count} items)"),
            };
            let taken = if line.trim().is_empty() {
                &ended
            } else {
                &line
            };
            self.settle(&label, taken);
            match command::classify(&line) {
                Typed::Command(Command::Next) => break,
                Typed::Command(command) => return Ok(Reply::Command(command)),
                Typed::Unknown(word) => {
                    let _ = crate::text::output::term_line(&self.term, &unknown_command(&word));
                }
                Typed::Text(text) if text.trim().is_empty() => break,
                Typed::Text(text) => return Ok(Reply::Item(text)),
            }
        }
        if !adding && question.previous.is_some() {
            return Ok(Reply::Command(Command::Next));
        }
        Ok(Reply::Answer(Answer::List(question.list.to_vec())))
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

pub(crate) fn unknown_command(word: &str) -> String {
    let names = command::HELP
        .iter()
        .filter_map(|(usage, _)| usage.split_whitespace().next());
    let word_name = word.split_whitespace().next().unwrap_or(word);
    let suggestion = crate::content::catalog::suggest(word_name, names);
    // The suggestion ends in `?`, after which the help reads as a sentence of its own.
    let joint = if suggestion.is_empty() { ";" } else { "" };
    format!(
        "  {word} is not a command{suggestion}{joint} :help lists them (start an answer with :: to type a leading colon)",
        word = crate::text::output::sanitize(word)
    )
}

impl Prompter for Terminal {
    fn ask(&mut self, question: &Question) -> Result<Reply, PromptError> {
        match question.prompt.kind {
            PromptKind::List => self.ask_list(question),
            _ => self.ask_line(question),
        }
    }

    fn refused(&mut self, _key: &PromptKey, rejection: &Rejection) -> Result<(), PromptError> {
        let _ = crate::text::output::term_line(
            &self.term,
            &format!("  {}", console::style(rejection).yellow()),
        );
        Ok(())
    }

    fn confirm(&mut self, question: &str) -> Result<bool, PromptError> {
        let label = format!("{question} (y/n)");
        loop {
            let line = self.read_line(&label, Some("y"), None)?;
            self.settle(&label, &line);
            match crate::content::procedure::parse_confirm(&line) {
                Ok(yes) => return Ok(yes),
                Err(expected) => {
                    let _ = crate::text::output::term_line(&self.term, &format!("  {expected}"));
                }
            }
        }
    }

    fn edit(&mut self, initial: &str) -> Result<Option<String>, PromptError> {
        let edited = signals::while_editing(|| Editor::new().extension(".md").edit(initial));
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
