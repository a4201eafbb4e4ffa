//! sdcoach: a terminal coach for practising system design interviews alone.
//!
//! Layers, lowest first; each imports only from the layers above it in this list.

pub(crate) mod text;

pub mod units;

pub mod content;

pub mod judge;

pub mod interview;

pub mod store;

pub mod report;

pub(crate) mod ui;

pub mod cli;

pub(crate) mod error;

pub mod app;
