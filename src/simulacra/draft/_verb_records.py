"""A record said by its verb, not its noun (issue 20, draft43).

"students rate the courses they took", "members reserve desks", "readers borrow books", "users follow other
users": a verb between the table that does it (the subject) and the table it is done to (the object) implies a
table of the acts (ratings, reservations, loans, follows), each of one subject row and one object row. The
request names no such table, so the draft made none; here the verb is read as the record's noun, with the
catalogue's kind where the noun has one, and the record is keyed to both tables.

One home: ``RECORD_OF_VERB`` (verb -> the record's noun); a verb with no record sense ("students attend a
school", "owners own pets") is not in it and is left as before. A lender is the setting ("the library lends books to
readers", draft44): the record is of the thing lent and the people it is lent to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from simulacra.draft._nouns import singular

if TYPE_CHECKING:
    from simulacra.draft._compose import Entity
    from simulacra.draft._parse import Mention, Request

#: a verb whose act leaves a record of one row per act -> that record's noun (plural)
RECORD_OF_VERB: dict[str, str] = {
    "rate": "ratings",
    "review": "reviews",
    "reserve": "reservations",
    "book": "bookings",
    "order": "orders",
    "buy": "purchases",
    "purchase": "purchases",
    "borrow": "loans",
    "vote": "votes",
    "follow": "follows",
    "rent": "rentals",
    # draft44: more verbs whose act is a record of its own
    "hire": "hires",
    "enrol": "enrolments",
    "enroll": "enrollments",
    "like": "likes",
    "deliver": "deliveries",
    "sponsor": "sponsorships",
    "lend": "loans",
}

#: past forms the rule of ``_forms`` does not make
_IRREGULAR_PAST = {"buy": "bought", "lend": "lent"}

#: verbs read in the present only: "1,500 students enrolled in 40 courses" says who the students are (their
#: enrolments are drafted from it as before); "learners enrol in courses" says the act
_PRESENT_ONLY = frozenset({"enrol", "enroll"})

#: words between the verb and its object that leave the object the verb's ("vote for the singers", "follow other
#: users", "book appointments with", "rate the courses they took")
_BETWEEN = frozenset(
    {"the", "a", "an", "other", "their", "some", "many", "several", "for", "on", "from", "at", "to", "in"}
)

#: words between the subject and the verb ("members often reserve desks", "readers who borrow books")
_BEFORE_VERB = frozenset({"who", "that", "often", "also", "each", "can", "may", "will", "usually", "sometimes"})


#: verbs whose subject gives the record away (the setting: "the library lends"): the record is of the object and
#: of the people named after 'to', who take it
_LENT_TO = frozenset({"lend"})


def _lent_to(req: Request, obj: Mention, o: int, clause: int) -> Mention | None:
    """The people after 'to' past the object lent at token o ("lends books to 300 readers"), in the verb's clause;
    the object may be a noun named before, its word said again at o."""
    toks = req.tokens
    k = obj.last + 1 if obj.first == o else o + 1
    if k >= len(toks) or toks[k].text != "to" or toks[k].clause != clause:
        return None
    k += 1
    while k < len(toks) and (toks[k].text in _BETWEEN or toks[k].text[0].isdigit()) and toks[k].clause == clause:
        k += 1
    return _mention_at(req, k, end=False) if k < len(toks) and toks[k].clause == clause else None


def _count(word: str) -> int | None:
    digits = word.replace(",", "")
    return int(digits) if digits.isdigit() else None


def _forms(verb: str) -> set[str]:
    """The verb's present forms and its past ("rate": rate, rates, rated; "buy": buy, buys, bought)."""
    third = verb + ("es" if verb.endswith(("s", "sh", "ch", "x")) else "s")
    if verb in _PRESENT_ONLY:
        return {verb, third}
    past = _IRREGULAR_PAST.get(verb) or (verb + "d" if verb.endswith("e") else verb + "ed")
    return {verb, third, past}


_VERB_OF_FORM: dict[str, str] = {f: v for v in RECORD_OF_VERB for f in _forms(v)}


@dataclass(frozen=True)
class VerbRecord:
    """A subject, a verb with a record sense and its object, by the tokens that start each mention."""

    subject: str  # the subject's noun phrase, as a mention of the request reads it ("students")
    verb: int  # the verb's token
    obj: str  # the object's noun phrase ("courses")
    between: tuple[int, ...]  # the verb's words before its object ("for", "the", "other"), no part of the noun
    noun: str  # the record's noun, plural ("ratings")
    kinds: tuple[str, ...]  # the catalogue's kinds of that noun, or none ("votes")
    said: bool  # the request names the record by its noun too ("who placed 12,000 orders")


def _mention_at(req: Request, k: int, *, end: bool) -> Mention | None:
    """The mention ending (``end``) or starting at token k, or the one whose last word token k says again (an
    unknown noun named before: "400 players and 10,000 fans; fans vote for players")."""
    here = next((m for m in req.mentions if (m.last if end else m.first) == k), None)
    if here is not None:
        return here
    word = req.tokens[k].text
    return next((m for m in req.mentions if m.last < k and m.phrase.split()[-1] == word), None)


def _said(req: Request, noun: str, kinds: tuple[str, ...], verb: int) -> bool:
    """The request names the record already: its noun (a word of a mention's head) or a mention of its kinds."""
    one = singular(noun)
    for m in req.mentions:
        if m.first <= verb <= m.last:
            continue
        head = m.phrase.split()[-1]
        if head in (noun, one) or (kinds and set(kinds) & set(m.kinds)):
            return True
    return any(t.text in (noun, one) for k, t in enumerate(req.tokens) if k != verb)


def find_verb_records(req: Request, phrases: dict[str, tuple[str, ...]]) -> list[VerbRecord]:
    """Each subject-verb-object of the request (mentions read) whose verb has a record sense; the parser reads
    the verb as the record's noun where the request does not name the record, and ``key_verb_records`` keys the record to
    both tables."""
    toks = req.tokens
    out: list[VerbRecord] = []
    for i, t in enumerate(toks):
        verb = _VERB_OF_FORM.get(t.text)
        if verb is None or i == 0:
            continue
        o = i + 1
        while o < len(toks) and (toks[o].text in _BETWEEN or toks[o].text[0].isdigit()) and toks[o].clause == t.clause:
            o += 1
        obj = _mention_at(req, o, end=False) if o < len(toks) and toks[o].clause == t.clause else None
        if obj is None:
            continue  # no object named: "members rate highly"
        if verb in _LENT_TO:
            # "the library lends books to readers": the lender is the setting; a loan is of a book and a reader
            subject = _lent_to(req, obj, o, t.clause)
            if subject is None:
                continue
        else:
            s = i - 1
            while s > 0 and toks[s].text in _BEFORE_VERB and toks[s].clause == t.clause:
                s -= 1
            subject = _mention_at(req, s, end=True)
            # "900 readers who borrow books": the relative word starts a clause of its own; the subject is before it
            if subject is None or toks[s].clause != t.clause and toks[s + 1].text not in ("who", "that"):
                continue
        counted = max((n for k in range(i + 1, o) if (n := _count(toks[k].text)) is not None), default=None)
        if counted is not None and (subject.count is None or counted > subject.count):
            # "900 dancers book 15,000 class places": more rows counted with the verb than there are subjects are
            # the acts themselves (each refers to its subject, as drafted before), no record beside them
            continue
        noun = RECORD_OF_VERB[verb]
        kinds = phrases.get(noun, ())
        between = tuple(k for k in range(i + 1, o) if toks[k].text in _BETWEEN)
        out.append(VerbRecord(subject.phrase, i, obj.phrase, between, noun, kinds, _said(req, noun, kinds, i)))
    return out


def said_by_its_verb(m: Mention, req: Request) -> bool:
    """The mention is a record the request names by its verb alone (read at the verb's token)."""
    return any(v.verb == m.first and not v.said for v in req.verb_records)


def _entity(order: list[Entity], phrase: str) -> Entity | None:
    """The table a noun phrase of the request was drafted as: its mention's, else the one its head names."""
    head = singular(phrase.split()[-1])
    return next((x for x in order if x.mention is not None and x.mention.phrase == phrase), None) or next(
        (x for x in order if singular(x.table.split("_")[-1]) == head), None
    )


def _record(order: list[Entity], v: VerbRecord) -> Entity | None:
    """The record's table: the one made at the verb, else (the record named too) the one its noun or kind names."""
    at = next((x for x in order if x.mention is not None and x.mention.first == v.verb), None)
    if at is not None or not v.said:
        return at
    return _entity(order, v.noun) or next((x for x in order if x.kind is not None and x.kind.name in v.kinds), None)


def key_verb_records(
    order: list[Entity], req: Request, notes: list[str], free: Callable[[Entity, Entity], bool]
) -> None:
    """Each record said by its verb refers to the subject's table and the object's (twice, two different rows,
    where they are one table: "users follow other users"); a key it has already is kept as drafted."""
    for v in req.verb_records:
        rec, subject, obj = _record(order, v), _entity(order, v.subject), _entity(order, v.obj)
        if rec is None or subject is None or obj is None or rec in (subject, obj):
            continue
        for x in (subject, obj) if subject is not obj else (subject,):
            if x is rec.parent or x in rec.refs or not free(x, rec):
                continue
            rec.refs.append(x)
            notes.append(
                f"{rec.table} refer to {x.table} ('{req.tokens[v.verb].text}': each {singular(v.noun)} is of one)"
            )
        if subject is obj and (subject is rec.parent or subject in rec.refs) and subject not in rec.twice:
            rec.twice.append(subject)
            notes.append(
                f"{rec.table} refer to {subject.table} twice, two different rows ('{v.subject} "
                f"{req.tokens[v.verb].text} other {v.obj}')"
            )
