//! Everything sdcoach writes for a person to read passes through here: standard output,
//! messages on standard error, the interview on the terminal and exported files. Answers,
//! problem and procedure files, session ids and calc expressions can all carry escape
//! sequences (a clipboard write, a title change, a terminal reset), so each of these sinks
//! shows control characters as visible text instead of sending them to the terminal.
//! Writing to the streams any other way is refused by clippy (see `clippy.toml`).

use std::borrow::Cow;
use std::io::Write;

use console::Term;

/// Text made safe for a screen or a Markdown file: each control character (ESC, BEL, C1
/// codes, a carriage return) is shown as `\x1b` and the like; line breaks and tabs stay.
pub(crate) fn sanitize(text: &str) -> Cow<'_, str> {
    replace_unsafe(text, |c| format!("\\x{:02x}", u32::from(c)))
}

/// `text` with its control characters made visible, as `sanitize` shows them. Text read from
/// files and typed by the user goes through this once, where it enters, so that the only
/// escape sequences the terminal sink ever sees are sdcoach's own styles.
pub(crate) fn visible(text: String) -> String {
    match sanitize(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(shown) => shown,
    }
}

pub(crate) fn is_unsafe(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// The text with each unsafe character replaced; borrowed when there is none, as nearly
/// always.
fn replace_unsafe(text: &str, replacement: fn(char) -> String) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_unsafe(c) {
            out.push_str(&replacement(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The colour and emphasis sequences sdcoach's own styles produce (reset, bold, dim,
/// underline, red, green, yellow, cyan). Only these pass the terminal sink, and only while
/// colour is on; from a file they could at most colour text, never move the cursor, retitle
/// the window, reset the terminal or reach the clipboard.
const OWN_STYLES: [&str; 8] = [
    "\x1b[0m", "\x1b[1m", "\x1b[2m", "\x1b[4m", "\x1b[31m", "\x1b[32m", "\x1b[33m", "\x1b[36m",
];

/// Like `sanitize`, but with colour on the styles of `OWN_STYLES` stay.
fn sanitize_styled(text: &str, colour: bool) -> Cow<'_, str> {
    if !colour {
        return sanitize(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        match OWN_STYLES.iter().find(|style| rest.starts_with(**style)) {
            Some(style) => {
                out.push_str(style);
                rest = &rest[style.len()..];
            }
            None => {
                out.push_str(&sanitize(&rest[..c.len_utf8()]));
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    Cow::Owned(out)
}

/// Options for wrapping text for a person at `width`: lines break at spaces only, never
/// after a slash and never between a number and its unit, so "463 K/s" and "1 KB" stay whole.
pub(crate) fn wrapping<'a>(width: usize) -> textwrap::Options<'a> {
    textwrap::Options::new(width).word_separator(textwrap::WordSeparator::Custom(figure_words))
}

fn figure_words(line: &str) -> Box<dyn Iterator<Item = textwrap::core::Word<'_>> + '_> {
    let mut words = Vec::new();
    let mut start = 0;
    let mut rest = line;
    while let Some(space) = rest.find(' ') {
        let at = line.len() - rest.len() + space;
        let next = line[at..].trim_start_matches(' ');
        let end = line.len() - next.len();
        let unit = next.split(' ').next().unwrap_or_default();
        let figure = line[start..at].ends_with(|c: char| c.is_ascii_digit()) && is_unit(unit);
        if !figure {
            words.push(textwrap::core::Word::from(&line[start..end]));
            start = end;
        }
        rest = next;
    }
    if start < line.len() {
        words.push(textwrap::core::Word::from(&line[start..]));
    }
    Box::new(words.into_iter())
}

/// A short word that reads as the unit of the number before it: `KB`, `K/s`, `%`, `ms`.
fn is_unit(word: &str) -> bool {
    let word = word.trim_end_matches(['.', ',', ';', ':', ')']);
    (1..=5).contains(&word.chars().count())
        && word.starts_with(|c: char| c.is_alphabetic() || c == '%' || c == '/')
        && word != "a"
        && word != "and"
        && word != "or"
        && word != "to"
}

/// Writes to standard output and flushes.
pub(crate) fn stdout(text: &str) -> std::io::Result<()> {
    #[expect(
        clippy::disallowed_methods,
        reason = "this is the standard output sink"
    )]
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(sanitize(text).as_bytes())
        .and_then(|()| stdout.flush())
}

/// A line for the user on standard error. A closed or full stderr loses the line, never the
/// command: there is nowhere left to report that.
pub(crate) fn note(text: &str) {
    #[expect(clippy::disallowed_methods, reason = "this is the standard error sink")]
    let mut stderr = std::io::stderr();
    let _ = writeln!(stderr, "{}", sanitize(text));
}

/// A line of the interview on the terminal, in sdcoach's own colours.
#[expect(clippy::disallowed_methods, reason = "this is the terminal sink")]
pub(crate) fn term_line(term: &Term, text: &str) -> std::io::Result<()> {
    let colour = console::colors_enabled() || console::colors_enabled_stderr();
    term.write_line(&sanitize_styled(text, colour))
}

/// Pretty JSON with every control character escaped. serde_json escapes those below space
/// but writes DEL and the C1 codes raw, and a terminal may act on those.
pub(crate) fn json<T: serde::Serialize>(value: &T) -> serde_json::Result<String> {
    let text = serde_json::to_string_pretty(value)?;
    // Outside strings pretty JSON has only line breaks and spaces, so every unsafe character
    // is inside a string, where `\u` is its escape.
    Ok(replace_unsafe(&text, |c| format!("\\u{:04x}", u32::from(c))).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_and_line_breaks_kept() {
        assert_eq!(
            sanitize("a\x1b]52;c;aGk=\x07\tb\nc\u{9b}2J\r"),
            "a\\x1b]52;c;aGk=\\x07\tb\nc\\x9b2J\\x0d"
        );
        assert!(matches!(sanitize("plain ✓ text"), Cow::Borrowed(_)));
    }

    #[test]
    fn lines_never_break_inside_a_figure() {
        let text = "storage per day = 1.16 K/s x 1 day x 1 KB = 100 GB over 20 % of reads";
        for width in 10..40 {
            let wrapped = textwrap::fill(text, wrapping(width));
            for figure in ["1.16 K/s", "1 KB", "100 GB", "20 %"] {
                assert!(wrapped.contains(figure), "{width}: {wrapped}");
            }
        }
    }

    #[test]
    fn json_escapes_what_serde_json_leaves_raw() {
        let text = json(&serde_json::json!({"id": "x\u{9b}y\u{7f}\x1b"})).unwrap();
        assert_eq!(text, "{\n  \"id\": \"x\\u009by\\u007f\\u001b\"\n}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["id"], "x\u{9b}y\u{7f}\x1b");
    }

    #[test]
    fn only_own_styles_pass_the_terminal_sink() {
        let styled = format!(
            "{} \x1b[2J\x1b[8m",
            console::style("bold").bold().force_styling(true)
        );
        assert_eq!(
            sanitize_styled(&styled, true),
            "\x1b[1mbold\x1b[0m \\x1b[2J\\x1b[8m"
        );
        assert_eq!(sanitize_styled(&styled, false), sanitize(&styled));
    }
}
