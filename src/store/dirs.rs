//! Where sdcoach keeps sessions and looks for the user's own procedures and problems.

use std::path::PathBuf;

use etcetera::BaseStrategy;

/// Set to use one folder for both data and configuration (tests, portable installs).
pub(crate) const HOME_VAR: &str = "SDCOACH_HOME";

#[derive(Debug, Clone)]
pub(crate) struct Dirs {
    /// Saved sessions live under `data/sessions`.
    pub(crate) data: PathBuf,
    /// The user's own content lives under `config/procedures` and `config/procedures/problems`.
    pub(crate) config: PathBuf,
}

#[derive(Debug, thiserror::Error)]
#[error("cannot find a home folder for sdcoach's data ({0}); set {HOME_VAR} to a folder")]
pub(crate) struct DirsError(String);

impl Dirs {
    pub(crate) fn from_env() -> Result<Dirs, DirsError> {
        if let Some(home) = std::env::var_os(HOME_VAR).filter(|value| !value.is_empty()) {
            let home = PathBuf::from(home);
            return Ok(Dirs {
                data: home.clone(),
                config: home,
            });
        }
        let strategy =
            etcetera::choose_base_strategy().map_err(|err| DirsError(err.to_string()))?;
        Ok(Dirs {
            data: strategy.data_dir().join("sdcoach"),
            config: strategy.config_dir().join("sdcoach"),
        })
    }

    pub(crate) fn sessions(&self) -> PathBuf {
        self.data.join("sessions")
    }

    pub(crate) fn user_procedures(&self) -> PathBuf {
        self.config.join("procedures")
    }
}
