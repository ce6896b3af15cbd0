"""People named by the part they take at an event or in a product, and the records they make (issue 20, draft41).

"a theatre: 400 performances, an audience of 20,000 and 45,000 tickets", "8,000 ticket buyers and 30,000 tickets",
"60,000 voters and 60,000 ballots", "18,000 fans who buy 40,000 tickets": a reader expects a table of those people
(names, e-mail), as many as said, and each ticket, ballot, bid or donation made by one of them. Such a word names
no catalogue kind (or a catalogue word of people after a word of what they take: 'ticket buyers'), and it is not
staff. This module is the one home of the words; the parse and the composer read them:

- ``COLLECTIVE_WORDS``: a word for the whole of such people ("an audience of 9,000", "a crowd of 30,000"): a table
  of its members ('audience_members'), counted by the number said;
- ``TAKER_WORDS``: the head words of people who take part, buy, use or give (spectators, ticket buyers, voters);
- ``RECORD_WORDS``: the head words of what one of them makes (a ticket, a bid, a vote, a donation, a booking);
- ``MAKERS_OF_RECORD``: the makers of a record whose word does not pair with theirs by stem (a pledge: a backer);
  ``makes`` reads which people make a record (draft44): "800 donors and 1,500 donations" beside runners and
  volunteers are donations of the donors.
"""

from __future__ import annotations

from simulacra.draft._nouns import singular

#: words for all the people who attend or follow something, said with 'of' and a count: each row is a member
COLLECTIVE_WORDS = frozenset(
    "audience crowd congregation electorate readership viewership listenership fanbase clientele".split()
)

#: head words (singular) of people named by what they do at an event or to a product: not staff
TAKER_WORDS = frozenset(
    "attendee spectator listener viewer watcher subscriber member guest visitor fan supporter follower "
    "shopper buyer purchaser holder passenger rider bidder voter donor backer pledger sponsor volunteer "
    "participant entrant delegate patron customer client reader player gamer user goer concertgoer theatregoer "
    "moviegoer filmgoer churchgoer festivalgoer ticketholder registrant".split()
)

#: head words (singular) of a record one of those people makes: a ticket bought, a bid placed, a vote cast
RECORD_WORDS = frozenset(
    "ticket booking reservation registration enrolment enrollment admission bid vote ballot donation pledge "
    "contribution purchase order subscription review rating download entry application rsvp rental loan".split()
)

#: a record's maker whose word does not pair with the record's by stem ("donation" - "donor" does: ``_stem``)
MAKERS_OF_RECORD: dict[str, frozenset[str]] = {
    "pledge": frozenset({"backer", "pledger"}),
    "subscription": frozenset({"subscriber"}),
    "purchase": frozenset({"purchaser", "buyer"}),
    "loan": frozenset({"borrower"}),
    "rsvp": frozenset({"guest", "invitee"}),
}

#: endings of a record's word and of its maker's, cut to reach the shared stem, longest first
_RECORD_ENDINGS = ("ation", "ion", "ing", "al", "e")
_MAKER_ENDINGS = ("er", "or")


def _stem(word: str, endings: tuple[str, ...]) -> str:
    """The word without the first of ``endings`` it has and a doubled last letter ("bidder" -> "bid")."""
    cut = next((word[: -len(x)] for x in endings if word.endswith(x) and len(word) - len(x) >= 3), word)
    return cut[:-1] if len(cut) > 3 and cut[-1] == cut[-2] else cut


def makes(people: str, record: str) -> bool:
    """The people's phrase names those who make the record ('donors' make 'donations', 'bidders' 'bids', 'backers'
    'pledges', 'ticket buyers' 'tickets'): by the record's word in the people's (a modifier), by the makers of
    ``MAKERS_OF_RECORD``, or by a stem the two words share."""
    words = people.replace("_", " ").split()
    rec = record.replace("_", " ").split()
    if not words or not rec:
        return False
    who, what = singular(words[-1]), singular(rec[-1])
    if who not in TAKER_WORDS and not who.endswith(_MAKER_ENDINGS):
        return False
    if what in (singular(w) for w in words[:-1]):
        return True  # 'ticket buyers' of 'tickets'
    if who in MAKERS_OF_RECORD.get(what, ()):
        return True
    return who.endswith(_MAKER_ENDINGS) and _stem(who, _MAKER_ENDINGS) == _stem(what, _RECORD_ENDINGS)


def collective_members(word: str) -> str | None:
    """The noun of a table of the members of a collective word ('audience' -> 'audience members'), else None."""
    return f"{word} members" if word in COLLECTIVE_WORDS else None


def is_taker(phrase: str) -> bool:
    """The phrase's head word names people who take part, buy, use or give ('ticket buyers', 'spectators')."""
    words = phrase.replace("_", " ").split()
    return bool(words) and singular(words[-1]) in TAKER_WORDS


def is_record(phrase: str) -> bool:
    """The phrase's head word names something one person makes ('match tickets', 'bids', 'ticket purchases')."""
    words = phrase.replace("_", " ").split()
    return bool(words) and singular(words[-1]) in RECORD_WORDS
