"""The related-papers cache: the last result as JSON, reused while the papers and settings it came from are unchanged.

I/O edge of `related`: the result is stored in `catalogue/.cache/related.json` under its
`content_digest` (ids, titles, abstracts, tags, settings, method and scikit-learn versions), so any
edit to a title, abstract or tag computes it again, and nothing else does. A hit reads one JSON file
and never imports numpy, scipy or scikit-learn.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .files import write_atomic
from .related import KINDS, Neighbour, RelatedConfig, content_digest, related_papers

CACHE_FILE = "related.json"


def cached_related(folder: Path, items: Sequence[Any], config: RelatedConfig) -> dict[str, list[Neighbour]]:
    """Related papers of `items` (papers or `related.Doc`s): the stored result when its digest matches,
    else computed and stored.

    The cache is only a speed-up: a missing, corrupt or unreadable file is computed again, and a file
    that cannot be written leaves the result unstored.
    """
    path = folder / CACHE_FILE
    digest = content_digest(items, config)
    if (stored := read_related(path, digest)) is not None:
        return stored
    result = related_papers(items, config)
    # compact and sorted: the same result is the same bytes, so an unchanged file is not rewritten
    text = json.dumps({"digest": digest, "related": result}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    with contextlib.suppress(OSError):  # a read-only checkout still builds; the next build computes again
        write_atomic(path, text)
    return result


def read_related(path: Path, digest: str) -> dict[str, list[Neighbour]] | None:
    """The result stored at `path` if it was computed from content with this digest and is well formed."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):  # missing, unreadable, not UTF-8, not JSON
        return None
    if not isinstance(data, dict) or data.get("digest") != digest or not isinstance(data.get("related"), dict):
        return None
    related = data["related"]
    return related if all(_well_formed(listed) for listed in related.values()) else None


def _well_formed(listed: object) -> bool:
    """A list of neighbours as `related_papers` writes them (a file edited by hand may hold anything)."""
    return isinstance(listed, list) and all(
        isinstance(n, dict)
        and isinstance(n.get("id"), str)
        and isinstance(n.get("score"), int | float)
        and n.get("kind") in KINDS
        for n in listed
    )
