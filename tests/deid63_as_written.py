"""The plain forms deid63's fast code replaced (issue 14, speed), kept as written on main: the oracle that
``tests/unit/text/test_deid_speed63.py`` proves the fast forms equal to, and the "main" side that
``benchmarks/deid_speed63_parts.py`` times them against. One copy, so the test and the benchmark cannot drift
apart on what "as written" means.
"""

from __future__ import annotations

import re

from simulacra.text import surrogates
from simulacra.text._groups import GROUP_KINDS
from simulacra.text.surrogates import SurrogateMapper


def pool_as_written(original: str, kind: str) -> tuple[str, ...]:
    """The one-word groups of ``kind`` in ``original``'s number, built on every call of ``group`` as on main."""
    plural = original.endswith("s") and not original.endswith(("ss", "ese"))
    return tuple(w for w in GROUP_KINDS[kind] if w.endswith("s") == plural and " " not in w) or GROUP_KINDS[kind]


def group_as_written(m: SurrogateMapper, original: str) -> str:
    """``SurrogateMapper.group`` as written on main (the pool built inline)."""
    kind = surrogates.group_kind(original)
    if kind is None:
        return m._shape(original)
    pool = pool_as_written(original, kind)
    key = " ".join(original.split()).lower()
    fake = m._other.get(("NRP", key))
    if fake is None:
        fake = m._fresh(lambda a: m._pick(pool, "nrp", key, a), original, "nrp")
        m._other[("NRP", key)] = fake
    return surrogates.match_case(fake, original)


def head_starts_as_written(heads: list[str], text: str) -> list[int]:
    """``domain_orgs._head_starts`` as written on main: one IGNORECASE pattern compiled per head (the heads are new
    strings in each document, so each one misses the ``re`` module's cache)."""
    return sorted({h.start() for head in heads for h in re.finditer(re.escape(head), text, re.IGNORECASE)})
