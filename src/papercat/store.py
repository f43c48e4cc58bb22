"""All file-system I/O of the catalogue: read dumps and paper files, write files atomically.

Everything else in papercat is pure and goes through here to touch the disk.
"""

from __future__ import annotations

import marshal
import os
import re
import stat
from dataclasses import dataclass, field, fields
from pathlib import Path

from .dedupe import Fingerprint
from .errors import Problem
from .limits import limits
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
        """A path as shown in messages: relative to the working folder when possible (a link is named, not followed)."""
        try:
            return str((path.parent.resolve() / path.name).relative_to(Path.cwd().resolve()))
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
    vanished: set[str] = field(default_factory=set)
    """Ids whose files the cache knew from the last run and are gone now (deleted since)."""


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


_TEMP_FILE = re.compile(r"\.(.+)\.([0-9]+)\.tmp")
"""The temporary names write_atomic and write_bytes_atomic use: `.<name>.<pid>.tmp`."""


def remove_leftover_temp_files(layout: Layout) -> list[Path]:
    """Delete the temporary files a killed run left in the catalogue (our own pattern only); the paths removed.

    A file whose process is still running (another ingest at work) is left alone.
    """
    removed = []
    for folder in (layout.root, layout.papers, layout.dumps, layout.cache, layout.cache / "dumps"):
        try:
            found = [e for e in os.scandir(folder) if e.name.startswith(".") and e.name.endswith(".tmp")]
        except OSError:
            continue
        for item in found:
            m = _TEMP_FILE.fullmatch(item.name)
            if m and item.is_file(follow_symlinks=False) and not _running(int(m.group(2))):
                Path(item.path).unlink(missing_ok=True)
                removed.append(Path(item.path))
    return sorted(removed)


def _running(pid: int) -> bool:
    """Whether a process with this id exists (signal 0 only asks)."""
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:
        return True  # another user's process
    return True


class NotRegularFile(OSError):
    """A dump path that is a link, folder, pipe, socket or device: never opened for reading."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISLNK, "symlink"),
        (stat.S_ISDIR, "folder"),
        (stat.S_ISFIFO, "named pipe"),
        (stat.S_ISSOCK, "socket"),
        (stat.S_ISCHR, "device file"),
        (stat.S_ISBLK, "device file"),
    ):
        if test(mode):
            return name
    return "special file"


def not_regular(path: Path) -> str | None:
    """What the path is when it is not a regular file itself (a symlink counts, wherever it points), else None."""
    mode = os.lstat(path).st_mode
    return None if stat.S_ISREG(mode) else _kind(mode)


def read_regular(path: Path) -> bytes:
    """A regular file's bytes; a symlink or special file raises NotRegularFile before a byte is read.

    O_NOFOLLOW refuses a link, O_NONBLOCK keeps a named pipe from blocking the open, and fstat
    checks the opened file itself, so a file swapped for a link after listing is still refused.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        kind = not_regular(path) if os.path.lexists(path) else None
        if kind:
            raise NotRegularFile(kind) from None
        raise exc from None
    with os.fdopen(fd, "rb") as fh:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(_kind(mode))
        return fh.read()


def shown_name(name: str) -> str:
    """A file name as messages print it: controls and undecodable bytes escaped, so a line stays one line."""
    return name if name.isprintable() else repr(name)[1:-1]


DUMP_HINT = "copy the page's text into a plain file; dumps are never read through links or devices"


def dump_refusal(path: Path, shown: str) -> Problem | None:
    """Why a path cannot be a dump (a symlink or special file, or a name sources cannot record), else None.

    Only lstat is used: a refused path is never opened. A missing path raises FileNotFoundError.
    """
    kind = not_regular(path)
    if kind is not None:
        return Problem(shown, 0, f"not a regular file ({kind}); skipped", DUMP_HINT)
    if not path.name.isprintable() or not limits().dump_ok(path.name):
        hint = "rename it: letters, digits, dots, dashes and underscores are safe"
        return Problem(shown, 0, "a file name a paper's sources cannot record; skipped", hint)
    return None


def dump_files(layout: Layout) -> tuple[list[Path], list[Problem]]:
    """Every dump in the catalogue's dumps folder, by name, and a warning for each entry that is not one.

    Hidden files are skipped silently; symlinks, folders, pipes, sockets and devices are refused
    without being opened (a link in a pull request must not pull a file from elsewhere into the
    catalogue), and so are names a paper file could not record.
    """
    folder = layout.dumps
    try:
        kind = not_regular(folder)
    except FileNotFoundError:
        return [], []
    if kind != "folder":
        hint = "dumps must be a real folder in the catalogue"
        return [], [Problem(layout.rel(folder), 0, f"not a folder ({kind or 'file'}); no dumps read", hint)]
    paths: list[Path] = []
    problems: list[Problem] = []
    for name in sorted(os.listdir(folder)):
        if name.startswith("."):
            continue
        path = folder / name
        try:
            problem = dump_refusal(path, layout.rel(folder / shown_name(name)))
        except FileNotFoundError:
            continue  # removed since it was listed
        if problem is None:
            paths.append(path)
        else:
            problems.append(problem)
    return paths, problems


CACHE_VERSION = 2


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
            return data["data"] if data.get("version") == _cache_version() else None
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
        version = _cache_version()
        for name in sorted(self.dirty_dumps):
            data = {"version": version, "data": {"row": self.dumps[name]}}
            write_bytes_atomic(self.folder / "dumps" / f"{name}.marshal", marshal.dumps(data))
        if self.delta_dirty:
            delta_path = self.folder / "papers-delta.marshal"
            if len(self.delta) * 10 > len(self.papers) or not (self.folder / "papers.marshal").exists():
                data = {"version": version, "data": self.papers}
                write_bytes_atomic(self.folder / "papers.marshal", marshal.dumps(data))
                delta_path.unlink(missing_ok=True)
                self.delta = {}
            else:
                write_bytes_atomic(delta_path, marshal.dumps({"version": version, "data": self.delta}))
        self.dirty_dumps.clear()
        self.delta_dirty = False


def _cache_version() -> tuple:
    """What cached rows depend on: their layout, the paper fields, and the limits parse applied."""
    return (CACHE_VERSION, PAPER_FIELDS, limits().key)


def _signature(path: Path | str) -> tuple[int, int]:
    st = os.lstat(path)
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
    result = parse_dump(read_regular(path), path.name)
    rows = tuple(_entry_row(e, Fingerprint.of(e.title, e.abstract)) for e in result.entries)
    return (*signature, rows, tuple((w.line, w.message, w.hint) for w in result.warnings))


def _parse_safely(path: Path) -> tuple | Problem:
    """parse_to_row, or one warning naming the dump: a file error, or a bug met on this dump alone."""
    try:
        return parse_to_row(path)
    except NotRegularFile as exc:
        return Problem(str(path), 0, f"not a regular file ({exc.kind}); skipped", DUMP_HINT)
    except OSError as exc:
        return Problem(str(path), 0, f"cannot read: {exc.strerror or exc}", "check the path and permissions")
    except Exception as exc:  # noqa: BLE001 - one odd dump must not stop the others
        hint = "please report it with the dump; the other dumps were read"
        what = shown_name(f"{type(exc).__name__}: {exc}"[:200])
        return Problem(str(path), 0, f"could not be parsed ({what}); skipped", hint)


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
        for path, row in zip(todo, pool.map(_parse_safely, todo, chunksize=2), strict=True):
            if not isinstance(row, Problem):
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
            cached = cache.dump_rows(path.name, _signature(path))
        except OSError as exc:
            warnings.append(Problem(str(path), 0, f"cannot read: {exc.strerror}", "check the path and permissions"))
            continue
        if cached is None:
            cached = _parse_safely(path)
            if isinstance(cached, Problem):
                warnings.append(cached)
                continue
            cache.put_dump(path.name, cached)
        for line, title, abstract, truncated, authors, published, upvotes, code, fp in cached[2]:
            source = Source(path.name, line)
            entries.append(Entry(source, title, abstract, truncated, authors, published, upvotes, tuple(code)))
            cache.fingerprints[source] = Fingerprint.from_row(fp, abstract)
        warnings.extend(Problem(str(path), line, message, hint) for line, message, hint in cached[3])
    return entries, warnings


PAPER_FIELDS = tuple(f.name for f in fields(Paper))
"""The Paper fields in order: a cached paper row holds one value per field, so a new field is never lost."""
_LISTS = tuple(i for i, f in enumerate(fields(Paper)) if f.default_factory is list and f.name != "sources")
_SOURCES = PAPER_FIELDS.index("sources")


def _paper_row(paper: Paper) -> tuple:
    values = [getattr(paper, name) for name in PAPER_FIELDS]
    for i in _LISTS:
        values[i] = tuple(values[i])
    values[_SOURCES] = tuple((s.dump, s.line) for s in paper.sources)
    return (*values, Fingerprint.of(paper.title, paper.abstract).to_row())


def _paper_from_row(row: tuple) -> tuple[Paper, Fingerprint]:
    values = list(row[:-1])
    for i in _LISTS:
        values[i] = list(values[i])
    values[_SOURCES] = [Source(d, n) for d, n in values[_SOURCES]]
    paper = Paper(*values)
    return paper, Fingerprint.from_row(row[-1], paper.abstract)


def load_catalogue(layout: Layout, cache: Cache | None = None) -> LoadedCatalogue:
    """Read every paper file; files that fail to load are reported, never dropped or rewritten.

    With a cache, unchanged files (same size and mtime) are taken from it and their text is not kept.
    """
    out = LoadedCatalogue()
    if not layout.papers.is_dir():
        return out
    seen = set()
    names = []
    for item in os.scandir(layout.papers):
        if not item.name.endswith(".yaml") or item.name.startswith("."):
            continue
        if item.is_file(follow_symlinks=False):
            names.append(item.name)
        elif not item.is_dir(follow_symlinks=False):
            kind = "symlink" if item.is_symlink() else _kind(item.stat(follow_symlinks=False).st_mode)
            where = layout.rel(layout.papers / shown_name(item.name))
            out.problems.append(Problem(where, 0, f"not a regular file ({kind}); not read", "make it a plain file"))
            out.file_ids.add(item.name[: -len(".yaml")])
    names.sort()
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
        shown = layout.rel(layout.papers / shown_name(name))
        try:
            text = read_regular(path).decode("utf-8")
        except UnicodeDecodeError as exc:
            out.problems.append(Problem(shown, 1, f"not UTF-8 ({exc.reason})", "re-save the file as UTF-8"))
            continue
        except OSError as exc:
            out.problems.append(Problem(shown, 0, f"cannot read: {exc.strerror or exc}", "make it a plain file"))
            continue
        paper, problems = parse_paper(text, shown)
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
            cache.put_paper(path.name, (*signature, _paper_row(paper)))
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
