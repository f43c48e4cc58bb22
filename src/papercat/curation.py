"""The catalogue's curation rules: how many tags a paper carries, how many papers each tag is on, how
large the vocabulary and its topics are. `papercat check` reports each breach on the line to edit.

Pure: the caller gives the loaded papers and says where things are (`Where`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from .errors import Problem
from .model import Paper
from .vocabulary import TagVocabulary, Topic

TAGS_PER_PAPER = (1, 6)
"""A paper carries at least one tag (else no listing finds it) and at most six (else tags stop meaning much)."""
MIN_PAPERS_PER_TAG = 2
"""A tag on one paper is a label, not a way to find related papers."""
MAX_SHARE_PER_TAG = 1 / 3
"""A tag on more than a third of the papers no longer narrows a search."""
VOCABULARY_SIZE = (30, 60)
"""Tags in tags.yml: enough to tell papers apart, few enough to choose from by reading the list."""
TOPICS = (6, 12)
"""Topics in topics.yml: the home page's table of contents."""

Where = Callable[[str, tuple[object, ...]], tuple[str, int]]
"""Where a key is: (file as shown, line), for `("paper", id, key...)`, `("tags", index)` or `("topics",)`."""


def curation_problems(
    vocabulary: TagVocabulary, topics: list[Topic], papers: dict[str, Paper], where: Where
) -> list[Problem]:
    """Papers with too few or too many tags, tags on too few or too many papers, a vocabulary or a topic
    list of the wrong size; each with its file and line."""
    problems = []
    low, high = VOCABULARY_SIZE
    if not low <= len(vocabulary.tags) <= high:
        message = f"{len(vocabulary.tags)} tags; the vocabulary has {low} to {high}"
        problems.append(Problem(*where("tags", ()), message, "merge narrow tags or split broad ones"))
    low, high = TOPICS
    if not low <= len(topics) <= high:
        count = f"{len(topics)} topic" + ("" if len(topics) == 1 else "s")
        message = f"{count}; the catalogue has {low} to {high}"
        problems.append(Problem(*where("topics", ()), message, "regroup the tags into topics"))
    low, high = TAGS_PER_PAPER
    for pid, paper in sorted(papers.items()):
        n = len(paper.tags)
        if n < low:
            hint = "tag it from catalogue/tags.yml: `papercat tag add ID TAG`"
            problems.append(Problem(*where(pid, ("tags",)), f"{n} tags; a paper has at least {low}", hint))
        elif n > high:
            hint = "keep the ones a reader would search for"
            problems.append(Problem(*where(pid, ("tags",)), f"{n} tags; a paper has at most {high}", hint))
    uses = Counter(t for p in papers.values() for t in p.tags)
    most = int(len(papers) * MAX_SHARE_PER_TAG)
    for i, tag in enumerate(vocabulary.tags):
        n = uses[tag]
        if n < MIN_PAPERS_PER_TAG:
            on = f"on {n} paper" + ("" if n == 1 else "s")
            hint = "tag more papers with it, or fold it into a broader tag"
            message = f"tag {tag!r} is {on}; a tag needs at least {MIN_PAPERS_PER_TAG}"
            problems.append(Problem(*where("tags", (i,)), message, hint))
        elif n > most:
            hint = "split it into narrower tags"
            message = f"tag {tag!r} is on {n} of {len(papers)} papers; a tag is on at most a third"
            problems.append(Problem(*where("tags", (i,)), message, hint))
    return problems
