"""Code links in an abstract: the URLs a reader follows to a paper's code or project page.

Pure. Copies of search pages lose the scheme (`github.com/x/y`), keep LaTeX (`\\url{...}`, `{code}`),
split a URL at a space, or cite the paper itself (arXiv, DOI, OpenReview): each class has its rule here
and its cases in tests/test_code_links.py.
"""

from __future__ import annotations

import re

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
