"""Pipeline steps: each turns a stream of chunks into a stream of chunks and keeps its funnel.

A step sees chunks of one table (polars DataFrames) carrying the internal ``__row`` column (the row's
position in the input, for determinism and provenance). Streaming steps judge each chunk on its own
(plus the state they keep: dedupe indexes, counts per parent); ``keep_best`` holds at most ``n`` rows
plus one chunk; ``balance`` with ``n_rows`` streams, and without it holds its input.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra.curate.dedupe import REASONS, DuplicateFilter
from simulacra.curate.privacy import DistanceFilter, NgramFilter, RareCombinationFilter
from simulacra.curate.scorers import Detectability, load_callable, text_scores
from simulacra.errors import Location, SpecError

__all__ = ["ROW", "Funnel", "Step", "build_step"]

ROW = "__row"
_EXAMPLES = 3
_NOT_CHECKED = "not_checked (their parent rows are not in this pipeline)"
_PRIVATE_REASONS = {
    "exact_reference",
    "near_reference",
    "semantic_reference",
    "too_close_to_real",
    "rare_combination",
    "shares_ngram",
}


@dataclass
class Funnel:
    """What a step did: rows in, rows out, rows removed per reason and a few examples of each."""

    step: str
    label: str
    rows_in: int = 0
    rows_out: int = 0
    removed: dict[str, int] = field(default_factory=dict)
    examples: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    notes: dict[str, Any] = field(default_factory=dict)

    def drop(
        self, chunk: pl.DataFrame, bad: NDArray[np.bool_], reason: str, detail: Mapping[str, NDArray[Any]] | None = None
    ) -> None:
        idx = np.flatnonzero(bad)
        if len(idx) == 0:
            return
        self.removed[reason] = self.removed.get(reason, 0) + len(idx)
        have = self.examples.setdefault(reason, [])
        for i in idx[: max(0, _EXAMPLES - len(have))]:
            ex: dict[str, Any] = {"row": int(chunk.get_column(ROW)[int(i)])}
            for k, v in (detail or {}).items():
                ex[k] = _jsonable(v[int(i)])
            if reason not in _PRIVATE_REASONS:  # never copy what matched real data into a report
                ex["values"] = {c: _short(chunk.get_column(c)[int(i)]) for c in chunk.columns if c != ROW}
            have.append(ex)

    def as_dict(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "label": self.label,
            "in": self.rows_in,
            "out": self.rows_out,
            "removed": dict(sorted(self.removed.items())),
            "examples": self.examples,
            **({"notes": self.notes} if self.notes else {}),
        }


def _jsonable(v: Any) -> Any:
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float):
        return round(v, 6)
    return v


def _short(v: Any) -> Any:
    if v is None or isinstance(v, (bool, int)):
        return v
    if isinstance(v, float):
        return round(v, 6)
    s = str(v)
    return s if len(s) <= 80 else s[:77] + "..."


class Step:
    """Base: ``run(chunks)`` maps ``process`` over the chunks and counts."""

    def __init__(self, kind: str, params: dict[str, Any], label: str) -> None:
        self.kind = kind
        self.params = params
        self.funnel = Funnel(kind, label)
        self.score_columns: list[str] = []

    def run(self, chunks: Iterator[pl.DataFrame]) -> Iterator[pl.DataFrame]:
        for chunk in chunks:
            self.funnel.rows_in += chunk.height
            out = self.process(chunk)
            self.funnel.rows_out += out.height
            if out.height:
                yield out

    def process(self, chunk: pl.DataFrame) -> pl.DataFrame:
        raise NotImplementedError


class DedupeStep(Step):
    def __init__(self, params: dict[str, Any], label: str, *, reference: pl.DataFrame | None, seed: int) -> None:
        super().__init__("dedupe", params, label)
        threshold = params.get("threshold", 0.8)
        self.filter = DuplicateFilter(
            text=params.get("text"),
            columns=params.get("columns"),
            exact=bool(params.get("exact", True)),
            threshold=None if threshold in (None, False) else float(threshold),
            num_perm=int(params.get("num_perm", 128)),
            shingle=int(params.get("shingle", 5)),
            seed=seed,
            within=bool(params.get("within", True)),
            memory_budget=int(float(params.get("memory_mb", 256)) * 2**20),
        )
        self.reference = reference
        self.columns: list[str] | None = list(params["columns"]) if params.get("columns") else None

    def run(self, chunks: Iterator[pl.DataFrame]) -> Iterator[pl.DataFrame]:
        try:
            yield from super().run(chunks)
        finally:  # the spill folder goes as soon as the stream ends (or fails)
            self.filter.close()

    def process(self, chunk: pl.DataFrame) -> pl.DataFrame:
        if self.columns is None and not self.params.get("text"):  # rows: the data columns shared with the reference
            self.columns = [
                c
                for c in chunk.columns
                if c != ROW and not c.startswith("score_") and (self.reference is None or c in self.reference.columns)
            ]
            self.funnel.notes["columns"] = self.columns
        if self.reference is not None:
            self.filter.add_reference(self._align(self.reference))
            self.reference = None
        v = self.filter.check(self._align(chunk))
        # what it keeps in memory between chunks (bounded by memory_mb) and what it spilled to disk past that
        self.funnel.notes["state_bytes"] = self.filter.state_bytes
        self.funnel.notes["spilled_bytes"] = self.filter.spilled_bytes
        for code in range(1, len(REASONS)):
            self.funnel.drop(chunk, v.reason == code, REASONS[code], {"similarity": v.similarity, "matched": v.matched})
        return chunk.filter(pl.Series(v.keep))

    def _align(self, frame: pl.DataFrame) -> pl.DataFrame:
        if self.params.get("text"):
            return frame.select(pl.col(self.params["text"]))
        assert self.columns is not None
        return frame.select(self.columns)


class SemanticStep(Step):
    """Texts whose bag-of-words cosine to a kept or reference text reaches ``threshold`` (curate.semantic)."""

    def __init__(self, params: dict[str, Any], label: str, *, reference: pl.DataFrame | None) -> None:
        super().__init__("semantic", params, label)
        from simulacra.curate.semantic import SemanticFilter

        if not params.get("text"):
            raise ValueError("semantic needs text: COLUMN")
        self.text = str(params["text"])
        self.filter = SemanticFilter(
            threshold=float(params.get("threshold", 0.9)),
            ngram=int(params.get("ngram", 2)),
            within=bool(params.get("within", True)),
        )
        self.reference = reference

    def process(self, chunk: pl.DataFrame) -> pl.DataFrame:
        if self.reference is not None:
            self.filter.add_reference(self.reference.get_column(self.text))
            self.reference = None
        reason, sim, matched = self.filter.check(chunk.get_column(self.text))
        detail = {"similarity": sim, "matched": matched}
        self.funnel.drop(chunk, reason == 1, "semantic_reference", detail)
        self.funnel.drop(chunk, reason == 2, "semantic_duplicate", detail)
        return chunk.filter(pl.Series(reason == 0))


class PrivacyStep(Step):
    def __init__(self, params: dict[str, Any], label: str, *, reference: pl.DataFrame) -> None:
        super().__init__("privacy", params, label)
        self.distance = self.rare = self.ngram = None
        self.text = params.get("text")
        if params.get("min_distance") is not None:
            cols = params.get("columns") or [c for c in reference.columns if c != ROW and c != self.text]
            self.distance = DistanceFilter(reference, min_distance=float(params["min_distance"]), columns=cols)
        if params.get("quasi_identifiers"):
            self.rare = RareCombinationFilter(
                reference, columns=list(params["quasi_identifiers"]), k=int(params.get("k", 5))
            )
            self.funnel.notes["rare_combinations_in_real"] = self.rare.rare_combinations
        if self.text:
            self.ngram = NgramFilter(reference.get_column(self.text), n=int(params.get("ngram", 12)))

    def process(self, chunk: pl.DataFrame) -> pl.DataFrame:
        keep = np.ones(chunk.height, dtype=bool)
        if self.distance is not None:
            d, _ = self.distance.distances(chunk)
            bad = keep & (d < self.distance.min_distance)
            self.funnel.drop(chunk, bad, "too_close_to_real", {"distance": d})
            keep &= ~bad
        if self.rare is not None:
            bad = keep & ~self.rare.check(chunk)
            self.funnel.drop(chunk, bad, "rare_combination")
            keep &= ~bad
        if self.ngram is not None:
            if self.text is None:
                raise ValueError("privacy: the n-gram check needs the text column (params 'text')")
            bad = keep & ~self.ngram.check(chunk.get_column(self.text))
            self.funnel.drop(chunk, bad, "shares_ngram")
            keep &= ~bad
        return chunk.filter(pl.Series(keep))


class ValidityStep(Step):
    def __init__(
        self,
        params: dict[str, Any],
        label: str,
        *,
        plan: Any,
        table: str,
        others: Callable[[], Mapping[str, pl.DataFrame]] | None,
    ) -> None:
        super().__init__("validity", params, label)
        from simulacra._row_constraints import row_constraints

        self.plan, self.table = plan, table
        self._others_of = others
        self.others: dict[str, pl.DataFrame] = {}
        every = row_constraints(plan.spec, table)
        # a constraint reading a parent's column needs that parent's rows (there when the input is generated here)
        self.constraints = [c for c in every if not any("." in n for n in c.names()) or others is not None]
        self.funnel.notes["constraints"] = [c.describe() for c in self.constraints]
        skipped = [c.describe() for c in every if c not in self.constraints]
        if skipped:
            self.funnel.notes[_NOT_CHECKED] = skipped

    def process(self, chunk: pl.DataFrame) -> pl.DataFrame:
        from simulacra._dataset_checks import with_parent_refs

        if self._others_of is not None:  # read the parent tables once, when the first chunk comes
            self.others = dict(self._others_of())
            self._others_of = None
        keep = np.ones(chunk.height, dtype=bool)
        for c in self.constraints:
            if any("." in n for n in c.names()) and not self.others:
                skipped = self.funnel.notes.setdefault(_NOT_CHECKED, [])
                if c.describe() not in skipped:
                    skipped.append(c.describe())
                continue
            view = (
                with_parent_refs(self.plan, self.table, {**self.others, self.table: chunk}, c.names())
                if any("." in n for n in c.names())
                else chunk
            )
            ok = np.asarray(c.check(view), dtype=bool)
            bad = keep & ~ok
            self.funnel.drop(chunk, bad, f"constraint: {c.describe()}")
            keep &= ok
        return chunk.filter(pl.Series(keep))


class ScoreStep(Step):
    """Adds ``score_<name>`` column(s); removes nothing."""

    def __init__(self, params: dict[str, Any], label: str, *, reference: pl.DataFrame | None, seed: int) -> None:
        super().__init__("score", params, label)
        self.name = str(
            params.get("name")
            or ("detectability" if params.get("detectability") else "text" if params.get("text") else "custom")
        )
        self.detector: Detectability | None = None
        self.fn: Callable[..., Any] | None = None
        self.offset = 0
        if params.get("detectability"):
            det = params["detectability"] if isinstance(params["detectability"], Mapping) else {}
            if reference is None:
                raise ValueError("detectability needs a real source: against: NAME")
            self.detector = Detectability(
                reference.drop(ROW, strict=False), columns=det.get("columns") or params.get("columns"), seed=seed
            )
            self.score_columns = [f"score_{self.name}"]
        elif params.get("text"):
            self.text = str(params["text"])
            self.language = params.get("language")
            if self.language is not None:
                from simulacra.curate.scorers import STOPWORDS

                if self.language not in STOPWORDS:
                    raise ValueError(f"unknown language '{self.language}'; known: {', '.join(sorted(STOPWORDS))}")
            self.score_columns = [
                f"score_{self.name}_{k}" for k in ("length", "repetition", "leftovers", "quality")
            ] + ([f"score_{self.name}_language"] if self.language else [])
        elif params.get("callable"):
            self.fn = load_callable(str(params["callable"]))
            self.score_columns = [f"score_{self.name}"]
        else:
            raise ValueError("score needs one of detectability, text or callable")

    def process(self, chunk: pl.DataFrame) -> pl.DataFrame:
        if self.detector is not None:
            if not self.detector._models:
                self.detector.fit(chunk.drop(ROW))
                self.funnel.notes["detection_auc_first_chunk"] = (
                    None if self.detector.auc_ is None else round(self.detector.auc_, 4)
                )
            s = self.detector.score(chunk.drop(ROW), self.offset)
            out = chunk.with_columns(pl.Series(self.score_columns[0], s))
        elif self.fn is not None:
            s = np.asarray(self.fn(chunk.drop(ROW)), dtype=np.float64)
            if s.shape != (chunk.height,):
                raise ValueError(f"scorer {self.params['callable']} returned shape {s.shape} for {chunk.height} rows")
            out = chunk.with_columns(pl.Series(self.score_columns[0], s))
        else:
            scores = text_scores(chunk.get_column(self.text), self.language)
            out = chunk.with_columns([pl.Series(f"score_{self.name}_{k}", v) for k, v in scores.items()])
        self.offset += chunk.height
        return out


class FilterStep(Step):
    def __init__(self, params: dict[str, Any], label: str) -> None:
        super().__init__("filter", params, label)
        self.column = str(params.get("column") or f"score_{params.get('score')}")
        self.min, self.max = params.get("min"), params.get("max")
        if self.min is None and self.max is None:
            raise ValueError("filter needs min or max")

    def process(self, chunk: pl.DataFrame) -> pl.DataFrame:
        if self.column not in chunk.columns:
            raise KeyError(self.column)
        v = chunk.get_column(self.column).cast(pl.Float64).fill_null(np.nan).to_numpy()
        keep = np.ones(chunk.height, dtype=bool)
        if self.min is not None:
            bad = keep & ~(v >= float(self.min))
            self.funnel.drop(chunk, bad, f"{self.column} < {self.min}", {self.column: v})
            keep &= ~bad
        if self.max is not None:
            bad = keep & ~(v <= float(self.max))
            self.funnel.drop(chunk, bad, f"{self.column} > {self.max}", {self.column: v})
            keep &= ~bad
        return chunk.filter(pl.Series(keep))


class KeepBestStep(Step):
    """The ``n`` rows with the best ``by`` (ties: earlier input first); holds at most ``n`` + one chunk."""

    def __init__(self, params: dict[str, Any], label: str) -> None:
        super().__init__("keep_best", params, label)
        self.n = int(params["n"])
        self.by = str(params["by"])
        self.desc = str(params.get("order", "desc")) == "desc"

    def run(self, chunks: Iterator[pl.DataFrame]) -> Iterator[pl.DataFrame]:
        best: pl.DataFrame | None = None
        for chunk in chunks:
            self.funnel.rows_in += chunk.height
            both = chunk if best is None else pl.concat([best, chunk], how="vertical_relaxed")
            best = both.sort([self.by, ROW], descending=[self.desc, False], nulls_last=True).head(self.n)
        if best is None:
            return
        best = best.sort(ROW)
        self.funnel.rows_out = best.height
        if self.funnel.rows_in > best.height:
            self.funnel.removed["not_among_best"] = self.funnel.rows_in - best.height
        yield best


class BalanceStep(Step):
    """Rows kept so that ``column`` follows ``distribution``: quotas of ``n_rows`` (streamed, first rows of each
    value kept) or, without ``n_rows``, the largest total the input allows."""

    def __init__(self, params: dict[str, Any], label: str) -> None:
        super().__init__("balance", params, label)
        self.column = str(params["column"])
        dist = {str(k): float(v) for k, v in dict(params["distribution"]).items()}
        total = sum(dist.values())
        if total <= 0 or any(v < 0 for v in dist.values()):
            raise ValueError("distribution needs non-negative shares that add up to more than 0")
        self.dist = {k: v / total for k, v in dist.items()}
        self.n_rows = params.get("n_rows")

    def _quotas(self, n: int) -> dict[str, int]:
        q = {k: int(np.floor(n * p)) for k, p in self.dist.items()}
        rest = n - sum(q.values())
        for k in sorted(self.dist, key=lambda k: (-(n * self.dist[k] - q[k]), k))[:rest]:
            q[k] += 1
        return q

    def run(self, chunks: Iterator[pl.DataFrame]) -> Iterator[pl.DataFrame]:
        if self.n_rows is None:
            parts = list(chunks)
            frame = pl.concat(parts, how="vertical_relaxed") if parts else None
            if frame is None:
                return
            counts = frame.get_column(self.column).cast(pl.String).value_counts()
            have = dict(
                zip(counts.get_column(self.column).to_list(), counts.get_column("count").to_list(), strict=True)
            )
            n = min((int(have.get(k, 0) / p) for k, p in self.dist.items() if p > 0), default=0)
            quotas = self._quotas(n)
            chunks = iter([frame])
        else:
            quotas = self._quotas(int(self.n_rows))
        taken = dict.fromkeys(quotas, 0)
        for chunk in chunks:
            self.funnel.rows_in += chunk.height
            vals = chunk.get_column(self.column).cast(pl.String).to_list()
            keep = np.zeros(chunk.height, dtype=bool)
            for i, v in enumerate(vals):
                if v in quotas and taken[v] < quotas[v]:
                    taken[v] += 1
                    keep[i] = True
            other = np.array([v not in quotas for v in vals], dtype=bool)
            self.funnel.drop(chunk, other, f"{self.column} not in the distribution")
            self.funnel.drop(chunk, ~keep & ~other, f"{self.column} over its share")
            self.funnel.rows_out += int(keep.sum())
            if keep.any():
                yield chunk.filter(pl.Series(keep))
        short = {k: quotas[k] - taken[k] for k in quotas if taken[k] < quotas[k]}
        self.funnel.notes["quotas"] = quotas
        if short:
            self.funnel.notes["short_of_quota"] = short


class CapStep(Step):
    """At most ``max`` rows per value of ``column`` (a parent entity), the first ones kept."""

    def __init__(self, params: dict[str, Any], label: str) -> None:
        super().__init__("cap", params, label)
        self.column = str(params["column"])
        self.max = int(params["max"])
        self.counts: dict[Any, int] = {}

    def process(self, chunk: pl.DataFrame) -> pl.DataFrame:
        vals = chunk.get_column(self.column).to_list()
        keep = np.zeros(chunk.height, dtype=bool)
        for i, v in enumerate(vals):
            c = self.counts.get(v, 0)
            if c < self.max:
                keep[i] = True
                self.counts[v] = c + 1
        self.funnel.drop(chunk, ~keep, f"more than {self.max} per {self.column}")
        return chunk.filter(pl.Series(keep))


def build_step(
    kind: str,
    params: dict[str, Any],
    *,
    label: str,
    where: Location,
    seed: int,
    reference: pl.DataFrame | None,
    plan: Any = None,
    table: str | None = None,
    others: Callable[[], Mapping[str, pl.DataFrame]] | None = None,
) -> Step:
    """The step object for a declared step; a bad parameter is a SpecError at the step's line."""
    try:
        if kind == "dedupe":
            return DedupeStep(params, label, reference=reference, seed=seed)
        if kind == "semantic":
            return SemanticStep(params, label, reference=reference)
        if kind == "privacy":
            if reference is None:
                raise ValueError("privacy needs the real data: against: SOURCE")
            return PrivacyStep(params, label, reference=reference)
        if kind == "validity":
            if plan is None or table is None:
                raise ValueError("validity needs a spec: give spec: PATH (and table:) or run it over a generate source")
            return ValidityStep(params, label, plan=plan, table=table, others=others)
        if kind == "score":
            return ScoreStep(params, label, reference=reference, seed=seed)
        if kind == "filter":
            return FilterStep(params, label)
        if kind == "keep_best":
            return KeepBestStep(params, label)
        if kind == "balance":
            return BalanceStep(params, label)
        if kind == "cap":
            return CapStep(params, label)
    except SpecError:
        raise
    except (ValueError, KeyError, TypeError, ImportError, AttributeError) as exc:
        msg = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        raise SpecError(f"step '{kind}': {msg}", location=where) from None
    raise SpecError(f"unknown step '{kind}'", location=where)


def params_json(params: Mapping[str, Any]) -> str:
    return json.dumps(params, sort_keys=True, default=str)
