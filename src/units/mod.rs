//! Values with units: quantities, the expression grammar, formulas, estimation figures, the calculator and reference numbers.

pub mod calc;
pub mod expr;
pub mod figures;
pub mod formula;
pub mod numbers;
pub mod quantity;
