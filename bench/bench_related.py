"""Related papers at scale: time and peak memory of `related_papers` on synthetic catalogues, and the cache.

Run: python3 dev.py bench bench/bench_related.py --papers 10000 100000 [--text synth|seeds]
Each size runs in a fresh process (so peak RSS is that run's own) and prints a Markdown row: the
computation stored through `relatedcache.cached_related` (digest, related_papers, JSON written), then
a second call on the same papers, the cache hit an unchanged catalogue's generate pays (digest, JSON
read and checked), and the cache file's size.
With --quality, prints instead how many of tests/data/related_pairs.yml's pairs each variant of the
method finds in the first five (either direction), on the seed catalogue: the tuning table.

Texts: `synth` (default) is devkit/synth.py's generator, random words from a Zipf-like vocabulary:
realistic lengths, but distinctive terms are rarer than in real abstracts. `seeds` builds every paper
from 4-8 sentences drawn from the seed catalogue's abstracts and a title from its titles' words: real
vocabulary and phrases, each reused by hundreds of papers at 100,000, so candidate lists are much
longer than real ones (a pessimistic case). 1% of papers get an other version (same title, new
abstract); each paper has 1-4 of 60 tags, drawn Zipf-like.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from devkit.synth import Synth  # noqa: E402
from papercat.related import Doc, RelatedConfig, related_papers  # noqa: E402
from papercat.relatedcache import CACHE_FILE, cached_related  # noqa: E402

TAGS = [f"tag-{i:02d}" for i in range(60)]


def _seed_texts() -> tuple[list[str], list[str]]:
    """Sentences and title words of the seed catalogue's abstracts (read directly: a benchmark input)."""
    from papercat.catalogue import load_catalogue
    from papercat.files import Layout

    papers = load_catalogue(Layout(ROOT / "catalogue")).papers.values()
    sentences = [s for p in papers for s in re.split(r"(?<=\.) ", p.abstract) if len(s) > 40]
    words = [w for p in papers for w in p.title.split()]
    return sentences, words


def make_docs(n: int, text: str, seed: int = 0) -> list[Doc]:
    """n synthetic papers, 1% of them other versions of an earlier one."""
    rng = random.Random(seed)
    synth = Synth(seed=seed)
    sentences, words = _seed_texts() if text == "seeds" else ([], [])
    weights = [1 / (i + 1) for i in range(len(TAGS))]
    docs: list[Doc] = []
    for i in range(n):
        if text == "seeds":
            title = " ".join(rng.choices(words, k=rng.randint(5, 12)))
            abstract = " ".join(rng.choices(sentences, k=rng.randint(4, 8)))
        else:
            title, abstract = synth.paper()
        if docs and rng.random() < 0.01:
            title = rng.choice(docs).title
        tags = tuple(sorted(set(rng.choices(TAGS, weights=weights, k=rng.randint(1, 4)))))
        docs.append(Doc(f"paper-{i:06d}", title, abstract, tags))
    return docs


def run_one(n: int, text: str, config: RelatedConfig) -> str:
    docs = make_docs(n, text)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        result = cached_related(Path(tmp), docs, config)
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # kB on Linux
        start = time.perf_counter()
        if cached_related(Path(tmp), docs, config) != result:
            raise SystemExit("the cache hit differs from the computed result")
        hit = time.perf_counter() - start
        size = (Path(tmp) / CACHE_FILE).stat().st_size / 1024**2
    listed = sum(len(v) for v in result.values())
    versions = sum(x["kind"] == "other version" for v in result.values() for x in v)
    return (
        f"| {n:,} | {text} | {seconds:.1f} s | {peak:.2f} GB | {before / 1024**2:.2f} GB "
        f"| {listed / n:.2f} | {versions:,} | {hit:.2f} s | {size:.1f} MB |"
    )


def quality() -> None:
    """The tuning table: pairs found per title weight × tag weight, then per n-gram length × min_df."""
    import yaml

    from papercat.catalogue import load_catalogue
    from papercat.files import Layout

    papers = list(load_catalogue(Layout(ROOT / "catalogue")).papers.values())
    pairs = yaml.safe_load((ROOT / "tests" / "data" / "related_pairs.yml").read_text(encoding="utf-8"))["pairs"]

    def found(**changes: float) -> str:
        result = related_papers(papers, replace(RelatedConfig(), **changes))
        ids = {pid: [x["id"] for x in listed[:5]] for pid, listed in result.items()}
        return str(sum(p["b"] in ids[p["a"]] or p["a"] in ids[p["b"]] for p in pairs))

    tags = (0.0, 0.1, 0.2, 0.3, 0.5)
    print(f"{len(pairs)} pairs; defaults: {RelatedConfig()}\n")
    print("| title weight | " + " | ".join(f"tags {t}" for t in tags) + " |")
    print("|---|" + "---|" * len(tags))
    for title in (0.0, 0.25, 0.5, 1.0, 2.0):
        print(f"| {title} | " + " | ".join(found(title_weight=title, tag_weight=t) for t in tags) + " |")
    print("\n| n-grams | min_df 1 | min_df 2 | min_df 3 | max_df 1.0 | query terms 25 | all query terms |")
    print("|---|---|---|---|---|---|---|")
    for n in (1, 2):
        cells = [found(ngrams=n, min_df=m) for m in (1, 2, 3)]
        cells += [found(ngrams=n, max_df=1.0), found(ngrams=n, query_terms=25), found(ngrams=n, query_terms=10**6)]
        print(f"| 1-{n} | " + " | ".join(cells) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, nargs="+", default=[10000])
    parser.add_argument("--text", choices=["synth", "seeds"], default="synth")
    parser.add_argument("--quality", action="store_true", help="print the tuning table on the seed pairs")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quality:
        quality()
        return
    if args.one:
        print(run_one(args.papers[0], args.text, RelatedConfig()), flush=True)
        return
    print(
        "| papers | text | computed and stored | peak RSS | RSS before (inputs) | listed per paper | other versions "
        "| cache hit | cache file |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for n in args.papers:
        cmd = [sys.executable, __file__, "--one", "--papers", str(n), "--text", args.text]
        subprocess.run(cmd, check=True)


if __name__ == "__main__":
    main()
