"""The Report: every result of one evaluation, a flat summary for scripts, JSON and HTML.

``report.json`` is the source format; ``report.html`` is rendered from the same
dictionary, so the two never disagree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulacra import _fs
from simulacra.errors import SinkError
from simulacra.evaluation._types import MetricResult, json_clean
from simulacra.evaluation.metrics import metrics

__all__ = ["DEFAULT_THRESHOLDS", "Report", "parse_threshold"]

FORMAT_VERSION = 1

# Both derived from the metric classes (simulacra.evaluation.metrics), where each is declared once.
# Pass/fail colours in the report when the user gives no threshold; all are on the [0, 1] score.
DEFAULT_THRESHOLDS: dict[str, float] = {n: m.threshold for n, m in metrics().items() if m.threshold is not None}

# What each headline means, in plain words (used by the HTML summary and the CLI table).
LABELS: dict[str, str] = {n: m.label for n, m in metrics().items()}


def parse_threshold(text: str) -> tuple[str, float]:
    """``metric=value`` -> (metric, value); the value is a score in [0, 1]."""
    from simulacra.errors import SpecError, did_you_mean

    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep:
        raise SpecError(f"threshold '{text}': expected METRIC=VALUE, e.g. quality=0.8")
    try:
        v = float(value)
    except ValueError:
        raise SpecError(f"threshold '{text}': '{value}' is not a number") from None
    if not 0 <= v <= 1:
        raise SpecError(f"threshold '{text}': scores lie in [0, 1]; got {v}")
    known = set(metrics())  # every registered metric (the shipped ones: the keys of LABELS)
    if name not in known:
        raise SpecError(
            f"threshold '{text}': unknown metric '{name}'{did_you_mean(name, known)}; known: {', '.join(sorted(known))}"
        )
    return name, v


@dataclass
class Report:
    """The outcome of ``evaluate``: headline values, normalised scores, every metric result."""

    summary: dict[str, float | None]
    scores: dict[str, float | None]
    results: list[MetricResult]
    thresholds: dict[str, float] = field(default_factory=dict)
    gates: dict[str, float] = field(default_factory=dict)
    inputs: dict[str, Any] = field(default_factory=dict)
    columns: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    slices: list[dict[str, Any]] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)
    sections: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    seed: int = 0
    version: str = ""
    #: inputs that did not line up and were evaluated anyway (``allow_mismatch``): shown above every score
    warnings: list[str] = field(default_factory=list)

    def passed(self) -> dict[str, bool | None]:
        """Per headline: True/False against its threshold (gate if given, else default), None if unscored."""
        out: dict[str, bool | None] = {}
        for name, score in self.scores.items():
            thr = self.gates.get(name, self.thresholds.get(name))
            out[name] = None if thr is None or score is None else bool(score >= thr)
        return out

    def not_computed(self) -> dict[str, str]:
        """Per headline without a value: why, in plain words — the first error of the results it is made of,
        else the input it needs and was not given, else what its declaration says an empty value means."""
        known = metrics()
        tables = self.inputs.get("tables") or {}
        has_holdout = any((t or {}).get("holdout_rows") for t in tables.values())
        out: dict[str, str] = {}
        for name in [*self.summary, *(g for g in self.gates if g not in self.summary)]:
            if self.summary.get(name) is not None or self.scores.get(name) is not None:
                continue
            cls = known.get(name)
            names = {name, *(cls.parts if cls else ())}
            err = next((r.error for r in self.results if r.metric in names and r.error), None)
            if err:
                why = err.removeprefix("not computed: ")
            elif cls is not None and cls.needs == "holdout" and not has_holdout:
                why = "needs a holdout: real rows the synthesizer never saw (--holdout)"
            elif cls is not None and cls.needs == "target" and not self.inputs.get("target"):
                why = "needs a target column to predict (--target)"
            else:
                why = cls.empty if cls is not None else "no table gave a value"
            out[name] = why
        return out

    def failures(self) -> list[str]:
        """What falls short of the gating thresholds (``--fail-under`` / spec ``thresholds``)."""
        out = []
        reasons = self.not_computed()
        for name, thr in sorted(self.gates.items()):
            score = self.scores.get(name)
            if score is None:
                out.append(f"{name}: no score ({reasons.get(name, 'not computed')}); threshold {thr:g}")
            elif score < thr:
                out.append(f"{name}: score {score:.3f} < {thr:g}")
        return out

    @property
    def ok(self) -> bool:
        return not self.failures()

    def verdict(self) -> dict[str, Any]:
        """What the report's header says, counted from the same cards it shows: gates, below-threshold
        scores (gate or default threshold), scores not computed, and input warnings."""
        passed = self.passed()
        below = sorted(k for k, v in passed.items() if v is False)
        missing = sorted(k for k in self.summary if self.scores.get(k) is None and self.summary.get(k) is None)
        gates_failed = len(self.failures())
        parts = []
        if self.gates:
            parts.append("all gates pass" if not gates_failed else f"{gates_failed} gate(s) failed")
        if below:
            parts.append(f"{len(below)} score(s) below threshold")
        if missing:
            parts.append(f"{len(missing)} not computed")
        # a column left out because its values are made fresh (names, e-mails) is said, not a mismatch
        left_out = [w for w in self.warnings if w.startswith("not compared: ")]
        mismatched = [w for w in self.warnings if not w.startswith("not compared: ")]
        if mismatched:
            parts.append(f"{len(mismatched)} input mismatch(es)")
        if left_out:
            parts.append(f"{len(left_out)} column(s) of fresh values not compared")
        state = "fail" if gates_failed or mismatched else ("warn" if below or missing or left_out else "pass")
        return {
            "text": " · ".join(parts) or "all scores meet their thresholds",
            "state": state,
            "below": below,
            "not_computed": missing,
            "why_not_computed": {k: v for k, v in self.not_computed().items() if k in missing},
        }

    def to_dict(self) -> dict[str, Any]:
        return json_clean(
            {
                "format_version": FORMAT_VERSION,
                "simulacra_version": self.version,
                "seed": self.seed,
                "summary": self.summary,
                "scores": self.scores,
                "thresholds": {**self.thresholds, **self.gates},
                "gates": self.gates,
                "passed": self.passed(),
                "ok": self.ok,
                "failures": self.failures(),
                "verdict": self.verdict(),
                "warnings": self.warnings,
                "inputs": self.inputs,
                "columns": self.columns,
                "metrics": [r.to_dict() for r in self.results],
                "slices": self.slices,
                "sections": self.sections,
                "figures": self.figures,
                "timings": self.timings,
            }
        )

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, allow_nan=False, ensure_ascii=False)

    def to_html(self) -> str:
        from simulacra.evaluation.html import render

        return render(self.to_dict())

    def write(self, path: str | Path) -> Path:
        """Write ``report.html`` and ``report.json`` into the folder ``path`` (each atomically)."""
        folder = Path(path)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            payload = {"report.json": self.to_json(), "report.html": self.to_html()}
            for name, text in payload.items():
                _atomic_write(folder / name, text)
        except OSError as e:
            raise SinkError(f"{folder}: cannot write the report ({e.strerror or e})") from None
        return folder

    def __repr__(self) -> str:
        head = ", ".join(f"{k}={v:.3f}" for k, v in self.summary.items() if isinstance(v, float))
        return f"Report({head})"


def _atomic_write(target: Path, text: str) -> None:
    _fs.atomic_write_text(target, text)  # an ordinary file: the umask decides its mode
