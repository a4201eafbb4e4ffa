//! Progress across sessions, and picking what to practise next.

use predicates::prelude::*;

use crate::env::TestEnv;
use crate::interview::{TWITTER_ANSWERS, finished_session};

#[test]
fn history_lists_scores_step_averages_and_problems_not_practised_and_no_trend_yet() {
    let env = TestEnv::new();
    finished_session(&env);
    // One session has no trend.
    insta::assert_snapshot!("history_of_one_session", env.run_ok(&["history"]));
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
