//! One line typed at the terminal, with the usual editing keys. The terminal's own signal keys
//! stay on while it is read, so Ctrl-C and Ctrl-Z reach the process as signals whether a key
//! or `kill` sends them, and every signal takes the one path through `signals`.

use std::io;
use std::os::fd::AsFd;

use console::{Term, style};
use rustix::termios::{self, InputModes, LocalModes, OptionalActions, SpecialCodeIndex, Termios};

use crate::text::output::sanitize;
use crate::ui::prompter::PromptError;
use crate::ui::signals::{self, Wake};

/// What the input line shows before the typing.
pub(crate) struct LinePrompt<'a> {
    pub(crate) label: &'a str,
    /// Taken when Enter is pressed on nothing.
    pub(crate) default: Option<&'a str>,
    /// Already typed, to be edited.
    pub(crate) initial: Option<&'a str>,
}

/// Reads one line. Bytes that came after its end (a pasted block of lines) are kept in
/// `typed_ahead` for the next read. A dumb terminal edits the line itself, and is sent no
/// escape sequence.
pub(crate) fn read_line(
    term: &Term,
    typed_ahead: &mut Vec<u8>,
    prompt: &LinePrompt,
) -> Result<String, PromptError> {
    if crate::ui::terminal::is_dumb() {
        return read_plain(term, typed_ahead, prompt);
    }
    let mode = KeyMode::enter().map_err(PromptError::Terminal)?;
    let mut editor = Editor::new(term, prompt);
    loop {
        if let Some(line) = editor.type_keys(typed_ahead) {
            return Ok(line);
        }
        editor.draw();
        match signals::wait(io::stdin()) {
            Wake::Input => read_more(typed_ahead)?,
            Wake::Suspend => {
                mode.leave();
                signals::suspend();
                mode.resume();
                // The shell has written below the line: it is drawn again from there.
                editor.forget_drawing();
            }
            // Continued after a stop this process did not ask for: the shell may have set
            // the terminal back to its own mode.
            Wake::Resume => mode.resume(),
            Wake::End => return Err(PromptError::Interrupted),
        }
    }
}

/// The line as a dumb terminal reads it: the terminal echoes and edits, and the prompt is
/// plain text; a previous answer is offered as the default rather than as editable text.
#[expect(
    clippy::disallowed_methods,
    reason = "the line editor draws its line itself, from sanitised parts"
)]
fn read_plain(
    term: &Term,
    typed_ahead: &mut Vec<u8>,
    prompt: &LinePrompt,
) -> Result<String, PromptError> {
    let offered = prompt.initial.or(prompt.default);
    let default = offered
        .map(|d| format!(" ({})", sanitize(d)))
        .unwrap_or_default();
    let shown = format!("{}{default} > ", sanitize(prompt.label));
    let _ = term.write_str(&shown);
    loop {
        if let Some(end) = typed_ahead.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = typed_ahead.drain(..=end).collect();
            let line = String::from_utf8_lossy(&line).trim_end().to_string();
            return Ok(match (line.is_empty(), prompt.initial) {
                (true, Some(_)) => String::new(),
                (true, None) => prompt.default.unwrap_or_default().to_string(),
                (false, _) => line,
            });
        }
        match signals::wait(io::stdin()) {
            Wake::Input => read_more(typed_ahead)?,
            Wake::Suspend => signals::suspend(),
            Wake::Resume => {
                let _ = term.write_str(&format!("\n{shown}"));
            }
            Wake::End => return Err(PromptError::Interrupted),
        }
    }
}

/// Appends what the keyboard has; the end of input or a terminal that went away ends the
/// interview as Ctrl-C does.
fn read_more(typed_ahead: &mut Vec<u8>) -> Result<(), PromptError> {
    let mut buffer = [0; 4096];
    match rustix::io::read(io::stdin(), &mut buffer) {
        Ok(0) | Err(rustix::io::Errno::IO) => Err(PromptError::Interrupted),
        Ok(read) => {
            typed_ahead.extend_from_slice(&buffer[..read]);
            Ok(())
        }
        Err(rustix::io::Errno::INTR | rustix::io::Errno::AGAIN) => Ok(()),
        Err(err) => Err(PromptError::Terminal(err.into())),
    }
}

/// The terminal set to deliver each key as it is typed, without echo; put back as found on
/// drop. Unlike a raw mode it keeps the signal keys, all but Ctrl-\ (a core dump that would
/// leave the session locked).
struct KeyMode {
    found: Termios,
    keys: Termios,
}

impl KeyMode {
    fn enter() -> io::Result<KeyMode> {
        let found = termios::tcgetattr(io::stdin())?;
        let mut keys = found.clone();
        keys.local_modes -= LocalModes::ICANON | LocalModes::ECHO | LocalModes::IEXTEN;
        keys.input_modes -= InputModes::IXON;
        keys.special_codes[SpecialCodeIndex::VMIN] = 1;
        keys.special_codes[SpecialCodeIndex::VTIME] = 0;
        keys.special_codes[SpecialCodeIndex::VQUIT] = 0;
        let mode = KeyMode { found, keys };
        mode.resume();
        Ok(mode)
    }

    /// Puts the terminal back as it was found, for a stop.
    fn leave(&self) {
        set_mode(&self.found);
    }

    /// Sets the key mode again, after a stop during which the shell had the terminal.
    fn resume(&self) {
        set_mode(&self.keys);
    }
}

impl Drop for KeyMode {
    fn drop(&mut self) {
        self.leave();
    }
}

fn set_mode(settings: &Termios) {
    // A terminal that cannot be set is one that went away; the read reports it.
    let _ = termios::tcsetattr(io::stdin().as_fd(), OptionalActions::Now, settings);
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Key {
    Char(char),
    Enter,
    Backspace,
    Delete,
    Left,
    Right,
    Home,
    End,
    /// Ctrl-U: everything before the cursor goes.
    ClearToStart,
    /// A key or escape sequence the line does nothing with.
    Ignored,
}

/// The first key in `bytes` and how many bytes it took; none while a key is incomplete.
fn next_key(bytes: &[u8]) -> Option<(Key, usize)> {
    let key = match *bytes.first()? {
        b'\r' | b'\n' => Key::Enter,
        0x7f | 0x08 => Key::Backspace,
        0x01 => Key::Home,
        0x05 => Key::End,
        0x15 => Key::ClearToStart,
        0x1b => return escape_sequence(bytes),
        byte if byte < 0x20 => Key::Ignored,
        byte if byte < 0x80 => Key::Char(char::from(byte)),
        byte => return utf8_char(bytes, byte),
    };
    Some((key, 1))
}

/// A key sent as ESC and more: `ESC [ ... final` or `ESC O x`. ESC alone is ignored.
fn escape_sequence(bytes: &[u8]) -> Option<(Key, usize)> {
    match bytes.get(1) {
        None => Some((Key::Ignored, 1)),
        Some(b'O') => {
            let key = match bytes.get(2)? {
                b'C' => Key::Right,
                b'D' => Key::Left,
                b'H' => Key::Home,
                b'F' => Key::End,
                _ => Key::Ignored,
            };
            Some((key, 3))
        }
        Some(b'[') => {
            let end = 2 + bytes[2..].iter().position(|b| (0x40..=0x7e).contains(b))?;
            let key = match (&bytes[2..end], bytes[end]) {
                (b"", b'C') => Key::Right,
                (b"", b'D') => Key::Left,
                (b"", b'H') | (b"1" | b"7", b'~') => Key::Home,
                (b"", b'F') | (b"4" | b"8", b'~') => Key::End,
                (b"3", b'~') => Key::Delete,
                _ => Key::Ignored,
            };
            Some((key, end + 1))
        }
        Some(_) => Some((Key::Ignored, 1)),
    }
}

fn utf8_char(bytes: &[u8], lead: u8) -> Option<(Key, usize)> {
    let length = match lead.leading_ones() {
        2 => 2,
        3 => 3,
        4 => 4,
        _ => return Some((Key::Ignored, 1)),
    };
    let encoded = bytes.get(..length)?;
    Some(
        match std::str::from_utf8(encoded)
            .ok()
            .and_then(|s| s.chars().next())
        {
            // C1 control codes are as unprintable as those below space.
            Some(c) if c.is_control() => (Key::Ignored, length),
            Some(c) => (Key::Char(c), length),
            None => (Key::Ignored, 1),
        },
    )
}

/// The line being typed and where it stands on the screen.
struct Editor<'a> {
    term: &'a Term,
    prefix: String,
    default: Option<&'a str>,
    chars: Vec<char>,
    cursor: usize,
    /// How far the cursor is from the start of the drawing, in columns; none when nothing
    /// of this line is on screen. Its row is worked out at the width of the moment, since a
    /// terminal that was resized has wrapped the drawing again.
    drawn_to: Option<usize>,
}

impl<'a> Editor<'a> {
    fn new(term: &'a Term, prompt: &LinePrompt<'a>) -> Editor<'a> {
        let default = prompt
            .default
            .map(|d| format!(" ({})", sanitize(d)))
            .unwrap_or_default();
        let chars: Vec<char> = prompt.initial.unwrap_or_default().chars().collect();
        Editor {
            term,
            prefix: format!(
                "{} {}{default} {} ",
                style("?").yellow(),
                style(sanitize(prompt.label)).bold(),
                style("›").dim()
            ),
            default: prompt.default,
            cursor: chars.len(),
            chars,
            drawn_to: None,
        }
    }

    /// Applies the keys typed so far; the line once Enter ends it, its drawing cleared.
    fn type_keys(&mut self, typed_ahead: &mut Vec<u8>) -> Option<String> {
        while let Some((key, used)) = next_key(typed_ahead) {
            typed_ahead.drain(..used);
            if key == Key::Enter {
                self.clear();
                return Some(self.text());
            }
            self.apply(key);
        }
        None
    }

    fn text(&self) -> String {
        match (self.chars.is_empty(), self.default) {
            (true, Some(default)) => default.to_string(),
            _ => self.chars.iter().collect(),
        }
    }

    fn apply(&mut self, key: Key) {
        match key {
            Key::Char(c) => {
                self.chars.insert(self.cursor, c);
                self.cursor += 1;
            }
            Key::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                self.chars.remove(self.cursor);
            }
            Key::Delete if self.cursor < self.chars.len() => {
                self.chars.remove(self.cursor);
            }
            Key::Left => self.cursor = self.cursor.saturating_sub(1),
            Key::Right => self.cursor = (self.cursor + 1).min(self.chars.len()),
            Key::Home => self.cursor = 0,
            Key::End => self.cursor = self.chars.len(),
            Key::ClearToStart => {
                self.chars.drain(..self.cursor);
                self.cursor = 0;
            }
            _ => {}
        }
    }

    /// Draws the prompt and the line again from its first row, at the terminal's width now.
    #[expect(
        clippy::disallowed_methods,
        reason = "the line editor draws its line itself, from sanitised parts"
    )]
    fn draw(&mut self) {
        let columns = self.columns();
        let before: String = self.chars[..self.cursor].iter().collect();
        let after: String = self.chars[self.cursor..].iter().collect();
        let (before, after) = (sanitize(&before), sanitize(&after));
        let mut out = self.back_to_start();
        out.push_str(&format!("{}{before}{after}", self.prefix));
        let end = console::measure_text_width(&format!("{}{before}{after}", self.prefix));
        if end > 0 && end.is_multiple_of(columns) {
            // The cursor waits at the end of a full row; moving it on keeps rows countable.
            out.push_str("\r\n");
        }
        let at = console::measure_text_width(&format!("{}{before}", self.prefix));
        let (row, column) = (at / columns, at % columns);
        if end / columns > row {
            out.push_str(&format!("\x1b[{}A", end / columns - row));
        }
        out.push('\r');
        if column > 0 {
            out.push_str(&format!("\x1b[{column}C"));
        }
        self.drawn_to = Some(at);
        let _ = self.term.write_str(&out);
    }

    /// Clears the drawing, leaving the cursor where its first row began.
    #[expect(
        clippy::disallowed_methods,
        reason = "the line editor draws its line itself, from sanitised parts"
    )]
    fn clear(&mut self) {
        let out = self.back_to_start();
        let _ = self.term.write_str(&out);
    }

    /// After a stop the shell has written below the line, so it is drawn afresh from there.
    fn forget_drawing(&mut self) {
        self.drawn_to = None;
    }

    fn back_to_start(&mut self) -> String {
        match self.drawn_to.take().map(|at| at / self.columns()) {
            Some(0) => "\r\x1b[J".to_string(),
            Some(rows) => format!("\x1b[{rows}A\r\x1b[J"),
            None => "\r".to_string(),
        }
    }

    fn columns(&self) -> usize {
        usize::from(self.term.size().1).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(mut bytes: &[u8]) -> Vec<Key> {
        let mut keys = Vec::new();
        while let Some((key, used)) = next_key(bytes) {
            keys.push(key);
            bytes = &bytes[used..];
        }
        keys
    }

    #[test]
    fn typed_bytes_become_keys() {
        assert_eq!(
            keys("aé\x1b[D\x1b[3~\x7f\r".as_bytes()),
            [
                Key::Char('a'),
                Key::Char('é'),
                Key::Left,
                Key::Delete,
                Key::Backspace,
                Key::Enter
            ]
        );
        assert_eq!(
            keys(b"\x1bOH\x1b[F\x15\x1b[200~"),
            [Key::Home, Key::End, Key::ClearToStart, Key::Ignored]
        );
    }

    #[test]
    fn a_key_cut_short_waits_for_the_rest() {
        assert_eq!(keys(b"x\x1b[3"), [Key::Char('x')]);
        assert_eq!(keys(&"é".as_bytes()[..1]), []);
    }
}
