"""docs/extending.md runs as written: its python blocks, in order, in one namespace (a new sink, metric,
synthesizer method, recognizer and operator, each registered and put through its conformance check); docs/architecture.md names every package."""

from __future__ import annotations

import re
from pathlib import Path

import simulacra

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_extending_examples_run() -> None:
    from simulacra.evaluation import metrics
    from simulacra.io import _registry
    from simulacra.synth import _base, synthesizer_methods
    from simulacra.text import operators

    blocks = re.findall(r"```python\n(.*?)```", (DOCS / "extending.md").read_text(), re.S)
    assert len(blocks) >= 5
    scope: dict[str, object] = {"__name__": "docs_extending"}
    try:
        for i, code in enumerate(blocks):
            exec(compile(code, f"docs/extending.md[{i}]", "exec"), scope)  # noqa: S102
        assert "json" in _registry.sink_kinds() and "null_share" in metrics.metrics()
        assert "bootstrap" in synthesizer_methods() and "last_digits" in operators.operator_kinds()
    finally:
        _registry._KINDS.pop("json", None)
        metrics._REGISTRY.pop("null_share", None)
        _base._METHODS.pop("bootstrap", None)
        operators._KINDS.pop("last_digits", None)


def test_architecture_has_a_paragraph_per_package() -> None:
    text = (DOCS / "architecture.md").read_text()
    src = Path(simulacra.__file__).resolve().parent
    packages = sorted(p.name for p in src.iterdir() if (p / "__init__.py").exists())
    missing = [p for p in packages if f"**`{p}`**" not in text and p not in ("cli", "examples")]
    assert missing == []
    assert "## Where each kind of change goes" in text and "## Data flow" in text
