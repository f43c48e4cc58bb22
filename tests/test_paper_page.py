"""The paper page: golden pages (every field, a bare record, a same-title pair), facts without gaps, direct
arXiv links, the cite block, provenance collapsed, the note first, and well-formed HTML throughout."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest

from devkit import DATA
from devkit.papers import BARE, FCN, FCN_2, FULL, SPLIT
from devkit.sites import golden
from papercat.model import Paper, Source
from papercat.site import Site, cite, render_paper
from papercat.site.model import year_of
from papercat.vocabulary import load_topics, load_vocabulary


def make_site(*papers: Paper) -> Site:
    vocab = load_vocabulary((DATA / "hostile" / "tags.yml").read_text())
    topics, _ = load_topics((DATA / "hostile" / "topics.yml").read_text())
    return Site(list(papers), vocab, topics, repo_url="https://github.com/o/r")


def page(paper: Paper, *others: Paper) -> str:
    site = make_site(paper, *others)
    return render_paper(site, site.by_id[paper.id])


class Balance(HTMLParser):
    """Fails on a closing tag that does not close the innermost open element."""

    VOID = {"br", "img", "input", "meta", "link", "hr"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.starts: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (tag, self.stack)
        self.stack.pop()


def body_of(markdown: str) -> Balance:
    parser = Balance()
    parser.feed(markdown.split("---\n", 2)[2])
    parser.close()
    assert parser.stack == []
    return parser


def test_golden_paper_with_every_field() -> None:
    text = page(FULL)
    golden("paper-full.md", text)
    body_of(text)


def test_golden_bare_paper_has_no_gap_and_no_cite_block() -> None:
    text = page(BARE)
    golden("paper-bare.md", text)
    body = text.split("---\n", 2)[2]
    assert "–" not in body and "·" not in body and "Published" not in body
    assert "Cite" not in body and "pc-bibtex" not in body and 'data-pagefind-meta="date"' not in body
    # Pagefind gets no sort keys and no year or code filter: its first query would load them over every page
    assert 'data-pagefind-meta="title"' in body and "data-pagefind-sort" not in body
    assert 'data-pagefind-filter="year' not in body and 'data-pagefind-filter="code' not in body
    body_of(text)


def test_golden_same_title_pair_tells_them_apart() -> None:
    text = page(FCN_2, FCN, SPLIT)
    golden("paper-same-title.md", text)
    body_of(text)
    assert (
        '<p class="pc-same-title" data-pagefind-ignore>Another paper in the catalogue has this title: '
        '<a href="../fully-convolutional-networks-2/">FULLY CONVOLUTIONAL NETWORKS FOR SEMANTIC SEGMENTATION</a>'
        " (TPAMI, 2016).</p>"
    ) in page(FCN, FCN_2, SPLIT)
    # a title that folds to nothing is equal to no other, as in dedupe
    emoji = [Paper(id=f"e{i}", title="\U0001f600!", sources=[Source("a.txt", i)]) for i in (1, 2)]
    assert "pc-same-title" not in page(*emoji)


@pytest.mark.parametrize(
    ("published", "year", "shown", "known_year"),
    [
        ("2023-02-22", None, "Feb 22, 2023", 2023),
        ("2023-02-22", 2024, "Feb 22, 2023", 2023),  # `year` is the venue's: the date stands
        ("Oct 24", 2016, "Oct 24, 2016", 2016),
        ("Feb 29", 2017, "2017", 2017),  # no such day: the year alone is known
        (None, 2016, "2016", 2016),
        ("Oct 24", None, "Oct 24", None),
    ],
)
def test_date_line(published: str | None, year: int | None, shown: str, known_year: int | None) -> None:
    paper = replace(BARE, published=published, year=year)
    text = page(paper)
    assert facts(text) == f"Published {shown}" and f'<span data-pagefind-meta="date">{shown}</span>' in text
    assert year_of(paper) == known_year


def facts(text: str) -> str:
    """The facts line as a reader sees it (its tags dropped)."""
    return re.sub(r"<[^>]+>", "", re.search(r'<p class="pc-facts">(.*?)</p>', text).group(1))


def test_each_unknown_fact_leaves_its_part_out() -> None:
    assert facts(page(replace(BARE, authors_count=1, upvotes=0))) == "1 author · 0 upvotes"
    assert facts(page(replace(BARE, year=2020, upvotes=2))) == "Published 2020 · 2 upvotes"
    assert '<p class="pc-facts"><span class="pc-venue">ICML</span></p>' in page(replace(BARE, venue="ICML"))
    # named authors say how many they are: no count beside them
    named = page(replace(BARE, authors=["A B", "C D"], authors_count=2))
    assert '<p class="pc-authors">A B, C D</p>' in named and "2 authors" not in named


def test_many_authors_show_ten_and_the_rest_on_demand() -> None:
    names = [f"Author {i}" for i in range(1, 13)]
    text = page(replace(BARE, authors=names))
    first = ", ".join(names[:10])
    assert (
        f'<details class="pc-authors"><summary data-pagefind-ignore>{first} and 2 more</summary>'
        f"<p>{', '.join(names)}</p></details>"
    ) in text
    body_of(text)


def test_links_go_to_arxiv_directly_and_only_to_safe_urls() -> None:
    text = page(FULL)
    assert '<a href="https://arxiv.org/abs/1706.03762" rel="nofollow noopener">arXiv abstract</a>' in text
    assert '<a href="https://arxiv.org/pdf/1706.03762" rel="nofollow noopener">PDF</a>' in text
    assert "arxiv.org/search" not in text and "Search Hugging Face Papers" in text
    assert "Suggest a tag edit" in text
    assert "arxiv.org/search/?query=Bare%20Paper&amp;searchtype=title" in page(BARE)
    # past the schema (which refuses both), the id is still quoted and a bad URL is no link
    bad = body_of(page(replace(BARE, arxiv='1234.5678"><script>x', url="javascript:alert(1)")))
    hrefs = [attrs.get("href") or "" for tag, attrs in bad.starts if tag == "a"]
    assert "https://arxiv.org/abs/1234.5678%22%3E%3Cscript%3Ex" in hrefs
    assert not [h for h in hrefs if "javascript" in h] and "script" not in {t for t, _ in bad.starts}


def test_the_note_comes_first_and_provenance_is_collapsed() -> None:
    text = page(FULL)
    note = text.index('<div class="admonition note pc-note">')
    assert text.index("pc-facts") < note < text.index(">Abstract</h2>")
    assert (
        '<p class="pc-notes">Read with care: &lt;i&gt;the&lt;/i&gt; *second* version.</p>\n'
        '<p class="pc-notes">See also the appendix.</p>\n</div>'
    ) in text
    provenance = re.search(r'<details class="pc-provenance"><summary>Provenance</summary>(.*?)</details>', text)
    assert provenance and provenance.group(1) == (
        '<p class="pc-sources">Added to the catalogue: Nov 22, 2026<br>'
        "Sources: 000_a.txt, line 11; 001_b.txt, line 7<br>"
        'Paper file: <a href="https://github.com/o/r/edit/main/catalogue/papers/a-study-of-attention.yaml">'
        "catalogue/papers/a-study-of-attention.yaml</a></p>"
    )
    assert text.count("000_a.txt") == 1  # nowhere else on the page


def test_cite_block_is_escaped_text_with_the_catalogue_key() -> None:
    twin = replace(FULL, id="a-study-of-attention-2", added="2026-12-01", arxiv="", venue="", url="")
    site = make_site(FULL, twin)
    text = render_paper(site, twin)
    entry = cite.bibtex(twin, "", "lovelace2017study-2")
    assert entry and entry in cite.papers_bib([FULL, twin])
    escaped = entry.rstrip().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert f'<pre class="pc-bibtex"><code id="pc-bibtex">{escaped}</code></pre>' in text
    assert '<button class="pc-copy" type="button" data-copy-from="pc-bibtex">Copy BibTeX</button>' in text
    # the entry sits in the part Pagefind ignores, and no tag comes out of the names inside it
    ignored = text.split("<div data-pagefind-ignore>")[1]
    assert "<h2>Cite</h2>" in ignored
    assert {t for t, _ in body_of(text).starts} <= {
        "div",
        "h1",
        "h2",
        "p",
        "a",
        "span",
        "pre",
        "code",
        "button",
        "br",
        "details",
        "summary",
    }


def test_the_page_shows_the_entry_papers_bib_holds() -> None:
    """Keys and the last-resort `url` (the page's address, with site_url set) agree with papers.bib."""
    misc = Paper(id="plain-misc", title="Plain Misc", authors=["Ada Lovelace"], published="2020-05-06")
    site = replace(make_site(FULL, misc), site_url="https://example.org/cat/")
    bib = cite.papers_bib(site.papers, {p.id: f"https://example.org/cat/papers/{p.id}/" for p in site.papers})
    for paper in site.papers:
        entry = re.search(r'<code id="pc-bibtex">(.*?)</code>', render_paper(site, paper), re.S)
        assert entry, paper.id
        shown = entry.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        assert shown + "\n" in bib
    assert "  url = {https://example.org/cat/papers/plain-misc/}\n}" in bib


def test_pagefind_indexes_the_venue_but_not_the_words_every_page_has() -> None:
    """Pagefind's memory grows with the words it indexes: labels, counts and the word "Published" stay out,
    the venue and the tag and topic names stay in (they are words to search by)."""
    text = page(replace(FULL, authors_count=3, authors=[]))
    ignored = re.findall(r"<(?:span|h2) data-pagefind-ignore>(.*?)</(?:span|h2)>", text)
    shown = [re.sub(r"<[^>]+>", "", i) for i in ignored]
    assert shown[:4] == ["Published Oct 24, 2017", "3 authors", "42 upvotes", "Tags:"]
    assert "Abstract" in shown and "Code" in shown
    assert '<span class="pc-venue">NeurIPS 2017</span>' in text and "Attention" in text
