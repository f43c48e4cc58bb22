"""Text normalisation shared by parsing, deduplication and slugs: one place decides what 'the same text' means."""

from __future__ import annotations

import html
import re
import unicodedata

_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_ASCII_TO_SPACE = str.maketrans({chr(i): " " for i in range(128) if not chr(i).isalnum() or chr(i).isupper()})


def clean_line(text: str) -> str:
    """Decode HTML entities, fold Unicode compatibility forms and squeeze white space.

    NFKC turns ligatures (ﬁ), full-width letters and non-breaking spaces into plain ones, so a copied
    title reads the same as a typed one; entities are decoded twice because copies sometimes hold
    `&amp;amp;`.
    """
    if "&" in text:
        text = html.unescape(html.unescape(text))
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        text = _ZERO_WIDTH.sub("", text)
        text = text.replace("\u2010", "-").replace("\u2011", "-")
    # str.split() splits on every Unicode space, in C: faster than a regex on kilobyte abstracts
    return " ".join(text.split())


def fold(text: str) -> str:
    """Reduce text to lowercase ASCII words separated by single spaces: the key used for comparison."""
    text = clean_line(text).casefold()
    if text.isascii():
        return " ".join(text.translate(_ASCII_TO_SPACE).split())
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _NON_ALNUM.sub(" ", text).strip()


def slugify(text: str, max_length: int = 80) -> str:
    """A readable ASCII slug: lowercase words joined by hyphens, cut at a word boundary."""
    slug = fold(text).replace(" ", "-") or "paper"
    if len(slug) > max_length:
        cut = slug[:max_length]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug.strip("-") or "paper"
