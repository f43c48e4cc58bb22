"""The paper page in a real browser: "Copy BibTeX" puts the exact entry on the clipboard, the page never
scrolls sideways on a phone (a long BibTeX line scrolls inside its block), the note box is styled in both
palettes, provenance starts collapsed; screenshots at 1280 and 390 px in both palettes.

Same setup as tests/test_browser.py (Debian's Chromium, the site served on 127.0.0.1 under /papercat/,
a secure context, so the clipboard API is the one used), with a small fixture catalogue.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from devkit import DATA
from devkit.browser import artifacts_folder, chromium_or_skip, served
from devkit.papers import FCN, FCN_2, FULL
from devkit.sites import build_site
from papercat.model import Paper, Source
from papercat.paperfile import render_paper_yaml
from papercat.site import cite


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return artifacts_folder(tmp_path_factory.mktemp("artifacts"))


LONG = Paper(
    id="a-long-record",
    title="Supercalifragilisticexpialidociousnessofextraordinarilylongunbrokenwordsinpapertitles Revisited",
    authors=[f"Author{i} Withaveryveryverylongsurname{i}" for i in range(1, 15)],
    year=2024,
    arxiv="2401.00001",
    url="https://proceedings.example/" + "a-very-long-path-segment-without-any-break/" * 4 + "paper.pdf",
    abstract="An abstract.",
    notes="A note.",
    sources=[Source("2024_some_very_long_dump_file_name_without_spaces_at_all_0123456789abcdef.txt", 12345)],
)
PAPERS = [replace(FULL, tags=["plain"], abstract="We attend to things. " * 20), LONG, FCN, FCN_2]


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fixture catalogue of citable and same-title papers, built strict, served under /papercat/."""
    chromium_or_skip()
    work = tmp_path_factory.mktemp("paper-browser")
    catalogue = work / "fixture"
    (catalogue / "papers").mkdir(parents=True)
    for name in ("tags.yml", "topics.yml"):
        shutil.copy(DATA / "hostile" / name, catalogue / name)
    for paper in PAPERS:
        (catalogue / "papers" / f"{paper.id}.yaml").write_text(render_paper_yaml(paper), encoding="utf-8")
    (work / "build").mkdir()
    with served(build_site(work / "build", catalogue), work) as url:
        yield url


def open_page(browser, url: str, width: int, scheme: str = "light"):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    return context, page, errors


def test_copy_bibtex_puts_the_exact_entry_on_the_clipboard(browser, site_url: str) -> None:
    paper = PAPERS[0]
    context, page, errors = open_page(browser, f"{site_url}papers/{paper.id}/", 1280)
    button = page.get_by_role("button", name="Copy BibTeX")
    button.click()
    page.wait_for_function("document.querySelector('.pc-cite .pc-copy').textContent === 'Copied'")
    copied = page.evaluate("navigator.clipboard.readText()")
    want = cite.bibtex(paper, "", cite.keys(PAPERS)[paper.id])
    context.close()
    assert want and copied == want.rstrip()
    assert copied.startswith("@inproceedings{lovelace2017study,\n  author = {Ada Lovelace and <b>Eve</b> \\& Co")
    assert errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390])
def test_paper_pages_fit_and_read_in_both_palettes(
    browser, site_url: str, artifacts: Path, width: int, scheme: str
) -> None:
    for paper in PAPERS:
        context, page, errors = open_page(browser, f"{site_url}papers/{paper.id}/", width, scheme)
        state = page.evaluate("""() => {
            const lum = c => { const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => {
                v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
                return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
            const ratio = (a, b) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
            const bg = lum(getComputedStyle(document.body).backgroundColor);
            const note = document.querySelector('.pc-note');
            const code = document.querySelector('.pc-bibtex code');
            const provenance = document.querySelector('.pc-provenance');
            return {
                scroll: document.documentElement.scrollWidth, inner: innerWidth,
                note: note && [getComputedStyle(note).borderLeftColor, getComputedStyle(note).boxShadow,
                               ratio(lum(getComputedStyle(note.querySelector('.pc-notes')).color), bg)],
                facts: ratio(lum(getComputedStyle(document.querySelector('.pc-facts') || document.body).color), bg),
                code: code && [code.scrollWidth, code.clientWidth],
                open: provenance.open,
                sourcesShown: provenance.querySelector('.pc-sources').checkVisibility(),
            };
        }""")
        page.screenshot(path=str(artifacts / f"paper-{paper.id}-{width}-{scheme}.png"), full_page=True)
        context.close()
        assert state["scroll"] <= state["inner"], (paper.id, state)
        assert not state["open"] and not state["sourcesShown"], "provenance starts collapsed"
        assert state["facts"] >= 4.5, state
        if state["note"]:  # Material's admonition: a coloured edge, a shadow frame, readable text
            edge, shadow, contrast = state["note"]
            assert edge not in ("rgba(0, 0, 0, 0)", "transparent") and shadow != "none" and contrast >= 4.5, state
        if paper is LONG and width == 390:
            assert state["code"][0] > state["code"][1], "the long BibTeX line scrolls inside its own block"
        assert errors == []


def test_the_full_author_list_opens_on_demand(browser, site_url: str, artifacts: Path) -> None:
    context, page, errors = open_page(browser, f"{site_url}papers/{LONG.id}/", 390)
    full = page.locator("details.pc-authors > p")
    assert not full.is_visible()
    page.locator("details.pc-authors > summary").click()
    assert full.is_visible() and full.inner_text() == ", ".join(LONG.authors)
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    page.screenshot(path=str(artifacts / f"paper-{LONG.id}-authors-open-390.png"), full_page=False)
    context.close()
    assert errors == []
