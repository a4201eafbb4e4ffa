//! Cost of the work behind the commands: loading the content, running a whole scripted
//! interview through the engine with and without saving it, and exporting a very long
//! transcript.

use std::collections::BTreeMap;
use std::path::Path;

use divan::black_box;
use sdcoach::content::answer::Answer;
use sdcoach::content::catalog::Catalog;
use sdcoach::content::key::PromptKey;
use sdcoach::content::problem::Problem;
use sdcoach::content::procedure::{Procedure, PromptKind};
use sdcoach::content::yaml::Origin;
use sdcoach::interview::engine::{Engine, Event, Outcome};
use sdcoach::interview::session::{Session, Settings};
use sdcoach::report::export;
use sdcoach::store::sessions::Store;
use sdcoach::units::quantity::Dimension;

fn main() {
    divan::main();
}

const SETTINGS: Settings = Settings {
    minutes: 45,
    timer: true,
    seed: 1,
    month_seconds: 2_592_000,
    binary: false,
};

fn catalog() -> Catalog {
    Catalog::discover(Path::new("/nonexistent"), None, None).unwrap()
}

/// What `sdcoach list` parses: every built-in procedure and problem.
#[divan::bench]
fn load_every_builtin() -> usize {
    let (loaded, errors) = catalog().load_all();
    assert!(errors.is_empty(), "{errors:?}");
    loaded.len()
}

/// A plausible answer for every prompt, as an answers file would hold it.
fn answers_for(engine: &Engine) -> BTreeMap<PromptKey, Answer> {
    let procedure = engine.procedure;
    procedure
        .positions()
        .map(|at| {
            let prompt = procedure.prompt(at);
            let answer = match prompt.kind {
                PromptKind::List => Answer::List(vec!["a cache".into(), "a queue".into()]),
                PromptKind::Confirm => Answer::Flag(true),
                PromptKind::Choice => Answer::Text(prompt.options[0].clone()),
                PromptKind::Quantity => {
                    let typical = match prompt.unit.unwrap_or(Dimension::Count) {
                        Dimension::Count => "1000",
                        Dimension::Size => "1 KB",
                        Dimension::Duration => "1 year",
                        Dimension::Rate => "1000/s",
                        Dimension::Bandwidth => "1 MB/s",
                        Dimension::Ratio => "2",
                    };
                    Answer::Text(engine.default_for(at).unwrap_or(typical).into())
                }
                _ => Answer::Text("Tweets, follows and the home timeline.".into()),
            };
            (procedure.key(at), answer)
        })
        .collect()
}

/// Answers every prompt of `session` in turn until the interview is finished, calling
/// `after_each` once the engine has taken each answer.
fn answer_all(
    engine: &Engine,
    answers: &BTreeMap<PromptKey, Answer>,
    session: &mut Session,
    mut after_each: impl FnMut(&mut Session),
) {
    let now = jiff::Timestamp::UNIX_EPOCH;
    let mut outcome = engine.resume(session, now).unwrap();
    while let Outcome::Ask(turn) = outcome {
        let answer = answers[&engine.procedure.key(turn.at)].clone();
        outcome = engine.apply(session, Event::Answer(answer), now);
        after_each(session);
    }
    assert!(matches!(outcome, Outcome::Finished { .. }), "{outcome:?}");
}

/// A whole Twitter interview: started, every prompt answered, finished.
#[divan::bench]
fn scripted_twitter_session(bencher: divan::Bencher) {
    let loaded = catalog().load("twitter").unwrap();
    let engine = Engine::new(&loaded.procedure, &loaded.problem);
    let answers = answers_for(&engine);
    bencher.bench_local(|| {
        let mut session = engine.start("bench".into(), jiff::Timestamp::UNIX_EPOCH, SETTINGS);
        answer_all(&engine, &answers, &mut session, |_| {});
        black_box(session)
    });
}

/// The same interview saved after every answer, as `start --answers` saves it: one atomic
/// snapshot per answer.
#[divan::bench]
fn scripted_twitter_session_saved(bencher: divan::Bencher) {
    let loaded = catalog().load("twitter").unwrap();
    let engine = Engine::new(&loaded.procedure, &loaded.problem);
    let answers = answers_for(&engine);
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path().to_path_buf()).without_fsync();
    let mut runs = 0;
    bencher.bench_local(|| {
        runs += 1;
        let id = format!("bench-{runs}");
        let mut session = engine.start(id, jiff::Timestamp::UNIX_EPOCH, SETTINGS);
        let mut file = store.open(&mut session).unwrap();
        answer_all(&engine, &answers, &mut session, |session| {
            file.save(session).unwrap()
        });
        file.close(&mut session).unwrap();
        black_box(session)
    });
}

/// A procedure of 10 steps of 500 text prompts, and a problem that follows it.
fn long_procedure() -> (Procedure, Problem) {
    let mut yaml = String::from("format_version: 1\nid: long\ntitle: Long\nsteps:\n");
    for step in 0..10 {
        yaml.push_str(&format!(
            "  - id: s{step}\n    title: Step {step}\n    minutes: 4\n    goal: g\n    prompts:\n"
        ));
        for prompt in 0..500 {
            yaml.push_str(&format!(
                "      - {{id: p{prompt}, kind: text, question: Question {prompt}?}}\n"
            ));
        }
    }
    let problem = "format_version: 1\nid: x\ntitle: X\ndifficulty: easy\nstatement: Build X.\nprocedure: long\n";
    (
        Procedure::load(&Origin::builtin("long.yaml"), &yaml).unwrap(),
        Problem::load(&Origin::builtin("x.yaml"), problem).unwrap(),
    )
}

/// The transcript of a session with 5,000 answers.
#[divan::bench]
fn export_5000_answers(bencher: divan::Bencher) {
    let (procedure, problem) = long_procedure();
    let engine = Engine::new(&procedure, &problem);
    let mut session = engine.start("bench".into(), jiff::Timestamp::UNIX_EPOCH, SETTINGS);
    for at in procedure.positions() {
        let answer = format!("Answer to {}, with *emphasis* and a | pipe.", at.prompt);
        session
            .answers
            .insert(procedure.key(at), Answer::Text(answer));
    }
    assert_eq!(session.answers.len(), 5000);
    bencher.bench_local(|| export::transcript(black_box(&session), &engine).len());
}

/// The judge's whole work on a finished Twitter interview in a candidate's own words:
/// every step's items, checks and figures. Target: under 5 ms.
#[divan::bench]
fn grade_twitter_session(bencher: divan::Bencher) {
    let loaded = catalog().load("twitter").unwrap();
    let engine = Engine::new(&loaded.procedure, &loaded.problem);
    let mut session = engine.start("bench".into(), jiff::Timestamp::UNIX_EPOCH, SETTINGS);
    let text = include_str!("../tests/corpus/twitter-answers.yaml");
    let values: BTreeMap<PromptKey, serde_yaml::Value> = serde_yaml::from_str(text).unwrap();
    for (key, value) in values {
        let answer = match value {
            serde_yaml::Value::Bool(flag) => Answer::Flag(flag),
            serde_yaml::Value::Sequence(items) => Answer::List(
                items
                    .iter()
                    .filter_map(|i| i.as_str().map(str::to_string))
                    .collect(),
            ),
            other => Answer::Text(other.as_str().unwrap_or_default().to_string()),
        };
        session.answers.insert(key, answer);
    }
    let steps = loaded.procedure.steps.len();
    bencher.bench_local(|| {
        (0..steps)
            .map(|step| {
                sdcoach::judge::feedback::step_feedback(&engine.case(black_box(&session)), step)
            })
            .map(|feedback| feedback.proposed_score().get())
            .sum::<u8>()
    });
}
