//! The checks a procedure declares per step: a few generic kinds of rule, each with the
//! words to say when it passes and when it fails, and their validation against the
//! procedure. The judge evaluates them (`judge::checks`).

use std::num::NonZeroUsize;

use serde::Deserialize;

use crate::content::key::{PromptKey, StepId};
use crate::content::procedure::{Procedure, PromptKind, Step};
use crate::content::vocabulary::Vocabulary;
use crate::content::yaml::{self, LoadError, Origin};

/// One check as written under a step's `checks:`. The messages may use `{missing}` (what
/// is lacking, comma-separated), `{count}`, `{min}` and `{max}` where the rule has them.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Check {
    #[serde(flatten)]
    pub(crate) rule: Rule,
    pub(crate) pass: String,
    pub(crate) fail: String,
}

/// The kinds of rule. Prompts are named by `<step-id>.<prompt-id>`, so a step may check
/// answers given in an earlier step. Rules about the content of one answer say nothing
/// while it is unanswered; `answered` is the rule that reports absences.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub(crate) enum Rule {
    /// At least `at_least` of the prompts are answered (all of them when absent);
    /// `{missing}` lists the unanswered ones.
    Answered {
        prompts: Vec<PromptKey>,
        at_least: Option<usize>,
    },
    /// Some answer among `prompts` mentions one of `keywords`. With `if_expected`, the rule
    /// applies only to problems whose expected items mention the need.
    Mentions {
        prompts: Vec<PromptKey>,
        concepts: Vec<String>,
        if_expected: Option<Need>,
    },
    /// Every item of a list answer mentions one of `keywords`, checked only when the
    /// confirm prompt `when` (if given) was answered yes; `{missing}` lists the items.
    EveryItemMentions {
        prompt: PromptKey,
        concepts: Vec<String>,
        when: Option<PromptKey>,
    },
    /// Every column of every table line has a type; `{missing}` lists `Table.column`.
    TypedColumns { prompt: PromptKey },
    /// Some column references another table, or the prompt `or_answered` is answered.
    ForeignKeys {
        prompt: PromptKey,
        or_answered: Option<PromptKey>,
    },
    /// The diagram in `prompt` has at least `min` boxes; `{count}`. Above `max` it still
    /// passes, with the `over` note instead of the pass message.
    BoxCount {
        prompt: PromptKey,
        min: usize,
        max: usize,
        over: Option<String>,
    },
    /// The diagram in `prompt` has a box for each component the problem needs: those its
    /// expected items for the prompt's step mention. `{missing}` names the absent ones.
    BoxesInclude {
        prompt: PromptKey,
        components: Vec<Topic>,
    },
    /// Every answered prompt among `prompts` mentions each aspect; `{missing}` lists
    /// `prompt: aspect, aspect` for those that do not.
    Reasoned {
        prompts: Vec<PromptKey>,
        aspects: Vec<Topic>,
    },
    /// Every box of the diagram in `diagram`, but those that are one of the `except`
    /// concepts (the client, outside the system), is mentioned in one of `prompts`;
    /// `{missing}` names the boxes left out.
    CoversBoxes {
        diagram: PromptKey,
        prompts: Vec<PromptKey>,
        #[serde(default)]
        except: Vec<String>,
    },
}

/// Something named, recognised by a mention of any of its concepts; or, with `options`,
/// by an answer that sets out at least that many options (`1) ... 2)`, `option A ... B`,
/// `X vs Y`, `either X or Y`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Topic {
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) concepts: Vec<String>,
    pub(crate) options: Option<NonZeroUsize>,
}

/// A need a problem shows through its expected items for `step`, e.g. media storage.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Need {
    pub(crate) step: StepId,
    pub(crate) concepts: Vec<String>,
}

impl Rule {
    /// Every concept the rule names.
    fn concepts(&self) -> Vec<&String> {
        fn topics(topics: &[Topic]) -> Vec<&String> {
            topics.iter().flat_map(|t| &t.concepts).collect()
        }
        match self {
            Rule::Mentions {
                concepts,
                if_expected,
                ..
            } => concepts
                .iter()
                .chain(if_expected.iter().flat_map(|need| &need.concepts))
                .collect(),
            Rule::EveryItemMentions { concepts, .. } => concepts.iter().collect(),
            Rule::BoxesInclude { components, .. } => topics(components),
            Rule::Reasoned { aspects, .. } => topics(aspects),
            Rule::CoversBoxes { except, .. } => except.iter().collect(),
            _ => Vec::new(),
        }
    }

    /// Every `<step-id>.<prompt-id>` the rule reads, with whether it must be a yes/no prompt.
    fn prompt_keys(&self) -> Vec<(&PromptKey, bool)> {
        match self {
            Rule::Answered { prompts, .. }
            | Rule::Mentions { prompts, .. }
            | Rule::Reasoned { prompts, .. } => plain(prompts),
            Rule::EveryItemMentions { prompt, when, .. } => {
                let mut keys = vec![(prompt, false)];
                keys.extend(when.iter().map(|key| (key, true)));
                keys
            }
            Rule::ForeignKeys {
                prompt,
                or_answered,
            } => {
                let mut keys = vec![(prompt, false)];
                keys.extend(or_answered.iter().map(|key| (key, false)));
                keys
            }
            Rule::TypedColumns { prompt }
            | Rule::BoxCount { prompt, .. }
            | Rule::BoxesInclude { prompt, .. } => vec![(prompt, false)],
            Rule::CoversBoxes {
                diagram, prompts, ..
            } => {
                let mut keys = plain(prompts);
                keys.push((diagram, false));
                keys
            }
        }
    }
}

/// Checks that every prompt a check names exists (and is yes/no where a condition needs
/// one), and that a box count's range is not empty, pointing at the offending line.
pub(crate) fn validate(
    procedure: &Procedure,
    step: &Step,
    origin: &Origin,
    text: &str,
) -> Result<(), LoadError> {
    for check in &step.checks {
        for concept in check.rule.concepts() {
            Vocabulary::builtin().require(concept).map_err(|reason| {
                LoadError::new(
                    origin,
                    yaml::line_of(text, concept, 0),
                    format!("a check of step `{}` names {reason}", step.id),
                )
            })?;
        }
        for (key, needs_confirm) in check.rule.prompt_keys() {
            let fail = |message: String| {
                Err(LoadError::new(
                    origin,
                    yaml::line_of(text, &key.to_string(), 0),
                    format!("a check of step `{}` {message}", step.id),
                ))
            };
            let Some(at) = procedure.find(key) else {
                return fail(format!(
                    "names prompt `{key}`, which the procedure does not have; expected `<step-id>.<prompt-id>`"
                ));
            };
            if needs_confirm && procedure.prompt(at).kind != PromptKind::Confirm {
                return fail(format!(
                    "uses `{key}` as a condition, but only confirm prompts can be"
                ));
            }
        }
        if let Rule::Mentions {
            if_expected: Some(need),
            ..
        } = &check.rule
            && procedure.step_index(&need.step).is_none()
        {
            return Err(LoadError::new(
                origin,
                yaml::line_of(text, &format!("step: {}", need.step), 0),
                format!(
                    "a check of step `{}` names step `{}`, which the procedure does not have",
                    step.id, need.step
                ),
            ));
        }
        if let Rule::BoxCount { min, max, .. } = check.rule
            && min > max
        {
            return Err(LoadError::new(
                origin,
                yaml::line_of(text, &format!("min: {min}"), 0),
                format!(
                    "a box_count check of step `{}` has min {min} above max {max}",
                    step.id
                ),
            ));
        }
    }
    Ok(())
}

fn plain(keys: &[PromptKey]) -> Vec<(&PromptKey, bool)> {
    keys.iter().map(|key| (key, false)).collect()
}
