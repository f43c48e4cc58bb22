"""The site: a model of the published catalogue and the renderers of its Markdown pages.

Pure: `site_pages(site)` yields (path under docs/, text): the Markdown pages, then the files that are not
pages (feeds, the catalogue export, the browse index); `files.write_pages` writes them. Pages
are plain Markdown with YAML front matter, so any MkDocs-compatible builder can take them. Untrusted text
goes through `markup` and never becomes markup; links are built here from ids (slugs) only.

Each page is Markdown for its H1 and section headings (title, table of contents) and HTML blocks of
escaped text for everything else: Markdown passes HTML blocks through, so untrusted text stays inert and
the build skips Markdown's inline pass, which dominated the build time on long pages.
"""

from __future__ import annotations

from collections.abc import Iterator

from .browse import render_browse
from .browse_index import browse_files
from .export import export_files
from .feeds import feed_files
from .listings import render_all_papers, render_home
from .model import Site, visible_papers
from .paper_page import render_paper
from .tag_pages import render_tag, render_tags_index, render_topic, render_topics_index

__all__ = ["Site", "render_paper", "render_tag", "render_topic", "site_pages", "visible_papers"]


def site_pages(site: Site) -> Iterator[tuple[str, str]]:
    """Every generated page as (path under docs/, Markdown), then the Atom feeds, the export and the browse
    index's JSON files."""
    index = browse_files(site)
    yield "index.md", render_home(site)
    yield "browse.md", render_browse(site, index.version)
    yield "all-papers.md", render_all_papers(site)
    yield "tags/index.md", render_tags_index(site)
    yield "topics/index.md", render_topics_index(site)
    for tag in site.vocabulary.tags:
        yield f"tags/{tag}.md", render_tag(site, tag)
    for topic in site.topics:
        yield f"topics/{topic.id}.md", render_topic(site, topic)
    for paper in site.papers:
        yield f"papers/{paper.id}.md", render_paper(site, paper)
    yield from feed_files(site)
    yield from export_files(site)
    yield from sorted(index.files.items())
