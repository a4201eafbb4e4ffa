//! The points a strong answer to a step makes, as a problem file states them.

use serde::Deserialize;

/// One or several concepts, any of which will do.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub(crate) enum Group {
    One(String),
    AnyOf(Vec<String>),
}

impl Group {
    pub(crate) fn concepts(&self) -> &[String] {
        match self {
            Group::One(concept) => std::slice::from_ref(concept),
            Group::AnyOf(concepts) => concepts,
        }
    }
}

/// A rubric point of a step, as a problem file states it.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ExpectedItem {
    /// The point's name, which transcripts and history refer to.
    pub item: String,
    /// Covered when one of these is said.
    #[serde(default)]
    pub(crate) any: Vec<String>,
    /// Covered when each of these is said; some of them is partial.
    #[serde(default)]
    pub(crate) all: Vec<Group>,
    /// Like `all`, but weighing a side and rejecting it still counts.
    #[serde(default)]
    pub(crate) compare: Vec<Group>,
    /// Saying one of these states the opposite of the point.
    #[serde(default)]
    pub(crate) contradicted_by: Vec<String>,
    /// Why the opposite hurts, shown with a contradiction.
    pub(crate) why: Option<String>,
    /// An estimation figure that covers the point when the user's own value is right; the
    /// concepts, if any, count when no figure was given.
    pub(crate) figure: Option<String>,
}

impl ExpectedItem {
    /// Every concept the item names, for validation.
    pub(crate) fn concepts(&self) -> impl Iterator<Item = &String> {
        self.any
            .iter()
            .chain(self.all.iter().flat_map(|g| g.concepts()))
            .chain(self.compare.iter().flat_map(|g| g.concepts()))
            .chain(&self.contradicted_by)
    }
}
