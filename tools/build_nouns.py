"""Build ``src/simulacra/draft/data/nouns.tsv.gz``: what kind of thing each English noun names first.

Reads the YAML sources of the Open English WordNet (https://github.com/globalwordnet/english-wordnet,
CC BY 4.0, derived from Princeton WordNet under the WordNet licence) and writes, for every lower-case
noun lemma of one to three words, the classes of its first three senses in WordNet's order:

    P person   A animal   L place (a location, or a building, facility or area)   G group
    T thing (an artifact, plant, substance or natural object)    E event or act (and periods)   D document or work   M money   Q measure
    F food     O other

``simulacra draft`` reads it to give a noun outside its catalogue believable columns and relations
(a ``skier`` is a person, ``lifts`` are things, ``walks`` are events that involve people and things).

    python tools/build_nouns.py /path/to/english-wordnet/src/yaml

The output is byte-identical for the same input (sorted, gzip without a time stamp).
"""

from __future__ import annotations

import functools
import gzip
import re
import sys
from pathlib import Path

import yaml

#: artifacts under these synsets are places: structure, facility, establishment, area (of a structure),
#: place of business, building, workplace
_PLACE_ROOTS = frozenset(
    {"04348764-n", "03319968-n", "03302664-n", "02738693-n", "03959296-n", "02916498-n", "04609402-n"}
)
_LEX = {
    "person": "P",
    "animal": "A",
    "location": "L",
    "group": "G",
    "act": "E",
    "event": "E",
    "process": "E",
    "phenomenon": "E",
    "time": "E",
    "communication": "D",
    "possession": "M",
    "quantity": "Q",
    "attribute": "Q",
    "food": "F",
    "plant": "T",
    "substance": "T",
    "object": "T",
}
#: a top synset read as the hierarchy it heads
_TOPS = {
    "animal": "animal",
    "person": "person",
    "plant": "plant",
    "act": "act",
    "event": "event",
    "group": "group",
    "location": "location",
    "possession": "possession",
    "food": "food",
    "artifact": "artifact",
    "communication": "communication",
    "time": "time",
    "quantity": "quantity",
    "attribute": "attribute",
    "object": "object",
    "substance": "substance",
}
_LEMMA = re.compile(r"[a-z][a-z-]*(?: [a-z][a-z-]*){0,2}")


def main(src: Path, out: Path) -> None:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    synsets: dict[str, tuple[str, list[str]]] = {}
    tops: dict[str, str] = {}
    for f in sorted(src.glob("noun.*.yaml")):
        lex = f.name[len("noun.") : -len(".yaml")]
        for sid, body in yaml.load(f.read_text(encoding="utf-8"), Loader=loader).items():
            synsets[sid] = (lex, list(body.get("hypernym", [])))
            tops[sid] = (body.get("members") or [""])[0]

    @functools.cache
    def ancestors(sid: str) -> frozenset[str]:
        found: set[str] = set()
        for h in synsets.get(sid, ("", []))[1]:
            found |= {h} | ancestors(h)
        return frozenset(found)

    def klass(sid: str) -> str:
        lex = synsets[sid][0]
        if lex == "Tops":  # the top of each hierarchy ('animal', 'person', 'plant') is in a file of its own
            lex = _TOPS.get(tops[sid], lex)
        if lex == "artifact":
            return "L" if sid in _PLACE_ROOTS or ancestors(sid) & _PLACE_ROOTS else "T"
        return _LEX.get(lex, "O")

    rows: dict[str, str] = {}
    for f in sorted(src.glob("entries-*.yaml")):
        for lemma, pos in yaml.load(f.read_text(encoding="utf-8"), Loader=loader).items():
            noun = pos.get("n") if isinstance(pos, dict) else None
            if not noun or not isinstance(lemma, str) or not _LEMMA.fullmatch(lemma):
                continue
            classes = "".join(klass(s["synset"]) for s in noun.get("sense", []) if s["synset"] in synsets)[:3]
            if classes:
                rows[lemma] = classes
    text = "".join(f"{k}\t{v}\n" for k, v in sorted(rows.items()))
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", mtime=0, filename="") as gz:
        gz.write(text.encode("utf-8"))
    print(f"{len(rows):,} nouns -> {out} ({out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(__file__).resolve().parents[1] / "src/simulacra/draft/data/nouns.tsv.gz")
