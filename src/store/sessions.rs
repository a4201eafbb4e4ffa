//! Saved sessions: one YAML file each, written atomically after every answer, and a lock
//! file beside it while an interview has the session open.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::content::yaml::{self, Origin};
use crate::interview::session::{self, Session};
use crate::store::journal::{self, Journal};

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
    // The io errors are `cause`, not `source`: the message already says it, and a source
    // would be printed a second time by `{:#}`.
    #[error(
        "cannot save the session in {path}: {cause}; what was saved before is kept, and `sdcoach resume` goes on from there"
    )]
    Write {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("cannot create the session file {path}: {cause}")]
    Create {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error(
        "cannot create the sessions folder {dir}: {cause}; it must be a folder you can write to"
    )]
    Folder { dir: PathBuf, cause: std::io::Error },
    #[error("cannot read the sessions folder {dir}: {cause}; it must be a folder you can read")]
    List { dir: PathBuf, cause: std::io::Error },
    #[error("cannot read {path}: {cause}")]
    Read {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("{0}")]
    Corrupt(yaml::LoadError),
    #[error(
        "session `{id}` is open in another sdcoach ({holder}); quit it there first, or delete {path} if that process is gone"
    )]
    Locked {
        id: String,
        holder: String,
        path: PathBuf,
    },
    #[error(
        "session `{0}` was saved by another sdcoach while this one was loading it; run the command again"
    )]
    Changed(String),
    #[error("cannot lock session `{id}` in {dir}: {cause}")]
    Lock {
        id: String,
        dir: PathBuf,
        cause: std::io::Error,
    },
}

impl crate::error::BadInput for StoreError {
    /// Whether the user's typing or a damaged file is at fault, rather than the machine.
    fn is_bad_input(&self) -> bool {
        match self {
            StoreError::Write { .. }
            | StoreError::Create { .. }
            | StoreError::Folder { .. }
            | StoreError::List { .. }
            | StoreError::Lock { .. }
            | StoreError::Changed(_) => false,
            StoreError::Read { cause, .. } => yaml::is_bad_content(cause),
            _ => true,
        }
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
    /// Locks taken by `fresh_id` to reserve new ids, handed over by `lock`.
    reserved: RefCell<BTreeMap<String, SessionLock>>,
    /// Whether each save waits for the disk (fsync) as well as being atomic.
    durable: bool,
}

/// The session's lock file, held while an interview has it open and removed on drop.
#[derive(Debug)]
pub struct SessionLock {
    path: PathBuf,
}

impl Drop for SessionLock {
    fn drop(&mut self) {
        // Only while it is still ours: a process that found it stale may have taken it over.
        if holder(&self.path) == Some(std::process::id()) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Longest problem part of an id, so that the id with its `-N` suffix stays a valid id.
const MAX_SLUG_CHARS: usize = 60;

impl Store {
    pub fn new(dir: PathBuf) -> Store {
        Store {
            dir,
            reserved: RefCell::default(),
            durable: true,
        }
    }

    /// Saves stay atomic but no longer wait for the disk. For runs from an answers file,
    /// where the file itself is the durable record and a wait per answer would dominate.
    pub fn without_fsync(mut self) -> Store {
        self.durable = false;
        self
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

    /// An id made from the start time and problem, never one already taken. The id is
    /// reserved with its lock (kept until `lock` hands it over), so that two processes
    /// starting in the same second cannot both pick it before either has saved.
    pub fn fresh_id(&self, session_start: jiff::Timestamp, problem: &str) -> String {
        let stamp = session_start.strftime("%Y%m%d-%H%M%S");
        let slug: String = problem
            .chars()
            .take(MAX_SLUG_CHARS)
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        let base = format!("{stamp}-{slug}");
        let mut n = 1;
        loop {
            let id = if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            };
            n += 1;
            let Ok(path) = self.path(&id) else {
                return id;
            };
            if path.exists() {
                continue;
            }
            match self.acquire(&id) {
                Ok(lock) => {
                    self.reserved.borrow_mut().insert(id.clone(), lock);
                    return id;
                }
                Err(StoreError::Locked { .. }) => continue,
                // The folder cannot be written; `save` reports it with the path.
                Err(_) => return id,
            }
        }
    }

    fn create_folder(&self) -> Result<(), StoreError> {
        std::fs::create_dir_all(&self.dir).map_err(|cause| StoreError::Folder {
            dir: self.dir.clone(),
            cause,
        })
    }

    /// Marks the session as open in this process until the lock is dropped. A lock left by
    /// a process that no longer runs (it crashed or was killed) is taken over.
    pub fn lock(&self, id: &str) -> Result<SessionLock, StoreError> {
        match self.reserved.borrow_mut().remove(id) {
            Some(lock) => Ok(lock),
            None => self.acquire(id),
        }
    }

    fn acquire(&self, id: &str) -> Result<SessionLock, StoreError> {
        let path = self.path(id)?.with_extension("lock");
        let lock_err = |cause| StoreError::Lock {
            id: id.to_string(),
            dir: self.dir.clone(),
            cause: without_temporary_name(cause),
        };
        self.create_folder()?;
        let pid = std::process::id();
        let mut took_over = false;
        loop {
            // Written whole beside its place, then linked in without replacing anything: the
            // lock never exists without its pid, and only one process can create it.
            let mut file = self.temporary_file().map_err(lock_err)?;
            file.write_all(pid.to_string().as_bytes())
                .map_err(lock_err)?;
            match file.persist_noclobber(&path) {
                Ok(_) => return Ok(SessionLock { path }),
                Err(err) if err.error.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(err) => return Err(lock_err(err.error)),
            }
            let other = holder(&path);
            if took_over || other.is_some_and(process_alive) {
                return Err(StoreError::Locked {
                    id: id.to_string(),
                    holder: other.map_or("another process".into(), |pid| format!("process {pid}")),
                    path,
                });
            }
            // Stale or unreadable: removed once, then created again. Two processes taking over
            // the same stale lock at the same instant could both succeed; that needs a crash
            // followed by two racing resumes, and is accepted.
            match std::fs::remove_file(&path) {
                Ok(()) => took_over = true,
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => took_over = true,
                Err(err) => return Err(lock_err(err)),
            }
        }
    }

    /// Locks the session for this process and saves it whole; later saves append only
    /// what changed to its journal.
    pub fn open(&self, session: &mut Session) -> Result<OpenSession<'_>, StoreError> {
        let lock = self.lock(&session.id)?;
        self.remove_stale_temporaries();
        let path = self.path(&session.id)?;
        let new = !path.exists();
        // Another process may have saved between this one loading the session and locking it.
        if !new && read(&path)?.revision != session.revision {
            return Err(StoreError::Changed(session.id.clone()));
        }
        let journal = Journal::new(journal::beside(&path), self.durable);
        let mut open = OpenSession {
            store: self,
            _lock: lock,
            journal,
            saved: serde_json::Value::Null,
        };
        match open.snapshot(session) {
            Err(StoreError::Write { path, cause }) if new => {
                Err(StoreError::Create { path, cause })
            }
            saved => saved.map(|()| open),
        }
    }

    /// A file written whole beside its final place, then renamed or linked there.
    fn temporary_file(&self) -> std::io::Result<tempfile::NamedTempFile> {
        tempfile::Builder::new()
            .prefix(TEMPORARY_PREFIX)
            .tempfile_in(&self.dir)
    }

    /// Removes the temporary files that a process killed in the middle of a save left
    /// behind. Only old ones: a young one may be another process's save in progress.
    fn remove_stale_temporaries(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        let stale = |entry: &std::fs::DirEntry| {
            entry
                .file_name()
                .to_string_lossy()
                .starts_with(TEMPORARY_PREFIX)
                && entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|modified| modified.elapsed().is_ok_and(|age| age > STALE_AFTER))
        };
        for entry in entries.flatten().filter(stale) {
            let _ = std::fs::remove_file(entry.path());
        }
    }

    /// Writes the session to a temporary file beside its final place, then renames it over,
    /// so that a crash leaves either the previous snapshot or this one, never half of one.
    fn write_snapshot(&self, session: &Session) -> Result<(), StoreError> {
        let path = self.path(&session.id)?;
        let failed = write_error(path.clone());
        self.create_folder()?;
        let text =
            serde_yaml::to_string(session).map_err(|err| failed(std::io::Error::other(err)))?;
        let mut file = self.temporary_file().map_err(&failed)?;
        file.write_all(text.as_bytes()).map_err(&failed)?;
        if self.durable {
            file.as_file().sync_all().map_err(&failed)?;
        }
        file.persist(&path).map_err(|err| failed(err.error))?;
        Ok(())
    }

    pub fn load(&self, id: &str) -> Result<Session, StoreError> {
        let path = self.path(id)?;
        if !path.exists() {
            let (sessions, _) = self.list()?;
            let suggestion =
                crate::content::catalog::suggest(id, sessions.iter().map(|s| s.id.as_str()));
            return Err(StoreError::NotFound {
                id: id.to_string(),
                suggestion,
            });
        }
        read(&path)
    }

    /// Every readable session, oldest first, and the files that could not be read. No folder
    /// is no session yet; a folder that cannot be read is an error, not an empty list.
    pub fn list(&self) -> Result<(Vec<Session>, Vec<Unreadable>), StoreError> {
        let mut sessions = Vec::new();
        let mut unreadable = Vec::new();
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Ok((sessions, unreadable));
            }
            Err(cause) => {
                return Err(StoreError::List {
                    dir: self.dir.clone(),
                    cause,
                });
            }
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
        Ok((sessions, unreadable))
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
        let (sessions, unreadable) = self.list()?;
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

/// The pid written in a lock file, if it holds one.
fn holder(path: &Path) -> Option<u32> {
    std::fs::read_to_string(path).ok()?.trim().parse().ok()
}

#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return false;
    };
    // Signal 0 only asks whether the process exists; EPERM means it does, as another user's.
    match rustix::process::test_kill_process(pid) {
        Ok(()) => true,
        Err(err) => err == rustix::io::Errno::PERM,
    }
}

/// Without a way to ask, a lock is taken to be held; its error names the file to delete.
#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    true
}

/// A session open in this process: locked, and saved after every change.
pub struct OpenSession<'a> {
    store: &'a Store,
    _lock: SessionLock,
    journal: Journal,
    /// The session as last saved, which the next save is compared with.
    saved: serde_json::Value,
}

/// The start of a temporary file's name; such files are renamed within milliseconds.
const TEMPORARY_PREFIX: &str = ".tmp";
/// The age at which such a file can only be left over from a killed process.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(600);

/// A journal this long is folded into a new snapshot, so that loading stays quick.
const JOURNAL_LIMIT: u64 = 64 * 1024;

impl OpenSession<'_> {
    /// Saves the changes since the last save, if there are any.
    pub fn save(&mut self, session: &mut Session) -> Result<(), StoreError> {
        let failed = write_error(self.journal.path().to_path_buf());
        let mut value = serde_json::to_value(&*session).map_err(|err| failed(err.into()))?;
        if value == self.saved {
            return Ok(());
        }
        let revision = session.revision + 1;
        value["revision"] = revision.into();
        self.journal
            .append(revision, &self.saved, &value)
            .map_err(&failed)?;
        session.revision = revision;
        self.saved = value;
        if self.journal.bytes() > JOURNAL_LIMIT {
            self.fold(session);
        }
        Ok(())
    }

    /// Saves what is left and folds the journal into the session file, as the interview ends.
    pub fn close(&mut self, session: &mut Session) -> Result<(), StoreError> {
        self.save(session)?;
        if self.journal.bytes() > 0 {
            self.fold(session);
        }
        Ok(())
    }

    /// The session file, which a rescued copy of the session can be moved to.
    pub(crate) fn path(&self) -> PathBuf {
        self.journal.path().with_extension("yaml")
    }

    /// Folds the journal into a new snapshot, if the disk lets it. Nothing is lost when it
    /// does not: the journal still holds every change, and the next fold tries again.
    fn fold(&mut self, session: &mut Session) {
        let _ = self.snapshot(session);
    }

    fn snapshot(&mut self, session: &mut Session) -> Result<(), StoreError> {
        session.revision += 1;
        if let Err(err) = self.store.write_snapshot(session) {
            session.revision -= 1;
            return Err(err);
        }
        let failed = write_error(self.journal.path().to_path_buf());
        self.saved = serde_json::to_value(&*session).map_err(|err| failed(err.into()))?;
        self.journal.clear().map_err(failed)
    }
}

/// Writes the whole session to a new file of its own in the temporary folder, for when its
/// own folder cannot take it. Its revision is the last one saved, so that moved over the
/// session file it skips the journal's lines, which it holds already.
pub(crate) fn rescue(session: &Session) -> std::io::Result<PathBuf> {
    let text = serde_yaml::to_string(session).map_err(std::io::Error::other)?;
    let mut file = tempfile::Builder::new()
        .prefix(&format!("sdcoach-{}-", session.id))
        .suffix(".yaml")
        .tempfile_in(std::env::temp_dir())?;
    file.write_all(text.as_bytes())?;
    file.as_file().sync_all()?;
    let (_, path) = file.keep().map_err(|err| err.error)?;
    Ok(path)
}

fn write_error(path: PathBuf) -> impl Fn(std::io::Error) -> StoreError {
    move |cause| StoreError::Write {
        path: path.clone(),
        cause: without_temporary_name(cause),
    }
}

/// The system's own error, without the random name of the temporary file that tempfile adds
/// to it (`... at path "/x/.tmpAb12Cd"`) and that would only puzzle the user.
fn without_temporary_name(err: std::io::Error) -> std::io::Error {
    match err.to_string().rsplit_once(" at path \"") {
        Some((message, _)) if err.get_ref().is_some() => std::io::Error::new(err.kind(), message),
        _ => err,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    Latest,
    LatestUnfinished,
}

/// The session saved at `path`, with the changes in its journal applied.
fn read(path: &Path) -> Result<Session, StoreError> {
    // A FIFO or a device named like a session would block the read for ever.
    let regular = std::fs::metadata(path).and_then(|m| {
        if m.is_file() {
            Ok(())
        } else {
            Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "not a regular file",
            ))
        }
    });
    let text = regular
        .and_then(|()| yaml::read_file(path))
        .map_err(|cause| StoreError::Read {
            path: path.to_path_buf(),
            cause,
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
    let journal_path = journal::beside(path);
    let read_err = |cause| StoreError::Read {
        path: journal_path.clone(),
        cause,
    };
    let Some(text) = journal::read(&journal_path).map_err(read_err)? else {
        return Ok(session);
    };
    let origin = Origin::file(&journal_path);
    let invalid = |err: serde_json::Error| {
        let message = format!("the journal leaves the session invalid: {err}");
        StoreError::Corrupt(yaml::LoadError::new(&origin, None, message))
    };
    let snapshot = serde_json::to_value(&session).map_err(invalid)?;
    let current =
        journal::replay(&origin, &text, snapshot, session.revision).map_err(|mut err| {
            // The snapshot itself is whole; the user can fall back on it.
            let fallback = format!(
                "; deleting this journal leaves the session as saved in {}",
                path.display()
            );
            err.message.push_str(&fallback);
            StoreError::Corrupt(err)
        })?;
    serde_json::from_value(visible_strings(current)).map_err(invalid)
}

/// Every string of a replayed session with its control characters made visible, as the
/// snapshot's are when it is read.
fn visible_strings(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::String(text) => Value::String(crate::text::output::visible(text)),
        Value::Array(items) => Value::Array(items.into_iter().map(visible_strings).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(key, value)| (crate::text::output::visible(key), visible_strings(value)))
                .collect(),
        ),
        scalar => scalar,
    }
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

    fn temp_store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().join("sessions"));
        (dir, store)
    }

    #[test]
    fn a_locked_session_is_refused_until_the_lock_is_dropped() {
        let (_dir, store) = temp_store();
        let lock = store.lock("s1").unwrap();
        let lock_file = store.dir.join("s1.lock");
        assert_eq!(holder(&lock_file), Some(std::process::id()));
        let err = store.lock("s1").unwrap_err();
        let message = err.to_string();
        assert!(
            message.starts_with(&format!(
                "session `s1` is open in another sdcoach (process {})",
                std::process::id()
            )),
            "{message}"
        );
        assert!(message.contains("s1.lock"), "{message}");
        drop(lock);
        assert!(!lock_file.exists());
        store.lock("s1").unwrap();
    }

    #[test]
    fn a_lock_left_by_a_dead_process_is_taken_over() {
        let (_dir, store) = temp_store();
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        std::fs::create_dir_all(&store.dir).unwrap();
        let lock_file = store.dir.join("s1.lock");
        for stale in [dead.to_string(), "not a pid".to_string()] {
            std::fs::write(&lock_file, stale).unwrap();
            let lock = store.lock("s1").unwrap();
            assert_eq!(holder(&lock_file), Some(std::process::id()));
            drop(lock);
        }
    }

    #[test]
    fn fresh_ids_skip_ids_reserved_or_saved_by_others() {
        let (_dir, store) = temp_store();
        let now = jiff::Timestamp::from_second(1_800_000_000).unwrap();
        let first = store.fresh_id(now, "twitter");
        // A second process sees the first one's reservation before it has saved anything.
        let other = Store::new(store.dir.clone());
        let second = other.fresh_id(now, "twitter");
        assert_eq!(second, format!("{first}-2"));
        // The reservation is handed over, not refused, in the process that made it.
        let _lock = store.lock(&first).unwrap();
        assert!(matches!(other.lock(&first), Err(StoreError::Locked { .. })));
    }

    #[test]
    fn long_problem_ids_still_make_valid_session_ids() {
        let (_dir, store) = temp_store();
        let now = jiff::Timestamp::from_second(1_800_000_000).unwrap();
        let id = store.fresh_id(now, &"p".repeat(500));
        assert!(store.path(&id).is_ok(), "{id}");
    }

    fn blank_session(id: &str) -> Session {
        let yaml = format!(
            "format_version: 1\nid: {id}\nproblem: p\nproblem_title: P\nprocedure: s\n\
             started_at: 2026-01-15T10:00:00Z\nupdated_at: 2026-01-15T10:00:00Z\n\
             steps: [{{id: a}}]\nsettings: {{minutes: 45, timer: true, seed: 1}}\n"
        );
        serde_yaml::from_str(&yaml).unwrap()
    }

    fn answer(session: &mut Session, key: &str, text: &str) {
        let text = crate::content::answer::Answer::Text(text.to_string());
        session.answers.insert(key.to_string(), text);
    }

    #[test]
    fn every_save_is_loaded_again_and_closing_folds_the_journal_away() {
        let (_dir, store) = temp_store();
        let mut session = blank_session("s1");
        let mut file = store.open(&mut session).unwrap();
        let journal = journal::beside(&store.path("s1").unwrap());
        for n in 0..5 {
            answer(&mut session, &format!("a.q{n}"), &n.to_string());
            session.steps[0].elapsed_secs += 7;
            file.save(&mut session).unwrap();
            assert_eq!(store.load("s1").unwrap(), session);
        }
        let lines = std::fs::read_to_string(&journal).unwrap().lines().count();
        assert_eq!(lines, 5);
        // Saving what is already saved writes nothing.
        file.save(&mut session).unwrap();
        assert_eq!(
            std::fs::read_to_string(&journal).unwrap().lines().count(),
            5
        );
        file.close(&mut session).unwrap();
        assert!(!journal.exists());
        assert_eq!(store.load("s1").unwrap(), session);
    }

    #[test]
    fn a_long_journal_is_folded_into_a_new_snapshot() {
        let (_dir, store) = temp_store();
        let mut session = blank_session("s1");
        let mut file = store.open(&mut session).unwrap();
        let journal = journal::beside(&store.path("s1").unwrap());
        let long = "x".repeat(10_000);
        let mut sizes = Vec::new();
        for n in 0..20 {
            answer(&mut session, &format!("a.q{n}"), &long);
            file.save(&mut session).unwrap();
            sizes.push(std::fs::metadata(&journal).map_or(0, |m| m.len()));
        }
        assert!(sizes.iter().all(|&size| size <= JOURNAL_LIMIT), "{sizes:?}");
        assert!(sizes.contains(&0), "never folded: {sizes:?}");
        assert_eq!(store.load("s1").unwrap(), session);
    }

    #[test]
    fn a_session_saved_by_another_process_since_it_was_loaded_is_not_overwritten() {
        let (_dir, store) = temp_store();
        let mut session = blank_session("s1");
        let mut file = store.open(&mut session).unwrap();
        let mut stale = store.load("s1").unwrap();
        answer(&mut session, "a.q", "newer");
        file.save(&mut session).unwrap();
        drop(file);
        let err = store.open(&mut stale).err().unwrap();
        assert!(matches!(err, StoreError::Changed(_)), "{err}");
        assert_eq!(store.load("s1").unwrap(), session);
    }

    #[test]
    fn temporary_files_left_by_a_killed_save_are_removed_once_old() {
        let (_dir, store) = temp_store();
        std::fs::create_dir_all(&store.dir).unwrap();
        let (old, young) = (store.dir.join(".tmpOld123"), store.dir.join(".tmpNew456"));
        for path in [&old, &young] {
            std::fs::write(path, "half a session").unwrap();
        }
        let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        std::fs::File::options()
            .write(true)
            .open(&old)
            .unwrap()
            .set_modified(hour_ago)
            .unwrap();
        let mut session = blank_session("s1");
        drop(store.open(&mut session).unwrap());
        assert!(!old.exists());
        assert!(young.exists());
    }

    #[test]
    fn a_journal_cut_anywhere_by_a_crash_loads_as_one_of_its_saves() {
        let (_dir, store) = temp_store();
        let mut session = blank_session("s1");
        let mut file = store.open(&mut session).unwrap();
        let mut saves = vec![session.clone()];
        for (n, text) in ["café", "naïve → 1 €", "日本語"].iter().enumerate() {
            answer(&mut session, &format!("a.q{n}"), text);
            file.save(&mut session).unwrap();
            saves.push(session.clone());
        }
        drop(file);
        let journal = journal::beside(&store.path("s1").unwrap());
        let whole = std::fs::read(&journal).unwrap();
        for cut in 0..=whole.len() {
            std::fs::write(&journal, &whole[..cut]).unwrap();
            let loaded = store
                .load("s1")
                .unwrap_or_else(|err| panic!("cut at byte {cut}: {err}"));
            assert!(saves.contains(&loaded), "cut at byte {cut}");
        }
    }

    #[test]
    fn a_rescued_session_moved_over_its_file_loads_with_every_change() {
        let (_dir, store) = temp_store();
        let mut session = blank_session("s1");
        let mut file = store.open(&mut session).unwrap();
        let path = store.path("s1").unwrap();
        answer(&mut session, "a.q1", "saved in the journal");
        file.save(&mut session).unwrap();
        // Changed since the last save that worked: only the rescue holds this.
        answer(&mut session, "a.q2", "never saved");
        let rescue = rescue(&session).unwrap();
        drop(file);
        assert!(journal::beside(&path).exists());
        std::fs::rename(&rescue, &path).unwrap();
        assert_eq!(store.load("s1").unwrap(), session);
    }

    proptest::proptest! {
        #[test]
        fn any_answers_survive_the_journal(
            edits in proptest::collection::vec(("[a-c~/.]{1,3}", "\\PC{0,8}"), 1..12)
        ) {
            let (_dir, store) = temp_store();
            let mut session = blank_session("s1");
            let mut file = store.open(&mut session).unwrap();
            for (key, text) in &edits {
                if text.is_empty() {
                    session.answers.remove(key);
                } else {
                    answer(&mut session, key, text);
                }
                file.save(&mut session).unwrap();
            }
            proptest::prop_assert_eq!(store.load("s1").unwrap(), session);
        }
    }
}
