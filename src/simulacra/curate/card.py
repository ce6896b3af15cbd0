"""The dataset card written with every pipeline output (JSON, and Markdown rendered from it).

Its sections follow Hugging Face dataset cards and "Datasheets for Datasets": intended use; sources with
their declared licences and rights (and warnings on unknown or non-commercial terms); how it was made (the
steps and their parameters); the funnel; the privacy checks run and what they removed; the evaluation
against a real holdout when one was named; lineage; known limits. Everything comes from what the run
knows; nothing is invented.
"""

from __future__ import annotations

from typing import Any

__all__ = ["build_card", "render_card"]

_PRIVACY_REASONS = ("exact_reference", "near_reference", "too_close_to_real", "rare_combination", "shares_ngram")
_BUILT_IN_LIMITS = [
    "Synthetic rows follow the patterns the generator or model was given; they are not observations of real people or events.",
    "Filters remove what they were declared to look for (thresholds in 'methods'); they do not prove the absence of every risk.",
]


def build_card(manifest: dict[str, Any], report: dict[str, Any]) -> dict[str, Any]:
    privacy = []
    for f in report["funnel"]:
        if f["step"] in ("privacy", "dedupe"):
            removed = {k: v for k, v in f["removed"].items() if k in _PRIVACY_REASONS or f["step"] == "privacy"}
            params: dict[str, Any] = next(
                (s["params"] for i, s in enumerate(manifest["steps"]) if f["label"].startswith(f"{i + 1}.")), {}
            )
            if f["step"] == "dedupe" and not params.get("against"):
                continue
            privacy.append(
                {
                    "check": f["label"],
                    "against": params.get("against"),
                    "params": params,
                    "rows_checked": f["in"],
                    "removed": removed,
                }
            )
    return {
        "name": manifest["name"],
        "description": manifest.get("description"),
        "intended_use": manifest.get("intended_use") or "not declared",
        "rows": manifest["rows"],
        "columns": manifest["columns"],
        "sources": [
            {
                k: s.get(k)
                for k in (
                    "name",
                    "kind",
                    "real",
                    "licence",
                    "rights",
                    "description",
                    "spec",
                    "model",
                    "path",
                    "spec_hash",
                    "model_hash",
                    "sha256",
                    "seed",
                    "templates",
                )
                if s.get(k) is not None
            }
            for s in manifest["sources"]
        ],
        "methods": [{"step": s["step"], "params": s["params"]} for s in manifest["steps"]],
        "funnel": [{k: f[k] for k in ("label", "in", "out", "removed")} for f in report["funnel"]],
        "privacy_checks": privacy,
        "evaluation": report.get("evaluation"),
        "lineage": manifest["lineage"],
        "provenance": manifest["provenance"],
        "limits": [*manifest.get("limits", []), *_BUILT_IN_LIMITS],
        "warnings": manifest["warnings"],
        "reproduce": {
            "simulacra_version": manifest["simulacra_version"],
            "seed": manifest["seed"],
            "chunk_size": manifest["chunk_size"],
            "pipeline_hash": manifest["pipeline_hash"],
        },
    }


def _cell(v: Any) -> str:
    return str(v).replace("|", "\\|").replace("\n", " ")


def render_card(card: dict[str, Any]) -> str:
    out = [f"# Dataset card: {card['name']}", ""]
    if card.get("description"):
        out += [card["description"], ""]
    out += ["## Intended use", "", card["intended_use"], ""]
    if card["warnings"]:
        out += ["## Warnings", ""] + [f"- {w}" for w in card["warnings"]] + [""]
    out += ["## Sources", "", "| source | kind | real | licence | rights |", "|---|---|---|---|---|"]
    for s in card["sources"]:
        out.append(
            f"| {_cell(s['name'])} | {s['kind']} | {'yes' if s.get('real') else 'no'} | "
            f"{_cell(s.get('licence') or 'unknown')} | {_cell(s.get('rights') or '')} |"
        )
    templates = [(s["name"], t, v) for s in card["sources"] for t, v in (s.get("templates") or {}).items()]
    if templates:
        out += ["", "Document templates (version: the first 12 hex digits of the SHA-256 of the template's text):", ""]
        out += [f"- `{_cell(n)}` {_cell(t)}: {v}" for n, t, v in templates]
    out += ["", "## How it was made", ""]
    for i, m in enumerate(card["methods"], 1):
        params = ", ".join(f"{k}={v}" for k, v in m["params"].items())
        out.append(f"{i}. `{m['step']}` {params}")
    out += ["", "## Funnel", "", "| step | in | out | removed |", "|---|---:|---:|---|"]
    for f in card["funnel"]:
        removed = "; ".join(f"{k}: {v:,}" for k, v in f["removed"].items()) or "-"
        out.append(f"| {_cell(f['label'])} | {f['in']:,} | {f['out']:,} | {_cell(removed)} |")
    out += ["", f"Rows in the output: {card['rows']:,}; columns: {', '.join(card['columns'])}.", ""]
    out += ["## Privacy checks", ""]
    if card["privacy_checks"]:
        for p in card["privacy_checks"]:
            removed = "; ".join(f"{k}: {v:,}" for k, v in p["removed"].items()) or "nothing"
            out.append(
                f"- {p['check']} against `{p['against']}`: {p['rows_checked']:,} rows checked, removed {removed}"
            )
    else:
        out.append("- none were run against real data")
    out += ["", "## Evaluation against a real holdout", ""]
    ev = card.get("evaluation")
    if ev:
        if "error" in ev:
            out.append(f"- could not be measured: {ev['error']}")
        else:
            out.append(
                f"- holdout `{ev['holdout']}` ({ev['holdout_rows']:,} rows) vs the first {ev['output_rows_compared']:,} output rows"
            )
            out.append(f"- quality (column shapes and pairs, 1 best): {ev.get('quality')}")
            out.append(f"- detection AUC (0.5: indistinguishable): {ev.get('detection_auc')}")
    else:
        out.append("- no holdout was named")
    lin = card["lineage"]
    out += [
        "",
        "## Lineage",
        "",
        f"- generation {lin['generation']} (real data is generation 0); real anchor: "
        f"{', '.join(lin['real_anchor']) or 'none'}",
    ]
    out += [
        f"- parent `{p.get('name', p)}`: {p.get('kind', '')}{' (real)' if p.get('real') else ''}, generation {p.get('generation', '?')}"
        if isinstance(p, dict)
        else f"- parent {p}"
        for p in lin["parents"]
    ]
    out += [
        "",
        "## Provenance",
        "",
        {
            "none": "Not recorded per row.",
            "columns": "Per row, in the `prov_*` and `score_*` columns.",
            "sidecar": "Per row, in `provenance.parquet` (`prov_row` is the row's position in the input).",
        }[card["provenance"]],
    ]
    out += ["", "## Known limits", ""] + [f"- {x}" for x in card["limits"]]
    r = card["reproduce"]
    out += [
        "",
        "## Reproduce",
        "",
        f"simulacra {r['simulacra_version']}, seed {r['seed']}, chunk size {r['chunk_size']}, "
        f"pipeline hash `{r['pipeline_hash']}`: the same inputs give the same bytes.",
        "",
    ]
    return "\n".join(out)
