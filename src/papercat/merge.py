"""The merge rules: how several listings of one paper become one record, each a named rule.

Pure. A new paper takes every field from its listings; an existing paper only has its empty fields
filled (`fill_empty`), so what a person wrote is never replaced.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from .model import Entry, Paper
from .text import fold


def _is_mixed_case(title: str) -> bool:
    letters = [c for c in title if c.isalpha()]
    return bool(letters) and not all(c.isupper() for c in letters) and not all(c.islower() for c in letters)


def pick_title(entries: list[Entry]) -> str:
    """The most common title; ties go to mixed case, then to the one whose words the abstracts use."""
    counts = Counter(e.title for e in entries)
    if len(counts) == 1:
        return entries[0].title
    vocabulary = set(" ".join(fold(e.abstract) for e in entries).split())
    order = [e.title for e in entries]

    def score(title: str) -> tuple[int, bool, int, int]:
        known = sum(w in vocabulary for w in fold(title).split())
        return counts[title], _is_mixed_case(title), known, -order.index(title)

    return max(counts, key=score)


def pick_abstract(entries: list[Entry]) -> str:
    """The longest complete abstract wins; if every copy was cut off, the longest cut copy."""
    complete = [e.abstract for e in entries if not e.truncated]
    pool = complete or [e.abstract for e in entries]
    return max(pool, key=lambda a: (len(a), a)) if pool else ""


def pick_published(entries: list[Entry]) -> str | None:
    """A full ISO date beats a month-day without year; the first one seen wins."""
    dates = [e.published for e in entries if e.published]
    iso = [d for d in dates if d[:1].isdigit()]
    return (iso or dates or [None])[0]


def pick_count(values: Iterable[int | None], highest: bool = False) -> int | None:
    """The most common known value (or the highest, for upvotes that only grow)."""
    known = [v for v in values if v is not None]
    if not known:
        return None
    return max(known) if highest else Counter(known).most_common(1)[0][0]


def pick_code(entries: list[Entry]) -> list[str]:
    """Every code link found, in order of first appearance."""
    out: list[str] = []
    for e in entries:
        out.extend(u for u in e.code if u not in out)
    return out


def extends(old: str, new: str) -> bool:
    """True when `new` is a longer copy of `old` (old minus any ellipsis or cut-off last word is its start)."""
    old_words, new_words = fold(old.rstrip(".… ")).split(), fold(new).split()
    if len(new_words) <= len(old_words) or not old_words:
        return False
    return old_words[:-1] == new_words[: len(old_words) - 1] and new_words[len(old_words) - 1].startswith(old_words[-1])


def fill_empty(paper: Paper, entries: list[Entry], ingested_abstracts: set[str]) -> Paper:
    """A copy of paper with empty fields filled from entries; person-edited values are kept."""
    new = replace(paper, code=list(paper.code), sources=list(paper.sources))
    best = pick_abstract(entries)
    if not new.abstract or new.abstract in ingested_abstracts and best and extends(new.abstract, best):
        new.abstract = best
    date = pick_published(entries)
    if new.published is None or (
        date and not new.published[:1].isdigit() and date[:1].isdigit() and _same_month_day(new.published, date)
    ):
        new.published = date or new.published
    if new.authors_count is None:
        new.authors_count = pick_count(e.authors_count for e in entries)
    if new.upvotes is None:
        new.upvotes = pick_count((e.upvotes for e in entries), highest=True)
    if not new.code:
        new.code = pick_code(entries)
    return new


def _same_month_day(text: str, iso: str) -> bool:
    month, day = text.split()
    return f"{list(calendar.month_abbr).index(month):02d}-{int(day):02d}" == iso[5:]
