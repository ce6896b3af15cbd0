"""Titles, nationality/religious/political groups, bare years, grouped phone numbers, ages and
international street forms: found as classes (every word of the lists, in sentences built here),
replaced by a fake of the same kind, and Presidio's evaluation format read with its label map."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from simulacra.errors import SourceError
from simulacra.text import _groups
from simulacra.text.engine import Deidentifier
from simulacra.text.evaluate import PRESIDIO_LABEL_MAP, evaluate_spans, read_gold, read_presidio
from simulacra.text.recognizers import default_recognizers
from simulacra.text.surrogates import SurrogateMapper


@pytest.fixture(scope="module")
def patterns_only() -> Deidentifier:
    return Deidentifier(ner=None)


def _found(d: Deidentifier, text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.label) for s in d.analyze(text)]


def test_every_listed_word_is_what_the_recognizers_look_for() -> None:
    recs = {r.name: r for r in default_recognizers()}
    nrp = recs["nrp"]
    words = {w for ws in _groups.GROUP_KINDS.values() for w in ws}
    for w in sorted(words):
        text = f"They met a {w} delegation."
        assert [(text[s.start : s.end], s.label) for s in nrp.find(text)] == [(w, "NRP")], w
    title = recs["title"]
    for w in sorted({w for ws in _groups.HONORIFICS.values() for w in ws}):
        text = f"Ask {w}. Okafor today." if w.lower() in _groups.ABBREVIATIONS else f"Ask {w} Okafor today."
        got = [(text[s.start : s.end], s.label) for s in title.find(text)]
        assert len(got) == 1 and got[0][0].rstrip(".") == w and got[0][1] == "TITLE", (w, got)
    # and nothing the lists lack: the regexes' alternatives are exactly the words
    for r, want in ((nrp, words), (title, {w for ws in _groups.HONORIFICS.values() for w in ws})):
        rx = r.patterns[0].regex.pattern
        alts = set(re.search(r"\(\?:(.*?)\)\\b", rx).group(1).replace("\\", "").split("|"))  # type: ignore[union-attr]
        assert alts == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The museum was founded in 1891 and rebuilt in 2004.", [("1891", "DATE"), ("2004", "DATE")]),
        ("She has lived here since 1999.", [("1999", "DATE")]),
        ("We shipped 2004 units and 1999 boxes.", []),  # a count, not a year
        ("Call 0044 20 7946 0958 or (030) 901820 or 212 555 0147.", None),
        ("The patient, 67 years of age, said: I am 67.", [("67", "AGE"), ("67", "AGE")]),
        ("I am 10 minutes late.", []),
        ("Deliver to Keskuskatu 14, Suite 300, or Rua das Flores 27.", None),
        (
            "Ship to 4821 Johnson Squares, 77 Mitchell Course or 9 Oak St. by 1600 Pennsylvania Avenue.",
            [
                ("4821 Johnson Squares", "STREET_ADDRESS"),
                ("77 Mitchell Course", "STREET_ADDRESS"),
                ("9 Oak St.", "STREET_ADDRESS"),
                ("1600 Pennsylvania Avenue", "STREET_ADDRESS"),  # a full word takes no sentence dot
            ],
        ),
        ("We sold 12 Green Day records and 3 Rolling Stones albums.", []),
    ],
)
def test_classes_in_sentences(patterns_only: Deidentifier, text: str, want: list[tuple[str, str]] | None) -> None:
    got = _found(patterns_only, text)
    if want is not None:
        assert got == want
    elif text.startswith("Call"):
        assert [v for v, lab in got if lab == "PHONE"] == ["0044 20 7946 0958", "(030) 901820", "212 555 0147"]
    else:
        assert [v for v, lab in got if lab == "STREET_ADDRESS"] == ["Keskuskatu 14", "Suite 300", "Rua das Flores 27"]


def test_a_capitalised_word_after_a_title_is_needed(patterns_only: Deidentifier) -> None:
    assert _found(patterns_only, "the dr. said no; ask Dr. then.") == []


def test_surrogates_keep_the_kind() -> None:
    m = SurrogateMapper(seed=4, scope="doc:1")
    for word, kind in (("German", "nationality"), ("Catholics", "religion"), ("Republican", "political")):
        fake = m.surrogate("NRP", word)
        assert fake != word and _groups.group_kind(fake) == kind
        assert fake == m.surrogate("NRP", word)  # consistent within the scope
    assert m.surrogate("NRP", "GERMAN").isupper()
    assert m.surrogate("TITLE", "Mrs.") in ("Ms.", "Miss")  # another English honorific of the same gender
    assert m.surrogate("TITLE", "Dr.") == "Prof."
    assert m.surrogate("TITLE", "Professor") == "Doctor"
    assert m.surrogate("TITLE", "Mr.") == "Mr."  # no other of its kind and form: a title alone names no one
    later = m.surrogate("DATE", "1999")
    assert later in ("1998", "2000") and m.surrogate("DATE", "2004") == str(2004 + int(later) - 1999)


def test_deidentified_text_keeps_the_sentence(patterns_only: Deidentifier) -> None:
    r = patterns_only.deidentify("Mrs. Lindqvist, a Swedish Lutheran, moved here in 1987.", key="a")
    assert "Swedish" not in r.text and "Lutheran" not in r.text and "1987" not in r.text
    # with the model off the structure rules still run: a surname after an honorific is a person by rule (deid99's
    # titled_surnames), so it is replaced too and the sentence keeps its shape
    assert r.text.endswith(".") and "Lindqvist" not in r.text and r.text.split()[0].endswith(".")


def _presidio_file(tmp_path: Path, rows: object) -> Path:
    p = tmp_path / "presidio.json"
    p.write_text(json.dumps(rows), encoding="utf-8")
    return p


def test_presidio_format_and_label_map(tmp_path: Path) -> None:
    text = "Dr. Ana Qorzu, a Brazilian, was born in 1971; call 212 555 0147."
    spans = [
        {"entity_type": "TITLE", "start_position": 0, "end_position": 3},
        {"entity_type": "PERSON", "start_position": 4, "end_position": 13},
        {"entity_type": "NRP", "start_position": 17, "end_position": 26},
        {"entity_type": "DATE_TIME", "start_position": 40, "end_position": 44},
        {"entity_type": "PHONE_NUMBER", "start_position": 51, "end_position": 63},
    ]
    p = _presidio_file(
        tmp_path, [{"full_text": text, "spans": spans, "template_id": 1}, {"full_text": "ok", "spans": []}]
    )
    docs = read_gold(p, "presidio")
    assert len(docs) == 2 and [text[s.start : s.end] for s in docs[0].spans][1] == "Ana Qorzu"
    report = evaluate_spans(docs, Deidentifier(ner=None).analyze_many, label_map=PRESIDIO_LABEL_MAP)
    per = report["per_type"]
    assert isinstance(per, dict)
    for label in ("TITLE", "NRP", "DATE", "PHONE"):
        assert per[label]["recall"] == 1.0, label
    assert (
        per["PERSON"]["recall"] == 0.0
    )  # ner off: a person no name list holds (a known given and family name is found by the structure rules) is missed and counted as missed


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ({"full_text": "x"}, "expected a JSON list"),
        ([{"text": "x"}], r"sample 0: expected \{full_text"),
        (
            [{"full_text": "abc", "spans": [{"entity_type": "X", "start_position": 1, "end_position": 9}]}],
            "sample 0: span 1..9 is outside",
        ),
    ],
)
def test_presidio_format_errors_name_the_sample(tmp_path: Path, rows: object, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        read_presidio(_presidio_file(tmp_path, rows))
