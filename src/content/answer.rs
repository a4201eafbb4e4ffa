//! What a user gives at a prompt, in the shape the prompt's kind asks for.

use serde::{Deserialize, Serialize};

/// An answer: one line or paragraph, a list of items, or yes/no.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    Flag(bool),
    Text(String),
    List(Vec<String>),
}
