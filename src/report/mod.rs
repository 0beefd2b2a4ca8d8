//! What the office reads back (SPEC §9): KPIs, iCalendar feeds, the printed plan and work
//! orders — computed from the problem and the plan alone, with the scorer's own quantities.

pub mod kpi;

pub use kpi::{
    BuildingKpi, ClassCount, Fairness, Kpis, MeetingKpis, RoomKpi, ServiceKpis, SkillCount, StaffKpi,
};
