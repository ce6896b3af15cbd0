"""Speed plumbing that must not change a byte (issue 14, speed): the regex analysis's parses kept per pattern,
and the one-process runner keeping its warm objects out of the cyclic collector."""

from __future__ import annotations

import gc
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from simulacra.text import _scan
from simulacra.text.corpus import synthetic_documents
from simulacra.text.recognizers import PatternRecognizer, ScanPlan, load_recognizers
from simulacra.text.runner import deidentify_path


def _clear() -> None:
    for f in (_scan._parser, _scan.first_chars, _scan._union_filter, _scan._which_filter, _scan._scanner):
        f.cache_clear()


@pytest.fixture
def fresh_analysis() -> Iterator[None]:
    _clear()
    yield
    _clear()


class _Counting:
    """The real parser module, counting how often each ``(pattern, flags)`` is parsed."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.calls: Counter[tuple[str, int]] = Counter()

    def __getattr__(self, name: str) -> Any:  # SubPattern and the rest, as the module has them
        return getattr(self.real, name)

    def parse(self, source: str, flags: int = 0, state: Any = None) -> Any:
        self.calls[(source, flags)] += 1
        return self.real.parse(source, flags, state)


def _derived(recs: list[PatternRecognizer], plan: ScanPlan) -> list[object]:
    """Everything the analysis decides for a list of recognizers (the faster form, gates, line scans, groups)."""
    out: list[object] = []
    for r in recs:
        for p in r.patterns:
            out.append(
                (
                    p.scan.pattern,
                    p.scan.flags,
                    repr(p.needs),
                    None if p.lines is None else (p.lines.hit.pattern, p.lines.hit.flags, p.lines.strings),
                    p.local,
                    p.tail,
                )
            )
    out.append([(g.filter.pattern, None if g.which is None else g.which.pattern) for g in plan.groups])
    return out


def test_each_pattern_is_parsed_once_and_no_analysis_changes_a_kept_parse(
    fresh_analysis: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    counting = _Counting(_scan._p)
    monkeypatch.setattr(_scan, "_p", counting)
    recs = load_recognizers()
    ScanPlan(recs)
    for source in ("(?P<a>x)\\b", "[A-Z][a-z]+ (?:and|or) \\d{2,4}"):  # the line scans of structure's rules too
        list(_scan.scan_matches(re.compile(source), "Anna and 2024\nBob or 17"))
    parser = _scan._parser()
    assert isinstance(parser, _scan._Parses)
    assert len(parser.kept) > 100  # the shipped patterns' parses are kept
    twice = {k: n for k, n in counting.calls.items() if n > 1 and k in parser.kept}
    assert not twice, f"parsed more than once: {list(twice)[:3]}"
    for (source, flags), kept in parser.kept.items():
        fresh = counting.real.parse(source, flags)
        assert str(kept.data) == str(fresh.data), source  # no analysis changed what it was given
        assert kept.state.flags == fresh.state.flags
        assert kept.state.groupdict == fresh.state.groupdict
        assert kept.getwidth() == fresh.getwidth()


def test_kept_parses_decide_what_fresh_parses_decide(fresh_analysis: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every shipped pattern's faster form, requirements, line scan, line-locality and line-end rule, and the
    plan's shared filters: the same whether each analysis parses afresh or is given the kept parse."""
    kept = _derived(recs := load_recognizers(), ScanPlan(recs))
    _clear()
    monkeypatch.setattr(_scan._Parses, "parse", lambda self, source, flags=0: self.module.parse(source, flags))
    fresh = _derived(recs := load_recognizers(), ScanPlan(recs))
    assert kept == fresh


def test_a_pattern_that_does_not_parse_is_not_kept(fresh_analysis: None) -> None:
    parser = _scan._parser()
    assert parser is not None
    with pytest.raises(re.error):
        parser.parse("(unclosed", 0)
    assert ("(unclosed", 0) not in parser.kept
    assert _scan.requirements("(unclosed") == ()  # the analysis answers "nothing known", as before


# --- the runner: warm objects frozen out of the collector after the first batch ------------------


def _folder(tmp_path: Path, seed: int, n: int = 24) -> Path:
    kinds = ("email_thread", "email_casual", "email_lists", "news", "chat")
    docs = [d.text for d in synthetic_documents(n, seed=seed, weights={k: 1.0 for k in kinds})]
    src = tmp_path / f"in{seed}.jsonl"
    src.write_text("".join(json.dumps({"text": t}) + "\n" for t in docs), encoding="utf-8")
    return src


@pytest.mark.parametrize("seed", [3, 11, 29])
def test_one_process_run_freezes_after_the_first_batch_and_writes_the_same_bytes(tmp_path: Path, seed: int) -> None:
    src = _folder(tmp_path, seed)
    frozen_seen: list[int] = []

    def progress(done: int, total: int) -> None:
        frozen_seen.append(gc.get_freeze_count())

    assert gc.get_freeze_count() == 0
    deidentify_path(src, tmp_path / "a.jsonl", seed=seed, batch_chars=2_000, progress=progress)
    # the first report comes before any batch, the second after the first batch: frozen from then on
    assert len(frozen_seen) > 3
    assert all(n > 0 for n in frozen_seen[2:])
    assert gc.get_freeze_count() == 0  # unfrozen at the end

    gc.disable()  # the collector off: nothing is frozen (and the bytes must not depend on it)
    try:
        seen_off: list[int] = []
        deidentify_path(
            src,
            tmp_path / "b.jsonl",
            seed=seed,
            batch_chars=2_000,
            progress=lambda d, t: seen_off.append(gc.get_freeze_count()),
        )
    finally:
        gc.enable()
    assert set(seen_off) == {0}
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()


def test_a_callers_frozen_objects_are_left_frozen(tmp_path: Path) -> None:
    src = _folder(tmp_path, 5, n=20)
    gc.freeze()
    try:
        before = gc.get_freeze_count()
        deidentify_path(src, tmp_path / "out.jsonl", seed=5, batch_chars=2_000)
        after = gc.get_freeze_count()
        assert 0 < after <= before  # neither unfrozen nor added to (frozen objects freed meanwhile leave it)
    finally:
        gc.unfreeze()


# --- the tagger's word lists: built once per process, the same table -----------------------------


def test_word_flags_are_the_lists_each_word_is_in_in_list_order() -> None:
    from simulacra.text import fast_ner

    fast_ner._word_flags.cache_clear()
    table = fast_ner._word_flags()
    # the table as it was built before (a list per word, a string per flag), from the same lists
    from simulacra.text import corpus as c
    from simulacra.text.ner_cleanup import countries as _countries
    from simulacra.text.ner_cleanup import descriptors as _descriptors
    from simulacra.text.ner_cleanup import given_and_family as _given_and_family
    from simulacra.text.ner_cleanup import lexicons as _lexicons
    from simulacra.text.ner_cleanup import towns as _towns

    frequent, dictionary, places, _ = _lexicons()
    given, family = _given_and_family()
    low = lambda xs: frozenset(w.lower().rstrip(".") for x in xs for w in x.split())  # noqa: E731
    sets = {
        "given": given,
        "family": family,
        "place": places,
        "town": _towns(),
        "country": _countries(),
        "freq": frequent,
        "dict": dictionary,
        "desc": _descriptors(),
        "hon": low(c.HONORIFICS),
        "orgtail": low(c.ORG_TAIL + c.ORG_KINDS + c.ORG_PLACE_TAIL),
        "club": low(c.CLUB_SUFFIX),
        "time": low(c.WEEKDAYS + c.MONTHS),
    }
    ref: dict[str, list[str]] = {}
    for name, words in sets.items():
        for w in words:
            ref.setdefault(w, []).append("l=" + name)
    assert list(table) == list(ref)  # the same words in the same order
    assert table == {w: tuple(f) for w, f in ref.items()}
    assert any(len(f) >= 3 for f in table.values())  # words in several lists keep every flag, in list order


def _translit_per_character(s: str) -> str:
    from simulacra.text._lexicon import _CYRILLIC, _GREEK

    out = []
    for ch in s:
        low = ch.lower()
        t = _CYRILLIC.get(low, _GREEK.get(low))
        out.append(ch if t is None else (t.capitalize() if ch != low else t))
    return "".join(out)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_transliteration_leaves_ascii_as_it_is_and_reads_the_rest_per_character(seed: int) -> None:
    import random

    from simulacra.text._lexicon import _translit, latin

    rng = random.Random(seed)
    alphabets = [
        "abcXYZ .'-0123",  # ASCII only: the shortcut
        "ÀÉîøßĀſ",  # Latin beyond ASCII
        "абвгдеёжзийЖЩЮЯ",  # Cyrillic, both cases
        "αβγδΣΩάΐΰ",  # Greek, both cases
        "İıK",  # characters whose case changes their length or script
    ]
    for _ in range(400):
        s = "".join(rng.choice(rng.choice(alphabets)) for _ in range(rng.randint(0, 12)))
        assert _translit(s) == _translit_per_character(s), s
        assert latin(s) == (lambda t: t if t and _LATIN_WORD_OK(t) else None)(_translit_per_character(s.strip()))


def _LATIN_WORD_OK(t: str) -> bool:  # noqa: N802 - the module's own test, as latin() applies it
    from simulacra.text._lexicon import _LATIN_WORD

    return _LATIN_WORD.match(t) is not None
