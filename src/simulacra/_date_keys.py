"""Keys of dates kept as text, read as the dates their spec makes.

SQLite writes dates as text, and a declared key is profiled as an identifier, which ``coerce`` leaves as it was
read: a calendar keyed by its day (``01-Jan-2020``), a report keyed by its month (``2023-04``) reach ``fit`` as
text while their spec makes dates. A child's dates measured from that day stopped ``fit`` (text is no date), and
the sample's keys, made as dates, were written back in ISO form. Read as dates — the key and every column that
references it, in the one format all their values are written in — the child measures from a date, and the
written form is recorded like any date column's, so ``sample`` writes the keys as the source did.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from simulacra._date_codes import date_code
from simulacra._date_formats import date_format
from simulacra._text_dates import parse_datetime
from simulacra.spec import model as m

__all__ = ["dated_keys"]


def _key_columns(spec: m.DatasetSpec) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """Each (table, column) that is a key made as dates — a primary key's column or a column another references —
    with the (table, column) pairs that reference it."""
    refs: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for t, ts in spec.tables.items():
        for c, cs in ts.columns.items():
            if isinstance(cs, m.ForeignKeyColumn) and cs.ref_column is not None:
                refs.setdefault((cs.ref_table, cs.ref_column), []).append((t, c))
    out: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for t, ts in spec.tables.items():
        for c, cs in ts.columns.items():
            if isinstance(cs, m.DateColumn) and (c in ts.key_columns or (t, c) in refs):
                out[(t, c)] = refs.get((t, c), [])
    return out


def dated_keys(
    frames: Mapping[str, pl.DataFrame], spec: m.DatasetSpec
) -> tuple[dict[str, pl.DataFrame], dict[tuple[str, str], str]]:
    """``frames`` with each key of dates held as text (and the columns referencing it) read as dates, and the
    format each such column was read in (the form ``sample`` writes it back in).

    A key is read only where one date format reads every value of it and of its references (nulls aside); else it
    stays text, as before, rather than turning values into nulls. Where day and month read both ways, the order
    the source shows is taken (``inspection._day_month``); where it shows none, the key stays text."""
    from simulacra.inspection._day_month import day_month_order, frame_columns, source_orders, swapped

    out = dict(frames)
    orders: dict[str, dict[str, list[str]]] | None = None
    formats: dict[tuple[str, str], str] = {}
    for (t, c), referencing in _key_columns(spec).items():
        cols = [(t, c), *((rt, rc) for rt, rc in referencing if rt in out and rc in out[rt].columns)]
        if t not in out or c not in out[t].columns:
            continue
        # a key of days or months written as digits (20210304, 202304; integers or text): read in that code
        code = date_code(out[t].get_column(c))
        if code is not None and all(
            out[ct][cc].dtype == pl.String or out[ct][cc].dtype.is_integer() for ct, cc in cols
        ):
            found: tuple[str, str, float] | None = (code, "date", 1.0)
        elif any(out[ct][cc].dtype != pl.String for ct, cc in cols):
            continue
        else:
            found = date_format(out[t].get_column(c).drop_nulls().head(5000), allow_compact=False)
        if found is None:
            continue
        fmt, kind, _ = found
        if swapped(fmt) is not None:  # 01/03/2021 reads day-first and month-first: the source's evidence decides
            if orders is None:
                orders = source_orders(frame_columns(frames))
            settled = day_month_order(f"{t}.{c}", out[t].get_column(c), fmt, orders)
            if settled is not None and settled.fmt is None:
                continue  # nothing decides: the key stays text, as inspect's note says
            fmt = settled.fmt if settled is not None and settled.fmt is not None else fmt
        parsed = {}
        for ct, cc in cols:
            text = out[ct].get_column(cc)
            dates = parse_datetime(text, fmt)
            if dates.null_count() != text.null_count():
                break  # a value the format does not read: the key stays text
            parsed[(ct, cc)] = dates.cast(pl.Date) if kind == "date" else dates
        else:
            for (ct, cc), dates in parsed.items():
                out[ct] = out[ct].with_columns(dates.alias(cc))
                formats[(ct, cc)] = fmt
    return out, formats
