"""One paper's page."""

from __future__ import annotations

import html

from .. import markup
from ..markup import escaped as esc
from ..model import Paper
from .elements import FILTER_TAG, FILTER_TOPIC, a, front_matter, known_tags, show_date, tag_a
from .model import UNDATED, Site, sort_date, title_key, year_of

# The page is one HTML block of escaped text (its title an HTML h1 inside Pagefind's body): Markdown
# passes HTML blocks through, so untrusted text stays inert and the build skips Markdown's inline pass.


def render_paper(site: Site, paper: Paper) -> str:
    """One paper's page.

    Lean on purpose: every element of a page's body is parsed twice in pure Python (by Python-Markdown's
    raw-HTML pass and by MkDocs' anchor scan), so facts, links and sources are lines of text in a few
    paragraphs rather than lists and tables.
    """
    src = f"papers/{paper.id}.md"
    edit = site.edit_url(f"catalogue/papers/{paper.id}.yaml")
    out = [front_matter(paper.title, edit)]
    # Pagefind indexes only what is inside data-pagefind-body (paper pages alone carry it): the title
    # (weight 10, the highest), facts, tag and topic names (also filters) and the abstract. Sort keys
    # and filter values ride in attributes: hidden text would be indexed as words.
    body = [
        f'<div class="pc-paper" data-pagefind-body data-pagefind-sort="date:{sort_date(paper)}" '
        f'data-pagefind-filter="year:{year_of(paper) or UNDATED}">',
        f'<h1 data-pagefind-weight="10" data-pagefind-meta="title" '
        f'data-pagefind-sort="title:{title_key(paper)}">{esc(paper.title)}</h1>',
    ]
    facts = [f'Published <span data-pagefind-meta="date">{show_date(paper.published)}</span>']
    if paper.authors_count:
        facts.append(f"{paper.authors_count} {'author' if paper.authors_count == 1 else 'authors'}")
    if paper.upvotes is not None:
        facts.append(f"{paper.upvotes} {'upvote' if paper.upvotes == 1 else 'upvotes'}")
    upvotes = paper.upvotes or 0
    code_filter = ' data-pagefind-filter="code:yes"' if any(markup.safe_url(u) for u in paper.code) else ""
    body.append(
        f'<p class="pc-facts" data-pagefind-sort="upvotes:{upvotes:08d}" '
        f'data-pagefind-meta="upvotes:{upvotes}"{code_filter}>{" · ".join(facts)}</p>'
    )
    tags = known_tags(site, paper)
    topics = sorted({t.id: t for tag in tags for t in site.topics_of_tag.get(tag, [])}.values(), key=lambda t: t.id)
    lines = []
    if tags:
        lines.append("Tags: " + " · ".join(tag_a(site, src, t, FILTER_TAG) for t in tags))
    if topics:
        topic_links = (a(site, src, f"topics/{t.id}.md", t.title, FILTER_TOPIC) for t in topics)
        lines.append("Topics: " + " · ".join(topic_links))
    if lines:
        body.append(f'<p class="pc-tags">{"<br>".join(lines)}</p>')
    abstract = markup.block(paper.abstract, "pc-abstract") if paper.abstract else "<p><em>No abstract.</em></p>"
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
        "</div>",
        "<div data-pagefind-ignore>",
        "<h2>Links</h2>",
        f'<p class="pc-links">{"<br>".join(links)}</p>',
        f'<p class="pc-sources">Sources: {sources}</p>',
        "</div>",
    ]
    # HTML blocks: Markdown passes them through whole, and their text cannot become markup
    out += ["\n".join(body), ""]
    return "\n".join(out)
