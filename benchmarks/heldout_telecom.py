"""A seeded mobile operator nobody tuned for: a held-out-like database for issue 13 (learn61).

Written in a domain no benchmark, probe or test uses (not the hospital, parcels, league, airline, library,
school or utility), and committed with its checks (``learn_heldout_telecom.py``) before the first run.
What an operator's data person checks first is planted by construction:

* a lookup table keyed by text: ``plans`` (5 rows, ``plan_code`` the key); a subscription repeats its
  plan's ``monthly_fee``; a voice call's ``cost`` is its started minutes x its plan's ``per_min``;
* dates within a parent's period: a subscription starts on or after its customer's ``signup_date``; a
  customer's subscriptions follow one another (no overlap; an open one is the last); a call falls inside
  its subscription; a bill's month (``period``, ``2023-04``) inside its subscription's months, issued on
  the first day of the month after;
* order within a parent: ``subscriptions.sub_no`` 1..n per customer in start order; ``calls.seq`` 1..n
  per subscription in ``started_at`` order; ``bills.bill_no`` 1..n per subscription in period order;
* uniqueness within a parent: one bill per (subscription, period); an ``msisdn`` once overall;
* children per the right parent: one bill per month a subscription runs; its calls in proportion to
  its months;
* a parent total by month: a bill's ``amount`` = the plan's fee + the costs of that month's calls;
* formatted strings: ``msisdn`` ``07700 900123``, ``account_no`` ``TC-2021-00042``, ``period``;
* rare text values: a customer's ``status`` ``fraud_hold`` / ``deceased`` (under 1% each), a call's
  ``call_type`` ``roaming`` (about 1%);
* a number that is no key: ``calls.cell_id`` (1..300, no cells table; its range lies inside the
  customers' and subscriptions' ids).

    PYTHONPATH=src .venv/bin/python benchmarks/heldout_telecom.py OUT.db [--seed 3] [--customers 300] [--csv DIR]

Generated data: no split applies; ``learn_heldout_telecom.py``'s first run on it is the held-out-like figure.
"""

from __future__ import annotations

import datetime as dt
import math
import sys
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from heldout_hospital import cli  # noqa: E402  (a held-out database's command line)

#: plan_code, name, monthly fee, price per started minute of a voice call
PLANS = (
    ("BASIC", "Basic Pay Monthly", 7.5, 0.09),
    ("TALK200", "Talk 200", 12.0, 0.05),
    ("UNLTD", "Unlimited", 30.0, 0.0),
    ("FAMILY", "Family Share", 22.5, 0.02),
    ("SENIOR", "Senior Easy", 6.0, 0.07),
)
SMS_PRICE = 0.1
ROAMING_PER_MIN = 1.25
OBSERVED_TO = dt.date(2024, 12, 31)
_SYL = ("ma", "tel", "ron", "bi", "sko", "var", "den", "lu", "per", "ash", "ki", "mo", "ra", "vin", "ost", "e")
_CITIES = ("Harwick", "Lonsdale", "Bramford", "Kelby", "Ostmere", "Pellington", "Ardmoor")


def _word(rng: np.random.Generator, lo: int, hi: int) -> str:
    return "".join(rng.choice(_SYL, int(rng.integers(lo, hi + 1)))).capitalize()


def _months(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    """The (year, month) pairs from ``start``'s month to ``end``'s, both included."""
    out, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def telecom(seed: int = 3, n_customers: int = 300) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    plans = pl.DataFrame(
        {
            "plan_code": [p[0] for p in PLANS],
            "name": [p[1] for p in PLANS],
            "monthly_fee": [p[2] for p in PLANS],
            "per_min": [p[3] for p in PLANS],
        }
    )
    fee = {p[0]: p[2] for p in PLANS}
    rate = {p[0]: p[3] for p in PLANS}
    plan_p = np.array([0.3, 0.25, 0.15, 0.2, 0.1])

    customers, subs, calls, bills = [], [], [], []
    numbers: set[str] = set()
    for cid in range(1, n_customers + 1):
        signup = dt.date(2019, 1, 1) + dt.timedelta(days=int(rng.integers(0, 5 * 365)))
        while True:
            msisdn = f"07{rng.integers(100, 1000)} {rng.integers(0, 1_000_000):06d}"
            if msisdn not in numbers:
                numbers.add(msisdn)
                break
        u = rng.random()
        status = "fraud_hold" if u < 0.006 else "deceased" if u < 0.012 else "active" if u < 0.85 else "closed"
        customers.append(
            {
                "customer_id": cid,
                "account_no": f"TC-{signup.year}-{cid:05d}",
                "first_name": _word(rng, 2, 2),
                "surname": _word(rng, 2, 3),
                "msisdn": msisdn,
                "city": str(rng.choice(_CITIES)),
                "signup_date": signup,
                "status": status,
            }
        )
        # subscriptions one after another: each starts a few days after the one before ends
        start = signup + dt.timedelta(days=int(rng.integers(0, 20)))
        n_subs = 1 + int(rng.poisson(0.8))
        for k in range(n_subs):
            if start > OBSERVED_TO:
                break
            months = int(rng.integers(3, 30))
            end: dt.date | None = start + dt.timedelta(days=months * 30 + int(rng.integers(0, 30)))
            if k == n_subs - 1 and rng.random() < 0.6 or end is None or end > OBSERVED_TO:
                end = None  # still open
            plan = str(rng.choice([p[0] for p in PLANS], p=plan_p))
            sid = len(subs) + 1
            subs.append(
                {
                    "subscription_id": sid,
                    "customer_id": cid,
                    "sub_no": k + 1,
                    "plan_code": plan,
                    "monthly_fee": fee[plan],
                    "start_date": start,
                    "end_date": end,
                }
            )
            last = end or OBSERVED_TO
            span = (last - start).days + 1
            heavy = rng.lognormal(0, 0.5)
            n_calls = int(rng.poisson(0.8 * heavy * span / 30))
            offsets = np.sort(rng.integers(0, span * 86_400, n_calls))
            hours_ok = offsets % 86_400 >= 7 * 3600  # nobody calls between midnight and seven
            offsets = np.sort(np.where(hours_ok, offsets, offsets + 7 * 3600))
            offsets = offsets[offsets < span * 86_400]
            cost_by_month: dict[tuple[int, int], float] = {}
            for i, off in enumerate(offsets):
                at = dt.datetime.combine(start, dt.time()) + dt.timedelta(seconds=int(off))
                u = rng.random()
                kind = "roaming" if u < 0.012 else "sms" if u < 0.2 else "voice"
                secs = 0 if kind == "sms" else int(rng.lognormal(np.log(110), 0.9)) + 1
                minutes = math.ceil(secs / 60)
                cost = (
                    SMS_PRICE
                    if kind == "sms"
                    else round(minutes * ROAMING_PER_MIN, 2)
                    if kind == "roaming"
                    else round(minutes * rate[plan], 2)
                )
                key = (at.year, at.month)
                cost_by_month[key] = cost_by_month.get(key, 0.0) + cost
                calls.append(
                    {
                        "call_id": len(calls) + 1,
                        "subscription_id": sid,
                        "seq": i + 1,
                        "started_at": at,
                        "call_type": kind,
                        "duration_s": secs,
                        "cost": cost,
                        "cell_id": int(rng.integers(1, 301)),
                    }
                )
            for j, (y, m) in enumerate(_months(start, last)):
                issued = dt.date(y + (m == 12), 1 if m == 12 else m + 1, 1)
                bills.append(
                    {
                        "bill_id": len(bills) + 1,
                        "subscription_id": sid,
                        "bill_no": j + 1,
                        "period": f"{y}-{m:02d}",
                        "issued_on": issued,
                        "amount": round(fee[plan] + cost_by_month.get((y, m), 0.0), 2),
                    }
                )
            if end is None:
                break
            start = end + dt.timedelta(days=int(rng.integers(1, 15)))
    return {
        "plans": plans,
        "customers": pl.DataFrame(customers),
        "subscriptions": pl.DataFrame(subs, schema_overrides={"end_date": pl.Date}),
        "calls": pl.DataFrame(calls),
        "bills": pl.DataFrame(bills),
    }


def main() -> None:
    cli(__doc__ or "", telecom, 3, "customers", 300)


if __name__ == "__main__":
    main()
