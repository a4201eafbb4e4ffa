//! The README's examples work as printed.

use crate::env::TestEnv;

const README: &str = include_str!("../../README.md");

/// The fenced blocks of a language, in order.
fn blocks(language: &str) -> Vec<String> {
    let fence = format!("```{language}\n");
    README
        .split(&fence)
        .skip(1)
        .filter_map(|rest| rest.split_once("```").map(|(block, _)| block.to_string()))
        .collect()
}

#[test]
fn the_example_problem_validates_and_runs() {
    let env = TestEnv::new();
    let example = blocks("yaml")
        .into_iter()
        .find(|b| b.contains("id: link-preview"))
        .expect("the README's example problem");
    let path = env.write("link-preview.yaml", &example);
    let report = env.run_ok(&["validate", path.to_str().unwrap()]);
    assert!(
        report.contains("ok     ") && report.ends_with("1 files checked, 0 with errors\n"),
        "{report}"
    );
    let template = env.run_ok(&["start", "--problem", path.to_str().unwrap(), "--template"]);
    assert!(template.contains("estimation.dau: \"100M\""), "{template}");
}

#[test]
fn the_estimate_examples_run() {
    let env = TestEnv::new();
    let commands: Vec<String> = blocks("sh")
        .iter()
        .flat_map(|block| {
            block
                .replace("\\\n", " ")
                .lines()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .filter(|line| line.starts_with("sdcoach estimate"))
        .collect();
    assert_eq!(commands.len(), 2, "{commands:?}");
    for command in commands {
        let args: Vec<&str> = command.split_whitespace().skip(1).collect();
        let output = env.run_ok(&args);
        assert!(
            output.contains("write") || output.contains("write_qps"),
            "{command}: {output}"
        );
    }
}
