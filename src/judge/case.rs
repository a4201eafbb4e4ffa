//! One practice as the judge sees it: the problem, its procedure and what the user said,
//! so that judging never needs the engine or the saved session.

use std::collections::BTreeMap;

use crate::content::answer::Answer;
use crate::content::expected::ExpectedItem;
use crate::content::key::{PromptKey, StepId};
use crate::content::problem::{Problem, Twist};
use crate::content::procedure::{At, Procedure};
use crate::units::quantity::Conventions;

pub struct Case<'a, 's> {
    pub(crate) procedure: &'a Procedure,
    pub(crate) problem: &'a Problem,
    /// Answers by `<step-id>.<prompt-id>`.
    pub(crate) answers: &'s BTreeMap<PromptKey, Answer>,
    /// The follow-up questions asked, by step id.
    pub(crate) probes: &'s BTreeMap<StepId, Vec<String>>,
    /// The id of the twist the interviewer announced, if any.
    pub(crate) twist: Option<&'s str>,
    pub(crate) conventions: Conventions,
}

impl<'a> Case<'a, '_> {
    pub(crate) fn answer(&self, at: At) -> Option<&Answer> {
        self.answers.get(&self.procedure.key(at))
    }

    /// The answer a prompt suggests: the problem's assumption, else the procedure's default.
    pub(crate) fn default_for(&self, at: At) -> Option<&'a str> {
        default_for(self.procedure, self.problem, at)
    }

    pub(crate) fn twist(&self) -> Option<&'a Twist> {
        self.problem.twist(self.twist?)
    }

    /// The points the announced twist asks of step `index`.
    pub(crate) fn twist_items(&self, index: usize) -> &'a [ExpectedItem] {
        let step_id = &self.procedure.steps[index].id;
        self.twist()
            .and_then(|twist| twist.expect.get(step_id))
            .map_or(&[], Vec::as_slice)
    }
}

/// The answer a prompt suggests: the problem's assumption, else the procedure's default.
pub(crate) fn default_for<'a>(
    procedure: &'a Procedure,
    problem: &'a Problem,
    at: At,
) -> Option<&'a str> {
    let key = procedure.key(at);
    problem
        .assumption(&key)
        .or_else(|| procedure.prompt(at).default.as_ref().map(|d| d.0.as_str()))
}
