//! The coach's view of a step: which of the problem's expected items the answers covered,
//! what the procedure's checks found, and the score (0 to 3) it proposes.

use crate::checks::{Finding, run_checks};
use crate::coverage::{Coverage, coverage};
use crate::engine::Engine;
use crate::session::{Answer, Session};

/// The top of the self-assessment scale.
pub const MAX_SCORE: u8 = 3;

pub struct Feedback<'a> {
    pub coverage: Coverage<'a>,
    pub findings: Vec<Finding>,
    /// How many of the step's prompts were answered (not skipped).
    pub answered: usize,
}

/// The feedback on one step from the answers given so far.
pub fn step_feedback<'a>(engine: &Engine<'a>, session: &Session, step: usize) -> Feedback<'a> {
    let procedure_step = &engine.procedure.steps[step];
    let answers: Vec<&Answer> = procedure_step
        .prompts
        .iter()
        .filter(|prompt| !prompt.assessment)
        .filter_map(|prompt| {
            session
                .answers
                .get(&format!("{}.{}", procedure_step.id, prompt.id))
        })
        .collect();
    let expected = engine
        .problem
        .expected
        .get(&procedure_step.id)
        .map_or(&[][..], Vec::as_slice);
    Feedback {
        coverage: coverage(expected, &answers),
        findings: run_checks(procedure_step, &session.answers, engine.problem),
        answered: answers.len(),
    }
}

impl Feedback<'_> {
    /// Nothing answered scores 0; otherwise the mean of the coverage and the share of checks
    /// passed, scaled to 1..=3, so that any honest attempt earns at least 1.
    pub fn proposed_score(&self) -> u8 {
        if self.answered == 0 {
            return 0;
        }
        let passed = self.findings.iter().filter(|f| f.passed).count();
        let mut parts = vec![self.coverage.ratio()];
        if !self.findings.is_empty() {
            parts.push(passed as f64 / self.findings.len() as f64);
        }
        let quality = parts.iter().sum::<f64>() / parts.len() as f64;
        (1.0 + quality * f64::from(MAX_SCORE - 1))
            .round()
            .clamp(1.0, f64::from(MAX_SCORE)) as u8
    }
}

/// The score the user gave a step, if they gave one.
fn chosen(engine: &Engine, session: &Session, step: usize) -> Option<u8> {
    let key = format!(
        "{}.{}",
        engine.procedure.steps[step].id,
        crate::procedure::SCORE_PROMPT
    );
    match session.answers.get(&key) {
        Some(Answer::Text(text)) => Some(text.parse().unwrap_or(0)),
        _ => None,
    }
}

impl Feedback<'_> {
    /// The step's score: the user's own when given, else this feedback's proposal.
    pub fn score(&self, engine: &Engine, session: &Session, step: usize) -> u8 {
        chosen(engine, session, step).unwrap_or_else(|| self.proposed_score())
    }
}

/// The score of a step: the user's own when given, else the coach's proposal.
pub fn score(engine: &Engine, session: &Session, step: usize) -> u8 {
    chosen(engine, session, step)
        .unwrap_or_else(|| step_feedback(engine, session, step).proposed_score())
}

/// The weighted share (0 to 1) that the steps' scores, in procedure order, add up to.
pub fn weighted(engine: &Engine, scores: &[u8]) -> f64 {
    let steps = &engine.procedure.steps;
    let weights: u32 = steps.iter().map(|step| step.weight).sum();
    let earned: u32 = scores
        .iter()
        .zip(steps)
        .map(|(score, step)| u32::from(*score) * step.weight)
        .sum();
    f64::from(earned) / f64::from(weights.max(1) * u32::from(MAX_SCORE))
}
