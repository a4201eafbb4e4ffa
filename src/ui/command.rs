//! The `:commands` a user can type at any prompt.

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Command {
    Hint,
    Back,
    Skip,
    Next,
    Time,
    Edit,
    Help,
    Quit,
    /// A question to the interviewer.
    Ask(String),
    /// Show the reference notes of the last step answered.
    Reveal,
    /// Evaluate an expression with units.
    Calc(String),
}

/// Every command with a line of help, in the order `:help` shows them.
pub(crate) const HELP: &[(&str, &str)] = &[
    (
        ":ask Q",
        "ask the interviewer a clarifying question, e.g. :ask do we need search?",
    ),
    (":hint", "show a hint for this prompt"),
    (
        ":back",
        "go back to the previous prompt (its answer is kept until you change it)",
    ),
    (
        ":skip",
        "leave this prompt out; the transcript marks it as skipped",
    ),
    (":next", "end a list, or keep an earlier answer and move on"),
    (
        ":reveal",
        "show the reference notes of the last step you answered (spoilers)",
    ),
    (
        ":calc EXPR",
        "work out an expression with units without leaving the prompt, e.g. :calc 200M * 2 / day",
    ),
    (
        ":time",
        "show the time spent on this step and on the whole interview",
    ),
    (
        ":edit",
        "write a long answer in $EDITOR (one item per line for lists)",
    ),
    (":help", "show this list"),
    (
        ":quit",
        "save and stop; `sdcoach resume` continues where you left off",
    ),
];

/// What a typed line is: an answer, a command, or a command we don't know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Typed {
    Text(String),
    Command(Command),
    Unknown(String),
}

/// Reads a line typed at a prompt. A leading `:` makes it a command; `::` escapes an answer
/// that really starts with a colon.
pub(crate) fn classify(line: &str) -> Typed {
    let trimmed = line.trim();
    if let Some(rest) = trimmed.strip_prefix("::") {
        return Typed::Text(format!(":{rest}"));
    }
    let Some(word) = trimmed.strip_prefix(':') else {
        return Typed::Text(line.to_string());
    };
    let (name, argument) = word.split_once(char::is_whitespace).unwrap_or((word, ""));
    let command = match name.to_lowercase().as_str() {
        "ask" | "a" => Command::Ask(argument.trim().to_string()),
        "hint" | "h" => Command::Hint,
        "reveal" | "r" => Command::Reveal,
        "calc" | "c" => Command::Calc(argument.trim().to_string()),
        "back" | "b" => Command::Back,
        "skip" | "s" => Command::Skip,
        "next" | "n" => Command::Next,
        "time" | "t" => Command::Time,
        "edit" | "e" => Command::Edit,
        "help" | "?" => Command::Help,
        "quit" | "q" | "exit" => Command::Quit,
        _ => return Typed::Unknown(trimmed.to_string()),
    };
    Typed::Command(command)
}

/// Reads a line that began as the earlier answer `kept`, left on the line to edit: a
/// command typed after it is the command, and the answer stays as it was. A colon that does
/// not start a word (`100` made into `100:1`) is part of the answer.
pub(crate) fn after_kept(line: &str, kept: &str) -> Option<Typed> {
    let typed = line.strip_prefix(kept)?;
    let word = typed.trim_start().strip_prefix(':')?;
    match classify(typed) {
        Typed::Unknown(_) if !word.starts_with(|c: char| c.is_alphabetic()) => None,
        Typed::Text(_) => None,
        command => Some(command),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_answers_commands_or_unknown_commands() {
        assert_eq!(classify("a cache"), Typed::Text("a cache".into()));
        assert_eq!(classify("  :Hint "), Typed::Command(Command::Hint));
        assert_eq!(classify(":q"), Typed::Command(Command::Quit));
        assert_eq!(
            classify(":ask  do we need search? "),
            Typed::Command(Command::Ask("do we need search?".into()))
        );
        assert_eq!(
            classify(":frobnicate"),
            Typed::Unknown(":frobnicate".into())
        );
        assert_eq!(classify("::-) smile"), Typed::Text(":-) smile".into()));
    }

    #[test]
    fn a_command_typed_after_a_kept_answer_is_a_command() {
        let kept = "my scope";
        assert_eq!(
            after_kept("my scope:hint", kept),
            Some(Typed::Command(Command::Hint))
        );
        assert_eq!(
            after_kept("my scope :ask how many users?", kept),
            Some(Typed::Command(Command::Ask("how many users?".into())))
        );
        assert_eq!(
            after_kept("my scope:hnt", kept),
            Some(Typed::Unknown(":hnt".into()))
        );
        assert_eq!(after_kept("my scope and more", kept), None);
        assert_eq!(after_kept("100:1", "100"), None);
        assert_eq!(after_kept("my scope::x", kept), None);
        assert_eq!(after_kept(":hint", kept), None);
    }
}
