"""The collapse view read from lineage: three generations of pipeline outputs, each made from the last."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from simulacra.curate import Pipeline
from simulacra.curate.lineage import collapse_from_lineage, dominance, lineage_chain
from simulacra.errors import SourceError

SPEC = """
name: notes
tables:
  customers:
    rows: 80
    primary_key: customer_id
    columns:
      customer_id: sequence
      first_name: {generator: first_name, group: person}
      plan: {generator: categorical, values: [free, pro, team]}
documents:
  - name: note_a
    table: customers
    format: text
    text: "Hello {{ row.first_name }}, your plan is {{ row.plan }}."
  - name: note_b
    table: customers
    format: text
    text: "Dear {{ row.first_name }}: thanks for choosing {{ row.plan }}."
"""


@pytest.fixture(scope="module")
def chain_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three generations, each a pipeline over the last one's output (built once for the module)."""
    tmp_path = tmp_path_factory.mktemp("lineage")
    (tmp_path / "spec.yaml").write_text(SPEC)
    (tmp_path / "g1.yaml").write_text(
        "name: g1\nsources:\n  docs: {generate: {spec: spec.yaml, table: documents}, licence: Apache-2.0}\n"
        "provenance: sidecar\nsteps:\n  - cap: {column: template, max: 1000}\n"
    )
    Pipeline(tmp_path / "g1.yaml").run(tmp_path / "g1")
    # generation 2 narrows onto one template, generation 3 onto a few rows of it
    (tmp_path / "g2.yaml").write_text(
        "name: g2\nsources:\n  prev: {path: g1/data.parquet, licence: Apache-2.0}\n"
        "steps:\n  - balance: {column: template, distribution: {note_a: 0.9, note_b: 0.1}}\n"
    )
    Pipeline(tmp_path / "g2.yaml").run(tmp_path / "g2")
    (tmp_path / "g3.yaml").write_text(
        "name: g3\nsources:\n  prev: {path: g2/data.parquet, licence: Apache-2.0}\nsteps:\n  - cap: {column: format, max: 15}\n"
    )
    Pipeline(tmp_path / "g3.yaml").run(tmp_path / "g3")
    return tmp_path / "g3"


def test_lineage_chain_follows_parents_and_the_view_shows_the_narrowing(chain_dir: Path) -> None:
    g3 = chain_dir
    chain = lineage_chain(g3)
    assert [c["path"].name for c in chain] == ["g1", "g2", "g3"]
    assert [c["generation"] for c in chain] == [1, 2, 3]
    parent = json.loads((g3 / "manifest.json").read_text())["lineage"]["parents"][0]
    assert parent["dataset"] == "../g2" and parent["generation"] == 3  # the generation made from it
    rows = collapse_from_lineage(g3)
    g1_row, g2_row, g3_row = rows
    assert g1_row["rows"] == 160 and g1_row["template_top_share"] == 0.5
    assert abs(g1_row["template_effective"] - 2.0) < 1e-9
    assert g2_row["template_top"] == "note_a" and g2_row["template_top_share"] >= 0.85
    assert g2_row["template_effective"] < 1.5
    assert g3_row["rows"] == 15 and g3_row["template_effective"] <= g2_row["template_effective"] + 0.5


def test_collapse_metrics_against_real_and_bad_folders(chain_dir: Path, tmp_path: Path) -> None:
    g3 = chain_dir
    real = pl.read_parquet(g3.parent / "g1" / "data.parquet").select("template", "format")  # short: categorical only
    rows = collapse_from_lineage(g3, real=real, detection=False)  # the detection classifier: minutes here
    assert [r["generation"] for r in rows] == [1, 2, 3]
    assert rows[0]["quality"] > 0.99 and all(r["detection_auc"] is None for r in rows)
    assert rows[1]["quality"] < rows[0]["quality"]  # one template at 90 %: the marginal drifts from the real 50/50
    with pytest.raises(SourceError, match="manifest.json"):
        lineage_chain(tmp_path / "nowhere")
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "manifest.json").write_text("{}")
    with pytest.raises(SourceError, match="lineage"):
        lineage_chain(tmp_path / "bad")


def test_dominance_counts_repeated_rows() -> None:
    d = dominance(pl.DataFrame({"x": [1, 1, 1, 2], "scenario": ["a", "a", "a", "b"]}))
    assert d["repeated_row_share"] == 0.5 and d["top10_row_share"] == 1.0
    assert d["scenario_top"] == "a" and d["scenario_top_share"] == 0.75
