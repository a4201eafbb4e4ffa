//! What is shown after or outside an interview: the Markdown export, history and the estimate sheet.

pub mod estimate;
pub mod export;
pub(crate) mod history;
