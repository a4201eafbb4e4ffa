//! Reading YAML content files with errors that point at the file, line and column.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use crate::text::output;

/// The largest content file we read; anything bigger is refused before parsing.
pub(crate) const MAX_FILE_BYTES: usize = 1024 * 1024;

/// Reads a file that is parsed as YAML: at most `MAX_FILE_BYTES` are read, so a huge file
/// (or a device such as /dev/zero) is refused without filling memory, and text that is not
/// UTF-8 is refused with the offset of the first bad byte. Both errors are the file's fault,
/// which `is_bad_content` tells apart from the machine's.
pub(crate) fn read_file(path: &std::path::Path) -> std::io::Result<String> {
    utf8(read_bounded(path)?)
}

/// The bytes of a file of at most `MAX_FILE_BYTES`; a bigger one is refused unread.
pub(crate) fn read_bounded(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            format!("the file is larger than {MAX_FILE_BYTES} bytes, the most sdcoach reads"),
        ));
    }
    Ok(bytes)
}

/// The bytes as text, or an error with the offset of the first byte that is not UTF-8.
pub(crate) fn utf8(bytes: Vec<u8>) -> std::io::Result<String> {
    String::from_utf8(bytes).map_err(|err| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "the file is not UTF-8 text (byte {} is not valid); save it as UTF-8",
                err.utf8_error().valid_up_to()
            ),
        )
    })
}

/// Whether a `read_file` error blames the file's content rather than the machine.
pub(crate) fn is_bad_content(err: &std::io::Error) -> bool {
    matches!(
        err.kind(),
        std::io::ErrorKind::FileTooLarge | std::io::ErrorKind::InvalidData
    )
}

/// Whether an error reading or writing a file the user named or keeps is theirs to fix: its
/// content, or a path that is missing, a folder, or not theirs to use.
pub(crate) fn is_users_file_fault(err: &std::io::Error) -> bool {
    use std::io::ErrorKind;
    is_bad_content(err)
        || matches!(
            err.kind(),
            ErrorKind::NotFound
                | ErrorKind::PermissionDenied
                | ErrorKind::IsADirectory
                | ErrorKind::NotADirectory
        )
}

/// Where a piece of content came from: built into the binary or a file on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin(String);

impl Origin {
    pub fn builtin(path: &str) -> Self {
        Origin(format!("(built-in) {path}"))
    }

    pub(crate) fn file(path: &std::path::Path) -> Self {
        Origin(path.display().to_string())
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A problem found in a content file, with its position when one is known. The message
/// may quote the file (serde quotes a wrong value whole), so each quote is bounded: a file
/// that is not what it should be, a link to another file say, shows at most a line of it.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{origin}{}: {}", position(*.line, *.column), bound_quotes(message))]
pub struct LoadError {
    pub(crate) origin: Origin,
    pub(crate) line: Option<usize>,
    pub(crate) column: Option<usize>,
    pub(crate) message: String,
}

fn position(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(line), Some(column)) => format!(":{line}:{column}"),
        (Some(line), None) => format!(":{line}"),
        _ => String::new(),
    }
}

/// The most characters of a quote from a file that an error message shows.
const MAX_QUOTED_CHARS: usize = 60;

/// The message with each `"…"` and `` `…` `` quote cut to its first line and at most
/// `MAX_QUOTED_CHARS` characters.
fn bound_quotes(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(1024));
    let mut rest = message;
    while let Some(open) = rest.find(['"', '`']) {
        let delimiter = &rest[open..=open];
        out.push_str(&rest[..=open]);
        let quoted = &rest[open + 1..];
        let close = closing(quoted, delimiter);
        out.push_str(&shortened(&quoted[..close]));
        rest = &quoted[close..];
        if let Some(after) = rest.strip_prefix(delimiter) {
            out.push_str(delimiter);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Where the quote that `text` starts ends: the next unescaped `"`, or the next backtick;
/// the end of the text when it is never closed.
fn closing(text: &str, delimiter: &str) -> usize {
    if delimiter == "`" {
        return text.find('`').unwrap_or(text.len());
    }
    let mut escaped = false;
    for (index, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return index,
            _ => {}
        }
    }
    text.len()
}

fn shortened(quote: &str) -> std::borrow::Cow<'_, str> {
    let line = quote.lines().next().unwrap_or_default();
    if line.len() == quote.len() && quote.chars().count() <= MAX_QUOTED_CHARS {
        return quote.into();
    }
    let kept: String = line.chars().take(MAX_QUOTED_CHARS - 1).collect();
    format!("{kept}…").into()
}

impl LoadError {
    pub(crate) fn new(origin: &Origin, line: Option<usize>, message: impl Into<String>) -> Self {
        LoadError {
            origin: origin.clone(),
            line,
            column: None,
            message: message.into(),
        }
    }
}

/// Parses `text` as `T`, refusing oversized input and naming the position of any error.
pub(crate) fn parse<T: DeserializeOwned>(origin: &Origin, text: &str) -> Result<T, LoadError> {
    // Some editors start a UTF-8 file with a byte order mark; it is not content.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
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
    if let Some(line) = too_deep(text) {
        return Err(LoadError::new(
            origin,
            Some(line),
            format!(
                "brackets are nested more than {MAX_FLOW_NESTING} deep; content files never need that"
            ),
        ));
    }
    let parsed = serde_yaml::from_str(text).map_err(|err| {
        let location = err.location();
        let message = strip_position(&err.to_string());
        // The reader knows only where the mapping starts; the second key is the one to fix.
        if let Some(key) = twice_named(&message) {
            let starts = |line: &&str| {
                let line = line.trim_start().trim_start_matches(['"', '\'']);
                line.strip_prefix(key)
                    .is_some_and(|rest| rest.starts_with([':', '"', '\'']))
            };
            let line = text.lines().enumerate().filter(|(_, l)| starts(l)).nth(1);
            let line = line.map(|(index, _)| index + 1);
            return LoadError::new(origin, line, message);
        }
        LoadError {
            origin: origin.clone(),
            line: location.as_ref().map(|l| l.line()),
            column: location.as_ref().map(|l| l.column()),
            message,
        }
    })?;
    // A control character can only come from the text itself or from a backslash escape
    // in a double-quoted string; only then is the file read a second time to show them.
    if !text.contains('\\') && !text.chars().any(output::is_unsafe) {
        return Ok(parsed);
    }
    let shown = serde_yaml::from_str(text)
        .map(visible_strings)
        .and_then(serde_yaml::from_value);
    Ok(shown.unwrap_or(parsed))
}

/// Every string of `value`, keys too, with its control characters made visible.
fn visible_strings(value: serde_yaml::Value) -> serde_yaml::Value {
    use serde_yaml::Value;
    match value {
        Value::String(text) => Value::String(output::visible(text)),
        Value::Sequence(items) => Value::Sequence(items.into_iter().map(visible_strings).collect()),
        Value::Mapping(map) => Value::Mapping(
            map.into_iter()
                .map(|(key, value)| (visible_strings(key), visible_strings(value)))
                .collect(),
        ),
        Value::Tagged(tagged) => {
            let serde_yaml::value::TaggedValue { tag, value } = *tagged;
            let value = visible_strings(value);
            Value::Tagged(Box::new(serde_yaml::value::TaggedValue { tag, value }))
        }
        scalar => scalar,
    }
}

/// serde_yaml refuses nesting deeper than 128, but only after its parser has read the whole
/// file, which takes seconds for a megabyte of `[`. Far above anything real, this bound keeps
/// that parse short.
const MAX_FLOW_NESTING: usize = 1000;

/// The line where `[` and `{` first nest deeper than `MAX_FLOW_NESTING`. Brackets inside quotes
/// and comments count too: text with a thousand unclosed brackets is refused either way.
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut line = 1;
    for byte in text.bytes() {
        match byte {
            b'[' | b'{' => depth += 1,
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'\n' => line += 1,
            _ => {}
        }
        if depth > MAX_FLOW_NESTING {
            return Some(line);
        }
    }
    None
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
pub(crate) fn line_of(text: &str, needle: &str, nth: usize) -> Option<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| line.contains(needle))
        .nth(nth)
        .map(|(index, _)| index + 1)
}

const TWICE: &str = " appears twice in the same mapping; each key may appear once";

/// The key of a `unique_keys` error message.
fn twice_named(message: &str) -> Option<&str> {
    let quoted = message.strip_suffix(TWICE)?;
    let end = quoted.rfind('`')?;
    let start = quoted[..end].rfind('`')?;
    Some(&quoted[start + 1..end])
}

/// A mapping whose keys must differ: YAML readers keep the last of two equal keys, which
/// would drop a concept or an answer without a word. Use with `deserialize_with`.
pub(crate) fn unique_keys<'de, D, K, V>(deserializer: D) -> Result<BTreeMap<K, V>, D::Error>
where
    D: Deserializer<'de>,
    K: Deserialize<'de> + Ord + fmt::Display,
    V: Deserialize<'de>,
{
    struct Keys<K, V>(std::marker::PhantomData<(K, V)>);
    impl<'de, K, V> serde::de::Visitor<'de> for Keys<K, V>
    where
        K: Deserialize<'de> + Ord + fmt::Display,
        V: Deserialize<'de>,
    {
        type Value = BTreeMap<K, V>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a mapping")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut entries = BTreeMap::new();
            while let Some(key) = map.next_key::<K>()? {
                if entries.contains_key(&key) {
                    return Err(serde::de::Error::custom(format!("`{key}`{TWICE}")));
                }
                let value = map.next_value()?;
                entries.insert(key, value);
            }
            Ok(entries)
        }
    }
    deserializer.deserialize_map(Keys(std::marker::PhantomData))
}

/// A YAML scalar read as text, so that `2`, `2.5`, `true` and `"2"` are all accepted where
/// an answer or assumption is written the way a person would type it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub(crate) struct Scalar(pub(crate) String);

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

/// A month in a file is written as in an option: a number, or text such as `2.5M`.
/// It is refused while the reader is at the value, so that the error has its line.
impl<'de> Deserialize<'de> for crate::units::quantity::MonthSeconds {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Month;
        impl serde::de::Visitor<'_> for Month {
            type Value = crate::units::quantity::MonthSeconds;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("the seconds in a month, such as 2592000 or 2.5M")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Self::Value, E> {
                text.parse().map_err(E::custom)
            }
            fn visit_u64<E: serde::de::Error>(self, seconds: u64) -> Result<Self::Value, E> {
                self.visit_str(&seconds.to_string())
            }
            fn visit_i64<E: serde::de::Error>(self, seconds: i64) -> Result<Self::Value, E> {
                self.visit_str(&seconds.to_string())
            }
            fn visit_f64<E: serde::de::Error>(self, seconds: f64) -> Result<Self::Value, E> {
                self.visit_str(&seconds.to_string())
            }
        }
        deserializer.deserialize_any(Month)
    }
}

/// A short description of a YAML value's shape for error messages.
pub(crate) fn describe(value: &serde_yaml::Value) -> &'static str {
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
    fn a_quote_in_a_message_shows_at_most_a_line_of_the_file() {
        let long = "x".repeat(500);
        assert_eq!(
            bound_quotes(&format!("invalid type: string \"{long}\", expected a map")),
            format!(
                "invalid type: string \"{}…\", expected a map",
                "x".repeat(59)
            )
        );
        assert_eq!(
            bound_quotes("unknown field `first\nsecret`, expected `name`"),
            "unknown field `first…`, expected `name`"
        );
        let escaped = r#"string "a \" b", expected `c`"#;
        assert_eq!(bound_quotes(escaped), escaped);
        assert_eq!(
            bound_quotes(&format!("never closed \"{long}")),
            format!("never closed \"{}…", "x".repeat(59))
        );
    }

    #[test]
    fn a_key_given_twice_is_refused_at_its_second_line() {
        #[derive(Debug, Deserialize)]
        struct Map(#[serde(deserialize_with = "unique_keys")] BTreeMap<String, String>);
        let origin = Origin::file(std::path::Path::new("x.yaml"));
        let err = parse::<Map>(&origin, "data: 1\na: 2\nb: 3\n\"a\": 4\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.yaml:4: `a` appears twice in the same mapping; each key may appear once"
        );
        let map = parse::<Map>(&origin, "a: 1\nb: 2\n").unwrap();
        assert_eq!(map.0.len(), 2);
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

    /// Nine levels of ten aliases each would expand to a billion strings.
    fn billion_laughs() -> String {
        let mut text = String::from("a0: &a0 [lol]\n");
        for level in 1..10 {
            let refs = vec![format!("*a{}", level - 1); 10].join(", ");
            text.push_str(&format!("a{level}: &a{level} [{refs}]\n"));
        }
        text
    }

    #[test]
    fn alias_expansion_and_deep_nesting_are_refused_quickly() {
        let origin = Origin::builtin("bomb.yaml");
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let bomb = billion_laughs();
        for (text, expected) in [
            (bomb.as_str(), "repetition limit exceeded"),
            (deep.as_str(), "nested more than 1000 deep"),
            (&deep[99_800..100_200], "recursion limit exceeded"),
        ] {
            let started = std::time::Instant::now();
            let err = parse::<serde_yaml::Value>(&origin, text).unwrap_err();
            assert!(err.message.contains(expected), "{}", err.message);
            assert!(
                started.elapsed().as_millis() < 500,
                "{:?}",
                started.elapsed()
            );
        }
    }

    #[test]
    fn read_file_refuses_big_and_non_utf8_files_as_their_fault() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.yaml");
        std::fs::write(&big, "#".repeat(MAX_FILE_BYTES + 1)).unwrap();
        let err = read_file(&big).unwrap_err();
        assert!(is_bad_content(&err));
        assert!(
            err.to_string().contains("larger than 1048576 bytes"),
            "{err}"
        );
        let latin1 = dir.path().join("latin1.yaml");
        std::fs::write(&latin1, b"name: caf\xe9\n").unwrap();
        let err = read_file(&latin1).unwrap_err();
        assert!(is_bad_content(&err));
        assert!(err.to_string().contains("byte 9 is not valid"), "{err}");
        let missing = read_file(&dir.path().join("missing.yaml")).unwrap_err();
        assert!(!is_bad_content(&missing));
        assert!(is_users_file_fault(&missing));
        assert!(is_users_file_fault(&read_file(dir.path()).unwrap_err()));
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
