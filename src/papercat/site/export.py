"""The catalogue as data: `papers.json`, `papers.csv` and `papers.bib` at the site root, for download.

Pure: `export_files(site)` yields (path under docs/, text). Every published paper, sorted by id, the
same bytes for the same catalogue. No page loads these files; they are links for people and scripts.

JSON is `{"format": "papercat-papers", "version": 1, "papers": [...]}`: a reader can tell what it holds
and refuse a version it does not know, and a top-level object can gain keys without breaking one.
CSV is RFC 4180 (UTF-8 without a byte-order mark, CRLF line ends, every field quoted), a header row,
lists joined with `;`. It is for spreadsheets, so it follows OWASP's advice on CSV (formula) injection:
a field starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, which
spreadsheets read as "this is text" and do not show. The JSON holds every value unchanged.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from .. import markup
from ..model import Paper
from .cite import papers_bib
from .links import address, page_url
from .model import Site, year_of

FORMAT = "papercat-papers"
VERSION = 1
"""Bumped when a field changes meaning or goes away (a new field does not bump it)."""
FIELDS = (
    "id",
    "title",
    "abstract",
    "published",
    "year",
    "added",
    "upvotes",
    "authors_count",
    "authors",
    "venue",
    "arxiv",
    "url",
    "code",
    "tags",
    "topics",
    "page",
)
"""The fields of each paper, in this order in both files."""
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP, CSV Injection)."""


def page_address(site: Site, paper: Paper) -> str:
    """The paper page's absolute address, or its path from the site root when site_url is unset."""
    path = f"papers/{paper.id}.md"
    return address(site, path) if site.site_url else page_url(path, site.directory_urls)


def record(site: Site, paper: Paper) -> dict[str, object]:
    """One paper as exported: text normalised as the site shows it, only tags the vocabulary knows, only
    code links the site links, the topics of its tags (sorted ids)."""
    tags = [t for t in paper.tags if t in site.vocabulary.tags]
    topics = sorted({topic.id for t in tags for topic in site.topics_of_tag.get(t, [])})
    return {
        "id": paper.id,
        "title": markup.plain(paper.title),
        "abstract": markup.plain(paper.abstract),
        "published": paper.published,
        "year": year_of(paper),
        "added": paper.added,
        "upvotes": paper.upvotes,
        "authors_count": paper.authors_count,
        "authors": [markup.plain(a) for a in paper.authors],
        "venue": markup.plain(paper.venue),
        "arxiv": paper.arxiv,
        "url": (paper.url and markup.safe_url(paper.url)) or "",
        "code": [u for u in paper.code if markup.safe_url(u)],
        "tags": tags,
        "topics": topics,
        "page": page_address(site, paper),
    }


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def records(site: Site) -> list[dict[str, object]]:
    """Every paper's record, sorted by id: made once for both files."""
    return [record(site, p) for p in sorted(site.papers, key=lambda p: p.id)]


def papers_json(rows: list[dict[str, object]]) -> str:
    """The JSON document, one paper a line: compact, yet a diff or grep shows whole papers."""
    papers = ",\n".join(_json(row) for row in rows)
    head = f'{{"format":{_json(FORMAT)},"version":{VERSION},"papers":['
    return head + (f"\n{papers}\n" if papers else "") + "]}\n"


def cell(value: object, urls: bool = False) -> str:
    """A CSV field: lists joined with `;` (a `;` inside an item becomes `%3B` in a URL, `,` in a name, so the
    list splits back), nothing for null, and a leading `'` where a spreadsheet would see a formula."""
    if isinstance(value, list):
        value = ";".join(v.replace(";", "%3B" if urls else ",") for v in value)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def papers_csv(rows: list[dict[str, object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(FIELDS)
    writer.writerows([cell(row[f], urls=f == "code") for f in FIELDS] for row in rows)
    return out.getvalue()


def export_files(site: Site) -> Iterator[tuple[str, str]]:
    """papers.json, papers.csv, and papers.bib when any paper is citable."""
    rows = records(site)
    yield "papers.json", papers_json(rows)
    yield "papers.csv", papers_csv(rows)
    urls = {p.id: address(site, f"papers/{p.id}.md") for p in site.papers} if site.site_url else None
    if bib := papers_bib(site.papers, urls):
        yield "papers.bib", bib
