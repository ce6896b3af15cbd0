"""docs/spec.md, written from the pydantic models that validate specs, so the reference cannot drift.

``python -m simulacra.spec.reference > docs/spec.md`` rewrites it; a test fails when the file and
:func:`render` differ. Every model reachable from :class:`DatasetSpec` gets a parameter table (name,
type, default, description from its ``Field``); every column generator in ``ColumnSpec`` gets its
table and an example (from ``EXAMPLES``, or one built from its required fields when none is written
yet); every realistic value kind is listed from the value engine's registry. A new model or
generator appears here by being added to the models.
"""

from __future__ import annotations

import re
import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from simulacra.spec import model as m
from simulacra.spec.refs import FUNCTIONS

__all__ = ["EXAMPLES", "VALIDATE_CHECKS", "column_models", "render"]

# one example per generator name (YAML flow style); checked by tests/unit/spec/test_reference.py
EXAMPLES: dict[str, str] = {
    "sequence": "order_id: {generator: sequence, start: 1000, step: 1}",
    "uuid": "token: {generator: uuid}",
    "pattern": 'sku: {generator: pattern, pattern: "SKU-{seq:06d}-??"}',
    "constant": "country: {generator: constant, value: DE}",
    "categorical": "status: {generator: categorical, values: {active: 0.8, leave: 0.15, left: 0.05}}",
    "boolean": "is_vip: {generator: boolean, p: 0.05}",
    "uniform": "score: {generator: uniform, low: 0, high: 100, round: 1}",
    "integer": "age: {generator: integer, low: 18, high: 90}",
    "normal": "height_cm: {generator: normal, mean: 172, std: 9, min: 140, max: 210, round: 0}",
    "lognormal": "income: {generator: lognormal, median: 42000, sigma: 0.5, round: 0}",
    "exponential": "wait_s: {generator: exponential, scale: 30, round: 1}",
    "poisson": "children: {generator: poisson, lam: 1.4}",
    "negative_binomial": "visits: {generator: negative_binomial, mean: 3, dispersion: 1.5}",
    "zipf": "rank: {generator: zipf, s: 1.3, n: 1000}",
    "money": "price: {generator: money, distribution: lognormal, median: 20, sigma: 0.6, currency: EUR}",
    "date": "hired_on: {generator: date, start: 2015-01-01, end: 2024-12-31, weekday_weights: [1, 1, 1, 1, 1, 0, 0]}",
    "datetime": "closed_at: {generator: datetime, after: opened_at, end: 2024-12-31, "
    "offset: {distribution: exponential, mean: 3, unit: days}}",
    "expression": 'bonus: {generator: expression, expr: "ROUND(salary * 0.1, 2)"}',
    "case": 'band: {generator: case, cases: [{when: "salary >= 60000", then: senior}], else: junior}',
    "lookup": 'status_code: {generator: lookup, key: status, mapping: {active: A, leave: L, left: X}, default: "?"}',
    "foreign_key": "reporter_id: {generator: foreign_key, references: employees.emp_id, distribution: zipf, s: 1.2}",
    "aggregate": "last_ticket_at: {generator: aggregate, function: max, of: tickets.opened_at}",
    "running_sum": "balance: {generator: running_sum, of: \"CASE WHEN kind = 'credit' THEN amount ELSE -amount END\", "
    "start: 100, order_by: booked_at, round: 2}",
    "process": "state: {generator: process, field: state}",
    "rank": "position: {generator: rank, by: finish_time}",
    "text": 'summary: {generator: text, instructions: "Write two sentences on {name}\'s stay in {city}.", '
    'fields: [name, city], must_include: [name], template: "{name} stayed in {city}.", max_tokens: 120}',
}

# what `simulacra validate` checks (simulacra.constraints.check_dataset)
VALIDATE_CHECKS: tuple[str, ...] = (
    "every table and column of the spec is present (scenario label columns included)",
    "primary keys unique and not null; `unique` columns and `unique` constraints hold (a row with a null in the set "
    "never conflicts: NULLS DISTINCT, as in PostgreSQL and DuckDB)",
    "foreign keys point to existing parent keys; self-references are acyclic; a `distinct` key names no "
    "parent twice among one parent's rows",
    "every constraint (`check`, `column` min/max/regex/not_null), reading parents through foreign keys",
    "a `once` constraint: no value stands twice in its columns (either of them) within a group of `per` (a team "
    "home or away once per season and matchday)",
    "a `periods` constraint: within a group of `per`, in start order, no period starts before the one before "
    "it ends (of two starting together, the shorter first), and none follows an open one (a null end); the first "
    "failing row is named with its group "
    "(`customer_id 17`)",
    "aggregates equal the aggregate of their child rows (within the column's rounding)",
    "derived columns are recomputed: `expression`, `lookup`, `case` (rows taking a branch with a random "
    "generator are not compared), each with its scenario override on the scenario's rows",
    "running sums are recomputed per parent, in `order_by` then row order (with `relative_to`, the value against "
    "its parent group: less its least, its greatest less it, less its first, over its sum)",
    "children per parent row where the count is fixed or categorical (`fixed: 1` is a one-to-one), "
    "0 allowed with `zero_rate`, per `by` value; with `total`, any count within the count's min..max (per `by` "
    "value, that value's)",
    "children per parent row as `rows.equals` says; with `rows.months`, one child per month of the parent's "
    "period (as many as its months, each month inside it and once)",
    "values inside their generator's declared range (`integer`/`uniform`/`money` low-high, min/max, categorical "
    "values, constants, date start-end, a `pattern`'s shape, its `check` character and `check_digit` scheme): the base generator on rows outside a scenario, the override on its rows",
    "dates made `after` another column (or several: the latest of them) are not before it and not past the generator's `end`; a date column kept as text"
    " in another format (`01-Jan-1995`, `31/01/2024`: a source's own form, which learned samples keep) is read as dates; "
    "a column with a `written` form (a date's strftime form, an amount's `money:` form) is read in that form, and a "
    "value not in it is named with its row",
    "rows labelled with a scenario meet its `where` (read on the parent row)",
    "each scenario's share of its eligible rows is within 4 binomial standard deviations (+1 row) of its `rate`",
    "documents (when present) agree with their rows",
)

NOT_CHECKED = (
    "Not checked (and not reported as passed): a column a scenario overrides when that scenario has no label "
    "telling its rows apart; distributions' shapes (see `simulacra evaluate`)."
)

STREAMING = (
    "`simulacra validate --chunk-size N` (`simulacra.validate(..., chunk_size=N)`) runs the same checks with the same "
    "findings, holding N rows at a time: the dataset is staged into a temp DuckDB database that spills to disk past "
    "`--memory-limit` MiB (default 256); keys, uniqueness, foreign keys, aggregates, exact and shared scenarios are "
    "SQL there; row checks and the spec features run chunk by chunk (cut where a parent's rows end) with the parent "
    "values they read. Still read whole: static tables, tables with a self-reference `within` a group or `senior` "
    "(with their parents), and the key and reference columns of a self-referencing table (for cycles). Documents are "
    "not checked this way."
)

INTRO = """# The spec language

A spec is a YAML file describing a whole relational dataset: tables, their columns and
the generator making each, keys and foreign keys, constraints rows must meet, scenarios
(rare situations at a rate, with labels) and documents rendered from rows.
`simulacra spec validate spec.yaml` checks it (every problem at once, with file:line);
`simulacra generate spec.yaml -o out.db --seed 7` makes the data; `simulacra validate
spec.yaml out.db` checks any dataset against it.

*This file is generated from the models that validate specs
(`python -m simulacra.spec.reference > docs/spec.md`); a test fails when it drifts.*

A column may be written as a bare generator name (`last_name`) when it needs no
parameter. Every column takes `null_rate`, `unique` and `description`.
"""

DIALECT = """## Expressions: the simulacra SQL dialect

`expression`, `case` (`when`), `running_sum` (`of`), constraint `check` and scenario
`where` take SQL expressions in the **simulacra SQL dialect**: polars SQL
(PostgreSQL-flavoured) evaluated on each row, with these differences so a formula checked
in SQLite, DuckDB or PostgreSQL agrees with the data:

- `ROUND(x, d)` rounds half away from zero on the decimal value (`ROUND(2.5) = 3`,
  `ROUND(-2.675, 2) = -2.68`), as SQLite and PostgreSQL's `numeric` do;
- a date or date-time column plus or minus a number adds or subtracts days
  (`hired_on + 30`, as PostgreSQL's `DATE + int`); `DATE_ADD(x, n[, unit])` and
  `DATE_SUB` add other units, months and years included;
- a bare string does not compare with a date: write `DATE '2024-01-31'`.

**Reading parents.** `table.column` reads the parent row through the table's only foreign
key to that table; `fk_column.column` reads it through a named foreign key — the way to
choose when a table has two keys to the same parent (a ticket's `reporter_id.office_id` and
`assignee_id.office_id`). Chains go up several levels: `orders.customers.segment`.
A running sum, and any column read by an expression, can be read by later columns.
Window functions over a parent's rows are `running_sum` columns: `SUM(x) OVER (PARTITION BY
parent ORDER BY o)` is `{of: x, order_by: o}`, `COUNT(*) OVER (...)` is `{of: "1"}`, `x - MIN(x)
OVER (PARTITION BY parent)` is `{of: x, relative_to: min}` (a gap behind the best), `MAX(x) OVER
(...) - x` is `relative_to: max`, `x - FIRST_VALUE(x) OVER (... ORDER BY o)` is `relative_to:
first, order_by: o`, and `x / SUM(x) OVER (...)` is `relative_to: total` (a share).

| function or form | meaning |
|---|---|
"""


def column_models() -> list[type[BaseModel]]:
    """The column generator models of ``ColumnSpec``, in declaration order (new ones included)."""
    union = typing.get_args(m.ColumnSpec)[0]
    return [typing.get_args(a)[0] for a in typing.get_args(union)]


def _type(t: Any) -> str:
    origin = typing.get_origin(t)
    if t is type(None):
        return "null"
    if origin is typing.Literal:
        return " \\| ".join(f"`{a}`" for a in typing.get_args(t))
    if origin in (typing.Union, types.UnionType):
        return " or ".join(dict.fromkeys(_type(a) for a in typing.get_args(t) if a is not type(None)))
    if origin is typing.Annotated:
        return _type(typing.get_args(t)[0])
    if origin in (list, tuple):
        return "list of " + ", ".join(_type(a) for a in typing.get_args(t) if a is not Ellipsis)
    if origin is dict:
        k, v = typing.get_args(t)
        return f"mapping {_type(k)} → {_type(v)}"
    if t is Any:
        return "any"
    if isinstance(t, type) and issubclass(t, BaseModel):
        if t in column_models():
            return "[column generator](#column-generators)"
        return f"[{t.__name__}](#{t.__name__.lower()})"
    return getattr(t, "__name__", str(t))


def _default(f: Any) -> str:
    if f.is_required():
        return "**required**"
    d = f.default if f.default is not PydanticUndefined else (f.default_factory() if f.default_factory else None)
    if d is None or d == [] or d == {}:
        return ""
    return f"`{d}`"


def _doc(model: type[BaseModel]) -> str:
    own = model.__dict__.get("__doc__")
    return re.sub(r"\s+", " ", own).strip() if own else ""


# meanings of parameters whose Field has no description (a Field description, when written, wins)
MEANINGS: dict[str, str] = {
    "name": "a name",
    "description": "free text for people",
    "seed": "the default seed (the CLI's --seed wins)",
    "locale": "en_US, en_GB, de_DE or fr_FR: realistic values and formats",
    "tables": "table name -> table",
    "constraints": "rules rows must meet; failing rows are regenerated (bounded), then refused",
    "scenarios": "rare situations at a rate, with label columns",
    "primary_key": "a column, or a list of columns",
    "columns": "column name -> generator (in the order written)",
    "low": "lower bound (uniform; integer: inclusive)",
    "high": "upper bound (uniform; integer: inclusive)",
    "mean": "mean (normal, exponential, poisson, negative_binomial; lognormal: instead of median)",
    "std": "standard deviation (normal)",
    "median": "median (lognormal)",
    "sigma": "log-scale spread (lognormal)",
    "scale": "mean (exponential)",
    "lam": "rate (poisson)",
    "min": "values below are raised to it",
    "max": "values above are lowered to it",
    "value": "the value",
    "values": "the values (categorical: or value -> weight)",
    "weights": "one weight per value",
    "distribution": "the distribution's kind",
    "table": "a table of the spec",
    "check": "SQL predicate every row satisfies",
    "column": "a column of the table",
    "regex": "the whole value matches it",
    "not_null": "no null",
    "unit": "unit of the offset",
    "format": "the document's format",
    "noise": "typos injected into the template's words",
    "every": "the period",
    "start": "the first value (sequence) / the value before a parent's first row (running_sum: a number, or an "
    "SQL expression over the row and its parents, meters.initial_read)",
    "dispersion": "shape r of the negative binomial (variance = mean + mean²/r)",
    "s": "zipf exponent (> 1)",
    "n": "zipf: the largest value",
    "dtype": "cast the result to this type",
    "cases": "branches tried in order; the first whose `when` holds",
    "else": "the value (or generator) when no branch holds",
    "mapping": "key value -> value",
    "default": "the value for other keys",
    "function": "the aggregate",
    "round": "decimals to round to (half away from zero)",
}


def _table(model: type[BaseModel], skip: tuple[str, ...] = ()) -> list[str]:
    lines = ["| parameter | type | default | meaning |", "|---|---|---|---|"]
    for name, f in model.model_fields.items():
        if name in skip:
            continue
        desc = (f.description or MEANINGS.get(name, "")).replace("|", "\\|").replace("\n", " ")
        lines.append(f"| `{f.alias or name}` | {_type(f.annotation)} | {_default(f)} | {desc} |")
    return lines


def _nested(model: type[BaseModel], seen: list[type[BaseModel]]) -> None:
    if model in seen:
        return
    seen.append(model)
    for f in model.model_fields.values():
        for t in _walk(f.annotation):
            if isinstance(t, type) and issubclass(t, BaseModel) and t not in column_models():
                _nested(t, seen)


def _walk(t: Any) -> list[Any]:
    args = typing.get_args(t)
    return [t] + [x for a in args for x in _walk(a)] if args else [t]


def _auto_example(model: type[BaseModel], name: str) -> str:
    req = [k for k, f in model.model_fields.items() if f.is_required() and k != "generator"]
    return f"my_column: {{generator: {name}" + "".join(f", {k}: ..." for k in req) + "}"


def render() -> str:
    out = [INTRO]
    out.append("## Structure\n")
    structs: list[type[BaseModel]] = []
    _nested(m.DatasetSpec, structs)
    for cm in column_models():  # models nested in generators (a case's branches, a date's offset)
        for f in cm.model_fields.values():
            for t in _walk(f.annotation):
                if isinstance(t, type) and issubclass(t, BaseModel) and t not in column_models():
                    _nested(t, structs)
    for model in structs:
        out.append(f"### {model.__name__}\n")
        if _doc(model):
            out.append(_doc(model) + "\n")
        out += _table(model)
        out.append("")
    out.append("## Column generators\n")
    common = set(m.ColumnBase.model_fields)
    names_of: dict[type[BaseModel], list[str]] = {}
    for name, cls in m.BUILTIN_GENERATORS.items():
        names_of.setdefault(cls, []).append(name)
    for model in column_models():
        names = names_of.get(model, [])
        title = ", ".join(f"`{n}`" for n in names) if names else "realistic values"
        out.append(f"### {title}\n")
        if _doc(model):
            out.append(_doc(model) + "\n")
        if model is m.RealisticColumn:
            out.append(_realistic())
            continue
        out += _table(model, skip=tuple(common) + ("generator",))
        out.append("")
        for n in names:
            out += ["```yaml", EXAMPLES.get(n, _auto_example(model, n)), "```", ""]
    out.append("### Parameters every column takes\n")
    out += _table(m.ColumnBase)
    out.append("")
    out.append(DIALECT.rstrip("\n"))
    for form, meaning in FUNCTIONS.items():
        out.append(f"| `{form}` | {meaning} |")
    out.append("")
    out.append("## What `validate` checks\n")
    out += [f"- {c}" for c in VALIDATE_CHECKS]
    out += ["", NOT_CHECKED, "", STREAMING, ""]
    return "\n".join(out)


def _realistic() -> str:
    from simulacra.values import VALUE_KINDS

    lines = [
        "`generator:` names a value kind of the value engine; columns with the same `group` agree "
        "(one person, one address). Parameters: `group`, `locale`, `pool`, `distinct`, `top_share`, plus the kind's own below "
        "(column parameters name a column of the row the value follows). `pool: K`: the rows share K fresh "
        "values (10 customers on 600 orders), each made once by seed, the same in every chunk; it takes no "
        "column parameters, and pooled columns of one `group` agree slot by slot (a customer's name and "
        "e-mail). A learned model learns which of the K a row is (slot 1 "
        "the most frequent in the source) with the row's other columns; no source value is kept. "
        "`distinct: K` (with `top_share: s`): the rows are drawn from K fresh values made by seed, the first "
        "at share s of the rows and the others evenly, so names repeat as often as in the source (drafted "
        "for a name column whose names repeat more than as many people's would: 100 surnames on 400 "
        "players); per row by its own bits, the same in every chunk. Names are drawn from population-shaped "
        "pools: Faker's lists at the share of the people they cover (en_US surnames: Smith 0.83%, as in the "
        "2010 census) and kindred locales' names for the rest.",
        "",
        "| generator | column parameters | parameters (default) | meaning |",
        "|---|---|---|---|",
    ]
    for name in sorted(VALUE_KINDS):
        k = VALUE_KINDS[name]
        params = ", ".join(f"`{p}` ({v!r})" for p, v in k.params.items())
        cols = ", ".join(f"`{c}`" for c in k.column_params)
        lines.append(f"| `{name}` | {cols} | {params} | {k.description.replace('|', '/')} |")
    lines += [
        "",
        "```yaml",
        "email: {generator: email, first_name: first_name, last_name: last_name, unique: true, group: person}",
        "customer: {generator: full_name, pool: 10}",
        "surname: {generator: last_name, distinct: 120, top_share: 0.05}",
        "```",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    print(render(), end="")
