"""Relations said by a verb between two nouns (issue 20, draft54): a thing or a document acted on by people, and the
verb of a doer said after 'each'.

"teachers graded essays", "employees filed memos": a verb in the past or the third
person between a table of people (the subject) and a table of things or documents (the object). Where the verb
is no record verb (``_verb_records``: its act leaves no table of its own) and no other word of the request relates
the two, the draft left the object unkeyed — a table of essays no teacher graded. Each object row is acted on by
one subject row: the object refers to the subject, made per subject where the request counts no object rows.

Only a person acting on a thing or a document no catalogue kind holds is read so (a kind is related as the
catalogue says: "customers returned products" leaves products the shop's): "students attend courses" (an event),
"customers visit stores" (a place) and "keepers feed animals" (a being) are no such relation; a record verb's act ("vets examine
pets": examinations keyed to both) and a relation said otherwise ("contracts of clients") are kept as drafted.

"each athlete books sessions with a coach": the verb after a singular doer said with 'each' was read as a word of
a noun ("athlete books sessions", one table) or as the catalogue's books; :func:`each_doer_verb` (a hook of the
parse, before unknown nouns are read) keeps it a verb.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from simulacra.draft._nouns import noun_class, plural, senses_of, singular
from simulacra.draft._verb_forms import NO_ACT, past_form, third_person
from simulacra.draft._verb_records import VERB_OF_FORM, entity_of_phrase, mention_at

if TYPE_CHECKING:
    from simulacra.draft._compose import Entity
    from simulacra.draft._parse import Mention, Request

#: what the object may name: a thing or a document is made or handled by one person each
_ACTED_ON = frozenset({"thing", "document"})
#: words between the verb and its object that leave the object the verb's ("graded the essays")
_BETWEEN = frozenset({"the", "a", "an", "their", "some", "many", "several", "all"})


def _verb_form(word: str) -> bool:
    """A past (-ed) or third-person (-s, not -ss) form of a verb, by its ending; a verb WordNet has no noun sense
    of first is what stands between two nouns here."""
    return third_person(word) or (word.isalpha() and len(word) >= 4 and word not in NO_ACT and word.endswith("ed"))


def _person(e: Entity) -> bool:
    return e.acts_as is not None or noun_class(e.table.replace("_", " ")) == "person"


def _related(a: Entity, b: Entity, order: list[Entity], ancestors: Callable[[Entity], set[int]]) -> bool:
    """Either table refers to the other (directly or through others), or a third is keyed to both (a record)."""
    if id(a) in ancestors(b) or id(b) in ancestors(a):
        return True
    return any({id(a), id(b)} <= {id(p) for p in ([x.parent] if x.parent else []) + x.refs} for x in order)


def key_acted_on(
    order: list[Entity],
    req: Request,
    notes: list[str],
    *,
    free: Callable[[Entity, Entity], bool],
    ancestors: Callable[[Entity], set[int]],
) -> None:
    """Each "PEOPLE VERB THINGS" of the request, the verb no record verb, the two tables unrelated: the things refer
    to the people (made per person where their rows are not counted), said in the notes."""
    toks = req.tokens
    records = {v.verb for v in req.verb_records}
    for i, t in enumerate(toks):
        if i == 0 or i in records or not _verb_form(t.text):
            continue
        if any(m.first <= i <= m.last for m in req.mentions):
            continue
        o = i + 1
        while o < len(toks) and toks[o].text in _BETWEEN and toks[o].clause == t.clause:
            o += 1
        # a table said again ("40 teachers; teachers graded essays") is the table its first mention made
        said = mention_at(req, i - 1, end=True)
        done = mention_at(req, o, end=False) if o < len(toks) else None
        subject = entity_of_phrase(order, said.phrase) if said is not None else None
        obj = entity_of_phrase(order, done.phrase) if done is not None else None
        if subject is None or obj is None or subject is obj:
            continue
        if len({toks[i - 1].clause, t.clause, toks[o].clause}) > 1:
            continue
        if obj.kind is not None or not _person(subject) or _person(obj):
            continue  # a table of the catalogue is related as the catalogue says ("customers returned products")
        if noun_class(obj.table.replace("_", " ")) not in _ACTED_ON:
            continue
        if _related(subject, obj, order, ancestors) or not free(subject, obj):
            continue
        if obj.parent is None and obj.count is None and obj.per_phrase is None:
            obj.parent = subject
            notes.append(
                f"{obj.table} made per {singular(subject.table)} ('{subject.table} {t.text} {obj.table}': each "
                f"{singular(obj.table)} is one {singular(subject.table)}'s)"
            )
        else:
            obj.refs.append(subject)
            notes.append(
                f"{obj.table} refer to {subject.table} ('{subject.table} {t.text} {obj.table}': each "
                f"{singular(obj.table)} is one {singular(subject.table)}'s)"
            )


#: words that say one row of the doers' table before its verb ("each athlete books sessions")
_EACH = frozenset({"each", "every"})
#: the article of one partner of the act ("with a coach", "with an instructor")
_ONE = frozenset({"a", "an"})


@dataclass(frozen=True)
class EachAct:
    """ "each athlete books sessions with a coach", by its tokens: the doer, the verb, the object and the partner
    (the noun after "with a"), or ``None`` where none is said."""

    doer: int
    verb: int
    obj: int
    partner: int | None


def _one_noun(word: str, stopwords: frozenset[str]) -> bool:
    return word.isalpha() and word not in stopwords and singular(word) == word


def _as_table(req: Request, k: int, phrases: dict[str, tuple[str, ...]], new: Callable[..., Mention]) -> None:
    """The singular noun at token k names a table of its own, named by its plural ("each pupil" -> pupils): it
    replaces any mention holding the token (a catalogue kind of the singular is kept)."""
    word = req.tokens[k].text
    many = plural(word)
    kinds = phrases.get(many) or phrases.get(word) or ()
    req.mentions[:] = [m for m in req.mentions if not m.first <= k <= m.last]
    req.mentions.append(new(many, k, k, req.tokens[k].clause, kinds))
    req.consumed.add(k)


#: noun classes of the things a plural doer's act leaves one row of each ("designers drew posters", "members rode
#: bikes"); people, places, events and groups are related otherwise ("students attend courses", "customers visit
#: stores", "coaches train athletes")
_MADE_BY_MANY = frozenset({"thing", "document", "food"})


def _said_verb(word: str, stopwords: frozenset[str], *, person: bool) -> bool:
    """A word a user types as the verb after a doer: the third person ("inspects"), and where the doer is a person
    a past, regular or irregular ("graded", "taught"), or a bare form that names no noun ("inspect", or the verb
    not agreeing with the doer: "teachers grades" is the third person)."""
    if word in stopwords or not word.isalpha():
        return False
    if third_person(word):
        return True
    if not person:
        return False  # a past participle after 'each' ("each seat booked ...") is no verb of a doer
    return past_form(word) or (len(word) >= 3 and not senses_of(word))


def _doer(req: Request, i: int, stopwords: frozenset[str]) -> bool | None:
    """Whether the noun before the verb at token i says one doer ("each athlete", "every client": True) or many
    ("mechanics", "all tutors": False), in the verb's clause; None where it is no doer. Many doers are people
    (their noun's first sense) and no word of 'each' before them."""
    toks = req.tokens
    doer = toks[i - 1].text
    if toks[i - 1].clause != toks[i].clause:
        return None
    if i >= 2 and toks[i - 2].text in _EACH:
        return True if toks[i - 2].clause == toks[i].clause and _one_noun(doer, stopwords) else None
    if not doer.isalpha() or doer in stopwords or len(doer) < 4 or singular(doer) == doer:
        return None
    return False if noun_class(singular(doer)) == "person" else None


def each_doer_verb(
    req: Request, stopwords: frozenset[str], phrases: dict[str, tuple[str, ...]], new: Callable[..., Mention]
) -> None:
    """ "each athlete books sessions with a coach", "each client books appointments with a stylist": the word after
    the singular doer, a verb in the third person before a plural object, is the doer's verb — no word of a noun
    (the draft glued "athlete books sessions" into one table, and read "books" as the catalogue's books). The verb
    is consumed and any mention holding it dropped, so the doer and the object are read as nouns of their own.

    The doer, and the partner said by "with a <noun>" right after the object, are tables of their own named by
    their plurals, counted or not (draft55: an uncounted singular noun was read as no table, "each mechanic
    inspects cars" made no table of mechanics' acts); the act is kept in ``req.each_acts`` for
    :func:`key_each_acts`.

    draft56: the doer and its verb in any number, tense or agreement a user types — "each tutor taught lessons",
    "every nurse saw patients" (a person's past, irregular or not), "mechanics inspect cars", "all designers drew
    posters", "teachers grades essays" (many people, the verb in any form). Many doers act so on things, documents
    or food only, not by a record verb (``_verb_records``: its record is keyed there), and not where both nouns
    are the catalogue's (related as it says)."""
    toks = req.tokens
    for i in range(1, len(toks) - 1):
        one = _doer(req, i, stopwords)
        if one is None:
            continue
        doer, verb, obj = toks[i - 1].text, toks[i].text, toks[i + 1].text
        person = noun_class(doer if one else singular(doer)) == "person"
        if not _said_verb(verb, stopwords, person=person) or toks[i + 1].clause != toks[i].clause:
            continue
        if not obj.isalpha() or obj in stopwords or singular(obj) == obj:
            continue
        if not one and (verb in VERB_OF_FORM or noun_class(obj) not in _MADE_BY_MANY):
            continue
        if not one and phrases.get(doer) and phrases.get(obj):
            continue  # two kinds of the catalogue are related as it says ("customers returned products", draft54)
        req.mentions[:] = [m for m in req.mentions if not m.first <= i <= m.last]
        req.consumed.add(i)
        if one:
            _as_table(req, i - 1, phrases, new)
        elif not any(m.first <= i - 1 <= m.last for m in req.mentions):
            # "mechanics inspect cars": an uncounted plural doer no other rule reads is a table of its own
            req.mentions.append(new(doer, i - 1, i - 1, toks[i - 1].clause, phrases.get(doer, ())))
            req.consumed.add(i - 1)
        if not any(m.first <= i + 1 <= m.last for m in req.mentions):
            # "washes dogs": an unknown plural object after the consumed verb is read as no noun otherwise
            req.mentions.append(new(obj, i + 1, i + 1, toks[i + 1].clause, phrases.get(obj, ())))
            req.consumed.add(i + 1)
        w = i + 4  # "with a coach": one partner of each act, a table of its own
        partner = (
            w
            if w < len(toks)
            and toks[i + 2].text == "with"
            and toks[i + 3].text in _ONE
            and len({toks[k].clause for k in range(i + 2, w + 1)}) == 1  # 'with' opens a clause of its own
            and _one_noun(toks[w].text, stopwords)
            else None
        )
        if partner is not None:
            _as_table(req, partner, phrases, new)
        req.each_acts.append(EachAct(i - 1, i, i + 1, partner))


def records_of_each_acts(req: Request) -> None:
    """An object of a doer's act said with 'each' that is itself an event (WordNet's first sense), uncounted, is the
    act's record ("each pupil books sessions": the sessions are the bookings): no record named by the verb beside
    it. A thing or a document stands apart from the act ("each reader borrows books": loans of the books), and so
    does a counted table ("900 cars; each mechanic inspects cars"): their record is kept."""
    verbs = {a.verb: a for a in req.each_acts}
    counted = {m.phrase for m in req.mentions if m.count is not None}
    req.verb_records[:] = [
        v
        for v in req.verb_records
        if v.verb not in verbs
        or v.said
        or v.obj is None
        or v.obj in counted
        or noun_class(v.obj.replace("_", " ")) != "event"
    ]


def key_each_acts(
    order: list[Entity],
    req: Request,
    notes: list[str],
    *,
    free: Callable[[Entity, Entity], bool],
    ancestors: Callable[[Entity], set[int]],
) -> None:
    """The record of each act said with 'each' (the verb's record where one is drafted, else the object) refers to
    the doer and to the partner: made per doer where its rows are not counted, said in the notes."""
    for act in req.each_acts:
        at = next((x for x in order if x.mention is not None and x.mention.first == act.verb), None)
        obj = mention_at(req, act.obj, end=False)
        counted = obj is not None and any(m.count is not None and m.phrase == obj.phrase for m in req.mentions)
        if at is None and counted:
            continue  # things counted apart from the act ("900 cars") are no record of it: left as drafted
        record = at or (entity_of_phrase(order, obj.phrase) if obj is not None else None)
        if record is None:
            continue
        said = " ".join(req.tokens[k].text for k in range(act.doer - 1, (act.partner or act.obj) + 1))
        for k in (act.doer, act.partner):
            who = mention_at(req, k, end=False) if k is not None else None
            table = entity_of_phrase(order, who.phrase) if who is not None else None
            if k == act.partner and table is not None and table.parent is record and table.per_phrase is None:
                # "meetings with a lawyer": the partner was guessed people of the act's record (lawyers per meeting);
                # each record has one partner, not the partner one record each
                table.parent = None
                notes[:] = [n for n in notes if not n.startswith(f"assumed {table.table} belong to {record.table} ")]
            if table is None or table is record or _related(table, record, order, ancestors) or not free(table, record):
                continue
            if k == act.doer and record.parent is None and record.count is None and record.per_phrase is None:
                record.parent = table
                notes.append(f"{record.table} made per {singular(table.table)} ('{said}')")
            else:
                record.refs.append(table)
                notes.append(f"{record.table} refer to {table.table} ('{said}': each {singular(record.table)} has one)")
