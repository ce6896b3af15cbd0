"""A seeded hospital database nobody tuned for: the held-out-like test of issue 13's structure classes.

Written to play a real database the learner has never seen (a domain not used by the other
benchmarks: no Berka, motorsport, shop, HR or support). Every structure class the issue names is
planted by construction, so a checker (``learn_heldout_db.py``) can score each on a sample:

* order 1..n within a parent that follows another column: ``procedures.seq`` numbers an admission's
  procedures in ``performed_at`` order; ``invoice_items.line_no`` numbers an invoice's lines;
* uniqueness within a parent: one lab result per (admission, test); one bed per (ward, bed_no)
  among the ward's beds;
* a child's dates inside its parent's period: a procedure and a lab sample taken between the
  admission's ``admitted_on`` and ``discharged_on``; discharge on or after admission;
  the patient's age at admission from ``birth_date`` and ``admitted_on``;
* children counted per the parent that structures them when there are several: procedures have an
  admission and a surgeon; their number follows the admission's length of stay, not the surgeon;
* formatted strings: theatre times ``1:27:45``, overruns ``+8:22`` / ``-3:05``, registration dates
  ``01-Jan-1995``, lab values ``7.2 mmol/L`` (the unit is the test's);
* postcodes (UK-like ``AB12 3CD``) and surnames (built from syllables), which a sample should make
  fresh rather than copy;
* parent totals: ``invoices.total`` is the sum of its items' ``amount``; ``admissions.n_procedures``
  the count of its procedures;
* keys matched through a parent: ``lab_results.patient_id`` is its admission's patient;
  ``invoices.patient_id`` too;
* lookups explaining a column exactly: a procedure's ``code`` gives its ``description`` and
  ``tariff``; a lab test's ``test_code`` gives its unit; a ward's ``specialty`` gives its ``floor``;
* dates inside the observed range (the checker compares every date column's span).

    PYTHONPATH=src .venv/bin/python benchmarks/heldout_hospital.py OUT.db [--seed 7] [--patients 700] [--csv DIR]

Generated data: no split applies; the first run of the checker on it is the held-out-like figure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path

import numpy as np
import polars as pl

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SYLLABLES = (
    "ash",
    "bro",
    "cal",
    "dun",
    "el",
    "fen",
    "gar",
    "hol",
    "ing",
    "kel",
    "lor",
    "mar",
    "nor",
    "orr",
    "pen",
    "quil",
    "ros",
    "stan",
    "tre",
    "ul",
    "ver",
    "wick",
    "yar",
    "zen",
    "by",
    "ton",
    "ley",
    "ford",
)
FIRST = (
    "Ada",
    "Ben",
    "Cora",
    "Dev",
    "Edda",
    "Finn",
    "Gita",
    "Hal",
    "Iris",
    "Jon",
    "Kaya",
    "Lev",
    "Mina",
    "Noor",
    "Otto",
    "Pia",
    "Quin",
    "Rhea",
    "Sami",
    "Tove",
    "Uma",
    "Vik",
    "Wren",
    "Yuki",
    "Zoe",
)
WARDS = (  # specialty -> floor is a lookup (each specialty on one floor)
    ("Cardiology", 3),
    ("Orthopaedics", 2),
    ("Oncology", 4),
    ("General Surgery", 1),
    ("Neurology", 5),
)
PROCEDURES = (  # code -> description, tariff: a lookup the table repeats on every row
    ("P101", "Angiogram", 1450.0),
    ("P102", "Stent insertion", 5200.0),
    ("P201", "Hip replacement", 8900.0),
    ("P202", "Knee arthroscopy", 2300.0),
    ("P301", "Chemotherapy cycle", 3100.0),
    ("P302", "Biopsy", 760.0),
    ("P401", "Appendectomy", 4100.0),
    ("P402", "Hernia repair", 2950.0),
    ("P501", "Lumbar puncture", 540.0),
    ("P502", "EEG", 310.0),
    ("P900", "X-ray", 95.0),
    ("P901", "CT scan", 480.0),
)
BY_SPECIALTY = {
    "Cardiology": ("P101", "P102", "P900", "P901"),
    "Orthopaedics": ("P201", "P202", "P900", "P901"),
    "Oncology": ("P301", "P302", "P901"),
    "General Surgery": ("P401", "P402", "P900", "P901"),
    "Neurology": ("P501", "P502", "P901"),
}
LABS = (  # test_code -> unit, mean, sd, decimals
    ("GLU", "mmol/L", 6.1, 1.4, 1),
    ("K", "mmol/L", 4.2, 0.5, 1),
    ("NA", "mmol/L", 139.0, 3.0, 0),
    ("HB", "g/dL", 13.2, 1.7, 1),
    ("CRP", "mg/L", 18.0, 15.0, 0),
    ("CREA", "umol/L", 88.0, 22.0, 0),
    ("WBC", "10^9/L", 7.8, 2.4, 1),
)
ITEM_KINDS = ("bed days", "procedures", "pharmacy", "imaging", "consumables")


def surname(rng: np.random.Generator) -> str:
    n = int(rng.choice([2, 2, 3]))
    return "".join(rng.choice(SYLLABLES, n)).capitalize()


def postcode(rng: np.random.Generator) -> str:
    az = "ABCDEFGHJKLMNPRSTUWXYZ"
    area = "".join(rng.choice(list(az), int(rng.integers(1, 3))))
    return f"{area}{int(rng.integers(1, 30))} {int(rng.integers(0, 10))}{''.join(rng.choice(list(az), 2))}"


def dmy(d: dt.date) -> str:
    return f"{d.day:02d}-{MONTHS[d.month - 1]}-{d.year}"


def age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def hms(seconds: int) -> str:
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def signed_ms(seconds: int) -> str:
    return f"{'+' if seconds >= 0 else '-'}{abs(seconds) // 60}:{abs(seconds) % 60:02d}"


def hospital(seed: int = 7, n_patients: int = 700) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    wards = pl.DataFrame(
        {
            "ward_id": list(range(1, 11)),
            "name": [f"{WARDS[i % 5][0]} {'AB'[i // 5]}" for i in range(10)],
            "specialty": [WARDS[i % 5][0] for i in range(10)],
            "floor": [WARDS[i % 5][1] for i in range(10)],
            "beds": [int(rng.integers(12, 30)) for _ in range(10)],
        }
    )
    beds = pl.DataFrame(
        [
            {
                "bed_id": None,
                "ward_id": w,
                "bed_no": f"{w:02d}-{b:02d}",
                "kind": str(rng.choice(["standard", "side room", "HDU"], p=[0.75, 0.2, 0.05])),
            }
            for w, n in zip(wards["ward_id"], wards["beds"], strict=True)
            for b in rng.permutation(np.arange(1, 40))[:n]
        ]
    ).with_columns(bed_id=pl.int_range(1, pl.len() + 1))
    staff_rows = []
    for i in range(60):
        w = int(rng.integers(1, 11))
        staff_rows.append(
            {
                "staff_id": 100 + i,
                "surname": surname(rng),
                "role": str(rng.choice(["surgeon", "physician", "anaesthetist"], p=[0.5, 0.35, 0.15])),
                "ward_id": w,
            }
        )
    staff = pl.DataFrame(staff_rows)
    surgeons_by_ward = {
        w: staff.filter((pl.col("ward_id") == w) & (pl.col("role") == "surgeon"))["staff_id"].to_list()
        for w in range(1, 11)
    }
    all_surgeons = staff.filter(pl.col("role") == "surgeon")["staff_id"].to_list()

    first_day, last_day = dt.date(2019, 1, 1), dt.date(2023, 12, 31)
    patients_rows = []
    for pid in range(1, n_patients + 1):
        born = dt.date(1930, 1, 1) + dt.timedelta(days=int(rng.integers(0, 365 * 75)))
        reg = max(born, dt.date(1995, 1, 1)) + dt.timedelta(days=int(rng.integers(0, 365 * 20)))
        reg = min(reg, first_day - dt.timedelta(days=1))
        patients_rows.append(
            {
                "patient_id": pid,
                "surname": surname(rng),
                "first_name": str(rng.choice(FIRST)),
                "sex": str(rng.choice(["F", "M"])),
                "birth_date": born,
                "postcode": postcode(rng),
                "registered": dmy(reg),
            }
        )
    patients = pl.DataFrame(patients_rows)

    adm, proc, labs, inv, items = [], [], [], [], []
    spec_of = dict(zip(wards["ward_id"], wards["specialty"], strict=True))
    for p in patients.iter_rows(named=True):
        for _ in range(int(rng.poisson(1.3)) + (1 if rng.random() < 0.7 else 0)):
            aid = len(adm) + 1
            ward = int(rng.integers(1, 11))
            start = first_day + dt.timedelta(days=int(rng.integers(0, (last_day - first_day).days - 40)))
            stay = int(rng.geometric(0.22)) - 1  # 0 = day case
            end = start + dt.timedelta(days=stay)
            # procedures structured by the admission: more on a longer stay (the surgeon does not drive it)
            n_proc = int(min(rng.poisson(0.6 + 0.35 * stay), 9))
            times = sorted(
                dt.datetime.combine(start, dt.time(7))
                + dt.timedelta(minutes=int(rng.integers(0, (stay * 24 + 12) * 60)))
                for _ in range(n_proc)
            )
            codes = BY_SPECIALTY[spec_of[ward]]
            pool = surgeons_by_ward[ward] or all_surgeons
            for seq, at in enumerate(times, start=1):
                code, desc, tariff = PROCEDURES[[c for c, _, _ in PROCEDURES].index(str(rng.choice(codes)))]
                planned = int(rng.integers(20, 240)) * 60
                took = max(600, planned + int(rng.normal(0, 900)))
                proc.append(
                    {
                        "procedure_id": len(proc) + 1,
                        "admission_id": aid,
                        "surgeon_id": int(rng.choice(pool)),
                        "seq": seq,
                        "performed_at": at,
                        "code": code,
                        "description": desc,
                        "tariff": tariff,
                        "theatre_time": hms(took),
                        "overrun": signed_ms(took - planned),
                    }
                )
            tests = rng.permutation(len(LABS))[: int(rng.integers(1, len(LABS) + 1))]
            for t in tests:
                code, unit, mu, sd, dec = LABS[int(t)]
                value = max(0.1, rng.normal(mu, sd))
                taken = dt.datetime.combine(start, dt.time(6)) + dt.timedelta(
                    minutes=int(rng.integers(0, (stay * 24 + 14) * 60))
                )
                labs.append(
                    {
                        "result_id": len(labs) + 1,
                        "admission_id": aid,
                        "patient_id": p["patient_id"],
                        "test_code": code,
                        "taken_at": taken,
                        "value": f"{value:.{dec}f} {unit}",
                    }
                )
            adm.append(
                {
                    "admission_id": aid,
                    "patient_id": p["patient_id"],
                    "ward_id": ward,
                    "admitted_on": start,
                    "discharged_on": end,
                    "age_at_admission": age(p["birth_date"], start),
                    "n_procedures": n_proc,
                }
            )
            iid = len(inv) + 1
            kinds = ["bed days"] + [k for k in ITEM_KINDS[1:] if rng.random() < 0.5]
            amounts = [round(float(rng.gamma(2.0, 400.0)) + 50, 2) for _ in kinds]
            for line, (kind, amount) in enumerate(zip(kinds, amounts, strict=True), start=1):
                items.append(
                    {"item_id": len(items) + 1, "invoice_id": iid, "line_no": line, "kind": kind, "amount": amount}
                )
            inv.append(
                {
                    "invoice_id": iid,
                    "admission_id": aid,
                    "patient_id": p["patient_id"],
                    "issued_on": end + dt.timedelta(days=int(rng.integers(1, 15))),
                    "total": round(sum(amounts), 2),
                }
            )
    return {
        "wards": wards.drop("beds"),
        "beds": beds.select("bed_id", "ward_id", "bed_no", "kind"),
        "staff": staff,
        "patients": patients,
        "admissions": pl.DataFrame(adm),
        "procedures": pl.DataFrame(proc),
        "lab_results": pl.DataFrame(labs),
        "invoices": pl.DataFrame(inv),
        "invoice_items": pl.DataFrame(items),
    }


def write_sqlite(frames: dict[str, pl.DataFrame], path: Path) -> None:
    """Plain tables with primary keys and no declared foreign keys (as many exports are)."""
    path.unlink(missing_ok=True)
    con = sqlite3.connect(path)
    for name, f in frames.items():
        types = {c: "INTEGER" if d.is_integer() else "REAL" if d.is_float() else "TEXT" for c, d in f.schema.items()}
        cols = ", ".join(f'"{c}" {t}{" PRIMARY KEY" if i == 0 else ""}' for i, (c, t) in enumerate(types.items()))
        con.execute(f'CREATE TABLE "{name}" ({cols})')
        rows = [
            tuple(
                v.isoformat(sep=" ") if isinstance(v, dt.datetime) else v.isoformat() if isinstance(v, dt.date) else v
                for v in r
            )
            for r in f.iter_rows()
        ]
        con.executemany(f'INSERT INTO "{name}" VALUES ({", ".join("?" * f.width)})', rows)
    con.commit()
    con.close()


def write_csv(frames: dict[str, pl.DataFrame], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, f in frames.items():
        f.write_csv(folder / f"{name}.csv")


def cli(doc: str, build: Callable[[int, int], dict[str, pl.DataFrame]], seed: int, size: str, rows: int) -> None:
    """A held-out-like database's command line: OUT (SQLite), --seed, its size option, --csv FOLDER."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=seed)
    ap.add_argument(f"--{size}", type=int, default=rows)
    ap.add_argument("--csv", type=Path)
    args = ap.parse_args()
    frames = build(args.seed, getattr(args, size))
    write_sqlite(frames, args.out)
    if args.csv:
        write_csv(frames, args.csv)
    for n, f in frames.items():
        print(f"{n}: {f.height} rows")


def main() -> None:
    cli(__doc__ or "", hospital, 7, "patients", 700)


if __name__ == "__main__":
    main()
