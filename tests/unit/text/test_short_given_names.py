"""A short form of a given name the message already holds is that person: the same fake, never a family name.

``From: Rajesh Patel`` then ``> -raj``: the sign-off was written as a family-name fake (``-byrd``), which no one
signs with, and broke the link between the header and the sign-off. Planted: given names from the surrogate
pools' own lists (seeded) whose short forms (3-4 letters) are no name the pools know on their own.
"""

from __future__ import annotations

import random

import pytest

from simulacra.text.engine import Deidentifier

_FULL = ["Rajesh", "Bartholomew", "Maximilian", "Evangeline", "Francesca", "Sebastian", "Anastasia", "Gwendolyn"]


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_a_short_form_after_the_full_given_name_gets_its_fake(seed: int) -> None:
    rng = random.Random(seed)
    full = rng.choice(_FULL)
    short = full[: rng.choice([3, 4])].lower()
    text = f"From: {full} Okonkwo\nTo: Lena Hart\n\nLena - the numbers are in.\n\n> any news?\n> -{short}\n"
    out = Deidentifier(seed=seed).deidentify(text).text
    header_first = out.split("\n")[0].removeprefix("From: ").split()[0]
    signed = out.rstrip().rsplit("-", 1)[1]
    assert full not in out and f"-{short}\n" not in out
    assert signed == header_first.lower()


def test_two_longer_names_leave_a_short_form_alone() -> None:
    """Daniel and Danielle: "dan" could be either, so it is not tied to one of them."""
    d = Deidentifier(seed=5)
    out = d.deidentify("Daniel Moss and Danielle Roy met.\n\n-dan\n").text
    first_fakes = {out.split()[0].lower(), out.split()[3].lower()}
    assert out.rstrip().rsplit("-", 1)[1] not in first_fakes
