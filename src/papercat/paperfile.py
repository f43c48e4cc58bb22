"""Paper records to and from their canonical YAML text; validation against the JSON Schema."""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from . import yamltext
from .errors import CatalogueError, Problem
from .model import PAPER_FIELDS, PAPER_KEYS, RESERVED_IDS, Paper, Source
from .schemaerrors import field_name, plain_message, short

SCHEMA_FILE = "paper.schema.json"
SCHEMA_HEADER = f"# yaml-language-server: $schema=../{SCHEMA_FILE}\n"
MAX_FILE_BYTES = 64 * 1024
"""A paper file larger than this is refused: abstracts are a few kB, anything bigger is a mistake or abuse."""


def schema() -> dict[str, Any]:
    """The paper JSON Schema shipped in the package (the copy in `catalogue/` is written from it)."""
    return json.loads(resources.files("papercat").joinpath(SCHEMA_FILE).read_text(encoding="utf-8"))


def _value(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool | int):
        return str(value).lower() if isinstance(value, bool) else str(value)
    return yamltext.scalar(str(value))


def _text(key: str, text: str) -> str:
    if not text:
        return f"{key}: ''\n"
    if yamltext.foldable(text):
        return yamltext.fold_block(key, text)
    return f"{key}: {yamltext.scalar(text)}\n"


def _strings(key: str, items: list[str]) -> str:
    if not items:
        return f"{key}: []\n"
    return f"{key}:\n" + "".join(f"- {yamltext.scalar(x)}\n" for x in items)


def _one_line(key: str, value: str) -> str:
    return f"{key}: {yamltext.scalar(value)}\n"


def _nullable(key: str, value: object) -> str:
    return f"{key}: {_value(value)}\n"


def _sources(key: str, sources: list[Source]) -> str:
    if not sources:
        return f"{key}: []\n"
    return f"{key}:\n" + "".join(f"- dump: {yamltext.scalar(s.dump)}\n  line: {s.line}\n" for s in sources)


_WRITE = {
    "line": _one_line,
    "short": _one_line,
    "text": _text,
    "value": _nullable,
    "strings": _strings,
    "sources": _sources,
}
"""How each kind of field is written (`model.FieldSpec.kind`)."""


def render_paper_yaml(paper: Paper) -> str:
    """The canonical text of a paper file: fixed key order, folded abstract, one value per line.

    Written by hand for the fixed schema (PyYAML's representer was most of ingest's time at 100,000
    papers); tests check that the strict loader reads every kind of value back unchanged. An optional
    field (`retired`) is written only when set, so the files of other papers stay as they were.
    """
    parts = [SCHEMA_HEADER]
    for name, kind, optional in PAPER_FIELDS:
        value = getattr(paper, name)
        if value or not optional:
            parts.append(_WRITE[kind](name, value))
    return "".join(parts)


_FLOW = re.compile(r"^([a-z_]+):[ \t]*\[(.*\S.*)\][ \t]*$")
"""A list written on one line (`tags: [a, b]`), which GitHub's web editor makes easy and the canonical form has not."""


def form_problems(path: str, text: str, canonical: str) -> list[Problem]:
    """Why a valid paper file is not in canonical form, with what to write: each one-line list, else the first
    line that differs and what it should read (`check --fix` writes the same)."""
    lines, wanted = text.splitlines(), canonical.splitlines()
    problems = []
    for n, line in enumerate(lines, 1):
        found = _FLOW.match(line)
        if found and found.group(1) in _LISTS:
            items = [item.strip() for item in found.group(2).split(",")]
            shown = " / ".join(f"- {short(item)[1:-1]}" for item in items[:3]) + (" / …" if len(items) > 3 else "")
            message = f'{found.group(1)}: write one "- item" per line, not [{short(found.group(2))[1:-1]}] on one line'
            hint = f'replace this line with "{found.group(1)}:" and below it: {shown}, each at the start of its line'
            problems.append(Problem(path, n, message, hint))
    if problems:
        return problems
    if lines == wanted:  # the same lines: CR LF line ends, or no line break after the last line
        return [
            Problem(
                path, 1, "not in canonical form: each line must end with a line feed (LF)", "run `papercat check --fix`"
            )
        ]
    for n, line in enumerate(lines, 1):
        if n > len(wanted) or line != wanted[n - 1]:
            should = f"should read {short(wanted[n - 1])}" if n <= len(wanted) else "should not be there"
            return [Problem(path, n, f"not in canonical form: this line {should}", "or run `papercat check --fix`")]
    return [
        Problem(path, len(lines) + 1, "not in canonical form: the file ends too soon", "run `papercat check --fix`")
    ]


_LISTS = frozenset(name for name, kind, _ in PAPER_FIELDS if kind in ("strings", "sources"))


@lru_cache(maxsize=1)
def _validator() -> Any:
    import jsonschema

    return jsonschema.Draft202012Validator(schema())


TagNames = Callable[[str], tuple[str, str]]
"""A tag that is not an id -> (message, hint): the vocabulary's reading of it (`vocabulary.tag_name_message`)."""


def validate(data: Any, path: str, text: str, tag_names: TagNames | None = None) -> list[Problem]:
    """Schema problems of one loaded paper file in plain words, then what the schema cannot say, each with its
    line and a fix hint. `tag_names` says which tag a display name or alias (`Vision transformers`) means."""
    if not isinstance(data, dict):
        return [Problem(path, 1, "a paper file must be a mapping of keys to values", "see catalogue/paper.schema.json")]
    validator = _validator()
    if validator.is_valid(data):
        return _beyond_schema(data, path, text)
    lines = yamltext.node_lines(text)
    problems = []
    reported: set[tuple[object, ...]] = set()
    for err in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        path_ = tuple(err.absolute_path)
        if path_ in reported and path_:
            continue  # one message per value (`.inf` is both not an integer and above the maximum)
        reported.add(path_)
        if err.validator == "additionalProperties" and not path_:
            for key in sorted(set(data) - set(PAPER_KEYS), key=str):
                hint = f"allowed keys: {', '.join(PAPER_KEYS)}"
                problems.append(Problem(path, lines.get((key,), 1), f"unknown key {short(key)}", hint))
            continue
        message, hint = plain_message(err), "see catalogue/paper.schema.json"
        if err.validator == "uniqueItems":
            path_, message, hint = _repeated_item(path_, err.instance, lines)
        elif path_[:1] == ("tags",) and err.validator == "pattern" and tag_names is not None:
            message, hint = tag_names(err.instance)
        problems.append(Problem(path, _line(lines, path_), message, hint))
    return sorted(problems, key=lambda p: p.line)


def _line(lines: dict[tuple[object, ...], int], path: tuple[object, ...]) -> int:
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path, 1)


def _repeated_item(
    path: tuple[object, ...], items: list[Any], lines: dict[tuple[object, ...], int]
) -> tuple[tuple[object, ...], str, str]:
    """Where a list's first repeated item is, a message naming it and the line of its first mention, and a hint."""
    seen: dict[str, int] = {}
    what = "tag" if path == ("tags",) else f"{field_name(path)}:"
    for i, item in enumerate(items):
        key = json.dumps(item, sort_keys=True)
        if key in seen:
            first = _line(lines, (*path, seen[key]))
            shown = short(":".join(map(str, item.values())) if isinstance(item, dict) else item)
            return (*path, i), f"{what} {shown} is listed twice (first on line {first})", "remove this line"
        seen[key] = i
    return path, f"{field_name(path)}: an item is listed twice", "remove the repeat"


def _beyond_schema(data: dict[str, Any], path: str, text: str) -> list[Problem]:
    """A reserved id, and a date that matches the pattern but is not in the calendar."""
    problems = []
    if data["id"] in RESERVED_IDS:
        problems.append(
            Problem(
                path,
                _line(yamltext.node_lines(text), ("id",)),
                f"id {data['id']!r} is reserved for a generated page",
                "rename the file and its id (e.g. add `-paper`)",
            )
        )
    published = data.get("published")
    if published is not None and not real_date(published):
        problems.append(
            Problem(
                path,
                _line(yamltext.node_lines(text), ("published",)),
                f"published: {published!r} is not a date in the calendar",
                "YYYY-MM-DD, or the month and day as shown (Feb 29)",
            )
        )
    return problems


def real_date(text: str) -> bool:
    """An ISO date that exists, or `Mon D` that exists in some year (Feb 29 does); the shape is the schema's."""
    if text[:1].isdigit():
        try:
            date.fromisoformat(text)
        except ValueError:
            return False
        return True
    month, _, day = text.partition(" ")
    number = list(calendar.month_abbr).index(month) if month in calendar.month_abbr else 0
    return number > 0 and day.isdigit() and 1 <= int(day) <= calendar.monthrange(2000, number)[1]


_READ = {
    "line": lambda v: v,
    "short": lambda v: v or "",
    "text": lambda v: v or "",
    "value": lambda v: v,
    "strings": lambda v: list(v or []),
    "sources": lambda v: [Source(s["dump"], s["line"]) for s in v or []],
}
"""How each kind of field is read from a validated mapping (`model.FieldSpec.kind`)."""


def data_to_paper(data: dict[str, Any], path: str) -> Paper:
    """Build a Paper from a loaded mapping that passed validation (`line` fields are required)."""
    try:
        values = {name: _READ[kind](data[name] if kind == "line" else data.get(name)) for name, kind, _ in PAPER_FIELDS}
        return Paper(**values)
    except (KeyError, TypeError) as exc:
        raise CatalogueError(f"malformed paper: {exc}", path=path, hint="run `papercat check`") from None


def parse_paper(text: str, path: str, tag_names: TagNames | None = None) -> tuple[Paper | None, list[Problem]]:
    """Load and validate one paper file's text; a paper only when there is no problem."""
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        return None, [
            Problem(path, 1, f"file is larger than {MAX_FILE_BYTES // 1024} KiB", "shorten the abstract or notes")
        ]
    try:
        data = yamltext.load(text, path)
    except CatalogueError as exc:
        return None, [Problem(path, exc.line or 1, exc.message, exc.hint)]
    problems = validate(data, path, text, tag_names)
    if problems:
        return None, problems
    return data_to_paper(data, path), []
