"""``augment``: the verb, and writing its output folder atomically."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from simulacra.augment._corpus import LabelledDoc, to_conll
from simulacra.augment._skeletons import AugmentReport, SkeletonAugmenter

__all__ = ["augment", "write_augmented"]


def augment(
    docs: Sequence[LabelledDoc],
    n_documents: int,
    *,
    seed: int = 0,
    max_shared_ngram: int = 6,
    near_duplicate: float = 0.7,
    forbidden: Iterable[str] = (),
    split: bool = True,
    client: Any = None,
    locales: tuple[str, ...] = ("en_US", "en_GB"),
    refill_share: float = 0.0,
    keep_public_places: bool = False,
    kinds_apart: bool = False,
    keep_misc: bool = False,
    place_forms: bool = False,
    keep_place_teams: bool = False,
    world_persons: bool = False,
    unlisted_persons: bool = False,
    vary_numbers: bool = False,
    unlisted_orgs: bool = False,
    firm_names: bool = False,
) -> tuple[list[LabelledDoc], AugmentReport]:
    """``n_documents`` new labelled documents learnt from ``docs`` (offline skeleton method, or a language-model
    backend when ``client`` is given), with the report of the guarantees checked.

    ``forbidden``: more strings that must never appear (the originals of a de-identification mapping);
    ``locales``: where fresh names, places and companies come from; ``refill_share``: the share of documents
    that are a source document's own skeletons with fresh entities (offline method; exempt from the
    near-duplicate and shared n-gram rules, still checked for every source entity string);
    ``keep_public_places``: the source's LOCATION spans that name a well-known public place (a country, a capital
    or big city, a region) are not forbidden strings: fills may use them, half of the LOCATION slots in the
    source's proportions (persons, organisations, other places and ``forbidden`` stay forbidden);
    ``kinds_apart``: fills whose kinds do not cross — an organisation with no person's name or place word, a place
    that is not a surname, a person's name that is not a place (augment's own pools; de-identification's surrogates
    are unchanged); ``keep_misc``: the source's MISC strings (nationalities, languages, events: not personal data)
    are not forbidden, and half the MISC slots are filled with them in the source's proportions (one that is or
    contains a forbidden string never is); ``place_forms``: an organisation slot whose (de-identified) text is a
    place and other words ('Lagos United', 'Bank of Peru') is filled in that form, a world place with the source's
    own words beside it or a club's; ``keep_place_teams``: the source's ORGANIZATION spans whose whole text
    is a well-known public place (a team called by its town) are not forbidden strings either, and half the
    organisation slots named as a place are filled with them in the source's proportions; ``world_persons``: the
    person slots are filled with names of Faker's person locales, drawn in proportion to the locales the source's
    persons' names look like (``name_locales``), not the ``locales``' own, the slot's width kept;
    ``unlisted_persons``: as many person fills as the source has (half at least) get a surname no word list knows
    (``invented_surnames``); ``vary_numbers``: the numbers of each new sentence are drawn anew in their shape (a
    date another date, a score another score; ``_numbers``) before the near-duplicate test, so formulaic lines
    (datelines, results and standings rows) are kept in the source's share and no source figure is repeated;
    ``firm_names``: half the company fills of longer organisation slots are one firm's name in news form ('Marketon
    Energy': ``news_firm_names``), not only the locales' companies (surnames, partnerships joined by 'and')."""
    aug = SkeletonAugmenter(
        seed=seed,
        max_shared_ngram=max_shared_ngram,
        near_duplicate=near_duplicate,
        forbidden=forbidden,
        split=split,
        locales=locales,
        refill_share=refill_share,
        keep_public_places=keep_public_places,
        kinds_apart=kinds_apart,
        keep_misc=keep_misc,
        place_forms=place_forms,
        keep_place_teams=keep_place_teams,
        world_persons=world_persons,
        unlisted_persons=unlisted_persons,
        vary_numbers=vary_numbers,
        unlisted_orgs=unlisted_orgs,
        firm_names=firm_names,
    ).fit(docs)
    if client is not None:
        from simulacra.augment._model import generate_with_model

        return generate_with_model(aug, n_documents, client)
    return aug.generate(n_documents)


def write_augmented(
    out: str | Path,
    docs: Sequence[LabelledDoc],
    report: AugmentReport,
    *,
    labels: bool = False,
    split: bool = True,
    replace: bool = False,
) -> Path:
    """Write ``documents.jsonl`` (text, and spans with ``labels``), ``labels.conll`` (with ``labels``) and
    ``report.json`` into the folder ``out``, atomically (a temp folder renamed into place)."""
    from simulacra._fs import make_temp_dir, replace_dir
    from simulacra.errors import SinkError

    target = Path(out)
    if target.exists() and not target.is_dir():
        raise SinkError(f"{target}: exists and is not a folder (nothing was written)")
    if target.is_dir() and any(target.iterdir()) and not replace:
        raise SinkError(f"{target}: exists and is not empty; pass --replace to replace it (nothing was written)")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = make_temp_dir(target)
    lines = []
    for i, d in enumerate(docs):
        row: dict[str, Any] = {"id": i, "text": d.text}
        if labels:
            row["spans"] = [{"start": s, "end": e, "label": lab} for s, e, lab in d.spans]
        lines.append(json.dumps(row, ensure_ascii=False))
    (tmp / "documents.jsonl").write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")
    if labels:
        (tmp / "labels.conll").write_text(to_conll(docs, split=split), encoding="utf-8")
    (tmp / "report.json").write_text(json.dumps(report.to_dict(), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    replace_dir(tmp, target)
    return target
