//! Properties of the loader: it never panics on mutated input, it is deterministic, and
//! the valid fixture loads.

use huiwu::{load_plan_str, load_problem_str};
use proptest::prelude::*;
use serde_json::{Value, json};

const FIXTURE: &str = include_str!("data/loader_small.json");

/// A comparable summary of a load result (Problem holds no `PartialEq`).
fn summary(text: &str) -> String {
    match load_problem_str(text) {
        Ok(p) => format!(
            "{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
            p.meetings, p.tasks, p.rooms, p.staff, p.travel, p.pools, p.warnings
        ),
        Err(e) => format!("{:?}", e),
    }
}

/// Every path to a scalar or container in a JSON value, as a list of steps.
fn paths(v: &Value, here: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(here.clone());
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                here.push(Step::Key(k.clone()));
                paths(c, here, out);
                here.pop();
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                here.push(Step::Idx(i));
                paths(c, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Idx(usize),
}

fn at<'a>(v: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    let mut cur = v;
    for s in path {
        cur = match s {
            Step::Key(k) => cur.get_mut(k.as_str())?,
            Step::Idx(i) => cur.get_mut(*i)?,
        };
    }
    Some(cur)
}

fn replacement() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        Just(json!(true)),
        Just(json!(0)),
        Just(json!(-1)),
        Just(json!(1.5)),
        Just(json!(u64::MAX)),
        Just(json!("")),
        Just(json!("A")),
        Just(json!("x/y")),
        Just(json!("2026-03-02T09:00")),
        Just(json!("24:00")),
        Just(json!([])),
        Just(json!({})),
        Just(json!([{"id": "A"}])),
        any::<i64>().prop_map(Value::from),
        "[a-z0-9:-]{0,12}".prop_map(Value::from),
    ]
}

#[test]
fn fixture_loads_and_is_deterministic() {
    assert!(load_problem_str(FIXTURE).is_ok());
    assert_eq!(summary(FIXTURE), summary(FIXTURE));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn random_byte_edits_never_panic(edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6)) {
        let mut bytes = FIXTURE.as_bytes().to_vec();
        for (i, b) in edits {
            let k = i.index(bytes.len());
            bytes[k] = b;
        }
        let text = String::from_utf8_lossy(&bytes);
        let a = summary(&text);
        prop_assert_eq!(a, summary(&text));
        let _ = load_plan_str(&text);
    }

    #[test]
    fn truncation_never_panics(cut in any::<prop::sample::Index>()) {
        let n = cut.index(FIXTURE.len());
        let text: String = FIXTURE.chars().take(n).collect();
        let r = load_problem_str(&text);
        // Cutting only trailing whitespace leaves the whole document, which must load.
        prop_assert!(r.is_err() || text.trim_end() == FIXTURE.trim_end());
    }

    #[test]
    fn random_value_replacement_never_panics(which in any::<prop::sample::Index>(), with in replacement()) {
        let mut v: Value = serde_json::from_str(FIXTURE).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut all = Vec::new();
        paths(&v, &mut Vec::new(), &mut all);
        let path = all[which.index(all.len())].clone();
        if let Some(slot) = at(&mut v, &path) {
            *slot = with;
        }
        let text = v.to_string();
        let a = summary(&text);
        prop_assert_eq!(a, summary(&text));
        // Every error names a path inside the document and a known code.
        if let Err(e) = load_problem_str(&text) {
            prop_assert!(!e.errors().is_empty());
            for err in e.errors() {
                prop_assert!(err.path.starts_with('$'));
                prop_assert!(!err.message.is_empty());
            }
        }
    }
}

/// A civic-center-sized problem: 15 000 meetings, 2 000 staff, 400 rooms in 10 buildings.
fn large_problem() -> String {
    let buildings: Vec<Value> = (0..10).map(|b| json!({"id": format!("B{b}")})).collect();
    let travel: Vec<Value> = (1..10)
        .map(|b| json!({"from": "B0", "to": format!("B{b}"), "minutes": 5 + b}))
        .collect();
    let rooms: Vec<Value> = (0..400)
        .map(|r| {
            json!({"id": format!("R{r}"), "building": format!("B{}", r % 10), "capacity": 10 + r % 90,
                   "layouts": {"theatre": 20 + r % 80, "boardroom": 8 + r % 20},
                   "features": if r % 3 == 0 { json!(["video"]) } else { json!([]) },
                   "equipment": {"mic": r % 5}})
        })
        .collect();
    let staff: Vec<Value> = (0..2000)
        .map(|s| {
            json!({"id": format!("S{s}"), "building": format!("B{}", s % 10),
                        "skills": {"setup": 1 + s % 3, "tea": 1 + s % 2}})
        })
        .collect();
    let days: Vec<String> = (2..7).map(|d| format!("2026-03-{d:02}")).collect();
    let meetings: Vec<Value> = (0..15_000)
        .map(|m| {
            let day = 2 + m % 5;
            json!({"id": format!("M{m}"), "class": "standard", "attendees": 1 + m % 60,
                   "duration": 30 + 15 * (m % 6),
                   "windows": [{"earliest_start": format!("2026-03-{day:02}T08:00"),
                                "latest_end": format!("2026-03-{day:02}T18:00")}],
                   "layout": if m % 2 == 0 { "theatre" } else { "boardroom" },
                   "features": if m % 7 == 0 { json!(["video"]) } else { json!([]) },
                   "equipment": {"mic": m % 4},
                   "people": [format!("P{}", m % 300)],
                   "preferred_staff": [format!("S{}", m % 2000)],
                   "series": format!("series-{}", m % 50)})
        })
        .collect();
    json!({
        "version": 1, "days": days, "opening": {"start": "07:30", "end": "21:00"},
        "buildings": buildings, "travel": travel, "rooms": rooms, "staff": staff,
        "equipment_pools": [{"building": "B0", "kind": "mic", "count": 40}],
        "service_classes": [{"id": "standard", "setup_minutes": 30, "teardown_minutes": 15, "tasks": [
            {"name": "setup", "skill": "setup", "from": {"anchor": "start", "offset": -30},
             "to": {"anchor": "start"}, "staff": 1, "per_attendees": 40},
            {"name": "tea", "skill": "tea", "from": {"anchor": "start"}, "to": {"anchor": "end"},
             "per_attendees": 30},
            {"name": "teardown", "skill": "setup", "from": {"anchor": "end"},
             "to": {"anchor": "end", "offset": 15}, "staff": 1}]}],
        "meetings": meetings
    })
    .to_string()
}

#[test]
fn large_problem_loads() {
    let text = large_problem();
    let t0 = std::time::Instant::now();
    let p = load_problem_str(&text).expect("valid");
    eprintln!("loaded {} bytes in {:?}", text.len(), t0.elapsed());
    assert_eq!(p.meetings.len(), 15_000);
    assert_eq!(p.staff.len(), 2_000);
    assert_eq!(p.tasks.len(), 45_000);
    assert_eq!(p.people.len(), 300);
    assert_eq!(p.series.len(), 50);
    // Default availability: the home building's hours on each of the 5 days.
    assert_eq!(p.staff[7].available.len(), 5);
    let b0 = p.building_id("B0").expect("known");
    let b9 = p.building_id("B9").expect("known");
    let b3 = p.building_id("B3").expect("known");
    assert_eq!(p.travel(b3, b9), Some(8 + 14));
    assert_eq!(p.travel(b0, b9), Some(14));
}
