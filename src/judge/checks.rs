//! Checks on a step's answers, declared per step in the procedure file: a few generic kinds
//! of rule, each with the words to say when it passes and when it fails. All step-specific
//! wording lives in the YAML; this module only knows how to evaluate the rules.

mod options;

use std::collections::BTreeMap;

use crate::content::answer::Answer;
use crate::content::check::{Check, Rule, Topic};
use crate::content::expected::ExpectedItem;
use crate::content::key::PromptKey;
use crate::content::problem::Problem;
use crate::content::procedure::Step;
use crate::content::vocabulary::Vocabulary;
use crate::judge::coverage::{self, Answers, Status, answer_text};
use crate::judge::datamodel;
use crate::judge::diagram::{self, Diagram};
use crate::text::words::{self, Text};

impl Topic {
    fn found_in(&self, texts: &[Text], vocabulary: &Vocabulary) -> bool {
        if let Some(options) = self.options {
            return texts.iter().map(options::count).sum::<usize>() >= options.get();
        }
        mentioned(vocabulary, &self.concepts, texts)
    }
}

/// The verdict of one check, in the procedure's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    /// `<step-id>.<n>`: the step and the check's place among its checks, from 1.
    pub(crate) id: String,
    pub(crate) passed: bool,
    pub(crate) message: String,
}

/// Runs the step's checks on the session's answers, leaving out those that do not apply.
pub(crate) fn run_checks(
    step: &Step,
    answers: &BTreeMap<PromptKey, Answer>,
    problem: &Problem,
) -> Vec<Finding> {
    step.checks
        .iter()
        .enumerate()
        .filter_map(|(index, check)| {
            let outcome = check.rule.evaluate(answers, problem)?;
            Some(check.finding(&outcome, format!("{}.{}", step.id, index + 1)))
        })
        .collect()
}

/// What a rule found, before it is put into the procedure's words.
#[derive(Debug, Default)]
struct Outcome {
    passed: bool,
    missing: Vec<String>,
    count: usize,
}

impl Outcome {
    /// Passed exactly when nothing is missing.
    fn lacking(missing: Vec<String>) -> Self {
        Outcome {
            passed: missing.is_empty(),
            missing,
            count: 0,
        }
    }
}

impl Check {
    fn finding(&self, outcome: &Outcome, id: String) -> Finding {
        let (min, max, over) = match &self.rule {
            Rule::BoxCount { min, max, over, .. } => (*min, *max, over.as_ref()),
            _ => (0, 0, None),
        };
        let template = match over {
            Some(note) if outcome.passed && outcome.count > max => note,
            _ if outcome.passed => &self.pass,
            _ => &self.fail,
        };
        let message = template
            .replace("{missing}", &outcome.missing.join(", "))
            .replace("{count}", &outcome.count.to_string())
            .replace("{min}", &min.to_string())
            .replace("{max}", &max.to_string());
        Finding {
            id,
            passed: outcome.passed,
            message,
        }
    }
}

impl Rule {
    fn evaluate(
        &self,
        answers: &BTreeMap<PromptKey, Answer>,
        problem: &Problem,
    ) -> Option<Outcome> {
        let found = |key: &PromptKey| answers.get(key).filter(|answer| is_answered(answer));
        match self {
            Rule::Answered { prompts, at_least } => {
                let missing: Vec<String> = prompts
                    .iter()
                    .filter(|key| found(key).is_none())
                    .map(ToString::to_string)
                    .collect();
                let needed = at_least.unwrap_or(prompts.len());
                let count = prompts.len() - missing.len();
                Some(Outcome {
                    passed: count >= needed,
                    missing,
                    count,
                })
            }
            Rule::Mentions {
                prompts,
                concepts,
                if_expected,
            } => {
                if if_expected
                    .as_ref()
                    .is_some_and(|need| !expects(problem, &need.step, &need.concepts))
                {
                    return None;
                }
                let said: Vec<String> =
                    prompts.iter().filter_map(&found).map(answer_text).collect();
                let passed = said_for(&problem.vocabulary, concepts, &said);
                Some(Outcome {
                    passed,
                    ..Outcome::default()
                })
            }
            Rule::EveryItemMentions {
                prompt,
                concepts,
                when,
            } => {
                let applies = when
                    .as_ref()
                    .is_none_or(|key| answers.get(key) == Some(&Answer::Flag(true)));
                if !applies {
                    return None;
                }
                let missing = items(found(prompt)?)
                    .into_iter()
                    .filter(|item| {
                        !mentioned(&problem.vocabulary, concepts, &[words::analyse(item)])
                    })
                    .collect();
                Some(Outcome::lacking(missing))
            }
            Rule::TypedColumns { prompt } => {
                let tables = datamodel::parse_tables(&items(found(prompt)?));
                let missing = tables
                    .iter()
                    .flat_map(|table| {
                        table
                            .columns
                            .iter()
                            .filter(|column| column.kind.is_none())
                            .map(move |column| format!("{}.{}", table.name, column.name))
                    })
                    .collect();
                Some(Outcome::lacking(missing))
            }
            Rule::ForeignKeys {
                prompt,
                or_answered,
            } => {
                let tables = datamodel::parse_tables(&items(found(prompt)?));
                let linked = tables
                    .iter()
                    .flat_map(|table| &table.columns)
                    .any(|column| column.references.is_some());
                let passed = linked || or_answered.as_ref().and_then(found).is_some();
                Some(Outcome {
                    passed,
                    ..Outcome::default()
                })
            }
            Rule::BoxCount { prompt, min, .. } => {
                let count = diagram_of(found(prompt)?).nodes.len();
                Some(Outcome {
                    passed: count >= *min,
                    count,
                    ..Outcome::default()
                })
            }
            Rule::BoxesInclude { prompt, components } => {
                let diagram = diagram_of(found(prompt)?);
                let step = prompt.step();
                let missing = components
                    .iter()
                    .filter(|component| expects(problem, step, &component.concepts))
                    .filter(|component| {
                        !diagram.nodes.iter().any(|node| {
                            component.found_in(&[words::analyse(node)], &problem.vocabulary)
                        })
                    })
                    .map(|component| component.name.clone())
                    .collect();
                Some(Outcome::lacking(missing))
            }
            Rule::Reasoned { prompts, aspects } => {
                let answered: Vec<(&PromptKey, &Answer)> = prompts
                    .iter()
                    .filter_map(|key| found(key).map(|answer| (key, answer)))
                    .collect();
                if answered.is_empty() {
                    return None;
                }
                let missing = answered
                    .into_iter()
                    .filter_map(|(key, answer)| {
                        lacking_aspects(key, answer, aspects, &problem.vocabulary)
                    })
                    .collect();
                Some(Outcome::lacking(missing))
            }
            Rule::CoversBoxes {
                diagram,
                prompts,
                except,
            } => {
                let diagram = diagram_of(found(diagram)?);
                let texts = analysed(prompts.iter().filter_map(found));
                let vocabulary = &problem.vocabulary;
                let missing = diagram
                    .nodes
                    .into_iter()
                    .filter(|node| !vocabulary.names_any(node, except))
                    .filter(|node| !vocabulary.box_mentioned(node, &texts))
                    .collect();
                Some(Outcome::lacking(missing))
            }
        }
    }
}

/// A yes/no always counts as an answer; text and lists only when they hold some words.
fn is_answered(answer: &Answer) -> bool {
    matches!(answer, Answer::Flag(_)) || !answer_text(answer).trim().is_empty()
}

/// The lines of an answer: a list's items or a text's lines, blank ones left out.
fn items(answer: &Answer) -> Vec<String> {
    answer_text(answer)
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(String::from)
        .collect()
}

fn diagram_of(answer: &Answer) -> Diagram {
    diagram::parse(&items(answer))
}

fn analysed<'a>(answers: impl Iterator<Item = &'a Answer>) -> Vec<Text> {
    answers
        .map(|answer| words::analyse(&answer_text(answer)))
        .collect()
}

/// Whether any of `concepts` is mentioned, in any light.
fn mentioned(vocabulary: &Vocabulary, concepts: &[String], texts: &[Text]) -> bool {
    concepts
        .iter()
        .any(|concept| !vocabulary.mentions(concept, texts).is_empty())
}

/// Whether the answers say one of `concepts` as the expected items are judged: at least as
/// much for it as against, so a check never passes what an item finds contradicted.
fn said_for(vocabulary: &Vocabulary, concepts: &[String], answers: &[String]) -> bool {
    let item = ExpectedItem {
        any: concepts.to_vec(),
        ..ExpectedItem::default()
    };
    let judged = coverage::judge(
        std::slice::from_ref(&item),
        &Answers::new(answers, false),
        vocabulary,
        &[],
    );
    judged
        .first()
        .is_some_and(|j| matches!(j.status, Status::Covered | Status::Partial))
}

/// Whether the problem's expected items for `step` name any of `concepts`: how a problem
/// says it needs, say, media storage.
fn expects(problem: &Problem, step: &str, concepts: &[String]) -> bool {
    problem.expected.get(step).is_some_and(|items| {
        items
            .iter()
            .any(|item| item.concepts().any(|named| concepts.contains(named)))
    })
}

/// `prompt: aspect, aspect` for the aspects an answer does not mention, if any.
fn lacking_aspects(
    key: &PromptKey,
    answer: &Answer,
    aspects: &[Topic],
    vocabulary: &Vocabulary,
) -> Option<String> {
    let texts = [words::analyse(&answer_text(answer))];
    let lacking: Vec<&str> = aspects
        .iter()
        .filter(|aspect| !aspect.found_in(&texts, vocabulary))
        .map(|aspect| aspect.name.as_str())
        .collect();
    let prompt = key.prompt();
    (!lacking.is_empty()).then(|| format!("{prompt}: {}", lacking.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::key::prompt_key;
    use crate::content::procedure::Procedure;
    use crate::content::yaml::{LoadError, Origin};

    fn procedure() -> Procedure {
        let text = include_str!("../../procedures/standard.yaml");
        Procedure::load(&Origin::builtin("standard.yaml"), text).unwrap()
    }

    fn problem(id: &str) -> Problem {
        let text = match id {
            "twitter" => include_str!("../../procedures/problems/twitter.yaml"),
            _ => include_str!("../../procedures/problems/url-shortener.yaml"),
        };
        Problem::load(&Origin::builtin("p.yaml"), text).unwrap()
    }

    fn list(items: &[&str]) -> Answer {
        Answer::List(items.iter().map(|item| item.to_string()).collect())
    }

    fn text(words: &str) -> Answer {
        Answer::Text(words.into())
    }

    /// The findings of `step_id` for `problem_id` given `answers`.
    fn findings(step_id: &str, problem_id: &str, answers: &[(&str, Answer)]) -> Vec<Finding> {
        let procedure = procedure();
        let step = procedure.steps.iter().find(|s| s.id == step_id).unwrap();
        let answers = answers
            .iter()
            .map(|(key, answer)| (prompt_key(key), answer.clone()))
            .collect();
        run_checks(step, &answers, &problem(problem_id))
    }

    fn failures(findings: &[Finding]) -> Vec<&str> {
        findings
            .iter()
            .filter(|f| !f.passed)
            .map(|f| f.message.as_str())
            .collect()
    }

    #[test]
    fn registered_calls_without_api_key_are_named() {
        let calls = list(&[
            "postTweet(api_key, user_id, text)",
            "getTimeline(user_id, cursor)",
            "follow(API_KEY, a, b)",
        ]);
        let bad = findings(
            "interface",
            "twitter",
            &[
                ("interface.calls", calls.clone()),
                ("interface.registered_only", Answer::Flag(true)),
            ],
        );
        assert_eq!(
            failures(&bad),
            [
                "The calls are for registered accounts, but these do not take api_key: getTimeline(user_id, cursor)."
            ]
        );
        let public = findings(
            "interface",
            "twitter",
            &[
                ("interface.calls", calls),
                ("interface.registered_only", Answer::Flag(false)),
            ],
        );
        assert!(public.is_empty(), "{public:?}");
        let good = findings(
            "interface",
            "twitter",
            &[
                ("interface.calls", list(&["postTweet(api_key, text)"])),
                ("interface.registered_only", Answer::Flag(true)),
            ],
        );
        assert_eq!(good.len(), 1);
        assert!(good[0].passed && good[0].message.contains("Every call takes api_key"));
    }

    #[test]
    fn a_sound_data_model_passes_every_check() {
        let found = findings(
            "data-model",
            "twitter",
            &[
                (
                    "data-model.tables",
                    list(&[
                        "User: user_id bigint PK, name text",
                        "Tweet: tweet_id bigint PK, user_id bigint FK User, body text",
                    ]),
                ),
                ("data-model.database", text("NoSQL")),
                (
                    "data-model.object_storage",
                    text("Photos go to S3, keys in the row."),
                ),
            ],
        );
        assert_eq!(found.len(), 5, "{found:?}");
        assert!(failures(&found).is_empty(), "{found:?}");
    }

    #[test]
    fn a_weak_data_model_is_told_what_is_missing() {
        let found = findings(
            "data-model",
            "twitter",
            &[
                (
                    "data-model.tables",
                    list(&[
                        "User: user_id bigint PK, name",
                        "Tweet: tweet_id, body text",
                    ]),
                ),
                (
                    "data-model.object_storage",
                    text("In the database as bytes."),
                ),
            ],
        );
        let failed = failures(&found);
        assert_eq!(failed.len(), 4, "{failed:?}");
        assert!(
            failed[0].contains("User.name, Tweet.tweet_id"),
            "{failed:?}"
        );
        assert!(failed[1].contains("how the tables relate"), "{failed:?}");
        assert!(failed[2].contains("kind of database"), "{failed:?}");
        assert!(failed[3].contains("stores media"), "{failed:?}");
    }

    #[test]
    fn media_storage_is_only_asked_of_problems_that_store_media() {
        let found = findings(
            "data-model",
            "url-shortener",
            &[("data-model.object_storage", text("No media here."))],
        );
        assert!(
            found.iter().all(|f| !f.message.contains("media")),
            "{found:?}"
        );
    }

    #[test]
    fn a_complete_diagram_passes_and_a_thin_one_hears_what_it_lacks() {
        let good = findings(
            "high-level-design",
            "twitter",
            &[(
                "high-level-design.components",
                list(&[
                    "Client -> Load balancer -> App servers -> Cache, Database",
                    "App servers -> Object storage",
                ]),
            )],
        );
        assert!(failures(&good).is_empty(), "{good:?}");
        assert!(good[1].message.starts_with("6 boxes"), "{good:?}");

        let thin = findings(
            "high-level-design",
            "twitter",
            &[(
                "high-level-design.components",
                list(&["Browser -> API server -> Postgres DB"]),
            )],
        );
        assert_eq!(
            failures(&thin),
            [
                "3 boxes; aim for 5 to 6 core components, enough to solve the problem end to end.",
                "The diagram lacks boxes this problem needs: load balancer, file or object storage."
            ]
        );
    }

    #[test]
    fn deep_dives_need_options_trade_offs_and_a_choice() {
        let good = text(
            "Option A: fan-out on write, fast reads but slow for celebrities; option B: pull. I choose a hybrid.",
        );
        let found = findings(
            "detailed-design",
            "twitter",
            &[
                ("detailed-design.deep_dive_1", good.clone()),
                ("detailed-design.deep_dive_2", good),
            ],
        );
        assert!(failures(&found).is_empty(), "{found:?}");

        let found = findings(
            "detailed-design",
            "twitter",
            &[(
                "detailed-design.deep_dive_1",
                text("Shard by user id with consistent hashing."),
            )],
        );
        assert_eq!(
            failures(&found),
            [
                "1 deep dive(s) answered; dig into at least two components.",
                "Some deep dives leave things out (deep_dive_1: two or more options, pros and cons, a choice)."
            ]
        );
        let lacking_options = |deep_dive: &str| {
            let found = findings(
                "detailed-design",
                "twitter",
                &[
                    ("detailed-design.deep_dive_1", text(deep_dive)),
                    ("detailed-design.deep_dive_2", text(deep_dive)),
                ],
            );
            failures(&found)
                .iter()
                .any(|f| f.contains("two or more options"))
        };
        let one = "One option: shard by user id; pros: simple, cons: hot users. I choose it.";
        assert!(lacking_options(one));
        for two in [
            "Push vs pull: push is fast to read, slow for celebrities. I choose push.",
            "Two options, cache-aside and write-through; cache-aside is cheap. I pick it.",
            "Approach A is cheap; the alternative is fast. I choose A.",
            "1) pull on read, slow to load 2) push on write, costly for celebrities. I would go hybrid.",
            "Redis or Memcached: Redis has sorted sets, Memcached is simpler; so we use Redis.",
        ] {
            assert!(!lacking_options(two), "{two}");
        }
    }

    #[test]
    fn every_box_of_the_design_must_be_examined() {
        let design = list(&["Client -> Load balancer -> App servers -> Database"]);
        let found = findings(
            "bottlenecks",
            "twitter",
            &[
                ("high-level-design.components", design),
                (
                    "bottlenecks.single_points_of_failure",
                    list(&[
                        "A second load balancer on standby",
                        "Each app server is stateless",
                    ]),
                ),
                ("bottlenecks.replicas", text("Three replicas per shard.")),
                ("bottlenecks.monitoring", text("")),
            ],
        );
        assert_eq!(
            failures(&found),
            [
                "Say what happens when these boxes fail or saturate: Database.",
                "Say how many copies of each service run so that a few failures do not shut the system down.",
                "Say how the system is monitored and what alerts someone."
            ]
        );
    }

    fn load_error(checks: &str) -> LoadError {
        let text = format!(
            "format_version: 1\nid: p\ntitle: P\nsteps:\n  - id: a\n    title: A\n    minutes: 5\n    goal: g\n    prompts:\n      - id: q\n        kind: text\n        question: Why?\n    checks:\n{checks}"
        );
        Procedure::load(&Origin::builtin("p.yaml"), &text).unwrap_err()
    }

    #[test]
    fn a_check_naming_an_unknown_prompt_is_refused_at_its_line() {
        let err = load_error(
            "      - kind: answered\n        prompts: [a.q, a.nope]\n        pass: ok\n        fail: no\n",
        );
        assert_eq!(err.line, Some(15));
        assert!(err.message.contains("names prompt `a.nope`"), "{err}");
    }

    #[test]
    fn a_condition_must_be_a_confirm_prompt() {
        let err = load_error(
            "      - kind: every_item_mentions\n        prompt: a.q\n        concepts: [cache]\n        when: a.q\n        pass: ok\n        fail: no\n",
        );
        assert!(err.message.contains("only confirm prompts"), "{err}");
    }

    #[test]
    fn an_unknown_check_kind_is_refused_with_its_position() {
        let err = load_error("      - kind: vibes\n        pass: ok\n        fail: no\n");
        assert!(err.message.contains("unknown variant `vibes`"), "{err}");
        assert!(err.line.is_some(), "{err}");
    }

    #[test]
    fn a_misspelt_field_of_a_check_is_refused() {
        let err = load_error(
            "      - kind: answered\n        promtps: [a.q]\n        pass: ok\n        fail: no\n",
        );
        assert!(err.message.contains("promtps"), "{err}");
    }

    #[test]
    fn an_aspect_counted_zero_times_is_refused() {
        let err = load_error(
            "      - kind: reasoned\n        prompts: [a.q]\n        aspects:\n          - {name: n, options: 0}\n        pass: ok\n        fail: no\n",
        );
        assert!(err.message.contains("expected a nonzero"), "{err}");
        assert!(err.line.is_some(), "{err}");
    }
}
