"""The ``text`` column: offline templates, and a language-model backend played by the scripted local
OpenAI-compatible server (a stand-in for a model: it runs no model, it answers as each test scripts)."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from tests.unit.scripted_llm import ScriptedServer

from simulacra.cli.main import main
from simulacra.errors import GenerationError, SpecValidationError
from simulacra.generation.text import PROMPT_VERSION
from simulacra.llm import BackendConfig, ChatClient
from simulacra.pipeline import generate

SPEC = """\
name: stays
seed: 11
tables:
  guests:
    rows: {rows}
    columns:
      id: {{generator: sequence}}
      name: {{generator: full_name}}
      city: {{generator: city}}
      summary:
        generator: text
        instructions: "Write one sentence about {{name}}'s stay in {{city}}."
        fields: [name, city]
        must_include: [name]
        template: "{{name}} stayed in {{city}}."
        retries: 2
{extra}
"""


def spec_file(tmp_path: Path, rows: int = 12, extra: str = "") -> Path:
    p = tmp_path / "stays.yaml"
    p.write_text(SPEC.format(rows=rows, extra=extra), encoding="utf-8")
    return p


def values(body: dict[str, Any]) -> dict[str, str]:
    """The row's values as the prompt lists them ("name: ..." lines)."""
    user = body["messages"][-1]["content"]
    block = user.split("Values:\n", 1)[1].split("\n\n", 1)[0]
    return dict(line.split(": ", 1) for line in block.splitlines())


def good(body: dict[str, Any]) -> str:
    v = values(body)
    return f"{v['name']} loved the harbour of {v['city']} (seed {body['seed']})."


def play(server: ScriptedServer, reply: Any, n: int = 200, delay: float = 0.0) -> None:
    server.script.play(*({"reply": reply, "delay": delay} for _ in range(n)))


def client(server: ScriptedServer, cache: Path | None, **kw: Any) -> ChatClient:
    cfg = BackendConfig(url=server.url, model="scripted-1", cache_dir=cache, timeout_s=kw.pop("timeout_s", 5.0), **kw)
    return ChatClient(cfg, sleep=lambda s: None)


def test_offline_the_template_is_rendered_and_the_manifest_says_so(tmp_path: Path) -> None:
    r = generate(spec_file(tmp_path))
    g = r.frames["guests"]
    assert g["summary"].to_list() == [f"{n} stayed in {c}." for n, c in zip(g["name"], g["city"], strict=True)]
    t = r.manifest["text"]["guests.summary"]
    assert t["method"] == "offline-template" and t["model"] is None
    assert t["rows_offline"] == 12 and t["rows_model"] == 0 and t["prompt_version"] == PROMPT_VERSION
    assert re.fullmatch(r"[0-9a-f]{16}", t["prompt_hash"])
    again = generate(spec_file(tmp_path), chunk_size=5)
    assert again.frames["guests"].equals(g)


def test_bad_text_columns_are_located_errors(tmp_path: Path) -> None:
    bad = SPEC.format(rows=3, extra="").replace("must_include: [name]", "must_include: [email]")
    p = tmp_path / "bad.yaml"
    p.write_text(bad, encoding="utf-8")
    with pytest.raises(SpecValidationError, match=r"bad\.yaml.*(?s:.*)email.*not in fields"):
        generate(p)
    p.write_text(SPEC.format(rows=3, extra="").replace("fields: [name, city]", "fields: [name, town]"))
    p.write_text(p.read_text().replace("{city}", "{town}"))
    with pytest.raises(SpecValidationError, match="town"):
        generate(p)


def test_with_a_backend_every_row_is_asked_and_holds_its_entity_verbatim(
    llm_server: ScriptedServer, tmp_path: Path
) -> None:
    play(llm_server, good, delay=0.05)
    with client(llm_server, tmp_path / "cache", concurrency=3) as c:
        r = generate(spec_file(tmp_path), text_backend=c, chunk_size=5)
    g = r.frames["guests"]
    for name, city, text in g.select("name", "city", "summary").iter_rows():
        assert text.startswith(f"{name} loved the harbour of {city} (seed ")
    reqs = llm_server.script.requests
    assert len(reqs) == 12 and len({b["seed"] for b in reqs}) == 12
    assert all(b["model"] == "scripted-1" and b["max_tokens"] == 120 for b in reqs)
    assert 1 < llm_server.script.max_in_flight <= 3  # a chunk's requests go out together, within the limit
    t = r.manifest["text"]["guests.summary"]
    assert (t["method"], t["model"], t["rows_model"], t["rows_offline"], t["rejected"]) == (
        "language-model",
        "scripted-1",
        12,
        0,
        0,
    )


def test_same_seed_and_cache_give_identical_bytes_whatever_the_chunk_size_and_reruns_are_free(
    llm_server: ScriptedServer, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    play(llm_server, good)
    with client(llm_server, cache) as c:
        first = generate(spec_file(tmp_path), text_backend=c, chunk_size=4).frames["guests"]
    assert len(llm_server.script.requests) == 12
    play(llm_server, good)
    with client(llm_server, cache) as c:
        again = generate(spec_file(tmp_path), text_backend=c, chunk_size=100).frames["guests"]
        assert c.cache_hits == 12
    assert llm_server.script.requests == []  # the cache answered everything
    assert again.equals(first)
    # a fresh cache with another chunk size asks the same requests (same seeds), so the answers agree too
    play(llm_server, good)
    with client(llm_server, tmp_path / "other") as c:
        third = generate(spec_file(tmp_path), text_backend=c, chunk_size=7).frames["guests"]
    assert third.equals(first)


def test_an_answer_missing_the_entity_is_asked_again_with_another_seed(
    llm_server: ScriptedServer, tmp_path: Path
) -> None:
    seen: set[str] = set()
    lock = threading.Lock()

    def forgetful_once(body: dict[str, Any]) -> str:
        name = values(body)["name"]
        with lock:
            first = name not in seen
            seen.add(name)
        return "A pleasant stay by the sea." if first else good(body)

    play(llm_server, forgetful_once)
    with client(llm_server, tmp_path / "cache") as c:
        r = generate(spec_file(tmp_path, rows=4), text_backend=c)
    g = r.frames["guests"]
    assert all(n in s for n, s in zip(g["name"], g["summary"], strict=True))
    reqs = llm_server.script.requests
    assert len(reqs) == 8
    by_name: dict[str, set[int]] = {}
    for b in reqs:
        by_name.setdefault(values(b)["name"], set()).add(b["seed"])
    assert all(len(s) == 2 for s in by_name.values())  # the second ask had a varied seed
    t = r.manifest["text"]["guests.summary"]
    assert (t["rows_model"], t["asked_again"], t["rejected"]) == (4, 4, 0)


def test_answers_that_never_hold_the_entity_are_rejected_to_the_template_or_stop_a_strict_run(
    llm_server: ScriptedServer, tmp_path: Path
) -> None:
    def stubborn(body: dict[str, Any]) -> str:  # leaves out the name of guests whose city starts with A-M
        return good(body) if values(body)["city"][0] > "M" else f"Someone visited {values(body)['city']}."

    play(llm_server, stubborn)
    with client(llm_server, None) as c:
        r = generate(spec_file(tmp_path), text_backend=c)
    g = r.frames["guests"]
    lost = [c <= "M" for c in g["city"].str.slice(0, 1)]
    assert any(lost) and not all(lost)
    for (name, city, text), rejected in zip(g.select("name", "city", "summary").iter_rows(), lost, strict=True):
        assert text == (f"{name} stayed in {city}." if rejected else good_text(text, name, city))
    assert len(llm_server.script.requests) == 12 + 2 * sum(lost)  # retries: 2 further asks each
    t = r.manifest["text"]["guests.summary"]
    assert (t["rows_model"], t["rows_offline"], t["rejected"]) == (12 - sum(lost), sum(lost), sum(lost))

    strict = SPEC.format(rows=12, extra="").replace("retries: 2", "retries: 1\n        strict: true")
    p = tmp_path / "strict.yaml"
    p.write_text(strict, encoding="utf-8")
    play(llm_server, stubborn)
    with client(llm_server, None) as c, pytest.raises(GenerationError) as err:
        generate(p, text_backend=c)
    msg = str(err.value)
    assert "table 'guests', column 'summary', row " in msg and "name (must_include) in 2 attempts" in msg


def good_text(text: str, name: str, city: str) -> str:
    assert text.startswith(f"{name} loved the harbour of {city}")
    return text


def test_429_and_timeouts_are_retried_by_the_client(llm_server: ScriptedServer, tmp_path: Path) -> None:
    llm_server.script.play({"status": 429, "retry_after": 0}, {"delay": 1.0, "content": "late"}, {"reply": good})
    with client(llm_server, None, timeout_s=0.3, max_retries=3, concurrency=1) as c:
        r = generate(spec_file(tmp_path, rows=1), text_backend=c)
        assert c.requests == 3
    g = r.frames["guests"]
    assert g["summary"][0].startswith(g["name"][0] + " loved the harbour")


def test_the_cli_takes_a_backend_and_writes_the_method_into_the_manifest(
    llm_server: ScriptedServer, tmp_path: Path
) -> None:
    play(llm_server, good)
    out = tmp_path / "out"
    rc = main(
        [
            "generate",
            str(spec_file(tmp_path, rows=3)),
            "-o",
            str(out),
            "--format",
            "jsonl",
            "--backend",
            llm_server.url,
            "--model",
            "scripted-1",
            "--cache",
            str(tmp_path / "cache"),
            "-q",
        ]
    )
    assert rc == 0
    rows = pl.read_ndjson(out / "guests.jsonl")
    assert all(n in s for n, s in zip(rows["name"], rows["summary"], strict=True))
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["text"]["guests.summary"]["method"] == "language-model"
    assert manifest["text"]["guests.summary"]["model"] == "scripted-1"


def test_offline_default_without_a_template_joins_the_values_and_nulls_are_not_required(tmp_path: Path) -> None:
    spec = SPEC.format(rows=20, extra="").replace('        template: "{name} stayed in {city}."\n', "")
    spec = spec.replace("city: {generator: city}", "city: {generator: city, null_rate: 0.5}")
    p = tmp_path / "plain.yaml"
    p.write_text(spec, encoding="utf-8")
    g = generate(p).frames["guests"]
    assert g["city"].null_count() > 0
    for name, city, text in g.select("name", "city", "summary").iter_rows():
        assert text == (f"{name}, {city}." if city is not None else f"{name}.")


def test_fields_may_read_a_parent_row_through_a_foreign_key(tmp_path: Path) -> None:
    p = tmp_path / "stays.yaml"
    p.write_text(
        """\
tables:
  guests:
    rows: 3
    primary_key: id
    columns:
      id: {generator: sequence}
      name: {generator: full_name}
  stays:
    rows: 8
    columns:
      guest_id: {generator: foreign_key, references: guests.id}
      city: {generator: city}
      note:
        generator: text
        instructions: "A note on {guests.name} in {city}"
        fields: [guests.name, city]
        must_include: [guests.name]
        template: "{guests.name} was in {city}."
""",
        encoding="utf-8",
    )
    r = generate(p)
    names = dict(r.frames["guests"].select("id", "name").iter_rows())
    for gid, city, note in r.frames["stays"].select("guest_id", "city", "note").iter_rows():
        assert note == f"{names[gid]} was in {city}."
