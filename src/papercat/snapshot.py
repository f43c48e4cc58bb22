"""A catalogue's text files at one revision, as `gitrev` reads them and `summary` compares them.

Pure: what counts as a paper file, and the problem for a file that is never read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import Problem
from .vocabulary import SLUG

PAPERS_DIR = "catalogue/papers"
"""How paper files are named in messages (the catalogue's folder inside the repository)."""


@dataclass
class Snapshot:
    """The catalogue's text files at one revision: paper files by id, and the vocabulary files."""

    papers: dict[str, str] = field(default_factory=dict)
    tags: str | None = None
    topics: str | None = None
    unreadable: list[Problem] = field(default_factory=list)
    """Files that are not read at all (misnamed, misplaced, not regular files), each with why."""


def paper_file_id(name: str) -> str | Problem | None:
    """What a path under `papers/` is: a paper id, a problem (a paper file papercat will not read), or None.

    Paper files are `<id>.yaml` directly in the folder, the id a slug; anything else that looks like
    a paper file (`.yml`, `.YAML`, in a subfolder, an odd file name) is reported, never silently skipped.
    """
    if name.endswith(".yaml") and "/" not in name:
        stem = name[: -len(".yaml")]
        if SLUG.fullmatch(stem):
            return stem
        return Problem(PAPERS_DIR, 0, f"file name {name!r} is not a paper id", "name it <id>.yaml: a-z, 0-9, hyphens")
    if name.lower().endswith((".yaml", ".yml")):
        return Problem(PAPERS_DIR, 0, f"{name!r} is not read", "paper files are catalogue/papers/<id>.yaml")
    return None


def not_regular(path: str, kind: str) -> Problem:
    """A catalogue file that is a symlink, folder or submodule: never read (it could pull in anything)."""
    return Problem(path, 0, f"not a regular file ({kind}); not read", "commit the file itself")
