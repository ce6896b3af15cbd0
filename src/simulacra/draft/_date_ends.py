"""A date that must end by a day never follows one that may pass it (issue 20, draft59).

"drivers bought visits, for a week" after "monthly rooms": a visit's ``starts_at`` follows its driver's
``hired_on`` and ends with the span, but ``hired_on`` follows the room's ``opened_on`` by an open-ended gap,
so some drivers are hired after the span ends and no visit of theirs can be both after the hiring and inside the
span: the spec validates but its rows do not. The same where the date followed is drawn over the catalogue's own
range (a library member's ``joined_on`` up to mid-2024) and the request's span ends before that. Whatever rule set the ``end``, a date it follows (through
``after``, directly or through the dates those follow) is bounded by the same end: its gap is drawn within the
window, as every date that ends with the span already is. Runs last, on the composed spec.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

_DATES = ("date", "datetime")


def _followed(spec: dict[str, Any], table: str, ref: str) -> tuple[str, str] | None:
    """The (table, column) a reference of ``after`` names: a column of the row ('month_start'), a column of the
    table a key of the row refers to ('driver_id.hired_on'), or a table's column ('rooms.opened_on')."""
    tables = spec["tables"]
    cols = tables[table]["columns"]
    via, dot, col = ref.partition(".")
    if not dot:
        return (table, ref) if ref in cols else None
    key = cols.get(via)
    if isinstance(key, dict) and key.get("generator") == "foreign_key":
        via = str(key["references"]).split(".")[0]
    return (via, col) if via in tables and col in tables[via]["columns"] else None


def _dates_followed(
    spec: dict[str, Any], table: str, col: dict[str, Any]
) -> list[tuple[tuple[str, str], dict[str, Any]]]:
    """Each (table, column) that ``col``'s ``after`` names, with its column, where that column is a date."""
    tables = spec["tables"]
    refs = col["after"] if isinstance(col["after"], list) else [col["after"]]
    out = []
    for ref in refs:
        found = _followed(spec, table, str(ref))
        if found is None:
            continue
        up = tables[found[0]]["columns"][found[1]]
        if isinstance(up, dict) and up.get("generator") in _DATES:
            out.append((found, up))
    return out


def ends_bound_what_they_follow(spec: dict[str, Any], notes: list[str]) -> None:
    """Give each date an ``after`` leads to from a date that ends by a day the same end where it has none or a
    later one: one drawn after another date (a gap that may run past the end), or one drawn over a range that
    runs past the end (a member who joins in 2024 cannot be messaged in 2023)."""
    tables = spec["tables"]
    todo = [
        (t, n) for t, ts in tables.items() for n, c in ts["columns"].items() if isinstance(c, dict) and c.get("end")
    ]
    while todo:
        table, name = todo.pop(0)
        col = tables[table]["columns"][name]
        if col.get("generator") not in _DATES or "after" not in col:
            continue
        end = str(col["end"])
        for found, up in _dates_followed(spec, table, col):
            if up.get("end") is not None and str(up["end"])[:10] <= end[:10]:
                continue
            if "after" not in up and not (up.get("start") is not None and str(up["start"])[:10] < end[:10]):
                continue  # drawn over a range starting past the end, or derived: not a bound this pass can set
            why = "a gap past the end" if "after" in up else f"a date drawn up to {str(up.get('end'))[:10]}"
            up["end"] = end
            notes.append(
                f"{found[0]}: {found[1]} ends by {end[:10]}, as {table}.{name} that follows it does ({why} would "
                "leave no day for it)"
            )
            todo.append(found)


def _last_step(end: str, seconds: int) -> str | None:
    """The last instant on a step of ``seconds`` from midnight before the end of ``end`` (a day), as ISO text;
    None where the end is not a day or the step does not divide a day."""
    if len(end) != 10 or seconds <= 0 or 86_400 % seconds:
        return None
    try:
        day = dt.date.fromisoformat(end)
    except ValueError:
        return None
    return (dt.datetime.combine(day, dt.time()) + dt.timedelta(days=1, seconds=-seconds)).isoformat()


def room_for_a_step(spec: dict[str, Any], notes: list[str]) -> None:
    """A date-time drawn after another on a step (``resolution``: 'every 15 minutes') and ending by a day
    needs a step between the date it follows and the end: a tenant created at 23:50 on the span's last day
    leaves no quarter hour for an inspection after it (the step below is before the tenant, the one above past
    the end; a valid spec whose rows fail). The date-time it follows, drawn to the same day without a step of
    its own, ends at the last step instead (the last 15 minutes of the span are left out of it). Runs after
    ``ends_bound_what_they_follow``, which gives the dates followed their end."""
    tables = spec["tables"]
    for table, ts in tables.items():
        for name, col in ts["columns"].items():
            if not isinstance(col, dict) or col.get("generator") != "datetime" or "after" not in col:
                continue
            step, end = col.get("resolution"), col.get("end")
            if not isinstance(step, int) or end is None:
                continue
            last = _last_step(str(end), step)
            if last is None:
                continue
            for found, up in _dates_followed(spec, table, col):
                if up.get("generator") != "datetime" or str(up.get("end")) != str(end):
                    continue
                own = up.get("resolution")
                if isinstance(own, int) and own % step == 0:
                    continue  # on steps of its own that are steps of this one: a step is always left
                up["end"] = last
                notes.append(
                    f"{found[0]}: {found[1]} ends before {last.replace('T', ' ')[:16]}, the last {_step_words(step)} "
                    f"step of {table}.{name} that follows it (one later would leave it no step by {end})"
                )


def _step_words(seconds: int) -> str:
    if seconds % 3600 == 0:
        return f"{seconds // 3600}-hour"
    if seconds % 60 == 0:
        return f"{seconds // 60}-minute"
    return f"{seconds}-second"
