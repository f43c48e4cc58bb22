"""Decide which entries are the same paper.

Two listings are the same paper when their titles are compatible (equal after folding case,
punctuation, Unicode form and spacing; one typo apart; or one is the other with its subtitle dropped)
*and* their abstracts are the same text up to truncation, re-wrapping and a light edit (a few words).
Same title with a clearly different abstract (a journal version, a name clash) stays apart.

Candidates come from blocking (rare title words and abstract openings), so the cost grows with the
number of entries, not with its square. Pure functions: no file is read here.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.distance import DamerauLevenshtein, Levenshtein

from .text import fold

TITLE_RATIO = 90.0
"""fuzz.ratio of folded titles at or above which titles count as the same (typos, small variants)."""
ABSTRACT_EDIT_SHARE = 0.06
"""At most this share of words may differ between two copies of one abstract (a light edit)."""
ABSTRACT_EDIT_MIN = 2
"""...but two differing words are always allowed, for short abstracts."""
MIN_ABSTRACT_WORDS = 12
"""Fewer words than this are too little evidence: then titles must match exactly."""
BLOCK_TOKENS = 3
"""How many of a title's rarest words make the pair keys used for blocking."""
MAX_BLOCK = 100
"""A block larger than this (a very common word) is not used to find candidates."""
HEAD_WORDS = 16
"""Words of the folded abstract kept for blocking."""
CLOSE_TITLE = 85.0
"""Pairs left apart whose titles are at least this alike are shown by `papercat dupes`."""

_ELLIPSIS = re.compile(r"(\.\.\.|…)\s*$")
_SUBTITLE = re.compile(r"\s*(?::|\s[-–—]\s|\s[-–—]|[-–—]\s)\s*")


class Fingerprint:
    """What comparison needs of one listing: folded title, its main part, and folded abstract.

    The folded abstract (and its word list) is made only when a candidate pair is compared; blocking
    needs only `head`, its first 16 words. `raw` is the abstract as written, folded on demand.
    """

    __slots__ = ("title", "main", "head", "truncated", "_raw", "_abstract", "_words")

    def __init__(self, title: str, main: str, head: str, truncated: bool, raw: str = "", abstract: str | None = None):
        self.title = title
        self.main = main
        self.head = head
        self.truncated = truncated
        self._raw = raw
        self._abstract = abstract
        self._words: tuple[str, ...] | None = None

    @property
    def abstract(self) -> str:
        if self._abstract is None:
            self._abstract = fold(_ELLIPSIS.sub("", self._raw))
        return self._abstract

    @property
    def words(self) -> tuple[str, ...]:
        if self._words is None:
            self._words = tuple(self.abstract.split())
        return self._words

    @property
    def key(self) -> tuple[str, str, bool, str]:
        return (self.title, self.head, self.truncated, self._raw if self._abstract is None else self._abstract)

    @classmethod
    def of(cls, title: str, abstract: str) -> Fingerprint:
        """Fold the title now; of the abstract only its opening, the rest when it is compared."""
        truncated = abstract.rstrip().endswith(("...", "…"))
        parts = _SUBTITLE.split(title.strip(), maxsplit=1)
        main = fold(parts[0]) if len(parts) > 1 else ""
        # folding is local, so the first 16 words of a long enough prefix are those of the whole
        opening = fold(abstract[:400]).split(" ")
        if len(opening) < HEAD_WORDS + 2:
            return cls(fold(title), main, "", truncated, abstract, None)._with_head()
        return cls(fold(title), main, " ".join(opening[:HEAD_WORDS]), truncated, abstract, None)

    def _with_head(self) -> Fingerprint:
        self.head = " ".join(self.abstract.split(" ", HEAD_WORDS)[:HEAD_WORDS]) if self.abstract else ""
        return self

    def to_row(self) -> tuple[str, str, str, bool]:
        """The cached form; the raw abstract is stored beside it by the caller."""
        return (self.title, self.main, self.head, self.truncated)

    @classmethod
    def from_row(cls, row: tuple, raw: str) -> Fingerprint:
        return cls(*row, raw=raw)


def titles_compatible(a: Fingerprint, b: Fingerprint) -> bool:
    """Same title up to folding and a typo, or one is the other without its subtitle.

    A title that folds to nothing (symbols only) is compatible with no title, not even its twin.
    """
    if not a.title or not b.title:
        return False
    if a.title == b.title:
        return True
    if (a.main and a.main == b.title) or (b.main and b.main == a.title):
        return True
    if fuzz.ratio(a.title, b.title, score_cutoff=TITLE_RATIO):
        return True
    # a one-letter typo in a short title costs more ratio than it is worth
    return abs(len(a.title) - len(b.title)) <= 1 and DamerauLevenshtein.distance(a.title, b.title, score_cutoff=1) <= 1


def abstract_distance(a: Fingerprint, b: Fingerprint) -> tuple[int, int] | None:
    """Word edits between two abstracts over their common length, and that length; None if too short.

    A truncated copy is compared with the same number of words of the longer one (allowing the cut
    to fall one or two words off, since an edit may add or drop a word before it).
    """
    short, long_ = (a.words, b.words) if len(a.words) <= len(b.words) else (b.words, a.words)
    n = len(short)
    if n < MIN_ABSTRACT_WORDS:
        return None
    if len(long_) - n <= 2:
        return Levenshtein.distance(short, long_), n
    best = min(Levenshtein.distance(short, long_[: n + k]) for k in (-2, -1, 0, 1, 2))
    return best, n


def _light_edit(dist: tuple[int, int], a: Fingerprint, b: Fingerprint) -> bool:
    d, n = dist
    # a cut-off last word is one edit that a light edit must not be charged for
    allowance = max(ABSTRACT_EDIT_MIN, ABSTRACT_EDIT_SHARE * n) + (1 if a.truncated or b.truncated else 0)
    return d <= allowance


def same_abstract(a: Fingerprint, b: Fingerprint) -> bool | None:
    """True/False when both abstracts are long enough to tell, None when they are not."""
    dist = abstract_distance(a, b)
    return None if dist is None else _light_edit(dist, a, b)


def match_score(a: Fingerprint, b: Fingerprint) -> float | None:
    """A score (higher is closer) when a and b are the same paper, else None."""
    if not titles_compatible(a, b):
        return None
    dist = abstract_distance(a, b)  # the costly step: once per pair
    if dist is not None and not _light_edit(dist, a, b):
        return None
    if dist is None and a.title != b.title:
        return None
    abstract_part = 1.0 - dist[0] / dist[1] if dist else 0.0
    return abstract_part * 100.0 + fuzz.ratio(a.title, b.title) / 100.0


def block_keys(fp: Fingerprint, token_df: dict[str, int]) -> Iterator[tuple[str, str]]:
    """Blocking keys: pairs of the title's rarest words, its main title, and two windows of abstract words.

    Pairs from the three rarest words: a typo changes one word and leaves one pair intact, while a
    pair is far more selective than a single word, so blocks stay small as the catalogue grows.
    """
    tokens = sorted(set(fp.title.split()), key=lambda t: (token_df.get(t, 0), t))[:BLOCK_TOKENS]
    if len(tokens) == 1:
        yield ("t", tokens[0])
    for i, first in enumerate(tokens):
        for second in tokens[i + 1 :]:
            yield ("p", " ".join(sorted((first, second))))
    yield from _other_keys(fp)


def _other_keys(fp: Fingerprint) -> Iterator[tuple[str, str]]:
    if fp.main or fp.title:  # an empty fold would put every symbol-only title in one block
        yield ("m", fp.main or fp.title)
    opening = fp.head.split(" ") if fp.head else []
    if len(opening) >= 8:
        yield ("a", " ".join(opening[:8]))
    if len(opening) >= 16:
        yield ("b", " ".join(opening[8:16]))


def all_keys(fp: Fingerprint, only: set[str] | None = None) -> Iterator[tuple[str, str]]:
    """Every key the fingerprint could be asked for, whatever the word frequencies: for a partial index.

    `only` limits title words to those some wanted key uses, so a long title does not make all its pairs.
    """
    tokens = sorted(t for t in set(fp.title.split()) if only is None or t in only)
    if len(tokens) == 1:
        yield ("t", tokens[0])
    for i, first in enumerate(tokens):
        for second in tokens[i + 1 :]:
            yield ("p", f"{first} {second}")
    yield from _other_keys(fp)


@dataclass
class Cluster:
    """A paper being formed or extended: its id (None until created) and its listings' fingerprints."""

    key: str
    fingerprints: list[Fingerprint] = field(default_factory=list)
    members: list[object] = field(default_factory=list)
    """The new entries assigned to it in this run, in order."""
    seen: set[tuple[str, str]] = field(default_factory=set)


class Index:
    """Incremental blocking index over clusters: add fingerprints, ask for the best matching cluster."""

    def __init__(self, token_df: dict[str, int], wanted: set[tuple[str, str]] | None = None) -> None:
        self.token_df = token_df
        self.blocks: dict[tuple[str, str], list[Cluster]] = defaultdict(list)
        self.clusters: list[Cluster] = []
        self.wanted = wanted
        """When set, only these keys are indexed: the keys the entries still to be placed will ask for."""
        self.wanted_tokens = {t for kind, v in wanted or () if kind in "tp" for t in v.split(" ")}
        self.wanted_other = {v for kind, v in wanted or () if kind not in "tp"}

    def wants(self, fp: Fingerprint) -> bool:
        """Whether any entry still to be placed could ask for this fingerprint (always, for a full index)."""
        if self.wanted is None:
            return True
        if not self.wanted_tokens.isdisjoint(fp.title.split(" ")):
            return True
        if (fp.main or fp.title) in self.wanted_other:
            return True
        head = fp.head.split(" ")
        return " ".join(head[:8]) in self.wanted_other or " ".join(head[8:16]) in self.wanted_other

    def add(self, cluster: Cluster, fp: Fingerprint) -> None:
        if not cluster.fingerprints:
            self.clusters.append(cluster)
        if fp.key in cluster.seen:
            return
        cluster.seen.add(fp.key)
        cluster.fingerprints.append(fp)
        keys = all_keys(fp, self.wanted_tokens) if self.wanted is not None else block_keys(fp, self.token_df)
        for key in keys:
            if self.wanted is not None and key not in self.wanted:
                continue
            block = self.blocks[key]
            if not block or block[-1] is not cluster:
                block.append(cluster)

    def candidates(self, fp: Fingerprint) -> list[Cluster]:
        seen: dict[int, Cluster] = {}
        for key in block_keys(fp, self.token_df):
            block = self.blocks.get(key, ())
            if len(block) > MAX_BLOCK:
                continue
            for cluster in block:
                seen.setdefault(id(cluster), cluster)
        return list(seen.values())

    def best_match(self, fp: Fingerprint, exclude: Iterable[str] = ()) -> Cluster | None:
        excluded = set(exclude)
        best: tuple[float, Cluster] | None = None
        for cluster in self.candidates(fp):
            if cluster.key in excluded:
                continue
            scores = [s for other in cluster.fingerprints if (s := match_score(fp, other)) is not None]
            if scores and (best is None or max(scores) > best[0]):
                best = (max(scores), cluster)
        return best[1] if best else None


def document_frequencies(fingerprints: Iterable[Fingerprint]) -> dict[str, int]:
    """How many titles each folded word occurs in: rare words make good blocking keys."""
    df: dict[str, int] = defaultdict(int)
    for fp in fingerprints:
        for tok in set(fp.title.split()):
            df[tok] += 1
    return dict(df)


def close_pairs(
    items: list[tuple[str, Fingerprint]], token_df: dict[str, int], skip: set[frozenset[str]]
) -> list[tuple[float, str, str]]:
    """Pairs of distinct papers that look alike but were not merged, most similar first."""
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, (_, fp) in enumerate(items):
        for key in block_keys(fp, token_df):
            blocks[key].append(i)
    pairs: dict[tuple[int, int], float] = {}
    for members in blocks.values():
        if len(members) > MAX_BLOCK:
            continue
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                i, j = members[x], members[y]
                if (i, j) in pairs or items[i][0] == items[j][0]:
                    continue
                a, b = items[i][1], items[j][1]
                score = 0.0
                if a.title and b.title:  # two empty folds are not alike titles
                    score = max(fuzz.ratio(a.title, b.title), fuzz.token_set_ratio(a.title, b.title) - 5)
                dist = abstract_distance(a, b)
                if dist:
                    score = max(score, 100.0 * (1 - dist[0] / dist[1]))
                pairs[(i, j)] = score
    out = []
    for (i, j), score in pairs.items():
        ids = frozenset((items[i][0], items[j][0]))
        if score >= CLOSE_TITLE and ids not in skip:
            out.append((round(score, 1), *sorted(ids)))
    return sorted(set(out), key=lambda p: (-p[0], p[1], p[2]))
