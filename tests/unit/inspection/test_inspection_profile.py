"""Column classification by values and names (names alone never decide)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from simulacra.inspection import profile_column

FIRST = [
    "James",
    "Mary",
    "Robert",
    "Patricia",
    "John",
    "Jennifer",
    "Michael",
    "Linda",
    "William",
    "Elizabeth",
    "David",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Charles",
    "Karen",
]
LAST = [
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
]


def kind(
    values: list[object], name: str = "col", dtype: pl.DataType | None = None
) -> tuple[str, str | None, str | None]:
    p = profile_column("t", pl.Series(name, values, dtype=dtype))
    assert p.evidence
    return p.kind, p.pii_kind, p.parse_format


def test_pii_by_value_patterns() -> None:
    assert kind([f"{f.lower()}.{s.lower()}@example.com" for f, s in zip(FIRST, LAST)], "contact") == (
        "pii",
        "email",
        None,
    )
    assert kind([f"+1 (555) 010-{i:04d}" for i in range(30)], "x") == ("pii", "phone", None)
    assert (
        kind(["GB82 WEST 1234 5698 7654 32", "DE89370400440532013000", "FR1420041010050500013M02606"] * 3, "x")[1]
        == "iban"
    )
    assert (
        kind(["4111111111111111", "5500005555555559", "340000000000009", "4012888888881881"], "x")[1] == "card_number"
    )
    assert kind(["123-45-6789", "987-65-4320", "111-22-3333"], "x") == ("pii", "national_id", None)


def test_names_from_the_pools() -> None:
    assert kind(FIRST * 2, "given") == ("pii", "first_name", None)
    assert kind(LAST * 2, "x") == ("pii", "last_name", None)
    assert kind([f"{f} {s}" for f, s in zip(FIRST, LAST)], "x") == ("pii", "full_name", None)


def test_categories_that_happen_to_be_names_stay_categories() -> None:
    # 'White' and 'Black' are surnames too; five categories are not a name column
    race = ["White"] * 50 + ["Black"] * 10 + ["Asian-Pac-Islander"] * 3 + ["Other"] * 2 + ["Amer-Indian-Eskimo"]
    assert kind(race, "race")[0] == "categorical"


def test_birth_number_is_a_national_id_with_an_embedded_date() -> None:
    values = [706213, 450204, 406009, 561201, 605703, 190922, 290125, 520505]  # months > 50 are women
    assert kind(values, "birth_number") == ("pii", "national_id", None)
    assert kind([str(v) for v in values], "birth_number")[1] == "national_id"


def test_dates_stored_as_integers_need_a_date_name() -> None:
    values = [930101, 930215, 941231, 980704, 950312, 960101, 970630, 971111, 980101, 931224, 940505, 950909]
    assert kind(values, "date") == ("date", None, "%y%m%d")
    assert kind(values, "opened_on")[2] == "%y%m%d"
    assert kind(values, "amount")[0] == "numeric"  # the same numbers, named as a quantity
    assert kind([20230101, 20231231, 20240229], "created") == ("date", None, "%Y%m%d")


def test_dates_and_timestamps_in_text() -> None:
    assert kind(["2024-01-01", "2024-02-29", "2023-12-31"], "x") == ("date", None, "%Y-%m-%d")
    assert kind(["2024-01-01 10:00:00", "2024-02-29 23:59:59"], "x") == ("datetime", None, "%Y-%m-%d %H:%M:%S")
    assert kind(["931107 00:00:00", "940119 00:00:00"], "issued") == ("date", None, "%y%m%d %H:%M:%S")
    assert kind([dt.date(2020, 1, 1), dt.date(2021, 1, 1)])[0] == "date"
    assert kind([dt.datetime(2020, 1, 1, 5), dt.datetime(2021, 1, 1)])[0] == "datetime"
    assert kind(["2024-01-01", "not a date", "2023-12-31"], "x")[0] == "categorical"


def test_booleans() -> None:
    assert kind(["Y", "N", "Y", None], "x")[0] == "boolean"
    assert kind([0, 1, 1, 0, 1], "flag")[0] == "boolean"
    assert kind([True, False])[0] == "boolean"


def test_identifiers_text_numbers_and_categories() -> None:
    assert kind([f"ORD-{i:06d}" for i in range(50)], "x")[0] == "identifier"
    assert kind([f"0c6f0d5e-6f0c-4a4e-9a55-7b0b1c0a1e{i:02d}" for i in range(30)], "x")[0] == "identifier"
    text = [f"The customer called on day {i} because the parcel arrived damaged and wet." for i in range(30)]
    assert kind(text, "notes")[0] == "text"
    assert kind([1.5, 2.25, 3.0, 10.75] * 5, "x")[0] == "numeric"
    assert kind(list(range(100)), "score")[0] == "numeric"
    assert kind([12, 24, 36, 48, 60] * 4, "duration")[0] == "categorical"
    assert kind(["a", "b", "c"] * 10, "x")[0] == "categorical"


def test_names_alone_do_not_make_pii() -> None:
    assert kind(["1", "2", "3", "4"] * 5, "email")[0] != "pii"
    assert kind(["red", "green", "blue"] * 5, "phone")[0] == "categorical"


def test_all_null_and_constant_columns() -> None:
    p = profile_column("t", pl.Series("x", [None, None], dtype=pl.String))
    assert p.kind == "categorical" and p.null_rate == 1.0 and p.n_distinct == 0 and "null" in p.evidence
    p = profile_column("t", pl.Series("x", ["same"] * 10))
    assert p.n_distinct == 1


@pytest.mark.parametrize("role", ["primary key (declared)", "foreign key -> a.id (inferred, confidence 0.95)"])
def test_keys_are_identifiers(role: str) -> None:
    p = profile_column("t", pl.Series("x", [1, 2, 3]), role=role)
    assert p.kind == "identifier" and p.evidence == role
