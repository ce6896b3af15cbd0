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
