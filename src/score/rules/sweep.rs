//! The sort-and-sweep behind `person_clash` and `staff_clash`: two engagements of one subject
//! clash when they overlap, or when they start on the same calendar day in different buildings
//! and the gap between them is shorter than the travel time (or no path exists).

use crate::model::time::day_of;
use crate::model::{BuildingId, Interval, Minute, Problem};

/// One engagement of a subject (a meeting of a person, a task of a staff member).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Engagement<K> {
    /// When.
    pub iv: Interval,
    /// Where.
    pub building: BuildingId,
    /// What (meeting or task).
    pub key: K,
}

/// Why two engagements clash.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Clash {
    /// They share `[start, end)` minutes: the shared part.
    Overlap(Interval),
    /// The gap between the first's end and the second's start is shorter than the travel time
    /// between their buildings (`None`: no path).
    Travel {
        /// Minutes between them.
        gap: Minute,
        /// Travel minutes needed, `None` when the buildings are not connected.
        need: Option<Minute>,
    },
}

/// Calls `f(first, second, why)` for every clashing pair of `items`, which must be sorted by
/// start. The active set holds the earlier engagements that still overlap the current one or
/// start on its day, so each subject-day is swept once.
pub(crate) fn clashes<K: Copy>(p: &Problem, items: &[Engagement<K>], mut f: impl FnMut(K, K, Clash)) {
    let mut active: Vec<usize> = Vec::new();
    for (i, b) in items.iter().enumerate() {
        let day = day_of(b.iv.start);
        active.retain(|&j| {
            items
                .get(j)
                .is_some_and(|a| a.iv.end > b.iv.start || day_of(a.iv.start) == day)
        });
        for &j in &active {
            let Some(a) = items.get(j) else { continue };
            if let Some(why) = pair(p, a, b) {
                f(a.key, b.key, why);
            }
        }
        active.push(i);
    }
}

/// The clash between `a` and `b`, with `a.start ≤ b.start`.
fn pair<K>(p: &Problem, a: &Engagement<K>, b: &Engagement<K>) -> Option<Clash> {
    if a.iv.overlaps(&b.iv) {
        return Some(Clash::Overlap(Interval::new(
            a.iv.start.max(b.iv.start),
            a.iv.end.min(b.iv.end),
        )));
    }
    if a.building == b.building || day_of(a.iv.start) != day_of(b.iv.start) {
        return None;
    }
    // Not overlapping and a starts first, so a ends before b starts.
    let gap = b.iv.start - a.iv.end;
    let need = p.travel(a.building, b.building);
    match need {
        Some(n) if gap >= n => None,
        _ => Some(Clash::Travel { gap, need }),
    }
}
