"""The synthetic training corpus: seeded, labels known by construction, every document family present."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys

from simulacra.text.corpus import DOCUMENT_KINDS, synthetic_documents

_DIGEST = (
    "import hashlib; from simulacra.text.corpus import synthetic_documents; "
    "print(hashlib.sha256(''.join(d.text for d in synthetic_documents(200, seed=3)).encode()).hexdigest())"
)


def test_same_seed_same_corpus_other_seed_other_corpus() -> None:
    a = list(synthetic_documents(60, seed=5))
    assert a == list(synthetic_documents(60, seed=5))
    assert a != list(synthetic_documents(60, seed=6))


def test_the_corpus_does_not_depend_on_the_process_hash_seed() -> None:
    """Faker builds some word lists from sets; their order must not leak into the corpus (the model's data)."""
    here = hashlib.sha256("".join(d.text for d in synthetic_documents(200, seed=3)).encode()).hexdigest()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run([sys.executable, "-c", _DIGEST], env=env, capture_output=True, text=True, check=True)
        assert out.stdout.strip() == here


def test_spans_point_at_trimmed_entity_text() -> None:
    docs = list(
        synthetic_documents(400, seed=1, weights={"email_thread": 0.1, "email_casual": 0.1, "email_lists": 0.1})
    )
    assert {d.kind for d in docs} == set(DOCUMENT_KINDS)
    labels = set()
    for d in docs:
        for s in d.spans:
            value = d.text[s.start : s.end]
            assert value and value == value.strip()
            labels.add(s.label)
        assert all(a.end <= b.start for a, b in zip(d.spans, d.spans[1:]))
    assert labels == {"PERSON", "ORGANIZATION", "LOCATION"}


def test_negative_evidence_is_unlabelled() -> None:
    docs = list(synthetic_documents(300, seed=2))
    labelled = {d.text[s.start : s.end] for d in docs for s in d.spans}
    for word in ("Monday", "Friday", "January", "President", "Patient"):
        assert word not in labelled
    assert any(d.text.isupper() is False and any(line.isupper() for line in d.text.splitlines()) for d in docs)


def test_email_threads_have_exact_labels_and_mail_structure() -> None:
    docs = list(synthetic_documents(40, seed=9, kinds=("email_thread",)))
    assert docs == list(synthetic_documents(40, seed=9, kinds=("email_thread",)))  # seeded
    joined = "\n".join(d.text for d in docs)
    for form in ("X-From: ", "X-To: ", "-----Original Message-----", " wrote:\n> ", "Forwarded by ", "@enron.com"):
        assert form in joined, form
    people = 0
    for d in docs:
        assert d.kind == "email_thread"
        for s in d.spans:
            value = d.text[s.start : s.end]
            assert value == value.strip() and value
            # names only: no address, office code or header name inside a label
            assert "@" not in value and "/" not in value and ":" not in value and "\n" not in value
            people += s.label == "PERSON"
        # every person of the headers is labelled where it stands in X-From
        x_from = d.text.split("X-From: ", 1)[1].split("\n", 1)[0]
        a = d.text.index("X-From: ") + len("X-From: ")
        assert any(s.start == a and s.end == a + len(x_from) and s.label == "PERSON" for s in d.spans)
    assert people > 5 * len(docs)
    # lowercase names in casual mail are labelled too
    assert any(d.text[s.start : s.end].islower() for d in docs for s in d.spans if s.label == "PERSON")


def test_the_default_mix_has_no_threads_unless_asked() -> None:
    assert all(d.kind != "email_thread" for d in synthetic_documents(200, seed=1))
    kinds = {d.kind for d in synthetic_documents(200, seed=1, weights={"email_thread": 0.5})}
    assert "email_thread" in kinds


def test_casual_mail_puts_names_where_real_mail_hides_them_and_labels_whole_tokens() -> None:
    from simulacra.text.fast_ner import tokenize

    docs = list(synthetic_documents(150, seed=21, kinds=("email_casual",)))
    assert docs == list(synthetic_documents(150, seed=21, kinds=("email_casual",)))  # seeded
    names = [d.text[s.start : s.end] for d in docs for s in d.spans if s.label == "PERSON"]
    assert any(n.endswith("'s") for n in names)  # a possessive, labelled with its "'s" (one tagger token)
    assert any(re.fullmatch(r"[A-Z][A-Z][a-z]+", n) for n in names)  # "KRoper": an initial glued to a surname
    assert any(re.fullmatch(r"[A-Z]\.[A-Z][a-z]+", n) for n in names)  # "K.Roper"
    assert any(n.islower() for n in names) and any(n.isupper() and " " in n for n in names)
    joined = "\n".join(d.text for d in docs)
    assert " Mime-Version: 1.0\n" in joined  # a header line flattened into the subject
    assert re.search(r"\w/\w", joined) and "; " in joined  # slash and semicolon lists
    for d in docs:  # every span starts and ends on a token of the fast tagger (none is lost in training)
        _, starts, ends = tokenize(d.text)
        for s in d.spans:
            assert s.start in set(starts.tolist()) and s.end in set(ends.tolist()), d.text[s.start : s.end]


def test_list_mail_plants_the_leak_classes_of_the_dev_set_with_exact_labels() -> None:
    from simulacra.text.fast_ner import tokenize

    docs = list(synthetic_documents(60, seed=22, kinds=("email_lists",)))
    assert docs == list(synthetic_documents(60, seed=22, kinds=("email_lists",)))  # seeded
    assert all(d.kind != "email_lists" for d in synthetic_documents(300, seed=1))  # only when asked for
    names = [d.text[s.start : s.end] for d in docs for s in d.spans if s.label == "PERSON"]
    # names wrapped over a line end, "Last Jr., First", flat rows of names one space apart
    assert any("\n" in n and re.fullmatch(r"[^\W\d_][\w'’.\-]*[ ]?\n[ ]?[^\W\d_][\w'’\- ]*", n) for n in names)
    assert any(re.fullmatch(r"\S+ (?:Jr\.|Sr\.|II|III), \S+", n) for n in names)
    flat = re.compile(r"^[ \t]*(\S+ \S+) (\S+ \S+)(?: |$)", re.MULTILINE)
    assert any(
        [d.text[s.start : s.end] for s in d.spans if m.start(1) <= s.start < m.end(2)][:2] == [m[1], m[2]]
        for d in docs
        for m in flat.finditer(d.text)
    )  # a row of names one space apart, each name labelled on its own
    for d in docs:  # every span starts and ends on a token of the fast tagger
        _, starts, ends = tokenize(d.text)
        for s in d.spans:
            assert s.start in set(starts.tolist()) and s.end in set(ends.tolist()), d.text[s.start : s.end]
