"""No module of ``simulacra.text`` reaches into another module's private (underscore) names (issue 14).

A helper another module needs is public where it lives (``name_words.known_name``, not
``structure._known_name``), so a module's underscore names are its own to change. Importing a private
*module* (``simulacra.text._lexicon``, ``simulacra._fs``) is allowed: the underscore there marks the
module as internal to the package, and its public names are what it offers.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest

import simulacra.text

TEXT = Path(simulacra.text.__file__).resolve().parent


def _is_module(parent: str, name: str) -> bool:
    try:
        return importlib.util.find_spec(f"{parent}.{name}") is not None
    except ModuleNotFoundError:
        return False


def _module_name(path: Path) -> str:
    rel = path.relative_to(TEXT.parent.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def private_imports(source: str, module: str, where: str) -> list[str]:
    """Each ``from X import _name`` in ``source`` (``module``'s text, read from ``where``) where ``X`` is
    another module and ``_name`` no submodule: ``file:line: X._name``."""
    package = module.rpartition(".")[0]
    out: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level:  # relative import: resolve against this module's package
            base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            target = f"{base}.{node.module}" if node.module else base
        else:
            target = node.module or ""
        if target == module:
            continue
        for alias in node.names:
            name = alias.name
            if name.startswith("_") and not name.startswith("__") and not _is_module(target, name):
                out.append((node.lineno, f"{where}:{node.lineno}: {target}.{name}"))
    return [line for _, line in sorted(out)]


def test_finder_sees_top_level_nested_and_multiline_imports() -> None:
    src = (
        "from simulacra.text.structure import _given, known_name\n"
        "def f():\n"
        "    from simulacra.text.ner_cleanup import (\n"
        "        countries,\n"
        "        _towns as towns,\n"
        "    )\n"
        "class C:\n"
        "    def g(self):\n"
        "        from .not_person import _FIRM\n"
        "from simulacra import _fs\n"
        "from simulacra.text._lexicon import lexicon\n"
        "from simulacra.text.mine import _own\n"
        "from __future__ import annotations\n"
    )
    found = private_imports(src, "simulacra.text.mine", "mine.py")
    assert found == [
        "mine.py:1: simulacra.text.structure._given",
        "mine.py:3: simulacra.text.ner_cleanup._towns",
        "mine.py:9: simulacra.text.not_person._FIRM",
    ]


@pytest.mark.parametrize("path", sorted(TEXT.rglob("*.py")), ids=lambda p: str(p.relative_to(TEXT)))
def test_no_text_module_imports_another_modules_private_name(path: Path) -> None:
    where = f"src/simulacra/text/{path.relative_to(TEXT)}"
    found = private_imports(path.read_text(encoding="utf-8"), _module_name(path), where)
    assert not found, "private names imported from another module (make them public where they live):\n" + "\n".join(
        found
    )
