"""Related papers: for every paper, the few others most similar in title and abstract, and its other versions.

The recipe arxiv-sanity-lite made known: tf-idf over title and abstract (sublinear term frequency,
unigrams and bigrams, English stop words), cosine similarity, optionally blended with how many tags
two papers share. scikit-learn does the text part: its tokeniser, stop-word list and tf-idf weighting
are the reference implementation of that recipe (the one arxiv-sanity-lite uses), tested and fast
enough (100,000 papers in about a minute), where a hand-written one would be more code to get subtly
different; it brings numpy and scipy, whose sparse matrices do the similarity. That is computed a
chunk of rows at a time as a sparse product, so no dense n×n matrix ever exists.

Pure: the caller reads the papers and stores the result (plain JSON) under `content_digest`. numpy,
scipy and scikit-learn are imported only where the computation needs them: importing this module (for
the digest, the types, a stored result) costs nothing, and a build whose catalogue is unchanged never
loads them (about 1 s).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, NamedTuple, TypedDict

from .text import fold

if TYPE_CHECKING:
    import numpy as np
    import scipy.sparse as sp

VERSION = "1"
"""Bumped whenever the method changes what it returns, so a cached result is not reused across it."""
SCALE = 10_000
"""Scores are kept to 4 decimals (and sorted as integers of ten-thousandths)."""
OTHER_VERSION = "other version"
SIMILAR = "similar"
KINDS = (OTHER_VERSION, SIMILAR)


class Doc(NamedTuple):
    """What related-papers reads of a paper."""

    id: str
    title: str
    abstract: str
    tags: tuple[str, ...] = ()


class Neighbour(TypedDict):
    """One related paper, as stored and rendered: a plain dict so the result is JSON as it stands."""

    id: str
    score: float
    kind: str
    """`"other version"` (same folded title, another paper file) or `"similar"`."""


@dataclass(frozen=True)
class RelatedConfig:
    """The knobs; defaults chosen on tests/data/related_pairs.yml (`bench/bench_related.py --quality`)."""

    k: int = 5
    """Papers listed per paper, other versions included."""
    title_weight: float = 0.0
    """Weight of the title's own tf-idf vector against the whole text's (title + abstract). 0: the title
    counts once, as part of the text; on the pairs table, with the chosen tag weight, every extra title
    weight tried found fewer pairs."""
    tag_weight: float = 0.1
    """Share of the score that comes from shared tags (Jaccard); the rest is text cosine. Only papers
    that share a distinctive term are candidates: tags reorder them, they do not add any."""
    ngrams: int = 2
    """Longest word n-gram counted as a term: bigrams catch phrases ("neural operator", "mixture experts")."""
    min_df: int = 2
    """Terms in fewer papers are dropped: they cannot link two papers, only inflate the vocabulary."""
    max_df: float = 0.5
    """Terms in a larger share of papers are dropped: they say nothing about what a paper is about."""
    query_terms: int = 50
    """Each paper looks for neighbours through its heaviest terms only (see `_top_terms`)."""
    chunk_rows: int = 1000
    """Rows per sparse product: bounds memory by chunk_rows × candidates, never n × n."""


def as_docs(items: Iterable[Any]) -> list[Doc]:
    """Docs from Paper objects (anything with id, title, abstract, tags) or (id, title, abstract, tags) tuples."""
    docs = []
    for item in items:
        if isinstance(item, tuple):
            pid, title, abstract, *rest = item
            tags = rest[0] if rest else ()
        else:
            pid, title, abstract, tags = item.id, item.title, item.abstract, item.tags
        docs.append(Doc(pid, title or "", abstract or "", tuple(sorted(set(tags or ())))))
    return docs


def content_digest(items: Iterable[Any], config: RelatedConfig = RelatedConfig()) -> str:
    """A stable digest of everything the result depends on: reuse the stored result while it is unchanged.

    Covers ids, titles, abstracts, tags (order-free), the config, this module's VERSION and the
    scikit-learn version (its stop-word list and tokeniser shape the vocabulary).
    """
    digest = hashlib.sha256()
    sklearn = importlib.metadata.version("scikit-learn")  # the installed version, without importing it
    head = {"version": VERSION, "sklearn": sklearn, "config": asdict(config)}
    digest.update(json.dumps(head, sort_keys=True).encode())
    for doc in sorted(as_docs(items)):
        digest.update(b"\n" + json.dumps(list(doc)).encode())  # ASCII: the C encoder, 4x faster
    return digest.hexdigest()


def text_matrix(docs: list[Doc], config: RelatedConfig) -> sp.csr_matrix:
    """Rows of unit length: tf-idf of title + abstract, plus `title_weight` times the title's own tf-idf.

    The title goes through the same vocabulary and idf, so a title word still meets the same word in
    another paper's abstract; adding the title's vector is what "the title counts more" means here
    (repeating the title in the text would be damped by the sublinear tf).
    """
    import numpy as np
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    n = len(docs)
    max_df = config.max_df if n * config.max_df >= config.min_df else 1.0
    vectorizer = TfidfVectorizer(
        sublinear_tf=True,
        ngram_range=(1, config.ngrams),
        stop_words="english",
        min_df=min(config.min_df, n),
        max_df=max_df,
        dtype=np.float32,
    )
    try:
        whole = vectorizer.fit_transform([f"{d.title}\n{d.abstract}" for d in docs])
    except ValueError:  # no term left after pruning (tiny or empty catalogue): nothing is similar
        return sp.csr_matrix((n, 1), dtype=np.float32)
    if config.title_weight:
        whole = whole + config.title_weight * vectorizer.transform([d.title for d in docs])
    return normalize(whole.tocsr(), copy=False)


def _top_terms(rows: sp.csr_matrix, limit: int) -> sp.csr_matrix:
    """Each row cut to its `limit` heaviest terms (ties: lower column first).

    The light terms of a paper are common words whose postings span much of the catalogue: matching on
    them would make every chunk product nearly dense (quadratic). Their contribution to a cosine is
    small, so the product of the cut rows with the full matrix ranks neighbours almost as the exact
    cosine does, at a cost that grows with the number of papers sharing a distinctive term.
    """
    import numpy as np
    import scipy.sparse as sp

    counts = np.diff(rows.indptr)
    if counts.max(initial=0) <= limit:
        return rows
    row_of = np.repeat(np.arange(rows.shape[0]), counts)
    order = np.lexsort((rows.indices, -rows.data, row_of))
    rank = np.arange(len(order)) - rows.indptr[row_of[order]]
    kept = np.sort(order[rank < limit])
    indptr = np.concatenate(([0], np.cumsum(np.minimum(counts, limit))))
    return sp.csr_matrix((rows.data[kept], rows.indices[kept], indptr), shape=rows.shape)


def _tag_bits(docs: list[Doc]) -> np.ndarray:
    """Each paper's tags as a bit set, one row of 64-bit words per 64 tags: Jaccard on many pairs at once."""
    import numpy as np

    names = sorted({t for d in docs for t in d.tags})
    bit = {t: i for i, t in enumerate(names)}
    bits = np.zeros((max(1, (len(names) + 63) // 64), len(docs)), dtype=np.uint64)
    for col, doc in enumerate(docs):
        for tag in doc.tags:
            bits[bit[tag] // 64, col] |= np.uint64(1) << np.uint64(bit[tag] % 64)
    return bits


def _jaccard(bits: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Shared tags over tags of either, for the pairs (a[i], b[i]); 0 when neither has a tag."""
    import numpy as np

    both = np.zeros(len(a), dtype=np.int64)
    either = np.zeros(len(a), dtype=np.int64)
    for word in bits:
        left, right = word[a], word[b]
        both += np.bitwise_count(left & right)
        either += np.bitwise_count(left | right)
    return np.divide(both, either, out=np.zeros(len(a)), where=either > 0)


def _versions(docs: list[Doc]) -> np.ndarray:
    """A group number per paper: papers with the same folded title share one (other versions)."""
    import numpy as np

    first: dict[str, int] = {}
    return np.array([first.setdefault(fold(d.title) or f"\0{i}", i) for i, d in enumerate(docs)], dtype=np.int64)


def related_papers(items: Iterable[Any], config: RelatedConfig = RelatedConfig()) -> dict[str, list[Neighbour]]:
    """For every paper id, its other versions and then its most similar papers, at most `k` in all.

    Deterministic: papers are processed in id order and equal scores (rounded to 4 decimals) are
    ordered by id. Other versions are always listed, even beyond `k`.
    """
    import numpy as np

    docs = sorted(as_docs(items))
    ids = [d.id for d in docs]
    if len(set(ids)) != len(ids):
        raise ValueError("related_papers: duplicate paper ids")
    n = len(docs)
    matrix = text_matrix(docs, config)
    columns = matrix.T.tocsr()
    bits = _tag_bits(docs)
    group = _versions(docs)
    result: dict[str, list[Neighbour]] = {pid: [] for pid in ids}

    def points(text: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Blended scores in ten-thousandths: rounding first makes ties (broken by id) machine-independent."""
        blended = (1 - config.tag_weight) * text + config.tag_weight * _jaccard(bits, a, b)
        return np.rint(blended * SCALE).astype(np.int64)

    # other versions: the few papers sharing a folded title, scored exactly, best first
    members = np.flatnonzero(np.bincount(group, minlength=n)[group] > 1)
    for i in members:
        others = members[(group[members] == group[i]) & (members != i)]
        text = (matrix[others] @ matrix[i].T).toarray().ravel()
        negated = (-points(text, np.full(len(others), i), others)).tolist()
        for p, j in sorted(zip(negated, others.tolist(), strict=True)):
            result[ids[i]].append(Neighbour(id=ids[j], score=-p / SCALE, kind=OTHER_VERSION))

    for start in range(0, n, config.chunk_rows):
        rows = matrix[start : start + config.chunk_rows]
        product = (_top_terms(rows, config.query_terms) @ columns).tocsr()
        a = np.repeat(np.arange(start, start + rows.shape[0]), np.diff(product.indptr))
        b = product.indices.astype(np.int64)
        keep = group[a] != group[b]  # neither itself nor an other version (those are listed above)
        a, b = a[keep], b[keep]
        # one sort of int64 keys orders by row, then score (descending), then id: far cheaper than a lexsort
        keys = np.sort(((a - start) << 45) | ((SCALE - points(product.data[keep], a, b)) << 31) | b)
        counts = np.bincount(keys >> 45)
        rank = np.arange(len(keys)) - np.repeat(np.cumsum(counts) - counts, counts)
        for key in keys[rank < config.k].tolist():
            listed = result[ids[start + (key >> 45)]]
            if len(listed) < config.k:
                score = (SCALE - ((key >> 31) & 0x3FFF)) / SCALE
                listed.append(Neighbour(id=ids[key & 0x7FFFFFFF], score=score, kind=SIMILAR))
    return result
