"""`augment`: new labelled documents from a (de-identified) corpus, with the guarantees checked independently."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from simulacra.augment import (
    LabelledDoc,
    augment,
    deidentify_labelled,
    read_corpus,
    to_conll,
)
from simulacra.errors import SourceError

RAW = """\
[PER Angela Merkel] met [PER Emmanuel Macron] in [LOC Berlin] on Tuesday to discuss trade .
[ORG Siemens] said on Monday its profit rose 12 percent in the third quarter .
Shares of [ORG Volkswagen] fell after the [MISC German] carmaker cut its forecast .
[PER Gerhard Schroeder] told reporters in [LOC Hanover] that talks would resume next week .
The [ORG European Commission] fined [ORG Microsoft] over its browser business .
[PER Jacques Chirac] flew to [LOC Moscow] for a two-day visit , officials said .
Police in [LOC Lyon] arrested two men after a raid on Sunday .
[PER Boris Becker] beat [PER Michael Stich] 6-3 6-4 in the final of the [MISC Paris Open] .
[ORG Deutsche Bank] economists expect the central bank to hold rates steady .
The [MISC French] government said it would sell its stake in [ORG Renault] .
[PER Helmut Kohl] will visit [LOC Washington] next month , a spokesman said .
Rain stopped play in [LOC London] with [LOC England] on 210 for four .
[PER Steffi Graf] withdrew from the tournament with a back injury .
[ORG Bayern Munich] drew 1-1 with [ORG Hamburg] on Saturday .
Traders in [LOC Frankfurt] said the dollar was firmer against the mark .
[PER Lionel Jospin] criticised the plan in an interview with [ORG Le Monde] .
The [MISC British] pound slipped to a two-week low against the euro .
[ORG Airbus] won an order for 30 aircraft from an [MISC Asian] airline .
[PER Tony Blair] said [ORG Labour] would cut taxes if elected .
Fighting broke out again near [LOC Sarajevo] , the [ORG United Nations] said .
A spokesman for [ORG Daimler-Benz] declined to comment on the report .
[PER Jean-Marie Le Pen] drew large crowds in [LOC Marseille] on Friday .
Oil prices rose in [LOC New York] on fears of lower supplies .
[PER Juergen Klinsmann] scored twice as [LOC Germany] beat [LOC Wales] 2-0 .
The [ORG Bundesbank] left its key rates unchanged on Thursday .
[PER Alain Juppe] faces a vote of confidence in parliament next week .
Exports from [LOC Italy] rose 4.5 percent in July , the statistics office said .
[ORG Lufthansa] pilots threatened to strike over pay , a union official said .
[PER Nelson Mandela] arrived in [LOC Paris] for talks with [PER Jacques Chirac] .
Stocks in [LOC Tokyo] ended lower as exporters fell on the stronger yen .
"""


def parse(raw: str) -> list[LabelledDoc]:
    docs = []
    for line in raw.strip().splitlines():
        text, spans, pos = [], [], 0
        for m in re.finditer(r"\[(PER|LOC|ORG|MISC) ([^\]]+)\]|([^\[]+)", line):
            if m.group(1):
                spans.append((pos, pos + len(m.group(2)), m.group(1)))
                text.append(m.group(2))
                pos += len(m.group(2))
            else:
                text.append(m.group(3))
                pos += len(m.group(3))
        docs.append(LabelledDoc("".join(text), tuple(spans)))
    return docs


SOURCE = parse(RAW)
ENTITIES = {d.text[s:e] for d in SOURCE for s, e, _ in d.spans}


def _grams(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


@pytest.fixture(scope="module")
def made() -> tuple[list[LabelledDoc], object]:
    return augment(SOURCE, 300, seed=3, max_shared_ngram=4)


def test_no_entity_string_of_the_source_appears(made) -> None:
    docs, report = made
    assert len(docs) == 300 and report.documents == 300
    for d in docs:
        for ent in ENTITIES:
            assert not re.search(rf"(?<!\w){re.escape(ent)}(?!\w)", d.text, re.IGNORECASE), (ent, d.text)
    assert report.source_entity_strings == len(ENTITIES)


def test_no_ngram_longer_than_declared_is_shared_with_the_source(made) -> None:
    docs, report = made
    source = set()
    for d in SOURCE:
        source |= _grams(re.findall(r"\w+(?:[-'.&]\w+)*|[^\w\s]", d.text), 5)
    for d in docs:
        assert not _grams(re.findall(r"\w+(?:[-'.&]\w+)*|[^\w\s]", d.text), 5) & source, d.text
    assert report.max_shared_ngram_declared == 4 and report.longest_shared_ngram <= 4
    assert report.longest_shared_ngram >= 2  # the style is learnt: short runs of the source do come back


def test_spans_are_exact_and_labels_come_from_the_corpus(made) -> None:
    docs, report = made
    n = 0
    for d in docs:
        last = 0
        for s, e, label in d.spans:
            assert last <= s < e <= len(d.text) and label in {"PER", "LOC", "ORG", "MISC"}
            assert d.text[s:e] == d.text[s:e].strip() and d.text[s:e]
            last = e
            n += 1
    assert n > 200 and set(report.entities) <= {"PER", "LOC", "ORG", "MISC"}
    # sentences are recombined, not copied: near-duplicates are rejected and the rate is reported
    assert report.near_duplicate_rate == 0.0
    assert 0 <= report.near_duplicate_rejected_rate < 1 and report.similarity_to_source["max"] < 0.7
    texts = {d.text for d in docs}
    assert len(texts) > 250


def test_same_seed_same_documents_and_another_seed_others() -> None:
    a, _ = augment(SOURCE, 40, seed=9)
    b, _ = augment(SOURCE, 40, seed=9)
    c, _ = augment(SOURCE, 40, seed=10)
    assert a == b and a != c


def test_deid_then_augment_never_brings_an_original_back() -> None:
    deid, originals = deidentify_labelled(SOURCE, seed=1)
    assert originals and originals <= ENTITIES  # the mapping's originals: the real names replaced
    for d, src in zip(deid, SOURCE, strict=True):
        assert [lab for *_, lab in d.spans] == [lab for *_, lab in src.spans]  # labels kept, spans moved exactly
        for (s, e, lab), (s0, e0, _) in zip(d.spans, src.spans, strict=True):
            if lab != "MISC":
                assert d.text[s:e] != src.text[s0:e0]
    docs, report = augment(deid, 200, seed=2, forbidden=originals)
    for d in docs:
        for o in originals:
            assert not re.search(rf"(?<!\w){re.escape(o)}(?!\w)", d.text), o
    assert report.source_entity_strings >= len(originals)


def test_cli_writes_labelled_documents_and_a_report_atomically(tmp_path: Path) -> None:
    from simulacra.cli.main import main

    corpus = tmp_path / "deid.jsonl"
    corpus.write_text(
        "".join(
            json.dumps({"text": d.text, "spans": [{"start": s, "end": e, "label": lab} for s, e, lab in d.spans]})
            + "\n"
            for d in SOURCE
        )
    )
    out = tmp_path / "more"
    assert main(["augment", str(corpus), "-n", "50", "-o", str(out), "--labels", "--seed", "4"]) == 0
    rows = [json.loads(x) for x in (out / "documents.jsonl").read_text().splitlines()]
    assert len(rows) == 50 and all(r["spans"] for r in rows[:1]) is not None
    again = read_corpus(out / "documents.jsonl")  # the output is itself a labelled corpus
    assert [d.text for d in again] == [r["text"] for r in rows]
    conll = (out / "labels.conll").read_text()
    assert conll == to_conll(again)
    assert sum(line.split()[-1].startswith("B-") for line in conll.splitlines() if line) == sum(
        len(d.spans) for d in again
    )
    report = json.loads((out / "report.json").read_text())
    assert report["documents"] == 50 and report["method"].startswith("offline")
    first = (out / "documents.jsonl").read_bytes()
    assert main(["augment", str(corpus), "-n", "50", "-o", str(out), "--labels", "--seed", "4"]) == 5  # exists
    assert main(["augment", str(corpus), "-n", "50", "-o", str(out), "--labels", "--seed", "4", "--replace"]) == 0
    assert (out / "documents.jsonl").read_bytes() == first
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "abc", "spans": [{"start": 1, "end": 9, "label": "PER"}]}\n')
    assert main(["augment", str(bad), "-n", "5", "-o", str(tmp_path / "x")]) == 6
    assert not (tmp_path / "x").exists()


def test_bad_corpora_fail_with_where_and_what() -> None:
    with pytest.raises(SourceError, match="file not found"):
        read_corpus("/nonexistent/corpus.jsonl")
    with pytest.raises(SourceError, match="augment: the corpus has no document"):
        augment([], 5)


def test_with_a_model_backend_the_same_guarantees_hold(llm_server, tmp_path: Path) -> None:
    from tests.unit.scripted_llm import answer

    from simulacra.llm import BackendConfig, ChatClient

    lines = "\n".join(
        [
            "1. [PER] told the committee in [LOC] that the budget was too small .",  # kept
            "2. Analysts at [ORG] expect [MISC] exports to grow next year .",  # kept
            "3. [PER] met [PER] in [LOC] on Tuesday to discuss trade .",  # a copy of a source skeleton
            "4. Angela Merkel praised [ORG] for its results .",  # a source entity, written out
            "5. [PERSONA] said so .",  # an unknown marker
            "6. The [ORG] board will meet in [LOC] next month , [PER] said .",  # kept
        ]
    )
    llm_server.script.play(*[answer(lines, model="served-model") for _ in range(3)])
    cfg = BackendConfig(url=llm_server.url, model="scripted-1", cache_dir=tmp_path, backoff_s=0.01)
    with ChatClient(cfg) as c:
        docs, report = augment(SOURCE, 7, seed=1, client=c)
    assert len(docs) == 7 and report.method.startswith("model scripted-1 (prompt augment-v1)")
    assert report.extra == {"model": "scripted-1", "prompt_version": "augment-v1"}
    assert report.rejected == {"near_duplicate": 2, "source_entity": 2, "unparsable_or_unknown_marker": 2}
    for d in docs:
        assert "Angela Merkel" not in d.text and "[" not in d.text
        for ent in ENTITIES:
            assert not re.search(rf"(?<!\w){re.escape(ent)}(?!\w)", d.text), ent
        assert d.spans and all(d.text[s:e] for s, e, _ in d.spans)
    assert docs[0].text.endswith("that the budget was too small .")
    assert len(llm_server.script.requests) == 3


def test_slots_keep_the_case_of_what_they_stood_for() -> None:
    headlines = parse(
        "[LOC BRUSSELS] police said on Monday they had arrested two men .\n"
        "[LOC LONDON] traders said the pound was firmer on Tuesday .\n"
        "[LOC BONN] officials said talks would resume next week ."
    )
    docs, _ = augment(SOURCE + headlines, 150, seed=5)
    locs = [d.text[s:e] for d in docs for s, e, lab in d.spans if lab == "LOC"]
    assert any(x.isupper() for x in locs) and any(not x.isupper() for x in locs)
    upper = {d.text[s:e] for d in SOURCE + headlines for s, e, _ in d.spans if d.text[s:e].isupper()}
    assert not upper & set(locs)  # fresh values, in the case of what they stand for


def test_cli_reads_the_deid_mapping_and_checks_its_originals_too(tmp_path: Path, monkeypatch) -> None:
    from simulacra.cli.main import main
    from simulacra.text.mapping import write_mapping
    from simulacra.text.surrogates import MappingRecord

    monkeypatch.setenv("SIMULACRA_MAPPING_KEY", "a long enough test passphrase")
    deid, originals = deidentify_labelled(SOURCE, seed=1)
    write_mapping(tmp_path / "audit.bin", [MappingRecord("doc:0", "PERSON", o, "x") for o in sorted(originals)])
    corpus = tmp_path / "deid.jsonl"
    corpus.write_text(
        "".join(json.dumps({"text": d.text, "spans": [[s, e, lab] for s, e, lab in d.spans]}) + "\n" for d in deid)
    )
    out = tmp_path / "more"
    assert main(["augment", str(corpus), "-n", "30", "-o", str(out), "--mapping", str(tmp_path / "audit.bin")]) == 0
    report = json.loads((out / "report.json").read_text())
    deid_entities = {d.text[s:e] for d in deid for s, e, _ in d.spans}
    assert report["source_entity_strings"] == len(deid_entities | originals)
    for row in (out / "documents.jsonl").read_text().splitlines():
        text = json.loads(row)["text"]
        assert not any(
            re.search(rf"(?<!\w){re.escape(o)}(?!\w)", text, re.IGNORECASE) for o in originals | deid_entities
        )
    monkeypatch.setenv("SIMULACRA_MAPPING_KEY", "another passphrase, the wrong one")
    assert (
        main(["augment", str(corpus), "-n", "30", "-o", str(tmp_path / "m2"), "--mapping", str(tmp_path / "audit.bin")])
        == 6
    )
    assert not (tmp_path / "m2").exists()


def test_cli_with_a_backend_records_the_model_and_prompt_version(llm_server, tmp_path: Path) -> None:
    from tests.unit.scripted_llm import answer

    from simulacra.cli.main import main

    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        "".join(json.dumps({"text": d.text, "spans": [[s, e, lab] for s, e, lab in d.spans]}) + "\n" for d in SOURCE)
    )
    llm_server.script.play(
        answer(
            "[PER] told the committee in [LOC] that the budget was too small .\n"
            "Analysts at [ORG] expect [MISC] exports to grow next year .\n"
            "The [ORG] board will meet in [LOC] next month , [PER] said ."
        )
    )
    out = tmp_path / "more"
    assert (
        main(
            [
                "augment",
                str(corpus),
                "-n",
                "3",
                "-o",
                str(out),
                "--labels",
                "--backend",
                llm_server.url,
                "--model",
                "scripted-1",
                "--cache",
                str(tmp_path / "cache"),
            ]
        )
        == 0
    )
    report = json.loads((out / "report.json").read_text())
    assert report["extra"] == {"model": "scripted-1", "prompt_version": "augment-v1"}
    assert len((out / "documents.jsonl").read_text().splitlines()) == 3


def test_a_refill_share_of_documents_are_source_skeletons_with_fresh_entities() -> None:
    docs, report = augment(SOURCE, 200, seed=4, max_shared_ngram=4, refill_share=0.5)
    # a source sentence's words around its slots: the document's text with every span cut out
    frames = {tuple(d.text[a:b] for a, b in _gaps(d)) for d in SOURCE}
    refilled = [d for d in docs if tuple(d.text[a:b] for a, b in _gaps(d)) in frames]
    assert report.extra["refilled_documents"] == len(refilled) and 60 <= len(refilled) <= 140
    for d in docs:
        assert d.spans
        for ent in ENTITIES:
            assert not re.search(rf"(?<!\w){re.escape(ent)}(?!\w)", d.text, re.IGNORECASE), (ent, d.text)
    for d in refilled:  # the same labels in the same places as some source sentence, new values in them
        assert any(
            [lab for *_, lab in d.spans] == [lab for *_, lab in s.spans]
            and tuple(d.text[a:b] for a, b in _gaps(d)) == tuple(s.text[a:b] for a, b in _gaps(s))
            for s in SOURCE
        )
    plain, _ = augment(SOURCE, 200, seed=4, max_shared_ngram=4)
    assert not [d for d in plain if tuple(d.text[a:b] for a, b in _gaps(d)) in frames]


def _gaps(d: LabelledDoc) -> list[tuple[int, int]]:
    out, pos = [], 0
    for s, e, _ in d.spans:
        out.append((pos, s))
        pos = e
    return [*out, (pos, len(d.text))]


def test_places_are_countries_world_cities_big_towns_or_regions_never_small_towns() -> None:
    import numpy as np

    from simulacra.text._lexicon import lexicon
    from simulacra.values import locale_pools

    p = locale_pools("en_US")
    lx = lexicon()
    towns = p.places.city.values.to_list()
    big = {towns[int(i)] for i in np.argsort(-p.places.city.probabilities(), kind="stable")[:150]}
    world = {v.lower() for v in (*lx.countries, *lx.major_cities, *lx.regions)}
    places = {v.lower() for v in big | set(p.countries.values.to_list()) | set(p.places.state.to_list())} | world
    surnames = {v.lower() for v in p.last.values.to_list()}
    docs, _ = augment(SOURCE, 300, seed=5, locales=("en_US",))
    locs = [d.text[s:e] for d in docs for s, e, lab in d.spans if lab == "LOC"]
    orgs = [d.text[s:e] for d in docs for s, e, lab in d.spans if lab == "ORG" and " " not in d.text[s:e]]
    assert len(locs) > 100 and len(orgs) > 15
    assert [v for v in locs if v.lower() not in places] == []
    assert [v for v in orgs if v.lower() not in places | surnames] == []  # a surname firm or a big town's club
    assert len({v.lower() for v in locs} & {t.lower() for t in big}) > 10
