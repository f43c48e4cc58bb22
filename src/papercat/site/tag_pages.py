"""The tag and topic pages, and their two index pages."""

from __future__ import annotations

from collections import Counter

from .. import markup
from ..markup import escaped as esc
from ..vocabulary import Topic
from .elements import a, front_matter, known_tags, paper_list, table, tag_a
from .model import Site

RELATED = 6
"""Related tags listed on a tag page."""


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
    out = [front_matter(f"Tag: {tag.name}", site.edit_url("catalogue/tags.yml"))]
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
    out = [front_matter(f"Topic: {topic.title}", site.edit_url("catalogue/topics.yml"))]
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
    out = [front_matter("Tags", ""), "# Tags", ""]
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
    out = [front_matter("Topics", ""), "# Topics", ""]
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
