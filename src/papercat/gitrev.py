"""Read the catalogue's files at a git revision (or from the working tree), for `papercat diff`.

The only module that runs git. One `git cat-file --batch` reads every file of a revision in one pass,
asked for by object id: file names come from the pull request and may hold anything, newlines included.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from .errors import PapercatError, Problem
from .files import Layout
from .snapshot import Snapshot, not_regular, paper_file_id

_KINDS = {"120000": "symlink", "160000": "submodule"}
"""git file modes that are not regular files, by what a message calls them."""


def _git(repo: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        result = subprocess.run(["git", "-C", str(repo), *args], input=stdin, capture_output=True, check=False)
    except FileNotFoundError:
        raise PapercatError("git is not installed", hint="install git to compare revisions") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise PapercatError(
            f"git {' '.join(args[:2])}: {message[-1] if message else 'failed'}",
            hint="is the revision a commit of this repository?",
        )
    return result.stdout


def _rel(layout: Layout, repo: Path) -> str:
    """The catalogue's folder inside the repository, as a path prefix ("" at the top)."""
    try:
        rel = layout.root.resolve().relative_to(repo.resolve()).as_posix()
    except ValueError:
        raise PapercatError(
            f"{layout.root} is not inside the git repository {repo}", hint="run papercat diff from the repository"
        ) from None
    return "" if rel == "." else f"{rel}/"


def head_file_names(folder: Path) -> set[str]:
    """Names of the files directly in `folder` at HEAD (for ingest: was a paper file there?); none outside git."""
    if not folder.is_dir():
        return set()
    try:
        result = subprocess.run(
            ["git", "-C", str(folder), "ls-tree", "--name-only", "-z", "HEAD", "--", "."],
            capture_output=True,
            check=False,
        )
    except OSError:
        return set()
    return {os.fsdecode(n) for n in result.stdout.split(b"\0") if n} if result.returncode == 0 else set()


def _add(snap: Snapshot, name: str, data: bytes) -> None:
    """Put one file's bytes into the snapshot under its role (`tags`, `topics`, or a paper id)."""
    text = data.decode("utf-8", "replace")
    if name == "tags.yml":
        snap.tags = text
    elif name == "topics.yml":
        snap.topics = text
    else:
        snap.papers[name] = text


def snapshot_at(layout: Layout, rev: str) -> Snapshot:
    """The catalogue's paper files, tags.yml and topics.yml at a git revision."""
    if rev.startswith("-") or not rev.strip():
        raise PapercatError(f"not a revision: {rev!r}", hint="give a commit, branch or tag")
    top = _git(layout.root if layout.root.exists() else Path.cwd(), "rev-parse", "--show-toplevel")
    repo = Path(os.fsdecode(top.rstrip(b"\n")))
    commit = _git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").decode().strip()
    prefix = _rel(layout, repo)
    listing = _git(repo, "ls-tree", "-r", "-z", commit, "--", prefix or ".")
    snap = Snapshot()
    wanted: dict[str, str] = {}  # role (tags.yml, topics.yml, paper id) -> object id
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, raw_path = entry.partition(b"\t")
        mode, _, oid = meta.decode().split(" ")
        path = raw_path.decode("utf-8", "replace")
        if not path.startswith(prefix):
            continue
        role = _role(path[len(prefix) :], snap)
        if role is None:
            continue
        if mode in _KINDS:
            snap.unreadable.append(not_regular(f"catalogue/{path[len(prefix) :]}", _KINDS[mode]))
        else:
            wanted[role] = oid
    for role, data in _cat_files(repo, wanted).items():
        _add(snap, role, data)
    return snap


def _role(rel: str, snap: Snapshot) -> str | None:
    """What a path inside the catalogue is for the diff: `tags.yml`, `topics.yml`, a paper id, or None.

    A misnamed or misplaced paper file is recorded in `snap.unreadable` and gets None.
    """
    if rel in ("tags.yml", "topics.yml"):
        return rel
    if not rel.startswith("papers/"):
        return None
    found = paper_file_id(rel[len("papers/") :])
    if isinstance(found, Problem):
        snap.unreadable.append(found)
        return None
    return found


def _cat_files(repo: Path, wanted: dict[str, str]) -> dict[str, bytes]:
    """Every wanted object's bytes, by role, read with one `git cat-file --batch` (object ids only)."""
    oids = sorted(set(wanted.values()))
    if not oids:
        return {}
    out = _git(repo, "cat-file", "--batch", stdin="".join(f"{oid}\n" for oid in oids).encode())
    blobs: dict[str, bytes] = {}
    pos = 0
    for oid in oids:
        header_end = out.index(b"\n", pos)
        header = out[pos:header_end].split()
        if len(header) != 3:  # `<oid> missing`: cannot happen for ids ls-tree just listed
            raise PapercatError(f"git cat-file: object {oid} is missing", hint="is the repository complete?")
        size = int(header[2])
        blobs[oid] = out[header_end + 1 : header_end + 1 + size]
        pos = header_end + 1 + size + 1
    return {role: blobs[oid] for role, oid in wanted.items()}


def snapshot_worktree(layout: Layout) -> Snapshot:
    """The catalogue as it is on disk now; symlinks and other non-regular files are reported, never read."""
    snap = Snapshot()
    for name, path in (("tags.yml", layout.tags), ("topics.yml", layout.topics)):
        if path.exists() or path.is_symlink():
            _read(snap, name, f"catalogue/{name}", path)
    if not layout.papers.is_dir():
        return snap
    for folder, dirs, files in os.walk(layout.papers):
        dirs.sort()
        for name in sorted(files + dirs):  # os.walk lists symlinks to folders with the folders
            path = Path(folder, name)
            # shown as git shows it: bytes that are not UTF-8 as U+FFFD (os.walk gives them as surrogates)
            rel = os.fsencode(path.relative_to(layout.papers).as_posix()).decode("utf-8", "replace")
            pid = _role(f"papers/{rel}", snap)
            if pid is None:
                continue
            _read(snap, pid, f"catalogue/papers/{rel}", path)
    return snap


def _read(snap: Snapshot, role: str, shown: str, path: Path) -> None:
    """One file of the working tree into the snapshot; a symlink, folder or FIFO is reported, never opened."""
    if path.is_symlink() or not path.is_file():
        kind = "symlink" if path.is_symlink() else "folder" if path.is_dir() else "not a file"
        snap.unreadable.append(not_regular(shown, kind))
        return
    try:
        _add(snap, role, path.read_bytes())
    except OSError as exc:
        snap.unreadable.append(Problem(shown, 0, f"cannot be read ({exc.strerror})", "check its permissions"))
