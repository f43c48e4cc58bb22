"""What a paper file may hold, read from its JSON Schema, and fitting a paper into it: ingest writes nothing else.

The schema is the one source of truth: `check` validates against it, and parse and ingest read their
bounds from it here, so tightening a limit in the schema tightens ingest too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import astuple, dataclass, replace
from functools import lru_cache
from typing import Any

from .errors import Problem
from .model import Paper
from .paperfile import MAX_FILE_BYTES, render_paper_yaml, schema

NO_MAXIMUM = 2**63 - 1
"""An integer the schema leaves unbounded must still fit the signed 64 bits that JSON and YAML tools read."""
NO_MAX_LENGTH = 1 << 30


@dataclass(frozen=True)
class Limits:
    """Bounds of the values ingest writes into a paper file."""

    title: int
    abstract: int
    url: int
    url_pattern: str
    dump: int
    dump_pattern: str
    authors: tuple[int, int]
    upvotes: tuple[int, int]
    line: int
    """The highest source line a paper file may name."""
    file_bytes: int

    @property
    def key(self) -> tuple:
        """A plain-values form, for caches whose content depends on the limits."""
        return astuple(self)

    def url_ok(self, url: str) -> bool:
        return len(url) <= self.url and re.search(self.url_pattern, url) is not None

    def dump_ok(self, name: str) -> bool:
        """Whether a paper's sources may name this dump file."""
        return 0 < len(name) <= self.dump and re.search(self.dump_pattern, name) is not None


def _bounds(prop: dict[str, Any]) -> tuple[int, int]:
    return int(prop.get("minimum", -NO_MAXIMUM)), int(prop.get("maximum", NO_MAXIMUM))


@lru_cache(maxsize=1)
def limits() -> Limits:
    """The limits of the paper schema shipped in the package."""
    props = schema()["properties"]
    url = props["code"]["items"]
    source = props["sources"]["items"]["properties"]
    return Limits(
        title=props["title"].get("maxLength", NO_MAX_LENGTH),
        abstract=props["abstract"].get("maxLength", NO_MAX_LENGTH),
        url=url.get("maxLength", NO_MAX_LENGTH),
        url_pattern=url.get("pattern", ""),
        dump=source["dump"].get("maxLength", NO_MAX_LENGTH),
        dump_pattern=source["dump"].get("pattern", ""),
        authors=_bounds(props["authors_count"]),
        upvotes=_bounds(props["upvotes"]),
        line=_bounds(source["line"])[1],
        file_bytes=MAX_FILE_BYTES,
    )


def cut_text(text: str, max_chars: int) -> str:
    """Text cut to at most max_chars characters at a word boundary, with an ellipsis: a cut-off copy."""
    if len(text) <= max_chars:
        return text
    head = text[: max_chars - 1]
    if " " in head[len(head) // 2 :]:
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" .…") + "…"


def _size_bound(p: Paper) -> int:
    """An upper bound of the paper file's bytes: 6 a character (a `\\uXXXX` escape is the most), 48 a list item."""
    items = len(p.code) + len(p.tags) + len(p.sources) + len(p.distinct_from) + len(p.same_as)
    chars = len(p.id) + len(p.title) + len(p.abstract) + len(p.notes) + len(p.retired)
    chars += sum(map(len, p.code)) + sum(map(len, p.tags)) + sum(len(s.dump) for s in p.sources)
    chars += sum(map(len, p.distinct_from)) + sum(map(len, p.same_as))
    return 6 * chars + 48 * items + 1024


def _fits(p: Paper) -> bool:
    limit = limits().file_bytes
    return _size_bound(p) <= limit or len(render_paper_yaml(p).encode("utf-8")) <= limit


def _most(n: int, fits: Callable[[int], bool]) -> int:
    """The largest k in 0..n with fits(k), fits being monotone (fits(0) is assumed): a binary search."""
    low, high = 0, n
    while low < high:
        mid = (low + high + 1) // 2
        if fits(mid):
            low = mid
        else:
            high = mid - 1
    return low


def fit_file(paper: Paper, before: Paper | None, warnings: list[Problem]) -> Paper:
    """The paper, kept under the schema's file size: what ingest added this run gives way, never a person's text.

    A paper extended this run (`before` is the file as it was) takes the new listings that fit, with
    the empty fields it filled if they fit too. A new paper keeps as many listings as fit; if even
    one does not, its abstract is cut (then its code links dropped). Every listing left out gets a
    warning and stays unclaimed, so the next run says it again rather than losing it.
    """
    if _fits(paper):
        return paper
    kib = limits().file_bytes // 1024
    if before is not None:
        old = set(before.sources)
        new = [s for s in paper.sources if s not in old]
        base = paper if _fits(replace(paper, sources=before.sources)) else replace(before)
        keep = _most(len(new), lambda k: _fits(replace(base, sources=sorted([*before.sources, *new[:k]]))))
        fitted = replace(base, sources=sorted([*before.sources, *new[:keep]]))
    else:
        new, first = paper.sources, paper.sources[0]
        fitted = replace(paper, sources=[first])
        if not _fits(fitted):
            text, code = paper.abstract, paper.code
            size = _most(len(text), lambda k: _fits(replace(fitted, abstract=cut_text(text, k) if k else "")))
            fitted.abstract = cut_text(text, size) if size else ""
            message = f"abstract cut to keep paper {paper.id!r} under {kib} KiB"
            warnings.append(Problem(first.dump, first.line, message, "the whole text stays in the dump"))
            if not _fits(fitted):
                fitted.code = code[: _most(len(code), lambda k: _fits(replace(fitted, code=code[:k])))]
                message = f"{len(code) - len(fitted.code)} code links left out of paper {paper.id!r}"
                warnings.append(Problem(first.dump, first.line, message, f"its file would pass {kib} KiB"))
        keep = _most(len(new), lambda k: k == 0 or _fits(replace(fitted, sources=new[:k])))
        fitted.sources = new[: max(keep, 1)]
    for source in new[len(fitted.sources) - (len(before.sources) if before else 0) :]:
        warnings.append(
            Problem(
                source.dump,
                source.line,
                f"listing not added to paper {paper.id!r}: its file would pass {kib} KiB",
                "is one page pasted many times? remove the repeats from the dump",
            )
        )
    return fitted
