//! Judging answers against the content: coverage of expected points, checks, estimates, follow-ups and scores.

pub(crate) mod case;
pub(crate) mod checks;
pub mod coverage;
pub(crate) mod datamodel;
pub(crate) mod diagram;
pub mod estimates;
pub mod feedback;
pub(crate) mod followup;
