"""Shared fixtures: small catalogues built from dicts and text, and the repository's own paths."""

from __future__ import annotations

from pathlib import Path

import pytest

# re-exported for test files written before devkit existed; new tests import from devkit
from devkit import DATA, ROOT, SEEDS, abstract, block_dump, site_skeleton  # noqa: F401
from papercat.files import Layout


@pytest.fixture
def catalogue(tmp_path: Path) -> Layout:
    """An empty catalogue folder with a dumps folder."""
    layout = Layout(tmp_path / "catalogue")
    layout.dumps.mkdir(parents=True)
    return layout
