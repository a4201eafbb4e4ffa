//! The interview procedure: steps, their guidance and their prompts, read from YAML.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use crate::content::check::{self, Check};
use crate::content::key::{PromptKey, StepId};
use crate::content::score::Score;
use crate::content::yaml::{self, LoadError, Origin, Scalar};
use crate::units::figures::{self, Figure};
use crate::units::quantity::{self, Dimension};

/// The only layout of procedure and problem files this version reads.
pub(crate) const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Procedure {
    pub(crate) format_version: u32,
    pub(crate) id: String,
    pub(crate) title: String,
    pub steps: Vec<Step>,
    /// When present, each step ends with this self-assessment prompt (0 to 3).
    pub(crate) assessment: Option<Assessment>,
    /// When present, the interviewer may ask follow-up questions at the end of every step.
    pub(crate) follow_ups: Option<FollowUps>,
    /// When present, `start --twist` changes one of the problem's constraints at this point.
    pub(crate) twist: Option<TwistPlacement>,
}

/// Where in the interview a changed constraint is announced, and how the interviewer
/// introduces it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TwistPlacement {
    /// The step that opens with the announcement; it and the steps after it are judged on it.
    pub(crate) before: StepId,
    pub(crate) heading: String,
}

/// How many follow-up questions a step may end with, and how their prompts are named where
/// the question itself is not known yet (the answers-file template).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FollowUps {
    pub(crate) count: usize,
    pub(crate) question: String,
    pub(crate) hint: Option<String>,
}

/// The self-assessment asked at the end of every step; the coach proposes the score.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Assessment {
    pub(crate) question: String,
    pub(crate) hint: Option<String>,
}

/// The id of the self-assessment prompt added to every step.
pub(crate) const SCORE_PROMPT: &str = "score";
/// The ids of the follow-up prompts added to every step: `follow_up_1`, `follow_up_2` ...
pub const FOLLOW_UP_PROMPT: &str = "follow_up";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub(crate) id: StepId,
    pub(crate) title: String,
    /// The time budget in a 45-minute interview.
    pub(crate) minutes: u32,
    /// How much the step's score counts in the whole interview's.
    #[serde(default = "one")]
    pub(crate) weight: u32,
    pub(crate) goal: String,
    #[serde(default)]
    pub(crate) guidance: Vec<Guidance>,
    pub(crate) prompts: Vec<Prompt>,
    /// Derived figures; each becomes a prompt for the user's own figure after the prompts.
    #[serde(default)]
    pub(crate) figures: Vec<Figure>,
    /// Shown when this step opens: figures of earlier steps by id, or the boxes of an earlier
    /// diagram prompt by its `<step-id>.<prompt-id>` key.
    #[serde(default)]
    pub(crate) recall: Vec<String>,
    /// Rules the step's answers are checked against once it is done.
    #[serde(default)]
    pub(crate) checks: Vec<Check>,
    /// Naming a feature as out of scope deals with it (requirements), instead of rejecting it.
    #[serde(default)]
    pub(crate) scoping: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Guidance {
    pub(crate) heading: String,
    pub items: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prompt {
    pub(crate) id: String,
    pub kind: PromptKind,
    pub(crate) question: String,
    /// One hint, or a ladder from general to specific that `:hint` climbs one rung at a time.
    #[serde(default, deserialize_with = "one_or_many")]
    pub(crate) hint: Vec<String>,
    pub(crate) default: Option<Scalar>,
    #[serde(default)]
    pub options: Vec<String>,
    pub unit: Option<Dimension>,
    /// Hints added when an estimated figure reaches a threshold.
    #[serde(default)]
    pub(crate) hints_when: Vec<ConditionalHint>,
    /// Asked only when an earlier answer of the step calls for it.
    pub(crate) asked_when: Option<AskedWhen>,
    /// How a list answer is drawn: as a block diagram or as database tables.
    pub(crate) render: Option<Render>,
    /// How the judge reads a choice, with `{}` for the option: `{} consistency` makes the
    /// bare option `strong` say "strong consistency".
    pub(crate) judged_as: Option<String>,
    /// The least value a quantity may take, in base units (`1` for a replication factor).
    pub(crate) at_least: Option<f64>,
    /// A bound the quantity must exceed (`0` for a read:write ratio).
    pub(crate) more_than: Option<f64>,
    /// The largest value a quantity may take (`1`, that is 100 %, for a share).
    pub(crate) at_most: Option<f64>,
    /// An input the user may have worked out by hand, judged against this figure of the
    /// step when the user gives no figure of their own: the read:write ratio stated up front
    /// against the one the rates imply.
    pub(crate) checked_against: Option<String>,
    /// The option of `sdcoach estimate` that gives this value: `size` for `--size`.
    pub(crate) option: Option<String>,
    #[serde(skip)]
    pub(crate) role: Role,
}

/// Why a prompt is asked: the procedure file declares it, or the procedure adds it to a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Role {
    #[default]
    Asked,
    /// The user's own value of the step's figure with this index.
    Figure(usize),
    /// The follow-up question with this index, one of those put after the step's answers.
    FollowUp(usize),
    /// The user's score for their own step.
    SelfAssessment,
}

impl Role {
    pub(crate) fn figure(self) -> Option<usize> {
        match self {
            Role::Figure(index) => Some(index),
            _ => None,
        }
    }

    pub(crate) fn follow_up(self) -> Option<usize> {
        match self {
            Role::FollowUp(index) => Some(index),
            _ => None,
        }
    }

    /// An answer the user writes about the design: an asked prompt or a follow-up, not a
    /// figure or a score.
    pub(crate) fn is_written(self) -> bool {
        matches!(self, Role::Asked | Role::FollowUp(_))
    }
}

fn one() -> u32 {
    1
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Render {
    /// `A -> B, C` lines: an ASCII diagram on screen, a Mermaid flowchart in the transcript.
    Diagram,
    /// `Table: column type PK, ...` lines: Markdown tables and a Mermaid ER diagram.
    Tables,
}

/// A string, or a list of strings.
fn one_or_many<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    struct OneOrMany;
    impl<'de> serde::de::Visitor<'de> for OneOrMany {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a text or a list of texts")
        }
        fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Self::Value, E> {
            Ok(vec![text.to_string()])
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Self::Value, A::Error> {
            let mut texts = Vec::new();
            while let Some(text) = seq.next_element()? {
                texts.push(text);
            }
            Ok(texts)
        }
    }
    deserializer.deserialize_any(OneOrMany)
}

/// A hint that applies only when a figure is at least some value, e.g. caching advice for a
/// read-heavy system.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ConditionalHint {
    pub(crate) figure: String,
    pub(crate) at_least: f64,
    pub(crate) hint: String,
}

/// An earlier quantity prompt of the same step, and the bound its answer (or, unanswered,
/// its suggested value) must exceed for this prompt to be asked: the size of the media
/// only when some writes carry media.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AskedWhen {
    pub(crate) prompt: String,
    /// In the base unit of that prompt: a share of 20 % is 0.2.
    pub(crate) more_than: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PromptKind {
    Text,
    List,
    Quantity,
    Choice,
    Confirm,
}

impl PromptKind {
    pub(crate) fn name(self) -> &'static str {
        match self {
            PromptKind::Text => "text",
            PromptKind::List => "list",
            PromptKind::Quantity => "quantity",
            PromptKind::Choice => "choice",
            PromptKind::Confirm => "confirm",
        }
    }
}

/// A prompt's position: the indices of its step and of the prompt within the step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct At {
    pub(crate) step: usize,
    pub prompt: usize,
}

impl Procedure {
    /// Parses and validates a procedure file.
    pub fn load(origin: &Origin, text: &str) -> Result<Procedure, LoadError> {
        let mut procedure: Procedure = yaml::parse(origin, text)?;
        procedure.validate(origin, text)?;
        let assessment = procedure.assessment.clone();
        let follow_ups = procedure.follow_ups.clone();
        for step in &mut procedure.steps {
            step.add_figure_prompts();
            if let Some(follow_ups) = &follow_ups {
                let prompts =
                    (0..follow_ups.count).map(|index| Prompt::follow_up(follow_ups, index));
                step.prompts.extend(prompts);
            }
            if let Some(assessment) = &assessment {
                step.prompts.push(Prompt::score(assessment));
            }
        }
        Ok(procedure)
    }

    /// The step that declares a figure, and the figure.
    pub(crate) fn figure(&self, id: &str) -> Option<(usize, &Figure)> {
        self.steps
            .iter()
            .enumerate()
            .find_map(|(index, step)| step.figures.iter().find(|f| f.id == id).map(|f| (index, f)))
    }

    pub fn step_index(&self, id: &str) -> Option<usize> {
        self.steps.iter().position(|step| step.id == id)
    }

    pub fn prompt(&self, at: At) -> &Prompt {
        &self.steps[at.step].prompts[at.prompt]
    }

    pub(crate) fn find(&self, key: &PromptKey) -> Option<At> {
        let step = self.step_index(key.step())?;
        let prompt = self.steps[step]
            .prompts
            .iter()
            .position(|p| p.id == key.prompt())?;
        Some(At { step, prompt })
    }

    /// The ids of every figure, in order.
    pub(crate) fn figure_ids(&self) -> Vec<&str> {
        let figures = self.steps.iter().flat_map(|step| &step.figures);
        figures.map(|figure| figure.id.as_str()).collect()
    }

    /// `id` names a figure or a prompt that takes a quantity, so a reference note can show it.
    pub(crate) fn has_value(&self, id: &str) -> bool {
        let prompts = self.steps.iter().flat_map(|step| &step.prompts);
        self.figure_ids().contains(&id)
            || prompts
                .filter(|prompt| {
                    prompt.kind == PromptKind::Quantity && prompt.role.figure().is_none()
                })
                .any(|prompt| prompt.id == id)
    }

    pub fn key(&self, at: At) -> PromptKey {
        PromptKey::new(&self.steps[at.step].id, &self.prompt(at).id)
    }

    /// Every prompt position in interview order.
    pub fn positions(&self) -> impl Iterator<Item = At> + '_ {
        self.steps
            .iter()
            .enumerate()
            .flat_map(|(step, s)| (0..s.prompts.len()).map(move |prompt| At { step, prompt }))
    }

    pub(crate) fn total_minutes(&self) -> u32 {
        self.steps.iter().map(|step| step.minutes).sum()
    }

    fn validate(&self, origin: &Origin, text: &str) -> Result<(), LoadError> {
        check_format_version(origin, text, self.format_version)?;
        if self.steps.is_empty() {
            return Err(LoadError::new(
                origin,
                line_of_key(text, "steps"),
                "a procedure needs at least one step",
            ));
        }
        check_unique(
            origin,
            text,
            self.steps.iter().map(|s| s.id.as_str()),
            "step id",
        )?;
        if let Some(twist) = &self.twist
            && self.step_index(&twist.before).is_none()
        {
            return Err(LoadError::new(
                origin,
                yaml::line_of(text, &format!("before: {}", twist.before), 0),
                format!(
                    "`twist` is announced before step `{}`, which this procedure does not have",
                    twist.before
                ),
            ));
        }
        for step in &self.steps {
            if step.prompts.is_empty() {
                let line = yaml::line_of(text, &format!("id: {}", step.id), 0);
                return Err(LoadError::new(
                    origin,
                    line,
                    format!(
                        "step `{}` has no prompts; each step needs at least one",
                        step.id
                    ),
                ));
            }
            step.validate_figures(origin, text)?;
            step.validate_asked_when(origin, text)?;
            let hinted = step.prompts.iter().flat_map(|p| {
                p.hints_when
                    .iter()
                    .map(|h| h.figure.as_str())
                    .chain(p.checked_against.as_deref())
            });
            for figure in step.recall.iter().map(String::as_str).chain(hinted) {
                let diagram = figure
                    .parse()
                    .ok()
                    .and_then(|key| self.find(&key))
                    .is_some_and(|at| self.prompt(at).render == Some(Render::Diagram));
                if self.figure(figure).is_none() && !diagram {
                    let line = yaml::line_of(text, figure, 0);
                    return Err(LoadError::new(
                        origin,
                        line,
                        format!(
                            "step `{}` names `{figure}`, which is neither a figure nor a diagram prompt of this procedure",
                            step.id
                        ),
                    ));
                }
            }
            for prompt in &step.prompts {
                prompt.validate(origin, text, &step.id)?;
            }
            check::validate(self, step, origin, text)?;
        }
        Ok(())
    }
}

impl Step {
    /// Each `asked_when` names a quantity prompt asked before it in this step.
    fn validate_asked_when(&self, origin: &Origin, text: &str) -> Result<(), LoadError> {
        for (index, prompt) in self.prompts.iter().enumerate() {
            let Some(when) = &prompt.asked_when else {
                continue;
            };
            let earlier = self.prompts[..index]
                .iter()
                .any(|p| p.id == when.prompt && p.kind == PromptKind::Quantity);
            if !earlier {
                return Err(LoadError::new(
                    origin,
                    yaml::line_of(text, &format!("prompt: {}", when.prompt), 0),
                    format!(
                        "prompt `{}.{}`: `asked_when` names `{}`, which is not a quantity prompt asked before it in step `{}`",
                        self.id, prompt.id, when.prompt, self.id
                    ),
                ));
            }
        }
        Ok(())
    }

    /// The quantity prompts of the step by id, which its figures' formulas may use.
    pub(crate) fn quantity_inputs(&self) -> BTreeMap<String, Dimension> {
        self.prompts
            .iter()
            .filter(|p| p.kind == PromptKind::Quantity && p.role.figure().is_none())
            .map(|p| (p.id.clone(), p.unit.unwrap_or(Dimension::Count)))
            .collect()
    }

    /// Each figure is asked as a quantity prompt: the user's own figure comes first, the
    /// computed one after it.
    fn add_figure_prompts(&mut self) {
        for (index, figure) in self.figures.iter().enumerate() {
            let formulas: Vec<&str> = figure.formulas.iter().map(|f| f.source()).collect();
            let hint = format!("{} = {}", figure.label, formulas.join(", or "));
            self.prompts.push(Prompt {
                unit: Some(figure.unit),
                option: figure.option.clone(),
                role: Role::Figure(index),
                ..Prompt::added(
                    figure.id.clone(),
                    PromptKind::Quantity,
                    &figure.question,
                    Some(&hint),
                )
            });
        }
    }

    fn validate_figures(&self, origin: &Origin, text: &str) -> Result<(), LoadError> {
        let ids = self
            .prompts
            .iter()
            .map(|p| p.id.as_str())
            .chain(self.figures.iter().map(|f| f.id.as_str()));
        check_unique(origin, text, ids, "prompt or figure id")?;
        figures::check(&self.figures, &self.quantity_inputs()).map_err(|(figure, err)| {
            let line = yaml::line_of(text, &format!("id: {figure}"), 0);
            LoadError::new(
                origin,
                line,
                format!("figure `{}.{figure}`: {err}", self.id),
            )
        })
    }
}

impl Prompt {
    /// A prompt the procedure adds to every step rather than one a file declares.
    fn added(id: String, kind: PromptKind, question: &str, hint: Option<&String>) -> Prompt {
        Prompt {
            id,
            kind,
            question: question.to_string(),
            hint: hint.into_iter().cloned().collect(),
            default: None,
            options: Vec::new(),
            unit: None,
            hints_when: Vec::new(),
            asked_when: None,
            render: None,
            judged_as: None,
            checked_against: None,
            option: None,
            at_least: None,
            more_than: None,
            at_most: None,
            role: Role::Asked,
        }
    }

    fn score(assessment: &Assessment) -> Prompt {
        let question = &assessment.question;
        let hint = assessment.hint.as_ref();
        Prompt {
            options: Score::all().map(|score| score.to_string()).collect(),
            role: Role::SelfAssessment,
            ..Prompt::added(SCORE_PROMPT.to_string(), PromptKind::Choice, question, hint)
        }
    }

    fn follow_up(follow_ups: &FollowUps, index: usize) -> Prompt {
        let id = format!("{FOLLOW_UP_PROMPT}_{}", index + 1);
        let hint = follow_ups.hint.as_ref();
        Prompt {
            role: Role::FollowUp(index),
            ..Prompt::added(id, PromptKind::Text, &follow_ups.question, hint)
        }
    }

    fn validate(&self, origin: &Origin, text: &str, step_id: &str) -> Result<(), LoadError> {
        let fail = |message: String| {
            let line = yaml::line_of(text, &format!("id: {}", self.id), 0);
            Err(LoadError::new(
                origin,
                line,
                format!("prompt `{step_id}.{}`: {message}", self.id),
            ))
        };
        if self.id.contains('.') || self.id.trim().is_empty() {
            return fail("a prompt id must be non-empty and must not contain `.`".into());
        }
        match self.kind {
            PromptKind::Choice if self.options.len() < 2 => {
                return fail("a choice prompt needs `options` with at least two entries".into());
            }
            PromptKind::Quantity if self.unit.is_none() => {
                return fail("a quantity prompt needs a `unit` (count, size, duration, rate, bandwidth or ratio)".into());
            }
            _ => {}
        }
        if self.kind != PromptKind::Choice && !self.options.is_empty() {
            return fail(format!(
                "`options` only belong to choice prompts, not to {} prompts",
                self.kind.name()
            ));
        }
        if self.kind != PromptKind::Quantity && self.unit.is_some() {
            return fail(format!(
                "`unit` only belongs to quantity prompts, not to {} prompts",
                self.kind.name()
            ));
        }
        if let Some(default) = &self.default
            && let Err(reason) = self.check_value(&default.0)
        {
            return fail(format!(
                "its default {:?} is not valid: {reason}",
                default.0
            ));
        }
        Ok(())
    }

    /// A quantity answer read with `conventions` and held to the prompt's bounds.
    pub(crate) fn quantity(
        &self,
        value: &str,
        conventions: &quantity::Conventions,
    ) -> Result<quantity::Quantity, String> {
        let unit = self.unit.unwrap_or(Dimension::Count);
        let parsed = quantity::parse_with(value, unit, conventions).map_err(|e| e.to_string())?;
        self.bounded(value, parsed, conventions)
    }

    /// `parsed`, read from `value`, if it keeps to the prompt's bounds.
    pub(crate) fn bounded(
        &self,
        value: &str,
        parsed: quantity::Quantity,
        conventions: &quantity::Conventions,
    ) -> Result<quantity::Quantity, String> {
        let shown = |bound: f64| {
            quantity::Quantity {
                value: bound,
                ..parsed
            }
            .display_with(conventions)
            .to_string()
        };
        let v = parsed.value;
        if let Some(least) = self.at_least.filter(|&least| v < least) {
            return Err(format!(
                "'{}' is less than {}, the least it can be",
                value.trim(),
                shown(least)
            ));
        }
        if let Some(bound) = self.more_than.filter(|&bound| v <= bound) {
            return Err(format!(
                "'{}' must be more than {}",
                value.trim(),
                shown(bound)
            ));
        }
        if let Some(most) = self.at_most.filter(|&most| v > most) {
            return Err(format!(
                "'{}' is more than {}, the most it can be",
                value.trim(),
                shown(most)
            ));
        }
        Ok(parsed)
    }

    /// Checks a one-line value (a default or an assumption) against the prompt's kind.
    pub(crate) fn check_value(&self, value: &str) -> Result<(), String> {
        match self.kind {
            PromptKind::Quantity => self
                .quantity(value, &quantity::Conventions::default())
                .map(|_| ()),
            PromptKind::Choice => self.choose(value).map(|_| ()),
            PromptKind::Confirm => parse_confirm(value).map(|_| ()),
            PromptKind::Text | PromptKind::List => Ok(()),
        }
    }

    /// Resolves what the user typed at a choice prompt: an option's number, its name in any
    /// case, or an unambiguous beginning of its name.
    pub(crate) fn choose(&self, typed: &str) -> Result<&str, String> {
        let typed = typed.trim();
        // A name wins over a position, so that options which are numbers mean themselves.
        if let Some(option) = self.options.iter().find(|o| o.eq_ignore_ascii_case(typed)) {
            return Ok(option);
        }
        if let Ok(number) = typed.parse::<usize>()
            && let Some(option) = number.checked_sub(1).and_then(|i| self.options.get(i))
        {
            return Ok(option);
        }
        let lower = typed.to_lowercase();
        let matches: Vec<&String> = self
            .options
            .iter()
            .filter(|o| !lower.is_empty() && o.to_lowercase().starts_with(&lower))
            .collect();
        match matches.as_slice() {
            [only] => Ok(only),
            _ => Err(format!(
                "expected one of: {} (or its number, 1 to {})",
                self.options.join(", "),
                self.options.len()
            )),
        }
    }
}

/// Reads a yes/no answer the way people type it.
pub(crate) fn parse_confirm(typed: &str) -> Result<bool, String> {
    match typed.trim().to_lowercase().as_str() {
        "y" | "yes" | "true" => Ok(true),
        "n" | "no" | "false" => Ok(false),
        _ => Err("expected yes or no (y/n)".into()),
    }
}

pub(crate) fn check_format_version(
    origin: &Origin,
    text: &str,
    version: u32,
) -> Result<(), LoadError> {
    if version == FORMAT_VERSION {
        return Ok(());
    }
    Err(LoadError::new(
        origin,
        line_of_key(text, "format_version"),
        format!(
            "format_version {version} is not supported; this sdcoach reads format_version {FORMAT_VERSION}"
        ),
    ))
}

pub(crate) fn line_of_key(text: &str, key: &str) -> Option<usize> {
    yaml::line_of(text, &format!("{key}:"), 0)
}

/// Fails on the second occurrence of any id, pointing at its line.
pub(crate) fn check_unique<'a>(
    origin: &Origin,
    text: &str,
    ids: impl Iterator<Item = &'a str>,
    what: &str,
) -> Result<(), LoadError> {
    let mut seen = BTreeSet::new();
    for id in ids {
        if !seen.insert(id) {
            let line = yaml::line_of(text, &format!("id: {id}"), 1);
            return Err(LoadError::new(
                origin,
                line,
                format!("duplicate {what} `{id}`; ids must be unique"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::key::prompt_key;

    fn load(text: &str) -> Result<Procedure, LoadError> {
        Procedure::load(&Origin::builtin("test.yaml"), text)
    }

    const MINIMAL: &str = "format_version: 1\nid: p\ntitle: P\nsteps:\n  - id: a\n    title: A\n    minutes: 5\n    goal: g\n    prompts:\n      - id: q\n        kind: text\n        question: Why?\n";

    #[test]
    fn the_built_in_procedure_loads_with_seven_steps() {
        let text = include_str!("../../procedures/standard.yaml");
        let procedure = load(text).unwrap();
        let ids: Vec<&str> = procedure.steps.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "requirements",
                "estimation",
                "interface",
                "data-model",
                "high-level-design",
                "detailed-design",
                "bottlenecks"
            ]
        );
        let minutes: Vec<u32> = procedure.steps.iter().map(|s| s.minutes).collect();
        assert_eq!(minutes, [5, 3, 4, 5, 10, 13, 5]);
        assert_eq!(procedure.total_minutes(), 45);
    }

    #[test]
    fn a_duplicate_prompt_id_is_refused_at_its_line() {
        let text =
            format!("{MINIMAL}      - id: q\n        kind: list\n        question: Again?\n");
        let err = load(&text).unwrap_err();
        assert_eq!(err.line, Some(13));
        assert!(
            err.message.contains("duplicate prompt or figure id `q`"),
            "{err}"
        );
    }

    #[test]
    fn a_choice_without_options_is_refused() {
        let text = MINIMAL.replace("kind: text", "kind: choice");
        let err = load(&text).unwrap_err();
        assert!(err.message.contains("needs `options`"), "{err}");
        assert_eq!(err.line, Some(10));
    }

    #[test]
    fn an_unknown_kind_lists_the_known_ones() {
        let err = load(&MINIMAL.replace("kind: text", "kind: essay")).unwrap_err();
        assert!(err.to_string().contains("unknown variant `essay`"), "{err}");
        assert!(err.to_string().contains("confirm"), "{err}");
    }

    #[test]
    fn a_newer_format_version_is_refused() {
        let err = load(&MINIMAL.replace("format_version: 1", "format_version: 2")).unwrap_err();
        assert_eq!(err.line, Some(1));
        assert!(err.message.contains("format_version 2 is not supported"));
    }

    #[test]
    fn choices_accept_numbers_names_and_prefixes() {
        let procedure = load(include_str!("../../procedures/standard.yaml")).unwrap();
        let at = procedure
            .find(&prompt_key("requirements.consistency"))
            .unwrap();
        let prompt = procedure.prompt(at);
        assert_eq!(prompt.choose("2"), Ok("eventual"));
        assert_eq!(prompt.choose("STRONG"), Ok("strong"));
        assert_eq!(prompt.choose("read"), Ok("read-your-writes"));
        assert!(prompt.choose("4").unwrap_err().contains("strong, eventual"));
        assert!(prompt.choose("").is_err());
    }
}
