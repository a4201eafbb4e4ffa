//! The integration tests: one binary, with modules by subject.

mod env;
mod errors;
mod estimation;
mod export;
mod faults;
mod interview;
mod limits;
mod pty;
mod shell;
