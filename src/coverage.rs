//! What a step's answers covered of what a strong answer to the problem covers.

use crate::interviewer::mentions;
use crate::problem::ExpectedItem;
use crate::session::Answer;

/// The expected items of one step, split by whether the answers mentioned them.
#[derive(Debug, Clone)]
pub struct Coverage<'a> {
    pub covered: Vec<&'a ExpectedItem>,
    pub missed: Vec<&'a ExpectedItem>,
}

/// An item is covered when any answer mentions any of its keywords; yes/no answers carry no
/// words, so they cover nothing.
pub fn coverage<'a>(expected: &'a [ExpectedItem], answers: &[&Answer]) -> Coverage<'a> {
    let text = answers
        .iter()
        .map(|answer| answer_text(answer).to_lowercase())
        .collect::<Vec<_>>()
        .join("\n");
    let (covered, missed) = expected
        .iter()
        .partition(|item| item.keywords.iter().any(|keyword| mentions(&text, keyword)));
    Coverage { covered, missed }
}

impl Coverage<'_> {
    /// The share of expected items covered, from 0 to 1; a step that expects nothing is
    /// fully covered.
    pub fn ratio(&self) -> f64 {
        let total = self.covered.len() + self.missed.len();
        if total == 0 {
            return 1.0;
        }
        self.covered.len() as f64 / total as f64
    }
}

/// The words of an answer: a text as typed, a list one item per line, nothing for yes/no.
pub fn answer_text(answer: &Answer) -> String {
    match answer {
        Answer::Flag(_) => String::new(),
        Answer::Text(text) => text.clone(),
        Answer::List(items) => items.join("\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(item: &str, keywords: &[&str]) -> ExpectedItem {
        ExpectedItem {
            item: item.into(),
            keywords: keywords.iter().map(|k| k.to_string()).collect(),
        }
    }

    fn expected() -> Vec<ExpectedItem> {
        vec![
            item("Load balancer", &["load balancer", "lb"]),
            item("Cache", &["cache", "redis"]),
            item("Object storage", &["object storage", "s3"]),
        ]
    }

    fn names<'a>(items: &[&'a ExpectedItem]) -> Vec<&'a str> {
        items.iter().map(|item| item.item.as_str()).collect()
    }

    #[test]
    fn a_good_answer_covers_items_through_any_keyword_in_any_answer() {
        let expected = expected();
        let list = Answer::List(vec!["Client -> LB -> App".into(), "App -> Redis".into()]);
        let text = Answer::Text("Media goes to S3.".into());
        let result = coverage(&expected, &[&list, &text]);
        assert_eq!(
            names(&result.covered),
            ["Load balancer", "Cache", "Object storage"]
        );
        assert!(result.missed.is_empty());
        assert_eq!(result.ratio(), 1.0);
    }

    #[test]
    fn a_weak_answer_misses_items_and_flags_and_inner_words_count_for_nothing() {
        let expected = expected();
        let flag = Answer::Flag(true);
        let text = Answer::Text("A bulb and a cache, nothing else".into());
        let result = coverage(&expected, &[&flag, &text]);
        assert_eq!(names(&result.covered), ["Cache"]);
        assert_eq!(names(&result.missed), ["Load balancer", "Object storage"]);
        assert!((result.ratio() - 1.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn nothing_expected_is_fully_covered() {
        assert_eq!(coverage(&[], &[]).ratio(), 1.0);
    }

    #[test]
    fn answer_text_joins_lists_by_line() {
        assert_eq!(
            answer_text(&Answer::List(vec!["a".into(), "b".into()])),
            "a\nb"
        );
        assert_eq!(answer_text(&Answer::Flag(false)), "");
    }
}
