"""Schema errors in plain words: what a paper file's value must look like, never a regular expression.

jsonschema words its errors for programmers (`'x' does not match '^[a-z0-9]+(-[a-z0-9]+)*$'`); people
who edit a paper file in GitHub's web editor need to read what to write instead. Pure: one error in,
one message out.
"""

from __future__ import annotations

from typing import Any

SHOWN_CHARS = 80
"""Values in messages are cut to this length: a message names the value, it does not repeat a page of it."""

ID_SHAPE = "an id: lowercase letters and digits, words joined by single hyphens (vision-transformers)"
URL_SHAPE = "a web address starting with https:// or http://, with no spaces, quotes or angle brackets"

PATTERNS = {
    "id": ID_SHAPE,
    "tags": ID_SHAPE,
    "distinct_from": ID_SHAPE,
    "same_as": ID_SHAPE,
    "published": "a date: YYYY-MM-DD (2023-02-22), or the month and day as shown (Oct 24)",
    "added": "a date: YYYY-MM-DD (2026-11-22)",
    "code": URL_SHAPE,
    "url": URL_SHAPE,
    "arxiv": "an arXiv id: 1706.03762 (four digits, a dot, four or five digits) or hep-th/9901001 (old style), "
    "optionally with a version (1706.03762v2)",
    "dump": "a file name in catalogue/dumps/ (no folder, no control characters)",
}
"""What a value must look like, by the key that holds it (the last key of its path)."""

EXAMPLES = {"arxiv": "1706.03762", "venue": "NeurIPS 2017"}
"""A value to show in a message about a key, where the file's own value may have lost digits (`1706.10`)."""

TYPES = {
    "string": "text",
    "integer": "a whole number",
    "null": "null (unknown)",
    "array": 'a list, one "- item" per line under the key',
    "object": "a mapping of `key: value` lines",
}


def short(value: object) -> str:
    """A value as `repr` shows it, cut to SHOWN_CHARS."""
    shown = repr(value)
    return shown if len(shown) <= SHOWN_CHARS else shown[: SHOWN_CHARS - 1] + "…"


def field_name(path: tuple[object, ...]) -> str:
    """The last key of a path (`("sources", 0, "dump")` -> `dump`): the item's line says which item."""
    keys = [str(p) for p in path if not isinstance(p, int)]
    return keys[-1] if keys else "file"


def plain_message(err: Any) -> str:
    """One jsonschema error as `key: 'value' must be ...` in plain words."""
    path = tuple(err.absolute_path)
    key, value, schema = field_name(path), err.instance, err.schema
    kind = err.validator
    if kind == "pattern":
        shape = PATTERNS.get(key)
        must = f"must be {shape}" if shape else "must not be blank"
        return f"{key}: {short(value)} {must}"
    if kind == "type":
        wanted = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        message = f"{key}: {short(value)} must be " + " or ".join(TYPES.get(t, t) for t in wanted)
        if "string" in wanted and isinstance(value, int | float):  # `arxiv: 1706.03762` reads as a number
            message += f'; YAML reads it as a number: put it in quotes ({key}: "{EXAMPLES.get(key, value)}")'
        return message
    if kind in ("minimum", "maximum"):
        return f"{key}: {short(value)} must be from {schema.get('minimum')} to {schema.get('maximum')}"
    if kind == "minLength":
        return f"{key}: must not be empty"
    if kind == "maxLength":
        return f"{key}: is {len(value)} characters long, more than the {schema['maxLength']} allowed"
    if kind == "maxItems":
        return f"{key}: lists {len(value)} items, more than the {schema['maxItems']} allowed"
    if kind == "required":
        missing = ", ".join(k for k in schema.get("required", []) if k not in value)
        return f"the key {missing} is missing" + (f" from this item of {key}" if path else "")
    if kind == "additionalProperties":
        extra = sorted(set(value) - set(schema.get("properties", {})), key=str)
        return f"{key}: unknown key {', '.join(short(k) for k in extra)}"
    whole = repr(value)  # a kind the schema does not use today: jsonschema's words, the value cut short
    return f"{key}: " + (err.message.replace(whole, short(value)) if len(whole) > SHOWN_CHARS else err.message)
