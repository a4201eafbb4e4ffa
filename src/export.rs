//! The Markdown transcript of a session: the problem, the time against the budget, and every
//! question with its answer.

use std::fmt::Write;

use crate::clock::format_secs;
use crate::markdown;
use crate::problem::Problem;
use crate::procedure::{At, Procedure, PromptKind};
use crate::session::{Answer, Session};

/// Renders the whole transcript. User text is escaped; content text (questions, titles,
/// the statement) is written as Markdown, since it is authored as such.
pub fn transcript(session: &Session, procedure: &Procedure, problem: &Problem) -> String {
    let mut out = String::new();
    header(&mut out, session, procedure, problem);
    timing(&mut out, session, procedure);
    for (index, step) in procedure.steps.iter().enumerate() {
        let _ = writeln!(out, "## {}. {}\n", index + 1, step.title);
        exchanges(&mut out, session, &step.id);
        for prompt_index in 0..step.prompts.len() {
            prompt_and_answer(
                &mut out,
                session,
                procedure,
                At {
                    step: index,
                    prompt: prompt_index,
                },
            );
        }
    }
    out
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
                format_secs(u64::from(procedure.total_minutes()) * 60)
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

fn timing(out: &mut String, session: &Session, procedure: &Procedure) {
    out.push_str("## Time\n\n| Step | Time | Budget | |\n| --- | ---: | ---: | --- |\n");
    for (index, step) in procedure.steps.iter().enumerate() {
        let spent = session.steps.get(index).map_or(0, |log| log.elapsed_secs);
        let budget = u64::from(step.minutes) * 60;
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
