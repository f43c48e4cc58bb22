"""`papercat serve`: a live preview that regenerates pages when a paper file or tags.yml changes."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from .conftest import DATA, site_skeleton


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(predicate, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


def test_editing_a_paper_file_updates_the_served_page(tmp_path: Path) -> None:
    shutil.copytree(DATA / "hostile", tmp_path / "catalogue")
    site_skeleton(tmp_path)
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "papercat.cli", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/papercat/papers/latex/"
    try:
        assert wait_for(lambda: (fetch(url) or "").count("Plain") > 0), "the preview never served the page"
        assert "&lt;b&gt;Bold" not in (fetch(url) or "")
        paper = tmp_path / "catalogue" / "papers" / "latex.yaml"
        paper.write_text(paper.read_text().replace("tags:\n- plain\n", "tags:\n- plain\n- xss\n"))
        assert wait_for(lambda: "&lt;b&gt;Bold" in (fetch(url) or "")), "the page did not pick up the new tag"
    finally:
        proc.terminate()
        proc.wait(timeout=15)
