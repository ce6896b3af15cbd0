"""The pattern language's character classes and counts (``[A-Z]{3}-\\d{4}``), drawn, checked and refused
as a class: random patterns built from every form, values checked against the pattern's own meaning (not
against the parser), uniqueness near capacity, every variable-length form refused with the pattern named;
and ``money`` between ``low`` and ``high``."""

from __future__ import annotations

import random
import re
import string
from pathlib import Path

import pytest

from simulacra.errors import SpecError
from simulacra.pipeline import check, generate
from simulacra.spec.load import load_spec


def spec_text(pattern: str, rows: int, unique: bool = False, seed: int = 1) -> str:
    esc = pattern.replace("\\", "\\\\").replace('"', '\\"')
    return (
        f"name: p\nseed: {seed}\ntables:\n  t:\n    rows: {rows}\n    columns:\n"
        f"      id: {{generator: sequence}}\n"
        f'      code: {{generator: pattern, pattern: "{esc}", unique: {str(unique).lower()}}}\n'
    )


def random_pattern(rng: random.Random) -> tuple[str, str]:
    """A pattern with classes, ranges, digits, counts and literals, and the Python regex its values must
    match, written independently of the parser (what each form means, not how it is cut)."""
    pat, rx = [], []
    for _ in range(rng.randint(2, 5)):
        form = rng.choice(["range", "set", "digit", "hash", "upper", "lit", "escaped"])
        count = rng.choice([1, 1, 2, 3, 4])
        tail = f"{{{count}}}" if count > 1 or rng.random() < 0.2 else ""
        if form == "range":
            lo = rng.choice("AaP0")
            hi = chr(ord(lo) + rng.randint(1, 8))
            extra = rng.choice(["", "_", "xy"])
            pat.append(f"[{lo}-{hi}{extra}]{tail}")
            rx.append(f"[{re.escape(lo)}-{re.escape(hi)}{re.escape(extra)}]{{{count}}}")
        elif form == "set":
            chars = "".join(rng.sample("BCDFGHKMNPQRSTVWXZ", rng.randint(2, 6)))
            pat.append(f"[{chars}]{tail}")
            rx.append(f"[{chars}]{{{count}}}")
        elif form == "digit":
            pat.append(f"\\d{tail}")
            rx.append(f"[0-9]{{{count}}}")
        elif form == "hash":
            pat.append(f"#{tail}")
            rx.append(f"[0-9]{{{count}}}")
        elif form == "upper":
            pat.append(f"?{tail}")
            rx.append(f"[A-Z]{{{count}}}")
        elif form == "lit":
            text = rng.choice(["-", "ID-", "/", ".", "x", " "])
            pat.append(text)
            rx.append(re.escape(text))
        else:
            ch = rng.choice("[#?*{")
            pat.append("\\" + ch)
            rx.append(re.escape(ch))
    return "".join(pat), "".join(rx)


@pytest.mark.parametrize("seed", range(12))
def test_classes_ranges_digits_and_counts_draw_values_of_the_pattern_and_validate_checks_them(
    tmp_path: Path, seed: int
) -> None:
    rng = random.Random(seed)
    pattern, rx = random_pattern(rng)
    p = tmp_path / "p.yaml"
    p.write_text(spec_text(pattern, 400, seed=seed), encoding="utf-8")
    r = generate(load_spec(p))
    codes = r.frames["t"]["code"].to_list()
    bad = [c for c in codes if not re.fullmatch(rx, c)]
    assert not bad, (pattern, rx, bad[:3])
    assert len(set(codes)) > 1 or rx == re.escape(codes[0])  # drawn, not written out literally
    findings = check(load_spec(p), r.frames, declared=True)
    shape = [f for f in findings if "pattern's shape" in f.check]
    assert shape and all(f.ok for f in shape)
    # a value of another shape is caught by validate
    broken = r.frames["t"].with_columns(r.frames["t"]["code"].str.replace(r"^", "!"))
    shape = [f for f in check(load_spec(p), {"t": broken}, declared=True) if "pattern's shape" in f.check]
    assert shape and not shape[0].ok and shape[0].failed == 400


@pytest.mark.parametrize("pattern", ["[A-C]{2}", "[XYZ]\\d", "\\d{3}", "[a-e]{2}-#"])
def test_a_unique_class_pattern_near_its_capacity_never_repeats(tmp_path: Path, pattern: str) -> None:
    from simulacra.spec.pattern import pattern_capacity

    cap = int(pattern_capacity(pattern))
    p = tmp_path / "p.yaml"
    p.write_text(spec_text(pattern, cap, unique=True), encoding="utf-8")
    codes = generate(load_spec(p)).frames["t"]["code"].to_list()
    assert len(codes) == cap == len(set(codes))


@pytest.mark.parametrize(
    ("pattern", "says"),
    [
        ("[A-Z]{2,4}", "variable number"),
        ("\\d{1,}", "variable number"),
        ("[A-Z]+-##", "'+' after a class"),
        ("[Z-A]#", "runs backwards"),
        ("ID-[0-9", "never closes"),
        ("[^0-9]", "negated class"),
        ("#{0}", "repeats nothing"),
        ("[]", "empty class"),
    ],
)
def test_variable_or_broken_regex_forms_are_refused_with_the_line_and_the_pattern(
    tmp_path: Path, pattern: str, says: str
) -> None:
    p = tmp_path / "p.yaml"
    p.write_text(spec_text(pattern, 10), encoding="utf-8")
    with pytest.raises(SpecError) as e:
        load_spec(p)
    assert says in str(e.value) and "p.yaml:8" in str(e.value) and repr(pattern) in str(e.value)


def test_codes_with_brackets_and_backslashes_are_drafted_as_literals_that_round_trip(tmp_path: Path) -> None:
    import polars as pl

    from simulacra.inspection import inspect

    rng = random.Random(4)
    codes = [f"[{rng.choice(string.ascii_uppercase)}\\{rng.randint(100, 999)}]" for _ in range(300)]
    src = tmp_path / "src"
    src.mkdir()
    pl.DataFrame({"id": list(range(300)), "code": codes}).write_csv(src / "items.csv")
    found = inspect(src)
    col = found.spec.tables["items"].columns["code"]
    assert col.generator == "pattern"
    made = generate(found.spec).frames["items"]["code"].to_list()
    assert all(re.fullmatch(r"\[[A-Z]\\[0-9]{3}\]", c) for c in made), made[:3]


@pytest.mark.parametrize(("low", "high"), [(5, 500), (1000, 1001.5), (0.5, 2)])
def test_money_with_low_and_high_alone_is_an_amount_between_them(tmp_path: Path, low: float, high: float) -> None:
    p = tmp_path / "m.yaml"
    p.write_text(
        "name: m\ntables:\n  t:\n    rows: 3000\n    columns:\n"
        f"      amount: {{generator: money, low: {low}, high: {high}}}\n",
        encoding="utf-8",
    )
    spec = load_spec(p)
    r = generate(spec)
    a = r.frames["t"]["amount"]
    assert low <= a.min() and a.max() <= high  # type: ignore[operator]
    # spread over the interval, not piled at one end: each third of it holds a fair share
    thirds = ((a - low) / (high - low) * 3).floor().clip(0, 2).value_counts()
    assert thirds.height == 3 and thirds["count"].min() > 800
    rng = [f for f in check(spec, r.frames, declared=True) if "money range" in f.check]
    assert rng and rng[0].ok
    broken = r.frames["t"].with_columns(a + (high - low) * 2)
    rng = [f for f in check(spec, {"t": broken}, declared=True) if "money range" in f.check]
    assert rng and not rng[0].ok
