"""The one SQL token reader (``simulacra._sql_tokens``): the spec's dialect and the checks a database gives back
read literals and quoted names with it (house75, dev)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from simulacra._sql_tokens import SQL_TOKEN, quoted_spans
from simulacra.spec import refs

_PIECES = ["it", "''", "(", ")", "((", "))", " ", "x", "::date", "~~", "= ANY ("]


def _literal(rng: np.random.Generator) -> str:
    return "'" + "".join(str(p) for p in rng.choice(_PIECES, int(rng.integers(1, 7)))) + "'"


@pytest.mark.parametrize("seed", [21, 22, 23])
def test_the_token_reader_finds_the_literals_the_string_regex_found(seed: int) -> None:
    """Without quoted names, ``quoted_spans`` finds each literal (doubled quotes, parentheses inside) where the
    string regex ``io._db_checks`` had of its own did: the one reader changed nothing there."""
    rng = np.random.default_rng(seed)
    for _ in range(40):
        parts = [_literal(rng) if rng.uniform() < 0.5 else str(rng.choice(["(x) ", " = ", "::text", "((", "))"]))]
        parts += [_literal(rng) for _ in range(int(rng.integers(0, 4)))]
        text = " ".join(parts)
        old = [m.span() for m in re.finditer(r"'(?:[^']|'')*'", text)]
        assert quoted_spans(text, "'") == old == quoted_spans(text), text


@pytest.mark.parametrize(
    ("text", "literals", "names"),
    [
        ("\"it's\" = 'a'", ["'a'"], ['"it\'s"']),
        ("\"a(b\" <> 'it''s (x)'", ["'it''s (x)'"], ['"a(b"']),
        ("\"Ship \"\"A\"\"\" || 'o''k' || '' || x", ["'o''k'", "''"], ['"Ship ""A"""']),
        ("note <> 'unclosed", [], []),
    ],
)
def test_a_quote_inside_the_other_kind_starts_nothing(text: str, literals: list[str], names: list[str]) -> None:
    assert [text[s:e] for s, e in quoted_spans(text, "'")] == literals
    assert [text[s:e] for s, e in quoted_spans(text, '"')] == names
    assert sorted(quoted_spans(text)) == sorted(quoted_spans(text, "'") + quoted_spans(text, '"'))


def test_the_spec_dialect_reads_with_the_same_reader() -> None:
    assert refs.SQL_TOKEN is SQL_TOKEN
