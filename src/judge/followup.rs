//! Follow-up questions chosen from what the candidate wrote: a probe whose condition holds
//! for a step's answers (a concept said or not, a box in the diagram, an item missed).

use crate::content::problem::{Condition, Probe, Problem};
use crate::content::vocabulary::Vocabulary;
use crate::judge::coverage::{self, Answers, Judged, Status};
use crate::text::words::Text;

/// The questions of the step's probes whose conditions hold, in the problem's order, each
/// with `{box}` replaced by the diagram box that met its condition.
pub(crate) fn eligible(
    problem: &Problem,
    step_id: &str,
    answers: &[String],
    boxes: &[String],
) -> Vec<String> {
    let analysed = Answers::new(answers, false);
    let items = problem.expected.get(step_id).map_or(&[][..], Vec::as_slice);
    let judged = coverage::judge(items, &analysed, &problem.vocabulary, &[]);
    problem
        .probes
        .get(step_id)
        .into_iter()
        .flatten()
        .filter_map(|probe| {
            let Some(condition) = probe.condition() else {
                return Some(probe.question().to_string());
            };
            let named = holds(
                condition,
                &analysed.texts,
                &problem.vocabulary,
                &judged,
                boxes,
            )?;
            Some(match named {
                Some(name) => probe.question().replace("{box}", name),
                None => probe.question().to_string(),
            })
        })
        .collect()
}

/// Whether the condition holds: `None` if not, else the diagram box it names, if any.
fn holds<'a>(
    condition: &Condition,
    texts: &[Text],
    vocabulary: &Vocabulary,
    judged: &[Judged],
    boxes: &'a [String],
) -> Option<Option<&'a str>> {
    let says = |concept: &String| {
        vocabulary
            .mentions(concept, texts)
            .iter()
            .any(|m| !m.negated && !m.rejected)
    };
    if !condition.said.is_empty() && !condition.said.iter().any(says) {
        return None;
    }
    if condition.unsaid.iter().any(says) {
        return None;
    }
    let missed = |name: &String| {
        judged
            .iter()
            .any(|j| &j.item.item == name && j.status != Status::Covered)
    };
    if !condition.missed.is_empty() && !condition.missed.iter().any(missed) {
        return None;
    }
    if condition.boxes.is_empty() {
        return Some(None);
    }
    let named = boxes
        .iter()
        .find(|name| vocabulary.names_any(name, &condition.boxes))?;
    Some(Some(named.as_str()))
}

/// The verdict on a follow-up's answer, against the points the probe expects.
pub(crate) fn judge<'a>(
    probe: &'a Probe,
    answer: &str,
    vocabulary: &Vocabulary,
) -> Vec<Judged<'a>> {
    let answers = Answers::new(&[answer.to_string()], false);
    coverage::judge(probe.expect(), &answers, vocabulary, &[])
}

/// The probe a follow-up question came from: by its text, or by its text with `{box}`.
pub(crate) fn probe_of<'a>(
    problem: &'a Problem,
    step_id: &str,
    question: &str,
) -> Option<&'a Probe> {
    problem.probes.get(step_id)?.iter().find(|probe| {
        let template = probe.question();
        match template.split_once("{box}") {
            Some((before, after)) => question.starts_with(before) && question.ends_with(after),
            None => template == question,
        }
    })
}
