"""House rules that code review forgets: imports point down the stack; the public API is complete."""

from __future__ import annotations

import ast
from pathlib import Path

import simulacra

SRC = Path(simulacra.__file__).resolve().parent

# a package may not import any of the packages listed for it (they sit above it)
FORBIDDEN = {
    "errors": {"spec", "values", "generation", "io", "pipeline", "cli", "constraints"},
    "_random": {"spec", "values", "generation", "io", "pipeline", "cli", "constraints"},
    "spec": {"generation", "io", "pipeline", "cli", "constraints"},
    "values": {"generation", "io", "pipeline", "cli", "constraints"},
    "generation": {"io", "pipeline", "cli"},
    "io": {"generation", "pipeline", "cli", "spec"},
    "constraints": {"io", "pipeline", "cli"},
    "pipeline": {"cli"},
    "documents": {"generation", "io", "pipeline", "cli", "synth", "learning", "sources", "inspection", "evaluate"},
    "synth": {"io", "pipeline", "cli", "sources", "inspection", "learning", "evaluate", "text"},
    "learning": {"cli", "pipeline"},
    "sources": {"generation", "pipeline", "cli", "inspection", "synth"},
    "inspection": {"generation", "pipeline", "cli", "synth"},
    "text": {"generation", "io", "pipeline", "cli", "constraints", "synth", "sources", "inspection", "evaluate"},
    "evaluate": {"generation", "pipeline", "cli", "synth", "learning", "inspection", "text", "documents"},
    # the optional language-model client sits on the ground floor: it knows nothing of specs or data
    "llm": {"spec", "values", "generation", "io", "pipeline", "cli", "constraints", "synth", "learning", "sources",
            "inspection", "text", "documents", "evaluate", "draft", "augment"},
    "draft": {"cli", "augment"},
    "augment": {"cli", "draft", "generation", "pipeline", "synth", "learning", "inspection", "evaluate"},
}


def _imports(path: Path) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("simulacra."):
            out.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            out |= {a.name.split(".")[1] for a in node.names if a.name.startswith("simulacra.")}
    return out


def test_imports_point_down_the_stack() -> None:
    bad = []
    for layer, forbidden in FORBIDDEN.items():
        files = [SRC / f"{layer}.py"] if (SRC / f"{layer}.py").exists() else list((SRC / layer).rglob("*.py"))
        assert files, layer
        for f in files:
            wrong = _imports(f) & forbidden
            if wrong:
                bad.append(f"{f.relative_to(SRC)} imports {sorted(wrong)}")
    assert bad == []


def test_public_api_is_complete() -> None:
    for name in simulacra.__all__:
        assert getattr(simulacra, name) is not None, name
    assert callable(simulacra.generate) and callable(simulacra.validate)
    public = {n for n in dir(simulacra) if not n.startswith("_")} - {"annotations", "TYPE_CHECKING", "Any", "errors"}
    assert public <= set(simulacra.__all__) | {"generation", "spec", "pipeline", "io", "values", "constraints", "examples", "cli", "synth", "learning", "sources", "inspection", "text", "documents", "evaluate", "draft", "llm", "augment"}
