"""deid-speed56 (issue 14, speed): ``known_mentions`` finds whole-word mentions with ``str.find`` instead of a
regex compiled per word and message, and three address scans run on the lines with an "@".

A speed change only: each fast path must give exactly what the regex it replaces gives. Checked as classes on
random texts made of planted words, their near misses (glued letters, digits, ``_``, ``-``, ``/``, ``.``, ``@``;
other cases; non-ASCII letters, among them the four that a case-insensitive ``[A-Za-z]`` also takes) and other
pieces, three seeds each; the fallback regex's cache stays bounded; and the whole engine gives the same bytes
for a set of documents one by one, in shuffled orders and with repeats (so no cache carries one document's
state into another's).
"""

from __future__ import annotations

import random
import re

import pytest

from simulacra.text import known_mentions as K
from simulacra.text import person_edges as P
from simulacra.text import structure as S
from simulacra.text._scan import scan_matches
from simulacra.text.corpus import synthetic_documents
from simulacra.text.engine import Deidentifier
from simulacra.text.spans import Span

SEEDS = (1, 2, 3)
WORDS = ["terr", "grigsby", "ann", "anne", "lindy", "kim", "sik", "isa"]
CAP_WORDS = ["Terr", "Grigsby", "Ann", "Anne", "Lindy", "TK", "SB", "Kim", "KIM", "Isa"]
GLUE = ["", "", "", " ", " ", "\n", "x", "1", "_", "-", "/", ".", "@", "'", "é", "ß"]
EXTRA = ["\u0130", "\u0131", "\u017f", "\u212a"]  # İ ı ſ K: a case-insensitive [A-Za-z] takes them too
OTHER = ["Hi ", "thanks", " and ", "Re: ", "\t", "> ", "<", ">", ", ", "; ", "ANNEX", "kimono", "Terrace", "12"]


def _text(r: random.Random, *, extra: bool) -> str:
    pieces = []
    for _ in range(r.randint(5, 40)):
        k = r.random()
        if k < 0.35:
            w = r.choice(WORDS + CAP_WORDS)
            w = w.upper() if r.random() < 0.15 else w
            pieces.append(r.choice(GLUE) + w + r.choice(GLUE))
        elif k < 0.45 and extra:
            w = r.choice(WORDS)
            i = r.randrange(len(w) + 1)
            pieces.append(w[:i] + r.choice(EXTRA) + w[i:])  # "terİ", "ſik": the regex's own case rules
        else:
            pieces.append(r.choice(OTHER))
    return "".join(pieces)


def _regex_one(text: str, w: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"(?<![A-Za-z0-9])" + re.escape(w) + r"(?![A-Za-z0-9])", text)]


def _regex_any_case(text: str, words: set[str]) -> list[tuple[int, int]]:
    rx = re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(map(re.escape, sorted(words))) + r")(?![A-Za-z0-9])", re.I)
    return [m.span() for m in rx.finditer(text)]


class TestWholeWord:
    """``_whole_word`` (case-sensitive, a word of ASCII letters) is ``finditer`` of the bounded regex."""

    @pytest.mark.parametrize("seed", SEEDS)
    def test_same_matches(self, seed: int) -> None:
        r = random.Random(seed)
        for _ in range(300):
            text = _text(r, extra=r.random() < 0.5)
            for w in CAP_WORDS:
                assert K._whole_word(text, w) == _regex_one(text, w), (text, w)

    def test_planted_shapes(self) -> None:
        text = "TK Lohman; 1-TK; TKs; xTK; TK1; _TK_; TK/Mark; (TK)"
        assert K._whole_word(text, "TK") == _regex_one(text, "TK")
        assert [text[a:b] for a, b in K._whole_word(text, "TK")] == ["TK"] * 5  # not "TKs", "xTK", "TK1"


class TestWholeWordsAnyCase:
    """``_whole_words_any_case`` is ``finditer`` of the case-insensitive alternation, whatever the text holds
    (the four extra letters of ``re.IGNORECASE`` send it to that regex)."""

    @pytest.mark.parametrize("seed", SEEDS)
    def test_same_matches(self, seed: int) -> None:
        r = random.Random(seed)
        for _ in range(300):
            text = _text(r, extra=r.random() < 0.3)
            words = set(r.sample(WORDS, r.randint(1, 5)))
            assert K._whole_words_any_case(text, words) == _regex_any_case(text, words), (text, words)

    def test_prefix_words(self) -> None:
        text = "anne, ANN, Anne's annex ann-marie ANNE_x"
        words = {"ann", "anne"}
        assert K._whole_words_any_case(text, words) == _regex_any_case(text, words)

    def test_ignorecase_extras_are_the_only_non_ascii(self) -> None:
        """The fast path's premise: a case-insensitive ``[A-Za-z0-9]`` or ASCII letter matches no non-ASCII
        character but the four in ``_IGNORECASE_EXTRA``."""
        cls = re.compile(r"[A-Za-z0-9]", re.I)
        letters = [re.compile(c, re.I) for c in "abcdefghijklmnopqrstuvwxyz"]
        extra = set(K._IGNORECASE_EXTRA)
        for i in range(128, 0x110000):
            c = chr(i)
            if cls.match(c):
                assert c in extra, hex(i)
            if c.lower() != c or c.upper() != c:  # only a cased character can match a letter
                assert c in extra or not any(rx.match(c) for rx in letters), hex(i)

    def test_fallback_cache_bounded(self) -> None:
        K._any_case_regex.cache_clear()
        for i in range(400):
            text = f"\u0130 word{i} xx"
            words = {f"word{i}"}
            assert K._whole_words_any_case(text, words) == _regex_any_case(text, words)
        info = K._any_case_regex.cache_info()
        assert info.maxsize is not None and info.currsize <= info.maxsize


def _reference(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(K, "_whole_word", _regex_one)
    monkeypatch.setattr(K, "_whole_words_any_case", _regex_any_case)


MAIL = [
    "From: Terr Henderson <terr.henderson@acme.com>\n",
    "tell terr i said hi\n",
    "grigsby west is up; ask Grigsby\n",
    "mike_grigsby@enron.com\n",
    "Lohman, TK\nItem 1-TK to input\nLindy/TK-Please verify\n",
    "Dr dunn's office\n",
    "Rosalind Pretorius; sanjev; sara rumberg\n",
    "ann.lee@x.com wrote: Anne and ann\n",
    "Thanks, \u0130sa and ſik\n",
    "TERR called\n",
]


class TestKnownMentions:
    """``known_mentions`` gives the same spans with the fast paths as with the regexes they replace."""

    @pytest.mark.parametrize("seed", SEEDS)
    def test_same_spans(self, seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
        r = random.Random(seed)
        cases = []
        for _ in range(60):
            text = "".join(r.choice(MAIL) for _ in range(r.randint(1, 6))) + _text(r, extra=r.random() < 0.3)
            spans = []
            for m in re.finditer(r"Terr Henderson|Lohman, TK|Rosalind Pretorius|sara rumberg|Lindy|Ann Lee", text):
                spans.append(Span(m.start(), m.end(), "PERSON", 0.9, "test"))
            spans = [s for i, s in enumerate(spans) if not i or spans[i - 1].end <= s.start]
            cases.append((text, spans))
        fast = [K.known_mentions(t, s) for t, s in cases]
        _reference(monkeypatch)
        assert fast == [K.known_mentions(t, s) for t, s in cases]


class TestLineScans:
    """The three address regexes, run on the lines with an "@", and ``_TITLE_LOWER``, run on the lines with a
    title and its space, find the whole text's matches."""

    @pytest.mark.parametrize("seed", SEEDS)
    @pytest.mark.parametrize(
        "rx",
        [K._ADDRESS, P._ADDRESS_NAME, S._ADDRESS_LOCAL, K._TITLE_LOWER],
        ids=["known", "edges", "tokens", "title"],
    )
    def test_same_matches(self, seed: int, rx: re.Pattern[str]) -> None:
        r = random.Random(seed)
        parts = [*MAIL, "x.y@z\n", "a@b.c", "@\n", "no address here\n", "ab.cd@", "\n", "   ", "bob_smith@", "ex.com"]
        parts += ["ask mr. kessler", "Mrs smith", "Prof jones's", "Dr. Dunn", "dr appointment", "xmr ", "Ms", ". "]
        for _ in range(200):
            text = "".join(r.choice(parts) for _ in range(r.randint(1, 12)))
            got = [(m.span(), m.groups()) for m in scan_matches(rx, text, shortest=1)]
            assert got == [(m.span(), m.groups()) for m in rx.finditer(text)], text


def _docs(seed: int) -> list[str]:
    gen = synthetic_documents(12, seed=seed, weights={"email_thread": 0.4, "email_casual": 0.4, "email_lists": 0.2})
    r = random.Random(seed)
    texts = [d.text for d in gen]
    texts += ["".join(r.choice(MAIL) for _ in range(r.randint(2, 6))) for _ in range(6)]
    return texts


class TestOrderIndependence:
    """The same bytes for every document one by one (a fresh engine), in shuffled orders and with repeats: no
    cache carries one document into another."""

    @pytest.mark.parametrize("seed", SEEDS)
    def test_orders_and_repeats(self, seed: int) -> None:
        texts = _docs(seed)
        alone = {}
        for k, t in enumerate(texts):
            K._any_case_regex.cache_clear()
            r = Deidentifier(seed=1, ner="fast").deidentify(t, key=k)
            alone[k] = (r.text, r.spans)
        eng = Deidentifier(seed=1, ner="fast")
        r = random.Random(seed)
        for _ in range(2):
            keys = list(range(len(texts))) + r.sample(range(len(texts)), 5)  # five repeated
            r.shuffle(keys)
            got = eng.deidentify_many([texts[k] for k in keys], keys=keys, batch_size=7)
            for k, res in zip(keys, got, strict=True):
                assert (res.text, res.spans) == alone[k], k


HANDLE_PARTS = [
    "dana_holt <dana_holt@acme.example>",
    '"lee.marsh" <lee.marsh@city.example>',
    "kbray\n <kbray@power.example>",
    "kbray\r\n> <kbray@p.example>",
    "To: ",
    ", ",
    "; ",
    ": ",
    "\n",
    "\n\n",
    " ",
    "<",
    "@",
    "< x@",
    "<a<b@",
    '"',
    "Ann Kessler <kessler@x.com>",
    "admin <admin@x.com>",
    "word",
    "\t>",
]


class TestHandleScan:
    """``address_handles._handles`` (runs of lines around each "<...@") finds ``_HANDLE.finditer``'s matches."""

    @pytest.mark.parametrize("seed", SEEDS)
    def test_same_matches(self, seed: int) -> None:
        from simulacra.text import address_handles as A

        r = random.Random(seed)
        for _ in range(400):
            text = "".join(r.choice(HANDLE_PARTS) for _ in range(r.randint(1, 14)))
            got = [(m.span(), m.groups()) for m in A._handles(text)]
            assert got == [(m.span(), m.groups()) for m in A._HANDLE.finditer(text)], text
