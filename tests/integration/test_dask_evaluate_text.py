"""evaluate --chunked-only on delimited text files: each file cut into pieces of whole records on the workers (byte
ranges, record boundaries found from the quotes, never on the client) and typed as the whole-file reader types it,
and the chunked metrics equal the one-process report's at several piece sizes (bit for bit for counts, 1e-12 for
Pearson's r), on the session's LocalCluster of two worker processes and in process.

The files hold the structures a cut or a per-piece typing would get wrong: quoted fields with newlines, separators and
doubled quotes (a byte range may start inside one), numbers written with a decimal comma (``1234,56``), a column of
amounts with ``-`` for missing (typed as numbers only because every other value is one, over the whole column),
integers, blanks read as missing, a header; and the files whose records cannot be found piece by piece or that the
whole-file reader refuses, which must stay clear errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest

from simulacra.cli.main import main
from simulacra.errors import SimulacraError
from simulacra.evaluation import Report, evaluate
from simulacra.evaluation.chunked import LocalChunks

pytest.importorskip("distributed")  # the dask extra is in dev: CI has it

from tests.chunked_compare import SPEC, _assert_same, _close, _results  # noqa: E402

from simulacra.distributed import DaskChunks  # noqa: E402


def _frame(rows: int, seed: int) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    words = np.array(["alpha", "beta", 'say "hi"', "one, two", "two\nlines", "sigma"])
    amount = rng.random(rows)
    return pl.DataFrame(
        {
            "row_id": np.arange(seed * 10_000, seed * 10_000 + rows),
            "note": [" ".join(rng.choice(words, 2)) for _ in range(rows)],
            "city": rng.choice(np.array(["Paris", "Lyon", "Nice", "", "Lille"]), rows),
            "grade": rng.choice(np.array(["A", "B", "C"]), rows),
            "age": rng.normal(40, 12, rows).round(0),
            # a dash for missing: numbers only because every other value of the whole column is one
            "amount": ["-" if v < 0.05 else f"{v * 1000:.2f}" for v in amount],
            # a decimal comma: numbers only because some value of the whole column has one
            "price": [f"{int(v)},{int(v * 100) % 100:02d}" for v in rng.random(rows) * 2000],
            "visits": rng.poisson(3, rows),
        }
    )


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    d = tmp_path_factory.mktemp("csv")
    real = _frame(700, 1)
    real.write_csv(d / "real.csv")
    pl.concat([_frame(800, 2), real[::37]]).write_csv(d / "syn.csv")  # 19 copies of training rows
    _frame(600, 3).write_csv(d / "hold.csv")
    return {"real": str(d / "real.csv"), "synthetic": str(d / "syn.csv"), "holdout": str(d / "hold.csv")}


@pytest.fixture(scope="module")
def one(files: dict[str, str]) -> Report:
    return evaluate(**files, seed=5, n_jobs=1, spec=SPEC)


def test_whole_file_typing_is_the_pieces(one: Report) -> None:
    """The planted column-wide typings hold in the one-process read, so the comparisons below test them."""
    kinds = {c["name"]: c["kind"] for c in one.columns["data"]}
    assert kinds["amount"] == kinds["price"] == kinds["age"] == "numeric"
    assert kinds["note"] == "categorical" and kinds["row_id"] == "skip"
    assert one.summary["exact_match_rate"] and one.summary["exact_match_rate"] > 0


@pytest.mark.parametrize("rows", [300, 100_000])
def test_csv_read_on_the_workers(dask_client: Any, files: dict[str, str], one: Report, rows: int) -> None:
    runner = DaskChunks(dask_client, partition_rows=rows)
    got = evaluate(**files, seed=5, n_jobs=1, spec=SPEC, distribute=runner, chunked_only=True)
    _assert_same(one, got)
    parts = got.sections["distributed"]["read_on_workers"]
    if rows == 100_000:
        assert parts == {"real": 1, "synthetic": 1, "holdout": 1}
    else:  # cut into several pieces
        assert parts["real"] >= 3 and parts["synthetic"] >= 3


def test_csv_in_process_without_holdout(files: dict[str, str]) -> None:
    args = {"real": files["real"], "synthetic": files["synthetic"]}
    one = evaluate(**args, seed=1, n_jobs=1, spec=SPEC)
    got = evaluate(**args, seed=1, n_jobs=1, spec=SPEC, distribute=LocalChunks(150), chunked_only=True)
    _assert_same(one, got)


def test_cli_csv_on_the_scheduler(dask_client: Any, files: dict[str, str], one: Report, tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text("n_attacks: 40\ndetection_folds: 2\n")
    args = ["evaluate", "--real", files["real"], "--synthetic", files["synthetic"], "--holdout", files["holdout"]]
    args += ["--seed", "5", "--jobs", "1", "-q", "--spec", str(tmp_path / "spec.yaml"), "--chunked-only"]
    address = dask_client.scheduler.address
    assert (
        main([*args, "--engine", "dask", "--scheduler", address, "--partition-rows", "300", "-o", str(tmp_path)]) == 0
    )
    import json

    got = json.loads((tmp_path / "report.json").read_text())
    have = {(m["metric"], tuple(m.get("columns") or ())): m for m in got["metrics"]}
    want = _results(one)
    assert have.keys() == want.keys() and all(_close(have[k], want[k]) for k in want)


@pytest.mark.parametrize("rows", [6, 25])
def test_pieces_are_the_whole_file(files: dict[str, str], rows: int) -> None:
    """Many cuts, many byte ranges starting inside a quoted field (a newline, a separator, a doubled quote): the
    pieces read and typed one by one, put together, are the whole-file reader's frame."""
    from simulacra.sources import CsvOptions, read_source
    from simulacra.sources._pieces import local_map, plan_pieces

    path = Path(files["synthetic"])
    whole = read_source(path).frames["syn"]
    read, pieces, rows_of = plan_pieces(path, CsvOptions(), rows, local_map, smallest=1)
    assert len(pieces) > whole.height // (4 * rows)
    together = pl.concat([read.read(p) for p in pieces], how="vertical")
    assert together.schema == whole.schema and together.equals(whole)
    assert rows_of == [read.read(p).height for p in pieces]


def _lines(n: int) -> str:
    return "".join(f"{i},x{i % 3}\n" for i in range(n))


def test_what_cannot_be_cut_or_typed_is_refused(tmp_path: Path) -> None:
    ok = tmp_path / "ok.csv"
    ok.write_text("a,b\n" + _lines(50))
    cases = {
        # a quote inside an unquoted field: literal for the csv reader, so quote parity cannot find the records
        "stray": ("a,b\n" + _lines(20) + "21,5'11\"\n" + _lines(20), "quote at byte 121"),
        # a row of the wrong width: the whole-file reader's error, at its line
        "wide": ("a,b\n" + _lines(20) + "21,x,3\n" + _lines(20), "expected 2 fields"),
        # not UTF-8: the whole-file reader picks a legacy encoding over every byte
        "latin": ("a,b\n" + _lines(20) + "21,caf\xe9\n", "not UTF-8"),
    }
    for name, (text, message) in cases.items():
        path = tmp_path / f"{name}.csv"
        path.write_bytes(text.encode("latin-1"))
        with pytest.raises(SimulacraError, match=message) as e:
            evaluate(str(path), str(ok), chunked_only=True, distribute=LocalChunks(5))
        assert str(path) in str(e.value)
        if name == "wide":
            assert f"{path}:22" in str(e.value)
    # dates as text: one process types them over the whole column
    dated = "a,b,day\n" + "".join(f"{i},x{i % 3},2020-01-{i % 28 + 1:02d}\n" for i in range(50))
    (tmp_path / "d1.csv").write_text(dated)
    (tmp_path / "d2.csv").write_text(dated)
    with pytest.raises(SimulacraError, match="'day'"):
        evaluate(str(tmp_path / "d1.csv"), str(tmp_path / "d2.csv"), chunked_only=True, distribute=LocalChunks(5))
