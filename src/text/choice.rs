//! Options an answer sets out and then turns down: "Option A: ... Option B: ... I choose B"
//! weighs A and rejects it, "we could X, but ..." and "X would be too slow" dismiss X. The
//! judge must not read any of them as X being proposed.

use super::words::{Text, Token, is_function_word};

/// Words that head a labelled option ("option B", "approach 2").
const HEADS: &[&str] = &["option", "approach", "alternative", "strategy"];
/// Words that say which option is taken.
const CHOOSING: &[&str] = &[
    "choose",
    "chose",
    "chosen",
    "pick",
    "picked",
    "prefer",
    "preferred",
    "opt",
    "opted",
    "decide",
    "decided",
    "select",
    "selected",
    "recommend",
    "winner",
    "wins",
    "go",
    "going",
    "settle",
    "take",
    "use",
];
/// Words that take every option together.
const TOGETHER: &[&str] = &[
    "both",
    "hybrid",
    "combine",
    "combined",
    "combination",
    "mix",
];

/// Modal verbs that float an idea the sentence may then turn down.
const MAYBE: &[&str] = &["could", "might"];
/// Words that turn it down.
const CONTRAST: &[&str] = &["but", "however", "instead", "although", "though"];
/// What "too" says of an approach it dismisses.
const FAULTS: &[&str] = &[
    "slow",
    "expensive",
    "costly",
    "complex",
    "complicated",
    "big",
    "large",
    "heavy",
    "risky",
    "fragile",
    "much",
    "many",
];

/// A place in the text: sentence and token.
type At = (usize, usize);

/// Marks every token of an option that the answer sets beside others and then does not
/// choose. Nothing is marked unless two or more labelled options are set out and a
/// sentence with a choice names one of them.
pub(super) fn mark_rejected(text: &mut Text) {
    let all = labels(text);
    let choices: Vec<usize> = (0..text.sentences.len())
        .filter(|&s| {
            choosing_word(text, s)
                .is_some_and(|c| !all.iter().any(|&(at, _)| at.0 == s && at.1 < c))
        })
        .collect();
    let starts: Vec<(At, u8)> = all
        .into_iter()
        .filter(|((sentence, _), _)| !choices.contains(sentence))
        .collect();
    let mut distinct: Vec<u8> = starts.iter().map(|(_, label)| *label).collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < 2 {
        return;
    }
    let chosen: Vec<u8> = choices
        .iter()
        .flat_map(|&sentence| chosen_in(text, sentence, &distinct))
        .collect();
    if chosen.is_empty() {
        return;
    }
    for (index, &(from, label)) in starts.iter().enumerate() {
        if chosen.contains(&label) {
            continue;
        }
        let next_start = starts.get(index + 1).map(|&(at, _)| at);
        let next_choice = choices
            .iter()
            .find(|&&sentence| sentence > from.0)
            .map(|&sentence| (sentence, 0));
        let to = [next_start, next_choice].into_iter().flatten().min();
        mark(text, from, to);
    }
}

/// Marks, in one sentence, an idea floated and turned down ("we could update the trie in
/// place, but ...") and a clause that calls its approach too slow or says it does not scale.
pub(super) fn mark_dismissed(tokens: &mut [Token]) {
    let floated = tokens
        .iter()
        .position(|t| MAYBE.contains(&t.word.as_str()) && !t.negated);
    if let Some(modal) = floated {
        let turned =
            (modal + 1..tokens.len()).find(|&i| CONTRAST.contains(&tokens[i].word.as_str()));
        // "we could push: fast reads, but costly writes" weighs the idea; only "but
        // instead ..." or "but we use ..." turns it down.
        let other_taken = |from: usize| {
            tokens[from..].iter().any(|t| {
                matches!(t.word.as_str(), "instead" | "rather")
                    || CHOOSING.contains(&t.word.as_str())
            })
        };
        if let Some(contrast) = turned.filter(|&c| other_taken(c)) {
            let from = clause_start(tokens, modal);
            for token in &mut tokens[from..contrast] {
                token.rejected = true;
            }
        }
    }
    for index in 0..tokens.len() {
        let word = tokens[index].word.as_str();
        let next = tokens.get(index + 1).map(|t| t.word.as_str());
        // "429 Too Many Requests" is the name of a status code, not a dismissal.
        let status_code = index > 0 && tokens[index - 1].word == "429";
        let too = word == "too" && next.is_some_and(|n| FAULTS.contains(&n)) && !status_code;
        let unscalable =
            tokens[index].negated && word == "scale" && index > 0 && tokens[index - 1].cue;
        if too || unscalable {
            let from = clause_start(tokens, index);
            let to = (index..tokens.len())
                .find(|&i| tokens[i].clause_end)
                .map_or(tokens.len(), |i| i + 1);
            for token in &mut tokens[from..to] {
                token.rejected = true;
            }
        }
    }
}

/// The first token of the clause that holds `index`.
fn clause_start(tokens: &[Token], index: usize) -> usize {
    (0..index)
        .rev()
        .find(|&i| tokens[i].clause_end || CONTRAST.contains(&tokens[i].word.as_str()))
        .map_or(0, |i| i + 1)
}

fn mark(text: &mut Text, from: At, to: Option<At>) {
    for (s, sentence) in text.sentences.iter_mut().enumerate() {
        for (t, token) in sentence.tokens.iter_mut().enumerate() {
            if (s, t) >= from && to.is_none_or(|to| (s, t) < to) {
                token.rejected = true;
            }
        }
    }
}

/// Where each labelled option starts, and its label as a number: "option B", "approach 2",
/// "the second option", or a list marker such as `b)` or `2)`.
fn labels(text: &Text) -> Vec<(At, u8)> {
    let mut found = Vec::new();
    for (s, sentence) in text.sentences.iter().enumerate() {
        let tokens = &sentence.tokens;
        for (t, token) in tokens.iter().enumerate() {
            let next = tokens.get(t + 1).map(|n| n.word.as_str());
            let label = if HEADS.contains(&token.word.as_str()) {
                next.and_then(label_of)
            } else if HEADS.iter().any(|h| Some(*h) == next) {
                ordinal(&token.word)
            } else if marker(text, token.start, token.end) {
                label_of(&token.word)
            } else {
                None
            };
            if let Some(label) = label {
                found.push(((s, t), label));
            }
        }
    }
    found
}

/// A list marker: a letter or digit alone at the start of a clause, closed by `)`.
fn marker(text: &Text, start: usize, end: usize) -> bool {
    let source = &text.source;
    let opens = source[..start]
        .chars()
        .next_back()
        .is_none_or(|c| c.is_whitespace() || c == '(' || c == ':');
    end == start + 1 && opens && source[end..].starts_with(')')
}

fn label_of(word: &str) -> Option<u8> {
    match word {
        "a" | "1" | "one" => Some(1),
        "b" | "2" | "two" => Some(2),
        "c" | "3" | "three" => Some(3),
        "d" | "4" | "four" => Some(4),
        _ => None,
    }
}

fn ordinal(word: &str) -> Option<u8> {
    match word {
        "first" => Some(1),
        "second" => Some(2),
        "third" => Some(3),
        "fourth" => Some(4),
        _ => None,
    }
}

/// Where a sentence says it takes something ("I choose", "go with"), unless it denies it.
fn choosing_word(text: &Text, sentence: usize) -> Option<usize> {
    text.sentences[sentence]
        .tokens
        .iter()
        .position(|t| CHOOSING.contains(&t.word.as_str()) && !t.negated)
}

/// The options a choosing sentence takes: the labels it names after its choosing word
/// ("I choose B", "go with option 2", "the latter"), or all of them ("a hybrid of both").
fn chosen_in(text: &Text, sentence: usize, labels: &[u8]) -> Vec<u8> {
    let tokens = &text.sentences[sentence].tokens;
    if tokens.iter().any(|t| TOGETHER.contains(&t.word.as_str())) {
        return labels.to_vec();
    }
    let Some(from) = choosing_word(text, sentence) else {
        return Vec::new();
    };
    let mut chosen = Vec::new();
    for (index, token) in tokens.iter().enumerate().skip(from + 1) {
        let word = token.word.as_str();
        let headed = index > 0 && HEADS.contains(&tokens[index - 1].word.as_str());
        let label = match word {
            "former" => labels.first().copied(),
            "latter" => labels.last().copied(),
            _ if tokens
                .get(index + 1)
                .is_some_and(|n| HEADS.contains(&n.word.as_str())) =>
            {
                ordinal(word)
            }
            _ if headed || standalone(text, tokens, index) => label_of(word),
            _ => None,
        };
        if let Some(label) = label.filter(|l| labels.contains(l)) {
            chosen.push(label);
        }
    }
    chosen
}

/// A bare letter or digit that names an option rather than a word: "A" in capitals, or a
/// digit, followed by punctuation or by nothing it could count ("I pick 2.", "B: simpler",
/// "B because").
fn standalone(text: &Text, tokens: &[Token], index: usize) -> bool {
    let token = &tokens[index];
    let capital = text.source[token.start..token.end]
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    let punctuated = text.source[token.end..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric() && !c.is_whitespace());
    let counted = tokens
        .get(index + 1)
        .is_some_and(|next| !is_function_word(&next.word) && next.word != "because");
    token.end == token.start + 1 && capital && (punctuated || !counted)
}

#[cfg(test)]
mod tests {
    use crate::text::words::analyse;

    fn rejected(answer: &str) -> Vec<String> {
        analyse(answer)
            .sentences
            .iter()
            .flat_map(|s| s.tokens.iter().filter(|t| t.rejected))
            .map(|t| t.word.clone())
            .collect()
    }

    #[test]
    fn the_options_not_chosen_are_rejected() {
        let answer =
            "Option A: quorum writes, fast. Option B: write to all replicas. I choose B: simpler.";
        assert_eq!(
            rejected(answer),
            ["option", "a", "quorum", "writes", "fast"]
        );
        let listed =
            "1) push to every feed 2) pull at read time. I'd go with 2 for its simplicity.";
        assert_eq!(rejected(listed), ["1", "push", "to", "every", "feed"]);
        let ordinal =
            "The first option is a cache. The second option is a replica. I pick the first option.";
        assert_eq!(
            rejected(ordinal),
            ["second", "option", "is", "a", "replica"]
        );
    }

    #[test]
    fn options_set_out_in_one_sentence_are_told_apart() {
        let answer = "Retries: option A retry immediately, option B retry with backoff. We pick B.";
        assert_eq!(rejected(answer), ["option", "a", "retry", "immediately"]);
    }

    #[test]
    fn ideas_floated_and_turned_down_are_rejected() {
        assert_eq!(
            rejected("We could update the trie in place, but instead we rebuild it hourly"),
            ["we", "could", "update", "the", "trie", "in", "place"]
        );
        assert_eq!(
            rejected("Postgres is the store; a LIKE query would be too slow, so we index"),
            ["a", "like", "query", "would", "be", "too", "slow"]
        );
        assert_eq!(
            rejected("A full scan doesn't scale"),
            ["a", "full", "scan", "does", "scale"]
        );
        assert!(rejected("We could add replicas later").is_empty());
        assert!(rejected("Over the limit the gateway answers 429 Too Many Requests").is_empty());
        assert!(rejected("We could push at write time: fast reads, but costly writes").is_empty());
    }

    #[test]
    fn no_choice_or_a_hybrid_rejects_nothing() {
        assert!(rejected("Option A: push. Option B: pull. Both have costs.").is_empty());
        assert!(
            rejected("Option A: push. Option B: pull. I choose a hybrid of A and B.").is_empty()
        );
        assert!(rejected("Option A: push, and then I choose a queue.").is_empty());
    }
}
