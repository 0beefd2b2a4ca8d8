//! ITC-2007 track 3 (curriculum-based course timetabling, `.ctt`) ⇄ huiwu (SPEC §5).
//!
//! ```text
//! .ctt text ──parse_ctt──▶ Ctt ──to_problem_json──▶ SPEC problem ──loader──▶ Problem
//! solution text ──solution_to_plan──▶ Plan ──plan_to_solution──▶ solution text
//! solution text ──itc_cost──▶ ItcCost   (independent re-implementation of the official validator)
//! ```
//!
//! The mapping is exact: for a valid plan with `medium = 0`, huiwu's `soft` equals the cost the
//! official validator prints (`capacity_overflow` = RoomCapacity, `series_spread` =
//! MinWorkingDays × 5, `isolated` = CurriculumCompactness × 2, `series_room` = RoomStability).
//!
//! Choices the SPEC leaves open (also in `docs/itc2007.md`):
//! - lecture ids are `"<course>-<k>"` with `k` counted **from 0**;
//! - a course with 0 students gets `attendees: 1` (the SPEC needs ≥ 1; since every room has at
//!   least one seat, the overflow cost is 0 either way, as in ITC);
//! - people ids are `"teacher-<teacher>"` and `"curriculum-<curriculum>"`, because ITC teachers
//!   and curricula live in separate namespaces and may share a name;
//! - days are consecutive dates from Monday 2026-01-05; period `p` starts at `08:00 + p h`;
//! - the building is `"campus"`, the one service class `"lecture"` (no tasks, no buffers);
//! - a course without unavailability constraints gets no `windows` (any time on any day);
//! - when importing a solution, the lines of a course are sorted by (day, period) and given to
//!   lectures 0, 1, …; lectures without a line stay unassigned, with a reason.

mod cost;

pub use cost::{ItcCost, itc_cost};

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use chrono::NaiveDate;
use serde_json::{Value, json};

use crate::error::InputErrors;
use crate::model::time::{day_of, minute_of_day, parse_datetime};
use crate::model::{Calendar, DAY, Minute, Problem};
use crate::plan::{PlacedMeeting, Plan, UnassignedMeeting};

/// Periods per day huiwu can hold: hours from 08:00 up to midnight.
pub const MAX_PERIODS_PER_DAY: usize = 16;

/// Longest ITC id accepted, so that every derived huiwu id (`"curriculum-" + id`, `id + "-" + k`)
/// stays within the SPEC's 64 characters.
pub const MAX_ID_LEN: usize = 48;

/// Days an instance may have (a sanity bound that keeps every minute well inside `i32`).
pub const MAX_DAYS: usize = 3660;

/// Clock time of period 0 (08:00), in minutes of the day.
const FIRST_PERIOD_MINUTE: Minute = 8 * 60;

/// Minutes of one ITC period.
const PERIOD_MINUTES: Minute = 60;

/// The id of the one building.
const BUILDING_ID: &str = "campus";

/// The id of the one (empty) service class.
const CLASS_ID: &str = "lecture";

/// The date of ITC day 0: a Monday.
fn first_date() -> NaiveDate {
    // 2026-01-05 is a valid date; the fallback only exists to avoid a panic path.
    NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or(NaiveDate::MIN)
}

/// What went wrong reading or converting ITC data.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ItcError {
    /// The `.ctt` instance text is malformed (1-based line number).
    #[error("instance line {line}: {message}")]
    Instance {
        /// 1-based line (the last line + 1 for a premature end).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The solution text is malformed or does not fit the instance (1-based line number).
    #[error("solution line {line}: {message}")]
    Solution {
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A huiwu plan cannot be written as an ITC solution of this instance.
    #[error("plan meeting {meeting:?}: {message}")]
    Plan {
        /// The meeting id in the plan.
        meeting: String,
        /// What is wrong.
        message: String,
    },
}

/// A course: `<CourseID> <TeacherID> <#Lectures> <MinWorkingDays> <#Students>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Course {
    /// Course id.
    pub id: String,
    /// Teacher id (several courses may share one).
    pub teacher: String,
    /// Number of lectures to schedule.
    pub lectures: usize,
    /// Minimum number of distinct days with a lecture (soft, × 5).
    pub min_working_days: usize,
    /// Students attending (may be 0).
    pub students: u32,
}

/// A room: `<RoomID> <Capacity>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CttRoom {
    /// Room id.
    pub id: String,
    /// Seats (≥ 1).
    pub capacity: u32,
}

/// A curriculum: a group of courses that must not clash and should be compact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Curriculum {
    /// Curriculum id.
    pub id: String,
    /// Its courses, as indices into [`Ctt::courses`], in file order, without repeats.
    pub courses: Vec<usize>,
}

/// An unavailability constraint: the course may not be taught at (day, period).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Unavailability {
    /// Index into [`Ctt::courses`].
    pub course: usize,
    /// 0-based day.
    pub day: usize,
    /// 0-based period of the day.
    pub period: usize,
}

/// A parsed `.ctt` instance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ctt {
    /// Instance name (`Name:` line).
    pub name: String,
    /// Number of days (≥ 1).
    pub days: usize,
    /// Periods per day (1–16).
    pub periods_per_day: usize,
    /// Courses, in file order.
    pub courses: Vec<Course>,
    /// Rooms, in file order.
    pub rooms: Vec<CttRoom>,
    /// Curricula, in file order.
    pub curricula: Vec<Curriculum>,
    /// Unavailability constraints, in file order (repeats kept as written).
    pub unavailability: Vec<Unavailability>,
}

impl Ctt {
    /// Total number of lectures.
    pub fn total_lectures(&self) -> usize {
        self.courses.iter().map(|c| c.lectures).sum()
    }

    /// Index of a course by id.
    pub fn course_index(&self, id: &str) -> Option<usize> {
        self.courses.iter().position(|c| c.id == id)
    }

    /// Index of a room by id.
    pub fn room_index(&self, id: &str) -> Option<usize> {
        self.rooms.iter().position(|r| r.id == id)
    }

    /// Course id → index and room id → index, for reading many solution lines.
    pub fn id_maps(&self) -> (HashMap<&str, usize>, HashMap<&str, usize>) {
        let courses = self
            .courses
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        let rooms = self
            .rooms
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i))
            .collect();
        (courses, rooms)
    }

    /// `available[course][day * P + period]`.
    pub fn availability(&self) -> Vec<Vec<bool>> {
        let periods = self.days * self.periods_per_day;
        let mut a = vec![vec![true; periods]; self.courses.len()];
        for u in &self.unavailability {
            if u.day >= self.days || u.period >= self.periods_per_day {
                continue;
            }
            if let Some(slot) = a
                .get_mut(u.course)
                .and_then(|row| row.get_mut(u.day * self.periods_per_day + u.period))
            {
                *slot = false;
            }
        }
        a
    }

    /// The huiwu meeting id of lecture `k` (from 0) of a course.
    pub fn lecture_id(&self, course: usize, k: usize) -> String {
        let id = self.courses.get(course).map_or("", |c| c.id.as_str());
        format!("{id}-{k}")
    }

    /// Minute (from midnight of day 0) at which period `period` of day `day` starts.
    fn start_minute(day: usize, period: usize) -> Minute {
        // Both are bounded by the parser (days ≤ MAX_DAYS, period < 16): no overflow.
        day as Minute * DAY + FIRST_PERIOD_MINUTE + period as Minute * PERIOD_MINUTES
    }
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

/// A non-blank line: its 1-based number and its whitespace tokens.
type Tokens<'a> = (usize, Vec<&'a str>);

/// Lines of a text with their 1-based numbers, split into whitespace tokens, blank lines skipped.
struct Lines<'a> {
    inner: std::vec::IntoIter<Tokens<'a>>,
    last_line: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let lines: Vec<Tokens<'a>> = text
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.split_whitespace().collect::<Vec<_>>()))
            .filter(|(_, t)| !t.is_empty())
            .collect();
        Self {
            inner: lines.into_iter(),
            last_line: text.lines().count(),
        }
    }

    fn next_line(&mut self, what: &str) -> Result<Tokens<'a>, ItcError> {
        self.inner.next().ok_or_else(|| ItcError::Instance {
            line: self.last_line + 1,
            message: format!("the file ends where {what} was expected"),
        })
    }
}

fn inst_err(line: usize, message: impl Into<String>) -> ItcError {
    ItcError::Instance {
        line,
        message: message.into(),
    }
}

fn parse_count(line: usize, token: &str, what: &str) -> Result<usize, ItcError> {
    // Only plain decimal digits: "+3", "3.0" and "-1" are all malformed counts.
    if token.is_empty() || !token.bytes().all(|b| b.is_ascii_digit()) {
        return Err(inst_err(
            line,
            format!("{what} must be a non-negative integer, found {token:?}"),
        ));
    }
    token
        .parse::<usize>()
        .ok()
        .filter(|&n| n <= u32::MAX as usize)
        .ok_or_else(|| inst_err(line, format!("{what} {token} is too large")))
}

fn check_id(line: usize, id: &str, what: &str) -> Result<(), ItcError> {
    if id.len() > MAX_ID_LEN {
        return Err(inst_err(
            line,
            format!("{what} id {id:?} is longer than {MAX_ID_LEN} characters"),
        ));
    }
    if id.contains('/') {
        return Err(inst_err(
            line,
            format!("{what} id {id:?} contains '/', which huiwu ids may not"),
        ));
    }
    Ok(())
}

fn header(lines: &mut Lines<'_>, key: &str) -> Result<(usize, String), ItcError> {
    let (n, t) = lines.next_line(&format!("the `{key}` header"))?;
    match t.as_slice() {
        [k, v] if *k == key => Ok((n, (*v).to_string())),
        [k, ..] if *k == key => Err(inst_err(n, format!("`{key}` takes exactly one value"))),
        _ => Err(inst_err(
            n,
            format!("expected `{key} <value>`, found {:?}", t.join(" ")),
        )),
    }
}

fn numeric_header(lines: &mut Lines<'_>, key: &str) -> Result<(usize, usize), ItcError> {
    let (n, v) = header(lines, key)?;
    Ok((n, parse_count(n, &v, key.trim_end_matches(':'))?))
}

fn section(lines: &mut Lines<'_>, key: &str) -> Result<(), ItcError> {
    let (n, t) = lines.next_line(&format!("the `{key}` section"))?;
    if t.as_slice() == [key] {
        Ok(())
    } else {
        Err(inst_err(
            n,
            format!("expected the section header `{key}`, found {:?}", t.join(" ")),
        ))
    }
}

/// The line of a section entry: fails when a section header or `END.` appears too early.
fn entry<'a>(
    lines: &mut Lines<'a>,
    section: &str,
    index: usize,
    count: usize,
) -> Result<(usize, Vec<&'a str>), ItcError> {
    let what = format!("entry {} of {count} of {section}", index + 1);
    let (n, t) = lines.next_line(&what)?;
    let first = t.first().copied().unwrap_or("");
    if first.ends_with(':') || first == "END." {
        return Err(inst_err(
            n,
            format!("{section} declares {count} entries but only {index} are listed before {first:?}"),
        ));
    }
    Ok((n, t))
}

/// Parses a `.ctt` instance strictly: every header, count, id and index is checked, and each
/// error names its line. Tokens are separated by any whitespace (tabs included); blank lines
/// are ignored; CRLF line ends are accepted.
pub fn parse_ctt(text: &str) -> Result<Ctt, ItcError> {
    let mut lines = Lines::new(text);
    let (_, name) = header(&mut lines, "Name:")?;
    let (_, n_courses) = numeric_header(&mut lines, "Courses:")?;
    let (_, n_rooms) = numeric_header(&mut lines, "Rooms:")?;
    let (dl, days) = numeric_header(&mut lines, "Days:")?;
    let (pl, ppd) = numeric_header(&mut lines, "Periods_per_day:")?;
    let (_, n_curricula) = numeric_header(&mut lines, "Curricula:")?;
    let (_, n_constraints) = numeric_header(&mut lines, "Constraints:")?;
    if days == 0 || days > MAX_DAYS {
        return Err(inst_err(dl, format!("Days must be 1–{MAX_DAYS}, found {days}")));
    }
    if ppd == 0 || ppd > MAX_PERIODS_PER_DAY {
        return Err(inst_err(
            pl,
            format!(
                "Periods_per_day must be 1–{MAX_PERIODS_PER_DAY} (one-hour periods from 08:00 to \
                 midnight), found {ppd}"
            ),
        ));
    }

    section(&mut lines, "COURSES:")?;
    let mut courses = Vec::new();
    let mut course_index: HashMap<String, usize> = HashMap::new();
    for i in 0..n_courses {
        let (n, t) = entry(&mut lines, "COURSES:", i, n_courses)?;
        let [id, teacher, lectures, mwd, students] = t.as_slice() else {
            return Err(inst_err(
                n,
                format!(
                    "a course line is `<course> <teacher> <lectures> <min working days> <students>`, \
                     found {} tokens",
                    t.len()
                ),
            ));
        };
        check_id(n, id, "course")?;
        check_id(n, teacher, "teacher")?;
        let lectures = parse_count(n, lectures, "the number of lectures")?;
        // Lecture ids carry k in decimal; a bound keeps ids short and the problem sane.
        if lectures > 100_000 {
            return Err(inst_err(
                n,
                format!("course {id} has {lectures} lectures (at most 100000)"),
            ));
        }
        let min_working_days = parse_count(n, mwd, "the minimum working days")?;
        let students = parse_count(n, students, "the number of students")? as u32;
        if course_index.insert((*id).to_string(), courses.len()).is_some() {
            return Err(inst_err(n, format!("course {id} is listed twice")));
        }
        courses.push(Course {
            id: (*id).to_string(),
            teacher: (*teacher).to_string(),
            lectures,
            min_working_days,
            students,
        });
    }

    section(&mut lines, "ROOMS:")?;
    let mut rooms = Vec::new();
    let mut room_ids = HashSet::new();
    for i in 0..n_rooms {
        let (n, t) = entry(&mut lines, "ROOMS:", i, n_rooms)?;
        let [id, capacity] = t.as_slice() else {
            return Err(inst_err(
                n,
                format!("a room line is `<room> <capacity>`, found {} tokens", t.len()),
            ));
        };
        check_id(n, id, "room")?;
        let capacity = parse_count(n, capacity, "the room capacity")? as u32;
        if capacity == 0 {
            // huiwu rooms have at least one seat; mapping 0 to 1 would change ITC's cost.
            return Err(inst_err(n, format!("room {id} has capacity 0 (huiwu needs ≥ 1)")));
        }
        if !room_ids.insert(*id) {
            return Err(inst_err(n, format!("room {id} is listed twice")));
        }
        rooms.push(CttRoom {
            id: (*id).to_string(),
            capacity,
        });
    }

    section(&mut lines, "CURRICULA:")?;
    let mut curricula = Vec::new();
    let mut curriculum_ids = HashSet::new();
    for i in 0..n_curricula {
        let (n, t) = entry(&mut lines, "CURRICULA:", i, n_curricula)?;
        let [id, size, members @ ..] = t.as_slice() else {
            return Err(inst_err(
                n,
                "a curriculum line is `<curriculum> <#courses> <course> …`",
            ));
        };
        check_id(n, id, "curriculum")?;
        let size = parse_count(n, size, "the number of courses")?;
        if members.len() != size {
            return Err(inst_err(
                n,
                format!(
                    "curriculum {id} declares {size} courses but lists {}",
                    members.len()
                ),
            ));
        }
        let mut list = Vec::with_capacity(size);
        for m in members {
            let c = course_index
                .get(*m)
                .copied()
                .ok_or_else(|| inst_err(n, format!("curriculum {id} names unknown course {m}")))?;
            if list.contains(&c) {
                return Err(inst_err(n, format!("curriculum {id} lists course {m} twice")));
            }
            list.push(c);
        }
        if !curriculum_ids.insert(*id) {
            return Err(inst_err(n, format!("curriculum {id} is listed twice")));
        }
        curricula.push(Curriculum {
            id: (*id).to_string(),
            courses: list,
        });
    }

    section(&mut lines, "UNAVAILABILITY_CONSTRAINTS:")?;
    let mut unavailability = Vec::new();
    for i in 0..n_constraints {
        let (n, t) = entry(&mut lines, "UNAVAILABILITY_CONSTRAINTS:", i, n_constraints)?;
        let [course, day, period] = t.as_slice() else {
            return Err(inst_err(
                n,
                format!(
                    "an unavailability line is `<course> <day> <period>`, found {} tokens",
                    t.len()
                ),
            ));
        };
        let c = course_index
            .get(*course)
            .copied()
            .ok_or_else(|| inst_err(n, format!("unknown course {course}")))?;
        let day = parse_count(n, day, "the day")?;
        let period = parse_count(n, period, "the period")?;
        if day >= days {
            return Err(inst_err(n, format!("day {day} is out of range (Days: {days})")));
        }
        if period >= ppd {
            return Err(inst_err(
                n,
                format!("period {period} is out of range (Periods_per_day: {ppd})"),
            ));
        }
        unavailability.push(Unavailability {
            course: c,
            day,
            period,
        });
    }

    let (n, t) = lines.next_line("`END.`")?;
    if t.as_slice() != ["END."] {
        return Err(inst_err(
            n,
            format!(
                "expected `END.` after {n_constraints} unavailability constraints, found {:?}",
                t.join(" ")
            ),
        ));
    }
    if let Some((n, t)) = lines.inner.next() {
        return Err(inst_err(n, format!("text after `END.`: {:?}", t.join(" "))));
    }

    Ok(Ctt {
        name,
        days,
        periods_per_day: ppd,
        courses,
        rooms,
        curricula,
        unavailability,
    })
}

// ---------------------------------------------------------------------------------------------
// Instance → huiwu problem
// ---------------------------------------------------------------------------------------------

/// The huiwu person id of a teacher.
pub fn teacher_person_id(teacher: &str) -> String {
    format!("teacher-{teacher}")
}

/// The huiwu person id of a curriculum.
pub fn curriculum_person_id(curriculum: &str) -> String {
    format!("curriculum-{curriculum}")
}

/// Converts an instance to a SPEC problem (SPEC §5). Load it with
/// [`load_problem_str`](crate::load_problem_str) (after `to_string`) to get a [`Problem`].
pub fn to_problem_json(ctt: &Ctt) -> Value {
    let cal = Calendar::new(first_date());
    let ppd = ctt.periods_per_day;
    let days: Vec<String> = (0..ctt.days).map(|d| cal.format_day(d as i32)).collect();
    let closing = FIRST_PERIOD_MINUTE + ppd as Minute * PERIOD_MINUTES;

    let rooms: Vec<Value> = ctt
        .rooms
        .iter()
        .map(|r| json!({ "id": r.id, "building": BUILDING_ID, "capacity": r.capacity }))
        .collect();

    // Curricula of each course, in curriculum order.
    let mut curricula_of: Vec<Vec<usize>> = vec![Vec::new(); ctt.courses.len()];
    for (g, cur) in ctt.curricula.iter().enumerate() {
        for &c in &cur.courses {
            if let Some(list) = curricula_of.get_mut(c) {
                list.push(g);
            }
        }
    }

    let availability = ctt.availability();
    let mut restricted = vec![false; ctt.courses.len()];
    for u in &ctt.unavailability {
        if let Some(r) = restricted.get_mut(u.course) {
            *r = true;
        }
    }

    let mut teachers: Vec<&str> = Vec::new();
    let mut seen_teachers = HashSet::new();
    let mut meetings = Vec::with_capacity(ctt.total_lectures());
    for (c, course) in ctt.courses.iter().enumerate() {
        if seen_teachers.insert(course.teacher.as_str()) {
            teachers.push(&course.teacher);
        }
        let mut people = vec![Value::from(teacher_person_id(&course.teacher))];
        people.extend(
            curricula_of[c]
                .iter()
                .map(|&g| Value::from(curriculum_person_id(&ctt.curricula[g].id))),
        );
        let windows = restricted[c].then(|| course_windows(&cal, ppd, ctt.days, &availability[c]));
        for k in 0..course.lectures {
            let mut m = json!({
                "id": ctt.lecture_id(c, k),
                "class": CLASS_ID,
                // SPEC needs ≥ 1 attendee; rooms have ≥ 1 seat, so the overflow is 0 as in ITC.
                "attendees": course.students.max(1),
                "duration": PERIOD_MINUTES,
                "people": people,
                "series": course.id,
            });
            if let (Some(w), Some(obj)) = (&windows, m.as_object_mut()) {
                obj.insert("windows".into(), w.clone());
            }
            meetings.push(m);
        }
    }

    let mut people: Vec<Value> = teachers
        .iter()
        .map(|t| json!({ "id": teacher_person_id(t), "compact": false }))
        .collect();
    people.extend(
        ctt.curricula
            .iter()
            .map(|g| json!({ "id": curriculum_person_id(&g.id), "compact": true })),
    );
    let series: Vec<Value> = ctt
        .courses
        .iter()
        .map(|c| json!({ "id": c.id, "min_days": c.min_working_days }))
        .collect();

    json!({
        "version": 1,
        "name": ctt.name,
        "granularity_minutes": PERIOD_MINUTES,
        "days": days,
        "opening": {
            "start": Calendar::format_clock(FIRST_PERIOD_MINUTE),
            "end": clock_or_midnight(closing),
        },
        "buildings": [ { "id": BUILDING_ID } ],
        "rooms": rooms,
        "people": people,
        "series": series,
        "service_classes": [ { "id": CLASS_ID } ],
        "meetings": meetings,
        "weights": {
            "capacity_overflow": 1,
            "series_spread": 5,
            "isolated": 2,
            "series_room": 1,
            "seat_waste": 0,
            "room_open": 0,
            "room_preference": 0,
            "time_preference": 0,
            "staff_travel": 0,
            "overtime": 0,
            "preferred_staff": 0,
            "moved_room": 0,
            "moved_time": 0,
            "staff_changed": 0,
        },
    })
}

/// Converts an instance and loads it: [`to_problem_json`] through the strict loader. The
/// conversion always yields a valid problem for a parsed instance; the error is only possible for
/// a hand-built [`Ctt`] (for example with an empty id).
pub fn to_problem(ctt: &Ctt) -> Result<Problem, InputErrors> {
    crate::io::load_problem_str(&to_problem_json(ctt).to_string())
}

/// `HH:MM`, with `24:00` for midnight at the end of the day.
fn clock_or_midnight(minute_of_day: Minute) -> String {
    if minute_of_day >= DAY {
        "24:00".to_string()
    } else {
        Calendar::format_clock(minute_of_day)
    }
}

/// The complement windows of a course: each maximal run of available periods of a day is one
/// window `[start of the run, end of the run)`. No available period gives `[]`.
fn course_windows(cal: &Calendar, ppd: usize, days: usize, available: &[bool]) -> Value {
    let mut windows = Vec::new();
    for d in 0..days {
        let mut p = 0;
        while p < ppd {
            if !available.get(d * ppd + p).copied().unwrap_or(false) {
                p += 1;
                continue;
            }
            let first = p;
            while p < ppd && available.get(d * ppd + p).copied().unwrap_or(false) {
                p += 1;
            }
            windows.push(json!({
                "earliest_start": cal.format(Ctt::start_minute(d, first)),
                // The end of the last period may be midnight: `format` writes the next day 00:00.
                "latest_end": cal.format(Ctt::start_minute(d, p)),
            }));
        }
    }
    Value::Array(windows)
}

// ---------------------------------------------------------------------------------------------
// Solutions
// ---------------------------------------------------------------------------------------------

/// One solution line, resolved against the instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct SolLine {
    course: usize,
    room: usize,
    day: usize,
    period: usize,
}

fn sol_err(line: usize, message: impl Into<String>) -> ItcError {
    ItcError::Solution {
        line,
        message: message.into(),
    }
}

/// Reads solution lines strictly (exactly four tokens, known course and room, day and period in
/// range, no course twice at one period, no more lines than lectures).
fn read_solution(ctt: &Ctt, sol_text: &str) -> Result<Vec<SolLine>, ItcError> {
    let (courses, rooms) = ctt.id_maps();
    let mut seen: HashMap<(usize, usize, usize), usize> = HashMap::new();
    let mut count = vec![0usize; ctt.courses.len()];
    let mut out = Vec::new();
    for (i, l) in sol_text.lines().enumerate() {
        let n = i + 1;
        let t: Vec<&str> = l.split_whitespace().collect();
        if t.is_empty() {
            continue;
        }
        let [course, room, day, period] = t.as_slice() else {
            return Err(sol_err(
                n,
                format!(
                    "a solution line is `<course> <room> <day> <period>`, found {} tokens",
                    t.len()
                ),
            ));
        };
        let c = *courses
            .get(course)
            .ok_or_else(|| sol_err(n, format!("unknown course {course}")))?;
        let r = *rooms
            .get(room)
            .ok_or_else(|| sol_err(n, format!("unknown room {room}")))?;
        let num = |tok: &str, what: &str| -> Result<usize, ItcError> {
            if tok.is_empty() || !tok.bytes().all(|b| b.is_ascii_digit()) {
                return Err(sol_err(
                    n,
                    format!("{what} must be a non-negative integer, found {tok:?}"),
                ));
            }
            tok.parse::<usize>()
                .map_err(|_| sol_err(n, format!("{what} {tok} is too large")))
        };
        let d = num(day, "the day")?;
        let p = num(period, "the period")?;
        if d >= ctt.days {
            return Err(sol_err(
                n,
                format!("day {d} is out of range (Days: {})", ctt.days),
            ));
        }
        if p >= ctt.periods_per_day {
            return Err(sol_err(
                n,
                format!(
                    "period {p} is out of range (Periods_per_day: {})",
                    ctt.periods_per_day
                ),
            ));
        }
        if let Some(first) = seen.insert((c, d, p), n) {
            return Err(sol_err(
                n,
                format!("course {course} already has a lecture on day {d} period {p} (line {first})"),
            ));
        }
        count[c] += 1;
        if count[c] > ctt.courses[c].lectures {
            return Err(sol_err(
                n,
                format!(
                    "course {course} has {} lectures but this is line number {} for it",
                    ctt.courses[c].lectures, count[c]
                ),
            ));
        }
        out.push(SolLine {
            course: c,
            room: r,
            day: d,
            period: p,
        });
    }
    Ok(out)
}

/// Imports an ITC solution (lines `course room day period`, 0-based) as a huiwu plan of the
/// problem [`to_problem_json`] makes. The lines of a course, sorted by (day, period), go to its
/// lectures 0, 1, …; lectures without a line are unassigned, with a reason. The plan has no
/// tasks (the service class has none) and no score.
pub fn solution_to_plan(ctt: &Ctt, sol_text: &str) -> Result<Plan, ItcError> {
    let mut lines = read_solution(ctt, sol_text)?;
    lines.sort_by_key(|l| (l.course, l.day, l.period));
    let cal = Calendar::new(first_date());
    let mut plan = Plan::default();
    let mut next = 0;
    for (c, course) in ctt.courses.iter().enumerate() {
        let start = next;
        while next < lines.len() && lines[next].course == c {
            next += 1;
        }
        let placed = &lines[start..next];
        for k in 0..course.lectures {
            let id = ctt.lecture_id(c, k);
            match placed.get(k) {
                Some(l) => plan.meetings.push(PlacedMeeting {
                    id,
                    room: ctt.rooms[l.room].id.clone(),
                    start: cal.format(Ctt::start_minute(l.day, l.period)),
                }),
                None => plan.unassigned.push(UnassignedMeeting {
                    id,
                    reason: format!(
                        "the solution file places {} of the {} lectures of course {}",
                        placed.len(),
                        course.lectures,
                        course.id
                    ),
                }),
            }
        }
    }
    Ok(plan)
}

/// Exports the placed meetings of a plan as ITC solution text: one line `course room day period`
/// per placed lecture, in course order and then lecture order. Unassigned lectures are left
/// out (the ITC validator then counts them under *Lectures*). `problem` is the loaded
/// [`to_problem_json`] of the same instance; its calendar and opening turn starts into periods.
pub fn plan_to_solution(ctt: &Ctt, problem: &Problem, plan: &Plan) -> Result<String, ItcError> {
    let mut lecture_of: HashMap<String, (usize, usize)> = HashMap::new();
    for (c, course) in ctt.courses.iter().enumerate() {
        for k in 0..course.lectures {
            lecture_of.insert(ctt.lecture_id(c, k), (c, k));
        }
    }
    let plan_err = |id: &str, message: String| ItcError::Plan {
        meeting: id.to_string(),
        message,
    };
    let ppd = ctt.periods_per_day as Minute;
    let mut rows: Vec<((usize, usize), String)> = Vec::with_capacity(plan.meetings.len());
    let mut done = HashSet::new();
    for m in &plan.meetings {
        let &(c, k) = lecture_of
            .get(&m.id)
            .ok_or_else(|| plan_err(&m.id, format!("is not a lecture of instance {}", ctt.name)))?;
        if !done.insert((c, k)) {
            return Err(plan_err(&m.id, "is placed twice".into()));
        }
        let r = ctt
            .room_index(&m.room)
            .ok_or_else(|| plan_err(&m.id, format!("room {} is not a room of the instance", m.room)))?;
        let t = parse_datetime(&m.start)
            .and_then(|dt| problem.calendar.minutes(dt))
            .ok_or_else(|| plan_err(&m.id, format!("start {:?} is not a valid time", m.start)))?;
        let day = problem
            .planning_day(day_of(t))
            .filter(|&d| d < ctt.days)
            .ok_or_else(|| {
                plan_err(
                    &m.id,
                    format!("start {} is not on a day of the instance", m.start),
                )
            })?;
        let offset = minute_of_day(t) - problem.opening.start;
        if offset < 0 || offset % PERIOD_MINUTES != 0 || offset / PERIOD_MINUTES >= ppd {
            return Err(plan_err(
                &m.id,
                format!("start {} is not the start of a period", m.start),
            ));
        }
        let period = offset / PERIOD_MINUTES;
        rows.push((
            (c, k),
            format!("{} {} {} {}", ctt.courses[c].id, ctt.rooms[r].id, day, period),
        ));
    }
    rows.sort_by_key(|(key, _)| *key);
    let mut out = String::new();
    for (_, row) in rows {
        let _ = writeln!(out, "{row}");
    }
    Ok(out)
}
