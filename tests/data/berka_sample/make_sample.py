"""How this sample was cut from the PKDD'99 Berka files (kept for provenance; not run by tests).

    python tests/data/berka_sample/make_sample.py ../shared/data/berka tests/data/berka_sample

Keeps the original bytes of every kept line (``;`` separators, CRLF, quoted strings,
YYMMDD dates): 150 accounts that have transactions in the first months of 1993, their
dispositions, clients, cards, loans and orders, up to 20 transactions per account, and
the districts any kept account or client refers to. Every foreign key resolves.
"""

from __future__ import annotations

import sys
from pathlib import Path


def lines(path: Path) -> tuple[bytes, list[bytes]]:
    raw = path.read_bytes().split(b"\r\n")
    if raw and raw[-1] == b"":
        raw = raw[:-1]
    return raw[0], raw[1:]


def field(line: bytes, i: int) -> str:
    return line.split(b";")[i].decode().strip('"')


def main(src: Path, dst: Path) -> None:
    head = {}
    body = {}
    for name, file in [
        ("account", "account.asc"),
        ("card", "card.asc"),
        ("client", "client.asc"),
        ("disp", "disp.asc"),
        ("district", "district.asc"),
        ("loan", "loan.asc"),
        ("order", "order.asc"),
        ("trans", "trans_prefix_first3MiB.asc"),
    ]:
        head[name], body[name] = lines(src / file)
    with_trans = {field(t, 1) for t in body["trans"]}
    with_loan = {field(x, 1) for x in body["loan"]}
    accounts = [a for a in body["account"] if field(a, 0) in with_trans]
    # a fixed, spread-out choice: every k-th account, preferring those with a loan
    loaned = [a for a in accounts if field(a, 0) in with_loan][:40]
    rest = [a for a in accounts if field(a, 0) not in with_loan]
    step = max(1, len(rest) // 110)
    kept = loaned + rest[::step][:110]
    acc_ids = {field(a, 0) for a in kept}
    disp = [d for d in body["disp"] if field(d, 2) in acc_ids]
    client_ids = {field(d, 1) for d in disp}
    client = [c for c in body["client"] if field(c, 0) in client_ids]
    disp_ids = {field(d, 0) for d in disp}
    card = [c for c in body["card"] if field(c, 1) in disp_ids]
    loan = [x for x in body["loan"] if field(x, 1) in acc_ids]
    order = [o for o in body["order"] if field(o, 1) in acc_ids]
    per: dict[str, int] = {}
    trans = []
    for t in body["trans"]:
        a = field(t, 1)
        if a in acc_ids and per.get(a, 0) < 20:
            per[a] = per.get(a, 0) + 1
            trans.append(t)
    districts = {field(a, 1) for a in kept} | {field(c, 2) for c in client}
    district = [d for d in body["district"] if field(d, 0) in districts]
    out = {
        "account": kept,
        "card": card,
        "client": client,
        "disp": disp,
        "district": district,
        "loan": loan,
        "order": order,
        "trans": trans,
    }
    dst.mkdir(parents=True, exist_ok=True)
    for name, rows in out.items():
        (dst / f"{name}.asc").write_bytes(b"\r\n".join([head[name], *rows]) + b"\r\n")
        print(name, len(rows))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
