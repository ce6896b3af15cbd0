"""Whether a noun names people, and which: those who take part (customers, members, guests) or staff who serve them.

One home for the words the composer reads a noun's role by and the passes that run on its spec read again (a
review's author is the record's person who is not staff; a booking's staff is the booked act's): the passes import
it without importing the composer, which imports them.
"""

from __future__ import annotations

import functools

from simulacra.draft._catalogue import load_catalogue
from simulacra.draft._nouns import noun_class, singular
from simulacra.draft._quantities import is_device_word
from simulacra.draft._takers import TAKER_WORDS

#: head words of unknown nouns that name people: customers of some kind, and staff who serve them
_PERSON_WORDS = frozenset(
    "owner client member customer guest tenant resident subscriber user buyer passenger rider reader "
    "attendee participant applicant candidate donor volunteer player athlete fan follower student parent "
    "learner visitor traveler traveller shopper patron homeowner policyholder borrower investor person people "
    "seller vendor host landlord partner affiliate trader shareholder contributor creator author listener "
    "viewer subscriber".split()
)
#: head words of people who buy or use what a business offers: they belong to none of its groups
CUSTOMER_WORDS = frozenset(
    "customer client guest tenant renter subscriber user buyer passenger rider shopper patron borrower "
    "traveler traveller visitor viewer listener reader backer donor caller diner".split()
)
_STAFF_WORDS = frozenset(
    "vet veterinarian doctor physician surgeon nurse dentist therapist pharmacist teacher tutor instructor "
    "coach trainer agent representative rep technician mechanic driver courier pilot officer manager "
    "clerk cashier waiter chef barista stylist groomer caretaker caregiver consultant advisor adviser "
    "accountant lawyer attorney engineer developer inspector employee worker staff operator dispatcher "
    "librarian professor lecturer guide host receptionist electrician plumber carpenter gardener cleaner "
    "janitor porter guard cook baker butcher painter builder roofer arborist ranger warden curator "
    "paramedic midwife optician radiologist surveyor auditor analyst recruiter steward stewardess "
    "hygienist trainer referee umpire scientist researcher".split()
)


_STAFF_ENDINGS = ("people", "person", "persons", "smen", "sman", "swomen", "swoman")
#: endings of nouns that name a person by a trade or a profession, never by buying or using something: beauticians,
#: estheticians, locksmiths, wheelwrights, cosmetologists, podiatrists, photographers, masseurs, chauffeurs
_TRADE_ENDINGS = ("ician", "smith", "wright", "ologist", "iatrist", "ographer", "sseur", "sseuse", "ffeur", "ffeuse")
#: trade words no ending marks (a barber's, a tailor's): the people who give a service, not those who book it
_TRADE_WORDS = frozenset(
    "barber tailor hairdresser manicurist pedicurist florist butler maid nanny housekeeper cobbler jeweller "
    "jeweler bartender lifeguard valet sommelier chiropractor osteopath physio dietitian nutritionist".split()
)


@functools.cache
def _catalogue_staff_words() -> frozenset[str]:
    """The one-word names of the catalogue's staff kinds (brokers, assessors, clinicians, carers, personnel), less
    those that name customers elsewhere ('riders' deliver food and ride hired bikes: a customer word wins) and
    those whose first sense is not a person ('8 faculties' of a university are its schools, not its teachers)."""
    cat = load_catalogue()
    words = {singular(w) for k in cat.kinds.values() if k.role == "staff" for w in k.words if " " not in w}
    return frozenset(w for w in words - CUSTOMER_WORDS - _PERSON_WORDS if noun_class(w) in ("person", None))


def _names_a_trade(head: str) -> bool:
    """A person named by the work they do for others: a staff word of the composer's or of the catalogue's staff
    kinds, a trade word, or a trade's ending ('beauticians', 'locksmiths', 'masseurs')."""
    if head in _STAFF_WORDS or head + "s" in _STAFF_WORDS or head in _TRADE_WORDS:
        return True
    if head in _catalogue_staff_words():
        return True
    return head.endswith(_TRADE_ENDINGS) and noun_class(head) in ("person", None)


#: head words of acts of using a thing a business lends or hires out: each row is of the thing used and the
#: person who uses it ("300 bikes and 5,000 rides": each ride is of one bike), whatever WordNet's first sense of
#: the word (a 'rental' is a payment there). 'loan' and 'lease' are left out: money or a contract at a bank
USE_ACTS = frozenset("ride trip journey rental hire charter".split())


def role_of_noun(phrase: str) -> str | None:
    """``person`` or ``staff`` when the phrase's head word names people ('pet owners', 'vets'), else None."""
    head = singular(phrase.split()[-1].replace("_", " ").split()[-1]) if phrase.strip() else ""
    if is_device_word(head):
        return None  # servers, routers, printers: devices, though WordNet's first sense is a person
    if head in TAKER_WORDS:
        return "person"  # supporters, concertgoers: people who take part, though a staff word ends the word (porter)
    if _names_a_trade(head):
        return "staff"
    if head.endswith(_STAFF_ENDINGS) and head not in ("people", "person", "persons"):
        return "staff"  # salespeople, spokespersons, craftsmen, chairwomen: people by the work they do
    if any(head.endswith(w) for w in _STAFF_WORDS if len(w) >= 6) and noun_class(head) in ("person", None):
        return "staff"  # physiotherapists, neurosurgeons: a kind of a worker named above
    if head in _PERSON_WORDS or phrase.split()[-1] in _PERSON_WORDS:
        return "person"
    if noun_class(phrase) == "person" and head not in USE_ACTS:
        # skiers, walkers, movers: WordNet's first sense of the word is a person ('hires' are rentals, not recruits)
        return "person"
    return None


def is_staff(person: str) -> bool:
    """People who serve rather than take part, by the word: a trainer, an instructor, a host, an agent (not a
    critic, a member or a session's trainee)."""
    return role_of_noun(person) == "staff"
