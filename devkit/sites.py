"""Sites for tests: golden files, a fixture site built strict with `papercat build`, and its links."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .fixtures import ROOT, site_skeleton

GOLDEN = ROOT / "tests" / "golden"
REGOLD = os.environ.get("PAPERCAT_REGOLD") == "1"


def golden(name: str, text: str) -> None:
    """Compare with tests/golden/NAME; PAPERCAT_REGOLD=1 rewrites it on purpose."""
    path = GOLDEN / name
    if REGOLD:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"differs from {path}; PAPERCAT_REGOLD=1 to accept"


def build_site(tmp_path: Path, catalogue: Path) -> Path:
    """A fixture site: the repository's mkdocs.yml and hand-written pages, the given catalogue."""
    shutil.copytree(catalogue, tmp_path / "catalogue", ignore=shutil.ignore_patterns(".cache"))
    site_skeleton(tmp_path)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "papercat.cli",
            "build",
            "--catalogue",
            str(tmp_path / "catalogue"),
            "-f",
            str(tmp_path / "mkdocs.yml"),
        ],
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return tmp_path / "site"


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of the article."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.depth = 0
        self.article: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "article":
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.article.append(data)


def parse(path: Path) -> Elements:
    parser = Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def internal_links(site: Path) -> list[tuple[Path, str]]:
    out = []
    for page in site.rglob("*.html"):
        for tag, attrs in parse(page).tags:
            href = attrs.get("href") if tag in {"a", "link"} else None
            if href and not urlsplit(href).scheme and not href.startswith(("#", "//", "mailto:")):
                out.append((page, href))
    return out


def assert_links_resolve(site: Path) -> int:
    broken = []
    links = internal_links(site)
    prefix = "/papercat/"  # the path of site_url in mkdocs.yml: 404.html links absolutely
    for page, href in links:
        path = unquote(urlsplit(href).path)
        base = page.parent
        if path.startswith(prefix):
            base, path = site, path[len(prefix) :]
        target = (base / path).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.exists():
            broken.append(f"{page.relative_to(site)} -> {href}")
    assert not broken, broken[:10]
    return len(links)
