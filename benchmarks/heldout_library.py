"""A public library network written in the spec language: a held-out-style probe of learning (issue 13).

A domain no other benchmark uses (not the hospital, the parcel company, Berka, motorsport, movies, shop,
HR or support). Unlike ``heldout_hospital.py`` and ``heldout_logistics.py`` (Python generators), the source
is made by ``simulacra generate`` from the spec below, so its structure is what the spec language states:

* lookup tables: ``tiers`` (4 rows, static) gives a member's loan period and daily fine;
* dates across tables: a loan after its member joined and after its copy was acquired; a copy acquired
  after its title's publication (``pub_year`` = the year of ``published``); a member joined at 6 or older;
* derived columns across tables: ``due_date`` = ``loan_date`` + the member's tier's ``loan_days``;
  ``days_late`` = max(returned - due, 0) (null while the loan is open); ``fine`` = days late x the
  tier's ``fine_per_day``;
* order and rank within a parent: a title's reservations hold ``queue_pos`` 1..n in ``placed_at`` order;
  a branch's events ``event_no`` 1..n in ``event_date`` order;
* uniqueness within a parent: a member once per title's queue; one event per (branch, day);
* children per the right parent: loans made per member; their copy at the member's branch in ~85%;
* formatted strings: ISBN-like ``978-5-131-62193-3``, cards ``LIB-000001-L``, barcodes ``C0000001``;
* aggregates: ``members.n_loans``, ``titles.n_copies``, ``branches.n_events``; a lookup ``capacity`` of the
  event's kind, ``attendance`` at most it.

    PYTHONPATH=src .venv/bin/python benchmarks/heldout_library.py spec OUT.yaml
    PYTHONPATH=src .venv/bin/python benchmarks/heldout_library.py check SOURCE_DIR [SAMPLE_DIR ...]

``check`` reads a folder of CSV or Parquet tables (as ``simulacra generate --format csv`` and
``simulacra sample`` write them) and prints each expert check's rate: the share of rows (or of parent
groups) that hold it, the source beside each sample. Generated data: the first run of learning on it is
the held-out-style figure; later runs after fixes are dev figures.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import polars as pl

SPEC = """\
name: library
description: A public library network.
seed: 11
locale: en_GB
tables:
  tiers:
    rows: 4
    static: true
    primary_key: tier_id
    columns:
      tier_id: sequence
      code: {generator: lookup, key: tier_id, mapping: {"1": STD, "2": STU, "3": SEN, "4": PRE}}
      loan_days: {generator: lookup, key: tier_id, mapping: {"1": 21, "2": 28, "3": 35, "4": 42}}
      fine_per_day: {generator: lookup, key: tier_id, mapping: {"1": 0.25, "2": 0.10, "3": 0.05, "4": 0.0}}
  branches:
    rows: 10
    static: true
    primary_key: branch_id
    columns:
      branch_id: sequence
      city: {generator: city, group: site}
      postcode: {generator: postcode, group: site}
      opened: {generator: date, start: 1950-01-01, end: 2005-12-31}
      n_events: {generator: aggregate, function: count, of: events}
  members:
    rows: 1200
    primary_key: member_id
    columns:
      member_id: sequence
      card_no: {generator: pattern, pattern: "LIB-{seq:06d}-?", unique: true}
      branch_id: {generator: foreign_key, references: branches.branch_id, distribution: zipf, s: 1.1}
      tier_id: {generator: foreign_key, references: tiers.tier_id, distribution: zipf, s: 1.5}
      first_name: {generator: first_name, group: person}
      last_name: {generator: last_name, group: person}
      birth_date: {generator: date, start: 1940-01-01, end: 2010-12-31}
      joined: {generator: date, start: 2012-01-01, end: 2023-12-31}
      n_loans: {generator: aggregate, function: count, of: loans}
  titles:
    rows: 700
    primary_key: title_id
    columns:
      title_id: sequence
      isbn: {generator: pattern, pattern: "978-#-###-#####-#", unique: true}
      author: last_name
      genre: {generator: categorical, values: {fiction: 0.45, crime: 0.15, children: 0.15, history: 0.1, science: 0.1, poetry: 0.05}}
      published: {generator: date, start: 1950-01-01, end: 2008-12-31}
      pub_year: {generator: expression, expr: "YEAR(published)", dtype: int}
      n_copies: {generator: aggregate, function: count, of: copies}
  copies:
    rows: {per: titles, count: {distribution: poisson, lam: 1.5, min: 1, max: 8}}
    primary_key: copy_id
    columns:
      copy_id: sequence
      title_id: {generator: foreign_key, references: titles.title_id}
      branch_id: {generator: foreign_key, references: branches.branch_id}
      barcode: {generator: pattern, pattern: "C{seq:07d}", unique: true}
      acquired: {generator: date, after: titles.published, end: 2011-12-31, offset: {distribution: exponential, scale: 400, unit: days}}
  loans:
    rows: {per: members, count: {distribution: negative_binomial, mean: 5, dispersion: 1.5}, zero_rate: 0.1}
    primary_key: loan_id
    columns:
      loan_id: sequence
      member_id: {generator: foreign_key, references: members.member_id}
      copy_id: {generator: foreign_key, references: copies.copy_id, match: {branch_id: members.branch_id}, match_share: 0.85}
      loan_date: {generator: date, after: members.joined, end: 2024-06-30, offset: {distribution: exponential, scale: 500, unit: days}}
      loan_days: {generator: expression, expr: "members.tiers.loan_days", dtype: int}
      due_date: {generator: expression, expr: "loan_date + loan_days", dtype: date}
      returned: {generator: date, after: loan_date, offset: {distribution: lognormal, median: 20, sigma: 0.5, unit: days}, null_rate: 0.07}
      days_late: {generator: expression, expr: "CASE WHEN returned IS NULL THEN NULL ELSE GREATEST(CAST(returned AS INT) - CAST(due_date AS INT), 0) END", dtype: int}
      fine: {generator: expression, expr: "ROUND(days_late * members.tiers.fine_per_day, 2)", dtype: float}
  reservations:
    rows: {per: titles, count: {distribution: poisson, lam: 1.6, max: 9}, zero_rate: 0.4}
    primary_key: reservation_id
    columns:
      reservation_id: sequence
      title_id: {generator: foreign_key, references: titles.title_id}
      member_id: {generator: foreign_key, references: members.member_id, distinct: true}
      placed_at: {generator: datetime, start: 2024-01-01, end: 2024-06-30}
      queue_pos: {generator: rank, by: placed_at}
  events:
    rows: {per: branches, count: {distribution: poisson, lam: 30, min: 5}}
    primary_key: event_id
    columns:
      event_id: sequence
      branch_id: {generator: foreign_key, references: branches.branch_id}
      kind: {generator: categorical, values: {story_time: 0.4, author_talk: 0.2, book_club: 0.25, workshop: 0.15}}
      event_date: {generator: date, start: 2022-01-01, end: 2024-06-30}
      event_no: {generator: rank, by: event_date}
      capacity: {generator: lookup, key: kind, mapping: {story_time: 30, author_talk: 120, book_club: 15, workshop: 20}}
      attendance:
        generator: case
        cases:
          - {when: "kind = 'story_time'", then: {generator: integer, low: 4, high: 30}}
          - {when: "kind = 'author_talk'", then: {generator: integer, low: 20, high: 120}}
          - {when: "kind = 'book_club'", then: {generator: integer, low: 3, high: 15}}
        else: {generator: integer, low: 5, high: 20}
constraints:
  - {table: members, check: "joined >= DATE_ADD(birth_date, 6, year)", name: member_at_least_6}
  - {table: events, unique: [branch_id, event_date], name: one_event_a_day}
  - {table: loans, check: "returned IS NULL OR returned >= loan_date", name: returned_after_loan}
"""

TIERS = {1: ("STD", 21, 0.25), 2: ("STU", 28, 0.10), 3: ("SEN", 35, 0.05), 4: ("PRE", 42, 0.0)}
CAPACITY = {"story_time": 30, "author_talk": 120, "book_club": 15, "workshop": 20}
FORMATS = {
    ("titles", "isbn"): r"978-\d-\d{3}-\d{5}-\d",
    ("members", "card_no"): r"LIB-\d{6}-[A-Z]",
    ("copies", "barcode"): r"C\d{7}",
}
DATES = {
    "branches": ("opened",),
    "members": ("birth_date", "joined"),
    "titles": ("published",),
    "copies": ("acquired",),
    "loans": ("loan_date", "due_date", "returned"),
    "events": ("event_date",),
}
Frames = dict[str, pl.DataFrame]


def read(
    folder: Path,
    dates: dict[str, tuple[str, ...]] = DATES,
    times: tuple[tuple[str, str], ...] = (("reservations", "placed_at"),),
) -> Frames:
    """Every table of a folder of CSV or Parquet files, ``dates`` parsed to dates and ``times`` (table, column) to
    date-times (the utility probe, ``heldout_utility.py``, reads with its own)."""
    out: Frames = {}
    for p in sorted(folder.iterdir()):
        if p.suffix == ".csv":
            out[p.stem] = pl.read_csv(p, infer_schema_length=None)
        elif p.suffix == ".parquet":
            out[p.stem] = pl.read_parquet(p)
    for t, cols in dates.items():
        if t in out:
            out[t] = out[t].with_columns(_date(out[t], c) for c in cols if c in out[t].columns)
    for t, c in times:
        if t in out and out[t][c].dtype == pl.String:
            out[t] = out[t].with_columns(pl.col(c).str.to_datetime(strict=False))
    return out


def _date(df: pl.DataFrame, c: str) -> pl.Expr:
    if df[c].dtype == pl.String:
        return pl.col(c).str.slice(0, 10).str.to_date(strict=False)
    return pl.col(c).cast(pl.Date, strict=False)


def share(mask: pl.Series) -> float:
    """The share of true among the non-null values (nan when there are none)."""
    m = mask.drop_nulls()
    return float(m.mean()) if len(m) else float("nan")  # type: ignore[arg-type]


def _groups(df: pl.DataFrame, parent: str, col: str, by: str) -> tuple[float, float]:
    """Per parent group: (share of groups whose col is 1..n, share whose col's order is by's order)."""
    g = (
        df.sort(parent, by, col)
        .group_by(parent, maintain_order=True)
        .agg(
            (pl.col(col).sort() == pl.int_range(1, pl.len() + 1)).all().alias("perm"),
            (pl.col(col).diff().drop_nulls() >= 0).all().alias("order"),
        )
    )
    return share(g["perm"]), share(g["order"])


def checks(f: Frames, real: Frames) -> dict[str, float]:
    """Each expert check's rate on the tables f (real: the source, for lookups and observed ranges)."""
    r: dict[str, float] = {}
    tiers, members, loans, copies, titles = (f[t] for t in ("tiers", "members", "loans", "copies", "titles"))
    res, events, branches = f["reservations"], f["events"], f["branches"]
    want = pl.DataFrame(
        {
            "tier_id": list(TIERS),
            "code": [v[0] for v in TIERS.values()],
            "loan_days": [v[1] for v in TIERS.values()],
            "fine_per_day": [v[2] for v in TIERS.values()],
        }
    )
    got = tiers.select(
        pl.col("tier_id").cast(pl.Int64, strict=False),
        pl.col("code").cast(pl.String),
        pl.col("loan_days").cast(pl.Int64, strict=False),
        pl.col("fine_per_day").cast(pl.Float64, strict=False),
    )
    r["lookup: tiers rows kept exactly"] = len(want.join(got, on=list(want.columns), how="semi")) / len(want)
    r["lookup: tiers has no invented rows"] = share(pl.Series([len(got) == len(want)]))
    r["fk: member's tier exists"] = share(members["tier_id"].is_in(want["tier_id"].to_list()))
    tier_of = members.select("member_id", "tier_id", "joined", "branch_id").join(
        want.select("tier_id", pl.col("loan_days").alias("t_days"), pl.col("fine_per_day").alias("t_fine")),
        on="tier_id",
        how="left",
    )
    lm = loans.join(tier_of, on="member_id", how="left")
    r["lookup: loan_days = member's tier's"] = share(lm["loan_days"] == lm["t_days"])
    lm = lm.with_columns((pl.col("loan_date") + pl.duration(days=pl.col("t_days"))).alias("__due"))
    r["dates: due = loan_date + tier's days"] = share(lm["due_date"] == lm["__due"])
    back = lm.filter(pl.col("returned").is_not_null())
    r["dates: returned on/after loan_date"] = share(back["returned"] >= back["loan_date"])
    late = (back["returned"] - back["due_date"]).dt.total_days().clip(lower_bound=0)
    r["rule: days_late = max(returned - due, 0)"] = share(back["days_late"].cast(pl.Int64, strict=False) == late)
    fine = (back["days_late"].cast(pl.Float64, strict=False) * back["t_fine"]).round(2)
    r["rule: fine = days_late x tier's fine"] = share(
        (back["fine"].cast(pl.Float64, strict=False) - fine).abs() < 0.005
    )
    open_ = lm.filter(pl.col("returned").is_null())
    r["rule: open loan has no days_late/fine"] = share(open_["days_late"].is_null() & open_["fine"].is_null())
    r["rule: open loans share (source ~0.07)"] = share(lm["returned"].is_null())
    r["dates: loan on/after member joined"] = share(lm["loan_date"] >= lm["joined"])
    lc = loans.join(
        copies.select("copy_id", "acquired", pl.col("branch_id").alias("c_branch")), on="copy_id", how="left"
    )
    r["dates: loan on/after copy acquired"] = share(lc["loan_date"] >= lc["acquired"])
    lcb = lc.join(members.select("member_id", "branch_id"), on="member_id", how="left")
    r["parent: copy at member's branch (source ~0.85)"] = share(lcb["c_branch"] == lcb["branch_id"])
    ct = copies.join(titles.select("title_id", "pub_year", "published"), on="title_id", how="left")
    r["dates: copy acquired on/after publication"] = share(ct["acquired"] >= ct["published"])
    r["dates: acquired year >= pub_year"] = share(ct["acquired"].dt.year() >= ct["pub_year"])
    r["rule: pub_year = year(published)"] = share(titles["pub_year"] == titles["published"].dt.year())
    age = members["joined"].dt.year() - members["birth_date"].dt.year()
    r["dates: member joined aged 6+"] = share(
        (members["joined"] >= members["birth_date"].dt.offset_by("6y")).fill_null(False)
    )
    r["dates: age at joining 6..100"] = share((age >= 6) & (age <= 100))
    perm, order = _groups(res, "title_id", "queue_pos", "placed_at")
    r["rank: queue_pos is 1..n per title"] = perm
    r["rank: queue follows placed_at"] = order
    dup = res.group_by("title_id").agg((pl.col("member_id").n_unique() == pl.len()).alias("u"))
    r["unique: member once per title's queue"] = share(dup["u"])
    perm, order = _groups(events, "branch_id", "event_no", "event_date")
    r["rank: event_no is 1..n per branch"] = perm
    r["rank: event_no follows event_date"] = order
    r["unique: one event per branch and day"] = share(~events.select("branch_id", "event_date").is_duplicated())
    cap = events["kind"].replace_strict(CAPACITY, default=None, return_dtype=pl.Int64)
    r["lookup: capacity of the event's kind"] = share(events["capacity"] == cap)
    r["rule: 0 <= attendance <= capacity"] = share(
        (events["attendance"] >= 0) & (events["attendance"] <= events["capacity"])
    )
    for (t, c), rx in FORMATS.items():
        r[f"format: {t}.{c}"] = share(f[t][c].cast(pl.String).str.contains(f"^{rx}$"))
        r[f"unique: {t}.{c}"] = share(~f[t][c].is_duplicated())
    nl = members.join(loans.group_by("member_id").len(), on="member_id", how="left")
    r["aggregate: n_loans = member's loans"] = share(nl["n_loans"] == nl["len"].fill_null(0))
    nc = titles.join(copies.group_by("title_id").len(), on="title_id", how="left")
    r["aggregate: n_copies = title's copies"] = share(nc["n_copies"] == nc["len"].fill_null(0))
    r["parent: every title has a copy"] = share(nc["len"].fill_null(0) >= 1)
    ne = branches.join(events.group_by("branch_id").len(), on="branch_id", how="left")
    r["aggregate: n_events = branch's events"] = share(ne["n_events"] == ne["len"].fill_null(0))
    inside = []
    for t, cols in DATES.items():
        for c in cols:
            lo, hi = real[t][c].min(), real[t][c].max()
            inside.append(f[t][c].drop_nulls().is_between(lo, hi))
    r["dates: inside the source's range"] = share(pl.concat(inside))
    top = members["last_name"].value_counts(sort=True)["count"][0] / len(members)
    r["names: most common surname's share (source ~0.02)"] = float(top)
    real_names = set(zip(real["members"]["first_name"], real["members"]["last_name"], strict=True))
    copied = [(a, b) in real_names for a, b in zip(members["first_name"], members["last_name"], strict=True)]
    r["privacy: member names copied from the source"] = share(pl.Series(copied))
    return r


def run(
    spec: str, doc: str | None, reader: Callable[[Path], Frames], check: Callable[[Frames, Frames], dict[str, float]]
) -> None:
    """A probe's command line: ``spec FILE`` writes its spec; ``check SOURCE SAMPLE...`` prints each check's rate."""
    if len(sys.argv) >= 3 and sys.argv[1] == "spec":
        Path(sys.argv[2]).write_text(spec)
        return
    if len(sys.argv) < 3 or sys.argv[1] != "check":
        sys.exit(doc)
    folders = [Path(a) for a in sys.argv[2:]]
    real = reader(folders[0])
    runs = [check(real, real)] + [check(reader(p), real) for p in folders[1:]]
    names = ["source"] + [p.name for p in folders[1:]]
    print("| check | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for k in runs[0]:
        print(f"| {k} | " + " | ".join(f"{r.get(k, float('nan')):.3f}" for r in runs) + " |")


def main() -> None:
    run(SPEC, __doc__, read, checks)


if __name__ == "__main__":
    main()
