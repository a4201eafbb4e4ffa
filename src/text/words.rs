//! The text layer the judge reads answers through: Unicode and case folding, words split out
//! of identifiers and numbers, English stems, sentences, negation scopes, and the test for a
//! sentence that is only a pile of buzzwords.

use super::choice;

use std::ops::Range;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;

/// One word of an answer, with where it stands in the original text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    /// Folded to lower case and compatibility form (NFKC).
    pub(crate) word: String,
    pub(crate) stem: String,
    /// Byte range in the analysed text.
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// A word such as "the" or "with", which carries no concept on its own.
    pub(crate) function: bool,
    /// Inside the scope of a "no", "not", "without", "out of scope" and the like.
    pub(crate) negated: bool,
    /// Negated by a cue that scopes a feature out ("out of scope", "skip", "we won't
    /// support"), rather than one that states the opposite.
    pub(crate) scoped: bool,
    /// Inside an option the answer sets out and then chooses against ("Option A: ... I
    /// choose B").
    pub(crate) rejected: bool,
    /// Inside a negation of how often something happens ("never charged twice"): the
    /// thing is said, its repetition denied.
    pub(crate) once: bool,
    /// Inside a negation that opens a conditional clause ("without a cache, every read
    /// would hit the database"): an argument about the thing, neither said nor denied.
    pub(crate) hypothetical: bool,
    /// Negated by "avoid" and the like, which said of a fault ("we avoid hot keys by ...")
    /// deals with it rather than denies it.
    pub(crate) avoided: bool,
    /// The word is itself a negation cue, which a form's gap may not step over.
    pub(crate) cue: bool,
    /// A clause boundary (`,` `:` `(` ...) stands right after this word.
    pub(crate) clause_end: bool,
    /// A `:` stands right after this word: a heading or a list follows.
    pub(crate) heads_list: bool,
}

/// A sentence (or a list item, or a line) of an answer.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Sentence {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) tokens: Vec<Token>,
    /// A long run of terms with no grammar: keywords pasted rather than a design said.
    pub(crate) bare: bool,
}

/// An answer, analysed once and matched many times.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Text {
    pub(crate) source: String,
    pub(crate) sentences: Vec<Sentence>,
}

/// Words that never carry a concept by themselves; a form may still name them ("go with").
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "at", "for", "by", "with", "from", "and", "or", "is",
    "are", "was", "were", "be", "been", "being", "it", "its", "this", "that", "these", "those",
    "we", "i", "you", "they", "he", "she", "our", "their", "my", "your", "each", "every", "as",
    "into", "than", "then", "so", "if", "do", "does", "did", "has", "have", "had", "will", "would",
    "can", "could", "should", "may", "might", "must", "which", "who", "what", "when", "where",
    "how", "all", "any", "some", "per", "via", "also", "just", "only", "there", "here", "them",
    "us", "me", "one", "s", "d", "ll", "re", "ve", "m", "t", "e", "g", "eg", "ie", "etc", "vs",
    "versus", "about", "like", "such", "not", "no", "never", "without", "but", "however",
    "because", "since", "while", "whereas", "although", "though", "yet", "both", "either",
    "neither", "nor", "most", "more", "less", "very", "much", "many", "up", "out",
];

/// Words that open a negation scope over what follows them in the clause.
const NEGATORS: &[&str] = &[
    "no", "not", "never", "without", "none", "nothing", "cannot", "nor", "neither", "avoid",
    "avoids", "avoiding",
];

/// Words that after "no" and before "than" make a bound, not a negation ("no fewer than
/// three copies").
const COMPARATIVES: &[&str] = &[
    "fewer", "less", "more", "later", "sooner", "longer", "shorter", "greater", "higher", "lower",
    "earlier", "smaller", "bigger", "larger",
];

/// Negators that, said of a fault, mean the design deals with it.
const AVOIDING: &[&str] = &["avoid", "avoids", "avoiding"];

/// Negators that deny that something is there or happens: said of a fault right after them
/// ("no hot spots") or as what their subject becomes ("no shard ever becomes a hot spot"),
/// they rule it out, which deals with it.
const EXISTENTIAL: &[&str] = &["no", "never", "none", "nothing", "without"];

/// Verbs that say what the subject of a denial turns into: "no shard becomes a hot spot"
/// has shards, none of them hot. "is a" does too ("no server is a single point of
/// failure"); a bare "is" does not, since "no cache is used" denies the cache.
const BECOMING: &[&str] = &[
    "becomes", "become", "turns", "turn", "grows", "grow", "ends",
];

/// Forward cues that leave a feature out rather than deny a property; they open a negation
/// scope as [`NEGATORS`] do. "leave out" and "left out" are pairs, in [`NEGATOR_PAIRS`].
const SCOPING_CUES: &[&str] = &["skip", "skips", "skipping", "exclude", "excluding", "forgo"];

/// Verbs that make a plain negation a scoping one: "we won't support", "no need for".
const SCOPE_VERBS: &[&str] = &[
    "support",
    "supported",
    "covered",
    "handled",
    "included",
    "built",
    "designed",
    "implemented",
    "addressed",
    "supporting",
    "build",
    "building",
    "cover",
    "covering",
    "handle",
    "handling",
    "include",
    "including",
    "design",
    "designing",
    "need",
    "implement",
    "offer",
    "provide",
    "tackle",
    "address",
];

/// Two-word cues that open a negation scope over what follows.
const NEGATOR_PAIRS: &[(&str, &str)] = &[
    ("instead", "of"),
    ("rather", "than"),
    ("out", "of"),
    ("leave", "out"),
    ("left", "out"),
];

/// Cues that, ending a clause, negate what stands before them ("ranking is out of scope").
const TRAILING_NEGATORS: &[&[&str]] = &[
    &["out", "of", "scope"],
    &["not", "needed"],
    &["not", "required"],
    &["not", "supported"],
    &["not", "included"],
    &["not", "in", "scope"],
    &["skipped"],
    &["excluded"],
    &["dropped"],
    &["left", "out"],
    &["left", "for", "later"],
];

/// Cues that, ending a clause, say that what came before does not matter to the design.
const TRAILING_DENIALS: &[&[&str]] = &[
    &["not", "matter"],
    &["not", "important"],
    &["not", "a", "concern"],
    &["not", "a", "priority"],
    &["unimportant"],
    &["irrelevant"],
];

/// Words that end a negation scope: what follows is said positively again.
const SCOPE_ENDS: &[&str] = &[
    "but", "however", "yet", "although", "though", "except", "instead", "whereas", "while",
    "because", "since", "so", "rather", "only", "then", "which", "unless",
];

/// Words that make a negation deny how many times something happens rather than the thing.
const MULTIPLES: &[&str] = &["two", "twice", "again", "second", "both"];

/// Nouns that after "single" or "one" name the fault of having only one ("no single
/// server"), which a negation denies whole.
const SINGLE_HEADS: &[&str] = &[
    "point", "server", "node", "instance", "machine", "box", "host",
];

/// Words that, opening a clause, make a negation in it a condition ("without a cache, ...",
/// "if there were no replicas, ...").
const CONDITIONS: &[&str] = &["without", "if", "with"];

/// Verbs that, after "and", can only start a clause of their own (no noun is spelt like
/// them), so a negation before the "and" stops there.
const VERBS: &[&str] = &[
    "use", "uses", "run", "runs", "keep", "keeps", "store", "stores", "send", "sends", "write",
    "writes", "rely", "relies", "serve", "serves", "return", "returns", "let", "lets", "make",
    "makes", "pick", "picks", "choose", "chooses", "put", "puts", "go", "goes", "fall", "falls",
    "rebuild", "rebuilds", "spread", "spreads", "take", "takes", "give", "gives", "handle",
    "handles", "add", "adds", "retry", "retries",
];

/// Pronouns that, after the words a negation denies, open the next clause.
const SUBJECTS: &[&str] = &["we", "i", "they", "you", "he", "she"];

/// How many content words a negation reaches at most.
const SCOPE_WORDS: usize = 6;

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English))
}

pub(crate) fn is_function_word(word: &str) -> bool {
    FUNCTION_WORDS.contains(&word)
}

/// The stem of one folded word; numbers stay as they are.
pub(crate) fn stem(word: &str) -> String {
    if word.chars().any(|c| c.is_ascii_digit()) {
        return word.to_string();
    }
    stemmer().stem(word).into_owned()
}

/// A raw word as the tokenizer cuts it, before negation is worked out.
struct Piece {
    word: String,
    start: usize,
    end: usize,
    /// A clause boundary (`,` `:` `(` ...) stands right after this word.
    clause_end: bool,
    /// A `:` stands right after this word: what follows is a list or an explanation.
    heads_list: bool,
    /// The piece ended in `n't`, which negates what follows.
    negates: bool,
}

/// Analyses an answer: folds, splits into sentences and words, and marks negation and
/// buzzword piles.
pub(crate) fn analyse(text: &str) -> Text {
    let mut sentences = Vec::new();
    for (start, end) in sentence_spans(text) {
        let part = &text[start..end];
        let pieces = pieces(part, start);
        if pieces.is_empty() {
            continue;
        }
        let mut tokens: Vec<Token> = pieces
            .iter()
            .map(|piece| Token {
                stem: stem(&piece.word),
                function: is_function_word(&piece.word),
                word: piece.word.clone(),
                start: piece.start,
                end: piece.end,
                negated: false,
                scoped: false,
                rejected: false,
                once: false,
                hypothetical: false,
                avoided: false,
                cue: piece.negates,
                clause_end: piece.clause_end,
                heads_list: piece.heads_list,
            })
            .collect();
        mark_negation(&pieces, &mut tokens);
        choice::mark_dismissed(&mut tokens);
        let bare = is_bare(part, &tokens);
        sentences.push(Sentence {
            start,
            end,
            tokens,
            bare,
        });
    }
    let mut text = Text {
        source: text.to_string(),
        sentences,
    };
    choice::mark_rejected(&mut text);
    text
}

/// Byte ranges of sentences: split at line ends, `;`, `!`, `?` and at a `.` that ends a
/// sentence (not the one in `3.5` or `e.g.`).
fn sentence_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (index, c) in text.char_indices() {
        let ends = match c {
            '\n' | ';' | '!' | '?' => true,
            '.' => {
                let next = bytes.get(index + 1).copied();
                let before = text[..index].chars().next_back();
                let lower = text[..index].to_lowercase();
                let abbreviation = lower.ends_with("e.g")
                    || lower.ends_with("i.e")
                    || lower.ends_with(" e")
                    || lower.ends_with(" i");
                next.is_none_or(|b| b.is_ascii_whitespace())
                    && !abbreviation
                    && before.is_some_and(|b| !b.is_ascii_digit() || next.is_none_or(|n| n != b'0'))
            }
            _ => false,
        };
        if ends {
            push_span(text, start, index, &mut spans);
            start = index + c.len_utf8();
        }
    }
    push_span(text, start, text.len(), &mut spans);
    spans
}

fn push_span(text: &str, start: usize, end: usize, spans: &mut Vec<(usize, usize)>) {
    let part = &text[start..end];
    let trimmed_start = start + (part.len() - part.trim_start().len());
    let trimmed_end = start + part.trim_end().len();
    if trimmed_end > trimmed_start {
        spans.push((trimmed_start, trimmed_end));
    }
}

/// The words of one sentence. Identifiers split at `_`, `-` and lower-to-upper case changes;
/// letters and digits split apart (`200ms` is `200 ms`), a decimal point stays in a number;
/// `don't` is `do` and a negation, `user's` is `user`.
fn pieces(part: &str, offset: usize) -> Vec<Piece> {
    let chars: Vec<(usize, char)> = part.char_indices().collect();
    let mut pieces: Vec<Piece> = Vec::new();
    let mut current = String::new();
    let mut current_start = 0;
    let mut previous: Option<char> = None;
    let flush = |current: &mut String, start: usize, end: usize, pieces: &mut Vec<Piece>| {
        if current.is_empty() {
            return;
        }
        let folded: String = current.nfkc().flat_map(char::to_lowercase).collect();
        current.clear();
        let (word, negates) = match folded.strip_suffix("n't").or(folded.strip_suffix("n’t")) {
            Some(stem) => (contracted(stem).to_string(), true),
            None => (folded, false),
        };
        let word = word
            .strip_suffix("'s")
            .or(word.strip_suffix("’s"))
            .map(str::to_string)
            .unwrap_or(word);
        pieces.push(Piece {
            word,
            start: offset + start,
            end: offset + end,
            clause_end: false,
            heads_list: false,
            negates,
        });
    };
    let mut index = 0;
    while index < chars.len() {
        let (at, c) = chars[index];
        let next = chars.get(index + 1).map(|&(_, c)| c);
        let apostrophe = (c == '\'' || c == '’')
            && previous.is_some_and(char::is_alphabetic)
            && next.is_some_and(char::is_alphabetic);
        let decimal = c == '.'
            && previous.is_some_and(|p| p.is_ascii_digit())
            && next.is_some_and(|n| n.is_ascii_digit());
        let thousands = c == ','
            && previous.is_some_and(|p| p.is_ascii_digit())
            && chars.get(index + 1..index + 4).is_some_and(|digits| {
                digits.iter().all(|(_, d)| d.is_ascii_digit())
                    && chars
                        .get(index + 4)
                        .is_none_or(|(_, d)| !d.is_ascii_digit())
            });
        if c.is_alphanumeric() || apostrophe || decimal || thousands {
            let boundary = previous.is_some_and(|p| {
                (p.is_alphabetic() && c.is_ascii_digit())
                    || (p.is_ascii_digit() && c.is_alphabetic())
                    || (p.is_lowercase()
                        && c.is_uppercase()
                        && !acronym_suffix(&current, &chars[index..]))
                    || (p.is_uppercase()
                        && c.is_uppercase()
                        && next.is_some_and(char::is_lowercase)
                        // "DBs" and "URLs" are plurals, not "D Bs".
                        && chars.get(index + 2).is_some_and(|&(_, n)| n.is_lowercase()))
            });
            if boundary && !current.is_empty() {
                flush(&mut current, current_start, at, &mut pieces);
            }
            if current.is_empty() {
                current_start = at;
            }
            if !thousands {
                current.push(c);
            }
        } else {
            flush(&mut current, current_start, at, &mut pieces);
            if matches!(c, ',' | ':' | '(' | ')' | '[' | ']' | '—' | '–' | '=' | '>')
                && let Some(last) = pieces.last_mut()
            {
                last.clause_end = true;
                last.heads_list |= c == ':';
            }
        }
        previous = Some(c);
        index += 1;
    }
    flush(&mut current, current_start, part.len(), &mut pieces);
    // "Twitter-like" describes, it does not like anything.
    pieces.retain(|piece| {
        let glued = part[..piece.start - offset].ends_with('-')
            && part[..piece.start - offset - 1]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
        !(glued && piece.word == "like")
    });
    pieces
}

/// "NoSQL" and "NewSQL" are one word: a short lowercase-led prefix glued to an acronym,
/// which split apart would read as "no SQL".
fn acronym_suffix(current: &str, rest: &[(usize, char)]) -> bool {
    let acronym = rest
        .iter()
        .map(|&(_, c)| c)
        .take_while(|c| c.is_alphanumeric())
        .all(|c| c.is_uppercase() || c.is_ascii_digit());
    matches!(current.to_lowercase().as_str(), "no" | "new") && acronym
}

/// The verb left of a contracted `n't`: `won't` is `will`, `can't` is `can`.
fn contracted(stem: &str) -> &str {
    match stem {
        "wo" => "will",
        "ca" => "can",
        "sha" => "shall",
        other => other,
    }
}

/// Marks the words a negation reaches: from a cue to the end of its clause, a scope-ending
/// word, or [`SCOPE_WORDS`] content words; a trailing cue ("X is out of scope") reaches back
/// to the start of its clause. A cue ending in `:` ("out of scope: X, Y") reaches to the end
/// of the sentence. Cues that scope a feature out mark their words `scoped` too.
fn mark_negation(pieces: &[Piece], tokens: &mut [Token]) {
    let words: Vec<&str> = pieces.iter().map(|p| p.word.as_str()).collect();
    let mut index = 0;
    while index < tokens.len() {
        let opens_clause = index == 0 || pieces[index - 1].clause_end;
        if let Some((len, scoping)) = trailing_cue(&words, index)
            .filter(|&(len, _)| !opens_clause && clause_ends_after(pieces, index + len - 1))
        {
            mark_cue(tokens, index, len);
            negate_back(pieces, tokens, index, scoping);
            index += len;
            continue;
        }
        let cue_len = forward_cue(&words, index);
        if cue_len == 0 && !pieces[index].negates {
            index += 1;
            continue;
        }
        let cue_end = index + cue_len.max(1) - 1;
        // "not only X but also Y" says X positively; "no fewer than three" is a number.
        let next = words.get(cue_end + 1).copied();
        if next.is_some_and(|w| w == "only" || w == "just")
            || (next.is_some_and(|w| COMPARATIVES.contains(&w))
                && words.get(cue_end + 2) == Some(&"than"))
        {
            index = cue_end + 1;
            continue;
        }
        mark_cue(tokens, index, cue_len.max(1));
        let scoped = SCOPING_CUES.contains(&words[index])
            || matches!(words[index], "leave" | "left")
            || cue_len == 3
            || words[cue_end + 1..]
                .iter()
                .find(|w| !is_function_word(w))
                .is_some_and(|w| SCOPE_VERBS.contains(w));
        // "Not covered: X, Y" heads a list as "out of scope:" does.
        let heading = words
            .get(cue_end + 1)
            .is_some_and(|w| SCOPE_VERBS.contains(w))
            && pieces[cue_end + 1].heads_list;
        let cue_end = cue_end + usize::from(heading);
        let to_sentence_end = pieces[cue_end].heads_list && cue_end + 1 < pieces.len();
        // "None, one copy is enough": a cue that ends its own clause denies nothing after it.
        if pieces[cue_end].clause_end && !to_sentence_end {
            index = cue_end + 1;
            continue;
        }
        // "we avoid hot keys by salting them": the means is said positively.
        let avoiding = AVOIDING.contains(&words[index]);
        // "we avoid duplicates with a dedup table": so is the means after "with", "using"...
        let extra_ends: &[&str] = if avoiding {
            &["by", "with", "using", "through", "via", "and"]
        } else {
            &[]
        };
        let scope = forward_scope(pieces, cue_end + 1, to_sentence_end, extra_ends);
        let light = if conditional(pieces, index, &scope) {
            Light::Hypothetical
        } else {
            Light::Denied {
                scoped,
                avoided: avoiding,
                existential: !scoped && EXISTENTIAL.contains(&words[index]),
            }
        };
        mark_scope(pieces, tokens, scope, light);
        index = cue_end + 1;
    }
}

fn mark_cue(tokens: &mut [Token], from: usize, len: usize) {
    for token in &mut tokens[from..from + len] {
        token.cue = true;
    }
}

fn forward_cue(words: &[&str], index: usize) -> usize {
    let word = words[index];
    // "get(key) returns none if absent": a value returned, not a denial.
    if word == "none" && index > 0 && matches!(words[index - 1], "return" | "returns" | "returning")
    {
        return 0;
    }
    let paired = NEGATOR_PAIRS
        .iter()
        .any(|(first, second)| *first == word && words.get(index + 1) == Some(second));
    if paired {
        // "out of" opens a scope only as "out of scope"; it is handled as a trailing cue.
        if word == "out" {
            return if words.get(index + 2) == Some(&"scope") {
                3
            } else {
                0
            };
        }
        return 2;
    }
    usize::from(NEGATORS.contains(&word) || SCOPING_CUES.contains(&word))
}

/// A cue that ends its clause and negates what came before: its length, and whether it
/// scopes a feature out ("X is out of scope") rather than denies a property ("latency does
/// not matter").
fn trailing_cue(words: &[&str], index: usize) -> Option<(usize, bool)> {
    let found = |cues: &[&[&str]]| {
        cues.iter()
            .find(|cue| words.get(index..index + cue.len()) == Some(cue))
            .map(|cue| cue.len())
    };
    found(TRAILING_NEGATORS)
        .map(|len| (len, true))
        .or_else(|| found(TRAILING_DENIALS).map(|len| (len, false)))
}

/// Whether nothing but function words stands between `last` and the end of its clause.
fn clause_ends_after(pieces: &[Piece], last: usize) -> bool {
    if pieces[last].clause_end {
        return true;
    }
    for piece in &pieces[last + 1..] {
        if !is_function_word(&piece.word) && piece.word != "now" && piece.word != "v1" {
            return false;
        }
        if piece.clause_end {
            return true;
        }
    }
    true
}

fn negate_back(pieces: &[Piece], tokens: &mut [Token], cue: usize, scoping: bool) {
    let mut index = cue;
    while index > 0 {
        index -= 1;
        if pieces[index].clause_end || SCOPE_ENDS.contains(&pieces[index].word.as_str()) {
            break;
        }
        tokens[index].negated = true;
        tokens[index].scoped = scoping;
    }
}

/// What a negation scope makes of the words it reaches.
#[derive(Clone, Copy)]
enum Light {
    Denied {
        scoped: bool,
        avoided: bool,
        existential: bool,
    },
    Hypothetical,
}

/// The words a forward cue reaches: to the end of its clause (or sentence), a scope-ending
/// word (or one of `extra_ends`), the next cue or subject, or [`SCOPE_WORDS`] content words.
fn forward_scope(
    pieces: &[Piece],
    from: usize,
    to_sentence_end: bool,
    extra_ends: &[&str],
) -> Range<usize> {
    let mut content = 0;
    let mut scope = from..from;
    let words: Vec<&str> = pieces.iter().map(|p| p.word.as_str()).collect();
    for (index, piece) in pieces.iter().enumerate().skip(from) {
        let word = piece.word.as_str();
        // "no X and no Y": the second cue opens a scope of its own. "instead of a LIKE
        // query we keep an index": a new subject starts a new clause.
        // A cue ending in `:` opens a list ("out of scope: keys that can't be guessed,
        // numbering without gaps"), whose own cues and subjects belong to its items.
        let subject = content > 0 && SUBJECTS.contains(&word);
        // "keeps no local state and runs three copies": a second verb starts a clause of
        // its own, with the same subject, which the negation does not reach.
        let second_verb = word == "and" && words.get(index + 1).is_some_and(|w| VERBS.contains(w));
        let new_clause = forward_cue(&words, index) > 0 || piece.negates || subject;
        if SCOPE_ENDS.contains(&word)
            || second_verb
            || extra_ends.contains(&word)
            || (new_clause && !to_sentence_end)
        {
            break;
        }
        scope.end = index + 1;
        if !is_function_word(word) {
            content += 1;
        }
        if !to_sentence_end && (piece.clause_end || content >= SCOPE_WORDS) {
            break;
        }
    }
    scope
}

/// Whether the negation at `cue` states a condition: its clause opens with "without" or
/// "if", and ends at a comma with the consequence still to come.
fn conditional(pieces: &[Piece], cue: usize, scope: &Range<usize>) -> bool {
    let clause_start = (0..cue)
        .rev()
        .find(|&i| pieces[i].clause_end)
        .map_or(0, |i| i + 1);
    let opener = pieces[clause_start].word.as_str();
    let closes = scope.end > 0 && pieces[scope.end - 1].clause_end && scope.end < pieces.len();
    CONDITIONS.contains(&opener) && cue - clause_start <= 3 && closes
}

fn mark_scope(pieces: &[Piece], tokens: &mut [Token], scope: Range<usize>, light: Light) {
    // "never creates two trips" denies a count, not trips; so does "no single Redis node
    // holds the key" or "not on one Redis box", right after the cue. "No single point of
    // failure" and "not one server" deny the fault of having only one, as a whole.
    let words = &pieces[scope.clone()];
    let singled = words.iter().take(3).enumerate().any(|(at, piece)| {
        let next = words.get(at + 1).map(|p| p.word.as_str());
        matches!(piece.word.as_str(), "single" | "one")
            && next.is_some_and(|next| !SINGLE_HEADS.contains(&next))
    });
    let counted = singled
        || words
            .iter()
            .any(|piece| MULTIPLES.contains(&piece.word.as_str()));
    for token in &mut tokens[scope.clone()] {
        match light {
            Light::Hypothetical => token.hypothetical = true,
            Light::Denied { .. } if counted => token.once = true,
            Light::Denied {
                scoped, avoided, ..
            } => {
                token.negated = true;
                token.scoped |= scoped;
                token.avoided |= avoided;
            }
        }
    }
    if let Light::Denied {
        existential: true, ..
    } = light
        && !counted
    {
        rule_out(pieces, tokens, scope);
    }
}

/// Marks what an existential denial rules out: the first word after the cue, or after the
/// verb that says what the denial's subject becomes, whose subject is then said, not denied.
fn rule_out(pieces: &[Piece], tokens: &mut [Token], scope: Range<usize>) {
    let word = |at: usize| pieces.get(at).map_or("", |piece| piece.word.as_str());
    let becoming = scope.clone().find(|&at| {
        BECOMING.contains(&word(at))
            || (matches!(word(at), "is" | "was") && matches!(word(at + 1), "a" | "an"))
    });
    let predicate = match becoming {
        Some(verb) => {
            for token in &mut tokens[scope.start..verb] {
                token.negated = false;
            }
            verb + 1..scope.end
        }
        None => scope,
    };
    let first = predicate
        .clone()
        .find(|&at| !is_function_word(&pieces[at].word) && pieces[at].word != "ever");
    if let Some(first) = first {
        tokens[first].avoided = true;
    }
}

/// A sentence of ten or more words with almost no function words and no structure (no call
/// parentheses, no `Name:` and no arrows) is a list of keywords, not a statement.
fn is_bare(part: &str, tokens: &[Token]) -> bool {
    if tokens.len() < 10 {
        return false;
    }
    let function = tokens.iter().filter(|t| t.function).count();
    let structured =
        part.contains('(') || part.contains("->") || part.contains('→') || part.contains(':');
    // "time to match, acceptance rate, update lag" lists phrases; a pile lists words.
    let phrases = part.split(',').filter(|p| !p.trim().is_empty()).count();
    let listed = phrases >= 2 && tokens.len() as f64 / phrases as f64 >= 2.5;
    !structured && !listed && (function as f64) < 0.2 * tokens.len() as f64
}

/// Whether two folded words are the same word allowing for a typo: one edit in words of
/// seven or more letters, two in words of twelve or more.
pub(crate) fn near(a: &str, b: &str) -> bool {
    // Cheap refusals first, since this runs for every word against every form word: a
    // word of fewer than 7 bytes has fewer than 7 letters, two edits change at most 8
    // bytes, and a typo in the first letter is rare enough not to be worth the cost.
    if a.len().min(b.len()) < 7
        || a.len().abs_diff(b.len()) > 8
        || a.chars().next() != b.chars().next()
        || a.chars().any(|c| c.is_ascii_digit())
    {
        return false;
    }
    let shorter = a.chars().count().min(b.chars().count());
    if shorter < 7 {
        return false;
    }
    let allowed = if shorter >= 12 { 2 } else { 1 };
    strsim::damerau_levenshtein(a, b) <= allowed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        analyse(text)
            .sentences
            .iter()
            .flat_map(|s| s.tokens.iter().map(|t| t.word.clone()))
            .collect()
    }

    fn negated(text: &str) -> Vec<String> {
        analyse(text)
            .sentences
            .iter()
            .flat_map(|s| {
                s.tokens
                    .iter()
                    .filter(|t| t.negated)
                    .map(|t| t.word.clone())
            })
            .collect()
    }

    #[test]
    fn identifiers_numbers_and_units_split_into_words() {
        assert_eq!(words("postTweet(api_key)"), ["post", "tweet", "api", "key"]);
        assert_eq!(words("getNewsFeed"), ["get", "news", "feed"]);
        assert_eq!(words("APIKey fan-out"), ["api", "key", "fan", "out"]);
        assert_eq!(words("DBs URLs"), ["dbs", "urls"]);
        assert_eq!(
            words("200ms p99 3.5K"),
            ["200", "ms", "p", "99", "3.5", "k"]
        );
        assert_eq!(words("1,000,000 users"), ["1000000", "users"]);
        assert_eq!(words("ＬＢ"), ["lb"]);
        assert_eq!(words("NoSQL NewSQL noSQL"), ["nosql", "newsql", "nosql"]);
        assert_eq!(words("a Twitter-like feed"), ["a", "twitter", "feed"]);
    }

    #[test]
    fn contractions_and_possessives_fold() {
        assert_eq!(words("we don't"), ["we", "do"]);
        assert_eq!(words("user's feed"), ["user", "feed"]);
        assert_eq!(negated("we won't cache feeds"), ["cache", "feeds"]);
    }

    #[test]
    fn a_value_returned_is_no_denial() {
        assert!(negated("get(key) returns none if the key is absent").is_empty());
        assert_eq!(
            negated("none of the keys expire"),
            ["of", "the", "keys", "expire"]
        );
    }

    #[test]
    fn stems_join_inflections() {
        assert_eq!(stem("replicas"), stem("replica"));
        assert_eq!(stem("caching"), stem("cached"));
    }

    #[test]
    fn sentences_split_at_stops_but_not_in_numbers() {
        let text = analyse("Use 3.5 K/s. Then e.g. a cache; and more\nnext line");
        assert_eq!(text.sentences.len(), 4);
    }

    #[test]
    fn negation_reaches_its_clause_and_stops_at_but() {
        assert_eq!(negated("no replicas, one primary"), ["replicas"]);
        assert!(negated("none, one copy is enough").is_empty());
        assert!(negated("we run no fewer than three copies of each").is_empty());
        assert_eq!(negated("no more replicas"), ["more", "replicas"]);
        assert_eq!(negated("not a cache but a queue"), ["a", "cache"]);
        assert_eq!(
            negated("we avoid a cache layer entirely"),
            ["a", "cache", "layer", "entirely"]
        );
        assert_eq!(negated("not only fast"), Vec::<String>::new());
        assert_eq!(negated("it never creates two trips"), Vec::<String>::new());
        assert_eq!(negated("instead of a scan we keep an index"), ["a", "scan"]);
        assert_eq!(
            negated("no double counting and no data loss"),
            ["double", "counting", "and", "data", "loss"]
        );
    }

    #[test]
    fn a_negation_that_states_a_condition_neither_says_nor_denies() {
        let hypothetical = |text: &str| -> Vec<String> {
            analyse(text)
                .sentences
                .into_iter()
                .flat_map(|s| s.tokens)
                .filter(|t| t.hypothetical)
                .map(|t| t.word)
                .collect()
        };
        let argued = "without a cache, every read would hit the database";
        assert_eq!(hypothetical(argued), ["a", "cache"]);
        assert!(negated(argued).is_empty());
        assert_eq!(
            hypothetical("if there were no replicas, a crash would lose data"),
            ["replicas"]
        );
        assert_eq!(negated("we run without a cache"), ["a", "cache"]);
        assert_eq!(negated("without a cache."), ["a", "cache"]);
    }

    fn scoped(text: &str) -> Vec<String> {
        analyse(text)
            .sentences
            .iter()
            .flat_map(|s| s.tokens.iter().filter(|t| t.scoped).map(|t| t.word.clone()))
            .collect()
    }

    #[test]
    fn scoping_cues_are_told_from_denials() {
        assert_eq!(scoped("Out of scope: ads"), ["ads"]);
        assert_eq!(
            scoped("we won't support video calls"),
            ["support", "video", "calls"]
        );
        assert_eq!(scoped("ranking is skipped"), ["ranking", "is"]);
        assert!(scoped("no retries, the message is lost").is_empty());
        assert!(scoped("nothing is cached").is_empty());
        assert_eq!(negated("nothing is cached"), ["is", "cached"]);
    }

    #[test]
    fn avoiding_reaches_the_thing_avoided_not_the_means() {
        let text = "we avoid hot keys by adding a random suffix";
        assert_eq!(negated(text), ["hot", "keys"]);
        let avoided: Vec<String> = analyse(text)
            .sentences
            .into_iter()
            .flat_map(|s| s.tokens)
            .filter(|t| t.avoided)
            .map(|t| t.word)
            .collect();
        assert_eq!(avoided, ["hot", "keys"]);
    }

    #[test]
    fn a_scoped_out_list_keeps_its_items_own_negations_inside_it() {
        let text = "Not covered: keys that can't be guessed and numbering without gaps";
        assert_eq!(
            scoped(text),
            [
                "keys",
                "that",
                "can",
                "be",
                "guessed",
                "and",
                "numbering",
                "without",
                "gaps"
            ]
        );
        assert!(negated(text).contains(&"numbering".to_string()));
    }

    #[test]
    fn scoping_out_negates_a_list_or_what_stands_before_it() {
        assert_eq!(
            negated("Out of scope: ads, search and video calls"),
            ["ads", "search", "and", "video", "calls"]
        );
        assert_eq!(negated("Ranking is out of scope"), ["ranking", "is"]);
        assert_eq!(
            negated("use S3 instead of the database"),
            ["the", "database"]
        );
    }

    #[test]
    fn a_pile_of_keywords_is_bare_and_a_sentence_is_not() {
        let pile = analyse("cache redis kafka sharding fanout push pull pros cons versus choose");
        assert!(pile.sentences[0].bare);
        let said = analyse("We keep the feed in a Redis cache so that reads stay under 200 ms");
        assert!(!said.sentences[0].bare);
        let table = analyse(
            "Post: post_id bigint PK, author_id bigint FK User, body text, created_at timestamp",
        );
        assert!(!table.sentences[0].bare);
        let listed = analyse(
            "Monitor time to match, acceptance rate, location update lag and WebSocket connection counts",
        );
        assert!(!listed.sentences[0].bare);
        let commas =
            analyse("cache, redis, kafka, sharding, fanout, push, pull, pros, cons, versus");
        assert!(commas.sentences[0].bare);
    }

    #[test]
    fn typos_are_tolerated_in_long_words_only() {
        assert!(near("replicaton", "replication"));
        assert!(near("availabilty", "availability"));
        assert!(!near("cash", "cache"));
        assert!(!near("latent", "latency"));
    }
}
