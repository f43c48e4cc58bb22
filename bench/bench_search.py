"""Benchmark search and browse: the whole build, Pagefind's index, and cold views in headless Chromium.

Run: python3 dev.py bench bench/bench_search.py [--papers 400 10000 100000] [--browse-only]
For each size, a synthetic catalogue (realistic lengths, the shipped tags, 40% with code) is built with
`papercat build` (ingest, generate, mkdocs build --strict, Pagefind). Reported, served from 127.0.0.1
in headless Chromium:
- search: the whole build's time and peak memory (children included), Pagefind's indexing time, its
  index on disk, the bytes a cold visit fetches for one header-search query beyond the page itself
  (as served by this server, and as a host that gzips text, like GitHub Pages, sends them: Pagefind's
  own index files are gzipped already), and the time from typing to the first result (cold: a fresh
  browser context; warm: a second query);
- browse: for each view in VIEWS, opened cold (a fresh context), the bytes of the browse index it
  fetches (and of Pagefind: none), as served and gzipped, the number of requests, and the time from
  navigation to its first results on screen; and the browse index on disk (files, bytes).
`--browse-only` skips MkDocs and Pagefind: `papercat generate`, then the browse page's HTML block in a
bare page with browse.js and browse-index/ (what the browse views read).
Targets: search (issue 11) 10,000 papers: first result <= 300 ms warm, <= 1 s cold, <= 300 KB per
query; 100,000: <= 1 s cold, <= 500 KB, whole build <= 20 minutes and < 12 GB. Browse: a filtered
view's first results <= 1 s cold at 100,000 papers with <= 500 kB fetched gzipped (<= 300 kB at
10,000), and nothing the first view fetches grows with the catalogue but the posting lists it names.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devkit.catalogues import make_catalogue  # noqa: E402
from devkit.synth import Synth  # noqa: E402

CHROMIUM = os.environ.get("PAPERCAT_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
QUERIES = ("operator", "residual network")
WORD = Synth(seed=3).vocab  # make_catalogue's words: the lower the rank, the more papers have it
VIEWS = {
    "the page's own first view": "",
    "one tag": "?tags=transformers",
    "two tags, all": "?tags=transformers,attention&match=all",
    "tag + years": "?tags=attention&from=2019&to=2021",
    "code + upvotes": "?code=1&sort=upvotes",
    "a word (23% of papers)": f"?words={WORD[50]}",
    "two words": f"?words={WORD[50]}+{WORD[300]}",
    "a word typed in part": f"?words={WORD[100][:5]}",
    "word + tag, upvotes": f"?words={WORD[100]}&tags=transformers&sort=upvotes",
}
INDEXES = ("/browse-index/", "/pagefind/")


def serve(root: Path) -> tuple[subprocess.Popen, str]:
    """A static server in its own process: in this one it would share the GIL with Playwright."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    return proc, f"http://127.0.0.1:{port}/papercat/"


def papercat(root: Path, command: str) -> float:
    """Seconds `papercat <command>` takes in the catalogue's folder."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "papercat.cli", command], cwd=root, check=True, env=env, stdout=subprocess.DEVNULL
    )
    return time.perf_counter() - t0


def build(root: Path) -> tuple[float, float, float]:
    """(whole build s, peak RSS GB of any child, Pagefind s): `papercat build`, then Pagefind alone again."""
    whole = papercat(root, "build")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1e6
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pagefind", "--site", "site", "--quiet"], cwd=root, check=True)
    return whole, peak, time.perf_counter() - t0


def bare_site(root: Path, www: Path) -> None:
    """The browse page without MkDocs: its HTML block in a bare page, with browse.js and the index."""
    docs = root / "docs"
    body = (docs / "browse.md").read_text(encoding="utf-8").split("\n# Browse\n", 1)[1]
    site = www / "papercat"
    (site / "browse").mkdir(parents=True)
    shutil.copytree(docs / "assets", site / "assets")
    shutil.copytree(docs / "browse-index", site / "browse-index")
    (site / "browse" / "index.html").write_text(
        f'<!doctype html><meta charset="utf-8"><title>Browse</title>{body}<script src="../assets/browse.js"></script>',
        encoding="utf-8",
    )


def sent(url: str, body: bytes) -> int:
    """Bytes a host that gzips text (GitHub Pages) sends: Pagefind's index files are gzipped already."""
    return len(gzip.compress(body, 6)) if url.split("?")[0].endswith((".js", ".json", ".css")) else len(body)


def query(browser, base: str) -> tuple[float, float, int, int]:
    """(cold ms, warm ms, bytes the cold query fetched as served, as a gzipping host sends them) in the
    header search, typing into the box."""
    context = browser.new_context()
    page = context.new_page()
    fetched: list[tuple[int, int]] = []
    page.goto(base + "about/")
    page.on(
        "response", lambda r: fetched.append((len(r.body()), sent(r.url, r.body()))) if "/pagefind/" in r.url else None
    )
    times = []
    for q in QUERIES:
        page.keyboard.press("Escape")
        page.keyboard.press("/")
        page.fill("#pc-search-input", "")
        start = page.evaluate("performance.now()")
        page.type("#pc-search-input", q)
        page.wait_for_function(
            "document.querySelector('#pc-search-results li') && "
            f"document.getElementById('pc-search-input').value === {q!r}",
            polling="raf",
            timeout=120_000,
        )
        times.append(page.evaluate("performance.now()") - start)
        if not times[1:]:
            cold = [sum(f[0] for f in fetched), sum(f[1] for f in fetched)]
    context.close()
    return times[0], times[1], cold[0], cold[1]


def browse(browser, base: str, view: str, sitemap: bool = True) -> tuple[float, int, int, int, str]:
    """(ms from navigation to the view's first results, bytes served, bytes gzipped, requests, count
    shown) for one browse view opened in a fresh context: only index files are counted, not the page.

    `sitemap=False` refuses sitemap.xml, which Material's instant navigation fetches and parses on
    every cold page (14 MB at 100,000 papers): what the view costs without that."""
    context = browser.new_context()
    page = context.new_page()
    if not sitemap:
        page.route("**/sitemap.xml*", lambda route: route.abort())
    bodies: list[tuple[str, bytes]] = []

    def seen(response) -> None:
        if any(part in response.url for part in INDEXES):
            bodies.append((response.url, response.body()))

    page.on("response", seen)
    page.goto(base + "browse/" + view, wait_until="commit")
    fresh = " && !b.dataset.fresh" if view else ""  # the default view is the page's own: nothing to fetch
    handle = page.wait_for_function(
        f"() => (b => b && !b.dataset.busy{fresh})(document.getElementById('pc-browse')) ? performance.now() : false",
        polling="raf",
        timeout=300_000,
    )
    took = handle.json_value()
    shown = page.inner_text("#pc-count")
    context.close()
    served = sum(len(b) for _, b in bodies)
    zipped = sum(sent(url, b) for url, b in bodies)
    return took, served, zipped, len(bodies), shown


def index_on_disk(folder: Path) -> str:
    files = [f for f in folder.rglob("*") if f.is_file()]
    size = sum(f.stat().st_size for f in files)
    zipped = sum(len(gzip.compress(f.read_bytes(), 6)) for f in files)
    return f"{len(files):,} files, {size / 1e6:.1f} MB ({zipped / 1e6:.1f} MB gzipped)"


def measure_browse(browser, base: str, n: int, views: dict[str, str], bare: bool) -> None:
    for name, view in views.items():
        runs = [browse(browser, base, view) for _ in range(3)]
        took = statistics.median(r[0] for r in runs)
        _, served, zipped, requests, shown = runs[0]
        count = re.match(r"\d+", shown)
        without = (
            "" if bare else f" {statistics.median(browse(browser, base, view, False)[0] for _ in range(3)):.0f} ms |"
        )
        print(
            f"| {n:,} | {name} (`{view}`) | {count.group(0) if count else shown} | {requests} | "
            f"{served / 1e3:.0f} kB | {zipped / 1e3:.0f} kB | {took:.0f} ms |{without}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, nargs="+", default=[400, 10000])
    parser.add_argument("--browse-only", action="store_true", help="generate only; no MkDocs, no Pagefind, no words")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    search_rows, browse_rows = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for n in args.papers:
            with tempfile.TemporaryDirectory() as tmp:
                root = Path(tmp) / "site"
                make_catalogue(root, n)
                www = Path(tmp) / "www"
                www.mkdir()
                if args.browse_only:
                    papercat(root, "ingest")
                    took = papercat(root, "generate")
                    bare_site(root, www)
                else:
                    whole, peak, indexing = build(root)
                    took = None
                    shutil.move(str(root / "site"), www / "papercat")
                server, base = serve(www)
                try:
                    on_disk = index_on_disk(www / "papercat" / "browse-index")
                    browse_rows.append(
                        f"{n:,} papers: browse index {on_disk}" + (f"; generate {took:.0f} s" if took else "")
                    )
                    print(f"# {browse_rows[-1]}", flush=True)
                    extra = "" if args.browse_only else " without sitemap.xml |"
                    print(f"| papers | view | count | requests | fetched | gzipped | first results, cold |{extra}")
                    print("|---|---|---|---|---|---|---|" + ("---|" if extra else ""))
                    measure_browse(browser, base, n, VIEWS, args.browse_only)
                    if not args.browse_only:
                        files = [f for f in (www / "papercat" / "pagefind").rglob("*") if f.is_file()]
                        pf_disk = sum(f.stat().st_size for f in files)
                        colds, warms, sizes, zipped = zip(*(query(browser, base) for _ in range(3)), strict=True)
                        search_rows.append(
                            f"| {n:,} | {whole:.0f} s | {peak:.1f} GB | {indexing:.0f} s | "
                            f"{pf_disk / 1e6:.1f} MB in {len(files):,} files | "
                            f"{statistics.median(sizes) / 1e3:.0f} kB ({statistics.median(zipped) / 1e3:.0f} kB) | "
                            f"{statistics.median(colds):.0f} / "
                            f"{statistics.median(warms):.0f} ms |"
                        )
                finally:
                    server.terminate()
                    server.wait()
        browser.close()
    if search_rows:
        print()
        print(
            "| papers | whole build | peak RSS | Pagefind indexing | Pagefind index | cold query: served (gzipped) "
            "| first result |"
        )
        print("|---|---|---|---|---|---|---|")
        print("\n".join(search_rows))


if __name__ == "__main__":
    main()
