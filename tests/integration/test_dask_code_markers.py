"""A null marker that is a code column's value (the sodium test ``NA`` among ``K``, ``CL``, ``HB``; a severity
``None`` among ``Mild``, ``Severe``) is decided once over the whole column when ``evaluate --chunked-only`` reads a
delimited file piece by piece, as the whole-file reader decides it (``sources._code_markers``): never by a piece on
its own, and never left undecided (the pieces then read the code as missing and drop a category).

The planted files put every marker row in one stretch of the file, so one piece holds them all: a piece deciding
alone would keep ``NA`` a value where it is common and read it as missing elsewhere; a column where the marker is
rare overall (missing there) is common in its one piece. Generated per seed (codes of random letters, shares
drawn), so the class is tested, not one file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest

from simulacra.evaluation import evaluate
from simulacra.sources import CsvOptions
from simulacra.sources._delimited import read_delimited

pytest.importorskip("distributed")  # the dask extra is in dev: CI has it

from tests.chunked_compare import SPEC, _assert_same  # noqa: E402

from simulacra.distributed import DaskChunks  # noqa: E402


def _codes(rng: np.random.Generator, k: int) -> list[str]:
    letters = np.array(list("BCDEFGHJKLMPRSTVWXZ"))  # no A or N: never the marker itself
    out: set[str] = set()
    while len(out) < k:
        out.add("".join(rng.choice(letters, rng.integers(1, 5))))
    return sorted(out)


def _frame(rows: int, seed: int, codes_seed: int | None = None) -> pl.DataFrame:
    """``lab``: NA a code (a share like the others'), every NA row at the end; ``severity``: None a code among
    Mild/Severe, its rows at the start; ``rare``: NA far rarer than any code overall (missing), its rows together."""
    crng = np.random.default_rng(seed if codes_seed is None else codes_seed)
    codes = _codes(crng, int(crng.integers(3, 7)))
    rng = np.random.default_rng(seed)
    na = rows // (len(codes) + 1)
    lab = [*rng.choice(codes, rows - na).tolist(), *["NA"] * na]
    nones = rows // 4
    severity = [*["None"] * nones, *rng.choice(["Mild", "Severe", "Moderate"], rows - nones).tolist()]
    few = max(2, rows // 200)
    at = int(rng.integers(0, rows - few))
    rare = rng.choice(codes, rows).tolist()
    rare[at : at + few] = ["NA"] * few
    return pl.DataFrame(
        {
            "lab": lab,
            "severity": severity,
            "rare": rare,
            "grade": rng.choice(["P", "Q"], rows),
            "value": rng.normal(5, 1, rows).round(2),
            "age": rng.integers(20, 80, rows),
        }
    )


def _pieces(path: Path, rows: int, options: CsvOptions) -> pl.DataFrame:
    """The file read as ``evaluate --chunked-only`` reads it (the passes of ``plan_pieces``, in this process)."""
    from simulacra.sources._pieces import local_map, plan_pieces

    read, pieces, _ = plan_pieces(path, options, rows, local_map, smallest=1)
    assert len(pieces) >= 4
    return pl.concat([read.read(p) for p in pieces], how="vertical")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pieces_decide_markers_as_the_whole_file(tmp_path: Path, seed: int) -> None:
    path = tmp_path / "labs.csv"
    _frame(400, seed).write_csv(path)
    whole, _ = read_delimited(path)
    # the planted decisions hold in the whole-file read, so the comparison tests them
    assert whole["lab"].null_count() == 0 and whole["severity"].null_count() == 0
    assert whole["rare"].null_count() == max(2, 400 // 200)
    for rows in (20, 60):
        got = _pieces(path, rows, CsvOptions())
        assert got.schema == whole.schema and got.equals(whole), rows
    # --na keeps a marker missing everywhere, --not-na a value everywhere: the pieces as the whole file
    for options in (CsvOptions(missing=("NA",)), CsvOptions(values=("NA", "None"))):
        whole, _ = read_delimited(path, options)
        got = _pieces(path, 30, options)
        assert got.equals(whole), options
    assert read_delimited(path, CsvOptions(values=("NA",)))[0]["rare"].null_count() == 0


def test_evaluate_chunked_on_the_cluster_as_one_process(dask_client: Any, tmp_path: Path) -> None:
    real, syn = tmp_path / "real.csv", tmp_path / "syn.csv"
    _frame(300, 4).write_csv(real)
    _frame(250, 5, codes_seed=4).write_csv(syn)  # the same codes
    one = evaluate(str(real), str(syn), seed=1, n_jobs=1, spec=SPEC)
    runner = DaskChunks(dask_client, partition_rows=60)  # 5 pieces of the real file, NA in the last
    got = evaluate(str(real), str(syn), seed=1, n_jobs=1, spec=SPEC, distribute=runner, chunked_only=True)
    _assert_same(one, got)
