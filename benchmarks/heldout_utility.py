"""An energy utility written in the spec language: a held-out-style probe of learning (issue 13).

A domain no other benchmark uses (not the hospital, parcels, Berka, school, library, shop, HR or support).
The source is made by ``simulacra generate`` from the spec below, so its structure is what the spec states:

* lookup tables: ``tariffs`` (4 rows, static: a unit price and a standing charge per day) and ``regions``
  (8 named rows, ``n_customers`` counted through ``customers.region_id``);
* children per the right parent: one or two meters per customer; twelve monthly readings per meter; one
  bill per reading; zero to two payments per bill; a complaint's status path per customer;
* order and rank within a parent: ``month_no`` 1..12 per meter; complaint ``step`` 1..n in time order;
* uniqueness within a parent: one reading per (meter, month);
* dates across tables: a meter installed on or after its customer moved in; a reading on a day inside its
  month (``period``); a bill issued after its reading, due 14 days after issue; payments after the bill;
* running sums: the meter's register never decreases (``initial_read`` + the running sum of consumption),
  so consumption = this reading minus the previous one; payments' ``paid_to_date`` per bill and
  ``balance`` = the bill's amount minus it;
* derived columns through a chain of parents: ``amount`` = consumption x the customer's tariff's
  unit price + days in the month x its standing charge, rounded to cents;
* formatted strings: account numbers ``ACC-000001``, meter serials ``E400037Y`` whose last letter is a
  check letter of the digits (``ABCDEFGHJKLMNPRSTUVWXYZ``[digits mod 23]).

Deviations from a real utility, forced by the spec language: bills are per meter and month (a reading's
child), not per customer (no aggregate across a grandchild by month); the running balance is per bill.

    PYTHONPATH=src .venv/bin/python benchmarks/heldout_utility.py spec OUT.yaml
    PYTHONPATH=src .venv/bin/python benchmarks/heldout_utility.py check SOURCE_DIR [SAMPLE_DIR ...]

``check`` reads a folder of CSV or Parquet tables and prints each expert check's rate (the share of rows,
or of parent groups, that hold it), the source beside each sample. The first run of learning on it is the
held-out-style figure; later runs after fixes are dev figures.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from heldout_library import Frames, run, share  # noqa: E402  (the probes' reader, share and command line)
from heldout_library import read as read_tables  # noqa: E402

SPEC = """\
name: utility
description: An energy utility.
seed: 11
locale: en_GB
tables:
  tariffs:
    rows: 4
    static: true
    primary_key: tariff_id
    columns:
      tariff_id: sequence
      code: {generator: lookup, key: tariff_id, mapping: {"1": STD, "2": ECO7, "3": GREEN, "4": FIX24}}
      unit_price: {generator: lookup, key: tariff_id, mapping: {"1": 0.245, "2": 0.198, "3": 0.262, "4": 0.231}}
      standing_charge: {generator: lookup, key: tariff_id, mapping: {"1": 0.53, "2": 0.61, "3": 0.48, "4": 0.57}}
  regions:
    rows: 8
    static: true
    primary_key: region_id
    columns:
      region_id: sequence
      name: {generator: lookup, key: region_id, mapping: {"1": North West, "2": North East, "3": Midlands, "4": East, "5": London, "6": South East, "7": South West, "8": Wales}}
      n_customers: {generator: aggregate, function: count, of: customers, via: region_id}
  customers:
    rows: 500
    primary_key: customer_id
    columns:
      customer_id: sequence
      account_no: {generator: pattern, pattern: "ACC-{seq:06d}", unique: true}
      tariff_id: {generator: foreign_key, references: tariffs.tariff_id, distribution: zipf, s: 1.4}
      region_id: {generator: foreign_key, references: regions.region_id, distribution: zipf, s: 1.1}
      first_name: {generator: first_name, group: person}
      last_name: {generator: last_name, group: person}
      move_in: {generator: date, start: 2010-01-01, end: 2023-06-30}
      complaint_at: {generator: datetime, start: 2024-01-01, end: 2024-12-31}
      n_meters: {generator: aggregate, function: count, of: meters}
  meters:
    rows: {per: customers, count: {distribution: categorical, values: [1, 2], weights: [0.8, 0.2]}}
    primary_key: meter_id
    columns:
      meter_id: sequence
      customer_id: {generator: foreign_key, references: customers.customer_id}
      serial: {generator: expression, expr: "CONCAT('E', CAST(400000 + meter_id * 37 AS TEXT), SUBSTR('ABCDEFGHJKLMNPRSTUVWXYZ', MOD(400000 + meter_id * 37, 23) + 1, 1))", dtype: str}
      installed: {generator: date, after: customers.move_in, end: 2023-12-31, offset: {distribution: exponential, scale: 120, unit: days}}
      initial_read: {generator: integer, low: 0, high: 60000}
  readings:
    rows: {per: meters, count: {distribution: fixed, value: 12}}
    primary_key: reading_id
    columns:
      reading_id: sequence
      meter_id: {generator: foreign_key, references: meters.meter_id}
      month_no: {generator: expression, expr: "MOD(reading_id - 1, 12) + 1", dtype: int}
      period: {generator: lookup, key: month_no, mapping: {"1": "2024-01", "2": "2024-02", "3": "2024-03", "4": "2024-04", "5": "2024-05", "6": "2024-06", "7": "2024-07", "8": "2024-08", "9": "2024-09", "10": "2024-10", "11": "2024-11", "12": "2024-12"}}
      read_day: {generator: integer, low: 20, high: 28}
      month_start: {generator: lookup, key: month_no, mapping: {"1": 0, "2": 31, "3": 60, "4": 91, "5": 121, "6": 152, "7": 182, "8": 213, "9": 244, "10": 274, "11": 305, "12": 335}}
      read_date: {generator: expression, expr: "DATE_ADD(DATE '2024-01-01', month_start + read_day - 1)", dtype: date}
      consumption: {generator: lognormal, median: 260, sigma: 0.45, round: 0}
      used_to_date: {generator: running_sum, of: consumption, order_by: month_no}
      register: {generator: expression, expr: "meters.initial_read + used_to_date", dtype: int}
  bills:
    rows: {per: readings, count: {distribution: fixed, value: 1}}
    primary_key: bill_id
    columns:
      bill_id: sequence
      reading_id: {generator: foreign_key, references: readings.reading_id}
      days: {generator: lookup, key: readings.month_no, mapping: {"1": 31, "2": 29, "3": 31, "4": 30, "5": 31, "6": 30, "7": 31, "8": 31, "9": 30, "10": 31, "11": 30, "12": 31}}
      amount: {generator: expression, expr: "ROUND(readings.consumption * readings.meters.customers.tariffs.unit_price + days * readings.meters.customers.tariffs.standing_charge, 2)", dtype: float}
      issued: {generator: date, after: readings.read_date, offset: {distribution: uniform, low: 1, high: 6, unit: days}}
      due: {generator: expression, expr: "issued + 14", dtype: date}
      n_payments: {generator: aggregate, function: count, of: payments}
  payments:
    rows: {per: bills, count: {distribution: categorical, values: [1, 2], weights: [0.7, 0.3]}, zero_rate: 0.1}
    primary_key: payment_id
    columns:
      payment_id: sequence
      bill_id: {generator: foreign_key, references: bills.bill_id}
      paid_on: {generator: date, after: bills.issued, offset: {distribution: exponential, scale: 9, unit: days}}
      part: {generator: uniform, low: 0.3, high: 0.5, round: 2}
      amount: {generator: expression, expr: "ROUND(bills.amount * part, 2)", dtype: float}
      paid_to_date: {generator: running_sum, of: amount, order_by: paid_on, round: 2}
      balance: {generator: expression, expr: "ROUND(bills.amount - paid_to_date, 2)", dtype: float}
  complaints:
    rows:
      per: customers
      process:
        start: opened
        at: complaint_at
        max_steps: 10
        states:
          opened: {next: {investigating: 0.8, closed: 0.2}, dwell: {distribution: exponential, mean: 1, unit: days}}
          investigating: {next: {resolved: 0.75, escalated: 0.25}, dwell: {distribution: lognormal, median: 3, sigma: 0.6, unit: days}}
          escalated: {next: {resolved: 1}, dwell: {distribution: exponential, mean: 7, unit: days}}
          resolved: {next: {closed: 1}, dwell: {distribution: uniform, low: 1, high: 5, unit: days}}
          closed: {}
    primary_key: complaint_event_id
    columns:
      complaint_event_id: sequence
      customer_id: {generator: foreign_key, references: customers.customer_id}
      status: {generator: process, field: state}
      at: {generator: process, field: at}
      step: {generator: process, field: step}
      previous: {generator: process, field: previous}
"""

TARIFFS = {1: ("STD", 0.245, 0.53), 2: ("ECO7", 0.198, 0.61), 3: ("GREEN", 0.262, 0.48), 4: ("FIX24", 0.231, 0.57)}
REGIONS = ["North West", "North East", "Midlands", "East", "London", "South East", "South West", "Wales"]
DAYS = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}
CHECK_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
NEXT = {
    "opened": {"investigating", "closed"},
    "investigating": {"resolved", "escalated"},
    "escalated": {"resolved"},
    "resolved": {"closed"},
    "closed": set(),
}
FORMATS = {("customers", "account_no"): r"ACC-\d{6}", ("meters", "serial"): r"E\d{6}[A-Z]"}
DATES = {
    "customers": ("move_in",),
    "meters": ("installed",),
    "readings": ("read_date",),
    "bills": ("issued", "due"),
    "payments": ("paid_on",),
}


def read(folder: Path) -> Frames:
    """Every table, dates parsed (the library probe's reader)."""
    return read_tables(folder, DATES, (("complaints", "at"),))


def _num(df: pl.DataFrame, c: str) -> pl.Series:
    return df[c].cast(pl.Float64, strict=False)


def _cents(s: pl.Series) -> pl.Series:
    """Rounded to cents half away from zero, as the spec's ROUND does."""
    return ((s.abs() * 100 + 0.5 + 1e-7).floor() / 100) * s.sign()


def _close(a: pl.Series, b: pl.Series, tol: float = 0.005) -> pl.Series:
    return (a - b).abs() < tol


def _perm(df: pl.DataFrame, parent: str, col: str) -> float:
    """The share of parent groups whose col holds 1..n once each."""
    g = df.group_by(parent).agg((pl.col(col).sort() == pl.int_range(1, pl.len() + 1)).all().alias("p"))
    return share(g["p"])


def checks(f: Frames, real: Frames) -> dict[str, float]:
    """Each expert check's rate on the tables f (real: the source, for observed ranges and names)."""
    r: dict[str, float] = {}
    tariffs, regions, customers, meters = (f[t] for t in ("tariffs", "regions", "customers", "meters"))
    readings, bills, payments, complaints = (f[t] for t in ("readings", "bills", "payments", "complaints"))
    want = pl.DataFrame(
        {
            "tariff_id": list(TARIFFS),
            "code": [v[0] for v in TARIFFS.values()],
            "unit_price": [v[1] for v in TARIFFS.values()],
            "standing_charge": [v[2] for v in TARIFFS.values()],
        }
    )
    got = tariffs.select(
        pl.col("tariff_id").cast(pl.Int64, strict=False),
        pl.col("code").cast(pl.String),
        pl.col("unit_price").cast(pl.Float64, strict=False),
        pl.col("standing_charge").cast(pl.Float64, strict=False),
    )
    r["lookup: tariffs rows kept exactly"] = len(want.join(got, on=list(want.columns), how="semi")) / len(want)
    r["lookup: tariffs has no invented rows"] = share(pl.Series([len(got) == len(want)]))
    r["lookup: region names kept (8)"] = share(pl.Series([sorted(regions["name"].cast(pl.String)) == sorted(REGIONS)]))
    r["fk: customer's tariff exists"] = share(customers["tariff_id"].is_in(want["tariff_id"].to_list()))
    nr = regions.join(customers.group_by("region_id").len(), on="region_id", how="left")
    r["aggregate: n_customers = region's customers"] = share(nr["n_customers"] == nr["len"].fill_null(0))
    nm = customers.join(meters.group_by("customer_id").len(), on="customer_id", how="left")
    r["aggregate: n_meters = customer's meters"] = share(nm["n_meters"] == nm["len"].fill_null(0))
    r["parent: 1 or 2 meters per customer"] = share(nm["len"].fill_null(0).is_between(1, 2))
    mc = meters.join(customers.select("customer_id", "move_in", "tariff_id"), on="customer_id", how="left")
    r["dates: meter installed on/after move-in"] = share(mc["installed"] >= mc["move_in"])
    for (t, c), rx in FORMATS.items():
        r[f"format: {t}.{c}"] = share(f[t][c].cast(pl.String).str.contains(f"^{rx}$"))
        r[f"unique: {t}.{c}"] = share(~f[t][c].is_duplicated())
    serial = meters["serial"].cast(pl.String)
    digits = serial.str.slice(1, 6).cast(pl.Int64, strict=False)
    letter = digits.map_elements(lambda d: CHECK_LETTERS[d % 23], return_dtype=pl.String)
    r["format: serial's check letter right"] = share(serial.str.slice(7, 1) == letter)
    per = readings.group_by("meter_id").len()
    r["parent: 12 readings per meter"] = share(per["len"] == 12)
    r["rank: month_no is 1..n per meter"] = _perm(readings, "meter_id", "month_no")
    r["unique: one reading per meter and month"] = share(~readings.select("meter_id", "month_no").is_duplicated())
    mon = readings["month_no"].cast(pl.Int64, strict=False)
    r["rule: period = 2024-<month_no>"] = share(
        readings["period"].cast(pl.String) == ("2024-" + mon.cast(pl.String).str.zfill(2))
    )
    r["dates: read on a day inside its period"] = share(
        readings["read_date"].dt.strftime("%Y-%m") == readings["period"].cast(pl.String)
    )
    rd = readings.join(meters.select("meter_id", "initial_read", "installed"), on="meter_id", how="left").sort(
        "meter_id", "month_no", "reading_id"
    )
    rd = rd.with_columns(
        pl.col("register").shift(1).over("meter_id").fill_null(pl.col("initial_read")).alias("__prev"),
        pl.col("consumption").cum_sum().over("meter_id").alias("__cum"),
    )
    r["dates: reading after meter installed"] = share(rd["read_date"] >= rd["installed"])
    r["running: register never decreases"] = share(_num(rd, "register") >= _num(rd, "__prev"))
    r["rule: consumption = register - previous"] = share(
        _close(_num(rd, "consumption"), _num(rd, "register") - _num(rd, "__prev"))
    )
    r["running: used_to_date = cumulative consumption"] = share(_close(_num(rd, "used_to_date"), _num(rd, "__cum")))
    r["rule: consumption > 0"] = share(_num(readings, "consumption") > 0)
    tar = want.select("tariff_id", pl.col("unit_price").alias("__u"), pl.col("standing_charge").alias("__s"))
    b = (
        bills.join(
            readings.select("reading_id", "meter_id", "month_no", "consumption", "read_date"),
            on="reading_id",
            how="left",
        )
        .join(mc.select("meter_id", "tariff_id"), on="meter_id", how="left")
        .join(tar, on="tariff_id", how="left")
    )
    days = b["month_no"].cast(pl.Int64, strict=False).replace_strict(DAYS, default=None, return_dtype=pl.Int64)
    r["lookup: days = days in the reading's month"] = share(b["days"] == days)
    want_amount = _cents(_num(b, "consumption") * b["__u"] + days * b["__s"])
    r["rule: amount = kWh x unit price + days x standing"] = share(_close(_num(b, "amount"), want_amount))
    r["dates: bill issued after its reading"] = share(b["issued"] > b["read_date"])
    r["dates: due = issued + 14 days"] = share((b["due"] - b["issued"]).dt.total_days() == 14)
    np_ = bills.join(payments.group_by("bill_id").len(), on="bill_id", how="left")
    r["aggregate: n_payments = bill's payments"] = share(np_["n_payments"] == np_["len"].fill_null(0))
    p = payments.join(bills.select("bill_id", pl.col("amount").alias("__bill"), "issued"), on="bill_id", how="left")
    p = p.sort("bill_id", "paid_on", "payment_id").with_columns(
        pl.col("amount").cum_sum().over("bill_id").round(2).alias("__paid")
    )
    r["dates: paid on/after bill issued"] = share(p["paid_on"] >= p["issued"])
    r["rule: payment = bill x part (cents)"] = share(
        _close(_num(p, "amount"), _cents(_num(p, "__bill") * _num(p, "part")))
    )
    r["running: paid_to_date = payments so far"] = share(_close(_num(p, "paid_to_date"), _num(p, "__paid")))
    r["rule: balance = bill - paid_to_date"] = share(
        _close(_num(p, "balance"), _num(p, "__bill") - _num(p, "paid_to_date"))
    )
    r["rule: balance >= 0 (partial payments)"] = share(_num(p, "balance") >= -0.005)
    c = complaints.sort("customer_id", "step", "complaint_event_id")
    r["rank: complaint step is 1..n per customer"] = _perm(c, "customer_id", "step")
    c = c.with_columns(
        pl.col("status").shift(1).over("customer_id").alias("__prev"),
        pl.col("at").shift(1).over("customer_id").alias("__prev_at"),
    )
    r["sequence: step 1 is 'opened'"] = share(c.filter(pl.col("step") == 1)["status"] == "opened")
    r["sequence: previous = the status before"] = share(
        (c["previous"].cast(pl.String) == c["__prev"]) | (c["previous"].is_null() & c["__prev"].is_null())
    )
    moves = c.filter(pl.col("__prev").is_not_null())
    ok = [b_ in NEXT.get(a, set()) for a, b_ in zip(moves["__prev"], moves["status"], strict=True)]
    r["sequence: each move allowed"] = share(pl.Series(ok, dtype=pl.Boolean))
    r["sequence: time never goes back"] = share(moves["at"] >= moves["__prev_at"])
    last = c.group_by("customer_id").agg(pl.col("status").last())
    r["sequence: path ends 'closed'"] = share(last["status"] == "closed")
    inside = []
    for t, cols in DATES.items():
        for col in cols:
            lo, hi = real[t][col].min(), real[t][col].max()
            inside.append(f[t][col].drop_nulls().is_between(lo, hi))
    r["dates: inside the source's range"] = share(pl.concat(inside))
    real_names = set(zip(real["customers"]["first_name"], real["customers"]["last_name"], strict=True))
    copied = [(a, b_) in real_names for a, b_ in zip(customers["first_name"], customers["last_name"], strict=True)]
    r["privacy: customer names copied from the source"] = share(pl.Series(copied))
    return r


def main() -> None:
    run(SPEC, __doc__, read, checks)


if __name__ == "__main__":
    main()
