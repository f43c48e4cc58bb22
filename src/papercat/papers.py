"""Paper records to and from their canonical YAML text; validation against the JSON Schema."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from . import yamlio
from .errors import CatalogueError, Problem
from .model import PAPER_KEYS, Paper, Source

SCHEMA_FILE = "paper.schema.json"
SCHEMA_HEADER = f"# yaml-language-server: $schema=../{SCHEMA_FILE}\n"
MAX_FILE_BYTES = 64 * 1024
"""A paper file larger than this is refused: abstracts are a few kB, anything bigger is a mistake or abuse."""


def schema() -> dict[str, Any]:
    """The paper JSON Schema shipped in the package (the copy in `catalogue/` is written from it)."""
    return json.loads(resources.files("papercat").joinpath(SCHEMA_FILE).read_text(encoding="utf-8"))


def paper_to_data(paper: Paper) -> dict[str, Any]:
    """The mapping written to disk: every key, in the fixed order, empty values included."""
    return {
        "id": paper.id,
        "title": paper.title,
        "abstract": yamlio.block(paper.abstract) if paper.abstract else "",
        "published": paper.published,
        "authors_count": paper.authors_count,
        "upvotes": paper.upvotes,
        "code": list(paper.code),
        "tags": list(paper.tags),
        "notes": yamlio.block(paper.notes) if paper.notes else "",
        "sources": [{"dump": s.dump, "line": s.line} for s in paper.sources],
        "distinct_from": list(paper.distinct_from),
        "same_as": list(paper.same_as),
    }


def _value(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool | int):
        return str(value).lower() if isinstance(value, bool) else str(value)
    return yamlio.scalar(str(value))


def _text(key: str, text: str) -> str:
    if not text:
        return f"{key}: ''\n"
    if yamlio.foldable(text):
        return yamlio.fold_block(key, text)
    return f"{key}: {yamlio.scalar(text)}\n"


def _strings(key: str, items: list[str]) -> str:
    if not items:
        return f"{key}: []\n"
    return f"{key}:\n" + "".join(f"- {yamlio.scalar(x)}\n" for x in items)


def render_paper_yaml(paper: Paper) -> str:
    """The canonical text of a paper file: fixed key order, folded abstract, one value per line.

    Written by hand for the fixed schema (PyYAML's representer was most of ingest's time at 100,000
    papers); tests check that the strict loader reads every kind of value back unchanged.
    """
    sources = "".join(f"- dump: {yamlio.scalar(s.dump)}\n  line: {s.line}\n" for s in paper.sources)
    return "".join(
        [
            SCHEMA_HEADER,
            f"id: {yamlio.scalar(paper.id)}\n",
            f"title: {yamlio.scalar(paper.title)}\n",
            _text("abstract", paper.abstract),
            f"published: {_value(paper.published)}\n",
            f"authors_count: {_value(paper.authors_count)}\n",
            f"upvotes: {_value(paper.upvotes)}\n",
            _strings("code", paper.code),
            _strings("tags", paper.tags),
            _text("notes", paper.notes),
            f"sources:\n{sources}" if sources else "sources: []\n",
            _strings("distinct_from", paper.distinct_from),
            _strings("same_as", paper.same_as),
        ]
    )


@lru_cache(maxsize=1)
def _validator() -> Any:
    import jsonschema

    return jsonschema.Draft202012Validator(schema())


def validate(data: Any, path: str, text: str) -> list[Problem]:
    """Schema problems of one loaded paper file, each with its line and a fix hint."""
    if not isinstance(data, dict):
        return [Problem(path, 1, "a paper file must be a mapping of keys to values", "see catalogue/paper.schema.json")]
    validator = _validator()
    if validator.is_valid(data):
        return []
    lines = yamlio.node_lines(text)
    problems = []
    for err in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        path_ = tuple(err.absolute_path)
        while path_ and path_ not in lines:
            path_ = path_[:-1]
        line = lines.get(path_, 1)
        if err.validator == "additionalProperties":
            extra = sorted(set(data) - set(PAPER_KEYS))
            for key in extra:
                problems.append(
                    Problem(
                        path, lines.get((key,), 1), f"unknown key {key!r}", f"allowed keys: {', '.join(PAPER_KEYS)}"
                    )
                )
            continue
        where = ".".join(str(p) for p in err.absolute_path) or "file"
        problems.append(Problem(path, line, f"{where}: {err.message}", "see catalogue/paper.schema.json"))
    return problems


def data_to_paper(data: dict[str, Any], path: str) -> Paper:
    """Build a Paper from a loaded mapping that passed validation."""
    try:
        return Paper(
            id=data["id"],
            title=data["title"],
            abstract=data.get("abstract") or "",
            published=data.get("published"),
            authors_count=data.get("authors_count"),
            upvotes=data.get("upvotes"),
            code=list(data.get("code") or []),
            tags=list(data.get("tags") or []),
            notes=data.get("notes") or "",
            sources=[Source(s["dump"], s["line"]) for s in data.get("sources") or []],
            distinct_from=list(data.get("distinct_from") or []),
            same_as=list(data.get("same_as") or []),
        )
    except (KeyError, TypeError) as exc:
        raise CatalogueError(f"malformed paper: {exc}", path=path, hint="run `papercat check`") from None


def parse_paper(text: str, path: str) -> tuple[Paper | None, list[Problem]]:
    """Load and validate one paper file's text; a paper only when there is no problem."""
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        return None, [
            Problem(path, 1, f"file is larger than {MAX_FILE_BYTES // 1024} KiB", "shorten the abstract or notes")
        ]
    try:
        data = yamlio.load(text, path)
    except CatalogueError as exc:
        return None, [Problem(path, exc.line or 1, exc.message, exc.hint)]
    problems = validate(data, path, text)
    if problems:
        return None, problems
    return data_to_paper(data, path), []
