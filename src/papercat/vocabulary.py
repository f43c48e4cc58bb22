"""The controlled vocabulary (`tags.yml`) and its topics (`topics.yml`): loading, suggesting, checking.

A tag has an id (slug), a display name, a description, aliases, and match rules (phrases, or `re:`
regular expressions, see `rules`) over title and abstract. Ingest uses the rules to give a new paper
its first tags; people curate from there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import process

from . import yamltext
from .errors import CatalogueError, Problem
from .markup import REPLACEMENT, plain
from .model import RESERVED_IDS
from .rules import Rule, RuleError, compile_rule
from .schemaerrors import short as _short

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
TITLE_WEIGHT = 3
"""A rule matching the title counts as much as three mentions in the abstract."""
MIN_SCORE = 3
"""A tag is suggested from this score on (a title match, or three abstract mentions)."""
MAX_TAGS = 6
MAX_MENTIONS = 3
"""Abstract mentions counted per rule."""


@dataclass(frozen=True)
class Tag:
    """One vocabulary entry."""

    id: str
    name: str
    description: str
    aliases: tuple[str, ...] = ()
    rules: tuple[Rule, ...] = ()


@dataclass(frozen=True)
class Topic:
    """A group of tags with a title and description."""

    id: str
    title: str
    description: str
    tags: tuple[str, ...]


@dataclass
class TagVocabulary:
    """All tags by id, in file order, with lookups by alias for suggestions.

    `warnings` collects the rules that ran out of time while suggesting (each is then disabled for
    the rest of the run), for the command to print.
    """

    tags: dict[str, Tag] = field(default_factory=dict)
    path: str = "tags.yml"
    warnings: list[Problem] = field(default_factory=list)
    disabled: set[Rule] = field(default_factory=set)

    def suggest(self, title: str, abstract: str) -> list[str]:
        """Tags whose rules match: scored by title and abstract matches, best first, at most six.

        A paper that reaches no tag's threshold still gets its single best match, if any.
        """
        scores: dict[str, int] = {}
        for tag in self.tags.values():
            score = 0
            for rule in tag.rules:
                if rule in self.disabled:
                    continue
                try:
                    score += (TITLE_WEIGHT if rule.search(title) else 0) + rule.count(abstract, MAX_MENTIONS)
                except TimeoutError:
                    self._disable(tag, rule, title)
            if score:
                scores[tag.id] = score
        ranked = sorted(scores, key=lambda t: (-scores[t], t))
        chosen = [t for t in ranked if scores[t] >= MIN_SCORE][:MAX_TAGS]
        return sorted(chosen or ranked[:1])

    def _disable(self, tag: Tag, rule: Rule, title: str) -> None:
        self.disabled.add(rule)
        shown = rule.text if len(rule.text) <= 60 else rule.text[:59] + "…"
        paper = title if len(title) <= 60 else title[:59] + "…"
        self.warnings.append(
            Problem(
                self.path,
                rule.line,
                f"tag {tag.id!r}: rule {shown!r} timed out on {paper!r}; disabled for the rest of this run",
                "simplify the regular expression (no repeated group of repeats)",
            )
        )

    def named(self, text: str) -> tuple[str, str] | None:
        """(tag id, `name`, `alias` or `id`) when `text` is one of a tag's written another way (case, spaces,
        hyphens, underscores folded): what a web-editor user types for a tag."""
        key = _fold_name(text)
        for kind in ("name", "alias", "id"):
            for tag in self.tags.values():
                written = {"name": (tag.name,), "alias": tag.aliases, "id": (tag.id,)}[kind]
                if any(_fold_name(v) == key for v in written):
                    return tag.id, kind
        return None

    def closest(self, name: str) -> str | None:
        """The tag id a misspelt or aliased name most likely means (for "did you mean")."""
        choices = {t.id: t.id for t in self.tags.values()}
        for tag in self.tags.values():
            for alias in (tag.name, *tag.aliases):
                choices[alias.casefold()] = tag.id
        match = process.extractOne(name.casefold(), list(choices), score_cutoff=60)
        return choices[match[0]] if match else None


def _fold_name(text: str) -> str:
    return " ".join(re.split(r"[\s_-]+", text.casefold())).strip()


def _expect(cond: bool, message: str, path: str, line: int, hint: str) -> None:
    if not cond:
        raise CatalogueError(message, path=path, line=line, hint=hint)


def _load_list(text: str, path: str, key: str) -> tuple[list[Any], dict[tuple[object, ...], int]]:
    """The list under `key:` of a strictly loaded YAML file, and the line of every node in it."""
    data = yamltext.load(text, path)
    _expect(
        isinstance(data, dict) and isinstance(data.get(key), list),
        f"expected `{key}:` with a list",
        path,
        1,
        f"see the top of {key}.yml for the format",
    )
    return data[key], yamltext.node_lines(text)


def unshowable(text: str) -> str | None:
    """The first code point the site would not show as written (a control, non-character, ...), as U+XXXX."""
    if text.isprintable():
        return None
    for ch in text:
        if plain(ch) == REPLACEMENT != ch:
            return f"U+{ord(ch):04X}"
    return None


def _showable(value: str, what: str, path: str, line: int) -> None:
    point = unshowable(value)
    _expect(
        point is None,
        f"{what} holds {point}, a control character or non-character the site cannot show",
        path,
        line,
        "remove it; write the text as it should read",
    )


def load_vocabulary(text: str, path: str = "tags.yml") -> TagVocabulary:
    """Parse tags.yml strictly; the first problem raises CatalogueError with its line (a rule's own line)."""
    items, lines = _load_list(text, path, "tags")
    vocabulary = TagVocabulary(path=path)
    for i, item in enumerate(items):
        line = lines.get(("tags", i), 1)
        _expect(isinstance(item, dict), "each tag must be a mapping", path, line, "id, name, description, match")
        unknown = set(item) - {"id", "name", "description", "aliases", "match"}
        _expect(
            not unknown,
            f"unknown key {min(map(str, unknown), default='')!r}",
            path,
            line,
            "allowed: id, name, description, aliases, match",
        )
        tid = item.get("id")
        _expect(
            isinstance(tid, str) and bool(SLUG.match(tid)),
            f"tag id {_short(tid)} is not a slug",
            path,
            line,
            "lowercase words joined by hyphens",
        )
        _expect(tid not in RESERVED_IDS, f"tag id {tid!r} is reserved for the list of tags", path, line, "rename it")
        _expect(tid not in vocabulary.tags, f"tag {tid!r} is defined twice", path, line, "keep one")
        for key, hint in (("name", "what readers see"), ("description", "what the tag covers, in a sentence or two")):
            given = isinstance(item.get(key), str) and bool(item[key].strip())
            _expect(given, f"tag {tid!r} needs a {key}", path, line, hint)
            _showable(item[key], f"tag {tid!r}: {key}", path, lines.get(("tags", i, key), line))
        aliases = item.get("aliases") or []
        rules = item.get("match") or []
        _expect(
            isinstance(aliases, list) and all(isinstance(a, str) for a in aliases),
            "aliases must be a list of strings",
            path,
            line,
            "aliases: [a, b]",
        )
        for j, alias in enumerate(aliases):
            _showable(alias, f"tag {tid!r}: alias", path, lines.get(("tags", i, "aliases", j), line))
        _expect(
            isinstance(rules, list) and all(isinstance(r, str) for r in rules),
            "match must be a list of strings",
            path,
            line,
            "phrases, or `re:` regular expressions",
        )
        compiled = []
        for j, rule in enumerate(rules):
            rule_line = lines.get(("tags", i, "match", j), line)
            try:
                compiled.append(compile_rule(rule, rule_line))
            except RuleError as exc:
                raise CatalogueError(
                    f"tag {tid!r}: rule {_short(rule)}: {exc}", path=path, line=rule_line, hint="fix the `re:` rule"
                ) from None
        name, description = item["name"].strip(), item["description"].strip()
        vocabulary.tags[tid] = Tag(tid, name, description, tuple(aliases), tuple(compiled))
    return vocabulary


def load_topics(text: str, path: str = "topics.yml") -> tuple[list[Topic], list[Problem]]:
    """Parse topics.yml; structure errors raise, per-topic problems are returned with their line."""
    items, lines = _load_list(text, path, "topics")
    topics: list[Topic] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        line = lines.get(("topics", i), 1)
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("id", "title", "description")):
            problems.append(Problem(path, line, "a topic needs id, title and description", "see the other topics"))
            continue
        tags = item.get("tags") or []
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            problems.append(
                Problem(path, line, f"topic {_short(item['id'])}: tags must be a list of tag ids", "tags: [a, b]")
            )
            continue
        if not SLUG.match(item["id"]) or item["id"] in seen:
            problems.append(Problem(path, line, f"topic id {_short(item['id'])} is not a unique slug", "rename it"))
            continue
        if item["id"] in RESERVED_IDS:
            message = f"topic id {item['id']!r} is reserved for the list of topics"
            problems.append(Problem(path, line, message, "rename it"))
            continue
        seen.add(item["id"])
        unsafe = [(key, point) for key in ("title", "description") if (point := unshowable(item[key]))]
        for key, point in unsafe:
            problems.append(
                Problem(
                    path,
                    lines.get(("topics", i, key), line),
                    f"topic {item['id']!r}: {key} holds {point}, a control character or non-character the site "
                    "cannot show",
                    "remove it; write the text as it should read",
                )
            )
        if not unsafe:
            topics.append(Topic(item["id"], item["title"].strip(), item["description"].strip(), tuple(tags)))
    return topics, problems


def vocabulary_problems(vocabulary: TagVocabulary, topics: list[Topic], topics_path: str) -> list[Problem]:
    """Topics naming unknown tags, and tags that no topic gathers."""
    problems = []
    gathered: set[str] = set()
    for topic in topics:
        for tag in topic.tags:
            gathered.add(tag)
            if tag not in vocabulary.tags:
                guess = vocabulary.closest(tag)
                hint = f"did you mean {guess!r}?" if guess else "add it to tags.yml first"
                problems.append(Problem(topics_path, 1, f"topic {topic.id!r} names unknown tag {tag!r}", hint))
    for tag in vocabulary.tags:
        if tag not in gathered:
            problems.append(Problem(topics_path, 1, f"tag {tag!r} is in no topic", "add it to a topic's tags"))
    return problems


def paper_tag_problems(tags: list[str], vocabulary: TagVocabulary, path: str, lines: dict) -> list[Problem]:
    """A paper's tags that are not in the vocabulary, each with its line and a suggestion."""
    problems = []
    for i, tag in enumerate(tags):
        if tag not in vocabulary.tags:
            message, hint = tag_name_message(tag, vocabulary)
            problems.append(Problem(path, lines.get(("tags", i), 1), message, hint))
    return problems


def tag_name_message(tag: str, vocabulary: TagVocabulary) -> tuple[str, str]:
    """Message and hint for a paper's tag that is not a tag id: the tag it names, or the closest one."""
    if named := vocabulary.named(tag):
        what = {"name": "is the name of", "alias": "is an alias of", "id": "is written differently from"}[named[1]]
        return f"tag {_short(tag)} {what} tag {named[0]!r}", f"write the id: {named[0]}"
    if " - " in tag:  # `- a` then `  - b` reads as the one item `a - b`
        return f"tag {_short(tag)} is not a tag id", 'start each tag with "- " at the start of its own line'
    guess = vocabulary.closest(tag)
    message = f"unknown tag {_short(tag)}" if SLUG.match(tag) else f"tag {_short(tag)} is not a tag id"
    return message, f"did you mean {guess!r}?" if guess else "see catalogue/tags.yml, or propose the tag there"
