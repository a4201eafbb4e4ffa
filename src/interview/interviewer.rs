//! The scripted interviewer: answers the candidate's clarifying questions from the problem.
//!
//! Every clarification is scored against the question as a search engine scores documents
//! (BM25): the words of its question, keywords and answer, read through the text layer, and
//! the vocabulary's concepts, so that "p99" finds a latency answer and "celebs" one about
//! celebrities. Rare terms weigh more than common ones, so "timeline" in every answer does
//! not drown out "eventual consistency" in one.

use crate::content::problem::{Clarification, Problem};
use crate::text::words::{self, Text};

/// What the interviewer says when the script has nothing on the question.
pub(crate) const NO_ANSWER: &str =
    "I have no view on that one: make an assumption, say it out loud, and move on.";

/// BM25's term-frequency saturation and length normalisation.
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// A clarification's question and keywords say what it is about; its answer less so.
const TOPIC_WEIGHT: f64 = 2.0;
/// The least share of the question's information (its terms weighed by rarity) that the
/// best clarification must match to answer it.
const THRESHOLD: f64 = 0.35;
/// A second clarification answers a compound question too when it scores this share of
/// the best one, and the terms only it matches carry `SECOND_SHARE` of the question.
const SECOND: f64 = 0.5;
const SECOND_SHARE: f64 = 0.2;
/// The vocabulary's concept for what the candidate decides (language, framework, cloud,
/// team): asked about, and not in the script, it is the candidate's call.
const CANDIDATES_CALL: &str = "candidates-call";

/// Words of a question that say nothing about its topic.
const FILLER: &[&str] = &[
    "assume",
    "expect",
    "need",
    "want",
    "ok",
    "okay",
    "fine",
    "care",
    "consider",
    "design",
    "system",
    "question",
    "tell",
    "know",
    "roughly",
    "approximately",
    "really",
    "please",
    "wonder",
    "wondering",
    "worry",
    "think",
    "guess",
    "fair",
    "right",
    "go",
    "much",
    "should",
    "im",
    "id",
    "let",
    "sure",
    "there",
    "any",
    "be",
    "get",
    "thing",
    "things",
];

/// One term of a question or clarification: a word's stem, or a concept.
#[derive(Debug, Clone, PartialEq)]
enum Term {
    Word { word: String, stem: String },
    Concept(String),
}

impl Term {
    fn matches(&self, other: &Term) -> bool {
        match (self, other) {
            (Term::Word { word, stem }, Term::Word { word: w, stem: s }) => {
                stem == s || words::near(word, w)
            }
            (Term::Concept(a), Term::Concept(b)) => a == b,
            _ => false,
        }
    }
}

/// The clarifications that answer the question, best first: none, one, or two for a
/// question that asks about two things.
pub fn reply<'a>(problem: &'a Problem, question: &str) -> Vec<&'a Clarification> {
    let asked = [words::analyse(question)];
    let concepts: Vec<&str> = problem
        .vocabulary
        .ids()
        .filter(|id| !problem.vocabulary.mentions(id, &asked).is_empty())
        .collect();
    let query = dedup(terms(&asked[0], &concepts, problem));
    if query.is_empty() {
        return Vec::new();
    }
    let call = Term::Concept(CANDIDATES_CALL.to_string());
    let documents: Vec<Vec<(Term, f64)>> = problem
        .clarifications
        .iter()
        .map(|c| document(c, &concepts, problem))
        .collect();
    let scripted = |term: &Term| documents.iter().any(|d| d.iter().any(|(t, _)| t == term));
    if query.contains(&call) && !scripted(&call) {
        return Vec::new();
    }
    let ranked = rank(&query, &documents);
    let Some(&(best, top, ref covered)) = ranked.first() else {
        return Vec::new();
    };
    if matched_share(&query, covered, &documents) < THRESHOLD {
        return Vec::new();
    }
    let mut chosen = vec![&problem.clarifications[best]];
    let own_share = |terms: &[usize]| {
        let own: Vec<usize> = terms
            .iter()
            .copied()
            .filter(|t| !covered.contains(t))
            .collect();
        matched_share(&query, &own, &documents)
    };
    if compound(&asked[0])
        && let Some((second, _, _)) = ranked
            .iter()
            .skip(1)
            .find(|(_, score, terms)| *score >= SECOND * top && own_share(terms) >= SECOND_SHARE)
    {
        chosen.push(&problem.clarifications[*second]);
    }
    chosen
}

/// Whether a question joins two (`and`, `also`, `plus`, a comma or a second question).
fn compound(question: &Text) -> bool {
    question.sentences.len() > 1
        || question
            .sentences
            .iter()
            .flat_map(|s| &s.tokens)
            .any(|t| t.clause_end || matches!(t.word.as_str(), "and" | "also" | "plus" | "or"))
}

/// What the interviewer says to a question: the answers, or that it has no view and what
/// it can speak to.
pub(crate) fn answer(problem: &Problem, question: &str) -> String {
    let found = reply(problem, question);
    if found.is_empty() {
        let topics: Vec<String> = problem
            .clarifications
            .iter()
            .take(3)
            .map(|c| format!("\"{}\"", c.question))
            .collect();
        if topics.is_empty() {
            return NO_ANSWER.to_string();
        }
        return format!(
            "{NO_ANSWER} I can answer, for example: {}.",
            topics.join(", ")
        );
    }
    found
        .iter()
        .map(|c| c.answer.trim())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Each clarification's score and the query terms it matched, best first; ties keep the
/// script's order, which authors sort by importance.
fn rank(query: &[Term], documents: &[Vec<(Term, f64)>]) -> Vec<(usize, f64, Vec<usize>)> {
    let average = documents.iter().map(|d| length(d)).sum::<f64>() / documents.len().max(1) as f64;
    let mut ranked: Vec<(usize, f64, Vec<usize>)> = documents
        .iter()
        .enumerate()
        .map(|(index, document)| {
            let mut score = 0.0;
            let mut matched = Vec::new();
            for (at, term) in query.iter().enumerate() {
                let frequency: f64 = document
                    .iter()
                    .filter(|(t, _)| term.matches(t))
                    .map(|(_, weight)| weight)
                    .sum();
                if frequency > 0.0 {
                    let norm = K1 * (1.0 - B + B * length(document) / average.max(1.0));
                    score += idf(term, documents) * frequency * (K1 + 1.0) / (frequency + norm);
                    matched.push(at);
                }
            }
            (index, score, matched)
        })
        .filter(|(_, score, _)| *score > 0.0)
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    ranked
}

/// The share of the question's weight that the matched terms carry. A word no
/// clarification has weighs as a word only one has: it may be a topic the script lacks.
fn matched_share(query: &[Term], matched: &[usize], documents: &[Vec<(Term, f64)>]) -> f64 {
    let total = documents.len() as f64;
    let unknown = (1.0 + (total - 0.5) / 1.5).ln();
    let weight = |term: &Term| {
        let known = idf(term, documents);
        if documents
            .iter()
            .any(|d| d.iter().any(|(t, _)| term.matches(t)))
        {
            known
        } else {
            unknown
        }
    };
    let all: f64 = query.iter().map(weight).sum();
    let found: f64 = matched.iter().map(|&at| weight(&query[at])).sum();
    if all > 0.0 { found / all } else { 0.0 }
}

fn length(document: &[(Term, f64)]) -> f64 {
    document.iter().map(|(_, weight)| weight).sum()
}

/// How rare a term is among the clarifications: rarer terms tell more.
fn idf(term: &Term, documents: &[Vec<(Term, f64)>]) -> f64 {
    let total = documents.len() as f64;
    let holding = documents
        .iter()
        .filter(|d| d.iter().any(|(t, _)| term.matches(t)))
        .count() as f64;
    (1.0 + (total - holding + 0.5) / (holding + 0.5)).ln()
}

/// A clarification's terms with their weights: its question and keywords count double.
fn document(
    clarification: &Clarification,
    concepts: &[&str],
    problem: &Problem,
) -> Vec<(Term, f64)> {
    let topic = format!(
        "{}\n{}",
        clarification.question,
        clarification.keywords.join("\n")
    );
    let mut document: Vec<(Term, f64)> = terms(&words::analyse(&topic), concepts, problem)
        .into_iter()
        .map(|t| (t, TOPIC_WEIGHT))
        .collect();
    document.extend(
        terms(&words::analyse(&clarification.answer), concepts, problem)
            .into_iter()
            .map(|t| (t, 1.0)),
    );
    document
}

/// The content words of a text and those of `concepts` it mentions.
fn terms(analysed: &Text, concepts: &[&str], problem: &Problem) -> Vec<Term> {
    let mut terms: Vec<Term> = analysed
        .sentences
        .iter()
        .flat_map(|s| &s.tokens)
        .filter(|t| !t.function && !FILLER.contains(&t.word.as_str()))
        .map(|t| Term::Word {
            word: t.word.clone(),
            stem: t.stem.clone(),
        })
        .collect();
    let texts = std::slice::from_ref(analysed);
    terms.extend(
        concepts
            .iter()
            .filter(|id| !problem.vocabulary.mentions(id, texts).is_empty())
            .map(|id| Term::Concept(id.to_string())),
    );
    terms
}

fn dedup(terms: Vec<Term>) -> Vec<Term> {
    let mut unique: Vec<Term> = Vec::new();
    for term in terms {
        if !unique.contains(&term) {
            unique.push(term);
        }
    }
    unique
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::yaml::Origin;

    fn problem() -> Problem {
        let text =
            "format_version: 1\nid: x\ntitle: X\ndifficulty: easy\nstatement: s\nclarifications:
  - {question: Photos?, keywords: [photo, video, media], answer: 'Yes, photos.'}
  - {question: Scale?, keywords: [users, dau, scale], answer: 200M DAU.}
  - {question: Video length?, keywords: [video length, long videos], answer: Up to 2 minutes.}
  - {question: Consistency?, keywords: [consistency, stale], answer: Eventual consistency is fine for the timeline.}
  - {question: Timeline?, keywords: [timeline, home], answer: The home timeline is the main read path.}\n";
        Problem::load(&Origin::builtin("x.yaml"), text).unwrap()
    }

    fn answers(question: &str) -> Vec<String> {
        reply(&problem(), question)
            .iter()
            .map(|c| c.question.clone())
            .collect()
    }

    #[test]
    fn the_best_matching_clarification_answers() {
        assert_eq!(answers("Can tweets contain PHOTOS?"), ["Photos?"]);
        assert_eq!(answers("how many daily users, what scale?"), ["Scale?"]);
        assert_eq!(
            answers("is there a limit on video length"),
            ["Video length?"]
        );
        assert_eq!(
            answers("is eventual consistency ok for the timeline"),
            ["Consistency?"]
        );
        assert!(answers("which programming language?").is_empty());
    }

    #[test]
    fn questions_match_through_stems_and_typos_and_compounds_get_both() {
        assert_eq!(
            answers("Video lengths: any cap for long videos"),
            ["Video length?"]
        );
        let mut compound = answers("how many DAU and how long can videos be");
        compound.sort();
        assert_eq!(compound, ["Scale?", "Video length?"]);
        assert!(answers("a bulb").is_empty());
    }

    #[test]
    fn no_answer_names_what_can_be_asked() {
        let said = answer(&problem(), "what language do we use");
        assert!(said.starts_with(NO_ANSWER), "{said}");
        assert!(said.contains("\"Photos?\""), "{said}");
        assert_eq!(answer(&problem(), "how many users"), "200M DAU.");
    }
}
