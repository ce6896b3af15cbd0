"""The fast tagger (text/fast_ner.py): tokenizer, decoder, shipped weights, recognizer, engine option."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import numpy as np
import pytest

from simulacra.errors import ModelError, SourceError, SpecError
from simulacra.text import Deidentifier
from simulacra.text.corpus import synthetic_documents
from simulacra.text.fast_ner import (
    DILATE,
    FAST_MODEL_PATH,
    TAGS,
    FastModel,
    FastNerRecognizer,
    allowed_transitions,
    decode,
    load_fast_model,
    spans_from_tags,
    tokenize,
    viterbi,
)


def test_tokenizer_offsets_cover_every_token_and_keep_names_whole() -> None:
    text = "Mr. O'Brien  met Jean-Pierre\nat U.S. HQ, 3.5% (ok)\t_x_ é\r\n"
    toks, starts, ends = tokenize(text)
    assert [text[a:b] for a, b in zip(starts.tolist(), ends.tolist(), strict=True)] == toks
    assert "O'Brien" in toks and "Jean-Pierre" in toks and "\n" in toks
    # nothing but spaces between tokens
    pos = 0
    for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
        assert text[pos:a].strip(" \t\r") == ""
        pos = b
    assert tokenize("") == ([], pytest.approx(np.zeros(0)), pytest.approx(np.zeros(0)))


def _random_trans(rng: np.random.Generator) -> np.ndarray:
    return np.where(allowed_transitions(), rng.normal(0, 3, (len(TAGS), len(TAGS))), -np.inf)


def test_viterbi_is_the_best_path_found_by_brute_force() -> None:
    import itertools

    rng = np.random.default_rng(0)
    for _ in range(20):
        em = rng.normal(0, 3, (4, len(TAGS)))
        trans = _random_trans(rng)
        best, best_path = -np.inf, None
        for path in itertools.product(range(len(TAGS)), repeat=4):
            full = (0, *path, 0)
            s = sum(em[i, t] for i, t in enumerate(path)) + sum(trans[a, b] for a, b in itertools.pairwise(full))
            if s > best:
                best, best_path = s, path
        assert tuple(viterbi(em, trans).tolist()) == best_path


def test_decoder_with_a_wide_margin_is_exact_viterbi_and_respects_bio() -> None:
    rng = np.random.default_rng(1)
    for _ in range(30):
        n = int(rng.integers(1, 40))
        em = rng.normal(0, 2, (n, len(TAGS))).astype(np.float32)
        em[:, 0] += rng.choice([0.0, 8.0], n)  # stretches of confident O, as in real text
        trans = _random_trans(rng).astype(np.float32)
        fast = decode(em, trans, 1e6)
        assert np.array_equal(fast, viterbi(em, trans))
        narrow = decode(em, trans, 1.0)
        for prev, cur in zip([0, *narrow.tolist()], narrow.tolist(), strict=False):
            assert allowed_transitions()[prev, cur]  # never an I-X after O or another type


def test_decoder_with_a_narrow_margin_is_viterbi_on_each_run_alone() -> None:
    # runs of many lengths decoded together (the longest first, the shorter ones dropping out) give the
    # tags exact Viterbi gives each run with an O before and after it; O everywhere else
    rng = np.random.default_rng(7)
    trans = _random_trans(rng).astype(np.float32)
    for _ in range(20):
        n = int(rng.integers(50, 400))
        em = rng.normal(0, 2, (n, len(TAGS))).astype(np.float32)
        em[:, 0] += rng.choice([0.0, 12.0], n, p=[0.3, 0.7])
        fixed = np.sort(rng.choice(n, 3, replace=False))
        got = decode(em, trans, 3.0, fixed)
        cand = em[:, 1:].max(1) > em[:, 0] - 3.0
        for _ in range(DILATE):
            cand[1:] |= cand[:-1].copy()
            cand[:-1] |= cand[1:].copy()
        cand[fixed] = False
        want = np.zeros(n, dtype=np.int64)
        i = 0
        lengths = set()
        while i < n:
            if not cand[i]:
                i += 1
                continue
            j = i
            while j < n and cand[j]:
                j += 1
            want[i:j] = viterbi(em[i:j], trans)
            lengths.add(j - i)
            i = j
        assert np.array_equal(got, want)
        assert len(lengths) > 1 or n < 60  # runs of different lengths in one call


def test_spans_from_tags_joins_b_and_i_of_one_type_only() -> None:
    t = {name: i for i, name in enumerate(TAGS)}
    tags = np.array(
        [t["B-PERSON"], t["I-PERSON"], t["O"], t["B-LOCATION"], t["B-LOCATION"], t["I-LOCATION"], t["B-ORGANIZATION"]]
    )
    starts, ends = np.arange(7) * 10, np.arange(7) * 10 + 5
    assert spans_from_tags(tags, starts, ends) == [
        (0, 15, "PERSON"),
        (30, 35, "LOCATION"),
        (40, 55, "LOCATION"),
        (60, 65, "ORGANIZATION"),
    ]


def test_shipped_weights_are_small_described_and_load_without_pickle() -> None:
    manifest = json.loads((FAST_MODEL_PATH / "manifest.json").read_text())
    size = sum(f.stat().st_size for f in FAST_MODEL_PATH.iterdir())
    assert size < 5e6
    assert manifest["tags"] == list(TAGS) and manifest["training"]["seed"] == 20240521
    with np.load(FAST_MODEL_PATH / "weights.npz", allow_pickle=False) as z:
        assert z["weights"].dtype == np.float16 and z["weights"].shape == (manifest["dim"], len(TAGS))
    model = load_fast_model()
    assert model.margin == manifest["margin"]


def test_shipped_decoder_matches_exact_viterbi_on_synthetic_text() -> None:
    model = load_fast_model()
    docs = [tokenize(d.text)[0] for d in synthetic_documents(60, seed=4242)]
    fast = model.tag_many(docs)
    for toks, got in zip(docs, fast, strict=True):
        em = model.emissions(["<s>", "<s>", *toks, "<s>", "<s>"])
        assert np.array_equal(got, viterbi(em, model.trans))


def _scores(found: list[list[tuple[int, int, str]]], docs) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    tp = n_pred = n_gold = 0
    for spans, d in zip(found, docs, strict=True):
        gold = {(s.start, s.end, s.label) for s in d.spans}
        pred = set(spans)
        tp += len(gold & pred)
        n_pred += len(pred)
        n_gold += len(gold)
    return tp / max(n_pred, 1), tp / max(n_gold, 1)


def test_finds_each_entity_class_in_held_out_synthetic_documents() -> None:
    rec = FastNerRecognizer()
    for kind in ("news", "email", "clinical", "chat"):
        docs = list(synthetic_documents(40, seed=777, kinds=(kind,)))
        found = [[(s.start, s.end, s.label) for s in spans] for spans in rec.find_many([d.text for d in docs])]
        p, r = _scores(found, docs)
        assert p > 0.75 and r > 0.75, (kind, p, r)
    labels = {s.label for spans in rec.find_many([d.text for d in synthetic_documents(40, seed=5)]) for s in spans}
    assert labels == {"PERSON", "ORGANIZATION", "LOCATION"}


def test_batches_and_a_tiny_cache_change_nothing() -> None:
    texts = [d.text for d in synthetic_documents(30, seed=31)] + ["", "   ", "Alice"]
    rec = FastNerRecognizer()
    together = rec.find_many(texts)
    assert together == [rec.find(t) for t in texts]
    small = FastModel(
        rec.model.weights,
        np.where(np.isinf(rec.model.trans), 0, rec.model.trans),
        margin=rec.model.margin,
        cache_size=50,
    )
    tiny = FastNerRecognizer.__new__(FastNerRecognizer)
    tiny.model, tiny.score, tiny.harmony = small, rec.score, rec.harmony
    assert tiny.find_many(texts) == together


def test_spans_name_people_places_and_organisations_in_plain_prose() -> None:
    text = "Angela Merkel met Emmanuel Macron in Paris on Monday. Shares of Siemens AG rose 3%.\n\nThanks,\nJohn Smith"
    found = {(text[s.start : s.end], s.label) for s in FastNerRecognizer().find(text)}
    assert {
        ("Angela Merkel", "PERSON"),
        ("Emmanuel Macron", "PERSON"),
        ("Paris", "LOCATION"),
        ("John Smith", "PERSON"),
    } <= found
    assert not any(w in {"Monday", "Shares", "Thanks"} for w, _ in found)


def test_deidentifier_ner_option() -> None:
    text = "Call Alice Johnson at Acme Corp in Boston on 415-555-0132."
    fast = Deidentifier(seed=3, ner="fast")
    out = fast.deidentify(text).text
    assert "Alice" not in out and "Johnson" not in out and "415-555-0132" not in out
    assert out == Deidentifier(seed=3, ner="fast").deidentify(text).text  # same input + seed, same text
    assert {s.label for s in fast.analyze(text)} >= {"PERSON", "PHONE"}
    with pytest.raises(SpecError, match="unknown ner tagger 'quick'"):
        Deidentifier(ner="quick")
    # the default is the fast tagger, spaCy's model an option; the policy's ner: false turns either off
    assert type(Deidentifier().ner).__name__ == "FastNerRecognizer"
    assert type(Deidentifier(ner="spacy").ner).__name__ == "NerRecognizer"
    assert Deidentifier({"ner": False}, ner="fast").ner is None


def _copy_model(tmp: Path) -> Path:
    dst = tmp / "m"
    shutil.copytree(FAST_MODEL_PATH, dst)
    return dst


def test_damaged_or_foreign_model_folders_are_refused_with_their_path(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no fast tagger here"):
        load_fast_model(tmp_path)
    m = _copy_model(tmp_path)
    manifest = json.loads((m / "manifest.json").read_text())
    (m / "manifest.json").write_text(json.dumps({**manifest, "feature_version": 999}))
    with pytest.raises(ModelError, match="feature version 999"):
        load_fast_model(m)
    (m / "manifest.json").write_text("{not json")
    with pytest.raises(SourceError, match="manifest.json: unreadable"):
        load_fast_model(m)
    (m / "manifest.json").write_text(json.dumps(manifest))
    # an object array needs pickle to load: refused, never unpickled
    with zipfile.ZipFile(m / "weights.npz", "w") as z, z.open("weights.npy", "w") as f:
        np.lib.format.write_array(f, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(ModelError, match="weights.npz"):
        load_fast_model(m)


def test_names_it_has_never_seen_are_people_by_their_context() -> None:
    # invented names, in none of the word lists: found from context and shape (word dropout in training)
    cases = {
        "Mr. Kwabetso Marundi told reporters the talks would resume.": "Kwabetso Marundi",
        '"We played well," said coach Tavo Esquerrinha after the match.': "Tavo Esquerrinha",
        "Hi Drelvin,\n\nThe report is attached.\n\nThanks,\nOskarine Veltrup": "Oskarine Veltrup",
    }
    rec = FastNerRecognizer()
    for text, name in cases.items():
        found = {(text[s.start : s.end], s.label) for s in rec.find(text)}
        assert (name, "PERSON") in found, (text, found)
    text = "Shares of Qorvanex Holdings rose 4 percent in Frankfurt."
    found = {(text[s.start : s.end], s.label) for s in rec.find(text)}
    assert ("Qorvanex Holdings", "ORGANIZATION") in found and ("Frankfurt", "LOCATION") in found
