"""All file-system I/O of the catalogue: read dumps and paper files, write files atomically.

Everything else in papercat is pure and goes through here to touch the disk.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problem
from .model import Entry, Paper
from .papers import parse_paper, render_paper_yaml
from .parse import parse_dump


@dataclass(frozen=True)
class Layout:
    """Where the parts of a catalogue live, relative to its root folder."""

    root: Path

    @property
    def dumps(self) -> Path:
        return self.root / "dumps"

    @property
    def papers(self) -> Path:
        return self.root / "papers"

    @property
    def tags(self) -> Path:
        return self.root / "tags.yml"

    @property
    def topics(self) -> Path:
        return self.root / "topics.yml"

    @property
    def schema(self) -> Path:
        return self.root / "paper.schema.json"

    def rel(self, path: Path) -> str:
        """A path as shown in messages: relative to the working folder when possible."""
        try:
            return str(path.resolve().relative_to(Path.cwd().resolve()))
        except ValueError:
            return str(path)


@dataclass
class LoadedCatalogue:
    """The paper files as read: good papers by id, raw texts, and problems of files that failed."""

    papers: dict[str, Paper] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    paths: dict[str, Path] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    file_ids: set[str] = field(default_factory=set)
    """Every paper file name (without .yaml), loadable or not: ids that are taken."""


def write_atomic(path: Path, text: str) -> bool:
    """Write UTF-8 text through a temporary file and a rename; False (no write) when unchanged.

    A reader, or a run that is killed half-way, sees the old file or the new one, never a mix. There
    is no fsync per file: with 100,000 papers it would cost minutes, and git holds the real copy.
    """
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return True


def dump_paths(layout: Layout) -> list[Path]:
    """Every dump file in the catalogue's dumps folder, by name (hidden files skipped)."""
    if not layout.dumps.is_dir():
        return []
    return sorted(p for p in layout.dumps.iterdir() if p.is_file() and not p.name.startswith("."))


def read_dumps(paths: list[Path]) -> tuple[list[Entry], list[Problem]]:
    """Parse dumps; an unreadable one becomes a warning and the others are still read."""
    entries: list[Entry] = []
    warnings: list[Problem] = []
    seen: set[str] = set()
    for path in paths:
        if path.name in seen:
            warnings.append(Problem(str(path), 0, "a dump with this file name was already read; skipped", "rename it"))
            continue
        seen.add(path.name)
        try:
            data = path.read_bytes()
        except OSError as exc:
            warnings.append(Problem(str(path), 0, f"cannot read: {exc.strerror}", "check the path and permissions"))
            continue
        result = parse_dump(data, path.name)
        entries.extend(result.entries)
        warnings.extend(Problem(str(path), w.line, w.message, w.hint) for w in result.warnings)
    return entries, warnings


def load_catalogue(layout: Layout) -> LoadedCatalogue:
    """Read every paper file; files that fail to load are reported, never dropped or rewritten."""
    out = LoadedCatalogue()
    if not layout.papers.is_dir():
        return out
    for path in sorted(layout.papers.glob("*.yaml")):
        pid = path.stem
        out.file_ids.add(pid)
        shown = layout.rel(path)
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            out.problems.append(Problem(shown, 1, f"not UTF-8 ({exc.reason})", "re-save the file as UTF-8"))
            continue
        paper, problems = parse_paper(text, shown)
        if problems:
            out.problems.extend(problems)
            continue
        assert paper is not None
        out.texts[pid] = text
        out.paths[pid] = path
        if paper.id != pid:
            out.problems.append(
                Problem(shown, 2, f"id {paper.id!r} does not match the file name", f"set `id: {pid}`; ids never change")
            )
            continue
        out.papers[pid] = paper
    return out


def write_paper(layout: Layout, paper: Paper) -> bool:
    """Write one paper file canonically; True if the bytes changed."""
    return write_atomic(layout.papers / f"{paper.id}.yaml", render_paper_yaml(paper))
