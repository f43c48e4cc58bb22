"""Atom feeds (RFC 4287) of the newest papers: `feed.xml` for the whole site, `feed-<tag>.xml` per tag.

Pure: `feed_files(site)` yields (path under docs/, XML text). Order: `added` newest first, then the
publication date newest first, then id; papers without `added` last. Every date comes from the
catalogue, never the clock, so an unchanged catalogue gives the same bytes.

Feeds need absolute addresses (readers resolve a relative link against the feed's own address, or not at
all), so without `site_url` no feed is made. An entry's id is its page's absolute address: a stable URI
that is also where the paper is read (a `tag:` URI would need a domain papercat does not have without
site_url either). Text is set with ElementTree, which escapes it, after `markup.plain`, which replaces the
code points XML 1.0 cannot carry (C0 controls, lone surrogates, non-characters) with U+FFFD.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator

from .. import markup
from ..model import Paper
from .links import address
from .model import Site, full_date

FEED_SIZE = 50
"""Entries per feed. Every subscriber fetches the whole file on every poll, so it stays small (109 KB
with the seeds' abstracts, 30 KB gzipped) whatever the catalogue's size, and still holds what a typical
ingest adds (the seed dumps brought 33 to 209 listings, 91 on average; a bigger ingest's oldest papers
fall out of the feed). Every paper stays in the export and the listing pages."""
ATOM = "http://www.w3.org/2005/Atom"
ATOM_TYPE = "application/atom+xml"
EPOCH = "1970-01-01"
"""The `updated` date of an entry with no known date (and of an empty feed): RFC 4287 requires one."""


def newest_added(papers: Iterable[Paper]) -> list[Paper]:
    """Papers by `added` newest first, then by full publication date newest first (`Oct 24` with a `year`
    counts; without one it ranks with the undated), then by id; papers without `added` last."""
    by_id = sorted(papers, key=lambda p: p.id)
    return sorted(by_id, key=lambda p: (p.added or "", full_date(p) or ""), reverse=True)  # stable: ids ascending


def feed_path(tag: str = "") -> str:
    """Where a feed goes under docs/ (and the built site): the site root, for a tag's feed too.

    Material's instant navigation takes every `<link rel="alternate">` for another language's site and
    fetches `sitemap.xml` beside it: a feed in tags/ made every tag page request tags/sitemap.xml (a 404).
    """
    return f"feed-{tag}.xml" if tag else "feed.xml"


def feed_files(site: Site) -> Iterator[tuple[str, str]]:
    """The site feed, then one feed per tag; nothing when site_url is unset."""
    if not site.site_url:
        return
    yield feed_path(), feed_xml(site)
    for tag in site.vocabulary.tags:
        yield feed_path(tag), feed_xml(site, tag)


def _stamp(date: str) -> str:
    return f"{date}T00:00:00Z"


def _updated(paper: Paper) -> str:
    return _stamp(paper.added or full_date(paper) or EPOCH)


def _sub(parent: ET.Element, name: str, text: str = "", **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, name, attrs)
    if text:
        element.text = markup.plain(text)
    return element


def feed_xml(site: Site, tag: str = "") -> str:
    """One feed: the site's newest papers, or the newest papers with the tag."""
    papers = newest_added(site.by_tag.get(tag, []) if tag else site.papers)[:FEED_SIZE]
    name = site.vocabulary.tags[tag].name if tag else ""
    root = ET.Element("feed", {"xmlns": ATOM})
    self_url = address(site, feed_path(tag))
    _sub(root, "id", self_url)
    _sub(root, "title", f"{site.site_name}: {name}" if tag else site.site_name, type="text")
    if tag:
        _sub(root, "subtitle", site.vocabulary.tags[tag].description, type="text")
    entries = [(paper, _updated(paper)) for paper in papers]
    _sub(root, "updated", max((u for _, u in entries), default=_stamp(EPOCH)))
    _sub(root, "link", rel="self", type=ATOM_TYPE, href=self_url)
    _sub(root, "link", rel="alternate", type="text/html", href=address(site, f"tags/{tag}.md" if tag else "index.md"))
    author = _sub(root, "author")
    _sub(author, "name", site.site_name)
    _sub(author, "uri", address(site, ""))
    _sub(root, "generator", "papercat")
    for paper, updated in entries:
        _entry(site, root, paper, updated)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _entry(site: Site, root: ET.Element, paper: Paper, updated: str) -> None:
    """One paper: id and link are its page's address, title and summary its text, categories its tags."""
    page = address(site, f"papers/{paper.id}.md")
    entry = _sub(root, "entry")
    _sub(entry, "id", page)
    _sub(entry, "title", paper.title, type="text")
    _sub(entry, "updated", updated)
    _sub(entry, "link", rel="alternate", type="text/html", href=page)
    for name in paper.authors:
        _sub(_sub(entry, "author"), "name", name)
    for tag in paper.tags:
        if tag in site.vocabulary.tags:
            _sub(entry, "category", term=tag, label=markup.plain(site.vocabulary.tags[tag].name))
    if paper.abstract.strip():
        _sub(entry, "summary", paper.abstract, type="text")


def tag_feed_meta(site: Site, tag: str) -> dict[str, str]:
    """A tag page's front matter naming its feed, which overrides/main.html links in the head; {} without feeds."""
    return {"feed": feed_path(tag)} if site.site_url else {}


def tag_feed_link(site: Site, tag: str) -> list[str]:
    """A tag page's visible link to its feed: Markdown, so every builder resolves it (from the page's source
    file) and MkDocs checks that it exists. Tag ids are slugs."""
    return [f"[Atom feed](../{feed_path(tag)}) of the newest papers with this tag.", ""] if site.site_url else []
