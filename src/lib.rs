//! sdcoach: a terminal coach for practising system design interviews alone.

mod expr;
pub mod formula;
pub mod quantity;
