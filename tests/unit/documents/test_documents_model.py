"""Document bodies written by a language-model backend (``model:``), played by the scripted local
OpenAI-compatible server (a stand-in for a model: it runs no model, it answers as each test scripts).
The offline path is tested for real."""

from __future__ import annotations

import email
import email.policy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from tests.unit.scripted_llm import ScriptedServer

from simulacra.cli.main import main
from simulacra.documents import Span, read_index
from simulacra.documents._backend import PROMPT_VERSION, find_spans
from simulacra.errors import GenerationError, SpecValidationError
from simulacra.llm import BackendConfig, ChatClient
from simulacra.pipeline import generate

SPEC = """\
name: letters
seed: 5
tables:
  customers:
    rows: {rows}
    primary_key: customer_id
    columns:
      customer_id: {{generator: pattern, pattern: "C-{{seq:04d}}"}}
      first_name: {{generator: first_name, group: p}}
      last_name: {{generator: last_name, group: p}}
      email: {{generator: email, first_name: first_name, last_name: last_name}}
      city: city
      joined: {{generator: datetime, start: 2024-01-01, end: 2024-12-31}}
documents:
  - name: letter
    table: customers
    format: {fmt}
{email}    text: |
      Customer {{{{ row.first_name }}}} {{{{ row.last_name }}}} ({{{{ row.customer_id }}}}) of {{{{ row.city }}}} wrote in.
{model}"""

MODEL = """\
    model:
      instructions: "Rewrite this as the customer's own complaint, in the first person."
      retries: {retries}
      strict: {strict}
"""
EMAIL = """\
    email:
      from: "{{ row.first_name }} {{ row.last_name }} <{{ row.email }}>"
      to: "support@example.com"
      subject: "About my account {{ row.customer_id }}"
      date: joined
"""


def spec_file(
    tmp_path: Path, *, rows: int = 9, fmt: str = "text", model: bool = True, retries: int = 1, strict: bool = False
) -> Path:
    p = tmp_path / "letters.yaml"
    text = SPEC.format(
        rows=rows,
        fmt=fmt,
        email=EMAIL if fmt == "email" else "",
        model=MODEL.format(retries=retries, strict=str(strict).lower()) if model else "",
    )
    p.write_text(text, encoding="utf-8")
    return p


def required(body: dict[str, Any]) -> list[str]:
    user = body["messages"][-1]["content"]
    return user.split("The document must contain, verbatim: ", 1)[1].split("; ")


def good(body: dict[str, Any]) -> str:
    """An answer that keeps every value, repeats the first one, and varies with the seed."""
    vals = required(body)
    return f"I am {vals[0]}. Writing about " + ", ".join(vals) + f". Again: {vals[0]}. (ref {body['seed']})"


def play(server: ScriptedServer, reply: Any, n: int = 300) -> None:
    server.script.play(*({"reply": reply} for _ in range(n)))


def client(server: ScriptedServer, cache: Path | None = None) -> ChatClient:
    return ChatClient(
        BackendConfig(url=server.url, model="scripted-1", cache_dir=cache, timeout_s=5.0), sleep=lambda s: None
    )


def span(text: str, start: int, label: str = "PERSON") -> Span:
    return Span(start, start + len(text), label, text, {"table": "t", "column": "c"}, "str")


def test_find_spans_finds_every_whole_occurrence_longest_first() -> None:
    draft = [span("Ann Lee", 0), span("Ann", 20, "FIRST_NAME"), span("Leeds", 40, "CITY")]
    text = "Annual note: Ann Lee met Ann in Leeds; Ann Lee left Leedsbury."
    spans, missing = find_spans(text, draft)
    assert missing == []
    got = [(s.start, s.end, s.label, s.text) for s in spans]
    assert got == [
        (13, 20, "PERSON", "Ann Lee"),
        (25, 28, "FIRST_NAME", "Ann"),
        (32, 37, "CITY", "Leeds"),
        (39, 46, "PERSON", "Ann Lee"),
    ]
    assert all(text[s.start : s.end] == s.text and s.source == {"table": "t", "column": "c"} for s in spans)
    _, missing = find_spans("Annual report from Leedsbury", draft)
    assert missing == ["Ann", "Ann Lee", "Leeds"]


def test_offline_without_a_backend_the_rendering_is_kept_and_the_manifest_says_so(tmp_path: Path) -> None:
    a = generate(spec_file(tmp_path, model=False), documents=True)
    b = generate(spec_file(tmp_path), documents=True)
    assert [d.data for d in a.documents] == [d.data for d in b.documents]
    assert all(d.written_by is None for d in b.documents)
    m = b.manifest["documents"]["model"]["letter"]
    assert m["method"] == "offline-template" and m["model"] is None and m["prompt_version"] == PROMPT_VERSION
    assert m["documents_offline"] == 9 and m["documents_model"] == 0
    assert "model" not in a.manifest["documents"]


def test_a_backend_writes_the_bodies_with_exact_spans_and_validate_accepts_them(
    tmp_path: Path, llm_server: ScriptedServer
) -> None:
    play(llm_server, good)
    with client(llm_server, tmp_path / "cache") as c:
        r = generate(spec_file(tmp_path), tmp_path / "out.db", documents=str(tmp_path / "docs"), text_backend=c)
    assert len(llm_server.script.requests) == 9
    index = read_index(tmp_path / "docs")
    assert len(index) == 9
    for entry in index:
        assert entry["written_by"] == "scripted-1" and entry["text"].startswith("I am ")
        labels = [s["label"] for s in entry["spans"]]
        assert len(entry["spans"]) >= 5  # four values, the first repeated
        for s in entry["spans"]:
            assert entry["text"][s["start"] : s["end"]] == s["text"]
        assert labels.count(labels[0]) >= 2
        body = (tmp_path / "docs" / entry["path"]).read_text(encoding="utf-8")
        assert body == entry["text"]
    m = r.manifest["documents"]["model"]["letter"]
    assert m["method"] == "language-model" and m["model"] == "scripted-1" and m["documents_model"] == 9
    folder = json.loads((tmp_path / "docs" / "manifest.json").read_text())
    assert folder["model"]["letter"]["documents_model"] == 9
    # `simulacra validate` checks every span of the model's bodies against the rows written beside them
    assert (
        main(["validate", str(spec_file(tmp_path)), str(tmp_path / "out.db"), "--documents", str(tmp_path / "docs")])
        == 0
    )
    first = tmp_path / "docs" / index[0]["path"]
    s0 = index[0]["spans"][0]
    text = first.read_text(encoding="utf-8")
    first.write_text(text[: s0["start"]] + "X" * (s0["end"] - s0["start"]) + text[s0["end"] :], encoding="utf-8")
    assert (
        main(["validate", str(spec_file(tmp_path)), str(tmp_path / "out.db"), "--documents", str(tmp_path / "docs")])
        != 0
    )
    # a rerun with the cache is identical and asks nothing
    llm_server.script.play()
    with client(llm_server, tmp_path / "cache") as c:
        again = generate(spec_file(tmp_path), documents=True, text_backend=c)
    assert llm_server.script.requests == []
    assert [d.text for d in again.documents] == [e["text"] for e in index]


def test_an_answer_that_leaves_a_value_out_is_asked_again_then_rejected(
    tmp_path: Path, llm_server: ScriptedServer
) -> None:
    def drops_the_id(body: dict[str, Any]) -> str:
        return "I am " + " and ".join(v for v in required(body) if not v.startswith("C-"))

    play(llm_server, drops_the_id)
    offline = generate(spec_file(tmp_path), documents=True).documents
    with client(llm_server) as c:
        r = generate(spec_file(tmp_path, retries=2), documents=True, text_backend=c)
    assert len(llm_server.script.requests) == 27  # 9 documents x 3 attempts
    assert len({b["seed"] for b in llm_server.script.requests}) == 27
    assert [d.data for d in r.documents] == [d.data for d in offline]
    m = r.manifest["documents"]["model"]["letter"]
    assert m["rejected"] == 9 and m["asked_again"] == 18 and m["documents_offline"] == 9
    play(llm_server, drops_the_id)
    with (
        client(llm_server) as c,
        pytest.raises(
            GenerationError, match=r"document 'letter' \(letter/C-0001\.txt\): the model's answer left out C-0001"
        ),
    ):
        generate(spec_file(tmp_path, strict=True), documents=True, text_backend=c)


def test_a_partly_good_model_mixes_methods_deterministically(tmp_path: Path, llm_server: ScriptedServer) -> None:
    def every_other(body: dict[str, Any]) -> str:
        vals = required(body)
        keep = any(v.endswith(("1", "3", "5", "7", "9")) and v.startswith("C-") for v in vals)
        return good(body) if keep else "I forgot everything."

    play(llm_server, every_other)
    with client(llm_server) as c:
        r = generate(spec_file(tmp_path, retries=0), documents=True, text_backend=c)
    by = [d.written_by for d in r.documents]
    assert by == ["scripted-1" if i % 2 == 0 else None for i in range(9)]
    m = r.manifest["documents"]["model"]["letter"]
    assert (m["documents_model"], m["documents_offline"], m["rejected"]) == (5, 4, 4)


def test_email_bodies_written_by_the_model_parse_without_defects(tmp_path: Path, llm_server: ScriptedServer) -> None:
    play(llm_server, good)
    with client(llm_server) as c:
        generate(
            spec_file(tmp_path, fmt="email"), tmp_path / "out.db", documents=str(tmp_path / "docs"), text_backend=c
        )
    for entry in read_index(tmp_path / "docs"):
        raw = (tmp_path / "docs" / entry["path"]).read_bytes()
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        assert not msg.defects and msg["Subject"].startswith("About my account C-")
        body = msg.get_content()
        assert body == entry["text"] and entry["written_by"] == "scripted-1"
        for s in entry["spans"]:
            assert body[s["start"] : s["end"]] == s["text"]


def test_model_is_refused_for_formats_it_cannot_write(tmp_path: Path) -> None:
    p = spec_file(tmp_path)
    p.write_text(p.read_text().replace("format: text", "format: json"), encoding="utf-8")
    with pytest.raises(SpecValidationError, match=r"letters\.yaml:15: 'model' writes plain-text bodies.*not 'json'"):
        generate(p)


def test_cli_reports_the_method(tmp_path: Path, llm_server: ScriptedServer, capsys: pytest.CaptureFixture[str]) -> None:
    play(llm_server, good)
    code = main(
        [
            "generate",
            str(spec_file(tmp_path)),
            "-o",
            str(tmp_path / "out.db"),
            "--documents",
            str(tmp_path / "docs"),
            "--backend",
            llm_server.url,
            "--model",
            "scripted-1",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert re.search(r"documents letter: language-model \(scripted-1\), 9 by the model, 0 offline", out)
