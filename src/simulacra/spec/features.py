"""Whole-spec checks for the newer features; every misuse is reported with its file:line.

Static tables, exact scenario counts, foreign keys to filtered or matched parents,
self-references within a group, scenario-shared values of unique columns, processes and
sequence references (``previous.x``, ``sibling.position``, ``sibling.count``).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from simulacra.errors import did_you_mean
from simulacra.spec.model import (
    AggregateColumn,
    BooleanColumn,
    CaseColumn,
    CategoricalColumn,
    DatasetSpec,
    ExpressionColumn,
    ForeignKeyColumn,
    LookupColumn,
    NumberColumn,
    PatternColumn,
    ProcessColumn,
    ProcessSpec,
    RowsPerParent,
    SequenceColumn,
    StateSpec,
    UuidColumn,
)
from simulacra.spec.refs import root_names

if TYPE_CHECKING:
    from simulacra.spec.plan import ProblemCollector, TablePlan

__all__ = ["SEQUENCE_ALIASES", "SIBLING_FIELDS", "check_features", "check_sequence_ref"]

SEQUENCE_ALIASES = ("previous", "sibling")
SIBLING_FIELDS = ("position", "count")
_NOT_TIME = (NumberColumn, CategoricalColumn, SequenceColumn, PatternColumn, BooleanColumn, UuidColumn)


def check_sequence_ref(tp: TablePlan, c: str, spec: Any, n: str, deps: set[str], out: ProblemCollector) -> bool:
    parts = n.split(".")
    if len(parts) != 2 or parts[0] not in SEQUENCE_ALIASES or parts[0] in tp.aliases:
        return False
    path = ("tables", tp.name, "columns", c)
    if not isinstance(tp.spec.rows, RowsPerParent):
        out.add(
            path, f"'{n}' needs the table's rows to be made per a parent (rows: {{per: ...}})", table=tp.name, column=c
        )
        return True
    if not isinstance(spec, (ExpressionColumn, CaseColumn, LookupColumn)):
        out.add(path, f"'{n}' can be read by expression, case and lookup columns only", table=tp.name, column=c)
        return True
    alias, col = parts
    if alias == "sibling":
        if col not in SIBLING_FIELDS:
            out.add(
                path,
                f"'{n}': sibling has {', '.join(SIBLING_FIELDS)}" + did_you_mean(col, SIBLING_FIELDS),
                table=tp.name,
                column=c,
            )
        return True
    if col == c:
        out.add(
            path,
            f"'{n}': a column cannot read its own previous value (a recurrence); use generator running_sum",
            table=tp.name,
            column=c,
        )
    elif col not in tp.spec.columns:
        out.add(
            path,
            f"'{n}': table '{tp.name}' has no column '{col}'" + did_you_mean(col, tp.spec.columns),
            table=tp.name,
            column=c,
        )
    else:
        deps.add(col)
    return True


def _reaches_end(states: dict[str, StateSpec], names: list[str]) -> list[str]:
    """States from which no absorbing state can be reached."""
    ends = {s for s in names if not states.get(s, StateSpec()).next}
    good = set(ends)
    changed = True
    while changed:
        changed = False
        for s in names:
            if s not in good and any(t in good and p > 0 for t, p in states.get(s, StateSpec()).next.items()):
                good.add(s)
                changed = True
    return [s for s in names if s not in good]


def _check_process(spec: DatasetSpec, tp: TablePlan, proc: ProcessSpec, out: ProblemCollector) -> None:
    tname = tp.name
    ppath: tuple[Hashable, ...] = ("tables", tname, "rows", "process")
    names = list(proc.states)
    if proc.start not in proc.states:
        out.add(
            ppath + ("start",),
            f"process start '{proc.start}' is not a state" + did_you_mean(proc.start, names),
            table=tname,
        )
    for sname, st in proc.states.items():
        for target in st.next:
            if target not in proc.states:
                out.add(
                    ppath + ("states", sname, "next"),
                    f"state '{sname}' goes to unknown state '{target}'"
                    + did_you_mean(target, names)
                    + " (declare it, with no 'next' for an end state)",
                    table=tname,
                )
    rows = tp.spec.rows
    assert isinstance(rows, RowsPerParent)
    parent = spec.tables.get(rows.per)
    if parent is not None:
        pcol = parent.columns.get(proc.at)
        if pcol is None:
            out.add(
                ppath + ("at",),
                f"process 'at' names unknown column '{rows.per}.{proc.at}'" + did_you_mean(proc.at, parent.columns),
                table=tname,
            )
        elif isinstance(pcol, _NOT_TIME) or (
            isinstance(pcol, ExpressionColumn) and pcol.dtype not in (None, "date", "datetime")
        ):
            out.add(
                ppath + ("at",),
                f"process 'at' must be a date or datetime column of '{rows.per}', '{proc.at}' is {pcol.generator}",
                table=tname,
            )
        elif tp.primary_link is not None:
            tp.parent_refs.add(f"{tp.primary_link.column}.{proc.at}")
    parent_scen = [s.name for s in spec.scenarios if s.table == rows.per]
    variants: list[tuple[str, dict[str, StateSpec]]] = [("", dict(proc.states))]
    for vname, var in proc.variants.items():
        if vname not in parent_scen:
            out.add(
                ppath + ("variants", vname),
                f"variant '{vname}' is not a scenario of the parent table '{rows.per}'"
                + did_you_mean(vname, parent_scen),
                table=tname,
            )
        for sname, st in var.states.items():
            if sname not in proc.states:
                out.add(
                    ppath + ("variants", vname, "states", sname),
                    f"variant '{vname}' changes unknown state '{sname}'" + did_you_mean(sname, names),
                    table=tname,
                )
            for target in st.next:
                if target not in proc.states:
                    out.add(
                        ppath + ("variants", vname, "states", sname),
                        f"variant '{vname}': state '{sname}' goes to unknown state '{target}'"
                        + did_you_mean(target, names),
                        table=tname,
                    )
        variants.append((vname, {**proc.states, **var.states}))
    for vname, states in variants:
        if any(t not in proc.states for st in states.values() for t in st.next):
            continue
        stuck = _reaches_end(states, names)
        if stuck:
            where = f" (variant '{vname}')" if vname else ""
            out.add(
                ppath + ("states",),
                f"process{where} never ends from state(s) {', '.join(stuck)}: no path to a state without 'next'",
                table=tname,
            )


def check_features(spec: DatasetSpec, plans: dict[str, TablePlan], out: ProblemCollector) -> None:
    for tname, tp in plans.items():
        rows = tp.spec.rows
        is_process = isinstance(rows, RowsPerParent) and rows.process is not None
        if is_process:
            assert isinstance(rows, RowsPerParent) and rows.process is not None
            _check_process(spec, tp, rows.process, out)
        for cname, c in tp.spec.columns.items():
            cpath: tuple[Hashable, ...] = ("tables", tname, "columns", cname)
            if isinstance(c, ProcessColumn) and not is_process:
                out.add(
                    cpath,
                    "a process column needs the table's rows to be a process (rows: {per: ..., process: ...})",
                    table=tname,
                    column=cname,
                )
            if isinstance(c, ForeignKeyColumn) and cname in tp.links:
                _check_fk(plans, tp, cname, c, cpath, out)
    for si, sc in enumerate(spec.scenarios):
        _check_scenario(spec, plans, si, sc, out)
    for tname in plans:
        mine = [
            (si, sc)
            for si, sc in enumerate(spec.scenarios)
            if sc.table == tname and sc.where is None and sc.count is None
        ]
        total = sum(sc.share if sc.share is not None else sc.rate for _, sc in mine)
        if total > 1 + 1e-9:
            out.add(
                ("scenarios", mine[-1][0]),
                f"the scenarios of table '{tname}': rates and shares add up to {total:.3f} > 1 "
                "(scenarios never overlap)",
                table=tname,
            )


def _check_fk(
    plans: dict[str, TablePlan],
    tp: TablePlan,
    cname: str,
    c: ForeignKeyColumn,
    cpath: tuple[Hashable, ...],
    out: ProblemCollector,
) -> None:
    lk = tp.links[cname]
    tname = tp.name
    if lk.self_ref:
        for key in ("where", "match"):
            if getattr(c, key):
                out.add(
                    cpath + (key,),
                    f"'{key}' is for a foreign key to another table; a self-reference takes 'within' and 'senior'",
                    table=tname,
                    column=cname,
                )
        rows = tp.spec.rows
        if (
            (c.within is not None or c.senior is not None)
            and isinstance(rows, RowsPerParent)
            and rows.per in plans
            and any(
                isinstance(x, AggregateColumn) and x.of.split(".")[0] == tname
                for x in plans[rows.per].spec.columns.values()
            )
        ):
            out.add(
                cpath,
                f"'within'/'senior' need the whole table first; '{rows.per}' aggregates '{tname}', which makes its rows earlier",
                table=tname,
                column=cname,
            )
        for key in ("within", "senior"):
            v = getattr(c, key)
            if v is not None and (v not in tp.spec.columns or v == cname):
                out.add(
                    cpath + (key,),
                    f"'{key}' must name another column of table '{tname}', found '{v}'"
                    + did_you_mean(v, tp.spec.columns),
                    table=tname,
                    column=cname,
                )
        return
    for key in ("within", "senior"):
        if getattr(c, key) is not None:
            out.add(
                cpath + (key,),
                f"'{key}' is for a self-reference (a foreign key to the same table)",
                table=tname,
                column=cname,
            )
    rows = tp.spec.rows
    if (
        isinstance(rows, RowsPerParent)
        and lk.table == rows.per
        and not lk.primary
        and rows.per in plans
        and any(
            isinstance(x, AggregateColumn) and x.of.split(".")[0] == tname
            for x in plans[rows.per].spec.columns.values()
        )
    ):
        out.add(
            cpath,
            f"a second foreign key to '{rows.per}' needs the whole of '{rows.per}', but '{rows.per}' aggregates "
            f"'{tname}' (its rows are made while '{rows.per}' is)",
            table=tname,
            column=cname,
        )
    if (c.where is not None or c.match) and lk.primary:
        out.add(
            cpath,
            "the foreign key rows are made 'per' is filled by construction: it takes no 'where' or 'match'",
            table=tname,
            column=cname,
        )
        return
    if c.distinct and (c.match_share is not None or c.match_count is not None or c.match_else):
        out.add(
            cpath + ("distinct",),
            "'distinct' cannot be combined with 'match_share', 'match_count' or 'match_else' (each row agrees on "
            "'match': the candidates are the parents holding the row's value)",
            table=tname,
            column=cname,
        )
    elif c.distinct and c.match:
        # the children of one 'per' parent draw their parents from one permutation of the candidates: every
        # child must have the same candidates, so the values matched are the 'per' parent's
        via = tp.primary_link.column if tp.primary_link is not None else None
        for pcol, mine in c.match.items():
            if via is None or mine.split(".", 1)[0] != via or "." not in mine:
                out.add(
                    cpath + ("match", pcol),
                    f"with 'distinct', 'match' reads the parent the rows are made per (e.g. '{via or 'per_key'}."
                    f"{pcol}'), so every child of one such parent has the same candidates; found '{mine}'",
                    table=tname,
                    column=cname,
                )
    parent = plans.get(lk.table)
    if parent is None:
        return
    pcols = list(parent.spec.columns) + list(parent.label_columns)
    if c.where is not None:
        try:
            for n in root_names(c.where):
                if n not in pcols:
                    out.add(
                        cpath + ("where",),
                        f"'where' reads unknown column '{lk.table}.{n}' (it reads the parent's columns)"
                        + did_you_mean(n, pcols),
                        table=tname,
                        column=cname,
                    )
        except ValueError as exc:
            out.add(cpath + ("where",), str(exc), table=tname, column=cname)
    if c.match_share is not None and not c.match:
        out.add(
            cpath + ("match_share",),
            "'match_share' is the share of rows whose parent agrees on 'match': it needs a 'match'",
            table=tname,
            column=cname,
        )
    if c.match_else and ((c.match_share is None and c.match_count is None) or set(c.match_else) != set(c.match)):
        out.add(
            cpath + ("match_else",),
            "'match_else' is what the rows not agreeing on 'match' agree on: it needs a 'match_share' (or "
            "'match_count') and the "
            f"same parent columns as 'match' ({', '.join(sorted(c.match)) or 'none'})",
            table=tname,
            column=cname,
        )
    rows = tp.spec.rows
    if c.match_count is not None:
        per = rows.per if isinstance(rows, RowsPerParent) else None
        if not c.match_else or per is None:
            out.add(
                cpath + ("match_count",),
                "'match_count' is how many of a parent's rows agree on 'match' (the rest on 'match_else'): it "
                "needs a 'match_else' and a table made per a parent ('rows: {per: ...}')",
                table=tname,
                column=cname,
            )
        elif per in plans:
            try:
                unknown = [n for n in root_names(c.match_count) if n not in plans[per].spec.columns]
            except ValueError as exc:
                unknown = []
                out.add(cpath + ("match_count",), f"'match_count': {exc}", table=tname, column=cname)
            for n in unknown:
                out.add(
                    cpath + ("match_count",),
                    f"'match_count' reads unknown column '{per}.{n}' (it reads the columns of the parent the "
                    "rows are made per)" + did_you_mean(n, list(plans[per].spec.columns)),
                    table=tname,
                    column=cname,
                )
    for field, pairs in (("match_else", c.match_else), ("match", c.match)):
        for pcol, mine in pairs.items():
            if mine in tp.label_columns and mine not in tp.spec.columns:
                out.add(
                    cpath + (field, pcol),
                    f"'{field}' reads scenario label '{mine}', which is set after the columns are made",
                    table=tname,
                    column=cname,
                )
    for pcol in c.match:
        if pcol not in pcols:
            out.add(
                cpath + ("match", pcol),
                f"'match' key '{pcol}' is not a column of '{lk.table}'" + did_you_mean(pcol, pcols),
                table=tname,
                column=cname,
            )


def _deps(spec: Any) -> list[str]:
    from simulacra.spec.plan import column_deps

    return column_deps(spec)


def _check_scenario(spec: DatasetSpec, plans: dict[str, TablePlan], si: int, sc: Any, out: ProblemCollector) -> None:
    spath: tuple[Hashable, ...] = ("scenarios", si)
    tp = plans.get(sc.table)
    if tp is None:
        return
    if sc.exact:
        field = "count" if sc.count is not None else "share"
        if sc.where is not None:
            out.add(
                spath + (field,),
                f"scenario '{sc.name}': an exact {field} cannot be combined with 'where' (use 'rate')",
                table=sc.table,
            )
        rows = tp.spec.rows
        if isinstance(rows, RowsPerParent):
            parent = spec.tables.get(rows.per)
            if parent is not None and any(
                isinstance(x, AggregateColumn) and x.of.split(".")[0] == sc.table for x in parent.columns.values()
            ):
                out.add(
                    spath + (field,),
                    f"scenario '{sc.name}': an exact {field} is not possible on '{sc.table}', which '{rows.per}' aggregates "
                    "(its rows are made before their number is known); use 'rate'",
                    table=sc.table,
                )
        elif sc.count is not None and tp.spec.static and sc.count > rows:
            out.add(
                spath + ("count",),
                f"scenario '{sc.name}' asks for {sc.count} rows but static table '{sc.table}' has {rows}",
                table=sc.table,
            )
    for cname, override in sc.columns.items():
        try:
            reads_seq = any(
                n.split(".")[0] in SEQUENCE_ALIASES and n.count(".") == 1 and n.split(".")[0] not in tp.aliases
                for n in _deps(override)
            )
        except ValueError:
            reads_seq = False
        if isinstance(tp.spec.columns.get(cname), ProcessColumn) or cname in tp.sequence_columns or reads_seq:
            out.add(
                spath + ("columns", cname),
                f"scenario '{sc.name}' cannot override a process column or one reading previous./sibling., "
                "nor read them in an override",
                table=sc.table,
                column=cname,
            )
    for i, cname in enumerate(sc.shared):
        col = tp.spec.columns.get(cname)
        p = spath + ("shared", i)
        if col is None:
            out.add(
                p,
                f"scenario '{sc.name}' shares unknown column '{cname}'" + did_you_mean(cname, tp.spec.columns),
                table=sc.table,
                column=cname,
            )
            continue
        if cname in tp.spec.key_columns or isinstance(col, (ForeignKeyColumn, AggregateColumn, ProcessColumn)):
            out.add(
                p,
                f"scenario '{sc.name}' cannot share a key, foreign key, aggregate or process column",
                table=sc.table,
                column=cname,
            )
        elif not col.unique:
            out.add(
                p,
                f"scenario '{sc.name}' shares '{cname}', which is not unique: nothing to except",
                table=sc.table,
                column=cname,
            )
        gen = sc.columns.get(cname, col)
        from simulacra.spec.plan import column_deps

        try:
            reads = column_deps(gen)
        except ValueError:
            reads = []
        if reads or isinstance(gen, BaseModel) and isinstance(gen, (ExpressionColumn, CaseColumn, LookupColumn)):
            out.add(
                p,
                f"scenario '{sc.name}': a shared value is made once per scenario, so '{cname}' cannot read other columns ({', '.join(reads) or 'an expression'})",
                table=sc.table,
                column=cname,
            )
        if not sc.labels:
            out.add(
                p,
                f"scenario '{sc.name}' shares values: give it 'labels' so its rows can be found (and checked) in the output",
                table=sc.table,
                column=cname,
            )
