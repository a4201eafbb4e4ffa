//! sdcoach: a terminal coach for practising system design interviews alone.
