"""Unbounded work is refused before it starts (issue 22, item 3): row counts, scale, output size."""

from __future__ import annotations

import math
import time
from pathlib import Path

import pytest
from tests.helpers import plan_of

import simulacra.generation._budget as budget
from simulacra.cli.main import main
from simulacra.errors import SinkError, SpecError, SpecValidationError
from simulacra.pipeline import generate
from simulacra.spec.model import MAX_ROWS

SPEC = """
name: t
tables:
  a:
    rows: {rows}
    primary_key: id
    columns:
      id: sequence
      name: {{generator: categorical, values: [x, y]}}
  b:
    rows: {{per: a, count: {{distribution: poisson, lam: {lam}}}}}
    primary_key: id
    columns:
      id: sequence
      a_id: {{generator: foreign_key, references: a.id}}
"""


def spec(rows: object = 100, lam: float = 2) -> str:
    return SPEC.format(rows=rows, lam=lam)


@pytest.mark.parametrize("rows", [MAX_ROWS + 1, 10**12, 10**30])
def test_rows_beyond_the_maximum_are_a_located_spec_error(rows: int) -> None:
    with pytest.raises(SpecValidationError) as e:
        plan_of(spec(rows), file="big.yaml")
    assert "big.yaml:5:" in str(e.value) and f"at most {MAX_ROWS:,}" in str(e.value)


@pytest.mark.parametrize("rows", ["1e12", "10**30", "lots"])
def test_rows_not_an_integer_are_a_located_spec_error(rows: str) -> None:
    with pytest.raises(SpecValidationError) as e:
        plan_of(spec(rows), file="big.yaml")
    assert "big.yaml:5:" in str(e.value) and "rows must be an integer" in str(e.value)


@pytest.mark.parametrize("scale", [math.inf, math.nan, -1.0, "x"])
def test_scale_must_be_finite_and_non_negative(scale: object) -> None:
    with pytest.raises(SpecError, match="scale must be"):
        generate(plan_of(spec()), scale=scale)  # type: ignore[arg-type]


def test_scale_that_makes_a_table_too_big_is_refused_before_any_work(tmp_path: Path) -> None:
    out = tmp_path / "out.db"
    with pytest.raises(SpecValidationError) as e:
        generate(plan_of(spec(1000, lam=2)), out, scale=1e12)
    assert "table 'a'" in str(e.value) and "more than" in str(e.value)
    assert list(tmp_path.iterdir()) == []


def test_per_parent_tables_are_estimated_from_their_mean_count(tmp_path: Path) -> None:
    # 1e9 parents x about 1e3 children each: the child table alone would be 1e12 rows
    with pytest.raises(SpecValidationError) as e:
        generate(plan_of(spec(10**9, lam=1000)), tmp_path / "out.db")
    assert "table 'b'" in str(e.value)
    assert list(tmp_path.iterdir()) == []


def test_estimate_is_close_for_a_small_dataset() -> None:
    plan = plan_of(spec(1000, lam=3))
    est = budget.estimate_output(plan, {"a": {}, "b": {}}, 1.0)
    assert est.rows["a"] == 1000
    assert est.rows["b"] == pytest.approx(3000, rel=0.02)
    result = generate(plan)
    assert result.frames["b"].height == pytest.approx(est.rows["b"], rel=0.1)


def test_output_larger_than_free_space_is_refused_with_the_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(budget, "free_bytes", lambda path: 1000)
    out = tmp_path / "out.db"
    with pytest.raises(SinkError) as e:
        generate(plan_of(spec(100_000)), out)
    assert "only 1,000 B is free" in str(e.value) and "--yes" in str(e.value)
    assert list(tmp_path.iterdir()) == []
    # the way out: skip the check (the estimate is deliberately rough)
    generate(plan_of(spec(10)), out, check_space=False)
    assert out.exists()


def test_cli_exit_codes_for_unbounded_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(spec(10), encoding="utf-8")
    out = str(tmp_path / "out.db")
    assert main(["generate", str(path), "-o", out, "--scale", "inf", "-q"]) == 2
    assert main(["generate", str(path), "-o", out, "--scale", "1e12", "-q"]) == 2
    path.write_text(spec(10**12), encoding="utf-8")
    assert main(["spec", "validate", str(path)]) == 2
    path.write_text(spec(10), encoding="utf-8")
    monkeypatch.setattr(budget, "free_bytes", lambda p: 10)
    assert main(["generate", str(path), "-o", out, "-q"]) == 5
    assert not Path(out).exists()
    assert main(["generate", str(path), "-o", out, "-q", "--yes"]) == 0
    assert Path(out).exists()


@pytest.mark.parametrize(
    "count",
    [
        "{distribution: poisson, lam: 1000000000000}",
        "{distribution: negative_binomial, mean: 1000000, dispersion: 0.1}",
        "{distribution: zipf, s: 1.5, n: 100000000000}",
    ],
)
def test_count_distributions_that_would_tabulate_billions_of_values_are_refused(count: str) -> None:
    text = spec(10).replace("{distribution: poisson, lam: 2}", count)
    start = time.perf_counter()
    with pytest.raises(SpecValidationError) as e:
        plan_of(text, file="c.yaml")
    assert time.perf_counter() - start < 2.0
    assert "c.yaml:11:" in str(e.value) and "at most 10,000,000" in str(e.value)


def test_large_but_bounded_discrete_counts_still_work() -> None:
    est = budget.estimate_output(plan_of(spec(2, lam=100_000)), {}, 1.0)
    assert est.rows["b"] == pytest.approx(200_000, rel=0.01)
