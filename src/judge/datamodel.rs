//! Tables typed at the data-model step, read back as a schema and drawn as Markdown tables
//! and a Mermaid entity-relationship diagram.

use std::fmt::Write;

use crate::text::markdown;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Table {
    pub(crate) name: String,
    pub(crate) columns: Vec<Column>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Column {
    pub(crate) name: String,
    /// The type as typed (`bigint`, `varchar(255)`); none when the user left it out.
    pub(crate) kind: Option<String>,
    pub(crate) primary: bool,
    /// The table a foreign key points at.
    pub(crate) references: Option<String>,
}

/// Reads one table per line, `Name: column type [PK] [FK Other], ...` or
/// `Name(column type, ...)`. Foreign keys may be written `FK User`, `FK -> User`,
/// `references User` or `REFERENCES User(id)`; a missing type is allowed. Lines without a
/// table name are left out; nothing typed makes this fail.
pub(crate) fn parse_tables(lines: &[String]) -> Vec<Table> {
    lines.iter().filter_map(|line| parse_table(line)).collect()
}

fn parse_table(line: &str) -> Option<Table> {
    let line = line.trim();
    let colon_first = match (line.find(':'), line.find('(')) {
        (Some(colon), Some(paren)) => colon < paren,
        (colon, _) => colon.is_some(),
    };
    let (name, body) = if colon_first {
        line.split_once(':')?
    } else if let Some((name, rest)) = line.split_once('(') {
        (name, rest.strip_suffix(')').unwrap_or(rest))
    } else {
        (line, "")
    };
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    Some(Table {
        name: name.to_string(),
        columns: split_outside_parentheses(body)
            .into_iter()
            .filter_map(parse_column)
            .collect(),
    })
}

/// Splits at commas that are not inside parentheses, so `numeric(10, 2)` stays one type.
fn split_outside_parentheses(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (index, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(text.get(start..index).unwrap_or_default());
                start = index + 1;
            }
            _ => {}
        }
    }
    parts.push(text.get(start..).unwrap_or_default());
    parts
}

fn parse_column(text: &str) -> Option<Column> {
    let spaced = text.replace("->", " -> ").replace('→', " -> ");
    let mut tokens = spaced.split_whitespace();
    let mut column = Column {
        name: tokens.next()?.to_string(),
        kind: None,
        primary: false,
        references: None,
    };
    let mut kind_words = Vec::new();
    let mut target_next = false;
    for token in tokens {
        match token.to_ascii_lowercase().as_str() {
            "pk" | "primary" => column.primary = true,
            "fk" | "foreign" | "references" | "ref" => target_next = true,
            // Filler between a key marker and its target: `PRIMARY KEY`, `FK -> User`.
            "key" | "->" | "to" => {}
            _ if target_next => {
                column.references = table_of(token);
                target_next = false;
            }
            _ => kind_words.push(token),
        }
    }
    if !kind_words.is_empty() {
        column.kind = Some(kind_words.join(" "));
    }
    Some(column)
}

/// `User`, `User(id)` and `User.id` all point at the table `User`.
fn table_of(token: &str) -> Option<String> {
    let name = token.split(['(', '.']).next().unwrap_or_default().trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// Each table as a bold name line followed by a `| Column | Type | Key |` table, with every
/// cell escaped so user text cannot break the table.
pub(crate) fn markdown_tables(tables: &[Table]) -> String {
    let mut out = String::new();
    for table in tables {
        let _ = writeln!(out, "**{}**\n", markdown::inline(&table.name));
        out.push_str("| Column | Type | Key |\n| --- | --- | --- |\n");
        for column in &table.columns {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                markdown::inline(&column.name),
                markdown::inline(column.kind.as_deref().unwrap_or_default()),
                markdown::inline(&key_cell(column))
            );
        }
        out.push('\n');
    }
    out
}

fn key_cell(column: &Column) -> String {
    let mut keys = Vec::new();
    if column.primary {
        keys.push("PK".to_string());
    }
    if let Some(target) = &column.references {
        keys.push(format!("FK {target}"));
    }
    keys.join(", ")
}

/// A fenced ```` ```mermaid ```` `erDiagram` block. Entity, attribute and type names are
/// reduced to Mermaid identifiers ([`identifier`]); a column without a type is given the
/// type `unknown`, which Mermaid requires. Each foreign key whose target table exists draws
/// `Target ||--o{ Table : "column"`.
pub(crate) fn mermaid_er(tables: &[Table]) -> String {
    let mut out = String::from("```mermaid\nerDiagram\n");
    for table in tables {
        let _ = writeln!(out, "    {} {{", identifier(&table.name));
        for column in &table.columns {
            let _ = writeln!(
                out,
                "        {} {}{}",
                identifier(column.kind.as_deref().unwrap_or("unknown")),
                identifier(&column.name),
                er_keys(column)
            );
        }
        out.push_str("    }\n");
    }
    for table in tables {
        for column in &table.columns {
            let target = column
                .references
                .as_deref()
                .and_then(|name| tables.iter().find(|t| t.name.eq_ignore_ascii_case(name)));
            if let Some(target) = target {
                let _ = writeln!(
                    out,
                    "    {} ||--o{{ {} : \"{}\"",
                    identifier(&target.name),
                    identifier(&table.name),
                    identifier(&column.name)
                );
            }
        }
    }
    out.push_str("```\n");
    out
}

fn er_keys(column: &Column) -> &'static str {
    match (column.primary, column.references.is_some()) {
        (true, true) => " PK, FK",
        (true, false) => " PK",
        (false, true) => " FK",
        (false, false) => "",
    }
}

/// ASCII letters, digits, `_` and `-` are kept and anything else becomes `_`; a name that
/// would not start with a letter or `_` is prefixed with `_`, as Mermaid identifiers must.
fn identifier(name: &str) -> String {
    let cleaned: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    match cleaned.chars().next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => cleaned,
        _ => format!("_{cleaned}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &[&str]) -> Vec<String> {
        text.iter().map(|line| line.to_string()).collect()
    }

    fn column(name: &str, kind: Option<&str>, primary: bool, references: Option<&str>) -> Column {
        Column {
            name: name.into(),
            kind: kind.map(String::from),
            primary,
            references: references.map(String::from),
        }
    }

    #[test]
    fn the_documented_line_parses_into_typed_columns() {
        let tables = parse_tables(&lines(&[
            "Tweet: tweet_id bigint PK, user_id bigint FK User, body text, created_at timestamp",
        ]));
        assert_eq!(
            tables,
            [Table {
                name: "Tweet".into(),
                columns: vec![
                    column("tweet_id", Some("bigint"), true, None),
                    column("user_id", Some("bigint"), false, Some("User")),
                    column("body", Some("text"), false, None),
                    column("created_at", Some("timestamp"), false, None),
                ],
            }]
        );
    }

    #[test]
    fn foreign_key_spellings_and_missing_types_are_tolerated() {
        let tables = parse_tables(&lines(&[
            "Like(user_id FK -> User, tweet_id bigint REFERENCES Tweet(id), price numeric(10, 2), note)",
            "Follow: follower references User.id, followee_id int PRIMARY KEY",
        ]));
        let like = &tables[0];
        assert_eq!(like.name, "Like");
        assert_eq!(
            like.columns[0],
            column("user_id", None, false, Some("User"))
        );
        assert_eq!(
            like.columns[1],
            column("tweet_id", Some("bigint"), false, Some("Tweet"))
        );
        assert_eq!(like.columns[2].kind.as_deref(), Some("numeric(10, 2)"));
        assert_eq!(like.columns[3], column("note", None, false, None));
        let follow = &tables[1];
        assert_eq!(follow.columns[0].references.as_deref(), Some("User"));
        assert_eq!(
            follow.columns[1],
            column("followee_id", Some("int"), true, None)
        );
    }

    #[test]
    fn junk_never_panics_and_nameless_lines_are_dropped() {
        let tables = parse_tables(&lines(&["", ": a int", "(", "X: ,, FK", "Y: a FK ->", "Z"]));
        let names: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["X", "Y", "Z"]);
        assert_eq!(tables[1].columns, [column("a", None, false, None)]);
        assert!(tables[2].columns.is_empty());
    }

    #[test]
    fn markdown_tables_escape_every_cell() {
        let tables = parse_tables(&lines(&[
            "# User|s: id* bigint PK, name text|html, boss_id FK User",
        ]));
        assert_eq!(
            markdown_tables(&tables),
            "**\\# User\\|s**\n\n| Column | Type | Key |\n| --- | --- | --- |\n\
             | id\\* | bigint | PK |\n| name | text\\|html |  |\n| boss\\_id |  | FK User |\n\n"
        );
    }

    #[test]
    fn mermaid_er_sanitises_names_and_links_existing_tables() {
        let tables = parse_tables(&lines(&[
            "User: id bigint PK",
            "Tweet: id bigint PK, user_id bigint FK User, ghost_id FK Ghost",
            "9 \"bad\" {name}: col umn\" varchar(20) PK FK User",
        ]));
        let er = mermaid_er(&tables);
        assert_eq!(
            er,
            "```mermaid\nerDiagram\n    User {\n        bigint id PK\n    }\n    Tweet {\n        \
             bigint id PK\n        bigint user_id FK\n        unknown ghost_id FK\n    }\n    \
             _9__bad___name_ {\n        umn__varchar_20_ col PK, FK\n    }\n    \
             User ||--o{ Tweet : \"user_id\"\n    User ||--o{ _9__bad___name_ : \"col\"\n```\n"
        );
    }
}
