"""The fast recognizer: a linear token tagger over hashed features, decoded in numpy.

``FastNerRecognizer`` finds PERSON, ORGANIZATION and LOCATION spans like
``ner.NerRecognizer`` (same ``find``/``find_many``, the same span rules
``clean_span`` and ``harmonise`` after it), about an order of magnitude faster:

- a regex tokenizer (words with inner apostrophes, hyphens and periods; numbers;
  one token per other character; line ends are tokens, so a header line or a
  sign-off is context);
- per token: hashed features of the token itself (word, shape, prefix, suffixes,
  lexicon flags: given name, surname, place, common word, title...) and of its
  neighbours two to each side, each feature keyed by its offset;
- a linear model (averaged structured perceptron, ``training/train_fast_ner.py``,
  trained on the synthetic corpus of ``text.corpus`` only) scoring BIO tags.

Because every feature belongs to one token at one offset, a token's contribution to
the scores of its neighbours is a fixed (5, n_tags) array per token *string*: it is
computed once per string and cached, so the Python work per token is one dict look-up;
the scores of a text are five fancy-indexed sums in numpy. Decoding is Viterbi with
BIO constraints, run only on the runs of tokens where a name tag comes within
``margin`` of O (grouped by length and vectorised); every other token is O.

The weights ship in ``simulacra/text/fast_model`` as ``weights.npz`` (float16, loaded
with ``allow_pickle=False``) beside a JSON ``manifest.json`` saying how they were made.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Sequence
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np

from simulacra.errors import ModelError, SourceError
from simulacra.text.ner_cleanup import clean_span, countries, descriptors, given_and_family, harmonise, lexicons, towns
from simulacra.text.spans import Span

__all__ = [
    "FAST_MODEL_PATH",
    "FEATURE_VERSION",
    "TAGS",
    "FastModel",
    "FastNerRecognizer",
    "decode",
    "load_fast_model",
    "token_features",
    "tokenize",
    "viterbi",
]

FAST_MODEL_PATH = Path(__file__).resolve().parent / "fast_model"
NER_LABELS = frozenset({"PERSON", "ORGANIZATION", "LOCATION"})
TAGS = ("O", "B-PERSON", "I-PERSON", "B-ORGANIZATION", "I-ORGANIZATION", "B-LOCATION", "I-LOCATION")
OFFSETS = (-2, -1, 0, 1, 2)
#: bump when ``token_features`` changes: a model trained on other features is refused
FEATURE_VERSION = 2
FORMAT = "simulacra-fast-ner"
#: the token that stands before and after every text (twice: the window reaches two tokens out)
BOUNDARY = "<s>"
PAD = max(OFFSETS)
#: candidate tokens' neighbours (each side) also decoded
DILATE = 2

# spaces other than a line end, then a token: a word (letters/digits with inner ' ’ - . &), a line end,
# or any other single non-space character; one string per token with the spaces before it (no groups:
# ``findall`` builds no tuples)
#: every character ``str.isspace`` (and so ``str.lstrip()``) takes for a space, but the line end
_SPACES = (
    "\t\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + "\u2028\u2029\u202f\u205f\u3000"
)
_SPACED_TOKEN = re.compile(r"[^\S\n]*(?:\n|[^\W_]+(?:['’.&-][^\W_]+)*|\S)")


def tokenize(text: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Tokens of ``text`` with their start and end offsets (int64 arrays)."""
    spaced = _SPACED_TOKEN.findall(text)
    if not spaced:
        return [], np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    # a token never starts with a space and its spaces hold no line end, so stripping the spaces other than
    # the line end (``str.isspace`` but "\n") leaves the token, a line end included (one C call per token)
    n = len(spaced)
    toks = list(map(str.lstrip, spaced, repeat(_SPACES, n)))
    ends = np.cumsum(np.fromiter(map(len, spaced), dtype=np.int64, count=n))
    return toks, ends - np.fromiter(map(len, toks), dtype=np.int64, count=n), ends


def _shape(tok: str) -> str:
    out: list[str] = []
    for c in tok:
        s = "X" if c.isupper() else "x" if c.islower() else "d" if c.isdigit() else c
        if len(out) < 2 or not (out[-1] == s and out[-2] == s):
            out.append(s)
    return "".join(out)


@lru_cache(maxsize=1)
def _word_flags() -> dict[str, tuple[str, ...]]:
    """Lowercased word -> the word lists it is in (from the shipped lexicon and the corpus's lists)."""
    from simulacra.text import corpus as c

    frequent, dictionary, places, _ = lexicons()
    given, family = given_and_family()
    low = lambda xs: frozenset(w.lower().rstrip(".") for x in xs for w in x.split())  # noqa: E731
    sets = {
        "given": given,
        "family": family,
        "place": places,
        "town": towns(),
        "country": countries(),
        "freq": frequent,
        "dict": dictionary,
        "desc": descriptors(),
        "hon": low(c.HONORIFICS),
        "orgtail": low(c.ORG_TAIL + c.ORG_KINDS + c.ORG_PLACE_TAIL),
        "club": low(c.CLUB_SUFFIX),
        "time": low(c.WEEKDAYS + c.MONTHS),
    }
    flags: dict[str, tuple[str, ...]] = {}
    get = flags.get
    for name, words in sets.items():  # dict order: the same flag order for every word
        tag = ("l=" + name,)  # one tuple per list, not a string and a list per word (built at start-up)
        for w in words:
            had = get(w)
            flags[w] = tag if had is None else had + tag
    return flags


_GLUED_INITIAL = re.compile(r"[A-Z][A-Z][a-z]{2,}")


def token_features(tok: str) -> tuple[list[str], int, int]:
    """The features of a token, and how many of them (a prefix) are seen from offset ±1 and ±2.

    At offset 0 a token shows all its features; to a neighbour one token away the
    first ``n_near`` (word, case, shape, suffix, word lists); two away the first
    ``n_far`` (word, case).
    """
    if tok == "\n":
        return ["w=\\n", "b"], 1, 1
    if tok == BOUNDARY:
        return ["w=" + tok, "b"], 1, 1
    low = tok.lower()
    first = tok[0]
    case = (
        "T"
        if first.isupper() and (len(tok) == 1 or not tok[1:].isupper())
        else "U"
        if tok.isupper()
        else "L"
        if tok.islower()
        else "D"
        if first.isdigit()
        else "P"
        if not first.isalnum()
        else "M"
    )
    base = low.rstrip(".")
    poss = base.endswith(("'s", "’s")) and len(base) > 3
    if poss:
        base = base[:-2]  # "Michelle's": the word lists know "michelle"
    flags = _word_flags()
    lex = flags.get(base, ())
    if not lex and _GLUED_INITIAL.fullmatch(tok):
        lex = tuple("g" + f for f in flags.get(low[1:], ()))  # "HShively", "SBeck": an initial glued to a surname
    feats = [
        "w=" + low[:24],
        "c=" + case,
        "s=" + _shape(tok),
        "x3=" + low[-3:],
        *lex,
        "b",
        "p1=" + low[:1],
        "p3=" + low[:3],
        "x2=" + low[-2:],
        "x4=" + low[-4:],
        "n=" + str(min(len(tok), 12)),
        *[case + f for f in lex],
    ]
    if poss:
        feats.append("poss")
    if "'" in tok or "’" in tok:
        feats.append("apos")
    if "-" in tok:
        feats.append("hyph")
    return feats, 4 + len(lex), 2


_SALT = np.array([0x51ED270B, 0x2545F491, 0x0, 0x9E3779B9, 0x7F4A7C15], dtype=np.uint64)  # one per offset
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def _mix(hashes: np.ndarray, k: int, dim: int) -> np.ndarray:
    with np.errstate(over="ignore"):
        mixed = (hashes ^ _SALT[k]) * _GOLDEN
    return (mixed >> np.uint64(64 - (dim.bit_length() - 1))).astype(np.int64)


def feature_rows(toks: Sequence[str], dim: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """For each offset in ``OFFSETS``: the hashed feature ids of every token, flat, and each token's count.

    A feature string is hashed once (CRC-32: stable across processes, unlike ``hash``);
    its id at offset ``o`` mixes that hash with a salt per offset (multiplicative
    hashing into ``dim``, a power of two). No token has zero features at any offset.
    """
    crc = zlib.crc32
    hs: tuple[list[int], list[int], list[int]] = ([], [], [])
    ns: tuple[list[int], list[int], list[int]] = ([], [], [])
    for t in toks:
        feats, n_near, n_far = token_features(t)
        h = [crc(f.encode()) for f in feats]
        hs[0].extend(h)
        hs[1].extend(h[:n_near])
        hs[2].extend(h[:n_far])
        ns[0].append(len(h))
        ns[1].append(n_near)
        ns[2].append(n_far)
    arrays = [np.asarray(x, dtype=np.uint64) for x in hs]
    counts = [np.asarray(x, dtype=np.int64) for x in ns]
    out = []
    for k, o in enumerate(OFFSETS):
        which = min(abs(o), 2)
        out.append((_mix(arrays[which], k, dim), counts[which]))
    return out


def feature_ids(tok: str, dim: int) -> tuple[np.ndarray, ...]:
    """Hashed feature ids of ``tok`` for each offset in ``OFFSETS`` (one array each)."""
    return tuple(ids for ids, _ in feature_rows([tok], dim))


# --- decoding ------------------------------------------------------------------------


def allowed_transitions(tags: Sequence[str] = TAGS) -> np.ndarray:
    """BIO constraints as a (previous, next) mask: I-X only after B-X or I-X (O stands before and after a text)."""
    allowed = np.ones((len(tags), len(tags)), dtype=bool)
    for j, t in enumerate(tags):
        if t.startswith("I-"):
            for i, p in enumerate(tags):
                allowed[i, j] = p[2:] == t[2:]
    return allowed


def viterbi(em: np.ndarray, trans: np.ndarray) -> np.ndarray:
    """Exact best tags for emission scores ``em`` (n, tags), with an O before and after the sequence.

    ``trans`` (previous, next) holds -inf where a transition is forbidden; tag 0 is O.
    """
    n, k = em.shape
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    back = np.zeros((n, k), dtype=np.int64)
    score = trans[0] + em[0]
    for i in range(1, n):
        s = score[:, None] + trans
        back[i] = s.argmax(0)
        score = s.max(0) + em[i]
    score = score + trans[:, 0]
    out = np.empty(n, dtype=np.int64)
    out[-1] = int(score.argmax())
    for i in range(n - 1, 0, -1):
        out[i - 1] = back[i, out[i]]
    return out


def decode(em: np.ndarray, trans: np.ndarray, margin: float, fixed: np.ndarray | None = None) -> np.ndarray:
    """Tags for ``em``: Viterbi on the runs of tokens where a name tag comes within ``margin`` of O.

    Candidates are those tokens and ``DILATE`` neighbours each side (a name's last word
    may lean to O on its own); every other token is O, and ``fixed`` tokens always
    are. Each run is decoded exactly as if an O stood before and after it (which is
    exact whenever its neighbours are O in the best path): the same tags as ``viterbi``
    on each run alone. All runs advance together, longest first, one numpy step per
    token of the longest run; a run that ends drops out of the step (no padding).
    """
    n, k = em.shape
    tags = np.zeros(n, dtype=np.int64)
    if n == 0:
        return tags
    cand = em[:, 1:].max(1) > em[:, 0] - margin
    for _ in range(DILATE):
        cand[1:] |= cand[:-1].copy()
        cand[:-1] |= cand[1:].copy()
    if fixed is not None:
        cand[fixed] = False
    d = np.diff(np.concatenate(([0], cand.astype(np.int8), [0])))
    starts = np.flatnonzero(d == 1)
    if not len(starts):
        return tags
    lengths = np.flatnonzero(d == -1) - starts
    order = np.argsort(-lengths, kind="stable")
    s0, ln = starts[order], lengths[order]
    longest = int(ln[0])
    # active[i]: the runs still going at step i (length > i), a prefix since the longest come first
    active = np.searchsorted(-ln, -np.arange(longest), side="left").tolist()
    em32 = em.astype(np.float32, copy=False)
    to_o = trans[:, 0]
    final = np.empty(len(s0), dtype=np.int64)  # each run's last tag
    # step i works on the first active[i] runs: their tokens (s0 + i) gathered once, step by step, so a
    # step slices its emissions and writes its tags without an index of its own
    counts = np.asarray(active, dtype=np.int64)
    offs = np.concatenate(([0], np.cumsum(counts))).tolist()
    step_of = np.repeat(np.arange(longest), counts)
    pos = s0[np.arange(offs[-1]) - np.repeat(np.asarray(offs[:-1], dtype=np.int64), counts)] + step_of
    ems = em32[pos]
    ar = np.arange(len(s0) * k)
    back: list[np.ndarray] = [np.zeros((0, k), dtype=np.int64)]  # back[i]: (active[i], k) best previous tags
    # (next, previous): the best previous tag is an argmax over the last, contiguous axis; the sums are
    # the same float32 sums as score[:, :, None] + trans, and argmax keeps the first of equal scores
    trans_t = np.ascontiguousarray(trans.T)
    score = trans[0][None, :] + ems[: offs[1]]
    for i in range(1, longest):
        a, was = active[i], active[i - 1]
        if a < was:  # runs of length i end here: their best last tag, as if an O followed
            final[a:was] = (score[a:was] + to_o[None, :]).argmax(1)
        s = (score[:a, None, :] + trans_t[None]).reshape(a * k, k)
        best = s.argmax(1)
        back.append(best.reshape(a, k))
        score = s[ar[: a * k], best].reshape(a, k) + ems[offs[i] : offs[i] + a]
    last = active[longest - 1]
    final[:last] = (score + to_o[None, :]).argmax(1)
    cur = final
    path = np.empty(offs[-1], dtype=np.int64)  # the tag of each gathered token
    for i in range(longest - 1, 0, -1):
        a = active[i]
        path[offs[i] : offs[i] + a] = cur[:a]
        cur[:a] = back[i][ar[:a], cur[:a]]
    path[: offs[1]] = cur
    tags[pos] = path
    return tags


# --- the model -----------------------------------------------------------------------


class FastModel:
    """Weights (dim, tags) and transitions, with a per-token-string cache of score contributions."""

    def __init__(
        self,
        weights: np.ndarray,
        trans: np.ndarray,
        *,
        margin: float = 2.0,
        manifest: dict[str, Any] | None = None,
        cache_size: int = 500_000,
    ) -> None:
        self.weights = np.asarray(weights, dtype=np.float32)
        self.dim = int(self.weights.shape[0])
        if self.dim & (self.dim - 1) or self.weights.shape[1] != len(TAGS):
            raise ValueError(f"weights must be (power of two, {len(TAGS)}), found {self.weights.shape}")
        trans = np.asarray(trans, dtype=np.float32)
        if trans.shape != (len(TAGS), len(TAGS)):
            raise ValueError(f"transitions must be ({len(TAGS)}, {len(TAGS)}), found {trans.shape}")
        self.trans = np.where(allowed_transitions(), trans, -np.inf).astype(np.float32)
        self.margin = float(margin)
        self.manifest = manifest or {}
        self.cache_size = cache_size
        self._index: dict[str, int] = {}
        self._table = np.zeros((1024, len(OFFSETS), len(TAGS)), dtype=np.float32)

    def _add(self, toks: list[str]) -> None:
        """Cache the score contributions of new token strings (all at once: one numpy pass)."""
        if len(self._index) + len(toks) > self.cache_size:
            self._index.clear()  # bounded memory on endless streams; recomputed on demand
        i = len(self._index)
        need = i + len(toks)
        if need > len(self._table):
            grown = np.zeros((max(need, 2 * len(self._table)), *self._table.shape[1:]), dtype=np.float32)
            grown[:i] = self._table[:i]
            self._table = grown
        for k, (ids, counts) in enumerate(feature_rows(toks, self.dim)):
            rows = np.concatenate(([0], np.cumsum(counts)[:-1]))
            self._table[i:need, k] = np.add.reduceat(self.weights[ids], rows, axis=0)  # no token has none
        self._index.update(zip(toks, range(i, need), strict=True))

    def ids(self, toks: Sequence[str]) -> np.ndarray:
        """The cache rows of ``toks`` (new strings are added first)."""
        try:  # every string already cached (the common case once a corpus is under way): the rows in C
            return np.fromiter(map(self._index.__getitem__, toks), dtype=np.int64, count=len(toks))
        except KeyError:
            pass
        get = self._index.get
        out = [get(t, -1) for t in toks]
        if -1 in out:
            new = list(dict.fromkeys(t for t, i in zip(toks, out, strict=True) if i < 0))
            if len(self._index) + len(new) > self.cache_size:
                self._index.clear()
                new = list(dict.fromkeys(toks))
            self._add(new)
            return np.fromiter(map(self._index.__getitem__, toks), dtype=np.int64, count=len(toks))
        return np.asarray(out, dtype=np.int64)

    def emissions(self, toks: Sequence[str]) -> np.ndarray:
        """(len(toks), tags) scores; ``toks`` should start and end with ``PAD`` boundary tokens."""
        ids = self.ids(toks)
        n = len(toks) - 2 * PAD
        table = self._table
        em = table[ids[0:n], 0].copy()
        for k in range(1, len(OFFSETS)):
            em += table[ids[k : k + n], k]
        return em

    def tag_many(self, docs: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """Tag ids for each token list, all scored and decoded in one pass (texts kept apart by boundaries)."""
        seq: list[str] = [BOUNDARY] * PAD
        where = []
        gaps: list[int] = []
        for toks in docs:
            where.append(len(seq) - PAD)
            seq.extend(toks)
            gaps.extend(range(len(seq) - PAD, len(seq)))
            seq.extend([BOUNDARY] * PAD)
        em = self.emissions(seq)
        # the boundaries between texts are O, so each text is decoded on its own
        tags = decode(em, self.trans, self.margin, np.asarray(gaps[:-PAD], dtype=np.int64))
        return [tags[a : a + len(toks)] for a, toks in zip(where, docs, strict=True)]


@lru_cache(maxsize=4)
def load_fast_model(path: str | Path | None = None) -> FastModel:
    """The fast tagger at ``path`` (default: the shipped one): manifest.json + weights.npz, no pickle."""
    p = Path(path) if path is not None else FAST_MODEL_PATH
    mpath, wpath = p / "manifest.json", p / "weights.npz"
    if not mpath.is_file() or not wpath.is_file():
        raise SourceError(f"{p}: no fast tagger here (expected manifest.json and weights.npz)")
    try:
        manifest = json.loads(mpath.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise SourceError(f"{mpath}: unreadable manifest ({e})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ModelError(f"{mpath}: not a fast tagger manifest (expected format '{FORMAT}')")
    if manifest.get("feature_version") != FEATURE_VERSION or list(manifest.get("tags", [])) != list(TAGS):
        raise ModelError(
            f"{mpath}: made for feature version {manifest.get('feature_version')} and tags "
            f"{manifest.get('tags')}; this simulacra reads version {FEATURE_VERSION}, tags {list(TAGS)}"
        )
    try:
        with np.load(wpath, allow_pickle=False) as z:
            weights, trans = z["weights"], z["transitions"]
    except (OSError, ValueError, KeyError) as e:
        raise ModelError(f"{wpath}: unreadable weights ({e})") from None
    try:
        return FastModel(weights, trans, margin=float(manifest.get("margin", 2.0)), manifest=manifest)
    except ValueError as e:
        raise ModelError(f"{wpath}: {e}") from None


def spans_from_tags(tags: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> list[tuple[int, int, str]]:
    """(start, end, label) of each B-X I-X* run (only the tagged tokens are visited)."""
    out: list[tuple[int, int, str]] = []
    cur: list[Any] | None = None
    last = -2
    hits = np.flatnonzero(tags)
    for i, t, a, b in zip(hits.tolist(), tags[hits].tolist(), starts[hits].tolist(), ends[hits].tolist(), strict=True):
        name = TAGS[t]
        if name[0] == "I" and cur is not None and last == i - 1 and cur[2] == name[2:]:
            cur[1] = b
            last = i
            continue
        if cur is not None:
            out.append((cur[0], cur[1], cur[2]))
            cur = None
        if name[0] == "B":
            cur = [a, b, name[2:]]
            last = i
    if cur is not None:
        out.append((cur[0], cur[1], cur[2]))
    return out


class FastNerRecognizer:
    """PERSON, ORGANIZATION and LOCATION spans from the fast tagger, tidied by the same span rules."""

    name = "ner"
    labels = NER_LABELS

    def __init__(self, path: str | Path | None = None, *, score: float = 0.6, harmony: bool = True) -> None:
        self.model = load_fast_model(path)
        self.score = score
        self.harmony = harmony

    def raw_many(self, texts: Sequence[str]) -> list[list[tuple[int, int, str]]]:
        """The tagger's (start, end, label) spans of each text, before the span rules."""
        tokenized = [tokenize(t) for t in texts]
        tags = self.model.tag_many([toks for toks, _, _ in tokenized])
        return [spans_from_tags(tg, st, en) for tg, (_, st, en) in zip(tags, tokenized, strict=True)]

    def find(self, text: str) -> list[Span]:
        return self.find_many([text])[0]

    def find_many(self, texts: Sequence[str]) -> list[list[Span]]:
        out: list[list[Span]] = []
        for t, raw in zip(texts, self.raw_many(texts), strict=True):
            spans: list[Span] = []
            for a, b, label in raw:
                spans.extend(clean_span(t, a, b, label, self.score, "ner"))
            out.append(harmonise(t, spans) if self.harmony else spans)
        return out
