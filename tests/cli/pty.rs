//! The real binary in a pseudo-terminal, typed at as a person would.

use std::time::Duration;

use expectrl::process::unix::WaitStatus;
use expectrl::session::OsSession;
use expectrl::{Expect, Session};

use crate::env::TestEnv;

pub type Pty = OsSession;

pub fn spawn(env: &TestEnv, args: &[&str]) -> Pty {
    let mut command = env.std_command();
    command.args(args);
    spawn_command(command)
}

pub fn spawn_command(command: std::process::Command) -> Pty {
    let mut session = Session::spawn(command).expect("spawn sdcoach in a pseudo-terminal");
    session.set_expect_timeout(Some(Duration::from_secs(20)));
    session
}

pub fn expect(pty: &mut Pty, text: &str) {
    if let Err(err) = pty.expect(text) {
        panic!("expected {text:?} on the terminal: {err}");
    }
}

/// Waits for `needle` and adds everything printed up to it to `log`.
pub fn expect_logged<N: expectrl::Needle>(pty: &mut Pty, needle: N, log: &mut String) {
    let found = pty
        .expect(needle)
        .unwrap_or_else(|err| panic!("not seen on the terminal: {err}\n{log}"));
    log.push_str(&String::from_utf8_lossy(found.before()));
    log.push_str(&String::from_utf8_lossy(found.get(0).unwrap_or_default()));
}

pub fn send_line(pty: &mut Pty, line: &str) {
    pty.send_line(line).expect("type a line");
}

/// Ctrl-C at the prompt on screen. The question is printed a moment before the input
/// switches the terminal to raw mode; a Ctrl-C in between only sets the interrupt flag, and
/// the read then waits for another key. A person never types that fast, so the test waits
/// until the prompt is reading.
pub fn press_ctrl_c(pty: &mut Pty) {
    std::thread::sleep(Duration::from_millis(300));
    pty.send(expectrl::ControlCode::EndOfText)
        .expect("press Ctrl-C");
}

pub fn exit_code(pty: &Pty) -> Option<i32> {
    match pty.get_process().wait() {
        Ok(WaitStatus::Exited(_, code)) => Some(code),
        _ => None,
    }
}

#[test]
fn hint_back_quit_and_resume_keep_every_answer() {
    let env = TestEnv::new();
    let mut pty = spawn(&env, &["start", "twitter"]);
    expect(&mut pty, "Step 1/7 - Requirements clarification");
    expect(&mut pty, "what will you design");
    send_line(&mut pty, ":hint");
    expect(&mut pty, "Hint: Name the core features");
    send_line(&mut pty, "Tweets, follows and timelines");
    expect(&mut pty, "read actions");
    send_line(&mut pty, "home timeline");
    send_line(&mut pty, "");
    expect(&mut pty, "write actions");
    send_line(&mut pty, ":back");
    expect(&mut pty, "Your answer so far: home timeline.");
    send_line(&mut pty, "");
    expect(&mut pty, "write actions");
    send_line(&mut pty, "post a tweet");
    send_line(&mut pty, ":next");
    expect(&mut pty, "Other functional behaviours");
    send_line(&mut pty, ":quit");
    expect(
        &mut pty,
        "Saved. Continue with: sdcoach resume 20260115-100000-twitter",
    );
    assert_eq!(exit_code(&pty), Some(0));

    let mut pty = spawn(&env, &["resume"]);
    expect(&mut pty, "Resuming session 20260115-100000-twitter");
    expect(&mut pty, "Other functional behaviours");
    send_line(&mut pty, ":quit");
    expect(&mut pty, "Saved.");
    let transcript = env.run_ok(&["export"]);
    for text in [
        "Tweets, follows and timelines",
        "- home timeline",
        "- post a tweet",
        "> Hint used: Name the core features",
    ] {
        assert!(transcript.contains(text), "{text:?} missing:\n{transcript}");
    }
}

#[test]
fn empty_answers_and_unknown_commands_are_explained_not_stored() {
    let env = TestEnv::new();
    let mut pty = spawn(&env, &["start", "twitter"]);
    expect(&mut pty, "what will you design");
    send_line(&mut pty, "");
    expect(&mut pty, "An empty answer is not recorded");
    send_line(&mut pty, ":frobnicate");
    expect(&mut pty, ":frobnicate is not a command; :help lists them");
    send_line(&mut pty, ":help");
    expect(&mut pty, ":quit");
    send_line(&mut pty, ":skip");
    expect(&mut pty, "read actions");
    send_line(&mut pty, ":quit");
    expect(&mut pty, "Saved.");
    let transcript = env.run_ok(&["export"]);
    assert!(transcript.contains("**In a sentence or two, what will you design, and what is out of scope?**\n\n*Skipped.*"), "{transcript}");
}

#[test]
fn ctrl_c_saves_restores_the_cursor_and_exits_130() {
    let env = TestEnv::new();
    let mut pty = spawn(&env, &["start", "twitter"]);
    expect(&mut pty, "what will you design");
    send_line(&mut pty, "Only the timeline");
    expect(&mut pty, "read actions");
    press_ctrl_c(&mut pty);
    expect(
        &mut pty,
        "Interrupted. Your answers are saved; continue with: sdcoach resume 20260115-100000-twitter",
    );
    assert_eq!(exit_code(&pty), Some(130));
    let session =
        std::fs::read_to_string(env.sessions_dir().join("20260115-100000-twitter.yaml")).unwrap();
    assert!(
        session.contains("requirements.scope: Only the timeline"),
        "{session}"
    );
    assert!(
        session.contains("cursor: requirements.read_actions"),
        "{session}"
    );
}

#[test]
fn edit_takes_a_long_answer_from_the_editor() {
    let env = TestEnv::new();
    let editor = env.write(
        "fake-editor.sh",
        "#!/bin/sh\nprintf 'Written in the editor\\nover two lines\\n' > \"$1\"\n",
    );
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let mut command = env.std_command();
    command.args(["start", "twitter"]).env("EDITOR", &editor);
    let mut pty = Session::spawn(command).expect("spawn sdcoach in a pseudo-terminal");
    pty.set_expect_timeout(Some(Duration::from_secs(20)));
    expect(&mut pty, "what will you design");
    send_line(&mut pty, ":edit");
    expect(&mut pty, "read actions");
    send_line(&mut pty, ":quit");
    expect(&mut pty, "Saved.");
    let transcript = env.run_ok(&["export"]);
    assert!(
        transcript.contains("Written in the editor  \nover two lines"),
        "{transcript}"
    );
}

#[test]
fn ctrl_c_the_moment_a_question_appears_still_saves_and_exits() {
    for _ in 0..5 {
        let env = TestEnv::new();
        let mut pty = spawn(&env, &["start", "twitter"]);
        expect(&mut pty, "what will you design");
        pty.send(expectrl::ControlCode::EndOfText).unwrap();
        expect(
            &mut pty,
            "Interrupted. Your answers are saved; continue with: sdcoach resume 20260115-100000-twitter",
        );
        assert_eq!(exit_code(&pty), Some(130));
    }
}
