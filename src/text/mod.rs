//! Text handling every layer shares: words and stems of answers, what is shown to a person (sanitised, wrapped) and Markdown.

pub(crate) mod choice;
pub(crate) mod markdown;
pub(crate) mod output;
pub(crate) mod words;
