//! The coach's view of a step: how each of the problem's expected items fared in the
//! answers, what the procedure's checks found, and the score (0 to 3) it proposes.

use crate::content::answer::Answer;
use crate::content::key::PromptKey;
use crate::content::procedure::{Procedure, Role};
use crate::content::score::Score;
use crate::judge::case::Case;
use crate::judge::checks::{Finding, run_checks};
use crate::judge::coverage::{self, Answers, Judged, Status};
use crate::judge::estimates;
use crate::units::formula::Verdict;

pub struct Feedback<'a> {
    pub(crate) items: Vec<Judged<'a>>,
    /// The follow-up questions asked at the end of the step, with the verdicts on their
    /// answers.
    pub(crate) follow_ups: Vec<FollowUp<'a>>,
    /// The points about the session's changed constraint that this step should make.
    pub(crate) twist: Vec<Judged<'a>>,
    pub(crate) findings: Vec<Finding>,
    /// The verdict on each figure the step's inputs give, none where the user gave no
    /// figure of their own.
    pub(crate) figures: Vec<Option<Verdict>>,
    /// How many of the step's prompts were answered (not skipped).
    pub(crate) answered: usize,
}

/// A follow-up question, its answer (none if skipped) and the points it earned.
pub(crate) struct FollowUp<'a> {
    pub(crate) question: String,
    pub(crate) answer: Option<String>,
    pub(crate) items: Vec<Judged<'a>>,
}

/// The step's follow-ups as asked, each judged against its probe's expected points.
fn follow_ups<'a>(case: &Case<'a, '_>, step: usize) -> Vec<FollowUp<'a>> {
    let step_id = &case.procedure.steps[step].id;
    let asked = case.probes.get(step_id).map_or(&[][..], Vec::as_slice);
    asked
        .iter()
        .enumerate()
        .map(|(index, question)| {
            let prompts = &case.procedure.steps[step].prompts;
            let at = prompts
                .iter()
                .position(|p| p.role == Role::FollowUp(index))
                .map(|prompt| crate::content::procedure::At { step, prompt });
            let answer = at
                .and_then(|at| case.answer(at))
                .map(coverage::answer_text)
                .filter(|a| !a.trim().is_empty());
            let probe = crate::judge::followup::probe_of(case.problem, step_id, question);
            let items = match (probe, &answer) {
                (Some(probe), Some(answer)) => {
                    crate::judge::followup::judge(probe, answer, &case.problem.vocabulary)
                }
                _ => Vec::new(),
            };
            FollowUp {
                question: question.clone(),
                answer,
                items,
            }
        })
        .collect()
}

/// The judge's reading of one answer, a choice through its prompt's `judged_as`, and the
/// answer as given.
fn judged_text(prompt: &crate::content::procedure::Prompt, answer: &Answer) -> (String, String) {
    let text = coverage::answer_text(answer);
    match &prompt.judged_as {
        Some(template) if !text.is_empty() => (template.replace("{}", &text), text),
        _ => (text.clone(), text),
    }
}

/// The feedback on one step from the answers given so far.
pub fn step_feedback<'a>(case: &Case<'a, '_>, step: usize) -> Feedback<'a> {
    let procedure_step = &case.procedure.steps[step];
    let (answers, said): (Vec<String>, Vec<String>) = procedure_step
        .prompts
        .iter()
        .filter(|prompt| prompt.role.is_written())
        .filter_map(|prompt| {
            let answer = case
                .answers
                .get(&PromptKey::new(&procedure_step.id, &prompt.id))?;
            Some(judged_text(prompt, answer))
        })
        .filter(|(text, _)| !text.trim().is_empty())
        .unzip();
    let expected = case
        .problem
        .expected
        .get(&procedure_step.id)
        .map_or(&[][..], Vec::as_slice);
    let estimates = estimates::review(case, step);
    let analysed = Answers::new(&answers, procedure_step.scoping).said_as(said);
    let vocabulary = &case.problem.vocabulary;
    let twist = case.twist_items(step);
    Feedback {
        items: coverage::judge(expected, &analysed, vocabulary, &estimates),
        follow_ups: follow_ups(case, step),
        twist: coverage::judge(twist, &analysed, vocabulary, &estimates),
        findings: run_checks(procedure_step, case.answers, case.problem),
        figures: estimates
            .iter()
            .filter(|e| e.outcome.quantity().is_some())
            .map(|e| e.verdict())
            .collect(),
        answered: answers.len(),
    }
}

impl Feedback<'_> {
    pub(crate) fn with(&self, status: Status) -> impl Iterator<Item = &Judged<'_>> {
        self.items.iter().filter(move |j| j.status == status)
    }

    /// How the step did, from 0 to 1: the items earned, the checks passed and, for a step
    /// with figures, how close the user's own came (a figure not given earns nothing),
    /// weighed equally.
    pub(crate) fn quality(&self) -> f64 {
        let mut parts = Vec::new();
        // The points of answered follow-ups and of the twist count with the step's own.
        let items: Vec<&Judged> = self
            .items
            .iter()
            .chain(self.follow_ups.iter().flat_map(|f| &f.items))
            .chain(&self.twist)
            .collect();
        if !items.is_empty() {
            parts.push(coverage::ratio(&items));
        }
        if !self.findings.is_empty() {
            let passed = self.findings.iter().filter(|f| f.passed).count();
            parts.push(passed as f64 / self.findings.len() as f64);
        }
        if !self.figures.is_empty() {
            let credit: f64 = self
                .figures
                .iter()
                .map(|verdict| match verdict {
                    Some(Verdict::Close) => 1.0,
                    Some(Verdict::SameOrder) => 0.5,
                    Some(Verdict::Off) | None => 0.0,
                })
                .sum();
            parts.push(credit / self.figures.len() as f64);
        }
        if parts.is_empty() {
            return 1.0;
        }
        parts.iter().sum::<f64>() / parts.len() as f64
    }

    /// Nothing answered scores 0; otherwise the quality on the 0-3 scale, so that a step
    /// that earns nothing scores 0 however much was typed.
    pub fn proposed_score(&self) -> Score {
        if self.answered == 0 {
            return Score::ZERO;
        }
        Score::of_share(self.quality())
    }
}

/// The score the user gave a step, if they gave one.
pub(crate) fn chosen(case: &Case, step: usize) -> Option<Score> {
    let key = PromptKey::new(
        &case.procedure.steps[step].id,
        crate::content::procedure::SCORE_PROMPT,
    );
    match case.answers.get(&key) {
        Some(Answer::Text(text)) => Score::parse(text),
        _ => None,
    }
}

impl Feedback<'_> {
    /// The step's score: the user's own when given, else this feedback's proposal.
    pub(crate) fn score(&self, case: &Case, step: usize) -> Score {
        chosen(case, step).unwrap_or_else(|| self.proposed_score())
    }
}

/// The score of a step: the user's own when given, else the coach's proposal.
pub(crate) fn score(case: &Case, step: usize) -> Score {
    chosen(case, step).unwrap_or_else(|| step_feedback(case, step).proposed_score())
}

/// The weighted share (0 to 1) that the steps' scores, in procedure order, add up to.
pub(crate) fn weighted(procedure: &Procedure, scores: &[Score]) -> f64 {
    let steps = &procedure.steps;
    let weights: u32 = steps.iter().map(|step| step.weight).sum();
    let earned: u32 = scores
        .iter()
        .zip(steps)
        .map(|(score, step)| u32::from(score.get()) * step.weight)
        .sum();
    f64::from(earned) / f64::from(weights.max(1) * u32::from(Score::MAX.get()))
}

/// The overall score in whole percent, the one figure every report shows.
pub(crate) fn overall_percent(procedure: &Procedure, scores: &[Score]) -> u32 {
    (weighted(procedure, scores) * 100.0).round() as u32
}

/// One item's verdict as a line: `Covered: name ("quote")`, and why a contradiction matters.
pub(crate) fn item_line(judged: &Judged) -> String {
    let mut line = format!("{}: {}", judged.status.label(), judged.item.item);
    if let Some(evidence) = &judged.evidence {
        line.push_str(&format!(" (\"{evidence}\")"));
    }
    if judged.status == Status::Contradicted
        && let Some(why) = &judged.item.why
    {
        line.push_str(&format!(". {why}"));
    }
    line
}
