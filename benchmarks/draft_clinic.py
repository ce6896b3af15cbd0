"""Issue 20's first example as a dentist or a clinic's accountant would read it: drafts the request, generates
it (seed 5, in memory) and prints the shares a person of the trade would not believe.

The request is the issue's own and was inspected while building the rules: **every figure is a dev figure**.
Run it against older code with ``PYTHONPATH=<old tree>/src`` to compare.

    PYTHONPATH=src .venv/bin/python benchmarks/draft_clinic.py
"""

from __future__ import annotations

import datetime as dt
import time

import polars as pl

import simulacra
from simulacra.draft import draft

REQUEST = (
    "a dental clinic: 2,000 patients, 12 dentists, appointments with a 5% no-show rate, invoices and insurance "
    "claims; German locale"
)
#: the last instant of the request's time span (none asked: 2023-01-01 to 2024-12-31)
_END = dt.datetime(2024, 12, 31, 23, 59, 59)
#: claim kinds of a property or motor insurer
_NOT_HEALTH = ["theft", "accident", "water_damage"]


def main() -> None:
    t0, c0 = time.perf_counter(), time.process_time()
    d = draft(REQUEST)
    f = simulacra.generate(d.spec, seed=5).frames
    appt, inv, claims = f["appointments"], f["invoices"], f["claims"]
    at = appt["scheduled_at"]
    issued = inv["issued_at"]
    gone = appt.filter(pl.col("status").is_in(["cancelled", "no_show"]))["appointment_id"]
    joined = claims.join(inv.select("invoice_id", pl.col("amount").alias("invoice_amount")), on="invoice_id")
    rows = [
        ("appointments on a Saturday or Sunday", at.dt.weekday().ge(6).mean()),
        ("appointments on a Sunday", at.dt.weekday().eq(7).mean()),
        ("appointments before 7:00 or from 19:00", (~at.dt.hour().is_between(7, 18)).mean()),
        ("claims of a property/motor kind (theft, accident, water damage)", claims["kind"].is_in(_NOT_HEALTH).mean()),
        ("claims asking more than their invoice", (joined["amount_claimed"] > joined["invoice_amount"]).mean()),
        ("invoices issued at a weekend", issued.dt.weekday().ge(6).mean()),
        ("invoices issued before 7:00 or from 20:00", (~issued.dt.hour().is_between(7, 19)).mean()),
        ("invoices charging VAT", inv["tax_rate"].cast(pl.Float64).gt(0).mean()),
        ("appointments after the span (2024-12-31)", at.gt(_END).mean()),
        ("invoices issued after the span", issued.gt(_END).mean()),
        ("claims filed after the span", claims["filed_at"].gt(_END).mean()),
        ("invoices of a cancelled or no-show appointment", inv["appointment_id"].is_in(gone.implode()).mean()),
    ]
    for what, share in rows:
        print(f"{float(share or 0):7.1%}  {what}")  # type: ignore[arg-type]
    print(f"claim kinds: {sorted(claims['kind'].unique().to_list())}")
    print(f"appointment reasons: {sorted(appt['reason'].unique().to_list())}")
    print(
        f"\n{appt.height:,} appointments, {claims.height:,} claims; {time.perf_counter() - t0:.1f} s wall, "
        f"{time.process_time() - c0:.1f} s CPU (dev: the issue's own request)"
    )


if __name__ == "__main__":
    main()
