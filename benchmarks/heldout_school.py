"""A school trust nobody here has used: a held-out-style probe of issue 13's structure classes.

``SPEC`` is a spec in the spec language (docs/spec.md) for schools, teachers, classes (one teacher per
class), pupils (birth dates), enrolments (one per pupil and class), exams dated inside their class's term,
grades ranked 1..n per exam, attendance days and fees paid after they are issued. Generated with
``simulacra generate``, it is the "real" database a user would learn from; ``checks`` holds the checks a
school's data person runs first, each the share of rows (or groups) that hold it:

* order and rank within a parent: ``grades.rank`` is 1..n within each exam and follows ``mark``
  (descending); ``attendance.day_no`` is 1..n within each enrolment and follows ``day``;
* uniqueness within a parent: one grade per (exam, pupil); one enrolment per (class, pupil);
  one attendance row per (enrolment, day);
* dates across tables: an exam inside its class's term; an enrolment on or after the term starts;
  attendance on or after enrolment; a fee paid on or after it is issued; a teacher hired after the
  school opened; a pupil's age at an exam inside the source's range; every date inside the source's span;
* keys matched through a parent: a class's school is its teacher's; a graded or enrolled pupil is of
  the class's school; a class's term dates are its term's;
* formatted strings: ``class_code`` (``MAT-9-12``: subject code, year group, class id), ``upn``
  (``P0000123X``), ``invoice_no``, ``staff_code``, ``urn``, exam ``duration`` (``1:30``), UK postcodes;
* derived columns: ``letter`` from ``mark``; ``score`` from ``mark`` and the exam's ``max_mark``;
  ``fees.balance`` the running sum of ``amount`` per pupil in ``issued_on`` order;
* lookup tables: ``subjects`` and ``terms`` kept row for row (codes, names, pass marks, dates);
* names not collapsed: distinct surnames of pupils and teachers against the source's.

    PYTHONPATH=src .venv/bin/python benchmarks/heldout_school.py spec school.yaml
    PYTHONPATH=src .venv/bin/python benchmarks/heldout_school.py check --real SRC [--synthetic OUT]

``check`` reads each folder (CSV or Parquet tables) and prints one line per check: source rate, sample
rate. Generated data: no split applies; the first run of a learner on it is the held-out-style figure.
The spec and these checks were written (and committed) before any learning was run on the data.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import polars as pl

SPEC = """\
name: school
description: A school trust - schools, teachers, classes, pupils, enrolments, exams, grades, attendance and fees.
seed: 5
locale: en_GB
tables:
  terms:
    rows: 3
    static: true
    primary_key: term_id
    columns:
      term_id: sequence
      name: {generator: lookup, key: term_id, mapping: {"1": Autumn 2024, "2": Spring 2025, "3": Summer 2025}}
      start_date: {generator: date, start: 2024-09-02, step: 119}
      end_date: {generator: expression, expr: "start_date + 105", dtype: date}
  subjects:
    rows: 8
    static: true
    primary_key: subject_id
    columns:
      subject_id: sequence
      code: {generator: lookup, key: subject_id, mapping: {"1": MAT, "2": ENG, "3": SCI, "4": HIS, "5": GEO, "6": ART, "7": MUS, "8": FRE}}
      name: {generator: lookup, key: subject_id, mapping: {"1": Mathematics, "2": English, "3": Science, "4": History, "5": Geography, "6": Art, "7": Music, "8": French}}
      pass_mark: {generator: lookup, key: subject_id, mapping: {"1": 40, "2": 45, "3": 40, "4": 50, "5": 50, "6": 35, "7": 35, "8": 45}}
  schools:
    rows: 6
    primary_key: school_id
    columns:
      school_id: sequence
      urn: {generator: pattern, pattern: "URN{seq:06d}"}
      name: {generator: company}
      phase: {generator: categorical, values: {primary: 0.5, secondary: 0.5}}
      city: city
      postcode: postcode
      opened_on: {generator: date, start: 1950-01-01, end: 2015-12-31}
  teachers:
    rows: {per: schools, count: {distribution: uniform, low: 6, high: 10}}
    primary_key: teacher_id
    columns:
      teacher_id: sequence
      school_id: {generator: foreign_key, references: schools.school_id}
      staff_code: {generator: pattern, pattern: "T-{seq:05d}"}
      first_name: {generator: first_name, group: person}
      last_name: {generator: last_name, group: person}
      email: {generator: email, first_name: first_name, last_name: last_name, unique: true, group: person}
      hired_on: {generator: date, after: schools.opened_on, end: 2024-08-31, offset: {distribution: uniform, low: 30, high: 9000, unit: days}}
  classes:
    rows: {per: teachers, count: {distribution: uniform, low: 1, high: 3}}
    primary_key: class_id
    columns:
      class_id: sequence
      teacher_id: {generator: foreign_key, references: teachers.teacher_id}
      school_id: {generator: foreign_key, references: schools.school_id, match: {school_id: teacher_id.school_id}}
      subject_id: {generator: foreign_key, references: subjects.subject_id}
      term_id: {generator: foreign_key, references: terms.term_id}
      year_group: {generator: integer, low: 7, high: 11}
      class_code: {generator: expression, expr: "CONCAT(subjects.code, '-', CAST(year_group AS TEXT), '-', CAST(class_id AS TEXT))"}
      term_start: {generator: expression, expr: "terms.start_date", dtype: date}
      term_end: {generator: expression, expr: "terms.end_date", dtype: date}
  pupils:
    rows: {per: schools, count: {distribution: uniform, low: 50, high: 80}}
    primary_key: pupil_id
    columns:
      pupil_id: sequence
      school_id: {generator: foreign_key, references: schools.school_id}
      upn: {generator: pattern, pattern: "P{seq:07d}?"}
      first_name: {generator: first_name, group: pupil}
      last_name: {generator: last_name, group: pupil}
      birth_date: {generator: date, start: 2008-09-01, end: 2013-08-31}
      postcode: postcode
  enrolments:
    rows: {per: classes, count: {distribution: uniform, low: 8, high: 16}}
    primary_key: enrolment_id
    columns:
      enrolment_id: sequence
      class_id: {generator: foreign_key, references: classes.class_id}
      school_id: {generator: expression, expr: "classes.school_id"}
      pupil_id: {generator: foreign_key, references: pupils.pupil_id, match: {school_id: school_id}}
      enrolled_on: {generator: date, after: classes.term_start, offset: {distribution: uniform, low: 0, high: 10, unit: days}}
  exams:
    rows: {per: classes, count: {distribution: uniform, low: 1, high: 3}}
    primary_key: exam_id
    columns:
      exam_id: sequence
      class_id: {generator: foreign_key, references: classes.class_id}
      exam_date: {generator: date, after: classes.term_start, offset: {distribution: uniform, low: 14, high: 100, unit: days}}
      max_mark: {generator: categorical, values: {50: 0.3, 100: 0.7}}
      duration: {generator: categorical, values: {"1:00": 0.4, "1:30": 0.4, "2:00": 0.2}}
  grades:
    rows: {per: exams, count: {distribution: uniform, low: 6, high: 14}}
    primary_key: grade_id
    columns:
      grade_id: sequence
      exam_id: {generator: foreign_key, references: exams.exam_id}
      school_id: {generator: expression, expr: "exams.classes.school_id"}
      pupil_id: {generator: foreign_key, references: pupils.pupil_id, match: {school_id: school_id}}
      mark: {generator: normal, mean: 62, std: 16, min: 0, max: 100, round: 0}
      score: {generator: expression, expr: "ROUND(mark * exams.max_mark / 100.0, 0)", dtype: int}
      rank: {generator: rank, by: mark, descending: true}
      letter: {generator: case, cases: [{when: "mark >= 80", then: A}, {when: "mark >= 65", then: B}, {when: "mark >= 50", then: C}, {when: "mark >= 40", then: D}], else: E}
  attendance:
    rows: {per: enrolments, count: {distribution: uniform, low: 3, high: 8}}
    primary_key: attendance_id
    columns:
      attendance_id: sequence
      enrolment_id: {generator: foreign_key, references: enrolments.enrolment_id}
      day: {generator: date, after: enrolments.enrolled_on, offset: {distribution: uniform, low: 0, high: 90, unit: days}}
      day_no: {generator: rank, by: day}
      status: {generator: categorical, values: {present: 0.9, absent: 0.06, late: 0.04}}
  fees:
    rows: {per: pupils, count: {distribution: uniform, low: 1, high: 4}}
    primary_key: fee_id
    columns:
      fee_id: sequence
      pupil_id: {generator: foreign_key, references: pupils.pupil_id}
      invoice_no: {generator: pattern, pattern: "INV-{seq:06d}"}
      kind: {generator: categorical, values: {trip: 0.4, uniform: 0.3, meals: 0.3}}
      issued_on: {generator: date, start: 2024-09-01, end: 2025-06-30}
      paid_on: {generator: date, after: issued_on, offset: {distribution: exponential, mean: 12, unit: days}, null_rate: 0.1}
      amount: {generator: money, distribution: lognormal, median: 45, sigma: 0.6, currency: GBP}
      balance: {generator: running_sum, of: amount, order_by: issued_on, round: 2}
constraints:
  - {table: grades, unique: [exam_id, pupil_id]}
  - {table: enrolments, unique: [class_id, pupil_id]}
  - {table: attendance, unique: [enrolment_id, day]}
  - {table: exams, check: "exam_date <= classes.term_end"}
"""

Frames = dict[str, pl.DataFrame]
DATES = {  # table -> its date columns
    "terms": ("start_date", "end_date"),
    "schools": ("opened_on",),
    "teachers": ("hired_on",),
    "classes": ("term_start", "term_end"),
    "pupils": ("birth_date",),
    "enrolments": ("enrolled_on",),
    "exams": ("exam_date",),
    "attendance": ("day",),
    "fees": ("issued_on", "paid_on"),
}
FORMATS = {  # table.column -> the whole value's pattern
    "schools.urn": r"^URN\d{6}$",
    "teachers.staff_code": r"^T-\d{5}$",
    "pupils.upn": r"^P\d{7}[A-Z]$",
    "fees.invoice_no": r"^INV-\d{6}$",
    "exams.duration": r"^\d:[0-5]\d$",
    "pupils.postcode": r"^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$",
    "schools.postcode": r"^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$",
}


def read(folder: Path) -> Frames:
    """The tables of a folder (``*.csv`` or ``*.parquet``), date columns as dates."""
    out: Frames = {}
    for p in sorted(folder.iterdir()):
        if p.suffix == ".csv":
            f = pl.read_csv(p, infer_schema_length=None)
        elif p.suffix == ".parquet":
            f = pl.read_parquet(p)
        else:
            continue
        for c in DATES.get(p.stem, ()):
            if c in f.columns and f[c].dtype != pl.Date:
                f = f.with_columns(pl.col(c).cast(pl.String).str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False))
        out[p.stem] = f
    return out


def share(mask: pl.Series) -> float:
    mask = mask.fill_null(False)
    return float(mask.mean() or 0.0) if mask.len() else float("nan")


def age(born: pl.Expr, on: pl.Expr) -> pl.Expr:
    before = (on.dt.month() < born.dt.month()) | ((on.dt.month() == born.dt.month()) & (on.dt.day() < born.dt.day()))
    return on.dt.year() - born.dt.year() - before.cast(pl.Int32)


def ranked(f: pl.DataFrame, parent: str, rank: str, by: str, descending: bool) -> tuple[float, float]:
    """Shares of parents whose ``rank`` is a permutation of 1..n, and whose ``rank`` order follows ``by``."""
    g = f.group_by(parent).agg(
        (pl.col(rank).sort() == pl.int_range(1, pl.len() + 1)).all().alias("perm"),
        (pl.col(by).sort_by(rank).diff().drop_nulls() <= 0).all().alias("down")
        if descending
        else (pl.col(by).sort_by(rank).diff().drop_nulls() >= 0).all().alias("up"),
    )
    return share(g["perm"]), share(g[g.columns[-1]])


def unique_in(f: pl.DataFrame, parent: str, cols: list[str]) -> float:
    """Share of parents none of whose rows repeat a value of ``cols``."""
    g = f.group_by(parent).agg((pl.struct(cols).n_unique() == pl.len()).alias("u"))
    return share(g["u"])


def checks(f: Frames, real: Frames) -> dict[str, float]:
    out: dict[str, float] = {}
    terms, subjects, schools, teachers, classes, pupils, enrol, exams, grades, att, fees = (
        f[t]
        for t in (
            "terms",
            "subjects",
            "schools",
            "teachers",
            "classes",
            "pupils",
            "enrolments",
            "exams",
            "grades",
            "attendance",
            "fees",
        )
    )
    out["grades: rank 1..n per exam"], out["grades: rank follows mark"] = ranked(
        grades, "exam_id", "rank", "mark", True
    )
    out["attendance: day_no 1..n per enrolment"], out["attendance: day_no follows day"] = ranked(
        att, "enrolment_id", "day_no", "day", False
    )
    out["grades: one per (exam, pupil)"] = unique_in(grades, "exam_id", ["pupil_id"])
    out["enrolments: one per (class, pupil)"] = unique_in(enrol, "class_id", ["pupil_id"])
    out["attendance: one per (enrolment, day)"] = unique_in(att, "enrolment_id", ["day"])

    cls = classes.select("class_id", pl.col("school_id").alias("__cs"), "term_start", "term_end", "term_id")
    ex = exams.join(cls, on="class_id", how="left")
    out["exams: date inside the class's term"] = share(
        (ex["exam_date"] >= ex["term_start"]) & (ex["exam_date"] <= ex["term_end"])
    )
    en = enrol.join(cls, on="class_id", how="left")
    out["enrolments: on/after term start, before term end"] = share(
        (en["enrolled_on"] >= en["term_start"]) & (en["enrolled_on"] <= en["term_end"])
    )
    at = att.join(enrol.select("enrolment_id", "enrolled_on"), on="enrolment_id", how="left")
    out["attendance: day on/after enrolment"] = share(at["day"] >= at["enrolled_on"])
    paid = fees.filter(pl.col("paid_on").is_not_null())
    out["fees: paid on/after issued"] = share(paid["paid_on"] >= paid["issued_on"])
    th = teachers.join(schools.select("school_id", "opened_on"), on="school_id", how="left")
    out["teachers: hired after school opened"] = share(th["hired_on"] >= th["opened_on"])
    tt = classes.join(terms.select("term_id", "start_date", "end_date"), on="term_id", how="left")
    out["classes: term dates are the term's"] = share(
        (tt["term_start"] == tt["start_date"]) & (tt["term_end"] == tt["end_date"])
    )

    def ages(fr: Frames) -> pl.Series:
        g = (
            fr["grades"]
            .join(fr["exams"].select("exam_id", "exam_date"), on="exam_id", how="left")
            .join(fr["pupils"].select("pupil_id", "birth_date"), on="pupil_id", how="left")
        )
        return g.select(age(pl.col("birth_date"), pl.col("exam_date")))["exam_date"]

    a, ra = ages(f), ages(real)
    out["grades: pupil's age at exam in source range"] = share((a >= ra.min()) & (a <= ra.max()))  # type: ignore[operator]
    ok = total = 0
    for t, cols in DATES.items():
        for c in cols:
            s = f[t][c].drop_nulls()
            total += s.len()
            ok += int(((s >= real[t][c].min()) & (s <= real[t][c].max())).fill_null(False).sum())
    out["dates inside the source's span"] = ok / max(total, 1)

    ct = classes.join(teachers.select("teacher_id", pl.col("school_id").alias("__ts")), on="teacher_id", how="left")
    out["classes: school is the teacher's"] = share(ct["school_id"] == ct["__ts"])
    ps = pupils.select("pupil_id", pl.col("school_id").alias("__ps"))
    ge = grades.join(exams.select("exam_id", "class_id"), on="exam_id", how="left").join(cls, on="class_id", how="left")
    ge = ge.join(ps, on="pupil_id", how="left")
    out["grades: pupil of the class's school"] = share(ge["__ps"] == ge["__cs"])
    ee = en.join(ps, on="pupil_id", how="left")
    out["enrolments: pupil of the class's school"] = share(ee["__ps"] == ee["__cs"])

    cc = classes.join(subjects.select("subject_id", "code"), on="subject_id", how="left")
    expect = pl.concat_str(
        pl.col("code"),
        pl.lit("-"),
        pl.col("year_group").cast(pl.String),
        pl.lit("-"),
        pl.col("class_id").cast(pl.String),
    )
    out["classes: class_code = subject-year-id"] = share(cc.select(pl.col("class_code") == expect).to_series())
    for name, pattern in FORMATS.items():
        t, c = name.split(".")
        out[f"{name} format"] = share(f[t][c].cast(pl.String).str.contains(pattern))
    letter = (
        pl.when(pl.col("mark") >= 80)
        .then(pl.lit("A"))
        .when(pl.col("mark") >= 65)
        .then(pl.lit("B"))
        .when(pl.col("mark") >= 50)
        .then(pl.lit("C"))
        .when(pl.col("mark") >= 40)
        .then(pl.lit("D"))
        .otherwise(pl.lit("E"))
    )
    out["grades: letter from mark"] = share(grades.select(pl.col("letter") == letter).to_series())
    gm = grades.join(exams.select("exam_id", "max_mark"), on="exam_id", how="left")
    half_up = (pl.col("mark") * pl.col("max_mark") / 100.0 + 0.5).floor()
    out["grades: score from mark and max_mark"] = share(gm.select(pl.col("score") == half_up).to_series())
    run = fees.sort("pupil_id", "issued_on", "fee_id").with_columns(
        pl.col("amount").cum_sum().over("pupil_id").round(2).alias("__b")
    )
    out["fees: balance = running sum per pupil"] = share(
        run.select((pl.col("balance") - pl.col("__b")).abs() < 0.006).to_series()
    )

    for t, key in (("subjects", ["code", "name", "pass_mark"]), ("terms", ["name", "start_date", "end_date"])):
        src = real[t].select(key).unique()
        have = f[t].select(key).join(src, on=key, how="semi").height if set(key) <= set(f[t].columns) else 0
        out[f"{t}: rows are the source's lookup rows"] = have / max(f[t].height, 1)
        out[f"{t}: source rows all present"] = (
            f[t].select(key).unique().join(src, on=key, how="semi").height / src.height
        )
    for t in ("pupils", "teachers"):
        out[f"{t}: distinct surnames / source's"] = f[t]["last_name"].n_unique() / real[t]["last_name"].n_unique()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("spec", help="write the spec YAML")
    s.add_argument("path", type=Path)
    c = sub.add_parser("check", help="score the checks on a source and (optionally) a sample")
    c.add_argument("--real", type=Path, required=True)
    c.add_argument("--synthetic", type=Path)
    a = ap.parse_args()
    if a.cmd == "spec":
        a.path.write_text(SPEC)
        print(f"wrote {a.path}")
        return 0
    real = read(a.real)
    src = checks(real, real)
    syn = checks(read(a.synthetic), real) if a.synthetic else {}
    width = max(map(len, src))
    print(f"{'check':<{width}}  source  sample")
    for k, v in src.items():
        print(f"{k:<{width}}  {v:6.3f}  " + (f"{syn[k]:6.3f}" if k in syn else "     -"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
