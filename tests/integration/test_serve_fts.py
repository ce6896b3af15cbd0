"""``?q=`` through the FTS5 trigram index gives the answers of the scan it replaces (issue 16): two servers of
the same data, one with the index and one without (as on a SQLite without FTS5), get the same writes and
the same random searches (Unicode case folding that changes lengths, LIKE's metacharacters, quotes, text of
one and two characters) and must answer byte for byte alike, before and after writes change the text."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from tests.helpers import plan_of
from tests.serve_live import SHOP_MINI, live_server

from simulacra.serve import build_state
from simulacra.serve import store as store_module
from simulacra.serve.query import search_clause

# ASCII letters and LIKE's metacharacters, quotes, a backslash, and letters whose case folding is not one
# letter for one (ß → ss, ẞ, the ligature ﬁ → fi, İ → i + a combining dot), or folds to ASCII (the Kelvin
# sign K → k), Greek sigmas (Σ σ ς), a combining accent, an emoji
_ALPHABET = "abcsiSIK%_\\'\" -éÉßẞﬁİKΣσς\u0301😀"


def _text(rng: random.Random, low: int, high: int) -> str:
    return "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(low, high)))


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[Any, httpx.Client, httpx.Client]]:
    indexed = build_state(plan_of(SHOP_MINI))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(store_module, "fts5_trigram", lambda: False)
        scanned = build_state(plan_of(SHOP_MINI))
    assert indexed.store.search and not scanned.store.search
    with (
        live_server(indexed) as u1,
        live_server(scanned) as u2,
        httpx.Client(base_url=u1, timeout=20) as a,
        httpx.Client(base_url=u2, timeout=20) as b,
    ):
        yield indexed, a, b


def _both(a: httpx.Client, b: httpx.Client, method: str, path: str, **kw: Any) -> httpx.Response:
    ra, rb = a.request(method, path, **kw), b.request(method, path, **kw)
    assert ra.status_code == rb.status_code and ra.content == rb.content, (method, path, kw)
    return ra


def _probes(rng: random.Random, names: list[str], n: int) -> list[str]:
    out = [
        "%",
        "_",
        "\\",
        "'",
        '"',
        "%_",
        "ss",
        "SS",
        "ß",
        "fi",
        "ﬁ",
        "k",
        "K",
        "i̇",
        "σ",
        "ς",
        "Σ",
        '""',
        "' OR '1'='1",
    ]
    for _ in range(n):
        if rng.random() < 0.5:  # a slice of a planted name, its case flipped at random
            name = rng.choice(names)
            i = rng.randrange(len(name))
            part = name[i : i + rng.randint(1, 6)]
            out.append("".join(ch.upper() if rng.random() < 0.5 else ch.lower() for ch in part))
        else:
            out.append(_text(rng, 1, 5))
    return out


def _compare(a: httpx.Client, b: httpx.Client, probes: list[str]) -> int:
    found = 0
    for probe in probes:
        for path, extra in (("/customers", {"limit": 1000}), ("/orders", {"limit": 7, "sort": "-total"})):
            r = _both(a, b, "GET", path, params={"q": probe, **extra})
            assert r.status_code == 200, (probe, r.text)
            found += int(r.headers["x-total-count"])
        _both(a, b, "GET", "/customers", params={"q": probe, "segment": "vip", "limit": 3, "offset": 1})
    return found


def test_the_index_answers_as_the_scan_through_writes(servers: tuple[Any, httpx.Client, httpx.Client]) -> None:
    indexed, a, b = servers
    rng = random.Random(1616)
    names = [_text(rng, 3, 14) for _ in range(50)] + ["STRASSE", "straße", "ﬁle", "FILE", "Kelvin", "ΣΟΦΙΑ"]
    for i, name in enumerate(names):
        row = {"first_name": name, "email": f"p{i}@example.com", "segment": rng.choice(["vip", "regular"])}
        row |= {"active": True, "signup_at": "2022-06-01T10:00:00Z", "birth_date": "1980-02-03"}
        assert _both(a, b, "POST", "/customers", json=row).status_code == 201
    assert _compare(a, b, _probes(rng, names, 60)) > 0
    # the index is what answers: the search's SQL looks rows up in it (a 3-character text and more)
    index = indexed.store.search["customers"]
    sql, params = search_clause(indexed.model.tables["customers"], "ﬁle", index)
    plan = indexed.store.conn.execute(f"EXPLAIN QUERY PLAN SELECT * FROM customers WHERE {sql}", params).fetchall()
    assert any("VIRTUAL TABLE" in row[-1] for row in plan), plan
    # writes change the text: creates, replaces, patches of text and of other columns, deletes, a cascade
    every = _both(a, b, "GET", "/customers", params={"limit": 1000}).json()
    for row in rng.sample(every, 12):
        cid = row["customer_id"]
        _both(a, b, "PATCH", f"/customers/{cid}", json={"first_name": _text(rng, 3, 10)})
        _both(a, b, "PATCH", f"/customers/{cid}", json={"active": False})
    for row in rng.sample(every, 4):
        body = {k: v for k, v in row.items() if k != "customer_id"} | {"email": f"r{row['customer_id']}@x.org"}
        _both(a, b, "PUT", f"/customers/{row['customer_id']}", json=body | {"first_name": "Replaced ẞ"})
    orders = _both(a, b, "GET", "/orders", params={"limit": 1000}).json()
    for order in rng.sample(orders, 5):
        _both(a, b, "DELETE", f"/orders/{order['order_id']}")  # its items go with it (cascade)
    for order in rng.sample(orders, 5):
        _both(a, b, "PATCH", f"/orders/{order['order_id']}", json={"status": rng.choice(["placed", "shipped"])})
    for row in every:
        if not any(o["customer_id"] == row["customer_id"] for o in orders):
            _both(a, b, "DELETE", f"/customers/{row['customer_id']}")
    names += ["Replaced ẞ"]
    assert _compare(a, b, _probes(rng, names, 60) + ["replaced ss", "REPLACED ß", "ced ẞ"]) > 0
    # a reset restores the generated rows, and their index
    _both(a, b, "POST", "/_reset")
    _compare(a, b, _probes(rng, names, 20))


def test_without_fts5_the_store_searches_by_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "fts5_trigram", lambda: False)
    state = build_state(plan_of(SHOP_MINI))
    assert state.store.search == {}
    tables = {r[0] for r in state.store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert not any(t.startswith("simulacra_search_") for t in tables)
