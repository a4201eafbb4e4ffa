//! The changes made to a session since its last snapshot, one line per save.
//!
//! Replacing the whole session file after every answer made the file system flush each new
//! copy to disk, about half a millisecond apiece; appending a line costs microseconds. Each
//! line holds a revision number and the JSON Patch (RFC 6902) that turns the previous
//! revision into it. Lines at or below the snapshot's revision are skipped, so a crash between
//! writing a snapshot and emptying the journal never applies a change twice.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use json_patch::PatchOperation;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::content::yaml::{LoadError, Origin};

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    revision: u64,
    changes: json_patch::Patch,
}

/// Where the journal of the session snapshot at `snapshot` is kept.
pub fn beside(snapshot: &Path) -> PathBuf {
    snapshot.with_extension("journal")
}

/// A journal being written: created by the first append after a snapshot, removed by
/// `clear` when the next snapshot is taken.
pub struct Journal {
    path: PathBuf,
    file: Option<File>,
    /// Bytes appended since the journal was last cleared.
    bytes: u64,
    /// Whether each append waits for the disk.
    durable: bool,
}

impl Journal {
    pub fn new(path: PathBuf, durable: bool) -> Journal {
        Journal {
            path,
            file: None,
            bytes: 0,
            durable,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// Appends `revision` as the changes from `before` to `after`. A failed append is cut
    /// off again, so that no partial line is left for later lines to be glued to.
    pub fn append(&mut self, revision: u64, before: &Value, after: &Value) -> std::io::Result<()> {
        let entry = Entry {
            revision,
            changes: json_patch::diff(before, after),
        };
        let mut line = serde_json::to_vec(&entry)?;
        line.push(b'\n');
        let file = match &mut self.file {
            Some(file) => file,
            None => self.file.insert(open_for_append(&self.path)?),
        };
        let written = file.write_all(&line).and_then(|()| {
            if self.durable {
                file.sync_data()
            } else {
                Ok(())
            }
        });
        if let Err(err) = written {
            let _ = file.set_len(self.bytes);
            return Err(err);
        }
        self.bytes += line.len() as u64;
        Ok(())
    }

    /// Removes the journal, once a snapshot holds everything in it.
    pub fn clear(&mut self) -> std::io::Result<()> {
        self.file = None;
        self.bytes = 0;
        match std::fs::remove_file(&self.path) {
            Err(err) if err.kind() != std::io::ErrorKind::NotFound => Err(err),
            _ => Ok(()),
        }
    }
}

fn open_for_append(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(path)?;
    // Appends start after whatever is there; a line left unfinished by a crash must not be
    // continued by the next one.
    file.set_len(0)?;
    Ok(file)
}

/// The complete lines of the journal at `path`, if there is one. A last line without its
/// newline was cut short by a crash, perhaps inside a character, and is left out.
pub fn read(path: &Path) -> std::io::Result<Option<String>> {
    let mut bytes = match crate::content::yaml::read_bounded(path) {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        read => read?,
    };
    let complete = bytes
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |end| end + 1);
    bytes.truncate(complete);
    crate::content::yaml::utf8(bytes).map(Some)
}

/// Brings `snapshot`, saved at `revision`, up to date with the journal's complete `lines`
/// (as `read` gives them). Any damage is an error with the line it is on.
pub fn replay(
    origin: &Origin,
    lines: &str,
    mut snapshot: Value,
    mut revision: u64,
) -> Result<Value, LoadError> {
    for (index, line) in lines.lines().enumerate() {
        let at = |message: String| LoadError::new(origin, Some(index + 1), message);
        let entry: Entry = serde_json::from_str(line)
            .map_err(|err| at(format!("this journal line is damaged: {err}")))?;
        // Only what `append` writes: copies could double the session with every line.
        if let Some(op) = entry.changes.iter().find(|op| !WRITTEN.contains(&kind(op))) {
            return Err(at(format!(
                "`{}` at `{}` is not a change sdcoach writes; expected {}",
                kind(op),
                op.path(),
                WRITTEN.join(", ")
            )));
        }
        if entry.revision <= revision {
            continue;
        }
        if entry.revision != revision + 1 {
            return Err(at(format!(
                "revision {} follows revision {revision}; the lines between are missing",
                entry.revision
            )));
        }
        json_patch::patch(&mut snapshot, &entry.changes)
            .map_err(|err| at(format!("this change does not apply to the session: {err}")))?;
        revision = entry.revision;
    }
    Ok(snapshot)
}

/// The kinds of change that `append` writes.
const WRITTEN: [&str; 3] = ["add", "remove", "replace"];

fn kind(op: &PatchOperation) -> &'static str {
    match op {
        PatchOperation::Add(_) => "add",
        PatchOperation::Remove(_) => "remove",
        PatchOperation::Replace(_) => "replace",
        PatchOperation::Move(_) => "move",
        PatchOperation::Copy(_) => "copy",
        PatchOperation::Test(_) => "test",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn origin() -> Origin {
        Origin::file(Path::new("s.journal"))
    }

    fn written(steps: &[(u64, Value, Value)]) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.journal");
        let mut journal = Journal::new(path.clone(), false);
        for (revision, before, after) in steps {
            journal.append(*revision, before, after).unwrap();
        }
        std::fs::read_to_string(path).unwrap()
    }

    #[test]
    fn replaying_the_appended_changes_gives_the_last_state() {
        let states = [
            json!({"revision": 1, "answers": {}}),
            json!({"revision": 2, "answers": {"a": "x"}}),
            json!({"revision": 3, "answers": {"a": "y", "b": ["1", "2"]}}),
        ];
        let text = written(&[
            (2, states[0].clone(), states[1].clone()),
            (3, states[1].clone(), states[2].clone()),
        ]);
        let replayed = replay(&origin(), &text, states[0].clone(), 1).unwrap();
        assert_eq!(replayed, states[2]);
    }

    #[test]
    fn lines_already_in_the_snapshot_are_skipped() {
        let (one, two, three) = (json!({"n": 1}), json!({"n": 2}), json!({"n": 3}));
        let text = written(&[(2, one, two.clone()), (3, two.clone(), three.clone())]);
        // Snapshots taken after the first line, and after both.
        assert_eq!(replay(&origin(), &text, two, 2).unwrap(), three);
        assert_eq!(replay(&origin(), &text, three.clone(), 3).unwrap(), three);
    }

    #[test]
    fn damage_and_gaps_are_reported_with_their_line() {
        let (one, two) = (json!({"n": 1}), json!({"n": 2}));
        let text = written(&[(3, one.clone(), two)]);
        let gap = replay(&origin(), &text, one.clone(), 1).unwrap_err();
        assert_eq!(
            gap.to_string(),
            "s.journal:1: revision 3 follows revision 1; the lines between are missing"
        );
        let copy = r#"{"revision": 2, "changes": [{"op": "copy", "from": "/n", "path": "/m"}]}"#;
        let refused = replay(&origin(), &format!("{copy}\n"), one.clone(), 1).unwrap_err();
        assert_eq!(
            refused.to_string(),
            "s.journal:1: `copy` at `/m` is not a change sdcoach writes; expected add, remove, replace"
        );
        let damaged = replay(&origin(), "{\"revision\": 2}\n", one, 1).unwrap_err();
        assert!(
            damaged
                .to_string()
                .starts_with("s.journal:1: this journal line is damaged: missing field `changes`"),
            "{damaged}"
        );
    }
}
