//! Requests for the live-operations benchmarks (`benches/live.rs`, `examples/live_bench.rs`): a
//! new meeting like one of a generated week's, with its own size, length and one day's window.

use serde_json::{Value, json};

/// A copy of the week `v`'s meeting number `meeting` (modulo their count) as request `id`:
/// without pins, series, windows, people or preferred staff, with `attendees` and `duration`,
/// and a window over 08:00–18:00 of planning day number `day`. `None` when the week has no
/// meetings or no days.
pub fn like_meeting(
    v: &Value,
    meeting: usize,
    day: usize,
    attendees: usize,
    duration: u32,
    id: &str,
) -> Option<Value> {
    let ms = v["meetings"].as_array()?;
    let days = v["days"].as_array()?;
    let mut m = ms.get(meeting % ms.len().max(1))?.clone();
    let day = days.get(day % days.len().max(1))?.as_str()?;
    let o = m.as_object_mut()?;
    for k in [
        "pinned",
        "series",
        "preferred_start",
        "windows",
        "people",
        "preferred_staff",
    ] {
        o.remove(k);
    }
    o.insert("id".into(), json!(id));
    o.insert("attendees".into(), json!(attendees));
    o.insert("duration".into(), json!(duration));
    o.insert(
        "windows".into(),
        json!([{ "earliest_start": format!("{day}T08:00"), "latest_end": format!("{day}T18:00") }]),
    );
    Some(m)
}
