"""Parse a dump (text copied from a Hugging Face Papers search page) into entries.

Pure: `parse_dump(data, name)` takes the file's bytes and returns entries and warnings; it never
opens a file. It handles the blank-line layout (title, abstract, optional metadata block), the dense
layout (title line, abstract line), hard-wrapped abstracts, page boilerplate, CRLF, a byte-order mark,
HTML entities and Unicode spaces. Every value it returns fits the paper schema (`limits`): absurd
metadata numbers are left empty and over-long abstracts cut, each with a warning naming the line.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field

from .errors import Problem
from .limits import cut_text, limits
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
_MONTHS = {m.casefold(): i for i, m in enumerate(calendar.month_abbr) if m}
_MONTHS.update({m.casefold(): i for i, m in enumerate(calendar.month_name) if m})
_MONTHS["sept"] = 9
# \d (any script's digits, any length) only recognises a metadata line; values are read by _number
_DATE = re.compile(r"^([A-Za-z]{3,9})\.? (\d{1,2})(?:, (\d+))?(?: (\d+))?$")
_AUTHORS = re.compile(r"^[•·*-]?\s*(\d+)\s+authors?$", re.IGNORECASE)
_SEPARATOR = re.compile(r"^[·•|]$")
_UPVOTES = re.compile(r"^\d+$")
_ELLIPSIS = re.compile(r"(\.\.\.|…)\s*$")

WRAP_WIDTH = 120
"""Lines no longer than this, in a run, read as one hard-wrapped paragraph."""
MAX_TITLE = min(300, limits().title)
"""A single line longer than this is an abstract, never a title (nor longer than a paper file allows)."""
YEARS = (1900, 2100)
"""Years a page's date may give: the papers are 20th- and 21st-century; anything else is a garbled copy."""


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


def _number(text: str, low: int, high: int) -> int | None:
    """An integer written in ASCII digits from low to high, else None (never int() of 5,000 digits)."""
    if not text.isascii() or not text.isdigit() or len(text) > len(str(high)):
        return None
    value = int(text)
    return value if low <= value <= high else None


def _shown(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:40] + "…")


def _bad_number(what: str, text: str, bounds: tuple[int, int]) -> str:
    return f"{what} {_shown(text)} is not a number from {bounds[0]} to {bounds[1]}"


def _date_line(text: str) -> re.Match[str] | None:
    """The match of a metadata date line (`Feb 22, 2023 7`), whatever its numbers are worth."""
    m = _DATE.match(text)
    return m if m and m.group(1).casefold() in _MONTHS else None


def _read_date(m: re.Match[str]) -> tuple[str | None, int | None, str]:
    """(published, upvotes, what was wrong or ""): a wrong part is left empty, the rest is kept."""
    month = _MONTHS[m.group(1).casefold()]
    day, year = _number(m.group(2), 1, 31), m.group(3) and _number(m.group(3), *YEARS)
    published = None
    if day is not None and not m.group(3) and day <= calendar.monthrange(2000, month)[1]:  # 2000: Feb 29 exists
        published = f"{calendar.month_abbr[month]} {day}"
    elif day is not None and year and day <= calendar.monthrange(year, month)[1]:
        published = f"{year:04d}-{month:02d}-{day:02d}"
    upvotes = _number(m.group(4), *limits().upvotes) if m.group(4) else None
    problem = ""
    if published is None:
        problem = f"date {_shown(m.group())} is not a real date from {YEARS[0]} to {YEARS[1]}"
    elif m.group(4) and upvotes is None:
        problem = _bad_number("upvote count", m.group(4), limits().upvotes)
    return published, upvotes, problem


def parse_date(text: str) -> tuple[str | None, int | None] | None:
    """`Feb 22, 2023` -> ('2023-02-22', None); `Oct 24 5` -> ('Oct 24', 5); None if not a real date."""
    m = _date_line(text)
    if not m:
        return None
    published, upvotes, _ = _read_date(m)
    return None if published is None else (published, upvotes)


# A URL character: anything but space, quotes, angle brackets, and the LaTeX markup `{ } \` (RFC 3986
# forbids them unescaped), so `\url{…}`, `\href{…}{code}` and `…{code}` end the link; `\_ \% \# \& \~`
# are LaTeX escapes of URL characters and are kept (unescaped later).
_URL_CHARS = r"(?:[^\s<>\"'`{}\\]|\\[_%#&~])"
_CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "huggingface.co")
# Letter case is ignored in ASCII only (`(?ai:`), so the hints below, looked up in `text.lower()`, find
# every text this can match: in Unicode, `ı` would match `i`.
_URL = re.compile(
    rf"(?ai:https?://){_URL_CHARS}*"
    # written without a scheme: only where it cannot be part of a word, an address or another link
    rf"|(?<![\w.@/%+-])(?:(?ai:www\.)[\w-]+\.|(?ai:{'|'.join(map(re.escape, _CODE_HOSTS))})/(?=\w)"
    rf"|(?:[\w-]+\.)+(?ai:github\.io)\b){_URL_CHARS}*"
)
_HINTS = ("://", "www.", "github.", "gitlab.com/", "bitbucket.org/", "huggingface.co/")
"""Fixed strings, one of which every link `_URL` finds holds: `str.find` spots them far faster than the regex."""
_PIECE = re.compile(f"{_URL_CHARS}+")
_LATEX_ESCAPE = re.compile(r"\\([_%#&~])")
_HOST = re.compile(r"[\w-]+(?:\.[\w-]+)+(?::\d+)?")
_PATH_PIECE = re.compile(r"[A-Za-z0-9_~%+-][\w.~%+-]*(?:/.*)?", re.ASCII)
_TLD = re.compile(r"[A-Za-z]{2,}(?=/|$)")
_TLDS = frozenset(("com", "org", "net", "io", "co", "ai", "edu", "dev", "me", "ms"))
_CLOSERS = {")": "(", "]": "["}
_TRAILING = ".,;:!?'\"*_…”’"
PAPER_HOSTS = ("arxiv.org", "doi.org", "openreview.net")
"""Hosts of papers, not code, with their subdomains: a link there cites a paper (often a newer version)."""
SENTENCE_WORDS = frozenset(
    "a an and are as at be by can code for from has have here in is it its more of on or our page project "  # noqa: SIM905
    "repository see that the their this to under was we were where which while will with".split()
)
"""Words that, after a link ending in `/`, go on with the sentence rather than the link (`github.com/org/ for`)."""


def _strip_trailing(url: str) -> str:
    """Drop sentence punctuation and closing brackets the URL does not open: `(see https://x.org/a).` -> the URL."""
    unopened = {closer: url.count(closer) - url.count(opener) for closer, opener in _CLOSERS.items()}
    end = len(url)
    while end:
        last = url[end - 1]
        if last in unopened and unopened[last] > 0:
            unopened[last] -= 1
        elif last not in _TRAILING:
            break
        end -= 1
    return url[:end]


def _continues(url: str, piece: str) -> bool:
    """Whether `piece`, after one space, is the rest of `url` cut in two by the dump (only where `url` is unfinished).

    A link is unfinished when it is a bare scheme, when its host is cut (`https://github.` + `com/x/y`,
    `https://github` + `.com/x`), or when it ends in `/` before it names anything: the host alone, or
    only the owner on a code host (`https://github.com/facebookresearch/` + `detectron`). Elsewhere a
    space ends the link, so `https://github.com/x/y . We show` keeps `We` out.
    """
    rest = piece if piece.startswith("/") else _strip_trailing(piece)
    if not rest:
        return False
    host, slash, path = url.split("://", 1)[1].partition("/")
    if not host:
        return bool(_HOST.match(rest))
    if not slash:
        if host.endswith("."):
            tld = _TLD.match(rest)
            return bool(tld) and ("/" in rest or tld.group().casefold() in _TLDS)
        if "." not in host:
            return rest.startswith(".") and _continues(url + ".", rest[1:])
        return len(rest) > 1 and rest[0] == "/" and rest[1].isalnum()
    if not url.endswith("/") or not _PATH_PIECE.fullmatch(rest):
        return False
    if rest.split("/", 1)[0].casefold() in SENTENCE_WORDS:
        return False
    if host.casefold().removeprefix("www.") in _CODE_HOSTS:
        return len([p for p in path.split("/") if p]) < 2
    return not path and "/" in rest


def _link(raw: str) -> str | None:
    """A matched link made whole (LaTeX escapes undone, trailing punctuation dropped, a scheme); None if not code."""
    url = _strip_trailing(_LATEX_ESCAPE.sub(r"\1", raw))
    scheme, sep, rest = url.partition("://")
    url = f"{scheme.casefold()}://{rest}" if sep else f"https://{url}"
    host = url.split("://", 1)[1].split("/", 1)[0]
    if not _HOST.fullmatch(host):
        return None
    name = host.split(":")[0].casefold()
    return None if any(name == h or name.endswith("." + h) for h in PAPER_HOSTS) else url


def _start(text: str) -> int | None:
    """Where the first link may begin, None if there is none: most abstracts hold no link, and most links end one."""
    low = text.lower()
    found = [i for i in map(low.find, _HINTS) if i >= 0]
    if not found:
        return None
    if len(low) != len(text):  # lower() lengthened a letter (`İ`): positions in `low` are not those in `text`
        return 0
    start = min(found)
    while start and (low[start - 1].isalnum() or low[start - 1] in "-._"):  # back to the scheme or host's start
        start -= 1
    return start


def find_code_links(text: str) -> tuple[str, ...]:
    r"""Links in an abstract, in order, once each, as `https://…` (or `http://…`) URLs; links to papers left out.

    Besides `https://` URLs it finds links written without a scheme on code hosts (`github.com/x/y`,
    `www.…`, `x.github.io`), drops LaTeX around them (`\url{…}`, `…{code}`), and rejoins a link the
    dump cut at a space where the first part is plainly unfinished (see `_continues`).
    """
    links: dict[str, None] = {}  # ordered, and a repeated link found in constant time
    pos = _start(text)
    while pos is not None and (m := _URL.search(text, pos)):
        raw, pos = m.group(), m.end()
        if not raw.casefold().startswith(("http://", "https://")):
            raw = "https://" + raw
        for _ in range(3):  # a link cut more than three times is not worth guessing at
            piece = _PIECE.match(text, pos + 1) if text[pos : pos + 1] == " " else None
            if not piece or not _continues(raw, piece.group()):
                break
            raw, pos = raw + piece.group(), piece.end()
        if url := _link(raw):
            links.setdefault(url)
    return tuple(links)


def _split_lines(text: str) -> list[str]:
    return [line.rstrip("\r") for line in text.split("\n")]


def _is_meta(text: str) -> bool:
    return bool(_AUTHORS.match(text) or _SEPARATOR.match(text) or _date_line(text) or _UPVOTES.match(text))


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
                    f"link {_shown(url)} is longer than {limits().url} characters or malformed; not kept as code",
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
        p.authors = _number(m.group(1), *limits().authors)
        p.meta_open = True
        if p.authors is None:
            problem = _bad_number("author count", m.group(1), limits().authors)
    elif _SEPARATOR.match(text):
        p.meta_open = True
    elif (m := _date_line(text)) and p.meta_open and p.published is None:
        published, upvotes, problem = _read_date(m)
        p.published, p.upvotes = published, upvotes if upvotes is not None else p.upvotes
    elif _UPVOTES.match(text) and p.meta_open and p.upvotes is None:
        p.upvotes = _number(text, *limits().upvotes)
        if p.upvotes is None:
            problem = _bad_number("upvote count", text, limits().upvotes)
    if problem:
        warnings.append(Problem(name, item.line, f"{problem}; left empty", "correct the number in the dump"))
