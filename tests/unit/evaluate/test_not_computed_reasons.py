"""A headline without a value says why, in the report, the HTML and the CLI table — never a bare blank.

The data is generated here per seed (numbers, categories, related and unrelated pairs); each reason class is
checked over several shapes: an input the metric needs and was not given (a holdout, a target), a part that
failed (a holdout that does not line up), and a value that is empty by definition (no strongly related pair).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from typer.testing import CliRunner

from simulacra.cli.main import app
from simulacra.evaluation import evaluate
from simulacra.evaluation.metrics import metrics

HOLDOUT_METRICS = [n for n, m in metrics().items() if m.needs == "holdout"]


def _frame(seed: int, n: int, *, related: bool, extra: int = 0) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    a = rng.normal(size=n)
    b = 2 * a + rng.normal(scale=0.1, size=n) if related else rng.normal(size=n)
    cols: dict[str, object] = {"a": a, "b": b, "c": rng.choice(["x", "y", "z"], n)}
    for i in range(extra):
        cols[f"u{i}"] = rng.integers(0, 1000, n)
    return pl.DataFrame(cols)


@pytest.mark.parametrize("seed,extra", [(1, 0), (5, 2), (9, 4)])
def test_holdout_metrics_say_they_need_a_holdout_and_have_values_with_one(seed: int, extra: int) -> None:
    real = _frame(seed, 300, related=True, extra=extra)
    syn = _frame(seed + 100, 300, related=True, extra=extra)
    rep = evaluate(real, syn, seed=seed, progress=False)
    why = rep.not_computed()
    assert HOLDOUT_METRICS and set(HOLDOUT_METRICS) <= set(why)
    assert all("--holdout" in why[m] for m in HOLDOUT_METRICS)
    assert rep.verdict()["why_not_computed"] == {k: why[k] for k in rep.verdict()["not_computed"]}
    with_holdout = evaluate(
        real, syn, holdout=_frame(seed + 200, 300, related=True, extra=extra), seed=seed, progress=False
    )
    assert "dcr_share" not in with_holdout.not_computed() and with_holdout.summary["dcr_share"] is not None


@pytest.mark.parametrize("seed", [2, 3, 4])
def test_pair_trends_empty_when_no_real_pair_is_related(seed: int) -> None:
    rep = evaluate(_frame(seed, 400, related=False), _frame(seed + 1, 400, related=False), seed=seed, progress=False)
    assert rep.summary["column_pair_trends"] is None
    assert "strongly related" in rep.not_computed()["column_pair_trends"]
    related = evaluate(_frame(seed, 400, related=True), _frame(seed + 1, 400, related=True), seed=seed, progress=False)
    assert related.summary["column_pair_trends"] is not None
    assert "column_pair_trends" not in related.not_computed()


@pytest.mark.parametrize("seed", [3, 7])
def test_a_part_that_failed_gives_its_own_reason(seed: int) -> None:
    real = _frame(seed, 300, related=True)
    syn = _frame(seed + 1, 300, related=True)
    hold = _frame(seed + 2, 300, related=True).drop("c")  # does not line up with the real columns
    rep = evaluate(real, syn, holdout=hold, seed=seed, progress=False, allow_mismatch=True)
    why = rep.not_computed()
    assert "holdout does not line up" in why["dcr_share"], why


def test_a_gate_without_a_score_fails_with_the_reason() -> None:
    real = _frame(4, 300, related=True)
    rep = evaluate(real, _frame(5, 300, related=True), thresholds=["dcr_share=0.8"], seed=4, progress=False)
    assert any(f.startswith("dcr_share: no score (needs a holdout") for f in rep.failures()), rep.failures()


@pytest.mark.parametrize("seed", [1, 6])
def test_cli_and_html_show_each_reason(tmp_path: Path, seed: int) -> None:
    real, syn = tmp_path / "real.csv", tmp_path / "syn.csv"
    _frame(seed, 300, related=False).write_csv(real)
    _frame(seed + 1, 300, related=False).write_csv(syn)
    out = tmp_path / "rep"
    res = CliRunner().invoke(app, ["evaluate", "--real", str(real), "--synthetic", str(syn), "-o", str(out)])
    assert res.exit_code == 0, res.output
    text = " ".join(res.output.split())
    assert "not computed: Column pair trends: no pair of real columns is strongly related" in text
    assert "Inference risk: needs a holdout" in text
    html = (out / "report.html").read_text()
    assert html.count("not computed: needs a holdout") == len(HOLDOUT_METRICS)
    verdict = json.loads((out / "report.json").read_text())["verdict"]
    assert set(verdict["why_not_computed"]) == set(verdict["not_computed"])
