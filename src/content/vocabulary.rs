//! The domain vocabulary: concepts and the many ways a candidate names each one, and the
//! matcher that finds a concept in an analysed answer, with where and whether it was negated.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use serde::Deserialize;

use crate::content::yaml::{self, LoadError, Origin};
use crate::text::words::{self, Sentence, Text, Token};

/// How many content words may stand between two words of a form.
const GAP: usize = 2;
/// How deep `{concept}` references inside forms may nest.
const DEPTH: usize = 4;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ConceptSpec {
    #[serde(default)]
    pub(crate) forms: Vec<String>,
    #[serde(default)]
    pub(crate) includes: Vec<String>,
    /// Concepts whose affirmed mention states the opposite of this one.
    #[serde(default)]
    pub(crate) contradicted_by: Vec<String>,
    /// Concepts that name the fault this one rules out: "never double-booked" is a mention
    /// of `no-double-booking`. Naming the fault is not a mention against it, since faults
    /// are named to be handled ("a retry can duplicate a charge, so ...").
    #[serde(default)]
    pub(crate) denies: Vec<String>,
    /// Broader concepts this one is a kind of: a feed cache is a cache, so "nothing is
    /// cached" denies it.
    #[serde(default)]
    pub(crate) kind_of: Vec<String>,
    /// Concepts with a longer form that holds one of this one's: inside it, the shorter form
    /// means something else ("partition" in "partition tolerant" is no shard).
    #[serde(default)]
    pub(crate) not_within: Vec<String>,
    /// A problem a design must deal with (hot keys, a single point of failure): avoiding it
    /// ("we avoid hot keys by ...") is dealing with it, not denying it.
    #[serde(default)]
    pub(crate) fault: bool,
    /// A stated choice ("consistency over availability"): said against an item, it weighs
    /// as much as two passing mentions of the item's point.
    #[serde(default)]
    pub(crate) decisive: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct VocabularyFile {
    format_version: u32,
    #[serde(deserialize_with = "yaml::unique_keys")]
    concepts: BTreeMap<String, ConceptSpec>,
}

/// One element of a form: a word, or any form of another concept.
#[derive(Debug, Clone, PartialEq)]
enum Element {
    Word { word: String, stem: String },
    Concept(String),
}

/// Concepts by id, each with its forms compiled.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    concepts: BTreeMap<String, Concept>,
}

#[derive(Debug, Clone, Default)]
struct Concept {
    forms: Vec<Vec<Element>>,
    includes: Vec<String>,
    contradicted_by: Vec<String>,
    denies: Vec<String>,
    kind_of: Vec<String>,
    not_within: Vec<String>,
    fault: bool,
    decisive: bool,
}

impl Concept {
    /// The concepts its forms name with `{...}`.
    fn inner(&self) -> impl Iterator<Item = &String> {
        self.forms
            .iter()
            .flatten()
            .filter_map(|element| match element {
                Element::Concept(inner) => Some(inner),
                Element::Word { .. } => None,
            })
    }
}

/// Where a concept was found: which answer, the byte range, and in what light.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mention {
    pub(crate) answer: usize,
    pub(crate) sentence: usize,
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) negated: bool,
    /// Negated by a cue that scopes a feature out.
    pub(crate) scoped: bool,
    /// Inside an option the answer rejects.
    pub(crate) rejected: bool,
    /// Said with its repetition denied ("never assigned twice").
    pub(crate) once: bool,
    /// A fault the answer avoids: said as dealt with.
    pub(crate) avoided: bool,
}

impl Mention {
    /// Whether `other` lies inside this mention, which is longer.
    fn holds(&self, other: &Mention) -> bool {
        (self.answer, self.sentence) == (other.answer, other.sentence)
            && self.start <= other.start
            && other.end <= self.end
            && self.end - self.start > other.end - other.start
    }
}

pub(crate) const FILE: &str = "procedures/vocabulary.yaml";

impl Vocabulary {
    /// The vocabulary built into the binary.
    pub fn builtin() -> &'static Vocabulary {
        static BUILTIN: OnceLock<Vocabulary> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            let text = include_str!("../../procedures/vocabulary.yaml");
            // The built-in file is checked by the tests and by `validate`.
            Vocabulary::load(&Origin::builtin(FILE), text).unwrap_or_default()
        })
    }

    pub(crate) fn load(origin: &Origin, text: &str) -> Result<Vocabulary, LoadError> {
        let file: VocabularyFile = yaml::parse(origin, text)?;
        crate::content::procedure::check_format_version(origin, text, file.format_version)?;
        let mut vocabulary = Vocabulary::default();
        vocabulary.extend(&file.concepts);
        vocabulary.check(origin, text)?;
        Ok(vocabulary)
    }

    /// Adds concepts, or forms to concepts of the same id.
    pub(crate) fn extend(&mut self, specs: &BTreeMap<String, ConceptSpec>) {
        for (id, spec) in specs {
            let concept = self.concepts.entry(id.clone()).or_default();
            concept
                .forms
                .extend(spec.forms.iter().map(|form| compile(form)));
            concept.includes.extend(spec.includes.iter().cloned());
            concept
                .contradicted_by
                .extend(spec.contradicted_by.iter().cloned());
            concept.denies.extend(spec.denies.iter().cloned());
            concept.kind_of.extend(spec.kind_of.iter().cloned());
            concept.not_within.extend(spec.not_within.iter().cloned());
            concept.fault |= spec.fault;
            concept.decisive |= spec.decisive;
        }
    }

    /// The concepts that state the opposite of `concept`.
    pub(crate) fn opposites(&self, concept: &str) -> &[String] {
        self.concepts
            .get(concept)
            .map_or(&[][..], |c| c.contradicted_by.as_slice())
    }

    /// Whether `concept` states a choice that outweighs a passing mention.
    pub(crate) fn decisive(&self, concept: &str) -> bool {
        self.concepts.get(concept).is_some_and(|c| c.decisive)
    }

    /// Every concept's id.
    pub(crate) fn ids(&self) -> impl Iterator<Item = &str> {
        self.concepts.keys().map(String::as_str)
    }

    pub(crate) fn len(&self) -> usize {
        self.concepts.len()
    }

    pub(crate) fn contains(&self, id: &str) -> bool {
        self.concepts.contains_key(id)
    }

    /// Every reference inside the vocabulary names a concept, and none includes itself.
    pub(crate) fn check(&self, origin: &Origin, text: &str) -> Result<(), LoadError> {
        for (id, concept) in &self.concepts {
            let references = concept
                .includes
                .iter()
                .chain(&concept.contradicted_by)
                .chain(&concept.denies)
                .chain(&concept.kind_of)
                .chain(&concept.not_within);
            for reference in references.chain(concept.inner()) {
                if !self.contains(reference) {
                    return Err(self.unknown(origin, text, id, reference));
                }
            }
            let mut reached = BTreeSet::new();
            self.reachable(id, &mut reached);
            if reached.contains(id.as_str()) {
                return Err(LoadError::new(
                    origin,
                    yaml::line_of(text, &format!("{id}:"), 0),
                    format!(
                        "concept `{id}` includes itself, through `includes` or `{{...}}` in its forms"
                    ),
                ));
            }
        }
        Ok(())
    }

    fn unknown(&self, origin: &Origin, text: &str, id: &str, reference: &str) -> LoadError {
        LoadError::new(
            origin,
            yaml::line_of(text, reference, 0),
            format!(
                "concept `{id}` refers to `{reference}`, which is not a concept{}",
                crate::content::catalog::suggest(
                    reference,
                    self.concepts.keys().map(String::as_str)
                )
            ),
        )
    }

    /// An error for a reference to a concept this vocabulary does not have, or none.
    pub(crate) fn require(&self, reference: &str) -> Result<(), String> {
        if self.contains(reference) {
            return Ok(());
        }
        Err(format!(
            "`{reference}` is not a concept of the vocabulary{}",
            crate::content::catalog::suggest(reference, self.concepts.keys().map(String::as_str))
        ))
    }

    /// The concepts `from` speaks of through `includes` and `{...}` in its forms, at any
    /// depth; `from` itself only when it reaches itself.
    fn reachable<'v>(&'v self, from: &str, seen: &mut BTreeSet<&'v str>) {
        let Some(concept) = self.concepts.get(from) else {
            return;
        };
        for next in concept.includes.iter().chain(concept.inner()) {
            if seen.insert(next.as_str()) {
                self.reachable(next, seen);
            }
        }
    }

    /// Every mention of `concept` in `texts`, leaving out bare keyword piles. A denied
    /// fault that the concept rules out ("never double-booked") is a mention of it.
    pub(crate) fn mentions(&self, concept: &str, texts: &[Text]) -> Vec<Mention> {
        let mut found = self.said(concept, texts);
        for denied in self.concepts.get(concept).map_or(&[][..], |c| &c.denies) {
            let ruled_out = self
                .said(denied, texts)
                .into_iter()
                .filter(|m| m.negated || m.once || m.avoided);
            found.extend(ruled_out.map(|m| Mention {
                negated: false,
                scoped: false,
                ..m
            }));
        }
        found
    }

    /// Denials of the broader concepts `concept` is a kind of: "nothing is cached" for a
    /// feed cache. They speak to the concept only where it is not named itself.
    pub(crate) fn denied_kinds(&self, concept: &str, texts: &[Text]) -> Vec<Mention> {
        let broader = self.concepts.get(concept).map_or(&[][..], |c| &c.kind_of);
        broader
            .iter()
            .flat_map(|kind| self.said(kind, texts))
            .filter(|m| m.negated && !m.once)
            .collect()
    }

    /// The mentions of `concept`'s own forms (and those of the concepts it includes), but
    /// those inside a longer mention of a concept they are `not_within`.
    fn said(&self, concept: &str, texts: &[Text]) -> Vec<Mention> {
        let mut spoken_of = BTreeSet::from([concept]);
        self.reachable(concept, &mut spoken_of);
        let shadows: Vec<Mention> = spoken_of
            .iter()
            .filter_map(|id| self.concepts.get(*id))
            .flat_map(|c| &c.not_within)
            .flat_map(|other| self.said_anywhere(other, texts))
            .collect();
        let mut found = self.said_anywhere(concept, texts);
        found.retain(|m| !shadows.iter().any(|shadow| shadow.holds(m)));
        found
    }

    /// The mentions of `concept`'s own forms (and those of the concepts it includes).
    fn said_anywhere(&self, concept: &str, texts: &[Text]) -> Vec<Mention> {
        let fault = self.concepts.get(concept).is_some_and(|c| c.fault);
        let mut found = Vec::new();
        for (answer, text) in texts.iter().enumerate() {
            for (index, sentence) in text.sentences.iter().enumerate().filter(|(_, s)| !s.bare) {
                let tokens = &sentence.tokens;
                let mut start = 0;
                while start < tokens.len() {
                    match self.match_at(concept, tokens, start, DEPTH) {
                        // A condition argues about the thing; it neither says nor denies it.
                        Some(end) if tokens[start].hypothetical => start = end,
                        Some(end) => {
                            let avoided = fault && tokens[start].avoided;
                            found.push(Mention {
                                answer,
                                sentence: index,
                                start: tokens[start].start,
                                end: tokens[end - 1].end,
                                negated: tokens[start].negated && !avoided,
                                scoped: tokens[start].scoped,
                                rejected: tokens[start].rejected,
                                once: tokens[start].once,
                                avoided,
                            });
                            start = end;
                        }
                        None => start += 1,
                    }
                }
            }
        }
        found
    }

    /// Whether a diagram box is one of `concepts` as a whole: "LB" is a load balancer.
    pub(crate) fn names_any(&self, name: &str, concepts: &[String]) -> bool {
        let tokens: Vec<Token> = words::analyse(name)
            .sentences
            .into_iter()
            .flat_map(|s| s.tokens)
            .collect();
        concepts.iter().any(|concept| {
            (0..tokens.len()).any(|start| self.match_at(concept, &tokens, start, DEPTH).is_some())
        })
    }

    /// Whether `texts` speak of a diagram box: by its name without bracketed notes, by the
    /// name in its brackets or its initials ("KGS"), or, for a box whose name or last word
    /// is a concept ("LB", "Redis", "Feed cache"), by any form of that concept.
    pub(crate) fn box_mentioned(&self, name: &str, texts: &[Text]) -> bool {
        let (head, note) = match name.split_once('(') {
            Some((head, note)) => (head.trim(), note.trim_end_matches(')').trim()),
            None => (name.trim(), ""),
        };
        let mut names: Vec<String> = vec![head.to_string()];
        if !note.is_empty() {
            names.push(note.to_string());
        }
        let initials: String = head
            .split_whitespace()
            .filter_map(|word| word.chars().next())
            .collect();
        if initials.chars().count() >= 2 {
            names.push(initials);
        }
        let phrases = names.iter().any(|phrase| self.phrase_found(phrase, texts));
        // "Feed cache" is a cache: what is said of Redis is said of it.
        let kind = head.split_whitespace().last().unwrap_or(head);
        phrases
            || [head, kind].iter().any(|name| {
                self.concepts_naming(name)
                    .iter()
                    .any(|concept| !self.mentions(concept, texts).is_empty())
            })
    }

    /// Whether `phrase` is said in `texts`, matched as a form is (stems, small gaps,
    /// `{concept}` references), outside bare keyword piles.
    pub(crate) fn phrase_found(&self, phrase: &str, texts: &[Text]) -> bool {
        let form = compile(phrase);
        texts.iter().any(|text| {
            text.sentences.iter().filter(|s| !s.bare).any(|sentence| {
                (0..sentence.tokens.len()).any(|start| {
                    self.match_form(&form, &sentence.tokens, start, DEPTH)
                        .is_some()
                })
            })
        })
    }

    /// The concepts one of whose forms is the whole of `name`.
    fn concepts_naming(&self, name: &str) -> Vec<&str> {
        let tokens: Vec<Token> = words::analyse(name)
            .sentences
            .into_iter()
            .flat_map(|s| s.tokens)
            .collect();
        self.concepts
            .keys()
            .filter(|concept| {
                self.match_at(concept, &tokens, 0, DEPTH) == Some(tokens.len())
                    && !tokens.is_empty()
            })
            .map(String::as_str)
            .collect()
    }

    /// The end (exclusive) of the longest form of `concept` starting at `start`.
    fn match_at(
        &self,
        concept: &str,
        tokens: &[Token],
        start: usize,
        depth: usize,
    ) -> Option<usize> {
        let concept_def = self.concepts.get(concept)?;
        let mut best = concept_def
            .forms
            .iter()
            .filter_map(|form| self.match_form(form, tokens, start, depth))
            .max();
        if depth > 0 {
            for included in &concept_def.includes {
                best = best.max(self.match_at(included, tokens, start, depth - 1));
            }
        }
        best
    }

    /// Matches the elements of a form in order from `start`, the first element exactly there,
    /// each later one after at most [`GAP`] content words.
    fn match_form(
        &self,
        form: &[Element],
        tokens: &[Token],
        start: usize,
        depth: usize,
    ) -> Option<usize> {
        let first = form.first()?;
        // The light of the phrase is that of its first word after any negation cue it
        // starts with ("no double booking" is said of a denied "double booking").
        let light = tokens[start..]
            .iter()
            .find(|t| !t.cue)
            .is_some_and(|t| t.negated);
        let mut at = self.element_at(first, form.get(1), tokens, start, depth)?;
        let mut index = 1 + usize::from(at.1);
        let mut position = at.0;
        while index < form.len() {
            let mut skipped = 0;
            let mut candidate = position;
            loop {
                // A gap never runs past a colon: "Retries: option A retry immediately" holds
                // no "retries immediately".
                let crossed = candidate > position
                    && (tokens[position - 1].heads_list || tokens[candidate - 1].heads_list);
                if candidate >= tokens.len() || crossed {
                    return None;
                }
                // A phrase is said in one light: "not fanned out at all: tweets are pulled at
                // read time" is no "fan out at read time".
                let same_light = tokens[candidate].negated == light;
                if let Some(found) = self
                    .element_at(&form[index], form.get(index + 1), tokens, candidate, depth)
                    .filter(|_| same_light)
                {
                    at = found;
                    break;
                }
                // "one primary with no replicas" is not "primary and replicas".
                if tokens[candidate].cue {
                    return None;
                }
                if !tokens[candidate].function {
                    skipped += 1;
                    if skipped > GAP {
                        return None;
                    }
                }
                candidate += 1;
            }
            position = at.0;
            index += 1 + usize::from(at.1);
        }
        Some(position)
    }

    /// Where an element that starts at `at` ends, and whether it also used up the next
    /// element (a text word `fanout` for the form words `fan out`).
    fn element_at(
        &self,
        element: &Element,
        next: Option<&Element>,
        tokens: &[Token],
        at: usize,
        depth: usize,
    ) -> Option<(usize, bool)> {
        let token = tokens.get(at)?;
        match element {
            Element::Concept(inner) if depth > 0 => self
                .match_at(inner, tokens, at, depth - 1)
                .map(|end| (end, false)),
            Element::Concept(_) => None,
            Element::Word { word, stem } => {
                if let Some(Element::Word { word: second, .. }) = next
                    && token.word.len() == word.len() + second.len()
                    && token.word.starts_with(word.as_str())
                    && token.word.ends_with(second.as_str())
                {
                    return Some((at + 1, true));
                }
                if same_word(token, word, stem) {
                    return Some((at + 1, false));
                }
                let joined = tokens.get(at + 1).is_some_and(|after| {
                    word.len() == token.word.len() + after.word.len()
                        && word.starts_with(token.word.as_str())
                        && word.ends_with(after.word.as_str())
                });
                if joined {
                    return Some((at + 2, false));
                }
                None
            }
        }
    }
}

fn same_word(token: &Token, word: &str, stem: &str) -> bool {
    (token.stem == stem && is_adverb(&token.word, &token.stem) == is_adverb(word, stem))
        || token.word == word
        || token.word.strip_suffix('s') == Some(word)
        || words::near(&token.word, word)
}

/// The stemmer takes "-ly" off adverbs, which makes "mostly" the word "most" and the CDN
/// "Fastly" the word "fast": an adverb and its root are different words to the judge.
fn is_adverb(word: &str, stem: &str) -> bool {
    word.strip_suffix("ly") == Some(stem)
}

/// Compiles a form: its words folded and stemmed as answers are, `{id}` kept as a reference.
fn compile(form: &str) -> Vec<Element> {
    let mut elements = Vec::new();
    let mut rest = form;
    while let Some(open) = rest.find('{') {
        words_of(&rest[..open], &mut elements);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        elements.push(Element::Concept(
            rest[open + 1..open + close].trim().to_string(),
        ));
        rest = &rest[open + close + 1..];
    }
    words_of(rest, &mut elements);
    elements
}

fn words_of(text: &str, elements: &mut Vec<Element>) {
    let analysed = words::analyse(text);
    for token in analysed.sentences.iter().flat_map(|s: &Sentence| &s.tokens) {
        elements.push(Element::Word {
            word: token.word.clone(),
            stem: token.stem.clone(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::words::analyse;

    fn vocabulary() -> Vocabulary {
        let text = "format_version: 1\nconcepts:
  database: {forms: [database, db], includes: [nosql]}
  nosql: {forms: [cassandra, key-value store]}
  feed: {forms: [feed, timeline, home stream]}
  push: {forms: [fan-out on write, 'precompute {feed}']}
  api-key: {forms: [api key, auth token]}
  replicas: {forms: [primary and replicas]}
  pull: {forms: [fan out at read time]}
  no-loss: {forms: [durable], denies: [loss]}
  loss: {forms: [data loss, lose data]}
  hot: {forms: [hot keys], fault: true}
  cache: {forms: [cache]}\n";
        Vocabulary::load(&Origin::builtin("v.yaml"), text).unwrap()
    }

    fn found(concept: &str, answer: &str) -> Vec<(String, bool)> {
        found_in(&vocabulary(), concept, answer)
    }

    /// Each mention of `concept` in `answer`: its words, and whether it is negated.
    fn found_in(vocabulary: &Vocabulary, concept: &str, answer: &str) -> Vec<(String, bool)> {
        let texts = [analyse(answer)];
        vocabulary
            .mentions(concept, &texts)
            .into_iter()
            .map(|m| (answer[m.start..m.end].to_string(), m.negated))
            .collect()
    }

    #[test]
    fn surface_forms_and_included_concepts_match() {
        assert_eq!(
            found("database", "We run Cassandra"),
            [("Cassandra".into(), false)]
        );
        assert_eq!(
            found("nosql", "a key value store"),
            [("key value store".into(), false)]
        );
        assert_eq!(
            found("api-key", "getFeed(auth_token, cursor)"),
            [("auth_token".into(), false)]
        );
        assert_eq!(
            found("api-key", "getFeed(apikey)"),
            [("apikey".into(), false)]
        );
    }

    #[test]
    fn forms_allow_small_gaps_and_nest_concepts() {
        assert_eq!(
            found(
                "push",
                "precompute each follower's home stream when a post is written"
            ),
            [("precompute each follower's home stream".into(), false)]
        );
        assert!(
            found(
                "push",
                "precompute the daily report for finance teams and then the feed"
            )
            .is_empty()
        );
    }

    #[test]
    fn negated_and_bare_mentions_are_told_apart() {
        assert_eq!(
            found("database", "no database at all"),
            [("database".into(), true)]
        );
        assert!(
            found(
                "database",
                "feed cache db kafka redis shard push pull fanout queue lb cdn"
            )
            .is_empty()
        );
        // A form's gap never steps over a negation.
        assert!(found("replicas", "one primary with no replicas").is_empty());
        // Nor does it join a denied part to an affirmed one.
        assert!(found("pull", "not fanned out at all: tweets pulled at read time").is_empty());
        assert_eq!(
            found("replicas", "a primary and two replicas"),
            [("primary and two replicas".into(), false)]
        );
    }

    #[test]
    fn a_fault_avoided_is_dealt_with_and_a_design_avoided_is_denied() {
        assert_eq!(
            found("hot", "we avoid hot keys by salting them"),
            [("hot keys".into(), false)]
        );
        assert_eq!(
            found("cache", "we avoid a cache for simplicity"),
            [("cache".into(), true)]
        );
    }

    #[test]
    fn a_fault_ruled_out_is_a_mention_of_what_rules_it_out() {
        assert_eq!(
            found("no-loss", "we never lose data"),
            [("lose data".into(), false)]
        );
        assert!(found("no-loss", "a crash could lose data").is_empty());
        assert_eq!(
            found("no-loss", "never data loss twice"),
            [("data loss".into(), false)]
        );
    }

    #[test]
    fn a_form_inside_a_longer_form_of_another_concept_means_that_one() {
        let said = |concept: &str, answer: &str| -> Vec<String> {
            let found = found_in(Vocabulary::builtin(), concept, answer);
            found.into_iter().map(|(words, _)| words).collect()
        };
        assert!(said("sharding", "the store must stay partition tolerant").is_empty());
        assert!(
            said(
                "sharding",
                "during a network partition we serve stale reads"
            )
            .is_empty()
        );
        assert_eq!(
            said("sharding", "we partition tweets by user id"),
            ["partition"]
        );
        assert_eq!(
            said("sharding", "partitioned by user id, and partition tolerant"),
            ["partitioned"]
        );
    }

    #[test]
    fn a_fault_said_not_to_happen_is_dealt_with() {
        let said = |concept: &str, answer: &str| found_in(Vocabulary::builtin(), concept, answer);
        for answer in [
            "no shard ever becomes a hot spot",
            "salting keeps any partition from turning hot, so there are no hot spots",
            "the timeline never becomes a hot spot",
            "no shard is a hot spot",
        ] {
            let found = said("hot-key", answer);
            assert!(
                !found.is_empty() && found.iter().all(|(_, negated)| !negated),
                "{answer}: {found:?}"
            );
        }
        // The shards are there; none of them is hot.
        assert_eq!(
            said("sharding", "no shard ever becomes a hot spot"),
            [("shard".to_string(), false)]
        );
        assert_eq!(
            said("cache", "no cache is used; every read goes to the database"),
            [("cache".to_string(), true)]
        );
        // Leaving the fault unhandled is not dealing with it.
        assert_eq!(
            said("hot-key", "no handling of hot keys in v1"),
            [("hot keys".to_string(), true)]
        );
        assert_eq!(
            said("hot-key", "there is no protection against hot keys"),
            [("hot keys".to_string(), true)]
        );
    }

    #[test]
    fn unknown_references_and_cycles_are_refused() {
        let unknown = "format_version: 1\nconcepts:\n  a: {forms: ['{b}']}\n";
        let err = Vocabulary::load(&Origin::builtin("v.yaml"), unknown).unwrap_err();
        assert!(err.message.contains("`b`, which is not a concept"), "{err}");
        let cycle = "format_version: 1\nconcepts:\n  a: {forms: [x], includes: [b]}\n  b: {forms: ['{a} y']}\n";
        let err = Vocabulary::load(&Origin::builtin("v.yaml"), cycle).unwrap_err();
        assert!(err.message.contains("includes itself"), "{err}");
    }

    #[test]
    fn the_builtin_vocabulary_loads() {
        let text = include_str!("../../procedures/vocabulary.yaml");
        let vocabulary = Vocabulary::load(&Origin::builtin(FILE), text).unwrap();
        assert!(vocabulary.contains("load-balancer"));
    }
}
