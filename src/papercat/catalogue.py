"""Load the catalogue: paper files (through the cache when given) and the tag and topic vocabularies.

Files come through `files`; what they mean comes from `paperfile` and `vocabulary`. A file that cannot
be read or is invalid becomes a problem naming it, and the others are still loaded.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .cache import Cache, paper_from_row, paper_row
from .errors import CatalogueError, Problem
from .files import Layout, paper_file_names, present, read_regular, read_text, shown_name, signature, write_atomic
from .model import Paper
from .paperfile import SCHEMA_FILE, TagNames, parse_paper, render_paper_yaml
from .vocabulary import TagVocabulary, Topic, load_topics, load_vocabulary


@dataclass
class LoadedCatalogue:
    """The paper files as read: good papers by id, raw texts, and problems of files that failed."""

    papers: dict[str, Paper] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    paths: dict[str, Path] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    file_ids: set[str] = field(default_factory=set)
    """Every paper file name (without .yaml), loadable or not: ids that are taken."""
    vanished: set[str] = field(default_factory=set)
    """Ids whose files the cache knew from the last run and are gone now (deleted since)."""


def load_catalogue(layout: Layout, cache: Cache | None = None, tag_names: TagNames | None = None) -> LoadedCatalogue:
    """Read every paper file; files that fail to load are reported, never dropped or rewritten.

    With a cache, unchanged files (same size and mtime) are taken from it and their text is not kept.
    """
    out = LoadedCatalogue()
    if not layout.papers.is_dir():
        return out
    names, refused = paper_file_names(layout)
    for name, kind in refused:
        where = layout.rel(layout.papers / shown_name(name))
        out.problems.append(Problem(where, 0, f"not a regular file ({kind}); not read", "make it a plain file"))
        out.file_ids.add(name[: -len(".yaml")])
    seen = set()
    folder = str(layout.papers)
    for name in names:
        pid = name[: -len(".yaml")]
        out.file_ids.add(pid)
        if cache is not None:
            seen.add(name)
            size_mtime = signature(os.path.join(folder, name))
            row = cache.papers.get(name)
            if row is not None and row[:2] == size_mtime:
                paper, fp = paper_from_row(row[2])
                out.papers[pid] = paper
                cache.paper_fingerprints[pid] = fp
                continue
        path = layout.papers / name
        shown = layout.rel(layout.papers / shown_name(name))
        try:
            text = read_regular(path).decode("utf-8")
        except UnicodeDecodeError as exc:
            out.problems.append(Problem(shown, 1, f"not UTF-8 ({exc.reason})", "re-save the file as UTF-8"))
            continue
        except OSError as exc:
            out.problems.append(Problem(shown, 0, f"cannot read: {exc.strerror or exc}", "make it a plain file"))
            continue
        paper, problems = parse_paper(text, shown, tag_names)
        if problems:
            out.problems.extend(problems)
            continue
        assert paper is not None
        out.texts[pid] = text
        out.paths[pid] = path
        if paper.id != pid:
            hint = f"set `id: {shown_name(pid)}`; ids never change"
            out.problems.append(Problem(shown, 2, f"id {paper.id!r} does not match the file name", hint))
            continue
        out.papers[pid] = paper
        if cache is not None:
            cache.put_paper(path.name, (*size_mtime, paper_row(paper)))
    if cache is not None:
        for name in set(cache.papers) - seen:
            cache.put_paper(name, None)
            out.vanished.add(name[: -len(".yaml")])
    return out


def write_paper(layout: Layout, paper: Paper, cache: Cache | None = None) -> bool:
    """Write one paper file canonically; True if the bytes changed. Keeps the cache in step."""
    path = layout.papers / f"{paper.id}.yaml"
    changed = write_atomic(path, render_paper_yaml(paper))
    if cache is not None and changed:
        cache.put_paper(path.name, (*signature(path), paper_row(paper)))
    return changed


def load_vocabularies(layout: Layout) -> tuple[TagVocabulary, list[Topic], list[Problem]]:
    """tags.yml and topics.yml; a structural error in either is returned as a problem."""
    problems: list[Problem] = []
    vocabulary, topics = TagVocabulary(), []
    if not present(layout.tags):
        problems.append(Problem(layout.rel(layout.tags), 0, "no tags.yml", "create the tag vocabulary"))
    else:
        try:
            vocabulary = load_vocabulary(read_text(layout, layout.tags), layout.rel(layout.tags))
        except CatalogueError as exc:
            problems.append(Problem(exc.path or layout.rel(layout.tags), exc.line or 0, exc.message, exc.hint))
    if present(layout.topics):
        try:
            topics, found = load_topics(read_text(layout, layout.topics), layout.rel(layout.topics))
            problems.extend(found)
        except CatalogueError as exc:
            problems.append(Problem(exc.path or layout.rel(layout.topics), exc.line or 0, exc.message, exc.hint))
    return vocabulary, topics, problems


def write_schema(layout: Layout) -> bool:
    """Keep the catalogue's copy of the paper JSON Schema equal to the package's."""
    text = resources.files("papercat").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    return write_atomic(layout.schema, text)
