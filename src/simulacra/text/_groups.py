"""Nationalities, religious and political groups (``NRP``), honorific titles and job titles (``TITLE``), the
country names that close a postal address block (``STREET_ADDRESS``), and the legal forms that close a
company's name (``ORGANIZATION``).

The words the ``nrp`` and ``title`` recognizers of ``patterns.yaml`` look for, and the pools their
surrogates come from: a nationality becomes another nationality, a religious group another
religious group, a party another party, an honorific another honorific of the same kind (a
gendered one keeps its gender). A test keeps these lists and the recognizers' regexes equal.
"""

from __future__ import annotations

from functools import lru_cache

from simulacra.text._lexicon import lexicon

__all__ = [
    "ABBREVIATIONS",
    "GROUP_KINDS",
    "HONORIFICS",
    "address_countries",
    "company_suffixes",
    "group_kind",
    "honorific_kind",
    "is_job_title",
    "job_heads",
    "weekday_index",
]

NATIONALITIES: tuple[str, ...] = (
    "Afghan", "Albanian", "Algerian", "American", "Andorran", "Angolan", "Argentine", "Argentinian", "Armenian",
    "Australian", "Austrian", "Azerbaijani", "Bahamian", "Bahraini", "Bangladeshi", "Barbadian", "Belarusian",
    "Belgian", "Belizean", "Beninese", "Bhutanese", "Bolivian", "Bosnian", "Botswanan", "Brazilian", "British",
    "Bruneian", "Bulgarian", "Burkinabe", "Burmese", "Burundian", "Cambodian", "Cameroonian", "Canadian",
    "Chadian", "Chilean", "Chinese", "Colombian", "Congolese", "Croatian", "Cuban", "Cypriot", "Czech",
    "Danish", "Djiboutian", "Dominican", "Dutch", "Ecuadorian", "Egyptian", "Emirati", "English", "Eritrean",
    "Estonian", "Ethiopian", "Fijian", "Filipino", "Finnish", "French", "Gabonese", "Gambian", "Georgian",
    "German", "Ghanaian", "Greek", "Grenadian", "Guatemalan", "Guinean", "Guyanese", "Haitian", "Honduran",
    "Hungarian", "Icelandic", "Indian", "Indonesian", "Iranian", "Iraqi", "Irish", "Israeli", "Italian",
    "Ivorian", "Jamaican", "Japanese", "Jordanian", "Kazakh", "Kenyan", "Korean", "Kosovar", "Kuwaiti",
    "Kyrgyz", "Lao", "Laotian", "Latvian", "Lebanese", "Liberian", "Libyan", "Lithuanian", "Luxembourgish",
    "Macedonian", "Malagasy", "Malawian", "Malaysian", "Maldivian", "Malian", "Maltese", "Mauritanian",
    "Mauritian", "Mexican", "Moldovan", "Monegasque", "Mongolian", "Montenegrin", "Moroccan", "Mozambican",
    "Namibian", "Nepalese", "Nepali", "Nicaraguan", "Nigerian", "Nigerien", "Norwegian", "Omani", "Pakistani",
    "Palestinian", "Panamanian", "Paraguayan", "Peruvian", "Polish", "Portuguese", "Qatari", "Romanian",
    "Russian", "Rwandan", "Salvadoran", "Samoan", "Saudi", "Scottish", "Senegalese", "Serbian", "Singaporean",
    "Slovak", "Slovenian", "Somali", "Spanish", "Sudanese", "Surinamese", "Swazi", "Swedish", "Swiss",
    "Syrian", "Taiwanese", "Tajik", "Tanzanian", "Thai", "Togolese", "Tongan", "Tunisian", "Turkish",
    "Turkmen", "Ugandan", "Ukrainian", "Uruguayan", "Uzbek", "Venezuelan", "Vietnamese", "Welsh", "Yemeni",
    "Zambian", "Zimbabwean",
    "Americans", "Australians", "Brazilians", "Canadians", "Chileans", "Colombians", "Egyptians", "Germans",
    "Ghanaians", "Indians", "Indonesians", "Iranians", "Iraqis", "Israelis", "Italians", "Kenyans", "Mexicans",
    "Nigerians", "Pakistanis", "Palestinians", "Peruvians", "Russians", "Syrians", "Ukrainians", "Venezuelans",
    "Filipinos", "Greeks", "Poles", "Swedes", "Danes", "Finns", "Norwegians", "Turks", "Afghans", "Cubans",
    "Haitians", "Jamaicans", "Koreans", "Thais", "Somalis", "Saudis", "Scots", "Brits",
    "Latino", "Latina", "Latinos", "Latinas", "Hispanic", "Hispanics", "Arab", "Arabs", "Kurdish", "Kurds",
    "Asian", "African", "European", "Caucasian", "Caribbean", "Scandinavian", "Slavic", "Pacific Islander",
    "Native American", "African American", "Asian American", "Mexican American",
)  # fmt: skip
#: the regular plurals of the nationalities above that name a people ("Cambodians", "Paraguayans", "Omanis")
NATIONALITIES = NATIONALITIES + tuple(
    w + "s"
    for w in NATIONALITIES
    if " " not in w and w.endswith(("an", "i")) and w + "s" not in NATIONALITIES and w not in ("Caribbean", "Slavic")
)

RELIGIONS: tuple[str, ...] = (
    "Christian", "Christians", "Catholic", "Catholics", "Roman Catholic", "Protestant", "Protestants",
    "Orthodox", "Evangelical", "Evangelicals", "Baptist", "Baptists", "Methodist", "Methodists", "Lutheran",
    "Lutherans", "Presbyterian", "Presbyterians", "Anglican", "Anglicans", "Episcopalian", "Pentecostal",
    "Mormon", "Mormons", "Muslim", "Muslims", "Sunni", "Shia", "Shiite", "Jewish", "Jew", "Jews", "Hindu",
    "Hindus", "Buddhist", "Buddhists", "Sikh", "Sikhs", "Jain", "Jains", "Bahai", "Taoist", "Shinto",
    "Zoroastrian", "Quaker", "Quakers", "Amish", "Mennonite", "Atheist", "Atheists", "Agnostic", "Agnostics",
)  # fmt: skip

POLITICAL: tuple[str, ...] = (
    "Democrat", "Democrats", "Republican", "Republicans", "Conservative", "Conservatives",
    "Labour", "Liberal Democrat", "Liberal Democrats", "Tory", "Tories", "Socialist", "Socialists",
    "Communist", "Communists", "Libertarian", "Libertarians", "Green Party", "Social Democrat",
    "Social Democrats", "Christian Democrat", "Christian Democrats", "Marxist", "Marxists", "Maoist",
    "Nationalist", "Nationalists", )  # fmt: skip

GROUP_KINDS: dict[str, tuple[str, ...]] = {
    "nationality": NATIONALITIES,
    "religion": RELIGIONS,
    "political": POLITICAL,
}
_KIND = {w.lower(): k for k, words in GROUP_KINDS.items() for w in words}

#: honorifics by kind; a fake stays in its kind ("Mrs." -> "Ms.", "Dr." -> "Prof.")
HONORIFICS: dict[str, tuple[str, ...]] = {
    "male": ("Mr", "Sir", "Mister", "Lord"),
    "female": ("Mrs", "Ms", "Miss", "Dame", "Lady", "Madam"),
    "male_de": ("Herr",),
    "female_de": ("Frau",),
    "female_fr": ("Mme", "Mlle", "Madame"),
    "neutral": ("Mx",),
    "academic": ("Dr", "Prof", "Doctor", "Professor"),
    "clergy": ("Rev", "Reverend", "Fr", "Rabbi", "Imam", "Pastor"),
    "military": ("Capt", "Col", "Lt", "Sgt", "Captain", "Colonel", "Lieutenant", "Sergeant"),
    "office": ("Hon", "Judge", "Senator", "Governor", "Mayor"),
}
#: honorifics written short (with or without a dot); a fake keeps the form
ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "mx", "mme", "mlle", "dr", "prof", "rev", "fr", "capt", "col", "lt", "sgt", "hon"}
)
_HONORIFIC = {w.lower(): k for k, words in HONORIFICS.items() for w in words}


def group_kind(word: str) -> str | None:
    """``nationality``, ``religion`` or ``political`` for a known word (any case), else None."""
    return _KIND.get(" ".join(word.split()).lower())


def honorific_kind(word: str) -> str | None:
    """The kind of an honorific (``Dr.`` -> ``academic``), the trailing dot ignored, else None."""
    return _HONORIFIC.get(word.strip().rstrip(".").lower())


@lru_cache(maxsize=1)
def address_countries() -> tuple[str, ...]:
    """The country names the ``address_block`` recognizer of ``patterns.yaml`` accepts at the end of an
    address ("..., Mora de Rubielos, Spain 16200"): the lexicon's countries (Faker's data) written
    plainly (no dot, apostrophe or mis-decoded letter, longer than three letters), longest first so
    a regex alternation prefers "United Kingdom" to a shorter name. A test keeps the regex equal."""
    names = {c for c in lexicon().countries if len(c) > 3 and not any(ch in c for ch in ".'Ã")}
    return tuple(sorted(names, key=lambda c: (-len(c), c)))


#: Faker's company suffixes that are words of a name, not a legal form ("Group", "and Sons"): a name
#: ending in them is not told from a phrase by its form
_NOT_LEGAL_FORMS = frozenset({"Group", "Groep", "and Sons", "et Fils", "e figli", "e Filhos", "i syn s.c."})
#: legal forms written in English text that Faker's suffix lists lack
_ENGLISH_LEGAL_FORMS = ("Corp", "Corporation", "Incorporated", "Limited", "LLP", "Co")


@lru_cache(maxsize=1)
def company_suffixes() -> tuple[str, ...]:
    """The legal forms the ``company`` recognizer of ``patterns.yaml`` accepts at the end of a company's
    name ("Shepherd Ltd.", "Galorath Incorporated", "Pixia Corp."): the lexicon's company suffixes
    (Faker's data) less the ones that are ordinary words of a name, and the English forms it lacks,
    longest first so a regex alternation prefers "Sp. z o.o. Sp.k." to "Sp. z o.o.". A test keeps the
    regex equal."""
    names = {c for c in lexicon().company_suffixes if c not in _NOT_LEGAL_FORMS} | set(_ENGLISH_LEGAL_FORMS)
    return tuple(sorted(names, key=lambda c: (-len(c), c)))


#: words that close a job's name in general English ("Technical writer", "Passenger booking clerk", "Midwife"),
#: beside the last words of the shipped job pool (``job_heads``)
_JOB_WORDS = frozenset(
    "accountant actor administrator adviser advisor agent analyst architect artist assistant attendant attorney "
    "auditor baker banker barber bartender biologist broker builder butcher buyer carpenter cashier chef chemist "
    "cleaner clerk coach consultant controller cook coordinator counsel counselor counsellor courier custodian dancer "
    "dentist designer developer director dispatcher distributor doctor driver economist editor electrician "
    "engineer executive farmer firefighter fumigator gardener guard hairdresser housekeeper inspector installer "
    "instructor janitor journalist laborer labourer lawyer lecturer librarian machinist manager mechanic midwife "
    "musician nurse officer operator packager painter paramedic pharmacist photographer physician pilot planner "
    "plumber producer professor programmer psychologist receptionist repairer reporter representative "
    "researcher salesman salesperson saleswoman scientist secretary singer soldier specialist stylist supervisor "
    "surgeon surveyor tailor teacher technician technologist therapist trainer tutor waiter waitress welder "
    "worker writer".split()
)
#: last words of the job pool's titles that close other phrases too ("Armed forces training and education
#: officer" ends in a job, "Make", "Land", "Sub", "Copy", "Crew", "Person" do not name one alone)
_NOT_JOB_HEADS = frozenset(
    "associate boy copy crew emeritus handler land make person professional runner staff sub visitor".split()
)
#: endings of a profession's noun ("Echocardiographer", "Cinematographer", "Radiologist", "Dietician")
_JOB_ENDINGS = ("grapher", "ologist", "ician", "iatrist", "ographer")


@lru_cache(maxsize=1)
def job_heads() -> frozenset[str]:
    """Lowercased nouns that close a job title: the last word of each title in the shipped job pool
    (Faker's ``en_US`` jobs, "Accountant, chartered" read as "accountant") and the general ones above."""
    from faker.providers.job.en_US import Provider as Job

    heads = set(_JOB_WORDS)
    for job in Job.jobs:
        word = str(job).split(",")[0].split("(")[0].split()
        if word and word[-1].isalpha() and len(word[-1]) > 2:
            heads.add(word[-1].lower())
    return frozenset(heads - _NOT_JOB_HEADS)


def is_job_title(text: str) -> bool:
    """A job's name: one to six words, no digit, the last a job's noun (``job_heads`` or a profession's
    ending), the first not an honorific ("Mr"), a nationality or a group ("Polish", "Catholic")."""
    words = text.replace(",", " ").split()
    if not 1 <= len(words) <= 6 or any(c.isdigit() for c in text):
        return False
    last = words[-1].strip(".'’").lower()
    first = words[0].strip(".")
    if honorific_kind(first) is not None or group_kind(first) is not None:
        return False
    return last in job_heads() or (len(last) > 8 and last.endswith(_JOB_ENDINGS))


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def weekday_index(word: str) -> int | None:
    """0 for Monday .. 6 for Sunday (any case, a plural "Mondays" too), else None."""
    w = word.strip().lower()
    w = w[:-1] if w.endswith("days") else w
    return _WEEKDAYS.index(w) if w in _WEEKDAYS else None
