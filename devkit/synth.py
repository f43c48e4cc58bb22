"""Synthetic dumps for benchmarks: realistic lengths, ~15% duplicates carrying the copy variations.

Deterministic for a given seed. Titles are 6-14 words from a Zipf-like vocabulary, abstracts about
1.3 kB; duplicates change case, punctuation, spacing, an entity, one letter, drop a subtitle, cut
the abstract with an ellipsis, re-wrap it or edit a word or two.
"""

from __future__ import annotations

import random
import string
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    words = set()
    while len(words) < size:
        n = rng.choice([4, 5, 6, 7, 8, 9, 10, 11])
        words.add("".join(rng.choice(string.ascii_lowercase) for _ in range(n)))
    return sorted(words)


@dataclass
class Synth:
    """A generator of synthetic papers and their copies."""

    seed: int = 0
    vocab_size: int = 20000

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.vocab = _vocabulary(self.rng, self.vocab_size)
        weights = [1 / (i + 1) ** 0.9 for i in range(len(self.vocab))]
        self.cum = list(__import__("itertools").accumulate(weights))

    def words(self, n: int) -> list[str]:
        return self.rng.choices(self.vocab, cum_weights=self.cum, k=n)

    def paper(self) -> tuple[str, str]:
        title_words = self.words(self.rng.randint(6, 14))
        title = " ".join(w.capitalize() if self.rng.random() < 0.7 else w for w in title_words)
        if self.rng.random() < 0.3:
            title = title_words[0].upper()[:6] + ": " + title
        sentences = []
        length = 0
        while length < 1250:
            s = " ".join(self.words(self.rng.randint(12, 28))).capitalize() + "."
            sentences.append(s)
            length += len(s) + 1
        return title, " ".join(sentences)

    def variant(self, title: str, abstract: str) -> tuple[str, str]:
        rng = self.rng
        kind = rng.choice(["case", "punct", "space", "entity", "typo", "subtitle", "none"])
        if kind == "case":
            title = title.upper() if rng.random() < 0.5 else title.lower()
        elif kind == "punct":
            title = title + rng.choice([".", "!", "?"])
        elif kind == "space":
            title = "  " + title.replace(" ", "  ", 2) + " \t"
        elif kind == "entity":
            title = title.replace(" ", " &amp; ", 1) if " " in title else title
            title = title.replace("&amp;", "&#38;") if rng.random() < 0.5 else title
        elif kind == "typo":
            i = rng.randrange(1, max(2, len(title) - 1))
            title = title[:i] + rng.choice(string.ascii_lowercase) + title[i + 1 :]
        elif kind == "subtitle" and ": " in title:
            title = title.split(": ", 1)[0]
        akind = rng.choice(["same", "cut", "wrap", "edit"])
        if akind == "cut":
            abstract = abstract[: rng.randint(300, 900)].rsplit(" ", 1)[0] + "..."
        elif akind == "wrap":
            abstract = "\n".join(textwrap.wrap(abstract, 78))
        elif akind == "edit":
            words = abstract.split(" ")
            for _ in range(2):
                words[rng.randrange(len(words))] = rng.choice(["novel", "the", "our", "a"])
            abstract = " ".join(words)
        return title, abstract

    def entries(self, n: int, dup_rate: float = 0.15) -> Iterator[tuple[str, str, str]]:
        """(title, abstract, meta block) for n entries, about dup_rate of them copies of earlier ones."""
        made: list[tuple[str, str]] = []
        for _ in range(n):
            if made and self.rng.random() < dup_rate:
                title, abstract = self.variant(*self.rng.choice(made))
            else:
                title, abstract = self.paper()
                made.append((title, abstract))
            meta = ""
            if self.rng.random() < 0.4:
                year = self.rng.randint(2015, 2025)
                day = f"{self.rng.choice(MONTHS)} {self.rng.randint(1, 28)}, {year}"
                up = f" {self.rng.randint(1, 90)}" if self.rng.random() < 0.5 else ""
                meta = f"  \u2022 {self.rng.randint(1, 12)} authors\n\u00b7\n{day}{up}\n\n"
            yield title, abstract, meta


HEADER = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nbyAK and the research community\n\nMar 11\n\n"


def dump_text(entries: list[tuple[str, str, str]]) -> str:
    """A blank-line layout dump of the given entries."""
    return HEADER + "".join(f"{t}\n\n{a}\n\n{m}" for t, a, m in entries)
