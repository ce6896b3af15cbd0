"""The HTML report: one self-contained file (inline SVG plots, inline CSS, no scripts, no network).

Rendered from the report's JSON dictionary, so ``report.json`` alone is enough to
draw it again. Plots are matplotlib figures written as SVG text; no pyplot, so no
global figure state is touched.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from simulacra.evaluation.metrics import PRIVACY_HEADLINE, metrics
from simulacra.evaluation.report import DEFAULT_THRESHOLDS, LABELS

__all__ = ["render"]

REAL = "#3b6ea8"
SYNTH = "#e07b39"
INK = "#1f2328"
MUTED = "#656d76"
GRID = "#d8dee4"

# the privacy section's plain words, from the metric classes (simulacra.evaluation.metrics)
EXPLAIN: dict[str, str] = {n: m.explanation for n, m in metrics().items() if m.family == "privacy"}


def _svg(fig: Any) -> str:
    import matplotlib

    buf = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": "simulacra", "svg.fonttype": "none"}):
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    text = buf.getvalue()
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text[text.index("<svg") :], flags=re.DOTALL)
    return text


def _figure(w: float, h: float, ncols: int = 1) -> tuple[Any, Any]:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(w, h))
    axes = fig.subplots(1, ncols)
    for ax in np.atleast_1d(axes):
        ax.tick_params(colors=MUTED, labelsize=7, length=2)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        for side in ("left", "bottom"):
            ax.spines[side].set_color(GRID)
    return fig, axes


def _short(label: str, n: int = 18) -> str:
    return label if len(label) <= n else label[: n - 1] + "…"


def _distribution_svg(d: dict[str, Any]) -> str:
    fig, ax = _figure(3.3, 2.0)
    if "edges" in d:
        edges = np.array(d["edges"])
        ax.stairs(d["real"], edges, fill=True, color=REAL, alpha=0.35, label="real")
        ax.stairs(d["synthetic"], edges, color=SYNTH, linewidth=1.4, label="synthetic")
        if d.get("kind") == "datetime":
            ax.set_xticks([])
        ax.set_yticks([])
    else:
        labels = [_short(str(x)) for x in d["labels"]]
        y = np.arange(len(labels))
        ax.barh(y - 0.2, d["real"], height=0.4, color=REAL, alpha=0.75, label="real")
        ax.barh(y + 0.2, d["synthetic"], height=0.4, color=SYNTH, label="synthetic")
        ax.set_yticks(y, labels)
        ax.invert_yaxis()
        ax.set_xticks([])
        fig.set_figheight(max(1.6, 0.22 * len(labels) + 0.5))
    return _svg(fig)


def _heatmaps_svg(assoc: dict[str, Any]) -> str | None:
    names = assoc["columns"]
    if len(names) < 2:
        return None
    mr, ms = np.array(assoc["real"], dtype=float), np.array(assoc["synthetic"], dtype=float)
    k = len(names)
    size = min(4.2, 1.6 + 0.2 * k)
    fig, axes = _figure(3 * size + 0.8, size, ncols=3)
    diff = np.abs(mr - ms)
    titles = ("real", "synthetic", "|difference|")
    for ax, m, title, cmap in zip(axes, (mr, ms, diff), titles, ("Blues", "Blues", "Reds"), strict=True):
        im = ax.imshow(np.ma.masked_invalid(m), vmin=0, vmax=1, cmap=cmap)
        ax.set_title(title, fontsize=9, color=INK)
        labels = [_short(n, 14) for n in names]
        ax.set_xticks(range(k), labels, rotation=90, fontsize=6)
        ax.set_yticks(range(k), labels if ax is axes[0] else [""] * k, fontsize=6)
        for s in ax.spines.values():
            s.set_visible(False)
    fig.colorbar(im, ax=list(axes), shrink=0.7, pad=0.02).ax.tick_params(labelsize=6, colors=MUTED)
    return _svg(fig)


def _utility_svg(rows: Sequence[dict[str, Any]]) -> str | None:
    if not rows:
        return None
    fig, ax = _figure(4.2, 1.2 + 0.35 * len(rows))
    y = np.arange(len(rows))
    ax.barh(y - 0.18, [r["trtr"] for r in rows], height=0.36, color=REAL, alpha=0.75, label="trained on real")
    ax.barh(y + 0.18, [r["tstr"] for r in rows], height=0.36, color=SYNTH, label="trained on synthetic")
    ax.set_yticks(y, [r["model"] for r in rows], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.legend(fontsize=7, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.12 - 0.5 / len(rows)), ncols=2)
    return _svg(fig)


def _collapse_svg(rows: Sequence[dict[str, Any]]) -> str | None:
    keys = ["rare_category_coverage", "tail_coverage", "variance_ratio", "quality", "detection_auc", "tstr_auc"]
    keys = [k for k in keys if any(r.get(k) is not None for r in rows)]
    if not rows or not keys:
        return None
    fig, ax = _figure(6.4, 2.8)
    g = [r["generation"] for r in rows]
    colors = ["#3b6ea8", "#e07b39", "#55a868", "#8172b3", "#c44e52", "#937860"]
    for k, c in zip(keys, colors, strict=False):
        ax.plot(
            g,
            [r.get(k) if r.get(k) is not None else math.nan for r in rows],
            marker="o",
            ms=3,
            color=c,
            label=k.replace("_", " "),
        )
    ax.set_xticks(g)
    ax.set_xlabel("generation", fontsize=8, color=MUTED)
    ax.legend(fontsize=7, frameon=False, bbox_to_anchor=(1.01, 1), loc="upper left")
    return _svg(fig)


def _fmt(v: Any, digits: int = 3) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.{digits}f}"
    return str(v)


def _cards(d: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    thresholds = d.get("thresholds", {})
    why = (d.get("verdict") or {}).get("why_not_computed") or {}
    for name, raw in d["summary"].items():
        score = d["scores"].get(name)
        thr = thresholds.get(name)
        state = "none" if score is None or thr is None else ("pass" if score >= thr else "fail")
        if score is None and raw is None:
            state = "missing"
        out.append(
            {
                "name": name,
                "label": LABELS.get(name, name.replace("_", " ")),
                "raw": _fmt(raw),
                "score": score,
                "score_pct": 0 if score is None else round(100 * score, 1),
                "score_txt": _fmt(score, 2),
                "threshold": thr,
                "thr_pct": None if thr is None else round(100 * thr, 1),
                "state": state,
                "gate": name in d.get("gates", {}),
                "why": why.get(name, ""),
            }
        )
    return out


def _errors(d: dict[str, Any]) -> list[dict[str, str]]:
    return [
        {
            "metric": m["metric"],
            "where": ", ".join(filter(None, [m.get("table") or "", ", ".join(m["columns"])])),
            "error": m["error"],
        }
        for m in d["metrics"]
        if m.get("error")
    ]


def render(d: dict[str, Any]) -> str:
    """The report HTML for a report dictionary (``Report.to_dict()`` or a loaded report.json)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["fmt"] = _fmt
    metrics = d["metrics"]
    tables = []
    for tname, fig in d.get("figures", {}).items():
        shapes = {
            m["columns"][0]: m
            for m in metrics
            if m["metric"] in ("ks_complement", "tv_complement") and (m.get("table") or "data") == tname
        }
        dists = []
        for col in fig["distributions"]:
            m = shapes.get(col["column"], {})
            dists.append(
                {"column": col["column"], "kind": col["kind"], "score": m.get("score"), "svg": _distribution_svg(col)}
            )
        dists.sort(key=lambda x: x["score"] if x["score"] is not None else 2.0)
        pairs = [
            m
            for m in metrics
            if m["metric"] in ("correlation_similarity", "contingency_similarity")
            and (m.get("table") or "data") == tname
            and m.get("score") is not None
        ]
        worst_pairs = sorted([p for p in pairs if p["details"].get("counts")], key=lambda m: m["score"])[:8]
        tables.append(
            {
                "name": tname,
                "distributions": dists,
                "heatmap": _heatmaps_svg(fig["association"]),
                "worst_pairs": worst_pairs,
                "columns": d["columns"].get(tname, []),
                "inputs": d["inputs"]["tables"].get(tname, {}),
            }
        )
    util_rows = [
        {
            "model": ("gradient boosting" if "linear" not in m["metric"] else "linear"),
            "trtr": m["details"]["trtr"],
            "tstr": m["details"]["tstr"],
            "measure": m["details"]["measure"],
            "note": m["details"].get("note"),
        }
        for m in metrics
        if m["metric"].startswith("tstr_") and m.get("error") is None
    ]
    privacy = []
    for name in PRIVACY_HEADLINE:
        ms = [m for m in metrics if m["metric"] == name]
        for m in ms:
            privacy.append(
                {
                    "name": name,
                    "label": LABELS.get(name, name),
                    "m": m,
                    "explain": EXPLAIN[name],
                    "state": "none"
                    if m.get("score") is None
                    else (
                        "pass" if m["score"] >= d["thresholds"].get(name, DEFAULT_THRESHOLDS.get(name, 0)) else "fail"
                    ),
                }
            )
    slices = d.get("slices", [])
    collapse = d.get("sections", {}).get("collapse")
    text = [m for m in metrics if m["metric"].startswith("text_")]
    multi = [m for m in metrics if m["metric"] in ("referential_integrity", "cardinality")]
    inter = sorted(
        [
            m
            for m in metrics
            if m["metric"] == "intertable_trends" and m.get("score") is not None and m["details"].get("counts")
        ],
        key=lambda m: m["score"],
    )[:10]
    coverage = [
        m for m in metrics if m["metric"] in ("category_coverage", "range_coverage") and (m.get("score") or 0) < 1
    ]
    det = next((m for m in metrics if m["metric"] == "detection_auc"), None)
    fi = next((m for m in metrics if m["metric"] == "feature_importance_agreement"), None)
    fi_rows = []
    if fi and fi.get("error") is None:
        fi_rows = sorted(
            zip(
                fi["details"]["features"],
                fi["details"]["importance_real"],
                fi["details"]["importance_synthetic"],
                strict=True,
            ),
            key=lambda r: -r[1],
        )[:10]
    tmpl = env.get_template("report.html.j2")
    return tmpl.render(
        d=d,
        cards=_cards(d),
        tables=tables,
        util_rows=util_rows,
        utility_svg=_utility_svg(util_rows),
        privacy=privacy,
        slices=slices,
        collapse=collapse,
        collapse_svg=_collapse_svg(collapse or []),
        text=text,
        multi=multi,
        inter=inter,
        coverage=coverage,
        det=det,
        fi=fi,
        fi_rows=fi_rows,
        errors=_errors(d),
        labels=LABELS,
    )
