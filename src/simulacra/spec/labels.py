"""Entity labels of columns, and where a column's value occurs in a text.

One home for what the documents engine and the ``text`` column both need: the realistic value
kinds' entity labels (``full_name`` -> PERSON, ``company`` -> ORGANIZATION...), every column's
label inferred from its spec (keys are IDs, money and dates), and the whole-token search that finds
an inserted value again in a text (``Ann`` is not in ``Annual``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from simulacra.spec import model as m

if TYPE_CHECKING:
    from simulacra.spec.plan import Plan

__all__ = ["KIND_LABELS", "column_generators", "field_label", "infer_labels", "value_occurrences"]

# value kinds of the realistic value engine -> entity label
KIND_LABELS = {
    "first_name": "PERSON",
    "last_name": "PERSON",
    "full_name": "PERSON",
    "name": "PERSON",
    "email": "EMAIL",
    "phone": "PHONE",
    "username": "USERNAME",
    "street_address": "ADDRESS",
    "street_name": "ADDRESS",
    "building_number": "ADDRESS",
    "city": "ADDRESS",
    "state": "ADDRESS",
    "state_abbr": "ADDRESS",
    "postcode": "ADDRESS",
    "address": "ADDRESS",
    "country": "ADDRESS",
    "company": "ORGANIZATION",
    "iban": "IBAN",
    "card_number": "CARD_NUMBER",
    "url": "URL",
    "domain_name": "URL",
    "ipv4": "IP_ADDRESS",
    "ipv6": "IP_ADDRESS",
}
_AMOUNT_WORDS = ("amount", "total", "price", "balance", "income", "principal", "payment", "fee", "salary", "cost")


def column_generators(spec: Any) -> list[Any]:
    """The column spec and, for a case column, its branches."""
    if isinstance(spec, m.CaseColumn):
        out: list[Any] = [spec]
        for then in [b.then for b in spec.cases] + [spec.default]:
            if isinstance(then, m.BaseModel):
                out += column_generators(then)
        return out
    return [spec]


def infer_labels(plan: Plan, overrides: Mapping[str, str]) -> dict[tuple[str, str], str | None]:
    """Entity label of every (table, column): keys are IDs, realistic kinds by kind, money and dates."""
    out: dict[tuple[str, str], str | None] = {}
    for t, tp in plan.tables.items():
        keys = set(tp.spec.key_columns) | set(tp.links)
        for c, spec in tp.spec.columns.items():
            label: str | None = None
            gens = column_generators(spec)
            kinds = {getattr(g, "generator", None) for g in gens}
            if c in keys or isinstance(spec, (m.PatternColumn, m.UuidColumn)):
                label = "ID"
            elif kinds & set(KIND_LABELS):
                label = next(KIND_LABELS[k] for k in kinds if k in KIND_LABELS)
            elif "money" in kinds:
                label = "AMOUNT"
            elif any(isinstance(g, m.DateColumn) for g in gens):
                label = "DATE"
            elif isinstance(spec, (m.ExpressionColumn, m.AggregateColumn, m.NumberColumn)) and any(
                w in c.lower() for w in _AMOUNT_WORDS
            ):
                label = "AMOUNT"
            out[(t, c)] = label
    for ref, label in overrides.items():
        t, _, c = ref.partition(".")
        out[(t, c)] = None if label.lower() in ("none", "") else label
    return out


def field_label(plan: Plan, labels: Mapping[tuple[str, str], str | None], table: str, field: str) -> str | None:
    """The label of a field a row reads: a column of ``table``, or ``parent.column`` followed through foreign keys."""
    *hops, column = field.split(".")
    tp = plan.tables[table]
    for alias in hops:
        fk = tp.aliases.get(alias)
        if fk is None or fk not in tp.links:
            return None
        tp = plan.tables[tp.links[fk].table]
    return labels.get((tp.name, column))


def value_occurrences(text: str, value: str) -> list[int]:
    """Starts of ``value`` in ``text`` that are not inside a longer word (``Ann`` is not in ``Annual``)."""
    if not value:
        return []
    head = r"(?<![\w])" if value[0].isalnum() or value[0] == "_" else ""
    tail = r"(?![\w])" if value[-1].isalnum() or value[-1] == "_" else ""
    return [mt.start() for mt in re.finditer(head + re.escape(value) + tail, text)]
