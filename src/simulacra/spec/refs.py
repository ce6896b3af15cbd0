"""Expressions in specs: the simulacra SQL dialect, and references inside it.

The dialect is polars SQL (PostgreSQL-flavoured) with these changes, so a formula
checked in SQLite, DuckDB or PostgreSQL agrees with the generated data:

- ``ROUND(x[, d])`` rounds half away from zero, on the decimal value (as SQLite and
  PostgreSQL's numeric do: ``ROUND(2.5) = 3``, ``ROUND(-2.675, 2) = -2.68``), not half to even;
- a date or date-time column plus or minus a number adds days (``hired_on + 30``, as PostgreSQL's
  ``DATE + int``; the column's type must be known: :func:`expression_for`), as does a date literal or a cast
  to a date (``DATE '2024-01-01' + a + b``);
- text cast to a date or a timestamp is parsed: a text column, a literal, or text built in the expression
  (``CAST(CONCAT(period, '-01') AS DATE)``, ``CAST(a || '-01' AS DATE)``);
- ``DATE_ADD(x, n[, unit])`` / ``DATE_SUB(x, n[, unit])`` add or subtract ``n`` units (default
  ``day``; ``second``, ``minute``, ``hour``, ``day``, ``week`` with any ``n``; ``month``,
  ``year`` with a whole-number literal ``n``, the day clamped to the month's end).

Dotted names (``alias.column``, ``alias.alias.column``) point through foreign keys
to parent rows. Polars' SQL parser would read them as table-qualified names, so
they are quoted into single identifiers (``"orders.order_date"``) that the engine
supplies as columns. ``FUNCTIONS`` lists what the dialect offers (docs/spec.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import lru_cache

import polars as pl

from simulacra._sql_tokens import SQL_TOKEN  # the dialect's token reader, kept on the ground floor for io too

__all__ = [
    "FUNCTIONS",
    "SQL_TOKEN",
    "dotted_ref",
    "expression",
    "expression_for",
    "quote_refs",
    "rewrite",
    "root_names",
    "sql_round",
]

# what the dialect offers, for docs/spec.md (polars SQL functions known to work in expressions, and ours)
FUNCTIONS: dict[str, str] = {
    "ROUND(x[, d])": "round half away from zero to d decimals (default 0)",
    "DATE_ADD(x, n[, unit])": "x plus n units: second, minute, hour, day (default), week; month, year with a literal n",
    "DATE_SUB(x, n[, unit])": "x minus n units (as DATE_ADD)",
    "d + n, d - n": "a date or date-time column, a literal (DATE '2024-01-01') or a cast to a date plus or minus "
    "numbers of days, left to right (as PostgreSQL's DATE + int)",
    "x + INTERVAL '3 days'": "interval literals: seconds, minutes, hours, days, weeks, months, years (no minus sign inside)",
    "x + n * INTERVAL '1 day'": "a number of days (or other fixed units) from a column",
    "EXTRACT(part FROM x), DATE_PART('part', x)": "year, quarter, month, week, day, dow, isodow, doy, hour, minute, second",
    "YEAR(x), MONTH(x), DAY(x)": "date parts",
    "DATE 'YYYY-MM-DD', TIMESTAMP '...'": "date and date-time literals (a bare string does not compare with a date)",
    "x - y (dates)": "an interval; CAST(x AS INT) gives days since 1970-01-01 for a date",
    "STRFTIME(x, '%Y-%m')": "format a date or date-time",
    "CASE WHEN ... THEN ... ELSE ... END": "conditions",
    "COALESCE, NULLIF, GREATEST, LEAST": "null handling and extremes",
    "ABS, SIGN, FLOOR, CEIL, SQRT, POWER, LN, LOG10, EXP, MOD / %": "arithmetic (/ of integers gives a float)",
    "LOWER, UPPER, LENGTH, SUBSTR, CONCAT / ||, REPLACE, TRIM, LEFT, RIGHT": "text",
    "CAST(x AS type), x::type": "INT, BIGINT, DOUBLE, TEXT, DATE, TIMESTAMP, BOOLEAN; text cast to a date is parsed "
    "(a text column, a literal, or text built in the expression: CAST(CONCAT(period, '-01') AS DATE))",
    "x IN (...), x BETWEEN a AND b, x LIKE 'a%', x IS NULL": "predicates (x ISNULL, x NOTNULL: IS NULL, IS NOT NULL)",
}

_STRING = re.compile(r"'(?:[^']|'')*'")
# a dotted reference: names (a letter or ``_``, then word characters) joined by dots, two at least
_DOTTED_REF = r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+"
_REF = re.compile(_DOTTED_REF)
_DOTTED = re.compile(rf'(?<![\w".])({_DOTTED_REF})(?![\w"(])')  # one inside an expression, not quoted nor called


def dotted_ref(text: str, hops: int | None = None) -> list[str] | None:
    """The names a dotted reference is made of when ``text`` is one as a whole: the keys it follows to a parent
    row, then that row's column (``home_id.capacity`` -> ``["home_id", "capacity"]``, one hop;
    ``subscription_id.customer_id.joined``, two); with ``hops``, only one following that many keys. None for
    anything else: a bare name, a quoted one (``"home_id.capacity"``), an expression (``home_id.capacity - 5``),
    a name that starts with a digit, surrounding spaces. One home for the dotted names ``quote_refs`` quotes and
    the readers of a bound by a parent's column (``synth._parent_bounds``: one hop; ``generation.periods``: any)."""
    if _REF.fullmatch(text) is None:
        return None
    names = text.split(".")
    return names if hops is None or len(names) == hops + 1 else None


def quote_refs(expr: str) -> str:
    """Quote dotted references outside string literals."""
    out: list[str] = []
    pos = 0
    for m in _STRING.finditer(expr):
        out.append(_DOTTED.sub(r'"\1"', expr[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_DOTTED.sub(r'"\1"', expr[pos:]))
    return "".join(out)


def expression_for(expr: str, schema: Mapping[str, pl.DataType]) -> pl.Expr:
    """:func:`expression` for rows of ``schema``: a date or date-time column plus or minus a number adds days,
    and a text column cast to a date or a timestamp is parsed."""
    dates = frozenset(c for c, t in schema.items() if t == pl.Date or isinstance(t, pl.Datetime))
    texts = frozenset(c for c, t in schema.items() if t == pl.String)
    return expression(expr, dates, texts)


@lru_cache(maxsize=4096)
def expression(expr: str, dates: frozenset[str] = frozenset(), texts: frozenset[str] = frozenset()) -> pl.Expr:
    """The polars expression for a SQL expression (raises ValueError when it does not parse).

    ``dates``: columns holding dates or date-times; ``d + n`` and ``d - n`` on them add or subtract n days.
    ``texts``: columns holding text; ``CAST(t AS DATE)`` (or ``TIMESTAMP``, ``t::date``) of one of them or of a
    string literal parses the text, as SQL does (polars no longer casts text to dates)."""
    try:
        text = _null_tests(_text_casts(quote_refs(expr), texts))
        if dates or _DATE_LITERAL.search(text):
            text = _date_plus_days(text, dates)
        return pl.sql_expr(rewrite(text))
    except Exception as exc:  # polars raises several types for parse errors
        raise ValueError(f"cannot parse SQL expression '{expr}': {exc}") from None


_TEXT_CAST = re.compile(
    r"""CAST\(\s*('(?:[^']|'')*'|"[^"]+"|[A-Za-z_]\w*)\s+AS\s+(DATE|TIMESTAMP|DATETIME)\s*\)"""
    r"""|('(?:[^']|'')*'|"[^"]+"|\b[A-Za-z_]\w*)\s*::\s*(DATE|TIMESTAMP|DATETIME)\b""",
    re.IGNORECASE,
)


def _text_casts(text: str, texts: frozenset[str]) -> str:
    """``CAST(x AS DATE)`` / ``x::timestamp`` of a string literal or a text column as ``DATE(x)`` /
    ``TIMESTAMP(x)``, which parse ISO text; a cast of anything else (a date-time to a date) is left as it is."""

    def swap(m: re.Match[str]) -> str:
        arg, kind = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        plain = arg[1:-1] if arg.startswith('"') else arg
        if not (arg.startswith("'") or plain in texts):
            return m.group(0)
        return f"{'DATE' if kind.upper() == 'DATE' else 'TIMESTAMP'}({arg})"

    if "::" not in text and "cast" not in text.lower():
        return text
    return _built_text_casts(_TEXT_CAST.sub(swap, text))


# functions whose value is always text: a cast of one of them (or of a || chain) to a date parses the text
_TEXT_FUNCTIONS = frozenset(
    {"concat", "substr", "substring", "left", "right", "lower", "upper", "trim", "replace", "strftime", "lpad", "rpad"}
)


def _built_text_casts(text: str) -> str:
    """``CAST(<text built in the expression> AS DATE)`` (``CONCAT(period, '-01')``, ``a || '-01'``) as
    ``DATE(...)`` / ``TIMESTAMP(...)``, which parse it; a cast of anything else is left as it is."""

    def cast(name: str, i: int, k: int) -> tuple[str, int] | None:
        if name.lower() != "cast":
            return None
        end = _closing(text, k)
        inner = text[k + 1 : end]
        cut = _top_level_as(inner)
        if end < 0 or cut is None:
            return None
        arg, kind = inner[:cut].strip(), inner[cut + 4 :].strip().upper()
        arg = _built_text_casts(arg)
        if kind in ("DATE", "TIMESTAMP", "DATETIME") and _is_text(arg):
            return f"{'DATE' if kind == 'DATE' else 'TIMESTAMP'}({arg})", end + 1
        return f"{text[i:k]}({arg} AS {inner[cut + 4 :].strip()})", end + 1

    return _each_call(text, cast)


def _each_call(text: str, call: Callable[[str, int, int], tuple[str, int] | None]) -> str:
    """``text`` with each function call in it handed to ``call(name, start, paren)``: a name outside quotes (string
    literals and quoted names are copied whole) that ``(`` follows, spaces between, and not after ``.`` or ``"``
    (a qualified or quoted name); ``call`` gives the text to write and the index to go on from, or ``None`` to keep
    the name and read on after it."""
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "'\"":
            j = text.find(ch, i + 1)
            j = len(text) - 1 if j < 0 else j
            out.append(text[i : j + 1])
            i = j + 1
            continue
        mt = _NAME.match(text, i)
        if mt is None:
            out.append(ch)
            i += 1
            continue
        name = mt.group(0)
        k = mt.end()
        while k < len(text) and text[k].isspace():
            k += 1
        prev = text[i - 1] if i else " "
        made = call(name, i, k) if k < len(text) and text[k] == "(" and prev not in '."' else None
        if made is None:
            out.append(name)
            i = mt.end()
        else:
            out.append(made[0])
            i = made[1]
    return "".join(out)


def _closing(text: str, k: int) -> int:
    """The index of the parenthesis closing the one at ``k`` (quotes respected), -1 when none does."""
    depth, j = 0, k
    while j < len(text):
        if text[j] in "'\"":
            q = text.find(text[j], j + 1)
            if q < 0:
                return -1
            j = q + 1
            continue
        depth += text[j] == "("
        depth -= text[j] == ")"
        if depth == 0:
            return j
        j += 1
    return -1


def _top_level(text: str) -> list[tuple[int, str]]:
    """``(index, character)`` of the characters outside quotes and parentheses."""
    out, depth, j = [], 0, 0
    while j < len(text):
        ch = text[j]
        if ch in "'\"":
            q = text.find(ch, j + 1)
            j = len(text) if q < 0 else q + 1
            continue
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0:
            out.append((j, ch))
        j += 1
    return out


def _top_level_as(inner: str) -> int | None:
    """Where `` AS `` stands outside parentheses in a cast's inside (its last), None when nowhere."""
    top = {j for j, _ in _top_level(inner)}
    hits = [m.start() for m in re.finditer(r"\sAS\s", inner, re.IGNORECASE) if m.start() in top]
    return hits[-1] if hits else None


def _is_text(arg: str) -> bool:
    """Whether an expression is text by its form: a call of a text function spanning it, or a ``||`` chain."""
    if any(ch == "|" and arg[j + 1 : j + 2] == "|" for j, ch in _top_level(arg)):
        return True
    mt = _NAME.match(arg)
    if mt is None or mt.group(0).lower() not in _TEXT_FUNCTIONS:
        return False
    k = mt.end()
    while k < len(arg) and arg[k].isspace():
        k += 1
    return k < len(arg) and arg[k] == "(" and _closing(arg, k) == len(arg) - 1


def root_names(expr: str) -> list[str]:
    """Column names (dotted ones included) an expression reads."""
    return list(dict.fromkeys(expression(expr).meta.root_names()))


_NAME = re.compile(r"[A-Za-z_]\w*")
_UNITS = {
    "second": "second",
    "minute": "minute",
    "hour": "hour",
    "day": "day",
    "week": "week",
    "month": "month",
    "year": "year",
}


def _split_args(text: str) -> list[str]:
    """Top-level comma-separated arguments (quotes and parentheses respected)."""
    args, depth, cur, i = [], 0, [], 0
    while i < len(text):
        ch = text[i]
        if ch in "'\"":
            j = text.index(ch, i + 1) if ch in text[i + 1 :] else len(text) - 1
            cur.append(text[i : j + 1])
            i = j + 1
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            args.append("".join(cur).strip())
            cur = []
            i += 1
            continue
        cur.append(ch)
        i += 1
    args.append("".join(cur).strip())
    return args


def sql_round(value: pl.Expr, decimals: int, *, truncate: bool = False) -> pl.Expr:
    """``value`` as the dialect's ``ROUND(value, decimals)`` makes it (:func:`_round`): half away from zero on the
    decimal value (``2.5`` is 3, ``-2.675`` at 2 decimals is -2.68), a Float64; ``truncate``: cut toward zero to
    ``decimals`` instead (45.9 at 0 decimals is 45). The one home of that rounding for columns made outside SQL."""
    unit = 10.0**decimals  # scale, clean the binary error (45.9999999 is 46), then half away (or cut)
    scaled = (value.cast(pl.Float64) * unit).abs().round(6) + (0.0 if truncate else 0.5)
    return ((scaled.floor() * value.sign()) / unit).round(decimals)  # the nearest double of the decimal


def _round(args: list[str]) -> str:
    x, d = args[0], (args[1] if len(args) > 1 else "0")
    if len(args) > 2:
        raise ValueError("ROUND takes (x) or (x, decimals)")
    # scale, clean the binary error (2.675 * 100 = 267.49999999999997), then half away from zero
    # (the outer ROUND only snaps the quotient to the nearest double of the decimal, whatever path divided it)
    return f"ROUND(SIGN({x}) * FLOOR(ROUND(ABS({x}) * POWER(10, {d}), 6) + 0.5) / POWER(10, {d}), {d})"


def _date_add(args: list[str], sign: int) -> str:
    if len(args) not in (2, 3):
        raise ValueError("DATE_ADD/DATE_SUB take (x, n) or (x, n, 'unit')")
    x, n = args[0], args[1]
    unit = args[2].strip().strip("'\"").lower().rstrip("s") if len(args) == 3 else "day"
    if unit not in _UNITS:
        raise ValueError(f"unknown unit '{unit}' in DATE_ADD; expected one of {', '.join(_UNITS)}")
    if unit in ("month", "year"):
        try:
            k = int(n) * sign
        except ValueError:
            raise ValueError(f"DATE_ADD(..., '{unit}') needs a whole-number literal count, found '{n}'") from None
        return f"({x} {'+' if k >= 0 else '-'} INTERVAL '{abs(k)} {unit}s')"
    op = "+" if sign > 0 else "-"
    return f"({x} {op} ({n}) * INTERVAL '1 {unit}')"


_REWRITES = {
    "round": lambda a: _round(a),
    "date_add": lambda a: _date_add(a, 1),
    "date_sub": lambda a: _date_add(a, -1),
}


def rewrite(expr: str) -> str:
    """The dialect's own functions (ROUND, DATE_ADD, DATE_SUB) as polars SQL; string literals untouched."""

    def call(name: str, i: int, k: int) -> tuple[str, int] | None:
        fn = _REWRITES.get(name.lower())
        if fn is None:
            return None
        j = _closing(expr, k)
        if j < 0:
            raise ValueError(f"unbalanced parentheses after {name}")
        return fn([rewrite(a) for a in _split_args(expr[k + 1 : j])]), j + 1

    return _each_call(expr, call)


_DATE_TYPES = frozenset({"DATE", "TIMESTAMP", "DATETIME"})
_DATE_LITERAL = re.compile(r"\b(?:DATE\s*'|TIMESTAMP\s*'|DATE\s*\(|TIMESTAMP\s*\(|CAST\s*\()", re.IGNORECASE)
_NULL_TESTS = {"ISNULL": " IS NULL", "NOTNULL": " IS NOT NULL"}


def _null_tests(text: str) -> str:
    """``x ISNULL`` / ``x NOTNULL`` (PostgreSQL's and SQLite's) as ``x IS NULL`` / ``x IS NOT NULL``: polars reads
    the first as an error and the second as an alias of ``x``. A quoted name, a string or a call is left."""
    if "isnull" not in text.lower() and "notnull" not in text.lower():
        return text
    toks = SQL_TOKEN.findall(text)
    out: list[str] = []
    for i, tok in enumerate(toks):
        nxt = next((t for t in toks[i + 1 :] if not t.isspace()), "")
        out.append(_NULL_TESTS[tok.upper()] if tok.upper() in _NULL_TESTS and nxt != "(" else tok)
    return "".join(out)


def _date_plus_days(text: str, dates: frozenset[str]) -> str:
    """``d + n`` / ``d - n`` with ``d`` a date column and ``n`` a number term (not an interval nor a date)
    become ``DATE_ADD(d, n)`` / ``DATE_SUB(d, n)``; ``n`` is the multiplicative term after the operator."""
    toks = [t for t in SQL_TOKEN.findall(text)]
    out: list[str] = []
    i = 0

    def name(tok: str) -> str:
        return tok[1:-1].replace('""', '"') if tok.startswith('"') else tok

    def skip_ws(j: int) -> int:
        while j < len(toks) and toks[j].isspace():
            j += 1
        return j

    def primary_end(j: int) -> int | None:
        """Index after one primary starting at j (number, name, name(...), (...)); None if there is none."""
        if j >= len(toks):
            return None
        t = toks[j]
        if t == "(":
            depth = 0
            while j < len(toks):
                depth += toks[j] == "("
                depth -= toks[j] == ")"
                j += 1
                if depth == 0:
                    return j
            return None
        if t[0].isdigit() or t.startswith('"') or t[0].isalpha() or t[0] == "_":
            k = skip_ws(j + 1)
            if k < len(toks) and toks[k] == "(" and not t.startswith('"'):
                return primary_end(k)
            return j + 1
        return None

    while i < len(toks):
        t = toks[i]
        after = i + 1
        if t.upper() in ("DATE", "TIMESTAMP", "CAST") and not t.startswith('"'):
            lit = skip_ws(i + 1)
            if t.upper() != "CAST" and lit < len(toks) and toks[lit].startswith("'"):  # a literal: DATE '2024-01-01'
                t, after = f"{t} {toks[lit]}", lit + 1
            elif lit < len(toks) and toks[lit] == "(":  # a date made in the expression: DATE(...), CAST(... AS DATE)
                end = primary_end(i)
                call = "".join(toks[i:end]) if end is not None else ""
                cast_to = re.search(r"\sAS\s+(\w+)\s*\)$", call, re.IGNORECASE) if t.upper() == "CAST" else None
                if end is not None and (t.upper() != "CAST" or (cast_to and cast_to.group(1).upper() in _DATE_TYPES)):
                    t, after = call, end
        made = None  # a date plus or minus numbers, left to right: d + a + b is (d + a) + b, still a date
        while (name(t) in dates and not t.startswith("'")) or after > i + 1 or made is not None:
            k = skip_ws(after)
            if not (k < len(toks) and toks[k] in ("+", "-")):
                break
            s0 = skip_ws(k + 1)
            first = toks[s0] if s0 < len(toks) else ""
            if first.upper() in ("INTERVAL", "DATE", "TIMESTAMP") or name(first) in dates:
                break
            end = primary_end(s0)
            while end is not None:
                m = skip_ws(end)
                if m < len(toks) and toks[m] in ("*", "/"):
                    nxt = primary_end(skip_ws(m + 1))
                    if nxt is None:
                        break
                    end = nxt
                else:
                    break
            if end is None or any(x.upper() == "INTERVAL" for x in toks[s0 : end + 2]):
                break
            term = "".join(toks[s0:end])
            fn = "DATE_ADD" if toks[k] == "+" else "DATE_SUB"
            made = t = f"{fn}({t}, {term})"
            after = end
        if made is not None:
            out.append(made)
            i = after
            continue
        out.append("".join(toks[i:after]))
        i = after
    return "".join(out)
