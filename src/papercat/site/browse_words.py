"""Browse's words index: each word of a paper's title, abstract, authors and notes, as posting lists
in chunks of alphabetically sorted words, so a word (or a word being typed) reads one or a few files.

Why browse does not ask Pagefind: Pagefind's first query loads its metadata over every page, and
browse's sorts need Pagefind sort data over every page too: a words view fetched 2,698 kB at 100,000
papers (bench/bench_search.py). Here a view fetches `words.json` (the first word of each chunk) and
the chunks its words fall in (laid out by browse_index.word_chunks); the count is exact and combines
with the other filters in the browser.

Words are runs of letters and digits after lower-casing and stripping accents; a plural folds to its
singular (`fold`), and a hyphenated word is also indexed joined ("pre-training" is found by
"pretraining"). assets/browse.js does the same to the words typed: every word must be found, and the
last one, from PREFIX letters, also matches longer words ("normaliz" finds "normalization").
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from functools import lru_cache

from ..model import Paper

WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
"""A word, hyphenated parts together (applied to `normalize`d text)."""
PREFIX = 4
"""The last word typed matches longer words from this many letters on (shorter: whole words only)."""


def normalize(text: str) -> str:
    """Lower case without accents; assets/browse.js does the same (toLowerCase, NFKD, drop marks)."""
    if text.isascii():
        return text.lower()  # the usual case, and 20 times faster than the decomposition
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


@lru_cache(maxsize=1 << 18)
def fold(word: str) -> str:
    """A plural's singular, roughly: "networks" -> "network", "studies" -> "study"; "loss" stays."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> set[str]:
    """The index words of a text: folded parts of every word, and hyphenated words joined."""
    found = set()
    for token in set(WORD.findall(normalize(text))):  # each distinct word once: 3 times faster
        if "-" in token:
            parts = token.split("-")
            found.update(map(fold, parts))
            found.add(fold("".join(parts)))
        else:
            found.add(fold(token))
    return found


def paper_words(paper: Paper) -> tuple[set[str], set[str]]:
    """(every word of the paper, the words of its title): the title's rank first by relevance."""
    title = words(paper.title)
    rest = words(" ".join([paper.abstract, paper.notes, *paper.authors]))
    return title | rest, title


def postings(newest: list[Paper]) -> tuple[dict[str, array], dict[str, array]]:
    """(each word's papers, each word's papers with it in the title), as positions in `newest`, ascending."""
    every: dict[str, array] = {}
    titled: dict[str, array] = {}
    for i, paper in enumerate(newest):
        all_words, title = paper_words(paper)
        for w in all_words:
            every.setdefault(w, array("i")).append(i)
        for w in title:
            titled.setdefault(w, array("i")).append(i)
    return every, titled
