"""The records the pipeline passes around: an Entry read from a dump, and a Paper kept in the catalogue."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, NamedTuple


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


def _field(kind: str, optional: bool = False, **kwargs: Any) -> Any:
    return field(metadata={"kind": kind, "optional": optional}, **kwargs)


@dataclass
class Paper:
    """One paper file in `catalogue/papers/`; people edit these, so ingest only ever adds to them.

    The one declaration of a paper's fields: their order is the file's key order, and each field's
    kind says how it is written and read (`FieldSpec`). The file format, the cache rows and the pull
    request summary all derive from it, and a test holds the JSON Schema's properties equal to it.
    """

    id: str = _field("line")
    title: str = _field("line")
    authors: list[str] = _field("strings", optional=True, default_factory=list)
    """Author names as a person typed them (the dumps carry only a count); for the page and the citation."""
    abstract: str = _field("text", default="")
    published: str | None = _field("value", default=None)
    """ISO date `YYYY-MM-DD` when the year is known, else the month and day as shown (`Oct 24`)."""
    year: int | None = _field("value", optional=True, default=None)
    """The year of publication when a person knows it and `published` does not say (`Oct 24`)."""
    venue: str = _field("short", optional=True, default="")
    """Where the paper appeared (`NeurIPS 2017`), as a person typed it."""
    arxiv: str = _field("short", optional=True, default="")
    """The arXiv identifier (`1706.03762`, `hep-th/9901001`, with or without `v2`)."""
    url: str = _field("short", optional=True, default="")
    """The paper's canonical address (publisher or proceedings page), when it is not on arXiv."""
    authors_count: int | None = _field("value", default=None)
    upvotes: int | None = _field("value", default=None)
    added: str | None = _field("value", optional=True, default=None)
    """ISO date the paper entered the catalogue: written once by the ingest that created its file."""
    code: list[str] = _field("strings", default_factory=list)
    tags: list[str] = _field("strings", default_factory=list)
    notes: str = _field("text", default="")
    sources: list[Source] = _field("sources", default_factory=list)
    distinct_from: list[str] = _field("strings", default_factory=list)
    """Ids of papers a person decided are different: never merged, never listed by `dupes`."""
    same_as: list[str] = _field("strings", default_factory=list)
    """Ids of paper files a person decided are this paper: their listings count as this paper's."""
    retired: str = _field("text", optional=True, default="")
    """Why a person removed the paper from the site; empty for a live paper. The file stays, so its
    sources keep claiming their listings and ingest never creates the paper again."""


class FieldSpec(NamedTuple):
    """One field of a paper as files and caches see it."""

    name: str
    kind: str
    """`line` (a required one-line string), `short` (an optional one-line string, '' when empty), `text`
    (free text, '' when empty), `value` (a date or a count, null when unknown), `strings` (a list of ids
    or URLs) or `sources` (dump and line pairs)."""
    optional: bool
    """Written only when set, so the files of papers without it stay as they were."""


PAPER_FIELDS = tuple(FieldSpec(f.name, f.metadata["kind"], f.metadata["optional"]) for f in fields(Paper))
"""The paper's fields in the file's key order."""

PAPER_KEYS = tuple(f.name for f in PAPER_FIELDS)
"""The fixed key order of a paper file (optional fields are written only when set)."""


RESERVED_IDS = frozenset({"index"})
"""Ids no paper, tag or topic may take: `papers/`, `tags/` and `topics/` each hold a page per id, and
`<folder>/index.md` is the folder's own page (the tag and topic lists; MkDocs makes any `index.md`
the folder's page, so a paper called `index` would take over `papers/`)."""
