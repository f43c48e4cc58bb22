"""The ingest cache: dumps and paper files as parsed on the last run, so unchanged files are not parsed again.

Rows are plain tuples stored with `marshal` (plain values only; loading runs no code), one value per
field of the record they stand for.
"""

from __future__ import annotations

import marshal
from pathlib import Path

from .dedupe import Fingerprint
from .files import write_bytes_atomic
from .limits import limits
from .model import PAPER_FIELDS, PAPER_KEYS, Entry, Paper, Source

CACHE_VERSION = 4  # 4: papers gained added and the citation fields (authors, year, venue, arxiv, url)


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
    return (CACHE_VERSION, PAPER_KEYS, limits().key)


def entry_row(e: Entry, fp: Fingerprint) -> tuple:
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


_LISTS = tuple(i for i, f in enumerate(PAPER_FIELDS) if f.kind == "strings")
_SOURCES = PAPER_KEYS.index("sources")


def paper_row(paper: Paper) -> tuple:
    """One value per paper field in `PAPER_KEYS` order (so a new field is never lost), then the fingerprint."""
    values = [getattr(paper, name) for name in PAPER_KEYS]
    for i in _LISTS:
        values[i] = tuple(values[i])
    values[_SOURCES] = tuple((s.dump, s.line) for s in paper.sources)
    return (*values, Fingerprint.of(paper.title, paper.abstract).to_row())


def paper_from_row(row: tuple) -> tuple[Paper, Fingerprint]:
    values = list(row[:-1])
    for i in _LISTS:
        values[i] = list(values[i])
    values[_SOURCES] = [Source(d, n) for d, n in values[_SOURCES]]
    paper = Paper(*values)
    return paper, Fingerprint.from_row(row[-1], paper.abstract)
