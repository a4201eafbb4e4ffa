//! Telling the user's mistakes from the program's failures, for the exit code.

/// An error that knows whether the user's input (typing, options, files, environment
/// variables) caused it.
pub trait BadInput: std::error::Error + 'static {
    fn is_bad_input(&self) -> bool;
}

/// Whether `cause` is an `E` that blames the user's input.
fn blames<E: BadInput>(cause: &(dyn std::error::Error + 'static)) -> bool {
    cause
        .downcast_ref::<E>()
        .is_some_and(BadInput::is_bad_input)
}

/// Whether any error in the chain blames the user's input. Every error type of sdcoach is
/// named here; a test keeps it so.
pub(crate) fn blames_user(err: &anyhow::Error) -> bool {
    use crate::*;
    err.chain().any(|cause| {
        blames::<app::UsageError>(cause)
            || blames::<units::calc::CalcError>(cause)
            || blames::<content::catalog::CatalogError>(cause)
            || blames::<interview::clock::ClockError>(cause)
            || blames::<store::dirs::DirsError>(cause)
            || blames::<interview::engine::EngineError>(cause)
            || blames::<interview::engine::Rejection>(cause)
            || blames::<report::estimate::EstimateError>(cause)
            || blames::<units::expr::DimensionClash>(cause)
            || blames::<units::expr::SyntaxError>(cause)
            || blames::<units::formula::FormulaError>(cause)
            || blames::<ui::practice::InterviewError>(cause)
            || blames::<units::numbers::NumbersError>(cause)
            || blames::<ui::prompter::PromptError>(cause)
            || blames::<units::quantity::QuantityError>(cause)
            || blames::<ui::scripted::AnswersError>(cause)
            || blames::<store::sessions::StoreError>(cause)
            || blames::<content::yaml::LoadError>(cause)
    })
}

#[cfg(test)]
mod tests {
    /// The names of the error types declared in `text`: those deriving `thiserror::Error`.
    fn declared_errors(text: &str) -> Vec<String> {
        let lines: Vec<&str> = text.lines().collect();
        lines
            .iter()
            .enumerate()
            .filter(|(_, line)| line.contains("derive(") && line.contains("thiserror::Error"))
            .filter_map(|(at, _)| {
                lines[at + 1..]
                    .iter()
                    .find(|line| !line.trim_start().starts_with("#["))
                    .and_then(|line| {
                        let rest = line.split_once("enum ").or(line.split_once("struct "))?.1;
                        let name = rest.split(|c: char| !c.is_alphanumeric()).next()?;
                        Some(name.to_string())
                    })
            })
            .collect()
    }

    fn sources(dir: &std::path::Path, found: &mut Vec<(std::path::PathBuf, String)>) {
        for entry in std::fs::read_dir(dir).expect("source folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                sources(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("source file");
                found.push((path, text));
            }
        }
    }

    #[test]
    fn every_error_type_is_classified_for_the_exit_code() {
        let mut files = Vec::new();
        sources(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        let this = include_str!("error.rs");
        let mut errors = Vec::new();
        for (path, text) in &files {
            for name in declared_errors(text) {
                errors.push(name.clone());
                assert!(
                    this.contains(&format!("::{name}>(cause)")),
                    "{name} in {} is not in blames_user",
                    path.display()
                );
            }
        }
        assert!(errors.len() >= 18, "{errors:?}");
    }
}
