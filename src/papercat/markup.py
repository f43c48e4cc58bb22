"""Turning untrusted text into inert Markdown: it shows literally and never becomes HTML, a link or emphasis.

Titles, abstracts, notes and dump names come from scraped pages and pull requests. HTML special
characters become entities and every Markdown punctuation character is backslash-escaped, so
`<img onerror=…>`, `[x](javascript:…)`, `*a* | b _c_` and `$\\alpha$` all render as the characters
typed.
"""

from __future__ import annotations

import html
import json
import re
from urllib.parse import quote

# Inline markup can start anywhere: code, emphasis, links, images, tables, escapes, and `#` (a trailing
# `#` would close a heading). Only characters Python-Markdown lets a backslash escape are escaped (a
# backslash before any other character would show), and only these: escaping every `.` and `-` made
# Markdown's inline pass several times slower on abstracts.
_INLINE = re.compile(r"([\\`*_\[\]|{}#])")
# Block markup can only start a line, and the text is always one line: a list marker, quote, or
# ordered-list number at its very start.
_BLOCK_START = re.compile(r"^([-+>])|^(\d+)([.)])")
_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`\\]+$")


def text(value: str) -> str:
    """Untrusted text as one line of Markdown that renders exactly as written."""
    one_line = " ".join(value.split())
    escaped = _INLINE.sub(r"\\\1", html.escape(one_line, quote=False))
    return _BLOCK_START.sub(lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", escaped)


def block(value: str, css_class: str) -> str:
    """Untrusted text as one HTML paragraph block of escaped text.

    Markdown passes an HTML block through untouched, so nothing inside can become markup, and it
    skips the inline pass that costs most of the build on long abstracts.
    """
    one_line = " ".join(value.split())
    return f'<p class="{css_class}">{html.escape(one_line, quote=False)}</p>'


def paragraphs(value: str) -> str:
    """Untrusted multi-paragraph text (notes): blank lines separate paragraphs, each escaped."""
    parts = [p for p in re.split(r"\n\s*\n", value.strip()) if p.strip()]
    return "\n\n".join(block(p, "pc-notes") for p in parts)


def safe_url(url: str) -> str | None:
    """The URL if it is plain http(s) with no characters that could break out of a link, else None."""
    return url if _SAFE_URL.match(url) else None


def link(label: str, url: str) -> str:
    """A Markdown link with an escaped label; the URL must already be safe (`safe_url` or built here)."""
    return f"[{text(label)}](<{url}>)"


def query(value: str) -> str:
    """A value percent-encoded for a URL query."""
    return quote(" ".join(value.split()), safe="")


def meta_title(value: str) -> str:
    """A page title for front matter: YAML-quoted, with `<` and `>` replaced by look-alikes.

    Themes print the title in `<title>` after stripping tags (which also decodes entities), so
    angle brackets must not survive in any form.
    """
    cleaned = " ".join(value.split()).replace("<", "‹").replace(">", "›")
    return json.dumps(html.escape(cleaned, quote=False), ensure_ascii=False)
