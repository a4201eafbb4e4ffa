//! The one error a command ends with: the message the user reads and the exit code.

use std::path::PathBuf;

use crate::content::catalog::CatalogError;
use crate::content::yaml::LoadError;
use crate::interview::clock::ClockError;
use crate::interview::engine::EngineError;
use crate::report::estimate::EstimateError;
use crate::store::dirs::DirsError;
use crate::store::sessions::StoreError;
use crate::ui::practice::InterviewError;
use crate::ui::scripted::AnswersError;
use crate::units::calc::CalcError;
use crate::units::numbers::NumbersError;

/// The user's input (typing, options, files, environment variables) is at fault.
pub(crate) const EXIT_BAD_INPUT: u8 = 2;
/// The machine or sdcoach itself failed.
pub(crate) const EXIT_FAILURE: u8 = 1;
/// The user pressed Ctrl-C.
pub(crate) const EXIT_INTERRUPTED: u8 = 130;

#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    /// A mistake in how sdcoach was called.
    #[error("{0}")]
    Usage(String),
    #[error("cannot write {}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        cause: std::io::Error,
    },
    #[error("cannot write to standard output")]
    Stdout(#[source] std::io::Error),
    #[error("cannot render the manual page")]
    Manual(#[source] std::io::Error),
    #[error("cannot write JSON")]
    Json(#[from] serde_json::Error),
    #[error("cannot load the problem of session `{id}`{hint}")]
    SessionContent {
        id: String,
        hint: String,
        #[source]
        cause: Box<Error>,
    },
    #[error(transparent)]
    Answers(#[from] AnswersError),
    #[error(transparent)]
    Calc(#[from] CalcError),
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    #[error(transparent)]
    Clock(#[from] ClockError),
    #[error(transparent)]
    Config(#[from] LoadError),
    #[error(transparent)]
    Dirs(#[from] DirsError),
    #[error(transparent)]
    Engine(#[from] EngineError),
    #[error(transparent)]
    Estimate(#[from] EstimateError),
    #[error(transparent)]
    Interview(#[from] InterviewError),
    #[error(transparent)]
    Numbers(#[from] NumbersError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Error {
    /// 2 when the user's input or files are at fault, 1 for everything else.
    pub(crate) fn code(&self) -> u8 {
        if self.blames_user() {
            EXIT_BAD_INPUT
        } else {
            EXIT_FAILURE
        }
    }

    fn blames_user(&self) -> bool {
        match self {
            Error::Usage(_)
            | Error::Calc(_)
            | Error::Clock(_)
            | Error::Config(_)
            | Error::Dirs(_)
            | Error::Engine(_) => true,
            Error::Write { .. }
            | Error::Stdout(_)
            | Error::Manual(_)
            | Error::Json(_)
            | Error::Numbers(_) => false,
            Error::SessionContent { cause, .. } => cause.blames_user(),
            Error::Answers(err) => err.blames_user(),
            Error::Catalog(err) => err.blames_user(),
            Error::Estimate(err) => err.blames_user(),
            Error::Interview(err) => err.blames_user(),
            Error::Store(err) => err.blames_user(),
        }
    }

    /// The error and its causes on one line; many messages already quote their cause, so a
    /// cause that is already in the message is not repeated.
    pub(crate) fn describe(&self) -> String {
        let mut message = String::new();
        for cause in self.chain().map(ToString::to_string) {
            if !message.contains(&cause) {
                if !message.is_empty() {
                    message.push_str(": ");
                }
                message.push_str(&cause);
            }
        }
        message
    }

    /// Whether the error is only that standard output was closed by its reader.
    pub(crate) fn is_broken_pipe(&self) -> bool {
        self.chain().any(|cause| {
            cause
                .downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
        })
    }

    fn chain(&self) -> impl Iterator<Item = &(dyn std::error::Error + 'static)> {
        std::iter::successors(Some(self as &(dyn std::error::Error + 'static)), |err| {
            err.source()
        })
    }
}

/// A usage error with this message.
pub(crate) fn usage(message: impl Into<String>) -> Error {
    Error::Usage(message.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn io(kind: std::io::ErrorKind) -> std::io::Error {
        std::io::Error::new(kind, "it failed")
    }

    #[test]
    fn a_wrapped_error_keeps_the_blame_of_its_cause() {
        let wrapped = |cause| Error::SessionContent {
            id: "s1".into(),
            hint: String::new(),
            cause: Box::new(cause),
        };
        assert_eq!(wrapped(usage("bad")).code(), EXIT_BAD_INPUT);
        let failed = Error::Write {
            path: "t.md".into(),
            cause: io(std::io::ErrorKind::Other),
        };
        assert_eq!(wrapped(failed).code(), EXIT_FAILURE);
    }

    #[test]
    fn the_message_names_each_cause_once() {
        let err = Error::Write {
            path: "t.md".into(),
            cause: io(std::io::ErrorKind::Other),
        };
        assert_eq!(err.describe(), "cannot write t.md: it failed");
        assert!(!err.is_broken_pipe());
        assert!(Error::Stdout(io(std::io::ErrorKind::BrokenPipe)).is_broken_pipe());
    }
}
