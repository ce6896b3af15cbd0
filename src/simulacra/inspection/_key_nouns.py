"""What a key column's name names, read before a key is taken by its values alone.

``calls.cell_id`` held cell ids 1..300 and the operator's customers were keyed 1..300: the values "found" a key
to customers, though the name says a cell. Where a parent's keys are small dense integers, containment is no
evidence, and the name decides: a column whose noun names another entity than the parent's (a cell, a gate, a
terminal, a seat, a shelf, a router) refers to that entity, which the database does not hold as a table, and is
no key to the parent. The nouns that stay keys: the parent's own (``customer_no``), a word the draft catalogue
lists beside it (``client_id`` -> customers, ``car_id`` -> vehicles, ``handset_id`` -> devices), a person's role
(``reviewer``, ``owner_id``, ``sender``, ``payer``, ``holder``: WordNet's person sense, or a catalogue kind of
people), an agent (``approved_by``), a row's role toward another row (``source_id``, ``parent_id``), a noun of
any row (``item_id``, ``entry_id``), a row a verb points to (``reports_to``, ``assigned_to``), a body of people
under another word for the parent's body (``team_id`` -> clubs, ``firm_id`` -> companies: both nouns groups in
WordNet's first two senses), and a word WordNet and the catalogue both lack (``cust``, ``acct``, ``emp``: an
abbreviation says no other entity).

The nouns are WordNet's first senses and the catalogue's words, both kept by ``simulacra.draft`` (one home for
each); they are imported when a dense key is first judged, not when inspection is imported.
"""

from __future__ import annotations

import functools

from ._patterns import name_tokens

__all__ = ["another_entity"]

#: tokens that say "a reference" or "a number", not what is referred to
_REF_WORDS = frozenset("id key ref fk uuid guid no nr num number code".split())
#: a row's role toward another row of any kind: not an entity of its own
_ROW_ROLES = frozenset(
    "source target origin destination parent home original duplicate replacement backup alternate "
    "previous next related linked primary secondary".split()
)
#: nouns that name a row of whatever kind: an item of products, an entry of a ledger, a record of anything
_ANY_ROW = frozenset("item entry record object entity row element".split())
_ROLE_ENDINGS = ("er", "or", "ee", "ent", "ant", "ist")
#: the last token of an agent (approved_by) or of the row a verb points to (reports_to): a role, no entity
_ROLE_PARTICLES = frozenset(("by", "to"))


@functools.cache
def _catalogue_words() -> dict[str, frozenset[tuple[str, str | None]]]:
    """One-word catalogue word (singular) -> the (kind, role) pairs listing it."""
    from simulacra.draft._catalogue import load_catalogue
    from simulacra.draft._nouns import singular

    out: dict[str, set[tuple[str, str | None]]] = {}
    for kind in load_catalogue().kinds.values():
        for word in kind.words:
            if " " not in word:
                out.setdefault(singular(word), set()).add((kind.name, kind.role))
    return {w: frozenset(v) for w, v in out.items()}


def _names_a_person(noun: str, kinds: frozenset[tuple[str, str | None]], senses: str) -> bool:
    """A person by WordNet's first sense, by a catalogue kind of people, or by a role ending and a person sense
    among WordNet's first three ('holder': a thing first, a person next)."""
    if any(role in ("person", "staff") for _kind, role in kinds) or senses[:1] == "P":
        return True
    return noun.endswith(_ROLE_ENDINGS) and "P" in senses


def _a_body_of_people(senses: str) -> bool:
    """A group in WordNet's first two senses (a team, a club, a firm, a family): a body of people, not a part
    of one (a branch is a thing next, a department a place, a unit a measure first)."""
    return bool(senses) and set(senses[:2]) == {"G"}


def another_entity(column: str, parent_table: str) -> str | None:
    """The noun a column's name names where it is another entity than ``parent_table``'s and no role a row of it
    plays ('cell' for ``cell_id`` beside customers), else None."""
    from simulacra.draft._nouns import senses_of, singular

    tokens = name_tokens(column)
    if len(tokens) >= 2 and tokens[-1] in _ROLE_PARTICLES:
        return None  # approved_by: who did it, a person's row; reports_to: the row a verb points to
    nouns = [t for t in tokens if t not in _REF_WORDS]
    if not nouns or not nouns[-1].isalpha():
        return None
    noun = singular(nouns[-1])
    own = {singular(t) for t in name_tokens(parent_table)} | set(name_tokens(parent_table))
    if noun in own or noun in _ROW_ROLES or noun in _ANY_ROW:
        return None
    words = _catalogue_words()
    kinds = words.get(noun, frozenset())
    parent_kinds = {k for t in own for k, _role in words.get(t, ())}
    if {k for k, _role in kinds} & parent_kinds:
        return None  # client_id -> customers, car_id -> vehicles: the catalogue lists both for one kind
    senses = senses_of(noun)
    if _names_a_person(noun, kinds, senses):
        return None  # reviewer, owner, sender, payer, assignee, holder: a role a row of people plays
    parent_senses = [senses_of(t) for t in own if senses_of(t)]
    if _a_body_of_people(senses) and any(_a_body_of_people(s) for s in parent_senses):
        return None  # team_id -> clubs, firm_id -> companies: one body of people under another word
    if kinds or senses:
        return noun
    return None  # a word neither knows (cust, acct): no evidence of another entity
