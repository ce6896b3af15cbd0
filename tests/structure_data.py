"""Generated databases with planted structure (issue 13): race-like and ratings-like, deterministic by seed.

Shared by the structure tests and ``benchmarks/synth_structure.py``. Nothing here is real data.

* ``circuits`` (a lookup table) <- ``races`` (a date within its season's period) <- ``results``:
  ``position`` is a permutation of 1..n within each race, ordered by ``milliseconds``
  (the winner has the best time); ``driver_id`` appears once per race; ``number`` is a car
  number 1..99 (also inside the driver ids: a false key waiting to be inferred);
  ``points`` follow position.
* ``users`` <- ``ratings`` -> ``films``: one rating per (user, film) pair.
* ``stores`` <- ``orders`` -> ``customers`` (``customer_orders``): an order's value follows its customer's
  score and its channel its customer's tier; the orders are listed per store, so the customer is the
  SECOND parent (issue 13, learn-trends).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

POINTS = {1: 25, 2: 18, 3: 15, 4: 12, 5: 10, 6: 8, 7: 6, 8: 4, 9: 2, 10: 1}


def motorsport(n_races: int = 300, seed: int = 0) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    circuits = pl.DataFrame(
        {"circuit_id": np.arange(1, 21), "country": rng.choice(["Italy", "Spain", "Japan", "Brazil", "Monaco"], 20)}
    )
    n_drivers = 400
    driver_ids = np.sort(rng.choice(np.arange(1, 3000), size=n_drivers, replace=False))
    driver_ids[:99] = np.arange(1, 100)
    dob = [dt.date(1950, 1, 1) + dt.timedelta(days=int(d)) for d in rng.integers(0, 18000, n_drivers)]
    drivers = pl.DataFrame({"driver_id": driver_ids, "dob": dob, "skill": rng.normal(0, 1, n_drivers).round(3)})
    season = rng.integers(1990, 2020, n_races)
    race_date = [
        dt.date(int(y), 3, 1) + dt.timedelta(days=int(d))
        for y, d in zip(season, rng.integers(0, 240, n_races), strict=True)
    ]
    races = pl.DataFrame(
        {
            "race_id": np.arange(1, n_races + 1),
            "circuit_id": rng.integers(1, 21, n_races),
            "year": season,
            "date": race_date,
        }
    )
    rows = []
    skill = dict(zip(driver_ids.tolist(), drivers["skill"].to_list(), strict=True))
    for race in range(1, n_races + 1):
        n = int(rng.integers(8, 21))
        ds = rng.choice(driver_ids, size=n, replace=False)
        pace = np.array([skill[int(d)] for d in ds]) + rng.normal(0, 0.7, n)
        times = np.sort(5_400_000 + 30_000 * pace + rng.normal(0, 5_000, n)).round()  # finishing times
        order = np.argsort(pace, kind="stable")
        nums = rng.choice(np.arange(1, 100), size=n, replace=False)
        for pos, (i, t) in enumerate(zip(order, times, strict=True), start=1):
            rows.append((race, int(ds[i]), int(nums[i]), pos, int(t), POINTS.get(pos, 0)))
    results = pl.DataFrame(
        rows, schema=["race_id", "driver_id", "number", "position", "milliseconds", "points"], orient="row"
    )
    results = results.select(pl.int_range(1, results.height + 1).alias("result_id"), pl.all())
    return {"circuits": circuits, "drivers": drivers, "races": races, "results": results}


def ratings(n_users: int = 300, n_films: int = 200, seed: int = 0) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    users = pl.DataFrame({"user_id": np.arange(1, n_users + 1), "age": rng.integers(18, 70, n_users)})
    films = pl.DataFrame(
        {"film_id": np.arange(1, n_films + 1), "genre": rng.choice(["drama", "comedy", "horror"], n_films)}
    )
    pop = rng.zipf(1.6, n_films).astype(float)
    pop /= pop.sum()
    rows = []
    for u in range(1, n_users + 1):
        k = int(min(n_films // 2, rng.negative_binomial(2, 0.1) + 3))
        for f in rng.choice(np.arange(1, n_films + 1), size=k, replace=False, p=pop):
            rows.append((u, int(f), int(rng.integers(1, 6))))
    r = pl.DataFrame(rows, schema=["user_id", "film_id", "rating"], orient="row")
    r = r.select(pl.int_range(1, r.height + 1).alias("rating_id"), pl.all())
    return {"users": users, "films": films, "ratings": r}


# ----------------------------------------------------------------------------- checks (share of groups/rows that keep it)


def rank_share(results: pl.DataFrame, group: str = "race_id", rank: str = "position") -> float:
    """Share of groups whose rank column is exactly 1..n."""
    g = results.group_by(group).agg(ok=(pl.col(rank).sort() == pl.int_range(1, pl.len() + 1)).all())
    return float(g["ok"].mean() or 0.0)


def one_winner_share(results: pl.DataFrame, group: str = "race_id", rank: str = "position") -> float:
    g = results.group_by(group).agg(w=(pl.col(rank) == 1).sum())
    return float((g["w"] == 1).mean() or 0.0)


def order_share(
    results: pl.DataFrame, by: str = "milliseconds", group: str = "race_id", rank: str = "position"
) -> float:
    """Share of groups where the rank follows ``by`` (ascending)."""
    d = results.sort(group, rank).select(pl.col(group), pl.col(by).diff().over(group).alias("d"))
    g = d.group_by(group).agg(ok=(pl.col("d").fill_null(0) >= 0).all())
    return float(g["ok"].mean() or 0.0)


def unique_pair_share(frame: pl.DataFrame, a: str, b: str) -> float:
    return frame.select(a, b).unique().height / max(frame.height, 1)


def periods(n_accounts: int = 300, n_seasons: int = 30, seed: int = 0) -> dict[str, pl.DataFrame]:
    """``accounts`` <- ``trans`` (each on or after its account opened, up to the end of 1998) and
    ``seasons`` (a year key) <- ``races`` (each race inside its season's year)."""
    rng = np.random.default_rng(seed)
    start = dt.date(1993, 1, 1)
    opened = [start + dt.timedelta(days=int(d)) for d in rng.integers(0, 5 * 365, n_accounts)]
    accounts = pl.DataFrame(
        {
            "account_id": np.arange(1, n_accounts + 1) * 7,
            "opened": opened,
            "kind": rng.choice(["owner", "business"], n_accounts),
        }
    )
    rows = []
    end = dt.date(1998, 12, 31)
    for a, o in zip(accounts["account_id"], opened, strict=True):
        for _ in range(int(rng.integers(1, 25))):
            d = min(o + dt.timedelta(days=int(rng.gamma(1.5, 200))), end)
            rows.append((int(a), d, round(float(rng.lognormal(6, 1)), 2)))
    trans = pl.DataFrame(rows, schema=["account_id", "date", "amount"], orient="row")
    trans = trans.select(pl.int_range(1, trans.height + 1).alias("trans_id"), pl.all())
    years = np.arange(1990, 1990 + n_seasons)
    seasons = pl.DataFrame({"year": years, "teams": rng.integers(8, 14, n_seasons)})
    races = [
        (int(y), dt.date(int(y), 3, 1) + dt.timedelta(days=int(d)))
        for y in years
        for d in np.sort(rng.integers(0, 260, int(rng.integers(8, 20))))
    ]
    race = pl.DataFrame(races, schema=["year", "date"], orient="row")
    race = race.select(pl.int_range(1, race.height + 1).alias("race_id"), pl.all())
    return {"accounts": accounts, "trans": trans, "seasons": seasons, "races": race}


def composite(n_students: int = 300, n_orders: int = 250, seed: int = 0) -> dict[str, pl.DataFrame]:
    """Two composite keys of different shapes, none declared:

    * ``students``, ``courses`` <- ``enrolment`` (one row per (student_id, course_id), no key of its
      own) <- ``grades``: every grade's (student_id, course_id) is an enrolment;
    * ``orders`` (text keys) <- ``order_lines`` (key (order_no, line_no): 1..n within each order)
      <- ``shipments``: every shipment's (order_no, line_no) is an order line.

    ``timetable`` holds every (course_id, room_id) combination, and ``bookings`` any of them:
    containment by a cross product, which is no composite key.
    """
    rng = np.random.default_rng(seed)
    students = pl.DataFrame({"student_id": np.arange(1, n_students + 1) * 3, "year": rng.integers(1, 5, n_students)})
    n_courses = 40
    courses = pl.DataFrame(
        {"course_id": np.arange(101, 101 + n_courses), "credits": rng.choice([5, 10, 15], n_courses)}
    )
    enr = []
    for s in students["student_id"]:
        for c in rng.choice(courses["course_id"].to_numpy(), size=int(rng.integers(2, 7)), replace=False):
            enr.append((int(s), int(c), str(rng.choice(["lecture", "online"]))))
    enrolment = pl.DataFrame(enr, schema=["student_id", "course_id", "mode"], orient="row")
    picks = rng.integers(0, enrolment.height, enrolment.height * 2)
    grades = (
        enrolment[picks]
        .select("student_id", "course_id")
        .with_columns(pl.Series("score", rng.integers(40, 101, len(picks))))
    )
    grades = grades.select(pl.int_range(1, grades.height + 1).alias("grade_id"), pl.all())
    order_no = [f"SO-{i:05d}" for i in rng.choice(np.arange(10_000, 99_999), n_orders, replace=False)]
    orders = pl.DataFrame({"order_no": order_no, "channel": rng.choice(["web", "shop", "phone"], n_orders)})
    lines = [(o, k, int(rng.integers(1, 9))) for o in order_no for k in range(1, int(rng.integers(1, 6)) + 1)]
    order_lines = pl.DataFrame(lines, schema=["order_no", "line_no", "qty"], orient="row")
    ship = order_lines[rng.integers(0, order_lines.height, order_lines.height)].select("order_no", "line_no")
    shipments = ship.with_columns(pl.Series("parcels", rng.integers(1, 4, ship.height)))
    shipments = shipments.select(pl.int_range(1, shipments.height + 1).alias("shipment_id"), pl.all())
    rooms = pl.DataFrame({"room_id": np.arange(1, 9), "seats": rng.integers(20, 200, 8)})
    timetable = pl.DataFrame(
        [(int(c), int(r)) for c in courses["course_id"] for r in rooms["room_id"]],
        schema=["course_id", "room_id"],
        orient="row",
    )
    bookings = pl.DataFrame(
        {"course_id": rng.choice(courses["course_id"].to_numpy(), 500), "room_id": rng.integers(1, 9, 500)}
    )
    bookings = bookings.select(pl.int_range(1, 501).alias("booking_id"), pl.all())
    return {
        "students": students,
        "courses": courses,
        "enrolment": enrolment,
        "grades": grades,
        "orders": orders,
        "order_lines": order_lines,
        "shipments": shipments,
        "rooms": rooms,
        "timetable": timetable,
        "bookings": bookings,
    }


def tuple_share(child: pl.DataFrame, parent: pl.DataFrame, columns: list[str]) -> float:
    """Share of the child's rows whose (columns) tuple is a row of the parent."""
    return child.select(columns).join(parent.select(columns).unique(), on=columns, how="semi").height / max(
        child.height, 1
    )


def careers(n_drivers: int = 500, n_races: int = 400, seed: int = 0) -> dict[str, pl.DataFrame]:
    """``drivers`` (birth dates over 60 years) and ``races`` (dates over 60 years) <- ``results``:
    a driver races only between 18 and 42 years of age, so the age at the race, reached through two
    parents, lies in 18..42 while a driver and a race paired at random are −40..100 years apart."""
    rng = np.random.default_rng(seed)
    epoch = dt.date(1940, 1, 1)
    dob_days = np.sort(rng.integers(0, 60 * 365, n_drivers))
    drivers = pl.DataFrame(
        {
            "driver_id": np.arange(1, n_drivers + 1),
            "dob": [epoch + dt.timedelta(days=int(d)) for d in dob_days],
            "nationality": rng.choice(["BR", "DE", "FI", "GB", "IT", "JP"], n_drivers),
        }
    )
    race_days = np.sort(rng.integers(20 * 365, 80 * 365, n_races))
    races = pl.DataFrame(
        {
            "race_id": np.arange(1, n_races + 1),
            "date": [epoch + dt.timedelta(days=int(d)) for d in race_days],
            "laps": rng.integers(40, 80, n_races),
        }
    )
    rows = []
    for race, day in zip(races["race_id"], race_days, strict=True):
        age = (day - dob_days) / 365.25
        able = np.flatnonzero((age >= 18) & (age < 42))
        if len(able) == 0:
            continue
        for d in rng.choice(able, size=min(len(able), int(rng.integers(8, 16))), replace=False):
            rows.append((int(race), int(d) + 1, int(rng.integers(1, 25))))
    results = pl.DataFrame(rows, schema=["race_id", "driver_id", "grid"], orient="row")
    results = results.select(pl.int_range(1, results.height + 1).alias("result_id"), pl.all())
    return {"drivers": drivers, "races": races, "results": results}


def ages(results: pl.DataFrame, races: pl.DataFrame, drivers: pl.DataFrame) -> pl.Series:
    """Age in years of each result's driver on the race day (through both parents)."""
    j = results.join(races.select("race_id", "date"), on="race_id").join(
        drivers.select("driver_id", "dob"), on="driver_id"
    )
    return ((j["date"] - j["dob"]).dt.total_days() / 365.25).alias("age")


def customer_orders(seed: int, signal: bool = True) -> dict[str, pl.DataFrame]:
    """Stores, customers (a score, a tier) and orders of a store and a customer each, listed per store; the
    order's value follows its customer's score and its channel its customer's tier (``signal``), else neither."""
    rng = np.random.default_rng(seed)
    n_st, n_cu, n_or = 40, 500, 6000
    stores = pl.DataFrame({"store_id": np.arange(1, n_st + 1), "size": rng.choice(["small", "big"], n_st)})
    score = rng.normal(0, 1, n_cu).round(3)
    tier = rng.choice(["gold", "silver", "bronze"], n_cu, p=[0.2, 0.3, 0.5])
    customers = pl.DataFrame({"customer_id": np.arange(1, n_cu + 1), "score": score, "tier": tier})
    store = np.sort(rng.integers(1, n_st + 1, n_or))
    cust = rng.integers(1, n_cu + 1, n_or)
    s, t = score[cust - 1], tier[cust - 1]
    noise = rng.normal(0, 1, n_or)
    value = 100 + 25 * (s if signal else rng.normal(0, 1, n_or)) + 12 * noise
    phone = np.where(t == "gold", 0.8, 0.15) if signal else np.full(n_or, 0.3)
    channel = np.where(rng.random(n_or) < phone, "phone", np.where(rng.random(n_or) < 0.5, "web", "shop"))
    orders = pl.DataFrame(
        {
            "order_id": np.arange(1, n_or + 1),
            "store_id": store,
            "customer_id": cust,
            "value": value.round(2),
            "channel": channel,
        }
    )
    return {"stores": stores, "customers": customers, "orders": orders}
