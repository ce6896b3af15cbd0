"""Written forms: how each column of a source was spelled, so samples are written the same way.

A source is read as it is (``read_source``) and then typed for learning
(``coerce``): ``Y``/``N`` become booleans, ``01/02/1995`` a date, ``?`` a null.
``detect_forms`` compares the two and records, per column, what typing changed:

* ``null``       the marker a missing value was written as (``?``, ``NA``, ``\\N``, ``-``, empty);
* ``dtype``      the source's dtype when typing changed it (a 0/1 integer read as boolean
                 stays an integer; a text date stays text);
* ``true``/``false``  boolean spellings (``Y``/``N``, ``yes``/``no``, ``1``/``0``, ``True``...);
* ``decimals``   the number of decimals of a number written as text (``fixed``: every value
                 had exactly that many, ``12.50``), or the most any value had;
* ``width``      zero-padded integers (``00123``);
* ``date_format`` the strftime format of dates written as text;
* ``decimal_mark``/``group_mark``  numbers written with a decimal comma or thousands separators
                 (``1.234,50``, ``1,234.50``, ``1 234,5``): learned as numbers, written back the same way;
* ``duration``   durations written as text and learned as seconds (``1:27.452``, ``+8:22.19``,
                 ``1:02:03``): ``s``, ``m:ss`` or ``h:mm:ss``, with `` auto`` after it when the source
                 mixed them (then each value gets more fields when it needs them: ``5.10`` and
                 ``1:02.30``), ``+`` in front when the source signed them (``+8:22`` ahead, ``-3:05`` behind); the seconds keep ``decimals``.
* ``units``      measured values written ``<number> <unit>`` (``7.2 mmol/L``) and learned as numbers: per unit
                 its decimals and median, ``unit_sep`` the blank between, and ``unit_by``/``unit_map`` the column
                 that decides each row's unit (a lab value's test code) with its unit and decimals per value
                 (see ``_units``).
* ``money``      amounts written with a currency sign or code (``$1,234.50``, ``12,50 €``): learned as numbers,
                 written back with the affix (see ``_money``);
* ``negative``   ``()`` where the source wrote a negative amount in parentheses (``(45.00)``, ``($12.00)``).

``apply_forms`` turns sampled (typed) frames back into that form. Text sinks (CSV)
get each value spelled as the source spelled it and nulls written as the column's
marker; typed sinks (Parquet, SQLite, DuckDB, PostgreSQL) get the source's dtype
(an integer stays an integer, a text column stays text) and real nulls.

Forms are plain JSON (``ColumnForm.to_json``) saved inside the model.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

import polars as pl

from ._money import MONEY, money_plain, write_money
from ._units import format_unit_values, unit_form

__all__ = [
    "TEXT_DATE_FORMATS",
    "ColumnForm",
    "apply_forms",
    "detect_column_form",
    "detect_forms",
    "null_marker",
    "text_number_form",
]

from simulacra._text_dates import DATE_FORMATS as _DATE_FORMATS
from simulacra._text_dates import DATETIME_FORMATS as _DATETIME_FORMATS
from simulacra._text_dates import TEXT_DATE_FORMATS

_CHECK_ROWS = 2000  # values compared when a form is decided (the first ones; deterministic)
_MAX_DECIMALS = 12


@dataclass(frozen=True)
class ColumnForm:
    """How one column was written in its source (``None``: nothing to restore)."""

    null: str | None = None
    dtype: str | None = None
    true: str | None = None
    false: str | None = None
    decimals: int | None = None
    fixed: bool = False
    width: int | None = None
    date_format: str | None = None
    duration: str | None = None
    decimal_mark: str | None = None  # "," for numbers written 12,5 (None: a point)
    group_mark: str | None = None  # the thousands separator the source wrote ("." in 1.234,5; "," in 1,234.5)
    units: dict[str, list[Any]] | None = None  # unit -> [decimals, fixed, median number] (7.2 mmol/L)
    unit_sep: str | None = None  # what stands between number and unit (" " or "")
    unit_by: str | None = None  # the column deciding each row's unit (a test code)
    unit_map: dict[str, list[Any]] | None = None  # its value as text -> [unit, decimals, fixed]
    money: str | None = None  # the currency affix of amounts written "$1,234.50" ("<$"; see ``_money``)
    negative: str | None = None  # "()": negative amounts written in parentheses, (45.00)

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in (None, False)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ColumnForm:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})

    @property
    def empty(self) -> bool:
        return not self.to_json()


# ----------------------------------------------------------------------------- detection


def null_marker(raw: pl.Series, markers: list[str]) -> str | None:
    """The marker most often standing for a missing value in text column ``raw`` (None: none used)."""
    if raw.dtype != pl.String or not markers:
        return None
    hits = raw.filter(raw.is_in(pl.Series(markers, dtype=pl.String).implode()))
    if hits.len() == 0:
        return None
    counts = hits.value_counts(sort=True)
    top = counts.get_column(raw.name).to_list()
    n = counts.get_column("count").to_list()
    best = max(n)
    return min(v for v, c in zip(top, n) if c == best)  # ties: a fixed choice


def text_number_form(text: pl.Series) -> tuple[int | None, bool, int | None]:
    """(decimals, fixed, width) of numbers written as text (non-null, stripped values)."""
    vals = text.drop_nulls().head(_CHECK_ROWS * 10)
    if vals.len() == 0 or bool(vals.str.contains("[eE]").any()):
        return None, False, None
    frac = vals.str.extract(r"\.([0-9]*)$", 1)
    dec = frac.str.len_chars().fill_null(0)
    width = None
    digits = vals.str.replace(r"^[+-]", "")
    if frac.null_count() == vals.len() and bool(digits.str.starts_with("0").any()):
        lengths = digits.str.len_chars()
        if lengths.n_unique() == 1 and int(lengths[0]) > 1:
            width = int(lengths[0])
    if frac.null_count() == vals.len():
        return None, False, width
    lo, hi = int(dec.min()), int(dec.max())  # type: ignore[arg-type]
    if hi > _MAX_DECIMALS:
        return None, False, None
    return hi, lo == hi and frac.null_count() == 0, width


def _mode(values: pl.Series) -> str | None:
    vals = values.drop_nulls()
    if vals.len() == 0:
        return None
    c = Counter(vals.head(_CHECK_ROWS * 10).to_list())
    best = max(c.values())
    return min(v for v, n in c.items() if n == best)


def _date_format(raw: pl.Series, typed: pl.Series, hint: str | None, *, integers: bool = False) -> str | None:
    """The format that writes ``typed`` as ``raw`` was written; ``integers``: the source stored them as integers,
    compared as numbers (yymmdd 000101 is the integer 101: the zeros a number drops are no difference)."""
    both = pl.DataFrame({"r": raw, "t": typed}).drop_nulls().head(_CHECK_ROWS)
    if both.height == 0:
        return hint
    r = both.get_column("r").str.strip_chars()
    t = both.get_column("t")
    cands = ([hint] if hint else []) + list(_DATE_FORMATS + _DATETIME_FORMATS)
    for fmt in dict.fromkeys(cands):
        try:
            written = _strftime(t, fmt)
            if integers:
                written, r_ = written.cast(pl.Int64, strict=False), r.cast(pl.Int64, strict=False)
                if bool((written == r_).fill_null(False).all()):
                    return fmt
            elif bool((written == r).all()):
                return _fixed_fraction(fmt, r)
        except pl.exceptions.PolarsError:
            continue
    return None  # no format writes the values as they were read: written in ISO form


def _fixed_fraction(fmt: str, raw: pl.Series) -> str:
    """``fmt`` with its fraction of a second (``%.f``: as many digits as a value needs, none when it has none)
    fixed at 3 or 6 digits when every value is written with that many: a millisecond column's value on a whole
    second stays ``12:03:17.000``, not ``12:03:17``."""
    if "%.f" not in fmt:
        return fmt
    digits = raw.str.extract(r"[.,](\d+)Z?$", 1).str.len_chars().unique().to_list()
    return fmt.replace("%.f", f"%.{digits[0]}f") if len(digits) == 1 and digits[0] in (3, 6) else fmt


def _strftime(s: pl.Series, fmt: str) -> pl.Series:
    """Dates written with ``fmt``; a date under a format with a time of day is written at midnight."""
    if s.dtype == pl.Date and any(d in fmt for d in ("%H", "%M", "%S", "%I", "%p", "%T", "%R", "%s")):
        s = s.cast(pl.Datetime("us"))
    return s.dt.strftime(fmt)


def _duration_form(text: pl.Series) -> tuple[str | None, int | None, bool]:
    """(shape, decimals of the seconds, fixed) of durations written as text."""
    vals = text.drop_nulls().head(_CHECK_ROWS * 10)
    if vals.len() == 0:
        return None, None, False
    colons = vals.str.count_matches(":")
    kinds = set(colons.unique().to_list())
    shape = {0: "s", 1: "m:ss"}.get(int(min(kinds)), "h:mm:ss") + (" auto" if len(kinds) > 1 else "")
    if bool(vals.str.contains(r"^[+-]").all()) and bool(vals.str.starts_with("+").any()):
        shape = "+" + shape  # signed: ahead +8:22, behind -3:05
    decimals, fixed, _ = text_number_form(vals.str.replace(r"^.*:", "").str.replace(r"^[+-]", ""))
    return shape, decimals, fixed


def _format_durations(s: pl.Series, form: ColumnForm) -> pl.Series:
    """Seconds written back as the source wrote durations (``1:27.452``)."""
    shape = form.duration or "s"
    sign = "+" if shape.startswith("+") else ""
    shape, _, auto = shape.lstrip("+").partition(" ")
    d = form.decimals or 0
    unit = 10**d
    out: list[str | None] = []
    for v in s.cast(pl.Float64).to_list():
        if v is None or v != v:
            out.append(None)
            continue
        neg = v < 0
        ticks = int(round(abs(v) * unit))  # whole units of the last decimal: no 60.000 seconds
        whole, frac = divmod(ticks, unit)
        h, rest = divmod(whole, 3600)
        m, sec = divmod(rest, 60)
        tail = f".{frac:0{d}d}" if d else ""
        fields = 2 if shape == "h:mm:ss" else 1 if shape == "m:ss" else 0
        if auto:
            fields = max(fields, 2 if h else 1 if m else 0)
        if fields == 2:
            text = f"{h}:{m:02d}:{sec:02d}{tail}"
        elif fields == 1:
            text = f"{h * 60 + m}:{sec:02d}{tail}"
        else:
            text = f"{whole}{tail}"
        out.append(("-" if neg else sign) + text)
    return pl.Series(s.name, out, dtype=pl.String)


def detect_column_form(
    raw: pl.Series,
    typed: pl.Series,
    *,
    marker: str | None = None,
    parse_format: str | None = None,
    number_form: tuple[int | None, bool, int | None] | None = None,
    marks: tuple[str, str | None] | None = None,
    money: str | None = None,
) -> ColumnForm:
    """The form of one column: ``raw`` as read, ``typed`` as learned (same rows, same order)."""
    kw: dict[str, Any] = {"null": marker}
    rdt, tdt = raw.dtype, typed.dtype
    text = raw.cast(pl.String).str.strip_chars() if rdt == pl.String else None
    if rdt != tdt and rdt != pl.Null:
        kw["dtype"] = str(rdt)
    if tdt == pl.Boolean and rdt != pl.Boolean:
        spelled = raw.cast(pl.String).str.strip_chars() if text is None else text
        kw["true"] = _mode(spelled.filter(typed.fill_null(False)))
        kw["false"] = _mode(spelled.filter(~typed.fill_null(True)))
        if rdt.is_float():
            kw["true"], kw["false"] = kw["true"] or "1.0", kw["false"] or "0.0"
        elif rdt.is_integer():
            kw["true"], kw["false"] = kw["true"] or "1", kw["false"] or "0"
    elif (tdt == pl.Date or isinstance(tdt, pl.Datetime)) and rdt != tdt:
        kw["date_format"] = _date_format(raw.cast(pl.String), typed, parse_format, integers=rdt.is_integer())
    elif tdt.is_numeric() and parse_format == "unit":
        pass  # measured values: their form needs the row's other columns (detect_forms)
    elif tdt.is_numeric() and text is not None and parse_format is not None and parse_format.startswith(MONEY):
        # amounts a database kept as text (a CSV's are typed by its reader): the inspection found their format
        affix, mark, grouped, negative = parse_format.removeprefix(MONEY).split("|")
        plain = money_plain(text.filter(typed.is_not_null()), parse_format)
        kw["decimals"], kw["fixed"], kw["width"] = text_number_form(plain)
        kw["decimal_mark"] = mark if mark != "." else None
        kw["group_mark"] = grouped or None
        kw["money"] = affix or None
        kw["negative"] = negative if negative != "-" else None
    elif tdt.is_numeric() and text is not None and parse_format == "duration":
        kw["duration"], kw["decimals"], kw["fixed"] = _duration_form(text.filter(typed.is_not_null()))
    elif tdt.is_numeric():
        if number_form is not None:
            kw["decimals"], kw["fixed"], kw["width"] = number_form
        if marks is not None:
            decimal, group = marks
            kw["decimal_mark"] = decimal if decimal != "." else None
            kw["group_mark"] = group
        elif text is not None:
            kw["decimals"], kw["fixed"], kw["width"] = text_number_form(text.filter(typed.is_not_null()))
        kw["money"] = money or None
    return ColumnForm(**kw)


def detect_forms(
    raw: Mapping[str, pl.DataFrame],
    typed: Mapping[str, pl.DataFrame],
    *,
    markers: Mapping[str, Mapping[str, str]] | None = None,
    numbers: Mapping[str, Mapping[str, tuple[int | None, bool, int | None]]] | None = None,
    marks: Mapping[str, Mapping[str, tuple[str, str | None]]] | None = None,
    money: Mapping[str, Mapping[str, str]] | None = None,
    profiles: Any = None,
) -> dict[str, dict[str, ColumnForm]]:
    """Per table and column, the written form (only columns with something to restore).

    ``markers``, ``numbers`` and ``marks`` are what the reader recorded while reading text
    (a source's ``null_markers``, ``number_forms`` and ``number_marks``); ``profiles`` (an Inspection)
    gives the date format the inspection found.
    """
    cols = getattr(profiles, "columns", None) or {}
    out: dict[str, dict[str, ColumnForm]] = {}
    for t, frame in raw.items():
        tf = typed.get(t)
        if tf is None:
            continue
        forms: dict[str, ColumnForm] = {}
        for c in frame.columns:
            if c not in tf.columns:
                continue
            p = cols.get((t, c))
            form = detect_column_form(
                frame.get_column(c),
                tf.get_column(c),
                marker=(markers or {}).get(t, {}).get(c),
                parse_format=getattr(p, "parse_format", None),
                number_form=(numbers or {}).get(t, {}).get(c),
                marks=(marks or {}).get(t, {}).get(c),
                money=(money or {}).get(t, {}).get(c),
            )
            if getattr(p, "parse_format", None) == "unit" and tf.get_column(c).dtype.is_numeric():
                form = replace(form, **unit_form(c, frame, tf))
            if not form.empty:
                forms[c] = form
        out[t] = forms
    return out


# ----------------------------------------------------------------------------- writing back


def _format_numbers(s: pl.Series, form: ColumnForm) -> pl.Series:
    """Numbers as text the way the source wrote them."""
    if form.width is not None and (s.dtype.is_integer() or form.decimals is None):
        return s.cast(pl.Int64).cast(pl.String).str.zfill(form.width)
    if form.decimals is not None and form.fixed:
        vals = s.cast(pl.Float64).to_list()
        out = pl.Series(s.name, [None if v is None else f"{v:.{form.decimals}f}" for v in vals], dtype=pl.String)
    else:
        out = s.cast(pl.String)
    if form.decimal_mark is not None or form.group_mark is not None:
        out = pl.Series(s.name, [None if v is None else _marked(v, form) for v in out.to_list()], dtype=pl.String)
    return write_money(out, form.money or "", form.negative) if form.money or form.negative else out


def _marked(text: str, form: ColumnForm) -> str:
    """``-1234.5`` spelled with the form's marks: ``-1.234,5`` (group ".", decimal ",")."""
    sign = text[0] if text[:1] in "+-" else ""
    whole, dot, frac = text[len(sign) :].partition(".")
    if form.group_mark and whole.isdigit():
        head = len(whole) % 3 or 3
        whole = form.group_mark.join([whole[:head]] + [whole[i : i + 3] for i in range(head, len(whole), 3)])
    return sign + whole + ((form.decimal_mark or ".") + frac if dot else "")


def _dtype(name: str) -> pl.DataType | None:
    """A polars dtype from its ``str()`` (simple names; datetimes in microseconds)."""
    if name.startswith("Datetime"):
        unit = "ns" if "'ns'" in name else "ms" if "'ms'" in name else "us"
        return pl.Datetime(unit)  # type: ignore[arg-type]
    dtype = getattr(pl, name, None)
    return dtype() if isinstance(dtype, type) and issubclass(dtype, pl.DataType) else None


def _restore(s: pl.Series, form: ColumnForm, *, text: bool) -> pl.Series:
    target = _dtype(form.dtype) if form.dtype is not None else None
    if s.dtype == pl.Boolean and form.true is not None:
        spelled = pl.select(
            pl.when(s.is_null())
            .then(pl.lit(None, dtype=pl.String))
            .when(s)
            .then(pl.lit(form.true))
            .otherwise(pl.lit(form.false))
            .alias(s.name)
        ).to_series()
        s = spelled if target is None or target == pl.String else spelled.cast(target, strict=False)
    elif (s.dtype == pl.Date or isinstance(s.dtype, pl.Datetime)) and form.date_format:
        spelled = _strftime(s, form.date_format)
        s = spelled if target is None or target == pl.String else spelled.cast(target, strict=False)
    elif s.dtype.is_numeric() and form.duration is not None:
        s = _format_durations(s, form)
    elif s.dtype.is_numeric():
        if form.decimals is not None and s.dtype.is_float():
            s = s.round(form.decimals)
        if target is not None and target.is_numeric() and target != s.dtype:
            s = s.round(0).cast(target, strict=False) if target.is_integer() else s.cast(target, strict=False)
        marks = any(m is not None for m in (form.decimal_mark, form.group_mark, form.money, form.negative))
        if (target == pl.String or text) and (form.width is not None or form.fixed or marks):
            s = _format_numbers(s, form)
        elif target == pl.String:
            s = s.cast(pl.String)
    elif target is not None and target != s.dtype and s.dtype != pl.Null:
        try:
            s = s.cast(target, strict=True)
        except (pl.exceptions.PolarsError, ValueError, TypeError):
            pass
    return s


def apply_forms(
    frame: pl.DataFrame, forms: Mapping[str, ColumnForm | Mapping[str, Any]], *, text: bool, null_markers: bool = True
) -> pl.DataFrame:
    """``frame`` written as its source was: spellings, dtypes, decimals, dates; markers for nulls on text sinks.

    ``text``: the sink writes text (CSV), so every value may be spelled; otherwise only
    dtypes and values change. ``null_markers=False`` writes nulls (empty cells) instead.
    """
    cols = []
    for s in frame.iter_columns():
        f = forms.get(s.name)
        if f is None:
            cols.append(s)
            continue
        form = f if isinstance(f, ColumnForm) else ColumnForm.from_json(f)
        if form.units is not None and s.dtype.is_numeric():
            out = format_unit_values(s, form.to_json(), frame)  # the unit from the row's own columns
        else:
            out = _restore(s, form, text=text)
        if text and null_markers and form.null is not None and form.null != "" and out.null_count():
            out = out.cast(pl.String).fill_null(form.null)
        cols.append(out.alias(s.name))
    return pl.DataFrame(cols, schema={c.name: c.dtype for c in cols}) if cols else frame
