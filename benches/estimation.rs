//! Cost of one whole estimation step as the interview runs it: every input answer parsed,
//! every figure of the built-in procedure evaluated, explained and judged.

use std::path::Path;

use divan::black_box;
use sdcoach::content::answer::Answer;
use sdcoach::content::catalog::{Catalog, Loaded};
use sdcoach::interview::engine::Engine;
use sdcoach::interview::session::Settings;
use sdcoach::judge::estimates;
use sdcoach::report::estimate::{self, EstimateArgs};
use sdcoach::units::quantity::{Amount, Dimension};

fn main() {
    divan::main();
}

const ANSWERS: [(&str, &str); 12] = [
    ("estimation.dau", "200M"),
    ("estimation.writes_per_user", "2 per user per day"),
    ("estimation.reads_per_user", "100/day"),
    ("estimation.record_size", "140 B + 64 B"),
    ("estimation.media_size", "1 MB"),
    ("estimation.media_fraction", "20%"),
    ("estimation.retention", "5 years"),
    ("estimation.replication", "3"),
    ("estimation.write_qps", "4.5K/s"),
    ("estimation.read_qps", "200K/s"),
    ("estimation.storage_per_day", "80 TB"),
    ("estimation.cache_memory", "1 TB"),
];

fn twitter() -> Loaded {
    let catalog = Catalog::discover(Path::new("/nonexistent"), None, None).unwrap();
    catalog.load("twitter").unwrap()
}

/// Parses the step's answers, then computes, explains and judges every figure.
#[divan::bench]
fn estimation_step(bencher: divan::Bencher) {
    let loaded = twitter();
    let engine = Engine::new(&loaded.procedure, &loaded.problem);
    let now = jiff::Timestamp::UNIX_EPOCH;
    let mut session = engine.start(
        "bench".into(),
        now,
        Settings {
            minutes: 45,
            timer: true,
            seed: 1,
            month_seconds: 2_592_000,
            binary: false,
        },
    );
    for (key, value) in ANSWERS {
        session
            .answers
            .insert(key.parse().unwrap(), Answer::Text(value.into()));
    }
    let step = loaded.procedure.step_index("estimation").unwrap();
    bencher.bench_local(|| {
        let review = estimates::review(&engine.case(black_box(&session)), step);
        review.iter().filter(|e| e.verdict().is_some()).count()
    });
}

/// The whole `sdcoach estimate` command without printing.
#[divan::bench]
fn estimate_command(bencher: divan::Bencher) {
    let loaded = twitter();
    let step = &loaded.procedure.steps[loaded.procedure.step_index("estimation").unwrap()];
    let amount = |text: &str, dimension| Some(Amount::read(text, dimension).unwrap());
    let args = EstimateArgs {
        dau: amount("200M", Dimension::Count),
        writes_per_user: amount("2 per user per day", Dimension::Rate),
        reads_per_user: amount("100/day", Dimension::Rate),
        size: amount("140 B + 64 B", Dimension::Size),
        retention: amount("5 years", Dimension::Duration),
        ..EstimateArgs::default()
    };
    bencher.bench_local(|| estimate::run(black_box(&args), step).unwrap().len());
}
