"""`papercat dupes`: pairs of papers that look alike but were kept apart, for a person to decide.

The report names each pair so it can be decided without opening the files: both titles, dates and
sources, where the abstracts part, and the exact lines to paste into a paper file either way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from ..blocking import CLOSE_TITLE, close_pairs, document_frequencies
from ..catalogue import load_catalogue
from ..dedupe import Fingerprint
from ..errors import CatalogueError
from ..files import Layout, shown_name
from ..markup import plain
from ..model import Paper
from ..text import fold

SHOWN = 72
"""Titles and sentences are cut to this many characters: a line each on a terminal."""

LEGEND = (
    f"score: how alike two papers are, 0-100: the higher of their titles' similarity and their abstracts' "
    f"(100 minus the % of words edited to turn one into the other); pairs from {CLOSE_TITLE:.0f} up, most alike first"
)


def run_dupes(layout: Layout) -> tuple[list[tuple[float, str, str]], dict[str, Paper]]:
    """Pairs of papers that look alike but were kept apart, most similar first, and the papers by id."""
    loaded = load_catalogue(layout)
    if loaded.problems:
        raise CatalogueError(f"{len(loaded.problems)} paper files cannot be read", hint="run `papercat check`")
    items = [(p.id, Fingerprint.of(p.title, p.abstract)) for p in loaded.papers.values()]
    skip = set()
    for p in loaded.papers.values():
        for other in p.distinct_from + p.same_as:
            skip.add(frozenset((p.id, other)))
    return close_pairs(items, document_frequencies(fp for _, fp in items), skip), loaded.papers


def report_lines(
    pairs: list[tuple[float, str, str]], papers: dict[str, Paper], layout: Layout, limit: int
) -> Iterator[str]:
    """The report: a legend, then each pair (at most `limit`) with what to paste; untrusted text as one plain line."""

    def dump(name: str) -> str:
        return layout.rel(layout.dumps / shown_name(name))

    def paper_file(pid: str) -> str:
        return layout.rel(layout.papers / f"{pid}.yaml")

    yield LEGEND
    for n, (score, a, b) in enumerate(pairs[:limit], 1):
        first, second = papers[a], papers[b]
        yield ""
        yield f"{n}. score {score:.1f}: {a} and {b}"
        for mark, paper in (("A", first), ("B", second)):
            yield f"   {mark}: {_cut(paper.title)}"
            yield f"      {paper.published or 'no date'} · {_sources(paper, dump)}"
        yield from _abstracts(first, second)
        yield from _paste(f"   different papers? in {paper_file(a)}", "distinct_from", first.distinct_from, b)
        yield from _paste(f"   the same paper? keep A, hide B: in {paper_file(a)}", "same_as", first.same_as, b)
    yield ""
    shown = f"{min(limit, len(pairs))} of {len(pairs)}" if len(pairs) > limit else f"{len(pairs)}"
    yield f"{shown} close pairs left apart; each decision in a paper file keeps the pair off this list."


def _cut(text: str) -> str:
    line = plain(text)
    return line if len(line) <= SHOWN else line[: SHOWN - 1] + "…"


def _sources(paper: Paper, dump: Callable[[str], str]) -> str:
    shown = [f"{dump(s.dump)}:{s.line}" for s in paper.sources[:2]]
    more = f" and {len(paper.sources) - 2} more" if len(paper.sources) > 2 else ""
    return (", ".join(shown) or "no source") + more


_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _abstracts(first: Paper, second: Paper) -> Iterator[str]:
    """How much of the abstracts' words they share, and the first sentence where they part."""
    words_a, words_b = set(fold(first.abstract).split()), set(fold(second.abstract).split())
    if not words_a or not words_b:
        yield "   abstracts: " + ("both empty" if words_a == words_b else "one is empty")
        return
    shared = round(100 * len(words_a & words_b) / len(words_a | words_b))
    sentences_a, sentences_b = _SENTENCE.split(plain(first.abstract)), _SENTENCE.split(plain(second.abstract))
    for x, y in zip(sentences_a, sentences_b, strict=False):
        if fold(x) != fold(y):
            yield f"   abstracts: {shared}% of their words shared; they part at"
            yield f"      A: {_cut(x)}"
            yield f"      B: {_cut(y)}"
            return
    same = "the same" if len(sentences_a) == len(sentences_b) else "the same, but one is cut short"
    yield f"   abstracts: {shared}% of their words shared; {same}"


def _paste(where: str, key: str, items: list[str], other: str) -> Iterator[str]:
    """The lines that add `other` to a list key, in canonical form (the key, then one `- id` per line)."""
    now = f"`{key}: []`" if not items else f"`{key}:` and its {len(items)} lines"
    yield f"{where}, replace {now} with:"
    yield f"      {key}:"
    for item in [*items, other]:
        yield f"      - {item}"
