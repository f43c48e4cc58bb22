"""Blocking: which papers could be the same as an entry, without comparing every pair.

Candidates share a rare title word or an abstract opening (`block_keys`); an `Index` keeps the keys of
every paper met so far, and `best_match` scores only the candidates with the same-paper rules of
`dedupe`. `close_pairs` lists the pairs that come close without being merged, for `papercat dupes`.
Pure: no file is read here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from .dedupe import Fingerprint, abstract_distance, match_score

BLOCK_TOKENS = 3
"""How many of a title's rarest words make the pair keys used for blocking."""
MAX_BLOCK = 100
"""A block larger than this (a very common word) is not used to find candidates."""
CLOSE_TITLE = 85.0
"""Pairs left apart whose titles are at least this alike are shown by `papercat dupes`."""


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
