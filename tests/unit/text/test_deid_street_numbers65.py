"""A date, a time, an extension or a count after a given name is no street's house number (deid65, issue 14;
found by deid64: ``Got an e-mail from Gabriela 10/16/01`` typed ``Gabriela 10`` a STREET_ADDRESS).

The street recogniser takes a word ending in a street's suffix, then a number, as a street and its house
number ("Storgatan 12", "Mannerheimintie 3"). Given names end in such suffixes ("Gabr-iela", "Kat-ie",
"Christ-ie"), so the name and the first digits of a date, a time or a phone extension after it, or a count,
became an address: the person got a street's fake (unlike the same name elsewhere) and the date was cut.

Planted in generated e-mail (``corpus.synthetic_documents``' threads) as the body's first paragraph, in six
shapes and four seeds, with given names of the lexicon that end in a street's suffix. Each asserts no address
span touches the name or the number, the name is one span of its own, the date or time is found whole, and the
name is not left verbatim. True addresses planted the same way are still found.
"""

from __future__ import annotations

import pytest
from tests.unit.text.email_name_helpers import insert_note, verbatim

from simulacra.text.corpus import synthetic_documents
from simulacra.text.engine import Deidentifier

_ENGINE = Deidentifier(None, ner="fast", seed=7)
#: given names of the lexicon that end in a street's suffix ("-iela", "-tie")
_NAMES = ("Gabriela", "Daniela", "Graciela", "Mariela", "Katie", "Christie", "Kristie", "Kirstie")
#: (shape, the date or time after the name that must be found whole, its label)
_SHAPES = (
    ("Got an e-mail from {g} 10/16/01 about the Gas Daily deals.", "10/16/01", "DATE"),
    ("I spoke with {g} 9/12/01 about the transport contract.", "9/12/01", "DATE"),
    ("Lunch with {g} 12:30pm today, then the budget review.", "12:30pm", "TIME"),
    ("Please call {g} 3-4512 about the transport contract.", None, None),
    ("Send {g} 10 copies of the budget before Friday.", None, None),
    ("Thanks to {g} 2 days early, the deal is done.", None, None),
)


def _message(seed: int) -> str:
    return next(iter(synthetic_documents(1, seed=seed, kinds=("email_thread",)))).text


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("shape", range(len(_SHAPES)))
def test_a_number_after_a_given_name_is_no_house_number(seed: int, shape: int) -> None:
    form, when, label = _SHAPES[shape]
    g = _NAMES[(seed * len(_SHAPES) + shape) % len(_NAMES)]
    note = form.format(g=g)
    text = insert_note(_message(seed), note)
    at = text.index(note)
    start, end = at + note.index(g), at + note.index(g) + len(g)
    r = _ENGINE.deidentify(text)
    near = [s for s in r.spans if s.start < end + 12 and start < s.end]
    assert not [s for s in near if s.label == "STREET_ADDRESS"], (
        note,
        [(text[s.start : s.end], s.label) for s in near],
    )
    assert [text[s.start : s.end] for s in near if s.start < end] == [g], note  # the name alone
    if when is not None:
        w = at + note.index(when)
        assert any(s.start == w and s.end == w + len(when) and s.label == label for s in near), (note, near)
    assert not verbatim(g, r.text), (g, r.text)


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize(
    ("address", "street"),
    [
        ("10 Main Street", "10 Main Street"),
        ("1400 Smith St., Houston, TX 77002", "1400 Smith St."),
        ("Storgatan 12", "Storgatan 12"),
        ("Vesterbrogade 5", "Vesterbrogade 5"),
        ("Mannerheimintie 3", "Mannerheimintie 3"),
        ("Goethestraße 7", "Goethestraße 7"),
    ],
)
def test_a_true_street_address_is_still_found(seed: int, address: str, street: str) -> None:
    note = f"Please send the contracts to {address} by Friday."
    text = insert_note(_message(seed), note)
    at = text.index(note) + note.index(street)
    r = _ENGINE.deidentify(text)
    assert any(s.label == "STREET_ADDRESS" and s.start <= at and at + len(street) <= s.end for s in r.spans), [
        (text[s.start : s.end], s.label) for s in r.spans if s.start < at + len(address) and at < s.end
    ]
    assert street not in r.text


@pytest.mark.parametrize("name", _NAMES)
def test_a_given_name_before_a_count_is_no_street(name: str) -> None:
    from simulacra.text.recognizers import VALIDATORS

    street_name = VALIDATORS["street_name"]
    assert not street_name(f"{name} 10")
    assert street_name("Storgatan 12") and street_name("10 Main Street") and street_name("Suite 5")


@pytest.mark.parametrize(
    "street",
    ("Storgatan 10-12", "Hauptstraße 10/2", "Mannerheimintie 3-5", "Keizersgracht 120-124", "Calle Mayor 5/7"),
)
def test_a_house_number_range_is_kept_with_its_street(street: str) -> None:
    """A range or a flat after the house number ("Storgatan 10-12", "Hauptstraße 10/2") is the address's own
    number: the whole of it is one address, not a street with its number cut (the rest left verbatim), while a
    date after a name (the tests above) is still no house number."""
    text = f"She lives at {street} in the old town."
    r = _ENGINE.deidentify(text)
    assert [(text[s.start : s.end], s.label) for s in r.spans] == [(street, "STREET_ADDRESS")]
    assert street.split()[-1] not in r.text
