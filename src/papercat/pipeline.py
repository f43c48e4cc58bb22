"""The commands' work, as library functions: ingest, check and dupes over a catalogue folder.

Each reads through `store`, calls the pure steps, writes through `store`, and returns a report; the
CLI only prints reports and turns errors into exit codes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from . import yamlio
from .dedupe import Fingerprint, close_pairs, document_frequencies
from .errors import CatalogueError, PapercatError, Problem
from .ingest import plan_ingest
from .papers import SCHEMA_FILE, render_paper_yaml
from .store import (
    DUMP_HINT,
    Cache,
    Layout,
    LoadedCatalogue,
    NotRegularFile,
    dump_files,
    dump_refusal,
    load_catalogue,
    not_regular,
    read_dumps,
    read_regular,
    remove_leftover_temp_files,
    shown_name,
    write_atomic,
    write_bytes_atomic,
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


def add_dumps(layout: Layout, paths: list[Path]) -> list[Problem]:
    """Copy dumps given on the command line into the catalogue's dumps folder (never overwriting).

    A symlink or special file (pipe, device, folder) is refused with a warning and never read.
    """
    layout.dumps.mkdir(parents=True, exist_ok=True)
    warnings = []
    for path in paths:
        try:
            problem = dump_refusal(path, str(path))
        except FileNotFoundError:
            raise PapercatError(f"no such dump: {path}", hint="give the path of a text file") from None
        if problem is not None:
            warnings.append(problem)
            continue
        try:
            data = read_regular(path)
        except NotRegularFile as exc:  # swapped for a link since it was looked at
            warnings.append(Problem(str(path), 0, f"not a regular file ({exc.kind}); skipped", DUMP_HINT))
            continue
        except OSError as exc:
            raise PapercatError(f"cannot read {path}: {exc.strerror or exc}", hint="check the path") from None
        target = layout.dumps / path.name
        if os.path.lexists(target):
            if not_regular(target) is None and read_regular(target) == data:
                continue
            raise PapercatError(
                f"a different dump named {path.name} is already in {layout.rel(layout.dumps)}",
                hint="rename the new dump; dump names are part of every paper's sources",
            )
        write_bytes_atomic(target, data)
    return warnings


def write_schema(layout: Layout) -> bool:
    """Keep the catalogue's copy of the paper JSON Schema equal to the package's."""
    text = resources.files("papercat").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    return write_atomic(layout.schema, text)


def load_suggester(layout: Layout) -> TagVocabulary | None:
    """The vocabulary that suggests new papers' tags (`warnings`: rules that timed out); None without tags.yml."""
    if not _present(layout.tags):
        return None
    vocabulary, _, problems = load_vocabularies(layout)
    if problems:
        raise CatalogueError(str(problems[0]), hint="fix tags.yml before ingesting (papercat check)")
    return vocabulary


def run_ingest(layout: Layout, extra: list[Path] | None = None) -> IngestReport:
    """Ingest every dump of the catalogue (after copying in any `extra` ones) into its paper files."""
    removed = remove_leftover_temp_files(layout)
    refused = add_dumps(layout, extra) if extra else []
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
    from .gitrev import head_file_names

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


def run_check(layout: Layout, fix: bool = False) -> list[Problem]:
    """Every problem in the paper files (and, when present, tags and topics); `fix` rewrites formatting.

    Per file: schema, calendar dates, reserved ids, canonical form. Across files: misplaced files in
    papers/, same_as/distinct_from links, listings claimed twice, sources that the dumps no longer hold.
    """
    from .checks import dump_problems, link_problems, source_problems
    from .store import Cache, dump_files, read_dumps, shown_name

    loaded = load_catalogue(layout)
    problems = list(loaded.problems)
    problems.extend(_folder_problems(layout))
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
    locate = _locator(layout, loaded)
    problems.extend(link_problems(loaded.papers, loaded.file_ids, locate))

    def shown_dump(name: str) -> str:
        return layout.rel(layout.dumps / shown_name(name))

    problems.extend(source_problems(loaded.papers, locate, shown_dump))
    paths, _ = dump_files(layout)  # ingest warns about the dumps themselves
    entries, _ = read_dumps(paths, Cache(layout.cache))
    problems.extend(dump_problems(loaded.papers, entries, {p.name for p in paths}, locate, shown_dump))
    problems.extend(_vocabulary_check(layout, loaded))
    return problems


def _folder_problems(layout: Layout) -> list[Problem]:
    """Entries of papers/ that are not paper files, or papers/ itself not being a folder."""
    import os

    from .checks import file_problems
    from .store import not_regular, shown_name

    try:
        kind = not_regular(layout.papers)
    except FileNotFoundError:
        return []
    if kind != "folder":
        hint = "papers must be a real folder in the catalogue"
        return [Problem(layout.rel(layout.papers), 0, f"not a folder ({kind or 'file'}); no paper read", hint)]
    entries = [(e.name, not_regular(Path(e.path)) or "file") for e in os.scandir(layout.papers)]
    return file_problems(entries, lambda name: layout.rel(layout.papers / shown_name(name)))


def _locator(layout: Layout, loaded: LoadedCatalogue):  # noqa: ANN202 - a checks.Locate
    """Where a key of a loaded paper file is: its file as shown and line, from the file's nodes when first asked."""
    lines: dict[str, dict[tuple[object, ...], int]] = {}

    def locate(pid: str, key: tuple[object, ...]) -> tuple[str, int]:
        if pid not in lines:
            lines[pid] = yamlio.node_lines(loaded.texts.get(pid, ""))
        while key and key not in lines[pid]:
            key = key[:-1]
        return layout.rel(loaded.paths[pid]), lines[pid].get(key, 1)

    return locate


def load_vocabularies(layout: Layout) -> tuple[TagVocabulary, list[Topic], list[Problem]]:
    """tags.yml and topics.yml; a structural error in either is returned as a problem."""
    problems: list[Problem] = []
    vocabulary, topics = TagVocabulary(), []
    if not _present(layout.tags):
        problems.append(Problem(layout.rel(layout.tags), 0, "no tags.yml", "create the tag vocabulary"))
    else:
        try:
            vocabulary = load_vocabulary(_read_text(layout, layout.tags), layout.rel(layout.tags))
        except CatalogueError as exc:
            problems.append(Problem(exc.path or layout.rel(layout.tags), exc.line or 0, exc.message, exc.hint))
    if _present(layout.topics):
        try:
            topics, found = load_topics(_read_text(layout, layout.topics), layout.rel(layout.topics))
            problems.extend(found)
        except CatalogueError as exc:
            problems.append(Problem(exc.path or layout.rel(layout.topics), exc.line or 0, exc.message, exc.hint))
    return vocabulary, topics, problems


def _present(path: Path) -> bool:
    return path.is_symlink() or path.exists()


def _read_text(layout: Layout, path: Path) -> str:
    """A catalogue file's text; a link, folder, unreadable or undecodable file is a CatalogueError naming it."""
    from .store import NotRegularFile, read_regular

    try:
        return read_regular(path).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogueError(
            f"not UTF-8 ({exc.reason})", path=layout.rel(path), line=1, hint="re-save the file as UTF-8"
        ) from None
    except NotRegularFile as exc:
        raise CatalogueError(
            f"not a regular file ({exc.kind}); not read", path=layout.rel(path), hint="make it a plain file"
        ) from None
    except OSError as exc:
        raise CatalogueError(f"cannot read: {exc.strerror or exc}", path=layout.rel(path), hint="check it") from None


def _vocabulary_check(layout: Layout, loaded: LoadedCatalogue) -> list[Problem]:
    if not _present(layout.tags) and not _present(layout.topics):
        return []
    vocabulary, topics, problems = load_vocabularies(layout)
    if problems:
        return problems
    problems.extend(vocabulary_problems(vocabulary, topics, layout.rel(layout.topics)))
    for pid, paper in sorted(loaded.papers.items()):
        lines = yamlio.node_lines(loaded.texts[pid]) if any(t not in vocabulary.tags for t in paper.tags) else {}
        problems.extend(paper_tag_problems(paper.tags, vocabulary, layout.rel(loaded.paths[pid]), lines))
    return problems


def _first_difference(a: str, b: str) -> int:
    for n, (x, y) in enumerate(zip(a.splitlines(), b.splitlines(), strict=False), start=1):
        if x != y:
            return n
    return min(len(a.splitlines()), len(b.splitlines())) + 1


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
    from .tags import SLUG

    if not SLUG.match(pid):
        raise PapercatError(f"no paper {pid!r}", hint="a paper id is lowercase words joined by hyphens")
    path = layout.papers / f"{pid}.yaml"
    if not _present(path):
        raise PapercatError(f"no paper {pid!r}", hint=f"paper ids are the file names in {layout.rel(layout.papers)}")
    paper, problems = parse_paper(_read_text(layout, path), layout.rel(path))
    if paper is None:
        raise CatalogueError(str(problems[0]), hint="fix the file first (papercat check)")
    if paper.id != pid:
        raise CatalogueError(f"id {paper.id!r} does not match the file name", path=layout.rel(path), line=2)
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
    text = render_paper_yaml(paper)
    _, problems = parse_paper(text, layout.rel(path))  # never write a file check would refuse
    if problems:
        raise CatalogueError(problems[0].message, path=layout.rel(path), hint="the file was left as it was")
    write_atomic(path, text)
    return before, paper.tags


def run_diff(layout: Layout, base: str, head: str | None) -> str:
    """The Markdown summary of what changes in the catalogue between two revisions (head: the working tree)."""
    from .diff import diff_catalogues, render_summary
    from .gitrev import snapshot_at, snapshot_worktree

    before = snapshot_at(layout, base)
    after = snapshot_at(layout, head) if head else snapshot_worktree(layout)
    return render_summary(diff_catalogues(before, after), base, head or "working tree")
