//! What the coach knows, read from YAML: the procedure, the problems, the vocabulary, and their validation.

pub mod answer;
pub mod catalog;
pub(crate) mod check;
pub mod expected;
pub mod key;
pub mod problem;
pub mod procedure;
pub(crate) mod score;
pub(crate) mod validate;
pub mod vocabulary;
pub mod yaml;
