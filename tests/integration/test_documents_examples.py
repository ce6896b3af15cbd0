"""The examples' documents: written next to the dataset, exact spans, threads, scenarios, determinism, zip, table."""

from __future__ import annotations

import json
import re
import sqlite3
import zipfile
from email import message_from_bytes
from pathlib import Path

import pytest

from simulacra.documents import read_index
from simulacra.documents._check import _read_text, _Store
from simulacra.examples import example_path
from simulacra.pipeline import check_documents, generate, validate
from simulacra.spec import load_plan

SCALES = {"shop": 0.05, "support": 0.1, "bank": 0.05}


@pytest.fixture(scope="module")
def written(tmp_path_factory):  # type: ignore[no-untyped-def]
    out = {}
    for name, scale in SCALES.items():
        root = tmp_path_factory.mktemp(name)
        plan = load_plan(example_path(name))
        result = generate(plan, root / f"{name}.db", scale=scale, chunk_size=300)
        out[name] = (plan, root, result)
    return out


@pytest.mark.parametrize("name", list(SCALES))
def test_documents_validate_against_their_rows(written, name: str) -> None:  # type: ignore[no-untyped-def]
    plan, root, result = written[name]
    docs = root / f"{name}.db.documents"
    assert result.documents_path == str(docs) and (docs / "index.jsonl").exists()
    assert validate(plan, root / f"{name}.db")  # raises on any mismatch
    report = check_documents(plan, root / f"{name}.db")
    assert report is not None and report.ok
    assert sum(report.documents.values()) == sum(result.manifest["documents"]["count"].values()) > 0
    assert sum(report.values.values()) > 5 * sum(report.documents.values())


@pytest.mark.parametrize("name", list(SCALES))
def test_every_span_is_exact_in_the_written_files(written, name: str) -> None:  # type: ignore[no-untyped-def]
    plan, root, _ = written[name]
    docs = root / f"{name}.db.documents"
    store = _Store(docs)
    labels: set[str] = set()
    for entry in read_index(docs):
        assert entry["spans"], entry["id"]
        for s in entry["spans"]:
            assert entry["text"][s["start"] : s["end"]] == s["text"]
            labels.add(s["label"])
        if entry["format"] != "pdf":
            text, _ = _read_text(store, entry)
            assert text == entry["text"]  # so the spans hold in the file (the email's body) too
        assert entry["table"] in plan.tables and entry["key"]
    assert {"PERSON", "ID"} <= labels
    assert {"AMOUNT", "DATE"} <= labels or name == "support"


def test_shop_documents_agree_across_formats(written) -> None:  # type: ignore[no-untyped-def]
    _, root, _ = written["shop"]
    index = read_index(root / "shop.db.documents")
    by = {}
    for e in index:
        by.setdefault(e["key"]["order_id"], {})[e["template"]] = e
    both = [v for v in by.values() if {"order_confirmation", "invoice", "order_event"} <= set(v)]
    assert both
    for v in both:
        event = json.loads((root / "shop.db.documents" / v["order_event"]["path"]).read_text())
        totals = {s["text"] for s in v["invoice"]["spans"] if s.get("source", {}).get("columns") == ["total"]}
        assert totals == {f"${event['data']['total']:,.2f}"}
        assert event["data"]["order_id"] in v["order_confirmation"]["headers"]["Subject"]
    fraud = [e for e in index if "account_takeover_fraud" in e["scenarios"]]
    assert fraud
    assert all(e["labels"]["is_fraud"] == 1 for e in fraud)


def test_support_threads_reply_in_order_and_switch_language(written) -> None:  # type: ignore[no-untyped-def]
    _, root, _ = written["support"]
    docs = root / "support.db.documents"
    index = read_index(docs)
    threads: dict[str, list[dict]] = {}
    for e in index:
        threads.setdefault(e["path"].split("/")[1], []).append(e)
    assert any(len(msgs) > 1 for msgs in threads.values())  # replies are checked below
    for msgs in threads.values():
        msgs.sort(key=lambda e: e["path"])
        for prev, cur in zip(msgs, msgs[1:]):
            assert cur["headers"]["In-Reply-To"] == prev["headers"]["Message-ID"]
            assert cur["headers"]["Subject"].startswith("Re: ")
        raw = message_from_bytes((docs / msgs[-1]["path"]).read_bytes())
        assert raw["Message-ID"] == msgs[-1]["headers"]["Message-ID"]
    switched = [e for e in index if any(s.startswith("language_switch_") for s in e["scenarios"])]
    assert switched
    later = [e for e in switched if not e["path"].split("/")[-1].startswith("000-")]
    german = re.compile(r"\b(Hallo|Guten Tag|Sehr geehrte|Viele Grüße|Mit freundlichen|Danke)\b")
    french = re.compile(r"\b(Bonjour|Bonsoir|Madame|Cordialement|Merci|Bien à vous)\b")
    assert all(german.search(e["text"]) or french.search(e["text"]) for e in later)
    first = [e for e in index if e["path"].split("/")[-1].startswith("000-")]
    assert not any(german.search(e["text"]) for e in first)
    assert {e["tone"] for e in index} >= {"neutral", "angry"}


def test_bank_statements_are_monthly_with_their_transactions(written) -> None:  # type: ignore[no-untyped-def]
    _, root, _ = written["bank"]
    index = read_index(root / "bank.db.documents")
    assert {e["format"] for e in index} == {"pdf"}
    assert all(re.fullmatch(r"statements/\d+/2024-\d\d\.pdf", e["path"]) for e in index)
    assert all(e["children"]["transactions"] for e in index)
    assert (root / "bank.db.documents" / index[0]["path"]).read_bytes().startswith(b"%PDF")


def test_documents_are_deterministic_and_chunk_independent(tmp_path: Path) -> None:
    plan = load_plan(example_path("shop"))
    a = generate(plan, tmp_path / "a.db", scale=0.02, chunk_size=17, seed=5)
    b = generate(plan, tmp_path / "b.db", scale=0.02, chunk_size=100_000, seed=5)
    ia, ib = (Path(r.documents_path) for r in (a, b))
    assert (ia / "index.jsonl").read_bytes() == (ib / "index.jsonl").read_bytes()
    entries = read_index(ia)
    assert entries
    for e in entries:
        assert (ia / e["path"]).read_bytes() == (ib / e["path"]).read_bytes(), e["path"]


def test_zip_output_and_documents_table(tmp_path: Path) -> None:
    plan = load_plan(example_path("bank"))
    result = generate(plan, tmp_path / "bank.db", scale=0.02, documents=tmp_path / "docs.zip", documents_table=True)
    with zipfile.ZipFile(tmp_path / "docs.zip") as z:
        names = z.namelist()
    n = result.manifest["documents"]["count"]["statement"]
    assert "index.jsonl" in names and "manifest.json" in names and len([x for x in names if x.endswith(".pdf")]) == n
    assert not (tmp_path / "bank.db.documents").exists()
    with sqlite3.connect(tmp_path / "bank.db") as con:
        rows = con.execute("SELECT count(*), min(format), min(length(text)) FROM documents").fetchone()
    assert rows[0] == n and rows[1] == "pdf" and rows[2] > 100
    assert validate(plan, tmp_path / "bank.db", documents=tmp_path / "docs.zip")


def test_in_memory_and_opt_out(tmp_path: Path) -> None:
    plan = load_plan(example_path("support"))
    mem = generate(plan, scale=0.02, documents=True)
    assert (
        mem.documents
        and mem.documents_path is None
        and mem.manifest["documents"]["count"]["ticket_thread"] == len(mem.documents)
    )
    assert generate(plan, scale=0.02).documents == []
    out = generate(plan, tmp_path / "s.db", scale=0.02, documents=False)
    assert out.documents_path is None and not (tmp_path / "s.db.documents").exists() and "documents" not in out.manifest
