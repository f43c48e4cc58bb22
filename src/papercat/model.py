"""The records the pipeline passes around: an Entry read from a dump, and a Paper kept in the catalogue."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


class Source(NamedTuple):
    """Where an entry came from: the dump's file name and the 1-based line of its title.

    A named tuple, not a dataclass: sources are hashed and compared by the hundred thousand.
    """

    dump: str
    line: int

    @property
    def key(self) -> str:
        """`dump:line`, the form the dedupe scorer and messages use."""
        return f"{self.dump}:{self.line}"


@dataclass(frozen=True)
class Entry:
    """One listing on a copied search page, as parsed; nothing here is trusted text."""

    source: Source
    title: str
    abstract: str
    truncated: bool = False
    """The abstract ended with an ellipsis or was cut off: a longer copy may replace it."""
    authors_count: int | None = None
    published: str | None = None
    """ISO date `YYYY-MM-DD` when the year was given, else the text as shown (`Oct 24`)."""
    upvotes: int | None = None
    code: tuple[str, ...] = ()


@dataclass
class Paper:
    """One paper file in `catalogue/papers/`; people edit these, so ingest only ever adds to them."""

    id: str
    title: str
    abstract: str = ""
    published: str | None = None
    authors_count: int | None = None
    upvotes: int | None = None
    code: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    notes: str = ""
    sources: list[Source] = field(default_factory=list)
    distinct_from: list[str] = field(default_factory=list)
    """Ids of papers a person decided are different: never merged, never listed by `dupes`."""
    same_as: list[str] = field(default_factory=list)
    """Ids of paper files a person decided are this paper: their listings count as this paper's."""
    retired: str = ""
    """Why a person removed the paper from the site; empty for a live paper. The file stays, so its
    sources keep claiming their listings and ingest never creates the paper again."""


PAPER_KEYS = (
    "id",
    "title",
    "abstract",
    "published",
    "authors_count",
    "upvotes",
    "code",
    "tags",
    "notes",
    "sources",
    "distinct_from",
    "same_as",
    "retired",
)
"""The fixed key order of a paper file (`retired` is written only when set)."""

RESERVED_IDS = frozenset({"index"})
"""Ids no paper, tag or topic may take: `papers/`, `tags/` and `topics/` each hold a page per id, and
`<folder>/index.md` is the folder's own page (the tag and topic lists; MkDocs makes any `index.md`
the folder's page, so a paper called `index` would take over `papers/`)."""
