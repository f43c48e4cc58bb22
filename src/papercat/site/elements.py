"""HTML pieces the page renderers share: front matter, dates, links, paper lists and tables (text escaped)."""

from __future__ import annotations

import calendar
from collections.abc import Iterable

from .. import markup
from ..markup import escaped as esc
from ..model import Paper
from .links import href
from .model import Site, full_date

MONTHS = tuple(calendar.month_abbr)
"""Month abbreviations by number (1-12), looked up once: calendar.month_abbr formats a date per lookup."""
FILTER_TAG = ' data-pagefind-filter="tag"'
FILTER_TOPIC = ' data-pagefind-filter="topic"'
"""Tag and topic links on a paper page are also Pagefind filters, by their names."""


def show_date(published: str | None) -> str:
    """`2023-02-22` -> `Feb 22, 2023`; a month-day date as shown; unknown -> an en dash. HTML-escaped."""
    if not published:
        return "–"
    if published[:1].isdigit():
        year, month, day = published.split("-")
        return f"{MONTHS[int(month)]} {int(day)}, {year}"
    return esc(published)


def paper_date(paper: Paper) -> str:
    """A paper's publication date as known (`Feb 22, 2023`, `Oct 24`, `2016`), HTML-escaped, or '' when
    nothing is known: every page leaves an unknown date out rather than showing a dash."""
    if d := full_date(paper):
        return show_date(d)
    if paper.year:
        return str(paper.year)
    return show_date(paper.published) if paper.published else ""


def front_matter(title: str, edit_url: str = "", extra: dict[str, str] | None = None) -> str:
    lines = ["---", f"title: {markup.meta_title(title)}"]
    # read by mkdocs_plugin: generated pages edit their real source, or show no edit button
    lines.append(f"edit_url: {markup.yaml_string(edit_url)}")
    for key, value in (extra or {}).items():
        lines.append(f"{key}:{value}" if value.startswith("\n") else f"{key}: {value}")
    return "\n".join([*lines, "---"]) + "\n"


def a(site: Site, src: str, dst: str, label: str, attrs: str = "") -> str:
    """A link to another page, its label escaped text; `attrs` are fixed attributes papercat writes."""
    return f'<a href="{href(site, src, dst)}"{attrs}>{esc(label)}</a>'


def known_tags(site: Site, paper: Paper) -> list[str]:
    return [t for t in paper.tags if t in site.vocabulary.tags]


def tag_a(site: Site, src: str, tag: str, attrs: str = "") -> str:
    return a(site, src, f"tags/{tag}.md", site.vocabulary.tags[tag].name, attrs)


def paper_item(site: Site, src: str, paper: Paper) -> str:
    """One list item: linked title, then the date and the tag names when known (a missing fact is left
    out, not shown as a dash)."""
    parts = [a(site, src, f"papers/{paper.id}.md", paper.title)]
    if paper.published:
        parts.append(paper_date(paper))
    if tags := ", ".join(site.vocabulary.tags[t].name for t in known_tags(site, paper)):
        parts.append(esc(tags))
    return f"<li>{' · '.join(parts)}</li>"


def copyable_tag_id(tag: str) -> str:
    """A tag's id (the value a contributor types under `tags:`) as code, with a copy button that
    docs/assets/copy.js handles. Ids are validated slugs; escaped all the same."""
    value = markup.attribute(tag)
    return (
        f'<code>{esc(tag)}</code> <button class="pc-copy" type="button" data-copy="{value}" '
        f'aria-label="Copy tag id {value}">Copy</button>'
    )


def paper_list(site: Site, src: str, papers: Iterable[Paper]) -> str:
    items = "".join(paper_item(site, src, p) for p in papers)
    return f'<ul class="pc-list">{items}</ul>' if items else "<p><em>No papers yet.</em></p>"


def table(
    head: list[str],
    rows: Iterable[list[str]],
    numeric: set[int] = frozenset(),  # type: ignore[assignment]
    wrap: str = "",
) -> str:
    """An HTML table (cells already escaped); no class, so the theme styles it like a Markdown table.

    `wrap` is a class for a div around it, for page CSS (papercat.css stacks `pc-stack` tables on a phone).
    """

    def cell(tag: str, i: int, value: str) -> str:
        align = ' style="text-align: right"' if i in numeric else ""
        return f"<{tag}{align}>{value}</{tag}>"

    header = "".join(cell("th", i, h) for i, h in enumerate(head))
    body = "".join("<tr>" + "".join(cell("td", i, c) for i, c in enumerate(row)) + "</tr>" for row in rows)
    html = f"<table><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>"
    return f'<div class="{wrap}">{html}</div>' if wrap else html
