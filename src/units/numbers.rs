//! `sdcoach numbers`: the reference sheet an interviewee is expected to know. The facts live
//! in `procedures/reference/numbers.yaml`; time spans and downtimes are computed here.

use std::fmt::Write as _;

use serde::Deserialize;

use crate::units::quantity::{
    DEFAULT_MONTH_SECONDS, Dimension, Quantity, SECONDS_PER_DAY, SECONDS_PER_YEAR,
};

const SHEET: &str = include_str!("../../procedures/reference/numbers.yaml");

/// The built-in sheet is malformed: a defect in sdcoach, not something the user did.
#[derive(Debug, thiserror::Error)]
pub(crate) enum NumbersError {
    #[error("the built-in reference sheet is invalid: {0}")]
    Sheet(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Sheet {
    sources: Vec<String>,
    powers_of_two: Vec<Power>,
    latency_ns: Vec<Latency>,
    short_month_seconds: f64,
    availability_percent: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Power {
    power: u32,
    approximately: String,
    unit: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Latency {
    operation: String,
    low: f64,
    high: Option<f64>,
}

pub(crate) fn render() -> Result<String, NumbersError> {
    let sheet: Sheet =
        serde_yaml::from_str(SHEET).map_err(|e| NumbersError::Sheet(e.to_string()))?;
    let mut out = String::new();
    powers_of_two(&mut out, &sheet)?;
    latencies(&mut out, &sheet);
    time_spans(&mut out, &sheet);
    availability(&mut out, &sheet)?;
    out.push_str("\nSources\n");
    for source in &sheet.sources {
        let _ = writeln!(out, "  - {source}");
    }
    Ok(out)
}

fn powers_of_two(out: &mut String, sheet: &Sheet) -> Result<(), NumbersError> {
    out.push_str("Powers of two\n");
    for power in &sheet.powers_of_two {
        let exact = 1u64
            .checked_shl(power.power)
            .filter(|_| power.power < 64)
            .ok_or_else(|| {
                NumbersError::Sheet(format!("2^{} does not fit in 64 bits", power.power))
            })?;
        let binary = power.unit.replacen('B', "iB", 1);
        let _ = writeln!(
            out,
            "  2^{:<3} {:>25}  ~ 1 {:<12} 1 {} ~ 1 {}",
            power.power,
            grouped(exact),
            power.approximately,
            binary,
            power.unit
        );
    }
    Ok(())
}

fn latencies(out: &mut String, sheet: &Sheet) {
    out.push_str("\nLatency (orders of magnitude)\n");
    for latency in &sheet.latency_ns {
        let low = duration(latency.low * 1e-9);
        let span = match latency.high {
            Some(high) => format!("{low} - {}", duration(high * 1e-9)),
            None => format!("~{low}"),
        };
        let _ = writeln!(out, "  {:<40} {span}", latency.operation);
    }
}

fn time_spans(out: &mut String, sheet: &Sheet) {
    out.push_str("\nTime\n");
    let day = SECONDS_PER_DAY;
    let _ = writeln!(
        out,
        "  seconds per day     {} (~100,000 for mental math)",
        grouped_f64(day)
    );
    let _ = writeln!(
        out,
        "  seconds per month   {} (30 days) or {} (short convention, 1/s = {} a month)",
        grouped_f64(DEFAULT_MONTH_SECONDS),
        grouped_f64(sheet.short_month_seconds),
        Quantity::new(sheet.short_month_seconds, Dimension::Count)
    );
    let _ = writeln!(
        out,
        "  seconds per year    {} (365 days)",
        grouped_f64(SECONDS_PER_YEAR)
    );
}

fn availability(out: &mut String, sheet: &Sheet) -> Result<(), NumbersError> {
    out.push_str("\nAvailability: downtime allowed per year / month (30 days) / day\n");
    for nines in &sheet.availability_percent {
        let percent: f64 = nines.parse().map_err(|_| {
            NumbersError::Sheet(format!("availability '{nines}' is not a percentage"))
        })?;
        let down = 1.0 - percent / 100.0;
        let _ = writeln!(
            out,
            "  {:<8} {:>10} / {:>10} / {:>10}",
            format!("{nines} %"),
            duration(down * SECONDS_PER_YEAR),
            duration(down * DEFAULT_MONTH_SECONDS),
            duration(down * SECONDS_PER_DAY)
        );
    }
    Ok(())
}

fn duration(seconds: f64) -> String {
    Quantity::new(seconds, Dimension::Duration).to_string()
}

fn grouped_f64(value: f64) -> String {
    // The time spans are whole seconds far below 2^53, so the conversion is exact.
    grouped(value.round() as u64)
}

/// `1,048,576`: digits in groups of three, as people write large numbers.
fn grouped(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sheet_renders_every_section_with_computed_values() {
        let sheet = render().unwrap();
        assert!(
            sheet.contains("1,024  ~ 1 thousand     1 KiB ~ 1 KB"),
            "{sheet}"
        );
        assert!(sheet.contains("0.5 ns - 1 ns"), "{sheet}");
        assert!(
            sheet.contains("1,125,899,906,842,624  ~ 1 quadrillion"),
            "{sheet}"
        );
        assert!(sheet.contains("~100 ns"), "{sheet}");
        assert!(sheet.contains("16 µs - 150 µs"), "{sheet}");
        assert!(sheet.contains("86,400"), "{sheet}");
        assert!(
            sheet.contains("2,592,000 (30 days) or 2,500,000"),
            "{sheet}"
        );
        assert!(sheet.contains("31,536,000 (365 days)"), "{sheet}");
        assert!(
            sheet.contains("99.9 %       8.76 h /   43.2 min /   1.44 min"),
            "{sheet}"
        );
        assert!(sheet.contains("99.999 %   5.26 min"), "{sheet}");
        assert!(sheet.contains("Jeff Dean"), "{sheet}");
    }
}
