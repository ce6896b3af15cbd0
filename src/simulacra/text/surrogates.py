"""Realistic, consistent surrogates: the same real entity gets the same fake.

A ``SurrogateMapper`` belongs to one scope — a document, or a whole corpus when
asked — and keeps its maps while the scope lasts:

* **people** are mapped name part by name part: every given name and every family
  name gets one fake (of the same apparent gender, from the locale's pools), so
  "Alice Smith", "Alice", "Ms. Smith", "SMITH, Alice" and "alice.smith@corp.com"
  stay one fake person; titles (Dr.) are kept, particles (van, de) go with the surname
  they belong to and suffixes (Jr., III) are left out;
* **places and organisations** get one fake per normalised name;
* **dates** are shifted by one offset per scope, so intervals between dates hold;
  the format is kept (ISO, 03/04/1965, "5 April 2023", "Apr. 5th");
* **identifiers** keep their shape and get valid check digits (Luhn for cards,
  mod-97 for IBANs, the ABA rule for routing numbers, SSA rules for SSNs);
* **casing** is kept (UPPER, lower, Title);
* a surrogate never equals its original (case-insensitively).

Fakes are drawn by hashing (seed, scope key, purpose, original), not from a
stream consumed in order, so a corpus split across workers gets the same fakes
as one process, and collisions between two originals inside a scope are
re-drawn. No Faker call happens per value: pools come from ``values``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache

from simulacra._random import PrefixHash, stable_hash
from simulacra.text._groups import (
    ABBREVIATIONS,
    GROUP_KINDS,
    HONORIFICS,
    group_kind,
    honorific_kind,
    is_job_title,
    weekday_index,
)
from simulacra.text._lexicon import lexicon, strip_accents
from simulacra.values import fold_ascii, locale_pools, luhn_check_digit

__all__ = ["MappingRecord", "SurrogateMapper"]

FREE_MAIL = frozenset({
    "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "hotmail.com", "hotmail.co.uk", "outlook.com",
    "live.com", "msn.com", "icloud.com", "me.com", "aol.com", "gmx.de", "gmx.net", "web.de", "t-online.de",
    "mail.com", "proton.me", "protonmail.com", "orange.fr", "free.fr", "laposte.net", "yandex.ru", "mail.ru",
})  # fmt: skip
_GENERIC_LOCAL = frozenset({
    "info", "support", "admin", "sales", "contact", "hello", "noreply", "no-reply", "office", "team", "hr", "billing",
    "help", "service", "mail", "webmaster", "postmaster", "jobs", "careers", "press", "news", "orders", "accounts",
})  # fmt: skip
_TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "lord", "lady", "rev", "fr", "st", "jr", "sr",
    "president", "minister", "senator", "general", "judge", "coach", "captain", "king", "queen", "prince",
    "princess", "sheikh", "md", "phd", "rn", "esq", "ii", "iii", "iv", "herr", "frau", "mme", "mlle", "m", "dott",
    "sig", "sra", "don", "doña", "señor", "señora", "madame", "monsieur", "professor", "doctor", "nurse",
    "chancellor", "governor", "mayor", "ambassador", "secretary", "inspector", "sergeant", "colonel", "pope",
    "bishop",
})  # fmt: skip
# title words that are given names too: before one name word, with no point, the given name ("Prince McDougal",
# "Bishop Keller" in a header's display name); kept as a title the real name would be left in the output. Before
# two name words ("Bishop Desmond Tutu") or with a point they stay titles
_GIVEN_TITLES = frozenset({"prince", "king", "bishop"})


def _given_title(word: str) -> bool:
    return word.lower() in _GIVEN_TITLES and word[:1].isupper() and not word.endswith(".")


_PARTICLES = frozenset(
    {
        "van",
        "von",
        "de",
        "der",
        "den",
        "di",
        "da",
        "del",
        "della",
        "la",
        "le",
        "du",
        "des",
        "bin",
        "ibn",
        "al",
        "el",
        "ter",
        "ten",
        "zu",
        "dos",
        "das",
        "mac",
        "st",
    }
)
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "md", "phd", "rn", "esq"})
_NAME_TOKEN = re.compile(r"[^\W\d_](?:[\w'’]*[^\W_])?\.?")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # fmt: skip
_MONTH_INDEX = {m.lower(): i + 1 for i, m in enumerate(_MONTHS)} | {m[:3].lower(): i + 1 for i, m in enumerate(_MONTHS)}
_MONTH_INDEX["sept"] = 9
# compiled once (the module-level re functions look each pattern up in a cache per call)
_LOCAL_SPLIT = re.compile(r"([._+-])")
_LETTERS_DIGITS = re.compile(r"([^\W\d_]*)(\d*)")
_URL = re.compile(r"^((?:[a-zA-Z][a-zA-Z0-9+.-]*://)?)([^/?#:]+)(:\d+)?(.*)$", re.DOTALL)
_DIGIT_RUN = re.compile(r"\d{2,}")
_ASCII_WORD = re.compile(r"[A-Za-z]+")
_TIME = re.compile(r"^(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?(.*)$", re.DOTALL)
_MERIDIEM = re.compile(r"[AaPp]\.?[Mm]")


@dataclass(frozen=True)
class MappingRecord:
    """original -> surrogate, for the (encrypted) audit file; never logged."""

    document: str
    label: str
    original: str
    surrogate: str


@dataclass(frozen=True)
class _Pools:
    first_female: tuple[str, ...]
    first_male: tuple[str, ...]
    last: tuple[str, ...]
    cities: tuple[str, ...]
    regions: tuple[str, ...]
    countries: tuple[str, ...]
    companies: tuple[str, ...]
    domains: tuple[str, ...]
    streets: tuple[str, ...]
    street_order: str
    female: frozenset[str]
    male: frozenset[str]
    #: the locale's own given names: they decide first when the wider lists know a name as both
    local_female: frozenset[str]
    local_male: frozenset[str]
    country_set: frozenset[str]
    region_set: frozenset[str]
    common_first: frozenset[str]
    jobs: tuple[str, ...] = ()


@cache
def pools(locale: str) -> _Pools:
    p = locale_pools(locale)
    lx = lexicon()
    return _Pools(
        first_female=tuple(p.first_female.values.to_list()),
        first_male=tuple(p.first_male.values.to_list()),
        last=tuple(p.last.values.to_list()),
        cities=tuple(p.places.city.values.to_list()),
        regions=tuple(dict.fromkeys(p.places.state.to_list())),
        countries=tuple(c for c in lx.countries if len(c) <= 24),
        companies=tuple(p.companies.values.to_list()),
        domains=tuple(p.company_domains.to_list()),
        streets=tuple(p.streets.values.to_list()),
        street_order=p.street_order,
        local_female=frozenset(x.lower() for x in p.first_female.values.to_list()),
        local_male=frozenset(x.lower() for x in p.first_male.values.to_list()),
        female=frozenset(x.lower() for x in lx.first_female)
        | frozenset(x.lower() for x in p.first_female.values.to_list()),
        male=frozenset(x.lower() for x in lx.first_male) | frozenset(x.lower() for x in p.first_male.values.to_list()),
        country_set=frozenset(c.lower() for c in lx.countries),
        region_set=frozenset(r.lower() for r in lx.regions) | frozenset(r.lower() for r in p.places.state.to_list()),
        common_first=frozenset(x.lower() for x in p.first_values.to_list()),
        jobs=tuple(p.jobs.values.to_list()),
    )


def match_case(fake: str, original: str) -> str:
    """``fake`` cased like ``original``: UPPER, lower or as is (Title)."""
    if original.isascii():  # every ASCII letter is cased: str.isupper/islower say the same, in C
        if original.isupper():
            return fake.upper() if sum(c.isalpha() for c in original) > 1 else fake
        return fake.lower() if original.islower() else fake
    letters = [c for c in original if c.isalpha()]
    if not letters:
        return fake
    if all(c.isupper() for c in letters) and len(letters) > 1:
        return fake.upper()
    if all(c.islower() for c in letters):
        return fake.lower()
    return fake


@dataclass
class SurrogateMapper:
    """Consistent fakes for one scope (a document, or a corpus)."""

    seed: int = 0
    scope: str = "document"
    locale: str = "en_US"
    date_order: str = "MDY"
    max_date_shift: int = 365
    record: bool = False
    records: list[MappingRecord] = field(default_factory=list)
    _key: int = 0
    _first: dict[str, str] = field(default_factory=dict)
    _last: dict[str, str] = field(default_factory=dict)
    _initial: dict[str, str] = field(default_factory=dict)
    _other: dict[tuple[str, str], str] = field(default_factory=dict)
    _used: set[str] = field(default_factory=set)
    #: lowercased words of the real names in this scope: no fake may equal one
    avoid: set[str] = field(default_factory=set)
    #: lone words the text uses as given names (a greeting's "Hi Mei,", a sign-off's "-mei"): a word that the
    #: name lists know as both a given and a family name is then given a given-name fake
    given_hint: set[str] = field(default_factory=set)
    #: lowercased whole values of the other entities in this scope ("germany" when the text names Germany):
    #: no fake may equal one, or a real place or firm of the text would come back as another's fake
    avoid_whole: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._key = stable_hash(f"simulacra.text:{self.seed}:{self.scope}")
        # _h hashes f"{key}:..." (_random.PrefixHash: the key's part is absorbed once, then copied)
        self._prefix = PrefixHash(f"{self._key}:")
        #: (kind, lowercased fake) already handed out in this scope
        self._used_kinds: set[tuple[str, str]] = set()
        #: person(original) -> (fake, (word, (has a given-name fake, has a family-name fake)) for each word
        #: whose role was looked up); the fake holds while those stay as they were
        self._person_memo: dict[str, tuple[str, tuple[tuple[str, tuple[bool, bool]], ...]]] = {}
        self.p = pools(self.locale)
        days = self.max_date_shift
        h = self._h("date-shift")
        shift = 1 + h % max(days, 1)
        self.date_shift = shift if (h >> 32) & 1 else -shift
        self.minute_shift = 1 + (h >> 40) % 59

    # --- hashing --------------------------------------------------------------------

    def _h(self, *parts: object) -> int:
        # the same value as stable_hash(f"{self._key}:" + ":".join(map(str, parts)))
        return self._prefix(*parts)

    def _pick(self, seq: tuple[str, ...], *parts: object) -> str:
        return seq[self._h(*parts) % len(seq)]

    def _fresh(self, draw: Callable[[int], str], original: str, kind: str) -> str:
        """A draw that differs from the original and from every other original's fake in this scope."""
        low = original.lower()
        for attempt in range(24):
            fake = draw(attempt)
            f = fake.lower()
            if (
                f != low
                and (kind, f) not in self._used_kinds
                and not (self.avoid and _shares_word(f, self.avoid))
                and f not in self.avoid_whole
            ):
                self._used_kinds.add((kind, f))
                return fake
        return draw(99)

    # --- entry point -----------------------------------------------------------------

    def surrogate(self, label: str, original: str) -> str:
        """The fake for ``original`` (an entity of type ``label``), the same every time in this scope."""
        fn = _BY_LABEL.get(label, SurrogateMapper._shape)
        fake = fn(self, original)
        if fake.lower() == original.lower() and label != "TITLE":
            fake = self._shape(original, salt="again")
        if self.record:
            self.records.append(MappingRecord(self.scope, label, original, fake))
        return fake

    # --- people ---------------------------------------------------------------------

    def gender_of(self, given: str) -> bool | None:
        """True female, False male, None unknown (both or neither)."""
        g = given.lower()
        f, m = g in self.p.local_female, g in self.p.local_male
        if f == m:  # unknown to the locale, or both there: the wider lists decide
            f, m = g in self.p.female, g in self.p.male
        return f if f != m else None

    def first_name(self, token: str) -> str:
        key = strip_accents(token).lower()
        fake = self._first.get(key)
        full = self._short_of(key) if fake is None else None
        if full is not None:  # the short form of a given name of this scope: the same person, the same fake
            fake = self._first[key] = self._first[full]
        if fake is None:
            female = self.gender_of(token)
            if female is None:
                female = bool(self._h("gender", key) & 1)
            pool = self.p.first_female if female else self.p.first_male
            fake = self._fresh(lambda a: self._pick(pool, "first", key, a), token, "first")
            self._first[key] = fake
        return match_case(fake, token)

    def last_name(self, token: str) -> str:
        key = strip_accents(token).lower()
        fake = self._last.get(key)
        if fake is None:
            fake = self._fresh(lambda a: self._pick(self.p.last, "last", key, a), token, "last")
            self._last[key] = fake
        return match_case(fake, token)

    def initial(self, letter: str) -> str:
        key = letter.lower()
        fake = self._initial.get(key)
        if fake is None:  # the initial of a known given name becomes its fake's initial
            for first, f in self._first.items():
                if first[:1] == key and f[:1].isalpha():
                    fake = strip_accents(f[0]).upper()
                    if fake.lower() != key:
                        self._initial[key] = fake
                        return fake if letter.isupper() else fake.lower()
            alphabet = "ABCDEFGHIJKLMNOPRSTW"
            fake = self._fresh(lambda a: alphabet[self._h("initial", key, a) % len(alphabet)], letter, "initial")
            self._initial[key] = fake
        return fake if letter.isupper() else fake.lower()

    def _short_of(self, key: str) -> str | None:
        """The one given name of this scope that ``key`` is a short form of ("raj" of "Rajesh"), or None."""
        if len(key) < 3 or key in self._first:
            return None
        # ``key`` is not in ``_first``, so every name that starts with it is longer than it
        longer = [g for g in self._first if g.startswith(key)]
        return longer[0] if len(longer) == 1 else None

    def _name_role(self, token: str) -> str:
        key = strip_accents(token).lower()
        if key in self._first:
            return "first"
        if key in self._last:
            return "last"
        if self._short_of(key) is not None:
            return "first"  # "-raj" signing after "Rajesh Patel" wrote: his given name, not a family name
        if key in self.given_hint:
            return "first"  # "-mei" signing a message, "Hi Raj,": a given name, though lists know it as a surname too
        if key in self.p.common_first:
            return "first"
        if (key in self.p.female or key in self.p.male) and key not in last_set():
            return "first"
        return "last"

    def person(self, original: str) -> str:
        # the same name again: its fake, unless a lone word's role could have changed (the role of a word
        # alone depends on whether it already has a given-name or a family-name fake in this scope)
        hit = self._person_memo.get(original)
        if hit is not None and all((k in self._first, k in self._last) == seen for k, seen in hit[1]):
            return hit[0]
        fake, lone = self._person(original)
        self._person_memo[original] = (fake, tuple((k, (k in self._first, k in self._last)) for k in lone))
        return fake

    def _person(self, original: str) -> tuple[str, list[str]]:
        """The fake of ``original`` and the words whose role (given or family name) was looked up."""
        tokens = list(_NAME_TOKEN.finditer(original))
        lone: list[str] = []
        roles: list[str] = []
        words = [m.group(0).rstrip(".") for m in tokens]
        lows = [w.lower() for w in words]
        plain = [i for i, w in enumerate(lows) if w not in _TITLES and w not in _PARTICLES and len(w) > 1]
        head = plain[0] if plain else len(words)
        if head == 1 and len(words) == 2 and (lows[0] in self.p.common_first or _given_title(tokens[0].group(0))):
            head = 0  # "Don Black": a given name, not the Spanish title; "Prince McDougal", "Bishop Keller" too
        # a title word after the name has begun is a surname ("Philip Mayor", "Lisa King"); suffixes stay
        core = [
            i
            for i, w in enumerate(lows)
            if len(w) > 1 and w not in _PARTICLES and (i >= head and w not in _SUFFIXES or w not in _TITLES)
        ]
        comma = original.find(",")
        for i, m in enumerate(tokens):
            w = words[i]
            low = lows[i]
            if low in _PARTICLES and len(tokens) > 1:
                # part of the surname ("Van Pelt"): it goes with it, so the fake is a plain surname
                roles.append("drop" if any(j > i for j in core) else "last" if core else "keep")
            elif low in _SUFFIXES and len(tokens) > 1 and any(j < i for j in core):
                roles.append("drop suffix")  # "Kilmer III", "Cobb Jr.": the fake person has no suffix
            elif comma >= 0 and m.start() < comma and low in _TITLES and len(w) > 1:
                roles.append("last")  # "Lord, Phillip": a title word before the comma is the surname
            elif low in _TITLES and (len(tokens) > 1 or low in _SUFFIXES) and i not in core:
                roles.append("keep")
            elif len(w) == 1:
                roles.append("initial")
            elif comma >= 0:
                roles.append("last" if m.start() < comma else "first")
            elif len(core) >= 2:
                roles.append("last" if i == core[-1] else "first")
            else:
                roles.append(self._name_role(w))
                lone.append(strip_accents(w).lower())  # _name_role's key
        out: list[str] = []
        pos = 0
        for m, role, w in zip(tokens, roles, words, strict=True):
            if role == "drop suffix":
                gap = original[pos : m.start()]
                if gap.strip() not in ("", ","):
                    out.append(gap)
                pos = m.end()
                continue
            out.append(original[pos : m.start()])
            dot = "." if m.group(0).endswith(".") else ""
            if role == "drop":
                pos = m.end()
                while pos < len(original) and original[pos] in " \t":
                    pos += 1
                continue
            if role == "keep":
                out.append(m.group(0))
            else:
                fake = {"first": self.first_name, "last": self.last_name, "initial": self.initial}[role](w)
                out.append(fake + dot)
            pos = m.end()
        out.append(original[pos:])
        fake = "".join(out)
        if fake.lower() == original.lower():  # only titles: nothing identifying, but never echo
            return self._pick(self.p.last, "lone", original.lower()), lone
        return fake, lone

    # --- contact points ----------------------------------------------------------------

    def _local_part(self, local: str) -> str:
        pieces, alpha = _local_pieces(local)
        out = []
        for i, (part, letters, digits) in enumerate(pieces):
            if not letters and not digits:
                out.append(part)
                continue
            fake = ""
            if letters:
                low = letters.lower()
                if low in _GENERIC_LOCAL:
                    fake = letters
                elif len(letters) == 1:
                    fake = self.initial(letters)
                elif low in self._first or (
                    low not in self._last
                    and alpha
                    and i == alpha[0]
                    and len(alpha) > 1
                    and (low in self.p.female or low in self.p.male)
                ):
                    fake = _fold(self.first_name(letters))
                elif low in self._last or len(alpha) > 1:
                    fake = _fold(self.last_name(letters))
                elif len(low) > 3 and low[1:] in self._last:  # jsmith: initial + family name
                    fake = self.initial(low[0]) + _fold(self.last_name(low[1:]))
                elif len(low) > 3 and low[1:] in last_set():
                    fake = self.initial(low[0]) + _fold(self.last_name(low[1:]))
                else:
                    fake = (
                        _fold(self.first_name(letters))
                        if low in self.p.female or low in self.p.male
                        else _fold(self.last_name(letters))
                    )
                fake = match_case(fake, letters) if not letters.islower() else fake.lower()
            if digits:
                fake += self._digits(digits, "local")
            out.append(fake)
        result = "".join(out)
        return result if result.lower() != local.lower() else result + self._digits("00", "local-again")

    def _domain(self, domain: str) -> str:
        low = domain.lower()
        if low in FREE_MAIL:
            return domain
        key = ("domain", low.removeprefix("www."))
        fake = self._other.get(key)
        if fake is None:
            fake = self._fresh(lambda a: self._pick(self.p.domains, "domain", low, a), low, "domain")
            self._other[key] = fake
        return ("www." if low.startswith("www.") else "") + match_case(fake, domain)

    def domain_of(self, domain: str) -> str:
        """The fake of a mail domain (free-mail domains are kept), the same every time in this scope."""
        return self._domain(domain)

    def email(self, original: str) -> str:
        local, at, domain = original.rpartition("@")
        if not at:
            return self._shape(original)
        return self._local_part(local) + "@" + self._domain(domain)

    def username(self, original: str) -> str:
        prefix = "@" if original.startswith("@") else ""
        return prefix + self._local_part(original.removeprefix("@"))

    def url(self, original: str) -> str:
        m = _URL.match(original)
        if not m:
            return self._shape(original)
        scheme, host, port, rest = m.groups()
        rest = _DIGIT_RUN.sub(lambda d: self._digits(d.group(0), "url"), rest)
        rest = _ASCII_WORD.sub(lambda w: self._url_word(w.group(0)), rest)
        return scheme + self._domain(host) + (port or "") + rest

    def _url_word(self, word: str) -> str:
        low = word.lower()
        if low in self._first:
            return _fold(self.first_name(word)).lower() if word.islower() else _fold(self.first_name(word))
        if low in self._last:
            return _fold(self.last_name(word)).lower() if word.islower() else _fold(self.last_name(word))
        return word

    def phone(self, original: str) -> str:
        out = []
        i = 0
        n = len(original)
        if original.startswith("+"):  # keep the country code: it says little and keeps the format valid
            j = 1
            while j < n and original[j].isdigit() and j <= 3:
                j += 1
            out.append(original[:j])
            i = j
        group_start = True
        k = 0
        for ch in original[i:]:
            if ch.isdigit():
                if group_start and ch != "0":
                    out.append(str(2 + self._h("phone", original, k) % 8))
                elif group_start:
                    out.append("0")
                else:
                    out.append(str(self._h("phone", original, k) % 10))
                group_start = False
                k += 1
            else:
                out.append(ch)
                group_start = ch in " -./()"
        fake = "".join(out)
        return fake if fake != original else self._digits_all(original, "phone-again")

    # --- identifiers --------------------------------------------------------------------

    def _digits(self, digits: str, purpose: str) -> str:
        return "".join(str(self._h(purpose, digits, i) % 10) for i in range(len(digits)))

    def _digits_all(self, original: str, purpose: str) -> str:
        k = 0
        out = []
        for ch in original:
            if ch.isdigit():
                d = self._h(purpose, original, k) % 9
                out.append(str(d if d < int(ch) else d + 1))  # never the same digit
                k += 1
            else:
                out.append(ch)
        return "".join(out)

    def _shape(self, original: str, salt: str = "shape") -> str:
        """Same shape: digits -> digits, letters -> letters (case kept), the rest kept."""
        out = []
        changed = False
        for i, ch in enumerate(original):
            h = self._h(salt, original, i)
            if ch.isdigit():
                c = str(h % 10)
            elif ch.isalpha() and ch.isascii():
                c = chr((65 if ch.isupper() else 97) + h % 26)
            else:
                c = ch
            changed |= c != ch
            out.append(c)
        fake = "".join(out)
        if not changed or fake.lower() == original.lower():
            return self._digits_all(original, salt + "!") if any(c.isdigit() for c in original) else fake + "x"
        return fake

    def postcode(self, original: str) -> str:
        """A postcode of the same shape in the same area: a 5-digit code keeps its first two digits
        (the state or département beside it stays true: ``OR 97205`` -> ``OR 97xxx``; HIPAA's Safe
        Harbor would keep three), a UK postcode its area letters; the rest is new."""
        digits = [i for i, c in enumerate(original) if c.isdigit()]
        lead = re.match(r"[A-Za-z]{1,2}(?=\d)", original)
        keep = set(digits[:2]) if lead is None and len(digits) >= 5 else set(range(lead.end())) if lead else set()
        for attempt in range(8):
            out = []
            for i, ch in enumerate(original):
                h = self._h("postcode", original, i, attempt)
                if i in keep:
                    out.append(ch)
                elif ch.isdigit():
                    out.append(str(h % 10))
                elif ch.isalpha() and ch.isascii():
                    out.append(chr((65 if ch.isupper() else 97) + h % 26))
                else:
                    out.append(ch)
            fake = "".join(out)
            if fake != original:
                return fake
        return self._shape(original)

    def card(self, original: str) -> str:
        digits = [c for c in original if c.isdigit()]
        n = len(digits)
        new = [digits[0]] + [str(self._h("card", original, i) % 10) for i in range(1, n - 1)]
        new.append(str(luhn_check_digit("".join(new))))
        if new == digits:
            new[1] = str((int(new[1]) + 1) % 10)
            new[-1] = str(luhn_check_digit("".join(new[:-1])))
        return _refill(original, new)

    def iban(self, original: str) -> str:
        s = [c for c in original if not c.isspace()]
        country = "".join(s[:2]).upper()
        bban = []
        for i, c in enumerate(s[4:]):
            h = self._h("iban", original, i)
            bban.append(str(h % 10) if c.isdigit() else chr(65 + h % 26))
        b = "".join(bban)
        moved = b + country + "00"
        check = 98 - int("".join(str(int(c, 36)) for c in moved)) % 97
        chars = list(country + f"{check:02d}" + b)
        if "".join(chars) == "".join(s).upper():
            return self.iban(original + " ")
        return _refill(original, chars)

    def ssn(self, original: str) -> str:
        h = self._h("ssn", original)
        area = 1 + h % 899
        if area == 666:
            area = 667
        group = 1 + (h >> 16) % 99
        serial = 1 + (h >> 32) % 9999
        new = list(f"{area:03d}{group:02d}{serial:04d}")
        if new == [c for c in original if c.isdigit()]:
            new[-1] = str((int(new[-1]) % 9) + 1)
        return _refill(original, new)

    def routing(self, original: str) -> str:
        body = [str(self._h("aba", original, i) % 10) for i in range(8)]
        body[0] = str(self._h("aba0", original) % 4)  # Federal Reserve routing symbols start 0-3
        total = sum(int(c) * w for c, w in zip(body, (3, 7, 1, 3, 7, 1, 3, 7), strict=True))
        body.append(str((10 - total % 10) % 10))
        if body == [c for c in original if c.isdigit()]:
            return self.routing(original + " ")
        return _refill(original, body)

    def ip(self, original: str) -> str:
        if ":" in original:
            groups = original.split(":")
            out: list[str] = []
            for i, g in enumerate(groups):
                if not g:
                    out.append(g)
                    continue
                h = self._h("ipv6", original, i)
                hexs = format(h & 0xFFFF, "04x")[-len(g) :] if i else format(0x2000 | (h & 0x1FFF), "x")
                out.append(hexs.upper() if g.isupper() else hexs)
            return ":".join(out)
        h = self._h("ipv4", original)
        first = (11, 23, 31, 45, 52, 64, 77, 81, 89, 94, 103, 118, 131, 145, 151, 162, 176, 185, 193, 212)
        return f"{first[h % len(first)]}.{(h >> 8) & 255}.{(h >> 16) & 255}.{1 + (h >> 24) % 254}"

    # --- places and organisations ----------------------------------------------------------

    def location(self, original: str) -> str:
        low = " ".join(original.lower().split())
        key = ("loc", low)
        fake = self._other.get(key)
        if fake is None:
            if low in self.p.country_set:
                pool, kind = self.p.countries, "country"
            elif low in self.p.region_set:
                pool, kind = self.p.regions, "region"
            else:
                pool, kind = self.p.cities, "city"
            fake = self._fresh(lambda a: self._pick(pool, kind, low, a), original, kind)
            self._other[key] = fake
        return match_case(fake, original)

    def organization(self, original: str) -> str:
        low = " ".join(original.lower().split())
        low = low.removeprefix("the ")
        key = ("org", low)
        fake = self._other.get(key)
        if fake is None:
            fake = self._domain_firm(low)
        if fake is None:
            fake = self._fresh(lambda a: self._pick(self.p.companies, "org", low, a), original, "org")
        self._other[key] = fake
        return match_case(fake, original)

    def _domain_firm(self, low: str) -> str | None:
        """The firm named after the fake of this scope's domain that spells ``low`` ("northwind traders" beside
        northwind-traders.com, whose fake is whitehead-ellis.info -> "Whitehead-Ellis"), or None."""
        from simulacra.text.domain_orgs import domain_label_words

        spelled = "".join(low.split())
        for (kind, domain), fake in self._other.items():
            if kind == "domain" and "".join(domain_label_words(domain)) == spelled:
                label = fake.split(".", 1)[0]
                firm = "-".join(w[:1].upper() + w[1:] for w in label.split("-") if w)
                if firm and (("org", firm.lower()) not in self._used_kinds):
                    self._used_kinds.add(("org", firm.lower()))
                    return firm
        return None

    def street(self, original: str) -> str:
        if original.isdigit():  # an address's number or postcode labelled apart ("20789 Allika 46"): digits
            return self._digits_all(original, "street")
        low = " ".join(original.lower().split())
        key = ("street", low)
        fake = self._other.get(key)
        if fake is None:

            def draw(a: int) -> str:
                street = self._pick(self.p.streets, "street", low, a)
                number = str(1 + self._h("house", low, a) % 400)
                return f"{street} {number}" if self.p.street_order == "street number" else f"{number} {street}"

            fake = self._fresh(draw, original, "street")
            self._other[key] = fake
        return match_case(fake, original)

    # --- dates, times, ages ---------------------------------------------------------------

    def shun_name_months(self, dates: Sequence[str]) -> None:
        """Move this scope's date shift off one that writes a real name of the scope as a month.

        A month is also a name ("Tom May", "January, Steven", "April Hodgson", "Jan"); e-mail dates every
        header, so a shifted "June 04, 2001" that reads "May 3, 2002" beside "May, Tom" puts the real surname
        back in the output. The shift is drawn again (the same draws every time: determinism holds) until no
        shifted date of ``dates`` holds a month word that is a word of a real name here; none found, it stays.
        Only for a document's own scope, before any date was rewritten: a corpus keeps one shift throughout."""
        months = self.avoid & _MONTH_WORDS
        if self.scope == "corpus" or not months or not dates:
            return
        first = self.date_shift
        for attempt in range(24):
            if not any(_shares_word(self.date(v).lower(), months) for v in dates):
                return
            h = self._h("date-shift", attempt)
            shift = 1 + h % max(self.max_date_shift, 1)
            self.date_shift = shift if (h >> 32) & 1 else -shift
        self.date_shift = first

    def date(self, original: str) -> str:
        if _YEAR.fullmatch(original):  # a bare year moves one year the way the document's dates move
            return str(int(original) + (1 if self.date_shift > 0 else -1))
        day = weekday_index(original)
        if day is not None:  # a weekday alone moves as the document's dates move ("on Tuesday"), never onto itself
            name = dt.date(2024, 1, 1 + (day + (self.date_shift % 7 or 1)) % 7).strftime("%A")  # 2024-01-01: Monday
            return match_case(name + original.strip()[len(original.strip().rstrip("sS")) :], original)
        m = _DATE_AND_TIME.match(original)
        if m is not None:  # "2001-05-03 09:15:00": the date shifted, its time moved as a time alone moves
            return self.date(m.group("date")) + m.group("sep") + self.time(m.group("time"))
        shifted = shift_date(original, self.date_shift, self.date_order)
        return shifted if shifted is not None and shifted != original else self._shape(original)

    def group(self, original: str) -> str:
        """A nationality, religious or political group: another of the same kind (the case kept)."""
        kind = group_kind(original)
        if kind is None:
            return self._shape(original)
        pool = _group_pool(kind, original.endswith("s") and not original.endswith(("ss", "ese")))
        key = " ".join(original.split()).lower()
        fake = self._other.get(("NRP", key))
        if fake is None:
            fake = self._fresh(lambda a: self._pick(pool, "nrp", key, a), original, "nrp")
            self._other[("NRP", key)] = fake
        return match_case(fake, original)

    def title(self, original: str) -> str:
        """An honorific: another of the same kind and form ("Mrs." -> "Ms.", "Dr." -> "Prof."); one with no
        other of its kind and form (``Mr.``) stays as it is: a title alone names no one."""
        kind = honorific_kind(original)
        if kind is None:
            if is_job_title(original) and self.p.jobs:  # a job's name: another job of the locale's pool
                key = " ".join(original.lower().split())
                return match_case(
                    self._fresh(lambda a: self._pick(self.p.jobs, "job", key, a), original, "job"), original
                )
            return self._shape(original)
        word = original.strip().rstrip(".")
        short = word.lower() in ABBREVIATIONS
        pool = tuple(w for w in HONORIFICS[kind] if (w.lower() in ABBREVIATIONS) == short and w.lower() != word.lower())
        if not pool:
            return original
        fake = self._pick(pool, "title", word.lower())
        return match_case(fake, word) + ("." if short and original.rstrip().endswith(".") else "")

    def time(self, original: str) -> str:
        m = _TIME.match(original)
        if not m:
            return self._shape(original)
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        total = (hour * 60 + minute + self.minute_shift) % (24 * 60)
        h2, m2 = divmod(total, 60)
        tail = m.group(4)
        if _MERIDIEM.search(tail):
            h2 = h2 % 12 or 12
            if h2 == hour and m.group(2) is None:
                h2 = h2 % 12 + 1
        width = len(m.group(1))
        out = f"{h2:0{width}d}"
        if m.group(2) is not None or m2:
            out += f":{m2:02d}"
        if m.group(3) is not None:
            out += f":{m.group(3)}"
        return out + tail

    def age(self, original: str) -> str:
        digits = "".join(c for c in original if c.isdigit())
        if not digits:
            return self._shape(original)
        age = int(digits)
        if age >= 90:  # HIPAA: ages over 89 are one group
            new = 90 + self._h("age", age) % 10
            if new == age:
                new = 90 if age != 90 else 91
        else:
            delta = 1 + self._h("age", age) % 3
            new = age + delta if (self._h("age-sign", age) & 1 or age <= 3) else age - delta
        return original.replace(digits, str(new), 1)

    def money(self, original: str) -> str:
        first = True
        out = []
        for i, ch in enumerate(original):
            if ch.isdigit():
                out.append(ch if first else str(self._h("money", original, i) % 10))
                first = False
            else:
                out.append(ch)
        fake = "".join(out)
        return fake if fake != original else self._digits_all(original, "money-again")


#: ``fold_ascii`` of the fakes an address or a URL takes: pool names, the same strings again in every scope
_fold = lru_cache(maxsize=1 << 14)(fold_ascii)


@lru_cache(maxsize=1 << 14)
def _local_pieces(local: str) -> tuple[tuple[tuple[str, str, str], ...], tuple[int, ...]]:
    """An address's local part cut as ``_local_part`` reads it (a pure function of the string; the same
    addresses come back in every message): each piece of ``[._+-]``-split with its letters and its digits
    ("", "" for a separator or an empty piece, which is copied), and the indices of the pieces all letters."""
    parts = _LOCAL_SPLIT.split(local)
    pieces = []
    for part in parts:
        if not part or part in "._+-":
            pieces.append((part, "", ""))
            continue
        m = _LETTERS_DIGITS.fullmatch(part)
        letters, digits = (m.group(1), m.group(2)) if m else (part, "")
        pieces.append((part, letters, digits))
    return tuple(pieces), tuple(i for i, x in enumerate(parts) if x.isalpha())


#: month names and their short forms, lowercased: the words a shifted date writes that may be a person's name
_MONTH_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)


@cache
def _group_pool(kind: str, plural: bool) -> tuple[str, ...]:
    """The one-word groups of ``kind`` in the number asked (plural: ending in "s"), or all of the kind when it has
    none: a function of the two alone, so each pool is built once, not per group word rewritten (~80 words a kind)."""
    return tuple(w for w in GROUP_KINDS[kind] if w.endswith("s") == plural and " " not in w) or GROUP_KINDS[kind]


def _shares_word(fake: str, words: set[str]) -> bool:
    """Whether a lowercased fake is, or holds, one of ``words`` ("reed, brown and marquez" holds "brown")."""
    if fake in words:
        return True
    return not words.isdisjoint(_fake_words(fake))  # one C call, not a generator per word


_FAKE_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1 << 14)
def _fake_words(fake: str) -> tuple[str, ...]:
    """The words of a fake (drawn from the pools, so the same few strings again and again in every scope)."""
    return tuple(_FAKE_WORD.findall(fake))


def _refill(template: str, chars: list[str]) -> str:
    """``template`` with its alphanumerics replaced, in order, by ``chars`` (separators kept)."""
    it = iter(chars)
    out = []
    for ch in template:
        if ch.isalnum():
            out.append(next(it, ch))
        else:
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=1)
def last_set() -> frozenset[str]:
    return frozenset(x.lower() for x in lexicon().last)


# --- date shifting ------------------------------------------------------------------------

_DATE_AND_TIME = re.compile(r"^(?P<date>\d{4}-\d{1,2}-\d{1,2})(?P<sep>[ T])(?P<time>\d{1,2}:\d{2}(?::\d{2})?)$")
_NUM_DATE = re.compile(r"^(\d{1,4})([/.-])(\d{1,2})\2(\d{2,4})$")
# the separators are kept as written: a run of spaces or a tab aligns a header's one-digit day ("May  3, 2001"),
# dashes join a form's day, month and year ("03-May-2001", "3-MAY-01": a two-digit year only so)
_WORD_DATE = re.compile(
    r"^(?:(?P<d1>\d{1,2})(?P<o1>st|nd|rd|th)?(?P<of> of)?(?P<s1>[ \t]+|-))?(?P<mon>[A-Za-z]+)(?P<dot>\.)?"
    r"(?:(?P<s2>[ \t]+)(?P<d2>\d{1,2})(?P<o2>st|nd|rd|th)?)?(?P<comma>,)?"
    r"(?:(?P<s3>[ \t]+)(?P<year>\d{4})|(?P<s4>-)(?P<year2>\d{4}|\d{2}))?$"
)


def _ordinal(n: int) -> str:
    if 11 <= n % 100 <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY_LEAD = re.compile(r"^(?P<wd>[A-Za-z]{3,9})(?P<dot>\.?)(?P<sep>,?[ \t]+)")


def shift_date(text: str, days: int, order: str = "MDY") -> str | None:
    """``text`` (a date in one of the recognised formats) moved by ``days``, format kept; None if unparsed.

    A leading weekday ("Thu, 28 Dec 2000", "Wednesday, December 27, 2000") is
    re-rendered for the new date in the same form (abbreviated or not, same case);
    without a year the weekday cannot be known and is dropped.
    """
    m = _WEEKDAY_LEAD.match(text.strip())
    if m is not None:
        wd = m.group("wd")
        full = next((d for d in _WEEKDAYS if d.lower() == wd.lower()), None)
        abbr = next((d for d in _WEEKDAYS if d.lower().startswith(wd.lower()) and len(wd) in (3, 4)), None)
        if full or abbr:
            rest = text.strip()[m.end() :]
            out = _shift_date(rest, days, order)
            if out is None:
                return None
            shifted, new = out
            if new is None:
                return shifted
            name = _WEEKDAYS[new.weekday()]
            name = name if full else name[: len(wd)]
            return match_case(name, wd) + m.group("dot") + _aligned(m.group("sep"), rest, shifted) + shifted
    out = _shift_date(text, days, order)
    return None if out is None else out[0]


def _aligned(sep: str, before: str, after: str) -> str:
    """``sep`` (the spaces before a day number) keeping the day right-aligned, as a header aligns a one-digit day
    with two spaces ("Thu,  3 May" -> "Sat, 14 Apr", "May  3, 2001" -> "Apr 14, 2001"); one space always kept."""
    if len(sep) - len(sep.rstrip(" ")) < 2:
        return sep
    grow = len(after) - len(after.lstrip("0123456789")) - (len(before) - len(before.lstrip("0123456789")))
    return sep[: len(sep) - max(grow, 0)] + " " * max(-grow, 0)


def _shift_date(text: str, days: int, order: str = "MDY") -> tuple[str, dt.date | None] | None:
    """``shift_date`` without a weekday: the new text and the new date (None when it has no year)."""
    s = text.strip()
    m = _NUM_DATE.match(s)
    if m:
        a, sep, b, c = m.group(1), m.group(2), m.group(3), m.group(4)
        if len(a) == 4:  # ISO-like Y-M-D
            y, mo, d = int(a), int(b), int(c)
            new = _add(y, mo, d, days)
            if new is None:
                return None
            return f"{new.year:04d}{sep}{new.month:0{len(b)}d}{sep}{new.day:0{len(c)}d}", new
        x, z = int(a), int(b)
        year = int(c) if len(c) == 4 else (2000 + int(c) if int(c) < 50 else 1900 + int(c))
        mdy = (order == "MDY" and z <= 31 and x <= 12) or z > 12
        if x > 12:
            mdy = False
        mo, d = (x, z) if mdy else (z, x)
        new = _add(year, mo, d, days)
        if new is None:
            return None
        p, q = (new.month, new.day) if mdy else (new.day, new.month)
        ys = f"{new.year:04d}" if len(c) == 4 else f"{new.year % 100:02d}"
        return f"{p:0{len(a)}d}{sep}{q:0{len(b)}d}{sep}{ys}", new
    m = _WORD_DATE.match(s)
    if not m or m.group("mon").lower() not in _MONTH_INDEX:
        return None
    mon_word = m.group("mon")
    mo = _MONTH_INDEX[mon_word.lower()]
    if m.group("s4") and not m.group("d1") or m.group("d1") and m.group("s1") == "-" and not m.group("s4"):
        return None  # dashes on one side only: no date form
    day_s = m.group("d1") or m.group("d2")
    year_s = m.group("year") or m.group("year2")
    day = int(day_s) if day_s else 15
    year = int(year_s) if year_s else 2000
    if year_s and len(year_s) == 2:
        year = 2000 + year if year < 50 else 1900 + year
    new = _add(year, mo, day, days)
    if new is None:
        return None
    name = _MONTHS[new.month - 1]
    if len(mon_word) <= 4 and mon_word.lower() != "june" and mon_word.lower() != "july" or mon_word.lower() == "sept":
        name = "Sept" if mon_word.lower() == "sept" and new.month == 9 else name[:3]
    name = match_case(name, mon_word)
    dot = m.group("dot") or ""
    if not day_s:  # month and year: move by whole months so the day offset cannot be undone
        months = new.year * 12 + new.month - 1
        if months == year * 12 + mo - 1:
            months += 1 if days > 0 else -1
        ny, nm = divmod(months, 12)
        name = match_case(_MONTHS[nm][: len(name)] if len(mon_word) <= 4 else _MONTHS[nm], mon_word)
        return f"{name}{dot}" + (f"{m.group('s3')}{ny}" if year_s else ""), None
    if m.group("s4"):  # a dashed form keeps its widths: "03-May-2001" -> "14-Apr-2001", "3-May-01" -> "14-Apr-01"
        ys = f"{new.year:04d}" if len(year_s) == 4 else f"{new.year % 100:02d}"
        return f"{new.day:0{len(day_s)}d}-{name}{dot}-{ys}", new
    ds = str(new.day)
    if m.group("d1"):
        o = _ordinal(new.day) if m.group("o1") else ""
        out = f"{ds}{o}{m.group('of') or ''}{m.group('s1')}{name}{dot}"
    else:
        o = _ordinal(new.day) if m.group("o2") else ""
        out = f"{name}{dot}{_aligned(m.group('s2') or ' ', m.group('d2'), ds)}{ds}{o}"
    out += m.group("comma") or ""
    if year_s:
        out += f"{m.group('s3')}{new.year}"
    return out, (new if year_s else None)


def _add(y: int, m: int, d: int, days: int) -> dt.date | None:
    try:
        return dt.date(y, m, d) + dt.timedelta(days=days)
    except (ValueError, OverflowError):
        return None


_BY_LABEL: dict[str, Callable[[SurrogateMapper, str], str]] = {
    "PERSON": SurrogateMapper.person,
    "EMAIL": SurrogateMapper.email,
    "USERNAME": SurrogateMapper.username,
    "URL": SurrogateMapper.url,
    "PHONE": SurrogateMapper.phone,
    "CREDIT_CARD": SurrogateMapper.card,
    "IBAN": SurrogateMapper.iban,
    "US_SSN": SurrogateMapper.ssn,
    "ROUTING_NUMBER": SurrogateMapper.routing,
    "IP_ADDRESS": SurrogateMapper.ip,
    "LOCATION": SurrogateMapper.location,
    "ORGANIZATION": SurrogateMapper.organization,
    "STREET_ADDRESS": SurrogateMapper.street,
    "DATE": SurrogateMapper.date,
    "TIME": SurrogateMapper.time,
    "AGE": SurrogateMapper.age,
    "MONEY": SurrogateMapper.money,
    "POSTCODE": SurrogateMapper.postcode,
    "NRP": SurrogateMapper.group,
    "TITLE": SurrogateMapper.title,
}
