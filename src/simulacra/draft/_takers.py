"""People named by the part they take at an event or in a product, and the records they make (issue 20, draft41).

"a theatre: 400 performances, an audience of 20,000 and 45,000 tickets", "8,000 ticket buyers and 30,000 tickets",
"60,000 voters and 60,000 ballots", "18,000 fans who buy 40,000 tickets": a reader expects a table of those people
(names, e-mail), as many as said, and each ticket, ballot, bid or donation made by one of them. Such a word names
no catalogue kind (or a catalogue word of people after a word of what they take: 'ticket buyers'), and it is not
staff. This module is the one home of the words; the parse and the composer read them:

- ``COLLECTIVE_WORDS``: a word for the whole of such people ("an audience of 9,000", "a crowd of 30,000"): a table
  of its members ('audience_members'), counted by the number said;
- ``TAKER_WORDS``: the head words of people who take part, buy, use or give (spectators, ticket buyers, voters);
- ``RECORD_WORDS``: the head words of what one of them makes (a ticket, a bid, a vote, a donation, a booking).
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
    "contribution purchase order subscription review rating download entry application rsvp".split()
)


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
