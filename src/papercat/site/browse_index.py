"""The browse page's own index: small static JSON files under docs/browse-index/, fetched per view.

Papers are numbered 0..n-1 newest first (by year, then undated ones), so a year range is a range
of numbers. Each tag, topic and "has code" is a posting list (sorted numbers, delta-encoded), so the
exact count of any combination is computed in the browser from a few small files; rows to show
(title, date, upvotes, code, tags) come in shards of ROWS papers, one set per order, and the other
orders (upvotes, title) have a permutation in blocks of BLOCK positions, read from the top only until
a view has its first results; words are posting lists in chunks of sorted words (browse_words.py).
What a view fetches grows with the catalogue only through the posting lists it names and, for a
filter that keeps few papers, the shards its 50 results sit in (at most 50). assets/browse.js reads these.

Pure: `browse_files(site)` returns the files as (path under docs/, JSON text) and a version that
the page carries, so a page and the files it reads always come from the same `generate`.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .. import markup
from ..model import Paper
from .browse_words import PREFIX, postings
from .elements import known_tags, paper_date
from .model import Site, sort_newest, title_key, year_of

FOLDER = "browse-index"
"""Where the files go under docs/ (and so under the built site)."""
ROWS = 50
"""Papers per row shard. A filter that keeps few papers finds its first 50 results in up to 50 shards:
at 100,000 papers, two tags (all) fetch 218 kB gzipped with 50 rows a shard, 374 kB with 100, 957 kB
with 500 (6,112, 3,112 and 712 files)."""
BLOCK = 5000
"""Positions per block of an order's permutation: a dense filter finds its first results in the first."""
CHUNK = 60_000
"""Bytes of JSON per words chunk before the next word starts a new one (about a third of that gzipped)."""
FORMAT = 2
"""The files' format; assets/browse.js refuses another one."""


@dataclass(frozen=True)
class BrowseIndex:
    """The index files (path under docs/ -> JSON text) and the version the browse page asks for."""

    files: dict[str, str]
    version: str


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _json(value: object) -> str:
    return _compact(value) + "\n"


def deltas(numbers: Sequence[int]) -> list[int]:
    """Each number minus the one before it (the first as is): small numbers that gzip well."""
    return [n - prev for prev, n in zip([0, *numbers], numbers, strict=False)]


def word_chunks(newest: list[Paper]) -> tuple[list[str], list[str]]:
    """(the first word of each chunk, each chunk's JSON text): words in alphabetical order, each
    mapped to [its posting list, the postings of papers with it in the title] (the second left out
    when empty), so browse.js finds a word, or every word a prefix begins, in one or a few chunks."""
    every, titled = postings(newest)
    firsts: list[str] = []
    chunks: list[str] = []
    entries: list[str] = []
    size = 0
    for w in sorted(every):
        lists = [deltas(every[w])] + ([deltas(titled[w])] if w in titled else [])
        entry = f'"{w}":{_compact(lists)}'  # words are [a-z0-9]: nothing to escape
        if entries and size + len(entry) > CHUNK:
            chunks.append("{" + ",".join(entries) + "}\n")
            entries, size = [], 0
        if not entries:
            firsts.append(w)
        entries.append(entry)
        size += len(entry) + 1
    if entries:
        chunks.append("{" + ",".join(entries) + "}\n")
    return firsts, chunks


def shown_date(paper: Paper) -> str:
    """The date as the browse page shows it, as text (browse.js sets it with textContent); '' when unknown."""
    return html.unescape(paper_date(paper))


def has_code(paper: Paper) -> bool:
    """A code link safe to show (browse's "has code" filter and the "code" mark of its rows)."""
    return any(markup.safe_url(u) for u in paper.code)


def _row(site: Site, tag_number: dict[str, int], paper: Paper) -> list:
    """[id, title, date, upvotes, code 0/1, [tag numbers]]: ids are slugs, the rest is text for textContent."""
    tags = [tag_number[t] for t in known_tags(site, paper)]
    return [
        paper.id,
        markup.plain(paper.title),
        shown_date(paper),
        paper.upvotes or 0,
        int(has_code(paper)),
        tags,
    ]


def _orders(newest: list[Paper]) -> dict[str, Callable[[int], tuple]]:
    """The other orders, as sort keys over newest-first numbers (ties stay newest first)."""
    return {
        "upvotes": lambda i: (-(newest[i].upvotes or 0), i),
        "title": lambda i: (title_key(newest[i]), i),
    }


def browse_files(site: Site) -> BrowseIndex:
    """Every file of the browse index, and a version hashed from their bytes."""
    newest = sort_newest(site.papers)  # a year's papers stay together: a year range is a range of numbers
    number = {p.id: i for i, p in enumerate(newest)}
    tag_ids = list(site.vocabulary.tags)
    tag_number = {t: i for i, t in enumerate(tag_ids)}
    files: dict[str, str] = {}
    rows = [_row(site, tag_number, p) for p in newest]

    def shards(name: str, ordered: list[list]) -> None:
        for k in range(0, len(ordered), ROWS):
            files[f"{FOLDER}/rows/{name}/{k // ROWS}.json"] = _json(ordered[k : k + ROWS])

    shards("newest", rows)
    orders = {}
    for name, key in _orders(newest).items():
        perm = sorted(range(len(newest)), key=key)
        shards(name, [rows[i] for i in perm])
        for k in range(0, len(perm), BLOCK):
            files[f"{FOLDER}/order/{name}/{k // BLOCK}.json"] = _json(deltas(perm[k : k + BLOCK]))
        orders[name] = -(-len(perm) // BLOCK)

    def posting(path: str, papers: list[Paper]) -> int:
        files[f"{FOLDER}/{path}.json"] = _json(deltas(sorted(number[p.id] for p in papers)))
        return len(papers)

    tags = {t: posting(f"tag/{t}", site.by_tag.get(t, [])) for t in tag_ids}
    topics = {t.id: posting(f"topic/{t.id}", site.topic_papers(t)) for t in site.topics}
    code = posting("code", [p for p in newest if has_code(p)])
    years: list[list[int]] = []  # [year, its first number], newest year first
    for i, paper in enumerate(newest):
        y = year_of(paper)
        if y is not None and (not years or years[-1][0] != y):
            years.append([y, i])
    firsts, chunks = word_chunks(newest)
    for k, chunk in enumerate(chunks):
        files[f"{FOLDER}/words/{k}.json"] = chunk
    files[f"{FOLDER}/words.json"] = _json({"prefix": PREFIX, "firsts": firsts})
    dated = sum(1 for p in newest if year_of(p) is not None)
    manifest = {
        "format": FORMAT,
        "total": len(newest),
        "dated": dated,
        "years": years,
        "rows": ROWS,
        "block": BLOCK,
        "orders": orders,
        "tags": tag_ids,
        "tagCounts": [tags[t] for t in tag_ids],
        "topics": topics,
        "code": code,
    }
    files[f"{FOLDER}/manifest.json"] = _json(manifest)
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(f"{path}\n{files[path]}".encode())
    return BrowseIndex(files, digest.hexdigest()[:12])
