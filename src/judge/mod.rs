//! Judging answers against the content: coverage of expected points, checks, estimates, follow-ups and scores.

pub mod case;
pub mod checks;
pub mod coverage;
pub mod datamodel;
pub mod diagram;
pub mod estimates;
pub mod feedback;
pub mod followup;
