//! What users of command-line tools expect: completions, a man page, colour control, pipes.

use std::process::Stdio;

use predicates::prelude::*;

use crate::env::TestEnv;
use crate::interview::finished_session;

#[test]
fn completions_and_the_man_page_cover_the_commands() {
    let env = TestEnv::new();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let script = env.run_ok(&["completions", shell]);
        assert!(
            script.contains("resume") && script.contains("export"),
            "{shell}: {script}"
        );
    }
    let page = env.run_ok(&["man"]);
    assert!(page.contains(".TH sdcoach 1"), "{page}");
    assert!(page.contains("resume"));
    env.command()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("possible values: bash"));
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let env = TestEnv::new();
    let answers = env.write("a.yaml", "requirements.scope: \":quit\"\n");
    let escape = predicate::str::contains("\u{1b}[");
    env.start_twitter(&answers)
        .success()
        .stderr(escape.clone().not());
    env.command()
        .args(["start", "twitter", "--color", "always", "--answers"])
        .arg(&answers)
        .assert()
        .success()
        .stderr(escape.clone());
    env.command()
        .args(["start", "twitter", "--answers"])
        .arg(&answers)
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .assert()
        .success()
        .stderr(escape);
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    let env = TestEnv::new();
    finished_session(&env);
    let mut child = env
        .std_command()
        .arg("export")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}
