"""The README's examples run, so the docs cannot rot."""

from __future__ import annotations

import re
from pathlib import Path

import simulacra
from simulacra.spec import load_plan

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def test_readme_opens_with_the_two_commands() -> None:
    head = README[:800]
    assert "make demo" in head and "make test" in head


def test_readme_spec_generates() -> None:
    block = re.search(r"```yaml\n(.*?)```", README, re.S)
    assert block is not None
    plan = load_plan("README.md", text=block.group(1))
    frames = simulacra.generate(plan, scale=0.05).frames
    assert frames["customers"].height == 100
    assert simulacra.validate(plan, frames)


def test_readme_python_block_runs(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    block = re.search(r"```python\n(.*?)```", README, re.S)
    assert block is not None
    root = Path(__file__).resolve().parents[1]
    code = (
        block.group(1).replace('"examples/', f'"{root}/examples/').replace('"shop.duckdb"', f'"{tmp_path}/shop.duckdb"')
    )
    exec(compile(code, "README.md", "exec"), {})  # noqa: S102
    assert (tmp_path / "shop.duckdb").exists()


def test_readme_learning_block_runs() -> None:
    section = README.split("## Learn from real data", 1)[1]
    block = re.search(r"```python\n(.*?)```", section, re.S)
    assert block is not None
    scope: dict[str, object] = {}
    exec(compile(block.group(1), "README.md", "exec"), scope)  # noqa: S102
    fake, nurses = scope["fake"], scope["fake_nurses"]
    assert fake.height == 1000 and set(nurses["job"]) == {"nurse"}  # type: ignore[attr-defined]
