"""Single-table synthesizers over polars frames.

``TabularSynthesizer()`` (default, ``method="trees"``): columns become codes, each
column is drawn from a CART fitted on the columns before it (synthpop's sequential
CART, vectorised), exact functional dependencies are looked up, and rows that copy
a training row are redrawn. The column order and the number of bins are chosen per
table at fit time on an internal split of the rows given (``select``; synth/_select.py). ``TabularSynthesizer(method="copula")``: the same codes
tied by a Gaussian copula — the fast baseline.

Both follow the synthesizer contract: ``fit`` returns self, learned state ends in
``_``, ``sample`` before ``fit`` raises :class:`~simulacra.errors.NotFittedError`,
``save``/``load`` use a folder of JSON + npz (never pickle).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from simulacra._manifest import run_manifest
from simulacra._random import root_stream
from simulacra._scaled_rows import scaled_rows
from simulacra.errors import Location, ModelError, NotFittedError, SpecError
from simulacra.synth._base import BaseSynthesizer, register_synthesizer
from simulacra.synth._encoding import Kind
from simulacra.synth._select import Choice, choose_settings
from simulacra.synth._store import guarded_load, read_model, write_model
from simulacra.synth._table import ORDERS, LearnedTable, TableParams, infer_kinds
from simulacra.synth.conditions import filtered_sample, parse_where, rebalance_codes

__all__ = ["TabularSynthesizer", "privacy_note"]

_METHODS = ("trees", "copula")


class TabularSynthesizer(BaseSynthesizer):
    """Learn one table and sample new rows that mirror it."""

    def __init__(
        self,
        *,
        method: str = "trees",
        min_samples_leaf: int | None = None,
        numeric_leaf: int | None = None,
        min_count: int = 5,
        n_bins: int = 40,
        max_codes: int = 200,
        reject_copies: bool = True,
        first: Sequence[str] = (),
        keep: Sequence[str] = (),
        seed: int = 0,
        name: str = "table",
        honest: bool = True,
        joint_bins: bool = True,
        order: str = "data",
        select: bool = True,
        numeric_prior: float = 0.0,
        cells: bool = False,
        numeric_kernel: float = 0.0,
        category_prior: float = 0.0,
        prune: float = 0.0,
    ) -> None:
        if method not in _METHODS:
            raise ValueError(f"method must be one of {_METHODS}, got {method!r}")
        if order not in ORDERS:
            raise ValueError(f"order must be one of {ORDERS}, got {order!r}")
        leaves = (min_samples_leaf, numeric_leaf)
        if any(v is not None and v < 1 for v in leaves) or min_count < 1 or n_bins < 1 or max_codes < 1:
            raise ValueError("min_samples_leaf, numeric_leaf, min_count, n_bins and max_codes must be >= 1")
        if isinstance(numeric_prior, bool) or not (
            isinstance(numeric_prior, (int, float)) and 0 <= numeric_prior < 1e9
        ):
            raise ValueError(f"numeric_prior must be a number of rows >= 0, got {numeric_prior!r}")
        if isinstance(numeric_kernel, bool) or not (
            isinstance(numeric_kernel, (int, float)) and 0 <= numeric_kernel < 1e6
        ):
            raise ValueError(f"numeric_kernel must be a number >= 0, got {numeric_kernel!r}")
        if isinstance(category_prior, bool) or not (
            isinstance(category_prior, (int, float)) and 0 <= category_prior < 1e9
        ):
            raise ValueError(f"category_prior must be a number of rows >= 0, got {category_prior!r}")
        if isinstance(prune, bool) or not (isinstance(prune, (int, float)) and 0 <= prune < 1e9):
            raise ValueError(f"prune must be a number of rows >= 0, got {prune!r}")
        self.min_samples_leaf = min_samples_leaf
        self.numeric_leaf = numeric_leaf
        self.order, self.n_bins, self.cells = order, n_bins, cells
        self.params = TableParams(
            method=method,
            min_samples_leaf=min_samples_leaf or 0,
            numeric_leaf=numeric_leaf or 0,
            min_count=min_count,
            n_bins=n_bins,
            max_codes=max_codes,
            reject_copies=reject_copies,
            honest=honest,
            joint_bins=joint_bins,
            order=order,
            numeric_prior=float(numeric_prior),
            cells=cells,
            numeric_kernel=float(numeric_kernel),
            category_prior=float(category_prior),
            prune=float(prune),
        )
        if not isinstance(cells, bool):
            raise ValueError(f"cells must be True or False, got {cells!r}")
        if not isinstance(select, bool):
            raise ValueError(f"select must be True or False, got {select!r}")
        self.select = select
        self.first = tuple(first)
        self.keep = tuple(keep)
        self.seed = int(seed)
        self.name = name

    def _get_param(self, name: str) -> Any:
        if name in ("min_samples_leaf", "numeric_leaf", "order", "n_bins", "cells") or not hasattr(self.params, name):
            return getattr(self, name)  # as given (fit may choose a leaf size, an order, bins and cells)
        return getattr(self.params, name)

    # ------------------------------------------------------------------ fit
    def fit(self, data: Any, *, kinds: Mapping[str, Kind | None] | None = None) -> TabularSynthesizer:
        """Learn ``data``: a polars, pandas or Arrow table (``sample`` then returns the same kind)."""
        from simulacra._frames import frame_kind, to_polars

        if frame_kind(data) is None:
            raise TypeError(f"fit expects a data frame (polars, pandas or Arrow), got {type(data).__name__}")
        self.frame_kind_ = frame_kind(data)
        data = to_polars(data)
        self.kinds_ = {**infer_kinds(data), **{c: k for c, k in (kinds or {}).items() if c in data.columns}}
        unknown = [c for c in list(self.first) + list(self.keep) if c not in data.columns]
        if unknown:
            raise SpecError(f"unknown column(s) {unknown}", location=Location(table=self.name))
        for c in self.keep:
            if not self.kinds_.get(c):
                raise SpecError(
                    f"column '{c}' is kept in partial synthesis but cannot be learned (identifier or free text)",
                    location=Location(table=self.name, column=c),
                )
        learn = {c: k for c, k in self.kinds_.items() if k}
        # as given, before any choice
        self.params = replace(self.params, order=self.order, n_bins=self.n_bins, cells=self.cells)
        if not self.min_samples_leaf:  # leaves of ~1% of the rows, 5 to 50: fidelity without copying
            self.params = replace(self.params, min_samples_leaf=max(5, min(50, data.height // 100)))
        if not self.numeric_leaf:  # numbers' trees: finer leaves (see numeric_leaf_for)
            self.params = replace(self.params, numeric_leaf=numeric_leaf_for(self.params.min_samples_leaf))
        self.choices_: list[Choice] = []
        if self.select and self.params.method == "trees" and self.params.order == "data":
            # order and bins chosen per table on an internal split of these rows (see synth/_select.py)
            self.params, self.choices_ = choose_settings(
                data, learn, self.params, seed=self.seed, name=self.name, first=list(self.keep) + list(self.first)
            )
        self.table_ = LearnedTable(name=self.name, params=self.params)
        self.table_.fit(data, learn, seed=self.seed, first=list(self.keep) + list(self.first))
        self.skipped_ = [c for c, k in self.kinds_.items() if not k]
        self.columns_ = [c for c in data.columns if c not in self.skipped_]
        self.n_rows_ = data.height
        return self

    def _fitted(self) -> LearnedTable:
        table = getattr(self, "table_", None)
        if table is None:
            raise NotFittedError(f"this {type(self).__name__} is not fitted yet: call fit(data) first")
        return table

    # ------------------------------------------------------------------ sample
    def sample(
        self,
        n_rows: int | None = None,
        *,
        scale: float = 1.0,
        seed: int | None = None,
        where: str | None = None,
        rebalance: Mapping[str, Mapping[Any, float]] | None = None,
        rows: pl.DataFrame | None = None,
        chunk_size: int = 100_000,
    ) -> pl.DataFrame:
        """New rows; ``where`` conditions them (SQL predicate), ``rebalance`` sets class shares,
        ``rows`` (partial synthesis) supplies the kept columns of each output row."""
        table = self._fitted()
        stream = root_stream(self.seed if seed is None else seed)
        if rows is not None:
            from simulacra._frames import like, to_polars

            return like(self._partial(table, to_polars(rows), stream), rows)
        return self._as_given(self._sample(table, stream, n_rows, scale, where, rebalance, chunk_size))

    def _as_given(self, frame: pl.DataFrame) -> Any:
        """The rows as the kind of frame ``fit`` was given (polars for a loaded model)."""
        from simulacra._frames import as_kind

        return as_kind(frame, getattr(self, "frame_kind_", None))

    def _sample(
        self,
        table: LearnedTable,
        stream: Any,
        n_rows: int | None,
        scale: float,
        where: str | None,
        rebalance: Mapping[str, Mapping[Any, float]] | None,
        chunk_size: int,
    ) -> pl.DataFrame:
        n = int(n_rows) if n_rows is not None else scaled_rows(self.n_rows_, scale)
        if n < 0:
            raise ValueError("n_rows must be >= 0")
        fixed_rb = rebalance_codes(table, rebalance or {}, n, stream)
        fixed, predicate = parse_where(where, table)
        if predicate is not None:
            return self._columns(filtered_sample(table, n, stream, predicate, chunk_size)[0])
        out = []
        for start in range(0, n, chunk_size):
            r = np.arange(start, min(n, start + chunk_size), dtype=np.int64)
            fx = {c: np.full(len(r), code, np.int32) for c, code in fixed.items()}
            fx.update({c: v[start : start + len(r)] for c, v in fixed_rb.items()})
            frame, _, _ = table.sample(r, stream, fixed=fx)
            out.append(frame)
        if not out:
            return self._columns(
                table.decode(np.zeros((0, len(table.columns)), np.int32), np.zeros(0, np.int64), stream)
            )
        return self._columns(pl.concat(out))

    def _columns(self, frame: pl.DataFrame) -> pl.DataFrame:
        return frame.select([c for c in self.columns_ if c in frame.columns])

    def _partial(self, table: LearnedTable, rows: pl.DataFrame, stream: Any) -> pl.DataFrame:
        if not self.keep:
            raise SpecError("partial synthesis needs the kept columns at fit time (keep=[...])")
        missing = [c for c in self.keep if c not in rows.columns]
        if missing:
            raise SpecError(f"rows lack the kept column(s) {missing}", location=Location(table=self.name))
        r = np.arange(rows.height, dtype=np.int64)
        fixed = {c: table.encoders[c].encode(rows.get_column(c)) for c in self.keep}
        frame, _, _ = table.sample(r, stream, fixed=fixed)
        frame = frame.with_columns([rows.get_column(c).alias(c) for c in self.keep])
        return self._columns(frame)

    # ------------------------------------------------------------------ persistence
    def manifest(self) -> dict[str, Any]:
        table = self._fitted()
        choices = getattr(self, "choices_", [])
        selection: dict[str, Any] = {"selection": [c.to_json() for c in choices]} if choices else {}
        return run_manifest(  # the run key set (a model has no start time: its bytes depend on data, params, seed)
            method=self.params.method,
            seed=self.seed,
            started=None,
            rows={self.name: self.n_rows_},
            synthesizer="tabular",
            params={
                **self.params.__dict__,
                "first": list(self.first),
                "keep": list(self.keep),
                "name": self.name,
                "select": self.select,
            },
            n_rows=self.n_rows_,
            columns=self.columns_,
            skipped=self.skipped_,
            kinds={c: k for c, k in self.kinds_.items()},
            table=table.to_json(),
            privacy=privacy_note(table),
            **selection,
        )

    def save(self, path: str | Path, *, overwrite: bool = False) -> Path:
        table = self._fitted()
        return write_model(path, self.manifest(), table.arrays("t"), overwrite=overwrite)

    @classmethod
    @guarded_load
    def load(cls, path: str | Path) -> TabularSynthesizer:
        manifest, arrays = read_model(path)
        if manifest.get("synthesizer") != "tabular":
            raise ModelError(f"{path} holds a {manifest.get('synthesizer')!r} model, not a tabular one")
        p = dict(manifest["params"])
        first, keep, name = p.pop("first"), p.pop("keep"), p.pop("name")
        obj = cls(**p, first=first, keep=keep, seed=manifest["seed"], name=name)
        obj.table_ = LearnedTable.from_saved(manifest["table"], arrays, "t", obj.params)
        obj.kinds_ = dict(manifest["kinds"])
        obj.columns_ = list(manifest["columns"])
        obj.skipped_ = list(manifest["skipped"])
        obj.n_rows_ = int(manifest["n_rows"])
        obj.choices_ = [  # the fit-time choice's scores (absent from models saved before it)
            Choice(dict(c["settings"]), float(c["detection_auc"]), float(c["dcr_share"]))
            for c in manifest.get("selection", [])
        ]
        return obj


def _method(name: str) -> Any:
    def make(**params: Any) -> TabularSynthesizer:
        return TabularSynthesizer(**{"method": name, **params})

    return make


# the shipped single-table methods; a new one is one more register_synthesizer call (docs/extending.md)
register_synthesizer("trees", _method("trees"), description="sequential CART over coded columns (the default)")
register_synthesizer("copula", _method("copula"), description="a Gaussian copula over the same codes (fast baseline)")


def privacy_note(table: LearnedTable) -> dict[str, Any]:
    """What the model does to keep training rows private, for the manifest."""
    rare = {c: e.rare_count for c, e in table.encoders.items() if e.rare_count}
    return {
        "rare_categories": f"categories seen fewer than {table.params.min_count} times are never written verbatim; "
        "they decode to frequent categories, or, where they fill half a text column's rows or "
        "more, to fresh values of the column's kind (value-engine pools or the values' shapes); but the values "
        "of a column the spec marks keep_rare (a closed vocabulary: a status, a type, a code list) are learned "
        "and written however rare (the spec says which)",
        "fresh_values": {
            c: e.fresh.get("source", e.fresh["kind"]) for c, e in table.encoders.items() if e.fresh is not None
        },
        "rare_categories_pooled": rare,
        "copy_rejection": table.params.reject_copies and not table.guard_absent,
        "copy_rejection_note": (
            "absent: the model was saved with a copy guard (copy_guard.npz) that is not beside it, so sampled "
            "rows may equal rare training rows; sample where the model was fitted, or with its copy_guard.npz"
        )
        if table.guard_absent
        else (
            f"a sampled row equal, on every learned column, to a training row whose values fewer "
            f"than {table.params.min_count} training rows share is redrawn (keys and PII are "
            "always made fresh); the model keeps 64-bit hashes of those rows for this in copy_guard.npz "
            "(owner-only): with it anyone can test whether a guessed whole row was in the training data, "
            "so keep that file private; the rest of the folder can be shared without it"
        )
        if table.params.reject_copies
        else "off: sampled rows may equal training rows",
        "near_copies": (
            f"a sampled row equal on every learned column but one to a training row that fewer than "
            f"{table.params.min_count} training rows resemble so is redrawn with probability "
            f"{table.near_redraw:.3f}, calibrated at fit time so the model makes such near copies no "
            "more often than real rows do (leave-one-out on the training rows); only exact values count as "
            "equal (a number drawn within a bin is a new value)"
        )
        if table.params.reject_copies and not table.guard_absent
        else "absent (no copy guard beside the model)"
        if table.guard_absent
        else "off",
        "honest_trees": table.params.honest and table.params.method == "trees",
        "numeric_values": "numbers and dates outside frequent exact values are drawn within quantile bins, "
        "not copied from training rows",
    }


def numeric_leaf_for(min_samples_leaf: int) -> int:
    """Default leaf size of the trees that draw numeric columns' bins: at most ``_NUMERIC_LEAF`` rows.

    A numeric code is a quantile bin whose value is drawn within the bin, so a leaf of few rows
    replays no training value, while leaves of 1% of the rows blur joints that take several
    columns to see (California's coast: latitude x longitude x income). Measured on California
    (dev split, benchmarks/RESULTS.md): numbers' leaves of 50 -> 20 took detection AUC 0.71 -> 0.67
    and TSTR/TRTR 0.89 -> 0.92, the DCR share 0.505 -> 0.513; leaves of 10 everywhere went further
    (0.63, 0.94) but raised the DCR share to 0.53. The size is absolute: a leaf's rows, not its
    share of the table, decide what it can give away."""
    return max(1, min(min_samples_leaf, _NUMERIC_LEAF))


_NUMERIC_LEAF = 20
