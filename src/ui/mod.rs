//! Front ends: the terminal and scripted prompters, in-interview commands, signals and the answers template.

pub(crate) mod command;
pub(crate) mod line;
pub(crate) mod practice;
pub(crate) mod prompter;
pub(crate) mod scripted;
pub(crate) mod signals;
pub(crate) mod template;
pub(crate) mod terminal;
