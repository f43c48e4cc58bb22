"""The generated pages are plain Markdown that any MkDocs-compatible builder reads: ProperDocs (the
maintained MkDocs fork) builds the same site as MkDocs, byte for byte but for the generator tag."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from devkit import DATA
from devkit.sites import build_site

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _pages(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): GENERATOR.sub(b"", p.read_bytes())
        for p in site.rglob("*")
        if p.is_file() and p.suffix in {".html", ".xml", ".js", ".css"} and "pagefind" not in p.parts
    }


def test_properdocs_builds_the_same_site(tmp_path: Path) -> None:
    mkdocs_site = build_site(tmp_path, DATA / "hostile")
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(tmp_path / "mkdocs.yml"), "-d", "pd"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )
    assert result.returncode == 0, result.stderr
    ours, theirs = _pages(mkdocs_site), _pages(tmp_path / "pd")
    assert sorted(ours) == sorted(theirs)
    assert [p for p in ours if ours[p] != theirs[p]] == []
