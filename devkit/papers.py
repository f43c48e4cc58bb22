"""Sample papers for page tests: one with every field, a bare one, and two papers with the same title."""

from __future__ import annotations

from papercat.model import Paper, Source

FULL = Paper(
    id="a-study-of-attention",
    title="A Study of Attention",
    authors=["Ada Lovelace", "<b>Eve</b> & Co", "Alan M. Turing"],
    abstract="We attend to things.",
    published="Oct 24",
    year=2017,
    venue="NeurIPS 2017",
    arxiv="1706.03762",
    url="https://proceedings.example/paper/123?x=1&y=2",
    authors_count=3,
    upvotes=42,
    added="2026-11-22",
    code=["https://github.com/a/b"],
    tags=["plain"],
    notes="Read with care: <i>the</i> *second* version.\n\nSee also the appendix.",
    sources=[Source("000_a.txt", 11), Source("001_b.txt", 7)],
)
BARE = Paper(id="bare-paper", title="Bare Paper", sources=[Source("000_a.txt", 3)])
TITLE = "Fully Convolutional Networks for Semantic Segmentation"
SLUG = "fully-convolutional-networks"
FCN = Paper(id=SLUG, title=TITLE, published="2014-11-14", sources=[Source("000_a.txt", 20)])
FCN_2 = Paper(
    id=f"{SLUG}-2",
    title=TITLE.upper(),  # equal once folded
    year=2016,
    venue="TPAMI",
    distinct_from=["a-wrong-merge", SLUG],
    sources=[Source("001_b.txt", 40)],
)
SPLIT = Paper(id="a-wrong-merge", title="Other Words", sources=[Source("001_b.txt", 60)])
