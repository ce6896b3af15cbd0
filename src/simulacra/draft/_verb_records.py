"""A record said by its verb, not its noun (issue 20, draft43).

"students rate the courses they took", "members reserve desks", "readers borrow books", "users follow other
users": a verb between the table that does it (the subject) and the table it is done to (the object) implies a
table of the acts (ratings, reservations, loans, follows), each of one subject row and one object row. The
request names no such table, so the draft made none; here the verb is read as the record's noun, with the
catalogue's kind where the noun has one, and the record is keyed to both tables.

One home: ``RECORD_OF_VERB`` (verb -> the record's noun); a verb with no record sense ("students attend a
school", "owners own pets") is not in it and is left as before. A lender is the setting ("the library lends books to
readers", draft44): the record is of the thing lent and the people it is lent to.

A second object said after 'to' ("couriers deliver parcels to customers", "agents sell policies to clients",
draft45) is a third key of the record; a subject that is the setting, no table ("the museum lends", "a broker
sells"), gives none. An object no table of the request holds ("members reserve tables", "riders rent bikes") is a
table of things of its own, not one subject's each (what is rented or reserved is not the renter's), so that the
record has its key; a word that cannot name things ("members book days", "users rate highly") is none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from simulacra.draft._act_verbs import act_verb
from simulacra.draft._nouns import noun_class, senses_of, singular
from simulacra.draft._thing_sizes import compound_object
from simulacra.draft._verb_forms import IRREGULAR_PAST

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
    # draft45: verbs said with a second object after 'to' ("teachers assign homework to students")
    "assign": "assignments",
    "sell": "sales",
    # draft47: verbs whose object is the record itself where it is a table ("volunteers send letters to donors":
    # each letter is the act), the record of this noun where the object is no table ("donors give money to
    # charities": donations)
    "send": "shipments",
    "receive": "receipts",
    "submit": "submissions",
    "give": "donations",
}

#: verbs whose object, a table of the request, is the record of the act itself (a letter sent, a prescription
#: received, an expense submitted), keyed to the subject and the second object as acts counted with the verb are
_OBJECT_IS_RECORD = frozenset({"send", "receive", "submit", "give"})

#: words that say a record verb's second object after its object ("sell policies to clients", "buy tickets from
#: resellers", "sell produce at markets", "book classes with trainers", "submit expenses for projects", draft47)
_SECOND = frozenset({"to", "from", "at", "with", "for"})

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


def _to_at(obj: Mention, o: int) -> int:
    """The token after the object at token o (a noun named before may be said again at o by its last word)."""
    # o + 1: a mention after a modifier ("book study rooms", draft52's ``compound_object``)
    return obj.last + 1 if obj.first in (o, o + 1) else o + 1


def _after_to(req: Request, k: int, clause: int) -> Mention | None:
    """The mention after the preposition at token k, past the object ("lends books to 300 readers", "deliver parcels
    to customers", "buy tickets from resellers"), in the verb's clause; the object may be a noun named before, its
    word said again before k. Past any word but 'to' only a table said in the plural or counted is one: "borrow books
    from the library" names the setting, no table the record is of."""
    toks = req.tokens
    if k >= len(toks) or toks[k].text not in _SECOND:
        return None
    prep = toks[k].text
    if toks[k].clause != clause:
        if prep != "with" or toks[k].clause != clause + 1:
            return None
        clause += 1  # "book classes with trainers": 'with' opens a clause of its own in the parse
    k += 1
    while k < len(toks) and (toks[k].text in _BETWEEN or toks[k].text[0].isdigit()) and toks[k].clause == clause:
        k += 1
    if k >= len(toks) or toks[k].clause != clause:
        return None
    m = mention_at(req, k, end=False)
    if m is None or prep == "to":
        return m
    last = toks[m.last].text if m.first == k else toks[k].text
    return m if m.count is not None or singular(last) != last else None


def _drop_the_setting(req: Request, k: int, clause: int) -> None:
    """ "drivers hire cars from the firm", "builders borrowed drills from the depot": a mention after 'from' (or
    another word of ``_SECOND``) and 'the', in the singular and uncounted, whose word is a word of the setting's name
    is the setting said again, no table of the request (draft49): its mention is dropped."""
    toks = req.tokens
    if k + 2 >= len(toks) or toks[k].text not in _SECOND or toks[k + 1].text != "the" or toks[k + 2].clause != clause:
        return
    m = next((m for m in req.mentions if m.first == k + 2), None)
    if m is None or m.count is not None or m.first != m.last:
        return
    word = toks[m.first].text
    if singular(word) == word and word in req.context.split():
        req.mentions.remove(m)


def _thing_at(
    req: Request, o: int, clause: int, phrases: dict[str, tuple[str, ...]], new: Callable[..., Mention]
) -> Mention | None:
    """A plural noun of things at token o that no mention holds ("members reserve tables": 'tables' is a word the
    parse keeps for the data's own tables; "riders rent bikes"), read as a mention of its own; None for a word
    that cannot name a table of things: no noun ("users rate highly"), a time ("days"), people, a group ("data")."""
    toks = req.tokens
    word = toks[o].text
    if (
        toks[o].clause != clause
        or not word.isalpha()
        or not word.endswith("s")
        or word.endswith("ss")
        or len(word) < 4
        or any(m.first <= o <= m.last for m in req.mentions)
    ):
        return None
    senses = senses_of(word)
    if not senses or senses[0] == "P" or not {"T", "L"} & set(senses):
        return None
    return new(word, o, o, clause, phrases.get(word, ()))


def _record_said_at(
    req: Request, o: int, clause: int, phrases: dict[str, tuple[str, ...]], new: Callable[..., Mention]
) -> Mention | None:
    """A plural noun at token o that no mention holds, the object of a verb whose object is the record ("send
    reminders", "submit timesheets"), read as a mention of its own; None for a word of no plural ("money") or of
    people first."""
    toks = req.tokens
    word = toks[o].text
    if (
        toks[o].clause != clause
        or not word.isalpha()
        or len(word) < 4
        or singular(word) == word
        or any(m.first <= o <= m.last for m in req.mentions)
        or senses_of(word)[:1] == "P"
    ):
        return None
    return new(word, o, o, clause, phrases.get(word, ()))


def _count(word: str) -> int | None:
    digits = word.replace(",", "")
    return int(digits) if digits.isdigit() else None


def _past(verb: str) -> str:
    return IRREGULAR_PAST.get(verb) or (verb + "d" if verb.endswith("e") else verb + "ed")


def _forms(verb: str) -> set[str]:
    """The verb's present forms and its past ("rate": rate, rates, rated; "buy": buy, buys, bought)."""
    third = verb + ("es" if verb.endswith(("s", "sh", "ch", "x")) else "s")
    if verb in _PRESENT_ONLY:
        return {verb, third}
    return {verb, third, _past(verb)}


#: words right after a past form that make it a participle said of its noun, no act with an object ("250,000
#: tickets sold to 90,000 fans", "2,400 candidates assigned to 60 tracks": the tickets and the candidates as drafted)
_PASSIVE_AFTER = frozenset({"to", "by"})


#: the record verb of each of its forms ('sold', 'sells', 'selling' -> 'sell')
VERB_OF_FORM: dict[str, str] = {f: v for v in RECORD_OF_VERB for f in _forms(v)}


@dataclass(frozen=True)
class VerbRecord:
    """A subject, a verb with a record sense and its object, by the tokens that start each mention."""

    subject: str | None  # the subject's noun phrase, as a mention reads it ("students"); None: the setting
    verb: int  # the verb's token
    obj: str | None  # the object's noun phrase ("courses"); None: a word no table is ("give money to charities")
    between: tuple[int, ...]  # the verb's words before its object ("for", "the", "other"), no part of the noun
    noun: str  # the record's noun, plural ("ratings")
    kinds: tuple[str, ...]  # the catalogue's kinds of that noun, or none ("votes")
    said: bool  # the request names the record by its noun too ("who placed 12,000 orders")
    to: str | None = None  # the noun phrase after 'to' (or 'from', 'at', 'with', 'for') past the object ("parcels to
    # customers", "tickets from resellers"), not lend's
    thing: bool = False  # the object is a noun no other word of the request names: a table of things (draft45)
    to_at: int = -1  # the token of that 'to' or other word (lend's too: its people are the subject)
    acts: bool = False  # the object is the acts themselves: counted with the verb ("sold 5,000 loaves to cafes"), or
    # of the record's kind ("assign homework to students"), said with a second object
    past: str = ""  # the verb's past where it is no listed verb ("dispatched"; draft51's ``act_verb``)


def mention_at(req: Request, k: int, *, end: bool) -> Mention | None:
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
    return any(t.text in (noun, one) and not _names_the_setting(req, k) for k, t in enumerate(req.tokens) if k != verb)


def _names_the_setting(req: Request, k: int) -> bool:
    """Token k is a word of the setting's name in the request's first clause, one of a compound no mention holds
    ("a car hire firm: ...", "a bike rental shop: ..."): the business, not a table of its hires (draft49)."""
    toks = req.tokens
    return (
        toks[k].clause == 0
        and k + 1 < len(toks)
        and toks[k + 1].clause == 0
        and toks[k + 1].text.isalpha()
        and not any(m.first <= k <= m.last for m in req.mentions)
    )


def _subject(req: Request, i: int, clause: int) -> Mention | None:
    """The mention that does the verb at token i: the one ending right before it, past words like 'often'."""
    toks = req.tokens
    s = i - 1
    while s > 0 and toks[s].text in _BEFORE_VERB and toks[s].clause == clause:
        s -= 1
    subject = mention_at(req, s, end=True)
    # "900 readers who borrow books": the relative word starts a clause of its own; the subject is before it
    if subject is not None and toks[s].clause != clause and toks[s + 1].text not in ("who", "that"):
        return None
    return subject


def find_verb_records(
    req: Request, phrases: dict[str, tuple[str, ...]], new: Callable[..., Mention]
) -> list[VerbRecord]:
    """Each subject-verb-object of the request (mentions read) whose verb has a record sense; the parser reads
    the verb as the record's noun where the request does not name the record, and ``key_verb_records`` keys the record to
    its tables. An object no mention holds is made one with ``new`` (the parser's ``Mention``: this module is
    imported by the parser, not the other way)."""
    toks = req.tokens
    out: list[VerbRecord] = []
    for i, t in enumerate(toks):
        verb = VERB_OF_FORM.get(t.text)
        # a verb no list holds, a record verb by its class ("depots dispatched 50,000 parcels to customers",
        # "doctors treat patients", draft51)
        act = act_verb(req, i, _BETWEEN, _SECOND, mention_at) if verb is None and i > 0 else None
        if act is not None:
            verb = act[0]
        if verb is None or i == 0:
            continue
        if t.text == _past(verb) and i + 1 < len(toks) and toks[i + 1].text in _PASSIVE_AFTER:
            continue
        o = i + 1
        while o < len(toks) and (toks[o].text in _BETWEEN or toks[o].text[0].isdigit()) and toks[o].clause == t.clause:
            o += 1
        obj = mention_at(req, o, end=False) if o < len(toks) and toks[o].clause == t.clause else None
        thing = obj is None and o < len(toks)
        merged = next((m for m in req.mentions if m.first == i and m.last >= o and not m.kinds), None)
        if thing and merged is not None:
            # "the gallery sells paintings": a singular subject's verb read as the first word of an unknown noun;
            # the words after the verb are the object (the record replaces the mention at the verb)
            obj, thing = new(" ".join(x.text for x in toks[o : merged.last + 1]), o, merged.last, t.clause, ()), True
        else:
            merged = None
        if thing:  # "members reserve tables": what is reserved, a table of things
            obj = obj or _thing_at(req, o, t.clause, phrases, new)
        if thing and obj is None:  # "members reserve picnic tables", "book study rooms": said by two words (draft52)
            obj = compound_object(req, o, t.clause, phrases, new, _thing_at)
            thing = obj is None or not any(obj is m for m in req.mentions)
        if obj is None and verb in _OBJECT_IS_RECORD:  # "staff send reminders to patients": the reminders, the acts
            obj = _record_said_at(req, o, t.clause, phrases, new)
        to: Mention | None
        if obj is None:
            # "donors give money to charities", "farmers sell produce at markets": an object no table is (a word of
            # no plural), said with a second object that is one; the record is of the subject and that table. A
            # subject is needed: "a boat hire business at 3 marinas" is a noun, no act
            word = o < len(toks) and toks[o].clause == t.clause and toks[o].text.isalpha()
            to_at = o + 1
            to = _after_to(req, to_at, t.clause) if word and verb not in _LENT_TO else None
            if to is None or _subject(req, i, t.clause) is None:
                continue  # no object named: "members rate highly"
        else:
            to_at = _to_at(obj, o)
            to = _after_to(req, to_at, t.clause)
            if to is None:
                _drop_the_setting(req, to_at, t.clause)
            if verb in _LENT_TO and to is not None and toks[to_at].text != "to":
                to = None  # "the library lends books for three weeks": only 'to' says who borrows
        subject: Mention | None
        if verb in _LENT_TO:
            # "the library lends books to readers": the lender is the setting; a loan is of a book and a reader
            subject, to = to, None
            if subject is None:
                continue
        else:
            subject = _subject(req, i, t.clause)
            if subject is None and to is None:
                continue
            # "the broker sells policies to clients": the seller is the setting, the record is of the other two
        past = "" if act is None else t.text if t.text.endswith("ed") else _past(t.text)
        counted = max((n for k in range(i + 1, o) if (n := _count(toks[k].text)) is not None), default=None)
        to_at = to_at if to is not None or verb in _LENT_TO else -1
        between = tuple(k for k in range(i + 1, o) if toks[k].text in _BETWEEN)
        sub, second = subject.phrase if subject is not None else None, to.phrase if to is not None else None
        if subject is not None and counted is not None and (subject.count is None or counted > subject.count):
            # "900 dancers book 15,000 class places": more rows counted with the verb than there are subjects are
            # the acts themselves (each refers to its subject, as drafted before), no record beside them; said with
            # a second object ("bakers sold 5,000 loaves to cafes"), each act is of one of those too
            if obj is not None and to is not None and not thing:
                out.append(
                    VerbRecord(sub, i, obj.phrase, between, obj.phrase, (), True, second, False, to_at, True, past)
                )
            continue
        if obj is not None and verb in _OBJECT_IS_RECORD:
            # "volunteers send letters to donors", "employees submit expenses for projects": each letter, each
            # expense is the act, keyed to the subject and the second object; an object no mention held is a table
            # of those acts, not of things of its own
            if thing:
                req.mentions.append(obj)
            if merged is not None:  # "the charity receives donations": the verb is no word of the donations' noun
                req.mentions.remove(merged)
            out.append(VerbRecord(sub, i, obj.phrase, between, obj.phrase, (), True, second, False, to_at, True))
            continue
        if thing and obj is not None:
            req.mentions.append(obj)
        noun = act[1] if act is not None else RECORD_OF_VERB[verb]
        kinds = phrases.get(noun, ())
        shared = obj is not None and bool(set(kinds) & set(obj.kinds))
        if shared and obj is not None and noun_class(obj.phrase) == "thing":
            kinds = ()  # "deliver parcels": the parcels are the catalogue's shipments; the delivery a record of its own
        said = _said(req, noun, kinds, i)
        out.append(
            VerbRecord(
                sub,
                i,
                obj.phrase if obj is not None else None,
                between,
                noun,
                kinds,
                said,
                second,
                thing,
                to_at,
                # "teachers assign homework to students": the homework is the record (its kind the assignment's),
                # keyed to the subject and the table after 'to' like acts counted with the verb
                said and shared and to is not None,
                past,
            )
        )
    return out


def said_by_its_verb(m: Mention, req: Request) -> bool:
    """The mention is a record the request names by its verb alone (read at the verb's token)."""
    return any(v.verb == m.first and not v.said for v in req.verb_records)


def given_to(req: Request, j: int) -> bool:
    """Token j is the 'to' of a record verb's second object ("sell policies to clients"): the key it says is the
    record's, not the object's (a policy sold is no more the client's than the agent's row)."""
    return any(v.to_at == j for v in req.verb_records)


def lent_by_its_verb(m: Mention | None, req: Request) -> bool:
    """The mention is the record of a lending said by its verb ("the museum lends artworks to galleries"): the
    loan of a thing, lent and given back, not a bank's money."""
    return m is not None and any(
        v.verb == m.first and VERB_OF_FORM.get(req.tokens[v.verb].text) in _LENT_TO for v in req.verb_records
    )


def entity_of_phrase(order: list[Entity], phrase: str) -> Entity | None:
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
    return entity_of_phrase(order, v.noun) or next(
        (x for x in order if x.kind is not None and x.kind.name in v.kinds), None
    )


def key_verb_records(
    order: list[Entity], req: Request, notes: list[str], free: Callable[[Entity, Entity], bool]
) -> None:
    """Each record said by its verb refers to the subject's table, the object's and the one after 'to' (twice, two
    different rows, where the subject and the object are one table: "users follow other users"); a key it has
    already is kept as drafted."""
    for v in req.verb_records:
        obj = entity_of_phrase(order, v.obj) if v.obj is not None else None
        rec = obj if v.acts else _record(order, v)
        subject = entity_of_phrase(order, v.subject) if v.subject is not None else None
        to = entity_of_phrase(order, v.to) if v.to is not None else None
        if rec is None or v.obj is not None and obj is None or v.subject is not None and subject is None:
            continue
        if rec in (subject, to) or rec is obj and not v.acts:
            continue
        keyed: list[Entity] = []
        for x in (subject, obj, to):
            if x is not None and x is not rec and not any(x is y for y in keyed):
                keyed.append(x)
        for x in keyed:
            if x is rec.parent or x in rec.refs or not free(x, rec):
                continue
            rec.refs.append(x)
            notes.append(
                f"{rec.table} refer to {x.table} ('{req.tokens[v.verb].text}': each {singular(v.noun)} is of one)"
            )
        if subject is obj and subject is not None and (subject is rec.parent or subject in rec.refs):
            if subject not in rec.twice:
                rec.twice.append(subject)
                notes.append(
                    f"{rec.table} refer to {subject.table} twice, two different rows ('{v.subject} "
                    f"{req.tokens[v.verb].text} other {v.obj}')"
                )


def thing_acted_on(e: Entity, req: Request) -> str | None:
    """The verb whose object names an uncounted table of things no one holds ("members reserve tables", "riders
    rent bikes"): the thing is the setting's, not one subject's each (a rented bike is no rider's), a table of its
    own; None where the table is no such object."""
    m = e.mention
    if m is None or e.kind is not None or e.count is not None or e.per_phrase is not None or e.role is not None:
        return None
    v = next((v for v in req.verb_records if v.obj == m.phrase and v.subject != m.phrase and not v.acts), None)
    return req.tokens[v.verb].text if v is not None else None


#: the generators of a column that dates a row
_DATES = frozenset({"date", "datetime"})


def date_verb_acts(order: list[Entity], req: Request, tables: dict[str, dict[str, Any]], notes: list[str]) -> None:
    """Acts counted with their verb ("vendors sold 40,000 meals at festivals", "bakers sell 20,000 loaves to cafes")
    are the record of the act, and a record of an act has its date (draft49): a table of such acts whose noun's
    columns have none ('meals', a food, have a price and no date) gets the time of the act, named by the verb
    (``sold_at``), drawn in the request's time span as every undated date is (``_fix_dates``), said in the notes."""
    for v in req.verb_records:
        e = entity_of_phrase(order, v.obj) if v.acts and v.obj is not None else None
        if e is None or e.table not in tables:
            continue
        cols = tables[e.table]["columns"]
        if any(isinstance(c, dict) and c.get("generator") in _DATES for c in cols.values()):
            continue
        past = v.past or _past(VERB_OF_FORM[req.tokens[v.verb].text])
        name = f"{past}_at"
        if name in cols:
            continue
        cols[name] = {"generator": "datetime"}
        lo, hi = e.period_span or req.span
        notes.append(
            f"{e.table}.{name}: when each was {past} (acts counted with '{req.tokens[v.verb].text}' are dated), "
            f"within the time span {lo} to {hi}"
        )
