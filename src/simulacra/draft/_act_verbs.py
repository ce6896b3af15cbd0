"""A verb the draft does not list is a record verb by its class (issue 20, draft51).

``_verb_records.RECORD_OF_VERB`` lists verbs whose act leaves a record ("rate", "book", "deliver"); a verb outside
it was read as no act at all, so "doctors treated patients", "vets examine pets", "teachers graded essays" drafted
no treatments, examinations or gradings, and "depots dispatched 50,000 parcels to customers" left the parcels
unkeyed to the depots. Two classes decide such a verb, each from what the request says around it, not from a list:

- the acts counted with the verb: "SUBJECT VERB N OBJECT to/at/from/with/for SECOND", N more than the subjects
  (the parse's rule for the listed verbs): each object row is one act, made or happening by a subject for a
  second ("depots dispatched 50,000 parcels to customers", "clubs staged 700 tournaments at venues") whatever
  the verb;
- a verb whose noun of its act is an act (WordNet's first sense of the derived noun: treat -> treatment,
  examine -> examination, assess -> assessment) done to a table of people, animals or documents the request
  counts ("80 doctors and 6,000 patients; doctors treat patients"): a record of those acts, keyed to both. The
  gerund is no such noun: every verb has one and WordNet gives many an act sense ("owners walk dogs", "keepers
  feed animals" make no table, draft43); an object the request does not count is no table of its own to act on
  ("each customer places orders": the orders are the acts). Places and events are left as before ("customers
  visit stores", "students attend courses": where one goes is no act done to it).

:func:`act_verb` answers for a token; ``find_verb_records`` reads its answer as it reads a listed verb's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from simulacra.draft._nouns import noun_class, plural, senses_of

if TYPE_CHECKING:
    from simulacra.draft._parse import Mention, Request

#: words between two mentions that join or relate them, no verb ("40 drivers and 3,000 parcels to customers")
_NO_VERB = frozenset({"and", "or", "nor", "but", "plus", "with", "without", "of", "per", "by", "than", "each"})
#: the objects an act is done to, by their noun's class: a record of each act where the object is one
_DONE_TO = frozenset({"person", "animal", "document"})


def _stems(word: str) -> list[str]:
    """The bare forms a verb token may have ('treated' -> treat, 'graded' -> grade, 'shipped' -> ship,
    'examines' -> examine); the word itself first."""
    out = [word]
    if word.endswith("ed") and len(word) > 4:
        out += [word[:-2], word[:-1]]
        if word[-3] == word[-4]:
            out.append(word[:-3])  # shipped: ship
    elif word.endswith("es") and len(word) > 4:
        out += [word[:-1], word[:-2]]
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        out.append(word[:-1])
    return out


def act_noun(stem: str) -> str | None:
    """The noun of the act a verb names where WordNet's first sense of it is an act ('treat': treatment,
    'examine': examination, 'vaccinate': vaccination), plural; None where no such noun is an act."""
    base = stem[:-1] if stem.endswith("e") else stem
    for noun in (stem + "ment", base + "ation", stem + "ation", base + "ion"):
        if senses_of(noun)[:1] == "E":
            return plural(noun)
    return None


def _counted(req: Request, phrase: str) -> bool:
    """The request counts the table a phrase names ("6,000 patients"), in this clause or another."""
    return any(m.phrase == phrase and m.count is not None for m in req.mentions)


def act_verb(
    req: Request, i: int, skip: frozenset[str], second: frozenset[str], mention: Callable[..., Mention | None]
) -> tuple[str, str] | None:
    """(the verb as said or its bare form, its record's noun) where token i is a verb of one of the two classes: a
    word no mention holds, right after the mention that does it, before its object (past ``skip`` words and a count);
    ``second``: the words that say a second object after the object; ``mention``: the parse's mention ending
    (``end``) or starting at a token, or the one named before that the token says again."""
    toks = req.tokens
    word = toks[i].text
    if (
        i == 0
        or not word.isalpha()
        or word in _NO_VERB | skip | second
        or any(m.first <= i <= m.last for m in req.mentions)
    ):
        return None
    subject = mention(req, i - 1, end=True)
    if subject is None or toks[i - 1].clause != toks[i].clause:
        return None
    o = i + 1
    while o < len(toks) and (toks[o].text in skip or toks[o].text[0].isdigit()) and toks[o].clause == toks[i].clause:
        o += 1
    obj = mention(req, o, end=False) if o < len(toks) and toks[o].clause == toks[i].clause else None
    if obj is None:
        return None
    counted = [int(t.text.replace(",", "")) for t in toks[i + 1 : o] if t.text.replace(",", "").isdigit()]
    after = obj.last + 1
    acts = (
        bool(counted)
        and (subject.count is None or max(counted) > subject.count)
        and after < len(toks)
        and toks[after].text in second
        and mention(req, after + 1, end=False) is not None
    )
    for stem in _stems(word):
        if acts:
            return stem, act_noun(stem) or plural(obj.phrase.split()[-1])
        noun = act_noun(stem)
        if noun is not None and not counted and _counted(req, obj.phrase) and noun_class(obj.phrase) in _DONE_TO:
            return stem, noun
    return None
