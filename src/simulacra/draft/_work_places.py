"""A place where a table's rows work: "clinics where doctors work" keys the doctors to the clinics (issue 20, draft50).

A relative clause after a plural noun was read as what one of its rows is ("appointments where a vet sees a pet":
each appointment is of a vet and a pet), so "30 clinics where doctors work" drafted a key from each clinic to a
doctor — the wrong way round — and a later record of a doctor at a clinic could not agree with it (draft48's
held-out set). A clause whose subject is a bare plural naming another table (no article, no count: all of them,
not one row's) followed by a verb of working or belonging says where those rows are: the named table refers to
the place, and the place does not refer to it. The clause is then no description of the place's rows and is taken
out of ``req.relatives``. A subject said with an article ("where a vet sees a pet"), a verb of another act
("stations where trains stop": a train stops at many), or a key that would go round in a circle is left as read.
The same verb said after the table's own noun and before the place's ("500 translators work for 20 agencies",
"nurses who work at hospitals") keys it the same way, where nothing relates the two yet.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from simulacra.draft._nouns import singular

if TYPE_CHECKING:
    from simulacra.draft._compose import Entity
    from simulacra.draft._parse import Request

#: the words opening a clause that may say who is at the place: "clinics where doctors work"
_OPENERS = frozenset({"where"})

#: verbs saying the subject's rows are at the place, each at one ("chefs cook" at one restaurant, "players play"
#: for one team): a verb of another act ("trains stop", "artists exhibit") names no place of theirs
_WORK_VERBS = frozenset({"work", "serve", "teach", "cook", "practise", "practice", "play", "live", "study", "train"})


def places_of_work(
    order: list[Entity],
    req: Request,
    notes: list[str],
    *,
    free: Callable[[Entity, Entity], bool],
    find: Callable[[str, list[Entity]], Entity | None],
) -> None:
    """Key each table a "<place> where <plural> <verb of working>" clause names to the place (``free``: whether
    the first may be referred to by the second without a cycle; ``find``: the table a word names among those
    given)."""
    toks = req.tokens
    kept: list[tuple[int, int, int]] = []
    for anchor, start, end in req.relatives:
        place = next((x for x in order if x.mention is not None and x.mention.last == anchor), None)
        word = toks[start + 1].text if start + 2 <= end else ""
        verb = toks[start + 2].text if start + 2 <= end else ""
        who = find(word, [x for x in order if x is not place]) if place is not None and word.isalpha() else None
        if (
            place is None
            or who is None
            or toks[start].text not in _OPENERS
            or singular(word) == word  # "where a vet sees a pet": one row's subject, said with an article
            or verb not in _WORK_VERBS
        ):
            kept.append((anchor, start, end))
            continue
        said = f"from '{place.table} where {word} {verb}'"
        if who.parent is place or place in who.refs:  # keyed so already, perhaps by a guess the clause now says
            who.parent_guessed = who.parent_guessed and who.parent is not place
            if place in who.guessed:
                who.guessed.remove(place)
            notes.append(f"{who.table} belong to {place.table} ({said})")
            continue
        if place.parent is who:
            place.parent, place.parent_guessed = None, False
        if who in place.refs:
            place.refs.remove(who)
            if who in place.guessed:
                place.guessed.remove(who)
        if not free(place, who):
            kept.append((anchor, start, end))  # keyed the other way round through a third table: left as read
            continue
        who.refs.append(place)
        notes.append(f"{who.table} refer to {place.table} ({said})")
    req.relatives[:] = kept
    _work_at(order, req, notes, free=free, find=find)


#: the words between a verb of working and the place: "work at", "work in", "work for"
_AT = frozenset({"at", "in", "for"})


def _work_at(
    order: list[Entity],
    req: Request,
    notes: list[str],
    *,
    free: Callable[[Entity, Entity], bool],
    find: Callable[[str, list[Entity]], Entity | None],
) -> None:
    """'500 translators work for 20 agencies', 'nurses who work at hospitals': the table said before the verb
    refers to the place said after it, where neither refers to the other yet."""
    toks = req.tokens
    for who in order:
        if who.mention is None or singular(who.mention.phrase) == who.mention.phrase:
            continue
        j = who.mention.last + 1
        if j < len(toks) and toks[j].text in ("who", "that"):
            j += 1
        if not (j + 2 < len(toks) and toks[j].text in _WORK_VERBS and toks[j + 1].text in _AT):
            continue
        k = j + 2
        if toks[k].text.replace(",", "").isdigit() and k + 1 < len(toks):
            k += 1  # "work for 20 agencies": the count of the place
        if any(toks[i].clause != toks[j].clause for i in range(j, k + 1)):
            continue
        place = find(toks[k].text, [x for x in order if x is not who]) if toks[k].text.isalpha() else None
        if (
            place is None
            or who.parent is place
            or place in who.refs
            or place.parent is who
            or who in place.refs
            or not free(place, who)
        ):
            continue
        who.refs.append(place)
        said = " ".join(t.text for t in toks[who.mention.first : k + 1])
        notes.append(f"{who.table} refer to {place.table} (from '{said}')")
