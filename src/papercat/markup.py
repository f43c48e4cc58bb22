"""Turning untrusted text into inert Markdown: it shows literally and never becomes HTML, a link or emphasis.

Titles, abstracts, notes, tag and topic names and dump names come from scraped pages and pull
requests. Every value goes through `plain` first (one line, no code point that YAML, HTML or a
reader's eye cannot take), then HTML special characters become entities and every Markdown
punctuation character is backslash-escaped, so `<img onerror=…>`, `[x](javascript:…)`, `*a* | b _c_`
and `$\\alpha$` all render as the characters typed. Page titles go into the front matter as
printable-ASCII YAML strings, so no value can make the front matter unparseable.
"""

from __future__ import annotations

import html
import json
import re
from urllib.parse import quote

REPLACEMENT = "\ufffd"
"""What an unusable code point shows as: visible, so a reader sees that something was there."""

# Code points no untrusted value may carry onto a page, after `str.split` has turned every kind of
# white space (tab, CR, LF, VT, FF, U+001C-U+001F, NEL, U+2028/U+2029, ...) into a plain space:
# - C0 controls, DEL and C1 controls: YAML refuses them in a document, so one in a front-matter title
#   makes MkDocs drop the front matter and render it as body Markdown; HTML calls them parse errors;
# - lone surrogates: cannot be encoded as UTF-8 at all (the page could not even be written);
# - non-characters (U+FDD0-U+FDEF and the last two code points of every plane): YAML refuses
#   U+FFFE/U+FFFF, HTML calls all of them parse errors;
# - bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): they reorder the
#   text that follows them, so a title could show as something else than its characters.
# Zero-width characters and U+FEFF are kept: they are harmless in YAML and HTML, and scripts need them.
_NONCHARACTERS = "".join(rf"\U{plane:08x}-\U{plane + 1:08x}" for plane in range(0xFFFE, 0x110000, 0x10000))
_UNSAFE = re.compile(rf"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef{_NONCHARACTERS}]")

# Inline markup can start anywhere: code, emphasis, links, images, tables, escapes, and `#` (a trailing
# `#` would close a heading). Only characters Python-Markdown lets a backslash escape are escaped (a
# backslash before any other character would show), and only these: escaping every `.` and `-` made
# Markdown's inline pass several times slower on abstracts.
_INLINE = re.compile(r"([\\`*_\[\]|{}#])")
# Block markup can only start a line, and the text is always one line: a list marker, quote, or
# ordered-list number at its very start.
_BLOCK_START = re.compile(r"^([-+>])|^(\d+)([.)])")
_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`\\]+$")
_NOT_ASCII = re.compile(r"[^\x00-\x7e]")


def plain(value: str) -> str:
    """Untrusted text as one line: white space runs become one space, unusable code points U+FFFD.

    The one normaliser every untrusted value goes through before it is escaped for any page.
    """
    line = " ".join(value.split())
    # isprintable is false for every unsafe code point and runs in C: the regex is for the rare rest
    return line if line.isprintable() else _UNSAFE.sub(REPLACEMENT, line)


def escaped(value: str) -> str:
    """Untrusted text as HTML text (for HTML blocks and elements): normalised, `& < >` as entities."""
    return html.escape(plain(value), quote=False)


def attribute(value: str) -> str:
    """Untrusted text as a double-quoted HTML attribute value: normalised, `& < > " '` as entities."""
    return html.escape(plain(value), quote=True)


def text(value: str) -> str:
    """Untrusted text as one line of Markdown that renders exactly as written."""
    inline = _INLINE.sub(r"\\\1", escaped(value))
    return _BLOCK_START.sub(lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", inline)


def block(value: str, css_class: str) -> str:
    """Untrusted text as one HTML paragraph block of escaped text.

    Markdown passes an HTML block through untouched, so nothing inside can become markup, and it
    skips the inline pass that costs most of the build on long abstracts.
    """
    return f'<p class="{css_class}">{escaped(value)}</p>'


def paragraphs(value: str) -> str:
    """Untrusted multi-paragraph text (notes): blank lines separate paragraphs, each escaped."""
    parts = [p for p in re.split(r"\n\s*\n", value.strip()) if p.strip()]
    return "\n\n".join(block(p, "pc-notes") for p in parts)


def safe_url(url: str) -> str | None:
    """The URL if it is plain http(s) with no characters that could break out of a link, else None."""
    return url if _SAFE_URL.match(url) and not _UNSAFE.search(url) else None


def query(value: str) -> str:
    """A value percent-encoded for a URL query."""
    return quote(plain(value), safe="")


def _escape_code_point(match: re.Match[str]) -> str:
    point = ord(match.group())
    if 0xD800 <= point <= 0xDFFF:  # YAML has no escape for a lone surrogate
        point = ord(REPLACEMENT)
    return f"\\x{point:02x}" if point <= 0xFF else f"\\u{point:04x}" if point <= 0xFFFF else f"\\U{point:08x}"


def yaml_string(value: str) -> str:
    """Any string as a YAML double-quoted scalar of printable ASCII, for front matter.

    Whatever the value holds, the line parses: JSON escapes quotes, backslashes and C0 controls (all
    valid YAML escapes), and every other code point outside printable ASCII becomes `\\xXX`, `\\uXXXX`
    or `\\UXXXXXXXX` (never a JSON surrogate pair, which YAML refuses).
    """
    return _NOT_ASCII.sub(_escape_code_point, json.dumps(value, ensure_ascii=False))


def meta_title(value: str) -> str:
    """A page title for front matter: normalised, with `<` and `>` replaced by look-alikes, YAML-quoted.

    Themes print the title in `<title>` either as it is or after stripping tags (which also decodes
    entities), so it is HTML-escaped and angle brackets must not survive in any form.
    """
    cleaned = plain(value).replace("<", "‹").replace(">", "›")
    return yaml_string(html.escape(cleaned, quote=False))
