"""Personal data found by its values: columns simulacra generated are recognised again, by locale."""

from __future__ import annotations

from pathlib import Path

import pytest

import simulacra
from simulacra.inspection import inspect

KINDS = {
    "first_name": "first_name",
    "last_name": "last_name",
    "full": "full_name",
    "email": "email",
    "phone": "phone",
    "street": "street_address",
    "city": "city",
    "zip": "postcode",
    "iban": "iban",
    "card": "card_number",
    "ip": "ipv4",
}


def people(locale: str, n: int = 200) -> dict[str, object]:
    return {
        "name": "people",
        "locale": locale,
        "tables": {
            "people": {
                "rows": n,
                "primary_key": "person_id",
                "columns": {
                    "person_id": "sequence",
                    "first_name": {"generator": "first_name", "group": "p"},
                    "last_name": {"generator": "last_name", "group": "p"},
                    "full": {"generator": "full_name", "group": "p"},
                    "email": {"generator": "email", "group": "p"},
                    "phone": "phone",
                    "street": {"generator": "street_address", "group": "a"},
                    "city": {"generator": "city", "group": "a"},
                    "zip": {"generator": "postcode", "group": "a"},
                    "iban": "iban",
                    "card": "card_number",
                    "ip": "ipv4",
                    "bio": {"generator": "paragraph"},
                    "joined": {"generator": "datetime", "start": "2020-01-01", "end": "2024-01-01"},
                },
            }
        },
    }


@pytest.mark.parametrize("locale", ["en_GB", "de_DE"])
def test_generated_people_are_recognised(tmp_path: Path, locale: str) -> None:
    frame = simulacra.generate(people(locale), seed=0).frames["people"]
    frame.write_csv(tmp_path / "people.csv")
    r = inspect(tmp_path / "people.csv")
    got = {c: p.pii_kind for (_, c), p in r.columns.items() if p.kind == "pii"}
    assert got == KINDS
    assert r.columns["people", "bio"].kind == "text" and r.columns["people", "joined"].kind == "datetime"
    cols = r.spec.tables["people"].columns
    assert getattr(cols["email"], "group", None) == getattr(cols["first_name"], "group", None) == "person"
    assert getattr(cols["city"], "group", None) == "address"
    assert "not learned" in (cols["bio"].description or "")
    again = simulacra.generate(r.spec, seed=0).frames["people"]
    assert again.height == 200 and again["email"].str.contains("@").all()
    real = set(frame["email"].to_list())
    assert not real & set(again["email"].to_list())  # nothing personal is copied into the spec


def test_data_decides_even_with_neutral_names(tmp_path: Path) -> None:
    frame = simulacra.generate(people("en_US"), seed=1).frames["people"]
    renamed = frame.rename({c: f"c{i}" for i, c in enumerate(frame.columns)})
    renamed.write_csv(tmp_path / "anon.csv")
    r = inspect(tmp_path / "anon.csv")
    by_value = {c: frame.columns[int(c[1:])] for (_, c), p in r.columns.items()}
    got = {by_value[c]: p.pii_kind for (_, c), p in r.columns.items() if p.kind == "pii"}
    # the value patterns need no name; first/last names (pools), streets and phones do not either
    for col in ("email", "iban", "card", "ip", "full", "street", "phone", "first_name", "last_name"):
        assert got.get(col) == KINDS[col], col
    # a bare ZIP is just five digits without a name saying so
    assert "zip" not in got
