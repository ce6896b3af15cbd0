"""Slices: every fidelity and utility score again for each value (or bin) of a column.

Data that is fine on average can still be wrong for a small group; the slice
table shows it, worst first. Detection and utility reuse the models fitted on
the whole data (their out-of-fold and holdout predictions restricted to the
slice), so slicing costs no extra training.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra.evaluation._frames import ColumnInfo, continuous, top_values
from simulacra.evaluation.fidelity import DetectionRun, detection_score, quality
from simulacra.evaluation.utility import UtilityRun, auc_score, ratio_score

__all__ = ["Slice", "slice_keys", "slice_table"]

OTHER = "(other)"
MISSING = "(missing)"


@dataclass(frozen=True)
class Slice:
    """The scores of one slice (column = value)."""

    column: str
    value: str
    real_rows: int
    synthetic_rows: int
    holdout_rows: int | None
    low_support: bool
    scores: dict[str, float | None] = field(default_factory=dict)

    @property
    def overall(self) -> float | None:
        keys = ("quality", "detection", "tstr")
        v = [s for k in keys if (s := self.scores.get(k)) is not None]
        return float(np.mean(v)) if v else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "column": self.column,
            "value": self.value,
            "real_rows": self.real_rows,
            "synthetic_rows": self.synthetic_rows,
            "holdout_rows": self.holdout_rows,
            "low_support": self.low_support,
            "overall": self.overall,
            "scores": dict(self.scores),
        }


def _fmt(x: float, info: ColumnInfo) -> str:
    if info.kind == "datetime":
        return str(np.datetime64(int(x), "us"))[:10]
    return f"{x:.4g}"


def slice_keys(
    info: ColumnInfo, real: pl.DataFrame, frames: Sequence[pl.DataFrame | None], *, max_values: int = 20, bins: int = 4
) -> list[NDArray[np.object_] | None]:
    """Slice labels for the rows of each frame: the value, or a quantile bin of the real data for numbers."""
    out: list[NDArray[np.object_] | None] = []
    if info.continuous:
        xr = continuous(real[info.name])
        edges = np.unique(np.nanquantile(xr, np.linspace(0, 1, bins + 1))) if np.isfinite(xr).any() else np.array([0.0])
        inner = edges[1:-1]
        labels = []
        for i in range(len(inner) + 1):
            lo = "-inf" if i == 0 else _fmt(inner[i - 1], info)
            hi = "inf" if i == len(inner) else _fmt(inner[i], info)
            labels.append(f"[{lo}, {hi})")
        for f in frames:
            if f is None:
                out.append(None)
                continue
            x = continuous(f[info.name])
            idx = np.searchsorted(inner, x, side="right")
            lab = np.array(labels, dtype=object)[np.minimum(idx, len(labels) - 1)]
            lab[np.isnan(x)] = MISSING
            out.append(lab)
        return out
    top = set(top_values(real[info.name].cast(pl.String).fill_null(MISSING), max_values))
    for f in frames:
        if f is None:
            out.append(None)
            continue
        vals = np.array(f[info.name].cast(pl.String).fill_null(MISSING).to_list(), dtype=object)
        keep = np.array([v in top for v in vals], dtype=bool)
        vals[~keep] = OTHER
        out.append(vals)
    return out


def slice_table(
    real: pl.DataFrame,
    synthetic: pl.DataFrame,
    infos: Sequence[ColumnInfo],
    columns: Sequence[str],
    *,
    holdout: pl.DataFrame | None = None,
    detection_run: DetectionRun | None = None,
    utility_run: UtilityRun | None = None,
    min_support: int = 50,
) -> list[Slice]:
    """Scores per slice for each slice column, worst first (by the mean of quality, detection and TSTR)."""
    by_name = {i.name: i for i in infos}
    rows: list[Slice] = []
    for col in columns:
        info = by_name[col]
        kr, ks, kh = slice_keys(info, real, [real, synthetic, holdout])
        assert kr is not None and ks is not None
        values = list(dict.fromkeys([*np.unique(kr).tolist(), *np.unique(ks).tolist()]))
        for v in values:
            mr, ms = kr == v, ks == v
            nr, ns = int(mr.sum()), int(ms.sum())
            nh = int((kh == v).sum()) if kh is not None else None
            scores: dict[str, float | None] = {}
            if nr and ns:
                q = quality(
                    real.filter(pl.Series(mr)), synthetic.filter(pl.Series(ms)), [i for i in infos if i.name != col]
                )
                scores.update(quality=q.score, column_shapes=q.column_shapes, column_pair_trends=q.column_pair_trends)
            else:
                scores.update(quality=0.0 if nr else None, column_shapes=None, column_pair_trends=None)
            if detection_run is not None:
                scores.update(_detection(detection_run, kr, ks, v))
            if utility_run is not None and kh is not None:
                scores.update(_utility(utility_run, kh, v))
            low = (
                nr < min_support
                or ns < min_support
                or (nh is not None and utility_run is not None and nh < min_support)
            )
            rows.append(Slice(col, str(v), nr, ns, nh, low, scores))
    return sorted(rows, key=lambda s: (s.overall if s.overall is not None else 2.0, s.column, s.value))


def _detection(
    run: DetectionRun, kr: NDArray[np.object_], ks: NDArray[np.object_], v: object
) -> dict[str, float | None]:
    from sklearn.metrics import roc_auc_score

    m = np.r_[kr[run.real_rows] == v, ks[run.synthetic_rows] == v]
    y = run.labels[m]
    if y.size < 10 or np.unique(y).size < 2 or min((y == 0).sum(), (y == 1).sum()) < 5:
        return {"detection_auc": None, "detection": None}
    auc = float(roc_auc_score(y, run.proba[m]))
    return {"detection_auc": auc, "detection": detection_score(auc)}


def _utility(run: UtilityRun, kh: NDArray[np.object_], v: object) -> dict[str, float | None]:
    from sklearn.metrics import r2_score

    m = (kh == v)[run.test_mask]
    out: dict[str, float | None] = {"tstr_score": None, "trtr_score": None, "tstr": None}
    if m.sum() < 10 or "boosting" not in run.predictions:
        return out
    y = run.y_test[m]
    p = run.predictions["boosting"]
    if run.task == "classification":
        if np.unique(y).size < 2:
            return out
        idx = np.arange(run.n_classes)
        tstr = auc_score(y, p["tstr"][m], idx, run.n_classes)
        trtr = auc_score(y, p["trtr"][m], idx, run.n_classes)
    else:
        tstr, trtr = float(r2_score(y, p["tstr"][m])), float(r2_score(y, p["trtr"][m]))
    ratio = ratio_score(tstr, trtr, run.task)
    return {"tstr_score": tstr, "trtr_score": trtr, "tstr": min(max(ratio, 0.0), 1.0) if np.isfinite(ratio) else None}
