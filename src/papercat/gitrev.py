"""Read the catalogue's files at a git revision (or from the working tree), for `papercat diff`.

The only module that runs git. One `git cat-file --batch` reads every file of a revision in one pass.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from .diff import Snapshot
from .errors import PapercatError
from .store import Layout


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
    try:
        return layout.root.resolve().relative_to(repo.resolve()).as_posix()
    except ValueError:
        raise PapercatError(
            f"{layout.root} is not inside the git repository {repo}", hint="run papercat diff from the repository"
        ) from None


def snapshot_at(layout: Layout, rev: str) -> Snapshot:
    """The catalogue's paper files, tags.yml and topics.yml at a git revision."""
    if rev.startswith("-") or not rev.strip():
        raise PapercatError(f"not a revision: {rev!r}", hint="give a commit, branch or tag")
    repo = Path(
        _git(layout.root if layout.root.exists() else Path.cwd(), "rev-parse", "--show-toplevel").decode().strip()
    )
    commit = _git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").decode().strip()
    prefix = _rel(layout, repo)
    names = _git(repo, "ls-tree", "-r", "--name-only", "-z", commit, "--", f"{prefix}/").decode().split("\0")
    wanted = [n for n in names if n.startswith(f"{prefix}/papers/") and n.endswith(".yaml")]
    wanted += [n for n in (f"{prefix}/tags.yml", f"{prefix}/topics.yml") if n in names]
    contents = _cat_files(repo, commit, wanted)
    snap = Snapshot()
    for name, data in contents.items():
        text = data.decode("utf-8", "replace")
        if name.endswith("/tags.yml") and name == f"{prefix}/tags.yml":
            snap.tags = text
        elif name == f"{prefix}/topics.yml":
            snap.topics = text
        else:
            snap.papers[Path(name).stem] = text
    return snap


def _cat_files(repo: Path, commit: str, names: list[str]) -> dict[str, bytes]:
    if not names:
        return {}
    request = "".join(f"{commit}:{n}\n" for n in names).encode()
    out = _git(repo, "cat-file", "--batch", stdin=request)
    contents: dict[str, bytes] = {}
    pos = 0
    for name in names:
        header_end = out.index(b"\n", pos)
        header = out[pos:header_end].split()
        size = int(header[2])
        contents[name] = out[header_end + 1 : header_end + 1 + size]
        pos = header_end + 1 + size + 1
    return contents


def snapshot_worktree(layout: Layout) -> Snapshot:
    """The catalogue as it is on disk now."""
    snap = Snapshot()
    if layout.papers.is_dir():
        for path in sorted(layout.papers.glob("*.yaml")):
            snap.papers[path.stem] = path.read_bytes().decode("utf-8", "replace")
    if layout.tags.exists():
        snap.tags = layout.tags.read_text(encoding="utf-8")
    if layout.topics.exists():
        snap.topics = layout.topics.read_text(encoding="utf-8")
    return snap
