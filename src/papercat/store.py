"""All file-system I/O of the catalogue: read dumps and paper files, write files atomically.

Everything else in papercat is pure and goes through here to touch the disk.
"""

from __future__ import annotations

import marshal
import os
from dataclasses import dataclass, field
from pathlib import Path

from .dedupe import Fingerprint
from .errors import Problem
from .model import Entry, Paper, Source
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

    @property
    def cache(self) -> Path:
        return self.root / ".cache"

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


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Replace a file's bytes through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


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


CACHE_VERSION = 1


class Cache:
    """Parsed dumps and paper files from the last run, keyed by file name, size and mtime.

    Only a speed-up: a file whose size or mtime changed is read again, and a missing or unreadable
    cache is rebuilt. One file per dump (a dump never changes once added, so its file is written
    once) and one for the papers, stored with `marshal` (plain values only; loading runs no code).
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.dumps: dict[str, tuple] = {}
        self.papers: dict[str, tuple] = {}
        self.fingerprints: dict[Source, Fingerprint] = {}
        self.paper_fingerprints: dict[str, Fingerprint] = {}
        self.dirty_dumps: set[str] = set()
        # paper rows live in a base file plus a small delta, so adding 200 papers to 100,000 does not
        # rewrite the whole base; the delta is merged in once it grows past a tenth of the base
        self.delta: dict[str, tuple | None] = {}
        self.delta_dirty = False
        if folder is not None:
            self.papers = self._read(folder / "papers.marshal") or {}
            self.delta = self._read(folder / "papers-delta.marshal") or {}
            for name, row in self.delta.items():
                if row is None:
                    self.papers.pop(name, None)
                else:
                    self.papers[name] = row

    def _read(self, path: Path) -> dict | None:
        try:
            data = marshal.loads(path.read_bytes())
            return data["data"] if data.get("version") == CACHE_VERSION else None
        except (OSError, EOFError, ValueError, TypeError, KeyError, AttributeError):
            return None

    def dump_rows(self, name: str, signature: tuple[int, int]) -> tuple | None:
        """The cached parse of one dump if its size and mtime are unchanged."""
        if name not in self.dumps and self.folder is not None:
            cached = self._read(self.folder / "dumps" / f"{name}.marshal")
            if cached is not None:
                self.dumps[name] = cached["row"]
        row = self.dumps.get(name)
        return row if row is not None and row[:2] == signature else None

    def put_dump(self, name: str, row: tuple) -> None:
        self.dumps[name] = row
        self.dirty_dumps.add(name)

    def put_paper(self, name: str, row: tuple | None) -> None:
        """Record a paper file's row (None: the file is gone)."""
        if row is None:
            self.papers.pop(name, None)
        else:
            self.papers[name] = row
        self.delta[name] = row
        self.delta_dirty = True

    def save(self) -> None:
        if self.folder is None:
            return
        for name in sorted(self.dirty_dumps):
            data = {"version": CACHE_VERSION, "data": {"row": self.dumps[name]}}
            write_bytes_atomic(self.folder / "dumps" / f"{name}.marshal", marshal.dumps(data))
        if self.delta_dirty:
            delta_path = self.folder / "papers-delta.marshal"
            if len(self.delta) * 10 > len(self.papers) or not (self.folder / "papers.marshal").exists():
                data = {"version": CACHE_VERSION, "data": self.papers}
                write_bytes_atomic(self.folder / "papers.marshal", marshal.dumps(data))
                delta_path.unlink(missing_ok=True)
                self.delta = {}
            else:
                write_bytes_atomic(delta_path, marshal.dumps({"version": CACHE_VERSION, "data": self.delta}))
        self.dirty_dumps.clear()
        self.delta_dirty = False


def _signature(path: Path | str) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_size, st.st_mtime_ns


def _entry_row(e: Entry, fp: Fingerprint) -> tuple:
    return (
        e.source.line,
        e.title,
        e.abstract,
        e.truncated,
        e.authors_count,
        e.published,
        e.upvotes,
        e.code,
        fp.to_row(),
    )


def parse_to_row(path: Path) -> tuple:
    """Parse one dump into its cache row: (size, mtime, entry rows, warnings). Runs in worker processes."""
    signature = _signature(path)
    result = parse_dump(path.read_bytes(), path.name)
    rows = tuple(_entry_row(e, Fingerprint.of(e.title, e.abstract)) for e in result.entries)
    return (*signature, rows, tuple((w.line, w.message, w.hint) for w in result.warnings))


PARALLEL_DUMPS = 8
"""With at least this many dumps to parse, parse them in a process per core."""


def _parse_many(paths: list[Path], cache: Cache) -> None:
    todo = []
    for path in paths:
        try:
            if cache.dump_rows(path.name, _signature(path)) is None:
                todo.append(path)
        except OSError:
            continue
    workers = min(os.cpu_count() or 1, 4)
    if len(todo) < PARALLEL_DUMPS or workers < 2:
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        for path, row in zip(todo, pool.map(parse_to_row, todo, chunksize=2), strict=True):
            cache.put_dump(path.name, row)


def read_dumps(paths: list[Path], cache: Cache | None = None) -> tuple[list[Entry], list[Problem]]:
    """Parse dumps; an unreadable one becomes a warning and the others are still read."""
    cache = cache or Cache(None)
    _parse_many(paths, cache)
    entries: list[Entry] = []
    warnings: list[Problem] = []
    seen: set[str] = set()
    for path in paths:
        if path.name in seen:
            warnings.append(Problem(str(path), 0, "a dump with this file name was already read; skipped", "rename it"))
            continue
        seen.add(path.name)
        try:
            signature = _signature(path)
            cached = cache.dump_rows(path.name, signature)
            if cached is None:
                cached = parse_to_row(path)
                cache.put_dump(path.name, cached)
        except OSError as exc:
            warnings.append(Problem(str(path), 0, f"cannot read: {exc.strerror}", "check the path and permissions"))
            continue
        for line, title, abstract, truncated, authors, published, upvotes, code, fp in cached[2]:
            source = Source(path.name, line)
            entries.append(Entry(source, title, abstract, truncated, authors, published, upvotes, tuple(code)))
            cache.fingerprints[source] = Fingerprint.from_row(fp, abstract)
        warnings.extend(Problem(str(path), line, message, hint) for line, message, hint in cached[3])
    return entries, warnings


def _paper_row(paper: Paper) -> tuple:
    p = paper
    sources = tuple((s.dump, s.line) for s in p.sources)
    fp = Fingerprint.of(p.title, p.abstract)
    return (
        p.id,
        p.title,
        p.abstract,
        p.published,
        p.authors_count,
        p.upvotes,
        tuple(p.code),
        tuple(p.tags),
        p.notes,
        sources,
        tuple(p.distinct_from),
        tuple(p.same_as),
        fp.to_row(),
    )


def _paper_from_row(row: tuple) -> tuple[Paper, Fingerprint]:
    fields = list(row[:-1])
    fields[6:9] = [list(fields[6]), list(fields[7]), fields[8]]
    fields[9] = [Source(d, n) for d, n in fields[9]]
    fields[10:12] = [list(fields[10]), list(fields[11])]
    paper = Paper(*fields)
    return paper, Fingerprint.from_row(row[-1], paper.abstract)


def load_catalogue(layout: Layout, cache: Cache | None = None) -> LoadedCatalogue:
    """Read every paper file; files that fail to load are reported, never dropped or rewritten.

    With a cache, unchanged files (same size and mtime) are taken from it and their text is not kept.
    """
    out = LoadedCatalogue()
    if not layout.papers.is_dir():
        return out
    seen = set()
    names = sorted(e.name for e in os.scandir(layout.papers) if e.name.endswith(".yaml") and e.is_file())
    folder = str(layout.papers)
    for name in names:
        pid = name[: -len(".yaml")]
        out.file_ids.add(pid)
        if cache is not None:
            seen.add(name)
            signature = _signature(os.path.join(folder, name))
            row = cache.papers.get(name)
            if row is not None and row[:2] == signature:
                paper, fp = _paper_from_row(row[2])
                out.papers[pid] = paper
                cache.paper_fingerprints[pid] = fp
                continue
        path = layout.papers / name
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
        if cache is not None:
            cache.put_paper(path.name, (*signature, _paper_row(paper)))
    if cache is not None:
        for name in set(cache.papers) - seen:
            cache.put_paper(name, None)
    return out


def write_paper(layout: Layout, paper: Paper, cache: Cache | None = None) -> bool:
    """Write one paper file canonically; True if the bytes changed. Keeps the cache in step."""
    path = layout.papers / f"{paper.id}.yaml"
    changed = write_atomic(path, render_paper_yaml(paper))
    if cache is not None and changed:
        cache.put_paper(path.name, (*_signature(path), _paper_row(paper)))
    return changed


GENERATED_DIRS = ("papers", "tags", "topics")


def write_pages(docs: Path, pages: dict[str, str]) -> tuple[int, int]:
    """Write generated pages under docs/ (only changed bytes) and delete generated pages no longer made.

    Only the generated folders and files are touched; hand-written pages beside them are left alone.
    Returns (written, removed).
    """
    written = sum(write_atomic(docs / rel, text) for rel, text in sorted(pages.items()))
    removed = 0
    for folder in GENERATED_DIRS:
        base = docs / folder
        if not base.is_dir():
            continue
        for path in base.rglob("*.md"):
            if path.relative_to(docs).as_posix() not in pages:
                path.unlink()
                removed += 1
    return written, removed
