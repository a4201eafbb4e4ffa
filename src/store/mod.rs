//! What sdcoach keeps on disk: saved sessions, the folders they live in, and the user's configuration.

pub(crate) mod config;
pub(crate) mod dirs;
pub mod sessions;
