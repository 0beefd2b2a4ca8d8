//! The tables of a plan as CSV files: one file per table, the columns of its row type, lists
//! joined by `;`, absent values empty.

use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::plan::Tables;
use crate::plan::tables::{MeetingRow, StaffDayRow, TaskRow, UnassignedRow};

/// One cell of a serialized row.
fn cell(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) => items.iter().map(|x| cell(Some(x))).collect::<Vec<_>>().join(";"),
        Some(other) => other.to_string(),
    }
}

/// Writes rows as CSV with these columns (a header row first).
pub(crate) fn write_table<T: Serialize>(path: &Path, columns: &[&str], rows: &[T]) -> std::io::Result<()> {
    let mut w = csv::Writer::from_path(path)?;
    w.write_record(columns)?;
    for row in rows {
        let v = serde_json::to_value(row).map_err(std::io::Error::other)?;
        w.write_record(columns.iter().map(|c| cell(v.get(c))))?;
    }
    w.flush()
}

/// Writes `meetings.csv`, `tasks.csv`, `unassigned.csv` and `staff_load.csv` into `dir`
/// (created if needed).
pub fn write_tables_csv(tables: &Tables, dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    write_table(&dir.join("meetings.csv"), &MeetingRow::COLUMNS, &tables.meetings)?;
    write_table(&dir.join("tasks.csv"), &TaskRow::COLUMNS, &tables.tasks)?;
    write_table(
        &dir.join("unassigned.csv"),
        &UnassignedRow::COLUMNS,
        &tables.unassigned,
    )?;
    write_table(
        &dir.join("staff_load.csv"),
        &StaffDayRow::COLUMNS,
        &tables.staff_load,
    )
}
