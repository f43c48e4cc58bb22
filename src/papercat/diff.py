"""What a change does to the catalogue, as a Markdown summary for a pull request's reviewer.

Pure: `diff_catalogues(base, head)` compares two snapshots (paper files, tags.yml, topics.yml as
text) and `render_summary` writes Markdown. Reading snapshots from git revisions lives in `gitrev`.
Every value from the catalogue is untrusted and escaped for GitHub's Markdown.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from .errors import CatalogueError
from .model import Paper
from .papers import parse_paper
from .tags import TagVocabulary, load_topics, load_vocabulary


@dataclass
class Snapshot:
    """The catalogue's text files at one revision: paper files by id, and the vocabulary files."""

    papers: dict[str, str] = field(default_factory=dict)
    tags: str | None = None
    topics: str | None = None


@dataclass
class PaperChange:
    id: str
    title: str
    added_tags: list[str] = field(default_factory=list)
    removed_tags: list[str] = field(default_factory=list)
    old_title: str | None = None
    abstract_edited: bool = False
    new_sources: int = 0
    other_fields: list[str] = field(default_factory=list)


@dataclass
class CatalogueDiff:
    """Everything the summary reports."""

    added: list[Paper] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[PaperChange] = field(default_factory=list)
    tags_added: list[str] = field(default_factory=list)
    tags_removed: list[str] = field(default_factory=list)
    topics_added: list[str] = field(default_factory=list)
    topics_removed: list[str] = field(default_factory=list)
    unknown_tags: list[tuple[str, str, str | None]] = field(default_factory=list)
    """(paper id, tag, suggestion) for tags the head's vocabulary does not have."""
    invalid: list[str] = field(default_factory=list)
    """Problems that stop a file from being read at the head revision."""

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.added,
                self.removed,
                self.changed,
                self.tags_added,
                self.tags_removed,
                self.topics_added,
                self.topics_removed,
                self.unknown_tags,
                self.invalid,
            )
        )


def _papers(snapshot: Snapshot, problems: list[str] | None) -> dict[str, Paper]:
    out = {}
    for pid, text in snapshot.papers.items():
        paper, found = parse_paper(text, f"catalogue/papers/{pid}.yaml")
        if paper is not None:
            out[pid] = paper
        elif problems is not None:
            problems.extend(str(p) for p in found)
    return out


def _vocabulary(text: str | None, problems: list[str] | None) -> TagVocabulary:
    if text is None:
        return TagVocabulary()
    try:
        return load_vocabulary(text, "catalogue/tags.yml")
    except CatalogueError as exc:
        if problems is not None:
            problems.append(str(exc))
        return TagVocabulary()


def _topic_ids(text: str | None) -> set[str]:
    if text is None:
        return set()
    try:
        return {t.id for t in load_topics(text, "catalogue/topics.yml")[0]}
    except CatalogueError:
        return set()


def diff_catalogues(base: Snapshot, head: Snapshot) -> CatalogueDiff:
    """Compare two snapshots: papers added, removed and changed, vocabulary changes, unknown tags."""
    result = CatalogueDiff()
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
    for pid in sorted(new):
        paper = new[pid]
        for tag in paper.tags:
            if vocab.tags and tag not in vocab.tags:
                result.unknown_tags.append((pid, tag, vocab.closest(tag)))
        if pid not in base.papers:
            result.added.append(paper)
            continue
        if pid not in old or base.papers[pid] == head.papers[pid]:
            continue
        before = old[pid]
        change = PaperChange(pid, paper.title)
        change.added_tags = [t for t in paper.tags if t not in before.tags]
        change.removed_tags = [t for t in before.tags if t not in paper.tags]
        if before.title != paper.title:
            change.old_title = before.title
        change.abstract_edited = before.abstract != paper.abstract
        change.new_sources = len(set(paper.sources) - set(before.sources))
        for name in ("published", "authors_count", "upvotes", "code", "notes", "distinct_from", "same_as"):
            if getattr(before, name) != getattr(paper, name):
                change.other_fields.append(name)
        result.changed.append(change)
    return result


# every ASCII punctuation character but & < >, which become entities instead
_GFM_PUNCT = re.compile(r"([!-%'-/:;=?@\[-`{-~])")


def md(value: str) -> str:
    """Untrusted text for GitHub's Markdown: one line, punctuation backslash-escaped, & < > as entities."""
    return html.escape(_GFM_PUNCT.sub(r"\\\1", " ".join(value.split())), quote=False)


def _tags(tags: list[str]) -> str:
    return ", ".join(f"`{html.escape(t)}`" for t in tags) if tags else "none"


def render_summary(diff: CatalogueDiff, base: str, head: str) -> str:
    """The Markdown summary written to $GITHUB_STEP_SUMMARY."""
    out = [f"## Catalogue changes ({md(base)} → {md(head)})", ""]
    if diff.empty:
        return "\n".join([*out, "No change to papers, tags or topics.", ""])
    if diff.invalid:
        out += ["### ⚠️ Files that cannot be read", ""]
        out += [f"- {md(p)}" for p in diff.invalid] + [""]
    if diff.unknown_tags:
        out += ["### ⚠️ Unknown tags", "", "| Paper | Tag | Did you mean |", "| --- | --- | --- |"]
        out += [f"| `{pid}` | {md(tag)} | {f'`{guess}`' if guess else '–'} |" for pid, tag, guess in diff.unknown_tags]
        out.append("")
    if diff.added:
        out += [f"### Papers added ({len(diff.added)})", "", "| Paper | Title | Tags |", "| --- | --- | --- |"]
        out += [f"| `{p.id}` | {md(p.title)} | {_tags(p.tags)} |" for p in diff.added] + [""]
    tag_changes = [c for c in diff.changed if c.added_tags or c.removed_tags]
    if tag_changes:
        out += ["### Tags changed", "", "| Paper | Added | Removed |", "| --- | --- | --- |"]
        out += [f"| `{c.id}` {md(c.title)} | {_tags(c.added_tags)} | {_tags(c.removed_tags)} |" for c in tag_changes]
        out.append("")
    edits = [c for c in diff.changed if c.old_title is not None or c.abstract_edited]
    if edits:
        out += ["### Titles and abstracts edited", ""]
        for c in edits:
            if c.old_title is not None:
                out.append(f"- `{c.id}`: title {md(c.old_title)} → {md(c.title)}")
            if c.abstract_edited:
                out.append(f"- `{c.id}`: abstract edited")
        out.append("")
    merged = [c for c in diff.changed if c.new_sources]
    if merged:
        out += ["### New listings merged into existing papers", ""]
        out += [f"- `{c.id}`: {c.new_sources} new source{'s' if c.new_sources > 1 else ''}" for c in merged] + [""]
    others = [c for c in diff.changed if c.other_fields]
    if others:
        out += ["### Other fields changed", ""]
        out += [f"- `{c.id}`: {', '.join(c.other_fields)}" for c in others] + [""]
    if diff.tags_added or diff.tags_removed or diff.topics_added or diff.topics_removed:
        out += ["### Vocabulary", ""]
        if diff.tags_added:
            out.append(f"- tags added: {_tags(diff.tags_added)}")
        if diff.tags_removed:
            out.append(f"- tags removed: {_tags(diff.tags_removed)}")
        if diff.topics_added:
            out.append(f"- topics added: {_tags(diff.topics_added)}")
        if diff.topics_removed:
            out.append(f"- topics removed: {_tags(diff.topics_removed)}")
        out.append("")
    if diff.removed:
        out += ["### ⚠️ Paper files deleted", "", *(f"- `{pid}`" for pid in diff.removed), ""]
    return "\n".join(out)
