"""Small lookup tables drafted as the reference data ``fit`` copies (issue 13, learn-labs).

``fit`` copies a table of at most ``REFERENCE_ROWS`` rows that other tables reference, with no personal data or
free text, whose own parents are copied too (``synth.dataset.DatasetSynthesizer._is_reference``): a hospital's
10 wards keep their names. The draft wrote such a table's labels as placeholders (``name {seq}``: each label seen
once, fewer than ``MIN_COUNT`` times) or pooled its rare labels as ``(other)``, so ``validate`` of the source
against its own draft failed on the very rows fit copies. Its text labels are listed instead, every one with
its share.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl

from simulacra._reference_data import PLACES, REFERENCE_ROWS
from simulacra.sources import ForeignKey

from ._profile import ColumnProfile

__all__ = ["list_reference_values", "reference_tables"]


def reference_tables(
    frames: Mapping[str, pl.DataFrame], keys: Sequence[ForeignKey], profiles: Mapping[tuple[str, str], ColumnProfile]
) -> set[str]:
    """The tables fit will copy as reference data, as far as the draft's keys tell."""
    referenced = {fk.ref_table for fk in keys if fk.table != fk.ref_table and fk.table in frames}

    def personal(t: str) -> bool:
        return any(
            (p.kind == "pii" and p.pii_kind not in PLACES) or p.kind == "text"
            for (tt, _), p in profiles.items()
            if tt == t
        )

    found = {t for t in referenced if t in frames and 0 < frames[t].height <= REFERENCE_ROWS and not personal(t)}
    while True:  # a chain of lookups is copied whole, or not at all
        drop = {
            t for t in found if any(fk.table == t and fk.ref_table != t and fk.ref_table not in found for fk in keys)
        }
        if not drop:
            return found
        found -= drop


def list_reference_values(
    t: str,
    tn: str,
    frame: pl.DataFrame,
    cols: dict[str, Any],
    comments: dict[tuple[str, ...], str],
) -> list[str]:
    """A reference table's text columns drafted as placeholders or with rare labels left out or pooled: every
    value listed with its share (in place). Returns the columns changed."""
    changed = []
    for c, spec in cols.items():
        col = frame.get_column(c) if c in frame.columns else None
        gen = spec.get("generator")
        if col is None or col.dtype != pl.String or gen not in ("pattern", "categorical"):
            continue
        note = comments.get(("tables", tn, "columns", c), "")
        if gen == "pattern" and "placeholders are generated" not in note and "#" in str(spec.get("pattern")):
            continue  # codes made in their own shape (W-01): the source has that shape; capitals alone (MAT,
            # ENG: a subject's code) are the lookup's labels, listed
        counts = col.drop_nulls().value_counts(sort=True)
        total = int(counts.get_column("count").sum())
        if not total:
            continue
        values = {
            str(v): round(int(k) / total, 6)
            for v, k in zip(counts.get_column(c).to_list(), counts.get_column("count").to_list(), strict=True)
        }
        if gen == "categorical" and set(values) == set(spec.get("values") or {}):
            continue
        new = {"generator": "categorical", "values": values}
        for keep in ("null_rate", "unique"):
            if keep in spec:
                new[keep] = spec[keep]
        why = (
            f"a lookup table of {frame.height} rows (referenced, no personal data): fit copies it whole, "
            f"so all {len(values)} values are listed"
        )
        comments[("tables", tn, "columns", c)] = f"{note.split(';')[0]}; {why}" if note else why
        new["description"] = comments[("tables", tn, "columns", c)][:400]
        cols[c] = new
        changed.append(c)
    return changed
