"""Read the catalogue's dumps into entries: each dump parsed once (then taken from the cache), many at once
in a process pool. Used by ingest, and by check to compare paper files with the dumps."""

from __future__ import annotations

import os
from pathlib import Path

from .cache import Cache, entry_row
from .dedupe import Fingerprint
from .dumpfiles import DUMP_HINT
from .errors import Problem
from .files import NotRegularFile, read_regular, shown_name, signature
from .model import Entry, Source
from .parse import parse_dump


def parse_to_row(path: Path) -> tuple:
    """Parse one dump into its cache row: (size, mtime, entry rows, warnings). Runs in worker processes."""
    size_mtime = signature(path)
    result = parse_dump(read_regular(path), path.name)
    rows = tuple(entry_row(e, Fingerprint.of(e.title, e.abstract)) for e in result.entries)
    return (*size_mtime, rows, tuple((w.line, w.message, w.hint) for w in result.warnings))


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
            if cache.dump_rows(path.name, signature(path)) is None:
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
            cached = cache.dump_rows(path.name, signature(path))
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
