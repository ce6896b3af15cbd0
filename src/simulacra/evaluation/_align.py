"""Before any metric: do the real, synthetic and holdout data line up?

Column names are compared after trimming surrounding blanks (UCI Adult's published
header is ``age, workclass, …``, so a reader that keeps the blanks names the columns
`` workclass``). Then every column must exist on every side, have the same type
family (number, date/time, boolean, text), and a categorical column must not hold
values the real data never has in more than ``UNSEEN_SHARE`` of the other side's rows
when they are spellings of real values (``' Male'`` against ``'Male'``), nor unseen values in
most of its rows (another encoding altogether); rare values a sample happens to miss are fine.
A column whose other side is mostly unseen values with many more distinct ones than the real
column (``FRESH_RATIO`` times) holds values made fresh — names, e-mails a sample never copies —
and is left out of the comparison with a note, not reported as a mismatch; so is one distinct on every row on
both sides of a small table (the cities of 10 branches, made fresh). The target's classes must be the same in the real
data and the holdout (``<=50K`` against ``<=50K.``), and the synthetic data must not
invent classes.

Every mismatch is a :class:`~simulacra.errors.Problem` located by file, table and
column. ``evaluate`` raises :class:`MismatchError` with all of them (exit code 4), or,
with ``allow_mismatch=True``, keeps them as warnings in the report, leaves out the
columns that cannot be compared and marks what cannot be computed honestly as not
computed.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

import polars as pl

from simulacra.errors import Location, MismatchError, Problem

__all__ = [
    "UNSEEN_SHARE",
    "Alignment",
    "MismatchError",
    "align_inputs",
    "compatible_families",
    "dtype_family",
    "trim_names",
]

#: a categorical column fails when more than UNSEEN_SHARE of the other side's rows hold values the real data
#: lacks and those values are spellings of real ones (' Male', 'male', '<=50K.'), or when more than
#: MOSTLY_UNSEEN of them do (another encoding); rarer unseen values are what any sample misses
UNSEEN_SHARE = 0.05
MOSTLY_UNSEEN = 0.5
#: a column whose other side is mostly unseen values, with at least FRESH_RATIO times as many distinct values as the
#: real column (and FRESH_MIN), holds values made fresh (names, e-mails): left out of the comparison with a note
FRESH_RATIO = 4
FRESH_MIN = 20
#: ... or whose real values are many for its rows (at least this share of its rows distinct, and FRESH_MIN values):
#: identifying values (the names and e-mails of a 40-row staff table), which a sample makes fresh, not categories
#: (a category of 3 teams or 40 countries in 1,000 rows is far below; customers' first names ~0.27-0.9)
IDENTIFYING_SHARE = 0.25
#: a column the sample's manifest lists as not learned is fresh values (not categories) with real values a quarter of
#: its rows however few, or at least FRESH_MIN values and this share of its rows (2,000 patients' 401 surnames)
NOT_LEARNED_SHARE = 0.05
#: ... or whose real values are one per row in a table of at least ALL_DISTINCT_MIN rows, however few: a 6-row
#: table's school names, codes and postcodes (each value once is no category to compare)
ALL_DISTINCT_MIN = 3
_MAX_LISTED = 6


def _made_fresh(values: int, rows: int) -> bool:
    """Whether a column the sample did not learn, with ``values`` distinct real values in ``rows``, holds values
    made fresh (names, e-mails, codes) rather than a category a rule made (a band of 5 values)."""
    return rows > 0 and (values >= IDENTIFYING_SHARE * rows or values >= max(FRESH_MIN, NOT_LEARNED_SHARE * rows))


@dataclass
class Alignment:
    """The frames with trimmed names, the target's trimmed name, and what does not line up."""

    real: pl.DataFrame
    synthetic: pl.DataFrame
    holdout: pl.DataFrame | None
    target: str | None
    problems: list[Problem] = field(default_factory=list)
    #: columns that cannot be compared (missing on a side, or of another type): left out with allow_mismatch
    drop: set[str] = field(default_factory=set)
    #: why utility cannot be computed honestly (target classes differ), or None
    target_problem: str | None = None
    #: the holdout does not line up: metrics that use it are not computed
    holdout_problem: bool = False
    notes: list[str] = field(default_factory=list)


def trim_names(frame: pl.DataFrame, where: Location) -> tuple[pl.DataFrame, list[Problem]]:
    """``frame`` with blanks trimmed from its column names; two names that trim alike are a problem."""
    new = [c.strip() for c in frame.columns]
    if new == frame.columns:
        return frame, []
    seen: dict[str, str] = {}
    problems = []
    for old, n in zip(frame.columns, new, strict=True):
        if n in seen:
            problems.append(
                Problem(
                    where.with_(column=n), f"columns {seen[n]!r} and {old!r} have the same name once blanks are trimmed"
                )
            )
        seen.setdefault(n, old)
    if problems:
        return frame, problems
    return frame.rename(dict(zip(frame.columns, new, strict=True))), []


def dtype_family(dtype: pl.DataType) -> str | None:
    """The kind of values a polars dtype holds, as alignment compares them: 'boolean', 'date/time', 'number', 'text'
    (else the dtype's name); None for an all-null column."""
    if dtype == pl.Null:
        return None  # all-null: no type to disagree with
    if dtype == pl.Boolean:
        return "boolean"
    if dtype in (pl.Date, pl.Time) or isinstance(dtype, pl.Datetime | pl.Duration):
        return "date/time"
    if dtype.is_numeric():
        return "number"
    if dtype in (pl.String, pl.Categorical) or isinstance(dtype, pl.Enum):
        return "text"
    return str(dtype)


def compatible_families(a: str | None, b: str | None) -> bool:
    """Whether two ``dtype_family`` kinds may be compared: the same, either unknown (all null), or number beside
    boolean."""
    if a is None or b is None or a == b:
        return True
    return {a, b} == {"number", "boolean"}  # 0/1 columns are read as either


def _parse_text_dates(text: pl.Series) -> pl.Series | None:
    """Text dates by polars' inference, else by the first of the readers' formats that parses every value."""
    from simulacra._text_dates import read_text_dates

    return read_text_dates(text)


def typed_like(s: pl.Series, like: pl.DataType) -> pl.Series | None:
    """Text ``s`` as ``like``'s type when every non-null value parses; None otherwise."""
    fam = dtype_family(like)
    text = s.cast(pl.String).str.strip_chars()
    if fam == "date/time" and like != pl.Time and not isinstance(like, pl.Duration):
        from simulacra.sources import parse_datetime

        out: pl.Series | None
        try:
            if s.dtype.is_integer():  # dates kept as numbers: 20240102, or Berka's 930102 (yymmdd)
                long = (text.str.len_chars().max() or 0) > 6  # type: ignore[operator]
                out = parse_datetime(text.str.zfill(8) if long else text.str.zfill(6), "%Y%m%d" if long else "%y%m%d")
            else:
                out = _parse_text_dates(text)
        except pl.exceptions.PolarsError:  # no date format fits: the types stay different
            return None
        if out is None:
            return None
        if like == pl.Date:
            out = out.dt.date()
        else:
            out = out.cast(like, strict=False)
    elif fam == "number":
        out = text.cast(pl.Float64, strict=False)
        if like.is_integer() and bool((out.drop_nulls() % 1 == 0).all()):
            out = out.cast(like, strict=False)
    else:
        return None
    return out.alias(s.name) if out.null_count() == s.null_count() else None


def _reconcile(real: pl.DataFrame, other: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Columns that are text (or whole numbers) on one side and dates or numbers on the other, typed alike when
    every value parses (ISO text, or numbers such as 20240102 and Berka's yymmdd 930102 for dates)."""
    for c in real.columns:
        if c not in other.columns:
            continue
        fr, fo = dtype_family(real.schema[c]), dtype_family(other.schema[c])
        if fr in ("text", "number") and fo in ("date/time", "number") and fr != fo:
            t = typed_like(real[c], other.schema[c])
            if t is not None:
                real = real.with_columns(t)
        elif fo in ("text", "number") and fr in ("date/time", "number") and fr != fo:
            t = typed_like(other[c], real.schema[c])
            if t is not None:
                other = other.with_columns(t)
    return real, other


def _spelling(v: object) -> str:
    """A value with blanks, trailing dots and case set aside: ' Male', 'male.' and 'Male' spell one value."""
    return str(v).strip().rstrip(".").strip().casefold()


def _values(s: pl.Series) -> pl.Series:
    """The values compared as categories: blank text ('', ' ') is a missing value on either side,
    whichever blank a source used and a sample wrote back."""
    v = s.drop_nulls().cast(pl.String, strict=False)
    return v.filter(v.str.strip_chars() != "")


def _listed(values: Iterable[object]) -> str:
    vals = sorted(repr(v) for v in values)
    more = len(vals) - _MAX_LISTED
    return "{" + ", ".join(vals[:_MAX_LISTED]) + (f", … {more} more" if more > 0 else "") + "}"


def align_inputs(
    real: pl.DataFrame,
    synthetic: pl.DataFrame,
    holdout: pl.DataFrame | None,
    *,
    target: str | None,
    table: str | None,
    files: dict[str, str | None],
    categorical: Sequence[str] = (),
    not_learned: Collection[str] = (),
    pooled: Collection[str] = (),
) -> Alignment:
    """Check that the three inputs line up; ``files`` names where each side came from (role -> path or None).

    ``categorical``: columns of the real data typed as categories (their value sets are compared).
    ``not_learned``: columns the synthetic side's manifest says were not learned (made fresh, by rules): with
    real values many for their rows (``IDENTIFYING_SHARE``) they are identifying however few the rows (a
    12-row staff table's names), and left out with a note whatever share of sampled values the real data has.
    ``pooled``: columns the manifest says hold K fresh values the rows share (``pool: K``): each side's values are
    replaced by their rank (``slot 1`` the most frequent), so their shares and ties to other columns are compared.
    """

    def loc(role: str, column: str | None = None) -> Location:
        return Location(file=files.get(role) or role, table=table, column=column)

    problems: list[Problem] = []
    real, p = trim_names(real, loc("real"))
    problems += p
    synthetic, p = trim_names(synthetic, loc("synthetic"))
    problems += p
    if holdout is not None:
        holdout, p = trim_names(holdout, loc("holdout"))
        problems += p
    tgt = target.strip() if target is not None else None
    out = Alignment(real, synthetic, holdout, tgt, problems)
    if problems:
        return out
    real, synthetic = _reconcile(real, synthetic)
    pooled = [c.strip() for c in pooled if c.strip() in real.columns and c.strip() in synthetic.columns]
    if pooled:
        from simulacra._slots import slot_labels

        def ranked(frame: pl.DataFrame | None) -> pl.DataFrame | None:
            cols = [c for c in pooled if frame is not None and c in frame.columns]
            return None if frame is None else frame.with_columns(slot_labels(frame[c])[0].alias(c) for c in cols)

        real, synthetic, holdout = ranked(real), ranked(synthetic), ranked(holdout)  # type: ignore[assignment]
        out.notes.append(
            f"the values of {', '.join(pooled)} (fresh values the rows share: pool) — compared by rank instead "
            "(slot 1 the most frequent on each side): their shares and ties to other columns"
        )
    if holdout is not None:
        real, holdout = _reconcile(real, holdout)
    out.real, out.synthetic, out.holdout = real, synthetic, holdout
    sides = [("synthetic", synthetic)] + ([("holdout", holdout)] if holdout is not None else [])
    cats = {c.strip() for c in categorical}
    for role, other in sides:
        assert other is not None
        missing = [c for c in real.columns if c not in other.columns]
        extra = [c for c in other.columns if c not in real.columns]
        for c in missing:
            problems.append(Problem(loc(role, c), f"is in the real data but not in the {role} data"))
        for c in extra:
            problems.append(Problem(loc(role, c), f"is in the {role} data but not in the real data"))
        out.drop.update(missing + extra)
        if (missing or extra) and role == "holdout":
            out.holdout_problem = True
        for c in real.columns:
            if c not in other.columns:
                continue
            fr, fo = dtype_family(real.schema[c]), dtype_family(other.schema[c])
            if not compatible_families(fr, fo):
                problems.append(
                    Problem(
                        loc(role, c),
                        f"is {fo} ({other.schema[c]}) in the {role} data but {fr} ({real.schema[c]}) in the real data",
                    )
                )
                out.drop.add(c)
                out.holdout_problem |= role == "holdout"
                continue
            if c == tgt or c not in cats or fr != "text" and fr != "boolean":
                continue
            ro = _values(other[c])
            if ro.len() == 0:
                continue
            known = set(_values(real[c]).unique().to_list())
            unseen_mask = ~ro.is_in(list(known)) if known else pl.Series([True] * ro.len())
            share = float(unseen_mask.mean() or 0.0)  # type: ignore[arg-type]
            real_rows = _values(real[c]).len()
            if role == "synthetic" and c in not_learned and _made_fresh(len(known), real_rows):
                # names or e-mails the sample made fresh (its manifest says so), drawn from the same pools as
                # the real ones, so some may coincide: a surname against a birth date is no trend to score
                out.drop.add(c)
                out.notes.append(
                    f"{loc(role, c).render()}: {len(known):,} real values in {real_rows:,} rows (identifying), made "
                    "fresh by sample (its manifest: not learned) — not compared as categories"
                )
                continue
            if share <= UNSEEN_SHARE:
                continue
            unseen = ro.filter(unseen_mask).unique().to_list()
            distinct = ro.n_unique()
            variants = {_spelling(v) for v in known}
            spelled = [v for v in unseen if _spelling(v) in variants]
            identifying = (len(known) >= FRESH_MIN and len(known) >= IDENTIFYING_SHARE * real_rows) or (
                # one value per row on both sides of a small table (a fresh column collapsed to repeats is not)
                real_rows >= ALL_DISTINCT_MIN and len(known) == real_rows and distinct == ro.len()
            )
            if (
                share > MOSTLY_UNSEEN
                and not spelled
                and (distinct >= max(FRESH_MIN, FRESH_RATIO * len(known)) or identifying)
            ):
                # names, e-mails, streets made fresh by the value engine (a sample never copies them): many more
                # distinct values than the real column, or real values nearly one per row (a small staff table's
                # names), and none another spelling of a real value: not categories in another encoding
                out.drop.add(c)
                why = (
                    f"{len(known):,} real values in {real_rows:,} rows (identifying, not categories)"
                    if identifying
                    else f"{distinct:,} distinct {role} values against {len(known):,} real"
                )
                out.notes.append(
                    f"{loc(role, c).render()}: {why}, {share:.0%} of {role} rows unseen — values made fresh "
                    "(names, e-mails...), not compared as categories"
                )
                continue
            if share > MOSTLY_UNSEEN or spelled:  # another encoding, not a sample that missed rare values
                problems.append(
                    Problem(
                        loc(role, c),
                        f"{share:.1%} of the {role} rows hold values the real data "
                        f"never has: {_listed(spelled or unseen)}; the real data has "
                        f"{_listed(known)}",
                    )
                )
                out.holdout_problem |= role == "holdout"
    if tgt is not None and tgt in real.columns:
        _check_target(out, real, sides, tgt, loc)
    return out


def _check_target(
    out: Alignment, real: pl.DataFrame, sides: Sequence[tuple[str, pl.DataFrame | None]], tgt: str, loc: object
) -> None:
    fam = dtype_family(real.schema[tgt])
    s = real[tgt]
    classification = fam in ("text", "boolean") or (s.dtype.is_integer() and s.n_unique() <= 10)
    if not classification:
        return
    classes = set(_values(s).unique().to_list())
    for role, other in sides:
        assert other is not None
        if tgt not in other.columns or not compatible_families(fam, dtype_family(other.schema[tgt])):
            continue
        theirs = set(_values(other[tgt]).unique().to_list())
        if role == "holdout" and theirs != classes:
            msg = (
                f"target classes differ between the real data {_listed(classes)} and the holdout {_listed(theirs)}"
                "; TSTR/TRTR and the privacy controls would compare different labels"
            )
        elif role == "synthetic" and theirs - classes:
            msg = (
                f"target classes of the synthetic data {_listed(theirs)} are not those of the real data "
                f"{_listed(classes)}"
            )
        else:
            continue
        out.problems.append(Problem(loc(role, tgt), msg))  # type: ignore[operator]
        out.target_problem = msg
        out.holdout_problem |= role == "holdout"
