"""What the browser tests share: Debian's Chromium (never a downloaded browser) and its flags, the
sub-path the site is served under, a quiet loopback server for a built site, and the screenshots folder."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = os.environ.get("PAPERCAT_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PREFIX = "/papercat/"
"""The sub-path sites are served under, as on GitHub Pages."""


def chromium_or_skip() -> str:
    """The Chromium to drive; without one, skip the test with a hint, or fail it where
    PAPERCAT_REQUIRE_BROWSER=1 (CI)."""
    import pytest

    if Path(CHROMIUM).exists():
        return CHROMIUM
    message = (
        f"no Chromium at {CHROMIUM}: install Debian's with `apt-get install chromium` "
        "(or set PAPERCAT_CHROMIUM); browsers are never downloaded"
    )
    if os.environ.get("PAPERCAT_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


@contextmanager
def launched() -> Iterator[object]:
    """Chromium launched headless through Playwright (a test extra: skipped where it is missing)."""
    import pytest

    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extras")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_or_skip(), args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def served(site: Path, work: Path) -> Iterator[str]:
    """The built `site` copied under `work`/www at PREFIX and served on a free loopback port (a secure
    context, so the clipboard API is the one used); yields the site's address."""
    root = work / "www"
    root.mkdir()
    shutil.copytree(site, root / PREFIX.strip("/"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    finally:
        server.shutdown()


def artifacts_folder(fallback: Path) -> Path:
    """Where screenshots go: $PAPERCAT_ARTIFACTS (CI uploads it), else `fallback`; never the repository."""
    folder = os.environ.get("PAPERCAT_ARTIFACTS")
    if not folder:
        return fallback
    Path(folder).mkdir(parents=True, exist_ok=True)
    return Path(folder)
