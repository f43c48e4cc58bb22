"""Feeds and the catalogue export at scale: time and file sizes (raw and gzipped) on synthetic catalogues.

Run: python3 dev.py bench bench/bench_export.py --papers 10000 100000
Papers come from devkit/synth.py (titles, abstracts of about 1.3 kB), with the shipped tags.yml and
topics.yml, 1-4 tags each, an `added` date over two years, a publication date on 60%, three authors and an
arXiv id on a third (so a third are citable), a code link on a quarter. Prints a Markdown row per size.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from devkit.synth import Synth  # noqa: E402
from papercat.files import Layout  # noqa: E402
from papercat.model import Paper  # noqa: E402
from papercat.site import Site  # noqa: E402
from papercat.site.export import export_files  # noqa: E402
from papercat.site.feeds import feed_files  # noqa: E402
from papercat.vocabulary import load_topics, load_vocabulary  # noqa: E402


def make_site(n: int, seed: int = 0) -> Site:
    layout = Layout(ROOT / "catalogue")
    vocabulary = load_vocabulary(layout.tags.read_text(encoding="utf-8"))
    topics, _ = load_topics(layout.topics.read_text(encoding="utf-8"))
    tags = sorted(vocabulary.tags)
    rng = random.Random(seed)
    synth = Synth(seed=seed)
    start = datetime.date(2025, 1, 1)
    papers = []
    for i in range(n):
        title, abstract = synth.paper()
        cited = i % 3 == 0
        papers.append(
            Paper(
                id=f"paper-{i:06d}",
                title=title,
                abstract=abstract,
                published=f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                if rng.random() < 0.6
                else None,
                authors=[" ".join(w.capitalize() for w in synth.words(2)) + f" {k}" for k in range(3)] if cited else [],
                arxiv=f"{rng.randint(1501, 2512)}.{rng.randint(10000, 99999)}" if cited else "",
                upvotes=rng.randint(0, 90),
                added=(start + datetime.timedelta(rng.randint(0, 730))).isoformat(),
                code=[f"https://github.com/o/r{i}"] if rng.random() < 0.25 else [],
                tags=sorted(set(rng.choices(tags, k=rng.randint(1, 4)))),
            )
        )
    return Site(papers, vocabulary, topics, site_url="https://example.org/papercat/")


def run(n: int) -> str:
    site = make_site(n)
    start = time.perf_counter()
    exports = dict(export_files(site))
    export_seconds = time.perf_counter() - start
    start = time.perf_counter()
    feeds = dict(feed_files(site))
    feed_seconds = time.perf_counter() - start

    def size(text: str) -> str:
        data = text.encode("utf-8")
        return f"{len(data) / 1e6:.1f} MB ({len(gzip.compress(data, 6)) / 1e6:.1f} MB gz)"

    feed = feeds["feed.xml"].encode("utf-8")
    return (
        f"| {n:,} | {export_seconds:.1f} s | {size(exports['papers.json'])} | {size(exports['papers.csv'])} "
        f"| {size(exports['papers.bib'])} | {feed_seconds:.1f} s ({len(feeds)} feeds) "
        f"| {len(feed) / 1e3:.0f} kB ({len(gzip.compress(feed, 6)) / 1e3:.0f} kB gz) |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, nargs="+", default=[10000, 100000])
    args = parser.parse_args()
    print("| papers | export time | papers.json | papers.csv | papers.bib | feeds time | feed.xml |")
    print("|---|---|---|---|---|---|---|")
    for n in args.papers:
        print(run(n), flush=True)


if __name__ == "__main__":
    main()
