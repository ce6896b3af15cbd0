"""deidentify_path over real files: every input format, bad inputs, workers, corpus consistency, the mapping."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polars as pl
import pytest

from simulacra.errors import SinkError, SourceError, SpecError
from simulacra.text.mapping import read_mapping
from simulacra.text.runner import deidentify_path

DATA = Path(__file__).resolve().parents[1] / "data" / "text"
KEY = "correct horse battery staple 42"


def test_text_file(tmp_path: Path) -> None:
    src = tmp_path / "note.txt"
    shutil.copy(DATA / "note.txt", src)
    before = src.read_bytes()
    out = tmp_path / "note.out.txt"
    summary = deidentify_path(src, out, seed=1)
    text = out.read_text()
    assert src.read_bytes() == before  # input never modified
    for secret in ("karen.olsen@example.com", "503-555-0187", "4111 1111 1111 1111", "219-09-9998", "Margaret Olsen"):
        assert secret not in text
    assert text.startswith("Patient: ") and "    MRN: " in text  # layout kept byte for byte
    assert summary.entities["PERSON"] >= 3 and summary.documents == 1
    with pytest.raises(SinkError, match="exists"):
        deidentify_path(src, out)
    deidentify_path(src, out, seed=1, replace=True)
    assert out.read_text() == text


def test_jsonl_keeps_other_fields_and_lines(tmp_path: Path) -> None:
    out = tmp_path / "t.jsonl"
    deidentify_path(DATA / "tickets.jsonl", out, seed=2)
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == [1, 2, 3, 4] and rows[3] == {"id": 4, "note": "no text field on this line"}
    assert rows[0]["priority"] == "high"
    assert "laura.chen@example.com" not in rows[0]["text"] and "5500 0055 5555 5559" not in rows[1]["text"]


def test_csv_and_parquet_columns(tmp_path: Path) -> None:
    df = pl.DataFrame({"id": ["1", "2"], "body": ["Call 415-555-0132 now", "Mail bob@example.com"], "n": [1, 2]})
    df.write_parquet(tmp_path / "in.parquet")
    df.drop("n").write_csv(tmp_path / "in.csv")
    deidentify_path(tmp_path / "in.parquet", tmp_path / "out.parquet", columns=["body"])
    deidentify_path(tmp_path / "in.csv", tmp_path / "out.csv", columns=["body"])
    for out in (pl.read_parquet(tmp_path / "out.parquet"), pl.read_csv(tmp_path / "out.csv", infer_schema=False)):
        assert out["id"].to_list() == ["1", "2"]
        assert "415-555-0132" not in out["body"][0] and "bob@example.com" not in out["body"][1]
    with pytest.raises(SourceError, match="no column 'nope'"):
        deidentify_path(tmp_path / "in.csv", tmp_path / "x.csv", columns=["nope"])


def test_eml_pdf_and_docx(tmp_path: Path) -> None:
    deidentify_path(DATA / "email.eml", tmp_path / "out.eml", seed=3)
    mail = (tmp_path / "out.eml").read_text()
    assert "daniel.brooks@example.com" not in mail and "+44 20 7946 0958" not in mail
    assert "Content-Transfer-Encoding: 7bit" in mail and "Subject: " in mail and "MIME-Version: 1.0" in mail

    import docx
    from reportlab.pdfgen import canvas

    d = docx.Document()
    d.add_paragraph("Contact Laura Chen at laura.chen@example.com or 415-555-0199.")
    d.save(str(tmp_path / "memo.docx"))
    c = canvas.Canvas(str(tmp_path / "memo.pdf"))
    c.drawString(72, 720, "Invoice for laura.chen@example.com, card 4111 1111 1111 1111.")
    c.save()
    deidentify_path(tmp_path / "memo.docx", tmp_path / "memo.txt")
    deidentify_path(tmp_path / "memo.pdf", tmp_path / "memo.jsonl")
    assert "laura.chen@example.com" not in (tmp_path / "memo.txt").read_text()
    row = json.loads((tmp_path / "memo.jsonl").read_text())
    assert row["document"] == "memo.pdf" and "4111 1111 1111 1111" not in row["text"] and ", card " in row["text"]


def test_bad_inputs_get_clear_errors_and_nothing_written(tmp_path: Path) -> None:
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Grüße von Jürgen Müller".encode("latin-1"))
    with pytest.raises(SourceError, match="binary file"):
        deidentify_path(binary, tmp_path / "o1.txt")
    with pytest.raises(SourceError, match=r"byte 2 is not valid utf-8.*--encoding"):
        deidentify_path(latin, tmp_path / "o2.txt")
    assert not (tmp_path / "o1.txt").exists() and not (tmp_path / "o2.txt").exists()
    deidentify_path(latin, tmp_path / "o3.txt", encoding="latin-1")
    decoded = (tmp_path / "o3.txt").read_text(encoding="utf-8")  # written as UTF-8
    assert " von " in decoded and "Jürgen Müller" not in decoded
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    deidentify_path(empty, tmp_path / "o4.txt")
    assert (tmp_path / "o4.txt").read_text() == ""
    with pytest.raises(SourceError, match="no such file"):
        deidentify_path(tmp_path / "missing.txt", tmp_path / "o5.txt")
    with pytest.raises(SinkError, match="overwrite the input"):
        deidentify_path(empty, empty)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "ok"}\n{broken\n')
    with pytest.raises(SourceError, match=r"bad.jsonl:2: not valid JSON"):
        deidentify_path(bad, tmp_path / "o6.jsonl")


def test_folder_mirrors_and_lists_what_it_skips(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    shutil.copy(DATA / "note.txt", src / "note.txt")
    shutil.copy(DATA / "tickets.jsonl", src / "sub" / "tickets.jsonl")
    (src / "image.txt").write_bytes(b"\x00\x01\x02binary")
    summary = deidentify_path(src, tmp_path / "out")
    assert (tmp_path / "out" / "note.txt").is_file() and (tmp_path / "out" / "sub" / "tickets.jsonl").is_file()
    assert [Path(p).name for p, _ in summary.skipped] == ["image.txt"]
    assert "binary" in summary.skipped[0][1]
    with pytest.raises(SinkError, match="inside the input"):
        deidentify_path(src, src / "out")


def test_workers_give_the_same_output_and_corpus_consistency(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from simulacra.text import runner

    monkeypatch.setattr(
        runner, "_worth_spawning", lambda seconds, startup, workers: workers > 1
    )  # spawn even for 40 rows
    rows = [{"text": f"Ticket {i}: Laura Chen (laura.chen@example.com) called about order {i}."} for i in range(40)]
    src = tmp_path / "many.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows))
    deidentify_path(src, tmp_path / "one.jsonl", seed=5, batch_chars=500)
    deidentify_path(src, tmp_path / "two.jsonl", seed=5, batch_chars=500, workers=2)
    assert (tmp_path / "one.jsonl").read_text() == (tmp_path / "two.jsonl").read_text()
    per_doc = {
        json.loads(x)["text"].split(":")[1].split("(")[0] for x in (tmp_path / "one.jsonl").read_text().splitlines()
    }
    assert len(per_doc) > 1  # documents are unlinkable by default
    deidentify_path(src, tmp_path / "corpus.jsonl", seed=5, corpus_consistent=True)
    fakes = {
        json.loads(x)["text"].split(":")[1].split("(")[0] for x in (tmp_path / "corpus.jsonl").read_text().splitlines()
    }
    assert len(fakes) == 1 and "Laura" not in fakes.pop()


def test_encrypted_mapping(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SIMULACRA_MAPPING_KEY", raising=False)
    with pytest.raises(SpecError, match="SIMULACRA_MAPPING_KEY"):
        deidentify_path(DATA / "note.txt", tmp_path / "o.txt", mapping=tmp_path / "map.bin")
    assert not (tmp_path / "o.txt").exists()
    monkeypatch.setenv("SIMULACRA_MAPPING_KEY", KEY)
    summary = deidentify_path(DATA / "note.txt", tmp_path / "o.txt", mapping=tmp_path / "map.bin")
    raw = (tmp_path / "map.bin").read_bytes()
    assert b"Olsen" not in raw and b"karen" not in raw  # encrypted at rest
    records = read_mapping(tmp_path / "map.bin")
    assert summary.mapping_pairs == len(records) > 0
    out = (tmp_path / "o.txt").read_text()
    assert any(r.original == "karen.olsen@example.com" and r.surrogate in out for r in records)
    monkeypatch.setenv("SIMULACRA_MAPPING_KEY", "a different passphrase!")
    with pytest.raises(SourceError, match="cannot decrypt"):
        read_mapping(tmp_path / "map.bin")


def test_the_same_input_gives_the_same_bytes_wherever_it_lies(tmp_path: Path) -> None:
    # documents are keyed by their name within the input, not by where the input is on disk
    from simulacra.text.runner import deidentify_path

    text = "Hi Karen,\n\nMichael Ortiz (m.ortiz@example.com, 503-555-0187) lives in Portland, OR 97205.\n\n-Vince\n"
    outs = []
    for where in ("a", "b/c/d"):
        folder = tmp_path / where / "in"
        folder.mkdir(parents=True)
        (folder / "note.txt").write_text(text)
        deidentify_path(folder / "note.txt", tmp_path / where / "one.txt", seed=5)
        deidentify_path(folder, tmp_path / where / "out", seed=5)
        outs.append(((tmp_path / where / "one.txt").read_bytes(), (tmp_path / where / "out" / "note.txt").read_bytes()))
    assert outs[0] == outs[1]
    assert b"Karen" not in outs[0][0] and b"Ortiz" not in outs[0][0]
