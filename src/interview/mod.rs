//! The interview as a pure state machine: sessions, the engine that moves them, the interviewer and the clock.

pub(crate) mod clock;
pub mod engine;
pub mod interviewer;
pub mod session;
