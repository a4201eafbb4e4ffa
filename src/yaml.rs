//! Reading YAML content files with errors that point at the file, line and column.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

/// The largest content file we read; anything bigger is refused before parsing.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

/// Where a piece of content came from: built into the binary or a file on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin(String);

impl Origin {
    pub fn builtin(path: &str) -> Self {
        Origin(format!("(built-in) {path}"))
    }

    pub fn file(path: &std::path::Path) -> Self {
        Origin(path.display().to_string())
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A problem found in a content file, with its position when one is known.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{origin}{}: {message}", position(*.line, *.column))]
pub struct LoadError {
    pub origin: Origin,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

fn position(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(line), Some(column)) => format!(":{line}:{column}"),
        (Some(line), None) => format!(":{line}"),
        _ => String::new(),
    }
}

impl LoadError {
    pub fn new(origin: &Origin, line: Option<usize>, message: impl Into<String>) -> Self {
        LoadError {
            origin: origin.clone(),
            line,
            column: None,
            message: message.into(),
        }
    }
}

/// Parses `text` as `T`, refusing oversized input and naming the position of any error.
pub fn parse<T: DeserializeOwned>(origin: &Origin, text: &str) -> Result<T, LoadError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(LoadError::new(
            origin,
            None,
            format!(
                "the file is {} bytes; content files may be at most {MAX_FILE_BYTES} bytes",
                text.len()
            ),
        ));
    }
    serde_yaml::from_str(text).map_err(|err| {
        let location = err.location();
        LoadError {
            origin: origin.clone(),
            line: location.as_ref().map(|l| l.line()),
            column: location.as_ref().map(|l| l.column()),
            message: strip_position(&err.to_string()),
        }
    })
}

/// serde_yaml appends " at line L column C" to its messages; we print the position up front.
fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(index) => message[..index].to_string(),
        None => message.to_string(),
    }
}

/// The 1-based line of the `nth` (0-based) line of `text` that contains `needle`, used to
/// point semantic errors (duplicate ids, unknown references) at the offending line.
pub fn line_of(text: &str, needle: &str, nth: usize) -> Option<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| line.contains(needle))
        .nth(nth)
        .map(|(index, _)| index + 1)
}

/// A YAML scalar read as text, so that `2`, `2.5`, `true` and `"2"` are all accepted where
/// an answer or assumption is written the way a person would type it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct Scalar(pub String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match serde_yaml::Value::deserialize(deserializer)? {
            serde_yaml::Value::String(text) => Ok(Scalar(text)),
            serde_yaml::Value::Number(number) => Ok(Scalar(number.to_string())),
            serde_yaml::Value::Bool(flag) => Ok(Scalar(flag.to_string())),
            other => Err(serde::de::Error::custom(format!(
                "expected a single value (text or number), found {}",
                describe(&other)
            ))),
        }
    }
}

/// A short description of a YAML value's shape for error messages.
pub fn describe(value: &serde_yaml::Value) -> &'static str {
    match value {
        serde_yaml::Value::Null => "nothing (null)",
        serde_yaml::Value::Bool(_) => "true/false",
        serde_yaml::Value::Number(_) => "a number",
        serde_yaml::Value::String(_) => "text",
        serde_yaml::Value::Sequence(_) => "a list",
        serde_yaml::Value::Mapping(_) => "a mapping",
        serde_yaml::Value::Tagged(_) => "a tagged value",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        name: String,
    }

    #[test]
    fn an_unknown_field_names_file_line_and_column() {
        let origin = Origin::file(std::path::Path::new("x.yaml"));
        let err = parse::<Sample>(&origin, "name: a\nnmae: b\n").unwrap_err();
        assert_eq!(err.line, Some(2));
        let text = err.to_string();
        assert!(
            text.starts_with("x.yaml:2:1: unknown field `nmae`"),
            "{text}"
        );
        assert!(text.contains("expected `name`"), "{text}");
    }

    #[test]
    fn oversized_files_are_refused_before_parsing() {
        let origin = Origin::builtin("big.yaml");
        let text = "a".repeat(MAX_FILE_BYTES + 1);
        let err = parse::<Sample>(&origin, &text).unwrap_err();
        assert!(err.message.contains("at most"), "{}", err.message);
    }

    #[test]
    fn scalars_accept_numbers_and_booleans_as_text() {
        let values: Vec<Scalar> = serde_yaml::from_str("[2, 2.5, true, '5K']").unwrap();
        let texts: Vec<&str> = values.iter().map(|s| s.0.as_str()).collect();
        assert_eq!(texts, ["2", "2.5", "true", "5K"]);
    }

    #[test]
    fn line_of_finds_the_nth_occurrence() {
        let text = "- id: a\n- id: b\n- id: a\n";
        assert_eq!(line_of(text, "id: a", 1), Some(3));
        assert_eq!(line_of(text, "id: c", 0), None);
    }
}
