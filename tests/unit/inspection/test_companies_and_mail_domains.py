"""Company names and a staff table's mail domain, found trying the shipped support example as a new user would.

* A customer's ``company`` (973 values in 994 rows, every one rarer than 5 rows) was drafted as placeholders
  ``company 1``, ``company 2``: now drafted as the value engine's ``company`` (fresh company names, none copied),
  in any locale's formats, with or without a name that says so; a few suppliers that many rows share stay a
  category, and labels that are no company (teams, products, towns, people) are not taken for one.
* Agents' addresses all at ``support.example.com`` were sampled at gmail.com and random firms' domains: a domain
  that 90% of an e-mail column's addresses share is now the domain the addresses are made at.

Planted: company names from Faker's locale data (several locales, seeds and column names), staff tables with
their own domains.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
from faker import Faker

import simulacra
from simulacra.inspection import inspect


def _companies(locale: str, n: int, seed: int) -> list[str]:
    fake = Faker(locale)
    fake.seed_instance(seed)
    return [fake.company() for _ in range(n)]


def _draft_columns(path: Path) -> dict[str, dict]:
    tables = inspect(path).spec_data["tables"]
    return tables[next(iter(tables))]["columns"]


@pytest.mark.parametrize(
    ("locale", "column", "seed"),
    [
        ("en_US", "company", 1),
        ("en_US", "org_name", 2),
        ("en_GB", "employer", 3),
        ("it_IT", "account_name", 4),
        ("de_DE", "company", 5),
        ("fr_FR", "employer", 6),
        ("nl_NL", "company", 7),
    ],
)
def test_mostly_rare_company_names_are_made_fresh(tmp_path: Path, locale: str, column: str, seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 400
    real = _companies(locale, n, seed)
    frame = pl.DataFrame(
        {
            "customer_id": np.arange(1, n + 1),
            column: [v if rng.random() > 0.2 else None for v in real],
            "plan": rng.choice(["free", "pro", "enterprise"], n),
        }
    )
    path = tmp_path / "customers.csv"
    frame.write_csv(path)
    cols = _draft_columns(path)
    assert cols[column]["generator"] == "company", cols[column]
    draft = inspect(path)
    spec = draft.write(tmp_path / "draft.yaml")
    simulacra.fit(path, spec=spec, output=tmp_path / "model")
    got = simulacra.sample(tmp_path / "model", seed=seed).frames
    assert got is not None
    made = next(iter(got.values()))[column].drop_nulls().cast(pl.String)
    assert made.len() >= 0.6 * n
    assert not made.str.contains(r"\{seq\}|^" + column + r" \d+$").any()  # no placeholders
    assert made.n_unique() >= 0.5 * made.len()  # names, not one value or a handful
    assert (~made.is_in(pl.Series(real).implode())).mean() >= 0.9  # fresh, not copied


def test_a_few_suppliers_many_rows_share_stay_a_category(tmp_path: Path) -> None:
    rng = np.random.default_rng(11)
    suppliers = _companies("en_US", 12, 11)
    n = 2000
    path = tmp_path / "orders.csv"
    pl.DataFrame(
        {"order_id": np.arange(1, n + 1), "supplier": rng.choice(suppliers, n), "amount": rng.integers(5, 500, n)}
    ).write_csv(path)
    cols = _draft_columns(path)
    assert cols["supplier"]["generator"] == "categorical"
    assert set(cols["supplier"]["values"]) == set(suppliers)


@pytest.mark.parametrize("seed", [0, 1])
def test_labels_that_are_no_company_are_not_taken_for_one(tmp_path: Path, seed: int) -> None:
    rng = np.random.default_rng(seed)
    fake = Faker("en_US")
    fake.seed_instance(seed)
    n = 300
    path = tmp_path / "things.csv"
    pl.DataFrame(
        {
            "thing_id": np.arange(1, n + 1),
            "product": [f"{fake.color_name()} {fake.word().capitalize()}" for _ in range(n)],
            "town": [fake.city() for _ in range(n)],
            "contact_name": [fake.name() for _ in range(n)],
            "team": rng.choice(["Sales Group", "Support Group", "Finance"], n),
            "ref": [f"R-{int(v):05d}" for v in rng.integers(0, 99999, n)],
        }
    ).write_csv(path)
    cols = _draft_columns(path)
    for c in ("product", "town", "contact_name", "team", "ref"):
        assert cols[c]["generator"] != "company", (c, cols[c])


@pytest.mark.parametrize(
    ("domain", "share", "kept"),
    [("support.example.com", 1.0, True), ("corp.example.org", 0.93, True), ("staff.example.net", 0.6, False)],
)
def test_a_domain_most_addresses_share_is_where_addresses_are_made(
    tmp_path: Path, domain: str, share: float, kept: bool
) -> None:
    rng = np.random.default_rng(int(share * 100))
    fake = Faker("en_US")
    fake.seed_instance(int(share * 100))
    n = 60
    first = [fake.first_name() for _ in range(n)]
    last = [fake.last_name() for _ in range(n)]
    at = set(rng.permutation(n)[: round(share * n)].tolist())
    mail = [
        f"{f.lower()}.{la.lower()}{i}@{domain if i in at else fake.free_email_domain()}"
        for i, (f, la) in enumerate(zip(first, last, strict=True))
    ]
    path = tmp_path / "agents.csv"
    pl.DataFrame({"agent_id": np.arange(1, n + 1), "first_name": first, "last_name": last, "email": mail}).write_csv(
        path
    )
    cols = _draft_columns(path)
    assert cols["email"]["generator"] == "email"
    if not kept:
        assert "domain" not in cols["email"]
        return
    assert cols["email"]["domain"] == domain
    spec = inspect(path).write(tmp_path / "draft.yaml")
    simulacra.fit(path, spec=spec, output=tmp_path / "model")
    got = simulacra.sample(tmp_path / "model", seed=2).frames
    assert got is not None
    made = next(iter(got.values()))["email"].cast(pl.String)
    assert made.str.ends_with("@" + domain).all()
    assert (~made.is_in(pl.Series(mail).implode())).all()  # the addresses are fresh, only the domain is kept
