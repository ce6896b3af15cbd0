"""All-caps "LAST, FIRST" names of issue 14 (error analysis on the dev split): a report table's rows
("ELLEDGE, SUSAN    LINDA S BRYAN    Nov 02, 2000", its columns squeezed to one space or not) and a ``;`` list of
addresses ending in capitals ("...; WILLIAMS, TERRI; WILLIAMS, GEYA Subject: ..."), where the tagger found only one
half of a name and the other leaked. A firm's row, a heading and an unknown given name with no list around it stay.
The tagger's spans are planted beside ``structural_spans``' (``run_rules``), so the model does not decide the
outcome."""

from __future__ import annotations

import pytest
from tests.unit.text.email_name_helpers import family_names, given_names, planted, run_rules, verbatim

from simulacra.text.engine import Deidentifier
from simulacra.text.structure import structural_spans

_ENGINE = Deidentifier(None, ner="fast", seed=5)


def _people(text: str) -> list[str]:
    """The person spans the rules keep with no tagger's span at all."""
    return [v for v, label in run_rules(_ENGINE, text, structural_spans(text))[0] if label == "PERSON"]


def _table(seed: int, squeeze: bool) -> tuple[str, list[tuple[str, str]], list[str]]:
    """A review report: rows of "LAST, FIRST [M]", a supervisor "GIVEN I LAST" and a date."""
    g, f = given_names(8, seed), family_names(8, seed)
    sep = " " if squeeze else " " * (8 + seed % 5)
    rows, people, supers = [], [], []
    for i in range(3 + seed % 3):
        cell = f"{f[i].upper()}, {g[i].upper()}" + (" M" if (i + seed) % 2 else "")
        boss = f"{g[7 - i % 2].upper()} {'ABCD'[i % 4]} {f[7 - i % 2].upper()}"
        rows.append(f"{' ' if seed % 2 else ''}{cell}{sep}{boss}{sep}Nov 0{i + 1}, 2000")
        people.append((cell, g[i].upper()))
        supers.append(boss)
    head = "Review Group: ENRON\n\nEmployee Name" + sep + "Supervisor Name" + sep + "Date Selected\n"
    return head + "\n".join(rows) + "\n", people, supers


@pytest.mark.parametrize("squeeze", [True, False])
@pytest.mark.parametrize("seed", range(4))
def test_a_report_tables_caps_last_first_rows_are_whole_names(seed: int, squeeze: bool) -> None:
    text, people, supers = _table(seed, squeeze)
    # the tagger's reading: the given name it knows, alone
    spans = [planted(text, given, "PERSON", nth=0) for cell, given in people if text.count(given) == 1]
    found, out = run_rules(_ENGINE, text, spans + structural_spans(text))
    for cell, _ in people:
        assert (cell, "PERSON") in found, (cell, found)
        for w in cell.replace(",", "").split():
            assert len(w) == 1 or not verbatim(w, out), (w, out)
    for boss in supers:  # the next column's person too
        assert all(len(w) == 1 or not verbatim(w, out) for w in boss.split()), (boss, out)


@pytest.mark.parametrize("seed", range(6))
def test_a_caps_item_ending_a_semicolon_list_is_a_whole_name(seed: int) -> None:
    g, f = given_names(6, seed), family_names(6, seed)
    odd = f[5]  # an unknown given name: a surname of the pools, no given name, word or place
    mixed = "; ".join(f"{f[i]}, {g[i]}" for i in range(2 + seed % 2))
    tail = ["Subject: Fw: Have a good day!", "", "Sent: Tuesday"][seed % 3]
    text = f"To: {mixed}; {g[4].lower()} {f[4].lower()};\n {f[3].upper()}, {g[3].upper()}; {f[3].upper()}, {odd.upper()} {tail}\n"
    spans = [planted(text, f[3].upper(), "PERSON", nth=1)]
    found, out = run_rules(_ENGINE, text, spans + structural_spans(text))
    assert (f"{f[3].upper()}, {odd.upper()}", "PERSON") in found, found
    assert not verbatim(odd.upper(), out) and not verbatim(g[3].upper(), out), out


@pytest.mark.parametrize(
    "text",
    [
        "ENRON, CORP\nHOUSTON, TEXAS\n",
        "SUMMARY, ALL REGIONS\n\nTOTAL, ALL        5,000\n",
        "DEAR, JOHN\nTHANKS, JOHN\n",
        "ENRON, CORP; HOUSTON, TEXAS; PORTLAND, OREGON\n",
        "NOTE, MAY 5 MEETING\n",
    ],
)
def test_firm_rows_headings_and_sign_offs_are_no_caps_names(text: str) -> None:
    assert not any("," in v for v in _people(text)), _people(text)


@pytest.mark.parametrize("seed", range(4))
def test_an_unknown_caps_given_name_with_no_list_around_it_is_no_name(seed: int) -> None:
    f = family_names(3, seed)
    lone = f"{f[0].upper()}, {f[1].upper()}"
    text = f"Re: the filing\n\n{lone}\n\nPlease see the attached.\n"
    assert lone not in _people(text), _people(text)
    known = f"{f[0].upper()}, {given_names(1, seed)[0].upper()}"  # the same cell with a known given name is one
    assert known in _people(text.replace(lone, known)), _people(text.replace(lone, known))
