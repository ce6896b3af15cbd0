"""Exports: extraction answers occur in their text (every pair), no entity straddles splits, QA answers are what
the SQL gives, CoNLL tags rebuild the spans, the real holdout stays apart."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polars as pl
import pytest

from simulacra.curate.export import export, qa_examples
from simulacra.errors import SinkError, SpecError
from simulacra.pipeline import generate

SPEC = """
name: mini
tables:
  customers:
    rows: 40
    primary_key: customer_id
    columns:
      customer_id: sequence
      first_name: {generator: first_name, group: person}
      last_name: {generator: last_name, group: person}
      email: {generator: email, first_name: first_name, last_name: last_name}
  orders:
    rows: {per: customers, count: {distribution: poisson, mean: 3}}
    primary_key: order_id
    columns:
      order_id: {generator: pattern, pattern: "ORD-{seq:05d}"}
      customer_id: {generator: foreign_key, references: customers.customer_id}
      status: {generator: constant, value: paid}
      is_refund: {generator: constant, value: 0}
      total: {generator: money, distribution: lognormal, median: 80, sigma: 0.5, currency: USD}
scenarios:
  - {name: refund, table: orders, rate: 0.2, labels: {is_refund: 1}, columns: {status: {generator: constant, value: refunded}}}
documents:
  - name: note
    table: orders
    format: text
    text: |
      Dear {{ name(row.customer) }}, your order {{ row.order_id }} of {{ money(row.total) }} is {{ row.status }}.
      We will write to {{ row.customer.email }}.
"""


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("mini")
    (d / "spec.yaml").write_text(SPEC)
    generate(d / "spec.yaml", d / "mini.db", seed=4)
    return d / "mini.db"


def _read(folder: Path, name: str) -> list[dict]:
    return [json.loads(x) for x in (folder / f"{name}.jsonl").read_text().splitlines()]


def test_extraction_answers_occur_in_the_text_for_all_pairs(dataset: Path, tmp_path: Path) -> None:
    r = export(dataset, tmp_path / "ex", task="extraction", group_by="customers", seed=1)
    rows = [x for s in ("train", "validation", "test") for x in _read(tmp_path / "ex", s)]
    assert len(rows) == sum(r.manifest["examples"].values()) > 50
    for x in rows:
        answer = json.loads(x["output"])
        assert {"customers.email", "orders.order_id"} <= set(answer)
        for v in answer.values():
            for value in v if isinstance(v, list) else [v]:
                assert value in x["input"], (x["id"], value)


def test_no_entity_straddles_splits_and_split_is_stable(dataset: Path, tmp_path: Path) -> None:
    r = export(dataset, tmp_path / "a", task="classification", group_by="customers", seed=2, format="chat")
    seen: dict[str, str] = {}
    for s in ("train", "validation", "test"):
        for x in _read(tmp_path / "a", s):
            assert seen.setdefault(x["group"], s) == s
            assert x["messages"][2]["content"] in ("none", "refund")
    from simulacra.io import read_dataset

    customers_with_orders = read_dataset(str(dataset))["orders"]["customer_id"].n_unique()
    assert len(seen) == customers_with_orders and r.manifest["checks"]["groups_in_one_split"]
    assert all(g.startswith("customers:customer_id=") for g in seen)
    export(dataset, tmp_path / "b", task="classification", group_by="customers", seed=2, format="chat")
    for s in ("train", "validation", "test"):
        assert (tmp_path / "a" / f"{s}.jsonl").read_bytes() == (tmp_path / "b" / f"{s}.jsonl").read_bytes()


def test_entities_conll_rebuilds_every_span(dataset: Path, tmp_path: Path) -> None:
    export(dataset, tmp_path / "j", task="entities", seed=0)
    export(dataset, tmp_path / "c", task="entities", format="conll", seed=0)
    docs = {x["id"]: x for s in ("train", "validation", "test") for x in _read(tmp_path / "j", s)}
    blocks = [
        b
        for s in ("train", "validation", "test")
        for b in (tmp_path / "c" / f"{s}.conll").read_text().split("\n\n")
        if b.strip()
    ]
    assert len(blocks) == len(docs)
    for b in blocks:
        lines = b.strip().split("\n")
        doc = docs[lines[0].removeprefix("# id = ")]
        ents, cur = [], None
        for line in lines[1:]:
            tok, tag = line.split("\t")
            if tag.startswith("B-"):
                cur = [tag[2:], [tok]]
                ents.append(cur)
            elif tag.startswith("I-") and cur is not None:
                cur[1].append(tok)
            else:
                cur = None
        want = [(e["label"], re.findall(r"\w+|[^\w\s]", e["text"])) for e in doc["entities"]]
        assert [(lab, toks) for lab, toks in ents] == want


def test_qa_answers_are_what_the_sql_gives(dataset: Path, tmp_path: Path) -> None:
    from simulacra.io import read_dataset

    frames = read_dataset(str(dataset))
    qa = qa_examples(frames)
    orders = frames["orders"]
    by_q = {q["input"]: q for q in qa}
    assert by_q["How many rows does the orders table have?"]["answer"] == str(orders.height)
    assert by_q["How many orders rows have status equal to 'refunded'?"]["answer"] == str(
        (orders["status"] == "refunded").sum()
    )
    assert by_q["What is the largest total in the orders table?"]["answer"] == f"{float(orders['total'].max()):.2f}"
    cid = orders["customer_id"][0]
    q = by_q[f"How many orders rows belong to the customers row with customer_id {cid}?"]
    assert q["answer"] == str((orders["customer_id"] == cid).sum()) and q["group"] == f"customers:customer_id={cid}"
    r = export(dataset, tmp_path / "qa", task="qa", format="parquet")
    total = sum(pl.read_parquet(tmp_path / "qa" / f"{s}.parquet").height for s in ("train", "validation", "test"))
    assert total == len(qa) == sum(r.manifest["examples"].values())


def test_real_holdout_is_kept_apart(dataset: Path, tmp_path: Path) -> None:
    export(dataset, tmp_path / "first", task="classification", seed=0)
    some = _read(tmp_path / "first", "train")[:5]
    real = tmp_path / "real.jsonl"
    real.write_text(
        "".join(
            json.dumps({"id": f"real{i}", "input": x["input"], "output": x["output"]}) + "\n"
            for i, x in enumerate(some)
        )
    )
    r = export(dataset, tmp_path / "h", task="classification", seed=0, holdout=real)
    assert (
        r.manifest["holdout"]["examples"] == 5 and r.manifest["holdout"]["synthetic_dropped_as_equal_to_holdout"] >= 5
    )
    inputs = {x["input"] for s in ("train", "validation", "test") for x in _read(tmp_path / "h", s)}
    assert not inputs & {x["input"] for x in some}
    assert len(_read(tmp_path / "h", "holdout")) == 5


def test_bad_export_arguments(dataset: Path, tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="did you mean 'extraction'"):
        export(dataset, tmp_path / "x", task="extract")
    with pytest.raises(SpecError, match="conll is for --task entities"):
        export(dataset, tmp_path / "x", task="qa", format="conll")
    with pytest.raises(SpecError, match="split"):
        export(dataset, tmp_path / "x", task="qa", split=(0.5, 0.5, 0.5))
    (tmp_path / "x").mkdir()
    with pytest.raises(SinkError, match="exists"):
        export(dataset, tmp_path / "x", task="qa")


def test_entities_as_a_spacy_docbin(dataset: Path, tmp_path: Path) -> None:
    import spacy
    from spacy.tokens import DocBin

    export(dataset, tmp_path / "j", task="entities", seed=0)
    export(dataset, tmp_path / "d", task="entities", format="docbin", seed=0)
    want = _read(tmp_path / "j", "train")
    docs = list(DocBin().from_disk(tmp_path / "d" / "train.spacy").get_docs(spacy.blank("xx").vocab))
    assert len(docs) == len(want) > 0
    for doc, x in zip(docs, want, strict=True):
        assert doc.text == x["input"]
        assert [(e.label_, e.text) for e in doc.ents] == [(e["label"], e["text"]) for e in x["entities"]]
