//! Buildings, the travel graph, rooms and equipment pools of a generated civic center.

use serde_json::{Map, Value, json};

use super::catalog::{
    ACCESSIBLE, BOARDROOM, CAMERA, CLASSROOM, HEADSET, INTERPRETATION, LAPTOP, LED, MIC, PROJECTOR,
    RECORDING, THEATRE, U_SHAPE, VIDEO,
};
use super::rng::Rng;
use super::{Day, clock};

/// Room size bands, smallest first; a civic center has many small rooms and a few halls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Band {
    Tiny,
    Small,
    Medium,
    Large,
    XLarge,
    Hall,
}

impl Band {
    pub(crate) const ALL: [Band; 6] = [
        Band::Tiny,
        Band::Small,
        Band::Medium,
        Band::Large,
        Band::XLarge,
        Band::Hall,
    ];

    /// Inclusive capacity range (theatre seats).
    pub(crate) fn capacity(self) -> (i64, i64) {
        match self {
            Band::Tiny => (6, 10),
            Band::Small => (12, 20),
            Band::Medium => (24, 40),
            Band::Large => (50, 80),
            Band::XLarge => (100, 200),
            Band::Hall => (250, 500),
        }
    }

    /// Seats per layout for a room of this band and `cap` seats; every figure is at most `cap`.
    pub(crate) fn layouts(self, cap: u32) -> Vec<(&'static str, u32)> {
        match self {
            Band::Tiny => vec![(BOARDROOM, cap)],
            Band::Small => vec![(BOARDROOM, cap), (U_SHAPE, cap * 3 / 4)],
            Band::Medium => vec![
                (THEATRE, cap),
                (CLASSROOM, cap * 3 / 5),
                (BOARDROOM, (cap * 3 / 5).min(24)),
                (U_SHAPE, cap / 2),
            ],
            Band::Large => vec![
                (THEATRE, cap),
                (CLASSROOM, cap * 3 / 5),
                (BOARDROOM, (cap * 2 / 5).min(30)),
                (U_SHAPE, cap * 2 / 5),
            ],
            Band::XLarge => vec![
                (THEATRE, cap),
                (CLASSROOM, cap * 11 / 20),
                (U_SHAPE, (cap / 3).min(48)),
            ],
            Band::Hall => vec![(THEATRE, cap), (CLASSROOM, cap / 2)],
        }
    }

    /// The smallest band whose largest room seats `attendees` in `layout`.
    pub(crate) fn for_need(attendees: u32, layout: Option<&str>) -> Band {
        Band::ALL
            .into_iter()
            .find(|b| {
                let (_, hi) = b.capacity();
                let seats = match layout {
                    None => hi as u32,
                    Some(l) => b
                        .layouts(hi as u32)
                        .iter()
                        .find(|(n, _)| *n == l)
                        .map_or(0, |&(_, s)| s),
                };
                seats >= attendees
            })
            .unwrap_or(Band::Hall)
    }
}

pub(crate) struct Building {
    pub id: String,
    pub name: String,
    /// Opening hours, minutes of the day.
    pub open: i64,
    pub close: i64,
}

pub(crate) struct Room {
    pub id: String,
    pub building: usize,
    pub floor: i64,
    pub capacity: u32,
    pub layouts: Vec<(&'static str, u32)>,
    pub features: Vec<&'static str>,
    pub confidential_level: u8,
    pub equipment: Vec<(&'static str, u32)>,
    pub open_cost: u32,
    pub layout_change: i64,
    /// Maintenance: (day, start, end) in minutes of the day.
    pub unavailable: Vec<(usize, i64, i64)>,
}

impl Room {
    /// Seats for a meeting in `layout` (SPEC §2.1); `None` when the room has no such layout.
    pub(crate) fn seats(&self, layout: Option<&str>) -> Option<u32> {
        match layout {
            None => Some(self.capacity),
            Some(l) => self.layouts.iter().find(|(n, _)| *n == l).map(|&(_, s)| s),
        }
    }

    pub(crate) fn fixed(&self, kind: &str) -> u32 {
        self.equipment
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0, |&(_, c)| c)
    }
}

pub(crate) struct Site {
    pub buildings: Vec<Building>,
    pub travel: Vec<(usize, usize, i64)>,
    pub rooms: Vec<Room>,
    /// Portable equipment per building, by kind.
    pub pools: Vec<Vec<(&'static str, u32)>>,
}

impl Site {
    pub(crate) fn pool(&self, building: usize, kind: &str) -> u32 {
        self.pools
            .get(building)
            .and_then(|p| p.iter().find(|(k, _)| *k == kind))
            .map_or(0, |&(_, c)| c)
    }
}

const CAMPUSES: [(&str, &str); 3] = [
    ("HZ", "市民中心"),
    ("BJ", "滨江行政服务中心"),
    ("XS", "萧山分中心"),
];

fn letters(mut i: usize) -> String {
    // A, B, …, Z, AA, AB, … (bijective base 26).
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Builds `n_buildings` over `campuses` campuses with rooms of the given band counts.
pub(crate) fn build(
    rng: &mut Rng,
    n_buildings: usize,
    campuses: usize,
    bands: &[usize; 6],
    days: usize,
) -> Site {
    let campuses = campuses.clamp(1, CAMPUSES.len()).min(n_buildings.max(1));
    // Campus sizes: the first (the civic center proper) is the largest.
    let mut sizes = vec![n_buildings / campuses; campuses];
    for (c, size) in sizes.iter_mut().enumerate() {
        if c < n_buildings % campuses {
            *size += 1;
        }
    }
    let mut buildings = Vec::with_capacity(n_buildings);
    let mut travel = Vec::new();
    let mut gateways = Vec::new();
    for (c, &size) in sizes.iter().enumerate() {
        let first = buildings.len();
        gateways.push(first);
        let (code, campus_name) = CAMPUSES.get(c).copied().unwrap_or(("C", "分中心"));
        for j in 0..size {
            let letter = letters(j);
            let id = if campuses == 1 {
                letter.clone()
            } else {
                format!("{code}-{letter}")
            };
            // Most blocks keep office hours; every fourth (from the second) hosts evening events.
            let long = j % 4 == 1;
            let (open, close) = if long { (450, 1260) } else { (480, 1080) };
            buildings.push(Building {
                id,
                name: format!("{campus_name}{letter}座"),
                open,
                close,
            });
        }
        // Blocks of a campus stand on a grid; walkways join neighbours only (not a complete graph).
        let width = (1..).find(|w| w * w >= size).unwrap_or(1);
        for j in 0..size {
            if (j + 1) % width != 0 && j + 1 < size {
                travel.push((first + j, first + j + 1, rng.range(5, 15)));
            }
            if j + width < size {
                travel.push((first + j, first + j + width, rng.range(5, 15)));
            }
        }
    }
    // Campuses are far apart but connected by shuttle through their main blocks.
    for pair in gateways.windows(2) {
        if let [a, b] = *pair {
            travel.push((a, b, rng.stepped(35, 60, 5)));
        }
    }

    // Deal rooms largest first, round-robin from the main blocks, so halls sit in the main
    // blocks and every block gets a mix of sizes.
    let mut to_place: Vec<Band> = Vec::new();
    for band in Band::ALL.into_iter().rev() {
        let count = bands.get(band as usize).copied().unwrap_or(0);
        to_place.extend(std::iter::repeat_n(band, count));
    }
    let mut rooms: Vec<Room> = Vec::with_capacity(to_place.len());
    let mut per_floor: Vec<std::collections::BTreeMap<i64, u32>> = vec![Default::default(); n_buildings];
    for (k, band) in to_place.into_iter().enumerate() {
        let b = k % n_buildings.max(1);
        rooms.push(make_room(rng, b, band, &buildings, &mut per_floor, days));
    }
    // Every center has some maintenance going on: at least one room is blocked for a while.
    if !rooms.iter().any(|r| !r.unavailable.is_empty()) {
        let k = rng.index(rooms.len());
        if let Some(room) = rooms.get_mut(k) {
            let day = rng.index(days.max(1));
            let (open, close) = buildings
                .get(room.building)
                .map_or((480, 1080), |b| (b.open, b.close));
            room.unavailable.push(if rng.chance(50) {
                (day, open, 720)
            } else {
                (day, 780, close)
            });
        }
    }
    // Rooms listed per building, then by id, as a facilities office would list them.
    rooms.sort_by(|x, y| (x.building, &x.id).cmp(&(y.building, &y.id)));

    let pools = (0..n_buildings)
        .map(|b| {
            let mut pool = vec![
                (MIC, rng.stepped(10, 30, 2) as u32),
                (PROJECTOR, rng.range(2, 6) as u32),
                (CAMERA, rng.range(1, 3) as u32),
                (LAPTOP, rng.range(3, 10) as u32),
            ];
            // Interpretation headsets are kept only where foreign delegations are received.
            if b % 2 == 0 || rng.chance(30) {
                pool.push((HEADSET, rng.stepped(60, 160, 10) as u32));
            }
            pool
        })
        .collect();
    Site {
        buildings,
        travel,
        rooms,
        pools,
    }
}

fn make_room(
    rng: &mut Rng,
    building: usize,
    band: Band,
    buildings: &[Building],
    per_floor: &mut [std::collections::BTreeMap<i64, u32>],
    days: usize,
) -> Room {
    let (lo, hi) = band.capacity();
    let capacity = if lo >= 100 {
        rng.stepped(lo, hi, 10)
    } else {
        rng.stepped(lo, hi, 2)
    } as u32;
    let floor = match band {
        Band::Hall => 1,
        Band::XLarge => rng.range(1, 2),
        Band::Large => rng.range(2, 4),
        Band::Medium => rng.range(2, 8),
        Band::Tiny | Band::Small => rng.range(3, 12),
    };
    let n = per_floor.get_mut(building).map_or(1, |m| {
        let e = m.entry(floor).or_insert(0);
        *e += 1;
        *e
    });
    let bid = buildings.get(building).map_or("X", |b| b.id.as_str());
    let id = format!("{bid}-{floor}{n:02}");
    let pct = |tiny, small, medium, large, xlarge, hall| match band {
        Band::Tiny => tiny,
        Band::Small => small,
        Band::Medium => medium,
        Band::Large => large,
        Band::XLarge => xlarge,
        Band::Hall => hall,
    };
    let mut features = Vec::new();
    if rng.chance(pct(10, 40, 60, 70, 80, 90)) {
        features.push(VIDEO);
    }
    if rng.chance(pct(0, 0, 10, 40, 60, 80)) {
        features.push(INTERPRETATION);
    }
    if rng.chance(if floor <= 2 { 90 } else { 40 }) {
        features.push(ACCESSIBLE);
    }
    if rng.chance(pct(0, 0, 10, 40, 70, 90)) {
        features.push(RECORDING);
    }
    if rng.chance(pct(0, 0, 20, 50, 80, 100)) {
        features.push(LED);
    }
    let conf_weights: [u64; 4] = match band {
        Band::Tiny | Band::Small | Band::Medium => [55, 25, 14, 6],
        Band::Large => [70, 25, 5, 0],
        Band::XLarge | Band::Hall => [80, 20, 0, 0],
    };
    let confidential_level = rng.weighted(&conf_weights) as u8;
    let mut equipment = Vec::new();
    if band != Band::Tiny && rng.chance(80) {
        equipment.push((PROJECTOR, 1));
    }
    let (mic_lo, mic_hi) = match band {
        Band::Tiny => (0, 0),
        Band::Small => (0, 2),
        Band::Medium => (2, 6),
        Band::Large => (6, 12),
        Band::XLarge => (12, 24),
        Band::Hall => (24, 40),
    };
    let mics = rng.range(mic_lo, mic_hi) as u32;
    if mics > 0 {
        equipment.push((MIC, mics));
    }
    if features.contains(&VIDEO) {
        equipment.push((CAMERA, if band == Band::Hall { 2 } else { 1 }));
    }
    if features.contains(&INTERPRETATION) {
        equipment.push((HEADSET, (capacity / 20) * 10));
    }
    equipment.retain(|&(_, c)| c > 0);
    let open_cost = {
        let base = 20 + capacity * 3 / 5;
        let jitter = rng.range(-10, 10);
        (((i64::from(base) * (100 + jitter) / 100) / 5) * 5).max(10) as u32
    };
    let layout_change = match band {
        Band::Tiny => 0,
        Band::Small => rng.stepped(0, 10, 5),
        Band::Medium => rng.stepped(10, 20, 5),
        Band::Large => rng.stepped(15, 30, 5),
        Band::XLarge | Band::Hall => rng.stepped(20, 30, 5),
    };
    let mut unavailable = Vec::new();
    if rng.chance(8) {
        let day = rng.index(days.max(1));
        let (open, close) = buildings.get(building).map_or((480, 1080), |b| (b.open, b.close));
        let span = match rng.index(3) {
            0 => (open, 720),
            1 => (780, close),
            _ => (open, close),
        };
        unavailable.push((day, span.0, span.1));
    }
    Room {
        id,
        building,
        floor,
        capacity,
        layouts: band.layouts(capacity),
        features,
        confidential_level,
        equipment,
        open_cost,
        layout_change,
        unavailable,
    }
}

fn counts(items: &[(&'static str, u32)]) -> Value {
    Value::Object(
        items
            .iter()
            .map(|&(k, v)| (k.to_string(), json!(v)))
            .collect::<Map<_, _>>(),
    )
}

impl Site {
    pub(crate) fn buildings_json(&self) -> Value {
        Value::Array(
            self.buildings
                .iter()
                .map(|b| {
                    json!({ "id": b.id, "name": b.name,
                            "opening": { "start": clock(b.open), "end": clock(b.close) } })
                })
                .collect(),
        )
    }

    pub(crate) fn travel_json(&self) -> Value {
        let id = |i: usize| self.buildings.get(i).map_or("", |b| b.id.as_str());
        Value::Array(
            self.travel
                .iter()
                .map(|&(a, b, m)| json!({ "from": id(a), "to": id(b), "minutes": m }))
                .collect(),
        )
    }

    pub(crate) fn rooms_json(&self, days: &[Day]) -> Value {
        Value::Array(
            self.rooms
                .iter()
                .map(|r| {
                    let mut o = Map::new();
                    o.insert("id".into(), json!(r.id));
                    o.insert(
                        "building".into(),
                        json!(self.buildings.get(r.building).map(|b| &b.id)),
                    );
                    o.insert("floor".into(), json!(r.floor));
                    o.insert("capacity".into(), json!(r.capacity));
                    o.insert("layouts".into(), counts(&r.layouts));
                    o.insert("features".into(), json!(r.features));
                    o.insert("confidential_level".into(), json!(r.confidential_level));
                    o.insert("equipment".into(), counts(&r.equipment));
                    o.insert("open_cost".into(), json!(r.open_cost));
                    o.insert("layout_change_minutes".into(), json!(r.layout_change));
                    if !r.unavailable.is_empty() {
                        let list: Vec<Value> = r
                            .unavailable
                            .iter()
                            .filter_map(|&(d, s, e)| {
                                let day = days.get(d)?;
                                Some(json!({ "start": day.at(s), "end": day.at(e) }))
                            })
                            .collect();
                        o.insert("unavailable".into(), Value::Array(list));
                    }
                    Value::Object(o)
                })
                .collect(),
        )
    }

    pub(crate) fn pools_json(&self) -> Value {
        let mut list = Vec::new();
        for (b, pool) in self.pools.iter().enumerate() {
            let id = self.buildings.get(b).map_or("", |x| x.id.as_str());
            for &(kind, count) in pool {
                list.push(json!({ "building": id, "kind": kind, "count": count }));
            }
        }
        Value::Array(list)
    }
}

#[cfg(test)]
mod tests {
    use super::{Band, letters};

    #[test]
    fn building_letters() {
        assert_eq!(letters(0), "A");
        assert_eq!(letters(25), "Z");
        assert_eq!(letters(26), "AA");
        assert_eq!(letters(27), "AB");
    }

    #[test]
    fn layouts_never_exceed_capacity() {
        for band in Band::ALL {
            let (lo, hi) = band.capacity();
            for cap in lo..=hi {
                for (name, seats) in band.layouts(cap as u32) {
                    assert!(seats <= cap as u32, "{band:?} {name}");
                }
            }
        }
    }

    #[test]
    fn band_for_need() {
        assert_eq!(Band::for_need(8, Some("boardroom")), Band::Tiny);
        assert_eq!(Band::for_need(30, Some("boardroom")), Band::Large);
        assert_eq!(Band::for_need(300, Some("theatre")), Band::Hall);
        assert_eq!(Band::for_need(60, None), Band::Large);
    }
}
