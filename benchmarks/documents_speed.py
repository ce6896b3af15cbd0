"""Documents on one core: 10,000 text documents and 1,000 PDF invoices, with a naive baseline in the same run.

    .venv/bin/python benchmarks/documents_speed.py                  # 10,000 text documents, 1,000 PDFs
    .venv/bin/python benchmarks/documents_speed.py --text 2000 --pdf 200

The rows come from the shop example (generated first, not timed). Timed: rendering
and writing the files plus ``index.jsonl`` with every entity span (simulacra:
sandboxed Jinja2, variety helpers, tracked spans, atomic folder). Baselines, in the
same run over the same rows: a plain Jinja2 loop filling one fixed-wording template
(no variety, no spans, no index) for text, and a plain reportlab canvas invoice (no
tables layout, no fonts for non-Latin names) for PDFs. distinct-1/2/3 (unique
n-grams / all n-grams over the corpus) show the variety each side produces.
Goals: 10,000 text documents in <= 10 s, 1,000 PDF invoices in <= 30 s.
"""

from __future__ import annotations

import os

if __name__ == "__main__":
    for _var in (
        "OMP_NUM_THREADS",
        "POLARS_MAX_THREADS",
        "OPENBLAS_NUM_THREADS",
        "MKL_NUM_THREADS",
        "RAYON_NUM_THREADS",
    ):
        os.environ[_var] = "1"

import argparse  # noqa: E402
import io  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

TEXT_GOAL_S = 10.0
PDF_GOAL_S = 30.0
_WORD = re.compile(r"\w+")

BASELINE_TEXT = """Dear {{ c.first_name }},

Thank you for your order {{ o.order_id }} from {{ o.order_date }}.

Order summary:
{% for it in items %}
  {{ it.quantity }} x {{ it.name }} ({{ it.sku }}) at ${{ "%.2f" % it.unit_price }}: ${{ "%.2f" % it.line_total }}
{% endfor %}

Total: ${{ "%.2f" % o.total }}

Best regards,
Simulacra Shop
"""


_DIGITS = re.compile(r"\S*\d\S*")


def wording(text: str) -> str:
    """The text with every token holding a digit (IDs, amounts, dates, quantities) masked: what the template wrote."""
    return _DIGITS.sub("#", text)


def distinct_n(texts: list[str], n: int, *, count: bool = False) -> float:
    grams: set[tuple[str, ...]] = set()
    total = 0
    for t in texts:
        words = _WORD.findall(t.lower().replace("#", " num "))
        for i in range(len(words) - n + 1):
            grams.add(tuple(words[i : i + n]))
            total += 1
    if count:
        return float(len(grams))
    return len(grams) / total if total else 0.0


def shop_plan(text_docs: int, pdf_docs: int) -> Any:
    from simulacra.examples import example_path
    from simulacra.spec import load_plan
    from simulacra.spec.yaml_lines import load_yaml

    data, _ = load_yaml(example_path("shop").read_text())
    items = {"items": {"table": "order_items", "order_by": "item_id"}}
    data["documents"] = [
        {
            "name": "confirmation",
            "table": "orders",
            "format": "text",
            "template": "example:shop/order_confirmation.txt.j2",
            "children": items,
            "limit": text_docs,
        },
        {
            "name": "invoice",
            "table": "orders",
            "format": "pdf",
            "template": "example:shop/invoice.pdf.j2",
            "children": items,
            "limit": pdf_docs,
        },
    ]
    return load_plan(data)


def run_simulacra(plan: Any, frames: dict[str, Any], name: str, out: Path) -> tuple[float, list[str], int]:
    from simulacra.documents import render_documents, write_documents

    texts: list[str] = []
    spans = 0

    def docs():  # type: ignore[no-untyped-def]
        nonlocal spans
        for d in render_documents(plan, frames, only=[name]):
            texts.append(d.text)
            spans += len(d.spans)
            yield d

    t0 = time.perf_counter()
    write_documents(docs(), out)
    return time.perf_counter() - t0, texts, spans


def baseline_rows(frames: dict[str, Any], n: int) -> list[tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]]:
    customers = {r["customer_id"]: r for r in frames["customers"].to_dicts()}
    products = {r["product_id"]: r for r in frames["products"].to_dicts()}
    items: dict[str, list[dict[str, Any]]] = {}
    for it in frames["order_items"].to_dicts():
        p = products[it["product_id"]]
        items.setdefault(it["order_id"], []).append({**it, "name": p["name"], "sku": p["sku"]})
    orders = frames["orders"].to_dicts()[:n]
    return [(o, customers[o["customer_id"]], items.get(o["order_id"], [])) for o in orders]


def run_text_baseline(rows: list[Any], out: Path) -> tuple[float, list[str]]:
    import jinja2

    out.mkdir()
    t0 = time.perf_counter()
    tpl = jinja2.Environment(trim_blocks=True, lstrip_blocks=True).from_string(BASELINE_TEXT)
    texts = []
    for o, c, items in rows:
        text = tpl.render(o=o, c=c, items=items)
        (out / f"{o['order_id']}.txt").write_text(text, encoding="utf-8")
        texts.append(text)
    return time.perf_counter() - t0, texts


def run_pdf_baseline(rows: list[Any], out: Path) -> float:
    from reportlab.lib.pagesizes import LETTER
    from reportlab.pdfgen import canvas

    out.mkdir()
    t0 = time.perf_counter()
    for o, c, items in rows:
        buf = io.BytesIO()
        cv = canvas.Canvas(buf, pagesize=LETTER)
        cv.setFont("Helvetica-Bold", 16)
        cv.drawString(50, 740, f"Invoice {o['order_id']}")
        cv.setFont("Helvetica", 10)
        cv.drawString(50, 715, f"{c['first_name']} {c['last_name']}  {c['email']}")
        y = 680
        for it in items:
            cv.drawString(50, y, f"{it['quantity']} x {it['name']} ({it['sku']})")
            cv.drawRightString(560, y, f"${it['line_total']:.2f}")
            y -= 14
        cv.drawRightString(560, y - 10, f"Total ${o['total']:.2f}")
        cv.save()
        (out / f"{o['order_id']}.pdf").write_bytes(buf.getvalue())
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--text", type=int, default=10_000, help="text documents (order confirmations)")
    ap.add_argument("--pdf", type=int, default=1_000, help="PDF invoices")
    ap.add_argument("--no-pin", action="store_true", help="do not pin the process to one CPU")
    args = ap.parse_args()
    if not args.no_pin and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    from simulacra.pipeline import generate

    plan = shop_plan(args.text, args.pdf)
    scale = max(args.text, args.pdf) / 6000 * 1.15  # the shop makes ~6,000 orders at scale 1
    t0 = time.perf_counter()
    frames = generate(plan, scale=scale, seed=42).frames
    print(
        f"shop rows generated in {time.perf_counter() - t0:.1f} s (not timed below): {frames['orders'].height:,} orders"
    )
    # warm-up: fonts, template compilation, locale data
    tmp = Path(tempfile.mkdtemp(prefix="simulacra-docs-bench-"))
    try:
        warm = shop_plan(20, 5)
        run_simulacra(warm, frames, "confirmation", tmp / "warm-text")
        run_simulacra(warm, frames, "invoice", tmp / "warm-pdf")
        rows = baseline_rows(frames, max(args.text, args.pdf))

        s_time, s_texts, s_spans = run_simulacra(plan, frames, "confirmation", tmp / "text")
        b_time, b_texts = run_text_baseline(rows[: args.text], tmp / "text-baseline")
        p_time, _, p_spans = run_simulacra(plan, frames, "invoice", tmp / "pdf")
        bp_time = run_pdf_baseline(rows[: args.pdf], tmp / "pdf-baseline")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    n_text, n_pdf = len(s_texts), args.pdf
    print()
    print(f"{'':<44}{'documents':>10}{'seconds':>10}{'docs/s':>10}")
    print(f"{'simulacra text (variety + spans + index)':<44}{n_text:>10,}{s_time:>10.2f}{n_text / s_time:>10,.0f}")
    print(
        f"{'baseline: plain Jinja2 loop, fixed wording':<44}{len(b_texts):>10,}{b_time:>10.2f}{len(b_texts) / b_time:>10,.0f}"
    )
    print(f"{'simulacra PDF invoices (layout + spans)':<44}{n_pdf:>10,}{p_time:>10.2f}{n_pdf / p_time:>10,.0f}")
    print(f"{'baseline: plain reportlab canvas':<44}{n_pdf:>10,}{bp_time:>10.2f}{n_pdf / bp_time:>10,.0f}")
    print()
    print(
        f"text: simulacra takes {s_time / b_time:.2f}x the baseline's time; {s_spans:,} entity spans "
        f"({s_spans / n_text:.1f} per document)"
    )
    print(f"PDF:  simulacra takes {p_time / bp_time:.2f}x the baseline's time; {p_spans:,} entity spans")
    print()
    print(f"{'distinct-n (unique / all n-grams)':<44}{'n=1':>8}{'n=2':>8}{'n=3':>8}{'3-grams':>10}{'texts':>8}")
    for label, texts in (
        ("simulacra text", s_texts),
        ("baseline text", b_texts),
        ("simulacra wording (digit tokens masked)", [wording(t) for t in s_texts]),
        ("baseline wording (digit tokens masked)", [wording(t) for t in b_texts]),
    ):
        uniq = len(set(texts))
        print(
            f"{label:<44}"
            + "".join(f"{distinct_n(texts, n):>8.4f}" for n in (1, 2, 3))
            + f"{distinct_n(texts, 3, count=True):>10,.0f}{uniq:>8,}"
        )
    print(
        "(texts: distinct documents; wording rows mask IDs, amounts, dates and quantities, so what remains is the\n"
        " template's phrasing plus names and product words, the same rows on both sides)"
    )
    ok_t = s_time <= TEXT_GOAL_S * n_text / 10_000
    ok_p = p_time <= PDF_GOAL_S * n_pdf / 1_000
    print()
    print(
        f"goal text: {TEXT_GOAL_S:.0f} s per 10,000 -> {'met' if ok_t else 'MISSED'}; "
        f"goal PDF: {PDF_GOAL_S:.0f} s per 1,000 -> {'met' if ok_p else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
