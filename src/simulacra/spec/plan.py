"""From a DatasetSpec to a Plan: whole-dataset checks, FK graph, generation order.

Every problem found is collected with its file:line and raised once.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from simulacra.errors import Location, Problem, SpecValidationError, did_you_mean
from simulacra.spec.count_bins import numbers_column
from simulacra.spec.model import (
    AggregateColumn,
    CaseColumn,
    ChildSpec,
    DatasetSpec,
    DateColumn,
    DocumentSpec,
    ExpressionColumn,
    ForeignKeyColumn,
    LookupColumn,
    RankColumn,
    RealisticColumn,
    RoundsRule,
    RowsPerParent,
    RunningSumColumn,
    TableSpec,
    TextColumn,
)
from simulacra.spec.refs import root_names
from simulacra.spec.yaml_lines import LineIndex

__all__ = [
    "ChildJoin",
    "DocumentPlan",
    "ParentLink",
    "Plan",
    "ProblemCollector",
    "TablePlan",
    "column_deps",
    "make_plan",
    "template_path",
]


@dataclass(frozen=True)
class ParentLink:
    """One foreign key of a table: its column, the parent table and key column."""

    column: str
    table: str
    key: str
    primary: bool  # the 'per' relation: rows are made per parent row, by construction
    self_ref: bool


@dataclass
class TablePlan:
    name: str
    spec: TableSpec
    column_order: list[str]
    links: dict[str, ParentLink]  # by FK column
    aliases: dict[str, str]  # alias (FK column, or parent table when unambiguous) -> FK column
    sequence_columns: list[str] = field(default_factory=list)  # columns reading previous.x / sibling.*, made last
    label_columns: dict[str, Any] = field(default_factory=dict)  # label columns scenarios add -> default
    parent_refs: set[str] = field(default_factory=set)  # dotted refs this table reads from parents
    children: list[str] = field(default_factory=list)
    reads: dict[str, set[str]] = field(
        default_factory=dict
    )  # column -> columns of this table it reads (dotted refs: their FK column)
    after_aggregates: set[str] = field(
        default_factory=set
    )  # columns derived from an aggregate: made once the aggregates are

    def derived_from(self, columns: Iterable[str]) -> set[str]:
        """``columns`` and every column that reads one of them, directly or not."""
        out = set(columns)
        grew = True
        while grew:
            grew = False
            for c, d in self.reads.items():
                if c not in out and d & out:
                    out.add(c)
                    grew = True
        return out

    @property
    def primary_link(self) -> ParentLink | None:
        return next((lk for lk in self.links.values() if lk.primary), None)


@dataclass(frozen=True)
class ChildJoin:
    """Child rows of a document's row: ``child.<on> == row.<key>``."""

    name: str
    table: str
    on: str  # column of the child
    key: str  # column of the document's table it matches
    order_by: str | None


@dataclass(frozen=True)
class DocumentPlan:
    """A checked document template: its spec, where it is written and its source text."""

    spec: DocumentSpec
    path: tuple[Hashable, ...]  # where the document is in the spec (for file:line)
    template_file: str | None  # None for an inline template
    template_line: int  # line of the template's first line in template_file (inline: in the spec)
    source: str
    children: tuple[ChildJoin, ...]


@dataclass
class Plan:
    spec: DatasetSpec
    tables: dict[str, TablePlan]  # in generation order (parents first)
    index: LineIndex
    documents: dict[str, DocumentPlan] = field(default_factory=dict)

    @property
    def order(self) -> list[str]:
        return list(self.tables)

    def second_link_aggregates(self, table: str) -> list[tuple[str, AggregateColumn, ParentLink]]:
        """Aggregate columns of ``table`` over a child that points at it through a foreign key other than the
        child's ``rows: {per: ...}`` link (``via``): (column, spec, the child's link), in column order."""
        out = []
        tp = self.tables.get(table)
        for cname, c in tp.spec.columns.items() if tp is not None else ():
            if not isinstance(c, AggregateColumn) or c.via is None:
                continue
            ct = self.tables.get(c.of.partition(".")[0])
            link = ct.links.get(c.via) if ct is not None else None
            if link is not None and not link.primary:
                out.append((cname, c, link))
        return out

    def explain(self) -> str:
        lines = [f"dataset '{self.spec.name}' — seed {self.spec.seed}, locale {self.spec.locale}"]
        for i, (name, tp) in enumerate(self.tables.items(), 1):
            rows = tp.spec.rows
            if isinstance(rows, RowsPerParent) and rows.process is not None:
                how = f"process per {rows.per} row ({len(rows.process.states)} states, from '{rows.process.start}')"
            elif isinstance(rows, RowsPerParent):
                assert rows.count is not None
                how = (
                    f"{rows.count.distribution} per {rows.per} row"
                    + (f" (by {rows.per}.{rows.by})" if rows.by else "")
                    + (f", {rows.total:,} in all (scaled)" if rows.total is not None else "")
                )
            else:
                how = f"{rows} rows" + (" (static: not scaled)" if tp.spec.static else "")
            lines.append(f"{i}. {name}: {how}")
            for col in tp.column_order:
                spec = tp.spec.columns.get(col)
                gen = spec.generator if spec is not None else "label"
                extra = ""
                if isinstance(spec, ForeignKeyColumn):
                    extra = f" -> {spec.references}"
                elif isinstance(spec, ExpressionColumn):
                    extra = f" = {spec.expr}"
                elif isinstance(spec, AggregateColumn):
                    extra = f" = {spec.function}({spec.of})" + (f" via {spec.via}" if spec.via else "")
                lines.append(f"     {col}: {gen}{extra}")
        for sc in self.spec.scenarios:
            how = (
                f"exactly {sc.count} rows"
                if sc.count is not None
                else f"exactly {sc.share:.2%}"
                if sc.share is not None
                else f"{sc.rate:.2%}"
            )
            lines.append(
                f"scenario '{sc.name}': {how} of {sc.table}, labels {sc.labels}"
                + (f", shared {sc.shared}" if sc.shared else "")
            )
        for c in self.spec.constraints:
            lines.append(f"constraint on {c.table}: {c.describe()}")
        for d in self.spec.documents:
            per = f" and {d.per.every} of {d.per.child}.{d.per.column}" if d.per is not None else ""
            joins = self.documents[d.name].children if d.name in self.documents else ()
            kids = f" with {', '.join(j.table for j in joins)}" if joins else ""
            lines.append(f"document '{d.name}': {d.format} per {d.table} row{per}{kids}")
        return "\n".join(lines)


class ProblemCollector:
    """Gathers a spec's problems while it is checked, each located in the spec's text (file:line, table, column)
    through ``index``."""

    def __init__(self, index: LineIndex) -> None:
        self.index = index
        self.problems: list[Problem] = []

    def add(
        self, path: tuple[Hashable, ...], message: str, *, table: str | None = None, column: str | None = None
    ) -> None:
        self.problems.append(Problem(self.index.location(path, table=table, column=column), message))


def _pair_in_link(parent: TableSpec, column: str, match: dict[str, str]) -> bool:
    """Whether the referenced ``column`` and the ``match`` keys name one row of ``parent``: a link table made
    per the parent of one of them, the other ``distinct`` among each parent's rows (an entry per tour and
    rider: a result's rider is one of its stage's tour's entries, ``match: {tour_id: stage_id.tour_id}``)."""
    rows = parent.rows
    if not isinstance(rows, RowsPerParent):
        return False
    keys = {n: c for n in {column, *match} if isinstance(c := parent.columns.get(n), ForeignKeyColumn)}
    per = [n for n, c in keys.items() if c.ref_table == rows.per]
    return len(keys) == 2 and any(c.distinct and n not in per[:1] for n, c in keys.items()) and bool(per)


def _links_after_events(spec: DatasetSpec, deps: dict[str, set[str]]) -> None:
    """A link table whose key a grandchild draws through its events (a result's rider among the entries of its
    stage's tour, ``match: {tour_id: stage_id.tour_id}``) made after those events (the stages): its members are
    then paired to its groups knowing each group's events (synth/_link_totals.py). Not where the events need
    the link table (no cycle)."""

    def needs(t: str, target: str) -> bool:
        """Whether ``t`` is made after ``target``: each table visited once (walking every path doubled with each
        layer of a lattice of references)."""
        seen, todo = {t}, [t]
        while todo:
            u = todo.pop()
            if u == target:
                return True
            for p in deps.get(u, ()):
                if p not in seen:
                    seen.add(p)
                    todo.append(p)
        return False

    for table in spec.tables.values():
        for c in table.columns.values():
            if not isinstance(c, ForeignKeyColumn) or c.ref_column is None or not c.match:
                continue
            link = spec.tables.get(c.ref_table)
            firsts = {v.split(".")[0] for v in c.match.values() if "." in v}
            if link is None or len(firsts) != 1 or len(c.match) != 1 or not _pair_in_link(link, c.ref_column, c.match):
                continue
            via = table.columns.get(firsts.pop())
            if isinstance(via, ForeignKeyColumn) and via.ref_table in spec.tables and via.ref_table != c.ref_table:
                if not needs(via.ref_table, c.ref_table):
                    deps[c.ref_table].add(via.ref_table)


def _check_rounds(spec: DatasetSpec, out: ProblemCollector) -> None:
    """``rounds: {by: col}`` on a date: fit learns the date in rounds of ``col``, so both must be columns fit
    learns (the date no sequence, the round no key and no reference); whether the round holds integers is the
    source's to say (checked at fit). A rule of fit: generate makes the date by its own rule."""
    from simulacra._learned_kinds import learned_kind

    for tname, t in spec.tables.items():
        keys = set(t.key_columns)
        for cname, c in t.columns.items():
            if not isinstance(c, DateColumn) or not isinstance(c.rounds, RoundsRule):
                continue
            path: tuple[Hashable, ...] = ("tables", tname, "columns", cname, "rounds", "by")
            by = c.rounds.by
            if by == cname or by not in t.columns:
                out.add(
                    path,
                    f"rounds: {tname}.{cname} rounds by '{by}', "
                    + ("the date itself" if by == cname else "not a column of the table" + did_you_mean(by, t.columns))
                    + " (expected the round column of the same table: an integer such as a matchday)",
                    table=tname,
                    column=cname,
                )
            elif by in keys or isinstance(t.columns[by], ForeignKeyColumn):
                out.add(
                    path,
                    f"rounds: {tname}.{cname} rounds by '{by}', a key of the table; the round is a learned integer "
                    "that is no key (a matchday)",
                    table=tname,
                    column=cname,
                )
            elif isinstance(t.columns[by], RealisticColumn):
                out.add(
                    path,
                    f"rounds: {tname}.{cname} rounds by '{by}', a '{t.columns[by].generator}' column (fit learns "
                    "which of its pooled values a row holds, not a number); the round is a learned integer column",
                    table=tname,
                    column=cname,
                )
            elif learned_kind(t.columns[by]) is None:
                out.add(
                    path,
                    f"rounds: {tname}.{cname} rounds by '{by}', which fit does not learn (a '{t.columns[by].generator}'"
                    " column made by its rule); the round is a learned integer column (a matchday)",
                    table=tname,
                    column=cname,
                )


def _value_kinds() -> dict[str, Any]:
    from simulacra.values import VALUE_KINDS

    return VALUE_KINDS


def _supported_locales() -> tuple[str, ...]:
    from simulacra.values import SUPPORTED_LOCALES

    return tuple(SUPPORTED_LOCALES)


def column_deps(spec: Any) -> list[str]:
    """Names (possibly dotted) a column reads."""
    deps: list[str] = []
    if isinstance(spec, ExpressionColumn):
        deps += root_names(spec.expr)
    elif isinstance(spec, CaseColumn):
        for br in spec.cases:
            deps += root_names(br.when)
        for then in [br.then for br in spec.cases] + [spec.default]:
            if isinstance(then, BaseModel):
                deps += column_deps(then)
    elif isinstance(spec, LookupColumn):
        deps.append(spec.key)
    elif isinstance(spec, RunningSumColumn):
        deps += root_names(spec.of) + ([spec.order_by] if spec.order_by else [])
        deps += root_names(spec.start) if isinstance(spec.start, str) else []
    elif isinstance(spec, RankColumn):
        deps += [spec.by] if spec.by else []
    elif isinstance(spec, DateColumn) and spec.after:
        deps += spec.after_refs()
    elif isinstance(spec, ForeignKeyColumn):
        deps += (
            list(spec.match.values())
            + list(spec.match_else.values())
            + [x for x in (spec.within, spec.senior) if x is not None]
        )
    elif isinstance(spec, TextColumn):
        deps += spec.fields
    elif isinstance(spec, RealisticColumn):
        kind = _value_kinds().get(spec.generator)
        if kind is not None:
            for p in kind.column_params:
                v = (spec.model_extra or {}).get(p)
                if isinstance(v, str):
                    deps.append(v)
    return deps


def make_plan(spec: DatasetSpec, index: LineIndex | None = None) -> Plan:
    """Check the whole spec and order its tables; raises SpecValidationError with every problem."""
    index = index or LineIndex(file=None)
    out = ProblemCollector(index)
    kinds = _value_kinds()
    if spec.locale not in _supported_locales():
        out.add(
            ("locale",),
            f"unsupported locale '{spec.locale}'; expected one of {', '.join(_supported_locales())}"
            + did_you_mean(spec.locale, _supported_locales()),
        )
    table_names = list(spec.tables)

    # Keys, foreign keys, realistic kinds
    links: dict[str, dict[str, ParentLink]] = {}
    for tname, t in spec.tables.items():
        tpath = ("tables", tname)
        for k in t.key_columns:
            if k not in t.columns:
                out.add(
                    tpath + ("primary_key",),
                    f"primary key column '{k}' is not a column" + did_you_mean(k, t.columns),
                    table=tname,
                )
        links[tname] = {}
        per = t.rows.per if isinstance(t.rows, RowsPerParent) else None
        if per is not None and per not in spec.tables:
            out.add(
                tpath + ("rows", "per"), f"rows per unknown table '{per}'" + did_you_mean(per, table_names), table=tname
            )
        for cname, c in t.columns.items():
            cpath: tuple[Hashable, ...] = tpath + ("columns", cname)
            if isinstance(c, ForeignKeyColumn):
                pt, pk = c.ref_table, c.ref_column
                if pt not in spec.tables:
                    out.add(
                        cpath + ("references",),
                        f"foreign key to unknown table '{pt}'" + did_you_mean(pt, table_names),
                        table=tname,
                        column=cname,
                    )
                    continue
                parent = spec.tables[pt]
                if pk is None:
                    if len(parent.key_columns) != 1:
                        out.add(
                            cpath + ("references",),
                            f"'{c.references}' names no column and table '{pt}' has no single-column primary key; write '{pt}.<key column>'",
                            table=tname,
                            column=cname,
                        )
                        continue
                    pk = parent.key_columns[0]
                if pk not in parent.columns:
                    out.add(
                        cpath + ("references",),
                        f"foreign key to unknown column '{pt}.{pk}'" + did_you_mean(pk, parent.columns),
                        table=tname,
                        column=cname,
                    )
                    continue
                pcol = parent.columns[pk]
                # a composite key: the referenced column and the 'match' keys together name the parent's
                # whole primary key, so the chosen parent row is the one holding this row's values
                composite = len(parent.key_columns) > 1 and set(parent.key_columns) <= {pk, *c.match}
                if parent.key_columns != (pk,) and not getattr(pcol, "unique", False) and not composite:
                    composite = _pair_in_link(parent, pk, c.match)
                if parent.key_columns != (pk,) and not getattr(pcol, "unique", False) and not composite:
                    out.add(
                        cpath + ("references",),
                        f"'{pt}.{pk}' is neither the primary key nor unique"
                        + (
                            f" (a composite key: name the other key columns {[k for k in parent.key_columns if k != pk]} "
                            "in 'match')"
                            if len(parent.key_columns) > 1 and pk in parent.key_columns
                            else ""
                        ),
                        table=tname,
                        column=cname,
                    )
                links[tname][cname] = ParentLink(cname, pt, pk, primary=False, self_ref=(pt == tname))
                if c.distinct and per is None:
                    out.add(
                        cpath + ("distinct",),
                        "distinct needs the table's rows to be 'per' another parent",
                        table=tname,
                        column=cname,
                    )
            else:
                _check_realistic(c, cpath, t, tname, cname, kinds, out)
                _check_nested(c, cpath, tname, cname, out)
        if per is not None and per in spec.tables:
            via = t.rows.via if isinstance(t.rows, RowsPerParent) else None
            fks = [lk for lk in links[tname].values() if lk.table == per and (via is None or lk.column == via)]
            if via is not None and not fks:
                out.add(
                    tpath + ("rows", "via"),
                    f"'via' names '{via}', which is not a foreign key column to '{per}'"
                    + did_you_mean(via, [lk.column for lk in links[tname].values() if lk.table == per]),
                    table=tname,
                )
            elif len(fks) != 1:
                out.add(
                    tpath + ("rows", "per"),
                    f"rows per '{per}' needs exactly one foreign key column to '{per}', found {len(fks)}"
                    + (" (name the one rows are made per with 'via')" if fks else ""),
                    table=tname,
                )
            else:
                lk = fks[0]
                links[tname][lk.column] = ParentLink(lk.column, lk.table, lk.key, primary=True, self_ref=lk.self_ref)
                if lk.self_ref:
                    out.add(tpath + ("rows", "per"), "rows cannot be per the table itself", table=tname)
            rows = t.rows
            assert isinstance(rows, RowsPerParent)
            parent_labels = {lb for sc in spec.scenarios if sc.table == per for lb in sc.labels}
            if rows.equals is not None:
                try:
                    unknown = [n for n in root_names(rows.equals) if n not in spec.tables[per].columns]
                except ValueError as exc:
                    out.add(tpath + ("rows", "equals"), f"'equals': {exc}", table=tname)
                    unknown = []
                for n in unknown:
                    out.add(
                        tpath + ("rows", "equals"),
                        f"'equals' reads unknown column '{per}.{n}' (it reads the parent's columns)"
                        + did_you_mean(n, spec.tables[per].columns),
                        table=tname,
                    )
            if rows.months is not None:  # one child per month of the parent's period: its columns must exist
                for where, name, held in (
                    ("column", rows.months.column, t.columns),
                    ("start", rows.months.start, spec.tables[per].columns),
                    ("end", rows.months.end, spec.tables[per].columns),
                ):
                    if name is not None and name not in held:
                        owner = tname if where == "column" else per
                        out.add(
                            tpath + ("rows", "months", where),
                            f"'months.{where}' names unknown column '{owner}.{name}'" + did_you_mean(name, held),
                            table=tname,
                        )
            if rows.by is not None and rows.by not in spec.tables[per].columns and rows.by not in parent_labels:
                out.add(
                    tpath + ("rows", "by"),
                    f"'by' names unknown column '{per}.{rows.by}'" + did_you_mean(rows.by, spec.tables[per].columns),
                    table=tname,
                )
            elif (
                rows.bins is not None
                and rows.by is not None
                and not numbers_column(spec.tables[per].columns.get(rows.by))
            ):
                out.add(
                    tpath + ("rows", "bins"),
                    f"'bins' cut a number column, but '{per}.{rows.by}' holds no numbers (its value picks 'counts' "
                    "as text: leave out 'bins')",
                    table=tname,
                )

    # Table order: parents before children (self references do not order)
    order = _topo_tables(spec, links, out)

    # Aliases and per-table column order
    plans: dict[str, TablePlan] = {}
    for tname in order:
        t = spec.tables[tname]
        tl = links[tname]
        aliases: dict[str, str] = {c: c for c in tl}
        by_table: dict[str, list[str]] = {}
        for lk in tl.values():
            if not lk.self_ref:
                by_table.setdefault(lk.table, []).append(lk.column)
        for pt, cols in by_table.items():
            if len(cols) == 1 and pt not in t.columns:
                aliases.setdefault(pt, cols[0])
        plans[tname] = TablePlan(tname, t, [], tl, aliases)

    for sc_i, sc in enumerate(spec.scenarios):
        spath = ("scenarios", sc_i)
        if sc.table not in spec.tables:
            out.add(
                spath + ("table",),
                f"scenario '{sc.name}' on unknown table '{sc.table}'" + did_you_mean(sc.table, table_names),
            )
            continue
        t = spec.tables[sc.table]
        if sc.where is not None and sc.table in plans:
            _check_where(plans, plans[sc.table], sc, spath, out)
        for cname, override in sc.columns.items():
            _check_realistic(override, spath + ("columns", cname), t, sc.table, cname, kinds, out)
            _check_nested(
                override, spath + ("columns", cname), sc.table, cname, out, what=f"scenario '{sc.name}' override"
            )
            if cname not in t.columns:
                out.add(
                    spath + ("columns", cname),
                    f"scenario '{sc.name}' overrides unknown column" + did_you_mean(cname, t.columns),
                    table=sc.table,
                    column=cname,
                )
            elif isinstance(t.columns[cname], (ForeignKeyColumn, AggregateColumn)) or cname in t.key_columns:
                out.add(
                    spath + ("columns", cname),
                    f"scenario '{sc.name}' cannot override a key, foreign key or aggregate",
                    table=sc.table,
                    column=cname,
                )
        if sc.table in plans:
            for label in sc.labels:
                if label not in t.columns:
                    plans[sc.table].label_columns.setdefault(label, None)
    names = [s.name for s in spec.scenarios]
    for dup in {n for n in names if names.count(n) > 1}:
        out.add(("scenarios",), f"scenario name '{dup}' is used twice")

    for tp in plans.values():
        _order_columns(spec, plans, tp, out)

    for agg_t, tp in plans.items():
        for cname, c in tp.spec.columns.items():
            if isinstance(c, RunningSumColumn) and tp.primary_link is None:
                out.add(
                    ("tables", agg_t, "columns", cname),
                    "a running sum is kept per parent: the table needs rows: {per: <parent>, ...}",
                    table=agg_t,
                    column=cname,
                )
            if isinstance(c, RankColumn) and tp.primary_link is None:
                out.add(
                    ("tables", agg_t, "columns", cname),
                    "a rank is counted per parent: the table needs rows: {per: <parent>, ...}",
                    table=agg_t,
                    column=cname,
                )
            if isinstance(c, AggregateColumn):
                cpath = ("tables", agg_t, "columns", cname, "of")
                child, _, ccol = c.of.partition(".")
                if child not in plans:
                    out.add(
                        cpath,
                        f"aggregate of unknown table '{child}'" + did_you_mean(child, table_names),
                        table=agg_t,
                        column=cname,
                    )
                    continue
                ct = plans[child]
                pl_ = ct.primary_link
                if c.via is not None:
                    vlink = ct.links.get(c.via)
                    if vlink is None or vlink.table != agg_t or vlink.self_ref:
                        out.add(
                            ("tables", agg_t, "columns", cname, "via"),
                            f"via: '{child}.{c.via}' is not a foreign key of '{child}' to '{agg_t}'"
                            + did_you_mean(c.via, [k for k, lk in ct.links.items() if lk.table == agg_t]),
                            table=agg_t,
                            column=cname,
                        )
                        continue
                    pl_ = vlink
                    readers = sorted(r for r, d in tp.reads.items() if cname in d)
                    if readers:
                        out.add(
                            ("tables", agg_t, "columns", readers[0]),
                            f"'{readers[0]}' reads '{cname}', an aggregate via a second foreign key "
                            "(made once every table is; nothing may read it)",
                            table=agg_t,
                            column=readers[0],
                        )
                elif pl_ is None or pl_.table != agg_t:
                    out.add(
                        cpath,
                        f"aggregate needs '{child}' to have rows per '{agg_t}' (rows: {{per: {agg_t}, ...}}), "
                        f"or via: <{child}'s foreign key to {agg_t}>",
                        table=agg_t,
                        column=cname,
                    )
                if ccol and ccol not in ct.spec.columns and ccol not in ct.label_columns:
                    out.add(
                        cpath,
                        f"aggregate of unknown column '{child}.{ccol}'" + did_you_mean(ccol, ct.spec.columns),
                        table=agg_t,
                        column=cname,
                    )
                if not ccol and c.function != "count":
                    out.add(
                        cpath, f"'{c.function}' needs a column: write '{child}.<column>'", table=agg_t, column=cname
                    )
                for ref in ct.parent_refs:
                    alias, _, rest = ref.partition(".")
                    reads_parent = pl_ is not None and ct.aliases.get(alias) == pl_.column
                    if reads_parent and (
                        isinstance(tp.spec.columns.get(rest), AggregateColumn) or rest in tp.after_aggregates
                    ):
                        out.add(
                            cpath,
                            f"'{child}' reads '{ref}', which is (derived from) an aggregate of its own rows (a cycle)",
                            table=agg_t,
                            column=cname,
                        )

    for ci, con in enumerate(spec.constraints):
        kpath = ("constraints", ci)
        if con.table not in spec.tables:
            out.add(
                kpath + ("table",), f"constraint on unknown table '{con.table}'" + did_you_mean(con.table, table_names)
            )
            continue
        known = set(spec.tables[con.table].columns) | set(plans[con.table].label_columns if con.table in plans else ())
        used = (
            list(con.unique or [])
            + list(con.once or [])
            + list(con.periods or [])
            + list(con.per or [])
            + ([con.column] if con.column else [])
        )
        for n in con.periods or []:  # a period's bounds are dates: a number or a code has no overlap to check
            bound = spec.tables[con.table].columns.get(n)
            if bound is not None and not isinstance(bound, DateColumn):
                out.add(
                    kpath + ("periods",),
                    f"periods names '{n}', a {type(bound).__name__} column: expected a date column (generator: date)",
                    table=con.table,
                    column=n,
                )
        if con.tally is not None:
            used += [con.tally, *(k for side in con.sides or [] for k in [*side.match, *(side.month or {})])]
            _check_tally(spec, con, kpath, out)
        if con.check is not None:
            try:
                used += root_names(con.check)
            except ValueError as exc:
                out.add(kpath + ("check",), str(exc), table=con.table)
        for n in used:
            if "." in n:
                if (
                    con.table in plans
                    and _resolve_ref(plans, plans[con.table], n, out, con.column or "", path=kpath) is not None
                ):
                    plans[con.table].parent_refs.add(n)
                continue
            if n not in known:
                out.add(
                    kpath, f"constraint names unknown column '{n}'" + did_you_mean(n, known), table=con.table, column=n
                )

    _check_waits(spec, out)
    _check_rounds(spec, out)
    documents = _check_documents(spec, plans, out)
    from simulacra.spec.features import check_features

    check_features(spec, plans, out)

    if out.problems:
        raise SpecValidationError(out.problems)
    for tname, tp in plans.items():
        for lk in tp.links.values():
            if not lk.self_ref and tname not in plans[lk.table].children:
                plans[lk.table].children.append(tname)
    return Plan(spec=spec, tables=plans, index=index, documents=documents)


def _check_waits(spec: DatasetSpec, out: ProblemCollector) -> None:
    """A table whose columns are made from another table's rows (an aggregate over its children, a ``tally`` of a
    detail table) is held until that table is made; tables that wait on each other would never be made, and a
    sample would leave them out, so such a cycle is refused here, naming the tables."""
    waits: dict[str, dict[str, tuple[Hashable, ...]]] = {}
    for tname, t in spec.tables.items():
        for cname, c in t.columns.items():
            if isinstance(c, AggregateColumn):
                child = c.of.partition(".")[0]
                if child in spec.tables and child != tname:  # (an aggregate of its own rows is refused above)
                    waits.setdefault(tname, {}).setdefault(child, ("tables", tname, "columns", cname))
    for ci, con in enumerate(spec.constraints):
        if con.tally is not None and con.of != con.table and con.table in spec.tables and con.of in spec.tables:
            reads = [con.of, *(t for s in con.sides or [] for t in (s.of, s.via.table if s.via else None) if t)]
            for of in reads:  # (a side of its own table is refused)
                if of in spec.tables and of != con.table:
                    waits.setdefault(con.table, {}).setdefault(str(of), ("constraints", ci))
    seen: set[str] = set()
    for start in sorted(waits):
        path = [start]
        stack = [iter(sorted(waits[start]))]
        on_path = {start}
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                stack.pop()
                on_path.discard(path.pop())
                continue
            if nxt in on_path:
                cycle = path[path.index(nxt) :] + [nxt]
                out.add(
                    waits[path[-1]][nxt],
                    "tables wait on each other's rows: " + " -> ".join(cycle) + " (an aggregate or a tally is made "
                    "after the table it reads, so none of them could be made)",
                    table=path[-1],
                )
                return
            if nxt in seen or nxt not in waits:
                continue
            path.append(nxt)
            on_path.add(nxt)
            stack.append(iter(sorted(waits[nxt])))
        seen.add(start)


def _check_tally(spec: DatasetSpec, con: Any, kpath: tuple[Hashable, ...], out: ProblemCollector) -> None:
    """A ``tally``'s detail table and the detail columns its sides name (the summary's are checked as any rule's)."""
    if con.of == con.table:
        out.add(
            kpath + ("of",),
            f"a tally counts the rows of another table, not of '{con.table}' itself: write it as a column",
            table=con.table,
        )
        return
    if con.of not in spec.tables:
        out.add(
            kpath + ("of",),
            f"tally of unknown table '{con.of}'" + did_you_mean(str(con.of), list(spec.tables)),
            table=con.table,
        )
        return
    for si, side in enumerate(con.sides or []):
        of = side.of or con.of
        if of == con.table or of not in spec.tables:
            why = (
                f"a tally's side reads another table, not '{con.table}' itself"
                if of == con.table
                else f"tally side of unknown table '{of}'" + did_you_mean(str(of), list(spec.tables))
            )
            out.add(kpath + ("sides", si, "of"), why, table=con.table)
            continue
        known = set(spec.tables[of].columns)
        names = [*(side.month or {}).values(), *([side.sum] if side.sum else [])]
        if side.via is None:
            names = [*side.match.values(), *names]
        elif _check_via(spec, con, side.via, of, side.match, kpath + ("sides", si, "via"), out):
            names = [*side.via.match.values(), *names]
        if side.where is not None:
            try:
                names += root_names(side.where)
            except ValueError as exc:
                out.add(kpath + ("sides", si, "where"), str(exc), table=con.table)
        for n in names:
            if n not in known:
                out.add(
                    kpath + ("sides", si),
                    f"tally names unknown column '{of}.{n}'" + did_you_mean(n, known),
                    table=con.table,
                    column=n,
                )


def _check_via(
    spec: DatasetSpec,
    con: Any,
    via: Any,
    of: str,
    match: dict[str, str],
    vpath: tuple[Hashable, ...],
    out: ProblemCollector,
) -> bool:
    """A tally side's table between (``via``): a table other than the summary and the side's own, holding the
    side's ``match`` columns and its link's; whether it is one (then the link's other columns are checked)."""
    if via.table in (con.table, of) or via.table not in spec.tables:
        why = (
            f"a tally's side goes via a third table, not '{via.table}' itself"
            if via.table in (con.table, of)
            else f"tally side via unknown table '{via.table}'" + did_you_mean(str(via.table), list(spec.tables))
        )
        out.add(vpath + ("table",), why, table=con.table)
        return False
    if not via.match:
        out.add(vpath + ("match",), f"a tally side via '{via.table}' links it to '{of}' on one column or more",
                table=con.table)  # fmt: skip
        return False
    known = set(spec.tables[via.table].columns)
    for n in [*match.values(), *via.match]:
        if n not in known:
            out.add(vpath, f"tally names unknown column '{via.table}.{n}'" + did_you_mean(n, known),
                    table=con.table, column=n)  # fmt: skip
    return True


def _check_realistic(
    c: Any,
    cpath: tuple[Hashable, ...],
    t: TableSpec,
    tname: str,
    cname: str,
    kinds: dict[str, Any],
    out: ProblemCollector,
) -> None:
    """Realistic kinds exist and get known params; case branches are checked the same way."""
    if isinstance(c, CaseColumn):
        for i, br in enumerate(c.cases):
            if isinstance(br.then, BaseModel):
                _check_realistic(br.then, cpath + ("cases", i, "then"), t, tname, cname, kinds, out)
        if isinstance(c.default, BaseModel):
            _check_realistic(c.default, cpath + ("else",), t, tname, cname, kinds, out)
        return
    if not isinstance(c, RealisticColumn):
        return
    if c.generator not in kinds:
        choices = sorted(set(kinds) | set(_builtin_names()))
        out.add(
            cpath + ("generator",),
            f"unknown generator '{c.generator}'" + did_you_mean(c.generator, choices),
            table=tname,
            column=cname,
        )
        return
    kind = kinds[c.generator]
    allowed = set(kind.column_params) | set(kind.params)
    for p, v in (c.model_extra or {}).items():
        if p not in allowed:
            out.add(
                cpath + (p,),
                f"generator '{c.generator}' has no parameter '{p}'"
                + did_you_mean(p, allowed)
                + (f"; it accepts: {', '.join(sorted(allowed))}" if allowed else "; it takes no parameters"),
                table=tname,
                column=cname,
            )
        elif p in kind.column_params and (not isinstance(v, str) or v not in t.columns):
            out.add(
                cpath + (p,),
                f"'{p}' must name a column of table '{tname}', found {v!r}"
                + (did_you_mean(v, t.columns) if isinstance(v, str) else ""),
                table=tname,
                column=cname,
            )
    if c.pool is not None:  # K values the rows share, each made once per slot: no row's columns, no uniqueness
        given = sorted(p for p in (c.model_extra or {}) if p in kind.column_params)
        if given:
            out.add(
                cpath + ("pool",),
                f"'pool' makes {c.pool} values once for all rows, so it takes no column parameters; "
                f"found {', '.join(given)} (drop them or drop 'pool')",
                table=tname,
                column=cname,
            )
        if c.unique:
            out.add(
                cpath + ("pool",),
                f"'pool: {c.pool}' shares {c.pool} values between the rows, so the column cannot be 'unique'",
                table=tname,
                column=cname,
            )
    if c.locale is not None and c.locale not in _supported_locales():
        out.add(
            cpath + ("locale",),
            f"unsupported locale '{c.locale}'" + did_you_mean(c.locale, _supported_locales()),
            table=tname,
            column=cname,
        )


_MADE_BY_ENGINE = (ForeignKeyColumn, AggregateColumn, RunningSumColumn)


def _check_nested(
    c: Any, cpath: tuple[Hashable, ...], tname: str, cname: str, out: ProblemCollector, *, what: str = ""
) -> None:
    """Generators made by the engine from whole tables (foreign keys, aggregates, running sums) cannot be
    a case branch or a scenario override: they are declared as columns of their own."""
    if what and isinstance(c, _MADE_BY_ENGINE):
        out.add(
            cpath + ("generator",),
            f"{what}: a {c.generator} cannot override a column; declare it as a column of its own",
            table=tname,
            column=cname,
        )
        return
    if not isinstance(c, CaseColumn):
        return
    branches = [(cpath + ("cases", i, "then"), br.then) for i, br in enumerate(c.cases)] + [
        (cpath + ("else",), c.default)
    ]
    for bpath, then in branches:
        if isinstance(then, _MADE_BY_ENGINE):
            out.add(
                bpath + ("generator",),
                f"a case branch cannot be a {then.generator}: declare the {then.generator} as a column "
                f"of its own and read it in the case (then: {{generator: expression, expr: <column>}})",
                table=tname,
                column=cname,
            )
        elif isinstance(then, CaseColumn):
            _check_nested(then, bpath, tname, cname, out)


def _check_where(
    plans: dict[str, TablePlan], tp: TablePlan, sc: Any, spath: tuple[Hashable, ...], out: ProblemCollector
) -> None:
    """A scenario's 'where' reads only the parent row the table's rows are made per."""
    try:
        names = root_names(sc.where)
    except ValueError as exc:
        out.add(spath + ("where",), str(exc), table=tp.name)
        return
    primary = next((lk for lk in tp.links.values() if lk.primary), None)
    if primary is None:
        out.add(
            spath + ("where",),
            f"'where' needs table '{tp.name}' to have rows per a parent (rows: {{per: ...}})",
            table=tp.name,
        )
        return
    for n in names:
        alias = n.split(".")[0]
        if "." not in n or tp.aliases.get(alias) != primary.column:
            out.add(
                spath + ("where",),
                f"scenario '{sc.name}': 'where' may only read the parent row through "
                f"'{primary.table}.<column>' (or '{primary.column}.<column>'), found '{n}'",
                table=tp.name,
            )
        elif _resolve_ref(plans, tp, n, out, "", path=spath + ("where",)) is not None:
            tp.parent_refs.add(n)


def _builtin_names() -> Iterable[str]:
    from simulacra.spec.model import BUILTIN_GENERATORS

    return BUILTIN_GENERATORS


def _topo_tables(spec: DatasetSpec, links: dict[str, dict[str, ParentLink]], out: ProblemCollector) -> list[str]:
    deps = {
        t: {lk.table for lk in links[t].values() if not lk.self_ref and lk.table in spec.tables} for t in spec.tables
    }
    # a table's aggregate over its children (without `via`) makes those children with it, chunk by chunk:
    # the children's other parents (an order line's product) must be made before the table (an order)
    for t, table in spec.tables.items():
        for col in table.columns.values():
            if isinstance(col, AggregateColumn) and col.via is None:
                child = col.of.split(".")[0]
                deps[t] |= {
                    lk.table
                    for lk in links.get(child, {}).values()
                    if not lk.self_ref and lk.table != t and lk.table in spec.tables
                }
    _links_after_events(spec, deps)
    order: list[str] = []
    state: dict[str, int] = {}
    position = {t: i for i, t in enumerate(spec.tables)}  # (list.index per table made large specs quadratic)
    reported = False

    def visit(t: str, stack: list[str]) -> None:
        nonlocal reported
        if state.get(t) == 2:
            return
        if state.get(t) == 1:
            if not reported:
                cycle = stack[stack.index(t) :] + [t]
                out.add(
                    ("tables", t),
                    "foreign keys form a cycle: "
                    + " -> ".join(cycle)
                    + " (break it with a nullable self-reference or by removing one key)",
                    table=t,
                )
                reported = True
            return
        state[t] = 1
        for p in sorted(deps[t], key=position.__getitem__):
            visit(p, stack + [t])
        state[t] = 2
        order.append(t)

    for t in spec.tables:
        visit(t, [])
    return order


def _order_columns(spec: DatasetSpec, plans: dict[str, TablePlan], tp: TablePlan, out: ProblemCollector) -> None:
    t = tp.spec
    cols = list(t.columns)
    deps: dict[str, set[str]] = {}
    all_specs = {c: [t.columns[c]] for c in cols}
    for sc in spec.scenarios:
        if sc.table == tp.name:
            for c, s in sc.columns.items():
                all_specs.setdefault(c, []).append(s)
    for c in cols:
        d: set[str] = set()
        for s in all_specs[c]:
            try:
                names = column_deps(s)
            except ValueError as exc:
                out.add(("tables", tp.name, "columns", c), str(exc), table=tp.name, column=c)
                continue
            for n in names:
                if _sequence_dep(tp, c, s, n, d, out):
                    continue
                if "." in n:
                    fk = _resolve_ref(plans, tp, n, out, c)
                    if fk is not None:
                        d.add(fk)
                        tp.parent_refs.add(n)
                elif n in t.columns:
                    if n != c:
                        d.add(n)
                    else:
                        out.add(("tables", tp.name, "columns", c), "column reads itself", table=tp.name, column=c)
                elif n not in tp.label_columns:
                    out.add(
                        ("tables", tp.name, "columns", c),
                        f"unknown column '{n}'" + did_you_mean(n, list(t.columns) + list(tp.aliases)),
                        table=tp.name,
                        column=c,
                    )
        deps[c] = d
    tp.reads = {c: set(d) for c, d in deps.items()}
    aggs = {c for c in cols if isinstance(t.columns[c], AggregateColumn)}
    tp.after_aggregates = tp.derived_from(aggs) - aggs
    for c in aggs:  # an aggregate is made after the row's other columns, before those derived from aggregates
        deps[c] = deps[c] | {x for x in cols if x not in aggs and x not in tp.after_aggregates}
    order: list[str] = []
    state: dict[str, int] = {}

    def visit(c: str, stack: list[str]) -> None:
        if state.get(c) == 2:
            return
        if state.get(c) == 1:
            cyc = stack[stack.index(c) :] + [c]
            out.add(
                ("tables", tp.name, "columns", c),
                "columns depend on each other in a cycle: " + " -> ".join(cyc),
                table=tp.name,
                column=c,
            )
            state[c] = 2
            return
        state[c] = 1
        for p in sorted(deps[c], key=cols.index):
            visit(p, stack + [c])
        state[c] = 2
        order.append(c)

    for c in cols:
        visit(c, [])
    tp.column_order = order
    seq = {c for c in cols if any(_reads_sequence(s) for s in all_specs[c][:1])}
    changed = True
    while changed:
        changed = False
        for c in cols:
            if c not in seq and deps[c] & seq and not isinstance(t.columns[c], AggregateColumn):
                seq.add(c)
                changed = True
    tp.sequence_columns = [c for c in order if c in seq]


def _reads_sequence(spec: Any) -> bool:
    from simulacra.spec.features import SEQUENCE_ALIASES

    try:
        return any(n.split(".")[0] in SEQUENCE_ALIASES and n.count(".") == 1 for n in column_deps(spec))
    except ValueError:
        return False


def _sequence_dep(tp: TablePlan, c: str, spec: Any, n: str, d: set[str], out: ProblemCollector) -> bool:
    """``previous.x`` / ``sibling.position``: checked here; True when ``n`` is one (handled)."""
    from simulacra.spec.features import check_sequence_ref

    return check_sequence_ref(tp, c, spec, n, d, out)


def _resolve_ref(
    plans: dict[str, TablePlan],
    tp: TablePlan,
    ref: str,
    out: ProblemCollector,
    column: str,
    path: tuple[Hashable, ...] | None = None,
) -> str | None:
    """Check a dotted ref through FK aliases; returns this table's FK column it starts from."""
    parts = ref.split(".")
    cur = tp
    first_fk: str | None = None
    path = path or ("tables", tp.name, "columns", column)
    for i, alias in enumerate(parts[:-1]):
        fk = cur.aliases.get(alias)
        if fk is None:
            out.add(
                path,
                f"'{ref}': '{alias}' is not a foreign key column or parent table of '{cur.name}'"
                + did_you_mean(alias, cur.aliases),
                table=tp.name,
                column=column,
            )
            return None
        lk = cur.links[fk]
        if lk.self_ref:
            out.add(
                path, f"'{ref}': values of the same table's parent rows cannot be read", table=tp.name, column=column
            )
            return None
        if i == 0:
            first_fk = fk
        if lk.table not in plans:
            return None
        cur = plans[lk.table]
    last = parts[-1]
    if last not in cur.spec.columns and last not in cur.label_columns:
        out.add(
            path,
            f"'{ref}': table '{cur.name}' has no column '{last}'" + did_you_mean(last, cur.spec.columns),
            table=tp.name,
            column=column,
        )
        return None
    return first_fk


# ---------------------------------------------------------------- documents


def template_path(template: str, spec_file: str | None) -> Path:
    """A document template file: ``example:NAME/FILE`` (shipped), else relative to the spec's folder."""
    if template.startswith("example:"):
        from importlib import resources

        return Path(str(resources.files("simulacra.examples").joinpath("templates", template.split(":", 1)[1])))
    p = Path(template).expanduser()
    if not p.is_absolute() and spec_file is not None:
        p = Path(spec_file).parent / p
    return p


def _check_template(
    source: str, where: str, line: int, path: tuple[Hashable, ...], out: ProblemCollector, file: str | None
) -> None:
    """Jinja2 syntax errors with the template's file:line."""
    import jinja2

    try:
        jinja2.Environment().parse(source)
    except jinja2.TemplateSyntaxError as exc:
        lineno = (exc.lineno or 1) + line - 1
        loc = Location(file=file, line=lineno) if file is not None else out.index.location(path)
        out.problems.append(Problem(loc, f"{where}: template syntax error: {exc.message}"))


def _check_documents(spec: DatasetSpec, plans: dict[str, TablePlan], out: ProblemCollector) -> dict[str, DocumentPlan]:
    result: dict[str, DocumentPlan] = {}
    names = [d.name for d in spec.documents]
    scen_names = [s.name for s in spec.scenarios]
    for di, d in enumerate(spec.documents):
        dpath: tuple[Hashable, ...] = ("documents", di)
        what = f"document '{d.name}'"
        if names.count(d.name) > 1:
            out.add(dpath + ("name",), f"document name '{d.name}' is used twice")
            continue
        if d.table not in plans:
            out.add(dpath + ("table",), f"{what} on unknown table '{d.table}'" + did_you_mean(d.table, plans))
            continue
        tp = plans[d.table]
        cols = set(tp.spec.columns) | set(tp.label_columns)
        joins: list[ChildJoin] = []
        for cname, c in d.children.items():
            child = ChildSpec(table=c) if isinstance(c, str) else c
            cpath = dpath + ("children", cname)
            if child.table not in plans:
                out.add(
                    cpath,
                    f"{what}: child '{cname}' is unknown table '{child.table}'" + did_you_mean(child.table, plans),
                    table=d.table,
                )
                continue
            ctp = plans[child.table]
            ccols = set(ctp.spec.columns) | set(ctp.label_columns)
            on, key = child.column, None
            if on is None:
                fks = [lk for lk in ctp.links.values() if lk.table == d.table and not lk.self_ref]
                if len(fks) != 1:
                    out.add(
                        cpath,
                        f"{what}: '{child.table}' has {len(fks)} foreign keys to '{d.table}'; name the column with 'column'",
                        table=d.table,
                    )
                    continue
                on, key = fks[0].column, fks[0].key
            elif on not in ccols:
                out.add(
                    cpath + ("column",),
                    f"{what}: '{child.table}' has no column '{on}'" + did_you_mean(on, ccols),
                    table=child.table,
                )
                continue
            else:
                lk = ctp.links.get(on)
                key = (
                    lk.key
                    if lk is not None and lk.table == d.table
                    else (tp.spec.key_columns[0] if len(tp.spec.key_columns) == 1 else None)
                )
                if key is None:
                    out.add(
                        cpath + ("column",),
                        f"{what}: table '{d.table}' has no single-column primary key for '{child.table}.{on}' to match",
                        table=d.table,
                    )
                    continue
            if child.order_by is not None and child.order_by not in ccols:
                out.add(
                    cpath + ("order_by",),
                    f"{what}: '{child.table}' has no column '{child.order_by}'" + did_you_mean(child.order_by, ccols),
                    table=child.table,
                )
            joins.append(ChildJoin(cname, child.table, on, key, child.order_by))
        if d.per is not None:
            j = next((j for j in joins if j.name == d.per.child), None)
            if j is None:
                out.add(
                    dpath + ("per", "child"),
                    f"{what}: 'per' names '{d.per.child}', which is not under 'children'"
                    + did_you_mean(d.per.child, d.children),
                )
            elif d.per.column not in plans[j.table].spec.columns:
                out.add(
                    dpath + ("per", "column"),
                    f"{what}: '{j.table}' has no column '{d.per.column}'"
                    + did_you_mean(d.per.column, plans[j.table].spec.columns),
                    table=j.table,
                )
        if d.where is not None:
            try:
                for n in root_names(d.where):
                    if n not in cols:
                        out.add(
                            dpath + ("where",),
                            f"{what}: 'where' reads unknown column '{n}'" + did_you_mean(n, cols),
                            table=d.table,
                        )
            except ValueError as exc:
                out.add(dpath + ("where",), f"{what}: {exc}", table=d.table)
        if d.email is not None:
            for field_, col in (("date", d.email.date), ("thread", d.email.thread)):
                if col is not None and col not in cols:
                    out.add(
                        dpath + ("email", field_),
                        f"{what}: '{field_}' names unknown column '{col}'" + did_you_mean(col, cols),
                        table=d.table,
                    )
        for sc in list(d.tone) + [n.scenario for n in d.noise if n.scenario is not None]:
            if sc not in scen_names:
                out.add(dpath, f"{what}: unknown scenario '{sc}'" + did_you_mean(sc, scen_names))
        for ref in d.entities:
            t_, _, c_ = ref.partition(".")
            if t_ not in plans or c_ not in plans[t_].spec.columns:
                out.add(
                    dpath + ("entities", ref),
                    f"{what}: entities: '{ref}' is not a table.column"
                    + did_you_mean(ref, [f"{d.table}.{c}" for c in tp.spec.columns]),
                )
        if d.noise and d.format not in ("text", "markdown", "email"):
            out.add(
                dpath + ("noise",), f"{what}: noise (typos) is for text, markdown and email documents, not {d.format}"
            )
        if d.locale is not None and d.locale not in _supported_locales():
            out.add(
                dpath + ("locale",),
                f"{what}: unsupported locale '{d.locale}'" + did_you_mean(d.locale, _supported_locales()),
            )
        # the template: readable, and valid Jinja2
        tfile: str | None = None
        tline = 1
        if d.template is not None:
            p = template_path(d.template, out.index.file)
            try:
                source = p.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                reason = "not found" if isinstance(exc, FileNotFoundError) else str(exc)
                out.add(dpath + ("template",), f"{what}: template file {p}: {reason}")
                continue
            tfile = str(p)
            _check_template(source, what, 1, dpath + ("template",), out, tfile)
        else:
            source = d.text or ""
            tline = (out.index.line(dpath + ("text",)) or 0) + 1
            _check_template(source, what, tline, dpath + ("text",), out, out.index.file)
        for field_, src in (("path", d.path),) + (
            (("from", d.email.sender), ("to", d.email.to), ("subject", d.email.subject)) if d.email else ()
        ):
            if src is not None:
                _check_template(src, f"{what}, {field_}", 1, dpath + (field_,), out, None)
        result[d.name] = DocumentPlan(d, dpath, tfile, tline, source, tuple(joins))
    return result
