"""Compose a spec from a parsed request and the catalogue, writing down every assumption."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import math
import os
import re
from dataclasses import dataclass, field
from typing import Any

from simulacra.draft._catalogue import Catalogue, Kind, ScenarioTemplate, load_catalogue
from simulacra.draft._compound_words import compound_words
from simulacra.draft._date_ends import ends_bound_what_they_follow, room_for_a_step
from simulacra.draft._key_agreement import BOOKING_WORDS, booked_staff, keys_agree, own_parts
from simulacra.draft._nouns import noun_class, plural, senses_of, singular
from simulacra.draft._parse import (
    MULTIPLIER_WORDS,
    PERIOD_WORDS,
    STAT_WORDS,
    STOPWORDS,
    Mention,
    Rate,
    Request,
    in_rate_part,
    parse_number,
    parse_request,
    past_participle,
)
from simulacra.draft._per_totals import bound_followed_rows, bound_guessed_counts, huge_per_parent
from simulacra.draft._progress import progress_records
from simulacra.draft._quantities import Record, is_device_word, record_of
from simulacra.draft._relation_phrases import key_acted_on, key_each_acts
from simulacra.draft._reviewers import review_authors
from simulacra.draft._roles import CUSTOMER_WORDS, USE_ACTS, role_of_noun
from simulacra.draft._scaled_counts import catalogue_per, following, population_factor
from simulacra.draft._sport import sport_tables
from simulacra.draft._step_grid import (
    CALENDAR_STEPS,
    STEP_SECONDS,
    calendar_points,
    first_own_date,
    grid_steps,
    on_the_calendar,
    on_the_step,
)
from simulacra.draft._takers import is_record, is_taker, makes
from simulacra.draft._thing_sizes import thing_rows
from simulacra.draft._trade_acts import trade_acts
from simulacra.draft._venue import venue_spaces
from simulacra.draft._verb_records import (
    date_verb_acts,
    given_to,
    key_verb_records,
    lent_by_its_verb,
    said_by_its_verb,
    thing_acted_on,
)
from simulacra.draft._work_places import places_of_work

__all__ = ["Composition", "compose"]

_CURRENCY = {"en_US": "USD", "en_GB": "GBP", "de_DE": "EUR", "fr_FR": "EUR"}
_DEFAULT_AFTER = {"distribution": "exponential", "scale": 7, "unit": "days"}
#: the catalogue's tax rates are Germany's (standard 19%, reduced 7%): each locale's standard and reduced rate
#: (the United States: a state sales tax, none on what is exempt)
_TAX_RATES = {"de_DE": (0.19, 0.07), "fr_FR": (0.2, 0.055), "en_GB": (0.2, 0.05), "en_US": (0.07, 0.0)}


@dataclass
class Entity:
    kind: Kind | None  # None: an unknown noun
    table: str
    key: str
    mention: Mention | None
    count: int | None = None
    per_phrase: str | None = None
    per_count: float | None = None
    exact_per: bool = False
    parent: Entity | None = None  # made per this one
    refs: list[Entity] = field(default_factory=list)  # further foreign keys
    date: str | None = None
    why: str = ""
    role: str | None = None  # an unknown noun's role read from its head word: person (owners) or staff (vets)
    per_range: tuple[int, int] | None = None  # 1 to 5 per parent row, equally likely
    # refs taken once each per parent row ("per runner per checkpoint")
    distinct: list[Entity] = field(default_factory=list)
    klass: str | None = None  # what the noun names: person, place, group, thing, event... (``_nouns.CLASSES``)
    often: tuple[int, str] | None = None  # "twice a day": so many per parent row and unit of the time span
    period: tuple[int, str] | None = None  # made so many per parent row in each calendar unit of the span
    #: the span those units cover where the clause gives its own ("a test every year from 2021 to 2024")
    period_span: tuple[dt.date, dt.date] | None = None
    #: refs taken only because the table was named before (no word of the request relates them): a word
    #: that relates them otherwise ("donations from donors to campaigns") overrides these
    guessed: list[Entity] = field(default_factory=list)
    #: the parent is only the nearest table named before that belongs to nothing (no word, no class relates
    #: them): a word that relates the table otherwise ("dogs of 1,600 owners", "inspections by technicians")
    #: overrides it
    parent_guessed: bool = False
    #: tables each row names twice, two different rows ("matches where a user likes another user")
    twice: list[Entity] = field(default_factory=list)
    #: the table 'per <phrase>' names, before it is made the parent: no guess may put that table under this one
    per_target: Entity | None = None
    #: an unknown noun that the catalogue has as an act of another domain (a hotel's 'reservations', the travel
    #: kind booking): it is something that happens, whatever WordNet's first sense of it is
    act_elsewhere: bool = False
    #: an unknown noun of loans of a thing ('instrument loans'): an act of using it, as hires are (``_use_act``)
    lent: bool = False
    #: made one per parent row and step of this many seconds ("readings every 7 minutes"): dated on that grid
    step_s: int | None = None
    #: share of parent rows with none of these rows, where one per parent row is made exactly (rated orders)
    zero_share: float = 0.0
    #: an unknown noun read as a device or an asset, never people (``_read_as_device``): 'servers', 'routers'
    device: bool = False

    @property
    def acts_as(self) -> str | None:
        """The role a parent slot ``@person``/``@staff`` matches: the kind's, or the unknown noun's."""
        return self.kind.role if self.kind is not None else self.role


#: acts of using a thing (``_roles.USE_ACTS``) that last from taking the thing to giving it back: a start and an
#: end, not a duration in minutes
_RENTAL_ACTS = frozenset("rental hire charter".split())


def _use_act(e: Entity) -> bool:
    """An unknown noun naming an act of using something lent or hired out (rides, trips, rentals, hires, and
    loans of a thing: ``Entity.lent``)."""
    return e.kind is None and e.role is None and (e.lent or _head(e.table.replace("_", " ")) in USE_ACTS)


#: words that make a loan money lent: a bank's, a credit union's
_MONEY_WORDS = frozenset(
    "interest apr principal repayment repayments mortgage mortgages amount amounts credit bank banks lender lenders "
    "installment installments instalment instalments default defaults defaulted emi borrowing".split()
)
#: what a loan is for, not what is lent: 'car loans', 'student loans' are money
_MONEY_LOAN_MODIFIERS = frozenset(
    "car auto home student personal payday business cash micro consumer bridge housing vehicle farm property".split()
)


def _lends_a_thing(phrase: str, req: Request) -> bool:
    """'instrument loans', 'loans' beside '300 tools': a loan of a thing lent and given back (an act with a start
    and an end, of the thing and the borrower), decided by what is lent — a thing named in the noun or beside it,
    against a word of money (amount, interest, repayments) or a money loan's purpose ('car loans', 'student
    loans') that makes it a bank's loan."""
    words = phrase.split()
    if singular(words[-1]) != "loan" or any(t.text in _MONEY_WORDS for t in req.tokens):
        return False
    if len(words) > 1:
        mod = words[-2]
        return mod not in _MONEY_LOAN_MODIFIERS and noun_class(mod) == "thing"
    return any(
        o.phrase != phrase and singular(o.phrase.split()[-1]) != "loan" and noun_class(o.phrase) == "thing"
        for o in req.mentions
    )


@dataclass
class Composition:
    spec: dict[str, Any]
    assumptions: list[str]
    request: Request
    #: the values the request said (not assumed): a path in the spec ("locale", "tables.loans.rows",
    #: "scenarios.default.rate", "span") -> the request's words for it; a review keeps them (issue 20, draft62)
    said: dict[str, str] = field(default_factory=dict)


def slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    if not s:
        return "table"
    return s if s[0].isalpha() else f"t_{s}"


def _domain_scores(req: Request, cat: Catalogue) -> dict[str, float]:
    low = req.text.lower()
    scores = {d: 0.0 for d in cat.domains}
    for d, cues in cat.domains.items():
        for cue in cues:
            if re.search(rf"(?<![a-z]){re.escape(cue)}(?![a-z])", req.context):
                scores[d] += 3
            elif re.search(rf"(?<![a-z]){re.escape(cue)}(?![a-z])", low):
                scores[d] += 1
    for m in req.mentions:
        if len(m.kinds) == 1:
            scores[cat.kinds[m.kinds[0]].domain] += 1
    return scores


def _cue_scores(req: Request, cat: Catalogue) -> dict[str, float]:
    """Each domain's score from its cue words alone (not from the kinds the request happens to name)."""
    low = req.text.lower()
    return {
        d: float(sum(bool(re.search(rf"(?<![a-z]){re.escape(cue)}(?![a-z])", low)) for cue in cues))
        for d, cues in cat.domains.items()
    }


def _off_domain(m: Mention, cues: dict[str, float], mentions: list[Mention], cat: Catalogue) -> bool:
    """A noun read as a kind of a domain nothing else in the request is about ('seat assignments' as school
    submissions in an airline's request, 'members' as policyholders at a gym): every kind it may be is
    specific to a domain that no cue word and no other noun of the request points to."""
    if not m.kinds:
        return False
    for k in m.kinds:
        kind = cat.kinds[k]
        if m.phrase in kind.needs_cue and cues[kind.domain] == 0:
            continue  # "tickets" at a film festival: not this kind without a word of its domain
        if kind.common or cues[kind.domain] > 0:
            return False
        if any(
            o is not m and o.phrase != m.phrase and any(cat.kinds[x].domain == kind.domain for x in o.kinds)
            for o in mentions
        ):
            return False
    return True


def _dated_act(k: Kind) -> bool:
    """A kind that is something done at a time by or to rows of other kinds (a booking, a stay, a claim)."""
    return k.role is None and k.date is not None and bool(k.parents)


def _names_the_act(word: str, k: Kind) -> bool:
    """The word names the rows of a kind that is an act: 'reservations' a booking, not 'routes' the stops
    of a route (the first word of another of the kind's words names what the act is part of)."""
    one = singular(word)
    return _dated_act(k) and not any(w.startswith(f"{one} ") or w.startswith(f"{word} ") for w in k.words)


def _same_act_in_domain(m: Mention, domain: str | None, mentions: list[Mention], cat: Catalogue) -> str | None:
    """The one kind of the request's domain that a noun of another domain's kind names there: 'reservations'
    are the travel kind booking, and a hotel's 'room bookings' are its stays, so a hotel's reservations are
    stays. Two kinds share the act where a word of one is a word of the other or the last word of one of its
    words, and the request names what the act is done at (a stay's room or hotel: a restaurant's reservations
    are no stays). None where the domain has no such kind, or more than one."""
    if domain is None:
        return None
    named = {k for o in mentions if o is not m for k in o.kinds}
    found: set[str] = set()
    for name in m.kinds:
        k = cat.kinds[name]
        if not _names_the_act(m.phrase, k):
            continue  # people and things of another domain ('members' at a gym) are not one act said twice
        words = set(k.words)
        for c in cat.kinds.values():
            if c.domain == domain and c.name != name and _dated_act(c):
                at = {p for slot in c.parents for p in slot if not p.startswith("@")}
                if any(w in words or w.split()[-1] in words for w in c.words) and (not at or at & named):
                    found.add(c.name)
    return next(iter(found)) if len(found) == 1 else None


def _part_of(m: Mention, present: dict[str, Entity], cat: Catalogue) -> str | None:
    """The kind a bare word names as the part of a parent of the request: 'items' of orders are order items."""
    parent = next((e for e in present.values() if e.kind is not None and m.per in (*e.kind.words, e.table)), None)
    if parent is None or parent.kind is None:
        return None
    return next(
        (
            c.name
            for c in cat.kinds.values()
            if c.needs == parent.kind.name and any(w.endswith(f" {m.phrase}") for w in c.words)
        ),
        None,
    )


def _named_as_asked(phrase: str, k: Kind) -> tuple[str, str]:
    """The table and key for a kind the request names by another plural noun: '12 restaurants' is a table
    ``restaurants`` (with the store kind's columns), not ``stores``; a singular word whose plural the kind
    lists is named by that plural ('a bill for every visit': ``bills``). A mass word ('billing', 'telemetry')
    keeps the catalogue's name, as does a word that is a form of it."""
    name = slug(phrase)
    if singular(name) == name:  # "a bill for every visit": the kind's own plural of a countable word, bills
        name = next((slug(w) for w in k.words if w != phrase and " " not in w and singular(w) == name), name)
    head = singular(name.split("_")[-1])
    own = singular(k.table)
    if singular(name) == name or head == own or own.endswith(f"_{head}") or singular(name) == k.name:
        return k.table, k.key  # 'insurance claims' are claims, 'help articles' the kb_articles
    return name, f"{singular(name)}_id"


def _counted_modifiers(req: Request, cat: Catalogue, notes: list[str]) -> None:
    """'400 delivery routes', '3,000 repair jobs' at a garage: a singular word of a catalogue kind right after a
    count of many and right before a plural of a kind of the same domain is no table of its own ("400
    delivery" counts no deliveries): it says which routes, and the two words are one noun, the plural's kind.
    A word of another domain is left to the reading of nouns outside the request's domain ('repair tickets')."""
    toks = req.tokens
    out: list[Mention] = []
    for m in sorted(req.mentions, key=lambda m: m.first):
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.first == prev.last
            and m.first == m.last
            and prev.last + 1 == m.first
            and prev.clause == m.clause
            and prev.first >= 1
            and toks[prev.first - 1].clause == prev.clause
            and (parse_number(toks[prev.first - 1].text) or 0) > 1
            and prev.count is None
            and prev.per is None
            and singular(prev.phrase) == prev.phrase
            and singular(m.phrase) != m.phrase
            and prev.kinds
            and m.kinds
            and {cat.kinds[k].domain for k in prev.kinds} & {cat.kinds[k].domain for k in m.kinds}
        ):
            out[-1] = dataclasses.replace(m, phrase=f"{prev.phrase} {m.phrase}", first=prev.first)
            notes.append(f"'{out[-1].phrase}': one noun, not {plural(prev.phrase)} and {m.phrase}")
            continue
        out.append(m)
    req.mentions[:] = out


def _bare_word_before(prev: Mention, m: Mention, people: set[str]) -> bool:
    """'learner drivers', 'ticket buyers': one uncounted singular word said just before a noun of people, in
    its clause — the shape both merges into one noun of people start from."""
    return (
        prev.last + 1 == m.first
        and prev.clause == m.clause
        and prev.count is None
        and prev.per is None
        and " " not in prev.phrase
        and singular(prev.phrase) == prev.phrase
        and bool(m.kinds)
        and set(m.kinds) <= people
    )


def _people_compounds(req: Request, cat: Catalogue, notes: list[str]) -> set[str]:
    """'1,500 learner drivers', 'trainee nurses': a singular word of a catalogue kind of people just before a
    noun of another such kind is one noun of people, drafted as one table named by both words; the first
    word said again alone ('30 lessons for every learner', '40% of learners') names that table too."""
    people = {k for k in cat.kinds if cat.kinds[k].role is not None}
    out: list[Mention] = []
    said: dict[str, Mention] = {}
    taken: set[str] = set()  # "ticket buyers": the first word said again ('30,000 tickets') is no name of theirs
    for m in sorted(req.mentions, key=lambda m: m.first):
        prev = out[-1] if out else None
        if (
            prev is not None
            and _bare_word_before(prev, m, people)
            and prev.kinds
            and set(prev.kinds) <= people
            and not set(prev.kinds) & set(m.kinds)
        ):
            out[-1] = dataclasses.replace(m, phrase=f"{prev.phrase} {m.phrase}", first=prev.first)
            said[prev.phrase] = dataclasses.replace(out[-1], kinds=prev.kinds)
            notes.append(f"'{out[-1].phrase}': one noun of people, not {prev.phrase}s and {m.phrase}")
            continue
        if (
            prev is not None
            and _bare_word_before(prev, m, people)
            and not set(prev.kinds) & people
            and is_taker(m.phrase)
        ):  # "8,000 ticket buyers": people named by what they take (_takers), not a ticket and buyers
            merged = dataclasses.replace(m, phrase=f"{prev.phrase} {m.phrase}", first=prev.first)
            if is_record(prev.phrase) and not any(
                x is not prev and _head(x.phrase) == prev.phrase for x in req.mentions
            ):  # "50,000 ticket buyers" and no tickets said: the tickets they buy, uncounted, are a table too
                out[-1] = dataclasses.replace(prev, phrase=plural(prev.phrase))
                out.append(merged)
            else:
                out[-1] = merged
            taken.add(merged.phrase)
            notes.append(f"'{out[-1].phrase}': one noun of people, not a {prev.phrase} and {m.phrase}")
            continue
        out.append(m)
    for n, m in enumerate(out):
        whole = said.get(singular(m.phrase))
        if whole is not None and m.kinds == whole.kinds and m.first != whole.first:
            out[n] = dataclasses.replace(
                m, phrase=whole.phrase, kinds=next(x.kinds for x in out if x.first == whole.first)
            )
    req.mentions[:] = out
    return {m.phrase for m in said.values()} | taken


def _act_of_setting(phrase: str, req: Request) -> bool:
    """A noun of one word that WordNet also knows as an act, said before another word in the setting ('hires'
    of "a boat hire business", 'lets' of "a holiday let agency"): the act the business is named by."""
    if " " in phrase or "E" not in senses_of(phrase):
        return False
    words = req.context.split()
    return singular(phrase) in words[:-1]


def _noun_phrase(req: Request, m: Mention) -> str:
    """The mention with the plain word before it when that word is part of the noun ('seat assignments')."""
    j = m.first - 1
    # "3 report cards": the word between the count and the noun was consumed with the count; it is still the noun's
    counted = (
        j >= 1
        and (
            bool(re.fullmatch(r"[\d,.]+", req.tokens[j - 1].text))
            or (  # "3 million game sessions": the count's multiplier between
                j >= 2
                and req.tokens[j - 1].text in MULTIPLIER_WORDS
                and bool(re.fullmatch(r"[\d,.]+", req.tokens[j - 2].text))
            )
        )
        and req.tokens[j].text.isalpha()
        and not any(x.first <= j <= x.last for x in req.mentions)  # a noun of its own ('repair' requests)
    )
    if j >= 1 and req.tokens[j - 1].text in _RELATIVE_PRONOUNS:
        return m.phrase  # "2,000 people who buy tickets": the word before the noun is the people's verb
    if any(v.verb == j for v in req.verb_records):
        return m.phrase  # "customers buy tickets from resellers": the record's verb, no word of its object (draft47)
    if any(j in (a.doer, a.verb) for a in req.each_acts):
        return m.phrase  # "each member books classes": the doer and its verb, no words of the act's noun (draft56)
    if j >= 0 and (j not in req.consumed or counted) and req.tokens[j].clause == m.clause:
        w = req.tokens[j].text
        if (
            w.isalpha()
            and w not in STOPWORDS
            and w not in _NOT_MODIFIERS
            and w not in PERIOD_WORDS
            and w not in MULTIPLIER_WORDS  # "2.5 million readers" at a news site: the count's word, not the noun's
        ):
            return f"{w} {m.phrase}"
    return m.phrase


#: words that start a clause of what people do ("fans who buy tickets"): the word after is a verb
_RELATIVE_PRONOUNS = frozenset({"who", "whom"})
#: words before a noun that say how many or whose, not what kind (how often: PERIOD_WORDS)
_NOT_MODIFIERS = frozenset(
    "many several some few more most all each every new old their its his her our my your".split()
)


def _listed_scenario_words(req: Request) -> None:
    """'wallets, trades and withdrawals': a plural scenario word listed with no rate beside it, of a kind
    the request does not name, is a table of its own ('withdrawals'), not that kind's scenario
    (enrolments withdrawn)."""
    named = {k for m in req.mentions for k in m.kinds}
    for tok in dict.fromkeys(h[2] for h in req.scenario_hits):
        owners = {o for o, _s, t, _c in req.scenario_hits if t == tok}
        word = req.tokens[tok].text
        clause = req.tokens[tok].clause
        if owners & named or any(r.clause == clause for r in req.rates):
            continue
        if not (word.endswith("s") and len(word) > 4 and word.isalpha()):
            continue
        if tok + 1 < len(req.tokens) and req.tokens[tok + 1].clause == clause and req.tokens[tok + 1].text.isalpha():
            continue  # a word of a longer phrase ("cancellations are rare")
        req.mentions.append(Mention(word, tok, tok, clause, ()))
        req.scenario_hits = [h for h in req.scenario_hits if h[2] != tok]
    req.mentions.sort(key=lambda m: m.first)


def _head(phrase: str) -> str:
    return singular(phrase.split()[-1]) if phrase.split() else phrase


def _pick(kinds: tuple[str, ...], scores: dict[str, float], cat: Catalogue) -> str:
    return max(kinds, key=lambda k: (scores[cat.kinds[k].domain], -kinds.index(k)))


def _resolve_slot(
    slot: tuple[str, ...], child: Entity, present: dict[str, Entity], order: list[Entity], cat: Catalogue
) -> Entity | None:
    for cand in slot:
        if cand == "@event":  # an event outside the catalogue ("sweeps", "fittings"): a bill is of one
            for e in order:
                if e.kind is None and e.klass == "event" and e.role is None and e is not child:
                    return e
        elif cand.startswith("@"):
            role = cand[1:]
            for e in order:
                if e.acts_as == role and e is not child:
                    return _patient_of(e, child, order) or e
        elif cand in present and present[cand] is not child:
            return present[cand]
    return None


def _patient_of(person: Entity, child: Entity, order: list[Entity]) -> Entity | None:
    """The animal a person of the request owns, where a healthcare kind ('visits', 'prescriptions') asks for
    a person: at a vet the pet is the patient, seen at the visit, and its owner is reached through it."""
    if child.kind is None or child.kind.domain != "healthcare" or child.kind.role is not None or person.role is None:
        return None
    return next(
        (x for x in order if x.kind is None and x.klass == "animal" and x.parent is person and x is not child), None
    )


def _ancestors(e: Entity, *, said: bool = False) -> set[int]:
    """The ids of the tables e refers to, directly or through others; with ``said``, not through a parent
    that was only guessed (``Entity.parent_guessed``)."""
    out: set[int] = set()
    stack = [e]
    while stack:
        x = stack.pop()
        for p in ([x.parent] if x.parent and not (said and x.parent_guessed) else []) + x.refs:
            if id(p) not in out:
                out.add(id(p))
                stack.append(p)
    return out


def _names_table(word: str, e: Entity) -> bool:
    """A word of the rate that names its table ('drives' of test_drives), not what happened to the rows."""
    parts = e.table.split("_")
    return word in (e.table, singular(e.table)) or (len(parts) > 1 and singular(word) == singular(parts[-1]))


def _headed_by(name: str, order: list[Entity]) -> list[Entity]:
    """The tables of two or more words whose last word is the noun ``name`` ('moisture_readings' of 'readings')."""
    return [e for e in order if "_" in e.table and singular(e.table.split("_")[-1]) == singular(name)]


def _said_again_by_head(m: Mention, order: list[Entity], mentions: list[Mention]) -> Entity | None:
    """'berth contracts ..., each owner holding one or two contracts': a noun of one word that is the last word
    of exactly one table of two or more words named before is that table said again, not a table of its own.
    Not where the word names a table itself, nor where two nouns end in it ('home loans and car loans ...
    two loans': which is meant is not said)."""
    if " " in m.phrase or not m.phrase.isalpha():
        return None
    name = slug(m.phrase)
    one = singular(name)
    if any(singular(x.table) == one or (x.mention and singular(x.mention.phrase) == one) for x in order):
        return None
    heads = [x for x in _headed_by(name, order) if x.mention is not None and x.mention.first < m.first]
    later = {
        x.phrase for x in mentions if x.first > m.first and " " in x.phrase and singular(x.phrase.split()[-1]) == one
    }
    if len(heads) != 1 or later - {heads[0].mention.phrase if heads[0].mention else ""}:
        return None
    head = heads[0]
    if m.count is not None and head.mention is not None:
        # 'work orders, 200 orders': a count of its own on the next item of a list introduces another noun
        # (customer orders beside work orders), not the table said again; further on, a number with the noun is
        # more often a bound on it ('30 dog shows ...; a dog is entered in no more than 8 shows')
        if not any(head.mention.last < x.first < m.first for x in mentions):
            return None
    return head


def _take_counts(e: Entity, m: Mention) -> None:
    """What the noun said again adds: a count the table lacks, and how many per parent when none was said."""
    if e.count is None and m.count is not None:
        e.count = m.count
    if e.per_phrase is None and m.per is not None:
        e.per_phrase, e.per_count, e.exact_per = m.per, m.per_count, m.exact_per
        e.per_range, e.often = m.per_range, m.often


def _find_entity(phrase: str, order: list[Entity], cat: Catalogue) -> Entity | None:
    """The entity a 'per <phrase>' names: by its kind's words or its table name, else the one table of
    two words whose head it is ('passes' of 'lift passes')."""
    for cand in (phrase, singular(phrase)):
        for e in order:
            words = set(e.kind.words) if e.kind else set()
            if (
                cand in words
                or cand == e.table
                or cand == singular(e.table)
                or (e.mention and cand in (e.mention.phrase, singular(e.mention.phrase)))
            ):
                return e
    heads = _headed_by(phrase, order)
    if len(heads) == 1:
        return heads[0]
    # "for every learner": the people of 'learner drivers', named by their first word
    firsts = [
        e
        for e in order
        if e.acts_as is not None
        and e.mention is not None
        and len(e.mention.phrase.split()) == 2
        and singular(e.mention.phrase.split()[0]) == singular(phrase)
    ]
    return firsts[0] if len(firsts) == 1 else None


def _unknown_columns(name: str, role: str | None = None, klass: str | None = None) -> dict[str, Any]:
    """Columns for a noun the catalogue lacks, by what it names (``_nouns.CLASSES``): people have names and
    a way to reach them, things a serial and a service date, places an address, events a start, a
    duration and an outcome, documents a reference and a title, money an amount and a payment date."""
    one = singular(name)
    noun = singular(name.split("_")[-1]).capitalize()
    key = {f"{one}_id": {"generator": "sequence"}}
    if role is not None:  # people: names, a way to reach them, a status
        cols: dict[str, Any] = {
            **key,
            "first_name": {"generator": "first_name", "group": "person"},
            "last_name": {"generator": "last_name", "group": "person"},
            "email": {"generator": "email", "group": "person", "unique": True},
            "phone": {"generator": "phone", "group": "person"},
        }
        if role == "staff":
            cols["active"] = {"generator": "boolean", "p": 0.9}
            cols["hired_on"] = {"generator": "date"}
        else:
            cols["created_at"] = {"generator": "datetime"}
        return cols
    status = {"generator": "categorical", "values": {"active": 0.85, "inactive": 0.15}}
    templates: dict[str | None, dict[str, Any]] = {
        "animal": {
            "name": {"generator": "first_name"},
            "sex": {"generator": "categorical", "values": {"female": 0.5, "male": 0.5}},
            "born_on": {"generator": "date", "start": "2010-01-01", "end": "2023-12-31"},
            "weight_kg": {"generator": "lognormal", "median": 12, "sigma": 0.8, "round": 1},
        },
        "place": {
            "name": {"generator": "pattern", "pattern": f"{noun} {{seq:03d}}"},
            "city": {"generator": "city", "group": "site"},
            "street": {"generator": "street_address", "group": "site"},
            "capacity": {"generator": "integer", "low": 10, "high": 500},
            "opened_on": {"generator": "date", "start": "2000-01-01", "end": "2022-12-31"},
        },
        "group": {
            "name": {"generator": "pattern", "pattern": f"{noun} {{seq:03d}}"},
            "category": {"generator": "categorical", "values": {"standard": 0.6, "premium": 0.3, "other": 0.1}},
            "founded_on": {"generator": "date", "start": "1990-01-01", "end": "2022-12-31"},
        },
        "thing": {
            "serial": {"generator": "pattern", "pattern": f"{noun[:3].upper()}-{{seq:06d}}", "unique": True},
            "model": {"generator": "categorical", "values": {"A": 0.5, "B": 0.3, "C": 0.2}},
            "status": {"generator": "categorical", "values": {"in_service": 0.85, "maintenance": 0.1, "retired": 0.05}},
            "in_service_since": {"generator": "date"},
        },
        "event": {
            "starts_at": {"generator": "datetime"},
            "duration_min": {"generator": "lognormal", "median": 45, "sigma": 0.6, "round": 0, "min": 1},
            "status": {"generator": "categorical", "values": {"completed": 0.9, "cancelled": 0.07, "no_show": 0.03}},
        },
        "document": {
            "reference": {"generator": "pattern", "pattern": f"{noun[:3].upper()}-{{seq:07d}}", "unique": True},
            "title": {"generator": "sentence", "min_words": 3, "max_words": 7},
            "issued_at": {"generator": "datetime"},
            "price": {"generator": "money", "distribution": "lognormal", "median": 25, "sigma": 0.6, "min": 1},
        },
        "money": {
            "amount": {"generator": "money", "distribution": "lognormal", "median": 50, "sigma": 0.8, "min": 1},
            "paid_at": {"generator": "datetime"},
            "method": {"generator": "categorical", "values": {"card": 0.7, "transfer": 0.2, "cash": 0.1}},
        },
        "measure": {
            "measured_at": {"generator": "datetime"},
            "value": {"generator": "normal", "mean": 100, "std": 15, "round": 2},
        },
        "food": {
            "name": {"generator": "pattern", "pattern": f"{noun} {{seq:04d}}"},
            "category": {"generator": "categorical", "values": {"main": 0.5, "side": 0.3, "drink": 0.2}},
            "price": {"generator": "money", "distribution": "lognormal", "median": 12, "sigma": 0.5, "min": 1},
        },
    }
    return {
        **key,
        **templates.get(
            klass,
            {
                "name": {"generator": "pattern", "pattern": f"{noun} {{seq:05d}}"},
                "category": {"generator": "categorical", "values": {"standard": 0.6, "premium": 0.3, "other": 0.1}},
                "status": status,
                "created_at": {"generator": "datetime"},
                "amount": {"generator": "money", "distribution": "lognormal", "median": 50, "sigma": 0.8, "min": 1},
            },
        ),
    }


def _said_before(m: Mention, req: Request, n: int = 2) -> list[str]:
    """The words said just before a mention in its clause, at most ``n``."""
    toks = req.tokens
    out = [t.text for t in toks[max(0, m.first - n) : m.first] if t.clause == m.clause]
    return out


def _record(e: Entity, req: Request) -> Record | None:
    """What a table of values read over time records ('cpu readings', 'temperature logs'), else None."""
    return _record_of_mention(e.mention, req) if e.mention is not None else None


def _record_of_mention(m: Mention, req: Request) -> Record | None:
    """What the words of a mention record, each word it spans read ('heart rate pings': 'rate' is no word of
    the table's name, but of the quantity), else None."""
    spanned = [t.text for t in req.tokens[m.first : m.last + 1]]
    words = spanned if len(spanned) > len(m.phrase.split()) and spanned[-1] == m.phrase.split()[-1] else None
    return record_of([*m.modifiers, *(words or m.phrase.split())], _said_before(m, req))


def _read_as_device(m: Mention, req: Request) -> bool:
    """An unknown noun names devices or assets, not people, by evidence: its head word is a word of devices
    ('servers', 'routers', 'freezers'), or a quantity only a device has is read of it in the words that follow
    ('30 hosts with cpu readings', 'nodes with latency pings')."""
    if is_device_word(m.phrase):
        return True
    for x in req.mentions:
        if x.first <= m.last or x.first - m.last > 4:
            continue
        rec = _record_of_mention(x, req)
        if rec is not None and rec.quantity is not None and rec.quantity.of == "thing":
            return True
    return False


#: classes of a word that names what is read ('tank readings'), not what is measured ('turbidity readings')
_NAMED_CLASSES = frozenset({"person", "thing", "place", "animal", "group"})


def _quantity_columns(cols: dict[str, Any], record: Record, e: Entity, notes: list[str]) -> dict[str, Any]:
    """A table of readings: its ``value`` column named and ranged for the quantity read (a catalogue kind's keeps
    its name, its scenarios override it), a quantity not known here one value column named by its word."""
    q = record.quantity
    # the thing read names the range where the quantity's catalogue says so: a freezer's temperature, an oven's
    # (its words last, so they are looked at first; then the readings' own: 'freezer temperature logs')
    words = [*(e.mention.modifiers + tuple(e.mention.phrase.split()) if e.mention else ()), *_parent_words(e)]
    values = q.columns_of(words) if q else {}
    out: dict[str, Any] = {}
    for name, col in cols.items():
        if name != "value":
            out[name] = col
        elif q is None:
            word = record.word
            named = f"{word}_value" if word and e.kind is None and noun_class(word) not in _NAMED_CLASSES else name
            out[named] = col
        elif e.kind is not None:
            out[name] = next(iter(values.values())) if len(values) == 1 else col
        else:
            out.update(values)
    if q is not None:
        notes.append(f"{e.table}: values of {q.name.replace('_', ' ')} ({', '.join(q.columns)}) read over time")
        if values != q.columns:
            notes.append(f"{e.table}: {q.name.replace('_', ' ')} in the range of what is read ({' '.join(words)})")
    return out


def _parent_words(e: Entity) -> tuple[str, ...]:
    """The words of the table ``e`` is made per ('cold_storage_freezers'), or none."""
    return tuple(e.parent.table.split("_")) if e.parent is not None else ()


def _rental_columns(cols: dict[str, Any], span: tuple[dt.date, dt.date]) -> dict[str, Any]:
    """An act of renting lasts from taking the thing to giving it back: a start and an end some days later,
    not a duration in minutes; the end stays inside the request's time span, as the start does."""
    out: dict[str, Any] = {}
    for name, col in cols.items():
        if name == "duration_min":
            out["ends_at"] = {
                "generator": "datetime",
                "after": "starts_at",
                "offset": {"distribution": "uniform", "low": 1, "high": 14, "unit": "days"},
                "end": str(span[1]),
            }
        elif name == "status":
            out[name] = {"generator": "categorical", "values": {"returned": 0.9, "active": 0.06, "cancelled": 0.04}}
        else:
            out[name] = col
    return out


_ARTICLE = {"animal": "an", "event": "an", "other": "an"}

#: the date column each class of unknown noun has (its children's dates come after it)
_CLASS_DATES = {
    "animal": "born_on",
    "place": "opened_on",
    "group": "founded_on",
    "thing": "in_service_since",
    "event": "starts_at",
    "document": "issued_at",
    "money": "paid_at",
    "measure": "measured_at",
    "food": None,
}


def _fix_dates(
    columns: dict[str, Any], e: Entity, span: tuple[dt.date, dt.date], currency: str, notes: list[str] | None = None
) -> None:
    """Dates without a start or an anchor get the request's span (or come after their parent's date);
    money without a currency gets the locale's."""
    anchor = e.parent if e.parent is not None and e.parent.date else None
    if anchor is None:
        anchor = next((r for r in e.refs if r.date and r.kind is not None and r.kind.role is None), None)
    for col in columns.values():
        if not isinstance(col, dict):
            continue
        gen = col.get("generator")
        if gen == "money" and "currency" not in col:
            col["currency"] = currency
        if gen not in ("date", "datetime") or "after" in col:
            continue
        if "start" in col:
            start = dt.date.fromisoformat(str(col["start"]))
            col["start"] = str(start)
            if "end" not in col:
                col["end"] = str(max(span[1], start + dt.timedelta(days=365)))
            continue
        if anchor is not None:
            col["after"] = f"{anchor.table}.{anchor.date}"
            col.setdefault("offset", dict(_DEFAULT_AFTER))
            if notes is not None:
                notes.append(
                    f"{e.table}: dates come after {anchor.table}.{anchor.date} (each {singular(e.table)} follows "
                    f"its {singular(anchor.table)})"
                )
                notes = None  # once per table
        else:
            col.pop("offset", None)
            col["start"], col["end"] = str(span[0]), str(span[1])


#: catalogue kinds that are in one place at a time, like people: a lesson's car, a flight's aircraft
_BUSY_KINDS = frozenset({"vehicle", "aircraft", "machine", "room", "device"})


def _expected_rows(spec: dict[str, Any], table: str, depth: int = 0) -> float:
    """About how many rows a drafted table has: its count, or its parent's times the mean per parent."""
    rows = spec["tables"][table]["rows"]
    if isinstance(rows, int) or depth > 8:
        return float(rows) if isinstance(rows, int) else 0.0
    count = rows.get("count", {})
    mean = count.get("value", count.get("lam", count.get("mean")))
    if mean is None and count.get("values"):
        mean = sum(count["values"]) / len(count["values"])
    return _expected_rows(spec, rows["per"], depth + 1) * float(mean if mean is not None else 3.0)


def _one_at_a_time(
    order: list[Entity],
    spec: dict[str, Any],
    span: tuple[dt.date, dt.date],
    notes: list[str],
    over_span: frozenset[str] = frozenset(),
) -> None:
    """A thing held at set times (a lesson, an appointment, a repair) takes its people and its vehicle or room
    for its slot: no instructor, pupil or car is in two rows that start at the same moment (a ``unique``
    constraint on the key and the start; rows that break it are drawn again, key and start). For a start
    drawn over the span, or after other dates within an ``end`` (a lesson after its pupil enrolled), and a key
    drawn per row (not the parent the rows are made per); left out where the rows per key would fill more than
    a quarter of the open slots of the span, or, for a key whose own row's date the start comes after, of the
    slots left after the last day that date may take (an instructor hired on the span's last day would hold
    all his lessons in it); the rows per key counted at least a parent's rows, for rows made per a parent (at a
    small scale one key holds them all; left out, noted). ``over_span``: tables whose start was drawn over the span before it was made to
    come after their parents (from the span's start on, the gap spread over it): counted as drawn over the
    span, as before (a row pinned late is drawn again with another key)."""
    for e in order:
        table = spec["tables"][e.table]
        col = table["columns"].get(e.date or "")
        if not isinstance(col, dict) or "hour_weights" not in col or "resolution" not in col:
            continue
        if "after" in col and "end" not in col:
            continue  # a start after another's with no end is not a slot of the span
        after = [str(a) for a in (col["after"] if isinstance(col.get("after"), list) else [col.get("after")]) if a]
        days = (span[1] - span[0]).days + 1
        open_days = sum(w > 0 for w in col.get("weekday_weights", [1] * 7)) / 7
        slots = days * open_days * sum(w > 0 for w in col["hour_weights"]) * 3600 / int(col["resolution"])
        rows = _expected_rows(spec, e.table)
        was_offset, said = col.get("offset"), len(notes)
        widened = _widen_crowded_window(e, spec, span, slots / days, after, notes)
        rules = len(spec.get("constraints", []))
        per_parent = 0.0  # a parent's rows: at a small scale one key (rounded to one row) holds them all
        if isinstance(table["rows"], dict) and table["rows"].get("per") in spec["tables"]:
            per_parent = rows / max(_expected_rows(spec, str(table["rows"]["per"])), 1.0)
        drawn = [e.parent] if e.parent is not None and isinstance(table["rows"], int) else []
        for x in drawn + e.refs:  # not a parent the rows are made per: its key is set by construction
            busy = (
                x.acts_as is not None
                or x.klass in ("person", "thing")
                or (x.kind is not None and x.kind.name in _BUSY_KINDS)
            )
            keys = [
                name
                for name, c in table["columns"].items()
                if isinstance(c, dict) and c.get("references") == f"{x.table}.{x.key}"
            ]
            left = slots
            for ref in [] if e.table in over_span else after:  # its own date pins it: the slots left after it
                via, _, date = ref.partition(".")
                if via in keys or via == x.table:
                    held = spec["tables"][x.table]["columns"].get(date)
                    last = str(held.get("end", "")) if isinstance(held, dict) else ""
                    if not last:
                        left = 0.0
                        continue
                    days_left = (span[1] - dt.date.fromisoformat(last[:10])).days
                    left = min(left, slots * max(days_left, 0) / days)
            load = max(rows / max(_expected_rows(spec, x.table), 1.0), per_parent)  # per_parent: a small scale's
            if busy and keys and load > left / 4 >= rows / max(_expected_rows(spec, x.table), 1.0):
                notes.append(
                    f"{e.table}: no one-{singular(x.table).replace('_', ' ')}-at-a-time rule (about {per_parent:,.0f} "
                    f"rows per {singular(str(table['rows']['per'])).replace('_', ' ')} would not fit the slots of "
                    "one key at a small scale)"
                )
            if not busy or not keys or load > left / 4:
                continue
            for key in keys:
                spec.setdefault("constraints", []).append(
                    {"table": e.table, "name": f"one_{singular(x.table)}_at_a_time", "unique": [key, str(e.date)]}
                )
            notes.append(
                f"{e.table}: no {singular(x.table).replace('_', ' ')} in two at the same {e.date} (a unique "
                f"constraint on {', '.join(keys)} and {e.date})"
            )
        if (
            widened
            and len(spec.get("constraints", [])) > rules
            and not _room_after_parent(e, spec, span, slots / days, per_parent, notes)
        ):  # a parent dated too late for its rows whatever its date may be: no rule
            kept = spec["constraints"][rules:]
            del spec["constraints"][rules:]
            if not spec["constraints"]:
                del spec["constraints"]
            notes[said + 1 :] = [n for n in notes[said + 1 :] if not n.startswith(f"{e.table}: no ")]
            notes.append(
                f"{e.table}: no {', '.join(str(c['name']).replace('_', ' ') for c in kept)} rule (about "
                f"{per_parent:,.0f} rows per {singular(e.parent.table if e.parent else 'parent').replace('_', ' ')} "
                "would not fit the slots after its date)"
            )
        if widened and len(spec.get("constraints", [])) == rules:  # no rule kept: the gap drafted stays
            col["offset"] = was_offset
            del notes[said]


def _room_after_parent(
    e: Entity,
    spec: dict[str, Any],
    span: tuple[dt.date, dt.date],
    slots_a_day: float,
    per_parent: float,
    notes: list[str],
) -> bool:
    """Whether a parent's rows, spread from its date to the span's end with a one-at-a-time rule kept, have room
    after it whatever its date: a pupil enrolled on the span's last days cannot take 1,500 lessons one at a time
    with one instructor (at a small scale one key holds all of a parent's rows). The parent's date is made to end
    early enough that a quarter of the slots after it hold them (noted); False where no date of its range can."""
    assert e.parent is not None  # widened: rows made per a parent
    held = spec["tables"][e.parent.table]["columns"].get(str(e.parent.date))
    if not isinstance(held, dict) or not held.get("end") or not held.get("start") or slots_a_day <= 0:
        return True  # a parent's date drawn otherwise: as before
    need = math.ceil(4 * per_parent / slots_a_day)
    latest = span[1] - dt.timedelta(days=need)
    end, start = str(held["end"]), str(held["start"])
    if dt.date.fromisoformat(end[:10]) <= latest:
        return True
    if latest < dt.date.fromisoformat(start[:10]):
        return False
    held["end"] = latest.isoformat() + end[10:]
    notes.append(
        f"{e.parent.table}: {e.parent.date} ends {latest.isoformat()}, {need} days before the span's end: room for "
        f"about {per_parent:,.0f} {e.table.replace('_', ' ')} each, one at a time, after it"
    )
    return True


def _offset_days(off: Any) -> float | None:
    """The days over which most of an ``after``'s gaps fall: a uniform's range; an exponential's half mean (its
    rows bunch at its start: half of them in its first 0.7 means, moved off closed hours and days onto the
    next open ones); another distribution's mean; the default (0-30 days) without one. None: not in days."""
    if off is None:
        return 30.0
    if not isinstance(off, dict):
        return None
    per = {"days": 1.0, "weeks": 7.0, "hours": 1 / 24, "minutes": 1 / 1440}.get(str(off.get("unit", "days")))
    if per is None:
        return None
    if off.get("distribution") == "uniform":
        return (float(off.get("high", 30)) - float(off.get("low", 0))) * per
    mean = off.get("scale", off.get("mean")) if off.get("distribution") == "exponential" else off.get("mean")
    if mean is None:
        return None
    return float(mean) * per / (2.0 if off.get("distribution") == "exponential" else 1.0)


def _widen_crowded_window(
    e: Entity,
    spec: dict[str, Any],
    span: tuple[dt.date, dt.date],
    slots_a_day: float,
    after: list[str],
    notes: list[str],
) -> bool:
    """Whether the gap was widened. A one-at-a-time rule (no key in two rows at the same start) on rows made per a parent and dated a short
    gap after that parent's date holds each parent's rows in that gap: 2,500 inspections per owner, each with one
    of 50 inspectors, within days of the owner's joining leave more rows per inspector than a quarter of the
    gap's slots, which no drawing can keep apart. A user asking for that many per parent means them over time:
    the gap is widened to the rest of the span (uniform from the parent's date to the span's end, as a counted
    table following few rows is), and noted; the rule is then kept or left out by the span's slots as before."""
    table = spec["tables"][e.table]
    col = table["columns"][str(e.date)]
    rows = table["rows"]
    if e.parent is None or not isinstance(rows, dict) or rows.get("per") != e.parent.table or "end" not in col:
        return False
    keys = [
        name
        for name, c in table["columns"].items()
        if isinstance(c, dict) and c.get("references") == f"{e.parent.table}.{e.parent.key}"
    ]
    if not any(a.partition(".")[0] in [*keys, e.parent.table] for a in after):
        return False  # not pinned to the parent's date
    window = _offset_days(col.get("offset"))
    days = (span[1] - span[0]).days + 1
    if window is None or window >= days / 2:
        return False
    per_parent = _expected_rows(spec, e.table) / max(_expected_rows(spec, e.parent.table), 1.0)
    others = [
        x
        for x in e.refs
        if (
            x.acts_as is not None
            or x.klass in ("person", "thing")
            or (x.kind is not None and x.kind.name in _BUSY_KINDS)
        )
        and any(isinstance(c, dict) and c.get("references") == f"{x.table}.{x.key}" for c in table["columns"].values())
    ]
    if not others:
        return False
    if per_parent <= window * slots_a_day / 4:  # at a small scale one key may hold all of a parent's rows
        return False
    col["offset"] = {"distribution": "uniform", "low": 0, "high": days, "unit": "days"}
    notes.append(
        f"{e.table}: {e.date} spread over the rest of the span after its {singular(e.parent.table).replace('_', ' ')}"
        f"'s date (about {per_parent:,.0f} rows per {singular(e.parent.table).replace('_', ' ')} cannot be kept one "
        "at a time in the short gap drawn after it)"
    )
    return True


def _two_rows_apart(order: list[Entity], spec: dict[str, Any]) -> None:
    """A table that refers to another twice ("a user likes another user") never names one row twice: a
    constraint that the two keys differ (rows that break it are drawn again)."""
    for e in order:
        for p in e.twice:
            keys = [
                name
                for name, col in spec["tables"][e.table]["columns"].items()
                if isinstance(col, dict) and col.get("references") == f"{p.table}.{p.key}"
            ]
            if len(keys) < 2:
                continue
            spec.setdefault("constraints", []).append(
                {"table": e.table, "name": f"two_{p.table}", "check": f"{keys[0]} <> {keys[1]}"}
            )
            for col in spec["tables"][e.table]["columns"].values():  # a date after the table: after the first key's
                if isinstance(col, dict) and str(col.get("after", "")).startswith(f"{p.table}."):
                    col["after"] = f"{keys[0]}.{str(col['after']).split('.', 1)[1]}"


#: a date column that says when a row's thing began (a kind the catalogue gives no date: a student's enrolment)
_STARTS = re.compile(r"(joined|enrolled|signed_up|signup|created|opened|hired|registered|founded|since|started|listed)")


def _parent_start_col(parent: Entity, ts: dict[str, Any]) -> str | None:
    """A parent's own start date (a meter's installation, a server's creation), not a date of its own life."""
    name = parent.date or _start_date(ts)
    if name is None:  # "meters installed", "sensors deployed": a start _STARTS does not list
        own = [n for n, c in ts.get("columns", {}).items() if isinstance(c, dict) and "after" not in c
               and c.get("generator") in ("date", "datetime") and _IN_SERVICE.search(n)]  # fmt: skip
        name = own[0] if own else None
    return None if name is None or _OWN_LIFE.search(name) else name


#: a thing's first day in service, a start the grid of its readings begins after (draft64)
_IN_SERVICE = re.compile(r"(install|commission|deploy|activat|launch|in_service|built|added)")


def _start_date(ts: dict[str, Any]) -> str | None:
    """Of a table's dates drawn on their own whose name says a beginning, the one whose span starts latest."""
    own = [
        (str(c.get("start", "")), name)
        for name, c in ts.get("columns", {}).items()
        if isinstance(c, dict)
        and c.get("generator") in ("date", "datetime")
        and "after" not in c
        and _STARTS.search(name)
    ]
    return max(own)[1] if own else None


#: a date of a row's own life, not of what it does: never made to come after the tables it refers to
_OWN_LIFE = re.compile(r"(birth|born|dob)")


def _after_each_parent(
    order: list[Entity], spec: dict[str, Any], span: tuple[dt.date, dt.date], notes: list[str]
) -> frozenset[str]:
    """A row with keys to two or more dated rows (a match of two users, a lesson of a pupil with a tutor in a
    room, a ride on a bike by a rider) is dated after the LATEST of them, not the first key's only: its date's
    ``after`` lists each parent's date through its key (the generator draws after the latest; its gap and end
    kept), no helper column. A date drawn over the span (a lesson on opening hours, in its slots) comes after
    them too, the span's start a floor under them and the gap spread over the span, so the rows stay spread as
    they were where the parents are older (those tables are returned). A date of the row's own life (a birth)
    is left as it is."""
    over_span: set[str] = set()
    dated = {x.table: x.date or _start_date(spec["tables"].get(x.table, {})) for x in order}
    for e in order:
        ts = spec["tables"][e.table]
        col = ts["columns"].get(e.date or "")
        if not isinstance(col, dict) or col.get("generator") not in ("date", "datetime") or "step" in col:
            continue
        if _OWN_LIFE.search(str(e.date)) or not isinstance(col.get("after", ""), str):
            continue
        refs: list[str] = []
        for name, c in ts["columns"].items():
            if not isinstance(c, dict) or c.get("generator") != "foreign_key":
                continue
            parent = str(c["references"]).split(".")[0]
            held = spec["tables"].get(parent, {}).get("columns", {}).get(dated.get(parent) or "")
            if parent != e.table and isinstance(held, dict) and held.get("generator") in ("date", "datetime"):
                refs.append(f"{name}.{dated[parent]}")
        if len(refs) < 2:
            continue
        if "after" not in col:  # drawn over the span: after the parents, from the span's start on
            if "start" not in col or "end" not in col or str(col["start"]) < str(span[0]):
                continue  # a date older than the span (a hiring years ago) is not an event of these rows
            days = (dt.date.fromisoformat(str(col["end"])[:10]) - dt.date.fromisoformat(str(col["start"])[:10])).days
            col["offset"] = {"distribution": "uniform", "low": 0, "high": days + 1, "unit": "days"}
            over_span.add(e.table)
        was = str(col.get("after", ""))
        via = was.partition(".")[0]
        keys = {r.split(".")[0] for r in refs}
        tables = {str(ts["columns"][k]["references"]).split(".")[0] for k in keys}
        if was and via not in keys | tables:  # a column of this row, a grandparent's: kept among them
            refs.insert(0, was)
        col["after"] = refs
        notes.append(f"{e.table}: {e.date} after each of {', '.join(refs)} (after the latest of them)")
    return frozenset(over_span)


def _dates_in_span(spec: dict[str, Any], span: tuple[dt.date, dt.date], notes: list[str]) -> None:
    """A date that comes after another stays inside the request's time span: it ends where the span ends when
    what it follows lies in the span ("bookings in 2024" are not made in 2025 because a client signed up in
    December), and is spread over the rest of the span when a counted table follows few rows (5,000
    consultations after 6 notaries joined are not six bunches of weeks); one that follows a date of the
    catalogue's own range (a cow's birth, years before) is drawn over the span, from the later of the two
    (``start`` is a floor under ``after``)."""
    inside: set[str] = set()  # "table.column" of dates that lie in the span
    first, last = str(span[0]), str(span[1])
    for table, ts in spec["tables"].items():
        scenario_cols = [sc.get("columns", {}) for sc in spec.get("scenarios", []) if sc["table"] == table]
        for cols in (ts["columns"], *scenario_cols):
            for name, col in cols.items():
                if not isinstance(col, dict) or col.get("generator") not in ("date", "datetime"):
                    continue
                if "after" not in col:
                    if str(col.get("start", "")) >= first and str(col.get("end", "9999")) <= last:
                        inside.add(f"{table}.{name}")
                    continue
                via, _, date = str(col["after"]).partition(".")
                key = ts["columns"].get(via)  # 'user_id.signed_up_at': through a key, when the table has two
                if isinstance(key, dict) and key.get("generator") == "foreign_key":
                    via = str(key["references"]).split(".")[0]
                anchor = f"{via}.{date}"
                held = spec["tables"].get(via, {}).get("columns", {}).get(date)
                if anchor in inside:
                    col["end"] = last
                    inside.add(f"{table}.{name}")
                    notes.append(f"{table}: {name} ends with the time span ({last}), as {anchor} does")
                    many = _expected_rows(spec, table) if isinstance(ts["rows"], int) else 0.0
                    if via in spec["tables"] and many >= 10 * max(_expected_rows(spec, via), 1.0):
                        days = (span[1] - span[0]).days + 1  # 5,000 consultations of 6 notaries: not in 6 bunches
                        col["offset"] = {"distribution": "uniform", "low": 0, "high": days, "unit": "days"}
                        notes.append(f"{table}: {name} spread over the span after {anchor} (many rows, few {via})")
                elif isinstance(held, dict) and "after" not in held:  # a birth, a licence: years before the span
                    days = (span[1] - span[0]).days + 1
                    col["start"], col["end"] = first, last
                    col["offset"] = {"distribution": "uniform", "low": 0, "high": days, "unit": "days"}
                    inside.add(f"{table}.{name}")
                    notes.append(
                        f"{table}: {name} over the time span ({first} to {last}), after {anchor}, which may lie "
                        "before it"
                    )


#: statuses of a row that did not take place: an invoice, a payment or a prescription of it is never made
_DID_NOT_HAPPEN = ("cancelled", "canceled", "no_show", "missed", "failed", "declined", "abandoned")
#: catalogue kinds that exist only for a parent row that took place (a bill of a visit, a shipment of an order)
_AFTER_IT_HAPPENED = frozenset({"invoice", "payment", "prescription", "lab_result", "review", "shipment"})
#: head words of unknown nouns that do the same ("a bill for every visit", "receipts")
_AFTER_IT_HAPPENED_WORDS = frozenset({"bill", "receipt", "invoice", "fee", "payout", "tip", "charge"})


def _only_what_took_place(order: list[Entity], spec: dict[str, Any], notes: list[str]) -> None:
    """An invoice, a payment, a bill, a prescription or a shipment is made only for a parent row that took
    place: none for a cancelled or no-show appointment, a failed payment, a cancelled order. The parent's
    statuses that say it did not (its own values and those a scenario on it sets) get no children: per a
    parent, ``rows.by: status`` with a count of 0 for them; else the key picks only other parent rows."""
    tables = spec["tables"]
    for e in order:
        head = singular(e.table.split("_")[-1])
        if not (
            (e.kind is not None and e.kind.name in _AFTER_IT_HAPPENED)
            or (e.kind is None and (e.klass == "money" or head in _AFTER_IT_HAPPENED_WORDS))
        ):
            continue
        rows = tables[e.table]["rows"]
        parent = rows.get("per") if isinstance(rows, dict) else None
        key = None
        if parent is None:  # an absolute count: the key to the one parent it is for, when it has one
            keys = [
                (name, str(col["references"]).split(".")[0])
                for name, col in tables[e.table]["columns"].items()
                if isinstance(col, dict) and col.get("generator") == "foreign_key"
            ]
            owner = e.parent.table if e.parent is not None else None
            key, parent = next(((k, p) for k, p in keys if p == owner), (None, None))
        if parent is None or parent not in tables:
            continue
        status = tables[parent]["columns"].get("status")
        said = list(status.get("values", {})) if isinstance(status, dict) else []
        said += [
            sc["columns"]["status"].get("value")
            for sc in spec.get("scenarios", [])
            if sc["table"] == parent and isinstance(sc.get("columns", {}).get("status"), dict)
        ]
        gone = [str(v) for v in dict.fromkeys(said) if str(v) in _DID_NOT_HAPPEN]
        column, said_as = "status", f"status {' or '.join(gone)}"
        if not gone:  # a scenario that only labels its rows ("7% of sweeps cancelled"): its label says it
            label = next(
                (
                    str(name)
                    for sc in spec.get("scenarios", [])
                    if sc["table"] == parent
                    for name in sc.get("labels", {})
                    if any(w.replace("_", "") in str(name).replace("_", "") for w in _DID_NOT_HAPPEN)
                ),
                None,
            )
            if label is None:
                continue
            column, gone, said_as = label, ["1"], f"{label} = 1"
        if key is None and isinstance(rows, dict) and "by" not in rows and "process" not in rows:
            rows["by"] = column
            rows["counts"] = {v: {"distribution": "fixed", "value": 0} for v in gone}
        elif key is not None and "where" not in tables[e.table]["columns"][key]:
            quoted = ", ".join(f"'{v}'" if column == "status" else v for v in gone)
            tables[e.table]["columns"][key]["where"] = f"{column} NOT IN ({quoted})"
        else:
            continue
        notes.append(f"{e.table}: none for {singular(parent)} rows with {said_as} (they did not take place)")


#: the hours a business open by day is open at (7:00 to 19:00, busiest mid-morning and mid-afternoon)
_OPEN_HOURS: list[float] = [0, 0, 0, 0, 0, 0, 0, 1, 3, 4, 4, 4, 2, 3, 4, 4, 4, 3, 1, 0, 0, 0, 0, 0]
#: nouns of things held at set times, by when: (weekday weights, Monday first; hour weights; resolution, seconds)
_SET_TIMES: dict[str, tuple[list[float], list[float], int]] = {
    **dict.fromkeys(
        (
            "appointment visit consultation lesson treatment checkup check_up inspection exam examination fitting "
            "haircut massage viewing test_drive repair interview therapy_session tutoring_session vaccination"
        ).split(),
        ([1, 1, 1, 1, 1, 0.3, 0], _OPEN_HOURS, 900),
    ),
    **dict.fromkeys(
        "delivery collection pickup installation".split(),
        ([1, 1, 1, 1, 1, 0.5, 0], [0, 0, 0, 0, 0, 0, 0, 2, 4, 4, 4, 4, 3, 4, 4, 4, 4, 3, 2, 1, 0, 0, 0, 0], 60),
    ),
    **dict.fromkeys(
        "class fitness_class workout training training_session tour guided_tour workshop".split(),
        ([1, 1, 1, 1, 1, 0.8, 0.4], [0, 0, 0, 0, 0, 0, 1, 3, 2, 3, 3, 2, 3, 2, 2, 2, 2, 3, 4, 4, 2, 0, 0, 0], 900),
    ),
}
#: words of a setting open round the clock: its visits and shifts keep every day and hour
_ROUND_THE_CLOCK = ("emergency", "24/7", "24-hour", "24 hour", "round the clock", "around the clock", "out of hours")


def _opening_times(columns: dict[str, Any], e: Entity, req: Request, notes: list[str]) -> None:
    """The main date-time of a table of things held at set times (appointments, lessons, deliveries, classes)
    falls on the days and hours a business is open, on the quarter hour, unless the catalogue already says
    when; in a setting open round the clock ('24/7', 'emergency') on any day and hour."""
    col = columns.get(e.date or "")
    times = _SET_TIMES.get(singular(e.table))
    if times is None and e.mention is not None:
        times = _SET_TIMES.get(singular(e.mention.phrase.split()[-1]))
    if not isinstance(col, dict) or col.get("generator") != "datetime" or times is None:
        return
    clock = next((w for w in _ROUND_THE_CLOCK if w in req.text.lower()), None)
    if clock is not None:
        if "weekday_weights" in col or "hour_weights" in col:
            col.pop("weekday_weights", None)
            col.pop("hour_weights", None)
            notes.append(f"{e.table}: {e.date} on any day and hour (open round the clock: '{clock}')")
        return
    if "weekday_weights" in col or "hour_weights" in col:
        return
    weekdays, hours, resolution = times
    col["weekday_weights"], col["hour_weights"] = list(weekdays), list(hours)
    col.setdefault("resolution", resolution)
    open_days = ", ".join(
        f"{d}" + ("" if w == max(weekdays) else f" ({w:g})")
        for d, w in zip(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), weekdays, strict=True)
        if w > 0
    )
    first = next(h for h, w in enumerate(hours) if w > 0)
    last = max(h for h, w in enumerate(hours) if w > 0)
    notes.append(
        f"{e.table}: {e.date} on the days and hours a business is open ({open_days}; {first}:00 to {last + 1}:00, "
        f"every {resolution // 60} minutes): set weekday_weights and hour_weights for other opening times"
    )


#: a patient's health cover where the catalogue's (public, private, none: Germany's and France's) is not the
#: locale's
_HEALTH_COVER = {
    "en_US": {"private": 0.55, "medicare": 0.18, "medicaid": 0.18, "uninsured": 0.09},
    "en_GB": {"nhs": 0.88, "private": 0.12},
}


def _locale_values(columns: dict[str, Any], e: Entity, locale: str, notes: list[str]) -> None:
    """Values the catalogue writes for Germany, in the locale's own: a ``tax_rate`` in its standard and reduced
    rates, a patient's ``insurance`` in its kinds of health cover."""
    cover = columns.get("insurance")
    if e.kind is not None and e.kind.name == "patient" and isinstance(cover, dict) and locale in _HEALTH_COVER:
        cover["values"] = dict(_HEALTH_COVER[locale])
        notes.append(f"{e.table}: insurance as health cover is in {locale}: " + ", ".join(_HEALTH_COVER[locale]))
    col = columns.get("tax_rate")
    if locale == "de_DE" or not isinstance(col, dict) or not isinstance(col.get("values"), dict):
        return
    standard, reduced = _TAX_RATES[locale]
    german = {0.19: standard, 0.07: reduced}
    values: dict[float, float] = {}
    for rate, weight in col["values"].items():
        mine = german.get(float(rate), float(rate))
        values[mine] = round(values.get(mine, 0.0) + float(weight), 6)
    col["values"] = values
    notes.append(
        f"{e.table}: tax_rate in {locale}'s rates (standard {standard:g}, reduced {reduced:g}): "
        + ", ".join(f"{k:g}" for k in values)
    )


def compose(prompt: str, *, seed: int = 0) -> Composition:
    """A spec (as a mapping) and the assumptions behind it, from a one-sentence request."""
    cat = load_catalogue()
    req = parse_request(prompt, cat.phrases(), cat.scenario_phrases())
    notes: list[str] = []
    if req.locale_note:
        notes.append(req.locale_note)
    else:
        notes.append("no locale asked: en_US (names, addresses, phone formats and USD amounts)")
    notes.append(req.span_note)
    scores = _domain_scores(req, cat)
    best = max(scores.values())
    domain = next(d for d, v in scores.items() if v == best) if best > 0 else None
    notes.append(
        f"domain: {domain} (from the words of the request)"
        if domain
        else "no domain recognised: kinds were chosen by their first meaning in the catalogue"
    )

    # entities, in the order named
    order: list[Entity] = []
    present: dict[str, Entity] = {}
    unknown: dict[str, Entity] = {}
    _listed_scenario_words(req)
    _counted_modifiers(req, cat, notes)
    compound_words(req, cat, notes)  # draft46: a catalogue head's modifiers, a long compound's name
    compounds = _people_compounds(req, cat, notes)
    cues = _cue_scores(req, cat)
    off_events: dict[str, bool] = {}  # nouns of another domain's kinds: whether each kind is a dated act
    for m in req.mentions:
        if m.first >= 1 and req.tokens[m.first - 1].text in STAT_WORDS:
            stat = f"{req.tokens[m.first - 1].text} {m.phrase}"
            notes.append(f"'{stat}' read as a statistic of another table, not a table: set that column's distribution")
            continue
        if "loan" in m.kinds and cues["banking"] == 0 and cues["library"] == 0 and _lends_a_thing(m.phrase, req):
            # "a makerspace: 300 tools, 1,000 members and loans": the tools are lent, no bank's money
            # "projector loans": the noun starts at the word before; not a loan said by its verb ("the museum lends")
            phrase = m.phrase if said_by_its_verb(m, req) else _noun_phrase(req, m)
            notes.append(f"'{phrase}' not read as the catalogue's banking 'loan': a thing is lent, no money is said")
            m = dataclasses.replace(m, first=m.first - (phrase != m.phrase), phrase=phrase, kinds=())
        if m.kinds and _off_domain(m, cues, req.mentions, cat):
            # "growth measurements": the noun starts at the word before; not a record said by its verb ("the museum
            # lends": 'museum' is the lender, no word of the loans' noun)
            phrase = m.phrase if said_by_its_verb(m, req) else _noun_phrase(req, m)
            if phrase != m.phrase:
                m = dataclasses.replace(m, first=m.first - 1)
            prev = order[-1] if order else None
            if (
                prev is not None
                and prev.kind is None
                and prev.mention is not None
                and prev.mention.last + 1 == m.first
                and prev.mention.clause == m.clause
                and prev.count is None
                and not said_by_its_verb(prev.mention, req)  # "members book classes": the bookings, then classes
                and not any(a.doer == prev.mention.last for a in req.each_acts)  # "each member books": the doer
            ):  # "class bookings" at a gym: one noun of two words no kind of this setting holds
                order.pop()
                unknown.pop(prev.table, None)
                notes[:] = [n for n in notes if f"'{prev.mention.phrase}'" not in n]
                phrase = f"{prev.mention.phrase} {m.phrase}"
                m = dataclasses.replace(m, first=prev.mention.first)  # the noun starts at its first word
            said = ", ".join(f"{cat.kinds[k].domain} '{k}'" for k in m.kinds)
            act = _same_act_in_domain(m, domain, req.mentions, cat) if phrase == m.phrase else None
            if act is not None:  # "reservations" at a hotel: the travel booking is, in this setting, a stay
                notes.append(
                    f"'{phrase}' not read as the catalogue's {said}: the request is about {domain}, where "
                    f"the same act is the kind '{act}'"
                )
                m = dataclasses.replace(m, kinds=(act,))
            else:
                off_events[phrase] = any(_names_the_act(m.phrase, cat.kinds[k]) for k in m.kinds)
                m = dataclasses.replace(m, phrase=phrase, kinds=())
                notes.append(f"'{phrase}' not read as the catalogue's {said}: the request is about another domain")
        if not m.kinds and m.per is not None:
            part = _part_of(m, present, cat)
            if part is not None:  # "orders with 1-5 items each": the items are the orders' line items
                m = dataclasses.replace(m, kinds=(part,))
                notes.append(f"'{m.phrase}' of {m.per} read as the catalogue's '{part}'")
        if m.kinds:
            k = cat.kinds[_pick(m.kinds, scores, cat)]
            first = present.get(k.name)
            if first is not None and first.mention is not None and _head(first.mention.phrase) != _head(m.phrase):
                # "1,000 drivers, 20,000 riders": two nouns of one kind are two tables, not one count overwritten
                notes.append(
                    f"'{m.phrase}' and '{first.mention.phrase}' are both the catalogue's '{k.name}': "
                    f"'{m.phrase}' drafted as a table of its own"
                )
                m = dataclasses.replace(m, kinds=())
        again = _said_again_by_head(m, order, req.mentions)
        if again is not None:
            _take_counts(again, m)
            notes.append(
                f"'{m.phrase}' read as the {again.table} named before ('{again.mention.phrase if again.mention else ''}'"
                f" said again by its last word), not a table of its own"
            )
            continue
        if m.kinds:
            if len(m.kinds) > 1:
                others = ", ".join(x for x in m.kinds if x != k.name)
                notes.append(f"'{m.phrase}' read as the {k.domain} kind '{k.name}' (not {others})")
            if k.name in present:
                e = present[k.name]
                # "9 tutors ... lessons with one tutor": one row of the table named again, not a count of 1
                e.count = e.count if m.count is None or m.count == 1 and e.count is not None else m.count
                if _one_row_of_counted(e, m):
                    continue  # "60,000 calls ...; each review scoring one call": a key of the reviews (_one_of_each)
                e.per_phrase = e.per_phrase or m.per
                e.per_count = e.per_count if m.per_count is None else m.per_count
                e.per_range = e.per_range or m.per_range
                continue
            table, key = _named_as_asked(m.phrase, k)
            if m.phrase in compounds:  # "learner drivers": both words say who they are
                table, key = slug(m.phrase), f"{singular(slug(m.phrase))}_id"
            if table != k.table and any(x.table == table for x in order):
                table, key = k.table, k.key  # the word already names another table of the draft
            if table != k.table:
                notes.append(f"'{m.phrase}' read as the catalogue's {k.domain} kind '{k.name}': table '{table}'")
            e = Entity(
                k,
                table,
                key,
                m,
                m.count,
                m.per,
                m.per_count,
                m.exact_per,
                date=k.date,
                per_range=m.per_range,
                often=m.often,
            )
            present[k.name] = e
        else:
            name = slug(m.phrase)
            if name in unknown or any(singular(x.table) == singular(name) for x in order):
                again = unknown.get(name)
                if again is not None and again.count is None and m.count is not None and m.per is None:
                    # "25 parcels with 400 vines each, 10,000 vines": counted both ways; "20 teams with players;
                    # 600 players": the noun 'with' named, counted when said again (draft50)
                    again.count = m.count
                elif (
                    again is not None
                    and again.per_phrase is None
                    and m.per is not None
                    and m.count is None
                    and not _one_row_of_counted(again, m)
                ):
                    _take_counts(again, m)  # "2,400 owners with 3,100 pets; each owner has at most three pets"
                continue
            if m.count is None and m.per is None and len(_headed_by(name, order)) == 1:
                continue  # "soil moisture readings ...; 1% of readings faulty": the readings named before
            heads = _headed_by(name, order)
            if m.per is None and len(heads) == 1 and heads[0].per_count is not None and heads[0].count is None:
                heads[0].count = m.count  # "1,000 orders with 3 items each, 3,000 items": one table, counted twice
                continue
            role = role_of_noun(m.phrase)
            if role == "person" and _act_of_setting(m.phrase, req):
                role = None  # "a boat hire business: 12,000 hires": the act the setting is named by, not people
            device = _read_as_device(m, req)
            if device and (role is not None or noun_class(m.phrase) == "person"):
                notes.append(
                    f"'{m.phrase}' read as devices, not people: "
                    + (
                        "a word of devices"
                        if is_device_word(m.phrase)
                        else "a quantity only a device has is read of them"
                    )
                )
                role = None
            e = Entity(
                None,
                name,
                f"{singular(name)}_id",
                m,
                m.count,
                m.per,
                m.per_count,
                m.exact_per,
                date="hired_on" if role == "staff" else "created_at",
                role=role,
                per_range=m.per_range,
                often=m.often,
                act_elsewhere=off_events.get(m.phrase, False),
                device=device,
            )
            unknown[name] = e
            if role is not None:
                notes.append(
                    f"'{m.phrase}' is not in the catalogue: read as people ({role}) from the word "
                    f"'{m.phrase.split()[-1]}': a table '{name}' of names, e-mail and phone; edit its columns"
                )
        order.append(e)

    # the count each table's noun was said with ("20,000 lesson completions"), as the mentions gave it: a count
    # derived later ('every week': one per week of the span) or a default was not asked, whatever number it equals
    counts_said = {id(e): e.count for e in order if e.count is not None}

    # scenarios named, with or without a rate
    used_hits: list[tuple[Entity, ScenarioTemplate, int, int]] = []
    for tok in dict.fromkeys(h[2] for h in req.scenario_hits):
        here = [(o, sc, c) for o, sc, t, c in req.scenario_hits if t == tok]
        clause = here[0][2]
        near_words = {
            req.tokens[j].text for j in range(tok, min(tok + 4, len(req.tokens))) if req.tokens[j].clause == clause
        }
        # "6% late deliveries": the scenario's own words name its table (deliveries are shipments)
        named = (
            None
            if any(near_words & set(cat.kinds[o].words) for o, _sc, _c in here)
            else _named_by_rate(req, clause, order, cat)
        )
        own = next(((o, sc) for o, sc, _c in here if o in present and present[o] is named), None)
        if named is not None and own is None:
            # "2% of flights cancelled": the rate's own noun decides the table, not the kind the word belongs to;
            # one scenario per rate, named by the rate's words, taking the columns the table has
            tpl = cat.kinds[here[0][0]].scenarios[here[0][1]]
            rate_words = [
                w
                for r in req.rates
                if r.clause == clause
                for w in r.words
                if _find_entity(w, [named], cat) is None and not _names_table(w, named)
            ] or [tpl.name]
            name = slug("_".join(rate_words))
            prior = next((k for k, h in enumerate(used_hits) if h[3] == clause and h[0] is named), None)
            columns = {**(used_hits[prior][1].columns if prior is not None else {}), **tpl.columns}
            merged = ScenarioTemplate(
                name, tpl.words, tpl.rate, f"{named.table} {' '.join(rate_words)}", columns, {f"is_{name}": 1}
            )
            if prior is None:
                used_hits.append((named, merged, tok, clause))
            else:
                used_hits[prior] = (named, merged, used_hits[prior][2], clause)
            continue
        if own is None and any(r.clause == clause for r in req.rates):
            # one rate, one scenario: the kind of the request's domain among those present ("2% churn")
            present_owners = tuple(o for o, _sc, _c in here if o in present)
            if present_owners:
                best_owner = _pick(present_owners, scores, cat)
                own = next((o, sc) for o, sc, _c in here if o == best_owner)
        for owner, scen, *_ in [(*own, clause)] if own is not None else here:
            if owner in present and not any(h[0] is present[owner] and h[1].name == scen for h in used_hits):
                used_hits.append((present[owner], cat.kinds[owner].scenarios[scen], tok, clause))
    for _owner, _scen, tok, clause in req.scenario_hits:
        if any(h[2] == tok for h in used_hits):
            continue
        owners = [o for o, s, t, c in req.scenario_hits if t == tok]
        if not any(r.clause == clause for r in req.rates):
            continue  # a scenario word without a rate ('late', 'error') adds no table of its own
        if any(h[3] == clause for h in used_hits):
            continue  # the clause's rate belongs to the scenario already found there ('wangiri fraud')
        choice = _pick(tuple(owners), scores, cat)
        if choice not in present:
            k = cat.kinds[choice]
            same = next((x for x in order if singular(x.table) == singular(k.table)), None)
            if same is not None:  # the request already names that table (read as a noun of its own)
                present[choice] = same
            else:
                e = Entity(k, k.table, k.key, None, date=k.date)
                present[choice] = e
                order.append(e)
                phrase = req.tokens[tok].text
                notes.append(f"'{phrase}' is a scenario of {k.table}: added the table '{k.table}'")
        if not any(h[2] == tok for h in used_hits):
            used_hits.append(
                (present[choice], cat.kinds[choice].scenarios[scen_of(req, tok, choice, cat)], tok, clause)
            )

    # kinds that need another (order items need orders)
    for e in list(order):
        if e.kind is not None and e.kind.needs and e.kind.needs not in present:
            k = cat.kinds[e.kind.needs]
            ne = Entity(k, k.table, k.key, None, date=k.date)
            present[k.name] = ne
            order.insert(order.index(e), ne)
            notes.append(f"{e.table} belong to {k.table}: added the table '{k.table}'")

    _headcount(req, order, notes)
    if not order:
        k = cat.kinds[_domain_default(domain, cat)]
        e = Entity(k, k.table, k.key, None, date=k.date)
        present[k.name] = e
        order.append(e)
        notes.append(f"no entity recognised in the request: started from '{k.table}'; name the tables you want")

    _classify(order, req)
    _relate(order, present, cat, notes, req)
    _of_or_for(order, req, notes, cat)
    _reviews_of_an_event(order, req, notes, cat)
    _authors_said_as_modifier(order, notes)
    _placed_in(order, req, notes, cat)
    _by_preposition(order, req, notes, cat)
    _done_by(order, req, notes)
    _with_one(order, req, notes, cat)
    _one_of_each(order, req, notes, cat)
    places_of_work(order, req, notes, free=_free, find=lambda w, xs: _find_entity(w, xs, cat))
    _described_by_clause(order, req, notes)
    _event_of_verb_and_object(order, req, notes)
    _event_named_by_relative_verb(order, req, notes)
    _guesses_reached_otherwise(order)
    _acts_of_one_person(order, notes)
    _every_unit(order, req, notes)
    _cap_said_as_other_parent(order, req, notes)
    _keyed_to_modifiers(order, notes)
    _booked_things(order, req, notes)
    _records_of_takers(order, req, notes)
    key_verb_records(order, req, notes, _free)
    key_acted_on(order, req, notes, free=_free, ancestors=_ancestors)
    key_each_acts(order, req, notes, free=_free, ancestors=_ancestors)
    trade_acts(order, notes, free=_free, ancestors=_ancestors, is_people=_is_people, is_client=_is_client)
    tables = _tables(order, req, notes)
    bound_followed_rows(order, tables, notes)  # a table sized by the counts said, within what the user set
    huge_per_parent(order, tables, notes)  # a count per parent row that multiplies into a huge table
    bound_guessed_counts(order, tables, notes)  # and counts per parent row guessed under a large count asked
    date_verb_acts(order, req, tables, notes)
    _parts_of_parents(order, tables, notes)
    _payment_columns(order, req, tables, notes)
    asked: dict[str, str] = {}  # the values the request said (``Composition.said``)
    scenarios = _scenarios(order, req, used_hits, cat, notes, tables, asked)
    spec: dict[str, Any] = {
        "name": slug(req.context) if req.context else "draft",
        "description": f"Drafted by `simulacra draft` from: {prompt.strip()}",
        "seed": int(seed),
        "locale": req.locale,
        "intended_use": "a first draft from a one-sentence request: review the tables, columns and rates before use",
        "tables": {},
        "scenarios": scenarios,
    }
    currency = _CURRENCY[req.locale]
    for e in _fk_order(order):
        cols = tables[e.table]["columns"]
        _fix_dates(cols, e, e.period_span or req.span, currency, notes)
        pts = tables.get(e.parent.table, {}) if e.parent is not None else {}
        if e.period is not None and e.period[0] == 1 and e.period[1] in CALENDAR_STEPS and e.parent is not None:
            grid = on_the_calendar(
                cols, e.table, e.key, singular(e.parent.table), int(e.per_count or 0), e.period[1],
                e.period_span or req.span, e.parent.table, pts.get("columns", {}), _parent_start_col(e.parent, pts),
                tables[e.table]["rows"],
            )  # fmt: skip
            if grid is not None:  # "monthly invoices": on the 1st of each month from the parent's start (draft69)
                notes.append(grid)
        if "step_no" not in cols:
            _dates_in_their_period(cols, e, e.period_span or req.span, notes)
        if e.step_s is not None and e.parent is not None and e.per_count is not None:
            grid = on_the_step(
                cols, e.table, e.key, singular(e.parent.table), int(e.per_count), e.step_s, req.span,
                e.parent.table, pts.get("columns", {}), _parent_start_col(e.parent, pts), tables[e.table]["rows"],
            )  # fmt: skip
            if grid is not None:
                notes.append(grid)
        _opening_times(cols, e, req, notes)
        _locale_values(cols, e, req.locale, notes)
        spec["tables"][e.table] = tables[e.table]
    for sc in scenarios:
        owner_entity = next(x for x in order if x.table == sc["table"])
        if "columns" in sc:
            _fix_dates(sc["columns"], owner_entity, req.span, currency)
    _two_rows_apart(order, spec)
    _dates_in_span(spec, req.span, notes)
    over_span = _after_each_parent(order, spec, req.span, notes)
    _one_at_a_time(order, spec, req.span, notes, over_span)
    _only_what_took_place(order, spec, notes)
    sport_tables(spec, req.text, req.span, notes)
    venue_spaces(spec, req.text, req.span, notes)
    asked_counts = {e.table: counts_said[id(e)] for e in order if id(e) in counts_said}
    progress_records(spec, req.text, req.span, notes, asked_counts)
    booked_staff(spec, notes)
    review_authors(spec, req.text, req.span, notes, asked_counts)
    guessed_keys = _guessed_keys(order, notes)
    keys_agree(spec, notes, guessed_keys, lambda t: _expected_rows(spec, t))  # last: every key drafted above, two
    own_parts(spec, notes, guessed_keys, lambda t: _expected_rows(spec, t))  # paths agreeing (per B: through B)
    ends_bound_what_they_follow(spec, notes)  # after every rule that sets an end or an after
    room_for_a_step(spec, notes)  # then a step left between a date and the end for what follows it on steps
    if not scenarios:
        del spec["scenarios"]
    _said_values(spec, req, order, counts_said, asked)
    return Composition(spec, list(dict.fromkeys(notes)), req, asked)  # a note said twice is said once


def _said_values(
    spec: dict[str, Any], req: Request, order: list[Entity], counts_said: dict[int, int], said: dict[str, str]
) -> None:
    """The values of ``spec`` the request said, beside the rates ``_scenarios`` recorded: the locale, the time
    span, each count said of a table ("2,000 patients") and each count per parent row ("3 visits per patient")."""
    if req.locale_note:
        said["locale"] = req.locale_note
    if not req.span_note.startswith("no time span asked"):
        said["span"] = req.span_note
    for e in order:
        rows = spec["tables"].get(e.table, {}).get("rows")
        phrase = e.mention.phrase if e.mention is not None else e.table
        if id(e) in counts_said:
            path = f"tables.{e.table}.rows" + (".total" if isinstance(rows, dict) and "total" in rows else "")
            said[path] = f"{counts_said[id(e)]:,} {phrase}"
        if isinstance(rows, dict) and "count" in rows and e.mention is not None and e.mention.per is not None:
            if e.mention.per_count is not None or e.mention.per_range is not None:
                lo, hi = e.mention.per_range or (e.mention.per_count, e.mention.per_count)
                n = f"{lo:g}" if lo == hi else f"{lo:g}-{hi:g}"
                said[f"tables.{e.table}.rows.count"] = f"{n} {phrase} per {singular(e.mention.per)}"


def _guessed_keys(order: list[Entity], notes: list[str]) -> set[tuple[str, str]]:
    """(table, parent table) of each key the draft only guessed: a parent or a ref taken by order alone, or
    one the notes say was assumed ("assumed classes belong to trainers"); ``keys_agree`` reads no key through
    a guess."""
    guessed = {(e.table, e.parent.table) for e in order if e.parent is not None and e.parent_guessed}
    guessed |= {(e.table, g.table) for e in order for g in e.guessed}
    for n in notes:
        if m := re.match(r"assumed (\w+) belong to (\w+) ", n):
            guessed.add((m[1], m[2]))
    return guessed


def _payment_columns(order: list[Entity], req: Request, tables: dict[str, Any], notes: list[str]) -> None:
    """'visits ..., paid by card or with miles': a column of how each row is paid, on the nearest table named
    before the paying word that is not people (visits are paid, travellers pay); in a rate's part ('10% of
    tickets paid with a voucher') the rate's rows say it, and no column is added."""
    for at, means in req.payments.items():
        words = ", ".join(f"'{m}'" for m in means)
        if in_rate_part(req, at):
            notes.append(f"{words}: how the rate's rows are paid, not a table")
            continue
        paid = [x for x in order if x.mention is not None and x.mention.last < at and x.acts_as is None]
        if not paid:
            notes.append(f"{words}: a means of payment, not a table; no table before it is paid")
            continue
        e = max(paid, key=lambda x: x.mention.last if x.mention else -1)
        cols = tables[e.table]["columns"]
        name = "payment_method" if "payment_method" not in cols else "paid_with"
        values = [slug(m) for m in dict.fromkeys(means)]
        cols[name] = {"generator": "categorical", "values": {v: round(1 / len(values), 4) for v in values}}
        notes.append(f"{words}: how {e.table} are paid, a column {e.table}.{name} (equal shares; edit them)")


def _named_by_rate(req: Request, clause: int, order: list[Entity], cat: Catalogue) -> Entity | None:
    """The entity a rate's clause is about: the one its words name ("10% of loans returned late"), else the
    one named in the clause before the rate ("trips with a 0.5% fraud rate")."""
    for r in req.rates:
        if r.clause != clause:
            continue
        after = [t.text for t in req.tokens[r.first + 1 : r.first + 6] if t.clause == clause]
        pairs = [f"{a}_{b}" for a, b in zip(after, after[1:])]  # "15% of test drives": a table of two words
        for w in [*pairs[:3], *r.words[:2], *after]:  # "0.2% of withdrawals flagged as money laundering"
            e = _find_entity(w, order, cat)
            if e is not None:
                return e
        opener = next((t.text for t in req.tokens if t.clause == clause), "")
        near = {clause, clause - 1} if opener in ("with", "having", "where", "that", "which") else {clause}
        before = [x for x in order if x.mention is not None and x.mention.clause in near and x.mention.last < r.first]
        if before:
            return max(before, key=lambda x: x.mention.last if x.mention else 0)
    return None


def scen_of(req: Request, tok: int, owner: str, cat: Catalogue) -> str:
    for o, s, t, _c in req.scenario_hits:
        if t == tok and o == owner:
            return s
    return next(iter(cat.kinds[owner].scenarios))


def _domain_default(domain: str | None, cat: Catalogue) -> str:
    for k in cat.kinds.values():
        if domain is None or k.domain == domain:
            return k.name
    return next(iter(cat.kinds))


#: days in one of each calendar unit a count may be given per ("300 flights per day")
_UNIT_DAYS = {
    "quarter-hour": 1 / 96,
    "half-hour": 1 / 48,
    "hour": 1 / 24,
    "day": 1.0,
    "week": 7.0,
    "month": 365.25 / 12,
    "quarter": 365.25 / 4,
    "year": 365.25,
}


def _periods(unit: str, span: tuple[dt.date, dt.date]) -> int:
    """How many whole ``unit`` periods the request's time span holds (at least one)."""
    days = (span[1] - span[0]).days + 1
    return max(1, round(days / _UNIT_DAYS[unit]))


def _relate(order: list[Entity], present: dict[str, Entity], cat: Catalogue, notes: list[str], req: Request) -> None:
    slot_refs: list[tuple[Entity, Entity]] = []  # keys a kind takes by default beside a parent 'per' names
    for e in order:  # "fishing firms under dock leases, each firm holding two leases": the leases are the firms'
        if e.per_phrase and not e.per_phrase.isdigit() and singular(e.per_phrase) not in _UNIT_DAYS:
            target = _find_entity(e.per_phrase, order, cat)
            e.per_target = target if target is not e else None
    for e in order:
        unit = singular(e.per_phrase) if e.per_phrase else None
        if unit in _UNIT_DAYS and e.count is None:
            n = _periods(unit, req.span)
            e.count = int(round((e.per_count or 1) * n))
            notes.append(
                f"{e.table}: {e.per_count or 1:g} per {unit} over the time span ({n:,} {unit}s) = {e.count:,} rows"
            )
            e.per_phrase, e.per_count = None, None
        if e.per_phrase and e.per_phrase.isdigit() and e.mention is not None:
            toks = req.tokens  # "readings every 15 minutes": an interval, read by _every_unit
            j = e.mention.last + 3
            if j < len(toks) and _interval(e.per_phrase, toks[j].text) is not None:
                e.per_phrase = None
        if e.per_phrase:
            p = _find_entity(e.per_phrase, order, cat)
            if p is not None and p is not e and id(e) not in _ancestors(p):
                e.parent = p
                e.why = f"'per {e.per_phrase}'"
            else:
                notes.append(f"'per {e.per_phrase}' names no table of the draft: {e.table} is not made per it")
            _per_also(e, order, cat, notes, req)
            mod = _named_by_modifier(e, order) if e.kind is None and e.parent is not None else None
            if mod is not None and mod is not e.parent and mod not in e.refs and id(e) not in _ancestors(mod):
                e.refs.append(mod)  # "berth contracts, each owner holding two": the owner's, and of one berth
                notes.append(f"{e.table} refer to {mod.table}: its first word names them")
        if e.kind is not None:
            per_said = e.parent is not None and e.why.startswith("'per ")
            for n, slot in enumerate(e.kind.parents):
                p = _resolve_slot(slot, e, present, order, cat)
                if p is None or p is e.parent or p in e.refs or id(e) in _ancestors(p) or p is e:
                    continue
                if e.parent is None and n == 0 or (e.parent is None and not e.refs):
                    e.parent = p
                else:
                    e.refs.append(p)
                    if per_said:
                        slot_refs.append((e, p))
        if e.kind is not None and e.kind.parents and e.parent is None and not e.refs and e.kind.role is None:
            before = order[: order.index(e)]
            p = next((x for x in reversed(before) if x.parent is None and not x.refs and x.acts_as is None), None)
            if p is not None and id(e) not in _ancestors(p):
                e.parent = p
                notes.append(
                    f"assumed {e.table} belong to {p.table} (a foreign key {p.key}): none of the tables "
                    f"{e.table} usually belong to was asked; say '{e.table} per <entity>' to choose"
                )
        if e.kind is None and e.parent is None and not e.refs:
            _relate_unknown(e, order, req, notes, cat)
    _reached_through_parent(slot_refs, order, notes)
    _rated_events(order, notes)
    _delivered_by(order, notes)
    for e in order:  # after the others, which may have been made per it as a table of its own
        if e.kind is None or e.parent is not None or e.refs:
            continue
        if e.kind.role is not None:  # none of the kind's own parents asked (students of no school)
            _placed_member(e, order, notes)
        elif not e.kind.parents:
            had, owner = _said_with(e, order, req)
            p = owner or had
            if p is not None and _kind_class(e) in _THINGS and _free(p, e):
                _note_parent(e, p, notes, f" from '{'and their' if owner else 'with'}'")  # "drivers with 1,200 vans"
            else:
                _placed_thing(e, order, notes)


def _delivered_by(order: list[Entity], notes: list[str]) -> None:
    """'restaurants, customers, 600 couriers, orders': where couriers or drivers are named and no table of
    deliveries or shipments carries them, each order is brought by one of them (a key to the courier), not
    left with the couriers a table of their own that nothing refers to."""
    drivers = [x for x in order if x.kind is not None and x.kind.name == "driver"]
    orders = [x for x in order if x.kind is not None and x.kind.name == "order"]
    if len(drivers) != 1 or not orders:
        return
    courier = drivers[0]
    if any(x.parent is courier or courier in x.refs for x in order):
        return  # shipments, routes or trips carry them already
    for o in orders:
        if id(o) in _ancestors(courier):
            continue
        o.refs.append(courier)
        notes.append(f"{o.table} refer to {courier.table}: each {x_name(o)} is brought by one")


#: share of events a customer rates: most orders, rides and stays go unrated
_RATED_SHARE = 0.6


def _rated_events(order: list[Entity], notes: list[str]) -> None:
    """A rating or review with nothing named that it is of (no product, no course) is of an event its author
    takes part in: 'orders ... and ratings', 'rides ... and reviews' rate the order or the ride, once, not the
    customer twice on average. The reviewer is reached through the event."""
    for e in order:
        person = e.parent
        if e.kind is None or e.kind.name != "review" or e.per_phrase or person is None or person.acts_as is None:
            continue
        rated = [
            x
            for x in order
            if x is not e
            and x.acts_as is None
            and x.klass != "money"  # the payment for an order is not what is rated
            and (x.klass == "event" if x.kind is None else _dated_act(x.kind) and x.kind.name != "review")
            and (x.parent is person or person in x.refs)
            and id(e) not in _ancestors(x)
        ]
        if not rated:
            continue
        x = rated[0]  # the act named first: the order, not the payment for it
        e.parent, e.parent_guessed = x, False
        e.refs = [r for r in e.refs if r is not x and r is not person]
        if e.count is not None:  # '1 reviews', '300 ratings': the count asked is kept, each of an event
            notes.append(
                f"{e.table} are of {x.table}: each {x_name(e)} rates one {x_name(x)} (its {x_name(person)} through "
                f"it), {_rows(e.count)} as asked; say '{e.table} per <entity>' to choose"
            )
            continue
        e.per_count, e.exact_per, e.zero_share = 1.0, True, 1 - _RATED_SHARE
        notes.append(
            f"{e.table} are of {x.table}: each {x_name(e)} rates one {x_name(x)} (its {x_name(person)} through it), "
            f"{_RATED_SHARE:.0%} of {x.table} rated; say '{e.table} per <entity>' to choose"
        )


#: a person the request names only as the author of reviews of an act: so many acts each
_ACTS_PER_TAKER = 10


def _authors_said_as_modifier(order: list[Entity], notes: list[str]) -> None:
    """'passenger reviews of trips': a person noun said only as the reviews' modifier, with no count, is who
    takes the act, not a table of people made per act (2 'passenger' rows a trip). Where the act has people
    of its own (customers, riders: its parent or a key) they are the authors and the noun makes no table;
    else the noun is a table of its own (about 10 acts each): the act's person where a member of staff serves
    it (a taxi trip's driver: one passenger, who reviews it once), else the audience each review is by."""
    for e in list(order):
        if e.kind is None or e.kind.name != "review" or e.mention is None or e.parent is None:
            continue
        x = e.parent
        p = next(
            (
                y
                for y in order
                if y.mention is not None
                and y.mention.last + 1 == e.mention.first
                and y.acts_as == "person"
                and y.count is None
                and y.parent is x
                and y.per_phrase is None  # 'passengers per trip' says they are
            ),
            None,
        )
        if p is None or any(y is not e and (y.parent is p or p in y.refs) for y in order):
            continue
        said = p.table
        notes[:] = [n for n in notes if not n.startswith((f"assumed {said} belong to", f"{said}: made per"))]
        takers = [y for y in (x.parent, *x.refs) if y is not None and y is not p and y.acts_as == "person"]
        if takers:
            order.remove(p)
            e.refs = [r for r in e.refs if r is not p]
            notes.append(f"'{said} {e.table}': written by the {takers[0].table} of {x.table}, no table '{said}'")
            continue
        p.parent, p.parent_guessed, p.per_count = None, False, None
        p.table = plural(said) if singular(said) == said else said  # 'passenger reviews': a table 'passengers'
        if x.count is not None:  # a person takes about 10 of the acts asked, not hundreds (100 by default)
            p.count = max(x.count // _ACTS_PER_TAKER, 1)
        served = any(y.acts_as == "staff" for y in (x.parent, *x.refs) if y is not None)
        if served:  # one person's act: the act refers to them, they review it once, through it
            x.refs.append(p)
            e.refs = [r for r in e.refs if r is not p]
            if e.count is None:
                e.per_count, e.exact_per, e.zero_share = 1.0, True, 1 - _RATED_SHARE
            notes[:] = [n for n in notes if not n.startswith(f"{e.table} are of {x.table}: made per")]
        notes.append(
            f"'{said} {e.table}': {p.table} a table of their own"
            + (f" ({p.count:,}, about {_ACTS_PER_TAKER} {x.table} each)" if p.count else "")
            + (
                f"; each {x_name(x)} has one, who reviews it ({_RATED_SHARE:.0%} of {x.table} reviewed)"
                if served and e.count is None
                else f"; each {x_name(x)} has one, who reviews it"
                if served
                else "; each review by one of them"
            )
        )


def _reviews_of_an_event(order: list[Entity], req: Request, notes: list[str], cat: Catalogue) -> None:
    """'pupil reviews of lessons', 'fan reviews of concerts': a review said to be of an act (a lesson, a trip, a
    screening) is made per that act, not per its author (2 per customer on average, each with a screening drawn
    at random). The author's own act (a pupil's lesson) is reviewed once, 60% of them, the author through it; an
    act many attend (a concert, a screening) has reviews of its own, each by one of the authors (a key)."""
    for e in order:
        person = e.parent
        if e.kind is None or e.kind.name != "review" or e.per_phrase or person is None or person.acts_as is None:
            continue
        x = _of_noun(e, order, req, cat)
        if (
            x is None
            or x not in e.refs
            or x.acts_as is not None
            or not (x.klass == "event" if x.kind is None else _dated_act(x.kind))
            or id(e) in _ancestors(x)
        ):
            continue
        e.parent, e.parent_guessed = x, False
        e.refs = [r for r in e.refs if r is not x and r is not person]
        own = x.parent is person or person in x.refs
        if own and e.count is not None:  # '800 reviews of lessons': the count asked is kept, each of one lesson
            notes.append(
                f"{e.table} are of {x.table}: each {x_name(e)} of one {x_name(x)}, the {x_name(person)} through it, "
                f"{_rows(e.count)} as asked; say '{e.table} per <entity>' to choose"
            )
        elif own:  # the author's own act (a pupil's lesson): reviewed once, a share of them
            e.per_count, e.exact_per, e.zero_share = 1.0, True, 1 - _RATED_SHARE
            notes.append(
                f"{e.table} are of {x.table}: one per {x_name(x)} reviewed, {_RATED_SHARE:.0%} of {x.table} "
                f"reviewed, the {x_name(person)} through it; say '{e.table} per <entity>' to choose"
            )
        else:  # an act many attend (a concert): reviews of it by its audience, each by one of them
            e.refs.insert(0, person)
            notes.append(
                f"{e.table} are of {x.table}: made per {x_name(x)}, each by a {x_name(person)}; say "
                f"'{e.table} per <entity>' to choose"
            )


def _reached_through_parent(slot_refs: list[tuple[Entity, Entity]], order: list[Entity], notes: list[str]) -> None:
    """'300 courses, 20,000 students, enrollments; each course has 10 to 30 lessons': a lesson made per a
    course is part of the course, not one student's lesson with one teacher, as the kind is by default. A key
    the kind takes by default beside the parent the request names is dropped where the parent reaches that
    table already: the parent refers to it (the course's instructor teaches its lessons), or another table
    joins the two (students reach a course's lessons through their enrollments)."""
    for e, p in slot_refs:
        parent = e.parent
        if parent is None or p not in e.refs:
            continue
        if p is parent.parent or p in parent.refs:
            how = f"each {x_name(parent)} has its {x_name(p)}"
        else:
            joining = next(
                (
                    x
                    for x in order
                    if x is not e and {id(parent), id(p)} <= {id(y) for y in (x.parent, *x.refs) if y is not None}
                ),
                None,
            )
            if joining is None:
                continue
            how = f"{p.table} reach a {x_name(parent)}'s {e.table} through {joining.table}"
        e.refs.remove(p)
        notes.append(f"{e.table}: no key to {p.table}, made per {x_name(parent)} as asked ({how})")


#: what one person does alone, on what the business offers: no member of its staff takes part ('quiz
#: attempts', 'lesson completions', 'page views', 'gym check-ins')
_SOLO_ACTS = frozenset(
    "attempt completion login logon view pageview download upload click search play stream like share vote "
    "answer response checkin check-in swipe tap".split()
)


def _acts_of_one_person(order: list[Entity], notes: list[str]) -> None:
    """'20,000 students, quiz attempts': a quiz attempt is a student's alone, not also one of the 40
    instructors picked at random; staff guessed for such an act (by order alone, no word naming them) go."""
    for e in order:
        if e.kind is not None or e.klass != "event" or _head(e.table.replace("_", " ")) not in _SOLO_ACTS:
            continue
        if not any(x.acts_as == "person" for x in (e.parent, *e.refs) if x is not None) and not any(
            x.acts_as == "person" and id(x) in _ancestors(e) for x in order
        ):
            continue  # nobody but the staff does it: keep them
        for r in [r for r in e.refs if r.acts_as == "staff" and r in e.guessed]:
            e.refs.remove(r)
            e.guessed.remove(r)
            notes[:] = [n for n in notes if n != f"{e.table} refer to {r.table} (each row picks one uniformly)"]
            notes.append(f"{e.table}: no key to {r.table} (a {x_name(e)} is done by one person alone)")


def _kind_class(e: Entity) -> str | None:
    """What a table names: a catalogue kind by its own name ('vans' are the kind vehicle, though WordNet's
    first sense of 'van' is a vanguard), else by the request's noun."""
    return noun_class(e.kind.name.replace("_", " ")) if e.kind is not None else e.klass


def _placed_thing(e: Entity, order: list[Entity], notes: list[str]) -> None:
    """A catalogue kind that belongs to nothing of its own ('cars' of a rental firm) and is a thing: it
    belongs to the place or group named before it with fewer rows (the firm's 25 branches)."""
    if _kind_class(e) not in _THINGS:
        return
    before = sorted((x for x in order if _named_before(x, e)), key=lambda x: -(x.mention.first if x.mention else 0))
    p = next(
        (x for x in before if _kind_class(x) in _CONTAINERS and x.acts_as is None and _fewer(x, e) and _free(x, e)),
        None,
    )
    if p is not None:
        _note_parent(e, p, notes, f": {e.table} are in a {x_name(p)}")


def _placed_member(e: Entity, order: list[Entity], notes: list[str]) -> None:
    """A catalogue kind of people that belongs to none of the tables asked: staff work at the place or group named
    before them with fewer rows (the chain's 9 clinics' 45 dentists), other people are members of such a
    group (a bootcamp's 6 cohorts' 180 students) unless they buy or use what it offers (customers, guests),
    as unknown nouns of people are (``_relate_unknown``)."""
    want: tuple[str, ...] = ("group",) if e.acts_as == "person" else _CONTAINERS
    if _head(e.table.replace("_", " ")) in CUSTOMER_WORDS:  # riders, though read as the kind driver
        return
    before = sorted((x for x in order if _named_before(x, e)), key=lambda x: -(x.mention.first if x.mention else 0))
    p = next(
        (
            x
            for x in before
            if (_kind_class(x) in want or x.klass in want)  # 'classes' asked, the kind course
            and x.acts_as is None
            and _fewer(x, e)
            and _free(x, e)
        ),
        None,
    )
    if p is not None and not (
        e.acts_as == "person" and any({id(e), id(p)} <= {id(y) for y in (x.parent, *x.refs) if y} for x in order)
    ):  # (members: students and classes both referred to by enrolments: no class of a student's own)
        _note_parent(e, p, notes, f": {e.table} are people of a {x_name(p)}")
        e.parent_guessed = True  # by order alone: "70 cabs driven by 110 drivers" says otherwise


def _in_time(e: Entity, req: Request) -> bool:
    """A noun counted per unit of time ('per week') or in a year ('in 2024')."""
    if e.per_phrase and singular(e.per_phrase) in _UNIT_DAYS:
        return True
    toks, j = req.tokens, (e.mention.last + 1 if e.mention is not None else len(req.tokens))
    return (
        j + 1 < len(toks)
        and toks[j].text in ("in", "during", "over", "throughout")
        and toks[j + 1].text.isdigit()
        and 1900 <= int(toks[j + 1].text) <= 2100
    )


def _classify(order: list[Entity], req: Request) -> None:
    """What each table's noun names, for relating and filling the nouns the catalogue lacks."""
    for e in order:
        if e.acts_as is not None:
            e.klass = "person"
            continue
        e.klass = noun_class(e.mention.phrase if e.mention is not None else e.table.replace("_", " "))
        if e.kind is None and e.klass == "person" and e.mention is not None and _act_of_setting(e.mention.phrase, req):
            e.klass = "event"  # not people: see role_of_noun's caller
        if e.kind is None and e.klass == "money" and _an_act_of_checking(e.mention):
            e.klass = "event"  # "vet checks", "safety checks": an inspection, not a cheque
        if e.kind is None and e.act_elsewhere and e.klass in (None, "place", "group"):
            # 'reservations' are a place by WordNet's first sense, a booking by the catalogue; a document or a
            # thing ('tickets' at a concert) is something an act leaves, kept
            e.klass = "event"
        if e.kind is None and e.klass in (None, "thing", "document", "other") and _in_time(e, req):
            e.klass = "event"  # "2,000 pickups per week", "500,000 plays in 2024": what happens in time
        if e.kind is None and e.mention is not None and said_by_its_verb(e.mention, req):
            e.klass = "event"  # "users follow other users": the follows are acts, whatever the noun's first sense
        m = e.mention
        if (
            e.kind is None
            and e.klass in (None, "thing", "document", "other")
            and m is not None
            and m.last + 1 < len(req.tokens)
            and req.tokens[m.last + 1].text in ("between", "against")
        ):
            e.klass = "event"  # "380 matches between clubs": what is played between two sides happens
        if e.kind is None and e.klass != "person" and _clause_names(e, order, req):
            e.klass = "event"  # "900 batches in which a brewer brews a recipe": a row is something that happens
        if (
            e.kind is None
            and e.role is None
            and (_lends_a_thing(e.mention.phrase if e.mention else e.table, req) or lent_by_its_verb(e.mention, req))
        ):
            e.lent = True
        if e.kind is None and e.klass == "group" and thing_acted_on(e, req) is not None:
            e.klass = "thing"  # "members reserve tables": what is reserved is a thing, not WordNet's first group
        if _use_act(e) and e.klass != "event":
            e.klass = "event"  # "rentals", "hires": the act of renting, not the money paid (WordNet's first sense)
        if e.device and e.klass not in ("thing", "place"):
            e.klass = "thing"  # 'servers', 'routers', 'drones': a device, whatever WordNet's first sense is
        if e.kind is None and e.role is None and not e.device and _record(e, req) is not None:
            e.klass = "measure"  # 'temperature logs', 'cpu readings': values of a quantity read over time
        if e.kind is None and e.role is None:
            e.date = _CLASS_DATES.get(e.klass or "", "created_at")


#: modifiers that keep 'checks' as money (a bank's cheques, not an inspection)
_CHEQUE_WORDS = frozenset({"bank", "pay", "paper", "cashier", "cashiers", "traveler", "traveller", "personal", "blank"})


def _an_act_of_checking(m: Mention | None) -> bool:
    """'vet checks', 'safety checks', 'health checks': 'checks' after a noun that is no kind of cheque name
    inspections (WordNet's first sense of 'check' is a bank cheque)."""
    words = m.phrase.split() if m is not None else []
    return len(words) >= 2 and singular(words[-1]) == "check" and words[-2] not in _CHEQUE_WORDS


_THINGS = ("thing", "animal", "document", "food")
_CONTAINERS = ("place", "group")


def _note_parent(e: Entity, p: Entity, notes: list[str], why: str) -> None:
    e.parent = p
    notes.append(
        f"assumed {e.table} belong to {p.table} (a foreign key {p.key}{why}); say '{e.table} per <entity>' to choose"
    )


def _free(x: Entity, e: Entity) -> bool:
    """x may be referred to by e without a cycle."""
    return x is not e and id(e) not in _ancestors(x) and x.per_target is not e


def _named_at(order: list[Entity], k: int, *, end: bool = False, but: Entity | None = None) -> Entity | None:
    """The table whose noun starts (or, with ``end``, ends) at token k of the request, other than ``but``:
    the one lookup every relating word uses to find the noun it points at."""
    for x in order:
        if x is not but and x.mention is not None and (x.mention.last if end else x.mention.first) == k:
            return x
    return None


def _played_between(e: Entity, order: list[Entity], req: Request, cat: Catalogue) -> list[Entity]:
    """'games between players', 'lessons between tutors and students': the tables an event is between."""
    if e.mention is None:
        return []
    toks, j = req.tokens, e.mention.last
    if not (j + 2 < len(toks) and toks[j + 1].text in ("between", "among", "against")):
        return []
    others = [x for x in order if x is not e]
    out: list[Entity] = []
    k = j + 2
    while k < len(toks) and toks[k].clause == e.mention.clause:
        x = _named_at(order, k, but=e) or _find_entity(toks[k].text, others, cat)
        if x is None:
            break
        if x not in out:
            out.append(x)
        k = (x.mention.last if x.mention is not None and x.mention.first == k else k) + 1
        if not (k + 1 < len(toks) and toks[k].text == "and" and toks[k].clause == e.mention.clause):
            break
        k += 1
    return out


def _said_with(e: Entity, order: list[Entity], req: Request) -> tuple[Entity | None, Entity | None]:
    """'skiers with lift passes': the table the noun is had with; 'dogs and their owners': its owner."""
    if e.mention is None:
        return None, None
    toks, i, j = req.tokens, e.mention.first, e.mention.last
    owner = None
    if j + 3 < len(toks) and toks[j + 1].text == "and" and toks[j + 2].text == "their":
        owner = _named_at(order, j + 3, but=e)
    # "with" opens a clause of its own ("skiers with lift passes"): the noun just before it has this one
    had = None
    if i >= 3 and re.fullmatch(r"[\d,.]+", toks[i - 1].text) and toks[i - 2].text == "with":
        i -= 1  # "drivers with 1,200 vans": past the count
    if i >= 2 and toks[i - 1].text == "with":
        k = i - 2  # "rentals in 2024 with damage reports": past the time phrase to the noun
        while (
            k > 0
            and _named_at(order, k, end=True, but=e) is None
            and (toks[k].text in ("in", "during") or re.fullmatch(r"\d{4}", toks[k].text))
        ):
            k -= 1
        had = _named_at(order, k, end=True, but=e)
    return had, owner


def _held_for(e: Entity, order: list[Entity], req: Request, cat: Catalogue) -> Entity | None:
    """'loyalty cards for 60% of customers': the table whose rows hold the noun's."""
    if e.mention is None:
        return None
    toks, j = req.tokens, e.mention.last + 1
    if j + 4 < len(toks) and toks[j].text == "for" and toks[j + 2].text == "%" and toks[j + 3].text == "of":
        return _find_entity(toks[j + 4].text, [x for x in order if x is not e], cat)
    return None


def _of_noun(e: Entity, order: list[Entity], req: Request, cat: Catalogue) -> Entity | None:
    """'3,000 repairs of lamps': the table named right after 'of' is what the event is of."""
    toks = req.tokens
    j = e.mention.last + 1 if e.mention is not None else len(toks)
    if j + 1 >= len(toks) or toks[j].text != "of" or toks[j + 1].clause != toks[j].clause:
        return None
    return _named_at(order, j + 1, but=e) or _find_entity(toks[j + 1].text, [x for x in order if x is not e], cat)


def _named_by_modifier(e: Entity, order: list[Entity]) -> Entity | None:
    """'lift rides', 'class enrolments': a noun whose first word names another table refers to it."""
    words = e.mention.phrase.split() if e.mention is not None else []
    if len(words) < 2:
        return None
    mod = singular(words[-2])
    return next((x for x in order if x is not e and mod in (singular(x.table), singular(x.table.split("_")[-1]))), None)


def _table_of_word(word: str, e: Entity, order: list[Entity]) -> Entity | None:
    """The table of the request other than e a modifier names: by its table's name or last word, its noun, or
    a word of its kind ('truck' of the vehicles asked as "200 trucks")."""
    one = singular(word)
    for x in order:
        if x is e:
            continue
        said = x.mention.phrase.split()[-1] if x.mention is not None else ""
        if (
            one in (singular(x.table), singular(x.table.split("_")[-1]))
            or (said and singular(said) == one)
            or (x.kind is not None and word in x.kind.words)
        ):
            return x
    return None


def _keyed_to_modifiers(order: list[Entity], notes: list[str]) -> None:
    """'800 vehicle inspection reports' with 300 vehicles, '9,000 course feedback forms' with 120 courses: a
    word of a compound noun before its head that names another table of the request says what each row is of,
    a key to that table (issue 20, draft35). It is the compound's parent where it has none or only a guessed one
    (its date then comes after the modifier's, as any child's after its parent's) and may hold it, else one key
    more. Only the words before the two that name the table: a table's own first word ('30 dog shows' with
    400 dogs) is left to the readings of events and 'per' (_named_by_modifier), and no people ('route setters'
    are no routes' rows)."""
    for e in order:
        if e.mention is None or e.acts_as is not None:
            continue  # a catalogue noun has modifiers where one names a table ('dog grooming invoices', draft46)
        for word in reversed(e.mention.modifiers):  # the closest first
            x = _table_of_word(word, e, order)
            if x is not None and x in e.guessed:
                e.guessed.remove(x)  # said by the noun's own word, no guess
            if x is None or x is e.parent or x in e.refs or not _free(x, e):
                continue
            # 'dog grooming invoices' of owners' dogs: the owner is the dog's, reached through it, not drawn apart
            through = e.parent is not None and id(e.parent) in _ancestors(x)
            if (e.parent is None or e.parent_guessed or through) and _may_hold(x, e):
                if e.parent is not None:  # the nearest table named before, a guess the noun's word overrides
                    notes[:] = [n for n in notes if not n.startswith(f"assumed {e.table} belong to {e.parent.table} ")]
                e.parent, e.parent_guessed = x, False
                notes.append(
                    f"{e.table} belong to {x.table} (a foreign key {x.key}): '{word}' of "
                    f"'{' '.join([*e.mention.modifiers, e.mention.phrase])}' names them"
                )
            else:
                e.refs.append(x)
                notes.append(f"{e.table} refer to {x.table}: '{word}' of the noun names them")


def _is_people(x: Entity) -> bool:
    return not x.device and (
        x.klass == "person" or (x.mention is not None and role_of_noun(x.mention.phrase) is not None)
    )


def _is_client(x: Entity) -> bool:
    """People who are not staff: who books (members, clients), not who serves (coaches, stylists)."""
    return _is_people(x) and role_of_noun(x.table) != "staff"


def _booked_things(order: list[Entity], req: Request, notes: list[str]) -> None:
    """'8,000 treatment bookings' with 2,500 treatments, '20,000 desk reservations' with 150 desks: a booking
    said of a thing of the request is a person's booking of that thing (issue 20, draft39). It refers to the
    thing its modifier names, where no relation made it do so (the bookings of a guest and a therapist lacked
    the treatment they book), and to the one table of people who are not staff, where no such table was
    its parent or a reference (the desk's reservations had no member; a barber's haircut appointments, of
    no table's thing, had the barber and no customer: draft40). Several tables of people who are not staff,
    or the thing already keyed, leave it as drafted."""
    for e in order:
        if e.mention is None or e.acts_as is not None:
            continue
        words = e.mention.phrase.split()
        if singular(words[-1]) not in BOOKING_WORDS:
            continue
        toks, k = req.tokens, e.mention.first - 1
        # "8,000 treatment bookings": the word before the noun, outside its mention, is its modifier
        before = [toks[k].text] if k >= 0 and toks[k].clause == e.mention.clause and toks[k].text.isalpha() else []
        thing = None
        for word in reversed([*e.mention.modifiers, *before, *words[:-1]]):  # the closest word first
            x = _table_of_word(word, e, order)
            if x is not None and not _is_people(x):
                thing = x
                break
        if thing is not None and thing is not e.parent and thing not in e.refs and _free(thing, e):
            e.refs.append(thing)
            notes.append(f"{e.table} refer to {thing.table}: a {singular(words[-1])} of '{word}' books one")
        if any(_is_client(x) for x in [e.parent, *e.refs] if x is not None):
            continue  # the guest's booking: only a therapist's (staff) leaves it without who books
        if any(
            x.klass != "event" and any(_is_client(y) for y in [x.parent, *x.refs] if y)
            for x in [e.parent, *e.refs]
            if x
        ):
            continue  # a pet's appointment: its owner is the pet's, not a second one drawn on its own
        people = [x for x in order if x is not e and _is_client(x)]
        if len(people) == 1 and _free(people[0], e):
            e.refs.append(people[0])
            notes.append(
                f"{e.table} refer to {people[0].table}: a {singular(words[-1])} is made by a person, and "
                f"{people[0].table} are the request's only people who are not staff"
            )


def _subject_of(e: Entity, order: list[Entity], req: Request) -> Entity | None:
    """'18,000 fans who buy 40,000 tickets', '800 bidders placing 6,000 bids': the people said right before the
    verb of the record's noun (and 'who'), the ones who make it."""
    toks, j = req.tokens, (e.mention.first - 1 if e.mention is not None else -1)
    if j >= 0 and parse_number(toks[j].text) is not None:
        j -= 1  # the record's count
    if j < 1 or not toks[j].text.isalpha() or toks[j].text in STOPWORDS:
        return None  # no verb: "voters and 60,000 ballots" say no subject
    j -= 1
    if toks[j].text in _RELATIVE_PRONOUNS:
        j -= 1
    x = _named_at(order, j, end=True, but=e)
    return x if x is not None and _is_client(x) else None


def _maker_of(e: Entity, order: list[Entity]) -> Entity | None:
    """'800 donors and 1,500 donations' beside runners and volunteers: the one table of people its own word says
    makes the record (``_takers.makes``: a donation's donor, a pledge's backer), where no verb says (draft44)."""
    assert e.mention is not None
    makers = [x for x in order if x is not e and _is_client(x) and makes(x.table, e.mention.phrase)]
    return makers[0] if len(makers) == 1 else None


def _records_of_takers(order: list[Entity], req: Request, notes: list[str]) -> None:
    """'60,000 voters and 60,000 ballots', '8,000 ticket buyers and 30,000 tickets', '18,000 fans who buy 40,000
    tickets': a record one person makes (``_takers.RECORD_WORDS``: a ticket, a bid, a vote, a donation) is made by
    one of the people who take part (issue 20, draft41). It refers to the people said as its verb's subject (and to
    no other people guessed for it); else, where no relation gave it people who are not staff (a record listed
    beside them is no sibling of theirs to skip), to the request's one table of people named by the part they take
    (``_takers.TAKER_WORDS``). A record reached through a table that has its person (a trip's rating, a pet's
    booking) or made per a group (an organisation's subscription) is left as drafted. A taker guessed to be of one
    event (spectators of a match) is not, where the record refers to both: each record says which."""
    for e in order:
        if e.mention is None or e.acts_as is not None or not is_record(e.mention.phrase):
            continue
        said = _subject_of(e, order, req)
        subject = said or _maker_of(e, order)
        linked = [x for x in (e.parent, *e.refs) if x is not None]
        if subject is not None and not any(subject is x for x in linked) and _free(subject, e):
            e.refs.append(subject)
            notes.append(f"{e.table} refer to {subject.table}: each {x_name(e)} is made by one, as the request says")
        if subject is not None:
            # "800 donors who make 1,500 donations": the people the request says make it, no others guessed beside
            # "900 donors and 2,400 donations" beside volunteers: the people the record's word names, no others
            others = [x for x in e.refs if x is not subject and _is_client(x)]
            for x in [x for x in others if said is None or any(x is g for g in e.guessed)]:
                e.refs[:] = [r for r in e.refs if r is not x]
            if said is None and e.parent is not None and e.parent is not subject and _is_client(e.parent):
                e.parent, e.parent_guessed = None, False  # listed before the donations, not their maker
            continue
        if any(_is_client(x) for x in linked):
            continue
        if any(any(_is_client(y) for y in (x.parent, *x.refs) if y) for x in linked):
            continue  # a trip's rating: by the trip's rider, reached through the trip
        if any("group" in (x.klass, _kind_class(x)) for x in linked):
            continue  # an organisation's subscription: the organisation takes it out
        people = [x for x in order if x is not e and _is_client(x) and is_taker(x.table)]
        if len(people) == 1 and _free(people[0], e):
            e.refs.append(people[0])
            notes.append(
                f"{e.table} refer to {people[0].table}: a {x_name(e)} is made by one person, and {people[0].table} "
                "are the people of the request who take part"
            )
    for e in order:
        if e.mention is None or e.acts_as is not None or not is_record(e.mention.phrase):
            continue
        linked = [x for x in (e.parent, *e.refs) if x is not None]
        for x in linked:
            if _is_client(x) and x.parent_guessed and x.parent is not None and any(x.parent is y for y in linked):
                # "25,000 spectators and 300,000 match tickets": a spectator goes to many matches, one per ticket
                notes.append(f"{x.table} are not people of one {x_name(x.parent)}: each {x_name(e)} is of one")
                x.parent, x.parent_guessed = None, False


def _relate_unknown(e: Entity, order: list[Entity], req: Request, notes: list[str], cat: Catalogue) -> None:
    """A table of a noun the catalogue lacks, related by what its noun names: people belong to the group
    they are members of (players of clubs; staff of a salon) or the event they come to (guests of
    weddings), things and places to the place or group named before them, events refer to the thing, the
    people, the place and the group named before them (walks: the dog and the walker), documents and
    money to the event they are for (money else like an event: a donation's donor and centre)."""
    had, owner = _said_with(e, order, req)
    for p, why in ((owner, " from 'and their'"), (had, " from 'with'"), (_held_for(e, order, req, cat), " from 'for'")):
        if p is not None and _free(p, e):
            _note_parent(e, p, notes, why)
            return
    before = sorted((x for x in order if _named_before(x, e)), key=lambda x: -(x.mention.first if x.mention else 0))
    between = _played_between(e, order, req, cat)
    k = "event" if between else e.klass
    of = _of_noun(e, order, req, cat)
    if (
        k not in ("event", "measure", "person")
        and of is not None
        and of.acts_as is None
        and _fewer(of, e)
        and _free(of, e)
    ):
        _note_parent(e, of, notes, f": each {x_name(e)} is of one")  # "70,000 collections of 300 bins"
        return
    if k == "person":
        want: tuple[str, ...] = ("group",) if e.role == "person" else _CONTAINERS
        if _head(e.table.replace("_", " ")) in CUSTOMER_WORDS:
            want = ()  # renters of a car rental firm are not people of one of its branches: they take part in events
        p = next((x for x in before if x.klass in want and _may_hold(x, e) and _free(x, e)), None)
        of_event = False
        if p is None and e.role == "person":  # guests of 500 weddings, attendees of 20 conferences
            p = next((x for x in before if x.klass == "event" and x.count and _may_hold(x, e) and _free(x, e)), None)
            of_event = p is not None
        if p is not None:
            _note_parent(e, p, notes, f": {e.table} are people of a {x_name(p)}")
            # by order alone: "30 dog shows ...: 2,000 exhibitors enter 3,400 dogs" says the dogs are theirs
            e.parent_guessed = of_event
        return
    if k in ("document", "money"):
        p = next((x for x in before if x.klass == "event" and _may_hold(x, e) and _free(x, e)), None)
        if p is not None:
            _note_parent(e, p, notes, f": each {x_name(e)} is for a {x_name(p)}")
            # "backers, pledges to campaigns": who pays or holds it, when the event does not lead to them
            payer = next(
                (
                    x
                    for x in before
                    if x.acts_as == "person"
                    and _may_hold(x, e)
                    and _free(x, e)
                    and id(x) not in _ancestors(p)
                    and not (x.parent is not None and x.parent.klass == "group")  # movers of a crew work, not pay
                ),
                None,
            )
            if payer is not None:
                e.refs.append(payer)
                notes.append(f"{e.table} refer to {payer.table}: each {x_name(e)} has one {x_name(payer)}")
            return
        if k == "money":
            k = "event"  # a donation with no event named: its donor and the place it is given at, like an event
    if k in ("event", "measure"):
        cued = [*between, *[x for x in (_named_by_modifier(e, order), _of_noun(e, order, req, cat)) if x is not None]]
        chosen = _participants(e, before, cued, req.tokens)
        if between:  # "matches between clubs": the clubs play, not one player of theirs
            chosen = [c for c in chosen if c in between or not (c.acts_as is not None and c.parent in between)]
        if chosen:
            parent = next((c for c in chosen if _may_hold(c, e)), None)
            if _by_interval(e, req) and not any(c in cued for c in chosen):
                # "4 cleaners serve 650 homes; cleans every 4 weeks": each home is cleaned at the interval, not
                # each cleaner: the nearest participant that is not people holds the event
                parent = next((c for c in chosen if c.acts_as is None and _may_hold(c, e)), parent)
            if parent is not None:
                _note_parent(e, parent, notes, f": each {x_name(e)} is of one")
                e.parent_guessed = parent not in cued  # no word named it: nearest of its slot
            e.refs.extend(c for c in chosen if c is not parent)
            e.guessed.extend(c for c in chosen if c is not parent and c not in cued)
            return
    if k == "document":  # songs of albums, chapters of books; else a person's (talks of speakers)
        p = next((x for x in before if x.klass == "document" and x.count and _may_hold(x, e) and _free(x, e)), None)
        # the people named first make the works (sellers their listings, speakers their talks)
        p = p or next((x for x in before[::-1] if x.acts_as == "person" and _may_hold(x, e) and _free(x, e)), None)
        if p is not None:
            _note_parent(e, p, notes, "")
        return  # films: works of their own unless the request relates them
    if k in (*_THINGS, *_CONTAINERS):
        # "85,000 trees in 120 parks": the place said after the noun holds it, before any guess
        placed = _placed_after(e, order, req, cat)  # any table but people and events: 'lamps in 90 streets'
        if (
            placed is not None
            and placed[0].acts_as is None
            and placed[0].klass not in ("event", "person")
            and _may_hold(placed[0], e)
            and _free(placed[0], e)
        ):
            _note_parent(e, placed[0], notes, f": {e.table} are {placed[1]}")
            return
        p = next(
            (x for x in before if x.klass in _CONTAINERS and x.acts_as is None and _may_hold(x, e) and _free(x, e)),
            None,
        )
        if p is not None:
            _note_parent(e, p, notes, f": {e.table} are in a {x_name(p)}")
            return
    if _by_interval(e, req):  # "trays, moisture readings every 30 minutes": each tray read, the nearest named
        p = next((x for x in before if x.acts_as is None and _may_hold(x, e) and _free(x, e)), None)
        if p is not None:
            _note_parent(e, p, notes, f": {e.table} are taken of each {x_name(p)} at an interval")
            return
    verb = thing_acted_on(e, req) if k in ("thing", None, "other", *_CONTAINERS) else None
    if verb is not None:  # "members reserve tables": what they reserve is no member's own, a table of its own
        notes.append(
            f"'{e.table}' read as the things '{verb}' is done to, no one row's of another table: a table of its own"
        )
        return
    if k in ("thing", "animal", None, "other", "food"):
        # the people named before it ('500 owners, 700 dogs'); those named after own nothing named before them
        p = next(
            (
                x
                for x in order
                if x.acts_as == "person" and _named_before(x, e) and _may_hold(x, e) and _owns(x, e) and _free(x, e)
            ),
            None,
        )
        if p is not None:
            _note_parent(e, p, notes, "")
            e.parent_guessed = True  # by order alone: "saddles of 600 riders" says whose
            return
    # the nearest table named before it that belongs to nothing (sensors of greenhouses)
    p = next((x for x in before if x.parent is None and not x.refs and _may_hold(x, e) and _free(x, e)), None)
    if p is not None:
        _note_parent(e, p, notes, "")
        e.parent_guessed = True


#: what an event refers to, one table of each, nearest named before it: the thing it is of, the people
#: (customers, then staff) who take part, the place it happens at, the group that does it
_SLOTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("klass", _THINGS),
    ("acts_as", ("person",)),
    ("acts_as", ("staff",)),
    ("klass", ("place",)),
    ("klass", ("group",)),
)


def _doer_said(e: Entity, before: list[Entity]) -> bool:
    """'vet checks', 'nurse calls': a noun outside the catalogue whose first word names people who are no
    table of the request says who does it; no other people are guessed for it."""
    words = e.mention.phrase.split() if e.kind is None and e.mention is not None else []
    if len(words) < 2 or role_of_noun(words[-2]) is None:
        return False
    return not any(singular(words[-2]) in (singular(x.table), singular(x.table.split("_")[-1])) for x in before)


def _participants(e: Entity, before: list[Entity], cued: list[Entity], toks: list[Any]) -> list[Entity]:
    chosen: list[Entity] = []
    for x in cued:
        if _free(x, e) and not any(x is c for c in chosen):
            chosen.append(x)
    cued = list(chosen)
    for x in before:
        # "40 tournaments, 6,000 games": the fewer, bigger occasion named before an event holds it (and what
        # it is reached through: the charity of the event a shift is at)
        if x.klass == "event" and x.acts_as is None and _fewer(x, e) and _free(x, e) and not _through(x, chosen):
            if not _coordinated(x, e, toks):
                chosen.append(x)
            break
    said_by = _doer_said(e, before)
    for attr, slot in _SLOTS:
        if any(getattr(c, attr) in slot and (attr == "acts_as" or c.acts_as is None) for c in chosen):
            continue
        if said_by and attr == "acts_as":
            continue  # "vet checks": the vet its word names does it, not the shearers named before
        for x in before:
            if getattr(x, attr) not in slot or (attr == "klass" and x.acts_as is not None):
                continue
            # a ride or a rental is of the bike or car used and the person using it, though listed beside them
            sibling = _coordinated(x, e, toks) and not (_use_act(e) and (slot == _THINGS or slot == ("person",)))
            if x.klass == "event" or not _free(x, e) or sibling:
                continue  # "400 concerts and 900 recitals": siblings of a list, neither of the other
            if any(id(x) in _ancestors(c) and c.acts_as is None for c in chosen):
                continue  # the owner of the dog a walk is for, the resort of the lift a ride is on: through it
            if slot == ("group",):  # the crew a mover is in does the move: the crew, not the mover
                chosen = [c for c in chosen if c in cued or not (c.acts_as is not None and id(x) in _ancestors(c))]
            elif any(id(x) in _ancestors(c) for c in chosen):
                continue
            chosen.append(x)
            break
    if not any(c.acts_as == "staff" for c in chosen) and any(_customer(c) for c in chosen):
        # "translators, clients, translation jobs for clients": beside the customer, the people who do the work
        worker = next(
            (
                x
                for x in before
                if x.acts_as == "person" and not _customer(x) and _free(x, e) and not _through(x, chosen)
            ),
            None,
        )
        if worker is not None:
            chosen.append(worker)
    for x in before:
        # "12 screens, 350 films, 1,400 screenings": a second, fewer thing it is at, unrelated to the first
        if x.klass in _THINGS and x.acts_as is None and _fewer(x, e) and _free(x, e) and not _through(x, chosen):
            if sum(c.klass in _THINGS and c.acts_as is None for c in chosen) == 1:
                chosen.append(x)
            break
    return chosen


def _by_interval(e: Entity, req: Request) -> bool:
    """The noun is counted by an interval ("readings every 30 minutes") or how often ("twice a day")."""
    if e.mention is None:
        return False
    if e.often is not None:
        return True
    toks, j = req.tokens, e.mention.last + 1
    return j + 2 < len(toks) and toks[j].text == "every" and _interval(toks[j + 1].text, toks[j + 2].text) is not None


def _customer(x: Entity) -> bool:
    """A table of people who buy or use what the business offers (the catalogue's customers, renters...)."""
    if x.acts_as != "person":
        return False
    if x.kind is not None and x.kind.name in ("customer", "client", "guest", "passenger", "subscriber", "user"):
        return True
    return _head(x.table.replace("_", " ")) in CUSTOMER_WORDS


def _coordinated(x: Entity, e: Entity, toks: list[Any]) -> bool:
    """'300 weddings and 900 baptisms': two nouns joined by 'and' are siblings, neither holds the other."""
    if x.mention is None or e.mention is None:
        return False
    between = [t.text for t in toks[x.mention.last + 1 : e.mention.first]]
    return bool(between) and between[0] in ("and", "or") and len(between) <= 2


def _fewer(x: Entity, e: Entity) -> bool:
    """x is asked with fewer rows than e (both counted)."""
    return x.count is not None and e.count is not None and x.count < e.count


def _through(x: Entity, chosen: list[Entity]) -> bool:
    """x is one of the chosen, or reached through one (an ancestor of one)."""
    return any(x is c or id(x) in _ancestors(c) for c in chosen)


def x_name(e: Entity) -> str:
    return singular(e.table).replace("_", " ")


def _per_also(e: Entity, order: list[Entity], cat: Catalogue, notes: list[str], req: Request) -> None:
    """'split times per runner per checkpoint': one row per parent row and each row of the second table (a
    foreign key taken once each); 'bills per customer per month': one per parent row and calendar unit."""
    if e.parent is None or e.count is not None or e.mention is None:
        return
    toks, j = req.tokens, e.mention.last + 1
    if not (j + 3 < len(toks) and toks[j].text in ("per", "each", "every") and toks[j + 2].text == "per"):
        return
    also, each = toks[j + 3].text, e.per_count or 1
    unit = singular(also)
    if unit in _UNIT_DAYS:
        n = _periods(unit, req.span)
        e.per_count, e.exact_per = each * n, True
        notes.append(f"{e.table}: {each:g} per {singular(e.parent.table)} per {unit} ({n:,} {unit}s in the time span)")
        return
    q = _find_entity(also, order, cat)
    if q is None or q is e or q is e.parent or id(e) in _ancestors(q) or q.count is None and q.parent is not None:
        notes.append(
            f"'per {also}' names no table of fixed size in the draft: {e.table} is made per {e.parent.table} only"
        )
        return
    rows = q.count if q.count is not None else (q.kind.rows if q.kind else 100)
    e.per_count, e.exact_per = each * rows, True
    e.refs.append(q)
    if each == 1:
        e.distinct.append(q)
    notes.append(
        f"{e.table}: {each:g} per {singular(e.parent.table)} and {singular(q.table)} "
        f"({e.per_count:,g} per {singular(e.parent.table)}, each of the {rows:,} {q.table}"
        + (" once)" if each == 1 else ")")
    )


_HEADCOUNT = re.compile(r"(\d[\d,]*)[- ](?:person|people|employee|staff|strong|headcount)\b")


def _headcount(req: Request, order: list[Entity], notes: list[str]) -> None:
    """'a 500-person company': the count of its staff table when the request gives none."""
    m = _HEADCOUNT.search(req.text.lower())
    if m is None:
        return
    staff = [e for e in order if e.acts_as == "staff" and e.count is None and e.per_count is None]
    target = next((e for e in staff if e.kind is not None and e.kind.name == "employee"), staff[0] if staff else None)
    if target is None:
        return
    target.count = int(m.group(1).replace(",", ""))
    notes.append(f"{target.table}: {target.count:,} rows from '{m.group(0)}'")


def _past_participle_at(toks: list[Any], j: int, clause: int, words: Any) -> int:
    """'submissions graded by instructors': the index of the word after a noun, past one participle that
    a relating or placing word follows."""
    if (
        j + 1 < len(toks)
        and toks[j].clause == clause
        and past_participle(toks[j].text)
        and toks[j + 1].text in words
        and toks[j + 1].clause == clause
    ):
        return j + 1
    return j


#: words after a noun that say where its rows are ("customers in 12 stores", "concerts at venues")
_PLACING = ("on", "in", "at", "across", "under", "within", "inside", "into")


#: words that open a phrase saying what a noun is of or for ("sales of products", "tickets for performances")
_OF_FOR = ("of", "for")


def _of_phrases(a: Entity, order: list[Entity], toks: list[Any]) -> tuple[int, list[int]]:
    """Past the 'of'/'for' phrases just after a's noun ("sales of products in shops", "tickets for 900
    performances bought by customers"): the index where a placing or relating word would stand, and where
    each phrase's noun starts."""
    m = a.mention
    if m is None:
        return len(toks), []
    j, nouns = m.last + 1, list[int]()
    while j + 1 < len(toks) and toks[j].text in _OF_FOR and toks[j].clause == m.clause and len(nouns) < 2:
        k = j + 1
        if toks[k].text in ("each", "every", "a", "an", "the", "one") and k + 1 < len(toks):
            k += 1  # "a review of each poem", "a note for every tea": past the determiner to the noun
        if re.fullmatch(r"[\d,.]+", toks[k].text) and k + 1 < len(toks) and toks[k + 1].clause == m.clause:
            k += 1  # "cars of 4,500 owners": past the count to the noun
        if not toks[k].text.isalpha():
            break
        nouns.append(k)
        b = _named_at(order, k, but=a)
        j = (b.mention.last if b is not None and b.mention is not None else k) + 1
    return j, nouns


#: what a table is of, when its noun is one of these classes: "reviews of books", "tickets for performances"
_OF_CLASSES = frozenset({"event", "money", "document", "other"})


def _of_or_for(order: list[Entity], req: Request, notes: list[str], cat: Catalogue) -> None:
    """'9,000 visits of pets', '70,000 tickets for performances': an event, a document or money is of (or
    for) the table named after the word; when its parent is that table's parent (the pets' owners), the
    named table is the closer parent. '6,000 cars of 4,500 owners': a thing or an animal of people belongs
    to them."""
    toks = req.tokens
    for a in order:
        if a.mention is None:
            continue
        for k in _of_phrases(a, order, toks)[1]:
            b = _named_at(order, k, but=a) or _find_entity(toks[k].text, [x for x in order if x is not a], cat)
            if b is None or b is a or not _free(b, a) or b in a.refs or a.parent is b:
                continue
            said = f"{toks[k - 1].text if toks[k - 1].text in _OF_FOR else toks[k - 2].text} {toks[k].text}"
            # "reviews of books": what a review is of; "order lines of beers": a catalogue kind by its own name
            # (an order item, though WordNet's 'line' is a group)
            if a.klass in _OF_CLASSES or (a.kind is not None and _kind_class(a) in _OF_CLASSES):
                if a.parent is not None and a.parent is b.parent:
                    a.parent = b
                    notes.append(f"{a.table} belong to {b.table} (from '{said}'; {b.table} belong to {b.parent.table})")
                elif a.parent is None:
                    _note_parent(a, b, notes, f": from '{said}'")
                else:
                    a.refs.append(b)
                    notes.append(f"{a.table} refer to {b.table} (from '{said}')")
            elif (
                a.klass in ("thing", "animal")
                and b.klass == "person"
                and (a.parent is None or a.parent_guessed)
                and toks[k - 1].text != "for"
            ):
                if a.parent is not None:  # "2,000 dogs of 1,600 owners": the owners, not the groomers named before
                    notes.append(f"{a.table} do not belong to {a.parent.table} (a guess): '{said}' says whose")
                a.parent_guessed = False
                _note_parent(a, b, notes, f": from '{said}'")


def _placed_after(a: Entity, order: list[Entity], req: Request, cat: Catalogue) -> tuple[Entity, str] | None:
    """The table named after a placing word just after a's noun, in its clause: by its mention ("in 120
    parks") or by its word again ("concerts at venues", the venues counted earlier)."""
    m, toks = a.mention, req.tokens
    if m is None:
        return None
    j = _past_participle_at(toks, _of_phrases(a, order, toks)[0], m.clause, _PLACING)
    if j >= len(toks) or toks[j].text not in _PLACING:
        return None
    k = j + 1
    while k < len(toks) and k - j <= 3 and toks[k].clause == m.clause:  # "sales in 2024, cards": the year ends it
        word = toks[k].text
        if word in (",", "and"):
            return None
        b = _named_at(order, k) or (
            _find_entity(word, [x for x in order if x is not a], cat) if word.isalpha() else None
        )
        if b is not None:
            if b is a or (_kind_class(b) == "event" and _fewer(a, b)):
                return None  # "handlers fly 45 birds in 3,000 displays": the birds take part in the displays
            return b, f"{toks[j].text} {b.mention.phrase if b.mention else word}"
        k += 1
    return None


def _placed_in(order: list[Entity], req: Request, notes: list[str], cat: Catalogue) -> None:
    """'5,000 subscribers on 8 plans', 'customers in 12 stores': the first refers to the second (a foreign
    key, each row picking one) when the draft relates them in no other way."""
    for a in order:
        found = _placed_after(a, order, req, cat)
        if found is None:
            continue
        b, said = found
        if b.parent is a or a.parent is b or b in a.refs or a in b.refs:
            continue
        if id(a) in _ancestors(b):
            continue
        a.refs.append(b)
        notes.append(f"{a.table} refer to {b.table} (from '{said}')")


#: words after a noun that relate it to the nouns after them ("pledges to campaigns", "visits by flyers")
_RELATING = frozenset({"to", "by", "towards", "via", "through", "from", "between", "among", "against"})


def _by_preposition(order: list[Entity], req: Request, notes: list[str], cat: Catalogue) -> None:
    """'120,000 pledges to campaigns', '60,000 visits by 25,000 flyers', 'harvests by plot and picker': the
    first refers to each table named after the word (a foreign key, each row picking one) when the draft
    relates them in no other way."""
    toks = req.tokens
    for a in order:
        m = a.mention
        if m is None:
            continue
        # "deposits of bottles by residents", "tickets for shows bought by customers": past 'of'/'for' phrases
        j = _past_participle_at(toks, _of_phrases(a, order, toks)[0], m.clause, _RELATING)
        j = _past_place(order, toks, j, m.clause, a, cat)
        j, said_in = _each_participle(toks, j, m.clause)
        if j >= len(toks) or toks[j].text not in _RELATING or toks[j].clause != said_in:
            continue
        if given_to(req, j):
            continue  # "agents sell policies to clients": the sale's key (``key_verb_records``), not the policy's
        # "poems by poets" says whose the poems are; "submissions graded by instructors" only who graded them
        whose = j == _of_phrases(a, order, toks)[0] and a.kind is None
        other = _one_to_another(order, toks, j, a, cat)
        if other is not None:  # "transfers from one wallet to another wallet": two keys, two different rows
            if other is not a.parent and other not in a.refs:
                a.refs.append(other)
                notes.append(f"{a.table} refer to {other.table} (from 'from one {x_name(other)} to another')")
            if other not in a.twice:
                a.twice.append(other)
                notes.append(
                    f"{a.table} refer to {other.table} twice, two different rows (from one {x_name(other)} to another)"
                )
            continue
        targets: list[tuple[Entity, str]] = []
        k, clause, prep = j + 1, said_in, toks[j].text
        while k < len(toks) and toks[k].clause == clause and k - j <= 6:
            word = toks[k].text
            if re.fullmatch(r"[\d,.]+", word) or word in ("the", "a", "an", "their", "its", "each", "and", "or"):
                k += 1
                continue
            b = _named_at(order, k)
            if b is None:
                b = _find_entity(word, [x for x in order if x is not a], cat)
                last = k
            else:
                last = b.mention.last if b.mention is not None else k
            if b is None or b is a:
                break
            if (
                targets
                and b.count is not None
                and a.count is not None
                and b.count > a.count
                and k >= 1
                and (re.fullmatch(r"[\d,.]+", toks[k - 1].text))
            ):  # "900 horses owned by 400 riders, and 3,000 shoeings": a new counted table of the request's list
                break
            targets.append((b, f"{prep} " + " ".join(t.text for t in toks[k : last + 1])))
            k = last + 1
            if k + 1 < len(toks) and toks[k].text in _RELATING and toks[k].clause == clause:
                prep = toks[k].text  # "lessons given by instructors to pupils": a second preposition, a second table
                k += 1
                continue
            if (
                k + 3 < len(toks)
                and toks[k].text == "and"
                and past_participle(toks[k + 1].text)
                and toks[k + 2].text in _RELATING
            ):  # "books written by authors and edited by editors": a second participle, a second table
                prep, clause = toks[k + 2].text, toks[k + 3].clause
                k += 3
                continue
            if k + 1 < len(toks) and toks[k].text in _PLACING and toks[k].clause == clause and a.klass != "person":
                # "goals scored by players in matches": the occasion the act happened at, a table too
                at = _named_at(order, k + 1) or _find_entity(toks[k + 1].text, [x for x in order if x is not a], cat)
                if at is not None and at is not a and at.klass == "event":
                    prep = toks[k].text
                    k += 1
                    continue
            if not (
                k + 1 < len(toks)
                and toks[k].text in ("and", "or", ",")
                and (toks[k].clause == clause or toks[k].text != ",")  # 'and' may open the next clause
            ):
                break
            k += 1
            clause = toks[k].clause  # "between tutors and students": 'and' opens a clause of the list's next noun
        doers = [b for b, said in targets if said.startswith("by ") and b.acts_as is not None]
        if (
            whose
            and doers
            and a.parent is not None
            and a.parent.acts_as is not None
            and a.parent not in doers
            and a.count is not None
            and not any(
                (_named_at(order, k, but=a) or _find_entity(toks[k].text, _others(order, a), cat)) is a.parent
                for k in _of_phrases(a, order, toks)[1]
            )
        ):  # "2,500 poems by poets": the poets, not the editors assumed for them ("portraits of clients" kept)
            notes.append(f"{a.table} do not belong to {a.parent.table} (a guess): '{targets[0][1]}' says whose")
            a.parent, a.parent_guessed = None, False
        for b, said in targets:
            if b.parent is a and b.parent_guessed and not a.refs and a.parent is None:
                # "70 cabs driven by 110 drivers": the drivers were only guessed to be people of a cab
                b.parent, b.parent_guessed = None, False
                notes.append(f"{b.table} do not belong to {a.table} (a guess): '{said}' relates them the other way")
            if b.parent is a or a.parent is b or b in a.refs or a in b.refs or id(a) in _ancestors(b):
                continue
            said_parent = None if a.parent_guessed else a.parent
            if any(id(b) in _ancestors(x, said=True) for x in [said_parent, *a.refs] if x is not None) and not (
                _drop_guess(a, b)
            ):
                continue  # reached through a table it already refers to (not through a guessed parent)
            a.refs.append(b)
            notes.append(f"{a.table} refer to {b.table} (from '{said}')")


_EACH_ONE = frozenset({"each", "all", "every", "both"})
_BE = frozenset({"is", "are", "was", "were", "being", "been", "get", "gets"})


def _each_participle(toks: list[Any], j: int, clause: int) -> tuple[int, int]:
    """'2,000 artworks, each owned by a museum', 'pups, all born to dams', 'loans, each made by a member': a
    participle said of every row of the noun after a comma relates it as if said right after
    it. Returns the index of the relating word and its clause, or (j, clause) unchanged. A participle with no
    relating word after it ("artworks, each catalogued") or a verb's subject ("each owner holds") is not one."""
    if j + 2 >= len(toks) or toks[j].text not in _EACH_ONE or toks[j].clause != clause + 1:
        return j, clause
    k = j + 1
    if toks[k].text in _BE and k + 1 < len(toks):
        k += 1
    if past_participle(toks[k].text) and k + 1 < len(toks) and toks[k + 1].text in _RELATING:
        return k + 1, toks[k + 1].clause
    return j, clause


def _one_to_another(order: list[Entity], toks: list[Any], j: int, a: Entity, cat: Catalogue) -> Entity | None:
    """'from one wallet to another (wallet)', 'from one loft to a different loft': the table named after
    'from one', said again (or left unsaid) after 'to another', which each row names twice."""
    if not (j + 4 < len(toks) and toks[j].text == "from" and toks[j + 1].text in ("one", "a", "an")):
        return None
    b = _named_at(order, j + 2, but=a) or _find_entity(toks[j + 2].text, _others(order, a), cat)
    if b is None or b is a:
        return None
    k = (b.mention.last if b.mention is not None and b.mention.first == j + 2 else j + 2) + 1
    if not (k + 1 < len(toks) and toks[k].text == "to" and toks[k + 1].text in ("another", "other", "a")):
        return None
    k += 2 if toks[k + 1].text != "a" else 3 if k + 2 < len(toks) and toks[k + 2].text == "different" else 99
    if k > len(toks):
        return None
    if k == len(toks) or toks[k].clause != toks[j].clause or not toks[k].text.isalpha():
        return b  # "to another": the noun left unsaid
    again = _named_at(order, k, but=a) or _find_entity(toks[k].text, _others(order, a), cat)
    return b if again is None or again is b else None


def _past_place(order: list[Entity], toks: list[Any], j: int, clause: int, a: Entity, cat: Catalogue) -> int:
    """'routes set on walls by setters', 'cycles in machines started by customers': past a placing phrase
    (and the participles about it) to the relating word after it, when one follows; else j."""
    k = _past_participle_at(toks, j, clause, _PLACING)
    if k >= len(toks) or toks[k].text not in _PLACING or toks[k].clause != clause:
        return j
    k += 1
    while k < len(toks) and (
        toks[k].text in ("the", "a", "an", "their", "its") or re.fullmatch(r"[\d,.]+", toks[k].text)
    ):
        k += 1
    b = _named_at(order, k, but=a)
    if b is not None and b.mention is not None:
        k = b.mention.last
    elif k >= len(toks) or not toks[k].text.isalpha() or _find_entity(toks[k].text, _others(order, a), cat) is None:
        return j  # "on walls": the walls counted before, named by their word again
    r = _past_participle_at(toks, k + 1, clause, _RELATING)
    return r if r < len(toks) and toks[r].text in _RELATING and toks[r].clause == clause else j


def _others(order: list[Entity], a: Entity) -> list[Entity]:
    return [x for x in order if x is not a]


def _drop_guess(a: Entity, b: Entity) -> bool:
    """'30 campaigns, donations from donors to campaigns': the campaigns were guessed to refer to the donors
    named before them; the request says the donations do. Drop such guessed refs to b among a's ancestors;
    True when a no longer reaches b."""
    stack, seen = [x for x in [a.parent, *a.refs] if x is not None], set()
    while stack:
        x = stack.pop()
        if id(x) in seen:
            continue
        seen.add(id(x))
        if b in x.guessed:
            x.guessed.remove(b)
            x.refs.remove(b)
        stack.extend(y for y in [x.parent, *x.refs] if y is not None)
    return not any(id(b) in _ancestors(x) or x is b for x in [a.parent, *a.refs] if x is not None)


def _guesses_reached_otherwise(order: list[Entity]) -> None:
    """A participant guessed for a row that its other tables already lead to ('inspections of vans', the
    vans of drivers: not the drivers again) is dropped; the rules relating the other tables ran later."""
    for e in order:
        for g in list(e.guessed):
            if any(id(g) in _ancestors(x) for x in [e.parent, *e.refs] if x is not None and x is not g):
                e.guessed.remove(g)
                e.refs.remove(g)


def _done_by(order: list[Entity], req: Request, notes: list[str]) -> None:
    """'150 journalists write 20,000 articles': what a verb's subject makes or does refers to it, when the
    draft relates them in no other way."""
    toks = req.tokens
    for e in order:
        if e.mention is None or _named_at(order, e.mention.last + 1, but=e) is not None:
            continue  # "write 4,000 call reviews": 'call' says which reviews; the reviews are what is written
        v = e.mention.first - 1
        if v >= 1 and re.fullmatch(r"[\d,.]+", toks[v - 1].text) and _names_another(toks[v].text, e, order):
            v -= 1  # "analysts write 4,000 call reviews": 'call' says which reviews, it is no verb
        while v >= 0 and re.fullmatch(r"[\d,.]+", toks[v].text):
            v -= 1  # the count
        if v < 1 or v == e.mention.first - 1 and not toks[v].text.isalpha():
            continue
        verb = toks[v].text
        if (
            not verb.isalpha()
            or verb in STOPWORDS
            or _named_at(order, v, end=True)
            or toks[v].clause != e.mention.clause
        ):
            continue
        x = _named_at(order, v - 1, end=True)
        if x is None or x is e or x.mention is None or x.mention.clause != e.mention.clause:
            continue
        if (
            x.parent is not None
            and x.parent_guessed
            and id(e) in _ancestors(x)
            and id(e) not in _ancestors(x, said=True)
            and e.count is not None
        ):
            # "2,000 exhibitors enter 3,400 dogs": the exhibitors were only guessed to be people of a dog show
            # (which leads to the dogs); the verb says the dogs are the exhibitors'
            notes.append(f"{x.table} do not belong to {x.parent.table} (a guess): '{verb}' relates them to {e.table}")
            notes[:] = [n for n in notes if not n.startswith(f"assumed {x.table} belong to {x.parent.table} ")]
            x.parent, x.parent_guessed = None, False
        if e.parent is x or x in e.refs or id(e) in _ancestors(x) or id(x) in _ancestors(e):
            continue
        e.refs.append(x)
        notes.append(f"{e.table} refer to {x.table} (from '{x.mention.phrase} {verb} {e.mention.phrase}')")


def _names_another(word: str, e: Entity, order: list[Entity]) -> bool:
    """A word before a table's noun that names another table of the draft ('call' of 'call reviews')."""
    one = singular(word)
    return word.isalpha() and any(
        x is not e and (singular(x.table) == one or (x.mention and singular(x.mention.phrase) == one)) for x in order
    )


def _with_one(order: list[Entity], req: Request, notes: list[str], cat: Catalogue) -> None:
    """'2 sessions per client with an artist', 'lessons for every pupil with one coach': an event made per a
    parent row, 'with' one row of another table named after its 'per' phrase, refers to that table too."""
    toks = req.tokens
    for e in order:
        m = e.mention
        if m is None or e.parent is None or e.klass != "event":
            continue
        j = m.last + 1
        if j + 1 < len(toks) and toks[j].text == "for" and toks[j + 1].text in ("each", "every"):
            j += 1
        if not (j + 1 < len(toks) and toks[j].text in ("per", "each", "every")):
            continue
        j += 2  # past the parent's word
        if not (j + 2 < len(toks) and toks[j].text == "with" and toks[j + 1].text in ("a", "an", "one")):
            continue
        b = _find_entity(toks[j + 2].text, [x for x in order if x is not e], cat)
        if b is None or b is e.parent or b in e.refs or not _free(b, e) or b.klass == "event":
            continue
        e.refs.append(b)
        notes.append(f"{e.table} refer to {b.table} (from '{' '.join(t.text for t in toks[j : j + 3])}')")


def _one_row_of_counted(e: Entity, m: Mention) -> bool:
    """'60,000 calls ...; each review scoring one call': 'one call' of a table counted on its own is one row
    of it, a key of the reviews (``_one_of_each``), not one call made per review."""
    return e.count is not None and m.count is None and m.per is not None and m.per_count == 1 and not m.per_range


#: what says one row of a table after a row's noun: "each move made by one crane", "lines naming a variety"
_ONE_ROW = frozenset({"one", "a", "an"})


def _entity_at(toks: list[Any], j: int, order: list[Entity], cat: Catalogue) -> tuple[Entity | None, int]:
    """The table the noun at token j names (two words first: 'one vessel call'), and the token after it."""
    for n in (2, 1):
        if j + n <= len(toks) and all(t.clause == toks[j].clause and t.text.isalpha() for t in toks[j : j + n]):
            e = _find_entity(" ".join(t.text for t in toks[j : j + n]), order, cat)
            if e is not None:
                return e, j + n
    return None, j


def _one_of_each(order: list[Entity], req: Request, notes: list[str], cat: Catalogue) -> None:
    """'each move is made by one crane during one vessel call', 'every entry being one dog at one show', 'each
    review scoring one call', '2 to 10 lines naming a variety': a row said of one row of another table that is
    counted on its own refers to that table (a key, each row picking one). Said of each row ('each X') in its
    clause, or by an -ing verb right after a plural noun. Not a table made per the row ('each donation gets
    exactly one screening': no screenings counted), nor one that would make a cycle."""
    toks = req.tokens
    for k, t in enumerate(toks):
        a, j = None, k + 1
        if t.text in ("each", "every") and k + 1 < len(toks) and toks[k + 1].clause == t.clause:
            a, j = _entity_at(toks, k + 1, order, cat)
        else:
            x = _named_at(order, k, end=True)
            ing = toks[k + 1].text if k + 1 < len(toks) else ""
            if x is not None and ing.endswith("ing") and ing not in STOPWORDS and toks[k + 1].clause == t.clause:
                a, j = x, k + 2
                if not (j < len(toks) and toks[j].text in _ONE_ROW):
                    a = None  # "lines naming a variety": the -ing verb's object right after it
        if a is None:
            continue
        while j + 1 < len(toks) and toks[j].clause == t.clause:
            if toks[j].text not in _ONE_ROW:
                j += 1
                continue
            b, after = _entity_at(toks, j + 1, order, cat)
            j = max(after, j + 1)
            if b is None or b is a or b.count is None or b.parent is a or b in a.refs or a.parent is b:
                continue
            if not _free(b, a):
                continue
            a.refs.append(b)
            said = " ".join(x.text for x in toks[k:after])
            notes.append(f"{a.table} refer to {b.table} (from '{said}')")


def _clause_names(e: Entity, order: list[Entity], req: Request) -> list[Entity]:
    """The other tables the relative clause after e's noun names ('appointments where a vet sees a pet': vets
    and pets), in the order said; [] when no such clause follows it."""
    found: list[Entity] = []
    for b in _clause_words(e, order, req):
        if b not in found:
            found.append(b)
    return found


def _clause_words(e: Entity, order: list[Entity], req: Request) -> list[Entity]:
    """The tables the relative clause after e's noun names, once per time said ('a debater faces another
    debater': the debaters twice)."""
    if e.mention is None:
        return []
    found: list[Entity] = []
    for anchor, start, end in req.relatives:
        if anchor != e.mention.last:
            continue
        last: tuple[int, Entity] | None = None
        for k in range(start, end + 1):
            word = req.tokens[k].text
            if not word.isalpha() or word in STOPWORDS and not any(word in (x.table, singular(x.table)) for x in order):
                continue  # 'a', 'on', 'with'; a table's own word is read though it is a stopword ('a sample')
            b = _find_entity(word, [x for x in order if x is not e], load_catalogue())
            if b is not None and not (last is not None and last[0] == k - 1 and last[1] is b):
                found.append(b)  # "a student pilot": one table said once, though both its words name it
            if b is not None:
                last = (k, b)
    return found


def _drop_ref(x: Entity, y: Entity) -> None:
    """``x`` no longer refers to ``y``, whether the reference was read or guessed."""
    x.refs.remove(y)
    if y in x.guessed:
        x.guessed.remove(y)


def _described_by_clause(order: list[Entity], req: Request, notes: list[str]) -> None:
    """'20,000 appointments where a vet sees a pet' (in which, at which, during which, when, that, 'rentals, a
    clerk renting a costume to a customer'): each row is one of each table the clause names, so the event refers
    to them and is never their parent; a table it was given only because it is reached through one of them (the
    owner, through the pet) is dropped."""
    for e in order:
        named = _clause_names(e, order, req)
        if not named or e.klass == "person":
            continue
        for b in named:
            if b.parent is e:
                b.parent, b.parent_guessed = None, False
                notes.append(f"{b.table} do not belong to {e.table}: the clause after '{x_name(e)}' relates them")
            if e in b.refs:
                _drop_ref(b, e)
                notes[:] = [n for n in notes if not n.startswith(f"{b.table} refer to {e.table} ")]
        reach = {i for b in named for i in _ancestors(b)}
        if e.parent is not None and e.parent not in named and id(e.parent) in reach:
            notes.append(f"{e.table} do not refer to {e.parent.table}: reached through what the clause names")
            e.parent, e.parent_guessed = None, False
            if e.count is None:
                e.parent = next((b for b in named if id(e) not in _ancestors(b)), None)
        for x in list(e.refs):
            if x not in named and id(x) in reach:
                _drop_ref(e, x)
        for b in named:
            if b is e.parent or b in e.refs or not _free(b, e):
                continue
            e.refs.append(b)
            notes.append(f"{e.table} refer to {b.table} (each {x_name(e)} is of one, from the clause after it)")
        said = _clause_words(e, order, req)
        for b in named:
            if said.count(b) > 1 and (b is e.parent or b in e.refs) and b not in e.twice:
                e.twice.append(b)
                notes.append(
                    f"{e.table} refer to {b.table} twice, two different rows (the clause after it names "
                    f"{singular(b.table).replace('_', ' ')} twice)"
                )


def _event_of_verb_and_object(order: list[Entity], req: Request, notes: list[str]) -> None:
    """'twenty handlers fly 45 birds of prey in 3,000 displays', '8 trainers walk 60 dogs in 5,000 outings': a
    counted noun, a verb, a counted noun and, after 'in'/'at'/'during', a counted table (no people) with more
    rows than the second noun: each of its rows is of one row of each (two keys); the second noun is not placed
    in it (45 birds are not each in one of 3,000 displays)."""
    toks = req.tokens
    for c in order:
        if c.mention is None or c.count is None or c.acts_as is not None or _kind_class(c) == "person":
            continue  # ('displays' are documents by WordNet's first sense: any table but people)
        j = c.mention.first - 1
        if j >= 0 and parse_number(toks[j].text) is not None:
            j -= 1
        if j < 1 or toks[j].text not in ("in", "at", "during", "on", "across"):
            continue
        b = next(
            (
                x
                for k in range(j - 1, max(j - 5, -1), -1)
                if toks[k].clause == c.mention.clause
                for x in [_named_at(order, k, end=True, but=c)]
                if x is not None
            ),
            None,
        )
        if b is None or b.mention is None or not _fewer(b, c):
            continue
        v = b.mention.first - (2 if b.mention.first >= 1 and parse_number(toks[b.mention.first - 1].text) else 1)
        if v < 1 or not toks[v].text.isalpha() or toks[v].text in STOPWORDS or _named_at(order, v, end=True):
            continue
        a = _named_at(order, v - 1, end=True, but=b)
        if a is None or a is c or a.count is None:
            continue
        if b.parent is c:
            b.parent, b.parent_guessed = None, False
            notes.append(f"{b.table} do not belong to {c.table}: each {x_name(c)} is of a {x_name(b)}")
        if c in b.refs:
            _drop_ref(b, c)
        for x in (a, b):
            if x is c.parent or x in c.refs or not _free(x, c):
                continue
            c.refs.append(x)
            notes.append(
                f"{c.table} refer to {x.table} (each {x_name(c)} is of one {x_name(a)} and one {x_name(b)}: "
                f"'{toks[v].text}' ... '{toks[j].text} {c.mention.phrase}')"
            )


def _event_named_by_relative_verb(order: list[Entity], req: Request, notes: list[str]) -> None:
    """'18,000 incidents in 2023 that engines respond to, 26,000 responses', 'claims which adjusters assess;
    9,000 assessments': a relative clause whose subject is a table and whose verb names another table of the
    request (its noun: 'respond', responses): each row of that table is one of the subject's doing it, so it
    refers to the subject's table too (the object, what the rows are of, is related as it was)."""
    toks = req.tokens
    for i, t in enumerate(toks):
        if t.text not in ("that", "which", "whom") or i + 2 >= len(toks):
            continue
        k = i + 1 + (toks[i + 1].text in ("the", "their", "its"))  # "that the engines respond to"
        subject = _named_at(order, k) or _said_again_at(order, toks[k].text)  # the engines named before
        if subject is None or subject.mention is None:
            continue
        v = subject.mention.last + 1 if subject.mention.first == k else k + 1
        if v >= len(toks):
            continue
        verb = toks[v].text
        if not verb.isalpha() or verb in STOPWORDS or _named_at(order, v) is not None or toks[v].clause != t.clause:
            continue
        event = next((x for x in order if x is not subject and _names_the_doing(verb, x)), None)
        if event is None or event.mention is None:
            continue
        if subject is not event.parent and subject not in event.refs:
            if not _free(subject, event):
                continue
            event.refs.append(subject)
            notes.append(
                f"{event.table} refer to {subject.table} (each {x_name(event)} is one of {subject.table} doing it: "
                f"'that {subject.mention.phrase} {verb}')"
            )
        _object_not_the_subjects(order, req, i, subject, event, notes)


def _object_not_the_subjects(
    order: list[Entity], req: Request, i: int, subject: Entity, event: Entity, notes: list[str]
) -> None:
    """'900 restaurants that inspectors inspect, 2,500 inspections': the noun before 'that' is the verb's
    object, acted on by the subject's rows again and again (each inspection is one inspector at one
    restaurant), so it is no row of one of them: its reference to the subject, read from the clause, is
    dropped; the verb's table refers to both. ('drivers that deliver parcels' has no subject after 'that'.)"""
    toks = req.tokens
    obj = next(
        (
            x
            for k in range(i - 1, max(-1, i - 5), -1)
            if toks[k].clause == toks[i - 1].clause  # 'that' opens a clause of its own
            for x in [_named_at(order, k, end=True, but=subject)]
            if x is not None
        ),
        None,
    )
    if obj is None or obj is event or not (obj.parent is subject or subject in obj.refs):
        return
    if obj.parent is subject:
        obj.parent, obj.parent_guessed = None, False
    else:
        _drop_ref(obj, subject)
    notes[:] = [n for n in notes if not n.startswith(f"{obj.table} refer to {subject.table} ")]
    notes.append(
        f"{obj.table} do not refer to {subject.table}: '{toks[i].text} {subject.mention.phrase if subject.mention else ''}"
        f" ...' acts on them, each {x_name(event)} is one {x_name(subject)} and one {x_name(obj)}"
    )
    if obj is not event.parent and obj not in event.refs and _free(obj, event):
        event.refs.append(obj)


def _said_again_at(order: list[Entity], word: str) -> Entity | None:
    """The table a plural word said again names: its table's name or the last word of its noun."""
    return next((x for x in order if x.mention is not None and word in (x.table, x.mention.phrase.split()[-1])), None)


def _names_the_doing(verb: str, x: Entity) -> bool:
    """The table's head noun is the verb's noun ('respond': responses, 'inspect': inspections, 'assess':
    assessments): the same first letters, all of a short verb's, all but two of a longer one's."""
    if x.mention is None or x.count is None and x.parent is None:
        return False
    stem = verb[:-1] if verb.endswith("s") and not verb.endswith("ss") else verb
    head = singular(x.mention.phrase.split()[-1])
    same = len(os.path.commonprefix([stem, head]))
    return len(stem) >= 4 and same >= (len(stem) if len(stem) <= 5 else len(stem) - 2)


#: the words before a number that bound it ("no more than 8 shows"), as the parser reads them
_CAP_SAID = (("no", "more", "than"), ("not", "more", "than"), ("at", "most"), ("up", "to"), ("a", "maximum", "of"))
_CAP_OWNER = frozenset({"a", "an", "each", "every", "no", "any", "one"})


def _cap_said_as_other_parent(order: list[Entity], req: Request, notes: list[str]) -> None:
    """'a dog is entered in no more than 8 shows', 'each student is enrolled on at most 5 courses', 'a player
    competes in up to 6 tournaments': a bound on the owner's rows of a table joining it to the other parent,
    said as a number of the other parent's rows. The joining table (one key to each) is made per the owner,
    0 to N each (its total, where asked, spread over them); the other parent stays a key of it."""
    toks = req.tokens
    for j, t in enumerate(toks):
        n = parse_number(t.text)
        if n is None or n != int(n) or not 1 <= n <= 1000 or j + 1 >= len(toks):
            continue
        words = next((w for w in _CAP_SAID if j >= len(w) and tuple(x.text for x in toks[j - len(w) : j]) == w), None)
        if words is None:
            continue
        k = j - len(words) - 1  # the preposition: "in", "on", "for", "at", "to"
        active = k >= 2 and _active_verb(toks[k].text) and toks[k - 2].text in _CAP_OWNER
        if active:  # "a dog enters at most 8 shows": the owner's verb, the other parent its object
            pass
        elif k < 3 or toks[k].text not in ("in", "on", "for", "at", "to", "into", "across"):
            continue
        else:
            k -= 1
            if not (past_participle(toks[k].text) or _active_verb(toks[k].text)):
                continue  # "entered", "enrolled", "competes": the owner's verb, one word
            k -= 1 if toks[k - 1].text in ("is", "gets", "was") else 0
        owner_at = k - 1
        if owner_at < 1 or toks[owner_at - 1].text not in _CAP_OWNER or len({x.clause for x in toks[owner_at:j]}) > 1:
            continue
        owner = _said_again_at(order, plural(toks[owner_at].text)) or _said_again_at(order, toks[owner_at].text)
        other = _said_again_at(order, toks[j + 1].text)
        if owner is None or other is None or owner is other:
            continue
        link = next(
            (
                x
                for x in order
                if x is not owner and x is not other and all(y is x.parent or y in x.refs for y in (owner, other))
            ),
            None,
        )
        if link is None or link.per_range is not None or not _free(owner, link):
            continue
        if active:  # the bound was read as the owner's rows of the other parent: it is the joining table's
            _not_the_owners(other, owner, notes)
        if link.parent is not owner:
            if link.parent is not None:
                link.refs.append(link.parent)
            _drop_ref(link, owner)
            link.parent, link.parent_guessed = owner, False
        link.per_range, link.per_count, link.exact_per = (0, int(n)), n / 2, False
        notes.append(
            f"{link.table}: 0 to {int(n)} per {x_name(owner)} ('{' '.join(x.text for x in toks[owner_at - 1 : j + 2])}'"
            f": each is one {x_name(owner)} and one {x_name(other)})"
        )


def _active_verb(word: str) -> bool:
    """'enters', 'takes', 'books', 'competes': a present verb of one word, said of one owner."""
    return word.isalpha() and word.endswith("s") and not word.endswith("ss") and word not in STOPWORDS


def _not_the_owners(other: Entity, owner: Entity, notes: list[str]) -> None:
    """'a dog enters at most 8 shows' read first as each dog's 0 to 8 shows: the shows are no dog's rows (each
    is one of the other parent's rows, entered by many dogs); the bound moves to the table joining them."""
    if other.parent is owner:
        other.parent, other.parent_guessed = None, False
    if owner in other.refs:
        _drop_ref(other, owner)
    if other.per_range is not None:
        other.per_range, other.per_count, other.exact_per = None, None, False
    notes[:] = [
        n for n in notes if not n.startswith((f"{other.table} refer to {owner.table} ", f"{other.table}: 0 to"))
    ]


def _named_before(x: Entity, e: Entity) -> bool:
    return x is not e and x.mention is not None and e.mention is not None and x.mention.first < e.mention.first


def _owns(person: Entity, e: Entity) -> bool:
    """People own unknown things asked without a count, or with at least as many rows as there are people:
    the '30 cafes' of a coffee chain with 1,000 customers are the chain's, not thirty customers'."""
    if e.count is None:
        return True
    people = person.count if person.count is not None else (person.kind.rows if person.kind else 100)
    return e.count >= people


def _may_hold(parent: Entity, child: Entity) -> bool:
    """A table asked with more rows than another is not made per it (8 faculties are not students')."""
    return parent.count is None or child.count is None or parent.count <= child.count


def _every_unit(order: list[Entity], req: Request, notes: list[str]) -> None:
    """'monthly bills for a year': each parent row gets one per month of the time span, not a guess."""
    for e in order:
        if e.mention is None or e.mention.first == 0 or e.parent is None or e.count is not None:
            continue
        unit = _period_said(e.mention, req)
        if unit is not None and (e.per_count is None or e.per_count == 1 and e.exact_per and e.per_range is None):
            # "a weekly food parcel for each household", "each member pays a fee every month of 2025": one per
            # parent row and period of the time span
            own = req.period_spans.get(unit[2]) if unit[2] is not None else None
            e.per_count, e.exact_per = float(_calendar_periods(unit[0], own or req.span)), True
            e.why, e.period = f"'{unit[1]}' over the time span", (1, unit[0])
            if own is not None:  # "a germination test every year from 2021 to 2024": the clause's own span
                e.why, e.period_span = f"'{unit[1]}' from {own[0]} to {own[1]}", own
            elif unit[0] in _STEP_ADJECTIVES:  # "hourly vital signs": on the hour's grid, as "every 1 hour" (draft65)
                e.step_s, e.period = STEP_SECONDS[unit[0]], None
                e.per_count = float(grid_steps(req.span, e.step_s))
            continue
        if e.per_count is not None:
            continue
        if e.often is not None:
            times, often_unit = e.often
            e.per_count, e.exact_per = float(times * _periods(often_unit, req.span)), True
            e.why, e.period = f"{times} a {often_unit} over the time span", (times, often_unit)
            continue
        toks, j = req.tokens, e.mention.last + 1
        if (  # "readings every 15 minutes": one per parent row each 15 minutes of the time span
            j + 2 < len(toks) and toks[j].text == "every" and _interval(toks[j + 1].text, toks[j + 2].text) is not None
        ):
            days = _interval(toks[j + 1].text, toks[j + 2].text) or 1.0
            span_days = (req.span[1] - req.span[0]).days + 1
            e.per_count, e.exact_per = float(max(1, round(span_days / days))), True
            size = STEP_SECONDS.get(singular(toks[j + 2].text))
            if size is not None:  # a step of a fixed length: every instant of its grid in the span (draft63)
                e.step_s = size * int(toks[j + 1].text)
                e.per_count = float(grid_steps(req.span, e.step_s))
            e.why = f"'every {toks[j + 1].text} {toks[j + 2].text}' over the time span"
            continue
        word = PERIOD_WORDS.get(toks[e.mention.first - 1].text)
        if word is None:
            continue
        e.per_count, e.exact_per = float(_periods(word, req.span)), True
        e.why, e.period = f"'{toks[e.mention.first - 1].text}' over the time span", (1, word)


def _calendar_periods(unit: str, span: tuple[dt.date, dt.date]) -> int:
    """Rows per parent of a calendar step: the unit's boundaries in the span ("monthly": the 1st of each month,
    "weekly": each Monday; draft69), else the whole units it holds."""
    return (len(calendar_points(unit, span)) if unit in CALENDAR_STEPS else 0) or _periods(unit, span)


#: the units an adjective before the rows' noun makes a step of ("hourly vital signs": one per hour, on the hour);
#: a "daily report" or a "weekly food parcel" stays one per day or week, dated within it (draft65)
_STEP_ADJECTIVES = frozenset({"hour", "half-hour", "quarter-hour"})

#: the calendar units "every <unit>" makes one row of ("every month of 2024")
_EVERY_UNITS = frozenset({"day", "week", "month", "quarter", "year"})


#: the calendar units a row per period is dated within: months in each unit, or days; the fewest days one
#: of them has (a date's offset into its period stays below it: February, a first quarter of 90 days)
_PERIOD_MONTHS = {"month": 1, "quarter": 3, "year": 12}
_PERIOD_DAYS = {"day": 1, "week": 7}
_PERIOD_FEWEST_DAYS = {"day": 1, "week": 7, "month": 28, "quarter": 90, "year": 365}


def _dates_in_their_period(cols: dict[str, Any], e: Entity, span: tuple[dt.date, dt.date], notes: list[str]) -> None:
    """Rows made n per parent and calendar unit ("a membership fee every month of 2025"): the k-th row of a
    parent falls in the k-th unit of the span, not anywhere in it. A parent's rows are made together, in order,
    the same number for each, so a row's place within its parent is its sequence number modulo that number:
    columns ``<unit>_no`` (from the table's sequence key, or a ``row_no`` added where its key is no sequence)
    and ``<unit>_start`` (the unit's first day) are added, and the table's first date (one not after another
    column of its row) comes a uniform number of days after that start, within the unit's fewest days."""
    if e.period is None or e.parent is None or e.period[1] not in _PERIOD_FEWEST_DAYS or e.per_count is None:
        return
    times, unit = e.period
    each = int(e.per_count)
    date_col = first_own_date(cols)
    no, start = f"{unit}_no", f"{unit}_start"
    if date_col is None or no in cols or start in cols or each < 1:
        return
    added: dict[str, Any] = {}
    key = cols.get(e.key, {})
    if isinstance(key, dict) and key.get("generator") == "sequence" and key.get("step", 1) == 1:
        seq, first_no = e.key, int(key.get("start", 1))
    elif "row_no" not in cols:
        seq, first_no = "row_no", 1
        added["row_no"] = {"generator": "sequence"}
    else:
        return
    added[no] = {
        "generator": "expression",
        "expr": f"CAST(floor((({seq} - {first_no}) % {each}) / {times}) AS INT) + 1",
        "dtype": "int",
    }
    first = span[0]
    if unit in _PERIOD_MONTHS:
        months = f"({first.month - 1} + ({no} - 1) * {_PERIOD_MONTHS[unit]})"
        year = f"CAST({first.year} + CAST(floor({months} / 12) AS INT) AS VARCHAR)"
        month = f"LPAD(CAST({months} % 12 + 1 AS VARCHAR), 2, '0')"
        expr = f"CAST(CONCAT({year}, '-', {month}, '-01') AS DATE)"
    else:
        expr = f"DATE '{first.isoformat()}' + ({no} - 1) * {_PERIOD_DAYS[unit]}"
    added[start] = {"generator": "expression", "expr": expr, "dtype": "date"}
    col = cols[date_col]
    for k in ("start", "end"):
        col.pop(k, None)
    col["after"] = start
    col["offset"] = (  # a day's row: an hour of that day
        {"distribution": "uniform", "low": 0, "high": 23, "unit": "hours"}
        if unit == "day"
        else {"distribution": "uniform", "low": 0, "high": _PERIOD_FEWEST_DAYS[unit] - 1, "unit": "days"}
    )
    items = list(cols.items())
    at = next(i for i, (name, _) in enumerate(items) if name == date_col)
    cols.clear()
    cols.update(dict(items[:at] + list(added.items()) + items[at:]))
    notes.append(
        f"{e.table}: the k-th {singular(e.table).replace('_', ' ')} of each {singular(e.parent.table)} falls in the "
        f"k-th {unit} of the span ({no}, {start}; {date_col} within it)"
    )


def _period_said(m: Mention, req: Request) -> tuple[str, str, int | None] | None:
    """The calendar unit a noun is made once per, and the words that say it: a period adverb before it, over
    one modifier ('a weekly food parcel'), or 'every <unit>' / 'each <unit>' after it in its clause ('fees are
    charged for each contract every month of 2024', 'pays a membership fee every month'). Not 'every 15
    minutes' (an interval, read by the caller), nor 'every month' of another clause. The third item is the
    unit's token after 'every' (where the clause may give the units' own span), else None."""
    toks = req.tokens
    for k in (m.first - 1, m.first - 2):
        if k >= 0 and toks[k].text in PERIOD_WORDS and (k == m.first - 1 or toks[k + 1].text not in STOPWORDS):
            return PERIOD_WORDS[toks[k].text], toks[k].text, None
    j = m.last + 1
    while j + 1 < len(toks) and toks[j].clause == m.clause:
        if toks[j].text in ("every", "each") and toks[j + 1].text in _EVERY_UNITS and toks[j + 1].clause == m.clause:
            return toks[j + 1].text, f"{toks[j].text} {toks[j + 1].text}", j + 1
        j += 1
    return None


_INTERVAL_DAYS = {"second": 1 / 86400, "minute": 1 / 1440, **_UNIT_DAYS}


def _interval(number: str, unit: str) -> float | None:
    """'15 minutes' in days, or None when the words are not a whole number of a unit of time."""
    days = _INTERVAL_DAYS.get(singular(unit))
    return days * int(number) if days is not None and number.isdigit() and int(number) > 0 else None


def _distribution_words(d: dict[str, Any]) -> str:
    kind = d.get("distribution")
    if kind == "fixed":
        return f"exactly {d['value']:g}"
    if kind == "categorical":
        return (
            " or ".join(f"{v:g}" for v in d["values"]) + " (weights " + ", ".join(f"{w:g}" for w in d["weights"]) + ")"
        )
    mean = d.get("mean", d.get("lam"))
    extra = [f"at least {d['min']:g}"] if "min" in d else []
    if "max" in d:
        extra.append(f"at most {d['max']:g}")
    return f"{mean:g} on average ({kind}{', ' + ', '.join(extra) if extra else ''})"


def _tables(order: list[Entity], req: Request, notes: list[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    # the request's populations against the catalogue's: a kind named without a count follows them (draft53)
    factor = population_factor((e.count, e.kind.rows) for e in order if e.count is not None and e.kind is not None)
    for e in order:
        cols = e.kind.fresh_columns() if e.kind else _unknown_columns(e.table, e.role, e.klass)
        record = _record(e, req)
        if record is not None and "value" in cols and (e.kind is not None or e.klass == "measure"):
            cols = _quantity_columns(cols, record, e, notes)
        if e.kind is None and e.klass == "event" and (e.lent or _head(e.table.replace("_", " ")) in _RENTAL_ACTS):
            cols = _rental_columns(cols, req.span)
        if e.kind is not None:
            _setting_columns(cols, e, req, notes)
        if e.kind is None and e.role is None:
            what = f"read as {_ARTICLE.get(e.klass or '', 'a')} {e.klass}" if e.klass else "a word WordNet lacks"
            phrase = e.mention.phrase if e.mention is not None else e.table
            notes.append(
                f"'{phrase}' is not in the catalogue: {what} (WordNet's first sense, or when it happens): a table "
                f"'{e.table}' ({', '.join(cols)}); edit its columns"
            )
        listed = req.subtypes_of(e.mention) if e.mention is not None else []
        if listed:
            kinds = [singular(x.replace(" ", "_")) for x in listed]
            name = f"{singular(e.table)}_type"
            cols[name] = {"generator": "categorical", "values": {k: round(1 / len(kinds), 6) for k in kinds}}
            notes.append(
                f"{e.table}: {', '.join(listed)} read as kinds of {singular(e.table).replace('_', ' ')} "
                f"(a column {name}, equal shares), not as tables of their own"
            )
        key_col = next(iter(cols))
        if e.kind is not None and key_col != e.key:  # a kind named by the request's own noun: its key too
            cols = _renamed_column(cols, key_col, e.key)
            key_col = e.key
        fks: dict[str, Any] = {}
        for p in ([e.parent] if e.parent else []) + e.refs:
            name = p.key if p.key not in cols and p.key not in fks else f"{singular(p.table)}_{p.key}"
            if name in cols or name in fks:
                name = f"{p.table}_ref"
            fks[name] = {"generator": "foreign_key", "references": f"{p.table}.{p.key}"}
            if any(p is d for d in e.distinct):
                fks[name]["distinct"] = True
        for p in e.twice:  # the second row of the same table: a key of its own, never the first's row
            name = f"other_{p.key}" if f"other_{p.key}" not in cols else f"second_{p.key}"
            fks[name] = {"generator": "foreign_key", "references": f"{p.table}.{p.key}"}
        columns = {key_col: cols.pop(key_col), **fks, **cols}
        table: dict[str, Any] = {"primary_key": e.key}
        asked = e.count is not None
        total = _total_per(e)
        if asked and total is not None and e.exact_per and e.count != total and e.parent is not None:
            notes.append(
                f"{e.table}: {e.count:,} rows as asked, though {e.per_count:g} per {singular(e.parent.table)} would "
                f"make {total:,}: the count asked is kept; change one of them"
            )
        if asked and total is not None and e.exact_per and e.count == total:
            asked = False  # "1,000 orders with 3 items each, 3,000 items": both ways say the same; made per order
        bound = _bounded_total(e, out) if asked else None
        if bound is not None:  # "2,400 owners with 3,100 pets, each owner has at most three pets"
            table["rows"] = bound
            lo, hi = e.per_range or (0, 0)
            assert e.parent is not None
            parent = singular(e.parent.table)
            notes.append(
                f"{e.table}: {_rows(e.count)} as asked, made per {parent}: each has "
                f"{(e.count or 0) / (e.parent.count or 1):.2f} on average, {lo} to {hi} as asked (`rows.total`: "
                f"the generator spreads the total over the {e.parent.table}, each within the bound, a different "
                "spread for each seed), so the total holds exactly (times --scale)"
            )
        elif asked:
            table["rows"] = int(e.count or 0)
            if e.per_range is not None and e.parent is not None:
                notes.append(
                    f"{e.table}: {e.per_range[0]} to {e.per_range[1]} per {singular(e.parent.table)} asked with "
                    f"{_rows(e.count)} in all, which cannot hold both: the count asked is kept, the bound is not"
                )
            if e.parent is not None:
                notes.append(
                    f"{e.table}: {_rows(e.count)} as asked, each with a parent row of {e.parent.table} drawn uniformly"
                )
            else:
                notes.append(f"{e.table}: {_rows(e.count)} as asked")
        elif e.parent is not None:
            dist: dict[str, Any]
            ratio_why: str | None = None
            if e.per_range is not None:
                lo, hi = e.per_range
                n = hi - lo + 1
                dist = {"distribution": "categorical", "values": list(range(lo, hi + 1)), "weights": [1.0] * n}
                zero = 0.0
            elif e.per_count is not None:
                dist = (
                    {"distribution": "fixed", "value": float(e.per_count)}
                    if e.exact_per
                    else {"distribution": "poisson", "lam": float(e.per_count)}
                )
                zero = e.zero_share
            elif e.kind is not None and e.kind.per:  # the catalogue's count per a parent of its kind (draft68)
                dist, zero, ratio_why = catalogue_per(e.kind, e.parent.kind, e.parent.acts_as)
            else:
                dist, zero = {"distribution": "poisson", "lam": 2.0}, 0.0
            rows: dict[str, Any] = {"per": e.parent.table, "count": dist}
            if e.parent in e.twice:  # "users follow other users": made per the first key of the two
                rows["via"] = next(iter(fks))
            if zero:
                rows["zero_rate"] = zero
            table["rows"] = rows
            child = singular(e.table).replace("_", " ")
            parent = singular(e.parent.table).replace("_", " ")
            if dist.get("distribution") == "fixed" and dist.get("value") == 1 and not zero:
                notes.append(f"assumed each {parent} has one {child}")
            elif dist.get("distribution") == "fixed" and dist.get("value") == 1:
                notes.append(f"assumed {1 - zero:.0%} of {e.parent.table} have one {child} (the others none)")
            else:
                total = _total_per(e)
                notes.append(
                    f"{e.table}: made per {parent}, {_distribution_words(dist)} each"
                    + (f"; {zero:.0%} of {e.parent.table} have none" if zero else "")
                    + (f" (from {e.why or ratio_why})" if e.why or ratio_why else "")
                    + (
                        ""
                        if total is None or e.per_range is not None
                        else f": {total:,} rows in all"
                        if e.exact_per
                        else f": about {total:,} rows in all"
                    )
                )
        else:
            sized = thing_rows(e, order, req) if e.kind is None and thing_acted_on(e, req) is not None else None
            default = e.kind.rows if e.kind else sized[0] if sized else 100
            table["rows"] = following(default, factor) if e.kind else default
            if e.kind and table["rows"] != default:
                assert factor is not None
                notes.append(
                    f"no count asked for {e.table}: {_rows(table['rows'])}, the catalogue's {default:,} times "
                    f"{factor:.3g} (the counts asked are {factor:.3g} times the catalogue's, by their geometric mean)"
                )
            else:
                notes.append(sized[1] if sized else f"no count asked for {e.table}: {_rows(default)}")
        for r in e.refs:
            notes.append(f"{e.table} refer to {r.table} (each row picks one uniformly)")
        table["columns"] = columns
        if e.kind is not None:
            table["description"] = f"{e.kind.name.replace('_', ' ')} ({e.kind.domain}), from the draft catalogue"
            notes.append(
                f"{e.table}: the columns of the catalogue's {e.kind.domain} kind '{e.kind.name}': " + ", ".join(columns)
            )
        out[e.table] = table
    return out


def _bounded_total(e: Entity, built: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    """Rows made per parent whose count the request also states in all ("12,000 readers make 40,000 loans, no
    reader has more than 10 loans"): ``rows.total`` the count asked, spread by the generator over the parents
    with the bound as the count (each lo..hi equally likely: the total is exact at any scale, every parent within
    the bound, the counts over the bound as far as the total allows). None where the parent's rows are not known
    before it is made (not a number or a total of its own) or the total does not fit in the bound."""
    p = e.parent
    if e.per_range is None or p is None or e.count is None or p.table not in built:
        return None
    prows = built[p.table].get("rows")
    parents = prows if isinstance(prows, int) else prows.get("total") if isinstance(prows, dict) else None
    lo, hi = e.per_range
    if not parents or not parents * lo <= e.count <= parents * hi:
        return None
    n = hi - lo + 1
    return {
        "per": p.table,
        "count": {"distribution": "categorical", "values": list(range(lo, hi + 1)), "weights": [1.0] * n},
        "total": int(e.count),
    }


def _setting_columns(cols: dict[str, Any], e: Entity, req: Request, notes: list[str]) -> None:
    """A kind's columns as its variant for the request's setting says (a dental clinic's claims are for
    prosthetics and orthodontics, a vet's for surgery and vaccinations): the first variant whose word the
    request has."""
    assert e.kind is not None
    low = req.text.lower()
    for words, columns in e.kind.settings:
        said = next((w for w in words if re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", low)), None)
        if said is None:
            continue
        for name, col in columns.items():
            if name in cols:
                cols[name] = {"generator": col} if isinstance(col, str) else copy.deepcopy(col)
        notes.append(f"{e.table}: {', '.join(c for c in columns if c in cols)} as in a setting of '{said}'")
        return


def _parts_of_parents(order: list[Entity], tables: dict[str, dict[str, Any]], notes: list[str]) -> None:
    """An amount that is part of its parent's (a claim of its invoice, a refund of its payment): a share of the
    parent row's amount, the share drawn per row, where the table is made per a parent with that amount; else
    an amount of its own."""
    for e in order:
        cols = tables[e.table]["columns"]
        for name in list(cols):
            col = cols[name]
            if not isinstance(col, dict) or "part_of" not in col:
                continue
            part = col.pop("part_of")
            parent = tables[e.parent.table]["columns"] if e.parent is not None else {}
            whole = parent.get(part["column"])
            if e.parent is None or not isinstance(whole, dict) or whole.get("generator") != "money":
                continue
            share = part["share"]
            shares = {float(k): float(v) for k, v in part["shares"].items()}
            at = list(cols).index(name)
            items = list(cols.items())
            items[at : at + 1] = [
                (share, {"generator": "categorical", "values": shares}),
                (name, {"generator": "expression", "expr": f"ROUND({e.parent.table}.{part['column']} * {share}, 2)"}),
            ]
            cols.clear()
            cols.update(items)
            notes.append(
                f"{e.table}: {name} is {share} x its {singular(e.parent.table)}'s {part['column']} (shares "
                + ", ".join(f"{k:g}" for k in shares)
                + ")"
            )


def _total_per(e: Entity) -> int | None:
    """'40 schools with 25 teachers each': the rows N per parent makes, N x the parent's count (None unless both
    are known)."""
    if e.parent is None or e.per_count is None or e.parent.count is None:
        return None
    return int(round(e.per_count * e.parent.count))


def _renamed_column(cols: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    """The columns with ``old`` renamed ``new``, in place in the order and in the expressions that read it."""
    word = re.compile(rf"\b{re.escape(old)}\b")
    out: dict[str, Any] = {}
    for name, col in cols.items():
        if isinstance(col, dict):
            col = {
                k: (word.sub(new, v) if k == "expr" else new if v == old else v) if isinstance(v, str) else v
                for k, v in col.items()
            }
        out[new if name == old else name] = col
    return out


def _rows(n: int | None) -> str:
    return "1 row" if n == 1 else f"{n or 0:,} rows"


def _fk_order(order: list[Entity]) -> list[Entity]:
    done: list[Entity] = []
    seen: set[int] = set()

    def visit(e: Entity) -> None:
        if id(e) in seen:
            return
        seen.add(id(e))
        for p in ([e.parent] if e.parent else []) + e.refs:
            visit(p)
        done.append(e)

    for e in order:
        visit(e)
    return done


def _rate_for(req: Request, tok: int, clause: int, taken: set[int]) -> Rate | None:
    near = [r for r in req.rates if id(r) not in taken and r.clause == clause]
    if not near:
        return None
    return min(near, key=lambda r: abs(r.first - tok))


def _scenarios(
    order: list[Entity],
    req: Request,
    hits: list[tuple[Entity, ScenarioTemplate, int, int]],
    cat: Catalogue,
    notes: list[str],
    tables: dict[str, dict[str, Any]],
    said: dict[str, str],
) -> list[dict[str, Any]]:
    """The scenarios of the request; ``said`` gets the path of each rate the request said."""
    out: list[dict[str, Any]] = []
    taken: set[int] = set()
    names: set[str] = set()

    def add(
        e: Entity, name: str, rate: float, description: str, labels: dict[str, Any], columns: dict[str, Any]
    ) -> None:
        cols = tables[e.table]["columns"]
        fixed = {}
        for label, value in labels.items():
            lab = label if label not in cols else f"is_{label}"
            while lab in cols or any(lab in s["labels"] for s in out if s["table"] == e.table):
                lab = f"{lab}_flag"
            fixed[lab] = value
        sname = name if name not in names else f"{e.table}_{name}"
        names.add(sname)
        sc: dict[str, Any] = {
            "name": sname,
            "table": e.table,
            "rate": round(rate, 12),  # "one in twelve" is 1/12 as asked, not 0.083333
            "description": description,
            "labels": fixed,
        }
        if columns:
            sc["columns"] = {k: v for k, v in columns.items() if k in cols}
            for k, v in sc["columns"].items():
                if _owned_value(cols[k], v):
                    notes.append(
                        f"{e.table}: {k} '{v['value']}' only on the rows of scenario '{sname}' (its rate is that "
                        f"value's share; the other {k} values keep their proportions)"
                    )
        out.append(sc)

    for e, tpl, tok, clause in hits:
        r = _rate_for(req, tok, clause, taken)
        if r is not None:
            taken.add(id(r))
            rate, how = r.value, f"{r.value:.4g} as asked ('{r.text}')"
        else:
            rate, how = tpl.rate, f"{tpl.rate:.4g} (no rate asked: the catalogue's typical rate)"
        add(
            e,
            tpl.name,
            rate,
            tpl.description,
            dict(tpl.labels),
            {k: ({"generator": v} if isinstance(v, str) else copy.deepcopy(v)) for k, v in tpl.columns.items()},
        )
        if r is not None:
            said[f"scenarios.{out[-1]['name']}.rate"] = _rate_words(r)
        label = ", ".join(f"{k} = {v}" for k, v in out[-1]["labels"].items())
        notes.append(
            f"scenario '{out[-1]['name']}' on {e.table} at rate {how}: {tpl.description}; its rows are labelled {label}"
        )
    for r in req.rates:
        if id(r) in taken:
            continue
        child = next(
            (
                e
                for e in order
                if e.parent is not None
                and r.words
                and singular(r.words[0]) in (singular(e.table), *(e.kind.words if e.kind else ()))
            ),
            None,
        )
        rows = tables[child.table]["rows"] if child is not None else None
        if child is not None and isinstance(rows, dict) and rows["count"] == {"distribution": "fixed", "value": 1}:
            assert child.parent is not None
            rows["zero_rate"] = round(1 - r.value, 6)
            said[f"tables.{child.table}.rows.zero_rate"] = _rate_words(r)
            notes[:] = [
                n for n in notes if not (n.startswith("assumed ") and f" of {child.parent.table} have one " in n)
            ]
            notes.append(
                f"'{r.text} {' '.join(r.words)}' read as the share of {child.parent.table} that have one of "
                f"{child.table}: {r.value:.4g} (zero_rate {1 - r.value:.4g})"
            )
            taken.add(id(r))
            continue
        held = _held_by_share(order, req, r, cat)
        if held is not None:  # "loyalty cards for 60% of customers": 60% of customers have one
            assert held.parent is not None
            tables[held.table]["rows"] = {
                "per": held.parent.table,
                "count": {"distribution": "fixed", "value": 1},
                "zero_rate": round(1 - r.value, 6),
            }
            said[f"tables.{held.table}.rows.zero_rate"] = _rate_words(r)
            notes[:] = [n for n in notes if not n.startswith(f"{held.table}: made per ")]
            notes.append(
                f"'{held.mention.phrase if held.mention else held.table} for {r.text} of {' '.join(r.words)}' read as "
                f"the share of {held.parent.table} that have one of {held.table}: {r.value:.4g} "
                f"(zero_rate {1 - r.value:.4g})"
            )
            taken.add(id(r))
            continue
        target = _rate_target(order, req, r, cat)
        words = [w for w in r.words if not _names_table(w, target)] or ["flagged"]
        name = slug("_".join(words))
        add(target, name, r.value, f"rows flagged '{' '.join(words)}' ({r.text} asked)", {f"is_{name}": 1}, {})
        said[f"scenarios.{out[-1]['name']}.rate"] = _rate_words(r)
        notes.append(
            f"'{r.text}' names no scenario of the catalogue: scenario '{out[-1]['name']}' on {target.table} at "
            f"rate {r.value:.4g} only labels its rows ({next(iter(out[-1]['labels']))} = 1) and changes no "
            "column; add the columns that differ"
        )
    return out


def _rate_words(r: Rate) -> str:
    """A rate as the request said it: "'5% no show'"."""
    return "'" + " ".join([r.text, *r.words]) + "'"


def _owned_value(column: dict[str, Any], value: Any) -> bool:
    """A scenario that sets ``column`` to one value owns that value: the value is taken out of the column's own
    categorical draw (in place, the other weights kept in proportion). Else a "3% cancellation rate" drafted over
    an appointment's status that already draws 'cancelled' 7% of the time gave 0.07 x 0.97 + 0.03 ~ 10% cancelled
    rows, not the 3% asked. True when it was taken out; a draw of that value alone is left as it is."""
    if not isinstance(value, dict) or value.get("generator") != "constant" or column.get("generator") != "categorical":
        return False
    own, values = value.get("value"), column.get("values")
    if isinstance(values, dict):
        if own not in values or len(values) < 2:
            return False
        rest = {k: w for k, w in values.items() if k != own}
        total = sum(float(w) for w in rest.values())
        column["values"] = {k: round(float(w) / total, 6) for k, w in rest.items()} if total > 0 else rest
        return True
    if isinstance(values, list) and own in values and len(values) >= 2:
        weights = column.get("weights")
        keep = [i for i, x in enumerate(values) if x != own]
        column["values"] = [values[i] for i in keep]
        if isinstance(weights, list) and len(weights) == len(values):
            column["weights"] = [weights[i] for i in keep]
        return True
    return False


def _held_by_share(order: list[Entity], req: Request, r: Rate, cat: Catalogue) -> Entity | None:
    """The table of '<x> for N% of <parents>' when x is made per those parents and asked with no count."""
    j = r.first - 1
    if j < 1 or req.tokens[j].text != "for" or not r.words:
        return None
    x = next((e for e in order if e.mention is not None and e.mention.last == j - 1), None)
    parent = _find_entity(r.words[0], order, cat)
    if x is None or parent is None or x.parent is not parent or x.count is not None:
        return None
    return x


def _rate_target(order: list[Entity], req: Request, r: Rate, cat: Catalogue) -> Entity:
    named = _named_by_rate(req, r.clause, order, cat)
    if named is not None:  # "20% of enrollments never completed"
        return named
    for w in r.words:  # "2% readmissions": a word made on a table's noun
        for e in order:
            noun = singular(e.table)
            if len(noun) >= 5 and singular(w) != noun and singular(w).endswith(noun):
                return e
    same = [e for e in order if e.mention is not None and e.mention.clause == r.clause]
    if same:
        return min(same, key=lambda e: abs((e.mention.first if e.mention else 0) - r.first))
    before = [e for e in order if e.mention is not None and e.mention.first < r.first]
    if before:
        return max(before, key=lambda e: e.mention.first if e.mention else 0)
    events = [e for e in order if e.parent is not None]
    return events[0] if events else order[0]
