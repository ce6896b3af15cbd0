"""A delimited text file read piece by piece where tasks run, typed as ``read_delimited`` types it whole.

The file is cut into byte ranges; a piece is the records between the first record boundary of one range and the
first of the next. A record boundary is a newline outside quotes, and whether a newline is inside quotes depends on
every quote before it, so the cut takes two steps that never need the whole file in one process:

1. ``scan_range`` (a task per byte range): the range's quote count, and its first newline after an even and after an
   odd number of its own quotes — for both states the range may start in. Prefix sums of the quote counts on the
   client give each range's starting state, so its first boundary. A quote that cannot open or close a field (one
   inside an unquoted field, ``5'11"``) makes quotes literal in the csv reader and the parity meaningless: found in
   the same scan, it is an error naming the byte, never a wrong cut.
2. ``check_piece`` (a task per piece): the piece's field counts (a row of the wrong width is the whole-file reader's
   error, with its line), its encoding, and whether a quoted field spans lines there (which changes how blank rows
   are dropped, so it is decided for the whole file).

``evidence_piece`` then returns each column's ``TextEvidence`` and its value counts, which add up to the whole
column's, so the client decides once, as the whole-file reader does, whether a null marker is one of a code column's
values (``sources._code_markers``: the test code ``NA``) and each column's type (``TextEvidence.typing``)
(``decide_columns``); ``CsvPieces.read`` reads a piece with those decisions. No piece decides on its own: one where
``NA`` is rare among the codes would read it as missing. Only UTF-8 files are cut (a legacy encoding is chosen over the whole file's bytes).

``plan_pieces`` is the one home of that sequence of passes; its ``map`` runs each pass's tasks (``local_map`` in this
process, a runner's ``map`` on a cluster).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from simulacra.errors import Location, SourceError

from ._code_markers import combine_counts, decide, marker_counts
from ._delimited import (
    NUMERIC_NULL_VALUES,
    ColumnTyping,
    CsvOptions,
    TextEvidence,
    column_names,
    decode_bytes,
    fast_frame,
    field_counts,
    null_out,
    sniff,
)

__all__ = [
    "CsvPieces",
    "Head",
    "Piece",
    "check_piece",
    "cut",
    "decide_columns",
    "evidence_piece",
    "local_map",
    "plan_pieces",
    "plan_ranges",
    "scan_range",
    "sniff_head",
]

_HEAD_LINES = 51  # sniff reads the first 50 lines


@dataclass(frozen=True)
class Piece:
    """Bytes ``begin`` to ``end`` of ``file``: whole records (the first piece holds the header, if any)."""

    file: str
    begin: int
    end: int


@dataclass(frozen=True)
class Head:
    """What the start of the file says: separator, quote, header, blank stripping, column names and width."""

    separator: str
    quote: str
    header: bool
    strip: bool
    names: tuple[str, ...]
    size: int  # bytes in the file
    line_bytes: float  # mean bytes per line in the head


def sniff_head(path: Path, options: CsvOptions | None = None) -> Head:
    """The sniffed layout from the file's first lines (as ``read_delimited`` sniffs the whole text's first lines)."""
    options = options or CsvOptions()
    size = path.stat().st_size
    take = 1 << 16
    with path.open("rb") as f:
        while True:
            f.seek(0)
            head = f.read(take)
            if len(head) == size or head.count(b"\n") > 4 * _HEAD_LINES:
                break
            take *= 4
    if len(head) < size:
        head = head[: head.rfind(b"\n") + 1]  # whole lines only
    text, encoding = decode_bytes(head, path, options.encoding)
    if encoding not in ("utf-8", "utf-8-sig"):
        raise SourceError(
            f"not UTF-8 ({encoding}); --chunked-only cuts UTF-8 text only (evaluate without it reads the file whole)",
            location=Location(file=str(path)),
        )
    sn = sniff(text, path, options)
    first = next(
        (
            r
            for r in csv.reader(io.StringIO(text, newline=""), delimiter=sn.separator, quotechar=options.quote_char)
            if r and not (len(r) == 1 and not r[0].strip())
        ),
        None,
    )
    if first is None:
        raise SourceError(f"{path}: the file is empty (no header, no rows)")
    if sn.header:
        names = column_names([c.strip() if sn.strip else c for c in first], len(first))
    else:
        names = [f"column_{j + 1}" for j in range(len(first))]
    lines = max(1, text.count("\n"))
    return Head(sn.separator, options.quote_char, sn.header, sn.strip, tuple(names), size, len(head) / lines)


def plan_ranges(path: Path, head: Head, rows: int, smallest: int = 64) -> list[Piece]:
    """Byte ranges of about ``rows`` lines each (from the head's mean line length), covering the file."""
    step = max(smallest, int(head.line_bytes * rows))
    return [Piece(str(path), a, min(a + step, head.size)) for a in range(0, head.size, step)] or [
        Piece(str(path), 0, 0)
    ]


def scan_range(rng: Piece, *, quote: str, separator: str) -> dict[str, Any]:
    """A byte range's quotes and first newlines, for both quote states it may start in (step 1 above)."""
    a, b, file = rng.begin, rng.end, rng.file
    with open(file, "rb") as f:
        f.seek(max(a - 1, 0))
        data = f.read(b - a + (2 if a else 1))
    lead = 1 if a else 0  # one byte before and after the range, to judge the quotes at its edges
    buf = np.frombuffer(data, dtype=np.uint8)
    body = buf[lead : lead + (b - a)]
    q = ord(quote)
    is_q = body == q
    before = np.cumsum(is_q) - is_q  # the range's own quotes before each byte
    nl = np.flatnonzero(body == 10)
    out: dict[str, Any] = {"quotes": int(is_q.sum()), "first": [], "odd_quote": []}
    at_q = np.flatnonzero(is_q)
    prev = buf[at_q + lead - 1] if at_q.size else at_q
    nxt = buf[np.minimum(at_q + lead + 1, buf.size - 1)] if at_q.size else at_q
    prev_ok = np.isin(prev, [ord(separator), 10, 13, q])
    if a == 0 and at_q.size:
        prev_ok[at_q == 0] = True  # the file's first byte
    end_of_file = (at_q + lead + 1) >= buf.size
    next_ok = np.isin(nxt, [ord(separator), 10, 13, q]) | end_of_file
    for state in (0, 1):
        inside = (before[nl] + state) % 2 == 1
        free = nl[~inside]
        out["first"].append(int(a + free[0] + 1) if free.size else None)
        # a quote met outside quotes opens a field (it must start one); met inside, it closes one (it must end it)
        opening = (before[at_q] + state) % 2 == 0
        bad = np.flatnonzero((opening & ~prev_ok) | (~opening & ~next_ok))
        out["odd_quote"].append(int(a + at_q[bad[0]]) if bad.size else None)
    return out


def cut(path: Path, ranges: Sequence[Piece], scans: Sequence[dict[str, Any]]) -> list[Piece]:
    """The pieces from the ranges' scans: each range's starting quote state from the quotes before it."""
    starts, state = [0], 0
    for r, s in zip(ranges, scans, strict=True):
        a = r.begin
        bad = s["odd_quote"][state]
        if bad is not None:
            raise SourceError(
                f"a quote at byte {bad} neither opens nor closes a field (a quote inside an unquoted field); "
                "--chunked-only cannot tell where its records end there (evaluate without it reads the file whole)",
                location=Location(file=str(path)),
            )
        first = s["first"][state]
        if a > 0 and first is not None and first > starts[-1]:
            starts.append(first)
        state = (state + s["quotes"]) % 2
    size = ranges[-1].end
    return [Piece(str(path), b, e) for b, e in zip(starts, [*starts[1:], size], strict=True) if e > b or b == 0]


def _text(piece: Piece) -> str:
    with open(piece.file, "rb") as f:
        f.seek(piece.begin)
        data = f.read(piece.end - piece.begin)
    if piece.begin == 0 and data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise SourceError(
            f"not UTF-8 at byte {piece.begin + e.start}; --chunked-only cuts UTF-8 text only "
            "(evaluate without it reads the file whole)",
            location=Location(file=piece.file),
        ) from None


def check_piece(piece: Piece, *, head: Head) -> dict[str, Any]:
    """Step 2: lines in the piece, whether a quoted field spans lines, the first record of the wrong width."""
    text = _text(piece)
    numbers, counts, _, spans = field_counts(text, head.separator, head.quote)
    if piece.begin == 0 and head.header:
        numbers, counts = numbers[1:], counts[1:]
    width = len(head.names)
    bad = [(ln, c) for ln, c in zip(numbers, counts, strict=True) if c != width]
    return {"lines": text.count("\n"), "spans": spans, "bad": bad[0] if bad else None, "n_bad": len(bad)}


def _raw(text: str, piece: Piece, head: Head, spans: bool) -> pl.DataFrame:
    return fast_frame(text, head.separator, head.quote, piece.begin == 0 and head.header, list(head.names), spans)


def _columns(raw: pl.DataFrame, head: Head) -> list[pl.Series]:
    """The piece's raw cells, column by column (blanks stripped when the file's are)."""
    out = []
    for name in head.names:
        col = raw.get_column(name)
        out.append(col.str.strip_chars() if head.strip else col)
    return out


def _nulls(options: CsvOptions) -> tuple[list[str], list[str]]:
    """The markers read as missing (less ``--not-na``'s), and the numeric-null markers, as ``read_delimited``."""
    nulls = [v for v in dict.fromkeys(options.null_values) if v not in options.values]
    return nulls, [v for v in NUMERIC_NULL_VALUES if v not in nulls]


def _candidates(options: CsvOptions) -> list[str]:
    """The null markers that may be a code column's values (``--na``'s never are)."""
    return [v for v in _nulls(options)[0] if v not in options.missing]


def evidence_piece(piece: Piece, *, head: Head, spans: bool, options: CsvOptions) -> dict[str, Any]:
    """The piece's rows and, per column, its ``TextEvidence`` (every null marker missing) and its value counts."""
    raw = _raw(_text(piece), piece, head, spans)
    nulls, numeric = _nulls(options)
    cands = _candidates(options)
    cols = _columns(raw, head)
    return {
        "rows": raw.height,
        "evidence": [TextEvidence.of(null_out(c, nulls) if nulls else c, numeric) for c in cols],
        "counts": [marker_counts(c, cands) for c in cols],
    }


def decide_columns(
    head: Head, options: CsvOptions, got: Sequence[dict[str, Any]]
) -> tuple[tuple[ColumnTyping, ...], tuple[tuple[str, ...], ...]]:
    """From every piece's ``evidence_piece``: each column's typing and the null markers it reads as values, decided
    once over the whole column. A marker read as a value adds its rows to the column's evidence (the pieces' evidence
    read it as missing; evidence adds up over any split of the rows)."""
    _, numeric = _nulls(options)
    cands = _candidates(options)
    typings, values = [], []
    for j in range(len(head.names)):
        counts = combine_counts([g["counts"][j] for g in got], cands)
        kept = tuple(m for m, _ in decide(counts, cands))
        assert counts is not None or not kept
        extra = [TextEvidence.of(pl.Series([m] * counts[m], dtype=pl.String), numeric) for m in kept if counts]
        typings.append(TextEvidence.combine([*(g["evidence"][j] for g in got), *extra]).typing())
        values.append(kept)
    return tuple(typings), tuple(values)


@dataclass(frozen=True)
class CsvPieces:
    """How every piece of one file is read: its layout, the whole-file flags and each column's typing."""

    head: Head
    spans: bool
    options: CsvOptions
    typings: tuple[ColumnTyping, ...]
    values: tuple[tuple[str, ...], ...] = ()  # per column, the null markers read as its values (none when empty)

    def read(self, piece: Piece) -> pl.DataFrame:
        raw = _raw(_text(piece), piece, self.head, self.spans)
        nulls, numeric = _nulls(self.options)
        values = self.values or ((),) * len(self.typings)
        series = []
        for col, typing, kept in zip(_columns(raw, self.head), self.typings, values, strict=True):
            own = [v for v in nulls if v not in kept]
            if own:
                col = null_out(col, own)
            if typing.null_dashes:
                col = null_out(col, numeric)
            series.append(typing.apply(col)[0])
        return pl.DataFrame(series, schema={s.name: s.dtype for s in series}) if series else pl.DataFrame()


Map = Callable[[Callable[..., Any], Sequence[Any], Mapping[str, Any]], list[Any]]
"""``map(task, items, shared)``: ``[task(item, **shared) for item in items]``, wherever the tasks run."""


def local_map(task: Callable[..., Any], items: Sequence[Any], shared: Mapping[str, Any]) -> list[Any]:
    """Every task in this process, in order."""
    return [task(item, **shared) for item in items]


def plan_pieces(
    path: Path, options: CsvOptions, rows: int, map: Map, *, smallest: int = 64
) -> tuple[CsvPieces, list[Piece], list[int]]:
    """The file cut into pieces of about ``rows`` lines, how to read every piece and each piece's row count: the
    passes above in order (ranges scanned, cut, pieces checked, evidence gathered, columns decided once), each pass's
    tasks run by ``map``. A row of the wrong width is the whole-file reader's error, at the same line."""
    head = sniff_head(path, options)
    ranges = plan_ranges(path, head, rows, smallest)
    pieces = cut(path, ranges, map(scan_range, ranges, {"quote": head.quote, "separator": head.separator}))
    checks = map(check_piece, pieces, {"head": head})
    lines = 0
    for c in checks:
        if c["bad"] is not None:  # on_bad_rows='error' of the whole-file reader
            line, found = c["bad"]
            more = sum(d["n_bad"] for d in checks)
            raise SourceError(
                f"expected {len(head.names)} fields (as in the {'header' if head.header else 'first row'}), "
                f"found {found}{f' ({more} such rows; first shown)' if more > 1 else ''}; fix the row (quote a field "
                "that holds the separator)",
                location=Location(file=str(path), line=lines + line),
            )
        lines += c["lines"]
    spans = any(c["spans"] for c in checks)
    got = map(evidence_piece, pieces, {"head": head, "spans": spans, "options": options})
    typings, values = decide_columns(head, options, got)  # once, over the whole file: never a piece on its own
    return CsvPieces(head, spans, options, typings, values), pieces, [g["rows"] for g in got]
