"""Classify one column from its values and its name: ``ColumnProfile``.

Names only ever *lower the bar* for what the data already suggests (a column named
``birth_number`` whose values are 6-digit birth numbers; integers named ``date``
that parse as YYMMDD): a name alone never makes a kind. Every profile says why
in ``evidence``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import polars as pl

from simulacra._date_codes import MONTH_CODE, MONTH_WORDS, date_code, six_digit_reading, ymd_dates
from simulacra._date_formats import date_format
from simulacra._frames import stat
from simulacra._number_dates import number_dates
from simulacra._rare import MIN_COUNT
from simulacra.sources._coerce import DURATION, parse_duration
from simulacra.sources._money import describe_money, money_format, parse_money
from simulacra.sources._units import is_unit_column, unit_value_share

from . import _patterns as pt
from ._code_lists import code_list
from ._digit_text import CODE_NAMES, fixed_width_codes, text_numbers

__all__ = ["ColumnKind", "ColumnProfile", "profile_column", "written_codes"]

ColumnKind = Literal["identifier", "categorical", "numeric", "datetime", "date", "boolean", "text", "pii"]

#: distinct values examined for pattern tests (a sample of the distinct values, in a fixed order)
_SAMPLE = 5_000
_DATE_WORDS = {
    "date",
    "day",
    "dt",
    "time",
    "timestamp",
    "issued",
    "created",
    "updated",
    "modified",
    "born",
    "birthday",
    "dob",
    "on",
    "at",
    "since",
    "until",
    "start",
    "end",
    "opened",
    "closed",
    "expires",
    "expiry",
    "valid",
}
#: name words that speak of an instant stored as a number (beside ``_DATE_WORDS``): ``created_ts``, ``unix_time``
_EPOCH_WORDS = {"ts", "epoch", "unix", "posix"}
_ID_WORDS = {"id", "key", "no", "nr", "num", "number", "code", "ref", "reference", "uuid", "guid", "account", "acct"}
_BOOL_TEXT = {"true", "false", "t", "f", "yes", "no", "y", "n", "0", "1", "ano", "ne", "ja", "nein", "oui", "non"}
#: value shapes that decide a text column when >= 90% of its distinct values have them, tried in
#: order: (share function, kind, pii kind, evidence with {share} and {m} distinct values)
_SHAPES: tuple[tuple[Callable[[pl.Series], float], ColumnKind, str | None, str], ...] = (
    (pt.email_share, "pii", "email", "{share} of {m} distinct values are email addresses"),
    (pt.uuid_share, "identifier", None, "{share} of {m} distinct values are UUIDs"),
    (pt.iban_share, "pii", "iban", "{share} of {m} distinct values are IBANs with valid mod-97 check digits"),
    (pt.card_share, "pii", "card_number", "{share} of {m} distinct values are card numbers with a valid Luhn digit"),
    (
        pt.ssn_share,
        "pii",
        "national_id",
        "national ID: {share} of {m} distinct values have the US SSN shape ddd-dd-dddd",
    ),
)
_NATIONAL = {
    "birth",
    "national",
    "ssn",
    "nin",
    "personal",
    "pin",
    "passport",
    "rodne",
    "cislo",
    "tax",
    "sin",
    "insee",
    "nino",
}


@dataclass(frozen=True)
class ColumnProfile:
    """What a column is (``kind``, ``pii_kind``) and why (``evidence``), with a few counts.

    ``parse_format`` is the strptime format of dates stored as text or integers
    (``"%y%m%d"`` for Berka's YYMMDD), so ``coerce`` and the synthesizers can read them.
    ``pii_kind`` is a ``simulacra.values.VALUE_KINDS`` name or ``"national_id"``; beside another kind it says
    what the values are though they are kept as that kind (towns many rows share: categorical, ``"city"``).
    """

    table: str
    column: str
    kind: ColumnKind
    pii_kind: str | None
    dtype: str
    null_rate: float
    n_distinct: int
    parse_format: str | None
    evidence: str
    n_rows: int = 0
    unique: bool = False

    def describe(self) -> str:
        what = f"pii:{self.pii_kind}" if self.kind == "pii" else self.kind
        return f"{what}: {self.evidence}"


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%" if x >= 0.995 or x <= 0.005 else f"{100 * x:.1f}%"


def _ends(s: pl.Series) -> tuple[object, object]:
    """The smallest and largest value of ``s``, only to be written into evidence text."""
    return s.min(), s.max()


def _sample_distinct(s: pl.Series) -> pl.Series:
    vals = s.drop_nulls().unique(maintain_order=True)
    return vals.head(_SAMPLE) if vals.len() > _SAMPLE else vals


#: table names whose rows are people: a bare "name" column there is a person's name
_PEOPLE_TABLE = re.compile(
    r"(person|people|customer|client|user|member|employee|staff|patient|student|teacher|contact|author|"
    r"agent|driver|passenger|guest|owner|manager|worker|applicant|candidate|subscriber|buyer|seller|donor|"
    r"player|doctor|nurse|vet|tenant|resident|visitor|account_holder|holder|individual|human|kund|mitarbeiter)"
)


def profile_column(
    table: str, series: pl.Series, *, role: str | None = None, dates: bool = True, read_as_numbers: bool = False
) -> ColumnProfile:
    """Profile one column. ``role`` is ``"primary key (declared|inferred)"`` or ``"foreign key -> t.c ..."``.
    ``dates=False`` keeps text that reads as dates as text (its day/month order is unknown: ``_day_month``).
    ``read_as_numbers``: digit text a reader had typed as integers (``written_codes``): codes only where sparse."""
    name = series.name
    n = series.len()
    nonnull = series.drop_nulls()
    null_rate = (n - nonnull.len()) / n if n else 0.0
    n_distinct = nonnull.n_unique() if nonnull.len() else 0
    unique = nonnull.len() > 0 and n_distinct == nonnull.len()
    dtype = str(series.dtype)

    def make(kind: ColumnKind, evidence: str, pii: str | None = None, fmt: str | None = None) -> ColumnProfile:
        return ColumnProfile(table, name, kind, pii, dtype, round(null_rate, 6), n_distinct, fmt, evidence, n, unique)

    if nonnull.len() == 0:
        return make("categorical", f"every value is null ({n} rows): nothing to learn")
    if role is not None:
        return make("identifier", role)
    tokens = pt.name_tokens(name)
    words = set(tokens)
    ratio = n_distinct / nonnull.len()
    dt_ = series.dtype

    if dt_ == pl.Boolean:
        return make("boolean", f"boolean values, {_pct(stat(nonnull.mean()))} true")
    if dt_ == pl.Date:
        first, last = _ends(nonnull)
        return make("date", f"date values {first}..{last}")
    if isinstance(dt_, pl.Datetime):
        first, last = _ends(nonnull)
        if bool((nonnull.dt.truncate("1d") == nonnull).all()):
            return make("date", f"timestamps all at midnight {first}..{last}")
        return make("datetime", f"timestamps {first}..{last}")
    if dt_.is_numeric():
        return _numeric(make, nonnull, words, n_distinct, ratio)
    if dt_ in (pl.String, pl.Categorical) or isinstance(dt_, pl.Enum):
        return _text(
            make,
            nonnull.cast(pl.String).str.strip_chars(),
            words,
            tokens,
            n_distinct,
            ratio,
            table,
            dates=dates,
            read_as_numbers=read_as_numbers,
        )
    return make("categorical", f"values of type {dtype}, treated as categories")


#: column-name words that speak of a company
_COMPANY_WORDS = {
    "company",
    "companies",
    "employer",
    "organisation",
    "organization",
    "firm",
    "business",
    "vendor",
    "supplier",
    "merchant",
    "manufacturer",
    "publisher",
    "insurer",
    "agency",
    "corporation",
    "org",
}
#: a category keeps at most this many values in a draft, each seen at least MIN_COUNT times (rarer values are
#: never written: they could identify someone)
MAX_CATEGORIES = 200
_CODES_MAX = 10  # integers (or numbers written as text) with at most this many distinct values are codes
#: a number written as text: sign, digits with optional thousands commas, decimals, exponent
_NUMBER_TEXT = r"^[+-]?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)?(\.[0-9]+)?([eE][+-]?[0-9]+)?$"


def _numeric(make, nonnull: pl.Series, words: set[str], n_distinct: int, ratio: float) -> ColumnProfile:
    is_int = nonnull.dtype.is_integer()
    # yymmdd integers that lost their leading zeros (000101 stored as 101), epoch seconds or milliseconds named a time
    stored = number_dates(nonnull, named=bool(words & (_DATE_WORDS | _EPOCH_WORDS))) if is_int else None
    if stored is not None:
        return make(stored[1], stored[2], fmt=stored[0])
    # YYYYMMDD integers: the range is checked first, so other integer columns are never cast to text for it
    ymd = is_int and 18_000_101 <= stat(nonnull.min()) and stat(nonnull.max()) <= 21_991_231
    both = _six_digits(_sample_distinct(nonnull), words, n_distinct) if is_int else None
    if both is not None:
        if both[0] is not None:
            return _coded(make, nonnull.cast(pl.String), both[0], f"integers read as dates ({both[0]}): {both[1]}")
        make = _noted(make, both[1])
    elif is_int and (words & _DATE_WORDS or (ymd and ymd_dates(_sample_distinct(nonnull).cast(pl.String)))):
        text = nonnull.cast(pl.String)
        found = date_format(_sample_distinct(text), allow_compact=True)
        if found is not None:
            fmt, kind, share = found
            first, last = _ends(pt.parse_dates(text, fmt).drop_nulls())
            return make(
                kind,
                f"integers read as dates ({fmt}): "
                + ("the name speaks of a date and " if words & _DATE_WORDS else "every value is a YYYYMMDD day and ")
                + f"{_pct(share)} of the distinct values parse; {first:%Y-%m-%d}..{last:%Y-%m-%d}",
                fmt=fmt,
            )
    if is_int and n_distinct > _CODES_MAX and date_code(_sample_distinct(nonnull)) == MONTH_CODE:
        return _month_codes(make, nonnull.cast(pl.String), "integers")
    if is_int:
        digits = nonnull.cast(pl.String)
        six = digits.str.zfill(6) if bool((nonnull >= 0).all()) else digits
        bn = pt.birth_number_share(_sample_distinct(six))
        if bn >= 0.98 and (words & _NATIONAL or bn >= 0.99):
            return make(
                "pii",
                f"national ID: {_pct(bn)} of the distinct values are birth numbers YYMMDD (month + 50 for "
                "women), i.e. a birth date inside an identifier",
                pii="national_id",
            )
        cards = pt.card_share(_sample_distinct(digits))
        if cards >= 0.9:
            return make(
                "pii",
                f"{_pct(cards)} of the distinct values are 13-19 digit numbers with a valid Luhn digit",
                pii="card_number",
            )
    if n_distinct == 2 and set(nonnull.unique().to_list()) <= {0, 1}:
        return make("boolean", f"only 0 and 1 ({_pct(stat(nonnull.mean()))} ones)")
    long_numbers = is_int and stat(nonnull.abs().median()) >= 100_000
    if is_int and words & _ID_WORDS and n_distinct >= 10 and (ratio >= 0.5 or long_numbers):
        why = f"{_pct(ratio)} distinct" if ratio >= 0.5 else "long numbers (median of 6+ digits)"
        return make("identifier", f"integers named like an identifier ({'/'.join(sorted(words & _ID_WORDS))}), {why}")
    rows = nonnull.len()
    # more codes than a handful are still codes where the values say so (a code list: the draft gives its evidence)
    if is_int and (n_distinct <= _CODES_MAX or code_list(nonnull, nonnull.name) is not None):
        return make(
            "categorical",
            f"integers with only {n_distinct} distinct values in {rows:,} rows: codes, learned as categories",
        )
    lo, hi = _ends(nonnull)
    return make(
        "numeric",
        f"{'integers' if is_int else 'numbers'} {lo}..{hi}, {n_distinct} distinct in {rows:,} rows "
        f"({_pct(ratio)}): learned as numbers",
    )


def written_codes(series: pl.Series) -> bool:
    """Whether integers a delimited file wrote as digits (``4512``) are codes of one width, sparse over their range
    (``fixed_width_codes``, the rule for digit text a database keeps): profiled as the text they were written as,
    they are drawn as the source's codes, never as numbers between them."""
    nonnull = series.drop_nulls()
    if not series.dtype.is_integer() or nonnull.len() == 0 or nonnull.n_unique() <= _CODES_MAX:
        return False  # a handful of integers are learned as categories already (_numeric)
    if code_list(nonnull, str(series.name)) is not None:
        return False  # a code list of integers (_numeric): kept as the source's integers with every share
    ratio = nonnull.n_unique() / nonnull.len()
    words = set(pt.name_tokens(str(series.name)))
    if words & (_ID_WORDS - CODE_NAMES) and stat(nonnull.abs().median()) >= 100_000:
        return False  # long numbers named an identifier (an account's number, repeated): an identifier (_numeric)
    digits = _sample_distinct(nonnull).cast(pl.String)
    return fixed_width_codes(digits, words, _DATE_WORDS, ratio, read_as_numbers=True) is not None


def _six_digits(values: pl.Series, words: set[str], n_distinct: int) -> tuple[str | None, str] | None:
    """``six_digit_reading`` where a date reading was in question: the name speaks of a date or month (six digits
    were read ``%y%m%d`` by it), or the values alone decide months as ``date_code`` would (more than a few)."""
    six = six_digit_reading(values, words)
    if six is None:
        return None
    if words & (_DATE_WORDS | MONTH_WORDS) or (six[0] == MONTH_CODE and n_distinct > _CODES_MAX):
        return six
    return None


def _coded(make, codes: pl.Series, fmt: str, why: str) -> ColumnProfile:
    """Six-digit codes read one way by ``six_digit_reading``: a date, written back in the code's form."""
    first, last = _ends(pt.parse_dates(codes, fmt).drop_nulls())
    return make("date", f"{why}; {first:%Y-%m-%d}..{last:%Y-%m-%d}", fmt=fmt)


def _noted(make, why: str):
    """``make`` with ``why`` (six digits no evidence read as dates) added to every evidence: never dropped silently."""

    def noted(kind: ColumnKind, evidence: str, pii: str | None = None, fmt: str | None = None) -> ColumnProfile:
        return make(kind, f"{evidence}; {why}", pii, fmt)

    return noted


def _month_codes(make, codes: pl.Series, written: str) -> ColumnProfile:
    """A column of months written as ``YYYYMM`` codes (``date_code``): a date at month grain, written back as
    codes. Drawn as numbers, its values ran past December (202113); a few months stay categories, as codes do."""
    first, last = _ends(pt.parse_dates(codes, MONTH_CODE).drop_nulls())
    return make(
        "date",
        f"{written} read as months ({MONTH_CODE}): every distinct value is a month YYYYMM over two years or more; "
        f"{first:%Y-%m}..{last:%Y-%m}",
        fmt=MONTH_CODE,
    )


def _text(
    make,
    vals: pl.Series,
    words: set[str],
    tokens: list[str],
    n_distinct: int,
    ratio: float,
    table: str = "",
    *,
    dates: bool = True,
    read_as_numbers: bool = False,
) -> ColumnProfile:
    sample = _sample_distinct(vals)
    m = sample.len()
    lower = set(sample.str.to_lowercase().head(50).to_list())
    if n_distinct <= 2 and lower <= _BOOL_TEXT and len(lower) == 2:
        return make("boolean", f"two values {sorted(lower)} that read as yes/no")
    for share_of, kind, pii, evidence in _SHAPES:
        share = share_of(sample)
        if share >= 0.9:
            return make(kind, evidence.format(share=_pct(share), m=m), pii=pii)
    share = pt.birth_number_share(sample)
    if share >= 0.98 and (words & _NATIONAL or share >= 0.99):
        return make(
            "pii",
            f"national ID: {_pct(share)} of {m} distinct values are birth numbers YYMMDD (month + 50 for "
            "women), i.e. a birth date inside an identifier",
            pii="national_id",
        )
    six = _six_digits(sample, words, n_distinct) if dates else None
    if six is not None:
        if six[0] is not None:
            return _coded(make, sample, six[0], f"text read as dates ({six[0]}): {six[1]}")
        make = _noted(make, six[1])
        dates = False  # neither reading decided: the digits stay text, not a date format tried on its own
    if dates and n_distinct > _CODES_MAX and date_code(sample) == MONTH_CODE:
        return _month_codes(make, sample, "text")
    has_time = bool(sample.str.contains(r"^[0-9]{6,8} [0-9]{2}:[0-9]{2}").mean() or 0) >= 0.99
    compact = bool(words & _DATE_WORDS) or has_time or ymd_dates(sample)
    found = date_format(sample, allow_compact=compact) if dates else None
    if found is not None:
        fmt, date_kind, share = found
        first, last = _ends(pt.parse_dates(sample, fmt).drop_nulls())
        return make(
            date_kind,
            f"{_pct(share)} of {m} distinct values parse as {fmt}; {first:%Y-%m-%d}..{last:%Y-%m-%d}",
            fmt=fmt,
        )
    money, not_money = money_format(sample)
    # a few prices many rows share ($5, $10, $20: a menu's tiers) stay categories, as few numbers written as text do
    if money is not None and n_distinct > _CODES_MAX:
        amounts = parse_money(sample, money).drop_nulls()
        if amounts.len() == sample.len():
            low, high = _ends(amounts)
            return make(
                "numeric",
                f"money: every one of {m} distinct values is an amount written {describe_money(money)} (e.g. "
                f"{sample[0]!r}; format {money}); learned as amounts {low}..{high}, written back the same way",
                fmt=money,
            )
    if not_money:
        # amounts that read two ways: left as they were, and the evidence says why
        plain = make

        def make(kind: ColumnKind, evidence: str, pii: str | None = None, fmt: str | None = None) -> ColumnProfile:
            return plain(kind, f"{evidence}; not learned as amounts: {not_money}", pii, fmt)

    timed = stat(sample.str.contains(DURATION).mean())
    colons = stat(sample.str.contains(":").mean())
    if timed >= 0.99 and colons >= 0.2 and n_distinct >= 3:
        shortest, longest = _ends(parse_duration(sample).drop_nulls())
        return make(
            "numeric",
            f"durations: {_pct(timed)} of {m} distinct values read as [h:]m:ss.fff or seconds "
            f"(e.g. {sample[0]!r}); learned as seconds {shortest:g}..{longest:g}",
            fmt="duration",
        )
    if is_unit_column(sample):
        share, n_units = unit_value_share(sample)
        return make(
            "numeric",
            f"measured values: {_pct(share)} of {m} distinct values are a number and one of {n_units} units "
            f"(e.g. {sample[0]!r}); learned as numbers, written back with their unit",
            fmt="unit",
        )
    decimal = stat(sample.str.contains(r"^[+-]?[0-9]+\.[0-9]+$").mean())
    if decimal >= 0.99 and n_distinct >= 3:
        return make("numeric", f"numbers written as text: {_pct(decimal)} of {m} distinct values are decimals")
    share = pt.ipv4_share(sample)
    if share >= 0.9:
        return make("pii", f"{_pct(share)} of {m} distinct values are IPv4 addresses", pii="ipv4")
    phone_hint = bool(words & {"phone", "tel", "telephone", "mobile", "cell", "fax"})
    shaped = pt.phone_share(sample, named=True)
    styled = pt.phone_share(sample)
    share = shaped if phone_hint else styled
    if n_distinct >= 3 and ((phone_hint and shaped >= 0.8) or (styled >= 0.8 and shaped >= 0.95)):
        return make(
            "pii",
            f"{_pct(share)} of {m} distinct values are written like phone numbers (7-15 digits with "
            f"+, blanks, dashes or parentheses){'; named ' + '/'.join(sorted(words & {'phone', 'tel', 'telephone', 'mobile', 'cell', 'fax'})) if phone_hint else ''}",
            pii="phone",
        )
    share = pt.street_share(sample)
    if share >= 0.7:
        return make("pii", f"{_pct(share)} of {m} distinct values are a number and a street name", pii="street_address")
    share = pt.postcode_share(sample)
    if share >= 0.9 and n_distinct >= 3:
        return make(
            "pii", f"{_pct(share)} of {m} distinct values have the shape of UK/Canadian postcodes", pii="postcode"
        )
    digits_only = bool(sample.str.contains(r"^[0-9]+$").all())
    if digits_only and words & {"zip", "zipcode", "postcode", "postal", "plz", "cp"}:
        return make(
            "pii",
            f"digit strings named like a postcode ({'/'.join(sorted(words))}), {n_distinct} distinct",
            pii="postcode",
        )
    hint_company = bool(words & _COMPANY_WORDS)
    if ratio >= 0.3 and n_distinct >= 10:
        # mostly rare company names (a customer's employer): made fresh by the value engine, never placeholders;
        # a few suppliers that many rows share stay a category (their names identify no one)
        co = pt.company_share(sample)
        if co >= (0.3 if hint_company else 0.7):
            return make(
                "pii",
                f"{_pct(co)} of {m} distinct values are written like company names (a legal suffix, partners' "
                f"names){'; named ' + '/'.join(sorted(words & _COMPANY_WORDS)) if hint_company else ''}",
                pii="company",
            )
    f_share, l_share, full = pt.name_share(sample)
    hint_first = bool(words & {"first", "given", "fname", "firstname", "forename", "vorname", "prenom"})
    hint_last = bool(words & {"last", "surname", "family", "lname", "lastname", "nachname", "nom"})
    # a bare "name" speaks of a person only in a table of people: a region's, a department's or a
    # product's name is a label ("North", "Sales"), however many of its words are also surnames
    people = _PEOPLE_TABLE.search(table.lower()) is not None or bool(words & {"person", "customer", "contact"})
    hint_name = ("name" in words and people) or hint_first or hint_last
    if full >= (0.3 if hint_name else 0.5) and (n_distinct >= 10 or hint_name):
        return make(
            "pii",
            f"{_pct(full)} of {m} distinct values are a known first name followed by a known last name",
            pii="full_name",
        )
    need = 0.3 if hint_name else 0.6
    if (n_distinct >= 15 or hint_name) and max(f_share, l_share) >= need:
        if (f_share >= l_share and not hint_last) or hint_first:
            return make(
                "pii",
                f"{_pct(f_share)} of {m} distinct values are known first names"
                f"{' (and the name says so)' if hint_first else ''}",
                pii="first_name",
            )
        return make(
            "pii",
            f"{_pct(l_share)} of {m} distinct values are known last names"
            f"{' (and the name says so)' if hint_last else ''}",
            pii="last_name",
        )
    if (hint_first or hint_last) and n_distinct >= 10 and pt.word_name_share(sample) >= 0.95:
        # named a first or last name and shaped like one (one capitalised word), though few are in the
        # name pools (names of another country, made-up names): a name all the same, made fresh
        return make(
            "pii",
            f"{_pct(pt.word_name_share(sample))} of {m} distinct values are one capitalised word in a column "
            f"named {'/'.join(tokens)} ({_pct(max(f_share, l_share))} known names)",
            pii="first_name" if hint_first else "last_name",
        )
    if (
        words & {"city", "town", "municipality", "ort", "ville", "stadt"}
        and bool(sample.str.contains(r"^[^\d@]{2,40}$").mean() or 0) >= 0.9
        and n_distinct >= 3
    ):
        named = f"place names ({n_distinct} distinct, no digits) in a column named {'/'.join(tokens)}"
        # a few towns that many rows share (a firm's branches, a survey's cities) identify no one: their
        # names and shares are the data, kept as a category; towns most rows hold alone are made fresh
        counts = vals.value_counts().get_column("count")
        shared = stat(counts.filter(counts >= MIN_COUNT).sum()) / max(vals.len(), 1)
        if n_distinct <= MAX_CATEGORIES and shared >= 0.95:
            return make(
                "categorical",
                f"{named}, {_pct(shared)} of the rows in towns seen at least {MIN_COUNT} times: places many rows "
                "share, learned as categories",
                pii="city",
            )
        return make("pii", named, pii="city")
    mean_words, mean_chars = pt.words(sample)
    if mean_words >= 6 or (mean_chars >= 40 and ratio >= 0.5 and mean_words >= 3):
        return make(
            "text",
            f"free text: {mean_words:.1f} words and {mean_chars:.0f} characters per value on average, "
            f"{_pct(ratio)} distinct",
        )
    numeric = stat((sample.str.contains(_NUMBER_TEXT) & sample.str.contains("[0-9]")).mean())
    zeros = bool(sample.str.contains(r"^0[0-9]").any())  # leading zeros: a code (postcode, account number)
    # digits without a leading zero: codes of one width (NAICS-like 4512) are categories, never numbers drawn
    # between them; digits of several widths (a quantity kept as text) are numbers, not an identifier (_digit_text)
    codes = (
        fixed_width_codes(sample, words, _DATE_WORDS, ratio, read_as_numbers=read_as_numbers)
        if digits_only and not zeros
        else None
    )
    if codes is not None and n_distinct > _CODES_MAX:
        return make("categorical", codes)
    measured = digits_only and text_numbers(sample, words, _ID_WORDS, ratio)
    id_like = digits_only and ratio >= 0.5 and n_distinct >= 10 and not measured
    if numeric >= 0.99 and not zeros and not id_like:
        if n_distinct > _CODES_MAX:
            return make(
                "numeric",
                f"numbers written as text: {_pct(numeric)} of {m} distinct values parse as "
                f"numbers, {n_distinct} distinct in {vals.len():,} rows ({_pct(ratio)}): learned as numbers",
            )
        return make(
            "categorical",
            f"numbers written as text with only {n_distinct} distinct values in "
            f"{vals.len():,} rows: codes, learned as categories",
        )
    if digits_only and ratio >= 0.5 and n_distinct >= 10:
        return make("identifier", f"digit strings, {_pct(ratio)} distinct (a code or account number, not a quantity)")
    coded = stat(sample.str.contains(r"^[A-Z0-9_./:#-]*[0-9][A-Z0-9_./:#-]*$").mean())
    if ratio >= 0.95 and n_distinct >= 20 and coded >= 0.9:
        return make(
            "identifier", f"codes ({_pct(coded)} upper-case letters and digits without blanks), {_pct(ratio)} distinct"
        )
    return make(
        "categorical", f"{n_distinct} distinct values" + (f" ({_pct(ratio)} of the rows)" if ratio > 0.2 else "")
    )
