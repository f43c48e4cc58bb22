"""Tag, topic and listing pages: golden tag and topic pages, truthful topic counts with each tag's section
capped at its newest papers, the tag id with its copy button (escaped), and lists that leave a missing
date out."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from devkit.sites import golden
from papercat.model import Paper, Source
from papercat.site import Site, render_tag, render_topic
from papercat.site.elements import copyable_tag_id, paper_item
from papercat.site.listings import render_all_papers
from papercat.site.tag_pages import TOPIC_NEWEST, render_tags_index
from papercat.vocabulary import load_topics, load_vocabulary

TAGS = """\
tags:
- id: mixture-of-experts
  name: Mixture of experts
  description: Sparse routing among experts <script>alert(1)</script>.
  aliases: [MoE, <b>sparse</b> experts]
  match: [mixture of experts]
- id: transformers
  name: Transformers
  description: Attention-based networks.
  match: [transformer]
- id: hostile
  name: <b>Bold</b> & [link](javascript:alert(1))
  description: A hostile *name*.
  match: [hostile]
"""
TOPICS = """\
topics:
- id: models
  title: Models & <i>more</i>
  description: Network families.
  tags: [transformers, mixture-of-experts, hostile]
"""


def paper(pid: str, published: str | None, tags: list[str]) -> Paper:
    title = pid.replace("-", " ").capitalize()
    return Paper(id=pid, title=title, abstract="Text.", published=published, tags=tags, sources=[Source("a.txt", 1)])


def small_site(extra: list[Paper] = ()) -> Site:  # type: ignore[assignment]
    """Four papers: two dated, one month-day, one undated; three tags, one with aliases, one hostile."""
    papers = [
        paper("switch-transformers", "2021-01-11", ["mixture-of-experts", "transformers"]),
        paper("attention-is-all-you-need", "2017-06-12", ["transformers"]),
        paper("hash-layers", None, ["mixture-of-experts"]),
        paper("outrageously-large-networks", "Jan 23", ["hostile", "mixture-of-experts"]),
        *extra,
    ]
    topics, problems = load_topics(TOPICS)
    assert problems == []
    return Site(papers, load_vocabulary(TAGS), topics, repo_url="https://github.com/o/r")


def test_golden_tag_page() -> None:
    golden("tag-mixture-of-experts.md", render_tag(small_site(), "mixture-of-experts"))


def test_golden_topic_page() -> None:
    site = small_site()
    golden("topic-models.md", render_topic(site, site.topics[0]))


class Sections(HTMLParser):
    """A topic page's sections: each `## heading` line, then the paper ids it lists and its other links."""

    def __init__(self, markdown: str) -> None:
        super().__init__()
        self.sections: list[tuple[str, list[str], list[str]]] = []
        for line in markdown.splitlines():
            if line.startswith("## "):
                self.sections.append((line[3:], [], []))
            elif self.sections:
                self.feed(line)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") or ""
        if tag == "a" and (m := re.fullmatch(r"\.\./\.\./papers/([^/]+)/", href)):
            self.sections[-1][1].append(m.group(1))
        elif tag == "a":
            self.sections[-1][2].append(href)


def test_topic_counts_are_truthful_and_each_section_is_capped() -> None:
    """Every tag's heading gives the tag's full count; its section lists its newest papers (a paper under each
    of its tags), at most TOPIC_NEWEST, and links to the tag's page for the rest; the count line counts
    each paper once."""
    many = [paper(f"moe-{i:02d}", f"2022-01-{i + 1:02d}", ["mixture-of-experts"]) for i in range(TOPIC_NEWEST)]
    site = small_site(many)
    page = render_topic(site, site.topics[0])
    assert '<p class="pc-facts"><strong>14</strong> papers under 3 tags.</p>' in page
    sections = Sections(page).sections
    assert [s[0] for s in sections] == [
        "Tags",
        "Transformers (2)",
        "Mixture of experts (13)",
        "&lt;b&gt;Bold&lt;/b&gt; &amp; \\[link\\](javascript:alert(1)) (1)",
    ]
    _, transformers, more = sections[1]
    assert transformers == ["switch-transformers", "attention-is-all-you-need"] and more == []
    _, moe, more = sections[2]
    newest = [f"moe-{i:02d}" for i in range(TOPIC_NEWEST - 1, -1, -1)]
    assert moe == newest and "switch-transformers" not in moe  # 2021 is older than the ten of 2022
    assert more == ["../../tags/mixture-of-experts/"]
    assert '<p class="pc-all-link"><a href="../../tags/mixture-of-experts/">All 13 papers →</a></p>' in page
    _, hostile, more = sections[3]
    assert hostile == ["outrageously-large-networks"] and more == []  # also listed under its other tag's page
    assert page.count("All ") == 1


def test_a_paper_is_listed_under_each_of_its_tags() -> None:
    site = small_site()
    sections = Sections(render_topic(site, site.topics[0])).sections
    listed = {heading: ids for heading, ids, _ in sections[1:]}
    assert listed["Transformers (2)"] == ["switch-transformers", "attention-is-all-you-need"]
    # newest first: full dates, then month-day dates, then undated ones
    assert listed["Mixture of experts (3)"] == ["switch-transformers", "outrageously-large-networks", "hash-layers"]


COPY = (
    '<code>mixture-of-experts</code> <button class="pc-copy" type="button" data-copy="mixture-of-experts" '
    'aria-label="Copy tag id mixture-of-experts">Copy</button>'
)


def test_tag_page_shows_the_id_with_a_copy_button_how_to_use_it_and_the_aliases() -> None:
    page = render_tag(small_site(), "mixture-of-experts")
    assert (
        f'<p class="pc-tag-id">Tag id {COPY}<br><span class="pc-hint">Add <code>mixture-of-experts</code> under '
        "<code>tags:</code> in a paper's file to tag it "
        '(<a href="../../contributing/">how to contribute</a>).</span></p>'
    ) in page
    assert '<p class="pc-aliases">Also called MoE, &lt;b&gt;sparse&lt;/b&gt; experts</p>' in page
    assert "pc-aliases" not in render_tag(small_site(), "transformers")


def test_tags_index_rows_carry_the_id_and_aliases_and_stack_on_a_phone() -> None:
    page = render_tags_index(small_site())
    assert (
        '<tr><td><a href="mixture-of-experts/">Mixture of experts</a><br><span class="pc-tag-id">'
        f'{COPY}</span></td><td style="text-align: right">3</td><td>Sparse routing among experts '
        "&lt;script&gt;alert(1)&lt;/script&gt;.<br>"
        '<span class="pc-aliases">Also called MoE, &lt;b&gt;sparse&lt;/b&gt; experts</span></td></tr>'
    ) in page
    assert '<div class="pc-stack pc-tags-table"><table>' in page and page.count("<tr>") == 4


def test_the_copy_button_escapes_its_value() -> None:
    """Ids are validated slugs; the element escapes anyway, in the text and in both attributes."""
    assert copyable_tag_id('x" onclick="alert(1)<b>') == (
        '<code>x" onclick="alert(1)&lt;b&gt;</code> '
        '<button class="pc-copy" type="button" data-copy="x&quot; onclick=&quot;alert(1)&lt;b&gt;" '
        'aria-label="Copy tag id x&quot; onclick=&quot;alert(1)&lt;b&gt;">Copy</button>'
    )


def test_lists_leave_an_unknown_date_out() -> None:
    site = small_site([paper("no-facts", None, [])])
    link = '<a href="../../papers/{0}/">{1}</a>'
    assert paper_item(site, "tags/x.md", site.by_id["hash-layers"]) == (
        f"<li>{link.format('hash-layers', 'Hash layers')} · Mixture of experts</li>"
    )
    assert paper_item(site, "tags/x.md", site.by_id["no-facts"]) == f"<li>{link.format('no-facts', 'No facts')}</li>"
    assert paper_item(site, "tags/x.md", site.by_id["outrageously-large-networks"]) == (
        f"<li>{link.format('outrageously-large-networks', 'Outrageously large networks')} · Jan 23 · "
        "&lt;b&gt;Bold&lt;/b&gt; &amp; [link](javascript:alert(1)), Mixture of experts</li>"
    )


def test_all_papers_table_stacks_on_a_phone_and_leaves_an_unknown_date_empty() -> None:
    page = render_all_papers(small_site())
    assert '<div class="pc-stack pc-all-papers"><table><thead><tr><th>Paper</th>' in page
    undated = '<tr><td><a href="../papers/hash-layers/">Hash layers</a></td><td></td><td>Mixture of experts</td></tr>'
    assert undated in page
    assert "–" not in page
