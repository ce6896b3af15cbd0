"""Lineage of pipeline outputs, and the collapse view read from it.

A pipeline output's manifest names its parents; a parent that is itself a simulacra output is recorded
with its ``generation`` and its folder (``dataset``, relative to the child's). :func:`lineage_chain` walks
those links back to the first synthetic generation; :func:`collapse_from_lineage` then measures every
generation of the chain:

* **what dominates**, from the rows and their provenance: the share of rows that repeat an earlier row,
  the share held by the 10 most frequent rows, and for templates and scenarios (the ``template`` /
  ``scenario`` columns, or ``prov_template`` / ``prov_scenario`` from the provenance columns or sidecar)
  the most frequent value, its share and the effective number of values (``exp`` of the entropy): a
  recursive loop that narrows onto a few templates or rows shows as a rising top share and a falling
  effective number;
* with a real reference, the evaluator's collapse metrics (:func:`simulacra.evaluation.collapse.collapse_view`:
  rare-category and tail coverage, variance ratio, quality, detection AUC and, with a target and a holdout,
  TSTR), every generation against the same real data.

::

    from simulacra.curate.lineage import collapse_from_lineage
    rows = collapse_from_lineage("out/gen3", real=real_frame)
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import polars as pl

from simulacra.errors import SourceError

__all__ = ["collapse_from_lineage", "dominance", "lineage_chain"]

_DATA = "data.parquet"
_PROVENANCE = "provenance.parquet"
_LABELS = (("template", ("template", "prov_template")), ("scenario", ("scenario", "prov_scenario")))


def _manifest(folder: Path) -> dict[str, Any]:
    path = folder / "manifest.json"
    try:
        m = json.loads(path.read_text(encoding="utf-8"))
    except OSError:
        raise SourceError(f"{path}: not found: expected the folder of a pipeline output (manifest.json)") from None
    except ValueError as exc:
        raise SourceError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(m, dict) or not isinstance(m.get("lineage"), dict):
        raise SourceError(f"{path}: expected a pipeline manifest with a 'lineage' object")
    return m


def lineage_chain(output: str | Path) -> list[dict[str, Any]]:
    """The synthetic generations that led to ``output`` (a pipeline output folder), oldest first: each a dict
    with ``path`` (the folder), ``generation`` and ``manifest``. A folder seen twice is a located error."""
    folder = Path(output).resolve()
    chain: list[dict[str, Any]] = []
    seen: set[Path] = set()
    while True:
        if folder in seen:
            raise SourceError(f"{folder / 'manifest.json'}: lineage loops back to this folder")
        seen.add(folder)
        m = _manifest(folder)
        lin = m["lineage"]
        chain.append({"path": folder, "generation": int(lin.get("generation", 1)), "manifest": m})
        parents = [
            p for p in lin.get("parents") or [] if isinstance(p, dict) and p.get("dataset") and not p.get("real")
        ]
        if not parents:
            break
        # the highest generation among the synthetic parents is the line this output continues
        parent = max(parents, key=lambda p: int(p.get("generation", 1)))
        folder = (folder / str(parent["dataset"])).resolve()
    return chain[::-1]


def _entropy_number(counts: list[int]) -> float:
    total = sum(counts)
    return math.exp(-sum(c / total * math.log(c / total) for c in counts if c)) if total else 0.0


def dominance(data: pl.DataFrame, provenance: pl.DataFrame | None = None) -> dict[str, Any]:
    """What dominates a dataset: repeated rows, and the most frequent template and scenario (see the module)."""
    cols = [c for c in data.columns if not c.startswith(("prov_", "score_"))]
    n = data.height
    out: dict[str, Any] = {"rows": n}
    if n and cols:
        counts = data.select(cols).group_by(cols).len().get_column("len").sort(descending=True)
        out["repeated_row_share"] = 1.0 - counts.len() / n
        out["top10_row_share"] = int(counts.head(10).sum()) / n
    else:
        out["repeated_row_share"] = out["top10_row_share"] = None
    frames = [data] + ([provenance] if provenance is not None else [])
    for label, names in _LABELS:
        series = next((f.get_column(c) for c in names for f in frames if c in f.columns), None)
        if series is None or n == 0:
            continue
        vc = series.cast(pl.String).fill_null("").value_counts(sort=True)
        top = vc.row(0)
        out[f"{label}_top"] = top[0]
        out[f"{label}_top_share"] = int(top[1]) / n
        out[f"{label}_effective"] = round(_entropy_number([int(c) for c in vc.get_column("count")]), 4)
    return out


def _read(folder: Path) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    path = folder / _DATA
    try:
        data = pl.read_parquet(path)
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise SourceError(f"{path}: cannot be read ({type(exc).__name__}: {exc})") from None
    prov = folder / _PROVENANCE
    return data, (pl.read_parquet(prov) if prov.is_file() else None)


def collapse_from_lineage(
    output: str | Path,
    *,
    real: pl.DataFrame | None = None,
    holdout: pl.DataFrame | None = None,
    target: str | None = None,
    seed: int = 0,
    detection: bool = True,
) -> list[dict[str, Any]]:
    """One row per generation of ``output``'s lineage, oldest first: its folder, generation, what dominates it
    and, given ``real``, the evaluator's collapse metrics against it (the columns ``real`` shares with them;
    ``detection=False`` skips the detection classifier, the slow part)."""
    chain = lineage_chain(output)
    read = [_read(g["path"]) for g in chain]
    rows: list[dict[str, Any]] = []
    for g, (data, prov) in zip(chain, read, strict=True):
        rows.append({"dataset": g["path"].name, "generation": g["generation"], **dominance(data, prov)})
    if real is not None:
        from simulacra.evaluation import infer_columns
        from simulacra.evaluation.collapse import collapse_view

        shared = [c for c in real.columns if all(c in d.columns for d, _ in read)]
        if not shared:
            raise SourceError(f"the real data shares no column with every generation of {output}")
        infos = [i for i in infer_columns(real.select(shared)) if i.kind != "skip"]
        metrics = collapse_view(
            real.select(shared),
            [d.select(shared) for d, _ in read],
            infos,
            holdout=holdout.select(shared) if holdout is not None else None,
            target=target,
            seed=seed,
            detection=detection,
        )
        for row, m in zip(rows, metrics, strict=True):
            row.update({k: v for k, v in m.items() if k not in ("generation", "rows")})
    return rows
