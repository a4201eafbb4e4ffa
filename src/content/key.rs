//! The names of steps and prompts in procedures, problems, sessions and answers files.

use std::borrow::Borrow;
use std::fmt;

/// A step's id, as its procedure declares it (`requirements`, `estimation`, ...).
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct StepId(String);

impl StepId {
    pub(crate) fn new(id: &str) -> StepId {
        StepId(id.to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for StepId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A step id is read as the text it is, in messages and in lookups by name.
impl std::ops::Deref for StepId {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

/// Lets maps keyed by step be read with an id typed by a person or a file.
impl Borrow<str> for StepId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for StepId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for StepId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// A prompt named by its step's id and its own, read and written as `<step-id>.<prompt-id>`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PromptKey {
    step: StepId,
    prompt: String,
}

impl PromptKey {
    pub(crate) fn new(step: &str, prompt: &str) -> PromptKey {
        PromptKey {
            step: StepId::new(step),
            prompt: prompt.to_string(),
        }
    }

    pub(crate) fn step(&self) -> &StepId {
        &self.step
    }

    pub(crate) fn prompt(&self) -> &str {
        &self.prompt
    }
}

impl fmt::Display for PromptKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.step, self.prompt)
    }
}

impl std::str::FromStr for PromptKey {
    type Err = String;

    /// Prompt ids hold no dot, so the last one starts the prompt's id.
    fn from_str(text: &str) -> Result<PromptKey, String> {
        match text.rsplit_once('.') {
            Some((step, prompt)) if !step.is_empty() && !prompt.is_empty() => {
                Ok(PromptKey::new(step, prompt))
            }
            _ => Err(format!(
                "`{text}` does not name a prompt; expected <step-id>.<prompt-id>, e.g. requirements.functional"
            )),
        }
    }
}

impl serde::Serialize for PromptKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for PromptKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A key written in a test, which must be well formed.
#[cfg(test)]
pub(crate) fn prompt_key(text: &str) -> PromptKey {
    text.parse().expect("a prompt key")
}

#[cfg(test)]
mod tests {
    use super::PromptKey;

    #[test]
    fn a_key_reads_back_as_it_is_written() {
        let key: PromptKey = "estimation.dau".parse().unwrap();
        assert_eq!((key.step().as_str(), key.prompt()), ("estimation", "dau"));
        assert_eq!(key.to_string(), "estimation.dau");
        assert_eq!(serde_json::to_string(&key).unwrap(), "\"estimation.dau\"");
        for bad in ["estimation", ".dau", "estimation."] {
            assert!(bad.parse::<PromptKey>().is_err(), "{bad}");
        }
    }
}
