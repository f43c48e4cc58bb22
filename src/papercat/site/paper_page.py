"""One paper's page: the facts a reader needs first, the note, the abstract, a citation, links, provenance."""

from __future__ import annotations

import html

from .. import markup
from ..markup import escaped as esc
from ..model import Paper
from . import cite
from .elements import FILTER_TAG, FILTER_TOPIC, a, front_matter, known_tags, paper_date, show_date, tag_a
from .links import address
from .model import Site, title_key
from .related_list import related_section

# The page is one HTML block of escaped text (its title an HTML h1 inside Pagefind's body): Markdown
# passes HTML blocks through, so untrusted text stays inert and the build skips Markdown's inline pass.

AUTHORS_SHOWN = 10
"""Authors named before "and N more": a long list (some papers have hundreds) is one click away."""
BIBTEX_ID = "pc-bibtex"
"""The id the copy button reads the entry from: on the `<code>`, since Material's script renames every
`<pre>` (`__code_<id>`) to hang its own code tools on it."""


LABEL = "<span data-pagefind-ignore>%s</span>"
"""A label every page has ("Tags:"), kept out of Pagefind's index: its memory grows with the words it
indexes (12.5 GB at 100,000 papers), and a word on every page finds nothing."""


def authors_block(paper: Paper) -> str:
    """The author names, escaped: all of them, or the first ten and a collapsed full list."""
    names = [esc(n) for n in paper.authors]
    if len(names) <= AUTHORS_SHOWN:
        return f'<p class="pc-authors">{", ".join(names)}</p>' if names else ""
    first = ", ".join(names[:AUTHORS_SHOWN])
    # the summary repeats names of the full list: ignored by Pagefind, so no name counts twice
    return (
        f'<details class="pc-authors"><summary data-pagefind-ignore>{first} and {len(names) - AUTHORS_SHOWN} more'
        f"</summary><p>{', '.join(names)}</p></details>"
    )


def facts_line(paper: Paper) -> str:
    """Date, venue, author count, upvotes: each only when known (never a dash for a gap).

    Only the venue is a word to search by: the rest is numbers and the same words on every page,
    kept out of Pagefind's index (its memory grows with the words it indexes; the date is its meta)."""
    facts = []
    if date := paper_date(paper):
        facts.append(f'<span data-pagefind-ignore>Published <span data-pagefind-meta="date">{date}</span></span>')
    if paper.venue:
        facts.append(f'<span class="pc-venue">{esc(paper.venue)}</span>')
    counts = []
    if paper.authors_count and not paper.authors:  # named authors say how many they are
        counts.append(f"{paper.authors_count} {'author' if paper.authors_count == 1 else 'authors'}")
    if paper.upvotes is not None:
        counts.append(f"{paper.upvotes} {'upvote' if paper.upvotes == 1 else 'upvotes'}")
    facts += [f"<span data-pagefind-ignore>{c}</span>" for c in counts]
    return f'<p class="pc-facts">{" · ".join(facts)}</p>' if facts else ""


def same_title_line(site: Site, src: str, paper: Paper) -> str:
    """Other papers with this title or marked distinct from it, linked with their date and venue."""
    same = [p for p in site.same_title.get(title_key(paper), []) if p.id != paper.id]
    ids = {p.id for p in same}
    marked = [site.by_id[i] for i in paper.distinct_from if i in site.by_id and i not in ids and i != paper.id]

    def item(other: Paper) -> str:
        detail = ", ".join(esc(x) for x in (other.venue, paper_date(other)) if x)
        return a(site, src, f"papers/{other.id}.md", other.title) + (f" ({detail})" if detail else "")

    lines = []
    if same:
        lead = "Another paper in the catalogue has" if len(same) == 1 else "Other papers in the catalogue have"
        lines.append(f"{lead} this title: " + "; ".join(item(p) for p in same) + ".")
    if marked:
        lines.append("Not the same paper as: " + "; ".join(item(p) for p in marked) + ".")
    # the other titles are not this paper's words: kept out of its search entry
    return f'<p class="pc-same-title" data-pagefind-ignore>{"<br>".join(lines)}</p>' if lines else ""


def note_box(paper: Paper) -> str:
    """The curators' notes as an admonition (Material styles `div.admonition`; plain HTML elsewhere)."""
    if not paper.notes.strip():
        return ""
    body = markup.paragraphs(paper.notes).replace("\n\n", "\n")
    return f'<div class="admonition note pc-note">\n<p class="admonition-title">Note</p>\n{body}\n</div>'


def cite_section(site: Site, paper: Paper) -> list[str]:
    """The BibTeX entry as escaped text in a `<pre>`, with a copy button; nothing when not citable."""
    # the entry papers.bib holds: the same key, and this page's address as a last-resort `url`
    page = address(site, f"papers/{paper.id}.md") if site.site_url else ""
    entry = cite.bibtex(paper, page, site.cite_keys.get(paper.id, ""))
    if not entry:
        return []
    return [
        "<h2>Cite</h2>",
        '<div class="pc-cite">',
        f'<pre class="pc-bibtex"><code id="{BIBTEX_ID}">{html.escape(entry.rstrip(), quote=False)}</code></pre>',
        f'<p><button class="pc-copy" type="button" data-copy-from="{BIBTEX_ID}">Copy BibTeX</button></p>',
        "</div>",
    ]


def links_line(paper: Paper, edit: str) -> str:
    """Where to read the paper (arXiv, its own page) and find it elsewhere, then the edit link."""
    links = []
    if paper.arxiv:
        abs_url, pdf_url = html.escape(cite.arxiv_url(paper.arxiv)), html.escape(cite.arxiv_url(paper.arxiv, "pdf"))
        links.append(
            f'<a href="{abs_url}" rel="nofollow noopener">arXiv abstract</a> · '
            f'<a href="{pdf_url}" rel="nofollow noopener">PDF</a>'
        )
    if url := markup.safe_url(paper.url):
        links.append(f'Paper\'s page: <a href="{html.escape(url)}" rel="nofollow noopener">{esc(url)}</a>')
    q = markup.query(paper.title)
    if not paper.arxiv:
        links.append(
            f'<a href="https://arxiv.org/search/?query={q}&amp;searchtype=title" rel="nofollow noopener">'
            "Search arXiv for this title</a>"
        )
    links.append(
        f'<a href="https://huggingface.co/papers?q={q}" rel="nofollow noopener">Search Hugging Face Papers</a>'
    )
    if edit:
        links.append(
            f"<a href=\"{html.escape(edit)}\">Suggest a tag edit</a> (opens this paper's file in GitHub's editor)"
        )
    return f'<p class="pc-links">{"<br>".join(links)}</p>'


def provenance(paper: Paper, edit: str) -> str:
    """Where the record came from, for maintainers: collapsed, out of a reader's way."""
    lines = []
    if paper.added:
        lines.append(f"Added to the catalogue: {show_date(paper.added)}")
    sources = "; ".join(f"{esc(s.dump)}, line {s.line}" for s in paper.sources) or "none recorded"
    lines.append(f"Sources: {sources}")
    path = f"catalogue/papers/{paper.id}.yaml"
    lines.append(f'Paper file: <a href="{html.escape(edit)}">{path}</a>' if edit else f"Paper file: {path}")
    return (
        '<details class="pc-provenance"><summary>Provenance</summary>'
        f'<p class="pc-sources">{"<br>".join(lines)}</p></details>'
    )


def render_paper(site: Site, paper: Paper) -> str:
    """One paper's page.

    Lean on purpose: every element of a page's body is parsed twice in pure Python (by Python-Markdown's
    raw-HTML pass and by MkDocs' anchor scan), so facts, links and sources are lines of text in a few
    paragraphs rather than lists and tables. A fact that is not known is left out, never shown as a dash.
    """
    src = f"papers/{paper.id}.md"
    edit = site.edit_url(f"catalogue/papers/{paper.id}.yaml")
    out = [front_matter(paper.title, edit)]
    # Pagefind indexes only what is inside data-pagefind-body (paper pages alone carry it): the title
    # (weight 10, the highest), authors, venue, tag and topic names (also filters, to narrow the header
    # search), the note, the abstract and code links; not labels every page has (LABEL). No sort keys
    # and no other filters: Pagefind's first query loads every sort over every page, and browse, which
    # sorts and filters, has its own index (browse_index.py).
    body = [
        '<div class="pc-paper" data-pagefind-body>',
        f'<h1 data-pagefind-weight="10" data-pagefind-meta="title">{esc(paper.title)}</h1>',
        '<div class="pc-head">',
    ]
    tags = known_tags(site, paper)
    topics = sorted({t.id: t for tag in tags for t in site.topics_of_tag.get(tag, [])}.values(), key=lambda t: t.id)
    lines = []
    if tags:
        lines.append(f"{LABEL % 'Tags:'} " + " · ".join(tag_a(site, src, t, FILTER_TAG) for t in tags))
    if topics:
        topic_links = (a(site, src, f"topics/{t.id}.md", t.title, FILTER_TOPIC) for t in topics)
        lines.append(f"{LABEL % 'Topics:'} " + " · ".join(topic_links))
    tag_line = f'<p class="pc-tags">{"<br>".join(lines)}</p>' if lines else ""
    head = [authors_block(paper), facts_line(paper), tag_line, same_title_line(site, src, paper), "</div>"]
    body += [part for part in head if part]
    if note := note_box(paper):
        body.append(note)
    abstract = markup.block(paper.abstract, "pc-abstract") if paper.abstract else "<p><em>No abstract.</em></p>"
    body += ["<h2 data-pagefind-ignore>Abstract</h2>", abstract]
    code = [u for u in paper.code if markup.safe_url(u)]
    if code:
        code_links = "<br>".join(f'<a href="{html.escape(u)}" rel="nofollow noopener">{esc(u)}</a>' for u in code)
        body += ["<h2 data-pagefind-ignore>Code</h2>", f'<p class="pc-code">{code_links}</p>']
    # the citation, links and provenance are the same words on every page: kept out of the search index
    body += ["</div>", "<div data-pagefind-ignore>", *cite_section(site, paper)]
    body += related_section(site, paper, src)  # other papers' titles: not this paper's words
    body += ["<h2>Links</h2>", links_line(paper, edit), provenance(paper, edit), "</div>"]
    # HTML blocks: Markdown passes them through whole, and their text cannot become markup
    out += ["\n".join(body), ""]
    return "\n".join(out)
