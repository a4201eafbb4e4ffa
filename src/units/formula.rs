//! Formulas declared as data (`dau * writes_per_user`): parsed once, checked for dimensions
//! when the procedure loads, evaluated and explained with the numbers filled in. A word is
//! an input unless the unit table (`quantity`) reads it as a unit: `day`, `month`, `KB`.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::units::expr::{self, DimensionClash, Dims, Failure, Node, Op, SyntaxError, Value};
use crate::units::quantity::{self, Conventions, Dimension, Quantity};

/// A parsed formula; it (de)serializes as its source text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub(crate) struct Formula {
    source: String,
    tree: Node,
}

/// What is wrong with a formula or with the values given to it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormulaError {
    #[error("formula '{formula}': {source}")]
    Syntax {
        formula: String,
        source: SyntaxError,
    },
    #[error("formula '{formula}': '{name}' is not a valid name; names are letters, digits and '_'")]
    BadName { formula: String, name: String },
    #[error(
        "formula '{formula}': '%' is not allowed; write the fraction (0.2) or use a ratio input"
    )]
    Percent { formula: String },
    #[error(
        "formula '{formula}': unknown variable '{name}'; known: {known} and units such as day, month or KB"
    )]
    UnknownVariable {
        formula: String,
        name: String,
        known: String,
    },
    #[error("formula '{formula}': the input '{name}' has the name of a unit, which it would hide")]
    NamesAUnit { formula: String, name: String },
    #[error("formula '{formula}': {source}")]
    Clash {
        formula: String,
        source: DimensionClash,
    },
    #[error("formula '{formula}': gives a {found} but is declared as a {expected}")]
    WrongUnit {
        formula: String,
        expected: Dimension,
        found: String,
    },
    #[error("formula '{formula}': no value for '{name}'")]
    MissingValue { formula: String, name: String },
    #[error(
        "formula '{formula}': the result is not a finite number (division by zero or overflow)"
    )]
    NotFinite { formula: String },
}

impl Formula {
    pub(crate) fn parse(src: &str) -> Result<Formula, FormulaError> {
        let syntax = |source| FormulaError::Syntax {
            formula: src.to_string(),
            source,
        };
        let tree = expr::parse(&expr::tokenize(src).map_err(syntax)?).map_err(syntax)?;
        let formula = Formula {
            source: src.trim().to_string(),
            tree,
        };
        formula.validate(&formula.tree)?;
        Ok(formula)
    }

    fn validate(&self, node: &Node) -> Result<(), FormulaError> {
        match node {
            Node::Number(_) => Ok(()),
            Node::Word(name) if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
                Ok(())
            }
            Node::Word(name) => Err(FormulaError::BadName {
                formula: self.source.clone(),
                name: name.clone(),
            }),
            Node::Percent(_) => Err(FormulaError::Percent {
                formula: self.source.clone(),
            }),
            Node::Negate(inner) => self.validate(inner),
            Node::Binary(_, left, right) => self.validate(left).and_then(|()| self.validate(right)),
        }
    }

    /// The formula as written.
    pub(crate) fn source(&self) -> &str {
        &self.source
    }

    /// The input names the formula uses, in order of first use, without the units.
    pub(crate) fn variables(&self) -> Vec<&str> {
        let conventions = Conventions::default();
        let mut seen = Vec::new();
        for name in self.words() {
            if quantity::unit_value(name, &conventions).is_none() && !seen.contains(&name) {
                seen.push(name);
            }
        }
        seen
    }

    fn words(&self) -> Vec<&str> {
        let mut names = Vec::new();
        collect_words(&self.tree, &mut names);
        names
    }

    /// Dimension analysis: every variable is known and the result is of the declared kind.
    pub(crate) fn check(
        &self,
        inputs: &BTreeMap<String, Dimension>,
        expected: Dimension,
    ) -> Result<(), FormulaError> {
        let conventions = Conventions::default();
        let hidden = self.words().into_iter().find(|name| {
            inputs.contains_key(*name) && quantity::unit_value(name, &conventions).is_some()
        });
        if let Some(name) = hidden {
            return Err(FormulaError::NamesAUnit {
                formula: self.source.clone(),
                name: name.to_string(),
            });
        }
        let result = self.compute(
            &mut |name| {
                let dimension = inputs
                    .get(name)
                    .ok_or_else(|| self.unknown(name, inputs.keys()))?;
                Ok(Value::new(1.0, dimension.dims()))
            },
            &conventions,
        )?;
        self.declared(result, expected).map(|_| ())
    }

    /// The value; a dimensionless result is a count.
    pub(crate) fn evaluate(
        &self,
        values: &BTreeMap<String, Quantity>,
        conv: &Conventions,
    ) -> Result<Quantity, FormulaError> {
        let result = self.value(values, conv)?;
        match Dimension::from_dims(result.dims, Dimension::Count) {
            Some(dimension) => Ok(Quantity::new(result.number, dimension)),
            None => Err(self.wrong_unit(result.dims, Dimension::Count)),
        }
    }

    /// The value as the declared kind, so that a dimensionless figure can be a ratio.
    pub(crate) fn evaluate_as(
        &self,
        values: &BTreeMap<String, Quantity>,
        conv: &Conventions,
        unit: Dimension,
    ) -> Result<Quantity, FormulaError> {
        let result = self.value(values, conv)?;
        self.declared(result, unit)
    }

    fn value(
        &self,
        values: &BTreeMap<String, Quantity>,
        conv: &Conventions,
    ) -> Result<Value, FormulaError> {
        let result = self.compute(&mut |name| self.lookup(name, values), conv)?;
        if result.number.is_finite() {
            Ok(result)
        } else {
            Err(FormulaError::NotFinite {
                formula: self.source.clone(),
            })
        }
    }

    fn lookup(
        &self,
        name: &str,
        values: &BTreeMap<String, Quantity>,
    ) -> Result<Value, FormulaError> {
        let quantity = values.get(name).ok_or_else(|| FormulaError::MissingValue {
            formula: self.source.clone(),
            name: name.to_string(),
        })?;
        Ok(quantity.as_value())
    }

    fn compute(
        &self,
        variable: &mut impl FnMut(&str) -> Result<Value, FormulaError>,
        conv: &Conventions,
    ) -> Result<Value, FormulaError> {
        let mut leaf =
            |name: &str| quantity::unit_value(name, conv).map_or_else(|| variable(name), Ok);
        expr::evaluate(&self.tree, &mut leaf).map_err(|failure| match failure {
            Failure::Word(error) => error,
            Failure::Clash(source) => FormulaError::Clash {
                formula: self.source.clone(),
                source,
            },
        })
    }

    fn declared(&self, result: Value, unit: Dimension) -> Result<Quantity, FormulaError> {
        if result.dims == unit.dims() {
            return Ok(Quantity::new(result.number, unit));
        }
        Err(self.wrong_unit(result.dims, unit))
    }

    fn wrong_unit(&self, found: Dims, expected: Dimension) -> FormulaError {
        let found = Dimension::from_dims(found, Dimension::Count)
            .map_or_else(|| found.describe(), |d| d.to_string());
        FormulaError::WrongUnit {
            formula: self.source.clone(),
            expected,
            found,
        }
    }

    fn unknown<'a>(&self, name: &str, known: impl Iterator<Item = &'a String>) -> FormulaError {
        let known: Vec<&str> = known.map(String::as_str).collect();
        FormulaError::UnknownVariable {
            formula: self.source.clone(),
            name: name.to_string(),
            known: known.join(", "),
        }
    }

    /// `dau × writes_per_user = 200 M × 0.5/day = 1.16 K/s`: the formula, every input's value
    /// and the result (shown as `unit` when given), because users check the arithmetic
    /// rather than trust the number.
    pub(crate) fn explain(
        &self,
        values: &BTreeMap<String, Quantity>,
        conv: &Conventions,
        unit: Option<Dimension>,
    ) -> Result<String, FormulaError> {
        let result = match unit {
            Some(unit) => self.evaluate_as(values, conv, unit)?,
            None => self.evaluate(values, conv)?,
        };
        let symbols = render(&self.tree, &|name| name.to_string());
        let numbers = render(&self.tree, &|name| {
            let shown = quantity::unit_value(name, conv)
                .and_then(|value| {
                    let dimension = Dimension::from_dims(value.dims, Dimension::Count)?;
                    Some(Quantity::new(value.number, dimension))
                })
                .or_else(|| values.get(name).copied());
            shown.map_or_else(|| name.to_string(), |q| q.display_with(conv).to_string())
        });
        Ok(format!(
            "{symbols} = {numbers} = {}",
            result.display_with(conv)
        ))
    }
}

fn collect_words<'a>(node: &'a Node, names: &mut Vec<&'a str>) {
    match node {
        Node::Number(_) => {}
        Node::Word(name) => names.push(name),
        Node::Percent(inner) | Node::Negate(inner) => collect_words(inner, names),
        Node::Binary(_, left, right) => {
            collect_words(left, names);
            collect_words(right, names);
        }
    }
}

/// Writes a tree back with the fewest parentheses that keep its meaning.
fn render(node: &Node, word: &dyn Fn(&str) -> String) -> String {
    match node {
        Node::Number(number) => format!("{number}"),
        Node::Word(name) => word(name),
        Node::Percent(inner) => format!("{}%", wrapped(inner, ATOM - 1, word)),
        Node::Negate(inner) => format!("-{}", wrapped(inner, ATOM - 1, word)),
        Node::Binary(Op::Pow, base, exponent) => {
            // A power takes a single term on each side; only a sign or another power (it
            // groups from the right) may stand in an exponent without parentheses.
            let exponent = match exponent.as_ref() {
                Node::Negate(_) | Node::Binary(Op::Pow, ..) => render(exponent, word),
                _ => wrapped(exponent, ATOM, word),
            };
            format!("{}^{exponent}", wrapped(base, ATOM, word))
        }
        Node::Binary(op, left, right) => {
            let own = precedence(node);
            // The right side of - and ÷ needs parentheses even at equal precedence.
            let right_floor = if matches!(op, Op::Sub | Op::Div) {
                own + 1
            } else {
                own
            };
            format!(
                "{} {} {}",
                wrapped(left, own, word),
                op.symbol(),
                wrapped(right, right_floor, word)
            )
        }
    }
}

fn wrapped(node: &Node, floor: u8, word: &dyn Fn(&str) -> String) -> String {
    let text = render(node, word);
    if precedence(node) < floor {
        format!("({text})")
    } else {
        text
    }
}

fn precedence(node: &Node) -> u8 {
    match node {
        Node::Binary(op, ..) => op.precedence(),
        Node::Percent(_) | Node::Negate(_) => ATOM - 1,
        Node::Number(_) | Node::Word(_) => ATOM,
    }
}

/// Above every operator: a number or a name never needs parentheses.
const ATOM: u8 = 5;

impl TryFrom<String> for Formula {
    type Error = FormulaError;

    fn try_from(source: String) -> Result<Self, Self::Error> {
        Formula::parse(&source)
    }
}

impl From<Formula> for String {
    fn from(formula: Formula) -> String {
        formula.source
    }
}

/// How a user's figure compares with the computed one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Within the tolerance.
    Close,
    /// Within a factor of ten: the right order of magnitude, which is what estimation is for.
    SameOrder,
    /// More than ten times off, or not even the same kind of quantity.
    Off,
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Verdict::Close => "close",
            Verdict::SameOrder => "right order of magnitude",
            Verdict::Off => "off by more than 10x",
        })
    }
}

/// Compares a user's figure with the computed one; `tolerance` is relative (0.10 = 10 %).
pub(crate) fn judge(user: &Quantity, computed: &Quantity, tolerance: f64) -> Verdict {
    if user.dimension.dims() != computed.dimension.dims() {
        return Verdict::Off;
    }
    let (user, computed) = (user.value, computed.value);
    if computed == 0.0 {
        return if user == 0.0 {
            Verdict::Close
        } else {
            Verdict::Off
        };
    }
    if (user - computed).abs() <= tolerance * computed.abs() {
        return Verdict::Close;
    }
    let ratio = user / computed;
    if (0.1..=10.0).contains(&ratio) {
        Verdict::SameOrder
    } else {
        Verdict::Off
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::quantity::{Units, parse};
    use Dimension::*;

    fn inputs() -> BTreeMap<String, Dimension> {
        [
            ("dau", Count),
            ("writes_per_user", Rate),
            ("record_size", Size),
            ("retention", Duration),
            ("replication", Count),
            ("cache_fraction", Ratio),
        ]
        .into_iter()
        .map(|(name, dimension)| (name.to_string(), dimension))
        .collect()
    }

    fn values(answers: &[(&str, &str, Dimension)]) -> BTreeMap<String, Quantity> {
        answers
            .iter()
            .map(|&(name, text, dimension)| (name.to_string(), parse(text, dimension).unwrap()))
            .collect()
    }

    fn formula(source: &str) -> Formula {
        Formula::parse(source).unwrap()
    }

    #[test]
    fn variables_are_listed_once_in_order_without_constants() {
        let storage = formula("dau * writes_per_user * day * record_size + dau * 0");
        assert_eq!(
            storage.variables(),
            vec!["dau", "writes_per_user", "record_size"]
        );
    }

    #[test]
    fn check_accepts_consistent_formulas() {
        let inputs = inputs();
        assert_eq!(
            formula("dau * writes_per_user").check(&inputs, Rate),
            Ok(())
        );
        assert_eq!(
            formula("dau * writes_per_user * day * record_size").check(&inputs, Size),
            Ok(())
        );
        assert_eq!(
            formula("cache_fraction * dau").check(&inputs, Count),
            Ok(())
        );
        assert_eq!(formula("replication * 2").check(&inputs, Ratio), Ok(()));
    }

    #[test]
    fn check_names_unknown_variables_and_unit_mismatches() {
        let inputs = inputs();
        let unknown = formula("dau * writes")
            .check(&inputs, Rate)
            .unwrap_err()
            .to_string();
        assert!(
            unknown.starts_with(
                "formula 'dau * writes': unknown variable 'writes'; known: cache_fraction, dau,"
            ),
            "{unknown}"
        );
        let clash = formula("record_size + dau")
            .check(&inputs, Size)
            .unwrap_err();
        assert_eq!(
            clash.to_string(),
            "formula 'record_size + dau': cannot add a size and a count"
        );
        let wrong = formula("dau * writes_per_user")
            .check(&inputs, Size)
            .unwrap_err();
        assert_eq!(
            wrong.to_string(),
            "formula 'dau * writes_per_user': gives a rate but is declared as a size"
        );
    }

    #[test]
    fn parse_rejects_what_is_not_a_formula() {
        assert!(matches!(
            Formula::parse("dau *"),
            Err(FormulaError::Syntax { .. })
        ));
        assert!(matches!(
            Formula::parse("dau * 50%"),
            Err(FormulaError::Percent { .. })
        ));
        assert!(matches!(
            Formula::parse("µ * 2"),
            Err(FormulaError::BadName { .. })
        ));
    }

    #[test]
    fn write_qps_of_200m_users_writing_twice_a_day_is_1_16k_per_second() {
        let values = values(&[("dau", "200M", Count), ("writes_per_user", "0.5/day", Rate)]);
        let qps = formula("dau * writes_per_user")
            .evaluate(&values, &Conventions::default())
            .unwrap();
        assert_eq!(qps.to_string(), "1.16 K/s");
    }

    #[test]
    fn storage_of_500m_tweets_a_day_at_300_bytes_is_150_gb_a_day() {
        let values = values(&[("tweets", "500M/day", Rate), ("record_size", "300 B", Size)]);
        let storage = formula("tweets * day * record_size")
            .evaluate(&values, &Conventions::default())
            .unwrap();
        assert!(
            (storage.value - 150e9).abs() < 1.0 && storage.dimension == Size,
            "{storage:?}"
        );
        assert_eq!(storage.to_string(), "150 GB");
    }

    #[test]
    fn the_short_month_turns_400_per_second_into_a_billion_a_month() {
        let conventions = Conventions {
            month_seconds: 2.5e6,
            units: Units::Decimal,
        };
        let per_month = formula("qps * month");
        let monthly = |qps: &str| {
            per_month
                .evaluate(&values(&[("qps", qps, Rate)]), &conventions)
                .unwrap()
                .value
        };
        assert_eq!(monthly("1/s"), 2.5e6);
        assert_eq!(monthly("400/s"), 1e9);
    }

    #[test]
    fn explain_shows_every_value_and_the_result() {
        let values = values(&[
            ("dau", "200M", Count),
            ("writes_per_user", "0.5/day", Rate),
            ("record_size", "1 KiB", Size),
        ]);
        let write_qps = formula("dau * writes_per_user");
        assert_eq!(
            write_qps
                .explain(&values, &Conventions::default(), None)
                .unwrap(),
            "dau × writes_per_user = 200 M × 0.5/day = 1.16 K/s"
        );
        let binary = Conventions {
            units: Units::Binary,
            ..Conventions::default()
        };
        let storage = formula("(dau * writes_per_user) * (month - day) * record_size / 2");
        assert_eq!(
            storage.explain(&values, &binary, None).unwrap(),
            "dau × writes_per_user × (month - day) × record_size ÷ 2 = \
             200 M × 0.5/day × (30 days - 1 day) × 1 KiB ÷ 2 = 1.35 TiB"
        );
    }

    #[test]
    fn formulas_read_every_unit_of_the_unit_table() {
        let values = values(&[
            ("write_qps", "3/month", Rate),
            ("record_size", "1 KB", Size),
        ]);
        let conventions = Conventions::default();
        let with_units = formula("write_qps * 1 KB / record_size * 2^10 * month");
        assert_eq!(with_units.variables(), vec!["write_qps", "record_size"]);
        assert_eq!(
            with_units.explain(&values, &conventions, None).unwrap(),
            "write_qps × 1 × KB ÷ record_size × 2^10 × month = \
             3/month × 1 × 1 KB ÷ 1 KB × 2^10 × 30 days = 3.07 K"
        );
        assert_eq!(
            formula("record_size * 2 B / record_size").evaluate(&values, &conventions),
            Ok(Quantity::new(2.0, Size))
        );
    }

    #[test]
    fn an_input_may_not_hide_a_unit() {
        let inputs = BTreeMap::from([("ms".to_string(), Duration)]);
        let hidden = formula("ms * 2").check(&inputs, Duration).unwrap_err();
        assert_eq!(
            hidden.to_string(),
            "formula 'ms * 2': the input 'ms' has the name of a unit, which it would hide"
        );
    }

    #[test]
    fn powers_are_written_back_with_the_parentheses_they_need() {
        let shown = |source: &str| render(&formula(source).tree, &|name| name.to_string());
        assert_eq!(shown("2^(1 + 2)"), "2^(1 + 2)");
        assert_eq!(shown("(2^3)^2"), "(2^3)^2");
        assert_eq!(shown("2^3^2"), "2^3^2");
        assert_eq!(shown("(-2)^2"), "(-2)^2");
        assert_eq!(shown("-2^2"), "-(2^2)");
        assert_eq!(shown("2^-10 * dau"), "2^-10 × dau");
    }

    #[test]
    fn evaluate_reports_missing_values_and_division_by_zero() {
        let conventions = Conventions::default();
        let missing = formula("dau * 2")
            .evaluate(&BTreeMap::new(), &conventions)
            .unwrap_err();
        assert_eq!(missing.to_string(), "formula 'dau * 2': no value for 'dau'");
        let zero = formula("1 / (day - day)")
            .evaluate(&BTreeMap::new(), &conventions)
            .unwrap_err();
        assert!(matches!(zero, FormulaError::NotFinite { .. }));
    }

    #[test]
    fn formulas_deserialize_from_their_text() {
        let parsed: Formula = serde_yaml::from_str("dau * writes_per_user").unwrap();
        assert_eq!(parsed.source(), "dau * writes_per_user");
        assert!(serde_yaml::from_str::<Formula>("dau *").is_err());
    }

    #[test]
    fn judge_grades_by_tolerance_then_order_of_magnitude() {
        let computed = Quantity::new(1157.0, Rate);
        let verdict = |value: f64| judge(&Quantity::new(value, Rate), &computed, 0.10);
        assert_eq!(verdict(1200.0), Verdict::Close);
        assert_eq!(verdict(1050.0), Verdict::Close);
        assert_eq!(verdict(2000.0), Verdict::SameOrder);
        assert_eq!(verdict(200.0), Verdict::SameOrder);
        assert_eq!(verdict(100.0), Verdict::Off);
        assert_eq!(verdict(-1157.0), Verdict::Off);
        assert_eq!(
            judge(&Quantity::new(1157.0, Size), &computed, 0.1),
            Verdict::Off
        );
        assert_eq!(Verdict::SameOrder.to_string(), "right order of magnitude");
        assert_eq!(
            serde_json::to_string(&Verdict::SameOrder).unwrap(),
            "\"same_order\""
        );
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn no_source_panics(source in "\\PC{0,300}") {
            let _ = Formula::parse(&source);
        }

        #[test]
        fn no_formula_like_source_panics(source in "[a-z_ 0-9.+*/()-]{0,80}") {
            if let Ok(formula) = Formula::parse(&source) {
                let _ = formula.check(&BTreeMap::new(), Dimension::Count);
                let _ = formula.explain(&BTreeMap::new(), &Conventions::default(), None);
            }
        }
    }
}
