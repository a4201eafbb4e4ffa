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
use crate::quantity::{self, Conventions, Dimension};

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

/// Evaluates `expr` and returns the answer, `≈` marking a rounded one.
pub fn calc(expr: &str, conventions: &Conventions) -> Result<String, CalcError> {
    let len = expr.chars().count();
    if len > MAX_INPUT_CHARS {
        return Err(CalcError::TooLong { len });
    }
    if expr.trim().is_empty() {
        return Err(CalcError::Empty);
    }
    let pieces = pieces(expr);
    let rewritten = normalise(&pieces)?;
    let mut context = context(conventions);
    let deadline = Deadline(Instant::now() + TIME_LIMIT);
    match fend_core::evaluate_with_interrupt(&rewritten, &mut context, &deadline) {
        Ok(result) => {
            let exact = tidy(result.get_main_result());
            Ok(present(&exact, conventions, converts(&pieces)))
        }
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

/// fend's result in the notation of the rest of sdcoach: `≈` for rounded, `/s` or `/day` for
/// a rate.
fn tidy(result: &str) -> String {
    let result = match result.strip_prefix("approx. ") {
        Some(rounded) => format!("≈ {rounded}"),
        None => result.to_string(),
    };
    match result.strip_suffix("^-1").and_then(|r| r.rsplit_once(' ')) {
        Some((number, unit)) if unit.chars().all(char::is_alphabetic) => {
            format!("{number}/{unit}")
        }
        _ => result,
    }
}

/// The kinds of value sdcoach displays itself, tried in this order: a plain number is only a
/// count once it is none of the others.
const DISPLAYED: [Dimension; 5] = [
    Dimension::Size,
    Dimension::Bandwidth,
    Dimension::Duration,
    Dimension::Rate,
    Dimension::Count,
];

/// fend's answer led by the three-figure display used everywhere else in sdcoach
/// (`11.6 K/s (≈ 11574.074074075/s)`), when the value is of a kind sdcoach displays and
/// reads differently there; `keep_unit` keeps the unit the user asked for. Small whole
/// numbers read best as they are. A number too long to read (`2 ** 99999` has 30,103
/// digits) is led by its three figures and shown in scientific notation.
fn present(exact: &str, conventions: &Conventions, keep_unit: bool) -> String {
    let value = exact.strip_prefix("≈ ").unwrap_or(exact);
    let long = long_number(value);
    let readable = (!keep_unit)
        .then(|| readable(value, conventions))
        .flatten()
        .or_else(|| long.map(|(number, unit)| format!("{}{unit}", scientific(number, 3).0)));
    let exact = match long {
        Some((number, unit)) => {
            let (shown, whole) = scientific(number, EXACT_FIGURES);
            let approx = if whole && value == exact { "" } else { "≈ " };
            format!("{approx}{shown}{unit}")
        }
        None => exact.to_string(),
    };
    let bare = |text: &str| text.trim_start_matches("≈ ").replace(' ', "");
    match readable {
        Some(readable) if bare(&readable) != bare(&exact) => format!("{readable} ({exact})"),
        _ => exact,
    }
}

/// The value in sdcoach's own display, when it is of a kind sdcoach displays.
fn readable(value: &str, conventions: &Conventions) -> Option<String> {
    DISPLAYED
        .iter()
        .find_map(|&dimension| quantity::parse_with(value, dimension, conventions).ok())
        .filter(|q| {
            !(q.dimension == Dimension::Count && q.value.fract() == 0.0 && q.value.abs() < 1e4)
        })
        .map(|q| q.display(conventions.units).to_string())
}

/// The most digits of a number shown as they are; a longer number is shown with
/// `EXACT_FIGURES` significant figures, as fend shows a rounded one.
const MAX_DIGITS: usize = 20;
const EXACT_FIGURES: usize = 13;

/// The leading number of `value` and what follows it (its unit), when the number has more
/// than `MAX_DIGITS` digits.
fn long_number(value: &str) -> Option<(&str, &str)> {
    let end = value
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .unwrap_or(value.len());
    let (number, unit) = value.split_at(end);
    let digits = number.chars().filter(char::is_ascii_digit).count();
    let nonzero = number.chars().any(|c| matches!(c, '1'..='9'));
    (digits > MAX_DIGITS && nonzero).then_some((number, unit))
}

/// `number` (digits with an optional sign and point) in scientific notation with at most
/// `figures` significant figures, read from its text since it may be beyond any float;
/// and whether those figures are all of it.
fn scientific(number: &str, figures: usize) -> (String, bool) {
    let (sign, body) = match number.strip_prefix('-') {
        Some(body) => ("-", body),
        None => ("", number),
    };
    let integer_digits = body.find('.').unwrap_or(body.len());
    let digits: Vec<char> = body.chars().filter(char::is_ascii_digit).collect();
    let first = digits.iter().position(|&c| c != '0').unwrap_or(0);
    let significant = &digits[first..];
    // Seventeen figures are all a float holds; rounding them to fewer is then exact enough.
    let mantissa: f64 = format!(
        "{}.{}",
        significant[0],
        significant[1..].iter().take(16).collect::<String>()
    )
    .parse()
    .unwrap_or(0.0);
    let rounded = format!("{:.*e}", figures.saturating_sub(1), mantissa);
    let (figures_text, carry) = rounded.split_once('e').unwrap_or((&rounded, "0"));
    let exponent = integer_digits as i64 - 1 - first as i64 + carry.parse::<i64>().unwrap_or(0);
    let digits: String = figures_text.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_end_matches('0');
    let whole = significant.iter().skip(figures).all(|&c| c == '0');
    (
        format!("{sign}{}", notation(digits, exponent, figures)),
        whole,
    )
}

/// `digits` (the first one before the point) times ten to `exponent`: written out, as fend
/// writes numbers, when that takes no more zeros than the figures give; else `1.23e45`.
fn notation(digits: &str, exponent: i64, figures: usize) -> String {
    let digits = if digits.is_empty() { "0" } else { digits };
    match usize::try_from(exponent) {
        Ok(point) if point < figures => {
            let padded = format!("{digits:0<width$}", width = point + 1);
            let (integer, fraction) = padded.split_at(point + 1);
            match fraction {
                "" => integer.to_string(),
                _ => format!("{integer}.{fraction}"),
            }
        }
        Err(_) if exponent >= -4 => {
            let zeros = "0".repeat(exponent.unsigned_abs() as usize - 1);
            format!("0.{zeros}{digits}")
        }
        _ => match digits.split_at(1) {
            (first, "") => format!("{first}e{exponent}"),
            (first, rest) => format!("{first}.{rest}e{exponent}"),
        },
    }
}

/// Whether the expression names the unit of its answer (`... to MB/s`), which is then kept.
fn converts(pieces: &[Piece]) -> bool {
    pieces.iter().any(|piece| {
        matches!(piece, Piece::Word(word) if CONVERSIONS.contains(&word.to_ascii_lowercase().as_str()))
    })
}

#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Number(String),
    Word(String),
    Space,
    Other(char),
}

fn pieces(expr: &str) -> Vec<Piece> {
    let chars: Vec<char> = expr.chars().collect();
    let mut pieces = Vec::new();
    let mut at = 0;
    while let Some(&c) = chars.get(at) {
        let start = at;
        at += 1;
        let piece = if c.is_ascii_digit() || c == '.' {
            at = run_end(&chars, at, |c| c.is_ascii_digit() || matches!(c, '.' | ','));
            at = exponent_end(&chars, at);
            Piece::Number(chars[start..at].iter().collect())
        } else if c.is_alphabetic() || c == '_' {
            at = run_end(&chars, at, |c| c.is_alphanumeric() || c == '_');
            Piece::Word(chars[start..at].iter().collect())
        } else if c.is_whitespace() {
            Piece::Space
        } else {
            Piece::Other(c)
        };
        pieces.push(piece);
    }
    pieces
}

/// Where the run of characters that `accept` takes, starting at `at`, ends.
fn run_end(chars: &[char], at: usize, accept: fn(char) -> bool) -> usize {
    at + chars[at..].iter().take_while(|&&c| accept(c)).count()
}

/// The end of a number's exponent (`e9`, `E-3`) if one starts at `at`, so that `2e9` stays
/// one number instead of a number and a unit `e9`.
fn exponent_end(chars: &[char], at: usize) -> usize {
    if !matches!(chars.get(at), Some('e' | 'E')) {
        return at;
    }
    let sign = usize::from(matches!(chars.get(at + 1), Some('+' | '-')));
    let digits = at + 1 + sign;
    if chars.get(digits).is_some_and(char::is_ascii_digit) {
        run_end(chars, digits, |c| c.is_ascii_digit())
    } else {
        at
    }
}

/// Words that follow a number without being its unit.
const KEYWORDS: [&str; 6] = ["to", "in", "as", "per", "and", "of"];
/// The keywords that name the unit of the answer.
const CONVERSIONS: &[&str] = KEYWORDS.split_at(3).0;

fn normalise(pieces: &[Piece]) -> Result<String, CalcError> {
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
        assert_eq!(answer("2B + 2bn"), "4 bn (4000000000)");
        assert_eq!(answer("1.5 million * 3"), "4.5 M (4500000)");
        assert_eq!(answer("1,000,000 / 4"), "250 K (250000)");
        assert_eq!(answer("300M * 50%"), "150 M (150000000)");
    }

    #[test]
    fn answers_lead_with_three_figures_unless_a_unit_was_asked_for() {
        assert_eq!(answer("1e9 / 86400"), "11.6 K (≈ 11574.074074075)");
        assert_eq!(answer("2.5e6 s to days"), "≈ 28.9351851852 days");
        assert_eq!(answer("500M * 2 / day"), "11.6 K/s (1000000000/day)");
        assert_eq!(answer("100M * 2 KB"), "200 GB (200000000 kB)");
        assert_eq!(answer("1 GB / (1 MB/s)"), "16.7 min (1000 s)");
        assert_eq!(answer("10 / 3"), "3.33 (≈ 3.3333333333)");
        assert_eq!(answer("2^10"), "1024");
        let binary = Conventions {
            units: Units::Binary,
            ..Conventions::default()
        };
        assert_eq!(
            calc("1024 MiB * 3", &binary),
            Ok("3 GiB (3072 MiB)".to_string())
        );
    }

    #[test]
    fn a_number_too_long_to_read_is_led_by_three_figures_and_shown_in_scientific_notation() {
        assert_eq!(answer("1e308 * 10"), "1e309");
        // Far past 20 digits, yet quick to compute within the time limit on a loaded machine.
        assert_eq!(answer("2 ** 9999"), "9.98e3009 (≈ 9.975315584404e3009)");
        assert_eq!(answer("2^200"), "1.61e48 T (≈ 1.606938044259e60)");
        assert_eq!(answer("1e-300"), "1e-300");
        assert_eq!(answer("1e30/7"), "1.43e17 T (≈ 1.428571428571e29)");
        assert_eq!(
            answer("2^9999 bytes to MB"),
            "9.98e3003 MB (≈ 9.975315584404e3003 MB)"
        );
        assert!(answer("2 ** 9999").len() < 60);
        assert_eq!(answer("1 - 2^-100"), "≈ 1");
        assert_eq!(answer("100/7 + 2^-80"), "14.3 (≈ 14.2857142857)");
        assert_eq!(answer("2^-100"), "7.89e-31 (≈ 7.88860905221e-31)");
        assert_eq!(answer("0 - 2^100"), "-1.27e18 T (≈ -1.267650600228e30)");
    }

    #[test]
    fn byte_units_and_bit_rates_convert() {
        assert_eq!(answer("10 Gbps to MB/s"), "1250 MB / s");
        assert_eq!(answer("1 TB / 1 KB"), "1 bn (1000000000)");
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
            Ok("1 bn (1000000000)".to_string())
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
        // million followed by text fend cannot read. Which of its two faults is reported
        // first depends on how far fend gets in its time, so either reason will do.
        for (expr, reasons) in [
            ("10^10^10^10", &["took longer than 500 ms"][..]),
            (
                "50^M * \u{388} SVC1'c",
                &["took longer than 500 ms", "unknown identifier"][..],
            ),
        ] {
            let started = Instant::now();
            let runaway = calc(expr, &conventions).unwrap_err().to_string();
            assert!(
                started.elapsed() < Duration::from_secs(1),
                "{:?}",
                started.elapsed()
            );
            assert!(
                reasons.iter().any(|reason| runaway.contains(reason)),
                "{runaway}"
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
