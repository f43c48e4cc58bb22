"""One canonical YAML dumper and one strict safe loader for every file people edit.

The loader is `yaml.SafeLoader` that also refuses anchors, aliases and duplicate keys (each with its
line), and leaves dates as strings. The dumper gives fixed key order, block scalars for long text
and folded lines, so two runs write the same bytes and pull-request diffs stay small.
"""

from __future__ import annotations

from typing import Any

import yaml

from .errors import CatalogueError

WIDTH = 88


class StrictLoader(yaml.SafeLoader):
    """SafeLoader without aliases, anchors, duplicate keys or implicit timestamps."""

    def compose_node(self, parent: Any, index: Any) -> Any:  # type: ignore[override]
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise CatalogueError(
                "YAML alias (*name) is not allowed",
                path=self.name,
                line=event.start_mark.line + 1,
                hint="write the value out in full",
            )
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise CatalogueError(
                f"YAML anchor (&{anchor}) is not allowed",
                path=self.name,
                line=event.start_mark.line + 1,
                hint="remove the anchor",
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if key in seen:
                raise CatalogueError(
                    f"duplicate key {key!r} (first on line {seen[key]})",
                    path=self.name,
                    line=line,
                    hint="keep one of them",
                )
            seen[key] = line
        return super().construct_mapping(node, deep=deep)


# Dates stay text: `published: 2023-02-22` must not turn into a date object.
StrictLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load(text: str, name: str = "<string>") -> Any:
    """Parse YAML text strictly; errors become CatalogueError with the file and line."""
    loader = StrictLoader(text)
    loader.name = name
    try:
        return loader.get_single_data()
    except CatalogueError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise CatalogueError(f"invalid YAML: {exc.problem}", path=name, line=line, hint="fix the syntax") from None
    except yaml.YAMLError as exc:
        raise CatalogueError(f"invalid YAML: {exc}", path=name, hint="fix the syntax") from None
    finally:
        loader.dispose()


def key_lines(text: str) -> dict[str, int]:
    """The 1-based line of each top-level key, for messages; empty if the text does not compose."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)}


class _Block(str):
    """A string to be written as a folded block scalar."""


class CanonicalDumper(yaml.SafeDumper):
    """Fixed order as given, two-space indent, lists indented under their key, no aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    if "\n" in data:
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)


def _block(dumper: yaml.SafeDumper, data: _Block) -> yaml.ScalarNode:
    style = "|" if "\n" in data else ">"
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style=style)


CanonicalDumper.add_representer(str, _str)
CanonicalDumper.add_representer(_Block, _block)


def block(text: str) -> str:
    """Mark text to be written as a block scalar (folded, or literal when it has line breaks)."""
    return _Block(text)


def dump(data: Any, header: str = "") -> str:
    """Canonical YAML text for data, keys in the order given, ending in one newline."""
    body = yaml.dump(
        data,
        Dumper=CanonicalDumper,
        sort_keys=False,
        allow_unicode=True,
        width=WIDTH,
        default_flow_style=False,
    )
    return header + body
