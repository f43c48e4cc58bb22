"""Class 1 of issue 9: code points that YAML cannot carry, in every text that reaches a page's front
matter or title (paper titles, tag names, topic titles, dump names), never change how a page is parsed.

One strict MkDocs build of a catalogue made in Python (so whatever a loader would let through, lone
surrogates included) holds one paper, tag, topic and dump name per class of code point, each followed
by a payload that would become a link, an image and HTML if the front matter were dropped; the tests
read the built pages' parsed HTML.
"""

from __future__ import annotations

import html
import os
import subprocess
import sys
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from mkdocs.utils.meta import get_data

from devkit import site_skeleton
from papercat import markup
from papercat.files import write_pages
from papercat.model import Paper, Source
from papercat.site import Site, site_pages
from papercat.vocabulary import Tag, TagVocabulary, Topic

R = "\ufffd"
CLASSES = {
    # name: (code points inserted between "A" and "B", what shows instead)
    "none": ("", ""),
    "c0-controls": ("\x00\x01\x08\x0e\x1b", R * 5),
    "c0-white-space": ("\x0b\x0c\x1c\x1d\x1e\x1f", " "),
    "del": ("\x7f", R),
    "c1-controls": ("\x80\x84\x86\x9f", R * 4),
    "nel": ("\x85", " "),
    "line-and-paragraph-separators": ("\u2028\u2029", " "),
    "bmp-noncharacters": ("\ufdd0\ufdef\ufffe\uffff", R * 4),
    "astral-noncharacters": ("\U0001fffe\U0001ffff\U0010fffe\U0010ffff", R * 4),
    "lone-surrogates": ("\udfff\ud800", R * 2),
    "bidi-controls": ("\u202a\u202e\u2066\u2069", R * 4),
    "bom-and-zero-width": ("\ufeff\u200b\u200c\u200d\u2060", "\ufeff\u200b\u200c\u200d\u2060"),
}
PAYLOAD = '[x](javascript:alert(1)) ![](http://evil.example/x.png) <img src="//evil.example/y.png"> *em* & `c`'
REPO = "https://github.com/o/r"


def raw(kind: str, name: str) -> str:
    return f"{kind} A{CLASSES[name][0]}B {PAYLOAD}"


def shown(kind: str, name: str) -> str:
    """The text a reader sees: each unusable code point as U+FFFD, white space as one space."""
    return f"{kind} A{CLASSES[name][1]}B {PAYLOAD}"


def hostile_catalogue() -> Site:
    tags, topics, papers = TagVocabulary(), [], []
    for n, name in enumerate(CLASSES):
        tags.tags[f"tag-{name}"] = Tag(f"tag-{name}", raw("Tag", name), raw("Description", name))
        topics.append(Topic(f"topic-{name}", raw("Topic", name), raw("About", name), (f"tag-{name}",)))
        papers.append(
            Paper(
                id=f"paper-{name}",
                title=raw("Title", name),
                abstract=raw("Abstract", name),
                published="2024-01-23",
                tags=[f"tag-{name}"],
                notes=raw("Notes", name),
                sources=[Source(raw("Dump", name), 10 + n)],
            )
        )
    return Site(papers, tags, topics, repo_url=REPO)


class Page(HTMLParser):
    """A built page: its <title>, the text of each <h1>, every start tag, and the tags in the article."""

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.h1: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.article_tags: list[str] = []
        self.text: list[str] = []
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        # the links to papers whose titles fold to this one's (as these do) vary in number: not compared
        if "article" in self._open and "same-title" not in self._open:
            self.article_tags.append(tag)
        if tag == "h1":
            self.h1.append("")
        if tag in {"title", "h1", "article"}:
            self._open.append(tag)
        if dict(attrs).get("class") == "pc-same-title":
            self._open.append("same-title")

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1] in (tag, "same-title" if tag == "p" else tag):
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if "title" in self._open:
            self.title += data
        if "h1" in self._open:
            self.h1[-1] += data
        if "article" in self._open:
            self.text.append(data)

    @property
    def article(self) -> str:
        return " ".join("".join(self.text).split())


def page(site: Path, path: str) -> Page:
    parser = Page()
    parser.feed((site / path / "index.html").read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile catalogue's pages written by papercat and built by `mkdocs build --strict`."""
    root = tmp_path_factory.mktemp("hostile-code-points")
    site_skeleton(root)
    write_pages(root / "docs", dict(site_pages(hostile_catalogue())))
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml")],
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return root / "site"


def title_text(value: str) -> str:
    """What <title> shows: the theme prints the front-matter title, whose angle brackets are look-alikes."""
    return value.replace("<", "‹").replace(">", "›") + " - papercat"


def assert_inert(built_page: Page, baseline: Page) -> None:
    """Nothing on the page came from the text: no script link, no foreign image, the same elements."""
    for tag, attrs in built_page.tags:
        for name, value in attrs.items():
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, name, value)
            assert not name.startswith("on"), (tag, name, value)
            if name in {"href", "src", "srcset", "action", "data", "poster"}:
                assert urlsplit(value or "").hostname != "evil.example", (tag, name, value)
    assert built_page.article_tags == baseline.article_tags


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_paper_page_title_heading_and_front_matter(built: Path, name: str) -> None:
    paper = page(built, f"papers/paper-{name}")
    assert paper.title == title_text(shown("Title", name))
    assert paper.h1 == [shown("Title", name)]
    assert_inert(paper, page(built, "papers/paper-none"))
    # front matter honoured: the edit button opens the paper's file (MkDocs' default would be docs/...)
    edit = [a["href"] for t, a in paper.tags if t == "a" and a.get("rel") == "edit"]
    assert edit == [f"{REPO}/edit/main/catalogue/papers/paper-{name}.yaml"]
    text = paper.article
    for kind in ("Abstract", "Notes", "Tag", "Topic"):
        assert shown(kind, name) in text, kind
    assert f"Sources: {shown('Dump', name)}, line" in text


@pytest.mark.parametrize("name", sorted(CLASSES))
@pytest.mark.parametrize(("kind", "folder", "source"), [("Tag", "tags", "tags.yml"), ("Topic", "topics", "topics.yml")])
def test_tag_and_topic_pages(built: Path, name: str, kind: str, folder: str, source: str) -> None:
    listing = page(built, f"{folder}/{kind.lower()}-{name}")
    assert listing.title == title_text(f"{kind}: {shown(kind, name)}")
    assert listing.h1 == [shown(kind, name)]
    assert_inert(listing, page(built, f"{folder}/{kind.lower()}-none"))
    edit = [a["href"] for t, a in listing.tags if t == "a" and a.get("rel") == "edit"]
    assert edit == [f"{REPO}/edit/main/catalogue/{source}"]
    assert shown("Title", name) in listing.article


def test_search_markup_holds_on_every_page(built: Path) -> None:
    """Paper pages are Pagefind's body with their title as its meta and tags/topics as filters; listing
    pages carry no body, so Pagefind leaves them out."""
    for name in CLASSES:
        doc = page(built, f"papers/paper-{name}")
        attrs = [a for _, a in doc.tags]
        assert sum("data-pagefind-body" in a for a in attrs) == 1
        assert [a.get("data-pagefind-meta") for _, a in doc.tags if a.get("data-pagefind-meta")] == ["title", "date"]
        assert doc.h1 == [shown("Title", name)]
        filters = [a["data-pagefind-filter"] for _, a in doc.tags if a.get("data-pagefind-filter")]
        assert filters == ["tag", "topic"]
    for listing in ("tags", "topics", "all-papers", "browse", f"tags/tag-{next(iter(CLASSES))}"):
        assert not [a for _, a in page(built, listing).tags if "data-pagefind-body" in a]


def test_lists_and_browse_show_the_same_text(built: Path) -> None:
    everything = page(built, "all-papers").article
    browse = page(built, "browse")
    names = {a["value"]: a["data-name"] for t, a in browse.tags if t == "input" and a.get("name") == "tag"}
    topics = [a["data-name"] for t, a in browse.tags if t == "option" and a.get("data-name")]
    for name in CLASSES:
        assert shown("Title", name) in everything
        assert shown("Title", name) in browse.article
    assert list(names.values()) == [shown("Tag", name) for name in CLASSES]
    assert topics == [shown("Topic", name) for name in CLASSES]


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_plain_is_the_one_normaliser(name: str) -> None:
    assert markup.plain(f"A{CLASSES[name][0]}B") == f"A{CLASSES[name][1]}B"


def test_front_matter_title_parses_for_every_code_point() -> None:
    """No value can make the front matter unparseable: every code point, in titles of 4,096 at a time,
    round-trips through the YAML loader MkDocs uses (libyaml when installed)."""
    for start in range(0, 0x110000, 0x1000):
        value = "".join(map(chr, range(start, start + 0x1000)))
        front = f"---\ntitle: {markup.meta_title(value)}\n---\n"
        assert front.isascii()
        _, meta = get_data(front)
        cleaned = markup.plain(value).replace("<", "‹").replace(">", "›")
        assert meta == {"title": html.escape(cleaned, quote=False)}, hex(start)


@pytest.mark.parametrize("value", ["", 'a"b\\c', "😀 \U0010fffd", "\ud800", "line\nbreak\x85"])
def test_yaml_string_round_trips(value: str) -> None:
    loaded = yaml.safe_load(f"k: {markup.yaml_string(value)}")["k"]
    assert loaded == value.replace("\ud800", R)


def test_plain_replaces_exactly_the_documented_classes() -> None:
    """Over every code point: replaced are C0/C1 controls and DEL (white space aside), surrogates,
    non-characters and bidirectional embeddings, overrides and isolates; nothing else."""
    bidi = {*range(0x202A, 0x202F), *range(0x2066, 0x206A)}
    replaced = []
    for point in range(0x110000):
        ch = chr(point)
        out = markup.plain(f"a{ch}b")
        assert out in (f"a{ch}b", "a b", f"a{R}b"), hex(point)
        assert (out == "a b") == ch.isspace(), hex(point)
        if out == f"a{R}b" and ch != R:
            replaced.append(point)
    unusable = [
        p
        for p in range(0x110000)
        if (unicodedata.category(chr(p)) in ("Cc", "Cs") and not chr(p).isspace())
        or 0xFDD0 <= p <= 0xFDEF
        or p & 0xFFFE == 0xFFFE
        or p in bidi
    ]
    assert replaced == unusable
