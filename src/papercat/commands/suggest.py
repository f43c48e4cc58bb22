"""`papercat suggest`: tags to add to or remove from papers, scored, for a person to review.

Scores come from the rules and a model learnt from the curated catalogue (`tagmodel`). A curated
paper is scored by the model of its cross-validation fold, which never saw its tags
(`held_out_scores`): a model trained on the paper itself would echo its tags and propose nothing.
Any other paper (untagged, retired) is scored by a model trained on every curated paper. With too
few curated papers to learn from, the rules alone propose additions (and no removals).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

from rapidfuzz import process

from ..catalogue import load_catalogue, load_vocabularies
from ..errors import Problem
from ..files import Layout
from ..limits import cut_text
from ..markup import plain
from ..model import Paper
from ..tagmodel import Labelled, Review, Rules, Scored, TagModelConfig, curated, review

TITLE_CHARS = 80


@dataclass
class SuggestReport:
    """The lines to print, the problems met (unknown ids, unreadable files), and the closing count."""

    lines: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    summary: str = ""


def paper_ids(names: list[str], known: set[str], layout: Layout) -> tuple[list[str], list[Problem]]:
    """The ids named (an id, or a paper file's path), sorted and once each; a problem for each unknown one."""
    ids, problems = set(), []
    for name in names:
        pid = PurePath(name).name.removesuffix(".yaml") if name.endswith(".yaml") else name
        if pid in known:
            ids.add(pid)
            continue
        guess = process.extractOne(pid, sorted(known), score_cutoff=60) if known else None
        where = f"paper ids are the file names in {layout.rel(layout.papers)}"
        hint = f"did you mean {guess[0]!r}?" if guess else where
        problems.append(Problem(plain(name), 0, "no such paper", hint))
    return sorted(ids), problems


def run_suggest(layout: Layout, names: list[str], config: TagModelConfig | None = None) -> SuggestReport:
    """Review the named papers' tags (every live paper when none is named)."""
    config = config or TagModelConfig()
    report = SuggestReport()
    vocabulary, _, vocab_problems = load_vocabularies(layout)
    if vocab_problems:
        raise vocab_problems[0].error(hint="fix tags.yml first (papercat check)")
    loaded = load_catalogue(layout)
    report.problems.extend(loaded.problems)
    papers = loaded.papers
    if names:
        ids, unknown = paper_ids(names, loaded.file_ids, layout)
        report.problems.extend(unknown)
        ids = [pid for pid in ids if pid in papers]  # the others failed to load: already a problem
    else:
        ids = sorted(pid for pid, p in papers.items() if not p.retired)
    taught = curated(papers.values(), vocabulary.tags)
    reviews, method = _reviews(taught, [papers[pid] for pid in ids], vocabulary.suggest, config)
    changed = additions = removals = 0
    for pid in ids:
        found = reviews[pid]
        if names or found.additions or found.removals:
            report.lines.extend(_block(layout, papers[pid], found))
        changed += bool(found.additions or found.removals)
        additions, removals = additions + len(found.additions), removals + len(found.removals)
    report.summary = (
        f"{len(ids)} papers reviewed {method}: {additions} tags to add and {removals} to remove on {changed} papers"
    )
    return report


def _reviews(
    taught: list[Labelled], papers: list[Paper], rules: Rules, config: TagModelConfig
) -> tuple[dict[str, Review], str]:
    """Each paper's review, never from a model that saw its own tags; and how it was made, for the summary."""
    texts = {p.id: (p.title, p.abstract) for p in papers}
    if len(taught) < config.min_curated:
        method = f"by the rules alone ({len(taught)} curated papers; learning from them needs {config.min_curated})"
        return {
            p.id: Review([Scored(t, None) for t in rules(p.title, p.abstract) if t not in p.tags], []) for p in papers
        }, method
    from ..tagmodel import held_out_scores, train

    trained_on = {d.id for d in taught}
    scores = held_out_scores(taught, rules, config) if trained_on & set(texts) else {}
    others = [pid for pid in texts if pid not in trained_on]
    if others:
        model = train(taught, config)
        scores.update(zip(others, model.scores([texts[pid] for pid in others], rules), strict=True))
    method = f"by the rules and a model learnt from {len(taught)} curated papers ({config.folds}-fold held-out scores)"
    return {p.id: review(p.tags, scores[p.id], config) for p in papers}, method


def _block(layout: Layout, paper: Paper, found: Review) -> list[str]:
    """One paper's block: its file and title (plain text), then the additions and removals."""

    def listed(items: list[Scored]) -> str:
        return ", ".join(x.tag if x.score is None else f"{x.tag} ({x.score:.2f})" for x in items)

    lines = [f"{layout.rel(layout.papers / f'{paper.id}.yaml')}: {cut_text(plain(paper.title), TITLE_CHARS)}"]
    if found.additions:
        lines.append(f"  add {listed(found.additions)}")
    if found.removals:
        lines.append(f"  remove {listed(found.removals)}")
    if not (found.additions or found.removals):
        lines.append("  no change suggested")
    return lines
