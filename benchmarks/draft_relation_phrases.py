"""Relation phrases read as parent -> child relations (issue 20, draft54): held-out requests.

Written at 23:10 UTC on 2026-12-06, before any rule of branch draft54 and before any of these requests was drafted,
expectations first; run once on main (before) and once on the branch (after), not tuned on: a **test** figure.

The class: a relation between two nouns said by a phrase, not by a count "per" — (a) "<child> of <parent>"
("pets of owners"), (b) "<parent> whose <child> <verb>" ("customers whose orders ship late"), (c) a verb of an
act between two nouns, past tense or third person ("lawyers drafted contracts", "each mechanic inspects cars"),
(d) "each X has/takes/books Y with Z" ("each learner takes lessons with an instructor"). Each is to be read as the
right parent -> child relation, with counts that make sense, and no table made of a function word or a verb.

Checks, each request (scale 0.05, seed 1):

1. "tables": every table expected exists (any of the names given, ``a|b``);
2. "no stray": no table of a name given as stray (function words, verbs, phrases glued into a name);
3. "relations": each (child, parent) pair is linked the right way: the child has a foreign key to the parent (an
   act done to a table of things or beings the request counts — vaccinations, inspections — is a record with a key
   to both; acts counted with the verb, more than the doers — 3,000 documents translated — are the object itself);
4. "direction": no parent has a foreign key to its child;
5. "counts": every count said is the rows of its table;
6. "sizes": each (fewer, more) pair: the generated rows of the first are at most those of the second ("few
   tutors", pets of owners: at least as many pets as owners);
7. "generates": the spec generates and its rows validate.

    PYTHONPATH=src .venv/bin/python benchmarks/draft_relation_phrases.py
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _draft_checks import Checks, counts_kept, key_targets, pick, run_held_out  # noqa: E402

import simulacra  # noqa: E402
from simulacra.draft import draft  # noqa: E402

#: (request, tables expected, stray names, [(child, parent)], {table names: rows said}, [(fewer, more)])
Case = tuple[str, list[str], list[str], list[tuple[str, str]], dict[str, int], list[tuple[str, str]]]

HELD_OUT: list[Case] = [
    # (a) "<child> of <parent>"
    (
        "a vet practice: 300 owners; pets of owners and visits of pets",
        ["owners", "pets", "visits"],
        ["of", "pets_of_owners", "owners_pets", "visits_of_pets"],
        [("pets", "owners"), ("visits", "pets")],
        {"owners": 300},
        [("owners", "pets")],
    ),
    (
        "a publisher with 60 authors, books of authors and chapters of books",
        ["authors", "books", "chapters"],
        ["of", "books_of_authors", "chapters_of_books"],
        [("books", "authors"), ("chapters", "books")],
        {"authors": 60},
        [("authors", "books"), ("books", "chapters")],
    ),
    (
        "a port: 30 ships, containers of ships",
        ["ships", "containers"],
        ["of", "containers_of_ships"],
        [("containers", "ships")],
        {"ships": 30},
        [("ships", "containers")],
    ),
    # (b) "<parent> whose <child> <verb>"
    (
        "a webshop: 5,000 customers whose orders ship late",
        ["customers", "orders"],
        ["whose", "ship", "ships", "late", "lates"],
        [("orders", "customers")],
        {"customers": 5000},
        [("customers", "orders")],
    ),
    (
        "a bank: 800 clients whose loans default",
        ["clients", "loans"],
        ["whose", "default", "defaults"],
        [("loans", "clients")],
        {"clients": 800},
        [],
    ),
    (
        "an insurer: 3,000 policyholders whose claims are rejected",
        ["policyholders", "claims"],
        ["whose", "rejected", "rejecteds", "rejections"],
        [("claims", "policyholders")],
        {"policyholders": 3000},
        [],
    ),
    # (c) a verb of an act between two nouns, past tense or third person
    (
        "a law firm: 15 lawyers and 700 contracts; lawyers drafted contracts",
        ["lawyers", "contracts"],
        ["drafted", "drafteds", "drafts"],
        [("contracts", "lawyers")],
        {"lawyers": 15, "contracts": 700},
        [],
    ),
    (
        "a zoo: 8 keepers and 300 animals; keepers vaccinated animals",
        ["keepers", "animals", "vaccinations"],
        ["vaccinated", "vaccinateds"],
        [("vaccinations", "keepers"), ("vaccinations", "animals")],
        {"keepers": 8, "animals": 300},
        [],
    ),
    (
        "a garage: 12 mechanics and 900 cars; each mechanic inspects cars",
        ["mechanics", "cars", "inspections"],
        ["inspects", "each"],
        [("inspections", "mechanics"), ("inspections", "cars")],
        {"mechanics": 12, "cars": 900},
        [],
    ),
    (
        "a translation agency: 40 translators translated 3,000 documents for clients",
        ["translators", "documents", "clients"],
        ["translated", "translateds"],
        [("documents", "translators"), ("documents", "clients")],
        {"translators": 40, "documents": 3000},
        [],
    ),
    # (d) "each X has/takes/books Y with Z"
    (
        "a driving school where each learner takes lessons with an instructor; 300 learners, 12 instructors",
        ["learners", "instructors", "lessons"],
        ["takes", "each", "withs"],
        [("lessons", "learners"), ("lessons", "instructors")],
        {"learners": 300, "instructors": 12},
        [("instructors", "learners")],
    ),
    (
        "a tutoring service where each pupil books sessions with a tutor, few tutors",
        ["pupils", "tutors", "sessions"],
        ["books", "each", "few", "fews"],
        [("sessions", "pupils"), ("sessions", "tutors")],
        {},
        [("tutors", "pupils")],
    ),
]


def _linked(tables: dict[str, Any], child: str, parent: str) -> bool:
    """The child (any of the names given) has a foreign key to the parent (an act between two tables: a pair per
    table the act's record is keyed to)."""
    p = pick(tables, parent)
    if p is None:
        return False
    for c in child.split("|"):
        if c in tables and p in key_targets(tables[c]):
            return True
    return False


def _rows(frames: dict[str, Any], tables: dict[str, Any], names: str) -> int | None:
    t = pick(tables, names)
    return frames[t].height if t is not None and t in frames else None


def checks(
    request: str,
    expected: list[str],
    stray: list[str],
    relations: list[tuple[str, str]],
    counts: dict[str, int],
    sizes: list[tuple[str, str]],
    scale: float = 0.05,
) -> Checks:
    spec = draft(request).spec
    tables = spec["tables"]
    frames: dict[str, Any] = {}
    try:
        frames = dict(simulacra.generate(spec, seed=1, scale=scale).frames)
        simulacra.validate(spec, frames)
        made = True
    except Exception as exc:  # a failed generation is a failed check, reported
        print(f"    generate: {type(exc).__name__}: {exc}")
        made = False
    present = all(pick(tables, names) is not None for names in expected)
    backwards = any(
        (c := pick(tables, child)) is not None
        and (p := pick(tables, parent)) is not None
        and c in key_targets(tables[p])
        for child, parent in relations
    )
    rows = [(_rows(frames, tables, a), _rows(frames, tables, b)) for a, b in sizes]
    return [
        ("tables", present),
        ("no stray", not set(stray) & set(tables)),
        ("relations", all(_linked(tables, child, parent) for child, parent in relations)),
        ("direction", present and not backwards),
        ("counts", counts_kept(tables, counts)),
        ("sizes", made and all(a is not None and b is not None and a <= b for a, b in rows)),
        ("generates", made),
    ]


def main() -> None:
    run_held_out(__doc__, HELD_OUT, checks, per_request=7)


if __name__ == "__main__":
    main()
