//! Quantities: the one unit table that answers, formulas and the calculator read, the strict
//! reading of an answer by the kind of value its prompt expects, and a human display with
//! three significant figures.
//!
//! Letter case is ignored except for one letter: a final `B` means bytes and a final `b`
//! means bits, as in every data sheet (`MBps` and `MB/s` are megabytes per second, `Mbps` and
//! `Mb/s` megabits). `kb`, `Mb` and friends alone are refused with a suggestion instead of
//! silently being read as bits, since people write them meaning bytes; bits are accepted in
//! their unmistakable forms (`Mbit`, `Gbps`, `Mb/s`) and converted to bytes (8 bits each).
//!
//! `B` alone is bytes, except where a prompt expects a count of things (a count or a rate):
//! there `2B users` and `500B/day` are billions, as people write them in interviews. `bn` is
//! always a billion, and counts are displayed with it, so a displayed count never reads as
//! bytes.

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::units::expr::{
    self, DimensionClash, Dims, Failure, Node, Op, SyntaxError, Token, Value,
};

/// Guides round it to 100,000 for mental arithmetic; the tool never does.
pub(crate) const SECONDS_PER_DAY: f64 = 86_400.0;
/// Estimation guides count a year as 365 days; leap days do not matter at this precision.
pub(crate) const SECONDS_PER_YEAR: f64 = 365.0 * SECONDS_PER_DAY;
/// Thirty days, the month most guides use; the other common one is 2.5 million seconds.
pub(crate) const DEFAULT_MONTH_SECONDS: f64 = 30.0 * SECONDS_PER_DAY;

/// The kind of value a prompt expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dimension {
    /// A plain number of things (users, requests, replicas).
    #[serde(alias = "number")]
    Count,
    /// Bytes.
    Size,
    /// Seconds.
    Duration,
    /// Things per second.
    Rate,
    /// Bytes per second.
    Bandwidth,
    /// A plain number used as a multiplier or share (`20 %`, `2`, `100:1`).
    Ratio,
}

impl Dimension {
    /// The dimension of a value with these powers of bytes and seconds; dimensionless values
    /// are counts unless the prompt asked for a ratio.
    pub(crate) fn from_dims(dims: Dims, dimensionless: Dimension) -> Option<Dimension> {
        match dims {
            Dims::NONE => Some(dimensionless),
            Dims::BYTES => Some(Dimension::Size),
            Dims::SECONDS => Some(Dimension::Duration),
            Dims::PER_SECOND => Some(Dimension::Rate),
            Dims::BYTES_PER_SECOND => Some(Dimension::Bandwidth),
            _ => None,
        }
    }

    pub(crate) fn dims(self) -> Dims {
        match self {
            Dimension::Count | Dimension::Ratio => Dims::NONE,
            Dimension::Size => Dims::BYTES,
            Dimension::Duration => Dims::SECONDS,
            Dimension::Rate => Dims::PER_SECOND,
            Dimension::Bandwidth => Dims::BYTES_PER_SECOND,
        }
    }

    /// Whether the prompt counts things, where a bare `B` can only mean billion.
    fn counts_things(self) -> bool {
        matches!(self, Dimension::Count | Dimension::Rate)
    }

    /// What a value of this kind looks like: `a ratio, such as 20%, 0.2, 2 or 100:1`.
    pub(crate) fn form(self) -> String {
        format!("a {self}, {}", self.examples())
    }

    fn examples(self) -> &'static str {
        match self {
            Dimension::Count => "such as 200M, 1.5 billion or 2e9",
            Dimension::Size => "such as 140 B, 1.5 KB or 2 GiB",
            Dimension::Duration => "such as 30 s, 3 days or 5 years",
            Dimension::Rate => "such as 100/s, 500M/day or 2 per user per day",
            Dimension::Bandwidth => "such as 10 MB/s, 1 Gbps or 5 GB/day",
            Dimension::Ratio => "such as 20%, 0.2, 2 or 100:1",
        }
    }
}

impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Dimension::Count => "count",
            Dimension::Size => "size",
            Dimension::Duration => "duration",
            Dimension::Rate => "rate",
            Dimension::Bandwidth => "bandwidth",
            Dimension::Ratio => "ratio",
        })
    }
}

/// How sizes are displayed: powers of 1000 (KB) or of 1024 (KiB). Input always says which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Units {
    #[default]
    Decimal,
    Binary,
}

/// The conventions an estimate is computed under; both differ between popular guides.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Conventions {
    /// Seconds in a month: 2,592,000 (30 days) by default, 2,500,000 in some guides.
    pub(crate) month_seconds: f64,
    /// How sizes are displayed.
    pub(crate) units: Units,
}

impl Conventions {
    /// The month, the year and the units in words, so that every figure's basis is visible.
    pub(crate) fn describe(&self) -> String {
        let month = Quantity::new(self.month_seconds, Dimension::Duration);
        let units = match self.units {
            Units::Decimal => "decimal units (1 KB = 1000 B)",
            Units::Binary => "binary units (1 KiB = 1024 B)",
        };
        format!(
            "month = {} s ({month}), year = 365 days, {units}",
            self.month_seconds
        )
    }
}

impl Default for Conventions {
    fn default() -> Self {
        Conventions {
            month_seconds: DEFAULT_MONTH_SECONDS,
            units: Units::Decimal,
        }
    }
}

/// A value in base units (count; bytes; seconds; per second; bytes per second).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    pub(crate) value: f64,
    pub(crate) dimension: Dimension,
}

/// Why an answer could not be read; the message quotes what was typed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{input}': {problem}")]
pub struct QuantityError {
    pub(crate) input: String,
    pub(crate) problem: Problem,
}

/// What is wrong with a quantity or a calculation, phrased for the person who typed it. It is
/// the reason inside a [`QuantityError`] or a calculator error, which quote the text, and
/// never an error on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Syntax(SyntaxError),
    Clash(DimensionClash),
    UnknownWord {
        word: String,
        expected: String,
        hint: String,
    },
    /// A lowercase `b` unit alone, which says bits but is usually meant as bytes.
    Bits {
        word: String,
        suggestion: String,
        bits: String,
    },
    Mismatch(String),
    NotFinite,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Syntax(error) => error.fmt(f),
            Problem::Clash(clash) => clash.fmt(f),
            Problem::UnknownWord {
                word,
                expected,
                hint,
            } => write!(f, "unknown word '{word}'; expected {expected}{hint}"),
            Problem::Bits {
                word,
                suggestion,
                bits,
            } => write!(
                f,
                "'{word}' has a lowercase b, which means bits; did you mean {suggestion}? \
                 (write {bits} for bits)"
            ),
            Problem::Mismatch(problem) => f.write_str(problem),
            Problem::NotFinite => {
                f.write_str("the result is not a finite number (division by zero or overflow)")
            }
        }
    }
}

impl From<SyntaxError> for Problem {
    fn from(error: SyntaxError) -> Self {
        Problem::Syntax(error)
    }
}

/// Reads an answer under the default conventions (30-day month).
pub fn parse(input: &str, expected: Dimension) -> Result<Quantity, QuantityError> {
    parse_with(input, expected, &Conventions::default())
}

/// Reads an answer; `month` means `conventions.month_seconds`.
pub(crate) fn parse_with(
    input: &str,
    expected: Dimension,
    conventions: &Conventions,
) -> Result<Quantity, QuantityError> {
    read(input, expected, conventions).map_err(|problem| QuantityError {
        input: input.to_string(),
        problem,
    })
}

fn read(input: &str, expected: Dimension, conventions: &Conventions) -> Result<Quantity, Problem> {
    let tree = expr::parse(&tokens(input)?)?;
    value_of(input, &tree, expected, conventions)
}

/// The quantity `tree`, read from `input`, stands for under `conventions`, if it is one of
/// the `expected` kind.
fn value_of(
    input: &str,
    tree: &Node,
    expected: Dimension,
    conventions: &Conventions,
) -> Result<Quantity, Problem> {
    let value = evaluate(tree, &Vocabulary::prompt(expected, conventions))?;
    match Dimension::from_dims(value.dims, dimensionless(expected)) {
        Some(dimension) if dimension == expected => Ok(Quantity {
            value: value.number,
            dimension,
        }),
        // Nothing of any unit is the same nothing: `0` is a fine answer for no media.
        Some(Dimension::Count) if value.number == 0.0 => Ok(Quantity {
            value: 0.0,
            dimension: expected,
        }),
        _ => Err(mismatch(input, expected, value.dims, tree)),
    }
}

/// A quantity typed for an option: read when the command line is, so that a mistake is
/// refused with the option's name before anything runs, and valued once the conventions are
/// known, since a rate per month depends on the month's length.
#[derive(Debug, Clone, PartialEq)]
pub struct Amount {
    text: String,
    tree: Node,
    dimension: Dimension,
}

impl Amount {
    pub fn read(text: &str, dimension: Dimension) -> Result<Amount, QuantityError> {
        let failed = |problem| QuantityError {
            input: text.to_string(),
            problem,
        };
        let tree = tokens(text)
            .and_then(|tokens| expr::parse(&tokens))
            .map_err(|err| failed(err.into()))?;
        value_of(text, &tree, dimension, &Conventions::default()).map_err(failed)?;
        Ok(Amount {
            text: text.trim().to_string(),
            tree,
            dimension,
        })
    }

    /// A value parser for an option of this kind; its message leaves the value to clap,
    /// which quotes it.
    pub(crate) fn parser(
        dimension: Dimension,
    ) -> impl Fn(&str) -> Result<Amount, String> + Clone + Send + Sync + 'static {
        move |text| Amount::read(text, dimension).map_err(|err| err.problem.to_string())
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn dimension(&self) -> Dimension {
        self.dimension
    }

    pub fn quantity(&self, conventions: &Conventions) -> Result<Quantity, QuantityError> {
        value_of(&self.text, &self.tree, self.dimension, conventions).map_err(|problem| {
            QuantityError {
                input: self.text.clone(),
                problem,
            }
        })
    }
}

fn dimensionless(expected: Dimension) -> Dimension {
    if expected == Dimension::Ratio {
        Dimension::Ratio
    } else {
        Dimension::Count
    }
}

/// The seconds in a month as a convention may set them (28 to 31 days), read once where
/// they are given: an option, the settings file or a problem file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MonthSeconds(pub f64);

impl std::str::FromStr for MonthSeconds {
    type Err = String;

    fn from_str(text: &str) -> Result<MonthSeconds, String> {
        const DAY: f64 = 86_400.0;
        const RULE: &str = "the seconds in a month, between 28 and 31 days (2419200 to 2678400), such as 2592000 or 2.5M";
        let seconds = parse(text, Dimension::Count)
            .map_err(|err| format!("{err}; expected {RULE}"))?
            .value;
        if (28.0 * DAY..=31.0 * DAY).contains(&seconds) {
            Ok(MonthSeconds(seconds))
        } else {
            Err(format!("it must be {RULE}"))
        }
    }
}

impl Conventions {
    /// The default conventions with this month, if one is given.
    pub(crate) fn with_month(month: Option<MonthSeconds>) -> Conventions {
        let default = Conventions::default();
        Conventions {
            month_seconds: month.map_or(default.month_seconds, |m| m.0),
            ..default
        }
    }
}

/// The tokens of an answer or a calculation: the shared tokenizer's, without a leading hedge,
/// with `per` and `x` as operators and `Mb/s`-style bit rates made explicit.
pub(crate) fn tokens(input: &str) -> Result<Vec<Token>, SyntaxError> {
    let tokens = expr::tokenize(unhedged(input))?;
    Ok(explicit_bit_rates(words_as_operators(tokens)))
}

/// An answer without the hedge a person puts before an estimate: "about 100:1", "~3x".
fn unhedged(input: &str) -> &str {
    let mut rest = input.trim();
    loop {
        let before = rest;
        for hedge in [
            "~",
            "≈",
            "about ",
            "around ",
            "roughly ",
            "approximately ",
            "approx. ",
            "approx ",
        ] {
            if rest
                .get(..hedge.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(hedge))
            {
                rest = rest[hedge.len()..].trim_start();
            }
        }
        if rest == before {
            return rest;
        }
    }
}

/// Turns answer words into operators: `per` divides and `x` multiplies, and a word after
/// `per` that is not a unit is a label (`2 per user per day` is 2 per day).
fn words_as_operators(tokens: Vec<Token>) -> Vec<Token> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut tokens = tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        match &token {
            Token::Word(word) if word.eq_ignore_ascii_case("per") => {
                let label = matches!(tokens.peek(), Some(Token::Word(next)) if is_label(next));
                if label {
                    tokens.next();
                } else {
                    out.push(Token::Op(Op::Div));
                }
            }
            // "3x" as a factor is 3; "3 x 2" multiplies.
            Token::Word(word) if word.eq_ignore_ascii_case("x") && tokens.peek().is_none() => {}
            Token::Word(word) if word.eq_ignore_ascii_case("x") => out.push(Token::Op(Op::Mul)),
            _ => out.push(token),
        }
    }
    out
}

fn is_label(word: &str) -> bool {
    !word.eq_ignore_ascii_case("per") && !is_unit(word)
}

/// `Mb/s` is how network speeds are written, so a lowercase-b unit divided by a time unit is
/// read as bits (`Mbit/s`); alone it stays refused.
fn explicit_bit_rates(mut tokens: Vec<Token>) -> Vec<Token> {
    for at in 0..tokens.len() {
        let per_time = matches!(
            (tokens.get(at + 1), tokens.get(at + 2)),
            (Some(Token::Op(Op::Div)), Some(Token::Word(time))) if span(time).is_some()
        );
        if let (true, Some(Token::Word(word))) = (per_time, tokens.get_mut(at))
            && let Some(bits) = data_unit(word)
                .filter(|unit| unit.is_prefixed_lowercase_b())
                .map(|unit| format!("{}bit", unit.prefix))
        {
            *word = bits;
        }
    }
    tokens
}

/// Evaluates a parsed answer or calculation with the words of `vocabulary`.
pub(crate) fn evaluate(tree: &Node, vocabulary: &Vocabulary) -> Result<Value, Problem> {
    let value =
        expr::evaluate(tree, &mut |word: &str| vocabulary.value_of(word)).map_err(|failure| {
            match failure {
                Failure::Word(problem) => problem,
                Failure::Clash(clash) => Problem::Clash(clash),
            }
        })?;
    if value.number.is_finite() {
        Ok(value)
    } else {
        Err(Problem::NotFinite)
    }
}

/// What a bare `B` stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LoneB {
    Bytes,
    Billion,
}

/// The unit table read in one context: what `B` means there, how long a month is, and what
/// to name in a message about a word the table does not hold.
pub(crate) struct Vocabulary<'a> {
    conventions: &'a Conventions,
    lone_b: LoneB,
    expected: String,
}

impl<'a> Vocabulary<'a> {
    /// The words of an answer to a prompt expecting `expected`.
    fn prompt(expected: Dimension, conventions: &'a Conventions) -> Self {
        Vocabulary {
            conventions,
            lone_b: if expected.counts_things() {
                LoneB::Billion
            } else {
                LoneB::Bytes
            },
            expected: format!("a {expected} {}", expected.examples()),
        }
    }

    /// The words of a calculation or a formula, where `B` is always bytes.
    pub(crate) fn units(conventions: &'a Conventions) -> Self {
        Vocabulary {
            conventions,
            lone_b: LoneB::Bytes,
            expected: "a unit such as B, KB, GiB, MB/s, Mbps, ms, day or month".into(),
        }
    }

    pub(crate) fn value_of(&self, word: &str) -> Result<Value, Problem> {
        if self.lone_b == LoneB::Billion && word.eq_ignore_ascii_case("b") {
            return Ok(Value::new(1e9, Dims::NONE));
        }
        if let Some(factor) = scale(word) {
            return Ok(Value::new(factor, Dims::NONE));
        }
        if let Some(span) = span(word) {
            return Ok(Value::new(span.seconds(self.conventions), Dims::SECONDS));
        }
        match data_unit(word) {
            Some(unit) => unit.value().ok_or_else(|| unit.bits_problem(word)),
            None => Err(Problem::UnknownWord {
                word: word.to_string(),
                expected: self.expected.clone(),
                hint: unknown_word_hint(word),
            }),
        }
    }
}

/// The value of a unit word in a calculation or formula, if it is one.
pub(crate) fn unit_value(word: &str, conventions: &Conventions) -> Option<Value> {
    Vocabulary::units(conventions).value_of(word).ok()
}

/// Whether any word of these tokens is a unit of bits, whose result is worth showing in bits.
pub(crate) fn uses_bits(tokens: &[Token]) -> bool {
    tokens.iter().any(
        |token| matches!(token, Token::Word(word) if data_unit(word).is_some_and(|u| u.is_bits())),
    )
}

// The unit table. Every word any input may use is here or built from here: the scale words
// of counts, the spans of time, and the byte and bit units with their prefixes.

/// Scale words of counts. `B` and `b` are not among them: what they are depends on the prompt.
const SCALES: [(&[&str], f64); 4] = [
    (&["K", "k", "thousand"], 1e3),
    (&["M", "m", "mn", "million"], 1e6),
    (&["bn", "billion"], 1e9),
    (&["T", "t", "trillion"], 1e12),
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Span {
    Seconds(f64),
    /// The month of the conventions.
    Month,
}

impl Span {
    fn seconds(self, conventions: &Conventions) -> f64 {
        match self {
            Span::Seconds(seconds) => seconds,
            Span::Month => conventions.month_seconds,
        }
    }
}

const SPANS: [(&[&str], Span); 10] = [
    (&["ns", "nanosecond", "nanoseconds"], Span::Seconds(1e-9)),
    (
        &["µs", "μs", "us", "microsecond", "microseconds"],
        Span::Seconds(1e-6),
    ),
    (&["ms", "millisecond", "milliseconds"], Span::Seconds(1e-3)),
    (
        &["s", "sec", "secs", "second", "seconds"],
        Span::Seconds(1.0),
    ),
    (&["min", "mins", "minute", "minutes"], Span::Seconds(60.0)),
    (&["h", "hr", "hrs", "hour", "hours"], Span::Seconds(3_600.0)),
    (&["d", "day", "days"], Span::Seconds(SECONDS_PER_DAY)),
    (
        &["w", "wk", "week", "weeks"],
        Span::Seconds(7.0 * SECONDS_PER_DAY),
    ),
    (&["mo", "month", "months"], Span::Month),
    (
        &["y", "yr", "yrs", "year", "years"],
        Span::Seconds(SECONDS_PER_YEAR),
    ),
];

/// The prefixes of data units, by power: the SI letter, its name, and the binary name.
const PREFIXES: [(char, &str, &str); 6] = [
    ('k', "kilo", "kibi"),
    ('m', "mega", "mebi"),
    ('g', "giga", "gibi"),
    ('t', "tera", "tebi"),
    ('p', "peta", "pebi"),
    ('e', "exa", "exbi"),
];

fn named<T: Copy>(table: &[(&[&str], T)], word: &str) -> Option<T> {
    table
        .iter()
        .find(|(names, _)| names.iter().any(|name| name.eq_ignore_ascii_case(word)))
        .map(|&(_, value)| value)
}

fn scale(word: &str) -> Option<f64> {
    named(&SCALES, word)
}

fn span(word: &str) -> Option<Span> {
    named(&SPANS, word)
}

fn is_unit(word: &str) -> bool {
    word.eq_ignore_ascii_case("b")
        || scale(word).is_some()
        || span(word).is_some()
        || data_unit(word).is_some()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Base {
    Bytes,
    Bits,
    /// `b` after a prefix or alone: bits by the letter, but usually meant as bytes.
    LowercaseB,
    BytesPerSecond,
    BitsPerSecond,
}

/// A byte or bit unit split into its prefix and its base: `MiB` is 1024² bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct DataUnit<'a> {
    /// The prefix as written (`M`, `Mi`, `mega`), empty for none.
    prefix: &'a str,
    /// The power of 1000 (or of 1024) the prefix stands for.
    power: u8,
    binary: bool,
    base: Base,
}

const BITS_PER_BYTE: f64 = 8.0;

impl DataUnit<'_> {
    /// The unit in bytes, or bytes per second; `None` for a lowercase `b`.
    fn value(&self) -> Option<Value> {
        let radix: f64 = if self.binary { 1024.0 } else { 1000.0 };
        let multiple = radix.powi(self.power.into());
        let (bytes, dims) = match self.base {
            Base::Bytes => (multiple, Dims::BYTES),
            Base::Bits => (multiple / BITS_PER_BYTE, Dims::BYTES),
            Base::BytesPerSecond => (multiple, Dims::BYTES_PER_SECOND),
            Base::BitsPerSecond => (multiple / BITS_PER_BYTE, Dims::BYTES_PER_SECOND),
            Base::LowercaseB => return None,
        };
        Some(Value::new(bytes, dims))
    }

    fn is_bits(&self) -> bool {
        matches!(self.base, Base::Bits | Base::BitsPerSecond)
    }

    fn is_prefixed_lowercase_b(&self) -> bool {
        self.base == Base::LowercaseB && self.power > 0
    }

    fn bits_problem(&self, word: &str) -> Problem {
        let prefix = self
            .power
            .checked_sub(1)
            .and_then(|index| PREFIXES.get(usize::from(index)));
        let suggestion = match prefix {
            Some(&(letter, decimal, binary)) => {
                let (infix, name) = if self.binary {
                    ("i", binary)
                } else {
                    ("", decimal)
                };
                format!("{}{infix}B ({name}bytes)", letter.to_ascii_uppercase())
            }
            None => "B (bytes) or bn (billion)".to_string(),
        };
        Problem::Bits {
            word: word.to_string(),
            suggestion,
            bits: format!("{}bit", self.prefix),
        }
    }
}

/// Reads `KB`, `kB`, `MiB`, `Gbit`, `Mbps`, `MBps`, `kb`, `megabytes`, `kibibyte`, `bytes` ...
fn data_unit(word: &str) -> Option<DataUnit<'_>> {
    long_data_unit(word).or_else(|| short_data_unit(word))
}

fn long_data_unit(word: &str) -> Option<DataUnit<'_>> {
    let lower = word.to_ascii_lowercase();
    let base = |rest: &str| match rest {
        "byte" | "bytes" => Some(Base::Bytes),
        "bit" | "bits" => Some(Base::Bits),
        _ => None,
    };
    if let Some(base) = base(&lower) {
        return Some(DataUnit {
            prefix: "",
            power: 0,
            binary: false,
            base,
        });
    }
    PREFIXES
        .iter()
        .zip(1u8..)
        .flat_map(|(&(_, decimal, binary), power)| [(decimal, power, false), (binary, power, true)])
        .find_map(|(name, power, binary)| {
            let base = base(lower.strip_prefix(name)?)?;
            Some(DataUnit {
                prefix: &word[..name.len()],
                power,
                binary,
                base,
            })
        })
}

fn short_data_unit(word: &str) -> Option<DataUnit<'_>> {
    let letter = word.chars().next()?;
    let power = PREFIXES
        .iter()
        .zip(1u8..)
        .find(|((prefix, ..), _)| prefix.eq_ignore_ascii_case(&letter))
        .map(|(_, power)| power);
    let (prefix_len, power, binary) = match power {
        Some(power) if word[1..].starts_with(['i', 'I']) => (2, power, true),
        Some(power) => (1, power, false),
        None => (0, 0, false),
    };
    let (prefix, rest) = word.split_at(prefix_len);
    let base = short_base(rest)?;
    Some(DataUnit {
        prefix,
        power,
        binary,
        base,
    })
}

/// `B`, `b`, `Bps`, `bps`, `bit`: the case of the `b` decides bytes or bits.
fn short_base(rest: &str) -> Option<Base> {
    let (bytes, after_b) = match rest.strip_prefix('B') {
        Some(after_b) => (true, after_b),
        None => (false, rest.strip_prefix('b')?),
    };
    Some(match after_b.to_ascii_lowercase().as_str() {
        "" if bytes => Base::Bytes,
        "" => Base::LowercaseB,
        "ps" if bytes => Base::BytesPerSecond,
        "ps" => Base::BitsPerSecond,
        "it" | "its" => Base::Bits,
        _ => return None,
    })
}

/// The names the table reads, in their usual spelling, for suggestions.
fn unit_names() -> Vec<String> {
    let mut names: Vec<String> = SCALES
        .iter()
        .flat_map(|(names, _)| names.iter())
        .chain(SPANS.iter().flat_map(|(names, _)| names.iter()))
        .map(|name| name.to_string())
        .collect();
    names.extend(["B", "byte", "bytes", "bit", "bits", "bps", "Bps"].map(String::from));
    for &(letter, decimal, binary) in &PREFIXES {
        let upper = letter.to_ascii_uppercase();
        names.extend([
            format!("{upper}B"),
            format!("{upper}iB"),
            format!("{letter}bit"),
            format!("{upper}bps"),
            format!("{upper}Bps"),
            format!("{decimal}byte"),
            format!("{decimal}bytes"),
            format!("{decimal}bit"),
            format!("{decimal}bits"),
            format!("{binary}byte"),
            format!("{binary}bytes"),
        ]);
    }
    names
}

fn unknown_word_hint(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    let suggestion = match lower.as_str() {
        "g" | "p" => format!("{}B", lower.to_ascii_uppercase()),
        "kbs" | "mbs" | "gbs" | "tbs" => lower.trim_end_matches('s').to_ascii_uppercase(),
        "users" | "user" | "requests" | "req" | "reqs" | "writes" | "reads" => {
            return format!("; labels such as '{word}' are only accepted after 'per'");
        }
        _ => match nearest_unit(word) {
            Some(name) => name,
            None => return String::new(),
        },
    };
    format!("; did you mean {suggestion}?")
}

/// The unit name closest to a misspelt word, when it is close enough to be what was meant:
/// one edit for short words, two for longer ones. Very short words are left alone, since
/// every letter is one edit from some unit.
fn nearest_unit(word: &str) -> Option<String> {
    let length = word.chars().count();
    if length < 3 {
        return None;
    }
    let allowed = if length <= 5 { 1 } else { 2 };
    let lower = word.to_lowercase();
    unit_names()
        .into_iter()
        .map(|name| {
            (
                strsim::damerau_levenshtein(&lower, &name.to_lowercase()),
                name,
            )
        })
        .filter(|&(distance, _)| distance <= allowed)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, name)| name)
}

/// Explains a result of the wrong kind, suggesting the unit the user probably left out.
fn mismatch(input: &str, expected: Dimension, found: Dims, tree: &Node) -> Problem {
    let trimmed = input.trim();
    Problem::Mismatch(
        match (expected, Dimension::from_dims(found, Dimension::Count)) {
            (Dimension::Size, Some(Dimension::Count)) => {
                format!(
                    "a size needs a unit such as KB or KiB; did you mean '{}'?",
                    with_byte_unit(trimmed, tree)
                )
            }
            (Dimension::Duration, Some(Dimension::Count)) => {
                format!(
                    "a duration needs a unit such as s, min, h, day or year; did you mean '{trimmed} days'?"
                )
            }
            (Dimension::Rate, Some(Dimension::Count)) => {
                format!("a rate needs a time unit; did you mean '{trimmed}/s' or '{trimmed}/day'?")
            }
            (Dimension::Bandwidth, Some(Dimension::Size)) => {
                format!("a bandwidth needs a time unit; did you mean '{trimmed}/s'?")
            }
            _ => format!(
                "this is a {} but a {expected} was expected, {}",
                found_name(found),
                expected.examples()
            ),
        },
    )
}

fn found_name(found: Dims) -> String {
    Dimension::from_dims(found, Dimension::Count)
        .map_or_else(|| found.describe(), |d| d.to_string())
}

/// `5K` becomes `5 KB`; a bare `140` becomes `140 B`.
fn with_byte_unit(trimmed: &str, tree: &Node) -> String {
    if let Node::Binary(Op::Mul, number, scale) = tree
        && let (Node::Number(number), Node::Word(scale)) = (number.as_ref(), scale.as_ref())
    {
        let letter = scale.to_ascii_uppercase();
        if matches!(letter.as_str(), "K" | "M" | "T") {
            return format!("{number} {letter}B");
        }
    }
    format!("{trimmed} B")
}

impl Quantity {
    pub(crate) fn new(value: f64, dimension: Dimension) -> Quantity {
        Quantity { value, dimension }
    }

    /// Displays with the given size units (`KB` or `KiB`). Without the conventions' month a
    /// small rate is shown per day or per year, never per month.
    pub fn display(&self, units: Units) -> QuantityDisplay {
        QuantityDisplay {
            quantity: *self,
            units,
            month_seconds: None,
        }
    }

    /// Displays under the conventions: their size units, and their month for small rates
    /// (`3/month`).
    pub(crate) fn display_with(&self, conventions: &Conventions) -> QuantityDisplay {
        QuantityDisplay {
            quantity: *self,
            units: conventions.units,
            month_seconds: Some(conventions.month_seconds),
        }
    }

    pub(crate) fn as_value(&self) -> Value {
        Value::new(self.value, self.dimension.dims())
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.display(Units::Decimal).fmt(f)
    }
}

/// A quantity shown with chosen size units; see [`Quantity::display`].
#[derive(Debug, Clone, Copy)]
pub struct QuantityDisplay {
    quantity: Quantity,
    units: Units,
    month_seconds: Option<f64>,
}

/// Display units: the first with factor 1 is used for values too small for any other. Every
/// name is one the unit table reads back. A billion is `bn`, since `1 B` reads as a byte.
const COUNT_SCALES: &[(f64, &str)] = &[(1.0, ""), (1e3, "K"), (1e6, "M"), (1e9, "bn"), (1e12, "T")];
const DECIMAL_SIZES: &[(f64, &str)] = &[
    (1.0, "B"),
    (1e3, "KB"),
    (1e6, "MB"),
    (1e9, "GB"),
    (1e12, "TB"),
    (1e15, "PB"),
    (1e18, "EB"),
];
const BINARY_SIZES: &[(f64, &str)] = &[
    (1.0, "B"),
    (1024.0, "KiB"),
    (1_048_576.0, "MiB"),
    (1_073_741_824.0, "GiB"),
    (1_099_511_627_776.0, "TiB"),
    (1_125_899_906_842_624.0, "PiB"),
];
const BIT_SIZES: &[(f64, &str)] = &[
    (1.0, "bit"),
    (1e3, "kbit"),
    (1e6, "Mbit"),
    (1e9, "Gbit"),
    (1e12, "Tbit"),
    (1e15, "Pbit"),
];
const DURATIONS: &[(f64, &str)] = &[
    (1e-9, "ns"),
    (1e-6, "µs"),
    (1e-3, "ms"),
    (1.0, "s"),
    (60.0, "min"),
    (3_600.0, "h"),
    (SECONDS_PER_DAY, "days"),
    (SECONDS_PER_YEAR, "years"),
];

impl fmt::Display for QuantityDisplay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = self.quantity.value;
        let sizes = match self.units {
            Units::Decimal => DECIMAL_SIZES,
            Units::Binary => BINARY_SIZES,
        };
        match self.quantity.dimension {
            Dimension::Count => f.write_str(&scaled(value, COUNT_SCALES)),
            Dimension::Size => f.write_str(&scaled(value, sizes)),
            Dimension::Duration => f.write_str(&singular_when_one(scaled(value, DURATIONS))),
            Dimension::Rate => f.write_str(&rate(value, self.month_seconds)),
            Dimension::Bandwidth => write!(f, "{}/s", scaled(value, sizes)),
            Dimension::Ratio => f.write_str(&ratio(value)),
        }
    }
}

/// A size or bandwidth in bytes shown in bits (`10 Mbit/s`), for input that was in bits.
pub(crate) fn in_bits(bytes: f64, per_second: bool) -> String {
    let bits = scaled(bytes * BITS_PER_BYTE, BIT_SIZES);
    if per_second {
        format!("{bits}/s")
    } else {
        bits
    }
}

fn singular_when_one(text: String) -> String {
    match text.as_str() {
        "1 days" => "1 day".into(),
        "1 years" => "1 year".into(),
        _ => text,
    }
}

/// A rate per the shortest period in which it reaches a count that reads well: `100/s`,
/// `0.5/day`, `3/month` (not `0.1/day`), `6/year`. Without a month, rates stay per day down
/// to 0.01 a day, so that nothing is shown per a month of the wrong length.
fn rate(per_second: f64, month_seconds: Option<f64>) -> String {
    let day_least = if month_seconds.is_some() { 0.5 } else { 0.01 };
    let periods = [
        (Some(1.0), "s", 0.1),
        (Some(SECONDS_PER_DAY), "day", day_least),
        (month_seconds, "month", 1.0),
    ];
    let (count, per) = periods
        .iter()
        .filter_map(|&(seconds, per, least)| Some((per_second * seconds?, per, least)))
        .find(|&(count, _, least)| per_second == 0.0 || round_significant(count).abs() >= least)
        .map_or(
            (per_second * SECONDS_PER_YEAR, "year"),
            |(count, per, _)| (count, per),
        );
    format!("{}/{per}", scaled(count, COUNT_SCALES))
}

/// A share up to 100 % as a percentage (`0.3 %`, `20 %`), a larger ratio as a multiple.
fn ratio(value: f64) -> String {
    if value.abs() <= 1.0 && value != 0.0 {
        format!("{} %", significant(value * 100.0))
    } else {
        scaled(value, COUNT_SCALES)
    }
}

/// Picks the largest unit the value reaches, moving up one when rounding reaches the next
/// (999.7 K shows as 1 M), and rounds in that unit so 5 years stays 5 years.
fn scaled(value: f64, units: &[(f64, &str)]) -> String {
    // The slack absorbs binary floating-point error in values like 3 × 1e9.
    let reaches = |rounded: f64, factor: f64| rounded.abs() >= factor * (1.0 - 1e-9);
    let base = units.iter().position(|(factor, _)| *factor == 1.0);
    let reached = units
        .iter()
        .rposition(|(factor, _)| value != 0.0 && reaches(value, *factor));
    // Below the smallest unit, show it in the smallest (0.5 ns, not 5e-10 s); zero in the base.
    let smallest = if value == 0.0 { base } else { Some(0) };
    let Some(mut index) = reached.or(smallest) else {
        return significant(value);
    };
    if let (Some(&(factor, _)), Some(&(next, _))) = (units.get(index), units.get(index + 1))
        && reaches(round_significant(value / factor) * factor, next)
    {
        index += 1;
    }
    let Some(&(factor, name)) = units.get(index) else {
        return significant(value);
    };
    let number = significant(value / factor);
    if name.is_empty() {
        number
    } else {
        format!("{number} {name}")
    }
}

const SIGNIFICANT_DIGITS: i32 = 3;
/// As many figures as a float holds reliably: what a calculation shows as its exact value.
const PRECISE_DIGITS: i32 = 15;

fn round_significant(value: f64) -> f64 {
    round_to(value, SIGNIFICANT_DIGITS)
}

fn round_to(value: f64, digits: i32) -> f64 {
    if value == 0.0 || !value.is_finite() {
        return value;
    }
    let step = 10f64.powi(magnitude(value) - (digits - 1));
    (value / step).round() * step
}

fn magnitude(value: f64) -> i32 {
    // Finite f64 magnitudes lie within ±330, so the conversion cannot saturate.
    value.abs().log10().floor() as i32
}

/// Three significant figures without trailing zeros; scientific notation outside
/// 0.001 – 999,999 keeps extreme values short, and the parser reads it back.
pub(crate) fn significant(value: f64) -> String {
    figures(value, SIGNIFICANT_DIGITS, -3..6)
}

/// Fifteen significant figures, written out from 0.00001 to below 10^15 so that whole
/// numbers of bytes (2^40 = 1099511627776) show every digit; and whether they may have been
/// rounded. A value that needs all fifteen is taken as rounded: it is most likely a fraction
/// like 1/3 that no number of figures ends.
pub(crate) fn precise(value: f64) -> (String, bool) {
    let text = figures(value, PRECISE_DIGITS, -5..15);
    let mantissa = text.split('e').next().unwrap_or_default();
    let digits = mantissa
        .chars()
        .filter(char::is_ascii_digit)
        .collect::<String>();
    let figures_used = i32::try_from(digits.trim_start_matches('0').len()).unwrap_or(i32::MAX);
    let all_figures = figures_used >= PRECISE_DIGITS;
    let rounded = all_figures || text.parse::<f64>() != Ok(value);
    (text, rounded)
}

fn figures(value: f64, digits: i32, written_out: Range<i32>) -> String {
    let rounded = round_to(value, digits);
    if rounded == 0.0 || !rounded.is_finite() {
        return format!("{rounded}");
    }
    let exponent = magnitude(rounded);
    if !written_out.contains(&exponent) {
        let mantissa = figures(rounded / 10f64.powi(exponent), digits, written_out);
        return format!("{mantissa}e{exponent}");
    }
    let decimals = usize::try_from(digits - 1 - exponent).unwrap_or(0);
    let text = format!("{rounded:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Dimension::*;

    #[test]
    fn a_month_is_read_with_the_answer_grammar_and_kept_between_28_and_31_days() {
        assert_eq!("2.5M".parse(), Ok(MonthSeconds(2.5e6)));
        assert_eq!(" 2592000 ".parse(), Ok(MonthSeconds(2_592_000.0)));
        let short: Result<MonthSeconds, _> = "-5".parse();
        assert!(
            short
                .unwrap_err()
                .starts_with("it must be the seconds in a month")
        );
        let garbled: Result<MonthSeconds, _> = "2.5 MB".parse();
        assert!(
            garbled
                .unwrap_err()
                .contains("; expected the seconds in a month")
        );
    }

    fn value(input: &str, expected: Dimension) -> f64 {
        match parse(input, expected) {
            Ok(quantity) => quantity.value,
            Err(error) => panic!("{input} as {expected}: {error}"),
        }
    }

    fn error(input: &str, expected: Dimension) -> String {
        match parse(input, expected) {
            Ok(quantity) => panic!("{input} as {expected} was accepted as {quantity:?}"),
            Err(error) => error.to_string(),
        }
    }

    fn assert_close(actual: f64, wanted: f64, input: &str) {
        assert!(
            (actual - wanted).abs() <= wanted.abs() * 1e-12,
            "{input}: {actual} != {wanted}"
        );
    }

    fn assert_all(cases: &[(&str, f64)], expected: Dimension) {
        for &(input, wanted) in cases {
            assert_close(value(input, expected), wanted, input);
        }
    }

    #[test]
    fn counts() {
        let cases = [
            ("5K", 5e3),
            ("5k", 5e3),
            ("1.5M", 1.5e6),
            ("2B", 2e9),
            ("2bn", 2e9),
            ("2 b", 2e9),
            ("3T", 3e12),
            ("2 thousand", 2e3),
            ("3 Million", 3e6),
            ("1 billion", 1e9),
            ("1 trillion", 1e12),
            ("1,000,000", 1e6),
            ("2e9", 2e9),
            ("  42  ", 42.0),
            ("10%", 0.1),
            ("300M * 50%", 150e6),
            ("2 * 1.5K", 3e3),
            ("2 x 1.5K", 3e3),
            ("(1 + 2) M", 3e6),
            ("-5 + 10", 5.0),
            ("1 TB / 1 KB", 1e9),
        ];
        assert_all(&cases, Count);
    }

    #[test]
    fn ratios() {
        assert_all(
            &[
                ("10%", 0.1),
                ("20 %", 0.2),
                ("0.2", 0.2),
                ("2", 2.0),
                ("100:1", 100.0),
            ],
            Ratio,
        );
        assert_eq!(parse("2", Ratio).map(|q| q.dimension), Ok(Ratio));
        for hedged in ["about 100:1", "~100:1", "roughly 100", "100x", "≈ 100"] {
            assert_eq!(parse(hedged, Ratio).map(|q| q.value), Ok(100.0), "{hedged}");
        }
        assert_eq!(parse("3 x 2", Count).map(|q| q.value), Ok(6.0));
    }

    #[test]
    fn sizes() {
        let cases = [
            ("140 B", 140.0),
            ("2B", 2.0),
            ("1 byte", 1.0),
            ("300 bytes", 300.0),
            ("1.5 KB", 1500.0),
            ("1.5 kB", 1500.0),
            ("2 MB", 2e6),
            ("3 GB", 3e9),
            ("4 TB", 4e12),
            ("5 PB", 5e15),
            ("1 EB", 1e18),
            ("1 KiB", 1024.0),
            ("1 MiB", 1_048_576.0),
            ("1 GiB", 1_073_741_824.0),
            ("1 TiB", 1_099_511_627_776.0),
            ("1 PiB", 1_125_899_906_842_624.0),
            ("2 kilobytes", 2e3),
            ("1 gigabyte", 1e9),
            ("8 Mbit", 1e6),
            ("140 B + 64 B", 204.0),
            ("(140 + 64) B", 204.0),
            ("2 * 1.5 KB", 3e3),
            ("1,000 B", 1e3),
        ];
        assert_all(&cases, Size);
    }

    #[test]
    fn durations() {
        let cases = [
            ("30 s", 30.0),
            ("30 sec", 30.0),
            ("1 second", 1.0),
            ("5 min", 300.0),
            ("2h", 7200.0),
            ("1 hour", 3600.0),
            ("3 days", 3.0 * 86_400.0),
            ("1 week", 604_800.0),
            ("1 month", 2_592_000.0),
            ("5y", 5.0 * SECONDS_PER_YEAR),
            ("10 years", 10.0 * SECONDS_PER_YEAR),
            ("250 ms", 0.25),
            ("100 ns", 1e-7),
            ("16 µs", 16e-6),
        ];
        assert_all(&cases, Duration);
    }

    #[test]
    fn month_follows_the_convention() {
        let conventions = Conventions {
            month_seconds: 2.5e6,
            units: Units::Decimal,
        };
        let month = parse_with("1 month", Duration, &conventions).map(|q| q.value);
        assert_eq!(month, Ok(2.5e6));
        let monthly = parse_with("1 B/month", Rate, &conventions).map(|q| q.value);
        assert_eq!(monthly, Ok(400.0));
    }

    #[test]
    fn rates() {
        let cases = [
            ("500M/day", 500e6 / 86_400.0),
            ("100/s", 100.0),
            ("2 per user per day", 2.0 / 86_400.0),
            ("2/day", 2.0 / 86_400.0),
            ("10M/month", 10e6 / 2_592_000.0),
            ("1.2K per second", 1200.0),
            ("0.5 / day", 0.5 / 86_400.0),
            ("2B/day", 2e9 / 86_400.0),
        ];
        assert_all(&cases, Rate);
    }

    #[test]
    fn bandwidths() {
        let cases = [
            ("10 MB/s", 1e7),
            ("1 Gbps", 1.25e8),
            ("100 Mbps", 1.25e7),
            ("5 GB/day", 5e9 / 86_400.0),
        ];
        assert_all(&cases, Bandwidth);
    }

    #[test]
    fn the_case_of_the_b_tells_bytes_from_bits() {
        let cases = [
            ("10 MBps", 1e7),
            ("10 MB/s", 1e7),
            ("10 mBps", 1e7),
            ("10 Mbps", 1.25e6),
            ("10 mbps", 1.25e6),
            ("10 Mb/s", 1.25e6),
            ("10 Mb per second", 1.25e6),
            ("10 Mbit/s", 1.25e6),
            ("8 kbps", 1e3),
            ("1 Bps", 1.0),
            ("8 bps", 1.0),
            ("1 GiB/s", 1_073_741_824.0),
            ("1 gigabit/s", 1.25e8),
        ];
        assert_all(&cases, Bandwidth);
        assert_all(&[("8 Mbit", 1e6), ("1 kibibyte", 1024.0)], Size);
        assert!(error("5 kb", Bandwidth).contains("did you mean KB (kilobytes)?"));
        assert!(error("5 Kib", Size).contains("did you mean KiB (kibibytes)? (write Kibit"));
    }

    #[test]
    fn a_lone_b_is_a_billion_only_where_things_are_counted() {
        assert_all(&[("1B", 1e9), ("1 bn", 1e9), ("2 b", 2e9)], Count);
        assert_all(&[("2B/day", 2e9 / 86_400.0), ("1 bn/s", 1e9)], Rate);
        assert_all(&[("1B", 1.0), ("300 B", 300.0)], Size);
        assert!(error("5 B", Duration).contains("this is a size but a duration was expected"));
        assert!(error("2B", Ratio).contains("this is a size but a ratio was expected"));
        let lowercase = error("140 b", Size);
        assert!(
            lowercase.contains("did you mean B (bytes) or bn (billion)? (write bit for bits)"),
            "{lowercase}"
        );
    }

    #[test]
    fn powers_work_in_answers_too() {
        assert_all(&[("2^10", 1024.0), ("10^3 * 2", 2000.0)], Count);
        assert_all(&[("2^40 B", 1_099_511_627_776.0)], Size);
        assert!(error("2 KB^2", Size).contains("bytes^2"));
    }

    #[test]
    fn a_misspelt_unit_gets_the_nearest_name() {
        assert!(error("3 secnds", Duration).contains("; did you mean seconds?"));
        assert!(error("5 gigabites", Size).contains("; did you mean gigabytes?"));
        assert!(!error("3 fortnights", Duration).contains("did you mean"));
        assert!(!error("3 q", Duration).contains("did you mean"));
    }

    #[test]
    fn a_size_without_unit_is_refused_with_a_suggestion() {
        assert_eq!(
            error("5K", Size),
            "'5K': a size needs a unit such as KB or KiB; did you mean '5 KB'?"
        );
        assert!(error("140", Size).contains("did you mean '140 B'?"));
    }

    #[test]
    fn zero_needs_no_unit() {
        for dimension in [Size, Duration, Rate, Bandwidth] {
            let zero = parse("0", dimension).unwrap();
            assert_eq!((zero.value, zero.dimension), (0.0, dimension));
        }
    }

    #[test]
    fn lowercase_b_is_bits_and_is_refused() {
        let message = error("5 kb", Size);
        assert!(
            message.contains("did you mean KB (kilobytes)?"),
            "{message}"
        );
        assert!(message.contains("kbit"), "{message}");
        assert!(error("1 Gb", Size).contains("GB (gigabytes)"));
        assert!(error("140 b", Size).contains("lowercase b"));
    }

    #[test]
    fn mixed_dimensions_are_refused() {
        assert_eq!(
            error("140 B + 5", Size),
            "'140 B + 5': cannot add a size and a count"
        );
        assert!(error("1 day - 5 KB", Duration).contains("cannot subtract a duration and a size"));
        assert!(error("5 KB * 3 s", Size).contains("bytes^1 × seconds^1"));
    }

    #[test]
    fn missing_units_are_explained_for_each_dimension() {
        assert!(error("5", Duration).contains("did you mean '5 days'?"));
        assert!(error("500M", Rate).contains("did you mean '500M/s' or '500M/day'?"));
        assert!(error("10 MB", Bandwidth).contains("did you mean '10 MB/s'?"));
        assert!(error("10 MB/s", Rate).contains("this is a bandwidth but a rate was expected"));
        assert!(error("3 days", Count).contains("this is a duration but a count was expected"));
    }

    #[test]
    fn unknown_words_name_what_was_expected() {
        let message = error("200M users", Count);
        assert!(message.contains("unknown word 'users'"), "{message}");
        assert!(message.contains("only accepted after 'per'"), "{message}");
        assert!(error("5 G", Size).contains("did you mean GB?"));
        assert!(error("3 fortnights", Duration).contains("expected a duration such as"));
    }

    #[test]
    fn malformed_input_is_refused() {
        for input in ["", "   ", "(1 + 2", "1 +", "1,00", "2 # 3", "5 5"] {
            assert!(parse(input, Count).is_err(), "{input}");
        }
        assert!(error(&"9".repeat(300), Count).contains("at most 256"));
        assert!(error("1/0", Count).contains("not a finite number"));
    }

    fn shown(value: f64, dimension: Dimension) -> String {
        Quantity::new(value, dimension).to_string()
    }

    #[test]
    fn display_uses_three_significant_figures_and_a_fitting_unit() {
        assert_eq!(shown(1157.407, Rate), "1.16 K/s");
        assert_eq!(shown(100.0, Rate), "100/s");
        assert_eq!(shown(0.5 / 86_400.0, Rate), "0.5/day");
        assert_eq!(shown(54.75e15, Size), "54.8 PB");
        assert_eq!(shown(2.0, Size), "2 B");
        assert_eq!(shown(200e6, Count), "200 M");
        assert_eq!(shown(999_700.0, Count), "1 M");
        assert_eq!(shown(450.0, Count), "450");
        assert_eq!(shown(5.0 * SECONDS_PER_YEAR, Duration), "5 years");
        assert_eq!(shown(86_400.0, Duration), "1 day");
        assert_eq!(shown(3.0 * 86_400.0, Duration), "3 days");
        assert_eq!(shown(0.2, Ratio), "20 %");
        assert_eq!(shown(100.0, Ratio), "100");
        assert_eq!(shown(1e7, Bandwidth), "10 MB/s");
        assert_eq!(shown(0.0, Count), "0");
        assert_eq!(shown(0.0, Duration), "0 s");
        assert_eq!(shown(5e-10, Duration), "0.5 ns");
        assert_eq!(shown(1.5e-7, Count), "1.5e-7");
        assert_eq!(shown(2e18, Count), "2e6 T");
    }

    #[test]
    fn a_share_below_one_percent_keeps_its_figures() {
        assert_eq!(shown(0.003, Ratio), "0.3 %");
        assert_eq!(shown(0.0005, Ratio), "0.05 %");
        assert_eq!(shown(0.01, Ratio), "1 %");
    }

    #[test]
    fn a_billion_is_shown_as_bn_which_reads_back_as_a_count() {
        assert_eq!(shown(1e9, Count), "1 bn");
        assert_eq!(shown(2.5e9 / 86_400.0, Rate), "28.9 K/s");
        assert_eq!(shown(3e9, Rate), "3 bn/s");
        assert_eq!(parse("1 bn", Count).map(|q| q.value), Ok(1e9));
        assert_eq!(parse("3 bn/s", Rate).map(|q| q.value), Ok(3e9));
    }

    #[test]
    fn small_rates_keep_a_period_that_reads_naturally() {
        let conventions = Conventions::default();
        let per_month = |count: f64| {
            let rate = Quantity::new(count / DEFAULT_MONTH_SECONDS, Rate);
            rate.display_with(&conventions).to_string()
        };
        assert_eq!(per_month(3.0), "3/month");
        assert_eq!(per_month(10.0), "10/month");
        assert_eq!(per_month(15.0), "0.5/day");
        assert_eq!(per_month(0.5), "6.08/year");
        assert_eq!(per_month(3e6), "1.16/s");
        let short = Conventions {
            month_seconds: 2.5e6,
            ..conventions
        };
        let monthly = Quantity::new(3.0 / 2.5e6, Rate).display_with(&short);
        assert_eq!(monthly.to_string(), "3/month");
        // Without the conventions' month a rate is never shown per month.
        assert_eq!(shown(3.0 / DEFAULT_MONTH_SECONDS, Rate), "0.1/day");
        assert_eq!(shown(0.5 / 86_400.0, Rate), "0.5/day");
    }

    #[test]
    fn every_display_unit_reads_back_as_its_factor() {
        let tables = [
            (COUNT_SCALES, Count),
            (DECIMAL_SIZES, Size),
            (BINARY_SIZES, Size),
            (BIT_SIZES, Size),
            (DURATIONS, Duration),
        ];
        for (table, dimension) in tables {
            for &(factor, name) in table {
                let bits = if table == BIT_SIZES { 8.0 } else { 1.0 };
                let read = value(&format!("1 {name}"), dimension) * bits;
                assert_close(read, factor, name);
            }
        }
    }

    #[test]
    fn binary_display_changes_only_sizes() {
        let kib = Quantity::new(1024.0, Size);
        assert_eq!(kib.display(Units::Binary).to_string(), "1 KiB");
        assert_eq!(kib.to_string(), "1.02 KB");
        let users = Quantity::new(2e6, Count);
        assert_eq!(users.display(Units::Binary).to_string(), "2 M");
    }

    #[test]
    fn dimensions_deserialize_from_lowercase_names() {
        let names = "[count, number, size, duration, rate, bandwidth, ratio]";
        let parsed: Vec<Dimension> = serde_yaml::from_str(names).unwrap();
        assert_eq!(
            parsed,
            vec![Count, Count, Size, Duration, Rate, Bandwidth, Ratio]
        );
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn any_dimension() -> impl Strategy<Value = Dimension> {
        prop_oneof![
            Just(Dimension::Count),
            Just(Dimension::Size),
            Just(Dimension::Duration),
            Just(Dimension::Rate),
            Just(Dimension::Bandwidth),
            Just(Dimension::Ratio),
        ]
    }

    proptest! {
        #[test]
        fn display_parses_back_within_rounding(
            mantissa in 1.0f64..10.0,
            exponent in -9i32..20,
            dimension in any_dimension(),
            binary in any::<bool>(),
            month_seconds in prop_oneof![Just(DEFAULT_MONTH_SECONDS), Just(2.5e6)],
            with_month in any::<bool>(),
        ) {
            let value = mantissa * 10f64.powi(exponent);
            let units = if binary { Units::Binary } else { Units::Decimal };
            let conventions = Conventions { month_seconds, units };
            let quantity = Quantity::new(value, dimension);
            let text = if with_month {
                quantity.display_with(&conventions).to_string()
            } else {
                quantity.display(units).to_string()
            };
            let back = parse_with(&text, dimension, &conventions)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            // Three significant figures are within 0.5 % of the value; the unit choice adds none.
            prop_assert!((back.value - value).abs() <= value * 5e-3, "{} -> {} -> {}", value, text, back.value);
        }

        #[test]
        fn no_input_panics(input in "\\PC{0,300}", dimension in any_dimension()) {
            let _ = parse(&input, dimension);
        }

        #[test]
        fn no_grammar_like_input_panics(input in "[0-9 .,eE+*/()%:KMBkmbgGTtiysdhper-]{0,60}", dimension in any_dimension()) {
            let _ = parse(&input, dimension);
        }
    }
}
