"""Consistency is checked, not hoped for: break a document (or its row) on purpose and validate fails, saying where."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import polars as pl
import pytest

from simulacra.cli.main import main
from simulacra.documents import read_index, render_documents
from simulacra.errors import DataValidationError
from simulacra.examples import example_path
from simulacra.io import read_dataset
from simulacra.pipeline import check_documents, generate, validate
from simulacra.spec import load_plan


@pytest.fixture(scope="module")
def shop(tmp_path_factory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("shop")
    plan = load_plan(example_path("shop"))
    generate(plan, root / "shop.db", scale=0.03)
    return plan, root


@pytest.fixture
def copy(shop, tmp_path: Path):  # type: ignore[no-untyped-def]
    plan, root = shop
    shutil.copy(root / "shop.db", tmp_path / "shop.db")
    shutil.copytree(root / "shop.db.documents", tmp_path / "shop.db.documents")
    return plan, tmp_path


def _entry(root: Path, template: str) -> dict:
    return next(
        e
        for e in read_index(root / "shop.db.documents")
        if e["template"] == template and len(e["children"]["items"]) > 1
    )


def test_intact_documents_pass(copy) -> None:  # type: ignore[no-untyped-def]
    plan, root = copy
    assert validate(plan, root / "shop.db")
    assert main(["validate", str(example_path("shop")), str(root / "shop.db")]) == 0


def test_an_amount_edited_in_an_email_is_reported(copy, capsys) -> None:  # type: ignore[no-untyped-def]
    plan, root = copy
    e = _entry(root, "order_confirmation")
    total = next(s for s in e["spans"] if s.get("source", {}).get("columns") == ["total"])
    path = root / "shop.db.documents" / e["path"]
    raw = path.read_bytes().decode("utf-8")
    assert raw.count(total["text"]) >= 1
    # an edit earlier in the file that changes lengths must not confuse the check of later values
    edited = raw.replace("\n\n", "\n\n\n", 1).replace(f": {total['text']}\n", ": $1,000,000.00\n")
    path.write_bytes(edited.encode("utf-8"))
    with pytest.raises(DataValidationError) as exc:
        validate(plan, root / "shop.db")
    report = check_documents(plan, root / "shop.db")
    assert len(report.issues) == 1
    issue = report.issues[0]
    assert issue.document == e["id"] and issue.field == "orders.total"
    assert issue.expected == total["text"] and issue.found == "$1,000,000.00"
    msg = str(exc.value)
    assert e["path"] in msg and "orders.total" in msg and total["text"] in msg and "$1,000,000.00" in msg
    assert main(["validate", str(example_path("shop")), str(root / "shop.db")]) == 4
    assert "do not match their rows" in capsys.readouterr().out


def test_a_pdf_regenerated_with_a_wrong_total_is_reported(copy) -> None:  # type: ignore[no-untyped-def]
    plan, root = copy
    e = _entry(root, "invoice")
    order_id = e["key"]["order_id"]
    frames = read_dataset(str(root / "shop.db"))
    wrong = dict(frames)
    wrong["orders"] = frames["orders"].with_columns(
        pl.when(pl.col("order_id") == order_id).then(pl.col("total") + 100).otherwise(pl.col("total")).alias("total")
    )
    doc = next(d for d in render_documents(plan, wrong, only=["invoice"]) if d.key["order_id"] == order_id)
    (root / "shop.db.documents" / e["path"]).write_bytes(doc.data)
    report = check_documents(plan, root / "shop.db")
    assert [(i.document, i.field) for i in report.issues] == [(e["id"], "orders.total")]
    right = frames["orders"].filter(pl.col("order_id") == order_id)["total"][0]
    assert report.issues[0].expected == f"${right:,.2f}" and report.issues[0].found == f"${right + 100:,.2f}"


def test_a_row_changed_in_the_database_is_reported(copy) -> None:  # type: ignore[no-untyped-def]
    plan, root = copy
    e = _entry(root, "order_event")
    cid = e["parents"]["customers"]["customer_id"]
    with sqlite3.connect(root / "shop.db") as con:
        con.execute("UPDATE customers SET email = 'someone.else@example.org' WHERE customer_id = ?", (cid,))
    report = check_documents(plan, root / "shop.db")
    fields = {i.field for i in report.issues}
    assert fields == {"customers.email"}
    assert all(i.expected == "someone.else@example.org" for i in report.issues)
    assert any(i.document == e["id"] for i in report.issues)


def test_a_missing_file_is_reported(copy) -> None:  # type: ignore[no-untyped-def]
    plan, root = copy
    e = _entry(root, "order_event")
    (root / "shop.db.documents" / e["path"]).unlink()
    report = check_documents(plan, root / "shop.db")
    assert len(report.issues) == 1 and re.search(r"file .* is missing", report.issues[0].message)
