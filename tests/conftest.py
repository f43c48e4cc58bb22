"""Shared fixtures: small catalogues built from dicts and text, and the repository's own paths."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

# re-exported for test files written before devkit existed; new tests import from devkit
from devkit import DATA, ROOT, SEEDS, abstract, block_dump, site_skeleton  # noqa: F401
from devkit.browser import launched
from devkit.sites import build_site
from papercat.files import Layout


@pytest.fixture
def catalogue(tmp_path: Path) -> Layout:
    """An empty catalogue folder with a dumps folder."""
    layout = Layout(tmp_path / "catalogue")
    layout.dumps.mkdir(parents=True)
    return layout


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped catalogue built strict, once for the whole run: the site tests and the seed browser
    tests read it (a build is about 10 s). Tests copy it to serve it; none writes into it."""
    return build_site(tmp_path_factory.mktemp("seed"), ROOT / "catalogue")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Chromium for one test file (skipped where Chromium or Playwright is missing)."""
    with launched() as b:
        yield b
