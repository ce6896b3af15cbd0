"""A regional airline written in the spec language: a held-out-style probe of learning (issue 13).

A domain no other benchmark uses (not the hospital, parcels, Berka, school, library, utility, shop, HR or
support). The source is made by ``simulacra generate`` from the spec below, so its structure is what the
spec states:

* lookup tables: ``countries`` (code, time-zone offset), ``models`` (name, seats), ``fare_classes`` (a base
  fare and a fare per km), ``tiers`` (a points multiplier), ``airports`` (10 named rows: IATA code,
  country, coordinates; ``tz_offset`` is its country's), all static;
* derived columns through two keys to one parent: a route's ``distance_km`` from its origin's and
  destination's coordinates; ``block_min`` grows with distance (rounded to 5 minutes); ``route_no`` =
  1000 + 100 x origin + destination; a flight's ``flight_no`` = ``RX`` + its route's number;
* dates and times: departures at six set hours; arrival = departure + the route's block time; a booking
  made ``lead_days`` before its flight; boarding in the 40 minutes before departure;
* a delay mostly 0 with a long tail, and a status from it (on_time < 15 min, delayed < 180, else cancelled);
* children per the right parent: bookings per flight with a count chosen by the aircraft's seats (never
  more than the seats); 0..2 bags per booking; loyalty entries per passenger for the passenger's own
  bookings (``match``);
* order and rank within a parent: ``seat_idx`` 1..n per flight in booking order, and the seat (``12C``)
  composed from it; ``boarding_no`` 1..n per flight in ``boarded_at`` order; ``bag_no`` 1..n per booking;
* uniqueness within a parent: a passenger once per flight; a seat once per flight; one flight per route
  and day; a destination once per origin; origin != destination;
* rules: fare = class base + class rate x distance; a bag fee of 60 when over 23 kg (cap 32 kg);
  points = distance x the passenger's tier's multiplier (250 without a booking); a running balance per
  passenger in ``earned_on`` order;
* formatted strings: tail numbers ``D-ABCD``, flight numbers ``RX1105``, seats ``12C``, bag tags;
* aggregates: ``flights.n_booked``, ``passengers.n_bookings`` (via), ``bookings.n_bags`` and ``bag_fees``.

Deviations from a real airline, forced by the spec language: a loyalty entry's booking is drawn among the
passenger's bookings with repeats (``match`` takes no ``distinct``), so a booking can earn twice (the
source's share is printed); a passenger with no booking gets a 250-point bonus dated 2025-03-01; the
status is a function of the delay alone.

    PYTHONPATH=src .venv/bin/python benchmarks/heldout_airline.py spec OUT.yaml
    PYTHONPATH=src .venv/bin/python benchmarks/heldout_airline.py check SOURCE_DIR [SAMPLE_DIR ...]

``check`` reads a folder of CSV or Parquet tables and prints each expert check's rate (the share of rows,
or of parent groups, that hold it), the source beside each sample. The spec and these checks were written
and committed before any learning was run on the data; the first run of learning is the held-out-style
figure, later runs after fixes are dev figures (seed 11 dev, seed 12 test).
"""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from heldout_library import Frames, run, share  # noqa: E402  (the probes' reader, share and command line)
from heldout_library import read as read_tables  # noqa: E402

SPEC = """\
name: airline
description: A regional airline.
seed: 11
locale: de_DE
tables:
  countries:
    rows: 4
    static: true
    primary_key: country_id
    columns:
      country_id: sequence
      code: {generator: lookup, key: country_id, mapping: {"1": DE, "2": AT, "3": DK, "4": FI}}
      tz_offset: {generator: lookup, key: country_id, mapping: {"1": 1, "2": 1, "3": 1, "4": 2}}
  models:
    rows: 4
    static: true
    primary_key: model_id
    columns:
      model_id: sequence
      name: {generator: lookup, key: model_id, mapping: {"1": ATR 72-600, "2": Dash 8-400, "3": Embraer 190, "4": Airbus A220-300}}
      seats: {generator: lookup, key: model_id, mapping: {"1": 70, "2": 78, "3": 100, "4": 130}}
  fare_classes:
    rows: 3
    static: true
    primary_key: class_id
    columns:
      class_id: sequence
      code: {generator: lookup, key: class_id, mapping: {"1": Y, "2": M, "3": J}}
      base: {generator: lookup, key: class_id, mapping: {"1": 29.0, "2": 49.0, "3": 99.0}}
      per_km: {generator: lookup, key: class_id, mapping: {"1": 0.08, "2": 0.13, "3": 0.25}}
  tiers:
    rows: 4
    static: true
    primary_key: tier_id
    columns:
      tier_id: sequence
      name: {generator: lookup, key: tier_id, mapping: {"1": BASIC, "2": SILVER, "3": GOLD, "4": PLATINUM}}
      multiplier: {generator: lookup, key: tier_id, mapping: {"1": 1.0, "2": 1.25, "3": 1.5, "4": 2.0}}
  airports:
    rows: 10
    static: true
    primary_key: airport_id
    columns:
      airport_id: sequence
      iata: {generator: lookup, key: airport_id, mapping: {"1": BRE, "2": HAJ, "3": DRS, "4": NUE, "5": FDH, "6": SZG, "7": GRZ, "8": BLL, "9": AAR, "10": TMP}}
      country_id: {generator: lookup, key: airport_id, mapping: {"1": 1, "2": 1, "3": 1, "4": 1, "5": 1, "6": 2, "7": 2, "8": 3, "9": 3, "10": 4}}
      tz_offset: {generator: expression, expr: "CASE WHEN country_id = 4 THEN 2 ELSE 1 END", dtype: int}
      lat: {generator: lookup, key: airport_id, mapping: {"1": 53.05, "2": 52.46, "3": 51.13, "4": 49.50, "5": 47.67, "6": 47.79, "7": 46.99, "8": 55.74, "9": 56.30, "10": 61.41}}
      lon: {generator: lookup, key: airport_id, mapping: {"1": 8.79, "2": 9.69, "3": 13.77, "4": 11.08, "5": 9.51, "6": 13.00, "7": 15.44, "8": 9.15, "9": 10.62, "10": 23.60}}
  aircraft:
    rows: 12
    static: true
    primary_key: aircraft_id
    columns:
      aircraft_id: sequence
      tail_no: {generator: pattern, pattern: "D-A???", unique: true}
      model_id: {generator: foreign_key, references: models.model_id, distribution: zipf, s: 1.3}
      delivered: {generator: date, start: 2008-01-01, end: 2022-12-31}
  routes:
    rows: {per: airports, via: origin_id, count: {distribution: fixed, value: 3}}
    primary_key: route_id
    columns:
      route_id: sequence
      origin_id: {generator: foreign_key, references: airports.airport_id}
      dest_id: {generator: foreign_key, references: airports.airport_id, distinct: true}
      route_no: {generator: expression, expr: "1000 + origin_id * 100 + dest_id", dtype: int}
      distance_km: {generator: expression, expr: "CAST(ROUND(111.2 * SQRT(POWER(origin_id.lat - dest_id.lat, 2) + POWER((origin_id.lon - dest_id.lon) * 0.62, 2))) AS INT)", dtype: int}
      block_min: {generator: expression, expr: "CAST(ROUND((30 + distance_km * 0.075) / 5) * 5 AS INT)", dtype: int}
  flights:
    rows: {per: routes, count: {distribution: poisson, lam: 3, min: 1, max: 8}}
    primary_key: flight_id
    columns:
      flight_id: sequence
      route_id: {generator: foreign_key, references: routes.route_id}
      aircraft_id: {generator: foreign_key, references: aircraft.aircraft_id}
      flight_no: {generator: expression, expr: "CONCAT('RX', CAST(routes.route_no AS TEXT))", dtype: str}
      flight_date: {generator: date, start: 2025-03-01, end: 2025-04-30}
      dep_hour: {generator: categorical, values: {6: 0.2, 7: 0.15, 9: 0.15, 12: 0.15, 15: 0.15, 18: 0.2}}
      sched_dep: {generator: expression, expr: "CAST(flight_date AS TIMESTAMP) + dep_hour * INTERVAL '1 hour'", dtype: datetime}
      sched_arr: {generator: expression, expr: "sched_dep + routes.block_min * INTERVAL '1 minute'", dtype: datetime}
      delay_draw: {generator: lognormal, median: 25, sigma: 1.0, round: 0, null_rate: 0.65}
      delay_min: {generator: expression, expr: "CAST(COALESCE(delay_draw, 0) AS INT)", dtype: int}
      status: {generator: expression, expr: "CASE WHEN delay_min < 15 THEN 'on_time' WHEN delay_min < 180 THEN 'delayed' ELSE 'cancelled' END", dtype: str}
      seats: {generator: expression, expr: "aircraft.models.seats", dtype: int}
      n_booked: {generator: aggregate, function: count, of: bookings}
  passengers:
    rows: 2000
    primary_key: passenger_id
    columns:
      passenger_id: sequence
      first_name: {generator: first_name, group: person}
      last_name: {generator: last_name, group: person}
      birth_date: {generator: date, start: 1940-01-01, end: 2007-12-31}
      tier_id: {generator: foreign_key, references: tiers.tier_id, distribution: zipf, s: 1.5}
      n_bookings: {generator: aggregate, function: count, of: bookings, via: passenger_id}
  bookings:
    rows:
      per: flights
      count: {distribution: poisson, lam: 52, max: 70}
      by: seats
      counts:
        "70": {distribution: poisson, lam: 52, max: 70}
        "78": {distribution: poisson, lam: 58, max: 78}
        "100": {distribution: poisson, lam: 74, max: 100}
        "130": {distribution: poisson, lam: 95, max: 130}
    primary_key: booking_id
    columns:
      booking_id: sequence
      flight_id: {generator: foreign_key, references: flights.flight_id}
      passenger_id: {generator: foreign_key, references: passengers.passenger_id, distinct: true}
      class_id: {generator: foreign_key, references: fare_classes.class_id, distribution: zipf, s: 1.8}
      lead_days: {generator: lognormal, median: 21, sigma: 0.9, round: 0, min: 1, max: 300}
      flight_date: {generator: expression, expr: "flights.flight_date", dtype: date}
      booked_on: {generator: expression, expr: "flight_date - lead_days", dtype: date}
      distance_km: {generator: expression, expr: "flights.routes.distance_km", dtype: int}
      fare: {generator: expression, expr: "ROUND(fare_classes.base + fare_classes.per_km * distance_km, 2)", dtype: float}
      seat_idx: {generator: rank, by: booked_on}
      seat: {generator: expression, expr: "CONCAT(CAST(CAST(FLOOR((seat_idx - 1) / 4) AS INT) + 1 AS TEXT), SUBSTR('ACDF', MOD(seat_idx - 1, 4) + 1, 1))", dtype: str}
      board_min: {generator: uniform, low: 0, high: 25, round: 1}
      boarded_at: {generator: expression, expr: "flights.sched_dep - INTERVAL '40 minutes' + board_min * INTERVAL '1 minute'", dtype: datetime}
      boarding_no: {generator: rank, by: boarded_at}
      n_bags: {generator: aggregate, function: count, of: baggage}
      bag_fees: {generator: aggregate, function: sum, of: baggage.fee}
  baggage:
    rows: {per: bookings, count: {distribution: categorical, values: [0, 1, 2], weights: [0.4, 0.45, 0.15]}}
    primary_key: bag_id
    columns:
      bag_id: sequence
      booking_id: {generator: foreign_key, references: bookings.booking_id}
      bag_no: {generator: rank}
      tag: {generator: pattern, pattern: "RX{seq:07d}", unique: true}
      weight_kg: {generator: normal, mean: 17, std: 5, min: 2, max: 32, round: 1}
      fee: {generator: expression, expr: "CASE WHEN weight_kg > 23 THEN 60.0 ELSE 0.0 END", dtype: float}
  ledger:
    rows: {per: passengers, count: {distribution: poisson, lam: 2, max: 6}, zero_rate: 0.15}
    primary_key: entry_id
    columns:
      entry_id: sequence
      passenger_id: {generator: foreign_key, references: passengers.passenger_id}
      booking_id: {generator: foreign_key, references: bookings.booking_id, match: {passenger_id: passenger_id}}
      earned_on: {generator: expression, expr: "COALESCE(bookings.flight_date, DATE '2025-03-01')", dtype: date}
      points: {generator: expression, expr: "CAST(COALESCE(ROUND(bookings.distance_km * passengers.tiers.multiplier), 250) AS INT)", dtype: int}
      balance: {generator: running_sum, of: points, order_by: earned_on}
constraints:
  - {table: routes, check: "origin_id <> dest_id", name: no_round_trip}
  - {table: flights, unique: [route_id, flight_date], name: one_flight_a_day}
  - {table: bookings, unique: [flight_id, seat], name: one_seat_each}
"""

COUNTRIES = {1: ("DE", 1), 2: ("AT", 1), 3: ("DK", 1), 4: ("FI", 2)}
MODELS = {1: ("ATR 72-600", 70), 2: ("Dash 8-400", 78), 3: ("Embraer 190", 100), 4: ("Airbus A220-300", 130)}
CLASSES = {1: ("Y", 29.0, 0.08), 2: ("M", 49.0, 0.13), 3: ("J", 99.0, 0.25)}
TIERS = {1: ("BASIC", 1.0), 2: ("SILVER", 1.25), 3: ("GOLD", 1.5), 4: ("PLATINUM", 2.0)}
AIRPORTS = {
    1: ("BRE", 1, 53.05, 8.79),
    2: ("HAJ", 1, 52.46, 9.69),
    3: ("DRS", 1, 51.13, 13.77),
    4: ("NUE", 1, 49.50, 11.08),
    5: ("FDH", 1, 47.67, 9.51),
    6: ("SZG", 2, 47.79, 13.00),
    7: ("GRZ", 2, 46.99, 15.44),
    8: ("BLL", 3, 55.74, 9.15),
    9: ("AAR", 3, 56.30, 10.62),
    10: ("TMP", 4, 61.41, 23.60),
}
HOURS = {6, 7, 9, 12, 15, 18}
FORMATS = {
    ("aircraft", "tail_no"): r"D-A[A-Z]{3}",
    ("airports", "iata"): r"[A-Z]{3}",
    ("flights", "flight_no"): r"RX\d{4}",
    ("bookings", "seat"): r"\d{1,2}[ACDF]",
    ("baggage", "tag"): r"RX\d{7}",
}
UNIQUE = (("aircraft", "tail_no"), ("airports", "iata"), ("baggage", "tag"))
DATES = {
    "aircraft": ("delivered",),
    "flights": ("flight_date",),
    "passengers": ("birth_date",),
    "bookings": ("flight_date", "booked_on"),
    "ledger": ("earned_on",),
}
TIMES = (("flights", "sched_dep"), ("flights", "sched_arr"), ("bookings", "boarded_at"))


def read(folder: Path) -> Frames:
    """Every table, dates and date-times parsed (the library probe's reader)."""
    return read_tables(folder, DATES, TIMES)


def _num(df: pl.DataFrame, c: str) -> pl.Series:
    return df[c].cast(pl.Float64, strict=False)


def _int(df: pl.DataFrame, c: str) -> pl.Series:
    return df[c].cast(pl.Float64, strict=False).round(0).cast(pl.Int64)


def _kept(got: pl.DataFrame, want: pl.DataFrame) -> float:
    """The share of the wanted lookup rows found exactly in got (columns cast to want's types)."""
    got = got.select(pl.col(c).cast(want[c].dtype, strict=False) for c in want.columns)
    return len(want.join(got, on=list(want.columns), how="semi")) / len(want)


def _lookup(key: str, cols: tuple[str, ...], rows: dict) -> pl.DataFrame:
    data: dict[str, list] = {key: list(rows)}
    for i, c in enumerate(cols):
        data[c] = [v[i] for v in rows.values()]
    return pl.DataFrame(data)


def _perm_order(df: pl.DataFrame, parent: str, col: str, by: str, tie: str) -> tuple[float, float]:
    """Per parent group: (share whose col is 1..n, share whose col never goes down as by goes up)."""
    g = (
        df.sort(parent, by, col, tie)
        .group_by(parent, maintain_order=True)
        .agg(
            (pl.col(col).sort() == pl.int_range(1, pl.len() + 1)).all().alias("perm"),
            (pl.col(col).diff().drop_nulls() >= 0).all().alias("order"),
        )
    )
    return share(g["perm"]), share(g["order"])


def _perm(df: pl.DataFrame, parent: str, col: str) -> float:
    g = df.group_by(parent).agg((pl.col(col).sort() == pl.int_range(1, pl.len() + 1)).all().alias("p"))
    return share(g["p"])


def checks(f: Frames, real: Frames) -> dict[str, float]:
    """Each expert check's rate on the tables f (real: the source, for observed ranges and names)."""
    r: dict[str, float] = {}
    countries, models, classes, tiers, airports = (
        f[t] for t in ("countries", "models", "fare_classes", "tiers", "airports")
    )
    aircraft, routes, flights, passengers = (f[t] for t in ("aircraft", "routes", "flights", "passengers"))
    bookings, baggage, ledger = (f[t] for t in ("bookings", "baggage", "ledger"))
    want_c = _lookup("country_id", ("code", "tz_offset"), COUNTRIES)
    want_m = _lookup("model_id", ("name", "seats"), MODELS)
    want_f = _lookup("class_id", ("code", "base", "per_km"), CLASSES)
    want_t = _lookup("tier_id", ("name", "multiplier"), TIERS)
    want_a = _lookup("airport_id", ("iata", "country_id", "lat", "lon"), AIRPORTS)
    for name, got, want in (
        ("countries", countries, want_c),
        ("models", models, want_m),
        ("fare_classes", classes, want_f),
        ("tiers", tiers, want_t),
        ("airports", airports, want_a),
    ):
        r[f"lookup: {name} rows kept exactly"] = _kept(got, want)
        r[f"lookup: {name} has no invented rows"] = share(pl.Series([len(got) == len(want)]))
    ac = airports.join(
        want_c.select("country_id", pl.col("tz_offset").alias("__tz")),
        on=pl.col("country_id").cast(pl.Int64, strict=False),
        how="left",
    )
    r["lookup: airport's tz_offset = its country's"] = share(_num(ac, "tz_offset") == _num(ac, "__tz"))
    r["fk: aircraft's model exists"] = share(aircraft["model_id"].is_in(want_m["model_id"].to_list()))
    r["fk: passenger's tier exists"] = share(passengers["tier_id"].is_in(want_t["tier_id"].to_list()))
    for (t, c), rx in FORMATS.items():
        r[f"format: {t}.{c}"] = share(f[t][c].cast(pl.String).str.contains(f"^{rx}$"))
    for t, c in UNIQUE:
        r[f"unique: {t}.{c}"] = share(~f[t][c].is_duplicated())
    # routes
    geo = want_a.select("airport_id", "lat", "lon")
    rt = routes.join(
        geo.rename({"airport_id": "origin_id", "lat": "__olat", "lon": "__olon"}), on="origin_id", how="left"
    )
    rt = rt.join(geo.rename({"airport_id": "dest_id", "lat": "__dlat", "lon": "__dlon"}), on="dest_id", how="left")
    r["rule: origin != destination"] = share(rt["origin_id"] != rt["dest_id"])
    r["unique: a destination once per origin"] = share(~routes.select("origin_id", "dest_id").is_duplicated())
    r["parent: 3 routes per origin"] = share(routes.group_by("origin_id").len()["len"] == 3)
    r["rule: route_no = 1000 + 100 x origin + dest"] = share(
        _num(rt, "route_no") == 1000 + 100 * _num(rt, "origin_id") + _num(rt, "dest_id")
    )
    dist = 111.2 * ((rt["__olat"] - rt["__dlat"]) ** 2 + ((rt["__olon"] - rt["__dlon"]) * 0.62) ** 2).sqrt()
    r["rule: distance from the airports' coordinates (1 km)"] = share((_num(rt, "distance_km") - dist).abs() <= 1)
    block = ((30 + _num(rt, "distance_km") * 0.075) / 5).round(0) * 5
    r["rule: block_min = 30 + 0.075 x km, to 5 min (+-5)"] = share((_num(rt, "block_min") - block).abs() <= 5)
    srt = rt.sort("distance_km", "block_min")
    r["rule: block time grows with distance"] = share(srt["block_min"].diff().drop_nulls() >= 0)
    # flights
    fr = flights.join(
        routes.select(
            "route_id", "route_no", pl.col("block_min").alias("__block"), pl.col("distance_km").alias("__km")
        ),
        on="route_id",
        how="left",
    )
    r["rule: flight_no = RX + route's number"] = share(
        fr["flight_no"].cast(pl.String) == "RX" + _int(fr, "route_no").cast(pl.String)
    )
    r["unique: one flight per route and day"] = share(~flights.select("route_id", "flight_date").is_duplicated())
    r["times: departure at a set hour"] = share(
        fr["sched_dep"].dt.hour().is_in(list(HOURS)) & (fr["sched_dep"].dt.minute() == 0)
    )
    r["times: departure on the flight's date"] = share(fr["sched_dep"].dt.date() == fr["flight_date"])
    r["rule: dep_hour = departure's hour"] = share(_int(fr, "dep_hour") == fr["sched_dep"].dt.hour().cast(pl.Int64))
    arr_gap = (fr["sched_arr"] - fr["sched_dep"]).dt.total_minutes()
    r["times: arrival = departure + route's block time"] = share(arr_gap == _int(fr, "__block"))
    delay = _num(fr, "delay_min")
    r["rule: delay >= 0"] = share(delay >= 0)
    r["share: delay = 0 (source ~0.65)"] = share(delay == 0)
    r["share: delay > 120 min (tail)"] = share(delay > 120)
    status = fr.select(
        pl.when(pl.col("delay_min").cast(pl.Float64, strict=False) < 15)
        .then(pl.lit("on_time"))
        .when(pl.col("delay_min").cast(pl.Float64, strict=False) < 180)
        .then(pl.lit("delayed"))
        .otherwise(pl.lit("cancelled"))
    ).to_series()
    r["rule: status from delay"] = share(fr["status"].cast(pl.String) == status)
    fa = fr.join(aircraft.select("aircraft_id", "model_id"), on="aircraft_id", how="left").join(
        want_m.select("model_id", pl.col("seats").alias("__seats")),
        on=pl.col("model_id").cast(pl.Int64, strict=False),
        how="left",
    )
    r["lookup: seats = aircraft's model's seats"] = share(_int(fa, "seats") == fa["__seats"])
    nb = fa.join(bookings.group_by("flight_id").len(), on="flight_id", how="left").with_columns(
        pl.col("len").fill_null(0)
    )
    r["aggregate: n_booked = flight's bookings"] = share(_int(nb, "n_booked") == nb["len"])
    r["capacity: bookings <= aircraft's seats"] = share(nb["len"] <= nb["__seats"])
    r["capacity: load factor (bookings/seats) mean"] = float((nb["len"] / nb["__seats"]).mean())  # type: ignore[arg-type]
    # bookings
    bf = bookings.join(
        fr.select(
            "flight_id",
            pl.col("flight_date").alias("__fdate"),
            pl.col("sched_dep").alias("__dep"),
            "__km",
        ),
        on="flight_id",
        how="left",
    ).join(want_f.select("class_id", "base", "per_km"), on=pl.col("class_id").cast(pl.Int64, strict=False), how="left")
    r["unique: a passenger once per flight"] = share(~bookings.select("flight_id", "passenger_id").is_duplicated())
    r["unique: a seat once per flight"] = share(~bookings.select("flight_id", "seat").is_duplicated())
    r["fk: booking's class exists"] = share(bookings["class_id"].is_in(want_f["class_id"].to_list()))
    r["dates: flight_date = the flight's"] = share(bf["flight_date"] == bf["__fdate"])
    r["dates: booked before the flight's date"] = share(bf["booked_on"] < bf["__fdate"])
    r["rule: lead_days = flight date - booked_on"] = share(
        (bf["__fdate"] - bf["booked_on"]).dt.total_days() == _int(bf, "lead_days")
    )
    r["rule: distance_km = the route's"] = share(_int(bf, "distance_km") == _int(bf, "__km"))
    fare = ((bf["base"] + bf["per_km"] * _num(bf, "__km")) * 100 + 0.5 + 1e-7).floor() / 100
    r["rule: fare = class base + class rate x distance"] = share((_num(bf, "fare") - fare).abs() < 0.005)
    perm, order = _perm_order(bookings, "flight_id", "seat_idx", "booked_on", "booking_id")
    r["rank: seat_idx is 1..n per flight"] = perm
    r["rank: seat_idx follows booked_on"] = order
    idx = _int(bookings, "seat_idx")
    letters = (idx - 1) % 4
    want_seat = ((idx - 1) // 4 + 1).cast(pl.String) + letters.replace_strict(
        {0: "A", 1: "C", 2: "D", 3: "F"}, default=None, return_dtype=pl.String
    )
    r["rule: seat composed from seat_idx (row, ACDF)"] = share(bookings["seat"].cast(pl.String) == want_seat)
    perm, order = _perm_order(bookings, "flight_id", "boarding_no", "boarded_at", "booking_id")
    r["rank: boarding_no is 1..n per flight"] = perm
    r["rank: boarding_no follows boarded_at"] = order
    before = (bf["__dep"] - bf["boarded_at"]).dt.total_seconds() / 60
    r["times: boarded within 40 min before departure"] = share((before > 0) & (before <= 40))
    r["rule: boarded_at = dep - 40 min + board_min"] = share((before - (40 - _num(bf, "board_min"))).abs() < 0.02)
    nbag = bookings.join(
        baggage.group_by("booking_id").agg(pl.len().alias("__n"), pl.col("fee").cast(pl.Float64).sum().alias("__fee")),
        on="booking_id",
        how="left",
    ).with_columns(pl.col("__n").fill_null(0), pl.col("__fee").fill_null(0.0))
    r["aggregate: n_bags = booking's bags"] = share(_int(nbag, "n_bags") == nbag["__n"])
    r["aggregate: bag_fees = sum of bag fees"] = share((_num(nbag, "bag_fees") - nbag["__fee"]).abs() < 0.005)
    r["parent: 0..2 bags per booking"] = share(nbag["__n"] <= 2)
    # baggage
    r["rank: bag_no is 1..n per booking"] = _perm(baggage, "booking_id", "bag_no")
    w = _num(baggage, "weight_kg")
    r["rule: 2 <= weight <= 32 kg (cap)"] = share((w >= 2) & (w <= 32))
    r["rule: fee = 60 over 23 kg, else 0"] = share(_num(baggage, "fee") == (w > 23).cast(pl.Float64) * 60)
    # passengers
    np_ = passengers.join(bookings.group_by("passenger_id").len(), on="passenger_id", how="left")
    r["aggregate: n_bookings = passenger's bookings"] = share(_int(np_, "n_bookings") == np_["len"].fill_null(0))
    pb = bookings.join(passengers.select("passenger_id", "birth_date"), on="passenger_id", how="left")
    age = (pb["flight_date"] - pb["birth_date"]).dt.total_days() / 365.25
    r["dates: passenger born before the flight"] = share(age > 0)
    # ledger
    lb = (
        ledger.join(
            bookings.select(
                "booking_id",
                pl.col("passenger_id").alias("__bp"),
                pl.col("flight_date").alias("__bdate"),
                pl.col("distance_km").alias("__bkm"),
            ),
            on="booking_id",
            how="left",
        )
        .join(passengers.select("passenger_id", "tier_id"), on="passenger_id", how="left")
        .join(want_t.select("tier_id", "multiplier"), on=pl.col("tier_id").cast(pl.Int64, strict=False), how="left")
    )
    has = lb.filter(pl.col("booking_id").is_not_null())
    r["parent: ledger booking is the passenger's own"] = share(has["__bp"] == has["passenger_id"])
    r["share: ledger entries with a booking (source ~0.93)"] = share(lb["booking_id"].is_not_null())
    r["share: a booking earning once (source < 1)"] = share(~has.select("booking_id").is_duplicated())
    r["dates: earned_on = the booking's flight date"] = share(has["earned_on"] == has["__bdate"])
    pts = (_num(has, "__bkm") * has["multiplier"] + 0.5 + 1e-9).floor()
    r["rule: points = distance x tier multiplier"] = share(_num(has, "points") == pts)
    nobk = lb.filter(pl.col("booking_id").is_null())
    r["rule: 250-point bonus without a booking"] = share(_num(nobk, "points") == 250)
    lr = ledger.sort("passenger_id", "earned_on", "entry_id").with_columns(
        pl.col("points").cast(pl.Float64, strict=False).cum_sum().over("passenger_id").alias("__cum")
    )
    r["running: balance = points so far (earned_on order)"] = share((_num(lr, "balance") - lr["__cum"]).abs() < 0.5)
    lr = lr.with_columns(pl.col("balance").cast(pl.Float64, strict=False).diff().over("passenger_id").alias("__d"))
    r["running: balance never decreases"] = share(lr["__d"].drop_nulls() >= 0)
    inside = []
    for t, cols in DATES.items():
        for col in cols:
            lo, hi = real[t][col].min(), real[t][col].max()
            inside.append(f[t][col].drop_nulls().is_between(lo, hi))
    r["dates: inside the source's range"] = share(pl.concat(inside))
    top = passengers["last_name"].value_counts(sort=True)["count"][0] / len(passengers)
    r["names: most common surname's share (source ~0.01)"] = float(top)
    real_names = set(zip(real["passengers"]["first_name"], real["passengers"]["last_name"], strict=True))
    copied = [(a, b) in real_names for a, b in zip(passengers["first_name"], passengers["last_name"], strict=True)]
    r["privacy: passenger names copied from the source"] = share(pl.Series(copied))
    return r


def main() -> None:
    run(SPEC, __doc__, read, checks)


if __name__ == "__main__":
    main()
