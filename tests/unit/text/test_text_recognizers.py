"""Per-recognizer tests: valid and invalid checksums, whole-word context, patterns as data."""

from __future__ import annotations

import pytest

from simulacra.errors import SpecValidationError
from simulacra.text.recognizers import VALIDATORS, PatternRecognizer, default_recognizers, load_recognizers
from simulacra.text.spans import resolve


def _by_name(name: str) -> PatternRecognizer:
    return next(r for r in default_recognizers() if r.name == name)


def _found(name: str, text: str, min_score: float = 0.5) -> list[str]:
    return [text[s.start : s.end] for s in _by_name(name).find(text) if s.score >= min_score]


# --- checksums ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number", ["4111 1111 1111 1111", "4111-1111-1111-1111", "5500005555555559", "378282246310005"]
)
def test_card_with_a_valid_luhn_digit_is_found(number: str) -> None:
    assert _found("credit_card", f"paid with {number} yesterday") == [number]


@pytest.mark.parametrize("number", ["4111 1111 1111 1112", "5500005555555550", "378282246310004"])
def test_card_with_a_wrong_luhn_digit_is_not(number: str) -> None:
    assert _found("credit_card", f"paid with {number} yesterday") == []


def test_iban_checked_with_mod_97() -> None:
    assert _found("iban", "IBAN GB82 WEST 1234 5698 7654 32 please") == ["GB82 WEST 1234 5698 7654 32"]
    assert _found("iban", "IBAN DE89370400440532013000.") == ["DE89370400440532013000"]
    assert _found("iban", "IBAN GB83 WEST 1234 5698 7654 32 please") == []  # check digits off by one


def test_ssn_rules() -> None:
    assert _found("us_ssn", "SSN 123-45-6788") == ["123-45-6788"]
    for bad in ("000-12-3456", "666-12-3456", "912-12-3456", "123-00-4567", "123-45-0000"):
        assert _found("us_ssn", f"SSN {bad}") == [], bad


def test_plain_nine_digits_are_an_ssn_only_with_context() -> None:
    assert _found("us_ssn", "order 123456788 shipped") == []
    assert _found("us_ssn", "social security number 123456788") == ["123456788"]


def test_routing_number_needs_checksum_and_context() -> None:
    assert _found("aba_routing", "routing number 021000021") == ["021000021"]
    assert _found("aba_routing", "routing number 021000022") == []  # checksum fails
    assert _found("aba_routing", "order 021000021 shipped") == []  # no context
    assert VALIDATORS["aba_routing"]("011000015") and not VALIDATORS["aba_routing"]("111111111")


def test_ipv4_octets_are_bounded() -> None:
    assert _found("ip_address", "from 192.168.1.20 at") == ["192.168.1.20"]
    assert _found("ip_address", "version 256.1.1.1 and 1.2.3.4.5") == []


def test_impossible_calendar_dates_are_rejected() -> None:
    assert _found("date", "on 2023-02-28 and 2023-02-30") == ["2023-02-28"]
    assert _found("date", "DOB: 03/04/1965.") == ["03/04/1965"]
    assert _found("date", "on 31/02/2020") == []


# --- context --------------------------------------------------------------------------


def test_context_words_match_whole_words_only() -> None:
    r = _by_name("passport")
    assert _found("passport", "passport no X1234567") == ["X1234567"]
    # "passports" and "passportless" are not the word "passport"
    assert [s for s in r.find("passportless X1234567") if s.score >= 0.5] == []
    assert _found("medical_record", "MRN: 8765432") == ["8765432"]
    assert _found("medical_record", "discharged 8765432 units") == []


def test_context_raises_the_score() -> None:
    r = _by_name("phone")
    plain = r.find("reach 020 7946 0958 now")
    boosted = r.find("phone 020 7946 0958 now")
    assert plain and boosted and boosted[0].score > plain[0].score


def test_context_window_looks_back_a_few_words_only() -> None:
    far = "account " + "word " * 8 + "12345678"
    near = "account number 12345678"
    assert _found("bank_account", far) == []
    assert _found("bank_account", near) == ["12345678"]


# --- other shapes ---------------------------------------------------------------------


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("email", "write to alice.smith@corp.example.com today", "alice.smith@corp.example.com"),
    ("url", "see https://example.com/a/b?c=1.", "https://example.com/a/b?c=1"),
    ("url", "visit www.example.org, then", "www.example.org"),
    ("phone", "call +44 20 7946 0958 now", "+44 20 7946 0958"),
    ("phone", "call (415) 555-0132 now", "(415) 555-0132"),
    ("time", "at 10:30 am sharp", "10:30 am"),
    ("age", "a 42-year-old man", "42"),
    ("age", "patient aged 67 was", "67"),
    ("uk_postcode", "London SW1A 1AA", "SW1A 1AA"),
    ("us_zip", "Springfield, IL 62704", "62704"),
    ("street_address", "lives at 123 Maple Street, Springfield", "123 Maple Street"),
    ("street_address", "wohnt in der Musterstraße 12, Berlin", "Musterstraße 12"),
    ("username", "ping @jsmith99 about it", "@jsmith99"),
])  # fmt: skip
def test_shapes(name: str, text: str, expected: str) -> None:
    assert expected in _found(name, text)


def test_money_is_off_by_default() -> None:
    assert not _by_name("money").default
    assert _found("money", "a fee of $1,250.00 was") == ["$1,250.00"]


def test_spans_from_all_recognizers_resolve_to_non_overlapping() -> None:
    text = "Mail alice@example.com, card 4111 1111 1111 1111, IP 10.0.0.1 on 2024-01-31."
    spans = resolve(s for r in default_recognizers() for s in r.find(text) if s.score >= 0.5)
    assert [s.label for s in spans] == ["EMAIL", "CREDIT_CARD", "IP_ADDRESS", "DATE"]
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))


# --- patterns as data -----------------------------------------------------------------


def test_user_patterns_load_and_run() -> None:
    text = """
recognizers:
  - name: employee_id
    label: EMPLOYEE_ID
    patterns:
      - {name: emp, score: 0.6, regex: 'EMP-\\d{6}'}
    context: [employee]
"""
    (r,) = load_recognizers("mine.yaml", text=text)
    spans = r.find("employee EMP-123456 and later, in a separate note, EMP-654321")
    assert [s.score for s in spans] == [pytest.approx(0.95), 0.6]


def test_bad_patterns_file_reports_every_problem_with_lines() -> None:
    text = """recognizers:
  - name: a
    label: A
    patterns:
      - {name: x, score: 0.5, regex: '(unclosed'}
  - name: b
    label: B
    validate: lunh
    patterns:
      - {name: y, score: 0.5, regex: 'b'}
"""
    with pytest.raises(SpecValidationError) as exc:
        load_recognizers("bad.yaml", text=text)
    msg = str(exc.value)
    assert "bad.yaml:5" in msg and "bad regex" in msg
    assert "bad.yaml:8" in msg and "did you mean 'luhn'" in msg
