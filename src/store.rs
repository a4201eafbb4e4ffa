//! Saved sessions: one YAML file each, written atomically after every answer.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::session::{self, Session};
use crate::yaml::{self, Origin};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "`{0}` is not a session id; ids use only letters, digits, `-` and `_` (see `sdcoach sessions`)"
    )]
    BadId(String),
    #[error("there is no session `{id}`{suggestion}; `sdcoach sessions` lists them")]
    NotFound { id: String, suggestion: String },
    #[error("there are no saved sessions yet; `sdcoach start twitter` begins one")]
    Empty,
    #[error(
        "there is no unfinished session to resume; `sdcoach sessions` lists them, `sdcoach start` begins one"
    )]
    NothingToResume,
    #[error("cannot save the session in {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Corrupt(yaml::LoadError),
}

impl crate::error::BadInput for StoreError {
    /// Whether the user's typing or a damaged file is at fault, rather than the machine.
    fn is_bad_input(&self) -> bool {
        !matches!(self, StoreError::Write { .. } | StoreError::Read { .. })
    }
}

/// A session file that could not be read, reported beside the ones that could.
#[derive(Debug)]
pub struct Unreadable {
    pub path: PathBuf,
    pub error: StoreError,
}

pub struct Store {
    dir: PathBuf,
}

impl Store {
    pub fn new(dir: PathBuf) -> Store {
        Store { dir }
    }

    fn path(&self, id: &str) -> Result<PathBuf, StoreError> {
        let valid = !id.is_empty()
            && id.len() <= 100
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if valid {
            Ok(self.dir.join(format!("{id}.yaml")))
        } else {
            Err(StoreError::BadId(id.to_string()))
        }
    }

    /// An id made from the start time and problem, never one already taken.
    pub fn fresh_id(&self, session_start: jiff::Timestamp, problem: &str) -> String {
        let stamp = session_start.strftime("%Y%m%d-%H%M%S");
        let slug: String = problem
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        let base = format!("{stamp}-{slug}");
        (1..)
            .map(|n| {
                if n == 1 {
                    base.clone()
                } else {
                    format!("{base}-{n}")
                }
            })
            .find(|id| self.path(id).is_ok_and(|path| !path.exists()))
            .unwrap_or(base)
    }

    /// Writes the session to a temporary file beside its final place, then renames it over,
    /// so that a crash leaves either the previous save or this one, never half of one.
    pub fn save(&self, session: &Session) -> Result<(), StoreError> {
        let path = self.path(&session.id)?;
        let write_err = |source| StoreError::Write {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(&self.dir).map_err(write_err)?;
        let text =
            serde_yaml::to_string(session).map_err(|err| write_err(std::io::Error::other(err)))?;
        let mut file = tempfile::NamedTempFile::new_in(&self.dir).map_err(write_err)?;
        file.write_all(text.as_bytes()).map_err(write_err)?;
        file.as_file().sync_all().map_err(write_err)?;
        file.persist(&path).map_err(|err| write_err(err.error))?;
        Ok(())
    }

    pub fn load(&self, id: &str) -> Result<Session, StoreError> {
        let path = self.path(id)?;
        if !path.exists() {
            let (sessions, _) = self.list();
            let suggestion = crate::catalog::suggest(id, sessions.iter().map(|s| s.id.as_str()));
            return Err(StoreError::NotFound {
                id: id.to_string(),
                suggestion,
            });
        }
        read(&path)
    }

    /// Every readable session, oldest first, and the files that could not be read.
    pub fn list(&self) -> (Vec<Session>, Vec<Unreadable>) {
        let mut sessions = Vec::new();
        let mut unreadable = Vec::new();
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return (sessions, unreadable);
        };
        let mut paths: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        paths.sort();
        for path in paths {
            match read(&path) {
                Ok(session) => sessions.push(session),
                Err(error) => unreadable.push(Unreadable { path, error }),
            }
        }
        sessions.sort_by(|a, b| (a.started_at, &a.id).cmp(&(b.started_at, &b.id)));
        (sessions, unreadable)
    }

    /// The given session, or the most recent one that `pick` accepts.
    pub fn find(
        &self,
        id: Option<&str>,
        pick: Pick,
    ) -> Result<(Session, Vec<Unreadable>), StoreError> {
        if let Some(id) = id {
            return Ok((self.load(id)?, Vec::new()));
        }
        let (sessions, unreadable) = self.list();
        let found = sessions
            .into_iter()
            .rev()
            .find(|s| pick == Pick::Latest || !s.is_finished());
        match (found, pick) {
            (Some(session), _) => Ok((session, unreadable)),
            (None, Pick::Latest) => Err(StoreError::Empty),
            (None, Pick::LatestUnfinished) => Err(StoreError::NothingToResume),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    Latest,
    LatestUnfinished,
}

fn read(path: &Path) -> Result<Session, StoreError> {
    let text = std::fs::read_to_string(path).map_err(|source| StoreError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let origin = Origin::file(path);
    let session: Session = yaml::parse(&origin, &text).map_err(StoreError::Corrupt)?;
    if session.format_version != session::FORMAT_VERSION {
        let message = format!(
            "session format_version {} is not supported; expected {}",
            session.format_version,
            session::FORMAT_VERSION
        );
        return Err(StoreError::Corrupt(yaml::LoadError::new(
            &origin, None, message,
        )));
    }
    Ok(session)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_cannot_reach_outside_the_sessions_folder() {
        let store = Store::new(PathBuf::from("/tmp/none"));
        for id in ["../../etc/passwd", "a/b", "", ".hidden", "a b"] {
            assert!(matches!(store.load(id), Err(StoreError::BadId(_))), "{id}");
        }
    }
}
