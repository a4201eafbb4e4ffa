//! What a step's answers covered of what a strong answer to the problem covers: each
//! expected item ends covered, partial, missed or contradicted, with the words that decided it.

use serde::Deserialize;

use crate::content::answer::Answer;
use crate::content::expected::ExpectedItem;
use crate::content::vocabulary::{Mention, Vocabulary};
use crate::judge::estimates::Estimate;
use crate::text::words::Text;
use crate::units::formula::Verdict;

impl ExpectedItem {
    /// The groups that must each be said, with whether a negated mention still counts.
    fn groups(&self) -> Vec<(&[String], bool)> {
        let mut groups = Vec::new();
        if !self.any.is_empty() {
            groups.push((self.any.as_slice(), false));
        }
        groups.extend(self.all.iter().map(|g| (g.concepts(), false)));
        groups.extend(self.compare.iter().map(|g| (g.concepts(), true)));
        groups
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Covered,
    Partial,
    Missed,
    Contradicted,
}

impl Status {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Status::Covered => "Covered",
            Status::Partial => "Partial",
            Status::Missed => "Missed",
            Status::Contradicted => "Contradicted",
        }
    }

    /// What the status is worth towards the step's score: a contradiction costs a point.
    pub(crate) fn credit(self) -> f64 {
        match self {
            Status::Covered => 1.0,
            Status::Partial => 0.5,
            Status::Missed => 0.0,
            Status::Contradicted => -1.0,
        }
    }
}

/// The verdict on one item and the quote that earned it.
#[derive(Debug, Clone)]
pub struct Judged<'a> {
    pub(crate) item: &'a ExpectedItem,
    pub status: Status,
    pub evidence: Option<String>,
}

/// The answers of a step, analysed once for every item and check.
pub struct Answers {
    pub(crate) texts: Vec<Text>,
    /// The words as the candidate gave them, where the judge reads an answer through a
    /// template ("eventual" read as "eventual consistency"); quotes come from these.
    pub(crate) said: Vec<String>,
    /// Requirements: naming a feature as out of scope deals with it.
    pub(crate) scoping: bool,
}

impl Answers {
    pub fn new(answers: &[String], scoping: bool) -> Answers {
        Answers {
            texts: answers
                .iter()
                .map(|a| crate::text::words::analyse(a))
                .collect(),
            said: answers.to_vec(),
            scoping,
        }
    }

    /// Quotes answers as the candidate gave them, one per answer judged.
    pub(crate) fn said_as(mut self, said: Vec<String>) -> Answers {
        self.said = said;
        self
    }

    /// A short quote around a mention: its sentence, or a window of it.
    pub(crate) fn quote(&self, mention: &Mention) -> String {
        let text = &self.texts[mention.answer];
        if let Some(said) = self.said.get(mention.answer).filter(|s| **s != text.source) {
            return said.clone();
        }
        let sentence = text
            .sentences
            .iter()
            .find(|s| s.start <= mention.start && mention.end <= s.end);
        let (start, end) = sentence.map_or((mention.start, mention.end), |s| (s.start, s.end));
        let source = &text.source;
        if end - start <= 160 {
            return source[start..end].to_string();
        }
        let from = floor(source, mention.start.saturating_sub(60).max(start));
        let to = ceil(source, (mention.end + 60).min(end));
        let mut quote = source[from..to].trim().to_string();
        if from > start {
            quote.insert_str(0, "...");
        }
        if to < end {
            quote.push_str("...");
        }
        quote
    }
}

fn floor(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// Judges every item of a step.
pub fn judge<'a>(
    expected: &'a [ExpectedItem],
    answers: &Answers,
    vocabulary: &Vocabulary,
    estimates: &[Estimate],
) -> Vec<Judged<'a>> {
    expected
        .iter()
        .map(|item| match &item.figure {
            // A figure item that also names concepts is earned by the right figure or, with
            // no figure given, by saying it ("read-heavy").
            Some(figure) => {
                let judged = judge_figure(item, figure, estimates);
                if judged.status == Status::Missed && !item.groups().is_empty() {
                    judge_text(item, answers, vocabulary)
                } else {
                    judged
                }
            }
            None => judge_text(item, answers, vocabulary),
        })
        .collect()
}

fn judge_figure<'a>(item: &'a ExpectedItem, figure: &str, estimates: &[Estimate]) -> Judged<'a> {
    let estimate = estimates.iter().find(|e| e.figure.id == figure);
    let verdict = estimate.and_then(Estimate::verdict);
    let status = match verdict {
        Some(Verdict::Close) => Status::Covered,
        Some(Verdict::SameOrder) => Status::Partial,
        Some(Verdict::Off) => Status::Contradicted,
        None => Status::Missed,
    };
    // The evidence is the user's own figure as typed; the status says how close it was.
    let evidence = estimate
        .filter(|_| verdict.is_some())
        .and_then(|e| e.said.clone());
    Judged {
        item,
        status,
        evidence,
    }
}

fn judge_text<'a>(
    item: &'a ExpectedItem,
    answers: &Answers,
    vocabulary: &Vocabulary,
) -> Judged<'a> {
    let find = |concepts: &[String]| -> Vec<Mention> {
        concepts
            .iter()
            .flat_map(|concept| vocabulary.mentions(concept, &answers.texts))
            .collect()
    };
    if let Some(mention) = find(&item.contradicted_by).iter().find(|m| says(m)) {
        return Judged {
            item,
            status: Status::Contradicted,
            evidence: Some(answers.quote(mention)),
        };
    }
    // For each group met, the mentions that meet it; one of them is quoted.
    let mut satisfied: Vec<Vec<Mention>> = Vec::new();
    let mut mixed = Vec::new();
    let groups = item.groups();
    for (concepts, either_way) in &groups {
        let mut mentions = find(concepts);
        if mentions.is_empty() && !either_way {
            mentions = concepts
                .iter()
                .flat_map(|c| vocabulary.denied_kinds(c, &answers.texts))
                .collect();
        }
        let scoped_out = answers.scoping && mentions.iter().any(|m| m.scoped);
        if *either_way || scoped_out {
            let decisive = mentions.iter().find(|m| *either_way || m.scoped);
            satisfied.extend(decisive.map(|m| vec![m.clone()]));
            continue;
        }
        // An item that asks for both sides ("strong for bookings, eventual for browsing")
        // is not contradicted by one of them.
        let opposites: Vec<String> = concepts
            .iter()
            .flat_map(|c| vocabulary.opposites(c))
            .filter(|opposite| !item.concepts().any(|c| c == *opposite))
            .cloned()
            .collect();
        let opposed = find(&opposites);
        let decisive = opposites
            .iter()
            .filter(|c| vocabulary.decisive(c))
            .flat_map(|c| vocabulary.mentions(c, &answers.texts))
            .filter(says)
            .count();
        // An option turned down weighs against the point only when the design taken does not
        // say it too ("option A: retry at once, option B: retry from a queue; we pick B").
        let taken = mentions.iter().any(says);
        let outweighed = |m: &Mention| taken && m.rejected && !m.negated;
        let against: Vec<&Mention> = mentions
            .iter()
            .filter(|m| !says(m) && !outweighed(m))
            .chain(opposed.iter().filter(|m| says(m)))
            .collect();
        // "No replicas, because replica lag ..." says no: an affirmative mention in the
        // sentence that denies the concept does not outweigh the denial.
        let affirmed: Vec<&Mention> = mentions
            .iter()
            .filter(|m| says(m))
            .filter(|m| {
                !against
                    .iter()
                    .any(|n| n.answer == m.answer && n.sentence == m.sentence)
            })
            .collect();
        // A stated preference for the opposite ("consistency over availability") weighs
        // more than a passing mention of the point.
        let weight_against = against.len() + decisive;
        if weight_against > affirmed.len() {
            return Judged {
                item,
                status: Status::Contradicted,
                evidence: against.first().map(|m| answers.quote(m)),
            };
        }
        if !affirmed.is_empty() {
            // Said and denied as often: half the point, both quotes. Said more often than
            // denied, the point stands.
            if weight_against == affirmed.len() {
                mixed.extend(against.first().map(|m| (*m).clone()));
            }
            satisfied.push(affirmed.into_iter().cloned().collect());
        }
    }
    let status = match satisfied.len() {
        0 => Status::Missed,
        n if n == groups.len() && mixed.is_empty() => Status::Covered,
        _ => Status::Partial,
    };
    let quoted = best_quoted(&satisfied).into_iter().chain(&mixed);
    let mut quotes: Vec<String> = Vec::new();
    for mention in quoted {
        let quote = answers.quote(mention);
        if !quotes.contains(&quote) {
            quotes.push(quote);
        }
    }
    Judged {
        item,
        status,
        evidence: (!quotes.is_empty())
            .then(|| quotes.into_iter().take(2).collect::<Vec<_>>().join(" ... ")),
    }
}

/// For each group, the mention whose sentence meets the most groups (the first of those), so
/// that the quote shows as much of the point in as few sentences as the answer allows.
fn best_quoted(satisfied: &[Vec<Mention>]) -> Vec<&Mention> {
    let place = |m: &Mention| (m.answer, m.sentence);
    let groups_met_in = |at: (usize, usize)| {
        satisfied
            .iter()
            .filter(|mentions| mentions.iter().any(|m| place(m) == at))
            .count()
    };
    satisfied
        .iter()
        .filter_map(|mentions| {
            // The last of the best in reverse order is the first of them.
            mentions
                .iter()
                .rev()
                .max_by_key(|m| groups_met_in(place(m)))
        })
        .collect()
}

/// Whether a mention says its concept is part of the design: not denied, and not inside an
/// option the answer chose against.
fn says(mention: &Mention) -> bool {
    !mention.negated && !mention.rejected
}

/// The share of expected items earned, from 0 to 1: covered counts 1, partial a half, a
/// contradiction takes one away; a step that expects nothing is fully covered.
pub(crate) fn ratio(judged: &[&Judged]) -> f64 {
    if judged.is_empty() {
        return 1.0;
    }
    let earned: f64 = judged.iter().map(|j| j.status.credit()).sum();
    (earned / judged.len() as f64).max(0.0)
}

/// The words of an answer: a text as typed, a list one item per line, nothing for yes/no.
pub(crate) fn answer_text(answer: &Answer) -> String {
    match answer {
        Answer::Flag(_) => String::new(),
        Answer::Text(text) => text.clone(),
        Answer::List(items) => items.join("\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::yaml::Origin;

    fn vocabulary() -> Vocabulary {
        let text = "format_version: 1\nconcepts:
  object-storage: {forms: [object storage, s3, bucket]}
  blob-in-db: {forms: ['stored in the database as blobs', bytea]}
  replica: {forms: [replica, standby]}
  push: {forms: [fan-out on write, push]}
  pull: {forms: [fan-out on read, pull]}
  ads: {forms: [ads, advertising]}
  retry: {forms: [retry, retries]}
  eventual: {forms: [eventual consistency, stale], contradicted_by: [strong]}
  strong: {forms: [strong consistency]}
  cache: {forms: [cache, cached]}
  feed-cache: {forms: [feed cache], kind_of: [cache]}\n";
        Vocabulary::load(&Origin::builtin("v.yaml"), text).unwrap()
    }

    fn item(yaml: &str) -> ExpectedItem {
        serde_yaml::from_str(yaml).unwrap()
    }

    fn verdict(item: &ExpectedItem, answers: &[&str], scoping: bool) -> (Status, Option<String>) {
        let answers: Vec<String> = answers.iter().map(|a| a.to_string()).collect();
        let judged = judge(
            std::slice::from_ref(item),
            &Answers::new(&answers, scoping),
            &vocabulary(),
            &[],
        );
        (judged[0].status, judged[0].evidence.clone())
    }

    #[test]
    fn a_mention_covers_with_its_sentence_as_evidence() {
        let media = item(
            "{item: Media in object storage, any: [object-storage], contradicted_by: [blob-in-db]}",
        );
        assert_eq!(
            verdict(
                &media,
                &["Rows in Postgres. Photos go to a bucket, keys in the row."],
                false
            ),
            (
                Status::Covered,
                Some("Photos go to a bucket, keys in the row".into())
            )
        );
        assert_eq!(
            verdict(&media, &["Photos live on the web servers."], false).0,
            Status::Missed
        );
    }

    #[test]
    fn the_quote_is_the_sentence_that_makes_most_of_the_point() {
        let pushed = item("{item: Pushed feeds in a cache, all: [push, cache]}");
        assert_eq!(
            verdict(
                &pushed,
                &["We cache user profiles. Each post is a push into a cached list per follower."],
                false
            ),
            (
                Status::Covered,
                Some("Each post is a push into a cached list per follower".into())
            )
        );
    }

    #[test]
    fn the_opposite_claim_and_a_negated_mention_contradict() {
        let media = item(
            "{item: Media in object storage, any: [object-storage], contradicted_by: [blob-in-db]}",
        );
        let (status, evidence) = verdict(
            &media,
            &["The photos are stored in the database as blobs."],
            false,
        );
        assert_eq!(status, Status::Contradicted);
        assert_eq!(
            evidence.as_deref(),
            Some("The photos are stored in the database as blobs")
        );
        let replicas = item("{item: Replication, any: [replica]}");
        assert_eq!(
            verdict(
                &replicas,
                &["No replicas: one primary, because replica lag shows stale data"],
                false
            )
            .0,
            Status::Contradicted
        );
        assert_eq!(
            verdict(
                &replicas,
                &["Two standbys per shard; we need no replica of the cache"],
                false
            )
            .0,
            Status::Partial
        );
        assert_eq!(
            verdict(
                &replicas,
                &["Two standbys per shard", "A replica in each zone"],
                false
            )
            .0,
            Status::Covered
        );
    }

    #[test]
    fn denying_the_broader_kind_denies_the_point_and_a_condition_is_neither() {
        let feeds = item("{item: Feed cache, any: [feed-cache]}");
        let verdict_of = |answer: &str| verdict(&feeds, &[answer], false).0;
        assert_eq!(
            verdict_of("Nothing is cached: every load queries the database."),
            Status::Contradicted
        );
        assert_eq!(
            verdict_of("No cache for profiles; the feed cache holds post ids."),
            Status::Covered
        );
        let caching = item("{item: Cache, any: [cache]}");
        assert_eq!(
            verdict(
                &caching,
                &["Without a cache, every read would hit the database."],
                false
            )
            .0,
            Status::Missed
        );
    }

    #[test]
    fn a_comparison_counts_both_sides_weighed_and_partial_counts_one() {
        let compare = item("{item: Push vs pull, compare: [push, pull]}");
        assert_eq!(
            verdict(
                &compare,
                &["Option A: push. I choose pull, not push."],
                false
            )
            .0,
            Status::Covered
        );
        assert_eq!(
            verdict(&compare, &["We pull at read time."], false).0,
            Status::Partial
        );
    }

    #[test]
    fn scoping_a_feature_out_deals_with_it_in_requirements_only() {
        let ads = item("{item: Ads, any: [ads]}");
        assert_eq!(
            verdict(&ads, &["Out of scope: ads and search"], true).0,
            Status::Covered
        );
        assert_eq!(
            verdict(&ads, &["Out of scope: ads and search"], false).0,
            Status::Contradicted
        );
        // Denying a property is not scoping it out.
        let retries = item("{item: Reliable delivery, any: [retry]}");
        assert_eq!(
            verdict(&retries, &["No retries: a failed send is dropped"], true).0,
            Status::Contradicted
        );
    }

    #[test]
    fn an_option_weighed_and_chosen_against_is_not_proposed() {
        let push = item("{item: Push, any: [push]}");
        let answer =
            ["Option A: fan-out on write, fast reads. Option B: pull at read time. I choose B."];
        assert_eq!(verdict(&push, &answer, false).0, Status::Contradicted);
        let chosen = ["Option A: fan-out on write. Option B: pull at read time. I choose A."];
        assert_eq!(verdict(&push, &chosen, false).0, Status::Covered);
        let compare = item("{item: Push vs pull, compare: [push, pull]}");
        assert_eq!(verdict(&compare, &answer, false).0, Status::Covered);
    }

    #[test]
    fn a_concept_opposite_counts_against_an_item_that_needs_it() {
        let eventual = item("{item: Eventual consistency is fine, any: [eventual]}");
        assert_eq!(
            verdict(&eventual, &["strong consistency everywhere"], false).0,
            Status::Contradicted
        );
        assert_eq!(
            verdict(
                &eventual,
                &["Feeds may be stale", "strong consistency for payments"],
                false
            )
            .0,
            Status::Partial
        );
        let both = item("{item: Strong here eventual there, all: [eventual, strong]}");
        assert_eq!(
            verdict(
                &both,
                &["Feeds may be stale", "strong consistency for payments"],
                false
            )
            .0,
            Status::Covered
        );
    }

    #[test]
    fn a_contradiction_costs_a_point_and_the_ratio_never_goes_below_zero() {
        let a = item("{item: A, any: [push]}");
        let judged = |status| Judged {
            item: &a,
            status,
            evidence: None,
        };
        assert_eq!(
            ratio(&[&judged(Status::Covered), &judged(Status::Partial)]),
            0.75
        );
        assert_eq!(
            ratio(&[&judged(Status::Contradicted), &judged(Status::Missed)]),
            0.0
        );
        assert_eq!(ratio(&[]), 1.0);
    }
}
