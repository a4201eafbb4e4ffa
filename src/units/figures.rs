//! The estimation step's derived figures: declared in the procedure, computed from the
//! answers, compared with the user's own figures. `sdcoach estimate` uses the same ones.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::units::formula::{Formula, FormulaError, Verdict, judge};
use crate::units::quantity::{Conventions, Dimension, Quantity};

/// How close a user's figure must be to count as right (10 %).
pub(crate) const TOLERANCE: f64 = 0.10;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Figure {
    pub(crate) id: String,
    pub(crate) label: String,
    /// What the interview asks before showing the computed value.
    pub(crate) question: String,
    pub(crate) unit: Dimension,
    /// The key of this figure in `sdcoach estimate --json`.
    pub(crate) json: Option<String>,
    /// The option of `sdcoach estimate` that gives this figure instead of its formulas.
    pub(crate) option: Option<String>,
    /// Alternatives in order of preference: the first whose inputs are all known is used. A
    /// later one may drop a term (a product of inputs) of an earlier one; it is used instead
    /// when an input of the dropped term is zero.
    pub formulas: Vec<Formula>,
}

/// One figure's result.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Computed, with the formula line filled in with the numbers.
    Computed {
        quantity: Quantity,
        explanation: String,
    },
    /// Given directly rather than computed (e.g. `--writes` for the write QPS).
    Given(Quantity),
    /// Not computable; each alternative lists the ids it still needs.
    Missing { needs: Vec<Vec<String>> },
    /// The inputs were there but the arithmetic failed (e.g. a division by zero).
    Failed(String),
}

impl Outcome {
    pub(crate) fn quantity(&self) -> Option<Quantity> {
        match self {
            Outcome::Computed { quantity, .. } | Outcome::Given(quantity) => Some(*quantity),
            Outcome::Missing { .. } | Outcome::Failed(_) => None,
        }
    }
}

/// Checks every formula against the inputs and the figures declared before it; the error
/// names the figure.
pub(crate) fn check(
    figures: &[Figure],
    inputs: &BTreeMap<String, Dimension>,
) -> Result<(), (String, FormulaError)> {
    let mut known = inputs.clone();
    for figure in figures {
        for formula in &figure.formulas {
            formula
                .check(&known, figure.unit)
                .map_err(|err| (figure.id.clone(), err))?;
        }
        known.insert(figure.id.clone(), figure.unit);
    }
    Ok(())
}

/// Computes every figure in order; a figure whose id is among `values` is taken as given.
pub(crate) fn compute(
    figures: &[Figure],
    mut values: BTreeMap<String, Quantity>,
    conventions: &Conventions,
) -> BTreeMap<String, Outcome> {
    let mut outcomes = BTreeMap::new();
    for figure in figures {
        let outcome = match values.get(&figure.id) {
            Some(given) => Outcome::Given(*given),
            None => compute_one(figure, &values, conventions)
                .unwrap_or_else(|err| Outcome::Failed(err.to_string())),
        };
        if let Some(quantity) = outcome.quantity() {
            values.insert(figure.id.clone(), quantity);
        }
        outcomes.insert(figure.id.clone(), outcome);
    }
    outcomes
}

fn compute_one(
    figure: &Figure,
    values: &BTreeMap<String, Quantity>,
    conventions: &Conventions,
) -> Result<Outcome, FormulaError> {
    let known: Vec<&Formula> = figure
        .formulas
        .iter()
        .filter(|f| f.variables().iter().all(|name| values.contains_key(*name)))
        .collect();
    let is_zero = |name: &str| values.get(name).is_some_and(|q| q.value == 0.0);
    // "(300 B + 0 × 1 MB)" says nothing: alternatives drop a term of the one before (the
    // media in `record_size + media_fraction × media_size`), so where a dropped input is
    // zero the later alternative is the same figure, shown plainly.
    let drops_a_zero = |f: &Formula, g: &Formula| {
        let kept = g.variables();
        f.variables()
            .into_iter()
            .any(|name| !kept.contains(&name) && is_zero(name))
    };
    let usable = known
        .iter()
        .enumerate()
        .find(|&(at, f)| !known[at + 1..].iter().any(|g| drops_a_zero(f, g)))
        .map(|(_, f)| *f);
    Ok(match usable {
        Some(formula) => Outcome::Computed {
            quantity: formula.evaluate_as(values, conventions, figure.unit)?,
            explanation: formula.explain(values, conventions, Some(figure.unit))?,
        },
        None => Outcome::Missing {
            needs: figure
                .formulas
                .iter()
                .map(|formula| {
                    formula
                        .variables()
                        .into_iter()
                        .filter(|name| !values.contains_key(*name))
                        .map(str::to_string)
                        .collect()
                })
                .collect(),
        },
    })
}

/// The user's figure against the computed one.
pub(crate) fn verdict(user: &Quantity, computed: &Quantity) -> Verdict {
    judge(user, computed, TOLERANCE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::quantity::parse;

    #[test]
    fn an_alternative_without_a_zero_term_is_shown_plainly() {
        let figure: Figure = serde_yaml::from_str(
            "id: write_bandwidth\nlabel: write bandwidth\nquestion: q\nunit: bandwidth\nformulas:\n  - write_qps * (record_size + media_fraction * media_size)\n  - write_qps * record_size\n",
        )
        .unwrap();
        let inputs = |fraction: &str| {
            BTreeMap::from([
                (
                    "write_qps".to_string(),
                    parse("100/s", Dimension::Rate).unwrap(),
                ),
                (
                    "record_size".to_string(),
                    parse("1 KB", Dimension::Size).unwrap(),
                ),
                (
                    "media_fraction".to_string(),
                    parse(fraction, Dimension::Ratio).unwrap(),
                ),
                (
                    "media_size".to_string(),
                    parse("1 MB", Dimension::Size).unwrap(),
                ),
            ])
        };
        let explained = |fraction: &str| match compute(
            std::slice::from_ref(&figure),
            inputs(fraction),
            &Conventions::default(),
        )
        .remove("write_bandwidth")
        {
            Some(Outcome::Computed { explanation, .. }) => explanation,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            explained("0%"),
            "write_qps × record_size = 100/s × 1 KB = 100 KB/s"
        );
        assert!(explained("10%").contains("media_fraction × media_size"));
    }
}
