//! Escaping user text so that nothing a user types can break the Markdown around it.

/// Escapes one line of user text for use inside a paragraph, list item or table cell: every
/// character with inline meaning is backslash-escaped, and so is anything that would start a
/// block (heading, quote, list, fence, thematic break) at the start of the line.
pub fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.trim_start().chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '!' | '#' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    escape_block_start(out)
}

/// Markers that open a block only at the start of a line: `-`, `+`, `=`, and `1.` / `1)`.
fn escape_block_start(line: String) -> String {
    let first = line.chars().next();
    if matches!(first, Some('-' | '+' | '=')) {
        return format!("\\{line}");
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && matches!(line[digits..].chars().next(), Some('.' | ')')) {
        return format!("{}\\{}", &line[..digits], &line[digits..]);
    }
    line
}

/// Escapes multi-line user text as a sequence of lines that stay one paragraph each.
pub fn block(text: &str) -> String {
    text.lines()
        .map(|line| {
            if line.trim().is_empty() {
                String::new()
            } else {
                inline(line)
            }
        })
        .collect::<Vec<_>>()
        .join("  \n")
        .replace("  \n  \n", "\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders Markdown to its plain text, the way a reader sees it.
    fn rendered(markdown: &str) -> String {
        use pulldown_cmark::{Event, Parser};
        Parser::new(markdown)
            .filter_map(|event| match event {
                Event::Text(text) | Event::Code(text) => Some(text.into_string()),
                Event::SoftBreak | Event::HardBreak | Event::End(_) => Some("\n".into()),
                _ => None,
            })
            .collect::<String>()
            .trim_end()
            .to_string()
    }

    #[test]
    fn hostile_lines_render_as_the_text_that_was_typed() {
        let lines = [
            "# not a heading",
            "> not a quote",
            "- not a list",
            "1. not a list",
            "```rust",
            "<script>alert(1)</script>",
            "a | b | c",
            "**bold** _em_ [link](x) ![img](y)",
            "&copy; &amp;",
            "---",
            "===",
            "back\\slash",
            "    indented code?",
        ];
        for line in lines {
            assert_eq!(rendered(&inline(line)), line.trim_start(), "{line}");
        }
    }

    #[test]
    fn blocks_keep_their_line_breaks() {
        let text = "first line\n# second\n\nnew paragraph";
        assert_eq!(
            rendered(&block(text)),
            "first line\n# second\nnew paragraph"
        );
    }

    proptest::proptest! {
        #[test]
        fn any_line_renders_verbatim(line in "[ -~]{0,40}") {
            let expected = line.trim_start().trim_end();
            let got = rendered(&inline(&line));
            proptest::prop_assert_eq!(got.trim_end(), expected);
        }
    }
}
