//! Running an interview from an answers file (`--answers FILE`).

use std::collections::BTreeMap;
use std::path::Path;

use crate::content::answer::Answer;
use crate::content::key::PromptKey;
use crate::content::procedure::Procedure;
use crate::content::yaml::{self, LoadError, Origin};
use crate::interview::engine::Rejection;
use crate::ui::command::{self, Command, Typed};
use crate::ui::prompter::{PromptError, Prompter, Question, Reply};

#[derive(Debug, thiserror::Error)]
pub(crate) enum AnswersError {
    // `cause`, not `source`: the message says it already, and `{:#}` would repeat a source.
    #[error("cannot read the answers file {path}: {cause}")]
    Read { path: String, cause: std::io::Error },
    #[error(transparent)]
    Load(#[from] LoadError),
}

impl AnswersError {
    /// Whether the answers file, or its path, is at fault rather than the machine.
    pub(crate) fn blames_user(&self) -> bool {
        match self {
            AnswersError::Read { cause, .. } => yaml::is_users_file_fault(cause),
            AnswersError::Load(_) => true,
        }
    }
}

/// An answers file as read, before its keys are checked against the procedure.
#[derive(serde::Deserialize)]
#[serde(transparent)]
struct AnswersFile(
    #[serde(deserialize_with = "yaml::unique_keys")] BTreeMap<String, serde_yaml::Value>,
);

pub(crate) struct Scripted {
    file: String,
    answers: BTreeMap<PromptKey, Answer>,
}

impl Scripted {
    /// Reads an answers file: a mapping from `<step-id>.<prompt-id>` to a string, a list of
    /// strings, or yes/no. Unknown keys are refused, so that a typo never silently skips.
    pub(crate) fn load(path: &Path, procedure: &Procedure) -> Result<Scripted, AnswersError> {
        let display = path.display().to_string();
        let text = yaml::read_file(path).map_err(|cause| AnswersError::Read {
            path: display.clone(),
            cause,
        })?;
        let origin = Origin::file(path);
        let raw = if text.trim().is_empty() {
            BTreeMap::new()
        } else {
            yaml::parse::<AnswersFile>(&origin, &text)?.0
        };
        let mut answers = BTreeMap::new();
        for (key, value) in raw {
            let line = yaml::line_of(&text, &format!("{key}:"), 0);
            let Some(at) = key.parse().ok().and_then(|key| procedure.find(&key)) else {
                let keys: Vec<String> = procedure
                    .positions()
                    .map(|at| procedure.key(at).to_string())
                    .collect();
                let suggestion =
                    crate::content::catalog::suggest(&key, keys.iter().map(String::as_str));
                let message = format!(
                    "`{key}` is not a prompt of procedure `{}`{suggestion}; `sdcoach start <problem> --template` lists the keys",
                    procedure.id
                );
                return Err(LoadError::new(&origin, line, message).into());
            };
            if let Some(answer) = to_answer(&value)
                .map_err(|message| LoadError::new(&origin, line, format!("`{key}`: {message}")))?
            {
                answers.insert(procedure.key(at), answer);
            }
        }
        Ok(Scripted {
            file: display,
            answers,
        })
    }
}

/// An empty value (`""`, `[]`, nothing) means the prompt is left out.
fn to_answer(value: &serde_yaml::Value) -> Result<Option<Answer>, String> {
    use serde_yaml::Value;
    let answer = match value {
        Value::Null => return Ok(None),
        Value::Bool(flag) => Answer::Flag(*flag),
        Value::Number(number) => Answer::Text(number.to_string()),
        Value::String(text) if text.trim().is_empty() => return Ok(None),
        Value::String(text) => Answer::Text(text.clone()),
        Value::Sequence(items) if items.is_empty() => return Ok(None),
        Value::Sequence(items) => {
            Answer::List(items.iter().map(list_item).collect::<Result<_, _>>()?)
        }
        other => {
            return Err(format!(
                "expected text, a list of texts, or true/false; found {}",
                yaml::describe(other)
            ));
        }
    };
    Ok(Some(answer))
}

fn list_item(value: &serde_yaml::Value) -> Result<String, String> {
    match value {
        serde_yaml::Value::String(text) => Ok(text.clone()),
        serde_yaml::Value::Number(number) => Ok(number.to_string()),
        other => Err(format!(
            "list items must be text; found {}",
            yaml::describe(other)
        )),
    }
}

impl Prompter for Scripted {
    fn ask(&mut self, question: &Question) -> Result<Reply, PromptError> {
        let answer = match self.answers.remove(question.key) {
            Some(answer) => answer,
            None => return Ok(Reply::Command(Command::Skip)),
        };
        let Answer::Text(text) = &answer else {
            return Ok(Reply::Answer(answer));
        };
        match command::classify(text) {
            Typed::Text(text) => Ok(Reply::Answer(Answer::Text(text))),
            Typed::Command(found @ (Command::Skip | Command::Quit)) => Ok(Reply::Command(found)),
            Typed::Command(_) | Typed::Unknown(_) => Err(PromptError::InvalidAnswer {
                file: self.file.clone(),
                key: question.key.to_string(),
                reason: format!(
                    "{text:?}: an answers file may hold the commands :skip and :quit, no others (start a text with :: for a leading colon)"
                ),
            }),
        }
    }

    fn refused(&mut self, key: &PromptKey, rejection: &Rejection) -> Result<(), PromptError> {
        Err(PromptError::InvalidAnswer {
            file: self.file.clone(),
            key: key.to_string(),
            reason: rejection.to_string(),
        })
    }

    /// A script cannot wait for the user to make room on a disk: the answer is no.
    fn confirm(&mut self, _question: &str) -> Result<bool, PromptError> {
        Ok(false)
    }

    fn edit(&mut self, _initial: &str) -> Result<Option<String>, PromptError> {
        Ok(None)
    }

    fn is_interactive(&self) -> bool {
        false
    }
}
