//! KPIs (SPEC §9.1): how the week went — rooms and buildings used, seats left empty, who worked
//! how much and how fairly, which services ran short. The unweighted quantities come from the
//! scorer itself (the plan scored once more with the weights of `seat_waste`, `staff_travel`,
//! `overtime` and `missing_staff` set to 1, its cost items read per room, person and task), so
//! that a KPI times its weight is the term of the score, by construction.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::time::day_of;
use crate::model::{Interval, Problem, RoomId, Rule};
use crate::plan::Assignment;
use crate::plan::tables::distinct;
use crate::score::evaluate;

/// Assigned and unassigned meetings of one class.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ClassCount {
    /// Placed.
    pub assigned: usize,
    /// Not placed.
    pub unassigned: usize,
}

/// Meeting counts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MeetingKpis {
    /// Meetings of the problem.
    pub total: usize,
    /// Placed.
    pub assigned: usize,
    /// Not placed.
    pub unassigned: usize,
    /// By service class id.
    pub by_class: BTreeMap<String, ClassCount>,
}

/// One room's week.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RoomKpi {
    /// Room id.
    pub room: String,
    /// Building id.
    pub building: String,
    /// Days with at least one meeting.
    pub days_used: usize,
    /// Its meetings' occupancies clipped to its open time.
    pub occupied_minutes: i64,
    /// Opening hours on every planning day, less its unavailable time.
    pub open_minutes: i64,
    /// occupied / open (0 when never open).
    pub utilization: f64,
    /// Seats left empty, summed over its meetings.
    pub seat_waste: i64,
}

/// One building's week: its rooms summed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BuildingKpi {
    /// Building id.
    pub building: String,
    /// (room, day) pairs with at least one meeting.
    pub rooms_opened: usize,
    /// Occupied minutes of its rooms.
    pub occupied_minutes: i64,
    /// Open minutes of its rooms.
    pub open_minutes: i64,
    /// occupied / open.
    pub utilization: f64,
}

/// One person's week.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StaffKpi {
    /// Staff id.
    pub staff: String,
    /// Home building id.
    pub building: String,
    /// Minutes of the tasks they hold.
    pub task_minutes: i64,
    /// Days with at least one task.
    pub days_worked: usize,
    /// Minutes above their preferred minutes per day, summed over days.
    pub overtime_minutes: i64,
    /// Minutes of their routes between buildings.
    pub travel_minutes: i64,
}

/// How evenly the task minutes fall on the staff (everyone counts, idle people as 0).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Fairness {
    /// Fewest task minutes.
    pub task_minutes_min: i64,
    /// Most task minutes.
    pub task_minutes_max: i64,
    /// Mean task minutes.
    pub task_minutes_mean: f64,
    /// Gini coefficient of the task minutes (0: all equal).
    pub gini: f64,
}

/// People needed and missing for one skill.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SkillCount {
    /// People the tasks need.
    pub people_needed: i64,
    /// People missing.
    pub people_missing: i64,
}

/// The service of the assigned meetings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServiceKpis {
    /// Tasks of assigned meetings.
    pub tasks: usize,
    /// People they need.
    pub people_needed: i64,
    /// People missing.
    pub people_missing: i64,
    /// By skill name.
    pub by_skill: BTreeMap<String, SkillCount>,
}

/// The KPIs of a plan (SPEC §9.1).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Kpis {
    /// Format version, 1.
    pub version: u32,
    /// Meeting counts.
    pub meetings: MeetingKpis,
    /// Per room, in the problem's order.
    pub rooms: Vec<RoomKpi>,
    /// Per building.
    pub buildings: Vec<BuildingKpi>,
    /// Per staff member.
    pub staff: Vec<StaffKpi>,
    /// Over the staff's task minutes.
    pub fairness: Fairness,
    /// Tasks and people.
    pub service: ServiceKpis,
}

impl Kpis {
    /// The KPIs of plan `a` of problem `p` (any plan: an invalid one is counted as it is).
    pub fn of(p: &Problem, a: &Assignment) -> Kpis {
        let place = |i: usize| a.placements.get(i).copied().flatten();
        // The scorer's unweighted quantities: the same plan scored with unit weights.
        let mut unit = p.clone();
        for rule in [
            Rule::SeatWaste,
            Rule::StaffTravel,
            Rule::Overtime,
            Rule::MissingStaff,
        ] {
            unit.weights.set(rule, 1);
        }
        let items = evaluate(&unit, a).violations;
        let mut room_waste = vec![0i64; p.rooms.len()];
        let (mut travel, mut overtime) = (vec![0i64; p.staff.len()], vec![0i64; p.staff.len()]);
        let mut task_missing = vec![0i64; p.tasks.len()];
        for v in &items {
            match v.rule {
                Rule::SeatWaste => v.rooms.iter().for_each(|r| room_waste[r.index()] += v.cost),
                Rule::StaffTravel => v.staff.iter().for_each(|s| travel[s.index()] += v.cost),
                Rule::Overtime => v.staff.iter().for_each(|s| overtime[s.index()] += v.cost),
                Rule::MissingStaff => v.tasks.iter().for_each(|t| task_missing[t.index()] += v.cost),
                _ => {}
            }
        }

        let mut by_class: BTreeMap<String, ClassCount> = BTreeMap::new();
        let mut assigned = 0;
        for m in p.meeting_ids() {
            let count = by_class.entry(p.class_of(m).id.clone()).or_default();
            if place(m.index()).is_some() {
                assigned += 1;
                count.assigned += 1;
            } else {
                count.unassigned += 1;
            }
        }

        // Rooms: occupancy clipped to open time.
        let mut occupancies: Vec<Vec<(Interval, i32)>> = vec![Vec::new(); p.rooms.len()];
        for m in p.meeting_ids() {
            if let Some(pl) = place(m.index())
                && pl.room.index() < p.rooms.len()
            {
                occupancies[pl.room.index()].push((p.occupancy(m, pl.start), day_of(pl.start)));
            }
        }
        let rooms: Vec<RoomKpi> = p
            .room_ids()
            .map(|r| {
                let open = open_segments(p, r);
                let occ = &occupancies[r.index()];
                let occupied: i64 = occ
                    .iter()
                    .map(|(iv, _)| {
                        open.iter()
                            .filter_map(|o| o.intersect(*iv))
                            .map(|x| x.len() as i64)
                            .sum::<i64>()
                    })
                    .sum();
                let open_minutes: i64 = open.iter().map(|o| o.len() as i64).sum();
                let mut days: Vec<i32> = occ.iter().map(|x| x.1).collect();
                days.sort_unstable();
                days.dedup();
                RoomKpi {
                    room: p.room(r).id.clone(),
                    building: p.buildings[p.room(r).building.index()].id.clone(),
                    days_used: days.len(),
                    occupied_minutes: occupied,
                    open_minutes,
                    utilization: ratio(occupied, open_minutes),
                    seat_waste: room_waste[r.index()],
                }
            })
            .collect();
        let buildings = p
            .buildings
            .iter()
            .enumerate()
            .map(|(b, building)| {
                let mine: Vec<&RoomKpi> = p
                    .room_ids()
                    .filter(|r| p.room(*r).building.index() == b)
                    .map(|r| &rooms[r.index()])
                    .collect();
                let occupied = mine.iter().map(|r| r.occupied_minutes).sum();
                let open = mine.iter().map(|r| r.open_minutes).sum();
                BuildingKpi {
                    building: building.id.clone(),
                    rooms_opened: mine.iter().map(|r| r.days_used).sum(),
                    occupied_minutes: occupied,
                    open_minutes: open,
                    utilization: ratio(occupied, open),
                }
            })
            .collect();

        // Staff: the tasks each person holds.
        let mut minutes = vec![0i64; p.staff.len()];
        let mut worked: Vec<Vec<i32>> = vec![Vec::new(); p.staff.len()];
        let mut service = ServiceKpis {
            tasks: 0,
            people_needed: 0,
            people_missing: 0,
            by_skill: BTreeMap::new(),
        };
        for t in p.task_ids() {
            let task = p.task(t);
            let Some(pl) = place(task.meeting.index()) else {
                continue;
            };
            let iv = p.task_interval(t, pl.start);
            for s in distinct(a.staffing.get(t.index()).map_or(&[][..], Vec::as_slice)) {
                if let Some(m) = minutes.get_mut(s.index()) {
                    *m += iv.len() as i64;
                    worked[s.index()].push(day_of(iv.start));
                }
            }
            let skill = service
                .by_skill
                .entry(p.skill_names.get(task.skill.index()).cloned().unwrap_or_default())
                .or_default();
            skill.people_needed += i64::from(task.need);
            skill.people_missing += task_missing[t.index()];
            service.tasks += 1;
            service.people_needed += i64::from(task.need);
            service.people_missing += task_missing[t.index()];
        }
        let staff: Vec<StaffKpi> = p
            .staff_ids()
            .map(|s| {
                let days = &mut worked[s.index()];
                days.sort_unstable();
                days.dedup();
                StaffKpi {
                    staff: p.staff[s.index()].id.clone(),
                    building: p.buildings[p.staff[s.index()].building.index()].id.clone(),
                    task_minutes: minutes[s.index()],
                    days_worked: days.len(),
                    overtime_minutes: overtime[s.index()],
                    travel_minutes: travel[s.index()],
                }
            })
            .collect();
        Kpis {
            version: 1,
            meetings: MeetingKpis {
                total: p.meetings.len(),
                assigned,
                unassigned: p.meetings.len() - assigned,
                by_class,
            },
            rooms,
            buildings,
            fairness: fairness(&minutes),
            staff,
            service,
        }
    }

    /// A page of plain text: the totals, the busiest rooms and people, what ran short.
    pub fn summary(&self) -> String {
        let m = &self.meetings;
        let mut out = format!(
            "meetings: {} of {} assigned, {} unassigned\n",
            m.assigned, m.total, m.unassigned
        );
        for (class, c) in &m.by_class {
            out.push_str(&format!(
                "  {class:<20} {:>4} assigned {:>4} unassigned\n",
                c.assigned, c.unassigned
            ));
        }
        out.push_str("buildings:\n");
        for b in &self.buildings {
            out.push_str(&format!(
                "  {:<8} {:>4} rooms opened, utilization {:>5.1} % ({} of {} open minutes)\n",
                b.building,
                b.rooms_opened,
                b.utilization * 100.0,
                b.occupied_minutes,
                b.open_minutes
            ));
        }
        let mut rooms: Vec<&RoomKpi> = self.rooms.iter().collect();
        rooms.sort_by(|a, b| b.utilization.total_cmp(&a.utilization).then(a.room.cmp(&b.room)));
        out.push_str("busiest rooms:\n");
        for r in rooms.iter().take(5) {
            out.push_str(&format!(
                "  {:<10} {:>5.1} %, {} days used, {} seats left empty\n",
                r.room,
                r.utilization * 100.0,
                r.days_used,
                r.seat_waste
            ));
        }
        let f = &self.fairness;
        out.push_str(&format!(
            "staff: task minutes {}–{}, mean {:.0}, Gini {:.2}; overtime {} min, travel {} min in all\n",
            f.task_minutes_min,
            f.task_minutes_max,
            f.task_minutes_mean,
            f.gini,
            self.staff.iter().map(|s| s.overtime_minutes).sum::<i64>(),
            self.staff.iter().map(|s| s.travel_minutes).sum::<i64>()
        ));
        let s = &self.service;
        out.push_str(&format!(
            "service: {} tasks need {} people, {} missing\n",
            s.tasks, s.people_needed, s.people_missing
        ));
        for (skill, c) in s.by_skill.iter().filter(|(_, c)| c.people_missing > 0) {
            out.push_str(&format!(
                "  {skill:<20} {} of {} missing\n",
                c.people_missing, c.people_needed
            ));
        }
        out
    }
}

/// A room's open time: its building's opening hours on each planning day, less its
/// unavailable intervals.
fn open_segments(p: &Problem, r: RoomId) -> Vec<Interval> {
    let room = p.room(r);
    let mut out = Vec::new();
    for &day in &p.days {
        let mut pieces = vec![p.open_interval(room.building, day)];
        for u in &room.unavailable {
            pieces = pieces
                .into_iter()
                .flat_map(|iv| {
                    if !iv.overlaps(u) {
                        return vec![iv];
                    }
                    [Interval::new(iv.start, u.start), Interval::new(u.end, iv.end)]
                        .into_iter()
                        .filter(|x| x.start < x.end)
                        .collect()
                })
                .collect();
        }
        out.extend(pieces);
    }
    out
}

fn ratio(a: i64, b: i64) -> f64 {
    if b > 0 { a as f64 / b as f64 } else { 0.0 }
}

/// Min, max, mean and Gini coefficient of the task minutes.
fn fairness(minutes: &[i64]) -> Fairness {
    let n = minutes.len();
    if n == 0 {
        return Fairness {
            task_minutes_min: 0,
            task_minutes_max: 0,
            task_minutes_mean: 0.0,
            gini: 0.0,
        };
    }
    let mut sorted = minutes.to_vec();
    sorted.sort_unstable();
    let total: i64 = sorted.iter().sum();
    // G = Σ (2i − n − 1) x_i / (n Σ x), i from 1, x sorted ascending.
    let weighted: i64 = sorted
        .iter()
        .enumerate()
        .map(|(i, &x)| (2 * (i as i64 + 1) - n as i64 - 1) * x)
        .sum();
    Fairness {
        task_minutes_min: sorted[0],
        task_minutes_max: sorted[n - 1],
        task_minutes_mean: total as f64 / n as f64,
        gini: if total > 0 {
            weighted as f64 / (n as f64 * total as f64)
        } else {
            0.0
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gini_of_equal_and_of_one_worker() {
        assert_eq!(fairness(&[60, 60, 60, 60]).gini, 0.0);
        let f = fairness(&[0, 0, 0, 100]);
        assert!((f.gini - 0.75).abs() < 1e-12, "{}", f.gini);
        assert_eq!((f.task_minutes_min, f.task_minutes_max), (0, 100));
    }
}
