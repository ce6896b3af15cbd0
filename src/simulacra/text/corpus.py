"""Synthetic labelled documents: the NER model's training data and the benchmark's corpus.

Documents are written from templates with many phrasings — news wires (politics,
business, sports results), emails, support tickets, clinical-style notes, HR
letters and chat messages — and filled with names of many locales, places and
organisations from Faker's locale data (``_lexicon``) and the realistic value
engine. Because the text is assembled piece by piece, every entity's offsets are
known by construction: no annotation step, no label noise.

Negative evidence matters as much as positive: capitalised words that are not
entities (sentence starts, weekdays, months, nationalities, job titles, event
names, headline words) appear unlabelled, and headlines are upper-cased, chat is
often lower-cased, so the model cannot rely on capitals alone.

Everything is drawn from one ``simulacra._random.sequential(seed)`` instance (never the global
one): the same seed gives the same corpus in every process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from simulacra._random import sequential
from simulacra.text._lexicon import DIMINUTIVES, Lexicon, lexicon, strip_accents
from simulacra.text.spans import Span

_T = TypeVar("_T")

__all__ = ["DOCUMENT_KINDS", "LabelledDocument", "synthetic_documents"]

PER, ORG, LOC = "PERSON", "ORGANIZATION", "LOCATION"


@dataclass(frozen=True)
class LabelledDocument:
    """A text with its entity spans (known by construction) and the template family."""

    text: str
    spans: tuple[Span, ...]
    kind: str


Piece = tuple[str, str | None]

# --- vocabulary that is NOT an entity (negative evidence) ---------------------------

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # fmt: skip
NATIONALITIES = (
    "American", "British", "German", "French", "Russian", "Chinese", "Japanese", "Italian", "Spanish", "Dutch",
    "Swiss", "Polish", "Czech", "Iraqi", "Israeli", "Palestinian", "Iranian", "Indian", "Pakistani", "Australian",
    "Canadian", "Mexican", "Brazilian", "Argentine", "South African", "Nigerian", "Kenyan", "Egyptian", "Turkish",
    "Greek", "Swedish", "Norwegian", "Danish", "Finnish", "Belgian", "Austrian", "Hungarian", "Romanian",
    "Bulgarian", "Serbian", "Croatian", "Bosnian", "Albanian", "Ukrainian", "European", "Asian", "African", "Arab",
    "Muslim", "Christian", "Jewish", "Catholic", "Kurdish", "Korean", "Vietnamese", "Indonesian", "Thai", "Cuban",
    "Irish", "Scottish", "English", "Welsh", "Portuguese", "Colombian", "Chilean", "Peruvian", "Lebanese", "Syrian",
    "Saudi", "Afghan", "Algerian", "Moroccan", "Sudanese", "Ethiopian", "Zimbabwean", "Rwandan", "Chechen",
    "Western", "Islamic", "Communist", "Socialist", "Democrat", "Republican", "Conservative", "Liberal",
    "Jamaican", "Tajik", "Uzbek", "Kazakh", "Azeri", "Armenian", "Georgian", "Guinean", "Ghanaian", "Senegalese",
    "Somali", "Ugandan", "Tanzanian", "Zambian", "Angolan", "Libyan", "Tunisian", "Jordanian", "Kuwaiti",
    "Yemeni", "Omani", "Qatari", "Bahraini", "Emirati", "Malaysian", "Filipino", "Singaporean", "Cambodian",
    "Burmese", "Nepali", "Bangladeshi", "Sri Lankan", "Taiwanese", "Mongolian", "Venezuelan", "Ecuadorian",
    "Bolivian", "Paraguayan", "Uruguayan", "Panamanian", "Haitian", "Dominican", "Icelandic", "Estonian",
    "Latvian", "Lithuanian", "Slovak", "Slovenian", "Macedonian", "Montenegrin", "Moldovan", "Belarusian",
    "Luxembourgish", "Maltese", "Cypriot", "Scots", "Hutu", "Tutsi", "Shi'ite", "Sunni", "Sikh", "Hindu",
    "Buddhist", "Protestant", "Orthodox", "Soviet", "Yugoslav", "Balkan", "Latin", "Nordic", "Baltic",
)  # fmt: skip
EVENTS = ("World Cup", "Olympic Games", "Grand Prix", "Cup Winners' Cup", "Super Bowl", "Tour de France",
          "Champions League", "World Series", "Open Championship", "Test match", "Masters", "Grand Slam",
          "Christmas", "Easter", "Ramadan", "New Year", "Cold War", "Budget Day", "Black Friday")  # fmt: skip
TITLES = ("President", "Prime Minister", "Minister", "Foreign Minister", "Finance Minister", "Senator", "General",
          "Chancellor", "Judge", "Coach", "Captain", "Chairman", "Chief Executive", "Director", "Governor", "Mayor",
          "Ambassador", "Secretary", "Commissioner", "Inspector", "Sheikh", "King", "Queen", "Prince", "Pope",
          "Bishop", "Professor", "Sergeant", "Colonel", "Spokesman", "Manager", "striker", "midfielder",
          "goalkeeper", "defender", "opener", "batsman", "all-rounder", "spokeswoman", "analyst", "trader",
          "dealer", "economist", "official", "diplomat", "lawyer", "nurse", "physician")  # fmt: skip
DEMONYMS = ("Americans", "Britons", "Germans", "Russians", "Serbs", "Croats", "Moslems", "Muslims", "Iraqis", "Iranians",
            "Israelis", "Palestinians", "Kurds", "Arabs", "Jews", "Christians", "Chechens", "Afghans", "Libyans",
            "Europeans", "Asians", "Africans", "Australians", "Canadians", "Mexicans", "Brazilians", "Spaniards",
            "Italians", "Poles", "Turks", "Greeks", "Swiss", "Dutch", "French", "Chinese", "Japanese", "Koreans",
            "Republicans", "Democrats", "Socialists", "Communists", "Men", "Women", "Juniors", "Seniors",
            "Azeris", "Armenians", "Tajiks", "Uzbeks", "Somalis", "Pakistanis", "Indians", "Bosnians", "Albanians",
            "Hutus", "Tutsis", "Islamists", "Marines", "Scots", "Irish", "Welsh", "Kenyans", "Nigerians",
            "Ethiopians", "Egyptians", "Saudis", "Lebanese", "Syrians", "Cubans", "Colombians", "Argentines")  # fmt: skip
HONORIFICS = ("Mr.", "Mrs.", "Ms.", "Dr.", "Mr", "Mrs", "Ms", "Dr", "Prof.", "Miss", "Sir", "Dame", "Lord")
CAP_WORDS = (
    "Government", "Parliament", "Police", "Army", "Stock", "Shares", "Prices", "Market", "Bonds", "Results",
    "Standings", "Division", "League", "Cup", "Group", "Table", "Internet", "Budget", "Treasury", "Court",
    "Ministry", "Council", "Congress", "Opposition", "Cabinet", "Rebels", "Troops", "Fans", "Players", "Officials",
    "Analysts", "Traders", "Investors", "Profits", "Sales", "Oil", "Gold", "Dollar", "Yen", "Euro", "Mark",
    "Inflation", "Interest", "Election", "Peace", "Talks", "Summit", "Crisis", "Strike", "Ceasefire", "Talks",
    "Weather", "Update", "Report", "Summary", "Invoice", "Order", "Ticket", "Account", "Password", "Login",
    "Patient", "Diagnosis", "Plan", "History", "Medication", "Allergies", "Assessment", "Notes", "Meeting",
    "Agenda", "Re", "Fwd", "Subject", "Thanks", "Regards", "Cheers", "Hello", "Hi", "Dear", "Best", "Urgent",
)  # fmt: skip
SPORTS = (
    "SOCCER",
    "TENNIS",
    "CRICKET",
    "GOLF",
    "RUGBY UNION",
    "RUGBY LEAGUE",
    "BASKETBALL",
    "BASEBALL",
    "ATHLETICS",
    "CYCLING",
    "BOXING",
    "MOTORCYCLING",
    "SKIING",
    "ICE HOCKEY",
    "SWIMMING",
    "FORMULA ONE",
)
CLUB_SUFFIX = ("United", "City", "Rovers", "Wanderers", "Athletic", "Albion", "FC", "Town", "County", "Rangers",
               "Celtic", "Hotspur", "Olympic", "Sporting", "Dynamo", "Lokomotiv", "Spartak", "Real", "Inter",
               "Racing", "Stade", "Borussia", "Eintracht", "Fortuna", "Union", "Vitesse", "Ajax", "Sparta")  # fmt: skip
ORG_TAIL = ("Inc", "Corp", "Corporation", "Group", "Holdings", "Ltd", "Plc", "AG", "SA", "NV", "GmbH", "Bank",
            "Airlines", "Motors", "Industries", "Energy", "Telecom", "Capital", "Partners", "Systems", "Securities",
            "Insurance", "Petroleum", "Steel", "Mining", "Electric", "Pharmaceuticals", "Foods", "Airways",
            "Communications", "Technologies", "Software", "Logistics", "Media", "Resources", "Chemicals")  # fmt: skip
ORG_OF = ("Bank of", "University of", "Ministry of Defence of", "National Bank of", "Central Bank of",
          "Supreme Court of", "Football Association of", "Chamber of Commerce of", "Port Authority of",
          "Royal Bank of", "Stock Exchange of", "Institute of Technology of")  # fmt: skip
ORG_PLACE_TAIL = ("Police", "City Council", "University", "General Hospital", "Stock Exchange", "Airport Authority",
                  "Chamber of Commerce", "Medical Center", "Clinic", "Times", "Herald", "Post", "Tribune",
                  "Radio", "Television", "Daily News", "Football Club", "Cricket Club", "Symphony Orchestra")  # fmt: skip
ORG_WORDS = ("National", "United", "International", "General", "Royal", "Federal", "Democratic", "People's",
             "Liberal", "Workers'", "Green", "Social", "Christian", "Labour", "Freedom", "Progressive")  # fmt: skip
ORG_KINDS = ("Party", "Front", "Union", "Alliance", "Congress", "Movement", "Council", "Federation", "Association",
             "Agency", "Commission", "Organisation", "Fund", "Foundation", "Institute", "Committee")  # fmt: skip
ROLES = ("champion", "peacemaker", "rival", "centre", "keeper", "striker", "leader", "president", "minister",
         "opener", "spinner", "winger", "midfielder", "veteran", "newcomer", "challenger", "teammate", "defender",
         "envoy", "negotiator", "dissident", "rebel leader", "tycoon", "chief", "spokesman", "premier", "coach",
         "singer", "actor", "writer", "driver", "rider", "swimmer", "sprinter", "captain", "skipper", "pitcher")  # fmt: skip
VERBS = ("said", "told", "added", "argued", "denied", "confirmed", "warned", "scored", "won", "lost", "beat", "played",
         "joined", "left", "signed", "resigned", "met", "visited", "called", "urged", "announced", "claimed",
         "insisted", "admitted", "shot", "finished", "started", "led", "missed", "saved", "kicked", "converted",
         "complained", "suggested", "replied", "wrote", "believes", "hopes", "expects", "was quoted as saying",
         "struck", "hit", "bowled", "rallied", "defeated", "returned", "arrived", "promised", "rejected")  # fmt: skip
PRODUCTS = ("iPhone", "Windows", "Excel", "Outlook", "Android", "Chrome", "Slack", "Zoom", "PlayStation", "Kindle")
COMMON = (
    "the",
    "a",
    "report",
    "deal",
    "talks",
    "market",
    "team",
    "match",
    "season",
    "results",
    "shares",
    "company",
    "profit",
    "loss",
    "meeting",
    "plan",
    "week",
    "year",
    "government",
    "police",
    "court",
    "vote",
    "election",
)


class _Writer:
    """Accumulates pieces into text and spans; a casing transform applies per piece."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.spans: list[Span] = []
        self.pos = 0
        self.case: Callable[[str], str] = _identity

    def add(self, text: str, label: str | None = None) -> None:
        text = self.case(text)
        if label is not None and text.strip():
            lead = len(text) - len(text.lstrip())
            core = text.strip()
            self.spans.append(Span(self.pos + lead, self.pos + lead + len(core), label, 1.0, "synthetic"))
        self.parts.append(text)
        self.pos += len(text)

    def pieces(self, pieces: list[Piece]) -> None:
        for t, lab in pieces:
            self.add(t, lab)

    def done(self, kind: str) -> LabelledDocument:
        return LabelledDocument("".join(self.parts), tuple(self.spans), kind)


def _identity(s: str) -> str:
    return s


class _Gen:
    """One generator: a Random, the lexicon, and the cast of the current document."""

    def __init__(self, seed: int) -> None:
        self.r = sequential(seed)
        self.lx: Lexicon = lexicon()
        self.cast: list[tuple[str, str, bool]] = []  # (first, last, female)
        # a third of the people get common English-language names, weighted as Faker weights them
        from simulacra.values import locale_pools

        us, gb = locale_pools("en_US"), locale_pools("en_GB")
        self.en_female = tuple(us.first_female.values.to_list() + gb.first_female.values.to_list())
        self.en_male = tuple(us.first_male.values.to_list() + gb.first_male.values.to_list())
        self.en_last = tuple(us.last.values.head(400).to_list() + gb.last.values.to_list())
        self.companies = tuple(
            x
            for loc in ("en_US", "en_GB", "de_DE", "fr_FR")
            for x in locale_pools(loc).companies.values.head(3000).to_list()
        )

    # --- atoms --------------------------------------------------------------------

    def pick(self, seq: Sequence[_T]) -> _T:
        return seq[self.r.randrange(len(seq))]

    def first(self, female: bool | None = None) -> tuple[str, bool]:
        if female is None:
            female = self.r.random() < 0.5
        if self.r.random() < 0.33:
            return self.pick(self.en_female if female else self.en_male), female
        return self.pick(self.lx.first_female if female else self.lx.first_male), female

    def last(self) -> str:
        r = self.r.random()
        name = self.pick(self.en_last if self.r.random() < 0.33 else self.lx.last)
        if r < 0.04:
            name = f"{name}-{self.pick(self.lx.last)}"
        elif r < 0.07:
            name = f"{self.pick(('de', 'van', 'van der', 'von', 'di', 'da', 'del', 'bin', 'al-', 'Mac', 'O', 'El'))} {name}"
            name = name.replace("al- ", "al-").replace("O ", "O'").replace("Mac ", "Mac")
        if self.r.random() < 0.15:
            name = strip_accents(name)
        return name

    def new_person(self) -> tuple[str, str, bool]:
        f, female = self.first()
        p = (f, self.last(), female)
        self.cast.append(p)
        return p

    def person(self, *, mention: str | None = None) -> list[Piece]:
        """A person mention; later mentions of the cast often use the surname only."""
        r = self.r.random()
        if self.cast and r < 0.35:
            f, last, female = self.pick(self.cast)
            form = mention or self.pick(("last", "last", "last", "title_last", "first", "full"))
        else:
            f, last, female = self.new_person()
            form = mention or self._form()
        if form == "last":
            return [(last, PER)]
        if form == "first":
            return [(f, PER)]
        if form == "title_last":
            t = self.pick(HONORIFICS if self.r.random() < 0.6 else TITLES)
            if t in ("Mr.", "Mr", "Sir", "Lord") and female:
                t = self.pick(("Mrs.", "Ms.", "Ms", "Dame", "Dr."))
            use = last if self.r.random() < 0.7 else f"{f} {last}"
            return [(t + " ", None), (use, PER)]
        if form == "initial":
            return [(f"{f[0]}.{'' if self.r.random() < 0.1 else ' '}{last}", PER)]
        if form == "middle":
            return [
                (
                    f"{f} {self.pick(('A', 'B', 'C', 'D', 'E', 'J', 'K', 'L', 'M', 'P', 'R', 'S', 'T', 'W'))}. {last}",
                    PER,
                )
            ]
        if form == "two_first":
            g, _ = self.first(female)
            return [(f"{f} {g} {last}", PER)]
        if form == "comma":
            return [(f"{last}, {f}", PER)]
        if form == "upper":
            return [(f"{f} {last}".upper(), PER)]
        if form == "double_last":
            return [(f"{f} {last} {self.last()}", PER)]
        return [(f"{f} {last}", PER)]

    def _form(self) -> str:
        r = self.r.random()
        for name, p in (
            ("full", 0.50),
            ("last", 0.12),
            ("first", 0.06),
            ("title_last", 0.10),
            ("initial", 0.05),
            ("middle", 0.05),
            ("two_first", 0.03),
            ("comma", 0.03),
            ("upper", 0.02),
            ("double_last", 0.04),
        ):
            if r < p:
                return name
            r -= p
        return "full"

    def country(self) -> str:
        return self.pick(self.lx.countries)

    def city(self) -> str:
        return self.pick(self.lx.major_cities if self.r.random() < 0.5 else self.lx.cities)

    def location(self) -> list[Piece]:
        r = self.r.random()
        if r < 0.4:
            return [(self.country(), LOC)]
        if r < 0.85:
            return [(self.city(), LOC)]
        if r < 0.95:
            return [(self.pick(self.lx.regions), LOC)]
        return [
            (self.pick(("northern ", "southern ", "eastern ", "western ", "central ")), None),
            (self.country(), LOC),
        ]

    def org(self) -> list[Piece]:
        r = self.r.random()
        if r < 0.22:
            name = self.pick(self.companies)
        elif r < 0.40:
            name = f"{self.last()} {self.pick(ORG_TAIL)}"
        elif r < 0.50:
            name = f"{self.pick((self.city(), self.country(), self.last()))} {self.pick(ORG_TAIL)}"
        elif r < 0.58:
            name = f"{self.pick(ORG_OF)} {self.pick((self.city(), self.country()))}"
        elif r < 0.68:
            name = f"{self.city()} {self.pick(ORG_PLACE_TAIL)}"
        elif r < 0.78:
            words = " ".join(self.pick(ORG_WORDS) for _ in range(self.r.randint(1, 2)))
            name = f"{words} {self.pick(ORG_KINDS)}"
            if self.r.random() < 0.3:
                name = f"{self.pick(NATIONALITIES)} {name}"
        elif r < 0.88:
            name = self.club()
        elif r < 0.94:
            name = self.brand()
        else:
            name = "".join(chr(65 + self.r.randrange(26)) for _ in range(self.r.randint(2, 5)))
        return [(name, ORG)]

    def brand(self) -> str:
        """A made-up one-word company or agency name (Kravex, Tanoril)."""
        syl = (
            "ka",
            "ro",
            "tan",
            "vex",
            "lo",
            "mi",
            "dor",
            "za",
            "ne",
            "ri",
            "tel",
            "com",
            "fin",
            "gaz",
            "pro",
            "sen",
            "tra",
            "nor",
            "bel",
            "ax",
            "ion",
            "ma",
            "co",
            "ur",
            "vis",
            "del",
            "sa",
            "hy",
            "un",
            "dai",
        )
        w = "".join(self.pick(syl) for _ in range(self.r.randint(2, 3)))
        return w.capitalize() if self.r.random() < 0.85 else w.upper()

    def club(self) -> str:
        place = self.city() if self.r.random() < 0.8 else self.pick(self.lx.regions)
        suffix = self.pick(CLUB_SUFFIX)
        if suffix in (
            "Real",
            "Inter",
            "Racing",
            "Stade",
            "Borussia",
            "Eintracht",
            "Fortuna",
            "Dynamo",
            "Lokomotiv",
            "Spartak",
            "Sporting",
            "Sparta",
            "Union",
            "Vitesse",
            "Ajax",
        ):
            return f"{suffix} {place}"
        return f"{place} {suffix}" if self.r.random() < 0.55 else place

    def side(self) -> str:
        """A club known by its place alone (Leeds, Kent, Yorkshire): the commonest source of PERSON mistakes."""
        return self.pick(self.lx.regions) if self.r.random() < 0.4 else self.city()

    def team(self) -> list[Piece]:
        """A side in a results line: national teams are places, clubs are organisations (CoNLL's convention)."""
        if self.r.random() < 0.45:
            return [(self.country(), LOC)]
        return [(self.club(), ORG)]

    def word(self) -> str:
        return self.pick(self.lx.words)

    def filler(self) -> str:
        """A sentence of common words with no entity in it (capitalised start, sometimes a number)."""
        words = [self.word() for _ in range(self.r.randint(4, 14))]
        if self.r.random() < 0.3:
            words.insert(self.r.randrange(len(words)), self.num(2, 999))
        if self.r.random() < 0.2:
            words.insert(self.r.randrange(len(words)), self.pick(WEEKDAYS + MONTHS + NATIONALITIES))
        words[0] = words[0].capitalize()
        return " ".join(words) + self.pick((".", ".", ".", " .", "?", ":"))

    def num(self, lo: int = 1, hi: int = 99) -> str:
        return str(self.r.randint(lo, hi))

    def date(self) -> str:
        y, m, d = self.r.randint(1990, 2030), self.r.randint(1, 12), self.r.randint(1, 28)
        return self.pick(
            (
                f"{y}-{m:02d}-{d:02d}",
                f"{d} {MONTHS[m - 1]} {y}",
                f"{MONTHS[m - 1]} {d}",
                f"{m}/{d}/{y}",
                f"{d:02d}.{m:02d}.{y}",
                self.pick(WEEKDAYS),
                f"{self.pick(WEEKDAYS)}, {MONTHS[m - 1]} {d}",
            )
        )

    def money(self) -> str:
        return self.pick(
            (
                f"${self.num(1, 999)}.{self.num(10, 99)}",
                f"{self.num(1, 900)} million dollars",
                f"{self.num(1, 90)}.{self.num(1, 9)} billion marks",
                f"EUR {self.num(10, 9999)}",
                f"£{self.num(1, 500)}",
                f"{self.num(1, 99)} percent",
            )
        )

    def email_addr(self, first: str, last: str) -> str:
        dom = self.pick(("gmail.com", "yahoo.com", "outlook.com", "example.org", "corp.com", "mail.de", "web.de"))
        local = self.pick((f"{first}.{last}", f"{first[0]}{last}", f"{first}{self.num()}", f"{last}.{first}"))
        return strip_accents(local).lower().replace(" ", "").replace("'", "") + "@" + dom

    def phone(self) -> str:
        return self.pick(
            (
                f"+1 ({self.num(200, 989)}) {self.num(200, 999)}-{self.num(1000, 9999)}",
                f"0{self.num(20, 99)} {self.num(1000, 9999)} {self.num(1000, 9999)}",
                f"+44 20 {self.num(1000, 9999)} {self.num(1000, 9999)}",
                f"{self.num(200, 989)}-{self.num(200, 999)}-{self.num(1000, 9999)}",
            )
        )

    # --- templates ------------------------------------------------------------------

    def fill(self, w: _Writer, template: str) -> None:
        """Write ``template``, replacing {SLOT}s: entity slots are labelled, the others are not."""
        i = 0
        while i < len(template):
            j = template.find("{", i)
            if j < 0:
                w.add(template[i:])
                break
            if j > i:
                w.add(template[i:j])
            k = template.index("}", j)
            self.slot(w, template[j + 1 : k])
            i = k + 1

    def slot(self, w: _Writer, name: str) -> None:
        p = w.pieces
        if name == "PER":
            p(self.person())
        elif name == "PERF":
            p(self.person(mention="full"))
        elif name == "PERL":
            p(self.person(mention="last"))
        elif name == "PER1":
            p(self.person(mention="first"))
        elif name == "PERI":
            p(self.person(mention="initial"))
        elif name == "ORG":
            p(self.org())
        elif name == "LOC":
            p(self.location())
        elif name == "CITY":
            w.add(self.city(), LOC)
        elif name == "COUNTRY":
            w.add(self.country(), LOC)
        elif name == "CLUB":
            w.add(self.club(), ORG)
        elif name == "SIDE":
            w.add(self.side(), ORG)
        elif name == "CUP":
            w.add(
                self.pick(
                    (
                        f"{self.city()} Open",
                        f"{self.country()} Open",
                        f"{self.pick(NATIONALITIES)} Open",
                        f"{self.country()} Grand Prix",
                        f"{self.pick(NATIONALITIES)} Masters",
                        f"{self.pick(NATIONALITIES)} Cup",
                        f"{self.pick(NATIONALITIES)} League",
                        f"{self.pick(NATIONALITIES)} Championship",
                        f"{self.city()} Marathon",
                    )
                )
            )
        elif name == "NATS":
            w.add(self.pick(DEMONYMS))
        elif name == "TEAM":
            p(self.team())
        elif name == "COMPANY":
            w.add(self.pick(self.companies), ORG)
        elif name == "NAT":
            w.add(self.pick(NATIONALITIES))
        elif name == "EVENT":
            w.add(self.pick(EVENTS))
        elif name == "TITLE":
            w.add(self.pick(TITLES))
        elif name == "DAY":
            w.add(self.pick(WEEKDAYS))
        elif name == "MONTH":
            w.add(self.pick(MONTHS))
        elif name == "DATE":
            w.add(self.date())
        elif name == "N":
            w.add(self.num())
        elif name == "BIG":
            w.add(f"{self.num(1, 999)},{self.num(100, 999)}")
        elif name == "PCT":
            w.add(f"{self.num(0, 20)}.{self.num(0, 9)} percent")
        elif name == "MONEY":
            w.add(self.money())
        elif name == "SCORE":
            w.add(f"{self.num(0, 5)}-{self.num(0, 5)}")
        elif name == "CAP":
            w.add(self.pick(CAP_WORDS) if self.r.random() < 0.5 else self.word().capitalize())
        elif name == "W":
            w.add(" ".join(self.word() for _ in range(self.r.randint(1, 5))))
        elif name == "S":
            w.add(self.filler())
        elif name == "ROLE":
            w.add(self.pick(ROLES))
        elif name == "VERB":
            w.add(self.pick(VERBS))
        elif name == "INIT":
            w.add(chr(65 + self.r.randrange(26)) + ".")
        elif name == "PRODUCT":
            w.add(self.pick(PRODUCTS))
        elif name == "SPORT":
            w.add(self.pick(SPORTS))
        elif name == "EMAIL":
            f, _ = self.first()
            w.add(self.email_addr(f, self.last()))
        elif name == "PHONE":
            w.add(self.phone())
        elif name == "TICKET":
            w.add(f"#{self.num(1000, 999999)}")
        elif name == "TIME":
            w.add(f"{self.num(1, 12)}:{self.num(10, 59)} {self.pick(('am', 'pm', 'AM', 'PM'))}")
        else:
            raise KeyError(f"unknown slot {{{name}}}")


# --- document families --------------------------------------------------------------

NEWS = (
    "{PER} said on {DAY} that the government of {COUNTRY} would not change its policy.",
    "{TITLE} {PER} told reporters in {CITY} that talks with {ORG} had stalled.",
    "The {NAT} {TITLE} {PER} arrived in {CITY} on {DAY} for a two-day visit.",
    "{ORG} shares rose {PCT} to {N}.{N} after the company reported higher profits.",
    "{PER}, a spokesman for {ORG}, said the deal was worth {MONEY}.",
    "Police in {CITY} arrested {N} people after clashes near the border with {COUNTRY}.",
    "{COUNTRY} and {COUNTRY} signed a trade agreement in {CITY} on {DATE}.",
    '"We are very happy with the result," {PER} said.',
    '"This is a difficult time for {ORG}," {PER} told {ORG}.',
    "{PER} will meet {PER} in {CITY} next week, officials said.",
    "The {ORG} index closed down {N} points at {BIG} in {CITY}.",
    "{ORG} said it had agreed to buy {ORG} for {MONEY}.",
    "In {CITY}, {PER} of {ORG} said demand from {COUNTRY} remained weak.",
    "{NAT} troops entered {CITY} on {DAY}, witnesses said.",
    "Analysts at {ORG} expect inflation in {COUNTRY} to fall to {PCT}.",
    "{PER}, who was born in {CITY}, joined {ORG} in {N}.",
    "The opposition leader {PER} called for new elections in {COUNTRY}.",
    "{CAP} in {COUNTRY} fell sharply on {DAY} after {ORG} cut its forecast.",
    "Rebels attacked a village {N} km north of {CITY}, the {ORG} said.",
    "A court in {CITY} sentenced {PER} to {N} years in prison.",
    "{PER} replaces {PER}, who resigned in {MONTH}.",
    "Flights between {CITY} and {CITY} resumed on {DAY}.",
    "{ORG} chairman {PER} said the company would cut {BIG} jobs.",
    "The {EVENT} will be held in {CITY}, {COUNTRY}, next year.",
    "{PER} ( {COUNTRY} ) won the race ahead of {PER} ( {COUNTRY} ).",
    "The {ORG} said on {DAY} it was monitoring the situation in {LOC}.",
    "Earlier, {PER} had visited {LOC} and {LOC}.",
    "Oil prices rose in {CITY} trading as {ORG} met in {CITY}.",
    "{PER} told the {ORG} newspaper that he expected a deal by {MONTH}.",
    "Officials from {ORG} and {ORG} met {PER} at the embassy in {CITY}.",
    "{COUNTRY}'s central bank left interest rates unchanged at {PCT}.",
    "Speaking in {CITY}, {PER} urged {COUNTRY} to release the prisoners.",
    "{PER} and {PER} are expected to attend the summit in {LOC}.",
    "The {NAT} company {ORG} posted a net loss of {MONEY} for the year.",
    "Floods in {LOC} killed at least {N} people, the {ORG} said.",
    "{ORG} ( {ORG} ) said its first-half profit rose {PCT}.",
    "Both {PERL} and {PERL} denied the charges.",
    "According to {PER}, {ORG} is considering a bid for {ORG}.",
    "Voters in {LOC} go to the polls on {DAY}.",
    "{CAP} and {CAP} were also discussed, {PER} said.",
    "Thousands marched through {CITY} to protest against {ORG}.",
    "The agreement was signed by {PER} and {TITLE} {PER}.",
    "{PER} scored twice as {CLUB} beat {CLUB} {SCORE} on {DAY}.",
    "{PERL} 's goal in the {N}th minute gave {TEAM} a {SCORE} win over {TEAM}.",
    "{PER} took {N} wickets for {N} runs as {CLUB} beat {CLUB} by an innings.",
    "{PER} of {COUNTRY} beat {PER} {SCORE} {SCORE} to reach the quarter-finals.",
    "{CLUB} manager {PER} said his side deserved to win.",
    "{TEAM} coach {PER} named {N} new players for the match against {TEAM}.",
    "{PER} finished third behind {PER} and {PER}.",
    "Results of {NAT} first division matches on {DAY}:",
    "{PER} shot a {N}-under-par {N} to lead by one stroke in {CITY}.",
    "{PERL} was sent off after {N} minutes and {CLUB} never recovered.",
    "He played for {CLUB} and {CLUB} before moving to {COUNTRY}.",
    "Her husband, {PER}, died in {CITY} in {N}.",
    "{PER1} and her sister lived in {CITY} until the war.",
    "Tennis star {PER} pulled out of the tournament in {CITY} with an injury.",
    "The market closed higher on {DAY} as investors returned.",
    "Prices were little changed in late trade, dealers said.",
    "{CAP} rose {PCT} in {MONTH}, the statistics office said.",
    "The {NAT} government said on {DAY} it would hold talks next week.",
    "Shares in the company fell {N} cents.",
    "It was not immediately clear who was behind the attack.",
    "The {EVENT} final will be played on {DAY}.",
    "Rain stopped play after {N} overs on {DAY}.",
    "{NAT} and {NAT} officials declined to comment.",
    "He said the {NAT} side had played well in the second half.",
    "{NAT} {ROLE} {PER} {VERB} on {DAY} that {W} .",
    "{PERL} {VERB} {W} in the {N}th minute .",
    "{PERL} {VERB} {W} , {W} .",
    '" {S} " {VERB} {PERL} .',
    '" {S} " , {PER} {VERB} .',
    "After {PERL} {VERB} {W} , {PERL} {VERB} {W} .",
    "His {W} , {PER} , {VERB} {W} .",
    "Her {W} {PER} {VERB} in {CITY} .",
    "{PERL} 's {W} {VERB} {W} .",
    "Before {PERL} 's arrival in {CITY} , {NAT} officials {VERB} {W} .",
    "{PER} of {ORG} {VERB} {W} .",
    "{W} {PERL} {VERB} {W} {LOC} .",
    "{ORG} {VERB} {W} {MONEY} .",
    "Shares of {ORG} {VERB} {W} in {CITY} .",
    "{COUNTRY} {VERB} {COUNTRY} to {W} .",
    "{PER} , {TITLE} of {ORG} , {VERB} {W} .",
    "{W} {CITY} {W} .",
    "{S} {PERL} {VERB} {W} .",
    "{PER1} and {PER1} , {W} , {VERB} {W} .",
    "{ORG} said on {DAY} it {W} .",
    "{ORG} {W} , {ORG} said .",
    "{W} , {ORG} news agency said .",
    "{PERL} {VERB} {W} .",
    "{PERL} , {N} , {VERB} {W} .",
    "{PERL} {VERB} {PERL} {SCORE} {SCORE} .",
    "{W} {COUNTRY} beat {COUNTRY} {SCORE} in {W} .",
    "{TITLE} {PERL} {VERB} {W} {COUNTRY} .",
    "{SIDE} beat {SIDE} by {N} runs at {CITY} on {DAY}.",
    "{SIDE} , who won by {N} wickets , moved up to {N}th in the table .",
    "{PER} hit {N} as {SIDE} reached {N} for {N} against {SIDE} .",
    "{SIDE} were bowled out for {N} , {PER} taking {N} for {N} .",
    "{SIDE} 's {PER} was named man of the match .",
    "{SIDE} drew {SCORE} with {SIDE} while {SIDE} lost at home to {SIDE} .",
    "{PER} will miss {SIDE} 's game against {SIDE} on {DAY} .",
    "The {NATS} won the {CUP} for the {N}th time .",
    "{PER} won the {CUP} in {CITY} , beating {PER} in the final .",
    "{NATS} and {NATS} clashed in {CITY} , the {ORG} said .",
    "{PERL} , who plays for {SIDE} , {VERB} {W} .",
    "{W} {SIDE} {W} {SIDE} {SCORE} .",
    "Neither {PERL} nor {PERL} {VERB} {W} .",
    "{ORG} quoted {PERL} as saying {W} .",
    "{PERL} responded by {W} .",
    "{PERL} , whose {W} {VERB} {W} , {VERB} {W} .",
    "{PERL} {VERB} {W} {N} {W} , {W} {PERL} {VERB} .",
    "{TITLE} {PERF} {VERB} {PERL} to {W} in {LOC} .",
    "{PERL} and {PERL} {VERB} {W} on {DAY} .",
    "The {N}th-seeded {PERL} {VERB} {W} .",
    "{W} to {PERL} , {W} .",
    "{PERL} , {PERL} , {PERL} and {PERL} {VERB} {W} .",
)
HEADLINES = (
    "{SPORT} - {TEAM} BEAT {TEAM} IN {CITY}",
    "{SPORT} - {PERL} WINS IN {CITY}",
    "{ORG} TO BUY {ORG} STAKE",
    "{COUNTRY} SAYS {CAP} TALKS WITH {COUNTRY} TO RESUME",
    "{PERL} SAYS {ORG} WILL CUT JOBS",
    "{SPORT} - {NAT} {CAP} RESULTS",
    "{CITY} {CAP} CLOSE HIGHER",
    "{SPORT} - {CLUB} SIGN {NAT} STRIKER {PERL}",
    "{PERL} QUITS AS {ORG} CHIEF",
    "{SPORT} - {TEAM} GET LUCKY WIN , {TEAM} IN SURPRISE DEFEAT",
    "{SPORT} - {PERL} TAKES LEAD IN {CITY} , {PERL} {W}",
    "{SPORT} - {PERL} HOMERS TWICE AS {CLUB} BEAT {CLUB}",
    "{PERL} VISITS {W} IN {CITY}",
    "{COUNTRY} 'S {PERL} SAYS {W}",
    "{W} {W}",
    "{ORG} {W}",
    "{PERF} {W} {COUNTRY}",
    "{SPORT} - {PERL} {W} {W}",
    "{SPORT} - {PERF} {W} {CLUB}",
    "{PERL} {W} {W} {COUNTRY}",
    "{SPORT} - {SIDE} BEAT {SIDE} BY {N} RUNS",
    "{SPORT} - {SIDE} V {SIDE} SCOREBOARD",
    "{SPORT} - {CUP} RESULTS",
    "{SPORT} - {NAT} {CAP} STANDINGS",
    "{SPORT} - {PERL} {W} AT {CUP}",
    "{SPORT} - {SIDE} {W} {PERL}",
    "{SPORT} - MEN 'S {W} RESULTS",
    "{SPORT} - WOMEN 'S {CUP} RESULTS",
)
RESULT_LINES = (
    "{TEAM} {N} {TEAM} {N}",
    "{CLUB} {N} ( {PER} {N} ) {CLUB} {N}",
    "{N}. {PER} ( {COUNTRY} ) {N}:{N}.{N}",
    "{PER} ( {COUNTRY} ) beat {PER} ( {COUNTRY} ) {SCORE} {SCORE}",
    "{N}. {PER} ( {COUNTRY} ) {N} points",
    "{CLUB} {N} {N} {N} {N} {N} {N} {N}",
    "{PER} ( {CLUB} ) {N}",
    "{PER} {N} , {PER} {N} , {PER} {N}",
    "Scorers : {PER} ( {N} ) , {PER} ( {N} )",
    "{TEAM} : {PER} , {PER} , {PER} , {PER} , {PER}",
    "{PERI} c {PERL} b {PERL} {N}",
    "{PERI} lbw b {PERL} {N}",
    "{PERL} not out {N}",
    "{PERL} b {PERL} {N}",
    "{PER} run out {N}",
    "{PERL} {N}-{N}-{N}-{N}",
    "{COUNTRY} - {PER} ( {N}th ) , {PER} ( {N}th )",
    "{COUNTRY} - {PER} ( {N}th , penalty )",
    "{CLUB} - {PER} ( {N}th )",
    "{N}. {PER} ( {COUNTRY} ) {SCORE} {SCORE}",
    "{N}. {PER} ( {COUNTRY} ) , {ORG} , {N}.{N}",
    "{PER} ( {COUNTRY} ) {N} {N} {N}",
    "Attendance : {BIG}",
    "{CAP} {CAP} {N}.{N} {N}.{N}",
    "{CAP} {W} {N} {N}",
    "{CLUB} ( {COUNTRY} ) {N} {CLUB} ( {COUNTRY} ) {N}",
    "{CLUB} {N} {CLUB} {N}",
    "{CLUB} {N} {CLUB} {N} | {CLUB} {N} {CLUB} {N}",
    "{CLUB} {N} {N} {N} {N} {N} {N} {N}",
    "{PERI} b {PERL} {N}",
    "{PERI} run out {N}",
    "{PERI} not out {N}",
    "{SIDE} {N} {SIDE} {N}",
    "{SIDE} {N} {SIDE} {N}",
    "{SIDE} {N} {N} {N} {N} {N} {N} {N}",
    "{SIDE} {N} {N} {N} {N} {N}-{N} {N}",
    "At {CITY} : {SIDE} {N} and {N}-{N} ( {PERI} {N} ) . {SIDE} {N} ( {PER} {N} ) .",
    "{SIDE} {N} for {N} ( {PER} {N} ) v {SIDE}",
    "{SIDE} beat {SIDE} by {N} wickets",
    "{SIDE} {N} ( {PER} {N} , {PERI} {N} ) , {SIDE} {N}-{N}",
    "{PERI} ( {SIDE} ) {N}",
    "{PERI} ( {COUNTRY} ) {N} {N}",
    "{N}. {PERI} ( {COUNTRY} ) {N}",
    "{CUP} : {PER} ( {COUNTRY} ) beat {PERI} ( {COUNTRY} ) {SCORE}",
    "{NATS} {N} {NATS} {N}",
)
EMAIL_BODY = (
    "Thanks for sending the contract over. I spoke to {PER} at {ORG} and they are happy to proceed.",
    "Could you forward this to {PER1}? She handles the {CITY} office.",
    "As discussed on {DAY}, {ORG} will deliver the first batch to our warehouse in {CITY} by {DATE}.",
    "Please find attached the invoice for {MONEY}. Payment is due on {DATE}.",
    "I will be out of office until {DATE}. For urgent matters contact {PER} at {EMAIL} or {PHONE}.",
    "{PER1}, can we move our meeting to {TIME}? I have a call with {ORG} at noon.",
    "The client in {COUNTRY} asked whether {ORG} can ship to {CITY} as well.",
    "Great to meet you at the {ORG} conference in {CITY} last week.",
    "Looping in {PER} from our legal team, who will review the agreement.",
    "Our new office is in {CITY}, close to the {ORG} building.",
    "{PER1} mentioned that {PER} from {ORG} will join us on {DAY}.",
    "Unfortunately {ORG} rejected the proposal. {PER1} thinks we should try {ORG} instead.",
)
TICKET_BODY = (
    "Customer {PER} reports that the {PRODUCT} app crashes when uploading files.",
    "Caller {PER} ({EMAIL}) cannot log in since {DAY}. Account was created at the {CITY} branch.",
    "{PER1} from {ORG} says invoice {TICKET} was charged twice. Please refund {MONEY}.",
    "Escalated to {PER} (tier 2). Customer is based in {CITY}, {COUNTRY}.",
    "Hi, my name is {PER} and my order {TICKET} has not arrived in {CITY} yet.",
    "User reports slow sync between {PRODUCT} and {PRODUCT}. Assigned to {PER1}.",
    "Spoke with {PER} on the phone ({PHONE}); issue resolved after a password reset.",
    "Package shipped from our {CITY} warehouse on {DATE} via {ORG}.",
    "{PER1} asked to close the account and delete all data. Confirmed by {PER}.",
    "The customer, {PER}, works for {ORG} and needs admin access for {N} users.",
)
CLINICAL_BODY = (
    "Patient {PER} is a {N}-year-old seen today for follow-up of hypertension.",
    "Referred by {TITLE_DR} {PERL} of {ORG} for evaluation of chest pain.",
    "{PER1} reports improvement since starting the new medication on {DATE}.",
    "Discussed results with the patient's daughter, {PER}, who lives in {CITY}.",
    "Seen at {ORG} emergency department on {DATE}; discharged home.",
    "Plan: follow up with {TITLE_DR} {PER} in {N} weeks. Patient to call {PHONE} if symptoms worsen.",
    "Mr. {PERL} was transferred from {CITY} General Hospital on {DAY}.",
    "History: travelled to {COUNTRY} in {MONTH}; no recent contacts.",
    "Allergies: penicillin. Medication: lisinopril {N} mg daily.",
    "Assessment: stable. {PER1} will return to work at {ORG} next {DAY}.",
)
HR_BODY = (
    "We are pleased to offer you the position of {TITLE} at {ORG}, based in our {CITY} office.",
    "Your start date will be {DATE}, and you will report to {PER}.",
    "This letter confirms that {PER} has been employed by {ORG} since {DATE}.",
    "Following the review on {DATE}, {PER1} will move to the {CITY} team.",
    "Please contact {PER} in Human Resources at {EMAIL} with any questions.",
    "{PER} will replace {PER} as head of the {CITY} branch from {MONTH}.",
    "Your annual salary will be {MONEY}, paid monthly.",
)
CHAT = (
    "hey {PER1} are u coming to {CITY} this weekend?",
    "lol {PER1} just told me {ORG} is hiring",
    "omg {PER} is playing in {CITY} tonight!!",
    "can someone ask {PER1} about the {ORG} thing",
    "just landed in {CITY} , heading to the hotel",
    "{PER1}: ok see you at {TIME}",
    "did {PER1} send the slides to {PER1}?",
    "anyone know if {ORG} ships to {COUNTRY}?",
    "me and {PER1} went to {LOC} last summer, so good",
    "congrats {PER1} !!! well deserved",
    "who is {PER} and why is everyone talking about him",
    "{PER1} check your dm",
    "watching {CLUB} vs {CLUB} with {PER1}",
    "moving to {CITY} next month , any tips ?",
    "{PER} from {ORG} just replied to my email",
)


def _cased(g: _Gen, w: _Writer, template: str, case: Callable[[str], str]) -> None:
    """``template`` filled with ``case`` applied to every piece (headlines, datelines, chat)."""
    w.case = case
    g.fill(w, template)
    w.case = _identity


def _news(g: _Gen, w: _Writer) -> None:
    if g.r.random() < 0.5:
        _cased(g, w, g.pick(HEADLINES), str.upper)
        w.add("\n")
    if g.r.random() < 0.7:
        case = str.upper if g.r.random() < 0.7 else _identity
        _cased(
            g, w, g.pick(("{CITY} {DATE}", "{CITY} , {COUNTRY} {DATE}", "{CITY} ( {ORG} ) -", "{CITY} {DATE}")), case
        )
        w.add("\n" if g.r.random() < 0.6 else " ")
    for _ in range(g.r.randint(2, 7)):
        if g.r.random() < 0.3:
            w.add(g.filler())
        else:
            g.fill(w, g.pick(NEWS))
        w.add(" " if g.r.random() < 0.6 else "\n")


def _sports(g: _Gen, w: _Writer) -> None:
    if g.r.random() < 0.7:
        _cased(g, w, g.pick(HEADLINES), str.upper)
        w.add("\n")
    if g.r.random() < 0.5:
        _cased(g, w, "{CITY} {DATE}\n", str.upper if g.r.random() < 0.7 else _identity)
    if g.r.random() < 0.5:
        g.fill(w, g.pick(NEWS[42:]) + "\n")  # NEWS[42:]: the sports sentences and the templates after them
    for _ in range(g.r.randint(2, 7)):
        g.fill(w, g.pick(RESULT_LINES))
        w.add("\n")


def _email(g: _Gen, w: _Writer) -> None:
    f, last, female = g.new_person()
    f2, last2, _ = g.new_person()
    w.add("From: ")
    w.add(f"{f} {last}", PER)
    w.add(f" <{g.email_addr(f, last)}>\nTo: ")
    w.add(f"{f2} {last2}", PER)
    w.add(f" <{g.email_addr(f2, last2)}>\nSubject: ")
    g.fill(
        w,
        g.pick(
            (
                "Re: {ORG} contract",
                "Meeting on {DAY}",
                "Fwd: invoice {TICKET}",
                "{CITY} trip",
                "Update from {ORG}",
                "Quick question",
            )
        ),
    )
    w.add("\n\n" + g.pick(("Hi ", "Dear ", "Hello ", "Hey ", "Good morning ")))
    w.add(f2 if g.r.random() < 0.7 else (("Ms. " if g.r.random() < 0.5 else "Mr. ") + last2), PER)
    w.add(",\n\n")
    for _ in range(g.r.randint(1, 4)):
        g.fill(w, g.pick(EMAIL_BODY) if g.r.random() < 0.75 else g.filler())
        w.add(" " if g.r.random() < 0.6 else "\n\n")
    w.add("\n\n" + g.pick(("Best regards,", "Thanks,", "Cheers,", "Kind regards,", "Best,")) + "\n")
    w.add(f if g.r.random() < 0.4 else f"{f} {last}", PER)
    if g.r.random() < 0.6:
        w.add("\n" + g.pick(TITLES).title() + ", ")
        g.slot(w, "ORG")
        w.add("\n" + g.phone())


def _ticket(g: _Gen, w: _Writer) -> None:
    g.fill(w, g.pick(("Ticket {TICKET} - Priority: High\n", "[{TICKET}] Login issue\n", "Case {TICKET}\n")))
    for _ in range(g.r.randint(2, 5)):
        g.fill(w, g.pick(TICKET_BODY) if g.r.random() < 0.75 else g.filler())
        w.add("\n" if g.r.random() < 0.5 else " ")
    g.fill(w, "Agent: {PER}")


def _clinical(g: _Gen, w: _Writer) -> None:
    f, last, _ = g.new_person()
    w.add("Patient: ")
    if g.r.random() < 0.5:
        w.add(f"{last.upper()}, {f.upper()}" if g.r.random() < 0.3 else f"{last}, {f}", PER)
    else:
        w.add(f"{f} {last}", PER)
    w.add(
        f"  MRN: {g.num(100000, 9999999)}  DOB: {g.r.randint(1, 12):02d}/{g.r.randint(1, 28):02d}/{g.r.randint(1930, 2010)}\n"
    )
    for _ in range(g.r.randint(2, 5)):
        t = g.pick(CLINICAL_BODY).replace("{TITLE_DR}", g.pick(("Dr.", "Dr", "Doctor", "Prof.")))
        g.fill(w, t)
        w.add("\n")
    w.add("Signed: ")
    g.fill(w, g.pick(("Dr. {PERF}, MD", "{PERF}, RN", "{PERF}")))


def _hr(g: _Gen, w: _Writer) -> None:
    f, last, female = g.new_person()
    w.add(g.pick(("Dear ", "Dear Mr. ", "Dear Ms. ", "Dear Dr. ")))
    w.add(f if g.r.random() < 0.3 else last, PER)
    w.add(",\n\n")
    for _ in range(g.r.randint(2, 4)):
        g.fill(w, g.pick(HR_BODY))
        w.add(" ")
    w.add("\n\nSincerely,\n")
    g.fill(w, "{PERF}\n{TITLE}, {ORG}")


def _chat(g: _Gen, w: _Writer) -> None:
    lower = g.r.random() < 0.1
    for _ in range(g.r.randint(1, 4)):
        _cased(g, w, g.pick(CHAT), str.lower if lower else _identity)
        w.add("\n")


def _listing(g: _Gen, w: _Writer) -> None:
    """Lists and tables: names in columns, "Surname, Given" forms, all-caps rows."""
    for _ in range(g.r.randint(3, 8)):
        r = g.r.random()
        if r < 0.3:
            g.fill(w, "{PER} - {TITLE}, {ORG}")
        elif r < 0.5:
            f, last, _ = g.new_person()
            w.add(f"{last.upper()}, {f}" if g.r.random() < 0.5 else f"{last}, {f}", PER)
            w.add(f"\t{g.date()}\t")
            g.slot(w, "CITY")
        elif r < 0.7:
            g.fill(w, "* {PERF} ({CITY})")
        else:
            g.fill(w, "{N}. {PERF}, {ORG}, {COUNTRY}")
        w.add("\n")


_OFFICES = ("HOU/ECT", "HOU/EES", "NA/Enron", "Corp/Enron", "ENRON_DEVELOPMENT", "LON/ECT", "SF/ECT", "AA/Corp")
_MAIL_HOSTS = ("ENRON", "ECT", "EES", "EnronXGate")
_THREAD_SUBJECTS = (
    "Re: {ORG} contract",
    "RE: budget for {DAY}",
    "FW: {CITY} trip",
    "Re: lunch",
    "RE: updated curves",
    "Fw: meeting w/{PERF}",
    "Re: offsite in {CITY}",
    "FW: {ORG} deal",
    "Re: draft memo",
    "RE: Q3 numbers",
)
_CASUAL = (
    "can you send me the file?",
    "let me know if you need anything else.",
    "sounds good to me.",
    "i'll call you tomorrow.",
    "thanks for the help on this one.",
    "see you at the meeting.",
    "did {PER1} get back to you?",
    "talk to {PER1} about it before friday.",
    "{PER1} said the numbers look fine.",
    "ask {PER1}, she has the latest version.",
)


def _person_mention(g: _Gen, w: _Writer, p: tuple[str, str, bool], form: str) -> None:
    f, last, _ = p
    text = {
        "full": f"{f} {last}",
        "comma": f"{last}, {f}",
        "first": f,
        "last": last,
        "middle": f"{f} {g.pick(('A', 'B', 'J', 'K', 'M', 'R', 'S', 'T'))} {last}",
        "lower": f.lower(),
        "upper": f"{f} {last}".upper(),
    }[form]
    w.add(text, PER)


def _addr(f: str, last: str, host: str = "enron.com") -> str:
    return strip_accents(f"{f}.{last}").lower().replace(" ", "").replace("'", "") + "@" + host


def _email_thread(g: _Gen, w: _Writer) -> None:
    """An e-mail thread as corporate archives hold them (Enron-style headers, quoting, signatures).

    Headers with display names in X-From/X-To ("First Last", "Last, First"), addresses
    that hold names (unlabelled: the address recognizer owns them), Exchange and Lotus
    addresses ("First Last/HOU/ECT@ECT", only the name labelled), greetings, sign-offs
    ("Thanks,\nFirst", "-First"), casual lowercase text and lowercase names, quoted
    replies ("-----Original Message-----", "> ", "On ... wrote:") and forwards.
    Mail plumbing and products (Outlook, office codes, MIME lines) appear unlabelled.
    """
    people = [g.new_person() for _ in range(g.r.randint(2, 5))]
    sender, to = people[0], people[1:]
    w.add(f"Message-ID: <{g.num(1000000, 99999999)}.{g.num(1000, 9999)}.JavaMail.evans@thyme>\n")
    w.add(
        f"Date: {g.pick(WEEKDAYS)[:3]}, {g.num(1, 28)} {g.pick(MONTHS)[:3]} {g.num(1999, 2002)} "
        f"{g.num(0, 23):0>2}:{g.num(0, 59):0>2}:00 -0800 (PST)\n"
    )
    w.add(f"From: {_addr(sender[0], sender[1])}\nTo: " + ", ".join(_addr(p[0], p[1]) for p in to) + "\nSubject: ")
    g.fill(w, g.pick(_THREAD_SUBJECTS))
    w.add("\nMime-Version: 1.0\nContent-Type: text/plain; charset=us-ascii\nContent-Transfer-Encoding: 7bit\n")
    w.add("X-From: ")
    _person_mention(g, w, sender, g.pick(("full", "full", "comma", "middle")))
    w.add("\nX-To: ")
    for i, p in enumerate(to):
        if i:
            w.add(", " if g.r.random() < 0.7 else "; ")
        _person_mention(g, w, p, g.pick(("full", "comma")))
    w.add("\nX-cc: \nX-bcc: \nX-Folder: \\Notes Folders\\Sent\nX-FileName: notes.nsf\n\n")
    lower = g.r.random() < 0.25
    # greeting
    r = g.r.random()
    if r < 0.6:
        w.add(g.pick(("Hi ", "Hello ", "Dear ", "Hey ", "hi ", "Good morning ")))
        _person_mention(g, w, to[0], "lower" if lower else "first")
        w.add(g.pick((",\n\n", " -\n\n", ":\n\n", "!\n\n")))
    elif r < 0.8:
        _person_mention(g, w, to[0], "first")
        w.add(g.pick((":  ", ",\n\n", " -- ")))
    for _ in range(g.r.randint(1, 3)):
        if lower:
            _cased(g, w, g.pick(_CASUAL), str.lower)  # casual mail: everything lowercase, names too
        else:
            g.fill(w, g.pick(EMAIL_BODY) if g.r.random() < 0.7 else g.filler())
        w.add(" " if g.r.random() < 0.5 else "\n\n")
    if g.r.random() < 0.3:
        w.add("Please check with ")
        other = g.pick(people)
        w.add(f"{other[0]} {other[1]}", PER)
        w.add(f"/{g.pick(_OFFICES)}@{g.pick(_MAIL_HOSTS)} in {g.pick(PRODUCTS)}.\n\n")
    # sign-off
    r = g.r.random()
    if r < 0.5:
        w.add("\n" + g.pick(("Thanks,", "Thanks", "Regards,", "Best,", "Cheers,", "thx", "Thanks again,")) + "\n")
        _person_mention(g, w, sender, g.pick(("first", "first", "full")) if not lower else "lower")
        w.add("\n")
    elif r < 0.7:
        w.add(g.pick(("\n-", "\n- ", "\n--")))
        _person_mention(g, w, sender, "first")
        w.add("\n")
    elif r < 0.85:
        w.add("\nThanks, ")
        _person_mention(g, w, sender, "first")
        w.add("\n")
    if g.r.random() < 0.3:  # a signature block
        _person_mention(g, w, sender, "full")
        w.add("\n" + g.pick(TITLES).title() + "\n")
        g.slot(w, "ORG")
        w.add(f"\n{g.phone()}\n")
    # the quoted message
    q = g.r.random()
    orig = to[0]
    if q < 0.4:
        w.add("\n -----Original Message-----\nFrom: \t")
        _person_mention(g, w, orig, g.pick(("comma", "full")))
        w.add(
            f"  \nSent:\t{g.pick(WEEKDAYS)}, {g.pick(MONTHS)} {g.num(1, 28)}, {g.num(1999, 2002)} "
            f"{g.num(1, 12)}:{g.num(10, 59)} {g.pick(('AM', 'PM'))}\nTo:\t"
        )
        _person_mention(g, w, sender, "comma")
        if len(people) > 2:
            w.add("; ")
            _person_mention(g, w, people[2], "comma")
        w.add("\nSubject:\tRE: follow-up\n\n")
        g.fill(w, g.pick(EMAIL_BODY))
        w.add("\n\n")
        _person_mention(g, w, orig, "first")
        w.add("\n")
    elif q < 0.65:
        w.add(f"\nOn {g.pick(WEEKDAYS)[:3]}, {g.pick(MONTHS)[:3]} {g.num(1, 28)}, {g.num(1999, 2002)}, ")
        _person_mention(g, w, orig, "full")
        w.add(f" <{_addr(orig[0], orig[1], 'yahoo.com')}> wrote:\n> ")
        g.fill(w, g.pick(EMAIL_BODY))
        w.add("\n> \n> ")
        _person_mention(g, w, orig, "first")
        w.add("\n")
    elif q < 0.85:
        w.add("\n---------------------- Forwarded by ")
        _person_mention(g, w, sender, "full")
        w.add(
            f"/{g.pick(_OFFICES)} on {g.num(1, 12)}/{g.num(1, 28)}/{g.num(1999, 2002)} "
            f"{g.num(1, 12):0>2}:{g.num(10, 59)} AM ---------------------------\n\n\n"
        )
        _person_mention(g, w, orig, "full")
        w.add(f"\n{g.num(1, 12)}/{g.num(1, 28)}/{g.num(1999, 2002)} {g.num(1, 12):0>2}:{g.num(10, 59)} PM\nTo: ")
        _person_mention(g, w, sender, "full")
        w.add(f"/{g.pick(_OFFICES)}@{g.pick(_MAIL_HOSTS)}\ncc: \nSubject: ")
        g.fill(w, g.pick(_THREAD_SUBJECTS))
        w.add("\n\n")
        g.fill(w, g.pick(EMAIL_BODY))
        w.add("\n")


# --- casual office mail: calendar notes, assistants' memos, lists (the ways names hide in e-mail) ---

_CASUAL_SUBJECTS = (
    "lunch w/{N}",
    "Mtg w/{N}",
    "call {N}",
    "{N}",
    "dinner {N}",
    "{P} request",
    "for {N}",
    "Updated: review w/{N} & {N}",
    "Budget mtg - {N} ({N} x{X})",
    "Canceled - update w/{N}",
    "Re: {N}",
    "FW: {P} numbers",
    "{N} interview",
    "Phone screen - {N}",
    "{N} and {N} in {DAY}",
)
_CASUAL_LINES = (
    "per {P} e-mail.",
    "{P} request.",
    "{P} schedule was fine for {DAY}.",
    "We will meet at {P} desk.",
    "{P} cell is {PHONE}",
    "Where: {P} office",
    "this is per {P} x{X} request",
    "{N} lunch",
    "ask {N} about it",
    "tell {N} i said thanks",
    "{N} called, please call back.",
    "{N} will be out {DAY}.",
    "Please have {N} review before {DAY}.",
    "{N} said the deal looks fine.",
    "I talked to {N} and {N} about the {ORG} issue.",
    "Boardroom w/ {N} & {N}",
    "Traveling also: {N}/{N}/{N}",
    "RSVP to {N} by {DAY}",
    "{N} - please find a room for us",
    "cc {N} on this",
    "{N} is out of the office until {DAY}.",
    "Assistant: {N} x{X}",
    "sent {N} an email {DAY}",
    "Did {N} get the {ORG} file?",
    "Let's see if {N} can join.",
    "I'm meeting {N} at {CITY}.",
    "{P} group ({ORG}) will host.",
    "thanks {N}!",
    "Location: {CITY}",
    "The {CITY} office made the call.",
    "Conference call with {ORG} at {P} desk.",
    "Please contact {N} if you have any questions.",
    "Talking with {N}, {N} and {N} today.",
    "{N} and {N}: since {N} will be out, please cover the desk.",
    "{N}, {N} and {N},",
    "We sold {BRAND} {BIG} {UNIT} at {CITY}.",
    "{BRAND} wants the {UNIT} numbers by {DAY}.",
    "The {JARGON} report from {BRAND} is late.",
    "log in to {BRAND} and check the {JARGON}.",
    "{BRAND} and {BRAND} bid for the {CITY} plant.",
    "{N} says {BRAND} will sign the {JARGON}.",
)
# one-word trade names and market jargon that real office mail is full of: never people
# (units and kinds of document, not acronyms of organisations, which stay organisations)
_JARGON = (
    "MMBtu",
    "VaR",
    "RTOs",
    "ISDAs",
    "LDCs",
    "kWh",
    "MWh",
    "P&L",
    "FYI",
    "NDA",
    "MoU",
    "CapEx",
    "OpEx",
    "KPIs",
    "SLA",
    "ROI",
    "Q3",
)
_UNITS = ("MMBtu", "MWh", "bbl", "MW", "Dth", "tons")
_BRAND_PARTS = (
    "Power",
    "Click",
    "Deal",
    "Net",
    "Link",
    "Trade",
    "Gas",
    "Energy",
    "Home",
    "Bench",
    "Desk",
    "Point",
    "Source",
    "Data",
    "Flow",
    "Live",
    "Grid",
    "Market",
    "Risk",
    "Web",
)
_ATTENDEE_HEADS = ("Attendees:", "Weekly meeting with:", "Participants:", "Reviewers:", "Invitees:", "Interviewers:")


_WRAPS = ("\n", " \n", "\n ")


def _casual_mention(g: _Gen, w: _Writer, p: tuple[str, str, bool], form: str) -> None:
    """A person written the way colleagues write each other in mail; labelled whole (the tagger's tokens)."""
    f, last, _ = p
    text = {
        "first": f,
        "lower": f.lower(),
        "full": f"{f} {last}",
        "lower_full": f"{f} {last}".lower(),
        "last": last,
        "upper": f"{f} {last}".upper(),
        "glued": f"{f[0]}{last}",
        "dotted": f"{f[0]}.{last}",
        "initial": f"{f[0]}. {last}",
        "poss": f"{f}'s",
        "poss_full": f"{f} {last}'s",
        "comma": f"{last}, {f}",
    }.get(form, "")
    if form == "comma_suffix":  # an Outlook entry with a suffix ("Cobb Jr., John")
        text = f"{last} {g.pick(('Jr.', 'Sr.', 'III', 'II'))}, {f}"
    elif form == "wrapped":  # a name wrapped over a line end ("Rod\n Hayslett", "Mike \nDay")
        text = f + g.pick(_WRAPS) + last
    w.add(text, PER)


def _casual_person(g: _Gen) -> tuple[str, str, bool]:
    f, last, female = g.new_person()
    if g.r.random() < 0.4:  # a diminutive ("Doug", "Becky") as colleagues write it
        f = g.pick(DIMINUTIVES).title()
        g.cast[-1] = (f, last, female)
    if g.r.random() < 0.5:
        last = strip_accents(last)
    return f, last, female


def _email_casual(g: _Gen, w: _Writer) -> None:
    """Short office mail as archives hold it: calendar notes, assistants' memos, attendee lists, one-liners.

    Names stand where real mail puts them: in the subject ("lunch w/Doug", "call tani"),
    with a possessive ("per Sharon's e-mail", labelled with its "'s", as the tagger reads
    one token), lowercase ("dan lunch"), as diminutives, glued initials ("w/BHall, KRoper",
    "K.Roper"), in slash and semicolon lists, in capitals on a schedule, and alone as a
    surname in prose. A header line is sometimes flattened ("Subject: ... Mime-Version: 1.0").
    """
    people = [_casual_person(g) for _ in range(g.r.randint(3, 7))]
    lower = g.r.random() < 0.3
    forms = ("first", "first", "full", "full", "last", "glued", "dotted", "initial", "lower", "lower_full")

    def name(form: str | None = None) -> None:
        p = g.pick(people)
        _casual_mention(
            g, w, p, form or (g.pick(("lower", "lower", "first", "lower_full")) if lower else g.pick(forms))
        )

    def line(template: str) -> None:
        i = 0
        while i < len(template):
            j = template.find("{", i)
            if j < 0:
                w.add(template[i:])
                break
            w.add(template[i:j])
            k = template.index("}", j)
            slot = template[j + 1 : k]
            if slot == "N":
                name()
            elif slot == "P":
                _casual_mention(g, w, g.pick(people), g.pick(("poss", "poss", "poss_full")))
            elif slot == "X":
                w.add(str(g.num(30000, 59999)))
            elif slot == "PHONE":
                w.add(g.phone())
            elif slot == "BRAND":  # a made-up trade name, or two words run together ("ClickHome")
                if g.r.random() < 0.6:
                    w.add(g.brand(), ORG)
                else:
                    w.add(g.pick(_BRAND_PARTS) + g.pick(("", "At", "On", "")) + g.pick(_BRAND_PARTS), ORG)
            elif slot == "JARGON":
                w.add(g.pick(_JARGON))
            elif slot == "UNIT":
                w.add(g.pick(_UNITS))
            else:
                g.slot(w, slot)
            i = k + 1

    sender = people[0]
    w.add(f"From: {_addr(sender[0], sender[1])}\nTo: {_addr(people[1][0], people[1][1])}\nSubject: ")
    line(g.pick(_CASUAL_SUBJECTS))
    w.add(" Mime-Version: 1.0\n" if g.r.random() < 0.4 else "\nMime-Version: 1.0\n")
    w.add("Content-Type: text/plain; charset=us-ascii\nContent-Transfer-Encoding: 7bit\n\n")
    for _ in range(g.r.randint(1, 4)):
        r = g.r.random()
        if r < 0.45:
            w.case = str.lower if lower else _identity  # casual mail: everything lowercase, names too
            line(g.pick(_CASUAL_LINES))
            w.case = _identity
        elif r < 0.6:  # an attendee list, one per line or tab-separated
            w.add(g.pick(_ATTENDEE_HEADS) + "\n")
            sep = g.pick(("\n", "\t", "\n\t", "  "))
            for i, p in enumerate(g.r.sample(people, k=min(len(people), g.r.randint(2, 5)))):
                if i:
                    w.add(sep)
                _casual_mention(g, w, p, g.pick(("full", "full", "first", "upper")))
        elif r < 0.7:  # a schedule in capitals, with places and firms in capitals too
            if g.r.random() < 0.5:
                w.add(g.pick(("LOCATION: ", "Where: ", "")))
                w.add(g.city().upper(), LOC)
                w.add(g.pick((" OFFICE\n", "\n", " - ALL DAY\n")))
            for p in g.r.sample(people, k=min(len(people), g.r.randint(2, 4))):
                h = g.r.randint(8, 16)
                w.add(f"{h}:{g.pick(('00', '15', '30', '45'))} - {h + 1}:00\t")
                if g.r.random() < 0.2:
                    w.add(g.pick(g.companies).upper(), ORG)
                else:
                    _casual_mention(g, w, p, "upper")
                w.add("\n" if g.r.random() < 0.5 else "\t")
        elif r < 0.8:  # a recipient list: semicolons (lowercase as typed) or glued initials
            if g.r.random() < 0.5:
                for i, p in enumerate(people):
                    if i:
                        w.add("; ")
                    _casual_mention(g, w, p, g.pick(("lower_full", "lower_full", "full")))
            else:
                w.add(g.pick(("Mtg. w/", "Review w/", "Budget presentation w/", "Follow-up - ")))
                for i, p in enumerate(people):
                    if i:
                        w.add(g.pick((", ", ",")))
                    _casual_mention(g, w, p, g.pick(("glued", "glued", "dotted")))
        elif r < 0.9:  # names with a slash between them
            for i, p in enumerate(people[:3]):
                if i:
                    w.add("/")
                _casual_mention(g, w, p, "full")
            w.add(" " + g.pick(("will attend", "are traveling", "to review", "- please confirm")))
        else:  # products and firms, never people
            w.add(f"{g.pick(PRODUCTS)} is down again; ")
            g.slot(w, "ORG")
            w.add(" will call.")
        w.add("\n\n" if g.r.random() < 0.5 else "\n")
    # sign-off: a dash, a lowercase first name, initials
    r = g.r.random()
    if r < 0.3:
        w.add("-")
        _casual_mention(g, w, sender, "lower" if lower else "first")
    elif r < 0.5:
        w.add(g.pick(("thanks\n", "Thanks,\n", "thx ")))
        _casual_mention(g, w, sender, g.pick(("lower", "first")))
    elif r < 0.6:
        w.add(f"{sender[0][0].lower()}{sender[1][0].lower()}")  # initials: too short to be told apart, left unlabelled
    w.add("\n")


def _email_lists(g: _Gen, w: _Writer) -> None:
    """Office mail made of the lists the development set let names through in (issue 14, branch deid-email).

    Flat rows of names one space apart, in one case per row ("Rick Buy Bill Bradford", "KEN LAY
    GREG WHALLEY"); Outlook "Last, First" lists with suffixes ("Cobb Jr., John"), sometimes wrapped
    after a semicolon; lists in prose with a name wrapped over a line end ("..., Rod\n Hayslett,").
    Drawn only when asked for (``--mix email_lists=...``), so the shipped tagger's corpus is unchanged.
    """
    people = [_casual_person(g) for _ in range(g.r.randint(3, 7))]
    sender = people[0]
    w.add(f"From: {_addr(sender[0], sender[1])}\nTo: {_addr(people[1][0], people[1][1])}\nSubject: ")
    g.fill(w, g.pick(_THREAD_SUBJECTS))
    w.add("\nMime-Version: 1.0\nContent-Type: text/plain; charset=us-ascii\n\n")
    for _ in range(g.r.randint(1, 3)):
        r = g.r.random()
        if r < 0.4:  # a flat row, one space apart
            w.add(g.pick(_ATTENDEE_HEADS) + g.pick(("\n", "\n\n", "\n\t", " ")))
            form = g.pick(("full", "full", "upper"))
            for i, p in enumerate(g.r.sample(people, k=min(len(people), g.r.randint(2, 6)))):
                if i:
                    w.add(" ")
                _casual_mention(g, w, p, form)
        elif r < 0.7:  # an Outlook list of "Last, First", some with a suffix
            w.add(g.pick(("To: ", "Cc: ", "To:\t", "")))
            for i, p in enumerate(people):
                if i:
                    w.add(";\n" if g.r.random() < 0.15 else "; ")
                _casual_mention(g, w, p, g.pick(("comma", "comma", "comma_suffix")))
        else:  # a list in prose, wrapped at a line end inside a name
            w.add(g.pick(("Present: ", "Talking with ", "Please send it to ", "Attending: ")))
            for i, p in enumerate(people):
                if i:
                    w.add(", " if i < len(people) - 1 else " and ")
                _casual_mention(g, w, p, g.pick(("full", "full", "wrapped")))
            w.add(".")
        w.add("\n\n")
    w.add(g.pick(("Thanks,\n", "-", "thx ")))
    _casual_mention(g, w, sender, "first")
    w.add("\n")


DOCUMENT_KINDS: dict[str, Callable[[_Gen, _Writer], None]] = {
    "news": _news,
    "sports": _sports,
    "email": _email,
    "ticket": _ticket,
    "clinical": _clinical,
    "hr": _hr,
    "chat": _chat,
    "listing": _listing,
    "email_thread": _email_thread,
    "email_casual": _email_casual,
    "email_lists": _email_lists,
}
_WEIGHTS = {
    "news": 0.30,
    "sports": 0.20,
    "email": 0.12,
    "ticket": 0.08,
    "clinical": 0.08,
    "hr": 0.06,
    "chat": 0.10,
    "listing": 0.06,
}


def synthetic_documents(
    n: int, *, seed: int = 0, kinds: tuple[str, ...] | None = None, weights: dict[str, float] | None = None
) -> Iterator[LabelledDocument]:
    """``n`` labelled documents (PERSON, ORGANIZATION, LOCATION spans), the same for the same seed.

    ``kinds`` restricts the template families, ``weights`` sets their shares (default
    ``_WEIGHTS``: the mix the shipped spaCy model was trained on; ``email_thread``,
    ``email_casual`` and ``email_lists`` are drawn only when asked for, so the default corpus stays as it was).
    """
    g = _Gen(seed)
    mix = {**_WEIGHTS, **(weights or {})}
    names = list(kinds or [k for k in mix if mix[k] > 0])
    weights_ = [mix.get(k, 0.1) for k in names]
    for _ in range(n):
        kind = g.r.choices(names, weights_)[0]
        g.cast = []
        w = _Writer()
        DOCUMENT_KINDS[kind](g, w)
        yield w.done(kind)
