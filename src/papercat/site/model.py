"""The site model: the published papers indexed by tag and topic, and the orders pages list them in.

Pure; the page renderers read it. Untrusted text is not touched here.
"""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property

from ..model import Paper
from ..related import Neighbour
from ..text import fold
from ..vocabulary import TagVocabulary, Topic
from .cite import keys


@dataclass
class Site:
    """Everything the pages are made of."""

    papers: list[Paper]
    vocabulary: TagVocabulary
    topics: list[Topic]
    repo_url: str = ""
    branch: str = "main"
    site_name: str = "papercat"
    directory_urls: bool = True
    """MkDocs' use_directory_urls: where pages land, so links in HTML blocks point right."""
    site_url: str = ""
    """mkdocs.yml's site_url, the site's absolute address: feeds need it (and are not made without it)."""
    related: dict[str, list[Neighbour]] = field(default_factory=dict)
    """Related papers by paper id (`relatedcache.cached_related`), among these papers; empty: none listed."""

    def __post_init__(self) -> None:
        self.by_id = {p.id: p for p in self.papers}
        self.by_tag: dict[str, list[Paper]] = defaultdict(list)
        for paper in sort_newest(self.papers):
            for tag in paper.tags:
                self.by_tag[tag].append(paper)
        self.topics_of_tag: dict[str, list[Topic]] = defaultdict(list)
        for topic in self.topics:
            for tag in topic.tags:
                self.topics_of_tag[tag].append(topic)

    def edit_url(self, path: str) -> str:
        return f"{self.repo_url.rstrip('/')}/edit/{self.branch}/{path}" if self.repo_url else ""

    @cached_property
    def same_title(self) -> dict[str, list[Paper]]:
        """Papers by folded title, for titles two or more papers share (one pass; built on first use)."""
        by_title: dict[str, list[Paper]] = defaultdict(list)
        for paper in self.papers:
            if folded := fold(paper.title):  # a title of symbols alone equals no other (as in dedupe)
                by_title[folded].append(paper)
        return {t: ps for t, ps in by_title.items() if len(ps) > 1}

    @cached_property
    def cite_keys(self) -> dict[str, str]:
        """Citation keys by paper id, unique across the site (the ones `papers.bib` uses)."""
        return keys(self.papers)

    def topic_papers(self, topic: Topic) -> list[Paper]:
        seen: dict[str, Paper] = {}
        for tag in topic.tags:
            for paper in self.by_tag.get(tag, []):
                seen.setdefault(paper.id, paper)
        return sort_newest(seen.values())


def visible_papers(papers: Iterable[Paper]) -> list[Paper]:
    """The papers to publish, by id.

    A file named in another's `same_as` is folded into that paper (its sources too); a retired paper
    (its file kept so that its listings stay claimed) is never published, nor folded into another.
    """
    by_id = {p.id: p for p in papers}
    hidden = {other for p in by_id.values() for other in p.same_as if other != p.id and other in by_id}
    shown = []
    for paper in sorted(by_id.values(), key=lambda p: p.id):
        if paper.id in hidden or paper.retired:
            continue
        folded = [by_id[other] for other in paper.same_as if other in hidden]
        extra = [s for other in folded if not other.retired for s in other.sources]
        shown.append(replace(paper, sources=sorted({*paper.sources, *extra})) if extra else paper)
    return shown


def date_key(paper: Paper) -> tuple[int, str]:
    """Sort key on the publication date: full dates by date (a year alone after that year's full dates,
    newest first), then month-day dates without a year, then unknown ones."""
    if d := full_date(paper):
        return (2, d)
    if paper.year:
        return (2, f"{paper.year:04d}")  # "2016" sorts below "2016-01-01"
    d = paper.published or ""
    return (1, d) if d else (0, "")


def sort_newest(papers: Iterable[Paper]) -> list[Paper]:
    """Newest first, by title within a date: a year's papers stay together (a year alone after that year's
    dates), then papers with a month and day but no year, then undated ones. Browse numbers papers in
    this order, so that a year range is a range of numbers."""
    by_title = sorted(papers, key=lambda p: (p.title.casefold(), p.id))
    return sorted(by_title, key=date_key, reverse=True)


MONTHS = list(calendar.month_abbr)
"""Month abbreviations as `published` writes them, at their month numbers (1-12)."""


def full_date(paper: Paper) -> str | None:
    """The ISO publication date: `published` when it has a year, or its month and day in `year`."""
    d = paper.published or ""
    if d[:1].isdigit():
        return d
    if d and paper.year:
        month, day = d.split()
        try:
            return datetime.date(paper.year, MONTHS.index(month), int(day)).isoformat()
        except ValueError:  # Feb 29 in a year that has none: the year alone is known
            return None
    return None


def year_of(paper: Paper) -> int | None:
    """The publication year: from `published`, else the `year` a person gave."""
    d = full_date(paper)
    return int(d[:4]) if d else paper.year


def title_key(paper: Paper) -> str:
    """The title sort key, folded to lowercase words (browse's title order; titles that are the same)."""
    return fold(paper.title) or paper.id
