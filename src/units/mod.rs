//! Values with units: quantities, the expression grammar, formulas, estimation figures, the calculator and reference numbers.

pub mod calc;
pub(crate) mod expr;
pub(crate) mod figures;
pub(crate) mod formula;
pub(crate) mod numbers;
pub mod quantity;
