"""Pipelines: planted data through every step (recall and precision of each removal), bad input located with
nothing written, same inputs and seed give the same bytes, provenance and the card."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from simulacra.curate import Pipeline, load_pipeline
from simulacra.curate.card import render_card
from simulacra.errors import SinkError, SpecError, SpecValidationError

SPEC = """
name: people
tables:
  people:
    rows: 10
    primary_key: id
    columns:
      id: sequence
      age: {generator: integer, low: 18, high: 90}
      income: {generator: integer, low: 1000, high: 200000}
      city: {generator: categorical, values: [Lyon, Paris, Nice, Lille, Brest]}
      job: {generator: categorical, values: [a, b, c, d, e, f, g, h]}
constraints:
  - {table: people, check: "age >= 18", name: adult}
"""


def _people(n: int, seed: int, start: int = 0) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    return pl.DataFrame(
        {
            "id": np.arange(start, start + n, dtype=np.int64),
            "age": rng.integers(18, 90, n),
            "income": rng.integers(1000, 200_000, n),
            "city": rng.choice(["Lyon", "Paris", "Nice", "Lille", "Brest"], n),
            "job": rng.choice(list("abcdefgh"), n),
        }
    )


@pytest.fixture
def planted(tmp_path: Path) -> dict[str, object]:
    """Synthetic rows with planted failures, each kind tagged, and the real rows they copy."""
    real = _people(1500, 0, start=100_000)
    fresh = _people(800, 1)
    copies = real.head(40).with_columns(pl.arange(900_000, 900_040).alias("id"))  # real rows verbatim (new ids)
    within = fresh.slice(0, 30).with_columns(
        pl.arange(910_000, 910_030).alias("id")
    )  # repeats of earlier synthetic rows
    breakers = _people(25, 2, start=920_000).with_columns(pl.lit(5, dtype=pl.Int64).alias("age"))  # break age >= 18
    synthetic = pl.concat([fresh, copies, within, breakers])
    kind = np.array(["fresh"] * 800 + ["copy"] * 40 + ["within"] * 30 + ["breaker"] * 25)
    # shuffled, except that each repeat comes after the row it repeats (the first of a group is the one kept)
    order = np.random.default_rng(9).permutation(synthetic.height)
    first = {int(i): pos for pos, i in enumerate(order) if i < 30}
    for pos, i in enumerate(order):
        if 840 <= i < 870 and pos < first[int(i) - 840]:
            j = first[int(i) - 840]
            order[pos], order[j] = order[j], order[pos]
            first[int(i) - 840] = pos
    synthetic, kind = synthetic[order.tolist()], kind[order]
    (tmp_path / "spec.yaml").write_text(SPEC)
    real.write_parquet(tmp_path / "real.parquet")
    synthetic.write_parquet(tmp_path / "synthetic.parquet")
    return {"real": real, "synthetic": synthetic, "kind": kind, "dir": tmp_path}


def _yaml(tmp: Path, extra: str = "", provenance: str = "sidecar", chunk: int = 200) -> Path:
    text = f"""name: planted
seed: 3
chunk_size: {chunk}
provenance: {provenance}
intended_use: tests
sources:
  synthetic: {{path: synthetic.parquet, licence: CC-BY-NC-4.0}}
  real: {{path: real.parquet, real: true}}
steps:
  - dedupe: {{columns: [age, income, city, job], threshold: 0.8, against: real}}
  - privacy: {{against: real, min_distance: 0.001, columns: [age, income, city, job]}}
  - validity: {{spec: spec.yaml}}
{extra}"""
    p = tmp / "p.yaml"
    p.write_text(text)
    return p


def test_planted_failures_are_removed_with_reasons(planted: dict[str, object]) -> None:
    tmp = planted["dir"]
    assert isinstance(tmp, Path)
    result = Pipeline(_yaml(tmp)).run(tmp / "out")
    kind = planted["kind"]
    synthetic = planted["synthetic"]
    assert isinstance(synthetic, pl.DataFrame) and isinstance(kind, np.ndarray)
    kept_ids = set(pl.read_parquet(tmp / "out" / "data.parquet").get_column("id").to_list())
    removed = np.array([i not in kept_ids for i in synthetic.get_column("id").to_list()])
    bad = kind != "fresh"
    recall = (removed & bad).sum() / bad.sum()
    precision = (removed & bad).sum() / removed.sum()
    assert recall == 1.0
    assert precision >= 0.97, precision
    f = {x["step"]: x for x in result.report["funnel"]}
    assert f["dedupe"]["removed"]["exact_reference"] == 40
    assert f["dedupe"]["removed"]["exact_duplicate"] == 30
    assert f["validity"]["removed"] == {"constraint: adult": 25}
    assert f["dedupe"]["in"] == synthetic.height and f["validity"]["out"] == result.rows == len(kept_ids)
    # examples of what matched real data carry no values
    ex = f["dedupe"]["examples"]["exact_reference"][0]
    assert "values" not in ex and ex["similarity"] == 1.0
    assert "values" in f["validity"]["examples"]["constraint: adult"][0]
    # manifest, card, licence warnings
    manifest = json.loads((tmp / "out" / "manifest.json").read_text())
    assert manifest["rows"] == result.rows and manifest["funnel"][0]["removed"]["exact_reference"] == 40
    card = (tmp / "out" / "card.md").read_text()
    assert "| 1. dedupe | 895 |" in card and "non-commercial" in card
    assert any("'real': licence unknown" in w for w in result.warnings)
    assert manifest["lineage"]["real_anchor"] == ["real"]


def test_same_inputs_and_seed_give_the_same_bytes(planted: dict[str, object]) -> None:
    tmp = planted["dir"]
    assert isinstance(tmp, Path)
    p = _yaml(
        tmp,
        "  - score: {name: det, detectability: {against: real, columns: [age, income, city, job]}}\n"
        "  - keep_best: {n: 300, by: score_det, order: asc}\n",
    )
    Pipeline(p).run(tmp / "a")
    Pipeline(p).run(tmp / "b")
    for name in ("data.parquet", "provenance.parquet", "manifest.json", "report.json", "card.md", "card.json"):
        assert (tmp / "a" / name).read_bytes() == (tmp / "b" / name).read_bytes(), name
    prov = pl.read_parquet(tmp / "a" / "provenance.parquet")
    data = pl.read_parquet(tmp / "a" / "data.parquet")
    assert prov.height == data.height == 300
    assert "score_det" not in data.columns and prov.get_column("score_det").is_between(0, 1).all()
    assert prov.get_column("prov_steps")[0] == "dedupe,privacy,validity,score,keep_best"
    # keep_best kept the 300 least detectable: every kept score <= every score it dropped is not checkable here,
    # but the kept rows are in input order and are the lowest of those scored
    assert prov.get_column("prov_row").is_sorted()


def test_chunk_size_does_not_change_the_rows_kept(planted: dict[str, object]) -> None:
    tmp = planted["dir"]
    assert isinstance(tmp, Path)
    a = Pipeline(_yaml(tmp, chunk=97, provenance="none")).run().frame
    b = Pipeline(_yaml(tmp, chunk=1000, provenance="none")).run().frame
    assert a is not None and b is not None and a.equals(b)


def test_a_tiny_memory_budget_spills_and_keeps_the_same_rows(planted: dict[str, object]) -> None:
    tmp = planted["dir"]
    assert isinstance(tmp, Path)
    a = Pipeline(_yaml(tmp, chunk=97, provenance="none")).run()
    text = (
        _yaml(tmp, chunk=97, provenance="none").read_text().replace("against: real}", "against: real, memory_mb: 0.02}")
    )
    (tmp / "p.yaml").write_text(text)
    b = Pipeline(tmp / "p.yaml").run()
    assert a.frame is not None and b.frame is not None and a.frame.equals(b.frame)
    notes = {f["step"]: f for f in b.report["funnel"]}["dedupe"]["notes"]
    assert notes["spilled_bytes"] > 0 and notes["state_bytes"] < 0.02 * 2**20 + 97 * 1000


def test_provenance_columns(planted: dict[str, object]) -> None:
    tmp = planted["dir"]
    assert isinstance(tmp, Path)
    out = Pipeline(_yaml(tmp, provenance="columns")).run().frame
    assert out is not None
    assert {"prov_row", "prov_method", "prov_source", "prov_hash", "prov_seed", "prov_version", "prov_steps"} <= set(
        out.columns
    )
    assert out.get_column("prov_source").cast(pl.String).unique().to_list() == ["synthetic"]
    assert out.get_column("prov_hash")[0] is not None  # the input file's hash


def test_composed_in_python_with_frames_and_balance_and_cap() -> None:
    rng = np.random.default_rng(0)
    frame = pl.DataFrame(
        {
            "customer": rng.integers(0, 50, 2000),
            "label": rng.choice(["a", "b", "c"], 2000, p=[0.7, 0.2, 0.1]),
            "x": rng.normal(size=2000),
        }
    )
    result = Pipeline(
        {
            "name": "py",
            "sources": {"s": {"frame": frame, "licence": "Apache-2.0"}},
            "chunk_size": 300,
            "steps": [
                {"cap": {"column": "customer", "max": 30}},
                {"balance": {"column": "label", "distribution": {"a": 0.5, "b": 0.5}, "n_rows": 200}},
            ],
        }
    ).run()
    out = result.frame
    assert out is not None and out.height == 200
    assert out.get_column("label").value_counts().sort("label").get_column("count").to_list() == [100, 100]
    assert out.get_column("customer").value_counts().get_column("count").max() <= 30  # type: ignore[operator]
    f = result.report["funnel"]
    assert f[1]["removed"]["label not in the distribution"] == (f[0]["out"] - 0) - (
        f[1]["out"] + f[1]["removed"].get("label over its share", 0)
    )


def test_custom_scorer_and_filter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "my_scorer.py").write_text("def score(frame):\n    return frame['x'].to_numpy() * 2\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    frame = pl.DataFrame({"x": np.arange(10, dtype=float)})
    result = Pipeline(
        {
            "sources": {"s": {"frame": frame}},
            "provenance": "columns",
            "steps": [
                {"score": {"name": "mine", "callable": "my_scorer:score"}},
                {"filter": {"score": "mine", "min": 10}},
            ],
        }
    ).run()
    assert result.frame is not None and result.frame.get_column("x").to_list() == [5.0, 6.0, 7.0, 8.0, 9.0]
    assert result.frame.get_column("score_mine").to_list() == [10.0, 12.0, 14.0, 16.0, 18.0]


def test_bad_pipelines_are_located_and_write_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: x\nsources:\n  a: {path: nothere.parquet}\n  b: {from: c, steps: [{dedupe: {}}]}\n"
        "  c: {from: b}\nsteps:\n  - dedup: {}\n  - privacy: {against: rea, min_distance: 0.1}\n"
    )
    with pytest.raises(SpecValidationError) as info:
        Pipeline(bad).run(tmp_path / "out")
    text = str(info.value)
    assert f"{bad}:7: unknown step 'dedup' (did you mean 'dedupe'?)" in text
    assert f"{bad}:8: source 'rea' is not declared" in text
    assert f"{bad}:5: sources depend on one another in a cycle: b -> c -> b" in text
    assert f"{bad}:3: source 'a': nothere.parquet not found" in text
    assert not (tmp_path / "out").exists()


def test_a_step_naming_a_missing_column_is_located_and_nothing_is_written(tmp_path: Path) -> None:
    pl.DataFrame({"x": [1, 2, 3]}).write_parquet(tmp_path / "s.parquet")
    p = tmp_path / "p.yaml"
    p.write_text(
        "sources:\n  s: {path: s.parquet}\nsteps:\n  - cap: {column: x, max: 1}\n  - cap: {column: nope, max: 1}\n"
    )
    with pytest.raises(SpecError, match=r"p\.yaml:5: step 'cap': column not found"):
        Pipeline(p).run(tmp_path / "out")
    assert {q.name for q in tmp_path.iterdir()} == {"s.parquet", "p.yaml"}  # no output, no temp folder left


def test_unknown_parameter_and_existing_output(tmp_path: Path) -> None:
    with pytest.raises(
        SpecValidationError, match="step 'dedupe' has no parameter 'treshold' \\(did you mean 'threshold'\\?\\)"
    ):
        load_pipeline({"sources": {"s": {"frame": pl.DataFrame({"x": [1]})}}, "steps": [{"dedupe": {"treshold": 0.8}}]})
    (tmp_path / "out").mkdir()
    with pytest.raises(SinkError, match="exists"):
        Pipeline({"sources": {"s": {"frame": pl.DataFrame({"x": [1]})}}}).run(tmp_path / "out")


def test_synthetic_of_synthetic_without_a_real_anchor_warns(tmp_path: Path) -> None:
    frame = pl.DataFrame({"x": list(range(20))})
    first = Pipeline({"name": "g1", "sources": {"s": {"frame": frame, "licence": "MIT"}}}).run(tmp_path / "g1")
    assert first.manifest["lineage"]["generation"] == 1
    second = Pipeline(
        {"name": "g2", "sources": {"s": {"path": str(tmp_path / "g1" / "data.parquet"), "licence": "MIT"}}}
    ).run(tmp_path / "g2")
    assert second.manifest["lineage"]["generation"] == 2
    assert any("no real source anchors this run" in w for w in second.warnings)


def test_a_model_fitted_on_synthetic_data_is_marked_and_its_samples_warn(tmp_path: Path) -> None:
    from simulacra.learning import fit

    rng = np.random.default_rng(0)
    frame = pl.DataFrame({"age": rng.integers(18, 90, 300), "city": rng.choice(["Lyon", "Nice"], 300)})
    gen1 = Pipeline({"name": "g1", "sources": {"s": {"frame": frame, "licence": "MIT"}}}).run(tmp_path / "g1")
    assert gen1.manifest["lineage"]["generation"] == 1
    fitted = fit(str(tmp_path / "g1" / "data.parquet"), output=tmp_path / "model", seed=1)
    assert any("fitted on synthetic data" in n for n in fitted.notes)
    result = Pipeline(
        {"name": "g2", "sources": {"m": {"sample": {"model": str(tmp_path / "model"), "n_rows": 50}, "licence": "MIT"}}}
    ).run()
    assert result.rows == 50 and result.manifest["lineage"]["generation"] == 2
    assert any("fitted on synthetic data" in w for w in result.warnings)
    assert any("no real source anchors this run" in w for w in result.warnings)
    from simulacra.learning import source_lineage

    assert source_lineage({"people": frame}) == {"synthetic": False, "generation": 1}
    assert source_lineage(str(tmp_path / "g1" / "data.parquet")) == {"synthetic": True, "generation": 2}


def test_text_pipeline_over_documents_against_a_real_corpus(tmp_path: Path) -> None:
    """Generated documents, text dedupe and shared n-grams against a de-identified corpus folder, text scores."""
    spec = tmp_path / "spec.yaml"
    spec.write_text("""
name: notes
tables:
  customers:
    rows: 60
    primary_key: customer_id
    columns:
      customer_id: sequence
      first_name: {generator: first_name, group: person}
      last_name: {generator: last_name, group: person}
      plan: {generator: categorical, values: [free, pro]}
documents:
  - name: note
    table: customers
    format: text
    text: |
      Hello {{ name(row) }}, {{ choose(["thanks for joining us on the plan you picked today and we hope it serves you well", "welcome aboard"]) }}.
""")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Dear client, thanks for joining us on the plan you picked today and we hope it serves you well."
    )
    (corpus / "b.txt").write_text("Something else entirely.")
    p = tmp_path / "p.yaml"
    p.write_text(f"""name: notes
sources:
  docs: {{generate: {{spec: {spec}, table: documents}}, licence: Apache-2.0}}
  real: {{text_folder: corpus, real: true, licence: proprietary}}
provenance: columns
steps:
  - privacy: {{against: real, text: text, ngram: 8}}
  - dedupe: {{text: text, threshold: 0.9}}
  - score: {{name: t, text: text}}
  - filter: {{score: t_quality, min: 0.5}}
""")
    result = Pipeline(p).run()
    out = result.frame
    assert out is not None
    f = {x["step"]: x for x in result.report["funnel"]}
    assert f["privacy"]["in"] == 60
    copied = f["privacy"]["removed"]["shares_ngram"]
    assert copied > 0 and all(
        "welcome aboard" in t for t in out["text"]
    )  # every long phrasing shared the corpus' words
    assert f["privacy"]["out"] == 60 - copied
    assert out["score_t_quality"].min() >= 0.5 and (out["prov_method"].cast(pl.String) == "rules").all()
    assert result.manifest["sources"][1]["files"] == 2
    # the template's version (a hash of its text) in each row's provenance, the manifest and the card
    version = result.manifest["sources"][0]["templates"]["note"]
    assert len(version) == 12 and (out["prov_template_version"].cast(pl.String) == version).all()
    assert (out["prov_template"].cast(pl.String) == "note").all()
    assert version in render_card(result.card)
    spec.write_text(spec.read_text().replace("Hello", "Hi"))
    again = Pipeline(p).run()
    assert again.manifest["sources"][0]["templates"]["note"] != version


def test_keep_best_keeps_the_top_n_in_input_order_and_holdout_is_evaluated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "abs_scorer.py").write_text(
        "import numpy as np\ndef score(frame):\n    return np.abs(frame['x'].to_numpy())\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    rng = np.random.default_rng(1)
    real = pl.DataFrame({"x": rng.normal(size=600), "c": rng.choice(["a", "b"], 600)})
    synthetic = pl.DataFrame({"x": rng.normal(size=500), "c": rng.choice(["a", "b"], 500)})
    result = Pipeline(
        {
            "name": "kb",
            "sources": {"s": {"frame": synthetic}, "h": {"frame": real, "real": True}},
            "holdout": "h",
            "chunk_size": 64,
            "provenance": "columns",
            "steps": [
                {"score": {"name": "abs", "callable": "abs_scorer:score"}},
                {"keep_best": {"n": 50, "by": "score_abs", "order": "asc"}},
            ],
        }
    ).run()
    out = result.frame
    assert out is not None and out.height == 50
    want = np.sort(np.argsort(np.abs(synthetic["x"].to_numpy()), kind="stable")[:50])
    assert out["prov_row"].to_list() == want.tolist()
    ev = result.report["evaluation"]
    assert ev["holdout"] == "h" and 0 <= ev["quality"] <= 1 and 0 <= ev["detection_auc"] <= 1
    assert result.card["evaluation"]["detection_auc"] == ev["detection_auc"]


def test_a_source_made_from_another_with_its_own_steps() -> None:
    frame = pl.DataFrame({"k": [1, 1, 1, 2, 2, 3], "v": ["a", "a", "b", "c", "d", "e"]})
    result = Pipeline(
        {
            "name": "derived",
            "sources": {
                "raw": {"frame": frame},
                "capped": {"from": "raw", "steps": [{"cap": {"column": "k", "max": 2}}]},
                "ref": {"frame": pl.DataFrame({"k": [3], "v": ["e"]}), "real": True},
            },
            "input": "capped",
            "steps": [{"dedupe": {"columns": ["k", "v"], "threshold": None, "against": "ref"}}],
        }
    ).run()
    out = result.frame
    assert out is not None
    assert out.rows() == [
        (1, "a"),
        (2, "c"),
        (2, "d"),
    ]  # cap kept (1,a),(1,a); dedupe dropped the repeat and the real (3,e)
    assert result.report["funnel"][0]["removed"] == {"exact_duplicate": 1, "exact_reference": 1}
    assert [p["name"] for p in result.manifest["lineage"]["parents"]] == ["capped", "raw", "ref"]


def test_text_folder_source_deidentified_as_it_is_read(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Please call John Smith on 555-201-4477 or write to john.smith@acme-mail.com today.")
    (corpus / "b.txt").write_text("The parcel arrived on time.")
    cfg = {
        "name": "deid",
        "sources": {
            "c": {"text_folder": str(corpus), "deid": {"seed": 3, "policy": {"ner": False}}, "licence": "internal"}
        },
    }  # patterns only: no model to load
    result = Pipeline(cfg).run()
    out = result.frame
    assert out is not None and out["path"].to_list() == ["a.txt", "b.txt"]
    assert result.manifest["sources"][0]["deidentified"]["seed"] == 3
    a = out["text"][0]
    assert "john.smith@acme-mail.com" not in a and "555-201-4477" not in a and a.startswith("Please call ")
    assert out["text"][1] == "The parcel arrived on time."
    with pytest.raises(SpecValidationError, match="deid is for a text_folder source"):
        load_pipeline({"sources": {"s": {"frame": pl.DataFrame({"x": [1]}), "deid": True}}})


def test_a_generate_source_streams_through_a_temp_folder_it_removes(tmp_path: Path) -> None:
    import tempfile

    (tmp_path / "spec.yaml").write_text(SPEC)
    before = {p.name for p in Path(tempfile.gettempdir()).glob("simulacra-pipeline-*")}
    cfg = {
        "name": "gen",
        "chunk_size": 7,
        "provenance": "columns",
        "sources": {"g": {"generate": {"spec": str(tmp_path / "spec.yaml"), "table": "people", "factor": 3}}},
        "steps": [{"validity": {}}, {"cap": {"column": "city", "max": 4}}],
    }
    a = Pipeline(cfg).run()
    b = Pipeline(cfg).run()
    assert a.frame is not None and b.frame is not None and a.frame.equals(b.frame)
    f = a.report["funnel"]
    assert f[0]["in"] == 30 and f[0]["out"] == 30 and f[0]["notes"]["constraints"] == ["adult"]  # 10 rows x factor 3
    assert a.frame.height == f[1]["out"] <= 20 and a.frame["prov_method"].cast(pl.String).unique().to_list() == [
        "rules"
    ]
    assert {p.name for p in Path(tempfile.gettempdir()).glob("simulacra-pipeline-*")} == before
