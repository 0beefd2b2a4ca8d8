//! iCalendar feeds (SPEC §9.2): well-formed lines, stable UIDs, SEQUENCE rising for what a
//! re-plan moved, confidential titles only where they belong.

use std::collections::HashMap;

use huiwu::{
    ChangeSet, IcalOptions, ical_feeds, load_plan_file, load_problem_file, previous_sequences, resolve,
};
use serde_json::json;

fn events(text: &str) -> HashMap<String, HashMap<String, String>> {
    let unfolded = text.replace("\r\n ", "");
    let mut out = HashMap::new();
    let mut cur: Option<HashMap<String, String>> = None;
    for line in unfolded.split("\r\n") {
        match line {
            "BEGIN:VEVENT" => cur = Some(HashMap::new()),
            "END:VEVENT" => {
                let e = cur.take().expect("an event ends that began");
                out.insert(e["UID"].clone(), e);
            }
            _ => {
                if let (Some(e), Some((k, v))) = (cur.as_mut(), line.split_once(':')) {
                    e.insert(k.split(';').next().unwrap_or(k).to_string(), v.to_string());
                }
            }
        }
    }
    out
}

#[test]
fn feeds_are_well_formed_and_follow_a_replan() {
    let p = load_problem_file("examples/week.json").expect("week");
    let plan = load_plan_file("examples/week.plan.json").expect("plan");
    let (a, _) = resolve(&p, &plan);
    let options = IcalOptions {
        reference: None,
        previous: HashMap::new(),
        stamp: "20260301T000000Z".into(),
    };
    let feeds = ical_feeds(&p, &a, &options);
    assert_eq!(feeds.len(), 1 + p.rooms.len() + p.staff.len() + p.people.len());
    for f in &feeds {
        assert!(
            f.text.starts_with("BEGIN:VCALENDAR\r\n") && f.text.ends_with("END:VCALENDAR\r\n"),
            "{}",
            f.path
        );
        for line in f.text.split("\r\n") {
            assert!(line.len() <= 75, "{}: {} octets", f.path, line.len());
        }
        assert_eq!(
            f.text.matches("BEGIN:VEVENT").count(),
            f.text.matches("END:VEVENT").count()
        );
    }
    let week = events(&feeds[0].text);
    assert_eq!(week.len(), plan.meetings.len());
    // Confidential meetings: masked in the week, titled in their people's feeds.
    let secret = p
        .meetings
        .iter()
        .find(|m| m.confidential > 0 && !m.people.is_empty())
        .expect("a confidential meeting with people");
    let uid = week
        .keys()
        .find(|u| u.starts_with(&format!("{}@", secret.id)))
        .expect("its event")
        .clone();
    assert_eq!(week[&uid]["CLASS"], "CONFIDENTIAL");
    assert!(!week[&uid]["SUMMARY"].contains(&secret.title));
    let person = &p.people[secret.people[0].index()].id;
    let theirs = feeds
        .iter()
        .find(|f| f.path == format!("people/{person}.ics"))
        .expect("their feed");
    assert!(events(&theirs.text)[&uid]["SUMMARY"].contains(&secret.title));

    // A room taken out under a meeting: the re-plan moves it; its UID stays, SEQUENCE rises.
    let victim = &plan.meetings[0];
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("examples/week.json").unwrap()).unwrap();
    let cs = ChangeSet::from_json_str(
        &json!({ "version": 1, "changes": [{ "op": "room_out", "room": victim.room,
            "start": victim.start, "end": format!("{}T23:00", &victim.start[..10]) }] })
        .to_string(),
    )
    .unwrap();
    let r = cs.replan(&v, &p, &plan).expect("re-plans");
    let moved: Vec<&String> = r.diff.moved.iter().map(|m| &m.meeting).collect();
    assert!(moved.contains(&&victim.id), "{:?}", r.diff);
    let after = IcalOptions {
        reference: Some((&p, &a)),
        previous: previous_sequences(&feeds[0].text),
        stamp: "20260302T000000Z".into(),
    };
    let again = ical_feeds(&r.problem, &r.assignment, &after);
    let week2 = events(&again[0].text);
    let uid = week
        .keys()
        .find(|u| u.starts_with(&format!("{}@", victim.id)))
        .unwrap();
    assert_eq!(week2[uid]["SEQUENCE"], "1");
    for (u, e) in &week2 {
        let id = u.split('@').next().unwrap();
        if !moved.iter().any(|m| m.as_str() == id) && week.contains_key(u) {
            assert_eq!(e["SEQUENCE"], "0", "{u} did not move");
        }
    }
    // A second re-plan's feeds continue from the first's sequences.
    let third = IcalOptions {
        reference: Some((&p, &a)),
        previous: previous_sequences(&again[0].text),
        stamp: "20260303T000000Z".into(),
    };
    assert_eq!(
        events(&ical_feeds(&r.problem, &r.assignment, &third)[0].text)[uid]["SEQUENCE"],
        "2"
    );
}
