//! The procedures and problems available to a run: the built-in ones, the user's own files
//! (which add to or replace built-ins of the same id), and files named on the command line.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::content::problem::{Difficulty, Problem};
use crate::content::procedure::Procedure;
use crate::content::vocabulary::Vocabulary;
use crate::content::yaml::{self, LoadError, Origin};

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin.rs"));
}

/// One content file's text, parsed only when it is needed.
#[derive(Debug, Clone)]
pub(crate) struct Source {
    pub(crate) origin: Origin,
    pub(crate) text: Cow<'static, str>,
    /// The file on disk, for content that did not come built in.
    pub path: Option<PathBuf>,
}

#[derive(Debug, Default)]
pub struct Catalog {
    procedures: BTreeMap<String, Source>,
    problems: BTreeMap<String, Source>,
    /// A procedure named with `--procedure`, which every interview of this run follows.
    chosen_procedure: Option<String>,
    /// The id of a problem named with `--problem`.
    named_problem: Option<String>,
    /// The user's own `vocabulary.yaml`, which replaces the built-in one.
    vocabulary: Option<Source>,
}

#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    // `cause`, not `source`: the message says it already, and `{:#}` would repeat a source.
    #[error("cannot read {path}: {cause}")]
    Read {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("{option} {path}: cannot read it: {cause}")]
    ReadNamed {
        option: &'static str,
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("there is no problem `{id}`{suggestion}; `sdcoach list` shows the problems")]
    UnknownProblem { id: String, suggestion: String },
    #[error(
        "problem `{problem}` uses procedure `{procedure}`, which is neither built in nor in the procedures folder"
    )]
    UnknownProcedure { problem: String, procedure: String },
}

impl CatalogError {
    /// Whether the user's files or typing are at fault, rather than the machine.
    pub(crate) fn blames_user(&self) -> bool {
        match self {
            CatalogError::Read { cause, .. } | CatalogError::ReadNamed { cause, .. } => {
                yaml::is_users_file_fault(cause)
            }
            _ => true,
        }
    }
}

/// What `sdcoach list` shows of a problem.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub(crate) struct Summary {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) difficulty: Difficulty,
    pub(crate) tags: Vec<String>,
}

impl Summary {
    fn of(problem: &Problem) -> Summary {
        Summary {
            id: problem.id.clone(),
            title: problem.title.clone(),
            difficulty: problem.difficulty,
            tags: problem.tags.clone(),
        }
    }

    fn indexed(
        id: &str,
        title: &str,
        difficulty: &str,
        tags: &[&str],
    ) -> Result<Summary, CatalogError> {
        let difficulty = serde_yaml::from_str(difficulty)
            .map_err(|err| LoadError::new(&Origin::builtin(id), None, err.to_string()))?;
        Ok(Summary {
            id: id.into(),
            title: title.into(),
            difficulty,
            tags: tags.iter().map(|t| t.to_string()).collect(),
        })
    }
}

/// A problem ready to be practised, with the procedure it follows.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub problem: Problem,
    pub procedure: Procedure,
    /// Files on disk the two came from, so that a resumed session finds them again.
    pub(crate) problem_file: Option<PathBuf>,
    pub procedure_file: Option<PathBuf>,
}

impl Catalog {
    /// The built-ins, then `user_dir` (if it exists), then the files named on the command line.
    pub fn discover(
        user_dir: &Path,
        procedure_file: Option<&Path>,
        problem_file: Option<&Path>,
    ) -> Result<Catalog, CatalogError> {
        let mut catalog = Catalog::default();
        for (path, text) in builtin::BUILTIN_FILES {
            let source = Source {
                origin: Origin::builtin(path),
                text: Cow::Borrowed(text),
                path: None,
            };
            catalog.insert(path, source);
        }
        for path in yaml_files(user_dir)? {
            let source = read(&path)?;
            let relative = path
                .strip_prefix(user_dir)
                .unwrap_or(&path)
                .to_string_lossy()
                .into_owned();
            catalog.insert(&format!("procedures/{relative}"), source);
        }
        if let Some(path) = procedure_file {
            let source = read_named("--procedure", path)?;
            let id = Procedure::load(&source.origin, &source.text)?.id;
            catalog.procedures.insert(id.clone(), source);
            catalog.chosen_procedure = Some(id);
        }
        if let Some(path) = problem_file {
            let source = read_named("--problem", path)?;
            let id = Problem::load(&source.origin, &source.text)?.id;
            catalog.problems.insert(id.clone(), source);
            catalog.named_problem = Some(id);
        }
        Ok(catalog)
    }

    /// The id of the problem named with `--problem`, if one was.
    pub(crate) fn named_problem(&self) -> Option<&str> {
        self.named_problem.as_deref()
    }

    /// Files in a `problems` folder are problems, files directly in `procedures` are
    /// procedures (both keyed by file name, which must match the id inside); other folders,
    /// such as `reference`, hold data that is not content.
    fn insert(&mut self, path: &str, source: Source) {
        let path = Path::new(path);
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        match path
            .parent()
            .and_then(Path::file_name)
            .and_then(|dir| dir.to_str())
        {
            Some("problems") => self.problems.insert(stem, source),
            Some("procedures") if stem == "vocabulary" => {
                // Built-ins come first, so a user's file is the last one set.
                self.vocabulary = source.path.is_some().then_some(source);
                None
            }
            Some("procedures") => self.procedures.insert(stem, source),
            _ => None,
        };
    }

    pub fn problem_ids(&self) -> impl Iterator<Item = &str> {
        self.problems.keys().map(String::as_str)
    }

    /// Parses and cross-checks one problem and its procedure; only these two files are read.
    pub fn load(&self, problem_id: &str) -> Result<Loaded, CatalogError> {
        self.load_sharing(problem_id, &mut BTreeMap::new())
    }

    /// `load`, taking the procedure from `parsed` when an earlier problem already parsed it:
    /// the procedure is the biggest file, and most problems share it.
    fn load_sharing(
        &self,
        problem_id: &str,
        parsed: &mut BTreeMap<String, Procedure>,
    ) -> Result<Loaded, CatalogError> {
        let source = self
            .problems
            .get(problem_id)
            .ok_or_else(|| CatalogError::UnknownProblem {
                id: problem_id.to_string(),
                suggestion: suggest(problem_id, self.problem_ids()),
            })?;
        let problem = self.parse_problem(problem_id, source)?;
        let procedure_id = self
            .chosen_procedure
            .as_deref()
            .unwrap_or(problem.procedure_id());
        let procedure_source =
            self.procedures
                .get(procedure_id)
                .ok_or_else(|| CatalogError::UnknownProcedure {
                    problem: problem.id.clone(),
                    procedure: procedure_id.to_string(),
                })?;
        let procedure = match parsed.get(procedure_id) {
            Some(procedure) => procedure.clone(),
            None => {
                let procedure = Procedure::load(&procedure_source.origin, &procedure_source.text)?;
                parsed.insert(procedure_id.to_string(), procedure.clone());
                procedure
            }
        };
        problem.check_against(&procedure, &source.origin, &source.text)?;
        Ok(Loaded {
            problem,
            procedure,
            problem_file: source.path.clone(),
            procedure_file: procedure_source.path.clone(),
        })
    }

    /// The vocabulary problems are read with: the user's file, or the built-in one.
    fn vocabulary(&self) -> Result<Cow<'static, Vocabulary>, CatalogError> {
        match &self.vocabulary {
            Some(source) => Ok(Cow::Owned(Vocabulary::load(&source.origin, &source.text)?)),
            None => Ok(Cow::Borrowed(Vocabulary::builtin())),
        }
    }

    fn parse_problem(&self, key: &str, source: &Source) -> Result<Problem, CatalogError> {
        let vocabulary = self.vocabulary()?;
        let problem = Problem::load_with(&source.origin, &source.text, &vocabulary)?;
        if problem.id != key {
            let line = yaml::line_of(&source.text, "id:", 0);
            let message = format!(
                "the problem's id is `{}` but its file is named `{key}.yaml`; the two must match",
                problem.id
            );
            return Err(LoadError::new(&source.origin, line, message).into());
        }
        Ok(problem)
    }

    /// The procedure chosen with `--procedure`, or the default one.
    pub(crate) fn default_procedure(&self) -> Result<Procedure, CatalogError> {
        let id = self
            .chosen_procedure
            .as_deref()
            .unwrap_or(crate::content::problem::DEFAULT_PROCEDURE);
        let source = self
            .procedures
            .get(id)
            .ok_or_else(|| CatalogError::UnknownProcedure {
                problem: "(none)".into(),
                procedure: id.to_string(),
            })?;
        Ok(Procedure::load(&source.origin, &source.text)?)
    }

    /// The id, title, difficulty and tags of every problem: built-ins from the index made at
    /// build time, the user's own files parsed and checked; broken ones come back as errors.
    pub(crate) fn summaries(&self) -> (Vec<Summary>, Vec<CatalogError>) {
        let mut summaries = Vec::new();
        let mut errors = Vec::new();
        for (id, source) in &self.problems {
            let indexed = builtin::BUILTIN_INDEX
                .iter()
                .find(|entry| source.path.is_none() && entry.0 == id);
            let summary = match indexed {
                Some(&(id, title, difficulty, tags)) => {
                    Summary::indexed(id, title, difficulty, tags)
                }
                None => self.load(id).map(|loaded| Summary::of(&loaded.problem)),
            };
            match summary {
                Ok(summary) => summaries.push(summary),
                Err(err) => errors.push(err),
            }
        }
        (summaries, errors)
    }

    /// Every problem, fully checked; the broken ones come back as errors beside the good ones
    /// so that one bad file never hides the rest.
    pub fn load_all(&self) -> (Vec<Loaded>, Vec<CatalogError>) {
        let mut loaded = Vec::new();
        let mut errors = Vec::new();
        let mut parsed = BTreeMap::new();
        for id in self.problems.keys() {
            match self.load_sharing(id, &mut parsed) {
                Ok(entry) => loaded.push(entry),
                Err(err) => errors.push(err),
            }
        }
        (loaded, errors)
    }
}

/// A file named on the command line (or saved with a session from one), read as `read`
/// does, its errors naming the option.
fn read_named(option: &'static str, path: &Path) -> Result<Source, CatalogError> {
    read(path).map_err(|err| match err {
        CatalogError::Read { path, cause } => CatalogError::ReadNamed {
            option,
            path,
            cause,
        },
        other => other,
    })
}

fn read(path: &Path) -> Result<Source, CatalogError> {
    let text = yaml::read_file(path).map_err(|cause| CatalogError::Read {
        path: path.to_path_buf(),
        cause,
    })?;
    // A session records the files it was made with; an absolute path finds them again from
    // any folder.
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    Ok(Source {
        origin: Origin::file(path),
        text: Cow::Owned(text),
        path: Some(absolute),
    })
}

/// The YAML files directly in `dir` and in `dir/problems`, or none when `dir` does not exist.
fn yaml_files(dir: &Path) -> Result<Vec<PathBuf>, CatalogError> {
    let mut files = Vec::new();
    for folder in [dir.to_path_buf(), dir.join("problems")] {
        let entries = match std::fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => continue,
            Err(cause) => {
                return Err(CatalogError::Read {
                    path: folder,
                    cause,
                });
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path
                .extension()
                .is_some_and(|ext| ext == "yaml" || ext == "yml")
                && path.is_file()
            {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// "; did you mean `x`?" when a known id is close to what was typed.
pub(crate) fn suggest<'a>(typed: &str, known: impl Iterator<Item = &'a str>) -> String {
    known
        .map(|id| (strsim::damerau_levenshtein(typed, id), id))
        .filter(|(distance, id)| *distance <= 2.max(id.len() / 4))
        .min()
        .map(|(_, id)| format!("; did you mean `{id}`?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtins() -> Catalog {
        Catalog::discover(Path::new("/nonexistent-sdcoach-dir"), None, None).unwrap()
    }

    #[test]
    fn every_built_in_problem_loads_and_checks_against_its_procedure() {
        let catalog = builtins();
        let (loaded, errors) = catalog.load_all();
        assert!(errors.is_empty(), "{errors:#?}");
        assert!(loaded.iter().any(|l| l.problem.id == "twitter"));
    }

    #[test]
    fn the_build_time_index_agrees_with_the_problem_files() {
        let catalog = builtins();
        let (summaries, errors) = catalog.summaries();
        assert!(errors.is_empty(), "{errors:#?}");
        assert_eq!(
            builtin::BUILTIN_INDEX.len(),
            summaries.len(),
            "a built-in problem is missing from the index"
        );
        let (loaded, _) = catalog.load_all();
        let parsed: Vec<Summary> = loaded.iter().map(|l| Summary::of(&l.problem)).collect();
        assert_eq!(summaries, parsed);
    }

    #[test]
    fn a_typo_in_a_problem_id_gets_a_suggestion() {
        let err = builtins().load("twiter").unwrap_err();
        assert_eq!(
            err.to_string(),
            "there is no problem `twiter`; did you mean `twitter`?; `sdcoach list` shows the problems"
        );
    }

    #[test]
    fn a_user_file_replaces_the_built_in_of_the_same_id() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("problems")).unwrap();
        let text = include_str!("../../procedures/problems/twitter.yaml")
            .replace("title: Twitter", "title: My Twitter");
        std::fs::write(dir.path().join("problems/twitter.yaml"), text).unwrap();
        let catalog = Catalog::discover(dir.path(), None, None).unwrap();
        let loaded = catalog.load("twitter").unwrap();
        assert_eq!(loaded.problem.title, "My Twitter");
        assert!(loaded.problem_file.is_some());
    }
}
