//! Text from answers, problem files, session files and the command line never drives the
//! terminal: its control characters come out as visible text, on every path to the screen
//! and into exported files.

use predicates::prelude::*;

use crate::env::{FIRST_ID, TestEnv};
use crate::pty::{self, expect, send_line};

/// A clipboard write, a window title, a terminal reset, the line-drawing character set and a
/// C1 "clear screen", as YAML writes them in a double-quoted string.
const HOSTILE: &str = r#"\e]52;c;aGk=\a \e]0;owned\a \ec \e(0 \u009b2J"#;
/// The same characters as they are meant to come out: shown, not sent.
const SHOWN: &str = r"\x1b]52;c;aGk=\x07 \x1b]0;owned\x07 \x1bc \x1b(0 \x9b2J";
/// The characters themselves.
const RAW: &str = "\x1b]52;c;aGk=\x07 \x1b]0;owned\x07 \x1bc \x1b(0 \u{9b}2J";

/// No control character but line breaks and tabs.
fn assert_inert(text: &str, what: &str) {
    let unsafe_char = text
        .chars()
        .find(|c| c.is_control() && *c != '\n' && *c != '\t');
    assert_eq!(
        unsafe_char, None,
        "{what} sends a control character:\n{text:?}"
    );
}

fn stdout_of(env: &TestEnv, args: &[&str]) -> String {
    let text = env.run_ok(args);
    assert_inert(&text, &format!("{args:?}"));
    text
}

#[test]
fn escapes_in_an_answers_file_are_shown_in_the_run_and_in_every_export() {
    let env = TestEnv::new();
    let answers = env.write(
        "a.yaml",
        &format!("requirements.scope: \"tweets {HOSTILE}\"\n"),
    );
    let run = env.start_twitter(&answers).success();
    let said = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert_inert(&said, "the run");
    assert!(said.contains(&format!("  > tweets {SHOWN}")), "{said}");

    let transcript = stdout_of(&env, &["export"]);
    env.run_ok(&["export", "-o", "t.md"]);
    assert_eq!(
        env.read("t.md"),
        transcript,
        "the file is what stdout shows"
    );
    let rendered = crate::env::render(&transcript).text;
    assert!(rendered.contains(&format!("tweets {SHOWN}")), "{rendered}");

    let json = stdout_of(&env, &["export", "--json"]);
    let report: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(
        report["steps"][0]["answers"]["scope"],
        format!("tweets {SHOWN}"),
        "the answer is kept as it was shown"
    );
}

/// A problem file whose id, title and statement carry escapes.
fn hostile_problem(env: &TestEnv) -> String {
    let problem = format!(
        "format_version: 1\nid: \"evil{HOSTILE}\"\ntitle: \"Title {HOSTILE}\"\ndifficulty: easy\nstatement: \"Statement {HOSTILE}\"\n"
    );
    env.write("evil.yaml", &problem).display().to_string()
}

#[test]
fn escapes_in_a_problem_file_are_shown_in_list_start_and_the_template() {
    let env = TestEnv::new();
    let problem = hostile_problem(&env);
    let list = stdout_of(&env, &["--problem", &problem, "list"]);
    assert!(list.contains(r"Title \x1b]52;c;aGk=\x07"), "{list}");
    stdout_of(&env, &["--problem", &problem, "list", "--json"]);

    let template = stdout_of(&env, &["--problem", &problem, "start", "--template"]);
    assert!(
        template.starts_with(&format!(
            "# Answers for the mock interview: Title {SHOWN} (evil{SHOWN})\n"
        )),
        "{template}"
    );

    let answers = env.write("empty.yaml", "");
    let run = env
        .command()
        .args(["--problem", &problem, "start", "--answers"])
        .arg(&answers)
        .assert()
        .success();
    let said = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert_inert(&said, "the run");
    assert!(
        said.starts_with(&format!(
            "Mock interview: Title {SHOWN}\n\nStatement {SHOWN}\n"
        )),
        "{said}"
    );
}

#[test]
fn escapes_in_a_problem_id_are_shown_in_sessions_and_history() {
    let env = TestEnv::new();
    let problem = hostile_problem(&env);
    let answers = env.write("empty.yaml", "");
    env.command()
        .args(["--problem", &problem, "start", "--answers"])
        .arg(&answers)
        .assert()
        .success();
    let sessions = stdout_of(&env, &["sessions"]);
    let row = sessions.lines().nth(1).unwrap_or_default();
    assert!(
        row.contains(&format!("  evil{SHOWN}  2026-01-15 10:00")),
        "{sessions}"
    );
    let column = |line: &str, word: &str| line.find(word).map(|at| line[..at].chars().count());
    let header = sessions.lines().next().unwrap_or_default();
    assert_eq!(
        column(header, "STATUS"),
        column(row, "finished"),
        "columns line up:\n{sessions}"
    );
    let history = stdout_of(&env, &["history"]);
    assert!(history.contains(&format!("  evil{SHOWN}  ")), "{history}");
    for args in [&["sessions", "--json"][..], &["history", "--json"]] {
        let json = stdout_of(&env, args);
        assert!(json.contains(r#"evil\\x1b]52;c;aGk=\\x07"#), "{json}");
        assert!(json.contains(r"\\x9b2J"), "{json}");
    }
}

#[test]
fn calc_shows_escapes_in_its_expression() {
    let env = TestEnv::new();
    env.command()
        .args(["calc", "2 *", RAW])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!("'2 * {SHOWN}'")))
        .stderr(predicate::function(|err: &str| {
            assert_inert(err, "calc");
            true
        }));
}

#[test]
fn the_resume_screen_shows_escapes_in_saved_answers() {
    let env = TestEnv::new();
    let mut pty = pty::spawn(&env, &["start", "twitter"]);
    expect(&mut pty, "what will you design");
    send_line(&mut pty, "plain scope");
    expect(&mut pty, "read actions");
    send_line(&mut pty, "plain item");
    send_line(&mut pty, ":quit");
    expect(&mut pty, "Saved.");
    assert_eq!(pty::exit_code(&pty), Some(0));
    // The session file as another program, or a damaged disk, could leave it.
    let file = env.sessions_dir().join(format!("{FIRST_ID}.yaml"));
    let saved = std::fs::read_to_string(&file).unwrap();
    let hostile = saved
        .replace("plain scope", &format!("\"scope {HOSTILE}\""))
        .replace("plain item", &format!("\"item {HOSTILE}\""));
    std::fs::write(&file, hostile).unwrap();

    let mut pty = pty::spawn(&env, &["resume"]);
    let mut log = String::new();
    pty::expect_logged(&mut pty, format!("1. item {SHOWN}").as_str(), &mut log);
    send_line(&mut pty, "");
    pty::expect_logged(&mut pty, "write actions", &mut log);
    send_line(&mut pty, ":back");
    send_line(&mut pty, ":back");
    pty::expect_logged(&mut pty, format!("› scope {SHOWN}").as_str(), &mut log);
    pty::press_ctrl_c(&mut pty);
    pty::expect_logged(&mut pty, "Interrupted.", &mut log);
    for raw in ["\x1b]", "\x07", "\x1bc", "\x1b(", "\u{9b}"] {
        assert!(!log.contains(raw), "{raw:?} reached the terminal:\n{log:?}");
    }
}

#[test]
fn with_colour_on_only_sdcoachs_own_styles_reach_the_terminal() {
    let env = TestEnv::new();
    let answers = env.write(
        "a.yaml",
        &format!(
            "requirements.scope: \"tweets {HOSTILE}\"\nrequirements.read_actions: \"\\e[31mred\"\n"
        ),
    );
    let run = env
        .command()
        .args(["--color", "always", "start", "twitter", "--answers"])
        .arg(&answers)
        .assert()
        .success();
    let said = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(
        said.contains("\x1b[1mMock interview: Twitter\x1b[0m"),
        "{said:?}"
    );
    assert!(said.contains(&format!("tweets {SHOWN}")), "{said:?}");
    for raw in ["\x1b]", "\x07", "\x1bc", "\x1b(", "\u{9b}"] {
        assert!(!said.contains(raw), "{raw:?} reached the terminal");
    }
    // A colour of sdcoach's own palette is no more the file's to send than a reset.
    assert!(said.contains(r"> \x1b[31mred"), "{said:?}");
    assert!(!said.contains("\x1b[31mred"), "{said:?}");
}
