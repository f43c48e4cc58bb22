"""The generated site: golden pages, a strict MkDocs build of small fixture catalogues, untrusted text
rendered inert, one page per paper/tag/topic, and no broken internal link."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from devkit import DATA, ROOT
from devkit.sites import assert_links_resolve, build_site, golden, parse
from papercat.model import Paper, Source
from papercat.site import Site, render_paper, site_pages, visible_papers
from papercat.vocabulary import load_topics, load_vocabulary


def small_site() -> Site:
    vocab = load_vocabulary((DATA / "hostile" / "tags.yml").read_text())
    topics, _ = load_topics((DATA / "hostile" / "topics.yml").read_text())
    papers = [
        Paper(
            id="first-paper",
            title="First Paper: A *Study*",
            abstract="We study things. Code at https://github.com/a/b.",
            published="2023-02-22",
            authors_count=5,
            upvotes=3,
            code=["https://github.com/a/b"],
            tags=["plain", "xss"],
            notes="Read with care.",
            sources=[Source("000_a.txt", 11), Source("001_b.txt", 7)],
        ),
        Paper(
            id="second-paper",
            title="Second Paper",
            abstract="More.",
            published="Oct 24",
            tags=["plain"],
            sources=[Source("000_a.txt", 15)],
        ),
    ]
    return Site(papers, vocab, topics, repo_url="https://github.com/o/r")


def test_golden_paper_page() -> None:
    site = small_site()
    golden("paper.md", render_paper(site, site.by_id["first-paper"]))


def test_retired_papers_appear_nowhere() -> None:
    """A retired paper has no page, is in no list, index or count; a file folded into it stays hidden."""
    site = small_site()
    retired = Paper(
        id="retired-paper",
        title="Retired Paper Title",
        tags=["plain", "xss"],
        sources=[Source("002_c.txt", 3)],
        same_as=["folded-paper"],
        retired="a duplicate listing",
    )
    folded = Paper(id="folded-paper", title="Folded Paper Title", tags=["plain"], sources=[Source("002_c.txt", 9)])
    papers = visible_papers([*site.papers, retired, folded])
    assert [p.id for p in papers] == ["first-paper", "second-paper"]
    pages = dict(site_pages(Site(papers, site.vocabulary, site.topics)))
    assert "papers/retired-paper.md" not in pages and "papers/folded-paper.md" not in pages
    for path, text in pages.items():
        assert "Retired Paper" not in text and "retired-paper" not in text, path
        assert "Folded Paper" not in text, path
    assert "<strong>2</strong> papers" in pages["tags/plain.md"]
    assert "<strong>1</strong> paper" in pages["tags/xss.md"]
    # retiring the paper named in `same_as` leaves the other published, without the retired listings
    live = replace(retired, retired="", same_as=["folded-paper"])
    papers = visible_papers([live, replace(folded, retired="wrong listing")])
    assert [(p.id, p.sources) for p in papers] == [("retired-paper", [Source("002_c.txt", 3)])]


# --- real builds ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("hostile"), DATA / "hostile")


HOSTILE_TITLES = {
    "img-onerror": "<img src=x onerror=alert(1)>",
    "markdown-link": "[x](javascript:alert(1)) and <https://evil.example>",
    "emphasis-table": "*a* | b _c_ **d** `e` ~~f~~",
    "latex": "$\\alpha$-Nets and {\\em emphasis} with \\textbf{bold}",
}


@pytest.mark.parametrize("pid", sorted(HOSTILE_TITLES))
def test_hostile_text_shows_literally_and_creates_nothing(hostile_site: Path, pid: str) -> None:
    page = parse(hostile_site / "papers" / pid / "index.html")
    text = " ".join("".join(page.article).split())
    assert HOSTILE_TITLES[pid] in text
    article_tags = {t for t, _ in page.tags}
    for tag, attrs in page.tags:
        assert tag not in {"img", "iframe", "object", "embed"} or "onerror" not in attrs
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, name, value)
    assert "del" not in article_tags and "blockquote" not in article_tags and "hr" not in article_tags


def test_hostile_abstract_and_notes_stay_text(hostile_site: Path) -> None:
    page = parse(hostile_site / "papers" / "emphasis-table" / "index.html")
    text = " ".join("".join(page.article).split())
    assert "| col | col | |---|---| | a | b | # Heading - item 1. item > quote --- ***" in text
    assert "Notes with *emphasis* and <b>bold</b>." in text and "Second paragraph [link](http://x)." in text
    ems = [t for t, _ in page.tags if t in {"em", "strong", "b", "table", "h1"}]
    assert ems.count("h1") == 1 and "b" not in ems
    scripts = [a for t, a in parse(hostile_site / "papers" / "img-onerror" / "index.html").tags if t == "script"]
    assert all(a.get("src") or a.get("id") == "__config" or not a for a in scripts)


def test_hostile_titles_cannot_break_out_of_the_head(hostile_site: Path) -> None:
    html = (hostile_site / "papers" / "title-breakout" / "index.html").read_text()
    head = html.split("</head>")[0]
    assert head.count("<title>") == 1 and head.count("</title>") == 1
    assert "<script>alert" not in html


def test_hostile_tag_and_topic_names_are_text(hostile_site: Path) -> None:
    tag = parse(hostile_site / "tags" / "xss" / "index.html")
    assert "<b>Bold</b> & [link](javascript:alert(1))" in "".join(tag.article)
    topic = parse(hostile_site / "topics" / "mixed" / "index.html")
    assert "<img src=x onerror=alert(1)> topic" in "".join(topic.article)
    assert not [a for t, a in topic.tags if t == "img"]


def test_titles_beyond_ascii_keep_their_front_matter(hostile_site: Path) -> None:
    """Astral-plane and non-Latin titles go into the front matter as ASCII escapes (`\\U0001f600`, never
    a JSON surrogate pair, which YAML refuses) and come back whole in the page title and heading."""
    title = "Emoji \U0001f600 漢字 עברית Ελληνικά zero\u200bwidth & <b>"
    front = (hostile_site.parent / "docs" / "papers" / "scripts-and-emoji.md").read_text(encoding="utf-8")
    assert front.split("\n")[1] == (
        'title: "Emoji \\U0001f600 \\u6f22\\u5b57 \\u05e2\\u05d1\\u05e8\\u05d9\\u05ea '
        '\\u0395\\u03bb\\u03bb\\u03b7\\u03bd\\u03b9\\u03ba\\u03ac zero\\u200bwidth &amp; \\u2039b\\u203a"'
    )
    html = (hostile_site / "papers" / "scripts-and-emoji" / "index.html").read_text(encoding="utf-8")
    assert f"<title>{title.replace('&', '&amp;').replace('<', '‹').replace('>', '›')} - papercat</title>" in html
    page = parse(hostile_site / "papers" / "scripts-and-emoji" / "index.html")
    assert title in " ".join("".join(page.article).split())
    assert "Sources: d\U0001f600.txt, line 31" in "".join(page.article)
    assert 'href="https://github.com/papercat-org/papercat/edit/main/catalogue/papers/scripts-and-emoji.yaml"' in html


def test_hostile_site_has_a_page_each_and_no_broken_link(hostile_site: Path) -> None:
    papers = sorted(p.name for p in (hostile_site / "papers").iterdir())
    assert papers == sorted([*HOSTILE_TITLES, "title-breakout", "scripts-and-emoji"])
    assert sorted(p.name for p in (hostile_site / "tags").iterdir() if p.is_dir()) == ["plain", "xss"]
    assert assert_links_resolve(hostile_site) > 50


def test_seed_site_builds_strict_with_every_page(seed_site: Path) -> None:
    """The shipped catalogue: a page per paper, tag and topic; every internal link resolves."""
    site = seed_site
    papers = {p.stem for p in (ROOT / "catalogue" / "papers").glob("*.yaml")}
    assert {p.name for p in (site / "papers").iterdir()} == papers
    vocab = load_vocabulary((ROOT / "catalogue" / "tags.yml").read_text())
    topics, _ = load_topics((ROOT / "catalogue" / "topics.yml").read_text())
    assert {p.name for p in (site / "tags").iterdir() if p.is_dir()} == set(vocab.tags)
    assert {p.name for p in (site / "topics").iterdir() if p.is_dir()} == {t.id for t in topics}
    assert assert_links_resolve(site) > 5000
    # paper pages are not in the navigation: a paper page stays small
    assert (site / "papers" / "pointer-networks" / "index.html").stat().st_size < 40_000
    # nor in the sitemap, which instant navigation downloads on every cold page view
    sitemap = (site / "sitemap.xml").read_text()
    assert sitemap.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    urls = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    # home, browse, all papers, the tags and topics indexes, contributing, suggest tags, about
    assert len(urls) == len(vocab.tags) + len(topics) + 8, urls
    assert "https://papercat-org.github.io/papercat/tags/transformers/" in urls
    assert not [u for u in urls if "/papers/" in u]


@pytest.mark.parametrize(
    ("directory_urls", "src", "dst", "want"),
    [
        (True, "papers/x.md", "tags/t.md", "../../tags/t/"),
        (True, "tags/t.md", "index.md", "../../"),
        (True, "index.md", "tags/index.md", "tags/"),
        (True, "browse.md", "papers/x.md", "../papers/x/"),
        (False, "papers/x.md", "tags/t.md", "../tags/t.html"),
        (False, "tags/t.md", "index.md", "../index.html"),
        (False, "index.md", "tags/index.md", "tags/index.html"),
    ],
)
def test_links_follow_use_directory_urls(directory_urls: bool, src: str, dst: str, want: str) -> None:
    from papercat.site.links import href
    from papercat.vocabulary import TagVocabulary

    assert href(Site([], TagVocabulary(), [], directory_urls=directory_urls), src, dst) == want
