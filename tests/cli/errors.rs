//! Mistakes users make, and the messages they get.

use predicates::prelude::*;

use crate::env::{FIRST_ID, TestEnv};
use crate::interview::finished_session;

#[test]
fn a_typo_in_the_problem_suggests_the_right_one() {
    TestEnv::new()
        .command()
        .args(["start", "twiter", "--template"])
        .assert()
        .code(2)
        .stderr("error: there is no problem `twiter`; did you mean `twitter`?; `sdcoach list` shows the problems\n");
}

#[test]
fn an_invalid_answer_names_the_prompt_and_the_file() {
    let env = TestEnv::new();
    let answers = env.write("bad.yaml", "estimation.dau: lots\n");
    env.start_twitter(&answers)
        .code(2)
        .stderr(predicate::str::contains(
            "bad.yaml: the answer to `estimation.dau` is not valid",
        ));
}

#[test]
fn an_unknown_key_in_an_answers_file_is_refused_with_a_suggestion() {
    let env = TestEnv::new();
    let answers = env.write(
        "typo.yaml",
        "requirements.scope: x\nrequirments.performance: fast\n",
    );
    env.start_twitter(&answers)
        .code(2)
        .stderr(predicate::str::contains("typo.yaml:2: `requirments.performance` is not a prompt of procedure `standard`; did you mean `requirements.performance`?"));
}

#[test]
fn broken_yaml_in_an_answers_file_names_line_and_column() {
    let env = TestEnv::new();
    let answers = env.write("broken.yaml", "requirements.scope: [unclosed\n");
    env.start_twitter(&answers)
        .code(2)
        .stderr(predicate::str::is_match(r"broken\.yaml:2:1: ").unwrap());
}

#[test]
fn when_no_saved_session_can_be_read_the_lists_say_so_and_fail() {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.sessions_dir()).unwrap();
    std::fs::write(env.sessions_dir().join("x.yaml"), "junk: [\n").unwrap();
    for command in ["sessions", "history"] {
        env.command().arg(command).assert().code(1).stderr(
            predicate::str::contains("No session could be read: 1 file(s) in ")
                .and(predicate::str::contains("No saved sessions yet").not()),
        );
    }
}

#[test]
fn a_corrupt_session_file_is_reported_and_never_hides_the_others() {
    let env = TestEnv::new();
    finished_session(&env);
    let corrupt = env.sessions_dir().join("20991231-000000-broken.yaml");
    std::fs::write(&corrupt, "format_version: 1\nid: [this is not\n").unwrap();
    env.command()
        .arg("sessions")
        .assert()
        .success()
        .stdout(predicate::str::contains(FIRST_ID))
        .stderr(
            predicate::str::contains("warning: skipping session file")
                .and(predicate::str::contains("20991231-000000-broken.yaml:")),
        );
    env.command()
        .arg("export")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("# Mock interview: Twitter"));
    env.command()
        .args(["export", "20991231-000000-broken"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("20991231-000000-broken.yaml:2:"));
}

#[test]
fn a_session_file_that_links_to_another_file_is_quoted_at_most_a_line() {
    let env = TestEnv::new();
    let secret: String = (1..=50)
        .map(|n| format!("private line {n} of a file that is no session at all\n"))
        .collect();
    let other = env.write("notes.txt", &secret);
    std::fs::create_dir_all(env.sessions_dir()).unwrap();
    let link = env.sessions_dir().join("20260101-000000-notes.yaml");
    std::os::unix::fs::symlink(&other, &link).unwrap();
    env.write(
        "sdcoach-home/sessions/20260102-000000-junk.yaml",
        &format!("format_version: \"{}\"\n", "junk ".repeat(400)),
    );
    let output = env.command().arg("sessions").output().unwrap();
    let warnings = String::from_utf8_lossy(&output.stderr);
    assert!(
        warnings.contains("\"private line 1 of a file that is no session at all private …\""),
        "{warnings}"
    );
    assert!(!warnings.contains("private line 2"), "{warnings}");
    assert!(!warnings.contains(&"junk ".repeat(13)), "{warnings}");
    for warning in warnings.lines() {
        assert!(warning.chars().count() < 400, "{warning}");
    }
}

#[test]
fn session_ids_cannot_name_a_path() {
    TestEnv::new()
        .command()
        .args(["export", "../../etc/passwd"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`../../etc/passwd` is not a session id",
        ));
}

#[test]
fn a_broken_user_problem_is_a_warning_in_list_and_an_error_when_started() {
    let env = TestEnv::new();
    let problems = env.home().join("procedures/problems");
    std::fs::create_dir_all(&problems).unwrap();
    std::fs::write(
        problems.join("mine.yaml"),
        "format_version: 1\nid: mine\ntitle: Mine\ndifficulty: easy\nstatment: typo\n",
    )
    .unwrap();
    env.command()
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("twitter"))
        .stderr(predicate::str::contains(
            "mine.yaml:5:1: unknown field `statment`",
        ));
    env.command()
        .args(["start", "mine", "--template"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown field `statment`, expected one of",
        ));
}

#[test]
fn validate_reports_every_bad_file_with_its_position() {
    let env = TestEnv::new();
    let good = env.write(
        "content/problems/mine.yaml",
        "format_version: 1\nid: mine\ntitle: Mine\ndifficulty: easy\nstatement: Build it.\n",
    );
    env.write("content/problems/other.yaml", "format_version: 1\nid: other\ntitle: Other\ndifficulty: easy\nstatement: s\nexpected:\n  no-such-step: []\n");
    let output = env
        .command()
        .args(["validate", "content"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains(&format!(
            "ok     {}",
            good.strip_prefix(env.root()).unwrap().display()
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains("other.yaml:7: `expected` names step `no-such-step`"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("2 files checked, 1 with errors\n"),
        "{stdout}"
    );
    env.command()
        .args(["validate", "content/problems/mine.yaml"])
        .assert()
        .success();
}

#[test]
fn a_byte_order_mark_is_not_content() {
    let env = TestEnv::new();
    let answers = env.write(
        "bom.yaml",
        "\u{feff}requirements.scope: Tweets and timelines\n",
    );
    env.start_twitter(&answers).success();
    let transcript = env.run_ok(&["export"]);
    assert!(transcript.contains("Tweets and timelines"), "{transcript}");
    let problem = env.write(
        "mine.yaml",
        "\u{feff}format_version: 1\nid: mine\ntitle: Mine\ndifficulty: easy\nstatement: Build it.\n",
    );
    let checked = env.run_ok(&["validate", problem.to_str().unwrap()]);
    assert!(checked.contains("ok"), "{checked}");
}

#[test]
fn a_very_long_title_is_cut_in_the_list_not_a_panic() {
    let env = TestEnv::new();
    let problems = env.home().join("procedures/problems");
    std::fs::create_dir_all(&problems).unwrap();
    let title = "T".repeat(70_000);
    std::fs::write(
        problems.join("long.yaml"),
        format!("format_version: 1\nid: long\ntitle: {title}\ndifficulty: easy\nstatement: s\n"),
    )
    .unwrap();
    let list = env.run_ok(&["list"]);
    let line = list
        .lines()
        .find(|l| l.starts_with("long"))
        .expect("the long problem");
    assert!(line.contains("TTT…") && line.len() < 200, "{line}");
}

#[test]
fn an_export_into_a_missing_folder_is_refused_before_the_first_question() {
    let env = TestEnv::new();
    let answers = env.write("a.yaml", "requirements.scope: x\n");
    let target = env.root().join("missing/t.md");
    env.command()
        .args(["start", "twitter", "--answers"])
        .arg(&answers)
        .arg("--export")
        .arg(&target)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not exist; create it first"));
    assert!(env.session_ids().is_empty(), "no interview was run");
}

#[test]
fn every_kind_of_bad_input_exits_2_naming_what_and_where() {
    let env = TestEnv::new();
    let folder = env.root().join("a-folder.yaml");
    std::fs::create_dir(&folder).unwrap();
    let folder = folder.display().to_string();
    let cases: [(&[&str], &str); 5] = [
        (
            &["--problem", "nope.yaml", "start", "--template"],
            "error: --problem nope.yaml: cannot read it: No such file or directory",
        ),
        (
            &["--procedure", "nope.yaml", "list"],
            "error: --procedure nope.yaml: cannot read it: No such file or directory",
        ),
        (
            &["--problem", &folder, "list"],
            "a-folder.yaml: cannot read it: Is a directory",
        ),
        (
            &["start", "twitter", "--answers", "nope.yaml"],
            "error: cannot read the answers file nope.yaml: No such file or directory",
        ),
        (
            &["start", "twitter", "--answers", &folder],
            "a-folder.yaml: Is a directory",
        ),
    ];
    for (args, message) in cases {
        env.command()
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(message));
    }
    env.command()
        .env("SDCOACH_NOW", "yesterday")
        .arg("list")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error: SDCOACH_NOW=\"yesterday\" is not a time; expected RFC 3339",
        ));
    env.command()
        .env("SDCOACH_TICK", "90")
        .arg("list")
        .assert()
        .code(2)
        .stderr(
            "error: SDCOACH_TICK=\"90\" is not a step of time; expected whole seconds, zero or more, e.g. 90s, 2m or 1h 30m\n",
        );
}

#[test]
fn exporting_into_a_missing_folder_exits_2_naming_the_file() {
    let env = TestEnv::new();
    finished_session(&env);
    env.command()
        .args(["export", "-o", "no-such-folder/out.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "error: cannot write no-such-folder/out.md: No such file or directory",
        ));
}
