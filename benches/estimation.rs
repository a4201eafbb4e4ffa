//! Cost of one whole estimation step: every answer parsed and every figure evaluated.

use std::collections::BTreeMap;

use divan::black_box;
use sdcoach::estimate::{self, EstimateArgs};
use sdcoach::formula::Formula;
use sdcoach::quantity::{self, Conventions, Dimension};

fn main() {
    divan::main();
}

const ANSWERS: [(&str, &str, Dimension); 8] = [
    ("dau", "200M", Dimension::Count),
    ("writes_per_user", "2 per user per day", Dimension::Rate),
    ("reads_per_user", "100/day", Dimension::Rate),
    ("record_size", "140 B + 64 B", Dimension::Size),
    ("retention", "5 years", Dimension::Duration),
    ("peak_factor", "2", Dimension::Ratio),
    ("replication", "3", Dimension::Count),
    ("cache_fraction", "20%", Dimension::Ratio),
];

const FIGURES: [(&str, &str, Dimension); 7] = [
    ("write_qps", "dau * writes_per_user", Dimension::Rate),
    ("read_qps", "dau * reads_per_user", Dimension::Rate),
    ("peak_write_qps", "write_qps * peak_factor", Dimension::Rate),
    (
        "storage_per_day",
        "write_qps * day * record_size",
        Dimension::Size,
    ),
    (
        "storage_total",
        "write_qps * retention * record_size * replication",
        Dimension::Size,
    ),
    (
        "read_bandwidth",
        "read_qps * record_size",
        Dimension::Bandwidth,
    ),
    (
        "cache_memory",
        "cache_fraction * read_qps * day * record_size",
        Dimension::Size,
    ),
];

/// Parses the answers and the formulas, then evaluates and explains every figure.
#[divan::bench]
fn parse_and_evaluate_step() -> usize {
    let conventions = Conventions::default();
    let mut values = BTreeMap::new();
    for (id, answer, dimension) in ANSWERS {
        let quantity = quantity::parse(black_box(answer), dimension).unwrap();
        values.insert(id.to_string(), quantity);
    }
    let mut explained = 0;
    for (id, source, unit) in FIGURES {
        let formula = Formula::parse(black_box(source)).unwrap();
        let quantity = formula.evaluate_as(&values, &conventions, unit).unwrap();
        explained += formula.explain(&values, &conventions).unwrap().len();
        values.insert(id.to_string(), quantity);
    }
    explained
}

/// The whole `sdcoach estimate` command without printing, embedded YAML load included.
#[divan::bench]
fn estimate_command() -> usize {
    let args = EstimateArgs {
        dau: Some("200M".into()),
        writes_per_user: Some("2 per user per day".into()),
        reads_per_user: Some("100/day".into()),
        size: "140 B + 64 B".into(),
        retention: Some("5 years".into()),
        ..EstimateArgs::default()
    };
    estimate::run(black_box(&args)).unwrap().len()
}
