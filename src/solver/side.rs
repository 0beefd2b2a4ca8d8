//! Work beside the search: the bound's LP and the exact MIP steps run on their own thread while
//! the annealing workers walk, and the search takes their answers at epochs it fixes when it
//! launches them. With one thread nothing runs beside anything: the job runs at once and its
//! answer waits for the same epoch, so the plan is the same at any thread count whenever the
//! jobs themselves are deterministic (docs/solver.md, "Parallelism and determinism").

use std::thread::{Scope, ScopedJoinHandle};

/// Where side jobs run: a thread scope, or `None` to run them at once on the search's thread.
pub(crate) type Beside<'s, 'env> = Option<&'s Scope<'s, 'env>>;

enum Side<'s, T> {
    Ready(T),
    Running(ScopedJoinHandle<'s, T>),
}

/// A side job and the epoch at which the search takes its answer.
pub(crate) struct Pending<'s, T> {
    /// Under a fixed iteration count the answer is taken exactly at this epoch (the search
    /// waits for it if need be); under a time limit at the first epoch from this one at which
    /// it is ready, so that the workers never wait.
    pub due: u64,
    side: Side<'s, T>,
}

impl<'s, T: Send + 's> Pending<'s, T> {
    /// Starts `job` on a thread of `beside`, or runs it now when there is none.
    pub fn launch<'env>(beside: Beside<'s, 'env>, due: u64, job: impl FnOnce() -> T + Send + 's) -> Self {
        let side = match beside {
            Some(scope) => Side::Running(scope.spawn(job)),
            None => Side::Ready(job()),
        };
        Pending { due, side }
    }

    /// True when the answer can be taken without waiting.
    pub fn ready(&self) -> bool {
        match &self.side {
            Side::Ready(_) => true,
            Side::Running(h) => h.is_finished(),
        }
    }

    /// True when the search takes the answer at `epoch`: `fixed` (a fixed iteration count)
    /// takes it exactly when due, else once it is due and ready.
    pub fn due_at(&self, epoch: u64, fixed: bool) -> bool {
        epoch >= self.due && (fixed || self.ready())
    }

    /// The answer, waiting for the job when it is still running. A panic in the job is
    /// resumed here, as if the job had run on this thread.
    pub fn take(self) -> T {
        match self.side {
            Side::Ready(t) => t,
            Side::Running(h) => h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
        }
    }
}

/// The epoch at which the answer of a job launched at `epoch` is due: `after` epochs later under
/// a fixed iteration count (`fixed`), else the next one (and then whenever it is ready).
pub(crate) fn due(epoch: u64, after: u64, fixed: bool) -> u64 {
    epoch + if fixed { after } else { 1 }
}

/// Takes the answer of `slot`'s job when it is due at `epoch`.
pub(crate) fn take_due<T: Send>(slot: &mut Option<Pending<'_, T>>, epoch: u64, fixed: bool) -> Option<T> {
    if slot.as_ref().is_some_and(|p| p.due_at(epoch, fixed)) {
        slot.take().map(Pending::take)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_taken_when_due_whether_run_beside_or_at_once() {
        for beside in [false, true] {
            let got = std::thread::scope(|s| {
                let scope = beside.then_some(s);
                let mut slot = Some(Pending::launch(scope, 3, || 6 * 7));
                let mut seen = Vec::new();
                for epoch in 0..5 {
                    if let Some(v) = take_due(&mut slot, epoch, true) {
                        seen.push((epoch, v));
                    }
                }
                seen
            });
            assert_eq!(got, vec![(3, 42)]);
        }
    }

    #[test]
    fn a_panic_in_a_job_reaches_the_search() {
        let r = std::panic::catch_unwind(|| {
            std::thread::scope(|s| Pending::launch(Some(s), 0, || -> u8 { panic!("boom") }).take())
        });
        assert!(r.is_err());
    }
}
