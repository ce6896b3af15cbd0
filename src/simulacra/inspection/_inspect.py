"""``inspect``: a source → keys, column profiles and a reviewed-spec draft."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from simulacra.errors import SourceError
from simulacra.io._base import atomic_write_text
from simulacra.sources import CompositeForeignKey, ForeignKey, Source, read_source
from simulacra.spec import DatasetSpec, load_spec

from ._day_month import settle_profiles
from ._declared import declared_structure
from ._keys import (
    break_cycles,
    infer_composite_keys,
    infer_foreign_keys,
    infer_primary_keys,
    taken_by_values_note_of,
)
from ._lookup_keys import lookup_keys
from ._profile import ColumnProfile, profile_column, written_codes
from ._rank_keys import drop_rank_keys
from ._spec import build_spec, render_yaml

__all__ = ["Inspection", "inspect"]


@dataclass(frozen=True)
class Inspection:
    """What ``inspect`` found: the spec draft, every column's profile, keys with evidence, notes.

    ``keys`` holds declared and inferred foreign keys (also those left out of the spec
    to break a cycle, listed in ``notes``); ``primary_keys`` the declared or inferred
    key of each table that has one. ``columns``, ``keys`` and ``primary_keys`` use the
    source's table names; the spec uses ``table_names[source_name]`` (the same unless
    a name had to be sanitized).
    """

    spec: DatasetSpec
    columns: dict[tuple[str, str], ColumnProfile]
    keys: list[ForeignKey]
    primary_keys: dict[str, list[str]]
    notes: list[str]
    source: str = ""
    fingerprint: str = ""
    rows: dict[str, int] = field(default_factory=dict)
    table_names: dict[str, str] = field(default_factory=dict)  # source table -> its name in the spec
    spec_data: dict[str, Any] = field(default_factory=dict, repr=False)
    comments: dict[tuple[str, ...], str] = field(default_factory=dict, repr=False)
    #: multi-column foreign keys (inferred, with evidence), written into the spec as a foreign key with ``match``
    composite_keys: list[CompositeForeignKey] = field(default_factory=list)

    @property
    def tables(self) -> list[str]:
        return list(self.rows)

    def profiles(self, table: str) -> list[ColumnProfile]:
        return [p for (t, _), p in self.columns.items() if t == table]

    def to_yaml(self) -> str:
        """The spec as YAML for review, with comments giving each key's evidence and each column's kind."""
        header = [
            f"simulacra spec inspected from {self.source}",
            f"source fingerprint {self.fingerprint[:16]}",
            "Review before use: every kind, key and distribution below was inferred from the data.",
            "Values seen fewer than 5 times are never written here, but in a column marked keep_rare (a closed "
            "vocabulary: statuses, types, codes); free text and PII are generated, not copied.",
        ]
        header += [f"note: {n}" for n in self.notes]
        return render_yaml(self.spec_data, self.comments, header)

    def write(self, path: str | Path) -> Path:
        """Write ``to_yaml()`` atomically (temp file + rename); returns the path."""
        target = Path(path)
        text = self.to_yaml()
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(target, text)
        return target


def _sample(frames: dict[str, pl.DataFrame], n: int | None, seed: int) -> dict[str, pl.DataFrame]:
    if n is None:
        return frames
    return {t: (f.sample(n=n, seed=seed, shuffle=False) if f.height > n else f) for t, f in frames.items()}


def _dataset_name(location: str) -> str:
    base = re.split(r"[/\\]", location.rstrip("/\\"))[-1] if location else "dataset"
    base = base.split("?")[0]
    base = re.sub(r"\.(db|sqlite3?|duckdb|csv|tsv|parquet|jsonl|asc|txt)$", "", base)
    return re.sub(r"[^A-Za-z0-9_-]+", "_", base).strip("_") or "dataset"


def inspect(
    source: str | Path | Source,
    *,
    sample_rows: int | None = None,
    seed: int = 0,
    tables: list[str] | None = None,
    progress: bool = False,
    state_rules: bool = True,
    aggregates: bool = True,
) -> Inspection:
    """Inspect a database or files: keys (declared and inferred, with evidence), column kinds, a spec draft.

    ``sample_rows`` profiles at most that many rows per table (a seeded sample;
    keys are still inferred on the full tables, since inclusion needs every value).
    ``state_rules`` drafts what ties a row to its state or its parent as rules: a date after its
    parent's (``after``), children counted by a parent's category (``rows: {by}``), a column empty
    where its row's category says so (``case``). A learned model learns these from the data with
    the rest of the row (``fit`` turns them off, so they stay learned rather than drawn by rule).
    ``aggregates`` drafts a parent's count or total of its children as an ``aggregate`` column (a DP fit,
    which samples learned columns only, turns it off).
    The source is only read, never modified.
    """
    src = source if isinstance(source, Source) else read_source(source, tables=tables, progress=progress)
    frames = src.frames
    if not frames:
        raise SourceError(f"{src.location}: no tables to inspect")
    notes = list(src.notes)
    pks, pk_evidence, pk_notes = infer_primary_keys(frames, src.primary_keys)
    notes += pk_notes
    keys, fk_notes = infer_foreign_keys(frames, pks, src.foreign_keys)
    notes += fk_notes
    ranked, rank_notes = drop_rank_keys(frames, keys)
    dropped = {(k.table, k.column) for k in keys} - {(k.table, k.column) for k in ranked}
    # a key taken by its values and then dropped as a rank keeps only the note saying why it was dropped
    notes = [n for n in notes if not any(n.startswith(taken_by_values_note_of(t, c)) for t, c in dropped)]
    keys = ranked
    notes += rank_notes
    keys, lookup_notes = lookup_keys(frames, pks, keys)
    notes += lookup_notes
    usable, _dropped, cycle_notes = break_cycles(keys, {t: f.height for t, f in frames.items()})
    notes += cycle_notes
    composite_pks, composite, composite_notes = infer_composite_keys(frames, pks, usable, seed=seed)
    notes += composite_notes
    for t, cols in composite_pks.items():
        pks[t] = cols
        pk_evidence[t] = (
            f"inferred: unique and non-null together in all {frames[t].height:,} rows, referenced as a whole"
        )
    for fk in keys:
        if fk.declared and fk.table in frames:
            child = frames[fk.table][fk.column].drop_nulls()
            if fk.ref_table in frames and fk.ref_column in frames[fk.ref_table].columns:
                parent = frames[fk.ref_table][fk.ref_column].drop_nulls().unique().implode()
                orphans = int((~child.is_in(parent)).sum())
                if orphans:
                    notes.append(
                        f"{fk.table}.{fk.column}: {orphans:,} orphan row(s) whose value is not in {fk.references} "
                        "(the source breaks its own foreign key; generated data will not)"
                    )
    roles: dict[tuple[str, str], str] = {}
    for t, cols in pks.items():
        if len(cols) == 1:
            roles[(t, cols[0])] = f"primary key ({pk_evidence.get(t, 'declared')})"
    for fk in usable:
        how = "declared" if fk.declared else f"inferred, confidence {fk.confidence:.2f}"
        roles[(fk.table, fk.column)] = f"foreign key -> {fk.references} ({how})"
    profiled = _sample(frames, sample_rows, seed)
    # digits a delimited file wrote, typed as integers by its reader, that are codes of one width sparse over their
    # range (NAICS-like 4512) are profiled and drafted as the text they were written as (_digit_text); coerce
    # types the frames fit learns from the same way
    written = {
        t: [c for c in src.number_forms.get(t, {}) if c in f.columns and (t, c) not in roles and written_codes(f[c])]
        for t, f in profiled.items()
    }
    frames = {t: f.with_columns(pl.col(written[t]).cast(pl.String)) if written.get(t) else f for t, f in frames.items()}
    profiled = {t: f.with_columns(pl.col(written[t]).cast(pl.String)) if written[t] else f for t, f in profiled.items()}
    profiles: dict[tuple[str, str], ColumnProfile] = {}
    for t, frame in profiled.items():
        for c in frame.columns:
            profiles[(t, c)] = profile_column(t, frame[c], role=roles.get((t, c)), read_as_numbers=c in written[t])
            if profiles[(t, c)].n_distinct == 1 and frame.height > 1 and profiles[(t, c)].kind != "identifier":
                notes.append(f"table '{t}', column '{c}': a constant column (one value in {frame.height:,} rows)")
    # text dates that read day-first and month-first alike: read in the order the source shows, or kept as text
    profiles, order_notes = settle_profiles(profiled, profiles)
    notes += order_notes
    name = _dataset_name(src.location)
    desc = f"Inspected from {src.location} ({len(frames)} table{'s' if len(frames) != 1 else ''})."
    data, comments, spec_notes, names = build_spec(
        name,
        frames,
        profiles,
        pks,
        pk_evidence,
        usable,
        desc,
        sampled=profiled,
        composite=composite,
        state_rules=state_rules,
        aggregates=aggregates,
    )
    notes += spec_notes
    # what the database declares beyond its keys (UNIQUE, CHECK), drafted in the spec's forms; it wins over the draft
    notes += declared_structure(src, frames, names, data, comments)
    spec = load_spec(data)  # validates and plans: an inspection never hands back a spec that cannot run
    return Inspection(
        spec=spec,
        columns=profiles,
        keys=keys,
        primary_keys=pks,
        notes=notes,
        source=src.location,
        fingerprint=src.fingerprint,
        rows={t: f.height for t, f in frames.items()},
        spec_data=data,
        comments=comments,
        table_names=names,
        composite_keys=composite,
    )
