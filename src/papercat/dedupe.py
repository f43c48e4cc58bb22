"""Decide which entries are the same paper.

Two listings are the same paper when their titles are compatible (equal after folding case,
punctuation, Unicode form and spacing; one typo apart; or one is the other with its subtitle dropped)
*and* their abstracts are the same text up to truncation, re-wrapping and a light edit (a few words).
Same title with a clearly different abstract (a journal version, a name clash) stays apart.

Candidates come from `blocking` (rare title words and abstract openings), so the cost grows with the
number of entries, not with its square. Pure functions: no file is read here.
"""

from __future__ import annotations

import re

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
HEAD_WORDS = 16
"""Words of the folded abstract kept for blocking."""

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
