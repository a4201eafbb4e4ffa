//! Any expression given to `sdcoach calc` or `:calc`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sdcoach::calc;
use sdcoach::quantity::Conventions;

fuzz_target!(|text: &str| {
    let _ = calc::calc(text, &Conventions::default());
});
