"""Tag, topic and listing pages in a real browser: the tag id's copy button fills the clipboard, no page
scrolls sideways on a phone (all papers show their tags), no console errors; screenshots at both widths
in both palettes.

The seed site, built strict and served under a sub-path as in tests/test_browser.py (Debian's Chromium;
skipped with a hint without it, failing where PAPERCAT_REQUIRE_BROWSER=1).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from devkit import ROOT
from devkit.browser import artifacts_folder, chromium_or_skip, served
from papercat.vocabulary import load_vocabulary

PAGES = {
    "tag": "tags/mixture-of-experts/",
    "tags-index": "tags/",
    "topic": "topics/architectures/",
    "all-papers": "all-papers/",
}
"""The pages looked at, by screenshot name: a tag with aliases, a topic with tags of over ten papers."""


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return artifacts_folder(tmp_path_factory.mktemp("artifacts"))


@pytest.fixture(scope="module")
def site_url(seed_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seed site, built strict and served under /papercat/ on a free loopback port (a secure context,
    so the clipboard API is the one used)."""
    chromium_or_skip()
    with served(seed_site, tmp_path_factory.mktemp("browser-pages")) as url:
        yield url


@contextmanager
def opened(browser, width: int, scheme: str = "light") -> Iterator[object]:
    """A page in a fresh context that may use the clipboard; fails the test on any console error."""
    context = browser.new_context(
        viewport={"width": width, "height": 900 if width > 800 else 844},
        color_scheme=scheme,
        permissions=["clipboard-read", "clipboard-write"],
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: errors.append(f"request failed: {r.url}"))
    page.on("response", lambda r: errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    try:
        yield page
    finally:
        context.close()
    assert errors == [], errors


@pytest.fixture
def page(browser) -> Iterator[object]:
    with opened(browser, 1280) as pg:
        yield pg


def copy_and_read(page, button: str) -> str:
    page.click(button)
    page.wait_for_function("b => document.querySelector(b).textContent === 'Copied'", arg=button)
    return page.evaluate("navigator.clipboard.readText()")


def test_copy_button_copies_the_tag_id(page, site_url: str) -> None:
    page.goto(f"{site_url}tags/mixture-of-experts/")
    button = ".pc-tag-id button.pc-copy"
    assert page.get_attribute(button, "aria-label") == "Copy tag id mixture-of-experts"
    assert copy_and_read(page, button) == "mixture-of-experts"
    aliases = load_vocabulary((ROOT / "catalogue" / "tags.yml").read_text()).tags["mixture-of-experts"].aliases
    assert page.inner_text(".pc-aliases") == "Also called " + ", ".join(aliases)


def test_tags_index_copies_each_rows_id(page, site_url: str) -> None:
    page.goto(f"{site_url}tags/")
    assert copy_and_read(page, 'button.pc-copy[data-copy="state-space-models"]') == "state-space-models"
    assert copy_and_read(page, 'button.pc-copy[data-copy="attention"]') == "attention"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390])
def test_no_sideways_scroll_and_screenshots(browser, site_url: str, artifacts: Path, width: int, scheme: str) -> None:
    with opened(browser, width, scheme) as page:
        for name, path in PAGES.items():
            page.goto(site_url + path)
            scroll, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
            assert scroll <= inner, f"{path} scrolls sideways at {width} px: {scroll} > {inner}"
            page.screenshot(path=str(artifacts / f"{name}-{width}-{scheme}.png"))
        # all papers: the first row's tags are on screen, not in a column scrolled out of view
        page.goto(f"{site_url}all-papers/")
        box = page.locator(".pc-all-papers tbody tr >> nth=0").locator("td >> nth=2").bounding_box()
        assert box and box["width"] > 0 and box["x"] >= 0 and box["x"] + box["width"] <= width, box
