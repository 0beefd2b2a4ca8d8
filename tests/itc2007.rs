//! ITC-2007 track 3 converter: parser, problem mapping, solution import/export, the
//! independent cost evaluator, and the published reference solutions scored both ways.

use std::path::{Path, PathBuf};

use huiwu::Rule;
use huiwu::convert::itc2007::{
    Ctt, ItcCost, ItcError, Unavailability, itc_cost, parse_ctt, plan_to_solution, solution_to_plan,
    to_problem, to_problem_json,
};
use huiwu::{Problem, Score, check, load_problem_str};
use serde_json::json;

const TINY: &str = include_str!("data/tiny.ctt");

/// A feasible solution of `tiny.ctt`, cost 20 (see `tiny_feasible_solution_costs_20`).
const TINY_SOLUTION: &str = "cA r1 1 0\ncA r1 1 1\ncB r2 0 2\ncB r1 1 2\ncC r2 1 2\n";

/// The benchmark data: `HUIWU_BENCH_DIR`, else `benches/data` of the repository (it ships
/// there). Tests that read it fail loudly when a file is missing, never skip.
fn bench_dir() -> PathBuf {
    match std::env::var("HUIWU_BENCH_DIR") {
        Ok(dir) => PathBuf::from(dir),
        Err(_) => Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/data"),
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn instance(name: &str) -> Ctt {
    let path = bench_dir().join("itc2007").join(format!("{name}.ctt"));
    parse_ctt(&read(&path)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn reference_solution(name: &str) -> String {
    read(
        &bench_dir()
            .join("itc2007")
            .join("reference_solutions_docheinstein")
            .join(format!("{name}.sol")),
    )
}

fn problem_of(ctt: &Ctt) -> Problem {
    let problem = to_problem(ctt).unwrap_or_else(|e| panic!("{}: {e}", ctt.name));
    // The convenience and the JSON path agree.
    let via_json = load_problem_str(&to_problem_json(ctt).to_string()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(problem.meetings.len(), via_json.meetings.len());
    problem
}

fn sorted_lines(text: &str) -> Vec<String> {
    let mut v: Vec<String> = text
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    v.sort();
    v
}

// ---------------------------------------------------------------------------------------------
// Published solutions: ITC cost = huiwu soft, both ways
// ---------------------------------------------------------------------------------------------

const REFERENCE_COSTS: [(&str, i64); 7] = [
    ("comp01", 5),
    ("comp02", 36),
    ("comp03", 66),
    ("comp04", 37),
    ("comp05", 305),
    ("comp06", 40),
    ("comp07", 14),
];

#[test]
fn reference_solutions_cost_as_published_in_itc_cost() {
    for (name, expected) in REFERENCE_COSTS {
        let ctt = instance(name);
        let cost = itc_cost(&ctt, &reference_solution(name));
        assert_eq!(cost.warnings, Vec::<String>::new(), "{name}");
        assert_eq!(cost.hard(), 0, "{name}: {cost:?}");
        assert_eq!(cost.total(), expected, "{name}: {cost:?}");
    }
}

#[test]
fn reference_solution_breakdowns_comp01_comp05() {
    let c1 = itc_cost(&instance("comp01"), &reference_solution("comp01"));
    assert_eq!(
        (
            c1.room_capacity,
            c1.min_working_days,
            c1.curriculum_compactness,
            c1.room_stability
        ),
        (4, 0, 0, 1)
    );
    let c5 = itc_cost(&instance("comp05"), &reference_solution("comp05"));
    assert_eq!(
        (
            c5.room_capacity,
            c5.min_working_days,
            c5.curriculum_compactness,
            c5.room_stability
        ),
        (0, 190, 114, 1)
    );
}

#[test]
fn reference_solutions_score_the_same_in_huiwu() {
    for (name, expected) in REFERENCE_COSTS {
        let ctt = instance(name);
        let problem = problem_of(&ctt);
        let sol = reference_solution(name);
        let plan = solution_to_plan(&ctt, &sol).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(plan.meetings.len(), ctt.total_lectures(), "{name}");
        assert!(plan.unassigned.is_empty(), "{name}");
        let report = check(&problem, &plan);
        assert!(report.well_formed(), "{name}: {:?}", report.form_errors);
        assert_eq!(
            report.score,
            Score::new(0, 0, expected),
            "{name}: {:?}",
            report.terms
        );
        let itc = itc_cost(&ctt, &sol);
        assert_eq!(report.term(Rule::CapacityOverflow), itc.room_capacity, "{name}");
        assert_eq!(report.term(Rule::SeriesSpread), itc.min_working_days, "{name}");
        assert_eq!(report.term(Rule::Isolated), itc.curriculum_compactness, "{name}");
        assert_eq!(report.term(Rule::SeriesRoom), itc.room_stability, "{name}");
    }
}

#[test]
fn huiwu_breakdown_comp01_comp05() {
    for (name, overflow, spread, isolated, series_room) in
        [("comp01", 4, 0, 0, 1), ("comp05", 0, 190, 114, 1)]
    {
        let ctt = instance(name);
        let plan = solution_to_plan(&ctt, &reference_solution(name)).unwrap_or_else(|e| panic!("{e}"));
        let report = check(&problem_of(&ctt), &plan);
        assert_eq!(report.term(Rule::CapacityOverflow), overflow, "{name}");
        assert_eq!(report.term(Rule::SeriesSpread), spread, "{name}");
        assert_eq!(report.term(Rule::Isolated), isolated, "{name}");
        assert_eq!(report.term(Rule::SeriesRoom), series_room, "{name}");
        for term in [
            Rule::SeatWaste,
            Rule::RoomOpen,
            Rule::Unassigned,
            Rule::MissingStaff,
        ] {
            assert_eq!(report.term(term), 0, "{name}: {term}");
        }
    }
}

#[test]
fn reference_solutions_round_trip() {
    for (name, expected) in REFERENCE_COSTS {
        let ctt = instance(name);
        let problem = problem_of(&ctt);
        let sol = reference_solution(name);
        let plan = solution_to_plan(&ctt, &sol).unwrap_or_else(|e| panic!("{name}: {e}"));
        let text = plan_to_solution(&ctt, &problem, &plan).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(sorted_lines(&text), sorted_lines(&sol), "{name}");
        assert_eq!(itc_cost(&ctt, &text).total(), expected, "{name}");
        // Canonical: importing the exported text gives the same plan and the same text.
        let again = solution_to_plan(&ctt, &text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(again, plan, "{name}");
        assert_eq!(
            plan_to_solution(&ctt, &problem, &again).as_deref(),
            Ok(text.as_str()),
            "{name}"
        );
    }
}

#[test]
fn all_21_instances_parse_and_load() {
    let lectures = [
        160, 283, 251, 286, 152, 361, 434, 324, 279, 370, 162, 218, 308, 275, 251, 366, 339, 138, 277, 390,
        327,
    ];
    for (i, &n) in lectures.iter().enumerate() {
        let name = format!("comp{:02}", i + 1);
        let ctt = instance(&name);
        assert_eq!(ctt.total_lectures(), n, "{name}");
        let problem = problem_of(&ctt);
        assert_eq!(problem.meetings.len(), n, "{name}");
        assert_eq!(problem.rooms.len(), ctt.rooms.len(), "{name}");
        assert_eq!(problem.series.len(), ctt.courses.len(), "{name}");
    }
}

// ---------------------------------------------------------------------------------------------
// The tiny fixture: parser, exact problem JSON, exact costs
// ---------------------------------------------------------------------------------------------

#[test]
fn tiny_parses() {
    let ctt = parse_ctt(TINY).unwrap();
    assert_eq!(ctt.name, "Tiny");
    assert_eq!((ctt.days, ctt.periods_per_day), (2, 3));
    let courses: Vec<_> = ctt
        .courses
        .iter()
        .map(|c| {
            (
                c.id.as_str(),
                c.teacher.as_str(),
                c.lectures,
                c.min_working_days,
                c.students,
            )
        })
        .collect();
    assert_eq!(
        courses,
        vec![
            ("cA", "tX", 2, 2, 30),
            ("cB", "tY", 2, 1, 50),
            ("cC", "tX", 1, 1, 0)
        ]
    );
    let rooms: Vec<_> = ctt.rooms.iter().map(|r| (r.id.as_str(), r.capacity)).collect();
    assert_eq!(rooms, vec![("r1", 40), ("r2", 60)]);
    let curricula: Vec<_> = ctt
        .curricula
        .iter()
        .map(|g| (g.id.as_str(), g.courses.clone()))
        .collect();
    assert_eq!(curricula, vec![("q1", vec![0, 1]), ("q2", vec![2])]);
    let u = |course, day, period| Unavailability { course, day, period };
    assert_eq!(
        ctt.unavailability,
        vec![u(0, 0, 0), u(0, 1, 2), u(2, 0, 0), u(2, 0, 1), u(2, 0, 2)]
    );
    assert_eq!(ctt.total_lectures(), 5);
}

#[test]
fn tiny_parses_with_crlf_and_tabs() {
    let crlf = TINY.replace('\n', "\r\n").replace("cB tY", "cB\t\ttY");
    assert_eq!(parse_ctt(&crlf), parse_ctt(TINY));
}

#[test]
fn tiny_problem_json_is_exact() {
    let ctt = parse_ctt(TINY).unwrap();
    let window = |a: &str, b: &str| json!({ "earliest_start": a, "latest_end": b });
    let a_windows = json!([
        window("2026-01-05T09:00", "2026-01-05T11:00"),
        window("2026-01-06T08:00", "2026-01-06T10:00")
    ]);
    let c_windows = json!([window("2026-01-06T08:00", "2026-01-06T11:00")]);
    let q1 = json!(["teacher-tX", "curriculum-q1"]);
    let expected = json!({
        "version": 1,
        "name": "Tiny",
        "granularity_minutes": 60,
        "days": ["2026-01-05", "2026-01-06"],
        "opening": { "start": "08:00", "end": "11:00" },
        "buildings": [ { "id": "campus" } ],
        "rooms": [
            { "id": "r1", "building": "campus", "capacity": 40 },
            { "id": "r2", "building": "campus", "capacity": 60 }
        ],
        "people": [
            { "id": "teacher-tX", "compact": false },
            { "id": "teacher-tY", "compact": false },
            { "id": "curriculum-q1", "compact": true },
            { "id": "curriculum-q2", "compact": true }
        ],
        "series": [
            { "id": "cA", "min_days": 2 }, { "id": "cB", "min_days": 1 }, { "id": "cC", "min_days": 1 }
        ],
        "service_classes": [ { "id": "lecture" } ],
        "meetings": [
            { "id": "cA-0", "class": "lecture", "attendees": 30, "duration": 60, "people": q1,
              "series": "cA", "windows": a_windows },
            { "id": "cA-1", "class": "lecture", "attendees": 30, "duration": 60, "people": q1,
              "series": "cA", "windows": a_windows },
            { "id": "cB-0", "class": "lecture", "attendees": 50, "duration": 60,
              "people": ["teacher-tY", "curriculum-q1"], "series": "cB" },
            { "id": "cB-1", "class": "lecture", "attendees": 50, "duration": 60,
              "people": ["teacher-tY", "curriculum-q1"], "series": "cB" },
            { "id": "cC-0", "class": "lecture", "attendees": 1, "duration": 60,
              "people": ["teacher-tX", "curriculum-q2"], "series": "cC", "windows": c_windows }
        ],
        "weights": {
            "capacity_overflow": 1, "series_spread": 5, "isolated": 2, "series_room": 1,
            "seat_waste": 0, "room_open": 0, "room_preference": 0, "time_preference": 0,
            "staff_travel": 0, "overtime": 0, "preferred_staff": 0, "moved_room": 0,
            "moved_time": 0, "staff_changed": 0
        }
    });
    assert_eq!(to_problem_json(&ctt), expected);
}

#[test]
fn course_without_available_period_gets_empty_windows() {
    let text = TINY
        .replace("Constraints: 5", "Constraints: 8")
        .replace("cC 0 2\n", "cC 0 2\ncC 1 0\ncC 1 1\ncC 1 2\n");
    let ctt = parse_ctt(&text).unwrap();
    let problem = to_problem_json(&ctt);
    assert_eq!(problem["meetings"][4]["id"], json!("cC-0"));
    assert_eq!(problem["meetings"][4]["windows"], json!([]));
}

#[test]
fn tiny_feasible_solution_costs_20() {
    let ctt = parse_ctt(TINY).unwrap();
    let cost = itc_cost(&ctt, TINY_SOLUTION);
    assert_eq!(
        cost,
        ItcCost {
            room_capacity: 10,
            min_working_days: 5,
            curriculum_compactness: 4,
            room_stability: 1,
            ..ItcCost::default()
        }
    );
    assert_eq!(cost.total(), 20);
    assert!(cost.feasible());
}

#[test]
fn tiny_feasible_solution_scores_20_in_huiwu() {
    let ctt = parse_ctt(TINY).unwrap();
    let problem = problem_of(&ctt);
    let plan = solution_to_plan(&ctt, TINY_SOLUTION).unwrap();
    let report = check(&problem, &plan);
    assert_eq!(report.score, Score::new(0, 0, 20));
    assert_eq!(report.term(Rule::CapacityOverflow), 10);
    assert_eq!(report.term(Rule::SeriesSpread), 5);
    assert_eq!(report.term(Rule::Isolated), 4);
    assert_eq!(report.term(Rule::SeriesRoom), 1);
}

#[test]
fn tiny_infeasible_solution_counts_every_validator_rule() {
    let ctt = parse_ctt(TINY).unwrap();
    let sol = "cA r1 0 0\ncA r1 0 0\ncB r1 0 0\ncC r2 0 0\ncZ r1 0 1\ncB r9 0 1\ncB r2 5 0\ncB r2 0 7\n";
    let cost = itc_cost(&ctt, sol);
    assert_eq!(
        (
            cost.lectures,
            cost.conflicts,
            cost.availability,
            cost.room_occupation
        ),
        (2, 2, 2, 1)
    );
    assert_eq!(
        (
            cost.room_capacity,
            cost.min_working_days,
            cost.curriculum_compactness,
            cost.room_stability
        ),
        (10, 5, 6, 0)
    );
    assert_eq!((cost.hard(), cost.total()), (7, 21));
    assert_eq!(
        cost.warnings,
        vec![
            "repeated entry: cA r1 0 0 (entry skipped)".to_string(),
            "nonexisting course cZ (entry skipped)".to_string(),
            "nonexisting room r9 (entry skipped)".to_string(),
            "nonexisting day 5 (entry skipped)".to_string(),
            "nonexisting period 7 (entry skipped)".to_string(),
        ]
    );
}

#[test]
fn tiny_round_trip_and_canonical_order() {
    let ctt = parse_ctt(TINY).unwrap();
    let problem = problem_of(&ctt);
    // Lines out of order: lectures are numbered by (day, period) within a course.
    let shuffled = "cC r2 1 2\ncB r1 1 2\ncA r1 1 1\ncB r2 0 2\ncA r1 1 0\n";
    let plan = solution_to_plan(&ctt, shuffled).unwrap();
    let placed: Vec<_> = plan
        .meetings
        .iter()
        .map(|m| (m.id.as_str(), m.room.as_str(), m.start.as_str()))
        .collect();
    assert_eq!(
        placed,
        vec![
            ("cA-0", "r1", "2026-01-06T08:00"),
            ("cA-1", "r1", "2026-01-06T09:00"),
            ("cB-0", "r2", "2026-01-05T10:00"),
            ("cB-1", "r1", "2026-01-06T10:00"),
            ("cC-0", "r2", "2026-01-06T10:00"),
        ]
    );
    assert_eq!(plan_to_solution(&ctt, &problem, &plan).unwrap(), TINY_SOLUTION);
}

#[test]
fn missing_lectures_are_unassigned_with_a_reason() {
    let ctt = parse_ctt(TINY).unwrap();
    let problem = problem_of(&ctt);
    let plan = solution_to_plan(&ctt, "cA r1 1 0\ncB r2 0 2\ncB r1 1 2\n").unwrap();
    let unassigned: Vec<_> = plan
        .unassigned
        .iter()
        .map(|u| (u.id.as_str(), u.reason.as_str()))
        .collect();
    assert_eq!(
        unassigned,
        vec![
            (
                "cA-1",
                "the solution file places 1 of the 2 lectures of course cA"
            ),
            (
                "cC-0",
                "the solution file places 0 of the 1 lectures of course cC"
            ),
        ]
    );
    // Exported, the unassigned lectures are simply absent.
    assert_eq!(
        plan_to_solution(&ctt, &problem, &plan).unwrap(),
        "cA r1 1 0\ncB r2 0 2\ncB r1 1 2\n"
    );
    let report = check(&problem, &plan);
    assert_eq!(report.score.hard, 0);
    assert_eq!(report.score.medium, 2000);
    // ITC counts them as missing lectures (hard) and cC's missing working day.
    let cost = itc_cost(&ctt, "cA r1 1 0\ncB r2 0 2\ncB r1 1 2\n");
    assert_eq!(cost.lectures, 2);
    // cA: 1 day of 2; cC: 0 days of 1 — the same as huiwu's series_spread.
    assert_eq!(cost.min_working_days, 10);
    assert_eq!(report.term(Rule::SeriesSpread), 10);
}

// ---------------------------------------------------------------------------------------------
// Errors, with line numbers
// ---------------------------------------------------------------------------------------------

fn instance_error(text: &str) -> (usize, String) {
    match parse_ctt(text) {
        Err(ItcError::Instance { line, message }) => (line, message),
        other => panic!("expected an instance error, got {other:?}"),
    }
}

#[test]
fn parser_errors_name_their_line() {
    let cases: [(&str, &str, usize, &str); 10] = [
        (
            "Courses: 3",
            "Courses: 4",
            14,
            "COURSES: declares 4 entries but only 3 are listed before \"ROOMS:\"",
        ),
        (
            "q1 2 cA cB",
            "q1 2 cA cD",
            19,
            "curriculum q1 names unknown course cD",
        ),
        (
            "q1 2 cA cB",
            "q1 3 cA cB",
            19,
            "curriculum q1 declares 3 courses but lists 2",
        ),
        (
            "q1 2 cA cB",
            "q1 2 cA cA",
            19,
            "curriculum q1 lists course cA twice",
        ),
        (
            "cB tY 2 1 50",
            "cB tY 2 1 5x",
            11,
            "the number of students must be a non-negative integer, found \"5x\"",
        ),
        ("cA 1 2", "cA 2 2", 24, "day 2 is out of range (Days: 2)"),
        (
            "cA 1 2",
            "cA 1 3",
            24,
            "period 3 is out of range (Periods_per_day: 3)",
        ),
        ("r2 60", "r2 0", 16, "room r2 has capacity 0 (huiwu needs ≥ 1)"),
        ("cC tX 1 1 0", "cA tX 1 1 0", 12, "course cA is listed twice"),
        (
            "Periods_per_day: 3",
            "Periods_per_day: 17",
            5,
            "Periods_per_day must be 1–16 (one-hour periods from 08:00 to midnight), found 17",
        ),
    ];
    for (from, to, line, message) in cases {
        assert!(TINY.contains(from), "{from}");
        assert_eq!(
            instance_error(&TINY.replace(from, to)),
            (line, message.to_string()),
            "{to}"
        );
    }
}

#[test]
fn parser_errors_at_the_edges() {
    assert_eq!(
        instance_error(&TINY.replace("END.\n", "")),
        (29, "the file ends where `END.` was expected".to_string())
    );
    assert_eq!(
        instance_error(&format!("{TINY}extra\n")),
        (30, "text after `END.`: \"extra\"".to_string())
    );
    assert_eq!(
        instance_error(&TINY.replace("Rooms: 2", "Rooms 2")),
        (3, "expected `Rooms: <value>`, found \"Rooms 2\"".to_string())
    );
    assert_eq!(
        instance_error(&TINY.replace("CURRICULA:", "CURRICULUM:")),
        (
            18,
            "expected the section header `CURRICULA:`, found \"CURRICULUM:\"".to_string()
        )
    );
    assert_eq!(instance_error("").0, 1);
    let err = parse_ctt(&TINY.replace("cC 0 2", "cC 0")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "instance line 27: an unavailability line is `<course> <day> <period>`, found 2 tokens"
    );
}

#[test]
fn solution_errors_name_their_line() {
    let ctt = parse_ctt(TINY).unwrap();
    let cases = [
        ("cA r1 1 0\ncZ r1 0 0\n", 2, "unknown course cZ"),
        ("\ncA r9 1 0\n", 2, "unknown room r9"),
        ("cA r1 2 0\n", 1, "day 2 is out of range (Days: 2)"),
        ("cA r1 1 3\n", 1, "period 3 is out of range (Periods_per_day: 3)"),
        (
            "cA r1 1 x\n",
            1,
            "the period must be a non-negative integer, found \"x\"",
        ),
        (
            "cA r1 1\n",
            1,
            "a solution line is `<course> <room> <day> <period>`, found 3 tokens",
        ),
        (
            "cA r1 1 0\ncA r2 1 0\n",
            2,
            "course cA already has a lecture on day 1 period 0 (line 1)",
        ),
        (
            "cC r1 1 0\ncC r2 1 1\n",
            2,
            "course cC has 1 lectures but this is line number 2 for it",
        ),
    ];
    for (text, line, message) in cases {
        assert_eq!(
            solution_to_plan(&ctt, text),
            Err(ItcError::Solution {
                line,
                message: message.to_string()
            }),
            "{text:?}"
        );
    }
}

#[test]
fn plan_export_errors() {
    let ctt = parse_ctt(TINY).unwrap();
    let problem = problem_of(&ctt);
    let base = solution_to_plan(&ctt, TINY_SOLUTION).unwrap();
    let with = |f: &dyn Fn(&mut huiwu::Plan)| {
        let mut p = base.clone();
        f(&mut p);
        plan_to_solution(&ctt, &problem, &p).unwrap_err().to_string()
    };
    assert_eq!(
        with(&|p| p.meetings[0].id = "cZ-0".into()),
        "plan meeting \"cZ-0\": is not a lecture of instance Tiny"
    );
    assert_eq!(
        with(&|p| p.meetings[1].id = "cA-0".into()),
        "plan meeting \"cA-0\": is placed twice"
    );
    assert_eq!(
        with(&|p| p.meetings[0].room = "r7".into()),
        "plan meeting \"cA-0\": room r7 is not a room of the instance"
    );
    assert_eq!(
        with(&|p| p.meetings[0].start = "2026-01-06T08:30".into()),
        "plan meeting \"cA-0\": start 2026-01-06T08:30 is not the start of a period"
    );
    assert_eq!(
        with(&|p| p.meetings[0].start = "2026-01-06T11:00".into()),
        "plan meeting \"cA-0\": start 2026-01-06T11:00 is not the start of a period"
    );
    assert_eq!(
        with(&|p| p.meetings[0].start = "2026-01-07T08:00".into()),
        "plan meeting \"cA-0\": start 2026-01-07T08:00 is not on a day of the instance"
    );
    assert_eq!(
        with(&|p| p.meetings[0].start = "tomorrow".into()),
        "plan meeting \"cA-0\": start \"tomorrow\" is not a valid time"
    );
}

// ---------------------------------------------------------------------------------------------
// Property: on arbitrary (mostly infeasible) solutions the two checkers agree rule by rule
// ---------------------------------------------------------------------------------------------

/// SplitMix64: a tiny deterministic generator for the property test.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A random solution: each course gets all its lectures or one or two fewer, each at a
/// distinct random period of the course and in a random room. Returns the text and, per
/// (room, period), how many lectures it holds.
fn random_solution(ctt: &Ctt, rng: &mut SplitMix64) -> (String, Vec<usize>) {
    let periods = ctt.days * ctt.periods_per_day;
    let mut text = String::new();
    let mut in_room = vec![0usize; ctt.rooms.len() * periods];
    for course in &ctt.courses {
        let drop = rng.below(4).saturating_sub(1).min(course.lectures);
        let mut free: Vec<usize> = (0..periods).collect();
        for _ in 0..(course.lectures - drop).min(periods) {
            let p = free.swap_remove(rng.below(free.len()));
            let r = rng.below(ctt.rooms.len());
            in_room[r * periods + p] += 1;
            text.push_str(&format!(
                "{} {} {} {}\n",
                course.id,
                ctt.rooms[r].id,
                p / ctt.periods_per_day,
                p % ctt.periods_per_day
            ));
        }
    }
    (text, in_room)
}

#[test]
fn random_solutions_score_alike_in_both_checkers() {
    let mut rng = SplitMix64(20071);
    let (mut clashes, mut missing, mut isolated) = (0, 0, 0);
    for name in ["comp01", "comp05", "comp11"] {
        let ctt = instance(name);
        let problem = problem_of(&ctt);
        for round in 0..20 {
            let (text, in_room) = random_solution(&ctt, &mut rng);
            let itc = itc_cost(&ctt, &text);
            assert!(itc.warnings.is_empty(), "{name}/{round}");
            let plan = solution_to_plan(&ctt, &text).unwrap_or_else(|e| panic!("{name}/{round}: {e}"));
            let report = check(&problem, &plan);
            let t = |k: &str| Rule::from_name(k).map_or(0, |r| report.term(r));
            let ctx = format!("{name}/{round}: {itc:?} {:?}", report.terms);
            assert_eq!(t("capacity_overflow"), itc.room_capacity, "{ctx}");
            assert_eq!(t("series_spread"), itc.min_working_days, "{ctx}");
            assert_eq!(t("isolated"), itc.curriculum_compactness, "{ctx}");
            assert_eq!(t("series_room"), itc.room_stability, "{ctx}");
            assert_eq!(report.score.soft, itc.total(), "{ctx}");
            // Hard rules: same counts, except that huiwu counts room clashes per pair.
            assert_eq!(t("time_fit"), itc.availability, "{ctx}");
            assert_eq!(t("person_clash"), itc.conflicts, "{ctx}");
            let pairs: usize = in_room.iter().map(|&n| n * n.saturating_sub(1) / 2).sum();
            let extra: usize = in_room.iter().map(|&n| n.saturating_sub(1)).sum();
            assert_eq!(t("room_clash"), pairs as i64, "{ctx}");
            assert_eq!(itc.room_occupation, extra as i64, "{ctx}");
            assert_eq!(
                report.score.hard,
                t("time_fit") + t("person_clash") + t("room_clash"),
                "{ctx}"
            );
            // A missing lecture is ITC's Lectures violation and huiwu's unassigned meeting.
            assert_eq!(report.score.medium, 1000 * itc.lectures, "{ctx}");
            clashes += t("room_clash") + t("person_clash");
            missing += itc.lectures;
            isolated += t("isolated");
        }
    }
    // The test is not vacuous: the random solutions do clash, miss lectures and isolate some.
    assert!(
        clashes > 0 && missing > 0 && isolated > 0,
        "{clashes} {missing} {isolated}"
    );
}
