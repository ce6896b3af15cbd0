"""A repair of the review that moves a value the request said is stopped by a named error (house76).

``review_spec`` keeps every value the request said (``said``); its last check, once a bare ``assert``, raises
``GenerationError`` naming where (table, column) and what (the path, the value said, the request's words, the value
the repair left). Planted: a faulty repair (the review's spread repair, wrapped to move a said value after it runs)
in specs of several tables, sizes and seeds, moving each kind of said value — a normal's ``std``, a lognormal's
``sigma``, a table's rows, a scenario's rate (dropped for ``count: 1``, as the empty-scenario repair does) and the
locale — one at a time and several at once.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any

import polars as pl
import pytest

from simulacra.draft import review
from simulacra.draft._draft import value_at
from simulacra.errors import GenerationError, Location, SimulacraError

Mover = Callable[[dict[str, Any]], None]


def _spec(table: str, rows: int, value: str, amount: str, scenario: str) -> dict[str, Any]:
    return {
        "name": f"{table}_spec",
        "locale": "en_US",
        "tables": {
            table: {
                "rows": rows,
                "primary_key": "id",
                "columns": {
                    "id": {"generator": "sequence"},
                    value: {"generator": "normal", "mean": 50, "std": 10, "min": 0, "max": 100},
                    amount: {"generator": "lognormal", "median": 200, "sigma": 0.3, "max": 5000},
                    "flag": {"generator": "constant", "value": 0},
                },
            }
        },
        "scenarios": [
            {"name": scenario, "table": table, "rate": 0.2, "columns": {"flag": {"generator": "constant", "value": 1}}}
        ],
    }


def _column(spec: dict[str, Any], table: str, column: str) -> dict[str, Any]:
    col: dict[str, Any] = spec["tables"][table]["columns"][column]
    return col


#: table, rows, normal column, lognormal column, scenario, seed
SETTINGS = [
    ("pupils", 120, "score", "fee", "truant", 0),
    ("loans", 80, "rate_pct", "principal", "default", 3),
    ("members", 200, "age", "spend", "lapsed", 11),
]


def _moves(table: str, value: str, amount: str, scenario: str) -> list[tuple[str, str, Mover, Location]]:
    """Each said value a faulty repair moves: (its path, the request's words, the move, where it is)."""

    def narrow_std(spec: dict[str, Any]) -> None:
        _column(spec, table, value)["std"] = 4.5

    def narrow_sigma(spec: dict[str, Any]) -> None:
        _column(spec, table, amount)["sigma"] = 0.15

    def more_rows(spec: dict[str, Any]) -> None:
        spec["tables"][table]["rows"] += 7

    def count_one(spec: dict[str, Any]) -> None:
        sc = spec["scenarios"][0]
        sc.pop("rate", None)
        sc["count"] = 1

    def other_locale(spec: dict[str, Any]) -> None:
        spec["locale"] = "de_DE"

    return [
        (f"tables.{table}.columns.{value}.std", "'a spread of 10'", narrow_std, Location(table=table, column=value)),
        (
            f"tables.{table}.columns.{amount}.sigma",
            "'widely spread'",
            narrow_sigma,
            Location(table=table, column=amount),
        ),
        (f"tables.{table}.rows", f"'{table} rows said'", more_rows, Location(table=table)),
        (f"scenarios.{scenario}.rate", "'20%'", count_one, Location(table=table)),
        ("locale", "'US English'", other_locale, Location()),
    ]


def _plant(monkeypatch: pytest.MonkeyPatch, *movers: Mover) -> None:
    """The review's spread repair, made faulty: after it runs, each mover moves a value of the spec."""
    real = review._clip_repairs

    def faulty(
        spec: dict[str, Any], frames: dict[str, pl.DataFrame], said: Mapping[str, str], findings: list[str]
    ) -> list[str]:
        changes = real(spec, frames, said, findings)
        for move in movers:
            move(spec)
        return changes

    monkeypatch.setattr(review, "_clip_repairs", faulty)


def _setup(
    setting: tuple[str, int, str, str, str, int],
) -> tuple[dict[str, Any], list[tuple[str, str, Mover, Location]], int]:
    """A setting's spec, its five moves and the review's seed."""
    table, rows, value, amount, scenario, seed = setting
    return _spec(table, rows, value, amount, scenario), _moves(table, value, amount, scenario), seed


def _moved(spec: dict[str, Any], move: Mover) -> dict[str, Any]:
    out = copy.deepcopy(spec)
    move(out)
    return out


CASES = [
    (setting, k)
    for setting in SETTINGS
    for k in range(5)  # the five moves of _moves
]


@pytest.mark.parametrize(("setting", "k"), CASES, ids=[f"{s[0]}-{k}" for s, k in CASES])
def test_a_repair_that_moves_a_said_value_raises_a_named_error(
    monkeypatch: pytest.MonkeyPatch, setting: tuple[str, int, str, str, str, int], k: int
) -> None:
    spec, moves, seed = _setup(setting)
    said = {path: words for path, words, _, _ in moves}
    path, words, move, where = moves[k]
    before = value_at(spec, path)
    after = value_at(_moved(spec, move), path)
    assert before != after  # the planted move moves it
    _plant(monkeypatch, move)
    with pytest.raises(GenerationError) as caught:
        review.review_spec(spec, seed=seed, said=said)
    err = caught.value
    assert isinstance(err, SimulacraError) and err.exit_code == 3
    assert err.location == where
    text = str(err)
    assert text.startswith(where.render() + ": " if where.render() else "review: ")
    assert "moved 1 value(s) the request said" in text
    assert f"{path}: {before!r} ({words}) -> {after!r}" in text
    others = [p for p, *_ in moves if p != path]
    assert not any(f"{p}:" in text for p in others)  # only the value moved is named


@pytest.mark.parametrize("setting", SETTINGS, ids=[s[0] for s in SETTINGS])
def test_every_said_value_moved_is_named_and_where_is_the_first(
    monkeypatch: pytest.MonkeyPatch, setting: tuple[str, int, str, str, str, int]
) -> None:
    spec, moves, seed = _setup(setting)
    said = {path: words for path, words, _, _ in moves}
    picked = [moves[1], moves[3], moves[4]]  # a sigma, a scenario's rate, the locale
    _plant(monkeypatch, *(m for _, _, m, _ in picked))
    with pytest.raises(GenerationError) as caught:
        review.review_spec(spec, seed=seed, said=said)
    text = str(caught.value)
    assert caught.value.location == picked[0][3]
    assert "moved 3 value(s)" in text
    for path, words, _, _ in picked:
        assert f"{path}: " in text and words in text


@pytest.mark.parametrize("setting", SETTINGS, ids=[s[0] for s in SETTINGS])
def test_a_repair_that_moves_only_what_was_assumed_raises_nothing(
    monkeypatch: pytest.MonkeyPatch, setting: tuple[str, int, str, str, str, int]
) -> None:
    spec, moves, seed = _setup(setting)
    table, value = setting[0], setting[2]
    said = {path: words for path, words, _, _ in moves[1:]}  # the std not said: assumed, a repair may move it
    _plant(monkeypatch, moves[0][2])
    r = review.review_spec(spec, seed=seed, said=said)
    assert _column(r.spec, table, value)["std"] == 4.5
    assert all(value_at(r.spec, p) == value_at(spec, p) for p in said)
