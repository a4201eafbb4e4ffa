//! Progress across practice sessions: each session's score and time, the average score of
//! every step and its trend, and the problems not practised yet.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::content::catalog::Loaded;
use crate::content::key::StepId;
use crate::content::score::Score;
use crate::interview::engine::Engine;
use crate::interview::session::Session;
use crate::judge::feedback;

#[derive(Debug, Serialize)]
pub(crate) struct History {
    pub(crate) sessions: Vec<Entry>,
    pub(crate) steps: Vec<StepTrend>,
    pub(crate) not_practised: Vec<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct Entry {
    pub(crate) id: String,
    pub(crate) problem: String,
    pub(crate) started_at: String,
    pub(crate) elapsed_secs: u64,
    pub(crate) finished: bool,
    /// The weighted score from 0 to 100; none when the problem can no longer be loaded.
    pub(crate) score: Option<f64>,
    #[serde(skip)]
    step_scores: Vec<(StepId, Score)>,
}

#[derive(Debug, Serialize)]
pub(crate) struct StepTrend {
    pub(crate) id: StepId,
    pub(crate) title: String,
    /// The mean score (0 to 3) over finished sessions.
    pub(crate) average: Option<f64>,
    /// The mean of the latest finished sessions minus the mean of the earlier ones, once
    /// there are two.
    pub(crate) trend: Option<f64>,
    /// How many of the latest finished sessions the trend takes: half of them, at most three.
    pub(crate) latest: usize,
    /// How many earlier finished sessions the trend compares them with.
    pub(crate) earlier: usize,
}

/// Builds the history; `load` finds a session's problem and procedure (None when gone).
pub(crate) fn history<'a>(
    sessions: &[Session],
    catalog_ids: impl Iterator<Item = &'a str>,
    mut load: impl FnMut(&Session) -> Option<Loaded>,
) -> History {
    let mut entries = Vec::new();
    let mut titles: Vec<(StepId, String)> = Vec::new();
    for session in sessions {
        let loaded = load(session);
        let (score, step_scores) = match &loaded {
            Some(loaded) => {
                let engine = Engine::new(&loaded.procedure, &loaded.problem);
                if titles.is_empty() {
                    titles = loaded
                        .procedure
                        .steps
                        .iter()
                        .map(|s| (s.id.clone(), s.title.clone()))
                        .collect();
                }
                let scores: Vec<(StepId, Score)> = loaded
                    .procedure
                    .steps
                    .iter()
                    .enumerate()
                    .map(|(i, step)| (step.id.clone(), feedback::score(&engine.case(session), i)))
                    .collect();
                let plain: Vec<Score> = scores.iter().map(|(_, score)| *score).collect();
                (
                    Some((feedback::weighted(engine.procedure, &plain) * 100.0).round()),
                    scores,
                )
            }
            None => (None, Vec::new()),
        };
        entries.push(Entry {
            id: session.id.clone(),
            problem: session.problem.clone(),
            started_at: session.started_at.strftime("%Y-%m-%d %H:%M").to_string(),
            elapsed_secs: session.total_elapsed_secs(),
            finished: session.is_finished(),
            score,
            step_scores,
        });
    }
    let practised: BTreeSet<&str> = sessions.iter().map(|s| s.problem.as_str()).collect();
    let steps = titles
        .into_iter()
        .map(|(id, title)| trend(&entries, id, title))
        .collect();
    History {
        steps,
        not_practised: catalog_ids
            .filter(|id| !practised.contains(id))
            .map(str::to_string)
            .collect(),
        sessions: entries,
    }
}

fn trend(entries: &[Entry], id: StepId, title: String) -> StepTrend {
    let scores: Vec<f64> = entries
        .iter()
        .filter(|entry| entry.finished)
        .filter_map(|entry| {
            entry
                .step_scores
                .iter()
                .find(|(step, _)| *step == id)
                .map(|(_, score)| f64::from(score.get()))
        })
        .collect();
    let mean = |values: &[f64]| {
        (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
    };
    let latest = (scores.len() / 2).min(3);
    let (earlier_scores, latest_scores) = scores.split_at(scores.len() - latest);
    let trend = match (mean(earlier_scores), mean(latest_scores)) {
        (Some(earlier), Some(latest)) => Some(latest - earlier),
        _ => None,
    };
    StepTrend {
        id,
        title,
        average: mean(&scores),
        trend,
        latest,
        earlier: earlier_scores.len(),
    }
}
