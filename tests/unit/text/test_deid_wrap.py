"""A person's name split by a line break in a list of Exchange addresses (issue 14, dev split): the mail wraps
at its width inside an item, "..., Dusty Warren \\nPaez/HOU/ECT@ECT", and the tagger takes only the words around
the break ("Warren \\nPaez"), so the given name leaked. Each item of such a list is one person's name up to the
office part, so the two words before the break and the word after it are one name. A group mailbox of ordinary
words wrapped the same way is left to the list rules (not judged here); a full name that ends a line before an
ordinary word leaves the word. The tagger's spans are planted beside ``structural_spans``' (``run_rules``), so the
model does not decide the outcome."""

from __future__ import annotations

import pytest
from tests.unit.text.email_name_helpers import family_names, given_names, planted, run_rules, verbatim

from simulacra.text.engine import Deidentifier
from simulacra.text.structure import structural_spans

_ENGINE = Deidentifier(None, ner="fast", seed=5)
_OFFICES = ["/HOU/ECT@ECT", "/Corp/Enron@ENRON", "/NA/Enron@Enron", "/EES@EES", "/LON/ECT@ECT"]


def _exchange_list(seed: int) -> tuple[str, list[str], str]:
    """A To: line of Exchange addresses wrapped at ~72 columns inside one item "Given Middle \\nSurname/..."."""
    g, f = given_names(8, seed), family_names(8, seed)
    middle = [g[6], f[6]][seed % 2]  # a second given name or a first surname before the break
    items = [f"{g[i]} {f[i]}{_OFFICES[(i + seed) % len(_OFFICES)]}" for i in range(1 + seed % 3)]
    line = "To: " + ", ".join(items) + ", "
    line = line + " " * max(0, 60 - len(line))  # the wrapped item starts near the line's width
    soft = [" \n", " =20\n", "\n", "  \n"][seed % 4]
    wrapped = f"{g[5]} {middle}{soft}{f[5]}{_OFFICES[seed % len(_OFFICES)]}"
    text = line + wrapped + f", {g[7]} {f[7]}/HOU/ECT@ECT\nSubject: Re: the {['May', 'June'][seed % 2]} curves\n\nok\n"
    return text, [g[5], middle, f[5]], f"{middle}{soft}{f[5]}"


@pytest.mark.parametrize("tagged", [True, False])
@pytest.mark.parametrize("seed", range(8))
def test_a_name_wrapped_inside_an_exchange_list_item_is_one_whole_name(seed: int, tagged: bool) -> None:
    text, words, tail = _exchange_list(seed)
    # the tagger's reading: the words around the break alone ("Warren \nPaez"), or nothing there
    spans = [planted(text, tail.strip(), "PERSON")] if tagged else []
    found, out = run_rules(_ENGINE, text, spans + structural_spans(text))
    people = [v for v, lab in found if lab == "PERSON"]
    if "=20" in tail:  # the transport's escape cuts the name in two; each line's piece stays a person
        assert f"{words[0]} {words[1]}" in people and words[2] in people, found
    else:
        assert any(v.startswith(words[0]) and v.endswith(words[2]) for v in people), found
    for w in words:
        assert not verbatim(w, out), (w, out)


@pytest.mark.parametrize("opener", ["Thanks", "Enron", "Please", "Attached"])
@pytest.mark.parametrize("seed", range(3))
def test_a_full_name_ending_a_line_before_an_ordinary_word_keeps_the_word(seed: int, opener: str) -> None:
    g, f = given_names(3, seed), family_names(3, seed)
    text = f"Cc: {g[0]} {f[0]}/HOU/ECT@ECT, {g[1]} {f[1]} \n{opener} for the update on the deal.\n"
    found, out = run_rules(_ENGINE, text, structural_spans(text))
    assert verbatim(opener, out), (opener, found)


def _semicolon_list(seed: int) -> tuple[str, str, str]:
    """A ``;`` list of lowercase and capitalised names wrapped at ~72 columns inside an item "given\\nsurname;", the
    surname a dictionary word (as "louise\\nkitchen")."""
    g, f = given_names(8, seed), family_names(8, seed)
    lower = seed % 2 == 0
    word = ["kitchen", "baker", "field", "stone", "mason", "wood"][seed % 6]
    given, surname = (g[4].lower(), word) if lower else (g[4], word.capitalize())
    items: list[str] = []
    while len("; ".join(items)) < 50 + 4 * (seed % 3):  # the line fills to about its width with whole items
        i = len(items) % 4
        items.append(f"{g[i]} {f[i]}" if (i + seed) % 2 else f"{g[i].lower()} {f[i].lower()}")
    line = "To: " + "; ".join(items) + "; " + given
    tail = [f"{g[5]} {f[5]}", f"{g[5].lower()} {f[5].lower()}"][seed % 2]
    text = f"{line}\n{surname}; {tail}; {g[6].lower()} {f[6].lower()};\nSubject: the {word} meeting\n\nsee you\n"
    return text, given, surname


@pytest.mark.parametrize("seed", range(8))
def test_a_semicolon_list_item_wrapped_after_its_given_name_is_one_whole_name(seed: int) -> None:
    text, given, surname = _semicolon_list(seed)
    # the tagger's reading: the given name that ends the line alone
    found, out = run_rules(_ENGINE, text, [planted(text, given, "PERSON"), *structural_spans(text)])
    assert (f"{given}\n{surname}", "PERSON") in found, found
    assert not verbatim(surname, out.split("Subject:")[0]), out


@pytest.mark.parametrize("seed", range(6))
def test_a_lowercase_word_after_a_lists_last_name_stays(seed: int) -> None:
    g, f = given_names(6, seed), family_names(6, seed)
    word = ["thanks", "kitchen", "please", "stone", "meeting", "field"][seed]
    items = "; ".join(f"{g[i].lower()} {f[i].lower()}" for i in range(2 + seed % 2))
    # the list's last item ends the line; the next line is prose (no ";" closes the word), or a ";" list has no
    # person after the wrapped word
    shape = [f"To: {items}; {g[4].lower()}\n{word} for the notes.\n", f"To: {items}; {g[4].lower()}\n{word}; 3 pm\n"]
    text = shape[seed % 2]
    found, out = run_rules(_ENGINE, text, [planted(text, g[4].lower(), "PERSON"), *structural_spans(text)])
    assert verbatim(word, out), (word, found)
