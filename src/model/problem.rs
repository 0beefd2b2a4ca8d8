//! The validated, immutable problem (SPEC §2) with its derived quantities (SPEC §2.1).
//!
//! A `Problem` is built only by the loader ([`crate::io::load_problem`]); every reference
//! in it is a dense id, every time a [`Minute`]. Fields are public for reading.

use std::collections::HashMap;

use super::ids::*;
use super::rule::{Rule, Weights};
use super::time::{Calendar, DAY, Interval, Minute, day_of};

/// Opening hours of a building: minutes of the day, `start < end ≤ 1440`, the same every day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Opening {
    /// Opening minute of the day.
    pub start: Minute,
    /// Closing minute of the day (1440 for `24:00`).
    pub end: Minute,
}

/// A building.
#[derive(Clone, Debug)]
pub struct Building {
    /// SPEC id.
    pub id: String,
    /// Display name (the id when absent).
    pub name: String,
    /// Its own opening hours, or the problem's.
    pub opening: Opening,
}

/// A room.
#[derive(Clone, Debug)]
pub struct Room {
    /// SPEC id.
    pub id: String,
    /// Building it stands in.
    pub building: BuildingId,
    /// Floor (informational).
    pub floor: Option<i64>,
    /// Seats when a meeting names no layout.
    pub capacity: i32,
    /// Seats per layout, sorted by layout id.
    pub layouts: Vec<(LayoutId, i32)>,
    /// Features, sorted.
    pub features: Vec<FeatureId>,
    /// Highest confidentiality the room is cleared for (0–3).
    pub confidential_level: u8,
    /// Fixed equipment by kind, sorted by kind.
    pub equipment: Vec<(KindId, i32)>,
    /// Cost of opening the room on a day (`open_cost`, else `weights[Rule::RoomOpen]`); see
    /// [`Problem::room_open_cost`], which applies the `room_open = 0` switch.
    pub open_cost: Option<i64>,
    /// Extra minutes between consecutive occupancies with different layouts.
    pub layout_change_minutes: i32,
    /// Blocked intervals, sorted by start.
    pub unavailable: Vec<Interval>,
}

/// A member of the service staff.
#[derive(Clone, Debug)]
pub struct Staff {
    /// SPEC id.
    pub id: String,
    /// Display name (the id when absent).
    pub name: String,
    /// Home building.
    pub building: BuildingId,
    /// Skill levels (1–5), sorted by skill.
    pub skills: Vec<(SkillId, u8)>,
    /// Confidentiality clearance (0–3).
    pub clearance: u8,
    /// Outsourced staff never serve a confidential meeting.
    pub external: bool,
    /// Intervals the person can work, sorted by start (defaults applied).
    pub available: Vec<Interval>,
    /// Hard cap on task minutes per calendar day.
    pub max_minutes_per_day: i64,
    /// Hard cap on all task minutes.
    pub max_minutes_total: Option<i64>,
    /// Task minutes per day above this cost overtime.
    pub preferred_minutes_per_day: i64,
}

impl Staff {
    /// The person's level in a skill (0 when they lack it).
    pub fn level(&self, skill: SkillId) -> u8 {
        self.skills
            .binary_search_by_key(&skill, |&(s, _)| s)
            .map(|i| self.skills[i].1)
            .unwrap_or(0)
    }

    /// True when `iv` lies inside one of the person's available intervals.
    pub fn is_available(&self, iv: Interval) -> bool {
        self.available.iter().any(|a| a.contains(&iv))
    }
}

/// A named participant.
#[derive(Clone, Debug)]
pub struct Person {
    /// SPEC id.
    pub id: String,
    /// Asks for back-to-back meetings (`isolated` term).
    pub compact: bool,
}

/// A recurring series of meetings.
#[derive(Clone, Debug)]
pub struct Series {
    /// SPEC id.
    pub id: String,
    /// Spread the series over at least this many days.
    pub min_days: i64,
}

/// Where a task boundary is anchored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnchorPoint {
    /// The meeting's start.
    Start,
    /// The meeting's end.
    End,
}

/// `anchor + offset`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Anchor {
    /// Which end of the meeting.
    pub point: AnchorPoint,
    /// Minutes added.
    pub offset: Minute,
}

impl Anchor {
    /// The minute this anchor gives for a meeting at `[start, end)`.
    #[inline]
    pub fn at(&self, start: Minute, end: Minute) -> Minute {
        match self.point {
            AnchorPoint::Start => start + self.offset,
            AnchorPoint::End => end + self.offset,
        }
    }
}

/// A task template of a service class.
#[derive(Clone, Debug)]
pub struct TaskTemplate {
    /// Task name, unique in its class.
    pub name: String,
    /// Skill needed.
    pub skill: SkillId,
    /// Minimum level (1–5).
    pub level: u8,
    /// Interval start.
    pub from: Anchor,
    /// Interval end.
    pub to: Anchor,
    /// Fixed number of people.
    pub staff: i64,
    /// One more person per this many attendees (0: none).
    pub per_attendees: i64,
}

/// A service class [分类服务].
#[derive(Clone, Debug)]
pub struct ServiceClass {
    /// SPEC id.
    pub id: String,
    /// Room blocked before the start.
    pub setup_minutes: Minute,
    /// Room blocked after the end.
    pub teardown_minutes: Minute,
    /// Task templates.
    pub tasks: Vec<TaskTemplate>,
}

/// A fixed assignment that must be kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pin {
    /// Pinned room.
    pub room: RoomId,
    /// Pinned start.
    pub start: Minute,
}

/// A meeting request.
#[derive(Clone, Debug)]
pub struct Meeting {
    /// SPEC id.
    pub id: String,
    /// Title (may be empty).
    pub title: String,
    /// Service class.
    pub class: ClassId,
    /// Number of attendees (≥ 1).
    pub attendees: i32,
    /// Duration in minutes (≥ 1).
    pub duration: Minute,
    /// Allowed start windows as `[earliest_start, latest_end)`; `None` = any time on any day.
    pub windows: Option<Vec<Interval>>,
    /// Layout to seat the attendees in.
    pub layout: Option<LayoutId>,
    /// Required room features, sorted.
    pub features: Vec<FeatureId>,
    /// Equipment needed by kind, sorted by kind.
    pub equipment: Vec<(KindId, i32)>,
    /// Named participants, sorted.
    pub people: Vec<PersonId>,
    /// Confidentiality (0–3).
    pub confidential: u8,
    /// 1–10; weighs the cost of leaving it unassigned.
    pub priority: i64,
    /// Preferred rooms, sorted.
    pub preferred_rooms: Vec<RoomId>,
    /// Preferred start.
    pub preferred_start: Option<Minute>,
    /// Preferred staff, sorted.
    pub preferred_staff: Vec<StaffId>,
    /// Series it belongs to.
    pub series: Option<SeriesId>,
    /// Pinned assignment.
    pub pinned: Option<Pin>,
    /// Its derived tasks (those that need at least one person), in template order.
    pub tasks: Vec<TaskId>,
}

/// A derived service task of a meeting (SPEC §2.1). Exists whatever the meeting's start;
/// it appears in a plan only when its meeting is assigned.
#[derive(Clone, Debug)]
pub struct TaskDef {
    /// `"<meeting id>/<task name>"`.
    pub id: String,
    /// Its meeting.
    pub meeting: MeetingId,
    /// Index of the template in the meeting's class.
    pub template: usize,
    /// Skill needed.
    pub skill: SkillId,
    /// Minimum level.
    pub level: u8,
    /// People needed (≥ 1).
    pub need: u32,
    /// Interval start relative to the meeting.
    pub from: Anchor,
    /// Interval end relative to the meeting.
    pub to: Anchor,
}

/// The reference plan of a re-planning problem, resolved against the problem where it can be.
#[derive(Clone, Debug)]
pub struct Reference {
    /// Per meeting of the problem: its room id (as a string: it may no longer exist) and start
    /// in the reference, when the reference assigns it.
    pub placements: Vec<Option<(String, Minute)>>,
    /// `(task, person)` pairs of the reference whose meeting still exists; `None` where the task
    /// or the person is unknown to the problem now (such a pair is always gone).
    pub staffing: Vec<(Option<TaskId>, Option<StaffId>)>,
}

/// A message about accepted but suspicious input (for example `windows: []`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// JSON path.
    pub path: String,
    /// Sentence.
    pub message: String,
}

/// A validated problem (SPEC §2).
#[derive(Clone, Debug)]
pub struct Problem {
    /// Name.
    pub name: String,
    /// Informational time zone.
    pub timezone: String,
    /// Start grid in minutes.
    pub granularity: Minute,
    /// Converts minutes to SPEC strings.
    pub calendar: Calendar,
    /// Planning days as day numbers of the calendar, in input order.
    pub days: Vec<i32>,
    /// Problem-wide opening hours.
    pub opening: Opening,
    /// Buildings.
    pub buildings: Vec<Building>,
    /// `travel[a][b]`: shortest travel minutes, `None` when unreachable. `travel[a][a] = Some(0)`.
    pub travel: Vec<Vec<Option<Minute>>>,
    /// Rooms.
    pub rooms: Vec<Room>,
    /// `pools[building][kind]`: portable items (0 when no pool).
    pub pools: Vec<Vec<i32>>,
    /// Service staff.
    pub staff: Vec<Staff>,
    /// Named participants (declared first, then those named only in meetings).
    pub people: Vec<Person>,
    /// Series (declared first, then those named only in meetings).
    pub series: Vec<Series>,
    /// Service classes.
    pub classes: Vec<ServiceClass>,
    /// Meetings.
    pub meetings: Vec<Meeting>,
    /// Derived tasks of all meetings.
    pub tasks: Vec<TaskDef>,
    /// Weights.
    pub weights: Weights,
    /// Reference plan for re-planning.
    pub reference: Option<Reference>,
    /// Interned skill names.
    pub skill_names: Vec<String>,
    /// Interned layout names.
    pub layout_names: Vec<String>,
    /// Interned feature words.
    pub feature_names: Vec<String>,
    /// Interned equipment kinds.
    pub kind_names: Vec<String>,
    /// Warnings from loading.
    pub warnings: Vec<Warning>,
    pub(crate) index: Index,
}

/// String id → dense id lookups, built by the loader.
#[derive(Clone, Debug, Default)]
pub(crate) struct Index {
    pub buildings: HashMap<String, BuildingId>,
    pub rooms: HashMap<String, RoomId>,
    pub staff: HashMap<String, StaffId>,
    pub meetings: HashMap<String, MeetingId>,
    pub tasks: HashMap<String, TaskId>,
    pub people: HashMap<String, PersonId>,
    pub series: HashMap<String, SeriesId>,
    pub classes: HashMap<String, ClassId>,
}

impl Problem {
    /// Looks up a building by SPEC id.
    pub fn building_id(&self, id: &str) -> Option<BuildingId> {
        self.index.buildings.get(id).copied()
    }
    /// Looks up a room by SPEC id.
    pub fn room_id(&self, id: &str) -> Option<RoomId> {
        self.index.rooms.get(id).copied()
    }
    /// Looks up a staff member by SPEC id.
    pub fn staff_id(&self, id: &str) -> Option<StaffId> {
        self.index.staff.get(id).copied()
    }
    /// Looks up a meeting by SPEC id.
    pub fn meeting_id(&self, id: &str) -> Option<MeetingId> {
        self.index.meetings.get(id).copied()
    }
    /// Looks up a task by its id `"<meeting>/<name>"`.
    pub fn task_id(&self, id: &str) -> Option<TaskId> {
        self.index.tasks.get(id).copied()
    }
    /// Looks up a person by SPEC id.
    pub fn person_id(&self, id: &str) -> Option<PersonId> {
        self.index.people.get(id).copied()
    }
    /// Looks up a series by SPEC id.
    pub fn series_id(&self, id: &str) -> Option<SeriesId> {
        self.index.series.get(id).copied()
    }
    /// Looks up a service class by SPEC id.
    pub fn class_id(&self, id: &str) -> Option<ClassId> {
        self.index.classes.get(id).copied()
    }

    /// The meeting.
    #[inline]
    pub fn meeting(&self, m: MeetingId) -> &Meeting {
        &self.meetings[m.index()]
    }
    /// The room.
    #[inline]
    pub fn room(&self, r: RoomId) -> &Room {
        &self.rooms[r.index()]
    }
    /// The staff member.
    #[inline]
    pub fn person_of_staff(&self, s: StaffId) -> &Staff {
        &self.staff[s.index()]
    }
    /// The task.
    #[inline]
    pub fn task(&self, t: TaskId) -> &TaskDef {
        &self.tasks[t.index()]
    }
    /// The meeting's service class.
    #[inline]
    pub fn class_of(&self, m: MeetingId) -> &ServiceClass {
        &self.classes[self.meeting(m).class.index()]
    }

    /// Iterates over all meeting ids.
    pub fn meeting_ids(&self) -> impl ExactSizeIterator<Item = MeetingId> + '_ {
        (0..self.meetings.len()).map(MeetingId::new)
    }
    /// Iterates over all room ids.
    pub fn room_ids(&self) -> impl ExactSizeIterator<Item = RoomId> + '_ {
        (0..self.rooms.len()).map(RoomId::new)
    }
    /// Iterates over all staff ids.
    pub fn staff_ids(&self) -> impl ExactSizeIterator<Item = StaffId> + '_ {
        (0..self.staff.len()).map(StaffId::new)
    }
    /// Iterates over all task ids.
    pub fn task_ids(&self) -> impl ExactSizeIterator<Item = TaskId> + '_ {
        (0..self.tasks.len()).map(TaskId::new)
    }

    /// Position of a calendar day number in `days`, when it is a planning day.
    pub fn planning_day(&self, day: i32) -> Option<usize> {
        self.days.iter().position(|&d| d == day)
    }

    /// The opening hours of a building on the calendar day `day`, as an interval of minutes.
    pub fn open_interval(&self, b: BuildingId, day: i32) -> Interval {
        let o = self.buildings[b.index()].opening;
        Interval::new(day * DAY + o.start, day * DAY + o.end)
    }

    /// `seats(room, meeting)`: the layout's seats when the meeting names a layout (`None` when
    /// the room lacks it), else the room's capacity.
    pub fn seats(&self, r: RoomId, m: MeetingId) -> Option<i32> {
        let room = self.room(r);
        match self.meeting(m).layout {
            None => Some(room.capacity),
            Some(l) => room
                .layouts
                .binary_search_by_key(&l, |&(x, _)| x)
                .ok()
                .map(|i| room.layouts[i].1),
        }
    }

    /// True when the room has every feature the meeting asks for.
    pub fn has_features(&self, r: RoomId, m: MeetingId) -> bool {
        let have = &self.room(r).features;
        self.meeting(m)
            .features
            .iter()
            .all(|f| have.binary_search(f).is_ok())
    }

    /// `[start, end)` of a meeting that starts at `start`.
    #[inline]
    pub fn meeting_interval(&self, m: MeetingId, start: Minute) -> Interval {
        Interval::new(start, start + self.meeting(m).duration)
    }

    /// Occupancy of the meeting's room: `[start − setup, end + teardown)`.
    #[inline]
    pub fn occupancy(&self, m: MeetingId, start: Minute) -> Interval {
        let c = self.class_of(m);
        Interval::new(
            start - c.setup_minutes,
            start + self.meeting(m).duration + c.teardown_minutes,
        )
    }

    /// Interval of a task when its meeting starts at `start`.
    #[inline]
    pub fn task_interval(&self, t: TaskId, start: Minute) -> Interval {
        let task = self.task(t);
        let end = start + self.meeting(task.meeting).duration;
        Interval::new(task.from.at(start, end), task.to.at(start, end))
    }

    /// Items of `kind` the meeting borrows from the pool when held in `room`.
    pub fn borrowed(&self, m: MeetingId, r: RoomId, kind: KindId) -> i32 {
        let need = lookup(&self.meeting(m).equipment, kind);
        (need - lookup(&self.room(r).equipment, kind)).max(0)
    }

    /// Items of kind `k` in building `b`'s pool (0 when it has none).
    pub fn pool(&self, b: BuildingId, k: KindId) -> i32 {
        self.pools
            .get(b.index())
            .and_then(|v| v.get(k.index()))
            .copied()
            .unwrap_or(0)
    }

    /// Every `(kind, count > 0)` the meeting borrows when held in `room`.
    pub fn borrowed_all(&self, m: MeetingId, r: RoomId) -> impl Iterator<Item = (KindId, i32)> + '_ {
        let room = self.room(r);
        self.meeting(m).equipment.iter().filter_map(move |&(k, n)| {
            let b = n - lookup(&room.equipment, k);
            (b > 0).then_some((k, b))
        })
    }

    /// Travel minutes between two buildings (`None` when no path).
    #[inline]
    pub fn travel(&self, a: BuildingId, b: BuildingId) -> Option<Minute> {
        self.travel[a.index()][b.index()]
    }

    /// Cost of opening a room on a day, with the `room_open = 0` switch applied.
    pub fn room_open_cost(&self, r: RoomId) -> i64 {
        if self.weights[Rule::RoomOpen] == 0 {
            0
        } else {
            self.room(r).open_cost.unwrap_or(self.weights[Rule::RoomOpen])
        }
    }

    /// True when a meeting may start at `start` as far as `time_fit` is concerned (grid,
    /// planning day, window, opening hours of the building of `room`).
    pub fn time_fits(&self, m: MeetingId, r: RoomId, start: Minute) -> bool {
        self.time_fit_failures(m, r, start) == TimeFit::default()
    }

    /// Which `time_fit` clauses a start fails (SPEC §6: one violation per failed clause).
    pub fn time_fit_failures(&self, m: MeetingId, r: RoomId, start: Minute) -> TimeFit {
        let meeting = self.meeting(m);
        let day = day_of(start);
        let iv = self.meeting_interval(m, start);
        let occ = self.occupancy(m, start);
        let open = self.open_interval(self.room(r).building, day);
        TimeFit {
            off_grid: start.rem_euclid(self.granularity) != 0,
            not_planning_day: self.planning_day(day).is_none(),
            outside_windows: match &meeting.windows {
                None => false,
                Some(ws) => !ws.iter().any(|w| w.contains(&iv)),
            },
            outside_opening: !open.contains(&occ),
        }
    }

    /// True when the meeting may be held in the room as far as `room_fit` is concerned.
    pub fn room_fits(&self, m: MeetingId, r: RoomId) -> bool {
        let meeting = self.meeting(m);
        let seats_ok = match self.seats(r, m) {
            None => false,
            Some(s) => s >= meeting.attendees || self.weights.capacity_overflow().is_some(),
        };
        seats_ok && self.has_features(r, m) && self.room(r).confidential_level >= meeting.confidential
    }

    /// True when the staff member may hold the task as far as skill, clearance and externality
    /// are concerned. Availability depends on the start ([`Staff::is_available`]) and
    /// reachability on the room's building ([`Problem::staff_reaches`]).
    pub fn staff_qualifies(&self, s: StaffId, t: TaskId) -> bool {
        let st = &self.staff[s.index()];
        let task = self.task(t);
        let meeting = self.meeting(task.meeting);
        st.level(task.skill) >= task.level
            && st.clearance >= meeting.confidential
            && !(st.external && meeting.confidential > 0)
    }
}

impl Problem {
    /// True when the staff member's home building has a path to `building` (SPEC §6: a staff
    /// member may only hold tasks in buildings reachable from home).
    pub fn staff_reaches(&self, s: StaffId, building: BuildingId) -> bool {
        self.travel(self.staff[s.index()].building, building).is_some()
    }
}

/// The `time_fit` clauses a start fails.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TimeFit {
    /// Not on the granularity grid.
    pub off_grid: bool,
    /// Not on a day of `days`.
    pub not_planning_day: bool,
    /// Inside no window.
    pub outside_windows: bool,
    /// Occupancy outside the building's opening hours.
    pub outside_opening: bool,
}

impl TimeFit {
    /// Number of failed clauses.
    pub fn count(&self) -> i64 {
        self.off_grid as i64
            + self.not_planning_day as i64
            + self.outside_windows as i64
            + self.outside_opening as i64
    }
}

fn lookup<K: Ord + Copy>(v: &[(K, i32)], k: K) -> i32 {
    v.binary_search_by_key(&k, |&(x, _)| x)
        .map(|i| v[i].1)
        .unwrap_or(0)
}
