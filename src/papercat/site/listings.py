"""The home page and the page listing all papers."""

from __future__ import annotations

from .. import markup
from ..markup import escaped as esc
from .elements import a, front_matter, known_tags, paper_list, show_date, table
from .model import Site, added_order, sort_newest, year_of

RECENT = 10
"""Papers listed under "recently added" on the home page."""


def render_all_papers(site: Site) -> str:
    """All papers in one table, newest first. Tag names are text here, not links: this page grows with
    the catalogue, and each link costs build time (tags link from every paper page and the tags index)."""
    src = "all-papers.md"
    out = [front_matter("All papers", ""), "# All papers", ""]
    rows = [
        [
            a(site, src, f"papers/{p.id}.md", p.title),
            show_date(p.published),
            esc(", ".join(site.vocabulary.tags[t].name for t in known_tags(site, p))),
        ]
        for p in sort_newest(site.papers)
    ]
    out += [f"<p>{len(site.papers)} papers, newest first.</p>", "", table(["Paper", "Published", "Tags"], rows), ""]
    return "\n".join(out)


def render_home(site: Site) -> str:
    src = "index.md"
    years = [y for p in site.papers if (y := year_of(p))]
    span = f", published {min(years)}–{max(years)}" if years else ""
    out = [front_matter(site.site_name, ""), f"# {markup.text(site.site_name)}", ""]
    out += [
        "An annotated catalogue of machine-learning papers, collected from Hugging Face Papers search pages,",
        "deduplicated, and tagged by hand from a controlled vocabulary.",
        "",
        f"**{len(site.papers)}** papers · **{len(site.vocabulary.tags)}** [tags](tags/index.md) · "
        f"**{len(site.topics)}** [topics](topics/index.md){span}.",
        "",
        "Find papers by [topic](topics/index.md), by [tag](tags/index.md), in the [full list](all-papers.md),",
        "or with the search box at the top of every page.",
        "",
        "## Topics",
        "",
    ]
    rows = [
        [a(site, src, f"topics/{t.id}.md", t.title), str(len(site.topic_papers(t))), esc(t.description)]
        for t in site.topics
    ]
    out += [table(["Topic", "Papers", "About"], rows, {1}), "", "## Recently added", ""]
    recent = sorted(site.papers, key=added_order, reverse=True)[:RECENT]
    out += [paper_list(site, src, recent), ""]
    return "\n".join(out)
