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

#[test]
fn work_orders_list_every_task_of_the_plan_once_in_order() {
    let p = load_problem_file("examples/week.json").expect("week");
    let plan = load_plan_file("examples/week.plan.json").expect("plan");
    let (a, _) = resolve(&p, &plan);
    let rows = huiwu::work_orders(&p, &a, false);
    let placed_tasks: usize = plan
        .meetings
        .iter()
        .map(|m| p.meeting(p.meeting_id(&m.id).unwrap()).tasks.len())
        .sum();
    assert_eq!(rows.len(), placed_tasks);
    let keys: Vec<_> = rows
        .iter()
        .map(|r| (r.skill.clone(), r.day.clone(), r.start.clone()))
        .collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "not in order");
    let kpis = huiwu::Kpis::of(&p, &a);
    assert_eq!(
        rows.iter().map(|r| r.missing).sum::<i64>(),
        kpis.service.people_missing
    );
    for r in &rows {
        let m = p.meeting(p.meeting_id(&r.meeting).unwrap());
        if m.confidential > 0 && !m.title.is_empty() {
            assert!(
                !r.title.contains(&m.title),
                "{} shows a confidential title",
                r.task
            );
        }
    }
    let dir = std::env::temp_dir().join(format!("huiwu-orders-{}", std::process::id()));
    assert_eq!(huiwu::write_work_orders(&dir, &p, &a, false).unwrap(), rows.len());
    let csv = std::fs::read_to_string(dir.join("work_orders.csv")).unwrap();
    assert_eq!(csv.lines().count(), rows.len() + 1);
    assert!(
        std::fs::read_to_string(dir.join("work_orders.html"))
            .unwrap()
            .contains("工作通知单")
    );
}
