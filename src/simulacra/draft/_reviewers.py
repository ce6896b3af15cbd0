"""Who writes a review: a person who took part in what it is of.

"a theatre: 3 stages, 400 performances, 30,000 ticket sales and audience reviews of performances": a reader expects
each review written by someone who bought a ticket for the performance it is of — not a performance's reviews with
no author, nor a customer reviewing a performance they never saw. "a tech conference: 5 rooms, 120 talks, 1,500
attendees and session feedback": each feedback by an attendee about one talk (its room reached through the talk).
The pass works on the composed spec, after the venue and progress passes:

- where a record of taking part in the reviewed act or thing exists (tickets, ticket sales, bookings, attendance,
  enrollments, registrations, orders of it), the review is made per that record: at most one per record, a share
  of the records reviewed (the count asked kept as ``rows.total`` where the records can hold it), its subject and
  its author the record's (``foreign_key`` with ``match`` through the record), dated after the record and the act;
- where no record names both the subject and a participant, a table that reaches them in one or two keys each
  through a record of taking part is the record (draft42): an order's line (its product one key away, its order's
  customer two), an enrollment in a course's section (its student, its section's course); the subject and the
  author are read through its keys (``match`` on a dotted run: ``order_line_id.order_id.customer_id``) and the
  review is dated after the acts on the way (the order). A record's own key beside a two-key way to the same table
  is read through the way (a stay's guest is its booking's, an enrollment's course its section's); a thing
  reviewed beside a record that does not reach it ('guest reviews of rooms' drafted per booking) is reviewed per
  the record that reaches both (the stay);
- where no record exists but a people table of the audience does, the review gets a key to one of them;
- a key to a place the subject is already at (a talk's room) goes: the review is of the talk; a review of one's
  own record (a visit) keyed beside it to what the record reaches in one or two keys (the visit's doctor) has it
  read through the record;
- a member of staff the review is keyed to beside the record's person ('trainee feedback on sessions' with a
  trainer) is what it is also about, not its author: the act's own (a session's trainer), else the record's, else
  drawn as drafted (draft38).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from simulacra.draft._key_ways import Way, foreign_keys, read, ways
from simulacra.draft._nouns import singular
from simulacra.draft._progress import count_asked
from simulacra.draft._roles import is_staff
from simulacra.draft._spec_tables import date_of, filled_by_rows, is_person, key_to
from simulacra.draft._sport import head_of, keys_to, tidy

#: a table's head word that is a review of something
_REVIEW = frozenset({"review", "rating", "feedback", "survey", "evaluation", "testimonial"})
#: a record of a person taking part in an act or a thing: a ticket for it, a booking of it, an enrollment in it, a
#: patient's visit or appointment
_TAKING_PART = frozenset(
    "ticket sale seat admission booking reservation attendance enrollment enrolment registration order purchase "
    "stay appointment visit".split()
)
#: people who take part rather than serve, in the order preferred when the request has several
_AUDIENCE = (
    "attendee",
    "audience",
    "participant",
    "delegate",
    "visitor",
    "guest",
    "customer",
    "member",
    "patron",
    "spectator",
    "fan",
    "trainee",
    "learner",
    "student",
    "passenger",
    "client",
    "buyer",
    "viewer",
    "moviegoer",
)
#: share of records reviewed: most who take part write nothing
_REVIEWED_SHARE = 0.3
_TOKEN = re.compile(r"[a-z]+|[^\sa-z]")


def _said_before(text: str, word: str) -> set[str]:
    """The words said right before ``word`` (or its singular), singular: 'trainee feedback', 'performance
    ratings'; not across a comma ('messages, surveys' is a list)."""
    tokens = _TOKEN.findall(text.lower())
    return {
        singular(a)
        for a, b in zip(tokens, tokens[1:], strict=False)
        if a.isalpha() and b.isalpha() and (b == word or singular(b) == singular(word))
    }


def _said_after(text: str, word: str) -> set[str]:
    """The words said after ``word`` (or its singular) up to the end of its clause, singular: 'reviews of tours
    and guides' -> {of, tour, and, guide}."""
    tokens = _TOKEN.findall(text.lower())
    out: set[str] = set()
    for i, t in enumerate(tokens):
        if t == word or singular(t) == singular(word):
            for u in tokens[i + 1 :]:
                if not u.isalpha():
                    break
                out.add(singular(u))
    return out


def _targets(table: dict[str, Any]) -> list[str]:
    """The tables ``table`` names: its parent (``rows.per``) first, then the tables its keys refer to."""
    rows = table["rows"]
    out = [str(rows["per"])] if isinstance(rows, dict) and "per" in rows else []
    for c in table["columns"].values():
        if isinstance(c, dict) and c.get("generator") == "foreign_key":
            t = str(c.get("references", "")).split(".")[0]
            if t not in out:
                out.append(t)
    return out


def _rows_known(table: dict[str, Any]) -> int | None:
    rows = table["rows"]
    if isinstance(rows, int) and not isinstance(rows, bool):
        return rows
    if isinstance(rows, dict) and isinstance(rows.get("total"), int):
        return int(rows["total"])
    return None


def _subject(tables: dict[str, Any], review: str) -> tuple[str | None, list[str]]:
    """(what the review is of, the tables it names only because the subject is at them: a talk's room)."""
    things = [t for t in _targets(tables[review]) if t in tables and t != review and not is_person(tables[t])]
    through = [t for t in things if any(o != t and t in _targets(tables[o]) for o in things)]
    rest = [t for t in things if t not in through]
    return (rest[0] if len(rest) == 1 else None), through


def _subject_said_before(tables: dict[str, Any], review: str, text: str, notes: list[str]) -> bool:
    """'performance ratings', 'exhibition reviews': a table of the request said just before the review's word is
    what the reviews are of. Where the draft keyed them to nothing, to a person only, or to a place that table is
    at (ratings guessed to belong to the stages), they get a key to it (made per it instead of per the place)."""
    table = tables[review]
    word = review.split("_")[-1]
    said = _said_before(text, word)
    things = [t for t in tables if t != review and not is_person(tables[t]) and singular(t) in said]
    if len(things) != 1 or things[0] in _targets(table):
        return False
    subject = things[0]
    places = _targets(tables[subject])
    named = [t for t in _targets(table) if t in tables and not is_person(tables[t])]
    if any(t not in places for t in named):
        return False  # of something else the request relates them to: left as drafted
    pk, skey = str(table["primary_key"]), str(tables[subject]["primary_key"])
    cols: dict[str, Any] = {}
    for n, c in table["columns"].items():
        if isinstance(c, dict) and str(c.get("references", "")).split(".")[0] in named:
            continue  # the place is the subject's
        cols[n] = c
        if n == pk:
            cols[skey] = {"generator": "foreign_key", "references": f"{subject}.{skey}"}
    table["columns"] = cols
    rows = table["rows"]
    if isinstance(rows, dict) and rows.get("per") in named:
        rows["per"] = subject
    notes[:] = [n for n in notes if not any(n.startswith(f"assumed {review} belong to {t}") for t in named)]
    notes[:] = [n for n in notes if not any(n.startswith(f"{review}: none for {singular(t)} rows") for t in named)]
    notes.append(f"'{singular(subject)} {word}': {review} are of {subject} ({skey})")
    return True


def _beside_a_record(tables: dict[str, Any], review: str) -> str | None:
    """The subject of a review keyed to a record of taking part and to one thing beside it that the record does not
    reach ('guest reviews of rooms' drafted per booking with a room drawn on its own): the thing, where another
    record reaches it and that record both (each stay of a booking is in a room: the review is of the stay's)."""
    things = [t for t in _targets(tables[review]) if t in tables and t != review and not is_person(tables[t])]
    records = [t for t in things if head_of(t) in _TAKING_PART]
    rest = [t for t in things if t not in records and head_of(t) not in _REVIEW]
    if len(rest) != 1 or len(records) != 1 or ways(tables, records[0], rest[0], (review,)):
        return None
    thing, booked = rest[0], records[0]
    chained = _chained_record(tables, review, thing)
    record = _record(tables, review, thing) or (chained[0] if chained is not None else None)
    return thing if record is not None and ways(tables, record, booked, (review,)) else None


def _record(tables: dict[str, Any], review: str, subject: str) -> str | None:
    """The record of taking part in ``subject``: a ticket, a booking, a registration of it (one with a person
    first, then the largest)."""
    found = [
        t
        for t in tables
        if t not in (review, subject) and head_of(t) in _TAKING_PART and subject in _targets(tables[t])
    ]
    found.sort(key=lambda t: not any(is_person(tables[p]) for p in _targets(tables[t]) if p in tables))
    return found[0] if found else None


def _author_way(tables: dict[str, Any], record: str, subject: str, review: str) -> Way | None:
    """The run of keys from the record to its participant, not staff: one of its own keys (the first person it
    names who is not staff, its parent first), else two through another record of taking part first (an order
    line's order's customer, a stay's booking's guest); not through the subject nor the review."""
    people = [p for p in _targets(tables[record]) if p in tables and is_person(tables[p])]
    author = next((p for p in people if not is_staff(p)), None)
    if author is not None:
        return [(str(key_to(tables[record], author)), author)]
    found = [
        w
        for p in tables
        if p != subject and is_person(tables[p]) and not is_staff(p)
        for w in ways(tables, record, p, (review, subject))
        if len(w) == 2
    ]
    found.sort(key=lambda w: head_of(w[0][1]) not in _TAKING_PART)
    return found[0] if found else None


def _chained_record(tables: dict[str, Any], review: str, subject: str) -> tuple[str, Way] | None:
    """Where no record of taking part names the subject and its person both: a table that reaches the subject and
    a participant in one or two keys each, through a record of taking part or being one — an order's line (its
    product one key away, the order's customer two), an enrollment in a course's section (the student one key
    away, the course two). (The record, its way to the subject); the fewest keys first, then the spec's order."""
    found: list[tuple[int, int, str, Way]] = []
    for i, t in enumerate(tables):
        if t in (review, subject) or is_person(tables[t]) or head_of(t) in _REVIEW:
            continue
        to_subject, to_author = ways(tables, t, subject, (review,)), _author_way(tables, t, subject, review)
        if not to_subject or to_author is None:
            continue
        way = to_subject[0]
        passed = {head_of(t)} | {head_of(x) for _, x in [*way[:-1], *to_author[:-1]]}
        if passed & _TAKING_PART and len(way) + len(to_author) > 2:
            found.append((len(way) + len(to_author), i, t, way))
    found.sort(key=lambda f: f[:2])
    return (found[0][2], found[0][3]) if found else None


def _author(tables: dict[str, Any], review: str, text: str) -> str | None:
    """The people a review with no record is by: the audience's table, or the people said before the review's word
    ('trainee feedback', 'member ratings')."""
    people = [t for t in tables if t != review and is_person(tables[t])]
    said = set().union(*(_said_before(text, w) for w in _REVIEW))
    for p in people:
        if singular(p.split("_")[-1]) in said:
            return p
    return next((p for w in _AUDIENCE for p in people if head_of(p) == w), None)


def _answers(table: dict[str, Any], name: str, notes: list[str]) -> None:
    """A review the catalogue did not make ('session feedback' read as WordNet's event: a start, a duration, a
    status) gets what a review holds: a score, a comment and when it was written; its keys are kept."""
    if "from the draft catalogue" in str(table.get("description", "")):
        return
    key = table["primary_key"]
    cols = {
        n: c
        for n, c in table["columns"].items()
        if n == key or (isinstance(c, dict) and c.get("generator") == "foreign_key")
    }
    score = "stars" if head_of(name) in ("review", "rating", "testimonial") else "score"
    cols[score] = {"generator": "categorical", "values": {1: 0.06, 2: 0.07, 3: 0.15, 4: 0.32, 5: 0.4}}
    cols["comment"] = {"generator": "sentence", "min_words": 3, "max_words": 15, "null_rate": 0.5}
    cols["submitted_at"] = {"generator": "datetime"}
    table["columns"] = cols
    table.pop("description", None)
    notes[:] = [n for n in notes if not n.startswith(f"'{name.replace('_', ' ')}' is not in the catalogue")]
    notes.append(f"{name}: a review's columns ({score} 1 to 5, comment, submitted_at)")


def _after(review: dict[str, Any], date: str, refs: list[str], span: tuple[dt.date, dt.date]) -> None:
    col = review["columns"][date]
    kind = col.get("generator") if isinstance(col, dict) and col.get("generator") in ("date", "datetime") else None
    review["columns"][date] = {
        "generator": kind or "datetime",
        "after": refs if len(refs) > 1 else refs[0],
        "end": span[1].isoformat(),
        "offset": {"distribution": "exponential", "scale": 3, "unit": "days"},
    }


def _stale(note: str, review: str) -> bool:
    return note.startswith((f"{review}: ", f"{review} ", f"assumed {review} ")) or bool(
        re.match(rf"assumed .* have one {re.escape(singular(review).replace('_', ' '))}\b", note)
    )


def review_authors(
    spec: dict[str, Any],
    text: str,
    span: tuple[dt.date, dt.date],
    notes: list[str],
    said: Mapping[str, int] | None = None,
) -> None:
    """Make each review of an act or a thing written by a person who took part in it (see the module's doc);
    ``said``: each table's count as its noun was said (a review count asked is kept, a derived one is not)."""
    tables = spec["tables"]
    for review in [t for t in tables if head_of(t) in _REVIEW]:
        if any(review in _targets(tables[t]) for t in tables if t != review):
            continue  # something is of the review (a reply to it): left as it is
        if _subject_said_before(tables, review, text, notes):
            tidy(spec, [review], notes, span)  # an 'after' of the place the reviews were guessed to belong to
        subject, through = _subject(tables, review)
        beside = subject is None and (subject := _beside_a_record(tables, review)) is not None
        if subject is None or head_of(subject) in _REVIEW:
            continue  # of nothing named
        if head_of(subject) in _TAKING_PART:  # of the record itself (one's own stay): by its person already
            _through_the_record(tables, review, subject, notes)
            continue
        record = _record(tables, review, subject)
        # the record names the subject, else one reaches it and its person in two keys at most (an order's line)
        own = key_to(tables[record], subject) if record is not None else None
        found = (record, [(own, subject)]) if record is not None and own is not None else None
        found = found if record is not None else _chained_record(tables, review, subject)
        if found is not None and _by_record(spec, review, subject, *found, text, (said or {}).get(review), span, notes):
            continue
        if record is None and not beside:
            _by_audience(spec, review, subject, through, text, span, notes)


def _through_the_record(tables: dict[str, Any], review: str, record: str, notes: list[str]) -> None:
    """'reviews of the hotels they booked', made per booking: a key beside the booking to a table the booking
    reaches in one or two keys is the booking's (``match`` through it: the booking's hotel, a visit's doctor, a
    stay's booking's guest), not a second row drawn on its own."""
    table = tables[review]
    rk = key_to(table, record)
    if rk is None:
        return
    for k, to in foreign_keys(table):
        col = table["columns"][k]
        found = ways(tables, record, to, (review,)) if to in tables and to != record else []
        if not found or "match" in col or filled_by_rows(table, k):
            continue  # the key the rows are made per is filled by construction: it takes no match (draft59)
        col["match"] = {str(tables[to]["primary_key"]): read(rk, found[0])}
        notes[:] = [n for n in notes if not n.startswith(f"{review} refer to {to}")]
        notes.append(f"{review}: {k} is the {singular(record)}'s (through {rk}), not one drawn on its own")


def _by_record(
    spec: dict[str, Any],
    review: str,
    subject: str,
    record: str,
    way: Way,
    text: str,
    said: int | None,
    span: tuple[dt.date, dt.date],
    notes: list[str],
) -> bool:
    """Rewrite the review made per the record, its subject read through ``way`` (the record's keys to it: one, or
    two through another table); False where a count asked cannot be kept so (left as drafted)."""
    tables = spec["tables"]
    table, rec = tables[review], tables[record]
    asked = count_asked(table["rows"], said)
    if asked is not None:
        records = _rows_known(rec)
        if records is None or asked > records:
            return False
        rows: dict[str, Any] = {
            "per": record,
            "count": {"distribution": "categorical", "values": [0, 1], "weights": [1.0, 1.0]},
            "total": asked,
        }
    else:
        rows = {"per": record, "count": {"distribution": "fixed", "value": 1}, "zero_rate": 1 - _REVIEWED_SHARE}
    key, rkey = str(table["primary_key"]), str(rec["primary_key"])
    skey = str(tables[subject]["primary_key"])
    # the record's participant (a booking's member, an order line's order's customer), not the staff a booking may
    # name beside them
    a_way = _author_way(tables, record, subject, review)
    author = a_way[-1][1] if a_way is not None else None
    staff = [p for p in _targets(table) if p in tables and is_person(tables[p]) and p not in (author, subject)]
    if any(not is_staff(p) for p in staff):
        return False  # written by people the record is not of ('reviews of books by critics', loans by members)
    named = _said_after(text, review.split("_")[-1])
    staff += [  # 'ratings of classes and instructors': the act's own instructor, the draft gave no key to
        p
        for p in _targets(tables[subject])
        if p in tables and p not in staff and p != author and is_person(tables[p]) and singular(p) in named
    ]
    _answers(table, review, notes)
    date = date_of(table)
    kept = {
        n: c
        for n, c in table["columns"].items()
        if n != key and not (isinstance(c, dict) and c.get("generator") == "foreign_key")
    }
    cols: dict[str, Any] = {
        key: {"generator": "sequence"},
        rkey: {"generator": "foreign_key", "references": f"{record}.{rkey}"},
    }
    # the subject and the author are the record's: a key matched on the record's own (one candidate each)
    sname = skey if skey not in (key, rkey) else f"{singular(subject)}_ref"
    cols[sname] = {"generator": "foreign_key", "references": f"{subject}.{skey}", "match": {skey: read(rkey, way)}}
    if author is not None and a_way is not None:
        pkey = str(tables[author]["primary_key"])
        cols[pkey if pkey not in cols else f"{singular(author)}_ref"] = {
            "generator": "foreign_key",
            "references": f"{author}.{pkey}",
            "match": {pkey: read(rkey, a_way)},
        }
    _one_way(tables, review, record, subject, notes)
    if author is not None:
        _one_way(tables, review, record, author, notes, (subject,))
    about = {p: _about_staff(tables, table, p, subject, read(rkey, way), record, rkey) for p in staff}
    for k, col, _ in about.values():
        cols[k] = col
    cols.update(kept)
    table["columns"] = cols
    table["rows"] = rows
    # after the record, the acts on the way to the author and the subject (an order line's order, two keys from
    # the review), any other record of taking part the record is of (a stay's booking: a stay dated by the day
    # alone may fall on the day the booking was made, before its hour) and the subject
    dated = [(f"{rkey}.{d}", singular(rkey.removesuffix("_id"))) for d in [date_of(rec)] if d is not None]
    parts = [w[: i + 1] for w in [a_way or [], way] for i in range(len(w) - 1)]
    parts += [[(c, t)] for c, t in foreign_keys(rec) if t in tables and t != subject and head_of(t) in _TAKING_PART]
    for run in parts:
        d = date_of(tables[run[-1][1]])
        if d is not None and f"{read(rkey, run)}.{d}" not in dict(dated):
            dated.append((f"{read(rkey, run)}.{d}", singular(run[-1][1])))
    dated += [
        (f"{sname}.{d}", singular(sname.removesuffix("_id"))) for d in [date_of(tables[subject])] if d is not None
    ]
    refs = [r for r, _ in dated]
    if date is not None and refs:
        _after(table, date, refs, span)
    tidy(spec, [review], notes, span)
    notes[:] = [n for n in notes if not _stale(n, review)]
    by = f"its {singular(author)} ({author})" if author else f"whoever holds the {singular(record)}"
    notes.append(
        f"{review}: written by a person who took part, at most one per {singular(record)} ("
        + (f"{asked:,} in all" if asked is not None else f"{_REVIEWED_SHARE:.0%} of {record} reviewed")
        + f"), of its {singular(subject)}, by {by}"
        + (f", dated after the {' and the '.join(n for _, n in dated)}" if refs and date else "")
    )
    for p, (k, _, via) in about.items():
        notes[:] = [n for n in notes if not n.startswith(f"{review} refer to {p}")]
        notes.append(
            f"{review}: {k} is the {singular(via)}'s {singular(p)}, what the review is also about"
            if via
            else f"{review}: {k}, the {singular(p)} the review is also about, drawn on its own (the "
            f"{singular(subject)} names none)"
        )
    return True


def _one_way(
    tables: dict[str, Any], review: str, record: str, target: str, notes: list[str], avoid: tuple[str, ...] = ()
) -> None:
    """A record keyed to ``target`` and to a table that is keyed to it too ('enrollments in sections' drafted with a
    course key and a section key, a stay with a guest key and a booking key, each drawn on its own): the record's
    own key is read through the other (the section's course, the booking's guest), so the review's course, or its
    author, is one the record reaches either way. Not through ``avoid`` (the author's through the subject: a
    lesson keyed to a learner is no record of the learner's taking part)."""
    rec = tables[record]
    own = keys_to(rec["columns"], target)
    longer = [w for w in ways(tables, record, target, (review, *avoid)) if len(w) == 2]
    if len(own) != 1 or len(longer) != 1:
        return
    col, (via, part) = rec["columns"][own[0]], longer[0][0]
    if not isinstance(col, dict) or "match" in col or own[0] in str(rec["columns"][via]) or filled_by_rows(rec, own[0]):
        return  # already read through something, or the other key is read through this one
    col["match"] = {str(tables[target]["primary_key"]): read(via, longer[0][1:])}
    notes.append(f"{record}: {own[0]} is the {singular(part)}'s (through {via}), not one drawn on its own")


def _about_staff(
    tables: dict[str, Any],
    table: dict[str, Any],
    person: str,
    subject: str,
    to_subject: str,
    record: str,
    rkey: str,
) -> tuple[str, dict[str, Any], str | None]:
    """(column, key, the table it is read through) for a member of staff a review is also about ('trainee feedback
    on sessions' keyed to a trainer): the reviewed act's own (a session's trainer), else the record's (a booking's
    instructor), else one drawn on its own as drafted; ``to_subject``: the review's dotted run to the subject."""
    pkey = str(tables[person]["primary_key"])
    drafted = key_to(table, person)
    k = drafted if drafted is not None else pkey if pkey not in table["columns"] else f"{singular(person)}_ref"
    col: dict[str, Any] = {"generator": "foreign_key", "references": f"{person}.{pkey}"}
    in_subject, in_record = key_to(tables[subject], person), key_to(tables[record], person)
    if in_subject is not None:
        col["match"] = {pkey: f"{to_subject}.{in_subject}"}
        return k, col, subject
    if in_record is not None:
        col["match"] = {pkey: f"{rkey}.{in_record}"}
        return k, col, record
    kept = {n: v for n, v in table["columns"].get(k, {}).items() if n not in ("match", "after")}
    return k, {**kept, **col}, None


def _by_audience(
    spec: dict[str, Any],
    review: str,
    subject: str,
    through: list[str],
    text: str,
    span: tuple[dt.date, dt.date],
    notes: list[str],
) -> None:
    """No record of taking part: the review gets a key to the audience, none to the subject's place, and is
    dated after the subject."""
    tables = spec["tables"]
    table = tables[review]
    changed = "from the draft catalogue" not in str(table.get("description", ""))
    _answers(table, review, notes)
    cols = table["columns"]
    for place in through:  # 'session feedback' of a talk: the room is the talk's
        for k in keys_to(cols, place):
            read = any(
                k in str(c) for n, c in cols.items() if n != k and c.get("generator") in ("expression", "foreign_key")
            )
            if not read and not _scenario_reads(spec, review, k) and not filled_by_rows(table, k):
                del cols[k]
                notes[:] = [n for n in notes if not n.startswith(f"{review} refer to {place}")]
                changed = True
    # by someone already: a key to people, or the subject's own person (a customer's event, a pupil's lesson)
    has_author = any(is_person(tables[t]) for t in [*_targets(table), *_targets(tables[subject])] if t in tables)
    author = None if has_author else _author(tables, review, text)
    if author is not None:
        pkey = str(tables[author]["primary_key"])
        key = str(table["primary_key"])
        out: dict[str, Any] = {}
        for n, c in cols.items():
            out[n] = c
            if n == key:
                out[pkey] = {"generator": "foreign_key", "references": f"{author}.{pkey}"}
        table["columns"] = cols = out
        changed = True
    sk, sdate, date = key_to(table, subject), date_of(tables[subject]), date_of(table)
    if sk is not None and sdate is not None and date is not None:
        col = cols[date]
        after = col.get("after") if isinstance(col, dict) else None
        said = after if isinstance(after, list) else [after] if after else []
        if not {f"{sk}.{sdate}", f"{subject}.{sdate}"} & {str(a) for a in said}:
            _after(table, date, [*[str(a) for a in said], f"{sk}.{sdate}"], span)
            changed = True
    if not changed:
        return
    tidy(spec, [review], notes, span)
    notes[:] = [n for n in notes if not (n.startswith(f"{review}: ") and ("after" in n or "dates" in n))]
    notes.append(
        f"{review}: of one of {subject}"
        + (f", each by one of {author}" if author else "")
        + (f", no key to {', '.join(through)} (the {singular(subject)}'s)" if through else "")
        + f", dated after its {singular(subject)}"
    )


def _scenario_reads(spec: dict[str, Any], table: str, column: str) -> bool:
    return any(sc.get("table") == table and column in str(sc) for sc in spec.get("scenarios", []))
