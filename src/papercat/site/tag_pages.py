"""The tag and topic pages, and their two index pages."""

from __future__ import annotations

from collections import Counter

from .. import markup
from ..markup import escaped as esc
from ..vocabulary import Tag, Topic
from . import feeds
from .elements import a, copyable_tag_id, front_matter, known_tags, paper_list, table, tag_a
from .model import Site

RELATED = 6
"""Related tags listed on a tag page."""
TOPIC_NEWEST = 10
"""Papers a topic page lists under each of its tags, newest first; the tag's page lists them all. Keeps a
topic page the same size however large the catalogue grows (a topic of 20,000 papers, listed in full, is a
page of several megabytes)."""


def plural(n: int, word: str) -> str:
    return word if n == 1 else word + "s"


def also_called(tag: Tag) -> str:
    """The tag's aliases as text, so that a reader searching the page for one ("MoE") finds the tag."""
    return f"Also called {esc(', '.join(tag.aliases))}"


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
    out = [front_matter(f"Tag: {tag.name}", site.edit_url("catalogue/tags.yml"), feeds.tag_feed_meta(site, tag_id))]
    out += [f"# {markup.text(tag.name)}", "", *feeds.tag_feed_link(site, tag_id)]
    facts = [f"<strong>{len(papers)}</strong> {plural(len(papers), 'paper')}"]
    topics = site.topics_of_tag.get(tag_id, [])
    if topics:
        facts.append("in " + ", ".join(a(site, src, f"topics/{t.id}.md", t.title) for t in topics))
    head = [f'<p class="pc-description">{esc(tag.description)}</p>', f'<p class="pc-facts">{" ".join(facts)}</p>']
    if tag.aliases:
        head.append(f'<p class="pc-aliases">{also_called(tag)}</p>')
    related = related_tags(site, tag_id)
    if related:
        links = " · ".join(f"{tag_a(site, src, t)} ({n})" for t, n in related)
        head.append(f'<p class="pc-related"><strong>Related tags</strong> {links}</p>')
    how = a(site, src, "contributing.md", "how to contribute")
    head.append(
        f'<p class="pc-tag-id">Tag id {copyable_tag_id(tag.id)}<br><span class="pc-hint">Add <code>{esc(tag.id)}'
        f"</code> under <code>tags:</code> in a paper's file to tag it ({how}).</span></p>"
    )
    out += ['<div class="pc-head">' + "".join(head) + "</div>", ""]
    out += ["## Papers", "", paper_list(site, src, papers), ""]
    return "\n".join(out)


def render_topic(site: Site, topic: Topic) -> str:
    """One topic's page: description, its tags with counts, and a section per tag headed by the tag's
    full count, listing its newest papers (a paper under each of its tags) and linking to the rest."""
    src = f"topics/{topic.id}.md"
    papers = site.topic_papers(topic)
    out = [front_matter(f"Topic: {topic.title}", site.edit_url("catalogue/topics.yml"))]
    out += [f"# {markup.text(topic.title)}", ""]
    tags = [t for t in topic.tags if t in site.vocabulary.tags]
    items = "".join(f"<li>{tag_a(site, src, t)} ({len(site.by_tag.get(t, []))})</li>" for t in tags)
    out += [
        f'<div class="pc-head"><p class="pc-description">{esc(topic.description)}</p>'
        f'<p class="pc-facts"><strong>{len(papers)}</strong> {plural(len(papers), "paper")} under {len(tags)}'
        f" {plural(len(tags), 'tag')}.</p></div>",
        "",
        "## Tags",
        "",
        f'<ul class="pc-tag-list">{items}</ul>',
        "",
        f"<p>Below, each tag's newest papers (up to {TOPIC_NEWEST}): a paper with several of these tags is"
        " under each of them, and a tag's page lists all its papers.</p>",
        "",
    ]
    for tag in tags:
        papers_here = site.by_tag.get(tag, [])
        out += [f"## {markup.text(site.vocabulary.tags[tag].name)} ({len(papers_here)})", ""]
        out.append(paper_list(site, src, papers_here[:TOPIC_NEWEST]))
        if len(papers_here) > TOPIC_NEWEST:
            all_papers = a(site, src, f"tags/{tag}.md", f"All {len(papers_here)} papers →")
            out.append(f'<p class="pc-all-link">{all_papers}</p>')
        out.append("")
    return "\n".join(out)


def render_tags_index(site: Site) -> str:
    src = "tags/index.md"
    out = [front_matter("Tags", ""), "# Tags", ""]
    ordered = sorted(site.vocabulary.tags.values(), key=lambda t: (-len(site.by_tag.get(t.id, [])), t.id))
    rows = [
        [
            f'{tag_a(site, src, t.id)}<br><span class="pc-tag-id">{copyable_tag_id(t.id)}</span>',
            str(len(site.by_tag.get(t.id, []))),
            esc(t.description) + (f'<br><span class="pc-aliases">{also_called(t)}</span>' if t.aliases else ""),
        ]
        for t in ordered
    ]
    how = a(site, src, "contributing.md", "how to contribute")
    out += [
        f"<p>{len(site.vocabulary.tags)} tags, most used first. To tag a paper, add the tag's id under"
        f" <code>tags:</code> in the paper's file ({how}).</p>",
        "",
        table(["Tag and its id", "Papers", "Description"], rows, {1}, wrap="pc-stack pc-tags-table"),
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
