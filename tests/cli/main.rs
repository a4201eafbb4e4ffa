//! The integration tests: one binary, with modules by subject.

// What a test prints is for whoever runs the tests, not output of sdcoach's to sanitise.
#![allow(clippy::disallowed_macros)]

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
mod time;
mod untrusted;
