"""What a table of readings measures, and the things that are read: one table of quantities, one of devices.

"tanks with temperature logs", "servers with cpu readings", "patients with heart rate readings": each row of such a
table is one value of a quantity at a time, so it has a time and the quantity's value, named and ranged for it
(a temperature in degrees Celsius, a CPU load in percent, a heart rate in beats a minute), and nothing of the thing
read but its key. The words here are data: a new quantity is a new row of ``QUANTITIES``, not a branch.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from simulacra.draft._nouns import singular

__all__ = [
    "DEVICE_WORDS",
    "QUANTITIES",
    "Quantity",
    "Record",
    "is_device_word",
    "quantity_said",
    "quantity_words",
    "record_head",
    "record_of",
]


def _normal(mean: float, std: float, low: float, high: float, decimals: int = 1) -> dict[str, Any]:
    return {"generator": "normal", "mean": mean, "std": std, "min": low, "max": high, "round": decimals}


def _uniform(low: float, high: float, decimals: int = 1) -> dict[str, Any]:
    return {"generator": "uniform", "low": low, "high": high, "round": decimals}


@dataclass(frozen=True)
class Quantity:
    name: str
    words: tuple[str, ...]
    columns: dict[str, dict[str, Any]]
    #: what is read: 'thing' (cpu, voltage: a device, never a person) or None (a tank's or a patient's temperature)
    of: str | None = None
    #: ranges that depend on what is read: (words of the thing, singular; its value columns) ('freezer': -30..-10
    #: degrees Celsius, 'oven': 150..250); a thing none of them names gets ``columns`` (draft67)
    by_thing: tuple[tuple[tuple[str, ...], dict[str, dict[str, Any]]], ...] = ()

    def fresh_columns(self) -> dict[str, dict[str, Any]]:
        return copy.deepcopy(self.columns)

    def columns_of(self, words: list[str]) -> dict[str, dict[str, Any]]:
        """The value columns for a thing named by ``words`` (its head word last: 'cold-storage freezers'): the
        range of the first word from the head back that ``by_thing`` names, else the quantity's own."""
        ranges = {w: cols for names, cols in self.by_thing for w in names}
        for word in reversed([w for p in words for w in p.lower().replace("_", " ").replace("-", " ").split()]):
            if word.isalpha() and singular(word) in ranges:
                return copy.deepcopy(ranges[singular(word)])
        return self.fresh_columns()


#: quantities by the words that name them (one to three words, singular), each with its value columns and ranges
QUANTITIES: tuple[Quantity, ...] = (
    Quantity(
        "temperature",
        ("temperature", "temp", "heat"),
        {"temperature_c": _normal(20, 6, -40, 120)},
        by_thing=(
            (("freezer",), {"temperature_c": _normal(-20, 3, -30, -10)}),
            (("fridge", "refrigerator", "cooler", "chiller"), {"temperature_c": _normal(3.5, 1, 1, 6)}),
            (("oven",), {"temperature_c": _normal(200, 20, 150, 250)}),
            (("kiln", "furnace"), {"temperature_c": _normal(1000, 80, 800, 1300)}),
            (
                ("room", "office", "classroom", "ward", "apartment", "flat", "home", "house"),
                {"temperature_c": _normal(22, 1.5, 18, 26)},
            ),  # fmt: skip
            (("engine", "motor"), {"temperature_c": _normal(90, 8, 70, 110)}),
            (("boiler",), {"temperature_c": _normal(75, 6, 60, 90)}),
            (("fermenter", "fermentor", "vat"), {"temperature_c": _normal(18, 2, 10, 25)}),
            (("pool", "aquarium"), {"temperature_c": _normal(27, 1.5, 24, 30)}),
            (("patient", "resident", "baby", "infant", "child"), {"temperature_c": _normal(36.9, 0.4, 35.5, 40)}),
        ),
    ),
    Quantity(
        "cpu",
        ("cpu", "cpu usage", "cpu load", "cpu utilization", "processor"),
        {"cpu_pct": _normal(35, 20, 0, 100)},
        "thing",
    ),
    Quantity("memory", ("memory", "ram", "memory usage"), {"memory_pct": _normal(55, 18, 0, 100)}, "thing"),
    Quantity("disk", ("disk", "disk usage", "storage"), {"disk_pct": _normal(60, 20, 0, 100)}, "thing"),
    Quantity("heart_rate", ("heart rate", "pulse", "heartbeat"), {"heart_rate_bpm": _normal(75, 12, 35, 200, 0)}),
    Quantity(
        "blood_pressure",
        ("blood pressure", "bp"),
        {"systolic_mmhg": _normal(122, 15, 80, 220, 0), "diastolic_mmhg": _normal(79, 10, 40, 130, 0)},
    ),
    Quantity(
        "glucose", ("glucose", "blood sugar", "blood glucose", "sugar"), {"glucose_mg_dl": _normal(105, 25, 40, 400, 0)}
    ),
    Quantity("weight", ("weight", "body weight", "mass"), {"weight_kg": _normal(75, 15, 2, 250)}),
    Quantity(
        "speed",
        ("speed", "velocity"),
        {"speed_kmh": _normal(55, 25, 0, 200)},
        by_thing=((("bicycle", "bike", "rider", "cyclist"), {"speed_kmh": _normal(18, 5, 0, 45)}),),
    ),
    Quantity(
        "pressure",
        ("pressure", "air pressure", "tyre pressure", "tire pressure"),
        {"pressure_kpa": _normal(101.3, 8, 0, 1000)},
        by_thing=(
            (("tyre", "tire", "wheel"), {"pressure_kpa": _normal(230, 15, 180, 280)}),
            (("boiler", "compressor"), {"pressure_kpa": _normal(800, 80, 500, 1200)}),
        ),
    ),
    Quantity(
        "humidity",
        ("humidity", "moisture", "soil moisture"),
        {"humidity_pct": _normal(50, 15, 0, 100)},
        by_thing=((("greenhouse",), {"humidity_pct": _normal(75, 6, 60, 90)}),),
    ),
    Quantity("voltage", ("voltage", "volt"), {"voltage_v": _normal(230, 4, 0, 400)}, "thing"),
    Quantity("current", ("current", "amperage"), {"current_a": _normal(10, 4, 0, 100, 2)}, "thing"),
    Quantity(
        "power",
        ("power", "power draw", "wattage", "output", "power output"),
        {"power_kw": _normal(3, 1.5, 0, 50, 2)},
        "thing",
    ),
    Quantity(
        "energy", ("energy", "kwh", "electricity", "consumption", "usage"), {"energy_kwh": _normal(12, 5, 0, 200, 2)}
    ),
    Quantity(
        "location",
        ("gps", "location", "position", "gps location"),
        {"latitude": _uniform(25.0, 49.0, 6), "longitude": _uniform(-124.0, -67.0, 6)},
    ),
    Quantity(
        "balance",
        ("balance", "account balance"),
        {"balance": {"generator": "money", "distribution": "lognormal", "median": 2500, "sigma": 1.0, "min": 0}},
    ),
    Quantity("load", ("load", "workload"), {"load_pct": _normal(45, 20, 0, 100)}, "thing"),
    Quantity(
        "level",
        ("level", "fill level", "water level", "fuel level", "tank level"),
        {"level_pct": _normal(60, 20, 0, 100)},
    ),
    Quantity(
        "count",
        ("count", "headcount", "footfall", "visitor count", "people count"),
        {"count": {"generator": "poisson", "lam": 20}},
    ),
    Quantity(
        "latency", ("latency", "response time", "ping time"), {"latency_ms": _normal(40, 25, 1, 2000, 0)}, "thing"
    ),
    Quantity("vibration", ("vibration",), {"vibration_mm_s": _normal(4, 1.5, 0, 50, 2)}, "thing"),
    Quantity(
        "rpm",
        ("rpm", "rotation", "rotational speed"),
        {"rpm": _normal(1500, 300, 0, 10000, 0)},
        "thing",
        by_thing=((("engine", "motor"), {"rpm": _normal(2000, 500, 700, 4000, 0)}),),
    ),
    Quantity("ph", ("ph", "acidity"), {"ph": _normal(7, 0.6, 0, 14, 2)}),
    Quantity("co2", ("co2", "carbon dioxide"), {"co2_ppm": _normal(600, 150, 300, 5000, 0)}),
    Quantity("noise", ("noise", "sound level", "decibel"), {"noise_db": _normal(55, 10, 20, 140)}),
    Quantity("oxygen", ("oxygen", "spo2", "oxygen saturation"), {"spo2_pct": _normal(97, 1.5, 70, 100, 0)}),
    Quantity(
        "bandwidth",
        ("bandwidth", "network", "traffic", "throughput"),
        {"throughput_mbps": _normal(200, 90, 0, 10000)},
        "thing",
    ),
    Quantity("battery", ("battery", "battery level", "charge"), {"battery_pct": _normal(70, 20, 0, 100, 0)}, "thing"),
    Quantity("rainfall", ("rainfall", "rain", "precipitation"), {"rainfall_mm": _normal(2, 3, 0, 200)}),
    Quantity("wind", ("wind", "wind speed"), {"wind_speed_ms": _normal(5, 3, 0, 60)}),
)

_BY_WORDS: dict[str, Quantity] = {w: q for q in QUANTITIES for w in q.words}
_LONGEST = max(len(w.split()) for w in _BY_WORDS)

#: head words of a table whose rows are values of a quantity over time, always ('readings'), or only where a
#: quantity is named before them ('temperature logs', 'cpu snapshots': 'maintenance logs' and 'safety checks'
#: are records of work, not of a value)
_RECORD_ALWAYS = frozenset("reading measurement ping metric".split())
_RECORD_WITH_QUANTITY = frozenset("log check snapshot sample record observation stat statistic value".split())

#: head words of things that are read, used or looked after, never people, whatever WordNet's first sense
#: ('servers' wait at tables there, 'routers' and 'printers' are people who route and print)
DEVICE_WORDS = frozenset(
    "server router printer switch node tank meter machine truck sensor vehicle pump freezer fridge "
    "refrigerator turbine kiosk boiler compressor generator chiller elevator lift drone robot camera gateway "
    "container device computer laptop terminal scanner monitor controller thermostat charger "
    "battery inverter transformer well buoy beehive hive locker atm furnace oven heater "
    "cooler dryer washer mixer conveyor engine motor tractor trailer van bus train locomotive ship boat vessel "
    "aircraft plane tracker transmitter antenna modem appliance instrument probe valve pipe pipeline "
    "reactor fermenter fermentor vat silo".split()
)


def is_device_word(phrase: str) -> bool:
    """The phrase's head word names a device or an asset ('servers', 'cold-storage freezers', 'routers')."""
    words = phrase.lower().replace("_", " ").replace("-", " ").split()
    return bool(words) and singular(words[-1]) in DEVICE_WORDS


def record_head(word: str) -> str | None:
    """'always' for a head word that names values read over time, 'quantity' for one that does so only after a
    named quantity, else None."""
    one = singular(word.lower())
    if one in _RECORD_ALWAYS:
        return "always"
    return "quantity" if one in _RECORD_WITH_QUANTITY else None


def quantity_said(words: list[str]) -> Quantity | None:
    """The quantity the words just before a record's head name, the longest match ending at the last word
    ('blood pressure', 'heart rate', 'cpu'), else None."""
    found = _quantity_tail(words)
    return found[0] if found else None


def quantity_words(words: list[str]) -> int:
    """How many of the last words name a quantity ('gps location' 2, 'fuel level' 2, 'cpu' 1), 0 for none."""
    found = _quantity_tail(words)
    return found[1] if found else 0


def _quantity_tail(words: list[str]) -> tuple[Quantity, int] | None:
    low = [w.lower() for w in words]
    for n in range(min(_LONGEST, len(low)), 0, -1):
        tail = low[-n:]
        for form in (" ".join(tail), " ".join([*tail[:-1], singular(tail[-1])])):
            if form in _BY_WORDS:
                return _BY_WORDS[form], n
    return None


@dataclass(frozen=True)
class Record:
    """A table of values read over time: the quantity named before its head word (None: a quantity not known
    here) and the word that named it ('turbidity')."""

    quantity: Quantity | None
    word: str | None


def record_of(phrase: list[str], before: list[str]) -> Record | None:
    """What a table named by the words ``phrase`` (its head word last) records, ``before`` being the words said
    just before the phrase (a quantity the phrase lost: 'heart rate readings' read as 'readings'): a Record for
    'cpu readings', 'temperature logs', 'readings'; None for 'maintenance logs' or 'orders'."""
    if not phrase:
        return None
    how = record_head(phrase[-1])
    if how is None:
        return None
    mods = [w.lower() for w in phrase[:-1]]
    q = quantity_said([*(w.lower() for w in before if w.isalnum()), *mods])  # 'co2 readings' too
    if q is None and how == "quantity":
        return None
    return Record(q, mods[-1] if mods and q is None and mods[-1].isalpha() else None)
