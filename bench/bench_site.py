"""Benchmark the site build: papercat (generate + mkdocs build) against bare mkdocs-material builds.

Run: python3 dev.py bench bench/bench_site.py [--papers 1000 10000] [--breakdown]
For each size, side by side in one run:
- papercat: a synthetic catalogue of N papers with the shipped tags and topics; `papercat generate`,
  then `mkdocs build --strict`.
- bare: N plain pages (title + the same abstract) with Material's defaults and a one-page nav.
- bare, site config: the same N plain pages with this repository's mkdocs.yml (palette toggle, tabs,
  the eight-entry nav, repository and edit links, extra CSS/JS) and its hand-written pages: what the
  theme costs for this site's chrome before papercat adds anything.
- Material-only catalogue: the build `../shared/search-scaling.md` measured, whose ~6.5 ms a page is the
  figure issue 3 quotes for "a bare mkdocs-material build": the same N plain pages, each with 3-5 of
  60 tags in its front matter, and 60 tag pages in the nav listing their pages with Material's tags
  plugin. It is what the catalogue costs built with Material alone, without papercat.
Targets (issue 3): generation <= 10% of papercat's total, total <= 1.2x bare.
--breakdown (first size only) builds two variants of the papercat site to split the difference:
paper pages cut to title + abstract, and listing pages (tags, topics, all papers) emptied.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # devkit

from devkit import site_skeleton  # noqa: E402
from devkit.catalogues import make_catalogue  # noqa: E402

ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")


def plain_pages(docs: Path, made: list[tuple[str, str]]) -> None:
    (docs / "papers").mkdir(parents=True, exist_ok=True)
    for i, (title, abstract) in enumerate(made):
        (docs / "papers" / f"{i:05d}.md").write_text(f"# {title}\n\n{abstract}\n")


def make_bare(root: Path, made: list[tuple[str, str]]) -> None:
    """Material's defaults, a one-page nav, N plain pages."""
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Bare\n")
    plain_pages(root / "docs", made)
    (root / "mkdocs.yml").write_text(
        "site_name: bare\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n"
        "nav:\n  - Home: index.md\nnot_in_nav: |\n  /papers/\n"
    )


def make_bare_site_config(root: Path, made: list[tuple[str, str]]) -> None:
    """This site's mkdocs.yml and hand-written pages, stubs for the generated nav pages, N plain pages."""
    root.mkdir()
    site_skeleton(root)
    config = (root / "mkdocs.yml").read_text()
    (root / "mkdocs.yml").write_text(re.sub(r"^  - papercat\b.*\n", "", config, flags=re.M))
    for page in ("index.md", "browse.md", "all-papers.md", "tags/index.md", "topics/index.md"):
        (root / "docs" / page).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / page).write_text("# Stub\n")
    plain_pages(root / "docs", made)


def make_material_only(root: Path, made: list[tuple[str, str]]) -> None:
    """N plain pages with 3-5 of 60 tags each; 60 tag pages in the nav, listed by Material's tags plugin."""
    rng = random.Random(5)
    tags = [f"Tag {i:02d}" for i in range(60)]
    (root / "docs" / "papers").mkdir(parents=True)
    (root / "docs" / "tags").mkdir()
    (root / "docs" / "index.md").write_text("# Material only\n")
    for i, (title, abstract) in enumerate(made):
        chosen = "".join(f"  - {t}\n" for t in rng.sample(tags, rng.randint(3, 5)))
        (root / "docs" / "papers" / f"{i:05d}.md").write_text(f"---\ntags:\n{chosen}---\n\n# {title}\n\n{abstract}\n")
    nav = []
    for i, tag in enumerate(tags):
        (root / "docs" / "tags" / f"{i:02d}.md").write_text(
            f"# {tag}\n\n<!-- material/tags {{ include: [{tag}] }} -->\n"
        )
        nav.append(f"    - {tag}: tags/{i:02d}.md\n")
    (root / "mkdocs.yml").write_text(
        "site_name: material only\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n  - tags\n"
        "nav:\n  - Home: index.md\n  - Tags:\n" + "".join(nav) + "not_in_nav: |\n  /papers/\n"
    )


def cut_papers(docs: Path) -> None:
    """Breakdown variant: each paper page keeps its front matter, title and abstract only."""
    for page in (docs / "papers").glob("*.md"):
        text = page.read_text()
        head, rest = text.split("\n# ", 1)
        title = rest.split("\n", 1)[0]
        abstract = re.search(r'<p class="pc-abstract">(.*?)</p>', text, re.S)
        page.write_text(f"{head}\n# {title}\n\n{abstract.group(1) if abstract else ''}\n")


def empty_listings(docs: Path) -> None:
    """Breakdown variant: tag, topic and all-papers pages reduced to their title."""
    for page in [*docs.glob("tags/*.md"), *docs.glob("topics/*.md"), docs / "all-papers.md"]:
        if page.name != "index.md":
            page.write_text("# Listing\n")


def timed(cmd: list[str], cwd: Path) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, env=ENV, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--breakdown", action="store_true", help="split the difference (first size only)")
    args = parser.parse_args()
    py = sys.executable
    build = [py, "-m", "mkdocs", "build", "--quiet"]
    print(
        "| papers | first ingest | generate | mkdocs build | papercat total | per paper | bare | total / bare "
        "| bare, site config | total / bare, site config | Material only | total / Material only | generate share |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    notes = []
    for n in args.papers:
        with tempfile.TemporaryDirectory() as tmp:
            site, bare, chrome, alone = (Path(tmp) / name for name in ("site", "bare", "chrome", "alone"))
            made = make_catalogue(site, n)
            make_bare(bare, made)
            make_bare_site_config(chrome, made)
            make_material_only(alone, made)
            ingest = timed([py, "-m", "papercat.cli", "ingest"], site)  # as `papercat build` does first
            gen = timed([py, "-m", "papercat.cli", "generate"], site)
            built = timed([*build, "--strict"], site)
            base = timed(build, bare)
            base_chrome = timed(build, chrome)
            base_alone = timed(build, alone)
            total = gen + built
            print(
                f"| {n:,} | {ingest:.1f} s | {gen:.1f} s | {built:.1f} s | {total:.1f} s | {1000 * total / n:.1f} ms "
                f"| {base:.1f} s | {total / base:.2f}x | {base_chrome:.1f} s | {total / base_chrome:.2f}x "
                f"| {base_alone:.1f} s | {total / base_alone:.2f}x "
                f"| {100 * gen / total:.1f}% |",
                flush=True,
            )
            if args.breakdown and not notes:
                for name, change in [
                    ("paper pages cut to title + abstract", cut_papers),
                    ("listings emptied", empty_listings),
                ]:
                    variant = Path(tmp) / name.split()[0]
                    shutil.copytree(site, variant, ignore=shutil.ignore_patterns("site"))
                    change(variant / "docs")
                    notes.append(f"- {name}: mkdocs build {timed(build, variant):.1f} s (full: {built:.1f} s)")
    if notes:
        print(f"\nBreakdown at {args.papers[0]:,} papers:", *notes, sep="\n")


if __name__ == "__main__":
    main()
