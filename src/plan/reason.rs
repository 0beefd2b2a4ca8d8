//! Why a meeting is unassigned, and why a task still misses people — as data (the obstacle's
//! kind, its ids, its interval), rendered into a sentence at the edge ([`Reason::sentence`],
//! [`Shortage::sentence`]): a Rust service or Python can filter, count or translate them.

use crate::model::{BuildingId, Interval, KindId, MeetingId, Minute, PersonId, Problem, RoomId, TaskId};

/// What keeps a meeting out of one room at one start.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Obstacle {
    /// Outside its windows, the planning days or the opening hours, or the room does not fit.
    DoesNotFit,
    /// The room holds another meeting then (its occupancy, set-up and clearing included).
    RoomTaken {
        /// The room.
        room: RoomId,
        /// The meeting in it.
        by: MeetingId,
        /// That meeting's occupancy.
        during: Interval,
    },
    /// Another meeting, not placed itself, stands in the way.
    InTheWay {
        /// The meeting.
        by: MeetingId,
    },
    /// The room is out of use then.
    RoomUnavailable {
        /// When.
        during: Interval,
    },
    /// A named person attends another meeting then (or cannot travel between the two).
    PersonBusy {
        /// The person.
        person: PersonId,
        /// Their other meeting.
        meeting: MeetingId,
        /// When it runs.
        during: Interval,
    },
    /// A named person is held by a meeting that is not placed.
    PersonHeld {
        /// The person.
        person: PersonId,
    },
    /// The building's pool of an equipment kind runs out.
    EquipmentShort {
        /// The building.
        building: BuildingId,
        /// The kind.
        kind: KindId,
        /// Items in the pool.
        pool: i32,
    },
}

/// Why a meeting is unassigned.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Reason {
    /// No room has what it asks for (seats in its layout, features, clearance), alone or together.
    NoRoomFits,
    /// Its windows hold no start on a planning day.
    NoStartOnPlanningDay,
    /// No start in its windows lies within the opening hours of a room that fits.
    NoStartInOpeningHours,
    /// Every room that fits is taken at every allowed start; the most frequent obstacles.
    Blocked {
        /// Rooms that fit.
        rooms: usize,
        /// Up to three obstacles, most frequent first.
        obstacles: Vec<Obstacle>,
    },
    /// A scan found a free place the search did not take.
    FreeButNotPlaced {
        /// The room.
        room: RoomId,
        /// The start.
        start: Minute,
    },
    /// Its pin cannot be kept.
    PinNotKept {
        /// The pinned room.
        room: RoomId,
        /// The pinned start.
        start: Minute,
        /// What stands in the way (`DoesNotFit`: the room or the time itself).
        obstacle: Obstacle,
    },
    /// It started before a re-plan's `now`, so it stays where it was, and the change made that
    /// place impossible.
    FrozenNoLongerFits {
        /// What now stands in the way.
        obstacle: Obstacle,
    },
    /// Its pin starts before a re-plan's `now`, and the current plan does not have it there:
    /// the past is not planned again.
    PinBeforeNow {
        /// The pinned room.
        room: RoomId,
        /// The pinned start.
        start: Minute,
    },
    /// The solve was cancelled before the meeting was placed.
    Cancelled,
    /// Taken out so that the plan stays valid (a solver fault caught by the final check).
    RemovedForValidity {
        /// The violation's sentence.
        violation: String,
    },
    /// A reason given with a plan handed in.
    Given(String),
}

impl Reason {
    /// The sentence a planner reads, for meeting `m` of `p`.
    pub fn sentence(&self, p: &Problem, m: MeetingId) -> String {
        let cal = &p.calendar;
        match self {
            Reason::NoRoomFits => no_room_sentence(p, m),
            Reason::NoStartOnPlanningDay => "its windows contain no start on a planning day".to_string(),
            Reason::NoStartInOpeningHours => {
                "no start in its windows lies in the opening hours of any suitable room".to_string()
            }
            Reason::Blocked { rooms, obstacles } => {
                let n = *rooms;
                let mut s = format!(
                    "the {n} room{} with ≥ {} seats{} {} taken at every allowed start",
                    if n == 1 { "" } else { "s" },
                    p.meeting(m).attendees,
                    features_phrase(p, m),
                    if n == 1 { "is" } else { "are" }
                );
                if !obstacles.is_empty() {
                    s.push_str(": ");
                    s.push_str(
                        &obstacles
                            .iter()
                            .map(|o| o.sentence(p))
                            .collect::<Vec<_>>()
                            .join("; "),
                    );
                }
                s
            }
            Reason::FreeButNotPlaced { room, start } => format!(
                "it was not placed although {} at {} is free",
                p.room(*room).id,
                cal.format(*start)
            ),
            Reason::PinNotKept {
                room,
                start,
                obstacle,
            } => {
                let what = match obstacle {
                    Obstacle::DoesNotFit => pin_misfit(p, m, *room, *start),
                    other => other.sentence(p),
                };
                format!(
                    "its pin ({} at {}) cannot be kept: {what}",
                    p.room(*room).id,
                    cal.format(*start)
                )
            }
            Reason::FrozenNoLongerFits { obstacle } => format!(
                "it started before now, so it keeps its place, which the change made impossible: {}",
                match obstacle {
                    Obstacle::DoesNotFit => "the room no longer fits it".to_string(),
                    other => other.sentence(p),
                }
            ),
            Reason::PinBeforeNow { room, start } => format!(
                "its pin ({} at {}) lies before now, and the past is not planned again",
                p.room(*room).id,
                cal.format(*start)
            ),
            Reason::Cancelled => "the solve was cancelled before it was placed".to_string(),
            Reason::RemovedForValidity { violation } => {
                format!("removed to keep the plan valid: {violation}")
            }
            Reason::Given(s) => s.clone(),
        }
    }
}

impl Obstacle {
    /// The sentence naming this obstacle.
    pub fn sentence(&self, p: &Problem) -> String {
        let cal = &p.calendar;
        match self {
            Obstacle::DoesNotFit => "it does not fit".to_string(),
            Obstacle::RoomTaken { room, by, during } => format!(
                "{} is taken by {} {}",
                p.room(*room).id,
                p.meeting(*by).id,
                cal.format_interval(*during)
            ),
            Obstacle::InTheWay { by } => format!("{} is in the way", p.meeting(*by).id),
            Obstacle::RoomUnavailable { during } => {
                format!("the room is unavailable {}", cal.format_interval(*during))
            }
            Obstacle::PersonBusy {
                person,
                meeting,
                during,
            } => format!(
                "{} is in {} {}",
                p.people[person.index()].id,
                p.meeting(*meeting).id,
                cal.format_interval(*during)
            ),
            Obstacle::PersonHeld { person } => format!("{} is busy", p.people[person.index()].id),
            Obstacle::EquipmentShort { building, kind, pool } => format!(
                "the {} pool of building {} has {pool} items, too few for what it must borrow then",
                p.kind_names.get(kind.index()).map_or("equipment", String::as_str),
                p.buildings[building.index()].id,
            ),
        }
    }
}

/// Why a room cannot take a requested meeting without moving another (SPEC §8 `rejected`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Rejection {
    /// The room lacks what the meeting asks for: seats in its layout, features, clearance.
    DoesNotFit,
    /// No start in the meeting's windows (and after `now`) lies on a planning day inside the
    /// building's opening hours.
    NoAllowedStart,
    /// The meeting is pinned to another room.
    PinnedElsewhere,
    /// Every allowed start is blocked; the distinct obstacles in time order (at most
    /// [`Rejection::NAMED`]) and how many there are in all.
    Blocked {
        /// The first obstacles, in time order.
        obstacles: Vec<Obstacle>,
        /// Distinct obstacles in all.
        total: usize,
    },
}

impl Rejection {
    /// Obstacles a rejection names.
    pub const NAMED: usize = 4;

    /// The sentence a booking desk reads for meeting `m` in room `r`.
    pub fn sentence(&self, p: &Problem, m: MeetingId, r: RoomId) -> String {
        match self {
            Rejection::DoesNotFit => fit_failure(p, m, r),
            Rejection::PinnedElsewhere => "the meeting is pinned to another room".to_string(),
            Rejection::NoAllowedStart => {
                "no start in its windows lies on a planning day in the building's opening hours".to_string()
            }
            Rejection::Blocked { obstacles, total } => {
                // The room is the one rejected: its own bookings need not name it again.
                let named: Vec<String> = obstacles
                    .iter()
                    .map(|o| match o {
                        Obstacle::RoomTaken { by, during, .. } => format!(
                            "taken by {} {}",
                            p.meeting(*by).id,
                            p.calendar.format_interval(*during)
                        ),
                        other => other.sentence(p),
                    })
                    .collect();
                let mut s = format!("every allowed start is blocked: {}", named.join("; "));
                if *total > obstacles.len() {
                    s.push_str(&format!(" (and {} more)", total - obstacles.len()));
                }
                s
            }
        }
    }
}

/// Why a pinned room or start is itself unusable.
fn pin_misfit(p: &Problem, m: MeetingId, r: RoomId, start: Minute) -> String {
    if !p.room_fits(m, r) {
        return format!("room {} does not fit it ({})", p.room(r).id, fit_failure(p, m, r));
    }
    let f = p.time_fit_failures(m, r, start);
    let mut parts = Vec::new();
    if f.off_grid {
        parts.push("the start is off the time grid".to_string());
    }
    if f.not_planning_day {
        parts.push("the start is not on a planning day".to_string());
    }
    if f.outside_windows {
        parts.push("the start lies outside its windows".to_string());
    }
    if f.outside_opening {
        parts.push(format!(
            "the building of {} is closed for part of it",
            p.room(r).id
        ));
    }
    parts.join(" and ")
}

/// Which room clauses fail for `m` in `r`.
pub(crate) fn fit_failure(p: &Problem, m: MeetingId, r: RoomId) -> String {
    let meeting = p.meeting(m);
    let mut parts = Vec::new();
    match p.seats(r, m) {
        None => parts.push("it lacks the layout asked for".to_string()),
        Some(s) if s < meeting.attendees && p.weights.capacity_overflow().is_none() => {
            parts.push(format!("{s} seats for {} attendees", meeting.attendees))
        }
        _ => {}
    }
    if !p.has_features(r, m) {
        parts.push("it lacks a feature asked for".to_string());
    }
    if p.room(r).confidential_level < meeting.confidential {
        parts.push(format!(
            "it is cleared to level {} only, the meeting is confidential level {}",
            p.room(r).confidential_level,
            meeting.confidential
        ));
    }
    parts.join(", ")
}

/// ` in classroom layout and video, clearance 2`: what the rooms that fit have.
fn features_phrase(p: &Problem, m: MeetingId) -> String {
    let meeting = p.meeting(m);
    let mut words: Vec<String> = meeting
        .features
        .iter()
        .filter_map(|f| p.feature_names.get(f.index()).cloned())
        .collect();
    if meeting.confidential > 0 {
        words.push(format!("clearance {}", meeting.confidential));
    }
    let layout = meeting
        .layout
        .and_then(|l| p.layout_names.get(l.index()))
        .map(|l| format!(" in {l} layout"))
        .unwrap_or_default();
    if words.is_empty() {
        layout
    } else {
        format!("{layout} and {}", words.join(", "))
    }
}

/// Which room clause no room satisfies together with the others.
fn no_room_sentence(p: &Problem, m: MeetingId) -> String {
    let meeting = p.meeting(m);
    let seats_ok = |r| match p.seats(r, m) {
        None => false,
        Some(s) => s >= meeting.attendees || p.weights.capacity_overflow().is_some(),
    };
    let with_seats = p.room_ids().filter(|&r| seats_ok(r)).count();
    let with_features = p.room_ids().filter(|&r| p.has_features(r, m)).count();
    let with_clearance = p
        .room_ids()
        .filter(|&r| p.room(r).confidential_level >= meeting.confidential)
        .count();
    let layout = meeting
        .layout
        .and_then(|l| p.layout_names.get(l.index()))
        .map(String::as_str);
    let seats_txt = match layout {
        Some(l) => format!("{} seats in {l} layout", meeting.attendees),
        None => format!("{} seats", meeting.attendees),
    };
    let feats: Vec<&str> = meeting
        .features
        .iter()
        .filter_map(|f| p.feature_names.get(f.index()).map(String::as_str))
        .collect();
    if p.rooms.is_empty() {
        return "there are no rooms".to_string();
    }
    if with_seats == 0 {
        return format!("no room has {seats_txt}");
    }
    if with_features == 0 {
        return format!("no room has {}", feats.join(" and "));
    }
    if with_clearance == 0 {
        return format!(
            "no room is cleared for confidentiality level {}",
            meeting.confidential
        );
    }
    let mut need = vec![seats_txt];
    if !feats.is_empty() {
        need.push(feats.join(" and "));
    }
    if meeting.confidential > 0 {
        need.push(format!(
            "clearance for confidentiality level {}",
            meeting.confidential
        ));
    }
    format!("no room has {}", need.join(" and "))
}

/// Why a task of a placed meeting still misses people.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Shortage {
    /// The task.
    pub task: TaskId,
    /// People still missing.
    pub missing: i64,
    /// What keeps the others away.
    pub cause: ShortageCause,
}

/// What keeps qualified people off a task.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ShortageCause {
    /// Nobody has the skill at the level.
    NoSkill,
    /// Nobody with the skill is cleared for the meeting's confidentiality (or all are external).
    NoClearance,
    /// None of the qualified people is available during the task.
    NoneAvailable {
        /// Qualified people.
        qualified: usize,
        /// The task's interval.
        during: Interval,
    },
    /// The available qualified people serve it already or hold other tasks or reach their caps.
    AllBusy {
        /// Qualified people available then.
        available: usize,
        /// Of them, on this task already.
        serving: usize,
        /// The task's interval.
        during: Interval,
    },
    /// The task's meeting is not placed.
    NotPlaced,
}

impl Shortage {
    /// The sentence a planner reads.
    pub fn sentence(&self, p: &Problem) -> String {
        let task = p.task(self.task);
        let skill = p
            .skill_names
            .get(task.skill.index())
            .map_or("the skill", String::as_str);
        let head = format!("{} misses {} of {} people", task.id, self.missing, task.need);
        let cal = &p.calendar;
        match &self.cause {
            ShortageCause::NoSkill => {
                format!(
                    "{head}: no staff member has {skill} at level {} or above",
                    task.level
                )
            }
            ShortageCause::NoClearance => format!(
                "{head}: no staff member with {skill} at level {} is cleared for confidentiality level {} \
                 (external staff never serve confidential meetings)",
                task.level,
                p.meeting(task.meeting).confidential
            ),
            ShortageCause::NoneAvailable { qualified, during } => format!(
                "{head}: none of the {qualified} qualified people is available {}",
                cal.format_interval(*during)
            ),
            ShortageCause::AllBusy {
                available,
                serving,
                during,
            } => format!(
                "{head}: of the {available} qualified people available {}, {serving} already serve it and the \
                 others hold other tasks then or are at their hour caps",
                cal.format_interval(*during)
            ),
            ShortageCause::NotPlaced => head,
        }
    }
}
