"""Benchmark the browse page and search in headless Chromium, on synthetic catalogues.

Run: python3 dev.py bench bench/bench_browse.py [--papers 400 10000] [--pagefind]
For each size: the browse index's size (bytes per paper, raw and gzipped), the search index's size,
and the time from navigation to the first rendered browse results and to the first search results
(median of 3 cold loads, served from 127.0.0.1). Targets at 10,000 papers: browse index <= 150 B per
paper gzipped, first browse results <= 300 ms, first search results <= 1 s. With --pagefind (needs
`pip install "pagefind[extended]"`), the same site is also indexed by Pagefind and its first query
timed, for comparison.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # devkit

from devkit.catalogues import make_catalogue  # noqa: E402

CHROMIUM = os.environ.get("PAPERCAT_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def sizes(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, 6))


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


def first(browser, url: str, condition: str, runs: int = 3) -> float:
    """Median ms from navigation start until `condition` (a JS expression) holds, over cold loads."""
    times = []
    for _ in range(runs):
        context = browser.new_context()
        page = context.new_page()
        page.goto(url, wait_until="commit")
        handle = page.wait_for_function(
            f"() => ({condition}) ? performance.now() : false", polling="raf", timeout=180_000
        )
        times.append(handle.json_value())
        context.close()
    return statistics.median(times)


def pagefind_first(browser, base: str) -> float:
    page_js = """async () => {
        const t0 = performance.now();
        const pf = await import('./pagefind/pagefind.js');
        const r = await pf.search('operator');
        await Promise.all(r.results.slice(0, 5).map(x => x.data()));
        return performance.now() - t0;
    }"""
    times = []
    for _ in range(3):
        context = browser.new_context()
        page = context.new_page()
        page.goto(base + "about/")
        times.append(page.evaluate(page_js.replace("./pagefind/", base + "pagefind/")))
        context.close()
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--papers", type=int, nargs="+", default=[400, 10000])
    parser.add_argument("--pagefind", action="store_true", help="also index with Pagefind and time a query")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    print(
        "| papers | browse index (raw / gzip, per paper) | search_index.json (raw / gzip) | "
        "first browse results | first search results |" + (" Pagefind first query |" if args.pagefind else "")
    )
    print("|---|---|---|---|---|" + ("---|" if args.pagefind else ""))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for n in args.papers:
            with tempfile.TemporaryDirectory() as tmp:
                root = Path(tmp) / "site"
                make_catalogue(root, n)
                env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
                subprocess.run(
                    [sys.executable, "-m", "papercat.cli", "build"],
                    cwd=root,
                    check=True,
                    env=env,
                    stdout=subprocess.DEVNULL,
                )
                www = Path(tmp) / "www"
                www.mkdir()
                shutil.copytree(root / "site", www / "papercat")
                browse_raw, browse_gz = sizes(www / "papercat" / "assets" / "browse-index.json")
                search_raw, search_gz = sizes(www / "papercat" / "search" / "search_index.json")
                server, base = serve(www)
                t_browse = first(browser, base + "browse/", "document.querySelector('#pc-results li')")
                t_search = first(browser, base + "?q=operator", "document.querySelector('a.md-search-result__link')")
                extra = ""
                if args.pagefind:
                    subprocess.run(
                        [sys.executable, "-m", "pagefind", "--site", str(www / "papercat")],
                        check=True,
                        stdout=subprocess.DEVNULL,
                    )
                    extra = f" {pagefind_first(browser, base):.0f} ms |"
                server.terminate()
                server.wait()
                print(
                    f"| {n:,} | {browse_raw / 1e3:.0f} kB / {browse_gz / 1e3:.0f} kB ({browse_raw / n:.0f} B / "
                    f"{browse_gz / n:.0f} B) | {search_raw / 1e6:.1f} MB / {search_gz / 1e6:.2f} MB | "
                    f"{t_browse:.0f} ms | {t_search:.0f} ms |{extra}",
                    flush=True,
                )
        browser.close()


if __name__ == "__main__":
    main()
