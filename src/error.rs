//! Telling the user's mistakes from the program's failures, for the exit code.

/// An error that knows whether the user's input (typing, options, files) caused it.
pub trait BadInput: std::error::Error + 'static {
    fn is_bad_input(&self) -> bool;
}

/// Whether `cause` is an `E` that blames the user's input.
pub fn blames<E: BadInput>(cause: &(dyn std::error::Error + 'static)) -> bool {
    cause
        .downcast_ref::<E>()
        .is_some_and(BadInput::is_bad_input)
}
