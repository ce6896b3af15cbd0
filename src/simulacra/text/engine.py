"""The de-identifier: recognizers -> spans -> overlap resolution -> operators.

``Deidentifier.analyze`` finds spans; ``anonymize`` rewrites a text given its spans;
``deidentify`` does both. Everything outside the spans is copied unchanged, so a
de-identified text differs from its input only inside entities.

Scopes: by default every document gets its own ``SurrogateMapper`` keyed by the
document's key (its index in a corpus, or a name you give), so fakes are
consistent within a document and unlinkable across documents. With
``consistency: corpus`` one mapper serves every document and the same real
entity gets the same fake everywhere (across worker processes too: fakes are
hashed from the seed and the original, not drawn in order).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulacra.errors import SpecError
from simulacra.text._lexicon import strip_accents
from simulacra.text.address_handles import address_handles
from simulacra.text.article_words import article_words
from simulacra.text.business_nouns import business_nouns
from simulacra.text.domain_orgs import domain_org_spans
from simulacra.text.firm_heads import firm_heads
from simulacra.text.header_last_first import header_last_first
from simulacra.text.heading_lists import heading_lists
from simulacra.text.known_mentions import known_mentions
from simulacra.text.last_first import join_last_first, rewrite_parts, split_joined
from simulacra.text.list_mates import list_mates
from simulacra.text.modifier_words import modifier_words
from simulacra.text.operators import Apply, OperatorContext, hash_key, operator_kind, registry_version
from simulacra.text.person_edges import (
    address_surnames,
    comma_items,
    firm_tails,
    free_names,
    honorific_surnames,
    initial_points,
    list_item_given,
    name_tails,
    narrow_people,
    people_in_firms,
    signoff_headers,
    wrapped_initials,
)
from simulacra.text.policy import ENTITY_TYPES, Policy, load_policy
from simulacra.text.possessive_surnames import possessive_surnames
from simulacra.text.quantity_units import quantity_units
from simulacra.text.recognizers import (
    PatternRecognizer,
    Recognizer,
    ScanPlan,
    default_recognizers,
)
from simulacra.text.schedule_places import schedule_places
from simulacra.text.signoff_initials import signoff_initials
from simulacra.text.soft_break_pieces import soft_break_pieces
from simulacra.text.spans import Span, resolve, span_order
from simulacra.text.structure import (
    complete_names,
    detection_view,
    propagate,
    refine,
    retype,
    retype_joined,
    retype_kin,
    structural_spans,
)
from simulacra.text.surrogates import MappingRecord, SurrogateMapper
from simulacra.text.titled_surnames import titled_surnames
from simulacra.text.travel_places import travel_places
from simulacra.text.typed_elsewhere import typed_elsewhere
from simulacra.text.wrapped_items import wrapped_list_items
from simulacra.text.wrapped_places import wrapped_places

if TYPE_CHECKING:
    from simulacra.text.fast_ner import FastNerRecognizer
    from simulacra.text.ner import NerRecognizer

__all__ = ["DEFAULT_NER", "NER_TAGGERS", "DeidResult", "Deidentifier", "entity_types"]

#: the name-finding models ``Deidentifier(ner=...)`` knows: the spaCy CNN and the fast hashed-feature tagger
NER_TAGGERS = ("spacy", "fast")
#: the default: the fast tagger is 6-7x faster and scores higher on news and e-mail (benchmarks/RESULTS.md);
#: spaCy's CNN let fewer names through on conversational e-mail (CEREC), so it stays an option
DEFAULT_NER = "fast"


_LETTER_RUN = re.compile(r"[^\W\d_]+")


class _Operators(dict[str, tuple[Apply, Any]]):
    """label -> (operator, its typed parameters) under one policy, looked up on first use."""

    def __init__(self, policy: Policy) -> None:
        super().__init__()
        self.policy = policy
        self.version = registry_version()
        self.person_synthesized = policy.operator_for("PERSON").operator == "synthesize"

    def __missing__(self, label: str) -> tuple[Apply, Any]:
        spec = self.policy.operator_for(label)
        op = self[label] = (operator_kind(spec.operator).apply, spec.params)
        return op


def entity_types(recognizers: Iterable[Recognizer]) -> tuple[str, ...]:
    """The entity types a policy may name: the shipped ones (``ENTITY_TYPES``: patterns and the NER model),
    then every other label the given recognizers report, sorted."""
    extra = {label for r in recognizers for label in r.labels} - set(ENTITY_TYPES)
    return (*ENTITY_TYPES, *sorted(extra))


@dataclass(frozen=True)
class DeidResult:
    """A rewritten text, the spans found in the original and (when recorded) the mapping."""

    text: str
    spans: tuple[Span, ...]
    records: tuple[MappingRecord, ...] = ()
    #: where each span's replacement sits in ``text`` (same order as ``spans``)
    output_spans: tuple[tuple[int, int], ...] = ()


# a lone word where mail puts a given name: a sign-off line ("-mei", "> -raj", "~Tom") or a greeting ("Hi Mei,")
_SIGN_OFF_BEFORE = re.compile(r"(?:^|\n)[ \t>]*[-–—~]{1,2}[ \t]*\Z")
_GREETING_BEFORE = re.compile(
    r"(?:^|\n)[ \t>]*(?:hi|hello|hey|dear|morning|thanks|thx|cheers)[ \t]*,?[ \t]*\Z", re.IGNORECASE
)
_LINE_END_AFTER = re.compile(r"[ \t]*[,.!:]?[ \t]*(?:\n|\Z)")


def _given_position(text: str, s: Span) -> bool:
    """Whether a one-word person span stands where mail puts a given name: alone after a sign-off dash, or in a
    greeting ("Hi Mei," / "Thanks, Raj")."""
    value = text[s.start : s.end]
    if not value.isalpha() or _LINE_END_AFTER.match(text, s.end) is None:
        return False
    head = text[max(0, s.start - 40) : s.start]
    return _SIGN_OFF_BEFORE.search(head) is not None or _GREETING_BEFORE.search(head) is not None


class Deidentifier:
    """Finds sensitive entities and rewrites them as the policy says."""

    def __init__(
        self,
        policy: Policy | str | Path | dict[str, Any] | None = None,
        *,
        seed: int = 0,
        recognizers: Sequence[Recognizer] | None = None,
        model: str | Path | None = None,
        record: bool = False,
        ner: str | None = DEFAULT_NER,
        extra_recognizers: Sequence[Recognizer] = (),
    ) -> None:
        """``recognizers`` replaces the shipped pattern recognizers (and turns the e-mail structure rules
        off); ``extra_recognizers`` adds to them. Either way the NER model runs as the policy says
        (``ner: true``) unless ``ner=None``: custom recognizers never switch it off silently. The entity
        types a policy may name are the shipped ones plus every label the recognizers report."""
        recs = [*(recognizers if recognizers is not None else default_recognizers()), *extra_recognizers]
        self.entity_types = entity_types(recs)
        self.policy = load_policy(policy, known=self.entity_types)
        self.seed = int(seed)
        self.record = record
        self.labels = self.policy.labels(self.entity_types)
        self.recognizers = [
            r
            for r in recs
            if r.labels & self.labels and (not isinstance(r, PatternRecognizer) or r.default or r.label in self.labels)
        ]
        self._plan = ScanPlan(self.recognizers)  # shared scans; the same spans as running each recognizer
        if ner is not None and ner not in NER_TAGGERS:
            raise SpecError(f"unknown ner tagger '{ner}'; expected one of {', '.join(NER_TAGGERS)} (or None: no model)")
        self.ner: FastNerRecognizer | NerRecognizer | None = None
        if ner is not None and self.policy.ner and self.labels & {"PERSON", "ORGANIZATION", "LOCATION"}:
            if ner == "fast":  # the hashed-feature tagger (text/fast_ner.py): ~10x faster, see docs/deid.md
                from simulacra.text.fast_ner import FastNerRecognizer

                self.ner = FastNerRecognizer(model)
            else:
                from simulacra.text.ner import NerRecognizer

                self.ner = NerRecognizer(model)
        #: e-mail structure as evidence (header names, greetings, sign-offs) and the rules that drop
        #: plumbing; off when the caller chose the recognizers (then only they find spans)
        self.structure = recognizers is None
        #: found once, replaced everywhere (identifiers in every format; a person's words alone)
        self.spread = True
        self._key = hash_key(self.policy)
        self._corpus_mapper: SurrogateMapper | None = None
        self._ops: _Operators | None = None

    # --- finding ---------------------------------------------------------------------

    def _finish(self, text: str, spans: Iterable[Span], raw: str | None = None) -> list[Span]:
        keep = [s for s in spans if s.label in self.labels and s.score >= self.policy.min_score]
        if self.structure:
            tagged, keep = keep, refine(text, keep)
            # a completed name ("Philip Mayor": an honorific as the surname; "Laine A" + "Powell/Corp" on the next
            # line) less what is no part of it ("Osman's", "Ann Lee, CPA"), before it spreads
            named = wrapped_initials(text, honorific_surnames(text, complete_names(text, resolve(keep))))
            # a name a neighbour's span took ("By Ann Lee Of ACME", "Kate Kerri Thompson @ACME"); an initial's point
            named = list_item_given(text, free_names(text, signoff_headers(text, people_in_firms(text, named))))
            named = wrapped_list_items(text, named)  # "...; louise\nkitchen; ...": a ;-list item wrapped at the width
            named = comma_items(text, name_tails(text, initial_points(text, narrow_people(text, named, raw))))
            named = address_surnames(text, named)  # "Bobette Riner Director" beside "bobette.riner@…"
            named = firm_tails(text, named)  # "Jodi Roe Regus Business Centers": "Regus" is the firm's
            named = typed_elsewhere(text, named)  # "for Manitoba Hydro." beside "Manitoba Hydro's"; "Valentine's Day"
            named = firm_heads(text, named, tagged)  # "to Midcon" beside "MidCon Deer Park": the firm named short
            named = quantity_units(text, named)  # "sold 14,000 MMBtu/d": the unit, not a person
            named = modifier_words(text, named)  # "Sitara server", "Astros tickets": a thing's word, then its mentions
            named = article_words(text, named)  # "the Murray bill", "the Katy tailgate": no article before a name
            named = travel_places(text, named)  # "got back from Cabo", "for Ignacio to Blanco": a place
            named = schedule_places(text, named)  # "Lv Austin 8:15 PM": a leg's place, no person
            named = business_nouns(text, named)  # "Server Maintenance", "April Power Questions": a notice's nouns
            named = list_mates(text, named)  # "Mojave, Southwest Gas, Citizens Utilities": a firm among firms
            named = heading_lists(text, named)  # "the list of firms … include:" then "Pfizer", "Sara Lee": firms
            named = possessive_surnames(text, named)  # "on Wolfe's performance … rank him": a person
            named = signoff_initials(text, named)  # "touch.\nMK\n-----Original Message": the writer's initials
            named = titled_surnames(text, named)  # "call Mr. Banks", "Dr. Bloom will": the honorific's surname
            named = header_last_first(text, named)  # "cc: soto, derek": an address list's "last, first" in any case
            named = soft_break_pieces(text, named, raw)  # "Microsoft Ou=\ntlook", "Trav=\nel": a cut word's piece
            named = wrapped_places(text, named)  # "in San\nFrancisco to assist": a place the wrap split
            named = address_handles(text, named)  # "dana_holt <dana_holt@acme.example>": the local part's copy
            named = self._spread(text, named)  # "Beth, Blanca, Bob,": a comma list's names, not "Last, First"
            return join_last_first(text, named)  # "Pergher, Gunther" found apart: one person, as the golds mark it
        return self._spread(text, resolve(keep))

    def _spread(self, text: str, kept: list[Span]) -> list[Span]:
        """Found once, replaced everywhere: the same identifier in another format, a person's name alone."""
        if not self.spread:
            return kept
        new, persons = propagate(text, kept, self.labels if self.structure else frozenset())
        if persons:
            kept = retype(text, kept, persons)
        if new:
            kept = resolve([*kept, *(s for s in new if s.label in self.labels)])
        if self.structure and "PERSON" in self.labels:
            # "tell terr i said hi" beside terr.henderson@…; "1-TK" beside "Lohman, TK"; "Dr dunn's"
            kept = known_mentions(text, kept)
            kept = retype_joined(text, kept)  # "with Belden and Mallory": a person joined to a person
            kept = retype_kin(text, kept)  # "from Kara Kinder" beside "and David Kinder": a person's kin
        return kept

    def join_blocks(self, text: str, spans: Iterable[Span]) -> list[Span]:
        """The spans of a long document analysed in blocks (offsets in ``text``), spread over all of it."""
        view = detection_view(text) if self.structure else text
        if not self.structure:
            return self._spread(view, resolve(spans))
        # a block's joined "Last, First" spreads as the two names it was found as, then is joined again
        return join_last_first(view, self._spread(view, resolve(p for s in spans for p in split_joined(view, s))))

    def analyze(self, text: str) -> list[Span]:
        """Non-overlapping entity spans of ``text``, sorted by start."""
        return self.analyze_many([text])[0]

    def analyze_many(self, texts: Sequence[str]) -> list[list[Span]]:
        """``analyze`` for many texts (the NER model runs them in batches)."""
        plan = self._plan
        if len(plan.recognizers) != len(self.recognizers) or any(
            a is not b for a, b in zip(plan.recognizers, self.recognizers, strict=True)
        ):
            plan = self._plan = ScanPlan(self.recognizers)  # the list was changed after construction
        raw = texts  # the escapes the view blanks still mark a name's edges (person_edges)
        if self.structure:  # found on a view without quoted-printable debris (same offsets)
            texts = [detection_view(t) for t in texts]
        found = [plan.find(t) for t in texts]
        if self.ner is not None:
            for spans, ner_spans in zip(found, self.ner.find_many(texts), strict=True):
                spans.extend(s for s in ner_spans if s.label in self.labels)
        if self.structure and self.labels & {"PERSON", "LOCATION"}:
            for t, spans in zip(texts, found, strict=True):
                spans.extend(s for s in structural_spans(t) if s.label in self.labels)
        if self.structure and "ORGANIZATION" in self.labels:
            for t, spans in zip(texts, found, strict=True):
                spans.extend(domain_org_spans(t))  # "Northwind Traders" beside "@northwind-traders.com"
        return [self._finish(t, s, r) for t, s, r in zip(texts, found, raw, strict=True)]

    # --- rewriting -------------------------------------------------------------------

    def mapper(self, key: str | int) -> SurrogateMapper:
        """The surrogate scope for the document called ``key`` (the corpus's when consistency is corpus)."""
        p = self.policy
        if p.consistency == "corpus":
            if self._corpus_mapper is None:
                self._corpus_mapper = SurrogateMapper(
                    seed=self.seed,
                    scope="corpus",
                    locale=p.locale,
                    date_order=p.date_order,
                    max_date_shift=p.max_date_shift_days,
                    record=self.record,
                )
            return self._corpus_mapper
        return SurrogateMapper(
            seed=self.seed,
            scope=f"doc:{key}",
            locale=p.locale,
            date_order=p.date_order,
            max_date_shift=p.max_date_shift_days,
            record=self.record,
        )

    def _operators(self) -> _Operators:
        """Each label's operator as ``apply_operator`` looks it up, kept while the policy and the registered
        operators stay the ones it was made from (pydantic attribute access per document was a tenth of
        ``anonymize``)."""
        ops = self._ops
        if ops is None or ops.policy is not self.policy or ops.version != registry_version():
            ops = self._ops = _Operators(self.policy)
        return ops

    def anonymize(
        self, text: str, spans: Sequence[Span], *, key: str | int = 0, mapper: SurrogateMapper | None = None
    ) -> DeidResult:
        """``text`` with every span rewritten by its type's operator; the rest copied unchanged."""
        if not spans:  # nothing to rewrite: no scope to open (fakes depend on the seed and key only)
            return DeidResult(text, (), (), ())
        m = mapper if mapper is not None else self.mapper(key)
        before = len(m.records)
        ctx = OperatorContext(m, self._key)
        out: list[str] = []
        where: list[tuple[int, int]] = []
        pos = 0
        n = 0
        ordered = sorted(spans, key=span_order)  # the order of ``sorted(spans)``, without a __lt__ per pair
        # a joined "Last, First" is rewritten as the two names it was found as: the same text as before the join
        reported, (ordered, counts) = ordered, rewrite_parts(text, ordered)
        # a fake never equals a real name of this document ("Zoe" -> "Shirley" when Shirley is also there
        # would put a real name back)
        m.avoid.update(
            w.lower() for sp in ordered if sp.label == "PERSON" for w in _LETTER_RUN.findall(text, sp.start, sp.end)
        )
        if mapper is None:  # a scope of its own: no date of it rewritten yet, so its shift may still move
            # nor a shifted date's month a real name of it ("May 3, 2002" beside "May, Tom")
            m.shun_name_months([text[sp.start : sp.end] for sp in ordered if sp.label == "DATE"])
        # nor any other entity of it as a whole ("France" -> "Germany" when Germany is also there)
        m.avoid_whole.update(
            " ".join(text[sp.start : sp.end].lower().split()) for sp in ordered if sp.label != "PERSON"
        )
        m.given_hint.update(
            strip_accents(text[s.start : s.end]).lower()
            for s in ordered
            if s.label == "PERSON" and _given_position(text, s)
        )
        ops = self._operators()
        if any(s.label == "EMAIL" for s in ordered) and any(s.label == "ORGANIZATION" for s in ordered):
            # domains first: a firm spelled as an address's domain then takes the fake domain's name
            # ("Northwind Traders" -> "Whitehead-Ellis" beside "@whitehead-ellis.info"), wherever the two stand
            for s in ordered:
                if s.label == "EMAIL" and "@" in (value := text[s.start : s.end]):
                    m.domain_of(value.rpartition("@")[2])
        if ops.person_synthesized and any(s.label in ("EMAIL", "USERNAME", "URL") for s in ordered):
            # names first: an address's local part ("vince.kaminski@...") then takes the fakes of
            # the display name's words, wherever the two stand in the text
            for s in ordered:
                if s.label == "PERSON":
                    m.person(text[s.start : s.end])
        for s in ordered:
            if s.start < pos:
                raise ValueError("spans overlap; pass them through simulacra.text.spans.resolve first")
            value = text[s.start : s.end]
            op = ops[s.label]
            gap = text[pos : s.start]
            new = op[0](value, s, op[1], ctx)
            out += (gap, new)
            where.append((n + len(gap), n + len(gap) + len(new)))
            n += len(gap) + len(new)
            pos = s.end
        out.append(text[pos:])
        records = tuple(m.records[before:]) if self.record else ()
        if self.record and m is not self._corpus_mapper:
            m.records.clear()
        if len(reported) != len(ordered):  # a joined span's replacement: from its first name's to its last's
            grouped, i = [], 0
            for c in counts:
                grouped.append((where[i][0], where[i + c - 1][1]))
                i += c
            where = grouped
        return DeidResult("".join(out), tuple(reported), records, tuple(where))

    def deidentify(self, text: str, *, key: str | int = 0) -> DeidResult:
        return self.anonymize(text, self.analyze(text), key=key)

    def deidentify_many(
        self, texts: Sequence[str], *, keys: Sequence[str | int] | None = None, batch_size: int = 256
    ) -> Iterator[DeidResult]:
        """``deidentify`` over many texts, keyed by ``keys`` (default: their positions).

        ``batch_size`` texts are analysed together; the output does not depend on it (each text's spans and
        fakes depend only on the text, its key and the seed). The fast tagger decodes a batch's texts in
        one pass whose steps follow its longest candidate run, so bigger batches take fewer steps.
        """
        ks = list(keys) if keys is not None else list(range(len(texts)))
        for i in range(0, len(texts), batch_size):
            batch = list(texts[i : i + batch_size])
            for t, k, spans in zip(batch, ks[i : i + batch_size], self.analyze_many(batch), strict=True):
                yield self.anonymize(t, spans, key=k)
