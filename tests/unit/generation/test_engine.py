from __future__ import annotations

import polars as pl
import pytest
from tests.helpers import frames_of, plan_of

from simulacra.constraints import check_dataset
from simulacra.errors import ConstraintError, SpecValidationError
from simulacra.generation.engine import Engine

SHOPLIKE = """
seed: 3
tables:
  customers:
    rows: 300
    primary_key: id
    columns:
      id: sequence
      tier: {generator: categorical, values: {basic: 0.7, premium: 0.3}}
      signup: {generator: date, start: 2022-01-01, end: 2022-12-31}
      manager_id: {generator: foreign_key, references: customers.id, null_rate: 0.2}
  products:
    rows: 40
    primary_key: sku
    columns:
      sku: {generator: pattern, pattern: "SKU-{seq:05d}"}
      price: {generator: lognormal, median: 20, sigma: 0.5, round: 2}
  orders:
    rows: {per: customers, count: {distribution: poisson, lam: 1}, by: tier, counts: {premium: {distribution: poisson, lam: 6}}, zero_rate: 0.1}
    primary_key: id
    columns:
      id: {generator: pattern, pattern: "ORD-{seq:08d}"}
      customer_id: {generator: foreign_key, references: customers.id}
      order_date: {generator: datetime, after: customers.signup, offset: {distribution: exponential, scale: 20, unit: days}}
      ship_date: {generator: datetime, after: order_date, offset: {distribution: normal, mean: 2, std: 2, unit: days}}
      total: {generator: aggregate, function: sum, of: items.line_total, round: 2}
      n: {generator: aggregate, function: count, of: items}
  items:
    rows: {per: orders, count: {distribution: poisson, lam: 2, min: 1}}
    primary_key: id
    columns:
      id: uuid
      order_id: {generator: foreign_key, references: orders.id}
      sku: {generator: foreign_key, references: products.sku, distribution: zipf, s: 1.3}
      qty: {generator: poisson, lam: 1, min: 1}
      unit_price: {generator: expression, expr: "products.price"}
      line_total: {generator: expression, expr: "round(unit_price * qty, 2)"}
      tier: {generator: expression, expr: "orders.customers.tier"}
constraints:
  - {table: orders, check: "ship_date >= order_date"}
scenarios:
  - {name: fraud, table: orders, rate: 0.05, labels: {is_fraud: 1}}
"""


@pytest.fixture(scope="module")
def shop() -> dict[str, pl.DataFrame]:
    return frames_of(SHOPLIKE, chunk_size=64)


def test_all_checks_pass(shop: dict[str, pl.DataFrame]) -> None:
    plan = plan_of(SHOPLIKE)
    bad = [f for f in check_dataset(plan, shop) if not f.ok]
    assert bad == []


@pytest.mark.parametrize("chunk", [1, 7, 1000])
def test_same_data_whatever_the_chunk_size(shop: dict[str, pl.DataFrame], chunk: int) -> None:
    other = frames_of(SHOPLIKE, chunk_size=chunk)
    for t in shop:
        assert shop[t].equals(other[t]), t


def test_seed_changes_data(shop: dict[str, pl.DataFrame]) -> None:
    other = frames_of(SHOPLIKE, seed=4)
    assert not shop["customers"].equals(other["customers"])


def test_adding_a_column_leaves_others_unchanged(shop: dict[str, pl.DataFrame]) -> None:
    more = SHOPLIKE.replace(
        "      tier: {generator: categorical, values: {basic: 0.7, premium: 0.3}}\n",
        "      tier: {generator: categorical, values: {basic: 0.7, premium: 0.3}}\n      extra: {generator: uniform, low: 0, high: 1}\n",
    )
    other = frames_of(more)
    assert other["customers"].drop("extra").equals(shop["customers"])
    assert other["items"].equals(shop["items"])


def test_aggregates_are_exact(shop: dict[str, pl.DataFrame]) -> None:
    sums = shop["items"].group_by("order_id").agg(pl.col("line_total").sum().round(2).alias("s"), pl.len().alias("k"))
    j = shop["orders"].join(sums, left_on="id", right_on="order_id", how="left")
    assert (j["total"] - j["s"]).abs().max() < 1e-9
    assert (j["n"] == j["k"]).all()


def test_child_counts_depend_on_parent_column(shop: dict[str, pl.DataFrame]) -> None:
    per = shop["orders"].group_by("customer_id").len()
    c = (
        shop["customers"]
        .join(per, left_on="id", right_on="customer_id", how="left")
        .with_columns(pl.col("len").fill_null(0))
    )
    means = dict(c.group_by("tier").agg(pl.col("len").mean()).iter_rows())
    assert means["premium"] > 3 * means["basic"]
    assert (c["len"] == 0).mean() >= 0.1  # zero_rate plus poisson zeros


def test_self_reference_points_backwards_and_nulls(shop: dict[str, pl.DataFrame]) -> None:
    c = shop["customers"]
    refs = c.filter(pl.col("manager_id").is_not_null())
    assert (refs["manager_id"] < refs["id"]).all()
    assert 0.1 < c["manager_id"].is_null().mean() < 0.3


def test_grandparent_reference(shop: dict[str, pl.DataFrame]) -> None:
    j = (
        shop["items"]
        .join(shop["orders"].select("id", "customer_id"), left_on="order_id", right_on="id")
        .join(shop["customers"].select("id", pl.col("tier").alias("ctier")), left_on="customer_id", right_on="id")
    )
    assert (j["tier"] == j["ctier"]).all()


def test_dates_after_parent(shop: dict[str, pl.DataFrame]) -> None:
    j = shop["orders"].join(shop["customers"].select("id", "signup"), left_on="customer_id", right_on="id")
    assert (j["order_date"] >= j["signup"].cast(pl.Datetime("us"))).all()


def test_scenario_rate_and_labels(shop: dict[str, pl.DataFrame]) -> None:
    o = shop["orders"]
    assert set(o["is_fraud"].unique().to_list()) <= {0, 1}
    assert 0.01 < o["is_fraud"].mean() < 0.1


def test_constraint_repair_regenerates_rows() -> None:
    plan = plan_of(SHOPLIKE)
    engine = Engine(plan)
    frames = engine.frames()
    assert engine.stats.regenerated["orders"]["rows"] > 0  # normal(2, 2) days is often negative
    o = frames["orders"]
    assert (o["ship_date"] >= o["order_date"]).all()


def test_impossible_constraint_is_reported() -> None:
    text = """
    tables:
      a:
        rows: 50
        columns:
          x: {generator: uniform, low: 0, high: 1}
    constraints:
      - {table: a, check: "x > 2", name: x_big}
    """
    with pytest.raises(ConstraintError) as e:
        frames_of(text)
    assert "x_big" in str(e.value) and "50 of 50 rows (100.0%)" in str(e.value)


def test_unique_capacity_checked_before_generation() -> None:
    text = """
    tables:
      a:
        rows: 30
        columns:
          code: {generator: pattern, pattern: "#", unique: true}
    """
    with pytest.raises(SpecValidationError, match="at most 10 distinct values"):
        frames_of(text)


def test_unique_non_constructive_column_is_unique_and_chunk_independent() -> None:
    text = """
    tables:
      a:
        rows: 600
        columns:
          code: {generator: pattern, pattern: "??#", unique: true}
    """
    one = frames_of(text, chunk_size=1000)["a"]
    other = frames_of(text, chunk_size=13)["a"]
    assert one["code"].n_unique() == 600
    assert one.equals(other)


def test_many_to_many_without_duplicate_pairs_and_one_to_one() -> None:
    text = """
    tables:
      students:
        rows: 200
        primary_key: id
        columns: {id: sequence}
      courses:
        rows: 15
        primary_key: id
        columns: {id: sequence}
      enrolments:
        rows: {per: students, count: {distribution: poisson, lam: 4}}
        columns:
          student_id: {generator: foreign_key, references: students.id}
          course_id: {generator: foreign_key, references: courses.id, distinct: true}
      profiles:
        rows: {per: students, count: {distribution: fixed, value: 1}}
        primary_key: student_id
        columns:
          student_id: {generator: foreign_key, references: students.id}
          bio: {generator: sentence}
    constraints:
      - {table: enrolments, unique: [student_id, course_id]}
    """
    f = frames_of(text)
    e = f["enrolments"]
    assert e.height > 500
    assert not e.select(pl.struct("student_id", "course_id").is_duplicated()).to_series().any()
    assert f["profiles"]["student_id"].to_list() == f["students"]["id"].to_list()


def test_two_parents_and_optional_fk() -> None:
    text = """
    tables:
      customers:
        rows: 50
        primary_key: id
        columns: {id: sequence}
      stores:
        rows: 5
        primary_key: id
        columns: {id: {generator: pattern, pattern: "ST-{seq:03d}"}}
      orders:
        rows: {per: customers, count: {distribution: fixed, value: 3}}
        columns:
          customer_id: {generator: foreign_key, references: customers.id}
          store_id: {generator: foreign_key, references: stores.id}
          coupon_store: {generator: foreign_key, references: stores.id, null_rate: 0.5}
    """
    f = frames_of(text)
    o = f["orders"]
    assert o.height == 150
    assert set(o["store_id"].to_list()) <= set(f["stores"]["id"].to_list())
    assert 0.3 < o["coupon_store"].is_null().mean() < 0.7


def test_scale_multiplies_absolute_counts() -> None:
    f = frames_of(SHOPLIKE, scale=2.0)
    assert f["customers"].height == 600
    assert f["products"].height == 80


def test_distributions_have_their_moments() -> None:
    text = """
    tables:
      a:
        rows: 20000
        columns:
          n: {generator: normal, mean: 10, std: 2}
          p: {generator: poisson, lam: 3}
          u: {generator: integer, low: 1, high: 6}
          z: {generator: zipf, s: 2, n: 100}
          nb: {generator: negative_binomial, mean: 4, dispersion: 2}
          e: {generator: exponential, scale: 5}
          b: {generator: boolean, p: 0.25}
          m: {generator: money, distribution: lognormal, median: 100, sigma: 0.5, currency: JPY}
    """
    a = frames_of(text)["a"]
    assert abs(a["n"].mean() - 10) < 0.1 and abs(a["n"].std() - 2) < 0.1
    assert abs(a["p"].mean() - 3) < 0.1
    assert set(a["u"].unique().to_list()) == {1, 2, 3, 4, 5, 6}
    assert (a["z"] == 1).mean() > 0.55
    assert abs(a["nb"].mean() - 4) < 0.15 and abs(a["nb"].var() - (4 + 16 / 2)) < 1.0
    assert abs(a["e"].mean() - 5) < 0.2
    assert abs(a["b"].mean() - 0.25) < 0.02
    assert a["m"].dtype == pl.Int64 and abs(a["m"].median() - 100) < 5


def test_weekday_and_hour_weights() -> None:
    text = """
    tables:
      a:
        rows: 5000
        columns:
          t:
            generator: datetime
            start: 2024-01-01
            end: 2024-12-31
            weekday_weights: [0, 0, 0, 0, 0, 1, 1]
            hour_weights: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    """
    t = frames_of(text)["a"]["t"]
    assert set(t.dt.weekday().unique().to_list()) <= {6, 7}
    assert set(t.dt.hour().unique().to_list()) <= {9, 10, 11}


def test_case_and_lookup() -> None:
    text = """
    tables:
      a:
        rows: 2000
        columns:
          country: {generator: categorical, values: [US, DE, FR]}
          currency: {generator: lookup, key: country, mapping: {US: USD, DE: EUR, FR: EUR}}
          amount:
            generator: case
            cases:
              - {when: "country = 'US'", then: {generator: uniform, low: 100, high: 200}}
              - {when: "country = 'DE'", then: 5}
            else: {generator: uniform, low: 0, high: 1}
    """
    a = frames_of(text)["a"]
    assert (a.filter(pl.col("country") == "DE")["currency"] == "EUR").all()
    us = a.filter(pl.col("country") == "US")["amount"]
    assert us.min() >= 100
    assert (a.filter(pl.col("country") == "DE")["amount"] == 5).all()
    assert a.filter(pl.col("country") == "FR")["amount"].max() < 1


def test_null_rate() -> None:
    text = """
    tables:
      a:
        rows: 10000
        columns:
          x: {generator: uniform, low: 0, high: 1, null_rate: 0.3}
    """
    x = frames_of(text)["a"]["x"]
    assert abs(x.is_null().mean() - 0.3) < 0.02


def test_uuid_and_patterns() -> None:
    text = """
    tables:
      a:
        rows: 5000
        columns:
          u: uuid
          code: {generator: pattern, pattern: "INV-{seq:06d}-??##"}
    """
    a = frames_of(text)["a"]
    assert a["u"].n_unique() == 5000
    assert a["u"].str.contains(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$").all()
    assert a["code"][0].startswith("INV-000001-")
    assert a["code"].str.contains(r"^INV-\d{6}-[A-Z]{2}\d{2}$").all()


def test_person_values_agree_within_row() -> None:
    text = """
    tables:
      people:
        rows: 2000
        columns:
          gender: {generator: categorical, values: [F, M]}
          first: {generator: first_name, gender: gender}
          last: last_name
          email: {generator: email, first_name: first, last_name: last, unique: true}
          state: {generator: state_abbr, group: home}
          zip: {generator: postcode, group: home}
          iban: {generator: iban}
          card: {generator: card_number}
    """
    from simulacra.values import fold_ascii, iban_is_valid, luhn_is_valid

    p = frames_of(text)["people"]
    assert p["email"].n_unique() == p.height
    for row in p.head(300).iter_rows(named=True):
        local = row["email"].split("@")[0]
        first, last = fold_ascii(row["first"]), fold_ascii(row["last"])
        assert (first in local or local.startswith(first[0])) or last in local, row
        assert iban_is_valid(row["iban"]) and luhn_is_valid(row["card"])


def test_date_bounds_and_regex_match_whole_values() -> None:
    text = """
    tables:
      a:
        rows: 400
        columns:
          d: {generator: date, start: 2020-01-01, end: 2024-12-31}
          code: {generator: pattern, pattern: "AB##"}
    constraints:
      - {table: a, column: d, min: "2022-01-01", name: recent}
      - {table: a, column: code, regex: "AB[0-4]\\\\d", name: low_codes}
    """
    a = frames_of(text)["a"]
    import datetime as dt

    assert a["d"].min() >= dt.date(2022, 1, 1)
    assert a["code"].str.contains(r"^AB[0-4]\d$").all()


def test_child_reading_its_parents_aggregate_is_a_cycle() -> None:
    text = """
    tables:
      o:
        rows: 5
        primary_key: id
        columns:
          id: sequence
          total: {generator: aggregate, function: sum, of: i.x}
      i:
        rows: {per: o, count: {distribution: fixed, value: 2}}
        columns:
          o_id: {generator: foreign_key, references: o.id}
          x: {generator: expression, expr: "o.total + 1"}
    """
    with pytest.raises(SpecValidationError, match="aggregate of its own rows"):
        plan_of(text)


def test_regex_constraint_is_a_full_match() -> None:
    from simulacra.constraints import RowConstraint
    from simulacra.spec.model import ConstraintSpec

    rc = RowConstraint(ConstraintSpec(table="a", column="c", regex="B1"), 0)
    assert rc.check(pl.DataFrame({"c": ["AB12", "B1", None]})).tolist() == [False, True, True]


def test_case_branch_after_and_constraint_parent_refs() -> None:
    text = """
    tables:
      p:
        rows: 30
        primary_key: id
        columns:
          id: sequence
          at: {generator: datetime, start: 2024-01-01, end: 2024-02-01}
      c:
        rows: {per: p, count: {distribution: fixed, value: 2}}
        columns:
          p_id: {generator: foreign_key, references: p.id}
          later:
            generator: case
            cases:
              - when: "kind = 'a'"
                then: {generator: datetime, after: p.at, offset: {distribution: uniform, low: 1, high: 2, unit: hours}}
            else: {generator: datetime, after: own, offset: {distribution: fixed, value: 1, unit: days}}
          kind: {generator: categorical, values: {a: 1, b: 1}}
          own: {generator: datetime, after: p.at}
          rating: {generator: categorical, values: {5: 0.5, 4: 0.5}}
          code: {generator: pattern, pattern: "X\\\\*{seq:03d}\\\\#"}
    constraints:
      - {table: c, check: "later > p.at"}
    """
    f = frames_of(text)
    c = f["c"]
    assert c.height == 60
    assert set(c["rating"].to_list()) <= {4, 5}
    assert c["code"][0] == "X*001#"


def test_case_branch_generators_are_validated_with_lines() -> None:
    text = """
    tables:
      c:
        rows: 3
        columns:
          x:
            generator: case
            cases:
              - when: "1 = 1"
                then: {generator: unifrom, low: 1}
    """
    with pytest.raises(SpecValidationError) as e:
        plan_of(text, file="s.yaml")
    assert "s.yaml:" in str(e.value)


def test_scenarios_chain_from_parent_to_child_bursts() -> None:
    text = """
    tables:
      cards:
        rows: 400
        primary_key: id
        columns:
          id: sequence
          compromised_at: {generator: datetime, start: 2024-01-01, end: 2024-12-01, null_rate: 1.0}
      tx:
        rows: {per: cards, count: {distribution: poisson, lam: 3}, by: compromised, counts: {"1": {distribution: fixed, value: 12}}}
        columns:
          card_id: {generator: foreign_key, references: cards.id}
          at: {generator: datetime, start: 2024-01-01, end: 2024-12-31}
          amount: {generator: lognormal, median: 40, sigma: 1, round: 2}
    scenarios:
      - name: compromised
        table: cards
        rate: 0.05
        labels: {compromised: 1}
        columns:
          compromised_at: {generator: datetime, start: 2024-02-01, end: 2024-11-01}
      - name: card_testing
        table: tx
        where: "cards.compromised = 1"
        rate: 0.75
        labels: {is_fraud: 1}
        columns:
          at: {generator: datetime, after: cards.compromised_at, offset: {distribution: exponential, scale: 10, unit: minutes}}
          amount: {generator: uniform, low: 0.5, high: 3, round: 2}
    """
    f = frames_of(text, chunk_size=37)
    cards, tx = f["cards"], f["tx"]
    bad = cards.filter(pl.col("compromised") == 1)
    assert 5 <= bad.height <= 40
    assert (
        bad["compromised_at"].is_not_null().all()
        and cards.filter(pl.col("compromised") == 0)["compromised_at"].is_null().all()
    )
    fraud = tx.filter(pl.col("is_fraud") == 1)
    assert set(fraud["card_id"].to_list()) <= set(bad["id"].to_list())  # only on compromised cards
    assert fraud["amount"].max() <= 3
    per_card = tx.filter(pl.col("card_id").is_in(bad["id"].implode())).group_by("card_id").len()
    assert (per_card["len"] == 12).all()  # the burst: more transactions on compromised cards
    j = fraud.join(cards.select("id", "compromised_at"), left_on="card_id", right_on="id")
    assert ((j["at"] - j["compromised_at"]).dt.total_minutes() < 24 * 60).mean() > 0.95  # clustered in time
    assert frames_of(text, chunk_size=1000)["tx"].equals(tx)


def test_where_must_read_the_per_parent() -> None:
    text = """
    tables:
      a:
        rows: 3
        columns:
          x: {generator: uniform, low: 0, high: 1}
    scenarios:
      - {name: s, table: a, where: "x > 0.5", labels: {y: 1}}
    """
    with pytest.raises(SpecValidationError, match="needs table 'a' to have rows per a parent"):
        plan_of(text)
