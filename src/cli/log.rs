//! A minimal stderr logger for `--verbose`: elapsed time since start and a message.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

static VERBOSE: AtomicBool = AtomicBool::new(false);
static START: OnceLock<Instant> = OnceLock::new();

/// Turns logging on or off and starts the clock.
pub(crate) fn set_verbose(on: bool) {
    START.get_or_init(Instant::now);
    VERBOSE.store(on, Ordering::Relaxed);
}

/// Writes one log line when `--verbose` is on.
pub(crate) fn write(args: std::fmt::Arguments<'_>) {
    if VERBOSE.load(Ordering::Relaxed) {
        let t = START.get_or_init(Instant::now).elapsed().as_secs_f64();
        eprintln!("[{t:8.3}s] {args}");
    }
}

macro_rules! log {
    ($($arg:tt)*) => { $crate::cli::log::write(format_args!($($arg)*)) };
}
pub(crate) use log;
