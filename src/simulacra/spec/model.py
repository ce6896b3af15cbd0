"""The declarative model of a dataset: tables, columns, keys, constraints, scenarios.

Frozen pydantic v2 models. Shape checks live here; checks that need the whole
dataset (names that must exist, FK graph) live in ``spec.checks``.
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, field_validator, model_validator

from simulacra._scaled_rows import scaled_rows

__all__ = [
    "BUILTIN_GENERATORS",
    "DOCUMENT_FORMATS",
    "MODEL_DOCUMENT_FORMATS",
    "ActionCheck",
    "ActionEffect",
    "ActionParam",
    "ActionSpec",
    "AggregateColumn",
    "BaseModel",
    "CaseColumn",
    "ChildSpec",
    "ColumnBase",
    "ColumnSpec",
    "ConstraintSpec",
    "DatasetSpec",
    "Distribution",
    "DocumentModelSpec",
    "DocumentSpec",
    "EmailSpec",
    "ForeignKeyColumn",
    "MonthsOfParent",
    "NoiseSpec",
    "PeriodSpec",
    "PolicyRule",
    "PolicySpec",
    "ProcessColumn",
    "ProcessSpec",
    "ProcessVariant",
    "RankColumn",
    "RoundsRule",
    "RowsPerParent",
    "RunningSumColumn",
    "ScenarioAsk",
    "ScenarioSpec",
    "StateSpec",
    "TableSpec",
    "TextColumn",
    "bin_labels",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


DistributionKind = Literal[
    "fixed",
    "uniform",
    "normal",
    "lognormal",
    "exponential",
    "poisson",
    "negative_binomial",
    "zipf",
    "categorical",
]

_REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    # each inner tuple: alternatives, one of which must be given
    "fixed": (("value",),),
    "uniform": (("low",), ("high",)),
    "normal": (("mean",), ("std",)),
    "lognormal": (("median", "mean"), ("sigma",)),
    "exponential": (("scale", "mean"),),
    "poisson": (("lam", "mean"),),
    "negative_binomial": (("mean",), ("dispersion",)),
    "zipf": (("s",),),
    "categorical": (("values",),),
}


class _Params(_Frozen):
    """Parameters of a one-dimensional distribution, shared by numbers and time offsets."""

    low: float | None = None
    high: float | None = None
    mean: float | None = None
    std: float | None = Field(default=None, gt=0)
    median: float | None = Field(default=None, gt=0)
    sigma: float | None = Field(default=None, gt=0)
    scale: float | None = Field(default=None, gt=0)
    lam: float | None = Field(default=None, ge=0)
    min: float | None = None
    max: float | None = None


class Distribution(_Params):
    """A one-dimensional distribution: counts, offsets, numbers."""

    distribution: DistributionKind
    value: float | None = None
    dispersion: float | None = Field(
        default=None, gt=0, description="negative binomial shape r; variance = mean + mean^2/r"
    )
    s: float | None = Field(default=None, gt=1.0, description="zipf exponent")
    n: int | None = Field(default=None, gt=0, description="zipf: largest value")
    values: list[float] | None = None
    weights: list[float] | None = None

    @model_validator(mode="after")
    def _params(self) -> Distribution:
        missing = [
            " or ".join(alts) for alts in _REQUIRED[self.distribution] if all(getattr(self, a) is None for a in alts)
        ]
        if missing:
            raise ValueError(f"distribution '{self.distribution}' needs: {', '.join(missing)}")
        if self.distribution == "uniform" and self.low is not None and self.high is not None and self.high < self.low:
            raise ValueError(f"uniform: high ({self.high}) < low ({self.low})")
        if self.weights is not None and (self.values is None or len(self.weights) != len(self.values)):
            raise ValueError("weights must have one entry per value")
        if self.weights is not None and (any(w < 0 for w in self.weights) or sum(self.weights) <= 0):
            raise ValueError("weights must be >= 0 with a positive sum")
        if self.min is not None and self.max is not None and self.max < self.min:
            raise ValueError(f"max ({self.max}) < min ({self.min})")
        span = _discrete_span(self)
        if span > MAX_DISCRETE_SPAN:  # its lookup table would be that long: bounded memory
            raise ValueError(
                f"{self.distribution}: values would reach about {span:,.0f}; at most {MAX_DISCRETE_SPAN:,} "
                "is supported (use a normal or lognormal distribution for large counts)"
            )
        return self


#: Longest range of values a discrete distribution (poisson, negative binomial, zipf) may cover.
MAX_DISCRETE_SPAN = 10_000_000


def _discrete_span(d: Distribution) -> float:
    """About how far a discrete distribution's values reach (its sampler tabulates 0..that)."""
    if d.distribution == "zipf":
        return float(d.n or 1000)
    mean = d.lam if d.distribution == "poisson" and d.lam is not None else d.mean
    if d.distribution == "poisson" and mean is not None:
        return float(mean) + 8.0 * float(mean) ** 0.5 + 10.0
    if d.distribution == "negative_binomial" and mean is not None and d.dispersion:
        return float(mean) * (1.0 + 28.0 / float(d.dispersion)) + 10.0
    return 0.0


class ColumnBase(_Frozen):
    """The fields every column kind shares (null rate, uniqueness, ...)."""

    null_rate: float = Field(default=0.0, ge=0.0, le=1.0, description="share of rows set to null")
    unique: bool = Field(default=False, description="no two rows share a value (any number of rows may be null)")
    description: str | None = None


class SequenceColumn(ColumnBase):
    generator: Literal["sequence"]
    start: int = 1
    step: int = Field(default=1, description="non-zero increment")

    @field_validator("step")
    @classmethod
    def _nonzero(cls, v: int) -> int:
        if v == 0:
            raise ValueError("step must not be 0")
        return v


class UuidColumn(ColumnBase):
    generator: Literal["uuid"]


def _withheld_field() -> Any:
    """The one ``withheld`` field of a categorical (its rare values left out) and a pattern (placeholders standing
    for a column every value of which is rare)."""
    return Field(
        default=None,
        ge=1,
        description="rows of the source whose values the draft left out as rarer than 5 rows (the values are not "
        "written): validate reads them as withheld, not as a failure, while each is under 5 rows and they are at "
        "most this many",
    )


class PatternColumn(ColumnBase):
    generator: Literal["pattern"]
    pattern: str = Field(
        description="text with {seq}, {seq:08d}, # (digit), ? (upper letter), * (letter or digit), "
        "[A-Z0-9] (one of a class), \\d (digit), {n} after any of them (n times), \\ before a literal"
    )
    check: str | None = Field(
        default=None,
        description="check characters: the last character is check[D mod len(check)], D the value's digits "
        "before it as one number (a serial's check letter: E400037Y)",
    )
    check_digit: str | None = Field(
        default=None,
        description="a check-digit scheme the values pass, their check place computed from the other characters: "
        "luhn (cards, IMEI), ean (EAN-8/13, UPC-A, ISBN-13), isbn10, verhoeff, damm, iban (ISO 7064 mod 97-10, "
        "the 3rd and 4th characters), vin (the 9th of 17), mod11:w1,w2,... or mod10:w1,w2,... (the last digit is sum(w * digit) mod "
        "11 or 10 of the digits before it, the weights written left to right, the last on the digit just before it; "
        "a mod-11 10 is X where the place may hold it, else never drawn)",
    )

    withheld: int | None = _withheld_field()

    @model_validator(mode="after")
    def _check(self) -> PatternColumn:
        from simulacra.spec.pattern import check_problem, parse_pattern

        parse_pattern(self.pattern)  # its ValueError is located like any other field's
        if self.check is not None:
            problem = check_problem(self.pattern, self.check)
            if problem is not None:
                raise ValueError(problem)
        if self.check_digit is not None:
            from simulacra.spec.check_digits import scheme_problem

            if self.check is not None:
                raise ValueError("give check (a check character) or check_digit (a scheme), not both")
            problem = scheme_problem(self.pattern, self.check_digit)
            if problem is not None:
                raise ValueError(problem)
        return self


class ConstantColumn(ColumnBase):
    generator: Literal["constant"]
    value: Any = None


class CategoricalColumn(ColumnBase):
    generator: Literal["categorical"]
    values: list[Any] | dict[str | int | float | bool, float]
    weights: list[float] | None = None
    keep_rare: bool = Field(
        default=False,
        description="a closed vocabulary (a status, a type: no value identifies anyone): fit learns and writes every "
        "listed value, those its source holds in fewer than 5 rows too (else never written)",
    )
    withheld: int | None = _withheld_field()

    @model_validator(mode="after")
    def _weights(self) -> CategoricalColumn:
        if isinstance(self.values, dict):
            if self.weights is not None:
                raise ValueError("give weights either as a mapping in 'values' or as 'weights', not both")
            w = list(self.values.values())
        else:
            w = self.weights if self.weights is not None else [1.0] * len(self.values)
            if len(w) != len(self.values):
                raise ValueError(f"weights has {len(w)} entries for {len(self.values)} values")
        if not w:
            raise ValueError("values must not be empty")
        if any(x < 0 for x in w) or sum(w) <= 0:
            raise ValueError("weights must be >= 0 with a positive sum")
        return self


class BooleanColumn(ColumnBase):
    generator: Literal["boolean"]
    p: float = Field(default=0.5, ge=0.0, le=1.0, description="probability of true")


class NumberColumn(ColumnBase, _Params):
    """uniform, normal, lognormal, exponential, poisson, negative_binomial, zipf, integer, money."""

    generator: Literal[
        "uniform", "normal", "lognormal", "exponential", "poisson", "negative_binomial", "zipf", "integer", "money"
    ]
    dispersion: float | None = Field(default=None, gt=0)
    s: float | None = Field(default=None, gt=1.0)
    n: int | None = Field(default=None, gt=0)
    round: int | None = Field(default=None, ge=0, description="decimals to round to")
    distribution: DistributionKind | None = Field(
        default=None,
        description="money: the amount's distribution (default uniform with low and high alone, else lognormal)",
    )
    currency: str | None = Field(default=None, description="money: ISO 4217 code; sets the decimals (JPY 0, EUR 2)")
    written: str | None = Field(
        default=None,
        description="an amount's written form: how a text sink (CSV, JSONL) writes it, and validate reads it: "
        "money:<affix>|<decimal>|<group>|<negative> ('money:<$|.|,|-' writes -$1,234.50, 'money:> EUR|,|.|-' "
        "1.234,50 EUR, 'money:|.||()' (45.00)); typed sinks keep numbers. Inspect writes the source's form",
    )

    def as_distribution(self) -> Distribution:
        kind: str = self.generator
        if kind == "integer":
            kind = "uniform"
        if kind == "money":
            kind = self.distribution or self._money_default()
        fields = {
            k: getattr(self, k)
            for k in (
                "low",
                "high",
                "mean",
                "std",
                "median",
                "sigma",
                "scale",
                "lam",
                "dispersion",
                "s",
                "n",
                "min",
                "max",
            )
        }
        if kind == "uniform" and self.generator == "integer":
            fields.setdefault("low", 0)
        return Distribution(distribution=kind, **{k: v for k, v in fields.items() if v is not None})

    def _money_default(self) -> str:
        # `money, low: 5, high: 500` reads as "an amount between 5 and 500": uniform, not the lognormal
        # default (which takes median/sigma and would refuse low/high with a message about neither)
        shaped = any(getattr(self, k) is not None for k in ("mean", "median", "sigma", "std"))
        return "uniform" if self.low is not None and self.high is not None and not shaped else "lognormal"

    @model_validator(mode="after")
    def _check(self) -> NumberColumn:
        if self.written is not None:
            from simulacra.spec.written import check_money_form

            check_money_form(self.written)
        self.as_distribution()
        if self.generator == "integer" and (self.low is None or self.high is None):
            raise ValueError("integer needs low and high (inclusive)")
        return self


class Offset(_Params):
    """A random time offset: a distribution in a unit."""

    distribution: DistributionKind = "uniform"
    unit: Literal["seconds", "minutes", "hours", "days", "weeks"] = "days"
    value: float | None = None

    def as_distribution(self) -> Distribution:
        fields = self.model_dump(exclude={"unit", "distribution"}, exclude_none=True)
        return Distribution(distribution=self.distribution, **fields)

    @model_validator(mode="after")
    def _check(self) -> Offset:
        self.as_distribution()
        return self


class RoundsRule(_Frozen):
    """``rounds: {by: matchday}`` on a learned date: fit learns the date in rounds of ``by`` (see ``DateColumn``)."""

    by: str = Field(
        description="the round column: a learned integer column of the same table, no key (a matchday, a week)"
    )


class DateColumn(ColumnBase):
    generator: Literal["date", "datetime"]
    start: str | None = Field(
        default=None,
        description="ISO date/time; inclusive (with 'after': a floor, the gap is counted from the later of the two)",
    )
    end: str | None = Field(default=None, description="ISO date/time; exclusive for datetimes, inclusive for dates")
    after: str | list[str] | None = Field(
        default=None,
        description="a column of this row, or parent.column, the value comes after; a list: after the latest of "
        "them (a lesson after both its pupil's enrolment and its tutor's hiring; a null among them is passed "
        "over, all null gives null)",
    )
    offset: Offset | None = Field(
        default=None, description="distribution of the gap after 'after' (after the latest; default 0-30 days)"
    )
    weekday_weights: list[float] | None = Field(
        default=None,
        description="7 weights, Monday first (with 'after': a value on a day the weights do not keep moves 1-7 days "
        "forward onto a day they choose, never past 'end': where it would, to the nearest day they keep before "
        "it, else back, not before the value it comes after)",
    )
    hour_weights: list[float] | None = Field(default=None, description="24 weights, midnight first")
    month_weights: list[float] | None = Field(default=None, description="12 weights, January first")
    step: int | None = Field(
        default=None,
        description="a date sequence: row i is start + i * step (days for a date, seconds for a datetime, months "
        "with grain: month), distinct and in order (a calendar's day, a key date, a report's month); no end",
    )
    resolution: int | None = Field(
        default=None,
        description="a datetime's values are whole multiples of this many seconds from midnight "
        "(60: on the minute; 900: quarter hours)",
    )
    grain: Literal["month"] | None = Field(
        default=None,
        description="month: a date's values are the 1st of their month (a month written as text, 2023-04); with "
        "'after', the month is never before the month of the date it comes after; with 'step', the sequence "
        "steps that many months from the month of 'start'",
    )
    written: str | None = Field(
        default=None,
        description="the strftime form a text sink (CSV, JSONL) writes the values in, and validate reads them "
        "in: '%d-%b-%Y' (01-Jan-1995), '%d/%m/%Y', '%Y%m%d' (20210304), '%Y-%m-%dT%H:%M:%S+01:00' (a zoned "
        "date-time, the offset as written); typed sinks keep dates. Inspect writes the source's form",
    )
    rounds: RoundsRule | Literal[False] | None = Field(
        default=None,
        description="fit only (a learned date; generate ignores it): {by: column}: fit learns the rows' dates in "
        "rounds of that column within the context parent (a matchday's matches over one weekend, the rounds in "
        "order) and places each sampled round's dates together; false: no rounds, a plain learned date; absent: "
        "fit finds the rounds itself (the draft writes the rule where it finds them)",
    )

    def after_refs(self) -> list[str]:
        """The columns (or parent.column references) the value comes after: none, one, or several."""
        if self.after is None:
            return []
        return [self.after] if isinstance(self.after, str) else list(self.after)

    @model_validator(mode="after")
    def _check(self) -> DateColumn:
        if self.written is not None:
            from simulacra.spec.written import check_date_form

            check_date_form(self.written, self.generator)
        if isinstance(self.after, list):
            if not self.after or any(not isinstance(a, str) or not a.strip() for a in self.after):
                raise ValueError(f"after: {self.after!r}: expected a column name or a non-empty list of them")
            if len(set(self.after)) != len(self.after):
                raise ValueError(f"after: {self.after!r} names a column twice (expected each once)")
        if self.resolution is not None:
            if self.generator != "datetime" or self.resolution <= 0 or 86_400 % self.resolution:
                raise ValueError(
                    f"resolution {self.resolution}: a datetime's step in seconds that divides a day "
                    "(1, 60, 300, 900, 3600, 86400, ...)"
                )
        if self.grain is not None and self.generator != "date":
            raise ValueError("grain: month is for a date (not a datetime)")
        if self.step is not None and self.rounds is not None:
            raise ValueError(
                "rounds: a date sequence ('step') is made by its rule, not learned: rounds need a learned date"
            )
        if self.step is not None:
            if self.step == 0 or self.start is None or self.after is not None:
                raise ValueError("a date sequence ('step') needs a start and a non-zero step, and no 'after'")
            return self
        if self.after is None and (self.start is None or self.end is None):
            raise ValueError("give start and end, or after (+ offset)")
        for name, n in (("weekday_weights", 7), ("hour_weights", 24), ("month_weights", 12)):
            w = getattr(self, name)
            if w is not None and (len(w) != n or any(x < 0 for x in w) or sum(w) <= 0):
                raise ValueError(f"{name} needs {n} non-negative weights with a positive sum")
        return self


class ExpressionColumn(ColumnBase):
    generator: Literal["expression"]
    expr: str = Field(description="SQL expression over this row's columns and parent.column")
    dtype: Literal["int", "float", "str", "bool", "date", "datetime"] | None = None


def _nested_column(value: Any) -> Any:
    """A generator mapping inside a case becomes a validated column model."""
    if isinstance(value, dict) and "generator" in value:
        from pydantic import TypeAdapter

        return TypeAdapter(ColumnSpec).validate_python(value)
    return value


class CaseBranch(_Frozen):
    when: str = Field(description="SQL predicate over the row")
    then: Any = Field(description="a value, or a column generator mapping")

    @field_validator("then", mode="before")
    @classmethod
    def _then(cls, v: Any) -> Any:
        return _nested_column(v)


class CaseColumn(ColumnBase):
    generator: Literal["case"]
    cases: list[CaseBranch]
    default: Any = Field(default=None, alias="else")

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    @field_validator("default", mode="before")
    @classmethod
    def _default(cls, v: Any) -> Any:
        return _nested_column(v)


class LookupColumn(ColumnBase):
    generator: Literal["lookup"]
    key: str = Field(description="a column of this row or parent.column")
    mapping: dict[str, Any]
    default: Any = None


class ForeignKeyColumn(ColumnBase):
    generator: Literal["foreign_key"]
    references: str = Field(description="table.column of the parent key")
    distribution: Literal["uniform", "zipf"] = "uniform"
    s: float = Field(default=1.2, gt=0, description="zipf exponent over parent rows")
    distinct: bool = Field(
        default=False,
        description="no parent twice among the children of one 'per' parent (many-to-many); a row a check "
        "makes again takes another parent none of its siblings has. With 'where' and/or 'match' (whose values "
        "then read the 'per' parent: 'enrollment_id.course_id'), the siblings take different parents among the "
        "candidates (a lesson of the enrollment's course, once each); rows of a group past its candidates "
        "are null, as a 'match' no parent holds is; a row made again moves only to a candidate none of its "
        "siblings can take, else keeps its parent (and the check reports it)",
    )
    where: str | None = Field(
        default=None,
        description="SQL predicate over the parent's columns: only matching parent rows are "
        "chosen (e.g. \"department = 'IT'\"); chosen without rejection sampling",
    )
    match: dict[str, str] = Field(
        default_factory=dict,
        description="parent column -> a column of this row (or alias.column): the "
        "chosen parent has the same value (a ticket's asset owned by its reporter); null when none has",
    )
    match_share: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="with 'match': the share of rows whose parent agrees, of those some parent could agree "
        "with (a surgeon on the admission's ward in 92% of procedures); each row agrees by its own draw, "
        "the others (and rows no parent agrees with) take a parent holding another value. Unset: every "
        "row agrees, or is null",
    )
    match_else: dict[str, str] = Field(
        default_factory=dict,
        description="with 'match' and 'match_share': the same parent columns -> other columns of this row (or "
        "alias.column); the rows that do not agree on 'match' agree on these instead (a goal's scorer of the "
        "match's home team, else of its away team), so every row agrees with one of the two",
    )
    match_count: str | None = Field(
        default=None,
        description="with 'match_else', in a table made per a parent: an expression of that parent's columns, "
        "the number of its rows agreeing on 'match' (a match's goals: 'home_goals' of them the home team's); "
        "the rest agree on 'match_else'. Replaces 'match_share' where the parent says how many",
    )
    within: str | None = Field(
        default=None,
        description="self-reference: a column of this table; the parent row has the same value "
        "(a manager in the same department)",
    )
    senior: str | None = Field(
        default=None,
        description="self-reference: a column of this table; the parent row's value is strictly "
        "greater (default: an earlier row), so self-references never form a cycle",
    )
    on_delete: Literal["restrict", "cascade"] = Field(
        default="restrict",
        description="what deleting a parent row does "
        "where the data is served (simulacra serve): restrict refuses while "
        "children exist, cascade deletes them too",
    )

    @property
    def ref_table(self) -> str:
        return self.references.split(".", 1)[0]

    @property
    def ref_column(self) -> str | None:
        parts = self.references.split(".", 1)
        return parts[1] if len(parts) == 2 else None


class ProcessColumn(ColumnBase):
    """A field of the event a row is, in a table made by a process (``rows: {per: ..., process: ...}``)."""

    generator: Literal["process"]
    field: Literal["state", "at", "step", "previous"] = Field(
        description="state: the state entered (text); at: when (datetime); "
        "step: 1-based position in the parent's path; previous: the state left (null first)"
    )


class AggregateColumn(ColumnBase):
    generator: Literal["aggregate"]
    function: Literal["sum", "count", "mean", "min", "max"]
    of: str = Field(description="child_table.column (or child_table for count)")
    round: int | None = Field(default=None, ge=0)
    default: float | None = Field(default=None, description="value for parents with no children (sum/count: 0)")
    via: str | None = Field(
        default=None,
        description="the child's foreign-key column that points at this table, when it is not the child's "
        "rows: {per: ...} link (an employee's tickets through tickets.assignee_id)",
    )


class RunningSumColumn(ColumnBase):
    """A balance: ``start`` plus the running sum of ``of`` over the rows of one parent, in order.

    The table must be made per parent (``rows: {per: ...}``); rows are summed in the order of
    ``order_by`` (then row order). Each row's value includes its own change. ``start`` is a number,
    or an SQL expression over the row and its parents (``meters.initial_read``: each meter's register
    starts at its own first read). A row whose amount or order a ``unique`` rule redraws (``unique:
    [meter_id, read_date]``) keeps its new value and its group's sums are made again; a unique rule or
    row check that reads the sums must hold on the new sums, else generation stops with an error.
    With ``relative_to``, the value is ``of`` against its parent group instead (the window functions of
    SQL): ``min`` ``of - MIN(of) OVER (PARTITION BY parent)`` (a rider's gap behind the stage winner),
    ``max`` the greatest minus ``of``, ``first`` ``of`` minus the group's first in ``order_by`` order (time
    since the first lap), ``total`` ``of / SUM(of) OVER (PARTITION BY parent)`` (a share); a running
    count is ``of: "1"``. ``truncate`` cuts to ``round`` decimals (a gap 45.9 s kept as 45 s).
    """

    generator: Literal["running_sum"]
    of: str = Field(description="SQL expression over the row: the change this row makes (e.g. a signed amount)")
    start: float | str = Field(
        default=0.0,
        description="the value before a parent's first row: a number, or an SQL expression over the row and its "
        "parents (meters.initial_read)",
    )
    order_by: str | None = Field(default=None, description="column giving the order within each parent")
    round: int | None = Field(
        default=None, ge=0, description="decimals to round to, half away from zero as the dialect's ROUND (2.5 is 3)"
    )
    relative_to: Literal["min", "max", "first", "total"] | None = Field(
        default=None,
        description="in place of the running sum, ``of`` against its parent group: min: of - the group's least "
        "(a gap behind the stage winner); max: the group's greatest - of; first: of - the group's first in "
        "order_by order (the time since the first lap); total: of / the group's sum (a share); start is not read",
    )
    truncate: bool = Field(
        default=False,
        description="with relative_to and round: cut toward zero to round decimals (a gap of 45.9 s kept as 45, "
        "written +0:45) in place of rounding half away from zero",
    )

    @model_validator(mode="after")
    def _relative_reads_no_start(self) -> RunningSumColumn:
        if self.relative_to is not None and self.start not in (0, 0.0):
            raise ValueError(f"relative_to: {self.relative_to} reads no start (got start {self.start!r}); drop start")
        if self.truncate and (self.round is None or self.relative_to is None):
            raise ValueError("truncate cuts a relative_to value to round decimals: give both (round 0: whole units)")
        return self


class RankColumn(ColumnBase):
    """A position within each parent's rows: ``start``, ``start + 1``, ... each once per parent
    (a finishing position, a line number, a stop number).

    The table must be made per parent (``rows: {per: ...}``). Rows are ranked by ``by``
    (nulls last, then row order); without ``by``, a learned model ranks by the value it
    drew for the column and rule-based generation keeps row order.
    """

    generator: Literal["rank"]
    by: str | None = Field(default=None, description="column of this row giving the order (nulls last)")
    descending: bool = Field(default=False, description="the highest 'by' value gets the first rank")
    start: int = Field(default=1, description="rank of each parent's first row")


class RealisticColumn(ColumnBase):
    """A realistic value kind from the value engine (first_name, email, city...)."""

    model_config = ConfigDict(frozen=True, extra="allow")
    generator: str
    group: str | None = Field(default=None, description="columns of one group agree (one person, one address)")
    locale: str | None = None
    pool: int | None = Field(
        default=None,
        ge=1,
        description="the rows share this many fresh values (10 customers on 600 orders): each row is one of "
        "K slots, each slot one value made by seed, the same in every chunk (learned: the slots' shares)",
    )
    distinct: int | None = Field(
        default=None,
        ge=1,
        description="the rows' values are drawn from this many fresh values of the kind, so that names repeat "
        "as often as in the source (100 surnames on 400 players; learned where the source's names are more "
        "concentrated than as many people's); the values and each row's pick are made by seed",
    )
    top_share: float | None = Field(
        default=None,
        gt=0,
        le=1,
        description="with distinct: the share of rows holding the most common of those values (the source's); "
        "the others share the rest evenly",
    )

    @model_validator(mode="after")
    def _check_distinct(self) -> RealisticColumn:
        if self.top_share is not None and self.distinct is None:
            raise ValueError("top_share needs distinct (the number of values the rows are drawn from)")
        if self.distinct is not None and self.pool is not None:
            raise ValueError("distinct and pool are two ways of sharing values: give one")
        return self


class TextColumn(ColumnBase):
    """Free text per row: asked of a language-model backend when one is configured
    (``generate --backend URL --model NAME``), else rendered offline from ``template``. Every
    ``must_include`` field's value must appear verbatim in the model's answer (checked; asked again
    with a varied seed up to ``retries`` times); an answer still missing one is rejected and the row
    gets the offline text, or the run stops with the row named when ``strict``. The manifest's
    ``text`` entry says which method made each column (model name, prompt hash, rows per method).
    See docs/text-columns.md (the tests' backend is a scripted local server, a stand-in for a model)."""

    generator: Literal["text"]
    instructions: str = Field(description="what to write, with {field} placeholders filled from the row")
    fields: list[str] = Field(
        default_factory=list, description="columns of this row (or parent.column) the instructions and template use"
    )
    must_include: list[str] = Field(
        default_factory=list, description="fields whose values must appear verbatim in the text"
    )
    template: str | None = Field(
        default=None, description="offline text with {field} placeholders (default: the fields' values joined)"
    )
    max_tokens: int = Field(default=120, ge=1, description="longest answer asked of the model")
    retries: int = Field(default=2, ge=0, le=10, description="further asks when an answer misses a must_include value")
    strict: bool = Field(default=False, description="a rejected answer stops the run instead of falling back")

    @model_validator(mode="after")
    def _check(self) -> TextColumn:
        missing = [f for f in self.must_include if f not in self.fields]
        if missing:
            raise ValueError(f"must_include names {missing}, which are not in fields {self.fields}")
        for what, text in (("instructions", self.instructions), ("template", self.template or "")):
            for name in text_placeholders(text):
                if name not in self.fields:
                    raise ValueError(f"{what} uses {{{name}}}, which is not in fields {self.fields}")
        return self


_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_.]*)\}")


def text_placeholders(text: str) -> list[str]:
    """The {field} names a text column's instructions or template use."""
    return _PLACEHOLDER.findall(text)


BUILTIN_GENERATORS: dict[str, type[ColumnBase]] = {
    "sequence": SequenceColumn,
    "uuid": UuidColumn,
    "pattern": PatternColumn,
    "constant": ConstantColumn,
    "categorical": CategoricalColumn,
    "boolean": BooleanColumn,
    **{
        k: NumberColumn
        for k in (
            "uniform",
            "normal",
            "lognormal",
            "exponential",
            "poisson",
            "negative_binomial",
            "zipf",
            "integer",
            "money",
        )
    },
    "date": DateColumn,
    "datetime": DateColumn,
    "expression": ExpressionColumn,
    "case": CaseColumn,
    "lookup": LookupColumn,
    "foreign_key": ForeignKeyColumn,
    "aggregate": AggregateColumn,
    "process": ProcessColumn,
    "running_sum": RunningSumColumn,
    "rank": RankColumn,
    "text": TextColumn,
}

# a generator's tag names its spec class's family: every number distribution is "number", date and datetime
# are "date", the rest are their own name (derived from the table above, so a new generator cannot miss it)
_TAGS = {
    k: "number" if cls is NumberColumn else "date" if cls is DateColumn else k for k, cls in BUILTIN_GENERATORS.items()
}


def _column_tag(value: Any) -> str:
    gen = value.get("generator") if isinstance(value, dict) else getattr(value, "generator", None)
    return _TAGS.get(gen, "realistic") if isinstance(gen, str) else "realistic"


ColumnSpec = Annotated[
    Annotated[SequenceColumn, Tag("sequence")]
    | Annotated[UuidColumn, Tag("uuid")]
    | Annotated[PatternColumn, Tag("pattern")]
    | Annotated[ConstantColumn, Tag("constant")]
    | Annotated[CategoricalColumn, Tag("categorical")]
    | Annotated[BooleanColumn, Tag("boolean")]
    | Annotated[NumberColumn, Tag("number")]
    | Annotated[DateColumn, Tag("date")]
    | Annotated[ExpressionColumn, Tag("expression")]
    | Annotated[CaseColumn, Tag("case")]
    | Annotated[LookupColumn, Tag("lookup")]
    | Annotated[ForeignKeyColumn, Tag("foreign_key")]
    | Annotated[AggregateColumn, Tag("aggregate")]
    | Annotated[ProcessColumn, Tag("process")]
    | Annotated[RunningSumColumn, Tag("running_sum")]
    | Annotated[RankColumn, Tag("rank")]
    | Annotated[TextColumn, Tag("text")]
    | Annotated[RealisticColumn, Tag("realistic")],
    Discriminator(_column_tag),
]


class StateSpec(_Frozen):
    """One state of a process: where it goes next and how long it lasts; no 'next' means absorbing (the path ends)."""

    next: dict[str, float] = Field(default_factory=dict, description="next state -> probability (weights, normalised)")
    dwell: Offset | None = Field(default=None, description="time spent in the state before the next event (default 0)")

    @model_validator(mode="after")
    def _check(self) -> StateSpec:
        w = list(self.next.values())
        if w and (any(x < 0 for x in w) or sum(w) <= 0):
            raise ValueError("'next' probabilities must be >= 0 with a positive sum")
        return self


class ProcessVariant(_Frozen):
    """States that replace (by name) the process's own for the parent rows of one scenario."""

    states: dict[str, StateSpec]


class ProcessSpec(_Frozen):
    """A state machine run once per parent row: each state entered is one row (an event), in time order."""

    start: str = Field(description="the first state")
    at: str = Field(description="a date/datetime column of the parent: when the first state is entered")
    states: dict[str, StateSpec]
    max_steps: int = Field(default=50, ge=1, description="at most this many events per parent (a path is cut there)")
    variants: dict[str, ProcessVariant] = Field(
        default_factory=dict, description="scenario of the parent table -> replaced states"
    )


class MonthsOfParent(_Frozen):
    """One child per month of its parent's period (a subscription's bills, a lease's rent invoices, an employee's
    payslips): the child count is the months from `start`'s month to `end`'s month, or to `until`'s month where
    `end` is null (an open period), and the child's `column` holds those months, one each, in order. Drafted by
    `inspect` where the data holds it; remove it to have the counts learned again."""

    column: str = Field(description="the child's month column (a date of grain: month, the 1st of its month)")
    start: str = Field(description="the parent's date column its period starts on")
    end: str | None = Field(default=None, description="the parent's date column its period ends on (null: open)")
    until: str = Field(description="ISO date: the month an open period runs to (the data's last month)")

    @field_validator("until")
    @classmethod
    def _iso(cls, v: str) -> str:
        import datetime as dt

        try:
            dt.date.fromisoformat(v)
        except ValueError:
            raise ValueError(f"until: {v!r} is not an ISO date (YYYY-MM-DD)") from None
        return v


class RowsPerParent(_Frozen):
    """Row count of a child table: a count per row of a parent table (or the events of a process)."""

    per: str = Field(description="parent table; its foreign key column in this table is filled by construction")
    via: str | None = Field(
        default=None,
        description="the foreign key column rows are made per, when the table has several to 'per' "
        "(tickets per reporter, with an assignee too)",
    )
    count: Distribution | None = Field(default=None, description="children per parent (not with 'process')")
    process: ProcessSpec | None = Field(
        default=None, description="a state machine per parent: one row per state entered"
    )
    by: str | None = Field(default=None, description="a parent column whose value picks the count distribution")
    bins: list[float] | None = Field(
        default=None,
        description="with 'by' naming a number column: ascending cut points; a parent's value falls in one interval, "
        "and 'counts' is keyed by the intervals, written '(-inf, a)', '[a, b)', ..., '[z, inf)' (customers by "
        "income, bins [20, 40]: counts for '(-inf, 20)', '[20, 40)' and '[40, inf)'); a null value takes 'count'",
    )
    counts: dict[str, Distribution] = Field(
        default_factory=dict, description="count distribution per value of 'by' (per interval, with 'bins')"
    )
    zero_rate: float = Field(default=0.0, ge=0.0, le=1.0, description="share of parents with no children")
    months: MonthsOfParent | None = Field(
        default=None,
        description="one child per month of the parent's period (a subscription's monthly bills): the count is the "
        "parent's months and the child's month column holds them, one each; a parent whose start is null takes the "
        "drawn count",
    )
    equals: str | None = Field(
        default=None,
        description="an expression of the parent's columns that is each parent's number of children exactly "
        "(a match's goals: 'home_goals + away_goals'; an invoice's lines: 'n_lines'); a parent where it is null "
        "or negative takes the drawn count",
    )
    total: int | None = Field(
        default=None,
        ge=0,
        le=10_000_000_000,
        description="the table's rows in all (times --scale, rounded; a positive total at least 1), spread over the parents: each parent's count "
        "within the reach of 'count' (its min..max), spread like it as far as the total allows (2,400 owners with "
        "3,100 pets, at most three each: per owners, count 0..3, total 3100); with 'by'/'counts', each parent "
        "within the reach of its value's distribution (a value counted 'fixed: 0' gets none: 30,000 tickets per "
        "performances, by status, counts {cancelled: fixed 0}). At a --scale other than 1, where the rounding of "
        "the scaled rows leaves the scaled total out of the scaled parents' reach, it is brought to the nearest "
        "total that fits",
    )

    def scaled_total(self, scale: float) -> int | None:
        """``total`` times ``scale``, rounded, a positive total never to 0 (``_scaled_rows``): the table's rows in
        all at that scale (None without a total)."""
        return None if self.total is None else scaled_rows(self.total, scale)

    @model_validator(mode="after")
    def _by(self) -> RowsPerParent:
        if (self.count is None) == (self.process is None):
            raise ValueError(
                "give exactly one of 'count' (children per parent) or 'process' (a state machine per parent)"
            )
        if self.process is not None and (self.by is not None or self.counts or self.zero_rate):
            raise ValueError("'by', 'counts' and 'zero_rate' do not apply to a process")
        if self.counts and self.by is None:
            raise ValueError("'counts' needs 'by' (the parent column that selects them)")
        if self.bins is not None:
            if self.by is None:
                raise ValueError("'bins' needs 'by' (the parent number column they cut)")
            if not self.bins or any(not math.isfinite(b) for b in self.bins):
                raise ValueError(f"bins: {self.bins!r}: expected one or more finite cut points")
            if any(b >= a for b, a in zip(self.bins, self.bins[1:])):
                raise ValueError(f"bins: {self.bins!r}: expected strictly ascending cut points")
            labels = bin_labels(self.bins)
            wrong = [k for k in self.counts if k not in labels]
            if wrong:
                raise ValueError(
                    f"counts: {', '.join(repr(k) for k in wrong)} is not an interval of the bins; expected keys "
                    f"among {', '.join(repr(k) for k in labels)}"
                )
        if self.months is not None and (self.process is not None or self.equals is not None):
            raise ValueError("'months' sets each parent's count: it does not combine with 'process' or 'equals'")
        if self.total is not None:
            # a total spreads the count distributions over the parents; each of these sets counts another way
            clash = [
                name
                for name, given in (
                    ("process", self.process is not None),
                    ("zero_rate", self.zero_rate > 0),
                    ("equals", self.equals is not None),
                    ("months", self.months is not None),
                )
                if given
            ]
            if clash:
                raise ValueError(
                    f"'total' spreads the count distributions over the parents; it does not combine with "
                    f"{', '.join(repr(c) for c in clash)} (for parents with none, put 0 among the count's values, "
                    "or count a parent column's value 'fixed: 0' with 'by'/'counts'; for a count set by the "
                    "parent's columns, leave out 'total')"
                )
        return self


def _edge(x: float) -> str:
    return str(int(x)) if float(x).is_integer() and abs(x) < 2**53 else repr(float(x))


def bin_labels(bins: list[float]) -> list[str]:
    """The intervals ``bins`` cut the numbers into, as ``rows.counts`` keys them: ``(-inf, a)``, ``[a, b)``, ...,
    ``[z, inf)`` (a value ``v`` is in ``[a, b)`` when ``a <= v < b``)."""
    edges = [_edge(b) for b in bins]
    inner = ["[" + a + ", " + b + ")" for a, b in zip(edges, edges[1:], strict=False)]
    return ["(-inf, " + edges[0] + ")", *inner, "[" + edges[-1] + ", inf)"]


#: Largest absolute row count a table may declare (bounded work; --scale is checked against it too).
MAX_ROWS = 10_000_000_000


class TableSpec(_Frozen):
    rows: int | RowsPerParent = Field(
        description="an absolute count (times --scale, rounded; a positive count at least 1) or a count per parent row"
    )
    static: bool = Field(
        default=False, description="the row count does not grow with --scale (a calendar, a list of countries)"
    )
    primary_key: str | list[str] | None = None
    columns: dict[str, ColumnSpec]
    description: str | None = None

    @field_validator("rows")
    @classmethod
    def _nonneg(cls, v: int | RowsPerParent) -> int | RowsPerParent:
        if isinstance(v, int) and v < 0:
            raise ValueError("rows must be >= 0")
        if isinstance(v, int) and v > MAX_ROWS:
            raise ValueError(f"rows must be at most {MAX_ROWS:,}")
        return v

    @model_validator(mode="after")
    def _static(self) -> TableSpec:
        if self.static and isinstance(self.rows, RowsPerParent):
            raise ValueError("'static' is for a fixed row count; a table made per parent rows follows its parent")
        return self

    @property
    def key_columns(self) -> tuple[str, ...]:
        if self.primary_key is None:
            return ()
        return (self.primary_key,) if isinstance(self.primary_key, str) else tuple(self.primary_key)


class TallyVia(_Frozen):
    """The table between a tally's summary and its side's table: a bill's subscription, between the bill and its
    plan's fee (plans.monthly_fee)."""

    table: str = Field(description="the table between (subscriptions): the side's 'match' reads its columns")
    match: dict[str, str] = Field(
        description="its column -> the side's table's column: the row of the side's table its row refers to "
        "(plan_id: plan_id)"
    )


class TallySide(_Frozen):
    """One way a detail row counts for a summary row: its columns equal the summary row's, its date in the summary
    row's ``month``, and ``where`` holds."""

    match: dict[str, str] = Field(
        description="summary column -> detail column: a detail row counts for the summary rows equal on each pair "
        "(season_id: season_id, team_id: home_team_id)"
    )
    where: str | None = Field(
        default=None,
        description="SQL predicate over the detail row: only rows holding it count (home_goals > away_goals)",
    )
    sum: str | None = Field(
        default=None, description="a detail column summed over the rows counted (home_goals), in place of their count"
    )
    month: dict[str, str] | None = Field(
        default=None,
        description="summary column -> detail date column: a detail row counts for the summary rows whose month "
        "(text 'YYYY-MM', '04/2023', '2023/04', 'Apr 2023', 'April 2023', or a date's) is the month of its date (a "
        "bill's period: that month's calls)",
    )
    of: str | None = Field(
        default=None,
        description="the table this side reads, where not the rule's 'of' (a bill's plan fee, from its subscription "
        "row: match {subscription_id: subscription_id}, sum monthly_fee)",
    )
    via: TallyVia | None = Field(
        default=None,
        description="a table between (a fee two steps away: of plans, via {table: subscriptions, match: "
        "{plan_id: plan_id}}, match {subscription_id: subscription_id}, sum monthly_fee): 'match' finds the "
        "summary row's row of it, and that row's row of the side's table is counted",
    )


class ConstraintSpec(_Frozen):
    """One rule rows must follow; exactly one of check / unique / once / periods / tally / column rules."""

    table: str
    name: str | None = None
    check: str | None = Field(default=None, description="SQL predicate every row satisfies")
    unique: list[str] | None = Field(
        default=None,
        description="columns whose combination is unique; a row with a null in any of them never conflicts (SQL's "
        "NULLS DISTINCT, as PostgreSQL and DuckDB enforce the UNIQUE the database sinks write): generation may "
        "repeat such rows, and validate passes them",
    )
    once: list[str] | None = Field(
        default=None,
        description="columns that together hold each value at most once per group of 'per' (a team in either "
        "home_team_id or away_team_id once per season and matchday: a schedule); kept by `sample`, which builds "
        "the schedule; `generate` refuses it",
    )
    per: list[str] | None = Field(
        default=None,
        description="with 'once' or 'periods': the columns that make a group (periods: a key of the rows' parent "
        "or an ancestor, with other columns or not)",
    )
    periods: list[str] | None = Field(
        default=None,
        description="[start, end]: two date columns whose periods follow one another within each group of 'per' "
        "(a customer's subscriptions, a property's tenancies): no two of a group overlap (one may start the day "
        "another ends), and an open one (end null) is the group's last; kept by `sample` (per the parent key) and by "
        "`generate` (each group's drawn periods laid one after another inside the columns' declared ranges and the "
        "bounds a 'check' puts on either column from an ancestor's (period_end <= subscription_id.ended, period_end "
        ">= subscription_id.started + INTERVAL '30 days', period_start < subscription_id.ended; either side, strict, "
        "shifted: - INTERVAL '1 week', a term of an AND, a BETWEEN, a null guard: period_end IS NULL OR ...; a "
        "group they cannot hold is refused, located, nothing written), where "
        "one row of an ancestor holds each group: 'per' names the key the rows are made per, an expression copying "
        "an ancestor's key through it (bills per customer_id: subscription_id.customer_id), or a foreign key whose "
        "'match' ties it to the row's ancestor), checked by `validate`",
    )
    tally: str | None = Field(
        default=None,
        description="a column of a summary table that is the count (or sum) of the rows of the detail table 'of' "
        "that agree with it through any of 'sides' (standings' won: the season's matches won at home or away; a bill's "
        "amount: its plan fee + that month's call costs); "
        "checked by `validate`, made by `sample` after the detail table; `generate` refuses it",
    )
    of: str | None = Field(default=None, description="with 'tally': the detail table")
    sides: list[TallySide] | None = Field(
        default=None,
        description="with 'tally': the ways a detail row counts, added up (a row two sides hold counts on each)",
    )
    column: str | None = None
    min: float | str | None = None
    max: float | str | None = None
    regex: str | None = None
    not_null: bool = False

    @model_validator(mode="after")
    def _one(self) -> ConstraintSpec:
        kinds = [
            self.check is not None,
            self.unique is not None,
            self.once is not None,
            self.periods is not None,
            self.tally is not None,
            self.column is not None,
        ]
        if sum(kinds) != 1:
            raise ValueError(
                "give exactly one of 'check', 'unique', 'once' (with 'per'), 'periods' (with 'per'), 'tally' (with "
                "'of' and 'sides'), or 'column' (with min/max/regex/not_null)"
            )
        if (self.of is not None or self.sides is not None) != (self.tally is not None) or (
            self.tally is not None and (self.of is None or not self.sides)
        ):
            raise ValueError("'tally' goes with 'of' (the detail table) and 'sides' (one or more), and they with it")
        if self.sides and len({s.sum is None for s in self.sides}) > 1:
            raise ValueError("a tally's sides either all count or all sum ('sum' on every side or on none)")
        if self.per is not None and self.once is None and self.periods is None:
            raise ValueError("'per' goes with 'once' (the columns that hold a value once per group) or 'periods'")
        if self.periods is not None and (len(self.periods) != 2 or len(set(self.periods)) != 2 or not self.per):
            raise ValueError(
                f"periods: {self.periods!r}: expected two columns, [start, end], with 'per' (the group: a parent key)"
            )
        if self.once is not None and len(self.once) < 2:
            raise ValueError("'once' takes two or more columns (one column once per group is 'unique: [per..., col]')")
        if (
            self.column is not None
            and self.min is None
            and self.max is None
            and self.regex is None
            and not self.not_null
        ):
            raise ValueError(f"constraint on column '{self.column}' needs min, max, regex or not_null")
        return self

    @property
    def per_row(self) -> bool:
        """A rule each row holds on its own (a ``check`` or a ``column`` bound), not one over a table or two
        (``unique``, ``once``, ``tally``)."""
        return self.check is not None or self.column is not None

    def describe(self) -> str:
        if self.name:
            return self.name
        if self.check is not None:
            return f"check({self.check})"
        if self.unique is not None:
            return f"unique({', '.join(self.unique)})"
        if self.once is not None:
            return f"once across ({', '.join(self.once)}) per ({', '.join(self.per or [])})"
        if self.periods is not None:
            start, end = self.periods
            return f"periods {start}..{end} follow one another per ({', '.join(self.per or [])})"
        if self.tally is not None:
            return f"{self.tally} = {self.tally_text()}"
        parts = []
        if self.min is not None:
            parts.append(f"{self.column} >= {self.min}")
        if self.max is not None:
            parts.append(f"{self.column} <= {self.max}")
        if self.regex is not None:
            parts.append(f"{self.column} ~ /{self.regex}/")
        if self.not_null:
            parts.append(f"{self.column} not null")
        return " and ".join(parts)

    def tally_text(self) -> str:
        """The tally in words: ``count of matches where (season_id = season_id and team_id = home_team_id and
        home_goals > away_goals) or (...)``."""
        sides = []
        for s in self.sides or []:
            terms = [f"{k} = {v}" for k, v in s.match.items()]
            terms += [f"{k} = month of {v}" for k, v in (s.month or {}).items()]
            terms += [s.where] if s.where else []
            at = f"{s.of}'s " if s.of else ""
            if s.via is not None:
                links = " and ".join(f"{k} = {v}" for k, v in s.via.match.items())
                at = f"{s.of or self.of} (via {s.via.table}, {links})'s "
            sides.append(("sum of " + at + s.sum + " " if s.sum else "") + "(" + " and ".join(terms) + ")")
        what = "count of" if not (self.sides and self.sides[0].sum) else "total over"
        return f"{what} {self.of} where " + " or ".join(sides)


class ScenarioSpec(_Frozen):
    """A rare situation injected at a rate; its rows carry its labels."""

    name: str
    table: str
    rate: float = Field(
        default=1.0,
        gt=0.0,
        le=1.0,
        description="chance of each row (of those matching 'where') to be in the "
        "scenario: the count varies around rate x rows",
    )
    count: int | None = Field(
        default=None, ge=0, description="exactly this many rows are in the scenario, whatever --scale"
    )
    share: float | None = Field(
        default=None, ge=0.0, le=1.0, description="exactly round(share x rows) rows are in the scenario"
    )
    shared: list[str] = Field(
        default_factory=list,
        description="unique columns whose value all the scenario's rows share "
        "(one value, e.g. one IBAN for ghost employees): an exception to their uniqueness",
    )
    where: str | None = Field(
        default=None,
        description="SQL predicate over the parent row (e.g. cards.compromised = 1); "
        "only matching rows can be in the scenario, so scenarios can chain from parent to child",
    )
    labels: dict[str, Any] = Field(default_factory=dict, description="label column -> value for the scenario's rows")
    columns: dict[str, ColumnSpec] = Field(
        default_factory=dict, description="generators used instead for the scenario's rows"
    )
    description: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _exact(cls, data: Any) -> Any:
        if isinstance(data, dict) and ("count" in data or "share" in data):
            if "rate" in data or ("count" in data and "share" in data):
                raise ValueError(
                    "give one of 'rate' (a chance per row), 'count' (exact rows) or 'share' (an exact share)"
                )
        return data

    @property
    def exact(self) -> bool:
        return self.count is not None or self.share is not None


DOCUMENT_FORMATS: dict[str, str] = {
    "text": ".txt",
    "markdown": ".md",
    "json": ".json",
    "html": ".html",
    "pdf": ".pdf",
    "email": ".eml",
}


class ChildSpec(_Frozen):
    """Rows of another table that belong to the document's row (an invoice's line items)."""

    table: str
    column: str | None = Field(
        default=None, description="the child column holding this row's key (default: its foreign key to the table)"
    )
    order_by: str | None = Field(default=None, description="a child column to sort by (default: the child's key)")


class PeriodSpec(_Frozen):
    """One document per row and period of a child's dates (a monthly statement)."""

    child: str = Field(description="a name under 'children'")
    column: str = Field(description="a date or datetime column of that child")
    every: Literal["month", "quarter", "year"] = "month"


class EmailSpec(_Frozen):
    """Headers of an .eml document; each value is a Jinja template over the same context as the body."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)
    sender: str = Field(alias="from", description="From header (template)")
    to: str = Field(description="To header (template)")
    subject: str = Field(description="Subject header (template); replies get 'Re: ' in front")
    date: str = Field(description="a date/datetime column of the row: the Date header")
    thread: str | None = Field(
        default=None, description="a column whose equal values make one thread (In-Reply-To, References)"
    )
    domain: str = Field(default="mail.example.com", description="domain of the Message-ID")


class NoiseSpec(_Frozen):
    """Typos injected into a template's own words (never into inserted values) at a rate."""

    scenario: str | None = Field(
        default=None, description="only documents whose rows are in this scenario (default: all)"
    )
    documents: float = Field(default=1.0, ge=0.0, le=1.0, description="share of those documents that get noise")
    typo_rate: float = Field(default=0.02, ge=0.0, le=1.0, description="share of the template's words with a typo")


MODEL_DOCUMENT_FORMATS = ("text", "markdown", "email")


class DocumentModelSpec(_Frozen):
    """Ask the language-model backend (``generate --backend URL --model NAME``) to write the document's body.

    The template's rendering is the draft the model is given, with every entity value it inserted;
    the answer must contain each of them verbatim, so the spans are found again exactly. An answer
    that leaves one out is asked again (``retries``), then rejected: the document keeps its offline
    rendering, or with ``strict: true`` the run stops. Without a backend, the offline rendering is
    written (and the manifest says which method made how many documents)."""

    instructions: str = Field(
        description="what the model should write, e.g. 'Rewrite this as the customer's own complaint e-mail'"
    )
    retries: int = Field(default=2, ge=0, le=10, description="further asks when an answer leaves a value out")
    max_tokens: int | None = Field(default=None, ge=1, description="longest answer asked for (tokens)")
    strict: bool = Field(default=False, description="true: a rejected answer stops the run, naming the document")


class DocumentSpec(_Frozen):
    """Documents rendered from a table's rows with a Jinja2 template, consistent with the rows by construction."""

    name: str
    table: str = Field(description="one document per row of this table")
    format: Literal["text", "markdown", "json", "html", "pdf", "email"]
    template: str | None = Field(default=None, description="template file, relative to the spec (or example:NAME/FILE)")
    text: str | None = Field(default=None, description="the template inline, instead of a file")
    path: str | None = Field(default=None, description="file name template, e.g. 'invoices/{{ row.order_id }}.pdf'")
    children: dict[str, str | ChildSpec] = Field(
        default_factory=dict, description="name -> child table (with its rows as a list)"
    )
    per: PeriodSpec | None = Field(default=None, description="one document per row and period of a child's dates")
    where: str | None = Field(default=None, description="SQL predicate over the row: only matching rows get a document")
    rate: float = Field(default=1.0, gt=0.0, le=1.0, description="share of the (matching) rows that get a document")
    limit: int | None = Field(default=None, ge=0, description="at most this many documents (the first rows)")
    locale: str | None = Field(default=None, description="locale of formatted money and dates (default: the dataset's)")
    tone: dict[str, str] = Field(
        default_factory=dict, description="scenario -> tone name the template can branch on (default 'neutral')"
    )
    noise: list[NoiseSpec] = Field(default_factory=list)
    email: EmailSpec | None = Field(default=None, description="headers; required for format 'email'")
    entities: dict[str, str] = Field(
        default_factory=dict, description="'table.column' -> entity label (overrides the inferred label)"
    )
    model: DocumentModelSpec | None = Field(
        default=None,
        description="the body written by the language-model backend from the rendered draft (formats text, markdown, email)",
    )
    description: str | None = None

    @model_validator(mode="after")
    def _check(self) -> DocumentSpec:
        if (self.template is None) == (self.text is None):
            raise ValueError("give exactly one of 'template' (a file) or 'text' (the template inline)")
        if (self.format == "email") != (self.email is not None):
            raise ValueError("format 'email' needs an 'email' block (from, to, subject, date), and only it takes one")
        if self.model is not None and self.format not in MODEL_DOCUMENT_FORMATS:
            raise ValueError(
                f"'model' writes plain-text bodies: formats {', '.join(MODEL_DOCUMENT_FORMATS)}, not '{self.format}'"
            )
        return self


class ActionParam(_Frozen):
    """One typed parameter of a domain action (a tool argument, described by JSON Schema)."""

    type: Literal["string", "integer", "number", "boolean"] = "string"
    description: str | None = None
    enum: list[Any] | None = Field(default=None, description="the only values allowed")
    min: float | None = Field(default=None, description="numbers: smallest value allowed")
    max: float | None = Field(default=None, description="numbers: largest value allowed")
    example: str | None = Field(
        default=None,
        description="SQL expression over the action's row giving the value tasks ask for "
        "(e.g. 'round(total * 0.5, 2)'); default: an enum value, or the row's column of that name",
    )

    @model_validator(mode="after")
    def _check(self) -> ActionParam:
        if self.min is not None and self.max is not None and self.max < self.min:
            raise ValueError(f"max ({self.max}) < min ({self.min})")
        if self.enum is not None and not self.enum:
            raise ValueError("enum must not be empty")
        return self


class ActionCheck(_Frozen):
    """A precondition: an SQL predicate over the action's row and its parameters (``:name``); false -> a tool error."""

    check: str = Field(
        description="SQL predicate over the row's columns and :param values, e.g. \"status = 'delivered'\""
    )
    message: str = Field(description="the tool error when the predicate is false")


class ActionEffect(_Frozen):
    """A change an action makes: ``set`` columns of its row, or ``insert`` a row into a table."""

    set: dict[str, str] | None = Field(
        default=None, description="column of the action's row -> SQL expression over the row, :param values and :now"
    )
    insert: str | None = Field(default=None, description="a table to insert one row into")
    values: dict[str, str] = Field(
        default_factory=dict,
        description="insert: column -> SQL expression over the action's row, "
        ":param values, :now and :next_id (the next free number of the table)",
    )

    @model_validator(mode="after")
    def _one(self) -> ActionEffect:
        if (self.set is None) == (self.insert is None):
            raise ValueError("give exactly one of 'set' (columns of the action's row) or 'insert' (a table)")
        if self.set is not None and self.values:
            raise ValueError("'values' goes with 'insert'")
        return self


class ScenarioAsk(_Frozen):
    """A request to run an action on every row of a scenario under one parent row (find them, then act on each)."""

    ask: str = Field(
        description="how the user asks: a template over the parent row's columns (its foreign key names it, "
        "e.g. {card_id}) and the parameters, e.g. 'dispute the tiny online charges on card {card_id} I did not make'"
    )
    params: dict[str, Any] = Field(
        default_factory=dict, description="parameter values the request implies (e.g. reason: not_recognised)"
    )


class ActionSpec(_Frozen):
    """A domain write action an agent environment exposes as a tool (``simulacra env build``)."""

    name: str = Field(description="the tool's name, e.g. refund_order")
    description: str = Field(description="what the tool does, shown to the agent")
    table: str = Field(description="the table whose row the action acts on")
    key: str | None = Field(
        default=None, description="the parameter naming the row by its primary key (default: the key column's name)"
    )
    params: dict[str, ActionParam] = Field(
        default_factory=dict, description="parameters besides the key (which is added when absent)"
    )
    preconditions: list[ActionCheck] = Field(default_factory=list)
    effects: list[ActionEffect] = Field(min_length=1)
    where: str | None = Field(
        default=None, description="SQL predicate over the row: rows tasks may pick (default: any)"
    )
    ask: list[str] = Field(
        default_factory=list,
        description="ways a user asks for it: templates with {param} and {column} "
        "fields, e.g. 'please refund {amount} on order {order_id}'",
    )
    scenarios: dict[str, ScenarioAsk] = Field(
        default_factory=dict,
        description="scenario of the action's table -> a request to act "
        "on all that scenario's rows under one parent (tasks that must find them first)",
    )


class PolicyRule(_Frozen):
    """A rule of the written policy; with ``action`` and ``when`` it also binds that action's behaviour."""

    id: str = Field(description="short name, quoted in tool errors")
    text: str = Field(description="the rule as the policy document says it")
    action: str | None = Field(default=None, description="the action the rule binds (machine-checked)")
    when: str | None = Field(
        default=None, description="SQL predicate over the action's row and :param values: the rule applies"
    )
    outcome: Literal["needs_approval", "forbid"] = Field(
        default="forbid",
        description="needs_approval: the action is refused "
        "and must be handed to a human; forbid: it is refused outright",
    )

    @model_validator(mode="after")
    def _bound(self) -> PolicyRule:
        if (self.action is None) != (self.when is None):
            raise ValueError(
                "a machine-checked rule needs both 'action' and 'when' (or neither, for a written-only rule)"
            )
        return self


class PolicySpec(_Frozen):
    """The rules an agent must follow, rendered to policy.md; rules with action + when are enforced by the tools."""

    title: str | None = None
    intro: str | None = Field(default=None, description="a paragraph above the rules")
    rules: list[PolicyRule] = Field(default_factory=list)
    identify_by: str | None = Field(
        default=None,
        description="table.column (unique, e.g. customers.email): before any action "
        "on a row, the agent must have found its owner (that table's row above it) by searching "
        "this column; else the tool refuses",
    )

    @field_validator("identify_by")
    @classmethod
    def _dotted(cls, v: str | None) -> str | None:
        if v is not None and (v.count(".") != 1 or not all(v.split("."))):
            raise ValueError("identify_by is table.column, e.g. customers.email")
        return v


class DatasetSpec(_Frozen):
    name: str = "dataset"
    description: str | None = None
    seed: int = 0
    locale: str = "en_US"
    intended_use: str | None = Field(default=None, description="what the data is for (testing, demo, training...)")
    tables: dict[str, TableSpec]
    constraints: list[ConstraintSpec] = Field(default_factory=list)
    scenarios: list[ScenarioSpec] = Field(default_factory=list)
    documents: list[DocumentSpec] = Field(
        default_factory=list, description="documents rendered from the rows (text, JSON, HTML, PDF, email)"
    )
    actions: list[ActionSpec] = Field(
        default_factory=list, description="domain write actions, tools of an agent environment"
    )
    policy: PolicySpec | None = Field(
        default=None, description="rules an agent environment's policy.md states (and its tools enforce)"
    )
