"""The numbers in a dump's metadata lines (author counts, upvotes, dates), read with bounds.

Pure. Values come from pasted pages: only ASCII digits within the schema's bounds count, so an absurd
or garbled value is a warning with its line, never a traceback (`int()` of 5,000 digits raises).
"""

from __future__ import annotations

import calendar
import re

from .limits import limits

_MONTHS = {m.casefold(): i for i, m in enumerate(calendar.month_abbr) if m}
_MONTHS.update({m.casefold(): i for i, m in enumerate(calendar.month_name) if m})
_MONTHS["sept"] = 9
# \d (any script's digits, any length) only recognises a metadata line; values are read by bounded()
_DATE = re.compile(r"^([A-Za-z]{3,9})\.? (\d{1,2})(?:, (\d+))?(?: (\d+))?$")

YEARS = (1900, 2100)
"""Years a page's date may give: the papers are 20th- and 21st-century; anything else is a garbled copy."""


def bounded(text: str, low: int, high: int) -> int | None:
    """An integer written in ASCII digits from low to high, else None (never int() of 5,000 digits)."""
    if not text.isascii() or not text.isdigit() or len(text) > len(str(high)):
        return None
    value = int(text)
    return value if low <= value <= high else None


def shown(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:40] + "…")


def bad_number(what: str, text: str, bounds: tuple[int, int]) -> str:
    return f"{what} {shown(text)} is not a number from {bounds[0]} to {bounds[1]}"


def date_line(text: str) -> re.Match[str] | None:
    """The match of a metadata date line (`Feb 22, 2023 7`), whatever its numbers are worth."""
    m = _DATE.match(text)
    return m if m and m.group(1).casefold() in _MONTHS else None


def read_date(m: re.Match[str]) -> tuple[str | None, int | None, str]:
    """(published, upvotes, what was wrong or ""): a wrong part is left empty, the rest is kept."""
    month = _MONTHS[m.group(1).casefold()]
    day, year = bounded(m.group(2), 1, 31), m.group(3) and bounded(m.group(3), *YEARS)
    published = None
    if day is not None and not m.group(3) and day <= calendar.monthrange(2000, month)[1]:  # 2000: Feb 29 exists
        published = f"{calendar.month_abbr[month]} {day}"
    elif day is not None and year and day <= calendar.monthrange(year, month)[1]:
        published = f"{year:04d}-{month:02d}-{day:02d}"
    upvotes = bounded(m.group(4), *limits().upvotes) if m.group(4) else None
    problem = ""
    if published is None:
        problem = f"date {shown(m.group())} is not a real date from {YEARS[0]} to {YEARS[1]}"
    elif m.group(4) and upvotes is None:
        problem = bad_number("upvote count", m.group(4), limits().upvotes)
    return published, upvotes, problem


def parse_date(text: str) -> tuple[str | None, int | None] | None:
    """`Feb 22, 2023` -> ('2023-02-22', None); `Oct 24 5` -> ('Oct 24', 5); None if not a real date."""
    m = date_line(text)
    if not m:
        return None
    published, upvotes, _ = read_date(m)
    return None if published is None else (published, upvotes)
