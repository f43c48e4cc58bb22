#!/usr/bin/env python3
"""Set up a local virtual environment and run papercat in it: `python3 dev.py build` or `python3 dev.py test`.

Needs only Python >= 3.11 with pip/venv. The environment lives in .venv and is reinstalled when
pyproject.toml changes. Other arguments are passed on: `python3 dev.py test -k parse`,
`python3 dev.py papercat check`.

With PAPERCAT_LOCK=requirements/ci.txt (CI, the Pages workflow) .venv gets exactly the locked versions,
checked against their hashes. `python3 dev.py lock` refreshes the lock files from pyproject.toml
(`python3 dev.py lock --upgrade` moves every pin to the newest release).
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
LOCK_TOOLS = VENV / "lock-tools"  # pip-tools lives apart, so it never mixes with what the tests run on
# The lock files, pip-compile output from pyproject.toml with hashes: ci.txt (dependencies, test tools and
# the build backend) for CI, site.txt (dependencies and the build backend, at ci.txt's versions) for Pages.
LOCKS = {
    "requirements/ci.txt": ["--extra", "test"],
    "requirements/site.txt": ["--constraint", "requirements/ci.txt"],
}
PIP_COMPILE = [
    "--generate-hashes",
    "--allow-unsafe",  # pin setuptools too: it builds papercat itself
    "--all-build-deps",
    "--strip-extras",
    "--no-emit-index-url",
    "--no-emit-find-links",
    "--quiet",
]


def pip(python: Path) -> list[str]:
    return [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q"]


def ensure_env() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be run by an older python3
        sys.exit(f"papercat needs Python >= 3.11 (this is {sys.version.split()[0]})")
    if not (BIN / "python").exists():
        print("dev.py: creating .venv", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    lock = os.environ.get("PAPERCAT_LOCK", "")
    inputs = (ROOT / "pyproject.toml").read_bytes() + lock.encode() + (lock and (ROOT / lock).read_bytes() or b"")
    want = hashlib.sha256(inputs).hexdigest()
    if STAMP.exists() and STAMP.read_text() == want:
        return
    if lock:
        print(f"dev.py: installing the locked versions from {lock} into .venv", flush=True)
        subprocess.run([*pip(BIN / "python"), "--require-hashes", "-r", str(ROOT / lock)], check=True)
        subprocess.run([*pip(BIN / "python"), "--no-deps", "--no-build-isolation", "-e", str(ROOT)], check=True)
        # a dependency added to pyproject.toml but not to the lock shows here
        if subprocess.run([str(BIN / "python"), "-m", "pip", "check"]).returncode:
            sys.exit(f"dev.py: {lock} does not cover pyproject.toml: run `python3 dev.py lock` and commit it")
    else:
        print("dev.py: installing papercat and its test tools into .venv", flush=True)
        subprocess.run([*pip(BIN / "python"), "-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(want)


def lock(args: list[str]) -> int:
    """Regenerate the lock files with pip-compile, from PyPI alone (this machine's pip configuration aside)."""
    import platform

    if sys.platform != "linux" or platform.machine() != "x86_64" or sys.version_info[:2] not in {(3, 11), (3, 12)}:
        print("dev.py: warning: the locks are for CPython 3.11/3.12 on Linux x86_64 (CI's); resolving here may differ")
    python = LOCK_TOOLS / BIN.name / "python"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_") or k == "PIP_CERT"}
    env.update(PIP_CONFIG_FILE=os.devnull, CUSTOM_COMPILE_COMMAND="python3 dev.py lock")
    if not python.exists():
        print("dev.py: installing pip-tools into .venv/lock-tools", flush=True)
        venv.EnvBuilder(with_pip=True).create(LOCK_TOOLS)
        subprocess.run([*pip(python), "pip-tools>=7.4"], check=True, env=env)
    (ROOT / "requirements").mkdir(exist_ok=True)
    for output, extra in LOCKS.items():
        print(f"dev.py: resolving {output}", flush=True)
        command = [str(python), "-m", "piptools", "compile", *PIP_COMPILE, *extra, *args, "-o", output]
        code = subprocess.call([*command, "pyproject.toml"], cwd=ROOT, env=env)
        if code:
            return code
    return 0


def run(cmd: list[str]) -> int:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    return subprocess.call(cmd, cwd=ROOT, env=env)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"build", "test", "serve", "papercat", "bench", "lock"}:
        print(__doc__.strip())
        return 2
    what, rest = argv[0], argv[1:]
    if what == "lock":
        return lock(rest)
    ensure_env()
    if what == "test":
        return run([str(BIN / "python"), "-m", "pytest", *rest])
    if what == "papercat":
        return run([str(BIN / "papercat"), *rest])
    if what == "bench":
        return run([str(BIN / "python"), *rest])
    return run([str(BIN / "papercat"), what, *rest])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
