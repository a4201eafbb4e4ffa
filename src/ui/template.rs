//! The answers-file template printed by `sdcoach start <problem> --template`.

use std::fmt::Write;

use crate::content::procedure::{Prompt, PromptKind, Role};
use crate::interview::engine::Engine;
use crate::units::quantity::Dimension;

/// A complete answers file: every prompt's key with its question as a comment above it, and
/// the problem's suggested value where there is one. Empty values mean "skip", so the
/// template runs as it is.
pub(crate) fn answers_template(engine: &Engine) -> String {
    let procedure = engine.procedure;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Answers for the mock interview: {} ({})",
        engine.problem.title, engine.problem.id
    );
    let _ = writeln!(
        out,
        "# Run with: sdcoach start {} --answers THIS_FILE",
        engine.problem.id
    );
    out.push_str(
        "# Values: text, a list of texts for list prompts, or yes/no; \"\" or [] skips a prompt.\n",
    );
    let mut current_step = usize::MAX;
    for at in procedure.positions() {
        let step = &procedure.steps[at.step];
        if at.step != current_step {
            current_step = at.step;
            let _ = writeln!(
                out,
                "\n# Step {}/{} - {} ({} min)",
                at.step + 1,
                procedure.steps.len(),
                step.title,
                step.minutes
            );
            twists_comment(&mut out, engine, &step.id);
        }
        let prompt = procedure.prompt(at);
        let probes = engine
            .problem
            .probes
            .get(&step.id)
            .map_or(&[][..], Vec::as_slice);
        if prompt.role.follow_up().is_some() && probes.is_empty() {
            continue;
        }
        for line in prompt.question.trim().lines() {
            let _ = writeln!(out, "# {line}");
        }
        if prompt.role == Role::FollowUp(0) {
            out.push_str(
                "# The interviewer picks from these, those whose condition your answers meet:\n",
            );
            for probe in probes {
                let _ = writeln!(out, "#   - {}{}", probe.question().trim(), condition(probe));
            }
        }
        if let Some(form) = expected_form(prompt) {
            let _ = writeln!(out, "# {form}");
        }
        if let Some(when) = &prompt.asked_when {
            let _ = writeln!(
                out,
                "# Asked only when {}.{} is more than {}",
                step.id, when.prompt, when.more_than
            );
        }
        let value = match (prompt.kind, engine.default_for(at)) {
            (PromptKind::List, _) => "[]".to_string(),
            (_, Some(value)) => quote(value),
            (_, None) => "\"\"".to_string(),
        };
        let _ = writeln!(out, "{}: {value}", procedure.key(at));
    }
    out
}

/// Where the procedure announces a twist, the problem's twists, which `--twist` picks from.
fn twists_comment(out: &mut String, engine: &Engine, step_id: &str) {
    let twists = &engine.problem.twists;
    let announced_here = engine
        .procedure
        .twist
        .as_ref()
        .is_some_and(|placement| placement.before == step_id);
    if !announced_here || twists.is_empty() {
        return;
    }
    out.push_str(
        "# With --twist (or --twist=ID) the interviewer changes a constraint here:
",
    );
    for twist in twists {
        let _ = writeln!(out, "#   - {}: {}", twist.id, twist.say.trim());
    }
}

/// The form an answer takes, for the prompts whose answers have one.
fn expected_form(prompt: &Prompt) -> Option<String> {
    match prompt.kind {
        PromptKind::Choice => Some(format!("One of: {}", prompt.options.join(", "))),
        PromptKind::Quantity => {
            let form = prompt.unit.unwrap_or(Dimension::Count).form();
            Some(format!("Give {form}"))
        }
        PromptKind::Confirm => Some("Yes or no".to_string()),
        PromptKind::Text | PromptKind::List => None,
    }
}

/// A probe's condition as the template shows it: ` (when you say cache; not queue)`.
fn condition(probe: &crate::content::problem::Probe) -> String {
    let Some(condition) = probe.condition() else {
        return String::new();
    };
    let parts: Vec<String> = [
        ("you say", &condition.said),
        ("you do not say", &condition.unsaid),
        ("your diagram has", &condition.boxes),
        ("you miss", &condition.missed),
    ]
    .iter()
    .filter(|(_, list)| !list.is_empty())
    .map(|(what, list)| format!("{what} {}", list.join(" or ")))
    .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!(" (when {})", parts.join("; "))
    }
}

/// A YAML double-quoted scalar; JSON's string syntax is valid YAML and escapes everything.
fn quote(value: &str) -> String {
    serde_json::Value::String(value.to_string()).to_string()
}
