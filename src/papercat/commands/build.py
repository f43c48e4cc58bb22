"""`papercat build` and `serve` run the site builder (MkDocs, or another MkDocs-compatible one) on the pages."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from ..errors import PapercatError


def mkdocs_command(config_file: Path, *args: str) -> list[str]:
    """The builder's command line; PAPERCAT_MKDOCS names another MkDocs-compatible builder."""
    builder = os.environ.get("PAPERCAT_MKDOCS")
    base = shlex.split(builder) if builder else [sys.executable, "-m", "mkdocs"]
    return [*base, *args, "-f", str(config_file)]


def index_command(site_dir: Path) -> list[str]:
    """Pagefind's indexer over the built site: it reads the HTML, so it works after any builder.

    Only paper pages carry `data-pagefind-body`, so listing pages stay out of the index.
    """
    return [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--quiet"]


def run_indexer(site_dir: Path) -> int:
    """Index the built site for search; Pagefind's exit code."""
    import subprocess

    try:
        return subprocess.call(index_command(site_dir))
    except FileNotFoundError as exc:
        raise PapercatError(f"cannot run Pagefind: {exc}", hint='install papercat with "pagefind[extended]"') from None


def run_builder(config_file: Path, *args: str) -> int:
    """Run the site builder on the config (`build ...`, `serve ...`); its exit code."""
    import subprocess

    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    try:
        return subprocess.call(mkdocs_command(config_file, *args), env=env)
    except FileNotFoundError as exc:
        raise PapercatError(
            f"cannot run the site builder: {exc}", hint="install mkdocs, or set PAPERCAT_MKDOCS"
        ) from None
    except KeyboardInterrupt:
        return 130
