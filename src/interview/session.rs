//! One practice interview as it is saved: where it stands, every answer and the time spent.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::content::answer::Answer;
use crate::content::key::{PromptKey, StepId};
use crate::units::quantity::{self, Conventions, Units};

/// The layout of session files this version writes and reads.
pub(crate) const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    pub(crate) format_version: u32,
    /// The count of saves that files written while sessions had a journal still carry;
    /// read so that those files load, and never written again.
    #[serde(default, rename = "revision", skip_serializing)]
    pub(crate) retired_revision: serde::de::IgnoredAny,
    pub(crate) id: String,
    pub(crate) problem: String,
    pub(crate) problem_title: String,
    pub(crate) procedure: String,
    /// Content files that did not come built in, found again on resume.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) problem_file: Option<PathBuf>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) procedure_file: Option<PathBuf>,
    pub(crate) started_at: Timestamp,
    pub(crate) updated_at: Timestamp,
    #[serde(default)]
    pub(crate) finished_at: Option<Timestamp>,
    /// The prompt being asked; none once the interview is over.
    #[serde(default)]
    pub(crate) cursor: Option<PromptKey>,
    pub(crate) steps: Vec<StepLog>,
    /// Answers by prompt, in the same form as an answers file.
    #[serde(default)]
    pub answers: BTreeMap<PromptKey, Answer>,
    /// List items typed at the prompt under the cursor before its list was ended; dropped
    /// when the cursor moves.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) draft: Vec<String>,
    #[serde(default)]
    pub(crate) skipped: BTreeSet<PromptKey>,
    /// How many rungs of each prompt's hint ladder were shown.
    #[serde(default, deserialize_with = "hints_used")]
    pub(crate) hints_used: BTreeMap<PromptKey, usize>,
    pub(crate) settings: Settings,
    /// The interviewer's follow-up questions chosen for this session, by step id.
    #[serde(default)]
    pub(crate) probes: BTreeMap<StepId, Vec<String>>,
    /// The id of the problem's twist the interviewer announces, when started with `--twist`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) twist: Option<String>,
    /// Questions put to the interviewer with `:ask`, and the answers given.
    #[serde(default)]
    pub(crate) exchanges: Vec<Exchange>,
    /// The moment from which running time is counted; not saved, so that time away between
    /// quitting and resuming is never counted.
    #[serde(skip)]
    pub(crate) clock_since: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StepLog {
    pub(crate) id: StepId,
    #[serde(default)]
    pub(crate) elapsed_secs: u64,
    #[serde(default)]
    pub(crate) started_at: Option<Timestamp>,
    #[serde(default)]
    pub(crate) finished_at: Option<Timestamp>,
}

/// How the interview was set up; kept so that a resumed session runs the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The length of the whole interview; step budgets scale with it.
    pub minutes: u32,
    /// Whether the clock is shown.
    pub timer: bool,
    /// Picks the interviewer's follow-up questions; the same seed asks the same ones.
    pub seed: u64,
    /// Seconds in a month for estimates (30 days by default; 2.5 million in some guides).
    #[serde(default = "default_month_seconds")]
    pub month_seconds: u64,
    /// Show sizes in binary units (KiB, MiB ...) rather than decimal ones.
    #[serde(default)]
    pub binary: bool,
}

fn default_month_seconds() -> u64 {
    quantity::DEFAULT_MONTH_SECONDS as u64
}

impl Settings {
    /// The estimation conventions this session uses.
    pub(crate) fn conventions(&self) -> Conventions {
        Conventions {
            month_seconds: self.month_seconds as f64,
            units: if self.binary {
                Units::Binary
            } else {
                Units::Decimal
            },
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Exchange {
    /// The step the question was asked in.
    pub(crate) step: StepId,
    pub(crate) question: String,
    pub(crate) answer: String,
}

/// The hints used: a count per prompt, or, as sessions saved before hint ladders kept them,
/// a list of the prompts whose one hint was shown.
fn hints_used<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<PromptKey, usize>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Saved {
        Counts(BTreeMap<PromptKey, usize>),
        Prompts(BTreeSet<PromptKey>),
    }
    Ok(match Saved::deserialize(deserializer)? {
        Saved::Counts(counts) => counts,
        Saved::Prompts(prompts) => prompts.into_iter().map(|key| (key, 1)).collect(),
    })
}

impl Session {
    pub(crate) fn is_finished(&self) -> bool {
        self.finished_at.is_some()
    }

    pub fn total_elapsed_secs(&self) -> u64 {
        self.steps.iter().map(|step| step.elapsed_secs).sum()
    }

    /// The items of the list prompt `key` so far: its saved answer, then the items typed
    /// at it since.
    pub(crate) fn list_so_far(&self, key: &PromptKey) -> Vec<String> {
        let saved = match self.answers.get(key) {
            Some(Answer::List(items)) => items.as_slice(),
            _ => &[],
        };
        saved.iter().chain(self.draft_at(key)).cloned().collect()
    }

    /// The list items typed at the prompt `key` whose list was not ended yet: the draft, when
    /// the interview stands at that prompt.
    pub(crate) fn draft_at(&self, key: &PromptKey) -> &[String] {
        if self.cursor.as_ref() == Some(key) {
            &self.draft
        } else {
            &[]
        }
    }

    /// Steps whose every prompt has been answered or skipped.
    pub fn steps_done(&self) -> usize {
        self.steps
            .iter()
            .filter(|step| step.finished_at.is_some())
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_used_read_as_counts_or_as_the_older_list_of_prompts() {
        let read = |yaml: &str| -> BTreeMap<PromptKey, usize> {
            #[derive(Deserialize)]
            struct Saved {
                #[serde(deserialize_with = "hints_used")]
                hints_used: BTreeMap<PromptKey, usize>,
            }
            serde_yaml::from_str::<Saved>(yaml).unwrap().hints_used
        };
        let expected = BTreeMap::from([(PromptKey::new("requirements", "scope"), 1)]);
        assert_eq!(read("hints_used: [requirements.scope]"), expected);
        assert_eq!(read("hints_used: {requirements.scope: 1}"), expected);
    }
}
