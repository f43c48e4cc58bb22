"""Atom feeds: golden site and tag feeds, RFC 4287's required elements in every feed, the documented
order, hostile text kept as text, no feeds without site_url, stale generated files removed, and a strict
build whose pages link the feeds in their head."""

from __future__ import annotations

import datetime
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from devkit.feedsite import HOSTILE_TITLE, TAGS_YML, TOPICS_YML, URL, feed_papers, feed_site
from devkit.sites import build_site, golden
from papercat import markup
from papercat.commands.generate import run_generate
from papercat.files import Layout, write_pages
from papercat.model import Paper
from papercat.paperfile import render_paper_yaml
from papercat.site import site_pages
from papercat.site.feeds import FEED_SIZE, feed_files, feed_xml, newest_added
from papercat.siteconfig import SiteConfig

A = "{http://www.w3.org/2005/Atom}"
ORDER = ["newer-paper", "hostile-paper", "same-day-a", "same-day-b", "attention-is-all-you-need", "undated-paper"]


def test_golden_site_feed() -> None:
    golden("feed.xml", feed_xml(feed_site()))


def test_golden_tag_feed() -> None:
    golden("feed-tag.xml", feed_xml(feed_site(), "transformers"))


def entry_ids(xml: str) -> list[str]:
    return [e.findtext(f"{A}id") for e in ET.fromstring(xml).iter(f"{A}entry")]


def test_order_is_added_then_published_then_id_and_papers_without_added_last() -> None:
    site = feed_site()
    assert [p.id for p in newest_added(site.papers)] == ORDER
    assert entry_ids(feed_xml(site)) == [f"{URL}papers/{pid}/" for pid in ORDER]
    assert entry_ids(feed_xml(site, "transformers")) == [
        f"{URL}papers/{pid}/" for pid in ("newer-paper", "same-day-a", "same-day-b", "attention-is-all-you-need")
    ]


def test_a_feed_holds_the_newest_fifty() -> None:
    day = datetime.date(2027, 1, 1)
    papers = [Paper(id=f"p{i:02d}", title=f"P {i}", added=(day + datetime.timedelta(i)).isoformat()) for i in range(60)]
    ids = entry_ids(feed_xml(feed_site(papers=papers)))
    assert len(ids) == FEED_SIZE == 50
    assert ids == [f"{URL}papers/p{i:02d}/" for i in range(59, 9, -1)]


RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def one(parent: ET.Element, name: str) -> ET.Element:
    found = parent.findall(f"{A}{name}")
    assert len(found) == 1, f"{name}: {len(found)}"
    return found[0]


def absolute(uri: str) -> bool:
    parts = urlsplit(uri)
    return bool(parts.scheme and parts.netloc)


def check_atom(xml: str) -> ET.Element:
    """RFC 4287's rules for a feed document (4.1.1 feed, 4.1.2 entry, 3.3 dates, 4.2.7 links)."""
    assert xml.startswith('<?xml version="1.0" encoding="utf-8"?>\n')
    root = ET.fromstring(xml.encode("utf-8"))  # expat: refuses anything that is not well-formed XML 1.0
    assert root.tag == f"{A}feed"
    for name in ("id", "title", "updated"):
        one(root, name)
    assert absolute(one(root, "id").text or "")
    assert RFC3339.match(one(root, "updated").text or "")
    authors = root.findall(f"{A}author")
    assert authors and all(a.findtext(f"{A}name") for a in authors)
    links = {(link.get("rel"), link.get("type")): link.get("href") for link in root.findall(f"{A}link")}
    assert links[("self", "application/atom+xml")] == one(root, "id").text
    assert absolute(links[("alternate", "text/html")])
    ids = []
    for entry in root.findall(f"{A}entry"):
        for name in ("id", "title", "updated"):
            one(entry, name)
        ids.append(one(entry, "id").text)
        assert absolute(ids[-1])
        assert RFC3339.match(one(entry, "updated").text or "")
        assert one(entry, "title").get("type") == "text"
        alternate = [link for link in entry.findall(f"{A}link") if link.get("rel") == "alternate"]
        assert len(alternate) == 1 and alternate[0].get("href") == ids[-1]
        assert len(entry.findall(f"{A}summary")) <= 1
    assert len(ids) == len(set(ids))
    return root


def test_every_feed_is_valid_atom() -> None:
    files = dict(feed_files(feed_site()))
    assert sorted(files) == ["feed-empty.xml", "feed-transformers.xml", "feed-xss.xml", "feed.xml"]
    for xml in files.values():
        check_atom(xml)
    root = check_atom(files["feed-empty.xml"])
    assert root.findall(f"{A}entry") == []
    assert one(root, "updated").text == "1970-01-01T00:00:00Z"  # no paper: the documented epoch


def test_dates_come_from_the_catalogue_never_the_clock() -> None:
    root = ET.fromstring(feed_xml(feed_site()))
    assert one(root, "updated").text == "2027-01-05T00:00:00Z"
    updated = {e.findtext(f"{A}id"): e.findtext(f"{A}updated") for e in root.iter(f"{A}entry")}
    assert updated[f"{URL}papers/newer-paper/"] == "2027-01-05T00:00:00Z"
    assert updated[f"{URL}papers/undated-paper/"] == "1970-01-01T00:00:00Z"
    dated = replace(feed_papers()[-1], published="2018-05-04")  # no `added`: its publication date
    root = ET.fromstring(feed_xml(feed_site(papers=[dated])))
    assert one(one(root, "entry"), "updated").text == "2018-05-04T00:00:00Z"
    assert feed_xml(feed_site()) == feed_xml(feed_site(papers=list(reversed(feed_papers()))))


def test_hostile_text_stays_text_and_the_xml_stays_valid() -> None:
    site = feed_site()
    xml = dict(feed_files(site))["feed-xss.xml"]
    root = check_atom(xml)
    entry = next(e for e in root.iter(f"{A}entry") if e.findtext(f"{A}id") == f"{URL}papers/hostile-paper/")
    title = one(entry, "title").text
    assert (
        title
        == markup.plain(HOSTILE_TITLE)
        == '=HYPERLINK("http://evil")<script>alert(1)</script> ]]> \ufffd \ufffd end'  # \x1f is white space
    )
    assert one(entry, "summary").text == "-2+3 <b>&amp;</b> ]]> <![CDATA[x]]> \ufffd nul \ufffd \ufffd end."
    assert [a.findtext(f"{A}name") for a in entry.findall(f"{A}author")] == ["@evil; Name"]
    assert [(c.get("term"), c.get("label")) for c in entry.findall(f"{A}category")] == [("xss", "<b>Bold</b> & ]]>")]
    assert one(root, "title").text == "cat: <b>Bold</b> & ]]>"
    assert one(root, "subtitle").text == "A hostile <script>alert(1)</script> tag."
    assert "<script>" not in xml and "<b>" not in xml and "]]>" not in xml and "<![CDATA[" not in xml
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]", xml)


def test_no_feeds_without_site_url() -> None:
    site = feed_site(site_url="")
    assert list(feed_files(site)) == []
    pages = dict(site_pages(site))
    assert not [p for p in pages if p.endswith(".xml")]
    assert "feed" not in pages["tags/transformers.md"].split("---")[1]
    assert "Atom feed" not in pages["tags/transformers.md"] and "Atom feed" not in pages["index.md"]


def test_pages_link_their_feeds() -> None:
    pages = dict(site_pages(feed_site()))
    head, body = pages["tags/transformers.md"].split("---\n")[1:3]
    assert "feed: feed-transformers.xml\n" in head
    assert "[Atom feed](../feed-transformers.xml) of the newest papers with this tag." in body
    assert (
        "**Data**: [Atom feed](feed.xml) · [JSON](papers.json) · [CSV](papers.csv) · [BibTeX](papers.bib)"
        in (pages["index.md"])
    )


def test_home_lists_the_recently_added_with_their_date() -> None:
    home = dict(site_pages(feed_site()))["index.md"]
    recent = home.split("## Recently added\n\n")[1].split("\n")[0]
    assert re.findall(r'href="papers/([^/"]+)/"', recent) == ORDER
    assert recent.count(" · added Jan 5, 2027</li>") == 2 and recent.count(" · added Nov 22, 2026</li>") == 3
    assert "Undated Paper</a></li>" in recent


# --- files on disk: stale ones go, generate warns without site_url -----------------------------------


def test_write_pages_removes_generated_files_no_longer_made(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    made = {
        "index.md": "home",
        "feed.xml": "<feed/>",
        "papers.json": "{}",
        "papers.bib": "@misc{x}",
        "tags/a.md": "a",
        "feed-a.xml": "<feed/>",
        "tags/b.md": "b",
        "feed-b.xml": "<feed/>",
        "browse-index/rows/newest/1.json": "[]",
    }
    hand_written = {"about.md": "about", "tags/notes.txt": "kept", "papers.yaml": "kept"}
    for rel, text in hand_written.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text)
    assert write_pages(docs, made) == (9, 0)
    kept = {k: v for k, v in made.items() if k not in {"feed.xml", "papers.bib", "tags/b.md", "feed-b.xml"}}
    del kept["browse-index/rows/newest/1.json"]
    assert write_pages(docs, kept) == (0, 5)
    files = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file())
    assert files == sorted([*kept, *hand_written])


def write_catalogue(root: Path, papers: list[Paper]) -> Layout:
    layout = Layout(root / "catalogue")
    layout.papers.mkdir(parents=True)
    for paper in papers:  # as ingest and check keep them: no code point YAML cannot hold, web addresses only
        text = {"title": markup.plain(paper.title), "abstract": markup.plain(paper.abstract)}
        paper = replace(paper, **text, code=[u for u in paper.code if markup.safe_url(u)])
        (layout.papers / f"{paper.id}.yaml").write_text(render_paper_yaml(paper), encoding="utf-8")
    layout.tags.write_text(TAGS_YML, encoding="utf-8")
    layout.topics.write_text(TOPICS_YML, encoding="utf-8")
    return layout


def test_generate_without_site_url_warns_and_removes_the_old_feeds(tmp_path: Path) -> None:
    layout = write_catalogue(tmp_path, feed_papers())
    config = SiteConfig(docs_dir=tmp_path / "docs", site_url=URL, related=0, config_file=tmp_path / "mkdocs.yml")
    report = run_generate(layout, config)
    assert report.warnings == []
    assert (tmp_path / "docs" / "feed.xml").is_file() and (tmp_path / "docs" / "feed-xss.xml").is_file()
    made = [p for p in (tmp_path / "docs").rglob("*") if p.is_file()]
    assert report.pages == sum(p.suffix == ".md" for p in made) and report.files == len(made)
    assert f"generated {report.pages} pages and {len(made) - report.pages} data files" in report.summary()
    report = run_generate(layout, replace(config, site_url=""))
    assert report.warnings == [
        f"{tmp_path / 'mkdocs.yml'}: site_url is not set, so no Atom feeds were made (feeds need absolute links; "
        "set site_url to the site's address, such as https://you.github.io/papercat/)"
    ]
    assert report.removed == 4  # the site feed and the three tag feeds
    assert sorted(p.name for p in (tmp_path / "docs").rglob("*.xml")) == []


# --- a real strict build ----------------------------------------------------------------------------


class Head(HTMLParser):
    """The <link rel="alternate"> elements of a page's head."""

    def __init__(self) -> None:
        super().__init__()
        self.feeds: list[dict[str, str | None]] = []
        self.in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_head = self.in_head or tag == "head"
        if tag == "body":
            self.in_head = False
        if self.in_head and tag == "link" and dict(attrs).get("rel") == "alternate":
            self.feeds.append(dict(attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False


def head_feeds(site: Path, page: str) -> list[tuple[str | None, str]]:
    parser = Head()
    parser.feed((site / page).read_text(encoding="utf-8"))
    base = f"https://example.org/papercat/{page}"
    return [
        (f.get("title"), urljoin(base, f.get("href") or ""))
        for f in parser.feeds
        if f.get("type") == "application/atom+xml"
    ]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("feeds")
    write_catalogue(work / "src", feed_papers())
    return build_site(work, work / "src" / "catalogue")


def test_strict_build_links_the_feeds_in_every_head(built: Path) -> None:
    feed = "https://example.org/papercat/feed.xml"  # the built pages, as served from the site's address
    assert head_feeds(built, "index.html") == [("papercat", feed)]
    assert head_feeds(built, "about/index.html") == [("papercat", feed)]
    assert head_feeds(built, "papers/hostile-paper/index.html") == [("papercat", feed)]
    assert head_feeds(built, "tags/xss/index.html") == [
        ("papercat", feed),
        ("papercat: Tag: ‹b›Bold‹/b› & ]]›", "https://example.org/papercat/feed-xss.xml"),
    ]


def test_strict_build_copies_feeds_and_exports(built: Path) -> None:
    for path in ("feed.xml", "feed-transformers.xml", "feed-xss.xml", "feed-empty.xml"):
        check_atom((built / path).read_text(encoding="utf-8"))
    assert json.loads((built / "papers.json").read_text(encoding="utf-8"))["format"] == "papercat-papers"
    assert (built / "papers.csv").read_bytes().startswith(b'"id","title",')
    assert "@inproceedings{vaswani2017attention," in (built / "papers.bib").read_text(encoding="utf-8")
    home = (built / "index.html").read_text(encoding="utf-8")
    for href in ("feed.xml", "papers.json", "papers.csv", "papers.bib"):
        assert f'href="{href}"' in home
    assert 'href="../../feed-xss.xml"' in (built / "tags" / "xss" / "index.html").read_text(encoding="utf-8")


def test_pagefind_indexes_no_feed_or_export(built: Path) -> None:
    """Pagefind reads HTML pages only, and only paper pages carry data-pagefind-body: six papers, six pages."""
    entry = json.loads((built / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sum(lang["page_count"] for lang in entry["languages"].values()) == len(feed_papers())
