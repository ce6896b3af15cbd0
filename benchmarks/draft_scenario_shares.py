"""A drafted scenario's value: its share in generated data against the rate the request asked (issue 20).

    PYTHONPATH=src .venv/bin/python benchmarks/draft_scenario_shares.py

Four requests whose rate names a catalogue scenario that sets a status value the catalogue's own status draw
also holds; each drafted, generated at scale 1 with seed 1, and the value's share printed beside the rate.
"""

import simulacra
from simulacra.draft import draft

R = [
    (
        "a veterinary practice: 1,500 pet owners, 2,200 pets, 8 vets, visits with a 3% cancellation rate, vaccinations and prescriptions; French locale",
        "visits",
        "cancelled",
        0.03,
    ),
    ("an online shop: 3,000 customers, 12,000 orders with a 6% cancellation rate", "orders", "cancelled", 0.06),
    ("a hotel chain with 20 hotels, 8,000 guests and stays with a 4% no-show rate", "stays", "no_show", 0.04),
    ("a SaaS product with 2,000 accounts and subscriptions; 5% churn", "subscriptions", "cancelled", 0.05),
]
for r, t, v, rate in R:
    f = simulacra.generate(draft(r).spec, seed=1).frames[t]
    print(f"{t}: {v} asked {rate} -> {float((f['status'] == v).mean()):.4f} of {f.height:,} rows")
