"""Plan an ingest: which entries are new, which papers they join, which papers are created.

Pure: takes parsed entries and the loaded catalogue, returns the papers to write. Ingest is additive:
it adds sources, fills empty fields, may replace an abstract it wrote itself with a longer complete
copy, and never touches tags, notes or a title once the paper exists. It never plans a file that
`check` would refuse: a paper file stays under the schema's size limit (`limits.fit_file`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from .dedupe import Cluster, Fingerprint, Index, block_keys, document_frequencies, titles_compatible
from .errors import Problem
from .limits import fit_file
from .model import RESERVED_IDS, Entry, Paper, Source
from .text import fold, slugify

Suggest = Callable[[str, str], list[str]]
"""Given title and abstract, the tags a new paper starts with."""


@dataclass
class IngestResult:
    """What an ingest would change; `changed` holds only papers whose file must be (re)written."""

    entries_read: int = 0
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


# --- merge rules: how several listings of one paper become one record -------------------------


def _is_mixed_case(title: str) -> bool:
    letters = [c for c in title if c.isalpha()]
    return bool(letters) and not all(c.isupper() for c in letters) and not all(c.islower() for c in letters)


def pick_title(entries: list[Entry]) -> str:
    """The most common title; ties go to mixed case, then to the one whose words the abstracts use."""
    counts = Counter(e.title for e in entries)
    if len(counts) == 1:
        return entries[0].title
    vocabulary = set(" ".join(fold(e.abstract) for e in entries).split())
    order = [e.title for e in entries]

    def score(title: str) -> tuple[int, bool, int, int]:
        known = sum(w in vocabulary for w in fold(title).split())
        return counts[title], _is_mixed_case(title), known, -order.index(title)

    return max(counts, key=score)


def pick_abstract(entries: list[Entry]) -> str:
    """The longest complete abstract wins; if every copy was cut off, the longest cut copy."""
    complete = [e.abstract for e in entries if not e.truncated]
    pool = complete or [e.abstract for e in entries]
    return max(pool, key=lambda a: (len(a), a)) if pool else ""


def pick_published(entries: list[Entry]) -> str | None:
    """A full ISO date beats a month-day without year; the first one seen wins."""
    dates = [e.published for e in entries if e.published]
    iso = [d for d in dates if d[:1].isdigit()]
    return (iso or dates or [None])[0]


def pick_count(values: Iterable[int | None], highest: bool = False) -> int | None:
    """The most common known value (or the highest, for upvotes that only grow)."""
    known = [v for v in values if v is not None]
    if not known:
        return None
    return max(known) if highest else Counter(known).most_common(1)[0][0]


def pick_code(entries: list[Entry]) -> list[str]:
    """Every code link found, in order of first appearance."""
    out: list[str] = []
    for e in entries:
        out.extend(u for u in e.code if u not in out)
    return out


def extends(old: str, new: str) -> bool:
    """True when `new` is a longer copy of `old` (old minus any ellipsis or cut-off last word is its start)."""
    old_words, new_words = fold(old.rstrip(".… ")).split(), fold(new).split()
    if len(new_words) <= len(old_words) or not old_words:
        return False
    return old_words[:-1] == new_words[: len(old_words) - 1] and new_words[len(old_words) - 1].startswith(old_words[-1])


def fill_empty(paper: Paper, entries: list[Entry], ingested_abstracts: set[str]) -> Paper:
    """A copy of paper with empty fields filled from entries; person-edited values are kept."""
    new = replace(paper, code=list(paper.code), sources=list(paper.sources))
    best = pick_abstract(entries)
    if not new.abstract or new.abstract in ingested_abstracts and best and extends(new.abstract, best):
        new.abstract = best
    date = pick_published(entries)
    if new.published is None or (
        date and not new.published[:1].isdigit() and date[:1].isdigit() and _same_month_day(new.published, date)
    ):
        new.published = date or new.published
    if new.authors_count is None:
        new.authors_count = pick_count(e.authors_count for e in entries)
    if new.upvotes is None:
        new.upvotes = pick_count((e.upvotes for e in entries), highest=True)
    if not new.code:
        new.code = pick_code(entries)
    return new


def _same_month_day(text: str, iso: str) -> bool:
    import calendar

    month, day = text.split()
    return f"{list(calendar.month_abbr).index(month):02d}-{int(day):02d}" == iso[5:]


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
) -> IngestResult:
    """Assign every entry not yet claimed by a paper to a matching paper or to a new one.

    `fingerprints` may hold precomputed fingerprints of entries (from the ingest cache). `dumps`
    names the dump files present: sources naming a dump that is gone may move to its new name.
    """
    result = IngestResult(entries_read=len(entries))
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
    for cluster in fresh:
        members: list[Entry] = cluster.members  # type: ignore[assignment]
        title = pick_title(members)
        pid = unique_id(title, taken)
        taken.add(pid)
        abstract = pick_abstract(members)
        paper = Paper(
            id=pid,
            title=title,
            abstract=abstract,
            published=pick_published(members),
            authors_count=pick_count(e.authors_count for e in members),
            upvotes=pick_count((e.upvotes for e in members), highest=True),
            code=pick_code(members),
            tags=sorted(suggest(title, abstract)) if suggest else [],
            sources=sorted(e.source for e in members),
        )
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
