"""Delimited text files (.csv, .tsv, .asc, .txt): sniffing, validation, reading.

Sniffing looks at the first lines only: the separator (``,`` ``;`` tab ``|``) is the
candidate that splits every sampled line into the same number (> 1) of fields
outside quotes, a candidate that splits the first line like most others before any
that does not (a ``;`` file whose rows hold ``Smith, John`` and ``9,99``); the header is present when the first row is all non-numeric text
while some column below it is numeric (or when every first-row cell differs from
the rest of its column and looks like a name). ``", "`` separators (UCI Adult) are
handled by stripping the blanks around unquoted fields.

Every row is checked for its field count with the ``csv`` module (which knows line
numbers), then the text is read with polars as strings, and columns whose every
non-null value is an integer (without leading zeros, so postcodes and account
numbers stay text) or a decimal number become Int64 / Float64. Dates are left as
text: recognising them is the inspector's job, and it records the format it found.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

import polars as pl

from simulacra.errors import Location, SourceError

from ._code_markers import code_markers
from ._money import money_affix, strip_money

__all__ = [
    "DEFAULT_NULL_VALUES",
    "NUMERIC_NULL_VALUES",
    "CsvOptions",
    "Delimited",
    "Sniffed",
    "column_names",
    "decode_bytes",
    "fast_frame",
    "field_counts",
    "null_out",
    "read_delimited",
    "read_delimited_table",
    "sniff",
]

#: cells read as null (after stripping); "?" is UCI's marker, "" an empty cell
DEFAULT_NULL_VALUES: tuple[str, ...] = ("", "?", "NA", "N/A", "n/a", "NULL", "null", "None", "NaN", "nan", "\\N")
#: read as null only in a column whose every other value is a number (a dash in a column of amounts)
NUMERIC_NULL_VALUES: tuple[str, ...] = ("-", "--", ".")
SEPARATORS = (",", ";", "\t", "|")
_SAMPLE_LINES = 50
_FLOAT = re.compile(r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$")


@dataclass(frozen=True)
class CsvOptions:
    """How to read delimited text; ``None`` means sniff it.

    ``on_bad_rows``: ``"error"`` (default) raises ``SourceError`` naming file:line and
    the field counts; ``"skip"`` drops such rows and says how many in the source's notes.

    A default null marker shaped like a code column's codes and as common as they are is read there as a value
    (``sources._code_markers``: the test code ``NA``); ``missing``: markers always read as missing (the CLI's
    ``--na``); ``values``: markers always read as values (``--not-na``).
    """

    separator: str | None = None
    quote_char: str = '"'
    header: bool | None = None
    null_values: Sequence[str] = DEFAULT_NULL_VALUES
    strip: bool | None = None
    encoding: str | None = None
    on_bad_rows: str = "error"
    missing: Sequence[str] = ()
    values: Sequence[str] = ()

    def __post_init__(self) -> None:
        if self.on_bad_rows not in ("error", "skip"):
            raise SourceError(f"on_bad_rows must be 'error' or 'skip', not {self.on_bad_rows!r}")
        if self.separator is not None and len(self.separator) != 1:
            raise SourceError(f"separator must be one character, not {self.separator!r} (blanks after it are stripped)")


@dataclass(frozen=True)
class Sniffed:
    separator: str
    header: bool
    strip: bool
    notes: tuple[str, ...] = field(default=())


def decode_bytes(data: bytes, path: Path, encoding: str | None) -> tuple[str, str]:
    """(text, encoding) of a delimited file's bytes: in ``encoding`` where given, else UTF-8 (with or without a BOM),
    else a legacy single-byte code page; a SourceError naming ``path`` where it cannot be decoded."""
    if encoding is not None:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as e:
            raise SourceError(f"{path}: cannot be decoded as {encoding} ({e})") from None
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # legacy single-byte files (cp1252 covers latin-1's printable range and more)
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            return data.decode("latin-1"), "latin-1"


def _split(line: str, sep: str, quote: str) -> list[str]:
    return next(csv.reader([line], delimiter=sep, quotechar=quote), [])


def sniff(text: str, path: Path, options: CsvOptions) -> Sniffed:
    """Separator, header and blank-stripping of ``text`` (``options`` fix any of them)."""
    lines = [ln for ln in text.splitlines()[:_SAMPLE_LINES] if ln.strip()]
    if not lines:
        raise SourceError(f"{path}: the file is empty (no header, no rows)")
    notes: list[str] = []
    sep = options.separator
    if sep is None:
        best: tuple[tuple[bool, float], str] | None = None
        for cand in SEPARATORS:
            counts = [len(_split(ln, cand, options.quote_char)) for ln in lines]
            mode, freq = Counter(counts).most_common(1)[0]
            if mode < 2:
                continue
            # a separator that splits the first line (the header) as it splits most rows comes first:
            # ',' in '1;Smith, John;9,99' splits the rows alike but leaves a ';' header one field
            score = (counts[0] == mode, freq / len(counts) + 0.001 * mode)  # then consistency, then more fields
            if best is None or score > best[0]:
                best = (score, cand)
        sep = best[1] if best else ","
        if best is None:
            notes.append("one column only (no separator among , ; tab | splits the lines)")
    rows = [_split(ln, sep, options.quote_char) for ln in lines]
    strip = options.strip
    if strip is None:
        later = [cell for r in rows for cell in r[1:]]
        strip = bool(later) and sum(c.startswith(" ") for c in later) / len(later) > 0.5
    if strip:
        rows = [[c.strip() for c in r] for r in rows]
    header = options.header
    if header is None:
        header = _has_header(rows, options.null_values)
    return Sniffed(sep, header, strip, tuple(notes))


def _is_number(cell: str) -> bool:
    return bool(_FLOAT.match(cell.strip()))


def _has_header(rows: list[list[str]], nulls: Sequence[str]) -> bool:
    first, rest = rows[0], rows[1:]
    if not rest:
        return all(c and not _is_number(c) for c in first)
    if any(_is_number(c) for c in first if c not in nulls):
        return False
    # a numeric column below a text cell: the first row names the columns
    for j in range(len(first)):
        below = [r[j] for r in rest if j < len(r) and r[j] not in nulls]
        if below and all(_is_number(c) for c in below):
            return True
    # all text: a header if its cells never appear again in their columns
    for j, name in enumerate(first):
        if any(j < len(r) and r[j] == name for r in rest):
            return False
    return len(set(first)) == len(first)


def column_names(header: list[str], width: int) -> list[str]:
    """``width`` column names from a header row: blank or missing ones named ``column_<n>``, repeats numbered
    (``name_2``)."""
    names: list[str] = []
    seen: Counter[str] = Counter()
    for j in range(width):
        base = header[j].strip() if j < len(header) and header[j].strip() else f"column_{j + 1}"
        seen[base] += 1
        names.append(base if seen[base] == 1 else f"{base}_{seen[base]}")
    return names


def looks_tabular(path: Path, options: CsvOptions | None = None) -> bool:
    """Whether the start of a file splits into a consistent number (> 1) of fields (a table, not prose)."""
    options = options or CsvOptions()
    try:
        with path.open("rb") as fh:
            head = fh.read(64 * 1024)
    except OSError:
        return False
    text, _ = decode_bytes(head, path, options.encoding)
    lines = text.splitlines()
    if len(head) == 64 * 1024:
        lines = lines[:-1]  # the last line may be cut short
    lines = [ln for ln in lines[:_SAMPLE_LINES] if ln.strip()]
    if not lines:
        return False
    for cand in [options.separator] if options.separator else SEPARATORS:
        counts = [len(_split(ln, cand, options.quote_char)) for ln in lines]
        mode, freq = Counter(counts).most_common(1)[0]
        if mode >= 2 and freq / len(counts) >= 0.9:
            return True
    return False


def field_counts(text: str, sep: str, quote: str) -> tuple[list[int], list[int], list[str] | None, bool]:
    """(line number, field count) of every non-blank record, the first record's fields, and
    whether a quoted field spans lines.

    Vectorized per line (quoted sections removed, separators counted) unless a quoted
    field spans lines; then the ``csv`` module walks the records.
    """
    lines = pl.Series(text.splitlines(), dtype=pl.String)
    keep = lines.str.strip_chars() != ""
    body = lines.filter(keep)
    spans_lines = quote in text and bool((body.str.count_matches(quote, literal=True) % 2 == 1).any())
    if not spans_lines:
        numbers = pl.arange(1, lines.len() + 1, eager=True).filter(keep).to_list()
        if quote in text:
            q = re.escape(quote)
            body = body.str.replace_all(f"{q}[^{q}]*{q}", "")
        counts = (body.str.count_matches(sep, literal=True) + 1).to_list()
        first_line = lines.filter(keep).head(1).to_list()
        return numbers, counts, (_split(first_line[0], sep, quote) if first_line else None), False
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, quotechar=quote, strict=False)
    numbers, counts = [], []
    first: list[str] | None = None
    for rec in reader:
        if not rec or (len(rec) == 1 and not rec[0].strip()):
            continue  # blank line
        if first is None:
            first = rec
        numbers.append(reader.line_num)
        counts.append(len(rec))
    return numbers, counts, first, True


def _slow_frame(text: str, sep: str, quote: str, skip_header: bool, width: int, names: list[str]) -> pl.DataFrame:
    """Records of the right width, parsed by the csv module (used when rows are skipped)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, quotechar=quote, strict=False)
    rows = [r for r in reader if r and not (len(r) == 1 and not r[0].strip())]
    body = [r for r in (rows[1:] if skip_header else rows) if len(r) == width]
    columns = list(zip(*body, strict=True)) if body else [() for _ in names]
    return pl.DataFrame([pl.Series(n, v, dtype=pl.String) for n, v in zip(names, columns, strict=True)])


def fast_frame(text: str, sep: str, quote: str, skip_header: bool, names: list[str], spans_lines: bool) -> pl.DataFrame:
    """All records, parsed by polars as text (the field counts were checked before)."""
    if not spans_lines:
        text = "\n".join(ln for ln in text.splitlines() if ln.strip())  # blank lines would read as null rows
    frame = pl.read_csv(
        io.BytesIO(text.encode("utf-8")),
        separator=sep,
        quote_char=quote,
        has_header=False,
        skip_rows=1 if skip_header else 0,
        new_columns=names,
        infer_schema=False,
        empty_string_is_null=False,
        raise_if_empty=False,
    )
    if frame.width != len(names):  # header-only file
        return pl.DataFrame({n: pl.Series(n, [], dtype=pl.String) for n in names})
    if spans_lines:
        # blank lines between records read as all-null rows (a quoted field spanning lines keeps the
        # text from being split up front); a row of empty fields is indistinguishable and goes too
        frame = frame.filter(~pl.all_horizontal(pl.all().is_null() | (pl.all().str.strip_chars() == "")))
    return frame


@dataclass(frozen=True)
class Delimited:
    """A delimited file as read: the frame, notes, and how its text was written.

    ``null_markers``: column -> the marker its missing values were written as (``?``,
    ``NA``, ``\\N``, ``-``, ``""``...); ``number_forms``: column -> (decimals, fixed,
    zero-padded width) of the numbers read from text (see ``sources._forms``); ``number_marks``:
    column -> (decimal mark, group mark) of numbers written ``1.234,5`` or ``1,234.5``; ``money``: column -> the
    currency affix its amounts were written with (``<$``: ``$1,234.50``; see ``sources._money``).
    """

    frame: pl.DataFrame
    notes: list[str]
    null_markers: dict[str, str] = field(default_factory=dict)
    number_forms: dict[str, tuple[int | None, bool, int | None]] = field(default_factory=dict)
    number_marks: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    separator: str = ","
    money: dict[str, str] = field(default_factory=dict)


def read_delimited(path: Path, options: CsvOptions | None = None) -> tuple[pl.DataFrame, list[str]]:
    """A frame from a delimited text file, and notes on what was sniffed or skipped.

    Raises ``SourceError`` for an unreadable or empty file and, unless
    ``on_bad_rows='skip'``, for a row whose field count differs from the header's.
    """
    d = read_delimited_table(path, options)
    return d.frame, d.notes


def read_delimited_table(path: Path, options: CsvOptions | None = None) -> Delimited:
    """As :func:`read_delimited`, with the null markers and number forms of each column."""
    from ._forms import null_marker, text_number_form

    options = options or CsvOptions()
    try:
        data = path.read_bytes()
    except OSError as e:
        raise SourceError(f"{path}: cannot be read ({e.strerror or e})") from None
    text, encoding = decode_bytes(data, path, options.encoding)
    sn = sniff(text, path, options)
    notes = [f"{path.name}: {n}" for n in sn.notes]
    if encoding not in ("utf-8", "utf-8-sig"):
        notes.append(f"{path.name}: not UTF-8; decoded as {encoding}")
    quote = options.quote_char
    try:
        numbers, counts, first, spans_lines = field_counts(text, sn.separator, quote)
    except csv.Error as e:
        raise SourceError(f"cannot be parsed as delimited text ({e})", location=Location(file=str(path))) from None
    if first is None:
        raise SourceError(f"{path}: the file is empty (no header, no rows)")
    width = len(first)
    if sn.header:
        header = [c.strip() if sn.strip else c for c in first]
        names = column_names(header, width)
        renamed = [
            f"column {j + 1} ({'blank' if not (header[j].strip() if j < len(header) else '') else repr(header[j])}) as '{n}'"
            for j, n in enumerate(names)
            if j >= len(header) or n != header[j]
        ]
        if renamed:
            notes.append(f"{path.name}: header names blank or repeated; read " + ", ".join(renamed))
        numbers, counts = numbers[1:], counts[1:]
    else:
        names = [f"column_{j + 1}" for j in range(width)]
        notes.append(f"{path.name}: no header row found; columns named column_1..column_{width}")
    bad = [(ln, c) for ln, c in zip(numbers, counts, strict=True) if c != width]
    if bad:
        ln, found = bad[0]
        more = f" ({len(bad)} such rows; first shown)" if len(bad) > 1 else ""
        if options.on_bad_rows == "error":
            raise SourceError(
                f"expected {width} fields (as in the {'header' if sn.header else 'first row'}), found {found}{more};"
                " fix the row (quote a field that holds the separator) or read with --on-bad-rows skip (on_bad_rows='skip')",
                location=Location(file=str(path), line=ln),
            )
        notes.append(f"{path.name}: skipped {len(bad)} row(s) with a wrong field count (first at line {ln})")
        raw = _slow_frame(text, sn.separator, quote, sn.header, width, names)
    else:
        try:
            raw = fast_frame(text, sn.separator, quote, sn.header, names, spans_lines)
        except pl.exceptions.PolarsError as e:
            first_line = (str(e).strip().splitlines() or [type(e).__name__])[0]
            raise SourceError(
                f"cannot be parsed as delimited text ({first_line})", location=Location(file=str(path))
            ) from None
    all_nulls = [v for v in dict.fromkeys(options.null_values) if v not in options.values]
    numeric_nulls = [v for v in NUMERIC_NULL_VALUES if v not in all_nulls]
    series = []
    markers: dict[str, str] = {}
    number_forms: dict[str, tuple[int | None, bool, int | None]] = {}
    number_marks: dict[str, tuple[str, str | None]] = {}
    money: dict[str, str] = {}
    for name in names:
        col = raw.get_column(name)
        if sn.strip:
            col = col.str.strip_chars()
        nulls = all_nulls
        codes = code_markers(col, [v for v in all_nulls if v not in options.missing])
        if codes:  # a marker among codes it looks like, as common as they are: one more code
            nulls = [v for v in all_nulls if v not in {c for c, _ in codes}]
            notes += [f"{path.name}: column '{name}': {c!r} read as a value, not missing ({why})" for c, why in codes]
        # a missing field (polars reads an empty unquoted cell as none) is an empty cell
        marker = null_marker(col.fill_null(""), nulls if "" in nulls else [*nulls, ""])
        if nulls:
            col = null_out(col, nulls)
        typing = TextEvidence.of(col, numeric_nulls).typing()
        if typing.null_dashes:
            dash = null_marker(col, numeric_nulls)
            dashes = col.is_in(pl.Series(numeric_nulls, dtype=pl.String).implode())
            marker = dash if marker is None or int(dashes.sum()) >= col.null_count() else marker
            col = null_out(col, numeric_nulls)
        if marker is not None:
            markers[name] = marker
        narrow, plain = typing.apply(col)
        if typing.kind in ("int", "float"):
            number_forms[name] = text_number_form(col)
        elif typing.kind == "marked":
            number_forms[name] = text_number_form(plain)
            number_marks[name] = (typing.decimal, typing.group)
            if typing.money:
                money[name] = typing.money
        series.append(narrow)
    frame = pl.DataFrame(series, schema={s.name: s.dtype for s in series}) if series else pl.DataFrame()
    sep_name = (
        {"\t": "tab", ",": "','", ";": "';'", "|": "'|'"}[sn.separator]
        if sn.separator in SEPARATORS
        else repr(sn.separator)
    )
    notes.append(
        f"{path.name}: separator {sep_name}{', blanks stripped' if sn.strip else ''}, "
        f"{'header row' if sn.header else 'no header'}, {frame.height} rows"
    )
    if money:
        notes.append(f"{path.name}: amounts with their currency read as numbers: {', '.join(money)}")
    return Delimited(frame, notes, markers, number_forms, number_marks, sn.separator, money)


def null_out(col: pl.Series, markers: list[str]) -> pl.Series:
    """``col`` with each value listed in ``markers`` made null."""
    return pl.select(
        pl.when(col.is_in(pl.Series(markers, dtype=pl.String).implode())).then(None).otherwise(col).alias(col.name)
    ).to_series()


# a decimal comma, thousands grouped by a point, a blank or a no-break space (or not at all): 1.234,5  12,5  1 234
_COMMA_DECIMAL = {
    g: rf"^[+-]?([0-9]{{1,3}}({cls}[0-9]{{3}})+|[0-9]+)(,[0-9]+)?$"
    for g, cls in ((".", "[.]"), (" ", "[ ]"), ("\u00a0", "[\u00a0]"))
}
# a decimal point with thousands grouped by commas: 1,234.5  1,234,567
_COMMA_GROUPS = r"^[+-]?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]+)?$"


#: currency signs written before the number in countries that group thousands with commas
_GROUPING_SIGNS = frozenset({"<$", "<US$", "<A$", "<C$", "<£", "<¥", "<₹", "<USD ", "<GBP "})

_INT = r"^[+-]?(0|[1-9][0-9]{0,17})$"  # no leading zeros: postcodes and account numbers stay text
_MARK = r"[0-9][,. \u00a0][0-9]"
_COMMA_PART = r",([0-9]+)$"


@dataclass(frozen=True)
class ColumnTyping:
    """How a text column of a delimited file is typed, decided over the whole column (``TextEvidence.typing``).

    ``null_dashes``: its ``-``/``--``/``.`` cells are missing (every other value is a number); ``kind``: ``int``,
    ``float`` (every value one), ``marked`` (numbers written ``1.234,5`` or ``1,234.5``: ``decimal`` mark,
    ``group`` mark or None, ``strip`` the group character removed, ``dtype`` Int64 or Float64) or ``text``.
    """

    null_dashes: bool = False
    kind: str = "text"
    decimal: str = "."
    group: str | None = None
    strip: str = ""
    floats: bool = True
    money: str = ""  # the currency affix every value carried (``sources._money``; ``marked`` only)

    @property
    def dtype(self) -> pl.DataType:
        """The column's type once typed."""
        if self.kind == "marked":
            return pl.Float64() if self.floats else pl.Int64()
        return {"int": pl.Int64(), "float": pl.Float64()}.get(self.kind, pl.String())

    def apply(self, col: pl.Series) -> tuple[pl.Series, pl.Series]:
        """(the typed column, its numbers as plain text) from the column with its null markers already null."""
        if self.kind == "int":
            return col.cast(pl.Int64), col
        if self.kind == "float":
            return col.cast(pl.Float64), col
        if self.kind != "marked":
            return col, col
        if self.money:
            col = strip_money(col, self.money)
        if self.decimal == ",":
            plain = col.str.replace_all(self.strip, "", literal=True).str.replace(",", ".", literal=True)
        else:
            plain = col.str.replace_all(",", "", literal=True)
        return plain.cast(self.dtype), plain


@dataclass(frozen=True)
class TextEvidence:
    """What the typing of a text column depends on, as counts and all/any flags that add up over pieces of the
    column (``combine``): the whole file's typing is that of its pieces' evidence combined, so a file read piece
    by piece (``sources._pieces``) is typed as one read whole. ``rest``: the non-null values other than the
    numeric-null markers; every other field is a flag over them (all: every value; any: some value)."""

    dashes: bool  # any numeric-null marker
    rest: int
    all_float: bool
    all_int: bool
    any_dot_e: bool
    any_mark: bool
    any_comma_part: bool
    comma_parts_three: bool  # every ",ddd" ending has three digits
    all_comma_decimal: tuple[bool, ...]  # per group character of _COMMA_DECIMAL
    any_group: tuple[bool, ...]
    all_comma_groups: bool
    any_comma: bool
    any_point: bool
    any_many_groups: bool
    #: the currency affix every value carries ("" none; "!" pieces that disagree), the flags above read
    #: without it
    money: str = ""

    @classmethod
    def of(cls, col: pl.Series, numeric_nulls: Sequence[str]) -> TextEvidence:
        dashes = col.is_in(pl.Series(list(numeric_nulls), dtype=pl.String).implode())
        rest = col.filter(~dashes & col.is_not_null())
        money = money_affix(rest)
        if money:
            rest = strip_money(rest, money)

        def every(pattern: str) -> bool:
            return bool(rest.str.contains(pattern).all())

        def some(pattern: str, literal: bool = False) -> bool:
            return bool(rest.str.contains(pattern, literal=literal).any())

        comma_part = rest.str.extract(_COMMA_PART, 1)
        return cls(
            dashes=bool(dashes.any()),
            rest=rest.len(),
            all_float=every(_FLOAT.pattern),
            all_int=every(_INT),
            any_dot_e=some(r"[.eE]"),
            any_mark=some(_MARK),
            any_comma_part=bool(comma_part.is_not_null().any()),
            comma_parts_three=bool((comma_part.drop_nulls().str.len_chars() == 3).all()),
            all_comma_decimal=tuple(every(p) for p in _COMMA_DECIMAL.values()),
            any_group=tuple(some(g, literal=True) for g in _COMMA_DECIMAL),
            all_comma_groups=every(_COMMA_GROUPS),
            any_comma=some(","),
            any_point=some(r"\."),
            any_many_groups=some(r",[0-9]{3},"),
            money=money,
        )

    @classmethod
    def combine(cls, pieces: Sequence[TextEvidence]) -> TextEvidence:
        """The evidence of the column the pieces make, in order (flags: all of them / any of them)."""
        out: dict[str, object] = {}
        for f in fields(cls):
            got = [getattr(p, f.name) for p in pieces]
            if f.name == "rest":
                out[f.name] = sum(got)
            elif f.name == "money":  # one affix over every piece that has values, or none can be typed
                seen = {p.money for p in pieces if p.rest}
                out[f.name] = seen.pop() if len(seen) == 1 else ("!" if seen else "")
            elif f.name.startswith("all_") or f.name == "comma_parts_three":
                out[f.name] = (
                    tuple(all(v) for v in zip(*got, strict=True)) if f.name == "all_comma_decimal" else all(got)
                )
            else:
                out[f.name] = tuple(any(v) for v in zip(*got, strict=True)) if f.name == "any_group" else any(got)
        return cls(**out)  # type: ignore[arg-type]

    def typing(self) -> ColumnTyping:
        """Dashes nulled when every other value is a number; then Int64 or Float64 when every non-null value is one
        (integers without leading zeros); then numbers with a decimal comma or thousands separators, unless their
        marks are ambiguous (``1,234`` alone is a thousand in one convention and one and a fraction in the other,
        so it stays text rather than risk wrong numbers); text otherwise."""
        typing = self._typing()
        if not self.money:
            return typing
        if typing.kind == "text" and self.money in _GROUPING_SIGNS and self.all_comma_groups and self.any_comma:
            # $1,200 alone: the sign's own convention groups thousands with commas (1,234 bare is ambiguous)
            return ColumnTyping(typing.null_dashes, "marked", ".", ",", ",", self.any_point, self.money)
        if self.money == "!" or typing.kind == "text":
            return ColumnTyping(typing.null_dashes)  # amounts that do not all read as numbers stay as written
        if typing.kind == "marked":
            return replace(typing, money=self.money)
        return ColumnTyping(typing.null_dashes, "marked", ".", None, "", typing.kind == "float", self.money)

    def _typing(self) -> ColumnTyping:
        null_dashes = self.dashes and self.rest > 0 and self.all_float
        if (self.dashes and not null_dashes) or self.rest == 0:
            return ColumnTyping(null_dashes)
        if self.all_int:
            return ColumnTyping(null_dashes, "int")
        if self.all_float and self.any_dot_e:
            return ColumnTyping(null_dashes, "float")
        if not self.any_mark:
            return ColumnTyping(null_dashes)
        for g, every, grouped in zip(_COMMA_DECIMAL, self.all_comma_decimal, self.any_group, strict=True):
            if not every or not self.any_comma_part:
                continue
            if not grouped and self.comma_parts_three:
                break  # 1,234: ambiguous, try the comma as a group mark below
            return ColumnTyping(null_dashes, "marked", ",", g if grouped else None, g, True)
        if self.all_comma_groups and self.any_comma and (self.any_point or self.any_many_groups):
            return ColumnTyping(null_dashes, "marked", ".", ",", ",", self.any_point)
        return ColumnTyping(null_dashes)
