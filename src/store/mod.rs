//! What sdcoach keeps on disk: saved sessions, the folders they live in, and the user's configuration.

pub mod config;
pub mod dirs;
pub mod sessions;
