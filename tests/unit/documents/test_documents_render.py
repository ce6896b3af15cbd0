"""Rendering: spans exact by construction, variety deterministic, errors that name the template's file:line."""

from __future__ import annotations

import html
import json
import textwrap
from pathlib import Path

import pytest

from simulacra.documents import render_documents
from simulacra.errors import SpecError, SpecValidationError
from simulacra.generation.engine import Engine
from simulacra.spec import load_plan

SPEC = """
name: tiny
seed: 3
tables:
  customers:
    rows: 30
    primary_key: customer_id
    columns:
      customer_id: {generator: pattern, pattern: "C-{seq:04d}"}
      first_name: {generator: first_name, group: p}
      last_name: {generator: last_name, group: p}
      email: {generator: email, first_name: first_name, last_name: last_name}
      company: company
  orders:
    rows: {per: customers, count: {distribution: poisson, lam: 2, min: 1}}
    primary_key: order_id
    columns:
      order_id: {generator: pattern, pattern: "O-{seq:05d}"}
      customer_id: {generator: foreign_key, references: customers.customer_id}
      placed_at: {generator: datetime, start: 2024-01-01, end: 2024-12-31}
      amount: {generator: money, median: 40, sigma: 0.5, currency: EUR}
scenarios:
  - {name: angry, table: orders, rate: 0.3, labels: {is_angry: 1}}
documents:
"""

DOCS = {
    "text": """
  - name: note
    table: orders
    format: {fmt}
    tone: {{angry: cross}}
    noise: [{{scenario: angry, typo_rate: 0.5}}]
    text: |
      {{{{ phrase({{"Hello {{n}}": 2, "Dear {{n}}": 1}}, n=name(row.customer)) }}}} ({{{{ row.customer.company }}}}),
      order {{{{ row.order_id }}}} of {{{{ date(row.placed_at) }}}} came to {{{{ money(row.amount) }}}}.
      {{% if tone == "cross" %}}Please explain this delay immediately, without further excuses.{{% endif %}}
      Write to {{{{ row.customer.email }}}}.
""",
    "json": """
  - name: note
    table: orders
    format: json
    text: |
      {{"id": "{{{{ row.order_id }}}}", "who": "{{{{ name(row.customer) }}}}", "total": {{{{ row.amount }}}}, "at": "{{{{ date(row.placed_at, 'iso') }}}}"}}
""",
    "html": """
  - name: note
    table: orders
    format: html
    text: |
      <p>{{{{ name(row.customer) }}}} &middot; <b>{{{{ money(row.amount) }}}}</b> &middot; {{{{ row.customer.company }}}}</p>
""",
}


# a value that needs escaping in HTML (the generated companies rarely do)
ESCAPED = """
  - name: h
    table: orders
    format: html
    limit: 2
    text: |
      <p>{{ entity("O'Brien & Sons <Ltd>", "ORGANIZATION") }}</p>
"""


def _plan(fmt: str, tmp_path: Path, docs: str | None = None):  # type: ignore[no-untyped-def]
    text = SPEC + (
        docs
        if docs is not None
        else DOCS["json" if fmt == "json" else "html" if fmt == "html" else "text"].format(fmt=fmt)
    )
    f = tmp_path / "tiny.yaml"
    f.write_text(textwrap.dedent(text))
    return load_plan(f)


def _docs(plan, **kw):  # type: ignore[no-untyped-def]
    frames = Engine(plan, chunk_size=kw.pop("chunk_size", 100_000)).frames()
    return list(render_documents(plan, frames, **kw)), frames


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "html"])
def test_spans_are_exact(fmt: str, tmp_path: Path) -> None:
    docs, _ = _docs(_plan(fmt, tmp_path))
    assert len(docs) > 30
    labels = set()
    for d in docs:
        assert d.spans
        for s in d.spans:
            assert d.text[s.start : s.end] == s.text
            labels.add(s.label)
        if fmt == "json":
            obj = json.loads(d.text)
            assert obj["id"] == d.key["order_id"]
    want = {"PERSON", "ID", "DATE", "AMOUNT"} if fmt == "json" else {"PERSON", "AMOUNT", "ORGANIZATION"}
    assert want <= labels


def test_html_values_are_escaped_and_spans_cover_the_escaped_text(tmp_path: Path) -> None:
    docs, frames = _docs(_plan("html", tmp_path))
    companies = {r["customer_id"]: r["company"] for r in frames["customers"].to_dicts()}
    orgs = [s for d in docs for s in d.spans if s.label == "ORGANIZATION"]
    assert orgs
    assert any("&amp;" in s.text or "&#x27;" in s.text for s in orgs) or all("&" not in s.text for s in orgs)
    assert all("<" not in s.text for s in orgs)
    for s in orgs:
        assert s.text == html.escape(companies[s.source["key"]["customer_id"]], quote=True)
    # the generated companies rarely need escaping, so escape a value that does
    plan = _plan("html", tmp_path, docs=ESCAPED)
    docs, _ = _docs(plan)
    assert len(docs) == 2
    for d in docs:
        (s,) = d.spans
        assert s.text == "O&#x27;Brien &amp; Sons &lt;Ltd&gt;" == d.text[s.start : s.end]
        assert d.text == f"<p>{s.text}</p>\n"


def test_spans_carry_their_source_rows(tmp_path: Path) -> None:
    docs, frames = _docs(_plan("text", tmp_path))
    customers = {r["customer_id"]: r for r in frames["customers"].to_dicts()}
    orders = {r["order_id"]: r for r in frames["orders"].to_dicts()}
    for d in docs[:20]:
        order = orders[d.key["order_id"]]
        assert d.parents == {"customers": {"customer_id": order["customer_id"]}}
        person = next(s for s in d.spans if s.label == "PERSON")
        c = customers[person.source["key"]["customer_id"]]
        assert person.text == f"{c['first_name']} {c['last_name']}" and person.source["columns"] == [
            "first_name",
            "last_name",
        ]
        amount = next(s for s in d.spans if s.label == "AMOUNT")
        assert amount.fmt == "money:EUR" and amount.text.startswith("€")


def test_deterministic_and_independent_of_chunk_size(tmp_path: Path) -> None:
    plan = _plan("text", tmp_path)
    a, _ = _docs(plan)
    b, _ = _docs(plan, chunk_size=7)
    assert [(d.path, d.data, d.spans) for d in a] == [(d.path, d.data, d.spans) for d in b]
    c, _ = _docs(plan, seed=99)
    assert [d.data for d in a] != [d.data for d in c]


def test_variety_tone_and_noise(tmp_path: Path) -> None:
    docs, _ = _docs(_plan("text", tmp_path))
    angry = [d for d in docs if "angry" in d.scenarios]
    calm = [d for d in docs if "angry" not in d.scenarios]
    assert angry and calm
    assert {d.text.split(" ", 1)[0] for d in calm} == {"Hello", "Dear"}
    assert all(d.tone == "cross" and d.noise == 0.5 for d in angry)
    assert all(d.tone == "neutral" and d.noise == 0 and "without further excuses" not in d.text for d in calm)
    # typos change the template's words, never the inserted values (spans stay exact)
    assert sum("without further excuses" not in d.text for d in angry) > len(angry) / 2
    for d in angry:
        assert all(d.text[s.start : s.end] == s.text for s in d.spans)
        assert d.labels == {"is_angry": 1}


def test_misspelt_column_names_template_line_and_suggests(tmp_path: Path) -> None:
    tpl = tmp_path / "t.txt.j2"
    tpl.write_text("line one\n{{ row.order_id }}\n{{ row.customer.frist_name }}\n")
    plan = _plan("text", tmp_path, docs="\n  - {name: n, table: orders, format: text, template: t.txt.j2}\n")
    with pytest.raises(SpecError) as exc:
        _docs(plan)
    msg = str(exc.value)
    assert f"{tpl}:3" in msg and "frist_name" in msg and "did you mean 'first_name'" in msg and "document 'n'" in msg


def test_undefined_variable_is_an_error_with_line(tmp_path: Path) -> None:
    tpl = tmp_path / "t.txt.j2"
    tpl.write_text("ok\n\n{{ nothing_here }}\n")
    plan = _plan("text", tmp_path, docs="\n  - {name: n, table: orders, format: text, template: t.txt.j2}\n")
    with pytest.raises(SpecError, match=r"t\.txt\.j2:3: .*undefined: 'nothing_here' is undefined"):
        _docs(plan)


def test_invalid_json_output_is_reported(tmp_path: Path) -> None:
    plan = _plan(
        "json", tmp_path, docs='\n  - {name: j, table: orders, format: json, text: "{\\"a\\": {{ row.order_id }}}"}\n'
    )
    with pytest.raises(SpecError, match="did not render valid JSON"):
        _docs(plan)


def test_sandbox_blocks_python_internals(tmp_path: Path) -> None:
    plan = _plan(
        "text", tmp_path, docs="\n  - {name: s, table: orders, format: text, text: \"{{ ''.__class__.__mro__ }}\"}\n"
    )
    with pytest.raises(SpecError, match="SecurityError: access to attribute '__class__' of 'str' object is unsafe"):
        _docs(plan)


def test_spec_checks_documents(tmp_path: Path) -> None:
    bad = """
  - name: a
    table: order
    format: text
    text: "x"
  - name: b
    table: orders
    format: pdf
    template: missing.j2
    noise: [{typo_rate: 0.1}]
  - name: c
    table: orders
    format: text
    text: "{% if %}"
    children: {lines: customer}
    tone: {angri: cross}
  - name: d
    table: orders
    format: email
    text: hi
    email: {from: a, to: b, subject: c, date: placed}
"""
    with pytest.raises(SpecValidationError) as exc:
        _plan("text", tmp_path, docs=bad)
    msg = str(exc.value)
    assert "unknown table 'order' (did you mean 'orders'?)" in msg
    assert "missing.j2: not found" in msg
    assert "noise (typos) is for text, markdown and email" in msg
    assert "template syntax error" in msg and "tiny.yaml:" in msg
    assert "unknown table 'customer'" in msg
    assert "unknown scenario 'angri' (did you mean 'angry'?)" in msg
    assert "'date' names unknown column 'placed' (did you mean 'placed_at'?)" in msg


def test_spec_shape_errors(tmp_path: Path) -> None:
    with pytest.raises(SpecValidationError, match="exactly one of 'template'"):
        _plan("text", tmp_path, docs="\n  - {name: a, table: orders, format: text}\n")
    with pytest.raises(SpecValidationError, match="needs an 'email' block"):
        _plan("text", tmp_path, docs="\n  - {name: a, table: orders, format: email, text: x}\n")
    with pytest.raises(SpecValidationError, match="unknown field 'templat' \\(did you mean 'template'\\?\\)"):
        _plan("text", tmp_path, docs="\n  - {name: a, table: orders, format: text, templat: x}\n")
