"""A doer, its verb and its things in any number, tense or agreement (issue 20, draft56): held-out requests.

Written at 02:53 UTC on 2026-12-07, before any rule of branch draft56 and before any of these requests was drafted,
expectations first; run once on main (before) and once on the branch (after), not tuned on: a **test** figure.

The class: "<doer> <verb> <things> [with a <partner>]" as a user types it — the doer said with "each", "every",
"all" or as a plain plural; the verb in the present or the past, regular or irregular ("drew", "wrote", "took"),
or not agreeing with the doer ("technicians fixes") — the doer and (where said) the partner are tables of their
own, and the record of the act (the verb's record where one is drafted, else the things) is keyed to both.

Checks, each request (scale 0.05, seed 1):

1. "tables": the doers, the records and (where said) the partners exist (any of the names given, ``a|b``);
2. "no stray": no table of a name given as stray (the verb, a determiner, a phrase glued into a name);
3. "keys": the records have a foreign key to the doers and (where said) to the partners;
4. "counts": every count said is the rows of its table;
5. "generates": the spec generates and its rows validate.

    PYTHONPATH=src .venv/bin/python benchmarks/draft_doer_tense.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _draft_checks import DoerCase, doer_checks, run_held_out  # noqa: E402

HELD_OUT: list[DoerCase] = [
    (
        "a print shop: 12 designers; designers drew posters",
        "designers",
        "posters",
        None,
        ["drew", "drew_posters", "designers_drew_posters"],
        {"designers": 12},
    ),
    (
        "a newsroom where every reporter wrote articles",
        "reporters",
        "articles",
        None,
        ["wrote", "every", "reporter_wrote_articles", "wrote_articles"],
        {},
    ),
    (
        "a repair shop where technicians fixes laptops",
        "technicians",
        "laptops|fixes",
        None,
        ["technicians_fixes_laptops", "fixes_laptops"],
        {},
    ),
    (
        "a photo studio where all photographers took portraits",
        "photographers",
        "portraits",
        None,
        ["took", "all", "took_portraits", "photographers_took_portraits"],
        {},
    ),
    (
        "a workshop where 30 carpenters build cabinets",
        "carpenters",
        "cabinets",
        None,
        ["build", "build_cabinets", "carpenters_build_cabinets"],
        {"carpenters": 30},
    ),
    (
        "an accounting firm where each auditor checks ledgers with a manager",
        "auditors",
        "ledgers|checks",
        "managers",
        ["each", "auditor_checks_ledgers", "checks_ledgers"],
        {},
    ),
    (
        "a dental clinic where every patient schedules checkups with a dentist",
        "patients",
        "checkups",
        "dentists",
        ["schedules", "every", "patient_schedules_checkups"],
        {},
    ),
    (
        "a tailor shop where tailors sewed jackets",
        "tailors",
        "jackets",
        None,
        ["sewed", "sewed_jackets", "tailors_sewed_jackets"],
        {},
    ),
    (
        "a restaurant kitchen where cooks made dishes",
        "cooks",
        "dishes",
        None,
        ["made", "made_dishes", "cooks_made_dishes"],
        {},
    ),
    (
        "a translation agency where translators translates manuscripts with an editor",
        "translators",
        "manuscripts|translations",
        "editors",
        ["translates", "translates_manuscripts", "translators_translates_manuscripts"],
        {},
    ),
]


def main() -> None:
    run_held_out(__doc__, HELD_OUT, doer_checks, per_request=5)


if __name__ == "__main__":
    main()
