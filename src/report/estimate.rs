//! `sdcoach estimate`: the standard back-of-the-envelope figures from a few inputs, each shown
//! with its formula. The figures are those of the procedure's estimation step, evaluated by
//! the same code as in the interview.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::content::procedure::{Prompt, Step};
use crate::units::figures::{self, Outcome};
use crate::units::formula::FormulaError;
use crate::units::quantity::{
    Amount, Conventions, Dimension, MonthSeconds, Quantity, QuantityError, Units,
};

/// Options of `sdcoach estimate`. Each value is read with the answer grammar as the command
/// line is parsed, so that a bad value is refused with its option and what was expected; it
/// is valued under the conventions once `--month-seconds` is known.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct EstimateArgs {
    /// Daily active users (e.g. 200M); use with the per-user rates
    #[arg(long, value_parser = Amount::parser(Dimension::Count), value_name = "N", conflicts_with_all = ["writes", "reads"])]
    pub dau: Option<Amount>,
    /// Writes per user (e.g. "2/day" or "2 per user per day")
    #[arg(long, value_parser = Amount::parser(Dimension::Rate), value_name = "RATE", requires = "dau")]
    pub writes_per_user: Option<Amount>,
    /// Reads per user (e.g. 100/day)
    #[arg(long, value_parser = Amount::parser(Dimension::Rate), value_name = "RATE", requires = "dau")]
    pub reads_per_user: Option<Amount>,
    /// System-wide write rate (e.g. 10M/month or 1.2K/s)
    #[arg(long, value_parser = Amount::parser(Dimension::Rate), value_name = "RATE")]
    pub writes: Option<Amount>,
    /// System-wide read rate
    #[arg(long, value_parser = Amount::parser(Dimension::Rate), value_name = "RATE")]
    pub reads: Option<Amount>,
    /// Reads per write (e.g. 100 or 100:1), when reads are not given
    #[arg(long, value_parser = Amount::parser(Dimension::Ratio), value_name = "N")]
    pub read_ratio: Option<Amount>,
    /// Size of one written record (e.g. 300 B or 1.5 KB)
    #[arg(long, required = true, value_parser = Amount::parser(Dimension::Size), value_name = "SIZE")]
    pub size: Option<Amount>,
    /// How long records are kept (e.g. 5 years) [default: the procedure's]
    #[arg(long, value_parser = Amount::parser(Dimension::Duration), value_name = "DURATION")]
    pub retention: Option<Amount>,
    /// Peak traffic as a multiple of the average [default: the procedure's]
    #[arg(long, value_parser = Amount::parser(Dimension::Count), value_name = "F")]
    pub peak_factor: Option<Amount>,
    /// Copies of every record [default: the procedure's]
    #[arg(long, value_parser = Amount::parser(Dimension::Count), value_name = "N")]
    pub replication: Option<Amount>,
    /// Share of a day's reads to keep in cache [default: the procedure's]
    #[arg(long, value_parser = Amount::parser(Dimension::Ratio), value_name = "P")]
    pub cache_fraction: Option<Amount>,
    /// Seconds in a month [default: 2592000, 30 days; some guides use 2.5M]
    #[arg(long, value_name = "N")]
    pub month_seconds: Option<MonthSeconds>,
    /// Show sizes in binary units (KiB, MiB, …); JSON numbers are unaffected
    #[arg(long)]
    pub binary: bool,
    /// Print one JSON object with every figure in base units (bytes, seconds)
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum EstimateError {
    #[error("{option}: {source}")]
    BadValue {
        option: String,
        source: Box<QuantityError>,
    },
    #[error("{option}: {reason}")]
    OutOfRange { option: String, reason: String },
    #[error(
        "no traffic given; expected --writes RATE, --reads RATE, or --dau N with --writes-per-user RATE"
    )]
    NoTraffic,
    #[error("the built-in estimate figures are invalid: {0}")]
    Procedure(String),
    #[error("the built-in estimate figures are invalid: {0}")]
    Formula(#[from] FormulaError),
}

impl EstimateError {
    /// True when the user's options caused the error (exit code 2), false for a defect.
    pub(crate) fn blames_user(&self) -> bool {
        matches!(
            self,
            EstimateError::BadValue { .. }
                | EstimateError::OutOfRange { .. }
                | EstimateError::NoTraffic
        )
    }
}

/// Computes every figure of `step` and returns the table (or JSON) to print.
pub fn run(args: &EstimateArgs, step: &Step) -> Result<String, EstimateError> {
    let conventions = conventions(args)?;
    let inputs = read_inputs(step, args, &conventions)?;
    let quantities = inputs
        .iter()
        .map(|(id, input)| (id.clone(), input.quantity));
    let outcomes = figures::compute(&step.figures, quantities.collect(), &conventions);
    let has_traffic = ["write_qps", "read_qps"]
        .iter()
        .any(|id| outcomes.get(*id).and_then(Outcome::quantity).is_some());
    if !has_traffic {
        return Err(EstimateError::NoTraffic);
    }
    if args.json {
        json(step, &outcomes, &conventions)
    } else {
        Ok(table(step, &inputs, &outcomes, &conventions))
    }
}

fn conventions(args: &EstimateArgs) -> Result<Conventions, EstimateError> {
    let units = if args.binary {
        Units::Binary
    } else {
        Units::Decimal
    };
    Ok(Conventions {
        units,
        ..Conventions::with_month(args.month_seconds)
    })
}

fn bad_value(option: &str) -> impl FnOnce(QuantityError) -> EstimateError {
    let option = option.to_string();
    move |source| EstimateError::BadValue {
        option,
        source: Box::new(source),
    }
}

/// The step's quantities that an option gives, each with its option (`--size`).
fn optioned(step: &Step) -> impl Iterator<Item = (String, &Prompt)> {
    let prompts = step.prompts.iter();
    prompts.filter_map(|prompt| Some((format!("--{}", prompt.option.as_ref()?), prompt)))
}

/// The value of `option`, if it was given.
fn given<'a>(args: &'a EstimateArgs, option: &str) -> Result<Option<&'a Amount>, EstimateError> {
    let value = match option {
        "--dau" => &args.dau,
        "--writes-per-user" => &args.writes_per_user,
        "--reads-per-user" => &args.reads_per_user,
        "--writes" => &args.writes,
        "--reads" => &args.reads,
        "--read-ratio" => &args.read_ratio,
        "--size" => &args.size,
        "--retention" => &args.retention,
        "--peak-factor" => &args.peak_factor,
        "--replication" => &args.replication,
        "--cache-fraction" => &args.cache_fraction,
        _ => {
            return Err(EstimateError::Procedure(format!(
                "the estimation step names option {option}, which `sdcoach estimate` does not have"
            )));
        }
    };
    Ok(value.as_ref())
}

/// An input of the estimate, and whether it is the procedure's default.
#[derive(Debug, Clone, Copy)]
struct Input {
    quantity: Quantity,
    defaulted: bool,
}

/// The options' values by input id; an option left out takes the procedure's default.
fn read_inputs(
    step: &Step,
    args: &EstimateArgs,
    conventions: &Conventions,
) -> Result<BTreeMap<String, Input>, EstimateError> {
    let mut values = BTreeMap::new();
    for (option, prompt) in optioned(step) {
        let amount = given(args, &option)?;
        if amount.is_some_and(|amount| prompt.unit != Some(amount.dimension())) {
            return Err(EstimateError::Procedure(format!(
                "{option} gives a {}, but the estimation step's `{}` takes another kind",
                amount.map_or(String::new(), |a| a.dimension().to_string()),
                prompt.id
            )));
        }
        let out_of_range = |reason| EstimateError::OutOfRange {
            option: option.clone(),
            reason,
        };
        let default = prompt.default.as_ref().map(|d| d.0.as_str());
        let quantity = match (amount, default) {
            (Some(amount), _) => {
                let quantity = amount.quantity(conventions).map_err(bad_value(&option))?;
                prompt.bounded(amount.text(), quantity, conventions)
            }
            (None, Some(default)) => prompt.quantity(default, conventions),
            (None, None) => continue,
        }
        .map_err(out_of_range)?;
        let input = Input {
            quantity,
            defaulted: amount.is_none(),
        };
        values.insert(prompt.id.clone(), input);
    }
    Ok(values)
}

/// `--retention`, or for alternatives `--reads or --dau + --reads-per-user or --read-ratio`
/// (an option that gives the figure itself comes first). A missing figure is named by its
/// label, since its own line says what it needs; an alternative that needs an input no option
/// gives is left out, unless every alternative does.
fn needs(step: &Step, figure: &str, alternatives: &[Vec<String>]) -> String {
    let name_of = |id: &String| {
        let figure = step.figures.iter().find(|figure| &figure.id == id);
        let option = optioned(step).find(|(_, prompt)| &prompt.id == id);
        figure
            .map(|figure| figure.label.clone())
            .or_else(|| option.map(|(option, _)| option))
    };
    let given = optioned(step).find(|(_, prompt)| prompt.id == figure);
    let mut shown: Vec<String> = given.map(|(option, _)| option).into_iter().collect();
    for missing in alternatives {
        let names: Option<Vec<String>> = missing.iter().map(name_of).collect();
        if let Some(names) = names.map(|names| names.join(" + "))
            && !shown.contains(&names)
        {
            shown.push(names);
        }
    }
    if shown.is_empty() && !alternatives.is_empty() {
        let ids: Vec<&str> = alternatives.iter().flatten().map(String::as_str).collect();
        return format!("{}, which no option gives", ids.join(" + "));
    }
    shown.join(" or ")
}

fn conventions_line(conventions: &Conventions) -> String {
    format!("Conventions: {}", conventions.describe())
}

fn table(
    step: &Step,
    inputs: &BTreeMap<String, Input>,
    outcomes: &BTreeMap<String, Outcome>,
    conventions: &Conventions,
) -> String {
    let mut out = conventions_line(conventions);
    out.push_str("\n\nInputs\n");
    for (option, prompt) in optioned(step) {
        if let Some(input) = inputs.get(&prompt.id) {
            let shown = input.quantity.display_with(conventions).to_string();
            let shown = if input.defaulted {
                format!("{shown:<12} the procedure's default")
            } else {
                shown
            };
            let _ = writeln!(out, "  {option:<24} {shown}");
        }
    }
    out.push_str("\nFigures\n");
    for figure in &step.figures {
        let line = match outcomes.get(&figure.id) {
            Some(Outcome::Computed {
                quantity,
                explanation,
            }) => {
                format!(
                    "{:<12} {explanation}",
                    quantity.display_with(conventions).to_string()
                )
            }
            Some(Outcome::Given(quantity)) => {
                format!("{:<12} given", quantity.display_with(conventions))
            }
            Some(Outcome::Failed(reason)) => format!("{:<12} {reason}", "-"),
            Some(Outcome::Missing {
                needs: alternatives,
            }) => format!(
                "{:<12} needs {}",
                "-",
                needs(step, &figure.id, alternatives)
            ),
            None => continue,
        };
        let _ = writeln!(out, "  {:<24} {line}", figure.label);
    }
    out
}

fn json(
    step: &Step,
    outcomes: &BTreeMap<String, Outcome>,
    conventions: &Conventions,
) -> Result<String, EstimateError> {
    let mut object = serde_json::Map::new();
    for figure in &step.figures {
        let Some(key) = &figure.json else { continue };
        let value = outcomes
            .get(&figure.id)
            .and_then(Outcome::quantity)
            .map_or(serde_json::Value::Null, |q| serde_json::json!(q.value));
        object.insert(key.clone(), value);
    }
    object.insert("conventions".into(), serde_json::json!(conventions));
    let text = serde_json::to_string_pretty(&object)
        .map_err(|e| EstimateError::Procedure(e.to_string()))?;
    Ok(format!("{text}\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The options of `sdcoach estimate` as its command line gives them.
    fn parsed(line: &[&str]) -> Result<EstimateArgs, clap::Error> {
        #[derive(clap::Parser)]
        struct Line {
            #[command(flatten)]
            args: EstimateArgs,
        }
        let line = std::iter::once("estimate").chain(line.iter().copied());
        <Line as clap::Parser>::try_parse_from(line).map(|line| line.args)
    }

    fn args(line: &[&str]) -> EstimateArgs {
        parsed(line).expect("a valid command line")
    }

    fn twitter() -> EstimateArgs {
        args(&[
            "--dau",
            "200M",
            "--writes-per-user",
            "0.5/day",
            "--reads-per-user",
            "100 per user per day",
            "--size",
            "300 B",
            "--retention",
            "5 years",
            "--replication",
            "3",
        ])
    }

    const STANDARD: &str = include_str!("../../procedures/standard.yaml");

    fn load(text: &str) -> crate::content::procedure::Procedure {
        let origin = crate::content::yaml::Origin::builtin("procedures/standard.yaml");
        crate::content::procedure::Procedure::load(&origin, text).unwrap()
    }

    fn estimation(procedure: &crate::content::procedure::Procedure) -> &Step {
        let mut steps = procedure.steps.iter();
        steps.find(|s| !s.figures.is_empty()).unwrap()
    }

    fn run_with(procedure: &str, args: &EstimateArgs) -> Result<String, EstimateError> {
        run(args, estimation(&load(procedure)))
    }

    fn run_standard(args: &EstimateArgs) -> Result<String, EstimateError> {
        run_with(STANDARD, args)
    }

    #[test]
    fn the_procedure_says_which_option_feeds_which_quantity() {
        let line = args(&["--writes", "1M/day", "--size", "1 KB"]);
        let renamed = STANDARD.replace("- id: record_size", "- id: post_size");
        let renamed = renamed.replace("record_size", "post_size");
        let table = run_with(&renamed, &line).unwrap();
        assert!(table.contains("write_qps × day × post_size"), "{table}");
        let unknown = STANDARD.replace("option: size", "option: bytes");
        let refused = run_with(&unknown, &line).unwrap_err().to_string();
        assert!(refused.contains("names option --bytes"), "{refused}");
    }

    fn figures(args: &EstimateArgs) -> serde_json::Value {
        let args = EstimateArgs {
            json: true,
            ..args.clone()
        };
        serde_json::from_str(&run_standard(&args).unwrap()).unwrap()
    }

    fn number(figures: &serde_json::Value, key: &str) -> f64 {
        figures[key]
            .as_f64()
            .unwrap_or_else(|| panic!("{key} missing in {figures}"))
    }

    fn assert_near(actual: f64, wanted: f64) {
        assert!(
            (actual - wanted).abs() <= wanted.abs() * 1e-9,
            "{actual} != {wanted}"
        );
    }

    #[test]
    fn the_built_in_figures_load_and_pass_dimension_analysis() {
        assert_eq!(estimation(&load(STANDARD)).figures.len(), 11);
    }

    #[test]
    fn per_user_rates_are_multiplied_out() {
        let figures = figures(&twitter());
        let write_qps = 200e6 * 0.5 / 86_400.0;
        assert_near(number(&figures, "write_qps"), write_qps);
        assert_near(number(&figures, "read_qps"), write_qps * 200.0);
        assert_near(number(&figures, "peak_write_qps"), write_qps * 2.0);
        assert_near(number(&figures, "read_write_ratio"), 200.0);
        assert_near(number(&figures, "storage_per_day_bytes"), 100e6 * 300.0);
        assert_near(
            number(&figures, "storage_per_year_bytes"),
            100e6 * 300.0 * 365.0,
        );
        assert_near(
            number(&figures, "storage_total_bytes"),
            100e6 * 300.0 * 365.0 * 5.0 * 3.0,
        );
        assert_near(
            number(&figures, "write_bandwidth_bytes_per_s"),
            write_qps * 300.0,
        );
        assert_near(number(&figures, "cache_memory_bytes"), 0.2 * 20e9 * 300.0);
    }

    #[test]
    fn system_rates_and_read_ratio_work_without_users() {
        let args = args(&[
            "--writes",
            "500M/day",
            "--read-ratio",
            "100:1",
            "--size",
            "300 B",
        ]);
        let figures = figures(&args);
        assert_near(number(&figures, "storage_per_day_bytes"), 150e9);
        assert_near(number(&figures, "read_qps"), 500e6 * 100.0 / 86_400.0);
        // Left out, the retention is the procedure's five years.
        assert_near(number(&figures, "storage_total_bytes"), 150e9 * 365.0 * 5.0);
    }

    #[test]
    fn the_short_month_convention_changes_monthly_rates() {
        let args = args(&[
            "--writes",
            "1B/month",
            "--size",
            "1 KB",
            "--month-seconds",
            "2.5M",
        ]);
        let figures = figures(&args);
        assert_near(number(&figures, "write_qps"), 400.0);
        assert!(figures["read_qps"].is_null());
        assert_eq!(figures["conventions"]["month_seconds"], 2.5e6);
    }

    #[test]
    fn the_table_shows_conventions_formulas_and_the_defaults_taken() {
        let args = EstimateArgs {
            retention: None,
            binary: true,
            ..twitter()
        };
        let table = run_standard(&args).unwrap();
        assert!(
            table.starts_with(
                "Conventions: month = 2592000 s (30 days), year = 365 days, binary units"
            ),
            "{table}"
        );
        assert!(
            table.contains("write QPS                1.16 K/s     dau × writes_per_user = 200 M × 0.5/day = 1.16 K/s"),
            "{table}"
        );
        assert!(table.contains("storage per day"), "{table}");
        assert!(table.contains("27.9 GiB"), "{table}");
        assert!(
            table.contains("--retention              5 years      the procedure's default"),
            "{table}"
        );
        assert!(table.contains("--replication            3\n"), "{table}");
    }

    #[test]
    fn a_missing_figure_names_the_options_that_give_it_and_what_it_waits_for() {
        let table = run_standard(&args(&["--writes", "1M/day", "--size", "1 KB"])).unwrap();
        let needs = |label: &str| {
            let line = table
                .lines()
                .find(|line| line.trim_start().starts_with(label));
            line.and_then(|line| line.split_once(" needs "))
                .map(|(_, needs)| needs.to_string())
        };
        assert_eq!(
            needs("read QPS").as_deref(),
            Some("--reads or --dau + --reads-per-user or --read-ratio")
        );
        // Media inputs have no option, so only the way through the read rate is offered.
        assert_eq!(needs("read bandwidth").as_deref(), Some("read QPS"));
        assert_eq!(needs("peak read QPS").as_deref(), Some("read QPS"));
    }

    #[test]
    fn a_bad_value_is_refused_with_its_option_and_what_was_expected() {
        let refused = |line: &[&str]| parsed(line).err().map(|err| err.to_string());
        let said = refused(&["--writes", "1M/day", "--size", "5K"]).unwrap_or_default();
        assert!(
            said.contains(
                "invalid value '5K' for '--size <SIZE>': a size needs a unit such as KB or KiB; did you mean '5 KB'?"
            ),
            "{said}"
        );
        let said = refused(&["--writes", "5 GB", "--size", "1 KB"]).unwrap_or_default();
        assert!(
            said.contains("'--writes <RATE>': this is a size but a rate"),
            "{said}"
        );
        let no_traffic = run_standard(&args(&["--size", "1 KB"])).unwrap_err();
        assert!(no_traffic.blames_user() && no_traffic.to_string().starts_with("no traffic given"));
    }
}
