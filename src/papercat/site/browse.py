"""The browse page: filter controls with their counts and the newest papers, all in the page's HTML.

assets/browse.js answers every other view, words included, from browse-index/ (browse_index.py),
fetched per view, so the page stays the same size whatever the catalogue's.
"""

from __future__ import annotations

from importlib import resources
from string import Template

from ..markup import attribute as attr
from ..markup import escaped as esc
from ..model import Paper
from .browse_index import FOLDER, has_code
from .elements import a, front_matter, known_tags, paper_date
from .links import asset_href, href
from .model import Site, sort_newest, year_of

_FORM = Template((resources.files(__package__) / "browse.html").read_text(encoding="utf-8"))
"""The browse page's controls and results, `$placeholders` filled with escaped values."""
FIRST = 50
"""Papers the browse page lists in its HTML: its first view needs no script and no request."""


def browse_item(site: Site, src: str, paper: Paper) -> str:
    """One result as browse.js also builds it: linked title, then date, upvotes, code, tags."""
    bits = [date] if (date := paper_date(paper)) else []
    if paper.upvotes:
        bits.append(f"{paper.upvotes} upvotes")
    if has_code(paper):
        bits.append("code")
    tags = ", ".join(site.vocabulary.tags[t].name for t in known_tags(site, paper))
    if tags:
        bits.append(esc(tags))
    meta = f'<span class="pc-meta"> · {" · ".join(bits)}</span>' if bits else ""
    return f"<li>{a(site, src, f'papers/{paper.id}.md', paper.title)}{meta}</li>"


def render_browse(site: Site, version: str) -> str:
    """The browse page, driven by assets/browse.js (one of the theme's extra scripts); `version` is the
    browse index's, so the page reads the index files of its own `generate`."""
    src = "browse.md"
    paper_href, _, paper_end = href(site, src, "papers/X.md").rpartition("X")
    newest = sort_newest(site.papers)
    tags = "".join(
        f'<label><input type="checkbox" name="tag" value="{t.id}" data-name="{attr(t.name)}"> '
        f"{esc(t.name)} ({len(site.by_tag.get(t.id, []))})</label>"
        for t in site.vocabulary.tags.values()
    )
    topics = "".join(f'<option value="{t.id}" data-name="{attr(t.title)}">{esc(t.title)}</option>' for t in site.topics)
    form = _FORM.substitute(
        index=asset_href(site, src, f"{FOLDER}/"),
        version=version,
        paper_href=paper_href,
        paper_end=paper_end,
        total=len(site.papers),
        topics=topics,
        undated=sum(1 for p in site.papers if not year_of(p)),
        tags=tags,
        first="".join(browse_item(site, src, p) for p in newest[:FIRST]),
        more="" if len(newest) > FIRST else " hidden",
        all=href(site, src, "all-papers.md"),
    )
    return "\n".join([front_matter("Browse", "", {"hide": "\n  - toc"}), "# Browse", "", form.strip(), ""])
