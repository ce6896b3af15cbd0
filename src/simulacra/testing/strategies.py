"""Hypothesis strategies for simulacra's inputs (hypothesis is a development dependency: this module
imports it, ``simulacra.testing`` does not).

``specs()`` draws relational specs — random foreign-key DAGs with several parents, self-references,
per-parent counts, nulls and row constraints — as plain mappings ``load_plan`` accepts.
"""

from __future__ import annotations

from typing import Any

try:
    from hypothesis import strategies as st
except ImportError as e:  # pragma: no cover - depends on the environment
    raise ImportError("simulacra.testing.strategies needs hypothesis: pip install 'simulacra[dev]'") from e

__all__ = ["COUNTS", "KEYS", "specs"]

#: primary-key generators a drawn table may use
KEYS: list[dict[str, Any]] = [
    {"generator": "sequence", "start": 100},
    {"generator": "uuid"},
    {"generator": "pattern", "pattern": "K-{seq:05d}"},
]
#: children-per-parent distributions
COUNTS: list[dict[str, Any]] = [
    {"distribution": "fixed", "value": 1},
    {"distribution": "poisson", "lam": 1.5},
    {"distribution": "negative_binomial", "mean": 2, "dispersion": 1},
    {"distribution": "categorical", "values": [0, 1, 3], "weights": [0.2, 0.5, 0.3]},
]


@st.composite
def specs(draw: st.DrawFn, *, max_tables: int = 5, max_rows: int = 40) -> dict[str, Any]:
    """A spec of 1..max_tables tables ``t0, t1, ...``: each has ``id`` and ``v`` (0..100), foreign keys
    ``t<p>_id`` to earlier tables (some nullable), maybe a self-reference ``parent_id``, rows either
    fixed (0..max_rows) or per parent; some tables carry the row constraint ``v >= 10``."""
    n = draw(st.integers(1, max_tables))
    tables: dict[str, Any] = {}
    for i in range(n):
        name = f"t{i}"
        cols: dict[str, Any] = {
            "id": draw(st.sampled_from(KEYS)),
            "v": {"generator": "uniform", "low": 0, "high": 100, "round": 1},
        }
        parents: list[int] = draw(st.lists(st.integers(0, i - 1), unique=True, max_size=3)) if i else []
        per: int | None = None
        if parents:
            use_per: bool = draw(st.booleans())
            if use_per:
                per = draw(st.sampled_from(parents))
        for p in parents:
            cols[f"t{p}_id"] = {
                "generator": "foreign_key",
                "references": f"t{p}.id",
                "null_rate": 0.0 if p == per else draw(st.sampled_from([0.0, 0.3])),
                "distribution": draw(st.sampled_from(["uniform", "zipf"])),
            }
        if draw(st.booleans()):
            cols["parent_id"] = {"generator": "foreign_key", "references": f"{name}.id"}
        if per is not None:
            rows: Any = {
                "per": f"t{per}",
                "count": draw(st.sampled_from(COUNTS)),
                "zero_rate": draw(st.sampled_from([0.0, 0.25])),
            }
        else:
            rows = draw(st.integers(0, max_rows))
        tables[name] = {"rows": rows, "primary_key": "id", "columns": cols}
    constraints = [{"table": t, "check": "v >= 10"} for t in tables if draw(st.booleans())]
    return {"seed": draw(st.integers(0, 2**32)), "tables": tables, "constraints": constraints}
