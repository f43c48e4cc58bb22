"""`papercat ingest`: read every dump into the paper files, adding to what people wrote and never overwriting it.

New papers are tagged by the tag rules together with a model learnt from the curated catalogue
(`tagmodel`), and listed after the summary with their tags, the weak ones flagged for a person.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import NamedTuple

from ..cache import Cache
from ..catalogue import load_catalogue, load_vocabularies, write_paper, write_schema
from ..dumpfiles import copy_dumps, dump_files
from ..dumps import read_dumps
from ..errors import CatalogueError, Problem
from ..files import Layout, present, remove_leftover_temp_files, shown_name
from ..limits import cut_text
from ..markup import plain
from ..model import Paper
from ..plan import plan_ingest
from ..tagmodel import Scored, Suggestion, TagModelConfig, curated
from ..vocabulary import TagVocabulary

WEAK_BELOW = 0.7
"""A new paper whose best tag scores below this is flagged for a person: cross-validated on the seeds,
such papers' tags were 82% right against 92% for the others (README, Tag suggestions)."""
LISTED = 50
"""Up to this many new papers are all listed; past it, only the flagged ones (at most this many)."""
TITLE_CHARS = 80


class NewPaper(NamedTuple):
    """A paper this ingest created, as listed after the summary."""

    id: str
    title: str
    tags: list[tuple[str, float | None]]
    """Best first, with the score; None when the rules alone chose the tag."""
    weak: str
    """Why a person should look at its tags; empty when they look sound."""

    def line(self) -> str:
        title = cut_text(plain(self.title), TITLE_CHARS)
        tags = ", ".join(t if s is None else f"{t} {s:.2f}" for t, s in self.tags) or "no tag"
        return f"created {self.id}: {title} [{tags}]" + (f" <- check: {self.weak}" if self.weak else "")


@dataclass
class IngestReport:
    """Counts printed after an ingest, and the warnings met."""

    dumps: int = 0
    entries: int = 0
    new_entries: int = 0
    created: int = 0
    merged: int = 0
    written: int = 0
    removed_temp: int = 0
    """Temporary files of an interrupted run, deleted at the start of this one."""
    warnings: list[Problem] = field(default_factory=list)
    tagging: str = ""
    """How the new papers were tagged (rules and model, or rules alone and why)."""
    new_papers: list[NewPaper] = field(default_factory=list)

    def summary(self) -> str:
        cleaned = f"; removed {self.removed_temp} temporary files of an interrupted run" if self.removed_temp else ""
        return (
            f"read {self.entries} entries from {self.dumps} dumps; {self.new_entries} new: "
            f"{self.created} papers created, {self.merged} entries merged into existing papers; "
            f"{self.written} files written; {len(self.warnings)} warnings{cleaned}"
        )

    def listing(self) -> list[str]:
        """The lines after the summary: how new papers were tagged, each paper (or, when many, the flagged
        ones), and where to review them. Nothing when no paper was created."""
        if not self.new_papers:
            return []
        flagged = [p for p in self.new_papers if p.weak]
        shown = self.new_papers if len(self.new_papers) <= LISTED else flagged[:LISTED]
        lines = [self.tagging, *(p.line() for p in shown)]
        if len(shown) < len(self.new_papers):
            rest = len(self.new_papers) - len(shown)
            more = f"{len(flagged) - len(shown)} more flagged, " if len(flagged) > len(shown) else ""
            lines.append(f"... {rest} more created papers not listed ({more}{len(flagged)} flagged in all)")
        lines.append(
            f"review the {len(self.new_papers)} new papers ({len(flagged)} flagged) with `papercat diff HEAD` "
            "(git diff does not show new files) and `papercat suggest PAPER...`"
        )
        return lines


def load_suggester(layout: Layout) -> TagVocabulary | None:
    """The vocabulary that suggests new papers' tags (`warnings`: rules that timed out); None without tags.yml."""
    if not present(layout.tags):
        return None
    vocabulary, _, problems = load_vocabularies(layout)
    if problems:
        raise problems[0].error(hint="fix tags.yml before ingesting (papercat check)")
    return vocabulary


class Tagger:
    """Tags for the papers an ingest creates, called once with all of them (see `plan.Suggest`).

    With enough curated papers (live, tagged), the rules and a model learnt from those papers' tags,
    chosen at the cross-validated threshold (`tagmodel.choose`); with fewer, the rules alone. The model
    is trained only here, so an ingest that creates no paper never trains nor imports scikit-learn.
    """

    def __init__(self, vocabulary: TagVocabulary, papers: Iterable[Paper], config: TagModelConfig | None = None):
        self.vocabulary, self.config = vocabulary, config or TagModelConfig()
        self.curated = curated(papers, vocabulary.tags)
        self.method = ""
        self.chosen: list[Suggestion] = []
        """Per paper, in the order given: its tags best first, scored (None: the rules alone chose it)."""

    def __call__(self, texts: list[tuple[str, str]]) -> list[list[str]]:
        config = self.config
        if len(self.curated) < config.min_curated:
            self.method = (
                f"tags for new papers: the rules alone ({len(self.curated)} curated papers; "
                f"learning from them needs {config.min_curated})"
            )
            rules = [self.vocabulary.suggest(title, abstract) for title, abstract in texts]
            self.chosen = [Suggestion([Scored(t, None) for t in tags], False) for tags in rules]
            return rules
        from ..tagmodel import suggest_new, train

        model = train(self.curated, config)
        learnt = len(model.classifiers)
        self.method = (
            f"tags for new papers: the rules and a model learnt from {min(len(self.curated), config.max_train)} "
            f"of {len(self.curated)} curated papers ({learnt} tags learnt, {len(self.vocabulary.tags) - learnt} "
            f"by rules alone; a tag is chosen from score {config.threshold})"
        )
        self.chosen = suggest_new(model, texts, self.vocabulary.suggest, config)
        return [[x.tag for x in s.tags] for s in self.chosen]

    def listed(self, created: list[Paper]) -> list[NewPaper]:
        """The created papers (in plan order, as scored) with their tags and why a person should look."""
        return [
            NewPaper(paper.id, paper.title, [(x.tag, x.score) for x in chosen.tags], self.weakness(chosen))
            for paper, chosen in zip(created, self.chosen, strict=True)
        ]

    def weakness(self, chosen: Suggestion) -> str:
        """Why a person should look at these tags: none, only the fallback, or a low best score."""
        if not chosen.tags:
            return "no tag"
        if chosen.fallback:
            return f"only a fallback tag (none reached {self.config.threshold})"
        best = chosen.tags[0].score
        return f"best score below {WEAK_BELOW}" if best is not None and best < WEAK_BELOW else ""


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while ingest runs: ingest makes hundreds of thousands of objects,
    freed by reference counting, and the collector's passes over them cost 1.4 of the 6.0 s of planning
    at 50,000 entries (measured; bench/bench_ingest.py)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def run_ingest(layout: Layout, extra: list[Path] | None = None) -> IngestReport:
    """Ingest every dump of the catalogue (after copying in any `extra` ones) into its paper files."""
    with collector_paused():
        return _ingest(layout, extra)


def _ingest(layout: Layout, extra: list[Path] | None) -> IngestReport:
    removed = remove_leftover_temp_files(layout)
    refused = copy_dumps(layout, extra) if extra else []
    cache = Cache(layout.cache)
    loaded = load_catalogue(layout, cache)
    if loaded.problems:
        raise CatalogueError(
            f"{len(loaded.problems)} paper files cannot be read: " + "; ".join(map(str, loaded.problems[:5])),
            hint="fix them first (papercat check); ingest never overwrites a file it cannot read",
        )
    paths, listing = dump_files(layout)
    entries, warnings = read_dumps(paths, cache)
    suggester = load_suggester(layout)
    tagger = Tagger(suggester, loaded.papers.values()) if suggester else None
    plan = plan_ingest(
        entries,
        loaded.papers,
        loaded.file_ids,
        tagger,
        fingerprints=cache.fingerprints,
        paper_fingerprints=cache.paper_fingerprints,
        dumps={p.name for p in paths},
        today=today(),
    )
    report = IngestReport(
        dumps=len(paths),
        entries=len(entries),
        new_entries=plan.new_entries,
        created=len(plan.created),
        merged=plan.merged,
        removed_temp=len(removed),
        warnings=[*refused, *listing, *(replace(w, path=layout.rel(Path(w.path))) for w in warnings)],
    )
    report.warnings.extend(
        Problem(layout.rel(layout.dumps / shown_name(w.path)), w.line, w.message, w.hint) for w in plan.warnings
    )
    report.warnings.extend(suggester.warnings if suggester else [])  # tag rules that timed out
    if tagger and plan.created:
        report.tagging, report.new_papers = tagger.method, tagger.listed(plan.created)
    elif plan.created:
        report.tagging = f"new papers are not tagged: there is no {layout.rel(layout.tags)}"
        report.new_papers = [NewPaper(p.id, p.title, [], "no tag") for p in plan.created]
    if plan.created:
        report.warnings.extend(_recreated(layout, [p.id for p in plan.created], loaded.vanished))
    for paper in plan.changed:
        report.written += write_paper(layout, paper, cache)
    report.written += write_schema(layout)
    cache.save()
    return report


def _recreated(layout: Layout, created: list[str], vanished: set[str]) -> list[Problem]:
    """A loud warning for each new paper whose file was there before (last run, or git's HEAD) and was deleted."""
    from ..gitrev import head_file_names

    before = vanished | {name[: -len(".yaml")] for name in head_file_names(layout.papers) if name.endswith(".yaml")}
    return [
        Problem(
            layout.rel(layout.papers / f"{pid}.yaml"),
            0,
            "RE-CREATED from its dump listings: this paper's file had been deleted",
            "to remove a paper for good, restore its file and set `retired: <reason>` in it; deleting it never does",
        )
        for pid in created
        if pid in before
    ]


def today() -> str:
    """The `added` date of papers created now: today, or the day of `SOURCE_DATE_EPOCH` when set (the
    reproducible-builds convention), so that tests and rebuilt catalogues can pin it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isascii() and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date().isoformat()
    return date.today().isoformat()
