"""`papercat generate`: the site's Markdown pages written into docs/ from the catalogue, tags and topics."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..cache import Cache
from ..catalogue import load_catalogue, load_vocabularies
from ..errors import CatalogueError
from ..files import Layout, write_pages
from ..related import RelatedConfig
from ..relatedcache import cached_related
from ..site import Site, site_pages, visible_papers
from ..siteconfig import SiteConfig

NO_FEEDS = (
    "{}: site_url is not set, so no Atom feeds were made (feeds need absolute links; "
    "set site_url to the site's address, such as https://you.github.io/papercat/)"
)


@dataclass
class GenerateReport:
    papers: int = 0
    pages: int = 0
    files: int = 0
    written: int = 0
    removed: int = 0
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"generated {self.pages} pages and {self.files - self.pages} data files (browse index, feeds, exports) "
            f"for {self.papers} papers: {self.written} written, {self.removed} removed"
        )


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
    # computed over the published papers alone, so a related paper always has a page to link to
    related = cached_related(layout.cache, papers, RelatedConfig(k=config.related)) if config.related else {}
    site = Site(
        papers,
        vocabulary,
        topics,
        repo_url=config.repo_url,
        site_name=config.site_name,
        directory_urls=config.directory_urls,
        site_url=config.site_url,
        related=related,
    )
    pages = dict(site_pages(site))
    written, removed = write_pages(config.docs_dir, pages)
    warnings = [] if config.site_url else [NO_FEEDS.format(config.config_file)]
    return GenerateReport(
        papers=len(papers),
        pages=sum(1 for path in pages if path.endswith(".md")),
        files=len(pages),
        written=written,
        removed=removed,
        warnings=warnings,
    )
