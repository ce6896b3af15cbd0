"""``simulacra.evaluate`` is the function; the old package path (the evaluation package before it moved to
``simulacra.evaluation``, then a deprecated alias for one release) is removed: every old import fails with
an ImportError that names ``simulacra.evaluation``, and leaves the root's name the function."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import simulacra

SRC = Path(simulacra.__file__).resolve().parent


def _run(code: str) -> subprocess.CompletedProcess[str]:
    # in a fresh interpreter: which modules an import order has loaded is the point
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=300)


def test_the_root_name_is_the_function_not_a_module() -> None:
    done = _run("import simulacra, simulacra.evaluation as e; assert simulacra.evaluate is e.evaluate")
    assert done.returncode == 0, done.stderr[-2000:]


def test_importing_everything_never_loads_the_old_path() -> None:
    done = _run(
        """
        import importlib, pathlib, sys
        import simulacra
        root = pathlib.Path(simulacra.__file__).parent
        for f in sorted(root.rglob("*.py")):
            parts = f.relative_to(root).with_suffix("").parts
            if parts[0] == "evaluate" or parts[0] == "__main__" or parts[-1] == "__main__":
                continue
            name = ".".join(("simulacra",) + (parts[:-1] if parts[-1] == "__init__" else parts))
            importlib.import_module(name)
        assert "simulacra.evaluate" not in sys.modules, "something imports the old path"
        assert callable(simulacra.evaluate) and simulacra.evaluate.__module__.startswith("simulacra.evaluation")
        """
    )
    assert done.returncode == 0, done.stderr[-2000:]


OLD_IMPORTS = [
    "import simulacra.evaluate",
    "import simulacra.evaluate.fidelity",
    "import simulacra.evaluate.privacy as p",
    "from simulacra.evaluate import privacy",
    "from simulacra.evaluate import Report",
    "from simulacra.evaluate.report import Report",
    "importlib.import_module('simulacra.evaluate.metrics')",
]


@pytest.mark.parametrize(
    "first", ["", "import simulacra", "import simulacra.evaluation", "from simulacra import evaluate"]
)
def test_every_old_import_fails_naming_the_new_package_in_any_order(first: str) -> None:
    """Whatever was imported before (nothing, the root, the new package, the function), each old import
    raises an ImportError that says to import from simulacra.evaluation; the root's name stays the function
    after each, and nothing of the old path is left in sys.modules."""
    done = _run(
        f"""
        import importlib, sys
        {first or "pass"}
        for stmt in {OLD_IMPORTS!r}:
            try:
                exec(stmt)
            except ImportError as exc:
                assert "import from simulacra.evaluation" in str(exc), (stmt, str(exc))
                assert exc.name == "simulacra.evaluate", (stmt, exc.name)
            else:
                raise AssertionError(f"{{stmt}} imported")
            assert not any(m == "simulacra.evaluate" or m.startswith("simulacra.evaluate.") for m in sys.modules), stmt
            import simulacra, simulacra.evaluation
            assert simulacra.evaluate is simulacra.evaluation.evaluate, (stmt, simulacra.evaluate)
        print("ok")
        """
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["ok"]


def test_no_module_swaps_its_class_or_plants_modules() -> None:
    """No import-time tricks (issue 15): no module assigns a ``__class__`` or writes into ``sys.modules``."""
    offenders = []
    for f in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(f.read_text())):
            targets = node.targets if isinstance(node, ast.Assign) else []
            for t in targets:
                if isinstance(t, ast.Attribute) and t.attr == "__class__":
                    offenders.append(f"{f.relative_to(SRC)}:{node.lineno}: __class__ =")
                if (
                    isinstance(t, ast.Subscript)
                    and isinstance(t.value, ast.Attribute)
                    and t.value.attr == "modules"
                    and isinstance(t.value.value, ast.Name)
                    and t.value.value.id == "sys"
                ):
                    offenders.append(f"{f.relative_to(SRC)}:{node.lineno}: sys.modules[...] =")
    assert offenders == []
