//! Malformed and oversized input of every kind: each is refused with exit code 2 and a message
//! that says what was wrong, and none takes long or panics.

use std::time::{Duration, Instant};

/// Longer than any refusal may take even on a loaded machine; past it, the input hung.
const HANG: Duration = Duration::from_secs(5);

use crate::env::{FIRST_ID, TestEnv};
use crate::interview::finished_session;

/// Runs sdcoach and checks that it refused the input: exit code 2, `expected` in what it
/// printed (`validate` reports on stdout, the others on stderr), no panic, and an answer
/// within two seconds.
fn refused(env: &TestEnv, args: &[&str], expected: &str) {
    let started = Instant::now();
    let output = env
        .command()
        .args(args)
        .timeout(Duration::from_secs(10))
        .output()
        .expect("run sdcoach");
    let elapsed = started.elapsed();
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(output.status.code(), Some(2), "{args:?}: {printed}");
    assert!(
        printed.contains(expected),
        "{args:?}: {expected:?} missing in {printed}"
    );
    assert!(!printed.contains("panicked"), "{args:?}: {printed}");
    // A guard against hanging, not a speed measurement (the benchmarks measure speed): the
    // bound is loose enough for a busy machine.
    assert!(elapsed < HANG, "{args:?} took {elapsed:?}");
}

/// Nine levels of ten aliases each: a billion strings once expanded.
fn billion_laughs(first_line: &str) -> String {
    let mut text = format!("{first_line}\nx0: &a0 [lol]\n");
    for level in 1..10 {
        let refs = vec![format!("*a{}", level - 1); 10].join(", ");
        text.push_str(&format!("x{level}: &a{level} [{refs}]\n"));
    }
    text
}

fn start_with_answers(env: &TestEnv, name: &str, text: &str, expected: &str) {
    let path = env.write(name, text);
    let path = path.display().to_string();
    refused(env, &["start", "twitter", "--answers", &path], expected);
}

#[test]
fn malformed_answers_files_are_refused_with_what_was_wrong() {
    let env = TestEnv::new();
    let big = format!("requirements.scope: x\n#{}\n", "#".repeat(1024 * 1024));
    let long_answer = format!("requirements.scope: {}\n", "y".repeat(64 * 1024 + 1));
    for (name, text, expected) in [
        (
            "big.yaml",
            big.as_str(),
            "big.yaml: the file is larger than 1048576 bytes",
        ),
        (
            "long.yaml",
            long_answer.as_str(),
            "the answer to `requirements.scope` is not valid: This answer is 65537 bytes; an answer may be at most 65536 bytes",
        ),
        (
            "quantity.yaml",
            "estimation.dau: 5 parsecs\n",
            "the answer to `estimation.dau` is not valid",
        ),
        (
            "choice.yaml",
            "requirements.consistency: sometimes\n",
            "the answer to `requirements.consistency` is not valid",
        ),
        (
            "shape.yaml",
            "requirements.scope: {a: 1}\n",
            "`requirements.scope`: expected text, a list of texts, or true/false; found a mapping",
        ),
        (
            "list.yaml",
            "- a\n- b\n",
            "list.yaml:1:1: invalid type: sequence",
        ),
        (
            "deep.yaml",
            &format!("requirements.scope: {}", "[".repeat(5000)),
            "deep.yaml:1: brackets are nested more than 1000 deep",
        ),
    ] {
        start_with_answers(&env, name, text, expected);
    }
    start_with_answers(
        &env,
        "laughs.yaml",
        &billion_laughs("requirements.scope: x"),
        "repetition limit exceeded",
    );
    let latin1 = env.root().join("latin1.yaml");
    std::fs::write(&latin1, b"requirements.scope: caf\xe9\n").unwrap();
    refused(
        &env,
        &[
            "start",
            "twitter",
            "--answers",
            &latin1.display().to_string(),
        ],
        "is not UTF-8 text (byte 23 is not valid)",
    );
}

#[test]
fn malformed_problem_and_procedure_files_are_refused() {
    let env = TestEnv::new();
    let problem = env.write("laughs.yaml", &billion_laughs("format_version: 1"));
    refused(&env, &["validate", &problem.display().to_string()], "");
    let big = env.write("big.yaml", &"#".repeat(1024 * 1024 + 1));
    for option in ["--problem", "--procedure"] {
        refused(
            &env,
            &[option, &big.display().to_string(), "list"],
            "big.yaml: cannot read it: the file is larger than 1048576 bytes",
        );
    }
    let deep = env.write("deep.yaml", &format!("id: {}", "{".repeat(100_000)));
    refused(
        &env,
        &["--problem", &deep.display().to_string(), "list"],
        "deep.yaml:1: brackets are nested more than 1000 deep",
    );
}

#[test]
fn damaged_session_files_are_refused_by_name() {
    let env = TestEnv::new();
    finished_session(&env);
    let sessions = env.sessions_dir();
    std::fs::write(sessions.join("big.yaml"), "#".repeat(1024 * 1024 + 1)).unwrap();
    refused(
        &env,
        &["export", "big"],
        "big.yaml: the file is larger than 1048576 bytes",
    );
    std::fs::write(
        sessions.join("laughs.yaml"),
        billion_laughs("format_version: 1"),
    )
    .unwrap();
    refused(&env, &["export", "laughs"], "laughs.yaml");
    let id = env.session_ids()[0].clone();
    // A journal of answers that an older sdcoach saved beside the session is not dropped
    // without a word.
    let journal = sessions.join(format!("{id}.journal"));
    std::fs::write(&journal, "{\"revision\": 99, \"changes\": []}\n").unwrap();
    refused(
        &env,
        &["export", &id],
        &format!(
            "has answers in {} that an older sdcoach saved",
            journal.display()
        ),
    );
    std::fs::remove_file(&journal).unwrap();
    std::fs::write(sessions.join("future.yaml"), "format_version: 99\n").unwrap();
    refused(&env, &["resume", "future"], "future.yaml");
    refused(
        &env,
        &["resume", "../../etc/passwd"],
        "`../../etc/passwd` is not a session id",
    );
}

#[test]
fn bad_command_lines_are_refused_with_usage() {
    let env = TestEnv::new();
    for (args, expected) in [
        (
            &["start", "twitter", "--minutes", "abc"][..],
            "invalid value 'abc' for '--minutes <N>'",
        ),
        (
            &["start", "twitter", "--minutes", "100000"][..],
            "100000 is not in 5..=240",
        ),
        (
            &["start", "twitter", "--seed", "-1"][..],
            "unexpected argument '-1'",
        ),
        (&["frobnicate"][..], "unrecognized subcommand 'frobnicate'"),
        (&["calc"][..], "required"),
        (&["calc", "1 +"][..], "could not calculate '1 +'"),
        (
            &["calc", &"9".repeat(100_000)][..],
            "the expression is 100000 characters long; at most 256 are accepted",
        ),
    ] {
        refused(&env, args, expected);
    }
}

#[test]
fn bad_answers_at_the_prompt_are_explained_and_asked_again() {
    use crate::pty::{self, expect, send_line};
    let env = TestEnv::new();
    let mut pty = pty::spawn(&env, &["start", "twitter"]);
    expect(&mut pty, "what will you design");
    for _ in 0..4 {
        send_line(&mut pty, ":skip");
    }
    expect(&mut pty, "Which consistency does the core data need?");
    send_line(&mut pty, "sometimes");
    expect(
        &mut pty,
        "expected one of: strong, eventual, read-your-writes (or its number, 1 to 3)",
    );
    send_line(&mut pty, "7");
    expect(&mut pty, "(or its number, 1 to 3)");
    let started = Instant::now();
    send_line(&mut pty, ":calc 10^10^10^10");
    expect(&mut pty, "could not calculate '10^10^10^10'");
    assert!(started.elapsed() < HANG, "{:?}", started.elapsed());
    send_line(&mut pty, "2");
    expect(&mut pty, "availability");
    send_line(&mut pty, ":quit");
    expect(&mut pty, "Saved.");
    let saved = env.sessions_dir().join(format!("{FIRST_ID}.yaml"));
    let session = std::fs::read_to_string(saved).unwrap();
    assert!(
        session.contains("requirements.consistency: eventual"),
        "{session}"
    );
}
