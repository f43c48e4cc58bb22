"""What a change does to the catalogue, as a Markdown summary for a pull request's reviewer.

Pure: `diff_catalogues(base, head)` compares two snapshots (paper files, tags.yml, topics.yml as
text) and `render_summary` writes Markdown. Reading snapshots from git revisions lives in `gitrev`.
Every value from the catalogue or the pull request (file names, ids, titles, notes, tag and topic
names, revision names) is untrusted: it reaches GitHub's Markdown only through `md_text` (inert
text) or `md_code` (inert code span).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from . import markup
from .errors import CatalogueError, Problem
from .model import PAPER_KEYS, Paper, Source
from .paperfile import parse_paper
from .snapshot import PAPERS_DIR, Snapshot
from .vocabulary import TagVocabulary, load_topics, load_vocabulary

OTHER_FIELDS = tuple(name for name in PAPER_KEYS if name not in ("id", "title", "abstract", "tags", "sources"))
"""The fields a change lists by name (title, abstract, tags and sources have their own lines)."""
SHOWN_FIELDS = frozenset(PAPER_KEYS) - {"notes", "retired", "distinct_from", "same_as"}
"""Of those, the ones shown with their new value (a citation detail, a date, a count): one line each;
notes are long, and retired and the pairings have sections or checks of their own."""


@dataclass
class PaperChange:
    id: str
    title: str
    added_tags: list[str] = field(default_factory=list)
    removed_tags: list[str] = field(default_factory=list)
    old_title: str | None = None
    abstract_edited: bool = False
    new_sources: int = 0
    other_fields: list[tuple[str, str | None]] = field(default_factory=list)
    """(field, its new value as shown, or None for a field listed by name only)."""


@dataclass
class CatalogueDiff:
    """Everything the summary reports."""

    added: list[Paper] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[PaperChange] = field(default_factory=list)
    retired: list[Paper] = field(default_factory=list)
    """Papers retired by this change (and papers added already retired)."""
    recreated: list[tuple[Paper, list[str]]] = field(default_factory=list)
    """Papers added whose every listing a base paper already had: (paper, those base papers' ids)."""
    tags_added: list[str] = field(default_factory=list)
    tags_removed: list[str] = field(default_factory=list)
    topics_added: list[str] = field(default_factory=list)
    topics_removed: list[str] = field(default_factory=list)
    unknown_tags: list[tuple[str, str, str | None]] = field(default_factory=list)
    """(paper id, tag, suggestion) for tags the head's vocabulary does not have."""
    invalid: list[Problem] = field(default_factory=list)
    """Problems that stop a file from being read at the head revision."""

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.added,
                self.removed,
                self.changed,
                self.retired,
                self.recreated,
                self.tags_added,
                self.tags_removed,
                self.topics_added,
                self.topics_removed,
                self.unknown_tags,
                self.invalid,
            )
        )


def _papers(snapshot: Snapshot, problems: list[Problem] | None) -> dict[str, Paper]:
    out = {}
    for pid, text in snapshot.papers.items():
        path = f"{PAPERS_DIR}/{pid}.yaml"
        paper, found = parse_paper(text, path)
        if paper is not None and paper.id != pid:
            found = [Problem(path, 2, f"id {paper.id!r} does not match the file name", f"set `id: {pid}`")]
        if not found:
            out[pid] = paper
        elif problems is not None:
            problems.extend(found)
    return out


def _vocabulary(text: str | None, problems: list[Problem] | None) -> TagVocabulary:
    if text is None:
        return TagVocabulary()
    try:
        return load_vocabulary(text, "catalogue/tags.yml")
    except CatalogueError as exc:
        if problems is not None:
            problems.append(Problem(exc.path or "catalogue/tags.yml", exc.line or 0, exc.message, exc.hint))
        return TagVocabulary()


def _topic_ids(text: str | None) -> set[str]:
    if text is None:
        return set()
    try:
        return {t.id for t in load_topics(text, "catalogue/topics.yml")[0]}
    except CatalogueError:
        return set()


def _recreated_from(paper: Paper, owners: dict[Source, str], head: dict[str, Paper]) -> list[str]:
    """The base papers whose listings a new paper re-creates; [] when it is a genuinely new paper.

    Re-created: every listing of the paper belonged to a base paper that head no longer has, or that
    still claims it. A listing its base paper gave up is a split (README: "move the listing's
    sources item into a new file"), not a re-creation.
    """
    found = set()
    for source in paper.sources:
        owner = owners.get(source)
        if owner is None or (owner in head and source not in head[owner].sources):
            return []
        found.add(owner)
    return sorted(found)


def diff_catalogues(base: Snapshot, head: Snapshot) -> CatalogueDiff:
    """Compare two snapshots: papers added, removed, retired and changed, vocabulary changes, unknown tags."""
    result = CatalogueDiff(invalid=list(head.unreadable))
    old = _papers(base, None)
    new = _papers(head, result.invalid)
    old_vocab = _vocabulary(base.tags, None)
    vocab = _vocabulary(head.tags, result.invalid)
    result.tags_added = sorted(set(vocab.tags) - set(old_vocab.tags))
    result.tags_removed = sorted(set(old_vocab.tags) - set(vocab.tags))
    old_topics, new_topics = _topic_ids(base.topics), _topic_ids(head.topics)
    result.topics_added = sorted(new_topics - old_topics)
    result.topics_removed = sorted(old_topics - new_topics)
    result.removed = sorted(set(base.papers) - set(head.papers))
    owners = {source: pid for pid, paper in old.items() for source in paper.sources}
    for pid in sorted(new):
        paper = new[pid]
        for tag in paper.tags:
            if vocab.tags and tag not in vocab.tags:
                result.unknown_tags.append((pid, tag, vocab.closest(tag)))
        before = old.get(pid)
        if paper.retired and (before is None or not before.retired):
            result.retired.append(paper)
            continue
        if pid not in base.papers:
            recreated = _recreated_from(paper, owners, new) if paper.sources else []
            if recreated:
                result.recreated.append((paper, recreated))
            else:
                result.added.append(paper)
            continue
        if before is None or base.papers[pid] == head.papers[pid]:
            continue
        change = PaperChange(pid, paper.title)
        change.added_tags = [t for t in paper.tags if t not in before.tags]
        change.removed_tags = [t for t in before.tags if t not in paper.tags]
        if before.title != paper.title:
            change.old_title = before.title
        change.abstract_edited = before.abstract != paper.abstract
        change.new_sources = len(set(paper.sources) - set(before.sources))
        for name in OTHER_FIELDS:
            value = getattr(paper, name)
            if getattr(before, name) != value:
                shown = ", ".join(value) if isinstance(value, list) else "" if value is None else str(value)
                change.other_fields.append((name, shown[:120] if name in SHOWN_FIELDS else None))
        result.changed.append(change)
    return result


# --- GitHub Markdown ------------------------------------------------------------------------------
# GitHub renders the summary in two passes: cmark-gfm parses the Markdown (backslash escapes, entities,
# its www./http:// autolinks), then filters on the rendered text add links of their own (e-mail
# addresses, @mentions, #123 references, :emoji:), and they see the text after escapes are decoded:
# `a\@b\.co` still becomes a mailto link. So inert text needs both: every ASCII punctuation character
# escaped for the parser, and a word joiner (U+2060, invisible) after each character that starts such
# a link, which no filter's pattern lets through. Code spans are skipped by both passes.

WORD_JOINER = "\u2060"
# every ASCII punctuation character but & < >, which become entities instead
_GFM_PUNCT = re.compile(r"([!-%'-/:;=?@\[-`{-~])")
# `@x` (mention, e-mail), `#1` (reference), `:x` (URL scheme, emoji), `www.`, `GH-1` (reference)
_LINK_START = re.compile(r"(?<=[@#:])(?=\S)|(?i:(?<=www)(?=\.)|(?<=\bgh)(?=-\d))")
_BACKTICKS = re.compile(r"`+")


def md_text(value: str) -> str:
    """Untrusted text as inert inline GitHub Markdown: it shows as written and links nothing.

    One line (`markup.plain`), a word joiner after each link start, ASCII punctuation backslash-escaped,
    `& < >` as entities. Safe in a table cell (`|` is escaped) and at the start of a line.
    """
    joined = _LINK_START.sub(WORD_JOINER, markup.plain(value))
    return html.escape(_GFM_PUNCT.sub(r"\\\1", joined), quote=False)


def md_code(value: str, table: bool = False) -> str:
    """An untrusted identifier (id, file name, tag, revision) as an inert GitHub code span.

    The fence is one backtick longer than the longest run inside, padded with spaces when the value
    starts or ends with a backtick; in a table cell `|` is escaped, as GFM requires even in code spans.
    """
    value = markup.plain(value) or " "  # a code span of one space shows as one
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(value)), default=0) + 1)
    pad = " " if value[0] == "`" or value[-1] == "`" else ""
    if table:
        value = value.replace("|", "\\|")
    return f"{fence}{pad}{value}{pad}{fence}"


def _codes(values: list[str], table: bool = False) -> str:
    return ", ".join(md_code(v, table) for v in values) if values else "none"


def _problem(problem: Problem) -> str:
    where = f"{problem.path}:{problem.line}" if problem.line else problem.path
    hint = f" ({problem.hint})" if problem.hint else ""
    return f"- {md_code(where)}: {md_text(problem.message + hint)}"


def render_summary(diff: CatalogueDiff, base: str, head: str) -> str:
    """The Markdown summary written to $GITHUB_STEP_SUMMARY."""
    out = [f"## Catalogue changes ({md_code(base)} → {md_code(head)})", ""]
    if diff.empty:
        return "\n".join([*out, "No change to papers, tags or topics.", ""])
    if diff.invalid:
        out += ["### ⚠️ Files that cannot be read", "", *map(_problem, diff.invalid), ""]
    if diff.unknown_tags:
        out += ["### ⚠️ Unknown tags", "", "| Paper | Tag | Did you mean |", "| --- | --- | --- |"]
        out += [
            f"| {md_code(pid, True)} | {md_code(tag, True)} | {md_code(guess, True) if guess else '–'} |"
            for pid, tag, guess in diff.unknown_tags
        ]
        out.append("")
    if diff.recreated:
        out += [f"### ⚠️ Paper files re-created ({len(diff.recreated)})", ""]
        out += [
            f"- {md_code(p.id)} {md_text(p.title)}: re-created from listings of {_codes(ids)}"
            for p, ids in diff.recreated
        ]
        out.append("")
    if diff.retired:
        out += [f"### Papers retired ({len(diff.retired)})", "", "| Paper | Title | Reason |", "| --- | --- | --- |"]
        out += [f"| {md_code(p.id, True)} | {md_text(p.title)} | {md_text(p.retired)} |" for p in diff.retired]
        out.append("")
    if diff.added:
        out += [f"### Papers added ({len(diff.added)})", "", "| Paper | Title | Tags |", "| --- | --- | --- |"]
        out += [f"| {md_code(p.id, True)} | {md_text(p.title)} | {_codes(p.tags, True)} |" for p in diff.added]
        out.append("")
    tag_changes = [c for c in diff.changed if c.added_tags or c.removed_tags]
    if tag_changes:
        out += ["### Tags changed", "", "| Paper | Added | Removed |", "| --- | --- | --- |"]
        out += [
            f"| {md_code(c.id, True)} {md_text(c.title)} | {_codes(c.added_tags, True)} | "
            f"{_codes(c.removed_tags, True)} |"
            for c in tag_changes
        ]
        out.append("")
    edits = [c for c in diff.changed if c.old_title is not None or c.abstract_edited]
    if edits:
        out += ["### Titles and abstracts edited", ""]
        for c in edits:
            if c.old_title is not None:
                out.append(f"- {md_code(c.id)}: title {md_text(c.old_title)} → {md_text(c.title)}")
            if c.abstract_edited:
                out.append(f"- {md_code(c.id)}: abstract edited")
        out.append("")
    merged = [c for c in diff.changed if c.new_sources]
    if merged:
        out += ["### New listings merged into existing papers", ""]
        out += [f"- {md_code(c.id)}: {c.new_sources} new source{'s' if c.new_sources > 1 else ''}" for c in merged]
        out.append("")
    others = [c for c in diff.changed if c.other_fields]
    if others:
        out += ["### Other fields changed", ""]
        for c in others:
            shown = (
                name if value is None else f"{name} {md_code(value) if value else '(removed)'}"
                for name, value in c.other_fields
            )
            out.append(f"- {md_code(c.id)}: {'; '.join(shown)}")
        out.append("")
    if diff.tags_added or diff.tags_removed or diff.topics_added or diff.topics_removed:
        out += ["### Vocabulary", ""]
        if diff.tags_added:
            out.append(f"- tags added: {_codes(diff.tags_added)}")
        if diff.tags_removed:
            out.append(f"- tags removed: {_codes(diff.tags_removed)}")
        if diff.topics_added:
            out.append(f"- topics added: {_codes(diff.topics_added)}")
        if diff.topics_removed:
            out.append(f"- topics removed: {_codes(diff.topics_removed)}")
        out.append("")
    if diff.removed:
        out += ["### ⚠️ Paper files deleted", "", *(f"- {md_code(pid)}" for pid in diff.removed), ""]
    return "\n".join(out)
