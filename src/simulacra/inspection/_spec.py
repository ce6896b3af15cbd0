"""From profiles and keys to a generator spec (a marginal-only approximation) and its YAML.

Each kind maps to a generator the engine already has:

=========== ================================================================
identifier  integer key → ``sequence``; UUIDs → ``uuid``; other codes → ``pattern``
            of their shape (``#`` digit, ``?`` upper-case letter, ``*`` other)
foreign key ``foreign_key`` to the parent's key; a table with foreign keys gets
            ``rows: {per: parent, count: …}`` fitted from the children per parent
categorical ``categorical`` with the top values and their shares (at most
            ``MAX_CATEGORIES``); values seen fewer than ``MIN_COUNT`` times are never
            written: they are pooled into ``"(other)"`` (text) or dropped (numbers)
numeric     ``normal`` / ``lognormal`` / ``uniform`` (``integer`` for whole numbers)
            with min/max and rounding; a dominant value (≥ 30% of rows, e.g. 0 in
            ``capital-gain``) becomes a ``categorical`` over that value and 20
            quantile-bin means of the rest
date(time)  ``date`` / ``datetime`` from the first to the last value
boolean     ``boolean`` with the share of true
pii         the realistic value kind (``first_name``, ``email``…) with ``group:
            person`` (or ``address``/``card``) so one row's values agree;
            national IDs → ``pattern`` of their shape
text        ``sentence`` / ``paragraph`` (free text is not learned)
=========== ================================================================
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from collections import Counter
from typing import Any

import numpy as np
import polars as pl
import yaml
from numpy.typing import NDArray
from pydantic import TypeAdapter, ValidationError

from simulacra._clock import US_PER_DAY, datetime_step, hour_shares, weekday_shares
from simulacra._date_codes import MONTH_CODE, date_code
from simulacra._date_formats import MONTH_FORMATS, date_format
from simulacra._frames import stat
from simulacra._rare import rare_rows_left_out
from simulacra.sources import CompositeForeignKey, ForeignKey
from simulacra.sources._coerce import parse_duration
from simulacra.sources._money import MONEY, parse_money
from simulacra.sources._units import parse_unit_values
from simulacra.spec.bounds import column_orders
from simulacra.spec.count_bins import by_keys, numbers_column
from simulacra.spec.model import ColumnSpec, RowsPerParent, bin_labels

from ._check_digits import draft_check_digits
from ._code_lists import code_list
from ._count_parents import EXPLAINS_MIN, count_explained
from ._day_month import reads_both_ways
from ._link_pairs import draft_link_pairs
from ._patterns import infer_locale, parse_dates, uk_postcode_share, uuid_share
from ._pools import name_concentration, pool_of
from ._profile import MAX_CATEGORIES, MIN_COUNT, ColumnProfile
from ._reference import list_reference_values, reference_tables
from ._shared_keys import find_shared_keys
from ._structure import (
    count_dependence,
    find_count_bins,
    find_count_driver,
    find_dates_unique_within,
    find_functions_of,
    find_null_conditions,
    find_parent_dates,
    find_process,
    find_ranks,
    find_row_orders,
    find_unique_within,
    rank_lookup_most,
)
from ._vocabulary import FEW_CODES, closed_vocabulary

__all__ = ["MAX_CATEGORIES", "MIN_COUNT", "build_spec", "decimals_of", "render_yaml", "table_name"]

_BY_MIN_PARENTS = 20  # parents per value of a category before it gets a count distribution of its own
OTHER = "(other)"
_PERSON = {"first_name", "last_name", "full_name", "email", "username", "phone", "gender"}
_ADDRESS = {"street_address", "street_name", "building_number", "city", "state", "postcode", "address", "country"}
_CARD = {"card_number", "card_provider"}
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def table_name(name: str, taken: set[str]) -> str:
    """A spec-safe table name: letters, digits and underscores, not starting with a digit."""
    if _IDENT.match(name):
        return name
    safe = re.sub(r"[^A-Za-z0-9_]+", "_", name).strip("_") or "table"
    if safe[0].isdigit():
        safe = "t_" + safe
    base, i = safe, 2
    while safe in taken:
        safe, i = f"{base}_{i}", i + 1
    return safe


def _num(x: float, digits: int = 10) -> float | int:
    if isinstance(x, (int, np.integer)):
        return int(x)
    v = float(f"{float(x):.{digits}g}")
    return int(v) if v.is_integer() and abs(v) < 2**53 else v


def decimals_of(values: pl.Series) -> int:
    """Decimals needed to write the values (at most 6)."""
    v = values.drop_nulls().head(2000).to_numpy().astype(np.float64)
    for d in range(7):
        if np.allclose(v, np.round(v, d), rtol=0, atol=1e-9):
            return d
    return 6


def _shape(value: str) -> str:
    out = []
    for ch in value:
        if ch.isdigit():
            out.append("#")
        elif ch.isalpha() and ch.isascii() and ch.isupper():
            out.append("?")
        elif ch in "#?*{}" or not ch.isascii() or ch.isalpha():
            out.append("*")
        elif ch in "[\\":  # a class's bracket or an escape in the pattern language: written literally
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def _pattern(values: pl.Series) -> str:
    """A pattern for text codes: a common literal prefix, then the most common shape."""
    vals = [str(v) for v in values.drop_nulls().head(5000).to_list()]
    if not vals:
        return "*#####"
    prefix = vals[0]
    for v in vals[1:]:
        while prefix and not v.startswith(prefix):
            prefix = prefix[:-1]
    prefix = re.match(r"^[A-Za-z_-]*", prefix).group(0) if prefix else ""  # type: ignore[union-attr]
    prefix = re.sub(r"[#?*{}]", "", prefix)
    shapes = Counter(_shape(v[len(prefix) :]) for v in vals)
    shape = shapes.most_common(1)[0][0] or "#"
    return prefix + _never_zero(shape, [v[len(prefix) :] for v in vals if _shape(v[len(prefix) :]) == shape])


#: values of one shape before a digit place that never holds 0 is drawn 1-9 (a uniform digit misses 0 in
#: 50 values with p = 0.5%)
_NEVER_ZERO_MIN = 50


#: a digit place keeps only the digits the source shows while the code's other places leave room for this
#: many times the source's values (a sample may be larger, and a unique code must find fresh values)
_DIGIT_CLASS_ROOM = 10


def _never_zero(shape: str, values: list[str]) -> str:
    """``shape`` with each digit place that no value fills with 0 written ``[1-9]``: a Dutch postcode's
    ``1234 AB`` never starts with 0, nor does a number drawn from 1000; ``#`` would make ``0123 AB``. A place
    every value fills with the same digit keeps it (``978-#-###-#####-#``: an ISBN's prefix; a 0 only while the
    other places leave room for 100 times the values). A run's last place that holds a few digits only (a year's
    last digit in ``CA-2021-…``..``CA-2023-…``: 1-3) keeps those, fewest first, while the places left leave room for
    ``_DIGIT_CLASS_ROOM`` times the values: ``#`` drew ``CA-2027-…`` for orders of 2021-2023."""
    if len(values) < _NEVER_ZERO_MIN or "\\" in shape:  # an escaped character shifts the places: left as is
        return shape
    out = list(shape)
    seen = {i: {v[i] for v in values} for i, ch in enumerate(shape) if ch == "#"}
    # a place holding one 0 in every value is literal only while the varying places leave room for 100x the
    # values (a sequence's leading zeros, ORD-000123, are not a fixed prefix: the code must grow)
    free = sum(len(d) > 1 for d in seen.values())
    zeros = free >= len(str(len(values))) + 2
    sizes: dict[int, int] = {}
    for i, digits in seen.items():
        if len(digits) == 1 and (digits != {"0"} or zeros):
            out[i] = next(iter(digits))  # one digit in every value (an ISBN's 978): written literally
        elif "0" not in digits:
            out[i], sizes[i] = "[1-9]", 9
        else:
            sizes[i] = 10
    room = math.prod(sizes.values())
    # only a run's last place: inside a run of digits the few digits are a counter's leading ones, which must
    # grow (ORD-000123), where a run's last digit is a year's or a code's own (CA-2021-…)
    ends = {i for i in sizes if i + 1 == len(shape) or shape[i + 1] != "#"}
    for i in sorted(ends, key=lambda i: (len(seen[i]), i)):
        place = sorted(seen[i])
        if not 1 < len(place) < sizes[i] or room // sizes[i] * len(place) < _DIGIT_CLASS_ROOM * len(values):
            continue
        room = room // sizes[i] * len(place)
        lo, hi = place[0], place[-1]
        whole = int(hi) - int(lo) + 1 == len(place)
        out[i] = f"[{lo}-{hi}]" if whole and len(place) > 2 else f"[{''.join(place)}]"
    return "".join(out)


def _one_shape(values: pl.Series) -> str | None:
    """The pattern of text codes when >= 95% of them share one shape with digits in it (``ORD-######``), or
    one of capitals alone, 2-10 characters, in 5+ distinct values (airports' ``BRE``, tail numbers ``D-A???``:
    written as placeholders ``iata 1`` before, since no code repeated)."""
    vals = values.drop_nulls().head(5000)
    if vals.len() == 0:
        return None
    pat = _pattern(vals)
    prefix = pat.split("#", 1)[0].split("?", 1)[0].split("*", 1)[0].split("[", 1)[0]
    shapes = Counter(_shape(str(v)[len(prefix) :]) for v in vals.to_list())
    shape, n = shapes.most_common(1)[0]
    if n < 0.95 * vals.len() or "*" in shape:
        return None
    if "#" not in shape and ("?" not in pat or not 2 <= len(shape) + len(prefix) <= 10 or vals.n_unique() < 5):
        return None
    return pat


def _phone_layout(values: pl.Series) -> str | None:
    """The pattern of phone numbers that share one layout (``_one_shape``: >= 95% of them), unless the
    numbers repeat as a pool (a few customers on many orders: made as the pool's fresh phones)."""
    if pool_of(values) is not None:
        return None
    layout = _one_shape(values.cast(pl.String))
    return layout if layout is not None and "#" in layout else None


def _categorical(values: pl.Series, numeric: bool) -> tuple[dict[Any, float] | None, str]:
    """Top values with their shares (rare ones pooled or dropped), and what was done."""
    nonnull = values.drop_nulls()
    counts = nonnull.value_counts(sort=True)
    name = values.name
    col_vals, col_counts = counts[name].to_list(), counts["count"].to_list()
    total = sum(col_counts)
    least = MIN_COUNT
    whole = numeric and all(float(v).is_integer() for v in col_vals)
    if whole and 3 * len(col_vals) >= 2 * (max(col_vals) - min(col_vals) + 1):
        # a count holding most values of its range (games drawn 2..13): its tails are numbers a learned curve
        # would make too, not identifying labels; left out, the source would fail its own draft
        least = 1
    kept = [(v, c) for v, c in zip(col_vals, col_counts, strict=True) if c >= least][:MAX_CATEGORIES]
    rest = total - sum(c for _, c in kept)
    n_rare = len(col_vals) - len(kept)
    if not kept:
        return None, f"all {len(col_vals)} values are rarer than {MIN_COUNT} rows: none written"
    mapping: dict[Any, float] = {}
    for v, c in kept:
        key = _num(v) if numeric else (v if isinstance(v, (bool, int, float)) else str(v))
        mapping[key] = round(c / total, 6)
    how = f"top {len(kept)} of {len(col_vals)} values"
    if rest and not numeric and OTHER not in mapping:
        mapping[OTHER] = round(rest / total, 6)
        how += f"; {n_rare} rare or tail values ({100 * rest / total:.1f}% of rows) pooled as '{OTHER}'"
    elif rest:
        how += f"; {n_rare} rare values ({100 * rest / total:.1f}% of rows) left out"
    return mapping, how


_PERSON_NAMES = {"first_name", "last_name", "full_name", "name"}
_FEW_NUMBERS = 10  # a number column with at most this many distinct values is drafted as those values


def _numeric(values: pl.Series) -> tuple[dict[str, Any], str]:
    x = values.drop_nulls().cast(pl.Float64).to_numpy()
    is_int = values.dtype.is_integer() or bool(np.all(np.equal(np.mod(x, 1), 0)))
    lo, hi = float(x.min()), float(x.max())
    rnd = 0 if is_int else decimals_of(values)
    if lo == hi:
        return {"generator": "constant", "value": _num(lo)}, "a single value"
    vals, counts = np.unique(x, return_counts=True)
    frequent = counts >= MIN_COUNT
    if len(vals) <= _FEW_NUMBERS and counts[frequent].sum() >= 0.95 * len(x):
        # a handful of prices or rates (9.99 / 29.99 / 199.00): a curve through them would make 45.31
        few = {
            _num(float(v)): round(int(c) / int(counts[frequent].sum()), 6)
            for v, c in zip(vals[frequent], counts[frequent], strict=True)
        }
        left = int((~frequent).sum())
        withheld = {"withheld": int(counts[~frequent].sum())} if left else {}  # how many rows, not which values
        return (
            {"generator": "categorical", "values": few, **withheld},
            f"only {len(vals)} distinct numbers: those values with their shares"
            + (f" ({left} rarer than {MIN_COUNT} rows left out)" if left else ""),
        )
    top = int(np.argmax(counts))
    if counts[top] / len(x) >= 0.3 and len(vals) > 10:
        spike = vals[top]
        rest = np.sort(x[x != spike])
        bins = np.array_split(rest, min(20, len(rest)))
        means = [float(np.round(b.mean(), rnd)) for b in bins if len(b)]
        shares = [len(b) / len(x) for b in bins if len(b)]
        merged: dict[float | int, float] = {_num(spike): round(counts[top] / len(x), 6)}
        for m, s in zip(means, shares, strict=True):
            key = _num(m)
            merged[key] = round(merged.get(key, 0.0) + s, 6)
        return (
            {"generator": "categorical", "values": merged},
            f"{100 * counts[top] / len(x):.1f}% of rows are {_num(spike)}: that value plus 20 quantile-bin means of the rest "
            "(fit learns the column as a number from the real values)",
        )
    mean, std = float(x.mean()), float(x.std())
    skew = float(((x - mean) ** 3).mean() / std**3) if std > 0 else 0.0
    kurt = float(((x - mean) ** 4).mean() / std**4) - 3 if std > 0 else 0.0
    base: dict[str, Any]
    if lo > 0 and skew > 1.0:
        logs = np.log(x)
        base = {
            "generator": "lognormal",
            "median": _num(math.exp(float(np.median(logs))), 6),
            "sigma": _num(max(float(logs.std()), 1e-6), 6),
        }
        how = f"lognormal (skew {skew:.1f})"
    elif kurt < -1.0 and abs(skew) < 0.3:
        if is_int:
            return {
                "generator": "integer",
                "low": _num(lo),
                "high": _num(hi),
            }, f"uniform integers (kurtosis {kurt:.1f})"
        base = {"generator": "uniform", "low": _num(lo), "high": _num(hi)}
        how = f"uniform (kurtosis {kurt:.1f})"
    else:
        base = {"generator": "normal", "mean": _num(mean, 6), "std": _num(max(std, 1e-9), 6)}
        how = f"normal (skew {skew:.1f})"
    base.update({"min": _num(lo), "max": _num(hi), "round": rnd})
    return base, how + f", {_num(lo)}..{_num(hi)}"


def _unique_by_design(values: pl.Series) -> bool:
    """Integers that never repeat where as many draws of their range would (a cheque number, a serial): the
    chance of no repeat among ``n`` draws of ``R`` values, about ``exp(-n²/2R)``, is below 1%. Wide-ranged
    measurements (amounts in cents, populations) rarely repeat by chance and are not marked."""
    n = values.len()
    if n < 20:
        return False
    width = float(stat(values.max())) - float(stat(values.min())) + 1.0
    return n * n / (2.0 * max(width, 1.0)) > 4.6


def _written(profile: ColumnProfile, generator: str) -> dict[str, str]:
    """``{"written": form}`` for a column the source wrote as text (or digits) in a form the spec keeps
    (``01-Jan-1995``, ``20210304``, ``$1,234.50``), so the reviewed draft says it and ``generate`` writes it; ``{}``
    for ISO text, months (``grain`` says them) and forms a text sink could not write back whole."""
    from simulacra.spec.written import check_date_form, check_money_form

    fmt = profile.parse_format
    if fmt is None or fmt in MONTH_FORMATS or fmt in (MONTH_CODE, "%Y-%m-%d", "duration", "unit"):
        return {}
    try:
        check_money_form(fmt) if fmt.startswith(MONEY) else check_date_form(fmt, generator)
    except ValueError:
        return {}
    return {"written": fmt}


def _dates(values: pl.Series, profile: ColumnProfile) -> dict[str, Any]:
    s = values.drop_nulls()
    if profile.parse_format is not None:
        s = parse_dates(s, profile.parse_format).drop_nulls()
    elif s.dtype == pl.String:
        s = s.str.to_datetime(strict=False).drop_nulls()
    if s.len() == 0:
        return {"generator": "constant", "value": None}
    lo, hi = s.min(), s.max()
    if not isinstance(lo, dt.date) or not isinstance(hi, dt.date):  # datetime is a date too
        raise TypeError(f"dates expected, got {type(lo).__name__} and {type(hi).__name__}")
    if profile.kind == "date" and (profile.parse_format in MONTH_FORMATS or profile.parse_format == MONTH_CODE):
        # a month written as text (2023-04) reads as its 1st: the draw spans the last month whole (else its
        # only day is the 1st) and is written back as its month; the weekdays of the 1sts are no clock to keep
        last = (dt.date(hi.year + hi.month // 12, hi.month % 12 + 1, 1)) - dt.timedelta(days=1)
        return {"generator": "date", "start": f"{lo:%Y-%m-%d}", "end": f"{last:%Y-%m-%d}", "grain": "month"}
    if profile.kind == "date":
        span = {"generator": "date", "start": f"{lo:%Y-%m-%d}", "end": f"{hi:%Y-%m-%d}"}
        return span | _clock_of(s, hours=False) | _written(profile, "date")
    # a datetime's end is exclusive: one second past the last value keeps the source within its own draft
    hi = hi + dt.timedelta(seconds=1)
    span = {"generator": "datetime", "start": lo.isoformat(), "end": hi.isoformat()}
    return span | _clock_of(s, hours=True) | _written(profile, "datetime")


def _clock_of(dates: pl.Series, *, hours: bool) -> dict[str, Any]:
    """What a reviewer would see of the source's clock, drafted so that ``generate`` keeps it: the step its
    date-times are written on (``resolution``, when coarser than the second ``generate`` writes anyway), the
    hours of the day and the weekdays it holds when they are not even (office hours, no weekend)."""
    us = dates.cast(pl.Datetime("us")).dt.epoch("us").to_numpy().astype(np.int64)
    out: dict[str, Any] = {}
    if hours:
        step = datetime_step(us.astype(np.float64))
        if step is not None and 1_000_000 < step < US_PER_DAY:
            out["resolution"] = step // 1_000_000
        if (shares := hour_shares(us)) is not None:
            out["hour_weights"] = shares
    if (days := weekday_shares(us)) is not None:
        out["weekday_weights"] = days
    return out


_DATE_STEP_SHARE = 0.9  # gaps equal to the commonest one: at least this share before unique dates are a sequence


def _date_sequence(values: pl.Series, profile: ColumnProfile, *, is_pk: bool) -> tuple[dict[str, Any], str] | None:
    """A unique date or date/time column (a calendar's day, a key date) drafted as a date sequence:
    ``start`` and ``step`` (its commonest gap), so every value is a valid date and none repeats.

    Drafted as a pattern of its text (``####-##-##``) a key made 2023-19-47; drawn from a range, days
    repeat. A key date is always a sequence; another unique date column only when its gaps are
    regular (at least 90% equal the commonest: a day per row), not event times unique by chance.
    """
    s = values.drop_nulls()
    if s.len() < 2 or s.n_unique() != s.len():
        return None
    fmt = profile.parse_format
    if profile.parse_format is not None and not s.dtype.is_temporal():
        s = parse_dates(s, profile.parse_format)
    elif (code := date_code(s)) is not None:  # a date dimension keyed by 20210304 or 202304: read as the dates
        fmt = code
        profile = dataclasses.replace(profile, parse_format=code)  # the written form the draft keeps
        s = parse_dates(s, code)
    elif s.dtype == pl.String:
        found = date_format(s.head(5000), allow_compact=False)
        if found is None or reads_both_ways(s, found[0]):  # day/month order nothing settled: the key stays text
            return None
        fmt = found[0]
        s = parse_dates(s, fmt)
    if fmt in MONTH_FORMATS or fmt == MONTH_CODE:  # months are no fixed number of days apart: a step in months
        return _month_sequence(s, is_pk=is_pk)
    if s.dtype == pl.Date:
        s = s.cast(pl.Datetime("us"))
    if not isinstance(s.dtype, pl.Datetime) or s.null_count():
        return None
    s = s.sort()
    is_date = bool((s.dt.truncate("1d") == s).all())
    gaps = (s.diff().drop_nulls().dt.total_seconds() // (86_400 if is_date else 1)).cast(pl.Int64)
    step_counts = gaps.value_counts(sort=True)
    step, n = int(step_counts[0, 0]), int(step_counts[0, 1])
    share = n / gaps.len()
    if step <= 0 or (not is_pk and share < _DATE_STEP_SHARE):
        return None
    first = s[0]
    unit = "days" if is_date else "seconds"
    why = f"unique {'dates' if is_date else 'date/times'} from {first:%Y-%m-%d}, {100 * share:.0f}% of gaps {step} {unit}: a date sequence"
    if is_date:
        return {"generator": "date", "start": f"{first:%Y-%m-%d}", "step": step} | _written(profile, "date"), why
    return {"generator": "datetime", "start": first.isoformat(), "step": step} | _written(profile, "datetime"), why


def _month_sequence(s: pl.Series, *, is_pk: bool) -> tuple[dict[str, Any], str] | None:
    """Unique months (a report keyed by its month, ``2023-04``) as a sequence of months: the commonest gap in
    months, under the same rule as days (a key always; another column when 90% of its gaps are that one)."""
    if s.null_count():
        return None
    months = s.dt.year().cast(pl.Int64) * 12 + s.dt.month().cast(pl.Int64) - 1
    gaps = months.sort().diff().drop_nulls()
    counts = gaps.value_counts(sort=True)
    step, n = int(counts[0, 0]), int(counts[0, 1])
    share = n / gaps.len()
    if step <= 0 or (not is_pk and share < _DATE_STEP_SHARE):
        return None
    first = s.min()
    assert isinstance(first, dt.date)
    why = f"unique months from {first:%Y-%m}, {100 * share:.0f}% of gaps {step} month{'s' * (step != 1)}: a month sequence"
    return {"generator": "date", "start": f"{first:%Y-%m}-01", "step": step, "grain": "month"}, why


def column_spec(
    values: pl.Series, profile: ColumnProfile, *, is_pk: bool, fk: ForeignKey | None, fk_table: str | None
) -> tuple[dict[str, Any], str]:
    """The generator mapping for one column, and the comment explaining it."""
    kind = profile.kind
    spec: dict[str, Any]
    note = profile.describe()
    nonnull = values.drop_nulls()
    if nonnull.len() == 0:
        spec = {"generator": "constant", "value": None}
    elif fk is not None and fk_table is not None:
        spec = {"generator": "foreign_key", "references": f"{fk_table}.{fk.ref_column}"}
        note = f"foreign key -> {fk_table}.{fk.ref_column} " + (
            "(declared)" if fk.declared else f"(inferred, confidence {fk.confidence:.2f}): {fk.evidence}"
        )
    elif (kind == "identifier" or kind in ("date", "datetime") and profile.unique and nonnull.len() >= 20) and (
        dated := _date_sequence(values, profile, is_pk=is_pk)
    ):
        spec, why = dated
        note += f"; {why}"
    elif kind == "identifier":
        if values.dtype.is_integer():
            if is_pk or profile.unique:
                start = int(nonnull.min())  # type: ignore[arg-type]
                spec = {"generator": "sequence", "start": start if start > 0 else 1}
            else:
                spec = {"generator": "integer", "low": int(nonnull.min()), "high": int(nonnull.max())}  # type: ignore[arg-type]
        elif uuid_share(nonnull.cast(pl.String).head(200)) >= 0.9:
            spec = {"generator": "uuid"}
        else:
            pat = _pattern(nonnull.cast(pl.String))
            spec = {
                "generator": "pattern",
                "pattern": pat + ("{seq}" if "#" not in pat and "?" not in pat and "*" not in pat else ""),
            }
        if profile.unique and spec["generator"] != "sequence":
            spec["unique"] = True
    elif kind == "boolean":
        if nonnull.dtype == pl.Boolean:
            p = stat(nonnull.mean())
        elif nonnull.dtype.is_numeric():
            p = stat((nonnull == 1).mean())
        else:
            low = nonnull.cast(pl.String).str.to_lowercase()
            p = stat(low.is_in(["true", "t", "yes", "y", "1", "ano", "ja", "oui"]).mean())
        spec = {"generator": "boolean", "p": round(p, 6)}
    elif kind in ("date", "datetime"):
        spec = _dates(values, profile)
    elif (
        kind == "numeric"
        and values.dtype.is_integer()
        and profile.unique
        and nonnull.len() >= 20
        and int(nonnull.max()) - int(nonnull.min()) + 1 == nonnull.len()  # type: ignore[arg-type]
    ):
        # every integer of its range once (a day's index, a line number): a sequence, not draws that repeat
        smallest, largest = int(nonnull.min()), int(nonnull.max())  # type: ignore[arg-type]
        spec = {"generator": "sequence", "start": smallest}
        note += f"; each integer {smallest}..{largest} once: a sequence"
    elif kind == "numeric":
        if values.dtype == pl.String:  # durations (seconds) or decimals written as text
            values = (
                parse_duration(values)
                if profile.parse_format == "duration"
                else parse_unit_values(values)
                if profile.parse_format == "unit"
                else parse_money(values, profile.parse_format or "")
                if (profile.parse_format or "").startswith(MONEY)
                else values.str.strip_chars().cast(pl.Float64, strict=False)
            )
        spec, how = _numeric(values)
        note += f"; generated as {how}"
        if (profile.parse_format or "").startswith(MONEY) and spec["generator"] not in ("constant", "categorical"):
            spec |= _written(profile, "money")
        if values.dtype.is_integer() and profile.unique and _unique_by_design(nonnull):
            spec["unique"] = True  # a cheque number, a serial: learned, and no value twice (issue 13)
            note += "; unique: no value twice, where random draws of its range would repeat"
    elif kind == "pii":
        pii = profile.pii_kind or "word"
        if pii == "national_id":
            spec = {"generator": "pattern", "pattern": _pattern(nonnull.cast(pl.String))}
            note += "; generated as a pattern of the same shape (no real IDs, embedded dates not kept)"
        elif pii == "phone" and (layout := _phone_layout(nonnull)) is not None:
            # numbers all written in one layout (an operator's 07700 900123, a clinic's +49 30 1234567): made in
            # that layout with fresh digits; the locale's mix of formats (+1-951-558-3204, (398)754-3652) lost it
            spec = {"generator": "pattern", "pattern": layout}
            note += f"; every value is written {layout}: made in that layout, fresh digits"
            if profile.unique and nonnull.len() >= 20:
                spec["unique"] = True  # a line's own number: never two subscribers on one
        else:
            spec = {"generator": pii}
            group = "person" if pii in _PERSON else "address" if pii in _ADDRESS else "card" if pii in _CARD else None
            if group:
                spec["group"] = group
            if pii == "email" and (domain := _shared_domain(nonnull.cast(pl.String))) is not None:
                # a staff table's addresses on the company's domain: a domain every row shares identifies no one,
                # and addresses at free-mail providers would be no staff addresses
                spec["domain"] = domain[0]
                note += f"; {domain[1]} of the addresses are at {domain[0]}: made at that domain"
            if (pool := pool_of(nonnull)) is not None:
                spec["pool"] = pool[0]  # 10 customers on 600 orders: K fresh values, each keeping its share
                note += f"; {pool[1]}"
            elif (hint := name_concentration(nonnull, pii)) is not None:
                spec.update(hint[0])
                note += f"; {hint[1]}"
            if pii == "postcode" and uk_postcode_share(nonnull.cast(pl.String)) >= 0.9:
                # the shape is the source's whatever locale the names suggest (UK postcodes beside
                # German-looking names were made as five-digit German codes)
                spec["locale"] = "en_GB"
                note += "; UK-shaped: made in en_GB"
        if (
            profile.unique
            and nonnull.len() >= 20
            and pii in ("email", "iban", "card_number", "national_id", "username")
        ):
            spec["unique"] = True
    elif kind == "text":
        words = stat(nonnull.cast(pl.String).str.count_matches(r"\S+").mean())
        spec = {"generator": "sentence"} if words <= 20 else {"generator": "paragraph"}
        note += "; free text: not learned"
    else:  # categorical
        numeric = nonnull.dtype.is_numeric()
        mapping, how = _categorical(values, numeric)
        # codes of one shape whose kept values leave > 10% of rows to '(other)' are codes, not categories
        tail = 1.0 if mapping is None else float(mapping.get(OTHER, 0.0))
        distinct = nonnull.n_unique()
        # few values for many rows (levels L1..L3 of 40 agents): a category, its rare values left out, never a
        # pattern that makes L0 or L7 nor an '(other)' value; codes of one shape only when they are many
        few = mapping is not None and distinct <= FEW_CODES and distinct * MIN_COUNT <= nonnull.len()
        shaped = _one_shape(nonnull.cast(pl.String)) if tail > 0.1 and not numeric and not few else None
        vocabulary = None if not few else code_list(nonnull, profile.column) if numeric else closed_vocabulary(nonnull)
        if vocabulary is not None:
            # a status, a type, a code list: every value with its share, rare ones too, and fit learns them
            # (keep_rare); numeric codes as the source's numbers
            counts = nonnull.value_counts().sort(["count", nonnull.name], descending=[True, False])
            mapping = {
                (_num(v) if numeric else str(v)): round(int(c) / nonnull.len(), 6)
                for v, c in zip(counts.get_column(nonnull.name).to_list(), counts.get_column("count"), strict=True)
            }
            how = vocabulary
        elif few and mapping is not None and OTHER in mapping and tail < 1.0:
            kept = {k: v for k, v in mapping.items() if k != OTHER}
            mapping = {k: round(v / (1.0 - tail), 6) for k, v in kept.items()}
            how = how.split("; ")[0] + f"; {distinct - len(kept)} value(s) rarer than {MIN_COUNT} rows left out"
        if shaped is not None:
            # codes of one shape that repeat (an order number on each of its lines): made in that shape
            spec = {"generator": "pattern", "pattern": shaped}
            note += f"; {how}; every value has the shape {shaped}, so codes of that shape are generated"
        elif mapping is None and numeric:
            # numbers too rare to write one by one (a few rooms' seats) are still numbers: drawn across
            # their range, never replaced by text placeholders ("seats 1") in a numeric column
            lo, hi = _num(stat(nonnull.min())), _num(stat(nonnull.max()))
            if nonnull.dtype.is_integer():
                spec = {"generator": "integer", "low": int(lo), "high": int(hi)}
            else:
                spec = {"generator": "uniform", "low": lo, "high": hi, "round": decimals_of(nonnull)}
            note += f"; {how}, so numbers are drawn across their range {lo}..{hi}"
        elif mapping is None:
            label = re.sub(r"[^A-Za-z0-9]+", "_", profile.column).strip("_") or "value"
            spec = {"generator": "pattern", "pattern": f"{label} {{seq}}"}
            note += f"; {how}, so placeholders are generated"
            if withheld := rare_rows_left_out(nonnull, []):
                # the placeholders stand for the source's rare values: recorded by rows, never by value, so the
                # source validates against its own draft
                spec["withheld"] = withheld
                note += f"; withheld: {withheld} rows of values rarer than {MIN_COUNT} rows (not listed)"
        else:
            spec = {"generator": "categorical", "values": mapping}
            note += f"; {how}"
            if vocabulary is not None:
                spec["keep_rare"] = True
            elif withheld := rare_rows_left_out(nonnull, mapping):
                spec["withheld"] = withheld  # how many rows, never which values: the source validates
                note += f"; withheld: {withheld} rows of values rarer than {MIN_COUNT} rows (not listed)"
    all_null = spec.get("generator") == "constant" and spec.get("value") is None
    if profile.null_rate > 0 and not is_pk and not all_null:
        # a constant too: a column null in most rows with one value in the rest is that value or null
        spec["null_rate"] = round(profile.null_rate, 6)
    if all_null:
        spec["null_rate"] = 1.0
    spec["description"] = _one_line(note)
    return spec, note


#: an e-mail column whose addresses share one domain at least this often is made at that domain
_SHARED_DOMAIN = 0.9


def _shared_domain(emails: pl.Series) -> tuple[str, str] | None:
    """The domain at least ``_SHARED_DOMAIN`` of the addresses (and 10) share, with its share written, or None."""
    domains = emails.str.extract(r"@([^@\s]+)$").str.to_lowercase().drop_nulls()
    if domains.len() < 10:
        return None
    top = domains.value_counts(sort=True).row(0)
    share = top[1] / emails.len()
    return (str(top[0]), f"{share:.0%}") if share >= _SHARED_DOMAIN else None


def _one_line(text: str, limit: int = 400) -> str:
    t = " ".join(str(text).split())
    return t if len(t) <= limit else t[: limit - 1] + "…"


def _counts_of(child: pl.DataFrame, column: str, parent: pl.DataFrame, key: str) -> pl.Series:
    """Children per parent row, in the parent's row order (0 for a parent without children)."""
    return (
        parent.select(pl.col(key).alias("_k"))
        .join(
            child.group_by(column).len().rename({column: "_k", "len": "_n"}), on="_k", how="left", maintain_order="left"
        )
        .get_column("_n")
        .fill_null(0)
    )


def _count_distribution(counts: np.ndarray, *, low: int, observed_max: bool = False) -> tuple[dict[str, Any], str]:
    """The distribution of ``counts`` (all ``>= low``): fixed, categorical (<= 12 values) or a count law, its
    ``max`` at the 99th percentile of ``counts`` or, ``observed_max``, their largest (a reach ``sample`` holds
    each parent within: the source's own largest families kept, issue 13, learn60)."""
    vals, freq = np.unique(counts, return_counts=True)
    if len(vals) == 1:
        return {"distribution": "fixed", "value": int(vals[0])}, f"always {int(vals[0])}"
    if len(vals) <= 12:
        # counts are structure, not values of a record: all of them are kept
        cat: dict[str, Any] = {
            "distribution": "categorical",
            "values": [int(a) for a in vals],
            "weights": [round(b / freq.sum(), 6) for b in freq],
        }
        return cat, ", ".join(f"{int(a)} ({100 * b / freq.sum():.0f}%)" for a, b in zip(vals, freq, strict=True))
    mean, var = float(counts.mean()), float(counts.var())
    hi = float(counts.max() if observed_max else np.quantile(counts, 0.99))
    if var > mean * 1.05:
        dist: dict[str, Any] = {
            "distribution": "negative_binomial",
            "mean": _num(mean, 6),
            "dispersion": _num(mean**2 / (var - mean), 6),
            "min": low,
            "max": _num(round(hi)),
        }
        return dist, f"negative binomial, mean {mean:.1f} (variance {var:.1f})"
    return {
        "distribution": "poisson",
        "lam": _num(mean, 6),
        "min": low,
        "max": _num(round(hi)),
    }, f"Poisson, mean {mean:.1f}"


def children_per_parent(child: pl.DataFrame, column: str, parent: pl.DataFrame, key: str) -> tuple[dict[str, Any], str]:
    """``rows: {per, count, zero_rate}`` fitted from how many child rows each parent row has."""
    counts = _counts_of(child, column, parent, key).to_numpy()
    if len(counts) == 0:
        return {"distribution": "fixed", "value": 0}, "no parent rows"
    zero = float((counts == 0).mean())
    pos = counts[counts > 0]
    out: dict[str, Any] = {}
    if len(pos) == 0:
        return {"count": {"distribution": "fixed", "value": 0}}, "no parent has children"
    out["count"], how = _count_distribution(pos, low=1)
    how = (
        "every parent with children has " if how.startswith("always") else "children per parent: "
    ) + how.removeprefix("always ")
    if zero > 0:
        out["zero_rate"] = round(zero, 6)
        how += f"; {100 * zero:.1f}% of parents have none"
    return out, how


def _children_by(
    child: pl.DataFrame, column: str, parent: pl.DataFrame, key: str, candidates: list[str]
) -> tuple[dict[str, Any], str] | None:
    """``rows: {by, count, counts}`` when a category of the parent decides its number of children."""
    counts = _counts_of(child, column, parent, key)
    if parent.height < 2 * _BY_MIN_PARENTS:
        return None
    found = find_count_driver(counts, parent, candidates)
    if found is None:
        return None
    by, why = found
    values = parent.get_column(by)
    # by value, the reach is held by `sample` too (``synth/_total_reach``): its top is the largest count seen, so
    # the drafted spec moves none of the source's parents
    overall, _ = _count_distribution(counts.to_numpy(), low=0, observed_max=True)
    per: dict[str, Any] = {}
    hows: list[str] = []
    for v, n in values.value_counts(sort=True).iter_rows():
        if n < max(_BY_MIN_PARENTS, MIN_COUNT):
            continue  # too few parents for a distribution of their own (and never a rare value written)
        dist, how = _count_distribution(counts.filter(values == v).to_numpy(), low=0, observed_max=True)
        per[str(v)] = dist
        hows.append(f"{v}: {how}")
    if not per:
        return None
    return {"by": by, "count": overall, "counts": per}, f"{why}; children per parent by {by}: " + "; ".join(hows)


def build_spec(
    name: str,
    frames: dict[str, pl.DataFrame],
    profiles: dict[tuple[str, str], ColumnProfile],
    primary_keys: dict[str, list[str]],
    pk_evidence: dict[str, str],
    keys: list[ForeignKey],
    description: str,
    sampled: dict[str, pl.DataFrame] | None = None,
    composite: list[CompositeForeignKey] | None = None,
    state_rules: bool = True,
    aggregates: bool = True,
) -> tuple[dict[str, Any], dict[tuple[str, ...], str], list[str], dict[str, str]]:
    """(spec as plain data, comments keyed by path, notes, source table -> spec table name).

    Row counts come from ``frames``; column distributions from ``sampled`` (a row
    sample of the same tables) when given.
    """
    sampled = sampled or frames
    notes: list[str] = []
    # names that are already valid keep them; a sanitized name must not collide with one ('a b' vs 'a_b')
    taken: set[str] = {t for t in frames if _IDENT.match(t)}
    names: dict[str, str] = {}
    for t in frames:
        names[t] = table_name(t, taken)
        taken.add(names[t])
        if names[t] != t:
            notes.append(f"table '{t}' is named '{names[t]}' in the spec (letters, digits and underscores only)")
    by_child: dict[str, list[ForeignKey]] = {}
    for fk in keys:
        if fk.table in frames and fk.ref_table in frames:
            by_child.setdefault(fk.table, []).append(fk)
    comments: dict[tuple[str, ...], str] = {}
    tables: dict[str, Any] = {}
    depth = _depths(list(frames), keys)
    constraints: list[dict[str, Any]] = []
    copied = reference_tables(frames, keys, profiles)
    contexts: dict[str, ForeignKey | None] = {}
    for t, frame in frames.items():
        tn = names[t]
        if frame.width == 0:
            notes.append(f"table '{t}' has no column of a supported type: left out of the spec")
            continue
        fks = {fk.column: fk for fk in by_child.get(t, []) if frames[fk.ref_table].width}
        pk = primary_keys.get(t) or []
        children = [fk for c, kids in by_child.items() if c != t for fk in kids if fk.ref_table == t]
        explained: dict[str, tuple[float, str, str]] = {}
        context = _context_fk(t, list(fks.values()), frames, depth, profiles, children, explained)
        contexts[t] = context
        table: dict[str, Any] = {}
        if context is not None and frames[context.ref_table].height > 0:
            parent = frames[context.ref_table]
            drivers = [
                c
                for c in parent.columns
                if parent.schema[c] == pl.String and profiles[(context.ref_table, c)].kind == "categorical"
            ]
            by = _children_by(frame, context.column, parent, context.ref_column, drivers) if state_rules else None
            rows, how = by or children_per_parent(frame, context.column, parent, context.ref_column)
            table["rows"] = {"per": names[context.ref_table], **rows}
            if sum(fk.ref_table == context.ref_table for fk in fks.values()) > 1:  # a reporter and an assignee
                table["rows"]["via"] = context.column
            comments[("tables", tn, "rows")] = f"{frame.height:,} rows in the source; {how}"
            if len({fk.ref_table for fk in fks.values() if fk.ref_table != t}) > 1:
                share, pcol, kid = explained.get(context.column) or count_explained(
                    t, context, children, frames, profiles
                )
                if share >= EXPLAINS_MIN:  # say why this parent, where another could be it
                    comments[("tables", tn, "rows")] += (
                        f"; per {names[context.ref_table]}: its {pcol} explains {share:.0%} of the variance of "
                        f"{names[kid]} per row"
                    )
        else:
            table["rows"] = frame.height
            comments[("tables", tn, "rows")] = f"{frame.height:,} rows in the source"
        if pk:
            table["primary_key"] = pk[0] if len(pk) == 1 else list(pk)
            comments[("tables", tn, "primary_key")] = f"primary key {', '.join(pk)}: {pk_evidence.get(t, 'declared')}"
        cols: dict[str, Any] = {}
        for c in frame.columns:
            prof = profiles[(t, c)]
            col_fk = fks.get(c)
            col_spec, note = column_spec(
                sampled[t][c], prof, is_pk=pk == [c], fk=col_fk, fk_table=names[col_fk.ref_table] if col_fk else None
            )
            cols[c] = col_spec
            comments[("tables", tn, "columns", c)] = note
        found: list[tuple[dict[str, Any], str]] = []
        if frame.height > 0:
            _copied_from_parent(t, tn, frames, fks, names, pk, cols, comments, by_child)
            _composed_text(t, tn, frames, fks, names, pk, cols, comments)
            _date_codes(t, tn, frame, profiles, cols, comments)
            _check_chars(tn, frame, cols, comments)
            draft_check_digits(tn, frame, cols, comments)
            _keys_through_parent(t, tn, frames, fks, by_child, context, cols, comments)
            _self_within(t, tn, frame, fks, pk, cols, comments)
            _shared_keys(t, tn, frames, fks, by_child, context, cols, comments)
            _key_kinds(t, tn, frames, fks, profiles, context, cols, comments)
            _date_parts(t, tn, frame, profiles, cols, comments)
            _ages(t, tn, frames, profiles, fks, names, pk, cols, comments)
            _elapsed(t, tn, frame, profiles, cols, comments)
            _date_offsets(t, tn, frame, profiles, pk, cols, comments)
            _filled(t, tn, frame, fks, pk, cols, comments)
            _products(t, tn, frames, fks, by_child, names, pk, cols, comments)
            _linear_sums(tn, frame, fks, pk, cols, comments)
            _time_offsets(t, tn, frames, profiles, fks, by_child, names, pk, cols, comments)
            _comparisons(t, tn, frame, profiles, cols, comments)
        if context is not None and frame.height > 0:
            # dates read from text order ranks as dates do (events numbered in the order they happened)
            typed = frame.with_columns([v.alias(c) for c, v in _dates_of(t, frame, profiles).items()])
            found += _within_parent(t, tn, typed, context, fks, pk, cols, comments, _durations_of(t, frame, profiles))
            derived = _relatives(tn, typed, context, fks, pk, cols, comments, _durations_of(t, frame, profiles))
            # a derived value's uniqueness within its parent followed from its source's; no redraw keeps it
            found = [(con, why) for con, why in found if not derived.intersection(con.get("unique") or [])]
            ups = _ancestor_numbers(t, frames, fks, by_child, names, depth=1) if context in _sole_keys(t, fks) else {}
            mine = f"{names[context.ref_table]}."  # the context parent's numbers: a run's start
            _running_sums(  # durations as seconds: a total time so far (learn97)
                tn,
                typed.with_columns([v.alias(c) for c, v in _durations_of(t, frame, profiles).items()]),
                context,
                fks,
                pk,
                cols,
                comments,
                {r: v for r, v in ups.items() if r.startswith(mine)},
            )
            _parent_codes(t, tn, frames, fks, names, pk, cols, comments)
            if state_rules:
                _event_process(t, tn, frames, profiles, context, names[context.ref_table], table, cols, comments)
        for ck in composite or []:
            if ck.table == t and ck.ref_table in names:
                found += _composite_column(tn, ck, names[ck.ref_table], context, pk, cols, comments)
        if frame.height > 0:
            _lookups(tn, sampled[t], cols, comments)
            if state_rules:
                _null_conditions(tn, sampled[t], cols, comments)
            orders = _row_orders(t, tn, sampled[t], profiles, cols)
            found += orders
            found += _year_floors(t, tn, frame, profiles, cols, orders)
            if state_rules:
                _parent_dates(t, tn, frames, profiles, fks, context, cols, comments)
                _row_dates(t, tn, frame, profiles, orders, cols, comments)
        if frame.height > 0:
            found += _keys_that_differ(tn, frame, fks)
            if context is not None:
                found += _schedules(tn, frame, context.column, fks, pk)
                found += _following_periods(tn, typed, context.column, cols)
                found += _pairs_once(tn, frame, context.column, fks, found)
            found += _parent_bounds(t, tn, frame, frames, profiles, fks, cols, found)
        for con, why in found:
            comments[("constraints", str(len(constraints)))] = why
            constraints.append(con)
        if context is not None and frame.height > 0:
            _rounds(
                t,
                tn,
                frame,
                profiles,
                context,
                names,
                fks,
                pk,
                cols,
                [c for c in constraints if c.get("table") == tn],
                comments,
            )
        if t in copied and (listed := list_reference_values(t, tn, frame, cols, comments)):
            notes.append(
                f"table '{tn}': a lookup table fit copies as reference data ({frame.height} rows, referenced, no "
                f"personal data): every value of {', '.join(listed)} listed, rare ones too"
            )
        table["columns"] = cols
        if frame.height == 0:
            notes.append(f"table '{t}' is empty: its columns are typed from the schema only, rows: 0")
        tables[tn] = table
    # a row's two keys drawn as one pair of a link table (a result's tour and rider: one of the tour's entries)
    draft_link_pairs(frames, by_child, names, tables, contexts, comments)
    # a parent's count or total of its children is a rule, not a state: a learned model computes it from the
    # children it samples (learned as a number, 1.5% of a support desk's ticket counts were off)
    if aggregates:
        constraints = _aggregates(frames, profiles, primary_keys, keys, names, tables, constraints, comments)
    _child_counts(frames, contexts, names, tables, comments)
    _parent_months(frames, contexts, names, tables, comments, profiles)
    if state_rules:  # more children the larger a parent's number (orders by a customer's income)
        _children_by_bins(frames, contexts, names, tables, comments, primary_keys)
    if aggregates:  # a summary table's column counted from a detail table (standings' won, from the matches)
        _tally_rules(frames, keys, primary_keys, names, tables, constraints, comments)
        # ... and a statement's total over its parent's events in its month (a bill: the fee + that month's calls)
        _period_total_rules(frames, keys, primary_keys, names, tables, constraints, comments)
    # a band is a rule of the row, not a state (a bag's fee by its weight): fit's draft keeps it too (learned
    # beside its number, 0.7% of an airline's sampled bags had a fee their weight does not take)
    for t, frame in frames.items():  # after the aggregates: a band may read one made per this table's rows
        if names[t] in tables and frame.height > 0:
            _bands_of(t, names[t], frame, profiles, tables[names[t]]["columns"], comments)
    spec: dict[str, Any] = {"name": name, "description": description, "seed": 0, "tables": tables}
    person = [
        sampled[t][c]
        for (t, c), prof in profiles.items()
        if t in sampled and c in sampled[t].columns and prof.kind == "pii" and prof.pii_kind in _PERSON_NAMES
    ]
    towns = [
        sampled[t][c]
        for (t, c), prof in profiles.items()
        if t in sampled and c in sampled[t].columns and prof.pii_kind == "city"
    ]
    locale, why = infer_locale(person, towns) if person or towns else (None, "")
    if locale is not None and locale != "en_US":
        spec = {"name": name, "description": description, "seed": 0, "locale": locale, "tables": tables}
        notes.append(f"locale {locale}: {why}; fresh names, addresses and phones are made in it")
    if constraints:
        spec["constraints"] = constraints
    return _plain(spec), comments, notes, names


def _aggregates(
    frames: dict[str, pl.DataFrame],
    profiles: dict[tuple[str, str], ColumnProfile],
    primary_keys: dict[str, list[str]],
    keys: list[ForeignKey],
    names: dict[str, str],
    tables: dict[str, Any],
    constraints: list[dict[str, Any]],
    comments: dict[tuple[str, ...], str],
) -> list[dict[str, Any]]:
    """Parent columns that equal an aggregate of their children on every row become ``aggregate`` columns
    (generation keeps them exact); the constraints that read them are dropped (an aggregate is made after
    its children, so a row check on it cannot redraw the row). Returns the constraints kept."""
    from ._aggregates import find_aggregates

    made: set[tuple[str, str]] = set()
    after: dict[str, set[str]] = {}  # a table reading an aggregate -> the tables that aggregate is made from
    for fk in keys:
        t, pt = fk.table, fk.ref_table
        if t not in frames or pt not in frames or names.get(pt) not in tables or names.get(t) not in tables:
            continue
        parent, child = frames[pt], frames[t]
        pcols, ccols = tables[names[pt]]["columns"], tables[names[t]]["columns"]
        # a drafted null condition (a case) may be an aggregate's nulls: parents without children
        not_values = set(primary_keys.get(pt) or []) | {
            c for c, v in pcols.items() if v.get("generator") in _RULES - {"case"}
        }
        pdates, cdates = _dates_of(pt, parent, profiles), _dates_of(t, child, profiles)
        theirs: dict[str, pl.Series] = {
            c: parent.get_column(c)
            for c in parent.columns
            if c not in not_values and (pt, c) not in made and parent.schema[c].is_numeric()
        }
        theirs |= {c: v for c, v in pdates.items() if c not in not_values and (pt, c) not in made}
        # a rule of the child's row (a line's total = qty x price; a bag's fee by its weight, a case or a lookup) is made
        # with the row: its sum is readable (an airline's bag fees per booking: learned apart before, 2% wrong)
        child_keys = set(primary_keys.get(t) or []) | {
            c for c, v in ccols.items() if v.get("generator") in _RULES - {"expression", "case", "lookup"}
        }
        mine: dict[str, pl.Series] = {
            c: child.get_column(c)
            for c in child.columns
            if c not in child_keys
            and child.schema[c].is_numeric()
            and profiles.get((t, c)) is not None
            and profiles[(t, c)].kind in ("numeric", "categorical")
        }
        mine |= {c: v for c, v in cdates.items() if c not in child_keys}
        for agg in find_aggregates(parent, fk.ref_column, child, fk.column, theirs, mine):
            readers = _readers(agg.column, names[pt], tables)
            if readers & {names[pt], names[t]}:  # made before the children: it cannot read their aggregate
                continue
            for r in readers:  # a later table's copy of the total (a payment's amount): made after the children
                after.setdefault(r, set()).add(names[t])
            spec: dict[str, Any] = {
                "generator": "aggregate",
                "function": agg.function,
                "of": names[t] if agg.of is None else f"{names[t]}.{agg.of}",
            }
            if agg.round is not None:
                spec["round"] = agg.round
            rows = tables[names[t]].get("rows")
            links = [c for c, v in ccols.items() if v.get("references") == f"{names[pt]}.{fk.ref_column}"]
            if not (isinstance(rows, dict) and rows.get("per") == names[pt] and links == [fk.column]):
                spec["via"] = fk.column
            pcols[agg.column] = spec
            made.add((pt, agg.column))
            comments[("tables", names[pt], "columns", agg.column)] = agg.why
    if not made:
        return constraints
    _readers_last(tables, after)
    gone = {(names[pt], c) for pt, c in made}
    kept = []
    for con in constraints:
        if any(
            tn == con.get("table")
            and (re.search(rf"\b{re.escape(c)}\b", str(con.get("check", ""))) or c in (con.get("unique") or []))
            for tn, c in gone
        ):
            continue  # a count unique within a parent (flights per route by bookings) is no rule the count keeps
        kept.append(con)
    # comments of constraints are keyed by position: renumber the kept ones
    old = {k: v for k, v in comments.items() if k[0] == "constraints"}
    for k in old:
        del comments[k]
    for i, con in enumerate(kept):
        j = next(n for n, c in enumerate(constraints) if c is con)
        if ("constraints", str(j)) in old:
            comments[("constraints", str(i))] = old[("constraints", str(j))]
    return kept


# generators whose column is not a free value: keys, references, rules already drafted
_RULES = {
    "sequence",
    "uuid",
    "foreign_key",
    "aggregate",
    "expression",
    "lookup",
    "case",
    "running_sum",
    "rank",
    "process",
}


def _readers(column: str, table: str, tables: dict[str, Any]) -> set[str]:
    """Tables whose generators read ``table.column``: ``table`` itself for another of its columns or a
    child's row count drawn by it, another table for a column reading it through a key (``orders.total``)."""
    word = re.compile(rf"\b{re.escape(column)}\b")
    out: set[str] = set()
    for tn, spec in tables.items():
        for c, col in spec["columns"].items():
            if (tn, c) != (table, column) and tn == table and word.search(str(col)):
                out.add(table)
            if tn != table:
                via = [table] + [
                    f for f, v in spec["columns"].items() if str(v.get("references", "")).startswith(f"{table}.")
                ]
                if any(re.search(rf"\b{re.escape(v)}\.{re.escape(column)}\b", str(col)) for v in via):
                    out.add(tn)
        rows = spec.get("rows")
        if isinstance(rows, dict) and rows.get("per") == table and rows.get("by") == column:
            out.add(table)
    return out


def _readers_last(tables: dict[str, Any], after: dict[str, set[str]]) -> None:
    """Reorder ``tables`` (in place) so each table reading an aggregate comes after the tables it is made
    from (``after``), as ``fit`` asks: the plan keeps the spec's order where keys leave it free. The order
    is left as drafted when it already holds (a draft's bytes do not move for nothing)."""
    position = {t: i for i, t in enumerate(tables)}
    if all(position[c] < position[r] for r, kids in after.items() for c in kids if c in position and r in position):
        return
    deps = {
        t: {str(v.get("references", "")).split(".")[0] for v in spec["columns"].values() if isinstance(v, dict)}
        | after.get(t, set())
        for t, spec in tables.items()
    }
    for t, spec in tables.items():  # as the plan: an aggregate made with its children after their other parents
        for v in spec["columns"].values():
            if isinstance(v, dict) and v.get("generator") == "aggregate" and "via" not in v:
                child = str(v["of"]).split(".")[0]
                deps[t] |= {d for d in deps.get(child, set()) if d != t} - {child}
    order: list[str] = []
    seen: set[str] = set()

    def visit(t: str) -> None:
        if t in seen:
            return
        seen.add(t)
        for d in sorted((d for d in deps[t] if d in tables and d != t), key=position.__getitem__):
            visit(d)
        order.append(t)

    for t in list(tables):
        visit(t)
    for t in order:  # re-insert in the new order
        tables[t] = tables.pop(t)


_LEARNED_GENERATORS = {"categorical", "boolean", "integer", "uniform", "normal", "lognormal"}
#: numbers made by a rule of the row or the table, which no redraw of a learned column moves
_RULE_MADE = {"expression", "rank", "aggregate", "running_sum"}
_LOOKUP_KEYS_MAX = 50  # a key column with more distinct values than this is not read as a code table
_LOOKUP_ROWS_PER_KEY = 20  # rows per key value needed before a column is said to be decided by it


def _sql_name(column: str) -> str:
    return column if _IDENT.match(column) else '"' + column.replace('"', '""') + '"'


def _row_orders(
    t: str, tn: str, frame: pl.DataFrame, profiles: dict[tuple[str, str], ColumnProfile], cols: dict[str, Any]
) -> list[tuple[dict[str, Any], str]]:
    """``check`` constraints for columns ordered in every row (signup <= last login, min <= max)."""
    values: dict[str, pl.Series] = {}
    for c in frame.columns:
        prof = profiles.get((t, c))
        gen = cols[c].get("generator")
        if prof is None or gen in ("constant", "lookup", "foreign_key", "sequence") or prof.kind == "identifier":
            continue
        s = frame.get_column(c)
        if prof.kind in ("date", "datetime"):
            d = _as_datetime(s, prof)
            if d is not None:
                values[c] = d
        elif prof.kind == "numeric" and s.dtype.is_numeric():
            values[c] = s.cast(pl.Float64)
    # dates with dates, numbers with numbers
    out: list[tuple[dict[str, Any], str]] = []
    for group in (
        {c: v for c, v in values.items() if isinstance(v.dtype, pl.Datetime)},
        {c: v for c, v in values.items() if v.dtype == pl.Float64},
    ):
        for a, b, why in find_row_orders(group):
            if _implied_or_chance(cols, a, b):
                continue
            out.append(({"table": tn, "check": f"{_sql_name(a)} <= {_sql_name(b)}"}, why))
    return out


def _implied_or_chance(cols: dict[str, Any], a: str, b: str) -> bool:
    """Whether an order of two columns the source holds is no rule to keep: both made by rules of the row (a
    goal difference against the points: a coincidence, or implied by their operands, and no redraw of the row
    can keep it), or one a rule reading the other (a goal difference against its goals for: implied). An
    order between a learned number and a rule-made one (a discount under its product's price) stays: the
    learned side is drawn again given the rule. A rank within the parent and the table's summaries are rules
    too: a league table's position at most its games lost holds in a source whose leaders lost more often than
    their places by chance (issue 13, a held-out league: 8 of 64 sampled rows broke it and ``sample`` refused)."""
    if all(cols[c].get("generator") in _RULE_MADE for c in (a, b)):
        return True
    exprs = {c: str(cols[c].get("expr", "")) for c in (a, b) if cols[c].get("generator") == "expression"}
    return any(re.search(rf"\b{re.escape(other)}\b", e) for c, e in exprs.items() for other in {a, b} - {c})


def _as_datetime(s: pl.Series, prof: ColumnProfile) -> pl.Series | None:
    """A date or date/time column as ``Datetime("us")`` (parsed from text when it is text), else None."""
    if prof.parse_format and not s.dtype.is_temporal():  # text, or integers such as 930105 (%y%m%d)
        s = parse_dates(s, prof.parse_format)
    elif s.dtype == pl.String:
        s = s.str.to_datetime(strict=False)
    if s.dtype == pl.Date:
        s = s.cast(pl.Datetime("us"))
    return s.cast(pl.Datetime("us")) if isinstance(s.dtype, pl.Datetime) else None


def _dates_of(t: str, frame: pl.DataFrame, profiles: dict[tuple[str, str], ColumnProfile]) -> dict[str, pl.Series]:
    out: dict[str, pl.Series] = {}
    for c in frame.columns:
        prof = profiles.get((t, c))
        if prof is not None and prof.kind in ("date", "datetime"):
            d = _as_datetime(frame.get_column(c), prof)
            if d is not None:
                out[c] = d
    return out


def _durations_of(t: str, frame: pl.DataFrame, profiles: dict[tuple[str, str], ColumnProfile]) -> dict[str, pl.Series]:
    """The columns of ``frame`` written as durations (``4:32:10.4``, ``+0:45``), as seconds."""
    return {
        c: parse_duration(frame.get_column(c))
        for c in frame.columns
        if frame.schema[c] == pl.String and (p := profiles.get((t, c))) is not None and p.parse_format == "duration"
    }


def _aligned(frame: pl.DataFrame, fk: ForeignKey, parent: pl.DataFrame, theirs: dict[str, pl.Series]) -> pl.DataFrame:
    """The parent's ``theirs`` columns (as ``_p_<name>``) and ``_k`` on each child row, in the child's order."""
    return frame.select(pl.col(fk.column).alias("_k")).join(
        parent.select(pl.col(fk.ref_column).alias("_k"), *[pl.Series(f"_p_{p}", v) for p, v in theirs.items()]),
        on="_k",
        how="left",
        maintain_order="left",
    )


def _offset(seconds: np.ndarray) -> dict[str, Any]:
    """A lognormal offset fitted to positive gaps (median and log spread), in the unit their median suggests."""
    med = float(np.median(seconds))
    unit, size = ("days", 86_400.0) if med >= 2 * 86_400 else ("hours", 3_600.0) if med >= 7_200 else ("minutes", 60.0)
    return {
        "distribution": "lognormal",
        "median": _num(med / size, 4),
        "sigma": _num(max(float(np.log(seconds / size).std()), 0.01), 4),
        "max": _num(float(seconds.max()) / size, 6),
        "unit": unit,
    }


def _event_process(
    t: str,
    tn: str,
    frames: dict[str, pl.DataFrame],
    profiles: dict[tuple[str, str], ColumnProfile],
    context: ForeignKey,
    parent_name: str,
    table: dict[str, Any],
    cols: dict[str, Any],
    comments: dict[tuple[str, ...], str],
) -> None:
    """An event table whose states follow a machine (a ticket: new → triage → … → closed) drafted as
    ``rows: {per, process}``, so generated paths start, move and end as the data's do, instead of
    states drawn one row at a time (a ticket closed before it was opened)."""
    frame, parent = frames[t], frames[context.ref_table]
    times = {
        c: v for c, v in _dates_of(t, frame, profiles).items() if profiles[(t, c)].kind == "datetime" and c in cols
    }
    theirs = _dates_of(context.ref_table, parent, profiles)
    if not times or not theirs:
        return
    states = [
        c
        for c in frame.columns
        if cols[c].get("generator") == "categorical"
        and frame.schema[c] == pl.String
        and frame.get_column(c).null_count() == 0
        and stat(frame.get_column(c).value_counts().get_column("count").min()) >= MIN_COUNT  # never a rare value
    ]
    steps = [c for c in frame.columns if cols[c].get("generator") == "rank" and not cols[c].get("start")]
    aligned = _aligned(frame, context, parent, theirs)
    proc = find_process(
        frame,
        context.column,
        steps,
        times,
        states,
        {p: aligned.get_column(f"_p_{p}") for p in theirs},
        parent.height,
    )
    if proc is None:
        return
    machine: dict[str, Any] = {}
    for state, moves in proc.moves.items():
        spec: dict[str, Any] = {"next": moves} if moves else {}
        gaps = np.asarray(proc.dwell_seconds.get(state, []))
        if moves and len(gaps) >= 3:
            spec["dwell"] = _offset(gaps)
        machine[state] = spec
    table["rows"] = {
        "per": parent_name,
        "process": {"start": proc.start, "at": proc.at_parent, "max_steps": proc.max_steps, "states": machine},
        **({"via": table["rows"]["via"]} if "via" in table.get("rows", {}) else {}),
    }
    comments[("tables", tn, "rows")] = f"{frame.height:,} rows in the source; {proc.evidence}"
    fields = {proc.state: "state", proc.at: "at", **{c: "step" for c in steps if cols[c].get("by") in (None, proc.at)}}
    if proc.previous is not None:
        fields[proc.previous] = "previous"
    meaning = {
        "state": "the state entered",
        "at": "when the state is entered",
        "step": "the event's place in its parent's path",
        "previous": "the state left (none on the first event)",
    }
    for c, what in fields.items():
        why = f"process field {what}: {meaning[what]}"
        cols[c] = {"generator": "process", "field": what, "description": why}
        comments[("tables", tn, "columns", c)] = why


def _parent_dates(
    t: str,
    tn: str,
    frames: dict[str, pl.DataFrame],
    profiles: dict[tuple[str, str], ColumnProfile],
    fks: dict[str, ForeignKey],
    context: ForeignKey | None,
    cols: dict[str, Any],
    comments: dict[tuple[str, ...], str],
) -> None:
    """A child date never before a date of its parent (a visit after the patient registered) drafted
    as ``after: fk.column`` with the gap's distribution, so it is not drawn across the whole range.

    The context parent's key is tried first, then the others; a column takes the first key that
    explains it. The gap is a lognormal fitted to the positive gaps (median and log spread) in
    days, hours or minutes as the median gap suggests; the column's last value stays its ``end``.
    """
    frame = frames[t]
    mine = {
        c: v
        for c, v in _dates_of(t, frame, profiles).items()
        if cols[c].get("generator") in ("date", "datetime") and "after" not in cols[c]
    }
    ordered = sorted((fk for fk in fks.values() if fk.ref_table != t), key=lambda fk: fk is not context)
    for fk in ordered:
        if not mine:
            return
        parent = frames[fk.ref_table]
        theirs = _dates_of(fk.ref_table, parent, profiles)
        if not theirs:
            continue
        aligned = _aligned(frame, fk, parent, theirs)
        has_parent = aligned.get_column("_k").is_in(parent.get_column(fk.ref_column).implode())
        by_day = {p: aligned.get_column(f"_p_{p}") for p in theirs}
        # a month (2023-04, read as its 1st) inside its parent's period starts before the parent's day in it
        # (a bill for the month a subscription began on the 15th): compared with the parent's month
        months = {c for c in mine if cols[c].get("grain") == "month"}
        # a month each parent holds once (one bill per subscription and month) stays learned: an offset drawn
        # per row repeats a parent's month, which only the learned unique-in-parent redraws make free again
        once = {c for c in months if not frame.select(fk.column, c).drop_nulls().is_duplicated().any()}
        found = find_parent_dates({c: v for c, v in mine.items() if c not in months}, by_day, has_parent)
        months -= once
        if months:
            by_month = {p: v.dt.truncate("1mo") for p, v in by_day.items()}
            found += find_parent_dates({c: mine[c] for c in mine if c in months}, by_month, has_parent)
        for c, p, gaps, why in found:
            pos = gaps.filter(gaps > 0).to_numpy()
            last, parent_last = mine[c].max(), theirs[p].max()
            if len(pos) < 10 or not isinstance(last, dt.datetime) or not isinstance(parent_last, dt.datetime):
                continue
            late = stat((theirs[p].drop_nulls() >= last).mean())
            if late > _LATE_PARENTS:
                # many parents dated past the child's last value: a child table cut to a window (a prefix of
                # transactions), whose later parents have no children; `after` would date theirs past its end
                continue
            end = cols[c].get("end")
            if late > 0:  # the last parents' children fall between their date and the parents' own last value
                is_date = cols[c]["generator"] == "date"
                end = f"{parent_last:%Y-%m-%d}" if is_date else (parent_last + dt.timedelta(seconds=1)).isoformat()
            offset = _offset(pos)
            med, unit = float(np.median(pos)), offset["unit"]
            size = {"days": 86_400.0, "hours": 3_600.0, "minutes": 60.0}[unit]
            spec = {k: v for k, v in cols[c].items() if k not in _left_out_after(offset)}
            evidence = f"{why}; the gap after {p}: median {med / size:.3g} {unit}"
            spec.update({"end": end, "after": f"{fk.column}.{p}", "offset": offset, "description": _one_line(evidence)})
            cols[c] = spec
            comments[("tables", tn, "columns", c)] = evidence
            del mine[c]


def _bands_of(
    t: str,
    tn: str,
    frame: pl.DataFrame,
    profiles: dict[tuple[str, str], ColumnProfile],
    cols: dict[str, Any],
    comments: dict[tuple[str, ...], str],
) -> None:
    """A category (or flag) decided by bands of a number in its row (a letter by the score, ``passed`` by
    the grade) drafted as a ``case`` on the number, so generation never pairs an "A" with 29 points."""
    from ._bands import find_bands

    cats = [
        c
        for c in frame.columns
        if cols[c].get("generator") in ("categorical", "boolean") and not cols[c].get("null_rate")
    ]
    nums = [
        c
        for c in frame.columns
        if frame.schema[c].is_numeric()
        and (
            cols[c].get("generator") in ("integer", "uniform", "normal", "lognormal")
            or (cols[c].get("generator") == "aggregate" and "via" not in cols[c])  # readable once made
        )
        and (t, c) in profiles
        and profiles[(t, c)].kind == "numeric"
    ]
    if not cats or not nums:
        return
    for b in find_bands(frame, cats, nums):
        lit = [(lo, v) for lo, v in b.cuts]
        cases = [
            {"when": f"{_sql_name(b.by)} >= {_num(float(lo))}", "then": _plain_value(v)} for lo, v in reversed(lit)
        ]
        cols[b.column] = {
            "generator": "case",
            "cases": cases,
            "else": _plain_value(b.first),
            "description": _one_line(b.why),
        }
        comments[("tables", tn, "columns", b.column)] = b.why


def _plain_value(v: Any) -> Any:
    """A band's value as the spec writes it (booleans and numbers stay themselves, the rest text)."""
    if isinstance(v, (bool, int, float, str)):
        return v
    return str(v)


def _row_dates(
    t: str,
    tn: str,
    frame: pl.DataFrame,
    profiles: dict[tuple[str, str], ColumnProfile],
    orders: list[tuple[dict[str, Any], str]],
    cols: dict[str, Any],
    comments: dict[tuple[str, ...], str],
) -> None:
    """A date never before another date of its row (resolved after the first response) drafted as
    ``after: <that column>`` with the gap's distribution, so generation makes it in order rather than
    drawing both across their ranges and redrawing rows until the constraint holds (which fails for rows
    whose first date is near the end). A column already made ``after`` something keeps that; of several
    earlier dates, the one with the smallest median gap (the step just before) is taken. The empty
    branch of a drafted null condition stays; only its generator is changed."""
    dates = _dates_of(t, frame, profiles)
    before: dict[str, list[tuple[float, str, NDArray[np.float64]]]] = {}  # gaps in seconds
    # the drafted order checks read back as every check is (``spec.bounds``): "Order Date" <= "Ship Date", the
    # names a sheet gives, quoted
    for a, b in ((o.low, o.high) for con, _ in orders for o in column_orders(str(con.get("check", "")), dates)):
        va, vb = dates[a], dates[b]
        if bool((vb.is_not_null() & va.is_null()).any()):
            continue  # b is there where a is not: `after: a` would empty it
        both = va.is_not_null() & vb.is_not_null()
        gaps = ((vb.filter(both) - va.filter(both)).dt.total_microseconds() / 1e6).to_numpy()
        pos = gaps[gaps > 0]
        if len(pos) >= 10:
            before.setdefault(b, []).append((float(np.median(pos)), a, pos))
    for b, options in before.items():
        spec = cols[b]
        inner = spec.get("else") if spec.get("generator") == "case" else spec
        if not isinstance(inner, dict) or inner.get("generator") not in ("date", "datetime"):
            continue
        med, a, pos = min(options, key=lambda o: o[0])
        if "after" in cols[a] and str(cols[a]["after"]) == b:
            continue
        if "after" in inner and not _closer_in_row(inner, cols[a], med):
            continue
        offset = _offset(pos)
        size = {"days": 86_400.0, "hours": 3_600.0, "minutes": 60.0}[offset["unit"]]
        made = {k: v for k, v in inner.items() if k not in _left_out_after(offset)}
        made.update({"after": a, "offset": offset})
        evidence = f"never before {a} in its row; the gap after {a}: median {med / size:.3g} {offset['unit']}"
        if spec is inner:
            made["description"] = _one_line(evidence)
            cols[b] = made
        else:
            cols[b] = {**spec, "else": made}
        comments[("tables", tn, "columns", b)] = (
            comments.get(("tables", tn, "columns", b), "") + "; " + evidence
        ).lstrip("; ")


def _left_out_after(offset: dict[str, Any]) -> tuple[str, ...]:
    """The keys of a drafted range a date made ``after`` another leaves out: its start, its description, and
    its hours of the day when the gap is hours or minutes (the hours redrawn would undo the gap's draw)."""
    short = offset.get("unit") != "days"
    return ("start", "description", "hour_weights") if short else ("start", "description")


def _closer_in_row(inner: dict[str, Any], earlier: dict[str, Any], median: float) -> bool:
    """A date already drafted ``after`` a parent's date is drafted after the earlier date of its row instead
    when that date is after the same parent date (so it stays after it) and its median gap is the smaller
    (a ticket's first response: hours after the ticket was opened, not 126 days after the customer signed
    up, which made a generated response take months; issue 13)."""
    theirs = earlier.get("else") if earlier.get("generator") == "case" else earlier
    if not isinstance(theirs, dict) or theirs.get("after") != inner["after"] or "." not in str(inner["after"]):
        return False
    offset = inner.get("offset")
    if not isinstance(offset, dict) or offset.get("distribution") != "lognormal":
        return False
    size = {"days": 86_400.0, "hours": 3_600.0, "minutes": 60.0}.get(str(offset.get("unit")), 86_400.0)
    return median < float(offset["median"]) * size


_LATE_PARENTS = 0.05  # share of parents dated past a child's last value above which it is read as a window
_CASE_KEYS_MAX = 50  # a key with more values is not read as what makes a column empty


def _sql_literal(value: Any) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return "'" + str(value).replace("'", "''") + "'"


def _null_conditions(tn: str, frame: pl.DataFrame, cols: dict[str, Any], comments: dict[tuple[str, ...], str]) -> None:
    """A column empty exactly where a category says so (no fee for a no-show) drafted as a ``case``:
    null on those rows, the column's own generator on the others. Only values seen at least
    ``MIN_COUNT`` times are written; when the empty side holds a rarer value, the rule is written
    from the filled side (``NOT IN``) or not at all."""
    nullable = [
        c
        for c in frame.columns
        if cols[c].get("null_rate") and cols[c].get("generator") not in ("foreign_key", "case", "lookup")
    ]
    keys = [
        c
        for c in frame.columns
        if (
            cols[c].get("generator") in ("categorical", "lookup", "boolean")
            or cols[c].get("generator") == "process"
            and cols[c].get("field") == "state"
        )
        and not cols[c].get("null_rate")
        and (frame.schema[c] in (pl.String, pl.Boolean))
        and 2 <= frame.get_column(c).n_unique() <= _CASE_KEYS_MAX
    ]
    if not nullable or not keys:
        return
    for c, k, values, why in find_null_conditions(frame, nullable, keys):
        seen = frame.get_column(k).value_counts()
        common = {v for v, n in seen.iter_rows() if n >= MIN_COUNT}
        rest = [v for v in seen.get_column(k).to_list() if v not in values]
        if all(v in common for v in values):
            when = f"{_sql_name(k)} IN ({', '.join(_sql_literal(v) for v in values)})"
        elif rest and all(v in common for v in rest):
            when = f"{_sql_name(k)} NOT IN ({', '.join(_sql_literal(v) for v in sorted(rest, key=str))})"
        else:
            continue
        inner = {key: v for key, v in cols[c].items() if key not in ("null_rate", "description")}
        cols[c] = {
            "generator": "case",
            "cases": [{"when": when, "then": None}],
            "else": inner,
            "description": _one_line(why),
        }
        comments[("tables", tn, "columns", c)] = f"{comments.get(('tables', tn, 'columns', c), '')}; {why}".lstrip("; ")


def _lookups(tn: str, frame: pl.DataFrame, cols: dict[str, Any], comments: dict[tuple[str, ...], str]) -> None:
    """Columns another category decides (a plan's fee, a status's code) drafted as a ``lookup`` on it.

    Drafted independently, a plan and its fee would pair at random (a basic plan at the enterprise
    price). A key is a complete categorical column with 2..50 values and at least 20 rows per value;
    a column it decides in >= 99% of rows, that is itself not decided already by its own mode, becomes
    a lookup. A column used as a key is never made a lookup, so lookups never form a cycle (a plan and
    its fee decide each other: the earlier column stays the key).
    """
    plain = [
        c
        for c in frame.columns
        if cols[c].get("generator") == "categorical" and not cols[c].get("null_rate") and frame[c].null_count() == 0
    ]
    keys: set[str] = set()
    decided: set[str] = set()
    for k in plain:
        if k in decided:
            continue
        n_keys = frame[k].n_unique()
        if not 2 <= n_keys <= _LOOKUP_KEYS_MAX or frame.height < _LOOKUP_ROWS_PER_KEY * n_keys:
            continue
        others = [
            c
            for c in plain
            if c != k
            and c not in keys
            and c not in decided
            and float(frame[c].value_counts().get_column("count").max()) < 0.9 * frame.height  # type: ignore[arg-type]
        ]
        for c, mapping, default, why in find_functions_of(frame, k, others, what=k):
            cols[c] = {
                "generator": "lookup",
                "key": k,
                "mapping": mapping,
                "default": default,
                "description": _one_line(why),
            }
            comments[("tables", tn, "columns", c)] = why
            decided.add(c)
            keys.add(k)


_COPY_MIN_ROWS = 30  # rows holding a value before a column is read as its parent's, copied
#: parts of a date a column may spell (weekday and month names and numbers, day of month, year)
_DATE_PARTS = ("%a", "%A", "%b", "%B", "%Y", "%m", "%d", "%u", "%j", "%Y-%m")


def _date_parts(
    t: str,
    tn: str,
    frame: pl.DataFrame,
    profiles: dict[tuple[str, str], ColumnProfile],
    cols: dict[str, Any],
    comments: dict[tuple[str, ...], str],
) -> None:
    """A column that spells a part of a date of its row in every row (a calendar's weekday ``Mon``, a
    month number) drafted as an ``expression`` on that date: drawn on its own, 86% of a learned calendar's
    days had another day's weekday. Kept when every row holding the date holds that part (nulls with
    nulls), at least 30 rows, and the column has two or more values."""
    typed = _dates_of(t, frame, profiles)
    dated: dict[str, pl.Series] = {}
    for c in frame.columns:
        if cols[c].get("generator") not in ("date", "datetime"):
            continue
        s = typed.get(c, frame.get_column(c))
        if s.dtype == pl.String:  # a key of dates (its profile is the key's): read in its format
            # the format inspect settled day/month order in (_day_month), else the first that reads it
            key_fmt = profiles[(t, c)].parse_format if (t, c) in profiles else None
            if key_fmt is None:
                shape = date_format(s.drop_nulls().head(5000), allow_compact=False)
                key_fmt = shape[0] if shape is not None and not reads_both_ways(s, shape[0]) else None
            s = parse_dates(s, key_fmt) if key_fmt is not None else s
        if (s.dtype == pl.Date or isinstance(s.dtype, pl.Datetime)) and s.null_count() < s.len():
            dated[c] = s
    if not dated:
        return
    for c in frame.columns:
        spec = cols[c]
        if c in dated or spec.get("generator") not in ("categorical", "integer", "pattern", "uniform"):
            continue
        v = frame.get_column(c)
        if not (v.dtype == pl.String or v.dtype.is_integer()) or v.drop_nulls().n_unique() < 2:
            continue
        for d, ds in dated.items():
            found = None
            for fmt in _DATE_PARTS:
                part = ds.dt.strftime(fmt)
                if v.dtype.is_integer():
                    part = part.cast(pl.Int64, strict=False)
                both = pl.DataFrame({"v": v.cast(part.dtype, strict=False), "p": part}).filter(
                    pl.col("p").is_not_null()
                )
                if both.height >= _COPY_MIN_ROWS and bool(
                    both.select(pl.col("v").eq_missing(pl.col("p")).all()).item()
                ):
                    found = fmt
                    break
            if found is None:
                continue
            expr = f"strftime({_sql_name(d)}, '{found}')"
            if v.dtype.is_integer():
                expr = f"CAST({expr} AS INTEGER)"
            why = f"{c} is {d}'s {found} in all rows holding {d}: a part of the date"
            cols[c] = {"generator": "expression", "expr": expr, "description": _one_line(why)}
            comments[("tables", tn, "columns", c)] = why
            break


def _elapsed(
    t: str,
    tn: str,
    frame: pl.DataFrame,
    profiles: dict[tuple[str, str], ColumnProfile],
    cols: dict[str, Any],
    comments: dict[tuple[str, ...], str],
) -> None:
    """A duration text that is the time between two date-times of its row (a shift ``4:08`` from dispatch
    to return), or a number that is (``response_hours``: the hours from creation to first response, to 2
    decimals), drafted as an ``expression`` over them (see ``_elapsed``); so is a date a fixed time after
    another of its row (due 30 days after issue)."""
    from ._elapsed import (
        elapsed_expression,
        elapsed_number_expression,
        find_elapsed,
        find_elapsed_number,
        find_fixed_gaps,
    )

    dated = {
        c: s
        for c, s in _dates_of(t, frame, profiles).items()
        if cols[c].get("generator") in ("date", "datetime") and _IDENT.match(c)
    }
    if len(dated) < 2:
        return
    for later, (earlier, amount, why) in find_fixed_gaps(dated, {c: cols[c]["generator"] for c in dated}).items():
        _draft_expression(cols, comments, tn, later, f"{_sql_name(earlier)} + INTERVAL '{amount}'", why)
    for c in frame.columns:
        prof = profiles.get((t, c))
        if (
            prof is None
            or prof.kind != "numeric"
            or not frame.schema[c].is_numeric()
            or cols[c].get("generator") in _RULES
            or not _IDENT.match(c)
        ):
            continue
        decimals = 0 if frame.schema[c].is_integer() else decimals_of(frame.get_column(c).cast(pl.Float64))
        number = find_elapsed_number(frame.get_column(c), dated, decimals)
        if number is None:
            continue
        start, end, unit, how, why = number
        why = f"the time between two dates of its row: {why}"
        expr = elapsed_number_expression(
            start, end, unit, how, decimals, dates={d for d in dated if cols[d].get("generator") == "date"}
        )
        _draft_expression(cols, comments, tn, c, expr, why)
    stamps = {
        c: s for c, s in dated.items() if cols[c].get("generator") == "datetime" and isinstance(s.dtype, pl.Datetime)
    }
    if len(stamps) < 2:
        return
    for c in frame.columns:
        prof = profiles.get((t, c))
        if prof is None or prof.parse_format != "duration" or frame.schema[c] != pl.String:
            continue
        found = find_elapsed(frame.get_column(c), stamps)
        if found is None:
            continue
        start, end, unit, why = found
        why = f"a duration between two date-times of its row: {why}"
        _draft_expression(cols, comments, tn, c, elapsed_expression(start, end, unit), why)


def _date_offsets(
    t: str,
    tn: str,
    frame: pl.DataFrame,
    profiles: dict[tuple[str, str], ColumnProfile],
    pk: list[str],
    cols: dict[str, Any],
    comments: dict[tuple[str, ...], str],
) -> None:
    """A date that is another date of its row plus a number of days of its row (``due_date`` = ``loan_date`` +
    ``loan_days``), or a day of a month counted from another column's month (``issued_on``: the 1st of the month
    after ``period``), drafted as the ``expression`` (see ``_date_offsets``)."""
    from ._date_offsets import find_date_offset, find_month_anchor, month_anchor_expression

    dates = {  # dates (not date-times), native or ISO text, which an expression's result is written as
        c: s.cast(pl.Date)
        for c, s in _dates_of(t, frame, profiles).items()
        if profiles[(t, c)].kind == "date"
        and (frame.schema[c] == pl.Date or profiles[(t, c)].parse_format in (None, "%Y-%m-%d"))
        and _IDENT.match(c)
        and cols[c].get("generator") != "foreign_key"
    }
    numbers = {
        c: frame.get_column(c)
        for c in frame.columns
        if frame.schema[c].is_integer()
        and _IDENT.match(c)
        and [c] != pk
        and cols[c].get("generator") not in ("foreign_key", "sequence", "rank")
    }
    # a period the month rule reads: a date, a date-time, or text whose first seven characters are its month
    periods = {
        c: s.cast(pl.Date)
        for c, s in _dates_of(t, frame, profiles).items()
        if (frame.schema[c].is_temporal() or profiles[(t, c)].parse_format in (None, "%Y-%m-%d", "%Y-%m"))
        and _IDENT.match(c)
        and cols[c].get("generator") != "foreign_key"
    }
    # a fixed gap from a date always on the same day of its month (``period + INTERVAL '14 days'``, the period
    # on the 1st) says less than the month rule: a sampled period on another day would move the date off its 15th
    gap = re.compile(r"^(\w+) \+ INTERVAL '")
    for c in list(dates):
        fixed = gap.match(str(cols[c].get("expr", ""))) if cols[c].get("generator") == "expression" else None
        if fixed is not None:
            anchor = find_month_anchor(c, {**periods, c: dates[c]}, list(frame.columns))
            if anchor is not None and anchor[0] == fixed.group(1):
                period, months, day, why = anchor
                _draft_expression(cols, comments, tn, c, month_anchor_expression(period, months, day), why)
            continue
        if cols[c].get("generator") in _RULES:
            continue
        word = re.compile(rf"\b{re.escape(c)}\b")  # a number drafted from this date (its elapsed days) is no operand
        usable = {n: v for n, v in numbers.items() if not word.search(str(cols[n].get("expr", "")))}
        found = find_date_offset(c, dates, usable, list(frame.columns)) if usable and len(dates) > 1 else None
        if found is not None:
            base, days, why = found
            _draft_expression(cols, comments, tn, c, f"{base} + {days}", why)
            continue
        anchor = find_month_anchor(c, {**periods, c: dates[c]}, list(frame.columns))
        if anchor is not None:
            period, months, day, why = anchor
            _draft_expression(cols, comments, tn, c, month_anchor_expression(period, months, day), why)


def _filled(
    t: str,
    tn: str,
    frame: pl.DataFrame,
    fks: dict[str, ForeignKey],
    pk: list[str],
    cols: dict[str, Any],
    comments: dict[tuple[str, ...], str],
) -> None:
    """A number that is another number of its row where present, else a constant (``delay_min`` =
    ``COALESCE(delay_draw, 0)``), drafted as that ``expression`` (see ``_filled``)."""
    from ._filled import find_filled

    nums = [
        c
        for c in frame.columns
        if frame.schema[c].is_numeric()
        and _IDENT.match(c)
        and c not in fks
        and [c] != pk
        and cols[c].get("generator") not in ("sequence", "rank")
    ]
    for c in nums:
        if cols[c].get("generator") in _RULES:
            continue
        before = {a: frame.get_column(a) for a in nums[: nums.index(c)]}
        found = find_filled(frame.get_column(c), before)
        if found is not None:
            _draft_expression(cols, comments, tn, c, *found)


def _products(
    t: str,
    tn: str,
    frames: dict[str, pl.DataFrame],
    fks: dict[str, ForeignKey],
    by_child: dict[str, list[ForeignKey]],
    names: dict[str, str],
    pk: list[str],
    cols: dict[str, Any],
    comments: dict[tuple[str, ...], str],
) -> None:
    """A number that is a product of numbers of its row and its ancestors (``fine`` = ``days_late`` x
    ``members.tiers.fine_per_day``; ``points`` = ``bookings.distance_km`` x ``passengers.tiers.multiplier``, or a
    bonus where there is no booking), a base plus a rate times a quantity (a fare), or a sum of two products (a
    bill) drafted as an ``expression`` (see ``_products``); then the units begun times a rate, or a rate per kind
    (a call's started minutes x its plan's ``per_min``, see ``_rate_products``). A product or a base plus a rate
    reads up to the grandparents, a sum up to four keys away; a table reached by two keys is skipped (the
    expression would not say which), as in ``_copied_from_parent``."""
    from ._products import find_affine, find_factor_by_category, find_product, find_product_sum
    from ._rate_products import find_rate_product

    frame = frames[t]
    own = {
        c: frame.get_column(c)
        for c in frame.columns
        if frame.schema[c].is_numeric()
        and _IDENT.match(c)
        and c not in fks
        and [c] != pk
        and cols[c].get("generator") not in ("sequence", "rank")
    }
    targets = [c for c in own if cols[c].get("generator") not in _RULES]
    if not targets:
        return
    ancestors = _ancestor_numbers(t, frames, fks, by_child, names)
    near = {r: v for r, v in ancestors.items() if r.count(".") <= 2}  # parents' and grandparents' numbers
    categories = {  # the row's and its parents' labels (a region, a tier, a unit class)
        c: frame.get_column(c)
        for c in frame.columns
        if frame.schema[c] == pl.String and _IDENT.match(c) and c not in fks
    } | _ancestor_numbers(t, frames, fks, by_child, names, depth=1, text=True)
    for c in targets:
        before = {a: s for a, s in own.items() if a != c and frame.columns.index(a) < frame.columns.index(c)}
        if not before and not near:
            continue
        values = frame.get_column(c)
        decimals, whole = decimals_of(values), values.dtype.is_integer()
        found = find_product(values, decimals, before, near, whole=whole)
        if found is None and before:  # a base plus a rate times a quantity (a fare: its class's base + per_km x km)
            found = find_affine(values, decimals, before, near, whole=whole)
        if found is None and ancestors and values.drop_nulls().n_unique() > 2:  # a bill: two products
            found = find_product_sum(values, decimals, {**before, **ancestors}, whole=whole)
        labels = {k: v for k, v in categories.items() if "." in k or frame.columns.index(k) < frame.columns.index(c)}
        if found is None:  # a rate no column holds, per category (a tax at its region's rate)
            found = find_factor_by_category(values, decimals, {**before, **near}, labels, whole=whole)
        if found is None:  # started units times a rate, or a rate per kind (a call's started minutes x its plan's)
            found = find_rate_product(values, decimals, before, near, labels, whole=whole)
        if found is not None:
            _draft_expression(cols, comments, tn, c, *found)


def _time_offsets(
    t: str,
    tn: str,
    frames: dict[str, pl.DataFrame],
    profiles: dict[tuple[str, str], ColumnProfile],
    fks: dict[str, ForeignKey],
    by_child: dict[str, list[ForeignKey]],
    names: dict[str, str],
    pk: list[str],
    cols: dict[str, Any],
    comments: dict[tuple[str, ...], str],
) -> None:
    """A date-time that is another date-time of its row or its parent's plus a number of its row or its
    parent's in a unit, and a fixed gap (``sched_arr`` = ``sched_dep`` + ``routes.block_min`` minutes), drafted
    as an ``expression`` (see ``_time_offsets``). Parents through their only key, as ``_products`` reads them."""
    from ._time_offsets import find_time_offset

    frame = frames[t]
    times = {c: v for c, v in _dates_of(t, frame, profiles).items() if _IDENT.match(c) and c not in fks}
    targets = [c for c in times if profiles[(t, c)].kind == "datetime" and cols[c].get("generator") not in _RULES]
    if not targets:
        return

    def number(f: pl.DataFrame, c: str) -> bool:
        return f.schema[c].is_numeric() and _IDENT.match(c) is not None

    nums = {
        c: frame.get_column(c)
        for c in frame.columns
        if number(frame, c) and c not in fks and [c] != pk and cols[c].get("generator") not in ("sequence", "rank")
    }
    their_times: dict[str, pl.Series] = {}
    their_nums: dict[str, pl.Series] = {}
    for fk in _sole_keys(t, fks):
        pn = names[fk.ref_table]
        if not _IDENT.match(pn) or fk.ref_table not in frames:
            continue
        parent = frames[fk.ref_table]
        keys = {k.column for k in by_child.get(fk.ref_table, [])} | {fk.ref_column}
        ptimes = {c: v for c, v in _dates_of(fk.ref_table, parent, profiles).items() if _IDENT.match(c)}
        theirs = ptimes | {c: parent.get_column(c) for c in parent.columns if number(parent, c) and c not in keys}
        if not theirs:
            continue
        aligned = _aligned(frame, fk, parent, theirs)
        for c in theirs:
            if c in ptimes:
                their_times[_stamp(f"{pn}.{c}", profiles[(fk.ref_table, c)].kind)] = aligned.get_column(f"_p_{c}")
            else:
                their_nums[f"{pn}.{c}"] = aligned.get_column(f"_p_{c}")
    for c in targets:
        before = frame.columns[: frame.columns.index(c)]
        word = re.compile(rf"\b{re.escape(c)}\b")  # a number reckoned from this time is no operand of it
        bases = {_stamp(a, profiles[(t, a)].kind): times[a] for a in before if a in times} | their_times
        numbers = {
            a: v for a, v in nums.items() if a in before and not word.search(str(cols[a].get("expr", "")))
        } | their_nums
        found = find_time_offset(times[c], bases, numbers)
        if found is not None:
            _draft_expression(cols, comments, tn, c, *found)


def _stamp(ref: str, kind: str) -> str:
    """A date or date-time read as a date-time in an expression: a date plus hours is a time of its day
    (``CAST(flight_date AS TIMESTAMP) + dep_hour * INTERVAL '1 hour'``; a date plus a duration stays a date)."""
    return ref if kind == "datetime" else f"CAST({ref} AS TIMESTAMP)"


def _check_chars(tn: str, frame: pl.DataFrame, cols: dict[str, Any], comments: dict[tuple[str, ...], str]) -> None:
    """A drafted pattern whose last character is a check character of its digits (a serial's check letter) gets
    the pattern's ``check`` (see ``_check_chars``)."""
    from simulacra.spec.pattern import check_problem

    from ._check_chars import find_check

    for c, spec in cols.items():
        if spec.get("generator") != "pattern" or spec.get("check") is not None or frame.schema[c] != pl.String:
            continue
        found = find_check(frame.get_column(c))
        if found is None or check_problem(str(spec["pattern"]), found[0]) is not None:
            continue
        alphabet, why = found
        spec["check"] = alphabet
        key = ("tables", tn, "columns", c)
        comments[key] = f"{comments[key]}; {why}" if comments.get(key) else why


def _ancestor_numbers(
    t: str,
    frames: dict[str, pl.DataFrame],
    fks: dict[str, ForeignKey],
    by_child: dict[str, list[ForeignKey]],
    names: dict[str, str],
    depth: int = 4,
    *,
    text: bool = False,
) -> dict[str, pl.Series]:
    """The numbers (``text``: the text columns) of the row's parents, their parents, ... up to ``depth`` keys
    away, aligned with the rows of ``t`` and keyed by their SQL reference
    (``readings.meters.customers.tariffs.unit_price``), nearest first; a table reached by two keys of one table
    is not gone through (the reference would not say which)."""
    out: dict[str, pl.Series] = {}
    # (prefix, table, the rows' key values into it, tables on the path)
    level = [
        (names[fk.ref_table], fk, frames[t].get_column(fk.column), {t, fk.ref_table})
        for fk in _sole_keys(t, fks)
        if _IDENT.match(names[fk.ref_table])
    ]
    for _ in range(depth):
        nxt = []
        for prefix, fk, keys, path in level:
            parent = frames[fk.ref_table]
            if parent.height == 0 or parent.get_column(fk.ref_column).n_unique() != parent.height:
                continue
            up = {k.column: k for k in by_child.get(fk.ref_table, []) if k.ref_table in frames}
            sole = [
                k for k in _sole_keys(fk.ref_table, up) if k.ref_table not in path and _IDENT.match(names[k.ref_table])
            ]
            numbers = [
                c
                for c in parent.columns
                if c != fk.ref_column
                and c not in up
                and (parent.schema[c] == pl.String if text else parent.schema[c].is_numeric())
                and _IDENT.match(c)
            ]
            want = list(dict.fromkeys(numbers + [k.column for k in sole]))
            joined = (
                pl.DataFrame({"__k": keys}).join(
                    parent.select(pl.col(fk.ref_column).alias("__k"), *want),
                    on="__k",
                    how="left",
                    maintain_order="left",
                )
                if want
                else None
            )
            if joined is None:
                continue
            for c in numbers:
                out.setdefault(f"{prefix}.{c}", joined.get_column(c))
            for k in sole:
                nxt.append((f"{prefix}.{names[k.ref_table]}", k, joined.get_column(k.column), path | {k.ref_table}))
        level = nxt
    return out


def _keys_that_differ(tn: str, frame: pl.DataFrame, fks: dict[str, ForeignKey]) -> list[tuple[dict[str, Any], str]]:
    """Two keys of the row into one table that never name the same row (a match's home and away teams) as
    the check ``a <> b`` (see ``_keys_differ``)."""
    from ._keys_differ import find_keys_that_differ

    keys = [c for c, fk in fks.items() if fk.ref_table != fk.table and _IDENT.match(c)]
    pairs = [(a, b) for i, a in enumerate(keys) for b in keys[i + 1 :] if fks[a].ref_table == fks[b].ref_table]
    return [({"table": tn, "check": f"{a} <> {b}"}, why) for a, b, why in find_keys_that_differ(frame, pairs)]


def _rounds(
    t: str,
    tn: str,
    frame: pl.DataFrame,
    profiles: dict[tuple[str, str], ColumnProfile],
    context: ForeignKey,
    names: dict[str, str],
    fks: dict[str, ForeignKey],
    pk: list[str],
    cols: dict[str, Any],
    constraints: list[dict[str, Any]],
    comments: dict[tuple[str, ...], str],
) -> None:
    """A date whose rows fall into rounds of the context parent (a matchday over a weekend): the rule
    ``rounds: {by: round column}`` written on the date, and said in its comment and description, for the
    reviewer to keep, repoint or turn off (``_rounds``)."""
    from ._rounds import describe_rounds

    found = describe_rounds(
        frame,
        context.column,
        names[context.ref_table],
        _dates_of(t, frame, profiles),
        set(fks) | set(pk),
        cols,
        constraints,
    )
    for c, (by, why) in found.items():
        cols[c]["rounds"] = {"by": by}
        key = ("tables", tn, "columns", c)
        comments[key] = f"{comments[key]}; {why}" if comments.get(key) else why
        said = cols[c].get("description")
        # whole (a rounds sentence cut short says less than none): past the usual 400 characters if need be
        cols[c]["description"] = _one_line(f"{said}; {why}" if said else why, limit=1000)


def _schedules(
    tn: str, frame: pl.DataFrame, parent: str, fks: dict[str, ForeignKey], pk: list[str]
) -> list[tuple[dict[str, Any], str]]:
    """Two keys into one table whose entity stands in either once per round of the context parent (a team once
    per season and matchday) as ``once: [a, b]`` with ``per`` (see ``_schedule``). Rounds are the row's other
    numbers, dates and codes that are no key and no row id."""
    from ._schedule import find_schedules

    keys = [c for c, fk in fks.items() if fk.ref_table != fk.table and _IDENT.match(c)]
    pairs = [(a, b) for i, a in enumerate(keys) for b in keys[i + 1 :] if fks[a].ref_table == fks[b].ref_table]
    if not pairs:
        return []
    rounds = [
        c
        for c in frame.columns
        if c not in fks
        and c not in pk
        and _IDENT.match(c)
        and (frame.schema[c].is_integer() or frame.schema[c].is_temporal() or frame.schema[c] == pl.String)
        and frame.get_column(c).n_unique() < frame.height
    ]
    return [
        ({"table": tn, "once": [a, b], "per": per}, why)
        for a, b, per, why in find_schedules(frame, parent, pairs, rounds)
    ]


def _following_periods(
    tn: str, frame: pl.DataFrame, parent: str, cols: dict[str, Any]
) -> list[tuple[dict[str, Any], str]]:
    """A parent's periods one after another (a customer's subscriptions) as ``periods: [start, end]`` with
    ``per: [parent]`` (see ``_following_periods``), over the row's drafted date columns. Not from a month written
    as text (``grain: month``): it names a calendar month, a slot a parent holds once (a bill for 2023-04, issued
    on the 1st after), which ``sample`` keeps months apart, not a period laid by its length and gap."""
    from ._following_periods import find_following_periods

    dates = [
        c
        for c in frame.columns
        if c in cols
        and cols[c].get("generator") == "date"
        and "step" not in cols[c]
        and cols[c].get("grain") != "month"
        and frame.schema[c].is_temporal()
    ]
    return [
        ({"table": tn, "periods": [a, b], "per": [parent]}, why)
        for a, b, why in find_following_periods(frame, parent, dates)
    ]


def _pairs_once(
    tn: str, frame: pl.DataFrame, parent: str, fks: dict[str, ForeignKey], found: list[tuple[dict[str, Any], str]]
) -> list[tuple[dict[str, Any], str]]:
    """A pair of the row's keys once per context parent (one match per season and pairing) as
    ``unique: [parent, a, b]`` (see ``_pairs_once``), unless a drafted uniqueness already holds within it. Within
    a drafted schedule of the two keys (``once``), a full round robin too: ``sample`` builds the schedule whole."""
    from ._pairs_once import find_pairs_once

    keys = [c for c, fk in fks.items() if fk.ref_table != fk.table and _IDENT.match(c)]
    held = [set(con["unique"]) for con, _ in found if con.get("unique")]
    scheduled = [set(con["once"]) for con, _ in found if con.get("once")]
    out = []
    for a, b, why in find_pairs_once(frame, parent, keys, full=[(x, y) for x, y in (sorted(s) for s in scheduled)]):
        if not any(u <= {parent, a, b} for u in held):
            out.append(({"table": tn, "unique": [parent, a, b]}, why))
    return out


def _parent_bounds(
    t: str,
    tn: str,
    frame: pl.DataFrame,
    frames: dict[str, pl.DataFrame],
    profiles: dict[tuple[str, str], ColumnProfile],
    fks: dict[str, ForeignKey],
    cols: dict[str, Any],
    found: list[tuple[dict[str, Any], str]],
) -> list[tuple[dict[str, Any], str]]:
    """A learned number of the row bounded by a number of a parent (attendance within the home stadium's
    capacity) as the check ``col <= fk.column`` (see ``_parent_bounds``); not a number a rule makes or one
    held unique."""
    from ._parent_bounds import find_parent_bounds

    held = {c for con, _ in found for c in con.get("unique") or ()}

    def number(table: str, c: str, f: pl.DataFrame, kinds: tuple[str, ...] = ("numeric",)) -> bool:
        prof = profiles.get((table, c))
        return prof is not None and prof.kind in kinds and f.schema[c].is_numeric() and _IDENT.match(c) is not None

    numbers = [
        c
        for c in frame.columns
        if c in cols
        and number(t, c, frame)
        and c not in fks
        and c not in held
        and not cols[c].get("unique")
        and cols[c].get("generator") not in _RULES
    ]
    out: list[tuple[dict[str, Any], str]] = []
    for fk_col, fk in fks.items():
        if fk.ref_table == fk.table or fk.ref_table not in frames or not _IDENT.match(fk_col):
            continue
        parent = frames[fk.ref_table]
        # a parent's few sizes (aircraft of 7 seat counts) are numbers too
        pnums = [
            c
            for c in parent.columns
            if number(fk.ref_table, c, parent, ("numeric", "categorical")) and c != fk.ref_column
        ]
        for c, op, pc, why in find_parent_bounds(frame, numbers, fk_col, parent, fk.ref_column, pnums):
            out.append(({"table": tn, "check": f"{c} {op} {fk_col}.{pc}"}, why))
    return out


def _linear_sums(
    tn: str, frame: pl.DataFrame, fks: dict[str, ForeignKey], pk: list[str], cols: dict[str, Any], comments: dict
) -> None:
    """A number that is a fixed sum of numbers of its row before it (points = 3 x won + drawn) drafted as an
    ``expression`` (see ``_linear``)."""
    from ._linear import find_linear

    own = [
        c
        for c in frame.columns
        if frame.schema[c].is_numeric()
        and _IDENT.match(c)
        and c not in fks
        and [c] != pk
        and cols[c].get("generator") not in ("sequence", "rank")
    ]
    for i, c in enumerate(own):
        if cols[c].get("generator") in _RULES or i == 0:
            continue
        values = frame.get_column(c)
        found = find_linear(values, decimals_of(values), {a: frame.get_column(a) for a in own[:i]})
        if found is not None:
            _draft_expression(cols, comments, tn, c, *found)


def _year_floors(
    t: str,
    tn: str,
    frame: pl.DataFrame,
    profiles: dict[tuple[str, str], ColumnProfile],
    cols: dict[str, Any],
    orders: list[tuple[dict[str, Any], str]],
) -> list[tuple[dict[str, Any], str]]:
    """A least gap of whole years between two learned dates of a row (``joined`` >= ``birth_date`` + 6 years)
    drafted as a check the sample keeps, beside the order of the two unless ``orders`` has it (see
    ``_date_floors``). Dates native or ISO text only (the check casts them, which reads ISO text); verified
    on the source's own rows with the expression the check is written in."""
    from simulacra.spec.refs import expression_for

    from ._date_floors import find_year_floor

    dates = {
        c: s
        for c, s in _dates_of(t, frame, profiles).items()
        if cols[c].get("generator") == "date"
        and _IDENT.match(c)
        and profiles[(t, c)].kind == "date"
        and (frame.schema[c] == pl.Date or profiles[(t, c)].parse_format in (None, "%Y-%m-%d"))
    }
    drafted = {str(con.get("check")) for con, _ in orders}
    out: list[tuple[dict[str, Any], str]] = []
    for a, sa in dates.items():
        for b, sb in dates.items():
            if a == b or cols[b].get("after") == a:
                continue
            found = find_year_floor(sa, sb)
            if found is None:
                continue
            years, why = found
            check = f"CAST({b} AS DATE) >= DATE_ADD(CAST({a} AS DATE), {years}, year)"
            raw = frame.select(a, b)
            held = raw.select(expression_for(check, raw.schema)).to_series()
            if held.null_count() < held.len() and not bool(held.drop_nulls().all()):
                continue  # written as the check reads it, the floor does not hold (a leap day)
            # the order too: fit learns the later date as its distance from the earlier (kept by construction)
            if f"{a} <= {b}" not in drafted:
                out.append(({"table": tn, "check": f"{a} <= {b}"}, f"{a} <= {b}: {why}"))
            out.append(({"table": tn, "check": check}, f"{b}: {why} ({a})"))
    return out


def _draft_expression(
    cols: dict[str, Any], comments: dict[tuple[str, ...], str], tn: str, c: str, expr: str, why: str
) -> None:
    """Column ``c`` drafted as a rule of its row (``expr``), with the evidence as its description and comment."""
    cols[c] = {"generator": "expression", "expr": expr, "description": _one_line(why)}
    comments[("tables", tn, "columns", c)] = why


def _comparisons(
    t: str,
    tn: str,
    frame: pl.DataFrame,
    profiles: dict[tuple[str, str], ColumnProfile],
    cols: dict[str, Any],
    comments: dict[tuple[str, ...], str],
) -> None:
    """A 0/1 or boolean flag that is a comparison of two columns of its row (``sla_breached`` =
    ``response_hours > sla_hours``) drafted as an ``expression`` (see ``_compare``)."""
    from ._compare import find_comparison, find_sign_category

    def usable(c: str) -> bool:
        prof = profiles.get((t, c))
        return prof is not None and _IDENT.match(c) is not None and cols[c].get("generator") != "foreign_key"

    operands: dict[str, pl.Series] = {
        c: frame.get_column(c)
        for c in frame.columns
        if usable(c)
        and frame.schema[c].is_numeric()
        and profiles[(t, c)].kind in ("numeric", "categorical")
        and frame.get_column(c).n_unique() > 2
    }
    operands |= {c: s for c, s in _dates_of(t, frame, profiles).items() if usable(c)}
    if not operands:
        return
    for c in frame.columns:
        prof = profiles.get((t, c))
        if prof is None or prof.kind != "boolean" or cols[c].get("generator") in _RULES or not _IDENT.match(c):
            continue
        if not (frame.schema[c] == pl.Boolean or frame.schema[c].is_integer()):
            continue
        found = find_comparison(frame.get_column(c), {o: s for o, s in operands.items() if o != c})
        if found is None:
            continue
        a, op, b, why = found
        why = f"a comparison of its row: {why}"
        expr = f"{a} {op} {b}" if frame.schema[c] == pl.Boolean else f"CAST({a} {op} {b} AS BIGINT)"
        _draft_expression(cols, comments, tn, c, expr, why)
    numbers = {o: s for o, s in operands.items() if s.dtype.is_numeric()}
    for c in frame.columns:  # a category decided by which of two numbers is larger (a match's H, D or A)
        prof = profiles.get((t, c))
        if prof is None or prof.kind != "categorical" or cols[c].get("generator") in _RULES or not _IDENT.match(c):
            continue
        word = re.compile(rf"(?<![\w.]){re.escape(c)}\b")  # a number priced by this label decides it not (a cycle)
        free = {o: s for o, s in numbers.items() if o != c and not word.search(str(cols[o].get("expr", "")))}
        sign = find_sign_category(frame.get_column(c), free)
        if sign is None:
            continue
        a, b, mapping, why = sign
        below = mapping.get(-1, mapping.get(0))
        cases = " ".join(
            f"WHEN {a} {op} {b} THEN {_sql_literal(mapping[s])}" for s, op in ((1, ">"), (0, "=")) if s in mapping
        )
        expr = f"CASE {cases} ELSE {_sql_literal(below)} END"
        _draft_expression(cols, comments, tn, c, expr, f"decided by the sign of {a} - {b}: {why}")


def _ages(
    t: str,
    tn: str,
    frames: dict[str, pl.DataFrame],
    profiles: dict[tuple[str, str], ColumnProfile],
    fks: dict[str, ForeignKey],
    names: dict[str, str],
    pk: list[str],
    cols: dict[str, Any],
    comments: dict[tuple[str, ...], str],
) -> None:
    """An integer column that is the whole years from a date (a parent's, through a key, or one of its
    row's) to a later date of its row or of another parent (an age at admission; a rider's age at the
    start of the tour an entry is of) drafted as an ``expression`` over the two (see ``_ages``). Only dates
    the draft generates as dates are read (a key of dates or a text date in a form of its own is not); a
    parent reached by two keys is skipped (the expression would not say which), as in
    ``_copied_from_parent``; two dates of one parent are its own row's rule, not this row's."""
    from ._ages import find_age

    frame = frames[t]
    own = {c: s for c, s in _dates_of(t, frame, profiles).items() if cols[c].get("generator") in ("date", "datetime")}
    starts: dict[str, pl.Series] = dict(own)  # name as the expression reads it -> dates aligned to the rows
    for fk in _sole_keys(t, fks):
        theirs = _dates_of(fk.ref_table, frames[fk.ref_table], profiles)
        theirs = {p: v for p, v in theirs.items() if p != fk.ref_column}
        if not theirs:
            continue
        aligned = _aligned(frame, fk, frames[fk.ref_table], theirs)
        for p in theirs:
            starts[f"{names[fk.ref_table]}.{p}"] = aligned.get_column(f"_p_{p}")
    ons = {**own, **{n: v for n, v in starts.items() if n not in own}}  # own dates first, then the parents'
    if len(starts) < 2 or not ons:
        return
    for c in frame.columns:
        if c in fks or c in pk or cols[c].get("generator") not in _LEARNED_GENERATORS:
            continue
        values = frame.get_column(c)
        if not values.dtype.is_integer():
            continue
        for born, b in starts.items():
            found = None
            for on, e in ons.items():
                if on == born or ("." in on and on.split(".")[0] == born.split(".")[0]):
                    continue  # one date twice, or one parent's two dates
                parts = [*born.split("."), *([on] if on in own else on.split("."))]
                if not all(_IDENT.match(x) for x in parts):
                    continue
                found = find_age(values, pl.DataFrame([b.alias(born), e.alias(on)]), born, on)
                if found is not None:
                    break
            if found is None:
                continue
            why = (
                f"{c} is the whole years from {born} to {on} ({found.reading}) in {found.share:.1%} of "
                f"{found.rows:,} rows holding both: an age"
            )
            cols[c] = {"generator": "expression", "expr": found.expr, "description": _one_line(why)}
            comments[("tables", tn, "columns", c)] = why
            break


def _sole_keys(t: str, fks: dict[str, ForeignKey]) -> list[ForeignKey]:
    """The table's keys to other tables it has one key to, in column order: the ones through which
    ``parent.column`` in an expression says which parent row it reads (two keys to one table would not)."""
    per_parent = Counter(fk.ref_table for fk in fks.values())
    return [fk for fk in fks.values() if per_parent[fk.ref_table] == 1 and fk.ref_table != t]


def _copied_from_parent(
    t: str,
    tn: str,
    frames: dict[str, pl.DataFrame],
    fks: dict[str, ForeignKey],
    names: dict[str, str],
    pk: list[str],
    cols: dict[str, Any],
    comments: dict[tuple[str, ...], str],
    by_child: dict[str, list[ForeignKey]] | None = None,
) -> None:
    """A column that repeats a column of its parent (or of its parent's parent) in every row (an employee's department name beside
    its department key) drafted as an ``expression`` reading the parent's: drawn on its own, 51% of
    learned employees were in one department and named after another. Kept when every row with a
    parent holds its parent's value (nulls with nulls), at least 30 rows hold one, and the column has
    two or more values; the first key (in column order) that explains it wins. A key to a table with
    two keys to it is skipped (the expression would not say which)."""
    sole = _sole_keys(t, fks)
    for c in frames[t].columns:
        if c in fks or c in pk or cols[c].get("generator") in (None, "constant", "foreign_key", "sequence"):
            continue
        child = frames[t].get_column(c)
        if child.drop_nulls().n_unique() < 2:
            continue
        for fk in sole:
            parent = frames[fk.ref_table]
            both = (
                frames[t]
                .select(pl.col(fk.column).alias("_k"), pl.col(c).alias("_v"))
                .join(
                    parent.select(pl.col(fk.ref_column).alias("_k"), pl.all().exclude(fk.ref_column)),
                    on="_k",
                    how="inner",
                )
            )
            if both.height < _COPY_MIN_ROWS or both.get_column("_v").null_count() == both.height:
                continue
            same = next(
                (
                    p
                    for p in parent.columns
                    if p != fk.ref_column
                    and p in both.columns
                    and both.schema[p] == both.schema["_v"]
                    and bool(both.select(pl.col("_v").eq_missing(pl.col(p)).all()).item())
                ),
                None,
            )
            expr = f"{names[fk.ref_table]}.{same}"
            if same is None:
                found = _copied_from_grandparent(both, fk.ref_table, frames, by_child or {}, names)
                if found is None:
                    continue
                expr, same = found
            why = (
                f"the {expr} of the row's {fk.column} in all {both.height:,} rows "
                "with a parent: a copy of the parent's value"
            )
            cols[c] = {"generator": "expression", "expr": expr, "description": _one_line(why)}
            comments[("tables", tn, "columns", c)] = why
            break


def _composed_text(
    t: str,
    tn: str,
    frames: dict[str, pl.DataFrame],
    fks: dict[str, ForeignKey],
    names: dict[str, str],
    pk: list[str],
    cols: dict[str, Any],
    comments: dict[tuple[str, ...], str],
) -> None:
    """A code written from other columns of its row or its parent's (a class ``MAT-9-12``: its subject's code,
    its year group, its id) drafted as an ``expression`` writing it (see ``_composed``). A parent is read
    through a key only when the table has one key to it (the expression names the parent table)."""
    from ._composed import find_composed

    frame = frames[t]
    texts = [
        c
        for c in frame.columns
        if frame.schema[c] == pl.String and c not in fks and [c] != pk and cols[c].get("generator") not in _RULES
    ]
    if not texts or frame.height == 0:
        return
    cands: dict[str, pl.Series] = {c: frame.get_column(c) for c in frame.columns if _IDENT.match(c)}
    for fk in _sole_keys(t, fks):
        if not _IDENT.match(names[fk.ref_table]):
            continue
        parent = frames[fk.ref_table]
        theirs = {p: parent.get_column(p) for p in parent.columns if p != fk.ref_column and _IDENT.match(p)}
        aligned = _aligned(frame, fk, parent, theirs)
        cands.update({f"{names[fk.ref_table]}.{p}": aligned.get_column(f"_p_{p}").alias(p) for p in theirs})
    for c in texts:
        others = {r: v for r, v in cands.items() if r != c}
        if (
            frame.height > 4000
            and find_composed(  # a first look at a few rows: most columns fail there
                frame.get_column(c).head(2000), {r: v.head(2000) for r, v in others.items()}
            )
            is None
        ):
            continue
        found = find_composed(frame.get_column(c), others)
        if found is None:
            continue
        expr, why = found
        cols[c] = {"generator": "expression", "expr": expr, "description": _one_line(why)}
        comments[("tables", tn, "columns", c)] = why


def _date_codes(
    t: str,
    tn: str,
    frame: pl.DataFrame,
    profiles: dict[tuple[str, str], ColumnProfile],
    cols: dict[str, Any],
    comments: dict[tuple[str, ...], str],
) -> None:
    """A code one run of which is its row's date's year (or month, ``%Y%m``...): ``CA-2021-100000`` drafted as a
    ``case`` on that date part with a pattern per value (see ``_date_codes``); the column's own pattern stays the
    ``else``. Only a column still drafted as a pattern (a composed code or a copy keeps its expression)."""
    from ._date_codes import find_date_code

    drafted = [c for c in frame.columns if cols[c].get("generator") == "pattern" and frame.schema[c] == pl.String]
    if not drafted:
        return
    dates = _dates_of(t, frame, profiles)
    for c in drafted:
        found = find_date_code(frame.get_column(c), {d: v for d, v in dates.items() if d != c}, _pattern)
        if found is None:
            continue
        spec, why = found
        own = cols[c]
        spec["else"] = {"generator": "pattern", "pattern": own["pattern"]}
        if own.get("unique"):
            spec["unique"] = True
        cols[c] = {**spec, "description": _one_line(why)}
        comments[("tables", tn, "columns", c)] = why


def _copied_from_grandparent(
    both: pl.DataFrame,
    parent: str,
    frames: dict[str, pl.DataFrame],
    by_child: dict[str, list[ForeignKey]],
    names: dict[str, str],
) -> tuple[str, str] | None:
    """``(expression, column)`` when the value ``_v`` of ``both`` (a row's value beside its parent's columns)
    is, in every row, a column of the parent's own parent (a loan's ``loan_days`` is its member's tier's:
    ``members.tiers.loan_days``; drawn on its own, 24% of learned loans had their tier's period). Only a
    grandparent the parent has one key to, and a column of two or more values there."""
    keys = [k for k in by_child.get(parent, []) if k.ref_table != parent and k.ref_table in frames]
    for k in keys:
        if sum(o.ref_table == k.ref_table for o in keys) > 1 or k.column not in both.columns:
            continue
        grand = frames[k.ref_table]
        up = both.select(pl.col(k.column).alias("_g"), "_v").join(
            grand.select(pl.col(k.ref_column).alias("_g"), pl.all().exclude(k.ref_column)), on="_g", how="inner"
        )
        if up.height < both.height or up.height < _COPY_MIN_ROWS:
            continue
        for g in grand.columns:
            if g == k.ref_column or g not in up.columns or up.schema[g] != up.schema["_v"]:
                continue
            if grand.get_column(g).n_unique() < 2:
                continue
            if bool(up.select(pl.col("_v").eq_missing(pl.col(g)).all()).item()):
                return f"{names[parent]}.{names[k.ref_table]}.{g}", g
    return None


def _keys_through_parent(
    t: str,
    tn: str,
    frames: dict[str, pl.DataFrame],
    fks: dict[str, ForeignKey],
    by_child: dict[str, list[ForeignKey]],
    context: ForeignKey | None,
    cols: dict[str, Any],
    comments: dict[tuple[str, ...], str],
) -> None:
    """A foreign key that equals, in every row, its parent's foreign key into the same table (an employee's
    office is their department's: ``employees.office_id = departments.office_id`` through ``department_id``)
    drafted with ``match`` so the reference is the parent's, not drawn on its own (a learned employee was in
    their department's office in 18% of rows). Written on the key that is not the context (``rows.per``) key:
    ``match: {office_id: department_id.office_id}``; when the context key is the one repeated, the other key
    matches it instead (``match: {office_id: office_id}``: the department is one of the row's office).
    Kept when every row with both keys agrees (nulls with nulls), at least 30 rows hold a value, and the key
    has two or more values; the first parent key (in column order) that explains it wins."""
    frame = frames[t]
    for c, fk in fks.items():
        if fk.ref_table == t or cols[c].get("generator") != "foreign_key" or cols[c].get("match"):
            continue
        if frame.get_column(c).drop_nulls().n_unique() < 2:
            continue
        pairs: list[tuple[str, ForeignKey, list[ForeignKey], pl.DataFrame]] = []
        for f, via in fks.items():
            if f == c or via.ref_table in (t, fk.ref_table) or cols[f].get("match"):
                continue
            if context is not None and f == context.column and c == context.column:
                continue
            theirs = [
                k
                for k in by_child.get(via.ref_table, [])
                if k.ref_table == fk.ref_table and k.ref_column == fk.ref_column and k.column != via.ref_column
            ]
            parent = frames[via.ref_table]
            for k in theirs:
                if k.column not in parent.columns:
                    continue
                both = frame.select(pl.col(f).alias("_k"), pl.col(c).alias("_v")).join(
                    parent.select(pl.col(via.ref_column).alias("_k"), pl.col(k.column).alias("_p")),
                    on="_k",
                    how="inner",
                )
                held = both.height - both.get_column("_v").null_count()
                if held < _COPY_MIN_ROWS or both.schema["_v"] != both.schema["_p"]:
                    continue
                # rows where the key is empty agree too (an agent's message names the ticket's agent, a
                # customer's names none): their nulls are the key's own, drawn as its learned nulls
                if not bool(both.select((pl.col("_v").is_null() | pl.col("_v").eq_missing(pl.col("_p"))).all()).item()):
                    continue
                nulls = both.get_column("_v").null_count() - both.get_column("_p").null_count()
                why = (
                    f"{c} is the {via.ref_table}.{k.column} of the row's {f} in all {both.height:,} rows with a "
                    f"{via.ref_table}"
                    + (f" (but {nulls:,} rows where {c} is empty)" if nulls > 0 else "")
                    + ": the parent's reference, kept"
                )
                if context is not None and c == context.column:  # the other key agrees with this one
                    where, match = f, {k.column: c}
                else:
                    where, match = c, {fk.ref_column: f"{f}.{k.column}"}
                old = {n: v for n, v in cols[where].items() if n != "description"}
                cols[where] = {**old, "match": match, "description": _one_line(why)}
                comments[("tables", tn, "columns", where)] = why
                break
            else:
                if context is None or c != context.column:  # one of two, once no key agrees on every row
                    pairs.append((f, via, theirs, parent))
                continue
            break
        else:
            for f, via, theirs, parent in pairs:
                _one_of_two_keys(t, frames, context, c, fk, f, via, theirs, frame, parent, tn, cols, comments)
                if cols[c].get("match"):
                    break


def _tally_rules(
    frames: dict[str, pl.DataFrame],
    keys: list[ForeignKey],
    primary_keys: dict[str, list[str]],
    names: dict[str, str],
    tables: dict[str, Any],
    constraints: list[dict[str, Any]],
    comments: dict[tuple[str, ...], str],
) -> None:
    """A summary table's integer column that counts (or sums) a detail table's rows reached through either of
    its keys into one table, within a shared context, each key with a condition of its own (standings' won: the
    season's matches won at home or away), drafted as a ``tally`` rule (``_tallies``). The summary's key is a
    key of it into that table, or its own primary key when it is that table (a player's wins as white or black);
    the context, its keys into the tables the detail's keys point at too (the season), or columns of one name."""
    from ._tallies import find_tallies

    fk_of: dict[str, dict[str, ForeignKey]] = {}
    for fk in keys:
        fk_of.setdefault(fk.table, {})[fk.column] = fk
    for d, detail in frames.items():
        dfks = fk_of.get(d, {})
        dn = names.get(d)
        if dn not in tables or detail.height == 0:
            continue
        by_target: dict[str, list[str]] = {}
        for c, fk in dfks.items():
            if fk.ref_table != d and _IDENT.match(c):
                by_target.setdefault(fk.ref_table, []).append(c)
        dpk = set(primary_keys.get(d) or [])
        dcols = tables[dn]["columns"]
        numbers = [
            c
            for c in detail.columns
            if c not in dfks and c not in dpk and _IDENT.match(c) and detail.schema[c].is_numeric()
            and isinstance(dcols.get(c), dict) and dcols[c].get("generator") not in ("sequence", "uuid")
        ]  # fmt: skip
        codes = [
            c
            for c in detail.columns
            if c not in dfks and c not in dpk and _IDENT.match(c) and detail.schema[c] == pl.String
        ]
        for target, sides in by_target.items():
            for s, summary in frames.items():
                sn = names.get(s)
                if s == d or sn not in tables or summary.height == 0:
                    continue
                sfks = fk_of.get(s, {})
                spk = list(primary_keys.get(s) or [])
                own = [c for c, fk in sfks.items() if fk.ref_table == target]
                if s == target and len(spk) == 1:
                    own.append(spk[0])
                if len(own) != 1:
                    continue
                key = own[0]
                context = [
                    (c, dc)
                    for c, fk in sfks.items()
                    if c != key
                    for dc, dfk in dfks.items()
                    if dfk.ref_table == fk.ref_table and dfk.ref_table != target and dc not in sides
                ]
                context += [
                    (c, c)
                    for c in summary.columns
                    if c != key and c not in sfks and c not in spk and c in detail.columns and c not in dfks
                    and c not in dpk and summary.schema[c] == detail.schema[c] and not summary.schema[c].is_float()
                ]  # fmt: skip
                # one detail column per summary column and back (a team against a home and an away key: neither)
                once_s = [c for c, _ in context]
                once_d = [dc for _, dc in context]
                context = [(c, dc) for c, dc in context if once_s.count(c) == 1 and once_d.count(dc) == 1]
                scols = tables[sn]["columns"]
                taken = {str(con.get("tally")) for con in constraints if con.get("table") == sn and con.get("tally")}
                columns = [
                    c
                    for c in summary.columns
                    if c != key and c not in sfks and c not in spk and c not in taken and c not in dict(context)
                    and summary.schema[c].is_integer() and isinstance(scols.get(c), dict)
                    and scols[c].get("generator") not in ("aggregate", "sequence", "rank")
                ]  # fmt: skip
                if not columns:
                    continue
                tried = [context, []] if context else [[]]
                for ctx in tried:
                    found = find_tallies(summary, detail, key, sides, ctx, columns, numbers, codes)
                    for tally in found:
                        comments[("constraints", str(len(constraints)))] = tally.why
                        constraints.append({"table": sn, "tally": tally.column, "of": dn, "sides": tally.sides})
                        columns.remove(tally.column)
                    if not columns:
                        break


def _period_total_rules(
    frames: dict[str, pl.DataFrame],
    keys: list[ForeignKey],
    primary_keys: dict[str, list[str]],
    names: dict[str, str],
    tables: dict[str, Any],
    constraints: list[dict[str, Any]],
    comments: dict[tuple[str, ...], str],
) -> None:
    """A statement's number that is the sum of a sibling table's amounts in its month, plus nothing or a number
    of their parent's row (a bill: its subscription's fee + that month's call costs), drafted as a ``tally`` rule
    (``_period_totals``): two child tables of one parent, each with one key into it."""
    from ._period_totals import Lookup, find_period_totals

    children: dict[str, list[tuple[str, str, str]]] = {}  # parent -> (child, its key column, the parent's column)
    fk_cols: dict[str, set[str]] = {}
    for fk in keys:
        fk_cols.setdefault(fk.table, set()).add(fk.column)
        if fk.ref_table != fk.table and _IDENT.match(fk.column):
            children.setdefault(fk.ref_table, []).append((fk.table, fk.column, fk.ref_column))
    for p, kids in children.items():
        pn = names.get(p)
        if pn not in tables or p not in frames:
            continue
        parent = frames[p]
        ppk = set(primary_keys.get(p) or [])
        pcols = tables[pn]["columns"]
        pnums = [
            c
            for c in parent.columns
            if c not in ppk and c not in fk_cols.get(p, set()) and _IDENT.match(c) and parent.schema[c].is_numeric()
            and isinstance(pcols.get(c), dict) and pcols[c].get("generator") not in ("sequence", "uuid")
        ]  # fmt: skip
        lookups: list[Lookup] = []  # the tables the parent refers to, for a fixed number kept there (a plan's fee)
        for fk in keys:
            ln = names.get(fk.ref_table)
            if fk.table != p or fk.ref_table == p or fk.ref_table not in frames or ln not in tables:
                continue
            lookup, lcols = frames[fk.ref_table], tables[ln]["columns"]
            lpk, lfk = set(primary_keys.get(fk.ref_table) or []), fk_cols.get(fk.ref_table, set())
            lnums = [
                c
                for c in lookup.columns
                if c not in lpk and c not in lfk and _IDENT.match(c) and lookup.schema[c].is_numeric()
                and isinstance(lcols.get(c), dict) and lcols[c].get("generator") not in ("sequence", "uuid")
            ]  # fmt: skip
            if lnums and _IDENT.match(fk.column):
                lookups.append((ln, lookup, fk.column, fk.ref_column, lnums))
        once = [t for t, _, _ in kids]
        for s, skey, pkey in kids:
            for d, dkey, dpkey in kids:
                sn, dn = names.get(s), names.get(d)
                if s == d or once.count(s) != 1 or once.count(d) != 1 or pkey != dpkey:
                    continue
                if sn not in tables or dn not in tables or frames[s].height == 0 or frames[d].height == 0:
                    continue
                statement, detail = frames[s], frames[d]
                scols, dcols = tables[sn]["columns"], tables[dn]["columns"]
                spk, dpk = set(primary_keys.get(s) or []), set(primary_keys.get(d) or [])
                taken = {str(con.get("tally")) for con in constraints if con.get("table") == sn and con.get("tally")}
                columns = [
                    c
                    for c in statement.columns
                    if c not in spk and c not in fk_cols.get(s, set()) and c not in taken and _IDENT.match(c)
                    and statement.schema[c].is_numeric() and isinstance(scols.get(c), dict)
                    and scols[c].get("generator") not in ("aggregate", "sequence", "rank", "uuid")
                ]  # fmt: skip
                amounts = [
                    c
                    for c in detail.columns
                    if c not in dpk and c not in fk_cols.get(d, set()) and _IDENT.match(c)
                    and detail.schema[c].is_numeric() and isinstance(dcols.get(c), dict)
                    and dcols[c].get("generator") not in ("sequence", "uuid")
                ]  # fmt: skip
                if not columns or not amounts:
                    continue
                decimals = {c: decimals_of(statement.get_column(c).cast(pl.Float64)) for c in columns}
                found = find_period_totals(
                    statement, detail, skey, dkey, columns, amounts, (pn, parent, pkey, pnums), decimals, lookups
                )
                for total in found:
                    comments[("constraints", str(len(constraints)))] = total.why
                    constraints.append({"table": sn, "tally": total.column, "of": dn, "sides": total.sides})


def _child_counts(
    frames: dict[str, pl.DataFrame],
    contexts: dict[str, ForeignKey | None],
    names: dict[str, str],
    tables: dict[str, Any],
    comments: dict[tuple[str, ...], str],
) -> None:
    """A parent's number of children equal to one of its numbers or the sum of two (a match's goals: its home
    goals + away goals), drafted as ``rows.equals`` (``_child_counts``); not from a parent column drafted as
    an aggregate of the children (made from them, after them)."""
    from simulacra.inspection._child_counts import find_child_count

    for t, context in contexts.items():
        table = tables.get(names[t])
        if context is None or table is None or not isinstance(table.get("rows"), dict):
            continue
        ptable = tables.get(names[context.ref_table])
        if ptable is None or "per" not in table["rows"] or "process" in table["rows"]:
            continue
        pcols = ptable.get("columns", {})
        skip = {c for c, spec in pcols.items() if not isinstance(spec, dict) or spec.get("generator") == "aggregate"}
        found = find_child_count(frames[t], context.column, frames[context.ref_table], context.ref_column, skip)
        if found is None:
            continue
        expr, why = found
        table["rows"] = {**table["rows"], "equals": expr}
        key = ("tables", names[t], "rows")
        comments[key] = f"{comments[key]}; {why}" if key in comments else why


def _numbers_spec(col: dict[str, Any]) -> bool:
    """Whether a drafted column holds numbers 'bins' can cut, as the spec's check reads it (a Berka date kept as
    a yymmdd number in the source is drafted a date: no bins on it)."""
    try:
        return numbers_column(TypeAdapter(ColumnSpec).validate_python(col))
    except ValidationError:
        return False


def _children_by_bins(
    frames: dict[str, pl.DataFrame],
    contexts: dict[str, ForeignKey | None],
    names: dict[str, str],
    tables: dict[str, Any],
    comments: dict[tuple[str, ...], str],
    primary_keys: dict[str, list[str]],
) -> None:
    """A parent's number that decides its number of children (more orders the higher a customer's income),
    drafted as ``rows: {by, bins, count, counts}``: the number cut at its quantiles, a count distribution per
    interval (``find_count_bins``: a G-test, p < 1e-9 and Cramér's V >= 0.2, at least 40 parents per
    interval). Where a category is drafted as ``by`` already, the number replaces it only where it is the
    stronger. Not from a key, an aggregate of the children or another rule's column, and not where the count is
    drafted otherwise (``equals``, ``months``, a process)."""
    for t, context in contexts.items():
        table = tables.get(names[t])
        if context is None or table is None or not isinstance(table.get("rows"), dict):
            continue
        rows = table["rows"]
        if "per" not in rows or any(k in rows for k in ("process", "equals", "months", "total")):
            continue
        ptable = tables.get(names[context.ref_table])
        parent = frames[context.ref_table]
        if ptable is None or parent.height < 2 * _BY_MIN_PARENTS:
            continue
        pcols = ptable.get("columns", {})
        keys = set(primary_keys.get(context.ref_table) or []) | {context.ref_column}
        candidates = [
            c
            for c in parent.columns
            if c not in keys
            and parent.schema[c].is_numeric()
            and isinstance(pcols.get(c), dict)
            and pcols[c].get("generator") not in _RULES
            and _numbers_spec(pcols[c])
        ]
        if not candidates:
            continue
        counts = _counts_of(frames[t], context.column, parent, context.ref_column)
        found = find_count_bins(counts, parent, candidates)
        if found is None:
            continue
        by, bins, strength, why = found
        if "by" in rows:  # a category drafted already: kept unless the number decides more
            held = count_dependence(counts, parent.get_column(rows["by"]).cast(pl.String))
            if held is not None and held[1] >= strength:
                continue
        values = by_keys(RowsPerParent.model_validate({"per": "_", "by": by, "bins": bins, "count": _ZERO}), parent[by])
        overall, _ = _count_distribution(counts.to_numpy(), low=0, observed_max=True)
        per: dict[str, Any] = {}
        hows: list[str] = []
        for label in bin_labels(bins):
            mask = values == label
            if int(mask.sum()) < max(_BY_MIN_PARENTS, MIN_COUNT):
                continue  # too few parents for a distribution of their own: they take 'count'
            dist, how = _count_distribution(counts.to_numpy()[mask], low=0, observed_max=True)
            per[label] = dist
            hows.append(f"{label}: {how}")
        if not per:
            continue
        drafted = {"per": rows["per"], **({"via": rows["via"]} if "via" in rows else {})}
        table["rows"] = {**drafted, "by": by, "bins": bins, "count": overall, "counts": per}
        key = ("tables", names[t], "rows")
        head = comments.get(key, "").split(";")[0] or f"{frames[t].height:,} rows in the source"
        comments[key] = f"{head}; {why}; children per parent by {by}'s interval: " + "; ".join(hows)


_ZERO = {"distribution": "fixed", "value": 0}


def _parent_months(
    frames: dict[str, pl.DataFrame],
    contexts: dict[str, ForeignKey | None],
    names: dict[str, str],
    tables: dict[str, Any],
    comments: dict[tuple[str, ...], str],
    profiles: dict[tuple[str, str], ColumnProfile],
) -> None:
    """One child per month of its parent's period (a subscription's monthly bills), drafted as ``rows.months``
    (``_parent_months``); not where the count is drafted otherwise (``equals``, a process)."""
    from simulacra.inspection._parent_months import find_parent_months

    for t, context in contexts.items():
        table = tables.get(names[t])
        if context is None or table is None or not isinstance(table.get("rows"), dict):
            continue
        rows = table["rows"]
        if "per" not in rows or "process" in rows or "equals" in rows or "total" in rows:
            continue
        cols = table.get("columns", {})
        mine = {
            c: v
            for c, v in _dates_of(t, frames[t], profiles).items()
            if isinstance(cols.get(c), dict) and cols[c].get("generator") == "date"
        }
        parent = frames[context.ref_table]
        found = find_parent_months(
            frames[t].get_column(context.column),
            mine,
            parent.get_column(context.ref_column),
            _dates_of(context.ref_table, parent, profiles),
        )
        if found is None:
            continue
        c, start, end, until, why = found
        table["rows"] = {
            **rows,
            "months": {"column": c, "start": start, **({"end": end} if end else {}), "until": until},
        }
        key = ("tables", names[t], "rows")
        comments[key] = f"{comments[key]}; {why}" if key in comments else why


def _agreeing_count(
    t: str, frames: dict[str, pl.DataFrame], context: ForeignKey | None, agree: pl.Series | None
) -> tuple[str, str] | None:
    """(column, why): the context parent's number column that counts its rows agreeing first (a match's
    ``home_goals`` of its goals scored by the home team), drafted as ``match_count``; None when none does."""
    from simulacra.inspection._child_counts import find_agreeing_count

    if context is None or agree is None or context.ref_table not in frames:
        return None
    return find_agreeing_count(frames[t], context.column, frames[context.ref_table], context.ref_column, agree, set())


def _one_of_two_keys(
    t: str,
    frames: dict[str, pl.DataFrame],
    context: ForeignKey | None,
    c: str,
    fk: ForeignKey,
    f: str,
    via: ForeignKey,
    theirs: list[ForeignKey],
    frame: pl.DataFrame,
    parent: pl.DataFrame,
    tn: str,
    cols: dict[str, Any],
    comments: dict[tuple[str, ...], str],
) -> None:
    """A key equal to one of its parent's two keys into the same table on every row, neither alone (a
    message's sender is one of its thread's two participants), drafted as the one agreeing more with its
    share and the other for the rest: ``match: {user_id: thread_id.user_a}``, ``match_share: 0.52``,
    ``match_else: {user_id: thread_id.user_b}`` (``_shared_keys.one_of_two`` judges it)."""
    from simulacra.inspection._shared_keys import one_of_two

    keyed = frame.select(pl.col(f).alias("_k"))
    options = []
    for k in theirs:
        if k.column not in parent.columns:
            continue
        side = parent.select(pl.col(via.ref_column).alias("_k"), pl.col(k.column).alias("_p")).unique(
            "_k", keep="first"
        )
        if keyed.schema["_k"] != side.schema["_k"]:
            side = side.with_columns(pl.col("_k").cast(keyed.schema["_k"], strict=False))
        options.append(
            (f"{f}.{k.column}", keyed.join(side, on="_k", how="left", maintain_order="left").get_column("_p"))
        )
    got = one_of_two(frame.get_column(c), options)
    if got is None:
        return
    first, second, share, why = got
    why = f"{c} is the {first} or the {second} of the row {why}: each kept (match_share, match_else)"
    agree = (frame.get_column(c) == dict(options)[first]).fill_null(False)
    counted = _agreeing_count(t, frames, context, agree)
    how: dict[str, Any] = {"match_share": round(share, 4)}
    if counted is not None:  # the parent says how many (a thread's messages of its opener), not a share
        how = {"match_count": counted[0]}
        why = f"{why}; {counted[1]}"
    old = {n: v for n, v in cols[c].items() if n not in ("description", "match_share", "match_else", "match_count")}
    cols[c] = {
        **old,
        "match": {fk.ref_column: first},
        **how,
        "match_else": {fk.ref_column: second},
        "description": _one_line(why),
    }
    comments[("tables", tn, "columns", c)] = why


def _self_within(
    t: str,
    tn: str,
    frame: pl.DataFrame,
    fks: dict[str, ForeignKey],
    pk: list[str],
    cols: dict[str, Any],
    comments: dict[tuple[str, ...], str],
) -> None:
    """A self-reference whose row holds the same value of another column as its own, in every row holding one
    (a manager in the employee's department), drafted ``within: <column>`` (issue 13, the HR example: learned,
    26% of employees' managers were in their department). Kept when at least 30 rows refer, the column has
    two or more values there, and agreement by chance (each row: the sum of the values' squared shares) would
    have a chance under 1e-6; of several columns, the one with most values (the department, not the office it
    is in)."""
    for c, fk in fks.items():
        if fk.ref_table != t or cols[c].get("generator") != "foreign_key" or cols[c].get("within"):
            continue
        if fk.ref_column not in frame.columns:
            continue
        best: tuple[int, str, int] | None = None
        for w in frame.columns:
            if w in (c, fk.ref_column) or w in pk or not _IDENT.match(w):
                continue
            if cols[w].get("generator") not in ("foreign_key", "categorical", "lookup"):
                continue
            both = frame.select(pl.col(c).alias("_k"), pl.col(w).alias("_v")).join(
                frame.select(pl.col(fk.ref_column).alias("_k"), pl.col(w).alias("_p")), on="_k", how="inner"
            )
            if both.height < _COPY_MIN_ROWS or both.schema["_v"] != both.schema["_p"]:
                continue
            if not bool(both.select(pl.col("_v").eq_missing(pl.col("_p")).all()).item()):
                continue
            shares = frame.get_column(w).drop_nulls().value_counts(normalize=True).get_column("proportion")
            chance = float((shares**2).sum())
            distinct = both.get_column("_v").n_unique()
            if distinct < 2 or chance <= 0 or both.height * math.log(chance) > math.log(1e-6):
                continue
            if best is None or distinct > best[0]:
                best = (distinct, w, both.height)
        if best is None:
            continue
        _, w, rows = best
        why = f"{c} refers to a row of the same {w} in all {rows:,} rows that refer: kept within it"
        cols[c] = {
            **{k: v for k, v in cols[c].items() if k != "description"},
            "within": w,
            "description": _one_line(why),
        }
        comments[("tables", tn, "columns", c)] = why


def _shared_keys(
    t: str,
    tn: str,
    frames: dict[str, pl.DataFrame],
    fks: dict[str, ForeignKey],
    by_child: dict[str, list[ForeignKey]],
    context: ForeignKey | None,
    cols: dict[str, Any],
    comments: dict[tuple[str, ...], str],
) -> None:
    """Two keys whose parents share a key (an enrolment's course of its student's school), written as
    ``match`` on the key that is not the context: ``match: {school_id: student_id.school_id}``."""
    keys = {c: fk for c, fk in fks.items() if cols[c].get("generator") == "foreign_key"}
    skip = {c for c in keys if cols[c].get("match")}
    for found in find_shared_keys(t, frames, keys, by_child, context.column if context else None, skip):
        drop = ("description", "match_share", "match_else", "match_count")
        old = {n: v for n, v in cols[found.column].items() if n not in drop}
        share: dict[str, Any] = {} if found.share is None else {"match_share": round(found.share, 4)}
        if found.otherwise is not None:
            share["match_else"] = {found.parent_column: found.otherwise}
            counted = _agreeing_count(t, frames, context, found.agree)
            if counted is not None:  # the parent says how many (a match's home goals), not a share
                share.pop("match_share", None)
                share["match_count"] = counted[0]
                found = dataclasses.replace(found, why=f"{found.why}; {counted[1]}")
        cols[found.column] = {
            **old,
            "match": {found.parent_column: found.through},
            **share,
            "description": _one_line(found.why),
        }
        comments[("tables", tn, "columns", found.column)] = found.why


def _key_kinds(
    t: str,
    tn: str,
    frames: dict[str, pl.DataFrame],
    fks: dict[str, ForeignKey],
    profiles: dict[tuple[str, str], ColumnProfile],
    context: ForeignKey | None,
    cols: dict[str, Any],
    comments: dict[tuple[str, ...], str],
) -> None:
    """A key that names only parent rows of one kind (a procedure's surgeon: a staff member with role surgeon),
    written as ``where: role = 'surgeon'`` (``_key_where``). Not the context key (its parents are the rows'
    own) nor a self-reference."""
    from ._key_where import find_key_kind

    for c, fk in fks.items():
        spec = cols.get(c) or {}
        if spec.get("generator") != "foreign_key" or spec.get("where") or fk.ref_table == t:
            continue
        if context is not None and c == context.column:
            continue
        parent = frames[fk.ref_table]
        cands = [
            p
            for p in parent.columns
            if (prof := profiles.get((fk.ref_table, p))) is not None and prof.kind == "categorical"
        ]
        found = find_key_kind(frames[t], c, parent, fk.ref_column, cands)
        if found is None:
            continue
        why = f"{found.where}: {found.why}"
        old = comments.get(("tables", tn, "columns", c))
        note = f"{old}; {why}" if old else why
        cols[c] = {
            **{k: v for k, v in spec.items() if k != "description"},
            "where": found.where,
            "description": _one_line(note),
        }
        comments[("tables", tn, "columns", c)] = note


def _within_parent(
    t: str,
    tn: str,
    frame: pl.DataFrame,
    context: ForeignKey,
    fks: dict[str, ForeignKey],
    pk: list[str],
    cols: dict[str, Any],
    comments: dict[tuple[str, ...], str],
    durations: dict[str, pl.Series],
) -> list[tuple[dict[str, Any], str]]:
    """Ranks and uniqueness within the context parent, written into ``cols``; unique constraints returned.
    A rank is ordered by a number, a date or a duration (``durations``: seconds of a column written
    ``4:32:10.4``; a finishing position follows the finish time written so, learn96)."""
    fk_cols = set(fks)
    plain = [c for c in frame.columns if c not in fk_cols and [c] != pk and cols[c].get("generator") != "constant"]
    ints = [c for c in plain if frame.schema[c].is_integer()]
    timed = frame.with_columns([v.alias(c) for c, v in durations.items()])
    orders = [c for c in plain if timed.schema[c].is_numeric() or timed.schema[c].is_temporal()]
    ranked: set[str] = set()
    from ._rank_codes import order_not_a_code

    for r in order_not_a_code(timed, context.column, find_ranks(timed, context.column, ints, orders), orders):
        spec: dict[str, Any] = {"generator": "rank"}
        if r.start != 1:
            spec["start"] = r.start
        if r.by is not None:
            spec["by"] = r.by
            if r.descending:
                spec["descending"] = True
        spec["description"] = _one_line(r.evidence)
        cols[r.column] = spec
        comments[("tables", tn, "columns", r.column)] = r.evidence
        ranked.add(r.column)
        decided = [
            c for c in plain if c not in ranked and c != r.by and cols[c].get("generator") in _LEARNED_GENERATORS
        ]
        for c, mapping, default, why in find_functions_of(
            frame, r.column, decided, most=rank_lookup_most(frame.height)
        ):
            col = {
                "generator": "lookup",
                "key": r.column,
                "mapping": mapping,
                "default": default,
                "description": _one_line(why),
            }
            if cols[c].get("null_rate"):
                continue
            cols[c] = col
            comments[("tables", tn, "columns", c)] = why
            ranked.add(c)
    out: list[tuple[dict[str, Any], str]] = []
    others = [c for c in fks if c != context.column and fks[c].ref_table != t]
    learned = [
        c
        for c in plain
        if c not in ranked
        and cols[c].get("generator") in _LEARNED_GENERATORS
        and (frame.schema[c].is_integer() or frame.schema[c] == pl.String)
    ]
    for c, why in find_unique_within(frame, context.column, others + learned):
        # a key once per context parent is 'distinct', with its 'match' when that reads the parent (a lesson
        # of the enrolment's course: 'enrolment_id.course_id'); a 'match' on the row's own columns (a
        # composite key's carrier) or another key keeps it by a unique constraint ('distinct' needs every
        # child of one parent to have the same candidates)
        if c in fks and _distinct_fits(cols[c], context.column):
            cols[c]["distinct"] = True
            comments[("tables", tn, "columns", c)] += f"; {why}"
        else:
            out.append(({"table": tn, "unique": [context.column, c]}, why))
    # one row per second parent and day (a route per driver and date): the day is learned, the parent drawn
    # after it, which fit makes free on that day
    # so within the context parent (one event per branch and day; one attendance per enrolment and day)
    days = [c for c in plain if frame.schema[c].is_temporal() and cols[c].get("generator") == "date"]
    for fk in [context.column, *others]:
        if cols[fk].get("generator") != "foreign_key":
            continue
        for c, why in find_dates_unique_within(frame, fk, days):
            out.append(({"table": tn, "unique": [fk, c]}, why))
    return out


def _distinct_fits(col: dict[str, Any], per: str) -> bool:
    """Whether a key drafted as ``col`` takes ``distinct`` within the context key ``per``: no ``match``, or one
    whose every value reads through ``per`` and no ``match_share``/``match_count``/``match_else`` beside it."""
    match = col.get("match")
    if not match:
        return True
    if col.get("match_share") is not None or col.get("match_count") is not None or col.get("match_else"):
        return False
    return all(isinstance(v, str) and v.split(".", 1)[0] == per and "." in v for v in match.values())


def _parent_codes(
    t: str,
    tn: str,
    frames: dict[str, pl.DataFrame],
    fks: dict[str, ForeignKey],
    names: dict[str, str],
    pk: list[str],
    cols: dict[str, Any],
    comments: dict[tuple[str, ...], str],
) -> None:
    """A learned category a column of the row's parent decides (a bill's days by its reading's month)
    drafted as a ``lookup`` keyed on ``parent.column`` (see ``_parent_codes``). A key to a table with two
    keys to it is skipped (``parent.column`` would not say which)."""
    from ._parent_codes import find_parent_codes

    for fk in _sole_keys(t, fks):
        cands = [
            c
            for c in frames[t].columns
            if c not in fks and [c] != pk and cols[c].get("generator") == "categorical" and not cols[c].get("null_rate")
        ]
        parent = names[fk.ref_table]
        found = find_parent_codes(frames[t], fk.column, frames[fk.ref_table], fk.ref_column, cands, parent)
        for c, key, mapping, default, why in found:
            cols[c] = {
                "generator": "lookup",
                "key": key,
                "mapping": mapping,
                "default": default,
                "description": _one_line(why),
            }
            comments[("tables", tn, "columns", c)] = why


def _relatives(
    tn: str,
    frame: pl.DataFrame,
    context: ForeignKey,
    fks: dict[str, ForeignKey],
    pk: list[str],
    cols: dict[str, Any],
    comments: dict[tuple[str, ...], str],
    durations: dict[str, pl.Series],
) -> set[str]:
    """A column derived within the context parent from another of the row (a gap behind the stage's best
    finish time, a share of the parent's total), numbers or durations (``durations``: seconds of a column
    written ``4:32:10.4``), drafted as ``running_sum`` with ``relative_to`` (see ``_relative``)."""
    from ._relative import find_relatives

    plain = [c for c in frame.columns if c not in fks and [c] != pk and _IDENT.match(c)]
    timed = frame.with_columns([v.alias(c) for c, v in durations.items()])
    numbers = {c: timed.get_column(c) for c in plain if timed.schema[c].is_numeric()}
    ordered_by = {cols[c].get("by") for c in plain if cols[c].get("generator") == "rank"}
    derived = {
        c: (v, 0 if v.dtype.is_integer() else decimals_of(v.cast(pl.Float64)))
        for c, v in numbers.items()
        if cols[c].get("generator") not in _RULES and c not in ordered_by
    }
    orders = {c: timed.get_column(c) for c in plain if timed.schema[c].is_numeric() or timed.schema[c].is_temporal()}
    found = find_relatives(frame, context.column, derived, numbers, orders, context.ref_table)
    for r in found:
        spec: dict[str, Any] = {"generator": "running_sum", "of": _sql_name(r.of), "relative_to": r.relative_to}
        if r.order_by:
            spec["order_by"] = r.order_by
        if not frame.schema[r.column].is_integer() or r.truncate or r.relative_to == "total":
            spec["round"] = derived[r.column][1]
        if r.truncate:
            spec["truncate"] = True
        spec["description"] = _one_line(r.evidence)
        cols[r.column] = spec
        comments[("tables", tn, "columns", r.column)] = r.evidence
    return {r.column for r in found}


def _running_sums(
    tn: str,
    frame: pl.DataFrame,
    context: ForeignKey,
    fks: dict[str, ForeignKey],
    pk: list[str],
    cols: dict[str, Any],
    comments: dict[tuple[str, ...], str],
    parents: dict[str, pl.Series] | None = None,
) -> None:
    """A balance that is the running sum of a change column within the context parent (a pupil's fees owed),
    drafted as ``running_sum`` (see ``_running``); ``parents``: the context parent's numbers aligned with the rows,
    each a start the run may begin at (a meter's register from its ``initial_read``)."""
    from ._running import find_running_sums

    plain = [c for c in frame.columns if c not in fks and [c] != pk and _IDENT.match(c)]
    numbers = [
        c for c in plain if frame.schema[c].is_numeric() and cols[c].get("generator") not in ("rank", "sequence")
    ]
    balances = {
        c: 0 if frame.schema[c].is_integer() else decimals_of(frame.get_column(c).cast(pl.Float64))
        for c in numbers
        if cols[c].get("generator") not in _RULES
    }
    if not balances:
        return
    orders = [c for c in plain if frame.schema[c].is_temporal()]
    categories = [c for c in plain if cols[c].get("generator") in ("categorical", "boolean")]
    for r in find_running_sums(frame, context.column, balances, numbers, orders, categories, parents):
        spec: dict[str, Any] = {"generator": "running_sum", "of": r.of}
        if r.start:
            spec["start"] = r.start
        if r.order_by:
            spec["order_by"] = r.order_by
        if not frame.schema[r.column].is_integer():
            spec["round"] = balances[r.column]
        spec["description"] = _one_line(r.evidence)
        cols[r.column] = spec
        comments[("tables", tn, "columns", r.column)] = r.evidence


def _composite_column(
    tn: str,
    ck: CompositeForeignKey,
    parent: str,
    context: ForeignKey | None,
    pk: list[str],
    cols: dict[str, Any],
    comments: dict[tuple[str, ...], str],
) -> list[tuple[dict[str, Any], str]]:
    """A composite foreign key written as one ``foreign_key`` column whose ``match`` names the other key
    columns: the parent row chosen holds this row's values of them (a grade's course among its
    student's enrolments). The carrier is the last key column that is not the context foreign key."""
    pairs = list(zip(ck.columns, ck.ref_columns, strict=True))
    own = [c for c, _ in pairs if (context is None or c != context.column) and [c] != pk]
    if not own:
        return []
    carrier = own[-1]
    ref = dict(pairs)[carrier]
    match = {p: c for c, p in pairs if c != carrier}
    old = cols[carrier]
    why = f"composite foreign key ({', '.join(ck.columns)}) -> {parent}.({', '.join(ck.ref_columns)}) (inferred, confidence {ck.confidence:.2f}): {ck.evidence}"
    spec: dict[str, Any] = {"generator": "foreign_key", "references": f"{parent}.{ref}", "match": match}
    if old.get("null_rate"):
        spec["null_rate"] = old["null_rate"]
    spec["description"] = _one_line(why)
    cols[carrier] = spec
    comments[("tables", tn, "columns", carrier)] = why
    # 'distinct' takes a 'match' only through the 'per' parent (this one reads the row's own columns): a constraint
    if old.get("distinct") and context is not None:
        return [
            ({"table": tn, "unique": [context.column, carrier]}, f"{carrier} unique within each {context.ref_table}")
        ]
    return []


def _plain(obj: Any) -> Any:
    """numpy scalars to Python ones, recursively (YAML and pydantic want plain values)."""
    if isinstance(obj, dict):
        return {_plain(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    if isinstance(obj, np.bool_):
        return bool(obj)
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, np.floating):
        return float(obj)
    return obj


def _depths(tables: list[str], keys: list[ForeignKey]) -> dict[str, int]:
    parents: dict[str, set[str]] = {t: set() for t in tables}
    for fk in keys:
        if fk.table in parents and fk.ref_table != fk.table:
            parents[fk.table].add(fk.ref_table)
    memo: dict[str, int] = {}

    def depth(t: str, seen: frozenset[str]) -> int:
        if t in memo:
            return memo[t]
        ds = [depth(p, seen | {t}) + 1 for p in parents.get(t, ()) if p not in seen and p in parents]
        memo[t] = max(ds, default=0)
        return memo[t]

    return {t: depth(t, frozenset()) for t in tables}


def _context_fk(
    table: str,
    fks: list[ForeignKey],
    frames: dict[str, pl.DataFrame],
    depth: dict[str, int],
    profiles: dict[tuple[str, str], ColumnProfile] | None = None,
    children: list[ForeignKey] | None = None,
    explained: dict[str, tuple[float, str, str]] | None = None,
) -> ForeignKey | None:
    """The foreign key whose parent drives the row count.

    Only keys that give the most rows a parent: a nullable key (a ticket's optional asset)
    would leave its null rows without a parent to be drawn per, so they would not be learned.
    Among those, a parent within which a column numbers the rows 1..n first (a title's reservations
    hold queue positions 1..n: drawn per member, the queue was 1..n for a third of the titles);
    then the deepest parent; then one with several children per parent over
    a 1:1 link (Berka's ``disp``: 1-2 per account, exactly 1 per client, so per account);
    then a parent a category of which explains at least ``EXPLAINS_MIN`` of the variance of the rows' own
    children counts (``children``: the keys into the table; a route's stops follow its vehicle's kind, not its
    driver: ``_count_parents``); then a parent whose date the row's own date never precedes (a ticket after its customer
    signed up, not always after its agent was hired: drawn per agent, a learned customer had 97
    tickets against the source's 23 — issue 13); then the parent most of whose rows have
    children; then column order.
    """
    cands = [fk for fk in fks if fk.ref_table != table]
    if not cands:
        return None
    order = list(frames[table].columns)
    height = max(frames[table].height, 1)
    filled = {fk.column: round(1 - frames[table].get_column(fk.column).null_count() / height, 3) for fk in cands}
    most = max(filled.values())
    cands = [fk for fk in cands if filled[fk.column] == most]

    own = _dates_of(table, frames[table], profiles) if profiles else {}
    keyed = {fk.column for fk in fks}
    ints = [c for c in order if c not in keyed and frames[table].schema[c].is_integer()] if len(cands) > 1 else []

    # measured once per key: ``explained`` hands the chosen key's share to the draft's comment
    measured = explained if explained is not None else {}
    if len(cands) > 1 and profiles:
        for fk in cands:
            measured[fk.column] = count_explained(table, fk, children or [], frames, profiles)
    explains = {fk.column: fk.column in measured and measured[fk.column][0] >= EXPLAINS_MIN for fk in cands}

    def rank(fk: ForeignKey) -> tuple[bool, int, bool, bool, bool, float, int]:
        parent = frames[fk.ref_table]
        values = frames[table].get_column(fk.column).drop_nulls()
        distinct = values.n_unique()
        one_to_one = distinct == values.len()
        reached = distinct / max(parent.height, 1)
        follows = bool(own) and _follows(
            frames[table], fk, parent, own, _dates_of(fk.ref_table, parent, profiles or {})
        )
        # a column numbering the rows 1..n within this parent (a title's reservation queue, a race's positions)
        ranked = bool(ints) and bool(find_ranks(frames[table], fk.column, ints, []))
        return (
            ranked,
            depth.get(fk.ref_table, 0),
            not one_to_one,
            explains[fk.column],
            follows,
            round(reached, 3),
            -order.index(fk.column),
        )

    per_parent: dict[str, int] = Counter(fk.ref_table for fk in cands)
    usable = [fk for fk in cands if per_parent[fk.ref_table] == 1] or cands[:1]
    return max(usable, key=rank)


def _follows(
    frame: pl.DataFrame, fk: ForeignKey, parent: pl.DataFrame, own: dict[str, pl.Series], theirs: dict[str, pl.Series]
) -> bool:
    """Whether a date of the row is never before a date of its parent through ``fk``, in every row holding both
    (at least 30), with their ranges overlapping (a birth date decades before every race is no evidence)."""
    if not theirs:
        return False
    aligned = _aligned(frame, fk, parent, theirs)
    for pc in theirs:
        p = aligned.get_column(f"_p_{pc}")
        for s in own.values():
            both = s.is_not_null() & p.is_not_null()
            if int(both.sum()) < _COPY_MIN_ROWS:
                continue
            mine, their = s.filter(both), p.filter(both)
            if bool((mine >= their).all()) and bool(their.max() > mine.min()):  # type: ignore[operator]
                return True
    return False


# --------------------------------------------------------------------------- YAML with comments


def _flow(value: Any) -> str:
    """One-line YAML for a value (scalars dumped inside a list, so no document markers appear)."""
    if isinstance(value, (dict, list)):
        return yaml.safe_dump(
            value, default_flow_style=True, width=1 << 30, sort_keys=False, allow_unicode=True
        ).strip()
    text = yaml.safe_dump([value], default_flow_style=True, width=1 << 30, allow_unicode=True).strip()
    return text[1:-1]


def _comment(text: str, indent: str) -> list[str]:
    return [f"{indent}# {_one_line(text, 1000)}"]


def render_yaml(spec: dict[str, Any], comments: dict[tuple[str, ...], str], header: list[str]) -> str:
    """The spec as YAML, one column per line, with a comment above each key, column and row count."""
    lines = [f"# {h}" for h in header]
    for key in ("name", "description", "seed", "locale"):
        if key in spec:
            lines.append(f"{key}: {_flow(spec[key])}")
    lines.append("")
    lines.append("tables:")
    for tn, table in spec["tables"].items():
        lines.append(f"  {_flow(tn)}:")
        for key in ("rows", "primary_key"):
            if key in table:
                if ("tables", tn, key) in comments:
                    lines += _comment(comments[("tables", tn, key)], "    ")
                lines.append(f"    {key}: {_flow(table[key])}")
        lines.append("    columns:")
        for cn, col in table["columns"].items():
            if ("tables", tn, "columns", cn) in comments:
                lines += _comment(comments[("tables", tn, "columns", cn)], "      ")
            lines.append(f"      {_flow(cn)}: {_flow(col)}")
        lines.append("")
    if spec.get("constraints"):
        lines.append("constraints:")
        for i, con in enumerate(spec["constraints"]):
            if ("constraints", str(i)) in comments:
                lines += _comment(comments[("constraints", str(i))], "  ")
            lines.append(f"  - {_flow(con)}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
