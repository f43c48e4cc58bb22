"""A small catalogue for the feed and export tests: six papers (one hostile, one undated, two added
the same day), a three-tag vocabulary with a hostile name, and the site around them."""

from __future__ import annotations

from papercat.model import Paper, Source
from papercat.site import Site
from papercat.vocabulary import Tag, TagVocabulary, Topic

URL = "https://example.org/cat/"
HOSTILE_TITLE = '=HYPERLINK("http://evil")<script>alert(1)</script> ]]> \x01\x1f\x7f end'
HOSTILE_ABSTRACT = "-2+3 <b>&amp;</b> ]]> <![CDATA[x]]> \x00 nul \ufffe \udc80 end."
TAGS_YML = """tags:
- id: transformers
  name: Transformers
  description: Attention-based sequence models.
  match: [transformer]
- id: xss
  name: <b>Bold</b> & ]]>
  description: A hostile <script>alert(1)</script> tag.
  match: [hostile]
- id: empty
  name: Empty
  description: No paper has it.
  match: [nothing-matches-this]
"""
TOPICS_YML = """topics:
- id: models
  title: Models
  description: Model families.
  tags: [transformers, xss, empty]
"""


def feed_papers() -> list[Paper]:
    """Two days of additions (ties broken by publication date, then id), a hostile paper, one without `added`."""
    return [
        Paper(
            id="attention-is-all-you-need",
            title="Attention Is All You Need",
            authors=["Ashish Vaswani", "Noam Shazeer"],
            abstract="The dominant sequence transduction models are based on recurrent networks.",
            published="2017-06-12",
            venue="NeurIPS 2017",
            arxiv="1706.03762",
            authors_count=8,
            upvotes=10,
            added="2026-11-22",
            code=["https://github.com/tensorflow/tensor2tensor"],
            tags=["transformers"],
            sources=[Source("000_a.txt", 1)],
        ),
        Paper(
            id="newer-paper",
            title="A Newer Paper",
            abstract="Added later; published Oct 24 of a year a person gave.",
            published="Oct 24",
            year=2024,
            added="2027-01-05",
            code=["https://example.org/code;v=2", "javascript:alert(1)"],
            tags=["transformers", "xss"],
            sources=[Source("001_b.txt", 3)],
        ),
        Paper(
            id="hostile-paper",
            title=HOSTILE_TITLE,
            authors=["@evil; Name"],
            abstract=HOSTILE_ABSTRACT,
            published="2020-01-01",
            venue="+SUM(1)",
            added="2027-01-05",
            tags=["xss", "not-in-vocabulary"],
            sources=[Source("001_b.txt", 9)],
        ),
        Paper(
            id="same-day-b",
            title="Same Day B",
            abstract="Same added and published dates as A: ordered by id.",
            published="2019-03-01",
            added="2026-11-22",
            tags=["transformers"],
            sources=[Source("000_a.txt", 5)],
        ),
        Paper(
            id="same-day-a",
            title="Same Day A",
            abstract="Same added and published dates as B: ordered by id.",
            published="2019-03-01",
            added="2026-11-22",
            tags=["transformers"],
            sources=[Source("000_a.txt", 9)],
        ),
        Paper(id="undated-paper", title="Undated Paper", abstract="", sources=[Source("000_a.txt", 13)]),
    ]


def vocabulary() -> tuple[TagVocabulary, list[Topic]]:
    vocab = TagVocabulary()
    vocab.tags["transformers"] = Tag("transformers", "Transformers", "Attention-based sequence models.")
    vocab.tags["xss"] = Tag("xss", "<b>Bold</b> & ]]>", "A hostile <script>alert(1)</script> tag.")
    vocab.tags["empty"] = Tag("empty", "Empty", "No paper has it.")
    return vocab, [Topic("models", "Models", "Model families.", ("transformers", "xss", "empty"))]


def feed_site(site_url: str = URL, papers: list[Paper] | None = None) -> Site:
    vocab, topics = vocabulary()
    papers = feed_papers() if papers is None else papers  # in no particular order: every output sorts
    return Site(papers, vocab, topics, repo_url="https://github.com/o/r", site_name="cat", site_url=site_url)
