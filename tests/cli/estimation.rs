//! The estimation commands as a user runs them.

use predicates::prelude::*;

use crate::env::TestEnv;

fn estimate_json(args: &[&str]) -> serde_json::Value {
    let output = TestEnv::new()
        .command()
        .arg("estimate")
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.stdout.ends_with(b"}\n"),
        "the JSON ends with a newline"
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn estimate_json_gives_every_figure_in_base_units() {
    let figures = estimate_json(&[
        "--dau",
        "200M",
        "--writes-per-user",
        "2 per user per day",
        "--read-ratio",
        "100:1",
        "--size",
        "300 B",
        "--retention",
        "5 years",
        "--replication",
        "3",
    ]);
    let write_qps = figures["write_qps"].as_f64().unwrap();
    assert!((write_qps - 400e6 / 86_400.0).abs() < 1e-6, "{figures}");
    assert_eq!(figures["storage_per_day_bytes"].as_f64(), Some(120e9));
    let total = figures["storage_total_bytes"].as_f64().unwrap();
    assert!((total - 120e9 * 365.0 * 5.0 * 3.0).abs() < 1.0, "{figures}");
    assert_eq!(figures["read_write_ratio"].as_f64(), Some(100.0));
    assert_eq!(figures["conventions"]["units"], "decimal");
}

#[test]
fn estimate_json_numbers_ignore_binary_display_and_missing_figures_are_null() {
    let args = [
        "--writes",
        "1B/month",
        "--size",
        "1 KB",
        "--month-seconds",
        "2.5M",
    ];
    let decimal = estimate_json(&args);
    let binary = estimate_json(&[&args[..], &["--binary"]].concat());
    assert_eq!(decimal["write_qps"].as_f64(), Some(400.0));
    assert_eq!(
        decimal["write_bandwidth_bytes_per_s"],
        binary["write_bandwidth_bytes_per_s"]
    );
    assert!(decimal["read_qps"].is_null());
    // Left out, the retention is the procedure's five years.
    assert!(decimal["storage_total_bytes"].as_f64().is_some());
}

#[test]
fn estimate_table_shows_conventions_inputs_and_formula_lines() {
    let env = TestEnv::new();
    let table = env.run_ok(&[
        "estimate",
        "--dau",
        "200M",
        "--writes-per-user",
        "2/day",
        "--read-ratio",
        "100",
        "--size",
        "300 B",
        "--retention",
        "5 years",
        "--peak-factor",
        "3",
        "--replication",
        "3",
    ]);
    insta::assert_snapshot!("estimate_table", env.redacted(&table));
}

#[test]
fn estimate_table_names_what_a_missing_figure_needs() {
    TestEnv::new()
        .command()
        .args([
            "estimate",
            "--dau",
            "200M",
            "--writes-per-user",
            "0.5/day",
            "--size",
            "300 B",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "dau × writes_per_user = 200 M × 0.5/day = 1.16 K/s",
        ))
        .stdout(predicate::str::contains(
            "read QPS                 -            needs --reads or --reads-per-user or --read-ratio",
        ))
        .stdout(predicate::str::contains(
            "--retention              5 years      the procedure's default",
        ));
}

#[test]
fn estimate_bad_value_exits_2_naming_the_option() {
    TestEnv::new()
        .command()
        .args(["estimate", "--writes", "10M/month", "--size", "5K"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "invalid value '5K' for '--size <SIZE>': a size needs a unit such as KB or KiB; did you mean '5 KB'?",
        ));
}

fn calc(expr: &str) -> assert_cmd::assert::Assert {
    TestEnv::new().command().args(["calc", expr]).assert()
}

#[test]
fn calc_reads_b_as_bytes_and_leads_with_three_figures() {
    for (expr, shown) in [
        ("300 B", "300 B\n"),
        ("140 B + 64 B", "204 B\n"),
        ("100M * 300 B", "30 GB\n"),
        ("100M * 300 B / day", "347 KB/s (≈ 347222.222222222 B/s)\n"),
        ("1 TB / 1 KB", "1 bn\n"),
        ("2^40 B to TB", "1.1 TB (1.099511627776 TB)\n"),
    ] {
        calc(expr).success().stdout(shown);
    }
}

#[test]
fn calc_tells_megabytes_from_megabits() {
    calc("10 MBps").success().stdout("10 MB/s\n");
    calc("10 Mbps").success().stdout("1.25 MB/s (10 Mbit/s)\n");
    calc("10 Gbps to MB/s").success().stdout("1250 MB/s\n");
}

#[test]
fn calc_converts_to_the_unit_asked_for() {
    calc("500M * 2 / day to 1/s")
        .success()
        .stdout("11600/s (≈ 11574.0740740741/s)\n");
    TestEnv::new()
        .command()
        .args(["calc", "--month-seconds", "2.5M", "400/s * 1 month"])
        .assert()
        .success()
        .stdout("1 bn\n");
}

#[test]
fn calc_refuses_bits_clashes_and_overflow_with_exit_2() {
    calc("5 kb to bytes")
        .code(2)
        .stderr(predicate::str::contains("did you mean KB (kilobytes)?"));
    calc("1 GB + 1 s").code(2).stderr(predicate::str::contains(
        "could not calculate '1 GB + 1 s': cannot add a size and a duration",
    ));
    calc("10^10^10^10")
        .code(2)
        .stderr(predicate::str::contains("not a finite number"));
}

#[test]
fn numbers_prints_the_reference_sheet_with_sources() {
    let env = TestEnv::new();
    insta::assert_snapshot!("numbers", env.redacted(&env.run_ok(&["numbers"])));
}

#[test]
fn the_read_write_ratio_stated_up_front_is_judged_against_the_rates() {
    let env = TestEnv::new();
    // Twitter's rates imply 200 reads per write: 10:1 is the right order of magnitude at best.
    let answers = env.write("a.yaml", "estimation.read_ratio: \"10:1\"\n");
    let run = env
        .command()
        .args(["start", "twitter", "--answers"])
        .arg(&answers)
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&run.stderr);
    assert!(shown.contains("Yours, as stated earlier: 10, "), "{shown}");
    let report: serde_json::Value =
        serde_json::from_str(&env.run_ok(&["export", "--json"])).unwrap();
    let estimation = &report["steps"][1];
    let figure = estimation["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "read_write_ratio")
        .expect("the ratio figure");
    assert_eq!(figure["yours"], 10.0, "{figure}");
    assert_ne!(figure["verdict"], "close", "{figure}");
}

#[test]
fn values_that_cannot_be_are_refused_with_the_bound() {
    let env = TestEnv::new();
    for (flag, value, said) in [
        (
            "--replication",
            "0",
            "--replication: '0' is less than 1, the least it can be",
        ),
        ("--peak-factor", "0", "--peak-factor: '0' is less than 1"),
        (
            "--cache-fraction",
            "200%",
            "--cache-fraction: '200%' is more than 100 %",
        ),
        ("--read-ratio", "0", "--read-ratio: '0' must be more than 0"),
        (
            "--month-seconds",
            "0.4",
            "invalid value '0.4' for '--month-seconds <N>': it must be the seconds in a month",
        ),
        ("--month-seconds", "1e300", "between 28 and 31 days"),
    ] {
        env.command()
            .args([
                "estimate", "--writes", "1M/day", "--size", "1 KB", flag, value,
            ])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(said));
    }
    // Hedged figures are read as the figure.
    let answers = env.write(
        "a.yaml",
        "estimation.read_ratio: \"about 200:1\"\nestimation.peak_factor: \"~3x\"\n",
    );
    env.start_twitter(&answers).success();
}

const NOTED: &str = "format_version: 1\nid: noted\ntitle: Noted\ndifficulty: easy\nstatement: Build it.\nassumptions:\n  estimation.dau: 10M\n  estimation.writes_per_user: 2/day\n  estimation.reads_per_user: 20/day\n  estimation.record_size: 1 KB\nreference:\n  estimation: |\n    - Writes: {{write_qps}} on {{dau}} users; cache {{ cache_memory }}.\n";

#[test]
fn reference_notes_show_the_figures_the_problem_assumes() {
    let env = TestEnv::new();
    let problem = env.write("noted.yaml", NOTED);
    let answers = env.write("answers.yaml", "estimation.dau: 50M\n");
    let problem = problem.to_str().unwrap();
    env.command()
        .args(["start", "noted", "--problem", problem, "--answers"])
        .arg(&answers)
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "Writes: 231/s on 10 M users; cache 40 GB.",
        ));
    let transcript = env.run_ok(&["export", "--problem", problem]);
    assert!(
        transcript.contains("> - Writes: 231/s on 10 M users; cache 40 GB."),
        "the note keeps the problem's own figures, not the user's 50M: {transcript}"
    );
}

#[test]
fn a_reference_note_naming_no_figure_is_refused_with_its_line() {
    let env = TestEnv::new();
    let problem = env.write("noted.yaml", &NOTED.replace("{{dau}}", "{{daus}}"));
    let report = env
        .command()
        .args(["validate"])
        .arg(&problem)
        .output()
        .unwrap();
    assert_eq!(report.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&report.stdout);
    assert!(
        stdout.contains("noted.yaml:13: reference notes for `estimation` show `{{daus}}`, which is neither an input nor a figure of procedure `standard` (its figures: write_qps, read_qps,"),
        "{stdout}"
    );
}
