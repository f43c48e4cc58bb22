"""`papercat ingest`: read every dump into the paper files, adding to what people wrote and never overwriting it."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path

from ..cache import Cache
from ..catalogue import load_catalogue, load_vocabularies, write_paper, write_schema
from ..dumpfiles import copy_dumps, dump_files
from ..dumps import read_dumps
from ..errors import CatalogueError, Problem
from ..files import Layout, present, remove_leftover_temp_files, shown_name
from ..plan import plan_ingest
from ..vocabulary import TagVocabulary


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

    def summary(self) -> str:
        cleaned = f"; removed {self.removed_temp} temporary files of an interrupted run" if self.removed_temp else ""
        return (
            f"read {self.entries} entries from {self.dumps} dumps; {self.new_entries} new: "
            f"{self.created} papers created, {self.merged} entries merged into existing papers; "
            f"{self.written} files written; {len(self.warnings)} warnings{cleaned}"
        )


def load_suggester(layout: Layout) -> TagVocabulary | None:
    """The vocabulary that suggests new papers' tags (`warnings`: rules that timed out); None without tags.yml."""
    if not present(layout.tags):
        return None
    vocabulary, _, problems = load_vocabularies(layout)
    if problems:
        raise problems[0].error(hint="fix tags.yml before ingesting (papercat check)")
    return vocabulary


def run_ingest(layout: Layout, extra: list[Path] | None = None) -> IngestReport:
    """Ingest every dump of the catalogue (after copying in any `extra` ones) into its paper files."""
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
    plan = plan_ingest(
        entries,
        loaded.papers,
        loaded.file_ids,
        suggester.suggest if suggester else None,
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
