"""Issue 14, dates30: the date forms of e-mail headers and quoted blocks the date recognizer missed.

A date not found is not shifted: its real month word stays, and a person of the message whose surname is that
month ("Tom May") leaks through it. The forms, each planted with dates drawn per seed in generated mail headers
and bodies beside such a person (found by the tagger, planted here):

* a run of spaces or a tab between the parts, as headers align a one-digit day ("Thursday, May  3, 2001",
  "Thu,  3 May 2001 09:15:00 -0700 (PDT)", "May\\t3, 2001");
* the day-month-year of forms and logs, dashed ("03-May-2001", "3-MAY-01"); a month in capitals ("MAY 3, 2001");
* an ISO date with its time ("2001-05-03 09:15:00"), whose rewrite was a shape (digits scrambled) not a shift.

The output holds neither the real surname nor the original date. Negatives: versions, prices, phone numbers and
times alone are typed no DATE.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from tests.unit.text.email_name_helpers import given_names, planted, run_rules, verbatim

from simulacra.text.engine import Deidentifier
from simulacra.text.surrogates import shift_date

ENGINE = Deidentifier(None, ner=None)
SEEDS = (0, 1, 2, 3, 4)
# months that are also surnames ("Tom May", "Ann June")
_NAME_MONTHS = (5, 6, 4, 8, 1, 3)


def _draw(seed: int, k: int) -> dt.datetime:
    """A date whose month is a name month, a one-digit day for every other draw (the aligned header case)."""
    rng = np.random.default_rng(seed * 100 + k)
    month = _NAME_MONTHS[int(rng.integers(len(_NAME_MONTHS)))]
    day = int(rng.integers(1, 10)) if k % 2 == 0 else int(rng.integers(10, 29))
    return dt.datetime(int(rng.integers(1998, 2003)), month, day, int(rng.integers(0, 24)), int(rng.integers(0, 60)))


def _forms(d: dt.datetime) -> list[str]:
    mon, full, wd = d.strftime("%b"), d.strftime("%B"), d.strftime("%A")
    return [
        f"{wd}, {full} {d.day:>2}, {d.year}",  # "Thursday, May  3, 2001"
        f"{wd},  {full} {d.day}, {d.year}",
        f"{full}\t{d.day}, {d.year}",
        f"{full}  {d.day},  {d.year}",
        f"{wd[:3]}, {d.day:>2} {mon} {d.year}",  # "Thu,  3 May 2001"
        f"{d.day:02d}-{mon}-{d.year}",
        f"{d.day}-{mon.upper()}-{d.year % 100:02d}",
        f"{full.upper()} {d.day}, {d.year}",
        f"{d.year}-{d.month:02d}-{d.day:02d} {d.hour:02d}:{d.minute:02d}:00",
    ]


def _mails(date: str, g: str, surname: str) -> list[str]:
    return [
        f"-----Original Message-----\nFrom: \t{g} {surname}\nSent:\t{date}\nTo:\tBlack, Ann\nSubject: gas deal\n\n"
        f"Ann, please call me.\n",
        f"Date: {date} -0700 (PDT)\nFrom: {g} {surname}\nSubject: Re: gas deal\n\nSee below.\n",
        f"Ann,\n\nAs agreed on {date}, {g} {surname} will sign the deal.\n\nThanks\n",
        f"> On {date}, {g} {surname} wrote:\n> the deal is off\n",
    ]


@pytest.mark.parametrize("seed", SEEDS)
def test_header_date_forms_are_found_and_shifted(seed: int) -> None:
    g = given_names(1, seed)[0]
    for k in range(4):
        d = _draw(seed, k)
        surname = d.strftime("%B")
        for date in _forms(d):
            for text in _mails(date, g, surname):
                found = [sp for sp in ENGINE.analyze(text) if sp.label == "DATE"]
                assert any(date in text[sp.start : sp.end] for sp in found), (date, text, found)
                person = planted(text, f"{g} {surname}", "PERSON")
                kept, out = run_rules(ENGINE, text, [*found, person])
                assert any(lab == "DATE" and date in v for v, lab in kept), (date, kept)
                assert not verbatim(surname, out), (date, out)
                assert not verbatim(surname.upper(), out), (date, out)
                assert date not in out, (date, out)


@pytest.mark.parametrize("seed", SEEDS)
def test_shifted_forms_keep_their_separators(seed: int) -> None:
    """The rewrite keeps the form: the tab, the dashes and the widths, the capitals, a run of spaces as the
    column of a right-aligned day ("May  3, 2001" -> "Apr 14, 2001")."""
    for k in range(6):
        d = _draw(seed, k)
        days = (seed + 1) * 17 * (1 if k % 2 else -1)
        new = d + dt.timedelta(days=days)
        mon, full = d.strftime("%b"), d.strftime("%B")
        nm = new.strftime("%b" if full == "May" else "%B")  # "May" may be the short form: the short form written
        w = 1 + len(str(d.day))  # two spaces before the day: the day's column kept, one space at least
        assert shift_date(f"{full}  {d.day},  {d.year}", days) == f"{nm} {new.day:>{w}},  {new.year}"
        assert shift_date(f"{full}\t{d.day}, {d.year}", days) == f"{nm}\t{new.day}, {new.year}"
        assert shift_date(f"{d.day:02d}-{mon}-{d.year}", days) == f"{new.day:02d}-{new:%b}-{new.year}"
        assert shift_date(f"{d.day}-{mon.upper()}-{d.year % 100:02d}", days) == (
            f"{new.day:0{len(str(d.day))}d}-{new.strftime('%b').upper()}-{new.year % 100:02d}"  # the width kept
        )
        wd = d.strftime("%a")
        assert shift_date(f"{wd},  {d.day} {mon} {d.year}", days) == f"{new:%a}, {new.day:>{w}} {new:%b} {new.year}"


def test_iso_date_with_time_is_shifted_not_scrambled() -> None:
    for seed in SEEDS:
        d = _draw(seed, 1)
        iso = f"{d.year}-{d.month:02d}-{d.day:02d} {d.hour:02d}:{d.minute:02d}:00"
        out = ENGINE.deidentify(f"Logged {iso} by the desk.\n", key=seed).text
        moved = out.split()[1] + " " + out.split()[2]
        new = dt.datetime.strptime(moved, "%Y-%m-%d %H:%M:%S")  # still a date and a time, not a shape
        assert new.date() != d.date()
        assert abs((new - d).days) <= 366


_NEGATIVES = (
    "Install version 2.5.1 tonight.",
    "Upgrade to v1.2.3 first.",
    "It costs $3.15 a unit, or $1,200.50 in all.",
    "Call 555-1234 or (713) 853-5555.",
    "Meet at 9:15 AM, or 09:15:00 at the latest.",
    "May I ask who sent 12-Mar-ket data?",
    "Part 3-MAY-2001A and code X-MAY-01 are SKUs.",
    "Scores 3-May-x and 5-Jun-y were lost.",
    "Lot 12-Dec-2001-B was shipped.",
)


@pytest.mark.parametrize("text", _NEGATIVES)
def test_no_date_in_versions_prices_phones_times(text: str) -> None:
    found = [text[sp.start : sp.end] for sp in ENGINE.analyze(text) if sp.label == "DATE"]
    assert found == [], found
