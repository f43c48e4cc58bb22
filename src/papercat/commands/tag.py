"""`papercat tag`: add or remove tags on one paper, keeping its file canonical."""

from __future__ import annotations

from ..catalogue import load_vocabularies
from ..errors import CatalogueError, PapercatError
from ..files import Layout, present, read_text, write_atomic
from ..paperfile import parse_paper, render_paper_yaml
from ..vocabulary import SLUG


def run_tag(layout: Layout, pid: str, tags: list[str], remove: bool = False) -> tuple[list[str], list[str]]:
    """Add or remove tags on one paper, keeping the file canonical; unknown tags are refused.

    Returns (tags before, tags after).
    """
    if not SLUG.match(pid):
        raise PapercatError(f"no paper {pid!r}", hint="a paper id is lowercase words joined by hyphens")
    path = layout.papers / f"{pid}.yaml"
    if not present(path):
        raise PapercatError(f"no paper {pid!r}", hint=f"paper ids are the file names in {layout.rel(layout.papers)}")
    paper, problems = parse_paper(read_text(layout, path), layout.rel(path))
    if paper is None:
        raise problems[0].error(hint="fix the file first (papercat check)")
    if paper.id != pid:
        raise CatalogueError(f"id {paper.id!r} does not match the file name", path=layout.rel(path), line=2)
    vocabulary, _, vocab_problems = load_vocabularies(layout)
    if vocab_problems:
        raise vocab_problems[0].error(hint="fix tags.yml first")
    if not remove:
        for tag in tags:
            if tag not in vocabulary.tags:
                guess = vocabulary.closest(tag)
                raise CatalogueError(
                    f"unknown tag {tag!r}",
                    hint=f"did you mean {guess!r}?" if guess else "add it to tags.yml first",
                )
    before = list(paper.tags)
    if remove:
        paper.tags = [t for t in paper.tags if t not in tags]
    else:
        paper.tags = sorted(set(paper.tags) | set(tags))
    text = render_paper_yaml(paper)
    _, problems = parse_paper(text, layout.rel(path))  # never write a file check would refuse
    if problems:
        raise CatalogueError(problems[0].message, path=layout.rel(path), hint="the file was left as it was")
    write_atomic(path, text)
    return before, paper.tags
