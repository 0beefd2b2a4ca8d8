//! Facts the solver derives once per problem: candidate rooms, start ranges, qualified staff,
//! reference placements. Read-only and shared by every worker.

use crate::model::Rule;
use crate::model::{BuildingId, DAY, Interval, MeetingId, Minute, Problem, RoomId, StaffId, TaskId};

/// A range of grid starts `lo, lo + g, …, hi` on one planning day (`lo ≤ hi`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct StartRange {
    pub day: i32,
    pub lo: Minute,
    pub hi: Minute,
}

/// Sets bit `i` of a bit set held in words.
fn set_bit(words: &mut [u64], i: usize) {
    if let Some(w) = words.get_mut(i / 64) {
        *w |= 1 << (i % 64);
    }
}

/// What the search reads of a task, in 16 bytes: its interval's offsets from its meeting's
/// start ([`Pre::task_iv`]), its meeting with two flags in the top bits (the meeting lists
/// preferred staff; the task has reference staff), and how many people it needs. Reading
/// `TaskDef` (64 bytes) and `Meeting` (280 bytes) for these took a cache miss or two each.
#[derive(Clone, Copy, Debug)]
struct TaskHot {
    from: Minute,
    to: Minute,
    meeting: u32,
    need: u32,
}

/// What the placement checks read of a meeting, in 16 bytes: its duration, its class's setup
/// and teardown (its room occupancy), and its layout as a number (`u32::MAX` for none), so
/// that they read one small record instead of `Meeting` (280 bytes) and its `ServiceClass`.
#[derive(Clone, Copy, Debug)]
struct MeetingHot {
    duration: Minute,
    setup: Minute,
    teardown: Minute,
    layout: u32,
}

/// [`TaskHot::meeting`]'s flag: the task's meeting lists preferred staff.
const PREFERRED_FLAG: u32 = 1 << 31;
/// [`TaskHot::meeting`]'s flag: the task has reference staff.
const REFERENCE_FLAG: u32 = 1 << 30;

/// Most words the per-meeting room bit sets may take (8 MiB).
const MAX_ROOM_WORDS: usize = 1 << 20;

/// Derived, immutable facts.
#[derive(Debug)]
pub(crate) struct Pre {
    /// Per meeting: rooms passing `room_fit`, cheapest seat waste first (preferred rooms first).
    pub rooms: Vec<Vec<RoomId>>,
    /// Per meeting: the same rooms as a bit set, `room_words` words per meeting (empty when
    /// it would take more than [`MAX_ROOM_WORDS`]): `room_fit` in one load.
    room_bits: Vec<u64>,
    room_words: usize,
    /// Per meeting: grid starts on planning days inside its windows (opening hours not applied).
    pub starts: Vec<Vec<StartRange>>,
    /// Per task: staff passing skill, clearance and externality.
    pub qualified: Vec<Vec<StaffId>>,
    /// Per task: a bit per person qualified, `staff_words` words per task (the staffing scans
    /// visit the people based in a building and ask this).
    qual_bits: Vec<u64>,
    staff_words: usize,
    /// Per building: a bit per person based there, `staff_words` words per building.
    home_bits: Vec<u64>,
    /// Per task: its rank in SPEC task-id order (the staff route visits ties by task id).
    pub task_rank: Vec<u32>,
    /// The tasks in SPEC task-id order, as [`Pre::new`] found them (tasks
    /// [`Pre::push_meetings`] adds are ranked into its gaps).
    task_order: Vec<TaskId>,
    /// Per task: what the search reads of it ([`TaskHot`]), so that it reads one small
    /// record instead of the task and its meeting.
    task_hot: Vec<TaskHot>,
    /// Per person: the fields the search reads on every person it checks, side by side.
    pub staff_hot: Vec<StaffHot>,
    /// Per meeting: what the placement checks read of it ([`MeetingHot`]).
    meeting_hot: Vec<MeetingHot>,
    /// Per meeting: the reference room (`Some(None)` when the room no longer exists) and start.
    pub reference: Vec<Option<(Option<RoomId>, Minute)>>,
    /// Per task: distinct reference staff.
    pub ref_staff: Vec<Vec<StaffId>>,
    /// Reference pairs that can never be kept (unknown task or person).
    pub ref_lost: i64,
    /// Longest task interval, to bound the scans of a staff member's timeline.
    pub max_task_len: Minute,
    /// The longest travel between two buildings when every building reaches every other;
    /// `None` when some pair has no path (then any same-day task over there clashes).
    pub reach: Option<Minute>,
    /// Travel minutes between buildings as staff routes count them (no path counts 0),
    /// `n_buildings` × `n_buildings`, flat.
    trips: Vec<i64>,
    n_buildings: usize,
    /// Per series: its meetings, in id order.
    pub series_members: Vec<Vec<MeetingId>>,
    /// The free-person index with no task held (everyone's unavailable time marked): every
    /// new state starts from a copy.
    pub busy: super::state::BusyIndex,
}

/// A person's home building and minute caps, copied out of [`crate::model::Staff`] (whose
/// names, skills and availability the search's hot checks do not read) into one small record.
///
/// Also their availability when it has the usual shape, one window at the same minutes of the
/// day on each day they work (07:30–16:00 on the days of the week they work, say): then
/// [`Pre::available`] answers from this record instead of reading the `Staff` and walking its
/// list. The minute caps are `i32` (the loader bounds them: 0–1440 a day, 0–10⁹ in all) so
/// that the record fits 32 bytes, two to a cache line.
#[derive(Clone, Copy, Debug)]
#[repr(align(32))]
pub(crate) struct StaffHot {
    pub building: BuildingId,
    pub max_day: i32,
    /// `i32::MAX` when there is no total cap.
    pub max_total: i32,
    pub preferred_day: i32,
    /// The first day of `avail_days`.
    avail_day0: i32,
    /// Bit `k`: available on day `avail_day0 + k`, from `avail_from` to `avail_to` minutes
    /// into the day.
    avail_days: u32,
    /// −1 when the availability has another shape ([`Pre::available`] reads the list).
    avail_from: i16,
    avail_to: i16,
}

impl StaffHot {
    /// The record of `st`.
    fn new(st: &crate::model::Staff) -> Self {
        let clamp = |v: i64| v.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32;
        let mut hot = StaffHot {
            building: st.building,
            max_day: clamp(st.max_minutes_per_day),
            max_total: st.max_minutes_total.map_or(i32::MAX, clamp),
            preferred_day: clamp(st.preferred_minutes_per_day),
            avail_day0: 0,
            avail_days: 0,
            avail_from: -1,
            avail_to: -1,
        };
        // The daily shape: every window within one day, the same minutes of the day, distinct
        // days within 32 of the first.
        let day0 = st
            .available
            .iter()
            .map(|a| crate::model::time::day_of(a.start))
            .min();
        let Some(day0) = day0 else {
            // Never available: no day set.
            hot.avail_from = 0;
            hot.avail_to = 0;
            return hot;
        };
        let (mut days, mut window) = (0u32, None);
        for a in &st.available {
            let d = crate::model::time::day_of(a.start);
            let w = (a.start - d * DAY, a.end - d * DAY);
            let k = (d - day0) as u32;
            if a.end <= a.start
                || w.1 > DAY
                || k >= 32
                || days >> k & 1 == 1
                || window.is_some_and(|x| x != w)
            {
                return hot;
            }
            days |= 1 << k;
            window = Some(w);
        }
        if let Some((from, to)) = window {
            hot.avail_day0 = day0;
            hot.avail_days = days;
            hot.avail_from = from as i16;
            hot.avail_to = to as i16;
        }
        hot
    }
}

/// Gap between the ranks of consecutive tasks in SPEC task-id order: the tasks of a request
/// ([`Pre::push_meetings`]) take ranks inside a gap without renumbering those held in states.
const RANK_GAP: u32 = 64;

fn rank_at(i: usize) -> u32 {
    u32::try_from(i + 1)
        .unwrap_or(u32::MAX / RANK_GAP)
        .saturating_mul(RANK_GAP)
}

/// Meeting `m`'s rooms passing `room_fit` (cheapest seat waste first, preferred rooms first),
/// its start ranges and its hot record.
fn meeting_facts(p: &Problem, m: MeetingId, g: Minute) -> (Vec<RoomId>, Vec<StartRange>, MeetingHot) {
    let meeting = p.meeting(m);
    let mut rs: Vec<RoomId> = p.room_ids().filter(|&r| p.room_fits(m, r)).collect();
    rs.sort_by_key(|&r| {
        let seats = p.seats(r, m).unwrap_or(0);
        let pref = !meeting.preferred_rooms.is_empty() && meeting.preferred_rooms.binary_search(&r).is_err();
        (pref, (seats - meeting.attendees).abs(), r)
    });
    let class = p.class_of(m);
    let hot = MeetingHot {
        duration: meeting.duration,
        setup: class.setup_minutes,
        teardown: class.teardown_minutes,
        layout: meeting.layout.map_or(u32::MAX, |l| l.index() as u32),
    };
    (rs, start_ranges(p, m, g), hot)
}

/// The staff passing task `t`'s skill, clearance and externality, by id.
fn qualified_for(p: &Problem, t: TaskId) -> Vec<StaffId> {
    p.staff_ids().filter(|&s| p.staff_qualifies(s, t)).collect()
}

/// The length of task `t`'s interval (0 when empty).
fn task_len(p: &Problem, t: TaskId) -> Minute {
    let task = p.task(t);
    let d = p.meeting(task.meeting).duration;
    (task.to.at(0, d) - task.from.at(0, d)).max(0)
}

/// What the search reads of task `t` ([`TaskHot`]), given its reference staff.
fn task_hot(p: &Problem, t: TaskId, ref_staff: &[StaffId]) -> TaskHot {
    let iv = p.task_interval(t, 0);
    let task = p.task(t);
    // Meeting indices stay far below 2³⁰ (a meeting takes hundreds of bytes), so the flags
    // have the top two bits to themselves.
    let mut meeting = task.meeting.index() as u32;
    debug_assert!(meeting < REFERENCE_FLAG);
    if !p.meeting(task.meeting).preferred_staff.is_empty() {
        meeting |= PREFERRED_FLAG;
    }
    if !ref_staff.is_empty() {
        meeting |= REFERENCE_FLAG;
    }
    TaskHot {
        from: iv.start,
        to: iv.end,
        meeting,
        need: task.need,
    }
}

/// What [`Pre::truncate`] restores.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PreMark {
    meetings: usize,
    tasks: usize,
    series: usize,
    max_task_len: Minute,
}

impl Pre {
    /// Travel minutes from `a` to `b` in a staff route (no path counts 0; `a` to `a` is 0).
    #[inline]
    pub fn trip(&self, a: BuildingId, b: BuildingId) -> i64 {
        self.trips[a.index() * self.n_buildings + b.index()]
    }

    /// `room_fit`: room `r` fits meeting `m` ([`Problem::room_fits`]), from the bit set.
    #[inline]
    pub fn room_fits(&self, p: &Problem, m: MeetingId, r: RoomId) -> bool {
        if self.room_words == 0 {
            return p.room_fits(m, r);
        }
        let w = self
            .room_bits
            .get(m.index() * self.room_words + r.index() / 64)
            .copied()
            .unwrap_or(0);
        let yes = r.index() < p.rooms.len() && w >> (r.index() % 64) & 1 == 1;
        debug_assert_eq!(yes, p.room_fits(m, r), "room bits");
        yes
    }

    /// [`Problem::staff_reaches`] from the person's record: their home building has a path
    /// to `b` (always, when every building reaches every other).
    #[inline]
    pub fn home_reaches(&self, p: &Problem, s: StaffId, b: BuildingId) -> bool {
        self.reach.is_some() || p.travel(self.staff_hot[s.index()].building, b).is_some()
    }

    /// Weighted overtime of person `s` working `minutes` on one day.
    #[inline]
    pub fn overtime(&self, p: &Problem, s: StaffId, minutes: i64) -> i64 {
        (minutes - i64::from(self.staff_hot[s.index()].preferred_day)).max(0) * p.weights[Rule::Overtime]
    }

    /// True when person `s` is available throughout `iv` ([`crate::model::Staff::is_available`]),
    /// from their [`StaffHot`] record when their availability has the daily shape. `iv` lies
    /// in a window of day `d` only if it starts on day `d`, so that day's bit and minutes
    /// decide.
    #[inline]
    pub fn available(&self, p: &Problem, s: StaffId, iv: Interval) -> bool {
        let h = &self.staff_hot[s.index()];
        if h.avail_from < 0 || iv.end <= iv.start {
            return p.staff[s.index()].is_available(iv);
        }
        let d = crate::model::time::day_of(iv.start);
        let k = d.wrapping_sub(h.avail_day0) as u32;
        let yes = k < 32
            && h.avail_days >> k & 1 == 1
            && iv.start - d * DAY >= Minute::from(h.avail_from)
            && iv.end - d * DAY <= Minute::from(h.avail_to);
        debug_assert_eq!(yes, p.staff[s.index()].is_available(iv), "availability record");
        yes
    }

    /// Task `t`'s qualified people as a bit set (a bit per person).
    #[inline]
    pub fn qualified_bits(&self, t: TaskId) -> &[u64] {
        let w = self.staff_words;
        self.qual_bits
            .get(t.index() * w..(t.index() + 1) * w)
            .unwrap_or(&[])
    }

    /// Task `t`'s qualified people and building `b`'s staff as bit sets (a bit per person).
    #[inline]
    pub fn qualified_and_home(&self, t: TaskId, b: BuildingId) -> (&[u64], &[u64]) {
        let w = self.staff_words;
        let h = self
            .home_bits
            .get(b.index() * w..(b.index() + 1) * w)
            .unwrap_or(&[]);
        (self.qualified_bits(t), h)
    }

    pub fn new(p: &Problem) -> Self {
        let g = p.granularity.max(1);
        let mut rooms = Vec::with_capacity(p.meetings.len());
        let mut starts = Vec::with_capacity(p.meetings.len());
        let mut meeting_hot = Vec::with_capacity(p.meetings.len());
        for m in p.meeting_ids() {
            let (rs, sr, hot) = meeting_facts(p, m, g);
            rooms.push(rs);
            starts.push(sr);
            meeting_hot.push(hot);
        }
        let qualified: Vec<Vec<StaffId>> = p.task_ids().map(|t| qualified_for(p, t)).collect();
        // Bit sets of staff, `staff_words` words per row: per task the qualified people, per
        // building the people based there.
        let staff_words = p.staff.len().div_ceil(64);
        let mut qual_bits = vec![0u64; p.tasks.len() * staff_words];
        for (row, q) in qual_bits.chunks_exact_mut(staff_words.max(1)).zip(&qualified) {
            q.iter().for_each(|s| set_bit(row, s.index()));
        }
        let mut home_bits = vec![0u64; p.buildings.len() * staff_words];
        for s in p.staff_ids() {
            let at = p.staff[s.index()].building.index() * staff_words;
            if let Some(row) = home_bits.get_mut(at..at + staff_words) {
                set_bit(row, s.index());
            }
        }
        let mut task_order: Vec<TaskId> = p.task_ids().collect();
        task_order.sort_by(|a, b| p.task(*a).id.cmp(&p.task(*b).id));
        let mut task_rank = vec![0u32; p.tasks.len()];
        for (i, t) in task_order.iter().enumerate() {
            task_rank[t.index()] = rank_at(i);
        }
        let staff_hot = p.staff.iter().map(StaffHot::new).collect();
        let mut room_words = p.rooms.len().div_ceil(64);
        if room_words * p.meetings.len() > MAX_ROOM_WORDS {
            room_words = 0;
        }
        let mut room_bits = vec![0u64; room_words * p.meetings.len()];
        if room_words > 0 {
            for (m, rs) in rooms.iter().enumerate() {
                for r in rs {
                    set_bit(&mut room_bits[m * room_words..(m + 1) * room_words], r.index());
                }
            }
        }
        let mut reference = vec![None; p.meetings.len()];
        let mut ref_staff: Vec<Vec<StaffId>> = vec![Vec::new(); p.tasks.len()];
        let mut ref_lost = 0;
        if let Some(rf) = &p.reference {
            for (i, pl) in rf.placements.iter().enumerate() {
                if let (Some((room, start)), Some(slot)) = (pl, reference.get_mut(i)) {
                    *slot = Some((p.room_id(room), *start));
                }
            }
            let mut lost: Vec<(Option<TaskId>, Option<StaffId>)> = Vec::new();
            for &(t, s) in &rf.staffing {
                match (t, s) {
                    (Some(t), Some(s)) => {
                        if let Some(v) = ref_staff.get_mut(t.index())
                            && !v.contains(&s)
                        {
                            v.push(s);
                        }
                    }
                    other => {
                        if !lost.contains(&other) {
                            lost.push(other);
                        }
                    }
                }
            }
            ref_lost = lost.len() as i64;
        }
        let max_task_len = p.task_ids().map(|t| task_len(p, t)).max().unwrap_or(0);
        let task_hot = p
            .task_ids()
            .map(|t| task_hot(p, t, &ref_staff[t.index()]))
            .collect();
        let mut series_members = vec![Vec::new(); p.series.len()];
        for m in p.meeting_ids() {
            if let Some(sr) = p.meeting(m).series {
                series_members[sr.index()].push(m);
            }
        }
        let mut reach = Some(0);
        for row in &p.travel {
            for &tr in row {
                reach = match (reach, tr) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    _ => None,
                };
            }
        }
        let n_buildings = p.buildings.len();
        let trips = (0..n_buildings * n_buildings)
            .map(|i| {
                let (a, b) = (BuildingId::new(i / n_buildings), BuildingId::new(i % n_buildings));
                p.travel(a, b).unwrap_or(0) as i64
            })
            .collect();
        Pre {
            trips,
            n_buildings,
            busy: super::state::BusyIndex::new(p),
            reach,
            rooms,
            room_bits,
            room_words,
            starts,
            qualified,
            qual_bits,
            staff_words,
            home_bits,
            task_rank,
            task_order,
            task_hot,
            staff_hot,
            meeting_hot,
            reference,
            ref_staff,
            ref_lost,
            max_task_len,
            series_members,
        }
    }

    /// Adds the facts of the meetings (and their tasks and series) `p` has beyond those this
    /// was built for: `p` is the problem of [`Pre::new`] with a request appended
    /// ([`Problem::push_request`]). `None` (nothing changed) when a new task finds no free
    /// rank; the caller then builds anew.
    pub fn push_meetings(&mut self, p: &Problem) -> Option<PreMark> {
        let mark = PreMark {
            meetings: self.rooms.len(),
            tasks: self.task_rank.len(),
            series: self.series_members.len(),
            max_task_len: self.max_task_len,
        };
        // Ranks first: the only step that can fail.
        let mut ranks = Vec::new();
        for t in (mark.tasks..p.tasks.len()).map(TaskId::new) {
            let id = &p.task(t).id;
            let pos = self.task_order.partition_point(|&x| p.task(x).id < *id);
            let below = if pos == 0 { 0 } else { rank_at(pos - 1) };
            ranks.push((pos, id, t, below));
        }
        ranks.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        let mut assigned = vec![0u32; ranks.len()];
        let mut i = 0;
        while i < ranks.len() {
            let j = ranks[i..].iter().take_while(|r| r.0 == ranks[i].0).count() + i;
            if j - i >= RANK_GAP as usize {
                return None;
            }
            for (k, r) in ranks[i..j].iter().enumerate() {
                assigned[r.2.index() - mark.tasks] = r.3 + 1 + k as u32;
            }
            i = j;
        }
        let g = p.granularity.max(1);
        for m in (mark.meetings..p.meetings.len()).map(MeetingId::new) {
            let (rs, sr, hot) = meeting_facts(p, m, g);
            if self.room_words > 0 {
                let at = self.room_bits.len();
                self.room_bits.resize(at + self.room_words, 0);
                rs.iter()
                    .for_each(|r| set_bit(&mut self.room_bits[at..], r.index()));
            }
            self.rooms.push(rs);
            self.starts.push(sr);
            self.meeting_hot.push(hot);
            self.reference.push(None);
        }
        for (k, t) in (mark.tasks..p.tasks.len()).map(TaskId::new).enumerate() {
            let q = qualified_for(p, t);
            let at = self.qual_bits.len();
            self.qual_bits.resize(at + self.staff_words, 0);
            q.iter()
                .for_each(|s| set_bit(&mut self.qual_bits[at..], s.index()));
            self.qualified.push(q);
            self.ref_staff.push(Vec::new());
            self.task_hot.push(task_hot(p, t, &[]));
            self.task_rank.push(assigned[k]);
            self.max_task_len = self.max_task_len.max(task_len(p, t));
        }
        self.series_members.resize(p.series.len(), Vec::new());
        for m in (mark.meetings..p.meetings.len()).map(MeetingId::new) {
            if let Some(sr) = p.meeting(m).series {
                self.series_members[sr.index()].push(m);
            }
        }
        Some(mark)
    }

    /// Takes back what [`Pre::push_meetings`] added.
    pub fn truncate(&mut self, mark: PreMark) {
        for members in &mut self.series_members {
            while members.last().is_some_and(|m| m.index() >= mark.meetings) {
                members.pop();
            }
        }
        self.series_members.truncate(mark.series);
        self.rooms.truncate(mark.meetings);
        self.starts.truncate(mark.meetings);
        self.meeting_hot.truncate(mark.meetings);
        self.reference.truncate(mark.meetings);
        self.room_bits.truncate(mark.meetings * self.room_words);
        self.qualified.truncate(mark.tasks);
        self.qual_bits.truncate(mark.tasks * self.staff_words);
        self.ref_staff.truncate(mark.tasks);
        self.task_hot.truncate(mark.tasks);
        self.task_rank.truncate(mark.tasks);
        self.max_task_len = mark.max_task_len;
    }

    /// Task `t`'s interval when its meeting starts at `start` ([`Problem::task_interval`]).
    #[inline]
    pub fn task_iv(&self, t: TaskId, start: Minute) -> Interval {
        let h = &self.task_hot[t.index()];
        Interval::new(start + h.from, start + h.to)
    }

    /// `[start, end)` of meeting `m` starting at `start` ([`Problem::meeting_interval`]).
    #[inline]
    pub fn meeting_interval(&self, m: MeetingId, start: Minute) -> Interval {
        Interval::new(start, start + self.meeting_hot[m.index()].duration)
    }

    /// The room occupancy of meeting `m` starting at `start` ([`Problem::occupancy`]).
    #[inline]
    pub fn occupancy(&self, m: MeetingId, start: Minute) -> Interval {
        let h = &self.meeting_hot[m.index()];
        Interval::new(start - h.setup, start + h.duration + h.teardown)
    }

    /// Meeting `m`'s layout as a number, `u32::MAX` for none.
    #[inline]
    pub fn layout(&self, m: MeetingId) -> u32 {
        self.meeting_hot[m.index()].layout
    }

    /// Task `t`'s meeting.
    #[inline]
    pub fn task_meeting(&self, t: TaskId) -> MeetingId {
        MeetingId::new((self.task_hot[t.index()].meeting & !(PREFERRED_FLAG | REFERENCE_FLAG)) as usize)
    }

    /// How many people task `t` needs.
    #[inline]
    pub fn task_need(&self, t: TaskId) -> usize {
        self.task_hot[t.index()].need as usize
    }

    /// True when task `t`'s meeting lists preferred staff.
    #[inline]
    pub fn task_has_preferred(&self, t: TaskId) -> bool {
        self.task_hot[t.index()].meeting & PREFERRED_FLAG != 0
    }

    /// True when `s` is one of task `t`'s reference staff.
    #[inline]
    pub fn is_ref_staff(&self, t: TaskId, s: StaffId) -> bool {
        self.task_hot[t.index()].meeting & REFERENCE_FLAG != 0 && self.ref_staff[t.index()].contains(&s)
    }

    /// The stretch of a staff timeline (by task start) that can hold a task clashing with a
    /// task at `iv` on `day`: overlapping it, or on the same day in a building too far away.
    /// With every building reachable that is `iv` widened by the longest task before and the
    /// longest travel on both sides; else the whole day (and the tasks reaching into it).
    #[inline]
    pub fn clash_window(&self, iv: Interval, day: i32) -> (Minute, Minute) {
        match self.reach {
            Some(r) => (iv.start - self.max_task_len - r, iv.end + r),
            None => {
                let d0 = day * DAY;
                ((iv.start - self.max_task_len).min(d0), iv.end.max(d0 + DAY))
            }
        }
    }

    /// The grid starts of `m` in room `r` on the range's day that also respect the opening
    /// hours of the room's building: `(lo, hi)`, or `None` when there is none.
    pub fn range_in_room(
        &self,
        p: &Problem,
        m: MeetingId,
        r: RoomId,
        sr: &StartRange,
    ) -> Option<(Minute, Minute)> {
        let g = p.granularity.max(1);
        let c = p.class_of(m);
        let open = p.open_interval(p.room(r).building, sr.day);
        let lo = sr.lo.max(open.start + c.setup_minutes);
        let hi = sr.hi.min(open.end - c.teardown_minutes - p.meeting(m).duration);
        let lo = round_up(lo, g);
        let hi = round_down(hi, g);
        (lo <= hi).then_some((lo, hi))
    }

    /// The grid starts of `m` in room `r` (windows, planning days, the building's opening
    /// hours), in order; only those on `day` when given.
    pub fn grid_starts<'a>(
        &'a self,
        p: &'a Problem,
        m: MeetingId,
        r: RoomId,
        day: Option<i32>,
    ) -> impl Iterator<Item = Minute> + 'a {
        let g = p.granularity.max(1) as usize;
        self.starts[m.index()]
            .iter()
            .filter(move |sr| day.is_none_or(|d| sr.day == d))
            .filter_map(move |sr| self.range_in_room(p, m, r, sr))
            .flat_map(move |(lo, hi)| (lo..=hi).step_by(g))
    }

    /// True when `start` is a grid start of `m` in its windows on a planning day and the
    /// occupancy lies in the opening hours of `r`'s building.
    pub fn time_ok(&self, p: &Problem, m: MeetingId, r: RoomId, start: Minute) -> bool {
        let ranges = &self.starts[m.index()];
        let i = ranges.partition_point(|sr| sr.hi < start);
        match ranges.get(i) {
            Some(sr) if sr.lo <= start && start.rem_euclid(p.granularity.max(1)) == 0 => {
                let occ = self.occupancy(m, start);
                p.open_interval(p.room(r).building, sr.day).contains(&occ)
            }
            _ => false,
        }
    }
}

/// Greatest common divisor (of absolute values; `gcd(0, 0) = 0`).
pub(crate) fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 { a.abs() } else { gcd(b, a % b) }
}

pub(crate) fn round_up(x: Minute, g: Minute) -> Minute {
    x + (g - x.rem_euclid(g)) % g
}

pub(crate) fn round_down(x: Minute, g: Minute) -> Minute {
    x - x.rem_euclid(g)
}

/// Grid starts inside the windows on planning days, merged per day.
fn start_ranges(p: &Problem, m: MeetingId, g: Minute) -> Vec<StartRange> {
    let meeting = p.meeting(m);
    let mut days: Vec<i32> = p.days.clone();
    days.sort_unstable();
    days.dedup();
    let whole: Vec<Interval>;
    let windows: &[Interval] = match &meeting.windows {
        Some(ws) => ws,
        None => {
            whole = days
                .iter()
                .map(|&d| Interval::new(d * DAY, d * DAY + DAY + meeting.duration))
                .collect();
            &whole
        }
    };
    let mut out: Vec<StartRange> = Vec::new();
    for &d in &days {
        let mut ranges: Vec<(Minute, Minute)> = Vec::new();
        for w in windows {
            let lo = round_up(w.start.max(d * DAY), g);
            let hi = round_down((w.end - meeting.duration).min(d * DAY + DAY - 1), g);
            if lo <= hi {
                ranges.push((lo, hi));
            }
        }
        ranges.sort_unstable();
        for (lo, hi) in ranges {
            match out.last_mut() {
                Some(last) if last.day == d && lo <= last.hi + g => last.hi = last.hi.max(hi),
                _ => out.push(StartRange { day: d, lo, hi }),
            }
        }
    }
    out
}
