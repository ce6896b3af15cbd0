"""Shapes the draft must recognise in exports it has not seen: e-mail in any script, repeated codes.

An export with ``jörg.müller3@beispiel.de`` addresses was drafted as ``E_Mail 1``, ``E_Mail 2``
placeholders (the address pattern was ASCII only), and an order number repeated on each of its
lines as ``Order_No 1``... Planted here: addresses in five scripts, codes of one shape repeated
a few times each, and text that must stay as it was drafted (mixed shapes; no digits).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from simulacra.inspection import inspect

N = 400
LOCALS = ["jörg.müller", "ayşe.yılmaz", "léa.dubois", "marek.nowak", "олег.иванов", "anna.smith"]
DOMAINS = ["beispiel.de", "örnek.com.tr", "exemple.fr", "przykład.pl", "пример.рф", "example.org"]


def _columns(tmp_path: Path) -> dict[str, dict[str, object]]:
    rng = np.random.default_rng(9)
    order = np.sort(rng.integers(1, N // 3, N))
    frame = pl.DataFrame(
        {
            "id": np.arange(1, N + 1),
            "mail": [f"{LOCALS[i % 6]}{i}@{DOMAINS[(i * 7) % 6]}" for i in range(N)],
            "order_no": [f"ORD-{o:06d}" for o in order],
            "ticket": [f"T{o}-{'AB'[o % 2]}" for o in rng.integers(100, 999, N)],
            "mixed": [f"x{i}" if i % 3 else f"item {i} of {i + 1}" for i in range(N)],
            "words": [f"note {chr(97 + i % 26)}{chr(97 + (i // 26) % 26)}" for i in range(N)],
        }
    )
    src = tmp_path / "export.csv"
    frame.write_csv(src)
    return inspect(src).spec_data["tables"]["export"]["columns"]


def test_email_in_any_script_is_an_email(tmp_path: Path) -> None:
    cols = _columns(tmp_path)
    assert cols["mail"]["generator"] == "email"


def test_repeated_codes_of_one_shape_keep_it(tmp_path: Path) -> None:
    cols = _columns(tmp_path)
    assert cols["order_no"] == {**cols["order_no"], "generator": "pattern", "pattern": "ORD-######"}
    # T100..T998: the first digit never 0 (learn-plant2: a place never 0 is drawn 1-9)
    assert cols["ticket"]["generator"] == "pattern" and cols["ticket"]["pattern"] == "T[1-9]##-?"
    # no single shape, or no digits: placeholders as before
    assert cols["mixed"]["pattern"] == "mixed {seq}" and cols["words"]["pattern"] == "words {seq}"
