//! Text handling every layer shares: words and stems of answers, what is shown to a person (sanitised, wrapped) and Markdown.

pub mod choice;
pub mod markdown;
pub mod output;
pub mod words;
