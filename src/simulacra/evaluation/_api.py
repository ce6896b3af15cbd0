"""``evaluate``: run every metric that applies and gather the results into a Report."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from simulacra.errors import Location, Problem, SpecError, did_you_mean
from simulacra.evaluation import chunked as _chunked
from simulacra.evaluation import collapse as _collapse
from simulacra.evaluation import fidelity, multitable, privacy, utility
from simulacra.evaluation import slices as _slices
from simulacra.evaluation import text as _text
from simulacra.evaluation._align import Alignment, MismatchError, align_inputs, trim_names
from simulacra.evaluation._frames import (
    ColumnInfo,
    align,
    continuous,
    infer_columns,
    top_values,
)
from simulacra.evaluation._types import (
    MetricResult,
    derive_seed,
    failed,
    guarded,
    mean_present,
    rng_for,
)
from simulacra.evaluation.chunked import ChunkRunner
from simulacra.evaluation.metrics import PRIVACY_HEADLINE
from simulacra.evaluation.report import DEFAULT_THRESHOLDS, Report, parse_threshold
from simulacra.evaluation.spec import EvaluationSpec, load_evaluation_spec

__all__ = ["evaluate", "placement", "summarize"]

Source = pl.DataFrame | Mapping[str, pl.DataFrame] | str | Path
ProgressFn = Callable[[str], None]


def _tables(x: Source, role: str, typing: _SourceTyping | None = None) -> dict[str, pl.DataFrame]:
    if typing is not None and isinstance(x, str | Path):
        frames = typing.typed(typing.read(x, role))  # every path read alike: fit's reader, the real data's types
    else:
        frames = _read_tables(x, role)
    empty = [k for k, v in frames.items() if v.height == 0] if role == "real" else []
    if empty:  # nothing to compare against: every score would be vacuous, never a pass
        where = Location(file=str(x) if isinstance(x, str | Path) else None, table=empty[0])
        raise SpecError("the real table has no rows, so nothing can be evaluated against it", location=where)
    return frames


class _SourceTyping:
    """The real data's column types, inferred from its text, applied to every input read from a path.

    A raw source (files, a database) is read as text where its format says so (dates
    like ``931107 00:00:00``, numbers beside ``?`` markers); ``fit`` types it and
    ``sample`` writes the source's form back. So that a sample lines up with its source,
    every path input is read by fit's reader (``?`` and blanks are missing on both
    sides), and a text column whose every real value parses as a date/time or a number
    is typed so on every side where its values parse too.
    """

    def __init__(self, real: str | Path, real_frames: dict[str, pl.DataFrame]) -> None:
        from simulacra.evaluation._align import typed_like

        self.real, self.real_frames = real, real_frames  # read once: the real data is not read again
        self.types: dict[tuple[str, str], pl.DataType] = {}
        for t, frame in real_frames.items():
            for c, dtype in frame.schema.items():
                if dtype != pl.String or frame[c].drop_nulls().len() == 0:
                    continue
                for like in (pl.Int64(), pl.Float64(), pl.Datetime("us")):
                    if typed_like(frame[c], like) is not None:
                        self.types[(t, c)] = like
                        break

    def read(self, x: str | Path, role: str) -> dict[str, pl.DataFrame]:
        """Any path by fit's reader (a sample's '?' is missing as the source's is); the real data as already read."""
        return self.real_frames if x is self.real else _read_raw(x, role)

    @classmethod
    def of(cls, real: Source) -> _SourceTyping | None:
        """Typing from ``real`` when it is a raw source read from a path (not a simulacra output), else None."""
        if not isinstance(real, str | Path):
            return None
        from simulacra.errors import SimulacraError
        from simulacra.io import read_manifest

        try:
            if read_manifest(real) is not None:
                return None
        except SimulacraError:
            pass
        try:
            return cls(real, _read_raw(real, "real"))
        except SimulacraError:
            return None  # reported by the ordinary read

    def typed(self, frames: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
        from simulacra.evaluation._align import typed_like

        out = {}
        for t, frame in frames.items():
            cols = []
            for c, dtype in frame.schema.items():
                like = self.types.get((t, c))
                new = typed_like(frame[c], like) if like is not None and dtype == pl.String else None
                if new is not None:
                    cols.append(new)
            out[t] = frame.with_columns(cols) if cols else frame
        return out


def _read_raw(x: str | Path, role: str) -> dict[str, pl.DataFrame]:
    """``x`` by fit's reader (``read_source``), without simulacra's manifest table."""
    from simulacra.io import MANIFEST_TABLE
    from simulacra.sources import read_source

    frames = {k: v for k, v in read_source(x).frames.items() if k != MANIFEST_TABLE}
    if not frames:
        raise SpecError(f"{role}: {x} holds no tables")
    return frames


def _read_tables(x: Source, role: str) -> dict[str, pl.DataFrame]:
    if not isinstance(x, str | Path | Mapping):
        x = _as_polars(x, role)
    if isinstance(x, pl.DataFrame):
        return {"data": x}
    if isinstance(x, Mapping):
        out = {}
        for k, v in x.items():
            try:
                out[k] = v if isinstance(v, pl.DataFrame) else _as_polars(v, f"{role}: table '{k}'")
            except SpecError:
                raise SpecError(
                    f"{role}: table '{k}' is not a data frame (polars, pandas or Arrow); got {type(v).__name__}"
                ) from None
        return out
    frames = _read(x)
    if not frames:
        raise SpecError(f"{role}: {x} holds no tables")
    return frames


def _as_polars(x: Any, role: str) -> pl.DataFrame:
    from simulacra._frames import to_polars

    try:
        return to_polars(x)
    except TypeError:
        raise SpecError(
            f"{role}: expected a data frame (polars, pandas or Arrow), a dict of them or a source "
            f"(path/URL); got {type(x).__name__}"
        ) from None


def _read(x: str | Path) -> dict[str, pl.DataFrame]:
    """A simulacra output through ``read_dataset`` (its recorded dtypes restored); anything else through the
    same reader as ``fit`` (``read_source``), so every format fit reads, evaluate reads (text columns that hold
    dates or numbers on one side are typed like the other side when the inputs are aligned)."""
    from simulacra.errors import SimulacraError
    from simulacra.io import read_dataset, read_manifest

    try:
        manifest = read_manifest(x)
    except SimulacraError:
        manifest = None
    if manifest is not None:
        return read_dataset(x)
    from simulacra.sources import read_source

    return dict(read_source(x).frames)


def _output_manifest(x: Any) -> dict[str, Any]:
    """The manifest a simulacra output folder holds (``simulacra sample``), or an empty one: frames in memory,
    a folder written by something else, a manifest that cannot be read."""
    if not isinstance(x, str | Path):
        return {}
    from simulacra.errors import SimulacraError
    from simulacra.io import read_manifest

    try:
        return dict(read_manifest(x) or {})
    except SimulacraError:
        return {}


def _copied_tables(manifest: dict[str, Any]) -> set[str]:
    """Tables a simulacra sample's manifest says the model copied whole as reference data (lookup tables)."""
    notes = manifest.get("privacy") or {}
    return {t for t, note in notes.items() if isinstance(note, dict) and note.get("copied_as_reference")}


def _where(x: Any) -> str | None:
    """How a side is named in located errors: its path or URL, or None for frames in memory."""
    if isinstance(x, str | Path):
        from simulacra.io._target import is_url, mask

        return mask(str(x)) if is_url(str(x)) else str(x)
    return None


# what the progress line says while each stage runs (the timings keep the short names)
_STAGES = {
    "read": "reading the inputs",
    "align": "aligning real, synthetic and holdout (names, types, categories, target classes)",
    "fidelity": "fidelity: column shapes, pair trends, coverage, missing values",
    "detection": "detection: gradient boosting told to separate real from synthetic rows (k folds)",
    "utility": "utility: models trained on synthetic and on real rows, tested on real rows (TSTR/TRTR)",
    "privacy": "privacy: distances to closest records, membership, singling-out, linkability, inference attacks",
    "text": "text: lengths, vocabulary, near-duplicates, memorized phrases",
    "slices": "slices: scores per value of the slice columns",
    "figures": "figures: histograms and association matrices",
    "multi-table": "multi-table: referential integrity, child counts, parent-child trends",
    "collapse": "collapse: every generation against the real data",
}


@contextmanager
def _stage(timings: dict[str, float], name: str, progress: ProgressFn | None) -> Iterator[None]:
    if progress:
        progress(_STAGES.get(name, name))
    t = time.perf_counter()
    try:
        yield
    finally:
        timings[name] = timings.get(name, 0.0) + round(time.perf_counter() - t, 4)


def _figures(
    real: pl.DataFrame, synthetic: pl.DataFrame, infos: Sequence[ColumnInfo], pairs: Sequence[MetricResult]
) -> dict[str, Any]:
    """Small summaries the HTML plots are drawn from (histograms, category shares, association matrices)."""
    cols: list[dict[str, Any]] = []
    for info in infos:
        if info.continuous:
            xr, xs = continuous(real[info.name]), continuous(synthetic[info.name])
            fr, fs = xr[np.isfinite(xr)], xs[np.isfinite(xs)]
            if fr.size == 0:
                continue
            lo, hi = float(fr.min()), float(fr.max())
            if fs.size:
                lo, hi = min(lo, float(np.quantile(fs, 0.001))), max(hi, float(np.quantile(fs, 0.999)))
            edges = np.linspace(lo, hi if hi > lo else lo + 1, 31)
            hr = np.histogram(fr, edges)[0] / max(fr.size, 1)
            hs = np.histogram(fs, edges)[0] / max(fs.size, 1) if fs.size else np.zeros(30)
            cols.append(
                {
                    "column": info.name,
                    "kind": info.kind,
                    "edges": edges.tolist(),
                    "real": hr.tolist(),
                    "synthetic": hs.tolist(),
                }
            )
        elif info.discrete:
            r = real[info.name].cast(pl.String).fill_null("(missing)")
            s = synthetic[info.name].cast(pl.String).fill_null("(missing)")
            vc = r.value_counts(sort=True)
            top = top_values(r, 12)
            share_r = {v: c / len(r) for v, c in zip(vc[vc.columns[0]].to_list(), vc["count"].to_list(), strict=True)}
            vs = s.value_counts()
            share_s = {
                v: c / max(len(s), 1) for v, c in zip(vs[vs.columns[0]].to_list(), vs["count"].to_list(), strict=True)
            }
            labels = list(top)
            rr = [share_r.get(v, 0.0) for v in top]
            ss = [share_s.get(v, 0.0) for v in top]
            if len(share_r) > len(top) or set(share_s) - set(top):
                labels.append("(other)")
                rr.append(max(0.0, 1 - sum(rr)))
                ss.append(max(0.0, 1 - sum(ss)))
            cols.append({"column": info.name, "kind": info.kind, "labels": labels, "real": rr, "synthetic": ss})
    names = [i.name for i in infos if i.continuous or i.discrete]
    k = len(names)
    pos = {n: j for j, n in enumerate(names)}
    mr, ms = np.eye(k), np.eye(k)
    for p in pairs:
        if p.error or len(p.columns) != 2:
            continue
        a, b = pos.get(p.columns[0]), pos.get(p.columns[1])
        if a is None or b is None:
            continue
        got_r, got_s = p.details.get("real"), p.details.get("synthetic")
        mr[a, b] = mr[b, a] = abs(got_r) if got_r is not None and np.isfinite(got_r) else np.nan
        ms[a, b] = ms[b, a] = abs(got_s) if got_s is not None and np.isfinite(got_s) else np.nan
    return {"distributions": cols, "association": {"columns": names, "real": mr.tolist(), "synthetic": ms.tolist()}}


def _check_column(name: str, infos: Sequence[ColumnInfo], what: str, table: str | None) -> ColumnInfo:
    for i in infos:
        if i.name == name:
            return i
    names = [i.name for i in infos]
    raise SpecError(
        f"{what} '{name}' is not a column{did_you_mean(name, names)}; columns: {', '.join(names)}",
        location=Location(table=table),
    )


def _table_eval(
    name: str | None,
    al: Alignment,
    spec: EvaluationSpec,
    slice_cols: Sequence[str],
    seed: int,
    timings: dict[str, float],
    progress: ProgressFn | None,
    overrides: Mapping[str, str],
    runner: ChunkRunner | None = None,
    copied: bool = False,
) -> dict[str, Any]:
    drop = sorted(al.drop)
    real = al.real.drop([c for c in drop if c in al.real.columns])
    syn = al.synthetic.drop([c for c in drop if c in al.synthetic.columns])
    hold = al.holdout.drop([c for c in drop if c in al.holdout.columns]) if al.holdout is not None else None
    target = al.target
    skipped: list[MetricResult] = []
    if target is not None and (al.target_problem or target in al.drop):
        why = al.target_problem or f"target '{target}' is not on every side"
        skipped.append(failed("tstr_auc", f"not computed: {why}", columns=(target,), table=name))
        target = None
    if hold is not None and al.holdout_problem:
        why = "not computed: the holdout does not line up with the real data (see the warnings)"
        skipped += [
            failed(m, why, table=name)
            for m in ("dcr_share", "membership_inference", "singling_out_risk", "linkability_risk", "inference_risk")
        ]
        hold = None
    infos = infer_columns(real, overrides)
    syn = align(real, syn, infos)
    hold = align(real, hold, infos) if hold is not None else None
    if target is not None:
        _check_column(target, infos, "target", name)
    for c in slice_cols:
        if c not in al.drop:
            _check_column(c, infos, "slice column", name)
    slice_cols = [c for c in slice_cols if c not in al.drop]
    for c in spec.secrets:
        if c in real.columns or (name is None and c not in al.drop):
            _check_column(c, infos, "secret column", name)
    results: list[MetricResult] = list(skipped)
    with _stage(timings, "fidelity", progress):
        q = (
            fidelity.quality(real, syn, infos, table=name)
            if runner is None
            else _chunked.quality(real, syn, infos, runner, table=name)
        )
        results += [*q.shapes, *q.pairs]
        results += guarded("coverage", lambda: fidelity.coverage(real, syn, infos, table=name), table=name)
        results += guarded("missing_values", lambda: fidelity.missing_values(real, syn, infos, table=name), table=name)
    with _stage(timings, "detection", progress):
        det, det_run = fidelity.detection(
            real, syn, infos, seed=derive_seed(seed, "detection", name or ""), folds=spec.detection_folds, table=name
        )
        results.append(det)
    util_run = None
    if target is not None:
        with _stage(timings, "utility", progress):
            if hold is not None:
                test, train_real, note = hold, real, None
            else:
                # without a holdout, TRTR tests on a split of the real data; the synthesizer may have seen those rows
                rng = rng_for(seed, "utility-split")
                mask = rng.random(len(real)) < 0.3
                test, train_real = real.filter(pl.Series(mask)), real.filter(pl.Series(~mask))
                note = "no holdout given: tested on 30% of the real data, which the synthesizer may have seen"
            ures, util_run = utility.utility(
                train_real, syn, test, target, infos, seed=seed, table=name, test_note=note
            )
            results += ures
    if spec.privacy:
        with _stage(timings, "privacy", progress):
            counter = None if runner is None else _chunked.matches_in_partitions(runner)
            if copied:  # a lookup table the model copies whole: its rows are the real ones by design
                why = "not computed: a lookup table the model copies whole as reference data (the sample's manifest)"
                results.append(failed("exact_match_rate", why, table=name))
            else:
                results.append(privacy.exact_match(real, syn, infos, hold, table=name, count_matches=counter))
            if hold is not None and len(hold):
                if copied:
                    why = (
                        "not computed: a lookup table the model copies whole as reference data (the sample's manifest)"
                    )
                    results.append(failed("value_copy_rate", why, table=name))
                else:
                    results += guarded(
                        "value_copy_rate", lambda: privacy.value_copies(real, syn, hold, infos, table=name), table=name
                    )
                search = None if runner is None else _chunked.nearest_in_blocks(runner)
                results += privacy.dcr(real, syn, hold, infos, seed=seed, table=name, search=search)
                results += guarded(
                    "membership_inference",
                    lambda: [privacy.membership_inference(real, syn, hold, infos, seed=seed, table=name)],
                    table=name,
                )
                n = spec.n_attacks
                results += guarded(
                    "singling_out_risk",
                    lambda: [privacy.singling_out_risk(real, syn, hold, infos, n_attacks=n, seed=seed, table=name)],
                    table=name,
                )
                results += guarded(
                    "linkability_risk",
                    lambda: [privacy.linkability_risk(real, syn, hold, infos, n_attacks=n, seed=seed, table=name)],
                    table=name,
                )
                secrets = [c for c in spec.secrets if c in real.columns] or ([target] if target else [])
                if not secrets:
                    usable = [i.name for i in infos if i.discrete] or [i.name for i in infos if i.continuous]
                    secrets = usable[-1:]
                for sec in secrets:
                    results += guarded(
                        "inference_risk",
                        lambda sec=sec: [
                            privacy.inference_risk(  # type: ignore[misc]
                                real, syn, hold, infos, sec, n_attacks=n, seed=seed, table=name
                            )
                        ],
                        table=name,
                    )
    texts = [i for i in infos if i.kind == "text"]
    if texts:
        with _stage(timings, "text", progress):
            for i in texts:
                results += guarded(
                    "text",
                    lambda i=i: _text.text_metrics(  # type: ignore[misc]
                        real[i.name].to_list(),
                        syn[i.name].to_list(),
                        hold[i.name].to_list() if hold is not None else None,
                        column=i.name,
                        table=name,
                        seed=seed,
                    ),
                    table=name,
                )
    slice_rows = []
    if slice_cols:
        with _stage(timings, "slices", progress):
            slice_rows = _slices.slice_table(
                real,
                syn,
                infos,
                slice_cols,
                holdout=hold,
                detection_run=det_run,
                utility_run=util_run,
                min_support=spec.min_support,
            )
    with _stage(timings, "figures", progress):
        figs = _figures(real, syn, infos, q.pairs)
    return {
        "infos": infos,
        "quality": q,
        "results": results,
        "slices": slice_rows,
        "figures": figs,
        "rows": (len(real), len(syn), None if hold is None else len(hold)),
        "synthetic": syn,
    }


def summarize(
    per_table: Mapping[str | None, dict[str, Any]], extra: Sequence[MetricResult]
) -> tuple[dict[str, float | None], dict[str, float | None]]:
    """The report's headline numbers from the per-table results and the ``extra`` (cross-table) ones: (raw values,
    scores) by key (quality, shapes, pair trends, detection, coverage, missing values, the utility runs)."""
    raw: dict[str, float | None] = {}
    score: dict[str, float | None] = {}
    tabs = list(per_table.values())
    allres = [r for t in tabs for r in t["results"]] + list(extra)

    def put(key: str, r: float | None, s: float | None) -> None:
        raw[key], score[key] = r, s

    for key in ("quality", "column_shapes", "column_pair_trends"):
        v = mean_present([getattr(t["quality"], "score" if key == "quality" else key) for t in tabs])
        put(key, v, v)

    def by(metric: str) -> list[MetricResult]:
        return [r for r in allres if r.metric == metric and r.ok]

    det = by("detection_auc")
    put("detection_auc", mean_present([r.raw for r in det]), mean_present([r.score for r in det]))
    cov = by("category_coverage") + by("range_coverage")
    put("coverage", mean_present([r.raw for r in cov]), mean_present([r.score for r in cov]))
    mv = by("missing_pattern_similarity")
    put("missing_values", mean_present([r.score for r in mv]), mean_present([r.score for r in mv]))
    for m in (
        "tstr_auc",
        "trtr_auc",
        "tstr_r2",
        "trtr_r2",
        "tstr_auc_linear",
        "trtr_auc_linear",
        "tstr_r2_linear",
        "trtr_r2_linear",
        "feature_importance_agreement",
    ):
        rs = by(m)
        if rs:
            put(m, rs[0].raw, rs[0].score)
    if any(r.metric == "tstr_auc" and r.error for r in allres) and "tstr_auc" not in raw and "tstr_r2" not in raw:
        put("tstr_auc", None, None)  # a target was given but no model could be trained: say so, keep the key
        put("trtr_auc", None, None)
    # privacy: the worst table counts
    for m in PRIVACY_HEADLINE:
        rs = by(m)
        if rs:
            worst = min(rs, key=lambda r: r.score if r.score is not None else 1.0)
            put(m, worst.raw, worst.score)
        elif m in ("exact_match_rate",) or any(r.metric == m for r in allres):
            put(m, None, None)
    if any(r.metric == "dcr_share" for r in allres) or any(r.metric == "exact_match_rate" for r in allres):
        for m in PRIVACY_HEADLINE[1:]:
            raw.setdefault(m, None)
            score.setdefault(m, None)
    for m in ("referential_integrity", "cardinality"):
        rs = by(m)
        if rs:
            put(
                m,
                min(r.raw for r in rs if r.raw is not None)
                if m == "referential_integrity"
                else mean_present([r.raw for r in rs]),
                min(r.score for r in rs if r.score is not None)
                if m == "referential_integrity"
                else mean_present([r.score for r in rs]),
            )
    it = [r for r in by("intertable_trends") if r.details.get("counts")]
    if any(r.metric == "intertable_trends" for r in allres):
        v = mean_present([r.score for r in it])
        put("intertable_trends", v, v)
    for m in ("text_length", "text_vocabulary", "text_diversity", "text_near_duplicates", "text_memorization"):
        rs = by(m)
        if rs:
            put(m, mean_present([r.raw for r in rs]), mean_present([r.score for r in rs]))
    return raw, score


def _gates(spec: EvaluationSpec, thresholds: Mapping[str, float] | Sequence[str] | None) -> dict[str, float]:
    gates: dict[str, float] = {}
    items: list[str] = [f"{k}={v}" for k, v in spec.thresholds.items()]
    if isinstance(thresholds, Mapping):
        items += [f"{k}={v}" for k, v in thresholds.items()]
    elif thresholds:
        items += list(thresholds)
    for item in items:
        k, v = parse_threshold(item)
        gates[k] = v
    return gates


def evaluate(
    real: Source,
    synthetic: Source | None = None,
    *,
    holdout: Source | None = None,
    target: str | None = None,
    slices: Sequence[str] = (),
    spec: str | Path | Mapping[str, Any] | EvaluationSpec | None = None,
    thresholds: Mapping[str, float] | Sequence[str] | None = None,
    seed: int = 0,
    progress: bool = False,
    generations: Sequence[Source] = (),
    n_jobs: int | None = None,
    allow_mismatch: bool = False,
    distribute: ChunkRunner | None = None,
    chunked_only: bool = False,
) -> Report:
    """Measure synthetic data against the real data it stands in for.

    Args:
        real: The real (training) data: a polars, pandas or Arrow frame, a dict of them (multi-table) or
            a source ``fit`` reads (database URL or file, folder, .csv/.tsv/.data/.parquet/.jsonl file).
        synthetic: The synthetic data, in the same forms. May be left out when ``generations`` is given
            (the last generation is then evaluated in full).
        holdout: Real rows the synthesizer never saw; needed for TSTR-vs-TRTR on unseen data and
            for every privacy attack's control.
        target: Column to predict for utility (``TABLE.COLUMN`` for multi-table data).
        slices: Columns whose values (or real-data quartiles) get their own scores.
        spec: An evaluation spec (YAML path, dict or ``EvaluationSpec``); arguments given here win.
        thresholds: Gates on scores, ``{"quality": 0.8}`` or ``["quality=0.8"]``; ``Report.ok`` is
            False (and the CLI exits 9) when one falls short.
        seed: Seed for every subsample, fold split and model.
        progress: Show a progress bar on stderr (only when it is a terminal).
        generations: Several generations of synthetic data, each made from the previous one:
            adds the collapse view (each against the fixed real reference).
        n_jobs: Threads for the models and neighbour searches (None: the physical cores this process
            may use, less those the machine is already busy with). Every BLAS/OpenMP pool is limited to it,
            so nothing oversubscribes a shared machine. The results do not depend on it.
        allow_mismatch: Evaluate even when the inputs do not line up (columns missing on a side, other
            types, unseen categories, different target classes): the mismatches become warnings in the
            report, columns that cannot be compared are left out, and what cannot be computed honestly
            (utility on different labels, privacy controls on a holdout that does not line up) is
            reported as not computed.
        distribute: Compute the metrics that are sums over chunks of the synthetic rows (column shapes, pair
            trends, exact matches, distances to the closest record) partition by partition with this runner
            (``simulacra.distributed.DaskChunks`` on a Dask cluster; ``evaluation.chunked.LocalChunks`` here).
            The rest runs here, on whole tables. The report's ``distributed`` section says which ran where and
            which numbers are bit for bit those of one process (all but Pearson's r; see ``chunked``).
        chunked_only: Compute only those chunked metrics, reading every input partition by partition in the
            runner's tasks (``evaluation.partitioned``; ``LocalChunks`` when no runner is given): no whole table is
            read into one process. The inputs must be paths: Parquet (a file, or a simulacra output folder), a
            delimited text file (.csv, .tsv), a folder of such files or a SQLite/DuckDB file (one table or several:
            the relations' integrity and children per parent from partitions too); no target, slices or generations.

    Returns:
        The Report (``summary``, ``scores``, ``results``; ``write(folder)`` for HTML + JSON).

    Raises:
        SpecError: an unknown target, slice or threshold, or an unusable spec.
        SourceError: a source that cannot be read.
        MismatchError: the inputs do not line up (a ``DataValidationError``, exit code 4), listing every
            mismatch by file, table and column; unless ``allow_mismatch``.
    """
    n_jobs = default_jobs() if n_jobs is None else n_jobs
    # threadpoolctl only reaches libraries already loaded: load the OpenMP/BLAS users first
    import sklearn.ensemble
    import sklearn.neighbors  # noqa: F401
    from threadpoolctl import threadpool_limits

    if chunked_only:
        given = [
            name
            for name, v in (
                ("target", target),
                ("slices", slices),
                ("generations", generations),
                ("allow_mismatch", allow_mismatch),
            )
            if v
        ]
        if given:
            raise SpecError(
                f"chunked_only computes the chunked metrics alone: {', '.join(given)} cannot be used with it"
            )
        paths = {"real": real, "synthetic": synthetic, "holdout": holdout}
        not_paths = [k for k, v in paths.items() if v is not None and not isinstance(v, str | Path)]
        if synthetic is None or not_paths:
            raise SpecError(
                "chunked_only reads the inputs where the tasks run: give real, synthetic (and holdout) as paths, "
                f"not {', '.join(not_paths) or 'no synthetic data'}"
            )
        from simulacra.evaluation.partitioned import evaluate_partitioned

        espec = load_evaluation_spec(spec)  # type: ignore[arg-type]
        runner = distribute if distribute is not None else _chunked.LocalChunks()
        with threadpool_limits(limits=n_jobs), _progress(progress) as tick:
            report = evaluate_partitioned(
                real,  # type: ignore[arg-type]
                synthetic,  # type: ignore[arg-type]
                runner=runner,
                holdout=holdout,  # type: ignore[arg-type]
                spec=espec,
                gates=_gates(espec, thresholds),
                seed=seed,
                progress=tick,
            )
        report.inputs["threads"] = n_jobs
        return report
    with threadpool_limits(limits=n_jobs):
        report = _evaluate(
            real,
            synthetic,
            holdout,
            target,
            slices,
            spec,
            thresholds,
            seed,
            progress,
            generations,
            allow_mismatch,
            distribute,
        )
    report.inputs["threads"] = n_jobs
    if distribute is not None:
        report.sections["distributed"] = placement(report, distribute)
    spend = _dp_spend(_output_manifest(synthetic))
    if spend:  # trained under differential privacy: the budget beside the empirical privacy metrics
        report.sections["differential_privacy"] = spend
    return report


def placement(report: Report, runner: ChunkRunner) -> dict[str, Any]:
    """Where each metric of ``report`` ran, and which chunked numbers are exact: the ``distributed`` section."""
    ran = sorted({r.metric for r in report.results})
    chunked = [m for m in ran if m in _chunked.CHUNKED]
    return {
        "engine": runner.engine,
        "partition_rows": runner.partition_rows,
        "partitions": {t: -(-n["synthetic_rows"] // runner.partition_rows) for t, n in report.inputs["tables"].items()},
        "on_workers": chunked,
        "on_client": [m for m in ran if m not in _chunked.CHUNKED],
        "exact": [m for m in chunked if m not in _chunked.APPROXIMATE],
        "approximate": {
            m: "Pearson's r from sums over partitions: equal to one process to about 1e-15 relative, not bit for bit"
            for m in chunked
            if m in _chunked.APPROXIMATE
        },
    }


def _dp_spend(manifest: dict[str, Any]) -> dict[str, Any] | None:
    """The (ε, δ) budget a synthetic output's manifest records (``simulacra sample`` of a DP model), if any."""
    spend = (manifest.get("privacy") or {}).get("differential_privacy")
    return dict(spend) if isinstance(spend, dict) else None


def _not_learned(manifest: dict[str, Any]) -> dict[str, set[str]]:
    """Per table, the columns a synthetic output's manifest says ``sample`` did not learn (keys, personal data
    made fresh by the value engine, columns made by rules); empty when there is no manifest."""
    listed = manifest.get("not_learned")
    if not isinstance(listed, dict):
        return {}
    return {str(t): {str(c) for c in cols} for t, cols in listed.items() if isinstance(cols, list)}


def _pooled(manifest: dict[str, Any]) -> dict[str, set[str]]:
    """Per table, the columns a synthetic output's manifest says hold K fresh values the rows share (``pool``)."""
    listed = manifest.get("pooled")
    if not isinstance(listed, dict):
        return {}
    return {str(t): {str(c) for c in cols} for t, cols in listed.items() if isinstance(cols, list)}


def default_jobs() -> int:
    """Threads worth using now: the physical cores this process may run on (hyper-threads and cores outside
    its affinity mask left out), less the cores other work already keeps busy (the 1-minute load average),
    at least 1. On a shared machine OpenMP threads that wait for busy cores spin, so fewer is faster there."""
    import os

    from joblib import cpu_count

    physical = cpu_count(only_physical_cores=True)
    try:
        allowed = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        allowed = os.cpu_count() or 1
    cores = max(1, min(physical, allowed))
    try:
        busy = int(os.getloadavg()[0])
    except (AttributeError, OSError):  # no load average on this system
        busy = 0
    return max(1, min(cores, cores - busy))


def _evaluate(
    real: Source,
    synthetic: Source | None,
    holdout: Source | None,
    target: str | None,
    slices: Sequence[str],
    spec_in: Any,
    thresholds: Any,
    seed: int,
    progress: bool,
    generations: Sequence[Source],
    allow_mismatch: bool = False,
    runner: ChunkRunner | None = None,
) -> Report:
    from simulacra._version import __version__

    spec = load_evaluation_spec(spec_in)
    target = target or spec.target
    target = target.strip() if target else target
    slice_cols = list(slices) or list(spec.slices)
    gates = _gates(spec, thresholds)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    with _progress(progress) as tick:
        with _stage(timings, "read", tick):
            typing = _SourceTyping.of(real)
            rt = _tables(real, "real", typing)
            gens = [_tables(g, f"generation {j + 1}", typing) for j, g in enumerate(generations)]
            if synthetic is None:
                if not gens:
                    raise SpecError("synthetic: give the synthetic data (or --generations)")
                st = gens[-1]
            else:
                st = _tables(synthetic, "synthetic", typing)
            ht = _tables(holdout, "holdout", typing) if holdout is not None else None
        single = len(rt) == 1
        pairs = _pair_tables(rt, st, ht, single)
        links = [] if single else _links(rt, spec)  # checked before any work: a relation to a missing table fails fast
        files = {
            "real": _where(real),
            "synthetic": _where(synthetic if synthetic is not None else (generations[-1] if generations else None)),
            "holdout": _where(holdout),
        }
        aligned: dict[str, tuple[Alignment, dict[str, str], str | None, list[str]]] = {}
        problems: list[Problem] = []
        made = _output_manifest(synthetic)  # what sample says of its output: read once
        fresh = _not_learned(made)
        pooled = _pooled(made)
        with _stage(timings, "align", tick):
            for name, (r, s, h) in pairs.items():
                tname = None if single else name
                r = trim_names(r, Location(table=name))[0]
                tgt = _for_table(target, name, single, r)
                sl = [c for c in (_for_table(c, name, single, r) for c in slice_cols) if c]
                # key columns of a relation are structure, not data (scored by the relation metrics)
                overrides = {
                    c: "key"
                    for lk in links
                    for t, c in ((lk.parent, lk.parent_key), (lk.child, lk.child_key))
                    if t == name
                }
                overrides.update(
                    {
                        k.split(".", 1)[1] if "." in k and not single else k: v
                        for k, v in spec.columns.items()
                        if single or k.startswith(f"{name}.") or k in r.columns
                    }
                )
                cats = [i.name for i in infer_columns(r, overrides) if i.discrete]
                al = align_inputs(
                    r,
                    s,
                    h,
                    target=tgt,
                    table=name,
                    files=files,
                    categorical=cats,
                    not_learned=fresh.get(name, set()),
                    pooled=pooled.get(name, set()),
                )
                problems += al.problems
                aligned[name] = (al, overrides, tname, sl)
        if problems and not allow_mismatch:
            raise MismatchError(problems)
        warnings = [f"not aligned: {p.render()}" for p in problems]
        warnings += [f"not compared: {n}" for al, *_ in aligned.values() for n in al.notes]
        per_table: dict[str | None, dict[str, Any]] = {}
        copied = _copied_tables(made) if not single else set()
        for al, overrides, tname, sl in aligned.values():
            per_table[tname] = _table_eval(
                tname, al, spec, sl, seed, timings, tick, overrides, runner, copied=tname in copied
            )
        rt = {n: a[0].real for n, a in aligned.items()}
        st = {n: a[0].synthetic for n, a in aligned.items()}
        if target and not single and not any(_for_table(target, n, False, p[0]) for n, p in pairs.items()):
            raise SpecError(
                f"target '{target}': expected TABLE.COLUMN naming a table of the real data ({', '.join(rt)})"
            )
        extra: list[MetricResult] = []
        sections: dict[str, Any] = {}
        if not single:
            with _stage(timings, "multi-table", tick):
                extra, sections["relations"] = _multitable(
                    rt, st, links, {n or "": t["infos"] for n, t in per_table.items()}, runner
                )
        if gens:
            with _stage(timings, "collapse", tick):
                name0 = next(iter(pairs))
                r0, h0 = aligned[name0][0].real, aligned[name0][0].holdout
                infos0 = next(iter(per_table.values()))["infos"]
                gen_frames = [g[name0] if name0 in g else next(iter(g.values())) for g in gens]
                tgt0 = _for_table(target, name0, single, r0) if target else None
                sections["collapse"] = _collapse.collapse_view(
                    r0, gen_frames, infos0, holdout=h0, target=tgt0, seed=seed
                )
    raw, scores = summarize(per_table, extra)
    timings["total"] = round(time.perf_counter() - t0, 4)
    results = [r for t in per_table.values() for r in t["results"]] + extra
    slices_out = [s.to_dict() for t in per_table.values() for s in t["slices"]]
    if slices_out:
        sections["slices_min_support"] = spec.min_support
    figures = {(n or "data"): t["figures"] for n, t in per_table.items()}
    columns = {
        (n or "data"): [{"name": i.name, "kind": i.kind, "reason": i.reason} for i in t["infos"]]
        for n, t in per_table.items()
    }
    inputs = {
        (n or "data"): {
            "real_rows": t["rows"][0],
            "synthetic_rows": t["rows"][1],
            "holdout_rows": t["rows"][2],
            "columns": len(t["infos"]),
        }
        for n, t in per_table.items()
    }
    inputs_meta = {
        "target": target,
        "slices": slice_cols,
        "tables": inputs,
        "multi_table": not single,
        "generations": len(gens),
    }
    return Report(
        summary=raw,
        scores=scores,
        results=results,
        thresholds=dict(DEFAULT_THRESHOLDS),
        gates=gates,
        inputs=inputs_meta,
        columns=columns,
        slices=slices_out,
        figures=figures,
        sections=sections,
        timings=timings,
        seed=seed,
        version=__version__,
        warnings=warnings,
    )


def _for_table(col: str | None, table: str, single: bool, real: pl.DataFrame) -> str | None:
    if col is None:
        return None
    if single:
        return col.split(".", 1)[1] if "." in col and col not in real.columns and col.split(".", 1)[0] == table else col
    if "." in col and col.split(".", 1)[0] == table:
        return col.split(".", 1)[1]
    return None


def _pair_tables(
    rt: dict[str, pl.DataFrame], st: dict[str, pl.DataFrame], ht: dict[str, pl.DataFrame] | None, single: bool
) -> dict[str, tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame | None]]:
    if single:
        name = next(iter(rt))
        if len(st) != 1:
            s = st.get(name)
            if s is None:
                raise SpecError(f"synthetic: holds tables {', '.join(st)}; none is named '{name}' like the real one")
        else:
            s = next(iter(st.values()))
        h = None
        if ht is not None:
            h = ht.get(name) if len(ht) != 1 else next(iter(ht.values()))
            if h is None:
                raise SpecError(f"holdout: no table named '{name}'")
        return {name: (rt[name], s, h)}
    missing = [t for t in rt if t not in st]
    if missing:
        raise SpecError(
            f"synthetic: table '{missing[0]}' is missing{did_you_mean(missing[0], st)}",
            location=Location(table=missing[0]),
        )
    return {t: (rt[t], st[t], (ht or {}).get(t)) for t in rt}


def _links(rt: dict[str, pl.DataFrame], spec: EvaluationSpec) -> list[multitable.Link]:
    if spec.relations:
        return multitable.declared_links(spec.relations, {t: f.columns for t, f in rt.items()})
    return multitable.infer_relations(rt)


def _multitable(
    rt: dict[str, pl.DataFrame],
    st: dict[str, pl.DataFrame],
    links: Sequence[multitable.Link],
    infos: Mapping[str, Sequence[ColumnInfo]],
    runner: ChunkRunner | None = None,
) -> tuple[list[MetricResult], list[str]]:
    """The relation metrics; with a runner, the foreign keys counted partition by partition (``chunked``)."""
    count = multitable.count_keys if runner is None else _chunked.keys_in_partitions(runner)
    out: list[MetricResult] = []
    for link in links:
        out.append(multitable.referential_integrity(st, link, count))
        out += guarded("cardinality", lambda link=link: [multitable.cardinality(rt, st, link, count)], table=link.child)  # type: ignore[misc]
        out += guarded(
            "intertable_trends",
            lambda link=link: multitable.intertable_trends(rt, st, link, infos),  # type: ignore[misc]
            table=link.child,
        )
    return out, [link.name for link in links]


@contextmanager
def _progress(enabled: bool) -> Iterator[ProgressFn | None]:
    import sys

    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("evaluate: {task.description}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("start", total=None)
        yield lambda stage: bar.update(task, description=stage)
