"""`simulacra validate` summarises failed documents (counts per field, first examples), never one line per value
(issue 12: 85,556 findings were printed line by line)."""

from __future__ import annotations

from pathlib import Path

from simulacra.cli.validate import EXAMPLES, summarise_documents
from simulacra.documents import DocumentsReport
from simulacra.documents._check import DocumentIssue


def _issue(k: int, field: str) -> DocumentIssue:
    return DocumentIssue(
        document=f"d{k}",
        path=f"emails/{k}.eml",
        template="order_email",
        field=field,
        label="AMOUNT",
        key={"order_id": k},
        expected="10.00",
        found="99.00",
        message=f"{field}: expected 10.00, found 99.00",
    )


def test_thousands_of_document_issues_become_one_located_summary() -> None:
    issues = [_issue(k, "orders.total" if k % 3 else "customers.name") for k in range(10_000)]
    report = DocumentsReport(source="out/shop.db.documents", documents={"order_email": 5000}, issues=issues)
    (p,) = summarise_documents(report)
    text = p.render()
    assert text.startswith("out/shop.db.documents: documents 'order_email': 10,000 values do not match")
    assert "orders.total 6,666" in text and "customers.name 3,334" in text
    assert text.count("expected 10.00") == EXAMPLES and "(and 9,997 more)" in text


def test_whole_number_categories_of_a_float_column_are_compared_by_value(tmp_path: Path) -> None:
    # a drafted price list {4.99, 149, 1299} on a float column: '149' != '149.0' as text failed every 149.0
    from simulacra.cli.main import main

    spec = tmp_path / "prices.yaml"
    spec.write_text(
        "name: prices\ntables:\n  items:\n    rows: 300\n    columns:\n"
        "      id: {generator: sequence}\n"
        "      price: {generator: categorical, values: {4.99: 0.4, 149: 0.3, 1299: 0.3}}\n"
    )
    out = tmp_path / "out"
    assert main(["generate", str(spec), "-o", str(out), "--format", "csv", "--seed", "1"]) == 0
    assert main(["validate", str(spec), str(out)]) == 0
    bad = (out / "items.csv").read_text().replace(",149.0\n", ",150.0\n", 1)
    (out / "items.csv").write_text(bad)
    assert main(["validate", str(spec), str(out)]) != 0


def test_a_draft_validates_against_the_export_it_was_drafted_from(tmp_path: Path) -> None:
    # ';'-separated exports with dd.mm.yyyy dates and 1.234,50 amounts, files named customer-list.csv:
    # validate read them with a ',' and failed to read at all ("found more fields than defined")
    import numpy as np

    from simulacra.cli.main import main

    rng = np.random.default_rng(4)
    folder = tmp_path / "export"
    folder.mkdir()
    lines = ["Customer ID;Joined;Segment"] + [
        f"C{i:04d};{1 + i % 28:02d}.0{1 + i % 9}.2022;{'ab'[i % 2]}" for i in range(200)
    ]
    (folder / "customer-list.csv").write_text("\n".join(lines) + "\n")
    rows = ["Order No;Customer ID;Qty;Unit price;Line total"]
    for k in range(900):
        q, p = int(rng.integers(1, 6)), float(rng.choice([4.99, 12.5, 1299.0]))
        rows.append(
            f"ORD-{k:05d};C{int(rng.integers(0, 200)):04d};{q};{p:.2f};{p * q:,.2f}".replace(",", "_")
            .replace(".", ",")
            .replace("_", ".")
        )
    (folder / "order-lines.csv").write_text("\n".join(rows) + "\n")
    draft = tmp_path / "draft.yaml"
    assert main(["inspect", str(folder), "-o", str(draft)]) == 0
    assert main(["validate", str(draft), str(folder)]) == 0
    broken = rows[:5] + [rows[5].rsplit(";", 1)[0] + ";1,00"] + rows[6:]  # a line total below its unit price
    (folder / "order-lines.csv").write_text("\n".join(broken) + "\n")
    assert main(["validate", str(draft), str(folder)]) != 0
