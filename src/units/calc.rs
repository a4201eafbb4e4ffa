//! A unit-aware calculator (`sdcoach calc`, `:calc` at prompts) that reads the grammar and
//! the unit table typed answers and formulas use (`expr` and `quantity`), so `B` means bytes
//! here as in a size answer, `bn` is a billion, `MBps` is megabytes and `Mbps` megabits per
//! second, and `month` is the month of the conventions.
//!
//! The calculator once rewrote its input for fend-core and read fend's answer back. That made
//! a third vocabulary, with `B` as a billion and `MBps` as megabits, beside the two of answers
//! and formulas. Our own evaluator now does all of it: an expression is at most 256
//! characters and a float computes it at once, so there is no time limit to enforce either.
//! What fend had beyond that, numbers past 10^308 and exact fractions, an estimate does not
//! need.
//!
//! Every answer leads with three significant figures, as figures do everywhere in sdcoach;
//! the exact value follows in parentheses when the figures rounded it, and a result computed
//! from bits is also shown in bits.

use crate::units::expr::{self, DimensionClash, Dims, Op, Token, Value};
use crate::units::quantity::{self, Conventions, Dimension, Problem, Quantity, Vocabulary};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalcError {
    #[error("nothing to calculate; give an expression such as \"500M * 2 / day to 1/s\"")]
    Empty,
    #[error(
        "the expression is {len} characters long; at most {} are accepted",
        expr::MAX_INPUT_CHARS
    )]
    TooLong { len: usize },
    #[error("could not calculate '{expr}': {problem}")]
    Invalid { expr: String, problem: Problem },
    #[error(
        "could not calculate '{expr}': after 'to', 'in' or 'as' comes a unit, such as MB/s, GB, days or 1/s"
    )]
    NoUnit { expr: String },
}

/// Evaluates `expr` and returns the answer: three figures, then what they leave out.
pub fn calc(expr: &str, conventions: &Conventions) -> Result<String, CalcError> {
    let len = expr.chars().count();
    if len > expr::MAX_INPUT_CHARS {
        return Err(CalcError::TooLong { len });
    }
    if expr.trim().is_empty() {
        return Err(CalcError::Empty);
    }
    let invalid = |problem: Problem| CalcError::Invalid {
        expr: expr.to_string(),
        problem,
    };
    let tokens = quantity::tokens(expr).map_err(|error| invalid(error.into()))?;
    let vocabulary = Vocabulary::units(conventions);
    let (value_tokens, unit_tokens) = expr::split_conversion(&tokens);
    let value = evaluate(value_tokens, &vocabulary).map_err(invalid)?;
    match unit_tokens {
        Some(unit_tokens) => converted(expr, value, unit_tokens, &vocabulary),
        None => Ok(answer(value, conventions, quantity::uses_bits(&tokens))),
    }
}

fn evaluate(tokens: &[Token], vocabulary: &Vocabulary) -> Result<Value, Problem> {
    quantity::evaluate(&expr::parse(tokens)?, vocabulary)
}

/// The value in sdcoach's display (`347 KB/s`), then its exact value in base units and, for
/// input in bits, the value in bits.
fn answer(value: Value, conventions: &Conventions, bits: bool) -> String {
    let Some(dimension) = Dimension::from_dims(value.dims, Dimension::Count) else {
        return in_base_units(value);
    };
    let quantity = Quantity::new(value.number, dimension);
    let shown = quantity.display_with(conventions).to_string();
    let mut notes = Vec::new();
    if !reads_back_as(&shown, quantity, conventions) {
        notes.push(exact(value.number, &base_unit(value.dims)));
    }
    if bits && matches!(dimension, Dimension::Size | Dimension::Bandwidth) {
        let per_second = dimension == Dimension::Bandwidth;
        notes.push(quantity::in_bits(value.number, per_second));
    }
    with_notes(shown, &notes)
}

/// A value of dimensions sdcoach has no display for (`5 KB * 3 s`), in bytes and seconds.
fn in_base_units(value: Value) -> String {
    in_figures(value.number, &base_unit(value.dims))
}

/// `number` in three figures followed by `unit`, then its exact value when they rounded it.
fn in_figures(number: f64, unit: &str) -> String {
    let figures = quantity::significant(number);
    let notes = if is_exact(&figures, number) {
        Vec::new()
    } else {
        vec![exact(number, unit)]
    };
    with_notes(format!("{figures}{unit}"), &notes)
}

fn reads_back_as(shown: &str, quantity: Quantity, conventions: &Conventions) -> bool {
    quantity::parse_with(shown, quantity.dimension, conventions)
        .is_ok_and(|back| same_number(back.value, quantity.value))
}

/// Equal but for the last bits of a float, which no display shows.
fn same_number(a: f64, b: f64) -> bool {
    (a - b).abs() <= a.abs().max(b.abs()) * 1e-12
}

fn is_exact(text: &str, value: f64) -> bool {
    text.parse::<f64>()
        .is_ok_and(|read| same_number(read, value))
}

/// `1099511627776 B`, or `≈ 11574.0740740741/s` when fifteen figures still round it.
fn exact(number: f64, unit: &str) -> String {
    let (text, rounded) = quantity::precise(number);
    let approximately = if rounded { "≈ " } else { "" };
    format!("{approximately}{text}{unit}")
}

fn with_notes(shown: String, notes: &[String]) -> String {
    if notes.is_empty() {
        shown
    } else {
        format!("{shown} ({})", notes.join(", "))
    }
}

/// The base unit of these dimensions as it follows a number: ``, ` B`, `/s`, ` B/s`,
/// ` B^2`, ` B·s`.
fn base_unit(dims: Dims) -> String {
    let factors = |sign: i16| {
        let factor = |name: &str, power: i16| match power.saturating_mul(sign) {
            1 => Some(name.to_string()),
            power if power > 1 => Some(format!("{name}^{power}")),
            _ => None,
        };
        [factor("B", dims.bytes), factor("s", dims.seconds)]
            .into_iter()
            .flatten()
            .collect::<Vec<String>>()
    };
    let (above, below) = (factors(1), factors(-1));
    let below = match below.len() {
        0 => String::new(),
        1 => format!("/{}", below[0]),
        _ => format!("/({})", below.join("·")),
    };
    if above.is_empty() {
        below
    } else {
        format!(" {}{below}", above.join("·"))
    }
}

/// `expression to unit`: the value as a number of that unit, written as the user wrote it.
fn converted(
    expr: &str,
    value: Value,
    unit_tokens: &[Token],
    vocabulary: &Vocabulary,
) -> Result<String, CalcError> {
    let no_unit = || CalcError::NoUnit {
        expr: expr.to_string(),
    };
    let unit_tokens = unit_of_one(unit_tokens).ok_or_else(no_unit)?;
    let invalid = |problem: Problem| CalcError::Invalid {
        expr: expr.to_string(),
        problem,
    };
    let unit = evaluate(&unit_tokens, vocabulary).map_err(invalid)?;
    if unit.dims != value.dims {
        return Err(invalid(Problem::Clash(DimensionClash::Conversion {
            from: value.dims.describe(),
            to: unit.dims.describe(),
        })));
    }
    let number = value.number / unit.number;
    if !number.is_finite() {
        return Err(invalid(Problem::NotFinite));
    }
    Ok(in_figures(number, &unit_name(&unit_tokens)))
}

/// The tokens of a conversion's unit, with the `1` of `per second` or `/s` made explicit;
/// `None` when there is no unit or it starts with another number (`to 1000/s`).
fn unit_of_one(tokens: &[Token]) -> Option<Vec<Token>> {
    match tokens {
        [] => None,
        [Token::Op(Op::Div), ..] => Some([&[Token::Number(1.0)], tokens].concat()),
        [Token::Number(one), Token::Op(Op::Div), ..] if *one == 1.0 => Some(tokens.to_vec()),
        [Token::Number(_), ..] => None,
        _ => Some(tokens.to_vec()),
    }
}

/// The unit as it follows a number: ` MB/s`, ` days`, `/s` for `1/s`.
fn unit_name(tokens: &[Token]) -> String {
    let mut name = String::new();
    let mut after_term = false;
    for token in tokens {
        let term = matches!(token, Token::Word(_) | Token::Number(_));
        if term && after_term {
            name.push(' ');
        }
        name.push_str(&match token {
            Token::Op(Op::Div) => "/".to_string(),
            Token::Op(Op::Mul) => "·".to_string(),
            other => other.to_string(),
        });
        after_term = term;
    }
    match name.strip_prefix("1/") {
        Some(per) => format!("/{per}"),
        None => format!(" {name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::quantity::Units;

    fn answer(expr: &str) -> String {
        calc(expr, &Conventions::default()).unwrap_or_else(|error| panic!("{expr}: {error}"))
    }

    fn error(expr: &str) -> String {
        match calc(expr, &Conventions::default()) {
            Ok(answer) => panic!("{expr} gave {answer}"),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn b_is_bytes_as_in_every_size_answer() {
        assert_eq!(answer("300 B"), "300 B");
        assert_eq!(answer("140 B + 64 B"), "204 B");
        assert_eq!(answer("100M * 300 B"), "30 GB");
        assert_eq!(
            answer("100M * 300 B / day"),
            "347 KB/s (≈ 347222.222222222 B/s)"
        );
        assert_eq!(answer("1 TB / 1 KB"), "1 bn");
    }

    #[test]
    fn bytes_and_bits_are_told_apart_by_the_case_of_the_b() {
        assert_eq!(answer("10 MBps"), "10 MB/s");
        assert_eq!(answer("10 MB/s"), "10 MB/s");
        assert_eq!(answer("10 Mbps"), "1.25 MB/s (10 Mbit/s)");
        assert_eq!(answer("10 Mb/s"), "1.25 MB/s (10 Mbit/s)");
        assert_eq!(answer("8 Mbit"), "1 MB (8 Mbit)");
        assert_eq!(answer("10 Gbps to MB/s"), "1250 MB/s");
        assert_eq!(answer("1 Mbps to MB/s"), "0.125 MB/s");
    }

    #[test]
    fn counts_take_the_interview_suffixes() {
        assert_eq!(answer("5K"), "5 K");
        assert_eq!(answer("2bn + 1 billion"), "3 bn");
        assert_eq!(answer("1.5 million * 3"), "4.5 M");
        assert_eq!(answer("1,000,000 / 4"), "250 K");
        assert_eq!(answer("300M * 50%"), "150 M");
        assert_eq!(answer("3T / 1000"), "3 bn");
        assert_eq!(answer("1e9 / 86400"), "11.6 K (≈ 11574.0740740741)");
        assert_eq!(answer("10 / 3"), "3.33 (≈ 3.33333333333333)");
        assert_eq!(answer("2 + 2"), "4");
    }

    #[test]
    fn rates_and_durations_are_shown_in_a_fitting_unit() {
        assert_eq!(answer("500M * 2 / day"), "11.6 K/s (≈ 11574.0740740741/s)");
        assert_eq!(answer("3 per month"), "3/month");
        assert_eq!(answer("1 GB / (1 MB/s)"), "16.7 min (1000 s)");
        assert_eq!(
            answer("2 per user per day * 200M"),
            "4.63 K/s (≈ 4629.62962962963/s)"
        );
        assert_eq!(
            answer("2 per user per day * 1M"),
            "23.1/s (≈ 23.1481481481481/s)"
        );
    }

    #[test]
    fn conversions_keep_the_unit_asked_for() {
        assert_eq!(answer("500M / day to 1/s"), "5790/s (≈ 5787.03703703704/s)");
        assert_eq!(
            answer("500M / day to per second"),
            answer("500M / day in /second")
        );
        assert_eq!(
            answer("2.5e6 s to days"),
            "28.9 days (≈ 28.9351851851852 days)"
        );
        assert_eq!(answer("1 KiB to bytes"), "1020 bytes (1024 bytes)");
        assert_eq!(answer("10 MB/s * 1 day to GB"), "864 GB");
        assert_eq!(answer("1 month to days"), "30 days");
        assert_eq!(answer("1 year as days"), "365 days");
        assert_eq!(answer("1e6 to K"), "1000 K");
    }

    #[test]
    fn powers_bind_to_the_number_before_them() {
        assert_eq!(answer("2^10"), "1.02 K (1024)");
        assert_eq!(answer("2 ** 10"), "1.02 K (1024)");
        assert_eq!(answer("2^40 B to TB"), "1.1 TB (1.099511627776 TB)");
        assert_eq!(answer("2^40 B"), "1.1 TB (1099511627776 B)");
        assert_eq!(answer("2^40 bytes to TiB"), "1 TiB");
        assert_eq!(answer("2^-10"), "9.77e-4 (0.0009765625)");
        assert_eq!(answer("2^200"), "1.61e48 T (≈ 1.60693804425899e60)");
        assert_eq!(answer("5 KB * 3 s"), "15000 B·s");
        assert_eq!(answer("1 / (2 KB)^2"), "2.5e-7/B^2");
        // Dimensions saturate rather than overflow.
        let far_beyond = "1 / ((KB^100)^100)^100";
        assert_eq!(answer(&format!("{far_beyond} * {far_beyond}")), "0/B^32767");
    }

    #[test]
    fn month_and_year_follow_the_conventions() {
        let short_month = Conventions {
            month_seconds: 2.5e6,
            units: Units::Decimal,
        };
        assert_eq!(
            calc("400/s * 1 month", &short_month),
            Ok("1 bn".to_string())
        );
        assert_eq!(
            calc("1 month to days", &short_month),
            Ok("28.9 days (≈ 28.9351851851852 days)".to_string())
        );
        let binary = Conventions {
            units: Units::Binary,
            ..Conventions::default()
        };
        assert_eq!(calc("1024 MiB * 3", &binary), Ok("3 GiB".to_string()));
        assert_eq!(
            calc("1 GB", &binary),
            Ok("954 MiB (1000000000 B)".to_string())
        );
    }

    #[test]
    fn mistakes_are_explained() {
        assert_eq!(
            error("5 kb to bytes"),
            "could not calculate '5 kb to bytes': 'kb' has a lowercase b, which means bits; \
             did you mean KB (kilobytes)? (write kbit for bits)"
        );
        assert!(error("1 GB to mb").contains("did you mean MB (megabytes)?"));
        assert!(error("5 b").contains("did you mean B (bytes) or bn (billion)?"));
        assert_eq!(
            error("1 GB + 1 s"),
            "could not calculate '1 GB + 1 s': cannot add a size and a duration"
        );
        assert_eq!(
            error("1 GB to MB/s"),
            "could not calculate '1 GB to MB/s': cannot convert a size to a bandwidth"
        );
        assert!(error("3 secnds").contains("unknown word 'secnds'; expected a unit such as"));
        assert!(error("3 secnds").contains("did you mean seconds?"));
        assert!(error("1 +").starts_with("could not calculate '1 +': the expression ended early"));
        assert!(error("1 GB to").contains("after 'to', 'in' or 'as' comes a unit"));
        assert!(error("1 GB to 1000 MB").contains("after 'to', 'in' or 'as' comes a unit"));
        assert!(error("1/0").contains("not a finite number"));
        assert!(error("10^10^10^10").contains("not a finite number"));
        assert_eq!(calc("  ", &Conventions::default()), Err(CalcError::Empty));
        assert_eq!(
            error(&"1+".repeat(200)),
            "the expression is 400 characters long; at most 256 are accepted"
        );
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn value_of(expr: &str) -> Result<Value, TestCaseError> {
        let tokens = quantity::tokens(expr).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let conventions = Conventions::default();
        evaluate(&tokens, &Vocabulary::units(&conventions))
            .map_err(|e| TestCaseError::fail(format!("{expr}: {e}")))
    }

    proptest! {
        #[test]
        fn no_input_panics(input in "\\PC{0,300}") {
            let _ = calc(&input, &Conventions::default());
        }

        #[test]
        fn no_calculator_like_input_panics(input in "[0-9 .,%^*/()+kKMBbnTGiBps-]{0,40}( to [kMG]?B(/s)?)?") {
            let _ = calc(&input, &Conventions::default());
        }

        #[test]
        fn the_leading_figure_reads_back_within_rounding(
            mantissa in 1.0f64..10.0,
            exponent in -6i32..18,
            unit in prop_oneof![
                Just(""), Just("B"), Just("KiB"), Just("Mbit"), Just("s"), Just("/day"),
                Just("/month"), Just("MB/s"), Just("Gbps"), Just("B/year"),
            ],
        ) {
            let expr = format!("{mantissa}e{exponent} {unit}");
            let shown = calc(&expr, &Conventions::default())
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let leading = shown.split(" (").next().unwrap_or_default();
            let (wanted, back) = (value_of(&expr)?, value_of(leading)?);
            prop_assert_eq!(wanted.dims, back.dims);
            prop_assert!(
                (back.number - wanted.number).abs() <= wanted.number.abs() * 5e-3,
                "{} -> {} -> {}", expr, shown, back.number
            );
        }
    }
}
