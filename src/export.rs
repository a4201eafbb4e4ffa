//! The Markdown transcript of a session: the problem, the time against the budget, and every
//! question with its answer.

use std::fmt::Write;

use crate::clock::format_secs;
use crate::datamodel;
use crate::diagram;
use crate::engine::Engine;
use crate::estimates;
use crate::feedback;
use crate::figures::Outcome;
use crate::markdown;
use crate::problem::Problem;
use crate::procedure::{At, Procedure, PromptKind, Render};
use crate::session::{Answer, Session};

/// Renders the whole transcript. User text is escaped; content text (questions, titles,
/// the statement, reference notes) is written as Markdown, since it is authored as such.
pub fn transcript(session: &Session, engine: &Engine) -> String {
    let procedure = engine.procedure;
    let mut out = String::new();
    header(&mut out, session, procedure, engine.problem);
    timing(&mut out, session, engine);
    for (index, step) in procedure.steps.iter().enumerate() {
        let _ = writeln!(out, "## {}. {}\n", index + 1, step.title);
        probes(&mut out, session, &step.id);
        exchanges(&mut out, session, &step.id);
        for (prompt, question) in step.prompts.iter().enumerate() {
            // The user's own figures are shown in the estimates table instead.
            // Own figures go in the estimates table, scores in the feedback.
            if question.figure.is_none() && !question.assessment {
                prompt_and_answer(
                    &mut out,
                    session,
                    procedure,
                    At {
                        step: index,
                        prompt,
                    },
                );
            }
        }
        estimates_table(&mut out, session, engine, index);
        if session
            .steps
            .get(index)
            .is_some_and(|log| log.finished_at.is_some())
        {
            feedback_block(&mut out, engine, session, index);
            reference_notes(&mut out, engine.problem, &step.id);
        }
    }
    assessment(&mut out, engine, session);
    out
}

/// The coach's feedback on a step and its score.
fn feedback_block(out: &mut String, engine: &Engine, session: &Session, index: usize) {
    let feedback = feedback::step_feedback(engine, session, index);
    out.push_str("**Feedback**\n\n");
    for item in &feedback.coverage.covered {
        let _ = writeln!(out, "- Covered: {}", item.item);
    }
    for item in &feedback.coverage.missed {
        let _ = writeln!(out, "- Missed: {}", item.item);
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
    let _ = writeln!(
        out,
        "- Score: {}/{} (the coach proposed {})\n",
        feedback.score(engine, session, index),
        feedback::MAX_SCORE,
        feedback.proposed_score()
    );
}

/// Every step's score, the weighted total, and where the gaps are.
fn assessment(out: &mut String, engine: &Engine, session: &Session) {
    out.push_str("## Assessment\n\n| Step | Score | Weight | Covered | Checks passed |\n| --- | ---: | ---: | ---: | ---: |\n");
    let mut strengths = Vec::new();
    let mut gaps = Vec::new();
    let mut scores = Vec::new();
    for (index, step) in engine.procedure.steps.iter().enumerate() {
        let feedback = feedback::step_feedback(engine, session, index);
        let score = feedback.score(engine, session, index);
        scores.push(score);
        let covered = feedback.coverage.covered.len();
        let expected = covered + feedback.coverage.missed.len();
        let passed = feedback.findings.iter().filter(|f| f.passed).count();
        let _ = writeln!(
            out,
            "| {}. {} | {}/{} | {} | {covered}/{expected} | {passed}/{} |",
            index + 1,
            step.title,
            score,
            feedback::MAX_SCORE,
            step.weight,
            feedback.findings.len()
        );
        if score == feedback::MAX_SCORE {
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
                .coverage
                .missed
                .iter()
                .map(|item| format!("{}: {}", step.title, item.item)),
        );
    }
    let _ = writeln!(
        out,
        "\nOverall: **{:.0} %** (the deep dive counts double).\n",
        feedback::weighted(engine, &scores) * 100.0
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
    for estimate in estimates::review(engine, index, session, &conventions) {
        let key = format!("{}.{}", step.id, estimate.figure.id);
        let yours = match session.answers.get(&key) {
            Some(Answer::Text(text)) => markdown::inline(text),
            _ => "-".to_string(),
        };
        let computed = estimate.outcome.quantity().map_or("-".to_string(), |q| {
            q.display(conventions.units).to_string()
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

/// The follow-up questions the interviewer put at the start of a step.
fn probes(out: &mut String, session: &Session, step_id: &str) {
    let Some(probes) = session.probes.get(step_id) else {
        return;
    };
    out.push_str("**The interviewer asked you to cover**\n\n");
    for probe in probes {
        let _ = writeln!(out, "- {}", probe.trim());
    }
    out.push('\n');
}

/// The problem's reference notes for a step, once the step has been answered.
fn reference_notes(out: &mut String, problem: &Problem, step_id: &str) {
    let Some(notes) = problem.reference.get(step_id) else {
        return;
    };
    out.push_str("**Reference notes**\n\n");
    for line in notes.trim().lines() {
        let _ = writeln!(out, "> {line}");
    }
    out.push('\n');
}

fn header(out: &mut String, session: &Session, procedure: &Procedure, problem: &Problem) {
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
    out.push_str("| | |\n| --- | --- |\n");
    for (name, value) in rows {
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

fn prompt_and_answer(out: &mut String, session: &Session, procedure: &Procedure, at: At) {
    let prompt = procedure.prompt(at);
    let key = procedure.key(at);
    let _ = writeln!(out, "**{}**\n", prompt.question.trim());
    match session.answers.get(&key) {
        Some(Answer::List(items)) => {
            for item in items {
                let _ = writeln!(out, "- {}", markdown::inline(item));
            }
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
        None => out.push_str("*Not answered yet.*\n\n"),
    }
    if session.hints_used.contains(&key) {
        if let Some(hint) = &prompt.hint {
            let _ = writeln!(out, "> Hint used: {}\n", hint.trim());
        }
    }
}
