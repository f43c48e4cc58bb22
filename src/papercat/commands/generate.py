"""`papercat generate`: the site's Markdown pages written into docs/ from the catalogue, tags and topics."""

from __future__ import annotations

from dataclasses import dataclass

from ..cache import Cache
from ..catalogue import load_catalogue, load_vocabularies
from ..errors import CatalogueError
from ..files import Layout, write_pages
from ..site import Site, site_pages, visible_papers
from ..siteconfig import SiteConfig


@dataclass
class GenerateReport:
    papers: int = 0
    pages: int = 0
    written: int = 0
    removed: int = 0

    def summary(self) -> str:
        return f"generated {self.pages} pages for {self.papers} papers: {self.written} written, {self.removed} removed"


def run_generate(layout: Layout, config: SiteConfig) -> GenerateReport:
    """Write the site's Markdown pages into docs/ from the catalogue, tags and topics."""
    cache = Cache(layout.cache)
    loaded = load_catalogue(layout, cache)
    cache.save()
    vocabulary, topics, problems = load_vocabularies(layout)
    problems = list(loaded.problems) + problems
    if problems:
        raise CatalogueError(
            f"{len(problems)} problems in the catalogue, first: {problems[0]}", hint="run papercat check"
        )
    papers = visible_papers(loaded.papers.values())
    site = Site(
        papers,
        vocabulary,
        topics,
        repo_url=config.repo_url,
        site_name=config.site_name,
        directory_urls=config.directory_urls,
    )
    pages = dict(site_pages(site))
    written, removed = write_pages(config.docs_dir, pages)
    return GenerateReport(papers=len(papers), pages=len(pages), written=written, removed=removed)
