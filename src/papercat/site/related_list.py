"""A paper page's "Related papers" section: its other versions, then the papers most like it, with dates."""

from __future__ import annotations

from ..model import Paper
from ..related import OTHER_VERSION, Neighbour
from .elements import a, paper_date
from .model import Site


def related_item(site: Site, src: str, neighbour: Neighbour) -> str:
    """One list item: the linked title (escaped), its date, and "Other version:" before an other version."""
    other = site.by_id[neighbour["id"]]
    link = a(site, src, f"papers/{other.id}.md", other.title)
    date = paper_date(other)
    lead = "Other version: " if neighbour["kind"] == OTHER_VERSION else ""
    return f"<li>{lead}{link}{f' ({date})' if date else ''}</li>"


def related_section(site: Site, paper: Paper, src: str) -> list[str]:
    """The section's HTML block lines for `paper` (on page `src`); none when nothing is related.

    Other versions come first (as `related_papers` lists them), then the most similar papers. A
    neighbour that is not published on this site is left out, so every link resolves.
    """
    listed = [n for n in site.related.get(paper.id, []) if n["id"] in site.by_id and n["id"] != paper.id]
    if not listed:
        return []
    listed.sort(key=lambda n: n["kind"] != OTHER_VERSION)  # stable: each kind keeps its ranking
    items = "".join(related_item(site, src, n) for n in listed)
    return ["<h2>Related papers</h2>", f'<ul class="pc-related-papers">{items}</ul>']
