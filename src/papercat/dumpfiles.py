"""The I/O edge for dumps: listing the catalogue's dumps folder and copying new dumps into it.

Only lstat looks at a dump before it is read: a symlink, folder, pipe, socket or device is refused
without being opened, and so is a name a paper's sources could not record.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import PapercatError, Problem
from .files import Layout, NotRegularFile, not_regular, read_regular, shown_name, write_bytes_atomic
from .limits import limits

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


def copy_dumps(layout: Layout, paths: list[Path]) -> list[Problem]:
    """Copy dumps given on the command line into the catalogue's dumps folder (never overwriting).

    A symlink or special file (pipe, device, folder) is refused with a warning and never read.
    """
    layout.dumps.mkdir(parents=True, exist_ok=True)
    warnings = []
    for path in paths:
        try:
            problem = dump_refusal(path, shown_name(str(path)))
        except FileNotFoundError:
            raise PapercatError(f"no such dump: {shown_name(str(path))}", hint="give the path of a text file") from None
        except OSError as exc:
            raise PapercatError(f"cannot read {shown_name(str(path))}: {exc.strerror}", hint="check the path") from None
        if problem is not None:
            warnings.append(problem)
            continue
        try:
            data = read_regular(path)
        except NotRegularFile as exc:  # swapped for a link since it was looked at
            warnings.append(Problem(shown_name(str(path)), 0, f"not a regular file ({exc.kind}); skipped", DUMP_HINT))
            continue
        except OSError as exc:
            raise PapercatError(f"cannot read {shown_name(str(path))}: {exc.strerror}", hint="check the path") from None
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
