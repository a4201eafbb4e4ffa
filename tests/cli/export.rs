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
    env.start_twitter(&answers).success();
    let transcript = env.run_ok(&["export"]);
    let rendered = render(&transcript);
    assert_eq!(
        rendered.headings.len(),
        11,
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
    crate::pty::expect(&mut process, "no view on that");
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
        transcript
            .contains("- *Q:* which programming language?  \n  *A:* I have no view on that one"),
        "{transcript}"
    );
}

/// Every fenced Mermaid block of a transcript.
fn mermaid_blocks(markdown: &str) -> Vec<String> {
    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) if &*lang == "mermaid" => {
                current = Some(String::new())
            }
            Event::Text(text) => {
                if let Some(block) = current.as_mut() {
                    block.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => blocks.extend(current.take()),
            _ => {}
        }
    }
    blocks
}

#[test]
fn the_complete_twitter_transcript_matches_its_snapshot() {
    let env = TestEnv::new();
    finished_session(&env);
    let transcript = env.run_ok(&["export"]);
    insta::assert_snapshot!("twitter_transcript", transcript);
}

#[test]
fn mermaid_blocks_quote_every_label_whatever_the_user_typed() {
    let env = TestEnv::new();
    let yaml = r#"
high-level-design.components: ["Client -> end", "end -> \"quoted\" box --> arrow", "A[weird]{label} -> B; C"]
data-model.tables: ["User: user_id bigint PK", "Order \"items\"; end: item_id bigint PK, user_id bigint FK User, body text"]
"#;
    let answers = env.write("mermaid.yaml", yaml);
    env.start_twitter(&answers).success();
    let transcript = env.run_ok(&["export"]);
    let blocks = mermaid_blocks(&transcript);
    assert_eq!(blocks.len(), 2, "{transcript}");
    let flowchart = &blocks[1];
    assert!(flowchart.starts_with("flowchart LR\n"), "{flowchart}");
    for line in flowchart.lines().skip(1) {
        let line = line.trim();
        let is_node = line.starts_with('n') && line.contains("[\"") && line.ends_with("\"]");
        let is_edge = line.split(" --> ").count() == 2
            && line
                .split(" --> ")
                .all(|id| id.starts_with('n') && id[1..].chars().all(|c| c.is_ascii_digit()));
        assert!(
            is_node || is_edge,
            "line breaks the quoting rules: {line:?}"
        );
        if is_node {
            let label = &line[line.find("[\"").unwrap() + 2..line.len() - 2];
            assert!(!label.contains('"'), "raw quote in {label:?}");
        }
    }
    let er = &blocks[0];
    assert!(er.starts_with("erDiagram\n"), "{er}");
    assert!(er.contains("User ||--o{ "), "{er}");
}

/// A problem of the user's own, in a folder below the test's working folder.
fn own_problem(env: &TestEnv) {
    let twitter = include_str!("../../procedures/problems/twitter.yaml");
    let own = twitter.replacen("id: twitter", "id: mine", 1).replacen(
        "title: Twitter",
        "title: My own feed",
        1,
    );
    env.write("probs/mine.yaml", &own);
}

#[test]
fn a_session_started_with_a_relative_problem_file_exports_from_any_folder() {
    let env = TestEnv::new();
    own_problem(&env);
    let answers = env.write("answers.yaml", TWITTER_ANSWERS);
    env.command()
        .args(["start", "--problem", "probs/mine.yaml", "--answers"])
        .arg(&answers)
        .assert()
        .success();
    let elsewhere = env.root().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    env.command()
        .arg("export")
        .current_dir(&elsewhere)
        .assert()
        .success()
        .stdout(predicate::str::contains("My own feed"));
}

#[test]
fn a_session_saved_with_a_relative_path_says_how_to_name_its_problem_again() {
    let env = TestEnv::new();
    own_problem(&env);
    let answers = env.write("answers.yaml", TWITTER_ANSWERS);
    env.command()
        .args(["start", "--problem", "probs/mine.yaml", "--answers"])
        .arg(&answers)
        .assert()
        .success();
    // Sessions saved before paths were made absolute hold the path as it was typed.
    let [id] = &env.session_ids()[..] else {
        panic!("one session expected")
    };
    let file = env.sessions_dir().join(format!("{id}.yaml"));
    let saved = std::fs::read_to_string(&file).unwrap();
    let absolute = env.root().join("probs/mine.yaml").display().to_string();
    assert!(saved.contains(&absolute), "{saved}");
    std::fs::write(&file, saved.replace(&absolute, "probs/mine.yaml")).unwrap();
    let elsewhere = env.root().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    env.command()
        .arg("export")
        .current_dir(&elsewhere)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "it was started with --problem probs/mine.yaml; if that file has moved, name it again with --problem FILE",
        ));
    env.command()
        .args(["--problem", "../probs/mine.yaml", "export"])
        .current_dir(&elsewhere)
        .assert()
        .success()
        .stdout(predicate::str::contains("My own feed"));
}

#[test]
fn a_self_score_that_differs_from_the_proposal_is_marked_as_such() {
    let env = TestEnv::new();
    let answers = env.write(
        "scored.yaml",
        "requirements.scope: Tweets\nrequirements.score: \"3\"\n",
    );
    env.start_twitter(&answers).success();
    let transcript = env.run_ok(&["export"]);
    let requirements = transcript
        .split("## 2. ")
        .next()
        .unwrap_or_default()
        .split("## 1. ")
        .nth(1)
        .unwrap_or_default();
    let score = requirements
        .lines()
        .find(|line| line.starts_with("- Score: "))
        .unwrap_or_else(|| panic!("no score line:\n{requirements}"));
    assert!(
        score.starts_with("- Score: 3/3, your own, above the coach's proposal of "),
        "{score}"
    );
    let proposed = score.rsplit(' ').next().unwrap();
    assert!(
        transcript.contains(&format!(
            "| 1. Requirements clarification | 3/3 (coach: {proposed}) |"
        )),
        "{transcript}"
    );
    // A step not scored shows the coach's proposal as such.
    assert!(
        transcript.contains(", the coach's proposal (the step was not scored)"),
        "{transcript}"
    );
}
