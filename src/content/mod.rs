//! What the coach knows, read from YAML: the procedure, the problems, the vocabulary, and their validation.

pub mod catalog;
pub mod problem;
pub mod procedure;
pub mod validate;
pub mod vocabulary;
pub mod yaml;
