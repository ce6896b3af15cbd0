"""Making the pattern recognizers' regexes cheap to run, without changing what they find.

Everything here is derived from the regexes themselves (``patterns.yaml`` and user
pattern files stay the source of truth and need no extra fields), and every
transformation is exact: the same matches, spans and groups.

* ``first_pairs`` / ``fast_form``: Python's regex engine skips ahead quickly (a
  character-set test per position, in C) only when a pattern *starts* with a
  consumed character class. One that starts with a lookbehind, ``\\b`` or an
  alternation is tried in full at every position, several times slower. A pattern
  is rewritten as its ordered (first character, remainder) pairs — alternations
  and optional pieces expanded, leading lookbehinds and ``\\b`` moved one character
  later (``(?<!X)\\d{5}`` becomes ``\\d(?<!X[\\s\\S])\\d{4}``) — and, when there are
  several, ``[first characters](?:(?<=a1)r1|(?<=a2)r2|...)``. The same paths are
  tried in the same order. Patterns are parsed with ``re._parser`` and written back
  by ``emit``, which must reproduce the parsed pattern exactly or nothing is changed.

* ``union_filter`` / ``which_filter``: one scan for many patterns. The filter
  matches at a position exactly when one of them does (a trie of all their pairs);
  ``which`` says which ones. ``recognizers.ScanPlan`` uses them so that the
  twenty-odd patterns that start with a digit cost about one scan.

* ``requirements``: literal text every match must contain (``@``, ``://``, ".com"
  or ".org", "year" or "yr", ...), or a digit. A text lacking it cannot hold a
  match, so the pattern is not run on it. Lookarounds count (their text is in the
  document too); negative ones never do.

* ``line_scan``: a pattern whose matches (and lookaheads) never take a line end and
  always hold one of a few strings (a company's legal form, an institution's word) is
  run only on the lines holding one, each up to its line end: the same matches.

* ``digit_line_end``: every match ends its line with a digit (``<digits>[ \t]*`` before ``$`` or
  ``(?=\n|$)``) and holds at most k line ends: it is run only on the lines ending with a digit and
  the k lines before each (``Doc.digit_line_runs``, one scan per text for every such pattern).

* ``literal_trie``: a line scan's strings as one trie-shaped regex (the same places).

* ``line_local``: every match lies within one line. A recognizer that requires a context
  word scans such a pattern only on the lines within reach of one of its context words
  (``PatternRecognizer._near_context``): any other match would be dropped for want of it.

* ``fast_compile``: ``re.compile`` of the ``fast_form`` (for the structure rules' own
  regexes), kept only when the groups stay as written.

* ``scan_matches``: ``pattern.finditer(text)`` for the structure rules' own regexes, on
  the lines of its ``line_scan`` when it has one (else as is): the same matches.

* ``hinted_lines``: ``pattern.finditer`` for a structure regex on the lines where a hand-written
  hint (a piece every match holds on its line) finds something: the same matches.

``Doc`` holds one text and what the recognizers ask about it more than once.
"""

from __future__ import annotations

import importlib
import re
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from types import ModuleType
from typing import Any

# --- the boundary with CPython's private regex parser ------------------------------------
#
# Everything below reads patterns through ``re._parser`` (``sre_parse`` before 3.11), which is
# private: its item shapes may change in any Python release, or it may be missing (PyPy, a
# future CPython). ``_parser()`` is the only door to it. It is opened once, and only if the
# parser reads a probe pattern back exactly as ``emit`` writes it; otherwise every function
# here answers "nothing to gain" (pattern as written, no shared filter, no requirements) and
# the recognizers run their regexes as written: slower, the same spans.


class _Opaque:
    """Stand-in for the parser's constants when it cannot be used: every name is a distinct marker."""

    def __getattr__(self, name: str) -> object:
        if name.startswith("__"):
            raise AttributeError(name)
        marker = object()
        setattr(self, name, marker)
        return marker


def _import_parser() -> tuple[Any, Any] | None:
    """``(constants, parser)`` modules of the interpreter's regex compiler, or None."""
    for consts, parser in (("re._constants", "re._parser"), ("sre_constants", "sre_parse")):
        try:
            with warnings.catch_warnings():  # sre_* warn that they are deprecated
                warnings.simplefilter("ignore", DeprecationWarning)
                return importlib.import_module(consts), importlib.import_module(parser)
        except ImportError:
            continue
    return None


_modules = _import_parser()
_c: Any = _modules[0] if _modules is not None else _Opaque()
_p: Any = _modules[1] if _modules is not None else None

#: a pattern using each construct ``emit`` writes: the parser must read it back as it wrote it
_PROBE = r"(?<![\w-])(?:ab|c[d-f]?)+?(?P<g>\d{2,3})\b(?=x|$)[^\s.]*(?i:z)"
#: one the rewriting splits by first character (a leading lookbehind and an alternation)
_PROBE_FACTORED = r"(?<![\d:])(?:[01]?\d|2[0-3]):\d\d"


class _Parses:
    """The parser, each ``(pattern, flags)`` parsed once: a recognizer's pattern is read by several analyses
    (the faster form, first characters, requirements, line scans, line ends: about fourteen parses of the
    same string at start-up), none of which changes the parse it is given (a test compares every kept parse
    with a fresh one once the shipped recognizers are built)."""

    def __init__(self, module: ModuleType) -> None:
        self.module = module
        #: ``(pattern, flags)`` -> its parse, as the analyses were given it
        self.kept: dict[tuple[str, int], Any] = {}

    def parse(self, source: str, flags: int = 0) -> Any:
        key = (source, flags)
        parsed = self.kept.get(key)
        if parsed is None:
            if len(self.kept) >= 4096:
                self.kept.clear()  # bounded: patterns made at run time (a user's recognizers) come and go
            parsed = self.kept[key] = self.module.parse(source, flags)
        return parsed


@lru_cache(maxsize=1)
def _parser() -> _Parses | None:
    """The private parser (its ``parse`` remembered) when it can be trusted here (probed once), else None."""
    if _p is None:
        return None
    try:
        parsed = _p.parse(_PROBE, 0)
        names = {v: k for k, v in parsed.state.groupdict.items()}
        if str(_p.parse(emit(parsed.data, names), 0).data) != str(parsed.data):
            return None
        # and the rewriting built on it must keep the matches
        fast = _factored(_p, _PROBE_FACTORED, 0, captures=True)
        if fast is None:
            return None
        text = "at 9:30, 23:59, 24:00, 123:45 and 07:05"
        if [m.span() for m in re.finditer(fast[0], text)] != [m.span() for m in re.finditer(_PROBE_FACTORED, text)]:
            return None
    except Exception:  # noqa: BLE001 - any surprise from a private module means: do not use it
        return None
    return _Parses(_p)


def parser_available() -> bool:
    """Whether the regex analysis runs (True on CPython 3.11+); False: patterns run as written."""
    return _parser() is not None


__all__ = [
    "Doc",
    "LineScan",
    "Need",
    "digit_line_end",
    "emit",
    "factored",
    "fast_compile",
    "fast_form",
    "first_chars",
    "first_pairs",
    "has_letters",
    "has_lowercase",
    "line_scan",
    "literal_trie",
    "parser_available",
    "requirements",
    "scan_matches",
    "union_filter",
    "which_filter",
]

_WORD_RE = re.compile(r"\w")


# --- regex trees: emit, factor ------------------------------------------------------------

Item = tuple[Any, Any]  # (opcode, argument) as the private parser makes them: untyped by nature
_ANYCHAR: Item = (_c.IN, [(_c.CATEGORY, _c.CATEGORY_SPACE), (_c.CATEGORY, _c.CATEGORY_NOT_SPACE)])
_WORDCHAR: Item = (_c.IN, [(_c.CATEGORY, _c.CATEGORY_WORD)])
_ATOMS = (_c.LITERAL, _c.IN)
_REPEATS = tuple(op for op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)) if op is not None)
_CATS = {
    _c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_NOT_DIGIT: r"\D", _c.CATEGORY_SPACE: r"\s",
    _c.CATEGORY_NOT_SPACE: r"\S", _c.CATEGORY_WORD: r"\w", _c.CATEGORY_NOT_WORD: r"\W",
}  # fmt: skip
_ATS = {
    _c.AT_BEGINNING: "^", _c.AT_BEGINNING_STRING: r"\A", _c.AT_END: "$", _c.AT_END_STRING: r"\Z",
    _c.AT_BOUNDARY: r"\b", _c.AT_NON_BOUNDARY: r"\B",
}  # fmt: skip
_FLAG_LETTERS = (
    (re.IGNORECASE, "i"),
    (re.MULTILINE, "m"),
    (re.DOTALL, "s"),
    (re.ASCII, "a"),
    (re.LOCALE, "L"),
    (re.UNICODE, "u"),
)


class _Unsupported(Exception):
    """A construct the emitter or the factoring does not handle: the pattern is left as written."""


def _char(c: int) -> str:
    """``chr(c)`` as regex text that means that character, inside a class or out."""
    ch = chr(c)
    if ch.isalnum() or ch == "_":
        return ch
    if c < 128 and ch.isprintable():
        return "\\" + ch
    return f"\\x{c:02x}" if c < 256 else f"\\u{c:04x}" if c < 0x10000 else f"\\U{c:08x}"


def _class_items(items: list[Item]) -> str:
    out = []
    for op, av in items:
        if op is _c.NEGATE:
            out.append("^")
        elif op is _c.LITERAL:
            out.append(_char(av))
        elif op is _c.RANGE:
            out.append(f"{_char(av[0])}-{_char(av[1])}")
        elif op is _c.CATEGORY and av in _CATS:
            out.append(_CATS[av])
        else:
            raise _Unsupported(op)
    return "[" + "".join(out) + "]"


def _flags(add: int, remove: int) -> str:
    on = "".join(ch for f, ch in _FLAG_LETTERS if add & f)
    off = "".join(ch for f, ch in _FLAG_LETTERS if remove & f)
    return on + ("-" + off if off else "")


def emit(seq: Iterable[Item], names: dict[int, str], captures: bool = True) -> str:
    """Regex source for a parsed sequence (``re._parser`` items); ``captures=False`` makes groups plain."""
    return "".join(_emit_item(op, av, names, captures) for op, av in seq)


def _emit_item(op: Any, av: Any, names: dict[int, str], captures: bool) -> str:
    if op is _c.LITERAL:
        return _char(av)
    if op is _c.NOT_LITERAL:
        return f"[^{_char(av)}]"
    if op is _c.IN:
        return _class_items(av)
    if op is _c.ANY:
        return "."
    if op is _c.AT:
        if av not in _ATS:
            raise _Unsupported(av)
        return _ATS[av]
    if op is _c.BRANCH:
        return "(?:" + "|".join(emit(alt, names, captures) for alt in av[1]) + ")"
    if op is _c.SUBPATTERN:
        group, add, remove, sub = av
        add &= ~re.VERBOSE  # the emitted source has no layout to ignore
        remove &= ~re.VERBOSE
        body = emit(sub, names, captures)
        if group is None or not captures:
            return f"(?{_flags(add, remove)}:{body})"
        if add or remove:
            raise _Unsupported("a capturing group with flags")
        return f"(?P<{names[group]}>{body})" if group in names else f"({body})"
    if op in _REPEATS:
        lo, hi, sub = av
        sub = list(sub)
        body = emit(sub, names, captures)
        if not (len(sub) == 1 and sub[0][0] in (_c.LITERAL, _c.NOT_LITERAL, _c.IN, _c.ANY)):
            body = f"(?:{body})"
        q = f"{{{lo},}}" if hi is _c.MAXREPEAT else f"{{{lo}}}" if lo == hi else f"{{{lo},{hi}}}"
        return body + q + ("?" if op is _c.MIN_REPEAT else "+" if op is not _c.MAX_REPEAT else "")
    if op is _c.ASSERT or op is _c.ASSERT_NOT:
        direction, sub = av
        kind = ("=" if op is _c.ASSERT else "!") if direction == 1 else ("<=" if op is _c.ASSERT else "<!")
        return f"(?{kind}{emit(sub, names, captures)})"
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return f"(?>{emit(av, names, captures)})"
    raise _Unsupported(op)  # back references, conditionals


def _has_group(seq: Iterable[Item]) -> bool:
    for op, av in seq:
        if op is _c.SUBPATTERN:
            if av[0] is not None or _has_group(av[3]):
                return True
        elif op is _c.BRANCH:
            if any(_has_group(alt) for alt in av[1]):
                return True
        elif op in _REPEATS:
            if _has_group(av[2]):
                return True
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            if _has_group(av[1]):
                return True
        elif op in (_c.GROUPREF, getattr(_c, "GROUPREF_EXISTS", None), getattr(_c, "ATOMIC_GROUP", None)):
            return True
    return False


def _wordy(atom: Item) -> bool | None:
    """True if every character ``atom`` matches is a word character, False if none is, None otherwise."""
    op, av = atom
    items = [atom] if op is _c.LITERAL else list(av) if op is _c.IN else None
    if items is None:
        return None
    kinds: set[bool] = set()
    for iop, iav in items:
        if iop is _c.LITERAL:
            kinds.add(bool(_WORD_RE.match(chr(iav))))
        elif iop is _c.RANGE:
            lo, hi = iav
            if hi - lo > 5000:
                return None
            kinds.update(bool(_WORD_RE.match(chr(c))) for c in range(lo, hi + 1))
        elif iop is _c.CATEGORY and iav in (_c.CATEGORY_DIGIT, _c.CATEGORY_WORD):
            kinds.add(True)
        elif iop is _c.CATEGORY and iav is _c.CATEGORY_SPACE:
            kinds.add(False)
        else:
            return None
    return kinds.pop() if len(kinds) == 1 else None


_MAX_PAIRS = 48


def first_pairs(
    seq: list[Item], captures: bool, depth: int = 0, limit: int = _MAX_PAIRS
) -> list[tuple[Item, list[Item]]]:
    """``seq`` as an ordered list of (first character atom, what follows it).

    ``seq`` matches at p exactly when, for the first pair (in order) whose atom
    matches the character at p and whose remainder then matches at p+1 — the same
    paths, tried in the same order. Leading lookarounds and ``\b`` are moved
    behind the atom (as lookbehinds one character wider). Raises ``_Unsupported``
    otherwise, or when there would be more than ``limit`` pairs.
    """
    if depth > 12 or not seq:
        raise _Unsupported("empty or deep")
    (op, av), rest = seq[0], seq[1:]
    if op in _ATOMS:
        return [((op, av), rest)]
    if op is _c.ASSERT or op is _c.ASSERT_NOT:
        direction, sub = av
        if _has_group(sub):
            raise _Unsupported("a group in a lookaround before the first character")
        # a lookbehind (?<!X) at p is (?<!X[\s\S]) at p+1; a lookahead (?!X) at p is (?<=(?!X)[\s\S])
        # at p+1 (the lookbehind steps back onto p, where the lookahead looks as it did)
        folded: Item = (op, (-1, [*sub, _ANYCHAR])) if direction == -1 else (_c.ASSERT, (-1, [(op, av), _ANYCHAR]))
        return [(a, [folded, *r]) for a, r in first_pairs(rest, captures, depth + 1, limit)]
    if op is _c.AT and av in (_c.AT_BOUNDARY, _c.AT_NON_BOUNDARY):
        out = []
        for a, r in first_pairs(rest, captures, depth + 1, limit):
            w = _wordy(a)
            if w is None:
                raise _Unsupported("\\b before a character that may or may not be a word character")
            # \b before a word character: the one before is not one (or there is none)
            negative = (av is _c.AT_BOUNDARY) == w
            out.append((a, [(_c.ASSERT_NOT if negative else _c.ASSERT, (-1, [_WORDCHAR, _ANYCHAR])), *r]))
        return out
    if op is _c.BRANCH:
        out = []
        for alt in av[1]:
            out += first_pairs([*alt, *rest], captures, depth + 1, limit)
            if len(out) > limit:
                raise _Unsupported("too many alternatives")
        return out
    if op is _c.SUBPATTERN:
        group, add, remove, sub = av
        if add or remove or (group is not None and captures):
            raise _Unsupported("a group at the start")
        return first_pairs([*sub, *rest], captures, depth + 1, limit)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        lo, hi, sub = av
        # unrolling one turn is exact only when a turn cannot be empty
        if not (len(sub) == 1 and sub[0][0] in _ATOMS) and (
            not isinstance(sub, _p.SubPattern) or sub.getwidth()[0] == 0
        ):
            raise _Unsupported("a repeat whose turn may be empty")
        sub = list(sub)
        if hi == 0:
            return first_pairs(rest, captures, depth + 1, limit)
        more: list[Item] = []
        if hi is _c.MAXREPEAT or hi > 1:
            more = [(op, (max(lo - 1, 0), hi if hi is _c.MAXREPEAT else hi - 1, sub))]
        once = first_pairs([*sub, *more, *rest], captures, depth + 1, limit)
        if lo >= 1:
            return once
        # optional: greedy tries one more first, lazy tries none first
        none = first_pairs(rest, captures, depth + 1, limit)
        return once + none if op is _c.MAX_REPEAT else none + once
    raise _Unsupported(op)


def _union(atoms: list[Item]) -> Item:
    items: list[Item] = []
    for op, av in atoms:
        if op is _c.LITERAL:
            items.append((op, av))
        elif any(i[0] is _c.NEGATE for i in av):
            raise _Unsupported("a negated class")
        else:
            items.extend(av)
    return (_c.IN, list(dict.fromkeys(items)))


#: categories no character is in both of (Unicode ``\w`` holds every ``\d``)
_APART = {
    frozenset(p) for p in (
        (_c.CATEGORY_DIGIT, _c.CATEGORY_NOT_DIGIT), (_c.CATEGORY_SPACE, _c.CATEGORY_NOT_SPACE),
        (_c.CATEGORY_WORD, _c.CATEGORY_NOT_WORD), (_c.CATEGORY_DIGIT, _c.CATEGORY_NOT_WORD),
        (_c.CATEGORY_DIGIT, _c.CATEGORY_SPACE), (_c.CATEGORY_WORD, _c.CATEGORY_SPACE),
    )
}  # fmt: skip


def _chars_of(item: Item) -> range | None:
    """The code points a class item (a literal or a range of at most 5,000) stands for; None for others."""
    op, av = item
    if op is _c.LITERAL:
        return range(av, av + 1)
    if op is _c.RANGE and av[1] - av[0] <= 5000:
        return range(av[0], av[1] + 1)
    return None


def _apart(a: Item, b: Item) -> bool:
    """Whether no character matches both class items (False when that is not known)."""
    if a[0] is _c.CATEGORY and b[0] is _c.CATEGORY:
        return frozenset((a[1], b[1])) in _APART
    if b[0] is _c.CATEGORY:
        a, b = b, a
    if a[0] is _c.CATEGORY:
        chars = _chars_of(b)
        if chars is None or a[1] not in _CATS:
            return False
        cat = re.compile(_CATS[a[1]])
        return not any(cat.match(chr(c)) for c in chars)
    ca, cb = _chars_of(a), _chars_of(b)
    return ca is not None and cb is not None and (ca.stop <= cb.start or cb.stop <= ca.start)


def _cover(atoms: list[Item], flags: int) -> Item:
    """One class matching every character one of ``atoms`` matches (the union; a superset when an atom is
    a negated class: ``[^X]`` keeps only the items of X that no other atom's character can be in)."""
    negated = [av for op, av in atoms if op is _c.IN and any(i[0] is _c.NEGATE for i in av)]
    if not negated:
        return _union(atoms)
    if flags & re.IGNORECASE:
        raise _Unsupported("a negated class under IGNORECASE")
    others = [i for op, av in atoms for i in ([(op, av)] if op is _c.LITERAL else av) if not any(
        x[0] is _c.NEGATE for x in ([] if op is _c.LITERAL else av))]  # fmt: skip
    keep = [i for i in negated[0] if i[0] is not _c.NEGATE]
    for other in negated[1:]:  # [^A] or [^B] is [^A and B]: an item both exclude
        keep = [i for i in keep if i in other]
    keep = [i for i in keep if all(_apart(i, o) for o in others)]
    cover: Item = (_c.IN, [(_c.NEGATE, None), *keep])
    if not keep or re.search(emit([cover], {}), "abcdefghijklmnopqrstuvwxyz"):
        # a class that stops at every letter saves nothing over trying each position (measured slower)
        raise _Unsupported("a cover that lets lowercase letters in")
    return cover


def factored(source: str, flags: int = 0, *, captures: bool = True) -> tuple[str, int] | None:
    """``source`` rewritten to start with one character class (same matches), with its flags; None if not possible."""
    parser = _parser()
    return None if parser is None else _factored(parser, source, flags, captures=captures)


def _factored(parser: Any, source: str, flags: int, *, captures: bool) -> tuple[str, int] | None:
    try:
        parsed = parser.parse(source, flags)
        fl = parsed.state.flags & ~re.VERBOSE
        if fl & (re.ASCII | re.LOCALE):
            return None
        names = {v: k for k, v in parsed.state.groupdict.items()}
        seq = list(parsed.data)
        # the emitter must reproduce the pattern exactly before it may transform it
        if str(parser.parse(emit(seq, names), fl).data) != str(parsed.data):
            return None
        grouped = _group_first(seq, captures)
        if grouped is not None:
            out = emit(grouped, names, captures)
            compiled = re.compile(out, fl)
            orig = re.compile(source, flags)
            if compiled.groups != orig.groups or compiled.groupindex != orig.groupindex:
                return None
            return out, fl
        pairs = first_pairs(seq, captures, limit=_MAX_FACTORED)
        if len(pairs) == 1:
            ((a, r),) = pairs
            out = emit([a, *r], names, captures)
        else:
            branches = _by_first(pairs, names, captures, fl)
            if branches is None:
                return None  # a group would be repeated in several branches
            out = emit([_cover([a for a, _ in pairs], fl)], names) + branches
            if len(pairs) > _MAX_PAIRS and len(out) > 4 * len(source) + 1000:
                return None  # a long list whose remainders do not share their first characters
        compiled = re.compile(out, fl)
        if captures:
            orig = re.compile(source, flags)
            if compiled.groups != orig.groups or compiled.groupindex != orig.groupindex:
                return None
        return out, fl
    except (_Unsupported, re.error, KeyError, RecursionError, TypeError, ValueError):
        return None


def _group_first(seq: list[Item], captures: bool) -> list[Item] | None:
    """``(?<!X)(?P<g>[A-Z]...)...`` as ``(?P<g>[A-Z](?<!X[\\s\\S])...)...``: the zero-width checks before a
    capturing group that opens the pattern moved into the group behind its first character, or None.

    ``first_pairs`` refuses a capturing group at the start (a group cannot be copied into several branches),
    so a scan that opens with a lookbehind and then a group stayed as written, and the engine, which skips
    ahead in C only to a character that can start a match when the pattern's first item is a character (or
    a group starting with one), tried the lookbehind at every position. Checks that hold no group, at the
    group's start, are the same checks inside it (they consume nothing, so the group's span does not move);
    inside, ``first_pairs`` folds them behind the first character when the group's body has exactly one
    first character (one pair), so the group is written once.
    """
    if not captures:
        return None
    lead = 0
    while lead < len(seq) and (
        seq[lead][0] in (_c.ASSERT, _c.ASSERT_NOT)
        or (seq[lead][0] is _c.AT and seq[lead][1] in (_c.AT_BOUNDARY, _c.AT_NON_BOUNDARY))
    ):
        lead += 1
    if lead == 0 or lead == len(seq) or seq[lead][0] is not _c.SUBPATTERN:
        return None
    group, add, remove, sub = seq[lead][1]
    if group is None or add or remove or any(_has_group([item]) for item in seq[:lead]):
        return None
    pairs = first_pairs([*seq[:lead], *sub], captures=True, limit=1)
    if len(pairs) != 1:
        return None
    ((a, r),) = pairs
    return [(_c.SUBPATTERN, (group, 0, 0, [a, *r])), *seq[lead + 1 :]]


#: ``fast_form`` splits a list of up to this many alternatives (a list of words: one per word)
_MAX_FACTORED = 1024


def _by_first(pairs: list[tuple[Item, list[Item]]], names: dict[int, str], captures: bool, flags: int) -> str | None:
    """``(?:(?<=a1)r1|(?<=a2)r2|...)`` for the pairs (after the lookbehinds all of them start with, and
    before the tail all of them end with), one branch per first character when that is exact; None when
    a reported group would be in more than one branch.

    ``(?:x S|y S)`` and ``(?:x|y)S`` try the same paths in the same order (the tail after each way
    the head can match, the heads in turn), so a tail every branch ends with is written once: the
    words of a list are followed by the rest of the pattern once, its groups with it.

    Pairs with the same first character are tried in their order under one ``(?<=a)``; moving a pair
    ahead of others is exact only past pairs whose first characters it cannot share (single literal
    characters that differ, without IGNORECASE). Otherwise only neighbours with the same first
    character are merged.
    """
    # zero-width checks every remainder starts with (``\b`` before a list of words) are made once,
    # ahead of the branches: checks at one position commute
    head = 0
    while all(
        len(r) > head
        and r[head][0] in (_c.ASSERT, _c.ASSERT_NOT)
        and r[head][1][0] == -1
        and r[head] == pairs[0][1][head]
        for _, r in pairs
    ):
        head += 1
    first = pairs[0][1]
    room = min(len(r) for _, r in pairs) - head
    tail = 0
    while tail < room and all(r[len(r) - 1 - tail] == first[len(first) - 1 - tail] for _, r in pairs):
        tail += 1
    if captures and any(_has_group(r[head : len(r) - tail]) for _, r in pairs):
        return None
    keyed = [(emit([a], names), emit(r[head : len(r) - tail], names, captures)) for a, r in pairs]
    groups: dict[str, list[str]] = {}
    disjoint = not flags & re.IGNORECASE and all(a[0] is _c.LITERAL for a, _ in pairs)
    runs: list[tuple[str, list[str]]] = []
    for a, r in keyed:
        if disjoint:
            if a not in groups:
                groups[a] = []
                runs.append((a, groups[a]))
            groups[a].append(r)
        elif runs and runs[-1][0] == a:
            runs[-1][1].append(r)
        else:
            runs.append((a, [r]))
    alts = [f"(?<={a}){rs[0]}" if len(rs) == 1 else f"(?<={a})(?:{'|'.join(rs)})" for a, rs in runs]
    body = "|".join(alts)
    return emit(first[:head], names, captures) + f"(?:{body})" + emit(first[len(first) - tail :], names, captures)


def fast_form(source: str, flags: int = 0) -> str:
    """``source`` rewritten to start with one character class (same matches), or unchanged."""
    f = factored(source, flags)
    return source if f is None else f[0]


def fast_compile(source: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(source, flags)``, in its ``fast_form`` when that keeps the groups (same numbers, names)."""
    plain = re.compile(source, flags)
    try:
        fast = re.compile(fast_form(source, flags), flags)
    except re.error:
        return plain
    if fast.groups != plain.groups or fast.groupindex != plain.groupindex:
        return plain
    return fast


def union_filter(sources: Sequence[str], flags: int = 0) -> re.Pattern[str] | None:
    """One regex that matches at a position exactly when one of ``sources`` (all with ``flags``) does.

    Every pattern becomes its (first character, remainder) pairs (``first_pairs``);
    the filter consumes the union of the first characters — so the engine skips ahead
    in C — then checks, one character later, ``(?<=atom)`` and the remainder. The
    checks of all pairs are merged into a trie (zero-width checks first: they commute),
    so the common heads (``(?<!\\w[\\s\\S])``, ...) are tried once per position, not once
    per pattern. Groups become plain: existence is all the filter tells. None when a
    pattern cannot be put in that form, can match the empty string, or has other flags.
    """
    parser = _parser()
    return None if parser is None else _union_filter(parser, tuple(sources), flags)


@lru_cache(maxsize=64)
def _union_filter(parser: Any, sources: tuple[str, ...], flags: int) -> re.Pattern[str] | None:
    seqs: list[list[Item]] = []
    atoms: list[Item] = []
    fl: int | None = None
    try:
        for src in sources:
            parsed = parser.parse(src, flags)
            this = parsed.state.flags
            if this & (re.ASCII | re.LOCALE | re.VERBOSE) or parsed.getwidth()[0] == 0 or fl not in (None, this):
                return None
            fl = this
            names = {v: k for k, v in parsed.state.groupdict.items()}
            if str(parser.parse(emit(parsed.data, names), flags).data) != str(parsed.data):
                return None
            for a, r in first_pairs(list(parsed.data), captures=False):
                i = 0
                while i < len(r) and r[i][0] in (_c.ASSERT, _c.ASSERT_NOT) and r[i][1][0] == -1:
                    i += 1
                seqs.append([*r[:i], (_c.ASSERT, (-1, [a])), *r[i:]])
                atoms.append(a)
        if fl is None:
            return None
        # most positions the scan stops at are digits inside a number; when every path
        # refuses a digit just before it, one shared check says so first
        head = "(?<!\\d[\\s\\S])" if all(_refuses_digit_before(q, a) for q, a in zip(seqs, atoms, strict=True)) else ""
        root: dict[str, Any] = {}
        for seq in seqs:
            node = root
            for item in seq:
                if node.get("") is True:
                    break  # a shorter path already matches here: the longer one adds nothing
                key = emit([item], {}, captures=False)
                node = node.setdefault(key, {})
            else:
                node.clear()
                node[""] = True
        return re.compile(emit([_union(atoms)], {}) + head + _trie(root), fl)
    except (_Unsupported, re.error, RecursionError, TypeError, ValueError, KeyError):
        return None


def which_filter(sources: Sequence[str], flags: int = 0) -> re.Pattern[str] | None:
    """``(?:(?=(P1))|)(?:(?=(P2))|)...``: matched at a position, group i is set when pattern i matches there."""
    parser = _parser()
    return None if parser is None else _which_filter(parser, tuple(sources), flags)


@lru_cache(maxsize=64)
def _which_filter(parser: Any, sources: tuple[str, ...], flags: int) -> re.Pattern[str] | None:
    try:
        parts = []
        for src in sources:
            parsed = parser.parse(src, flags)
            if (
                parsed.state.flags & (re.ASCII | re.LOCALE | re.VERBOSE)
                or parsed.state.flags != parser.parse("", flags).state.flags
            ):
                return None
            names = {v: k for k, v in parsed.state.groupdict.items()}
            if str(parser.parse(emit(parsed.data, names), flags).data) != str(parsed.data):
                return None
            parts.append(f"(?:(?=({emit(parsed.data, {}, captures=False)}))|)")
        rx = re.compile("".join(parts), flags)
        return rx if rx.groups == len(sources) else None
    except (_Unsupported, re.error, RecursionError, TypeError, ValueError, KeyError):
        return None


def _digits_in(item: Item) -> str:
    """'all' if the one-character item matches every decimal digit, 'none' if none, else 'some'."""
    op, av = item
    if op is _c.LITERAL:
        return "some" if chr(av).isdecimal() else "none"
    if op is not _c.IN or any(i[0] is _c.NEGATE for i in av):
        return "some"
    cats = {i[1] for i in av if i[0] is _c.CATEGORY}
    if cats & {_c.CATEGORY_DIGIT, _c.CATEGORY_WORD, _c.CATEGORY_NOT_SPACE}:
        return "all"
    if cats - {_c.CATEGORY_SPACE}:
        return "some"
    for iop, iav in av:
        if iop is _c.LITERAL and chr(iav).isdecimal():
            return "some"
        if iop is _c.RANGE and (iav[1] - iav[0] > 5000 or any(chr(c).isdecimal() for c in range(iav[0], iav[1] + 1))):
            return "some"
    return "none"


def _covers(cls: Item, item: Item) -> bool:
    """Whether the one-character class ``cls`` matches every character ``item`` can."""
    if emit([cls], {}) in (emit([item], {}), emit([_ANYCHAR], {})):
        return True
    op, av = item
    digits_only = (op is _c.LITERAL and chr(av).isdecimal()) or (op is _c.IN and _only_digits(av))
    return digits_only and _digits_in(cls) == "all"


def _refuses_digit_before(seq: list[Item], atom: Item) -> bool:
    """Whether the lookbehinds of ``seq`` (which starts one character after ``atom``) refuse a digit before ``atom``.

    Looks through the single characters ``seq`` consumes first: ``(?<=1)9(?<![\\d-]\\d\\d)``
    refuses a digit before the 1 as surely as ``(?<![\\d-][\\s\\S])`` does.
    """
    consumed = [atom]  # the characters between the position tested and the lookbehind
    for op, av in seq:
        if op in _ATOMS:
            consumed.append((op, av))
            continue
        if op not in (_c.ASSERT, _c.ASSERT_NOT) or av[0] != -1:
            return False
        content = list(av[1])
        if content == [atom]:
            continue  # the (?<=atom) check itself
        k = len(consumed)
        if len(content) < k + 1 or any(i[0] not in _ATOMS for i in content[-k - 1 :]):
            continue
        before, tail = content[-k - 1], content[-k:]
        if op is _c.ASSERT and _digits_in(before) == "none":
            return True
        if (
            op is _c.ASSERT_NOT
            and len(content) == k + 1
            and _digits_in(before) == "all"
            and all(_covers(c, x) for c, x in zip(tail, consumed, strict=True))
        ):
            return True
    return False


def _trie(node: dict[str, Any]) -> str:
    if node.get("") is True:
        return ""
    parts = [key + _trie(child) for key, child in node.items()]
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


def _class_chars(item: Item) -> list[Item]:
    op, av = item
    return [item] if op is _c.LITERAL else list(av)


def has_letters(item: Item) -> bool:
    """Whether the class ``item`` (from ``first_chars``) may match a letter."""
    for iop, iav in _class_chars(item):
        if iop is _c.LITERAL:
            if chr(iav).isalpha():
                return True
        elif iop is _c.RANGE:
            lo, hi = iav
            if hi - lo > 5000 or any(chr(c).isalpha() for c in range(lo, hi + 1)):
                return True
        elif not (iop is _c.CATEGORY and iav in (_c.CATEGORY_DIGIT, _c.CATEGORY_SPACE)):
            return True
    return False


def has_lowercase(item: Item, flags: int = 0) -> bool:
    """Whether the class ``item`` (from ``first_chars``) may match a lowercase letter (under ``flags``)."""
    fold = bool(flags & re.IGNORECASE)

    def low(ch: str) -> bool:
        return ch.islower() or (fold and ch.isalpha())

    for iop, iav in _class_chars(item):
        if iop is _c.LITERAL:
            if low(chr(iav)):
                return True
        elif iop is _c.RANGE:
            lo, hi = iav
            if hi - lo > 5000 or any(low(chr(c)) for c in range(lo, hi + 1)):
                return True
        elif not (iop is _c.CATEGORY and iav in (_c.CATEGORY_DIGIT, _c.CATEGORY_SPACE)):
            return True
    return False


@lru_cache(maxsize=1024)
def first_chars(source: str, flags: int = 0) -> Item | None:
    """The class of characters a match of ``source`` can start with, or None if unknown."""
    parser = _parser()
    if parser is None:
        return None
    try:
        parsed = parser.parse(source, flags)
        return _union([a for a, _ in first_pairs(list(parsed.data), captures=False)])
    except (_Unsupported, re.error, RecursionError, TypeError):
        return None


def first_class(source: str, flags: int = 0) -> re.Pattern[str] | None:
    """``first_chars`` compiled: ``first_class(src).match(c)`` when a match of ``src`` can start with ``c``; None if
    unknown (then any character can)."""
    item = first_chars(source, flags)
    if item is None:
        return None
    try:
        return re.compile(emit([item], {}, captures=False), flags)
    except (_Unsupported, re.error, RecursionError, TypeError):
        return None


# --- requirements ---------------------------------------------------------------------

_CAP = 64  # at most this many strings in one "any of" set


@dataclass(frozen=True, eq=False)
class Need:
    """A text can hold a match only if it contains one of ``strings`` (or, when ``digit``, a digit)."""

    strings: tuple[str, ...]
    digit: bool = False
    #: the same test as one regex: for case-insensitive patterns, or strings with a common first character
    rx: re.Pattern[str] | None = None
    #: a case-insensitive test of ASCII strings: the strings lowercased, looked for in an ASCII text's lowercase
    #: (there ``re.IGNORECASE`` matches a letter's two cases and nothing else: no "ſ", "K" or "ı" to fold)
    folded: tuple[str, ...] | None = field(default=None, init=False)
    #: a case-sensitive test of ASCII strings written in several cases ("Joined", "joined", "JOINED"): their
    #: distinct lowercase forms (none holding another), of which one is in an ASCII text's lowercase when one
    #: of ``strings`` is in the text; fewer ``in`` tests for the texts that hold none (most). None otherwise
    lowered: tuple[str, ...] | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        # (not for a digit alone: its regex is empty and says yes to every text, as it did before this test)
        strings = self.strings
        if self.rx is not None and self.rx.flags & re.IGNORECASE and strings and all(s.isascii() for s in strings):
            object.__setattr__(self, "folded", tuple(s.lower() for s in strings))
        if self.rx is None and strings and all(s.isascii() for s in strings):
            lowered = minimal(frozenset(s.lower() for s in strings))
            if len(lowered) < len(strings):
                object.__setattr__(self, "lowered", lowered)

    def met_by(self, doc: Doc) -> bool:
        if self.digit and doc.has_digit:
            return True
        if self.folded is not None and doc.is_ascii:
            low = doc.lower
            for s in self.folded:  # a few ``in`` tests beat one case-insensitive scan (no literal to jump to)
                if s in low:
                    return True
            return False
        if self.rx is not None:
            return self.rx.search(doc.text) is not None
        if self.lowered is not None and doc.is_ascii:
            # a string in the text is, lowercased, in the text's lowercase (ASCII: one character for one, in
            # place), and so is the lowered string it holds: when none is, no string is in the text
            low = doc.lower
            for s in self.lowered:
                if s in low:
                    break
            else:
                return False
        text = doc.text
        for s in self.strings:
            if s in text:
                return True
        return False


@dataclass(frozen=True)
class _Lits:
    """What is known of the strings a piece of a regex matches."""

    exact: frozenset[str] | None  # exactly one of these (a small finite language), or unknown
    prefix: frozenset[str] = frozenset({""})  # every match starts with one of these
    suffix: frozenset[str] = frozenset({""})  # ... and ends with one of these


_EMPTY = _Lits(frozenset({""}))
_OPAQUE = _Lits(None)
_NeedKey = tuple[frozenset[str], bool]


def _cat(a: frozenset[str], b: frozenset[str]) -> frozenset[str] | None:
    if len(a) * len(b) > _CAP:
        return None
    return frozenset(x + y for x in a for y in b)


def _seq_lits(items: Iterable[Item], needs: list[_NeedKey], behind: bool = True) -> _Lits:
    """Literal knowledge of a sequence; what every match needs goes to ``needs``.

    ``behind=False``: what lookbehinds need is left out (it may stand before the match's line).
    """
    cur: frozenset[str] = frozenset({""})
    prefix: frozenset[str] | None = None
    for op, av in items:
        lits = _piece_lits(op, av, needs, behind)
        if lits.exact is not None:
            joined = _cat(cur, lits.exact)
            if joined is not None:
                cur = joined
                continue
            needs.append((cur, False))
            prefix = cur if prefix is None else prefix
            cur = lits.exact
            continue
        joined = _cat(cur, lits.prefix) or cur
        needs.append((joined, False))
        prefix = joined if prefix is None else prefix
        cur = lits.suffix
    needs.append((cur, False))
    if prefix is None:
        return _Lits(cur, cur, cur)
    return _Lits(None, prefix, cur)


def _piece_lits(op: Any, av: Any, needs: list[_NeedKey], behind: bool = True) -> _Lits:
    if op is _c.LITERAL:
        return _Lits(frozenset({chr(av)}))
    if op is _c.IN:
        if _only_digits(av):
            needs.append((frozenset(), True))
        if len(av) <= 10 and all(i[0] is _c.LITERAL for i in av):
            return _Lits(frozenset(chr(i[1]) for i in av))
        return _OPAQUE
    if op is _c.AT or op is _c.ASSERT_NOT:
        return _EMPTY
    if op is _c.ASSERT:  # a lookaround's text is in the document too
        if behind or av[0] >= 0:
            _seq_lits(av[1], needs, behind)
        return _EMPTY
    if op is _c.SUBPATTERN:
        _group, add, remove, sub = av
        if add or remove:  # inline flags (?i:...) change what a literal matches
            return _OPAQUE
        return _seq_lits(sub, needs, behind)
    if op in _REPEATS:
        lo, hi, sub = av
        inner: list[_NeedKey] = []
        body = _seq_lits(sub, inner, behind)
        if lo >= 1:
            needs += inner
        if body.exact is not None and hi is not _c.MAXREPEAT and hi <= 4:
            lang: frozenset[str] = frozenset({""})
            total: set[str] = set()
            for k in range(hi + 1):
                if k >= lo:
                    total |= lang
                if k < hi:
                    longer = _cat(lang, body.exact)
                    if longer is None:
                        break
                    lang = longer
            else:
                if len(total) <= _CAP:
                    return _Lits(frozenset(total))
        if lo >= 1:
            return _Lits(None, body.prefix, body.suffix)
        return _OPAQUE
    if op is _c.BRANCH:
        exact: set[str] | None = set()
        prefix: set[str] = set()
        suffix: set[str] = set()
        strings: set[str] = set()
        digit = False
        testable = True
        for alt in av[1]:
            alt_needs: list[_NeedKey] = []
            lits = _seq_lits(alt, alt_needs, behind)
            if exact is not None and lits.exact is not None:
                exact |= lits.exact
            else:
                exact = None
            prefix |= lits.prefix
            suffix |= lits.suffix
            usable = [n for n in alt_needs if n[1] or (n[0] and "" not in n[0])]
            if not usable:
                testable = False
            else:
                best = max(usable, key=_strength)
                strings |= best[0]
                digit |= best[1]
        if testable:
            needs.append((frozenset(strings), digit))
        if exact is not None and len(exact) <= _CAP:
            return _Lits(frozenset(exact))
        return _Lits(None, frozenset(prefix), frozenset(suffix))
    return _OPAQUE


def _strength(n: _NeedKey) -> int:
    strings, digit = n
    return 1 if digit or not strings else min(len(s) for s in strings)


def _only_digits(items: list[Item]) -> bool:
    for op, av in items:
        if op is _c.CATEGORY and av is _c.CATEGORY_DIGIT:
            continue
        if op is _c.LITERAL and chr(av).isdecimal():
            continue
        if op is _c.RANGE and all(chr(c).isdecimal() for c in range(av[0], av[1] + 1)):
            continue
        return False
    return bool(items)


def minimal(strings: frozenset[str]) -> tuple[str, ...]:
    """Drop every string that contains another one (if it occurs, so does the shorter)."""
    out: list[str] = []
    for s in sorted(strings, key=lambda x: (len(x), x)):
        if not any(o in s for o in out):
            out.append(s)
    return tuple(out)


def _common_affix(strings: tuple[str, ...]) -> str:
    """The longer of the strings' common prefix and common suffix."""
    prefix = strings[0]
    suffix = strings[0]
    for s in strings[1:]:
        while not s.startswith(prefix):
            prefix = prefix[:-1]
        while not s.endswith(suffix):
            suffix = suffix[1:]
    return max(prefix, suffix, key=len)


_NEEDS: dict[tuple[tuple[str, ...], bool, int], Need] = {}


def requirements(source: str, flags: int = 0, *, limit: int = 2, max_strings: int = 32) -> tuple[Need, ...]:
    """What a text must contain for ``source`` to have a match in it: the ``limit`` strongest tests.

    Tests of more than ``max_strings`` strings of two or more characters are left out
    (each costs a pass over the text; single characters are nearly free).
    """
    parser = _parser()
    if parser is None:
        return ()
    try:
        parsed = parser.parse(source, flags)
    except re.error:
        return ()
    case = (flags | parsed.state.flags) & re.IGNORECASE
    raw: list[_NeedKey] = []
    try:
        _seq_lits(parsed.data, raw)
    except RecursionError:
        return ()
    keys: dict[tuple[tuple[str, ...], bool], None] = {}
    for strings, digit in raw:
        if "" in strings or (not strings and not digit):
            continue
        mins = minimal(strings)
        # a lone space, comma or full stop is in every document: not worth a test
        if not digit and all(len(m) == 1 and not m.isalnum() and m not in "@+:/#$%" for m in mins):
            continue
        if digit:
            mins = tuple(m for m in mins if not any(ch.isdecimal() for ch in m))
        if len(mins) > 1 and not digit:
            # one string they all start or end with tests as much with one pass ("://" for URL schemes)
            common = _common_affix(mins)
            if len(common) >= 2:
                mins = (common,)
        if sum(len(m) > 1 for m in mins) > max_strings:
            continue
        keys[(mins, digit)] = None
    ranked = sorted(keys, key=lambda k: (-(1 if k[1] or not k[0] else min(map(len, k[0]))), len(k[0]), k))
    out: list[Need] = []
    for mins, digit in ranked[:limit]:
        key = (mins, digit, case)
        if key not in _NEEDS:
            rx = None
            # one regex when case does not matter, or when the strings share a first character
            # (the engine then jumps from one occurrence of it to the next)
            if case or (len(mins) > 1 and len({m[0] for m in mins}) == 1):
                rx = re.compile("|".join(re.escape(m) for m in mins), case)
            _NEEDS[key] = Need(mins, digit, rx)
        out.append(_NEEDS[key])
    return tuple(out)


# --- lines ------------------------------------------------------------------------------

_NEWLINE_ATOMS = (_c.LITERAL, _c.NOT_LITERAL, _c.IN, _c.ANY)


def _takes_newline(items: Iterable[Item], flags: int) -> bool:
    """Whether a match (or a lookahead in it) can consume a line end, or ``$`` can matter; True when unsure.

    Lookbehinds are not asked: they read the text before the scan's start as it is.
    """
    for op, av in items:
        if op in _NEWLINE_ATOMS:
            if re.fullmatch(emit([(op, av)], {}, captures=False), "\n", flags) is not None:
                return True
        elif op is _c.AT:
            if av is _c.AT_END and not flags & re.MULTILINE:
                # "$" before a final line end: the window's end would be one. Under MULTILINE "$" stands
                # before every line end, the window's last one too, and at the window's end only after
                # a line end taken (answered above) or at the text's end: the same places
                return True
        elif op is _c.SUBPATTERN:
            if av[1] or av[2] or _takes_newline(av[3], flags):  # inline flags: unsure
                return True
        elif op in _REPEATS:
            if _takes_newline(av[2], flags):
                return True
        elif op is _c.BRANCH:
            if any(_takes_newline(alt, flags) for alt in av[1]):
                return True
        elif op is _c.ASSERT or op is _c.ASSERT_NOT:
            if av[0] >= 0 and _takes_newline(av[1], flags):
                return True
        elif op is not _c.GROUPREF:
            return True
    return False


@dataclass(frozen=True, eq=False)
class LineScan:
    """A pattern whose every match lies within one line and holds one of ``hit``'s strings.

    ``finditer(scan, text)`` runs ``scan`` only on the lines ``hit`` finds something in, each
    up to and with its line end (adjacent such lines in one run, one scan): the same matches as
    ``scan.finditer(text)``, since no match (nor any lookahead in it) reads across a line end, a
    lookbehind still sees the text before the line, and a match that cannot be empty never starts
    at a line end.
    """

    hit: re.Pattern[str]
    #: the strings ``hit`` looks for, longest first
    strings: tuple[str, ...] = ()

    def finditer(self, scan: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
        search = self.hit.search
        size = len(text)
        m = search(text)
        while m is not None:
            a = text.rfind("\n", 0, m.start()) + 1
            b = text.find("\n", m.end())
            b = size if b < 0 else b + 1
            m = search(text, b)
            # a hit on the next line too: the run takes it (one scan of whole lines finds what one a line did)
            while m is not None and text.rfind("\n", b, m.start()) < 0:
                b = text.find("\n", m.end())
                b = size if b < 0 else b + 1
                m = search(text, b)
            yield from scan.finditer(text, a, b)


def line_local(sources: Sequence[str], flags: int = 0) -> bool:
    """Whether every match of a regex (written in each of ``sources``) lies within one line and is not empty.

    Then ``scan.finditer(text, a, b)`` over whole lines (``a`` a line start, ``b`` just after a line end
    or the text's end) finds exactly the matches of ``scan.finditer(text)`` that lie in those lines: no
    match (nor a lookahead in it) reads across a line end, a lookbehind still sees the text before ``a``,
    and a match never starts at a line end. False when unsure (no parser, a shape not foreseen).
    """
    parser = _parser()
    if parser is None:
        return False
    try:
        for source in sources:
            parsed = parser.parse(source, flags)
            every = flags | parsed.state.flags
            if parsed.getwidth()[0] == 0 or _takes_newline(parsed.data, every):
                return False
    except (_Unsupported, re.error, RecursionError, TypeError):
        return False
    return True


def line_scan(sources: Sequence[str], flags: int = 0, *, shortest: int = 2) -> LineScan | None:
    """A ``LineScan`` for a regex (written in each of ``sources``, all the same matches), or None.

    None unless each form is line-local (``line_local``) and every match holds one of at most 64
    strings of ``shortest`` characters or more.
    """
    parser = _parser()
    if parser is None or not line_local(sources, flags):
        return None
    try:
        parsed = parser.parse(sources[-1], flags)
        raw: list[_NeedKey] = []
        _seq_lits(parser.parse(sources[0], flags).data, raw, behind=False)
    except (_Unsupported, re.error, RecursionError, TypeError):
        return None
    best: tuple[str, ...] | None = None
    for strings, digit in raw:
        if digit or not strings or "" in strings:
            continue
        mins = minimal(strings)
        if min(map(len, mins)) < shortest or any("\n" in m for m in mins):
            continue
        if best is None or (min(map(len, mins)), -len(mins)) > (min(map(len, best)), -len(best)):
            best = mins
    if best is None:
        return None
    case = (flags | parsed.state.flags) & re.IGNORECASE
    ordered = tuple(sorted(best, key=lambda m: (-len(m), m)))
    return LineScan(re.compile(literal_trie(ordered), case), ordered)


def literal_trie(strings: Iterable[str]) -> str:
    """A regex matching exactly ``strings`` (literals), written as a trie: ``Ger(?:man(?:s|y)?|...)``.

    The regex engine tries an alternation's branches one by one at every position whose character
    can start one; a flat list of 200 words is 200 tries there, a trie one per character of the
    word that is there. The same strings at the same places (a longer one preferred where one
    string is the start of another, as the longest-first list did).
    """
    root: dict[str, Any] = {}
    for w in strings:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit_node(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + emit_node(child) for ch, child in node.items() if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # a string ends here: what follows is optional (greedy: the longer string is tried first)
        return f"(?:{body})?" if "" in node else body

    return emit_node(root)


# --- matches that end a line with a digit ---------------------------------------------------

#: the line ends after a digit and up to two spaces or tabs, or after three spaces or tabs (checked
#: further): a literal first character, so the scan skips ahead in C (a scan for ``\d[ \t]*$`` is
#: tried at every digit, several times slower)
_LINE_END_AFTER = re.compile(r"\n(?:(?<=\d\n)|(?<=\d[ \t]\n)|(?<=\d[ \t]{2}\n)|(?<=[ \t]{3}\n))")
_SPACES_TABS = frozenset(" \t")


def _is_line_end_assert(op: Any, av: Any) -> bool:
    """``$`` (either mode) or ``(?=\n|$)``-like: true only at a line end or the text's end."""
    if op is _c.AT:
        return av in (_c.AT_END, _c.AT_END_STRING)
    if op is _c.ASSERT and av[0] == 1:
        sub = list(av[1])
        alts = [list(a) for a in sub[0][1][1]] if len(sub) == 1 and sub[0][0] is _c.BRANCH else [sub]
        for alt in alts:
            if len(alt) != 1:
                return False
            aop, aav = alt[0]
            if not ((aop is _c.LITERAL and aav == 10) or (aop is _c.AT and aav in (_c.AT_END, _c.AT_END_STRING))):
                return False
        return True
    return False


def _spaces_tabs(op: Any, av: Any) -> bool:
    """``[ \t]*``, ``' +'``...: a repeat of a class of spaces and tabs only."""
    if op not in _REPEATS or len(av[2]) != 1:
        return False
    sop, sav = list(av[2])[0]
    if sop is _c.LITERAL:
        return chr(sav) in _SPACES_TABS
    return sop is _c.IN and all(i[0] is _c.LITERAL and chr(i[1]) in _SPACES_TABS for i in sav)


def _ends_with_digit(seq: list[Item]) -> bool:
    """Whether every string ``seq`` matches ends with a decimal digit."""
    if not seq:
        return False
    op, av = seq[-1]
    if op in _REPEATS and av[0] == 0:  # optional: it ends with a digit, and so does what comes before
        return _ends_with_digit(list(av[2])) and _ends_with_digit(seq[:-1])
    if op is _c.LITERAL:
        return chr(av).isdecimal()
    if op is _c.IN:
        return _only_digits(av)
    if op in _REPEATS:
        return _ends_with_digit(list(av[2]))
    if op is _c.SUBPATTERN:
        return not av[1] and not av[2] and _ends_with_digit(list(av[3]))
    if op is _c.BRANCH:
        return all(_ends_with_digit(list(alt)) for alt in av[1])
    return False


def _newlines(items: Iterable[Item], flags: int) -> int:
    """The most line ends a match can consume; raises ``_Unsupported`` for a lookahead, ``$`` or no bound."""
    n = 0
    for op, av in items:
        if op in _NEWLINE_ATOMS:
            n += re.fullmatch(emit([(op, av)], {}, captures=False), "\n", flags) is not None
        elif op is _c.AT:
            if av in (_c.AT_END, _c.AT_END_STRING):
                raise _Unsupported("$ inside the match: a window's end would read as one")
        elif op is _c.SUBPATTERN:
            if av[1] or av[2]:
                raise _Unsupported("inline flags")
            n += _newlines(av[3], flags)
        elif op in _REPEATS:
            inner = _newlines(av[2], flags)
            if inner:
                if av[1] is _c.MAXREPEAT:
                    raise _Unsupported("line ends without bound")
                n += inner * av[1]
        elif op is _c.BRANCH:
            n += max(_newlines(alt, flags) for alt in av[1])
        elif op is _c.ASSERT or op is _c.ASSERT_NOT:
            if av[0] >= 0:
                raise _Unsupported("a lookahead may read past a window's end")
            _newlines(av[1], flags)  # a lookbehind reads the text before the match as it is; no lookahead in it
        else:
            raise _Unsupported(op)  # back references, conditionals, atomic groups: not analysed
    return n


def digit_line_end(source: str, flags: int = 0) -> int | None:
    """The most line ends a match holds when every match ends its line with a digit, else None.

    True of a regex that ends ``<a piece whose every string ends with a digit>[ \t]*`` and then
    ``$`` or ``(?=\n|$)``, with no other lookahead or ``$`` and a bounded number of line ends
    (postcodes, scores and codes at the end of an address's or a results table's lines). Its
    every match then ends on a line whose last character but spaces and tabs is a digit, and starts at most that many
    lines before it: ``Doc.digit_line_runs`` gives those lines (runs merged), and ``finditer``
    over each run finds exactly the matches of the whole text's scan (no match crosses a run's
    edge, nothing in the match reads past its end, a lookbehind still sees the text before).
    """
    parser = _parser()
    if parser is None:
        return None
    try:
        parsed = parser.parse(source, flags)
        every = flags | parsed.state.flags
        seq = list(parsed.data)
        if not seq or not _is_line_end_assert(seq[-1][0], seq[-1][1]):
            return None
        seq = seq[:-1]
        while seq and _spaces_tabs(seq[-1][0], seq[-1][1]):
            seq = seq[:-1]
        if not _ends_with_digit(seq):
            return None
        return _newlines(seq, every)
    except (_Unsupported, re.error, RecursionError, TypeError, IndexError):
        return None


@lru_cache(maxsize=256)
def _scanner(pattern: re.Pattern[str], shortest: int = 2) -> Callable[[str], Iterator[re.Match[str]]]:
    lines = line_scan([pattern.pattern], pattern.flags & ~re.UNICODE, shortest=shortest)
    if lines is not None:
        return lambda text: lines.finditer(pattern, text)
    return pattern.finditer


def hinted_lines(pattern: re.Pattern[str], hint: re.Pattern[str]) -> Callable[[str], Iterator[re.Match[str]]]:
    """``pattern.finditer`` run only on the lines where ``hint`` finds something: the same matches.

    ``hint`` is a cheap necessary condition, written by hand: every match of ``pattern`` holds a match
    of ``hint`` within its own line (a piece every match contains, or a superset of it). A line-local
    ``pattern`` (``line_local``) runs on those lines alone (``LineScan``); any other on the whole text,
    and only when ``hint`` finds something in it.
    """
    if line_local([pattern.pattern], pattern.flags & ~re.UNICODE):
        lines = LineScan(hint)
        return lambda text: lines.finditer(pattern, text)
    return lambda text: pattern.finditer(text) if hint.search(text) is not None else iter(())


def scan_matches(pattern: re.Pattern[str], text: str, *, shortest: int = 2) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``: the same matches (spans, groups, order), tried on fewer lines.

    A line-local pattern with strings every match holds (``line_scan``, strings of ``shortest``
    characters or more) runs on the lines holding one, any other as is; decided once per pattern.
    Worth it where those strings are rare in text (a verb after a name, "'s ", " and me", a "<"
    for an e-mail address in angle brackets), not for a pattern of common words.
    """
    return _scanner(pattern, shortest)(text)


# --- per-text cache ------------------------------------------------------------------------

TOKEN = re.compile(r"[\w'#/]+", re.UNICODE)
_DIGIT = re.compile(r"\d")


@dataclass
class Doc:
    """One text and what the recognizers ask about it more than once."""

    text: str
    _lower: str | None = None
    _digit: bool | None = None
    _ascii: bool | None = None
    _met: dict[Need, bool] = field(default_factory=dict)
    #: patterns (``id``) whose matches a shared scan looks for; those it found are in ``found``
    grouped: frozenset[int] = frozenset()
    #: whether a recognizer's context words can be in the text (``id(recognizer)`` -> answer)
    context: dict[int, bool] = field(default_factory=dict)
    found: dict[int, list[re.Match[str]]] = field(default_factory=dict)
    #: the runs of lines near a recognizer's context words (``id(recognizer)`` -> [(start, end)])
    near: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    #: the runs of lines ending with a digit and the ``n`` lines before each (``n`` -> [(start, end)])
    _digit_runs: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    _digit_lines: list[tuple[int, int]] | None = None

    @property
    def lower(self) -> str:
        if self._lower is None:
            self._lower = self.text.lower()
        return self._lower

    @property
    def is_ascii(self) -> bool:
        if self._ascii is None:
            self._ascii = self.text.isascii()
        return self._ascii

    @property
    def has_digit(self) -> bool:
        if self._digit is None:
            self._digit = _DIGIT.search(self.text) is not None
        return self._digit

    def meets(self, need: Need) -> bool:
        r = self._met.get(need)
        if r is None:
            r = self._met[need] = need.met_by(self)
        return r

    def meets_all(self, needs: tuple[Need, ...]) -> bool:
        """``all(self.meets(n) for n in needs)``, in order and stopping at the first unmet (no generator)."""
        met = self._met
        for n in needs:
            r = met.get(n)
            if r is None:
                r = met[n] = n.met_by(self)
            if not r:
                return False
        return True

    def words_between(self, a: int, b: int, *, first: int | None = None, last: int | None = None) -> list[str]:
        """The lowercased context words of ``text[a:b]`` (a word cut by ``a`` or ``b`` is cut here too).

        ``first``/``last``: only that many from the start/end (lowercasing only those).
        """
        # pos/endpos on a plain character-class regex see exactly what a slice would
        if self.is_ascii:
            # lowercasing ASCII maps A-Z to a-z in place, both word characters: the same tokens at the same
            # offsets, already lowered (the text's lowercase is built once per text)
            words = TOKEN.findall(self.lower, a, b)
            if first is not None:
                words = words[:first]
            if last is not None:
                words = words[-last:] if last else []
            return words
        words = TOKEN.findall(self.text, a, b)
        if first is not None:
            words = words[:first]
        if last is not None:
            words = words[-last:] if last else []
        return [w.lower() for w in words]

    def digit_lines(self) -> list[tuple[int, int]]:
        """The lines whose last character, spaces and tabs aside, is a digit: ``(start, end)``, ``end`` just
        after the line end (or the text's end)."""
        if self._digit_lines is None:
            text = self.text
            out = []
            ends = [m.start() for m in _LINE_END_AFTER.finditer(text)]
            if text and text[-1] != "\n":
                ends.append(len(text))
            for e in ends:
                a = text.rfind("\n", 0, e) + 1
                c = text[e - 1]
                if c in " \t":
                    line = text[a:e].rstrip(" \t")
                    if not line or not line[-1].isdecimal():  # ``\d`` is ``str.isdecimal``
                        continue
                elif not c.isdecimal():
                    continue
                out.append((a, e + 1 if e < len(text) else e))
            self._digit_lines = out
        return self._digit_lines

    def digit_line_runs(self, n: int) -> list[tuple[int, int]]:
        """Runs of whole lines ``(start, end)``: each line ending with a digit (``digit_line_end``) and the
        ``n`` lines before it, overlapping runs merged; ``end`` is just after the last line's end."""
        runs = self._digit_runs.get(n)
        if runs is None:
            text = self.text
            runs = []
            for a, b in self.digit_lines():
                for _ in range(n):
                    if a == 0:
                        break
                    a = text.rfind("\n", 0, a - 1) + 1
                if runs and a <= runs[-1][1]:
                    runs[-1] = (runs[-1][0], b)
                else:
                    runs.append((a, b))
            self._digit_runs[n] = runs
        return runs
