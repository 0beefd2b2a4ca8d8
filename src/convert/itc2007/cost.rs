//! An ITC-2007 cost evaluator written from the rules of the official validator
//! (`validator.cc` v1.1, Schaerf and Di Gaspero; `bench/README.md` §1.4), independent of
//! huiwu's scorer, so that each can check the other.

use super::Ctt;

/// Weight of one missing working day.
const MIN_WORKING_DAYS_COST: i64 = 5;
/// Weight of one isolated lecture (per curriculum).
const CURRICULUM_COMPACTNESS_COST: i64 = 2;
/// Weight of one extra room of a course.
const ROOM_STABILITY_COST: i64 = 1;

/// What the validator reports: hard violation counts and weighted soft costs (the numbers it
/// prints as `Violations of …` and `Cost of …`), plus its warnings about skipped entries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ItcCost {
    /// Σ over courses of `|scheduled periods − lectures|`.
    pub lectures: i64,
    /// Conflicting course pairs (shared curriculum or teacher) taught in one period, per period.
    pub conflicts: i64,
    /// Lectures in an unavailable period of their course.
    pub availability: i64,
    /// Σ over (room, period) of `lectures − 1` where more than one lecture is held.
    pub room_occupation: i64,
    /// Σ over lectures of students above the room's capacity (weight 1).
    pub room_capacity: i64,
    /// 5 × Σ over courses of the days missing to the minimum working days.
    pub min_working_days: i64,
    /// 2 × Σ over curricula of their isolated lectures.
    pub curriculum_compactness: i64,
    /// Σ over courses of distinct rooms − 1 (weight 1).
    pub room_stability: i64,
    /// Entries the validator skips (unknown course, room, day or period, repeated
    /// course-period), each as a sentence; reading also stops at a day or period that is not a
    /// number, as the validator's stream does.
    pub warnings: Vec<String>,
}

impl ItcCost {
    /// Total hard violations; the solution is feasible when this is 0.
    pub fn hard(&self) -> i64 {
        self.lectures + self.conflicts + self.availability + self.room_occupation
    }

    /// The validator's `Total Cost`: the sum of the weighted soft costs.
    pub fn total(&self) -> i64 {
        self.room_capacity + self.min_working_days + self.curriculum_compactness + self.room_stability
    }

    /// Feasible: no hard violation.
    pub fn feasible(&self) -> bool {
        self.hard() == 0
    }
}

/// Evaluates solution text (whitespace-separated groups of `course room day period`, 0-based)
/// as the official validator does, including its skipping of bad entries.
///
/// Curriculum compactness looks at the neighbouring periods of the same day only. For
/// instances with two or more periods per day this is exactly what the validator computes; with
/// one period per day the validator compares against the neighbouring *days* (an artefact of its
/// index arithmetic), which this evaluator does not copy.
pub fn itc_cost(ctt: &Ctt, sol_text: &str) -> ItcCost {
    let ppd = ctt.periods_per_day;
    let periods = ctt.days * ppd;
    let n_courses = ctt.courses.len();
    let (courses, rooms) = ctt.id_maps();

    let mut cost = ItcCost::default();
    // tt[c][p] = Some(room) when course c is taught at period p.
    let mut tt: Vec<Vec<Option<usize>>> = vec![vec![None; periods]; n_courses];
    let tokens: Vec<&str> = sol_text.split_whitespace().collect();
    for group in tokens.chunks(4) {
        let [course, room, day, period] = group else {
            cost.warnings
                .push(format!("incomplete final entry {:?} ignored", group.join(" ")));
            break;
        };
        let (Ok(day), Ok(period)) = (day.parse::<usize>(), period.parse::<usize>()) else {
            cost.warnings.push(format!(
                "entry {:?}: day and period must be numbers; reading stops here",
                group.join(" ")
            ));
            break;
        };
        let Some(&c) = courses.get(course) else {
            cost.warnings
                .push(format!("nonexisting course {course} (entry skipped)"));
            continue;
        };
        let Some(&r) = rooms.get(room) else {
            cost.warnings
                .push(format!("nonexisting room {room} (entry skipped)"));
            continue;
        };
        if day >= ctt.days {
            cost.warnings
                .push(format!("nonexisting day {day} (entry skipped)"));
            continue;
        }
        if period >= ppd {
            cost.warnings
                .push(format!("nonexisting period {period} (entry skipped)"));
            continue;
        }
        let slot = &mut tt[c][day * ppd + period];
        if slot.is_some() {
            cost.warnings.push(format!(
                "repeated entry: {course} {room} {day} {period} (entry skipped)"
            ));
            continue;
        }
        *slot = Some(r);
    }

    // Lectures.
    for (c, course) in ctt.courses.iter().enumerate() {
        let scheduled = tt[c].iter().filter(|r| r.is_some()).count() as i64;
        cost.lectures += (scheduled - course.lectures as i64).abs();
    }

    // Conflicts: a pair of distinct courses sharing a curriculum or a teacher.
    let mut conflict = vec![vec![false; n_courses]; n_courses];
    // A `Ctt` built by hand may hold bad indices; the parser never makes one.
    let members = |g: &super::Curriculum| -> Vec<usize> {
        g.courses.iter().copied().filter(|&c| c < n_courses).collect()
    };
    for g in &ctt.curricula {
        let g = members(g);
        for &a in &g {
            for &b in &g {
                if a != b {
                    conflict[a][b] = true;
                }
            }
        }
    }
    for a in 0..n_courses {
        for b in a + 1..n_courses {
            if ctt.courses[a].teacher == ctt.courses[b].teacher {
                conflict[a][b] = true;
            }
            if conflict[a][b] {
                cost.conflicts += (0..periods)
                    .filter(|&p| tt[a][p].is_some() && tt[b][p].is_some())
                    .count() as i64;
            }
        }
    }

    // Availability.
    let available = ctt.availability();
    for c in 0..n_courses {
        cost.availability += (0..periods)
            .filter(|&p| tt[c][p].is_some() && !available[c][p])
            .count() as i64;
    }

    // Room occupation.
    let mut in_room = vec![vec![0i64; periods]; ctt.rooms.len()];
    for row in &tt {
        for (p, r) in row.iter().enumerate() {
            if let Some(r) = r {
                in_room[*r][p] += 1;
            }
        }
    }
    cost.room_occupation = in_room.iter().flatten().map(|&n| (n - 1).max(0)).sum();

    // Room capacity.
    for (c, course) in ctt.courses.iter().enumerate() {
        for r in tt[c].iter().flatten() {
            cost.room_capacity += (course.students as i64 - ctt.rooms[*r].capacity as i64).max(0);
        }
    }

    // Minimum working days and room stability.
    for (c, course) in ctt.courses.iter().enumerate() {
        let days = (0..ctt.days)
            .filter(|&d| tt[c][d * ppd..(d + 1) * ppd].iter().any(Option::is_some))
            .count() as i64;
        cost.min_working_days += (course.min_working_days as i64 - days).max(0) * MIN_WORKING_DAYS_COST;
        let mut used: Vec<usize> = tt[c].iter().flatten().copied().collect();
        used.sort_unstable();
        used.dedup();
        cost.room_stability += (used.len() as i64 - 1).max(0) * ROOM_STABILITY_COST;
    }

    // Curriculum compactness: n lectures of g at p with none of g at p ± 1 on the same day.
    for g in &ctt.curricula {
        let g = members(g);
        let at: Vec<i64> = (0..periods)
            .map(|p| g.iter().filter(|&&c| tt[c][p].is_some()).count() as i64)
            .collect();
        for p in 0..periods {
            if at[p] == 0 {
                continue;
            }
            let before = p % ppd > 0 && at[p - 1] > 0;
            let after = p % ppd + 1 < ppd && at[p + 1] > 0;
            if !before && !after {
                cost.curriculum_compactness += at[p] * CURRICULUM_COMPACTNESS_COST;
            }
        }
    }
    cost
}
