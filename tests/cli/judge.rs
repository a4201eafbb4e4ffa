//! The judge against a labelled corpus of answers: paraphrases, negations, contradictions,
//! typos and junk, each with the verdict a strong engineer would give.

use serde::Deserialize;

use sdcoach::content::expected::ExpectedItem;
use sdcoach::content::vocabulary::Vocabulary;
use sdcoach::judge::coverage::{self, Answers, Status};

#[derive(Deserialize)]
struct Entry {
    item: ExpectedItem,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    answer: String,
    status: Status,
}

#[test]
fn the_judge_agrees_with_the_labelled_corpus() {
    let text = include_str!("../corpus/judge.yaml");
    let entries: Vec<Entry> = serde_yaml::from_str(text).expect("the corpus parses");
    let mut wrong = Vec::new();
    let mut total = 0;
    for entry in &entries {
        for case in &entry.cases {
            total += 1;
            let answers = Answers::new(std::slice::from_ref(&case.answer), false);
            let judged = coverage::judge(
                std::slice::from_ref(&entry.item),
                &answers,
                Vocabulary::builtin(),
                &[],
            );
            if judged[0].status != case.status {
                wrong.push(format!(
                    "{}: {:?} is {:?}, expected {:?} (evidence {:?})",
                    entry.item.item, case.answer, judged[0].status, case.status, judged[0].evidence
                ));
            }
            if let Some(evidence) = &judged[0].evidence {
                for piece in evidence
                    .split("...")
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                {
                    assert!(
                        case.answer.contains(piece),
                        "evidence {piece:?} is not in {:?}",
                        case.answer
                    );
                }
            }
        }
    }
    assert!(total >= 40, "{total} cases");
    assert!(
        wrong.is_empty(),
        "{} of {total} wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
