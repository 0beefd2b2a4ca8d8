//! The `huiwu` binary end to end: exit codes, JSON output, files written.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_huiwu"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("huiwu-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(name)
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("the huiwu binary runs")
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn validate_accepts_the_examples_and_rejects_bad_input_with_exit_2() {
    for ex in ["examples/small.json", "examples/week.json"] {
        let o = run(bin().arg("validate").arg(root().join(ex)));
        assert_eq!(code(&o), 0, "{ex}: {}", text(&o.stderr));
    }
    let bad = tmp("bad.json");
    std::fs::write(
        &bad,
        r#"{"version": 2, "days": [], "opening": {"start": "08:00", "end": "07:00"}}"#,
    )
    .unwrap();
    let o = run(bin().arg("validate").arg(&bad).arg("--json"));
    assert_eq!(code(&o), 2);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON errors");
    assert_eq!(v["valid"], false);
    let errors = v["errors"].as_array().expect("errors list");
    assert!(
        errors
            .iter()
            .any(|e| e["path"] == "$.version" && e["code"] == "bad_version"),
        "{v}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e["path"] == "$.buildings" && e["code"] == "missing_field"),
        "{v}"
    );
    let o = run(bin().arg("validate").arg(tmp("does-not-exist.json")));
    assert_eq!(code(&o), 2);
    assert!(text(&o.stderr).contains("io"), "{}", text(&o.stderr));
}

#[test]
fn solve_writes_a_valid_plan_with_its_score_and_check_agrees() {
    let plan = tmp("small.plan.json");
    let stats = tmp("small.stats.json");
    let o = run(bin()
        .arg("solve")
        .arg(root().join("examples/small.json"))
        .args([
            "--time-limit",
            "2",
            "--threads",
            "2",
            "--seed",
            "3",
            "--max-iterations",
            "20000",
            "--quiet",
        ])
        .arg("-o")
        .arg(&plan)
        .arg("--stats")
        .arg(&stats));
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let written: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&plan).unwrap()).unwrap();
    assert_eq!(written["version"], 1);
    let o = run(bin()
        .arg("check")
        .arg(root().join("examples/small.json"))
        .arg(&plan)
        .arg("--json"));
    assert_eq!(code(&o), 0, "{}", text(&o.stdout));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for key in [
        "valid",
        "well_formed",
        "hard",
        "medium",
        "soft",
        "terms",
        "violations",
    ] {
        assert!(report.get(key).is_some(), "missing {key}");
    }
    assert_eq!(report["valid"], true);
    for key in ["hard", "medium", "soft"] {
        assert_eq!(report[key], written["score"][key], "{key}");
    }
    assert_eq!(report["terms"], written["score"]["terms"]);
    let st: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&stats).unwrap()).unwrap();
    assert_eq!(st["hard"], 0);
    assert!(st["iterations"].as_u64().unwrap_or(0) > 0);
}

#[test]
fn check_exits_1_for_an_invalid_or_malformed_plan_and_2_for_one_that_is_not_json() {
    // Two meetings of the example in one room at one time.
    let problem = root().join("examples/small.json");
    let p = huiwu::load_problem_file(&problem).unwrap();
    let a = huiwu::first_fit(&p);
    let mut plan = a.to_plan(&p);
    assert!(plan.meetings.len() >= 2);
    let (room, start) = (plan.meetings[0].room.clone(), plan.meetings[0].start.clone());
    plan.meetings[1].room = room;
    plan.meetings[1].start = start;
    let path = tmp("clash.plan.json");
    std::fs::write(&path, huiwu::plan_to_json_string(&plan)).unwrap();
    let o = run(bin().arg("check").arg(&problem).arg(&path));
    assert_eq!(code(&o), 1, "{}", text(&o.stdout));
    assert!(text(&o.stdout).contains("NOT VALID"), "{}", text(&o.stdout));

    // Malformed (a room that is not a string, an unknown field): scored as not well-formed.
    for (name, body, path) in [
        (
            "broken.plan.json",
            r#"{"version": 1, "meetings": [{"id": "M-01", "room": 3}]}"#,
            "$.meetings[0].room",
        ),
        (
            "unknown.plan.json",
            r#"{"version": 1, "meetngs": []}"#,
            "$.meetngs",
        ),
        (
            "badstart.plan.json",
            r#"{"version": 1, "meetings": [{"id": "M-01", "room": "A-101", "start": "Monday 9"}]}"#,
            "$.meetings[0].start",
        ),
    ] {
        let broken = tmp(name);
        std::fs::write(&broken, body).unwrap();
        let o = run(bin().arg("check").arg(&problem).arg(&broken));
        assert_eq!(code(&o), 1, "{name}: {}", text(&o.stderr));
        assert!(text(&o.stdout).contains(path), "{name}: {}", text(&o.stdout));
        let o = run(bin().args(["check", "--json"]).arg(&problem).arg(&broken));
        let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(report["well_formed"], false, "{name}");
        assert_eq!(report["form_errors"][0]["path"], path, "{name}");
    }

    let not_json = tmp("notjson.plan.json");
    std::fs::write(&not_json, "{\"version\": 1,").unwrap();
    let o = run(bin().arg("check").arg(&problem).arg(&not_json));
    assert_eq!(code(&o), 2);
    assert!(text(&o.stderr).contains("plan"), "{}", text(&o.stderr));
}

#[test]
fn generate_is_deterministic_per_seed() {
    let a = run(bin().args(["generate", "--scale", "S", "--seed", "4"]));
    let b = run(bin().args(["generate", "--scale", "s", "--seed", "4"]));
    assert_eq!(code(&a), 0);
    assert_eq!(a.stdout, b.stdout);
    let c = run(bin().args(["generate", "--scale", "S", "--seed", "5"]));
    assert_ne!(a.stdout, c.stdout);
    let bad = run(bin().args(["generate", "--scale", "XXL"]));
    assert_eq!(code(&bad), 2);
}

fn bench_dir() -> PathBuf {
    if let Ok(d) = std::env::var("HUIWU_BENCH_DIR") {
        return PathBuf::from(d);
    }
    root().join("benches/data")
}

#[test]
fn itc2007_import_export_round_trips_a_published_solution() {
    let ctt = bench_dir().join("itc2007/comp01.ctt");
    let sol = bench_dir().join("itc2007/reference_solutions_docheinstein/comp01.sol");
    assert!(
        ctt.exists() && sol.exists(),
        "benchmark data missing under {}",
        bench_dir().display()
    );
    let problem = tmp("comp01.json");
    let plan = tmp("comp01.plan.json");
    let out = tmp("comp01.sol");
    assert_eq!(
        code(&run(bin()
            .args(["import", "itc2007"])
            .arg(&ctt)
            .arg("-o")
            .arg(&problem))),
        0
    );
    let o = run(bin()
        .args(["import", "itc2007-solution"])
        .arg(&ctt)
        .arg(&sol)
        .arg("-o")
        .arg(&plan));
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let o = run(bin().arg("check").arg(&problem).arg(&plan).arg("--json"));
    assert_eq!(code(&o), 0);
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        (r["hard"].as_i64(), r["medium"].as_i64(), r["soft"].as_i64()),
        (Some(0), Some(0), Some(5))
    );
    let o = run(bin()
        .args(["export", "itc2007"])
        .arg(&problem)
        .arg(&plan)
        .arg("-o")
        .arg(&out));
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let lines = |p: &Path| {
        let mut v: Vec<String> = std::fs::read_to_string(p)
            .unwrap()
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|l| !l.is_empty())
            .collect();
        v.sort();
        v
    };
    assert_eq!(lines(&out), lines(&sol));
}

#[test]
fn export_csv_writes_the_four_tables() {
    let problem = root().join("examples/small.json");
    let p = huiwu::load_problem_file(&problem).unwrap();
    let plan = huiwu::first_fit(&p).to_plan(&p);
    let path = tmp("ff.plan.json");
    std::fs::write(&path, huiwu::plan_to_json_string(&plan)).unwrap();
    let dir = tmp("csv");
    let o = run(bin()
        .args(["export", "csv"])
        .arg(&problem)
        .arg(&path)
        .arg("-o")
        .arg(&dir));
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    // The same tables as the Python DataFrames: one header per row type, one line per row.
    use huiwu::{MeetingRow, StaffDayRow, TaskRow, UnassignedRow};
    let tables = huiwu::Tables::new(&p, &huiwu::resolve(&p, &plan).0);
    for (file, columns, rows) in [
        ("meetings.csv", &MeetingRow::COLUMNS[..], tables.meetings.len()),
        ("tasks.csv", &TaskRow::COLUMNS[..], tables.tasks.len()),
        (
            "unassigned.csv",
            &UnassignedRow::COLUMNS[..],
            tables.unassigned.len(),
        ),
        (
            "staff_load.csv",
            &StaffDayRow::COLUMNS[..],
            p.staff.len() * p.days.len(),
        ),
    ] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        assert_eq!(
            reader.headers().unwrap().iter().collect::<Vec<_>>(),
            columns,
            "{file}"
        );
        assert_eq!(reader.records().count(), rows, "{file}");
    }
    assert_eq!(tables.meetings.len(), plan.meetings.len());
    assert_eq!(tables.unassigned.len(), plan.unassigned.len());
    // A task's people are one cell, joined by `;`.
    let tasks = std::fs::read_to_string(dir.join("tasks.csv")).unwrap();
    let with_two = tables
        .tasks
        .iter()
        .find(|t| t.staff.len() >= 2)
        .expect("a task with two people");
    assert!(tasks.contains(&with_two.staff.join(";")), "{tasks}");
}

#[test]
fn shipped_example_plans_are_valid_and_carry_their_exact_score() {
    for ex in ["small", "week"] {
        let problem = root().join(format!("examples/{ex}.json"));
        let plan = root().join(format!("examples/{ex}.plan.json"));
        let o = run(bin().arg("check").arg(&problem).arg(&plan).arg("--json"));
        assert_eq!(code(&o), 0, "{ex}: {}", text(&o.stdout));
        let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let written: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&plan).unwrap()).unwrap();
        for key in ["hard", "medium", "soft", "terms"] {
            assert_eq!(report[key], written["score"][key], "{ex}: {key}");
        }
    }
}

#[test]
fn apply_replans_a_plan_after_a_change_set_and_names_bad_paths() {
    let problem = root().join("examples/small.json");
    let plan = root().join("examples/small.plan.json");
    let first: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&plan).unwrap()).unwrap();
    let victim = first["meetings"][0]["id"].as_str().unwrap().to_string();
    let changes = tmp("cancel.changes.json");
    std::fs::write(
        &changes,
        serde_json::json!({ "version": 1, "changes": [{ "op": "cancel", "meeting": victim }] }).to_string(),
    )
    .unwrap();
    let (out, diff, problem_out) = (
        tmp("replan.json"),
        tmp("replan.diff.json"),
        tmp("replan.problem.json"),
    );
    let o = run(bin()
        .arg("apply")
        .arg(&problem)
        .arg(&plan)
        .arg(&changes)
        .arg("-o")
        .arg(&out)
        .arg("--diff")
        .arg(&diff)
        .arg("--problem-out")
        .arg(&problem_out));
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let d: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&diff).unwrap()).unwrap();
    assert_eq!(d["removed"], serde_json::json!([victim]));
    assert_eq!(d["moved"], serde_json::json!([]));
    // The re-plan is valid for the changed problem.
    let o = run(bin().arg("check").arg(&problem_out).arg(&out));
    assert_eq!(code(&o), 0, "{}", text(&o.stdout));

    let bad = tmp("bad.changes.json");
    std::fs::write(
        &bad,
        r#"{"version": 1, "changes": [{"op": "update", "meeting": "M-01", "set": {"attendes": 5}}]}"#,
    )
    .unwrap();
    let o = run(bin()
        .arg("apply")
        .arg(&problem)
        .arg(&plan)
        .arg(&bad)
        .arg("-o")
        .arg(tmp("x.json")));
    assert_eq!(code(&o), 2);
    assert!(
        text(&o.stderr).contains("$.changes[0].set.attendes"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn recommend_answers_with_options_and_rejected_rooms_and_names_bad_paths() {
    let problem = root().join("examples/week.json");
    let plan = root().join("examples/week.plan.json");
    let request = tmp("request.json");
    std::fs::write(
        &request,
        serde_json::json!({ "id": "M-0900", "class": "standard", "attendees": 40, "duration": 90,
            "windows": [{ "earliest_start": "2026-03-03T08:00", "latest_end": "2026-03-04T18:00" }] })
        .to_string(),
    )
    .unwrap();
    let o = run(bin()
        .arg("recommend")
        .arg(&problem)
        .arg(&plan)
        .arg(&request)
        .arg("--json")
        .arg("--top")
        .arg("3"));
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let a: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(a["meeting"], "M-0900");
    let options = a["options"].as_array().unwrap();
    assert!(!options.is_empty() && options.len() <= 3);
    for o in options {
        assert_eq!(o["score_delta"]["hard"], 0);
        assert!(o["start"].as_str().unwrap() >= "2026-03-03T08:00");
    }
    assert!(
        a["rejected"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| !r["reason"].as_str().unwrap().is_empty())
    );
    // The table names the options too.
    let o = run(bin().arg("recommend").arg(&problem).arg(&plan).arg(&request));
    assert_eq!(code(&o), 0);
    assert!(text(&o.stdout).contains("M-0900"), "{}", text(&o.stdout));
    // A bad request: exit 2 with its path.
    std::fs::write(
        &request,
        r#"{"id": "M-0901", "class": "standard", "attendees": 0, "duration": 60}"#,
    )
    .unwrap();
    let o = run(bin().arg("recommend").arg(&problem).arg(&plan).arg(&request));
    assert_eq!(code(&o), 2);
    assert!(text(&o.stderr).contains("$.attendees"), "{}", text(&o.stderr));
    // A request whose id the week already has.
    std::fs::write(
        &request,
        r#"{"id": "M-0001", "class": "standard", "attendees": 10, "duration": 60}"#,
    )
    .unwrap();
    let o = run(bin().arg("recommend").arg(&problem).arg(&plan).arg(&request));
    assert_eq!(code(&o), 2);
    assert!(text(&o.stderr).contains("$.id"), "{}", text(&o.stderr));
}

#[test]
fn apply_takes_a_mode_and_rejects_an_unknown_one() {
    let problem = root().join("examples/small.json");
    let plan = root().join("examples/small.plan.json");
    let changes = tmp("empty.changes.json");
    std::fs::write(&changes, r#"{"version": 1, "changes": []}"#).unwrap();
    let o = run(bin()
        .args([
            "apply",
            "--mode",
            "balanced",
            "--time-limit",
            "0.5",
            "--threads",
            "1",
            "--quiet",
        ])
        .arg(&problem)
        .arg(&plan)
        .arg(&changes)
        .arg("-o")
        .arg(tmp("balanced.json")));
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let o = run(bin()
        .args(["apply", "--mode", "reckless"])
        .arg(&problem)
        .arg(&plan)
        .arg(&changes));
    assert_eq!(code(&o), 2);
}

#[test]
fn the_report_commands_write_what_they_say() {
    let problem = root().join("examples/week.json");
    let plan = root().join("examples/week.plan.json");
    let o = run(bin().arg("kpi").arg(&problem).arg(&plan).arg("--json"));
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    let k: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(k["meetings"]["total"], 240);
    let o = run(bin().arg("kpi").arg(&problem).arg(&plan));
    assert!(text(&o.stdout).contains("meetings: "), "{}", text(&o.stdout));
    let page = tmp("week.report.html");
    let o = run(bin()
        .arg("report")
        .arg(&problem)
        .arg(&plan)
        .arg("-o")
        .arg(&page)
        .arg("--reference")
        .arg(&plan));
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert!(std::fs::read_to_string(&page).unwrap().contains("id=\"changes\""));
    let feeds = tmp("week.ical");
    let o = run(bin()
        .args(["export", "ical"])
        .arg(&problem)
        .arg(&plan)
        .arg("-o")
        .arg(&feeds));
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert!(feeds.join("week.ics").exists() && feeds.join("rooms").is_dir() && feeds.join("staff").is_dir());
    let orders = tmp("week.orders");
    let o = run(bin()
        .args(["export", "work-orders"])
        .arg(&problem)
        .arg(&plan)
        .arg("-o")
        .arg(&orders));
    assert_eq!(code(&o), 0, "{}", text(&o.stderr));
    assert!(orders.join("work_orders.csv").exists() && orders.join("work_orders.html").exists());
    // A plan of another problem: exit 2.
    let o = run(bin()
        .arg("kpi")
        .arg(root().join("examples/small.json"))
        .arg(&plan));
    assert_eq!(code(&o), 2, "{}", text(&o.stderr));
}
