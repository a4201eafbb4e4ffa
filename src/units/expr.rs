//! The arithmetic shared by typed answers (`quantity`), declared formulas (`formula`) and the
//! calculator (`calc`): one tokenizer, one small expression tree, and values that carry
//! their physical dimensions. What the words mean is `quantity`'s unit table.

use std::fmt;

/// Longest input accepted anywhere; keeps parsing time and memory trivially bounded.
pub(crate) const MAX_INPUT_CHARS: usize = 256;
/// Deepest nesting of parentheses and signs; keeps recursion far from the stack limit.
const MAX_DEPTH: usize = 32;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Token {
    Number(f64),
    Word(String),
    Op(Op),
    Open,
    Close,
    Percent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
}

impl Op {
    pub(crate) fn symbol(self) -> &'static str {
        match self {
            Op::Add => "+",
            Op::Sub => "-",
            Op::Mul => "×",
            Op::Div => "÷",
            Op::Pow => "^",
        }
    }

    pub(crate) fn precedence(self) -> u8 {
        match self {
            Op::Add | Op::Sub => 1,
            Op::Mul | Op::Div => 2,
            Op::Pow => 3,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Number(f64),
    Word(String),
    Percent(Box<Node>),
    Negate(Box<Node>),
    Binary(Op, Box<Node>, Box<Node>),
}

/// A syntax problem, phrased for the person who typed the text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyntaxError {
    #[error("the input is {len} characters long; at most {MAX_INPUT_CHARS} are accepted")]
    TooLong { len: usize },
    #[error("nothing was given; expected a number, a unit or an expression")]
    Empty,
    #[error("unexpected character '{0}'; expected digits, letters, + - * / ^ ( ) or %")]
    BadChar(char),
    #[error("'{0}' is not a number; thousands separators must group exactly three digits")]
    BadNumber(String),
    #[error("'{found}' came unexpectedly; expected {expected}")]
    Unexpected {
        found: String,
        expected: &'static str,
    },
    #[error("the expression ended early; expected {0}")]
    EndedEarly(&'static str),
    #[error("parentheses nest more than {MAX_DEPTH} levels deep")]
    TooDeep,
}

pub(crate) fn tokenize(input: &str) -> Result<Vec<Token>, SyntaxError> {
    let len = input.chars().count();
    if len > MAX_INPUT_CHARS {
        return Err(SyntaxError::TooLong { len });
    }
    let chars: Vec<char> = input.chars().collect();
    let mut tokens = Vec::new();
    let mut at = 0;
    while let Some(&c) = chars.get(at) {
        let (token, next) = match c {
            c if c.is_whitespace() => {
                at += 1;
                continue;
            }
            '0'..='9' | '.' => number_at(&chars, at)?,
            c if is_word_start(c) => word_at(&chars, at),
            // `**` is the power in most programming languages, as `^` is in writing.
            '*' if chars.get(at + 1) == Some(&'*') => (Token::Op(Op::Pow), at + 2),
            _ => (symbol(c)?, at + 1),
        };
        tokens.push(token);
        at = next;
    }
    Ok(tokens)
}

fn symbol(c: char) -> Result<Token, SyntaxError> {
    Ok(match c {
        '+' => Token::Op(Op::Add),
        '-' | '−' => Token::Op(Op::Sub),
        '*' | '×' | '·' => Token::Op(Op::Mul),
        '/' | '÷' | ':' => Token::Op(Op::Div),
        '^' => Token::Op(Op::Pow),
        '(' => Token::Open,
        ')' => Token::Close,
        '%' => Token::Percent,
        other => return Err(SyntaxError::BadChar(other)),
    })
}

fn is_word_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || c == 'µ' || c == 'μ'
}

fn word_at(chars: &[char], start: usize) -> (Token, usize) {
    let end = scan(chars, start, |c| is_word_start(c) || c.is_ascii_digit());
    (Token::Word(chars[start..end].iter().collect()), end)
}

fn scan(chars: &[char], from: usize, accept: impl Fn(char) -> bool) -> usize {
    let mut at = from;
    while chars.get(at).is_some_and(|&c| accept(c)) {
        at += 1;
    }
    at
}

/// Reads `1,000,000`, `1.5`, `.5` and `2e9`; an `e` only counts as an exponent when digits
/// follow, so `5 EB` and `5e` still read as a number and a word.
fn number_at(chars: &[char], start: usize) -> Result<(Token, usize), SyntaxError> {
    let mut end = scan(chars, start, |c| c.is_ascii_digit() || c == ',' || c == '.');
    if let Some(exponent_end) = exponent_end(chars, end) {
        end = exponent_end;
    }
    let text: String = chars[start..end].iter().collect();
    let value = parse_number(&text).ok_or_else(|| SyntaxError::BadNumber(text.clone()))?;
    Ok((Token::Number(value), end))
}

fn exponent_end(chars: &[char], at: usize) -> Option<usize> {
    if !matches!(chars.get(at), Some('e' | 'E')) {
        return None;
    }
    let digits_from = match chars.get(at + 1) {
        Some('+' | '-') => at + 2,
        _ => at + 1,
    };
    let end = scan(chars, digits_from, |c| c.is_ascii_digit());
    (end > digits_from).then_some(end)
}

fn parse_number(text: &str) -> Option<f64> {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => text.split_at(at),
        None => (text, ""),
    };
    let plain = strip_thousands(mantissa)?;
    let value: f64 = format!("{plain}{exponent}").parse().ok()?;
    value.is_finite().then_some(value)
}

fn strip_thousands(mantissa: &str) -> Option<String> {
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (mantissa, None),
    };
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or_default();
    let grouped_ok = groups.all(|g| g.len() == 3) && (!whole.contains(',') || !first.is_empty());
    if !grouped_ok || fraction.is_some_and(|f| f.contains([',', '.'])) {
        return None;
    }
    let mut plain = whole.replace(',', "");
    if let Some(fraction) = fraction {
        plain.push('.');
        plain.push_str(fraction);
    }
    (plain != "." && !plain.is_empty()).then_some(plain)
}

/// Parses tokens into a tree. A word or `%` right after a value multiplies it, binding tighter
/// than `*` and `/`, so that `10 MB/s` reads as `(10 MB) / s`. A power binds tighter still
/// and takes only the number, word or parenthesis before it, so that `2^40 B` is `(2^40) B`
/// and `2 KB^2` is `2 (KB^2)`; it groups from the right (`2^3^2` is `2^9`).
pub(crate) fn parse(tokens: &[Token]) -> Result<Node, SyntaxError> {
    if tokens.is_empty() {
        return Err(SyntaxError::Empty);
    }
    let mut parser = Parser {
        tokens,
        at: 0,
        depth: 0,
    };
    let node = parser.expression(1)?;
    match parser.peek() {
        None => Ok(node),
        Some(token) => Err(unexpected(token, "an operator such as + - * / or the end")),
    }
}

/// The words that end an expression and name the unit its result is wanted in (`1 GB to MB`).
const CONVERSION_WORDS: [&str; 3] = ["to", "in", "as"];

/// Splits `expression to unit` at its first conversion word outside parentheses.
pub(crate) fn split_conversion(tokens: &[Token]) -> (&[Token], Option<&[Token]>) {
    let mut depth = 0usize;
    for (at, token) in tokens.iter().enumerate() {
        match token {
            Token::Open => depth += 1,
            Token::Close => depth = depth.saturating_sub(1),
            Token::Word(word)
                if depth == 0
                    && CONVERSION_WORDS
                        .iter()
                        .any(|w| w.eq_ignore_ascii_case(word)) =>
            {
                return (&tokens[..at], Some(&tokens[at + 1..]));
            }
            _ => {}
        }
    }
    (tokens, None)
}

struct Parser<'a> {
    tokens: &'a [Token],
    at: usize,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<&Token> {
        let token = self.tokens.get(self.at);
        self.at += 1;
        token
    }

    fn expression(&mut self, min_precedence: u8) -> Result<Node, SyntaxError> {
        let mut left = self.unary()?;
        while let Some(&Token::Op(op)) = self.peek() {
            // A power was taken by `power` already; one left here follows a `%`.
            if op == Op::Pow || op.precedence() < min_precedence {
                break;
            }
            self.at += 1;
            let right = self.expression(op.precedence() + 1)?;
            left = Node::Binary(op, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Node, SyntaxError> {
        match self.peek() {
            Some(Token::Op(Op::Sub)) => {
                self.at += 1;
                let inner = self.nested(|p| p.unary())?;
                Ok(Node::Negate(Box::new(inner)))
            }
            Some(Token::Op(Op::Add)) => {
                self.at += 1;
                self.nested(|p| p.unary())
            }
            _ => self.postfix(),
        }
    }

    fn nested(
        &mut self,
        inner: impl FnOnce(&mut Self) -> Result<Node, SyntaxError>,
    ) -> Result<Node, SyntaxError> {
        if self.depth >= MAX_DEPTH {
            return Err(SyntaxError::TooDeep);
        }
        self.depth += 1;
        let node = inner(self);
        self.depth -= 1;
        node
    }

    fn postfix(&mut self) -> Result<Node, SyntaxError> {
        let mut node = self.power()?;
        loop {
            node = match self.peek() {
                Some(Token::Word(_)) => {
                    let unit = self.power()?;
                    Node::Binary(Op::Mul, Box::new(node), Box::new(unit))
                }
                Some(Token::Percent) => {
                    self.at += 1;
                    Node::Percent(Box::new(node))
                }
                _ => return Ok(node),
            };
        }
    }

    fn power(&mut self) -> Result<Node, SyntaxError> {
        let base = self.primary()?;
        if self.peek() != Some(&Token::Op(Op::Pow)) {
            return Ok(base);
        }
        self.at += 1;
        let exponent = self.nested(|p| p.exponent())?;
        Ok(Node::Binary(Op::Pow, Box::new(base), Box::new(exponent)))
    }

    /// An exponent may carry a sign (`2^-10`) and be a power itself (`2^3^2`).
    fn exponent(&mut self) -> Result<Node, SyntaxError> {
        match self.peek() {
            Some(Token::Op(Op::Sub)) => {
                self.at += 1;
                let inner = self.nested(|p| p.exponent())?;
                Ok(Node::Negate(Box::new(inner)))
            }
            Some(Token::Op(Op::Add)) => {
                self.at += 1;
                self.nested(|p| p.exponent())
            }
            _ => self.power(),
        }
    }

    fn primary(&mut self) -> Result<Node, SyntaxError> {
        const EXPECTED: &str = "a number, a unit or '('";
        match self.next().cloned() {
            Some(Token::Number(value)) => Ok(Node::Number(value)),
            Some(Token::Word(word)) => Ok(Node::Word(word)),
            Some(Token::Open) => self.parenthesised(),
            Some(other) => Err(unexpected(&other, EXPECTED)),
            None => Err(SyntaxError::EndedEarly(EXPECTED)),
        }
    }

    fn parenthesised(&mut self) -> Result<Node, SyntaxError> {
        let inner = self.nested(|p| p.expression(1))?;
        match self.next() {
            Some(Token::Close) => Ok(inner),
            Some(other) => Err(unexpected(other, "')'")),
            None => Err(SyntaxError::EndedEarly("')'")),
        }
    }
}

fn unexpected(token: &Token, expected: &'static str) -> SyntaxError {
    SyntaxError::Unexpected {
        found: token.to_string(),
        expected,
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Token::Number(value) => write!(f, "{value}"),
            Token::Word(word) => f.write_str(word),
            Token::Op(op) => f.write_str(op.symbol()),
            Token::Open => f.write_str("("),
            Token::Close => f.write_str(")"),
            Token::Percent => f.write_str("%"),
        }
    }
}

/// Powers of bytes and seconds: a size is bytes¹, a rate is seconds⁻¹, a bandwidth both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Dims {
    pub(crate) bytes: i16,
    pub(crate) seconds: i16,
}

impl Dims {
    pub(crate) const NONE: Dims = Dims {
        bytes: 0,
        seconds: 0,
    };
    pub(crate) const BYTES: Dims = Dims {
        bytes: 1,
        seconds: 0,
    };
    pub(crate) const SECONDS: Dims = Dims {
        bytes: 0,
        seconds: 1,
    };
    pub(crate) const PER_SECOND: Dims = Dims {
        bytes: 0,
        seconds: -1,
    };
    pub(crate) const BYTES_PER_SECOND: Dims = Dims {
        bytes: 1,
        seconds: -1,
    };

    /// The dimensions of a value raised to `power`.
    fn times(self, power: i16) -> Dims {
        Dims {
            bytes: self.bytes.saturating_mul(power),
            seconds: self.seconds.saturating_mul(power),
        }
    }

    fn combine(self, other: Dims, sign: i16) -> Dims {
        Dims {
            bytes: self.bytes.saturating_add(sign.saturating_mul(other.bytes)),
            seconds: self
                .seconds
                .saturating_add(sign.saturating_mul(other.seconds)),
        }
    }

    /// What to call a value of these dimensions in a message.
    pub(crate) fn describe(self) -> String {
        match self {
            Dims::NONE => "count".into(),
            Dims::BYTES => "size".into(),
            Dims::SECONDS => "duration".into(),
            Dims::PER_SECOND => "rate".into(),
            Dims::BYTES_PER_SECOND => "bandwidth".into(),
            Dims { bytes, seconds } => format!("value in bytes^{bytes} × seconds^{seconds}"),
        }
    }
}

/// A number with its dimensions; arithmetic on it checks that the dimensions agree.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Value {
    pub(crate) number: f64,
    pub dims: Dims,
}

/// Two values whose dimensions cannot be combined the way the text asks.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DimensionClash {
    #[error("cannot {verb} a {left} and a {right}")]
    Mix {
        verb: &'static str,
        left: String,
        right: String,
    },
    #[error("cannot convert a {from} to a {to}")]
    Conversion { from: String, to: String },
    #[error("an exponent is a plain number, not a {0}")]
    Exponent(String),
    #[error("a {0} can only be raised to a whole power of at most {MAX_UNIT_POWER}")]
    Power(String),
}

/// Powers of units beyond this mean nothing in an estimate, and `i16` dimensions stay exact.
const MAX_UNIT_POWER: i16 = 100;

impl Value {
    pub(crate) fn new(number: f64, dims: Dims) -> Value {
        Value { number, dims }
    }

    pub(crate) fn apply(self, op: Op, other: Value) -> Result<Value, DimensionClash> {
        match op {
            Op::Add => self
                .same_dims(other, "add")
                .map(|dims| Value::new(self.number + other.number, dims)),
            Op::Sub => self
                .same_dims(other, "subtract")
                .map(|dims| Value::new(self.number - other.number, dims)),
            Op::Mul => Ok(Value::new(
                self.number * other.number,
                self.dims.combine(other.dims, 1),
            )),
            Op::Div => Ok(Value::new(
                self.number / other.number,
                self.dims.combine(other.dims, -1),
            )),
            Op::Pow => self.power(other),
        }
    }

    fn power(self, exponent: Value) -> Result<Value, DimensionClash> {
        if exponent.dims != Dims::NONE {
            return Err(DimensionClash::Exponent(exponent.dims.describe()));
        }
        let number = self.number.powf(exponent.number);
        if self.dims == Dims::NONE {
            return Ok(Value::new(number, Dims::NONE));
        }
        let whole =
            exponent.number.fract() == 0.0 && exponent.number.abs() <= f64::from(MAX_UNIT_POWER);
        if !whole {
            return Err(DimensionClash::Power(self.dims.describe()));
        }
        // Whole and within ±MAX_UNIT_POWER, so the conversion is exact.
        let power = exponent.number as i16;
        Ok(Value::new(number, self.dims.times(power)))
    }

    fn same_dims(self, other: Value, verb: &'static str) -> Result<Dims, DimensionClash> {
        if self.dims == other.dims {
            return Ok(self.dims);
        }
        Err(DimensionClash::Mix {
            verb,
            left: self.dims.describe(),
            right: other.dims.describe(),
        })
    }
}

/// Why evaluating a tree failed: a word had no value, or an operation mixed dimensions.
#[derive(Debug)]
pub(crate) enum Failure<E> {
    Word(E),
    Clash(DimensionClash),
}

/// Evaluates a tree, asking `leaf` for the value of every word.
pub(crate) fn evaluate<E>(
    node: &Node,
    leaf: &mut impl FnMut(&str) -> Result<Value, E>,
) -> Result<Value, Failure<E>> {
    match node {
        Node::Number(number) => Ok(Value::new(*number, Dims::NONE)),
        Node::Word(word) => leaf(word).map_err(Failure::Word),
        Node::Percent(inner) => {
            let value = evaluate(inner, leaf)?;
            Ok(Value::new(value.number / 100.0, value.dims))
        }
        Node::Negate(inner) => evaluate(inner, leaf).map(|v| Value::new(-v.number, v.dims)),
        Node::Binary(op, left, right) => {
            let left = evaluate(left, leaf)?;
            let right = evaluate(right, leaf)?;
            left.apply(*op, right).map_err(Failure::Clash)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(input: &str) -> Result<Node, SyntaxError> {
        parse(&tokenize(input)?)
    }

    #[test]
    fn numbers_accept_separators_decimals_and_exponents() {
        let numbers = [
            ("1,000,000", 1e6),
            ("1.5", 1.5),
            (".5", 0.5),
            ("2e9", 2e9),
            ("2.5E-3", 2.5e-3),
        ];
        for (text, value) in numbers {
            assert_eq!(tokenize(text), Ok(vec![Token::Number(value)]), "{text}");
        }
    }

    #[test]
    fn malformed_numbers_are_rejected() {
        for text in ["1,00", "1.2.3", "1.5,000", ".", "1,000,"] {
            assert!(
                matches!(tokenize(text), Err(SyntaxError::BadNumber(_))),
                "{text}"
            );
        }
    }

    #[test]
    fn e_without_digits_is_a_word() {
        assert_eq!(
            tokenize("5EB"),
            Ok(vec![Token::Number(5.0), Token::Word("EB".into())])
        );
    }

    #[test]
    fn words_bind_tighter_than_division() {
        let node = parsed("10 MB/s").unwrap();
        let ten_mb = Node::Binary(
            Op::Mul,
            Box::new(Node::Number(10.0)),
            Box::new(Node::Word("MB".into())),
        );
        assert_eq!(
            node,
            Node::Binary(Op::Div, Box::new(ten_mb), Box::new(Node::Word("s".into())))
        );
    }

    #[test]
    fn structural_errors_are_reported() {
        assert_eq!(parsed(""), Err(SyntaxError::Empty));
        assert_eq!(parsed("(1 + 2"), Err(SyntaxError::EndedEarly("')'")));
        assert!(matches!(
            parsed("1 + )"),
            Err(SyntaxError::Unexpected { .. })
        ));
        assert!(matches!(parsed("1 2"), Err(SyntaxError::Unexpected { .. })));
        assert_eq!(parsed("2 # 3"), Err(SyntaxError::BadChar('#')));
        assert_eq!(parsed(",5"), Err(SyntaxError::BadChar(',')));
        assert_eq!(parsed(&"(".repeat(40)), Err(SyntaxError::TooDeep));
        assert_eq!(parsed(&"-".repeat(40)), Err(SyntaxError::TooDeep));
        assert!(matches!(
            parsed(&"1+".repeat(200)),
            Err(SyntaxError::TooLong { .. })
        ));
    }

    fn number(value: f64) -> Box<Node> {
        Box::new(Node::Number(value))
    }

    fn word(name: &str) -> Box<Node> {
        Box::new(Node::Word(name.into()))
    }

    #[test]
    fn a_power_takes_the_value_before_it_and_groups_from_the_right() {
        let two_to_40 = Node::Binary(Op::Pow, number(2.0), number(40.0));
        assert_eq!(
            parsed("2^40 B"),
            Ok(Node::Binary(Op::Mul, Box::new(two_to_40), word("B")))
        );
        assert_eq!(parsed("2 ** 40"), parsed("2^40"));
        let kb_squared = Node::Binary(Op::Pow, word("KB"), number(2.0));
        assert_eq!(
            parsed("2 KB^2"),
            Ok(Node::Binary(Op::Mul, number(2.0), Box::new(kb_squared)))
        );
        let nine = Node::Binary(Op::Pow, number(3.0), number(2.0));
        assert_eq!(
            parsed("2^3^2"),
            Ok(Node::Binary(Op::Pow, number(2.0), Box::new(nine)))
        );
        let minus_ten = Node::Negate(number(10.0));
        assert_eq!(
            parsed("2^-10"),
            Ok(Node::Binary(Op::Pow, number(2.0), Box::new(minus_ten)))
        );
        let squared = Node::Binary(Op::Pow, number(2.0), number(2.0));
        assert_eq!(parsed("-2^2"), Ok(Node::Negate(Box::new(squared))));
        assert_eq!(
            parsed(&format!("{}2", "2^".repeat(40))),
            Err(SyntaxError::TooDeep)
        );
    }

    #[test]
    fn powers_of_units_need_a_whole_plain_exponent() {
        let kilobyte = Value::new(1e3, Dims::BYTES);
        let squared = kilobyte.apply(Op::Pow, Value::new(2.0, Dims::NONE));
        assert_eq!(squared, Ok(Value::new(1e6, Dims::BYTES.times(2))));
        let root = kilobyte.apply(Op::Pow, Value::new(0.5, Dims::NONE));
        assert_eq!(
            root.map_err(|e| e.to_string()),
            Err("a size can only be raised to a whole power of at most 100".to_string())
        );
        let by_size = Value::new(2.0, Dims::NONE).apply(Op::Pow, kilobyte);
        assert_eq!(
            by_size.map_err(|e| e.to_string()),
            Err("an exponent is a plain number, not a size".to_string())
        );
    }

    #[test]
    fn a_conversion_splits_at_its_word_outside_parentheses() {
        let tokens = tokenize("1 GB to MB").unwrap();
        let (value, unit) = split_conversion(&tokens);
        assert_eq!(value, &tokens[..2]);
        assert_eq!(unit, Some(&tokens[3..]));
        let nested = tokenize("(1 to 2)").unwrap();
        assert_eq!(split_conversion(&nested), (&nested[..], None));
    }

    #[test]
    fn adding_different_dimensions_is_refused() {
        let size = Value::new(1.0, Dims::BYTES);
        let count = Value::new(1.0, Dims::NONE);
        let clash = size.apply(Op::Add, count).unwrap_err();
        assert_eq!(clash.to_string(), "cannot add a size and a count");
    }
}
