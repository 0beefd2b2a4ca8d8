//! Fixed vocabulary of the generator: the service classes after DB3301/T 0298 分类服务,
//! their task templates, equipment kinds, departments and names.

use serde_json::{Value, json};

/// Where a task template's bound is measured from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Anchor {
    Start,
    End,
}

/// One task template of a service class.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TaskTemplate {
    pub name: &'static str,
    pub skill: &'static str,
    pub level: u8,
    pub from: (Anchor, i64),
    pub to: (Anchor, i64),
    pub staff: u32,
    pub per_attendees: u32,
}

impl TaskTemplate {
    /// People the task needs for a meeting of `attendees` (SPEC §2.1).
    pub(crate) fn people(&self, attendees: u32) -> u32 {
        let extra = if self.per_attendees > 0 {
            attendees.div_ceil(self.per_attendees)
        } else {
            0
        };
        self.staff + extra
    }

    /// Task interval relative to the meeting start, for a meeting of `duration` minutes.
    pub(crate) fn span(&self, duration: i64) -> (i64, i64) {
        let at = |(anchor, offset): (Anchor, i64)| match anchor {
            Anchor::Start => offset,
            Anchor::End => duration + offset,
        };
        (at(self.from), at(self.to))
    }
}

/// Meeting classes [分类服务].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Class {
    SmallInternal,
    Standard,
    VideoConference,
    LargeConference,
    Confidential,
    ForeignAffairs,
}

const fn task(
    name: &'static str,
    skill: &'static str,
    level: u8,
    from: (Anchor, i64),
    to: (Anchor, i64),
    staff: u32,
    per_attendees: u32,
) -> TaskTemplate {
    TaskTemplate {
        name,
        skill,
        level,
        from,
        to,
        staff,
        per_attendees,
    }
}

use Anchor::{End, Start};

// Every template below starts before it ends for any duration >= 30 (the shortest meeting):
// `from` offsets measured from the start are at most +15 when `to` is measured from the end.
const SMALL_TASKS: [TaskTemplate; 1] = [task("setup", "setup", 1, (Start, -10), (Start, 0), 1, 0)];
const STANDARD_TASKS: [TaskTemplate; 3] = [
    task("setup", "setup", 1, (Start, -30), (Start, 0), 1, 40),
    task("tea", "tea", 1, (Start, 0), (End, 0), 0, 30),
    task("teardown", "setup", 1, (End, 0), (End, 15), 1, 0),
];
const VIDEO_TASKS: [TaskTemplate; 3] = [
    task("setup", "setup", 1, (Start, -30), (Start, 0), 1, 0),
    // Links are tested with the far end before the meeting (会前调试).
    task("av", "av", 2, (Start, -30), (End, 0), 1, 0),
    task("teardown", "setup", 1, (End, 0), (End, 15), 1, 0),
];
const LARGE_TASKS: [TaskTemplate; 8] = [
    task("setup", "setup", 1, (Start, -60), (Start, -15), 2, 150),
    task("reception", "reception", 2, (Start, -30), (Start, 15), 1, 100),
    task("sign_in", "sign_in", 1, (Start, -30), (Start, 0), 0, 100),
    task("av", "av", 3, (Start, -60), (End, 0), 1, 0),
    task("tea", "tea", 1, (Start, 0), (End, 0), 0, 60),
    task("security", "security", 2, (Start, -45), (End, 15), 1, 0),
    // 医疗救护: a first-aider stands by for the whole session.
    task("first_aid", "first_aid", 2, (Start, -15), (End, 0), 1, 0),
    task("teardown", "setup", 1, (End, 0), (End, 30), 2, 200),
];
const CONFIDENTIAL_TASKS: [TaskTemplate; 3] = [
    task("setup", "setup", 1, (Start, -30), (Start, 0), 1, 0),
    task("tea", "tea", 1, (Start, 0), (End, 0), 0, 30),
    // Documents are collected and the room checked before anyone else enters (保密管理).
    task("teardown", "setup", 2, (End, 0), (End, 20), 1, 0),
];
const FOREIGN_TASKS: [TaskTemplate; 5] = [
    task("setup", "setup", 1, (Start, -45), (Start, 0), 1, 40),
    task(
        "interpretation",
        "interpretation",
        3,
        (Start, -15),
        (End, 0),
        1,
        0,
    ),
    task("reception", "reception", 2, (Start, -30), (Start, 10), 1, 30),
    task("tea", "tea", 2, (Start, 0), (End, 0), 0, 25),
    task("teardown", "setup", 1, (End, 0), (End, 20), 1, 0),
];

impl Class {
    pub(crate) const ALL: [Class; 6] = [
        Class::SmallInternal,
        Class::Standard,
        Class::VideoConference,
        Class::LargeConference,
        Class::Confidential,
        Class::ForeignAffairs,
    ];

    pub(crate) fn id(self) -> &'static str {
        match self {
            Class::SmallInternal => "small_internal",
            Class::Standard => "standard",
            Class::VideoConference => "video_conference",
            Class::LargeConference => "large_conference",
            Class::Confidential => "confidential",
            Class::ForeignAffairs => "foreign_affairs",
        }
    }

    /// Relative frequency in a civic center's booking book (per mille).
    pub(crate) fn frequency(self) -> u64 {
        match self {
            Class::SmallInternal => 300,
            Class::Standard => 350,
            Class::VideoConference => 140,
            Class::LargeConference => 60,
            Class::Confidential => 90,
            Class::ForeignAffairs => 60,
        }
    }

    pub(crate) fn setup_minutes(self) -> i64 {
        match self {
            Class::SmallInternal => 10,
            Class::Standard | Class::VideoConference | Class::Confidential => 30,
            Class::LargeConference => 60,
            Class::ForeignAffairs => 45,
        }
    }

    pub(crate) fn teardown_minutes(self) -> i64 {
        match self {
            Class::SmallInternal => 10,
            Class::Standard | Class::VideoConference => 15,
            Class::LargeConference => 30,
            Class::Confidential | Class::ForeignAffairs => 20,
        }
    }

    pub(crate) fn tasks(self) -> &'static [TaskTemplate] {
        match self {
            Class::SmallInternal => &SMALL_TASKS,
            Class::Standard => &STANDARD_TASKS,
            Class::VideoConference => &VIDEO_TASKS,
            Class::LargeConference => &LARGE_TASKS,
            Class::Confidential => &CONFIDENTIAL_TASKS,
            Class::ForeignAffairs => &FOREIGN_TASKS,
        }
    }

    /// Inclusive attendee range.
    pub(crate) fn attendees(self) -> (i64, i64) {
        match self {
            Class::SmallInternal => (4, 15),
            Class::Standard => (10, 60),
            Class::VideoConference => (6, 40),
            Class::LargeConference => (100, 450),
            Class::Confidential => (5, 30),
            Class::ForeignAffairs => (8, 80),
        }
    }

    /// Inclusive duration range in minutes (on the 15-minute grid).
    pub(crate) fn duration(self) -> (i64, i64) {
        match self {
            Class::SmallInternal => (30, 90),
            Class::Standard => (60, 180),
            Class::VideoConference => (60, 120),
            Class::LargeConference => (120, 240),
            Class::Confidential => (60, 150),
            Class::ForeignAffairs => (60, 180),
        }
    }

    /// Inclusive priority range.
    pub(crate) fn priority(self) -> (i64, i64) {
        match self {
            Class::SmallInternal => (1, 3),
            Class::Standard => (2, 6),
            Class::VideoConference => (3, 7),
            Class::LargeConference => (6, 10),
            Class::Confidential => (5, 9),
            Class::ForeignAffairs => (7, 10),
        }
    }

    pub(crate) fn topics(self) -> &'static [&'static str] {
        match self {
            Class::SmallInternal => &["工作碰头会", "处室例会", "业务讨论会", "方案研讨", "周工作安排会"],
            Class::Standard => &[
                "专题工作会",
                "政策研讨会",
                "项目推进会",
                "工作部署会",
                "座谈会",
                "专家评审会",
            ],
            Class::VideoConference => &["全省视频会议", "视频调度会", "远程会商", "视频培训会"],
            Class::LargeConference => &[
                "全市工作大会",
                "动员部署大会",
                "表彰大会",
                "新闻发布会",
                "代表座谈会",
            ],
            Class::Confidential => &["保密工作会议", "内部审议会", "专题审议会", "应急预案审议会"],
            Class::ForeignAffairs => &["外事会见", "国际合作洽谈", "友好城市代表团会谈", "外商投资座谈会"],
        }
    }

    /// Person-minutes of service the class needs for one meeting.
    pub(crate) fn task_minutes(self, attendees: u32, duration: i64) -> i64 {
        self.tasks()
            .iter()
            .map(|t| {
                let (a, b) = t.span(duration);
                (b - a) * i64::from(t.people(attendees))
            })
            .sum()
    }

    pub(crate) fn to_json(self) -> Value {
        let anchor = |(a, offset): (Anchor, i64)| json!({ "anchor": if a == Anchor::Start { "start" } else { "end" }, "offset": offset });
        let tasks: Vec<Value> = self
            .tasks()
            .iter()
            .map(|t| {
                json!({ "name": t.name, "skill": t.skill, "level": t.level, "from": anchor(t.from),
                        "to": anchor(t.to), "staff": t.staff, "per_attendees": t.per_attendees })
            })
            .collect();
        json!({ "id": self.id(), "setup_minutes": self.setup_minutes(),
                "teardown_minutes": self.teardown_minutes(), "tasks": tasks })
    }
}

/// Portable and fixed equipment kinds [设施设备与用品管理].
pub(crate) const MIC: &str = "mic";
pub(crate) const PROJECTOR: &str = "projector";
pub(crate) const CAMERA: &str = "camera";
pub(crate) const HEADSET: &str = "interpretation_headset";
pub(crate) const LAPTOP: &str = "laptop";

/// Room features.
pub(crate) const VIDEO: &str = "video";
pub(crate) const INTERPRETATION: &str = "interpretation";
pub(crate) const ACCESSIBLE: &str = "accessible";
pub(crate) const RECORDING: &str = "recording";
pub(crate) const LED: &str = "led_screen";

/// Layouts [会场布置].
pub(crate) const THEATRE: &str = "theatre";
pub(crate) const CLASSROOM: &str = "classroom";
pub(crate) const BOARDROOM: &str = "boardroom";
pub(crate) const U_SHAPE: &str = "u_shape";

pub(crate) const DEPARTMENTS: [(&str, &str); 20] = [
    ("fgw", "市发改委"),
    ("czj", "市财政局"),
    ("jyj", "市教育局"),
    ("mzj", "市民政局"),
    ("wjw", "市卫健委"),
    ("zjj", "市住建局"),
    ("jtj", "市交通运输局"),
    ("swj", "市商务局"),
    ("wlj", "市文广旅游局"),
    ("scj", "市市场监管局"),
    ("sjj", "市数据资源局"),
    ("yjj", "市应急管理局"),
    ("sthj", "市生态环境局"),
    ("rsj", "市人力社保局"),
    ("ghj", "市规划和自然资源局"),
    ("sfj", "市司法局"),
    ("xfj", "市信访局"),
    ("wb", "市外办"),
    ("bgt", "市政府办公厅"),
    ("cgj", "市城管局"),
];

pub(crate) const SERIES_KINDS: [(&str, &str); 5] = [
    ("weekly-briefing", "周例会"),
    ("project-review", "项目调度会"),
    ("policy-study", "政策学习会"),
    ("safety-check", "安全生产例会"),
    ("petition-coordination", "信访协调会"),
];

pub(crate) const TITLES: [&str; 7] = [
    "vice-mayor",
    "secretary-general",
    "director",
    "deputy-director",
    "chief",
    "section-chief",
    "commissioner",
];

pub(crate) const SURNAMES_PINYIN: [&str; 20] = [
    "li", "wang", "zhang", "liu", "chen", "yang", "zhao", "huang", "zhou", "wu", "xu", "sun", "hu", "zhu",
    "gao", "lin", "he", "guo", "ma", "luo",
];

pub(crate) const SURNAMES: [&str; 20] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何",
    "郭", "马", "罗",
];

pub(crate) const GIVEN_NAMES: [&str; 24] = [
    "芳", "伟", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超",
    "秀英", "霞", "平", "刚", "桂英", "建华", "晓东",
];

#[cfg(test)]
mod tests {
    use super::Class;

    #[test]
    fn templates_never_give_an_empty_interval() {
        for class in Class::ALL {
            let (shortest, _) = class.duration();
            for t in class.tasks() {
                let (a, b) = t.span(shortest);
                assert!(a < b, "{}/{} is empty for {shortest} minutes", class.id(), t.name);
                assert!(
                    a >= -class.setup_minutes(),
                    "{}/{} starts before setup",
                    class.id(),
                    t.name
                );
            }
        }
    }

    #[test]
    fn task_minutes_of_a_standard_meeting() {
        // setup 30 min × (1 + ceil(45/40)=2) = 90, tea 90 × ceil(45/30)=2 = 180, teardown 15 × 1.
        assert_eq!(Class::Standard.task_minutes(45, 90), 90 + 180 + 15);
    }
}
