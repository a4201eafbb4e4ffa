//! The Markdown transcript of a session: the problem, the time against the budget, and every
//! question with its answer.

use std::fmt::Write;

use crate::content::answer::Answer;
use crate::content::key::{PromptKey, StepId};
use crate::content::procedure::{At, PromptKind, Render};
use crate::content::score::Score;
use crate::interview::clock::format_secs;
use crate::interview::engine::Engine;
use crate::interview::session::Session;
use crate::judge::coverage::Status;
use crate::judge::datamodel;
use crate::judge::diagram;
use crate::judge::estimates;
use crate::judge::feedback;
use crate::text::markdown;
use crate::units::figures::Outcome;

/// Renders the whole transcript. User text is escaped; content text (questions, titles,
/// the statement, reference notes) is written as Markdown, since it is authored as such.
pub fn transcript(session: &Session, engine: &Engine) -> String {
    let procedure = engine.procedure;
    let mut out = String::new();
    header(&mut out, session, engine);
    timing(&mut out, session, engine);
    for (index, step) in procedure.steps.iter().enumerate() {
        let _ = writeln!(out, "## {}. {}\n", index + 1, step.title);
        if let Some((placement, twist)) = engine.twist_announced_at(session, index) {
            let _ = writeln!(
                out,
                "> **{}:** {}\n",
                placement.heading.trim(),
                twist.say.trim()
            );
        }
        exchanges(&mut out, session, &step.id);
        for (prompt, question) in step.prompts.iter().enumerate() {
            let at = At {
                step: index,
                prompt,
            };
            // Own figures go in the estimates table, scores in the feedback; a follow-up,
            // or a prompt that depends on an earlier answer, appears when it was asked.
            if question.role.is_written() && !engine.passed_over(session, at) {
                let heading = match question.role.follow_up() {
                    // A follow-up may name a box of the user's diagram: escaped like their text.
                    Some(_) => format!(
                        "Follow-up: {}",
                        markdown::inline(engine.question_text(session, at))
                    ),
                    None => question.question.clone(),
                };
                prompt_and_answer(&mut out, session, engine, at, &heading);
            }
        }
        estimates_table(&mut out, session, engine, index);
        if session
            .steps
            .get(index)
            .is_some_and(|log| log.finished_at.is_some())
        {
            feedback_block(&mut out, engine, session, index);
            reference_notes(&mut out, engine, session, &step.id);
        }
    }
    assessment(&mut out, engine, session);
    out
}

/// The coach's feedback on a step and its score.
fn feedback_block(out: &mut String, engine: &Engine, session: &Session, index: usize) {
    let case = engine.case(session);
    let feedback = feedback::step_feedback(&case, index);
    out.push_str("**Feedback**\n\n");
    for judged in &feedback.items {
        let _ = writeln!(out, "- {}", markdown::inline(&feedback::item_line(judged)));
    }
    for follow_up in &feedback.follow_ups {
        for judged in &follow_up.items {
            let _ = writeln!(
                out,
                "- Follow-up \"{}\": {}",
                markdown::inline(&follow_up.question),
                markdown::inline(&feedback::item_line(judged))
            );
        }
    }
    for judged in &feedback.twist {
        let _ = writeln!(
            out,
            "- The change: {}",
            markdown::inline(&feedback::item_line(judged))
        );
    }
    for finding in &feedback.findings {
        let _ = writeln!(
            out,
            "- {} {}",
            if finding.passed {
                "Passed:"
            } else {
                "To improve:"
            },
            markdown::inline(&finding.message)
        );
    }
    let own = feedback::chosen(&case, index);
    let _ = writeln!(
        out,
        "- Score: {}\n",
        whose_score(own, feedback.proposed_score())
    );
}

/// A step's score and whose it is: a score of the user's own says how it stands to the
/// coach's proposal.
fn whose_score(own: Option<Score>, proposed: Score) -> String {
    let max = Score::MAX;
    match own {
        None => format!("{proposed}/{max}, the coach's proposal (the step was not scored)"),
        Some(own) if own == proposed => format!("{own}/{max}, your own, as the coach proposed"),
        Some(own) => {
            let side = if own > proposed { "above" } else { "below" };
            format!("{own}/{max}, your own, {side} the coach's proposal of {proposed}/{max}")
        }
    }
}

/// Every step's score, the weighted total, and where the gaps are.
fn assessment(out: &mut String, engine: &Engine, session: &Session) {
    out.push_str("## Assessment\n\n| Step | Score | Weight | Covered | Checks passed |\n| --- | ---: | ---: | ---: | ---: |\n");
    let mut strengths = Vec::new();
    let mut gaps = Vec::new();
    let mut scores = Vec::new();
    let case = engine.case(session);
    for (index, step) in engine.procedure.steps.iter().enumerate() {
        let feedback = feedback::step_feedback(&case, index);
        let score = feedback.score(&case, index);
        scores.push(score);
        let proposed = feedback.proposed_score();
        let differs = if score == proposed {
            String::new()
        } else {
            format!(" (coach: {proposed}/{})", Score::MAX)
        };
        let covered = feedback.with(Status::Covered).count();
        let expected = feedback.items.len();
        let passed = feedback.findings.iter().filter(|f| f.passed).count();
        let _ = writeln!(
            out,
            "| {}. {} | {}/{}{differs} | {} | {covered}/{expected} | {passed}/{} |",
            index + 1,
            step.title,
            score,
            Score::MAX,
            step.weight,
            feedback.findings.len()
        );
        if score == Score::MAX {
            let checks = match feedback.findings.len() {
                0 => String::new(),
                total => format!(", {passed} of {total} checks passed"),
            };
            strengths.push(format!(
                "{}: {covered} of {expected} expected items covered{checks}",
                step.title
            ));
        }
        gaps.extend(
            feedback
                .items
                .iter()
                .filter(|judged| judged.status != Status::Covered)
                .map(|judged| format!("{}: {}", step.title, judged.item.item)),
        );
    }
    let _ = writeln!(
        out,
        "\nOverall: **{} %**.\n",
        feedback::overall_percent(engine.procedure, &scores)
    );
    for (title, items) in [("Strengths", strengths), ("Gaps to work on", gaps)] {
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "**{title}**\n");
        for item in items {
            let _ = writeln!(out, "- {item}");
        }
        out.push('\n');
    }
}

/// Each figure: the user's value as typed, the computed one, the verdict and the formula
/// filled in with the numbers.
fn estimates_table(out: &mut String, session: &Session, engine: &Engine, index: usize) {
    let step = &engine.procedure.steps[index];
    if step.figures.is_empty() {
        return;
    }
    let conventions = session.settings.conventions();
    let _ = writeln!(out, "**Estimates** ({})\n", conventions.describe());
    out.push_str(
        "| Figure | Yours | Computed | Verdict | Formula |\n| --- | ---: | ---: | --- | --- |\n",
    );
    for estimate in estimates::review(&engine.case(session), index) {
        let key = PromptKey::new(&step.id, &estimate.figure.id);
        let yours = match session.answers.get(&key) {
            Some(Answer::Text(text)) => markdown::inline(text),
            _ => "-".to_string(),
        };
        let computed = estimate.outcome.quantity().map_or("-".to_string(), |q| {
            q.display_with(&conventions).to_string()
        });
        let verdict = estimate
            .verdict()
            .map_or("-".to_string(), |v| v.to_string());
        let formula = match &estimate.outcome {
            Outcome::Computed { explanation, .. } => markdown::inline(explanation),
            Outcome::Given(_) => "given".to_string(),
            other => format!("needs {}", markdown::inline(&estimates::needs(other))),
        };
        let _ = writeln!(
            out,
            "| {} | {yours} | {computed} | {verdict} | {formula} |",
            estimate.figure.label
        );
    }
    out.push('\n');
}

/// The problem's reference notes for a step, once the step has been answered.
fn reference_notes(out: &mut String, engine: &Engine, session: &Session, step_id: &str) {
    let Some(notes) = estimates::reference_note(&engine.case(session), step_id) else {
        return;
    };
    out.push_str("**Reference notes**\n\n");
    for line in notes.trim().lines() {
        let _ = writeln!(out, "> {line}");
    }
    out.push('\n');
}

fn header(out: &mut String, session: &Session, engine: &Engine) {
    let (procedure, problem) = (engine.procedure, engine.problem);
    let _ = writeln!(out, "# Mock interview: {}\n", problem.title);
    let status = match (&session.finished_at, &session.cursor) {
        (Some(_), _) => "finished".to_string(),
        (None, Some(key)) => format!("in progress, stopped at `{key}`"),
        (None, None) => "in progress".to_string(),
    };
    let rows = [
        (
            "Problem",
            format!("`{}` ({})", problem.id, problem.difficulty.name()),
        ),
        ("Procedure", procedure.title.clone()),
        (
            "Started",
            session
                .started_at
                .strftime("%Y-%m-%d %H:%M UTC")
                .to_string(),
        ),
        (
            "Total time",
            format!(
                "{} of {}",
                format_secs(session.total_elapsed_secs()),
                format_secs(u64::from(session.settings.minutes) * 60)
            ),
        ),
        ("Status", status),
        ("Session", format!("`{}`", session.id)),
    ];
    let twist = engine
        .twist(session)
        .map(|twist| ("Twist", format!("`{}`", twist.id)));
    out.push_str("| | |\n| --- | --- |\n");
    for (name, value) in rows.into_iter().chain(twist) {
        let _ = writeln!(out, "| {name} | {value} |");
    }
    let _ = writeln!(out, "\n## Problem\n\n{}\n", problem.statement.trim());
}

fn timing(out: &mut String, session: &Session, engine: &Engine) {
    let procedure = engine.procedure;
    out.push_str("## Time\n\n| Step | Time | Budget | |\n| --- | ---: | ---: | --- |\n");
    for (index, step) in procedure.steps.iter().enumerate() {
        let spent = session.steps.get(index).map_or(0, |log| log.elapsed_secs);
        let budget = engine.budget_secs(session, index);
        let verdict = if spent > budget {
            format!("over by {}", format_secs(spent - budget))
        } else {
            "within budget".into()
        };
        let _ = writeln!(
            out,
            "| {}. {} | {} | {} | {verdict} |",
            index + 1,
            step.title,
            format_secs(spent),
            format_secs(budget)
        );
    }
    out.push('\n');
}

/// The questions put to the interviewer during a step, and the answers.
fn exchanges(out: &mut String, session: &Session, step_id: &str) {
    let asked: Vec<_> = session
        .exchanges
        .iter()
        .filter(|e| e.step == step_id)
        .collect();
    if asked.is_empty() {
        return;
    }
    out.push_str("**Questions to the interviewer**\n\n");
    for exchange in asked {
        let _ = writeln!(
            out,
            "- *Q:* {}  \n  *A:* {}",
            markdown::inline(&exchange.question),
            exchange.answer.trim()
        );
    }
    out.push('\n');
}

fn prompt_and_answer(out: &mut String, session: &Session, engine: &Engine, at: At, question: &str) {
    let procedure = engine.procedure;
    let prompt = procedure.prompt(at);
    let key = procedure.key(at);
    let _ = writeln!(out, "**{}**\n", question.trim());
    let unfinished = session.draft_at(&key);
    match session.answers.get(&key) {
        Some(Answer::List(items)) => {
            for item in items {
                let _ = writeln!(out, "- {}", markdown::inline(item));
            }
            unfinished_items(out, unfinished);
            out.push('\n');
            match prompt.render {
                Some(Render::Diagram) => {
                    let _ = writeln!(out, "{}\n", diagram::parse(items).mermaid().trim_end());
                }
                Some(Render::Tables) => {
                    let tables = datamodel::parse_tables(items);
                    let _ = writeln!(out, "{}\n", datamodel::markdown_tables(&tables).trim_end());
                    let _ = writeln!(out, "{}\n", datamodel::mermaid_er(&tables).trim_end());
                }
                None => {}
            }
        }
        Some(Answer::Text(text)) if prompt.kind == PromptKind::Text => {
            let _ = writeln!(out, "{}\n", markdown::block(text));
        }
        Some(Answer::Text(text)) => {
            let _ = writeln!(out, "{}\n", markdown::inline(text));
        }
        Some(Answer::Flag(flag)) => {
            let _ = writeln!(out, "{}\n", if *flag { "Yes" } else { "No" });
        }
        None if session.skipped.contains(&key) => out.push_str("*Skipped.*\n\n"),
        None if !unfinished.is_empty() => {
            unfinished_items(out, unfinished);
            out.push('\n');
        }
        None => out.push_str("*Not answered yet.*\n\n"),
    }
    hints_used(out, session, engine, at, &key);
}

/// The hints shown at a prompt, and how many of its ladder that was.
fn hints_used(out: &mut String, session: &Session, engine: &Engine, at: At, key: &PromptKey) {
    let used = session.hints_used.get(key).copied().unwrap_or(0);
    let hints = engine.hints(session, at);
    match (used.min(hints.len()), hints.len()) {
        (0, _) => {}
        (1, 1) => {
            let _ = writeln!(out, "> Hint used: {}\n", hints[0].trim());
        }
        (used, of) => {
            let _ = writeln!(out, "> Hints used: {used} of {of}\n>");
            for (index, hint) in hints.iter().take(used).enumerate() {
                let _ = writeln!(out, "> {}. {}", index + 1, hint.trim());
            }
            out.push('\n');
        }
    }
}

/// List items typed but not yet ended, each marked, and why.
fn unfinished_items(out: &mut String, items: &[String]) {
    if items.is_empty() {
        return;
    }
    for item in items {
        let _ = writeln!(out, "- {} *(unfinished)*", markdown::inline(item));
    }
    out.push_str(
        "\n*Unfinished: typed, but the list was not ended before the interview stopped.*\n",
    );
}

/// The assessment of a session as `export --json` prints it; its fields are documented in
/// the README and kept stable.
#[derive(Debug, serde::Serialize)]
pub(crate) struct Report {
    pub(crate) session: String,
    pub(crate) problem: String,
    pub(crate) overall_percent: u32,
    /// The constraint changed mid-interview, if one was.
    pub(crate) twist: Option<TwistReport>,
    pub(crate) steps: Vec<StepReport>,
}

#[derive(Debug, serde::Serialize)]
pub(crate) struct TwistReport {
    pub(crate) id: String,
    pub(crate) say: String,
}

#[derive(Debug, serde::Serialize)]
pub(crate) struct StepReport {
    pub(crate) id: StepId,
    pub(crate) title: String,
    pub(crate) score: Score,
    pub(crate) proposed_score: Score,
    pub(crate) weight: u32,
    /// The step's answers by prompt id, as typed.
    pub(crate) answers: std::collections::BTreeMap<String, Answer>,
    /// List items typed at a prompt whose list was not ended, by prompt id.
    pub(crate) unfinished: std::collections::BTreeMap<String, Vec<String>>,
    pub(crate) items: Vec<ItemReport>,
    pub(crate) checks: Vec<CheckReport>,
    pub(crate) figures: Vec<FigureReport>,
    /// The follow-up questions asked at the end of the step.
    pub(crate) follow_ups: Vec<FollowUpReport>,
    /// The verdicts on the points about the twist that this step should make.
    pub(crate) twist_items: Vec<ItemReport>,
    /// How many hints were shown, by prompt id, for the prompts where any was.
    pub(crate) hints_used: std::collections::BTreeMap<String, usize>,
}

#[derive(Debug, serde::Serialize)]
pub(crate) struct FollowUpReport {
    pub(crate) question: String,
    pub(crate) answer: Option<String>,
    pub(crate) items: Vec<ItemReport>,
}

#[derive(Debug, serde::Serialize)]
pub(crate) struct ItemReport {
    pub(crate) item: String,
    pub(crate) status: Status,
    pub(crate) evidence: Option<String>,
}

impl ItemReport {
    fn of(judged: &crate::judge::coverage::Judged) -> ItemReport {
        ItemReport {
            item: judged.item.item.clone(),
            status: judged.status,
            evidence: judged.evidence.clone(),
        }
    }
}

#[derive(Debug, serde::Serialize)]
pub(crate) struct CheckReport {
    pub(crate) id: String,
    pub(crate) passed: bool,
    pub(crate) message: String,
}

#[derive(Debug, serde::Serialize)]
pub(crate) struct FigureReport {
    pub(crate) id: String,
    pub(crate) yours: Option<f64>,
    pub(crate) computed: Option<f64>,
    pub(crate) verdict: Option<String>,
}

/// The numbers behind the transcript's assessment, computed the same way.
pub(crate) fn report(session: &Session, engine: &Engine) -> Report {
    let mut scores = Vec::new();
    let case = engine.case(session);
    let steps = engine
        .procedure
        .steps
        .iter()
        .enumerate()
        .map(|(index, step)| {
            let feedback = feedback::step_feedback(&case, index);
            let score = feedback.score(&case, index);
            scores.push(score);
            let of_step =
                |key: &PromptKey| (*key.step() == step.id).then(|| key.prompt().to_string());
            let answers = session
                .answers
                .iter()
                .filter_map(|(key, answer)| Some((of_step(key)?, answer.clone())))
                .collect();
            let hints_used = session
                .hints_used
                .iter()
                .filter_map(|(key, used)| Some((of_step(key)?, *used)))
                .collect();
            let unfinished = step
                .prompts
                .iter()
                .map(|prompt| {
                    (
                        prompt,
                        session.draft_at(&PromptKey::new(&step.id, &prompt.id)),
                    )
                })
                .filter(|(_, items)| !items.is_empty())
                .map(|(prompt, items)| (prompt.id.clone(), items.to_vec()))
                .collect();
            let figures = estimates::review(&case, index)
                .iter()
                .map(|estimate| FigureReport {
                    id: estimate.figure.id.clone(),
                    yours: estimate.yours.map(|q| q.value),
                    computed: estimate.outcome.quantity().map(|q| q.value),
                    verdict: estimate.verdict().map(|v| v.to_string()),
                })
                .collect();
            StepReport {
                id: step.id.clone(),
                title: step.title.clone(),
                score,
                proposed_score: feedback.proposed_score(),
                weight: step.weight,
                answers,
                unfinished,
                hints_used,
                items: feedback.items.iter().map(ItemReport::of).collect(),
                twist_items: feedback.twist.iter().map(ItemReport::of).collect(),
                follow_ups: feedback
                    .follow_ups
                    .iter()
                    .map(|follow_up| FollowUpReport {
                        question: follow_up.question.clone(),
                        answer: follow_up.answer.clone(),
                        items: follow_up.items.iter().map(ItemReport::of).collect(),
                    })
                    .collect(),
                checks: feedback
                    .findings
                    .iter()
                    .map(|finding| CheckReport {
                        id: finding.id.clone(),
                        passed: finding.passed,
                        message: finding.message.clone(),
                    })
                    .collect(),
                figures,
            }
        })
        .collect();
    Report {
        session: session.id.clone(),
        problem: engine.problem.id.clone(),
        overall_percent: feedback::overall_percent(engine.procedure, &scores),
        twist: engine.twist(session).map(|twist| TwistReport {
            id: twist.id.clone(),
            say: twist.say.trim().to_string(),
        }),
        steps,
    }
}
