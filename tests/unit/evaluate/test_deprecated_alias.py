"""``simulacra.evaluate`` is the function; the old package path is a deprecated alias of ``simulacra.evaluation``."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_the_root_name_is_the_function_not_a_module() -> None:
    # in a fresh interpreter: a test elsewhere in the session may import the old path on purpose
    code = "import simulacra, simulacra.evaluation as e; assert simulacra.evaluate is e.evaluate"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]


def test_importing_everything_never_loads_the_alias() -> None:
    # a fresh interpreter: every package imported, and the alias module never among them
    code = textwrap.dedent(
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
        assert "simulacra.evaluate" not in sys.modules, "something imports the deprecated alias"
        assert callable(simulacra.evaluate) and simulacra.evaluate.__module__.startswith("simulacra.evaluation")
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]


def test_the_old_path_warns_and_is_the_same_modules() -> None:
    code = textwrap.dedent(
        """
        import warnings
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            import simulacra.evaluate.fidelity as old_fidelity
            from simulacra.evaluate import privacy, Report
        import simulacra.evaluation as new
        assert any(issubclass(w.category, DeprecationWarning) and "simulacra.evaluation" in str(w.message) for w in caught)
        assert old_fidelity is new.fidelity and privacy is new.privacy and Report is new.Report
        import simulacra
        print(type(simulacra.evaluate).__name__, callable(simulacra.evaluate))
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    # after an old-style import the name is the alias module, and it still evaluates when called
    assert done.stdout.split() == ["_CallableAlias", "True"]


def test_the_alias_still_evaluates_when_called() -> None:
    code = textwrap.dedent(
        """
        import polars as pl
        import warnings
        from simulacra.evaluation import Report
        real = pl.DataFrame({"a": list(range(60)), "b": ["x", "y", "z"] * 20})
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            import simulacra.evaluate as alias
        assert any(issubclass(w.category, DeprecationWarning) for w in caught)
        report = alias(real, real.sample(fraction=1.0, shuffle=True, seed=1))
        assert isinstance(report, Report), type(report)
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
