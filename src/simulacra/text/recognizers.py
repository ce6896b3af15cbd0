"""Recognizers: things with ``find(text) -> list[Span]``.

``PatternRecognizer``s are data (``patterns.yaml``, or a user's file in the same
shape): regexes with base scores, an optional checksum/plausibility hook from
``VALIDATORS`` and context words. Context words are matched as whole words
(never substrings: "card" does not fire inside "discard"), case-insensitively,
within a window of words before the match and two words after it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from simulacra.errors import Location, Problem, SpecValidationError, did_you_mean
from simulacra.spec.yaml_lines import load_yaml
from simulacra.text._scan import (
    TOKEN,
    Doc,
    LineScan,
    Need,
    digit_line_end,
    fast_form,
    first_chars,
    first_class,
    has_letters,
    has_lowercase,
    line_local,
    line_scan,
    minimal,
    requirements,
    union_filter,
)
from simulacra.text.spans import Span
from simulacra.values import iban_is_valid, luhn_is_valid

__all__ = [
    "VALIDATORS",
    "PatternRecognizer",
    "Recognizer",
    "ScanPlan",
    "default_recognizers",
    "load_recognizers",
]


class Recognizer(Protocol):
    """Finds entity spans in a text."""

    @property
    def name(self) -> str: ...
    @property
    def labels(self) -> frozenset[str]: ...

    def find(self, text: str) -> list[Span]: ...


# --- validators: checksum and plausibility hooks ---------------------------------------


def _digits(s: str) -> str:
    return "".join(c for c in s if c.isdigit())


def _luhn(s: str) -> bool:
    d = _digits(s)
    return 12 <= len(d) <= 19 and luhn_is_valid(d)


def _iban(s: str) -> bool:
    return iban_is_valid(s)


def _us_ssn(s: str) -> bool:
    d = _digits(s)
    if len(d) != 9:
        return False
    area, group, serial = d[:3], d[3:5], d[5:]
    if area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000":
        return False
    return d not in ("123456789", "078051120", "219099999") and len(set(d)) > 1


def aba_is_valid(s: str) -> bool:
    """ABA routing number: weights 3, 7, 1 repeated; the sum is a multiple of 10."""
    d = _digits(s)
    if len(d) != 9 or len(set(d)) == 1:
        return False
    total = sum(int(c) * w for c, w in zip(d, (3, 7, 1) * 3, strict=True))
    return total % 10 == 0


_EXTENSION = re.compile(r"\s?(?:x|ext\.?)\s?\d{1,5}$")


def _phone_digits(s: str) -> bool:
    """7 to 15 digits (an extension, "x769", not counted), not all the same two or one."""
    d = _digits(_EXTENSION.sub("", s))
    return 7 <= len(d) <= 15 and len(set(d)) > 2


_MONTHS = {
    m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))
}


_DATE_SEP = re.compile(r"[/.-]")


def _date(s: str) -> bool:
    """Reject impossible calendar dates (31 February) among purely numeric ones."""
    parts = _DATE_SEP.split(s)
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        a, b, c = (int(p) for p in parts)
        if len(parts[0]) == 4:
            return _ok(a, b, c)
        year = c if len(parts[2]) == 4 else 2000 + c
        return _ok(year, a, b) or _ok(year, b, a)
    return True


def _ok(y: int, m: int, d: int) -> bool:
    try:
        dt.date(y, m, d)
    except ValueError:
        return False
    return True


def _age(s: str) -> bool:
    d = _digits(s)
    return bool(d) and 0 < int(d) < 125


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    from simulacra.text._lexicon import lexicon

    return frozenset(lexicon().first)


def _company_name(s: str) -> bool:
    """Not a person's name run into a firm's ("Chris Dorland Enron Canada Corp." in a signature): a name
    of two words or more before its legal form does not start with a given name."""
    words = s.replace(",", " ").split()
    return len(words) < 3 or words[0] not in _given_names()


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    from simulacra.text._lexicon import lexicon

    return frozenset(lexicon().countries)


def _institution_name(s: str) -> bool:
    """Not a person's name before an institution's word ("Sally Beck Enron MBA Excellence Fund"): the name
    does not start with a given name; nor with a country's name of two or three words ("the Russian
    Federation and Chechnya")."""
    words = s.split()
    countries = _countries()
    return words[0] not in _given_names() and not any(" ".join(words[:k]) in countries for k in (2, 3))


#: the first words of a line of labelled numbers, not a results line's team ("Page 2 Chapter 3", "Room 12
#: Floor 4", "Total 4 3 0 1 4 2 9", "August 31 1996")
_NOT_TEAMS = frozenset(
    "Page Chapter Section Part Table Figure Fig Room Suite Apt Unit Box Floor Level Row Gate Step Week Day Round "
    "Game Set Stage Heat Lap Group Division Pool Quarter Half Period Inning Hole Total Totals Overall Home Away "
    "Item Line No Number Version Vol Volume Class Grade Year Age Size Level Flight Route Bus Platform Track "
    "January February March April May June July August September October November December Jan Feb Mar Apr "
    "Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
)


def _team_name(s: str) -> bool:
    """A team's name in a results line or league table, not a label before a number ("Page 2 Chapter 3")."""
    return s.split()[0].rstrip(".") not in _NOT_TEAMS


@lru_cache(maxsize=1)
def _not_person_words() -> frozenset[str]:
    """Lowercased words a list of people's given names does not hold: countries, nationalities, the major
    cities, months and weekdays, and the English dictionary's words that are not given names."""
    from simulacra.text._groups import GROUP_KINDS
    from simulacra.text._lexicon import english_words, lexicon

    lx = lexicon()
    given = {w.lower() for w in lx.first}
    words = {w.lower() for w in english_words()} - given
    words |= {w.lower() for w in (*lx.countries, *lx.major_cities) if " " not in w}
    words |= {w.lower() for kind in GROUP_KINDS.values() for w in kind}
    words |= {m.lower() for m in _NOT_TEAMS}
    return frozenset(words)


@lru_cache(maxsize=1)
def _given_names_lower() -> frozenset[str]:
    return frozenset(w.lower() for w in _given_names())


_LIST_ITEM = re.compile(r"[^\W\d_][\w'’-]*")


def _given_name_list(s: str) -> bool:
    """A list of people called by their given names ("They had 6: Gaetane, Hannah, Anthony and Andrew"):
    no item is a country, a city, a nationality, a month or a dictionary word, and most are given names of
    the lexicon (a list of towns or clubs, "Sarajevo, Tuzla and Mostar", is not)."""
    items = [m.group().lower() for m in _LIST_ITEM.finditer(s)]
    items = [w for w in items if w != "and"]
    given = _given_names_lower()
    bad = _not_person_words()
    return len(items) >= 3 and not any(w in bad for w in items) and 2 * sum(w in given for w in items) >= len(items) + 1


def _org_name(s: str) -> bool:
    """A firm's name where only a firm can stand, not a person's or a country's ("joined Sarah", "worked
    for Germany"): its first word is not a given name, a country or a nationality."""
    from simulacra.text._groups import group_kind

    first = s.split()[0].strip(",")
    return first not in _given_names() and first not in _countries() and group_kind(first) is None


def _job_title(s: str) -> bool:
    """A job's name ("Staff development specialist", "Midwife"), not a person's whose surname is a trade
    ("Tom Cook", "Anna Baker"): ``_groups.is_job_title``, and the first word is not a given name."""
    from simulacra.text._groups import is_job_title

    return is_job_title(s) and s.split()[0] not in _given_names()


def _firm_line(s: str) -> bool:
    """A firm's line in a business address, not a person's ("John Smith"), a job's ("Managing Director"),
    a country's or a nationality's: ``_org_name``, and not a job title; nor a line that holds a person's
    name after its first word ("Law Offices of Daniel W. Douglass": the person is the tagger's to find)."""
    from simulacra.text._groups import is_job_title

    words = s.replace(",", " ").split()
    given = _given_names()
    named = any(w in given and words[i + 1][:1].isupper() for i, w in enumerate(words[1:-1], 1))
    return _org_name(s) and not is_job_title(s) and not named


@lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    """The lexicon's countries, cities and regions, lowercased."""
    from simulacra.text._lexicon import lexicon

    lx = lexicon()
    return frozenset(w.lower() for w in (*lx.countries, *lx.cities, *lx.major_cities, *lx.regions))


def _firm_name(s: str) -> bool:
    """A firm's name before "office" or "website", not a place's ("the London office"): ``_org_name``, and
    the name is not a country, city or region of the lexicon."""
    return _org_name(s) and s.lower() not in _places()


def _surname_list(s: str) -> bool:
    """People listed by their surnames ("Kónya, Becker and Vasquez"), not places, peoples or dates: no item
    is a country, a city, a nationality, a month or a weekday."""
    from simulacra.text._groups import group_kind

    items = [m.group() for m in _LIST_ITEM.finditer(s) if m.group() not in ("and", "And")]
    places = _places()
    return len(items) >= 2 and not any(
        w.lower() in places or group_kind(w) is not None or w in _NOT_TEAMS for w in items
    )


def _street_name(s: str) -> bool:
    """A street and its number, not a person's given name before a count ("send Gabriela 10 copies", "Katie
    3 days"): a street written as one word ending in a street's suffix ("-iela", "-tie") then its number is
    not a given name of the lexicon. A street of more words ("10 Main Street", "Calle Mayor 5") is not read."""
    words = s.split()
    return len(words) != 2 or words[0] not in _given_names()


VALIDATORS: dict[str, Callable[[str], bool]] = {
    "street_name": _street_name,
    "company_name": _company_name,
    "org_name": _org_name,
    "given_name_list": _given_name_list,
    "team_name": _team_name,
    "institution_name": _institution_name,
    "firm_line": _firm_line,
    "firm_name": _firm_name,
    "surname_list": _surname_list,
    "job_title": _job_title,
    "luhn": _luhn,
    "iban": _iban,
    "us_ssn": _us_ssn,
    "aba_routing": aba_is_valid,
    "phone_digits": _phone_digits,
    "date": _date,
    "age": _age,
}

# --- context -----------------------------------------------------------------------

_WORD = TOKEN  # a word for context matching: letters, digits, _ ' # /


_ANCHOR_BEFORE = 80  # an email's local part is at most 64 characters
_ANCHOR_AFTER = 320


@dataclass(frozen=True)
class _Pattern:
    """One regex of a recognizer; ``scan`` and ``needs`` are derived from it (see ``_scan``)."""

    name: str
    regex: re.Pattern[str]
    score: float
    #: the same regex in a form that scans faster (identical matches); set by __post_init__
    scan: re.Pattern[str] = field(init=False, compare=False)
    #: what a text must contain for ``regex`` to have a match in it
    needs: tuple[Need, ...] = field(default=(), compare=False)
    #: a pattern that stops at letters and stays within a line: scanned only on lines with its words
    lines: LineScan | None = field(default=None, compare=False)
    #: every match lies within one line (``_scan.line_local``): a recognizer that requires context
    #: scans only the lines near its context words
    local: bool = field(default=False, compare=False)
    #: every match ends its line with a digit and holds at most this many line ends
    #: (``_scan.digit_line_end``): scanned only on the lines that can hold one (``Doc.digit_line_runs``)
    tail: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        scan = self.regex
        needs: tuple[Need, ...] = ()
        lines = None
        local = False
        tail = None
        try:
            flags = self.regex.flags & ~re.UNICODE
            fast = fast_form(self.regex.pattern, flags)
            if fast != self.regex.pattern:
                scan = re.compile(fast, flags)
            # a test costs about as much as a quick scan unless it is short: long lists of
            # strings only for patterns whose own scan is slow (may start with a lowercase letter)
            first = first_chars(self.regex.pattern, flags)
            slow = first is None or has_lowercase(first, flags)
            needs = requirements(self.regex.pattern, flags, max_strings=32 if slow else 3)
            if first is None or has_letters(first):
                lines = line_scan((self.regex.pattern, scan.pattern), flags)
            local = line_local((self.regex.pattern, scan.pattern), flags)
            tail = digit_line_end(self.regex.pattern, flags)
        except Exception:  # noqa: BLE001 - a shape the analysis did not foresee: run the regex as written
            scan, needs, lines, local, tail = self.regex, (), None, False, None
        object.__setattr__(self, "tail", tail)
        object.__setattr__(self, "scan", scan)
        object.__setattr__(self, "needs", needs)
        object.__setattr__(self, "lines", lines)
        object.__setattr__(self, "local", local)


@dataclass(frozen=True)
class PatternRecognizer:
    """Regexes + optional validator + whole-word context words (see ``patterns.yaml``)."""

    name: str
    label: str
    patterns: tuple[_Pattern, ...]
    validate: Callable[[str], bool] | None = None
    context: tuple[tuple[str, ...], ...] = ()
    requires_context: bool = False
    boost: float = 0.35
    window: int = 5
    group: str | None = None
    default: bool = True
    window_after: int = 0
    anchor: tuple[str, ...] = ()
    #: each word of the match (or its group) its own span, "and" left out: a list of names, validated whole
    split: bool = False
    labels: frozenset[str] = field(default=frozenset())
    #: the context phrases' first words when all are ASCII (a cheap "can any be here" test), else None
    _firsts: tuple[str, ...] | None = field(default=None, init=False, repr=False, compare=False)
    _singles: frozenset[str] = field(default=frozenset(), init=False, repr=False, compare=False)
    _multis: tuple[tuple[str, ...], ...] = field(default=(), init=False, repr=False, compare=False)
    #: whether ``_near_context`` can bound where a match has context (decided once, not per text)
    _near_ok: bool = field(default=False, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "labels", frozenset({self.label}))
        firsts = tuple(dict.fromkeys(p[0] for p in self.context))
        # a word containing another adds nothing to "is any of them in the text"
        object.__setattr__(self, "_firsts", minimal(frozenset(firsts)) if all(w.isascii() for w in firsts) else None)
        # a group's span (what the context is read around) may lie outside the match; a word of one or
        # two letters ("in", "to") stands every few words, and its reach would be the whole text
        object.__setattr__(
            self,
            "_near_ok",
            self._firsts is not None and self.group is None and min(map(len, self._firsts), default=0) >= 3,
        )
        object.__setattr__(self, "_singles", frozenset(p[0] for p in self.context if len(p) == 1))
        object.__setattr__(self, "_multis", tuple(p for p in self.context if len(p) > 1))

    def _context_possible(self, doc: Doc) -> bool:
        """False when no context phrase can occur in the text at all.

        A phrase's first word, lowercased, must then be a substring of the lowercased
        text (also for a word cut by the window edge); only for ASCII words, where
        lowercasing a piece of text and the whole text agree.
        """
        if self._firsts is None:
            return True
        key = id(self)
        r = doc.context.get(key)
        if r is None:
            low = doc.lower
            r = False
            for w in self._firsts:  # a loop, not ``any`` over a generator: asked per recognizer and text
                if w in low:
                    r = True
                    break
            doc.context[key] = r
        return r

    def has_context(self, text: str | Doc, start: int, end: int) -> bool:
        """A context phrase, as whole words, within ``window`` words before or ``window_after`` after."""
        if not self.context:
            return False
        doc = text if isinstance(text, Doc) else Doc(text)
        if not self._context_possible(doc):
            return False
        n, k = self.window, self.window_after
        before = doc.words_between(max(0, start - 24 * n), start, last=n)
        after = doc.words_between(end, end + 24 * k, first=k) if k else []
        singles = self._singles
        for words in (before, after):
            if singles and not singles.isdisjoint(words):
                return True
        for phrase in self._multis:
            k = len(phrase)
            for words in (before, after):
                for i in range(len(words) - k + 1):
                    if tuple(words[i : i + k]) == phrase:
                        return True
        return False

    def _windows(self, text: str) -> list[tuple[int, int]]:
        """Where a match can be: the whole text, or windows around the anchors (merged)."""
        if not self.anchor:
            return [(0, len(text))]
        hits: list[int] = []
        for anchor in self.anchor:
            i = text.find(anchor)
            while i >= 0:
                hits.append(i)
                i = text.find(anchor, i + 1)
        if not hits:
            return []
        hits.sort()
        out: list[tuple[int, int]] = []
        for h in hits:
            a, b = max(0, h - _ANCHOR_BEFORE), min(len(text), h + _ANCHOR_AFTER)
            if out and a <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], b))
            else:
                out.append((a, b))
        return out

    def _near_context(self, doc: Doc) -> list[tuple[int, int]] | None:
        """The runs of whole lines where a match can have a context word in reach, or None (no such bound).

        ``has_context`` reads the words of ``text[start - 24 * window : start]`` and of
        ``text[end : end + 24 * window_after]``; a phrase found there has its first word, lowercased,
        inside that slice, so one of ``_firsts`` occurs in the lowercased text inside it. A match
        that lies within one line therefore lies in a line that meets ``[q + len(w), q + len(w) +
        24 * window]`` (its start) or ``[q + len(w) - 24 * window_after, q]`` (its end) for an
        occurrence ``q`` of a first word ``w``; every other line's matches are dropped for want of
        context. Only for ASCII first words and a text whose lowercasing keeps the offsets.
        """
        if not self._near_ok:  # no bound for this recognizer (``__post_init__`` says why)
            return None
        key = id(self)
        runs = doc.near.get(key)
        if runs is None:
            text, low = doc.text, doc.lower
            if len(low) != len(text):
                return None
            before, after = 24 * self.window, 24 * self.window_after
            reach: list[tuple[int, int]] = []
            for w in self._firsts or ():  # set whenever ``_near_ok`` is
                n = len(w)
                q = low.find(w)
                while q >= 0:
                    reach.append((q + n, q + n + before))
                    if after:
                        reach.append((q + n - after, q))
                    q = low.find(w, q + 1)
            reach.sort()
            runs = []
            size = len(text)
            for x, y in reach:
                x, y = max(0, x), min(size, y)
                if runs and x <= runs[-1][1]:
                    if y >= runs[-1][1]:  # the line of ``y`` is already in the run when y is before its end
                        nl = text.find("\n", y)
                        runs[-1] = (runs[-1][0], size if nl < 0 else nl + 1)
                    continue
                nl = text.find("\n", y)
                runs.append((text.rfind("\n", 0, x) + 1, size if nl < 0 else nl + 1))
            if 2 * sum(b - a for a, b in runs) > size:
                runs = [(0, size)]  # most of the text: one scan of it (with its line windows) costs less
            doc.near[key] = runs
        return runs

    def _matches(self, p: _Pattern, doc: Doc) -> Iterable[re.Match[str]]:
        text = doc.text
        if self.requires_context and p.local and not self.anchor:
            runs = self._near_context(doc)
            if runs is not None and runs != [(0, len(text))]:
                return (m for a, b in runs for m in p.scan.finditer(text, a, b))
        if not self.anchor:
            if p.tail is not None:
                # the regex as written (what ``digit_line_end`` read) on the lines that can end a match
                rx = p.regex
                return (m for a, b in doc.digit_line_runs(p.tail) for m in rx.finditer(text, a, b))
            return p.scan.finditer(text) if p.lines is None else p.lines.finditer(p.scan, text)
        return self._anchored(p, text)

    def _anchored(self, p: _Pattern, text: str) -> Iterable[re.Match[str]]:
        for a, b in self._windows(text):
            # lookbehinds still see the text before ``a``; a window edge inside a word is
            # rejected below so a match never starts or ends mid-token because of the cut
            for m in p.scan.finditer(text, a, b):
                if (m.start() == a and a > 0 and text[a - 1].isalnum()) or (
                    m.end() == b and b < len(text) and text[b].isalnum()
                ):
                    continue
                yield m

    def find(self, text: str) -> list[Span]:
        return self.find_in(Doc(text))

    def find_in(self, doc: Doc) -> list[Span]:
        """``find`` on a ``Doc`` (its per-text caches are shared by every recognizer)."""
        out: list[Span] = []
        found = doc.found
        gate = self.requires_context  # asked once, and only if some pattern can match at all
        for p in self.patterns:
            key = id(p)
            matches: Iterable[re.Match[str]] | None = found.get(key)
            if matches is None:
                if key in doc.grouped:
                    continue  # its group's scan found no match
                if p.needs and not doc.meets_all(p.needs):
                    continue  # the text lacks something every match contains
                matches = self._matches(p, doc)
            if gate:
                if not self._context_possible(doc):
                    return []  # every match would be dropped for want of a context word
                gate = False
            if self.split:
                for m in matches:
                    out.extend(self.items_of(doc, p, m))
            else:
                out.extend(s for m in matches if (s := self.span_of(doc, p, m)) is not None)
        return out

    def items_of(self, doc: Doc, p: _Pattern, m: re.Match[str]) -> list[Span]:
        """A ``split`` match's words, each a span with the whole match's score (empty when it is not valid)."""
        whole = self.span_of(doc, p, m)
        if whole is None:
            return []
        text = doc.text
        return [
            Span(w.start(), w.end(), whole.label, whole.score, whole.source)
            for w in _LIST_ITEM.finditer(text, whole.start, whole.end)
            if w.group() not in ("and", "And")
        ]

    def span_of(self, doc: Doc, p: _Pattern, m: re.Match[str]) -> Span | None:
        """The span a match of pattern ``p`` gives: validated, scored with its context, or None."""
        if self.group is not None and m.group(self.group) is not None:
            start, end = m.span(self.group)
        else:
            start, end = m.span()
        if start >= end or (self.validate is not None and not self.validate(doc.text[start:end])):
            return None
        score = p.score
        if self.context and (self.requires_context or score < 1.0):
            if self.has_context(doc, start, end):
                score = min(1.0, score + self.boost)
            elif self.requires_context:
                return None
        return Span(start, end, self.label, score, f"{self.name}.{p.name}")


@dataclass(frozen=True)
class _Group:
    """Patterns found together: one scan of ``filter`` says where any of them matches.

    At each such position only the members that can start with the character there are
    matched for their ``Match`` (or, given ``which``, one match of all the patterns as
    lookaheads, those it says match there).
    """

    members: tuple[_Pattern, ...]
    filter: re.Pattern[str]
    which: re.Pattern[str] | None = None
    _keys: tuple[int, ...] = field(default=(), init=False, repr=False)
    _matchers: tuple[Callable[..., re.Match[str] | None], ...] = field(default=(), init=False, repr=False)
    #: the members' distinct ``needs`` (many members need the same: a digit); None when one needs nothing
    _needs: tuple[tuple[Need, ...], ...] | None = field(default=None, init=False, repr=False)
    #: each member's first characters (``first_class``; None: unknown, any)
    _firsts: tuple[re.Pattern[str] | None, ...] = field(default=(), init=False, repr=False)
    #: a character -> the (key, matcher) of the members a match can start with it, in member order (filled as met)
    _by_char: dict[str, tuple[tuple[int, Callable[..., re.Match[str] | None]], ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_keys", tuple(id(p) for p in self.members))
        object.__setattr__(self, "_matchers", tuple(p.scan.match for p in self.members))
        needs = tuple(dict.fromkeys(p.needs for p in self.members))
        object.__setattr__(self, "_needs", None if () in needs else needs)
        firsts = tuple(first_class(p.regex.pattern, p.regex.flags & ~re.UNICODE) for p in self.members)
        object.__setattr__(self, "_firsts", firsts)

    def starting(self, c: str) -> tuple[tuple[int, Callable[..., re.Match[str] | None]], ...]:
        """The members a match can start with ``c`` (its key and matcher), in member order; cached per character."""
        tries = self._by_char.get(c)
        if tries is None:
            tries = self._by_char[c] = tuple(
                (key, match)
                for key, match, first in zip(self._keys, self._matchers, self._firsts, strict=True)
                if first is None or first.match(c) is not None
            )
        return tries

    def run(self, doc: Doc) -> None:
        """Every member's ``finditer`` matches, into ``doc.found`` (members without any: absent)."""
        if self._needs is not None and not any(doc.meets_all(ns) for ns in self._needs):
            return  # the text lacks what each member needs (a digit, mostly)
        text = doc.text
        search = self.filter.search
        m = search(text)
        if m is None:
            return
        found = doc.found
        ends: dict[int, int] = {}
        if self.which is None:
            by_char, starting = self._by_char, self.starting
            while m is not None:
                # some member matches at s, and none matches between the previous s and this one; only a member
                # that can start with the character at s can be it (the filter never matches empty: s < len)
                s = m.start()
                c = text[s : s + 1]
                tries = by_char.get(c)
                for key, match in tries if tries is not None else starting(c):
                    if s >= ends.get(key, 0):
                        mm = match(text, s)
                        if mm is not None:
                            found.setdefault(key, []).append(mm)
                            ends[key] = mm.end()
                m = search(text, s + 1)
            return
        keys, matchers = self._keys, self._matchers
        which = self.which.match
        while m is not None:
            # some member matches at s, and none matches between the previous s and this one
            s = m.start()
            regs = which(text, s).regs  # type: ignore[union-attr]
            for i, key in enumerate(keys):
                if regs[i + 1][0] >= 0 and s >= ends.get(key, 0):
                    mm = matchers[i](text, s)
                    if mm is not None:
                        found.setdefault(key, []).append(mm)
                        ends[key] = mm.end()
            m = search(text, s + 1)


class ScanPlan:
    """How to run a list of recognizers over many texts cheaply (same spans as running each).

    Patterns that start with a digit or a sign (dates, times, numbers, phones, ...)
    share one scan: ``_scan.union_filter`` finds the positions where any of them
    matches, and only there is each one tried; so do patterns that start with a
    capital (month names, IBANs, UK postcodes, German streets). Patterns that can
    start with a lowercase letter (a scan would stop almost everywhere), are
    windowed by an anchor, or are gated by context words run on their own.
    """

    def __init__(self, recognizers: Sequence[Recognizer]) -> None:
        self.recognizers = list(recognizers)
        families: dict[tuple[int, bool], list[_Pattern]] = {}
        for r in self.recognizers:
            if not isinstance(r, PatternRecognizer) or r.anchor or r.requires_context:
                continue
            for p in r.patterns:
                flags: int = p.regex.flags & ~re.UNICODE
                first = first_chars(p.regex.pattern, flags)
                if first is None or has_lowercase(first, flags):
                    continue
                # digits and signs together, capitals together (a digit and a capital rarely share a head)
                families.setdefault((flags, has_letters(first)), []).append(p)
        groups = []
        for (flags, _family), pats in families.items():
            members = tuple(dict.fromkeys(pats))
            sources = [p.regex.pattern for p in members]
            f = union_filter(sources, flags) if len(members) > 1 else None
            if f is not None:
                # no ``which_filter``: matching the members that can start with the character found costs less
                # (deid93) than one match of all of them as lookaheads, and finds the same
                groups.append(_Group(members, f))
        self.groups = tuple(groups)
        self.grouped = frozenset(id(p) for g in self.groups for p in g.members)
        # a recognizer whose every pattern is in a group has nothing to do when no group found one of them
        self._tasks = [
            (
                r,
                frozenset(id(p) for p in r.patterns)
                if isinstance(r, PatternRecognizer) and all(id(p) in self.grouped for p in r.patterns)
                else None,
                isinstance(r, PatternRecognizer),
            )
            for r in self.recognizers
        ]

    def find(self, text: str) -> list[Span]:
        """Every recognizer's spans for ``text``, in recognizer order."""
        doc = Doc(text, grouped=self.grouped)
        for g in self.groups:
            g.run(doc)
        found = doc.found
        out: list[Span] = []
        for r, keys, by_patterns in self._tasks:
            if keys is not None:
                if not keys.isdisjoint(found):  # a group found one of its patterns
                    out.extend(r.find_in(doc))  # type: ignore[attr-defined]
            elif by_patterns:
                out.extend(r.find_in(doc))  # type: ignore[attr-defined]
            else:
                out.extend(r.find(text))
        return out


def _phrase(s: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in _WORD.findall(s))


_FLAGS = {"IGNORECASE": re.IGNORECASE, "MULTILINE": re.MULTILINE}


def load_recognizers(source: str | Path | None = None, *, text: str | None = None) -> list[PatternRecognizer]:
    """Pattern recognizers from a YAML file in the shape of the shipped ``patterns.yaml``.

    Every problem (bad regex, unknown validator, missing field) is reported at once
    with file:line.
    """
    if text is None:
        if source is None:
            text = resources.files("simulacra.text").joinpath("patterns.yaml").read_text(encoding="utf-8")
            file: str | None = "patterns.yaml"
        else:
            text = Path(source).read_text(encoding="utf-8")
            file = str(source)
    else:
        file = str(source) if source is not None else None
    data, index = load_yaml(text, file=file)
    problems: list[Problem] = []
    out: list[PatternRecognizer] = []
    entries = data.get("recognizers") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise SpecValidationError(
            [Problem(Location(file=file, line=1), "expected a mapping with a 'recognizers' list")]
        )
    for i, e in enumerate(entries):
        path: tuple[Any, ...] = ("recognizers", i)
        if not isinstance(e, dict):
            problems.append(Problem(index.location(path), "a recognizer is a mapping"))
            continue
        unknown = set(e) - {
            "name",
            "label",
            "patterns",
            "validate",
            "context",
            "requires_context",
            "boost",
            "window",
            "group",
            "flags",
            "default",
            "window_after",
            "anchor",
            "split",
        }
        for k in sorted(unknown):
            problems.append(Problem(index.location((*path, k)), f"unknown field '{k}'"))
        name, label = e.get("name"), e.get("label")
        if not isinstance(name, str) or not isinstance(label, str):
            problems.append(Problem(index.location(path), "a recognizer needs a 'name' and a 'label' (strings)"))
            continue
        flags = 0
        for f in e.get("flags") or []:
            if f not in _FLAGS:
                problems.append(
                    Problem(index.location((*path, "flags")), f"unknown flag '{f}'; expected {', '.join(_FLAGS)}")
                )
            else:
                flags |= _FLAGS[f]
        pats: list[_Pattern] = []
        for j, p in enumerate(e.get("patterns") or []):
            ppath = (*path, "patterns", j)
            try:
                pats.append(_Pattern(str(p.get("name", j)), re.compile(p["regex"], flags), float(p.get("score", 0.5))))
            except re.error as exc:
                problems.append(Problem(index.location(ppath), f"recognizer '{name}': bad regex: {exc}"))
            except (KeyError, TypeError, AttributeError, ValueError):
                problems.append(
                    Problem(
                        index.location(ppath), f"recognizer '{name}': a pattern needs 'regex' and a numeric 'score'"
                    )
                )
        if not pats:
            problems.append(Problem(index.location(path), f"recognizer '{name}' has no patterns"))
        ctx = e.get("context") or []
        if not isinstance(ctx, list) or not all(isinstance(c, str) for c in ctx):
            problems.append(
                Problem(
                    index.location((*path, "context")),
                    f"recognizer '{name}': context is a list of strings (quote yes/no/on/off)",
                )
            )
            ctx = []
        validate = e.get("validate")
        if validate is not None and validate not in VALIDATORS:
            problems.append(
                Problem(
                    index.location((*path, "validate")),
                    f"unknown validator '{validate}'; known: {', '.join(VALIDATORS)}"
                    + did_you_mean(str(validate), VALIDATORS),
                )
            )
            continue
        out.append(
            PatternRecognizer(
                name=name,
                label=label,
                patterns=tuple(pats),
                validate=VALIDATORS[validate] if validate else None,
                context=tuple(_phrase(c) for c in ctx if _phrase(c)),
                requires_context=bool(e.get("requires_context", False)),
                boost=float(e.get("boost", 0.35)),
                window=int(e.get("window", 5)),
                group=e.get("group"),
                default=bool(e.get("default", True)),
                window_after=int(e.get("window_after", 0)),
                anchor=tuple(str(a) for a in e.get("anchor") or ()),
                split=bool(e.get("split", False)),
            )
        )
    if problems:
        raise SpecValidationError(problems)
    return out


@lru_cache(maxsize=1)
def _shipped() -> tuple[PatternRecognizer, ...]:
    return tuple(load_recognizers())


def default_recognizers() -> list[PatternRecognizer]:
    """The shipped pattern recognizers (parsed once per process)."""
    return list(_shipped())
