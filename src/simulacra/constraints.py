"""Constraints: the spec's rules checked on data, and ``check_dataset``, which checks any dataset against a spec.

The public path to them. The code lives in three modules, split by who needs it, so that generation can read the
row rules without the dataset checks (which recompute columns with generation's own code) importing back into it:

- :mod:`simulacra._row_constraints` — the per-row rules (``RowConstraint``, ``row_constraints``): what
  generation regenerates failing rows against; it imports nothing of generation.
- :mod:`simulacra._tally_rules` — a ``tally`` rule's arithmetic (``tally_values``, ``month_of``...): what
  ``validate``, ``sample`` and ``inspect`` all read; it imports nothing of generation either.
- :mod:`simulacra._dataset_checks` — dataset validation (``check_dataset``, ``declared_findings``, ``Finding``
  and the frame masks ``unique_bad``, ``once_bad``, ``periods_bad``): it sits above generation.

This module only re-exports their public names: ``simulacra.constraints`` is the documented home of
``check_dataset`` and ``Finding`` (docs/architecture.md, ``simulacra validate``), the root lists it as a public
submodule, and tests, benchmarks and users import from it. Importing it loads generation (through the dataset
checks), so code inside generation imports :mod:`simulacra._row_constraints` instead, never this module.
"""

from __future__ import annotations

from simulacra._dataset_checks import (
    Finding,
    check_dataset,
    declared_findings,
    once_bad,
    periods_bad,
    periods_finding,
    unique_bad,
)
from simulacra._row_constraints import RowConstraint, row_constraints
from simulacra._tally_rules import month_of, tally_reads, tally_tables, tally_values

__all__ = [
    "Finding",
    "RowConstraint",
    "check_dataset",
    "declared_findings",
    "month_of",
    "once_bad",
    "periods_bad",
    "periods_finding",
    "row_constraints",
    "tally_reads",
    "tally_tables",
    "tally_values",
    "unique_bad",
]
