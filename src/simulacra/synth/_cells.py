"""Two numeric columns whose joint is clustered (a place's longitude x latitude), drawn through 2-D cells.

A table of places holds its points on coasts and in cities: most of the longitude x latitude
plane is empty. Drawn as two columns, one quantile bin after the other, a point lands anywhere
in the rectangle of its two bins, much of which is sea or desert. So a pair of continuous
columns whose joint leaves far more of its rank grid empty than a Gaussian copula with the same
rank correlation would (``clustered_excess``: found by that statistic, not by name) gets a hidden
categorical column: the cell of a k-means partition of the pair (fitted on the training rows)
each row lies in. Cells are numbered along a Hilbert curve, so a tree's split on the code cuts
the plane into compact regions. The cell is drawn just before the pair, and the pair's bins are
drawn given it (and whatever came before), so the bins stay the model's and the columns after
condition on them as ever; each value drawn within its bin is then moved, by a linear map, into
the part of the bin the cell spans (the cell's range on that coordinate): a new value, never a
training point by construction, that falls where the cell's rows are. Cells of fewer than
``_MIN_CELL_ROWS`` training rows are merged into their nearest neighbour.

California housing, dev split (benchmarks/RESULTS.md, learn-single5): dependence order, 80 bins,
cells: detection AUC 0.564, TSTR/TRTR 0.961, DCR share 0.508, against 0.602 / 0.956 / 0.514
without the cells. The first version drew the pair inside the cell alone (the cell standing for
both columns): 0.572 / 0.937 / 0.512 — columns after it lost the bins' rectangles to condition on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra.synth._encoding import Kind, from_float, to_float

__all__ = ["CellPair", "clustered_excess", "find_cell_pairs"]

CELL_PREFIX = "__cell__:"  # hidden column names start so (a pair whose name a source column has is not made)
_MIN_ROWS = 2_000  # fewer rows: too few to tell clustering from noise, or to fill cells
_MIN_DISTINCT = 200  # a continuous coordinate: this many distinct values at least
_MAX_VALUE_SHARE = 0.02  # ... and no single value on more than this share of the rows (no spikes)
_GRID = 20  # the rank grid (GRID x GRID) the clustering statistic counts empty cells of
_MIN_EXCESS = 0.15  # empty share of the grid above the Gaussian copula's: a clustered pair
_ROWS_PER_CELL = 40  # k-means cells: about this many training rows each ...
_MAX_CELLS = 400  # ... and at most this many
_MIN_CELL_ROWS = 15  # a smaller cell is merged into its nearest neighbour


def _continuous(x: NDArray[np.float64]) -> bool:
    if len(x) == 0 or np.isnan(x).any():
        return False
    _, counts = np.unique(x, return_counts=True)
    return len(counts) >= _MIN_DISTINCT and counts.max() <= _MAX_VALUE_SHARE * len(x)


def clustered_excess(x: NDArray[np.float64], y: NDArray[np.float64], seed: int = 0) -> float:
    """Share of empty cells in the pair's ``_GRID`` x ``_GRID`` rank grid, minus the share a Gaussian copula
    with the pair's normal-score correlation leaves empty on as many rows: ~0 for a smooth (even a strongly
    correlated) pair, large for points on coasts and in cities. California (dev split's training rows):
    longitude x latitude 0.36; every other pair <= 0 (rooms x households: 0.18 empty against 0.31)."""
    from scipy.special import ndtri
    from scipy.stats import rankdata

    n = len(x)
    rx, ry = (rankdata(x) - 0.5) / n, (rankdata(y) - 0.5) / n
    rho = float(np.corrcoef(ndtri(rx), ndtri(ry))[0, 1])
    rng = np.random.default_rng(seed)
    z1 = rng.standard_normal(n)
    z2 = rho * z1 + np.sqrt(max(1.0 - rho * rho, 0.0)) * rng.standard_normal(n)
    gx, gy = (rankdata(z1) - 0.5) / n, (rankdata(z2) - 0.5) / n
    return _empty(rx, ry) - _empty(gx, gy)


def _empty(rx: NDArray[np.float64], ry: NDArray[np.float64]) -> float:
    bx = np.minimum((rx * _GRID).astype(np.int64), _GRID - 1)
    by = np.minimum((ry * _GRID).astype(np.int64), _GRID - 1)
    return float((np.bincount(bx * _GRID + by, minlength=_GRID * _GRID) == 0).mean())


def find_cell_pairs(
    frame: pl.DataFrame, kinds: Mapping[str, Kind], columns: Sequence[str], *, seed: int
) -> list[tuple[str, str]]:
    """Pairs of ``columns`` (numeric, continuous, no nulls) whose joint is clustered (``clustered_excess`` at
    least ``_MIN_EXCESS``), strongest first, each column in one pair at most."""
    if frame.height < _MIN_ROWS:
        return []
    values = {}
    for c in columns:
        if kinds.get(c) == "numeric" and frame.get_column(c).null_count() == 0:
            x = to_float(frame.get_column(c), "numeric")
            if _continuous(x):
                values[c] = x
    names = list(values)
    found = []
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            excess = clustered_excess(values[a], values[b], seed)
            if excess >= _MIN_EXCESS:
                found.append((excess, a, b))
    pairs, used = [], set()
    for _, a, b in sorted(found, key=lambda t: -t[0]):
        if a not in used and b not in used:
            pairs.append((a, b))
            used |= {a, b}
    return pairs


@dataclass
class CellPair:
    """One pair of columns modelled as cells: the hidden column's name, the pair, and each cell's shape."""

    x: str
    y: str
    centers: NDArray[np.float64]  # cells x 2, in the scaled plane
    loc: NDArray[np.float64]  # the scaling: (value - loc) / scale
    scale: NDArray[np.float64]
    qx: NDArray[np.float64]  # cells x 2: each cell's range of x (its rows' least and greatest)
    qy: NDArray[np.float64]
    forms: dict[str, dict[str, Any]]  # x, y -> kind, dtype, integer, decimals (how values are written)

    @property
    def column(self) -> str:
        return f"{CELL_PREFIX}{self.x}|{self.y}"

    @property
    def n_cells(self) -> int:
        return len(self.centers)

    @classmethod
    def fit(cls, frame: pl.DataFrame, x: str, y: str, forms: dict[str, dict[str, Any]], *, seed: int) -> CellPair:
        from sklearn.cluster import KMeans
        from threadpoolctl import threadpool_limits

        xy = np.column_stack([to_float(frame.get_column(x), "numeric"), to_float(frame.get_column(y), "numeric")])
        loc = xy.mean(axis=0)
        scale = np.where(xy.std(axis=0) > 0, xy.std(axis=0), 1.0)
        z = (xy - loc) / scale
        k = int(np.clip(len(z) // _ROWS_PER_CELL, 2, _MAX_CELLS))
        with threadpool_limits(limits=1):  # one thread: the same cells whatever the machine
            km = KMeans(n_clusters=k, n_init=1, random_state=seed % (2**31)).fit(z)
        centers = km.cluster_centers_.astype(np.float64)
        labels = _nearest(z, centers)
        while True:  # merge cells too small to describe without replaying their rows
            counts = np.bincount(labels, minlength=len(centers))
            small = counts < _MIN_CELL_ROWS
            if not small.any() or small.all():
                break
            centers = centers[~small]
            labels = _nearest(z, centers)
        centers = centers[_hilbert_order(centers)]
        labels = _nearest(z, centers)
        ranges = [(xy[labels == c].min(axis=0), xy[labels == c].max(axis=0)) for c in range(len(centers))]
        qx = np.array([[lo[0], hi[0]] for lo, hi in ranges])
        qy = np.array([[lo[1], hi[1]] for lo, hi in ranges])
        return cls(x=x, y=y, centers=centers, loc=loc, scale=scale, qx=qx, qy=qy, forms=forms)

    def assign(self, frame: pl.DataFrame) -> pl.Series:
        """Each row's cell (the nearest centre), as the hidden column."""
        xy = np.column_stack(
            [to_float(frame.get_column(self.x), "numeric"), to_float(frame.get_column(self.y), "numeric")]
        )
        z = np.nan_to_num((xy - self.loc) / self.scale)
        return pl.Series(self.column, _nearest(z, self.centers).astype(np.int32), dtype=pl.Int32)

    def squeeze(
        self,
        name: str,
        cells: NDArray[np.integer],
        v: NDArray[np.float64],
        lo: NDArray[np.float64],
        hi: NDArray[np.float64],
    ) -> pl.Series:
        """Values ``v`` drawn within bins ``[lo, hi]`` moved, by the same linear map, into the part of the bin
        the row's cell spans (rows whose bin and cell do not overlap, or with no bin: as drawn)."""
        c = np.clip(np.asarray(cells, dtype=np.int64), 0, self.n_cells - 1)
        q = self.qx if name == self.x else self.qy
        a, b = np.maximum(lo, q[c, 0]), np.minimum(hi, q[c, -1])
        ok = (b >= a) & (hi > lo) & ~np.isnan(v)
        frac = np.where(ok, (v - lo) / np.where(hi > lo, hi - lo, 1.0), 0.0)
        out = np.where(ok, a + np.clip(frac, 0.0, 1.0) * (b - a), v)
        return self._written(name, out)

    def _written(self, name: str, v: NDArray[np.float64]) -> pl.Series:
        form = self.forms[name]
        if form.get("decimals") is not None and not form["integer"]:
            v = np.round(v, form["decimals"])
        return from_float(v, form["kind"], form["dtype"], form["integer"]).alias(name)

    # ---- persistence
    def to_json(self) -> dict[str, Any]:
        return {
            "x": self.x,
            "y": self.y,
            "loc": self.loc.tolist(),
            "scale": self.scale.tolist(),
            "forms": self.forms,
        }

    def arrays(self, prefix: str) -> dict[str, NDArray[np.generic]]:
        return {f"{prefix}.{k}": getattr(self, k) for k in ("centers", "qx", "qy")}

    @classmethod
    def from_saved(cls, data: Mapping[str, Any], arrays: Mapping[str, NDArray[np.generic]], prefix: str) -> CellPair:
        got = {k: np.asarray(arrays[f"{prefix}.{k}"], dtype=np.float64) for k in ("centers", "qx", "qy")}
        return cls(
            x=str(data["x"]),
            y=str(data["y"]),
            loc=np.asarray(data["loc"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            forms={str(k): dict(v) for k, v in dict(data["forms"]).items()},
            **got,
        )


def _nearest(z: NDArray[np.float64], centers: NDArray[np.float64]) -> NDArray[np.int64]:
    out = np.empty(len(z), dtype=np.int64)
    c2 = (centers**2).sum(axis=1)
    for s in range(0, len(z), 8192):  # blocks: rows x cells distances stay small
        b = z[s : s + 8192]
        out[s : s + 8192] = np.argmin(c2[None, :] - 2.0 * b @ centers.T, axis=1)
    return out


def _hilbert_order(points: NDArray[np.float64], bits: int = 10) -> NDArray[np.int64]:
    """Indices that sort 2-D points along a Hilbert curve over their bounding box (ties: input order)."""
    lo, hi = points.min(axis=0), points.max(axis=0)
    side = (1 << bits) - 1
    g = np.round((points - lo) / np.where(hi > lo, hi - lo, 1.0) * side).astype(np.int64)
    x, y = g[:, 0].copy(), g[:, 1].copy()
    d = np.zeros(len(points), dtype=np.int64)
    s = 1 << (bits - 1)
    while s > 0:
        rx = ((x & s) > 0).astype(np.int64)
        ry = ((y & s) > 0).astype(np.int64)
        d += s * s * ((3 * rx) ^ ry)
        # rotate the quadrant (the standard xy -> d conversion)
        flip = ry == 0
        swap_x = np.where(flip & (rx == 1), side - x, x)
        swap_y = np.where(flip & (rx == 1), side - y, y)
        x = np.where(flip, swap_y, swap_x)
        y = np.where(flip, swap_x, swap_y)
        s >>= 1
    return np.argsort(d, kind="stable")
