//! Saved sessions: one YAML file each, replaced whole and atomically after every change, and
//! a lock file beside it that the kernel holds for the interview that has the session open.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::content::yaml::{self, Origin};
use crate::interview::session::{self, Session};

// The io errors are sources, so that callers can ask for their kind; the messages quote them
// too, and `app::describe` leaves out a cause that its message already quotes.
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
    #[error(
        "cannot save the session in {path}: {cause}; what was saved before is kept, and `sdcoach resume` goes on from there"
    )]
    Write {
        path: PathBuf,
        #[source]
        cause: std::io::Error,
    },
    #[error(
        "cannot create the session file {path}: {cause}; nothing was saved: make room or fix the folder's permissions (or set {home} to another folder), then start again",
        home = crate::store::dirs::HOME_VAR
    )]
    Create {
        path: PathBuf,
        #[source]
        cause: std::io::Error,
    },
    #[error(
        "cannot create the sessions folder {dir}: {cause}; it must be a folder you can write to"
    )]
    Folder {
        dir: PathBuf,
        #[source]
        cause: std::io::Error,
    },
    #[error("cannot read the sessions folder {dir}: {cause}; it must be a folder you can read")]
    List {
        dir: PathBuf,
        #[source]
        cause: std::io::Error,
    },
    #[error("cannot read {path}: {cause}")]
    Read {
        path: PathBuf,
        #[source]
        cause: std::io::Error,
    },
    #[error("{0}")]
    Corrupt(yaml::LoadError),
    #[error(
        "session `{id}` has answers in {journal} that an older sdcoach saved and this one no longer reads; resume it once with that version to keep them, or delete {journal} to go on from {path} without them"
    )]
    OldJournal {
        id: String,
        path: PathBuf,
        journal: PathBuf,
    },
    #[error(
        "session `{id}` is open in another sdcoach, which holds the lock on {path}; go on in that one, or quit it there and run this command again"
    )]
    Locked { id: String, path: PathBuf },
    #[error(
        "session `{id}` was saved by another sdcoach after this one read {path}; run the command again to go on from what that one saved"
    )]
    Changed { id: String, path: PathBuf },
    #[error(
        "cannot lock session `{id}` with the file {path}: {cause}; the sessions folder must be a folder you can write to"
    )]
    Lock {
        id: String,
        path: PathBuf,
        #[source]
        cause: std::io::Error,
    },
}

impl StoreError {
    /// Whether the user's typing or a damaged file is at fault, rather than the machine.
    pub(crate) fn blames_user(&self) -> bool {
        match self {
            StoreError::Write { .. }
            | StoreError::Create { .. }
            | StoreError::Folder { .. }
            | StoreError::List { .. }
            | StoreError::Lock { .. }
            | StoreError::Changed { .. } => false,
            StoreError::Read { cause, .. } => yaml::is_bad_content(cause),
            _ => true,
        }
    }
}

/// A session file that could not be read, reported beside the ones that could.
#[derive(Debug)]
pub(crate) struct Unreadable {
    pub(crate) path: PathBuf,
    pub(crate) error: StoreError,
}

pub struct Store {
    dir: PathBuf,
    /// Locks taken by `fresh_id` to claim new ids, handed over by `lock`.
    reserved: RefCell<BTreeMap<String, SessionLock>>,
    /// What each session file held when this store last read or wrote it, so that `open`
    /// can tell whether another process saved it in the meantime.
    seen: RefCell<BTreeMap<PathBuf, Fingerprint>>,
    /// Whether each save waits for the disk (fsync) as well as being atomic.
    durable: bool,
}

/// A session file's lock, which the kernel holds for this process until the lock is dropped
/// or the process ends, however it ends: a killed interview leaves no lock to take over.
///
/// The lock is on a file of its own, not on the session file: every save renames a new
/// session file over the old one, and a lock on the old file would guard nothing once it was
/// replaced. The holder removes the lock file before letting go, and whoever locks it checks
/// that the file locked is still the one in the folder (see `try_hold`), so that a lock file
/// stays only for a session that is open, or whose process was killed.
#[derive(Debug)]
pub(crate) struct SessionLock {
    path: PathBuf,
    /// Open for as long as the lock is held: closing it is what lets the lock go.
    _file: File,
}

impl Drop for SessionLock {
    fn drop(&mut self) {
        // Removed while still locked, before the file is closed.
        let _ = std::fs::remove_file(&self.path);
    }
}

/// How an attempt to lock a lock file came out.
enum Attempt {
    Held(SessionLock),
    /// Another process holds it.
    Busy,
    /// Locked only after its holder had removed it from the folder, so it guards nothing.
    Removed,
}

/// Locks `file`, the lock file opened at `path`, if no other process holds it.
fn try_hold(file: File, path: &Path) -> std::io::Result<Attempt> {
    if !lock_exclusively(&file)? {
        return Ok(Attempt::Busy);
    }
    // The holder before may have removed the file and let go of it between this process
    // opening it and locking it; the next one to lock the path then locks another file.
    if !is_at(&file, path)? {
        return Ok(Attempt::Removed);
    }
    Ok(Attempt::Held(SessionLock {
        path: path.to_path_buf(),
        _file: file,
    }))
}

/// `flock(LOCK_EX | LOCK_NB)`: an advisory lock that the kernel drops with the process.
/// False when another open file holds it.
#[cfg(unix)]
fn lock_exclusively(file: &File) -> std::io::Result<bool> {
    use rustix::fs::{FlockOperation, flock};
    match flock(file, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => Ok(true),
        Err(rustix::io::Errno::WOULDBLOCK) => Ok(false),
        Err(err) => Err(err.into()),
    }
}

/// Without `flock` (rustix is a unix dependency), the lock file only claims new ids: a session
/// open in two sdcoach at once is not refused, and the later save wins.
#[cfg(not(unix))]
fn lock_exclusively(_file: &File) -> std::io::Result<bool> {
    Ok(true)
}

/// Whether `file` is the file found at `path`.
#[cfg(unix)]
fn is_at(file: &File, path: &Path) -> std::io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let held = file.metadata()?;
    match std::fs::metadata(path) {
        Ok(found) => Ok((held.dev(), held.ino()) == (found.dev(), found.ino())),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(err) => Err(err),
    }
}

/// Without a lock (see `lock_exclusively`) no lock can have been taken on a removed file.
#[cfg(not(unix))]
fn is_at(_file: &File, _path: &Path) -> std::io::Result<bool> {
    Ok(true)
}

/// A hash of a session file's text; equal hashes are taken to be the same text.
type Fingerprint = u64;

fn fingerprint(text: &str) -> Fingerprint {
    use std::hash::{Hash, Hasher};
    // The same keys throughout one process, which is as long as a fingerprint is kept.
    let mut hasher = std::hash::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

/// Longest problem part of an id, so that the id with its `-N` suffix stays a valid id.
const MAX_SLUG_CHARS: usize = 60;
/// Suffixes tried for an id before giving up on finding a free one; far more than sessions
/// of one problem started in one second.
const MAX_SUFFIX: u32 = 10_000;
/// Times a lock is tried again after its holder let go of it mid-attempt, before the
/// session is taken to be busy.
const MAX_LOCK_ATTEMPTS: usize = 100;

impl Store {
    pub fn new(dir: PathBuf) -> Store {
        Store {
            dir,
            reserved: RefCell::default(),
            seen: RefCell::default(),
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

    fn lock_path(&self, id: &str) -> Result<PathBuf, StoreError> {
        Ok(self.path(id)?.with_extension("lock"))
    }

    /// An id made from the start time and problem, never one already taken. The id is
    /// claimed by creating its lock file (kept until `lock` hands it over): only one process
    /// can create it, so processes starting in the same second all get ids of their own.
    pub(crate) fn fresh_id(&self, session_start: jiff::Timestamp, problem: &str) -> String {
        let base = id_base(session_start, problem);
        // A folder that cannot be made is reported by `open`, with its path.
        if self.create_folder().is_err() {
            return base;
        }
        for n in 1..=MAX_SUFFIX {
            let id = numbered(&base, n);
            match self.claim_unused(&id) {
                Ok(Some(lock)) => {
                    self.reserved.borrow_mut().insert(id.clone(), lock);
                    return id;
                }
                Ok(None) => {}
                // `open` meets the same trouble and reports it with the path.
                Err(_) => return id,
            }
        }
        base
    }

    /// The lock of `id`, if no session has the id and no other process claimed it.
    fn claim_unused(&self, id: &str) -> Result<Option<SessionLock>, StoreError> {
        let path = self.path(id)?;
        if path.exists() {
            return Ok(None);
        }
        let claimed = self.claim(id)?;
        // A session saved and closed between the check above and the claim.
        if path.exists() {
            return Ok(None);
        }
        Ok(claimed)
    }

    /// Creates the lock file of `id` and locks it, or None when it exists already.
    fn claim(&self, id: &str) -> Result<Option<SessionLock>, StoreError> {
        let path = self.lock_path(id)?;
        let failed = lock_error(id, &path);
        let created = File::options().write(true).create_new(true).open(&path);
        let file = match created {
            Ok(file) => file,
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => return Ok(None),
            Err(err) => return Err(failed(err)),
        };
        match try_hold(file, &path).map_err(failed)? {
            Attempt::Held(lock) => Ok(Some(lock)),
            Attempt::Busy | Attempt::Removed => Ok(None),
        }
    }

    fn create_folder(&self) -> Result<(), StoreError> {
        std::fs::create_dir_all(&self.dir).map_err(|cause| StoreError::Folder {
            dir: self.dir.clone(),
            cause,
        })
    }

    /// Marks the session as open in this process until the lock is dropped.
    pub(crate) fn lock(&self, id: &str) -> Result<SessionLock, StoreError> {
        match self.reserved.borrow_mut().remove(id) {
            Some(lock) => Ok(lock),
            None => self.acquire(id),
        }
    }

    fn acquire(&self, id: &str) -> Result<SessionLock, StoreError> {
        let path = self.lock_path(id)?;
        let failed = lock_error(id, &path);
        self.create_folder()?;
        for _ in 0..MAX_LOCK_ATTEMPTS {
            // A lock file left by a killed process is reused: nothing holds it any more.
            let file = File::options()
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(&failed)?;
            match try_hold(file, &path).map_err(&failed)? {
                Attempt::Held(lock) => return Ok(lock),
                Attempt::Busy => break,
                Attempt::Removed => {}
            }
        }
        Err(StoreError::Locked {
            id: id.to_string(),
            path: path.clone(),
        })
    }

    /// Locks the session for this process and saves it whole, as every later save does.
    pub fn open(&self, session: &mut Session) -> Result<OpenSession<'_>, StoreError> {
        let lock = self.lock(&session.id)?;
        self.remove_stale_temporaries();
        let path = self.path(&session.id)?;
        let new = !path.exists();
        if !new {
            self.check_unchanged(&session.id, &path)?;
        }
        let mut open = OpenSession {
            store: self,
            path,
            _lock: lock,
            saved: None,
        };
        match open.save(session) {
            Err(StoreError::Write { path, cause }) if new => {
                Err(StoreError::Create { path, cause })
            }
            saved => saved.map(|()| open),
        }
    }

    /// Refuses a session file that another process saved after this one read it: the
    /// session was loaded before it was locked, and saving it would undo that save.
    fn check_unchanged(&self, id: &str, path: &Path) -> Result<(), StoreError> {
        let text = read_text(path)?;
        if self.seen.borrow().get(path) == Some(&fingerprint(&text)) {
            return Ok(());
        }
        Err(StoreError::Changed {
            id: id.to_string(),
            path: path.to_path_buf(),
        })
    }

    fn remember(&self, path: &Path, text: &str) {
        self.seen
            .borrow_mut()
            .insert(path.to_path_buf(), fingerprint(text));
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

    /// Writes `text` to a temporary file beside `path`, then renames it over `path`, so that
    /// a crash leaves either the previous session file or this one, never half of one.
    fn write_snapshot(&self, path: &Path, text: &str) -> Result<(), StoreError> {
        let failed = write_error(path);
        self.create_folder()?;
        let mut file = tempfile::Builder::new()
            .prefix(TEMPORARY_PREFIX)
            .tempfile_in(&self.dir)
            .map_err(&failed)?;
        // Through the `File`: the temporary file's own `Write` adds its random name to errors.
        file.as_file_mut()
            .write_all(text.as_bytes())
            .map_err(&failed)?;
        if self.durable {
            file.as_file().sync_all().map_err(&failed)?;
        }
        file.persist(path).map_err(|err| failed(err.error))?;
        if self.durable {
            // The rename is kept only once the folder holding it is on the disk too.
            sync_folder(&self.dir).map_err(&failed)?;
        }
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
        self.read(&path)
    }

    /// Every readable session, oldest first, and the files that could not be read. No folder
    /// is no session yet; a folder that cannot be read is an error, not an empty list.
    pub(crate) fn list(&self) -> Result<(Vec<Session>, Vec<Unreadable>), StoreError> {
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
            match self.read(&path) {
                Ok(session) => sessions.push(session),
                Err(error) => unreadable.push(Unreadable { path, error }),
            }
        }
        sessions.sort_by(|a, b| (a.started_at, &a.id).cmp(&(b.started_at, &b.id)));
        Ok((sessions, unreadable))
    }

    /// The given session, or the most recent one that `pick` accepts.
    pub(crate) fn find(
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

    /// The session saved at `path`, remembered as read.
    fn read(&self, path: &Path) -> Result<Session, StoreError> {
        refuse_old_journal(path)?;
        let text = read_text(path)?;
        let session = parse(path, &text)?;
        self.remember(path, &text);
        Ok(session)
    }
}

/// `<problem-start>`: the start time and the problem, as an id's part before any suffix.
fn id_base(session_start: jiff::Timestamp, problem: &str) -> String {
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
    format!("{stamp}-{slug}")
}

/// The `n`th id of a base: the base itself, then `<base>-2`, `<base>-3` ...
fn numbered(base: &str, n: u32) -> String {
    if n == 1 {
        base.to_string()
    } else {
        format!("{base}-{n}")
    }
}

/// Makes the folder's entries, such as a file just renamed into it, as durable as the files.
#[cfg(unix)]
fn sync_folder(dir: &Path) -> std::io::Result<()> {
    match File::open(dir)?.sync_all() {
        // Some file systems cannot sync a folder; the rename is done, and as safe as they
        // make it.
        Err(err) if err.kind() == std::io::ErrorKind::InvalidInput => Ok(()),
        synced => synced,
    }
}

/// Other systems cannot open a folder as a file; their file systems keep renames in order.
#[cfg(not(unix))]
fn sync_folder(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

/// A session open in this process: locked, and saved after every change.
pub struct OpenSession<'a> {
    store: &'a Store,
    path: PathBuf,
    _lock: SessionLock,
    /// The text last saved, so that a save that would change nothing writes nothing.
    saved: Option<String>,
}

/// The start of a temporary file's name; such files are renamed within milliseconds.
const TEMPORARY_PREFIX: &str = ".tmp";
/// The age at which such a file can only be left over from a killed process.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(600);

impl OpenSession<'_> {
    /// Replaces the session file with the whole session, if it changed since the last save.
    pub fn save(&mut self, session: &mut Session) -> Result<(), StoreError> {
        let text = serde_yaml::to_string(&*session)
            .map_err(|err| write_error(&self.path)(std::io::Error::other(err)))?;
        if self.saved.as_ref() == Some(&text) {
            return Ok(());
        }
        self.store.write_snapshot(&self.path, &text)?;
        self.store.remember(&self.path, &text);
        self.saved = Some(text);
        Ok(())
    }

    /// Saves what is left as the interview ends.
    pub fn close(&mut self, session: &mut Session) -> Result<(), StoreError> {
        self.save(session)
    }

    /// The session file, which a rescued copy of the session can be moved to.
    pub(crate) fn path(&self) -> PathBuf {
        self.path.clone()
    }
}

/// Writes the whole session to a new file of its own in the temporary folder, for when its
/// own folder cannot take it; moved over the session file, it is the session as it stood.
pub(crate) fn rescue(session: &Session) -> std::io::Result<PathBuf> {
    let text = serde_yaml::to_string(session).map_err(std::io::Error::other)?;
    let mut file = tempfile::Builder::new()
        .prefix(&format!("sdcoach-{}-", session.id))
        .suffix(".yaml")
        .tempfile_in(std::env::temp_dir())?;
    file.as_file_mut().write_all(text.as_bytes())?;
    file.as_file().sync_all()?;
    let (_, path) = file.keep().map_err(|err| err.error)?;
    Ok(path)
}

fn write_error(path: &Path) -> impl Fn(std::io::Error) -> StoreError {
    move |cause| StoreError::Write {
        path: path.to_path_buf(),
        cause,
    }
}

fn lock_error<'a>(id: &'a str, path: &'a Path) -> impl Fn(std::io::Error) -> StoreError + 'a {
    move |cause| StoreError::Lock {
        id: id.to_string(),
        path: path.to_path_buf(),
        cause,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pick {
    Latest,
    LatestUnfinished,
}

/// Refuses a session whose journal, from a version of sdcoach that saved changes there
/// between snapshots, may hold answers that its session file lacks.
fn refuse_old_journal(path: &Path) -> Result<(), StoreError> {
    let journal = path.with_extension("journal");
    let holds_changes = std::fs::metadata(&journal).is_ok_and(|m| m.len() > 0);
    if !holds_changes {
        return Ok(());
    }
    let id = path.file_stem().unwrap_or_default().to_string_lossy();
    Err(StoreError::OldJournal {
        id: id.into_owned(),
        path: path.to_path_buf(),
        journal,
    })
}

/// The text of the session file at `path`.
fn read_text(path: &Path) -> Result<String, StoreError> {
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
    regular
        .and_then(|()| yaml::read_file(path))
        .map_err(|cause| StoreError::Read {
            path: path.to_path_buf(),
            cause,
        })
}

/// The session in `text`, read from `path`, if this version reads its format.
fn parse(path: &Path, text: &str) -> Result<Session, StoreError> {
    let origin = Origin::file(path);
    let session: Session = yaml::parse(&origin, text).map_err(StoreError::Corrupt)?;
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
    use crate::content::key::prompt_key;

    #[test]
    fn ids_cannot_reach_outside_the_sessions_folder() {
        let store = Store::new(PathBuf::from("/tmp/none"));
        for id in ["../../etc/passwd", "a/b", "", ".hidden", "a b"] {
            assert!(matches!(store.load(id), Err(StoreError::BadId(_))), "{id}");
        }
    }

    /// A store in a folder of its own whose saves skip the wait for the disk, which would
    /// make the tests slow without making them test more.
    fn temp_store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().join("sessions")).without_fsync();
        (dir, store)
    }

    /// Another store on the same folder, as another process has.
    fn other_process(store: &Store) -> Store {
        Store::new(store.dir.clone()).without_fsync()
    }

    #[test]
    fn a_locked_session_is_refused_until_the_lock_is_dropped() {
        let (_dir, store) = temp_store();
        let lock = store.lock("s1").unwrap();
        let lock_file = store.dir.join("s1.lock");
        let err = other_process(&store).lock("s1").unwrap_err();
        let message = err.to_string();
        assert!(
            message.starts_with("session `s1` is open in another sdcoach"),
            "{message}"
        );
        assert!(message.contains("s1.lock"), "{message}");
        assert!(message.contains("quit it there"), "{message}");
        drop(lock);
        assert!(!lock_file.exists(), "removed as it is let go");
        other_process(&store).lock("s1").unwrap();
    }

    #[test]
    fn a_lock_file_left_by_a_killed_process_holds_nothing() {
        let (_dir, store) = temp_store();
        std::fs::create_dir_all(&store.dir).unwrap();
        let lock_file = store.dir.join("s1.lock");
        // What a process killed with its session open leaves: the kernel let go of the lock.
        std::fs::write(&lock_file, "").unwrap();
        let lock = store.lock("s1").unwrap();
        drop(lock);
        assert!(!lock_file.exists());
    }

    #[test]
    fn a_lock_file_removed_by_its_holder_is_not_taken_for_a_lock() {
        let (_dir, store) = temp_store();
        let lock = store.lock("s1").unwrap();
        // Opened by a second process just before the first lets go and removes it.
        let late = File::open(store.dir.join("s1.lock")).unwrap();
        drop(lock);
        let newer = other_process(&store).lock("s1").unwrap();
        let path = store.dir.join("s1.lock");
        assert!(matches!(try_hold(late, &path), Ok(Attempt::Removed)));
        drop(newer);
    }

    #[test]
    fn fresh_ids_skip_ids_claimed_or_saved_by_others() {
        let (_dir, store) = temp_store();
        let now = jiff::Timestamp::from_second(1_800_000_000).unwrap();
        let first = store.fresh_id(now, "twitter");
        // A second process sees the first one's claim before it has saved anything.
        let other = other_process(&store);
        let second = other.fresh_id(now, "twitter");
        assert_eq!(second, format!("{first}-2"));
        // The claim is handed over, not refused, in the process that made it.
        let mut session = blank_session(&first);
        let file = store.open(&mut session).unwrap();
        assert!(matches!(other.lock(&first), Err(StoreError::Locked { .. })));
        drop(file);
        // Saved and closed, the session keeps its id.
        let third = other_process(&store).fresh_id(now, "twitter");
        assert_eq!(third, format!("{first}-3"));
    }

    #[test]
    fn sixteen_stores_claiming_ids_at_once_get_sixteen_ids() {
        let (_dir, store) = temp_store();
        let dir = store.dir.clone();
        let now = jiff::Timestamp::from_second(1_800_000_000).unwrap();
        let start = std::sync::Barrier::new(16);
        let ids: Vec<String> = std::thread::scope(|scope| {
            let runs: Vec<_> = (0..16)
                .map(|_| {
                    scope.spawn(|| {
                        let store = Store::new(dir.clone()).without_fsync();
                        start.wait();
                        let mut session = blank_session(&store.fresh_id(now, "twitter"));
                        store
                            .open(&mut session)
                            .unwrap()
                            .close(&mut session)
                            .unwrap();
                        session.id
                    })
                })
                .collect();
            runs.into_iter().map(|run| run.join().unwrap()).collect()
        });
        let distinct: std::collections::BTreeSet<&String> = ids.iter().collect();
        assert_eq!(distinct.len(), 16, "{ids:?}");
        assert_eq!(files_in(&store), {
            let mut names: Vec<String> = ids.iter().map(|id| format!("{id}.yaml")).collect();
            names.sort();
            names
        });
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
        session.answers.insert(prompt_key(key), text);
    }

    /// The names of the files in the sessions folder, sorted.
    fn files_in(store: &Store) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&store.dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn every_save_replaces_the_session_file_whole() {
        let (_dir, store) = temp_store();
        let mut session = blank_session("s1");
        let mut file = store.open(&mut session).unwrap();
        for n in 0..5 {
            answer(&mut session, &format!("a.q{n}"), &n.to_string());
            session.draft = vec![format!("item {n}")];
            session.steps[0].elapsed_secs += 7;
            file.save(&mut session).unwrap();
            assert_eq!(store.load("s1").unwrap(), session);
            assert_eq!(files_in(&store), ["s1.lock", "s1.yaml"]);
        }
        file.close(&mut session).unwrap();
        drop(file);
        assert_eq!(files_in(&store), ["s1.yaml"]);
        assert_eq!(store.load("s1").unwrap(), session);
    }

    #[cfg(unix)]
    #[test]
    fn saving_what_is_saved_already_writes_nothing() {
        use std::os::unix::fs::MetadataExt;
        let (_dir, store) = temp_store();
        let mut session = blank_session("s1");
        let mut file = store.open(&mut session).unwrap();
        let inode = || std::fs::metadata(store.path("s1").unwrap()).unwrap().ino();
        let before = inode();
        file.save(&mut session).unwrap();
        assert_eq!(inode(), before);
    }

    #[test]
    fn a_save_that_waits_for_the_disk_is_saved_too() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().join("sessions"));
        let mut session = blank_session("s1");
        let mut file = store.open(&mut session).unwrap();
        answer(&mut session, "a.q", "synced");
        file.save(&mut session).unwrap();
        assert_eq!(store.load("s1").unwrap(), session);
    }

    #[test]
    fn a_session_file_with_the_revision_of_older_versions_still_loads() {
        let (_dir, store) = temp_store();
        let mut session = blank_session("s1");
        let mut file = store.open(&mut session).unwrap();
        file.save(&mut session).unwrap();
        drop(file);
        let path = store.path("s1").unwrap();
        let saved = std::fs::read_to_string(&path).unwrap();
        assert!(!saved.contains("revision"), "{saved}");
        std::fs::write(&path, format!("revision: 12\n{saved}")).unwrap();
        assert_eq!(store.load("s1").unwrap(), session);
    }

    #[test]
    fn a_journal_left_by_an_older_version_is_named_not_ignored() {
        let (_dir, store) = temp_store();
        let mut session = blank_session("s1");
        drop(store.open(&mut session).unwrap());
        let journal = store.dir.join("s1.journal");
        std::fs::write(&journal, "{\"revision\": 2, \"changes\": []}\n").unwrap();
        let err = store.load("s1").unwrap_err();
        assert!(matches!(err, StoreError::OldJournal { .. }), "{err}");
        let message = err.to_string();
        assert!(
            message.contains(&journal.display().to_string()),
            "{message}"
        );
        assert!(message.contains("delete"), "{message}");
        // Empty, it holds no answer to lose.
        std::fs::write(&journal, "").unwrap();
        assert_eq!(store.load("s1").unwrap(), session);
    }

    #[test]
    fn a_session_saved_by_another_process_since_it_was_loaded_is_not_overwritten() {
        let (_dir, store) = temp_store();
        let mut session = blank_session("s1");
        drop(store.open(&mut session).unwrap());
        let other = other_process(&store);
        let mut stale = other.load("s1").unwrap();
        let mut file = store.open(&mut session).unwrap();
        answer(&mut session, "a.q", "newer");
        file.save(&mut session).unwrap();
        drop(file);
        let err = other.open(&mut stale).err().unwrap();
        assert!(matches!(err, StoreError::Changed { .. }), "{err}");
        assert_eq!(store.load("s1").unwrap(), session);
        // Read again, it is the other's to go on with.
        let mut fresh = other.load("s1").unwrap();
        other.open(&mut fresh).unwrap();
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
        File::options()
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
    fn a_failed_save_keeps_the_last_one_and_the_next_save_writes_every_change() {
        let (_dir, store) = temp_store();
        let mut session = blank_session("s1");
        let mut file = store.open(&mut session).unwrap();
        let kept = store.load("s1").unwrap();
        // The folder gone and a file in its place: no temporary file can be made there.
        std::fs::rename(&store.dir, store.dir.with_extension("moved")).unwrap();
        std::fs::write(&store.dir, "not a folder").unwrap();
        answer(&mut session, "a.q", "not saved");
        let err = file.save(&mut session).unwrap_err();
        assert!(matches!(err, StoreError::Folder { .. }), "{err}");
        std::fs::remove_file(&store.dir).unwrap();
        std::fs::rename(store.dir.with_extension("moved"), &store.dir).unwrap();
        assert_eq!(store.load("s1").unwrap(), kept);
        file.save(&mut session).unwrap();
        assert_eq!(store.load("s1").unwrap(), session);
    }

    #[test]
    fn a_rescued_session_moved_over_its_file_loads_with_every_change() {
        let (_dir, store) = temp_store();
        let mut session = blank_session("s1");
        let mut file = store.open(&mut session).unwrap();
        let path = store.path("s1").unwrap();
        answer(&mut session, "a.q1", "saved");
        file.save(&mut session).unwrap();
        // Changed since the last save that worked: only the rescue holds this.
        answer(&mut session, "a.q2", "never saved");
        let rescue = rescue(&session).unwrap();
        drop(file);
        std::fs::rename(&rescue, &path).unwrap();
        assert_eq!(store.load("s1").unwrap(), session);
    }

    proptest::proptest! {
        // Each case saves up to a dozen times; with the store's fsync skipped, the cases
        // take a fraction of a second in all.
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn any_answers_survive_being_saved(
            edits in proptest::collection::vec(("[a-c~/]{1,2}\\.[a-c~/]{1,2}", "\\PC{0,8}"), 1..12)
        ) {
            let (_dir, store) = temp_store();
            let mut session = blank_session("s1");
            let mut file = store.open(&mut session).unwrap();
            for (key, text) in &edits {
                if text.is_empty() {
                    session.answers.remove(&prompt_key(key));
                } else {
                    answer(&mut session, key, text);
                }
                file.save(&mut session).unwrap();
            }
            proptest::prop_assert_eq!(store.load("s1").unwrap(), session);
        }
    }
}
