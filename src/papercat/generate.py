"""Render the site's Markdown pages from the catalogue: home, papers, tags, topics and indexes.

Pure: `site_pages(site)` returns {relative path: Markdown text}; `store` writes them. Pages are plain
Markdown with YAML front matter, so any MkDocs-compatible builder can take them. Untrusted text goes
through `markup` and never becomes markup; links are built here from ids (slugs) only.
"""

from __future__ import annotations

import calendar
import functools
import html
import json
import posixpath
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from . import markup
from .markup import escaped as esc
from .model import Paper
from .tags import TagVocabulary, Topic

MONTHS = tuple(calendar.month_abbr)
"""Month abbreviations by number (1-12), looked up once: calendar.month_abbr formats a date per lookup."""
RECENT = 10
"""Papers listed under "recently added" on the home page."""
RELATED = 6
"""Related tags listed on a tag page."""
NOT_SEARCHED = {"search": "\n  exclude: true"}
"""Front matter keeping listing pages out of the search index: a query should find the paper's own
page, not every index that lists its title (and indexing long lists is most of the build time)."""


@dataclass
class Site:
    """Everything the pages are made of."""

    papers: list[Paper]
    vocabulary: TagVocabulary
    topics: list[Topic]
    repo_url: str = ""
    branch: str = "main"
    site_name: str = "papercat"
    directory_urls: bool = True
    """MkDocs' use_directory_urls: where pages land, so links in HTML blocks point right."""

    def __post_init__(self) -> None:
        self.by_id = {p.id: p for p in self.papers}
        self.by_tag: dict[str, list[Paper]] = defaultdict(list)
        for paper in sort_newest(self.papers):
            for tag in paper.tags:
                self.by_tag[tag].append(paper)
        self.topics_of_tag: dict[str, list[Topic]] = defaultdict(list)
        for topic in self.topics:
            for tag in topic.tags:
                self.topics_of_tag[tag].append(topic)

    def edit_url(self, path: str) -> str:
        return f"{self.repo_url.rstrip('/')}/edit/{self.branch}/{path}" if self.repo_url else ""

    def topic_papers(self, topic: Topic) -> list[Paper]:
        seen: dict[str, Paper] = {}
        for tag in topic.tags:
            for paper in self.by_tag.get(tag, []):
                seen.setdefault(paper.id, paper)
        return sort_newest(seen.values())


def visible_papers(papers: Iterable[Paper]) -> tuple[list[Paper], set[str]]:
    """Papers to publish, and the ids folded into others.

    A file named in another's `same_as` is folded into that paper (its sources too); a retired paper
    (its file kept so that its listings stay claimed) is never published, nor folded into another.
    """
    by_id = {p.id: p for p in papers}
    hidden = {other for p in by_id.values() for other in p.same_as if other != p.id and other in by_id}
    shown = []
    for paper in sorted(by_id.values(), key=lambda p: p.id):
        if paper.id in hidden or paper.retired:
            continue
        folded = [by_id[other] for other in paper.same_as if other in hidden]
        extra = [s for other in folded if not other.retired for s in other.sources]
        shown.append(replace(paper, sources=sorted({*paper.sources, *extra})) if extra else paper)
    return shown, hidden


# --- small helpers --------------------------------------------------------------------------------


def date_key(paper: Paper) -> tuple[int, str]:
    """Sort key on the publication date: full dates by date, month-day dates and unknown ones after."""
    d = paper.published or ""
    return (2, d) if d[:1].isdigit() else (1, d) if d else (0, "")


def sort_newest(papers: Iterable[Paper]) -> list[Paper]:
    """Newest first; papers without a full date after, then by title."""
    by_title = sorted(papers, key=lambda p: (p.title.casefold(), p.id))
    return sorted(by_title, key=date_key, reverse=True)


def show_date(published: str | None) -> str:
    """`2023-02-22` -> `Feb 22, 2023`; a month-day date as shown; unknown -> an en dash. HTML-escaped."""
    if not published:
        return "–"
    if published[:1].isdigit():
        year, month, day = published.split("-")
        return f"{MONTHS[int(month)]} {int(day)}, {year}"
    return esc(published)


def year_of(paper: Paper) -> int | None:
    return int(paper.published[:4]) if paper.published and paper.published[:1].isdigit() else None


def front_matter(title: str, edit_url: str = "", extra: dict[str, str] | None = None) -> str:
    lines = ["---", f"title: {markup.meta_title(title)}"]
    # read by mkdocs_hooks: generated pages edit their real source, or show no edit button
    lines.append(f"edit_url: {markup.yaml_string(edit_url)}")
    for key, value in (extra or {}).items():
        lines.append(f"{key}:{value}" if value.startswith("\n") else f"{key}: {value}")
    return "\n".join([*lines, "---"]) + "\n"


def page_url(path: str, directory_urls: bool) -> str:
    """Where MkDocs puts a page, from its docs path (`papers/x.md` -> `papers/x/` or `papers/x.html`)."""
    stem = path[: -len(".md")]
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    return stem[: -len("index")] if stem.endswith("/index") else stem + "/"


@functools.cache
def _parts(path: str) -> tuple[str, ...]:
    return tuple(p for p in path.split("/") if p not in ("", "."))


@functools.cache
def _base(src: str, directory_urls: bool) -> tuple[str, ...]:
    source = page_url(src, directory_urls)
    return _parts(source if source.endswith("/") else posixpath.dirname(source))


def asset_href(site: Site, src: str, path: str) -> str:
    """The relative link from page `src` to a file or folder of the built site (`assets/browse.js`).

    What posixpath.relpath gives, without its abspath calls (most of generate's time at 10k papers).
    """
    base, target = _base(src, site.directory_urls), _parts(path)
    common = 0
    while common < min(len(base), len(target)) and base[common] == target[common]:
        common += 1
    rel = "/".join([".."] * (len(base) - common) + list(target[common:])) or "."
    return rel + "/" if path.endswith("/") and not rel.endswith("/") else rel


def href(site: Site, src: str, dst: str) -> str:
    """The relative link from page `src` to page `dst` (docs paths), as the built site needs it."""
    return asset_href(site, src, page_url(dst, site.directory_urls) or "./")


def a(site: Site, src: str, dst: str, label: str) -> str:
    """A link to another page, its label escaped text."""
    return f'<a href="{href(site, src, dst)}">{esc(label)}</a>'


def known_tags(site: Site, paper: Paper) -> list[str]:
    return [t for t in paper.tags if t in site.vocabulary.tags]


def tag_a(site: Site, src: str, tag: str) -> str:
    return a(site, src, f"tags/{tag}.md", site.vocabulary.tags[tag].name)


def paper_item(site: Site, src: str, paper: Paper) -> str:
    """One list item: linked title, date, tag names."""
    tags = ", ".join(site.vocabulary.tags[t].name for t in known_tags(site, paper))
    tail = f" · {esc(tags)}" if tags else ""
    return f"<li>{a(site, src, f'papers/{paper.id}.md', paper.title)} · {show_date(paper.published)}{tail}</li>"


def paper_list(site: Site, src: str, papers: Iterable[Paper]) -> str:
    items = "".join(paper_item(site, src, p) for p in papers)
    return f'<ul class="pc-list">{items}</ul>' if items else "<p><em>No papers yet.</em></p>"


def table(head: list[str], rows: Iterable[list[str]], numeric: set[int] = frozenset()) -> str:  # type: ignore[assignment]
    """An HTML table (cells already escaped); no class, so the theme styles it like a Markdown table."""

    def cell(tag: str, i: int, value: str) -> str:
        align = ' style="text-align: right"' if i in numeric else ""
        return f"<{tag}{align}>{value}</{tag}>"

    header = "".join(cell("th", i, h) for i, h in enumerate(head))
    body = "".join("<tr>" + "".join(cell("td", i, c) for i, c in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>"


# --- pages ----------------------------------------------------------------------------------------
# Each page is Markdown for its H1 and section headings (title, table of contents) and HTML blocks
# of escaped text for everything else: Markdown passes HTML blocks through, so untrusted text stays
# inert and the build skips Markdown's inline pass, which dominated the build time on long pages.


def render_paper(site: Site, paper: Paper) -> str:
    """One paper's page.

    Lean on purpose: every element of a page's body is parsed three times in pure Python (by
    Python-Markdown's raw-HTML pass, by MkDocs' anchor scan and by the search plugin), so facts, links
    and sources are lines of text in a few paragraphs rather than lists and tables.
    """
    src = f"papers/{paper.id}.md"
    edit = site.edit_url(f"catalogue/papers/{paper.id}.yaml")
    out = [front_matter(paper.title, edit, {"search": "\n  boost: 2"}), f"# {markup.text(paper.title)}", ""]
    facts = [f"Published {show_date(paper.published)}"]
    if paper.authors_count:
        facts.append(f"{paper.authors_count} {'author' if paper.authors_count == 1 else 'authors'}")
    if paper.upvotes is not None:
        facts.append(f"{paper.upvotes} {'upvote' if paper.upvotes == 1 else 'upvotes'}")
    body = [f'<p class="pc-facts">{" · ".join(facts)}</p>']
    tags = known_tags(site, paper)
    topics = sorted({t.id: t for tag in tags for t in site.topics_of_tag.get(tag, [])}.values(), key=lambda t: t.id)
    lines = []
    if tags:
        lines.append("Tags: " + " · ".join(tag_a(site, src, t) for t in tags))
    if topics:
        lines.append("Topics: " + " · ".join(a(site, src, f"topics/{t.id}.md", t.title) for t in topics))
    if lines:
        body.append(f'<p class="pc-tags">{"<br>".join(lines)}</p>')
    abstract = markup.block(paper.abstract, "pc-abstract") if paper.abstract else "<p><em>No abstract.</em></p>"
    # headings without ids: the search plugin then keeps title, tags and abstract as one document
    body += ["<h2>Abstract</h2>", abstract]
    code = [u for u in paper.code if markup.safe_url(u)]
    if code:
        code_links = "<br>".join(f'<a href="{html.escape(u)}" rel="nofollow noopener">{esc(u)}</a>' for u in code)
        body += ["<h2>Code</h2>", f'<p class="pc-code">{code_links}</p>']
    if paper.notes.strip():
        body += ["<h2>Notes</h2>", markup.paragraphs(paper.notes).replace("\n\n", "\n")]
    q = markup.query(paper.title)
    links = []
    if edit:
        links.append(
            f"<a href=\"{html.escape(edit)}\">Suggest a tag edit</a> (opens this paper's file in GitHub's editor)"
        )
    links.append(
        f'<a href="https://arxiv.org/search/?query={q}&amp;searchtype=title" rel="nofollow noopener">'
        "Search arXiv for this title</a>"
    )
    links.append(
        f'<a href="https://huggingface.co/papers?q={q}" rel="nofollow noopener">Search Hugging Face Papers</a>'
    )
    sources = "; ".join(f"{esc(s.dump)}, line {s.line}" for s in paper.sources) or "none recorded"
    # links and sources are the same words on every page: kept out of the search index
    body += [
        "<div data-search-exclude>",
        "<h2>Links</h2>",
        f'<p class="pc-links">{"<br>".join(links)}</p>',
        f'<p class="pc-sources">Sources: {sources}</p>',
        "</div>",
    ]
    # HTML blocks: Markdown passes them through whole, and their text cannot become markup
    out += ["\n".join(body), ""]
    return "\n".join(out)


def related_tags(site: Site, tag: str) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    for paper in site.by_tag.get(tag, []):
        counts.update(t for t in known_tags(site, paper) if t != tag)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:RELATED]


def render_tag(site: Site, tag_id: str) -> str:
    """One tag's page: description, count, related tags, papers newest first."""
    src = f"tags/{tag_id}.md"
    tag = site.vocabulary.tags[tag_id]
    papers = site.by_tag.get(tag_id, [])
    out = [front_matter(f"Tag: {tag.name}", site.edit_url("catalogue/tags.yml"), NOT_SEARCHED)]
    out += [f"# {markup.text(tag.name)}", ""]
    facts = [f"<strong>{len(papers)}</strong> {'paper' if len(papers) == 1 else 'papers'}"]
    topics = site.topics_of_tag.get(tag_id, [])
    if topics:
        facts.append("in " + ", ".join(a(site, src, f"topics/{t.id}.md", t.title) for t in topics))
    head = [f'<p class="pc-description">{esc(tag.description)}</p>', f'<p class="pc-facts">{" ".join(facts)}</p>']
    related = related_tags(site, tag_id)
    if related:
        links = " · ".join(f"{tag_a(site, src, t)} ({n})" for t, n in related)
        head.append(f'<p class="pc-related"><strong>Related tags</strong> {links}</p>')
    out += ['<div class="pc-head">' + "".join(head) + "</div>", ""]
    out += ["## Papers", "", paper_list(site, src, papers), ""]
    return "\n".join(out)


def render_topic(site: Site, topic: Topic) -> str:
    """One topic's page: description, its tags with counts, the papers grouped by tag (each once)."""
    src = f"topics/{topic.id}.md"
    papers = site.topic_papers(topic)
    out = [front_matter(f"Topic: {topic.title}", site.edit_url("catalogue/topics.yml"), NOT_SEARCHED)]
    out += [f"# {markup.text(topic.title)}", ""]
    tags = [t for t in topic.tags if t in site.vocabulary.tags]
    items = "".join(f"<li>{tag_a(site, src, t)} ({len(site.by_tag.get(t, []))})</li>" for t in tags)
    out += [
        f'<div class="pc-head"><p class="pc-description">{esc(topic.description)}</p>'
        f'<p class="pc-facts"><strong>{len(papers)}</strong> papers under {len(tags)} tags.</p></div>',
        "",
        "## Tags",
        "",
        f'<ul class="pc-tag-list">{items}</ul>',
        "",
        "<p>Each paper is listed once, under the first of its tags in the order above.</p>",
        "",
    ]
    listed: set[str] = set()
    for tag in tags:
        papers_here = [p for p in site.by_tag.get(tag, []) if p.id not in listed]
        listed.update(p.id for p in papers_here)
        out += [f"## {markup.text(site.vocabulary.tags[tag].name)}", "", paper_list(site, src, papers_here), ""]
    return "\n".join(out)


def render_tags_index(site: Site) -> str:
    src = "tags/index.md"
    out = [front_matter("Tags", "", NOT_SEARCHED), "# Tags", ""]
    ordered = sorted(site.vocabulary.tags.values(), key=lambda t: (-len(site.by_tag.get(t.id, [])), t.id))
    rows = [[tag_a(site, src, t.id), str(len(site.by_tag.get(t.id, []))), esc(t.description)] for t in ordered]
    out += [
        f"<p>{len(site.vocabulary.tags)} tags, most used first.</p>",
        "",
        table(["Tag", "Papers", "Description"], rows, {1}),
        "",
    ]
    return "\n".join(out)


def render_topics_index(site: Site) -> str:
    src = "topics/index.md"
    out = [front_matter("Topics", "", NOT_SEARCHED), "# Topics", ""]
    for topic in site.topics:
        tags = " · ".join(tag_a(site, src, t) for t in topic.tags if t in site.vocabulary.tags)
        out += [
            f"## {markup.text(topic.title)}",
            "",
            f'<p class="pc-description">{esc(topic.description)}</p><p>'
            f"{a(site, src, f'topics/{topic.id}.md', f'{len(site.topic_papers(topic))} papers')} · {tags}</p>",
            "",
        ]
    return "\n".join(out)


def render_all_papers(site: Site) -> str:
    """All papers in one table, newest first. Tag names are text here, not links: this page grows with
    the catalogue, and each link costs build time (tags link from every paper page and the tags index)."""
    src = "all-papers.md"
    out = [front_matter("All papers", "", NOT_SEARCHED), "# All papers", ""]
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


def added_order(paper: Paper) -> tuple:
    """When a paper first appeared: its earliest source (dumps are named in the order they came)."""
    first = min(paper.sources) if paper.sources else ("", 0)
    return (first[0], first[1], paper.id)


def render_home(site: Site) -> str:
    src = "index.md"
    years = [y for p in site.papers if (y := year_of(p))]
    span = f", published {min(years)}–{max(years)}" if years else ""
    out = [front_matter(site.site_name, "", NOT_SEARCHED), f"# {markup.text(site.site_name)}", ""]
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
    index_url = asset_href(site, src, "assets/browse-index.json")
    papers_base = asset_href(site, src, "papers/")
    search_url = asset_href(site, src, "search/search_index.json")
    front = front_matter("Browse", "", {"search": "\n  exclude: true", "hide": "\n  - toc"})
    controls = f"""<div id="pc-browse" class="pc-browse" data-index="{index_url}" data-search="{search_url}" \
data-papers="{papers_base}" data-suffix="{"/" if site.directory_urls else ".html"}">
<form class="pc-filters" role="search" aria-label="Filter papers" onsubmit="return false">
<p class="pc-field pc-field-text"><label for="pc-q">Words in title or abstract</label>
<input id="pc-q" name="q" type="search" autocomplete="off" placeholder="e.g. neural operator"></p>
<p class="pc-field"><label for="pc-topic">Topic</label><select id="pc-topic" name="topic">\
<option value="">Any topic</option>
</select></p>
<p class="pc-field pc-years"><label for="pc-from">Published from</label>
<input id="pc-from" name="from" type="number" inputmode="numeric" min="1900" max="2100" placeholder="year">
<label for="pc-to">to</label>
<input id="pc-to" name="to" type="number" inputmode="numeric" min="1900" max="2100" placeholder="year"></p>
<p class="pc-field"><label><input id="pc-code" name="code" type="checkbox"> Has code</label></p>
<p class="pc-field"><label for="pc-sort">Sort by</label><select id="pc-sort" name="sort">\
<option value="newest">Newest</option><option value="upvotes">Most upvoted</option><option value="title">Title</option>\
</select></p>
<fieldset class="pc-tags-filter"><legend>Tags</legend>
<p class="pc-match"><label><input type="radio" name="match" value="any" checked> any of the chosen tags</label>
<label><input type="radio" name="match" value="all"> all of them</label></p>
<div id="pc-tag-boxes" class="pc-tag-boxes"></div></fieldset>
<p><button id="pc-clear" type="button" class="md-button">Clear all</button></p>
</form>
<p id="pc-count" class="pc-count" role="status" aria-live="polite">Loading…</p>
<ol id="pc-results" class="pc-results"></ol>
<p><button id="pc-more" type="button" class="md-button" hidden>Show more</button></p>
<noscript><p>This page needs JavaScript. The <a href="{href(site, src, "all-papers.md")}">full list</a> works \
without it.</p></noscript>
</div>"""
    # The index rides in the page and the script runs right after the controls, before the theme's
    # bundle: the first results are built while the page is still parsing, with no extra request.
    script = asset_href(site, src, "assets/browse.js")
    # a hidden element, not <script type="application/json">: the theme's instant navigation re-runs
    # every <script> in a swapped page as JavaScript, whatever its type
    data = f'<div id="pc-browse-data" hidden>{html.escape(index.strip(), quote=False)}</div>'
    tail = f'<script src="{script}"></script>'
    out = [
        front,
        "# Browse",
        "",
        controls.replace("\\\n", "").replace("\n</div>", f"\n{data}\n</div>") + "\n" + tail,
        "",
    ]
    return "\n".join(out)


def site_pages(site: Site) -> Iterator[tuple[str, str]]:
    """Every generated page as (path under docs/, Markdown), and the browse index."""
    index = browse_index(site)
    yield "index.md", render_home(site)
    yield "browse.md", render_browse(site, index)
    yield "assets/browse-index.json", index
    yield "all-papers.md", render_all_papers(site)
    yield "tags/index.md", render_tags_index(site)
    yield "topics/index.md", render_topics_index(site)
    for tag in site.vocabulary.tags:
        yield f"tags/{tag}.md", render_tag(site, tag)
    for topic in site.topics:
        yield f"topics/{topic.id}.md", render_topic(site, topic)
    for paper in site.papers:
        yield f"papers/{paper.id}.md", render_paper(site, paper)
