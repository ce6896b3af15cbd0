"""What the user declares about each column before DP training, and its parsing.

A declaration is a mapping (or a YAML file of one) ``columns: {name: entry}``::

    columns:
      age:            {bounds: [17, 90], bins: 15}        # numeric: bounds required
      hours:          {bounds: [1, 100], bins: 10, resolution: 1}  # one-way on width-1 bins
      fnlwgt:         {bounds: [0, 1500000], edges: [0, 1e5, 2e5, 4e5, 1500000]}
      workclass:      {categories: [Private, Self-emp, Gov]}  # declared: used as given
      native-country: released                            # released under DP (the default)
      notes:          skip                                 # not learned, not output

Numbers and dates must have declared bounds (their range is data); bins are equal-width
between the bounds unless ``edges`` are given. The bins are what pairs of columns are
measured on; ``resolution`` (a width) asks for the column's own one-way histogram on finer
bins (every bin edge plus a grid of that step), so its shape survives within a bin. An
integer or date column whose bounds span at most ``DEFAULT_FINE_SPAN`` values gets
resolution 1 by default (see :mod:`simulacra.dp.synthesizer`). A categorical column without declared
categories has them released by a DP thresholded histogram, so a value held by few rows
never appears. Nothing in a declaration is read from the data.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulacra.errors import Location, SpecError

__all__ = ["DEFAULT_BINS", "MAX_FINE_BINS", "ColumnDomain", "parse_domain"]

DEFAULT_BINS = 20
#: the most fine bins a declared ``resolution`` may cut a column into (each is one noisy count)
MAX_FINE_BINS = 4096


@dataclass(frozen=True)
class ColumnDomain:
    """One column's declaration: ``kind`` is numeric, date, categorical, boolean, released or skip."""

    kind: str
    bounds: tuple[float, float] | None = None
    edges: tuple[float, ...] = ()
    categories: tuple[Any, ...] = ()
    #: width of the fine bins the one-way histogram is measured on (None: the bins themselves)
    resolution: float | None = None

    @property
    def fine_edges(self) -> tuple[float, ...]:
        """The one-way histogram's edges: every bin edge plus a grid of ``resolution`` steps from the low bound."""
        if self.resolution is None or not self.edges:
            return self.edges
        lo, hi = self.edges[0], self.edges[-1]
        n = math.ceil((hi - lo) / self.resolution - 1e-9)
        grid = {lo + k * self.resolution for k in range(1, n)}
        return tuple(sorted(set(self.edges) | {g for g in grid if lo < g < hi}))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind}
        if self.bounds is not None:
            out["bounds"] = list(self.bounds)
        if self.edges:
            out["edges"] = list(self.edges)
        if self.categories:
            out["categories"] = list(self.categories)
        if self.resolution is not None:
            out["resolution"] = self.resolution
        return out

    def to_json_entry(self) -> Any:
        """The entry a declaration file would hold for this column (parsed back to an equal one)."""
        if self.kind in ("released", "skip"):
            return self.kind
        if self.kind == "categorical":
            return {"categories": list(self.categories)}
        assert self.bounds is not None
        out: dict[str, Any] = {"bounds": list(self.bounds), "edges": list(self.edges)}
        if self.resolution is not None:
            out["resolution"] = self.resolution
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ColumnDomain:
        b = data.get("bounds")
        return cls(
            kind=str(data["kind"]),
            bounds=(float(b[0]), float(b[1])) if b is not None else None,
            edges=tuple(float(e) for e in data.get("edges", ())),
            categories=tuple(data.get("categories", ())),
            resolution=float(data["resolution"]) if data.get("resolution") is not None else None,
        )


def _number(v: Any, where: Location, what: str) -> float:
    if isinstance(v, dt.datetime):
        return v.timestamp() / 86400.0
    if isinstance(v, dt.date):
        return float(v.toordinal() - dt.date(1970, 1, 1).toordinal())
    if isinstance(v, str):
        try:
            return float(dt.date.fromisoformat(v).toordinal() - dt.date(1970, 1, 1).toordinal())
        except ValueError:
            pass
    try:
        x = float(v)
    except (TypeError, ValueError):
        raise SpecError(f"{what} must be a number or an ISO date, got {v!r}", location=where) from None
    if not math.isfinite(x):
        raise SpecError(f"{what} must be finite, got {v!r}", location=where)
    return x


def _entry(name: str, raw: Any, where: Location) -> ColumnDomain:
    if raw in ("released", None):
        return ColumnDomain("released")
    if raw == "skip":
        return ColumnDomain("skip")
    if not isinstance(raw, Mapping):
        raise SpecError(
            f"expected 'released', 'skip' or a mapping with bounds/bins/edges or categories, got {raw!r}",
            location=where,
        )
    unknown = set(raw) - {"bounds", "bins", "edges", "categories", "resolution"}
    if unknown:
        raise SpecError(
            f"unknown key(s) {sorted(unknown)}; expected bounds, bins, edges, resolution or categories", location=where
        )
    if "categories" in raw:
        if {"bounds", "bins", "edges", "resolution"} & set(raw):
            raise SpecError("declare either categories or bounds, not both", location=where)
        cats = raw["categories"]
        if not isinstance(cats, Sequence) or isinstance(cats, str) or not cats:
            raise SpecError("categories must be a non-empty list", location=where)
        if len(set(map(str, cats))) != len(cats):
            raise SpecError("categories must be distinct", location=where)
        return ColumnDomain("categorical", categories=tuple(cats))
    b = raw.get("bounds")
    if not isinstance(b, Sequence) or isinstance(b, str) or len(b) != 2:
        raise SpecError("bounds must be a list [low, high]", location=where)
    lo, hi = _number(b[0], where, "bounds[0]"), _number(b[1], where, "bounds[1]")
    if not lo < hi:
        raise SpecError(f"bounds must have low < high, got [{b[0]}, {b[1]}]", location=where)
    if "edges" in raw:
        edges = tuple(_number(e, where, "edges") for e in raw["edges"])
        if len(edges) < 2 or any(a >= c for a, c in zip(edges, edges[1:], strict=False)):
            raise SpecError("edges must be at least two increasing numbers", location=where)
        if edges[0] != lo or edges[-1] != hi:
            raise SpecError(f"edges must start at {b[0]} and end at {b[1]} (the bounds)", location=where)
    else:
        bins = raw.get("bins", DEFAULT_BINS)
        if not isinstance(bins, int) or isinstance(bins, bool) or bins < 1:
            raise SpecError(f"bins must be a positive integer, got {bins!r}", location=where)
        edges = tuple(lo + (hi - lo) * i / bins for i in range(bins + 1))
    resolution = None
    if "resolution" in raw:
        resolution = _number(raw["resolution"], where, "resolution")
        if resolution <= 0:
            raise SpecError(f"resolution must be a positive width, got {raw['resolution']!r}", location=where)
        if (hi - lo) / resolution > MAX_FINE_BINS:
            raise SpecError(
                f"resolution {raw['resolution']!r} cuts [{b[0]}, {b[1]}] into more than {MAX_FINE_BINS} fine bins",
                location=where,
            )
    return ColumnDomain("numeric", bounds=(lo, hi), edges=edges, resolution=resolution)


def parse_domain(source: str | Path | Mapping[str, Any] | None, *, table: str = "table") -> dict[str, ColumnDomain]:
    """Column declarations from a mapping or a YAML file (``columns: {name: entry}``, or the entries directly)."""
    if source is None:
        return {}
    data, file = read_declaration(source)
    if isinstance(data, Mapping) and "columns" in data:
        data = data["columns"]
    if not isinstance(data, Mapping):
        raise SpecError("a DP domain declaration maps column names to entries", location=Location(file=file))
    return {
        str(name): _entry(str(name), raw, Location(file=file, table=table, column=str(name)))
        for name, raw in data.items()
    }


def read_declaration(source: Mapping[str, Any] | str | Path | None) -> tuple[Any, str | None]:
    """A DP domain declaration as given: a mapping as is, or a YAML file's content and its name."""
    if not isinstance(source, (str, Path)):
        return source, None
    import yaml

    file = str(source)
    try:
        return yaml.safe_load(Path(source).read_text(encoding="utf-8")), file
    except OSError as exc:
        raise SpecError(f"cannot read the DP domain declaration: {exc}", location=Location(file=file)) from None
    except yaml.YAMLError as exc:
        raise SpecError(f"not valid YAML: {exc}", location=Location(file=file)) from None
