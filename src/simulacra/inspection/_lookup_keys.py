"""Keys to a small lookup table that their names do not reveal, found because they hold exactly its keys.

Found by the airline probe (``benchmarks/heldout_airline.py``, issue 13): ``routes.origin_id`` and ``dest_id``
hold 1..10 and ``airports`` (10 rows: an IATA code, a country, coordinates) is keyed 1..10. Neither name names
the table, and ten dense integers prove nothing by containment (``_keys``: ``p = 1``), so no key was inferred;
nothing referenced ``airports``, so ``fit`` learned it as a table of its own (codes and coordinates invented,
no route's airport one of the source's) instead of copying it as the lookup it is.

A column is taken as a key to a lookup table when

* the table has ``MIN_ROWS``..``MAX_ROWS`` rows, a single-column key and a text column (codes, names), and no
  inferred or declared key references it (a lookup whose users were not found);
* the column (not its table's key, not already a key, not named like a measure) holds exactly the table's keys:
  every key at least once and nothing else (nulls aside), in a table with more rows than the lookup;
* integers need a name that says the column refers to a row (``origin_id``, ``home_team``: ``_keys``'s rule);
  text codes are their own evidence;
* no other such table has the same key set (which one would be a guess: nothing is taken).

A table of 5..40 rows that no key references and whose exact key set one column holds is a lookup read by that
column: an unrelated code holding exactly ``1..n`` for the very ``n`` of an unreferenced table, under a key's
name, is the case this rule gets wrong.
"""

from __future__ import annotations

import polars as pl

from simulacra.sources import ForeignKey

from ._keys import NEVER_KEY_WORDS, keyable, names_a_key
from ._patterns import name_tokens

__all__ = ["MAX_ROWS", "MIN_ROWS", "lookup_keys"]

MIN_ROWS = 5
MAX_ROWS = 40


def lookup_keys(
    frames: dict[str, pl.DataFrame], primary_keys: dict[str, list[str]], keys: list[ForeignKey]
) -> tuple[list[ForeignKey], list[str]]:
    """``keys`` plus the keys to unreferenced lookup tables found by their exact key sets, and a note each."""
    referenced = {fk.ref_table for fk in keys if fk.table != fk.ref_table}
    have = {(fk.table, fk.column) for fk in keys}
    lookups: dict[str, frozenset[object]] = {}
    for t, frame in frames.items():
        pk = primary_keys.get(t) or []
        if t in referenced or len(pk) != 1 or not MIN_ROWS <= frame.height <= MAX_ROWS:
            continue
        if not any(frame.schema[c] == pl.String for c in frame.columns if c != pk[0]):
            continue  # codes or names: what a lookup table holds
        col = frame.get_column(pk[0])
        if keyable(col) and col.null_count() == 0 and col.n_unique() == frame.height:
            lookups[t] = frozenset(col.to_list())
    if not lookups:
        return keys, []
    out = list(keys)
    notes: list[str] = []
    for child, frame in frames.items():
        own = primary_keys.get(child) or []
        for c in frame.columns:
            s = frame.get_column(c)
            if (child, c) in have or own == [c] or not keyable(s) or set(name_tokens(c)) & NEVER_KEY_WORDS:
                continue
            if s.dtype.is_integer() and not names_a_key(c):
                continue
            values = s.drop_nulls()
            if values.len() == 0:
                continue
            distinct = values.n_unique()
            hits = [
                t
                for t, ks in lookups.items()
                if t != child
                and frame.height > frames[t].height
                and distinct == len(ks)
                and frames[t].schema[primary_keys[t][0]] == s.dtype
                and frozenset(values.unique().to_list()) == ks
            ]
            if len(hits) != 1:
                continue
            t = hits[0]
            key = primary_keys[t][0]
            why = (
                f"holds exactly the {len(lookups[t])} keys of {t}.{key} ({values.len():,} values, every key at least "
                f"once, nothing else): {t} is a lookup table of {frames[t].height} rows that no other key references"
            )
            out.append(ForeignKey(child, c, t, key, declared=False, evidence=why, confidence=0.9))
            notes.append(f"{child}.{c}: taken as a key to {t}.{key}: it {why}")
    return out, notes
