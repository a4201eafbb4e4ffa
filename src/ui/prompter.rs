//! How the interview reads a reply: from a person at a terminal, or from an answers file.

use crate::content::answer::Answer;
use crate::content::key::PromptKey;
use crate::content::procedure::Prompt;
use crate::interview::engine::Rejection;
use crate::ui::command::Command;

/// Everything a prompter needs to ask one prompt.
pub(crate) struct Question<'a> {
    pub(crate) key: &'a PromptKey,
    pub(crate) prompt: &'a Prompt,
    /// Offered when the user just presses Enter on an unanswered prompt.
    pub(crate) default: Option<&'a str>,
    /// The answer given before, when the user came back with `:back`.
    pub(crate) previous: Option<&'a Answer>,
    /// Time on this step and on the interview, shown beside the input.
    pub(crate) status: &'a str,
    /// List items typed since the list was last ended, each already saved.
    pub(crate) draft: &'a [String],
    /// The whole list so far: the earlier answer's items, then the draft.
    pub(crate) list: &'a [String],
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Reply {
    Answer(Answer),
    /// One item of a list, typed and not yet ended: saved, and the prompt asked again.
    Item(String),
    Command(Command),
    Unknown(String),
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum PromptError {
    /// Ctrl-C or end of input at a prompt.
    #[error("interrupted")]
    Interrupted,
    #[error("cannot use the terminal: {0}")]
    Terminal(std::io::Error),
    #[error("{file}: the answer to `{key}` is not valid: {reason}")]
    InvalidAnswer {
        file: String,
        key: String,
        reason: String,
    },
}

impl PromptError {
    pub(crate) fn blames_user(&self) -> bool {
        matches!(self, PromptError::InvalidAnswer { .. })
    }
}

pub(crate) trait Prompter {
    fn ask(&mut self, question: &Question) -> Result<Reply, PromptError>;

    /// The engine refused a reply: a person is told and asked again, a script stops.
    fn refused(&mut self, key: &PromptKey, rejection: &Rejection) -> Result<(), PromptError>;

    /// Asks a yes/no question outside the procedure, e.g. whether to try a save again.
    fn confirm(&mut self, question: &str) -> Result<bool, PromptError>;

    /// Opens a long answer in the user's editor; `None` when nothing was saved.
    fn edit(&mut self, initial: &str) -> Result<Option<String>, PromptError>;

    /// Whether a person is typing: a script's replies are echoed so the output reads like a
    /// conversation.
    fn is_interactive(&self) -> bool;
}
