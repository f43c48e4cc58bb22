"""The browse page: its data (compact JSON) and its filter form, a template shipped beside this module."""

from __future__ import annotations

import html
import json
from importlib import resources
from string import Template

from .. import markup
from ..model import Paper
from .elements import MONTHS, front_matter
from .links import asset_href, href
from .model import Site, sort_newest

_FORM = Template((resources.files(__package__) / "browse.html").read_text(encoding="utf-8"))
"""The browse page's filter form and results list; `$data` is where the index goes."""


def browse_index(site: Site) -> str:
    """The browse page's data: compact JSON, one short array per paper, tags and topics by number.

    `papers`: [id, title, date as yyyymmdd (0 unknown, mmdd for a month-day date), upvotes (-1
    unknown), has code (0/1), [tag numbers]], newest first. Abstracts are not repeated here: the text
    box searches the site's search index, which has them already.
    """
    tag_ids = list(site.vocabulary.tags)
    number = {t: i for i, t in enumerate(tag_ids)}

    def day(p: Paper) -> int:
        d = p.published or ""
        if d[:1].isdigit():
            return int(d.replace("-", ""))
        if d:
            month, dom = d.split()
            return MONTHS.index(month) * 100 + int(dom)
        return 0

    data = {
        "tags": [[t, markup.plain(site.vocabulary.tags[t].name)] for t in tag_ids],
        "topics": [[t.id, markup.plain(t.title), [number[x] for x in t.tags if x in number]] for t in site.topics],
        "papers": [
            [
                p.id,
                markup.plain(p.title),
                day(p),
                -1 if p.upvotes is None else p.upvotes,
                int(bool(p.code)),
                [number[t] for t in p.tags if t in number],
            ]
            for p in sort_newest(site.papers)
        ],
    }
    # "<" escaped so the file could even be inlined in HTML safely
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c") + "\n"


def render_browse(site: Site, index: str) -> str:
    """The browse page: filter controls and a results list, driven by assets/browse.js.

    `index` is the browse index (`browse_index`), made once and both embedded here and written as a file.
    """
    src = "browse.md"
    values = {
        "index": asset_href(site, src, "assets/browse-index.json"),
        "search": asset_href(site, src, "search/search_index.json"),
        "papers": asset_href(site, src, "papers/"),
        "suffix": "/" if site.directory_urls else ".html",
        "all_papers": href(site, src, "all-papers.md"),
    }
    form = {key: html.escape(value) for key, value in values.items()}
    # a hidden element, not <script type="application/json">: the theme's instant navigation re-runs
    # every <script> in a swapped page as JavaScript, whatever its type
    form["data"] = f'<div id="pc-browse-data" hidden>{html.escape(index.strip(), quote=False)}</div>'
    # The index rides in the page and the script runs right after the controls, before the theme's
    # bundle: the first results are built while the page is still parsing, with no extra request.
    script = f'<script src="{html.escape(asset_href(site, src, "assets/browse.js"))}"></script>'
    front = front_matter("Browse", "", {"search": "\n  exclude: true", "hide": "\n  - toc"})
    return "\n".join([front, "# Browse", "", _FORM.substitute(form) + script, ""])
