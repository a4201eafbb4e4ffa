//! Quantities typed by an interviewee: a strict grammar chosen by the kind of value a prompt
//! expects, and a human display with three significant figures.
//!
//! Letter case is ignored except for one letter: a final `B` means bytes and a final `b`
//! means bits, as in every data sheet. `kb`, `Mb` and friends are refused with a suggestion
//! instead of silently being read as bits; bit rates are accepted only in their unmistakable
//! forms (`Gbps`, `Mbit`), converted to bytes (8 bits each).
//!
//! `B` alone is ambiguous in interviews: it is bytes where a size or bandwidth is expected,
//! and billion everywhere else (`2B users`, `500B/day`); `bn` is always billion.

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::expr::{self, DimensionClash, Dims, Failure, Node, Op, SyntaxError, Token, Value};

/// Guides round it to 100,000 for mental arithmetic; the tool never does.
pub const SECONDS_PER_DAY: f64 = 86_400.0;
/// Estimation guides count a year as 365 days; leap days do not matter at this precision.
pub const SECONDS_PER_YEAR: f64 = 365.0 * SECONDS_PER_DAY;
/// Thirty days, the month most guides use; the other common one is 2.5 million seconds.
pub const DEFAULT_MONTH_SECONDS: f64 = 30.0 * SECONDS_PER_DAY;

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

    fn is_byte_based(self) -> bool {
        matches!(self, Dimension::Size | Dimension::Bandwidth)
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
    pub month_seconds: f64,
    /// How sizes are displayed.
    pub units: Units,
}

impl Conventions {
    /// The month, the year and the units in words, so that every figure's basis is visible.
    pub fn describe(&self) -> String {
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
    pub value: f64,
    pub dimension: Dimension,
}

/// Why an answer could not be read; every message quotes what was typed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuantityError {
    #[error("'{input}': {source}")]
    Syntax { input: String, source: SyntaxError },
    #[error("'{input}': {source}")]
    Clash {
        input: String,
        source: DimensionClash,
    },
    #[error("'{input}': unknown word '{word}'; expected {expected}{hint}")]
    UnknownWord {
        input: String,
        word: String,
        expected: String,
        hint: String,
    },
    #[error(
        "'{input}': '{word}' has a lowercase b, which means bits; did you mean {suggestion}? (write {bits} for bits)"
    )]
    Bits {
        input: String,
        word: String,
        suggestion: String,
        bits: String,
    },
    #[error("'{input}': {problem}")]
    Mismatch { input: String, problem: String },
    #[error("'{input}': the result is not a finite number (division by zero or overflow)")]
    NotFinite { input: String },
}

impl crate::error::BadInput for QuantityError {
    /// Every quantity error comes from what the user typed.
    fn is_bad_input(&self) -> bool {
        true
    }
}

/// Reads an answer under the default conventions (30-day month).
pub fn parse(input: &str, expected: Dimension) -> Result<Quantity, QuantityError> {
    parse_with(input, expected, &Conventions::default())
}

/// Reads an answer; `month` means `conventions.month_seconds`.
pub fn parse_with(
    input: &str,
    expected: Dimension,
    conventions: &Conventions,
) -> Result<Quantity, QuantityError> {
    let syntax = |source| QuantityError::Syntax {
        input: input.to_string(),
        source,
    };
    let tokens = answer_tokens(expr::tokenize(unhedged(input)).map_err(syntax)?);
    let tree = expr::parse(&tokens).map_err(syntax)?;
    let words = Vocabulary {
        input,
        expected,
        conventions,
    };
    let value =
        expr::evaluate(&tree, &mut |word: &str| words.value_of(word)).map_err(|failure| {
            match failure {
                Failure::Word(error) => error,
                Failure::Clash(source) => QuantityError::Clash {
                    input: input.to_string(),
                    source,
                },
            }
        })?;
    if !value.number.is_finite() {
        return Err(QuantityError::NotFinite {
            input: input.to_string(),
        });
    }
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
        _ => Err(mismatch(input, expected, value.dims, &tree)),
    }
}

fn dimensionless(expected: Dimension) -> Dimension {
    if expected == Dimension::Ratio {
        Dimension::Ratio
    } else {
        Dimension::Count
    }
}

/// Turns answer-only words into operators: `per` divides and `x` multiplies, and a word after
/// `per` that is not a unit is a label (`2 per user per day` is 2 per day).
/// The seconds in a month as a convention may set them: 28 to 31 days.
pub fn month_seconds(text: &str) -> Option<f64> {
    const DAY: f64 = 86_400.0;
    parse(text, Dimension::Count)
        .ok()
        .map(|q| q.value)
        .filter(|seconds| (28.0 * DAY..=31.0 * DAY).contains(seconds))
}

/// The rule `month_seconds` follows, for messages.
pub const MONTH_RULE: &str =
    "the seconds in a month, between 28 and 31 days (2419200 to 2678400), such as 2592000 or 2.5M";

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

fn answer_tokens(tokens: Vec<Token>) -> Vec<Token> {
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
    let conventions = Conventions::default();
    let probe = Vocabulary {
        input: "",
        expected: Dimension::Rate,
        conventions: &conventions,
    };
    !word.eq_ignore_ascii_case("per") && probe.value_of(word).is_err()
}

/// The meaning of words, which depends on the expected dimension (`B`) and the month length.
struct Vocabulary<'a> {
    input: &'a str,
    expected: Dimension,
    conventions: &'a Conventions,
}

impl Vocabulary<'_> {
    fn value_of(&self, word: &str) -> Result<Value, QuantityError> {
        if let Some(value) = self
            .scale(word)
            .or_else(|| self.duration(word))
            .or_else(|| byte_unit(word))
        {
            return Ok(value);
        }
        if let Some(error) = self.bits_error(word) {
            return Err(error);
        }
        Err(QuantityError::UnknownWord {
            input: self.input.to_string(),
            word: word.to_string(),
            expected: format!("a {} {}", self.expected, self.expected.examples()),
            hint: unknown_word_hint(word),
        })
    }

    fn scale(&self, word: &str) -> Option<Value> {
        let lower = word.to_ascii_lowercase();
        let factor = match lower.as_str() {
            "k" | "thousand" => 1e3,
            "m" | "million" | "mn" => 1e6,
            "bn" | "billion" => 1e9,
            "b" if !self.expected.is_byte_based() => 1e9,
            "t" | "trillion" => 1e12,
            _ => return None,
        };
        Some(Value::new(factor, Dims::NONE))
    }

    fn duration(&self, word: &str) -> Option<Value> {
        let seconds = match word.to_ascii_lowercase().as_str() {
            "ns" | "nanosecond" | "nanoseconds" => 1e-9,
            "us" | "µs" | "μs" | "microsecond" | "microseconds" => 1e-6,
            "ms" | "millisecond" | "milliseconds" => 1e-3,
            "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
            "min" | "mins" | "minute" | "minutes" => 60.0,
            "h" | "hr" | "hrs" | "hour" | "hours" => 3_600.0,
            "d" | "day" | "days" => SECONDS_PER_DAY,
            "w" | "wk" | "week" | "weeks" => 7.0 * SECONDS_PER_DAY,
            "mo" | "month" | "months" => self.conventions.month_seconds,
            "y" | "yr" | "yrs" | "year" | "years" => SECONDS_PER_YEAR,
            _ => return None,
        };
        Some(Value::new(seconds, Dims::SECONDS))
    }

    fn bits_error(&self, word: &str) -> Option<QuantityError> {
        let (prefix, last) = split_last(word)?;
        let prefix_power = decimal_prefix_power(prefix)?;
        let lone_b_is_billion = prefix.is_empty() && !self.expected.is_byte_based();
        if last != 'b' || prefix_power == 0 && lone_b_is_billion {
            return None;
        }
        let upper = prefix.to_ascii_uppercase();
        let name = PREFIX_NAMES
            .get(usize::from(prefix_power))
            .copied()
            .unwrap_or("");
        Some(QuantityError::Bits {
            input: self.input.to_string(),
            word: word.to_string(),
            suggestion: format!("{upper}B ({name}bytes)"),
            bits: format!("{}bit", prefix),
        })
    }
}

const PREFIX_NAMES: [&str; 7] = ["", "kilo", "mega", "giga", "tera", "peta", "exa"];

fn split_last(word: &str) -> Option<(&str, char)> {
    let last = word.chars().last()?;
    Some((&word[..word.len() - last.len_utf8()], last))
}

/// The power of 1000 named by an SI prefix letter, or 0 for no prefix.
fn decimal_prefix_power(prefix: &str) -> Option<u8> {
    match prefix.to_ascii_lowercase().as_str() {
        "" => Some(0),
        "k" => Some(1),
        "m" => Some(2),
        "g" => Some(3),
        "t" => Some(4),
        "p" => Some(5),
        "e" => Some(6),
        _ => None,
    }
}

const BITS_PER_BYTE: f64 = 8.0;

fn byte_unit(word: &str) -> Option<Value> {
    let lower = word.to_ascii_lowercase();
    if let Some(bytes) = long_byte_name(&lower) {
        return Some(Value::new(bytes, Dims::BYTES));
    }
    if let Some(prefix) = lower.strip_suffix("bps") {
        let power = decimal_prefix_power(prefix)?;
        return Some(Value::new(
            1000f64.powi(power.into()) / BITS_PER_BYTE,
            Dims::BYTES_PER_SECOND,
        ));
    }
    if let Some(prefix) = lower
        .strip_suffix("bit")
        .or_else(|| lower.strip_suffix("bits"))
    {
        let power = decimal_prefix_power(prefix)?;
        return Some(Value::new(
            1000f64.powi(power.into()) / BITS_PER_BYTE,
            Dims::BYTES,
        ));
    }
    if let Some(prefix) = lower.strip_suffix("ib").filter(|_| word.ends_with('B')) {
        let power = decimal_prefix_power(prefix).filter(|&p| p > 0)?;
        return Some(Value::new(1024f64.powi(power.into()), Dims::BYTES));
    }
    let prefix = word.strip_suffix('B')?;
    let power = decimal_prefix_power(prefix)?;
    Some(Value::new(1000f64.powi(power.into()), Dims::BYTES))
}

fn long_byte_name(lower: &str) -> Option<f64> {
    let stem = lower
        .strip_suffix('s')
        .unwrap_or(lower)
        .strip_suffix("byte")?;
    let power = PREFIX_NAMES.iter().position(|&name| name == stem)?;
    Some(1000f64.powi(i32::try_from(power).ok()?))
}

fn unknown_word_hint(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    let suggestion = match lower.as_str() {
        "g" | "p" => format!("{}B", lower.to_ascii_uppercase()),
        "kbs" | "mbs" | "gbs" | "tbs" => lower.trim_end_matches('s').to_ascii_uppercase(),
        "users" | "user" | "requests" | "req" | "reqs" | "writes" | "reads" => {
            return format!("; labels such as '{word}' are only accepted after 'per'");
        }
        _ => return String::new(),
    };
    format!("; did you mean {suggestion}?")
}

/// Explains a result of the wrong kind, suggesting the unit the user probably left out.
fn mismatch(input: &str, expected: Dimension, found: Dims, tree: &Node) -> QuantityError {
    let trimmed = input.trim();
    let problem = match (expected, Dimension::from_dims(found, Dimension::Count)) {
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
    };
    QuantityError::Mismatch {
        input: input.to_string(),
        problem,
    }
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
    pub fn new(value: f64, dimension: Dimension) -> Quantity {
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
    pub fn display_with(&self, conventions: &Conventions) -> QuantityDisplay {
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
fn significant(value: f64) -> String {
    figures(value, SIGNIFICANT_DIGITS, -3..6)
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
            (DURATIONS, Duration),
        ];
        for (table, dimension) in tables {
            for &(factor, name) in table {
                let read = value(&format!("1 {name}"), dimension);
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
