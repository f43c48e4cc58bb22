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

# exactly the characters Python-Markdown (with the tables extension) lets a backslash escape;
# a backslash before any other character would show
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")
_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`\\]+$")


def text(value: str) -> str:
    """Untrusted text as one line of Markdown that renders exactly as written."""
    one_line = " ".join(value.split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(one_line, quote=False))


def paragraphs(value: str) -> str:
    """Untrusted multi-paragraph text (notes): blank lines separate paragraphs, each escaped."""
    parts = [p for p in re.split(r"\n\s*\n", value.strip()) if p.strip()]
    return "\n\n".join(text(p) for p in parts)


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
