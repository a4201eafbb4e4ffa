//! The integration tests: one binary, with modules by subject.

mod ask;
mod env;
mod errors;
mod estimation;
mod export;
mod faults;
mod history;
mod interview;
mod judge;
mod limits;
mod pty;
mod readme;
mod shell;
