"""The fast paths of the de-identification pipeline give what the plain code gives (issue 14, speed).

Each shortcut is compared with the code it replaces on inputs built to reach its edges (digits,
underscores and apostrophes inside words, accents, characters whose lowercase has another length).
"""

from __future__ import annotations

import random
import unicodedata

from simulacra.text._lexicon import strip_accents
from simulacra.text.structure import _WORDS, _word_hits
from simulacra.values import fold_ascii

_ALPHABET = "aAbBkKsS \n\t.,-@'’_09éÉßİıſ\u212a²"


def _texts(seed: int, n: int = 400) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 40))) for _ in range(n)]


def test_word_hits_finds_the_tokens_the_word_regex_finds() -> None:
    rng = random.Random(3)
    for text in _texts(1):
        tokens = [m.group().lower() for m in _WORDS.finditer(text)]
        some = {t for t in tokens if rng.random() < 0.5} | {"ab", "k", "sa'b"}
        for words in (some, {t for t in some if t.isascii()}):  # the str.find path needs ASCII words
            want = [m.span() for m in _WORDS.finditer(text) if m.group().lower() in words]
            got = [(a, b) for a, b in _word_hits(text, words) if text[a:b].lower() in words]
            assert got == want, text


def test_word_hits_on_plain_prose() -> None:
    text = "Call O'Connor_2 or 9oconnor, o'connor's desk; Kim kim KIMBALL kim9 _kim"
    words = {"o'connor", "kim", "oconnor"}
    want = [m.span() for m in _WORDS.finditer(text) if m.group().lower() in words]
    assert want  # the test reaches matches
    assert [(a, b) for a, b in _word_hits(text, words) if text[a:b].lower() in words] == want


def _fold_plain(text: str) -> str:
    from simulacra.values._strings import _NOT_LOWER, _SPECIAL

    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return _NOT_LOWER.sub("", text.encode("ascii", "ignore").decode("ascii").lower())


def test_ascii_shortcuts_of_fold_ascii_and_strip_accents() -> None:
    for text in [*_texts(2), "O'Brien-Smith 3rd", "Müller", "ÉLODIE", ""]:
        assert fold_ascii(text) == _fold_plain(text)
        assert strip_accents(text) == "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        )


def test_person_fakes_remembered_equal_fakes_made_afresh() -> None:
    from simulacra.text.surrogates import SurrogateMapper

    # a word alone takes its role (given or family name) from what the scope already knows, so a word
    # seen alone, then in a full name in the other role, then alone again must be recomputed
    names = ["Morgan", "Lee", "Morgan Lee", "Lee Morgan", "Morgan", "Lee", "Mr. Morgan", "J. Lee", "Lee, Morgan"]
    rng = random.Random(5)
    for _ in range(30):
        seq = [rng.choice(names) for _ in range(12)]
        memo, plain = SurrogateMapper(seed=3, scope="doc:1"), SurrogateMapper(seed=3, scope="doc:1")
        assert [memo.person(n) for n in seq] == [plain._person(n)[0] for n in seq], seq


def test_schedule_scan_on_time_range_lines_only_finds_what_the_whole_scan_finds() -> None:
    from simulacra.text.structure import _SCHEDULE, _schedule_matches

    rng = random.Random(11)
    parts = [
        "10:15 - 11:00 ",
        "9:00am-9:30am\t",
        "RICK CAUSEY",
        " 1:00 - 2:00",
        "ANNA B. LOPEZ",
        "\t",
        " ",
        "\n",
        "x",
        "3:00",
        "–",
        "12",
    ]
    texts = ["".join(rng.choice(parts) for _ in range(rng.randint(0, 14))) for _ in range(600)]
    texts.append("10:15 - 11:00\tRICK CAUSEY\nMARY JONES 1:00 PM - 2:00 PM\n1:00-2:00-3:00 TOM LEE")
    hits = 0
    for text in texts:
        want = [m.span() for m in _SCHEDULE.finditer(text)]
        assert [m.span() for m in _schedule_matches(text)] == want, text
        hits += bool(want)
    assert hits > 50


def _tokenize_groups(text: str) -> tuple[list[str], list[int], list[int]]:
    """The tagger's tokenizer as first written: spaces and token as two groups, offsets from their lengths."""
    import re

    pos, toks, starts, ends = 0, [], [], []
    for gap, tok in re.findall(r"([^\S\n]*)(\n|[^\W_]+(?:['’.&-][^\W_]+)*|\S)", text):
        pos += len(gap)
        toks.append(tok)
        starts.append(pos)
        pos += len(tok)
        ends.append(pos)
    return toks, starts, ends


def test_tagger_tokens_from_spaced_matches_equal_the_two_group_tokenizer() -> None:
    from simulacra.text.fast_ner import tokenize

    # every kind of space Python's \s knows (line ends of other kinds, no-break, em, ideographic, the
    # information separators), line ends, apostrophes, hyphens, underscores, accents, digits
    alphabet = "aB9é_'’.&-@ \t\r\n\x0b\x0c\x1c\x1f\x85\xa0\u2003\u2028\u3000"
    rng = random.Random(17)
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))) for _ in range(3000)]
    texts += ["", " ", "\n", " \n \n", "\u2003\n", "O'Brien  met Jean-Pierre\nat U.S. HQ\t_x_ é\r\n"]
    for text in texts:
        toks, starts, ends = tokenize(text)
        assert (toks, starts.tolist(), ends.tolist()) == _tokenize_groups(text), repr(text)


def test_decoder_keeps_the_first_of_equal_scores_as_viterbi_on_each_run() -> None:
    import numpy as np

    from simulacra.text.fast_ner import TAGS, allowed_transitions, decode, viterbi

    # whole-number scores: many ties, which the decoder must break as Viterbi does (the first tag)
    rng = np.random.default_rng(23)
    trans = np.where(allowed_transitions(), rng.integers(-2, 3, (len(TAGS), len(TAGS))), -np.inf).astype(np.float32)
    for _ in range(40):
        n = int(rng.integers(1, 300))
        em = rng.integers(-2, 3, (n, len(TAGS))).astype(np.float32)
        em[:, 0] += rng.choice([0.0, 9.0], n, p=[0.4, 0.6]).astype(np.float32)
        got = decode(em, trans, 1.0)
        cand = em[:, 1:].max(1) > em[:, 0] - 1.0
        for _ in range(2):
            cand[1:] |= cand[:-1].copy()
            cand[:-1] |= cand[1:].copy()
        want = np.zeros(n, dtype=np.int64)
        i = 0
        while i < n:
            j = i
            while j < n and cand[j]:
                j += 1
            if j > i:
                want[i:j] = viterbi(em[i:j], trans)
            i = j + 1
        assert np.array_equal(got, want)


def _random_spans(rng: random.Random, n: int) -> list:
    from simulacra.text.spans import Span

    labels = ["PERSON", "EMAIL", "DATE", "LOCATION"]
    return [
        Span(a, a + rng.randint(1, 3), rng.choice(labels), rng.choice([0.5, 0.85, 1.0]), rng.choice(["a", "b", ""]))
        for a in (rng.randint(0, 12) for _ in range(n))
    ]


def test_span_order_key_sorts_as_the_dataclass_order() -> None:
    from simulacra.text.spans import span_order as _SPAN_ORDER

    rng = random.Random(29)
    for _ in range(500):
        spans = _random_spans(rng, rng.randint(0, 25))  # equal starts, ends, labels and scores: every field decides
        assert sorted(spans, key=_SPAN_ORDER) == sorted(spans)
        assert [id(s) for s in sorted(spans, key=_SPAN_ORDER)] == [id(s) for s in sorted(spans)]  # stable alike


def test_operators_looked_up_once_follow_a_new_policy_and_a_replaced_operator() -> None:
    from simulacra.text.engine import Deidentifier
    from simulacra.text.operators import operator_kind, register_operator
    from simulacra.text.policy import load_policy
    from simulacra.text.spans import Span

    text = "Dear Ann Lee, write to ann@x.org by 3 May."
    spans = [Span(5, 12, "PERSON"), Span(23, 32, "EMAIL"), Span(36, 41, "DATE")]
    eng = Deidentifier(seed=2, ner=None)
    first = eng.anonymize(text, spans, key=1).text
    assert "Ann Lee" not in first
    eng.policy = load_policy({"entities": {"PERSON": "redact"}})
    assert eng.anonymize(text, spans, key=1).text.startswith("Dear [PERSON], write to")
    old = operator_kind("redact")
    try:
        register_operator("redact", lambda v, s, p, c: "<gone>", params=old.params, replace=True)
        assert eng.anonymize(text, spans, key=1).text.startswith("Dear <gone>, write to")
    finally:
        register_operator("redact", old.apply, params=old.params, description=old.description, replace=True)
    assert eng.anonymize(text, spans, key=1).text.startswith("Dear [PERSON], write to")


def test_a_word_standing_alone_is_found_where_its_regex_finds_it() -> None:
    # structure._standing replaces a regex per word: same starts, for every neighbouring character
    import re

    from simulacra.text.structure import _standing

    def regex(text: str, w: str) -> list[int]:
        return [m.start() for m in re.finditer(rf"(?<![\w@./-]){re.escape(w)}(?![\w@/-])", text)]

    neighbours = [chr(i) for i in range(0x3000)] + [chr(i) for i in range(0x10000, 0x10400)]
    for c in neighbours:
        for text in (c + "Enron", "Enron" + c, f"x{c}Enron{c}y", "Enron" + c + "Enron"):
            assert _standing(text, "Enron") == regex(text, "Enron"), repr(text)
    rng = random.Random(7)
    pieces = ["Azurix", "Azu", "rix", "Ab'", "Ab", " ", "\n", ".", "@", "/", "-", "_", "é", "1", "Mr. ", "'"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 25)))
        # "Ab'Ab" overlaps itself ("Ab'Ab'Ab"): the scan goes on after a match's end
        for w in ("Azurix", "AzuAzu", "rixrix", "Ab'Ab"):
            assert _standing(text, w) == regex(text, w), (text, w)


def test_body_ends_and_quoted_entries_are_found_where_their_regexes_find_them() -> None:
    # structure._body_ends replaces _BODY_END.finditer's starts; _QUOTED_HINT gates _QUOTED_ENTRY
    from simulacra.text.corpus import synthetic_documents
    from simulacra.text.structure import _BODY_END, _QUOTED_ENTRY, _QUOTED_HINT, _body_ends

    rng = random.Random(3)
    lines = [
        "-----Original Message-----",
        "  > From: Ann Lee",
        ">To: x",
        "Sent: Monday",
        "_____",
        "____",
        "-",
        "On 11/29/2000 John wrote:",
        "John Doe <jd@x.com> on 11/29/2000 09:12 AM",
        "x" * 79 + " on 1/2/01",
        "x" * 81 + " on 1/2/01",
        "meet on 3 May",
        "he wrote: ok wrote:",
        "rewrote:",
        "To: 'Dave Bamberg'; 'Fred Richoux'; 'I.E.'",
        "  'Ann Lee';",
        "don't 'Ann Lee' x",
        "plain text line",
        "",
    ]
    texts = [d.text for d in synthetic_documents(40, seed=9)]
    for _ in range(1500):
        texts.append(rng.choice(["", "\n", " "]).join(rng.choice(lines) for _ in range(rng.randrange(0, 9))))
        texts.append("\n".join(rng.choice(lines) for _ in range(rng.randrange(0, 9))))
    ended = quoted = 0
    for t in texts:
        want = [m.start() for m in _BODY_END.finditer(t)]
        assert _body_ends(t) == want, repr(t)
        ended += len(want)
        entries = [m.span() for m in _QUOTED_ENTRY.finditer(t)]
        assert not entries or _QUOTED_HINT.search(t) is not None, repr(t)
        quoted += len(entries)
    assert ended > 1000 and quoted > 100


# --- deid-speed7: answers remembered per word, plain dicts for votes, an address's pieces cut once ---------------

# word forms that reach every branch of the word tests: case, a trailing dot or apostrophe, plurals, past and -ing
# forms of dictionary words, given names, diminutives, places, names that are also words, accents, empties
_WORD_FORMS = [
    "", ".", "'", "Will", "will", "WILL", "will.", "Will's", "Bill", "rod", "Rod.", "Ned", "Mark", "mark", "Marks",
    "Power", "powers", "Powered", "powering", "Stocks", "Obviously", "Titanic", "Houston", "houston", "London",
    "Paris", "Jordan", "Israel", "Chad", "Smith", "Smiths", "Kaminski", "Shively", "Zoë", "ZOË", "Müller", "É",
    "Defended", "DISSOLVES", "Agriculture", "Scheduled", "Outages", "Participants", "Members", "the", "An", "an.",
    "baker", "Rose", "Turkey", "Mgmt", "Thx", "Lee", "lee'", "O'Brien", "Van", "de", "III", "Sr.", "Jr",
]  # fmt: skip


def _memoized_word_tests() -> list:
    from simulacra.text import ner_cleanup as N
    from simulacra.text import structure as S

    return [
        S._common, S._dictionary, S._given, S._place, S._known_name, S._first_name,
        N._is_frequent, N._is_word, N._not_a_surname, N._inflected,
    ]  # fmt: skip


def test_word_tests_remembered_equal_the_tests_made_afresh() -> None:
    rng = random.Random(41)
    forms = [*_WORD_FORMS, *(w.upper() for w in _WORD_FORMS), *(w.lower() + "s" for w in _WORD_FORMS)]
    for f in _memoized_word_tests():
        assert f.cache_info().maxsize  # remembered, and bounded (an endless stream of new words)
        plain = f.__wrapped__
        for w in rng.sample(forms, len(forms)) * 2:  # each form asked twice: the second answer is the remembered one
            assert f(w) == plain(w), (f.__name__, w)
    # the tests tell these forms apart (so the comparison above reaches both answers)
    from simulacra.text import structure as S

    assert S._first_name("Rod.") and not S._first_name("Houston") and S._place("Houston")
    assert S._dictionary("Powered") and not S._dictionary("Kaminski")


def _harmonise_labels_plain(text: str, spans: list) -> dict[str, str]:
    """The majority label of each string as the Counter-based code chose it (a tie goes to PERSON)."""
    from collections import Counter, defaultdict

    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for sp in spans:
        votes[text[sp.start : sp.end]][sp.label] += 1
    return {k: max(c, key=lambda lab: (c[lab], lab == "PERSON")) for k, c in votes.items()}  # noqa: B023


def test_harmonise_votes_as_the_counter_did() -> None:
    from simulacra.text.ner_cleanup import harmonise
    from simulacra.text.spans import Span, span_order

    words = ["Rotor", "Lebed", "Acme", "Zorba"]
    labels = ["PERSON", "ORGANIZATION", "LOCATION"]
    text = " ".join(words * 6) + " ."
    starts = [i for i, c in enumerate(text) if c.isupper()]
    rng = random.Random(43)
    reached = set()
    for _ in range(300):
        # ties of two and three labels, in every first-seen order: the first seen wins a tie without PERSON
        picked = sorted(rng.sample(starts, rng.randint(1, len(starts))))
        spans = [Span(a, text.index(" ", a), rng.choice(labels), 0.6, "ner") for a in picked]
        want = _harmonise_labels_plain(text, spans)
        out = harmonise(text, spans)
        assert out == sorted(out, key=span_order) == sorted(out)
        for sp in out:
            assert sp.label == want[text[sp.start : sp.end]]
        reached |= {len(set(c)) for c in [[s.label for s in spans if text[s.start : s.end] == w] for w in words]}
    assert {1, 2, 3} <= reached


def _local_part_plain(mapper, local: str) -> str:
    """``SurrogateMapper._local_part`` as it was before its pieces were cut once per address (deid-speed7)."""
    from simulacra.text import surrogates as SG

    parts = SG._LOCAL_SPLIT.split(local)
    alpha = [i for i, x in enumerate(parts) if x.isalpha()]
    out = []
    for i, part in enumerate(parts):
        if not part or part in "._+-":
            out.append(part)
            continue
        m = SG._LETTERS_DIGITS.fullmatch(part)
        letters, digits = (m.group(1), m.group(2)) if m else (part, "")
        fake = ""
        if letters:
            low = letters.lower()
            if low in SG._GENERIC_LOCAL:
                fake = letters
            elif len(letters) == 1:
                fake = mapper.initial(letters)
            elif low in mapper._first or (
                low not in mapper._last
                and alpha
                and i == alpha[0]
                and len(alpha) > 1
                and (low in mapper.p.female or low in mapper.p.male)
            ):
                fake = SG.fold_ascii(mapper.first_name(letters))
            elif low in mapper._last or len(alpha) > 1:
                fake = SG.fold_ascii(mapper.last_name(letters))
            elif len(low) > 3 and low[1:] in mapper._last:
                fake = mapper.initial(low[0]) + SG.fold_ascii(mapper.last_name(low[1:]))
            elif len(low) > 3 and low[1:] in SG.last_set():
                fake = mapper.initial(low[0]) + SG.fold_ascii(mapper.last_name(low[1:]))
            else:
                fake = (
                    SG.fold_ascii(mapper.first_name(letters))
                    if low in mapper.p.female or low in mapper.p.male
                    else SG.fold_ascii(mapper.last_name(letters))
                )
            fake = SG.match_case(fake, letters) if not letters.islower() else fake.lower()
        if digits:
            fake += mapper._digits(digits, "local")
        out.append(fake)
    result = "".join(out)
    return result if result.lower() != local.lower() else result + mapper._digits("00", "local-again")


def test_address_fakes_from_pieces_cut_once_equal_the_plain_local_part() -> None:
    from simulacra.text.surrogates import SurrogateMapper, _shares_word

    # separators in a row and at the ends, digits glued to letters and alone, initials, generic boxes,
    # accents, a family name behind an initial ("jsmith"), words the scope already knows in either role
    pieces = ["john", "smith", "j", "jsmith", "Vince", "KAMINSKI", "info", "x", "müller", "o'neil", "42", "jo3",
              "3jo", "", "morgan", "lee", "ab_c", "zoë", "Kay"]  # fmt: skip
    seps = [".", "_", "+", "-", "..", ".-"]
    rng = random.Random(47)
    for _ in range(60):
        locals_ = []
        for _ in range(15):
            k = rng.randint(1, 4)
            locals_.append("".join(rng.choice(pieces) + (rng.choice(seps) if j < k - 1 else "") for j in range(k)))
        names = [rng.choice(["Morgan Lee", "Lee Morgan", "John", "Kay Smith", "Zoë"]) for _ in range(3)]
        a, b = SurrogateMapper(seed=7, scope="doc:2"), SurrogateMapper(seed=7, scope="doc:2")
        for m in (a, b):
            m.avoid.update(("smith", "brown"))
        for x, y in zip(names, names, strict=True):  # the same names first in both scopes
            assert a.person(x) == b.person(y)
        got = [a._local_part(loc) for loc in locals_ if loc]
        want = [_local_part_plain(b, loc) for loc in locals_ if loc]
        assert got == want, locals_
    # the cached folding and words of a fake are what fold_ascii and the regex give
    import re

    from simulacra.text.surrogates import _fold

    for fake in ["Zoë", "Müller", "O'Neil-Smith", "ÉLODIE", "", "Øster", "Jo3"] * 2:
        assert _fold(fake) == fold_ascii(fake)

    for fake in ["reed, brown and marquez", "o'neil-smith", "zoë", "", "3m co", "brown"]:
        words = set(re.findall(r"[^\W\d_]+", fake))
        assert _shares_word(fake, {"brown"}) == ("brown" in words or fake == "brown")
        assert _shares_word(fake, {"smith"}) == ("smith" in words)


def test_tagger_spaces_are_every_space_but_the_line_end() -> None:
    import sys

    from simulacra.text.fast_ner import _SPACES

    # tokenize strips these where str.lstrip() stripped every space: the two agree only if the list is whole
    assert _SPACES == "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace() and c != "\n")


def test_tagger_rows_looked_up_in_c_equal_rows_added_in_order() -> None:
    from simulacra.text.fast_ner import FastModel, load_fast_model

    shipped = load_fast_model()
    rng = random.Random(53)
    vocab = [f"w{i}" for i in range(40)] + ["\n", "<s>", "Ann", "ann"]
    for cache_size in (10_000, 25):  # the second clears the cache part-way (an endless stream)
        fast = FastModel(shipped.weights, shipped.trans, cache_size=cache_size)
        plain: dict[str, int] = {}
        for _ in range(40):
            toks = [rng.choice(vocab) for _ in range(rng.randint(0, 30))]
            got = fast.ids(toks).tolist()
            # the plain rule: a string's row is its place among the strings first seen since the last clearing
            new = list(dict.fromkeys(t for t in toks if t not in plain))
            if len(plain) + len(new) > cache_size:
                plain.clear()
                new = list(dict.fromkeys(toks))
            base = len(plain)
            plain.update((t, base + i) for i, t in enumerate(new))
            assert got == [plain[t] for t in toks]
            assert fast.ids(toks).tolist() == got  # asked again: every string cached, the C path
