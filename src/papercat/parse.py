"""Parse a dump (text copied from a Hugging Face Papers search page) into entries.

Pure: `parse_dump(data, name)` takes the file's bytes and returns entries and warnings; it never
opens a file. It handles the blank-line layout (title, abstract, optional metadata block), the dense
layout (title line, abstract line), hard-wrapped abstracts, page boilerplate, CRLF, a byte-order mark,
HTML entities and Unicode spaces. Every value it returns fits the paper schema (`limits`): absurd
metadata numbers are left empty and over-long abstracts cut, each with a warning naming the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .codelinks import find_code_links
from .errors import Problem
from .limits import cut_text, limits
from .metadata import bad_number, bounded, date_line, read_date, shown
from .model import Entry, Source
from .text import clean_line

BOILERPLATE = frozenset(
    s.casefold()
    for s in (
        "new",
        "Get trending papers in your email inbox!",
        "Get trending papers in your email inbox once a day!",
        "Subscribe",
        "byAK and the research community",
        "Daily Papers",
        "Papers",
        "Trending Papers",
        "Search",
        "Submitted by",
        "Upvote",
    )
)
_GLUED_PREFIX = "Subscribe"
_AUTHORS = re.compile(r"^[•·*-]?\s*(\d+)\s+authors?$", re.IGNORECASE)
_SEPARATOR = re.compile(r"^[·•|]$")
_UPVOTES = re.compile(r"^\d+$")
_ELLIPSIS = re.compile(r"(\.\.\.|…)\s*$")

WRAP_WIDTH = 120
"""Lines no longer than this, in a run, read as one hard-wrapped paragraph."""
MAX_TITLE = min(300, limits().title)
"""A single line longer than this is an abstract, never a title (nor longer than a paper file allows)."""


@dataclass
class ParseResult:
    """What one dump yielded: its entries in order and the warnings met on the way."""

    entries: list[Entry] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class _Item:
    kind: str  # "text" or "meta"
    line: int
    text: str
    lines: int = 1  # how many source lines a text paragraph spans


def decode_dump(data: bytes, name: str) -> tuple[str | None, list[Problem]]:
    """Bytes to text: UTF-8 (a byte-order mark is dropped); binary is refused, other encodings read as cp1252."""
    if not data.strip():
        return None, [Problem(name, 1, "empty dump, no entries", "copy the search page's text into it")]
    sample = data[:4096]
    if b"\x00" in sample or sum(b < 9 or 13 < b < 32 for b in sample) > len(sample) // 20:
        return None, [Problem(name, 1, "binary file, not a text dump; skipped", "save the page as plain text")]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        warn = Problem(name, line, "not UTF-8; read as Windows-1252", "re-save the dump as UTF-8")
        return data.decode("cp1252", errors="replace"), [warn]


def _split_lines(text: str) -> list[str]:
    return [line.rstrip("\r") for line in text.split("\n")]


def _is_meta(text: str) -> bool:
    return bool(_AUTHORS.match(text) or _SEPARATOR.match(text) or date_line(text) or _UPVOTES.match(text))


def _looks_like_abstract(item: _Item) -> bool:
    return item.lines > 1 or len(item.text) > MAX_TITLE


def _looks_like_title(item: _Item) -> bool:
    return item.kind == "text" and item.lines == 1 and not _looks_like_abstract(item)


def _join_wrapped(lines: list[str]) -> str:
    out = lines[0]
    for nxt in lines[1:]:
        out = out + nxt if out.endswith("-") and not out.endswith(" -") else f"{out} {nxt}"
    return out


def _runs_to_items(lines: list[tuple[int, str]]) -> list[_Item]:
    """Group consecutive content lines: a run of short lines is one wrapped paragraph, else a line each."""
    items: list[_Item] = []
    run: list[tuple[int, str]] = []

    def flush() -> None:
        if not run:
            return
        texts = [t for _, t in run]
        wrapped = (
            len(run) >= 3
            and all(len(t) <= WRAP_WIDTH for t in texts)
            and (sum(len(t) for t in texts[:-1]) / (len(texts) - 1) >= 40)
        )
        if wrapped:
            items.append(_Item("text", run[0][0], _join_wrapped(texts), len(run)))
        else:
            items.extend(_Item("text", n, t) for n, t in run)
        run.clear()

    for n, text in lines:
        if text == "" or text == "\0meta":
            flush()
        else:
            run.append((n, text))
    flush()
    return items


def _classify(text: str) -> list[_Item]:
    """Clean every line, drop boilerplate, and return text paragraphs and metadata lines in order."""
    cleaned: list[tuple[int, str]] = []
    metas: dict[int, str] = {}
    seen_content = False
    for number, raw in enumerate(_split_lines(text), start=1):
        line = clean_line(raw)
        if not seen_content and line.startswith(_GLUED_PREFIX) and len(line) > len(_GLUED_PREFIX):
            line = line[len(_GLUED_PREFIX) :].strip()
        if line.casefold() in BOILERPLATE:
            cleaned.append((number, ""))
            continue
        if line and _is_meta(line):
            metas[number] = line
            cleaned.append((number, "\0meta"))
            continue
        if line:
            seen_content = True
        cleaned.append((number, line))
    items = _runs_to_items(cleaned)
    for number, line in metas.items():
        items.append(_Item("meta", number, line))
    items.sort(key=lambda i: i.line)
    return items


@dataclass
class _Pending:
    title: _Item
    abstract: _Item
    authors: int | None = None
    published: str | None = None
    upvotes: int | None = None
    meta_open: bool = False  # a `·` or author count was seen, so a following date belongs to the entry


def _finish(name: str, p: _Pending, warnings: list[Problem]) -> Entry | None:
    """The entry, its abstract and code links fitted to the paper schema; None if its line cannot be a source."""
    if p.title.line > limits().line:
        message = "entry past the last line a paper's source may name; skipped"
        warnings.append(Problem(name, p.title.line, message, "split the dump in two"))
        return None
    abstract = p.abstract.text
    if len(abstract) > limits().abstract:
        abstract = cut_text(abstract, limits().abstract)
        warnings.append(
            Problem(
                name,
                p.abstract.line,
                f"abstract longer than {limits().abstract} characters; cut to fit",
                "is it several abstracts run together? put a blank line and a title between them",
            )
        )
    code = []
    for url in find_code_links(abstract):
        if limits().url_ok(url):
            code.append(url)
        else:
            warnings.append(
                Problem(
                    name,
                    p.abstract.line,
                    f"link {shown(url)} is longer than {limits().url} characters or malformed; not kept as code",
                    "add the link to the paper file by hand if it is right",
                )
            )
    return Entry(
        source=Source(name, p.title.line),
        title=p.title.text,
        abstract=abstract,
        truncated=bool(_ELLIPSIS.search(abstract)),
        authors_count=p.authors,
        published=p.published,
        upvotes=p.upvotes,
        code=tuple(code),
    )


def parse_dump(data: bytes, name: str) -> ParseResult:
    """Parse one dump's bytes; `name` is the file name recorded in each entry's source."""
    result = ParseResult()
    text, problems = decode_dump(data, name)
    result.warnings.extend(problems)
    if text is None:
        return result
    items = _classify(text)

    pending: _Pending | None = None
    i = 0
    while i < len(items):
        item = items[i]
        if item.kind == "meta":
            if pending is not None:
                _apply_meta(pending, item, name, result.warnings)
            i += 1
            continue
        nxt = items[i + 1] if i + 1 < len(items) else None
        if pending is not None and (entry := _finish(name, pending, result.warnings)):
            result.entries.append(entry)
        pending = None
        if not _looks_like_title(item):
            result.warnings.append(
                Problem(
                    name, item.line, "text with no title before it; skipped", "a title line must precede each abstract"
                )
            )
            i += 1
            continue
        if nxt is None or nxt.kind != "text":
            result.warnings.append(
                Problem(
                    name,
                    item.line,
                    f"title with no abstract: {item.text[:60]!r}; skipped",
                    "add the abstract below the title",
                )
            )
            i += 1
            continue
        after = items[i + 2] if i + 2 < len(items) else None
        if _looks_like_title(nxt) and after is not None and after.kind == "text" and _looks_like_abstract(after):
            result.warnings.append(
                Problem(name, item.line, f"stray line: {item.text[:60]!r}; skipped", "remove it or add its abstract")
            )
            i += 1
            continue
        pending = _Pending(item, nxt)
        i += 2
    if pending is not None and (entry := _finish(name, pending, result.warnings)):
        result.entries.append(entry)
    if not result.entries and not result.warnings:
        result.warnings.append(Problem(name, 1, "no entries found", "is this a copied search page?"))
    return result


def _apply_meta(p: _Pending, item: _Item, name: str, warnings: list[Problem]) -> None:
    """Record one metadata line; a number out of bounds (or not in ASCII digits) is left empty, with a warning."""
    text, problem = item.text, ""
    if m := _AUTHORS.match(text):
        p.authors = bounded(m.group(1), *limits().authors)
        p.meta_open = True
        if p.authors is None:
            problem = bad_number("author count", m.group(1), limits().authors)
    elif _SEPARATOR.match(text):
        p.meta_open = True
    elif (m := date_line(text)) and p.meta_open and p.published is None:
        published, upvotes, problem = read_date(m)
        p.published, p.upvotes = published, upvotes if upvotes is not None else p.upvotes
    elif _UPVOTES.match(text) and p.meta_open and p.upvotes is None:
        p.upvotes = bounded(text, *limits().upvotes)
        if p.upvotes is None:
            problem = bad_number("upvote count", text, limits().upvotes)
    if problem:
        warnings.append(Problem(name, item.line, f"{problem}; left empty", "correct the number in the dump"))
