"""Judging an episode: the database changes it made against the goal's, and the facts its answer must hold."""

from __future__ import annotations

import math
import re
from typing import Any

__all__ = ["fact_in", "judge", "same_changes"]

_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
_ISO = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}")


def _same_value(a: Any, b: Any) -> bool:
    if (
        isinstance(a, (int, float))
        and isinstance(b, (int, float))
        and not isinstance(a, bool)
        and not isinstance(b, bool)
    ):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-6)
    return bool(a == b)


def _same_row(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.keys() == b.keys() and all(_same_value(a[k], b[k]) for k in a)


def same_changes(made: list[dict[str, Any]], goal: list[dict[str, Any]]) -> tuple[bool, list[str]]:
    """Exactly the goal's rows changed, each to exactly the goal's values; the differences in words."""

    def key(c: dict[str, Any]) -> tuple[str, str]:
        return (c["table"], str(c["key"]))

    mine, want = {key(c): c for c in made}, {key(c): c for c in goal}
    problems = [f"unexpected change to {t} {k}" for t, k in sorted(mine.keys() - want.keys())]
    problems += [f"missing change to {t} {k}" for t, k in sorted(want.keys() - mine.keys())]
    for k in sorted(mine.keys() & want.keys()):
        if not _same_row(mine[k]["after"], want[k]["after"]):
            problems.append(f"{k[0]} {k[1]} changed, but not to the intended values")
    return not problems, problems


def fact_in(fact: Any, answer: str) -> bool:
    """A required fact appears in the answer: numbers by value (1,234.50 = 1234.5), dates by their day, text ignoring case."""
    if isinstance(fact, bool):
        return str(fact).lower() in answer.lower()
    if isinstance(fact, (int, float)):
        return any(math.isclose(float(n.replace(",", "")), float(fact), abs_tol=0.005) for n in _NUMBER.findall(answer))
    text = str(fact)
    iso = _ISO.match(text)
    if iso:
        text = iso.group(1)

    def norm(s: str) -> str:
        return " ".join(s.lower().split())

    return norm(text) in norm(answer)


def judge(goal: dict[str, Any], changes: list[dict[str, Any]], answer: str | None) -> dict[str, Any]:
    """success (the database as intended, every required fact in the answer and no forbidden one), with the reasons it failed."""
    db_ok, problems = same_changes(changes, goal.get("changes", []))
    missing = [f for f in goal.get("facts", []) if not fact_in(f, answer or "")]
    problems += [f"answer lacks {f!r}" for f in missing]
    leaked = [f for f in goal.get("forbidden", []) if fact_in(f, answer or "")]
    problems += [f"answer reveals {f!r}" for f in leaked]
    ok = db_ok and not missing and not leaked
    return {"success": ok, "db_ok": db_ok, "facts_ok": not missing and not leaked, "problems": problems}
