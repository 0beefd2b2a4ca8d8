//! The free-person index: per staff member and day, a bit per time unit they hold a task,
//! and the buildings their tasks of that day are in. "Can this person take a task then?" is
//! then a few word operations instead of a scan of their timeline — the question the search
//! asks most (a staff move checks up to 24 people, a re-staffing a dozen per missing person).
//!
//! The time a person is not available is marked busy from the start, so one test answers
//! both "free" and "available".
//!
//! The same bits are also kept the other way round, per (day, time unit) a bit per person,
//! so that "who is busy at some time of this interval" is one OR per unit over a few words
//! ([`BusyIndex::busy_mask`]): a person whose bit is set there is certainly not free, and the
//! searches skip them before asking the full question of the others.
//!
//! When they fit in 1 MiB, per-building planes keep each person's tasks once more, by the
//! building they are in (per person, day and building, the bits of the tasks starting that
//! day there), so that travel between buildings is answered by bits too: a person who works
//! in building `hb` that day is free for a task in `b` only if no bit of `hb`'s plane lies
//! within the travel from `hb` to `b` around it.
//!
//! The unit is the greatest common divisor of the grid, the day, every task boundary's
//! offset from its meeting's start and every availability boundary, so every task interval
//! covers whole units and two intervals overlap exactly when their bits do. A query the bits
//! cannot answer exactly — a task in another building that day without planes (travel time
//! matters), a person whose availability intervals touch (a task must lie inside one of
//! them), a day outside the index — returns `None` and the caller checks the slow way. An
//! interval off the unit grid (never seen: meetings start on the grid) is answered
//! conservatively: its bits are rounded outwards, so it may be called busy, never wrongly
//! free.

use crate::model::{DAY, Interval, Minute, Problem};

/// The index; empty (every query `None`) when it would be too large.
#[derive(Clone, Debug)]
pub(crate) struct BusyIndex {
    /// Minutes per bit.
    unit: Minute,
    /// `⌈2³² / unit⌉`: `(x · recip) >> 32 = x / unit` for every minute of a day (checked in
    /// `new`), a multiply instead of a division on the hot path.
    recip: u64,
    /// Words per (person, day).
    words: usize,
    /// First indexed day and number of days.
    lo: i32,
    span: usize,
    /// Per (person, day), one cell of `cell` words side by side, so that a question about a
    /// person's day reads one or two cache lines: their busy bits (`words` words), the
    /// buildings of their tasks starting that day ([`building_bit`], one word), then the
    /// planes (`planes × words` words, below). Three separate arrays cost more L1 data misses
    /// on the criterion workload.
    cells: Vec<u64>,
    cell: usize,
    /// Per person: their availability intervals are apart (the bits then tell availability).
    simple: Vec<bool>,
    /// Time units per day and words per (day, unit) row of `by_unit`.
    units: usize,
    staff_words: usize,
    /// The busy bits by (day, unit): `staff_words` words per row, a bit per person.
    by_unit: Vec<u64>,
    /// Buildings with a plane (0: no planes). The planes, in the cells: per (person, day,
    /// building), `words` words with the bits of the person's tasks starting that day in that
    /// building (their part on that day), to tell whether a task elsewhere is too close to
    /// travel.
    planes: usize,
}

/// Most people a [`BusyMask`] holds.
pub(crate) const MASK_WORDS: usize = 32;

/// The people busy (or unavailable) at some time of an interval, a bit per person. Filled
/// in place by [`BusyIndex::busy_mask_into`], so that a search keeps one and reuses it: only
/// its first `n` words are written and read (one on M), not all `MASK_WORDS`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct BusyMask {
    n: usize,
    words: [u64; MASK_WORDS],
}

impl Default for BusyMask {
    fn default() -> Self {
        BusyMask {
            n: 0,
            words: [0; MASK_WORDS],
        }
    }
}

impl BusyMask {
    /// True when person `s` is busy or unavailable at some time of the interval.
    #[inline]
    pub fn busy(&self, s: usize) -> bool {
        self.word(s / 64) >> (s % 64) & 1 == 1
    }

    /// The people `64 i .. 64 i + 64` as one word (0 beyond the mask).
    #[inline]
    pub fn word(&self, i: usize) -> u64 {
        if i < self.n { self.words[i] } else { 0 }
    }
}

/// Most words the index may take (per state; the search keeps a few states, each starting
/// from a copy of the one in `Pre`).
const MAX_WORDS: usize = 1 << 22;

/// Most words the per-building planes may take (1 MiB). Large planes cost more than they
/// save: on L (12 buildings, 588 staff, 28 indexed days, 5-minute units) they would take
/// 987 840 words (7.5 MiB) per state, and `huiwu solve L --max-iterations 40000 --no-mip
/// --threads 1` took 0.93–1.01 s with them against 0.82–0.90 s without (same plan). On M
/// (4 buildings, 44 staff, 7 indexed days) they take 6 160 words (48 KiB).
const MAX_PLANE_WORDS: usize = 1 << 17;

fn gcd(a: Minute, b: Minute) -> Minute {
    crate::solver::pre::gcd(a as i64, b as i64) as Minute
}

impl BusyIndex {
    pub fn new(p: &Problem) -> Self {
        let mut unit = gcd(p.granularity.max(1), DAY);
        for t in &p.tasks {
            let d = p.meeting(t.meeting).duration;
            unit = gcd(unit, gcd(t.from.at(0, d), t.to.at(0, d)));
        }
        for st in &p.staff {
            for a in &st.available {
                unit = gcd(unit, gcd(a.start.rem_euclid(DAY), a.end.rem_euclid(DAY)));
            }
        }
        let unit = unit.max(1);
        let recip = (1u64 << 32).div_ceil(unit as u64);
        debug_assert!((0..=DAY + unit).all(|x| ((x as u64 * recip) >> 32) as Minute == x / unit));
        let words = (DAY / unit) as usize / 64 + 1;
        let (lo, hi) = match (p.days.iter().min(), p.days.iter().max()) {
            (Some(&a), Some(&b)) => (a - 1, b + 1),
            _ => (0, -1),
        };
        let mut span = (hi - lo + 1).max(0) as usize;
        let units = (DAY / unit) as usize;
        let staff_words = p.staff.len().div_ceil(64);
        if span * words * p.staff.len() > MAX_WORDS || span * units * staff_words > MAX_WORDS {
            span = 0;
        }
        // Planes for up to 63 buildings (those with a bit of their own), when small.
        let mut planes = p.buildings.len();
        if planes > 63 || span * words * p.staff.len() * planes > MAX_PLANE_WORDS {
            planes = 0;
        }
        let simple = p
            .staff
            .iter()
            .map(|st| st.available.windows(2).all(|w| w[0].end < w[1].start))
            .collect();
        let cell = words + 1 + planes * words;
        let mut index = BusyIndex {
            unit,
            recip,
            words,
            lo,
            span,
            cells: vec![0; span * p.staff.len() * cell],
            cell,
            simple,
            units,
            staff_words,
            by_unit: vec![0; span * units * staff_words],
            planes,
        };
        // Unavailable time is busy: set every unit, then clear the available ones.
        for c in index.cells.chunks_exact_mut(cell) {
            c[..words].fill(u64::MAX);
        }
        index.by_unit.fill(u64::MAX);
        for (s, st) in p.staff.iter().enumerate() {
            for &a in &st.available {
                let lo_t = a.start.max(lo * DAY);
                let hi_t = a.end.min((lo + span as i32) * DAY);
                if lo_t < hi_t {
                    index.mark(s, Interval::new(lo_t, hi_t), false, None);
                }
            }
        }
        index
    }

    /// The first word of person `s`'s cell (their bits) on indexed `day`.
    #[inline]
    fn base(&self, s: usize, day: i32) -> usize {
        (s * self.span + (day - self.lo) as usize) * self.cell
    }

    #[inline]
    fn slot(&self, s: usize, day: i32) -> Option<usize> {
        let d = day.wrapping_sub(self.lo) as u32 as usize;
        (d < self.span).then_some(s * self.span + d)
    }

    /// The days `iv` covers, when every one is indexed.
    #[inline]
    fn days(&self, iv: Interval) -> Option<std::ops::RangeInclusive<i32>> {
        if iv.end <= iv.start {
            return None;
        }
        let (first, last) = (iv.start.div_euclid(DAY), (iv.end - 1).div_euclid(DAY));
        let inside = |d: i32| (d.wrapping_sub(self.lo) as u32 as usize) < self.span;
        (inside(first) && inside(last)).then_some(first..=last)
    }

    /// True when `iv` starts and ends on the unit grid.
    #[inline]
    fn aligned(&self, iv: Interval) -> bool {
        iv.start.rem_euclid(self.unit) == 0 && iv.end.rem_euclid(self.unit) == 0
    }

    /// The first word of each `by_unit` row of units `a..z` on indexed `day`.
    #[inline]
    fn unit_rows(&self, day: i32, a: usize, z: usize) -> impl Iterator<Item = usize> + use<> {
        let (row0, w) = ((day - self.lo) as usize * self.units, self.staff_words);
        (a..z.min(self.units)).map(move |u| (row0 + u) * w)
    }

    /// The bits of `iv` on `day`, rounded outwards.
    #[inline]
    fn bit_range(&self, iv: Interval, day: i32) -> (usize, usize) {
        let d0 = day * DAY;
        let (a, z) = (iv.start.max(d0) - d0, iv.end.min(d0 + DAY) - d0);
        // `a` and `z` lie in 0..=DAY, where the reciprocal is exact.
        let div = |x: Minute| ((x as u64 * self.recip) >> 32) as usize;
        (div(a), div(z + self.unit - 1))
    }

    /// The first word of person `s`'s plane of building `b` on indexed `day`.
    #[inline]
    fn plane_base(&self, s: usize, day: i32, b: usize) -> usize {
        self.base(s, day) + self.words + 1 + b * self.words
    }

    /// Marks `iv` held (`on`) or free for person `s`: a task in `building`, or (`None`)
    /// unavailable time. An interval the index cannot hold turns the whole index off (every
    /// query `None` from then on): it never happens with intervals from the grid, but a
    /// wrong answer would break a hard rule.
    pub fn mark(&mut self, s: usize, iv: Interval, on: bool, building: Option<usize>) {
        let Some(days) = self.days(iv).filter(|_| self.aligned(iv)) else {
            self.span = 0;
            return;
        };
        let set = |bits: &mut [u64], base: usize, a: usize, z: usize| {
            for_each_word(a, z, |w, mask| {
                if on {
                    bits[base + w] |= mask;
                } else {
                    bits[base + w] &= !mask;
                }
            })
        };
        if let Some(b) = building.filter(|&b| b < self.planes) {
            let day = *days.start();
            let (a, z) = self.bit_range(iv, day);
            let base = self.plane_base(s, day, b);
            set(&mut self.cells, base, a, z);
        }
        let (word, bit) = (s / 64, 1u64 << (s % 64));
        for day in days {
            let (a, z) = self.bit_range(iv, day);
            let base = self.base(s, day);
            set(&mut self.cells, base, a, z);
            for row in self.unit_rows(day, a, z) {
                let i = row + word;
                if on {
                    self.by_unit[i] |= bit;
                } else {
                    self.by_unit[i] &= !bit;
                }
            }
        }
    }

    /// The people busy or unavailable at some time of `iv`, when the index can tell exactly:
    /// `iv` lies on the unit grid within one indexed day and there are at most
    /// `64 × MASK_WORDS` people. A person not in the mask may still be unable to take a task
    /// then (caps, travel, touching availability): the mask only rules people out.
    #[inline]
    pub fn busy_mask(&self, iv: Interval) -> Option<BusyMask> {
        let mut mask = BusyMask::default();
        self.busy_mask_into(iv, &mut mask).then_some(mask)
    }

    /// [`Self::busy_mask`] written into `mask` (its first `staff_words` words); false (and
    /// `mask` unchanged) when the index cannot tell. It saves the zeroing and copying of a
    /// whole mask in each call, which the criterion workload measurably spent.
    #[inline]
    pub fn busy_mask_into(&self, iv: Interval, mask: &mut BusyMask) -> bool {
        let Some(days) = self.days(iv).filter(|d| self.aligned(iv) && d.start() == d.end()) else {
            return false;
        };
        if self.staff_words > MASK_WORDS {
            return false;
        }
        let day = *days.start();
        let (a, z) = self.bit_range(iv, day);
        // The rows of units `a..z` lie one after the other: OR them word by word.
        let (row0, w) = ((day - self.lo) as usize * self.units, self.staff_words);
        let rows = self
            .by_unit
            .get((row0 + a) * w..(row0 + z.min(self.units).max(a)) * w)
            .unwrap_or(&[]);
        mask.n = w;
        // One word per row (up to 64 staff) is worth its own loop: without it the criterion
        // workload takes more instructions.
        if w == 1 {
            mask.words[0] = rows.iter().fold(0, |acc, &x| acc | x);
        } else {
            let out = &mut mask.words[..w];
            out.fill(0);
            for row in rows.chunks_exact(w.max(1)) {
                for (m, &x) in out.iter_mut().zip(row) {
                    *m |= x;
                }
            }
        }
        true
    }

    /// Records the buildings of person `s`'s tasks starting on `day`.
    pub fn set_buildings(&mut self, s: usize, day: i32, mask: u64) {
        if let Some(slot) = self.slot(s, day) {
            self.cells[slot * self.cell + self.words] = mask;
        }
    }

    /// The buildings of person `s`'s tasks starting on `day` ([`building_bit`]), when indexed.
    #[inline]
    pub fn buildings(&self, s: usize, day: i32) -> Option<u64> {
        self.slot(s, day).map(|i| self.cells[i * self.cell + self.words])
    }

    /// `Some(true)` when person `s` is available throughout `iv` (in building `b`), holds
    /// nothing overlapping it and nothing that day too close to travel between: no task
    /// starting that day in another building `hb` ends less than `travel(hb)` minutes before
    /// `iv` or starts less than that after it (`travel(hb)`: from `hb` to `b`; `None`, no
    /// path, rules out any task there that day). `Some(false)` when they are unavailable,
    /// busy or too close then; `None` when the bits cannot tell (no planes, an interval over
    /// two days, a building past the 63rd, touching availability): the caller checks
    /// availability and scans the timeline.
    ///
    /// The other buildings' tasks are read off their planes, in the window of the travel
    /// around `iv` rounded outwards to whole units: exact both ways, as tasks start and end
    /// on units.
    #[inline]
    pub fn free(
        &self,
        s: usize,
        iv: Interval,
        b: usize,
        travel: impl Fn(usize) -> Option<Minute>,
    ) -> Option<bool> {
        let days = self.days(iv)?;
        if !self.simple[s] {
            return None;
        }
        let first = *days.start();
        let one_day = days.start() == days.end();
        for day in days {
            let (a, z) = self.bit_range(iv, day);
            if self.any_bit(s, day, a, z) {
                return Some(false);
            }
        }
        let there = self.buildings(s, first)?;
        let others = there & !building_bit(b);
        if others == 0 {
            return (b < 63 || there == 0).then_some(true);
        }
        if b >= 63 || others >> 63 != 0 || !one_day {
            return None;
        }
        // On M 88 % of the questions the mask leaves come here (the person works elsewhere
        // that day, measured: 200 000 of 225 000): each other building's tasks that day, in
        // its plane, must keep the travel from it clear of `iv`. The window rounded outwards
        // to whole units is exact: tasks start and end on units.
        if self.planes == 0 {
            return None;
        }
        let d0 = first * DAY;
        let mut o = others;
        while o != 0 {
            let hb = o.trailing_zeros() as usize;
            o &= o - 1;
            let Some(tr) = travel(hb) else {
                return Some(false);
            };
            let wide = Interval::new((iv.start - tr).max(d0), (iv.end + tr).min(d0 + DAY));
            let (a, z) = self.bit_range(wide, first);
            // Written out rather than through `any_set`: passing the planes as a slice cost
            // 516.9 M instructions on the criterion workload instead of 507.9 M (callgrind).
            let base = self.plane_base(s, first, hb);
            let mut any = false;
            for_each_word(a, z, |w, mask| any |= self.cells[base + w] & mask != 0);
            if any {
                return Some(false);
            }
        }
        Some(true)
    }

    /// True when person `s` holds (or is unavailable at) some unit of `a..z` on indexed `day`.
    #[inline]
    fn any_bit(&self, s: usize, day: i32, a: usize, z: usize) -> bool {
        any_set(&self.cells, self.base(s, day), a, z)
    }
}

/// True when some bit of `a..z` is set in the words from `base`.
#[inline]
fn any_set(bits: &[u64], base: usize, a: usize, z: usize) -> bool {
    let mut any = false;
    for_each_word(a, z, |w, mask| any |= bits[base + w] & mask != 0);
    any
}

/// Calls `f(word, mask)` for the words covering bits `a..z`: the first and last word with
/// their partial masks, whole words between (one call when `a..z` lies in one word, as a
/// task's bits mostly do).
#[inline]
fn for_each_word(a: usize, z: usize, mut f: impl FnMut(usize, u64)) {
    if a >= z {
        return;
    }
    let (w0, w1) = (a / 64, (z - 1) / 64);
    let first = u64::MAX << (a % 64);
    let last = u64::MAX >> (63 - (z - 1) % 64);
    if w0 == w1 {
        f(w0, first & last);
        return;
    }
    f(w0, first);
    for w in w0 + 1..w1 {
        f(w, u64::MAX);
    }
    f(w1, last);
}

/// The bit of building index `b` in a day's building mask (bit 63: any building past 62).
#[inline]
pub(crate) fn building_bit(b: usize) -> u64 {
    1u64 << b.min(63)
}

#[cfg(test)]
mod tests {
    use super::for_each_word;

    #[test]
    fn words_cover_exactly_the_bits() {
        // Every range of 0..=256 bits: each word holding some of its bits is called once,
        // with exactly those bits; no other word is called.
        for a in 0..=256 {
            for z in a..=256 {
                let mut got = vec![0u64; 5];
                let mut calls = vec![0; 5];
                for_each_word(a, z, |w, m| {
                    got[w] |= m;
                    calls[w] += 1;
                });
                let mut want = vec![0u64; 5];
                for i in a..z {
                    want[i / 64] |= 1 << (i % 64);
                }
                assert_eq!(got, want, "{a}..{z}");
                let once: Vec<_> = want.iter().map(|&x| usize::from(x != 0)).collect();
                assert_eq!(calls, once, "{a}..{z}");
            }
        }
    }
}
