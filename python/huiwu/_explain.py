"""`Plan.explain`: one readable paragraph about one meeting."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from huiwu._plan import Plan


def _hm(t: str | None) -> str:
    """``HH:MM`` of a SPEC date-time."""
    return t[11:16] if t else "?"


def _people(n: int, word: str = "person") -> str:
    return f"{n} {word}" if n == 1 else f"{n} {'people' if word == 'person' else word + 's'}"


def _list(items: list[str]) -> str:
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def _costs(plan: Plan, meeting_id: str) -> list[str]:
    """The violations and cost items that name this meeting, as short phrases."""
    out = []
    for v in plan.violations():
        if meeting_id not in v.meetings:
            continue
        if v.level == "hard":
            out.append(f"a hard violation of {v.rule} ({v.message})")
        else:
            out.append(f"{v.rule} {v.cost} ({v.message})")
    return out


def _placed(plan: Plan, info: dict[str, Any], row: dict[str, Any]) -> str:
    problem = plan.problem
    mid = info["id"]
    title = f" “{info['title']}”" if info["title"] else ""
    room = problem.room(row["room"]) if row["room"] is not None else None
    seats = row["seats"]
    layout = f" in the {info['layout']} layout" if info["layout"] else ""
    parts = [
        f"{mid}{title} ({info['attendees']} attendees, {info['duration']} min, class {info['class']}) "
        f"is held in room {row['room']} (building {row['building']}, {seats} seats{layout}) "
        f"on {row['day']} from {_hm(row['start'])} to {_hm(row['end'])}."
    ]

    why = []
    if info["pinned"]:
        why.append("it is pinned there (already announced)")
    fitting = info["fitting_rooms"]
    needs = []
    if info["features"]:
        needs.append("features " + ", ".join(info["features"]))
    if info["confidential"]:
        needs.append(f"confidentiality {info['confidential']}")
    need_txt = f" and {_list(needs)}" if needs else ""
    why.append(
        f"{len(fitting)} of the {info['rooms_total']} rooms fit its {info['attendees']} attendees{need_txt}"
    )
    if seats is not None and seats >= info["attendees"]:
        waste = seats - info["attendees"]
        why.append("it fills the room exactly" if waste == 0 else f"{waste} seats stay empty")
    if info["preferred_rooms"]:
        if row["room"] in info["preferred_rooms"]:
            why.append("it is a preferred room")
        else:
            why.append(f"the preferred rooms ({', '.join(info['preferred_rooms'])}) were not used")
    if info["preferred_start"]:
        if info["preferred_start"] == row["start"]:
            why.append("it starts at the preferred time")
        else:
            why.append(f"the preferred start was {_hm(info['preferred_start'])} on {info['preferred_start'][:10]}")
    if info["series"]:
        why.append(f"it belongs to the series {info['series']}")
    if room is not None and room["open_cost"]:
        why.append(f"opening this room on a day costs {room['open_cost']}")
    parts.append("Why there: " + "; ".join(why) + ".")

    tasks = [t for t in plan._native.task_rows() if t["meeting"] == mid]
    if tasks:
        staff_parts = []
        for t in tasks:
            who = ", ".join(t["staff"]) if t["staff"] else "nobody"
            start, end = _hm(t["start"]), _hm(t["end"])
            missing = f", {t['missing']} still missing" if t["missing"] else ""
            staff_parts.append(f"{t['name']} {start}–{end} ({t['skill']}, needs {t['need']}): {who}{missing}")
        parts.append("Staff: " + "; ".join(staff_parts) + ".")
    else:
        parts.append("Its service class creates no staffed tasks.")
    if info["preferred_staff"]:
        parts.append(f"Preferred staff: {', '.join(info['preferred_staff'])}.")

    costs = _costs(plan, mid)
    if costs:
        parts.append("Costs it causes: " + "; ".join(costs) + ".")
    else:
        parts.append("It causes no cost.")
    return " ".join(parts)


def _unassigned(plan: Plan, info: dict[str, Any], reason: str) -> str:
    mid = info["id"]
    title = f" “{info['title']}”" if info["title"] else ""
    parts = [
        f"{mid}{title} ({info['attendees']} attendees, {info['duration']} min, priority {info['priority']}) "
        f"is not placed: {reason.rstrip('.')}."
    ]
    total = info["rooms_total"]
    facts = [f"{info['rooms_big_enough']} of the {total} rooms seat {info['attendees']}"]
    if info["layout"]:
        facts[0] += f" in the {info['layout']} layout"
    if info["features"]:
        facts.append(f"{info['rooms_with_features']} have {', '.join(info['features'])}")
    if info["confidential"]:
        facts.append(f"{info['rooms_cleared']} are cleared for confidentiality {info['confidential']}")
    n_fit = len(info["fitting_rooms"])
    facts.append(f"{n_fit} {'meets' if n_fit == 1 else 'meet'} every room requirement")
    parts.append(_list(facts).capitalize() + ".")
    if info["windows"] is not None:
        if info["windows"]:
            ws = ", ".join(f"{w['earliest_start'].replace('T', ' ')}–{_hm(w['latest_end'])}" for w in info["windows"])
            parts.append(f"It may only take place within {ws}.")
        else:
            parts.append("It has no time window at all (windows: []).")
    if info["people"]:
        parts.append(f"Its participants {', '.join(info['people'])} cannot be in two meetings at once.")
    costs = _costs(plan, mid)
    if costs:
        parts.append("Leaving it out costs " + "; ".join(costs) + ".")
    return " ".join(parts)


def explain(plan: Plan, info: dict[str, Any]) -> str:
    """The paragraph for `Plan.explain`."""
    mid = info["id"]
    for row in plan._native.meeting_rows():
        if row["id"] == mid:
            return _placed(plan, info, row)
    for u in plan._native.unassigned_rows():
        if u["id"] == mid:
            return _unassigned(plan, info, u["reason"] or "no reason was given")
    return f"{mid} appears neither among the placed nor among the unassigned meetings of this plan."
