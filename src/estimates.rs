//! A session's estimates: the inputs read from its answers, each figure computed from them,
//! and the user's own figure judged against it. Derived on demand, never stored, so that a
//! changed answer (after `:back`) changes every figure that depends on it.

use std::collections::BTreeMap;

use crate::engine::Engine;
use crate::figures::{self, Figure, Outcome};
use crate::formula::Verdict;
use crate::procedure::{At, PromptKind};
use crate::quantity::{self, Conventions, Quantity};
use crate::session::{Answer, Session};

/// One figure as the user and the coach see it.
pub struct Estimate<'a> {
    pub figure: &'a Figure,
    /// The user's own figure, if they gave one.
    pub yours: Option<Quantity>,
    /// `yours` is an input the user stated before the figure (the read:write ratio).
    pub stated: bool,
    /// `yours` as the user typed it.
    pub said: Option<String>,
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
pub fn review<'a>(
    engine: &Engine<'a>,
    step: usize,
    session: &Session,
    conventions: &Conventions,
) -> Vec<Estimate<'a>> {
    let procedure = engine.procedure;
    let answer = |at: At| match session.answers.get(&procedure.key(at)) {
        Some(Answer::Text(text)) => Some(text.clone()),
        _ => None,
    };
    let positions = (0..procedure.steps[step].prompts.len()).map(|prompt| At { step, prompt });
    let mut inputs = BTreeMap::new();
    let mut yours = BTreeMap::new();
    let mut checked = BTreeMap::new();
    for at in positions {
        let prompt = procedure.prompt(at);
        let (Some(unit), PromptKind::Quantity) = (prompt.unit, prompt.kind) else {
            continue;
        };
        let given = |text: String| {
            let quantity = quantity::parse_with(&text, unit, conventions).ok()?;
            Some((quantity, text))
        };
        if prompt.figure.is_some() {
            yours.extend(answer(at).and_then(given).map(|q| (prompt.id.clone(), q)));
            continue;
        }
        if let Some(figure) = &prompt.checked_against
            && let Some(quantity) = answer(at).and_then(given)
        {
            checked.insert(figure.clone(), quantity);
        }
        let text = answer(at).or_else(|| engine.default_for(at).map(str::to_string));
        if let Some(quantity) =
            text.and_then(|text| quantity::parse_with(&text, unit, conventions).ok())
        {
            inputs.insert(prompt.id.clone(), quantity);
        }
    }
    checked.retain(|figure, _| !yours.contains_key(figure));
    let figures = &procedure.steps[step].figures;
    let mut outcomes = figures::compute(figures, inputs, conventions);
    figures
        .iter()
        .map(|figure| Estimate {
            figure,
            yours: yours
                .get(&figure.id)
                .or(checked.get(&figure.id))
                .map(|(q, _)| *q),
            stated: checked.contains_key(&figure.id),
            said: yours
                .get(&figure.id)
                .or(checked.get(&figure.id))
                .map(|(_, text)| text.trim().to_string()),
            outcome: outcomes
                .remove(&figure.id)
                .unwrap_or(Outcome::Missing { needs: Vec::new() }),
        })
        .collect()
}

/// The missing inputs of a figure, as `a + b, or c`.
pub fn needs(outcome: &Outcome) -> String {
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
