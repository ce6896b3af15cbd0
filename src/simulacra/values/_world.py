"""The world's countries and big cities with their population (``data/world_places.csv.gz``, from GeoNames).

Read once and cached. Used where a place should follow the world's spread — big countries and cities often,
small ones rarely — rather than a flat list (the augmenter's place fills)."""

from __future__ import annotations

import csv
import gzip
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = ["WorldPlaces", "world_places"]

_DATA = Path(__file__).resolve().parent / "data" / "world_places.csv.gz"


@dataclass(frozen=True)
class WorldPlaces:
    """Names and populations, largest first: ``countries``; ``cities`` (at least 100,000 inhabitants, and every
    capital) with ``capital`` flags."""

    countries: tuple[str, ...]
    country_population: tuple[int, ...]
    cities: tuple[str, ...]
    city_population: tuple[int, ...]
    capital: tuple[bool, ...]


@cache
def world_places() -> WorldPlaces:
    countries: list[tuple[str, int]] = []
    cities: list[tuple[str, int, bool]] = []
    with gzip.open(_DATA, "rb") as f:
        for row in csv.DictReader(io.TextIOWrapper(f, encoding="utf-8")):
            if row["kind"] == "country":
                countries.append((row["name"], int(row["population"])))
            else:
                cities.append((row["name"], int(row["population"]), row["capital"] == "1"))
    return WorldPlaces(
        countries=tuple(c[0] for c in countries),
        country_population=tuple(c[1] for c in countries),
        cities=tuple(c[0] for c in cities),
        city_population=tuple(c[1] for c in cities),
        capital=tuple(c[2] for c in cities),
    )
