//! Internal tests: the incremental state's terms equal the independent scorer's after every
//! kind of move, and rollbacks restore the exact state.

use super::construct::construct;
use super::pre::Pre;
use super::search::{Snapshot, Worker};
use super::state::{N_TERMS, State, TERM_NAMES};
use crate::generate::{Scale, generate};
use crate::io::load_problem_str;
use crate::model::Problem;

fn problem(scale: Scale, seed: u64) -> Problem {
    load_problem_str(&generate(scale, seed).to_string()).expect("generated problems load")
}

fn assert_exact(st: &State<'_>) {
    let report = crate::score::evaluate(st.p, &st.assignment());
    assert_eq!(report.score.hard, 0, "{:?}", report.violations.first());
    for i in 0..N_TERMS {
        assert_eq!(
            st.terms[i],
            report.terms.get(TERM_NAMES[i]).copied().unwrap_or(0),
            "term {}",
            TERM_NAMES[i]
        );
    }
    assert_eq!(st.score(), report.score);
}

#[test]
fn construction_is_valid_and_terms_are_exact() {
    for seed in [1, 2] {
        let p = problem(Scale::S, seed);
        let pre = Pre::new(&p);
        let mut st = State::new(&p, &pre);
        construct(&mut st, &|| false);
        assert_exact(&st);
    }
}

#[test]
fn annealing_keeps_terms_exact_and_snapshots_restore() {
    let p = problem(Scale::M, 1);
    let pre = Pre::new(&p);
    let mut st = State::new(&p, &pre);
    construct(&mut st, &|| false);
    let mut w = Worker::new(st, 5, 1);
    for round in 0..5 {
        w.run(2000, &|_| 0.5, &|| false);
        assert_exact(&w.st);
        let snap = Snapshot::of(&w.st);
        let again = snap.restore(&w.st);
        assert_eq!(again.terms, w.st.terms, "round {round}");
        let best = w.best.restore(&w.st);
        assert_exact(&best);
        assert_eq!(best.score(), w.best.score);
    }
}
