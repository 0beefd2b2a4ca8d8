//! "Where can this meeting go?" (SPEC §8): every feasible (room, start) of a requested meeting
//! in the current plan, each priced exactly on the incremental state — placed, its tasks given
//! the cheapest qualified free people, the score read and rolled back — the best per
//! (room, day); options that move one other meeting when there are too few; and why each room
//! that cannot take it cannot.
//!
//! The people a task gets depend on its building and time, not on the room, so the choice
//! made for one room is replayed for the other rooms of its building at that start (and
//! re-priced exactly there): a week's scan prices a few hundred starts, not thousands.

use rustc_hash::{FxHashMap, FxHashSet};

use super::construct::{best_placement_from, fill_task, obstacle, scan_placements};
use super::state::{Blocker, Op, State};
use crate::model::time::day_of;
use crate::model::{BuildingId, MeetingId, Minute, RoomId, StaffId, TaskId, TermVec};
use crate::plan::{Placement, Rejection};
use crate::score::Score;

/// One option: the request at `pl` after `moves`, with the full staff of every task it changes.
#[derive(Clone, Debug)]
pub(crate) struct Priced {
    pub pl: Placement,
    /// Other meetings moved first (at most one), to their new places.
    pub moves: Vec<(MeetingId, Placement)>,
    /// The full staff of every task whose people differ from the current plan's.
    pub tasks: Vec<(TaskId, Vec<StaffId>)>,
    /// The state's terms with the option applied.
    pub terms: TermVec,
    pub score: Score,
}

/// The answer, in dense ids.
pub(crate) struct Found {
    /// Ranked.
    pub options: Vec<Priced>,
    /// Every room the request cannot take without moves, in room order.
    pub rejected: Vec<(RoomId, Rejection)>,
}

/// The people on each task of a meeting.
type Staffing = Vec<(TaskId, Vec<StaffId>)>;
/// Meetings moved and where to.
type Moves = Vec<(MeetingId, Placement)>;
/// The people chosen for the request's tasks at a (building, start).
type StaffCache = FxHashMap<(BuildingId, Minute), Staffing>;

/// Candidates compared for each person a task misses.
const WANT: usize = 8;
/// Blocked (room, day)s tried with one meeting moved out of the way, at most.
const MOVE_TRIES: usize = 32;
/// Feasibility checks spent on finding the moved meeting a new place.
const MOVE_BUDGET: usize = 4000;
/// Places tried for a moved meeting that has no free one (another meeting moved in turn).
const CHAIN_TRIES: usize = 16;

/// The answer for meeting `r` (unplaced in `st`), at most `top` options, none starting before
/// `earliest`. `st` is left as it was.
pub(crate) fn recommend(st: &mut State<'_>, r: MeetingId, top: usize, earliest: Minute) -> Found {
    let p = st.p;
    let pre = st.pre;
    // Every allowed start of every fitting room, and what blocks those that are blocked.
    let mut free: Vec<Placement> = Vec::new();
    let mut blocked: FxHashMap<RoomId, Vec<(Minute, Blocker)>> = FxHashMap::default();
    let mut visited: FxHashSet<RoomId> = FxHashSet::default();
    // A pinned request may only go to its pin.
    let pin = p.meeting(r).pinned.map(|x| Placement {
        room: x.room,
        start: x.start,
    });
    scan_placements(st, r, usize::MAX, |pl, b| {
        if pl.start >= earliest && pin.is_none_or(|x| x == pl) {
            visited.insert(pl.room);
            match b {
                None => free.push(pl),
                Some(b) => blocked.entry(pl.room).or_default().push((pl.start, b)),
            }
        }
        true
    });

    let mut staff_cache: StaffCache = FxHashMap::default();
    let mut best = BestPerRoomDay::default();
    for pl in free {
        if let Some(priced) = price(st, r, pl, &[], earliest, Some(&mut staff_cache)) {
            best.keep(priced);
        }
    }
    let free_rooms: FxHashSet<RoomId> = best.at.keys().map(|&(room, _)| room).collect();
    let rank = |o: &Priced| {
        (
            o.score.hard,
            o.score.medium,
            !o.moves.is_empty(),
            o.score.soft,
            o.pl.room,
            o.pl.start,
        )
    };
    let mut options = best.options;
    options.sort_by_key(rank);
    options.truncate(top);

    if options.len() < top {
        let mut moved = BestPerRoomDay::default();
        let mut tried: FxHashSet<(RoomId, i32, MeetingId)> = FxHashSet::default();
        'rooms: for &room in &pre.rooms[r.index()] {
            for &(start, b) in blocked.get(&room).map_or(&[][..], Vec::as_slice) {
                if tried.len() >= MOVE_TRIES {
                    break 'rooms;
                }
                let Blocker::Room(x) = b else { continue };
                let day = day_of(start);
                if !movable(st, x, earliest) || best.at.contains_key(&(room, day)) {
                    continue;
                }
                if !tried.insert((room, day, x)) {
                    continue;
                }
                if let Some(o) = price(st, r, Placement { room, start }, &[x], earliest, None) {
                    moved.keep(o);
                }
            }
        }
        let mut moved = moved.options;
        moved.sort_by_key(rank);
        options.extend(moved.into_iter().take(top - options.len()));
        options.sort_by_key(rank);
    }

    let mut rejected = Vec::new();
    for room in p.room_ids() {
        let why = if !pre.room_fits(p, r, room) {
            Rejection::DoesNotFit
        } else if pin.is_some_and(|x| x.room != room) {
            Rejection::PinnedElsewhere
        } else if !visited.contains(&room) {
            Rejection::NoAllowedStart
        } else if let Some(list) = blocked.get(&room).filter(|_| !free_rooms.contains(&room)) {
            let mut distinct: Vec<Blocker> = Vec::new();
            for &(_, b) in list {
                if !distinct.contains(&b) {
                    distinct.push(b);
                }
            }
            Rejection::Blocked {
                obstacles: distinct
                    .iter()
                    .take(Rejection::NAMED)
                    .map(|&b| obstacle(st, b))
                    .collect(),
                total: distinct.len(),
            }
        } else {
            continue;
        };
        rejected.push((room, why));
    }
    Found { options, rejected }
}

/// The best option per (room, day) so far.
#[derive(Default)]
struct BestPerRoomDay {
    options: Vec<Priced>,
    /// (room, day) → its option's index.
    at: FxHashMap<(RoomId, i32), usize>,
}

impl BestPerRoomDay {
    /// Keeps `o` when it is the first of its room and day or cheaper than the one kept.
    fn keep(&mut self, o: Priced) {
        let key = (o.pl.room, day_of(o.pl.start));
        match self.at.get(&key) {
            Some(&i) if o.score < self.options[i].score => self.options[i] = o,
            Some(_) => {}
            None => {
                self.at.insert(key, self.options.len());
                self.options.push(o);
            }
        }
    }
}

/// True when meeting `x` may be moved out of another's way: not pinned, placed, and not started
/// before `earliest`.
pub(crate) fn movable(st: &State<'_>, x: MeetingId, earliest: Minute) -> bool {
    st.p.meeting(x).pinned.is_none() && st.place[x.index()].is_some_and(|xp| xp.start >= earliest)
}

/// Prices `r` at `pl` after moving the meetings of `out` to their best other place: applied,
/// read and rolled back. `None` when that is not possible (the request still does not fit
/// there, or a moved meeting finds no other place).
fn price(
    st: &mut State<'_>,
    r: MeetingId,
    pl: Placement,
    out: &[MeetingId],
    earliest: Minute,
    cache: Option<&mut StaffCache>,
) -> Option<Priced> {
    let p = st.p;
    let mark = st.begin();
    let result = (|| {
        let moves = if out.is_empty() {
            st.place(r, pl);
            let b = p.room(pl.room).building;
            match cache.as_ref().and_then(|c| c.get(&(b, pl.start))) {
                Some(people) => {
                    let people = people.clone();
                    restaff(st, &people);
                    staff_meeting(st, r, earliest);
                }
                None => {
                    staff_meeting(st, r, earliest);
                    if let Some(c) = cache {
                        c.insert((b, pl.start), staff_of(st, r));
                    }
                }
            }
            Vec::new()
        } else {
            place_moving(st, r, pl, out, earliest, 0, false)?
        };
        // The full staff of every task the option changes: the request's, the moved
        // meetings', and any other whose people the journal shows changing.
        let mut tasks: Vec<TaskId> = p.meeting(r).tasks.clone();
        for &(x, _) in &moves {
            tasks.extend(&p.meeting(x).tasks);
        }
        for op in st.ops_since(mark) {
            if let Op::Added(t, _) | Op::Removed(t, _) = op
                && !tasks.contains(&t)
            {
                tasks.push(t);
            }
        }
        Some(Priced {
            pl,
            moves,
            tasks: tasks
                .into_iter()
                .map(|t| (t, st.staffing[t.index()].clone()))
                .collect(),
            terms: st.terms,
            score: st.score(),
        })
    })();
    st.rollback(mark);
    st.commit();
    result
}

/// Places `m` at `pl` after moving each meeting of `out` to its best other place (its people
/// kept where they may stay, the rest filled), `m` staffed first. A moved meeting with no free
/// place may, `depth` more times, take a place where one other meeting stands in the way, that
/// one moved in turn; with `drop`, a moved meeting that finds no place at all stays out (the
/// caller keeps such a step only when `medium` falls: `m` weighs more), listed at its old place.
/// Journaled: the caller rolls back, or keeps it. `None` (with operations done: roll back) when
/// `m` still does not fit at `pl` or a moved meeting finds no place (and not `drop`).
pub(crate) fn place_moving(
    st: &mut State<'_>,
    m: MeetingId,
    pl: Placement,
    out: &[MeetingId],
    earliest: Minute,
    depth: u32,
    drop: bool,
) -> Option<Moves> {
    place_keeping(st, m, pl, &[], out, earliest, depth, drop)
}

/// [`place_moving`], giving `m` back the people of `keep` where they may stay.
#[allow(clippy::too_many_arguments)]
fn place_keeping(
    st: &mut State<'_>,
    m: MeetingId,
    pl: Placement,
    keep: &[(TaskId, Vec<StaffId>)],
    out: &[MeetingId],
    earliest: Minute,
    depth: u32,
    drop: bool,
) -> Option<Moves> {
    let was: Vec<Option<Placement>> = out.iter().map(|&x| st.place[x.index()]).collect();
    let kept: Vec<(MeetingId, Staffing)> = out.iter().map(|&x| (x, staff_of(st, x))).collect();
    for &x in out {
        st.unplace(x);
    }
    if st.place_blocker(m, pl).is_some() {
        return None;
    }
    st.place(m, pl);
    restaff(st, keep);
    staff_meeting(st, m, earliest);
    let mut moves = Vec::new();
    for ((x, people), was) in kept.into_iter().zip(was) {
        match best_placement_from(st, x, 4, MOVE_BUDGET, earliest) {
            Some(to) => {
                st.place(x, to);
                restaff(st, &people);
                staff_meeting(st, x, earliest);
                moves.push((x, to));
            }
            None => match (depth > 0)
                .then(|| chain(st, x, &people, m, earliest, depth - 1))
                .flatten()
            {
                Some(chained) => moves.extend(chained),
                None if drop => moves.push((x, was?)),
                None => return None,
            },
        }
    }
    Some(moves)
}

/// Places `x` (out, with its former people `people`) where one other meeting stands in its
/// way, that meeting moved to its best other place (`depth` more such steps allowed); never
/// where `m` stands. The best of up to [`CHAIN_TRIES`] by score; `None` when none works.
fn chain(
    st: &mut State<'_>,
    x: MeetingId,
    people: &[(TaskId, Vec<StaffId>)],
    m: MeetingId,
    earliest: Minute,
    depth: u32,
) -> Option<Moves> {
    let mut tries: Vec<(Placement, MeetingId)> = Vec::new();
    scan_placements(st, x, MOVE_BUDGET, |pl, b| {
        if let Some(Blocker::Room(y)) = b
            && y != m
            && pl.start >= earliest
            && movable(st, y, earliest)
            && !tries.iter().any(|&(_, z)| z == y)
        {
            tries.push((pl, y));
        }
        tries.len() < CHAIN_TRIES
    });
    let mut best: Option<(Score, Vec<Op>, Moves)> = None;
    for (pl, y) in tries {
        let mark = st.begin();
        if let Some(mut moves) = place_keeping(st, x, pl, people, &[y], earliest, depth, false) {
            let sc = st.score();
            if best.as_ref().is_none_or(|b| sc < b.0) {
                moves.insert(0, (x, pl));
                best = Some((sc, st.ops_since(mark), moves));
            }
        }
        st.rollback(mark);
        st.commit();
    }
    let (_, ops, moves) = best?;
    st.replay(&ops);
    Some(moves)
}

/// Gives back the people of `people` where they may stay.
fn restaff(st: &mut State<'_>, people: &[(TaskId, Vec<StaffId>)]) {
    for (t, list) in people {
        for &s in list {
            if st.staff_ok(*t, s) {
                st.add_staff(*t, s);
            }
        }
    }
}

/// The people on each task of `m`.
fn staff_of(st: &State<'_>, m: MeetingId) -> Staffing {
    st.p.meeting(m)
        .tasks
        .iter()
        .map(|&t| (t, st.staffing[t.index()].clone()))
        .collect()
}

/// Gives the tasks of `m` (placed) that start at or after `earliest` the people they miss.
pub(crate) fn staff_meeting(st: &mut State<'_>, m: MeetingId, earliest: Minute) {
    let p = st.p;
    let Some(pl) = st.place[m.index()] else { return };
    for &t in &p.meeting(m).tasks {
        if st.missing(t) > 0 && p.task_interval(t, pl.start).start >= earliest {
            fill_task(st, t, WANT);
        }
    }
}
