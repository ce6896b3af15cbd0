"""Primary and foreign keys the source does not declare, inferred from the data, with evidence.

**Primary key** of a table without a declared one: a non-null, unique integer or
text column, preferring a name like ``id`` / ``<table>_id`` / ``<table>id``, then the
first column, then any unique integer column named like an identifier.

**Foreign key** ``child.x -> parent.k`` (``k`` the parent's single-column primary key):

* *value inclusion*: at least 99% of the child's non-null rows hold a value present
  in ``parent.k`` (the rest are reported as orphan rows);
* the parent column is unique (it is the parent's key) and the types agree
  (integers with integers, text with text);
* and at least one of
  - *name similarity* ``n``: ``x`` equals ``k`` (``account_id`` ↔ ``account.account_id``),
    or names the parent table (``district_id`` ↔ ``district.A1``), or a lookup table by what it lists
    (``status`` ↔ ``status_codes.code``); lower scores for a partial mention or a close spelling;
  - *specificity* ``d = 1 - density^k``: the chance that ``k`` distinct child values
    all fall among the parent's keys by accident, with ``density`` = share of the
    integers in the child's value range that are parent keys. Sparse keys
    (``account_id`` covers 40% of 1..11382) make inclusion of hundreds of values
    near-certain evidence; dense small ranges (``1..77``) prove nothing, so such
    columns need a name match (``loan.duration`` ⊆ ``district.A1`` is rejected).

Containment alone never makes a key. Without a strong name match (``n`` < 0.8) a
child column must also *reach* across its parent: its values span at least half of
the parent's key range, or reference at least half of the parent's keys (a car
number 1..99 inside driver ids 1..11,000 is a small integer, not a key), and a
column named like a measure (``card_age_days``, ``laps``, ``position``) is never a key
without a strong name match. Both figures are in the evidence.

**Keys the name does not reveal** (``procedures.surgeon_id -> staff.staff_id``, ``reviewer -> users``,
``employees.manager_id -> employees.employee_id``): a column named like a key (an ``id`` / ``key`` / ``ref``
token, a role noun such as ``reviewer``, ``owner``, ``manager``, an agent after a past participle:
``checked_by``, ``approved_by``, or the row a verb points to: ``reports_to``, ``assigned_to``) with no name
match is taken *by its values* when at least ``VALUE_MIN_DISTINCT`` distinct integers all lie among the parent's keys and an
unrelated column of the same magnitude would land on them by chance with p < ``VALUE_MAX_CHANCE``: the
*window chance* ``density^k``, ``density`` the share of the integers in the child's own range widened by
its span on each side (not below 0) that are parent keys. A dense parent ``1..700`` holding a child's
``1..118`` is no evidence (the window ``0..235`` is all keys); ``staff`` keys ``100..220`` holding the
surgeons' ``101..219`` are (the window ``0..337`` is 36% keys: ``0.36^55``). So a parent whose keys run far
past the child's values never wins, and among parents that pass, the tightest (lowest chance) does. Text
keys keep the rule above (10 distinct values of three or more characters), dates never are keys. A
self-reference by values must repeat (a column unique on every row is a copy of the key, not a reference).
Where the window chance decides (dense parent keys), a name whose noun is another entity than the parent's
(``calls.cell_id`` inside customers 1..300: a cell) is no key, with a note (``_key_nouns.another_entity``).

A column that is its own table's primary key becomes a foreign key only with an
exact name match (1:1 extension tables). Tables that number their own rows under one name (``item_id``
``1..40`` in returns, ``1..90`` in shipments) are no keys into each other: a column that is its table's key, or
unique and never null in a table with no key of one other column, matching a parent's key by that name alone is
taken only where the name mentions the parent table (``customer_profiles.customer_id -> customers``) or its
values are specific (``d`` ≥ 0.999: sparse ids, not counts from 1), or they skip parent keys all along the
parent's range (``stock.item_id`` for 60% of ``products``, ``medical_records.pid`` for 5% of ``people``: a table
with one row per some parents, its key the parent's; ``_skips_parents``): at least 10% of the parent keys inside
the values' range missing, and as few left outside it as a random share of the parents leaves; where fewer than
half are missing (own ``1..n`` with rows deleted at random holds the same values) the rows must say it too: stored
out of key order, or describing their parent's row (``_extension_rows``). Dense ``1..n`` in
both tables with as many rows skips none: no evidence, no key (declare it, or name the parent). A unique column beside the table's own key
(``bills.sid`` beside ``bills.bid``, one bill per stay) is no numbering of the table: it stays a reference. Between two parents equal on the evidence, the one the name mentions wins. A column named for its own table (``events.event_no``,
``stops.stop_code``) names its own row, a number or a rank within a parent, not another row: it is no
name evidence for a self-reference (which needs a role, ``manager_id``, ``parent_event_id``, or its values). Each child column keeps its best parent.
``confidence = inclusion × (1 − (1 − 0.95 n)(1 − 0.95 d))``.

**Composite foreign key** ``child.(a, b) -> parent.(a, b)``: the parent's key has several
columns (declared, or, in a table without a single-column key, a pair of its foreign-key or
id-named columns unique together and never null); the child holds every one of them *by
the same name* and types agree; at least 99% of the child's complete tuples are parent
keys; and the *pairing* is the evidence: with one column's values shuffled among the child's
rows (seeded), at least 5% and at least 20 of the tuples would miss (a parent holding every
combination, a cross product, proves nothing; line numbers 1..5 of orders with 1..5 lines
miss often enough). ``confidence = inclusion × (1 − shuffled match share^min(n, 400))``. An inferred composite parent key is kept only
when some child references it.

**Cycles** between tables (``a -> b -> a``) cannot be generated parents-first: the
weakest edge of each cycle (inferred before declared, then lowest confidence) is
kept in ``keys`` but left out of the spec, and a note says so. Self-references
(``employee.manager_id -> employee.id``) are not cycles and stay.
"""

from __future__ import annotations

import difflib
import itertools

import numpy as np
import polars as pl

from simulacra._frames import stat
from simulacra.sources import CompositeForeignKey, ForeignKey

from ._extension_rows import out_of_key_order, relates_to_parent
from ._key_nouns import another_entity
from ._patterns import name_tokens

__all__ = [
    "NEVER_KEY_WORDS",
    "break_cycles",
    "infer_composite_keys",
    "infer_foreign_keys",
    "infer_primary_keys",
    "keyable",
    "name_score",
    "names_a_key",
]

INCLUSION = 0.99
REACH = 0.5  # a key without an exact name spans or references at least half of its parent's keys
#: column-name words of a measure (a duration, a count, a rank, a lap): such a column is never a key found by its
#: values alone (``_lookup_keys`` too). Not ``_code_lists.MEASURE_WORDS``: the two lists overlap but each was tuned
#: on its own rule (ranks and time units here; money, rates and rooms there), so one list would change inferences.
NEVER_KEY_WORDS = {
    "age",
    "ages",
    "day",
    "days",
    "hour",
    "hours",
    "minute",
    "minutes",
    "second",
    "seconds",
    "ms",
    "millis",
    "milliseconds",
    "duration",
    "time",
    "year",
    "years",
    "month",
    "months",
    "count",
    "cnt",
    "qty",
    "quantity",
    "amount",
    "amt",
    "total",
    "sum",
    "size",
    "position",
    "rank",
    "points",
    "score",
    "laps",
    "lap",
    "grid",
    "weight",
    "height",
    "length",
    "price",
    "balance",
}
_PK_WORDS = {"id", "key", "no", "nr", "num", "number", "code", "uuid", "guid"}
VALUE_MIN_DISTINCT = 20  # distinct values before containment alone can be a key (1..5 codes never are)
SKIPPED = 0.1  # share of the parent keys inside its range a table with one row per some parents skips
SPREAD_GAPS = 7  # parent keys such a table leaves outside its range, in mean gaps between its values
#: share of the parent keys in range skipped above which the values alone say "a share of the parents": fewer,
#: and own numbering that lost rows at random looks the same (a prior, not a chance: most of a table's own rows
#: deleted is taken as rare; below it the rows must say it, ``_extension_rows``)
SKIPPED_ALONE = 0.5
VALUE_MAX_CHANCE = 1e-6  # largest window chance of an accidental containment (learn-keys3's bound)
_KEY_TOKENS = {"id", "key", "ref", "fk", "uuid", "guid"}  # a name token saying "this refers to a row"
# a lookup table's last name token saying what it holds (status_codes, vehicle_types): a column named by the
# words before it holds the table's key
_LOOKUP_NOUNS = frozenset(("code", "type", "kind", "category", "lookup", "list"))
# role-like endings (reviewer, owner, supervisor, assignee, parent, applicant) name a row of another table;
# these words end the same way but name a quantity, an order or a place in a layout
_ROLE_ENDINGS = ("er", "or", "ee", "ent", "ant", "ist")
_NOT_ROLES = frozenset(
    (
        "order number counter floor tier layer quarter meter metre liter litre error color colour factor "
        "sector vector major minor power water winter summer center centre percent parameter character "
        "chapter filter header footer border cluster marker register after other under over per later sooner "
        "upper lower inner outer super amount current recent latent constant content event extent segment "
        "payment moment element gender temper fever liver ever never poster letter master semester trimester "
        "year weather"
    ).split()
)


def _singular(word: str) -> str:
    w = word.lower()
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ses", "xes", "zes", "ches", "shes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


def keyable(s: pl.Series) -> bool:
    """Whether a column's type can hold keys: integers or text."""
    return s.dtype.is_integer() or s.dtype == pl.String


def _unique_non_null(s: pl.Series) -> bool:
    return s.len() > 0 and s.null_count() == 0 and s.n_unique() == s.len()


def infer_primary_keys(
    frames: dict[str, pl.DataFrame], declared: dict[str, list[str]]
) -> tuple[dict[str, list[str]], dict[str, str], list[str]]:
    """(primary keys, evidence per table, notes): declared ones kept, the others inferred."""
    keys: dict[str, list[str]] = {}
    evidence: dict[str, str] = {}
    notes: list[str] = []
    for table, frame in frames.items():
        if declared.get(table):
            keys[table] = list(declared[table])
            evidence[table] = "declared in the source"
            continue
        if frame.height == 0 or frame.width == 0:
            continue
        cands = [c for c in frame.columns if keyable(frame[c]) and _unique_non_null(frame[c])]
        if not cands:
            continue
        t_tokens = [_singular(t) for t in name_tokens(table)]
        named = [
            c
            for c in cands
            if name_tokens(c)
            in (["id"], ["key"], [*t_tokens, "id"], [*t_tokens, "key"], [*t_tokens, "no"], [*name_tokens(table), "id"])
            or c.lower() in (f"{table.lower()}id", f"{_singular(table)}id")
        ]
        if named:
            col, why = named[0], "named like the table's key"
        elif cands[0] == frame.columns[0]:
            col, why = cands[0], "the first column"
        else:
            ided = [c for c in cands if frame[c].dtype.is_integer() and set(name_tokens(c)) & _PK_WORDS]
            if not ided:
                continue
            col, why = ided[0], "an integer column named like an identifier"
        keys[table] = [col]
        evidence[table] = f"inferred: unique and non-null in all {frame.height:,} rows, {why}"
        if frame.height == 1:
            notes.append(f"table '{table}': a single row, so uniqueness is no evidence; key '{col}' taken as {why}")
            evidence[table] += " (single row: weak evidence)"
    return keys, evidence, notes


def name_score(child_col: str, parent_table: str, parent_col: str) -> tuple[float, str]:
    """How strongly the names say ``child_col`` refers to ``parent_table.parent_col`` (1.0 down to 0), and the reason
    in words."""
    x = name_tokens(child_col)
    k = name_tokens(parent_col)
    p = [_singular(t) for t in name_tokens(parent_table)]
    p_raw = name_tokens(parent_table)
    if x == k and k != ["id"]:
        return 1.0, f"same name as {parent_table}.{parent_col}"
    for stem in (p, p_raw):
        if x in ([*stem, "id"], [*stem, "key"], [*stem, "no"], [*stem, "code"]) or (
            x == stem and len(x) == 1 and k != x
        ):
            return 1.0, f"'{child_col}' names table '{parent_table}'"
    if len(p) > 1 and p[-1] in _LOOKUP_NOUNS and x in (p[:-1], p_raw[:-1]) and k != x:
        # a lookup table named for what it lists: 'status' holds a code of 'status_codes'
        return 0.9, f"'{child_col}' names lookup table '{parent_table}'"
    if len(x) > len(p) and x[-len(p) - 1 :] == [*p, "id"]:
        return 0.8, f"'{child_col}' ends with '{'_'.join(p)}_id'"
    if len(k) > 1 and x[-len(k) :] == k:
        return 0.8, f"'{child_col}' ends with '{parent_col}'"
    ratio = difflib.SequenceMatcher(None, child_col.lower(), parent_col.lower()).ratio()
    if ratio >= 0.85 and k != ["id"]:
        return 0.6, f"'{child_col}' spelled like '{parent_col}' ({ratio:.2f})"
    if all(t in x for t in p) and p:
        return 0.6, f"'{child_col}' mentions table '{parent_table}'"
    return 0.0, "no name match"


def _specificity(child: pl.Series, parent: pl.Series) -> tuple[float, str]:
    """1 - the chance of an accidental inclusion, and how it was judged."""
    distinct = child.drop_nulls().unique()
    k = distinct.len()
    if k == 0:
        return 0.0, "no values"
    if child.dtype.is_integer():
        lo, hi = int(distinct.min()), int(distinct.max())  # type: ignore[arg-type]
        span = hi - lo + 1
        inside = int(parent.filter((parent >= lo) & (parent <= hi)).n_unique())
        density = min(1.0, inside / span)
        chance = density ** min(k, 400)
        if chance < 1e-12:
            return (
                1.0,
                f"parent keys fill {100 * density:.0f}% of {lo}..{hi}, so {k:,} distinct values match by chance with p < 1e-12",
            )
        return (
            1.0 - chance,
            f"parent keys fill {100 * density:.0f}% of {lo}..{hi}: {k:,} distinct values could match by chance (p = {chance:.2g})",
        )
    lengths = stat(distinct.str.len_chars().mean())
    if k >= 10 and lengths >= 3:
        return 0.999, f"{k:,} distinct text values of {lengths:.0f} characters"
    if k >= 3:
        return 0.9, f"{k} distinct text values"
    return 0.5, f"only {k} distinct value(s)"


def _skips_parents(child: pl.Series, parent: pl.Series) -> tuple[float, str] | None:
    """(share of the parent keys skipped, why) where a unique integer column may be a share of the parent's keys,
    not a count of its own rows (None: no evidence). A table numbering its rows counts ``1..m``: it fills its range
    and stops where its rows stop. A table holding one row for some parents (a profile for 60% of users, settings
    for 5% of accounts) skips parent keys all along the parent's range: at least ``SKIPPED`` of the parent keys
    inside its values' range are missing, and it reaches both ends of the parent's keys as a random share of them
    would (the parent keys left outside its range at most ``SPREAD_GAPS`` times the mean gap between its values,
    ``N / (k + 1)``; a random share leaves more with p = 8e^-7 < 1%). Dense ``1..n`` in both, as many rows, skips
    none: no evidence. Own numbering ``1..n`` that lost rows at random skips as many as an extension over the rest:
    below ``SKIPPED_ALONE`` the caller asks the rows for more (``_extension_rows``)."""
    distinct = child.drop_nulls().unique()
    k = distinct.len()
    if k < VALUE_MIN_DISTINCT or not child.dtype.is_integer() or not parent.dtype.is_integer():
        return None
    lo, hi = int(distinct.min()), int(distinct.max())  # type: ignore[arg-type]
    n = parent.n_unique()
    inside = int(parent.filter((parent >= lo) & (parent <= hi)).n_unique())
    outside = n - inside
    if inside == 0 or k / inside > 1 - SKIPPED or outside > SPREAD_GAPS * n / (k + 1):
        return None
    return 1 - k / inside, (
        f"one row for {100 * k / n:.0f}% of the parent's keys: its {k:,} values skip {100 * (1 - k / inside):.0f}% "
        f"of the {inside:,} parent keys in {lo}..{hi} and leave {outside:,} outside (a table numbering its own "
        "rows fills its range and stops short)"
    )


def _mentions_table(col: str, table: str) -> bool:
    """Whether every word of a table's name (singular or not) is in a column's name: ``customer_id`` mentions
    ``customers``, not ``customer_profiles``; ``item_id`` mentions neither ``invoice_lines`` nor ``returns``."""
    x = {_singular(t) for t in name_tokens(col)}
    p = [_singular(t) for t in name_tokens(table)]
    return bool(p) and all(t in x for t in p)


def names_a_key(col: str) -> bool:
    """A name that says its column refers to a row: an id-like token or a role noun (``reviewer``)."""
    tokens = name_tokens(col)
    if set(tokens) & _KEY_TOKENS:
        return True
    if len(tokens) >= 2 and tokens[-1] == "by" and tokens[-2].endswith("ed"):
        return True  # an agent after a past participle (checked_by, approved_by): who did it, a row
    if len(tokens) >= 2 and tokens[-1] == "to" and tokens[-2].endswith(("s", "ed")) and len(tokens[-2]) >= 5:
        return True  # the row a verb points to (reports_to, assigned_to, belongs_to, replies_to): a row
    return any(len(t) >= 5 and t.endswith(_ROLE_ENDINGS) and t not in _NOT_ROLES for t in tokens)


def _window_chance(child: pl.Series, parent: pl.Series) -> tuple[float, str]:
    """The chance that the child's distinct integers all land on parent keys if the column were unrelated:
    ``density^k`` over the child's range widened by its span on each side (not below 0 for a column with
    no negative values): a column has no reason to stop where the parent's keys stop."""
    distinct = child.drop_nulls().unique()
    k = distinct.len()
    lo, hi = int(distinct.min()), int(distinct.max())  # type: ignore[arg-type]
    span = hi - lo + 1
    wlo, whi = lo - span, hi + span
    if lo >= 0:
        wlo = max(wlo, 0)
    inside = int(parent.filter((parent >= wlo) & (parent <= whi)).n_unique())
    density = min(1.0, inside / (whi - wlo + 1))
    chance = density ** min(k, 400)
    return chance, (
        f"found by its values: parent keys fill {100 * density:.0f}% of {wlo}..{whi} (the values' range "
        f"widened by its span), so {k:,} distinct values land on them by chance with p = {chance:.2g}"
    )


def _reach(child: pl.Series, parent: pl.Series) -> tuple[float, float, str]:
    """(share of the parent's key range the child's values span, share of parent keys referenced, words)."""
    distinct = child.drop_nulls().unique()
    n_parent = max(parent.len(), 1)
    coverage = min(1.0, float(distinct.is_in(parent.implode()).sum()) / n_parent)
    if child.dtype.is_integer() and parent.dtype.is_integer() and distinct.len() and parent.len():
        lo, hi = int(distinct.min()), int(distinct.max())  # type: ignore[arg-type]
        plo, phi = int(parent.min()), int(parent.max())  # type: ignore[arg-type]
        span = min(1.0, (hi - lo + 1) / (phi - plo + 1))
        return (
            span,
            coverage,
            (
                f"values span {100 * span:.0f}% of the parent's key range {plo}..{phi}; "
                f"{100 * coverage:.0f}% of parent keys referenced"
            ),
        )
    return coverage, coverage, f"{100 * coverage:.0f}% of parent keys referenced"


def infer_foreign_keys(
    frames: dict[str, pl.DataFrame], primary_keys: dict[str, list[str]], declared: list[ForeignKey]
) -> tuple[list[ForeignKey], list[str]]:
    """Declared keys plus inferred ones (with evidence), and notes on near misses."""
    out = list(declared)
    notes: list[str] = []
    have = {(fk.table, fk.column) for fk in declared}
    parents = {t: k[0] for t, k in primary_keys.items() if len(k) == 1 and t in frames and frames[t].height > 0}
    # each parent's distinct keys, once: every child column is tested against them
    parent_sets = {t: frames[t][k].drop_nulls().unique() for t, k in parents.items()}
    parent_lists = {t: keys.implode() for t, keys in parent_sets.items()}
    for child, frame in frames.items():
        if frame.height == 0:
            continue
        own_pk = primary_keys.get(child, [])
        for col in frame.columns:
            if (child, col) in have:
                continue
            s = frame[col]
            values = s.drop_nulls()
            if values.len() == 0 or not keyable(s):
                continue
            # the table's own numbering: its key, or, in a table with no key of one other column, a column
            # numbering its rows as one (unique, never null). Beside a key of its own (bills.bid) a unique
            # column is no numbering of the table: bills.sid, one bill per stay, refers to stays.sid
            own_key = own_pk == [col] or (not (len(own_pk) == 1 and own_pk[0] != col) and _unique_non_null(s))
            best: tuple[tuple[float, bool], ForeignKey, str | None] | None = None  # (rank, key, why values decided)
            by_chance: tuple[float, str, str] | None = None  # (window chance, parent, noun): a key its name denies
            for parent, key in parents.items():
                if parent == child and col == key:
                    continue
                pset = parent_sets[parent]
                if (s.dtype.is_integer()) != (pset.dtype.is_integer()) or (s.dtype == pl.String) != (
                    pset.dtype == pl.String
                ):
                    continue
                n_score, n_why = name_score(col, parent, key)
                if parent == child and n_score == 1.0:
                    # 'event_no' in events names its own row (a number, a rank within a parent), not another
                    # row: a self-reference needs a role (manager_id, parent_event_id) or its values
                    n_score, n_why = 0.0, "no name match"
                by_values = n_score < 0.6 and names_a_key(col)
                if parent == child and n_score < 0.8 and not by_values:
                    continue  # self-references by name (manager_id -> employee.id) or by values below
                if own_pk == [col] and n_score < 1.0:
                    continue  # a table's own key refers elsewhere only when the name says so
                included = values.is_in(parent_lists[parent])
                inclusion = stat(included.mean())
                orphans = int(values.len() - included.sum())
                if inclusion < INCLUSION:
                    if n_score >= 0.8 and inclusion >= 0.5:
                        notes.append(
                            f"{child}.{col} looks like a key to {parent}.{key} by name, but only "
                            f"{100 * inclusion:.1f}% of its {values.len():,} values are there ({orphans:,} orphan rows); "
                            "not taken as a foreign key"
                        )
                    continue
                d_score, d_why = _specificity(values, pset)
                mentions = _mentions_table(col, parent)
                if own_key and n_score == 1.0 and not mentions and d_score < 0.999:
                    # two tables numbering their own rows under one name (item_id 1..40 and 1..90): equal
                    # names of two keys are no reference unless the name names the parent (customer_id in a
                    # 1:1 extension of customers), the values are specific (sparse ids, not counts from 1) or
                    # they skip parent keys all along the parent's range (stock for 60% of products)
                    skips = _skips_parents(values, pset)
                    if skips is None:
                        continue
                    d_why = skips[1]
                    if skips[0] < SKIPPED_ALONE:
                        # own numbering 1..n with rows deleted at random holds the same values: the rows must
                        # say it (stored out of key order, or describing their parent's row)
                        rows = out_of_key_order(frame, col) or relates_to_parent(frame, col, frames[parent], key)
                        if rows is None:
                            continue
                        d_why = f"{d_why}; {rows}"
                range_share, coverage, r_why = _reach(values, pset)
                chance = 1.0
                if by_values and d_score < 0.999:
                    # dense parent keys: containment in the keys' own range proves nothing; ask whether an
                    # unrelated column of this magnitude would stop where the parent's keys stop
                    if not s.dtype.is_integer() or values.n_unique() < VALUE_MIN_DISTINCT:
                        continue
                    chance, d_why = _window_chance(values, pset)
                    if chance >= VALUE_MAX_CHANCE:
                        continue
                    d_score = 1.0 - chance
                if parent == child and n_score < 0.8 and values.n_unique() == frame.height:
                    continue  # unique on every row: a copy of the key, not a reference to another row
                if n_score < 0.8:
                    # containment alone is no key: a weak or absent name needs the child to reach
                    # across the parent's keys (a car number 1..99 inside driver ids 1..11,000 does not)
                    if set(name_tokens(col)) & NEVER_KEY_WORDS:
                        continue  # card_age_days, laps, position: a measure, never a key without an exact name
                    if max(range_share, coverage) < REACH:
                        continue
                    if n_score < 0.6 and d_score < 0.999:
                        continue
                noun = another_entity(col, parent) if chance < 1.0 else None
                if noun is not None:
                    # dense parent keys, and the name says another entity (a cell, a gate, a seat): its small
                    # integers land on the parent's keys because both count from 1, not because they refer
                    if by_chance is None or chance < by_chance[0]:
                        by_chance = (chance, parent, noun)
                    continue
                conf = inclusion * (1 - (1 - 0.95 * n_score) * (1 - 0.95 * d_score))
                parts = [
                    f"inclusion {100 * inclusion:.1f}% of {values.len():,} values"
                    if orphans
                    else f"inclusion 100% of {values.len():,} values",
                    f"{values.n_unique():,} distinct",
                ]
                if orphans:
                    parts.append(f"{orphans:,} orphan row(s) not in {parent}")
                parts.append(f"{parent}.{key} unique")
                parts.append(f"name match: {n_why}" if n_score > 0 else "no name match")
                parts.append(d_why)
                parts.append(r_why)
                fk = ForeignKey(
                    child, col, parent, key, declared=False, evidence="; ".join(parts), confidence=round(conf, 4)
                )
                # among parents found by values, the tightest (lowest window chance) wins
                # and on a tie, the parent the name names (customer_id: customers, not customer_profiles, whose
                # key is a copy of the customers')
                rank = (conf + 0.01 * n_score + 1e-4 * min(-np.log10(max(chance, 1e-300)), 300) / 300, mentions)
                if best is None or rank > best[0]:
                    # a key its name does not give (another noun or a role): the values decided, and a note says so
                    why = None if n_score >= 0.6 else _values_decided(values, orphans, parent, f"{d_why}; {r_why}")
                    best = (rank, fk, why)
            if best is not None:
                out.append(best[1])
                if best[2] is not None:
                    notes.append(_taken_by_values_note(best[1], best[2]))
            elif by_chance is not None:
                notes.append(_another_entity_note(frames, child, col, by_chance[1], by_chance[2]))
    return out, notes


def _values_decided(values: pl.Series, orphans: int, parent: str, chance: str) -> str:
    """The values' evidence for a key its name does not give: how many are parent keys, and the chance."""
    held = (
        f"all {values.len():,} non-null values"
        if not orphans
        else f"{values.len() - orphans:,} of {values.len():,} non-null values ({orphans:,} orphans)"
    )
    return f"{held} ({values.n_unique():,} distinct) are keys of {parent}, its key unique; {chance}"


def taken_by_values_note_of(table: str, column: str) -> str:
    """How a note on a key taken by its values begins (``inspect`` drops it where a later rule drops the key)."""
    return f"{table}.{column}: taken as a key to "


def _taken_by_values_note(fk: ForeignKey, why: str) -> str:
    """Why a key whose name names another noun or a role (``team_id`` -> clubs, ``reports_to``) was taken."""
    return (
        taken_by_values_note_of(fk.table, fk.column) + f"{fk.references} by its values, under another noun or a "
        f"role ('{fk.column}' does not name '{fk.ref_table}'): {why}"
    )


def _another_entity_note(frames: dict[str, pl.DataFrame], child: str, col: str, parent: str, noun: str) -> str:
    """Why a column whose values land on a parent's dense keys is no key to it: its name says another entity."""
    holders = [t for t in frames if name_tokens(t) and _singular(name_tokens(t)[-1]) == noun]
    held = f"which table '{holders[0]}' holds" if holders else "which no table holds"
    owner = f"{parent}'" if parent.endswith("s") else f"{parent}'s"
    return (
        f"{child}.{col} looks like a reference to a '{noun}', {held}; its values fall inside {owner} keys by "
        "chance — not a key"
    )


# a composite key's pairing must matter: with one column shuffled, at least 5% and 20 of the tuples miss
SHUFFLED_MISSES = 0.05
MIN_MISSES = 20
_MAX_KEY_COLUMNS = 4
_MAX_PAIR_COLUMNS = 8  # columns tried for an undeclared two-column key


def _kind(s: pl.Series) -> str | None:
    return "int" if s.dtype.is_integer() else "text" if s.dtype == pl.String else None


def _composite_parents(
    frames: dict[str, pl.DataFrame], primary_keys: dict[str, list[str]], keys: list[ForeignKey]
) -> dict[str, tuple[list[str], bool]]:
    """Table -> (multi-column key, declared?): declared ones, and for tables with no key a pair of
    foreign-key or id-named columns that is unique and never null."""
    out: dict[str, tuple[list[str], bool]] = {}
    fk_cols = {(fk.table, fk.column) for fk in keys}
    for t, frame in frames.items():
        pk = primary_keys.get(t) or []
        if 2 <= len(pk) <= _MAX_KEY_COLUMNS:
            out[t] = (list(pk), True)
            continue
        if pk or frame.height < 2:
            continue
        cols = [
            c
            for c in frame.columns
            if _kind(frame[c]) is not None
            and frame[c].null_count() == 0
            and ((t, c) in fk_cols or set(name_tokens(c)) & _PK_WORDS)
        ][:_MAX_PAIR_COLUMNS]
        for a, b in itertools.combinations(cols, 2):
            if frame.select(a, b).n_unique() == frame.height:
                out[t] = ([a, b], False)
                break
    return out


def infer_composite_keys(
    frames: dict[str, pl.DataFrame], primary_keys: dict[str, list[str]], keys: list[ForeignKey], seed: int = 0
) -> tuple[dict[str, list[str]], list[CompositeForeignKey], list[str]]:
    """(multi-column primary keys inferred, composite foreign keys with evidence, notes)."""
    found: list[CompositeForeignKey] = []
    inferred_pks: dict[str, list[str]] = {}
    notes: list[str] = []
    single = {(fk.table, fk.ref_table) for fk in keys}
    for parent, (pk, declared_pk) in _composite_parents(frames, primary_keys, keys).items():
        pframe = frames[parent]
        for child, frame in frames.items():
            if child == parent or frame.height == 0 or not all(c in frame.columns for c in pk):
                continue
            if (parent, child) in single:
                continue  # the parent refers to the child: a composite edge back would form a cycle
            if any(_kind(frame[c]) != _kind(pframe[c]) or _kind(frame[c]) is None for c in pk):
                continue
            tuples = frame.select(pk).drop_nulls()
            if tuples.height == 0:
                continue
            pkeys = pframe.select(pk).drop_nulls().unique()
            hit = tuples.join(pkeys, on=pk, how="semi").height
            inclusion = hit / tuples.height
            if inclusion < INCLUSION:
                if inclusion >= 0.5:
                    notes.append(
                        f"{child}.({', '.join(pk)}) looks like a key to {parent}.({', '.join(pk)}) by name, but only "
                        f"{100 * inclusion:.1f}% of its {tuples.height:,} tuples are there; not taken as a foreign key"
                    )
                continue
            perm = np.random.default_rng(seed).permutation(tuples.height)
            shuffled = tuples.with_columns(tuples[pk[-1]].gather(perm).alias(pk[-1]))
            chance = shuffled.join(pkeys, on=pk, how="semi").height / tuples.height
            misses = (1 - chance) * tuples.height
            if 1 - chance < SHUFFLED_MISSES or misses < MIN_MISSES:
                continue  # the values match whatever their pairing: no evidence of a composite key
            orphans = tuples.height - hit
            evidence = "; ".join(
                [
                    f"inclusion {100 * inclusion:.1f}% of {tuples.height:,} tuples"
                    + (f" ({orphans:,} orphan row(s) not in {parent})" if orphans else ""),
                    f"the same columns paired at random match {100 * chance:.1f}%",
                    f"names agree with {parent}'s {'declared' if declared_pk else 'inferred'} key ({', '.join(pk)})",
                ]
            )
            conf = round(inclusion * (1 - chance ** min(tuples.height, 400)), 4)
            found.append(
                CompositeForeignKey(
                    child, tuple(pk), parent, tuple(pk), declared=False, evidence=evidence, confidence=conf
                )
            )
            if not declared_pk:
                inferred_pks[parent] = pk
    for parent, pk in inferred_pks.items():
        notes.append(
            f"table '{parent}': ({', '.join(pk)}) taken as its key (unique and non-null in all "
            f"{frames[parent].height:,} rows, and referenced by another table as a whole)"
        )
    return inferred_pks, found, notes


def break_cycles(
    keys: list[ForeignKey], rows: dict[str, int] | None = None
) -> tuple[list[ForeignKey], list[ForeignKey], list[str]]:
    """(keys usable in a spec, keys left out to break cycles, notes naming the cycles).

    The edge dropped from a cycle is the weakest: inferred before declared, then the
    lowest confidence, then the back-reference (the child table with the fewest rows
    per parent row: ``teams.captain_id -> players`` goes before ``players.team_id -> teams``).
    """
    rows = rows or {}

    def strength(fk: ForeignKey) -> tuple[bool, float, float]:
        ratio = rows.get(fk.table, 1) / max(rows.get(fk.ref_table, 1), 1)
        return (fk.declared, fk.confidence, ratio)

    kept = list(keys)
    dropped: list[ForeignKey] = []
    notes: list[str] = []
    while True:
        cycle = _find_cycle(kept)
        if cycle is None:
            return kept, dropped, notes
        weakest = min(cycle, key=strength)
        kept.remove(weakest)
        dropped.append(weakest)
        path = " -> ".join([*(fk.table for fk in cycle), cycle[0].table])
        notes.append(
            f"foreign keys form a cycle ({path}); {weakest.table}.{weakest.column} -> {weakest.references} "
            f"({'declared' if weakest.declared else 'inferred'}) is kept as a plain column in the spec so tables "
            "can be generated parents first"
        )


def _find_cycle(keys: list[ForeignKey]) -> list[ForeignKey] | None:
    edges: dict[str, list[ForeignKey]] = {}
    for fk in keys:
        if fk.table != fk.ref_table:
            edges.setdefault(fk.table, []).append(fk)
    state: dict[str, int] = {}
    stack: list[ForeignKey] = []

    def visit(t: str) -> list[ForeignKey] | None:
        state[t] = 1
        for fk in edges.get(t, []):
            if state.get(fk.ref_table) == 1:
                start = next((i for i, e in enumerate(stack) if e.table == fk.ref_table), len(stack))
                return [*stack[start:], fk]
            if state.get(fk.ref_table) is None:
                stack.append(fk)
                found = visit(fk.ref_table)
                if found:
                    return found
                stack.pop()
        state[t] = 2
        return None

    for t in sorted(edges):
        if state.get(t) is None:
            found = visit(t)
            if found:
                return found
    return None
