//! Any procedure or problem file, loaded and cross-checked as `sdcoach validate` does.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sdcoach::content::problem::Problem;
use sdcoach::content::procedure::Procedure;
use sdcoach::content::yaml::Origin;

fuzz_target!(|text: &str| {
    let origin = Origin::builtin("fuzz.yaml");
    let _ = Procedure::load(&origin, text);
    let _ = Problem::load(&origin, text);
});
