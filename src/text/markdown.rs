//! Markdown in and out: escaping user text so that nothing a user types can break the
//! Markdown around it, and showing a problem's Markdown notes as styled terminal text.

use console::Style;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::text::output::sanitize;

/// Escapes one line of user text for use inside a paragraph, list item or table cell: every
/// character with inline meaning is backslash-escaped, and so is anything that would start a
/// block (heading, quote, list, fence, thematic break) at the start of the line.
pub(crate) fn inline(text: &str) -> String {
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
pub(crate) fn block(text: &str) -> String {
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

/// Markdown as terminal text, wrapped at `width` after `indent`: bold and headings bold,
/// inline code cyan, list items bulleted and indented by depth, code blocks kept line for line
/// and never wrapped. The source's escape characters are shown, not sent.
pub(crate) fn for_terminal(markdown: &str, width: usize, indent: &str) -> String {
    let mut page = Page::new(width, indent);
    for (event, range) in Parser::new(markdown).into_offset_iter() {
        let opens_block = matches!(
            event,
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::List(_) | Tag::CodeBlock(_))
                | Event::Rule
        );
        // A blank line in the source between two blocks stays one on screen.
        let before = markdown[..range.start].trim_end_matches([' ', '\t']);
        if opens_block
            && page.lists.is_empty()
            && !page.lines.is_empty()
            && before.ends_with("\n\n")
        {
            page.lines.push(String::new());
        }
        page.take(event);
    }
    page.lines.join("\n")
}

/// The rendering so far: finished lines, the words of the block being built, and where in
/// the nesting of lists, emphasis and code the parser is.
struct Page<'a> {
    width: usize,
    indent: &'a str,
    lines: Vec<String>,
    words: Vec<String>,
    /// The marker of the next word: a bullet or number that opens a list item.
    marker: Option<String>,
    /// One entry per open list: the next number, or none for bullets.
    lists: Vec<Option<u64>>,
    bold: usize,
    code_block: bool,
}

impl<'a> Page<'a> {
    fn new(width: usize, indent: &'a str) -> Page<'a> {
        Page {
            width,
            indent,
            lines: Vec::new(),
            words: Vec::new(),
            marker: None,
            lists: Vec::new(),
            bold: 0,
            code_block: false,
        }
    }

    fn take(&mut self, event: Event) {
        match event {
            Event::Start(Tag::Strong | Tag::Heading { .. }) => self.bold += 1,
            Event::End(TagEnd::Strong) => self.bold -= 1,
            Event::End(TagEnd::Heading(_)) => {
                self.bold -= 1;
                self.flush();
            }
            Event::Start(Tag::List(start)) => {
                self.flush();
                self.lists.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                self.flush();
                self.lists.pop();
            }
            Event::Start(Tag::Item) => {
                self.flush();
                let marker = match self.lists.last_mut() {
                    Some(Some(number)) => {
                        *number += 1;
                        format!("{}.", *number - 1)
                    }
                    _ => "-".to_string(),
                };
                self.marker = Some(marker);
            }
            Event::Start(Tag::CodeBlock(_)) => {
                self.flush();
                self.code_block = true;
            }
            Event::End(TagEnd::CodeBlock) => self.code_block = false,
            Event::End(TagEnd::Paragraph | TagEnd::Item) | Event::HardBreak => self.flush(),
            Event::Text(text) if self.code_block => self.code_lines(&text),
            Event::Text(text) => self.add_words(&text, self.text_style()),
            Event::Code(code) => self.add_words(&code, Style::new().cyan()),
            Event::SoftBreak => self.words.push(String::new()),
            Event::Rule => {
                self.flush();
                self.lines.push(format!("{}---", self.indent));
            }
            Event::Html(html) | Event::InlineHtml(html) => self.add_words(&html, Style::new()),
            _ => {}
        }
    }

    fn text_style(&self) -> Style {
        if self.bold > 0 {
            Style::new().bold()
        } else {
            Style::new()
        }
    }

    /// Each word styled on its own, so that a style never runs on past a line break.
    fn add_words(&mut self, text: &str, style: Style) {
        let text = sanitize(text);
        let glued = !text.starts_with(char::is_whitespace);
        for (index, word) in text.split_whitespace().enumerate() {
            let styled = style.apply_to(word).to_string();
            match self.words.last_mut() {
                Some(last) if index == 0 && glued => last.push_str(&styled),
                _ => self.words.push(styled),
            }
        }
        if text.ends_with(char::is_whitespace) {
            self.words.push(String::new());
        }
    }

    fn depth_indent(&self) -> String {
        format!(
            "{}{}",
            self.indent,
            "  ".repeat(self.lists.len().saturating_sub(1))
        )
    }

    fn code_lines(&mut self, text: &str) {
        let indent = format!("{}    ", self.depth_indent());
        for line in sanitize(text).lines() {
            self.lines
                .push(format!("{indent}{line}").trim_end().to_string());
        }
    }

    /// Ends the block being built: its words wrapped under the list marker, if any.
    fn flush(&mut self) {
        let words: Vec<String> = std::mem::take(&mut self.words)
            .into_iter()
            .filter(|word| !word.is_empty())
            .collect();
        if words.is_empty() {
            return;
        }
        let indent = self.depth_indent();
        let (first, rest) = match self.marker.take() {
            Some(marker) => {
                let hang = " ".repeat(marker.len() + 1);
                (format!("{indent}{marker} "), format!("{indent}{hang}"))
            }
            None => (indent.clone(), indent),
        };
        let options = crate::text::output::wrapping(self.width)
            .initial_indent(&first)
            .subsequent_indent(&rest);
        let wrapped = textwrap::fill(&words.join(" "), options);
        self.lines.extend(wrapped.lines().map(str::to_string));
    }
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
    fn notes_show_as_styled_text_without_markup() {
        let notes = "**Traffic**\n- 100M tweets a day, `api_key` on each call, up to\n  280 characters\n- reads:\n  1. home timeline\n  2. profile\n\n```\npostTweet(api_key, text)\n```\nLast **word**.\n";
        let shown = console::strip_ansi_codes(&for_terminal(notes, 40, "  ")).to_string();
        assert_eq!(
            shown,
            "  Traffic\n  - 100M tweets a day, api_key on each\n    call, up to 280 characters\n  - reads:\n    1. home timeline\n    2. profile\n\n      postTweet(api_key, text)\n  Last word."
        );
    }

    #[test]
    fn escapes_in_notes_are_shown_not_sent() {
        let shown = for_terminal("a \x1b]52;c;eA==\x07 b", 40, "");
        assert!(
            !shown.contains('\x1b') && shown.contains("\\x1b"),
            "{shown:?}"
        );
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
