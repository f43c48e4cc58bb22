"""YAML syntax errors in plain words, for the mistakes GitHub's web editor leads to.

The parser says where it gave up (`did not find expected key`), which is often the line after the
mistake and never what to type. This reads the lines around that place and names the usual causes:
a tab, a list item indented away from its key, a missing space after `-` or `:`, an unclosed quote or
bracket, a `: ` inside a value. Pure: error and text in, (line, message, hint) out.
"""

from __future__ import annotations

import re

import yaml

KEY_LINE = re.compile(r"^([A-Za-z_][\w-]*):(.*)$")
ITEMS = 'list items start with "- " at the start of the line, right under their key'


def explain(exc: yaml.YAMLError, text: str) -> tuple[int | None, str, str]:
    """(1-based line, message, hint) for a YAML syntax error in `text`."""
    lines = text.splitlines()
    mark = (exc.problem_mark or exc.context_mark) if isinstance(exc, yaml.MarkedYAMLError) else None
    if mark is None:
        return None, f"invalid YAML: {exc}", "compare the file with another paper file"
    problem, context = exc.problem or "", exc.context or ""
    at = mark.line + 1
    if isinstance(exc, yaml.constructor.ConstructorError):  # a value YAML cannot build, not a syntax slip
        return at, f"invalid YAML: {problem}", "write the value as text or a small number"
    tabs = [n for n, line in enumerate(lines[:at], 1) if "\t" in line[: len(line) - len(line.lstrip())]]
    if tabs:  # the parser stops at or after a tab in the indentation: that tab is the mistake
        return (
            tabs[-1],
            "this line is indented with a tab; YAML indents with spaces only",
            "replace the tab with spaces",
        )
    start = exc.context_mark.line + 1 if exc.context_mark else at  # where the construct that failed began
    if "quoted scalar" in context:
        quote = _opening_quote(lines, start)
        return start, f"the quote {quote} that starts the value on this line is never closed", f"end it with {quote}"
    if "flow sequence" in context or "flow mapping" in context:
        return start, "the [ or { on this line is never closed", "close it, or put the value in quotes if it is text"
    if "simple key" in context:
        return _no_colon(lines, start)
    if "block mapping" in context and _line(lines, at).lstrip().startswith("-"):
        return at, *_stray_item(lines, at)
    if "mapping values are not allowed" in problem:
        return at, *_mapping_here(_line(lines, at))
    return at, f"this line is not valid YAML ({problem})", "compare it with the lines around it"


def _line(lines: list[str], number: int) -> str:
    return lines[number - 1] if 0 < number <= len(lines) else ""


def _opening_quote(lines: list[str], number: int) -> str:
    line = _line(lines, number)
    found = re.search(r"""(?:^\s*-|:)\s*(["'])""", line)
    return found.group(1) if found else '"'


def _no_colon(lines: list[str], number: int) -> tuple[int, str, str]:
    """A line YAML read as the start of a key that never got its `: `."""
    line = _line(lines, number)
    stripped = line.lstrip()
    if re.match(r"-[^\s-]", stripped):
        fixed = " " * (len(line) - len(stripped)) + "- " + stripped[1:]
        return number, 'a list item needs a space after "-"', f"write: {fixed.strip()}"
    found = re.match(r"^\s*([A-Za-z_][\w-]*):(\S.*)$", line)
    if found:
        return number, 'a key needs a space after ":"', f"write: {found.group(1)}: {found.group(2)}"
    return number, 'this line is neither "key: value" nor "- item"', f"{ITEMS}; keys start with their name and ': '"


def _stray_item(lines: list[str], number: int) -> tuple[str, str]:
    """A `- item` where a key was expected: after a key holding one value, or indented away from its list."""
    above = next((_line(lines, n) for n in range(number - 1, 0, -1) if _line(lines, n).strip()), "")
    found = KEY_LINE.match(above)
    if found and found.group(2).strip():
        key = found.group(1)
        return f"this list item follows {key}: {found.group(2).strip()}, which holds one value, not a list", ITEMS
    key = next((m.group(1) for n in range(number - 1, 0, -1) if (m := KEY_LINE.match(_line(lines, n)))), None)
    under = f" under {key}:" if key else ""
    return (
        "this line is indented differently from the lines around it",
        f'list items{under} start with "- " at the start of the line',
    )


def _mapping_here(line: str) -> tuple[str, str]:
    """A `: ` YAML cannot place: an indented key, or a value that holds `: `."""
    if line[:1].isspace() and KEY_LINE.match(line.lstrip()):
        return "this key is indented; a paper file's keys start at the start of the line", "remove the spaces before it"
    found = KEY_LINE.match(line)
    if found:
        value = found.group(2).strip().replace('"', '\\"')
        return 'the value holds ": ", which YAML reads as another key', f'put it in quotes: {found.group(1)}: "{value}"'
    return 'this line holds ": " where YAML expects no key', "put the value in quotes"
