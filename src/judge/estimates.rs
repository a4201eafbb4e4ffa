//! A session's estimates: the inputs read from its answers, each figure computed from them,
//! and the user's own figure judged against it. Derived on demand, never stored, so that a
//! changed answer (after `:back`) changes every figure that depends on it.

use std::collections::BTreeMap;

use crate::content::answer::Answer;
use crate::content::problem;
use crate::content::procedure::{At, Prompt, PromptKind};
use crate::judge::case::Case;
use crate::units::figures::{self, Figure, Outcome};
use crate::units::formula::Verdict;
use crate::units::quantity::{self, Dimension, Quantity};

/// One figure as the user and the coach see it.
pub struct Estimate<'a> {
    pub(crate) figure: &'a Figure,
    /// The user's own figure, if they gave one.
    pub(crate) yours: Option<Quantity>,
    /// `yours` is an input the user stated before the figure (the read:write ratio).
    pub(crate) stated: bool,
    /// `yours` as the user typed it.
    pub(crate) said: Option<String>,
    pub outcome: Outcome,
}

impl Estimate<'_> {
    pub fn verdict(&self) -> Option<Verdict> {
        Some(figures::verdict(&self.yours?, &self.outcome.quantity()?))
    }
}

/// Every figure of a step, computed from the answers given so far; an input left
/// unanswered takes its suggested value (the problem's assumption or the procedure's default),
/// as pressing Enter at its prompt would.
pub fn review<'a>(case: &Case<'a, '_>, step: usize) -> Vec<Estimate<'a>> {
    let procedure = case.procedure;
    let conventions = &case.conventions;
    let answer = |at: At| match case.answer(at) {
        Some(Answer::Text(text)) => Some(text.clone()),
        _ => None,
    };
    let mut yours = BTreeMap::new();
    let mut checked = BTreeMap::new();
    for (at, prompt, unit) in quantity_prompts(case, step) {
        let Some(text) = answer(at) else {
            continue;
        };
        let Ok(quantity) = quantity::parse_with(&text, unit, conventions) else {
            continue;
        };
        if prompt.role.figure().is_some() {
            yours.insert(prompt.id.clone(), (quantity, text));
        } else if let Some(figure) = &prompt.checked_against {
            checked.insert(figure.clone(), (quantity, text));
        }
    }
    checked.retain(|figure, _| !yours.contains_key(figure));
    let figures = &procedure.steps[step].figures;
    let inputs = inputs(case, step, answer);
    let mut outcomes = figures::compute(figures, inputs, conventions);
    figures
        .iter()
        .map(|figure| {
            let given = yours.get(&figure.id).or(checked.get(&figure.id));
            Estimate {
                figure,
                yours: given.map(|(q, _)| *q),
                stated: checked.contains_key(&figure.id),
                said: given.map(|(_, text)| text.trim().to_string()),
                outcome: outcomes
                    .remove(&figure.id)
                    .unwrap_or(Outcome::Missing { needs: Vec::new() }),
            }
        })
        .collect()
}

/// The step's prompts that take a quantity, with their units.
fn quantity_prompts<'a>(
    case: &Case<'a, '_>,
    step: usize,
) -> impl Iterator<Item = (At, &'a Prompt, Dimension)> {
    let prompts = &case.procedure.steps[step].prompts;
    prompts
        .iter()
        .enumerate()
        .filter_map(move |(prompt, p)| match (p.unit, p.kind) {
            (Some(unit), PromptKind::Quantity) => Some((At { step, prompt }, p, unit)),
            _ => None,
        })
}

/// The inputs of a step's figures: each answer, or the suggested value where there is none.
fn inputs(
    case: &Case,
    step: usize,
    answer: impl Fn(At) -> Option<String>,
) -> BTreeMap<String, Quantity> {
    let conventions = &case.conventions;
    quantity_prompts(case, step)
        .filter(|(_, prompt, _)| prompt.role.figure().is_none())
        .filter_map(|(at, prompt, unit)| {
            let text = answer(at).or_else(|| case.default_for(at).map(str::to_string))?;
            let quantity = quantity::parse_with(&text, unit, conventions).ok()?;
            Some((prompt.id.clone(), quantity))
        })
        .collect()
}

/// The problem's own figures: every input at its suggested value and every figure computed
/// from them, by id. Reference notes show these, so that they agree with the tool.
fn reference_values(case: &Case) -> BTreeMap<String, Quantity> {
    let conventions = &case.conventions;
    let mut values = BTreeMap::new();
    for (step, definition) in case.procedure.steps.iter().enumerate() {
        let inputs = inputs(case, step, |_| None);
        let outcomes = figures::compute(&definition.figures, inputs.clone(), conventions);
        values.extend(inputs);
        values.extend(
            outcomes
                .into_iter()
                .filter_map(|(id, outcome)| Some((id, outcome.quantity()?))),
        );
    }
    values
}

/// A step's reference notes, with each `{{id}}` replaced by that input or figure as the
/// problem's assumptions make it.
pub(crate) fn reference_note(case: &Case, step_id: &str) -> Option<String> {
    let conventions = &case.conventions;
    let note = case.problem.reference.get(step_id)?;
    let places = problem::placeholders(note);
    if places.is_empty() {
        return Some(note.clone());
    }
    let values = reference_values(case);
    let mut filled = String::with_capacity(note.len());
    let mut last = 0;
    for (range, name) in places {
        filled.push_str(&note[last..range.start]);
        match values.get(name) {
            Some(value) => filled.push_str(&value.display_with(conventions).to_string()),
            None => filled.push_str(&note[range.clone()]),
        }
        last = range.end;
    }
    filled.push_str(&note[last..]);
    Some(filled)
}

/// The missing inputs of a figure, as `a + b, or c`.
pub(crate) fn needs(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Missing { needs } => needs
            .iter()
            .map(|ids| ids.join(" + "))
            .collect::<Vec<_>>()
            .join(", or "),
        Outcome::Failed(reason) => reason.clone(),
        _ => String::new(),
    }
}
