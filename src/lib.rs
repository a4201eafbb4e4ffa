//! sdcoach: a terminal coach for practising system design interviews alone.
//!
//! Layers, lowest first; each module imports only from the layers before it.

pub mod content;
pub mod interview;
pub mod judge;
pub mod report;
pub mod store;
pub mod text;
pub mod ui;
pub mod units;

pub mod app;
pub mod cli;
pub mod error;
