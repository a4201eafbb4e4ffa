//! Any procedure or problem file, loaded and cross-checked as `sdcoach validate` does.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sdcoach::problem::Problem;
use sdcoach::procedure::Procedure;
use sdcoach::yaml::Origin;

fuzz_target!(|text: &str| {
    let origin = Origin::builtin("fuzz.yaml");
    let _ = Procedure::load(&origin, text);
    let _ = Problem::load(&origin, text);
});
