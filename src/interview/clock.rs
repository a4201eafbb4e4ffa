//! The current time, fixed by `SDCOACH_NOW` so that tests and recorded samples repeat exactly.
//!
//! A fixed clock stands still unless `SDCOACH_TICK` gives it a step (`90s`, `2m`, `1h 30m`,
//! or ISO 8601 such as `PT90S`): then its first read is `SDCOACH_NOW` and every later read is
//! one step on from the one before. A scripted interview reads the clock a set number of
//! times for each prompt, so its steps take time that repeats exactly from run to run, and a
//! test can make one run over its budget. The reads are counted for the whole process, which
//! has one clock.

use std::sync::atomic::{AtomicI64, Ordering};

use jiff::{SignedDuration, Timestamp};

pub(crate) const NOW_VAR: &str = "SDCOACH_NOW";
pub(crate) const TICK_VAR: &str = "SDCOACH_TICK";

#[derive(Debug, thiserror::Error)]
#[error("{var}={value:?} {problem}")]
pub(crate) struct ClockError {
    var: &'static str,
    value: String,
    problem: &'static str,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum Clock {
    System,
    Fixed {
        start: Timestamp,
        tick: SignedDuration,
    },
}

/// Reads of a ticking clock so far.
static READS: AtomicI64 = AtomicI64::new(0);

impl Clock {
    pub(crate) fn from_env() -> Result<Clock, ClockError> {
        let var = |name| std::env::var(name).ok().filter(|value| !value.is_empty());
        Clock::parse(var(NOW_VAR), var(TICK_VAR))
    }

    fn parse(now: Option<String>, tick: Option<String>) -> Result<Clock, ClockError> {
        let start = match now {
            Some(value) => value.parse().map_err(|_| ClockError {
                var: NOW_VAR,
                value,
                problem: "is not a time; expected RFC 3339, e.g. 2026-01-31T09:00:00Z",
            })?,
            None if tick.is_some() => {
                return Err(ClockError {
                    var: TICK_VAR,
                    value: tick.unwrap_or_default(),
                    problem: "needs SDCOACH_NOW as well: only a fixed clock ticks",
                });
            }
            None => return Ok(Clock::System),
        };
        let tick = match tick {
            None => SignedDuration::ZERO,
            Some(value) => match value.parse::<SignedDuration>() {
                Ok(step) if !step.is_negative() && step.subsec_nanos() == 0 => step,
                _ => {
                    return Err(ClockError {
                        var: TICK_VAR,
                        value,
                        problem: "is not a step of time; expected whole seconds, zero or more, e.g. 90s, 2m or 1h 30m",
                    });
                }
            },
        };
        Ok(Clock::Fixed { start, tick })
    }

    pub(crate) fn now(&self) -> Timestamp {
        match self {
            // Whole seconds keep session files readable; nothing finer is ever shown.
            Clock::System => Timestamp::from_second(Timestamp::now().as_second())
                .unwrap_or(Timestamp::UNIX_EPOCH),
            Clock::Fixed { start, tick } if tick.is_zero() => *start,
            Clock::Fixed { start, tick } => {
                let read = READS.fetch_add(1, Ordering::Relaxed);
                tick.checked_mul(i32::try_from(read).unwrap_or(i32::MAX))
                    .and_then(|since| start.checked_add(since).ok())
                    .unwrap_or(Timestamp::MAX)
            }
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
    use super::Clock;

    #[test]
    fn durations_read_as_minutes_and_seconds() {
        assert_eq!(super::format_secs(0), "0:00");
        assert_eq!(super::format_secs(305), "5:05");
        assert_eq!(super::format_secs(3725), "1:02:05");
    }

    fn parse(now: Option<&str>, tick: Option<&str>) -> Result<Clock, String> {
        Clock::parse(now.map(str::to_string), tick.map(str::to_string)).map_err(|e| e.to_string())
    }

    #[test]
    fn a_ticking_clock_starts_at_now_and_steps_on_at_every_read() {
        let clock = parse(Some("2026-01-15T10:00:00Z"), Some("1m 30s")).unwrap();
        let reads: Vec<String> = (0..3).map(|_| clock.now().to_string()).collect();
        assert_eq!(
            reads,
            [
                "2026-01-15T10:00:00Z",
                "2026-01-15T10:01:30Z",
                "2026-01-15T10:03:00Z"
            ]
        );
        let still = parse(Some("2026-01-15T10:00:00Z"), None).unwrap();
        assert_eq!(still.now(), still.now());
    }

    #[test]
    fn a_bad_tick_names_the_variable_and_what_it_takes() {
        let expected = "SDCOACH_TICK=\"{}\" is not a step of time; expected whole seconds, zero or more, e.g. 90s, 2m or 1h 30m";
        for bad in ["soon", "-90s", "1.5s", "90"] {
            assert_eq!(
                parse(Some("2026-01-15T10:00:00Z"), Some(bad)).unwrap_err(),
                expected.replace("{}", bad)
            );
        }
        assert_eq!(
            parse(None, Some("90s")).unwrap_err(),
            "SDCOACH_TICK=\"90s\" needs SDCOACH_NOW as well: only a fixed clock ticks"
        );
        assert_eq!(
            parse(Some("yesterday"), Some("90s")).unwrap_err(),
            "SDCOACH_NOW=\"yesterday\" is not a time; expected RFC 3339, e.g. 2026-01-31T09:00:00Z"
        );
    }
}
