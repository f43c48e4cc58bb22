"""The commands' work, as library functions: ingest, check and dupes over a catalogue folder.

Each reads through `store`, calls the pure steps, writes through `store`, and returns a report; the
CLI only prints reports and turns errors into exit codes.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from . import yamlio
from .dedupe import Fingerprint, close_pairs, document_frequencies
from .errors import CatalogueError, PapercatError, Problem
from .ingest import plan_ingest
from .papers import SCHEMA_FILE, render_paper_yaml
from .store import (
    Cache,
    Layout,
    LoadedCatalogue,
    dump_paths,
    load_catalogue,
    read_dumps,
    write_atomic,
    write_pages,
    write_paper,
)
from .tags import TagVocabulary, Topic, load_topics, load_vocabulary, paper_tag_problems, vocabulary_problems


@dataclass
class IngestReport:
    """Counts printed after an ingest, and the warnings met."""

    dumps: int = 0
    entries: int = 0
    new_entries: int = 0
    created: int = 0
    merged: int = 0
    written: int = 0
    warnings: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"read {self.entries} entries from {self.dumps} dumps; {self.new_entries} new: "
            f"{self.created} papers created, {self.merged} entries merged into existing papers; "
            f"{self.written} files written; {len(self.warnings)} warnings"
        )


def add_dumps(layout: Layout, paths: list[Path]) -> None:
    """Copy dumps given on the command line into the catalogue's dumps folder (never overwriting)."""
    layout.dumps.mkdir(parents=True, exist_ok=True)
    for path in paths:
        if not path.is_file():
            raise PapercatError(f"no such dump: {path}", hint="give the path of a text file")
        target = layout.dumps / path.name
        if target.exists():
            if target.resolve() == path.resolve() or target.read_bytes() == path.read_bytes():
                continue
            raise PapercatError(
                f"a different dump named {path.name} is already in {layout.rel(layout.dumps)}",
                hint="rename the new dump; dump names are part of every paper's sources",
            )
        shutil.copyfile(path, target)


def write_schema(layout: Layout) -> bool:
    """Keep the catalogue's copy of the paper JSON Schema equal to the package's."""
    text = resources.files("papercat").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    return write_atomic(layout.schema, text)


def load_suggester(layout: Layout):  # noqa: ANN201 - returns a Suggest or None
    """The tag suggester of the catalogue's vocabulary, or None when it has no tags.yml."""
    if not layout.tags.exists():
        return None
    vocabulary, _, problems = load_vocabularies(layout)
    if problems:
        raise CatalogueError(str(problems[0]), hint="fix tags.yml before ingesting (papercat check)")
    return vocabulary.suggest


def run_ingest(layout: Layout, extra: list[Path] | None = None) -> IngestReport:
    """Ingest every dump of the catalogue (after copying in any `extra` ones) into its paper files."""
    if extra:
        add_dumps(layout, extra)
    cache = Cache(layout.cache)
    loaded = load_catalogue(layout, cache)
    if loaded.problems:
        raise CatalogueError(
            f"{len(loaded.problems)} paper files cannot be read: " + "; ".join(map(str, loaded.problems[:5])),
            hint="fix them first (papercat check); ingest never overwrites a file it cannot read",
        )
    paths = dump_paths(layout)
    entries, warnings = read_dumps(paths, cache)
    plan = plan_ingest(
        entries,
        loaded.papers,
        loaded.file_ids,
        load_suggester(layout),
        fingerprints=cache.fingerprints,
        paper_fingerprints=cache.paper_fingerprints,
    )
    report = IngestReport(
        dumps=len(paths),
        entries=len(entries),
        new_entries=plan.new_entries,
        created=len(plan.created),
        merged=plan.merged,
        warnings=[Problem(layout.rel(Path(w.path)), w.line, w.message, w.hint) for w in warnings],
    )
    for paper in plan.changed:
        report.written += write_paper(layout, paper, cache)
    report.written += write_schema(layout)
    cache.save()
    return report


def run_check(layout: Layout, fix: bool = False) -> list[Problem]:
    """Every problem in the paper files (and, when present, tags and topics); `fix` rewrites formatting."""
    loaded = load_catalogue(layout)
    problems = list(loaded.problems)
    for pid, paper in sorted(loaded.papers.items()):
        canonical = render_paper_yaml(paper)
        if loaded.texts[pid] != canonical:
            if fix:
                write_atomic(loaded.paths[pid], canonical)
            else:
                line = _first_difference(loaded.texts[pid], canonical)
                problems.append(
                    Problem(layout.rel(loaded.paths[pid]), line, "not in canonical form", "run `papercat check --fix`")
                )
        for field_name in ("distinct_from", "same_as"):
            for other in getattr(paper, field_name):
                if other not in loaded.file_ids or other == pid:
                    problems.append(
                        Problem(
                            layout.rel(loaded.paths[pid]),
                            _line_of(loaded.texts[pid], other),
                            f"{field_name} names {other!r}, which is not another paper",
                            "use the id (file name) of an existing paper",
                        )
                    )
    problems.extend(_vocabulary_check(layout, loaded))
    return problems


def load_vocabularies(layout: Layout) -> tuple[TagVocabulary, list[Topic], list[Problem]]:
    """tags.yml and topics.yml; a structural error in either is returned as a problem."""
    problems: list[Problem] = []
    vocabulary, topics = TagVocabulary(), []
    try:
        vocabulary = load_vocabulary(layout.tags.read_text(encoding="utf-8"), layout.rel(layout.tags))
    except FileNotFoundError:
        problems.append(Problem(layout.rel(layout.tags), 0, "no tags.yml", "create the tag vocabulary"))
    except CatalogueError as exc:
        problems.append(Problem(exc.path or layout.rel(layout.tags), exc.line or 1, exc.message, exc.hint))
    if layout.topics.exists():
        try:
            topics, found = load_topics(layout.topics.read_text(encoding="utf-8"), layout.rel(layout.topics))
            problems.extend(found)
        except CatalogueError as exc:
            problems.append(Problem(exc.path or layout.rel(layout.topics), exc.line or 1, exc.message, exc.hint))
    return vocabulary, topics, problems


def _vocabulary_check(layout: Layout, loaded: LoadedCatalogue) -> list[Problem]:
    if not layout.tags.exists() and not layout.topics.exists():
        return []
    vocabulary, topics, problems = load_vocabularies(layout)
    if problems:
        return problems
    problems.extend(vocabulary_problems(vocabulary, topics, layout.rel(layout.topics)))
    for pid, paper in sorted(loaded.papers.items()):
        lines = yamlio.node_lines(loaded.texts[pid])
        problems.extend(paper_tag_problems(paper.tags, vocabulary, layout.rel(loaded.paths[pid]), lines))
    return problems


def _first_difference(a: str, b: str) -> int:
    for n, (x, y) in enumerate(zip(a.splitlines(), b.splitlines(), strict=False), start=1):
        if x != y:
            return n
    return min(len(a.splitlines()), len(b.splitlines())) + 1


def _line_of(text: str, needle: str) -> int:
    for n, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return n
    return 1


def run_dupes(layout: Layout) -> list[tuple[float, str, str]]:
    """Pairs of papers that look alike but were kept apart, most similar first."""
    loaded = load_catalogue(layout)
    if loaded.problems:
        raise CatalogueError(f"{len(loaded.problems)} paper files cannot be read", hint="run papercat check")
    items = [(p.id, Fingerprint.of(p.title, p.abstract)) for p in loaded.papers.values()]
    skip = set()
    for p in loaded.papers.values():
        for other in p.distinct_from + p.same_as:
            skip.add(frozenset((p.id, other)))
    return close_pairs(items, document_frequencies(fp for _, fp in items), skip)


@dataclass
class SiteConfig:
    """What page generation needs from mkdocs.yml."""

    site_name: str = "papercat"
    repo_url: str = ""
    docs_dir: Path = Path("docs")
    site_dir: Path = Path("site")
    directory_urls: bool = True


def read_site_config(config_file: Path) -> SiteConfig:
    """site_name, repo_url, docs_dir and site_dir from mkdocs.yml (Python tags in it are ignored)."""
    import yaml

    class _Tolerant(yaml.SafeLoader):
        pass

    _Tolerant.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Tolerant) or {}
    except FileNotFoundError:
        raise PapercatError(f"no {config_file}", hint="run papercat from the project folder, or pass -f") from None
    except yaml.YAMLError as exc:
        raise PapercatError(f"{config_file}: invalid YAML: {exc}", hint="fix mkdocs.yml") from None
    base = config_file.parent
    return SiteConfig(
        site_name=str(data.get("site_name") or "papercat"),
        repo_url=str(data.get("repo_url") or ""),
        docs_dir=base / str(data.get("docs_dir") or "docs"),
        site_dir=base / str(data.get("site_dir") or "site"),
        directory_urls=data.get("use_directory_urls", True) is not False,
    )


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
    from .generate import Site, site_pages, visible_papers

    cache = Cache(layout.cache)
    loaded = load_catalogue(layout, cache)
    cache.save()
    vocabulary, topics, problems = load_vocabularies(layout)
    problems = list(loaded.problems) + problems
    if problems:
        raise CatalogueError(
            f"{len(problems)} problems in the catalogue, first: {problems[0]}", hint="run papercat check"
        )
    papers, _ = visible_papers(loaded.papers.values())
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


def mkdocs_command(config_file: Path, *args: str) -> list[str]:
    """The builder's command line; PAPERCAT_MKDOCS names another MkDocs-compatible builder."""
    import os
    import shlex
    import sys

    builder = os.environ.get("PAPERCAT_MKDOCS")
    base = shlex.split(builder) if builder else [sys.executable, "-m", "mkdocs"]
    return [*base, *args, "-f", str(config_file)]


def run_tag(layout: Layout, pid: str, tags: list[str], remove: bool = False) -> tuple[list[str], list[str]]:
    """Add or remove tags on one paper, keeping the file canonical; unknown tags are refused.

    Returns (tags before, tags after).
    """
    from .papers import parse_paper

    path = layout.papers / f"{pid}.yaml"
    if not path.exists():
        raise PapercatError(f"no paper {pid!r}", hint=f"paper ids are the file names in {layout.rel(layout.papers)}")
    paper, problems = parse_paper(path.read_text(encoding="utf-8"), layout.rel(path))
    if paper is None:
        raise CatalogueError(str(problems[0]), hint="fix the file first (papercat check)")
    vocabulary, _, vocab_problems = load_vocabularies(layout)
    if vocab_problems:
        raise CatalogueError(str(vocab_problems[0]), hint="fix tags.yml first")
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
    write_atomic(path, render_paper_yaml(paper))
    return before, paper.tags


def run_diff(layout: Layout, base: str, head: str | None) -> str:
    """The Markdown summary of what changes in the catalogue between two revisions (head: the working tree)."""
    from .diff import diff_catalogues, render_summary
    from .gitrev import snapshot_at, snapshot_worktree

    before = snapshot_at(layout, base)
    after = snapshot_at(layout, head) if head else snapshot_worktree(layout)
    return render_summary(diff_catalogues(before, after), base, head or "working tree")
