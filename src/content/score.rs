//! A step's score on the scale its self-assessment prompt offers, from 0 to `Score::MAX`.

use std::fmt;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Score(u8);

impl Score {
    pub(crate) const ZERO: Score = Score(0);
    pub(crate) const MAX: Score = Score(3);

    /// Every score, lowest first, as the self-assessment prompt lists them.
    pub(crate) fn all() -> impl Iterator<Item = Score> {
        (0..=Self::MAX.0).map(Score)
    }

    /// A share from 0 to 1, rounded to the nearest score.
    pub(crate) fn of_share(share: f64) -> Score {
        let max = f64::from(Self::MAX.0);
        Score((share * max).round().clamp(0.0, max) as u8)
    }

    /// A score as the self-assessment prompt saves it; none for anything off the scale.
    pub(crate) fn parse(text: &str) -> Option<Score> {
        let value: u8 = text.trim().parse().ok()?;
        (value <= Self::MAX.0).then_some(Score(value))
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_scores_on_the_scale_are_read() {
        assert_eq!(Score::parse(" 2 "), Some(Score(2)));
        assert_eq!(Score::parse("4"), None);
        assert_eq!(Score::parse("two"), None);
    }

    #[test]
    fn shares_round_onto_the_scale() {
        assert_eq!(Score::of_share(0.5), Score(2));
        assert_eq!(Score::of_share(1.7), Score::MAX);
        assert_eq!(Score::of_share(-0.2), Score::ZERO);
    }
}
