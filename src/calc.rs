//! A unit-aware calculator (`sdcoach calc`, `:calc` at prompts) built on fend-core.
//!
//! fend alone reads `5K` as five kelvin and `kb` as kilobits, so interview notation is
//! rewritten first: `K M B bn T` after a number (and the words thousand … trillion) become
//! plain numbers, so in `calc` a bare `B` means billion and bytes are written `bytes`, `KB`,
//! `MB` …; `kb`-style units are refused with a suggestion; `%` after a number divides by 100;
//! and each "number unit" pair is parenthesised because fend reads `1 TB / 1 KB` as
//! `(1 TB / 1) KB`. `month` and `year` follow our conventions (configurable month, 365-day
//! year) instead of fend's astronomical ones.

use std::time::{Duration, Instant};

use crate::expr::MAX_INPUT_CHARS;
use crate::quantity::Conventions;

/// Long enough for any sensible calculation, short enough to answer within a second.
const TIME_LIMIT: Duration = Duration::from_millis(500);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalcError {
    #[error("nothing to calculate; give an expression such as \"500M * 2 / day to 1/s\"")]
    Empty,
    #[error("the expression is {len} characters long; at most {MAX_INPUT_CHARS} are accepted")]
    TooLong { len: usize },
    #[error(
        "'{word}': a lowercase b means bits; did you mean {bytes} ({name}bytes)? For bits write {bits}"
    )]
    Bits {
        word: String,
        bytes: String,
        name: &'static str,
        bits: String,
    },
    #[error("could not calculate '{expr}': {message}")]
    Invalid { expr: String, message: String },
    #[error("'{expr}' took longer than {} ms to calculate; try smaller numbers", TIME_LIMIT.as_millis())]
    TimedOut { expr: String },
}

impl crate::error::BadInput for CalcError {
    /// Every calculator error comes from the expression the user typed.
    fn is_bad_input(&self) -> bool {
        true
    }
}

struct Deadline(Instant);

impl fend_core::Interrupt for Deadline {
    fn should_interrupt(&self) -> bool {
        Instant::now() >= self.0
    }
}

/// Evaluates `expr` and returns fend's answer, `≈` marking a rounded one.
pub fn calc(expr: &str, conventions: &Conventions) -> Result<String, CalcError> {
    let len = expr.chars().count();
    if len > MAX_INPUT_CHARS {
        return Err(CalcError::TooLong { len });
    }
    if expr.trim().is_empty() {
        return Err(CalcError::Empty);
    }
    let rewritten = normalise(expr)?;
    let mut context = context(conventions);
    let deadline = Deadline(Instant::now() + TIME_LIMIT);
    match fend_core::evaluate_with_interrupt(&rewritten, &mut context, &deadline) {
        Ok(result) => Ok(tidy(result.get_main_result())),
        Err(_) if deadline.should_interrupt_now() => Err(CalcError::TimedOut {
            expr: expr.to_string(),
        }),
        Err(message) => Err(CalcError::Invalid {
            expr: expr.to_string(),
            message,
        }),
    }
}

impl Deadline {
    fn should_interrupt_now(&self) -> bool {
        fend_core::Interrupt::should_interrupt(self)
    }
}

fn context(conventions: &Conventions) -> fend_core::Context {
    let mut context = fend_core::Context::new();
    let plain = fend_core::CustomUnitAttribute::None;
    let month = format!("{} s", conventions.month_seconds);
    context.define_custom_unit_v1("month", "months", &month, &plain);
    context.define_custom_unit_v1("year", "years", "365 days", &plain);
    context.disable_rng();
    context
}

/// fend's result in the notation of the rest of sdcoach: `≈` for rounded, `/s` for a rate.
fn tidy(result: &str) -> String {
    let result = match result.strip_prefix("approx. ") {
        Some(rounded) => format!("≈ {rounded}"),
        None => result.to_string(),
    };
    match result.strip_suffix(" s^-1") {
        Some(number) => format!("{number}/s"),
        None => result,
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Number(String),
    Word(String),
    Space,
    Other(char),
}

fn pieces(expr: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut chars = expr.chars().peekable();
    while let Some(c) = chars.next() {
        let piece = if c.is_ascii_digit() || c == '.' {
            Piece::Number(take_while(c, &mut chars, |c| {
                c.is_ascii_digit() || matches!(c, '.' | ',')
            }))
        } else if c.is_alphabetic() || c == '_' {
            Piece::Word(take_while(c, &mut chars, |c| {
                c.is_alphanumeric() || c == '_'
            }))
        } else if c.is_whitespace() {
            Piece::Space
        } else {
            Piece::Other(c)
        };
        pieces.push(piece);
    }
    pieces
}

fn take_while(
    first: char,
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    accept: fn(char) -> bool,
) -> String {
    let mut text = String::from(first);
    while let Some(&c) = chars.peek().filter(|&&c| accept(c)) {
        text.push(c);
        chars.next();
    }
    text
}

/// Words that follow a number without being its unit.
const KEYWORDS: [&str; 6] = ["to", "in", "as", "per", "and", "of"];

fn normalise(expr: &str) -> Result<String, CalcError> {
    let pieces = pieces(expr);
    let mut out = String::new();
    let mut at = 0;
    while let Some(piece) = pieces.get(at) {
        at += 1;
        match piece {
            // An exponent stays bare: in `2^40 bytes` the unit belongs to the power.
            Piece::Number(number) if out.trim_end().ends_with('^') => {
                out.push_str(&number.replace(',', ""))
            }
            Piece::Number(number) => {
                let number = number.replace(',', "");
                let (text, consumed) = number_with_suffix(&number, &pieces[at..])?;
                out.push_str(&text);
                at += consumed;
            }
            Piece::Word(word) => out.push_str(&unit(word)?),
            Piece::Space => out.push(' '),
            Piece::Other(c) => out.push(*c),
        }
    }
    Ok(out)
}

/// Rewrites a number and the word or `%` after it; returns the text and how many pieces after
/// the number it used.
fn number_with_suffix(number: &str, rest: &[Piece]) -> Result<(String, usize), CalcError> {
    let spaces = rest.iter().take_while(|p| **p == Piece::Space).count();
    match rest.get(spaces) {
        Some(Piece::Other('%')) => Ok((format!("({number} / 100)"), spaces + 1)),
        Some(Piece::Word(word)) if !KEYWORDS.contains(&word.to_ascii_lowercase().as_str()) => {
            let text = match scale(word) {
                Some(factor) => format!("({number} * {factor})"),
                None => format!("({number} {})", unit(word)?),
            };
            Ok((text, spaces + 1))
        }
        _ => Ok((number.to_string(), 0)),
    }
}

fn scale(word: &str) -> Option<&'static str> {
    Some(match word.to_ascii_lowercase().as_str() {
        "k" | "thousand" => "1000",
        "m" | "mn" | "million" => "1000000",
        "b" | "bn" | "billion" => "1000000000",
        "t" | "trillion" => "1000000000000",
        _ => return None,
    })
}

const PREFIXES: [(char, &str); 6] = [
    ('k', "kilo"),
    ('m', "mega"),
    ('g', "giga"),
    ('t', "tera"),
    ('p', "peta"),
    ('e', "exa"),
];

/// Refuses `kb`-style units and spells out `kbit`-style ones, which fend does not know.
fn unit(word: &str) -> Result<String, CalcError> {
    let lower = word.to_ascii_lowercase();
    let mut chars = word.chars();
    let (Some(first), Some(second), None) = (chars.next(), chars.next(), chars.next()) else {
        return Ok(bits_spelled_out(&lower).unwrap_or_else(|| word.to_string()));
    };
    match prefix_name(first) {
        Some(name) if second == 'b' => Err(CalcError::Bits {
            word: word.to_string(),
            bytes: format!("{}B", first.to_ascii_uppercase()),
            name,
            bits: format!("{}bit", first.to_ascii_lowercase()),
        }),
        _ => Ok(word.to_string()),
    }
}

fn prefix_name(letter: char) -> Option<&'static str> {
    let letter = letter.to_ascii_lowercase();
    PREFIXES
        .iter()
        .find(|(prefix, _)| *prefix == letter)
        .map(|(_, name)| *name)
}

fn bits_spelled_out(lower: &str) -> Option<String> {
    let prefix = lower
        .strip_suffix("bits")
        .or_else(|| lower.strip_suffix("bit"))?;
    let mut letters = prefix.chars();
    let (Some(letter), None) = (letters.next(), letters.next()) else {
        return None;
    };
    prefix_name(letter).map(|name| format!("{name}bits"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exponent_takes_no_unit_and_rates_read_per_second() {
        let conventions = Conventions::default();
        assert_eq!(calc("2^40 bytes to TiB", &conventions).unwrap(), "1 TiB");
        assert_eq!(calc("2^10", &conventions).unwrap(), "1024");
        assert_eq!(
            calc("500M * 2 / day to 1/s", &conventions).unwrap(),
            "≈ 11574.074074075/s"
        );
    }
    use crate::quantity::Units;

    fn answer(expr: &str) -> String {
        calc(expr, &Conventions::default()).unwrap_or_else(|error| panic!("{expr}: {error}"))
    }

    #[test]
    fn interview_suffixes_are_numbers() {
        assert_eq!(answer("500M * 2 / day to 1/s"), "≈ 11574.074074075/s");
        assert_eq!(answer("5K"), "5000");
        assert_eq!(answer("2B + 2bn"), "4000000000");
        assert_eq!(answer("1.5 million * 3"), "4500000");
        assert_eq!(answer("1,000,000 / 4"), "250000");
        assert_eq!(answer("300M * 50%"), "150000000");
    }

    #[test]
    fn byte_units_and_bit_rates_convert() {
        assert_eq!(answer("10 Gbps to MB/s"), "1250 MB / s");
        assert_eq!(answer("1 TB / 1 KB"), "1000000000");
        assert_eq!(answer("1 KiB to bytes"), "1024 bytes");
        assert_eq!(answer("8 Mbit to bytes"), "1000000 bytes");
        assert_eq!(answer("10 MB/s * 1 day to GB"), "864 GB");
    }

    #[test]
    fn month_and_year_follow_the_conventions() {
        assert_eq!(answer("1 month to days"), "30 days");
        assert_eq!(answer("1 year to days"), "365 days");
        let short_month = Conventions {
            month_seconds: 2.5e6,
            units: Units::Decimal,
        };
        assert_eq!(
            calc("400/s * 1 month", &short_month),
            Ok("1000000000".to_string())
        );
    }

    #[test]
    fn lowercase_b_units_are_refused_with_a_suggestion() {
        let error = calc("5 kb to bytes", &Conventions::default()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "'kb': a lowercase b means bits; did you mean KB (kilobytes)? For bits write kbit"
        );
        assert!(matches!(
            calc("1 GB to mb", &Conventions::default()),
            Err(CalcError::Bits { .. })
        ));
    }

    #[test]
    fn invalid_and_runaway_expressions_fail_fast_with_a_reason() {
        let conventions = Conventions::default();
        assert_eq!(calc("  ", &conventions), Err(CalcError::Empty));
        assert!(matches!(
            calc("5 TB + 3", &conventions),
            Err(CalcError::Invalid { .. })
        ));
        let too_long = "1+".repeat(200);
        assert!(matches!(
            calc(&too_long, &conventions),
            Err(CalcError::TooLong { .. })
        ));
        // The second one came from the fuzzer (as a slow input, not a crash): a power of a
        // million followed by text fend cannot read.
        for expr in ["10^10^10^10", "50^M * \u{388} SVC1'c"] {
            let started = Instant::now();
            let runaway = calc(expr, &conventions).unwrap_err();
            assert!(
                started.elapsed() < Duration::from_secs(1),
                "{:?}",
                started.elapsed()
            );
            assert_eq!(
                runaway.to_string(),
                format!("'{expr}' took longer than 500 ms to calculate; try smaller numbers")
            );
        }
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        // Each case may run fend for up to the time limit, so fewer cases than usual.
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn no_input_panics(input in "\\PC{0,300}") {
            let _ = calc(&input, &Conventions::default());
        }

        #[test]
        fn no_calculator_like_input_panics(input in "[0-9 .,%^*/()+kKMBbnTGiB-]{0,40}( to [kMG]?B)?") {
            let _ = calc(&input, &Conventions::default());
        }
    }
}
