"""Paper records to and from their canonical YAML text; validation against the JSON Schema."""

from __future__ import annotations

import calendar
import json
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from . import yamltext
from .errors import CatalogueError, Problem
from .model import PAPER_FIELDS, PAPER_KEYS, RESERVED_IDS, Paper, Source

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


_WRITE = {"line": _one_line, "short": _one_line, "text": _text, "value": _nullable, "strings": _strings, "sources": _sources}
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


@lru_cache(maxsize=1)
def _validator() -> Any:
    import jsonschema

    return jsonschema.Draft202012Validator(schema())


def validate(data: Any, path: str, text: str) -> list[Problem]:
    """Schema problems of one loaded paper file, then what the schema cannot say, each with its line and a fix hint."""
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
        if err.validator == "additionalProperties":
            extra = sorted(set(data) - set(PAPER_KEYS), key=str)
            for key in extra:
                problems.append(
                    Problem(
                        path,
                        lines.get((key,), 1),
                        f"unknown key {_short(key)}",
                        f"allowed keys: {', '.join(PAPER_KEYS)}",
                    )
                )
            continue
        message = _message(err)
        if err.validator == "uniqueItems":
            path_, message = _repeated_item(path_, err.instance)
        line = _line(lines, path_)
        where = ".".join(str(p) for p in path_) or "file"
        problems.append(Problem(path, line, f"{where}: {message}", "see catalogue/paper.schema.json"))
    return problems


def _line(lines: dict[tuple[object, ...], int], path: tuple[object, ...]) -> int:
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path, 1)


SHOWN_CHARS = 80
"""Values in messages are cut to this length: a message names the value, it does not repeat a page of it."""


def _short(value: object) -> str:
    shown = repr(value)
    return shown if len(shown) <= SHOWN_CHARS else shown[: SHOWN_CHARS - 1] + "…"


def _message(err: Any) -> str:
    """jsonschema's message with the offending value cut short (it quotes the whole value)."""
    whole = repr(err.instance)
    return err.message.replace(whole, _short(err.instance)) if len(whole) > SHOWN_CHARS else err.message


def _repeated_item(path: tuple[object, ...], items: list[Any]) -> tuple[tuple[object, ...], str]:
    """Where a list's first repeated item is, and a message naming the item it repeats."""
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        key = json.dumps(item, sort_keys=True)
        if key in seen:
            return (*path, i), f"{_short(item)} repeats item {seen[key]}"
        seen[key] = i
    return path, "has repeated items"


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


def parse_paper(text: str, path: str) -> tuple[Paper | None, list[Problem]]:
    """Load and validate one paper file's text; a paper only when there is no problem."""
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        return None, [
            Problem(path, 1, f"file is larger than {MAX_FILE_BYTES // 1024} KiB", "shorten the abstract or notes")
        ]
    try:
        data = yamltext.load(text, path)
    except CatalogueError as exc:
        return None, [Problem(path, exc.line or 1, exc.message, exc.hint)]
    problems = validate(data, path, text)
    if problems:
        return None, problems
    return data_to_paper(data, path), []
