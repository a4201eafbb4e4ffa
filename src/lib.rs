//! sdcoach: a terminal coach for practising system design interviews alone.

pub mod app;
pub mod catalog;
pub mod checks;
pub mod cli;
pub mod clock;
pub mod command;
pub mod coverage;
pub mod datamodel;
pub mod diagram;
pub mod dirs;
pub mod engine;
pub mod export;
pub mod interview;
pub mod interviewer;
pub mod markdown;
pub mod problem;
pub mod procedure;
pub mod prompter;
pub mod quantity;
pub mod scripted;
pub mod session;
pub mod store;
pub mod template;
pub mod terminal;
pub mod validate;
pub mod yaml;
