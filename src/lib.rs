//! sdcoach: a terminal coach for practising system design interviews alone.

pub mod calc;
pub mod estimate;
mod expr;
pub mod formula;
pub mod numbers;
pub mod quantity;
