"""Render the site's Markdown pages from the catalogue: home, papers, tags, topics and indexes.

Pure: `site_pages(site)` returns {relative path: Markdown text}; `store` writes them. Pages are plain
Markdown with YAML front matter, so any MkDocs-compatible builder can take them. Untrusted text goes
through `markup` and never becomes markup; links are built here from ids (slugs) only.
"""

from __future__ import annotations

import calendar
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from . import markup
from .model import Paper
from .tags import TagVocabulary, Topic

RECENT = 10
"""Papers listed under "recently added" on the home page."""
RELATED = 6
"""Related tags listed on a tag page."""


@dataclass
class Site:
    """Everything the pages are made of."""

    papers: list[Paper]
    vocabulary: TagVocabulary
    topics: list[Topic]
    repo_url: str = ""
    branch: str = "main"
    site_name: str = "papercat"
    hidden: set[str] = field(default_factory=set)
    """Ids of paper files that another paper declares `same_as`: not published on their own."""

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
    """Papers to publish: a file named in another's `same_as` is folded into that paper (its sources too)."""
    by_id = {p.id: p for p in papers}
    hidden = {other for p in by_id.values() for other in p.same_as if other != p.id and other in by_id}
    shown = []
    for paper in sorted(by_id.values(), key=lambda p: p.id):
        if paper.id in hidden:
            continue
        extra = [s for other in paper.same_as if other in hidden for s in by_id[other].sources]
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
    """`2023-02-22` -> `Feb 22, 2023`; a month-day date as shown; unknown -> an en dash."""
    if not published:
        return "–"
    if published[:1].isdigit():
        year, month, day = published.split("-")
        return f"{calendar.month_abbr[int(month)]} {int(day)}, {year}"
    return markup.text(published)


def year_of(paper: Paper) -> int | None:
    return int(paper.published[:4]) if paper.published and paper.published[:1].isdigit() else None


def front_matter(title: str, edit_url: str = "", extra: dict[str, str] | None = None) -> str:
    lines = ["---", f"title: {markup.meta_title(title)}"]
    # read by mkdocs_hooks: generated pages edit their real source, or show no edit button
    lines.append(f"edit_url: {json.dumps(edit_url)}")
    for key, value in (extra or {}).items():
        lines.append(f"{key}:{value}" if value.startswith("\n") else f"{key}: {value}")
    return "\n".join([*lines, "---"]) + "\n"


def paper_link(paper: Paper, prefix: str) -> str:
    return f"[{markup.text(paper.title)}]({prefix}papers/{paper.id}.md)"


def tag_link(site: Site, tag: str, prefix: str) -> str:
    name = site.vocabulary.tags[tag].name if tag in site.vocabulary.tags else tag
    return f"[{markup.text(name)}]({prefix}tags/{tag}.md)"


def topic_link(topic: Topic, prefix: str) -> str:
    return f"[{markup.text(topic.title)}]({prefix}topics/{topic.id}.md)"


def known_tags(site: Site, paper: Paper) -> list[str]:
    return [t for t in paper.tags if t in site.vocabulary.tags]


def paper_line(site: Site, paper: Paper, prefix: str) -> str:
    """One list item: linked title, date, tags."""
    tags = ", ".join(site.vocabulary.tags[t].name for t in known_tags(site, paper))
    tail = f" · {markup.text(tags)}" if tags else ""
    return f"- {paper_link(paper, prefix)} · {show_date(paper.published)}{tail}"


# --- pages ----------------------------------------------------------------------------------------


def render_paper(site: Site, paper: Paper) -> str:
    """One paper's page."""
    edit = site.edit_url(f"catalogue/papers/{paper.id}.yaml")
    out = [front_matter(paper.title, edit, {"search": "\n  boost: 2"}), f"# {markup.text(paper.title)}", ""]
    facts = [f"**Published** {show_date(paper.published)}"]
    if paper.authors_count:
        facts.append(f"**Authors** {paper.authors_count}")
    if paper.upvotes is not None:
        facts.append(f"**Upvotes** {paper.upvotes}")
    out += [" · ".join(facts), ""]
    tags = known_tags(site, paper)
    if tags:
        out += ["**Tags** " + " · ".join(tag_link(site, t, "../") for t in tags), ""]
    topics = sorted({t.id: t for tag in tags for t in site.topics_of_tag.get(tag, [])}.values(), key=lambda t: t.id)
    if topics:
        out += ["**Topics** " + " · ".join(topic_link(t, "../") for t in topics), ""]
    out += ["## Abstract", "", markup.text(paper.abstract) if paper.abstract else "*No abstract.*", ""]
    code = [u for u in paper.code if markup.safe_url(u)]
    if code:
        out += ["## Code", "", *(f"- {markup.link(u, u)}" for u in code), ""]
    if paper.notes.strip():
        out += ["## Notes", "", markup.paragraphs(paper.notes), ""]
    q = markup.query(paper.title)
    out += ["## Links", ""]
    if edit:
        out.append(f"- [Suggest a tag edit](<{edit}>) (opens this paper's file in GitHub's editor)")
    out += [
        f"- [Search arXiv for this title](<https://arxiv.org/search/?query={q}&searchtype=title>)",
        f"- [Search Hugging Face Papers](<https://huggingface.co/papers?q={q}>)",
        "",
        "## Sources",
        "",
        "| Dump | Line |",
        "| --- | ---: |",
        *(f"| {markup.text(s.dump)} | {s.line} |" for s in paper.sources),
        "",
    ]
    return "\n".join(out)


def related_tags(site: Site, tag: str) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    for paper in site.by_tag.get(tag, []):
        counts.update(t for t in known_tags(site, paper) if t != tag)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:RELATED]


def render_tag(site: Site, tag_id: str) -> str:
    """One tag's page: description, count, related tags, papers newest first."""
    tag = site.vocabulary.tags[tag_id]
    papers = site.by_tag.get(tag_id, [])
    out = [front_matter(f"Tag: {tag.name}", site.edit_url("catalogue/tags.yml")), f"# {markup.text(tag.name)}", ""]
    out += [markup.text(tag.description), ""]
    facts = [f"**{len(papers)}** {'paper' if len(papers) == 1 else 'papers'}"]
    topics = site.topics_of_tag.get(tag_id, [])
    if topics:
        facts.append("in " + ", ".join(topic_link(t, "../") for t in topics))
    out += [" ".join(facts), ""]
    related = related_tags(site, tag_id)
    if related:
        out += ["**Related tags** " + " · ".join(f"{tag_link(site, t, '../')} ({n})" for t, n in related), ""]
    out += ["## Papers", "", *(paper_line(site, p, "../") for p in papers), ""]
    return "\n".join(out)


def render_topic(site: Site, topic: Topic) -> str:
    """One topic's page: description, its tags with counts, the papers grouped by tag."""
    papers = site.topic_papers(topic)
    out = [front_matter(f"Topic: {topic.title}", site.edit_url("catalogue/topics.yml"))]
    out += [f"# {markup.text(topic.title)}", "", markup.text(topic.description), ""]
    out += [f"**{len(papers)}** papers under {len(topic.tags)} tags.", "", "## Tags", ""]
    tags = [t for t in topic.tags if t in site.vocabulary.tags]
    out += [f"- {tag_link(site, t, '../')} ({len(site.by_tag.get(t, []))})" for t in tags]
    out.append("")
    for tag in tags:
        out += [f"## {markup.text(site.vocabulary.tags[tag].name)}", ""]
        out += [paper_line(site, p, "../") for p in site.by_tag.get(tag, [])] or ["*No papers yet.*"]
        out.append("")
    return "\n".join(out)


def render_tags_index(site: Site) -> str:
    out = [front_matter("Tags"), "# Tags", "", f"{len(site.vocabulary.tags)} tags, most used first.", ""]
    out += ["| Tag | Papers | Description |", "| --- | ---: | --- |"]
    ordered = sorted(site.vocabulary.tags.values(), key=lambda t: (-len(site.by_tag.get(t.id, [])), t.id))
    for tag in ordered:
        out.append(
            f"| {tag_link(site, tag.id, '../')} | {len(site.by_tag.get(tag.id, []))} | {markup.text(tag.description)} |"
        )
    return "\n".join([*out, ""])


def render_topics_index(site: Site) -> str:
    out = [front_matter("Topics"), "# Topics", ""]
    for topic in site.topics:
        out += [f"## {topic_link(topic, '../')}", "", markup.text(topic.description), ""]
        out += [
            f"{len(site.topic_papers(topic))} papers · "
            + " · ".join(tag_link(site, t, "../") for t in topic.tags if t in site.vocabulary.tags),
            "",
        ]
    return "\n".join(out)


def render_all_papers(site: Site) -> str:
    """All papers in one table, newest first (the browse page filters them)."""
    out = [front_matter("All papers"), "# All papers", "", f"{len(site.papers)} papers, newest first.", ""]
    out += ["| Paper | Published | Tags |", "| --- | --- | --- |"]
    for paper in sort_newest(site.papers):
        tags = ", ".join(tag_link(site, t, "") for t in known_tags(site, paper))
        out.append(f"| {paper_link(paper, '')} | {show_date(paper.published)} | {tags} |")
    return "\n".join([*out, ""])


def added_order(paper: Paper) -> tuple:
    """When a paper first appeared: its earliest source (dumps are named in the order they came)."""
    first = min(paper.sources) if paper.sources else ("", 0)
    return (first[0], first[1], paper.id)


def render_home(site: Site) -> str:
    years = [y for p in site.papers if (y := year_of(p))]
    span = f", published {min(years)}–{max(years)}" if years else ""
    out = [front_matter(site.site_name), f"# {markup.text(site.site_name)}", ""]
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
        "| Topic | Papers | |",
        "| --- | ---: | --- |",
    ]
    for topic in site.topics:
        out.append(f"| {topic_link(topic, '')} | {len(site.topic_papers(topic))} | {markup.text(topic.description)} |")
    out += ["", "## Recently added", ""]
    recent = sorted(site.papers, key=added_order, reverse=True)[:RECENT]
    out += [paper_line(site, p, "") for p in recent]
    return "\n".join([*out, ""])


def site_pages(site: Site) -> Iterator[tuple[str, str]]:
    """Every generated page as (path under docs/, Markdown)."""
    yield "index.md", render_home(site)
    yield "all-papers.md", render_all_papers(site)
    yield "tags/index.md", render_tags_index(site)
    yield "topics/index.md", render_topics_index(site)
    for tag in site.vocabulary.tags:
        yield f"tags/{tag}.md", render_tag(site, tag)
    for topic in site.topics:
        yield f"topics/{topic.id}.md", render_topic(site, topic)
    for paper in site.papers:
        yield f"papers/{paper.id}.md", render_paper(site, paper)
