"""A venue's spaces read as places, and the tickets it sells read as sales of a seat at one of its acts.

"a theatre: 3 stages, 400 performances, 30,000 ticket sales": the catalogue has no stage, screen or court, so
WordNet read 'stages' as events (a start, a duration, a status), 'screens' as devices (a serial, a model) and
'courts' as organisations, and the sales as orders of a stage. A reader of box-office or booking data expects a
small table of the venue's spaces (a name, the seats or the surface), the performances, screenings or bookings
held AT one of them, and each ticket sold for one performance (its price, when it was sold, the buyer where the
request has people). The pass works on the composed spec, like the sports pass: where a space table that no
catalogue kind made is the place of an act (a table of performances, screenings, talks or bookings with a key to
it), those tables are rewritten.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from simulacra.draft._nouns import singular
from simulacra.draft._spec_tables import filled_by_rows
from simulacra.draft._sport import head_of, keys_to, tidy

#: a venue's space -> (its name's word, the seats one holds, low and high; None: a court or a pitch, no seats)
_SPACES: dict[str, tuple[str, tuple[int, int] | None]] = {
    "stage": ("Stage", (150, 1200)),
    "screen": ("Screen", (60, 450)),
    "hall": ("Hall", (300, 2500)),
    "auditorium": ("Auditorium", (150, 1500)),
    "studio": ("Studio", (30, 200)),
    "room": ("Room", (20, 300)),
    "court": ("Court", None),
    "pitch": ("Pitch", None),
    "rink": ("Rink", None),
    "lane": ("Lane", None),
}
#: the surface of a space played on
_SURFACES = {
    "court": {"hard": 0.5, "synthetic": 0.3, "wood": 0.2},
    "pitch": {"grass": 0.6, "artificial_turf": 0.4},
    "rink": {"ice": 1.0},
    "lane": {"synthetic": 0.7, "wood": 0.3},
}
#: what happens at a space: a performance on a stage, a screening on a screen, a booking of a court
_ACTS = frozenset(
    "performance screening show concert gig play recital talk session lecture presentation keynote workshop "
    "booking reservation rehearsal meeting event".split()
)
#: a sale of a seat at one act
_SOLD = frozenset({"sale", "ticket", "seat", "admission"})
#: people who buy the tickets, in the order preferred when the request has several
_BUYERS = ("customer", "buyer", "patron", "attendee", "audience", "guest", "member", "visitor", "spectator", "fan")


def _of(spec_table: dict[str, Any], table: str) -> bool:
    """The table names `table`: a key to it, or its rows are made per it."""
    rows = spec_table["rows"]
    return bool(keys_to(spec_table["columns"], table)) or (isinstance(rows, dict) and rows.get("per") == table)


def _depends(tables: dict[str, Any], a: str, b: str) -> bool:
    """Table ``a`` names ``b`` through its keys and the parents its rows are made per, directly or through
    others: a key from ``b`` to ``a`` would close a cycle no generator can order (an invalid spec)."""
    seen, todo = set(), [a]
    while todo:
        t = todo.pop()
        if t == b:
            return True
        if t in seen or t not in tables:
            continue
        seen.add(t)
        rows = tables[t]["rows"]
        todo += [str(c["references"]).split(".")[0] for c in tables[t]["columns"].values() if _is_key(c)]
        if isinstance(rows, dict) and "per" in rows:
            todo.append(str(rows["per"]))
    return False


def _is_key(col: Any) -> bool:
    return isinstance(col, dict) and col.get("generator") == "foreign_key"


def _made_per_parent(table: dict[str, Any]) -> bool:
    """The table's rows are made per a parent's: a venue's fixed set of spaces ('static') it cannot be."""
    rows = table["rows"]
    return isinstance(rows, dict) and "per" in rows


def _catalogued(table: dict[str, Any]) -> bool:
    return "from the draft catalogue" in str(table.get("description", ""))


def venue_spaces(spec: dict[str, Any], text: str, span: tuple[dt.date, dt.date], notes: list[str]) -> None:
    """Rewrite a venue's spaces, the acts held at them and the tickets sold for those (see the module's doc)."""
    tables = spec["tables"]
    spaces = [t for t in tables if head_of(t) in _SPACES]
    for space in spaces:
        acts = [t for t in tables if t != space and head_of(t) in _ACTS and _of(tables[t], space)]
        if _catalogued(tables[space]):
            acts = []  # a hotel's rooms, booked: the catalogue's, left as they are
        if _made_per_parent(tables[space]):
            # a space made per a parent ('campers book tent pitches', 'room keys' of a session): its rows follow it,
            # not a venue's; asked before any act is keyed to it, or an act it is made per would be keyed to it too
            # (a cycle of keys: an invalid spec, issue 20, draft59)
            continue
        if not acts and len(spaces) == 1:
            acts = _unplaced_acts(tables, space, notes)
        if not acts:
            continue
        rewritten = [space, *acts]
        _place(tables[space], space)
        for name, t in tables.items():  # a count by the space's status ('none for a cancelled stage'): a place has none
            rows = t["rows"]
            if (
                isinstance(rows, dict)
                and rows.get("per") == space
                and rows.get("by") not in (None, *tables[space]["columns"])
            ):
                rows.pop("by")
                rows.pop("counts", None)
                notes[:] = [n for n in notes if not n.startswith(f"{name}: none for {singular(space)} rows with")]
        people = [t for t in tables if t not in rewritten and "first_name" in tables[t]["columns"]]
        for p in people:  # a member or a customer is not of one court or one stage
            cols = tables[p]["columns"]
            for k in keys_to(cols, space):
                if filled_by_rows(tables[p], k):
                    continue  # made per the space: the key its rows are made per stays (draft59)
                del cols[k]
                notes.append(f"{p}: no key to {space} (people are not of one {singular(space)})")
                rewritten.append(p)
        buyer = next((p for w in _BUYERS for p in people if head_of(p) == w), people[0] if people else None)
        act = max(acts, key=lambda t: tables[t]["rows"] if isinstance(tables[t]["rows"], int) else 0)
        for a in acts:
            _event(tables[a], a, span)
            _per_day(tables[a], a, space, span, notes)
            if head_of(a) in ("booking", "reservation") and buyer is not None and not _depends(tables, buyer, a):
                _key(tables[a], buyer, tables[buyer])
        before = set(tables)
        sold = _ticket_sales(spec, text, space, act)
        gone = [*(before - set(tables)), *[t for t in sold if t not in before], *sold]
        if "ticket_sales" in sold and "ticket_sales" not in before:
            gone.append("sales")
        notes[:] = [n for n in notes if not _stale(n, gone, space, acts)]
        for t in sold:
            _sale(tables, t, act, buyer, notes)
            rewritten.append(t)
        tidy(spec, rewritten, notes, span)
        notes[:] = [n for n in notes if not _names_gone_column(n, tables)]
        notes.append(
            f"a venue: {space} are places ({'seats' if _SPACES[head_of(space)][1] else 'surface'}), "
            f"{', '.join(acts)} happen at one of them"
            + (f"; {', '.join(sold)} are tickets sold for one of {act}" if sold else "")
        )


#: acts given on a stage or in a room of a venue (not a booking or a meeting: a hotel's rooms are booked, its
#: catalogued rooms are its own)
_GIVEN = _ACTS - {"booking", "reservation", "meeting", "event"}
_BOOKED = frozenset({"booking", "reservation", "stay", "rental", "occupancy", "meeting", "event"})


def _related(table: dict[str, Any]) -> bool:
    """The table has a key to another or is made per one: the request related it ("sessions where an engineer
    records a band"), its dates follow those parents; the pass does not move it into a space."""
    rows = table["rows"]
    return any(isinstance(c, dict) and c.get("generator") == "foreign_key" for c in table["columns"].values()) or (
        isinstance(rows, dict) and "per" in rows
    )


def _unplaced_acts(tables: dict[str, Any], space: str, notes: list[str]) -> list[str]:
    """'a tech conference: 5 rooms, 120 talks': the only space table of the request (the catalogue's 'room', a
    site with an address) and talks, lectures or performances that no catalogue kind made and that have no key to
    any table (related to nothing): the talks are held in the rooms. Each such act gets a key to the space, and
    the space is the venue's."""
    if any(head_of(t) in _BOOKED and _of(tables[t], space) for t in tables):
        return []  # a hotel's rooms, booked or stayed in: its own, talks or not
    acts = [
        t
        for t in tables
        if t != space
        and head_of(t) in _GIVEN
        and not _catalogued(tables[t])
        and not _related(tables[t])
        and not _depends(tables, space, t)  # the space keyed to the act ('1 room keys per session'): no cycle
    ]
    for a in acts:
        _key(tables[a], space, tables[space])
        notes.append(f"{a}: held in one of {space} ({tables[space]['primary_key']})")
    return acts


_DOTTED = re.compile(r"\b([a-z][a-z0-9_]*)\.([a-z][a-z0-9_]*)\b")


def _names_gone_column(note: str, tables: dict[str, Any]) -> bool:
    """A note naming a column the rewrite took out ("session_feedback: dates come after talks.issued_at", "after
    each of talk_id.issued_at, room_id.opened_on"): a table's, or the table a key of that name refers to."""
    keys = {
        n: str(c["references"]).split(".")[0]
        for t in tables.values()
        for n, c in t["columns"].items()
        if isinstance(c, dict) and c.get("generator") == "foreign_key"
    }
    for owner, col in _DOTTED.findall(note):
        table = owner if owner in tables else keys.get(owner)
        if table in tables and col not in tables[table]["columns"]:
            return True
    return False


def _stale(note: str, gone: list[str], space: str, acts: list[str]) -> bool:
    """A note of the parse about a table rewritten here (a ticket read as a document, sales as orders of a
    stage), or about an act's date read after its space's."""
    if any(note.startswith((f"{t}: ", f"'{t}' ", f"assumed {t} ")) for t in gone):
        return True
    return any(note.startswith(f"{a}: ") and f"{space}." in note for a in acts)


def _place(table: dict[str, Any], name: str) -> None:
    word, seats = _SPACES[head_of(name)]
    cols = table["columns"]
    key = table["primary_key"]
    out: dict[str, Any] = {key: cols[key]}
    for n, c in cols.items():  # a key to the venue it is part of (a cinema of a chain): kept
        if isinstance(c, dict) and c.get("generator") == "foreign_key":
            out[n] = c
    out["name"] = {"generator": "pattern", "pattern": f"{word} {{seq}}"}
    if seats is not None:
        out["seats"] = {"generator": "integer", "low": seats[0], "high": seats[1]}
    else:
        out["surface"] = {"generator": "categorical", "values": dict(_SURFACES[head_of(name)])}
    table["columns"] = out
    table["static"] = True  # a venue's stages do not grow with --scale: its acts and sales do
    table.pop("description", None)


#: when an act starts (the first hour it may, the last) and how long it lasts, minutes
_TIMES = {
    "booking": ((7, 22), 60),
    "reservation": ((7, 22), 60),
    "screening": ((11, 23), 115),
    "talk": ((9, 17), 40),
    "session": ((9, 17), 50),
    "lecture": ((9, 17), 50),
    "presentation": ((9, 17), 40),
    "keynote": ((9, 12), 45),
    "workshop": ((9, 16), 120),
    "meeting": ((8, 18), 60),
    "rehearsal": ((10, 18), 180),
}


def _event(table: dict[str, Any], name: str, span: tuple[dt.date, dt.date]) -> None:
    """An act at a space that no catalogue kind made (WordNet's event at any hour, 45 minutes; or a document):
    when it starts, in the hours the act keeps, on the quarter hour, how long it lasts, whether it took place."""
    if _catalogued(table):
        return
    (first, last), minutes = _TIMES.get(head_of(name), ((18, 21), 150))  # a performance, a concert: the evening
    cols = table["columns"]
    key = table["primary_key"]
    out: dict[str, Any] = {key: cols[key]}
    out.update({n: c for n, c in cols.items() if isinstance(c, dict) and c.get("generator") == "foreign_key"})
    out["starts_at"] = {
        "generator": "datetime",
        "start": span[0].isoformat(),
        "end": span[1].isoformat(),
        "hour_weights": [1.0 if first <= h <= last else 0.0 for h in range(24)],
        "resolution": 900,
    }
    out["duration_min"] = {"generator": "lognormal", "median": minutes, "sigma": 0.15, "round": 0, "min": 15}
    status = cols.get("status")
    out["status"] = (
        status
        if isinstance(status, dict) and status.get("generator") == "categorical"
        else {"generator": "categorical", "values": {"completed": 0.95, "cancelled": 0.05}}
    )
    table["columns"] = out
    table.pop("description", None)


#: an act's rows a day at one space, where the request gives no count: a court's bookings, a screen's screenings
_PER_DAY = {"booking": 3.0, "reservation": 3.0, "screening": 4.0, "session": 3.0}


def _per_day(table: dict[str, Any], name: str, space: str, span: tuple[dt.date, dt.date], notes: list[str]) -> None:
    """An act made per space with the draft's bare default (2 a space) for a count the request did not give: a
    court is booked, a screen shows films, several times a day over the request's span."""
    rows = table["rows"]
    if not (isinstance(rows, dict) and rows.get("per") == space and set(rows) == {"per", "count"}):
        return
    if rows["count"] != {"distribution": "poisson", "lam": 2.0}:
        return
    days = max((span[1] - span[0]).days, 1)
    lam = round(_PER_DAY.get(head_of(name), 0.7) * days, 1)
    rows["count"] = {"distribution": "poisson", "lam": lam}
    notes.append(f"{name}: about {lam:g} per {singular(space)} over the span ({days} days; no count asked)")


def _key(table: dict[str, Any], to: str, to_table: dict[str, Any]) -> None:
    cols = table["columns"]
    if keys_to(cols, to):
        return
    pk = to_table["primary_key"]
    key = table["primary_key"]
    out: dict[str, Any] = {}
    for n, c in cols.items():
        out[n] = c
        if n == key:
            out[pk] = {"generator": "foreign_key", "references": f"{to}.{pk}"}
    table["columns"] = out


def _ticket_sales(spec: dict[str, Any], text: str, space: str, act: str) -> list[str]:
    """The tables of tickets sold: a sale or a ticket of the space (an order of a stage) or of the act. "ticket
    sales" parsed as a table of tickets and one of sales is one table, 'ticket_sales'."""
    tables = spec["tables"]
    sold = [
        t
        for t in tables
        if head_of(t) in _SOLD and t not in (space, act) and (_of(tables[t], space) or _of(tables[t], act))
    ]
    if "ticket sales" in text.lower() and "sales" in sold:
        for t in [t for t in sold if t in ("ticket", "tickets")]:
            if not any(_of(tables[o], t) for o in tables if o != t):
                del tables[t]
                sold.remove(t)
        _rename(spec, "sales", "ticket_sales")
        sold[sold.index("sales")] = "ticket_sales"
    for t in [t for t in sold if t in ("ticket", "seat", "admission") and f"{t}s" not in tables]:
        _rename(spec, t, f"{t}s")  # "ticket buyers" left a table named in the singular
        sold[sold.index(t)] = f"{t}s"
    return sold


def _rename(spec: dict[str, Any], old: str, new: str) -> None:
    tables = spec["tables"]
    items = list(tables.items())
    tables.clear()  # in place, in the same order: the callers hold the mapping
    tables.update({new if t == old else t: tb for t, tb in items})
    for tb in tables.values():
        rows = tb["rows"]
        if isinstance(rows, dict) and rows.get("per") == old:
            rows["per"] = new
        for c in tb["columns"].values():
            if not isinstance(c, dict):
                continue
            for field in ("references", "of", "after"):
                v = c.get(field)
                if isinstance(v, str) and v.startswith(f"{old}."):
                    c[field] = new + v[len(old) :]
    for item in [*spec.get("constraints", []), *spec.get("scenarios", [])]:
        if item.get("table") == old:
            item["table"] = new


def _sale(tables: dict[str, Any], name: str, act: str, buyer: str | None, notes: list[str]) -> None:
    table = tables[name]
    act_table = tables[act]
    akey = act_table["primary_key"]
    key = table["primary_key"]
    rows = table["rows"]
    acts = act_table["rows"] if isinstance(act_table["rows"], int) else None
    if isinstance(rows, int) and acts:  # "30,000 ticket sales": the count asked, spread over the acts
        table["rows"] = {
            "per": act,
            "count": {"distribution": "poisson", "lam": round(rows / acts, 1)},
            "total": rows,
        }
    elif not isinstance(rows, dict) or rows.get("per") != act:
        table["rows"] = {"per": act, "count": {"distribution": "poisson", "lam": 150}}
    status = act_table["columns"].get("status")
    gone = [v for v in ("cancelled", "no_show") if isinstance(status, dict) and v in status.get("values", {})]
    if gone:  # none sold for an act that did not take place (a total goes to the acts that did)
        table["rows"].update({"by": "status", "counts": {v: {"distribution": "fixed", "value": 0} for v in gone}})
    out: dict[str, Any] = {
        key: {"generator": "sequence"},
        akey: {"generator": "foreign_key", "references": f"{act}.{akey}"},
    }
    if buyer is not None:
        pk = tables[buyer]["primary_key"]
        out[pk] = {"generator": "foreign_key", "references": f"{buyer}.{pk}"}
    # sold ahead of the act it is for: days before it, most in the last weeks
    out["days_before"] = {"generator": "lognormal", "median": 9, "sigma": 1.0, "round": 0, "min": 0, "max": 180}
    out["sold_at"] = {
        "generator": "expression",
        "expr": f"{akey}.starts_at - days_before * INTERVAL '1 day'",
        "dtype": "datetime",
    }
    out["channel"] = {"generator": "categorical", "values": {"online": 0.7, "box_office": 0.2, "phone": 0.1}}
    out["price"] = {"generator": "money", "distribution": "lognormal", "median": 35, "sigma": 0.4, "min": 5}
    table["columns"] = out
    table.pop("description", None)
    notes.append(
        f"{name}: tickets sold for one of {act} each ({akey})"
        + (f", bought by one of {buyer}" if buyer else "")
        + ", sold days_before its start"
    )
