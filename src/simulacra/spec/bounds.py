"""The bounds a ``check`` puts on one column: ``period_end <= subscription_id.ended`` holds ``period_end`` below
``subscription_id.ended``, as do ``subscription_id.ended >= period_end``, ``period_end < subscription_id.ended``
(strict), ``period_end <= subscription_id.ended - INTERVAL '1 week'``, ``period_start >= s.started and period_end <=
s.ended`` and ``period_end BETWEEN s.started AND s.ended``.

A check is read as the conjunction of its top-level ``AND`` terms, parentheses around a conjunction opened (an
``OR`` among them bounds nothing: the rows need not keep any one term; a term under ``NOT`` bounds nothing); a term
bounds the column where it compares the bare column (``<``, ``<=``, ``>``, ``>=``, either side, or ``BETWEEN``) with
an expression whose names the caller accepts (``other``: e.g. only dotted refs to an ancestor's columns). One ``OR``
is read: a null guard, ``ended IS NULL OR ended <= x.y`` (either order, either side in parentheses; the guard written
``IS NULL``, ``ISNULL`` or ``(ended) IS NULL``, any case, as PostgreSQL and SQLite give a check back), is the bound
``ended <= x.y`` on the column's non-null rows, which is what the bare bound means too: SQL's CHECK passes a row
where the comparison is null. The guard may name the bound's other side instead (``x.y IS NULL OR ended <= x.y``,
``started IS NULL OR ended >= started``; the side an arithmetic of it, ``x.y - INTERVAL '1 week'``): where that is
null the bound is null, and bounds nothing. A conjunction behind the guard is each of its terms guarded (``g OR (a
AND b)`` is ``(g OR a) AND (g OR b)``; PostgreSQL writes a guarded ``BETWEEN`` so). A guard on a column the bound
does not read (``a IS NULL OR b <= c``), ``IS NOT NULL``, a side the guard's column need not null (``COALESCE``) or
a third disjunct bounds nothing. Anything else is left to the check itself, which is still checked on the rows.

The one reader of a check's bounds: generation's periods read them with :func:`column_bounds`, the learner its
parent bounds with :func:`checked_bounds` and its orders between two columns of a row with :func:`column_orders`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from simulacra.spec.refs import SQL_TOKEN as _TOKEN
from simulacra.spec.refs import root_names

__all__ = ["Bound", "Order", "checked_bounds", "column_bounds", "column_orders", "only_orders"]

# what a bound's side may hold besides the guarded name and stay null where it is: numbers, strings, arithmetic
_NULL_KEEPING = frozenset({"+", "-", "*", "/", "%", "(", ")", "INTERVAL"})

_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}


@dataclass(frozen=True)
class Bound:
    """The column held below (``below``) or above ``expr`` (SQL text, as written), strictly or not."""

    expr: str
    below: bool
    strict: bool


@dataclass(frozen=True)
class _Tok:
    text: str
    depth: int  # parentheses around it
    at: int  # where it starts in the check
    end: int


@dataclass(frozen=True)
class Order:
    """Two columns of a row in order: ``low`` at most ``high`` (below it where ``strict``)."""

    low: str
    high: str
    strict: bool


def _quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def _name(expr: str) -> str | None:
    """The column ``expr`` is alone (a name, plain or quoted), else None."""
    toks = [t for t in _TOKEN.findall(expr) if not t.isspace()]
    if len(toks) != 1:
        return None
    tok = toks[0]
    if len(tok) > 1 and tok[0] == tok[-1] == '"':
        return tok[1:-1].replace('""', '"')
    return tok if tok[0].isalpha() or tok[0] == "_" else None


def _tokens(check: str) -> list[_Tok]:
    """The check's tokens (spaces dropped), each with its depth in parentheses and its place."""
    out: list[_Tok] = []
    depth = at = 0
    for tok in _TOKEN.findall(check):
        start, at = at, at + len(tok)
        if tok.isspace():
            continue
        depth -= tok == ")"
        out.append(_Tok(tok, depth, start, at))
        depth += tok == "("
    return out


def _terms(toks: list[_Tok]) -> list[list[_Tok]] | None:
    """The ``AND`` terms at the outermost depth of ``toks`` (a ``BETWEEN``'s own ``AND`` kept in its term); None:
    an ``OR`` there."""
    if not toks:
        return []
    top = min(t.depth for t in toks)
    terms: list[list[_Tok]] = [[]]
    between = False
    for t in toks:
        key = t.text.upper() if t.depth == top else ""
        if key == "OR":
            return None
        if key == "BETWEEN":
            between = True
        elif key == "AND" and not between:
            terms.append([])
            continue
        elif key == "AND":
            between = False
        terms[-1].append(t)
    return terms


def _guarded(toks: list[_Tok]) -> tuple[list[_Tok], list[_Tok]] | None:
    """``(x, term)`` where ``toks`` is ``x IS NULL OR term`` (either order, either side in parentheses; the guard
    written ``x IS NULL``, ``x ISNULL`` or ``(x) IS NULL``, any case), ``x`` a name or a dotted ref and ``term`` one
    term or a conjunction (``g OR (a AND b)`` is ``(g OR a) AND (g OR b)``); else None."""
    toks = _unwrapped(toks)
    if not toks:
        return None
    top = min(t.depth for t in toks)
    ors = [i for i, t in enumerate(toks) if t.depth == top and t.text.upper() == "OR"]
    if len(ors) != 1:
        return None
    sides = [_unwrapped(toks[: ors[0]]), _unwrapped(toks[ors[0] + 1 :])]
    for guard, term in (sides, sides[::-1]):
        x = _null_tested(guard)
        if x is not None:
            return (x, term) if term and _terms(term) is not None else None
    return None


def _null_tested(guard: list[_Tok]) -> list[_Tok] | None:
    """``x`` where ``guard`` is ``x IS NULL``, ``x ISNULL`` or either with ``x`` in parentheses, ``x`` a name
    (plain or quoted) or a dotted ref (``s.ended``); else None."""
    keys = [t.text.upper() for t in guard]
    if keys[-2:] == ["IS", "NULL"]:
        x = guard[:-2]
    elif keys[-1:] == ["ISNULL"]:
        x = guard[:-1]
    else:
        return None
    x = _unwrapped(x)
    ok = len(x) % 2 == 1 and all(t.text == "." for t in x[1::2]) and all(_name(t.text) is not None for t in x[::2])
    return x if ok and len({t.depth for t in x}) == 1 else None


def _key(toks: Iterable[_Tok | str]) -> tuple[str, ...]:
    """Tokens compared as names: a quoted name as the name it quotes, spaces dropped."""
    texts = (t.text if isinstance(t, _Tok) else t for t in toks)
    return tuple(_name(t) or t for t in texts if not t.isspace())


def _null_with(expr: str, x: list[_Tok]) -> bool:
    """Whether ``expr`` is null wherever ``x`` is: ``x`` itself, or arithmetic of it with numbers, strings and
    intervals (``s.ended - INTERVAL '1 week'``, ``(c.opened + 1)``); a function (``COALESCE``) or another name
    need not be."""
    raw = [t for t in _TOKEN.findall(expr) if not t.isspace()]
    toks, want = _key(raw), _key(x)
    n = len(want)
    at = [i for i in range(len(toks) - n + 1) if toks[i : i + n] == want]
    covered = {i + k for i in at for k in range(n)}
    rest = [t for i, t in enumerate(raw) if i not in covered]
    return bool(at) and all(t.upper() in _NULL_KEEPING or t[0].isdigit() or t[0] == "'" for t in rest)


def _unwrapped(term: list[_Tok]) -> list[_Tok]:
    """A term without parentheses around all of it (``(a <= b)``)."""
    while len(term) > 2 and term[0].text == "(" and term[-1].text == ")":
        if any(t.depth <= term[0].depth for t in term[1:-1]):
            break  # (a) <= (b): not one pair
        term = term[1:-1]
    return term


def column_bounds(check: str, column: str, other: Callable[[list[str]], bool]) -> list[Bound]:
    """The bounds ``check`` puts on ``column`` (see the module), each an expression whose names ``other``
    accepts; none where the check is not a conjunction holding such terms."""

    def text(ts: list[_Tok]) -> str:
        return check[ts[0].at : ts[-1].end] if ts else ""

    def bare(ts: list[_Tok]) -> bool:
        return len(ts) == 1 and ts[0].text in (column, _quoted(column))

    def accepted(expr: str) -> bool:
        try:
            names = root_names(expr)
        except ValueError:  # not an expression on its own
            return False
        return bool(names) and other(names)

    def bounds(toks: list[_Tok]) -> list[Bound]:
        terms = _terms(_unwrapped(toks))
        if terms is None:  # an OR: a bound only where it guards this column's nulls, or its bound side's
            guarded = _guarded(toks)
            if guarded is None:
                return []
            x, term = guarded
            return [b for b in bounds(term) if bare(x) or _null_with(b.expr, x)]
        if len(terms) > 1:
            return [b for t in terms for b in bounds(t)]
        term = _unwrapped(terms[0])
        if not term:
            return []
        depth = term[0].depth
        top = [i for i, t in enumerate(term) if t.depth == depth]
        keys = [term[i].text.upper() for i in top]
        if "NOT" in keys or term[0].depth != min(t.depth for t in term):
            return []
        if "BETWEEN" in keys:
            at = top[keys.index("BETWEEN")]
            and_at = next((i for i in top if i > at and term[i].text.upper() == "AND"), None)
            if and_at is None or not bare(term[:at]):
                return []
            low, high = text(term[at + 1 : and_at]), text(term[and_at + 1 :])
            return [Bound(e, below, False) for e, below in ((low, False), (high, True)) if accepted(e)]
        ops = [i for i in top if term[i].text in ("<", ">", "=", "!")]
        if not ops or term[ops[0]].text not in "<>":
            return []
        at = ops[0]
        op = term[at].text
        glued = at + 1 < len(term) and term[at + 1].at == term[at].end and term[at + 1].text in ("=", ">")
        if glued and term[at + 1].text == ">":
            return []  # <>: no bound
        rest = at + 1 + glued
        if any(i >= rest for i in ops):
            return []  # a second comparison (a <= b <= c): not one bound
        op += "=" if glued else ""
        left, right = term[:at], term[rest:]
        if bare(right):
            left, right, op = right, left, _FLIP[op]
        if not bare(left) or not right:
            return []
        expr = text(right)
        return [Bound(expr, op in ("<", "<="), len(op) == 1)] if accepted(expr) else []

    return bounds(_tokens(check))


def checked_bounds(check: str, columns: Iterable[str], other: Callable[[list[str]], bool]) -> list[tuple[str, Bound]]:
    """Each of ``columns`` with the bounds ``check`` puts on it (:func:`column_bounds`), the columns in the order
    given."""
    return [(c, b) for c in columns for b in column_bounds(check, c, other)]


def column_orders(check: str, columns: Iterable[str]) -> list[Order]:
    """The pairs of ``columns`` ``check`` holds in order, each compared bare with the other (``a <= b``, ``b >=
    a``, ``a < b`` strict, a ``BETWEEN``'s two sides, terms of a conjunction): once each, in the order of their
    first column among ``columns``; a pair held both strictly and not is strict."""
    names = list(columns)
    known = set(names)
    found: dict[tuple[str, str], bool] = {}

    def one_other(ns: list[str]) -> bool:  # a single column of the table (``c`` itself is never bare on both sides)
        return len(ns) == 1 and ns[0] in known

    for c in names:
        for b in column_bounds(check, c, one_other):
            o = _name(b.expr)
            if o is None or o not in known or o == c:
                continue  # an expression of the other column (b - 1): no order between the two
            pair = (c, o) if b.below else (o, c)
            found[pair] = found.get(pair, False) or b.strict
    return [Order(low, high, strict) for (low, high), strict in found.items()]


def _leaves(toks: list[_Tok]) -> list[list[_Tok]] | None:
    """The terms of the conjunction ``toks`` is, conjunctions in parentheses opened, a null guard's ``OR`` one term
    (:func:`_guarded`); None: another ``OR`` in it."""
    terms = _terms(_unwrapped(toks))
    if terms is None:
        return [_unwrapped(toks)] if _guarded(toks) else None
    if len(terms) == 1:
        return [_unwrapped(terms[0])] if terms[0] else []
    out: list[list[_Tok]] = []
    for t in terms:
        leaves = _leaves(t)
        if leaves is None:
            return None
        out += leaves
    return out


def only_orders(check: str, columns: Iterable[str]) -> bool:
    """Whether ``check`` holds nothing but orders between ``columns`` (each term one of :func:`column_orders`'
    pairs, a ``BETWEEN`` two of them; a null guard's terms each an order of the guarded column): a row keeps it
    exactly where it keeps those orders."""
    names = list(columns)

    def orders_only(leaf: list[_Tok]) -> bool:
        guarded = _guarded(leaf)
        if guarded is not None:  # each of the guard's terms an order, the guarded column one side of it
            x, term = guarded
            inner = _leaves(term)
            name = _name(x[0].text) if len(x) == 1 else None
            return bool(inner) and all(
                orders_only(t) and name in {c for o in column_orders(text(t), names) for c in (o.low, o.high)}
                for t in inner or []
            )
        between = any(t.text.upper() == "BETWEEN" and t.depth == leaf[0].depth for t in leaf)
        return len(column_orders(text(leaf), names)) == 1 + between

    def text(ts: list[_Tok]) -> str:
        return check[ts[0].at : ts[-1].end]

    leaves = _leaves(_tokens(check))
    return bool(leaves) and all(orders_only(leaf) for leaf in leaves or [])
