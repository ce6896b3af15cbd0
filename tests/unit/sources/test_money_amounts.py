"""Amounts written with their currency are numbers, learned as numbers and written back with the currency.

Found as a new user (2026-12-04, dev): a shop export's ``Sales`` column written ``"$1,234.56"`` was read as
text with one value per row, drafted as placeholders, and sampled as ``Sales 1``, ``Sales 2``: every amount
lost. Each form is planted here (a sign or code before or after the number, a blank or none, grouped and
European marks, negatives, whole amounts), with amounts drawn per seed, never typed in.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

import simulacra
from simulacra.sources import read_source
from simulacra.sources._delimited import TextEvidence
from simulacra.sources._money import money_affix

N = 300


def _spell(v: float, decimal: str, group: str | None, decimals: int) -> str:
    whole, _, frac = f"{abs(v):.{decimals}f}".partition(".")
    if group:
        head = len(whole) % 3 or 3
        whole = group.join([whole[:head]] + [whole[i : i + 3] for i in range(head, len(whole), 3)])
    return whole + (decimal + frac if decimals else "")


# (before, after, decimal mark, group mark, decimals, separator, the shape every written value has)
FORMS = [
    ("$", "", ".", ",", 2, ",", r"^-?\$[0-9]{1,3}(,[0-9]{3})*\.[0-9]{2}$"),
    ("€", "", ".", None, 2, ",", r"^-?€[0-9]+\.[0-9]{2}$"),
    ("", " €", ",", ".", 2, ";", r"^-?[0-9]{1,3}(\.[0-9]{3})*,[0-9]{2} €$"),
    ("EUR ", "", ".", ",", 2, ",", r"^-?EUR [0-9]{1,3}(,[0-9]{3})*\.[0-9]{2}$"),
    ("£", "", ".", ",", 0, ",", r"^-?£[0-9]{1,3}(,[0-9]{3})*$"),
    ("", " kr", ",", None, 2, ";", r"^-?[0-9]+,[0-9]{2} kr$"),
    ("", "USD", ".", None, 2, ",", r"^-?[0-9]+\.[0-9]{2}USD$"),
]


def _amounts(seed: int, negatives: bool) -> np.ndarray:
    rng = np.random.default_rng(seed)
    v = rng.lognormal(4.5, 1.2, N)
    if negatives:
        v[rng.random(N) < 0.15] *= -1
    return v


def _write(path: Path, spelled: list[str], sep: str, seed: int) -> None:
    rng = np.random.default_rng(seed)
    lines = [sep.join(["id", "segment", "amount"])]
    for i, v in enumerate(spelled):
        cell = f'"{v}"' if sep in v else v
        lines.append(sep.join([str(i + 1), str(rng.choice(["retail", "trade", "online"])), cell]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize(("before", "after", "decimal", "group", "decimals", "sep", "shape"), FORMS)
def test_amounts_are_numbers_learned_and_written_back_with_their_currency(
    before: str, after: str, decimal: str, group: str | None, decimals: int, sep: str, shape: str, tmp_path: Path
) -> None:
    seed = len(shape) + decimals
    truth = _amounts(seed, negatives=seed % 2 == 0)
    truth = np.round(truth, decimals)
    spelled = [("-" if v < 0 else "") + before + _spell(v, decimal, group, decimals) + after for v in truth]
    src = tmp_path / "sales.csv"
    _write(src, spelled, sep, seed)
    before_bytes = src.read_bytes()

    frame = read_source(src).frames["sales"]
    assert frame.schema["amount"] in (pl.Float64, pl.Int64), frame.schema
    assert np.allclose(frame["amount"].cast(pl.Float64).to_numpy(), truth)

    simulacra.fit(src, output=tmp_path / "model", seed=seed)
    out = tmp_path / "sample.csv"
    simulacra.sample(tmp_path / "model", output=out, seed=seed + 1)
    written = pl.read_csv(out, infer_schema=False, separator=sep)["amount"].drop_nulls()
    assert written.len() > 0.9 * N
    assert bool(written.str.contains(shape).all()), written.filter(~written.str.contains(shape)).head(5).to_list()
    back = read_source(out).frames["sample"]["amount"].cast(pl.Float64)
    # the amounts are learned, not placeholders: their spread is the source's
    assert back.n_unique() > 0.5 * N
    assert abs(float(back.median()) - float(np.median(truth))) < 0.5 * float(np.std(truth))  # type: ignore[arg-type]
    assert float(back.min()) >= truth.min() - 1 and float(back.max()) <= truth.max() + 1  # type: ignore[arg-type]
    assert src.read_bytes() == before_bytes  # the input is never modified


def test_typed_sinks_get_the_numbers(tmp_path: Path) -> None:
    src = tmp_path / "sales.csv"
    _write(src, [f"${v:,.2f}" for v in _amounts(3, negatives=False)], ",", 3)
    simulacra.fit(src, output=tmp_path / "model")
    simulacra.sample(tmp_path / "model", output=tmp_path / "s.parquet", seed=1)
    assert pl.read_parquet(tmp_path / "s.parquet").schema["amount"] == pl.Float64


@pytest.mark.parametrize(
    "values",
    [
        ["$12.00", "€3.50", "$7.25"],  # two currencies in one column: which one to write back is not known
        ["$12.00", "12.50", "$3.00"],  # some without: not an amount column as written
        ["$ abc", "$12"],  # a sign before words
        ["USD", "EUR"],  # codes alone
    ],
)
def test_mixed_or_wordy_values_stay_text(values: list[str], tmp_path: Path) -> None:
    src = tmp_path / "t.csv"
    _write(src, [values[i % len(values)] for i in range(60)], ",", 4)
    assert read_source(src).frames["t"]["amount"].dtype == pl.String


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pieces_type_an_amount_column_as_the_whole_file_does(seed: int) -> None:
    rng = np.random.default_rng(seed)
    col = pl.Series("amount", [f"${v:,.2f}" for v in _amounts(seed, negatives=True)])
    cuts = np.sort(rng.choice(np.arange(1, N), size=4, replace=False))
    pieces = [col[int(a) : int(b)] for a, b in zip([0, *cuts], [*cuts, N], strict=True)]
    whole = TextEvidence.of(col, ["-"]).typing()
    combined = TextEvidence.combine([TextEvidence.of(p, ["-"]) for p in pieces]).typing()
    assert whole == combined and whole.money == "<$" and whole.kind == "marked"
    # a piece whose values carry no currency: the pieces disagree, and the column stays as written
    plain = pl.Series("amount", [f"{v:.2f}" for v in _amounts(seed + 9, negatives=False)][:50])
    mixed = TextEvidence.combine([*(TextEvidence.of(p, ["-"]) for p in pieces), TextEvidence.of(plain, ["-"])])
    assert mixed.typing().kind == "text"


def test_the_affix_is_one_sign_or_code_every_value_carries() -> None:
    assert money_affix(pl.Series(["$1", "-$2.50", "$-3"])) == "<$"
    assert money_affix(pl.Series(["1,50 €", "-2 €", None])) == "> €"
    assert money_affix(pl.Series(["$1", "€2"])) == ""
    assert money_affix(pl.Series(["12", "13"])) == ""
