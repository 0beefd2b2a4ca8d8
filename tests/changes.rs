//! Change sets (SPEC §7.1): the reader's bad-input table, applying each op to the problem, the
//! loader's errors reported at the change's path, and no panic on arbitrary input.

use huiwu::{Change, ChangeSet, ErrorCode, Problem, load_problem_str};
use proptest::prelude::*;
use serde_json::{Value, json};

const SPEC: &str = include_str!("data/spec_example.json");

fn problem() -> (Value, Problem) {
    let v: Value = serde_json::from_str(SPEC).expect("JSON");
    let p = load_problem_str(SPEC).expect("the SPEC example loads");
    (v, p)
}

fn set(changes: Value) -> String {
    json!({ "version": 1, "changes": changes }).to_string()
}

/// The first error of reading, or of applying, a change set: (path, code).
fn first_error(text: &str) -> (String, ErrorCode) {
    let (v, p) = problem();
    let errs = match ChangeSet::from_json_str(text) {
        Err(e) => e,
        Ok(cs) => match cs.apply(&v, &p) {
            Err(e) => e,
            Ok(_) => panic!("accepted: {text}"),
        },
    };
    let e = &errs.errors()[0];
    (e.path.clone(), e.code)
}

#[test]
fn bad_change_sets_get_one_error_naming_the_path() {
    use ErrorCode::*;
    let cases: Vec<(&str, String, &str, ErrorCode)> = vec![
        ("not JSON", "{\"version\": 1,".to_string(), "$", Syntax),
        (
            "no version",
            json!({"changes": []}).to_string(),
            "$.version",
            MissingField,
        ),
        (
            "version 2",
            json!({"version": 2, "changes": []}).to_string(),
            "$.version",
            BadVersion,
        ),
        (
            "no changes",
            json!({"version": 1}).to_string(),
            "$.changes",
            MissingField,
        ),
        (
            "unknown top field",
            json!({"version": 1, "changes": [], "when": 1}).to_string(),
            "$.when",
            UnknownField,
        ),
        (
            "bad now",
            json!({"version": 1, "now": "Tuesday", "changes": []}).to_string(),
            "$.now",
            BadTime,
        ),
        (
            "unknown op",
            set(json!([{"op": "move", "meeting": "M-0001"}])),
            "$.changes[0].op",
            InvalidValue,
        ),
        (
            "no op",
            set(json!([{"meeting": "M-0001"}])),
            "$.changes[0].op",
            MissingField,
        ),
        ("not an object", set(json!([3])), "$.changes[0]", WrongType),
        (
            "cancel without meeting",
            set(json!([{"op": "cancel"}])),
            "$.changes[0].meeting",
            MissingField,
        ),
        (
            "cancel extra field",
            set(json!([{"op": "cancel", "meeting": "M-0001", "room": "A-301"}])),
            "$.changes[0].room",
            UnknownField,
        ),
        (
            "update unknown field",
            set(json!([{"op": "update", "meeting": "M-0001", "set": {"attendes": 80}}])),
            "$.changes[0].set.attendes",
            UnknownField,
        ),
        (
            "update the id",
            set(json!([{"op": "update", "meeting": "M-0001", "set": {"id": "M-9"}}])),
            "$.changes[0].set.id",
            UnknownField,
        ),
        (
            "room_out backwards",
            set(
                json!([{"op": "room_out", "room": "A-301", "start": "2026-03-03T13:00", "end": "2026-03-03T12:00"}]),
            ),
            "$.changes[0].end",
            BadInterval,
        ),
        (
            "staff_out bad start",
            set(json!([{"op": "staff_out", "staff": "S-007", "start": "03-04", "end": "2026-03-05T00:00"}])),
            "$.changes[0].start",
            BadTime,
        ),
        (
            "add without id",
            set(json!([{"op": "add", "meeting": {"class": "standard"}}])),
            "$.changes[0].meeting.id",
            MissingField,
        ),
        // Ids are checked against the problem as the changes apply, in order.
        (
            "cancel unknown",
            set(json!([{"op": "cancel", "meeting": "M-9999"}])),
            "$.changes[0].meeting",
            UnknownReference,
        ),
        (
            "cancelled, then updated",
            set(
                json!([{"op": "cancel", "meeting": "M-0002"}, {"op": "update", "meeting": "M-0002", "set": {"attendees": 5}}]),
            ),
            "$.changes[1].meeting",
            UnknownReference,
        ),
        (
            "duplicate new id",
            set(
                json!([{"op": "add", "meeting": {"id": "M-0001", "class": "standard", "attendees": 5, "duration": 30}}]),
            ),
            "$.changes[0].meeting.id",
            DuplicateId,
        ),
        (
            "room_out unknown room",
            set(
                json!([{"op": "room_out", "room": "Z-1", "start": "2026-03-03T13:00", "end": "2026-03-03T14:00"}]),
            ),
            "$.changes[0].room",
            UnknownReference,
        ),
        (
            "staff_out unknown",
            set(
                json!([{"op": "staff_out", "staff": "S-1", "start": "2026-03-03T13:00", "end": "2026-03-03T14:00"}]),
            ),
            "$.changes[0].staff",
            UnknownReference,
        ),
        // The loader's errors in what a change wrote come back at the change's path.
        (
            "added meeting invalid",
            set(
                json!([{"op": "add", "meeting": {"id": "M-0900", "class": "standard", "attendees": 0, "duration": 60}}]),
            ),
            "$.changes[0].meeting.attendees",
            OutOfRange,
        ),
        (
            "update to an unknown class",
            set(json!([{"op": "update", "meeting": "M-0002", "set": {"class": "vip"}}])),
            "$.changes[0].set.class",
            UnknownReference,
        ),
        (
            "pin to an unknown room",
            set(json!([{"op": "pin", "meeting": "M-0002", "room": "Z-1", "start": "2026-03-03T09:00"}])),
            "$.changes[0].room",
            UnknownReference,
        ),
    ];
    for (name, text, path, code) in cases {
        assert_eq!(first_error(&text), (path.to_string(), code), "{name}");
    }
}

#[test]
fn each_op_changes_the_problem_as_the_spec_says() {
    let (v, p) = problem();
    let text = json!({
        "version": 1,
        "now": "2026-03-02T10:00",
        "changes": [
            { "op": "cancel", "meeting": "M-0002" },
            { "op": "add", "meeting": { "id": "M-0900", "class": "standard", "attendees": 20, "duration": 60 } },
            { "op": "update", "meeting": "M-0001", "set": { "attendees": 24, "preferred_start": null } },
            { "op": "room_out", "room": "A-301", "start": "2026-03-03T13:00", "end": "2026-03-03T15:00" },
            { "op": "staff_out", "staff": "S-007", "start": "2026-03-02T12:00", "end": "2026-03-02T13:00" },
            { "op": "staff_out", "staff": "S-007", "start": "2026-03-03T00:00", "end": "2026-03-04T00:00" },
            { "op": "unpin", "meeting": "M-0001" },
            { "op": "pin", "meeting": "M-0900", "room": "A-301", "start": "2026-03-02T14:00" }
        ]
    })
    .to_string();
    let cs = ChangeSet::from_json_str(&text).expect("valid change set");
    assert_eq!(cs.now.as_deref(), Some("2026-03-02T10:00"));
    assert_eq!(cs.changes.len(), 8);
    assert_eq!(
        cs.changes[0],
        Change::Cancel {
            meeting: "M-0002".into()
        }
    );
    let (json2, p2) = cs.apply(&v, &p).expect("applies");
    // Meetings: M-0002 gone, M-0900 added at the end.
    let ids: Vec<&str> = p2.meetings.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["M-0001", "M-0900"]);
    let m1 = p2.meeting(p2.meeting_id("M-0001").unwrap());
    assert_eq!(m1.attendees, 24);
    assert_eq!(m1.preferred_start, None);
    assert!(m1.pinned.is_none());
    let m900 = p2.meeting(p2.meeting_id("M-0900").unwrap());
    assert_eq!(m900.pinned.map(|pin| pin.room), p2.room_id("A-301"));
    // The room's new unavailable interval is added to its own.
    let room = p2.room(p2.room_id("A-301").unwrap());
    assert_eq!(
        room.unavailable.len(),
        p.room(p.room_id("A-301").unwrap()).unavailable.len() + 1
    );
    // S-007: its availability less 12:00–13:00 on day 1 and all of day 2.
    let s = &p2.staff[p2.staff_id("S-007").unwrap().index()];
    let day = |h: i32| h * 60;
    let before = &p.staff[p.staff_id("S-007").unwrap().index()].available;
    let lost: i32 =
        before.iter().map(|iv| iv.len()).sum::<i32>() - s.available.iter().map(|iv| iv.len()).sum::<i32>();
    let day2: i32 = before
        .iter()
        .filter(|iv| iv.start >= day(24))
        .map(|iv| iv.len())
        .sum();
    assert_eq!(lost, 60 + day2);
    assert!(s.available.iter().all(|iv| iv.end <= day(24)));
    // The JSON written is the problem P′ (it loads to the same).
    let again = load_problem_str(&json2.to_string()).expect("P′ JSON loads");
    assert_eq!(again.meetings.len(), 2);
    assert_eq!(again.staff[0].available, s.available);
}

#[test]
fn an_empty_change_set_changes_nothing() {
    let (v, p) = problem();
    let cs = ChangeSet::from_json_str(&set(json!([]))).expect("valid");
    let (v2, p2) = cs.apply(&v, &p).expect("applies");
    assert_eq!(v2, v);
    assert_eq!(p2.meetings.len(), p.meetings.len());
}

fn arb_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-3i64..100).prop_map(|n| json!(n)),
        prop::sample::select(vec![
            "M-0001",
            "M-0002",
            "A-301",
            "S-007",
            "standard",
            "cancel",
            "add",
            "update",
            "room_out",
            "staff_out",
            "pin",
            "unpin",
            "2026-03-02T09:00",
            "2026-03-03T18:00",
            "",
            "x",
        ])
        .prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop::sample::select(vec![
                        "op",
                        "meeting",
                        "set",
                        "room",
                        "staff",
                        "start",
                        "end",
                        "id",
                        "class",
                        "attendees",
                        "duration",
                        "pinned",
                        "now",
                    ]),
                    inner
                ),
                0..5
            )
            .prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    /// Arbitrary changes are read and applied without a panic: accepted, or rejected with
    /// errors that each name a path.
    #[test]
    fn arbitrary_change_sets_never_panic(changes in prop::collection::vec(arb_value(), 0..5)) {
        let text = json!({ "version": 1, "changes": changes }).to_string();
        let (v, p) = problem();
        match ChangeSet::from_json_str(&text) {
            Err(e) => prop_assert!(e.errors().iter().all(|x| x.path.starts_with('$'))),
            Ok(cs) => {
                if let Err(e) = cs.apply(&v, &p) {
                    prop_assert!(!e.errors().is_empty());
                    prop_assert!(e.errors().iter().all(|x| x.path.starts_with('$')));
                }
            }
        }
    }
}
