//! A hermetic environment for running the real binary: its own home and data folders, no
//! colour, and a fixed clock that moves on between commands.

use std::cell::Cell;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use jiff::{SignedDuration, Timestamp};

/// `SDCOACH_NOW` of an environment's first command. Each command built after it runs an hour
/// later, as if the user came back to it, so sessions started by successive commands have
/// start times and ids of their own, in order. An hour is more than a scripted interview's
/// ticking clock spends, so a command never starts before the one before it ended.
pub(crate) const NOW: &str = "2026-01-15T10:00:00Z";
const BETWEEN_COMMANDS: SignedDuration = SignedDuration::from_hours(1);

/// The id of a twitter session started by an environment's first command.
pub(crate) const FIRST_ID: &str = "20260115-100000-twitter";

pub(crate) struct TestEnv {
    dir: tempfile::TempDir,
    /// Commands built so far.
    commands: Cell<i32>,
}

impl TestEnv {
    pub(crate) fn new() -> TestEnv {
        let env = TestEnv {
            dir: tempfile::tempdir().expect("temporary folder"),
            commands: Cell::new(0),
        };
        std::fs::create_dir_all(env.home()).expect("create home");
        env
    }

    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    /// `SDCOACH_HOME`: sessions and the user's own procedures.
    pub(crate) fn home(&self) -> PathBuf {
        self.root().join("sdcoach-home")
    }

    pub(crate) fn sessions_dir(&self) -> PathBuf {
        self.home().join("sessions")
    }

    /// The binary with a clean environment, run from the temporary folder.
    pub(crate) fn command(&self) -> Command {
        let mut command = Command::new(assert_cmd::cargo::cargo_bin!("sdcoach"));
        self.apply(command.env_clear());
        command
    }

    /// The same environment for a `std::process::Command` (used for the pseudo-terminal).
    pub(crate) fn std_command(&self) -> std::process::Command {
        self.std_command_of(assert_cmd::cargo::cargo_bin!("sdcoach"))
    }

    /// Another program in the same environment, with `SDCOACH` naming the binary, for shell
    /// scripts that run it.
    pub(crate) fn std_command_of(
        &self,
        program: impl AsRef<std::ffi::OsStr>,
    ) -> std::process::Command {
        let mut command = std::process::Command::new(program);
        command.env_clear();
        command.env("SDCOACH", assert_cmd::cargo::cargo_bin!("sdcoach"));
        for (key, value) in self.vars() {
            command.env(key, value);
        }
        command.env("TERM", "xterm").current_dir(self.root());
        command
    }

    fn apply<'a>(&self, command: &'a mut Command) -> &'a mut Command {
        for (key, value) in self.vars() {
            command.env(key, value);
        }
        command.current_dir(self.root())
    }

    /// The `SDCOACH_NOW` the next command built gets.
    pub(crate) fn next_now(&self) -> Timestamp {
        let start: Timestamp = NOW.parse().expect("NOW is a time");
        start + BETWEEN_COMMANDS * self.commands.get()
    }

    /// The id a session of `problem` started by the next command built gets.
    pub(crate) fn next_id(&self, problem: &str) -> String {
        format!("{}-{problem}", self.next_now().strftime("%Y%m%d-%H%M%S"))
    }

    /// The variables of one more command, whose clock is on from the one before.
    fn vars(&self) -> Vec<(&'static str, String)> {
        let now = self.next_now();
        self.commands.set(self.commands.get() + 1);
        vec![
            ("HOME", self.root().display().to_string()),
            ("SDCOACH_HOME", self.home().display().to_string()),
            ("NO_COLOR", "1".into()),
            ("SDCOACH_NOW", now.to_string()),
            ("PATH", std::env::var("PATH").unwrap_or_default()),
        ]
    }

    pub(crate) fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.root().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folder");
        }
        std::fs::write(&path, text).expect("write file");
        path
    }

    pub(crate) fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.root().join(name)).expect("read file")
    }

    /// The ids of the saved sessions, sorted.
    pub(crate) fn session_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = std::fs::read_dir(self.sessions_dir())
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| e.path())
                    .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
                    .filter_map(|path| path.file_stem().map(|s| s.to_string_lossy().into_owned()))
                    .collect()
            })
            .unwrap_or_default();
        ids.sort();
        ids
    }

    /// `sdcoach start twitter --answers FILE`, the interview most tests run.
    pub(crate) fn start_twitter(&self, answers: &Path) -> assert_cmd::assert::Assert {
        self.twitter(answers).assert()
    }

    /// The same interview with a clock that steps on by `tick` at every read, so that its
    /// steps take time.
    pub(crate) fn start_twitter_ticking(
        &self,
        answers: &Path,
        tick: &str,
    ) -> assert_cmd::assert::Assert {
        self.twitter(answers).env("SDCOACH_TICK", tick).assert()
    }

    fn twitter(&self, answers: &Path) -> Command {
        let mut command = self.command();
        command.args(["start", "twitter", "--answers"]).arg(answers);
        command
    }

    /// `text` with this environment's temporary folder shown as `[TEMP]`, the same in every
    /// run, for snapshots.
    pub(crate) fn redacted(&self, text: &str) -> String {
        text.replace(&self.root().display().to_string(), "[TEMP]")
    }

    /// Runs the command and returns its standard output, failing on a non-zero exit.
    pub(crate) fn run_ok(&self, args: &[&str]) -> String {
        let output = self.command().args(args).output().expect("run sdcoach");
        assert!(
            output.status.success(),
            "sdcoach {args:?} failed: {}\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("UTF-8 output")
    }
}

/// Fails, showing `text`, unless every one of `parts` is in it.
pub(crate) fn assert_contains_all(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(text.contains(part), "{part:?} missing:\n{text}");
    }
}

/// Plain text of Markdown as a reader sees it, with the headings listed separately.
pub(crate) struct Rendered {
    pub text: String,
    pub headings: Vec<(u8, String)>,
}

pub(crate) fn render(markdown: &str) -> Rendered {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut text = String::new();
    let mut headings = Vec::new();
    let mut heading: Option<(u8, String)> = None;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level as u8, String::new()))
            }
            Event::End(TagEnd::Heading(_)) => headings.extend(heading.take()),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, title)) = heading.as_mut() {
                    title.push_str(&t);
                }
                text.push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push('\n'),
            Event::Html(html) | Event::InlineHtml(html) => {
                panic!("raw HTML in the transcript: {html}")
            }
            _ => {}
        }
    }
    Rendered { text, headings }
}
