"""The constraints split by job, and held so: the row rules generation reads import nothing of generation; the
dataset checks sit above generation and import it at their top; ``simulacra.constraints`` only re-exports.

(In its own file, beside ``tests/test_architecture.py``, whose layer table it reads.)"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

import simulacra
from tests.test_architecture import FORBIDDEN, _imports

SRC = Path(simulacra.__file__).resolve().parent

#: the modules the old ``constraints.py`` became, and the layer name each one counts as in ``_imports``
ROWS, TALLIES, CHECKS = "_row_constraints", "_tally_rules", "_dataset_checks"
#: what the generation-free halves may not import: generation, and everything that sits above it
BELOW_GENERATION = {"generation", "io", "pipeline", "cli", "inspection", "synth", "sources", "constraints", CHECKS}


def _loaded_after(statement: str) -> list[str]:
    """The ``simulacra`` modules a fresh interpreter holds after running ``statement`` (the same source tree)."""
    code = f"import sys; {statement}; print('\\n'.join(sorted(m for m in sys.modules if m.startswith('simulacra'))))"
    env = {**os.environ, "PYTHONPATH": str(SRC.parent)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


@pytest.mark.parametrize("module", [f"simulacra.{ROWS}", f"simulacra.{TALLIES}"])
def test_the_generation_free_halves_import_no_generation(module: str) -> None:
    loaded = _loaded_after(f"import {module}")
    assert module in loaded
    assert not [m for m in loaded if m.startswith("simulacra.generation")], loaded
    assert "simulacra.constraints" not in loaded and f"simulacra.{CHECKS}" not in loaded


def test_generation_imports_the_row_rules_and_not_the_dataset_checks() -> None:
    loaded = _loaded_after("import simulacra.generation.engine, simulacra.generation.rows")
    assert f"simulacra.{ROWS}" in loaded
    assert "simulacra.constraints" not in loaded and f"simulacra.{CHECKS}" not in loaded


def test_inspection_reads_tallies_without_loading_generation() -> None:
    """Inspection may not import generation: the tally arithmetic it drafts with comes from the generation-free
    module, not through the dataset checks (which import generation at their top)."""
    loaded = _loaded_after("import simulacra.inspection._period_totals, simulacra.inspection._tallies")
    assert not [m for m in loaded if m.startswith("simulacra.generation")], loaded


def _function_imports(path: Path) -> list[tuple[int, str, bool]]:
    """Imports of ``simulacra.generation`` written inside a function of ``path``: (line, module, commented) where
    commented means a ``#`` comment on the import's line or the line just above it says why."""
    text = path.read_text()
    lines = text.splitlines()
    out = []
    for fn in ast.walk(ast.parse(text)):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(fn):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                if name == "simulacra.generation" or name.startswith("simulacra.generation."):
                    near = lines[node.lineno - 1] + (lines[node.lineno - 2] if node.lineno > 1 else "")
                    out.append((node.lineno, name, "#" in near))
                    break
    return out


def test_no_uncommented_function_level_import_of_generation_in_the_dataset_checks() -> None:
    bad = [(line, name) for line, name, commented in _function_imports(SRC / f"{CHECKS}.py") if not commented]
    assert bad == []


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("def f():\n    from simulacra.generation.columns import parse_time\n", [(2, False)]),
        ("def f():\n    import simulacra.generation.totals as t\n", [(2, False)]),
        ("def f():\n    from simulacra import generation\n", [(2, False)]),
        ("class C:\n    def m(self):\n        if 1:\n            from simulacra.generation import x\n", [(4, False)]),
        (
            "def f():\n    # generation imports us at its top: a cycle\n    from simulacra.generation.rows import R\n",
            [(3, True)],
        ),
        ("from simulacra.generation.columns import parse_time\n", []),  # at the top: allowed above generation
        ("def f():\n    from simulacra.generations import x\n    from simulacra._row_constraints import y\n", []),
    ],
)
def test_the_function_import_finder_catches_each_form(tmp_path: Path, source: str, found: list) -> None:
    f = tmp_path / "m.py"
    f.write_text(source)
    assert [(line, commented) for line, _, commented in _function_imports(f)] == found


def test_the_layers_of_the_split() -> None:
    """Each half's imports point down: the generation-free halves below generation, the dataset checks where the
    old ``constraints`` sat; nothing that may not import ``constraints`` imports any half; generation imports
    neither the dataset checks nor the re-exporting ``constraints``."""
    bad = []
    for half in (ROWS, TALLIES):
        wrong = _imports(SRC / f"{half}.py") & BELOW_GENERATION
        bad += [f"{half} imports {sorted(wrong)}"] if wrong else []
    wrong = _imports(SRC / f"{CHECKS}.py") & FORBIDDEN["constraints"]
    bad += [f"{CHECKS} imports {sorted(wrong)}"] if wrong else []
    for layer, forbidden in FORBIDDEN.items():
        if "constraints" not in forbidden:
            continue
        files = [SRC / f"{layer}.py"] if (SRC / f"{layer}.py").exists() else list((SRC / layer).rglob("*.py"))
        for f in files:
            wrong = _imports(f) & {ROWS, TALLIES, CHECKS}
            bad += [f"{f.relative_to(SRC)} imports {sorted(wrong)}"] if wrong else []
    for f in (SRC / "generation").rglob("*.py"):
        wrong = _imports(f) & {"constraints", CHECKS}
        bad += [f"{f.relative_to(SRC)} imports {sorted(wrong)}"] if wrong else []
    assert bad == []


def test_nothing_inside_imports_the_re_exporting_module() -> None:
    """``simulacra.constraints`` is the users' path; code inside takes each name from the module that holds it
    (so the re-export can stay thin and generation can never reach the dataset checks through it)."""
    offenders = sorted(
        str(f.relative_to(SRC))
        for f in SRC.rglob("*.py")
        # (parsed only where the word is there at all: an import of the module names it)
        if f != SRC / "constraints.py" and "constraints" in f.read_text() and "constraints" in _imports(f)
    )
    assert offenders == []


def test_constraints_re_exports_the_same_objects() -> None:
    import simulacra._dataset_checks as checks
    import simulacra._row_constraints as rows
    import simulacra._tally_rules as tallies
    import simulacra.constraints as constraints

    homes = (checks, rows, tallies)
    for name in constraints.__all__:
        held = [h for h in homes if name in h.__all__]
        assert len(held) == 1, name
        assert getattr(constraints, name) is getattr(held[0], name), name
    # what it exported before the split, and what tests and users import from it, all still there
    before = {"Finding", "RowConstraint", "check_dataset", "declared_findings", "once_bad", "periods_bad"}
    before |= {"periods_finding", "row_constraints", "unique_bad", "tally_reads", "tally_tables", "tally_values"}
    assert before | {"month_of"} <= set(constraints.__all__)


def test_column_deps_is_public_and_its_private_name_gone() -> None:
    from simulacra.spec import plan

    assert "column_deps" in plan.__all__ and not hasattr(plan, "_column_deps")
    # (a text search: any mention of the private name, in an import or not, is a use of it)
    users = sorted(str(f.relative_to(SRC)) for f in SRC.rglob("*.py") if "_column_deps" in f.read_text())
    assert users == []
