"""Several tables under (ε, δ)-DP: a tree of tables under one root, the individual a root row.

The **unit of privacy** is one row of the root table together with every row below it
(its children, their children...). Two datasets are neighbours when they differ by one
such individual. To bound what one individual adds, each parent row keeps at most its
table's declared ``max_children`` children (the first ones, in source order; rows below
a dropped child go with it), so one individual holds at most

    m(root) = 1,   m(child) = m(parent) · max_children(child)

rows of each table. ``max_children`` may instead be chosen under DP
(``{quantile: q, upper: U[, share: s]}``): the exponential mechanism picks a bound near the
``q`` quantile of children per (kept) parent row, spending ``s`` of ρ with score sensitivity
``m(parent)`` (:func:`choose_cap`), parents before children. Fit, each step charged to one :class:`~simulacra.dp.accountant.Accountant`:

* **each table's columns** — a :class:`~simulacra.dp.synthesizer.DPSynthesizer` on the
  table's clipped rows (keys and rule-made columns left out), every sensitivity scaled by
  the table's ``m`` (so its ρ is per individual);
* **children per parent** — per parent → child link, the histogram over ``0..max_children``
  of how many children each (kept) parent row has, with Gaussian noise; one individual
  holds ``m(parent)`` parent rows, so its L2 sensitivity is ``m(parent)``. A count above the
  cap was clipped before counting: no parent row's real number of children beyond the
  declared bound can show.

Budget shares are fixed a priori: 10 % of ρ to the child counts (split evenly over the
links), the rest split evenly over the tables; half of δ to thresholded category releases
when some table releases categories. Sampling draws the root's rows, then for each
parent row a number of children from its noisy histogram; keys are regenerated
(``1..n``, never copied) and each foreign key holds its synthetic parent's key. Child
columns are drawn independently of their parent's columns (only the counts link them).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra._random import stable_hash
from simulacra._scaled_rows import scaled_rows
from simulacra._version import __version__
from simulacra.dp.accountant import Accountant, rho_for
from simulacra.dp.domain import read_declaration
from simulacra.dp.mechanisms import exponential_mechanism, gaussian_mechanism
from simulacra.dp.synthesizer import THRESHOLD_DELTA_SHARE, DPSynthesizer, check_budget, norm_sub
from simulacra.errors import Location, ModelError, NotFittedError, SpecError

__all__ = [
    "COUNT_SHARE",
    "CapRule",
    "Link",
    "MultiTableDPSynthesizer",
    "cap_candidates",
    "choose_cap",
    "parse_tables_domain",
]

#: share of ρ released as children-per-parent histograms (fixed a priori, split over the links)
COUNT_SHARE = 0.1
#: share of ρ a ``max_children`` chosen under DP spends by default (per link that asks for it)
DEFAULT_CAP_SHARE = 0.02
#: the most of ρ all DP-chosen ``max_children`` together may take
MAX_CAPS_SHARE = 0.3
#: the largest ``upper`` a DP-chosen ``max_children`` may search
MAX_CAP_UPPER = 100_000


@dataclass(frozen=True)
class Link:
    """``child.fk`` references ``parent.key``; at most ``cap`` children per parent row are kept."""

    child: str
    fk: str
    parent: str
    key: str
    cap: int

    def to_json(self) -> dict[str, Any]:
        return {"child": self.child, "fk": self.fk, "parent": self.parent, "key": self.key, "cap": self.cap}


@dataclass(frozen=True)
class CapRule:
    """``max_children`` chosen under DP: the noisy ``quantile`` of children per parent row, in ``1..upper``,
    spending ``share`` of the run's ρ (the exponential mechanism)."""

    quantile: float
    upper: int
    share: float = DEFAULT_CAP_SHARE

    def to_json(self) -> dict[str, Any]:
        return {"quantile": self.quantile, "upper": self.upper, "share": self.share}


def _cap_rule(k: Mapping[str, Any], where: Location) -> CapRule:
    unknown = set(k) - {"quantile", "upper", "share"}
    if unknown or "quantile" not in k or "upper" not in k:
        raise SpecError(
            "max_children is a positive integer or {quantile: q, upper: U[, share: s]} (chosen under DP)",
            location=where,
        )
    q, u, share = k["quantile"], k["upper"], k.get("share", DEFAULT_CAP_SHARE)
    if not isinstance(q, (int, float)) or isinstance(q, bool) or not 0 < q < 1:
        raise SpecError(f"max_children quantile must be in (0, 1), got {q!r}", location=where)
    if not isinstance(u, int) or isinstance(u, bool) or not 1 <= u <= MAX_CAP_UPPER:
        raise SpecError(f"max_children upper must be an integer in 1..{MAX_CAP_UPPER:,}, got {u!r}", location=where)
    if not isinstance(share, (int, float)) or isinstance(share, bool) or not 0 < share <= 0.2:
        raise SpecError(f"max_children share must be in (0, 0.2] of the budget, got {share!r}", location=where)
    return CapRule(float(q), u, float(share))


def parse_tables_domain(
    source: str | Path | Mapping[str, Any] | None,
) -> tuple[dict[str, Any], dict[str, int | CapRule]]:
    """A multi-table declaration: ``tables: {name: {columns: {...}, max_children: K}}``.

    Returns each table's column entries (parsed later by the table's synthesizer) and
    each table's ``max_children``: declared (an integer) or a :class:`CapRule` to choose it under DP.
    """
    data, file = read_declaration(source)
    if data is None:
        return {}, {}
    if not isinstance(data, Mapping) or "tables" not in data or not isinstance(data["tables"], Mapping):
        raise SpecError(
            "a multi-table source needs a declaration per table: "
            "tables: {name: {columns: {...}, max_children: K}} (max_children for every table with a parent)",
            location=Location(file=file),
        )
    columns: dict[str, Any] = {}
    caps: dict[str, int | CapRule] = {}
    for t, entry in data["tables"].items():
        where = Location(file=file, table=str(t))
        if entry is None:
            entry = {}
        if not isinstance(entry, Mapping) or set(entry) - {"columns", "max_children"}:
            raise SpecError("a table's declaration has only 'columns' and 'max_children'", location=where)
        columns[str(t)] = entry.get("columns") or {}
        if "max_children" in entry:
            k = entry["max_children"]
            if isinstance(k, Mapping):
                caps[str(t)] = _cap_rule(k, where)
                continue
            if not isinstance(k, int) or isinstance(k, bool) or k < 1:
                raise SpecError(f"max_children must be a positive integer, got {k!r}", location=where)
            caps[str(t)] = k
    return columns, caps


def cap_candidates(upper: int) -> NDArray[np.int64]:
    """The bounds a DP choice picks from: every integer to 16, then steps of about 25 % up to ``upper``
    (a wide plateau of equally good large bounds would otherwise outweigh the right one)."""
    ks = list(range(1, min(upper, 16) + 1))
    while ks[-1] < upper:
        ks.append(min(upper, math.ceil(ks[-1] * 1.25)))
    return np.asarray(ks, dtype=np.int64)


def choose_cap(
    children: NDArray[np.int64], rule: CapRule, rho: float, rng: np.random.Generator, sensitivity: float
) -> int:
    """A bound near the ``rule.quantile`` of ``children`` (children per parent row), ρ-zCDP.

    The exponential mechanism over :func:`cap_candidates`, each candidate ``k`` (after ``k'``)
    scored by how many rows its rank misses the quantile by: ``−max(0, q·n − A(k), A(k') − q·n)``
    with ``A(k)`` the rows with at most ``k`` children (0 exactly at the smallest candidate
    holding a ``q`` share). One individual adds or removes at most ``sensitivity`` parent rows,
    each moving ``A`` by at most 1 and ``q·n`` by ``q``, so each term, and their max, moves by
    at most ``sensitivity``.
    """
    ks = cap_candidates(rule.upper)
    ordered = np.sort(children)
    at_most = np.searchsorted(ordered, ks, side="right").astype(np.float64)
    before = np.r_[-np.inf, at_most[:-1]]  # the first candidate has none before it
    target = rule.quantile * len(children)
    scores = -np.maximum(0.0, np.maximum(target - at_most, before - target))
    return int(ks[exponential_mechanism(scores, rho, rng, sensitivity)])


def _seed_for(seed: int, table: str) -> int:
    return (int(seed) * 1_000_003 + stable_hash(table)) % (2**63)


class MultiTableDPSynthesizer:
    """Learn a tree of tables under (ε, δ)-DP with one root row and its descendants as the individual."""

    def __init__(
        self,
        *,
        epsilon: float,
        delta: float = 1e-6,
        domain: str | Path | Mapping[str, Any] | None = None,
        seed: int = 0,
    ) -> None:
        self.epsilon = epsilon
        self.delta = delta
        self.seed = int(seed)
        self.declared_, self.caps_ = parse_tables_domain(domain)
        self._saved_spend: dict[str, Any] = {}

    # ------------------------------------------------------------------ fit
    def fit(
        self,
        frames: Mapping[str, pl.DataFrame],
        *,
        links: Sequence[tuple[str, str, str, str]],
        keys: Mapping[str, str] | None = None,
        skip: Mapping[str, Sequence[str]] | None = None,
    ) -> MultiTableDPSynthesizer:
        """``links``: ``(child, fk, parent, key)`` per foreign key; ``keys``: each table's primary key
        column (regenerated); ``skip``: columns neither learned nor output (PII, text made by rules)."""
        keys = dict(keys or {})
        skipped: dict[str, list[str]] = {t: list(v) for t, v in (skip or {}).items()}
        unknown = sorted(set(self.declared_) - set(frames))
        if unknown:
            raise SpecError(
                f"the DP domain declares table(s) {unknown} the source does not have",
                location=Location(table=unknown[0]),
            )
        self.root_, self.links_ = self._tree(frames, links)
        in_tree = {(lk.child, lk.fk) for lk in self.links_}
        for t_child, t_fk, _, _ in links:  # self-references, keys into tables not given: not learned, not output
            if t_child in frames and (t_child, t_fk) not in in_tree:
                skipped.setdefault(t_child, []).append(t_fk)
        self.order_ = [self.root_, *(lk.child for lk in self.links_)]
        n_root = frames[self.root_].height
        check_budget(self.epsilon, self.delta, n_root, table=self.root_)
        # the budget (what is learned, and whether categories are released, follows from the schema alone)
        self.keys_: dict[str, str | None] = {t: keys.get(t) for t in self.order_}
        self.fks_ = {lk.child: lk.fk for lk in self.links_}
        synths: dict[str, DPSynthesizer | None] = {}
        for t in self.order_:
            out = {self.keys_[t], self.fks_.get(t), *skipped.get(t, ())}
            out |= {lk.key for lk in self.links_ if lk.parent == t}
            declared = self.declared_.get(t, {})
            for c in sorted(str(x) for x in out if x is not None):
                if c in declared and declared[c] != "skip":
                    raise SpecError(
                        "a key or a column made by rules is not learned under DP (keys are regenerated)",
                        location=Location(table=t, column=str(c)),
                    )
            merged = {**declared, **{c: "skip" for c in out - {None} if c in frames[t].columns}}
            one = DPSynthesizer(epsilon=self.epsilon, delta=self.delta, domain=merged, seed=self.seed, name=t)
            not_learned = [c for c in frames[t].columns if c in one.domain and one.domain[c].kind == "skip"]
            synths[t] = one if len(frames[t].columns) > len(not_learned) else None
        if synths[self.root_] is None:
            raise SpecError(
                "under DP the root table needs at least one column to learn (its noisy row count comes from it)",
                location=Location(table=self.root_),
            )
        releasing = [t for t in self.order_ if (x := synths[t]) is not None and x.releases(frames[t])]
        delta_thr = self.delta * THRESHOLD_DELTA_SHARE if releasing else 0.0
        rho = rho_for(self.epsilon, self.delta - delta_thr)
        acct = Accountant(rho=rho, delta_extra=delta_thr)
        rho_counts = rho * COUNT_SHARE if self.links_ else 0.0
        rules = {lk.child: rule for lk in self.links_ if isinstance(rule := self.caps_[lk.child], CapRule)}
        rho_caps = {t: rho * r.share for t, r in rules.items()}
        if math.fsum(r.share for r in rules.values()) > MAX_CAPS_SHARE:
            raise SpecError(
                f"the max_children chosen under DP take more than {MAX_CAPS_SHARE:.0%} of the budget together; "
                "lower their share",
                location=Location(table=next(iter(rules))),
            )
        learned = [t for t in self.order_ if synths[t] is not None]
        rho_table = (rho - rho_counts - math.fsum(rho_caps.values())) / len(learned)
        # contribution bounding: clip children per parent, drop what hangs under a dropped row
        cap_rng = np.random.default_rng([self.seed, stable_hash("dp-multi-caps")])
        kept: dict[str, pl.DataFrame] = {self.root_: frames[self.root_]}
        counts: dict[str, NDArray[np.int64]] = {}
        contribution = {self.root_: 1}
        for i, lk in enumerate(self.links_):
            parent, child = kept[lk.parent], frames[lk.child]
            pidx = _parent_index(parent, lk.key, child, lk.fk)
            if lk.child in rules:  # the bound itself, chosen under DP on the (kept) parent rows' real counts
                per = np.bincount(pidx[pidx >= 0], minlength=parent.height).astype(np.int64)
                spent = acct.spend(
                    f"{lk.child}: max_children",
                    "exponential",
                    rho_caps[lk.child],
                    detail=f"noisy {rules[lk.child].quantile:g} quantile of children per {lk.parent} row",
                )
                cap = choose_cap(per, rules[lk.child], spent, cap_rng, contribution[lk.parent])
                lk = self.links_[i] = dataclasses.replace(lk, cap=cap)
            rank = _rank_within(pidx)
            keep = (pidx >= 0) & (rank < lk.cap)  # orphans belong to no individual: left out, and said nowhere
            kept[lk.child] = child.filter(pl.Series(keep))
            counts[lk.child] = np.bincount(pidx[keep], minlength=parent.height).astype(np.int64)
            contribution[lk.child] = contribution[lk.parent] * lk.cap
        self.contribution_ = contribution
        self.cap_rules_ = {t: r.to_json() for t, r in rules.items()}
        learn = kept
        self.tables_: dict[str, DPSynthesizer | None] = {}
        for t in self.order_:
            synth = synths[t]
            if synth is not None:
                dt = delta_thr / len(releasing) if t in releasing else 0.0
                synth.fit_budget(learn[t], rho_table, dt, contribution=contribution[t])
                for sp in synth.accountant_.spends:
                    acct.spend(f"{t}: {sp.component}", sp.mechanism, sp.rho, delta=sp.delta, detail=sp.detail)
            self.tables_[t] = synth
        rng = np.random.default_rng([self.seed, stable_hash("dp-multi-counts")])
        self.count_probs_: dict[str, NDArray[np.float64]] = {}
        for lk in self.links_:
            r = rho_counts / len(self.links_)
            hist = np.bincount(counts[lk.child], minlength=lk.cap + 1).astype(np.float64)
            acct.spend(
                f"{lk.child}: children per {lk.parent}", "gaussian", r, detail=f"0..{lk.cap} children per parent row"
            )
            noisy = gaussian_mechanism(hist, r, rng, contribution[lk.parent])
            est = norm_sub(noisy, max(float(noisy.sum()), 0.0))
            self.count_probs_[lk.child] = est / est.sum() if est.sum() > 0 else np.full(lk.cap + 1, 1.0 / (lk.cap + 1))
        self.dtypes_ = {t: {c: str(d) for c, d in frames[t].schema.items()} for t in self.order_}
        self.columns_ = {
            t: [
                c
                for c in frames[t].columns
                if c in (self.keys_[t], self.fks_.get(t))
                or any(lk.parent == t and lk.key == c for lk in self.links_)
                or (self.tables_[t] is not None and c in self.tables_[t].columns_)  # type: ignore[union-attr]
            ]
            for t in self.order_
        }
        self.accountant_ = acct
        return self

    def _tree(
        self, frames: Mapping[str, pl.DataFrame], links: Sequence[tuple[str, str, str, str]]
    ) -> tuple[str, list[Link]]:
        parents: dict[str, tuple[str, str, str]] = {}
        for child, fk, parent, key in links:
            if child == parent:
                continue  # a self-reference: left out (not learned, not output)
            if parent not in frames or child not in frames:
                continue
            if child in parents:
                raise SpecError(
                    f"under DP each table has at most one parent; {child} references both {parents[child][1]} "
                    f"and {parent}: fit without --dp-epsilon, or leave one of the tables out",
                    location=Location(table=child, column=fk),
                )
            parents[child] = (fk, parent, key)
        roots = [t for t in frames if t not in parents]
        if len(roots) != 1:
            raise SpecError(
                f"under DP the tables must form one tree under a single root table (the individual); "
                f"this source has {len(roots)} tables without a parent: {', '.join(sorted(roots)) or 'none (a cycle)'}",
                location=Location(table=sorted(roots)[0] if roots else None),
            )
        order, out = [roots[0]], []
        for t in order:
            for child in sorted(c for c, (_, p, _) in parents.items() if p == t):
                fk, p, key = parents[child]
                if child not in self.caps_:
                    raise SpecError(
                        f"under DP a child table needs a declared bound on its children per {p} row: "
                        f"declare tables: {{{child}: {{max_children: K}}}}",
                        location=Location(table=child, column=fk),
                    )
                cap = self.caps_[child]
                out.append(Link(child, fk, p, key, cap if isinstance(cap, int) else 0))  # 0: chosen in fit
                order.append(child)
        missing = sorted(set(frames) - set(order))
        if missing:
            raise SpecError(
                "under DP the tables must form one tree under a single root table; not reached from "
                f"{roots[0]}: {', '.join(missing)}",
                location=Location(table=missing[0]),
            )
        return roots[0], out

    # ------------------------------------------------------------------ sample
    def _fitted(self) -> None:
        if getattr(self, "count_probs_", None) is None:
            raise NotFittedError(f"this {type(self).__name__} is not fitted yet: call fit(frames, links=...) first")

    @property
    def n_rows_(self) -> int:
        root = self.tables_[self.root_]
        assert root is not None
        return root.n_rows_

    def sample(
        self, n_rows: int | None = None, *, scale: float = 1.0, seed: int | None = None
    ) -> dict[str, pl.DataFrame]:
        """A dataset: ``n_rows`` root rows (default: the DP-released count × ``scale``) and their children."""
        self._fitted()
        n = scaled_rows(self.n_rows_, scale) if n_rows is None else int(n_rows)
        if n < 0:
            raise ValueError("n_rows must be >= 0")
        base = self.seed if seed is None else int(seed)
        rng = np.random.default_rng([base, stable_hash("dp-multi-sample")])
        sizes = {self.root_: n}
        fk_values: dict[str, NDArray[np.int64]] = {}
        for lk in self.links_:
            p = self.count_probs_[lk.child]
            per = rng.choice(len(p), size=sizes[lk.parent], p=p).astype(np.int64)
            fk_values[lk.child] = np.repeat(np.arange(1, sizes[lk.parent] + 1, dtype=np.int64), per)
            sizes[lk.child] = int(per.sum())
        out: dict[str, pl.DataFrame] = {}
        for t in self.order_:
            s = self.tables_[t]
            body = s.sample(sizes[t], seed=_seed_for(base, t)) if s is not None else pl.DataFrame()
            keycols = {lk.key for lk in self.links_ if lk.parent == t} | {self.keys_[t]} - {None}
            series = []
            for c in self.columns_[t]:
                if c == self.fks_.get(t):
                    series.append(_key_series(c, fk_values[t], self.dtypes_[t][c]))
                elif c in keycols:
                    series.append(_key_series(c, np.arange(1, sizes[t] + 1, dtype=np.int64), self.dtypes_[t][c]))
                else:
                    series.append(body.get_column(c))
            out[t] = pl.DataFrame(series) if series else pl.DataFrame(height=sizes[t])
        return out

    # ------------------------------------------------------------------ the spend
    def spent(self) -> dict[str, Any]:
        self._fitted()
        acct = getattr(self, "accountant_", None)
        if acct is None:
            return dict(self._saved_spend)
        definition = (
            f"(epsilon, delta)-differential privacy, add/remove one individual: one {self.root_} row and "
            "every row below it; children per parent clipped to the declared max_children; accounted in zCDP"
        )
        return {
            **acct.summary(self.epsilon, self.delta, definition),
            "unit": self.root_,
            "contribution": dict(self.contribution_),
        }

    # ------------------------------------------------------------------ save / load
    def manifest(self) -> dict[str, Any]:
        self._fitted()
        tables = {}
        for t in self.order_:
            s = self.tables_[t]
            sub = None
            if s is not None:
                sub = {k: v for k, v in s.manifest().items() if k not in ("privacy", "simulacra_version")}
            tables[t] = {"model": sub, "key": self.keys_[t], "columns": self.columns_[t], "dtypes": self.dtypes_[t]}
        return {
            "synthesizer": "dp-multi",
            "simulacra_version": __version__,
            "seed": self.seed,
            "params": {"epsilon": self.epsilon, "delta": self.delta},
            "root": self.root_,
            "links": [lk.to_json() for lk in self.links_],
            "contribution": self.contribution_,
            "max_children_under_dp": getattr(self, "cap_rules_", {}),
            "n_rows": self.n_rows_,
            "tables": tables,
            "privacy": {"differential_privacy": self.spent()},
        }

    def arrays(self) -> dict[str, NDArray[np.generic]]:
        self._fitted()
        out: dict[str, NDArray[np.generic]] = {}
        for i, t in enumerate(self.order_):
            s = self.tables_[t]
            if s is not None:
                out.update({f"t{i}/{k}": v for k, v in s.arrays().items()})
        for i, lk in enumerate(self.links_):
            out[f"counts/{i}"] = self.count_probs_[lk.child]
        return out

    def save(self, path: str | Path, *, overwrite: bool = False) -> Path:
        from simulacra.synth._store import write_model

        return write_model(path, self.manifest(), self.arrays(), overwrite=overwrite)

    @classmethod
    def load(cls, path: str | Path) -> MultiTableDPSynthesizer:
        from simulacra.synth._store import read_model

        manifest, arrays = read_model(path)
        if manifest.get("synthesizer") != "dp-multi":
            raise ModelError(f"{path} holds a {manifest.get('synthesizer')!r} model, not a multi-table DP one")
        try:
            p = manifest["params"]
            obj = cls(epsilon=p["epsilon"], delta=p["delta"], seed=manifest["seed"])
            obj.root_ = str(manifest["root"])
            obj.links_ = [
                Link(**{k: lk[k] for k in ("child", "fk", "parent", "key", "cap")}) for lk in manifest["links"]
            ]
            obj.order_ = [obj.root_, *(lk.child for lk in obj.links_)]
            obj.fks_ = {lk.child: lk.fk for lk in obj.links_}
            obj.contribution_ = {str(k): int(v) for k, v in manifest["contribution"].items()}
            obj.keys_, obj.columns_, obj.dtypes_, obj.tables_ = {}, {}, {}, {}
            for i, t in enumerate(obj.order_):
                entry = manifest["tables"][t]
                obj.keys_[t] = entry["key"]
                obj.columns_[t] = list(entry["columns"])
                obj.dtypes_[t] = dict(entry["dtypes"])
                sub = entry["model"]
                if sub is None:
                    obj.tables_[t] = None
                    continue
                sub_arrays = {k[len(f"t{i}/") :]: v for k, v in arrays.items() if k.startswith(f"t{i}/")}
                sub = {**sub, "privacy": {"differential_privacy": {}}}
                obj.tables_[t] = DPSynthesizer.from_saved(sub, sub_arrays, path)
            obj.count_probs_ = {}
            for i, lk in enumerate(obj.links_):
                probs = np.asarray(arrays[f"counts/{i}"], dtype=np.float64)
                if (
                    probs.shape != (lk.cap + 1,)
                    or not np.all(probs >= 0)
                    or not math.isclose(float(probs.sum()), 1.0, rel_tol=1e-6)
                ):
                    raise ModelError(f"the children-per-parent distribution of {lk.child} does not fit its cap")
                obj.count_probs_[lk.child] = probs
            obj.cap_rules_ = dict(manifest.get("max_children_under_dp", {}))
            obj._saved_spend = dict(manifest["privacy"]["differential_privacy"])
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise ModelError(f"the saved multi-table DP model cannot be used ({type(exc).__name__}: {exc})") from None
        return obj


def _rank_within(group: NDArray[np.int64]) -> NDArray[np.int64]:
    """Each row's position among the earlier rows with the same group (0 for the first), in source order."""
    order = np.argsort(group, kind="stable")
    g = group[order]
    starts = np.r_[0, np.nonzero(g[1:] != g[:-1])[0] + 1]
    run_start = np.repeat(starts, np.diff(np.r_[starts, len(g)]))
    rank = np.empty(len(group), dtype=np.int64)
    rank[order] = np.arange(len(g)) - run_start
    return rank


def _parent_index(parent: pl.DataFrame, key: str, child: pl.DataFrame, fk: str) -> NDArray[np.int64]:
    """Row of ``parent`` each child row refers to; -1 for nulls and values with no parent row."""
    keys = parent.get_column(key)
    lookup = pl.DataFrame({"__k": keys, "__i": pl.Series(np.arange(parent.height, dtype=np.int64))}).unique(
        subset="__k", keep="first", maintain_order=True
    )
    probe = pl.DataFrame({"__k": child.get_column(fk).cast(keys.dtype, strict=False)})
    joined = probe.join(lookup, on="__k", how="left", maintain_order="left")
    return joined.get_column("__i").fill_null(-1).to_numpy().astype(np.int64)


def _key_series(name: str, values: NDArray[np.int64], dtype: str) -> pl.Series:
    """Regenerated keys ``1..n``: integers for an integer key, their text otherwise."""
    s = pl.Series(name, values, dtype=pl.Int64)
    if dtype.startswith(("Int", "UInt")):
        return s
    return s.cast(pl.String)
