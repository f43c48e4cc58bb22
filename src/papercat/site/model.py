"""The site model: the published papers indexed by tag and topic, and the orders pages list them in.

Pure; the page renderers read it. Untrusted text is not touched here.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..model import Paper
from ..text import fold
from ..vocabulary import TagVocabulary, Topic


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
    """Sort key on the publication date: full dates by date, month-day dates and unknown ones after."""
    d = paper.published or ""
    return (2, d) if d[:1].isdigit() else (1, d) if d else (0, "")


def sort_newest(papers: Iterable[Paper]) -> list[Paper]:
    """Newest first; papers without a full date after, then by title."""
    by_title = sorted(papers, key=lambda p: (p.title.casefold(), p.id))
    return sorted(by_title, key=date_key, reverse=True)


def year_of(paper: Paper) -> int | None:
    return int(paper.published[:4]) if paper.published and paper.published[:1].isdigit() else None


def added_order(paper: Paper) -> tuple:
    """When a paper first appeared: its earliest source (dumps are named in the order they came)."""
    first = min(paper.sources) if paper.sources else ("", 0)
    return (first[0], first[1], paper.id)


UNDATED = "undated"
"""Pagefind's year filter value for papers with no known year (browse can include or hide them)."""


def sort_date(paper: Paper) -> str:
    """Pagefind's date sort key, yyyymmdd; a month-day date sorts as year 0, an unknown one as 0.

    Every paper needs a key: Pagefind leaves pages without one out of sorted results.
    """
    d = paper.published or ""
    if d[:1].isdigit():
        return d.replace("-", "")
    if d:
        month, day = d.split()
        return f"0000{list(calendar.month_abbr).index(month):02d}{int(day):02d}"
    return "00000000"


def title_key(paper: Paper) -> str:
    """The title sort key, folded to lowercase words: no comma or colon, which Pagefind's attribute
    syntax would split on."""
    return fold(paper.title) or paper.id
