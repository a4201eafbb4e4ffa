//! The signals that end, suspend or resume an interview at the terminal.
//!
//! A signal handler may do almost nothing safely, so each one only notes its signal and
//! writes a byte to a pipe. The prompt waits on that pipe beside the keyboard and acts on the
//! signal itself, with the terminal in a known state; a signal that comes before a read
//! starts is still waiting in the pipe when it does.

use std::os::fd::{AsFd, OwnedFd};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicU64, Ordering};
use std::time::Instant;

use nix::sys::signal::{self, SaFlags, SigAction, SigHandler, SigSet, Signal};
use rustix::event::{PollFd, PollFlags};

/// The signals that end the interview: Ctrl-C, `kill`, and the terminal closing.
const ENDING: [Signal; 3] = [Signal::SIGINT, Signal::SIGTERM, Signal::SIGHUP];

/// Read end and write end of the pipe the handlers write to.
static PIPE: OnceLock<(OwnedFd, OwnedFd)> = OnceLock::new();
/// The first signal that ended the interview; 0 while none has.
static ENDED_BY: AtomicI32 = AtomicI32::new(0);
/// An editor is running: its Ctrl-C keys are its own.
static EDITING: AtomicBool = AtomicBool::new(false);
/// Time spent stopped that the interview's clock has not yet been told about.
static STOPPED_MILLIS: AtomicU64 = AtomicU64::new(0);

/// Why the wait for a key ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wake {
    /// The keyboard has something to read (or has gone, which the read reports).
    Input,
    /// Ctrl-Z or SIGTSTP: the terminal is to be put back and the process stopped.
    Suspend,
    /// Continued after a stop: the terminal mode and the prompt are to be set up again.
    Resume,
    /// A signal ended the interview.
    End,
}

/// Routes the ending, suspending and resuming signals to the prompt. Called once an
/// interview is about to read from the terminal; a second call changes nothing.
pub(crate) fn catch() {
    if PIPE.get().is_some() {
        return;
    }
    let flags = rustix::pipe::PipeFlags::NONBLOCK | rustix::pipe::PipeFlags::CLOEXEC;
    // Without the pipe every signal keeps its default action, as before the interview.
    let Ok(pipe) = rustix::pipe::pipe_with(flags) else {
        return;
    };
    if PIPE.set(pipe).is_err() {
        return;
    }
    for signal in ENDING.into_iter().chain([Signal::SIGTSTP, Signal::SIGCONT]) {
        set_handler(signal, SigHandler::Handler(note));
    }
}

fn set_handler(signal: Signal, handler: SigHandler) {
    // SA_RESTART keeps a save in progress from being cut short; the prompt's poll wakes anyway.
    let action = SigAction::new(handler, SaFlags::SA_RESTART, SigSet::empty());
    // SAFETY: `note` does only what is safe in a signal handler: atomic operations and write(2).
    let _ = unsafe { signal::sigaction(signal, &action) };
}

extern "C" fn note(number: i32) {
    if number == Signal::SIGINT as i32 && EDITING.load(Ordering::SeqCst) {
        return;
    }
    if ENDING.iter().any(|signal| *signal as i32 == number) {
        let _ = ENDED_BY.compare_exchange(0, number, Ordering::SeqCst, Ordering::SeqCst);
    }
    if let Some((_, write)) = PIPE.get() {
        // A full pipe already holds a wake-up, so a byte lost here loses nothing.
        let _ = rustix::io::write(write, &[number as u8]);
    }
}

/// Whether a signal has ended the interview.
pub(crate) fn ended() -> bool {
    ENDED_BY.load(Ordering::SeqCst) != 0
}

/// The exit status for an interview that was ended: 128 plus the signal, as a shell reports
/// a process killed by it, or `otherwise` when the input ended without a signal.
pub(crate) fn exit_status(otherwise: u8) -> u8 {
    u8::try_from(ENDED_BY.load(Ordering::SeqCst))
        .ok()
        .filter(|&signal| signal != 0)
        .map_or(otherwise, |signal| 128 + signal)
}

/// Waits until the keyboard has something to read or a signal is to be acted on.
pub(crate) fn wait(keyboard: impl AsFd) -> Wake {
    loop {
        if ended() {
            return Wake::End;
        }
        let Some((pipe, _)) = PIPE.get() else {
            return Wake::Input;
        };
        let mut fds = [
            PollFd::new(&keyboard, PollFlags::IN),
            PollFd::new(pipe, PollFlags::IN),
        ];
        match rustix::event::poll(&mut fds, None) {
            Err(rustix::io::Errno::INTR) => continue,
            // The read that follows reports what is wrong with the keyboard.
            Err(_) => return Wake::Input,
            Ok(_) => {}
        }
        let keyed = !fds[0].revents().is_empty();
        let signalled = !fds[1].revents().is_empty();
        if signalled && let Some(wake) = take_signal(pipe) {
            return wake;
        }
        if keyed {
            return Wake::Input;
        }
    }
}

/// The next signal waiting in the pipe, if it asks for more than a look at `ended`.
fn take_signal(pipe: impl AsFd) -> Option<Wake> {
    let mut byte = [0];
    match rustix::io::read(pipe, &mut byte) {
        Ok(1) if i32::from(byte[0]) == Signal::SIGTSTP as i32 => Some(Wake::Suspend),
        Ok(1) if i32::from(byte[0]) == Signal::SIGCONT as i32 => Some(Wake::Resume),
        _ if ended() => Some(Wake::End),
        _ => None,
    }
}

/// Stops the process as the suspend key does by default, once the caller has put the
/// terminal back, and keeps the time it stays stopped for `take_time_stopped`.
pub(crate) fn suspend() {
    let stopped_at = Instant::now();
    set_handler(Signal::SIGTSTP, SigHandler::SigDfl);
    let _ = signal::raise(Signal::SIGTSTP);
    set_handler(Signal::SIGTSTP, SigHandler::Handler(note));
    let millis = u64::try_from(stopped_at.elapsed().as_millis()).unwrap_or(u64::MAX);
    STOPPED_MILLIS.fetch_add(millis, Ordering::SeqCst);
}

/// The whole seconds spent stopped since the last call; the rest waits for the next one.
pub(crate) fn take_time_stopped() -> u64 {
    let millis = STOPPED_MILLIS.load(Ordering::SeqCst);
    STOPPED_MILLIS.fetch_sub(millis / 1000 * 1000, Ordering::SeqCst);
    millis / 1000
}

/// Runs the user's editor: Ctrl-C is the editor's, and the editor's own suspend (which stops
/// its whole process group) stops this process too instead of leaving the job half stopped.
pub(crate) fn while_editing<T>(edit: impl FnOnce() -> T) -> T {
    let caught = PIPE.get().is_some();
    EDITING.store(true, Ordering::SeqCst);
    if caught {
        set_handler(Signal::SIGTSTP, SigHandler::SigDfl);
    }
    let result = edit();
    if caught {
        set_handler(Signal::SIGTSTP, SigHandler::Handler(note));
    }
    EDITING.store(false, Ordering::SeqCst);
    result
}
