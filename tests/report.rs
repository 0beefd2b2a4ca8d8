//! The printed plan (SPEC §9.3): self-contained, every meeting on it, confidential titles
//! masked unless asked for, what changed against a previous plan.

use huiwu::{ChangeSet, HtmlOptions, html_report, load_plan_file, load_problem_file, resolve};
use serde_json::json;

#[test]
fn the_page_is_self_contained_and_names_every_meeting() {
    let p = load_problem_file("examples/week.json").expect("week");
    let plan = load_plan_file("examples/week.plan.json").expect("plan");
    let (a, _) = resolve(&p, &plan);
    let page = html_report(&p, &a, &HtmlOptions::default());
    assert!(page.starts_with("<!DOCTYPE html>") && page.trim_end().ends_with("</html>"));
    // Nothing is fetched: no links, scripts, imports or remote addresses.
    for needle in [
        "http://", "https://", "src=", "<link", "@import", "url(", "<script",
    ] {
        assert!(!page.contains(needle), "the page contains {needle}");
    }
    for m in &plan.meetings {
        assert!(page.contains(&m.id), "{} is not on the page", m.id);
    }
    for u in &plan.unassigned {
        assert!(page.contains(&u.id), "unassigned {} is not on the page", u.id);
    }
    // Confidential titles: masked, shown on request.
    let secret = p
        .meetings
        .iter()
        .find(|m| m.confidential > 0 && !m.title.is_empty())
        .expect("a confidential meeting");
    assert!(!page.contains(&secret.title));
    let shown = html_report(
        &p,
        &a,
        &HtmlOptions {
            reference: None,
            show_confidential: true,
        },
    );
    assert!(shown.contains(&secret.title));
    // Against a previous plan: what changed.
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("examples/week.json").unwrap()).unwrap();
    let victim = plan.meetings[3].id.clone();
    let cs = ChangeSet::from_json_str(
        &json!({ "version": 1, "changes": [{ "op": "cancel", "meeting": victim }] }).to_string(),
    )
    .unwrap();
    let r = cs.replan(&v, &p, &plan).expect("re-plans");
    let page = html_report(
        &r.problem,
        &r.assignment,
        &HtmlOptions {
            reference: Some((&p, &a)),
            show_confidential: false,
        },
    );
    assert!(page.contains("id=\"changes\""));
    assert!(page.contains(&format!("<td>{victim}</td><td>—</td><td>取消 cancelled</td>")));
}
