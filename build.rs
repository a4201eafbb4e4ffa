//! Embeds every YAML file under `procedures/` into the binary, so that the installed
//! program carries its content and works from any folder.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

#[expect(
    clippy::disallowed_macros,
    reason = "cargo reads a build script's stdout"
)]
fn main() {
    println!("cargo::rerun-if-changed=procedures");
    let root = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    let out =
        PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin.rs");
    let mut files = Vec::new();
    collect(&root, &root.join("procedures"), &mut files);
    files.sort();
    let mut code = String::from("pub(super) static BUILTIN_FILES: &[(&str, &str)] = &[\n");
    for relative in files {
        code.push_str(&format!(
            "    ({relative:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/\", {relative:?}))),\n"
        ));
    }
    code.push_str("];\n");
    code.push_str(&problem_index(&root));
    fs::File::create(&out)
        .and_then(|mut file| file.write_all(code.as_bytes()))
        .expect("write the list of built-in files");
}

/// `sdcoach list` shows each built-in problem's id, title, difficulty and tags; reading them
/// here saves parsing every problem file at run time (a tenth of a millisecond per kilobyte
/// of YAML). Only plain top-level `key: value` lines are read; a problem written otherwise is
/// left out of the index and parsed at run time instead.
fn problem_index(root: &Path) -> String {
    let mut code =
        String::from("pub(super) static BUILTIN_INDEX: &[(&str, &str, &str, &[&str])] = &[\n");
    let mut paths: Vec<PathBuf> = fs::read_dir(root.join("procedures/problems"))
        .expect("read the problems folder")
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    paths.sort();
    for path in paths {
        let text = fs::read_to_string(&path).expect("read a problem file");
        let field = |key: &str| {
            text.lines()
                .find_map(|line| line.strip_prefix(key)?.strip_prefix(": "))
                .map(|value| value.trim().trim_matches('"').to_string())
        };
        let (Some(id), Some(title), Some(difficulty), Some(tags)) = (
            field("id"),
            field("title"),
            field("difficulty"),
            field("tags"),
        ) else {
            continue;
        };
        let Some(tags) = tags.strip_prefix('[').and_then(|t| t.strip_suffix(']')) else {
            continue;
        };
        let tags: Vec<String> = tags
            .split(',')
            .map(|t| format!("{:?}", t.trim()))
            .filter(|t| t != "\"\"")
            .collect();
        code.push_str(&format!(
            "    ({id:?}, {title:?}, {difficulty:?}, &[{}]),\n",
            tags.join(", ")
        ));
    }
    code.push_str("];\n");
    code
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<String>) {
    let entries = fs::read_dir(dir).expect("read the procedures folder");
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, files);
        } else if path.extension().is_some_and(|ext| ext == "yaml") {
            let relative = path.strip_prefix(root).expect("file under the crate root");
            files.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}
