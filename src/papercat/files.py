"""The I/O edge: where a catalogue's parts live, reading files safely, writing them atomically.

Everything else goes through here to touch the disk. It knows nothing of what the files mean: it
lists, reads and writes bytes and text. A symlink or special file is never read (no file outside the
catalogue comes in through a link in a pull request), and writes go through a temporary file and a
rename, so a reader or a killed run sees the old file or the new one, never a mix.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from .errors import CatalogueError


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


def signature(path: Path | str) -> tuple[int, int]:
    """A file's size and mtime (of the link itself, never followed): what the cache checks before trusting a row."""
    st = os.lstat(path)
    return st.st_size, st.st_mtime_ns


def present(path: Path) -> bool:
    """Whether anything is at the path, a dangling link included."""
    return path.is_symlink() or path.exists()


def read_text(layout: Layout, path: Path) -> str:
    """A catalogue file's text; a link, folder, unreadable or undecodable file is a CatalogueError naming it."""
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


def folder_entries(folder: Path) -> list[tuple[str, str]] | str | None:
    """Every entry of a folder with what it is (`file`, `folder`, `symlink`, ...); the kind of the path itself
    when it is not a folder, None when it is missing."""
    try:
        kind = not_regular(folder)
    except FileNotFoundError:
        return None
    if kind != "folder":
        return kind or "file"
    return [(e.name, not_regular(Path(e.path)) or "file") for e in os.scandir(folder)]


def paper_file_names(layout: Layout) -> tuple[list[str], list[tuple[str, str]]]:
    """The regular `*.yaml` files in papers/ (sorted), and the other `*.yaml` entries that are not folders,
    with their kind (a symlink is never followed). Hidden files are skipped."""
    names: list[str] = []
    refused: list[tuple[str, str]] = []
    for item in os.scandir(layout.papers):
        if not item.name.endswith(".yaml") or item.name.startswith("."):
            continue
        if item.is_file(follow_symlinks=False):
            names.append(item.name)
        elif not item.is_dir(follow_symlinks=False):
            refused.append(
                (item.name, "symlink" if item.is_symlink() else _kind(item.stat(follow_symlinks=False).st_mode))
            )
    return sorted(names), refused


def append_text(path: Path | str, text: str) -> None:
    """Add text at the end of a file (the summary file GitHub gives each step)."""
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(text)


GENERATED_DIRS = ("papers", "tags", "topics", "browse-index")
"""Folders of docs/ that generate fills: a file there of a generated kind that it no longer makes is removed."""
GENERATED_SUFFIXES = (".md", ".xml", ".json")
"""The kinds of file generate writes in those folders: pages, tag feeds, browse index shards."""
GENERATED_FILES = ("index.md", "browse.md", "all-papers.md", "feed.xml", "papers.json", "papers.csv", "papers.bib")
"""Generated files at the top of docs/, beside hand-written pages, with the tag feeds (`feed-<tag>.xml`):
removed when no longer made (feeds when site_url is unset, papers.bib when no paper is citable)."""


def write_pages(docs: Path, pages: dict[str, str]) -> tuple[int, int]:
    """Write generated files under docs/ (only changed bytes) and delete generated files no longer made.

    Only the generated folders and files are touched; hand-written pages beside them are left alone.
    Returns (written, removed).
    """
    written = sum(write_atomic(docs / rel, text) for rel, text in sorted(pages.items()))
    stale = [docs / name for name in GENERATED_FILES if name not in pages and (docs / name).is_file()]
    stale += [path for path in docs.glob("feed-*.xml") if path.name not in pages and path.is_file()]
    for folder in GENERATED_DIRS:
        base = docs / folder
        if base.is_dir():
            stale += [
                path
                for path in base.rglob("*")
                if path.suffix in GENERATED_SUFFIXES
                and path.is_file()
                and path.relative_to(docs).as_posix() not in pages
            ]
    for path in stale:
        path.unlink()
    return written, len(stale)
