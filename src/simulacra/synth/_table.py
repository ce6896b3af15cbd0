"""One learned table: column encoders, exact dependencies, a joint model, copy rejection.

``LearnedTable`` is the piece both synthesizers share: the single-table
:class:`~simulacra.synth.TabularSynthesizer` wraps one; the relational one keeps one
per table and feeds it the parent's codes as context.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra._random import Stream, root_stream
from simulacra.errors import ConstraintError, DataValidationError, Location, Problem
from simulacra.synth._cells import CellPair, find_cell_pairs
from simulacra.synth._dependencies import Dependency, find_dependencies
from simulacra.synth._encoding import (
    ColumnEncoder,
    Kind,
    fit_encoder,
    numbers_with_rare_values,
    polars_dtype,
    to_float,
)
from simulacra.synth._models import CopulaModel, TreeModel, pick

__all__ = ["ORDERS", "LearnedTable", "TableParams", "infer_kinds", "unsatisfiable"]

#: model orders after ``first``: the frame's; greedy by dependence; greedy by dependence among the numeric
#: (number, date) columns only, categories keeping their places in the frame
ORDERS = ("data", "dependence", "numbers")
_REDRAW = 1 << 40  # row-id offset per redraw attempt: fresh, still deterministic randomness
_CALIBRATE = 1 << 46  # row ids of the draw that measures the model's near-copy rate at fit time
_CALIBRATE_ROWS = 20_000
_COPY_MIN_COLUMNS = 3  # exact copies are refused only in tables of at least this many learned columns
_NEAR_MIN_COLUMNS = 5  # near copies are policed only in tables of at least this many columns
_KEEP_SHARED = 0.65  # a copy's redraw keeps its numbers' shared values for this share of the attempts
_SHARED_SPIKE = 0.05  # ... a spike being shared when this share of the training rows holds it (see _keep_shared)
_KEEP_CATEGORIES = 0.4  # ... and its categories too, drawn given all it keeps, for this share of the attempts
_FREE_STEP = 5  # ... its last number redrawn for the first _FREE_STEP of those, its last two for the next, ...


@dataclass(frozen=True)
class TableParams:
    method: str = "trees"  # "trees" (default) or "copula" (fast baseline)
    min_samples_leaf: int = 10
    #: trees of numeric/date columns (bins): their leaf size; 0 = ``min_samples_leaf``
    numeric_leaf: int = 0
    min_count: int = 5  # a category seen fewer times is never written verbatim
    n_bins: int = 40
    max_codes: int = 200
    reject_copies: bool = True
    honest: bool = True  # trees: splits chosen on half the rows, leaf distributions counted on the other half
    joint_bins: bool = True  # numbers: places within bins drawn jointly (a Gaussian copula), not independently
    #: trees of numeric/date columns: each node's bin distribution shrunk towards its parent's, the parent worth
    #: this many rows (0: leaves are their own rows' bins)
    numeric_prior: float = 0.0
    #: trees of numeric/date columns: each leaf's bin distribution spread along the bins by a Gaussian kernel of
    #: ``numeric_kernel * leaf's spread * leaf rows ** -0.2`` bins, scaled per column by its share of a row's
    #: distance (0: none; ``_kernels``, synth/_trees.py ``_smooth_leaves``)
    numeric_kernel: float = 0.0
    #: trees of categories (and cells): each node's code distribution shrunk towards its parent's, the parent worth
    #: this many rows (0: leaves are their own rows' codes; synth/_trees.py ``grow_tree``'s ``prior``)
    category_prior: float = 0.0
    #: trees of numeric/date columns: grown on half the rows and pruned where a split does not predict the other
    #: half's bins better than its node (held-out likelihood), leaves counted on all rows (synth/_trees.py ``_prune``)
    prune: float = 0.0
    #: model order after ``first``: "data" (the frame's), "dependence" (greedy, most dependent column next),
    #: "numbers" (as "dependence" among numeric and date columns; categories keep their places)
    order: str = "data"
    #: pairs of continuous columns whose joint is clustered (a place's longitude x latitude): a hidden categorical
    #: of occupied 2-D cells drawn before them, their bins drawn given it, values kept inside it (synth/_cells.py)
    cells: bool = False


def infer_kinds(frame: pl.DataFrame) -> dict[str, Kind | None]:
    """A learnable kind per column from its dtype; None for columns that cannot be learned (IDs, text)."""
    kinds: dict[str, Kind | None] = {}
    n = max(frame.height, 1)
    for name, dtype in frame.schema.items():
        s = frame.get_column(name)
        if dtype == pl.Boolean:
            kinds[name] = "boolean"
        elif dtype == pl.Date:
            kinds[name] = "date"
        elif isinstance(dtype, pl.Datetime):
            kinds[name] = "datetime"
        elif dtype.is_numeric():
            kinds[name] = "numeric"
        elif dtype in (pl.String, pl.Categorical) or isinstance(dtype, pl.Enum):
            distinct = s.n_unique()
            kinds[name] = "categorical" if distinct <= max(50, 0.5 * n) else None
        else:
            kinds[name] = None
    return kinds


@dataclass
class LearnedTable:
    name: str
    params: TableParams
    columns: list[str] = field(default_factory=list)  # learned columns, model order
    encoders: dict[str, ColumnEncoder] = field(default_factory=dict)
    dependencies: list[Dependency] = field(default_factory=list)
    dtypes: dict[str, str] = field(default_factory=dict)
    trees: TreeModel | None = None
    copula: CopulaModel | None = None
    copy_hashes: NDArray[np.uint64] = field(default_factory=lambda: np.zeros(0, np.uint64))
    #: hashes of training code tuples with one column left out that fewer than min_count rows share
    near_hashes: NDArray[np.uint64] = field(default_factory=lambda: np.zeros(0, np.uint64))
    #: the share of sampled rows hitting ``near_hashes`` that is redrawn (calibrated at fit time)
    near_redraw: float = 0.0
    #: the model was saved with a copy guard (``copy_hashes``/``near_hashes``) that was not there when it was
    #: loaded (a model shared without its private ``copy_guard.npz``): copies are not rejected
    guard_absent: bool = False
    marginals: list[NDArray[np.float64]] = field(default_factory=list)  # per column: code counts
    n_context: int = 0
    #: numeric/date columns whose places within their bins are drawn jointly, and the copula's Cholesky factor
    bin_columns: list[str] = field(default_factory=list)
    bin_chol: NDArray[np.float64] = field(default_factory=lambda: np.zeros((0, 0)))
    bin_edges: dict[str, NDArray[np.float64]] = field(default_factory=dict)  # column -> cumulative bin shares
    #: column -> how the source wrote it (``simulacra.sources.ColumnForm`` as JSON), applied when writing samples
    forms: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: the field separator of the delimited text the table was read from (None: not text, or ',')
    separator: str | None = None
    #: column pairs modelled with 2-D cells (``params.cells``): each adds a hidden column before the pair
    cells: list[CellPair] = field(default_factory=list)
    #: streams derived per draw, kept: (parent key, names) -> child (a draw of a few rows paid for each)
    #: column -> values learned as categories however rare (the spec's ``keep_rare``: a closed vocabulary); read
    #: when the encoders are fit, not saved (the encoders hold the categories)
    keep: dict[str, list[Any]] = field(default_factory=dict, repr=False, compare=False)
    _streams: dict[tuple[int, tuple[str, ...]], Stream] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    #: copy detection's category lookups: (column, dtype) -> values and positions
    _lookups: dict[tuple[str, str], tuple[pl.Series, pl.Series]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _texts: dict[tuple[str, str], dict[str, int] | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    # ---------------------------------------------------------------- fit
    def fit(
        self,
        frame: pl.DataFrame,
        kinds: Mapping[str, Kind],
        *,
        seed: int,
        first: Sequence[str] = (),
        context: NDArray[np.int32] | None = None,
        tick: Callable[[], None] | None = None,
    ) -> LearnedTable:
        self.prepare(frame, kinds, first=first, seed=seed)
        return self.fit_model(frame, seed=seed, context=context, tick=tick)

    def prepare(
        self, frame: pl.DataFrame, kinds: Mapping[str, Kind], *, first: Sequence[str] = (), seed: int = 0
    ) -> LearnedTable:
        """Column layout: encoders, exact dependencies, model order (no model yet)."""
        if frame.height == 0:
            raise DataValidationError([Problem(Location(table=self.name), "no rows to learn from")])
        cols = [c for c in frame.columns if kinds.get(c)]
        for c in cols:
            if frame.get_column(c).null_count() == frame.height:
                kinds = {**kinds, c: "categorical"}  # all-null: the null code is its only value
            elif (
                kinds[c] == "categorical"
                and c not in self.keep  # a code list's rare codes are codes of their own, never drawn nearby
                and numbers_with_rare_values(frame.get_column(c), self.params.min_count)
            ):
                kinds = {**kinds, c: "numeric"}  # rare numbers are drawn nearby, never merged into frequent ones
        self.dtypes = {c: str(frame.schema[c]) for c in cols}
        self.cells = []
        if self.params.cells:  # a clustered pair gets a hidden cell column, drawn just before the pair
            free = [c for c in cols if c not in first]
            for x, y in find_cell_pairs(frame, kinds, free, seed=seed):
                forms = {c: self._form(frame.get_column(c), kinds[c]) for c in (x, y)}
                pair = CellPair.fit(frame, x, y, forms, seed=seed)
                if pair.column in frame.columns:  # a source column of that name: the pair stays two columns
                    continue
                self.cells.append(pair)
                cols = [v for c in cols for v in ((pair.column, c) if c == x else (c,))]
                kinds = {**kinds, pair.column: "categorical"}
                self.dtypes[pair.column] = "Int32"
            frame = self.with_cells(frame)
        determinants = [c for c in cols if kinds[c] in ("categorical", "boolean")]
        self.dependencies = find_dependencies(frame, determinants, cols)
        derived = {d.column for d in self.dependencies}
        ordered = [c for c in first if c in cols and c not in derived]
        ordered += [c for c in cols if c not in derived and c not in ordered]
        self.columns = ordered
        p = self.params
        self.encoders = {
            c: fit_encoder(
                frame.get_column(c),
                kinds[c],
                min_count=p.min_count,
                n_bins=p.n_bins,
                max_codes=p.max_codes,
                keep=self.keep.get(c, ()),
            )
            for c in ordered
            if c not in self._cell_columns()
        }
        for pair in self.cells:  # cells coded in their Hilbert order, so a tree's split on the code is a region
            self.encoders[pair.column] = ColumnEncoder(
                name=pair.column, kind="categorical", dtype="Int32", categories=list(range(pair.n_cells))
            )
        if p.order in ("dependence", "numbers"):
            n_first = len([c for c in first if c in ordered])
            greedy = self._dependence_order(frame, n_first)
            if p.order == "numbers":  # only the numeric columns' places are reordered
                cats = {c for c in ordered if self.encoders[c].kind in ("categorical", "boolean")}
                nums = iter([c for c in greedy if c not in cats and c not in ordered[:n_first]])
                greedy = [c if c in cats or i < n_first else next(nums) for i, c in enumerate(ordered)]
            self.columns = greedy
        self._restrict_dependencies()
        return self

    @staticmethod
    def _form(series: pl.Series, kind: Kind) -> dict[str, Any]:
        """How a cell pair's column is written back (its encoder's dtype, integer-ness and decimals)."""
        enc = fit_encoder(series, kind, n_bins=1)
        return {"kind": enc.kind, "dtype": enc.dtype, "integer": enc.integer, "decimals": enc.decimals}

    def _cell_columns(self) -> set[str]:
        return {pair.column for pair in self.cells}

    def with_cells(self, frame: pl.DataFrame) -> pl.DataFrame:
        """``frame`` with the hidden cell column of every cell pair (from the pair's values) where it lacks it."""
        missing = [pair for pair in self.cells if pair.column not in frame.columns]
        return frame.with_columns([pair.assign(frame) for pair in missing]) if missing else frame

    def _dependence_order(self, frame: pl.DataFrame, n_first: int) -> list[str]:
        """The columns after the first ``n_first`` in greedy order of dependence: next is the column whose
        codes share the most information (normalised mutual information) with one column already placed,
        so each tree conditions on its strongest predictor early and the joint is built along its strongest
        links (a maximum spanning tree grown from the first column, Chow-Liu style). Ties keep data order."""
        cols = list(self.columns)
        if len(cols) <= max(n_first, 1) + 1:
            return cols
        codes = self.encode(frame)
        m = len(cols)
        entropy = np.zeros(m)
        for j in range(m):
            p = np.bincount(codes[:, j]) / len(codes)
            p = p[p > 0]
            entropy[j] = float(-(p * np.log(p)).sum())
        nmi = np.zeros((m, m))
        for i in range(m):
            for j in range(i + 1, m):
                joint = codes[:, i].astype(np.int64) * (int(codes[:, j].max()) + 1) + codes[:, j]
                _, counts = np.unique(joint, return_counts=True)
                q = counts / len(codes)
                mi = entropy[i] + entropy[j] + float((q * np.log(q)).sum())
                denom = np.sqrt(entropy[i] * entropy[j])
                nmi[i, j] = nmi[j, i] = mi / denom if denom > 0 else 0.0
        placed = list(range(max(n_first, 1)))
        rest = [j for j in range(m) if j not in placed]
        while rest:
            best = max(rest, key=lambda j: (max(nmi[j, k] for k in placed), -j))
            placed.append(best)
            rest.remove(best)
        return [cols[j] for j in placed]

    def fit_model(
        self,
        frame: pl.DataFrame,
        *,
        seed: int,
        context: NDArray[np.int32] | None = None,
        tick: Callable[[], None] | None = None,
    ) -> LearnedTable:
        """Fit the joint model (and copy hashes) on a prepared layout."""
        frame = self.with_cells(frame)
        codes = self.encode(frame)
        self.marginals = [
            np.bincount(codes[:, j], minlength=self.encoders[c].n_codes).astype(np.float64)
            for j, c in enumerate(self.columns)
        ]
        self.n_context = 0 if context is None else context.shape[1]
        p = self.params
        if p.method == "copula":
            self.copula = CopulaModel().fit(
                codes,
                [self.encoders[c].n_codes for c in self.columns],
                stream=root_stream(seed).child(self.name, "copula"),
            )
        else:
            self.trees = TreeModel(
                min_samples_leaf=p.min_samples_leaf,
                numeric_leaf=p.numeric_leaf,
                honest=p.honest,
                numeric_prior=p.numeric_prior,
                category_prior=p.category_prior,
                prune=p.prune,
            ).fit(
                codes,
                context,
                seed=seed,
                progress=tick,
                # a cell column (a place's 2-D cell, ~400 codes) is a category's tree: honest, category-sized
                # leaves. With a numbers' tree (leaves of 20, not honest) a leaf's cells were its own rows'
                # cells and the places followed the training rows: California dev, DCR share 0.522 -> 0.516
                # (3 model seeds), detection 0.577 -> 0.580 (benchmarks/RESULTS.md, learn-single6)
                categorical=[self.encoders[c].kind in ("categorical", "boolean") for c in self.columns],
                ordinal=[self._bin_codes(c) for c in self.columns],
                kernel=self._kernels(frame),
            )
        self._fit_bin_copula(frame, codes)
        if p.reject_copies and len(self.columns) >= _COPY_MIN_COLUMNS:
            # rows whose values fewer than min_count training rows share identify someone: never sampled;
            # a combination many rows share (a 1-column table's every row) identifies no one. In a table of
            # one or two learned columns nearly every seen pair is rare, so rejecting them redraws most of
            # the rows and bends the marginals (a 59/41 segment came out 50/50): there, nothing is rejected
            uniq, counts = np.unique(self.row_hashes(frame), return_counts=True)
            self.copy_hashes = uniq[counts < p.min_count]
            self._calibrate_near_copies(codes, context, seed)
        return self

    def _bin_codes(self, column: str) -> tuple[int, int] | None:
        """The codes ``lo <= code < hi`` that are ``column``'s ordered quantile bins (None: a category, a cell)."""
        enc = self.encoders[column]
        if enc.kind in ("categorical", "boolean") or column in self._cell_columns() or not len(enc.quantiles):
            return None
        return len(enc.spikes), len(enc.spikes) + len(enc.quantiles)

    def _kernels(self, frame: pl.DataFrame) -> list[float]:
        """``numeric_kernel`` per column, scaled by how much the column moves a row's distance to another: its
        standard deviation over its range (the benchmark's distance scales numbers to [0, 1] by the range), over
        the largest such share among the columns. A heavy-tailed count (California's population: 0.03) barely
        moves the nearest neighbour and is left nearly as learned; latitude (0.3) takes the full kernel."""
        k = self.params.numeric_kernel
        spread = dict.fromkeys(self.columns, 0.0)
        if k > 0:
            for c in self.columns:
                if self._bin_codes(c) is not None:
                    x = to_float(frame.get_column(c), self.encoders[c].kind)
                    x = x[~np.isnan(x)]
                    span = float(x.max() - x.min()) if len(x) else 0.0
                    spread[c] = float(x.std()) / span if span > 0 else 0.0
        top = max(spread.values(), default=0.0)
        return [k * spread[c] / top if top > 0 else 0.0 for c in self.columns]

    def _fit_bin_copula(self, frame: pl.DataFrame, codes: NDArray[np.int32]) -> None:
        """A Gaussian copula over the numeric columns' continuous parts, used only *within* the bins the
        model drew: each value's normal score is its rank among the column's binned values, and the scores'
        correlation is kept (California's rooms, bedrooms and households rise together inside their bins
        too). At sample, each column's score is drawn from its normal given the columns before it,
        truncated to the drawn bin (so the bin stays the model's), and decoded to a place within that bin.
        Spikes and nulls take no part; nothing is kept when the scores are uncorrelated."""
        from scipy.special import ndtri
        from scipy.stats import rankdata

        self.bin_columns, self.bin_chol, self.bin_edges = [], np.zeros((0, 0)), {}
        if not self.params.joint_bins:
            return
        cols = [c for c in self.columns if len(self.encoders[c].quantiles) and self.encoders[c].kind != "categorical"]
        if len(cols) < 2 or frame.height < 50:
            return
        z = np.full((frame.height, len(cols)), np.nan)
        edges: dict[str, NDArray[np.float64]] = {}
        for k, c in enumerate(cols):
            enc = self.encoders[c]
            x = to_float(frame.get_column(c), enc.kind)
            nb = len(enc.quantiles)
            b = codes[:, self.columns.index(c)].astype(np.int64) - len(enc.spikes)
            ok = (b >= 0) & (b < nb) & ~np.isnan(x)
            if ok.sum() < 50:
                continue
            cum = np.concatenate([[0.0], np.cumsum(np.bincount(b[ok], minlength=nb))]) / ok.sum()
            edges[c] = cum
            rows = np.flatnonzero(ok)
            p = (rankdata(x[rows], method="average") - 0.5) / len(rows)  # the value's place in the binned part
            z[rows, k] = ndtri(np.clip(p, 1e-6, 1 - 1e-6))
        m = len(cols)
        corr = np.eye(m)
        for i in range(m):
            for j in range(i + 1, m):
                both = ~np.isnan(z[:, i]) & ~np.isnan(z[:, j])
                if both.sum() < 50:
                    continue
                corr[i, j] = corr[j, i] = float(np.corrcoef(z[both, i], z[both, j])[0, 1])
        corr = np.nan_to_num(corr, nan=0.0)
        w, v = np.linalg.eigh(corr)
        corr = (v * np.maximum(w, 1e-4)) @ v.T
        d = np.sqrt(np.diag(corr))
        corr = corr / d[:, None] / d[None, :]
        if np.abs(corr - np.eye(m)).max() < 0.1 or len(edges) < 2:
            return  # nothing to keep: places within bins drawn independently
        self.bin_columns, self.bin_chol = cols, np.linalg.cholesky(corr)
        self.bin_edges = {c: edges.get(c, np.zeros(0)) for c in cols}

    def _joint_places(
        self, codes: NDArray[np.int32], u: dict[str, NDArray[np.float64]]
    ) -> dict[str, NDArray[np.float64]]:
        """Places within the drawn bins from the copula (see ``_fit_bin_copula``), from the same uniforms."""
        from scipy.special import ndtr, ndtri

        n = len(codes)
        out = dict(u)
        e = np.zeros((n, len(self.bin_columns)))
        for k, c in enumerate(self.bin_columns):
            mu = e[:, :k] @ self.bin_chol[k, :k]
            sd = self.bin_chol[k, k]
            cum = self.bin_edges.get(c)
            enc = self.encoders[c]
            uk = np.clip(u[c], 1e-12, 1 - 1e-12)
            zk = mu + sd * ndtri(uk)  # a latent score for every row (spikes and nulls too)
            if cum is not None and len(cum) == len(enc.quantiles) + 1:
                b = codes[:, self.columns.index(c)].astype(np.int64) - len(enc.spikes)
                inb = (b >= 0) & (b < len(enc.quantiles))
                bi = np.where(inb, b, 0)
                lo, hi = cum[bi], cum[bi + 1]
                plo = ndtr((ndtri(np.clip(lo, 1e-12, 1 - 1e-12)) - mu) / sd)
                phi = ndtr((ndtri(np.clip(hi, 1e-12, 1 - 1e-12)) - mu) / sd)
                # the score truncated to the drawn bin: a place within it
                q = np.clip(plo + uk * (phi - plo), 1e-12, 1 - 1e-12)
                zt = mu + sd * ndtri(q)
                width = np.maximum(hi - lo, 1e-12)
                place = np.clip((ndtr(zt) - lo) / width, 0.0, 1.0 - 1e-9)
                ok = inb & (phi - plo > 1e-9)
                out[c] = np.where(ok, place, u[c])
                zk = np.where(ok, zt, zk)
            e[:, k] = (zk - mu) / sd
        return out

    def near_keys(self, codes: NDArray[np.int32]) -> NDArray[np.uint64]:
        """Per row and column j, a hash of the row's codes on every column but j (rows x columns)."""
        m = codes.shape[1]
        salt = np.arange(1, m + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        with np.errstate(over="ignore"):
            words = _mix(codes.astype(np.uint64) * np.uint64(0xD6E8FEB86659FD93) + salt[None, :])
            total = words.sum(axis=1, dtype=np.uint64)
            return _mix(total[:, None] - words + salt[None, :] * np.uint64(0x94D049BB133111EB))

    def _near_hits(self, codes: NDArray[np.int32]) -> NDArray[np.bool_]:
        if not len(self.near_hashes) or not len(codes):
            return np.zeros(len(codes), dtype=bool)
        keys = self.near_keys(codes)
        pos = np.clip(np.searchsorted(self.near_hashes, keys), 0, len(self.near_hashes) - 1)
        return ((self.near_hashes[pos] == keys) & self.near_valid(codes)).any(axis=1)

    def exact_codes(self, codes: NDArray[np.int32]) -> NDArray[np.bool_]:
        """Per row and column, whether the code decodes to one exact value (rows x columns): a category,
        a spike, null, or an integer bin holding at most two values. A number drawn within a wider bin is a
        new value, equal to no training row's, so it never makes a row a (near) copy."""
        out = np.ones(codes.shape, dtype=bool)
        cells = self._cell_columns()
        for j, c in enumerate(self.columns):
            enc = self.encoders[c]
            if c in cells:  # a cell decodes to no value of its own
                out[:, j] = False
                continue
            if enc.kind in ("categorical", "boolean"):
                if enc.fresh is not None and enc.rare_code is not None:  # decodes to a fresh value
                    out[:, j] = codes[:, j] != enc.rare_code
                continue
            if not len(enc.quantiles):
                continue
            span = enc.quantiles[:, -1] - enc.quantiles[:, 0]
            narrow = np.concatenate([np.ones(len(enc.spikes), bool), enc.integer & (span <= 1.0), [True, True]])
            out[:, j] = narrow[np.minimum(codes[:, j], len(narrow) - 1)]
        return out

    def near_valid(self, codes: NDArray[np.int32]) -> NDArray[np.bool_]:
        """Per row and left-out column j, whether every *other* column's code is exact (see ``exact_codes``):
        only then can the row equal a training row on every column but j."""
        inexact = ~self.exact_codes(codes)
        return (inexact.sum(axis=1, keepdims=True) - inexact) == 0

    def _calibrate_near_copies(self, codes: NDArray[np.int32], context: NDArray[np.int32] | None, seed: int) -> None:
        """Near copies: a sampled row equal, on every column but one, to a training row that fewer than
        min_count training rows resemble so. Fresh real rows are such near copies at some rate too; measured
        leave-one-out on the training rows, it is the rate the model may have. The model's own rate is measured
        on a seeded draw, and the share of its near copies redrawn is set so the two rates agree."""
        self.near_hashes, self.near_redraw = np.zeros(0, np.uint64), 0.0
        n, m = codes.shape
        # with few columns, 'equal on all but one' is a pair or triple of values, which identifies no one,
        # and redrawing rows to avoid rare pairs bends those pairs' shares (a 3-column table's missing share
        # moved 5 points); near copies are only policed where the other columns can single a row out
        if m < _NEAR_MIN_COLUMNS or n < 2:
            return
        keys = self.near_keys(codes)
        valid = self.near_valid(codes)  # numbers drawn within bins match no training value: not near copies
        uniq, inverse, counts = np.unique(keys[valid], return_inverse=True, return_counts=True)
        per_row = np.zeros(keys.shape, dtype=np.int64)
        per_row[valid] = counts[inverse]
        reference = float(((per_row >= 2) & (per_row <= self.params.min_count)).any(axis=1).mean())
        self.near_hashes = uniq[counts < self.params.min_count]
        k = min(n, _CALIBRATE_ROWS)
        drawn = self.draw_codes(
            np.arange(k, dtype=np.int64) + _CALIBRATE,
            root_stream(seed).child(self.name, "near"),
            None if context is None else context[:k],
        )
        model = float(self._near_hits(drawn).mean())
        if model > reference:
            self.near_redraw = (model - reference) / (model * (1.0 - reference))

    def _restrict_dependencies(self) -> None:
        """Keep only lookups for source values the model can emit (rare values never are; an empty source is
        drawn as the source's nulls were)."""
        kept = []
        for d in self.dependencies:
            enc = self.encoders[d.source]
            allowed = set(enc.categories) | set(enc.pool)
            pairs = [(k, v) for k, v in zip(d.keys, d.values, strict=True) if k in allowed or k is None]
            kept.append(Dependency(d.column, d.source, tuple(k for k, _ in pairs), tuple(v for _, v in pairs)))
        self.dependencies = kept

    def encode(self, frame: pl.DataFrame) -> NDArray[np.int32]:
        if not self.columns:
            return np.zeros((frame.height, 0), np.int32)
        return np.stack([self.encoders[c].encode(frame.get_column(c)) for c in self.columns], axis=1)

    # ---------------------------------------------------------------- sample
    def draw_codes(
        self,
        rows: NDArray[np.int64],
        stream: Stream,
        context: NDArray[np.int32] | None = None,
        fixed: Mapping[str, NDArray[np.int32]] | None = None,
    ) -> NDArray[np.int32]:
        streams = [self._child(stream, c, "code") for c in self.columns]
        fixed_idx = {self.columns.index(c): v for c, v in (fixed or {}).items()}
        if self.copula is not None:
            codes = self.copula.sample(rows, streams)
            for j, v in fixed_idx.items():
                # -1: drawn, not fixed (see _keep_shared); the baseline copula draws a -k-2 row freely too
                codes[:, j] = np.where(v >= 0, v, codes[:, j])
            return codes
        assert self.trees is not None
        return self.trees.sample(rows, context, streams, fixed_idx)

    def draw_marginal(
        self, rows: NDArray[np.int64], stream: Stream, fixed: Mapping[str, NDArray[np.int32]] | None = None
    ) -> NDArray[np.int32]:
        """Each column's code drawn from its overall distribution (the last resort of redrawing)."""
        out = np.empty((len(rows), len(self.columns)), np.int32)
        for j, c in enumerate(self.columns):
            cum = np.cumsum(self.marginals[j])
            if fixed and c in fixed:
                v = fixed[c]
                if (v < 0).any():  # -1: drawn, not fixed; -k-2: drawn, but never code k (see _keep_shared)
                    drawn = self._child(stream, c, "marginal").choice(rows, cum / cum[-1])
                    for k in np.unique(v[v < -1]):
                        counts = self.marginals[j].copy()
                        counts[-k - 2] = 0.0
                        if counts.sum() > 0:
                            part = np.cumsum(counts)
                            at = v == k
                            drawn[at] = self._child(stream, c, "marginal").choice(rows[at], part / part[-1])
                    v = np.where(v >= 0, v, drawn)
                out[:, j] = v
                continue
            out[:, j] = self._child(stream, c, "marginal").choice(rows, cum / cum[-1])
        return out

    def decode(self, codes: NDArray[np.int32], rows: NDArray[np.int64], stream: Stream) -> pl.DataFrame:
        u = {c: self._child(stream, c, "value").uniform(rows) for c in self.columns}
        if self.bin_columns and len(rows):  # places within the drawn bins from the copula
            u = self._joint_places(codes, u)
        series = [self.encoders[c].decode(codes[:, j], u[c]).alias(c) for j, c in enumerate(self.columns)]
        frame = pl.DataFrame(series) if series else pl.DataFrame({"__n": np.zeros(len(rows))}).drop("__n")
        for pair in self.cells:  # the pair's values moved into their cell (the hidden column stays, for hashes)
            cells = codes[:, self.columns.index(pair.column)]
            frame = frame.with_columns([self._squeezed(pair, c, cells, codes, frame) for c in (pair.x, pair.y)])
        for d in self.dependencies:
            frame = frame.with_columns(d.apply(frame, polars_dtype(self.dtypes[d.column])))
        return frame

    def _squeezed(
        self, pair: CellPair, c: str, cells: NDArray[np.int32], codes: NDArray[np.int32], frame: pl.DataFrame
    ) -> pl.Series:
        """Column ``c`` of a cell pair with each value drawn in a bin moved into the part of it the cell spans."""
        enc = self.encoders[c]
        b = codes[:, self.columns.index(c)].astype(np.int64) - len(enc.spikes)
        lo = hi = np.full(len(b), np.nan)  # spikes and nulls: no bin, kept as drawn
        if len(enc.quantiles):
            inb = (b >= 0) & (b < len(enc.quantiles))
            q = enc.quantiles[np.where(inb, b, 0)]
            lo, hi = np.where(inb, q[:, 0], np.nan), np.where(inb, q[:, -1], np.nan)
        return pair.squeeze(c, cells, to_float(frame.get_column(c), enc.kind), lo, hi)

    def _child(self, stream: Stream, *names: str) -> Stream:
        """``stream.child(self.name, *names)``, derived once per stream."""
        key = (stream.key, names)
        got = self._streams.get(key)
        if got is None:
            if len(self._streams) > 4096:  # many seeds in one process: start over
                self._streams.clear()
            got = self._streams[key] = stream.child(self.name, *names)
        return got

    def sample(
        self,
        rows: NDArray[np.int64],
        stream: Stream,
        *,
        context: NDArray[np.int32] | None = None,
        fixed: Mapping[str, NDArray[np.int32]] | None = None,
        accept: Callable[[pl.DataFrame], NDArray[np.bool_]] | None = None,
        attempts: int = 100,
    ) -> tuple[pl.DataFrame, NDArray[np.int32], dict[str, int]]:
        """Rows for ``rows``: draw, then redraw the rows that copy a training row or fail ``accept``.

        Returns the frame, its codes (context for children) and counts of redraws; raises
        :class:`ConstraintError` when rows still copy or fail after ``attempts`` redraws.
        """
        codes = self.draw_codes(rows, stream, context, fixed)
        frame = self.decode(codes, rows, stream)
        stats = {"copies_redrawn": 0, "rejected_redrawn": 0, "near_copies_redrawn": 0}
        failed = np.zeros(len(rows), dtype=bool)  # rows that broke ``accept`` (not only copied)
        todo = self._rejected(frame, accept, stats, failed)
        # rows whose first draw copies a training row exactly (not only near copies): their redraws keep its
        # categories; a row redrawn whole that copies later is redrawn whole again (p(x)(1 - c(x)) as before)
        exact = todo & ~failed
        todo |= self._near_rejected(codes, rows, stream, stats)
        for attempt in range(1, attempts + 1):
            if not todo.any():
                break
            idx = np.flatnonzero(todo)
            new_rows = rows[idx] + attempt * _REDRAW
            ctx = context[idx] if context is not None else None
            fx = {c: v[idx] for c, v in (fixed or {}).items()}
            given: list[str] = []
            keep = None
            if attempt <= int(attempts * _KEEP_SHARED):
                span = int(attempts * _KEEP_CATEGORIES)
                # with trees, and a number left to redraw (a table of categories alone leaves a copy by them)
                whole = attempt <= span and self.trees is not None and self._has_free_number(fx)
                free = 1 + (attempt - 1) // _FREE_STEP  # the last numbers first, one more each _FREE_STEP
                # exact copies only: a near copy is redrawn whole, as the share of them redrawn was calibrated for
                # (kept categories land near a training row's pattern again: a planted table's rows equal to a
                # training row on all columns but one 0.047 -> 0.094, against 0.034 held out)
                keep = exact[idx] if whole else None
                kept = self._keep_shared(
                    codes[idx], ~failed[idx], fx, categories=attempt > attempts // 2, whole=keep, free=free
                )
                given = [c for c in kept if c not in fx] if whole else []
                fx = kept
            if given and self.trees is not None and keep is not None:
                sub_codes, sub = self._draw_given(new_rows, stream, ctx, fx, given, keep)
            else:
                if attempt <= attempts // 2:
                    sub_codes = self.draw_codes(new_rows, stream, ctx, fx)
                else:  # a context that keeps leading to the same rows: draw the columns on their own
                    sub_codes = self.draw_marginal(new_rows, stream, fx)
                    stats["marginal_redraws"] = stats.get("marginal_redraws", 0) + len(idx)
                sub = self.decode(sub_codes, new_rows, stream)
            codes[idx] = sub_codes
            frame = _replace_rows(frame, idx, sub)
            sub_failed = np.zeros(len(idx), dtype=bool)
            todo_sub = self._rejected(sub, accept, stats, sub_failed)
            failed[idx] = sub_failed
            if attempt <= attempts // 2:
                todo_sub |= self._near_rejected(sub_codes, new_rows, stream, stats)
            todo = np.zeros(len(rows), dtype=bool)
            todo[idx[todo_sub]] = True
        if todo.any():
            raise unsatisfiable(
                f"{int(todo.sum())} of {len(rows)} sampled rows still copy a training row or break the spec's "
                f"constraints after {attempts} redraws ({stats['copies_redrawn']} copies and "
                f"{stats['rejected_redrawn']} constraint failures redrawn); the data may be too small or too "
                "coarse to make new rows from: fit with reject_copies=False (CLI: --allow-copies) to allow copies",
                table=self.name,
            )
        return frame, codes, stats

    def redraws(self, accept: Callable[[pl.DataFrame], NDArray[np.bool_]] | None = None) -> bool:
        """Whether :meth:`sample` may redraw rows (copies, near copies, ``accept``); when not, its rows are
        :meth:`draw_codes` then :meth:`decode`, row by row."""
        return accept is not None or len(self.copy_hashes) > 0 or self.near_redraw > 0

    def _near_rejected(
        self, codes: NDArray[np.int32], rows: NDArray[np.int64], stream: Stream, stats: dict[str, int]
    ) -> NDArray[np.bool_]:
        """The calibrated share of near copies, chosen per row id (deterministic)."""
        if self.near_redraw <= 0 or not len(rows):
            return np.zeros(len(rows), dtype=bool)
        hit = self._near_hits(codes)
        hit &= self._child(stream, "near-copy").uniform(rows) < self.near_redraw
        stats["near_copies_redrawn"] += int(hit.sum())
        return hit

    def _keep_shared(
        self,
        codes: NDArray[np.int32],
        copied: NDArray[np.bool_],
        fixed: dict[str, NDArray[np.int32]],
        *,
        categories: bool = False,
        whole: NDArray[np.bool_] | None = None,
        free: int = 0,
    ) -> dict[str, NDArray[np.int32]]:
        """``fixed`` plus, for rows redrawn only as (near) copies, the codes of their numbers' shared values, the
        spikes and nulls, and every column's null-ness (-1 where a row's value is drawn afresh, ``-k-2`` where it
        is drawn but never as code ``k``, the column's null: a value is redrawn as a value).

        A row holding a value many rows share (a delay of 0, a null) matches a training row far more often than
        a row with a number of its own, so redrawing the whole copy moves draws off the shared value: the
        airline's flights held a null delay in 0.663 of source rows and 0.56-0.61 of sampled ones (three
        sample seeds; 0.64-0.67 with copies allowed). Keeping the shared code and redrawing the rest keeps the
        learned share (through the tree redraws and some marginal ones: a parent's context may lead to its
        training rows alone); a row whose other columns cannot leave the copy is redrawn whole in the last
        attempts (a 3 x 2 x 40 table's rows at rare integers need them: the value must move too). Rows that broke
        a constraint are redrawn whole: the shared value may be what broke it.
        Three modes, one function each, then :meth:`_kept_codes` writes what they keep: ``free`` (neither of the
        others) keeps the shared spikes and nulls (:meth:`_shared_spikes`); ``whole`` keeps a copy's categories
        and its numbers but the last ``free`` (:meth:`_kept_whole`); ``categories`` (the redraws from each
        column's marginal) keeps a row's last shared number and the categories after it
        (:meth:`_kept_categories`).
        """
        if whole is not None:
            shared = self._kept_whole(self._shared_spikes(codes, copied, fixed), copied & whole, fixed, free)
        elif categories:
            shared = self._kept_categories(self._shared_spikes(codes, copied, fixed), copied, fixed, len(codes))
        else:
            shared = self._shared_spikes(codes, copied, fixed)
        return self._kept_codes(codes, copied, fixed, shared)

    def _shared_spikes(
        self, codes: NDArray[np.int32], copied: NDArray[np.bool_], fixed: Mapping[str, NDArray[np.int32]]
    ) -> dict[int, NDArray[np.bool_]]:
        """The ``free`` mode of :meth:`_keep_shared` (and where the other two start): per number column not
        ``fixed`` with spikes or nulls, the copied rows at a spike or null many training rows share."""
        shared: dict[int, NDArray[np.bool_]] = {}
        for j, c in enumerate(self.columns):
            enc = self.encoders[c]
            if c not in fixed and enc.kind == "numeric" and (enc.spikes or enc.has_null):
                v = codes[:, j]
                # the spikes many rows share (>= _SHARED_SPIKE of them), not only the largest: a row at a rarer
                # spike (a delay's hour, 20%) copies more often than one in a bin too. Not every spike: in a small
                # table every integer held by 5 rows is one (a 600-row table's every age, 1.7% each), and keeping
                # those left a copy only its category to leave by, bending the category's shares further than a
                # whole redraw (a job's most common value 0.442 -> 0.348; 0.401 redrawn whole). Keeping only the
                # spikes of >= 10% once moved redraws onto the rarer spikes' places (0.380 at 0 against the
                # source's 0.333) while a redrawn value could still fall on null; with nulls kept both ways, 0.342
                share = self.marginals[j] / max(float(self.marginals[j].sum()), 1.0)
                often = share[np.clip(v, 0, len(share) - 1)] >= _SHARED_SPIKE
                shared[j] = copied & often & ((v < len(enc.spikes)) | (v == (enc.null_code if enc.has_null else -1)))
        return shared

    def _kept_whole(
        self,
        shared: dict[int, NDArray[np.bool_]],
        keeping: NDArray[np.bool_],
        fixed: Mapping[str, NDArray[np.int32]],
        free: int,
    ) -> dict[int, NDArray[np.bool_]]:
        """The ``whole`` mode of :meth:`_keep_shared`: the rows ``keeping`` (exact copies) keep every category's
        value and their numbers but the last ``free``, besides the shared spikes.

        A copy keeps every category's value (and, in :meth:`_kept_codes`, every null state) and its numbers but
        the last ``free``, those redrawn *given* all it keeps (``_draw_given``). Values copy at rates that differ
        (a small table's clerks 54%, drivers 36%), and a copy redrawn whole samples p(x)(1 - c(x)), flattening
        the shares (clerk 0.47 -> 0.41); kept, a category's share is the model's draw's. Drawn given the kept
        values, not after them, so the numbers before a category follow it (an age keeps its job's mean); the
        last numbers first, so a row that can leave by them keeps the rest."""
        shared = dict(shared)
        numbers = [j for j, c in enumerate(self.columns) if c not in fixed and self._is_number(c)]
        kept_numbers = set(numbers[: max(len(numbers) - free, 0)]) if free else set()
        for j, c in enumerate(self.columns):
            if c not in fixed and (self.encoders[c].kind in ("categorical", "boolean") or j in kept_numbers):
                shared[j] = keeping
        return shared

    def _kept_categories(
        self,
        shared: dict[int, NDArray[np.bool_]],
        copied: NDArray[np.bool_],
        fixed: Mapping[str, NDArray[np.int32]],
        n: int,
    ) -> dict[int, NDArray[np.bool_]]:
        """The ``categories`` mode of :meth:`_keep_shared`: a copied row keeps only its last shared number and the
        categories modelled after it (drawn on their own they would leave it: a status drawn apart from its null
        delay); the columns before it (a date's gap, itself a spike) are left free, so the row can leave the copy."""
        last = np.full(n, -1)
        for j, m in shared.items():
            last = np.where(m, j, last)
        kept = {j: last == j for j in shared}
        for j, c in enumerate(self.columns):
            if c not in fixed and self.encoders[c].kind in ("categorical", "boolean"):
                kept[j] = copied & (last >= 0) & (last < j)
        return kept

    def _kept_codes(
        self,
        codes: NDArray[np.int32],
        copied: NDArray[np.bool_],
        fixed: dict[str, NDArray[np.int32]],
        shared: Mapping[int, NDArray[np.bool_]],
    ) -> dict[str, NDArray[np.int32]]:
        """``fixed`` plus the codes the rows keep (``shared``: per column, which rows keep theirs) and every
        nullable column's null-ness, both ways, for the copied rows."""
        out = dict(fixed)
        for j, c in enumerate(self.columns):
            if c in out:
                continue
            v = codes[:, j]
            kept = shared.get(j, np.zeros(len(v), dtype=bool))
            enc = self.encoders[c]
            if enc.has_null and enc.null_code is not None:
                # a copy keeps whether it is null, both ways: a null stays null and a value is redrawn as a value.
                # Keeping only the nulls let the redrawn values fall on null (a 20%-null job: 0.268 sampled), and
                # redrawing both freely moved the null share with the copy rate of the values beside it: a small
                # table's rows copy at 35-55%, more often at its common values (a job null on 20% of rows: 0.237;
                # on 31%: 0.276). What the row leaves the copy by is its other values
                null = copied & (v == enc.null_code)
                kept = kept | null
                out[c] = np.where(kept, v, np.where(copied & ~null, -enc.null_code - 2, -1)).astype(np.int32)
            elif kept.any():
                out[c] = np.where(kept, v, -1).astype(np.int32)
        return out

    def _draw_given(
        self,
        rows: NDArray[np.int64],
        stream: Stream,
        context: NDArray[np.int32] | None,
        fixed: dict[str, NDArray[np.int32]],
        given: Sequence[str],
        keeping: NDArray[np.bool_],
    ) -> tuple[NDArray[np.int32], pl.DataFrame]:
        """Codes and rows for ``rows`` drawn given ``fixed``'s codes of the columns ``given`` (a copy's kept
        values; ``TreeModel.sample_given``): of each row's candidates, one that copies no training row (nor is a
        near copy chosen to be redrawn) is kept, in proportion to its weight. A copy at a common value leaves
        rarely (a small table's typical clerk rows copy at ~90%): many candidates a redraw let it leave with
        its values, where one draw an attempt left 127 of 499 rows still copies after 40. Rows not ``keeping``
        their values get their first candidate, drawn as ``draw_codes`` would."""
        assert self.trees is not None
        streams = [self._child(stream, c, "code") for c in self.columns]
        at = {self.columns.index(c) for c in given}
        fixed_idx = {self.columns.index(c): v for c, v in fixed.items()}
        many, codes, weight = self.trees.sample_given(rows, context, streams, fixed_idx, at)
        frame = self.decode(codes, many, stream)
        if len(self.copy_hashes):
            h = self.row_hashes(frame)
            pos = np.clip(np.searchsorted(self.copy_hashes, h), 0, len(self.copy_hashes) - 1)
            weight = np.where(self.copy_hashes[pos] == h, 0.0, weight)
        if self.near_redraw > 0:
            # the row's own uniform, as ``_near_rejected`` asks of the candidate kept
            u = np.tile(self._child(stream, "near-copy").uniform(rows), len(many) // len(rows))
            near = self._near_hits(codes) & (u < self.near_redraw)
            weight = np.where(near, 0.0, weight)
        # a row that keeps nothing (a near copy, redrawn whole) has its first candidate only: one plain draw
        weight = np.where(np.arange(len(many)) < len(rows), weight, weight * np.tile(keeping, len(many) // len(rows)))
        chosen = pick(weight, len(rows), self._child(stream, "given").uniform(rows))
        return codes[chosen], frame[chosen]

    def _has_free_number(self, fixed: Mapping[str, NDArray[np.int32]]) -> bool:
        return any(c not in fixed and self._is_number(c) for c in self.columns)

    def _is_number(self, column: str) -> bool:
        """A number or date (a cell column is a category): coded as bins, or as spikes only (a 1,500-row table's
        every integer age is held by >= 5 rows, so it has no bins)."""
        return self.encoders[column].kind not in ("categorical", "boolean") and column not in self._cell_columns()

    def _rejected(
        self,
        frame: pl.DataFrame,
        accept: Callable[[pl.DataFrame], NDArray[np.bool_]] | None,
        stats: dict[str, int],
        failed: NDArray[np.bool_] | None = None,
    ) -> NDArray[np.bool_]:
        bad = np.zeros(frame.height, dtype=bool)
        if len(self.copy_hashes) and frame.height:
            h = self.row_hashes(frame)
            pos = np.clip(np.searchsorted(self.copy_hashes, h), 0, len(self.copy_hashes) - 1)
            copy = self.copy_hashes[pos] == h
            stats["copies_redrawn"] += int(copy.sum())
            bad |= copy
        if accept is not None and frame.height:
            fail = ~accept(frame)
            if failed is not None:
                failed |= fail
            stats["rejected_redrawn"] += int((fail & ~bad).sum())
            bad |= fail
        return bad

    def row_hashes(self, frame: pl.DataFrame) -> NDArray[np.uint64]:
        """A 64-bit hash per row over the modelled columns, equal for equal values (copy detection).

        Derived columns are left out: they are functions of their source column.
        """
        h = np.full(frame.height, 0x9E3779B97F4A7C15, dtype=np.uint64)
        # every category's positions among the values the model can emit: text looked up in a dict (learned
        # sampling in runs of parents hashes many small frames, and each polars query is paid per frame), the
        # other categories in one polars pass
        pos: dict[str, NDArray[np.int64] | None] = {}
        exprs: dict[str, pl.Expr] = {}
        for c in self.columns:
            col, enc = frame.get_column(c), self.encoders[c]
            table = self._text_positions(enc) if col.dtype == pl.String else None
            if table is not None:
                pos[c] = _mapped(col, table)
            elif (e := _positions(col, enc, self._lookups)) is not None:
                exprs[c] = e
        if exprs:
            found = frame.select(list(exprs.values()))
            pos.update({c: _filled(found.get_column(c)) for c in exprs})
        for i, c in enumerate(self.columns):
            v = _value_bits(frame.get_column(c), self.encoders[c], pos.get(c))
            with np.errstate(over="ignore"):
                h = _mix((h ^ v) + np.uint64((i + 1) * 0xBF58476D1CE4E5B9 & 0xFFFFFFFFFFFFFFFF))
        return h

    def _text_positions(self, enc: ColumnEncoder) -> dict[str, int] | None:
        """A text category column's values the model can emit -> their positions (as ``_positions`` numbers
        them), or None when it has none or they are not all text (then polars looks them up)."""
        key = (enc.name, "text")
        if key not in self._texts:
            values = list(dict.fromkeys(enc.categories + enc.pool))
            ok = enc.kind == "categorical" and values and all(isinstance(v, str) for v in values)
            self._texts[key] = {v: i for i, v in enumerate(values)} if ok else None
        return self._texts[key]

    # ---------------------------------------------------------------- persistence
    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "columns": self.columns,
            "dtypes": self.dtypes,
            "n_context": self.n_context,
            "encoders": [self.encoders[c].to_json() for c in self.columns],
            "dependencies": [d.to_json() for d in self.dependencies],
            "model": "copula" if self.copula is not None else "trees",
            "near_redraw": self.near_redraw,
            # how many guard hashes were saved (kept apart in the model's private copy_guard.npz), so a load
            # without that file knows the guard is missing rather than empty
            "guard": {"copies": len(self.copy_hashes), "near": len(self.near_hashes)},
            **({"bin_columns": self.bin_columns} if self.bin_columns else {}),
            **({"cells": [pair.to_json() for pair in self.cells]} if self.cells else {}),
            **({"forms": self.forms} if self.forms else {}),
            **({"separator": self.separator} if self.separator else {}),
        }

    def arrays(self, prefix: str) -> dict[str, NDArray[np.generic]]:
        out: dict[str, NDArray[np.generic]] = {
            f"{prefix}.copy_hashes": self.copy_hashes,
            f"{prefix}.near_hashes": self.near_hashes,
        }
        if self.bin_columns:
            out[f"{prefix}.bin_chol"] = self.bin_chol
            for c in self.bin_columns:
                out[f"{prefix}.bin_edges.{c}"] = self.bin_edges[c]
        for i, pair in enumerate(self.cells):
            out.update(pair.arrays(f"{prefix}.cells.{i}"))
        for j, c in enumerate(self.columns):
            out[f"{prefix}.quantiles.{c}"] = self.encoders[c].quantiles
            out[f"{prefix}.marginal.{c}"] = self.marginals[j]
        model = self.copula.arrays() if self.copula is not None else self.trees.arrays() if self.trees else {}
        out.update({f"{prefix}.{k}": v for k, v in model.items()})
        return out

    @classmethod
    def from_saved(
        cls, data: Mapping[str, Any], arrays: Mapping[str, NDArray[np.generic]], prefix: str, params: TableParams
    ) -> LearnedTable:
        t = cls(
            name=data["name"],
            params=params,
            columns=list(data["columns"]),
            dtypes=dict(data["dtypes"]),
            n_context=int(data["n_context"]),
        )
        t.encoders = {
            e["name"]: ColumnEncoder.from_json(e, np.asarray(arrays[f"{prefix}.quantiles.{e['name']}"]))
            for e in data["encoders"]
        }
        t.dependencies = [Dependency.from_json(d) for d in data["dependencies"]]
        t.forms = {str(c): dict(f) for c, f in dict(data.get("forms") or {}).items()}
        t.separator = data.get("separator")
        none = np.zeros(0, np.uint64)
        t.copy_hashes = np.asarray(arrays.get(f"{prefix}.copy_hashes", none), dtype=np.uint64)
        t.near_hashes = np.asarray(arrays.get(f"{prefix}.near_hashes", none), dtype=np.uint64)
        t.near_redraw = float(data.get("near_redraw", 0.0))
        saved = dict(data.get("guard") or {})
        if len(t.copy_hashes) < int(saved.get("copies", 0)) or len(t.near_hashes) < int(saved.get("near", 0)):
            t.guard_absent = True  # saved with a guard that is not here: no copy is rejected, and the model says so
            t.copy_hashes, t.near_hashes, t.near_redraw = none, none, 0.0
        t.cells = [CellPair.from_saved(d, arrays, f"{prefix}.cells.{i}") for i, d in enumerate(data.get("cells", []))]
        t.bin_columns = [str(c) for c in data.get("bin_columns", [])]
        if t.bin_columns:
            t.bin_chol = np.asarray(arrays[f"{prefix}.bin_chol"], dtype=np.float64)
            t.bin_edges = {c: np.asarray(arrays[f"{prefix}.bin_edges.{c}"], dtype=np.float64) for c in t.bin_columns}
        t.marginals = [np.asarray(arrays[f"{prefix}.marginal.{c}"], dtype=np.float64) for c in t.columns]
        sub = {k[len(prefix) + 1 :]: v for k, v in arrays.items() if k.startswith(prefix + ".")}
        if data["model"] == "copula":
            t.copula = CopulaModel.from_arrays(sub, len(t.columns))
        else:
            t.trees = TreeModel.from_arrays(
                sub, len(t.columns), n_context=t.n_context, min_samples_leaf=params.min_samples_leaf
            )
        return t


def unsatisfiable(message: str, *, table: str) -> ConstraintError:
    """The error for rows that cannot be made as asked (copies, constraints, conditions)."""
    return ConstraintError([Problem(Location(table=table), message)])


def _replace_rows(frame: pl.DataFrame, idx: NDArray[np.int64], sub: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns([frame.get_column(c).scatter(idx, sub.get_column(c)) for c in frame.columns])


def _mix(z: NDArray[np.uint64]) -> NDArray[np.uint64]:
    with np.errstate(over="ignore"):
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def _positions(
    s: pl.Series, enc: ColumnEncoder, lookups: dict[tuple[str, str], tuple[pl.Series, pl.Series]] | None = None
) -> pl.Expr | None:
    """The expression giving a category column's positions among the values the model can emit (-1: another
    value), or None for numbers and for a column with no values. ``lookups``: the values and their positions
    per (column, dtype), built once and kept there."""
    if enc.kind not in ("categorical", "boolean"):
        return None
    key = (enc.name, str(s.dtype))
    got = lookups.get(key) if lookups is not None else None
    if got is None:
        values = list(dict.fromkeys(enc.categories + enc.pool))
        if not values:
            return None
        got = (pl.Series(values, dtype=s.dtype), pl.Series(range(len(values)), dtype=pl.Int64))
        if lookups is not None:
            lookups[key] = got
    return pl.col(s.name).replace_strict(got[0], got[1], default=-1, return_dtype=pl.Int64)


def _mapped(s: pl.Series, table: dict[str, int]) -> NDArray[np.int64]:
    """Each text value's position in ``table`` (-1: another value, -2: null)."""
    values = s.to_numpy()
    return np.fromiter((-2 if v is None else table.get(v, -1) for v in values), dtype=np.int64, count=len(values))


def _filled(idx: pl.Series) -> NDArray[np.int64]:
    """Positions from polars (null where the value is null) as integers, -2 for null."""
    pos = idx.to_numpy()  # float, nan for null, where there are nulls
    if pos.dtype.kind == "f":
        pos = np.where(np.isnan(pos), -2, pos)
    return pos.astype(np.int64)


def _value_bits(s: pl.Series, enc: ColumnEncoder, pos: NDArray[np.int64] | None = None) -> NDArray[np.uint64]:
    """Column values as 64-bit words: numbers by their float64 bits, categories by their position
    among the values the model can emit (a value it never emits gets a word no sample can have).
    ``pos``: the category positions when already computed, -2 for null (see ``LearnedTable.row_hashes``)."""
    if enc.kind in ("categorical", "boolean"):
        if pos is None:
            expr = _positions(s, enc)
            if expr is None:
                return np.where(s.is_null().to_numpy(), -2, -1).astype(np.int64).view(np.uint64)
            pos = _filled(s.to_frame().select(expr).to_series())
        bits = pos.astype(np.int64).view(np.uint64)
        if enc.fresh is not None:  # rare values decode to fresh ones: a row copies only by the value itself
            other = pos == -1
            if other.any():
                bits = bits.copy()
                bits[other] = s.filter(pl.Series(other)).cast(pl.String).hash(seed=7).to_numpy()
        return bits
    f = to_float(s, enc.kind) + 0.0  # -0.0 == 0.0
    return f.view(np.uint64)
