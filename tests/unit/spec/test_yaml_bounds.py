"""Hostile YAML is refused quickly, with file:line, by every loader that reads YAML (issue 22, items 1 and 10)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from simulacra.errors import SpecError, SpecValidationError
from simulacra.evaluation.spec import load_evaluation_spec
from simulacra.spec import load_plan, yaml_lines
from simulacra.spec.yaml_lines import MAX_ALIAS_NODES, MAX_DEPTH, load_yaml
from simulacra.text.policy import load_policy
from simulacra.text.recognizers import load_recognizers


def billion_laughs(levels: int = 9, width: int = 9) -> str:
    """The classic alias bomb: ``width ** levels`` strings from a few hundred bytes."""
    names = [f"l{i}" for i in range(levels + 1)]
    lines = [f"{names[0]}: &{names[0]} [" + ", ".join(['"lol"'] * width) + "]"]
    for prev, name in zip(names, names[1:]):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * width) + "]")
    return "\n".join(lines) + "\n"


HOSTILE: dict[str, tuple[str, str, int]] = {
    # name: (text, expected message fragment, expected line)
    "alias bomb": (billion_laughs(), "aliases expand to more than", 1),
    "recursive sequence": ("name: x\ntables: &t [*t]\n", "recursive alias", 2),
    "recursive mapping": ("name: x\ntables: &t {a: *t}\n", "recursive alias", 2),
    "deep flow nesting": ("name: x\ntables: " + "[" * 5000 + "]" * 5000 + "\n", "nesting", 2),
    "deep block nesting": (
        "tables:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(200)) + "  " * 201 + "v: 1\n",
        f"deeper than {MAX_DEPTH}",
        None,
    ),
    "NUL byte": ("name: x\ntables:\n  a: \x00\n", "control character 0x00", 3),
    "escaped control character": ('name: x\ntables:\n  a: "x\\x07y"\n', "control character 0x07", 3),
    "control character in a key": ('name: x\n"t\\x1b": 1\n', "control character 0x1b", 2),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_yaml_is_a_located_spec_error_within_a_second(name: str) -> None:
    text, fragment, line = HOSTILE[name]
    start = time.process_time()  # CPU, not wall: a loaded machine must not fail a bound on the parser's work
    with pytest.raises(SpecValidationError) as e:
        load_yaml(text, file="evil.yaml")
    assert time.process_time() - start < 2.0
    msg = str(e.value)
    assert fragment in msg
    assert f"evil.yaml:{line}:" in msg if line is not None else "evil.yaml:" in msg


def test_aliases_within_the_budget_still_work() -> None:
    data, index = load_yaml("base: &b {generator: uuid}\nx: *b\ny: *b\n", file="ok.yaml")
    assert data == {"base": {"generator": "uuid"}, "x": {"generator": "uuid"}, "y": {"generator": "uuid"}}
    assert index.line(("y",)) == 3


def test_expansion_budget_counts_nodes_not_aliases() -> None:
    # one alias to a list just over the budget is refused; just under is accepted
    under = "a: &a [" + ", ".join(["1"] * (MAX_ALIAS_NODES - 10)) + "]\nb: *a\n"
    assert len(load_yaml(under)[0]["b"]) == MAX_ALIAS_NODES - 10
    over = "a: &a [" + ", ".join(["1"] * (MAX_ALIAS_NODES + 10)) + "]\nb: *a\n"
    with pytest.raises(SpecValidationError, match="aliases expand"):
        load_yaml(over)


def test_too_many_aliases_refused_at_the_alias(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_lines, "MAX_ALIASES", 3)
    with pytest.raises(SpecValidationError) as e:
        load_yaml("a: &a 1\nb: *a\nc: *a\nd: *a\ne: *a\n", file="s.yaml")
    assert "s.yaml:5:" in str(e.value) and "more than 3 aliases" in str(e.value)


def test_oversized_text_refused_before_parsing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(yaml_lines, "MAX_YAML_CHARS", 1000)
    with pytest.raises(SpecValidationError, match="larger than the 1,000 characters|larger than the 1,000"):
        load_yaml("a: " + "x" * 2000, file="big.yaml")


def test_huge_spec_file_refused_by_size_without_reading(tmp_path: Path) -> None:
    big = tmp_path / "huge.yaml"
    with big.open("wb") as f:  # sparse: 50 MB on paper, nothing on disk
        f.truncate(50 * 1024 * 1024)
    start = time.process_time()  # CPU, not wall: a loaded machine must not fail a bound on the parser's work
    with pytest.raises(SpecError) as e:
        load_plan(big)
    assert time.process_time() - start < 1.0
    assert "huge.yaml" in str(e.value) and "larger than" in str(e.value)


def _spec(p: Path) -> Any:
    return load_plan(p)


def _policy(p: Path) -> Any:
    return load_policy(p)


def _recognizers(p: Path) -> Any:
    return load_recognizers(p)


def _evaluation(p: Path) -> Any:
    return load_evaluation_spec(p)


@pytest.mark.parametrize(
    "loader", [_spec, _policy, _recognizers, _evaluation], ids=["spec", "policy", "recognizers", "evaluation"]
)
@pytest.mark.parametrize("case", ["alias bomb", "recursive mapping", "NUL byte"])
def test_every_yaml_reader_refuses_hostile_yaml(loader: Callable[[Path], Any], case: str, tmp_path: Path) -> None:
    text, fragment, _ = HOSTILE[case]
    path = tmp_path / "evil.yaml"
    path.write_text(text, encoding="utf-8")
    start = time.process_time()  # CPU, not wall: a loaded machine must not fail a bound on the parser's work
    with pytest.raises(SpecError) as e:
        loader(path)
    assert time.process_time() - start < 2.0
    assert fragment in str(e.value) and "evil.yaml" in str(e.value)
