//! Progress across sessions, and picking what to practise next.

use predicates::prelude::*;

use crate::env::TestEnv;
use crate::interview::{TWITTER_ANSWERS, finished_session};

#[test]
fn history_lists_scores_step_averages_and_problems_not_practised() {
    let env = TestEnv::new();
    finished_session(&env);
    let table = env.run_ok(&["history"]);
    assert!(
        table.contains("2026-01-15 10:00  twitter  0:00  67 %   finished"),
        "{table}"
    );
    assert!(
        table.contains("Detailed design                        2.0/3"),
        "{table}"
    );
    assert!(
        table.contains("Not practised yet (24): ad-click-aggregation, chat,"),
        "{table}"
    );
    assert!(
        !table.contains("TREND"),
        "one session has no trend:\n{table}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&env.run_ok(&["history", "--json"])).unwrap();
    assert_eq!(json["sessions"][0]["score"], 67.0);
    assert_eq!(json["steps"].as_array().unwrap().len(), 7);
    assert!(
        !json["not_practised"]
            .as_array()
            .unwrap()
            .iter()
            .any(|id| id == "twitter")
    );
}

#[test]
fn random_picks_an_unpractised_problem_matching_the_filters() {
    let env = TestEnv::new();
    let answers = env.write("a.yaml", TWITTER_ANSWERS);
    for _ in 0..2 {
        env.command()
            .args(["start", "--random", "--tag", "social", "--answers"])
            .arg(&answers)
            .assert()
            .success()
            .stderr(predicate::str::contains("Picked: "));
    }
    let sessions = env.run_ok(&["sessions", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&sessions).unwrap();
    let problems: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["problem"].as_str().unwrap())
        .collect();
    assert_eq!(problems.len(), 2);
    assert_ne!(
        problems[0], problems[1],
        "the second pick repeated a practised problem"
    );
    env.command()
        .args(["start", "--random", "--tag", "no-such-tag", "--answers"])
        .arg(&answers)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no problem matches --tag and --difficulty; the tags are:",
        ));
}

#[test]
fn random_without_a_terminal_refuses_before_picking() {
    TestEnv::new()
        .command()
        .args(["start", "--random"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("asks its questions in a terminal"))
        .stderr(predicate::str::contains("Picked").not());
}

#[test]
fn history_shows_the_trend_once_there_are_two_finished_sessions() {
    let env = TestEnv::new();
    finished_session(&env);
    finished_session(&env);
    let table = env.run_ok(&["history"]);
    assert!(
        table.contains(
            "Detailed design                        2.0/3    +0.0 (latest 1 against 1 earlier)"
        ),
        "{table}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&env.run_ok(&["history", "--json"])).unwrap();
    assert_eq!(json["steps"][0]["trend"], 0.0);
    assert_eq!(json["steps"][0]["latest"], 1);
}
