//! The real binary in a pseudo-terminal, typed at as a person would.

use std::time::Duration;

use expectrl::process::unix::WaitStatus;
use expectrl::session::OsSession;
use expectrl::{Expect, Session};

use crate::env::{FIRST_ID, TestEnv};

pub(crate) type Pty = OsSession;

pub(crate) fn spawn(env: &TestEnv, args: &[&str]) -> Pty {
    let mut command = env.std_command();
    command.args(args);
    spawn_command(command)
}

pub(crate) fn spawn_command(command: std::process::Command) -> Pty {
    let mut session = Session::spawn(command).expect("spawn sdcoach in a pseudo-terminal");
    session.set_expect_timeout(Some(Duration::from_secs(20)));
    session
}

pub(crate) fn expect(pty: &mut Pty, text: &str) {
    if let Err(err) = pty.expect(text) {
        panic!("expected {text:?} on the terminal: {err}");
    }
}

/// Waits for `needle` and adds everything printed up to it to `log`.
pub(crate) fn expect_logged<N: expectrl::Needle>(pty: &mut Pty, needle: N, log: &mut String) {
    let found = pty
        .expect(needle)
        .unwrap_or_else(|err| panic!("not seen on the terminal: {err}\n{log}"));
    log.push_str(&String::from_utf8_lossy(found.before()));
    log.push_str(&String::from_utf8_lossy(found.get(0).unwrap_or_default()));
}

pub(crate) fn send_line(pty: &mut Pty, line: &str) {
    pty.send_line(line).expect("type a line");
}

/// Ctrl-C at the prompt on screen. It is a signal whenever it comes, so the test need not wait
/// for the prompt to start reading.
pub(crate) fn press_ctrl_c(pty: &mut Pty) {
    pty.send(expectrl::ControlCode::EndOfText)
        .expect("press Ctrl-C");
}

pub(crate) fn exit_code(pty: &Pty) -> Option<i32> {
    match pty.get_process().wait() {
        Ok(WaitStatus::Exited(_, code)) => Some(code),
        _ => None,
    }
}

#[test]
fn hint_ladder_back_quit_and_resume_keep_every_answer() {
    let env = TestEnv::new();
    let mut pty = spawn(&env, &["start", "twitter"]);
    expect(&mut pty, "Step 1/7 - Requirements clarification");
    expect(&mut pty, "what will you design");
    send_line(&mut pty, ":hint");
    expect(&mut pty, "Hint 1/3: Who uses it");
    send_line(&mut pty, ":hint");
    expect(&mut pty, "Hint 2/3: Name the core features");
    send_line(&mut pty, "Tweets, follows and timelines");
    expect(&mut pty, "read actions");
    send_line(&mut pty, "home timeline");
    send_line(&mut pty, "");
    expect(&mut pty, "write actions");
    send_line(&mut pty, ":back");
    expect(&mut pty, "1. home timeline");
    expect(&mut pty, "Enter on an empty line keeps this list");
    send_line(&mut pty, "");
    expect(&mut pty, "write actions");
    send_line(&mut pty, "post a tweet");
    send_line(&mut pty, ":next");
    expect(&mut pty, "Other functional behaviours");
    send_line(&mut pty, ":quit");
    expect(
        &mut pty,
        &format!("Saved. Continue with: sdcoach resume {FIRST_ID}"),
    );
    assert_eq!(exit_code(&pty), Some(0));

    let mut pty = spawn(&env, &["resume"]);
    expect(&mut pty, &format!("Resuming session {FIRST_ID}"));
    expect(&mut pty, "Other functional behaviours");
    send_line(&mut pty, ":quit");
    expect(&mut pty, "Saved.");
    let transcript = env.run_ok(&["export"]);
    for text in [
        "Tweets, follows and timelines",
        "- home timeline",
        "- post a tweet",
        "> Hints used: 2 of 3\n>\n> 1. Who uses it, and for what one thing would they miss it most?\n> 2. Name the core features",
    ] {
        assert!(transcript.contains(text), "{text:?} missing:\n{transcript}");
    }
    let report: serde_json::Value =
        serde_json::from_str(&env.run_ok(&["export", "--json"])).unwrap();
    assert_eq!(
        report["steps"][0]["hints_used"],
        serde_json::json!({"scope": 2})
    );
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
        &format!("Interrupted. Your answers are saved; continue with: sdcoach resume {FIRST_ID}"),
    );
    assert_eq!(exit_code(&pty), Some(130));
    let session =
        std::fs::read_to_string(env.sessions_dir().join(format!("{FIRST_ID}.yaml"))).unwrap();
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
            &format!(
                "Interrupted. Your answers are saved; continue with: sdcoach resume {FIRST_ID}"
            ),
        );
        assert_eq!(exit_code(&pty), Some(130));
    }
}

#[test]
fn no_media_at_the_share_prompt_skips_the_media_size_there_and_back() {
    let env = TestEnv::new();
    let answers = env.write(
        "answers.yaml",
        &format!(
            "{}estimation.media_fraction: \":quit\"\n",
            crate::interview::TWITTER_ANSWERS
        ),
    );
    env.start_twitter(&answers).success();
    let mut pty = spawn(&env, &["resume"]);
    expect(&mut pty, "What share of writes carries media");
    send_line(&mut pty, "0%");
    expect(&mut pty, "How long is the data kept?");
    send_line(&mut pty, ":back");
    expect(&mut pty, "What share of writes carries media");
    // Enter keeps the answer offered again, 0 %: on past the media size once more.
    send_line(&mut pty, "");
    expect(&mut pty, "How long is the data kept?");
    send_line(&mut pty, ":quit");
    expect(&mut pty, "Saved.");
    assert_eq!(exit_code(&pty), Some(0));
    let transcript = env.run_ok(&["export"]);
    assert!(
        !transcript.contains("How large is the media"),
        "{transcript}"
    );
}

#[test]
fn ctrl_z_suspends_with_the_terminal_restored_and_fg_redraws_the_prompt() {
    let env = TestEnv::new();
    // A shell with job control, so that the stopped interview can be brought back.
    let mut command = env.std_command_of("sh");
    command.arg("-i").env("PS1", "$ ");
    let mut pty = spawn_command(command);
    send_line(&mut pty, r#""$SDCOACH" start twitter"#);
    expect(&mut pty, "what will you design");
    pty.send("Only the").unwrap();
    expect(&mut pty, "Only the");
    pty.send(expectrl::ControlCode::Substitute).unwrap();
    expect(&mut pty, "Stopped");
    send_line(
        &mut pty,
        r#"case "$(stty -a)" in *-icanon*) echo KEY""MODE;; *) echo LINE""MODE;; esac"#,
    );
    let mode = pty.expect(expectrl::Regex("(KEY|LINE)MODE")).unwrap();
    assert_eq!(
        mode.get(0),
        Some(&b"LINEMODE"[..]),
        "left in key mode while stopped"
    );
    send_line(&mut pty, "fg");
    expect(&mut pty, "› Only the");
    send_line(&mut pty, " timeline");
    expect(&mut pty, "read actions");
    send_line(&mut pty, ":quit");
    expect(&mut pty, "Saved.");
    send_line(&mut pty, "exit");
    let session =
        std::fs::read_to_string(env.sessions_dir().join(format!("{FIRST_ID}.yaml"))).unwrap();
    assert!(
        session.contains("requirements.scope: Only the timeline"),
        "{session}"
    );
}

#[test]
fn a_dumb_terminal_is_sent_no_escape_sequence() {
    let env = TestEnv::new();
    let mut command = env.std_command();
    command
        .args(["start", "twitter"])
        .env("TERM", "dumb")
        .env_remove("NO_COLOR");
    let mut pty = spawn_command(command);
    let mut log = String::new();
    expect_logged(&mut pty, "what will you design", &mut log);
    send_line(&mut pty, "Only the timeline");
    expect_logged(&mut pty, "read actions", &mut log);
    for line in [":help", ":time", "home timeline", ""] {
        send_line(&mut pty, line);
    }
    expect_logged(&mut pty, "write actions", &mut log);
    send_line(&mut pty, ":quit");
    expect_logged(&mut pty, expectrl::Eof, &mut log);
    assert!(log.contains("Interview: 0:00 of 45:00."), "{log}");
    assert!(log.contains("Saved. Continue with"), "{log}");
    assert!(!log.contains('\x1b'), "escape sequences sent:\n{log:?}");
}

#[test]
fn after_a_resize_hints_and_help_wrap_at_the_new_width() {
    let env = TestEnv::new();
    let mut pty = spawn(&env, &["start", "twitter"]);
    expect(&mut pty, "what will you design");
    pty.get_process_mut().set_window_size(50, 24).unwrap();
    let mut log = String::new();
    for line in [":hint", ":help", ":time"] {
        send_line(&mut pty, line);
    }
    expect_logged(&mut pty, "Interview: 0:00 of 45:00.", &mut log);
    assert!(log.contains("Hint 1/3: Who uses it"), "{log}");
    assert!(log.contains("show this list"), "{log}");
    let plain = console::strip_ansi_codes(&log).to_string();
    for line in plain.split(['\r', '\n']) {
        assert!(
            console::measure_text_width(line) <= 50,
            "wider than the window: {line:?}"
        );
    }
}

#[test]
fn a_command_typed_after_the_earlier_answer_runs_and_leaves_the_answer_as_it_was() {
    let env = TestEnv::new();
    let mut pty = spawn(&env, &["start", "twitter"]);
    expect(&mut pty, "what will you design");
    send_line(&mut pty, "my scope");
    expect(&mut pty, "read actions");
    send_line(&mut pty, ":back");
    expect(&mut pty, "Your earlier answer is on the line to edit");
    // Typed after the earlier answer, which dialoguer leaves on the line.
    send_line(&mut pty, ":hint");
    expect(&mut pty, "Hint 1/3: Who uses it");
    send_line(&mut pty, ":hnt");
    expect(&mut pty, ":hnt is not a command");
    send_line(&mut pty, " :next");
    expect(&mut pty, "read actions");
    send_line(&mut pty, ":quit");
    expect(&mut pty, "Saved.");
    let transcript = env.run_ok(&["export"]);
    assert!(
        transcript.contains("out of scope?**\n\nmy scope\n"),
        "{transcript}"
    );
    assert!(!transcript.contains("my scope:"), "{transcript}");
}

#[test]
fn back_into_a_list_keeps_it_and_adds_the_new_items() {
    let env = TestEnv::new();
    let mut pty = spawn(&env, &["start", "twitter"]);
    expect(&mut pty, "what will you design");
    send_line(&mut pty, "Tweets");
    expect(&mut pty, "read actions");
    send_line(&mut pty, "home timeline");
    send_line(&mut pty, "");
    expect(&mut pty, "write actions");
    send_line(&mut pty, ":back");
    expect(&mut pty, "1. home timeline");
    expect(&mut pty, "2. \u{203a}");
    send_line(&mut pty, "search");
    expect(&mut pty, "3. \u{203a}");
    send_line(&mut pty, "");
    expect(&mut pty, "write actions");
    send_line(&mut pty, ":quit");
    expect(&mut pty, "Saved.");
    let transcript = env.run_ok(&["export"]);
    assert!(
        transcript.contains("- home timeline\n- search\n"),
        "{transcript}"
    );
}

#[test]
fn reveal_at_the_first_score_prompt_says_scoring_unlocks_the_notes() {
    let env = TestEnv::new();
    let answers = env.write(
        "to-score.yaml",
        "requirements.scope: Tweets and timelines\nrequirements.score: \":quit\"\n",
    );
    env.start_twitter(&answers).success();
    let mut pty = spawn(&env, &["resume"]);
    expect(&mut pty, "How would you score this step");
    send_line(&mut pty, ":reveal");
    expect(
        &mut pty,
        "Reference notes unlock once a step is scored: score this one to see them.",
    );
    send_line(&mut pty, "2");
    expect(&mut pty, "Reference notes for step 1");
    send_line(&mut pty, ":quit");
    expect(&mut pty, "Saved.");
}

#[test]
fn a_twist_is_announced_on_the_terminal_and_resumed_with_the_session() {
    let env = TestEnv::new();
    let quit = env.write("quit.yaml", "detailed-design.components: \":quit\"\n");
    env.command()
        .args(["start", "twitter", "--twist=tenfold", "--answers"])
        .arg(&quit)
        .assert()
        .success();
    let mut pty = spawn(&env, &["resume"]);
    expect(
        &mut pty,
        "Interviewer: A constraint changes: Traffic has grown tenfold",
    );
    expect(&mut pty, "Which two or three components");
    send_line(&mut pty, "timeline cache");
    send_line(&mut pty, "");
    expect(&mut pty, "First component: the options");
    send_line(&mut pty, ":quit");
    expect(&mut pty, "Saved.");
    let report: serde_json::Value =
        serde_json::from_str(&env.run_ok(&["export", "--json"])).unwrap();
    assert_eq!(report["twist"]["id"], "tenfold");
}

#[test]
fn a_long_answer_is_recorded_wrapped_between_words_and_a_list_end_says_what_it_did() {
    let env = TestEnv::new();
    let mut pty = spawn(&env, &["start", "twitter"]);
    expect(&mut pty, "what will you design");
    pty.get_process_mut().set_window_size(60, 24).unwrap();
    let mut log = String::new();
    expect_logged(&mut pty, "›", &mut log);
    send_line(
        &mut pty,
        "Tweets, follows, home timeline and likes; search, trends and DMs are out of scope today.",
    );
    expect_logged(&mut pty, "Functional requirements, read actions", &mut log);
    for line in ["home timeline", "profile pages", ""] {
        expect_logged(&mut pty, "›", &mut log);
        send_line(&mut pty, line);
    }
    expect_logged(&mut pty, "Functional requirements, write actions", &mut log);
    let plain = console::strip_ansi_codes(&log).to_string();
    let rows: Vec<&str> = plain.split(['\r', '\n']).collect();
    assert!(
        rows.iter()
            .any(|row| row.ends_with("· Tweets, follows, home timeline"))
            && rows.contains(&"  and likes; search, trends and DMs are out of scope today."),
        "the record wraps between words, indented:\n{plain}"
    );
    assert!(
        plain.contains("✔ 3. · (end of the list: 2 items)"),
        "{plain}"
    );
}
