"""The code base stays ruff clean (lint and format), so style is checked where tests run."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from devkit import ROOT


@pytest.mark.parametrize("args", [["check"], ["format", "--check"]])
def test_ruff(args: list[str]) -> None:
    ruff = shutil.which("ruff") or str(__import__("pathlib").Path(sys.executable).parent / "ruff")
    result = subprocess.run(
        [ruff, *args, "src", "tests", "bench", "devkit", "dev.py"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
