"""Link arithmetic: where MkDocs puts a page, and the relative link from one page to another or to a file."""

from __future__ import annotations

import functools
import posixpath

from .. import markup
from .model import Site


def page_url(path: str, directory_urls: bool) -> str:
    """Where MkDocs puts a page, from its docs path (`papers/x.md` -> `papers/x/` or `papers/x.html`)."""
    stem = path[: -len(".md")]
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    return stem[: -len("index")] if stem.endswith("/index") else stem + "/"


def address(site: Site, docs_path: str) -> str:
    """The absolute address of a page (`papers/x.md`) or file (`feed.xml`) of the built site."""
    path = page_url(docs_path, site.directory_urls) if docs_path.endswith(".md") else docs_path
    return markup.plain(site.site_url) + path


@functools.cache
def _parts(path: str) -> tuple[str, ...]:
    return tuple(p for p in path.split("/") if p not in ("", "."))


@functools.cache
def _base(src: str, directory_urls: bool) -> tuple[str, ...]:
    source = page_url(src, directory_urls)
    return _parts(source if source.endswith("/") else posixpath.dirname(source))


def asset_href(site: Site, src: str, path: str) -> str:
    """The relative link from page `src` to a file or folder of the built site (`assets/browse.js`).

    What posixpath.relpath gives, without its abspath calls (most of generate's time at 10k papers).
    """
    base, target = _base(src, site.directory_urls), _parts(path)
    common = 0
    while common < min(len(base), len(target)) and base[common] == target[common]:
        common += 1
    rel = "/".join([".."] * (len(base) - common) + list(target[common:])) or "."
    return rel + "/" if path.endswith("/") and not rel.endswith("/") else rel


def href(site: Site, src: str, dst: str) -> str:
    """The relative link from page `src` to page `dst` (docs paths), as the built site needs it."""
    return asset_href(site, src, page_url(dst, site.directory_urls) or "./")
