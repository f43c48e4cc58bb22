"""YAML text, both ways, for every file people edit: one strict loader, and the canonical scalars and folded
blocks that `paperfile` writes papers with. Pure: it reads and returns strings, and opens no file.

The loader is `yaml.SafeLoader` that also refuses anchors, aliases and duplicate keys (each with its
line), and leaves dates as strings. Scalars are plain when that is unambiguous and double-quoted
otherwise, long one-line text is folded at word boundaries, so two runs write the same bytes and
pull-request diffs stay small.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from .errors import CatalogueError
from .yamlerrors import explain

WIDTH = 88


_FAST = getattr(yaml, "__with_libyaml__", False)
_BaseLoader = yaml.CSafeLoader if _FAST else yaml.SafeLoader


class StrictLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """A safe loader (libyaml when present) that refuses duplicate keys and leaves dates as text.

    libyaml resolves aliases before Python sees the nodes, so `load` scans for anchors and aliases
    itself first.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else id(key_node)
            line = key_node.start_mark.line + 1
            if key in seen:
                shown = repr(key) if len(repr(key)) <= 80 else repr(key)[:79] + "…"
                raise CatalogueError(
                    f"duplicate key {shown} (first on line {seen[key]})",
                    path=self.name,
                    line=line,
                    hint="keep one of them",
                )
            seen[key] = line
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        try:
            return super().construct_yaml_int(node)
        except ValueError:  # more digits than Python converts (4,300): a mistake, not a catalogue value
            message = "integer with too many digits"
            raise yaml.constructor.ConstructorError(None, None, message, node.start_mark) from None


StrictLoader.add_constructor("tag:yaml.org,2002:int", StrictLoader.construct_yaml_int)

# Dates stay text: `published: 2023-02-22` must not turn into a date object.
StrictLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


MAX_DEPTH = 100
"""Deepest nesting of lists and mappings accepted. Papercat files nest four levels at most; libyaml
composes recursively in C and crashes the process at some ten thousand levels, which a 64 KiB file
of `[` can reach, so anything deeper than this is refused before it is composed."""


def _depth_bound(text: str) -> int:
    """A cheap upper bound of the nesting depth (C string counts, no parse).

    Every level opens with `[`, `{`, `-`, `?` or `:`, or else needs a new, more indented line (which
    may hold a mapping and a list at the same indentation).
    """
    return 2 * (text.count("\n ") + 1) + sum(text.count(c) for c in "[{-?:")


def _scan(text: str, name: str) -> None:
    """Refuse anchors, aliases and nesting deeper than MAX_DEPTH, with their line.

    Only run when the text could hold one of them: parsing events costs half a load.
    """
    deep = _depth_bound(text) > MAX_DEPTH
    if not deep and "&" not in text and "*" not in text:
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            problem = None  # (message, hint)
            if isinstance(event, yaml.AliasEvent):
                problem = ("YAML alias (*name) is not allowed", "write the value out in full")
            elif (anchor := getattr(event, "anchor", None)) is not None:
                problem = (f"YAML anchor (&{anchor}) is not allowed", "remove the anchor")
            elif isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    problem = (
                        f"lists and mappings nested more than {MAX_DEPTH} deep",
                        "a papercat file nests a few levels at most",
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            if problem:
                message, hint = problem
                raise CatalogueError(message, path=name, line=event.start_mark.line + 1, hint=hint)
    except yaml.YAMLError as exc:
        if deep:  # unchecked depth: the composer must never see it, so report the syntax error here
            raise _syntax_error(exc, name, text) from None
        # otherwise the loader reports it


def _syntax_error(exc: yaml.YAMLError, name: str, text: str) -> CatalogueError:
    line, message, hint = explain(exc, text)
    return CatalogueError(message, path=name, line=line, hint=hint)


def load(text: str, name: str = "<string>") -> Any:
    """Parse YAML text strictly; errors become CatalogueError with the file and line."""
    _scan(text, name)
    loader = StrictLoader(text)
    loader.name = name
    try:
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, name, text) from None
    finally:
        loader.dispose()


def node_lines(text: str) -> dict[tuple[object, ...], int]:
    """The 1-based line of every key and list item by its path (`("code", 0)`), for messages."""
    try:
        _scan(text, "")
        root = yaml.compose(text, Loader=_BaseLoader)
    except (yaml.YAMLError, CatalogueError):
        return {}
    out: dict[tuple[object, ...], int] = {}

    def walk(node: yaml.Node, path: tuple[object, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    out[(*path, key.value)] = key.start_mark.line + 1
                    walk(value, (*path, key.value))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                out[(*path, i)] = item.start_mark.line + 1
                walk(item, (*path, i))

    if root is not None:
        walk(root, ())
    return out


def foldable(text: str) -> bool:
    """Text a hand-folded `>-` block keeps exactly: one line, printable, single spaces, no edge spaces."""
    return bool(text) and text.isprintable() and "  " not in text and text == text.strip() and "\t" not in text


_WRAP = re.compile(rf"(.{{1,{WIDTH - 2}}})(?: |$)")


def fold_block(key: str, text: str, width: int = WIDTH) -> str:
    """`key: >-` and the text folded at word boundaries, two-space indent; caller checks `foldable`."""
    lines = _WRAP.findall(text) if width == WIDTH else []
    if " ".join(lines) != text:  # a word longer than the width: fold word by word instead
        lines, line = [], ""
        for word in text.split(" "):
            if line and len(line) + 1 + len(word) > width - 2:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
    return f"{key}: >-\n  " + "\n  ".join(lines) + "\n"


_PLAIN = re.compile(r"[A-Za-z0-9(][A-Za-z0-9 ()._,;/+?!'-]*")
_STR_TAG = "tag:yaml.org,2002:str"


def scalar(text: str) -> str:
    """One string as a YAML scalar: plain when that is unambiguous, else double-quoted (JSON escapes).

    Plain only for a conservative character set, no `: ` or ` #`, no edge spaces, and only when YAML
    would read it back as a string (not `yes`, `null`, `1e3`, `12:30`).
    """
    if (
        _PLAIN.fullmatch(text)
        and not text.endswith(" ")
        and yaml.SafeLoader.resolve(yaml.SafeLoader, yaml.ScalarNode, text, (True, False)) == _STR_TAG
    ):
        return text
    return _NOT_YAML_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


# Characters YAML refuses raw, or reads as line breaks (NEL, LS, PS); JSON leaves them raw.
_NOT_YAML_PRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]")
