//! Any expression given to `sdcoach calc` or `:calc`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sdcoach::units::calc;
use sdcoach::units::quantity::Conventions;

fuzz_target!(|text: &str| {
    let _ = calc::calc(text, &Conventions::default());
});
