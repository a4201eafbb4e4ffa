//! Front ends: the terminal and scripted prompters, in-interview commands, signals and the answers template.

pub mod command;
pub mod line;
pub mod practice;
pub mod prompter;
pub mod scripted;
pub mod signals;
pub mod template;
pub mod terminal;
