//! Transcripts: where they go, and that user text never breaks them.

use predicates::prelude::*;

use crate::env::{TestEnv, render};
use crate::interview::{TWITTER_ANSWERS, finished_session};

#[test]
fn export_writes_a_file_and_refuses_to_overwrite_it_without_force() {
    let env = TestEnv::new();
    finished_session(&env);
    env.command()
        .args(["export", "-o", "out.md"])
        .assert()
        .success()
        .stderr(predicate::str::contains("written to out.md"));
    assert!(
        env.read("out.md")
            .starts_with("# Mock interview: Twitter\n")
    );
    env.write("out.md", "keep me");
    env.command()
        .args(["export", "-o", "out.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "out.md exists; add --force to overwrite it",
        ));
    assert_eq!(env.read("out.md"), "keep me");
    env.command()
        .args(["export", "-o", "out.md", "--force"])
        .assert()
        .success();
    assert!(
        env.read("out.md")
            .contains("## 7. Identifying and resolving bottlenecks")
    );
}

#[test]
fn start_refuses_an_existing_export_file_before_asking_anything() {
    let env = TestEnv::new();
    env.write("taken.md", "mine");
    let answers = env.write("answers.yaml", TWITTER_ANSWERS);
    env.command()
        .args(["start", "twitter", "--export", "taken.md", "--answers"])
        .arg(&answers)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("taken.md exists"));
    assert!(env.session_ids().is_empty());
}

#[test]
fn hostile_answers_cannot_break_the_document() {
    let env = TestEnv::new();
    let hostile = [
        "```",
        "</details><script>alert(1)</script>",
        "# Injected heading",
        "| a | b |",
        "---",
        "[link](http://example.com)",
        "1. numbered",
    ];
    let yaml = format!(
        "requirements.read_actions: {}\nrequirements.scope: {}\n",
        serde_json::to_string(&hostile).unwrap(),
        serde_json::to_string(hostile[1]).unwrap()
    );
    let answers = env.write("hostile.yaml", &yaml);
    env.command()
        .args(["start", "twitter", "--answers"])
        .arg(&answers)
        .assert()
        .success();
    let transcript = env.run_ok(&["export"]);
    let rendered = render(&transcript);
    assert_eq!(
        rendered.headings.len(),
        10,
        "a user heading leaked: {:?}",
        rendered.headings
    );
    for line in hostile {
        assert!(rendered.text.contains(line), "{line:?} not shown verbatim");
    }
}

#[test]
fn questions_to_the_interviewer_go_into_the_transcript() {
    let env = TestEnv::new();
    let mut process = crate::pty::spawn(&env, &["start", "twitter"]);
    crate::pty::expect(&mut process, "what will you design");
    crate::pty::send_line(&mut process, ":ask can tweets contain photos and videos?");
    crate::pty::expect(&mut process, "Interviewer:");
    crate::pty::send_line(&mut process, ":ask which programming language?");
    crate::pty::expect(&mut process, "leave that to you");
    crate::pty::send_line(&mut process, ":quit");
    crate::pty::expect(&mut process, "Saved.");
    let transcript = env.run_ok(&["export"]);
    assert!(
        transcript.contains("**Questions to the interviewer**"),
        "{transcript}"
    );
    assert!(
        transcript.contains("- *Q:* can tweets contain photos and videos?"),
        "{transcript}"
    );
    assert!(
        transcript.contains("- *Q:* which programming language?  \n  *A:* I'd leave that to you"),
        "{transcript}"
    );
}
