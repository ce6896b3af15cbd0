"""``validate`` checks a ``distinct`` foreign key (no parent twice among one parent's children: a student
takes a course once), in memory and streamed, with the same findings; a repeated pair is caught."""

from __future__ import annotations

import random
from pathlib import Path

import polars as pl
import pytest

from simulacra.pipeline import check, check_streaming, generate
from simulacra.spec.load import load_spec


def spec_file(tmp_path: Path, seed: int, mean: int, options: int) -> Path:
    p = tmp_path / "d.yaml"
    p.write_text(
        f"name: d\nseed: {seed}\ntables:\n"
        f"  courses:\n    rows: {options}\n    primary_key: cid\n    columns:\n      cid: {{generator: sequence}}\n"
        "  students:\n    rows: 80\n    primary_key: sid\n    columns:\n      sid: {generator: sequence}\n"
        f"  takes:\n    rows: {{per: students, count: {{distribution: poisson, mean: {mean}}}}}\n    columns:\n"
        "      sid: {generator: foreign_key, references: students.sid}\n"
        "      cid: {generator: foreign_key, references: courses.cid, distinct: true}\n",
        encoding="utf-8",
    )
    return p


def distinct_findings(findings: list) -> list:  # type: ignore[type-arg]
    return [(f.check, f.failed) for f in findings if "distinct within" in f.check]


@pytest.mark.parametrize(("seed", "mean", "options"), [(1, 3, 10), (2, 6, 8), (3, 2, 40)])
def test_a_distinct_key_is_checked_and_a_repeated_pair_is_caught_in_memory_and_streamed(
    tmp_path: Path, seed: int, mean: int, options: int
) -> None:
    spec = load_spec(spec_file(tmp_path, seed, mean, options))
    out = tmp_path / "ok"
    generate(spec, out, format="parquet")
    for findings in (check(spec, out), check_streaming(spec, out, chunk_size=7)):
        assert distinct_findings(findings) == [("foreign key cid distinct within each students row", 0)]
    takes = pl.read_parquet(out / "takes.parquet")
    rng = random.Random(seed)
    # copy k rows' course onto a sibling row of the same student: each makes one repeated pair (2 rows)
    multi = takes.group_by("sid").agg(pl.len().alias("n")).filter(pl.col("n") >= 2)["sid"].to_list()
    chosen = rng.sample(sorted(multi), 3)
    cid = takes["cid"].to_list()
    for s in chosen:
        rows = [i for i, v in enumerate(takes["sid"].to_list()) if v == s]
        cid[rows[1]] = cid[rows[0]]
    bad = tmp_path / "bad"
    bad.mkdir()
    for f in out.glob("*.parquet"):
        (bad / f.name).write_bytes(f.read_bytes())
    takes.with_columns(pl.Series("cid", cid)).write_parquet(bad / "takes.parquet")
    want = [("foreign key cid distinct within each students row", 6)]
    assert distinct_findings(check(spec, bad)) == want
    assert distinct_findings(check_streaming(spec, bad, chunk_size=5)) == want
