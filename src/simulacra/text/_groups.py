"""Nationalities, religious and political groups (``NRP``), honorific titles (``TITLE``), the
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
