"""Text normalisation shared by parsing, deduplication and slugs: one place decides what 'the same text' means."""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from functools import lru_cache

_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_NON_CHARACTERS = "\ufdd0-\ufdef" + "".join(f"{chr(p + 0xFFFE)}{chr(p + 0xFFFF)}" for p in range(0, 0x110000, 0x10000))
_UNSAFE = re.compile(f"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ud800-\udfff{_NON_CHARACTERS}]")
"""Code points YAML cannot carry (C0/C1 controls, DEL, lone surrogates, non-characters).

The control characters str.split() counts as white space (tab, CR, LF, FS-US, NEL, U+2028/2029) are
not listed: they already separate words.
"""
_NON_SLUG = re.compile(r"[^0-9a-z]+")
_ASCII_TO_SPACE = str.maketrans({chr(i): " " for i in range(128) if not chr(i).isalnum() or chr(i).isupper()})


def clean_line(text: str) -> str:
    """Decode HTML entities, fold Unicode compatibility forms, drop what YAML cannot carry, squeeze white space.

    NFKC turns ligatures (ﬁ), full-width letters and non-breaking spaces into plain ones, so a copied
    title reads the same as a typed one; entities are decoded twice because copies sometimes hold
    `&amp;amp;`. Controls, non-characters and lone surrogates are dropped, not replaced: they are
    invisible, so the text reads as the page showed it (`Atten\\x00tion` is `Attention`), and no
    pasted dump can produce a title that breaks a YAML file or a page's front matter.
    """
    if "&" in text:
        text = html.unescape(html.unescape(text))
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        text = _ZERO_WIDTH.sub("", text)
        text = text.replace("\u2010", "-").replace("\u2011", "-")
    # str.split() splits on every Unicode space, in C: faster than a regex on kilobyte abstracts
    text = " ".join(text.split())
    # isprintable() is one C pass, false only when a control, format, private or unassigned code point is left
    return text if text.isprintable() else " ".join(_UNSAFE.sub("", text).split())


def fold(text: str) -> str:
    """Reduce text to lowercase words of any script, accents dropped, single spaces: the key used for comparison.

    Letters and digits of every script are kept (a Cyrillic or Chinese title is compared on its own
    words); punctuation and symbols separate words, so a title of symbols alone folds to "".
    """
    text = clean_line(text).casefold()
    if text.isascii():
        return " ".join(text.translate(_ASCII_TO_SPACE).split())
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _non_word().sub(" ", text).strip()


@lru_cache(maxsize=1)
def _non_word() -> re.Pattern[str]:
    """Runs of what separates words: not a letter or digit of any script, nor a vowel sign.

    `\\w` alone would split Devanagari or Tamil words at their vowel signs (marks that NFKD keeps,
    unlike accents); those of the Basic Multilingual Plane are listed once, on first use (~7 ms).
    """
    chars = map(chr, range(0x300, 0x10000))
    marks = "".join(c for c in chars if unicodedata.category(c)[0] == "M" and not unicodedata.combining(c))
    return re.compile(f"[^\\w{re.escape(marks)}]+|_+")


def slugify(text: str, max_length: int = 80) -> str:
    """A readable ASCII slug: lowercase words joined by hyphens, cut at a word boundary.

    A title with no ASCII letter or digit (all Cyrillic, say) gets `paper-` and a short hash of its
    folded form: the same title always gives the same slug, and titles differing only in case or
    punctuation share it (the caller adds `-2` on a collision, as for any other slug).
    """
    folded = fold(text)
    slug = _NON_SLUG.sub("-", folded).strip("-")
    if not slug:
        key = folded or clean_line(text)
        return "paper-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
    if len(slug) > max_length:
        cut = slug[:max_length]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug.strip("-") or "paper"
