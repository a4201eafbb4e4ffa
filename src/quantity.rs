//! Placeholder until the estimation branch lands: the dimension names prompts use.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dimension {
    Count,
    Size,
    Duration,
    Rate,
    Bandwidth,
    Ratio,
}

#[derive(Debug, thiserror::Error)]
#[error("{0:?} is not a number")]
pub struct QuantityError(String);

pub fn parse(input: &str, _expected: Dimension) -> Result<f64, QuantityError> {
    let digits: String = input
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    digits.parse().map_err(|_| QuantityError(input.to_string()))
}
