//! The user's settings file, `config.yaml` in the configuration folder: the estimation
//! conventions they practise with unless a problem or an option says otherwise.

use std::path::Path;

use serde::Deserialize;

use crate::content::yaml::{self, LoadError, Origin};
use crate::units::quantity::MonthSeconds;

pub(crate) const FILE_NAME: &str = "config.yaml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Config {
    /// Seconds in a month, e.g. 2.5M (the convention of several popular guides).
    pub(crate) month_seconds: Option<MonthSeconds>,
    /// Show sizes in binary units (KiB, MiB ...).
    #[serde(default)]
    pub(crate) binary: bool,
}

impl Config {
    /// The settings in `dir`, or the defaults when there is no file.
    pub(crate) fn load(dir: &Path) -> Result<Config, LoadError> {
        let path = dir.join(FILE_NAME);
        match std::fs::read_to_string(&path) {
            Ok(text) if text.trim().is_empty() => Ok(Config::default()),
            Ok(text) => yaml::parse(&Origin::file(&path), &text),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(err) => Err(LoadError::new(
                &Origin::file(&path),
                None,
                format!("cannot read the settings: {err}"),
            )),
        }
    }
}
