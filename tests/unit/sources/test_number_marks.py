"""European and grouped number forms, a sniffer that agrees with the header, and drafts that keep codes.

A ``;``-separated file with ``1.234,50`` amounts (the default CSV of a German or French
spreadsheet) used to read its amounts as text, and ``fit`` then replaced them with
``balance 1``, ``balance 2``... placeholders. Each class is planted in data the test makes:
every convention of marks, written back the way it was read; an ambiguous ``1,234`` kept as
text; a separator that only the header tells apart; a fee that its plan decides.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
import yaml

import simulacra
from simulacra.errors import SourceError
from simulacra.sources import read_source

N = 400


def _spell(v: float, decimal: str, group: str | None, decimals: int = 2) -> str:
    whole, _, frac = f"{abs(v):.{decimals}f}".partition(".")
    if group:
        head = len(whole) % 3 or 3
        whole = group.join([whole[:head]] + [whole[i : i + 3] for i in range(head, len(whole), 3)])
    return ("-" if v < 0 else "") + whole + decimal + frac


# (decimal mark, group mark, separator, regex every written value must match)
CONVENTIONS = [
    (",", ".", ";", r"^-?[0-9]{1,3}(\.[0-9]{3})*,[0-9]{2}$"),
    (",", None, ";", r"^-?[0-9]+,[0-9]{2}$"),
    (",", " ", ";", r"^-?[0-9]{1,3}( [0-9]{3})*,[0-9]{2}$"),
    (",", None, "\t", r"^-?[0-9]+,[0-9]{2}$"),
    (".", ",", ",", r"^-?[0-9]{1,3}(,[0-9]{3})*\.[0-9]{2}$"),
]


def _write(path: Path, values: list[str], sep: str, seed: int) -> None:
    rng = np.random.default_rng(seed)
    kinds = rng.choice(["a", "b", "c"], len(values))
    lines = [sep.join(["id", "kind", "amount"])]
    for i, (k, v) in enumerate(zip(kinds, values, strict=True)):
        cell = f'"{v}"' if sep in v else v
        lines.append(sep.join([str(i + 1), str(k), cell]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize(("decimal", "group", "sep", "shape"), CONVENTIONS)
def test_marked_numbers_are_read_as_numbers_and_written_back_alike(
    decimal: str, group: str | None, sep: str, shape: str, tmp_path: Path
) -> None:
    rng = np.random.default_rng(len(shape))
    truth = np.round(rng.lognormal(7, 1.5, N) * rng.choice([1, -1], N, p=[0.9, 0.1]), 2)
    spelled = [_spell(float(v), decimal, group) for v in truth]
    assert any(group and group in s for s in spelled) or group is None
    src = tmp_path / "ledger.csv"
    _write(src, spelled, sep, seed=1)
    before = src.read_bytes()

    frame = read_source(src).frames["ledger"]
    assert frame.schema["amount"] == pl.Float64
    assert np.allclose(frame["amount"].to_numpy(), truth)

    simulacra.fit(src, output=tmp_path / "model")
    out = tmp_path / "sample.csv"
    simulacra.sample(tmp_path / "model", output=out, seed=3)
    # the source's separator too: a ';' file comes back ';', and every reader finds it again
    assert out.read_text(encoding="utf-8").splitlines()[0] == sep.join(["id", "kind", "amount"])
    from simulacra.io import ChunkedDataset, read_dataset

    assert read_dataset(out)["sample"].columns == ["id", "kind", "amount"]
    chunks = ChunkedDataset(out)
    assert [c.width for c in chunks.chunks(chunks.tables[0], 97)] == [3] * -(-N // 97)
    written = pl.read_csv(out, infer_schema=False, separator=sep)["amount"].drop_nulls()
    assert written.len() > 0
    assert bool(written.str.contains(shape).all()), written.filter(~written.str.contains(shape)).head(5).to_list()
    back = read_source(out).frames["sample"]["amount"]
    assert back.dtype == pl.Float64
    assert back.min() >= truth.min() - 1 and back.max() <= truth.max() + 1  # type: ignore[operator]
    assert src.read_bytes() == before  # the input is never modified


def test_typed_sinks_get_real_numbers(tmp_path: Path) -> None:
    src = tmp_path / "ledger.csv"
    _write(src, [_spell(v, ",", ".") for v in np.linspace(10, 99_999, N)], ";", seed=2)
    simulacra.fit(src, output=tmp_path / "model")
    simulacra.sample(tmp_path / "model", output=tmp_path / "s.parquet", seed=1)
    assert pl.read_parquet(tmp_path / "s.parquet").schema["amount"] == pl.Float64


@pytest.mark.parametrize("values", [["1,234", "12,500", "7,000"], ["1.234", "2.500"], ["030 123 456", "040 555 123"]])
def test_ambiguous_or_unmarked_forms_stay_text(values: list[str], tmp_path: Path) -> None:
    src = tmp_path / "t.csv"
    _write(src, [values[i % len(values)] for i in range(60)], ";", seed=3)
    col = read_source(src).frames["t"]["amount"]
    # 1,234 is a thousand or one and a fraction; 1.234 a decimal; phone groups never a number
    assert col.dtype == (pl.Float64 if values[0] == "1.234" else pl.String)


@pytest.mark.parametrize("sep", [";", "\t", "|"])
def test_sniffer_prefers_the_separator_the_header_agrees_with(sep: str, tmp_path: Path) -> None:
    rng = np.random.default_rng(5)
    names = ["Smith, John", "Dupont, Anne", "Müller, Jörg"]
    lines = [sep.join(["id", "customer", "fee", "country"])]
    for i in range(80):
        # every row holds two commas (a name and a decimal comma): ',' splits the rows alike, not the header
        lines.append(sep.join([str(i), names[i % 3], f"{rng.integers(1, 99)},{rng.integers(10, 99)}", "DE"]))
    src = tmp_path / "c.csv"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    frame = read_source(src).frames["c"]
    assert frame.columns == ["id", "customer", "fee", "country"]
    assert frame.schema["fee"] == pl.Float64

    lines[7] = lines[7].replace("DE", f"DE{sep}extra")  # an unquoted separator inside a field
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"c\.csv:8: expected 4 fields \(as in the header\), found 5"):
        read_source(src)


def _plans(path: Path, seed: int, n: int = 900) -> None:
    rng = np.random.default_rng(seed)
    plans = {"basic": "9.99", "pro": "29.99", "team": "79.50", "enterprise": "199.00"}
    lines = ["id,plan,fee,seats,region"]
    for i in range(n):
        p = str(rng.choice(list(plans), p=[0.3, 0.4, 0.2, 0.1]))
        lines.append(f"{i + 1},{p},{plans[p]},{rng.integers(1, 40)},{rng.choice(['north', 'south', 'east'])}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_draft_keeps_a_column_that_a_category_decides(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from simulacra.cli.main import app

    src = tmp_path / "subs.csv"
    _plans(src, seed=11)
    draft = tmp_path / "subs.yaml"
    res = CliRunner().invoke(app, ["inspect", str(src), "-o", str(draft)])
    assert res.exit_code == 0, res.output
    cols = yaml.safe_load(draft.read_text())["tables"]["subs"]["columns"]
    assert cols["fee"]["generator"] == "lookup" and cols["fee"]["key"] == "plan"
    assert cols["plan"]["generator"] == "categorical"  # the key stays drawn: no cycle
    assert cols["region"]["generator"] == "categorical"  # independent: not a lookup on anything
    out = tmp_path / "gen"
    res = CliRunner().invoke(app, ["generate", str(draft), "-o", str(out), "--format", "csv", "--seed", "4"])
    assert res.exit_code == 0, res.output
    made = pl.read_csv(out / "subs.csv")
    pairs = made.group_by("plan").agg(pl.col("fee").n_unique().alias("fees"))
    assert pairs["fees"].max() == 1 and pairs.height == 4


def test_draft_writes_a_few_valued_number_as_its_values(tmp_path: Path) -> None:
    from simulacra.inspection import inspect

    src = tmp_path / "subs.csv"
    _plans(src, seed=12)
    fee = inspect(src).spec_data["tables"]["subs"]["columns"]["fee"]
    # a lookup (its plan decides it), never a curve through 9.99..199 that makes 45.31
    assert fee["generator"] == "lookup"
    assert set(fee["mapping"].values()) | {fee["default"]} == {9.99, 29.99, 79.5, 199.0}
    alone = tmp_path / "fees.csv"
    pl.read_csv(src).drop("plan").write_csv(alone)
    fee = inspect(alone).spec_data["tables"]["fees"]["columns"]["fee"]
    assert fee["generator"] == "categorical" and set(fee["values"]) == {9.99, 29.99, 79.5, 199.0}
