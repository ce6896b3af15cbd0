"""Codes with check digits learned and sampled valid (issue 13): a planted shop-and-bank database whose code columns
pass a check-digit scheme (cards and IMEIs: Luhn; EAN-13, UPC-A, ISBN-13: GTIN; ISBN-10 with its X; an IBAN;
a Dutch BSN and a Norwegian-style id: weighted mod 11; a routing number: weighted mod 10 (3-7-1); Verhoeff and
Damm ids) beside look-alike columns of random digits. ``inspect`` → fit → sample; per column, the share of the
source's values and of the sampled values passing the column's planted scheme (1 in 10 by chance, 1 in 97 for the
IBAN), and whether the draft gave the column a ``check_digit``.

    PYTHONPATH=src python benchmarks/check_digits_db.py [--seeds 1,2,3] [--rows 800]
    PYTHONPATH=src python benchmarks/check_digits_db.py --berka ../shared/data/berka   # real data: no scheme
    PYTHONPATH=src python benchmarks/check_digits_db.py --speed 300000                 # generate CPU

The schemes are written here on their own (not imported from simulacra), so another checkout's ``src`` on
``PYTHONPATH`` gives the before side. Generated data: the seeds are the dev set (the columns were inspected
while building).
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from collections.abc import Callable

import numpy as np
import polars as pl

Digits = list[int]

# Verhoeff's dihedral group D5 written out (the table is the scheme: generated rules get it wrong easily)
_VD = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
]
_VP = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4]]
for _ in range(6):
    _VP.append([_VP[1][d] for d in _VP[-1]])
_DAMM = [
    [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
    [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
    [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
    [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
    [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
    [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
    [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
    [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
    [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
    [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
]


def _digits(v: str) -> Digits:
    return [10 if ch == "X" else int(ch) for ch in v if ch.isdigit() or ch == "X"]


def luhn_ok(v: str) -> bool:
    d = _digits(v)
    return sum(x if i % 2 == 0 else (2 * x if x < 5 else 2 * x - 9) for i, x in enumerate(reversed(d))) % 10 == 0


def gtin_ok(v: str) -> bool:
    return sum(x * (1 if i % 2 == 0 else 3) for i, x in enumerate(reversed(_digits(v)))) % 10 == 0


def isbn10_ok(v: str) -> bool:
    d = _digits(v)
    return len(d) == 10 and 10 not in d[:-1] and sum(x * (10 - i) for i, x in enumerate(d)) % 11 == 0


def iban_ok(v: str) -> bool:
    s = v.replace(" ", "")
    return int("".join(str(int(ch, 36)) for ch in s[4:] + s[:4])) % 97 == 1


def bsn_ok(v: str) -> bool:  # the Dutch "11-proef": 9..2 and -1
    d = _digits(v)
    return len(d) == 9 and sum(x * w for x, w in zip(d, [9, 8, 7, 6, 5, 4, 3, 2, -1], strict=True)) % 11 == 0


def nor_ok(v: str) -> bool:  # a Norwegian-style first check digit: weights 3 7 6 1 8 9 4 5 2, then 1
    d = _digits(v)
    return len(d) == 10 and sum(x * w for x, w in zip(d, [3, 7, 6, 1, 8, 9, 4, 5, 2, 1], strict=True)) % 11 == 0


def aba_ok(v: str) -> bool:  # a US routing number: 3 7 1 repeated, mod 10
    return sum(x * (3, 7, 1)[i % 3] for i, x in enumerate(_digits(v))) % 10 == 0


def verhoeff_ok(v: str) -> bool:
    c = 0
    for i, x in enumerate(reversed(_digits(v))):
        c = _VD[c][_VP[i % 8][x]]
    return c == 0


def damm_ok(v: str) -> bool:
    c = 0
    for x in _digits(v):
        c = _DAMM[c][x]
    return c == 0


def _complete(payload: str, ok: Callable[[str], bool], chars: str = "0123456789") -> str | None:
    """``payload`` and the one last character that passes ``ok`` (None when none does: a mod-11 10)."""
    for ch in chars:
        if ok(payload + ch):
            return payload + ch
    return None


def _column(
    rng: np.random.Generator, n: int, draw: Callable[[np.random.Generator], str], ok: Callable[[str], bool], x: bool
) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < n:
        v = _complete(draw(rng), ok, "0123456789X" if x else "0123456789")
        if v is not None and v not in seen:
            seen.add(v)
            out.append(v)
    return out


def _num(rng: np.random.Generator, k: int) -> str:
    return "".join(str(int(d)) for d in rng.integers(0, 10, k))


def plant(seed: int, rows: int = 800) -> tuple[dict[str, pl.DataFrame], dict[str, Callable[[str], bool]]]:
    """The database (customers, devices, products, suppliers, orders) and each code column's check
    (``table.column``; a random look-alike's is the scheme it looks like, which it passes about 1 in 10)."""
    rng = np.random.default_rng(seed)
    card_len = int(rng.choice([15, 16]))
    card_pre = str(int(rng.choice([4, 51, 52, 53, 37, 6011])))
    acc_len = int(rng.integers(8, 13))
    ean_pre = f"{int(rng.integers(30, 99)):02d}"
    upc_pre = str(int(rng.integers(0, 10)))
    tac = _num(rng, 8)
    isbn_group = str(int(rng.integers(0, 10)))
    bank = _num(rng, 8)
    checks: dict[str, Callable[[str], bool]] = {}

    def col(
        name: str, draw: Callable[[np.random.Generator], str], ok: Callable[[str], bool], x: bool = False
    ) -> list[str]:
        checks[name] = ok
        return _column(rng, rows, draw, ok, x)

    customers = pl.DataFrame(
        {
            "customer_id": np.arange(1, rows + 1),
            "card_number": col(
                "customers.card_number", lambda r: card_pre + _num(r, card_len - len(card_pre) - 1), luhn_ok
            ),
            "account": col("customers.account", lambda r: "ACC-" + _num(r, acc_len - 1), luhn_ok),
            "bsn": col("customers.bsn", lambda r: str(int(r.integers(1, 10))) + _num(r, 7), bsn_ok),
            "phone_ref": [_num(rng, 10) for _ in range(rows)],  # random digits: no scheme
            "tier": rng.choice(["basic", "plus", "gold"], rows),
        }
    )
    checks["customers.phone_ref"] = luhn_ok
    devices = pl.DataFrame(
        {
            "device_id": np.arange(1, rows + 1),
            "customer_id": rng.integers(1, rows + 1, rows),
            "imei": col("devices.imei", lambda r: tac + _num(r, 6), luhn_ok),
            "serial": [_num(rng, 12) for _ in range(rows)],  # random digits: no scheme
        }
    )
    checks["devices.serial"] = luhn_ok
    products = pl.DataFrame(
        {
            "product_id": np.arange(1, rows + 1),
            "ean": col("products.ean", lambda r: ean_pre + _num(r, 10), gtin_ok),
            "upc": col("products.upc", lambda r: upc_pre + _num(r, 10), gtin_ok),
            "isbn13": [
                f"978-{isbn_group}-{v[4:7]}-{v[7:12]}-{v[12]}"
                for v in col("products.isbn13", lambda r: "978" + isbn_group + _num(r, 8), gtin_ok)
            ],
            "isbn10": col("products.isbn10", lambda r: isbn_group + _num(r, 8), isbn10_ok, x=True),
            "lot": [_num(rng, 13) for _ in range(rows)],  # random digits: no scheme
            "price": np.round(rng.uniform(2, 90, rows), 2),
        }
    )
    checks["products.isbn13"] = gtin_ok
    checks["products.lot"] = gtin_ok

    def iban(r: np.random.Generator) -> str:
        bban = bank + _num(r, 10)
        s = bban + "DE00"
        check = 98 - int("".join(str(int(ch, 36)) for ch in s)) % 97
        raw = f"DE{check:02d}{bban}"
        return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))

    suppliers = pl.DataFrame(
        {
            "supplier_id": np.arange(1, rows + 1),
            "iban": [iban(rng) for _ in range(rows)],
            "routing": col("suppliers.routing", lambda r: "0" + str(int(r.integers(1, 10))) + _num(r, 6), aba_ok),
            "national_id": col("suppliers.national_id", lambda r: _num(r, 9), nor_ok),
            "vat_ref": col("suppliers.vat_ref", lambda r: str(int(r.integers(1, 10))) + _num(r, 6), verhoeff_ok),
            "member": col("suppliers.member", lambda r: str(int(r.integers(1, 10))) + _num(r, 5), damm_ok),
            "ref": [_num(rng, 10) for _ in range(rows)],  # random digits: no scheme
        }
    )
    checks["suppliers.iban"] = iban_ok
    checks["suppliers.ref"] = nor_ok
    orders = pl.DataFrame(
        {
            "order_id": np.arange(1, 2 * rows + 1),
            "customer_id": rng.integers(1, rows + 1, 2 * rows),
            "product_id": rng.integers(1, rows + 1, 2 * rows),
            "supplier_id": rng.integers(1, rows + 1, 2 * rows),
            "quantity": rng.integers(1, 6, 2 * rows),
        }
    )
    frames = {
        "customers": customers,
        "devices": devices,
        "products": products,
        "suppliers": suppliers,
        "orders": orders,
    }
    return frames, checks


def _cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def berka(folder: str) -> None:
    """Real data with no check digits (Berka's ids, dates, account numbers, birth numbers): every column of 30+
    distinct 4+ digit values, at its most common width, tried with ``find_check_digit``; none should get one."""
    import glob

    from simulacra.inspection._check_digits import find_check_digit

    tried = found = 0
    for f in sorted(glob.glob(os.path.join(folder, "*.asc"))):
        df = pl.read_csv(f, separator=";", infer_schema_length=0, truncate_ragged_lines=True)
        for c in df.columns:
            s = df[c].drop_nulls().str.strip_chars()
            s = s.filter(s.str.contains(r"^\d{4,}$"))
            if s.n_unique() < 30:
                continue
            width = int(s.str.len_chars().mode()[0])
            got = find_check_digit(s.filter(s.str.len_chars() == width), "#" * width)
            tried, found = tried + 1, found + (got is not None)
            print(f"{os.path.basename(f)}.{c}: {s.n_unique():,} distinct, width {width}: {got}")
    print(f"{tried} digit columns tried, {found} given a scheme")


def speed(rows: int) -> None:
    """``generate`` CPU for one pattern column of ``rows`` rows, without and with each check digit (best of 3)."""
    import yaml

    from simulacra.pipeline import generate
    from simulacra.spec.load import load_spec

    for pattern, extra in (
        ("4###############", ""),
        ("4###############", ", check_digit: luhn"),
        ("978#########", ", check_digit: ean"),
        ("#########", ', check_digit: "mod11:9,8,7,6,5,4,3,2"'),
        ("######", ", check_digit: verhoeff"),
    ):
        col = f'{{generator: pattern, pattern: "{pattern}"{extra}}}'
        spec = load_spec(yaml.safe_load(f"seed: 1\ntables:\n  t:\n    rows: {rows}\n    columns:\n      c: {col}\n"))
        best = float("inf")
        for _ in range(3):
            c0 = time.process_time()
            generate(spec)
            best = min(best, time.process_time() - c0)
        print(f"{col:70} {rows:,} rows: CPU {best:.2f} s")
    print(f"load {os.getloadavg()[0]:.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--rows", type=int, default=800)
    ap.add_argument("--berka", metavar="FOLDER", help="instead: try every digit column of Berka's .asc files")
    ap.add_argument("--speed", type=int, metavar="ROWS", help="instead: generate CPU with and without check digits")
    args = ap.parse_args()
    if args.speed:
        speed(args.speed)
        return
    if args.berka:
        berka(args.berka)
        return
    from simulacra import DatasetSynthesizer
    from simulacra.inspection import inspect
    from simulacra.sources import ForeignKey, Source

    fks = [
        ForeignKey("devices", "customer_id", "customers", "customer_id"),
        ForeignKey("orders", "customer_id", "customers", "customer_id"),
        ForeignKey("orders", "product_id", "products", "product_id"),
        ForeignKey("orders", "supplier_id", "suppliers", "supplier_id"),
    ]
    per: dict[str, list[tuple[float, float, str]]] = {}
    t0, c0 = time.perf_counter(), _cpu()
    for seed in [int(s) for s in args.seeds.split(",")]:
        frames, checks = plant(seed, args.rows)
        pks = {t: [f.columns[0]] for t, f in frames.items()}
        src = Source(location=f"checkdigits-{seed}", kind="folder", frames=frames, primary_keys=pks, foreign_keys=fks)
        spec = inspect(src).spec
        out = DatasetSynthesizer(seed=0).fit(frames, spec).sample(seed=seed)
        for key, ok in checks.items():
            t, c = key.split(".")
            col = spec.tables[t].columns[c]
            drafted = getattr(col, "check_digit", None) or f"({getattr(col, 'generator', '?')}, no check)"
            src_share = float(np.mean([ok(v) for v in frames[t][c].to_list()]))
            got = [v for v in out[t][c].to_list() if v is not None]
            per.setdefault(key, []).append((src_share, float(np.mean([ok(v) for v in got])) if got else 0.0, drafted))
    print(f"{'column':26} {'source':>7} {'sample':>7} {'worst':>7}  drafted (seeds {args.seeds}, {args.rows} rows)")
    planted = [k for k in per if per[k][0][0] > 0.5]
    for key, rows in per.items():
        src = np.mean([r[0] for r in rows])
        smp = np.mean([r[1] for r in rows])
        worst = min(r[1] for r in rows)
        print(f"{key:26} {src:7.3f} {smp:7.3f} {worst:7.3f}  {' | '.join(sorted({r[2] for r in rows}))}")
    mean_planted = np.mean([r[1] for k in planted for r in per[k]])
    print(
        f"planted columns: mean share of sampled codes passing their scheme {mean_planted:.3f} ({len(planted)} columns)"
    )
    print(f"wall {time.perf_counter() - t0:.1f} s, CPU {_cpu() - c0:.1f} s, load {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
