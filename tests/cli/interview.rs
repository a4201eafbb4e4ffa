//! Whole interviews run from answers files, stopped and resumed.

use predicates::prelude::*;

use crate::env::{FIRST_ID, TestEnv, render};

/// Answers for every prompt of the twitter interview, including text that means something
/// in Markdown.
pub(crate) const TWITTER_ANSWERS: &str = include_str!("../corpus/twitter-answers.yaml");

/// Runs the whole twitter interview from `TWITTER_ANSWERS`.
pub(crate) fn finished_session(env: &TestEnv) {
    let answers = env.write("answers.yaml", TWITTER_ANSWERS);
    env.start_twitter(&answers).success();
}

#[test]
fn a_scripted_twitter_interview_runs_to_the_end_and_exports() {
    let env = TestEnv::new();
    let answers = env.write("answers.yaml", TWITTER_ANSWERS);
    env.command()
        .args(["start", "twitter", "--answers"])
        .arg(&answers)
        .args(["--export", "transcript.md"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "Step 7/7 - Identifying and resolving bottlenecks",
        ))
        .stderr(predicate::str::contains("Interview finished in 0:00"))
        .stderr(predicate::str::contains(
            "Transcript written to transcript.md",
        ));
    let transcript = env.read("transcript.md");
    let rendered = render(&transcript);
    let headings: Vec<String> = rendered
        .headings
        .iter()
        .map(|(level, title)| format!("{level} {title}"))
        .collect();
    assert_eq!(
        headings,
        [
            "1 Mock interview: Twitter",
            "2 Problem",
            "2 Time",
            "2 1. Requirements clarification",
            "2 2. Back-of-the-envelope estimation",
            "2 3. System interface definition",
            "2 4. Data model definition",
            "2 5. High-level design",
            "2 6. Detailed design",
            "2 7. Identifying and resolving bottlenecks",
            "2 Assessment",
        ]
    );
    for text in answer_texts(TWITTER_ANSWERS) {
        assert!(
            rendered.text.contains(&text),
            "answer missing from the transcript: {text:?}"
        );
    }
    // Choices are stored as the option they name, yes/no as Yes/No.
    assert!(rendered.text.contains("read-heavy"));
    assert!(rendered.text.contains("NoSQL"));
    assert!(rendered.text.contains("Yes"));
    // Prompts left out of the file, or empty in it, are marked as skipped.
    // Left out of the file: read_ratio, media_size, media_fraction, retention,
    // peak_factor, replication, cache_fraction; empty in it: deep_dive_3.
    // The follow-ups the interviewer asked are left unanswered by the file too.
    let follow_ups = transcript.matches("**Follow-up: ").count();
    assert!(follow_ups >= 7, "{transcript}");
    assert_eq!(
        transcript.matches("*Skipped.*").count(),
        8 + follow_ups,
        "{transcript}"
    );
    // Own figures are judged in the estimates table, with the formula filled in.
    assert!(transcript.contains("| write QPS | 4\\.5K/s | 4.63 K/s | close | dau × writes\\_per\\_user = 200 M × 2/day = 4.63 K/s |"), "{transcript}");
    assert!(
        transcript.contains("| read QPS | 2M/s | 231 K/s | right order of magnitude |"),
        "{transcript}"
    );
    assert!(
        transcript.contains("| storage per day | 10 TB | 80.1 TB | right order of magnitude |"),
        "{transcript}"
    );
    assert!(
        transcript.contains("| peak write QPS | - | 9.26 K/s | - |"),
        "{transcript}"
    );
    assert!(transcript.contains("| Status | finished |"));
    assert!(transcript.contains("| 5. High-level design | 0:00 | 10:00 | within budget |"));
}

#[test]
fn the_template_is_a_valid_answers_file_with_the_problems_assumptions() {
    let env = TestEnv::new();
    let template = env.run_ok(&["start", "twitter", "--template"]);
    assert!(template.contains("# In a sentence or two, what will you design, and what is out of scope?\nrequirements.scope: \"\"\n"), "{template}");
    assert!(template.contains("requirements.read_actions: []\n"));
    assert!(
        template.contains("estimation.dau: \"200M\"\n"),
        "{template}"
    );
    assert!(template.contains("# One of: strong, eventual, read-your-writes\n"));
    assert!(
        template.contains(
            "# Give a ratio, such as 20%, 0.2, 2 or 100:1\nestimation.read_ratio: \"\"\n"
        ),
        "{template}"
    );
    assert!(
        template.contains("# Give a size, such as 140 B, 1.5 KB or 2 GiB\nestimation.record_size:"),
        "{template}"
    );
    assert!(
        template.contains("# Yes or no\ninterface.registered_only:"),
        "{template}"
    );
    assert!(
        template.contains(
            "# Asked only when estimation.media_fraction is more than 0\nestimation.media_size:"
        ),
        "{template}"
    );
    assert_eq!(
        template
            .lines()
            .filter(|line| line.starts_with("# Step "))
            .count(),
        7
    );
    let path = env.write("template.yaml", &template);
    env.start_twitter(&path).success();
    let exported = env.run_ok(&["export"]);
    assert!(
        exported.contains("**How many daily active users (DAU)?**\n\n200M\n"),
        "{exported}"
    );
}

#[test]
fn a_session_stopped_half_way_resumes_where_it_stopped() {
    let env = TestEnv::new();
    let first = env.write("first.yaml", "requirements.scope: Tweets and timelines\nrequirements.read_actions: [home timeline]\nrequirements.write_actions: \":quit\"\n");
    env.start_twitter(&first)
        .success()
        .stderr(predicate::str::contains(format!(
            "Saved. Continue with: sdcoach resume {FIRST_ID}"
        )));
    let sessions = env.run_ok(&["sessions"]);
    assert!(
        sessions.contains(&format!(
            "{FIRST_ID}  twitter  2026-01-15 10:00  0/7    0:00  at requirements.write_actions"
        )),
        "{sessions}"
    );

    let rest = env.write("rest.yaml", "requirements.write_actions: [post a tweet]\nbottlenecks.monitoring: dashboards and alerts\n");
    env.command()
        .args(["resume", "--answers"])
        .arg(&rest)
        .assert()
        .success()
        .stderr(predicate::str::contains(format!(
            "Resuming session {FIRST_ID} (Twitter)."
        )))
        .stderr(predicate::str::contains("Interview finished"));
    let transcript = env.run_ok(&["export", FIRST_ID]);
    for text in [
        "Tweets and timelines",
        "- home timeline",
        "- post a tweet",
        "dashboards and alerts",
    ] {
        assert!(transcript.contains(text), "{text:?} missing:\n{transcript}");
    }
    assert!(env.run_ok(&["sessions"]).contains("7/7    0:00  finished"));
    env.command()
        .arg("resume")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no unfinished session to resume"));
}

#[test]
fn without_a_terminal_the_interview_refuses_at_once_and_names_answers() {
    let env = TestEnv::new();
    for args in [&["start", "twitter"][..], &["resume"][..]] {
        if args[0] == "resume" {
            let quit = env.write("quit.yaml", "requirements.scope: \":quit\"\n");
            env.start_twitter(&quit).success();
        }
        env.command()
            .args(args)
            .write_stdin("")
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--answers FILE"))
            .stderr(predicate::str::contains("panicked").not());
    }
}

#[test]
fn list_shows_the_catalogue_as_a_table_and_as_json() {
    let env = TestEnv::new();
    insta::assert_snapshot!("list", env.redacted(&env.run_ok(&["list"])));
    let json: serde_json::Value = serde_json::from_str(&env.run_ok(&["list", "--json"])).unwrap();
    let ids: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"twitter") && ids.contains(&"url-shortener") && ids.contains(&"pastebin"),
        "{ids:?}"
    );
    assert!(json[0]["title"].is_string());
}

/// Every line of text in an answers file, except choices and yes/no (stored as their option).
fn answer_texts(answers: &str) -> Vec<String> {
    let map: std::collections::BTreeMap<String, serde_yaml::Value> =
        serde_yaml::from_str(answers).unwrap();
    let mut texts = Vec::new();
    for value in map.values() {
        match value {
            serde_yaml::Value::String(text) => texts.extend(text.lines().map(str::to_string)),
            serde_yaml::Value::Sequence(items) => {
                texts.extend(items.iter().filter_map(|i| i.as_str().map(str::to_string)))
            }
            _ => {}
        }
    }
    texts.retain(|t| !t.is_empty() && !matches!(t.as_str(), "1" | "nosql" | "yes" | "eventual"));
    texts
}

/// The transcript's section between two markers.
fn section<'a>(text: &'a str, from: &str, to: &str) -> &'a str {
    let start = text
        .find(from)
        .unwrap_or_else(|| panic!("{from:?} missing:\n{text}"));
    let end = text[start..].find(to).map_or(text.len(), |end| start + end);
    &text[start..end]
}

#[test]
fn minutes_scale_the_budgets_and_the_seed_repeats_the_probes() {
    let transcripts: Vec<String> = (0..2)
        .map(|_| {
            let env = TestEnv::new();
            let answers = env.write("answers.yaml", TWITTER_ANSWERS);
            env.command()
                .args([
                    "start",
                    "twitter",
                    "--minutes",
                    "90",
                    "--seed",
                    "3",
                    "--answers",
                ])
                .arg(&answers)
                .assert()
                .success()
                .stderr(predicate::str::contains("Interviewer: "))
                .stderr(predicate::str::contains(
                    "Reference notes for step 4 (Data model definition):",
                ));
            env.run_ok(&["export"])
        })
        .collect();
    let transcript = &transcripts[0];
    assert!(
        transcript.contains("| Total time | 0:00 of 1:30:00 |"),
        "{transcript}"
    );
    assert!(
        transcript.contains("| 1. Requirements clarification | 0:00 | 10:00 | within budget |")
    );
    let asked = |transcript: &str| {
        let step = section(transcript, "## 6. Detailed design", "## 7.");
        section(step, "**Follow-up: ", "**Feedback**").to_string()
    };
    assert!(asked(transcript).contains("**Follow-up: "), "{transcript}");
    assert_eq!(asked(transcript), asked(&transcripts[1]));
    let notes = section(transcript, "## 4. Data model definition", "## 5.");
    assert!(notes.contains("**Reference notes**\n\n> "), "{notes}");
    assert!(notes.contains("FavouriteTweets"), "{notes}");
}

#[test]
fn reference_notes_stay_out_of_the_transcript_until_the_step_is_answered() {
    let env = TestEnv::new();
    let quit = env.write(
        "quit.yaml",
        "requirements.scope: x\nrequirements.read_actions: \":quit\"\n",
    );
    env.start_twitter(&quit).success();
    let transcript = env.run_ok(&["export"]);
    assert!(!transcript.contains("**Reference notes**"), "{transcript}");
    assert!(
        transcript.contains("| Status | in progress, stopped at `requirements.read_actions` |")
    );
}

#[test]
fn out_of_range_minutes_are_refused_by_name() {
    TestEnv::new()
        .command()
        .args(["start", "twitter", "--minutes", "0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--minutes"));
}

#[test]
fn the_month_convention_and_units_come_from_the_option_or_the_settings_file() {
    let env = TestEnv::new();
    let answers = env.write("answers.yaml", TWITTER_ANSWERS);
    env.command()
        .args(["start", "twitter", "--month-seconds", "2.5M", "--answers"])
        .arg(&answers)
        .assert()
        .success()
        .stderr(predicate::str::contains("Conventions: month = 2500000 s"));
    assert!(
        env.run_ok(&["export"])
            .contains("**Estimates** (month = 2500000 s")
    );

    std::fs::write(env.home().join("config.yaml"), "binary: true\n").unwrap();
    let id = env.next_id("twitter");
    env.start_twitter(&answers).success();
    let transcript = env.run_ok(&["export", &id]);
    assert!(
        transcript.contains("binary units (1 KiB = 1024 B)"),
        "{transcript}"
    );
    assert!(
        transcript.contains("| storage per day | 10 TB | 72.9 TiB |"),
        "{transcript}"
    );

    std::fs::write(env.home().join("config.yaml"), "month: 3\n").unwrap();
    env.start_twitter(&answers)
        .code(2)
        .stderr(predicate::str::contains(
            "config.yaml:1:1: unknown field `month`",
        ));
    // A bad month is blamed on the file and line that set it, not on an option.
    std::fs::write(
        env.home().join("config.yaml"),
        "binary: false\nmonth_seconds: 2.5\n",
    )
    .unwrap();
    let refused = env.start_twitter(&answers).code(2);
    let said = String::from_utf8_lossy(&refused.get_output().stderr).into_owned();
    assert!(
        said.contains("config.yaml:2:")
            && said.contains("it must be the seconds in a month")
            && !said.contains("--month-seconds"),
        "{said}"
    );
    std::fs::remove_file(env.home().join("config.yaml")).unwrap();
    env.command()
        .args(["start", "twitter", "--month-seconds", "0", "--answers"])
        .arg(&answers)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "invalid value '0' for '--month-seconds <N>': it must be the seconds in a month",
        ));
}

#[test]
fn every_built_in_problem_runs_end_to_end_from_its_template() {
    let env = TestEnv::new();
    let list: serde_json::Value = serde_json::from_str(&env.run_ok(&["list", "--json"])).unwrap();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 25, "{ids:?}");
    for id in ids {
        let template = env.run_ok(&["start", id, "--template"]);
        let path = env.write(&format!("{id}.yaml"), &template);
        env.command()
            .args(["start", id, "--export", &format!("{id}.md"), "--answers"])
            .arg(&path)
            .assert()
            .success()
            .stderr(predicate::str::contains("Interview finished"));
        let transcript = env.read(&format!("{id}.md"));
        assert!(transcript.contains("## Assessment"), "{id}: {transcript}");
    }
}

#[test]
fn a_follow_up_comes_from_what_was_written_and_its_answer_is_judged() {
    let env = TestEnv::new();
    let answers = env.write(
        "answers.yaml",
        r#"detailed-design.components: ["Timeline fan-out", "Tweet storage"]
detailed-design.deep_dive_1: "Option A: fan-out on write, pushing each tweet id into the followers' Redis timelines; fast reads, costly writes. Option B: pull at read time; cheap writes, slow reads. I choose A."
detailed-design.deep_dive_2: "Tweets are sharded by tweet id, which is a time-sortable Snowflake id, and hot tweets sit in a cache."
detailed-design.follow_up_1: "For celebrities we switch to a hybrid: their tweets are pulled at read time and merged in, while the fan-out for everyone else goes through a queue."
"#,
    );
    env.start_twitter(&answers)
        .success()
        .stderr(predicate::str::contains(
            "Interviewer: You push each tweet into the timelines of its author's followers",
        ));
    let report: serde_json::Value =
        serde_json::from_str(&env.run_ok(&["export", "--json"])).unwrap();
    let follow_ups = &report["steps"][5]["follow_ups"];
    assert_eq!(follow_ups.as_array().map(Vec::len), Some(1), "{follow_ups}");
    assert!(
        follow_ups[0]["question"]
            .as_str()
            .unwrap()
            .contains("50 million followers")
    );
    let statuses: Vec<&str> = follow_ups[0]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["covered", "covered"], "{follow_ups}");
    let transcript = env.run_ok(&["export"]);
    assert!(
        transcript.contains("- Follow-up \"You push each tweet"),
        "{transcript}"
    );
    assert!(
        transcript.contains("Covered: Celebrities are left out of the fan-out and merged in at read time (\"For celebrities we switch to a hybrid"),
        "{transcript}"
    );
}

#[test]
fn the_media_share_comes_first_and_no_media_means_no_media_size() {
    let env = TestEnv::new();
    let answers = env.write(
        "answers.yaml",
        &format!("{TWITTER_ANSWERS}estimation.media_fraction: 0%\nestimation.media_size: 5 MB\n"),
    );
    let output = env
        .command()
        .args(["start", "twitter", "--answers"])
        .arg(&answers)
        .output()
        .unwrap();
    assert!(output.status.success());
    let shown = String::from_utf8_lossy(&output.stderr);
    let share = shown
        .find("What share of writes carries media")
        .expect("the share is asked");
    let record = shown.find("How large is one record").unwrap();
    assert!(record < share, "{shown}");
    assert!(!shown.contains("How large is the media"), "{shown}");
    let transcript = env.run_ok(&["export"]);
    assert!(
        !transcript.contains("How large is the media"),
        "{transcript}"
    );
    // 200 M writers × 2/day × 300 B, with no media: 120 GB a day.
    assert!(
        transcript.contains("| storage per day | 10 TB | 120 GB |"),
        "{transcript}"
    );
}

#[test]
fn reference_notes_are_styled_on_screen_and_kept_as_markdown_in_the_transcript() {
    let env = TestEnv::new();
    let answers = env.write("answers.yaml", TWITTER_ANSWERS);
    let output = env.start_twitter(&answers).success().get_output().clone();
    let screen = String::from_utf8(output.stderr).unwrap();
    let notes = section(&screen, "Reference notes for step 1", "Step 2/7");
    assert!(
        notes.contains("\n  Functional\n  - Write actions: post a tweet"),
        "{notes}"
    );
    let interface = section(&screen, "Reference notes for step 3", "Step 4/7");
    assert!(
        interface.contains("\n      postTweet(api_key,"),
        "code is indented, without fences: {interface}"
    );
    for markup in ["**", "```", "`api_key`"] {
        assert!(!screen.contains(markup), "{markup} on screen:\n{notes}");
    }
    let transcript = env.run_ok(&["export"]);
    assert!(
        transcript.contains("> **Functional**\n> - Write actions"),
        "{transcript}"
    );
    assert!(transcript.contains("```"), "{transcript}");
}

#[test]
fn a_twist_is_announced_before_the_detailed_design_and_judged_there() {
    let env = TestEnv::new();
    let answers = env.write(
        "twist.yaml",
        "detailed-design.deep_dive_1: Tweets are replicated asynchronously to the second region; each user has a home region that takes their writes.\n\
         bottlenecks.single_points_of_failure: GeoDNS health checks route traffic to the other region when a region goes down.\n",
    );
    let output = env
        .command()
        .args(["start", "twitter", "--twist=two-regions", "--answers"])
        .arg(&answers)
        .assert()
        .success()
        .get_output()
        .clone();
    let screen = String::from_utf8(output.stderr).unwrap();
    let before = section(&screen, "Step 5/7", "Step 6/7");
    assert!(!before.contains("A constraint changes"), "{before}");
    let detailed = section(&screen, "Step 6/7", "Step 7/7");
    assert!(
        detailed.contains("Interviewer: A constraint changes: The service now runs in two"),
        "{detailed}"
    );
    assert!(
        detailed.contains("✓ Covered: Data replicated to both regions (\"Tweets are replicated"),
        "{detailed}"
    );
    let report: serde_json::Value =
        serde_json::from_str(&env.run_ok(&["export", "--json"])).unwrap();
    assert_eq!(report["twist"]["id"], "two-regions");
    let bottlenecks = &report["steps"][6]["twist_items"];
    assert_eq!(
        bottlenecks[0]["item"],
        "Traffic fails over to the healthy region"
    );
    assert_eq!(bottlenecks[0]["status"], "covered");
    assert_eq!(bottlenecks[1]["status"], "missed", "{bottlenecks}");
    let transcript = env.run_ok(&["export"]);
    assert!(
        transcript.contains("| Twist | `two-regions` |"),
        "{transcript}"
    );
    assert!(
        transcript.contains("> **A constraint changes:** The service now runs in two regions"),
        "{transcript}"
    );
}

#[test]
fn an_unknown_twist_is_refused_with_the_ones_there_are() {
    let env = TestEnv::new();
    let answers = env.write("a.yaml", "requirements.scope: x\n");
    env.command()
        .args(["start", "twitter", "--twist=aliens", "--answers"])
        .arg(&answers)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--twist=aliens: problem `twitter` has no such twist; its twists: tenfold, two-regions, long-videos",
        ));
}
