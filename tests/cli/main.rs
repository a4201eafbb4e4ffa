//! The integration tests: one binary, with modules by subject.

mod env;
mod errors;
mod estimation;
mod export;
mod history;
mod interview;
mod pty;
mod readme;
mod shell;
