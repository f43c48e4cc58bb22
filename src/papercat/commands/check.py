"""`papercat check`: every problem in the paper files, tags and topics, each with its file, line and a fix."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from .. import yamltext
from ..cache import Cache
from ..catalogue import LoadedCatalogue, load_catalogue, load_vocabularies
from ..checks import dump_problems, file_problems, link_problems, source_problems
from ..curation import Where, curation_problems
from ..dumpfiles import dump_files
from ..dumps import read_dumps
from ..errors import Problem
from ..files import Layout, folder_entries, present, read_text, shown_name, write_atomic
from ..paperfile import form_problems, render_paper_yaml
from ..vocabulary import TagVocabulary, Topic, paper_tag_problems, tag_name_message, vocabulary_problems


@dataclass
class CheckReport:
    """What `check` found, and the files `--fix` rewrote (as shown, sorted)."""

    problems: list[Problem] = field(default_factory=list)
    rewritten: list[str] = field(default_factory=list)


def run_check(layout: Layout, fix: bool = False) -> list[Problem]:
    """Every problem in the paper files (and, when present, tags and topics); `fix` rewrites formatting."""
    return check_catalogue(layout, fix).problems


def check_catalogue(layout: Layout, fix: bool = False) -> CheckReport:
    """Every problem in the paper files (and, when present, tags and topics); `fix` rewrites formatting.

    Per file: schema, calendar dates, reserved ids, canonical form. Across files: misplaced files in
    papers/, same_as/distinct_from links, listings claimed twice, sources that the dumps no longer hold.
    The vocabulary is read first, so a tag written as its name or an alias is named as such.
    """
    vocabulary = _vocabulary(layout)
    tag_names = None if vocabulary is None else partial(tag_name_message, vocabulary=vocabulary[0])
    loaded = load_catalogue(layout, tag_names=tag_names)
    report = CheckReport(list(loaded.problems))
    report.problems.extend(_folder_problems(layout))
    for pid, paper in sorted(loaded.papers.items()):
        canonical = render_paper_yaml(paper)
        if loaded.texts[pid] != canonical:
            if fix:
                write_atomic(loaded.paths[pid], canonical)
                report.rewritten.append(layout.rel(loaded.paths[pid]))
            else:
                report.problems.extend(form_problems(layout.rel(loaded.paths[pid]), loaded.texts[pid], canonical))
    locate = _locator(layout, loaded)
    report.problems.extend(link_problems(loaded.papers, loaded.file_ids, locate))

    def shown_dump(name: str) -> str:
        return layout.rel(layout.dumps / shown_name(name))

    report.problems.extend(source_problems(loaded.papers, locate, shown_dump))
    paths, _ = dump_files(layout)  # ingest warns about the dumps themselves
    entries, _ = read_dumps(paths, Cache(layout.cache))
    report.problems.extend(dump_problems(loaded.papers, entries, {p.name for p in paths}, locate, shown_dump))
    if vocabulary is not None:
        report.problems.extend(_vocabulary_check(layout, loaded, *vocabulary))
    return report


def _folder_problems(layout: Layout) -> list[Problem]:
    """Entries of papers/ that are not paper files, or papers/ itself not being a folder."""
    entries = folder_entries(layout.papers)
    if entries is None:
        return []
    if isinstance(entries, str):
        hint = "papers must be a real folder in the catalogue"
        return [Problem(layout.rel(layout.papers), 0, f"not a folder ({entries}); no paper read", hint)]
    return file_problems(entries, lambda name: layout.rel(layout.papers / shown_name(name)))


def _locator(layout: Layout, loaded: LoadedCatalogue):  # noqa: ANN202 - a checks.Locate
    """Where a key of a loaded paper file is: its file as shown and line, from the file's nodes when first asked."""
    lines: dict[str, dict[tuple[object, ...], int]] = {}

    def locate(pid: str, key: tuple[object, ...]) -> tuple[str, int]:
        if pid not in lines:
            lines[pid] = yamltext.node_lines(loaded.texts.get(pid, ""))
        while key and key not in lines[pid]:
            key = key[:-1]
        return layout.rel(loaded.paths[pid]), lines[pid].get(key, 1)

    return locate


def _vocabulary(layout: Layout) -> tuple[TagVocabulary, list[Topic], list[Problem]] | None:
    """tags.yml and topics.yml with their problems, or None when the catalogue has neither."""
    if not present(layout.tags) and not present(layout.topics):
        return None
    return load_vocabularies(layout)


def _vocabulary_check(
    layout: Layout, loaded: LoadedCatalogue, vocabulary: TagVocabulary, topics: list[Topic], problems: list[Problem]
) -> list[Problem]:
    if problems:
        return problems
    problems = vocabulary_problems(vocabulary, topics, layout.rel(layout.topics))
    for pid, paper in sorted(loaded.papers.items()):
        lines = yamltext.node_lines(loaded.texts[pid]) if any(t not in vocabulary.tags for t in paper.tags) else {}
        problems.extend(paper_tag_problems(paper.tags, vocabulary, layout.rel(loaded.paths[pid]), lines))
    return problems + curation_problems(vocabulary, topics, loaded.papers, _curation_where(layout, loaded))


def _curation_where(layout: Layout, loaded: LoadedCatalogue) -> Where:
    """Where a curation rule points: a paper's key, a tag's entry in tags.yml, or the top of topics.yml."""
    locate = _locator(layout, loaded)
    tag_lines: dict[tuple[object, ...], int] = {}

    def where(what: str, key: tuple[object, ...]) -> tuple[str, int]:
        if what == "topics":
            return layout.rel(layout.topics), 1
        if what == "tags":
            if key and not tag_lines:
                tag_lines.update(yamltext.node_lines(read_text(layout, layout.tags)))
            return layout.rel(layout.tags), tag_lines.get(("tags", *key), 1)
        return locate(what, key)

    return where


def github_annotation(problem: Problem) -> str:
    """A problem as a GitHub workflow command, shown on the pull request's line: `::error file=…,line=…::…`.

    Escaped as the runner reads them (`%`, CR, LF; and `:` `,` in properties), so a file name or tag that
    holds `::` or a line break stays inside its own annotation and cannot start another command.
    """
    props = f"file={_escape(problem.path, True)}" + (f",line={problem.line}" if problem.line else "")
    message = problem.message + (f" ({problem.hint})" if problem.hint else "")
    return f"::error {props},title=papercat check::{_escape(message, False)}"


def _escape(text: str, prop: bool) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text
