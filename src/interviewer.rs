//! The scripted interviewer: answers the candidate's clarifying questions from the problem.

use crate::problem::{Clarification, Problem};
use crate::text;

/// What the interviewer says when the script has nothing on the question.
pub const NO_ANSWER: &str =
    "I'd leave that to you: make an assumption, say it out loud, and move on.";

/// The clarification whose keywords the question mentions most, read through the text
/// layer (stems, identifiers, small typos); ties go to the one listed first, which authors
/// put first because it matters most.
pub fn reply<'a>(problem: &'a Problem, question: &str) -> Option<&'a Clarification> {
    let question = [text::analyse(question)];
    let mut best: Option<(usize, &Clarification)> = None;
    for clarification in &problem.clarifications {
        let score = clarification
            .keywords
            .iter()
            .filter(|keyword| problem.vocabulary.phrase_found(keyword, &question))
            .count();
        if score > 0 && best.is_none_or(|(top, _)| score > top) {
            best = Some((score, clarification));
        }
    }
    best.map(|(_, clarification)| clarification)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::Origin;

    fn problem() -> Problem {
        let text =
            "format_version: 1\nid: x\ntitle: X\ndifficulty: easy\nstatement: s\nclarifications:
  - {question: Photos?, keywords: [photo, video, media], answer: 'Yes, photos.'}
  - {question: Scale?, keywords: [users, dau, scale], answer: 200M DAU.}
  - {question: Video length?, keywords: [video length, long videos], answer: Up to 2 minutes.}\n";
        Problem::load(&Origin::builtin("x.yaml"), text).unwrap()
    }

    #[test]
    fn the_best_matching_clarification_answers() {
        let problem = problem();
        assert_eq!(
            reply(&problem, "Can tweets contain PHOTOS?")
                .unwrap()
                .answer,
            "Yes, photos."
        );
        assert_eq!(
            reply(&problem, "how many daily users, what scale?")
                .unwrap()
                .answer,
            "200M DAU."
        );
        assert_eq!(
            reply(
                &problem,
                "is there a limit on video length, for long videos?"
            )
            .unwrap()
            .answer,
            "Up to 2 minutes."
        );
        assert!(reply(&problem, "which programming language?").is_none());
    }

    #[test]
    fn questions_match_through_stems_and_typos() {
        let problem = problem();
        assert_eq!(
            reply(&problem, "Video lengths: any cap for long videos")
                .unwrap()
                .answer,
            "Up to 2 minutes."
        );
        assert!(reply(&problem, "a bulb").is_none());
    }
}
