"""The DP path of ``simulacra fit``/``sample``: a reviewed spec's one table learned by :class:`DPSynthesizer`.

``learning.fit(..., dp_epsilon=E)`` hands its coerced frames here. Columns the spec makes
by rules (keys, PII, free text, expressions) are not learned and not output; the spec's
drafted value lists are not used (they were read from the data without DP).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import polars as pl

from simulacra.dp.multi import MultiTableDPSynthesizer
from simulacra.dp.synthesizer import DPSynthesizer
from simulacra.errors import Location, SpecError

__all__ = ["fit_dp", "fit_dp_multi", "is_dp_model", "spend_lines"]


def fit_dp(
    frames: Mapping[str, pl.DataFrame],
    spec: Any,
    *,
    epsilon: float,
    delta: float | None,
    domain: str | Path | Mapping[str, Any] | None,
    seed: int,
) -> DPSynthesizer | MultiTableDPSynthesizer:
    """Fit one table, or a tree of tables under one root (see :mod:`simulacra.dp.multi`), under (ε, δ)-DP."""
    if len(frames) != 1:
        return fit_dp_multi(frames, spec, epsilon=epsilon, delta=delta, domain=domain, seed=seed)
    ((name, frame),) = frames.items()
    table = spec.tables.get(name) if spec is not None else None
    rules = [c for c in frame.columns if table is not None and c in table.columns and _by_rules(table.columns[c])]
    if delta is None:
        delta = min(1e-6, 0.1 / max(frame.height, 1))  # from the row count only: below 1/n as DP requires
    from simulacra.dp.domain import parse_domain

    declared = parse_domain(domain, table=name)
    for c in rules:  # keys, PII, text: made by rules, never learned under DP
        if c in declared and declared[c].kind != "skip":
            raise SpecError(
                "the spec makes this column by rules (a key, PII or free text): it is not learned under DP",
                location=Location(table=name, column=c),
            )
    merged: dict[str, Any] = {c: d.to_json_entry() for c, d in declared.items()}
    merged.update({c: "skip" for c in rules})
    return DPSynthesizer(epsilon=epsilon, delta=delta, domain=merged, seed=seed, name=name).fit(frame)


def fit_dp_multi(
    frames: Mapping[str, pl.DataFrame],
    spec: Any,
    *,
    epsilon: float,
    delta: float | None,
    domain: str | Path | Mapping[str, Any] | None,
    seed: int,
) -> MultiTableDPSynthesizer:
    """Several tables under (ε, δ)-DP: the spec's foreign keys give the tree, its rule columns are left out."""
    from simulacra.spec import model as m

    links: list[tuple[str, str, str, str]] = []
    keys: dict[str, str] = {}
    skip: dict[str, list[str]] = {}
    for name, frame in frames.items():
        table = spec.tables.get(name) if spec is not None else None
        if table is None:
            continue
        pk = table.primary_key
        if isinstance(pk, str) and pk in frame.columns:
            keys[name] = pk
        elif isinstance(pk, list):  # a composite key's parts are foreign keys or rule columns: not learned
            skip[name] = [c for c in pk if c in frame.columns]
        for c, col in table.columns.items():
            if c not in frame.columns:
                continue
            if isinstance(col, m.ForeignKeyColumn) and "." in col.references:
                parent, key = col.references.rsplit(".", 1)
                if parent in frames:
                    links.append((name, c, parent, key))
                else:  # a key into a table not in the source: not learned, not output
                    skip.setdefault(name, []).append(c)
            elif _by_rules(col) and c != keys.get(name):
                skip.setdefault(name, []).append(c)
    model = MultiTableDPSynthesizer(epsilon=epsilon, delta=1.0, domain=domain, seed=seed)
    root, _ = model._tree(frames, links)
    # δ from the number of individuals (root rows) only: below 1/n as DP requires
    model.delta = delta if delta is not None else min(1e-6, 0.1 / max(frames[root].height, 1))
    return model.fit(frames, links=links, keys=keys, skip=skip)


def _by_rules(col: Any) -> bool:
    """Whether a spec column is made by rules under DP, never learned: a key, PII or free text (no learned kind);
    a pooled personal column (``pool: K``), learned as slots by the tree model only; a null-where case, learned
    with its rule kept by the tree model's redraws."""
    from simulacra._learned_kinds import learned_kind, null_case
    from simulacra._slots import is_pooled

    return not learned_kind(col) or is_pooled(col) or null_case(col) is not None


def is_dp_model(path: str | Path) -> bool:
    """Whether ``path`` is a model folder written by the DP path (reads only the manifest's head)."""
    import json

    manifest = Path(path) / "manifest.json"
    try:
        with manifest.open(encoding="utf-8") as f:
            return json.loads(f.read()).get("synthesizer") in ("dp", "dp-multi")
    except (OSError, ValueError, AttributeError):
        return False


def spend_lines(spent: Mapping[str, Any]) -> list[str]:
    """The budget as lines for a console: the total, then each component."""
    out = [
        f"differential privacy: epsilon {spent['epsilon_spent']:.4g} of {spent['epsilon']:g}, delta {spent['delta']:.3g}"
        f" (zCDP rho {spent['rho']:.4g})"
    ]
    for comp, c in spent["components"].items():
        pure = f", pure delta {c['delta']:.2g}" if c["delta"] else ""
        out.append(f"  {comp:<20} epsilon share {c['epsilon_share']:.4g}  rho {c['rho']:.4g}{pure}")
    return out
