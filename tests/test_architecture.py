"""House rules that code review forgets: imports point down the stack; the public API is complete."""

from __future__ import annotations

import ast
from pathlib import Path

import simulacra

SRC = Path(simulacra.__file__).resolve().parent

#: what the ground floor's date readers sit below: every layer that reads dates with them
_DATE_FLOOR = {"spec", "values", "generation", "io", "pipeline", "cli", "constraints", "sources", "synth", "inspection"}

# a package may not import any of the packages listed for it (they sit above it)
FORBIDDEN = {
    "_version": {
        "errors",
        "spec",
        "values",
        "generation",
        "io",
        "pipeline",
        "cli",
        "constraints",
        "evaluation",
        "testing",
    },
    "errors": {"spec", "values", "generation", "io", "pipeline", "cli", "constraints"},
    "_random": {"spec", "values", "generation", "io", "pipeline", "cli", "constraints"},
    # text dates' formats and reading: the ground floor the sources, synth and evaluation all read text with
    "_text_dates": {"spec", "values", "generation", "io", "pipeline", "cli", "constraints", "sources", "synth"},
    # date codes (20210304, 202304) and the formats inspect drafts text dates in: the ground floor inspection, the
    # constraints' checks and fit's date keys all read dates with
    "_date_codes": _DATE_FLOOR,
    "_date_formats": _DATE_FLOOR,
    # dates stored as plain numbers (yymmdd with lost zeros, epoch seconds/milliseconds): read by inspection (learn99)
    "_number_dates": _DATE_FLOOR,
    # the SQL token reader: the ground floor the spec's dialect and io's written-back checks both read SQL with
    "_sql_tokens": _DATE_FLOOR | {"evaluation", "testing", "draft", "augment", "distributed"},
    "spec": {"generation", "io", "pipeline", "cli", "constraints", "distributed"},
    "values": {"generation", "io", "pipeline", "cli", "constraints"},
    "generation": {"io", "pipeline", "cli", "distributed"},
    "io": {"generation", "pipeline", "cli", "spec", "distributed"},
    # the checks sit below inspection (inspection's tallies read them); the date readers both share are on the
    # ground floor (_date_codes, _date_formats), not imported up from inspection inside a function
    "constraints": {"io", "pipeline", "cli", "inspection"},
    "pipeline": {"cli", "distributed"},
    "_streaming": {"cli", "pipeline"},
    "documents": {"generation", "io", "pipeline", "cli", "synth", "learning", "sources", "inspection", "evaluation"},
    "synth": {"io", "pipeline", "cli", "sources", "inspection", "learning", "evaluation", "text"},
    # differential privacy sits beside synth (it reuses synth's model store); learning and the CLI call it
    "dp": {"io", "pipeline", "cli", "sources", "inspection", "learning", "evaluation", "text", "generation"},
    "learning": {"cli", "pipeline"},
    "sources": {"generation", "pipeline", "cli", "inspection", "synth"},
    "inspection": {"generation", "pipeline", "cli", "synth"},
    "text": {
        "generation",
        "io",
        "pipeline",
        "cli",
        "constraints",
        "synth",
        "sources",
        "inspection",
        "evaluation",
        "distributed",
    },
    "evaluation": {"generation", "pipeline", "cli", "synth", "learning", "inspection", "text", "documents"},
    "testing": {"cli"},
    "envs": {"cli", "synth", "learning", "sources", "inspection", "text", "evaluation", "documents"},
    "curate": {"cli"},
    # the optional language-model client sits on the ground floor: it knows nothing of specs or data
    "llm": {
        "spec",
        "values",
        "generation",
        "io",
        "pipeline",
        "cli",
        "constraints",
        "synth",
        "learning",
        "sources",
        "inspection",
        "text",
        "documents",
        "evaluation",
        "draft",
        "augment",
    },
    "draft": {"cli", "augment"},
    "augment": {"cli", "draft", "generation", "pipeline", "synth", "learning", "inspection", "evaluation"},
    "serve": {"cli", "synth", "learning", "inspection", "text", "evaluation", "documents"},
    # generation on Dask: engines and plans below it; the verbs, outputs and the CLI above it
    "distributed": {"io", "pipeline", "cli", "synth", "learning", "sources", "inspection", "evaluation", "serve"},
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


def test_an_import_inside_a_function_counts(tmp_path: Path) -> None:
    """An upward import written inside a function (or a method, or a branch) to dodge the layer rule is caught as
    one at the top of the file is."""
    f = tmp_path / "m.py"
    f.write_text(
        "import polars\n"
        "def read():\n"
        "    from simulacra.inspection._patterns import parse_dates\n"
        "class C:\n"
        "    def m(self):\n"
        "        if True:\n"
        "            import simulacra.synth.dataset\n"
    )
    assert _imports(f) == {"inspection", "synth"}


def test_public_api_is_complete() -> None:
    for name in simulacra.__all__:
        assert getattr(simulacra, name) is not None, name
    assert callable(simulacra.generate) and callable(simulacra.validate)
    public = {n for n in dir(simulacra) if not n.startswith("_")} - {"annotations", "TYPE_CHECKING", "Any", "errors"}
    assert public <= set(simulacra.__all__) | {
        "generation",
        "spec",
        "pipeline",
        "io",
        "values",
        "constraints",
        "examples",
        "cli",
        "synth",
        "dp",
        "learning",
        "sources",
        "inspection",
        "text",
        "documents",
        "evaluation",
        "testing",
        "envs",
        "curate",
        "llm",
        "draft",
        "augment",
        "serve",
        "distributed",
    }


ROOT_IMPORTS_PENDING: set[str] = set()  # none left


def test_nothing_below_the_root_imports_the_root() -> None:
    """``from simulacra import X`` inside the package runs the root's __init__ from below (a cycle
    waiting to happen); modules take what they need from where it lives (``simulacra._version``...)."""
    submodules = {p.stem for p in SRC.glob("*.py")} | {p.name for p in SRC.iterdir() if (p / "__init__.py").exists()}
    offenders = set()
    for f in SRC.rglob("*.py"):
        if f == SRC / "__init__.py":
            continue
        for node in ast.walk(ast.parse(f.read_text())):
            if (
                isinstance(node, ast.ImportFrom)
                and node.level == 0
                and node.module == "simulacra"
                and {a.name for a in node.names} - submodules
            ):
                offenders.add(str(f.relative_to(SRC)))
            elif isinstance(node, ast.Import) and any(a.name == "simulacra" for a in node.names):
                offenders.add(str(f.relative_to(SRC)))
    assert offenders == ROOT_IMPORTS_PENDING


def test_nothing_inside_imports_the_deprecated_evaluate_alias() -> None:
    """``simulacra.evaluate`` is the function; the old package path of that name is removed (it only raises)."""
    offenders = sorted(
        str(f.relative_to(SRC)) for f in SRC.rglob("*.py") if f.parent.name != "evaluate" and "evaluate" in _imports(f)
    )
    assert offenders == []


def _runtime_imports(path: Path) -> set[str]:
    """Modules ``path`` imports outside ``if TYPE_CHECKING:`` blocks (full dotted names and imported names)."""
    tree = ast.parse(path.read_text())
    hidden = {
        id(n)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
        for n in ast.walk(node)
    }
    out: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in hidden:
            continue
        if isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
            out |= {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
    return out


def test_generation_parts_point_one_way_and_rule_made_columns_have_one_filler() -> None:
    """The engine's parts (counts planner, row maker, uniqueness ledger) see the engine only in type hints;
    the column filler knows none of them; learned sampling fills rule-made columns through the filler."""
    gen = SRC / "generation"
    engine = "simulacra.generation.engine"
    for part in ("counts", "rows", "uniqueness", "filler"):
        assert engine not in _runtime_imports(gen / f"{part}.py"), part
    filler = _runtime_imports(gen / "filler.py")
    for other in ("counts", "rows", "uniqueness", "features"):
        assert f"simulacra.generation.{other}" not in filler, other
    learned = _runtime_imports(SRC / "synth" / "dataset.py")
    assert "simulacra.generation.filler.ColumnFiller" in learned
    assert not {"simulacra.generation.columns.ColumnCtx", "simulacra.generation.columns.generate_column"} & learned


#: underscore names that truly cannot change, each with its reason
PRIVATE_IMPORTS_ALLOWED = {
    ("serve/openapi_spec.py", "re._parser"): "the standard library's own regex parser (no public one) tells which "
    "patterns ECMA-262 reads the same",
}


def _module_of(path: Path, root: Path) -> tuple[str, str]:
    """(dotted module, package a relative import starts from) of a file under ``root``."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
        return ".".join(parts), ".".join(parts)
    return ".".join(parts), ".".join(parts[:-1])


def _is_module(root: Path, module: str, name: str) -> bool:
    base = root.joinpath(*module.split("."))
    return (base / f"{name}.py").is_file() or (base / name / "__init__.py").is_file()


def _private_imports(path: Path, root: Path) -> list[str]:
    """``module.name`` of every underscore name ``path`` takes from another module: ``from m import _x`` (relative
    too, inside a function too) and ``alias._x`` on a module it imported (``from pkg import mod``, ``import a.b as
    c``). A package-private MODULE (``from . import _patterns``) is a name of its package: not counted; dunders not."""
    me, pkg = _module_of(path, root)
    tree = ast.parse(path.read_text())
    found: list[tuple[int, str]] = []
    aliases: dict[str, str] = {}

    def private(name: str) -> bool:
        return name.startswith("_") and not name.startswith("__")

    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = pkg.split(".")[: len(pkg.split(".")) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for a in node.names:
                if module.split(".")[0] == "simulacra" and _is_module(root, module, a.name):
                    aliases[a.asname or a.name] = f"{module}.{a.name}"
                elif private(a.name) and module != me:
                    found.append((node.lineno, f"{module}.{a.name}"))
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.asname:
                    aliases[a.asname] = a.name
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and private(node.attr):
            module = aliases.get(node.value.id)
            if module is not None and module != me:
                found.append((node.lineno, f"{module}.{node.attr}"))
    return [f"{line}: {name}" for line, name in sorted(set(found))]


def test_no_module_imports_another_modules_private_name() -> None:
    """A name another module uses is part of its home's contract: public (no underscore, documented, in
    ``__all__``), or the job moves to where it is used."""
    root = SRC.parent
    bad = []
    for f in sorted(SRC.rglob("*.py")):
        rel = f.relative_to(SRC).as_posix()
        for hit in _private_imports(f, root):
            line, name = hit.split(": ")
            if (rel, name) in PRIVATE_IMPORTS_ALLOWED:
                continue
            bad.append(f"{rel}:{line} imports {name}")
    assert bad == []


def test_the_private_import_rule_sees_every_form(tmp_path: Path) -> None:
    """Each way of reaching another module's underscore name is caught; a package's private module, a dunder, the
    module's own names and a public name given a private alias are not."""
    pkg = tmp_path / "simulacra"
    (pkg / "sub").mkdir(parents=True)
    for f in ("__init__.py", "sub/__init__.py", "sub/_helpers.py", "sub/rows.py", "_fs.py"):
        (pkg / f).write_text("")
    user = pkg / "sub" / "user.py"
    user.write_text(
        "import re\n"
        "from simulacra import _fs\n"  # a private module: fine
        "from . import _helpers as h\n"  # fine as an import ...
        "from simulacra.sub.rows import Rows as _Rows, __version__\n"  # public name, dunder: fine
        "from .rows import _Made, make\n"  # relative, private: caught
        "import simulacra.sub.rows as r\n"
        "_mine = 1\n"
        "def f():\n"
        "    from simulacra.sub._helpers import _split\n"  # inside a function: caught
        "    from re import _parser\n"  # another package's private name: caught
        "    return h._join(r._scale(_mine), _fs.atomic)\n"  # ... but its private names are caught
    )
    assert _private_imports(user, tmp_path) == [
        "5: simulacra.sub.rows._Made",
        "9: simulacra.sub._helpers._split",
        "10: re._parser",
        "11: simulacra.sub._helpers._join",
        "11: simulacra.sub.rows._scale",
    ]
