//! The Markdown transcript of a session: the problem, the time against the budget, and every
//! question with its answer.

use std::fmt::Write;

use crate::clock::format_secs;
use crate::engine::Engine;
use crate::estimates;
use crate::figures::Outcome;
use crate::markdown;
use crate::problem::Problem;
use crate::procedure::{At, Procedure, PromptKind};
use crate::quantity::Conventions;
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
            if question.figure.is_none() {
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
            reference_notes(&mut out, engine.problem, &step.id);
        }
    }
    out
}

/// Each figure: the user's value as typed, the computed one, the verdict and the formula
/// filled in with the numbers.
fn estimates_table(out: &mut String, session: &Session, engine: &Engine, index: usize) {
    let step = &engine.procedure.steps[index];
    if step.figures.is_empty() {
        return;
    }
    let conventions = Conventions::default();
    out.push_str("**Estimates** (decimal units, 30-day month)\n\n| Figure | Yours | Computed | Verdict | Formula |\n| --- | ---: | ---: | --- | --- |\n");
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
