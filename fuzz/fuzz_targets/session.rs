//! Any session file and journal (the bytes after the first NUL), loaded as `resume` and
//! `export` load them, then resumed and exported against the built-in Twitter problem.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use sdcoach::content::catalog::Catalog;
use sdcoach::interview::engine::Engine;
use sdcoach::report::export;
use sdcoach::store::sessions::Store;

fuzz_target!(|bytes: &[u8]| {
    let dir = tempfile::tempdir().expect("temporary folder");
    let (snapshot, journal) = match bytes.iter().position(|&b| b == 0) {
        Some(nul) => (&bytes[..nul], Some(&bytes[nul + 1..])),
        None => (bytes, None),
    };
    std::fs::write(dir.path().join("s.yaml"), snapshot).expect("write the session file");
    if let Some(journal) = journal {
        std::fs::write(dir.path().join("s.journal"), journal).expect("write the journal");
    }
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
