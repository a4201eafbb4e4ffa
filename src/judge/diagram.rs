//! The user's block diagram: boxes and arrows typed as chains such as
//! `Client -> Load balancer -> App servers -> Cache, Database`, drawn back for the terminal
//! and as Mermaid for the transcript.

use std::fmt::Write;

/// Boxes in the order they were first named, and arrows between them by index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Diagram {
    pub(crate) nodes: Vec<String>,
    pub(crate) edges: Vec<(usize, usize)>,
}

/// Reads one chain per line: stages separated by `->` (or `→`, or `-->`), and within a stage
/// `,` fanning out to several boxes. Boxes are the same when their names differ only in case
/// or spacing; the first spelling is kept. Lines without arrows still name boxes.
pub(crate) fn parse(lines: &[String]) -> Diagram {
    let mut diagram = Diagram::default();
    for line in lines {
        let normalised = line.replace('→', "->");
        let stages: Vec<Vec<usize>> = outside_brackets(&normalised, "->")
            .into_iter()
            .map(|stage| {
                outside_brackets(stage, ",")
                    .into_iter()
                    .filter_map(|name| diagram.node(name))
                    .collect::<Vec<_>>()
            })
            .filter(|stage| !stage.is_empty())
            .collect();
        for pair in stages.windows(2) {
            if let [sources, targets] = pair {
                for &from in sources {
                    for &to in targets {
                        diagram.connect(from, to);
                    }
                }
            }
        }
    }
    diagram
}

/// `text` split at `separator` where it stands outside brackets: a note such as
/// "(stateless, read path)" or "(geohash -> ids)" belongs to its box.
fn outside_brackets<'a>(text: &'a str, separator: &str) -> Vec<&'a str> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let mut index = 0;
    while index < text.len() {
        let rest = &text[index..];
        if depth == 0 && rest.starts_with(separator) {
            parts.push(&text[start..index]);
            index += separator.len();
            start = index;
            continue;
        }
        match rest.chars().next() {
            Some('(') | Some('[') => depth += 1,
            Some(')') | Some(']') => depth = depth.saturating_sub(1),
            _ => {}
        }
        index += rest.chars().next().map_or(1, char::len_utf8);
    }
    parts.push(&text[start..]);
    parts
}

/// A box name with spacing collapsed; the `-` trimmed from the ends is what is left of a
/// `-->` arrow once the text is split at `->`.
fn clean_name(raw: &str) -> String {
    raw.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches('-')
        .trim()
        .to_string()
}

/// What makes two box names the same box: their word stems, leaving out bracketed notes,
/// so "Tweet DB (Cassandra)", "tweet db" and "Tweet DBs" are one box.
fn identity(name: &str) -> Vec<String> {
    let head = name.split('(').next().unwrap_or(name);
    crate::text::words::analyse(head)
        .sentences
        .into_iter()
        .flat_map(|s| s.tokens)
        .map(|t| match t.stem.strip_suffix('s') {
            // Stemming keeps the `s` of a word with no vowel, such as "DBs".
            Some(singular) if singular.len() >= 2 => singular.to_string(),
            _ => t.stem,
        })
        .collect()
}

impl Diagram {
    /// The index of the box called `raw`, adding it when it is new; none for an empty name.
    fn node(&mut self, raw: &str) -> Option<usize> {
        let name = clean_name(raw);
        if name.is_empty() {
            return None;
        }
        let key = identity(&name);
        if let Some(index) = self.nodes.iter().position(|n| identity(n) == key) {
            return Some(index);
        }
        self.nodes.push(name);
        Some(self.nodes.len() - 1)
    }

    fn connect(&mut self, from: usize, to: usize) {
        if from != to && !self.edges.contains(&(from, to)) {
            self.edges.push((from, to));
        }
    }

    fn name(&self, index: usize) -> &str {
        self.nodes.get(index).map_or("?", String::as_str)
    }

    /// One line per box that has arrows leaving it, `[ A ] --> [ B ], [ C ]`, in the order
    /// the boxes were named; boxes with no arrow at all get a line of their own so that
    /// nothing typed disappears.
    pub(crate) fn ascii(&self) -> String {
        let mut out = String::new();
        for (index, _) in self.nodes.iter().enumerate() {
            let targets: Vec<String> = self
                .edges
                .iter()
                .filter(|(from, _)| *from == index)
                .map(|&(_, to)| boxed(self.name(to)))
                .collect();
            let connected = self.edges.iter().any(|&(a, b)| a == index || b == index);
            if !targets.is_empty() {
                let _ = writeln!(
                    out,
                    "{} --> {}",
                    boxed(self.name(index)),
                    targets.join(", ")
                );
            } else if !connected {
                let _ = writeln!(out, "{}", boxed(self.name(index)));
            }
        }
        out
    }

    /// A fenced ```` ```mermaid ```` `flowchart LR` block. Boxes get generated ids `n1`,
    /// `n2`, … so that no name (`end`, `graph`, …) can be read as a keyword, and every label is
    /// written as `nX["…"]` where, inside the quotes:
    /// - letters, digits, spaces and `_ . , : / ( ) -` stay as they are;
    /// - `"` becomes `#quot;`;
    /// - every other character (`#`, `;`, `|`, `<`, `>`, brackets, braces, backticks, `~`,
    ///   `&`, non-ASCII…) becomes the Mermaid entity `#N;` with its decimal code point, so
    ///   nothing can close the quotes, end the statement, draw an arrow, start Markdown or
    ///   HTML in the label, or close the surrounding code fence;
    /// - line breaks and other control characters become spaces, keeping one node per line.
    pub(crate) fn mermaid(&self) -> String {
        let mut out = String::from("```mermaid\nflowchart LR\n");
        for (index, name) in self.nodes.iter().enumerate() {
            let _ = writeln!(out, "    n{}[\"{}\"]", index + 1, mermaid_label(name));
        }
        for &(from, to) in &self.edges {
            let _ = writeln!(out, "    n{} --> n{}", from + 1, to + 1);
        }
        out.push_str("```\n");
        out
    }
}

/// `[ name ]`, with control characters flattened so one box stays on one line.
fn boxed(name: &str) -> String {
    let flat: String = name
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!("[ {flat} ]")
}

fn mermaid_label(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            c if c.is_control() => out.push(' '),
            c if c.is_ascii_alphanumeric() || " _.,:/()-".contains(c) => out.push(c),
            c => {
                let _ = write!(out, "#{};", u32::from(c));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &[&str]) -> Vec<String> {
        text.iter().map(|line| line.to_string()).collect()
    }

    #[test]
    fn chains_and_fan_out_become_nodes_and_edges() {
        let diagram = parse(&lines(&[
            "Client -> Load balancer -> App servers -> Cache, Database",
            "app SERVERS → Object  storage",
            "App servers --> database",
        ]));
        assert_eq!(
            diagram.nodes,
            [
                "Client",
                "Load balancer",
                "App servers",
                "Cache",
                "Database",
                "Object storage"
            ]
        );
        assert_eq!(diagram.edges, [(0, 1), (1, 2), (2, 3), (2, 4), (2, 5)]);
    }

    #[test]
    fn a_box_is_one_box_whatever_its_notes_case_or_plural() {
        let diagram = parse(&lines(&[
            "App servers -> Tweet DB (Cassandra)",
            "app server -> tweet DBs",
        ]));
        assert_eq!(diagram.nodes, ["App servers", "Tweet DB (Cassandra)"]);
        assert_eq!(diagram.edges, [(0, 1)]);
    }

    #[test]
    fn commas_and_arrows_inside_a_note_belong_to_its_box() {
        let diagram = parse(&lines(&[
            "LB -> Search service (stateless, read path) -> Redis (geohash -> ids)",
        ]));
        assert_eq!(
            diagram.nodes,
            [
                "LB",
                "Search service (stateless, read path)",
                "Redis (geohash -> ids)"
            ]
        );
        assert_eq!(diagram.edges, [(0, 1), (1, 2)]);
    }

    #[test]
    fn junk_lines_give_no_empty_boxes_or_loops() {
        let diagram = parse(&lines(&["", " -> , -> ", "A -> a", "->B->"]));
        assert_eq!(diagram.nodes, ["A", "B"]);
        assert!(diagram.edges.is_empty());
    }

    #[test]
    fn ascii_lists_each_source_with_its_targets() {
        let diagram = parse(&lines(&["Client -> LB -> App -> Cache, DB", "Monitoring"]));
        assert_eq!(
            diagram.ascii(),
            "[ Client ] --> [ LB ]\n[ LB ] --> [ App ]\n[ App ] --> [ Cache ], [ DB ]\n[ Monitoring ]\n"
        );
    }

    #[test]
    fn mermaid_uses_generated_ids_and_quoted_labels() {
        let diagram = parse(&lines(&["Client -> end"]));
        assert_eq!(
            diagram.mermaid(),
            "```mermaid\nflowchart LR\n    n1[\"Client\"]\n    n2[\"end\"]\n    n1 --> n2\n```\n"
        );
    }

    #[test]
    fn hostile_labels_are_escaped() {
        let diagram = Diagram {
            nodes: vec![
                "say \"hi\"".into(),
                "a --#62; b; c | d [e] {f}".into(),
                "```\n~~~".into(),
                "<b>".into(),
            ],
            edges: vec![],
        };
        let mermaid = diagram.mermaid();
        assert!(mermaid.contains("n1[\"say #quot;hi#quot;\"]"), "{mermaid}");
        assert!(
            mermaid.contains("n2[\"a --#35;62#59; b#59; c #124; d #91;e#93; #123;f#125;\"]"),
            "{mermaid}"
        );
        assert!(
            mermaid.contains("n3[\"#96;#96;#96; #126;#126;#126;\"]"),
            "{mermaid}"
        );
        assert!(mermaid.contains("n4[\"#60;b#62;\"]"), "{mermaid}");
    }

    /// The shape every node line must have: the id, then a quoted label with no raw quote.
    fn is_node_line(line: &str) -> bool {
        let Some(rest) = line.strip_prefix("    n") else {
            return false;
        };
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        let label = rest
            .get(digits..)
            .and_then(|r| r.strip_prefix("[\""))
            .and_then(|r| r.strip_suffix("\"]"));
        digits > 0 && label.is_some_and(is_escaped_label)
    }

    /// No raw quote, and every `#` opens an entity the emitter writes, whose `;` is the only
    /// one allowed.
    fn is_escaped_label(label: &str) -> bool {
        let mut parts = label.split('#');
        let plain = parts.next().is_some_and(|first| !first.contains(';'));
        plain
            && !label.contains('"')
            && parts.all(|part| {
                part.split_once(';').is_some_and(|(code, rest)| {
                    let numeric = !code.is_empty() && code.chars().all(|c| c.is_ascii_digit());
                    (code == "quot" || numeric) && !rest.contains(';')
                })
            })
    }

    proptest::proptest! {
        #[test]
        fn any_labels_give_well_formed_lines(names in proptest::collection::vec("\\PC{0,12}|[\"`~;|\\[\\]#<>\n -]{0,12}", 1..5)) {
            let diagram = Diagram { nodes: names.clone(), edges: vec![(0, names.len() - 1)] };
            let mermaid = diagram.mermaid();
            let body: Vec<&str> = mermaid.lines().collect();
            proptest::prop_assert_eq!(body.first(), Some(&"```mermaid"));
            proptest::prop_assert_eq!(body.last(), Some(&"```"));
            let inner = &body[1..body.len() - 1];
            proptest::prop_assert_eq!(inner.first(), Some(&"flowchart LR"));
            for line in &inner[1..=names.len()] {
                proptest::prop_assert!(is_node_line(line), "{}", line);
            }
            for line in inner {
                proptest::prop_assert!(!line.contains("```") && !line.contains("~~~"), "{}", line);
            }
        }
    }
}
