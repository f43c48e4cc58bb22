"""The home page and the page listing all papers."""

from __future__ import annotations

from .. import markup
from ..markup import escaped as esc
from .elements import a, front_matter, known_tags, paper_date, show_date, table
from .feeds import feed_path, newest_added
from .model import Site, sort_newest, year_of

RECENT = 10
"""Papers listed under "recently added" on the home page (the feed has more)."""


def render_all_papers(site: Site) -> str:
    """All papers in one table, newest first. Tag names are text here, not links: this page grows with
    the catalogue, and each link costs build time (tags link from every paper page and the tags index)."""
    src = "all-papers.md"
    out = [front_matter("All papers", ""), "# All papers", ""]
    rows = [
        [
            a(site, src, f"papers/{p.id}.md", p.title),
            paper_date(p),  # an unknown date is left out, not a dash
            esc(", ".join(site.vocabulary.tags[t].name for t in known_tags(site, p))),
        ]
        for p in sort_newest(site.papers)
    ]
    papers = table(["Paper", "Published", "Tags"], rows, wrap="pc-stack pc-all-papers")  # rows stack on a phone
    out += [f"<p>{len(site.papers)} papers, newest first.</p>", "", papers, ""]
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
    out += [recently_added(site, src), "", *data_line(site), ""]
    return "\n".join(out)


def recently_added(site: Site, src: str) -> str:
    """The newest papers by `added` (the feed's order), each with the date it was added."""
    items = []
    for paper in newest_added(site.papers)[:RECENT]:
        when = f" · added {show_date(paper.added)}" if paper.added else ""
        items.append(f"<li>{a(site, src, f'papers/{paper.id}.md', paper.title)}{when}</li>")
    return f'<ul class="pc-list">{"".join(items)}</ul>' if items else "<p><em>No papers yet.</em></p>"


def data_line(site: Site) -> list[str]:
    """Links to the feed and the catalogue export, as Markdown links to files the build copies (MkDocs checks
    that they exist). The feed only with site_url, papers.bib only when a paper is citable: as generated."""
    links = [f"[Atom feed]({feed_path()})"] if site.site_url else []
    links += ["[JSON](papers.json)", "[CSV](papers.csv)"]
    if site.cite_keys:
        links.append("[BibTeX](papers.bib)")
    return [f"**Data**: {' · '.join(links)} (formats: [About](about.md#data-and-feeds))."]
