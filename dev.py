#!/usr/bin/env python3
"""Set up a local virtual environment and run papercat in it: `python3 dev.py build` or `python3 dev.py test`.

Needs only Python >= 3.11 with pip/venv. The environment lives in .venv and is reinstalled when
pyproject.toml changes. Other arguments are passed on: `python3 dev.py test -k parse`,
`python3 dev.py papercat check`.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".papercat-installed"


def ensure_env() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be run by an older python3
        sys.exit(f"papercat needs Python >= 3.11 (this is {sys.version.split()[0]})")
    if not (BIN / "python").exists():
        print("dev.py: creating .venv", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == want:
        return
    print("dev.py: installing papercat and its test tools into .venv", flush=True)
    pip = [str(BIN / "python"), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(want)


def run(cmd: list[str]) -> int:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    return subprocess.call(cmd, cwd=ROOT, env=env)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"build", "test", "serve", "papercat", "bench"}:
        print(__doc__.strip())
        return 2
    ensure_env()
    what, rest = argv[0], argv[1:]
    if what == "test":
        return run([str(BIN / "python"), "-m", "pytest", *rest])
    if what == "papercat":
        return run([str(BIN / "papercat"), *rest])
    if what == "bench":
        return run([str(BIN / "python"), *rest])
    return run([str(BIN / "papercat"), what, *rest])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
