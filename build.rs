//! Embeds every YAML file under `procedures/` into the binary, so that the installed
//! program carries its content and works from any folder.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

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
    let mut code = String::from("pub static BUILTIN_FILES: &[(&str, &str)] = &[\n");
    for relative in files {
        code.push_str(&format!(
            "    ({relative:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/\", {relative:?}))),\n"
        ));
    }
    code.push_str("];\n");
    fs::File::create(&out)
        .and_then(|mut file| file.write_all(code.as_bytes()))
        .expect("write the list of built-in files");
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
