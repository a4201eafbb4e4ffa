//! The current time, fixed by `SDCOACH_NOW` so that tests and recorded samples repeat exactly.

use jiff::Timestamp;

pub(crate) const NOW_VAR: &str = "SDCOACH_NOW";

#[derive(Debug, thiserror::Error)]
#[error("{NOW_VAR}={value:?} is not a time; expected RFC 3339, e.g. 2026-01-31T09:00:00Z")]
pub(crate) struct ClockError {
    value: String,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum Clock {
    System,
    Fixed(Timestamp),
}

impl Clock {
    pub(crate) fn from_env() -> Result<Clock, ClockError> {
        match std::env::var(NOW_VAR) {
            Ok(value) if !value.is_empty() => value
                .parse()
                .map(Clock::Fixed)
                .map_err(|_| ClockError { value }),
            _ => Ok(Clock::System),
        }
    }

    pub(crate) fn now(&self) -> Timestamp {
        match self {
            // Whole seconds keep session files readable; nothing finer is ever shown.
            Clock::System => Timestamp::from_second(Timestamp::now().as_second())
                .unwrap_or(Timestamp::UNIX_EPOCH),
            Clock::Fixed(at) => *at,
        }
    }
}

/// `m:ss`, or `h:mm:ss` past an hour.
pub(crate) fn format_secs(secs: u64) -> String {
    let (hours, minutes, seconds) = (secs / 3600, secs / 60 % 60, secs % 60);
    if hours > 0 {
        format!("{hours}:{minutes:02}:{seconds:02}")
    } else {
        format!("{minutes}:{seconds:02}")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn durations_read_as_minutes_and_seconds() {
        assert_eq!(super::format_secs(0), "0:00");
        assert_eq!(super::format_secs(305), "5:05");
        assert_eq!(super::format_secs(3725), "1:02:05");
    }
}
