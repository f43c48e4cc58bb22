"""`papercat dupes`: pairs of papers that look alike but were kept apart, for a person to decide."""

from __future__ import annotations

from ..blocking import close_pairs, document_frequencies
from ..catalogue import load_catalogue
from ..dedupe import Fingerprint
from ..errors import CatalogueError
from ..files import Layout


def run_dupes(layout: Layout) -> list[tuple[float, str, str]]:
    """Pairs of papers that look alike but were kept apart, most similar first."""
    loaded = load_catalogue(layout)
    if loaded.problems:
        raise CatalogueError(f"{len(loaded.problems)} paper files cannot be read", hint="run papercat check")
    items = [(p.id, Fingerprint.of(p.title, p.abstract)) for p in loaded.papers.values()]
    skip = set()
    for p in loaded.papers.values():
        for other in p.distinct_from + p.same_as:
            skip.add(frozenset((p.id, other)))
    return close_pairs(items, document_frequencies(fp for _, fp in items), skip)
