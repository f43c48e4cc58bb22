"""Benchmark the site build: papercat (generate + mkdocs build) against a bare mkdocs-material build.

Run: python3 dev.py bench bench/bench_site.py [--papers 1000 10000]
For each size, side by side in one run: a synthetic catalogue of N papers with the shipped tags and
topics (papercat generate, then mkdocs build), and a bare site of N plain pages with the same
abstracts (mkdocs build only). Targets: generation <= 10% of papercat's total, total <= 1.2x bare.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

from synth import Synth  # noqa: E402

from papercat.model import Paper, Source  # noqa: E402
from papercat.papers import render_paper_yaml  # noqa: E402
from papercat.tags import load_vocabulary  # noqa: E402
from tests.conftest import site_skeleton  # noqa: E402

ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")


def make_catalogue(root: Path, n: int) -> list[tuple[str, str]]:
    synth = Synth(seed=3)
    rng = random.Random(3)
    tags = list(load_vocabulary((ROOT / "catalogue" / "tags.yml").read_text()).tags)
    papers = root / "catalogue" / "papers"
    papers.mkdir(parents=True)
    for name in ("tags.yml", "topics.yml"):
        shutil.copy(ROOT / "catalogue" / name, root / "catalogue" / name)
    made = []
    for i in range(n):
        title, abstract = synth.paper()
        title = title[:90]
        pid = f"paper-{i:05d}"
        date = f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        paper = Paper(
            pid,
            title,
            abstract,
            date,
            rng.randint(1, 9),
            rng.randint(0, 50),
            [],
            sorted(rng.sample(tags, rng.randint(3, 5))),
            "",
            [Source("synth.txt", 10 + 4 * i)],
        )
        (papers / f"{pid}.yaml").write_text(render_paper_yaml(paper))
        made.append((title, abstract))
    site_skeleton(root)
    return made


def make_bare(root: Path, made: list[tuple[str, str]]) -> None:
    (root / "docs" / "p").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Bare\n")
    for i, (title, abstract) in enumerate(made):
        (root / "docs" / "p" / f"{i:05d}.md").write_text(f"# {title}\n\n{abstract}\n")
    (root / "mkdocs.yml").write_text(
        "site_name: bare\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n"
        "nav:\n  - Home: index.md\nnot_in_nav: |\n  /p/\n"
    )


def timed(cmd: list[str], cwd: Path) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, env=ENV, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--papers", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    py = sys.executable
    print(
        "| papers | first ingest (reads every paper file once) | generate | mkdocs build | "
        "papercat total (generate + build) | bare build | generate share | total / bare |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for n in args.papers:
        with tempfile.TemporaryDirectory() as tmp:
            site, bare = Path(tmp) / "site", Path(tmp) / "bare"
            made = make_catalogue(site, n)
            make_bare(bare, made)
            ingest = timed([py, "-m", "papercat.cli", "ingest"], site)  # as `papercat build` does first
            gen = timed([py, "-m", "papercat.cli", "generate"], site)
            build = timed([py, "-m", "mkdocs", "build", "--strict", "--quiet"], site)
            base = timed([py, "-m", "mkdocs", "build", "--quiet"], bare)
            total = gen + build
            print(
                f"| {n:,} | {ingest:.1f} s | {gen:.1f} s | {build:.1f} s | {total:.1f} s | {base:.1f} s | "
                f"{100 * gen / total:.1f}% | {total / base:.2f}x |",
                flush=True,
            )


if __name__ == "__main__":
    main()
