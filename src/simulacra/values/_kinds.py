"""The value kinds: name -> vectorized function of (rows, streams, locale, inputs).

Groups. Columns of one group share ``ctx.group_stream``; every draw that must
agree across columns (the person's gender and name, the address's place, street
and number, the company) comes from it, so ``city``, ``state`` and ``postcode`` of
one group agree without seeing each other. Draws that are a column's own choice
(an email's pattern, a phone's digits) come from ``ctx.stream``.

Inputs. When the engine passes other columns (``ctx.inputs``, keyed by the param
name), they win over group draws: ``first_name`` follows a ``gender`` column,
``email`` and ``username`` are built from given ``first_name``/``last_name``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from types import MappingProxyType

import numpy as np
import polars as pl
from numpy.typing import NDArray

from simulacra._random import Stream
from simulacra.errors import SpecError, did_you_mean
from simulacra.values._checks import iban_check_digits, luhn_check_digits
from simulacra.values._pools import POSTCODES_PER_PLACE, LocalePools, locale_pools
from simulacra.values._strings import Pool, Templates, fold_ascii, fold_series, index_of, strings_from_matrix
from simulacra.values._strings import concat_pools as _concat
from simulacra.values._teams import team_forms

__all__ = ["VALUE_KINDS", "ValueContext", "ValueKind"]

Params = Mapping[str, object]


@dataclass(frozen=True)
class ValueContext:
    """What a value kind gets: the rows, its streams, the locale and other columns."""

    rows: np.ndarray
    stream: Stream
    group_stream: Stream
    locale: str
    inputs: Mapping[str, pl.Series] = field(default_factory=dict)
    #: the engine's regeneration attempt (0 first); None outside the engine, where a kind
    #: must be unique on its own (``email`` with unique=True then numbers every row)
    attempt: int | None = None
    #: rows of the table a unique value is made for (None: not known, or not unique): a unique ``email`` or
    #: ``username`` gives a number on its first draw to the names that table size makes likely to repeat
    planned: int | None = None


@dataclass(frozen=True)
class ValueKind:
    """A named, vectorized kind of realistic value."""

    name: str
    dtype: str
    column_params: tuple[str, ...]
    params: Mapping[str, object]
    description: str
    func: Callable[[ValueContext, Params], pl.Series]

    def generate(self, ctx: ValueContext, params: Params | None = None) -> pl.Series:
        """Check the params, fill in defaults and run ``func``."""
        return self.func(ctx, self.resolve(params or {}))

    def resolve(self, params: Params) -> dict[str, object]:
        """Defaults merged with ``params``; unknown names raise ``SpecError``."""
        known = (*self.params, *self.column_params)
        unknown = [k for k in params if k not in known]
        if unknown:
            k = unknown[0]
            raise SpecError(f"value kind '{self.name}' has no param '{k}'" + did_you_mean(k, known))
        return {**self.params, **params}


VALUE_KINDS: dict[str, ValueKind] = {}


def _kind(
    name: str,
    description: str,
    *,
    column_params: tuple[str, ...] = (),
    params: Mapping[str, object] | None = None,
    dtype: str = "str",
) -> Callable[[Callable[[ValueContext, Params], pl.Series]], Callable[[ValueContext, Params], pl.Series]]:
    defaults = dict(params or {})

    def register(fn: Callable[[ValueContext, Params], pl.Series]) -> Callable[[ValueContext, Params], pl.Series]:
        def run(ctx: ValueContext, given: Params) -> pl.Series:
            merged = {**defaults, **{k: v for k, v in given.items() if k in defaults}}
            rows = np.asarray(ctx.rows, dtype=np.int64)
            if rows is not ctx.rows:
                ctx = ValueContext(rows, ctx.stream, ctx.group_stream, ctx.locale, ctx.inputs, ctx.attempt, ctx.planned)
            return fn(ctx, merged).alias(name)

        run.__name__ = run.__qualname__ = f"kind_{name}"
        run.__doc__ = description
        VALUE_KINDS[name] = ValueKind(
            name=name,
            dtype=dtype,
            column_params=column_params,
            params=MappingProxyType(defaults),
            description=description,
            func=run,
        )
        return fn

    return register


def _pools(ctx: ValueContext) -> LocalePools:
    return locale_pools(ctx.locale)


def _input(ctx: ValueContext, name: str) -> pl.Series | None:
    s = ctx.inputs.get(name) if ctx.inputs else None
    if s is None:
        return None
    if len(s) != len(ctx.rows):
        raise SpecError(f"input '{name}' has {len(s)} values for {len(ctx.rows)} rows")
    return s


def _frame_str(*parts: pl.Series | str) -> pl.Series:
    """Concatenate Series and literals row-wise."""
    cols: dict[str, pl.Series] = {}
    exprs: list[pl.Expr] = []
    for i, p in enumerate(parts):
        if isinstance(p, str):
            exprs.append(pl.lit(p))
        else:
            key = f"c{i}"
            cols[key] = p
            exprs.append(pl.col(key))
    return pl.DataFrame(cols).select(pl.concat_str(exprs).alias("v")).to_series()


# --- person -----------------------------------------------------------------------

_GENDER_WORDS = {
    "f": 0, "female": 0, "woman": 0, "w": 0, "girl": 0, "weiblich": 0, "frau": 0, "femme": 0, "femmina": 0,
    "m": 1, "male": 1, "man": 1, "boy": 1, "männlich": 1, "mann": 1, "homme": 1, "h": 1,
}  # fmt: skip


def gender_codes(values: pl.Series) -> NDArray[np.int8]:
    """0 female, 1 male, -1 anything else (null included), computed per distinct value."""
    s = values.cast(pl.String)
    uniq = s.unique().drop_nulls()
    codes = pl.Series([_GENDER_WORDS.get(v.strip().lower(), -1) for v in uniq.to_list()], dtype=pl.Int8)
    out = s.replace_strict(uniq, codes, default=-1, return_dtype=pl.Int8).fill_null(-1)
    return out.to_numpy()


def _is_male(ctx: ValueContext) -> NDArray[np.bool_]:
    drawn = (ctx.group_stream.child("gender").bits(ctx.rows) >> np.uint64(63)).astype(bool)
    given = _input(ctx, "gender")
    if given is None:
        return drawn
    codes = gender_codes(given)
    return np.where(codes < 0, drawn, codes == 1)


def _first_index(ctx: ValueContext, p: LocalePools) -> NDArray[np.int64]:
    """Index into ``p.people.first_values`` (female names, then male names)."""
    male = _is_male(ctx)
    b = ctx.group_stream.child("first").bits(ctx.rows)
    return _first_table(ctx.locale)[(b >> np.uint64(44)).astype(np.int64) | (male.astype(np.int64) << 20)]


@cache
def _first_table(locale: str) -> NDArray[np.int64]:
    """One lookup table for both genders: entry (male << 20) | top 20 bits -> index into first_values."""
    p = locale_pools(locale)
    top = np.arange(1 << 20, dtype=np.uint64) << np.uint64(44)
    return np.concatenate(
        [p.people.first_female.index(top), p.people.first_female.size + p.people.first_male.index(top)]
    )


def _last_index(ctx: ValueContext, p: LocalePools) -> NDArray[np.int64]:
    return p.people.last.index(ctx.group_stream.child("last").bits(ctx.rows))


@_kind("gender", "'F' or 'M', shared with the person group's first names.")
def _gender(ctx: ValueContext, params: Params) -> pl.Series:
    male = (ctx.group_stream.child("gender").bits(ctx.rows) >> np.uint64(63)).astype(bool)
    return pl.Series(np.where(male, "M", "F"), dtype=pl.String)


@_kind("first_name", "A first name; follows a gender column when given.", column_params=("gender",))
def _first_name(ctx: ValueContext, params: Params) -> pl.Series:
    p = _pools(ctx)
    return p.people.first_values.gather(_first_index(ctx, p))


@_kind(
    "last_name",
    "A family name at its share of the locale's people (Faker's list scaled to what it covers, kindred "
    "locales' names for the rest: values._names).",
)
def _last_name(ctx: ValueContext, params: Params) -> pl.Series:
    p = _pools(ctx)
    return p.people.last.take(_last_index(ctx, p))


@_kind(
    "full_name",
    "First and last name of the group's person (or of the given columns).",
    column_params=("gender", "first_name", "last_name"),
)
def _full_name(ctx: ValueContext, params: Params) -> pl.Series:
    p = _pools(ctx)
    first = _input(ctx, "first_name")
    last = _input(ctx, "last_name")
    if first is None:
        first = p.people.first_values.gather(_first_index(ctx, p))
    if last is None:
        last = p.people.last.take(_last_index(ctx, p))
    return _frame_str(first.cast(pl.String), " ", last.cast(pl.String))


# local-part patterns: (a, sep, b, number, weight); a: 0 first, 1 initial, 2 last;
# b: 0 last, 1 first, 2 nothing; number: 0 none, 1 1..99, 2 a year 1950..2009
_EMAIL_PATTERNS = (
    (0, ".", 0, 0, 0.30),
    (1, "", 0, 0, 0.14),
    (0, "_", 0, 0, 0.07),
    (0, ".", 0, 1, 0.10),
    (0, "", 0, 0, 0.08),
    (2, ".", 1, 0, 0.05),
    (0, "", 2, 2, 0.08),
    (1, ".", 0, 0, 0.08),
    (0, "", 2, 1, 0.05),
    (0, "", 0, 1, 0.05),
)
_USERNAME_PATTERNS = (
    (0, "", 0, 0, 0.20),
    (0, "_", 0, 0, 0.15),
    (0, "", 2, 1, 0.15),
    (1, "", 0, 1, 0.15),
    (0, ".", 0, 0, 0.10),
    (2, "", 2, 2, 0.10),
    (1, "", 0, 0, 0.15),
)
_SEPS = pl.Series([".", "_", ""], dtype=pl.String)
_SEP_ID = {".": 0, "_": 1, "": 2}
_NUMBERS = pl.Series(["", *(str(i) for i in range(1, 100)), *(str(y) for y in range(1950, 2010))], dtype=pl.String)


@dataclass(frozen=True, eq=False)
class _PatternTable:
    a: NDArray[np.int64]
    sep: NDArray[np.int64]
    b: NDArray[np.int64]
    num: NDArray[np.int64]
    pool: Pool  # pattern index, weighted


def _pattern_table(patterns: tuple[tuple[int, str, int, int, float], ...]) -> _PatternTable:
    return _PatternTable(
        a=np.array([x[0] for x in patterns]),
        sep=np.array([_SEP_ID[x[1]] for x in patterns]),
        b=np.array([x[2] for x in patterns]),
        num=np.array([x[3] for x in patterns]),
        pool=Pool([str(i) for i in range(len(patterns))], [x[4] for x in patterns]),
    )


_EMAIL_TABLE = _pattern_table(_EMAIL_PATTERNS)
_USERNAME_TABLE = _pattern_table(_USERNAME_PATTERNS)


@cache
def _name_part_pools(locale: str) -> tuple[pl.Series, pl.Series, int, int]:
    """(A pool: (first | initial | last) + separator, B pool: last | first | '', n_first, n_last), folded."""
    p = locale_pools(locale)
    a = _concat([p.people.first_folded, p.people.first_initial, p.people.last_folded])
    a = _concat([a + sep for sep in _SEPS.to_list()])  # name part and separator, for each separator
    b = _concat([p.people.last_folded, p.people.first_folded, pl.Series([""], dtype=pl.String)])
    return a, b, len(p.people.first_folded), len(p.people.last_folded)


#: a unique address or login takes a number on its first draw when the rows of its table expected to draw
#: the same name-made one (table rows x its chance) reach CROWDED: at that size a collision is likely, so the
#: number a redraw would give is given at once. The values left plain are each expected in fewer rows than
#: that, so the share of rows redrawn stays flat as the table grows (about 3 % for the shop's customers from
#: 200,000 rows on) instead of growing with it (30 % at 620,000 before). Below SMALL_TABLE rows the bar rises as
#: the table shrinks (CROWDED x SMALL_TABLE / rows: 2.5 rows at 2,000), so a small table's addresses carry a
#: number only when a collision needs one (and there the redraws are few in any case)
CROWDED = 0.5
SMALL_TABLE = 10_000


@dataclass(frozen=True, eq=False)
class _NameOdds:
    """Chances of the name parts a local part is made of, by pool index and by folded spelling."""

    first: NDArray[np.float64]  # by index into first_values: the folded spelling's chance (both genders)
    initial: NDArray[np.float64]  # by index into first_values: the initial's chance
    last: NDArray[np.float64]  # by index into the last-name pool: the folded spelling's chance
    by_first: tuple[pl.Series, pl.Series]  # folded first name -> chance
    by_initial: tuple[pl.Series, pl.Series]
    by_last: tuple[pl.Series, pl.Series]


def _summed(keys: pl.Series, p: NDArray[np.float64]) -> tuple[NDArray[np.float64], tuple[pl.Series, pl.Series]]:
    """Chances summed over equal keys: aligned with ``keys``, and as (distinct key, chance)."""
    df = pl.DataFrame({"k": keys, "p": p})
    by = df.group_by("k", maintain_order=True).agg(pl.col("p").sum())
    return df.select(pl.col("p").sum().over("k")).to_series().to_numpy(), (by["k"], by["p"])


@cache
def _name_odds(locale: str) -> _NameOdds:
    p = locale_pools(locale)
    table = _first_table(locale)  # both genders, even odds (a given gender column is near even too)
    first_p = np.bincount(table, minlength=len(p.people.first_values)) / float(len(table))
    first, by_first = _summed(p.people.first_folded, first_p)
    initial, by_initial = _summed(p.people.first_initial, first_p)
    last, by_last = _summed(p.people.last_folded, p.people.last.probabilities())
    return _NameOdds(first, initial, last, by_first, by_initial, by_last)


def _lookup(values: pl.Series, by: tuple[pl.Series, pl.Series]) -> NDArray[np.float64]:
    """Chance of each value (0 for one no pool holds: a name of the user's own)."""
    return values.replace_strict(by[0], by[1], default=0.0, return_dtype=pl.Float64).fill_null(0.0).to_numpy()


@cache
def _pattern_odds(table: _PatternTable, with_number: bool) -> NDArray[np.float64]:
    """Per pattern: the chance that a draw makes a local part of its shape (patterns that differ only in a
    number they do not give count together) times the chance of its number."""
    probs = table.pool.probabilities()
    num = table.num if with_number else np.zeros_like(table.num)
    shape = [(int(a), int(sp), int(b), int(n)) for a, sp, b, n in zip(table.a, table.sep, table.b, num)]
    summed = np.array([sum(q for s2, q in zip(shape, probs) if s2 == s1) for s1 in shape])
    return summed * np.where(num == 1, 1 / 99, np.where(num == 2, 1 / 60, 1.0))


def crowded(ctx: ValueContext, odds: NDArray[np.float64]) -> NDArray[np.bool_]:
    """Rows that take a number on their first draw: their name-made value (drawn with chance ``odds``) is
    expected in at least ``CROWDED`` rows of the table (more in a table under ``SMALL_TABLE`` rows)."""
    if ctx.planned is None:
        return np.zeros(len(odds), dtype=bool)
    n = float(ctx.planned)
    return odds * n >= CROWDED * max(1.0, SMALL_TABLE / max(n, 1.0))


def _local_part(
    ctx: ValueContext, table: _PatternTable, *, with_number: bool, odds: bool = False
) -> tuple[list[pl.Series], NDArray[np.float64] | None]:
    """The parts of a local part (name parts, separator, number), one Series each; with ``odds``, also each
    row's chance that a draw makes the same local part (from the pools' weights)."""
    rows = ctx.rows
    pat = table.pool.index(ctx.stream.child("pattern").bits(rows))
    a_kind, b_kind = table.a[pat], table.b[pat]
    first_in, last_in = _input(ctx, "first_name"), _input(ctx, "last_name")
    p = _pools(ctx)
    parts: list[pl.Series]
    if first_in is None and last_in is None:
        a_pool, b_pool, nf, nl = _name_part_pools(ctx.locale)
        fi = _first_index(ctx, p)
        li = _last_index(ctx, p)
        a_idx = np.where(a_kind == 2, 2 * nf + li, np.where(a_kind == 1, nf + fi, fi))
        a_idx += table.sep[pat] * (2 * nf + nl)
        b_idx = np.where(b_kind == 2, nl + nf, np.where(b_kind == 1, nl + fi, li))
        parts = [a_pool.gather(a_idx), b_pool.gather(b_idx)]
        if odds:
            no = _name_odds(ctx.locale)
            pf, pi, pls = no.first[fi], no.initial[fi], no.last[li]
    else:
        first = fold_series(first_in) if first_in is not None else p.people.first_folded.gather(_first_index(ctx, p))
        last = fold_series(last_in) if last_in is not None else p.people.last_folded.gather(_last_index(ctx, p))
        df = pl.DataFrame({"f": first, "l": last, "a": a_kind, "b": b_kind})
        out = df.select(
            pl.when(pl.col("a") == 0)
            .then(pl.col("f"))
            .when(pl.col("a") == 1)
            .then(pl.col("f").str.head(1))
            .otherwise(pl.col("l"))
            .alias("A"),
            pl.when(pl.col("b") == 0)
            .then(pl.col("l"))
            .when(pl.col("b") == 1)
            .then(pl.col("f"))
            .otherwise(pl.lit(""))
            .alias("B"),
        )
        parts = [out["A"], _SEPS.gather(table.sep[pat]), out["B"]]
        if odds:
            no = _name_odds(ctx.locale)
            pf, pi, pls = (
                _lookup(first, no.by_first),
                _lookup(first.str.head(1), no.by_initial),
                _lookup(last, no.by_last),
            )
    chance = None
    if odds:
        pa = np.where(a_kind == 0, pf, np.where(a_kind == 1, pi, pls))
        pb = np.where(b_kind == 0, pls, np.where(b_kind == 1, pf, 1.0))
        chance = _pattern_odds(table, with_number)[pat] * pa * pb
    if with_number:
        nb = ctx.stream.child("number").bits(rows)
        num_kind = table.num[pat]
        num_idx = np.where(num_kind == 1, 1 + index_of(nb, 99), np.where(num_kind == 2, 100 + index_of(nb, 60), 0))
        parts.append(_NUMBERS.gather(num_idx))
    return parts, chance


def unique_numbers(stream: Stream, rows: NDArray[np.int64]) -> NDArray[np.int64]:
    """A distinct positive integer per distinct row index (rows >= 0).

    The low 16 bits of the row go through a keyed bijection of [0, 2**16)
    (multiply by an odd number, add, xor-shift, multiply); the high bits stay.
    The map is a bijection on non-negative integers, so distinct rows give distinct
    numbers, and numbers stay short (at most 7 digits below a million rows).
    """
    key = stream.child("unique").key
    a1, c, a2 = np.uint64((key | 1) & 0xFFFF), np.uint64((key >> 16) & 0xFFFF), np.uint64(((key >> 32) | 1) & 0xFFFF)
    r = np.asarray(rows).astype(np.uint64)
    lo = r & np.uint64(0xFFFF)
    mask = np.uint64(0xFFFF)
    lo = (lo * a1 + c) & mask
    lo ^= lo >> np.uint64(7)
    lo = (lo * a2) & mask
    lo ^= lo >> np.uint64(9)
    return ((r >> np.uint64(16) << np.uint64(16)) | lo).astype(np.int64) + 1


@_kind(
    "email",
    "An email address built from the person's name: free-mail or company domains, or a fixed domain. "
    "unique=True: in a table, an address carries a number only when the name-made one is taken "
    "(the engine's uniqueness ledger asks again and the retry adds a number distinct per row) or, in a "
    "large table, when that many rows make it likely to be (expected in half a row or more of the table "
    "besides; the bar is higher below 10,000 rows): then it takes the number on its first draw, so the "
    "redraws stay a small share however large the table; called on its own, every address gets that "
    "number, so values never repeat.",
    column_params=("first_name", "last_name"),
    params={"domain": None, "unique": False},
)
def _email(ctx: ValueContext, params: Params) -> pl.Series:
    unique = bool(params["unique"])
    first_draw = unique and ctx.attempt == 0 and ctx.planned is not None
    parts, chance = _local_part(ctx, _EMAIL_TABLE, with_number=not unique, odds=first_draw)
    # unique: a number only where a collision needs one. The engine's first attempt makes
    # name-only addresses (no digits), except for names the table's size makes likely to repeat
    # (``crowded``), which take their number at once; a row whose address is taken is asked again
    # with attempt >= 1 and gets a number distinct per row, which no name-only address can equal.
    domain = params["domain"]
    dom_p: NDArray[np.float64] | float = 1.0
    if domain is not None:
        dom: pl.Series | str = "@" + str(domain).lstrip("@").lower()
    else:
        p = _pools(ctx)
        db = ctx.stream.child("domain").bits(ctx.rows)
        free = (db & np.uint64(0xFF)) < np.uint64(205)  # ~80% free mail
        all_domains, n_free, all_p = _email_domains(ctx.locale)
        idx = np.where(free, p.free_email_domains.index(db), n_free + index_of(db, len(p.company_domains)))
        dom = all_domains.gather(idx)
        dom_p = all_p[idx]
    if unique and (ctx.attempt is None or ctx.attempt > 0):
        parts.append(pl.Series(unique_numbers(ctx.stream, ctx.rows)).cast(pl.String))
    elif chance is not None and (busy := crowded(ctx, chance * dom_p)).any():
        nums = pl.Series(unique_numbers(ctx.stream, ctx.rows)).cast(pl.String)
        parts.append(nums.zip_with(pl.Series(busy), pl.Series([""], dtype=pl.String).new_from_index(0, len(busy))))
    return _frame_str(*parts, dom)


@cache
def _email_domains(locale: str) -> tuple[pl.Series, int, NDArray[np.float64]]:
    """Every domain (free mail, then the companies'), how many are free mail, and each one's chance."""
    p = locale_pools(locale)
    n_company = len(p.company_domains)
    each = np.concatenate(
        [p.free_email_domains.probabilities() * (205 / 256), np.full(n_company, (51 / 256) / n_company)]
    )
    domains = "@" + _concat([p.free_email_domains.values, p.company_domains])
    return domains, p.free_email_domains.size, _summed(domains, each)[0]


@_kind(
    "username",
    "A login name from the person's name (lowercase ASCII, sometimes with a number). "
    "unique=True: in a table, a login that is taken is made again from the name with a number "
    "distinct per row (so popular names do not need many redraws), and in a large table a login that "
    "many rows are likely to make takes that number on its first draw (as email does); called on its own, "
    "every login gets that number, so values never repeat.",
    column_params=("first_name", "last_name"),
    params={"unique": False},
)
def _username(ctx: ValueContext, params: Params) -> pl.Series:
    if params["unique"] and (ctx.attempt is None or ctx.attempt > 0):
        parts, _ = _local_part(ctx, _USERNAME_TABLE, with_number=False)
        return _frame_str(*parts, pl.Series(unique_numbers(ctx.stream, ctx.rows)).cast(pl.String))
    first_draw = bool(params["unique"]) and ctx.planned is not None
    parts, chance = _local_part(ctx, _USERNAME_TABLE, with_number=True, odds=first_draw)
    if chance is not None and (busy := crowded(ctx, chance)).any():  # a likely repeat: the number a redraw gives
        nums = pl.Series(unique_numbers(ctx.stream, ctx.rows)).cast(pl.String)
        parts[-1] = nums.zip_with(pl.Series(busy), parts[-1])
    return _frame_str(*parts)


# --- phone ------------------------------------------------------------------------


@_kind("phone", "A phone number in one of the locale's formats.")
def _phone(ctx: ValueContext, params: Params) -> pl.Series:
    return _pools(ctx).phones.sample(ctx.rows, ctx.stream)


# --- address ----------------------------------------------------------------------


def _place(ctx: ValueContext, p: LocalePools) -> NDArray[np.int64]:
    return p.places.city.index(ctx.group_stream.child("place").bits(ctx.rows))


def _postcode_of(ctx: ValueContext, p: LocalePools, place: NDArray[np.int64]) -> pl.Series:
    k = index_of(ctx.group_stream.child("postcode").bits(ctx.rows), POSTCODES_PER_PLACE)
    return p.places.postcodes.gather(place * POSTCODES_PER_PLACE + k)


def _street_name_of(ctx: ValueContext, p: LocalePools) -> pl.Series:
    return p.streets.sample(ctx.group_stream.child("street").bits(ctx.rows))


def _building_number_of(ctx: ValueContext, p: LocalePools) -> pl.Series:
    return p.building_numbers.sample(ctx.group_stream.child("number").bits(ctx.rows))


def _street_address_of(ctx: ValueContext, p: LocalePools) -> pl.Series:
    street, number = _street_name_of(ctx, p), _building_number_of(ctx, p)
    if p.street_order == "street number":
        return _frame_str(street, " ", number)
    if p.street_order == "number, street":
        return _frame_str(number, ", ", street)
    return _frame_str(number, " ", street)


@_kind("building_number", "The house number of the group's address.")
def _building_number(ctx: ValueContext, params: Params) -> pl.Series:
    return _building_number_of(ctx, _pools(ctx))


@_kind("street_name", "The street of the group's address.")
def _street_name(ctx: ValueContext, params: Params) -> pl.Series:
    return _street_name_of(ctx, _pools(ctx))


@_kind("street_address", "Building number and street, in the locale's order.")
def _street_address(ctx: ValueContext, params: Params) -> pl.Series:
    return _street_address_of(ctx, _pools(ctx))


@_kind("city", "The city of the group's address (from the locale's gazetteer).")
def _city(ctx: ValueContext, params: Params) -> pl.Series:
    p = _pools(ctx)
    return p.places.city.take(_place(ctx, p))


@_kind("state", "The region of the group's city: US state, UK county, German Land, French region.")
def _state(ctx: ValueContext, params: Params) -> pl.Series:
    p = _pools(ctx)
    return p.places.state.gather(_place(ctx, p))


@_kind(
    "state_abbr",
    "The region's abbreviation (US state code, German Land code); the region's name where the "
    "locale has no abbreviations (en_GB, fr_FR).",
)
def _state_abbr(ctx: ValueContext, params: Params) -> pl.Series:
    p = _pools(ctx)
    return p.places.state_abbr.gather(_place(ctx, p))


@_kind("postcode", "A postcode of the group's city (en_US: within the state's ZIP range).")
def _postcode(ctx: ValueContext, params: Params) -> pl.Series:
    p = _pools(ctx)
    return _postcode_of(ctx, p, _place(ctx, p))


@_kind("address", "A one-line address agreeing with the group's street, city, region and postcode.")
def _address(ctx: ValueContext, params: Params) -> pl.Series:
    p = _pools(ctx)
    place = _place(ctx, p)
    street = _street_address_of(ctx, p)
    city = p.places.city.take(place)
    postcode = _postcode_of(ctx, p, place)
    if p.locale == "en_US":
        return _frame_str(street, ", ", city, ", ", p.places.state_abbr.gather(place), " ", postcode)
    if p.locale == "en_GB":
        return _frame_str(street, ", ", city, ", ", postcode)
    return _frame_str(street, ", ", postcode, " ", city)


@_kind(
    "country",
    "The locale's country (the group's address country); random=True draws any country.",
    params={"random": False},
)
def _country(ctx: ValueContext, params: Params) -> pl.Series:
    p = _pools(ctx)
    if params["random"]:
        return p.countries.sample(ctx.stream.child("country").bits(ctx.rows))
    return pl.Series([p.country], dtype=pl.String).gather(np.zeros(len(ctx.rows), dtype=np.int64))


@_kind(
    "country_code",
    "ISO 3166 alpha-2 code of the locale's country; random=True draws any code.",
    params={"random": False},
)
def _country_code(ctx: ValueContext, params: Params) -> pl.Series:
    p = _pools(ctx)
    if params["random"]:
        return p.country_codes.sample(ctx.stream.child("country").bits(ctx.rows))
    return pl.Series([p.country_code], dtype=pl.String).gather(np.zeros(len(ctx.rows), dtype=np.int64))


# --- company, work ---------------------------------------------------------------


def _company_index(ctx: ValueContext, p: LocalePools) -> NDArray[np.int64]:
    return p.companies.index(ctx.group_stream.child("company").bits(ctx.rows))


@_kind("company", "A company name in the locale's formats (shared within the group).")
def _company(ctx: ValueContext, params: Params) -> pl.Series:
    p = _pools(ctx)
    return p.companies.take(_company_index(ctx, p))


@_kind("company_suffix", "A legal-form suffix: Inc, LLC, GmbH, SARL...")
def _company_suffix(ctx: ValueContext, params: Params) -> pl.Series:
    return _pools(ctx).company_suffixes.sample(ctx.stream.child("suffix").bits(ctx.rows))


@_kind("job_title", "A job title in the locale's language.")
def _job_title(ctx: ValueContext, params: Params) -> pl.Series:
    return _pools(ctx).jobs.sample(ctx.stream.child("job").bits(ctx.rows))


def _domains(ctx: ValueContext, p: LocalePools) -> pl.Series:
    given = _input(ctx, "company")
    if given is None:
        return p.company_domains.gather(_company_index(ctx, p))
    tld = p.tlds.sample(ctx.stream.child("tld").bits(ctx.rows))
    s = given.cast(pl.String)
    uniq = s.unique().drop_nulls()
    labels = [_company_label(v) for v in uniq.to_list()]
    label = s.replace_strict(uniq, pl.Series(labels, dtype=pl.String), default="company", return_dtype=pl.String)
    return _frame_str(label.fill_null("company"), ".", tld)


def _company_label(name: str) -> str:
    words = [fold_ascii(w) for w in name.replace(",", " ").replace("-", " ").split()]
    words = [
        w for w in words if w and w not in {"and", "und", "et", "inc", "llc", "ltd", "plc", "gmbh", "ag", "sa", "sarl"}
    ]
    return "-".join(words[:2]) or "company"


@_kind("domain_name", "A domain from the group's company (or a given company column).", column_params=("company",))
def _domain_name(ctx: ValueContext, params: Params) -> pl.Series:
    return _domains(ctx, _pools(ctx))


@_kind("url", "A homepage URL on the company's domain.", column_params=("company",))
def _url(ctx: ValueContext, params: Params) -> pl.Series:
    p = _pools(ctx)
    www = (ctx.stream.child("www").bits(ctx.rows) >> np.uint64(62)) != 0  # 75% www.
    prefix = pl.Series(["https://", "https://www."], dtype=pl.String).gather(www.astype(np.int64))
    return _frame_str(prefix, _domains(ctx, p), "/")


# --- sport -----------------------------------------------------------------------


@_kind(
    "team_name",
    "A sports team's name: the group's city and a club word in the locale's way (Riverton Hawks, Riverton "
    "Rovers, SV Riverton, AS Riverton); with unique=True a retry keeps the city and draws the word again.",
)
def _team_name(ctx: ValueContext, params: Params) -> pl.Series:
    p = _pools(ctx)
    # a club takes its town's plain name: 'Halle (Saale)' is Halle, 'Paris 04 Hôtel-de-Ville' is Paris
    city = p.places.city.take(_place(ctx, p)).str.replace(r" \(.*\)$", "").str.replace(r" \d+\b.*$", "")
    words, place_first = team_forms(ctx.locale)
    word = pl.Series(words, dtype=pl.String).gather(index_of(ctx.stream.child("team").bits(ctx.rows), len(words)))
    if place_first:
        return _frame_str(city, " ", word)
    # as French writes it: 'Olympique d'Avignon', 'Stade du Havre', not 'de Avignon', 'de Le Havre'
    name = _frame_str(word, " ", city).str.replace(r"\bde ([AEIOUYÂÉÈÊÎÔH])", "d'${1}")
    return name.str.replace(r"\bde Le ", "du ").str.replace(r"\bde Les ", "des ")


# --- finance ---------------------------------------------------------------------


@_kind("iban", "An IBAN of the locale's country with valid mod-97 check digits (en_US uses GB).")
def _iban(ctx: ValueContext, params: Params) -> pl.Series:
    p = _pools(ctx)
    bban, _ = p.bban.fill_matrix(ctx.rows, ctx.stream.child("bban"))
    check = iban_check_digits(p.iban_country, bban)
    n = len(ctx.rows)
    out = np.empty((n, 4 + bban.shape[1]), dtype=np.uint8)
    out[:, 0:2] = np.frombuffer(p.iban_country.encode("ascii"), dtype=np.uint8)
    out[:, 2] = (check // 10 + 48).astype(np.uint8)
    out[:, 3] = (check % 10 + 48).astype(np.uint8)
    out[:, 4:] = bban
    return strings_from_matrix(out, np.full(n, out.shape[1], dtype=np.int64))


_CARD_PROVIDERS = {
    # name: (label, weight, length, prefixes)
    "visa": ("Visa", 0.55, 16, ("4",)),
    "mastercard": (
        "Mastercard",
        0.35,
        16,
        (
            "51",
            "52",
            "53",
            "54",
            "55",
            "222%",
            "223",
            "224",
            "225",
            "226",
            "227",
            "228",
            "229",
            "23",
            "24",
            "25",
            "26",
            "270",
            "271",
            "2720",
        ),
    ),
    "amex": ("American Express", 0.10, 15, ("34", "37")),
}


@lru_cache(maxsize=1)
def _card_tables() -> tuple[Templates, NDArray[np.int64], NDArray[np.int64], Pool, pl.Series]:
    templates: list[str] = []
    offsets, counts = [], []
    for _label, _w, length, prefixes in _CARD_PROVIDERS.values():
        offsets.append(len(templates))
        counts.append(len(prefixes))
        templates += [pre + "#" * (length - len(pre) - 1) for pre in prefixes]
    names = list(_CARD_PROVIDERS)
    pool = Pool(names, [v[1] for v in _CARD_PROVIDERS.values()])
    labels = pl.Series([v[0] for v in _CARD_PROVIDERS.values()], dtype=pl.String)
    return Templates(templates), np.array(offsets), np.array(counts), pool, labels


def _card_provider_index(ctx: ValueContext, provider: object) -> NDArray[np.int64]:
    names = list(_CARD_PROVIDERS)
    if provider is None:
        return _card_tables()[3].index(ctx.group_stream.child("card").bits(ctx.rows))
    key = str(provider).lower().replace(" ", "")
    key = {"americanexpress": "amex", "master": "mastercard", "mc": "mastercard"}.get(key, key)
    if key not in _CARD_PROVIDERS:
        raise SpecError(
            f"unknown card provider '{provider}'; expected one of {', '.join(names)}" + did_you_mean(key, names)
        )
    return np.full(len(ctx.rows), names.index(key), dtype=np.int64)


@_kind(
    "card_provider",
    "Visa, Mastercard or American Express (agrees with the group's card_number).",
    params={"provider": None},
)
def _card_provider(ctx: ValueContext, params: Params) -> pl.Series:
    return _card_tables()[4].gather(_card_provider_index(ctx, params["provider"]))


@_kind(
    "card_number",
    "A payment card number with a valid Luhn digit and a realistic prefix and length "
    "(provider: visa, mastercard, amex, or None for a mix).",
    params={"provider": None},
)
def _card_number(ctx: ValueContext, params: Params) -> pl.Series:
    templates, offsets, counts, _pool, _labels = _card_tables()
    prov = _card_provider_index(ctx, params["provider"])
    which = offsets[prov] + index_of(ctx.stream.child("prefix").bits(ctx.rows), 1 << 16) % counts[prov]
    payload, lengths = templates.fill_matrix(ctx.rows, ctx.stream.child("digits"), which)
    n = len(ctx.rows)
    out = np.zeros((n, payload.shape[1] + 1), dtype=np.uint8)
    out[:, :-1] = payload
    out[np.arange(n), lengths] = luhn_check_digits(payload, lengths)
    return strings_from_matrix(out, lengths + 1)


@_kind(
    "currency_code",
    "ISO 4217 code of the locale's currency; random=True draws among major currencies.",
    params={"random": False},
)
def _currency_code(ctx: ValueContext, params: Params) -> pl.Series:
    p = _pools(ctx)
    if params["random"]:
        return p.currencies.sample(ctx.stream.child("currency").bits(ctx.rows))
    return pl.Series([p.currency_code], dtype=pl.String).gather(np.zeros(len(ctx.rows), dtype=np.int64))


# --- internet --------------------------------------------------------------------

_OCTETS = pl.Series([str(i) for i in range(256)], dtype=pl.String)
_PRIVATE_FIRST = {0, 10, 100, 127, 169, 172, 192, 198, 203}
_FIRST_OCTETS = np.array([i for i in range(1, 224) if i not in _PRIVATE_FIRST], dtype=np.int64)


@lru_cache(maxsize=1)
def _hex_groups() -> pl.Series:
    return pl.Series([format(i, "x") for i in range(1 << 16)], dtype=pl.String)


@_kind("ipv4", "A public-looking IPv4 address (no private, loopback, link-local or documentation first octets).")
def _ipv4(ctx: ValueContext, params: Params) -> pl.Series:
    b = ctx.stream.child("ip").bits(ctx.rows)
    first = _FIRST_OCTETS[index_of(b, len(_FIRST_OCTETS))]
    b2 = ctx.stream.child("ip2").bits(ctx.rows)
    o2 = (b2 & np.uint64(0xFF)).astype(np.int64)
    o3 = ((b2 >> np.uint64(8)) & np.uint64(0xFF)).astype(np.int64)
    o4 = 1 + index_of(b2 << np.uint64(16), 254)
    return _frame_str(_OCTETS.gather(first), ".", _OCTETS.gather(o2), ".", _OCTETS.gather(o3), ".", _OCTETS.gather(o4))


@_kind("ipv6", "A global-unicast-looking IPv6 address (2000::/3), eight groups, no compression.")
def _ipv6(ctx: ValueContext, params: Params) -> pl.Series:
    hexes = _hex_groups()
    b1 = ctx.stream.child("ip", 0).bits(ctx.rows)
    b2 = ctx.stream.child("ip", 1).bits(ctx.rows)
    groups: list[pl.Series | str] = []
    for i in range(8):
        b = b1 if i < 4 else b2
        g = ((b >> np.uint64(16 * (i % 4))) & np.uint64(0xFFFF)).astype(np.int64)
        if i == 0:
            g = 0x2000 + (g & 0x1FFF)
        if i:
            groups.append(":")
        groups.append(hexes.gather(g))
    return _frame_str(*groups)


@_kind("user_agent", "A browser user-agent string (Chrome, Firefox, Safari, Edge; desktop and mobile).")
def _user_agent(ctx: ValueContext, params: Params) -> pl.Series:
    return _pools(ctx).user_agents.sample(ctx.stream.child("ua").bits(ctx.rows))


# --- text ------------------------------------------------------------------------


@cache
def _spaced_words(locale: str) -> pl.Series:
    p = locale_pools(locale)
    return _concat([(" " + p.words.values).alias("w"), pl.Series("w", [""], dtype=pl.String)])


@_kind("word", "A lorem word of the locale's language.")
def _word(ctx: ValueContext, params: Params) -> pl.Series:
    return _pools(ctx).words.sample(ctx.stream.child("word").bits(ctx.rows))


def _check_range(kind: str, lo: object, hi: object, lo_name: str, hi_name: str) -> tuple[int, int]:
    try:
        a, b = int(lo), int(hi)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise SpecError(f"value kind '{kind}': {lo_name} and {hi_name} must be integers") from None
    if a < 1 or b < a:
        raise SpecError(f"value kind '{kind}': expected 1 <= {lo_name} <= {hi_name}, found {a} and {b}")
    return a, b


def _sentences(ctx: ValueContext, stream: Stream, lo: int, hi: int) -> pl.Series:
    p = _pools(ctx)
    rows = ctx.rows
    k = lo + index_of(stream.child("length").bits(rows), hi - lo + 1)
    spaced = _spaced_words(ctx.locale)
    parts: list[pl.Series | str] = [p.words_capitalized.gather(p.words.index(stream.child("w", 0).bits(rows)))]
    for j in range(1, hi):
        idx = p.words.index(stream.child("w", j).bits(rows))
        parts.append(spaced.gather(np.where(j < k, idx, p.words.size)))
    parts.append(".")
    return _frame_str(*parts)


@_kind("sentence", "A sentence of min_words..max_words lorem words.", params={"min_words": 4, "max_words": 12})
def _sentence(ctx: ValueContext, params: Params) -> pl.Series:
    lo, hi = _check_range("sentence", params["min_words"], params["max_words"], "min_words", "max_words")
    return _sentences(ctx, ctx.stream, lo, hi)


@_kind(
    "paragraph",
    "min_sentences..max_sentences sentences of 4..12 words.",
    params={"min_sentences": 3, "max_sentences": 6},
)
def _paragraph(ctx: ValueContext, params: Params) -> pl.Series:
    lo, hi = _check_range(
        "paragraph", params["min_sentences"], params["max_sentences"], "min_sentences", "max_sentences"
    )
    m = lo + index_of(ctx.stream.child("count").bits(ctx.rows), hi - lo + 1)
    parts: list[pl.Series | str] = []
    for j in range(hi):
        s = _sentences(ctx, ctx.stream.child("sentence", j), 4, 12)
        if j == 0:
            parts.append(s)
        else:
            keep = pl.Series(j < m)
            parts.append(
                pl.select(pl.when(pl.lit(keep)).then(pl.lit(" ") + pl.lit(s)).otherwise(pl.lit(""))).to_series()
            )
    return _frame_str(*parts)
