//! `staff_fit` (hard): per (person on a task, failed clause) — skill level, clearance, external
//! on a confidential meeting, availability, home building that cannot reach the task's
//! building — plus one per repeated listing and one per distinct person beyond the need.

use crate::model::Rule;
use crate::model::TaskId;

use super::{Acc, Ctx};

/// The rule.
pub(crate) const RULE: Rule = Rule::StaffFit;

/// Counts failed staffing clauses.
pub(crate) fn score(cx: &Ctx<'_>, acc: &mut Acc) {
    let p = cx.p;
    for (m, pl) in cx.placed() {
        let meeting = p.meeting(m);
        let building = p.room(pl.room).building;
        for &t in &meeting.tasks {
            let task = p.task(t);
            let iv = p.task_interval(t, pl.start);
            let held = &cx.held[t.index()];
            for &s in held {
                let st = &p.staff[s.index()];
                let mut fail = |msg: String| {
                    acc.hard(RULE, msg).meetings([m]).staff([s]).tasks([t]);
                };
                let level = st.level(task.skill);
                if level < task.level {
                    let skill = p.skill_names.get(task.skill.index()).map_or("?", String::as_str);
                    fail(format!(
                        "{} holds {}, which needs {skill} at level {}, but has {}",
                        cx.s(s),
                        cx.t(t),
                        task.level,
                        if level == 0 {
                            "no such skill".to_string()
                        } else {
                            format!("level {level}")
                        }
                    ));
                }
                if st.clearance < meeting.confidential {
                    fail(format!(
                        "{} (clearance {}) holds {} of {}, which is confidential at level {}",
                        cx.s(s),
                        st.clearance,
                        cx.t(t),
                        cx.m(m),
                        meeting.confidential
                    ));
                }
                if st.external && meeting.confidential > 0 {
                    fail(format!(
                        "{} is external staff and holds {} of the confidential meeting {}",
                        cx.s(s),
                        cx.t(t),
                        cx.m(m)
                    ));
                }
                if !st.is_available(iv) {
                    fail(format!(
                        "{} holds {} {}, when they are not available",
                        cx.s(s),
                        cx.t(t),
                        cx.iv(iv)
                    ));
                }
                if p.travel(st.building, building).is_none() {
                    fail(format!(
                        "{} (home {}) holds {} in {}, which cannot be reached from {}",
                        cx.s(s),
                        cx.b(st.building),
                        cx.t(t),
                        cx.b(building),
                        cx.b(st.building)
                    ));
                }
            }
            repeats(cx, acc, m, t);
            let need = task.need as usize;
            if held.len() > need {
                for &s in held.iter().skip(need) {
                    acc.hard(
                        RULE,
                        format!(
                            "{} lists {} people but needs {need}: {} is one too many",
                            cx.t(t),
                            held.len(),
                            cx.s(s)
                        ),
                    )
                    .meetings([m])
                    .staff([s])
                    .tasks([t]);
                }
            }
        }
    }
}

/// One violation per listing of a person already listed on the task.
fn repeats(cx: &Ctx<'_>, acc: &mut Acc, m: crate::model::MeetingId, t: TaskId) {
    let listed = &cx.listed[t.index()];
    for (i, &s) in listed.iter().enumerate() {
        if listed.iter().take(i).any(|&x| x == s) {
            acc.hard(
                RULE,
                format!("{} is listed more than once on {}", cx.s(s), cx.t(t)),
            )
            .meetings([m])
            .staff([s])
            .tasks([t]);
        }
    }
}
