"""Plan an ingest: which entries are new, which papers they join, which papers are created.

Pure: takes parsed entries and the loaded catalogue, returns the papers to write. Ingest is additive:
it adds sources, fills empty fields, may replace an abstract it wrote itself with a longer complete
copy, and never touches tags, notes or a title once the paper exists. It never plans a file that
`check` would refuse: a paper file stays under the schema's size limit (`limits.fit_file`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from .blocking import Cluster, Index, block_keys, document_frequencies
from .dedupe import Fingerprint, titles_compatible
from .errors import Problem
from .limits import fit_file
from .merge import fill_empty, pick_abstract, pick_code, pick_count, pick_published, pick_title
from .model import RESERVED_IDS, Entry, Paper, Source
from .text import slugify

Suggest = Callable[[list[tuple[str, str]]], list[list[str]]]
"""Given every new paper's (title, abstract), in the order of `IngestResult.created`, the tags each starts
with: called once per ingest, so a learnt model scores them all in one pass."""


@dataclass
class IngestResult:
    """What an ingest would change; `changed` holds only papers whose file must be (re)written."""

    created: list[Paper] = field(default_factory=list)
    updated: list[Paper] = field(default_factory=list)
    merged: int = 0
    """Entries added to papers that already existed before this run."""
    new_entries: int = 0
    warnings: list[Problem] = field(default_factory=list)
    """Each names a dump (its file name) and line."""

    @property
    def changed(self) -> list[Paper]:
        return self.created + self.updated


def unique_id(title: str, taken: set[str]) -> str:
    """A slug of the title not in `taken` nor reserved for a page: `-2`, `-3` … on collision, within 80 characters."""
    base = slugify(title)
    candidate, n = base, 2
    while candidate in taken or candidate in RESERVED_IDS:
        suffix = f"-{n}"
        candidate = base[: 80 - len(suffix)].rstrip("-") + suffix
        n += 1
    return candidate


# --- the plan -----------------------------------------------------------------------------------


def plan_ingest(
    entries: list[Entry],
    papers: dict[str, Paper],
    taken_ids: set[str],
    suggest: Suggest | None = None,
    fingerprints: dict[Source, Fingerprint] | None = None,
    paper_fingerprints: dict[str, Fingerprint] | None = None,
    dumps: set[str] | None = None,
    today: str | None = None,
) -> IngestResult:
    """Assign every entry not yet claimed by a paper to a matching paper or to a new one.

    `fingerprints` may hold precomputed fingerprints of entries (from the ingest cache). `dumps`
    names the dump files present: sources naming a dump that is gone may move to its new name.
    `today` (ISO) is the `added` date of the papers created.
    """
    result = IngestResult()
    by_source = {e.source: e for e in entries}
    claimed = {s for p in papers.values() for s in p.sources}
    fingerprints = dict(fingerprints or {})
    paper_fps = dict(paper_fingerprints or {})
    touched: dict[str, Paper] = {}
    """Papers changed before any entry is placed (sources moved to a renamed dump)."""
    if dumps is not None and not {s.dump for s in claimed} <= dumps:
        for e in entries:
            if e.source not in claimed and e.source not in fingerprints:
                fingerprints[e.source] = Fingerprint.of(e.title, e.abstract)
        renames = renamed_dumps(entries, papers, claimed, dumps, fingerprints.__getitem__, _paper_fp(papers, paper_fps))
        touched = move_sources(papers, renames, result.warnings)
        papers = {**papers, **touched}
        claimed = {s for p in papers.values() for s in p.sources}
    new_entries = sorted((e for e in entries if e.source not in claimed), key=lambda e: e.source)
    result.new_entries = len(new_entries)
    if not new_entries:
        result.updated = [touched[pid] for pid in sorted(touched)]
        return result

    alias = {other: p.id for p in papers.values() for other in p.same_as if other in papers}
    for e in entries:
        if e.source not in fingerprints:
            fingerprints[e.source] = Fingerprint.of(e.title, e.abstract)
    for pid, p in papers.items():
        if pid not in paper_fps:
            paper_fps[pid] = Fingerprint.of(p.title, p.abstract)
    # With few new entries, index the existing papers only under keys those entries will ask for
    # (then word frequencies from the papers' own titles are enough to pick the entries' rare words).
    partial = len(new_entries) * 10 < len(papers)
    df = document_frequencies(
        [*paper_fps.values(), *(fingerprints[e.source] for e in new_entries)]
        if partial
        else [*fingerprints.values(), *paper_fps.values()]
    )
    wanted = {k for e in new_entries for k in block_keys(fingerprints[e.source], df)} if partial else None
    index = Index(df, wanted)
    clusters: dict[str, Cluster] = {}
    for pid in sorted(papers):
        paper = papers[pid]
        fps = [paper_fps[pid], *(fingerprints[s] for s in paper.sources if s in fingerprints)]
        if not any(index.wants(fp) for fp in fps) and pid not in alias.values():
            continue  # no new entry can be compared with this paper
        cluster = clusters[pid] = Cluster(pid)
        for fp in fps:
            index.add(cluster, fp)

    fresh: list[Cluster] = []
    for entry in new_entries:
        fp = fingerprints[entry.source]
        cluster = index.best_match(fp)
        if cluster is not None and cluster.key in alias:
            cluster = clusters[alias[cluster.key]]
        if cluster is None:
            cluster = Cluster(f"\0new{len(fresh)}")
            fresh.append(cluster)
        cluster.members.append(entry)
        index.add(cluster, fp)

    taken = set(taken_ids) | set(papers)
    drafts: list[Paper] = []
    for cluster in fresh:
        members: list[Entry] = cluster.members  # type: ignore[assignment]
        title = pick_title(members)
        pid = unique_id(title, taken)
        taken.add(pid)
        abstract = pick_abstract(members)
        drafts.append(
            Paper(
                id=pid,
                title=title,
                abstract=abstract,
                published=pick_published(members),
                authors_count=pick_count(e.authors_count for e in members),
                upvotes=pick_count((e.upvotes for e in members), highest=True),
                added=today,
                code=pick_code(members),
                sources=sorted(e.source for e in members),
            )
        )
    suggested = suggest([(p.title, p.abstract) for p in drafts]) if suggest and drafts else [[] for _ in drafts]
    for paper, tags in zip(drafts, suggested, strict=True):
        paper = replace(paper, tags=sorted(tags)) if tags else paper
        result.created.append(fit_file(paper, None, result.warnings))

    for pid, cluster in clusters.items():
        if not cluster.members:
            continue
        paper = papers[pid]
        added: list[Entry] = cluster.members  # type: ignore[assignment]
        known = [by_source[s] for s in paper.sources if s in by_source]
        updated = fill_empty(paper, known + added, {e.abstract for e in known})
        updated.sources = sorted(set(paper.sources) | {e.source for e in added})
        updated = fit_file(updated, paper, result.warnings)
        result.merged += len(updated.sources) - len(paper.sources)
        if updated != paper:
            touched[pid] = updated
    result.updated = [touched[pid] for pid in sorted(touched)]
    return result


# --- renamed dumps ------------------------------------------------------------------------------


def _paper_fp(papers: dict[str, Paper], cached: dict[str, Fingerprint]) -> Callable[[str], Fingerprint]:
    def get(pid: str) -> Fingerprint:
        if pid not in cached:
            cached[pid] = Fingerprint.of(papers[pid].title, papers[pid].abstract)
        return cached[pid]

    return get


def renamed_dumps(
    entries: list[Entry],
    papers: dict[str, Paper],
    claimed: set[Source],
    present: set[str],
    entry_fp: Callable[[Source], Fingerprint],
    paper_fp: Callable[[str], Fingerprint],
) -> dict[str, str]:
    """Dumps that are gone mapped to the present dump that holds the same listings under a new name.

    A present dump is the gone one renamed when every line the gone one's sources name starts an
    unclaimed listing in it, and most of those listings' titles still match their papers' (a person
    may have corrected a few titles since). Each present dump is the new name of one gone dump at most.
    """
    gone: dict[str, list[tuple[int, str]]] = {}
    for pid, paper in papers.items():
        for source in paper.sources:
            if source.dump not in present:
                gone.setdefault(source.dump, []).append((source.line, pid))
    unclaimed: dict[str, dict[int, Source]] = {}
    for e in entries:
        if e.source not in claimed:
            unclaimed.setdefault(e.source.dump, {})[e.source.line] = e.source
    renames: dict[str, str] = {}
    for old in sorted(gone):
        for new in sorted(set(unclaimed) - set(renames.values())):
            lines = unclaimed[new]
            if not all(line in lines for line, _ in gone[old]):
                continue
            alike = sum(titles_compatible(entry_fp(lines[line]), paper_fp(pid)) for line, pid in gone[old])
            if alike * 2 > len(gone[old]):
                renames[old] = new
                break
    return renames


def move_sources(papers: dict[str, Paper], renames: dict[str, str], warnings: list[Problem]) -> dict[str, Paper]:
    """Copies of the papers whose sources name a renamed dump, naming the new one; one warning per dump."""
    moved: dict[str, Paper] = {}
    counts: Counter[str] = Counter()
    for pid, paper in papers.items():
        if any(s.dump in renames for s in paper.sources):
            sources = [Source(renames.get(s.dump, s.dump), s.line) for s in paper.sources]
            counts.update(renames[s.dump] for s in paper.sources if s.dump in renames)
            moved[pid] = replace(paper, sources=sorted(sources))
    for old, new in sorted(renames.items()):
        warnings.append(
            Problem(
                new,
                0,
                f"holds the listings of {old!r}, which is gone: {counts[new]} sources now name this dump",
                "a dump's file name is part of every paper's sources: keep it once the dump is added",
            )
        )
    return moved
