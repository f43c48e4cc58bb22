"""What `check` finds across files: links between papers, sources against each other and the dumps, misplaced files.

Pure functions over loaded papers; each problem names the paper file and the line of the item at fault,
found through a `Locate` callback (a file's lines are only worked out when it has a problem).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from .dedupe import Fingerprint, same_abstract, titles_compatible
from .errors import Problem
from .model import Entry, Paper, Source
from .text import fold

Locate = Callable[[str, tuple[object, ...]], tuple[str, int]]
"""(paper id, key path such as `("same_as", 0)`) -> (the file as shown, the line of that item)."""

PAPER_FILE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\.yaml$")


def _problem(locate: Locate, pid: str, key: tuple[object, ...], message: str, hint: str) -> Problem:
    return Problem(*locate(pid, key), message, hint)


def link_problems(papers: dict[str, Paper], file_ids: set[str], locate: Locate) -> list[Problem]:
    """`same_as` and `distinct_from` that name no other paper, disagree, or hide a paper's listings.

    A file named in `same_as` is hidden and its listings shown on the naming paper, so it must be named
    by one paper only, must not name others itself (a chain or a cycle: those listings would be lost),
    and two papers cannot be both the same and distinct.
    """
    problems = []
    keeper: dict[str, str] = {}
    for pid in sorted(papers):
        paper = papers[pid]
        for field in ("distinct_from", "same_as"):
            for i, other in enumerate(getattr(paper, field)):
                if other not in file_ids or other == pid:
                    problems.append(
                        _problem(
                            locate,
                            pid,
                            (field, i),
                            f"{field} names {other!r}, which is not another paper",
                            "use the id (file name) of an existing paper",
                        )
                    )
        for i, other in enumerate(paper.same_as):
            if other == pid or other not in papers:
                continue
            found = _same_as_problem(papers, pid, other, keeper)
            if found:
                problems.append(_problem(locate, pid, ("same_as", i), *found))
            keeper.setdefault(other, pid)
    return problems


def _same_as_problem(papers: dict[str, Paper], pid: str, other: str, keeper: dict[str, str]) -> tuple[str, str] | None:
    kept = papers[other]
    if other in papers[pid].distinct_from or pid in kept.distinct_from:
        return (
            f"same_as names {other!r}, and distinct_from says they are different papers",
            "decide: keep it in same_as or in distinct_from, not both",
        )
    if pid in kept.same_as:
        return (
            f"same_as names {other!r}, which names this paper back: a cycle, and both would be hidden",
            "keep the same_as in the file of the paper to publish only",
        )
    if kept.same_as:
        return (
            f"same_as names {other!r}, which itself names {kept.same_as[0]!r} in same_as: its listings would be lost",
            f"name {kept.same_as[0]!r} here too, and empty the same_as of {other!r}",
        )
    if other in keeper:
        return (
            f"same_as names {other!r}, which {keeper[other]!r} names too: its listings would be shown twice",
            "name each file in one paper's same_as",
        )
    return None


def source_problems(papers: dict[str, Paper], locate: Locate, shown: Callable[[str], str]) -> list[Problem]:
    """A listing claimed by two paper files (a repeat inside one file is the schema's `uniqueItems`)."""
    problems = []
    owner: dict[Source, str] = {}
    for pid in sorted(papers):
        for i, source in enumerate(papers[pid].sources):
            first = owner.setdefault(source, pid)
            if first != pid:
                problems.append(
                    _problem(
                        locate,
                        pid,
                        ("sources", i),
                        f"source {shown(source.dump)}:{source.line} is also a source of {first!r}",
                        "a listing belongs to one paper: remove it from one file (same_as joins two files)",
                    )
                )
    return problems


def dump_problems(
    papers: dict[str, Paper], entries: Iterable[Entry], dumps: set[str], locate: Locate, shown: Callable[[str], str]
) -> list[Problem]:
    """Sources whose dump is gone, or whose line no longer holds this paper's listing (the dump was edited).

    A listing still holds the paper when its title folds to the paper's, is compatible with it (a typo,
    a subtitle: how dedupe merged it), or its abstract is the paper's: a person may have corrected the
    title in the file.
    """
    by_source = {e.source: e for e in entries}
    problems = []
    for pid in sorted(papers):
        paper = papers[pid]
        fingerprint: Fingerprint | None = None
        for i, source in enumerate(paper.sources):
            where = f"{shown(source.dump)}:{source.line}"
            entry = by_source.get(source)
            if source.dump not in dumps:
                message, hint = f"source {where}: the dump is gone", "if it was renamed, run `papercat ingest`"
            elif entry is None:
                message, hint = f"source {where} no longer holds a listing", "the dump was edited: fix the line"
            elif fold(entry.title) == fold(paper.title):
                continue
            else:
                fingerprint = fingerprint or Fingerprint.of(paper.title, paper.abstract)
                listing = Fingerprint.of(entry.title, entry.abstract)
                if titles_compatible(fingerprint, listing) or same_abstract(fingerprint, listing):
                    continue
                title = entry.title if len(entry.title) <= 60 else entry.title[:59] + "…"
                message = f"source {where} no longer holds this title (it holds {title!r})"
                hint = "the dump was edited: fix the line, or move the source to the paper it now holds"
            problems.append(_problem(locate, pid, ("sources", i), message, hint))
    return problems


def file_problems(entries: Iterable[tuple[str, str]], shown: Callable[[str], str]) -> list[Problem]:
    """Entries of papers/ that are not `<id>.yaml` files, as (name, kind: file, folder, symlink, ...).

    Names starting with a dot are skipped (an interrupted write's temporary file); `*.yaml` entries that
    are not regular files are reported by the loader.
    """
    problems = []
    for name, kind in sorted(entries):
        if name.startswith(".") or (name.endswith(".yaml") and kind != "folder" and PAPER_FILE.match(name)):
            continue
        if name.endswith(".yaml") and kind not in ("file", "folder"):
            continue  # the loader reports it
        stem = re.sub(r"\.ya?ml~?$", "", name, flags=re.IGNORECASE)
        if kind == "folder":
            message, hint = "a folder in papers/; nothing in it is read", "paper files sit directly in papers/"
        elif kind != "file":
            message, hint = f"not a regular file ({kind}); not read", "paper files are plain <id>.yaml files"
        elif name.endswith(".yaml"):
            message, hint = "the file name is not a paper id", "ids are lowercase words joined by hyphens"
        elif stem != name and PAPER_FILE.match(f"{stem}.yaml"):
            message, hint = "not read: paper files end in .yaml", f"rename it to {stem}.yaml"
        else:
            message, hint = "not read: not a paper file (<id>.yaml)", "rename it, or move it out of papers/"
        problems.append(Problem(shown(name), 0, message, hint))
    return problems
