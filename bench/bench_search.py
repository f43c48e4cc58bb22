"""Benchmark search and browse on Pagefind: the whole build, the index, and queries in headless Chromium.

Run: python3 dev.py bench bench/bench_search.py [--papers 400 10000 100000]
For each size, a synthetic catalogue (realistic lengths, the shipped tags) is built with `papercat
build` (ingest, generate, mkdocs build --strict, Pagefind). Reported: the whole build's time and peak
memory (children included), Pagefind's indexing time, the index on disk (bytes and files), and, served
from 127.0.0.1 in headless Chromium, the bytes a cold visit fetches for one header-search query beyond
the page itself, the time from typing to the first result (cold: the first query of a fresh browser
context; warm: a second query on the same page), and the time until a browse filter shows its results.
Targets (issue 11): 10,000 papers: first result <= 300 ms warm, <= 1 s cold, <= 300 KB per query;
100,000 papers: <= 1 s cold, <= 500 KB per query, whole build <= 20 minutes and < 12 GB.
"""

from __future__ import annotations

import argparse
import os
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

CHROMIUM = os.environ.get("PAPERCAT_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
QUERIES = ("operator", "residual network")


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


def build(root: Path) -> tuple[float, float, float]:
    """(whole build s, peak RSS GB of any child, Pagefind s): `papercat build`, then Pagefind alone again."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "papercat.cli", "build"], cwd=root, check=True, env=env, stdout=subprocess.DEVNULL
    )
    whole = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1e6
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pagefind", "--site", "site", "--quiet"], cwd=root, check=True)
    return whole, peak, time.perf_counter() - t0


def query(browser, base: str) -> tuple[float, float, int]:
    """(cold ms, warm ms, bytes fetched by the cold query) in the header search, typing into the box."""
    context = browser.new_context()
    page = context.new_page()
    fetched: list[int] = []
    page.goto(base + "about/")
    page.on("response", lambda r: fetched.append(len(r.body())) if "/pagefind/" in r.url else None)
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
            cold_bytes = sum(fetched)
    context.close()
    return times[0], times[1], cold_bytes


def browse(browser, base: str) -> float:
    """ms from navigation to the results of a filtered browse view (tag + sort), cold."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "browse/?tags=transformers&sort=upvotes", wait_until="commit")
    handle = page.wait_for_function(
        "() => (b => b && !b.dataset.busy)(document.getElementById('pc-browse')) ? performance.now() : false",
        polling="raf",
        timeout=120_000,
    )
    took = handle.json_value()
    context.close()
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, nargs="+", default=[400, 10000])
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    print(
        "| papers | whole build | peak RSS | Pagefind indexing | index on disk | cold query: bytes | "
        "first result cold / warm | filtered browse view |"
    )
    print("|---|---|---|---|---|---|---|---|")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for n in args.papers:
            with tempfile.TemporaryDirectory() as tmp:
                root = Path(tmp) / "site"
                make_catalogue(root, n)
                whole, peak, indexing = build(root)
                files = [f for f in (root / "site" / "pagefind").rglob("*") if f.is_file()]
                on_disk = sum(f.stat().st_size for f in files)
                www = Path(tmp) / "www"
                www.mkdir()
                shutil.move(str(root / "site"), www / "papercat")
                server, base = serve(www)
                colds, warms, sizes = zip(*(query(browser, base) for _ in range(3)), strict=True)
                t_browse = statistics.median(browse(browser, base) for _ in range(3))
                server.terminate()
                server.wait()
                print(
                    f"| {n:,} | {whole:.0f} s | {peak:.1f} GB | {indexing:.0f} s | "
                    f"{on_disk / 1e6:.1f} MB in {len(files):,} files | "
                    f"{statistics.median(sizes) / 1e3:.0f} kB | {statistics.median(colds):.0f} / "
                    f"{statistics.median(warms):.0f} ms | {t_browse:.0f} ms |",
                    flush=True,
                )
        browser.close()


if __name__ == "__main__":
    main()
