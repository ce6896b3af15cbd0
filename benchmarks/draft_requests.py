"""Requests about settings the draft catalogue was not written for: what a reader of the request expects.

Each request lists the tables a person reading it expects (by name), tables it must not invent, the
table its rate belongs to, and row counts it states. The script drafts each offline, generates it
at a small scale, and prints per request which expectations hold, then the totals.

These requests were written while building the rules they check: **every figure is a dev figure**.
Run the same script against older code with ``PYTHONPATH=<old tree>/src`` to compare.

    PYTHONPATH=src .venv/bin/python benchmarks/draft_requests.py
"""

from __future__ import annotations

import argparse
import time
from typing import Any

import simulacra
from simulacra.draft import draft

#: (request, tables expected, tables that must not appear, the rate's table or None, {table: rows})
REQUESTS: list[tuple[str, set[str], set[str], str | None, dict[str, int]]] = [
    (
        "an airline: 40 aircraft, 300 flights per day for a week, passengers with bookings and seat assignments, "
        "2% of flights cancelled",
        {"aircraft", "flights", "passengers", "bookings", "seat_assignments"},
        {"appointments", "submissions", "orders"},
        "flights",
        {"aircraft": 40, "flights": 2100},
    ),
    (
        "a public library with members, books, copies of each book and loans; 10% of loans returned late",
        {"members", "books", "copies", "loans"},
        {"policyholders", "orders", "shipments"},
        "loans",
        {},
    ),
    (
        "a telecom operator: 5,000 subscribers on 8 plans, monthly bills for a year, 3% of bills unpaid, call records",
        {"subscribers", "plans", "bills", "calls"},
        set(),
        "bills",
        {"subscribers": 5000, "plans": 8, "bills": 60000},
    ),
    (
        "a ride-hailing service: 1,000 drivers, 20,000 riders, trips with a 0.5% fraud rate and ratings",
        {"drivers", "riders", "trips"},
        {"orders", "route_stops"},
        "trips",
        {"drivers": 1000, "riders": 20000},
    ),
    (
        "a payroll system for a 500-person company with monthly payslips in 2024",
        {"employees", "payslips"},
        set(),
        None,
        {"employees": 500, "payslips": 6000},
    ),
    (
        "a crypto exchange with 10,000 traders, wallets, trades and withdrawals; 0.2% of withdrawals flagged as "
        "money laundering",
        {"traders", "wallets", "trades", "withdrawals"},
        {"enrollments"},
        "withdrawals",
        {"traders": 10000},
    ),
    (
        "a university: 8 faculties, 300 professors, 12,000 students, courses, enrollments and exam results; 7% of "
        "students drop out",
        {"faculties", "students", "courses", "enrollments"},
        set(),
        "students",
        {"faculties": 8, "students": 12000},
    ),
    (
        "an online course platform: 200 courses, 15,000 learners, enrollments, quiz submissions, 20% of enrollments "
        "never completed",
        {"courses", "enrollments"},
        set(),
        "enrollments",
        {"courses": 200},
    ),
    (
        "a hospital with 300 doctors, 40,000 patients, admissions, lab results and prescriptions; 2% readmissions",
        {"doctors", "patients", "admissions", "lab_results", "prescriptions"},
        set(),
        "admissions",
        {"doctors": 300, "patients": 40000},
    ),
    (
        "an insurance company: 3,000 policyholders, home and car policies, claims, 5% of claims fraudulent",
        {"policyholders", "policies", "claims"},
        {"vehicles"},
        "claims",
        {"policyholders": 3000},
    ),
    (
        "a hotel chain: 20 hotels, rooms, 3,000 guests and stays with a 2% no-show rate; French locale",
        {"hotels", "rooms", "guests", "stays"},
        {"appointments"},
        "stays",
        {"hotels": 20, "guests": 3000},
    ),
    (
        "a property manager with 300 apartments, tenants, leases and rent payments; 5% of rent payments late",
        {"apartments", "tenants", "leases", "rent_payments"},
        {"shipments"},
        "rent_payments",
        {"apartments": 300},
    ),
    (
        "a factory: 40 machines, sensors, sensor readings with 1% anomalies, work orders",
        {"machines", "sensors", "readings", "work_orders"},
        set(),
        "readings",
        {"machines": 40},
    ),
    (
        "an energy supplier: 2,000 customers with smart meters, monthly meter readings for 2 years, 50 outages",
        {"customers", "meters", "meter_readings", "outages"},
        set(),
        None,
        {"customers": 2000, "outages": 50, "meter_readings": 48000},
    ),
    (
        "a bike sharing scheme: 300 stations, 2,500 bikes, 40,000 rides in 2023, 1% of rides end with damage",
        {"stations", "bikes", "rides"},
        {"shipments"},
        "rides",
        {"stations": 300, "bikes": 2500, "rides": 40000},
    ),
    (
        "a marina: 300 boats at 12 piers",
        {"boats", "piers"},
        set(),
        None,
        {"boats": 300, "piers": 12},
    ),
    (
        "a SaaS company with 300 organizations, 5,000 users, subscriptions, 2% churn per month, and product events",
        {"organizations", "users", "subscriptions", "events"},
        set(),
        "users",
        {"organizations": 300, "users": 5000},
    ),
]


#: written after the rules above, expectations first, then run once; not tuned on ("--after"). When drafts
#: began to name a catalogue kind's table by the request's own noun (2026-12-03), the expected names followed
#: ('parcels', not 'shipments'; 'bills', 'apartments' above); no other expectation changed.
AFTER: list[tuple[str, set[str], set[str], str | None, dict[str, int]]] = [
    (
        "a cinema chain: 15 cinemas, 120 screens, 9,000 screenings in 2024, tickets, 3% of screenings sold out",
        {"cinemas", "screens", "screenings"},
        {"orders", "appointments"},
        "screenings",
        {"cinemas": 15, "screens": 120, "screenings": 9000},
    ),
    (
        "a car dealership: 6 showrooms, 40 salespeople, 2,000 cars, test drives and sales; 15% of test drives "
        "lead to a sale",
        {"showrooms", "test_drives"},
        {"shipments"},
        "test_drives",
        {"showrooms": 6},
    ),
    (
        "a water utility: 80,000 households with water meters, quarterly meter readings for 3 years, 1% of "
        "readings estimated",
        {"households", "meters", "meter_readings"},
        set(),
        "meter_readings",
        {"households": 80000},
    ),
    (
        "a restaurant group: 12 restaurants, 300 menu items, 60,000 orders in 2023, 2% of orders refunded",
        {"restaurants", "menu_items", "orders"},
        set(),
        "orders",
        {"restaurants": 12, "menu_items": 300, "orders": 60000},
    ),
    (
        "a museum: 5,000 artworks in 40 galleries, 200,000 visits, 10 curators",
        {"artworks", "galleries", "visits", "curators"},
        set(),
        None,
        {"artworks": 5000, "galleries": 40, "visits": 200000, "curators": 10},
    ),
    (
        "a recruitment agency with 400 employers, 2,500 job postings, 30,000 candidates and applications; 5% of "
        "applications end in a hire",
        {"employers", "job_postings", "candidates", "applications"},
        set(),
        "applications",
        {"employers": 400, "job_postings": 2500, "candidates": 30000},
    ),
    (
        "a parcel locker network: 800 lockers, 150,000 parcels per month for a quarter, 0.5% of parcels never "
        "collected",
        {"lockers", "parcels"},
        set(),
        "parcels",
        {"lockers": 800, "parcels": 450000},
    ),
    (
        "a dental practice: 3 dentists, 2 hygienists, 1,800 patients, appointments with an 8% no-show rate; "
        "Dutch locale",
        {"dentists", "hygienists", "patients", "appointments"},
        set(),
        "appointments",
        {"dentists": 3, "hygienists": 2, "patients": 1800},
    ),
]


#: written at the start of the next round (2026-12-03), before its rules, expectations first, then run once
#: ("--after2"); every rule written after that run makes these dev requests too
AFTER2: list[tuple[str, set[str], set[str], str | None, dict[str, int]]] = [
    (
        "a veterinary clinic: 4 vets, 3,000 pets and their owners, 12,000 visits over two years, vaccinations; "
        "10% of visits are emergencies",
        {"vets", "pets", "owners", "visits", "vaccinations"},
        {"orders", "shipments"},
        "visits",
        {"vets": 4, "pets": 3000, "visits": 12000},
    ),
    (
        "a gym chain with 25 gyms, 40,000 members, memberships and class bookings; 8% of memberships cancelled",
        {"gyms", "members", "memberships", "class_bookings"},
        {"policyholders", "shipments"},
        "memberships",
        {"gyms": 25, "members": 40000},
    ),
    (
        "a food delivery app: 2,000 restaurants, 50,000 customers, 300,000 orders with order items and couriers; "
        "4% of orders late",
        {"restaurants", "customers", "orders", "order_items", "couriers"},
        {"appointments"},
        "orders",
        {"restaurants": 2000, "customers": 50000, "orders": 300000},
    ),
    (
        "a bike sharing system: 600 stations, 9,000 bikes, 1,000,000 rides in 2024; 1% of rides end in damage reports",
        {"stations", "bikes", "rides"},
        {"orders"},
        "rides",
        {"stations": 600, "bikes": 9000, "rides": 1000000},
    ),
    (
        "a software company's bug tracker: 30 engineers, 12 projects, 8,000 issues and comments; 20% of issues "
        "reopened",
        {"engineers", "projects", "issues", "comments"},
        {"orders", "claims"},
        "issues",
        {"engineers": 30, "projects": 12, "issues": 8000},
    ),
    (
        "a farm cooperative: 150 farms, 400 fields, harvests per field per season for 5 years, 3% of harvests lost "
        "to hail",
        {"farms", "fields", "harvests"},
        set(),
        "harvests",
        {"farms": 150, "fields": 400},
    ),
    (
        "a conference organiser: 20 conferences, 600 speakers, 2,400 talks, 50,000 attendees with tickets; "
        "5% of tickets refunded",
        {"conferences", "speakers", "talks", "attendees", "tickets"},
        {"claims"},
        "tickets",
        {"conferences": 20, "speakers": 600, "talks": 2400, "attendees": 50000},
    ),
    (
        "a pharmacy chain: 90 pharmacies, 1,200 pharmacists, 500,000 prescriptions filled in 2023, 0.3% of "
        "prescriptions flagged for fraud; Spanish locale",
        {"pharmacies", "pharmacists", "prescriptions"},
        {"orders"},
        "prescriptions",
        {"pharmacies": 90, "pharmacists": 1200, "prescriptions": 500000},
    ),
    (
        "an insurance broker: 50 brokers, 8,000 clients, 15,000 policies and 2,000 claims; 6% of claims rejected",
        {"brokers", "clients", "policies", "claims"},
        {"orders"},
        "claims",
        {"brokers": 50, "clients": 8000, "policies": 15000, "claims": 2000},
    ),
    (
        "a marathon: 20,000 runners, 40 checkpoints, split times per runner per checkpoint; 2% of runners "
        "did not finish",
        {"runners", "checkpoints", "split_times"},
        {"orders", "appointments"},
        "runners",
        {"runners": 20000, "checkpoints": 40},
    ),
]


def _checks(
    request: str, want: set[str], banned: set[str], rate_table: str | None, rows: dict[str, int]
) -> list[tuple[str, bool]]:
    try:
        d = draft(request)
    except Exception as exc:  # an old tree may refuse a request: every check fails, and it says why
        return [(f"drafts ({type(exc).__name__})", False)]
    tables = d.spec["tables"]
    out = [(f"table {t}", t in tables) for t in sorted(want)]
    out += [(f"no table {t}", t not in tables) for t in sorted(banned)]
    scenarios = d.spec.get("scenarios", [])
    if rate_table is not None:
        out.append((f"rate on {rate_table}", len(scenarios) == 1 and scenarios[0]["table"] == rate_table))
    try:
        result = simulacra.generate(d.spec, seed=1)
        counts: dict[str, Any] = dict(result.rows)
        out.append(("generates", True))
    except Exception:
        counts = {}
        out.append(("generates", False))
    out += [(f"{t} has {n:,} rows", counts.get(t) == n) for t, n in rows.items()]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--after", action="store_true", help="the requests written after the rules (AFTER)")
    ap.add_argument("--after2", action="store_true", help="the requests written before the next round (AFTER2)")
    args = ap.parse_args()
    requests = AFTER2 if args.after2 else AFTER if args.after else REQUESTS
    held = total = whole = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for request, want, banned, rate_table, rows in requests:
        checks = _checks(request, want, banned, rate_table, rows)
        ok = sum(v for _, v in checks)
        held += ok
        total += len(checks)
        whole += ok == len(checks)
        missed = [name for name, v in checks if not v]
        print(f"{ok:>2}/{len(checks):<2} {request[:70]}" + (f"\n       missed: {', '.join(missed)}" if missed else ""))
    print(
        f"\nchecks held {held}/{total} ({held / total:.1%}); requests with every check held {whole}/{len(requests)}; "
        f"{time.perf_counter() - t0:.1f} s wall, {time.process_time() - c0:.1f} s CPU (dev requests)"
    )


if __name__ == "__main__":
    main()
