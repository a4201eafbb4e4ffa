//! `sdcoach validate`: checks procedure and problem files as an author writes them.

use std::path::{Path, PathBuf};

use crate::content::catalog::Catalog;
use crate::content::problem::Problem;
use crate::content::procedure::Procedure;
use crate::content::vocabulary::Vocabulary;
use crate::content::yaml::{self, Origin};

/// One file's verdict: what it is when it is fine, the error when it is not.
pub(crate) struct Report {
    pub(crate) path: PathBuf,
    pub(crate) result: Result<String, String>,
}

/// Checks every YAML file under `paths`. Procedures are checked first, so that problems in
/// the same run are cross-checked against them as well as against the built-ins.
pub(crate) fn validate(paths: &[PathBuf], user_dir: &Path) -> Vec<Report> {
    let mut files = Vec::new();
    for path in paths {
        collect(path, &mut files);
    }
    let (vocabularies, files): (Vec<_>, Vec<_>) = files.into_iter().partition(|(path, _)| {
        path.file_name()
            .is_some_and(|name| name == "vocabulary.yaml")
    });
    let (procedures, problems): (Vec<_>, Vec<_>) = files
        .into_iter()
        .partition(|(_, text)| looks_like_procedure(text));
    let mut reports = Vec::new();
    for (path, text) in vocabularies {
        let result = text.and_then(|text| {
            Vocabulary::load(&Origin::file(&path), &text)
                .map(|v| format!("vocabulary: {} concepts", v.len()))
                .map_err(|err| err.to_string())
        });
        reports.push(Report { path, result });
    }
    let mut extra_procedures = Vec::new();
    for (path, text) in procedures {
        let text = match text {
            Ok(text) => text,
            Err(err) => {
                reports.push(Report {
                    path,
                    result: Err(err),
                });
                continue;
            }
        };
        let result = Procedure::load(&Origin::file(&path), &text)
            .map(|p| {
                let prompts: usize = p.steps.iter().map(|s| s.prompts.len()).sum();
                extra_procedures.push((p.id.clone(), path.clone()));
                format!(
                    "procedure `{}`: {} steps, {prompts} prompts, {} minutes",
                    p.id,
                    p.steps.len(),
                    p.total_minutes()
                )
            })
            .map_err(|err| err.to_string());
        reports.push(Report { path, result });
    }
    for (path, text) in problems {
        let result = text.and_then(|text| check_problem(&path, &text, &extra_procedures, user_dir));
        reports.push(Report { path, result });
    }
    reports
}

fn check_problem(
    path: &Path,
    text: &str,
    procedures: &[(String, PathBuf)],
    user_dir: &Path,
) -> Result<String, String> {
    let problem = Problem::load(&Origin::file(path), text).map_err(|err| err.to_string())?;
    let procedure_file = procedures
        .iter()
        .find(|(id, _)| id == problem.procedure_id())
        .map(|(_, path)| path.as_path());
    let catalog =
        Catalog::discover(user_dir, procedure_file, Some(path)).map_err(|err| err.to_string())?;
    let loaded = catalog.load(&problem.id).map_err(|err| err.to_string())?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if stem != problem.id {
        let line = yaml::line_of(text, "id:", 0)
            .map(|l| format!(":{l}"))
            .unwrap_or_default();
        return Err(format!(
            "{}{line}: the problem's id is `{}` but its file is named `{stem}.yaml`; the two must match",
            path.display(),
            problem.id
        ));
    }
    Ok(format!(
        "problem `{}` for procedure `{}`",
        problem.id, loaded.procedure.id
    ))
}

/// Procedures have `steps`; problems have a `statement`.
fn looks_like_procedure(text: &Result<String, String>) -> bool {
    text.as_ref()
        .is_ok_and(|text| text.lines().any(|line| line.starts_with("steps:")))
}

fn collect(path: &Path, files: &mut Vec<(PathBuf, Result<String, String>)>) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(path) {
            Ok(entries) => entries.flatten().map(|e| e.path()).collect(),
            Err(err) => {
                return files.push((
                    path.to_path_buf(),
                    Err(format!("cannot read {}: {err}", path.display())),
                ));
            }
        };
        entries.sort();
        for entry in entries {
            // `reference` holds data for commands such as `numbers`, not content to validate.
            let reference = entry.file_name().is_some_and(|name| name == "reference");
            if (entry.is_dir() && !reference)
                || entry.extension().is_some_and(|e| e == "yaml" || e == "yml")
            {
                collect(&entry, files);
            }
        }
        return;
    }
    let text =
        yaml::read_file(path).map_err(|err| format!("cannot read {}: {err}", path.display()));
    files.push((path.to_path_buf(), text));
}
