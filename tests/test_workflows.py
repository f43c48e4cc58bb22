"""The GitHub workflows: valid against GitHub's schema, clean under zizmor, pinned, least privilege,
and running the README's commands."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def tool(name: str) -> str:
    found = shutil.which(name) or str(Path(sys.executable).parent / name)
    assert Path(found).exists(), f"{name} is not installed (it is in the test extras)"
    return found


def load(path: Path) -> dict:
    return yaml.load(path.read_text(), Loader=yaml.BaseLoader)  # BaseLoader: `on:` stays a string key


def test_workflows_match_githubs_schema() -> None:
    files = [str(p) for p in WORKFLOWS]
    result = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *files],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    result = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.dependabot", str(ROOT / ".github" / "dependabot.yml")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing() -> None:
    result = subprocess.run(
        [tool("zizmor"), "--offline", "--persona", "auditor", str(ROOT / ".github")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_pinned_and_least_privilege(path: Path) -> None:
    text = path.read_text()
    for use in re.findall(r"uses:\s*(\S+)(.*)", text):
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", use[0]), use
        assert re.search(r"# v\d", use[1]), f"{use[0]}: keep the version in a comment"
    assert "pull_request_target" not in text
    data = load(path)
    assert data["permissions"] == {"contents": "read"}
    for job in data["jobs"].values():
        for step in job.get("steps", []):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] == "false"
            # untrusted values reach run: lines only through env
            assert "${{" not in step.get("run", ""), step


def test_only_the_deploy_job_may_write() -> None:
    pages = load(ROOT / ".github" / "workflows" / "pages.yml")
    assert pages["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert pages["jobs"]["deploy"]["environment"]["name"] == "github-pages"
    assert "permissions" not in pages["jobs"]["build"]
    assert pages["concurrency"] == {"group": "pages", "cancel-in-progress": "false"}
    ci = load(ROOT / ".github" / "workflows" / "ci.yml")
    assert all("permissions" not in job for job in ci["jobs"].values())


def test_workflows_run_the_readme_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    runs = [
        step.get("run", "")
        for path in WORKFLOWS
        for job in load(path)["jobs"].values()
        for step in job.get("steps", [])
    ]
    for command in ("python3 dev.py build", "python3 dev.py test"):
        assert command in readme
        assert any(command in run for run in runs), command
    assert (ROOT / ".ci" / "run").read_text().count("python3 dev.py test") == 1
