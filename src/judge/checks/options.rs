//! How many options an answer sets out: the structure of a deep dive, in whatever form the
//! candidate writes it.

use crate::text::words::Text;

/// Words that introduce one option each ("option A", "approach two").
const OPTION_WORDS: &[&str] = &[
    "option",
    "approach",
    "alternative",
    "choice",
    "design",
    "strategy",
];
/// Words that set two options against each other.
const PAIRING_WORDS: &[&str] = &[
    "vs", "versus", "either", "compared", "instead", "rather", "whereas",
];

/// The number of options in an answer: enumeration markers (`1)`, `b)`, `(2)`), option
/// words ("option A ... option B"), or two when options are paired ("X vs Y", "either X or
/// Y", "X or Y", "X instead of Y"); whichever counts most.
pub(super) fn count(text: &Text) -> usize {
    let said: String = text
        .sentences
        .iter()
        .filter(|s| !s.bare)
        .map(|s| &text.source[s.start..s.end])
        .collect::<Vec<_>>()
        .join("\n");
    markers(&said)
        .max(option_words(text))
        .max(if paired(text) { 2 } else { 0 })
        .max(alternatives(text))
}

/// Options set out in sentences of their own: "We could push ... Or pull ...", and
/// "Sharding by post id ...; sharding by author ..." (sentences that open alike).
fn alternatives(text: &Text) -> usize {
    let said: Vec<&[crate::text::words::Token]> = text
        .sentences
        .iter()
        .filter(|s| !s.bare && !s.tokens.is_empty())
        .map(|s| s.tokens.as_slice())
        .collect();
    let floated = said
        .iter()
        .filter(|tokens| tokens.iter().any(|t| t.word == "could" && !t.negated))
        .count();
    let others = said
        .iter()
        .skip(1)
        .filter(|tokens| matches!(tokens[0].word.as_str(), "or" | "alternatively"))
        .count();
    let opening = |tokens: &[crate::text::words::Token]| -> Option<(String, String)> {
        let first = tokens.first().filter(|t| !t.function)?;
        Some((first.stem.clone(), tokens.get(1)?.stem.clone()))
    };
    let mut alike = 0;
    for (index, tokens) in said.iter().enumerate() {
        let same = said[..index]
            .iter()
            .any(|earlier| opening(earlier).is_some() && opening(earlier) == opening(tokens));
        if same {
            alike += 1;
        }
    }
    let parallel = if alike > 0 { alike + 1 } else { 0 };
    (floated + others).max(parallel)
}

/// Distinct list markers such as `1)`, `2.`, `(a)` or `b)` at the start of a clause.
fn markers(source: &str) -> usize {
    let mut seen: Vec<char> = Vec::new();
    let chars: Vec<char> = source.chars().collect();
    for (index, &c) in chars.iter().enumerate() {
        let label = c.is_ascii_digit() || c.is_ascii_lowercase();
        let closes = matches!(chars.get(index + 1), Some(')'));
        let opens = index == 0
            || chars[index - 1].is_whitespace()
            || chars[index - 1] == '('
            || chars[index - 1] == ':';
        let alone = chars.get(index + 2).is_none_or(|n| n.is_whitespace());
        if label && closes && opens && alone && !seen.contains(&c) {
            seen.push(c);
        }
    }
    if seen.len() >= 2 { seen.len() } else { 0 }
}

/// Option words, each naming one option, plurals two.
fn option_words(text: &Text) -> usize {
    text.sentences
        .iter()
        .filter(|s| !s.bare)
        .flat_map(|s| &s.tokens)
        .filter(|t| !t.negated)
        .map(|t| {
            if OPTION_WORDS
                .iter()
                .any(|w| crate::text::words::stem(w) == t.stem)
            {
                if t.word.ends_with('s') { 2 } else { 1 }
            } else {
                0
            }
        })
        .sum()
}

/// A pairing word, or an `or` between two content words.
fn paired(text: &Text) -> bool {
    text.sentences.iter().filter(|s| !s.bare).any(|sentence| {
        let tokens = &sentence.tokens;
        tokens.iter().enumerate().any(|(index, token)| {
            PAIRING_WORDS.contains(&token.word.as_str())
                || (token.word == "or"
                    && index > 0
                    && !tokens[index - 1].function
                    && tokens.get(index + 1).is_some_and(|next| !next.function))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::words::analyse;

    #[test]
    fn options_are_counted_in_any_common_form() {
        for (answer, at_least) in [
            ("1) pull on read ... 2) push on write. I would go hybrid", 2),
            ("a) a lock b) optimistic versioning c) a queue", 3),
            ("Option A: precompute. Option B: merge at read.", 2),
            ("Two approaches here, and I pick the first", 2),
            ("Push vs pull: push is faster to read", 2),
            ("Either Redis or Memcached; Redis has lists", 2),
            ("Use a quadtree instead of geohash cells", 2),
            (
                "We could push at write time: fast reads. Or pull at read time: cheap writes.",
                2,
            ),
            (
                "Sharding by post id is even; sharding by author keeps profiles together.",
                2,
            ),
            ("We could cache feeds. We could also precompute them.", 2),
        ] {
            assert!(count(&analyse(answer)) >= at_least, "{answer}");
        }
        assert!(count(&analyse("Shard by user id with consistent hashing.")) < 2);
        assert!(count(&analyse("One option: shard by user id")) < 2);
        assert!(count(&analyse("We could add replicas later.")) < 2);
        assert!(count(&analyse("The feed is cached. The feed expires hourly.")) < 2);
        assert_eq!(
            count(&analyse(
                "cache redis kafka sharding fanout option versus pros cons choose"
            )),
            0
        );
    }
}
