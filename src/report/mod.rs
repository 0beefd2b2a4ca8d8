//! What the office reads back (SPEC §9): KPIs, iCalendar feeds, the printed plan and work
//! orders — computed from the problem and the plan alone, with the scorer's own quantities.

pub mod html;
pub mod ical;
pub mod kpi;
pub mod orders;

pub use html::{CLASS_COLOURS, HtmlOptions, html_report};
pub use ical::{Feed, IcalOptions, feeds as ical_feeds, previous_sequences, stamp_now, write_feeds};
pub use kpi::{
    BuildingKpi, ClassCount, Fairness, Kpis, MeetingKpis, RoomKpi, ServiceKpis, SkillCount, StaffKpi,
};
pub use orders::{WorkOrderRow, work_orders, write_work_orders};
