"""A member's record over the parts of a group: lesson attendance, module progress, chapter reads, item sign-offs.

"an online language school: 2,000 students enrolled in 30 courses; each course has 12 lessons; lesson attendance
records": a reader expects one row per (enrollment, lesson) — the lesson one of the enrollment's course, no lesson
twice for one enrollment — dated after the enrollment, with a status. The composer drafts the parts (lessons per
course) but keys them to a student, and either drafts no record table or one made per the member or the group
with no key to a part. The pass works on the composed spec, like the sports and venue passes: where the request
names "<part> <record word>" ('lesson attendance', 'module progress', 'chapter reads', 'item sign-offs') and the
part's table is made per a group's table, it finds or adds the membership (a table keyed to the member and the
group; else one made per the member from the member's key to the group, or per the only person table), and
(re)writes the record made per membership, its part a ``distinct`` key with ``match`` through the membership
(``{course_id: enrollment_id.course_id}``: the engine gives the siblings different lessons of the course).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from simulacra.draft._nouns import singular
from simulacra.draft._spec_tables import date_of, is_person, key_to
from simulacra.draft._sport import tidy

#: a record word (singular) -> (its date column, its statuses)
_RECORDS: dict[str, tuple[str, dict[str, float]]] = {
    "attendance": ("attended_on", {"present": 0.82, "late": 0.08, "absent": 0.07, "excused": 0.03}),
    "completion": ("completed_on", {"completed": 0.88, "passed_late": 0.07, "reopened": 0.05}),
    "progress": ("updated_on", {"completed": 0.55, "in_progress": 0.35, "not_started": 0.1}),
    "view": ("viewed_on", {"finished": 0.7, "partial": 0.3}),
    "watch": ("watched_on", {"finished": 0.7, "partial": 0.3}),
    "read": ("read_on", {"finished": 0.75, "partial": 0.25}),
    "sign-off": ("signed_off_on", {"signed_off": 0.9, "rejected": 0.06, "waived": 0.04}),
    "signoff": ("signed_off_on", {"signed_off": 0.9, "rejected": 0.06, "waived": 0.04}),
    # a member's act on a part past the words above (draft37): a play or listen of an episode, a download of a
    # lecture, a submission of an assignment, a check-in of a workout
    "play": ("played_on", {"finished": 0.65, "partial": 0.35}),
    "listen": ("listened_on", {"finished": 0.65, "partial": 0.35}),
    "stream": ("streamed_on", {"finished": 0.65, "partial": 0.35}),
    "download": ("downloaded_on", {"completed": 0.96, "failed": 0.04}),
    "submission": ("submitted_on", {"on_time": 0.8, "late": 0.14, "resubmitted": 0.06}),
    "check-in": ("checked_in_on", {"done": 0.8, "partial": 0.12, "skipped": 0.08}),
    "checkin": ("checked_in_on", {"done": 0.8, "partial": 0.12, "skipped": 0.08}),
}
#: a group whose members subscribe rather than enroll
_SUBSCRIBED = frozenset({"series", "show", "podcast", "channel", "magazine"})
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")
#: record words that need the members said in words (a page is viewed, a song played, by anyone, again and again)
_CONSUMED = frozenset({"view", "watch", "read", "play", "listen", "stream", "download"})
#: verbs that make a person a member of a group
_JOINING = frozenset(
    "enrolled enrolls enroll enrolling subscribed subscribes subscribing assigned joined joins following follows "
    "registered attend attends attending taking takes".split()
)


def _per(table: dict[str, Any]) -> str | None:
    rows = table.get("rows")
    return str(rows["per"]) if isinstance(rows, dict) and "per" in rows else None


def _table_of(word: str, tables: dict[str, Any]) -> str | None:
    """The table a part word names: 'lesson' -> lessons, 'item' -> items or checklist_items."""
    one = singular(word)
    exact = [t for t in tables if singular(t) == one]
    ends = [t for t in tables if "_" in t and singular(t.split("_")[-1]) == one]
    found = exact or ends
    return found[0] if len(found) == 1 else None


def _parts_each(count: Any) -> tuple[int, float]:
    """(the fewest parts a group surely has, how many it has on average) from a ``rows.per`` count."""
    if not isinstance(count, dict):
        return 0, 3.0
    kind = count.get("distribution")
    if kind == "fixed":
        n = int(count.get("value", 0))
        return n, float(n)
    if kind == "categorical" and count.get("values"):  # '10 to 30 lessons': each count equally likely
        values = [int(v) for v in count["values"]]
        return min(values), sum(values) / len(values)
    if kind == "uniform":
        low, high = int(count.get("low", 0)), int(count.get("high", 0))
        return low, (low + high) / 2
    mean = count.get("lam", count.get("mean")) or 3.0
    return int(count.get("min", 0)), float(mean)


def _mentioned(spec: dict[str, Any], table: str, column: str, *, constraints: bool = True) -> bool:
    """Whether anything but the column itself names ``table.column`` (a match, an 'after', a scenario, and with
    ``constraints`` a constraint: one that only served the column goes with it otherwise)."""
    tables = spec["tables"]
    readers = {table} | {t for t, ts in tables.items() if key_to(ts, table) is not None}
    for t in readers:
        for name, col in tables[t]["columns"].items():
            if t == table and name == column:
                continue
            for v in _strings(col):
                if v == column or v.endswith(f".{column}") or re.search(rf"\b{re.escape(column)}\b", v):
                    return True
    return any(
        constraints and c.get("table") == table and column in str(c) for c in spec.get("constraints", [])
    ) or any(sc.get("table") == table and column in str(sc) for sc in spec.get("scenarios", []))


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() if k not in ("generator", "references") for s in _strings(v) + [str(k)]]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _asked(text: str, tables: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(part table, record word, record table name) for each "<part> <record word>" the request says."""
    words = _WORD.findall(text.lower())
    out: list[tuple[str, str, str]] = []
    for i, w in enumerate(words[1:], start=1):
        one = w if w in ("progress", "attendance") else singular(w)
        if one not in _RECORDS:
            continue
        part = _table_of(words[i - 1], tables)
        if part is not None and _per(tables[part]) is not None:
            out.append((part, one, f"{singular(words[i - 1])}_{w}".replace("-", "_")))
    return out


def _says_members(text: str, person: str, word: str) -> bool:
    """Whether a lone people table is the members: attendance, completions, progress and sign-offs are a
    member's; views, watches and reads only where the request ties people to groups in words, a verb of joining
    ('subscribed to') or the record said of or by them ('chapter reads by readers') — '20,000 visitors, page
    views' is no membership (a visitor views pages of any site, again and again)."""
    if word not in _CONSUMED:
        return True
    words = _WORD.findall(text.lower())
    if any(w in _JOINING for w in words):
        return True
    names = {person, singular(person)}
    return any(a in ("of", "by", "per") and b in names for a, b in zip(words, words[1:], strict=False))


def _membership(
    spec: dict[str, Any],
    group: str,
    record: str,
    span: tuple[dt.date, dt.date],
    notes: list[str],
    text: str,
    word: str,
) -> tuple[str, str, str] | None:
    """(membership table, its key, its column keyed to the group): found, or made; None when no member is found."""
    tables = spec["tables"]
    for t, ts in tables.items():  # a table made per a person table with a key to the group: enrollments
        per = _per(ts)
        if t not in (record, group) and per is not None and is_person(tables[per]) and key_to(ts, group) is not None:
            key = ts.get("primary_key")
            col = key_to(ts, group)
            return (t, str(key), str(col)) if key and col else None
    people = [t for t, ts in tables.items() if is_person(ts) and _per(ts) is None and t != record]
    keyed = [t for t in people if key_to(tables[t], group) is not None]
    if keyed:
        member = max(keyed, key=lambda t: tables[t]["rows"] if isinstance(tables[t]["rows"], int) else 0)
    elif len(people) == 1 and _says_members(text, people[0], word):
        member = people[0]
    else:
        return None
    mkey = tables[member].get("primary_key")
    gkey = tables[group].get("primary_key")
    if not mkey or not gkey:
        return None
    name = "subscriptions" if singular(group.split("_")[-1]) in _SUBSCRIBED else "enrollments"
    if name in tables:
        name = f"{singular(member)}_{group}"
    if name in tables:
        return None
    key = f"{singular(name)}_id"
    gcol = str(gkey) if gkey not in (mkey, key) else f"{singular(group)}_ref"
    date = "subscribed_on" if name == "subscriptions" else "enrolled_on"
    many = tables[group]["rows"] if isinstance(tables[group]["rows"], int) else 3
    tables[name] = {
        "primary_key": key,
        "rows": {"per": member, "count": {"distribution": "uniform", "low": 1, "high": max(1, min(3, many))}},
        "columns": {
            key: {"generator": "sequence"},
            str(mkey): {"generator": "foreign_key", "references": f"{member}.{mkey}"},
            gcol: {"generator": "foreign_key", "references": f"{group}.{gkey}", "distinct": True},
            date: {"generator": "date", "start": span[0].isoformat(), "end": span[1].isoformat()},
        },
        "description": f"a {singular(member)} in a {singular(group)}: one row per pair, no {singular(group)} twice",
    }
    notes.append(
        f"{name}: added, one row per {singular(member)} and {singular(group)} (1 to {max(1, min(3, many))} "
        f"{group} each, none twice)"
    )
    old = key_to(tables[member], group)
    if old is not None and not _mentioned(spec, member, old):
        del tables[member]["columns"][old]
        _dropped(notes, member, old)
        notes[:] = [n for n in notes if not n.startswith(f"{member} refer to {group}")]
        notes.append(f"{member}: no {old} ({singular(member)} and {singular(group)} are paired in {name})")
    return name, key, gcol


def _dropped(notes: list[str], table: str, column: str) -> None:
    """Take a column the pass took out of the note listing the table's columns."""
    head = f"{table}: the columns of"
    notes[:] = [n.replace(f" {column}, ", " ").replace(f", {column}", "") if n.startswith(head) else n for n in notes]


def count_asked(rows: Any, said: int | None) -> int | None:
    """The record's rows when the request said them as a count ('20,000 lesson completions'): the composer's
    whole-table count, kept only where it is the count the record's own noun was said with (``said``, from the
    parsed mention) — not a count derived ('lesson completions every week': 52) or a default that happens to equal
    a number written for another table ('52 tutors')."""
    if not isinstance(rows, int) or isinstance(rows, bool) or rows < 1:
        return None
    return rows if rows == said else None


#: room left on each side of a total's reach: the scaled rows of members and records round apart
_ROOM = 1.1


def _fit_total(tables: dict[str, Any], member_of: str, group: str, asked: int, most: int) -> tuple[int, bool] | None:
    """The least records per membership with ``asked`` records in all (``rows.total``), each membership holding at
    most ``most`` (its group's sure parts), and whether the memberships each member makes were raised (where too few
    could hold the count). None where the memberships' number is not known or cannot be made to hold it."""
    rows = tables[member_of]["rows"]
    raised = False
    if isinstance(rows, int):
        fewest = largest = rows
    elif isinstance(rows, dict) and isinstance(rows.get("total"), int):
        fewest = largest = int(rows["total"])
    elif isinstance(rows, dict) and isinstance(tables.get(str(rows.get("per")), {}).get("rows"), int):
        members = int(tables[str(rows["per"])]["rows"])
        count = rows.get("count")
        if not isinstance(count, dict) or count.get("distribution") not in ("uniform", "fixed"):
            return None
        lo, hi = (
            (int(count["low"]), int(count["high"]))
            if count["distribution"] == "uniform"
            else (int(count["value"]),) * 2
        )
        need = math.ceil(asked * _ROOM / (members * most))
        groups = tables[group]["rows"]
        if lo < need:  # each member in more groups ('18,000 attendances' of 1,500 students, 10 classes a course)
            if not isinstance(groups, int) or need > groups or "zero_rate" in rows:
                return None
            lo, hi = need, need + hi - lo  # the same spread, from the least that holds the count
            rows["count"] = {"distribution": "uniform", "low": lo, "high": hi}
            raised = True
        fewest, largest = members * lo, members * hi
    else:
        return None
    if fewest * most < asked * _ROOM:
        return None
    return max(0, math.floor(asked / (largest * _ROOM))), raised


def progress_records(
    spec: dict[str, Any],
    text: str,
    span: tuple[dt.date, dt.date],
    notes: list[str],
    said: dict[str, int] | None = None,
) -> None:
    """Rewrite or add each "<part> <record word>" table as one row per membership and part of its group;
    ``said``: the count each table's noun was said with in the request (the composer's, from the parse)."""
    tables = spec["tables"]
    for part, word, name in _asked(text, tables):
        group = _per(tables[part])
        if group is None or group not in tables or key_to(tables[part], group) is None or is_person(tables[group]):
            continue  # parts of a person ('customers with 1 to 2 meters each, meter reads') are no group's
        pgcol, pkey = str(key_to(tables[part], group)), tables[part].get("primary_key")
        # an existing record: the table so named, or named by the word alone ('progress')
        plain = word if word in ("progress", "attendance") else name.split("_", 1)[-1]
        record = next((t for t in (name, plain) if t in tables), name)
        if record in (part, group) or not pkey:
            continue
        if any(key_to(ts, record) is not None for t, ts in tables.items() if t != record) or any(
            sc.get("table") == record for sc in spec.get("scenarios", [])
        ):
            continue  # something else reads the record as it is: leave it
        found = _membership(spec, group, record, span, notes, text, word)
        if found is None:
            continue
        member_of, ekey, egcol = found
        member = _per(tables[member_of])
        if member is not None:  # a part keyed to one member is a part of the group, not a member's
            mcol = key_to(tables[part], member)
            if mcol is not None and not _mentioned(spec, part, mcol, constraints=False):
                del tables[part]["columns"][mcol]  # its constraints ('one student at a time') go in tidy
                _dropped(notes, part, mcol)
                notes[:] = [
                    n
                    for n in notes
                    if not n.startswith((f"{part} refer to {member}", f"{part}: no {singular(member)}"))
                ]
                notes.append(f"{part}: no {mcol} (a {singular(part)} is of its {singular(group)}, not one member's)")
        surely, mean = _parts_each(tables[part]["rows"].get("count"))
        high = surely if surely >= 1 else max(1, round(mean))
        low = max(1, math.ceil(high / 2))
        asked = count_asked(tables[record]["rows"] if record in tables else None, (said or {}).get(record))
        fit = _fit_total(tables, member_of, group, asked, high) if asked is not None else None
        least = fit[0] if fit is not None else None
        if fit is not None:
            raised = fit[1]
            low = min(low, fit[0])
            if raised:
                count = tables[member_of]["rows"]["count"]
                each = f"{count['low']} to {count['high']} {group}"
                added = [n for n in notes if n.startswith(f"{member_of}: added")]
                notes[:] = [re.sub(rf"\d+ to \d+ {group}", each, n) if n in added else n for n in notes]
                if not added:
                    notes.append(f"{member_of}: {each} per {singular(str(member))} (room for the {asked:,} asked)")
        elif asked is not None:
            notes.append(f"{record}: the {asked:,} asked cannot be spread over the {member_of} (not kept)")
        rkey = f"{singular(record)}_id" if not record.endswith("progress") else f"{record}_id"
        date, statuses = _RECORDS[word]
        when: dict[str, Any] = {"generator": "date", "end": span[1].isoformat()}
        # after the membership began and, where the part is dated (a lesson's start), after the part
        after = [f"{ekey}.{d}" for d in [date_of(tables[member_of])] if d is not None]
        after += [f"{pkey}.{d}" for d in [date_of(tables[part])] if d is not None]
        if after:
            when["after"] = after if len(after) > 1 else after[0]
        else:
            when["start"] = span[0].isoformat()
        tables.pop(record, None)
        tables[record] = {
            "primary_key": rkey,
            "rows": {
                "per": member_of,
                "count": {"distribution": "uniform", "low": low, "high": high},
                **({"total": asked} if least is not None else {}),
            },
            "columns": {
                rkey: {"generator": "sequence"},
                ekey: {"generator": "foreign_key", "references": f"{member_of}.{ekey}"},
                str(pkey): {
                    "generator": "foreign_key",
                    "references": f"{part}.{pkey}",
                    "match": {pgcol: f"{ekey}.{egcol}"},
                    "distinct": True,
                },
                date: when,
                "status": {"generator": "categorical", "values": dict(statuses)},
            },
            "description": f"{word} of one {singular(member_of)} over the {part} of its {singular(group)}",
        }
        tidy(spec, [part, record], notes, span)
        notes[:] = [n for n in notes if not n.startswith(f"{record}: ") and not n.startswith(f"{record} ")]
        dated = " and the ".join(singular(a.split(".")[0].removesuffix("_id")) for a in after) or "span's start"
        notes.append(
            f"{record}: one row per {singular(member_of)} and {singular(part)}, the {singular(part)} one of the "
            f"{singular(member_of)}'s {singular(group)} and none twice ({low} to {high} per {singular(member_of)}"
            + (f", {asked:,} in all" if least is not None else "")
            + f"), dated after the {dated}"
        )
