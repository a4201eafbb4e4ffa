//! A practice problem: its statement, the interviewer's script and the reference material.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Deserialize;

use crate::content::expected::ExpectedItem;
use crate::content::key::{PromptKey, StepId};
use crate::content::procedure::{self, Procedure};
use crate::content::vocabulary::{ConceptSpec, Vocabulary};
use crate::content::yaml::{self, LoadError, Origin, Scalar};
use crate::units::quantity::MonthSeconds;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Problem {
    pub(crate) format_version: u32,
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) difficulty: Difficulty,
    #[serde(default)]
    pub(crate) tags: Vec<String>,
    pub(crate) statement: String,
    /// The procedure this problem is practised with; the built-in one when absent.
    pub(crate) procedure: Option<String>,
    #[serde(default)]
    pub(crate) clarifications: Vec<Clarification>,
    /// Suggested answers for the estimation prompts, by `<step-id>.<prompt-id>`.
    #[serde(default, deserialize_with = "yaml::unique_keys")]
    pub(crate) assumptions: BTreeMap<PromptKey, Scalar>,
    /// What a strong answer covers, by step id.
    #[serde(default, deserialize_with = "yaml::unique_keys")]
    pub(crate) expected: BTreeMap<StepId, Vec<ExpectedItem>>,
    /// Reference notes by step id, shown only once the step has been attempted.
    #[serde(default, deserialize_with = "yaml::unique_keys")]
    pub(crate) reference: BTreeMap<StepId, String>,
    /// Seconds in a month for this problem's estimates, when it follows another convention.
    pub(crate) month_seconds: Option<MonthSeconds>,
    /// Follow-up questions the interviewer asks once a step's prompts are done, by step id.
    #[serde(default, deserialize_with = "yaml::unique_keys")]
    pub(crate) probes: BTreeMap<StepId, Vec<Probe>>,
    /// Constraints the interviewer may change mid-interview (`start --twist`).
    #[serde(default)]
    pub(crate) twists: Vec<Twist>,
    /// Concepts of this problem's own, or forms added to shared ones.
    #[serde(default, deserialize_with = "yaml::unique_keys")]
    pub(crate) concepts: BTreeMap<String, ConceptSpec>,
    /// The shared vocabulary with this problem's concepts added, built when it is loaded.
    #[serde(skip)]
    pub(crate) vocabulary: Vocabulary,
}

/// A changed constraint ("traffic grows tenfold"), and the points that deal with it in the
/// steps from the announcement on, by step id.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Twist {
    pub(crate) id: String,
    /// What the interviewer announces.
    pub(crate) say: String,
    #[serde(deserialize_with = "yaml::unique_keys")]
    pub(crate) expect: BTreeMap<StepId, Vec<ExpectedItem>>,
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Deserialize,
    serde::Serialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Difficulty {
    Easy,
    Medium,
    Hard,
}

impl Difficulty {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Difficulty::Easy => "easy",
            Difficulty::Medium => "medium",
            Difficulty::Hard => "hard",
        }
    }
}

/// A follow-up question: put to every candidate, or only when what they wrote meets its
/// condition, with the points a strong answer to it makes.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum Probe {
    Plain(String),
    Conditional(ConditionalProbe),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ConditionalProbe {
    /// The question; `{box}` stands for the diagram box that met the condition.
    pub(crate) ask: String,
    #[serde(default)]
    pub(crate) when: Condition,
    /// What a strong answer to the question covers.
    #[serde(default)]
    pub(crate) expect: Vec<ExpectedItem>,
}

/// When a follow-up is asked; every part given must hold.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Condition {
    /// The step's answers say one of these concepts.
    #[serde(default)]
    pub(crate) said: Vec<String>,
    /// The step's answers say none of these concepts.
    #[serde(default)]
    pub(crate) unsaid: Vec<String>,
    /// A box of the candidate's diagram is one of these concepts.
    #[serde(default, rename = "box")]
    pub(crate) boxes: Vec<String>,
    /// One of these expected items of the step was not covered.
    #[serde(default)]
    pub(crate) missed: Vec<String>,
}

impl Probe {
    pub(crate) fn question(&self) -> &str {
        match self {
            Probe::Plain(question) => question,
            Probe::Conditional(probe) => &probe.ask,
        }
    }

    pub(crate) fn condition(&self) -> Option<&Condition> {
        match self {
            Probe::Plain(_) => None,
            Probe::Conditional(probe) => Some(&probe.when),
        }
    }

    pub(crate) fn expect(&self) -> &[ExpectedItem] {
        match self {
            Probe::Plain(_) => &[],
            Probe::Conditional(probe) => &probe.expect,
        }
    }

    /// Every concept the probe names, for validation.
    fn concepts(&self) -> Vec<&String> {
        let condition = self
            .condition()
            .into_iter()
            .flat_map(|c| c.said.iter().chain(&c.unsaid).chain(&c.boxes));
        condition
            .chain(self.expect().iter().flat_map(ExpectedItem::concepts))
            .collect()
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clarification {
    pub question: String,
    pub(crate) keywords: Vec<String>,
    pub(crate) answer: String,
}

/// The id of the procedure problems use unless they name another.
pub const DEFAULT_PROCEDURE: &str = "standard";

impl Problem {
    /// Parses a problem file and checks what can be checked without its procedure.
    pub fn load(origin: &Origin, text: &str) -> Result<Problem, LoadError> {
        Problem::load_with(origin, text, Vocabulary::builtin())
    }

    /// Parses a problem file with `shared` as the vocabulary its own concepts extend, and
    /// checks that every concept its items name exists.
    pub(crate) fn load_with(
        origin: &Origin,
        text: &str,
        shared: &Vocabulary,
    ) -> Result<Problem, LoadError> {
        let mut problem: Problem = yaml::parse(origin, text)?;
        procedure::check_format_version(origin, text, problem.format_version)?;
        let mut vocabulary = shared.clone();
        vocabulary.extend(&problem.concepts);
        vocabulary.check(origin, text)?;
        let twist_items = problem.twists.iter().flat_map(|t| t.expect.values());
        for item in problem.expected.values().chain(twist_items).flatten() {
            check_item(item, &vocabulary, origin, text)?;
        }
        procedure::check_unique(
            origin,
            text,
            problem.twists.iter().map(|t| t.id.as_str()),
            "twist id",
        )?;
        for (step, probes) in &problem.probes {
            for probe in probes {
                let line = yaml::line_of(text, probe.question(), 0);
                for concept in probe.concepts() {
                    vocabulary.require(concept).map_err(|reason| {
                        LoadError::new(
                            origin,
                            line,
                            format!("follow-up `{}`: {reason}", probe.question()),
                        )
                    })?;
                }
                let items = problem.expected.get(step).map_or(&[][..], Vec::as_slice);
                let missed = probe.condition().map_or(&[][..], |c| c.missed.as_slice());
                if let Some(unknown) = missed.iter().find(|m| !items.iter().any(|i| &i.item == *m))
                {
                    return Err(LoadError::new(
                        origin,
                        line,
                        format!(
                            "follow-up `{}` waits for item `{unknown}` to be missed, but step `{step}` expects no such item",
                            probe.question()
                        ),
                    ));
                }
            }
        }
        problem.vocabulary = vocabulary;
        Ok(problem)
    }

    /// The twist of this id.
    pub(crate) fn twist(&self, id: &str) -> Option<&Twist> {
        self.twists.iter().find(|t| t.id == id)
    }

    pub(crate) fn procedure_id(&self) -> &str {
        self.procedure.as_deref().unwrap_or(DEFAULT_PROCEDURE)
    }

    /// The suggested value for a prompt, if the problem has one.
    pub(crate) fn assumption(&self, key: &PromptKey) -> Option<&str> {
        self.assumptions.get(key).map(|value| value.0.as_str())
    }

    /// Checks every reference from this problem into its procedure: step ids, prompt keys
    /// and that each assumption is a valid answer for its prompt.
    pub(crate) fn check_against(
        &self,
        procedure: &Procedure,
        origin: &Origin,
        text: &str,
    ) -> Result<(), LoadError> {
        let sections = [
            ("expected", self.expected.keys().collect::<Vec<_>>()),
            ("reference", self.reference.keys().collect()),
            ("probes", self.probes.keys().collect()),
            (
                "twists",
                self.twists.iter().flat_map(|t| t.expect.keys()).collect(),
            ),
        ];
        for (section, step_ids) in sections {
            for step_id in step_ids {
                if procedure.step_index(step_id).is_none() {
                    return Err(LoadError::new(
                        origin,
                        yaml::line_of(text, &format!("{step_id}:"), 0),
                        format!(
                            "`{section}` names step `{step_id}`, which procedure `{}` does not have (its steps: {})",
                            procedure.id,
                            step_list(procedure)
                        ),
                    ));
                }
            }
        }
        for (step_id, note) in &self.reference {
            let unknown = placeholders(note)
                .into_iter()
                .find(|(_, name)| !procedure.has_value(name));
            if let Some((_, name)) = unknown {
                return Err(LoadError::new(
                    origin,
                    yaml::line_of(text, &format!("{{{{{name}}}}}"), 0),
                    format!(
                        "reference notes for `{step_id}` show `{{{{{name}}}}}`, which is neither an input nor a figure of procedure `{}` (its figures: {})",
                        procedure.id,
                        procedure.figure_ids().join(", ")
                    ),
                ));
            }
        }
        if let Some(placement) = &procedure.twist {
            let from = procedure.step_index(&placement.before).unwrap_or(0);
            for twist in &self.twists {
                let early = twist
                    .expect
                    .keys()
                    .find(|step| procedure.step_index(step).is_some_and(|at| at < from));
                if let Some(step) = early {
                    return Err(LoadError::new(
                        origin,
                        yaml::line_of(text, &format!("id: {}", twist.id), 0),
                        format!(
                            "twist `{}` expects points in step `{step}`, which comes before the twist is announced (before step `{}`)",
                            twist.id, placement.before
                        ),
                    ));
                }
            }
        }
        if let Some(twist) = self.twists.first()
            && procedure.twist.is_none()
        {
            return Err(LoadError::new(
                origin,
                yaml::line_of(text, &format!("id: {}", twist.id), 0),
                format!(
                    "the problem has twists, but procedure `{}` says nowhere when one is announced (`twist: {{before: <step-id>, heading: ...}}`)",
                    procedure.id
                ),
            ));
        }
        for (key, value) in &self.assumptions {
            let line = yaml::line_of(text, &format!("{key}:"), 0);
            let Some(at) = procedure.find(key) else {
                return Err(LoadError::new(
                    origin,
                    line,
                    format!(
                        "assumption `{key}` names no prompt of procedure `{}`; expected `<step-id>.<prompt-id>`",
                        procedure.id
                    ),
                ));
            };
            procedure
                .prompt(at)
                .check_value(&value.0)
                .map_err(|reason| {
                    LoadError::new(
                        origin,
                        line,
                        format!("assumption `{key}`: {:?} is not valid: {reason}", value.0),
                    )
                })?;
        }
        Ok(())
    }
}

/// Checks that an expected item names something to look for, and only concepts that exist.
fn check_item(
    item: &ExpectedItem,
    vocabulary: &Vocabulary,
    origin: &Origin,
    text: &str,
) -> Result<(), LoadError> {
    // The line is looked up only for an error: every problem is checked at start-up.
    let fail =
        |message: String| LoadError::new(origin, yaml::line_of(text, &item.item, 0), message);
    if item.figure.is_none() && item.concepts().next().is_none() {
        return Err(fail(format!(
            "expected item `{}` names nothing to look for; give `any`, `all`, `compare` or `figure`",
            item.item
        )));
    }
    for concept in item.concepts() {
        vocabulary
            .require(concept)
            .map_err(|reason| fail(format!("expected item `{}`: {reason}", item.item)))?;
    }
    Ok(())
}

fn step_list(procedure: &Procedure) -> String {
    procedure
        .steps
        .iter()
        .map(|s| s.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `{{id}}` placeholders of a reference note, each with its byte range and the id inside.
pub(crate) fn placeholders(note: &str) -> Vec<(Range<usize>, &str)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = note[from..].find("{{").map(|at| from + at) {
        let Some(close) = note[open..].find("}}").map(|at| open + at) else {
            break;
        };
        found.push((open..close + 2, note[open + 2..close].trim()));
        from = close + 2;
    }
    found
}
