//! Time passing: within an interview, against each step's budget, and from one session to
//! the next. The clock steps on at every read (`SDCOACH_TICK`), so the times repeat exactly.

use crate::env::{TestEnv, assert_contains_all};
use crate::interview::TWITTER_ANSWERS;

/// Ten seconds a read makes the estimation step run over its three minutes and leaves the
/// others within theirs.
const TICK: &str = "10s";

/// What the interview showed: all of it on stderr, keeping stdout for what a command prints.
fn screen(assert: assert_cmd::assert::Assert) -> String {
    let output = assert.success().get_output().clone();
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
    String::from_utf8(output.stderr).expect("UTF-8 screen")
}

#[test]
fn a_step_over_its_budget_says_so_on_screen_and_in_the_transcript() {
    let env = TestEnv::new();
    let answers = env.write("answers.yaml", TWITTER_ANSWERS);
    let screen = screen(env.start_twitter_ticking(&answers, TICK));
    assert_contains_all(
        &screen,
        &[
            "✓ Step 1 done in 3:30 of 5:00: within budget.",
            "✓ Step 2 done in 9:30 of 3:00: over by 6:30.",
            "Interview finished in 24:30 (budget 45:00).",
        ],
    );
    assert_contains_all(
        &env.run_ok(&["export"]),
        &[
            "| Total time | 24:30 of 45:00 |",
            "| 1. Requirements clarification | 3:30 | 5:00 | within budget |",
            "| 2. Back-of-the-envelope estimation | 9:30 | 3:00 | over by 6:30 |",
        ],
    );
    let report: serde_json::Value =
        serde_json::from_str(&env.run_ok(&["sessions", "--json"])).unwrap();
    assert_eq!(report[0]["elapsed_secs"], 24 * 60 + 30, "{report}");
}

#[test]
fn the_screen_of_a_scripted_interview_matches_its_snapshot() {
    let env = TestEnv::new();
    let answers = env.write("answers.yaml", TWITTER_ANSWERS);
    let screen = screen(env.start_twitter_ticking(&answers, TICK));
    insta::assert_snapshot!("twitter_screen", env.redacted(&screen));
}

#[test]
fn sessions_show_when_each_began_and_the_time_it_took() {
    let env = TestEnv::new();
    let answers = env.write("answers.yaml", TWITTER_ANSWERS);
    env.start_twitter_ticking(&answers, TICK).success();
    let quit = env.write(
        "quit.yaml",
        "requirements.scope: Tweets\nrequirements.read_actions: \":quit\"\n",
    );
    env.start_twitter_ticking(&quit, "1m").success();
    insta::assert_snapshot!("sessions", env.redacted(&env.run_ok(&["sessions"])));
}

#[test]
fn history_shows_times_scores_and_the_trend_of_two_finished_sessions() {
    let env = TestEnv::new();
    let template = env.run_ok(&["start", "twitter", "--template"]);
    let first = env.write("template.yaml", &template);
    env.start_twitter_ticking(&first, "20s").success();
    let answers = env.write("answers.yaml", TWITTER_ANSWERS);
    env.start_twitter_ticking(&answers, TICK).success();
    insta::assert_snapshot!("history_trend", env.redacted(&env.run_ok(&["history"])));
    let json: serde_json::Value =
        serde_json::from_str(&env.run_ok(&["history", "--json"])).unwrap();
    let times: Vec<&serde_json::Value> = json["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["elapsed_secs"])
        .collect();
    assert_eq!(times, [49 * 60, 24 * 60 + 30], "{json}");
    let requirements = &json["steps"][0];
    assert_eq!(requirements["latest"], 1, "{json}");
    assert_eq!(requirements["earlier"], 1, "{json}");
    assert!(requirements["trend"].as_f64().unwrap() > 0.0, "{json}");
}
