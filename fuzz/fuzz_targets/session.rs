//! Any session file, loaded as `resume` and `export` load it, then resumed and exported against the built-in Twitter problem.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use sdcoach::content::catalog::Catalog;
use sdcoach::interview::engine::Engine;
use sdcoach::report::export;
use sdcoach::store::sessions::Store;

fuzz_target!(|bytes: &[u8]| {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::write(dir.path().join("s.yaml"), bytes).expect("write the session file");
    let Ok(mut session) = Store::new(dir.path().to_path_buf()).load("s") else {
        return;
    };
    let catalog = Catalog::discover(Path::new("/nonexistent"), None, None).expect("built-ins");
    let loaded = catalog.load("twitter").expect("the twitter problem");
    let engine = Engine::new(&loaded.procedure, &loaded.problem);
    let _ = (session.steps_done(), session.total_elapsed_secs());
    let _ = export::transcript(&session, &engine);
    let now = jiff::Timestamp::from_second(1_800_000_000).expect("a valid time");
    let _ = engine.resume(&mut session, now);
});
