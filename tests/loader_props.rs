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
        prop_assert!(r.is_err() || text.len() == FIXTURE.len());
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
