"""Span labels of ``text`` columns: where each ``must_include`` value is in the row's final text, offline
(templates) and with a backend (the scripted local OpenAI-compatible server, a stand-in for a model)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from tests.unit.scripted_llm import ScriptedServer

from simulacra.errors import GenerationError, SinkError
from simulacra.llm import BackendConfig, ChatClient
from simulacra.pipeline import generate

# a parent (guests) and a child (stays) whose text reads the parent's name through the foreign key, its own
# city and company, and a code whose generator kind has no entity label; the template repeats the name
SPEC = """\
name: spans
seed: 5
tables:
  guests:
    rows: 6
    primary_key: id
    columns:
      id: {{generator: sequence}}
      name: {{generator: full_name}}
  stays:
    rows: {rows}
    columns:
      stay_id: {{generator: sequence}}
      guest_id: {{generator: foreign_key, references: guests.id}}
      city: {{generator: city}}
      firm: {{generator: company}}
      code: {{generator: categorical, values: [AB, CD]}}
      note:
        generator: text
        instructions: "A note on {{guests.name}}'s stay in {{city}}, booked by {{firm}} ({{code}})."
        fields: [guests.name, city, firm, code]
        must_include: [guests.name, city, firm, code]
        template: "{template}"
        strict: {strict}
"""
TEMPLATE = "{guests.name} stayed in {city} for {firm}, code {code}. {guests.name} left {city}."
LABELS = {"guests.name": "PERSON", "city": "ADDRESS", "firm": "ORGANIZATION", "code": None}


def spec_file(tmp_path: Path, rows: int = 40, template: str = TEMPLATE, strict: bool = False) -> Path:
    p = tmp_path / "spans.yaml"
    p.write_text(SPEC.format(rows=rows, template=template, strict=str(strict).lower()), encoding="utf-8")
    return p


def rows_of(frames: dict[str, pl.DataFrame]) -> list[dict[str, str]]:
    names = dict(frames["guests"].select("id", "name").iter_rows())
    return [
        {
            "guests.name": names[r["guest_id"]],
            "city": r["city"],
            "firm": r["firm"],
            "code": r["code"],
            "note": r["note"],
        }
        for r in frames["stays"].iter_rows(named=True)
    ]


def whole(text: str, value: str) -> list[int]:
    return [m.start() for m in re.finditer(rf"(?<!\w){re.escape(value)}(?!\w)", text)]


def check_spans(rows: list[dict[str, str]], records: list[dict[str, Any]]) -> int:
    """Every span's text is its field's value with the field's label; every whole-token occurrence of every
    value is one span (a value inside a longer value's span excepted); none overlap. Returns the span count."""
    assert [r["row"] for r in records] == list(range(len(rows)))
    n = 0
    for row, rec in zip(rows, records, strict=True):
        text = row["note"]
        spans = rec["spans"]
        ends = [(s["start"], s["end"]) for s in spans]
        assert ends == sorted(ends) and all(b[0] >= a[1] for a, b in zip(ends, ends[1:], strict=False))
        for s in spans:
            assert text[s["start"] : s["end"]] == row[s["field"]]
            assert s["label"] == LABELS[s["field"]]
        for field in LABELS:
            found = {s["start"] for s in spans if s["field"] == field}
            for start in whole(text, row[field]):
                inside = any(
                    t["start"] <= start < t["end"] and t["field"] != field and len(row[t["field"]]) > len(row[field])
                    for t in spans
                )
                assert start in found or inside, (field, text)
        n += len(spans)
    return n


def test_offline_every_occurrence_of_every_value_is_one_exact_labelled_span(tmp_path: Path) -> None:
    r = generate(spec_file(tmp_path))
    rows = rows_of(r.frames)
    records = r.spans["stays.note"]
    n = check_spans(rows, records)
    assert n >= 6 * len(rows)  # the name and the city twice, the firm and the code once
    assert all(sum(s["field"] == "guests.name" for s in rec["spans"]) >= 2 for rec in records)  # repeated: both
    assert r.manifest["text"]["stays.note"]["spans"] == n
    assert list(r.spans) == ["stays.note"]  # guests has no text column


def test_the_span_file_beside_the_output_is_the_same_whatever_the_chunk_size(tmp_path: Path) -> None:
    out = {}
    for chunk in (7, 1000):
        target = tmp_path / f"out{chunk}"
        r = generate(spec_file(tmp_path), target, format="csv", chunk_size=chunk)
        folder = tmp_path / f"out{chunk}.spans"
        assert r.spans_path == str(folder) and sorted(p.name for p in folder.iterdir()) == ["stays.note.spans.jsonl"]
        out[chunk] = (folder / "stays.note.spans.jsonl").read_bytes()
        assert r.manifest["text"]["stays.note"]["spans_file"] == str(folder / "stays.note.spans.jsonl")
        frames = {t: pl.read_csv(target / f"{t}.csv", infer_schema=False) for t in ("guests", "stays")}
        frames["guests"] = frames["guests"].with_columns(pl.col("id").cast(pl.Int64))
        frames["stays"] = frames["stays"].with_columns(pl.col("guest_id").cast(pl.Int64))
        records = [json.loads(line) for line in out[chunk].decode().splitlines()]
        check_spans(rows_of(frames), records)
    assert out[7] == out[1000]
    mem = generate(spec_file(tmp_path), chunk_size=3).spans["stays.note"]
    assert [json.loads(line) for line in out[7].decode().splitlines()] == mem


def test_an_earlier_span_folder_is_kept_unless_replaced_and_a_failed_run_leaves_none(tmp_path: Path) -> None:
    generate(spec_file(tmp_path), tmp_path / "out", format="csv")
    before = (tmp_path / "out.spans" / "stays.note.spans.jsonl").read_bytes()
    with pytest.raises(SinkError, match="out.spans"):
        generate(spec_file(tmp_path, rows=5), tmp_path / "out", format="csv")
    assert (tmp_path / "out.spans" / "stays.note.spans.jsonl").read_bytes() == before
    generate(spec_file(tmp_path, rows=5), tmp_path / "out", format="csv", if_exists="replace")
    assert len((tmp_path / "out.spans" / "stays.note.spans.jsonl").read_text().splitlines()) == 5
    assert generate(spec_file(tmp_path), tmp_path / "other", format="csv", spans=False).spans_path is None
    assert not (tmp_path / "other.spans").exists()


def client(server: ScriptedServer, cache: Path | None) -> ChatClient:
    cfg = BackendConfig(url=server.url, model="scripted-1", cache_dir=cache, timeout_s=5.0)
    return ChatClient(cfg, sleep=lambda s: None)


def prompt_values(body: dict[str, Any]) -> dict[str, str]:
    user = body["messages"][-1]["content"]
    block = user.split("Values:\n", 1)[1].split("\n\n", 1)[0]
    return dict(line.split(": ", 1) for line in block.splitlines())


def varied(body: dict[str, Any]) -> str:
    """Answers of several shapes, chosen by the request's seed: a value repeated, values in another order,
    a value glued to a longer word (not a whole-token occurrence) beside a whole one."""
    v = prompt_values(body)
    name, city, firm, code = v["guests.name"], v["city"], v["firm"], v["code"]
    shapes = [
        f"{name} loved {city}. {firm} paid; {name} thanked {firm} ({code}).",
        f"In {city}, {firm} hosted {name} [{code}]; {city} was sunny and {name} stayed.",
        f"{code}: {name}s trip was long, but {name} liked {city}x and {city} and {firm}.",
    ]
    return shapes[body["seed"] % 3]


def test_with_a_backend_the_spans_are_found_in_the_answers_exactly_whatever_the_chunk_size(
    llm_server: ScriptedServer, tmp_path: Path
) -> None:
    llm_server.script.play(*({"reply": varied} for _ in range(200)))
    with client(llm_server, tmp_path / "cache") as c:
        r = generate(spec_file(tmp_path), tmp_path / "a", format="csv", text_backend=c, chunk_size=6)
    assert r.manifest["text"]["stays.note"]["rows_model"] == 40
    first = (tmp_path / "a.spans" / "stays.note.spans.jsonl").read_bytes()
    records = [json.loads(line) for line in first.decode().splitlines()]
    names = dict(pl.read_csv(tmp_path / "a" / "guests.csv").select("id", "name").iter_rows())
    stays = pl.read_csv(tmp_path / "a" / "stays.csv", infer_schema=False)
    rows = [
        {"guests.name": names[int(s["guest_id"])], "city": s["city"], "firm": s["firm"], "code": s["code"]}
        | {"note": s["note"]}
        for s in stays.iter_rows(named=True)
    ]
    check_spans(rows, records)
    glued = [r for r in rows if r["note"].startswith(r["code"] + ":")]
    assert glued  # the third shape: 'Names' and 'Cityx' are not spans, the whole-token ones are
    for row, rec in zip(rows, records, strict=True):
        if row in glued:
            starts = {(s["field"], s["start"]) for s in rec["spans"]}
            assert ("guests.name", row["note"].index(row["guests.name"] + "s")) not in starts
            assert ("city", row["note"].index(row["city"] + "x")) not in starts
            assert sum(s["field"] == "guests.name" for s in rec["spans"]) == len(whole(row["note"], row["guests.name"]))
    llm_server.script.play(*({"reply": varied} for _ in range(200)))
    with client(llm_server, tmp_path / "cache") as c:
        generate(spec_file(tmp_path), tmp_path / "b", format="csv", text_backend=c, chunk_size=1000)
    assert llm_server.script.requests == []  # cached
    assert (tmp_path / "b.spans" / "stays.note.spans.jsonl").read_bytes() == first


def test_a_value_only_inside_a_longer_word_is_missing_and_asked_again(
    llm_server: ScriptedServer, tmp_path: Path
) -> None:
    asked: dict[str, int] = {}

    def reply(body: dict[str, Any]) -> str:  # the first ask glues the city to a word ('Cityx'); the next does not
        key = json.dumps(body["messages"])
        asked[key] = asked.get(key, 0) + 1
        v = prompt_values(body)
        city = v["city"] + ("x" if asked[key] == 1 else "")
        return f"{v['guests.name']} and {v['firm']} ({v['code']}) were in {city}."

    llm_server.script.play(*({"reply": reply} for _ in range(200)))
    with client(llm_server, None) as c:
        r = generate(spec_file(tmp_path, rows=5), text_backend=c)
    t = r.manifest["text"]["stays.note"]
    assert (t["rows_model"], t["asked_again"], t["rejected"]) == (5, 5, 0)
    check_spans(rows_of(r.frames), r.spans["stays.note"])
    assert all(len(rec["spans"]) == 4 for rec in r.spans["stays.note"])


def test_a_strict_run_that_stops_leaves_no_span_folder(llm_server: ScriptedServer, tmp_path: Path) -> None:
    llm_server.script.play(*({"content": "Nothing of the values."} for _ in range(200)))
    with client(llm_server, None) as c, pytest.raises(GenerationError, match="must_include"):
        generate(spec_file(tmp_path, rows=5, strict=True), tmp_path / "out", format="csv", text_backend=c)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["spans.yaml"]


def test_the_cli_puts_span_labels_where_asked_skips_them_when_told_and_says_when_none_were_written(
    tmp_path: Path,
) -> None:
    from typer.testing import CliRunner

    from simulacra.cli.main import app

    spec = spec_file(tmp_path)
    (tmp_path / "labels").mkdir()
    runner = CliRunner()
    res = runner.invoke(
        app, ["generate", str(spec), "-o", str(tmp_path / "a.db"), "--spans", str(tmp_path / "labels" / "x")]
    )
    assert res.exit_code == 0, res.output
    assert (tmp_path / "labels" / "x" / "stays.note.spans.jsonl").is_file()
    assert not (tmp_path / "a.db.spans").exists() and "span labels in" in res.output
    # a database URL gets span labels only where --spans says; without it the summary says none were written
    url = f"sqlite:///{tmp_path / 'b.db'}"
    res = runner.invoke(app, ["generate", str(spec), "-o", url, "--spans", str(tmp_path / "b_spans")])
    assert res.exit_code == 0, res.output
    records = [json.loads(x) for x in (tmp_path / "b_spans" / "stays.note.spans.jsonl").read_text().splitlines()]
    assert [r["row"] for r in records] == list(range(40))
    res = runner.invoke(app, ["generate", str(spec), "-o", f"sqlite:///{tmp_path / 'c.db'}"])
    assert res.exit_code == 0 and "pass --spans" in res.output
    res = runner.invoke(app, ["generate", str(spec), "-o", str(tmp_path / "d.db"), "--no-spans"])
    assert res.exit_code == 0 and not (tmp_path / "d.db.spans").exists()
    res = runner.invoke(app, ["generate", str(spec), "-o", str(tmp_path / "e.db"), "--no-spans", "--spans", "x"])
    assert res.exit_code != 0 and "exclude each other" in res.output
    assert not (tmp_path / "e.db").exists()
