//! Any text typed at a quantity prompt, read as every kind of quantity.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sdcoach::units::quantity::{self, Dimension, Units};

fuzz_target!(|text: &str| {
    for dimension in [
        Dimension::Count,
        Dimension::Size,
        Dimension::Duration,
        Dimension::Rate,
        Dimension::Bandwidth,
        Dimension::Ratio,
    ] {
        if let Ok(quantity) = quantity::parse(text, dimension) {
            let _ = quantity.display(Units::Binary).to_string();
        }
    }
});
